/*
 * gaps.c -- filling short runs of missing samples.
 *
 * A gap is a run of NaN with a valid sample on each side.  Gaps of at
 * most max_gap samples are filled from the original samples around them;
 * longer gaps, and NaN at either end of the trace, stay missing so no
 * later step invents data it cannot support.
 */
#include <math.h>

#include "filter_internal.h"
#include "hinge/clean.h"
#include "base/internal.h"

/* The polynomial through (t[j], y[j]), j < k, at position u (Lagrange
 * form; k <= 4, so conditioning is not a concern). */
static double lagrange(const double *t, const double *y, int k, double u) {
  double sum = 0;
  int j, m;
  for (j = 0; j < k; j++) {
    double w = y[j];
    for (m = 0; m < k; m++)
      if (m != j) w *= (u - t[m]) / (t[j] - t[m]);
    sum += w;
  }
  return sum;
}

/* Fill x[a..b] linearly between x[a - 1] and x[b + 1], in numpy.interp's
 * arithmetic (slope times offset plus the left value). */
void hinge__fill_linear(double *x, size_t a, size_t b) {
  size_t i, left = a - 1;
  double slope = (x[b + 1] - x[left]) / (double)(b + 2 - a);
  for (i = a; i <= b; i++) x[i] = slope * (double)(i - left) + x[left];
}

/* Fill x[a..b] with the polynomial through the bracketing samples and,
 * when they were valid before this call, their outer neighbours.
 * outer_left says whether x[a - 2] is such an original sample. */
static void fill_cubic(double *x, size_t n, size_t a, size_t b, int outer_left) {
  double t[4], y[4];
  int k = 0;
  size_t i, left = a - 1;
  if (outer_left) {
    t[k] = -1;
    y[k++] = x[left - 1];
  }
  t[k] = 0;
  y[k++] = x[left];
  t[k] = (double)(b + 1 - left);
  y[k++] = x[b + 1];
  if (b + 2 < n && !isnan(x[b + 2])) {
    t[k] = (double)(b + 2 - left);
    y[k++] = x[b + 2];
  }
  for (i = a; i <= b; i++) x[i] = lagrange(t, y, k, (double)(i - left));
}

int hinge_fill_gaps(double *x, size_t n, size_t max_gap, hinge_fill_method method,
                    size_t *filled, hinge_error *err) {
  size_t i = 0, count = 0, last_nan = 0;
  int seen_nan = 0;
  if (filled != NULL) *filled = 0;
  if (x == NULL && n > 0) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "fill_gaps: NULL signal");
  if (method != HINGE_FILL_LINEAR && method != HINGE_FILL_CUBIC)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "fill_gaps: unknown method %d", (int)method);
  while (i < n) {
    size_t a = i, b;
    if (!isnan(x[i])) {
      i++;
      continue;
    }
    while (i + 1 < n && isnan(x[i + 1])) i++;
    b = i++;
    if (a > 0 && b + 1 < n && b - a + 1 <= max_gap) {
      /* x[a - 2] is original data unless it belonged to an earlier gap. */
      int outer_left = a >= 2 && (!seen_nan || a - 2 > last_nan);
      if (method == HINGE_FILL_LINEAR) hinge__fill_linear(x, a, b);
      else fill_cubic(x, n, a, b, outer_left);
      count += b - a + 1;
    }
    seen_nan = 1;
    last_nan = b;
  }
  if (filled != NULL) *filled = count;
  return HINGE_OK;
}
