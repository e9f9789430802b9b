/*
 * analyze_walk.c -- the shape of one analysed file (docs/formats.md,
 * "hinge analyze --format json"), written once: the CLI's JSON and the
 * Lua tables are two sinks over this walk (hinge/sink.h).
 *
 * Missing values go to the sink as NaN / NULL / null; the sink decides
 * how they show.  Decimals are the precision the format documents: times
 * to the millisecond, angles and speeds to a hundredth.
 */
#include <math.h>

#include "hinge/sink.h"
#include "analyze_internal.h"

/* The walk's position: the sink and its state, passed down as one. */
typedef struct walk {
  const hinge_sink *s;
  void *ud;
} walk;

static void num(const walk *w, const char *k, double x, int decimals) {
  w->s->key(w->ud, k);
  w->s->number(w->ud, x, decimals);
}

static void str(const walk *w, const char *k, const char *v) {
  w->s->key(w->ud, k);
  w->s->string(w->ud, v);
}

static void integer(const walk *w, const char *k, long long v) {
  w->s->key(w->ud, k);
  w->s->integer(w->ud, v);
}

static void boolean(const walk *w, const char *k, int v) {
  w->s->key(w->ud, k);
  w->s->boolean(w->ud, v);
}

static void open_object(const walk *w, const char *k, size_t hint) {
  w->s->key(w->ud, k);
  w->s->begin_object(w->ud, hint);
}

/* An empty text field (no athlete, no date) is a missing one. */
static const char *text(const char *s) { return s != NULL && *s ? s : NULL; }

static const char *source_name(int source) {
  switch (source) {
  case HINGE_NEUTRAL_STANDING: return "standing";
  case HINGE_NEUTRAL_GIVEN: return "given";
  case HINGE_NEUTRAL_LOCKOUTS: return "lockouts";
  case HINGE_NEUTRAL_RECORDING: return "recording";
  default: return NULL;
  }
}

static void strings(const walk *w, const char *k, const hinge_analysis *a, size_t n,
                    const char *(*get)(const hinge_analysis *, size_t)) {
  size_t i;
  w->s->key(w->ud, k);
  w->s->begin_array(w->ud, n);
  for (i = 0; i < n; i++) w->s->string(w->ud, get(a, i));
  w->s->end_array(w->ud);
}

/* trunk_deg only with a trunk column: the format has no null for it. */
static void standing(const walk *w, const hinge_standing *st) {
  open_object(w, "standing", 6);
  num(w, "hip_deg", st->hip_deg, 2);
  num(w, "thoracic_deg", st->thoracic_deg, 2);
  num(w, "lumbar_deg", st->lumbar_deg, 2);
  if (!isnan(st->trunk_deg)) num(w, "trunk_deg", st->trunk_deg, 2);
  str(w, "source", source_name(st->source));
  num(w, "duration_s", st->duration_s, 3);
  w->s->end_object(w->ud);
}

/* A region is null without its column (no standing angle for it); the
 * share of maximal flexion only with a maximal-flexion calibration. */
static void region(const walk *w, const char *k, const hinge_region_rep *r, int present) {
  if (!present) {
    w->s->key(w->ud, k);
    w->s->null(w->ud);
    return;
  }
  open_object(w, k, 8);
  num(w, "start_deg", r->start_deg, 2);
  num(w, "peak_deg", r->peak_deg, 2);
  num(w, "rounding_deg", r->rounding_deg, 2);
  num(w, "peak_flexion_velocity_deg_s", r->peak_velocity_deg_s, 2);
  if (!isnan(r->start_pct_max) || !isnan(r->peak_pct_max)) {
    num(w, "start_pct_max", r->start_pct_max, 2);
    num(w, "peak_pct_max", r->peak_pct_max, 2);
  }
  num(w, "coverage", r->coverage, 3);
  boolean(w, "assessed", r->assessed);
  w->s->end_object(w->ud);
}

/* {"setup_deg": x} (and "peak_deg" when peak is not NULL); null when
 * the setup angle is missing. */
static void setup(const walk *w, const char *k, double deg, const double *peak) {
  if (isnan(deg) && peak == NULL) {
    w->s->key(w->ud, k);
    w->s->null(w->ud);
    return;
  }
  open_object(w, k, 2);
  num(w, "setup_deg", deg, 2);
  if (peak != NULL) num(w, "peak_deg", *peak, 2);
  w->s->end_object(w->ud);
}

/* The set a rep or a set is in: the set label (text) for a recording of
 * one set without a set column, as before sets were counted; otherwise
 * the number. */
