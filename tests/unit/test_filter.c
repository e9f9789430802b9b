/* Unit tests for butter.c, sosfilt.c, filter.c, savgol.c and residual.c:
 * scipy reference vectors (tests/data/filter_*.txt, made by
 * tests/data/gen_filter.py) and closed-form checks. */
#include <complex.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"

#ifndef M_PI
#  define M_PI 3.14159265358979323846
#endif

/* ------------------------------------------------ the shared test signals */

/* splitmix64, as SplitMix64 in gen_filter.py: the inputs are regenerated
 * bit for bit instead of being stored. */
static uint64_t sm_state;

static double sm_uniform(void) {
  uint64_t z = (sm_state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  z ^= z >> 31;
  return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

static void signal_walk(uint64_t seed, size_t n, double *x) {
  double walk = 0;
  size_t i;
  sm_state = seed;
  for (i = 0; i < n; i++) {
    double u1 = sm_uniform(), u2 = sm_uniform();
    walk = walk + (u1 - 0.5);
    x[i] = 30.0 + 5.0 * walk + (u2 - 0.5);
  }
}

static void signal_sines(uint64_t seed, size_t n, double fs, double sd, double *x) {
  double amp = sd * sqrt(12.0);
  size_t i;
  sm_state = seed;
  for (i = 0; i < n; i++) {
    double t = (double)i / fs;
    double s = 10.0 * sin(2 * M_PI * 1.0 * t) + 5.0 * sin(2 * M_PI * 2.5 * t + 0.3);
    x[i] = s + amp * (sm_uniform() - 0.5);
  }
}

/* ------------------------------------------------------ reading records */

typedef struct record {
  char kind[16];
  double v[4096];
  size_t n;
} record;

static FILE *open_data(const char *name) {
  char path[1024];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", HINGE_TEST_DATA, name);
  f = fopen(path, "r");
  cr_assert(f != NULL, "cannot open %s", path);
  return f;
}

/* Next record of file f; 0 at the end.  Comments (#) are skipped. */
static int next_record(FILE *f, record *r) {
  static char line[1 << 17];
  char *p, *end;
  while (fgets(line, sizeof line, f) != NULL) {
    if (line[0] == '#' || line[0] == '\n') continue;
    p = line;
    sscanf(p, "%15s", r->kind);
    p += strlen(r->kind);
    r->n = 0;
    for (;;) {
      double d = strtod(p, &end);
      if (end == p) break;
      cr_assert(r->n < sizeof r->v / sizeof r->v[0], "record too long");
      r->v[r->n++] = d;
      p = end;
    }
    return 1;
  }
  return 0;
}

/* Elementwise relative error against ref, NaN where ref is NaN; the
 * worst one. */
static double worst_rel(const double *got, const double *ref, size_t n, double floor_) {
  double worst = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    double e;
    if (isnan(ref[i])) {
      cr_assert(isnan(got[i]), "sample %zu: want NaN, got %.17g", i, got[i]);
      continue;
    }
    e = fabs(got[i] - ref[i]) / fmax(fabs(ref[i]), floor_);
    if (e > worst || isnan(e)) worst = isnan(e) ? INFINITY : e;
  }
  return worst;
}

static double max_abs(const double *x, size_t n) {
  double m = 0;
  size_t i;
  for (i = 0; i < n; i++)
    if (fabs(x[i]) > m) m = fabs(x[i]);
  return m;
}

static void set_gaps(double *x, const double *spec, size_t ngaps) {
  size_t g, i;
  for (g = 0; g < ngaps; g++)
    for (i = 0; i < (size_t)spec[2 * g + 1]; i++) x[(size_t)spec[2 * g] + i] = NAN;
}

/* --------------------------------------------------- design and filtering */

Test(butter, should_match_scipy_designs_section_by_section) {
  FILE *f = open_data("filter_butter.txt");
  record r;
  int count = 0;
  while (next_record(f, &r)) {
    int N = (int)r.v[0], ns = -1, k;
    double fc = r.v[1], fs = r.v[2], sos[6 * HINGE_SOS_MAX_SECTIONS];
    const double *want = r.v + 4;
    cr_assert_eq(hinge_butter_sos(N, fc, fs, sos, &ns, NULL), HINGE_OK);
    cr_assert_eq(ns, (int)r.v[3], "N=%d: %d sections, scipy has %g", N, ns, r.v[3]);
    for (k = 0; k < 6 * ns; k++)
      cr_assert(fabs(sos[k] - want[k]) <= 1e-13 * max_abs(want, 6 * (size_t)ns),
                "N=%d fc=%g fs=%g coefficient %d: %.17g, scipy %.17g", N, fc, fs, k, sos[k], want[k]);
    count++;
  }
  fclose(f);
  cr_assert_eq(count, 96);
}

/* Filter one record's regenerated input as `kind` says; y gets n samples. */
static void run_lowpass_record(const record *r, double *y) {
  double x[4096], sos[6 * HINGE_SOS_MAX_SECTIONS];
  size_t n = (size_t)r->v[1];
  int N = (int)r->v[2], ns;
  double fc = r->v[3], fs = r->v[4];
  hinge_error e;
  signal_walk((uint64_t)r->v[0], n, x);
  cr_assert_eq(hinge_butter_sos(N, fc, fs, sos, &ns, NULL), HINGE_OK);
  if (strcmp(r->kind, "sosfilt") == 0) {
    cr_assert_eq(hinge_sosfilt(sos, ns, x, y, n, 1, &e), HINGE_OK, "%s", e.message);
  } else if (strcmp(r->kind, "sosfiltfilt") == 0) {
    cr_assert_eq(hinge_sosfiltfilt(sos, ns, x, y, n, HINGE_PADLEN_DEFAULT, NULL, &e), HINGE_OK,
                 "%s", e.message);
  } else if (strcmp(r->kind, "padded") == 0) {
    cr_assert_eq(hinge_sosfiltfilt(sos, ns, x, y, n, (size_t)r->v[5], NULL, &e), HINGE_OK,
                 "%s", e.message);
  } else {
    hinge_lowpass_opts o;
    hinge_lowpass_opts_init(&o);
    o.cutoff_hz = fc;
    o.fs = fs;
    o.order = N;
    o.zero_phase = (int)r->v[5];
    set_gaps(x, r->v + 7, (size_t)r->v[6]);
    cr_assert_eq(hinge_lowpass(x, y, n, &o, NULL, NULL, &e), HINGE_OK, "%s", e.message);
  }
}

/* Where a record's expected output starts. */
static const double *lowpass_expected(const record *r) {
  if (strcmp(r->kind, "padded") == 0) return r->v + 6;
  if (strcmp(r->kind, "lowpass") == 0) return r->v + 7 + 2 * (size_t)r->v[6];
  return r->v + 5;
}

Test(sosfiltfilt, should_match_scipy_on_random_signals_to_1e_9) {
  FILE *f = open_data("filter_lowpass.txt");
  record r;
  int counts[4] = {0, 0, 0, 0};
  double worst = 0;
  while (next_record(f, &r)) {
    double y[4096], e;
    size_t n = (size_t)r.v[1];
    run_lowpass_record(&r, y);
    e = worst_rel(y, lowpass_expected(&r), n, 0);
    cr_assert(e <= 1e-9, "%s seed %g N=%g fc=%g fs=%g: relative error %g", r.kind, r.v[0], r.v[2],
              r.v[3], r.v[4], e);
    if (e > worst) worst = e;
    counts[strcmp(r.kind, "sosfilt") == 0 ? 0 : strcmp(r.kind, "sosfiltfilt") == 0 ? 1
           : strcmp(r.kind, "padded") == 0 ? 2 : 3]++;
  }
  fclose(f);
  cr_log_info("worst relative error over the lowpass vectors: %g", worst);
  cr_assert_eq(counts[0], 28, "causal records");
  cr_assert_eq(counts[1], 31, "zero-phase records");
  cr_assert_eq(counts[2], 3, "explicit padlen records");
  cr_assert_eq(counts[3], 3, "records with missing samples");
}

/* H(e^{jw}) of a cascade at frequency f. */
static double complex response(const double *sos, int ns, double f, double fs) {
  double complex z1 = cexp(-I * 2 * M_PI * f / fs), h = 1;
  int s;
  for (s = 0; s < ns; s++) {
    const double *c = sos + 6 * s;
    h *= (c[0] + c[1] * z1 + c[2] * z1 * z1) / (c[3] + c[4] * z1 + c[5] * z1 * z1);
  }
  return h;
}

Test(butter, dc_gain_should_be_one_and_cutoff_gain_one_over_sqrt2) {
  double rates[] = {50, 100, 333, 1000}, fracs[] = {0.01, 0.06, 0.2, 0.4};
  int N, i, j;
  for (N = 1; N <= HINGE_BUTTER_MAX_ORDER; N++)
    for (i = 0; i < 4; i++)
      for (j = 0; j < 4; j++) {
        double sos[6 * HINGE_SOS_MAX_SECTIONS], fs = rates[i], fc = fracs[j] * fs;
        int ns;
        cr_assert_eq(hinge_butter_sos(N, fc, fs, sos, &ns, NULL), HINGE_OK);
        cr_assert(fabs(cabs(response(sos, ns, 0, fs)) - 1) < 1e-12, "DC gain N=%d fc=%g", N, fc);
        /* -3 dB per pass, so -6 dB for the zero-phase pair */
        cr_assert(fabs(cabs(response(sos, ns, fc, fs)) - sqrt(0.5)) < 1e-12,
                  "|H(fc)| N=%d fc=%g fs=%g: %.15g", N, fc, fs, cabs(response(sos, ns, fc, fs)));
        cr_assert(cabs(response(sos, ns, fs / 2 * 0.999, fs)) < cabs(response(sos, ns, fc, fs)));
      }
}

Test(lowpass, a_slow_sine_should_pass_zero_phase_unchanged) {
  enum { n = 2000 };
  static double x[n], y[n];
  double fs = 100, f = 0.5, sos[6 * HINGE_SOS_MAX_SECTIONS], gain;
  hinge_lowpass_opts o;
  int ns;
  size_t i;
  for (i = 0; i < n; i++) x[i] = 10 * sin(2 * M_PI * f * (double)i / fs + 0.4);
  hinge_lowpass_opts_init(&o);
  o.fs = fs;
  cr_assert_eq(hinge_lowpass(x, y, n, &o, NULL, NULL, NULL), HINGE_OK);
  hinge_butter_sos(2, 6, fs, sos, &ns, NULL);
  gain = cabs(response(sos, ns, f, fs));
  gain *= gain; /* two passes; no phase shift, so y = gain * x away from the ends */
  for (i = 300; i < n - 300; i++)
    cr_assert(fabs(y[i] - gain * x[i]) < 1e-9, "sample %zu: %.12g vs %.12g", i, y[i], gain * x[i]);
  cr_assert(fabs(gain - 1) < 1e-4, "a 0.5 Hz sine should pass a 6 Hz low-pass: gain %g", gain);
}

Test(lowpass, a_sine_at_the_cutoff_should_come_out_at_half_amplitude) {
  enum { n = 4000 };
  static double x[n], y[n];
  hinge_lowpass_opts o;
  double peak = 0;
  size_t i;
  hinge_lowpass_opts_init(&o);
  o.fs = 200;
  o.cutoff_hz = 10;
  for (i = 0; i < n; i++) x[i] = sin(2 * M_PI * 10 * (double)i / o.fs);
  cr_assert_eq(hinge_lowpass(x, y, n, &o, NULL, NULL, NULL), HINGE_OK);
  for (i = 1000; i < n - 1000; i++)
    if (fabs(y[i]) > peak) peak = fabs(y[i]);
  cr_assert(fabs(peak - 0.5) < 1e-3, "zero-phase gain at fc: %g, want 0.5 (-6 dB)", peak);
}

Test(lowpass, winter_correction_should_put_the_two_pass_3db_point_near_the_cutoff) {
  hinge_lowpass_opts o;
  double sos[6 * HINGE_SOS_MAX_SECTIONS], g;
  int ns;
  cr_assert(fabs(hinge_winter_correction(2, 2) - 0.8022) < 1e-4);
  cr_assert(fabs(hinge_winter_correction(4, 1) - 1) < 1e-15);
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  o.correct_cutoff = 1;
  cr_assert(fabs(hinge_lowpass_design_cutoff(&o) - 6 / 0.80224) < 1e-3);
  hinge_butter_sos(2, hinge_lowpass_design_cutoff(&o), o.fs, sos, &ns, NULL);
  g = cabs(response(sos, ns, 6, o.fs));
  /* exact for the analog prototype; the bilinear warping moves it a little */
  cr_assert(fabs(g * g - sqrt(0.5)) < 0.01, "two-pass gain at 6 Hz: %g", g * g);
  o.zero_phase = 0; /* one pass needs no correction */
  cr_assert_eq(hinge_lowpass_design_cutoff(&o), 6.0);
}

Test(sosfilt, steady_state_start_should_have_no_transient_on_a_constant) {
  double x[50], y[50], sos[6 * HINGE_SOS_MAX_SECTIONS];
  int ns, i, N;
  for (N = 1; N <= 8; N++) {
    hinge_butter_sos(N, 5, 100, sos, &ns, NULL);
    for (i = 0; i < 50; i++) x[i] = 42.5;
    cr_assert_eq(hinge_sosfilt(sos, ns, x, y, 50, 1, NULL), HINGE_OK);
    for (i = 0; i < 50; i++) cr_assert(fabs(y[i] - 42.5) < 1e-10, "N=%d sample %d: %.15g", N, i, y[i]);
    cr_assert_eq(hinge_sosfilt(sos, ns, x, y, 50, 0, NULL), HINGE_OK);
    cr_assert(fabs(y[0] - 42.5) > 1, "from rest the output should start near 0");
  }
}

Test(sosfilt, zi_should_be_the_state_a_unit_step_settles_in) {
  double sos[6 * HINGE_SOS_MAX_SECTIONS], zi[2 * HINGE_SOS_MAX_SECTIONS], x[5000], y[5000];
  double zi_cpy[2 * HINGE_SOS_MAX_SECTIONS];
  int ns, s, i;
  hinge_butter_sos(5, 12, 100, sos, &ns, NULL);
  cr_assert_eq(hinge_sosfilt_zi(sos, ns, zi, NULL), HINGE_OK);
  memcpy(zi_cpy, zi, sizeof zi);
  for (i = 0; i < 5000; i++) x[i] = 1;
  /* a constant 1 from steady state stays 1 through every section */
  cr_assert_eq(hinge_sosfilt(sos, ns, x, y, 5000, 1, NULL), HINGE_OK);
  cr_assert(fabs(y[4999] - 1) < 1e-12);
  for (s = 0; s < 2 * ns; s++) cr_assert(isfinite(zi_cpy[s]));
}

/* --------------------------------------------------------- Savitzky-Golay */

Test(savgol, should_match_scipy_interp_mode_with_derivatives) {
  FILE *f = open_data("filter_savgol.txt");
  record r;
  int count = 0, coeffs = 0;
  while (next_record(f, &r)) {
    if (strcmp(r.kind, "savgol") == 0) {
      double x[4096], y[4096], e;
      size_t n = (size_t)r.v[1], ngaps = (size_t)r.v[6];
      const double *want = r.v + 7 + 2 * ngaps;
      hinge_savgol_opts o;
      hinge_error err;
      hinge_savgol_opts_init(&o);
      o.window = (int)r.v[2];
      o.polyorder = (int)r.v[3];
      o.deriv = (int)r.v[4];
      o.fs = r.v[5];
      signal_walk((uint64_t)r.v[0], n, x);
      set_gaps(x, r.v + 7, ngaps);
      cr_assert_eq(hinge_savgol(x, y, n, &o, NULL, NULL, &err), HINGE_OK, "%s", err.message);
      /* derivatives cross zero: relative to the trace's largest value */
      e = worst_rel(y, want, n, o.deriv ? max_abs(want, n) : 0);
      cr_assert(e <= 1e-9, "W=%d P=%d D=%d fs=%g: relative error %g", o.window, o.polyorder,
                o.deriv, o.fs, e);
      count++;
    } else {
      int W = (int)r.v[0], P = (int)r.v[1], D = (int)r.v[2];
      double c[128];
      cr_assert_eq(hinge_savgol_coeffs(W, P, D, 1.0, c, NULL, NULL), HINGE_OK);
      cr_assert(worst_rel(c, r.v + 3, (size_t)W, max_abs(r.v + 3, (size_t)W)) < 1e-12,
                "W=%d P=%d D=%d weights differ from the exact ones", W, P, D);
      coeffs++;
    }
  }
  fclose(f);
  cr_assert_eq(count, 27);
  cr_assert_eq(coeffs, 6);
}

Test(savgol, should_reproduce_polynomials_exactly) {
  /* a cubic is its own least-squares fit: smoothing keeps it, derivatives
   * are the analytic ones, at the edges too */
  double x[60], y[60], fs = 50;
  hinge_savgol_opts o;
  int i, d;
  for (i = 0; i < 60; i++) {
    double t = i / fs;
    x[i] = 2 - 3 * t + 0.5 * t * t + 4 * t * t * t;
  }
  hinge_savgol_opts_init(&o);
  o.window = 9;
  o.polyorder = 3;
  o.fs = fs;
  for (d = 0; d <= 3; d++) {
    o.deriv = d;
    cr_assert_eq(hinge_savgol(x, y, 60, &o, NULL, NULL, NULL), HINGE_OK);
    for (i = 0; i < 60; i++) {
      double t = i / fs;
      double want = d == 0 ? x[i] : d == 1 ? -3 + t + 12 * t * t : d == 2 ? 1 + 24 * t : 24;
      cr_assert(fabs(y[i] - want) < 1e-8 * fmax(1, fabs(want)), "deriv %d sample %d: %.15g vs %.15g",
                d, i, y[i], want);
    }
  }
}

/* ----------------------------------------------------------- missing data */

Test(lowpass, should_filter_each_run_and_report_dropped_runs) {
  double x[60], y[60];
  hinge_lowpass_opts o;
  hinge_filter_report rep;
  int i;
  signal_walk(7, 60, x);
  x[20] = NAN;     /* runs: 0..19 (20), 21..24 (4: too short), 26..59 (34) */
  x[25] = INFINITY; /* infinities count as missing */
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  cr_assert_eq(hinge_lowpass(x, y, 60, &o, &rep, NULL, NULL), HINGE_OK);
  cr_assert_eq(rep.runs, 3);
  cr_assert_eq(rep.runs_filtered, 2);
  cr_assert_eq(rep.runs_dropped, 1);
  cr_assert_eq(rep.samples_dropped, 4);
  cr_assert_eq(rep.min_length, 10);
  for (i = 20; i <= 25; i++) cr_assert(isnan(y[i]), "sample %d should be NaN", i);
  for (i = 0; i < 20; i++) cr_assert(isfinite(y[i]));
  for (i = 26; i < 60; i++) cr_assert(isfinite(y[i]));
  /* the run before the gap is filtered as a signal of its own */
  {
    double z[20];
    hinge_lowpass(x, z, 20, &o, NULL, NULL, NULL);
    for (i = 0; i < 20; i++) cr_assert_eq(z[i], y[i]);
  }
}

Test(lowpass, all_nan_should_give_all_nan_and_empty_should_be_ok) {
  double x[5] = {NAN, NAN, NAN, NAN, NAN}, y[5];
  hinge_lowpass_opts o;
  hinge_filter_report rep;
  int i;
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  cr_assert_eq(hinge_lowpass(x, y, 5, &o, &rep, NULL, NULL), HINGE_OK);
  for (i = 0; i < 5; i++) cr_assert(isnan(y[i]));
  cr_assert_eq(rep.runs, 0);
  cr_assert_eq(hinge_lowpass(x, y, 0, &o, NULL, NULL, NULL), HINGE_OK);
}

Test(lowpass, a_signal_shorter_than_the_padding_should_be_etooshort_naming_lengths) {
  double x[9], y[9];
  hinge_lowpass_opts o;
  hinge_error e;
  signal_walk(3, 9, x);
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  cr_assert_eq(hinge_lowpass_min_length(&o), 10);
  cr_assert_eq(hinge_lowpass(x, y, 9, &o, NULL, NULL, &e), HINGE_ETOOSHORT);
  cr_assert(strstr(e.message, "9 samples") != NULL && strstr(e.message, "at least 10") != NULL, "%s", e.message);
  x[4] = NAN;
  cr_assert_eq(hinge_lowpass(x, y, 9, &o, NULL, NULL, &e), HINGE_ETOOSHORT);
  cr_assert(strstr(e.message, "longest run") != NULL && strstr(e.message, "4 samples") != NULL, "%s", e.message);
  o.zero_phase = 0; /* causal filtering takes any length */
  cr_assert_eq(hinge_lowpass(x, y, 9, &o, NULL, NULL, &e), HINGE_OK);
  {
    double sos[6 * HINGE_SOS_MAX_SECTIONS];
    int ns;
    hinge_butter_sos(2, 6, 100, sos, &ns, NULL);
    cr_assert_eq(hinge_sosfiltfilt(sos, ns, x, y, 9, HINGE_PADLEN_DEFAULT, NULL, &e), HINGE_ETOOSHORT);
    cr_assert(strstr(e.message, "9 samples") != NULL && strstr(e.message, "at least 10") != NULL, "%s", e.message);
  }
}

Test(savgol, short_runs_should_become_nan_and_too_short_should_fail) {
  double x[30], y[30];
  hinge_savgol_opts o;
  hinge_filter_report rep;
  hinge_error e;
  int i;
  signal_walk(11, 30, x);
  hinge_savgol_opts_init(&o);
  o.window = 7;
  x[5] = NAN; /* runs of 5 (dropped) and 24 */
  cr_assert_eq(hinge_savgol(x, y, 30, &o, &rep, NULL, NULL), HINGE_OK);
  cr_assert_eq(rep.runs_dropped, 1);
  for (i = 0; i < 6; i++) cr_assert(isnan(y[i]));
  for (i = 6; i < 30; i++) cr_assert(isfinite(y[i]));
  cr_assert_eq(hinge_savgol(x, y, 6, &o, NULL, NULL, &e), HINGE_ETOOSHORT);
  cr_assert(strstr(e.message, "at least 7") != NULL, "%s", e.message);
}

Test(filter, in_place_should_equal_out_of_place) {
  double x[200], a[200], b[200];
  hinge_lowpass_opts lo;
  hinge_savgol_opts so;
  int i, zp;
  signal_walk(99, 200, x);
  x[50] = NAN;
  hinge_lowpass_opts_init(&lo);
  lo.fs = 100;
  for (zp = 0; zp <= 1; zp++) {
    lo.zero_phase = zp;
    memcpy(b, x, sizeof x);
    cr_assert_eq(hinge_lowpass(x, a, 200, &lo, NULL, NULL, NULL), HINGE_OK);
    cr_assert_eq(hinge_lowpass(b, b, 200, &lo, NULL, NULL, NULL), HINGE_OK);
    for (i = 0; i < 200; i++) cr_assert(a[i] == b[i] || (isnan(a[i]) && isnan(b[i])));
  }
  hinge_savgol_opts_init(&so);
  so.window = 11;
  so.polyorder = 3;
  so.deriv = 1;
  so.fs = 100;
  memcpy(b, x, sizeof x);
  cr_assert_eq(hinge_savgol(x, a, 200, &so, NULL, NULL, NULL), HINGE_OK);
  cr_assert_eq(hinge_savgol(b, b, 200, &so, NULL, NULL, NULL), HINGE_OK);
  for (i = 0; i < 200; i++) cr_assert(a[i] == b[i] || (isnan(a[i]) && isnan(b[i])));
}

/* ------------------------------------------------------- invalid arguments */

static void expect_einval(int rc, const hinge_error *e, const char *needle) {
  cr_assert_eq(rc, HINGE_EINVAL);
  cr_assert_eq(e->code, HINGE_EINVAL);
  cr_assert(strstr(e->message, needle) != NULL, "message '%s' should mention '%s'", e->message, needle);
}

Test(filter, invalid_arguments_should_be_einval_with_a_message) {
  double sos[6 * HINGE_SOS_MAX_SECTIONS], x[100] = {0}, y[100];
  hinge_lowpass_opts o;
  hinge_savgol_opts s;
  hinge_error e;
  expect_einval(hinge_butter_sos(2, 50, 100, sos, NULL, &e), &e, "below fs/2");
  expect_einval(hinge_butter_sos(2, 60, 100, sos, NULL, &e), &e, "below fs/2");
  expect_einval(hinge_butter_sos(0, 6, 100, sos, NULL, &e), &e, "order");
  expect_einval(hinge_butter_sos(9, 6, 100, sos, NULL, &e), &e, "order");
  expect_einval(hinge_butter_sos(2, 6, 0, sos, NULL, &e), &e, "sample rate");
  expect_einval(hinge_butter_sos(2, 6, -100, sos, NULL, &e), &e, "sample rate");
  expect_einval(hinge_butter_sos(2, 0, 100, sos, NULL, &e), &e, "cutoff");
  hinge_lowpass_opts_init(&o);
  expect_einval(hinge_lowpass(x, y, 100, &o, NULL, NULL, &e), &e, "sample rate");
  o.fs = 100;
  o.cutoff_hz = 50;
  expect_einval(hinge_lowpass(x, y, 100, &o, NULL, NULL, &e), &e, "cutoff");
  o.cutoff_hz = 45;
  o.correct_cutoff = 1; /* 45 / 0.802 is above 50 */
  expect_einval(hinge_lowpass(x, y, 100, &o, NULL, NULL, &e), &e, "corrected");
  o.correct_cutoff = 0;
  o.cutoff_hz = 6;
  o.order = 9;
  expect_einval(hinge_lowpass(x, y, 100, &o, NULL, NULL, &e), &e, "order");
  o.order = 0;
  expect_einval(hinge_lowpass_check(&o, &e), &e, "1..8");
  cr_assert_eq(hinge_lowpass_min_length(&o), 0);
  hinge_savgol_opts_init(&s);
  s.window = 10;
  expect_einval(hinge_savgol(x, y, 100, &s, NULL, NULL, &e), &e, "odd");
  s.window = 3;
  s.polyorder = 3;
  expect_einval(hinge_savgol(x, y, 100, &s, NULL, NULL, &e), &e, "polyorder");
  s.polyorder = 4;
  expect_einval(hinge_savgol_check(&s, &e), &e, "polyorder");
  s.window = 7;
  s.polyorder = 2;
  s.deriv = 3;
  expect_einval(hinge_savgol_check(&s, &e), &e, "derivative");
  s.deriv = 1;
  expect_einval(hinge_savgol_check(&s, &e), &e, "sample rate");
  s.fs = -1;
  expect_einval(hinge_savgol_check(&s, &e), &e, "sample rate");
  s.deriv = 0;
  expect_einval(hinge_savgol_check(&s, &e), &e, "sample rate");
  s.fs = 0; /* smoothing needs no rate */
  cr_assert_eq(hinge_savgol_check(&s, NULL), HINGE_OK);
  sos[3] = 2;
  expect_einval(hinge_sosfilt(sos, 1, x, y, 10, 1, &e), &e, "a0");
  expect_einval(hinge_savgol_coeffs(5, 2, 0, 0, y, NULL, &e), &e, "delta");
}

/* ---------------------------------------------------------- allocation */

static int fail_after;

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (fail_after-- <= 0) return NULL;
  return realloc(ptr, nsize);
}

