/*
 * reps_end.c -- which rises are reps: plausibility (a pull shorter or
 * faster than a deadlift can be, or leaning back beyond standing, is a
 * glitch), the set's end (the last rise of a recording that ends standing
 * after a lowering: a last pull, or the lifter standing up without the
 * bar?) and standing up between reps.  docs/algorithms.md ("Rep
 * segmentation") gives the reasons.
 */
#include <math.h>
#include <string.h>

#include "reps_internal.h"

#define CUT_FRAC 0.3     /* a last rise still this fast (of its peak) at the end is cut off */
#define FINAL_REF 8      /* the final rise is compared with up to 8 rises before it */
#define SHORT_FRAC 0.7   /* a stand-up: a pull shorter than 70 % of the set's ... */
#define FAST_FRAC 1.4    /* ... or a peak speed above 140 % of the set's ... */
#define LONG_FRAC 1.6    /* a pull: 70 % to 160 % of the set's duration, speed within 1.4x */
#define PAUSE_FRAC 0.5  /* a setup pause is at least half the set's (and min_dwell_s) */
#define PAUSE_CAP 3.0   /* ... and at most three times min_dwell_s (0.9 s) */
#define CLOSE_FRAC 1.2   /* no pause, but duration and speed within 1.2x of the set's: a pull */
#define END_TAIL_S 1.5   /* standing under 1.5 s after a lockout (to the end or a descent): at lockout */
#define BUMP_PULLS 2.0   /* a bottom left within 2 min_pull_s of the lowering's midpoint is a jump */

double hinge__rise_max_speed(const double *s, size_t n, size_t i0, size_t i1, double fs) {
  double dmin = INFINITY;
  size_t i;
  if (n < 3) return 0;
  if (i0 < 1) i0 = 1;
  if (i1 > n - 2) i1 = n - 2;
  for (i = i0; i <= i1; i++) {
    double d = s[i + 1] - s[i - 1];
    dmin = d < dmin ? d : dmin; /* NaN never is */
  }
  return dmin < 0 ? -hinge__velocity_of(dmin, fs) : 0;
}

static int reject(hinge__reject *out, const hinge__rise *r, int why, double value, double limit) {
  out->at = r->liftoff;
  out->why = why;
  out->value = value;
  out->limit = limit;
  return 1;
}

/* Whether the channel holds its lockout value (within half of
 * max_lean_back_deg) for min_standing_s after it, or to the end: a
 * posture (a squat set's last, upright stand after tops short of
 * upright), not a glitch, which comes back. */
static int holds_lockout(const hinge__rise *r, const hinge__seg_ctx *c) {
  double v = c->s[r->lockout], tol = 0.5 * c->cfg->max_lean_back_deg;
  size_t i, end = r->lockout + (size_t)(c->cfg->min_standing_s * c->fs);
  if (end > c->n - 1) end = c->n - 1;
  for (i = r->lockout; i <= end; i++)
    if (fabs(c->s[i] - v) > tol) return 0; /* NaN never is */
  return 1;
}

int hinge__rise_check(const hinge__rise *r, const hinge__seg_ctx *c, double standing_ref,
                      hinge__reject *out) {
  const hinge_analyze_config *cfg = c->cfg;
  double pull = (double)(r->lockout - r->liftoff) / c->fs, v;
  if (pull < cfg->min_pull_s) return reject(out, r, HINGE__REJECT_SHORT, pull, cfg->min_pull_s);
  v = hinge__rise_max_speed(c->s, c->n, r->liftoff, r->lockout, c->fs);
  if (v > cfg->max_pull_speed_deg_s)
    return reject(out, r, HINGE__REJECT_FAST, v, cfg->max_pull_speed_deg_s);
  /* A lowering and a pull each take min_pull_s at least: from the
   * lowering's midpoint to 75 % of the way up is 2 min_pull_s or more.
   * A keypoint glitch or a splice jumps to its plateau and back. */
  if (r->bump_s < BUMP_PULLS * cfg->min_pull_s) /* NaN (no lowering): never */
    return reject(out, r, HINGE__REJECT_BUMP, r->bump_s, BUMP_PULLS * cfg->min_pull_s);
  if (isnan(standing_ref)) return 0;
  if (standing_ref - c->s[r->liftoff] > cfg->max_lean_back_deg)
    return reject(out, r, HINGE__REJECT_LEAN_START, standing_ref - c->s[r->liftoff],
                  cfg->max_lean_back_deg);
  if (standing_ref - c->s[r->lockout] > cfg->max_lean_back_deg && !holds_lockout(r, c))
    return reject(out, r, HINGE__REJECT_LEAN_END, standing_ref - c->s[r->lockout],
                  cfg->max_lean_back_deg);
  return 0;
}

