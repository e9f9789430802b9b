/* Unit tests for hampel.c: the Hampel identifier against a plain
 * numpy/pandas loop (tests/data/clean.txt, made by gen_clean.py), the
 * glitch-versus-motion behaviour it exists for, and errors. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>

#include "hinge/hinge.h"
#include "kvdata.h"

#define PI 3.14159265358979323846

static void run_hampel(const kv_file *f, const kv_record *r) {
  size_t n, ny, replaced, i;
  double *x = kv_signal(f, r, &n), *want = kv_doubles(r, "y", &ny), *y;
  hinge_hampel_opts o;
  hinge_error err;
  cr_assert_not_null(x);
  y = malloc(n * sizeof *y);
  o.half_window = (size_t)kv_number(r, "half_window");
  o.k = kv_number(r, "k");
  o.min_dev = kv_number(r, "min_dev");
  cr_assert_eq(hinge_despike(x, y, n, &o, &replaced, NULL, &err), HINGE_OK, "%s: %s", r->name,
               err.message);
  cr_assert_eq((double)replaced, kv_number(r, "replaced"), "%s: replaced %zu", r->name, replaced);
  for (i = 0; i < n; i++)
    cr_assert(kv_close_ulp(y[i], want[i], 2), "%s: y[%zu] = %.17g, reference %.17g", r->name, i,
              y[i], want[i]);
  /* In place gives the same. */
  cr_assert_eq(hinge_despike(x, x, n, &o, NULL, NULL, NULL), HINGE_OK);
  for (i = 0; i < n; i++) cr_assert(kv_close_ulp(x[i], y[i], 0), "%s in place: %zu", r->name, i);
  free(x), free(want), free(y);
}

Test(despike, should_match_a_rolling_median_reference_with_nan_and_ties) {
  kv_file *f = kv_load("clean.txt");
  size_t i, count = 0;
  cr_assert_not_null(f);
  for (i = 0; i < f->nrecs; i++)
    if (strcmp(f->recs[i].kind, "hampel") == 0) {
      run_hampel(f, &f->recs[i]);
      count++;
    }
  cr_assert_eq(count, 9);
  kv_free(f);
}

/* An 80-degree pull lasting 1.5 s (half a cosine), starting at 0.5 s. */
static double pull(double t) {
  double u = t < 0.5 ? 0 : t > 2.0 ? 1 : (t - 0.5) / 1.5;
  return 40 * (1 - cos(PI * u));
}

Test(despike, should_remove_a_single_glitch_and_keep_a_slow_80_degree_motion) {
  static const double rates[] = {50, 100, 200, 1000};
  static const double glitches[] = {40, 60, 80, -60};
  size_t r;
  for (r = 0; r < 4; r++) {
    double fs = rates[r];
    size_t n = (size_t)(3 * fs), i, g = (size_t)(1.2 * fs), replaced;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    hinge_hampel_opts o;
    cr_assert_eq(hinge_hampel_opts_init(&o, fs, NULL), HINGE_OK);
    for (i = 0; i < n; i++) x[i] = pull((double)i / fs);
    x[g] += glitches[r];
    cr_assert_eq(hinge_despike(x, y, n, &o, &replaced, NULL, NULL), HINGE_OK);
    cr_assert_eq(replaced, 1, "%g Hz: %zu replaced", fs, replaced);
    for (i = 0; i < n; i++)
      if (i != g) cr_assert_eq(y[i], x[i], "%g Hz: sample %zu changed", fs, i);
    /* The replacement is the local median: within a sample's step of the truth. */
    cr_assert(fabs(y[g] - pull((double)g / fs)) < 80 * PI / (1.5 * fs),
              "%g Hz: %g vs %g", fs, y[g], pull((double)g / fs));
    free(x), free(y);
  }
}

Test(despike, nan_should_stay_nan_and_be_ignored_in_windows) {
  double x[] = {1, 1.1, NAN, 60, 1.2, NAN, 1.0, 1.1}, y[8];
  hinge_hampel_opts o = {2, 3, 0};
  size_t replaced;
  cr_assert_eq(hinge_despike(x, y, 8, &o, &replaced, NULL, NULL), HINGE_OK);
  cr_assert(isnan(y[2]) && isnan(y[5]));
  cr_assert_eq(replaced, 1);
  cr_assert(y[3] < 2, "glitch kept: %g", y[3]);
}

