/*
 * hinge/clean.h -- conditioning of angle traces before filtering: gap
 * filling, Hampel despiking, resampling to a uniform rate, unwrapping.
 *
 * NaN marks a missing sample everywhere.  Lengths are in samples; the
 * helpers below convert seconds at a sample rate.  docs/algorithms.md
 * gives each method, its defaults and its reference implementation.
 */
#ifndef HINGE_CLEAN_H
#define HINGE_CLEAN_H

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Defaults (docs/algorithms.md says why). */
#define HINGE_FILL_MAX_GAP_S 0.25      /* longest gap filled, seconds */
#define HINGE_HAMPEL_HALF_WINDOW_S 0.05 /* Hampel window: +-0.05 s around each sample */
#define HINGE_HAMPEL_K 3.0             /* threshold in robust standard deviations */
#define HINGE_HAMPEL_MAD_SCALE 1.4826  /* MAD -> standard deviation for Gaussian noise */

/* round(seconds * fs) (halves up) into *samples.  HINGE_EINVAL unless fs
 * > 0 and seconds >= 0 are finite and the result fits a size_t. */
HINGE_EXPORT int hinge_seconds_to_samples(double seconds, double fs, size_t *samples,
                                          hinge_error *err);

/* ---- gap filling ---------------------------------------------------- */

typedef enum hinge_fill_method {
  HINGE_FILL_LINEAR = 0, /* straight line between the two bracketing samples */
  HINGE_FILL_CUBIC = 1   /* cubic through two valid samples on each side */
} hinge_fill_method;

/*
 * Fill, in place, every gap of x[0..n-1] -- a run of NaN with a valid
 * sample on both sides -- of at most max_gap samples.  Longer gaps and
 * leading or trailing NaN stay NaN.  Linear: the line between the two
 * bracketing samples (numpy.interp over the valid samples).  Cubic: the
 * polynomial through up to two consecutive valid samples on each side of
 * the gap (a cubic with 2+2, a parabola with 2+1, a line with 1+1), which
 * is scipy's not-a-knot CubicSpline through those samples.  Only original
 * samples support a fill, never values filled in the same call.
 * *filled (may be NULL) receives the number of samples filled.
 * HINGE_EINVAL on NULL x with n > 0 or an unknown method.
 */
HINGE_EXPORT int hinge_fill_gaps(double *x, size_t n, size_t max_gap, hinge_fill_method method,
                                 size_t *filled, hinge_error *err);

/* ---- despiking -------------------------------------------------------- */

typedef struct hinge_hampel_opts {
  size_t half_window; /* samples each side of the centre (>= 1) */
  double k;           /* threshold in scaled MADs (>= 0) */
  double min_dev;     /* absolute floor of the threshold (>= 0), 0 = classic Hampel */
} hinge_hampel_opts;

/* Defaults at sample rate fs: half_window = round(0.05 s * fs), at least
 * 1; k = 3; min_dev = 0.  HINGE_EINVAL when fs is not finite and > 0. */
HINGE_EXPORT int hinge_hampel_opts_init(hinge_hampel_opts *opts, double fs, hinge_error *err);

/* HINGE_OK or HINGE_EINVAL naming the bad field (half_window 0, k or
 * min_dev negative or not finite). */
HINGE_EXPORT int hinge_hampel_opts_check(const hinge_hampel_opts *opts, hinge_error *err);

/*
 * Hampel identifier: for each valid sample i, m = median and S = 1.4826 *
 * MAD of the valid samples in x[i - h .. i + h] (the window is truncated
 * at the ends of the trace, never padded), and y[i] = m when |x[i] - m| >
 * max(k * S, min_dev), else x[i].  NaN samples are ignored in windows and
 * stay NaN.  y may equal x (in place); otherwise the arrays must not
 * overlap.  *replaced (may be NULL) receives the number of samples
 * replaced.  Scratch memory O(h) through alloc.  HINGE_EINVAL on bad
 * options or NULL arrays, HINGE_ENOMEM.
 */
