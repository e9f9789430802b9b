/*
 * analyze.c -- hinge_analyze_arrays: conditioning, segmentation,
 * calibration, metrics and the set summary; the result handle and its
 * accessors; names of verdicts, flags and trends; the one-line summary.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analyze_internal.h"

struct hinge_analysis {
  hinge_allocator alloc_copy;
  const hinge_allocator *alloc; /* &alloc_copy, or NULL for libc */
  hinge_analyze_config cfg;
  hinge_rep *reps;
  size_t nreps;
  hinge_set_summary set;
  hinge_standing standing;
  double fs;
  size_t samples;
  const char *segmented_on; /* static */
  char *file, *athlete, *date, *set_label;
  hinge__strlist processing, warnings;
};

/* ------------------------------------------------------------ strlist */

int hinge__strlist_add(hinge__strlist *l, const hinge_allocator *a, const char *fmt, ...) {
  va_list ap;
  char buf[512];
  char *s;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (l->count == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 8;
    char **g = hinge__realloc(a, l->items, l->cap * sizeof *g, nc * sizeof *g);
    if (g == NULL) return HINGE_ENOMEM;
    l->items = g;
    l->cap = nc;
  }
  s = hinge__strdup(a, buf);
  if (s == NULL) return HINGE_ENOMEM;
  l->items[l->count++] = s;
  return HINGE_OK;
}

void hinge__strlist_free(hinge__strlist *l, const hinge_allocator *a) {
  size_t i;
  for (i = 0; i < l->count; i++) hinge__strfree(a, l->items[i]);
  hinge__free(a, l->items, l->cap * sizeof *l->items);
  memset(l, 0, sizeof *l);
}

/* ------------------------------------------------------------- names */

const char *hinge_form_verdict_name(int verdict) {
  switch (verdict) {
  case HINGE_FORM_OK: return "ok";
  case HINGE_FORM_CAUTION: return "caution";
  case HINGE_FORM_FIX: return "fix";
  case HINGE_FORM_STOP: return "stop";
  default: return "unknown";
  }
}

/* hinge_rep_flag_name: io/roles.c, beside its parser. */

const char *hinge_trend_name(int trend) {
  if (trend > 0) return "increasing";
  if (trend < 0) return "decreasing";
  return "stable";
}

/* ------------------------------------------------------- the analysis */

void hinge_analysis_destroy(hinge_analysis *an) {
  const hinge_allocator *a;
  if (an == NULL) return;
  a = an->alloc;
  hinge__free(a, an->reps, an->nreps * sizeof *an->reps);
  hinge__strfree(a, an->file);
  hinge__strfree(a, an->athlete);
  hinge__strfree(a, an->date);
  hinge__strfree(a, an->set_label);
  hinge__strlist_free(&an->processing, a);
  hinge__strlist_free(&an->warnings, a);
  hinge__free(a, an, sizeof *an);
}

static hinge_analysis *new_analysis(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                                    const hinge_allocator *alloc) {
  hinge_analysis *an = hinge__calloc(alloc, 1, sizeof *an);
  if (an == NULL) return NULL;
  if (alloc != NULL) {
    an->alloc_copy = *alloc;
    an->alloc = &an->alloc_copy;
  }
  an->cfg = *cfg;
  an->file = hinge__strdup(an->alloc, in->file ? in->file : "");
  an->athlete = hinge__strdup(an->alloc, in->athlete ? in->athlete : "");
  an->date = hinge__strdup(an->alloc, in->date ? in->date : "");
  an->set_label = hinge__strdup(an->alloc, in->set_label ? in->set_label : "");
  if (an->file == NULL || an->athlete == NULL || an->date == NULL || an->set_label == NULL) {
    hinge_analysis_destroy(an);
    return NULL;
  }
  return an;
}

static int describe_segmentation(hinge_analysis *an, const hinge__trace *tr,
                                 const hinge__segmentation *seg) {
  const hinge_allocator *a = an->alloc;
  int rc;
  if (isnan(seg->hi))
    return hinge__strlist_add(&an->warnings, a, "no rep found: %s never moved %g deg from "
                              "standing and back", tr->seg_name, tr->seg_min_range);
  rc = hinge__strlist_add(&an->processing, a, "reps found on %s: standing %.1f deg, bottom "
                          "%.1f deg, hysteresis %.1f/%.1f deg, onset at %g%% of peak speed",
                          tr->seg_name, seg->top, seg->bottom, seg->hi, seg->lo,
                          100 * an->cfg.onset_velocity_frac);
  if (rc == HINGE_OK && seg->gated > 0)
    rc = hinge__strlist_add(&an->processing, a, "%zu partial rep%s below the range gate "
                            "ignored", seg->gated, seg->gated == 1 ? "" : "s");
  if (rc == HINGE_OK && seg->stand_ups > 0)
    rc = hinge__strlist_add(&an->processing, a, "%zu rise%s straight out of a lowering and "
                            "before a paused setup taken as standing up between reps",
                            seg->stand_ups, seg->stand_ups == 1 ? "" : "s");
  if (rc == HINGE_OK && seg->dropped_final != HINGE__NONE)
    rc = hinge__strlist_add(&an->processing, a, "the rise at %.2f s after the last lowering "
                            "taken as standing up without the bar",
                            tr->t0 + (double)seg->dropped_final / tr->fs);
  if (rc == HINGE_OK && seg->starts_down)
    rc = hinge__strlist_add(&an->warnings, a, "the recording starts at the bottom: the first "
                            "rep's start is the first sample");
  if (rc == HINGE_OK && seg->count == 0)
    rc = hinge__strlist_add(&an->warnings, a, "no rep found");
  return rc;
}

