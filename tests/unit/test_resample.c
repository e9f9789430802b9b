/* Unit tests for resample.c: resampling against numpy.interp and
 * unwrapping against numpy.unwrap (tests/data/clean.txt, made by
 * gen_clean.py), closed-form cases and errors. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "kvdata.h"
#include "dsp/resample_internal.h"

static void run_resample(const kv_record *r) {
  size_t n, nx, ny, m, i;
  double *t = kv_doubles(r, "t", &n), *x = kv_doubles(r, "x", &nx), *want = kv_doubles(r, "y", &ny);
  double fs = kv_number(r, "fs"), *y, *tk;
  hinge_error err;
  cr_assert_eq(hinge_resample_count(t, n, fs, &m, &err), HINGE_OK, "%s: %s", r->name, err.message);
  cr_assert_eq((double)m, kv_number(r, "m"), "%s: %zu samples", r->name, m);
  cr_assert_eq(m, ny);
  y = malloc(2 * m * sizeof *y);
  tk = y + m;
  cr_assert_eq(hinge_resample(t, x, n, fs, y, tk, m, &err), HINGE_OK);
  for (i = 0; i < m; i++) {
    cr_assert(kv_close_ulp(y[i], want[i], 2), "%s: y[%zu] = %.17g, numpy %.17g", r->name, i, y[i],
              want[i]);
    cr_assert_eq(tk[i], t[0] + (double)i / fs);
  }
  free(t), free(x), free(want), free(y);
}

static void run_unwrap(const kv_record *r) {
  size_t n, ny, i;
  double *x = kv_doubles(r, "x", &n), *want = kv_doubles(r, "y", &ny);
  hinge_error err;
  cr_assert_eq(hinge_unwrap(x, n, kv_number(r, "period"), kv_number(r, "discont"), &err), HINGE_OK);
  for (i = 0; i < n; i++)
    cr_assert(kv_close_ulp(x[i], want[i], 2), "%s: y[%zu] = %.17g, numpy %.17g", r->name, i, x[i],
              want[i]);
  free(x), free(want);
}

Test(resample, should_equal_numpy_interp_on_jittered_and_on_grid_timestamps) {
  kv_file *f = kv_load("clean.txt");
  size_t i, count = 0;
  cr_assert_not_null(f);
  for (i = 0; i < f->nrecs; i++)
    if (strcmp(f->recs[i].kind, "resample") == 0) {
      run_resample(&f->recs[i]);
      count++;
    }
  cr_assert_eq(count, 5);
  kv_free(f);
}

Test(unwrap, should_equal_numpy_unwrap_period_360_skipping_nan) {
  kv_file *f = kv_load("clean.txt");
  size_t i, count = 0;
  cr_assert_not_null(f);
  for (i = 0; i < f->nrecs; i++)
    if (strcmp(f->recs[i].kind, "unwrap") == 0) {
      run_unwrap(&f->recs[i]);
      count++;
    }
  cr_assert_eq(count, 5);
  kv_free(f);
}

Test(resample, a_line_should_stay_a_line) {
  double t[] = {0, 0.013, 0.021, 0.035, 0.04, 0.052, 0.06}, x[7], y[7];
  size_t i, m;
  for (i = 0; i < 7; i++) x[i] = 3 * t[i] + 1;
  cr_assert_eq(hinge_resample_count(t, 7, 100, &m, NULL), HINGE_OK);
  cr_assert_eq(m, 7);
  cr_assert_eq(hinge_resample(t, x, 7, 100, y, NULL, m, NULL), HINGE_OK);
  for (i = 0; i < 7; i++) cr_assert(epsilon_eq(dbl, y[i], 3 * (double)i / 100 + 1, 1e-14));
}

Test(resample, degenerate_lengths_should_work) {
  double t[] = {2.5}, x[] = {7}, y[1];
  size_t m = 9;
  cr_assert_eq(hinge_resample_count(t, 0, 100, &m, NULL), HINGE_OK);
  cr_assert_eq(m, 0);
  cr_assert_eq(hinge_resample_count(t, 1, 100, &m, NULL), HINGE_OK);
  cr_assert_eq(m, 1);
  cr_assert_eq(hinge_resample(t, x, 1, 100, y, NULL, 1, NULL), HINGE_OK);
  cr_assert_eq(y[0], 7.0);
}

Test(resample, bad_timestamps_and_rates_should_be_einval) {
  double t[] = {0, 0.01, 0.01, 0.03}, x[4] = {0}, y[8];
  size_t m;
  hinge_error err;
  cr_assert_eq(hinge_resample_count(t, 4, 100, &m, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "increase strictly"), "%s", err.message);
  t[2] = NAN;
  cr_assert_eq(hinge_resample_count(t, 4, 100, &m, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "timestamp 2"), "%s", err.message);
  t[2] = 0.02;
  cr_assert_eq(hinge_resample_count(t, 4, 0, &m, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_resample_count(t, 4, -INFINITY, &m, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_resample(t, x, 4, 100, y, NULL, 3, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_resample_count(t, 4, 1e300, &m, &err), HINGE_ELIMIT);
}

Test(unwrap, a_wrapped_ramp_should_come_back) {
  double x[50];
  size_t i;
  for (i = 0; i < 50; i++) x[i] = fmod(25.0 * (double)i, 360.0) - 180.0;
  x[7] = NAN;
  cr_assert_eq(hinge_unwrap(x, 50, 360, NAN, NULL), HINGE_OK);
  for (i = 0; i < 50; i++)
    if (i != 7) cr_assert(epsilon_eq(dbl, x[i], 25.0 * (double)i - 180.0, 1e-9), "x[%zu]", i);
  cr_assert(isnan(x[7]));
}

Test(unwrap, bad_period_should_be_einval_and_history_line_should_read_well) {
  double x[] = {0, 350};
  char buf[64];
  hinge_error err;
  cr_assert_eq(hinge_unwrap(x, 2, 0, NAN, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "period"));
  cr_assert_eq(hinge_unwrap(x, 2, NAN, NAN, &err), HINGE_EINVAL);
  hinge_describe_unwrap(buf, sizeof buf, 360);
  cr_assert_str_eq(buf, "unwrap (period 360)");
  hinge_describe_resample(buf, sizeof buf, 100);
  cr_assert_str_eq(buf, "resample to 100 Hz (linear)");
}

/* ---- the grid bound (HINGE_RESAMPLE_MAX_FACTOR, _EXTRA) ---------------- */

