/* Unit tests for the analysis's conditioning (analyze_condition.c) under
 * stress: the prescreened despiking, gap filling and the multi-channel
 * low-pass must give exactly what the library calls give on the whole
 * trace, also when noise and spikes sit near the despiking threshold
 * (where the block screen fails often) and at other rates and windows. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lift/analyze_internal.h"
#include "hinge/hinge.h"
#include "synth.h"

static unsigned seed = 99;

static double uniform(void) {
  seed = seed * 1103515245u + 12345u;
  return (double)(seed >> 8 & 0xffffff) / 16777216.0;
}

/* The synthetic trace at fs with noise of the given amplitude, spikes of
 * spike degrees (either sign, some in bursts) and dropouts; with edges,
 * also missing samples at both ends, a gap too long to fill and a few
 * infinities. */
static void make(synth *x, double fs, double noise, double spike, int edges) {
  synth_spec s;
  size_t i;
  int ch;
  synth_default(&s);
  s.fs = fs;
  s.reps = 3;
  synth_make(&s, x);
  for (i = 0; i < x->n; i++) {
    for (ch = 0; ch < 3; ch++) {
      double u = uniform();
      x->ch[ch][i] += (uniform() - 0.5) * noise;
      if (u < 0.01) x->ch[ch][i] += uniform() < 0.5 ? spike : -spike;
      else if (u < 0.012 && i + 2 < x->n) x->ch[ch][i] = x->ch[ch][i + 1] = x->ch[ch][i + 2] = NAN;
    }
  }
  for (ch = 0; edges && ch < 3; ch++) {
    for (i = 0; i < 4 + (size_t)ch; i++) x->ch[ch][i] = x->ch[ch][x->n - 1 - i] = NAN;
    for (i = x->n / 2; i < x->n / 2 + 40; i++) x->ch[ch][i] = NAN;
    if (edges > 1 && ch == 1) x->ch[ch][x->n / 3] = INFINITY;
    if (edges > 1 && ch == 2) x->ch[ch][x->n / 4] = -INFINITY;
  }
}

static void check_edges(double fs, double noise, double spike, double half_window_s, int edges) {
  synth x;
  hinge_analyze_input in;
  hinge_analyze_config c;
  hinge__trace tr;
  hinge__strlist p = {NULL, 0, 0}, w = {NULL, 0, 0};
  hinge_hampel_opts o;
  hinge_lowpass_opts lp;
  size_t i, max_gap, hw;
  int ch;
  make(&x, fs, noise, spike, edges);
  memset(&in, 0, sizeof in);
  in.n = x.n;
  in.time_s = x.t;
  in.fs = fs;
  in.hip = x.ch[0];
  in.thoracic = x.ch[1];
  in.lumbar = x.ch[2];
  hinge_analyze_config_default(&c);
  c.despike_half_window_s = half_window_s;
  cr_assert_eq(hinge__condition(&in, &(hinge__stage){&c, NULL, &p, &w, NULL}, &tr), HINGE_OK);
  hinge_hampel_opts_init(&o, fs, NULL);
  hinge_seconds_to_samples(half_window_s, fs, &hw, NULL);
  o.half_window = hw ? hw : 1;
  o.k = c.despike_k;
  o.min_dev = c.despike_min_deg;
  hinge_seconds_to_samples(c.fill_max_gap_s, fs, &max_gap, NULL);
  hinge_lowpass_opts_init(&lp);
  lp.fs = fs;
  for (ch = 0; ch < 3; ch++) {
    double *y = malloc(x.n * sizeof *y);
    if (half_window_s > 0) hinge_despike(x.ch[ch], y, x.n, &o, NULL, NULL, NULL);
    else memcpy(y, x.ch[ch], x.n * sizeof *y); /* despiking off */
    hinge_fill_gaps(y, x.n, max_gap, HINGE_FILL_LINEAR, NULL, NULL);
    hinge_lowpass(y, y, x.n, &lp, NULL, NULL, NULL);
    for (i = 0; i < x.n; i++)
      cr_assert((isnan(y[i]) && isnan(tr.ch[ch][i])) || y[i] == tr.ch[ch][i],
                "fs %g noise %g spike %g: channel %d sample %zu: %.17g vs %.17g", fs, noise,
                spike, ch, i, tr.ch[ch][i], y[i]);
    free(y);
  }
  hinge__trace_free(&tr, NULL);
  hinge__strlist_free(&p, NULL);
  hinge__strlist_free(&w, NULL);
  synth_free(&x);
}

static void check(double fs, double noise, double spike, double half_window_s) {
  check_edges(fs, noise, spike, half_window_s, 0);
}

Test(analyze_despike, conditioning_should_equal_whole_trace_calls_near_the_threshold) {
  static const double noise[] = {0.2, 3, 6, 12};
  static const double spike[] = {4.5, 5.5, 8, 60};
  size_t a, b;
  for (a = 0; a < sizeof noise / sizeof *noise; a++)
    for (b = 0; b < sizeof spike / sizeof *spike; b++) check(100, noise[a], spike[b], 0.05);
}

Test(analyze_despike, conditioning_should_equal_whole_trace_calls_at_other_rates_and_windows) {
  check(50, 2, 6, 0.05);
  check(200, 2, 6, 0.05);
  check(100, 2, 6, 0.01);
  check(100, 2, 6, 0.2);
  check(1000, 1, 7, 0.05);
}

Test(analyze_despike, gaps_at_the_ends_long_gaps_and_infinities_should_match_too) {
  check_edges(100, 1, 8, 0.05, 1);
  check_edges(100, 1, 8, 0.05, 2);
  check_edges(50, 3, 6, 0.1, 1);
  check_edges(100, 1, 8, 0, 1); /* despiking off: no screen, no gap notes */
}
