/* Unit tests for the live analysis (hinge/stream.h, src/lift/stream*.c):
 * events, alerts and final results on synthetic traces with known truth
 * (synth.h), against the offline hinge_analyze_arrays on the same
 * samples; memory, allocator and several streams per process. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hinge/hinge.h"
#include "synth.h"

#define MAX_EV 512

static synth x;
static hinge_stream *st;

typedef struct log_t {
  hinge_stream_event ev[MAX_EV];
  int n;
} log_t;

static void teardown(void) {
  hinge_stream_destroy(st);
  st = NULL;
  synth_free(&x);
}

TestSuite(stream, .fini = teardown);

static void on_event(const hinge_stream_event *ev, void *user) {
  log_t *l = user;
  if (l->n < MAX_EV) l->ev[l->n++] = *ev;
}

static const int roles3[] = {HINGE_ROLE_HIP, HINGE_ROLE_THORACIC, HINGE_ROLE_LUMBAR};

static int open_stream(double fs, log_t *l, const hinge_allocator *a, hinge_stream **out) {
  hinge_stream_config sc;
  hinge_error e;
  int rc;
  hinge_stream_config_init(&sc);
  sc.fs = fs;
  sc.roles = roles3;
  sc.nroles = 3;
  sc.on_event = l ? on_event : NULL;
  sc.user = l;
  rc = hinge_stream_create(&sc, NULL, a, out, &e);
  cr_assert_eq(rc, HINGE_OK, "%s", e.message);
  return rc;
}

/* Push samples [i0, i1) of x, one frame per call (a sensor loop). */
static void push_range(hinge_stream *s, size_t i0, size_t i1) {
  size_t i;
  hinge_error e;
  for (i = i0; i < i1; i++) {
    double frame[3] = {x.ch[0][i], x.ch[1][i], x.ch[2][i]};
    cr_assert_eq(hinge_stream_push(s, &x.t[i], frame, 1, &e), HINGE_OK, "%s", e.message);
  }
}

static hinge_analysis *offline(const hinge_analyze_config *cfg) {
  hinge_analyze_input in;
  hinge_analysis *an = NULL;
  hinge_error e;
  memset(&in, 0, sizeof in);
  in.n = x.n;
  in.time_s = x.t;
  in.hip = x.ch[0];
  in.thoracic = x.ch[1];
  in.lumbar = x.ch[2];
  cr_assert_eq(hinge_analyze_arrays(&in, cfg, NULL, &an, &e), HINGE_OK, "%s", e.message);
  return an;
}

/* The first time the truth's rounding of region (1 thoracic, 2 lumbar)
 * in rep k reaches thr above its value at liftoff (NaN: never). */
static double truth_crossing(const synth_spec *s, int k, int region, double thr) {
  double t, base[3], v[3];
  synth_at(s, x.liftoff[k] + 1e-9, base);
  for (t = x.liftoff[k]; t <= x.lockout[k]; t += 0.001) {
    synth_at(s, t, v);
    if (v[region] - base[region] >= thr) return t;
  }
  return NAN;
}

