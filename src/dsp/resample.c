/*
 * resample.c -- irregular timestamps onto a uniform grid (numpy.interp)
 * and angle unwrapping (numpy.unwrap), with numpy's arithmetic so the
 * results are equal, not just close.
 */
#include <math.h>

#include "hinge/clean.h"
#include "base/internal.h"

#define GRID_MAX ((size_t)1 << 40)

int hinge_resample_count(const double *t, size_t n, double fs, size_t *m, hinge_error *err) {
  size_t i;
  double span;
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
  if (n == 0) return HINGE_OK;
  /* The tolerance keeps a last timestamp that sits on the grid but comes
   * out a hair short after rounding. */
  span = floor((t[n - 1] - t[0]) * fs + 1e-9);
  if (!(span < (double)GRID_MAX))
    return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0,
                       "resample: the grid would hold more than 2^40 samples");
  *m = (size_t)span + 1;
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

int hinge_resample(const double *t, const double *x, size_t n, double fs, double *y, double *tk,
                   size_t m, hinge_error *err) {
  size_t want, k, j = 0;
  int rc = hinge_resample_count(t, n, fs, &want, err);
  if (rc != HINGE_OK) return rc;
  if (m != want)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "resample: the output has %zu samples, the grid %zu", m, want);
  if (m > 0 && (x == NULL || y == NULL))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "resample: NULL array");
  for (k = 0; k < m; k++) {
    double u = t[0] + (double)k / fs;
    while (j + 1 < n && t[j + 1] <= u) j++; /* t[j] <= u < t[j + 1] */
    if (j == n - 1) y[k] = x[n - 1];
    else if (t[j] == u) y[k] = x[j];
    else y[k] = interp_between(t, x, j, u);
    if (tk != NULL) tk[k] = u;
  }
  return HINGE_OK;
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
