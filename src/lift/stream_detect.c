/*
 * stream_detect.c -- the live analysis' events on the conditioned trace.
 *
 * The trace is kept in rings of `cap` samples (max_rep_s and a margin,
 * rounded up to a power of two): the window of the current rep.  The
 * segmentation channel (the offline choice: hip, else trunk, else
 * thoracic + lumbar) runs through the offline zigzag walk (reps.c) sample
 * by sample with the same gate (min_range_deg, then min_range_frac of the
 * median rep range so far), and a few causal tests raise the events:
 *
 * - setup: descended the gate, and the segmentation speed (the +-0.1 s
 *   slope of reps.c, so 0.1 s late) is back under the onset speed near the
 *   bottom;
 * - liftoff: extending faster than the onset speed (a 0.1 s trailing
 *   slope) and already a little way off the bottom; its time walks back
 *   to where the extension began (provisional: the rep event has the
 *   offline rule's);
 * - alert: from liftoff on, a spine channel's measured flexion at or
 *   beyond its threshold above its value at liftoff (lumbar_rounding_deg,
 *   upper_back_rounding_deg): raised at the first such sample;
 * - lockout and rep: near the top of the rise with the speed under the
 *   onset speed, and 0.1 s more for the lockout to settle, the window
 *   since the previous rep's lockout goes through the offline segmentation
 *   (hinge__segment, plausibility included) and per-rep metrics
 *   (hinge__rep_metrics): the rep's times and metrics are the offline
 *   rules' on the live trace;
 * - set_end: a rest of set_rest_s after a lockout, a new value in the set
 *   column, or the end of input; the offline set-end judgement
 *   (hinge__rises_set_end) runs on the set's rises then.
 */
#include <math.h>
#include <string.h>

#include "stream_internal.h"

#define NEAR_BOTTOM 0.25
#define NEAR_TOP 0.1
#define VEL_HALF_S 0.1
#define OFF_BOTTOM_DEG 3.0  /* liftoff: at least this far off the bottom ... */
#define OFF_BOTTOM_FRAC 0.15 /* ... and this fraction of the gate */

static size_t oldest(const hinge__sdetect *d) { return d->n > d->cap ? d->n - d->cap : 0; }

static double seg_at(const hinge__sdetect *d, size_t j) { return d->seg[j & d->mask]; }

/* The segmentation speed at k: the slope across +-w, clipped to what the
 * ring holds (as reps.c's seg_velocity at the ends). */
static double speed_at(const hinge__sdetect *d, size_t k, double fs) {
  size_t lo = k > d->w ? k - d->w : 0, hi = k + d->w;
  if (lo < oldest(d)) lo = oldest(d);
  if (hi > d->n - 1) hi = d->n - 1;
  if (hi <= lo) return NAN;
  return (seg_at(d, hi) - seg_at(d, lo)) * fs / (double)(hi - lo);
}

static double onset_speed(const hinge_analyze_config *cfg, double peak) {
  double v = cfg->onset_velocity_frac * peak;
  return v > cfg->onset_velocity_deg_s ? v : cfg->onset_velocity_deg_s;
}

static void emit_at(hinge_stream *s, int type, size_t j) {
  hinge_stream_event ev;
  memset(&ev, 0, sizeof ev);
  ev.type = type;
  ev.t_s = hinge__stream_time(s, j);
  ev.rep = (int)s->nreps + 1;
  ev.set = s->set_number;
  hinge__stream_emit(s, &ev);
}

/* ------------------------------------------------------------ alerts */

static const int spine[2] = {HINGE__CH_THORACIC, HINGE__CH_LUMBAR};