/* The extension speed at the end: the larger of the two-point slope over
 * the last 0.1 s and the least-squares slope over the last 0.1 s (at
 * least 5 samples) of the valid samples after liftoff, so that one noisy
 * last frame (video at 24 fps) cannot hide a pull still under way. */
static double end_speed(const hinge__rise *r, const hinge__seg_ctx *c, size_t i) {
  size_t w = (size_t)(0.1 * c->fs + 0.5), w2 = w, k, m = 0;
  double v, st = 0, sy = 0, stt = 0, sty = 0;
  if (w < 1) w = 1;
  if (w2 < 4) w2 = 4;
  if (i - r->liftoff < w) w = i - r->liftoff;
  v = (c->s[i - w] - c->s[i]) * c->fs / (double)w;
  for (k = i + 1; k-- > r->liftoff && i - k <= w2;) {
    double t = (double)(i - k);
    if (isnan(c->s[k])) continue;
    st += t, sy += c->s[k], stt += t * t, sty += t * c->s[k], m++;
  }
  if (m >= 3 && (double)m * stt - st * st > 0) {
    double slope = ((double)m * sty - st * sy) / ((double)m * stt - st * st); /* per sample, back in time */
    if (slope * c->fs > v) v = slope * c->fs;
  }
  return v;
}

int hinge__rise_cut(const hinge__rise *r, const hinge__seg_ctx *c, double short_deg,
                    hinge__reject *out) {
  size_t n = c->n, i = n - 1;
  double v;
  while (i > r->liftoff && isnan(c->s[i])) i--;
  if (i <= r->liftoff || n < 2) return 0;
  v = end_speed(r, c, i);
  if (v > CUT_FRAC * r->speed_deg_s)
    return reject(out, r, HINGE__REJECT_CUT, v, CUT_FRAC * r->speed_deg_s);
  if (short_deg > 0) return reject(out, r, HINGE__REJECT_CUT, short_deg, NAN);
  return 0;
}

int hinge__rise_cut_start(const hinge__rise *r, const hinge__seg_ctx *c, hinge__reject *out) {
  size_t w = (size_t)(0.1 * c->fs + 0.5), i = 0, j;
  double v;
  if (w < 1) w = 1;
  while (i < r->lockout && isnan(c->s[i])) i++;
  if (r->liftoff > i + w || i + w > r->lockout) return 0; /* a liftoff after the start */
  for (j = i + w; j > i && isnan(c->s[j]); j--) {}
  if (j == i) return 0;
  v = (c->s[i] - c->s[j]) * c->fs / (double)(j - i);
  if (i == 0) {
    /* and, when the recording's first sample is measured, the
     * least-squares slope over the first 0.1 s (5 samples at least) up to
     * the lockout: one noisy first frame cannot hide a pull under way.
     * After missing first samples (a run too short to filter dropped)
     * the two-point slope alone decides, as the setup may be in them. */
    size_t w2 = w < 4 ? 4 : w, k, m = 0;
    double st = 0, sy = 0, stt = 0, sty = 0;
    for (k = i; k <= i + w2 && k <= r->lockout; k++) {
      double t = (double)(k - i);
      if (isnan(c->s[k])) continue;
      st += t, sy += c->s[k], stt += t * t, sty += t * c->s[k], m++;
    }
    if (m >= 3 && (double)m * stt - st * st > 0) {
      double slope = -((double)m * sty - st * sy) / ((double)m * stt - st * st);
      if (slope * c->fs > v) v = slope * c->fs;
    }
  }
  if (!(v > CUT_FRAC * r->speed_deg_s)) return 0;
  return reject(out, r, HINGE__REJECT_CUT_START, v, CUT_FRAC * r->speed_deg_s);
}

size_t hinge__rises_sweep(hinge__rise_list *l) {
  size_t k, kept = 0, n = l->n;
  for (k = 0; k < n; k++) {
    if (l->r[k].range < 0) {
      if (kept > 0) l->r[kept - 1].end = l->r[k].start; /* the rep ends where the lowering began */
      continue;
    }
    l->r[kept++] = l->r[k];
  }
  l->n = kept;
  return n - kept;
}

