/*
 * calibrate.c -- the standing neutral: every rep angle is relative to it.
 *
 * The neutral of each channel is, in order of preference: the value the
 * caller gave (calibration values or a calibration file); the median of
 * the quiet standing before the first rep (at least min_standing_s of it,
 * the segmentation channel within half its range gate); failing that, the
 * median of the channel at the lockouts, with a warning saying why; with
 * no rep at all, the median of the whole recording (source "recording":
 * nothing tells standing apart).  The source never says "standing" for
 * anything else.
 *
 * Also the public entry point hinge_analyze_calibrate: the neutral (or
 * the maximal flexion) measured on a calibration recording, written into
 * a config.
 */
#include <math.h>
#include <string.h>

#include "analyze_internal.h"

static const char *const channel_names[HINGE__CH_COUNT] = {"hip", "thoracic", "lumbar", "trunk"};

int hinge__median_range(const double *x, size_t i0, size_t i1, const hinge_allocator *a,
                        double *out, hinge_error *err) {
  size_t i, k = 0, len = i1 > i0 ? i1 - i0 : 0;
  double *tmp;
  *out = NAN;
  if (len == 0) return HINGE_OK;
  tmp = hinge__malloc(a, len * sizeof *tmp);
  if (tmp == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "calibration: out of memory");
  for (i = i0; i < i1; i++)
    if (!isnan(x[i])) tmp[k++] = x[i];
  *out = hinge__median_valid(tmp, k);
  hinge__free(a, tmp, len * sizeof *tmp);
  return HINGE_OK;
}

/* Median of x at the lockout of every rep. */
static int lockout_median(const double *x, const hinge__segmentation *seg,
                          const hinge_allocator *a, double *out, hinge_error *err) {
  size_t k, m = 0;
  double *tmp = hinge__malloc(a, (seg->count + 1) * sizeof *tmp);
  if (tmp == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "calibration: out of memory");
  for (k = 0; k < seg->count; k++)
    if (!isnan(x[seg->rises[k].lockout])) tmp[m++] = x[seg->rises[k].lockout];
  *out = hinge__median_valid(tmp, m);
  hinge__free(a, tmp, (seg->count + 1) * sizeof *tmp);
  return HINGE_OK;
}

static double *neutral_slot(hinge_standing *st, int ch) {
  switch (ch) {
  case HINGE__CH_HIP: return &st->hip_deg;
  case HINGE__CH_THORACIC: return &st->thoracic_deg;
  case HINGE__CH_LUMBAR: return &st->lumbar_deg;
  default: return &st->trunk_deg;
  }
}

static double given(const hinge_analyze_config *cfg, int ch) {
  switch (ch) {
  case HINGE__CH_HIP: return cfg->neutral_hip_deg;
  case HINGE__CH_THORACIC: return cfg->neutral_thoracic_deg;
  case HINGE__CH_LUMBAR: return cfg->neutral_lumbar_deg;
  default: return cfg->neutral_trunk_deg;
  }
}

/* Standing before the first rep is quiet when the segmentation channel
 * stays within half its range gate (10 deg of hip, 4 of spine): more is
 * a movement (a partial rep, walking in, a re-grip), not standing. */
#define QUIET_FRAC 0.5

/* The stretch before the first rep: [0, first start), 0 when the
 * recording starts at the bottom. */
static size_t standing_end(const hinge__segmentation *seg) {
  if (seg->starts_down) return 0;
  return seg->rises[0].start;
}

/* The range (max - min) of the valid samples of x[0..end); 0 when none. */
static double range_of(const double *x, size_t end) {
  double lo = INFINITY, hi = -INFINITY;
  size_t i;
  for (i = 0; i < end; i++) {
    if (x[i] < lo) lo = x[i]; /* NaN never is */
    if (x[i] > hi) hi = x[i];
  }
  return hi >= lo ? hi - lo : 0;
}

/* Where the neutral comes from (*source), with the warning that says why
 * when it is not quiet standing. */
static int neutral_source(const hinge__trace *tr, const hinge__segmentation *seg,
                          const hinge__stage *st, size_t end, int *source) {
  double dur = (double)end / tr->fs, moved;
  *source = HINGE_NEUTRAL_LOCKOUTS;
  if (seg->count == 0) {
    *source = HINGE_NEUTRAL_RECORDING;
    return HINGE_OK;
  }
  if (seg->starts_down)
    return hinge__strlist_add(st->warnings, st->a, "the recording starts at the bottom (no "
                              "standing before the first rep): the neutral is the median of the "
                              "lockouts");
  if (dur < st->cfg->min_standing_s)
    return hinge__strlist_add(st->warnings, st->a, "only %.2f s of standing before the first "
                              "rep (%.2f s needed): the neutral is the median of the lockouts",
                              dur, st->cfg->min_standing_s);
  moved = range_of(tr->seg, end);
  if (moved > QUIET_FRAC * tr->seg_min_range)
    return hinge__strlist_add(st->warnings, st->a, "the %.2f s before the first rep are not "
                              "quiet standing (%s moved %.0f deg): the neutral is the median of "
                              "the lockouts", dur, tr->seg_name, moved);
  *source = HINGE_NEUTRAL_STANDING;
  return HINGE_OK;
}

