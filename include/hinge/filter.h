/*
 * hinge/filter.h -- low-pass filtering, Savitzky-Golay smoothing and
 * derivatives, and automatic cutoff selection, equal to scipy.signal.
 *
 * Three levels:
 *   - design: hinge_butter_sos (scipy.signal.butter(..., output='sos'));
 *   - filtering with given second-order sections: hinge_sosfilt,
 *     hinge_sosfiltfilt, hinge_sosfilt_zi (scipy's sosfilt, sosfiltfilt,
 *     sosfilt_zi);
 *   - conditioning of a trace with missing samples: hinge_lowpass,
 *     hinge_savgol and hinge_residual_cutoff, which filter each run of
 *     finite samples on its own (see "Missing samples" below).
 *
 * Second-order sections are a row-major array of nsections rows of six
 * doubles {b0, b1, b2, a0, a1, a2} with a0 == 1, as scipy's `sos`.
 *
 * Missing samples.  NaN (and +-Inf) samples are missing.  The conditioning
 * calls split x into maximal runs of finite samples and filter each run as
 * a separate signal, so no filter runs across a gap and no NaN spreads.
 * Missing samples stay NaN in the output.  A run shorter than the filter
 * needs (hinge_lowpass_min_length, the Savitzky-Golay window) is set to
 * NaN and counted in the hinge_filter_report.  When no run is long enough
 * although some sample is finite, the call fails with HINGE_ETOOSHORT
 * naming the lengths (so a short signal without gaps is an error, never
 * garbage); an input with no finite sample gives an all-NaN output.
 *
 * Every call here is reentrant and allocates, if at all, once per call
 * through the optional allocator (NULL = libc); none keeps memory.
 * Unless said otherwise, y may equal x (in-place filtering) but must not
 * otherwise overlap it.
 */
#ifndef HINGE_FILTER_H
#define HINGE_FILTER_H

#include "hinge/common.h"
#include "hinge/clean.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HINGE_BUTTER_MAX_ORDER 8
/* Rows of the largest Butterworth design: (HINGE_BUTTER_MAX_ORDER + 1) / 2. */
#define HINGE_SOS_MAX_SECTIONS 4
/* hinge_sosfiltfilt: use scipy's default pad length. */
#define HINGE_PADLEN_DEFAULT ((size_t)-1)

/* ---------------------------------------------------------------- design */

/* Digital Butterworth low-pass of order `order` (1..8) with its -3 dB
 * point at cutoff_hz (0 < cutoff_hz < fs/2), as second-order sections
 * equal to scipy.signal.butter(order, cutoff_hz, fs=fs, output='sos'):
 * same sections in the same order (scipy's zpk2sos 'nearest' pairing),
 * the gain in the first section.  Writes (order + 1) / 2 rows into sos
 * (room for HINGE_SOS_MAX_SECTIONS rows is always enough) and their count
 * into *nsections (may be NULL).  HINGE_EINVAL on a bad argument. */
HINGE_EXPORT int hinge_butter_sos(int order, double cutoff_hz, double fs, double *sos,
                                  int *nsections, hinge_error *err);

/* Winter's cutoff correction factor for `npasses` passes of a Butterworth
 * filter of order `order`: C = (2^(1/npasses) - 1)^(1/(2 order)), 0.802
 * for two passes of order 2.  Designing each pass at cutoff / C puts the
 * -3 dB point of the cascade back at cutoff (exactly for the analog
 * prototype; see docs/algorithms.md).  NaN when order < 1 or npasses < 1. */
HINGE_EXPORT double hinge_winter_correction(int order, int npasses);

/* ------------------------------------------- filtering with given sections */

/* Steady-state initial conditions of a cascade, scipy's sosfilt_zi: the
 * state (nsections rows of 2, row-major, into zi) after an infinitely long
 * input of ones, so filtering from zi * x[0] starts without a transient.
 * HINGE_EINVAL when a section's a0 is not 1 or a section has a pole at
 * z = 1 (no steady state). */
HINGE_EXPORT int hinge_sosfilt_zi(const double *sos, int nsections, double *zi,
                                  hinge_error *err);

/* scipy's default pad length for sosfiltfilt:
 * 3 * (2 * nsections + 1 - min(#(b2 == 0), #(a2 == 0))). */
HINGE_EXPORT size_t hinge_sosfiltfilt_padlen(const double *sos, int nsections);

