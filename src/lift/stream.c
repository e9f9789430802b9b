/*
 * stream.c -- hinge_stream: the live analysis' handle, the input grid,
 * events (callback and queue), reps and set summaries.  Conditioning:
 * stream_cond.c; events and the per-rep window: stream_detect.c;
 * docs/live.md.
 */
#include <math.h>
#include <string.h>

#include "stream_internal.h"

const char *hinge_stream_event_name(int type) {
  switch (type) {
  case HINGE_EVENT_SETUP: return "setup";
  case HINGE_EVENT_LIFTOFF: return "liftoff";
  case HINGE_EVENT_LOCKOUT: return "lockout";
  case HINGE_EVENT_REP: return "rep";
  case HINGE_EVENT_ALERT: return "alert";
  case HINGE_EVENT_SET_END: return "set_end";
  case HINGE_EVENT_WITHDRAWN: return "withdrawn";
  default: return "unknown";
  }
}

void hinge_stream_config_init(hinge_stream_config *sc) {
  if (sc == NULL) return;
  memset(sc, 0, sizeof *sc);
  sc->max_rep_s = 60;
  sc->max_events = 256;
}

double hinge__stream_time(const hinge_stream *s, size_t j) { return s->t0 + (double)j / s->fs; }

void hinge__stream_emit(hinge_stream *s, hinge_stream_event *ev) {
  ev->emitted_s = s->t_last;
  if (s->cb != NULL) s->cb(ev, s->user);
  if (s->qcap == 0) return;
  if (s->qlen == s->qcap) { /* full: the oldest goes */
    s->qhead = (s->qhead + 1) % s->qcap;
    s->qlen--;
    s->dropped++;
  }
  s->q[(s->qhead + s->qlen) % s->qcap] = *ev;
  s->qlen++;
}

int hinge_stream_poll(hinge_stream *s, hinge_stream_event *ev) {
  if (s == NULL || ev == NULL || s->qlen == 0) return 0;
  *ev = s->q[s->qhead];
  s->qhead = (s->qhead + 1) % s->qcap;
  s->qlen--;
  return 1;
}

size_t hinge_stream_dropped(const hinge_stream *s) { return s ? s->dropped : 0; }

/* ------------------------------------------------------------ create */

/* The channel of a role (HINGE__CH_*), -2 for the set, -1 otherwise. */
static int channel_of(int role) {
  switch (role) {
  case HINGE_ROLE_HIP: return HINGE__CH_HIP;
  case HINGE_ROLE_THORACIC: return HINGE__CH_THORACIC;
  case HINGE_ROLE_LUMBAR: return HINGE__CH_LUMBAR;
  case HINGE_ROLE_TRUNK: return HINGE__CH_TRUNK;
  case HINGE_ROLE_KNEE: return HINGE__CH_KNEE;
  case HINGE_ROLE_SET: return -2;
  default: return -1;
  }
}

static int take_roles(hinge_stream *s, const hinge_stream_config *sc, hinge_error *err) {
  size_t i;
  if (sc->nroles == 0 || sc->roles == NULL || sc->nroles > 64)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: 1 to 64 roles needed (got %zu)",
                       sc->roles == NULL ? 0 : sc->nroles);
  s->nroles = sc->nroles;
  for (i = 0; i < sc->nroles; i++) {
    int ch = channel_of(sc->roles[i]);
    if (sc->roles[i] < 0 || sc->roles[i] >= HINGE_ROLE_COUNT)
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: role %d of value %zu is no "
                         "role", sc->roles[i], i + 1);
    if (ch >= 0 && s->has[ch])
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: two values have the role %s",
                         hinge_role_name(sc->roles[i]));
    if (ch >= 0) s->has[ch] = 1;
    if (ch == -2) s->has_set = 1;
    s->role_ch[i] = ch;
    s->scale[i] = sc->scale != NULL ? sc->scale[i] : 1;
  }
  if (s->has[HINGE__CH_HIP] || s->has[HINGE__CH_TRUNK]) {
    s->seg_kind = s->has[HINGE__CH_HIP] ? HINGE__CH_HIP : HINGE__CH_TRUNK;
    s->seg_min_range = s->cfg.min_range_deg;
    return HINGE_OK;
  }
  if (!s->has[HINGE__CH_THORACIC] && !s->has[HINGE__CH_LUMBAR])
    return hinge__fail(err, HINGE_ESCHEMA, NULL, 0, 0, "stream: no hip, trunk, thoracic or "
                       "lumbar role to find reps on");
  s->seg_min_range = s->cfg.min_range_spine_deg;
  s->seg_kind = !s->has[HINGE__CH_LUMBAR] ? -2 : !s->has[HINGE__CH_THORACIC] ? -3 : -1;
  return HINGE_OK;
}

