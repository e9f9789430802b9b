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

/* A filter applied run by run: fn(ctx, ...) on each run of at least
 * min_length samples; `what` names it in the too-short message. */
typedef struct hinge__run_filter {
  size_t min_length;
  const char *what;
  hinge__run_fn fn;
  void *ctx;
} hinge__run_filter;

/* Apply f->fn to each maximal run of finite samples of x (see "Missing
 * samples" in hinge/filter.h): non-finite samples become NaN, runs shorter
 * than f->min_length become NaN, and HINGE_ETOOSHORT (naming f->what) when
 * no run is long enough although one sample is finite.  Nothing is written
 * to y before that check.  rep may be NULL. */
int hinge__filter_runs(const double *x, double *y, size_t n, const hinge__run_filter *f,
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

/* The runs of missing samples of one channel, in order, when a pass
 * that read every sample anyway has noted them (the despiking screen of
 * condition.c): later steps then need not look for them again.  known says
 * the list is complete and every non-finite sample is a NaN in it;
 * otherwise (an infinity, a sample not seen, no memory) the list is not
 * to be used. */
typedef struct hinge__span {
  size_t start, len;
} hinge__span;

typedef struct hinge__spans {
  hinge__span *s;
  size_t n, cap;
  int known;
} hinge__spans;

/* Note that x[i] is NaN (i after every sample noted before); on failure
 * to grow the list it is marked unknown. */
void hinge__spans_note(hinge__spans *g, size_t i, const hinge_allocator *a);
void hinge__spans_free(hinge__spans *g, const hinge_allocator *a);

/* nch channels ch[c] of n samples each (a NULL channel is skipped); gaps
 * (NULL, or one per channel) lists a channel's missing samples when
 * known, which spares the search for its runs; reps (NULL, or one per
 * channel) gets each channel's report. */
typedef struct hinge__channels {
  double *const *ch;
  size_t nch, n;
  const hinge__spans *gaps;
  hinge_filter_report *reps;
} hinge__channels;

/* hinge_lowpass(ch[c], ch[c], n, o, ...) for each channel of cs, stopping
 * at the first failure, with the same results.  The runs of all channels
 * are filtered four at a time.  On failure the channels hold unspecified
 * values. */
int hinge__lowpass_channels(const hinge__channels *cs, const hinge_lowpass_opts *o,
                            const hinge_allocator *alloc, hinge_error *err);

/* hinge_fill_gaps' linear fill of the gap x[a..b] (0 < a <= b < n - 1)
 * between x[a - 1] and x[b + 1], same arithmetic. */
void hinge__fill_linear(double *x, size_t a, size_t b);

#endif
