/* Unit tests for the conditioning pipeline (hinge_condition,
 * dsp/condition.c): despike, then fill, then low-pass, each column bit
 * for bit as the single calls make it; options init/check; the despiking
 * screen's vector loop against its scalar twin. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "dsp/condition_internal.h"
#include "hinge/hinge.h"

#define N 2000
#define NCOL 3

static unsigned seed = 4242;

static double uniform(void) {
  seed = seed * 1103515245u + 12345u;
  return (double)(seed >> 8 & 0xffffff) / 16777216.0;
}

/* A smooth movement with noise, a spike right before each gap. */
static void make(double *x, size_t n, double phase) {
  size_t i;
  for (i = 0; i < n; i++) {
    x[i] = 40 + 30 * sin(0.0314 * (double)i + phase) + 0.05 * (uniform() - 0.5);
    if (i % 250 == 120) x[i] += 50;
    if (i % 250 > 120 && i % 250 <= 128) x[i] = NAN;
  }
}

static void same_bits(const double *a, const double *b, size_t n, const char *what) {
  size_t i;
  for (i = 0; i < n; i++)
    cr_assert((isnan(a[i]) && isnan(b[i])) || memcmp(&a[i], &b[i], sizeof a[i]) == 0,
              "%s: sample %zu: %.17g vs %.17g", what, i, a[i], b[i]);
}

static void options(hinge_condition_options *o) {
  cr_assert_eq(hinge_condition_options_init(o, 100, NULL), HINGE_OK);
  o->despike = o->fill = o->lowpass_on = 1;
}

Test(condition, should_equal_despike_then_fill_then_lowpass_bit_for_bit) {
  static double x[NCOL][N], y[NCOL][N];
  double *cols[NCOL];
  hinge_condition_options o;
  hinge_condition_report rep;
  size_t c, got, despiked = 0, filled = 0;
  options(&o);
  for (c = 0; c < NCOL; c++) {
    make(x[c], N, (double)c);
    memcpy(y[c], x[c], sizeof x[c]);
    cols[c] = x[c];
  }
  cr_assert_eq(hinge_condition(&o, cols, NCOL, N, &rep, NULL), HINGE_OK);
  for (c = 0; c < NCOL; c++) {
    cr_assert_eq(hinge_despike(y[c], y[c], N, &o.hampel, &got, NULL, NULL), HINGE_OK);
    despiked += got;
    cr_assert_eq(hinge_fill_gaps(y[c], N, o.fill_max_gap, o.fill_method, &got, NULL), HINGE_OK);
    filled += got;
    cr_assert_eq(hinge_lowpass(y[c], y[c], N, &o.lowpass, NULL, NULL, NULL), HINGE_OK);
    same_bits(x[c], y[c], N, "column");
  }
  cr_assert_eq(rep.despiked, despiked);
  cr_assert_eq(rep.filled, filled);
  cr_assert(rep.despiked >= 8 * NCOL, "every spike replaced (%zu)", rep.despiked);
}

Test(condition, should_despike_before_filling) {
  static double x[N], y[N];
  double *cols[1] = {x};
  hinge_condition_options o;
  size_t got;
  options(&o);
  o.lowpass_on = 0;
  make(x, N, 0);
  memcpy(y, x, sizeof x);
  cr_assert_eq(hinge_condition(&o, cols, 1, N, NULL, NULL), HINGE_OK);
  /* Filling first spreads the spike into the gap it borders. */
  hinge_fill_gaps(y, N, o.fill_max_gap, o.fill_method, &got, NULL);
  hinge_despike(y, y, N, &o.hampel, &got, NULL, NULL);
  cr_assert(fabs(x[124] - y[124]) > 1, "%.17g vs %.17g", x[124], y[124]);
  cr_assert(fabs(x[124] - (40 + 30 * sin(0.0314 * 124))) < 5, "filled from clean ends: %.17g vs %.17g",
            x[124], 40 + 30 * sin(0.0314 * 124));
}

Test(condition, should_write_one_history_line_per_step) {
  static double x[N];
  double *cols[2] = {NULL, x};
  hinge_condition_options o;
  hinge__strlist p = {NULL, 0, 0};
  hinge__condition_run run;
  options(&o);
  make(x, N, 0);
  memset(&run, 0, sizeof run);
  run.o = &o;
  run.cols = cols;
  run.ncols = 2;
  run.n = N;
  run.processing = &p;
  cr_assert_eq(hinge__condition_columns(&run, NULL), HINGE_OK);
  cr_assert_eq(p.count, 3);
  cr_assert(strstr(p.items[0], "despike (Hampel") == p.items[0], "%s", p.items[0]);
  cr_assert(strstr(p.items[1], "fill gaps <= 0.25 s (linear): ") == p.items[1], "%s", p.items[1]);
  cr_assert_str_eq(p.items[2], "low-pass Butterworth N=2 6 Hz zero-phase");
  hinge__strlist_free(&p, NULL);
}