static void check_alert(hinge_stream *s, size_t j) {
  hinge__sdetect *d = &s->d;
  int k;
  for (k = 0; k < 2; k++) {
    int ch = spine[k];
    unsigned bit = ch == HINGE__CH_THORACIC ? HINGE_REP_UPPER_BACK_ROUNDING
                                            : HINGE_REP_LUMBAR_ROUNDING;
    double thr = ch == HINGE__CH_THORACIC ? s->cfg.upper_back_rounding_deg
                                          : s->cfg.lumbar_rounding_deg;
    double v;
    if (d->v[ch] == NULL || (d->alerted & bit) || d->u[ch][j & d->mask]) continue;
    v = d->v[ch][j & d->mask];
    if (isnan(d->start_v[ch])) {
      d->start_v[ch] = v;
      continue;
    }
    if (v - d->start_v[ch] >= thr) {
      hinge_stream_event ev;
      memset(&ev, 0, sizeof ev);
      ev.type = HINGE_EVENT_ALERT;
      ev.t_s = hinge__stream_time(s, j);
      ev.rep = (int)s->nreps + 1;
      ev.set = s->set_number;
      ev.region = bit;
      ev.rounding_deg = v - d->start_v[ch];
      ev.threshold_deg = thr;
      d->alerted |= bit;
      hinge__stream_emit(s, &ev);
    }
  }
}

/* ------------------------------------------------------------- pulls */

/* The pull has begun by sample j: walk back to its onset, raise setup
 * (if not yet) and liftoff, and catch up the alerts since. */
static void start_pull(hinge_stream *s, size_t j, size_t bottom) {
  hinge__sdetect *d = &s->d;
  double von = onset_speed(&s->cfg, d->von_prev);
  size_t k = j > d->w ? j - d->w : 0, i;
  int ch;
  while (k > bottom && k > oldest(d) && speed_at(d, k, s->fs) < -von) k--;
  if (!d->setup_sent) emit_at(s, HINGE_EVENT_SETUP, bottom);
  d->setup_sent = 1;
  emit_at(s, HINGE_EVENT_LIFTOFF, k);
  d->in_pull = 1;
  d->liftoff_i = k;
  d->alerted = 0;
  d->peak_speed = 0;
  d->analyse_at = 0;
  for (ch = 0; ch < HINGE__CH_ALL; ch++) d->start_v[ch] = NAN;
  for (i = k; i <= j; i++) check_alert(s, i);
}

/* Rejected rises in the window, once each: a warning. */
static int warn_rejects(hinge_stream *s, const hinge__segmentation *seg, size_t win0) {
  hinge__sdetect *d = &s->d;
  size_t k;
  int rc = HINGE_OK;
  static const char *const why[] = {"", "pull shorter than min_pull_s",
                                    "extension faster than max_pull_speed_deg_s",
                                    "starts leaning back beyond max_lean_back_deg",
                                    "ends leaning back beyond max_lean_back_deg",
                                    "the recording ends mid-pull"};
  for (k = 0; k < seg->nrejects && rc == HINGE_OK; k++) {
    size_t at = seg->rejects[k].at + win0;
    int w = seg->rejects[k].why;
    if (d->last_reject != HINGE__NONE && at <= d->last_reject) continue;
    d->last_reject = at;
    rc = hinge__strlist_add(&s->warnings, s->alloc, "the rise at %.2f s rejected: %s (%.4g "
                            "against %g)", hinge__stream_time(s, at),
                            w >= 1 && w <= 5 ? why[w] : "implausible", seg->rejects[k].value,
                            seg->rejects[k].limit);
  }
  return rc;
}

/* Runs of unmeasured samples of x (flags u, ring indices from win0) up to
 * max samples long between two measured ones: filled linearly now that
 * both ends are known, as the offline analysis fills them (the live
 * conditioning could only hold the last value). */
static void refill(double *x, const unsigned char *u, size_t win0, size_t len, size_t mask,
                   size_t max) {
  size_t i = 0;
  while (i < len) {
    size_t a = i, b;
    if (!u[(win0 + i) & mask]) {
      i++;
      continue;
    }
    while (i < len && u[(win0 + i) & mask]) i++;
    b = i; /* the run is [a, b) */
    if (a > 0 && b < len && b - a <= max && !isnan(x[a - 1]) && !isnan(x[b])) {
      size_t k;
      for (k = a; k < b; k++)
        x[k] = x[a - 1] + (x[b] - x[a - 1]) * (double)(k - a + 1) / (double)(b - a + 1);
    }
  }
}

