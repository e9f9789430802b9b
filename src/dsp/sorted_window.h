/*
 * sorted_window.h -- the Hampel filter's moving window as a sorted array
 * of its valid values: insertion, removal, median and median absolute
 * deviation.  One implementation (src/dsp/hampel.c) for the offline
 * despiking and the live stream's (src/lift/stream_cond.c).  Not installed.
 */
#ifndef HINGE_DSP_SORTED_WINDOW_H
#define HINGE_DSP_SORTED_WINDOW_H

#include <stddef.h>

/* Insert v (not NaN) into sorted[0..count) (room for one more). */
void hinge__sw_insert(double *sorted, size_t count, double v);
/* Remove one value equal to v (present, not NaN) from sorted[0..count). */
void hinge__sw_remove(double *sorted, size_t count, double v);
/* numpy.median of sorted[0..count), count > 0; finite for finite values
 * even near DBL_MAX. */
double hinge__sw_median(const double *sorted, size_t count);
/* Median of |sorted - med| over sorted[0..count), count > 0. */
double hinge__sw_mad(const double *sorted, size_t count, double med);

#endif