/* Whether the set went on after the last rise (a pull cut off by the end
 * after a setup pause), or was under way before the first (a pull cut
 * off by the start). */
static int goes_on_after(const hinge__seg_ctx *c) {
  return c->ends != NULL && c->ends->cut_after >= c->cfg->min_dwell_s; /* NaN never is */
}
/* The bottom pause before the rise after rise k: the next rise's, or
 * after the last rise that of a pull the end cut off following a setup
 * pause (the set went on; NaN otherwise). */
static double next_dwell(const hinge__rise_list *l, size_t k, const hinge__seg_ctx *c) {
  const hinge__seg_ends *e = c->ends;
  if (k + 1 < l->n) return l->r[k + 1].dwell_s;
  return goes_on_after(c) ? e->cut_after : NAN;
}

static int under_way_before(const hinge__seg_ctx *c) {
  return c->ends != NULL && c->ends->cut_before;
}

/* Whether rise k (not the first, not the last) is the lifter standing up
 * between reps by the old, evidence-free rule: a rise straight out of a
 * lowering (no setup pause) right before a rep that starts with a setup
 * pause -- the lifter put the bar down, stood up, stood (min_standing_s
 * at least), and set up again.  Touch-and-go reps are turnarounds too,
 * but they are followed by a short lockout and more turnarounds, not by
 * standing and a paused setup.  A pull cut off by an end is such a rep:
 * the first rise after one (cut at the start) and the last before one
 * (cut at the end, after a setup pause) are between reps too. */
static int stands_up(const hinge__rise_list *l, size_t k, const hinge__seg_ctx *c) {
  double stand = (double)(l->r[k].end - l->r[k].lockout) / c->fs;
  double min_dwell = c->cfg->min_dwell_s;
  return (k > 0 || under_way_before(c)) && l->r[k].dwell_s < min_dwell &&
         next_dwell(l, k, c) >= min_dwell && stand >= c->cfg->min_standing_s;
}

static double median_of(double *v, size_t m) { return hinge__median_valid(v, m); }

/* Whether rise j may serve as a reference pull: not dropped already
 * (range < 0), and (strict) not a stand-up by the old rule. */
static int is_ref(const hinge__rise_list *l, size_t j, const hinge__seg_ctx *c, int strict) {
  return l->r[j].range >= 0 && !(strict && stands_up(l, j, c));
}

/* The evidence about rise k of l against up to FINAL_REF rises of its
 * set sp = [first, last] nearest to it (k excluded; last == k: only those
 * before it); set->dwell is their median bottom pause, leaving out the
 * set's first rise when there are others (it comes from standing or
 * starts the recording: its setup pause says nothing of the set's rhythm
 * between reps, touch-and-go or paused).  The tail is the standing after
 * its lockout: to the next descent, or to the end of the recording. */
typedef struct set_span {
  size_t first, last;
} set_span;

/* The set's bottom pause: the median, and whether it comes from pulls
 * between reps (else only from the set's first rise: the rhythm of the
 * set, touch-and-go or paused, is not known). */
typedef struct set_pause {
  double dwell;
  int rhythm;
  int spine; /* on a spine channel (speed follows the rounding, not the load) */
} set_pause;

static void rise_evidence(const hinge__rise_list *l, size_t k, set_span sp,
                          const hinge__seg_ctx *c, hinge__final *f, set_pause *set) {
  double pull[FINAL_REF], speed[FINAL_REF], dwell[FINAL_REF];
  const hinge__rise *me = &l->r[k];
  size_t first = sp.first, last = sp.last;
  size_t m = 0, md = 0, d, first_at = FINAL_REF;
  int pass;
  /* nearest first: not the stand-ups between reps (unless there is
   * nothing else) */
  for (pass = 0; pass < 2 && m == 0; pass++)
    for (d = 1; m < FINAL_REF && (d <= k - first || k + d <= last); d++) {
      size_t side, j;
      for (side = 0; side < 2 && m < FINAL_REF; side++) {
        if (side == 0 ? d > k - first : k + d > last) continue;
        j = side == 0 ? k - d : k + d;
        if (!is_ref(l, j, c, pass == 0)) continue;
        if (j == first) first_at = m;
        pull[m] = (double)(l->r[j].lockout - l->r[j].rise_from) / c->fs;
        speed[m] = l->r[j].speed_deg_s;
        dwell[m] = l->r[j].dwell_s;
        m++;
      }
    }
  for (d = 0; d < m; d++) /* the pauses, the set's first rise left out when others are there */
    if (d != first_at || m == 1) dwell[md++] = dwell[d];
  f->at = me->liftoff;
  f->pull_s = (double)(me->lockout - me->rise_from) / c->fs; /* the extension, alike on every channel */
  f->set_pull_s = median_of(pull, m);
  f->speed = me->speed_deg_s;
  f->set_speed = median_of(speed, m);
  f->dwell_s = me->dwell_s;
  /* to the next descent: of the next rise, of a pull cut off by the end
   * (a touch-and-go set whose last pull was cut stood 0.25 s, not to the
   * recording's end), else to the end */
  f->tail_s = (double)(me->end - me->lockout) / c->fs;
  set->dwell = median_of(dwell, md);
  set->rhythm = m > 1 || first_at == FINAL_REF;
  set->spine = c->spine;
}

