/*
 * hinge/peaks.h -- peak finding equal to scipy.signal.find_peaks, with
 * peak_prominences and peak_widths.
 *
 * Indices are 0-based here (the Lua binding adds 1).  Every function
 * refuses NaN samples with HINGE_EINVAL: a peak next to a missing sample
 * is undefined, so fill or split the trace first (hinge/clean.h).
 * Infinite samples are accepted and behave as in scipy.
 * docs/algorithms.md describes the method and how it follows scipy.
 */
#ifndef HINGE_PEAKS_H
#define HINGE_PEAKS_H

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An interval condition on one peak property, as scipy's `(min, max)`
 * pair: a peak is kept when min <= value and value <= max.  NaN on a
 * side means no bound there; both NaN means no condition at all.  For
 * scipy's `(None, None)` -- compute the property, keep every peak -- use
 * min = -INFINITY.  As in scipy, min > max is not an error: it keeps
 * nothing. */
typedef struct hinge_peak_range {
  double min;
  double max;
} hinge_peak_range;

/* The arguments of scipy.signal.find_peaks.  Start from
 * hinge_peak_opts_init() (every condition off) and set what you need. */
typedef struct hinge_peak_opts {
  hinge_peak_range height;       /* x[peak] */
  hinge_peak_range threshold;    /* vertical distance to both neighbours */
  hinge_peak_range prominence;
  hinge_peak_range width;        /* in samples, at rel_height */
  hinge_peak_range plateau_size; /* in samples */
  double distance;   /* minimal horizontal distance (>= 1, rounded up); NaN = none */
  double wlen;       /* prominence window (> 1, rounded up); NaN = whole signal */
  double rel_height; /* where widths are measured, >= 0; default 0.5 */
  int all_properties; /* nonzero: prominences and widths even without their conditions */
} hinge_peak_opts;

/* Every condition off (NaN ranges), distance and wlen NaN, rel_height
 * 0.5, all_properties 0.  NULL is a no-op. */
HINGE_EXPORT void hinge_peak_opts_init(hinge_peak_opts *opts);

/* Check `opts` as scipy does before searching: distance >= 1 (or NaN),
 * wlen > 1 (or NaN), rel_height >= 0 and finite.  HINGE_OK or
 * HINGE_EINVAL with a message naming the option.  hinge_find_peaks runs
 * the same check; call it alone to tell bad options from bad data. */
HINGE_EXPORT int hinge_peak_opts_check(const hinge_peak_opts *opts, hinge_error *err);

/*
 * The peaks found and their properties, for the kept peaks in ascending
 * index order.  Arrays have `count` elements and are owned by the struct:
 * release them with hinge_peaks_clear().  Every array is NULL when count
 * is 0.  Otherwise the cheap properties (heights, thresholds, plateaus)
 * are always filled; prominences and bases are filled when a prominence
 * or width condition is given or opts.all_properties is set, widths and
 * the rest of their group when a width condition is given or
 * all_properties is set, and are NULL otherwise -- scipy's cost model
 * (prominences are O(n) per peak in the worst case).  Values equal
 * scipy's (prominences use opts.wlen, widths opts.rel_height).
 * Every field is public: the arrays share one block that also records
 * its size and allocator, so hinge_peaks_clear needs nothing else (do
 * not reassign the array pointers of a result you will clear).
 */
typedef struct hinge_peaks {
  size_t count;
  size_t *index;            /* sample index of each peak (plateau middle, rounded down) */
  double *peak_heights;     /* x[index] */
  double *left_thresholds;  /* x[index] - x[index - 1] */
  double *right_thresholds; /* x[index] - x[index + 1] */
  double *prominences;      /* NULL unless computed (see above) */
  size_t *left_bases, *right_bases;
  double *widths;           /* right_ips - left_ips, in samples; NULL unless computed */
  double *width_heights;    /* x[index] - prominence * rel_height */
  double *left_ips, *right_ips; /* interpolated positions (0-based, fractional) */
  size_t *plateau_sizes;    /* right_edges - left_edges + 1 */
  size_t *left_edges, *right_edges;
} hinge_peaks;

/*
 * scipy.signal.find_peaks(x, ...) on x[0..n-1].  Conditions apply in
 * scipy's order: plateau_size, height, threshold, distance (higher peaks
 * first; equal heights in numpy's argsort order), prominence, width.
 * `out` is overwritten (call hinge_peaks_clear on a previous result
 * first); on failure it is left empty (count 0, nothing to free, though
 * clearing is harmless).  Memory through `alloc` (NULL = libc).
 * Returns HINGE_OK, HINGE_EINVAL (bad options, NULL arguments, a NaN
 * sample: the message names its index) or HINGE_ENOMEM.
 */
HINGE_EXPORT int hinge_find_peaks(const double *x, size_t n, const hinge_peak_opts *opts,
                                  hinge_peaks *out, const hinge_allocator *alloc,
                                  hinge_error *err);

/* Free the arrays of `p` and reset it to empty.  NULL and an empty or
 * already cleared struct are harmless. */
HINGE_EXPORT void hinge_peaks_clear(hinge_peaks *p);

/*
 * scipy.signal.peak_prominences(x, peaks, wlen): for each of the npeaks
 * indices (any order, each < n), its prominence and bases.  wlen is NaN
 * for the whole signal or > 1 (rounded up; the window is wlen // 2
 * samples each side).  Output arrays are caller-owned with npeaks
 * elements.  HINGE_EINVAL on a NaN sample, an index >= n or a bad wlen.
 */
HINGE_EXPORT int hinge_peak_prominences(const double *x, size_t n, const size_t *peaks,
                                        size_t npeaks, double wlen, double *prominences,
                                        size_t *left_bases, size_t *right_bases,
                                        hinge_error *err);

/*
 * scipy.signal.peak_widths(x, peaks, rel_height, prominence_data): the
 * width of each peak at x[peak] - prominence * rel_height, between the
 * bases.  Inputs as returned by hinge_peak_prominences; any output
 * pointer but widths may be NULL.  HINGE_EINVAL on a NaN sample,
 * rel_height < 0 or prominence data that does not satisfy
 * left_base <= peak <= right_base < n and prominence >= 0.
 */
HINGE_EXPORT int hinge_peak_widths(const double *x, size_t n, const size_t *peaks,
                                   size_t npeaks, double rel_height,
                                   const double *prominences, const size_t *left_bases,
                                   const size_t *right_bases, double *widths,
                                   double *width_heights, double *left_ips,
                                   double *right_ips, hinge_error *err);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_PEAKS_H */
