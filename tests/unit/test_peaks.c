/* Unit tests for peaks.c and peaks_order.c: find_peaks, peak_prominences
 * and peak_widths against scipy (tests/data/peaks.txt, made by
 * gen_peaks.py), closed-form cases and errors. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"
#include "base/internal.h"
#include "kvdata.h"
#include "dsp/peaks_internal.h"

static const char *const DOUBLE_PROPS[] = {"peak_heights", "left_thresholds", "right_thresholds",
                                           "prominences", "widths", "width_heights",
                                           "left_ips", "right_ips"};
static const char *const SIZE_PROPS[] = {"left_bases", "right_bases", "plateau_sizes",
                                         "left_edges", "right_edges"};

/* Equal, or both NaN, or within 2 units in the last place. */
static int close_ulp(double a, double b) { return kv_close_ulp(a, b, 2); }

static const double *peak_double_prop(const hinge_peaks *p, const char *k) {
  if (!strcmp(k, "peak_heights")) return p->peak_heights;
  if (!strcmp(k, "left_thresholds")) return p->left_thresholds;
  if (!strcmp(k, "right_thresholds")) return p->right_thresholds;
  if (!strcmp(k, "prominences")) return p->prominences;
  if (!strcmp(k, "widths")) return p->widths;
  if (!strcmp(k, "width_heights")) return p->width_heights;
  if (!strcmp(k, "left_ips")) return p->left_ips;
  return p->right_ips;
}

static const size_t *peak_size_prop(const hinge_peaks *p, const char *k) {
  if (!strcmp(k, "left_bases")) return p->left_bases;
  if (!strcmp(k, "right_bases")) return p->right_bases;
  if (!strcmp(k, "plateau_sizes")) return p->plateau_sizes;
  if (!strcmp(k, "left_edges")) return p->left_edges;
  return p->right_edges;
}

static void read_range(const kv_record *r, const char *key, hinge_peak_range *out) {
  size_t n;
  double *v = kv_doubles(r, key, &n);
  if (n == 2) {
    out->min = v[0];
    out->max = v[1];
  }
  free(v);
}

static void read_number(const kv_record *r, const char *key, double *out) {
  size_t n;
  double *v = kv_doubles(r, key, &n);
  if (n == 1) *out = v[0];
  free(v);
}

static hinge_peak_opts case_opts(const kv_record *r) {
  hinge_peak_opts o;
  hinge_peak_opts_init(&o);
  read_range(r, "height", &o.height);
  read_range(r, "threshold", &o.threshold);
  read_range(r, "prominence", &o.prominence);
  read_range(r, "width", &o.width);
  read_range(r, "plateau_size", &o.plateau_size);
  read_number(r, "distance", &o.distance);
  read_number(r, "wlen", &o.wlen);
  read_number(r, "rel_height", &o.rel_height);
  o.all_properties = 1; /* the file has every property of every peak */
  return o;
}

static double *case_signal(const kv_file *f, const kv_record *r, size_t *n) {
  const kv_record *sig = kv_find(f, "signal", kv_get(r, "signal"));
  cr_assert_not_null(sig, "case %s: no signal", r->name);
  return kv_doubles(sig, "x", n);
}

static void check_size_array(const char *what, const char *key, const size_t *got, size_t ngot,
                             const double *want, size_t nwant) {
  size_t i;
  cr_assert_eq(ngot, nwant, "%s %s: %zu values, scipy %zu", what, key, ngot, nwant);
  for (i = 0; i < ngot; i++)
    cr_assert_eq((double)got[i], want[i], "%s %s[%zu]: %zu, scipy %g", what, key, i, got[i],
                 want[i]);
}

static void check_double_array(const char *what, const char *key, const double *got, size_t ngot,
                               const double *want, size_t nwant) {
  size_t i;
  cr_assert_eq(ngot, nwant, "%s %s: %zu values, scipy %zu", what, key, ngot, nwant);
  for (i = 0; i < ngot; i++)
    cr_assert(close_ulp(got[i], want[i]), "%s %s[%zu]: %.17g, scipy %.17g", what, key, i, got[i],
              want[i]);
}