/* The segmentation value of window sample i (the channels filled). */
static double seg_of(const hinge_stream *s, const hinge__trace *tr, size_t i) {
  switch (s->seg_kind) {
  case HINGE__CH_HIP: return tr->ch[HINGE__CH_HIP][i];
  case HINGE__CH_TRUNK: return tr->ch[HINGE__CH_TRUNK][i];
  case -2: return tr->ch[HINGE__CH_THORACIC][i];
  case -3: return tr->ch[HINGE__CH_LUMBAR][i];
  default: return tr->ch[HINGE__CH_THORACIC][i] + tr->ch[HINGE__CH_LUMBAR][i];
  }
}

/* Copy the window [win0, n) into the linear arrays as a trace. */
static void linearise(hinge_stream *s, size_t win0, hinge__trace *tr) {
  hinge__sdetect *d = &s->d;
  size_t len = d->n - win0, i;
  int ch;
  memset(tr, 0, sizeof *tr);
  tr->n = len;
  tr->fs = s->fs;
  tr->t0 = hinge__stream_time(s, win0);
  for (ch = 0; ch < HINGE__CH_ALL; ch++) {
    int any = 0;
    if (d->v[ch] == NULL) continue;
    memset(d->lin_mask[ch], 0, ((len + 63) / 64) * sizeof(uint64_t));
    for (i = 0; i < len; i++) {
      size_t r = (win0 + i) & d->mask;
      d->lin[ch][i] = d->v[ch][r];
      if (d->u[ch][r]) {
        d->lin_mask[ch][i / 64] |= (uint64_t)1 << (i % 64);
        any = 1;
      }
    }
    tr->ch[ch] = d->lin[ch];
    tr->unmeasured[ch] = any ? d->lin_mask[ch] : NULL;
  }
  for (ch = 0; ch < HINGE__CH_ALL; ch++)
    if (tr->unmeasured[ch] != NULL) refill(d->lin[ch], d->u[ch], win0, len, d->mask, s->cond.max_hold);
  for (i = 0; i < len; i++) d->lin_seg[i] = seg_of(s, tr, i);
  tr->seg = d->lin_seg;
  tr->seg_min_range = s->seg_min_range;
  if (d->set != NULL) {
    for (i = 0; i < len; i++) d->lin_set[i] = d->set[(win0 + i) & d->mask];
    tr->set = d->lin_set;
  }
  tr->borrowed = 1;
}

/* The standing neutral, at the first rep: given, else the median of up to
 * 3 s of quiet standing before its descent (min_standing_s at least),
 * else the first lockout. */
static int calibrate_live(hinge_stream *s, const hinge__trace *tr, const hinge__rise *r,
                          hinge_error *err) {
  hinge_standing *st = &s->standing;
  const hinge_analyze_config *cfg = &s->cfg;
  double given[HINGE__CH_COUNT], *out[HINGE__CH_COUNT];
  size_t need = (size_t)(cfg->min_standing_s * s->fs + 0.5), span = (size_t)(3 * s->fs);
  size_t i0 = r->start > span ? r->start - span : 0;
  int ch, rc = HINGE_OK, quiet = r->start >= need && r->start > 0;
  given[0] = cfg->neutral_hip_deg;
  given[1] = cfg->neutral_thoracic_deg;
  given[2] = cfg->neutral_lumbar_deg;
  given[3] = cfg->neutral_trunk_deg;
  out[0] = &st->hip_deg;
  out[1] = &st->thoracic_deg;
  out[2] = &st->lumbar_deg;
  out[3] = &st->trunk_deg;
  st->source = HINGE_NEUTRAL_NONE;
  st->duration_s = quiet ? (double)(r->start - i0) / s->fs : 0;
  for (ch = 0; ch < HINGE__CH_COUNT && rc == HINGE_OK; ch++) {
    *out[ch] = NAN;
    if (tr->ch[ch] == NULL) continue;
    if (!isnan(given[ch])) {
      *out[ch] = given[ch];
      st->source = HINGE_NEUTRAL_GIVEN;
    } else if (quiet) {
      rc = hinge__median_range(tr->ch[ch], i0, r->start, s->alloc, out[ch], err);
      if (st->source == HINGE_NEUTRAL_NONE) st->source = HINGE_NEUTRAL_STANDING;
    } else {
      *out[ch] = tr->ch[ch][r->lockout];
      if (st->source == HINGE_NEUTRAL_NONE) st->source = HINGE_NEUTRAL_LOCKOUTS;
    }
  }
  s->standing_done = 1;
  return rc;
}

