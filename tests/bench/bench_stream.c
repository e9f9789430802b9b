/* bench_stream [FS [MINUTES]]: the live analysis (hinge/stream.h).
 *
 * Builds MINUTES of sets at FS Hz (default 1000 Hz, 10 min): synth.h's
 * deadlift of 5 reps, hip + thoracic + lumbar, the last three reps
 * rounding the lumbar spine by 9 deg, then 60 s standing, again and again.
 * Prints:
 *   - samples per second through hinge_stream_push, one sample per call
 *     (a sensor loop) and in chunks of 1000 (best of 3 runs; a sample is
 *     one time point with its three channels), against hinge_analyze_arrays
 *     on the same recording;
 *   - the latency from the truth's threshold crossing (lumbar rounding at
 *     lumbar_rounding_deg above its liftoff value, on the noise-free model)
 *     to the alert: the time of the newest sample pushed when the alert
 *     was raised minus the crossing (min, median, max over every alert),
 *     and how many alerts came before their rep's lockout;
 *   - the memory the stream holds (hinge_stream_memory) at the start and
 *     the end. */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hinge/hinge.h"
#include "../unit/synth.h"

#define RUNS 3
#define MAX_ALERTS 4096

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct rec {
  size_t n;
  double *t, *v; /* v: 3 values a sample */
  size_t sets;
  double set_s;  /* one set plus its rest */
} rec;

typedef struct alerts {
  double emitted[MAX_ALERTS], t[MAX_ALERTS];
  int rep[MAX_ALERTS];
  size_t n;
  size_t reps;
} alerts;

static synth_spec spec;
static synth one;

static void on_event(const hinge_stream_event *ev, void *user) {
  alerts *a = user;
  if (ev->type == HINGE_EVENT_ALERT && a->n < MAX_ALERTS) {
    a->emitted[a->n] = ev->emitted_s;
    a->t[a->n] = ev->t_s;
    a->rep[a->n] = ev->rep;
    a->n++;
  }
  if (ev->type == HINGE_EVENT_REP) a->reps++;
}

static void make(double fs, double minutes, rec *r) {
  size_t i, k, per, rest;
  synth_default(&spec);
  spec.fs = fs;
  spec.reps = 5;
  spec.finish_standing = 0;
  spec.lu_round[2] = spec.lu_round[3] = spec.lu_round[4] = 9;
  synth_make(&spec, &one);
  rest = (size_t)(60 * fs);
  per = one.n + rest;
  r->set_s = (double)per / fs;
  r->sets = (size_t)(minutes * 60 / r->set_s) + 1;
  r->n = r->sets * per;
  r->t = malloc(r->n * sizeof *r->t);
  r->v = malloc(3 * r->n * sizeof *r->v);
  for (k = 0; k < r->sets; k++)
    for (i = 0; i < per; i++) {
      size_t j = k * per + i, s = i < one.n ? i : one.n - 1;
      int c;
      r->t[j] = (double)j / fs;
      for (c = 0; c < 3; c++) r->v[3 * j + c] = one.ch[c][s];
    }
}

static const int roles[] = {HINGE_ROLE_HIP, HINGE_ROLE_THORACIC, HINGE_ROLE_LUMBAR};

/* One pass through a stream in chunks of `chunk`; seconds taken. */
static double pass(const rec *r, double fs, size_t chunk, alerts *al, size_t *mem0, size_t *mem1) {
  hinge_stream_config sc;
  hinge_stream *s = NULL;
  hinge_error e;
  size_t i;
  double t0;
  hinge_stream_config_init(&sc);
  sc.fs = fs;
  sc.roles = roles;
  sc.nroles = 3;
  sc.on_event = on_event;
  sc.user = al;
  sc.max_events = 0;
  if (hinge_stream_create(&sc, NULL, NULL, &s, &e) != HINGE_OK) {
    fprintf(stderr, "bench_stream: %s\n", e.message);
    exit(1);
  }
  *mem0 = hinge_stream_memory(s);
  t0 = now();
  for (i = 0; i < r->n; i += chunk) {
    size_t m = i + chunk <= r->n ? chunk : r->n - i;
    if (hinge_stream_push(s, r->t + i, r->v + 3 * i, m, &e) != HINGE_OK) {
      fprintf(stderr, "bench_stream: %s\n", e.message);
      exit(1);
    }
  }
  hinge_stream_finish(s, NULL);
  t0 = now() - t0;
  *mem1 = hinge_stream_memory(s);
  hinge_stream_destroy(s);
  return t0;
}