HINGE_EXPORT int hinge_despike(const double *x, double *y, size_t n, const hinge_hampel_opts *opts,
                               size_t *replaced, const hinge_allocator *alloc, hinge_error *err);

/* ---- resampling and unwrapping ------------------------------------- */

/* The longest grid hinge_resample_count accepts for n timestamps:
 * HINGE_RESAMPLE_MAX_FACTOR * n + HINGE_RESAMPLE_MAX_EXTRA samples.  Room
 * for any sensible upsampling (64 times the input, or any grid up to
 * 2^20 samples, 8 MiB), but never a grid out of proportion to the input
 * because of one stray timestamp. */
#define HINGE_RESAMPLE_MAX_FACTOR 64
#define HINGE_RESAMPLE_MAX_EXTRA 1048576

/*
 * Length of the uniform grid t[0] + k / fs, k = 0, 1, ..., that covers
 * [t[0], t[n-1]]: floor((t[n-1] - t[0]) * fs + 1e-9) + 1 (0 when n is 0).
 * Checks t: finite and strictly increasing.  HINGE_EINVAL naming the
 * first bad timestamp, a bad fs, or HINGE_ELIMIT naming the longest time
 * step when the grid would be longer than HINGE_RESAMPLE_MAX_FACTOR * n +
 * HINGE_RESAMPLE_MAX_EXTRA samples.  Nothing is allocated.
 */
HINGE_EXPORT int hinge_resample_count(const double *t, size_t n, double fs, size_t *m,
                                      hinge_error *err);

/*
 * Linear interpolation of (t, x) onto that grid, exactly numpy.interp:
 * y[k] = x at time t[0] + k / fs.  A NaN sample makes the output NaN over
 * the intervals that touch it (an output time equal to a valid sample's
 * time takes that sample).  m must be the value hinge_resample_count
 * gave; y (m samples) is caller-owned; tk (m samples, may be NULL)
 * receives the grid times.  Like numpy.interp it bridges every time
 * gap, however long (the analysis does not: it leaves gaps longer than
 * fill_max_gap_s missing).  Errors as hinge_resample_count (so a caller
 * that skipped it still gets HINGE_ELIMIT for an absurd grid), and
 * HINGE_EINVAL when m differs.
 */
HINGE_EXPORT int hinge_resample(const double *t, const double *x, size_t n, double fs, double *y,
                                double *tk, size_t m, hinge_error *err);

/*
 * numpy.unwrap(x, discont, period=period) in place, skipping NaN: each
 * jump between consecutive valid samples larger than period / 2 and at
 * least discont in magnitude is corrected by a multiple of period.  NaN
 * samples stay NaN and do not break the chain.  discont NaN means period
 * / 2 (numpy's default).  Angles in degrees: period 360.  HINGE_EINVAL
 * unless period is finite and > 0.
 */
HINGE_EXPORT int hinge_unwrap(double *x, size_t n, double period, double discont, hinge_error *err);

/* ---- processing history --------------------------------------------- */

/*
 * One-line descriptions of a cleaning step for the processing history,
 * written into buf as snprintf does (truncated to size bytes including
 * the NUL; the return value is the full length).  With fs > 0 lengths are
 * given in seconds, otherwise in samples:
 *   "fill gaps <= 0.25 s (linear)"
 *   "despike (Hampel, half-window 0.05 s, k = 3)"
 *   "resample to 100 Hz (linear)"
 *   "unwrap (period 360)"
 */
HINGE_EXPORT int hinge_describe_fill_gaps(char *buf, size_t size, size_t max_gap,
                                          hinge_fill_method method, double fs);
HINGE_EXPORT int hinge_describe_despike(char *buf, size_t size, const hinge_hampel_opts *opts,
                                        double fs);
HINGE_EXPORT int hinge_describe_resample(char *buf, size_t size, double fs);
HINGE_EXPORT int hinge_describe_unwrap(char *buf, size_t size, double period);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_CLEAN_H */