/* Run one "@case" record; returns the number of peaks compared. */
static size_t run_case(const kv_file *f, const kv_record *r) {
  size_t n, nw, k;
  double *x = case_signal(f, r, &n), *want = kv_doubles(r, "index", &nw);
  hinge_peak_opts o = case_opts(r);
  hinge_peaks p;
  hinge_error err;
  int rc = hinge_find_peaks(x, n, &o, &p, NULL, &err);
  cr_assert_eq(rc, HINGE_OK, "case %s: %s", r->name, err.message);
  check_size_array(r->name, "index", p.index, p.count, want, nw);
  free(want);
  for (k = 0; k < sizeof DOUBLE_PROPS / sizeof *DOUBLE_PROPS; k++) {
    want = kv_doubles(r, DOUBLE_PROPS[k], &nw);
    if (nw != (size_t)-1)
      check_double_array(r->name, DOUBLE_PROPS[k], peak_double_prop(&p, DOUBLE_PROPS[k]), p.count,
                         want, nw);
    free(want);
  }
  for (k = 0; k < sizeof SIZE_PROPS / sizeof *SIZE_PROPS; k++) {
    want = kv_doubles(r, SIZE_PROPS[k], &nw);
    if (nw != (size_t)-1)
      check_size_array(r->name, SIZE_PROPS[k], peak_size_prop(&p, SIZE_PROPS[k]), p.count, want, nw);
    free(want);
  }
  nw = p.count;
  hinge_peaks_clear(&p);
  free(x);
  return nw;
}

Test(find_peaks, should_equal_scipy_under_each_option_and_combined) {
  kv_file *f = kv_load("peaks.txt");
  size_t i, cases = 0, peaks = 0;
  cr_assert_not_null(f, "tests/data/peaks.txt missing");
  for (i = 0; i < f->nrecs; i++) {
    if (strcmp(f->recs[i].kind, "case") != 0) continue;
    peaks += run_case(f, &f->recs[i]);
    cases++;
  }
  cr_assert_geq(cases, 100, "only %zu cases", cases);
  cr_assert_geq(peaks, 1000, "only %zu peaks compared", peaks);
  kv_free(f);
}

static size_t *to_sizes(const double *v, size_t n) {
  size_t i, *z = malloc((n ? n : 1) * sizeof *z);
  for (i = 0; i < n; i++) z[i] = (size_t)v[i];
  return z;
}

/* One "@prominences" record: both standalone functions at given indices. */
static void run_prominences(const kv_file *f, const kv_record *r) {
  size_t n, np, nw, *idx, *lb, *rb;
  double *x = case_signal(f, r, &n), *iv = kv_doubles(r, "index", &np), wlen = NAN, rel = 0.5;
  double *prom, *w, *wh, *li, *ri, *want;
  read_number(r, "wlen", &wlen);
  read_number(r, "rel_height", &rel);
  idx = to_sizes(iv, np);
  lb = malloc(np * sizeof *lb);
  rb = malloc(np * sizeof *rb);
  prom = malloc(5 * np * sizeof *prom);
  w = prom + np, wh = w + np, li = wh + np, ri = li + np;
  cr_assert_eq(hinge_peak_prominences(x, n, idx, np, wlen, prom, lb, rb, NULL), HINGE_OK);
  cr_assert_eq(hinge_peak_widths(x, n, idx, np, rel, prom, lb, rb, w, wh, li, ri, NULL), HINGE_OK);
#define CHECK_D(key, arr) \
  (want = kv_doubles(r, key, &nw), check_double_array(r->name, key, arr, np, want, nw), free(want))
#define CHECK_Z(key, arr) \
  (want = kv_doubles(r, key, &nw), check_size_array(r->name, key, arr, np, want, nw), free(want))
  CHECK_D("prominences", prom);
  CHECK_Z("left_bases", lb);
  CHECK_Z("right_bases", rb);
  CHECK_D("widths", w);
  CHECK_D("width_heights", wh);
  CHECK_D("left_ips", li);
  CHECK_D("right_ips", ri);
#undef CHECK_D
#undef CHECK_Z
  free(x), free(iv), free(idx), free(lb), free(rb), free(prom);
}

Test(peak_prominences, should_equal_scipy_at_any_index_with_and_without_wlen) {
  kv_file *f = kv_load("peaks.txt");
  size_t i, count = 0;
  cr_assert_not_null(f);
  for (i = 0; i < f->nrecs; i++)
    if (strcmp(f->recs[i].kind, "prominences") == 0) {
      run_prominences(f, &f->recs[i]);
      count++;
    }
  cr_assert_geq(count, 9);
  kv_free(f);
}