Test(filter, allocation_failure_should_be_enomem) {
  hinge_allocator a = {failing_alloc, NULL};
  double x[300], y[300], sos[6 * HINGE_SOS_MAX_SECTIONS];
  hinge_savgol_opts s;
  hinge_error e;
  int ns;
  signal_walk(5, 300, x);
  hinge_savgol_opts_init(&s);
  s.window = 5;
  fail_after = 0;
  cr_assert_eq(hinge_savgol(x, y, 300, &s, NULL, &a, &e), HINGE_ENOMEM);
  hinge_butter_sos(2, 6, 100, sos, &ns, NULL);
  fail_after = 0; /* padding over 64 samples is allocated */
  cr_assert_eq(hinge_sosfiltfilt(sos, ns, x, y, 300, 100, &a, &e), HINGE_ENOMEM);
  fail_after = 0;
  cr_assert_eq(hinge_residual_cutoff(x, 300, 100, NULL, &(hinge_residual_result){0}, NULL,
                                     NULL, &a, &e), HINGE_ENOMEM);
  fail_after = 1000;
  cr_assert_eq(hinge_sosfiltfilt(sos, ns, x, y, 300, 100, &a, &e), HINGE_OK);
}

/* -------------------------------------------------------------- history */

Test(filter, describe_should_give_one_history_line) {
  char buf[128];
  hinge_lowpass_opts o;
  hinge_savgol_opts s;
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  hinge_lowpass_describe(&o, buf, sizeof buf);
  cr_assert_str_eq(buf, "low-pass Butterworth N=2 6 Hz zero-phase");
  o.zero_phase = 0;
  o.order = 4;
  o.cutoff_hz = 8.5;
  hinge_lowpass_describe(&o, buf, sizeof buf);
  cr_assert_str_eq(buf, "low-pass Butterworth N=4 8.5 Hz causal");
  o.zero_phase = 1;
  o.order = 2;
  o.cutoff_hz = 6;
  o.correct_cutoff = 1;
  hinge_lowpass_describe(&o, buf, sizeof buf);
  cr_assert_str_eq(buf, "low-pass Butterworth N=2 6 Hz zero-phase (Winter-corrected, designed at 7.47903 Hz)");
  cr_assert_eq(hinge_lowpass_describe(&o, buf, 5), (int)strlen("low-pass Butterworth N=2 6 Hz zero-phase (Winter-corrected, designed at 7.47903 Hz)"));
  cr_assert_str_eq(buf, "low-");
  hinge_savgol_opts_init(&s);
  s.window = 11;
  s.polyorder = 3;
  hinge_savgol_describe(&s, buf, sizeof buf);
  cr_assert_str_eq(buf, "Savitzky-Golay window 11 polyorder 3");
  s.deriv = 1;
  hinge_savgol_describe(&s, buf, sizeof buf);
  cr_assert_str_eq(buf, "Savitzky-Golay window 11 polyorder 3 derivative 1 (per s)");
}

