/*
 * hinge/stats.h -- descriptive statistics of a double array (NaN = missing).
 */
#ifndef HINGE_STATS_H
#define HINGE_STATS_H

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hinge_stats {
  size_t n;      /* samples, NaN included */
  size_t valid;  /* samples that are not NaN */
  double mean;   /* of the valid samples; NaN when valid == 0 */
  double sd;     /* sample standard deviation (n - 1); NaN when valid < 2 */
  double min, max, median; /* NaN when valid == 0 */
} hinge_stats;

/* Statistics of x[0..n-1], ignoring NaN.  Needs a scratch copy of the
 * valid samples for the median (allocated through `alloc`, NULL = libc,
 * freed before return).  Returns HINGE_OK or HINGE_ENOMEM / HINGE_EINVAL. */
HINGE_EXPORT int hinge_stats_compute(const double *x, size_t n, hinge_stats *out,
                                     const hinge_allocator *alloc, hinge_error *err);

/* Median of the non-NaN values of x[0..n-1]; x is reordered in place
 * (NaNs moved to the end).  NaN when no value is valid. */
HINGE_EXPORT double hinge_median_inplace(double *x, size_t n);

#ifdef __cplusplus
}
#endif
#endif
