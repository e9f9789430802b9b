/*
 * filter_internal.h -- the run-by-run driver the conditioning calls share
 * (filter.c, savgol.c, residual.c).  Not installed.
 */
#ifndef HINGE_FILTER_INTERNAL_H
#define HINGE_FILTER_INTERNAL_H

#include "hinge/filter.h"

/* Filter one run of finite samples x[0..n-1] into y (y may equal x);
 * n >= the driver's min_length. */
typedef int (*hinge__run_fn)(void *ctx, const double *x, double *y, size_t n, hinge_error *err);

/* Apply fn to each maximal run of finite samples of x (see "Missing
 * samples" in hinge/filter.h): non-finite samples become NaN, runs shorter
 * than min_length become NaN, and HINGE_ETOOSHORT (naming `what`) when no
 * run is long enough although one sample is finite.  Nothing is written
 * to y before that check.  rep may be NULL. */
int hinge__filter_runs(const double *x, double *y, size_t n, size_t min_length,
                       const char *what, hinge__run_fn fn, void *ctx,
                       hinge_filter_report *rep, hinge_error *err);

/* The longest run of finite samples of x[0..n-1], to size scratch space. */
size_t hinge__longest_run(const double *x, size_t n);

/* sosfiltfilt with the default pad length, in place, on up to four
 * arrays at once (v[k] of n[k] samples, 1 <= lanes <= 4), each exactly
 * as hinge_sosfiltfilt would filter it alone.  The sections must be
 * checked (a steady state exists), every n[k] > the pad length and the
 * pad length <= HINGE__LANES_MAX_PAD. */
#define HINGE__LANES_MAX_PAD 64
void hinge__sosfiltfilt_lanes(const double *sos, int nsections, double *const *v, const size_t *n,
                              int lanes);

/* hinge_lowpass(ch[c], ch[c], n, o, ...) for c = 0 .. nch-1, stopping at
 * the first failure, with the same results; reps (may be NULL) gets one
 * report per channel.  The runs of all channels are filtered four at a
 * time.  On failure the channels hold unspecified values. */
int hinge__lowpass_channels(double *const *ch, size_t nch, size_t n, const hinge_lowpass_opts *o,
                            hinge_filter_report *reps, const hinge_allocator *alloc,
                            hinge_error *err);

#endif