Test(stream, reps_and_alerts_should_follow_the_truth_and_agree_with_offline) {
  synth_spec s;
  log_t *l = calloc(1, sizeof *l);
  hinge_analysis *an;
  const hinge_rep *lr, *orp;
  size_t k, nl;
  int i, alerts[8] = {0};
  synth_default(&s);
  s.reps = 5;
  s.lu_round[3] = 9; /* stop */
  s.th_round[4] = 12; /* fix */
  synth_make(&s, &x);
  open_stream(100, l, NULL, &st);
  push_range(st, 0, x.n);
  cr_assert_eq(hinge_stream_finish(st, NULL), HINGE_OK);
  an = offline(NULL);
  nl = hinge_stream_rep_count(st);
  cr_assert_eq(nl, 5, "live reps %zu", nl);
  cr_assert_eq(hinge_analysis_rep_count(an), nl);
  lr = hinge_stream_reps(st);
  orp = hinge_analysis_reps(an);
  for (k = 0; k < nl; k++) {
    cr_assert(fabs(lr[k].liftoff_s - x.liftoff[k]) < 0.4, "rep %zu liftoff %g truth %g", k,
              lr[k].liftoff_s, x.liftoff[k]);
    cr_assert(fabs(lr[k].liftoff_s - orp[k].liftoff_s) <= 0.1, "rep %zu liftoff live %g offline %g",
              k, lr[k].liftoff_s, orp[k].liftoff_s);
    cr_assert(fabs(lr[k].lockout_s - orp[k].lockout_s) <= 0.1, "rep %zu lockout live %g offline %g",
              k, lr[k].lockout_s, orp[k].lockout_s);
    cr_assert_eq(lr[k].verdict, orp[k].verdict, "rep %zu verdict", k);
    cr_assert_eq(lr[k].flags, orp[k].flags, "rep %zu flags", k);
  }
  cr_assert_eq(lr[3].verdict, HINGE_FORM_STOP);
  cr_assert_eq(lr[4].verdict, HINGE_FORM_FIX);
  cr_assert_eq(hinge_stream_set(st)->verdict, hinge_analysis_set(an)->verdict);
  /* alerts: reps 4 (lumbar) and 5 (thoracic) only, at most 0.25 s after the
   * truth's crossing, and raised before that rep's lockout was */
  for (i = 0; i < l->n; i++) {
    const hinge_stream_event *ev = &l->ev[i];
    int region, r = ev->rep - 1;
    double cross;
    if (ev->type != HINGE_EVENT_ALERT) continue;
    cr_assert(r == 3 || r == 4, "alert on rep %d", ev->rep);
    region = ev->region == HINGE_REP_LUMBAR_ROUNDING ? 2 : 1;
    cr_assert_eq(region, r == 3 ? 2 : 1);
    cross = truth_crossing(&s, r, region, ev->threshold_deg);
    cr_assert(!isnan(cross));
    cr_assert(ev->emitted_s - cross <= 0.25 && ev->emitted_s >= cross - 0.02,
              "alert latency %g s", ev->emitted_s - cross);
    cr_assert(ev->emitted_s < x.lockout[r], "alert after lockout");
    alerts[r]++;
  }
  cr_assert_eq(alerts[3], 1);
  cr_assert_eq(alerts[4], 1);
  hinge_analysis_destroy(an);
  free(l);
}

Test(stream, events_should_come_in_order_once_per_rep) {
  synth_spec s;
  log_t *l = calloc(1, sizeof *l);
  int i, last_type = 0, reps = 0, set_ends = 0, withdrawn = 0;
  synth_default(&s);
  s.reps = 3;
  synth_make(&s, &x);
  open_stream(100, l, NULL, &st);
  push_range(st, 0, x.n);
  cr_assert_eq(hinge_stream_finish(st, NULL), HINGE_OK);
  for (i = 0; i < l->n; i++) {
    int t = l->ev[i].type;
    if (t == HINGE_EVENT_ALERT) continue;
    if (t == HINGE_EVENT_LIFTOFF) cr_assert(last_type == HINGE_EVENT_SETUP || last_type == HINGE_EVENT_LIFTOFF);
    if (t == HINGE_EVENT_LOCKOUT) cr_assert_eq(last_type, HINGE_EVENT_LIFTOFF);
    if (t == HINGE_EVENT_REP) {
      cr_assert_eq(last_type, HINGE_EVENT_LOCKOUT);
      reps++;
    }
    cr_assert(l->ev[i].emitted_s >= l->ev[i].t_s - 1e-9, "an event before its time");
    set_ends += t == HINGE_EVENT_SET_END;
    withdrawn += t == HINGE_EVENT_WITHDRAWN;
    last_type = t;
  }
  /* the synth ends with the bar lowered and the lifter standing up: the
   * stand-up was reported as a rep at its lockout, then withdrawn */
  cr_assert_eq(reps, 4);
  cr_assert_eq(withdrawn, 1);
  cr_assert_eq(set_ends, 1);
  cr_assert_eq(l->ev[l->n - 1].type, HINGE_EVENT_SET_END);
  cr_assert_eq(l->ev[l->n - 1].summary.reps, 3);
  cr_assert_eq(hinge_stream_rep_count(st), 3);
  free(l);
}