Test(resample, a_stray_late_timestamp_should_be_elimit_naming_the_step_not_a_giant_grid) {
  static double t[1000];
  size_t i, m = 7;
  hinge_error err;
  for (i = 0; i < 1000; i++) t[i] = (double)i / 100;
  t[999] = 1e6; /* the issue: 10^8 grid points for 1000 timestamps */
  cr_assert_eq(hinge_resample_count(t, 1000, 100, &m, &err), HINGE_ELIMIT);
  cr_assert_eq(m, 0);
  cr_assert_not_null(strstr(err.message, "the longest step is 999990.02 s, from 9.98 to 1000000 "
                                         "(timestamps 998 and 999, 0-based)"), "%s", err.message);
  t[999] = 1e7;
  cr_assert_eq(hinge_resample_count(t, 1000, 100, &m, &err), HINGE_ELIMIT);
}

Test(resample, the_limit_should_be_64_per_timestamp_plus_2_to_the_20) {
  double t[2] = {0, 0};
  size_t m;
  double limit = HINGE_RESAMPLE_MAX_FACTOR * 2.0 + HINGE_RESAMPLE_MAX_EXTRA;
  cr_assert_eq(HINGE_RESAMPLE_MAX_FACTOR, 64);
  cr_assert_eq(HINGE_RESAMPLE_MAX_EXTRA, 1 << 20);
  t[1] = limit - 1; /* at 1 Hz: limit points */
  cr_assert_eq(hinge_resample_count(t, 2, 1, &m, NULL), HINGE_OK);
  cr_assert_eq((double)m, limit);
  t[1] = limit;
  cr_assert_eq(hinge_resample_count(t, 2, 1, &m, NULL), HINGE_ELIMIT);
}

Test(resample, upsampling_a_long_trace_64_times_should_still_be_allowed) {
  size_t n = 100000, i, m;
  double *t = malloc(n * sizeof *t);
  for (i = 0; i < n; i++) t[i] = (double)i / 100;
  cr_assert_eq(hinge_resample_count(t, n, 6400, &m, NULL), HINGE_OK);
  cr_assert_eq(m, (n - 1) * 64 + 1);
  free(t);
}

