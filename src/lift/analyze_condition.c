/*
 * analyze_condition.c -- conditioning before the analysis: the time base,
 * then the one conditioning pipeline (hinge_condition, dsp/condition.c)
 * with the config's options:
 *
 *   1. resample to a uniform rate when the time steps are irregular,
 *      never across a time gap longer than fill_max_gap_s: the grid
 *      points inside one are missing samples, and a gap that would make
 *      the trace longer than HINGE__GRID_FACTOR samples per input sample
 *      + HINGE__GRID_EXTRA is refused before anything is allocated;
 *   2. despike (Hampel), which ignores missing samples;
 *   3. fill gaps up to fill_max_gap_s (linear);
 *   4. zero-phase Butterworth low-pass, run by run.
 *
 * Despiking comes before gap filling: a spike next to a gap would
 * otherwise become an end point of the fill and spread into it.
 * Each step is described in `processing` (the lines come from the
 * pipeline); then channels with no valid sample are dropped and the
 * channel reps are found on is picked.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "analyze_internal.h"
#include "hinge/clean.h"
#include "dsp/condition_internal.h"
#include "dsp/resample_internal.h"

static const char *const names[HINGE__CH_ALL] = {"hip", "thoracic", "lumbar", "trunk", "knee"};

static const double *input_channel(const hinge_analyze_input *in, int ch) {
  switch (ch) {
  case HINGE__CH_HIP: return in->hip;
  case HINGE__CH_THORACIC: return in->thoracic;
  case HINGE__CH_LUMBAR: return in->lumbar;
  case HINGE__CH_TRUNK: return in->trunk;
  default: return in->knee;
  }
}

/* Words of an unmeasured-sample mask of n samples. */
static size_t mask_words(size_t n) { return (n + 63) / 64; }

void hinge__trace_free(hinge__trace *tr, const hinge_allocator *a) {
  int ch;
  if (tr == NULL) return;
  if (tr->seg_owned) hinge__free(a, tr->seg, tr->n * sizeof *tr->seg);
  for (ch = 0; ch < HINGE__CH_ALL; ch++)
    hinge__free(a, tr->unmeasured[ch], mask_words(tr->n) * sizeof(uint64_t));
  if (!tr->borrowed) {
    for (ch = 0; ch < HINGE__CH_ALL; ch++) hinge__free(a, tr->ch[ch], tr->n * sizeof(double));
    hinge__free(a, tr->set, tr->n * sizeof(double));
  }
  memset(tr, 0, sizeof *tr);
}

/* ------------------------------------------- what was not measured */

/* The mask of channel ch, made (all measured) on first use; NULL when
 * out of memory. */
static uint64_t *mask_of(hinge__trace *tr, int ch, const hinge_allocator *a) {
  if (tr->unmeasured[ch] == NULL)
    tr->unmeasured[ch] = hinge__calloc(a, mask_words(tr->n), sizeof(uint64_t));
  return tr->unmeasured[ch];
}

/* Mark the NaN samples of channel ch as unmeasured.  Word by word, with
 * no branch per sample: a clean channel of 2M samples costs a
 * millisecond and no memory. */
static int mark_nan(hinge__trace *tr, int ch, const hinge_allocator *a, hinge_error *err) {
  const double *x = tr->ch[ch];
  size_t w, n = tr->n;
  for (w = 0; w < mask_words(n); w++) {
    const double *p = x + w * 64;
    size_t k, len = n - w * 64 < 64 ? n - w * 64 : 64;
    uint64_t m = 0, *mask;
    for (k = 0; k < len; k++) m |= (uint64_t)(p[k] != p[k]) << k;
    if (m == 0) continue;
    if ((mask = mask_of(tr, ch, a)) == NULL)
      return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
    mask[w] |= m;
  }
  return HINGE_OK;
}