Test(argsort, should_order_ties_as_numpy_quicksort_and_heapsort) {
  kv_file *f = kv_load("peaks.txt");
  size_t i, count = 0;
  cr_assert_not_null(f);
  for (i = 0; i < f->nrecs; i++) {
    const kv_record *r = &f->recs[i];
    size_t n, nq, nh, *idx;
    double *v, *q, *h;
    if (strcmp(r->kind, "argsort") != 0) continue;
    v = kv_doubles(r, "v", &n);
    q = kv_doubles(r, "quick", &nq);
    h = kv_doubles(r, "heap", &nh);
    idx = malloc(n * sizeof *idx);
    hinge__argsort_np(v, idx, n);
    check_size_array(r->name, "quick", idx, n, q, nq);
    hinge__argsort_np_budget(v, idx, n, -1);
    check_size_array(r->name, "heap", idx, n, h, nh);
    free(v), free(q), free(h), free(idx);
    count++;
  }
  cr_assert_geq(count, 6);
  kv_free(f);
}

Test(argsort, should_sort_whatever_the_budget) {
  double v[300];
  size_t idx[300], i;
  unsigned seed = 99;
  int budget;
  for (i = 0; i < 300; i++) {
    seed = seed * 1103515245u + 12345u;
    v[i] = (double)((seed >> 16) % 5);
  }
  for (budget = -1; budget < 6; budget++) {
    hinge__argsort_np_budget(v, idx, 300, budget);
    for (i = 1; i < 300; i++) cr_assert_leq(v[idx[i - 1]], v[idx[i]], "budget %d at %zu", budget, i);
  }
}

/* ---- closed-form cases ------------------------------------------------ */

static hinge_peaks find(const double *x, size_t n, const hinge_peak_opts *o) {
  hinge_peaks p;
  hinge_error err;
  int rc = hinge_find_peaks(x, n, o, &p, NULL, &err);
  cr_assert_eq(rc, HINGE_OK, "%s", err.message);
  return p;
}

Test(find_peaks, should_find_simple_peaks_with_their_properties) {
  double x[] = {0, 1, 0, 2, 0, 3, 0};
  hinge_peak_opts o;
  hinge_peaks p;
  hinge_peak_opts_init(&o);
  o.all_properties = 1;
  p = find(x, 7, &o);
  cr_assert_eq(p.count, 3);
  cr_assert(p.index[0] == 1 && p.index[1] == 3 && p.index[2] == 5);
  /* The peak at 3 has its bases at 2 and 4: prominence 2. */
  cr_assert_eq(p.prominences[1], 2.0);
  cr_assert(p.left_bases[1] == 2 && p.right_bases[1] == 4);
  /* Half prominence of a triangle of base 2 is a width of 1. */
  cr_assert_eq(p.widths[1], 1.0);
  cr_assert_eq(p.width_heights[1], 1.0);
  cr_assert(p.left_ips[1] == 2.5 && p.right_ips[1] == 3.5);
  cr_assert_eq(p.left_thresholds[2], 3.0);
  hinge_peaks_clear(&p);
}

Test(find_peaks, costly_properties_should_be_computed_only_when_needed_or_asked) {
  double x[] = {0, 1, 0, 2, 0, 3, 0};
  hinge_peak_opts o;
  hinge_peaks p;
  hinge_peak_opts_init(&o);
  p = find(x, 7, &o);
  cr_assert(p.count == 3 && p.peak_heights != NULL && p.plateau_sizes != NULL);
  cr_assert(p.prominences == NULL && p.left_bases == NULL && p.widths == NULL);
  hinge_peaks_clear(&p);
  o.prominence.min = -INFINITY; /* scipy's prominence=(None, None) */
  p = find(x, 7, &o);
  cr_assert(p.count == 3 && p.prominences != NULL && p.right_bases != NULL && p.widths == NULL);
  cr_assert_eq(p.prominences[2], 3.0);
  hinge_peaks_clear(&p);
  hinge_peak_opts_init(&o);
  o.width.max = INFINITY;
  p = find(x, 7, &o);
  cr_assert(p.count == 3 && p.prominences != NULL && p.widths != NULL && p.left_ips != NULL);
  hinge_peaks_clear(&p);
}