/* A setup pause: at least min_dwell, and at least half the set's own
 * (a 0.35 s stop after the lowering is not the 1-2 s setup of a set
 * that pauses), but never more than PAUSE_CAP min_dwell: standing up
 * without the bar follows the lowering within half a second, so a 0.93 s
 * stop is a setup even in a set whose setups last 1.9 s. */
static double setup_pause(double set_dwell, double min_dwell) {
  double p = set_dwell * PAUSE_FRAC > min_dwell ? set_dwell * PAUSE_FRAC : min_dwell;
  return p < PAUSE_CAP * min_dwell ? p : PAUSE_CAP * min_dwell;
}

/* AUTO: stand-up cues (short, fast, no pause where the set pauses); fast
 * alone, or the other two together, decide.  Otherwise a rise that moves
 * like the set's pulls after a setup pause is a pull, however long the
 * lifter then stands (a set ending at lockout, the bar held or dropped).
 * So is one without a pause that moves closely like them (CLOSE_FRAC)
 * when the set's rhythm is not known (its only other pull is its first,
 * from standing or the setup: the last rep of a touch-and-go pair).
 * Anything else is ambiguous, and the documented default counts it when
 * it had a setup pause (the clearest mark of a loaded pull: standing up
 * without the bar follows the lowering at once) or the recording ends
 * within END_TAIL_S of its lockout, else not; a warning says which. */
/* Whether the evidence f moves like a loaded pull of its set: at least as
 * long as the set's median pull (up to LONG_FRAC of it) and no faster
 * (down to 1 / FAST_FRAC): standing up without the bar is never slower
 * than the set's loaded pulls. */
static int moves_loaded(const hinge__final *f) {
  return f->pull_s >= f->set_pull_s && f->pull_s <= LONG_FRAC * f->set_pull_s &&
         f->speed <= f->set_speed && f->speed * FAST_FRAC >= f->set_speed;
}

static int judge_auto(const hinge__final *f, const set_pause *set, double min_dwell) {
  double pause = setup_pause(set->dwell, min_dwell);
  int is_short = f->pull_s < SHORT_FRAC * f->set_pull_s;
  int no_pause = f->dwell_s < pause && set->dwell >= min_dwell;
  /* a spine channel extends faster from a rounded peak: after a setup
   * pause its speed is no stand-up cue */
  int is_fast = f->speed > FAST_FRAC * f->set_speed && !(set->spine && f->dwell_s >= pause);
  int like_pull = !is_short && !is_fast && f->pull_s <= LONG_FRAC * f->set_pull_s &&
                  f->speed * FAST_FRAC >= f->set_speed;
  int close = f->pull_s * CLOSE_FRAC >= f->set_pull_s &&
              f->pull_s <= CLOSE_FRAC * f->set_pull_s && f->speed <= CLOSE_FRAC * f->set_speed &&
              f->speed * CLOSE_FRAC >= f->set_speed;
  /* Much faster than the set's pulls is enough on its own: a loaded last
   * pull slows down (velocity loss), it never rises 40 % faster; the
   * unloaded stand-up does, by 1.5-2x. */
  if (is_fast || is_short + no_pause >= 2) return HINGE__FINAL_STAND_UP;
  /* a loaded pull, pause or not (the last of a touch-and-go pair, slower
   * by fatigue) */
  if (moves_loaded(f) || (like_pull && (!no_pause || (close && !set->rhythm))))
    return HINGE__FINAL_PULL;
  return f->dwell_s >= pause || f->tail_s < END_TAIL_S ? HINGE__FINAL_KEPT_DEFAULT
                                                      : HINGE__FINAL_DROPPED_DEFAULT;
}

