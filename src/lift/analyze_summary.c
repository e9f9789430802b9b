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

/* "<what> on rep 3" / "on reps 2, 4, 5" for the reps carrying `flag`. */
static void flagged(out *o, const hinge_rep *reps, size_t n, unsigned flag, const char *what,
                    int *first) {
  size_t i, count = 0, shown = 0;
  for (i = 0; i < n; i++) count += (reps[i].flags & flag) != 0;
  if (count == 0) return;
  put(o, "%s%s on rep%s ", *first ? ": " : "; ", what, count == 1 ? "" : "s");
  for (i = 0; i < n; i++) {
    if (!(reps[i].flags & flag)) continue;
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

int hinge_analysis_summary(const hinge_analysis *a, char *buf, size_t size) {
  out o;
  const hinge_set_summary *s = hinge_analysis_set(a);
  const hinge_rep *reps = hinge_analysis_reps(a);
  int first = 1;
  o.buf = buf;
  o.size = buf ? size : 0;
  o.len = 0;
  if (o.size > 0) buf[0] = '\0';
  if (s == NULL || s->reps == 0) {
    put(&o, "no rep found");
    return (int)o.len;
  }
  put(&o, "%zu rep%s, %s", s->reps, s->reps == 1 ? "" : "s", hinge_form_verdict_name(s->verdict));
  flagged(&o, reps, s->reps, HINGE_REP_LUMBAR_ROUNDING, "lumbar rounding", &first);
  flagged(&o, reps, s->reps, HINGE_REP_UPPER_BACK_ROUNDING, "upper-back rounding", &first);
  trend(&o, &s->lumbar, "lumbar", &first);
  trend(&o, &s->thoracic, "upper-back", &first);
  if (s->fatigue) {
    put(&o, "%spulls %.0f%% slower by the last rep", first ? ": " : "; ", s->pull_increase_pct);
    first = 0;
  }
  if (first) put(&o, ": no rounding beyond the thresholds");
  return (int)o.len;
}
