/* Unit tests for gaps.c: linear and cubic gap filling against numpy.interp
 * and scipy's CubicSpline (tests/data/clean.txt, made by gen_clean.py),
 * closed-form cases and errors. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>

#include "hinge/hinge.h"
#include "kvdata.h"

/* Cubic fills go through a Lagrange form here and a spline solve in
 * scipy: equal to rounding, not to the bit. */
static int close_cubic(double a, double b) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  return fabs(a - b) <= 1e-11 * fmax(1.0, fabs(b));
}

static void run_fill(const kv_file *f, const kv_record *r) {
  size_t n, ny, filled, i;
  double *x = kv_signal(f, r, &n), *want = kv_doubles(r, "y", &ny);
  int cubic = kv_number(r, "method") == 1;
  hinge_error err;
  cr_assert_not_null(x);
  cr_assert_eq(n, ny);
  cr_assert_eq(hinge_fill_gaps(x, n, (size_t)kv_number(r, "max_gap"),
                               cubic ? HINGE_FILL_CUBIC : HINGE_FILL_LINEAR, &filled, &err),
               HINGE_OK, "%s: %s", r->name, err.message);
  cr_assert_eq((double)filled, kv_number(r, "filled"), "%s: filled %zu", r->name, filled);
  for (i = 0; i < n; i++)
    cr_assert(cubic ? close_cubic(x[i], want[i]) : kv_close_ulp(x[i], want[i], 2),
              "%s: y[%zu] = %.17g, reference %.17g", r->name, i, x[i], want[i]);
  free(x);
  free(want);
}

Test(fill_gaps, should_match_numpy_interp_and_scipy_cubicspline_up_to_max_gap) {
  kv_file *f = kv_load("clean.txt");
  size_t i, count = 0;
  cr_assert_not_null(f, "tests/data/clean.txt missing");
  for (i = 0; i < f->nrecs; i++)
    if (strcmp(f->recs[i].kind, "fill") == 0) {
      run_fill(f, &f->recs[i]);
      count++;
    }
  cr_assert_eq(count, 10);
  kv_free(f);
}

Test(fill_gaps, a_linear_gap_should_be_filled_exactly) {
  double x[12];
  size_t i, filled;
  for (i = 0; i < 12; i++) x[i] = 2.0 * (double)i + 1.0;
  x[4] = x[5] = x[6] = NAN;
  cr_assert_eq(hinge_fill_gaps(x, 12, 3, HINGE_FILL_LINEAR, &filled, NULL), HINGE_OK);
  cr_assert_eq(filled, 3);
  for (i = 0; i < 12; i++) cr_assert_eq(x[i], 2.0 * (double)i + 1.0, "x[%zu] = %g", i, x[i]);
}

Test(fill_gaps, a_cubic_gap_should_reproduce_a_cubic_polynomial) {
  double x[10], want[10];
  size_t i;
  for (i = 0; i < 10; i++) {
    double t = (double)i;
    x[i] = want[i] = 0.5 * t * t * t - 3 * t * t + t - 7;
  }
  x[3] = x[4] = x[5] = NAN;
  cr_assert_eq(hinge_fill_gaps(x, 10, 3, HINGE_FILL_CUBIC, NULL, NULL), HINGE_OK);
  for (i = 0; i < 10; i++) cr_assert(epsilon_eq(dbl, x[i], want[i], 1e-12), "x[%zu]", i);
}

Test(fill_gaps, ends_and_long_gaps_should_stay_nan) {
  double x[] = {NAN, 1, NAN, NAN, NAN, 5, NAN, 7, NAN};
  size_t filled;
  cr_assert_eq(hinge_fill_gaps(x, 9, 2, HINGE_FILL_LINEAR, &filled, NULL), HINGE_OK);
  cr_assert_eq(filled, 1);
  cr_assert(isnan(x[0]) && isnan(x[2]) && isnan(x[3]) && isnan(x[4]) && isnan(x[8]));
  cr_assert_eq(x[6], 6.0);
}

Test(fill_gaps, a_sample_between_two_gaps_should_support_both_from_original_data) {
  /* The cubic of the second gap must not lean on values filled into the
   * first: x[3] is its only valid left neighbour, so it uses 3 points. */
  double x[] = {0, 1, NAN, 3, NAN, 5, 6};
  cr_assert_eq(hinge_fill_gaps(x, 7, 1, HINGE_FILL_CUBIC, NULL, NULL), HINGE_OK);
  cr_assert(epsilon_eq(dbl, x[2], 2.0, 1e-12));
  cr_assert(epsilon_eq(dbl, x[4], 4.0, 1e-12));
}

Test(fill_gaps, zero_max_gap_and_empty_input_should_change_nothing) {
  double x[] = {1, NAN, 3};
  size_t filled = 99;
  cr_assert_eq(hinge_fill_gaps(x, 3, 0, HINGE_FILL_CUBIC, &filled, NULL), HINGE_OK);
  cr_assert(filled == 0 && isnan(x[1]));
  cr_assert_eq(hinge_fill_gaps(NULL, 0, 5, HINGE_FILL_LINEAR, NULL, NULL), HINGE_OK);
}

Test(fill_gaps, bad_arguments_should_be_einval) {
  double x[] = {1, NAN, 3};
  hinge_error err;
  cr_assert_eq(hinge_fill_gaps(x, 3, 1, (hinge_fill_method)7, NULL, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "method"));
  cr_assert_eq(hinge_fill_gaps(NULL, 3, 1, HINGE_FILL_LINEAR, NULL, &err), HINGE_EINVAL);
}

Test(fill_gaps, history_line_should_state_the_limit_and_method) {
  char buf[128];
  size_t samples;
  cr_assert_eq(hinge_seconds_to_samples(0.25, 100, &samples, NULL), HINGE_OK);
  cr_assert_eq(samples, 25);
  hinge_describe_fill_gaps(buf, sizeof buf, samples, HINGE_FILL_LINEAR, 100);
  cr_assert_str_eq(buf, "fill gaps <= 0.25 s (linear)");
  hinge_describe_fill_gaps(buf, sizeof buf, 3, HINGE_FILL_CUBIC, 0);
  cr_assert_str_eq(buf, "fill gaps <= 3 samples (cubic)");
}

Test(seconds_to_samples, should_round_to_the_nearest_sample_and_check_its_inputs) {
  size_t s;
  hinge_error err;
  cr_assert_eq(hinge_seconds_to_samples(0.05, 50, &s, NULL), HINGE_OK);
  cr_assert_eq(s, 3); /* 2.5 rounds up */
  cr_assert_eq(hinge_seconds_to_samples(0.03, 100, &s, NULL), HINGE_OK);
  cr_assert_eq(s, 3); /* 2.9999999999999996 */
  cr_assert_eq(hinge_seconds_to_samples(0, 100, &s, NULL), HINGE_OK);
  cr_assert_eq(s, 0);
  cr_assert_eq(hinge_seconds_to_samples(-1, 100, &s, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_seconds_to_samples(1, 0, &s, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_seconds_to_samples(1, NAN, &s, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_seconds_to_samples(INFINITY, 100, &s, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_seconds_to_samples(1e300, 100, &s, &err), HINGE_EINVAL);
}