/* ------------------------------------------------------ residual analysis */

Test(residual, should_match_the_reference_procedure_on_known_content) {
  FILE *f = open_data("filter_residual.txt");
  record r;
  int count = 0;
  while (next_record(f, &r)) {
    static double x[4096], freqs[100], res[100];
    size_t n = (size_t)r.v[1], k;
    double fs = r.v[2], sd = r.v[3];
    hinge_residual_opts o;
    hinge_residual_result out;
    hinge_error e;
    signal_sines((uint64_t)r.v[0], n, fs, sd, x);
    hinge_residual_opts_init(&o);
    o.order = (int)r.v[4];
    cr_assert_eq((size_t)r.v[5], o.count);
    cr_assert_eq(hinge_residual_cutoff(x, n, fs, &o, &out, freqs, res, NULL, &e), HINGE_OK,
                 "%s", e.message);
    cr_assert(worst_rel(res, r.v + 9, 100, 0) < 1e-9, "residual curve");
    for (k = 0; k < 100; k++) cr_assert(fabs(freqs[k] - (double)(k + 1) * fs / 400) < 1e-12);
    cr_assert(fabs(out.cutoff_hz - r.v[6]) < 1e-9 * r.v[6], "cutoff %.12g, reference %.12g",
              out.cutoff_hz, r.v[6]);
    cr_assert(fabs(out.noise_rms - r.v[7]) < 1e-9 * r.v[7]);
    cr_assert(fabs(out.slope - r.v[8]) < 1e-7 * fabs(r.v[8]));
    cr_assert_eq(out.fit_points, 51);
    /* the content is known: sines up to 2.5 Hz plus white noise of sd */
    cr_assert(out.cutoff_hz > 2.5 && out.cutoff_hz < 10, "cutoff %g", out.cutoff_hz);
    cr_assert(fabs(out.noise_rms - sd) < 0.1 * sd, "noise %g vs sd %g", out.noise_rms, sd);
    count++;
  }
  fclose(f);
  cr_assert_eq(count, 3);
}