/* The gate after a rep: min_range_frac of the median rep range, never
 * below the channel's gate. */
static void update_gate(hinge_stream *s) {
  double tmp[64], med;
  size_t k, m = 0;
  for (k = s->nreps; k-- > 0 && m < 64;) tmp[m++] = s->rises[k].range;
  med = hinge__median_valid(tmp, m);
  s->d.gate = s->cfg.min_range_frac * med > s->seg_min_range ? s->cfg.min_range_frac * med
                                                            : s->seg_min_range;
}

/* The window through the offline segmentation and metrics: a rep or a
 * warning. */
static int analyse(hinge_stream *s, int final, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  hinge_analyze_config cfg = s->cfg;
  hinge__segmentation seg;
  hinge__trace tr;
  size_t win0 = d->win0 < oldest(d) ? oldest(d) : d->win0, k, pick = HINGE__NONE;
  int rc;
  d->in_pull = 0;
  d->analyse_at = 0;
  if (d->n - win0 < 3) return HINGE_OK;
  linearise(s, win0, &tr);
  cfg.set_end = HINGE_SET_END_LOCKOUT; /* the set's end is judged at set_end */
  rc = hinge__segment(tr.seg, tr.n, tr.fs, d->gate, &cfg, s->alloc, &seg, err);
  if (rc != HINGE_OK) return rc;
  for (k = 0; k < seg.count; k++)
    if (d->last_lockout == HINGE__NONE || seg.rises[k].lockout + win0 > d->last_lockout)
      pick = k;
  if (!final && pick == HINGE__NONE && seg.nrejects > 0 &&
      seg.rejects[seg.nrejects - 1].why == HINGE__REJECT_CUT) {
    d->in_pull = 1; /* still moving at the window's end: not over yet, test again */
    hinge__segmentation_free(&seg, s->alloc);
    return HINGE_OK;
  }
  rc = warn_rejects(s, &seg, win0);
  if (rc == HINGE_OK && pick != HINGE__NONE) {
    hinge__rise r = seg.rises[pick], g;
    hinge_rep rep;
    if (!s->standing_done) rc = calibrate_live(s, &tr, &r, err);
    if (rc == HINGE_OK) {
      hinge__rep_metrics(&tr, &r, &s->standing, &s->cfg, (int)s->nreps + 1, &rep);
      g = r;
      g.start += win0;
      g.bottom += win0;
      g.liftoff += win0;
      g.rise_from += win0;
      g.lockout += win0;
      g.end += win0;
      d->last_lockout = g.lockout;
      d->last_win0 = win0;
      d->win0 = g.lockout;
      d->von_prev = r.speed_deg_s;
      rc = hinge__stream_add_rep(s, &g, &rep, err);
      if (rc == HINGE_OK) update_gate(s);
    }
  }
  hinge__segmentation_free(&seg, s->alloc);
  return rc;
}

/* The last rep again, now that the standing after it is over (a new
 * descent, a rest, the end): its window then holds what the offline
 * analysis sees around it (the lowest point of that standing places the
 * lockout), so its times and metrics are final.  No event is raised; the
 * results (hinge_stream_reps) change. */