Test(stream, poll_should_return_the_events_the_callback_saw) {
  synth_spec s;
  log_t *l = calloc(1, sizeof *l);
  hinge_stream *b = NULL;
  hinge_stream_event ev;
  int i = 0;
  synth_default(&s);
  synth_make(&s, &x);
  open_stream(100, l, NULL, &st);
  open_stream(100, NULL, NULL, &b);
  push_range(st, 0, x.n);
  push_range(b, 0, x.n);
  hinge_stream_finish(st, NULL);
  hinge_stream_finish(b, NULL);
  while (hinge_stream_poll(b, &ev)) {
    cr_assert(i < l->n);
    cr_assert_eq(ev.type, l->ev[i].type);
    cr_assert_eq(ev.t_s, l->ev[i].t_s);
    i++;
  }
  cr_assert_eq(i, l->n);
  cr_assert_eq(hinge_stream_dropped(b), 0);
  hinge_stream_destroy(b);
  free(l);
}

Test(stream, interleaved_streams_should_not_share_state) {
  synth_spec s;
  hinge_stream *b = NULL, *c = NULL;
  size_t i, k;
  synth_default(&s);
  s.reps = 4;
  s.lu_round[2] = 8;
  synth_make(&s, &x);
  open_stream(100, NULL, NULL, &st);
  open_stream(100, NULL, NULL, &b);
  open_stream(100, NULL, NULL, &c);
  for (i = 0; i < x.n; i++) { /* st and b in lockstep, c alone after */
    push_range(st, i, i + 1);
    push_range(b, i, i + 1);
  }
  push_range(c, 0, x.n);
  hinge_stream_finish(st, NULL);
  hinge_stream_finish(b, NULL);
  hinge_stream_finish(c, NULL);
  cr_assert_eq(hinge_stream_rep_count(st), 4);
  cr_assert_eq(hinge_stream_rep_count(b), 4);
  cr_assert_eq(hinge_stream_rep_count(c), 4);
  for (k = 0; k < 4; k++) {
    cr_assert_eq(memcmp(&hinge_stream_reps(st)[k], &hinge_stream_reps(c)[k], sizeof(hinge_rep)), 0);
    cr_assert_eq(memcmp(&hinge_stream_reps(b)[k], &hinge_stream_reps(c)[k], sizeof(hinge_rep)), 0);
  }
  hinge_stream_destroy(b);
  hinge_stream_destroy(c);
}

Test(stream, chunks_should_give_the_same_results_as_single_samples) {
  synth_spec s;
  hinge_stream *b = NULL;
  double *frames;
  size_t i, k;
  synth_default(&s);
  synth_make(&s, &x);
  frames = malloc(3 * x.n * sizeof *frames);
  for (i = 0; i < x.n; i++)
    for (k = 0; k < 3; k++) frames[3 * i + k] = x.ch[k][i];
  open_stream(100, NULL, NULL, &st);
  open_stream(100, NULL, NULL, &b);
  push_range(st, 0, x.n);
  for (i = 0; i < x.n; i += 37)
    cr_assert_eq(hinge_stream_push(b, x.t + i, frames + 3 * i, i + 37 < x.n ? 37 : x.n - i, NULL), HINGE_OK);
  hinge_stream_finish(st, NULL);
  hinge_stream_finish(b, NULL);
  cr_assert_eq(hinge_stream_rep_count(b), hinge_stream_rep_count(st));
  for (k = 0; k < hinge_stream_rep_count(st); k++)
    cr_assert_eq(memcmp(&hinge_stream_reps(st)[k], &hinge_stream_reps(b)[k], sizeof(hinge_rep)), 0);
  hinge_stream_destroy(b);
  free(frames);
}

/* ---- memory ---- */