/* Warnings for what the metrics could not assess. */
static int describe_gaps(hinge_analysis *an, const hinge__trace *tr) {
  int rc = HINGE_OK;
  if (an->nreps == 0) return HINGE_OK;
  if (tr->ch[HINGE__CH_THORACIC] == NULL)
    rc = hinge__strlist_add(&an->warnings, an->alloc, "no thoracic angle: upper-back rounding "
                            "not assessed");
  if (rc == HINGE_OK && tr->ch[HINGE__CH_LUMBAR] == NULL)
    rc = hinge__strlist_add(&an->warnings, an->alloc, "no lumbar angle: lumbar rounding not "
                            "assessed");
  return rc;
}

static int measure(hinge_analysis *an, const hinge__trace *tr, const hinge__segmentation *seg,
                   hinge_error *err) {
  size_t k;
  int rc = hinge__calibrate(tr, seg, &an->cfg, an->alloc, &an->standing, &an->processing,
                            &an->warnings, err);
  if (rc != HINGE_OK) return rc;
  if (seg->count > 0) {
    an->reps = hinge__calloc(an->alloc, seg->count, sizeof *an->reps);
    if (an->reps == NULL)
      return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
    an->nreps = seg->count;
  }
  for (k = 0; k < seg->count; k++) {
    if (k + 2 < seg->count) hinge__rep_prefetch(tr, &seg->rises[k + 2]);
    hinge__rep_metrics(tr, &seg->rises[k], &an->standing, &an->cfg, (int)k + 1, &an->reps[k]);
  }
  hinge__set_summary(an->reps, an->nreps, &an->cfg, &an->set);
  return describe_gaps(an, tr);
}

static int run(hinge_analysis *an, const hinge_analyze_input *in, const hinge__writable *w,
               hinge_error *err) {
  hinge__trace tr;
  hinge__segmentation seg;
  int rc = hinge__condition_with(in, w, &an->cfg, an->alloc, &tr, &an->processing,
                            &an->warnings, err);
  if (rc != HINGE_OK) return rc;
  an->fs = tr.fs;
  an->samples = tr.n;
  an->segmented_on = tr.seg_name;
  rc = hinge__segment(tr.seg, tr.n, tr.fs, tr.seg_min_range, &an->cfg, an->alloc, &seg, err);
  if (rc == HINGE_OK) {
    rc = describe_segmentation(an, &tr, &seg);
    if (rc == HINGE_OK) rc = measure(an, &tr, &seg, err);
    hinge__segmentation_free(&seg, an->alloc);
  }
  hinge__trace_free(&tr, an->alloc);
  return rc;
}

int hinge_analyze_arrays(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                         const hinge_allocator *alloc, hinge_analysis **out, hinge_error *err) {
  return hinge__analyze_run(in, NULL, cfg, alloc, out, err);
}