Test(resample, resample_should_refuse_a_huge_m_before_touching_the_output) {
  double t[] = {0, 0.01, 1e7}, x[] = {1, 2, 3}, y[1];
  hinge_error err;
  /* A caller that skipped hinge_resample_count and passes the grid's
   * length anyway gets the limit, not a write of 10^9 samples. */
  cr_assert_eq(hinge_resample(t, x, 3, 100, y, NULL, (size_t)1000000001, &err), HINGE_ELIMIT);
  cr_assert_not_null(strstr(err.message, "would make a grid of 1000000001 samples"), "%s",
                     err.message);
}

/* ---- resampling in pieces (the analysis) --------------------------------- */

/* What the analysis did before resampling in pieces: interpolate across
 * every gap, then blank the grid points inside the long ones. */
static void reference_pieces(const double *t, const double *x, size_t n, double fs, double max_gap,
                             double *y, size_t m) {
  size_t i, k;
  cr_assert_eq(hinge_resample(t, x, n, fs, y, NULL, m, NULL), HINGE_OK);
  for (i = 0; i + 1 < n; i++) {
    double k0, k1;
    if (t[i + 1] - t[i] <= max_gap) continue;
    k0 = floor((t[i] - t[0]) * fs) + 1;
    k1 = ceil((t[i + 1] - t[0]) * fs) - 1;
    for (k = (size_t)k0; (double)k <= k1 && k < m; k++) y[k] = NAN;
  }
}

Test(resample, pieces_should_equal_interpolate_then_blank_bit_for_bit) {
  size_t n = 3000, i, m, trial;
  double *t = malloc(n * sizeof *t), *x = malloc(n * sizeof *x);
  double fs[] = {100, 100.7, 59.94, 1000};
  unsigned seed = 12345;
  for (trial = 0; trial < 40; trial++) {
    double *y, *want, f = fs[trial % 4], max_gap = trial % 5 == 4 ? 0 : 0.25;
    t[0] = 1000 * (double)trial;
    for (i = 0; i < n; i++) {
      double r, step;
      seed = seed * 1103515245u + 12345u;
      r = (double)(seed >> 8) / 16777216.0;
      /* jitter, lost samples, and now and then a gap: short, on the limit
       * or long, some landing exactly on grid points */
      step = (1 + 0.3 * (r - 0.5)) / f;
      if (r < 0.01) step = 0.25;
      else if (r < 0.02) step = 0.5 + 30 * r;
      else if (r < 0.025) step = 2;
      if (i > 0) t[i] = t[i - 1] + step;
      x[i] = r < 0.005 ? NAN : 40 * sin((double)i / 50) + r;
    }
    cr_assert_eq(hinge_resample_count(t, n, f, &m, NULL), HINGE_OK);
    y = malloc(m * sizeof *y);
    want = malloc(m * sizeof *want);
    reference_pieces(t, x, n, f, max_gap, want, m);
    hinge__resample_pieces(t, x, n, f, max_gap, y, m);
    for (i = 0; i < m; i++)
      cr_assert(memcmp(&y[i], &want[i], sizeof y[i]) == 0 || (isnan(y[i]) && isnan(want[i])),
                "trial %zu: y[%zu] = %.17g, want %.17g", trial, i, y[i], want[i]);
    free(y), free(want);
  }
  free(t), free(x);
}

Test(resample, pieces_should_never_interpolate_across_a_long_gap) {
  double t[] = {0, 0.01, 0.02, 1.02, 1.03}, x[] = {0, 1, 2, 100, 101}, y[104];
  size_t m, k;
  cr_assert_eq(hinge_resample_count(t, 5, 100, &m, NULL), HINGE_OK);
  cr_assert_eq(m, 104);
  hinge__resample_pieces(t, x, 5, 100, 0.25, y, m);
  cr_assert_eq(y[2], 2.0);
  for (k = 3; k < 102; k++) cr_assert(isnan(y[k]), "y[%zu] = %g inside the gap", k, y[k]);
  cr_assert(fabs(y[102] - 100) < 1e-9 && fabs(y[103] - 101) < 1e-9, "%g %g", y[102], y[103]);
}