static void set_value(const walk *w, const hinge_analysis *a, double set) {
  const char *label = text(hinge_analysis_set_label(a));
  if (!hinge__analysis_set_column(a) && label != NULL && hinge_analysis_set_count(a) == 1)
    str(w, "set", label);
  else
    num(w, "set", set, -1);
}

/* Upper back first, as the text and CSV outputs list them. */
static void flags(const walk *w, unsigned bits) {
  w->s->key(w->ud, "flags");
  w->s->begin_array(w->ud, 2);
  if (bits & HINGE_REP_UPPER_BACK_ROUNDING)
    w->s->string(w->ud, hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING));
  if (bits & HINGE_REP_LUMBAR_ROUNDING)
    w->s->string(w->ud, hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING));
  w->s->end_array(w->ud);
}

/* Which optional parts the reps carry: decided once per file from the
 * standing angles, so every rep has the same keys. */
typedef struct parts {
  int thoracic, lumbar, trunk, knee;
} parts;

static void rep(const walk *w, const hinge_analysis *a, const hinge_rep *r, const parts *p) {
  w->s->begin_object(w->ud, 18);
  integer(w, "rep", r->rep);
  set_value(w, a, r->set);
  num(w, "start_s", r->start_s, 3);
  num(w, "liftoff_s", r->liftoff_s, 3);
  num(w, "lockout_s", r->lockout_s, 3);
  num(w, "end_s", r->end_s, 3);
  num(w, "pull_duration_s", r->pull_duration_s, 3);
  num(w, "dwell_s", r->dwell_s, 3);
  num(w, "peak_extension_velocity_deg_s", r->peak_extension_velocity_deg_s, 2);
  setup(w, "hip", r->hip_setup_deg, NULL);
  if (p->trunk) setup(w, "trunk", r->trunk_setup_deg, &r->trunk_peak_deg);
  if (p->knee) setup(w, "knee", r->knee_setup_deg, NULL);
  region(w, "thoracic", &r->thoracic, p->thoracic);
  region(w, "lumbar", &r->lumbar, p->lumbar);
  flags(w, r->flags);
  str(w, "verdict", hinge_form_verdict_name(r->verdict));
  w->s->end_object(w->ud);
}

static void reps(const walk *w, const hinge_analysis *a) {
  const hinge_standing *st = hinge_analysis_standing(a);
  const hinge_rep *r = hinge_analysis_reps(a);
  size_t i, n = hinge_analysis_rep_count(a);
  parts p;
  p.thoracic = !isnan(st->thoracic_deg);
  p.lumbar = !isnan(st->lumbar_deg);
  p.trunk = !isnan(st->trunk_deg);
  p.knee = hinge__analysis_has(a, HINGE__CH_KNEE);
  w->s->key(w->ud, "reps");
  w->s->begin_array(w->ud, n);
  for (i = 0; i < n; i++) rep(w, a, &r[i], &p);
  w->s->end_array(w->ud);
}

/* {"thoracic": x, "lumbar": y} from one field of both set regions. */
static void pair(const walk *w, const char *k, double th, double lu) {
  open_object(w, k, 2);
  num(w, "thoracic", th, 2);
  num(w, "lumbar", lu, 2);
  w->s->end_object(w->ud);
}

static void relation(const walk *w, const char *k, const hinge_set_region *r) {
  open_object(w, k, 2);
  num(w, "r", r->setup_peak_r, 2);
  num(w, "slope", r->setup_peak_slope, 2);
  w->s->end_object(w->ud);
}

static void set_rounding(const walk *w, const hinge_set_summary *s) {
  pair(w, "rounding_drift_deg_per_rep", s->thoracic.drift_deg_per_rep,
       s->lumbar.drift_deg_per_rep);
  pair(w, "rounding_change_deg", s->thoracic.change_deg, s->lumbar.change_deg);
  open_object(w, "rounding_trend", 2);
  str(w, "thoracic", hinge_trend_name(s->thoracic.trend));
  str(w, "lumbar", hinge_trend_name(s->lumbar.trend));
  w->s->end_object(w->ud);
  pair(w, "mean_rounding_deg", s->thoracic.mean_rounding_deg, s->lumbar.mean_rounding_deg);
  pair(w, "max_rounding_deg", s->thoracic.max_rounding_deg, s->lumbar.max_rounding_deg);
  open_object(w, "setup_consistency_sd_deg", 3);
  num(w, "hip", s->hip_setup_sd_deg, 2);
  num(w, "thoracic", s->thoracic.setup_sd_deg, 2);
  num(w, "lumbar", s->lumbar.setup_sd_deg, 2);
  w->s->end_object(w->ud);
}

