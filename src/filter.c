/*
 * filter.c -- conditioning a trace with missing samples: the run-by-run
 * driver, and the Butterworth low-pass built on butter.c and sosfilt.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "filter_internal.h"
#include "internal.h"

/* Length of the run of finite samples starting at x[i]. */
static size_t run_length(const double *x, size_t n, size_t i) {
  size_t j = i;
  while (j < n && isfinite(x[j])) j++;
  return j - i;
}

size_t hinge__longest_run(const double *x, size_t n) {
  size_t i = 0, best = 0;
  while (i < n) {
    size_t len = run_length(x, n, i);
    if (len > best) best = len;
    i += len ? len : 1;
  }
  return best;
}

static int too_short(const double *x, size_t n, size_t longest, size_t min_length,
                     const char *what, hinge_error *err) {
  if (longest == n)
    return hinge__fail(err, HINGE_ETOOSHORT, NULL, 0, 0,
                       "signal too short: %zu samples, %s needs at least %zu", n, what, min_length);
  (void)x;
  return hinge__fail(err, HINGE_ETOOSHORT, NULL, 0, 0,
                     "signal too short: the longest run without missing samples has %zu "
                     "samples, %s needs at least %zu", longest, what, min_length);
}

int hinge__filter_runs(const double *x, double *y, size_t n, size_t min_length,
                       const char *what, hinge__run_fn fn, void *ctx,
                       hinge_filter_report *rep, hinge_error *err) {
  hinge_filter_report r;
  size_t i = 0, longest = hinge__longest_run(x, n), k;
  int rc;
  memset(&r, 0, sizeof r);
  r.min_length = min_length;
  if (longest > 0 && longest < min_length)
    return too_short(x, n, longest, min_length, what, err);
  while (i < n) {
    size_t len = run_length(x, n, i);
    if (len == 0) { /* a missing sample */
      y[i++] = NAN;
      continue;
    }
    r.runs++;
    if (len >= min_length) {
      if ((rc = fn(ctx, x + i, y + i, len, err)) != HINGE_OK) return rc;
      r.runs_filtered++;
    } else {
      for (k = i; k < i + len; k++) y[k] = NAN;
      r.runs_dropped++;
      r.samples_dropped += len;
    }
    i += len;
  }
  if (rep != NULL) *rep = r;
  return HINGE_OK;
}

/* ------------------------------------------------------------ low-pass */

void hinge_lowpass_opts_init(hinge_lowpass_opts *o) {
  o->cutoff_hz = 6.0;
  o->fs = 0.0;
  o->order = 2;
  o->zero_phase = 1;
  o->correct_cutoff = 0;
}

double hinge_lowpass_design_cutoff(const hinge_lowpass_opts *o) {
  if (!o->correct_cutoff) return o->cutoff_hz;
  return o->cutoff_hz / hinge_winter_correction(o->order, o->zero_phase ? 2 : 1);
}

int hinge_lowpass_check(const hinge_lowpass_opts *o, hinge_error *err) {
  double fc;
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "low-pass: NULL options");
  if (o->order < 1 || o->order > HINGE_BUTTER_MAX_ORDER)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass order must be 1..%d (got %d)", HINGE_BUTTER_MAX_ORDER, o->order);
  if (!(o->fs > 0) || !isfinite(o->fs))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass needs a positive sample rate fs (got %g Hz)", o->fs);
  if (!(o->cutoff_hz > 0) || !(o->cutoff_hz < o->fs / 2))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass cutoff must be above 0 and below fs/2 = %g Hz (got %g Hz)",
                       o->fs / 2, o->cutoff_hz);
  fc = hinge_lowpass_design_cutoff(o);
  if (!(fc < o->fs / 2))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass cutoff %g Hz corrected for two passes is %g Hz, "
                       "not below fs/2 = %g Hz", o->cutoff_hz, fc, o->fs / 2);
  return HINGE_OK;
}

/* The sections of a checked low-pass. */
static int lowpass_design(const hinge_lowpass_opts *o, double *sos, int *ns, hinge_error *err) {
  int rc = hinge_lowpass_check(o, err);
  if (rc != HINGE_OK) return rc;
  return hinge_butter_sos(o->order, hinge_lowpass_design_cutoff(o), o->fs, sos, ns, err);
}

size_t hinge_lowpass_min_length(const hinge_lowpass_opts *o) {
  double sos[6 * HINGE_SOS_MAX_SECTIONS];
  int ns;
  if (lowpass_design(o, sos, &ns, NULL) != HINGE_OK) return 0;
  return o->zero_phase ? hinge_sosfiltfilt_padlen(sos, ns) + 1 : 1;
}

typedef struct lowpass_run {
  const hinge_lowpass_opts *o;
  double sos[6 * HINGE_SOS_MAX_SECTIONS];
  int ns;
} lowpass_run;

static int lowpass_one(void *ctx, const double *x, double *y, size_t n, hinge_error *err) {
  lowpass_run *c = ctx;
  if (c->o->zero_phase)
    return hinge_sosfiltfilt(c->sos, c->ns, x, y, n, HINGE_PADLEN_DEFAULT, NULL, err);
  return hinge_sosfilt(c->sos, c->ns, x, y, n, 1, err);
}

int hinge_lowpass(const double *x, double *y, size_t n, const hinge_lowpass_opts *o,
                  hinge_filter_report *rep, const hinge_allocator *alloc, hinge_error *err) {
  lowpass_run c;
  char what[96];
  size_t need;
  int rc;
  (void)alloc; /* the default pad length fits the stack buffers */
  if ((rc = lowpass_design(o, c.sos, &c.ns, err)) != HINGE_OK) return rc;
  if ((x == NULL || y == NULL) && n > 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "low-pass: NULL array");
  c.o = o;
  need = o->zero_phase ? hinge_sosfiltfilt_padlen(c.sos, c.ns) + 1 : 1;
  snprintf(what, sizeof what, "zero-phase low-pass N=%d (odd extension of %zu samples)",
           o->order, need - 1);
  return hinge__filter_runs(x, y, n, need, what, lowpass_one, &c, rep, err);
}

int hinge_lowpass_describe(const hinge_lowpass_opts *o, char *buf, size_t size) {
  const char *mode = o->zero_phase ? "zero-phase" : "causal";
  if (o->correct_cutoff && o->zero_phase)
    return snprintf(buf, size, "low-pass Butterworth N=%d %g Hz %s (Winter-corrected, designed at %g Hz)",
                    o->order, o->cutoff_hz, mode, hinge_lowpass_design_cutoff(o));
  return snprintf(buf, size, "low-pass Butterworth N=%d %g Hz %s", o->order, o->cutoff_hz, mode);
}
