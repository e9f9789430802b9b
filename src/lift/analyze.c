/*
 * analyze.c -- hinge_analyze_arrays: conditioning, segmentation,
 * calibration, metrics and the set summary in order; the result handle
 * and its accessors; names of verdicts, flags and trends.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze_internal.h"
#include "signs.h"

struct hinge_analysis {
  hinge_allocator alloc_copy;
  const hinge_allocator *alloc; /* &alloc_copy, or NULL for libc */
  hinge_analyze_config cfg;
  hinge_rep *reps;
  size_t nreps;
  hinge_set_summary set;   /* the whole recording */
  hinge_set_summary *sets; /* each set (a set column, or rests) */
  size_t nsets;
  int set_column;          /* the reps' set came from a set column */
  int has[HINGE__CH_ALL];  /* the channels present after conditioning */
  hinge_standing standing;
  double fs;
  size_t samples;
  const char *segmented_on; /* static */
  const char *capabilities; /* static: the source's (hinge_analyze_input) */
  char format[24];          /* the reader's name, "" when not said */
  char *file, *athlete, *date, *set_label;
  hinge__strlist processing, warnings;
};

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

const char *hinge_neutral_source_name(int source) {
  switch (source) {
  case HINGE_NEUTRAL_NONE: return "none";
  case HINGE_NEUTRAL_STANDING: return "standing";
  case HINGE_NEUTRAL_GIVEN: return "given";
  case HINGE_NEUTRAL_LOCKOUTS: return "lockouts";
  case HINGE_NEUTRAL_RECORDING: return "recording";
  default: return "unknown";
  }
}

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
  hinge__free(a, an->sets, an->nsets * sizeof *an->sets);
  hinge__strfree(a, an->file);
  hinge__strfree(a, an->athlete);
  hinge__strfree(a, an->date);
  hinge__strfree(a, an->set_label);
  hinge__strlist_free(&an->processing, a);
  hinge__strlist_free(&an->warnings, a);
  hinge__free(a, an, sizeof *an);
}

/* The source's capabilities as one of the static words, or from the
 * channels the input has. */
static const char *capabilities_of(const hinge_analyze_input *in) {
  static const char *const words[] = {"thoracic+lumbar", "lumbar only", "thoracic only",
                                      "trunk only", "none"};
  size_t i;
  for (i = 0; in->capabilities != NULL && i < sizeof words / sizeof words[0]; i++)
    if (strcmp(in->capabilities, words[i]) == 0) return words[i];
  return in->thoracic && in->lumbar ? words[0]
         : in->lumbar               ? words[1]
         : in->thoracic             ? words[2]
         : in->trunk                ? words[3]
                                    : words[4];
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
  an->capabilities = capabilities_of(in);
  snprintf(an->format, sizeof an->format, "%s", in->format ? in->format : "");
  if (an->file == NULL || an->athlete == NULL || an->date == NULL || an->set_label == NULL) {
    hinge_analysis_destroy(an);
    return NULL;
  }
  return an;
}

/* Why a rise was rejected, in words, into buf. */
static void reject_words(const hinge__reject *rj, char *buf, size_t size) {
  switch (rj->why) {
  case HINGE__REJECT_SHORT:
    snprintf(buf, size, "pull of %.2f s, shorter than min_pull_s %g s", rj->value, rj->limit);
    break;
  case HINGE__REJECT_FAST:
    snprintf(buf, size, "extension at %.0f deg/s, faster than max_pull_speed_deg_s %g deg/s",
             rj->value, rj->limit);
    break;
  case HINGE__REJECT_LEAN_START:
  case HINGE__REJECT_LEAN_END:
    snprintf(buf, size, "it %s leaning back %.0f deg beyond standing, more than "
             "max_lean_back_deg %g deg (a glitch)",
             rj->why == HINGE__REJECT_LEAN_START ? "starts" : "ends", rj->value, rj->limit);
    break;
  case HINGE__REJECT_BUMP:
    snprintf(buf, size, "down and back up in %.2f s, under twice min_pull_s (%g s): a jump to "
             "the bottom and back (a keypoint glitch or splice), not a lowering and a pull",
             rj->value, rj->limit);
    break;
  case HINGE__REJECT_CUT_START:
    snprintf(buf, size, "the recording starts mid-pull (already extending at %.0f deg/s): its "
             "setup and the rounding from liftoff were not recorded", rj->value);
    break;
  default:
    if (isnan(rj->limit))
      snprintf(buf, size, "the recording ends mid-pull (%.0f deg short of standing at its end)",
               rj->value);
    else
      snprintf(buf, size, "the recording ends mid-pull (still extending at %.0f deg/s)", rj->value);
    break;
  }
}