int hinge__calibrate(const hinge__trace *tr, const hinge__segmentation *seg,
                     const hinge__stage *st, hinge_standing *out) {
  const hinge_analyze_config *cfg = st->cfg;
  const hinge_allocator *a = st->a;
  hinge__strlist *processing = st->processing, *warnings = st->warnings;
  hinge_error *err = st->err;
  size_t end = seg->count == 0 ? tr->n : standing_end(seg);
  int ch, measured = 0, source = -1, rc = HINGE_OK;
  memset(out, 0, sizeof *out);
  out->hip_deg = out->thoracic_deg = out->lumbar_deg = out->trunk_deg = NAN;
  for (ch = 0; ch < HINGE__CH_COUNT && rc == HINGE_OK; ch++) {
    double *slot = neutral_slot(out, ch);
    if (tr->ch[ch] == NULL) continue;
    if (!isnan(given(cfg, ch))) {
      *slot = given(cfg, ch);
      continue;
    }
    measured++;
    if (source < 0 && (rc = neutral_source(tr, seg, st, end, &source)) != HINGE_OK) break;
    rc = source == HINGE_NEUTRAL_LOCKOUTS ? lockout_median(tr->ch[ch], seg, a, slot, err)
                                          : hinge__median_range(tr->ch[ch], 0, end, a, slot, err);
    if (rc == HINGE_OK && isnan(*slot)) {
      *slot = 0;
      rc = hinge__strlist_add(warnings, a, "no valid %s sample to calibrate on: %s angles are "
                              "absolute", channel_names[ch], channel_names[ch]);
    }
  }
  if (rc != HINGE_OK) return rc;
  if (measured == 0) {
    out->source = HINGE_NEUTRAL_GIVEN;
    return hinge__strlist_add(processing, a, "neutral: given calibration values");
  }
  out->source = (hinge_neutral_source)source;
  out->duration_s = source == HINGE_NEUTRAL_STANDING ? (double)end / tr->fs : 0;
  if (source == HINGE_NEUTRAL_LOCKOUTS)
    return hinge__strlist_add(processing, a, "neutral: median of the %zu lockouts", seg->count);
  if (source == HINGE_NEUTRAL_RECORDING)
    return hinge__strlist_add(processing, a, "neutral: median of the whole recording (no rep, "
                              "so no standing to tell apart)");
  return hinge__strlist_add(processing, a, "neutral: median of %.2f s of quiet standing before "
                            "the first rep", out->duration_s);
}

/* ---------------------------------------- hinge_analyze_calibrate */

/* The domain of max_thoracic_deg / max_lumbar_deg (analyze_config.c). */
#define HINGE__MAX_FLEXION_MIN 0.1
#define HINGE__MAX_FLEXION_MAX 360.0
/* The domain of neutral_*_deg (analyze_config.c). */
#define HINGE__NEUTRAL_MAX 360.0

/* Highest conditioned value of x relative to neutral; NaN when none. */

static double highest(const double *x, size_t n, double neutral) {
  double best = NAN;
  size_t i;
  for (i = 0; i < n; i++)
    if (!isnan(x[i]) && (isnan(best) || x[i] > best)) best = x[i];
  return best - neutral;
}

/* The neutral for a maximal-flexion trial: the configured one, else the
 * median of the trial's first second (the trial starts standing). */
static int trial_neutral(const hinge__trace *tr, int ch, double given, const hinge_allocator *a,
                         double *out, hinge_error *err) {
  /* fs may exceed any size (timestamps 1e-300 s apart): compare first. */
  size_t first = tr->fs < (double)tr->n ? (size_t)tr->fs : tr->n;
  *out = given;
  if (!isnan(given)) return HINGE_OK;
  return hinge__median_range(tr->ch[ch], 0, first, a, out, err);
}

/* The rise of one spine channel over the trial, checked against the
 * domain of max_*_deg: a channel the trial carries but that shows no
 * usable rise is an error naming it (storing it would leave cfg invalid,
 * and a percentage of a missing maximum means nothing). */