int hinge__analyze_run(const hinge_analyze_input *in, const hinge__writable *w,
                       const hinge_analyze_config *cfg, const hinge_allocator *alloc,
                       hinge_analysis **out, hinge_error *err) {
  hinge_analyze_config defaults;
  hinge_analysis *an;
  int rc;
  if (out == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: out is NULL");
  *out = NULL;
  if (in == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: input is NULL");
  if (cfg == NULL) {
    hinge_analyze_config_default(&defaults);
    cfg = &defaults;
  }
  if ((rc = hinge_analyze_config_check(cfg, err)) != HINGE_OK) return rc;
  an = new_analysis(in, cfg, alloc);
  if (an == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  rc = run(an, in, w, err);
  if (rc == HINGE_ENOMEM && err != NULL && err->code != HINGE_ENOMEM)
    hinge__fail(err, HINGE_ENOMEM, in->file, 0, 0, "analysis: out of memory");
  if (rc != HINGE_OK) {
    hinge_analysis_destroy(an);
    return rc;
  }
  *out = an;
  return HINGE_OK;
}

/* ------------------------------------------------------- calibration */

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

static int calibrate_max(const hinge__trace *tr, hinge_analyze_config *cfg,
                         const hinge_allocator *a, hinge_error *err) {
  double neutral;
  int rc = HINGE_OK;
  if (tr->ch[HINGE__CH_THORACIC] != NULL) {
    rc = trial_neutral(tr, HINGE__CH_THORACIC, cfg->neutral_thoracic_deg, a, &neutral, err);
    if (rc == HINGE_OK) cfg->max_thoracic_deg = highest(tr->ch[HINGE__CH_THORACIC], tr->n, neutral);
  }
  if (rc == HINGE_OK && tr->ch[HINGE__CH_LUMBAR] != NULL) {
    rc = trial_neutral(tr, HINGE__CH_LUMBAR, cfg->neutral_lumbar_deg, a, &neutral, err);
    if (rc == HINGE_OK) cfg->max_lumbar_deg = highest(tr->ch[HINGE__CH_LUMBAR], tr->n, neutral);
  }
  if (rc == HINGE_OK && !(cfg->max_thoracic_deg > 0) && !(cfg->max_lumbar_deg > 0))
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "maximal-flexion trial: no thoracic or "
                       "lumbar flexion above standing");
  return rc;
}

static int calibrate_neutral(const hinge__trace *tr, hinge_analyze_config *cfg,
                             const hinge_allocator *a, hinge_error *err) {
  double *slots[HINGE__CH_COUNT];
  int ch, rc = HINGE_OK;
  slots[HINGE__CH_HIP] = &cfg->neutral_hip_deg;
  slots[HINGE__CH_THORACIC] = &cfg->neutral_thoracic_deg;
  slots[HINGE__CH_LUMBAR] = &cfg->neutral_lumbar_deg;
  slots[HINGE__CH_TRUNK] = &cfg->neutral_trunk_deg;
  for (ch = 0; ch < HINGE__CH_COUNT && rc == HINGE_OK; ch++)
    if (tr->ch[ch] != NULL) rc = hinge__median_range(tr->ch[ch], 0, tr->n, a, slots[ch], err);
  return rc;
}

int hinge_analyze_calibrate(const hinge_analyze_input *in, int max_flexion,
                            hinge_analyze_config *cfg, const hinge_allocator *alloc,
                            hinge_error *err) {
  hinge__trace tr;
  hinge__strlist p = {NULL, 0, 0}, w = {NULL, 0, 0};
  int rc;
  if (cfg == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "calibration: config is NULL");
  if ((rc = hinge_analyze_config_check(cfg, err)) != HINGE_OK) return rc;
  rc = hinge__condition(in, cfg, alloc, &tr, &p, &w, err);
  hinge__strlist_free(&p, alloc);
  hinge__strlist_free(&w, alloc);
  if (rc != HINGE_OK) return rc;
  rc = max_flexion ? calibrate_max(&tr, cfg, alloc, err) : calibrate_neutral(&tr, cfg, alloc, err);
  hinge__trace_free(&tr, alloc);
  return rc;
}

/* --------------------------------------------------------- accessors */

size_t hinge_analysis_rep_count(const hinge_analysis *a) { return a ? a->nreps : 0; }
const hinge_rep *hinge_analysis_reps(const hinge_analysis *a) { return a ? a->reps : NULL; }
const hinge_set_summary *hinge_analysis_set(const hinge_analysis *a) { return a ? &a->set : NULL; }
const hinge_standing *hinge_analysis_standing(const hinge_analysis *a) {
  return a ? &a->standing : NULL;
}
const hinge_analyze_config *hinge_analysis_config(const hinge_analysis *a) {
  return a ? &a->cfg : NULL;
}
double hinge_analysis_sample_rate(const hinge_analysis *a) { return a ? a->fs : NAN; }
size_t hinge_analysis_samples(const hinge_analysis *a) { return a ? a->samples : 0; }
const char *hinge_analysis_segmented_on(const hinge_analysis *a) {
  return a && a->segmented_on ? a->segmented_on : "";
}
const char *hinge_analysis_file(const hinge_analysis *a) { return a ? a->file : ""; }
const char *hinge_analysis_athlete(const hinge_analysis *a) { return a ? a->athlete : ""; }
const char *hinge_analysis_date(const hinge_analysis *a) { return a ? a->date : ""; }
const char *hinge_analysis_set_label(const hinge_analysis *a) { return a ? a->set_label : ""; }
size_t hinge_analysis_processing_count(const hinge_analysis *a) {
  return a ? a->processing.count : 0;
}
const char *hinge_analysis_processing(const hinge_analysis *a, size_t i) {
  return a && i < a->processing.count ? a->processing.items[i] : NULL;
}
size_t hinge_analysis_warning_count(const hinge_analysis *a) { return a ? a->warnings.count : 0; }
const char *hinge_analysis_warning(const hinge_analysis *a, size_t i) {
  return a && i < a->warnings.count ? a->warnings.items[i] : NULL;
}
