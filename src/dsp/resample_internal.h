/*
 * resample_internal.h -- the resampling pieces the analysis shares with
 * hinge_resample (resample.c): the grid length before any check, and
 * resampling that leaves long time gaps missing instead of bridging
 * them.  Not installed.
 */
#ifndef HINGE_RESAMPLE_INTERNAL_H
#define HINGE_RESAMPLE_INTERNAL_H

#include <stddef.h>

/* The length of hinge_resample_count's grid, floor((t[n-1] - t[0]) * fs
 * + 1e-9) + 1, as a double (0 when n is 0), so that a caller can compare
 * it with a limit before it becomes a size.  t must have been checked
 * (finite, increasing) and fs be finite and > 0. */
double hinge__grid_points(const double *t, size_t n, double fs);

/* The index i of the longest step t[i] -> t[i + 1] (the first of equal
 * ones); 0 when n < 2.  For messages that name the gap to blame. */
size_t hinge__longest_step(const double *t, size_t n);

/* hinge_resample of (t, x) onto the m points t[0] + k / fs, except that
 * the grid points strictly inside a time step longer than max_gap_s are
 * never interpolated: they are NaN, missing samples, as if the sensor had
 * sent nothing there.  Every other point is bit for bit hinge_resample's.
 * m is hinge_resample_count's length; t as for hinge__grid_points. */
void hinge__resample_pieces(const double *t, const double *x, size_t n, double fs,
                            double max_gap_s, double *y, size_t m);

#endif
