/*
 * hampel.c -- the Hampel identifier (Hampel 1974; Pearson 2002): replace
 * a sample by its window median when it lies more than k scaled MADs
 * from it.
 *
 * The window's valid samples are kept sorted: sliding one step removes
 * one value and inserts one (binary search plus memmove), the median is
 * then read directly and the MAD found by walking outwards from the
 * median through the sorted values, which visits the deviations in
 * increasing order.  That is O(w) memory moves and O(w) comparisons per
 * sample with a small constant -- cheaper than two selections per
 * window -- and exact, since nothing is approximated.
 */
#include <math.h>
#include <string.h>

#include "hinge/clean.h"
#include "base/internal.h"
#include "sorted_window.h"

typedef struct window {
  double *sorted; /* the valid values in the window, ascending */
  size_t count;
  double *ring;   /* every value entered, by index mod span, NaN included */
  size_t span;    /* 2h + 1 */
} window;

/* First position whose value is > v (strict = 1) or >= v (strict = 0). */
static size_t bound(const double *s, size_t m, double v, int strict) {
  size_t lo = 0, hi = m;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strict ? s[mid] <= v : s[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void hinge__sw_insert(double *sorted, size_t count, double v) {
  size_t p = bound(sorted, count, v, 1);
  memmove(sorted + p + 1, sorted + p, (count - p) * sizeof(double));
  sorted[p] = v;
}

void hinge__sw_remove(double *sorted, size_t count, double v) {
  size_t p = bound(sorted, count, v, 0); /* an equal value: any one will do */
  memmove(sorted + p, sorted + p + 1, (count - p - 1) * sizeof(double));
}

static void win_enter(window *w, size_t j, double v) {
  w->ring[j % w->span] = v;
  if (isnan(v)) return;
  hinge__sw_insert(w->sorted, w->count++, v);
}

static void win_leave(window *w, size_t j) {
  double v = w->ring[j % w->span];
  if (isnan(v)) return;
  hinge__sw_remove(w->sorted, w->count--, v);
}

/* numpy.median's arithmetic: the middle value, or the mean of the two
 * (halved first when the sum of two samples near DBL_MAX overflows, so
 * a finite window never has an infinite median). */
static double middle(double a, double b, size_t m) {
  double mean;
  if (m % 2) return b;
  mean = (a + b) / 2;
  return isinf(mean) && isfinite(a) && isfinite(b) ? a / 2 + b / 2 : mean;
}

double hinge__sw_median(const double *s, size_t m) {
  return middle(s[m / 2 - (m % 2 ? 0 : 1)], s[m / 2], m);
}

/* Median of |s - med|: the deviations left of the median grow leftwards,
 * those right of it rightwards, so merging the two walks yields them in
 * ascending order; stop at the middle one. */
double hinge__sw_mad(const double *s, size_t m, double med) {
  size_t l = bound(s, m, med, 0), r = l, step;
  double prev = 0, cur = 0;
  for (step = 0; step <= m / 2; step++) {
    double dl = l > 0 ? med - s[l - 1] : INFINITY;
    double dr = r < m ? s[r] - med : INFINITY;
    prev = cur;
    /* dl and dr may both be infinite (an exhausted side, or a difference
     * that overflows): never step left past the first sample. */
    if (l > 0 && (dl <= dr || r >= m)) {
      cur = dl;
      l--;
    } else {
      cur = dr;
      r++;
    }
  }
  return middle(prev, cur, m);
}

static double win_median(const window *w) { return hinge__sw_median(w->sorted, w->count); }
static double win_mad(const window *w, double med) { return hinge__sw_mad(w->sorted, w->count, med); }

int hinge_hampel_opts_init(hinge_hampel_opts *o, double fs, hinge_error *err) {
  int rc;
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "despike: NULL options");
  o->k = HINGE_HAMPEL_K;
  o->min_dev = 0;
  rc = hinge_seconds_to_samples(HINGE_HAMPEL_HALF_WINDOW_S, fs, &o->half_window, err);
  if (o->half_window < 1) o->half_window = 1;
  return rc;
}

int hinge_hampel_opts_check(const hinge_hampel_opts *o, hinge_error *err) {
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "despike: NULL options");
  if (o->half_window < 1)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "despike: the half-window must be at least 1 sample");
  if (o->half_window > ((size_t)1 << 40))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "despike: the half-window is too long");
  if (!(o->k >= 0 && isfinite(o->k)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "despike: k must be a finite number >= 0 (got %g)", o->k);
  if (!(o->min_dev >= 0 && isfinite(o->min_dev)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "despike: min_dev must be a finite number >= 0 (got %g)", o->min_dev);
  return HINGE_OK;
}

/* Slide the window along x, writing y; w starts empty. */
static size_t run(const double *x, double *y, size_t n, const hinge_hampel_opts *o, window *w) {
  size_t h = o->half_window, i, j, replaced = 0;
  for (j = 0; j < n && j <= h; j++) win_enter(w, j, x[j]);
  for (i = 0; i < n; i++) {
    double v = x[i]; /* read before y[i] is written: y may be x */
    if (!isnan(v)) {
      double med = win_median(w), thr = o->k * HINGE_HAMPEL_MAD_SCALE * win_mad(w, med);
      if (thr < o->min_dev) thr = o->min_dev;
      if (fabs(v - med) > thr) {
        v = med;
        replaced++;
      }
    }
    if (i >= h) win_leave(w, i - h);
    if (i + h + 1 < n) win_enter(w, i + h + 1, x[i + h + 1]);
    y[i] = v;
  }
  return replaced;
}

int hinge_despike(const double *x, double *y, size_t n, const hinge_hampel_opts *o,
                  size_t *replaced, const hinge_allocator *a, hinge_error *err) {
  window w;
  size_t count, bytes;
  int rc;
  if (replaced != NULL) *replaced = 0;
  if ((rc = hinge_hampel_opts_check(o, err)) != HINGE_OK) return rc;
  if ((x == NULL || y == NULL) && n > 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "despike: NULL signal");
  if (n == 0) return HINGE_OK;
  w.span = 2 * o->half_window + 1;
  if (w.span > n) w.span = n + 1; /* never more values than the trace holds */
  bytes = 2 * w.span * sizeof(double);
  w.sorted = hinge__malloc(a, bytes);
  if (w.sorted == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "despike: out of memory");
  w.ring = w.sorted + w.span;
  w.count = 0;
  count = run(x, y, n, o, &w);
  hinge__free(a, w.sorted, bytes);
  if (replaced != NULL) *replaced = count;
  return HINGE_OK;
}