Test(despike, defaults_should_follow_the_sample_rate) {
  hinge_hampel_opts o;
  char buf[128];
  cr_assert_eq(hinge_hampel_opts_init(&o, 100, NULL), HINGE_OK);
  cr_assert(o.half_window == 5 && o.k == 3 && o.min_dev == 0);
  hinge_describe_despike(buf, sizeof buf, &o, 100);
  cr_assert_str_eq(buf, "despike (Hampel, half-window 0.05 s, k = 3)");
  cr_assert_eq(hinge_hampel_opts_init(&o, 1000, NULL), HINGE_OK);
  cr_assert_eq(o.half_window, 50);
  cr_assert_eq(hinge_hampel_opts_init(&o, 10, NULL), HINGE_OK);
  cr_assert_eq(o.half_window, 1);
  o.min_dev = 1.5;
  hinge_describe_despike(buf, sizeof buf, &o, 0);
  cr_assert_str_eq(buf, "despike (Hampel, half-window 1 sample, k = 3, min deviation 1.5)");
}

Test(despike, bad_options_should_be_einval_naming_the_field) {
  double x[] = {1, 2, 3}, y[3];
  hinge_hampel_opts o = {0, 3, 0};
  hinge_error err;
  cr_assert_eq(hinge_despike(x, y, 3, &o, NULL, NULL, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "half-window"));
  o.half_window = 1;
  o.k = -1;
  cr_assert_eq(hinge_despike(x, y, 3, &o, NULL, NULL, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "k must"));
  o.k = 3;
  o.min_dev = NAN;
  cr_assert_eq(hinge_despike(x, y, 3, &o, NULL, NULL, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "min_dev"));
  cr_assert_eq(hinge_despike(x, y, 3, NULL, NULL, NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_hampel_opts_init(&o, 0, &err), HINGE_EINVAL);
}

Test(despike, windows_longer_than_the_trace_should_work) {
  double x[] = {5, 5, 90, 5}, y[4];
  hinge_hampel_opts o = {100, 3, 0};
  cr_assert_eq(hinge_despike(x, y, 4, &o, NULL, NULL, NULL), HINGE_OK);
  cr_assert_eq(y[2], 5.0);
  cr_assert_eq(hinge_despike(x, y, 0, &o, NULL, NULL, NULL), HINGE_OK);
}

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud, (void)osize;
  if (nsize == 0) free(ptr);
  return NULL;
}

Test(despike, out_of_memory_should_be_enomem) {
  double x[] = {1, 2, 3}, y[3];
  hinge_hampel_opts o = {1, 3, 0};
  hinge_allocator a = {failing_alloc, NULL};
  cr_assert_eq(hinge_despike(x, y, 3, &o, NULL, &a, NULL), HINGE_ENOMEM);
}

/* crashes-found #11: two samples near -DBL_MAX made an even window's
 * median overflow to -inf and the MAD walk stepped left of the window. */
Test(hampel, samples_near_dbl_max_should_not_read_outside) {
  static const double big[] = {-1.7976931348623157e308, 1.7976931348623157e308};
  double x[40], y[40];
  hinge_hampel_opts o;
  size_t i, j, replaced;
  for (j = 0; j < 2; j++) {
    for (i = 0; i < 40; i++) x[i] = i < 20 ? big[j] : (double)i;
    for (o.half_window = 1; o.half_window < 6; o.half_window++) {
      o.k = 3, o.min_dev = 0;
      cr_assert_eq(hinge_despike(x, y, 40, &o, &replaced, NULL, NULL), HINGE_OK);
      for (i = 0; i < 18; i++)
        cr_assert_eq(y[i], big[j], "[%zu] %g", i, y[i]); /* a flat run stays */
      for (i = 22; i < 40; i++) cr_assert_eq(y[i], (double)i, "[%zu] %g", i, y[i]);
    }
  }
}
