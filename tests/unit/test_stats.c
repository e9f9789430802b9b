/* Unit tests for stats.c: descriptive statistics and the median. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <stdlib.h>

#include "hinge/hinge.h"
#include "base/internal.h"

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

Test(stats, should_match_closed_form_values_and_ignore_nan) {
  double x[] = {2, 4, NAN, 4, 4, 5, 5, 7, 9};
  hinge_stats s;
  cr_assert_eq(hinge_stats_compute(x, 9, &s, NULL, NULL), HINGE_OK);
  cr_assert_eq(s.n, 9);
  cr_assert_eq(s.valid, 8);
  cr_assert(ieee_ulp_eq(dbl, s.mean, 5.0, 4));
  /* sum of squared deviations is 32; sample variance 32/7 */
  cr_assert(ieee_ulp_eq(dbl, s.sd, sqrt(32.0 / 7.0), 4));
  cr_assert_eq(s.min, 2.0);
  cr_assert_eq(s.max, 9.0);
  cr_assert_eq(s.median, 4.5);
}

Test(stats, all_nan_should_give_nan_and_zero_valid) {
  double x[] = {NAN, NAN};
  hinge_stats s;
  cr_assert_eq(hinge_stats_compute(x, 2, &s, NULL, NULL), HINGE_OK);
  cr_assert_eq(s.valid, 0);
  cr_assert(isnan(s.mean) && isnan(s.sd) && isnan(s.median) && isnan(s.min));
}

Test(stats, one_value_should_have_nan_sd) {
  double x[] = {3.5};
  hinge_stats s;
  hinge_stats_compute(x, 1, &s, NULL, NULL);
  cr_assert_eq(s.mean, 3.5);
  cr_assert(isnan(s.sd));
  cr_assert_eq(s.median, 3.5);
}

Test(stats, null_output_should_be_einval) {
  double x[] = {1};
  hinge_error e;
  cr_assert_eq(hinge_stats_compute(x, 1, NULL, NULL, &e), HINGE_EINVAL);
  cr_assert_eq(e.code, HINGE_EINVAL);
}

Test(median, should_equal_the_sorted_middle_on_random_arrays) {
  unsigned seed = 12345;
  int trial;
  for (trial = 0; trial < 500; trial++) {
    size_t n = 1 + (size_t)(trial % 37), i;
    double a[40], b[40], want, got;
    for (i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      /* few distinct values on even trials, to exercise duplicates */
      a[i] = (trial % 2) ? (double)(seed >> 8) / 65536.0 : (double)((seed >> 16) % 4);
      b[i] = a[i];
    }
    qsort(b, n, sizeof *b, cmp);
    want = n % 2 ? b[n / 2] : b[n / 2 - 1] + (b[n / 2] - b[n / 2 - 1]) / 2;
    got = hinge_median_inplace(a, n);
    cr_assert_eq(got, want, "trial %d n %zu: got %g want %g", trial, n, got, want);
  }
}

Test(median, select_should_place_the_kth_smallest) {
  double a[] = {9, 1, 8, 2, 7, 3, 6, 4, 5, 0};
  size_t k;
  for (k = 0; k < 10; k++) {
    double c[10];
    size_t i;
    for (i = 0; i < 10; i++) c[i] = a[i];
    cr_assert_eq(hinge__select(c, 10, k), (double)k);
    for (i = 0; i < k; i++) cr_assert_leq(c[i], (double)k);
  }
}

Test(median, nan_only_should_be_nan) {
  double a[] = {NAN};
  cr_assert(isnan(hinge_median_inplace(a, 1)));
  cr_assert(isnan(hinge_median_inplace(a, 0)));
}