/* Causal filtering of x[0..n-1] into y (direct form II transposed, one
 * pass per section).  steady != 0 starts from hinge_sosfilt_zi scaled by
 * x[0] (scipy: sosfilt(sos, x, zi=sosfilt_zi(sos) * x[0])[0]), so a
 * signal that starts at rest at x[0] has no start-up transient; steady == 0
 * starts from zero state (scipy: sosfilt(sos, x)).  n may be 0.  No
 * allocation.  x must not hold NaN (it would spread to the end). */
HINGE_EXPORT int hinge_sosfilt(const double *sos, int nsections, const double *x, double *y,
                               size_t n, int steady, hinge_error *err);

/* Zero-phase forward-backward filtering equal to
 * scipy.signal.sosfiltfilt(sos, x, padtype='odd', padlen=padlen):
 * odd extension of padlen samples at each end, forward pass from
 * sosfilt_zi * (first extended sample), backward pass from sosfilt_zi *
 * (last forward output), extension dropped.  padlen =
 * HINGE_PADLEN_DEFAULT uses hinge_sosfiltfilt_padlen.  Needs n > padlen,
 * else HINGE_ETOOSHORT naming both lengths.  Allocates 2 * padlen doubles
 * only when padlen > 64. */
HINGE_EXPORT int hinge_sosfiltfilt(const double *sos, int nsections, const double *x, double *y,
                                   size_t n, size_t padlen, const hinge_allocator *alloc,
                                   hinge_error *err);

/* ------------------------------------------------- conditioning a trace */

/* What a conditioning call did with the runs of finite samples. */
typedef struct hinge_filter_report {
  size_t runs;            /* maximal runs of finite samples in x */
  size_t runs_filtered;   /* runs long enough, filtered */
  size_t runs_dropped;    /* runs shorter than min_length, set to NaN */
  size_t samples_dropped; /* finite samples set to NaN in those runs */
  size_t min_length;      /* the shortest run the filter accepts */
} hinge_filter_report;

typedef struct hinge_lowpass_opts {
  double cutoff_hz;   /* -3 dB point, Hz; default 6 */
  double fs;          /* sample rate, Hz; must be set (> 0) */
  int order;          /* scipy's N, 1..8, default 2 (zero-phase net order 2N) */
  int zero_phase;     /* default 1: sosfiltfilt; 0: causal sosfilt, steady start */
  int correct_cutoff; /* default 0; 1: design at cutoff / C (Winter) so the
                         whole (zero-phase: two-pass) response is -3 dB at cutoff */
} hinge_lowpass_opts;

/* Fill o with the defaults above (fs = 0: the caller sets it).  NULL is a
 * no-op, as for every *_opts_init. */
HINGE_EXPORT void hinge_lowpass_opts_init(hinge_lowpass_opts *o);

/* HINGE_OK when o describes a valid filter, else HINGE_EINVAL with a
 * message naming the bad option (cutoff not below fs/2, order outside
 * 1..8, fs <= 0, a corrected cutoff at or above fs/2). */
HINGE_EXPORT int hinge_lowpass_opts_check(const hinge_lowpass_opts *o, hinge_error *err);
/* Deprecated: the old name of hinge_lowpass_opts_check (kept until 1.0). */
HINGE_EXPORT int hinge_lowpass_check(const hinge_lowpass_opts *o, hinge_error *err);

/* The cutoff the sections are designed at: cutoff_hz, or cutoff_hz / C
 * with Winter's correction (C for 2 passes when zero-phase, else 1). */
HINGE_EXPORT double hinge_lowpass_design_cutoff(const hinge_lowpass_opts *o);

/* The shortest run hinge_lowpass filters: padlen + 1 when zero-phase
 * (10 for the default N = 2), 1 when causal.  0 when o is invalid. */
HINGE_EXPORT size_t hinge_lowpass_min_length(const hinge_lowpass_opts *o);

/* Butterworth low-pass of x[0..n-1] into y (y may equal x), run by run
 * (see "Missing samples").  rep may be NULL.  Errors: HINGE_EINVAL (bad
 * options, see hinge_lowpass_check), HINGE_ETOOSHORT, HINGE_ENOMEM. */
HINGE_EXPORT int hinge_lowpass(const double *x, double *y, size_t n,
                               const hinge_lowpass_opts *o, hinge_filter_report *rep,
                               const hinge_allocator *alloc, hinge_error *err);

/* One line for a processing history, e.g. "low-pass Butterworth N=2 6 Hz
 * zero-phase" or "low-pass Butterworth N=2 6 Hz zero-phase (Winter-corrected,
 * designed at 7.48 Hz)".  Written as snprintf does (truncated to size
 * bytes with the NUL); returns the full length. */