/* Whether rise k ends its set: followed by a rest of set_rest_s, or by a
 * rise of another set in the set column (its value at the liftoffs, as
 * the reps get theirs). */
static int rests_after(const hinge__rise_list *l, size_t k, const hinge__seg_ctx *c) {
  if (k + 1 >= l->n) return 0;
  if (c->set != NULL) {
    double a = c->set[l->r[k].liftoff], b = c->set[l->r[k + 1].liftoff];
    if (a == a && b == b && a != b) return 1;
  }
  return (double)(l->r[k].end - l->r[k].lockout) / c->fs >= c->cfg->set_rest_s;
}

/* The last rise of the set of rise k (before a rest of set_rest_s, or
 * the last rise of all). */
static size_t set_last(const hinge__rise_list *l, size_t k, const hinge__seg_ctx *c) {
  while (k + 1 < l->n && !rests_after(l, k, c)) k++;
  return k;
}

/* moves_loaded for rise k against the pulls of its set (the strict
 * references: not the stand-ups by the old rule). */
static int moves_like_pull(const hinge__rise_list *l, size_t k, const hinge__seg_ctx *c) {
  hinge__final f;
  set_pause set;
  set_span sp;
  sp.first = k;
  while (sp.first > 0 && !rests_after(l, sp.first - 1, c)) sp.first--;
  sp.last = set_last(l, k, c);
  rise_evidence(l, k, sp, c, &f, &set);
  return moves_loaded(&f);
}

/* Drop the rises between reps that are standing up by the old rule (the
 * first rise is a rep unless a pull cut off by the start came before
 * it; stands_up), unless the rise moves like the set's
 * pulls: a pull after a short bottom pause (0.28 s where min_dwell_s is
 * 0.3) before a paused rep is not the fast, short rise of standing up
 * without the bar.  Notes them in seg. */
static void note_stand_up(hinge__segmentation *seg, hinge__rise *r) {
  if (seg->stand_ups < HINGE__STAND_UPS_AT) seg->stand_up_at[seg->stand_ups] = r->liftoff;
  seg->stand_ups++;
  r->range = -1; /* mark */
}

static void drop_stand_ups(hinge__rise_list *l, const hinge__seg_ctx *c, hinge__segmentation *seg) {
  size_t k, lo = under_way_before(c) ? 0 : 1, hi;
  /* three rises at least, the cut pulls at the ends counted (the rule
   * needs a rise before and a paused one after) */
  if (l->n == 0 || l->n + (lo == 0) + goes_on_after(c) < 3) return;
  hi = goes_on_after(c) ? l->n : l->n - 1;
  for (k = hi; k-- > lo;)
    if (stands_up(l, k, c) && !moves_like_pull(l, k, c)) note_stand_up(seg, &l->r[k]);
  hinge__rises_sweep(l);
}

/* Standing up before a rest inside a set (deadlift, whatever set_end
 * says of the set's end; the first rise of a set is a rep unless a pull
 * cut off by the start came before it): a
 * rise inside its set followed by min_standing_s of standing (any rest
 * shorter than set_rest_s: the lifter put the bar down, stood up, and
 * set up again later), straight out of the lowering (no setup pause),
 * that the set-end evidence against the set's pulls on both sides calls
 * standing up (fast, or short).
 * Marks them (range < 0) in order, so later ones are judged without the
 * earlier, and notes them in seg. */
static void mark_stand_ups(hinge__rise_list *l, const hinge__seg_ctx *c,
                           hinge__segmentation *seg) {
  size_t k, lo, hi;
  set_span sp;
  for (sp.first = 0; sp.first < l->n; sp.first = sp.last + 1) {
    sp.last = set_last(l, sp.first, c);
    /* inside the set; its first after a pull cut by the start, its last
     * before one cut by the end after a setup pause */
    lo = sp.first + (sp.first == 0 && under_way_before(c) ? 0 : 1);
    hi = sp.last + (sp.last + 1 == l->n && goes_on_after(c)); /* exclusive */
    for (k = lo; k < hi; k++) {
      hinge__final f;
      set_pause set;
      if ((double)(l->r[k].end - l->r[k].lockout) / c->fs < c->cfg->min_standing_s) continue;
      rise_evidence(l, k, sp, c, &f, &set);
      /* a rise after a setup pause is a pull here (the set goes on),
       * unless it is both much faster and much shorter than the set's
       * pulls on the hip or the trunk (a loaded pull never is: standing
       * up without the bar is, 1.5-2x; on a spine channel speed follows
       * the rounding) */
      if ((f.dwell_s >= setup_pause(set.dwell, c->cfg->min_dwell_s) &&
           !(f.speed > FAST_FRAC * f.set_speed && f.pull_s < SHORT_FRAC * f.set_pull_s &&
             !set.spine)) ||
          judge_auto(&f, &set, c->cfg->min_dwell_s) != HINGE__FINAL_STAND_UP)
        continue;
      note_stand_up(seg, &l->r[k]);
    }
  }
}