static int revise(hinge_stream *s, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  hinge_analyze_config cfg = s->cfg;
  hinge__segmentation seg;
  hinge__trace tr;
  size_t win0 = d->last_win0, k, pick = HINGE__NONE, best = (size_t)-1;
  hinge__rise *old;
  int rc;
  if (win0 == HINGE__NONE || s->nreps <= s->set_first || win0 < oldest(d)) return HINGE_OK;
  d->last_win0 = HINGE__NONE;
  old = &s->rises[s->nreps - 1];
  linearise(s, win0, &tr);
  cfg.set_end = HINGE_SET_END_LOCKOUT;
  rc = hinge__segment(tr.seg, tr.n, tr.fs, d->gate, &cfg, s->alloc, &seg, err);
  if (rc != HINGE_OK) return rc;
  for (k = 0; k < seg.count; k++) {
    size_t lo = seg.rises[k].liftoff + win0;
    size_t dist = lo > old->liftoff ? lo - old->liftoff : old->liftoff - lo;
    if (dist < best) {
      best = dist;
      pick = k;
    }
  }
  if (pick != HINGE__NONE && (double)best / s->fs <= 0.5) {
    hinge__rise r = seg.rises[pick];
    hinge_rep *rep = &s->reps[s->nreps - 1];
    double set = rep->set;
    int number = rep->rep;
    hinge__rep_metrics(&tr, &r, &s->standing, &s->cfg, number, rep);
    rep->set = set;
    r.start += win0;
    r.bottom += win0;
    r.liftoff += win0;
    r.rise_from += win0;
    r.lockout += win0;
    r.end += win0;
    *old = r;
    d->last_lockout = r.lockout;
    d->win0 = r.lockout;
  }
  hinge__segmentation_free(&seg, s->alloc);
  return HINGE_OK;
}

/* -------------------------------------------------------- the zigzag */

/* A bottom confirmed (the channel came back the gate from it). */
static void on_bottom(hinge_stream *s, size_t i, double v, size_t j) {
  hinge__sdetect *d = &s->d;
  d->bottom_i = i;
  d->bottom_v = v;
  d->peak_speed = 0;
  if (!d->in_pull) start_pull(s, j, i);
}

/* A top confirmed: a new descent has begun; a rise still open is
 * analysed now. */
static int on_top(hinge_stream *s, double v, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  int rc = HINGE_OK;
  rc = d->in_pull ? analyse(s, 1, err) : revise(s, err);
  d->in_pull = 0;
  d->setup_sent = 0;
  d->top_v = v;
  return rc;
}

static int zz_step(hinge_stream *s, size_t j, double x, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  if (d->dir > 0) {
    if (x > d->ext) {
      d->ext = x;
      d->iext = j;
      if (d->in_pull) d->in_pull = 0; /* deeper still: not the pull yet */
    } else if (d->ext - x >= d->gate) {
      size_t b = d->iext;
      double bv = d->ext;
      d->dir = -1;
      d->ext = x;
      d->iext = j;
      on_bottom(s, b, bv, j);
    }
    return HINGE_OK;
  }
  if (d->dir < 0) {
    if (x < d->ext) {
      d->ext = x;
      d->iext = j;
    } else if (x - d->ext >= d->gate) {
      double tv = d->ext;
      d->dir = +1;
      d->ext = x;
      d->iext = j;
      return on_top(s, tv, err);
    }
    return HINGE_OK;
  }
  if (!d->zz_started) {
    d->zz_started = 1;
    d->hi = d->lo = x;
    d->ihi = d->ilo = j;
    return HINGE_OK;
  }
  if (x > d->hi) {
    d->hi = x;
    d->ihi = j;
  } else if (x < d->lo) {
    d->lo = x;
    d->ilo = j;
  }
  if (!(d->hi - d->lo >= d->gate)) return HINGE_OK;
  if (d->ihi < d->ilo) { /* starts at the bottom: the first rise is under way */
    d->dir = -1;
    d->ext = d->lo;
    d->iext = d->ilo;
    on_bottom(s, d->ihi, d->hi, j);
  } else {
    d->dir = +1;
    d->ext = d->hi;
    d->iext = d->ihi;
    d->top_v = d->lo;
  }
  return HINGE_OK;
}