Test(residual, white_noise_alone_should_give_a_cutoff_at_the_bottom_of_the_grid) {
  static double x[1000];
  hinge_residual_result out;
  size_t i;
  sm_state = 17;
  for (i = 0; i < 1000; i++) x[i] = sm_uniform() - 0.5;
  cr_assert_eq(hinge_residual_cutoff(x, 1000, 100, NULL, &out, NULL, NULL, NULL, NULL), HINGE_OK);
  cr_assert(out.cutoff_hz < 1, "cutoff %g", out.cutoff_hz);
  cr_assert(fabs(out.noise_rms - sqrt(1 / 12.0)) < 0.02, "noise %g", out.noise_rms);
}

Test(residual, signal_in_the_noise_region_and_missing_data_should_fail_clearly) {
  static double x[1000];
  hinge_residual_result out;
  hinge_residual_opts o;
  hinge_error e;
  size_t i;
  sm_state = 17;
  for (i = 0; i < 1000; i++) x[i] = sm_uniform() - 0.5 + 5 * sin(2 * M_PI * 20 * (double)i / 100);
  cr_assert_eq(hinge_residual_cutoff(x, 1000, 100, NULL, &out, NULL, NULL, NULL, &e), HINGE_ERANGE);
  cr_assert(strstr(e.message, "seems to hold signal") != NULL, "%s", e.message);
  for (i = 0; i < 1000; i++) x[i] = NAN;
  cr_assert_eq(hinge_residual_cutoff(x, 1000, 100, NULL, &out, NULL, NULL, NULL, &e), HINGE_ENODATA);
  hinge_residual_opts_init(&o);
  o.fit_lo_hz = 30;
  o.fit_hi_hz = 40; /* above the grid's 25 Hz */
  cr_assert_eq(hinge_residual_cutoff(x, 1000, 100, &o, &out, NULL, NULL, NULL, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "noise region") != NULL, "%s", e.message);
  hinge_residual_opts_init(&o);
  o.max_hz = 60;
  cr_assert_eq(hinge_residual_cutoff(x, 1000, 100, &o, &out, NULL, NULL, NULL, &e), HINGE_EINVAL);
  cr_assert_eq(hinge_residual_cutoff(x, 1000, 0, NULL, &out, NULL, NULL, NULL, &e), HINGE_EINVAL);
}

/* crashes-found #10: samples of magnitude 1e154 and more overflow the
 * squared residuals; the answer was HINGE_OK with a NaN cutoff. */
Test(residual, huge_samples_should_give_erange_not_nan) {
  static double x[1000];
  hinge_residual_result out;
  hinge_error e;
  size_t i;
  sm_state = 5;
  for (i = 0; i < 1000; i++) x[i] = 1e160 * (sm_uniform() - 0.5);
  cr_assert_eq(hinge_residual_cutoff(x, 1000, 100, NULL, &out, NULL, NULL, NULL, &e), HINGE_ERANGE);
  cr_assert(strstr(e.message, "not a finite number") != NULL, "%s", e.message);
}