HINGE_EXPORT int hinge_lowpass_describe(const hinge_lowpass_opts *o, char *buf, size_t size);

typedef struct hinge_savgol_opts {
  int window;    /* odd, > polyorder; must be set (default 0 = unset) */
  int polyorder; /* default 2 */
  int deriv;     /* 0..polyorder, default 0 */
  double fs;     /* sample rate, Hz: derivatives are per second; must be
                    > 0 when deriv > 0, unused (may be 0) when deriv == 0 */
} hinge_savgol_opts;

/* Fill o with the defaults above.  NULL is a no-op. */
HINGE_EXPORT void hinge_savgol_opts_init(hinge_savgol_opts *o);

/* HINGE_OK or HINGE_EINVAL naming the bad option (window even or <=
 * polyorder, polyorder < 0, deriv outside 0..polyorder, fs <= 0 with a
 * derivative, fs negative or not finite). */
HINGE_EXPORT int hinge_savgol_opts_check(const hinge_savgol_opts *o, hinge_error *err);
/* Deprecated: the old name of hinge_savgol_opts_check (kept until 1.0). */
HINGE_EXPORT int hinge_savgol_check(const hinge_savgol_opts *o, hinge_error *err);

/* Savitzky-Golay smoothing (deriv 0) or derivative of x[0..n-1] into y (y
 * may equal x), equal to scipy.signal.savgol_filter(x, window, polyorder,
 * deriv, delta=1/fs, mode='interp'): inside, the least-squares polynomial
 * of the centred window evaluated at its centre; within window/2 of an
 * end, the polynomial fitted to the first (last) window samples evaluated
 * at each of them.  Run by run (see "Missing samples"; a run needs window
 * samples).  Allocates about (window * (polyorder + 2) + n) doubles. */
HINGE_EXPORT int hinge_savgol(const double *x, double *y, size_t n,
                              const hinge_savgol_opts *o, hinge_filter_report *rep,
                              const hinge_allocator *alloc, hinge_error *err);

/* The window's weights: y[i] = sum_k coeffs[k] * x[i - window/2 + k] (the
 * reverse of scipy's savgol_coeffs(window, polyorder, deriv, delta), which
 * are in convolution order, i.e. equal to use='dot').  coeffs has window
 * entries; delta is the sample spacing (1/fs). */
HINGE_EXPORT int hinge_savgol_coeffs(int window, int polyorder, int deriv, double delta,
                                     double *coeffs, const hinge_allocator *alloc,
                                     hinge_error *err);

/* E.g. "Savitzky-Golay window 11 polyorder 3" or "Savitzky-Golay window
 * 11 polyorder 3 derivative 1 (per s)"; as hinge_lowpass_describe. */
HINGE_EXPORT int hinge_savgol_describe(const hinge_savgol_opts *o, char *buf, size_t size);

/* ------------------------------------- automatic cutoff (residual analysis) */

typedef struct hinge_residual_opts {
  int order;          /* Butterworth N of the zero-phase filter; default 2 */
  int correct_cutoff; /* default 0; as hinge_lowpass_opts.correct_cutoff */
  size_t count;       /* cutoffs tried; default 100 */
  double max_hz;      /* highest cutoff tried; 0 (default) = fs / 4 */
  double fit_lo_hz;   /* noise region fitted by a line; 0 (default) = max_hz / 2 */
  double fit_hi_hz;   /* 0 (default) = max_hz */
} hinge_residual_opts;

typedef struct hinge_residual_result {
  double cutoff_hz;  /* where the residual curve meets noise_rms */
  double noise_rms;  /* the fitted line's intercept at 0 Hz */
  double slope;      /* the fitted line's slope (residual units per Hz) */
  size_t fit_points; /* cutoffs inside the noise region */
} hinge_residual_result;

/* Fill o with the defaults above.  NULL is a no-op. */
HINGE_EXPORT void hinge_residual_opts_init(hinge_residual_opts *o);

/* HINGE_OK when o (NULL: the defaults) works at fs: count 2..100000, the
 * top of the grid a valid low-pass, at least 2 cutoffs in the noise
 * region; else HINGE_EINVAL naming the option.  hinge_residual_cutoff
 * runs the same check. */
HINGE_EXPORT int hinge_residual_opts_check(const hinge_residual_opts *o, double fs,
                                           hinge_error *err);