static double offline(const rec *r) {
  hinge_analyze_input in;
  hinge_analysis *a = NULL;
  double *ch[3], t0, best = INFINITY;
  size_t i;
  int c, run;
  for (c = 0; c < 3; c++) {
    ch[c] = malloc(r->n * sizeof(double));
    for (i = 0; i < r->n; i++) ch[c][i] = r->v[3 * i + c];
  }
  memset(&in, 0, sizeof in);
  in.n = r->n;
  in.time_s = r->t;
  in.hip = ch[0];
  in.thoracic = ch[1];
  in.lumbar = ch[2];
  for (run = 0; run < RUNS; run++) {
    t0 = now();
    if (hinge_analyze_arrays(&in, NULL, NULL, &a, NULL) != HINGE_OK) exit(1);
    t0 = now() - t0;
    best = t0 < best ? t0 : best;
    hinge_analysis_destroy(a);
  }
  for (c = 0; c < 3; c++) free(ch[c]);
  return best;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The truth's crossing of the lumbar threshold in rep k of the set that
 * starts at offset (NaN when none). */
static double crossing(int k, double offset, double thr) {
  double t, base[3], v[3];
  synth_at(&spec, one.liftoff[k] + 1e-9, base);
  for (t = one.liftoff[k]; t <= one.lockout[k]; t += 0.0005) {
    synth_at(&spec, t, v);
    if (v[2] - base[2] >= thr) return t + offset;
  }
  return NAN;
}

static void latency(const rec *r, const alerts *al) {
  double *lat = malloc((al->n + 1) * sizeof *lat);
  size_t i, m = 0, before = 0;
  for (i = 0; i < al->n; i++) {
    int rep = al->rep[i] - 1, set = rep / 5, k = rep % 5;
    double cross = crossing(k, set * r->set_s, 5);
    if (isnan(cross)) continue;
    lat[m++] = al->emitted[i] - cross;
    before += al->emitted[i] < one.lockout[k] + set * r->set_s;
  }
  qsort(lat, m, sizeof *lat, cmp);
  if (m > 0)
    printf("alert latency (crossing to alert): min %.3f s, median %.3f s, max %.3f s over %zu "
           "alerts; %zu raised before their rep's lockout\n", lat[0], lat[m / 2], lat[m - 1], m,
           before);
  free(lat);
}

int main(int argc, char **argv) {
  double fs = argc > 1 ? atof(argv[1]) : 1000, minutes = argc > 2 ? atof(argv[2]) : 10;
  size_t chunks[2] = {1, 1000}, mem0 = 0, mem1 = 0;
  rec r;
  int c, run;
  alerts *al = calloc(1, sizeof *al);
  make(fs, minutes, &r);
  printf("== live analysis: %zu samples (%.1f min at %g Hz, %zu sets of 5 reps), 3 channels\n",
         r.n, (double)r.n / fs / 60, fs, r.sets);
  for (c = 0; c < 2; c++) {
    double best = INFINITY;
    for (run = 0; run < RUNS; run++) {
      double t;
      memset(al, 0, sizeof *al);
      t = pass(&r, fs, chunks[c], al, &mem0, &mem1);
      best = t < best ? t : best;
    }
    printf("hinge_stream_push, %4zu sample%s a call: %7.2f M samples/s (%zu reps)\n", chunks[c],
           chunks[c] == 1 ? " " : "s", (double)r.n / best / 1e6, al->reps);
  }
  printf("hinge_analyze_arrays (offline), whole recording: %7.2f M samples/s\n",
         (double)r.n / offline(&r) / 1e6);
  latency(&r, al);
  printf("memory held by the stream: %zu bytes after create, %zu at the end\n", mem0, mem1);
  free(r.t);
  free(r.v);
  free(al);
  synth_free(&one);
  return 0;
}
