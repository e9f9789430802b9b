/*
 * clean.c -- what the cleaning steps share: seconds to samples, and the
 * one-line descriptions that go into a trace's processing history.
 */
#include <math.h>
#include <stdio.h>

#include "hinge/clean.h"
#include "base/internal.h"

int hinge_seconds_to_samples(double seconds, double fs, size_t *samples, hinge_error *err) {
  double v;
  if (samples == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "NULL output");
  *samples = 0;
  if (!(fs > 0 && isfinite(fs)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "the sample rate must be a finite number > 0 (got %g)", fs);
  if (!(seconds >= 0 && isfinite(seconds)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "a duration must be a finite number >= 0 (got %g)", seconds);
  v = floor(seconds * fs + 0.5);
  if (!(v < 9007199254740992.0)) /* 2^53: beyond it samples are not counted exactly */
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "%g s at %g Hz is too many samples",
                       seconds, fs);
  *samples = (size_t)v;
  return HINGE_OK;
}

/* "0.25 s" with a rate, "25 samples" without one. */
static void length_text(char *buf, size_t size, size_t samples, double fs) {
  if (fs > 0 && isfinite(fs)) snprintf(buf, size, "%g s", (double)samples / fs);
  else snprintf(buf, size, "%zu sample%s", samples, samples == 1 ? "" : "s");
}

int hinge_describe_fill_gaps(char *buf, size_t size, size_t max_gap, hinge_fill_method method,
                             double fs) {
  char len[64];
  length_text(len, sizeof len, max_gap, fs);
  return snprintf(buf, size, "fill gaps <= %s (%s)", len,
                  method == HINGE_FILL_CUBIC ? "cubic" : "linear");
}

int hinge_describe_despike(char *buf, size_t size, const hinge_hampel_opts *o, double fs) {
  char len[64];
  if (o == NULL) return snprintf(buf, size, "despike (Hampel)");
  length_text(len, sizeof len, o->half_window, fs);
  if (o->min_dev > 0)
    return snprintf(buf, size, "despike (Hampel, half-window %s, k = %g, min deviation %g)", len,
                    o->k, o->min_dev);
  return snprintf(buf, size, "despike (Hampel, half-window %s, k = %g)", len, o->k);
}

int hinge_describe_resample(char *buf, size_t size, double fs) {
  return snprintf(buf, size, "resample to %g Hz (linear)", fs);
}

int hinge_describe_unwrap(char *buf, size_t size, double period) {
  return snprintf(buf, size, "unwrap (period %g)", period);
}