typedef struct counter {
  long live;
  size_t bytes, peak;
  long fail_after; /* < 0: never fail */
} counter;

static void *count_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counter *c = ud;
  if (nsize == 0) {
    if (ptr != NULL) {
      c->live--;
      c->bytes -= osize;
    }
    free(ptr);
    return NULL;
  }
  if (c->fail_after == 0) return NULL;
  if (c->fail_after > 0) c->fail_after--;
  ptr = realloc(ptr, nsize);
  if (ptr == NULL) return NULL;
  if (osize == 0) c->live++;
  c->bytes += nsize - osize;
  if (c->bytes > c->peak) c->peak = c->bytes;
  return ptr;
}

/* The peak memory of a stream over `minutes` of sets: 5 reps, 90 s rest. */
static size_t peak_over(double minutes, size_t *reps) {
  synth_spec s;
  counter c = {0, 0, 0, -1};
  hinge_allocator a = {count_alloc, &c};
  hinge_stream *ss = NULL;
  double t = 0, end = minutes * 60, offset = 0;
  synth_default(&s);
  s.reps = 5;
  s.finish_standing = 0;
  synth_make(&s, &x);
  open_stream(100, NULL, &a, &ss);
  while (t < end) { /* the set again and again, 90 s apart */
    size_t i;
    for (i = 0; i < x.n; i++) {
      double tt = x.t[i] + offset, frame[3] = {x.ch[0][i], x.ch[1][i], x.ch[2][i]};
      cr_assert_eq(hinge_stream_push(ss, &tt, frame, 1, NULL), HINGE_OK);
    }
    for (i = 0; i < 9000; i++) { /* 90 s standing */
      double tt = x.t[x.n - 1] + offset + (double)(i + 1) / 100;
      double frame[3] = {x.ch[0][x.n - 1], x.ch[1][x.n - 1], x.ch[2][x.n - 1]};
      cr_assert_eq(hinge_stream_push(ss, &tt, frame, 1, NULL), HINGE_OK);
    }
    offset += x.t[x.n - 1] + 90.01;
    t = offset;
  }
  cr_assert_eq(hinge_stream_finish(ss, NULL), HINGE_OK);
  *reps = hinge_stream_rep_count(ss);
  cr_assert_eq(hinge_stream_set_count(ss), *reps / 5);
  hinge_stream_destroy(ss);
  cr_assert_eq(c.live, 0, "leaked %ld blocks", c.live);
  synth_free(&x);
  return c.peak;
}

Test(stream, memory_should_stay_flat_on_a_long_recording) {
  size_t r1, r2, p1 = peak_over(3, &r1), p2 = peak_over(60, &r2);
  cr_assert_gt(r2, 10 * r1);
  /* 20 times longer: only the reps' records grow (about 500 bytes each,
   * arrays doubling) */
  cr_assert(p2 <= p1 + 2 * r2 * (sizeof(hinge_rep) + 64) + 4096,
            "peak %zu bytes after %zu reps, %zu after %zu", p2, r2, p1, r1);
}

Test(stream, allocation_failures_should_fail_cleanly) {
  synth_spec s;
  long k;
  synth_default(&s);
  synth_make(&s, &x);
  for (k = 0; k < 40; k++) {
    counter c = {0, 0, 0, k};
    hinge_allocator a = {count_alloc, &c};
    hinge_stream_config sc;
    hinge_stream *ss = NULL;
    int rc;
    hinge_stream_config_init(&sc);
    sc.fs = 100;
    sc.roles = roles3;
    sc.nroles = 3;
    rc = hinge_stream_create(&sc, NULL, &a, &ss, NULL);
    if (rc == HINGE_OK) {
      size_t i;
      for (i = 0; i < x.n && rc == HINGE_OK; i++) {
        double frame[3] = {x.ch[0][i], x.ch[1][i], x.ch[2][i]};
        rc = hinge_stream_push(ss, &x.t[i], frame, 1, NULL);
      }
      if (rc == HINGE_OK) rc = hinge_stream_finish(ss, NULL);
    }
    cr_assert(rc == HINGE_OK || rc == HINGE_ENOMEM, "k %ld rc %d", k, rc);
    hinge_stream_destroy(ss);
    cr_assert_eq(c.live, 0, "k %ld leaked %ld blocks", k, c.live);
  }
}