/* The causal tests on sample j (see the top of the file). */
static int tests(hinge_stream *s, size_t j, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  const hinge_analyze_config *cfg = &s->cfg;
  double x = seg_at(d, j), fs = s->fs;
  size_t k = j >= d->w ? j - d->w : 0;
  if (d->dir > 0 && !d->in_pull && !isnan(x)) {
    double von = onset_speed(cfg, d->von_prev), back = d->w <= j ? seg_at(d, j - d->w) : NAN;
    double off = OFF_BOTTOM_FRAC * d->gate > OFF_BOTTOM_DEG ? OFF_BOTTOM_FRAC * d->gate
                                                            : OFF_BOTTOM_DEG;
    double vk = speed_at(d, k, fs), xk = seg_at(d, k);
    if (!d->setup_sent && k > d->iext - (d->iext > 0) && fabs(vk) <= von &&
        xk >= d->ext - NEAR_BOTTOM * (d->ext - d->top_v)) {
      emit_at(s, HINGE_EVENT_SETUP, k);
      d->setup_sent = 1;
    }
    if (d->ext - x >= off && (x - back) * fs / (double)d->w < -von) start_pull(s, j, d->iext);
  } else if (d->in_pull) {
    check_alert(s, j);
  }
  if (d->in_pull && d->dir < 0 && d->analyse_at == 0) {
    double vk = speed_at(d, k, fs), xk = seg_at(d, k);
    if (-vk > d->peak_speed) d->peak_speed = -vk;
    if (j >= d->seg_gap + 2 * d->w && xk <= d->ext + NEAR_TOP * (d->bottom_v - d->ext) &&
        fabs(vk) <= onset_speed(cfg, d->peak_speed))
      d->analyse_at = j + d->w + 1;
  }
  if (d->in_pull && d->analyse_at != 0 && j >= d->analyse_at && j >= d->seg_gap + 2 * d->w)
    return analyse(s, 0, err);
  return HINGE_OK;
}

int hinge__stream_sample(hinge_stream *s, const hinge__ssample *smp, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  size_t j = smp->j, r = j & d->mask;
  double x;
  int ch, rc;
  for (ch = 0; ch < HINGE__CH_ALL; ch++)
    if (d->v[ch] != NULL) {
      d->v[ch][r] = smp->v[ch];
      d->u[ch][r] = smp->u[ch];
    }
  if (d->set != NULL) d->set[r] = smp->set;
  switch (s->seg_kind) {
  case HINGE__CH_HIP: x = smp->v[HINGE__CH_HIP]; break;
  case HINGE__CH_TRUNK: x = smp->v[HINGE__CH_TRUNK]; break;
  case -2: x = smp->v[HINGE__CH_THORACIC]; break;
  case -3: x = smp->v[HINGE__CH_LUMBAR]; break;
  default: x = smp->v[HINGE__CH_THORACIC] + smp->v[HINGE__CH_LUMBAR]; break;
  }
  d->seg[r] = x;
  d->n = j + 1;
  if (smp->u[s->seg_kind >= 0 ? s->seg_kind : s->seg_kind == -3 ? HINGE__CH_LUMBAR
                                                                 : HINGE__CH_THORACIC] ||
      (s->seg_kind == -1 && smp->u[HINGE__CH_LUMBAR]))
    d->seg_gap = j; /* the segmentation channel was not measured here */
  if (d->win0 + d->cap <= j + 1) d->win0 = j + 2 - d->cap; /* the window is capped */
  rc = isnan(x) ? HINGE_OK : zz_step(s, j, x, err);
  if (rc == HINGE_OK) rc = tests(s, j, err);
  /* a rest after the set's last lockout ends the set, and so does a new
   * value in the set column (in the rest, before the next set's setup:
   * its events then carry the right rep numbers) */
  if (rc == HINGE_OK && s->nreps > s->set_first && !d->in_pull && d->last_lockout != HINGE__NONE &&
      ((double)(j - d->last_lockout) / s->fs >= s->cfg.set_rest_s ||
       (s->has_set && smp->set == smp->set && smp->set != s->reps[s->set_first].set))) {
    rc = revise(s, err);
    if (rc == HINGE_OK) rc = hinge__stream_end_set(s, 1, 1, err);
  }
  return rc;
}