Test(find_peaks, should_report_the_middle_of_a_plateau_rounded_down) {
  double even[] = {0, 1, 1, 0}, odd[] = {0, 1, 1, 1, 0}, edge[] = {1, 1, 0, 2, 2};
  hinge_peak_opts o;
  hinge_peaks p;
  hinge_peak_opts_init(&o);
  p = find(even, 4, &o);
  cr_assert(p.count == 1 && p.index[0] == 1 && p.plateau_sizes[0] == 2);
  cr_assert(p.left_edges[0] == 1 && p.right_edges[0] == 2);
  hinge_peaks_clear(&p);
  p = find(odd, 5, &o);
  cr_assert(p.count == 1 && p.index[0] == 2 && p.plateau_sizes[0] == 3);
  hinge_peaks_clear(&p);
  /* Plateaus touching either end are not peaks. */
  p = find(edge, 5, &o);
  cr_assert_eq(p.count, 0);
  hinge_peaks_clear(&p);
}

Test(find_peaks, distance_should_keep_the_higher_peak) {
  double x[] = {0, 5, 0, 6, 0, 4, 0, 0, 0, 3, 0};
  hinge_peak_opts o;
  hinge_peaks p;
  hinge_peak_opts_init(&o);
  o.distance = 3;
  p = find(x, 11, &o);
  cr_assert_eq(p.count, 2);
  cr_assert(p.index[0] == 3 && p.index[1] == 9);
  hinge_peaks_clear(&p);
}

/* A distance past the signal keeps the highest peak alone (scipy does
 * the same); 2e47 overflowed the conversion to a sample count (UBSan,
 * found by fuzz_lua: lua-find-peaks-huge-distance.lua). */
Test(find_peaks, a_huge_distance_should_keep_the_highest_peak) {
  double x[] = {0, 5, 0, 6, 0, 4, 0, 0, 0, 3, 0};
  double huge[] = {11, 1e19, 2.03333e47, 1.7976931348623157e308};
  hinge_peak_opts o;
  hinge_peaks p;
  size_t k;
  for (k = 0; k < sizeof huge / sizeof huge[0]; k++) {
    hinge_peak_opts_init(&o);
    o.distance = huge[k];
    p = find(x, 11, &o);
    cr_assert_eq(p.count, 1, "distance %g: %zu peaks", huge[k], p.count);
    cr_assert_eq(p.index[0], 3);
    hinge_peaks_clear(&p);
  }
}

Test(find_peaks, short_and_flat_signals_should_have_no_peaks) {
  double x[] = {1, 2, 1}, flat[] = {2, 2, 2, 2};
  hinge_peak_opts o;
  hinge_peaks p;
  hinge_peak_opts_init(&o);
  p = find(x, 0, &o);
  cr_assert(p.count == 0 && p.index == NULL);
  p = find(x, 2, &o);
  cr_assert_eq(p.count, 0);
  p = find(x, 3, &o);
  cr_assert_eq(p.count, 1);
  hinge_peaks_clear(&p);
  p = find(flat, 4, &o);
  cr_assert_eq(p.count, 0);
  hinge_peaks_clear(&p);
  hinge_peaks_clear(NULL);
}

Test(find_peaks, min_above_max_should_keep_nothing_as_scipy) {
  double x[] = {0, 1, 0, 2, 0};
  hinge_peak_opts o;
  hinge_peaks p;
  hinge_peak_opts_init(&o);
  o.height.min = 3;
  o.height.max = 1;
  p = find(x, 5, &o);
  cr_assert_eq(p.count, 0);
}

/* ---- errors ------------------------------------------------------------ */

static void expect_einval(const double *x, size_t n, const hinge_peak_opts *o, const char *word) {
  hinge_peaks p;
  hinge_error err;
  hinge_error_clear(&err);
  cr_assert_eq(hinge_find_peaks(x, n, o, &p, NULL, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, word), "message '%s' lacks '%s'", err.message, word);
  cr_assert_eq(p.count, 0);
  hinge_peaks_clear(&p);
}

Test(find_peaks, nan_input_should_be_einval_naming_the_sample) {
  double x[] = {0, 1, NAN, 1, 0};
  hinge_peak_opts o;
  hinge_peak_opts_init(&o);
  expect_einval(x, 5, &o, "sample 2");
}