Test(condition, options_should_be_checked) {
  hinge_condition_options o;
  hinge_error err;
  cr_assert_eq(hinge_condition_options_init(NULL, 100, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_condition_options_check(NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_condition_options_init(&o, 0, &err), HINGE_EINVAL);
  cr_assert_eq(o.fs, 100); /* filled as for 100 Hz all the same */
  cr_assert_eq(hinge_condition_options_check(&o, NULL), HINGE_OK);
  options(&o);
  o.lowpass.cutoff_hz = 60;
  cr_assert_eq(hinge_condition_options_check(&o, &err), HINGE_EINVAL);
  options(&o);
  o.lowpass.fs = 50;
  cr_assert_eq(hinge_condition_options_check(&o, &err), HINGE_EINVAL);
  cr_assert(strstr(err.message, "50 Hz") != NULL, "%s", err.message);
  options(&o);
  o.hampel.half_window = 0;
  cr_assert_eq(hinge_condition(&o, NULL, 0, 0, NULL, &err), HINGE_EINVAL);
  o.despike = 0; /* a step that is off is not checked */
  cr_assert_eq(hinge_condition(&o, NULL, 0, 0, NULL, &err), HINGE_OK);
  cr_assert_eq(hinge_condition(&o, NULL, 1, 10, NULL, &err), HINGE_EINVAL);
}

/* The screen's SSE2 loop and its scalar twin, both in this binary (only
 * the twin under -DHINGE_NO_VECTOR: then both calls are the same). */
Test(condition, span_range_vector_and_scalar_should_agree_bit_for_bit) {
  static double p[301];
  size_t m, i, trial;
  for (trial = 0; trial < 200; trial++) {
    for (i = 0; i < 301; i++) p[i] = 100 * uniform() - 50;
    if (trial % 7 == 3) p[(size_t)(uniform() * 300)] = NAN;
    if (trial % 11 == 5) p[(size_t)(uniform() * 300)] = INFINITY;
    for (m = 1; m <= 300; m += 1 + trial % 13) {
      double lo1, hi1, lo2, hi2, d = (p[m] - p[0]) / (double)m;
      int bad1 = hinge__span_range(p, m, d, &lo1, &hi1);
      int bad2 = hinge__span_range_scalar(p, m, d, &lo2, &hi2);
      cr_assert_eq(bad1 != 0, bad2 != 0, "trial %zu m %zu", trial, m);
      if (bad1) continue;
      cr_assert(memcmp(&lo1, &lo2, sizeof lo1) == 0 && memcmp(&hi1, &hi2, sizeof hi1) == 0,
                "trial %zu m %zu: [%.17g, %.17g] vs [%.17g, %.17g]", trial, m, lo1, hi1, lo2, hi2);
    }
  }
}

/* A run too short to low-pass at a column's end is kept as its
 * least-squares line (a clip's first frames before a keypoint dropout
 * hold its setup; dropping them makes it start mid-pull); one inside the
 * trace is still dropped, and one of 1 or 2 samples at an end is kept as
 * measured.  The line is checked in closed form: a line plus a pattern
 * orthogonal to 1 and t (1, -2, 0, 2, -1) fits to the line itself. */
Test(condition, short_runs_at_the_ends_should_be_kept_as_their_line) {
  static double x[N], y[N];
  static const double wiggle[5] = {1, -2, 0, 2, -1};
  double *cols[1] = {x};
  hinge_condition_options o;
  hinge_condition_report rep;
  size_t i;
  options(&o);
  o.despike = 0;
  for (i = 0; i < N; i++) x[i] = 40 + 30 * sin(0.0314 * (double)i);
  for (i = 0; i < 5; i++) x[i] = 3 + 2 * (double)i + wiggle[i]; /* the first run: 0..4 */
  for (i = 5; i < 45; i++) x[i] = NAN;                          /* a gap no fill bridges */
  for (i = 1000; i < 1040; i++) x[i] = NAN;                     /* a short run inside: */
  for (i = 1044; i < 1084; i++) x[i] = NAN;                     /* 1040..1043, dropped */
  for (i = N - 42; i < N - 2; i++) x[i] = NAN;                  /* the last run: 2 samples */
  memcpy(y, x, sizeof x);
  cr_assert_eq(hinge_condition(&o, cols, 1, N, &rep, NULL), HINGE_OK);
  for (i = 0; i < 5; i++) cr_assert_float_eq(x[i], 3 + 2 * (double)i, 1e-12, "sample %zu: %.17g", i, x[i]);
  cr_assert_eq(x[N - 2], y[N - 2]);
  cr_assert_eq(x[N - 1], y[N - 1]);
  for (i = 1040; i < 1044; i++) cr_assert(isnan(x[i]), "inside: sample %zu %.17g", i, x[i]);
  cr_assert_eq(rep.raw, 7);
  cr_assert_eq(rep.dropped, 4);
  /* the long runs as hinge_lowpass makes them */
  for (i = 0; i < 5; i++) y[i] = NAN;
  y[N - 2] = y[N - 1] = NAN;
  cr_assert_eq(hinge_lowpass(y, y, N, &o.lowpass, NULL, NULL, NULL), HINGE_OK);
  same_bits(x + 45, y + 45, N - 47 - 45, "long runs");
}
