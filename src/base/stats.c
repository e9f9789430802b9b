/*
 * stats.c -- descriptive statistics and selection (median).
 */
#include <math.h>
#include <string.h>

#include "hinge/stats.h"
#include "internal.h"

/* Move the non-NaN values to the front; return how many there are. */
static size_t compact_valid(double *x, size_t n) {
  size_t i, k = 0;
  for (i = 0; i < n; i++) {
    if (!isnan(x[i])) {
      double t = x[k];
      x[k++] = x[i];
      x[i] = t;
    }
  }
  return k;
}

double hinge__select(double *x, size_t n, size_t k) {
  size_t lo = 0, hi = n - 1;
  while (lo < hi) {
    /* Hoare partition around the median of three (iterative quickselect). */
    size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
    double a = x[lo], b = x[mid], c = x[hi];
    double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
    while (i <= j) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i <= j) {
        double t = x[i];
        x[i] = x[j];
        x[j] = t;
        i++;
        if (j == 0) break;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return x[k];
}

double hinge__median_valid(double *x, size_t n) {
  double hi;
  size_t i;
  if (n == 0) return NAN;
  hi = hinge__select(x, n, n / 2);
  if (n % 2) return hi;
  /* Even count: the lower middle is the largest value left of n/2. */
  {
    double lo = x[0];
    for (i = 1; i < n / 2; i++)
      if (x[i] > lo) lo = x[i];
    return lo + (hi - lo) / 2;
  }
}

double hinge_median_inplace(double *x, size_t n) {
  return hinge__median_valid(x, compact_valid(x, n));
}

int hinge_stats_compute(const double *x, size_t n, hinge_stats *out,
                        const hinge_allocator *alloc, hinge_error *err) {
  size_t i, k = 0;
  double mean = 0, m2 = 0, *copy;
  if (out == NULL || (x == NULL && n > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stats: NULL argument");
  out->n = n;
  out->min = out->max = out->median = out->mean = out->sd = NAN;
  for (i = 0; i < n; i++) {
    double d;
    if (isnan(x[i])) continue;
    k++;
    d = x[i] - mean; /* Welford's update: stable for long traces */
    mean += d / (double)k;
    m2 += d * (x[i] - mean);
    if (k == 1 || x[i] < out->min) out->min = x[i];
    if (k == 1 || x[i] > out->max) out->max = x[i];
  }
  out->valid = k;
  if (k == 0) return HINGE_OK;
  out->mean = mean;
  if (k > 1) out->sd = sqrt(m2 / (double)(k - 1));
  copy = hinge__malloc(alloc, k * sizeof *copy);
  if (copy == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stats: out of memory");
  for (i = 0, k = 0; i < n; i++)
    if (!isnan(x[i])) copy[k++] = x[i];
  out->median = hinge__median_valid(copy, k);
  hinge__free(alloc, copy, k * sizeof *copy);
  return HINGE_OK;
}