static int channel_max(const hinge__trace *tr, int ch, double given, const hinge_allocator *a,
                       double *out, hinge_error *err) {
  double neutral, rise;
  int rc = trial_neutral(tr, ch, given, a, &neutral, err);
  if (rc != HINGE_OK) return rc;
  rise = highest(tr->ch[ch], tr->n, neutral);
  if (isnan(rise) || rise < HINGE__MAX_FLEXION_MIN)
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "maximal-flexion trial: no %s flexion "
                       "above standing (highest rise %g deg, at least %g needed)",
                       channel_names[ch], rise, HINGE__MAX_FLEXION_MIN);
  if (rise > HINGE__MAX_FLEXION_MAX)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0, "maximal-flexion trial: %s flexion of %g "
                       "deg above standing is beyond %g deg", channel_names[ch], rise,
                       HINGE__MAX_FLEXION_MAX);
  *out = rise;
  return HINGE_OK;
}

/* Both channels are measured before either is stored, so a failure
 * leaves cfg as it was. */
static int calibrate_max(const hinge__trace *tr, hinge_analyze_config *cfg,
                         const hinge_allocator *a, hinge_error *err) {
  double thoracic = cfg->max_thoracic_deg, lumbar = cfg->max_lumbar_deg;
  int rc = HINGE_OK;
  if (tr->ch[HINGE__CH_THORACIC] == NULL && tr->ch[HINGE__CH_LUMBAR] == NULL)
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "maximal-flexion trial: no thoracic or "
                       "lumbar channel");
  if (tr->ch[HINGE__CH_THORACIC] != NULL)
    rc = channel_max(tr, HINGE__CH_THORACIC, cfg->neutral_thoracic_deg, a, &thoracic, err);
  if (rc == HINGE_OK && tr->ch[HINGE__CH_LUMBAR] != NULL)
    rc = channel_max(tr, HINGE__CH_LUMBAR, cfg->neutral_lumbar_deg, a, &lumbar, err);
  if (rc != HINGE_OK) return rc;
  cfg->max_thoracic_deg = thoracic;
  cfg->max_lumbar_deg = lumbar;
  return HINGE_OK;
}

/* Into a copy of the neutral fields, stored once every median is in. */
static int calibrate_neutral(const hinge__trace *tr, hinge_analyze_config *cfg,
                             const hinge_allocator *a, hinge_error *err) {
  double v[HINGE__CH_COUNT];
  int ch, rc = HINGE_OK;
  for (ch = 0; ch < HINGE__CH_COUNT; ch++) v[ch] = given(cfg, ch);
  for (ch = 0; ch < HINGE__CH_COUNT && rc == HINGE_OK; ch++)
    if (tr->ch[ch] != NULL) rc = hinge__median_range(tr->ch[ch], 0, tr->n, a, &v[ch], err);
  if (rc != HINGE_OK) return rc;
  /* A standing angle outside the neutral fields' domain is no posture (a
   * channel in other units, or a broken sensor): refuse it rather than
   * leave cfg invalid. */
  for (ch = 0; ch < HINGE__CH_COUNT; ch++)
    if (tr->ch[ch] != NULL && !(fabs(v[ch]) <= HINGE__NEUTRAL_MAX))
      return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0, "calibration: the standing %s angle is "
                         "%g deg, outside [-%g, %g] deg (is the column in degrees?)",
                         channel_names[ch], v[ch], HINGE__NEUTRAL_MAX, HINGE__NEUTRAL_MAX);
  cfg->neutral_hip_deg = v[HINGE__CH_HIP];
  cfg->neutral_thoracic_deg = v[HINGE__CH_THORACIC];
  cfg->neutral_lumbar_deg = v[HINGE__CH_LUMBAR];
  cfg->neutral_trunk_deg = v[HINGE__CH_TRUNK];
  return HINGE_OK;
}

int hinge_analyze_calibrate(const hinge_analyze_input *in, int max_flexion,
                            hinge_analyze_config *cfg, const hinge_allocator *alloc,
                            hinge_error *err) {
  hinge__trace tr;
  hinge__strlist p = {NULL, 0, 0}, w = {NULL, 0, 0};
  hinge__stage st;
  int rc;
  if (cfg == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "calibration: config is NULL");
  if ((rc = hinge_analyze_config_check(cfg, err)) != HINGE_OK) return rc;
  st.cfg = cfg;
  st.a = alloc;
  st.processing = &p;
  st.warnings = &w;
  st.err = err;
  rc = hinge__condition(in, &st, &tr);
  hinge__strlist_free(&p, alloc);
  hinge__strlist_free(&w, alloc);
  /* The history and warning lines are stored with a bare status (as in
   * hinge__analyze_run): say what ran out. */
  if (rc == HINGE_ENOMEM && err != NULL && err->code != HINGE_ENOMEM)
    return hinge__fail(err, HINGE_ENOMEM, in != NULL ? in->file : NULL, 0, 0,
                       "calibration: out of memory");
  if (rc != HINGE_OK) return rc;
  rc = max_flexion ? calibrate_max(&tr, cfg, alloc, err) : calibrate_neutral(&tr, cfg, alloc, err);
  hinge__trace_free(&tr, alloc);
  return rc;
}