static double time_of(const hinge__trace *tr, size_t i) { return tr->t0 + (double)i / tr->fs; }

/* Implausible rises: one warning each. */
static int describe_rejects(hinge_analysis *an, const hinge__trace *tr,
                            const hinge__segmentation *seg) {
  size_t k;
  int rc = HINGE_OK;
  for (k = 0; k < seg->nrejects && rc == HINGE_OK; k++) {
    char why[160];
    reject_words(&seg->rejects[k], why, sizeof why);
    rc = hinge__strlist_add(&an->warnings, an->alloc, "the rise at %.2f s rejected: %s",
                            time_of(tr, seg->rejects[k].at), why);
  }
  return rc;
}

/* The judgement of the last rise of a set (deadlift; see reps_end.c). */
static int describe_final(hinge_analysis *an, const hinge__trace *tr, const hinge__final *f) {
  const hinge_allocator *a = an->alloc;
  char ev[200];
  snprintf(ev, sizeof ev, "pull %.2f s against the set's %.2f s, peak speed %.0f against %.0f "
           "deg/s, bottom pause %.2f s", f->pull_s, f->set_pull_s, f->speed, f->set_speed,
           f->dwell_s);
  switch (f->rule) {
  case HINGE__FINAL_PULL:
    return hinge__strlist_add(&an->processing, a, "the last rise (at %.2f s) counted as the last "
                              "rep: it moves like the set's pulls (%s)", time_of(tr, f->at), ev);
  case HINGE__FINAL_STAND_UP:
    return hinge__strlist_add(&an->processing, a, "the rise at %.2f s after the last lowering "
                              "taken as standing up without the bar (%s)", time_of(tr, f->at), ev);
  case HINGE__FINAL_KEPT_DEFAULT:
    return hinge__strlist_add(&an->warnings, a, "the last rise (at %.2f s) could be a pull or "
                              "the lifter standing up without the bar (%s): counted as a rep, "
                              "the default after a setup pause or when standing after its lockout "
                              "ends within 1.5 s (%.2f s: the recording's end or the next "
                              "descent); set_end put-down drops it",
                              time_of(tr, f->at), ev, f->tail_s);
  case HINGE__FINAL_DROPPED_DEFAULT:
    return hinge__strlist_add(&an->warnings, a, "the last rise (at %.2f s) could be a pull or "
                              "the lifter standing up without the bar (%s): not counted, the "
                              "default without a setup pause when standing goes on for 1.5 s or "
                              "more after it (%.2f s); set_end lockout counts it",
                              time_of(tr, f->at), ev, f->tail_s);
  case HINGE__FINAL_KEPT_ASKED:
    return hinge__strlist_add(&an->processing, a, "the last rise (at %.2f s) counted as a rep "
                              "(set_end lockout)", time_of(tr, f->at));
  case HINGE__FINAL_DROPPED_ASKED:
    return hinge__strlist_add(&an->processing, a, "the rise at %.2f s after the last lowering "
                              "taken as standing up without the bar (set_end put-down)",
                              time_of(tr, f->at));
  default: return HINGE_OK;
  }
}

/* No rep: why, in words true for this recording. */
/* The times of the stand-ups noted in seg, in order ("8.09, 29.39 s";
 * ", ..." past HINGE__STAND_UPS_AT), into at (HINGE__STAND_UPS_AT * 16 +
 * 8 bytes). */
static void stand_up_times(const hinge__trace *tr, const hinge__segmentation *seg, char *at,
                           size_t size) {
  size_t n = 0, m = seg->stand_ups < HINGE__STAND_UPS_AT ? seg->stand_ups : HINGE__STAND_UPS_AT;
  size_t when[HINGE__STAND_UPS_AT], j, k;
  for (k = 0; k < m; k++) { /* by time (two passes noted them in two orders) */
    for (j = k; j > 0 && when[j - 1] > seg->stand_up_at[k]; j--) when[j] = when[j - 1];
    when[j] = seg->stand_up_at[k];
  }
  at[0] = 0;
  for (k = 0; k < m && n < size; k++)
    n += (size_t)snprintf(at + n, size - n, "%s%.2f", k ? ", " : "", time_of(tr, when[k]));
  if (n < size) snprintf(at + n, size - n, "%s s", seg->stand_ups > m ? ", ..." : "");
}