/* Mark the samples the despiking replaced (spans from the pipeline). */
static int mark_spans(hinge__trace *tr, int ch, const hinge__spans *g, const hinge_allocator *a,
                      hinge_error *err) {
  size_t k, i;
  uint64_t *mask;
  if (!g->known) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  if (g->n == 0) return HINGE_OK;
  if ((mask = mask_of(tr, ch, a)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  for (k = 0; k < g->n; k++)
    for (i = g->s[k].start; i < g->s[k].start + g->s[k].len; i++)
      mask[i / 64] |= (uint64_t)1 << (i % 64);
  return HINGE_OK;
}

/* The sample rate from the median time step (a copy of the steps). */
static int median_rate(const double *t, size_t n, const hinge_allocator *a, double *fs,
                       hinge_error *err) {
  double *d, step;
  size_t i;
  if (n < 2)
    return hinge__fail(err, HINGE_ETOOSHORT, NULL, 0, 0,
                       "analysis: one sample gives no sample rate");
  d = hinge__malloc(a, (n - 1) * sizeof *d);
  if (d == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  for (i = 0; i + 1 < n; i++) d[i] = t[i + 1] - t[i];
  step = hinge__median_valid(d, n - 1);
  hinge__free(a, d, (n - 1) * sizeof *d);
  if (!(step > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "analysis: the median time step is %g s (time must increase)", step);
  *fs = 1 / step;
  return HINGE_OK;
}

/* Check the time column (finite, strictly increasing) and tell whether a
 * step strays from 1/fs by more than tol of it.  The first loop only
 * gathers flags (no early exit, so it runs at memory speed); the exact
 * sample is looked for only when something is wrong. */
static int check_time(const double *t, size_t n, double fs, double tol, int *irregular,
                      hinge_error *err) {
  size_t i;
  int bad = n > 0 && !isfinite(t[0]), off = 0;
  for (i = 1; i < n; i++) {
    double step = t[i] - t[i - 1];
    bad |= !(step > 0) | !isfinite(t[i]);
    off |= fabs(step * fs - 1) > tol;
  }
  *irregular = off;
  for (i = 0; bad && i < n; i++) {
    if (!isfinite(t[i]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: time of sample %zu is "
                         "missing or not finite", i + 1);
    if (i > 0 && !(t[i] > t[i - 1]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: time does not increase at "
                         "sample %zu (%g s after %g s)", i + 1, t[i], t[i - 1]);
  }
  return HINGE_OK;
}

/* The set column on the grid: the value of the latest sample at or
 * before each grid time. */
static void resample_step(const double *t, const double *x, size_t n, double fs, double *y,
                          size_t m) {
  size_t k, i = 0;
  for (k = 0; k < m; k++) {
    double tk = t[0] + (double)k / fs;
    while (i + 1 < n && t[i + 1] <= tk) i++;
    y[k] = x[i];
  }
}

/* Whether the channels present, the set and the time column are
 * distinct arrays: a column mapped to two roles must not be conditioned
 * twice in place (nor the set or time read after conditioning). */
static int distinct_arrays(const hinge_analyze_input *in) {
  const double *p[HINGE__CH_ALL + 2];
  int i, k;
  for (i = 0; i < HINGE__CH_ALL; i++) p[i] = input_channel(in, i);
  p[HINGE__CH_ALL] = in->set;
  p[HINGE__CH_ALL + 1] = in->time_s;
  for (i = 0; i < HINGE__CH_ALL + 2; i++)
    for (k = i + 1; k < HINGE__CH_ALL + 2; k++)
      if (p[i] != NULL && p[i] == p[k]) return 0;
  return 1;
}

/* Borrow the caller's writable arrays as the trace's channels and set
 * column (hinge_analyze_inplace): the conditioning then needs no copy. */
static void borrow_channels(const hinge__writable *w, hinge__trace *tr) {
  int ch;
  for (ch = 0; ch < HINGE__CH_ALL; ch++) tr->ch[ch] = w->ch[ch];
  tr->set = w->set;
  tr->borrowed = 1;
}

/* Allocate the channel arrays (and the set copy) of tr->n samples and
 * fill them from the input, resampled or copied. */
static int load_channels(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                         int resample, const hinge_allocator *a, hinge__trace *tr,
                         hinge_error *err) {
  int ch;
  for (ch = 0; ch < HINGE__CH_ALL + 1; ch++) {
    const double *x = ch < HINGE__CH_ALL ? input_channel(in, ch) : in->set;
    double *y;
    if (x == NULL) continue;
    y = hinge__malloc(a, tr->n * sizeof *y);
    if (y == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
    if (ch < HINGE__CH_ALL) tr->ch[ch] = y;
    else tr->set = y;
    if (!resample) {
      memcpy(y, x, tr->n * sizeof *y);
    } else if (ch == HINGE__CH_ALL) {
      resample_step(in->time_s, x, in->n, tr->fs, y, tr->n);
    } else {
      hinge__resample_pieces(in->time_s, x, in->n, tr->fs, cfg->fill_max_gap_s, y, tr->n);
    }
  }
  return HINGE_OK;
}

/* The time base: sample rate and regularity (tr->n is the input's
 * length until grid_length says otherwise). */
static int time_base(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                     const hinge_allocator *a, hinge__trace *tr, int *resample,
                     hinge_error *err) {
  int rc;
  tr->fs = in->fs;
  tr->n = in->n;
  *resample = 0;
  if (in->time_s == NULL) {
    if (!(in->fs > 0) || !isfinite(in->fs))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "analysis: no time column and no sample rate");
    return HINGE_OK;
  }
  tr->t0 = in->time_s[0];
  if (!(tr->fs > 0) && (rc = median_rate(in->time_s, in->n, a, &tr->fs, err)) != HINGE_OK)
    return rc;
  return check_time(in->time_s, in->n, tr->fs, cfg->irregular_tolerance, resample, err);
}

/* Warn about the time gaps resampling left missing: the analysis goes
 * on around them, but whoever reads it should know a stretch is absent
 * (a rep in it is not seen). */
static int warn_time_gaps(const double *t, size_t n, double max_gap_s, const hinge_allocator *a,
                          hinge__strlist *warnings) {
  size_t i, count = 0, worst = 0;
  for (i = 0; i + 1 < n; i++) {
    if (!(t[i + 1] - t[i] > max_gap_s)) continue;
    if (count++ == 0 || t[i + 1] - t[i] > t[worst + 1] - t[worst]) worst = i;
  }
  if (count == 0) return HINGE_OK;
  return hinge__strlist_add(warnings, a, "%zu time gap%s longer than %g s left as missing "
                            "samples, not interpolated (the longest: %.10g s after %.10g s)",
                            count, count == 1 ? "" : "s", max_gap_s, t[worst + 1] - t[worst],
                            t[worst]);
}

/* The refusal of a grid longer than the limit, naming what makes it so
 * long: a time gap (kept as missing samples, one per grid step), or else
 * a rate far above the timestamps' own. */
static int grid_too_long(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                         double fs, double points, double limit, hinge_error *err) {
  const double *t = in->time_s;
  size_t i = hinge__longest_step(t, in->n);
  if (t[i + 1] - t[i] > cfg->fill_max_gap_s)
    return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0,
                       "analysis: the time jumps from %.10g s to %.10g s at sample %zu (a gap "
                       "of %.10g s): kept as missing samples at %g Hz it would make a trace of "
                       "%.0f samples, over the limit of %d per sample + %d (%.0f); correct "
                       "that time or split the recording there", t[i], t[i + 1], i + 2,
                       t[i + 1] - t[i], fs, points, HINGE__GRID_FACTOR, HINGE__GRID_EXTRA, limit);
  return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0,
                     "analysis: resampling %zu samples to %g Hz would make a trace of %.0f "
                     "samples, over the limit of %d per sample + %d (%.0f): the rate is far "
                     "above the timestamps' own", in->n, fs, points, HINGE__GRID_FACTOR,
                     HINGE__GRID_EXTRA, limit);
}

/* The length of the resampled trace, refused beyond HINGE__GRID_FACTOR
 * samples per input sample + HINGE__GRID_EXTRA before anything of that
 * length is allocated. */
static int grid_length(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                       hinge__trace *tr, hinge_error *err) {
  double points = hinge__grid_points(in->time_s, in->n, tr->fs);
  double limit = HINGE__GRID_FACTOR * (double)in->n + HINGE__GRID_EXTRA;
  if (points > limit) return grid_too_long(in, cfg, tr->fs, points, limit, err);
  return hinge_resample_count(in->time_s, in->n, tr->fs, &tr->n, err);
}

/* The conditioning options (dsp/condition.c) the config asks for at the
 * trace's rate: despike when despike_half_window_s > 0, always fill gaps
 * (linear) and low-pass.  Made and checked (low-pass cutoff against fs/2,
 * window lengths) before the trace is allocated: a config that cannot
 * work at this rate is refused before any memory or time goes into
 * resampling. */
static int plan_despike(const hinge_analyze_config *cfg, double fs, hinge_condition_options *p,
                        hinge_error *err) {
  size_t hw;
  int rc;
  p->despike = cfg->despike_half_window_s > 0;
  if (!p->despike) return HINGE_OK;
  if ((rc = hinge_hampel_opts_init(&p->hampel, fs, err)) != HINGE_OK) return rc;
  if ((rc = hinge_seconds_to_samples(cfg->despike_half_window_s, fs, &hw, err)) != HINGE_OK)
    return rc;
  p->hampel.half_window = hw ? hw : 1;
  p->hampel.k = cfg->despike_k;
  p->hampel.min_dev = cfg->despike_min_deg;
  return hinge_hampel_opts_check(&p->hampel, err);
}

static int make_plan(const hinge_analyze_config *cfg, double fs, const hinge_allocator *a,
                     hinge_condition_options *p, hinge_error *err) {
  int rc;
  if ((rc = hinge_condition_options_init(p, fs, err)) != HINGE_OK) return rc;
  p->alloc = a;
  if ((rc = plan_despike(cfg, fs, p, err)) != HINGE_OK) return rc;
  p->fill = 1;
  if ((rc = hinge_seconds_to_samples(cfg->fill_max_gap_s, fs, &p->fill_max_gap, err)) != HINGE_OK)
    return rc;
  p->lowpass_on = 1;
  p->lowpass.cutoff_hz = cfg->lowpass_hz;
  p->lowpass.order = (int)cfg->lowpass_order;
  return hinge_lowpass_opts_check(&p->lowpass, err);
}

/* Mark what conditioning is about to fill (the missing samples), then
 * despike, fill and low-pass every channel present (hinge_condition),
 * then mark the samples despiking replaced and those the low-pass
 * dropped (NaN afterwards: only looked for when it dropped some). */
static int condition_channels(hinge__trace *tr, const hinge_condition_options *p,
                              const hinge__stage *st) {
  hinge__condition_run run;
  hinge__spans replaced[HINGE__CH_ALL];
  int ch, rc = HINGE_OK;
  memset(&run, 0, sizeof run);
  memset(replaced, 0, sizeof replaced);
  for (ch = 0; ch < HINGE__CH_ALL && rc == HINGE_OK; ch++) {
    replaced[ch].known = 1;
    if (tr->ch[ch] != NULL) rc = mark_nan(tr, ch, st->a, st->err);
  }
  run.o = p;
  run.cols = tr->ch;
  run.ncols = HINGE__CH_ALL;
  run.n = tr->n;
  run.processing = st->processing;
  run.warnings = st->warnings;
  run.replaced = replaced;
  if (rc == HINGE_OK) rc = hinge__condition_columns(&run, st->err);
  for (ch = 0; ch < HINGE__CH_ALL; ch++) {
    if (rc == HINGE_OK && tr->ch[ch] != NULL) rc = mark_spans(tr, ch, &replaced[ch], st->a, st->err);
    if (rc == HINGE_OK && tr->ch[ch] != NULL && run.rep.dropped > 0)
      rc = mark_nan(tr, ch, st->a, st->err);
    hinge__spans_free(&replaced[ch], st->a);
  }
  return rc;
}

#define NOISE_TRIPLES 16384 /* second differences the noise estimate looks at, at most */

/* The white-noise sd of a raw channel: 1.4826 x the median absolute
 * second difference / sqrt(6) (white noise of sd sigma has second
 * differences of sd sigma sqrt(6); the motion's own curvature, under 0.3
 * deg a sample even at 24 fps, stays below the median while the lifter
 * holds still), on up to NOISE_TRIPLES measured triples spread over the
 * trace (buf holds that many).  NaN under 16 triples. */
static double raw_noise(const double *x, size_t n, double *buf) {
  size_t step = n / NOISE_TRIPLES + 1, i, m = 0;
  for (i = 1; i + 1 < n && m < NOISE_TRIPLES; i += step) {
    double d = x[i + 1] - 2 * x[i] + x[i - 1];
    if (d == d) buf[m++] = fabs(d);
  }
  if (m < 16) return NAN;
  return 1.4826 * hinge__median_valid(buf, m) / sqrt(6.0);
}

/* raw_noise of every channel present, before conditioning. */
static int channel_noise(hinge__trace *tr, const hinge_allocator *a, hinge_error *err) {
  double *buf = hinge__malloc(a, NOISE_TRIPLES * sizeof *buf);
  int ch;
  if (buf == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  for (ch = 0; ch < HINGE__CH_ALL; ch++)
    tr->noise[ch] = tr->ch[ch] != NULL ? raw_noise(tr->ch[ch], tr->n, buf) : NAN;
  hinge__free(a, buf, NOISE_TRIPLES * sizeof *buf);
  return HINGE_OK;
}

/* Channels with no valid sample are treated as absent. */
static int drop_empty(hinge__trace *tr, const hinge_allocator *a, hinge__strlist *warnings) {
  int ch, rc = HINGE_OK;
  for (ch = 0; ch < HINGE__CH_ALL && rc == HINGE_OK; ch++) {
    size_t i;
    if (tr->ch[ch] == NULL) continue;
    for (i = 0; i < tr->n && isnan(tr->ch[ch][i]); i++) {}
    if (i < tr->n) continue;
    if (!tr->borrowed) hinge__free(a, tr->ch[ch], tr->n * sizeof(double));
    hinge__free(a, tr->unmeasured[ch], mask_words(tr->n) * sizeof(uint64_t));
    tr->unmeasured[ch] = NULL;
    tr->ch[ch] = NULL;
    rc = hinge__strlist_add(warnings, a, "the %s column has no valid sample", names[ch]);
  }
  return rc;
}

/* Hip flexion, else trunk inclination, else thoracic + lumbar. */
static int pick_segmentation(hinge__trace *tr, const hinge_analyze_config *cfg,
                             const hinge_allocator *a, hinge_error *err) {
  const double *th = tr->ch[HINGE__CH_THORACIC], *lu = tr->ch[HINGE__CH_LUMBAR];
  size_t i;
  tr->seg_min_range = cfg->min_range_deg;
  if (tr->ch[HINGE__CH_HIP] != NULL || tr->ch[HINGE__CH_TRUNK] != NULL) {
    int hip = tr->ch[HINGE__CH_HIP] != NULL;
    tr->seg = tr->ch[hip ? HINGE__CH_HIP : HINGE__CH_TRUNK];
    tr->seg_name = hip ? "hip" : "trunk";
    tr->seg_noise = tr->noise[hip ? HINGE__CH_HIP : HINGE__CH_TRUNK];
    if (!(tr->seg_noise > 0)) tr->seg_noise = 0;
    return HINGE_OK;
  }
  if (th == NULL && lu == NULL)
    return hinge__fail(err, HINGE_ESCHEMA, NULL, 0, 0, "analysis: no hip, trunk, thoracic or "
                       "lumbar angle to find reps on");
  tr->seg_min_range = cfg->min_range_spine_deg;
  if (th == NULL || lu == NULL) {
    tr->seg = th != NULL ? tr->ch[HINGE__CH_THORACIC] : tr->ch[HINGE__CH_LUMBAR];
    tr->seg_name = th != NULL ? "thoracic" : "lumbar";
    tr->seg_noise = tr->noise[th != NULL ? HINGE__CH_THORACIC : HINGE__CH_LUMBAR];
    if (!(tr->seg_noise > 0)) tr->seg_noise = 0;
    return HINGE_OK;
  }
  tr->seg_noise = hypot(tr->noise[HINGE__CH_THORACIC], tr->noise[HINGE__CH_LUMBAR]);
  if (!(tr->seg_noise > 0)) tr->seg_noise = 0;
  tr->seg = hinge__malloc(a, tr->n * sizeof *tr->seg);
  if (tr->seg == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  tr->seg_owned = 1;
  tr->seg_name = "thoracic+lumbar";
  for (i = 0; i < tr->n; i++) tr->seg[i] = th[i] + lu[i];
  return HINGE_OK;
}

static int validate(const hinge_analyze_input *in, hinge_error *err) {
  int ch, any = 0;
  if (in == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: input is NULL");
  for (ch = 0; ch < HINGE__CH_COUNT; ch++) any |= input_channel(in, ch) != NULL;
  if (!any)
    return hinge__fail(err, HINGE_ESCHEMA, in->file, 0, 0, "no hip, trunk, thoracic or lumbar "
                       "column to analyse");
  if (in->n == 0) return hinge__fail(err, HINGE_ENODATA, in->file, 0, 0, "no samples");
  return HINGE_OK;
}

int hinge__condition(const hinge_analyze_input *in, const hinge__stage *st, hinge__trace *tr) {
  return hinge__condition_with(in, NULL, st, tr);
}

int hinge__condition_with(const hinge_analyze_input *in, const hinge__writable *w,
                          const hinge__stage *st, hinge__trace *tr) {
  const hinge_analyze_config *cfg = st->cfg;
  const hinge_allocator *a = st->a;
  hinge__strlist *processing = st->processing, *warnings = st->warnings;
  hinge_error *err = st->err;
  hinge_condition_options p;
  int resample = 0, rc;
  memset(tr, 0, sizeof *tr);
  if ((rc = validate(in, err)) != HINGE_OK) return rc;
  /* Every check that needs no trace comes before the trace is made. */
  rc = time_base(in, cfg, a, tr, &resample, err);
  if (rc == HINGE_OK) rc = make_plan(cfg, tr->fs, a, &p, err);
  if (rc == HINGE_OK && resample) rc = grid_length(in, cfg, tr, err);
  if (rc == HINGE_OK && w != NULL && !resample && distinct_arrays(in)) borrow_channels(w, tr);
  else if (rc == HINGE_OK) rc = load_channels(in, cfg, resample, a, tr, err);
  if (rc == HINGE_OK && resample) {
    char buf[96];
    hinge_describe_resample(buf, sizeof buf, tr->fs);
    rc = hinge__strlist_add(processing, a, "%s: time steps were irregular", buf);
    if (rc == HINGE_OK) rc = warn_time_gaps(in->time_s, in->n, cfg->fill_max_gap_s, a, warnings);
  }
  if (rc == HINGE_OK) rc = channel_noise(tr, a, err);
  if (rc == HINGE_OK) rc = condition_channels(tr, &p, st);
  if (rc == HINGE_OK) rc = drop_empty(tr, a, warnings);
  if (rc == HINGE_OK) rc = pick_segmentation(tr, cfg, a, err);
  if (rc != HINGE_OK) {
    if (err != NULL && err->file[0] == '\0' && in != NULL && in->file != NULL)
      snprintf(err->file, sizeof err->file, "%s", in->file);
    hinge__trace_free(tr, a);
  }
  return rc;
}
