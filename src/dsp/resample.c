/*
 * resample.c -- irregular timestamps onto a uniform grid (numpy.interp)
 * and angle unwrapping (numpy.unwrap), with numpy's arithmetic so the
 * results are equal, not just close.
 */
#include <math.h>
#include <stdint.h>

#include "hinge/clean.h"
#include "base/internal.h"
#include "resample_internal.h"

double hinge__grid_points(const double *t, size_t n, double fs) {
  if (n == 0) return 0;
  /* The tolerance keeps a last timestamp that sits on the grid but comes
   * out a hair short after rounding. */
  return floor((t[n - 1] - t[0]) * fs + 1e-9) + 1;
}

size_t hinge__longest_step(const double *t, size_t n) {
  size_t i, best = 0;
  for (i = 1; i + 1 < n; i++)
    if (t[i + 1] - t[i] > t[best + 1] - t[best]) best = i;
  return best;
}

/* The grid may not outgrow the input: one stray timestamp (a clock
 * glitch, 1e6 s after the rest) would otherwise ask for gigabytes.  The
 * limit leaves room for any sensible upsampling.  m is the grid length as
 * hinge__grid_points gives it. */
static int check_grid(const double *t, size_t n, double fs, double m, hinge_error *err) {
  double limit = HINGE_RESAMPLE_MAX_FACTOR * (double)n + HINGE_RESAMPLE_MAX_EXTRA;
  size_t i;
  /* The second test matters with a 32-bit size_t: the values and the grid
   * times of m samples must be sizes too. */
  if (m <= limit && m <= (double)(SIZE_MAX / (2 * sizeof(double)))) return HINGE_OK;
  i = hinge__longest_step(t, n);
  return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0,
                     "resample: %zu timestamps at %g Hz would make a grid of %.0f samples, "
                     "more than %d per timestamp + %d; the longest step is %.10g s, from %.10g "
                     "to %.10g (timestamps %zu and %zu, 0-based)",
                     n, fs, m, HINGE_RESAMPLE_MAX_FACTOR, HINGE_RESAMPLE_MAX_EXTRA,
                     t[i + 1] - t[i], t[i], t[i + 1], i, i + 1);
}