/* Winter's residual analysis (Biomechanics and Motor Control of Human
 * Movement, 4th ed., 3.4.4.3).  For f_k = k * max_hz / count, k = 1..count,
 * x is low-passed (zero-phase, order N, as hinge_lowpass with cutoff f_k)
 * and R(f_k) is the RMS of x - filtered over the samples both define.  A
 * least-squares line is fitted to R over fit_lo_hz <= f_k <= fit_hi_hz
 * (the noise region); its intercept is noise_rms.  The cutoff is the first
 * f where R falls to noise_rms, linearly interpolated between grid points.
 * freqs and residuals (count entries each) receive the curve when not
 * NULL.  Errors: HINGE_EINVAL (bad options: fewer than 2 grid points in
 * the region, max_hz not below fs/2, ...), HINGE_ETOOSHORT, HINGE_ENODATA
 * (no finite sample), HINGE_ERANGE (the curve never crosses the intercept:
 * the signal looks like noise only, or the noise region holds signal). */
HINGE_EXPORT int hinge_residual_cutoff(const double *x, size_t n, double fs,
                                       const hinge_residual_opts *o,
                                       hinge_residual_result *out, double *freqs,
                                       double *residuals, const hinge_allocator *alloc,
                                       hinge_error *err);

/* ---- conditioning: despike, fill gaps, low-pass in one call -------------
 *
 * The one conditioning pipeline, used by hinge_analyze_arrays and by
 * `hinge filter`.  Each step is an option; they run in this order:
 *
 *   1. despike (Hampel, hinge_despike), which ignores missing samples;
 *   2. fill gaps of up to fill_max_gap samples (hinge_fill_gaps);
 *   3. low-pass (hinge_lowpass), run by run.
 *
 * Despiking comes before gap filling: a spike next to a gap would
 * otherwise become an end point of the fill and spread into it.
 * Resampling is the caller's (the analysis resamples irregular time
 * steps, never across a long gap; `hinge filter --resample` onto a given
 * rate), before this call. */
typedef struct hinge_condition_options {
  int despike;                   /* default 0; nonzero: despike with hampel */
  hinge_hampel_opts hampel;      /* default: hinge_hampel_opts_init at fs */
  int fill;                      /* default 0; nonzero: fill gaps */
  size_t fill_max_gap;           /* longest gap filled, samples (default
                                    HINGE_FILL_MAX_GAP_S at fs) */
  hinge_fill_method fill_method; /* default HINGE_FILL_LINEAR */
  int lowpass_on;                /* default 0; nonzero: low-pass */
  hinge_lowpass_opts lowpass;    /* default hinge_lowpass_opts_init, at fs */
  double fs;                     /* sample rate, Hz (> 0): the defaults and
                                    the history lines use it */
  const hinge_allocator *alloc;  /* NULL: libc */
} hinge_condition_options;

/* What a conditioning run did, summed over the columns. */
typedef struct hinge_condition_report {
  size_t despiked; /* samples the despiking replaced */
  size_t filled;   /* samples filled */
  size_t dropped;  /* samples in runs too short to low-pass, made NaN */
  size_t raw;      /* samples in runs too short to low-pass at a column's two
                      ends (its first and last run), kept as the run's
                      least-squares line (as measured under 3 samples) */
} hinge_condition_report;

/* Every step off, the parameters at their defaults for fs (> 0; else
 * HINGE_EINVAL and o is filled as for 100 Hz). */
HINGE_EXPORT int hinge_condition_options_init(hinge_condition_options *o, double fs,
                                              hinge_error *err);

/* HINGE_OK when every step that is on is valid (hinge_hampel_opts_check,
 * hinge_lowpass_check with lowpass.fs == fs), else HINGE_EINVAL naming it. */
HINGE_EXPORT int hinge_condition_options_check(const hinge_condition_options *o,
                                               hinge_error *err);

/* Condition the ncols columns cols[c][0..n-1] in place (a NULL column is
 * skipped), step by step as above.  rep (may be NULL) gets the counts.
 * Errors: HINGE_EINVAL (options, NULL cols), HINGE_ENOMEM, and the
 * low-pass's own (HINGE_ETOOSHORT: no run long enough).  On failure the
 * columns may be partly conditioned. */
HINGE_EXPORT int hinge_condition(const hinge_condition_options *o, double *const *cols,
                                 size_t ncols, size_t n, hinge_condition_report *rep,
                                 hinge_error *err);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_FILTER_H */
