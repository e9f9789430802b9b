/*
 * assess_walk.c -- the shape of a recovery assessment (docs/formats.md,
 * "hinge recovery --format json"), written once: the CLI's JSON and the
 * Lua result of hinge.recovery.assess are two sinks over this walk
 * (hinge/sink.h).  The Lua result also carries the fields the file
 * format leaves out (HINGE_WALK_DETAIL).
 *
 * Load metrics are written at full precision (decimals -1): they are
 * ratios a coach compares against thresholds, not measurements.
 */
#include "hinge/sink.h"

typedef struct walk {
  const hinge_sink *s;
  void *ud;
  unsigned flags;
} walk;

static void num(const walk *w, const char *k, double x) {
  w->s->key(w->ud, k);
  w->s->number(w->ud, x, -1);
}

static void str(const walk *w, const char *k, const char *v) {
  w->s->key(w->ud, k);
  w->s->string(w->ud, v);
}

/* A day as "YYYY-MM-DD"; a day out of range is missing. */
static void day(const walk *w, const char *k, long d) {
  char buf[HINGE_DATE_BUF];
  str(w, k, hinge_day_format(d, buf));
}

static void boolean(const walk *w, const char *k, int b) {
  w->s->key(w->ud, k);
  w->s->boolean(w->ud, b);
}

static void finding(const walk *w, const hinge_finding *f) {
  w->s->begin_object(w->ud, 7);
  str(w, "rule", f->rule);
  str(w, "verdict", hinge_verdict_name(f->verdict));
  str(w, "region", f->region);
  str(w, "message", f->message);
  if (w->flags & HINGE_WALK_DETAIL) {
    str(w, "suggestion", f->suggestion);
    str(w, "source", f->source);
    boolean(w, "escalate", f->escalate);
  }
  w->s->end_object(w->ud);
}

static void findings(const walk *w, const hinge_athlete_result *r) {
  size_t i;
  w->s->key(w->ud, "findings");
  w->s->begin_array(w->ud, r->nfindings);
  for (i = 0; i < r->nfindings; i++) finding(w, &r->findings[i]);
  w->s->end_array(w->ud);
}

/* The metrics of the assessment day; null for an athlete without
 * training. */
static void load(const walk *w, const hinge_athlete_result *r) {
  const hinge_trainload_metrics *m = &r->load;
  w->s->key(w->ud, "load");
  if (r->load_basis == HINGE_TRAINLOAD_NONE) {
    w->s->null(w->ud);
    return;
  }
  w->s->begin_object(w->ud, 16);
  num(w, "acwr_ewma", m->acwr_ewma);
  num(w, "acwr_rolling", m->acwr_rolling);
  num(w, "monotony", m->monotony);
  num(w, "strain", m->strain);
  num(w, "weekly_load", m->weekly_load);
  str(w, "basis", hinge_trainload_basis_name(r->load_basis));
  num(w, "load", m->load);
  num(w, "acute_ewma", m->acute_ewma);
  num(w, "chronic_ewma", m->chronic_ewma);
  if (w->flags & HINGE_WALK_DETAIL) {
    num(w, "acute_mean", m->acute_mean);
    num(w, "chronic_mean", m->chronic_mean);
  }
  num(w, "fitness", m->fitness);
  num(w, "fatigue", m->fatigue);
  num(w, "performance", m->performance);
  day(w, "first_day", r->load_first_day);
  w->s->key(w->ud, "days");
  w->s->integer(w->ud, m->days);
  w->s->end_object(w->ud);
}

static void episode(const walk *w, const hinge_episode *e) {
  w->s->begin_object(w->ud, 9);
  str(w, "region", e->region);
  day(w, "onset", e->onset);
  num(w, "peak", e->peak);
  day(w, "peak_date", e->peak_day);
  num(w, "latest", e->latest);
  day(w, "latest_date", e->last_day);
  str(w, "trajectory", hinge_trajectory_name(e->trajectory));
  boolean(w, "current", e->current);
  w->s->end_object(w->ud);
}

static void athlete(const walk *w, const hinge_athlete_result *r) {
  size_t i;
  w->s->begin_object(w->ud, 8);
  str(w, "athlete", r->athlete);
  str(w, "verdict", hinge_verdict_name(r->verdict));
  findings(w, r);
  load(w, r);
  w->s->key(w->ud, "suggestions");
  w->s->begin_array(w->ud, r->nsuggestions);
  for (i = 0; i < r->nsuggestions; i++) w->s->string(w->ud, r->suggestions[i]);
  w->s->end_array(w->ud);
  w->s->key(w->ud, "episodes");
  w->s->begin_array(w->ud, r->nepisodes);
  for (i = 0; i < r->nepisodes; i++) episode(w, &r->episodes[i]);
  w->s->end_array(w->ud);
  w->s->end_object(w->ud);
}

void hinge_athlete_result_walk(const hinge_athlete_result *r, unsigned flags,
                               const hinge_sink *s, void *ud) {
  walk w;
  if (r == NULL || s == NULL) return;
  w.s = s;
  w.ud = ud;
  w.flags = flags;
  athlete(&w, r);
}

void hinge_assessment_walk(const hinge_assessment *a, const hinge_logs *logs, unsigned flags,
                           const hinge_sink *s, void *ud) {
  size_t i, n = hinge_assessment_count(a), nw = hinge_logs_warning_count(logs);
  size_t naw = hinge_assessment_warning_count(a);
  walk w;
  if (a == NULL || s == NULL) return;
  w.s = s;
  w.ud = ud;
  w.flags = flags;
  s->begin_object(ud, 3);
  day(&w, "on", hinge_assessment_on(a));
  s->key(ud, "athletes");
  s->begin_array(ud, n);
  for (i = 0; i < n; i++) athlete(&w, hinge_assessment_athlete(a, i));
  s->end_array(ud);
  s->key(ud, "warnings");
  s->begin_array(ud, nw + naw);
  for (i = 0; i < nw; i++) s->string(ud, hinge_logs_warning(logs, i));
  for (i = 0; i < naw; i++) s->string(ud, hinge_assessment_warning(a, i));
  s->end_array(ud);
  s->end_object(ud);
}