Test(stream, bad_configs_should_be_refused) {
  hinge_stream_config sc;
  hinge_analyze_config cfg;
  hinge_error e;
  static const int knee_only[] = {HINGE_ROLE_KNEE};
  static const int two_hips[] = {HINGE_ROLE_HIP, HINGE_ROLE_HIP};
  hinge_stream_config_init(&sc);
  sc.roles = roles3;
  sc.nroles = 3;
  cr_assert_eq(hinge_stream_create(&sc, NULL, NULL, &st, &e), HINGE_EINVAL); /* fs 0 */
  cr_assert(strstr(e.message, "fs") != NULL, "%s", e.message);
  sc.fs = 100;
  cr_assert_eq(hinge_stream_create(&sc, NULL, NULL, NULL, &e), HINGE_EINVAL);
  sc.roles = knee_only;
  sc.nroles = 1;
  cr_assert_eq(hinge_stream_create(&sc, NULL, NULL, &st, &e), HINGE_ESCHEMA);
  sc.roles = two_hips;
  sc.nroles = 2;
  cr_assert_eq(hinge_stream_create(&sc, NULL, NULL, &st, &e), HINGE_EINVAL);
  sc.roles = roles3;
  sc.nroles = 3;
  hinge_analyze_config_init(&cfg);
  cfg.despike_half_window_s = 0.2; /* more look-ahead than a live alert allows */
  cr_assert_eq(hinge_stream_create(&sc, &cfg, NULL, &st, &e), HINGE_EINVAL);
  cfg.despike_half_window_s = 0.05;
  cfg.lumbar_rounding_deg = -1;
  cr_assert_eq(hinge_stream_create(&sc, &cfg, NULL, &st, &e), HINGE_EINVAL);
  cr_assert_null(st);
  cr_assert_eq(hinge_stream_create(&sc, NULL, NULL, &st, &e), HINGE_OK);
  cr_assert_eq(hinge_stream_finish(st, &e), HINGE_OK);
  cr_assert_eq(hinge_stream_push(st, NULL, (const double[3]){1, 2, 3}, 1, &e), HINGE_EINVAL);
  cr_assert_eq(hinge_stream_rep_count(st), 0);
  cr_assert_str_eq(hinge_stream_event_name(HINGE_EVENT_ALERT), "alert");
  cr_assert_str_eq(hinge_stream_event_name(99), "unknown");
}

Test(stream, a_coach_threshold_should_apply_live) {
  synth_spec s;
  log_t *l = calloc(1, sizeof *l);
  hinge_stream_config sc;
  hinge_analyze_config cfg;
  int i, alerts = 0;
  synth_default(&s);
  s.reps = 3;
  s.lu_round[1] = 4; /* under the default 5, over a coach's 3 */
  synth_make(&s, &x);
  hinge_analyze_config_init(&cfg);
  cfg.lumbar_rounding_deg = 3;
  hinge_stream_config_init(&sc);
  sc.fs = 100;
  sc.roles = roles3;
  sc.nroles = 3;
  sc.on_event = on_event;
  sc.user = l;
  cr_assert_eq(hinge_stream_create(&sc, &cfg, NULL, &st, NULL), HINGE_OK);
  push_range(st, 0, x.n);
  hinge_stream_finish(st, NULL);
  for (i = 0; i < l->n; i++)
    if (l->ev[i].type == HINGE_EVENT_ALERT) {
      alerts++;
      cr_assert_eq(l->ev[i].rep, 2);
      cr_assert_eq(l->ev[i].threshold_deg, 3);
    }
  cr_assert_eq(alerts, 1);
  cr_assert_eq(hinge_stream_reps(st)[1].verdict, HINGE_FORM_STOP);
  free(l);
}