static int describe_no_rep(hinge_analysis *an, const hinge__trace *tr,
                           const hinge__segmentation *seg) {
  const hinge_allocator *a = an->alloc;
  const char *ch = tr->seg_name;
  char why[160];
  switch (seg->no_rep) {
  case HINGE__NOREP_NO_DATA:
    return hinge__strlist_add(&an->warnings, a, "no rep found: %s has no valid sample", ch);
  case HINGE__NOREP_STILL:
    return hinge__strlist_add(&an->warnings, a, "no rep found: %s never moved %g deg (it moved "
                              "%.0f deg in all)", ch, tr->seg_min_range, seg->moved);
  case HINGE__NOREP_REJECTED:
    if (seg->stand_ups > 0) { /* between pulls cut off by the recording's ends */
      char at[HINGE__STAND_UPS_AT * 16 + 8];
      stand_up_times(tr, seg, at, sizeof at);
      return hinge__strlist_add(&an->warnings, a, "no rep found: %s moved %.0f deg, but %zu "
                                "rise%s rejected (above), and the %zu whole rise%s between "
                                "them taken as standing up without the bar (at %s)",
                                ch, seg->moved, seg->nrejects, seg->nrejects == 1 ? " was" :
                                "s were", seg->stand_ups, seg->stand_ups == 1 ? "" : "s", at);
    }
    if (seg->nrejects > 1)
      return hinge__strlist_add(&an->warnings, a, "no rep found: %s moved %.0f deg, but all %zu "
                                "rises were rejected (above)", ch, seg->moved, seg->nrejects);
    reject_words(&seg->rejects[0], why, sizeof why);
    return hinge__strlist_add(&an->warnings, a, "no rep found: %s moved %.0f deg, but the only "
                              "rise was rejected: %s", ch, seg->moved, why);
  default:
    return hinge__strlist_add(&an->warnings, a, "no rep found: %s moved %.0f deg but only once, "
                              "down, and never rose %g deg back", ch, seg->moved,
                              tr->seg_min_range);
  }
}

static int describe_segmentation(hinge_analysis *an, const hinge__trace *tr,
                                 const hinge__segmentation *seg) {
  const hinge_allocator *a = an->alloc;
  size_t k;
  int rc = describe_rejects(an, tr, seg);
  if (rc != HINGE_OK) return rc;
  if (seg->count == 0) return describe_no_rep(an, tr, seg);
  rc = hinge__strlist_add(&an->processing, a, "reps found on %s (%s): turning points %g deg "
                          "apart, then %.1f deg (%g of the median rise); standing %.1f deg, "
                          "bottom %.1f deg (medians of the reps), onset at %g%% of peak speed",
                          tr->seg_name, hinge_exercise_name(an->cfg.exercise),
                          tr->seg_min_range, seg->gate, an->cfg.min_range_frac, seg->top,
                          seg->bottom, 100 * an->cfg.onset_velocity_frac);
  if (rc == HINGE_OK && seg->noise_speed > an->cfg.onset_velocity_deg_s)
    rc = hinge__strlist_add(&an->processing, a, "onset speed at least %.1f deg/s: the speed "
                            "noise the %s channel's raw noise (%.2f deg) leaves after the "
                            "low-pass", seg->noise_speed, tr->seg_name, tr->seg_noise);
  if (rc == HINGE_OK && seg->gated > 0)
    rc = hinge__strlist_add(&an->processing, a, "%zu partial rep%s below the range gate "
                            "ignored", seg->gated, seg->gated == 1 ? "" : "s");
  if (rc == HINGE_OK && seg->stand_ups > 0) {
    char at[HINGE__STAND_UPS_AT * 16 + 8];
    stand_up_times(tr, seg, at, sizeof at);
    rc = hinge__strlist_add(&an->processing, a, "%zu rise%s between reps taken as standing "
                            "up without the bar (at %s: fast, or short and unpaused, against "
                            "the set's pulls; or straight out of a lowering before a paused "
                            "setup, not moving like a loaded pull)",
                            seg->stand_ups, seg->stand_ups == 1 ? "" : "s", at);
  }
  for (k = 0; k < seg->nset_ends && rc == HINGE_OK; k++)
    rc = describe_final(an, tr, &seg->set_ends[k]);
  if (rc == HINGE_OK) rc = describe_final(an, tr, &seg->final);
  if (rc == HINGE_OK && seg->lone)
    rc = hinge__strlist_add(&an->warnings, a, "the one whole rise (at %.2f s) lies between two "
                            "pulls the recording cut off, with no whole pull to compare it with: "
                            "counted as a rep; if the lifter stood up there without the bar, it "
                            "is not one", time_of(tr, seg->rises[0].liftoff));
  if (rc == HINGE_OK && seg->starts_down)
    rc = hinge__strlist_add(&an->processing, a, "the recording starts at the bottom: the first "
                            "rep's start is the first sample");
  return rc;
}

