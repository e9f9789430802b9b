/* Unit tests for hinge__tall_peaks (reps.c), the bottom level's peak
 * search: the same peaks as hinge_find_peaks with a height and a
 * prominence condition, on signals full of plateaus, ties and edges. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lift/analyze_internal.h"
#include "hinge/peaks.h"

/* hinge__tall_peaks with the scan spelled out. */
static size_t tall_peaks(const double *x, size_t n, size_t stride, double hmin, double pmin,
                         double wlen, double *heights, size_t cap) {
  hinge__peak_scan ps;
  ps.x = x;
  ps.n = n;
  ps.stride = stride;
  ps.hmin = hmin;
  ps.pmin = pmin;
  ps.wlen = wlen;
  return hinge__tall_peaks(&ps, heights, cap);
}

static unsigned seed = 4242;

static double uniform(void) {
  seed = seed * 1103515245u + 12345u;
  return (double)(seed >> 8 & 0xffffff) / 16777216.0;
}

/* A random walk, rounded to a coarse step (plateaus and equal peaks) or
 * not, with occasional big jumps. */
static void make(double *x, size_t n, double step) {
  size_t i;
  double v = 0;
  for (i = 0; i < n; i++) {
    v += (uniform() - 0.5) * 4;
    if (uniform() < 0.02) v += (uniform() - 0.5) * 60;
    x[i] = step > 0 ? step * floor(v / step) : v;
  }
}

/* hinge__tall_peaks on the n samples x[j * stride] against
 * hinge_find_peaks on a copy of them. */
static void compare_strided(const double *x, size_t n, size_t stride, double hmin, double pmin,
                            double wlen) {
  hinge_peak_opts o;
  hinge_peaks p;
  hinge_error e;
  double *mine = malloc((n / 2 + 1) * sizeof *mine), *copy = malloc((n + 1) * sizeof *copy);
  size_t m, i;
  for (i = 0; i < n; i++) copy[i] = x[i * stride];
  hinge_peak_opts_init(&o);
  o.height.min = hmin;
  o.prominence.min = pmin;
  o.wlen = wlen;
  memset(&p, 0, sizeof p);
  cr_assert_eq(hinge_find_peaks(copy, n, &o, &p, NULL, &e), HINGE_OK, "%s", e.message);
  m = tall_peaks(x, n, stride, hmin, pmin, wlen, mine, n / 2 + 1);
  cr_assert_eq(m, p.count, "n %zu hmin %g pmin %g wlen %g: %zu peaks vs %zu", n, hmin, pmin, wlen,
               m, p.count);
  for (i = 0; i < m; i++) cr_assert_eq(mine[i], p.peak_heights[i], "peak %zu", i);
  /* with too little room: the count, and the first heights */
  if (m > 1) {
    cr_assert_eq(tall_peaks(x, n, stride, hmin, pmin, wlen, mine, 1), m);
    cr_assert_eq(mine[0], p.peak_heights[0]);
  }
  hinge_peaks_clear(&p);
  free(mine);
  free(copy);
}

static void compare(const double *x, size_t n, double hmin, double pmin, double wlen) {
  compare_strided(x, n, 1, hmin, pmin, wlen);
}

Test(tall_peaks, should_find_what_find_peaks_finds) {
  static const double wlens[] = {NAN, 2, 3, 3.5, 9, 40, 401, 1e9};
  static const double steps[] = {0, 0.5, 2, 10};
  double *x = malloc(4000 * sizeof *x);
  int trial;
  for (trial = 0; trial < 400; trial++) {
    size_t n = trial < 8 ? (size_t)trial : 10 + (size_t)(uniform() * 3990);
    double hmin = uniform() < 0.1 ? NAN : (uniform() - 0.5) * 40;
    double pmin = uniform() < 0.1 ? NAN : uniform() < 0.1 ? 0 : uniform() * 30;
    make(x, n, steps[trial % 4]);
    compare(x, n, hmin, pmin, wlens[trial % 8]);
  }
  free(x);
}

Test(tall_peaks, prominence_exactly_at_the_gate_should_count) {
  /* bases 10 below the peak on both sides: prominence exactly 10 */
  static const double x[] = {0, 5, 10, 5, 0, 3, 0, 8, 0};
  compare(x, 9, 0, 10, NAN);
  compare(x, 9, 0, 10.000000001, NAN);
  compare(x, 9, 0, 8, 3);
  compare(x, 9, 10, 0, NAN);
}

Test(tall_peaks, a_strided_view_should_equal_the_copied_samples) {
  double *x = malloc(20000 * sizeof *x);
  int trial;
  for (trial = 0; trial < 100; trial++) {
    size_t stride = 1 + (size_t)(uniform() * 7), n = (size_t)(uniform() * 20000) / stride;
    make(x, n * stride, trial % 2 ? 0.5 : 0);
    compare_strided(x, n, stride, (uniform() - 0.5) * 40, uniform() * 30,
                    trial % 3 ? NAN : 50);
  }
  free(x);
}

Test(tall_peaks, a_missing_sample_in_the_view_should_be_reported) {
  double x[40], h[40];
  size_t i;
  for (i = 0; i < 40; i++) x[i] = (double)(i % 7);
  cr_assert_neq(tall_peaks(x, 20, 2, 0, 1, NAN, h, 40), (size_t)-1);
  x[1] = NAN; /* not in the view of stride 2 */
  cr_assert_neq(tall_peaks(x, 20, 2, 0, 1, NAN, h, 40), (size_t)-1);
  x[38] = NAN; /* the view's last sample */
  cr_assert_eq(tall_peaks(x, 20, 2, 0, 1, NAN, h, 40), (size_t)-1);
  x[38] = 0;
  x[0] = NAN; /* its first */
  cr_assert_eq(tall_peaks(x, 20, 2, 0, 1, NAN, h, 40), (size_t)-1);
  x[0] = 0;
  x[20] = NAN; /* inside */
  cr_assert_eq(tall_peaks(x, 20, 2, 0, 1, NAN, h, 40), (size_t)-1);
}