static void set_pull(const walk *w, const hinge_set_summary *s) {
  open_object(w, "pull_duration_s", 4);
  num(w, "first", s->pull_first_s, 3);
  num(w, "last", s->pull_last_s, 3);
  num(w, "increase_pct", s->pull_increase_pct, 2);
  num(w, "slope_s_per_rep", s->pull_slope_s_per_rep, 3);
  w->s->end_object(w->ud);
  w->s->key(w->ud, "fatigue");
  w->s->boolean(w->ud, s->fatigue);
}

/* The fields of a summary after its line: rounding, pulls, setup vs
 * peak, how many reps each region assessed, and the trunk means (with a
 * trunk column). */
static void set_body(const walk *w, const hinge_analysis *a, const hinge_set_summary *s) {
  set_rounding(w, s);
  set_pull(w, s);
  open_object(w, "setup_vs_peak", 2);
  relation(w, "thoracic", &s->thoracic);
  relation(w, "lumbar", &s->lumbar);
  w->s->end_object(w->ud);
  open_object(w, "assessed_reps", 2);
  integer(w, "thoracic", (long long)s->thoracic_assessed);
  integer(w, "lumbar", (long long)s->lumbar_assessed);
  w->s->end_object(w->ud);
  if (!isnan(hinge_analysis_standing(a)->trunk_deg)) {
    num(w, "trunk_setup_mean_deg", s->trunk_setup_mean_deg, 2);
    num(w, "trunk_peak_mean_deg", s->trunk_peak_mean_deg, 2);
  }
}

/* The whole recording ("set"), with its line as one set (each set's own
 * line is in "sets"). */
static void set(const walk *w, const hinge_analysis *a) {
  const hinge_set_summary *s = hinge_analysis_set(a);
  char line[512];
  hinge__set_line(a, HINGE__NONE, line, sizeof line);
  open_object(w, "set", 17);
  integer(w, "reps", (long long)s->reps);
  str(w, "verdict", hinge_form_verdict_name(s->verdict));
  str(w, "summary", line);
  set_body(w, a, s);
  w->s->end_object(w->ud);
}

static void sets(const walk *w, const hinge_analysis *a) {
  const hinge_set_summary *s = hinge_analysis_sets(a);
  size_t i, n = hinge_analysis_set_count(a);
  w->s->key(w->ud, "sets");
  w->s->begin_array(w->ud, n);
  for (i = 0; i < n; i++) {
    char line[512];
    hinge__set_line(a, i, line, sizeof line);
    w->s->begin_object(w->ud, 19);
    set_value(w, a, s[i].set);
    integer(w, "first_rep", (long long)s[i].first_rep + 1);
    integer(w, "reps", (long long)s[i].reps);
    str(w, "verdict", hinge_form_verdict_name(s[i].verdict));
    str(w, "summary", line);
    set_body(w, a, &s[i]);
    w->s->end_object(w->ud);
  }
  w->s->end_array(w->ud);
}

void hinge_analysis_walk(const hinge_analysis *a, const hinge_sink *s, void *ud) {
  walk w;
  if (a == NULL || s == NULL) return;
  w.s = s;
  w.ud = ud;
  s->begin_object(ud, 16);
  str(&w, "file", text(hinge_analysis_file(a)));
  str(&w, "athlete", text(hinge_analysis_athlete(a)));
  str(&w, "date", text(hinge_analysis_date(a)));
  num(&w, "sample_rate_hz", hinge_analysis_sample_rate(a), 3);
  integer(&w, "samples", (long long)hinge_analysis_samples(a));
  str(&w, "segmented_on", hinge_analysis_segmented_on(a));
  str(&w, "capabilities", hinge__analysis_capabilities(a));
  str(&w, "exercise", hinge_exercise_name(hinge_analysis_config(a)->exercise));
  str(&w, "set_end", hinge_set_end_name(hinge_analysis_config(a)->set_end));
  strings(&w, "processing", a, hinge_analysis_processing_count(a), hinge_analysis_processing);
  standing(&w, hinge_analysis_standing(a));
  reps(&w, a);
  set(&w, a);
  sets(&w, a);
  strings(&w, "warnings", a, hinge_analysis_warning_count(a), hinge_analysis_warning);
  s->end_object(ud);
}