/* Why region ch of rep k (present) was not assessed, as a warning
 * naming the rep, the region and the gap. */
static int describe_unassessed(hinge_analysis *an, const hinge__trace *tr,
                               const hinge__rise *r, size_t k, int ch) {
  const hinge_region_rep *reg = ch == HINGE__CH_THORACIC ? &an->reps[k].thoracic
                                                        : &an->reps[k].lumbar;
  const char *what = ch == HINGE__CH_THORACIC ? "upper-back (thoracic)" : "lumbar";
  unsigned flag = ch == HINGE__CH_THORACIC ? HINGE_REP_UPPER_BACK_ROUNDING
                                           : HINGE_REP_LUMBAR_ROUNDING;
  int rep = an->reps[k].rep;
  char head[160];
  hinge__gap g;
  hinge__unmeasured(tr, ch, r->liftoff, r->lockout, &g);
  /* flagged on what was measured: the rounding is at least that, and the
   * flag stands; else the region is not assessed */
  if ((an->reps[k].flags & flag) != 0)
    snprintf(head, sizeof head, "rep %d: %s rounding flagged on the measured part (%.1f deg at "
             "least; its whole peak was not measured)", rep, what, reg->rounding_deg);
  else
    snprintf(head, sizeof head, "rep %d: %s rounding not assessed", rep, what);
  if (isnan(reg->rounding_deg))
    return hinge__strlist_add(&an->warnings, an->alloc, "%s: no valid sample in the pull", head);
  if (r->unsure && reg->coverage >= an->cfg.min_coverage &&
      (double)g.len / tr->fs <= an->cfg.max_unmeasured_s)
    return hinge__strlist_add(&an->warnings, an->alloc, "%s: liftoff at %.2f s is uncertain "
                              "(found on the spine channel alone, its rounding surge not told "
                              "from the descent)", head, tr->t0 + (double)r->liftoff / tr->fs);
  if ((double)g.len / tr->fs > an->cfg.max_unmeasured_s)
    return hinge__strlist_add(&an->warnings, an->alloc, "%s: %.2f s unmeasured from %.2f s to "
                              "%.2f s in the pull", head, (double)g.len / tr->fs,
                              tr->t0 + (double)g.start / tr->fs,
                              tr->t0 + (double)(g.start + g.len) / tr->fs);
  return hinge__strlist_add(&an->warnings, an->alloc, "%s: %.0f%% of the pull measured (%.0f%% "
                            "needed)", head, 100 * reg->coverage, 100 * an->cfg.min_coverage);
}

/* Warnings for what the metrics could not assess: a spine channel absent
 * from the recording (once), or a rep's region with too little measured. */
static int describe_gaps(hinge_analysis *an, const hinge__trace *tr,
                         const hinge__segmentation *seg) {
  size_t k;
  int ch, rc = HINGE_OK;
  if (an->nreps == 0) return HINGE_OK;
  char why[96] = "";
  if (an->format[0] != '\0' && strcmp(an->format, "csv") != 0) /* a device format says why */
    snprintf(why, sizeof why, " (%s exports measure %s)", an->format, an->capabilities);
  if (tr->ch[HINGE__CH_THORACIC] == NULL)
    rc = hinge__strlist_add(&an->warnings, an->alloc, "no thoracic angle: upper-back rounding "
                            "not assessed%s", why);
  if (rc == HINGE_OK && tr->ch[HINGE__CH_LUMBAR] == NULL)
    rc = hinge__strlist_add(&an->warnings, an->alloc, "no lumbar angle: lumbar rounding not "
                            "assessed%s", why);
  for (k = 0; k < an->nreps && rc == HINGE_OK; k++)
    for (ch = HINGE__CH_THORACIC; ch <= HINGE__CH_LUMBAR && rc == HINGE_OK; ch++) {
      const hinge_region_rep *reg = ch == HINGE__CH_THORACIC ? &an->reps[k].thoracic
                                                            : &an->reps[k].lumbar;
      if (tr->ch[ch] != NULL && !reg->assessed)
        rc = describe_unassessed(an, tr, &seg->rises[k], k, ch);
    }
  return rc;
}

