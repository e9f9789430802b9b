/*
 * peaks_internal.h -- pieces of the peak finder shared by peaks.c and
 * peaks_order.c.  Not installed.
 */
#ifndef HINGE_PEAKS_INTERNAL_H
#define HINGE_PEAKS_INTERNAL_H

#include <stddef.h>

/* Sort idx[0..n-1] (overwritten with 0..n-1 first) so v[idx[k]] ascends,
 * reproducing numpy's default argsort (kind="quicksort", an introsort)
 * step for step, so that equal values end up in numpy's order.  v must
 * hold no NaN. */
void hinge__argsort_np(const double *v, size_t *idx, size_t n);
/* The same with the partition budget given (numpy uses 2 * floor(log2
 * n)); a negative budget heapsorts everything, as numpy's
 * argsort(kind="heapsort").  For tests. */
void hinge__argsort_np_budget(const double *v, size_t *idx, size_t n, int budget);

/* scipy's distance rule: with peaks[0..n-1] ascending and a priority per
 * peak, walk the peaks from the highest priority down (ties in reverse
 * hinge__argsort_np order); each peak not yet removed removes every
 * neighbour closer than `distance` samples.  keep (n flags) is filled;
 * order (n indices) is scratch. */
void hinge__select_by_distance(const size_t *peaks, const double *priority, size_t n,
                               size_t distance, unsigned char *keep, size_t *order);

#endif