/* Judge rise k (the last of its set, from `first`) into *f; marks it
 * (range < 0) when it is not a rep. */
static void judge(hinge__rise_list *l, size_t k, size_t first, const hinge__seg_ctx *c,
                  hinge__final *f) {
  const hinge_analyze_config *cfg = c->cfg;
  int mode = cfg->set_end;
  set_pause set;
  set_span sp;
  sp.first = first;
  sp.last = k;
  if (mode == HINGE_SET_END_AUTO && cfg->count_final_rise == 1) mode = HINGE_SET_END_LOCKOUT;
  rise_evidence(l, k, sp, c, f, &set);
  if (mode == HINGE_SET_END_LOCKOUT) f->rule = HINGE__FINAL_KEPT_ASKED;
  else if (mode == HINGE_SET_END_PUT_DOWN) f->rule = HINGE__FINAL_DROPPED_ASKED;
  else f->rule = judge_auto(f, &set, cfg->min_dwell_s);
  if (f->rule == HINGE__FINAL_STAND_UP || f->rule == HINGE__FINAL_DROPPED_DEFAULT ||
      f->rule == HINGE__FINAL_DROPPED_ASKED)
    l->r[k].range = -1;
}


/* The sets' ends: every rise followed by a rest, and the last one when
 * the recording ends standing after it, each judged against its set's
 * pulls (the first rise of a set is always a rep). */
static int judge_set_ends(hinge__rise_list *l, const hinge__seg_ctx *c, int ends_standing,
                          hinge__segmentation *seg) {
  size_t k, first = 0, cap = 0;
  for (k = 0; k < l->n; k++) {
    if (rests_after(l, k, c)) {
      if (k > first) {
        if (HINGE__GROW(c->a, seg->set_ends, cap, seg->nset_ends + 1)) break;
        judge(l, k, first, c, &seg->set_ends[seg->nset_ends++]);
      }
      first = k + 1;
    } else if (k + 1 == l->n && ends_standing && k > first) {
      judge(l, k, first, c, &seg->final);
    }
  }
  if (k < l->n || cap > seg->nset_ends) { /* out of memory, or shrink to the count */
    hinge__final *f = k < l->n ? NULL
                               : hinge__realloc(c->a, seg->set_ends, cap * sizeof *f,
                                                seg->nset_ends * sizeof *f);
    if (f == NULL) {
      hinge__free(c->a, seg->set_ends, cap * sizeof *f);
      seg->set_ends = NULL;
      seg->nset_ends = 0;
      return HINGE_ENOMEM;
    }
    seg->set_ends = f;
  }
  hinge__rises_sweep(l);
  return HINGE_OK;
}

int hinge__rises_set_end(hinge__rise_list *l, const hinge__seg_ctx *c,
                         const hinge__seg_ends *ends, hinge__segmentation *seg) {
  hinge__seg_ctx cc = *c;
  int rc;
  if (c->cfg->exercise != HINGE_EXERCISE_DEADLIFT) return HINGE_OK; /* every rise is a rep */
  cc.ends = ends;
  seg->stand_ups = 0;
  mark_stand_ups(l, &cc, seg);
  /* the last rise is its set's last unless the set went on into a pull
   * the end cut off */
  rc = judge_set_ends(l, &cc, ends->standing && !goes_on_after(&cc), seg); /* sweeps the marked */
  if (rc == HINGE_OK) drop_stand_ups(l, &cc, seg);
  /* one whole rise between two cut pulls, kept: no pull to compare with */
  seg->lone = rc == HINGE_OK && l->n == 1 && ends->cut_before && !isnan(ends->cut_after);
  return rc;
}