static int check_config(const hinge_stream_config *sc, hinge_error *err) {
  if (!(sc->fs > 0 && sc->fs <= 100000))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: fs must be in (0, 100000] Hz "
                       "(got %g)", sc->fs);
  if (!(sc->max_rep_s >= 5 && sc->max_rep_s <= 600))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: max_rep_s must be in [5, 600] s "
                       "(got %g)", sc->max_rep_s);
  if (sc->max_rep_s * sc->fs > 64e6)
    return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0, "stream: a window of %g s at %g Hz is "
                       "too long", sc->max_rep_s, sc->fs);
  return HINGE_OK;
}

static int setup(hinge_stream *s, const hinge_stream_config *sc, hinge_error *err) {
  int rc = take_roles(s, sc, err);
  if (rc == HINGE_OK) rc = hinge__scond_init(s, err);
  if (rc == HINGE_OK) rc = hinge__sdetect_init(s, err);
  if (rc == HINGE_OK && sc->max_events > 0) {
    s->q = hinge__calloc(s->alloc, sc->max_events, sizeof *s->q);
    if (s->q == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
    s->qcap = sc->max_events;
    s->bytes += s->qcap * sizeof *s->q;
  }
  return rc;
}

int hinge_stream_create(const hinge_stream_config *sc, const hinge_analyze_config *cfg,
                        const hinge_allocator *alloc, hinge_stream **out, hinge_error *err) {
  hinge_stream *s;
  int rc;
  if (out == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: out is NULL");
  *out = NULL;
  if (sc == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: config is NULL");
  if ((rc = check_config(sc, err)) != HINGE_OK) return rc;
  if (cfg != NULL && (rc = hinge_analyze_config_check(cfg, err)) != HINGE_OK) return rc;
  s = hinge__calloc(alloc, 1, sizeof *s);
  if (s == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
  if (alloc != NULL) {
    s->alloc_copy = *alloc;
    s->alloc = &s->alloc_copy;
  }
  if (cfg != NULL) s->cfg = *cfg;
  else hinge_analyze_config_init(&s->cfg);
  s->cb = sc->on_event;
  s->user = sc->user;
  s->fs = sc->fs;
  s->max_rep_s = sc->max_rep_s;
  s->set_number = 1;
  s->bytes = sizeof *s;
  s->all.set = NAN;
  rc = setup(s, sc, err);
  if (rc != HINGE_OK) {
    hinge_stream_destroy(s);
    return rc;
  }
  *out = s;
  return HINGE_OK;
}

void hinge_stream_destroy(hinge_stream *s) {
  const hinge_allocator *a;
  if (s == NULL) return;
  a = s->alloc;
  hinge__scond_free(s);
  hinge__sdetect_free(s);
  hinge__free(a, s->q, s->qcap * sizeof *s->q);
  hinge__free(a, s->reps, s->reps_cap * sizeof *s->reps);
  hinge__free(a, s->rises, s->rises_cap * sizeof *s->rises);
  hinge__free(a, s->sets, s->sets_cap * sizeof *s->sets);
  hinge__strlist_free(&s->warnings, a);
  hinge__free(a, s, sizeof *s);
}

/* -------------------------------------------------------------- push */

/* One frame on grid sample s->in_n. */
static int take_frame(hinge_stream *s, const double *frame, hinge_error *err) {
  double raw[HINGE__CH_ALL], set = NAN;
  size_t i;
  int ch, rc;
  for (ch = 0; ch < HINGE__CH_ALL; ch++) raw[ch] = NAN;
  if (frame != NULL)
    for (i = 0; i < s->nroles; i++) {
      double v = frame[i];
      if (!isfinite(v)) v = NAN;
      if (s->role_ch[i] >= 0) raw[s->role_ch[i]] = v * s->scale[i];
      else if (s->role_ch[i] == -2) set = v;
    }
  rc = hinge__scond_push(s, raw, set, err);
  s->in_n++;
  return rc;
}

int hinge_stream_push(hinge_stream *s, const double *t, const double *values, size_t n,
                      hinge_error *err) {
  size_t i;
  int rc = HINGE_OK;
  if (s == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: NULL stream");
  if (s->finished) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: push after finish");
  if (n > 0 && values == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: NULL values");
  for (i = 0; i < n && rc == HINGE_OK; i++) {
    const double *frame = values + i * s->nroles;
    double ti = t != NULL ? t[i] : (s->have_t0 ? s->t0 + (double)s->in_n / s->fs : 0);
    double pos;
    size_t at, skip;
    if (!isfinite(ti)) continue;
    if (!s->have_t0) {
      s->t0 = ti;
      s->have_t0 = 1;
    }
    pos = (ti - s->t0) * s->fs;
    if (!(pos > (double)s->in_n - 0.5)) continue; /* not later than the previous frame */
    at = (size_t)(pos + 0.5);
    if (at > s->in_n) { /* a time gap: missing samples, at most an hour of them */
      skip = at - s->in_n;
      if ((double)skip > 3600 * s->fs) { /* the grid jumps: later times stay right */
        size_t keep = (size_t)(3600 * s->fs);
        s->t0 += (double)(skip - keep) / s->fs;
        at -= skip - keep;
      }
      while (s->in_n < at && rc == HINGE_OK) rc = take_frame(s, NULL, err);
    }
    s->t_last = ti;
    if (rc == HINGE_OK) rc = take_frame(s, frame, err);
  }
  return rc;
}

/* ------------------------------------------------------- reps and sets */

static int grow_reps(hinge_stream *s, hinge_error *err) {
  size_t cap = s->reps_cap ? 2 * s->reps_cap : 16;
  hinge_rep *r;
  hinge__rise *g;
  if (s->nreps < s->reps_cap) return HINGE_OK;
  if (s->rises_cap < cap) { /* each array keeps its own capacity: a failure leaves both freeable */
    g = hinge__realloc(s->alloc, s->rises, s->rises_cap * sizeof *g, cap * sizeof *g);
    if (g == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
    s->rises = g;
    s->bytes += (cap - s->rises_cap) * sizeof *g;
    s->rises_cap = cap;
  }
  r = hinge__realloc(s->alloc, s->reps, s->reps_cap * sizeof *r, cap * sizeof *r);
  if (r == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
  s->reps = r;
  s->bytes += (cap - s->reps_cap) * sizeof *r;
  s->reps_cap = cap;
  return HINGE_OK;
}

static void emit_rep(hinge_stream *s, int type, const hinge_rep *rep, double t) {
  hinge_stream_event ev;
  memset(&ev, 0, sizeof ev);
  ev.type = type;
  ev.t_s = t;
  ev.rep = rep->rep;
  ev.set = rep->set;
  ev.metrics = *rep;
  hinge__stream_emit(s, &ev);
}

static int same_set(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

int hinge__stream_add_rep(hinge_stream *s, const hinge__rise *g, hinge_rep *rep,
                          hinge_error *err) {
  int rc;
  if (s->nreps > 0) { /* the previous rep ends where this one's descent began */
    s->reps[s->nreps - 1].end_s = rep->start_s;
    s->rises[s->nreps - 1].end = g->start;
  }
  /* a new value in the set column ends the set, its last rise judged as
   * the offline analysis judges a set's last before a new set (a pull, or
   * the lifter standing up without the bar) */
  if (s->has_set && s->nreps > s->set_first && !same_set(rep->set, s->reps[s->set_first].set) &&
      (rc = hinge__stream_end_set(s, 1, 1, err)) != HINGE_OK)
    return rc;
  if (!s->has_set) rep->set = s->set_number;
  if ((rc = grow_reps(s, err)) != HINGE_OK) return rc;
  rep->rep = (int)s->nreps + 1;
  s->reps[s->nreps] = *rep;
  s->rises[s->nreps] = *g;
  s->nreps++;
  hinge__set_summary(s->reps, s->nreps, &s->cfg, &s->all);
  s->all.set = NAN;
  emit_rep(s, HINGE_EVENT_LOCKOUT, rep, rep->lockout_s);
  emit_rep(s, HINGE_EVENT_REP, rep, rep->lockout_s);
  return HINGE_OK;
}

/* The set's end judgement (deadlift) on its rises: the reps that are not
 * reps go (WITHDRAWN), the others' ends follow hinge__rises_sweep. */
static int judge_set(hinge_stream *s, int ends_standing, hinge_error *err) {
  hinge__rise_list l = {NULL, 0, 0};
  hinge__segmentation seg;
  hinge__seg_ctx c;
  hinge__seg_ends ends = {0, 0, NAN};
  size_t k, m = s->nreps - s->set_first, kept, i;
  int rc;
  if (HINGE__GROW(s->alloc, l.r, l.cap, m))
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
  memcpy(l.r, s->rises + s->set_first, m * sizeof *l.r);
  l.n = m;
  memset(&c, 0, sizeof c);
  memset(&seg, 0, sizeof seg);
  c.n = s->d.n;
  c.fs = s->fs;
  c.cfg = &s->cfg;
  c.a = s->alloc;
  c.err = err;
  ends.standing = ends_standing;
  rc = hinge__rises_set_end(&l, &c, &ends, &seg);
  if (rc == HINGE_OK) {
    for (k = s->set_first, i = 0, kept = s->set_first; k < s->nreps; k++) {
      if (i < l.n && l.r[i].liftoff == s->rises[k].liftoff) {
        s->reps[kept] = s->reps[k];
        s->rises[kept] = l.r[i];
        s->reps[kept].end_s = hinge__stream_time(s, l.r[i].end);
        kept++;
        i++;
        continue;
      }
      emit_rep(s, HINGE_EVENT_WITHDRAWN, &s->reps[k], hinge__stream_time(s, s->d.n - 1));
      rc = hinge__strlist_add(&s->warnings, s->alloc, "rep %d (lockout at %.2f s) withdrawn at "
                              "the set's end: the lifter standing up without the bar",
                              s->reps[k].rep, s->reps[k].lockout_s);
    }
    s->nreps = kept;
    for (k = s->set_first; k < s->nreps; k++) s->reps[k].rep = (int)k + 1;
  }
  hinge__segmentation_free(&seg, s->alloc);
  hinge__free(s->alloc, l.r, l.cap * sizeof *l.r);
  return rc;
}

int hinge__stream_end_set(hinge_stream *s, int judge, int ends_standing, hinge_error *err) {
  hinge_set_summary sum;
  hinge_stream_event ev;
  int rc = HINGE_OK;
  if (s->nreps <= s->set_first) return HINGE_OK;
  if (judge && s->cfg.exercise == HINGE_EXERCISE_DEADLIFT)
    rc = judge_set(s, ends_standing, err);
  if (rc != HINGE_OK || s->nreps <= s->set_first) {
    s->set_first = s->nreps;
    return rc;
  }
  hinge__set_summary(s->reps + s->set_first, s->nreps - s->set_first, &s->cfg, &sum);
  sum.set = s->reps[s->set_first].set;
  sum.first_rep = s->set_first;
  if (HINGE__GROW(s->alloc, s->sets, s->sets_cap, s->nsets + 1))
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
  s->sets[s->nsets++] = sum;
  hinge__set_summary(s->reps, s->nreps, &s->cfg, &s->all);
  s->all.set = NAN;
  memset(&ev, 0, sizeof ev);
  ev.type = HINGE_EVENT_SET_END;
  ev.t_s = hinge__stream_time(s, s->d.n ? s->d.n - 1 : 0);
  ev.rep = (int)s->nreps;
  ev.set = sum.set;
  ev.summary = sum;
  s->set_first = s->nreps;
  s->set_number++;
  hinge__stream_emit(s, &ev);
  return HINGE_OK;
}

int hinge_stream_finish(hinge_stream *s, hinge_error *err) {
  int rc, ends_standing = 0;
  if (s == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: NULL stream");
  if (s->finished) return HINGE_OK;
  s->finished = 1;
  rc = hinge__scond_flush(s, err);
  if (rc == HINGE_OK) rc = hinge__sdetect_finish(s, &ends_standing, err);
  if (rc == HINGE_OK) rc = hinge__stream_end_set(s, 1, ends_standing, err);
  if (rc == HINGE_OK && s->nreps == 0)
    rc = hinge__strlist_add(&s->warnings, s->alloc, "no rep found");
  if (rc == HINGE_OK && (!s->has[HINGE__CH_THORACIC] && !s->has[HINGE__CH_LUMBAR]) && s->nreps)
    rc = hinge__strlist_add(&s->warnings, s->alloc, "no thoracic or lumbar angle: rounding not "
                            "assessed");
  return rc;
}

/* --------------------------------------------------------- accessors */

size_t hinge_stream_rep_count(const hinge_stream *s) { return s ? s->nreps : 0; }
const hinge_rep *hinge_stream_reps(const hinge_stream *s) {
  return s && s->nreps ? s->reps : NULL;
}
const hinge_set_summary *hinge_stream_set(const hinge_stream *s) { return s ? &s->all : NULL; }
size_t hinge_stream_set_count(const hinge_stream *s) { return s ? s->nsets : 0; }
const hinge_set_summary *hinge_stream_sets(const hinge_stream *s) {
  return s && s->nsets ? s->sets : NULL;
}
const hinge_standing *hinge_stream_standing(const hinge_stream *s) {
  return s ? &s->standing : NULL;
}
size_t hinge_stream_samples(const hinge_stream *s) { return s ? s->in_n : 0; }
double hinge_stream_delay_s(const hinge_stream *s) {
  return s ? (double)(s->cond.h + s->cond.dlp) / s->fs : NAN;
}
size_t hinge_stream_memory(const hinge_stream *s) { return s ? s->bytes : 0; }
size_t hinge_stream_warning_count(const hinge_stream *s) { return s ? s->warnings.count : 0; }
const char *hinge_stream_warning(const hinge_stream *s, size_t i) {
  return s && i < s->warnings.count ? s->warnings.items[i] : NULL;
}
