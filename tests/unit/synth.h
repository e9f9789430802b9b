/* synth.h -- a small synthetic deadlift trace for the analysis unit tests
 * (the full generator with glitches and export styles is
 * tests/gen/session_model.lua).  Header-only; tests only.
 *
 * Phases in seconds; angles relative to standing; minimum-jerk moves. */
#ifndef HINGE_TEST_SYNTH_H
#define HINGE_TEST_SYNTH_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SYNTH_MAX_REPS 64

typedef struct synth_spec {
  double fs;
  int reps;
  double stand_s;       /* quiet standing first */
  double descent_s, pause_s, pull_s, hold_s, lower_s;
  double hip_bottom;    /* relative hip flexion at the bottom */
  double th_setup, lu_setup;
  double th_round[SYNTH_MAX_REPS], lu_round[SYNTH_MAX_REPS]; /* rounding per rep */
  int finish_standing;  /* lower the bar then stand up at the end */
  double neutral[4];    /* hip, thoracic, lumbar, trunk */
} synth_spec;

typedef struct synth {
  size_t n;
  double *t, *ch[4];
  double liftoff[SYNTH_MAX_REPS], lockout[SYNTH_MAX_REPS], start[SYNTH_MAX_REPS];
  int reps;
} synth;

static inline double synth_mj(double u) {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * u * (10 + u * (-15 + 6 * u));
}

static inline void synth_default(synth_spec *s) {
  memset(s, 0, sizeof *s);
  s->fs = 100;
  s->reps = 3;
  s->stand_s = 3;
  s->descent_s = 1.5;
  s->pause_s = 1.0;
  s->pull_s = 1.6;
  s->hold_s = 0.8;
  s->lower_s = 1.2;
  s->hip_bottom = 80;
  s->th_setup = 10;
  s->lu_setup = 14;
  s->finish_standing = 1;
  s->neutral[0] = 1.2;
  s->neutral[1] = 38;
  s->neutral[2] = -21.5;
  s->neutral[3] = 4;
}

/* Relative hip, thoracic, lumbar at time t. */
static inline void synth_at(const synth_spec *s, double t, double out[3]) {
  double t0 = s->stand_s, hip = 0, th = 0, lu = 0;
  int k;
  out[0] = out[1] = out[2] = 0;
  if (t < t0) return;
  for (k = 0; k < s->reps; k++) {
    double d = k == 0 ? s->descent_s : s->lower_s;
    double u;
    if (t < t0 + d) {
      u = synth_mj((t - t0) / d);
      out[0] = hip + (s->hip_bottom - hip) * u;
      out[1] = th + (s->th_setup - th) * u;
      out[2] = lu + (s->lu_setup - lu) * u;
      return;
    }
    t0 += d;
    if (t < t0 + s->pause_s) {
      out[0] = s->hip_bottom;
      out[1] = s->th_setup;
      out[2] = s->lu_setup;
      return;
    }
    t0 += s->pause_s;
    if (t < t0 + s->pull_s) {
      double v = (t - t0) / s->pull_s, base = 1 - synth_mj((v - 0.35) / 0.65);
      double bump = v < 0.45 ? synth_mj(v / 0.45) : 1 - synth_mj((v - 0.45) / 0.55);
      out[0] = s->hip_bottom * (1 - synth_mj(v));
      out[1] = s->th_setup * base + s->th_round[k] * bump;
      out[2] = s->lu_setup * base + s->lu_round[k] * bump;
      return;
    }
    t0 += s->pull_s;
    if (t < t0 + s->hold_s) return;
    t0 += s->hold_s;
    hip = th = lu = 0;
  }
  if (!s->finish_standing) return;
  {
    /* Lower the bar, let go, stand up: the spine moves with the hip. */
    double u;
    if (t < t0 + s->lower_s) u = synth_mj((t - t0) / s->lower_s);
    else if (t < t0 + s->lower_s + 0.5) u = 1;
    else u = 1 - synth_mj((t - t0 - s->lower_s - 0.5) / 1.0);
    out[0] = s->hip_bottom * u;
    out[1] = s->th_setup * u;
    out[2] = s->lu_setup * u;
  }
}

/* Sample the spec (plus 3 s at the end) into x (free with synth_free). */
static inline void synth_make(const synth_spec *s, synth *x) {
  double dur = s->stand_s + s->descent_s + (s->reps - 1) * s->lower_s +
               s->reps * (s->pause_s + s->pull_s + s->hold_s) + 3 +
               (s->finish_standing ? s->lower_s + 1.5 : 0);
  size_t i;
  int c, k;
  double t0 = s->stand_s;
  memset(x, 0, sizeof *x);
  x->n = (size_t)(dur * s->fs) + 1;
  x->t = malloc(x->n * sizeof *x->t);
  for (c = 0; c < 4; c++) x->ch[c] = malloc(x->n * sizeof(double));
  for (i = 0; i < x->n; i++) {
    double v[3];
    x->t[i] = (double)i / s->fs;
    synth_at(s, x->t[i], v);
    x->ch[0][i] = v[0] + s->neutral[0];
    x->ch[1][i] = v[1] + s->neutral[1];
    x->ch[2][i] = v[2] + s->neutral[2];
    x->ch[3][i] = 0.6 * v[0] + 0.3 * (v[1] + v[2]) + s->neutral[3];
  }
  for (k = 0; k < s->reps; k++) {
    x->start[k] = t0;
    t0 += (k == 0 ? s->descent_s : s->lower_s) + s->pause_s;
    x->liftoff[k] = t0;
    t0 += s->pull_s;
    x->lockout[k] = t0;
    t0 += s->hold_s;
  }
  x->reps = s->reps;
}

static inline void synth_free(synth *x) {
  int c;
  free(x->t);
  for (c = 0; c < 4; c++) free(x->ch[c]);
  memset(x, 0, sizeof *x);
}

#endif
