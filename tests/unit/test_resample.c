/* Unit tests for resample.c: resampling against numpy.interp and
 * unwrapping against numpy.unwrap (tests/data/clean.txt, made by
 * gen_clean.py), closed-form cases and errors. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>

#include "hinge/hinge.h"
#include "kvdata.h"

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