int hinge_resample_count(const double *t, size_t n, double fs, size_t *m, hinge_error *err) {
  size_t i;
  double points;
  int rc;
  if (m != NULL) *m = 0;
  if (m == NULL || (t == NULL && n > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "resample: NULL argument");
  if (!(fs > 0 && isfinite(fs)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "resample: the sample rate must be a finite number > 0 (got %g)", fs);
  for (i = 0; i < n; i++) {
    if (!isfinite(t[i]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "resample: timestamp %zu (0-based) is not a finite number", i);
    if (i > 0 && !(t[i] > t[i - 1]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "resample: timestamps must increase strictly (%.17g at %zu after %.17g)",
                         t[i], i, t[i - 1]);
  }
  points = hinge__grid_points(t, n, fs);
  if ((rc = check_grid(t, n, fs, points, err)) != HINGE_OK) return rc;
  *m = (size_t)points;
  return HINGE_OK;
}

/* numpy.interp's value between samples j and j + 1 (t[j] < u < t[j+1]):
 * slope form, and when NaN comes out one way, the other way. */
static double interp_between(const double *t, const double *x, size_t j, double u) {
  double slope = (x[j + 1] - x[j]) / (t[j + 1] - t[j]);
  double v = slope * (u - t[j]) + x[j];
  if (isnan(v)) {
    v = slope * (u - t[j + 1]) + x[j + 1];
    if (isnan(v) && x[j] == x[j + 1]) v = x[j];
  }
  return v;
}

/* A resampling's invariants: the n samples (t, x), the rate and the
 * grid's values y and times tk (may be NULL). */
typedef struct resample_grid {
  const double *t, *x;
  size_t n;
  double fs;
  double *y, *tk;
} resample_grid;

/* hinge_resample's points k0 <= k < k1.  *j (0 at first) is where the
 * search for the sample at or before each grid time resumes: ranges come
 * in order, so the whole grid costs one pass over t. */
static void resample_range(const resample_grid *g, size_t k0, size_t k1, size_t *j) {
  const double *t = g->t, *x = g->x;
  double *y = g->y, *tk = g->tk, fs = g->fs;
  size_t k, i = *j, n = g->n;
  for (k = k0; k < k1; k++) {
    double u = t[0] + (double)k / fs;
    while (i + 1 < n && t[i + 1] <= u) i++; /* t[i] <= u < t[i + 1] */
    if (i == n - 1) y[k] = x[n - 1];
    else if (t[i] == u) y[k] = x[i];
    else y[k] = interp_between(t, x, i, u);
    if (tk != NULL) tk[k] = u;
  }
  *j = i;
}

int hinge_resample(const double *t, const double *x, size_t n, double fs, double *y, double *tk,
                   size_t m, hinge_error *err) {
  resample_grid g;
  size_t want, j = 0;
  int rc = hinge_resample_count(t, n, fs, &want, err);
  if (rc != HINGE_OK) return rc;
  if (m != want)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "resample: the output has %zu samples, the grid %zu", m, want);
  if (m > 0 && (x == NULL || y == NULL))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "resample: NULL array");
  g.t = t;
  g.x = x;
  g.n = n;
  g.fs = fs;
  g.y = y;
  g.tk = tk;
  resample_range(&g, 0, m, &j);
  return HINGE_OK;
}

/* The grid points strictly inside the step t[i] -> t[i + 1], as the
 * half-open [*k0, *k1), clamped to the m points of the grid. */
static void points_inside(const double *t, size_t i, double fs, size_t m, size_t *k0,
                          size_t *k1) {
  double first = floor((t[i] - t[0]) * fs) + 1, last = ceil((t[i + 1] - t[0]) * fs) - 1;
  *k0 = first < (double)m ? (size_t)first : m;
  *k1 = last + 1 < (double)m ? (size_t)(last + 1) : m;
  if (*k1 < *k0) *k1 = *k0;
}

void hinge__resample_pieces(const double *t, const double *x, size_t n, double fs,
                            double max_gap_s, double *y, size_t m) {
  resample_grid g;
  size_t i, k = 0, j = 0;
  g.t = t;
  g.x = x;
  g.n = n;
  g.fs = fs;
  g.y = y;
  g.tk = NULL;
  for (i = 0; i + 1 < n; i++) {
    size_t k0, k1;
    if (t[i + 1] - t[i] <= max_gap_s) continue;
    points_inside(t, i, fs, m, &k0, &k1);
    if (k0 < k) k0 = k; /* a guard: steps come in order, and so do their points */
    if (k1 < k0) k1 = k0;
    resample_range(&g, k, k0, &j);
    for (k = k0; k < k1; k++) y[k] = NAN;
  }
  resample_range(&g, k, m, &j);
}

/* numpy's floating remainder: the sign follows the divisor. */
static double np_mod(double a, double b) {
  double r = fmod(a, b);
  if (r != 0) {
    if ((b < 0) != (r < 0)) r += b;
  } else {
    r = copysign(0.0, b);
  }
  return r;
}

/* The correction numpy.unwrap adds for a step dd. */
static double unwrap_step(double dd, double period, double discont) {
  double high = period / 2, low = -high;
  double ddmod = np_mod(dd - low, period) + low;
  /* A step of exactly half a period keeps its own sign. */
  if (ddmod == low && dd > 0) ddmod = high;
  return fabs(dd) < discont ? 0.0 : ddmod - dd;
}

int hinge_unwrap(double *x, size_t n, double period, double discont, hinge_error *err) {
  size_t i;
  double prev = 0, sum = 0;
  int started = 0, summing = 0;
  if (x == NULL && n > 0) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "unwrap: NULL signal");
  if (!(period > 0 && isfinite(period)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "unwrap: the period must be a finite number > 0 (got %g)", period);
  if (isnan(discont)) discont = period / 2;
  for (i = 0; i < n; i++) {
    double v = x[i], c;
    if (isnan(v)) continue;
    if (!started) {
      started = 1;
      prev = v;
      continue;
    }
    c = unwrap_step(v - prev, period, discont);
    sum = summing ? sum + c : c; /* numpy's cumsum starts from the first term */
    summing = 1;
    prev = v;
    x[i] = v + sum;
  }
  return HINGE_OK;
}