int hinge__sdetect_finish(hinge_stream *s, int *ends_standing, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  int rc = HINGE_OK;
  if (d->in_pull && d->dir < 0) rc = analyse(s, 1, err);
  else rc = revise(s, err);
  /* standing after the last rep: no bottom since its lockout */
  *ends_standing = d->dir < 0 && s->nreps > 0 && d->bottom_i != HINGE__NONE &&
                   d->bottom_i <= s->rises[s->nreps - 1].lockout;
  return rc;
}

int hinge__sdetect_init(hinge_stream *s, hinge_error *err) {
  hinge__sdetect *d = &s->d;
  size_t need = (size_t)(s->max_rep_s * s->fs) + 64, cap = 64;
  int ch, ok = 1;
  const hinge_allocator *a = s->alloc;
  memset(d, 0, sizeof *d);
  d->w = (size_t)(VEL_HALF_S * s->fs + 0.5);
  if (d->w < 1) d->w = 1;
  need += 4 * d->w;
  while (cap < need) cap *= 2;
  d->cap = cap;
  d->mask = cap - 1;
  d->gate = s->seg_min_range;
  d->bottom_i = d->last_lockout = d->last_reject = d->last_win0 = HINGE__NONE;
  d->seg_gap = 0;
  d->top_v = d->bottom_v = NAN;
  for (ch = 0; ch < HINGE__CH_ALL; ch++) {
    if (!s->has[ch]) continue;
    d->v[ch] = hinge__malloc(a, cap * sizeof(double));
    d->u[ch] = hinge__calloc(a, cap, 1);
    d->lin[ch] = hinge__malloc(a, cap * sizeof(double));
    d->lin_mask[ch] = hinge__calloc(a, cap / 64 + 1, sizeof(uint64_t));
    ok = ok && d->v[ch] && d->u[ch] && d->lin[ch] && d->lin_mask[ch];
    s->bytes += cap * (2 * sizeof(double) + 1) + (cap / 64 + 1) * sizeof(uint64_t);
  }
  d->seg = hinge__malloc(a, cap * sizeof(double));
  d->lin_seg = hinge__malloc(a, cap * sizeof(double));
  s->bytes += 2 * cap * sizeof(double);
  ok = ok && d->seg && d->lin_seg;
  if (s->has_set) {
    d->set = hinge__malloc(a, cap * sizeof(double));
    d->lin_set = hinge__malloc(a, cap * sizeof(double));
    s->bytes += 2 * cap * sizeof(double);
    ok = ok && d->set && d->lin_set;
  }
  return ok ? HINGE_OK : hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
}

void hinge__sdetect_free(hinge_stream *s) {
  hinge__sdetect *d = &s->d;
  const hinge_allocator *a = s->alloc;
  size_t cap = d->cap;
  int ch;
  for (ch = 0; ch < HINGE__CH_ALL; ch++) {
    hinge__free(a, d->v[ch], cap * sizeof(double));
    hinge__free(a, d->u[ch], cap);
    hinge__free(a, d->lin[ch], cap * sizeof(double));
    hinge__free(a, d->lin_mask[ch], (cap / 64 + 1) * sizeof(uint64_t));
  }
  hinge__free(a, d->seg, cap * sizeof(double));
  hinge__free(a, d->lin_seg, cap * sizeof(double));
  hinge__free(a, d->set, cap * sizeof(double));
  hinge__free(a, d->lin_set, cap * sizeof(double));
  memset(d, 0, sizeof *d);
}