/* Whether two reps' set values are the same set (NaN: the same). */
static int same_set(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

/* Without a set column, number the sets 1, 2, ...: a new one after more
 * than set_rest_s from a rep's lockout to the next rep's liftoff. */
static void number_sets(hinge_rep *reps, size_t n, double rest_s) {
  double set = 1;
  size_t k;
  for (k = 0; k < n; k++) {
    if (k > 0 && reps[k].liftoff_s - reps[k - 1].lockout_s > rest_s) set++;
    reps[k].set = set;
  }
}

/* The per-set summaries: consecutive reps of the same set value. */
static int summarise_sets(hinge_analysis *an, hinge_error *err) {
  size_t k, first, i = 0;
  an->nsets = 0;
  for (k = 0; k < an->nreps; k++)
    an->nsets += k == 0 || !same_set(an->reps[k].set, an->reps[k - 1].set);
  if (an->nsets == 0) return HINGE_OK;
  an->sets = hinge__calloc(an->alloc, an->nsets, sizeof *an->sets);
  if (an->sets == NULL) {
    an->nsets = 0;
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  }
  for (first = 0; first < an->nreps; first = k) {
    for (k = first + 1; k < an->nreps && same_set(an->reps[k].set, an->reps[first].set); k++) {}
    hinge__set_summary(an->reps + first, k - first, &an->cfg, &an->sets[i]);
    an->sets[i].set = an->reps[first].set;
    an->sets[i++].first_rep = first;
  }
  return HINGE_OK;
}

/* The stage context of an's analysis. */
static hinge__stage stage_of(hinge_analysis *an, hinge_error *err) {
  hinge__stage st;
  st.cfg = &an->cfg;
  st.a = an->alloc;
  st.processing = &an->processing;
  st.warnings = &an->warnings;
  st.err = err;
  return st;
}

static int measure(hinge_analysis *an, const hinge__trace *tr, const hinge__segmentation *seg,
                   hinge_error *err) {
  hinge__stage st = stage_of(an, err);
  size_t k;
  int rc = hinge__calibrate(tr, seg, &st, &an->standing);
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
  an->set_column = tr->set != NULL;
  if (!an->set_column) number_sets(an->reps, an->nreps, an->cfg.set_rest_s);
  hinge__set_summary(an->reps, an->nreps, &an->cfg, &an->set);
  if ((rc = summarise_sets(an, err)) != HINGE_OK) return rc;
  return describe_gaps(an, tr, seg);
}

static int run(hinge_analysis *an, const hinge_analyze_input *in, const hinge__writable *w,
               hinge_error *err) {
  hinge__trace tr;
  hinge__segmentation seg;
  hinge__stage st = stage_of(an, err);
  int k, rc = hinge__condition_with(in, w, &st, &tr);
  if (rc != HINGE_OK) return rc;
  an->fs = tr.fs;
  an->samples = tr.n;
  for (k = 0; k < HINGE__CH_ALL; k++) an->has[k] = tr.ch[k] != NULL;
  an->segmented_on = tr.seg_name;
  {
    hinge__seg_channel ch; /* spine: not hip, not trunk */
    ch.s = tr.seg;
    ch.n = tr.n;
    ch.fs = tr.fs;
    ch.min_range = tr.seg_min_range;
    ch.spine = strcmp(tr.seg_name, "hip") != 0 && strcmp(tr.seg_name, "trunk") != 0;
    ch.set = tr.set;
    ch.whole = 1;
    ch.noise_deg = tr.seg_noise;
    rc = hinge__segment_on(&ch, &an->cfg, an->alloc, &seg, err);
  }
  if (rc == HINGE_OK) {
    rc = describe_segmentation(an, &tr, &seg);
    if (rc == HINGE_OK) rc = hinge__check_signs(&tr, &seg, &st);
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
    hinge_analyze_config_init(&defaults);
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

/* --------------------------------------------------------- accessors */

size_t hinge_analysis_rep_count(const hinge_analysis *a) { return a ? a->nreps : 0; }
const hinge_rep *hinge_analysis_reps(const hinge_analysis *a) { return a ? a->reps : NULL; }
const hinge_set_summary *hinge_analysis_set(const hinge_analysis *a) { return a ? &a->set : NULL; }
size_t hinge_analysis_set_count(const hinge_analysis *a) { return a ? a->nsets : 0; }
const hinge_set_summary *hinge_analysis_sets(const hinge_analysis *a) {
  return a && a->nsets ? a->sets : NULL;
}
int hinge__analysis_set_column(const hinge_analysis *a) { return a ? a->set_column : 0; }
int hinge__analysis_has(const hinge_analysis *a, int ch) {
  return a != NULL && ch >= 0 && ch < HINGE__CH_ALL && a->has[ch];
}
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
const char *hinge__analysis_capabilities(const hinge_analysis *a) {
  return a && a->capabilities ? a->capabilities : "none";
}
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