Test(find_peaks, bad_options_should_be_einval_naming_the_option) {
  double x[] = {0, 1, 0};
  hinge_peak_opts o;
  hinge_peak_opts_init(&o);
  o.distance = 0.5;
  expect_einval(x, 3, &o, "distance");
  hinge_peak_opts_init(&o);
  o.wlen = 1;
  expect_einval(x, 3, &o, "wlen");
  hinge_peak_opts_init(&o);
  o.rel_height = -0.1;
  expect_einval(x, 3, &o, "rel_height");
  hinge_peak_opts_init(&o);
  o.distance = INFINITY;
  expect_einval(x, 3, &o, "distance");
  expect_einval(x, 3, NULL, "options");
  cr_assert_eq(hinge_find_peaks(x, 3, &o, NULL, NULL, NULL), HINGE_EINVAL);
}

Test(peak_prominences, bad_indices_and_prominence_data_should_be_einval) {
  double x[] = {0, 1, 0}, prom[1] = {-1}, w[1];
  size_t bad[] = {3}, good[] = {1}, lb[1] = {0}, rb[1] = {2};
  hinge_error err;
  cr_assert_eq(hinge_peak_prominences(x, 3, bad, 1, NAN, prom, lb, rb, &err), HINGE_EINVAL);
  cr_assert_not_null(strstr(err.message, "not a valid index"));
  cr_assert_eq(hinge_peak_prominences(x, 3, good, 1, 1.0, prom, lb, rb, &err), HINGE_EINVAL);
  prom[0] = -1;
  cr_assert_eq(hinge_peak_widths(x, 3, good, 1, 0.5, prom, lb, rb, w, NULL, NULL, NULL, &err),
               HINGE_EINVAL);
  prom[0] = 1;
  rb[0] = 3;
  cr_assert_eq(hinge_peak_widths(x, 3, good, 1, 0.5, prom, lb, rb, w, NULL, NULL, NULL, &err),
               HINGE_EINVAL);
  rb[0] = 2;
  cr_assert_eq(hinge_peak_widths(x, 3, good, 1, 0.5, prom, lb, rb, w, NULL, NULL, NULL, &err),
               HINGE_OK);
  cr_assert_eq(w[0], 1.0);
}

/* An allocator that fails after `left` successful allocations. */
static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  int *left = ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if ((*left)-- <= 0) return NULL;
  return realloc(ptr, nsize);
}

Test(find_peaks, out_of_memory_should_be_enomem_and_leak_nothing) {
  double x[] = {0, 2, 0, 3, 0, 1, 0};
  hinge_peak_opts o;
  hinge_peaks p;
  int k;
  hinge_peak_opts_init(&o);
  o.distance = 2;
  for (k = 0; k < 3; k++) {
    int left = k;
    hinge_allocator a = {failing_alloc, &left};
    cr_assert_eq(hinge_find_peaks(x, 7, &o, &p, &a, NULL), HINGE_ENOMEM, "after %d", k);
    cr_assert_eq(p.count, 0);
  }
}

/* Counts the bytes held through it, checking every free's size. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  long *held = ud;
  if (ptr != NULL) *held -= (long)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  *held += (long)nsize;
  return realloc(ptr, nsize);
}

/* hinge_peaks has no private fields: the result block records its size
 * and allocator itself, and clearing gives back exactly what was taken. */
Test(find_peaks, clear_should_free_through_the_callers_allocator) {
  double x[] = {0, 2, 0, 3, 0, 1, 0, 5, 4, 6, 0};
  hinge_peak_opts o;
  hinge_peaks p;
  long held = 0;
  hinge_allocator a = {counting_alloc, &held};
  hinge_peak_opts_init(&o);
  o.all_properties = 1;
  cr_assert_eq(hinge_find_peaks(x, 11, &o, &p, &a, NULL), HINGE_OK);
  cr_assert_eq(p.count, 5);
  cr_assert_eq(p.index[4], 9);
  cr_assert_eq(p.peak_heights[4], 6.0);
  cr_assert_eq(p.right_ips[4] > p.left_ips[4], 1);
  cr_assert(held > 0);
  hinge_peaks_clear(&p);
  cr_assert_eq(held, 0, "%ld bytes still held", held);
  cr_assert_eq(p.count, 0);
  cr_assert_null(p.peak_heights);
  hinge_peaks_clear(&p); /* harmless twice */
  hinge_peaks_clear(NULL);
}
