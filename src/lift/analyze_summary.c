/*
 * analyze_summary.c -- the one-line verdict of a set, shared by the text
 * output and the Lua binding:
 *
 *   "5 reps, stop: lumbar rounding on reps 2, 4; upper-back rounding on
 *    rep 3; lumbar rounding increasing (+1.4 deg/rep); pulls 24% slower
 *    by the last rep"
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "analyze_internal.h"

/* snprintf-style appender: keeps the full length even when truncated. */
typedef struct out {
  char *buf;
  size_t size;
  size_t len;
} out;

static void put(out *o, const char *fmt, ...) HINGE__PRINTF(2, 3);
static void put(out *o, const char *fmt, ...) {
  va_list ap;
  int n;
  char *dst = o->len < o->size ? o->buf + o->len : NULL;
  size_t room = o->len < o->size ? o->size - o->len : 0;
  va_start(ap, fmt);
  n = vsnprintf(dst, room, fmt, ap);
  va_end(ap);
  if (n > 0) o->len += (size_t)n;
}

/* "<what> on rep 3" / "on reps 2, 4, 5" for the reps whose flags hold
 * `flag`, or (flag 0) whose region `reg` is present but not assessed. */
typedef struct listing {
  unsigned flag;
  int reg; /* HINGE__CH_THORACIC or _LUMBAR, with flag 0 */
  const char *what;
} listing;

static int listed(const hinge_rep *r, const listing *l) {
  const hinge_region_rep *g = l->reg == HINGE__CH_THORACIC ? &r->thoracic : &r->lumbar;
  unsigned own = l->reg == HINGE__CH_THORACIC ? HINGE_REP_UPPER_BACK_ROUNDING
                                              : HINGE_REP_LUMBAR_ROUNDING;
  if (l->flag) return (r->flags & l->flag) != 0;
  /* a region flagged on its measured part is listed with the flags */
  return !g->assessed && !isnan(g->coverage) && (r->flags & own) == 0;
}

static void flagged(out *o, const hinge_rep *reps, size_t n, const listing *l, int *first) {
  size_t i, count = 0, shown = 0;
  for (i = 0; i < n; i++) count += listed(&reps[i], l);
  if (count == 0) return;
  put(o, "%s%s on rep%s ", *first ? ": " : "; ", l->what, count == 1 ? "" : "s");
  for (i = 0; i < n; i++) {
    if (!listed(&reps[i], l)) continue;
    put(o, "%s%d", shown++ ? ", " : "", reps[i].rep);
  }
  *first = 0;
}

static void trend(out *o, const hinge_set_region *r, const char *what, int *first) {
  if (r->trend == HINGE_TREND_STABLE) return;
  put(o, "%s%s rounding %s (%+.1f deg/rep)", *first ? ": " : "; ", what,
      hinge_trend_name(r->trend), r->drift_deg_per_rep);
  *first = 0;
}

static void said(out *o, const char *text, int *first) {
  put(o, "%s%s", *first ? ": " : "; ", text);
  *first = 0;
}

static const listing lists[] = {
  {HINGE_REP_LUMBAR_ROUNDING, 0, "lumbar rounding"},
  {HINGE_REP_UPPER_BACK_ROUNDING, 0, "upper-back rounding"},
  {0, HINGE__CH_LUMBAR, "lumbar rounding not assessed"},
  {0, HINGE__CH_THORACIC, "upper-back rounding not assessed"},
};

/* The line of the set s (its reps from reps[0]): the verdict, then what
 * decided it, trends and fatigue; "no rounding beyond the thresholds"
 * only when nothing else was said and the verdict is ok; last, the
 * regions the recording cannot assess (no column). */
static void line(out *o, const hinge_analysis *a, const hinge_set_summary *s,
                 const hinge_rep *reps) {
  int th = hinge__analysis_has(a, HINGE__CH_THORACIC), lu = hinge__analysis_has(a, HINGE__CH_LUMBAR);
  int first = 1;
  size_t k;
  put(o, "%zu rep%s, %s", s->reps, s->reps == 1 ? "" : "s", hinge_form_verdict_name(s->verdict));
  if (!th && !lu) said(o, "rounding not assessed (no thoracic or lumbar angle)", &first);
  for (k = 0; k < sizeof lists / sizeof lists[0]; k++) flagged(o, reps, s->reps, &lists[k], &first);
  trend(o, &s->lumbar, "lumbar", &first);
  trend(o, &s->thoracic, "upper-back", &first);
  if (s->fatigue) {
    put(o, "%spulls %.0f%% slower by the last rep", first ? ": " : "; ", s->pull_increase_pct);
    first = 0;
  }
  if (first && s->verdict == HINGE_FORM_OK)
    said(o, th && lu ? "no rounding beyond the thresholds"
            : th     ? "no upper-back rounding beyond the thresholds"
                     : "no lumbar rounding beyond the threshold", &first);
  if (th && !lu) said(o, "lumbar rounding not assessed (no lumbar angle)", &first);
  if (lu && !th) said(o, "upper-back rounding not assessed (no thoracic angle)", &first);
}

static void start(out *o, char *buf, size_t size) {
  o->buf = buf;
  o->size = buf ? size : 0;
  o->len = 0;
  if (o->size > 0) buf[0] = '\0';
}

int hinge__set_line(const hinge_analysis *a, size_t i, char *buf, size_t size) {
  out o;
  start(&o, buf, size);
  if (i == HINGE__NONE && hinge_analysis_rep_count(a) > 0) {
    line(&o, a, hinge_analysis_set(a), hinge_analysis_reps(a));
    return (int)o.len;
  }
  if (i >= hinge_analysis_set_count(a)) {
    put(&o, "no rep found");
    return (int)o.len;
  }
  line(&o, a, &hinge_analysis_sets(a)[i], hinge_analysis_reps(a) + hinge_analysis_sets(a)[i].first_rep);
  return (int)o.len;
}

/* One set: its line; several: "set N: line" for each, one a line. */
int hinge_analysis_summary(const hinge_analysis *a, char *buf, size_t size) {
  out o;
  const hinge_set_summary *sets = hinge_analysis_sets(a);
  size_t i, n = hinge_analysis_set_count(a);
  start(&o, buf, size);
  if (n == 0) {
    put(&o, "no rep found");
    return (int)o.len;
  }
  if (n == 1) {
    line(&o, a, hinge_analysis_set(a), hinge_analysis_reps(a));
    return (int)o.len;
  }
  for (i = 0; i < n; i++) {
    put(&o, "%sset %g: ", i ? "\n" : "", sets[i].set);
    line(&o, a, &sets[i], hinge_analysis_reps(a) + sets[i].first_rep);
  }
  return (int)o.len;
}
