/* Unit tests for the multi-channel low-pass (hinge__lowpass_channels in
 * filter.c, hinge__sosfiltfilt_lanes in sosfilt.c): every channel comes
 * out bit for bit as hinge_lowpass makes it alone. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/filter_internal.h"
#include "hinge/hinge.h"

/* hinge__lowpass_channels with the channel set spelled out. */
static int lowpass_channels(double *const *ch, size_t nch, size_t n, const hinge_lowpass_opts *o,
                            const hinge__spans *gaps, hinge_filter_report *reps,
                            const hinge_allocator *alloc, hinge_error *err) {
  hinge__channels cs;
  cs.ch = ch;
  cs.nch = nch;
  cs.n = n;
  cs.gaps = gaps;
  cs.reps = reps;
  return hinge__lowpass_channels(&cs, o, alloc, err);
}

#define NCH 6

static unsigned seed = 12345;

static double uniform(void) {
  seed = seed * 1103515245u + 12345u;
  return (double)(seed >> 8 & 0xffffff) / 16777216.0;
}

/* A random walk with NaN gaps, infinities and short runs. */
static void make(double *x, size_t n, int holes) {
  size_t i;
  double v = 10 * uniform();
  for (i = 0; i < n; i++) {
    v += uniform() - 0.5;
    x[i] = v;
    if (holes && uniform() < 0.004) {
      size_t k, len = 1 + (size_t)(uniform() * 30);
      for (k = 0; k < len && i + k < n; k++) x[i + k] = uniform() < 0.1 ? INFINITY : NAN;
      i += len;
    }
  }
}

static void same_bits(const double *a, const double *b, size_t n, int ch) {
  size_t i;
  for (i = 0; i < n; i++)
    cr_assert((isnan(a[i]) && isnan(b[i])) || memcmp(&a[i], &b[i], sizeof a[i]) == 0,
              "channel %d sample %zu: %.17g vs %.17g", ch, i, a[i], b[i]);
}

/* nch channels of n samples (some NULL), both ways, compared. */
static void compare(size_t n, int nch, int order, double cutoff, int holes, unsigned null_mask) {
  double *mine[NCH], *ref[NCH];
  hinge_filter_report rm[NCH], rr;
  hinge_lowpass_opts o;
  hinge_error e;
  int c;
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  o.order = order;
  o.cutoff_hz = cutoff;
  for (c = 0; c < nch; c++) {
    mine[c] = ref[c] = NULL;
    if (null_mask & (1u << c)) continue;
    mine[c] = malloc(n * sizeof(double));
    ref[c] = malloc(n * sizeof(double));
    make(mine[c], n, holes);
    memcpy(ref[c], mine[c], n * sizeof(double));
  }
  cr_assert_eq(lowpass_channels(mine, (size_t)nch, n, &o, NULL, rm, NULL, &e), HINGE_OK, "%s",
               e.message);
  for (c = 0; c < nch; c++) {
    if (ref[c] == NULL) continue;
    cr_assert_eq(hinge_lowpass(ref[c], ref[c], n, &o, &rr, NULL, &e), HINGE_OK, "%s", e.message);
    same_bits(mine[c], ref[c], n, c);
    cr_assert_eq(memcmp(&rm[c], &rr, sizeof rr), 0, "report of channel %d", c);
    free(mine[c]);
    free(ref[c]);
  }
}

Test(lowpass_channels, every_channel_should_equal_a_lone_lowpass_bit_for_bit) {
  int order, nch;
  for (order = 1; order <= 8; order++)
    for (nch = 1; nch <= NCH; nch++) compare(3000 + 37 * (size_t)nch, nch, order, 6, 0, 0);
}

Test(lowpass_channels, gaps_infinities_and_short_runs_should_match_too) {
  int order, nch;
  for (order = 1; order <= 8; order += 3)
    for (nch = 1; nch <= NCH; nch++) compare(20000, nch, order, 4, 1, 0);
}

Test(lowpass_channels, absent_channels_should_be_skipped) {
  compare(5000, 4, 2, 6, 1, 0x5u);
  compare(5000, 4, 2, 6, 0, 0xEu);
  compare(5000, 3, 2, 6, 0, 0x7u);
}

Test(lowpass_channels, a_too_short_channel_should_fail_as_hinge_lowpass) {
  double a[200], b[200], *ch[2] = {a, b};
  hinge_lowpass_opts o;
  hinge_error e1, e2;
  size_t i;
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  for (i = 0; i < 200; i++) a[i] = b[i] = (double)i;
  for (i = 3; i < 200; i += 4) b[i] = NAN; /* runs of three */
  cr_assert_eq(lowpass_channels(ch, 2, 200, &o, NULL, NULL, NULL, &e1), HINGE_ETOOSHORT);
  for (i = 0; i < 200; i++) b[i] = i % 4 == 3 ? NAN : (double)i;
  cr_assert_eq(hinge_lowpass(b, b, 200, &o, NULL, NULL, &e2), HINGE_ETOOSHORT);
  cr_assert_str_eq(e1.message, e2.message);
}

Test(lowpass_channels, a_causal_filter_should_go_channel_by_channel_with_the_same_result) {
  double x[3][4000], y[3][4000], *ch[3] = {x[0], x[1], x[2]};
  hinge_lowpass_opts o;
  int c;
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  o.zero_phase = 0;
  for (c = 0; c < 3; c++) {
    make(x[c], 4000, 1);
    memcpy(y[c], x[c], sizeof y[c]);
  }
  cr_assert_eq(lowpass_channels(ch, 3, 4000, &o, NULL, NULL, NULL, NULL), HINGE_OK);
  for (c = 0; c < 3; c++) {
    cr_assert_eq(hinge_lowpass(y[c], y[c], 4000, &o, NULL, NULL, NULL), HINGE_OK);
    same_bits(x[c], y[c], 4000, c);
  }
}

/* Gaps noted beforehand (hinge__spans) instead of searched: the same. */
Test(lowpass_channels, known_gaps_should_give_what_the_search_gives) {
  enum { N = 20000, C = 3 };
  double *x[C], *y[C];
  hinge__spans g[C];
  hinge_filter_report r1[C], r2[C];
  hinge_lowpass_opts o;
  size_t i;
  int c, t;
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  for (t = 0; t < 4; t++) {
    for (c = 0; c < C; c++) {
      x[c] = malloc(N * sizeof(double));
      y[c] = malloc(N * sizeof(double));
      make(x[c], N, 1);
      memset(&g[c], 0, sizeof g[c]);
      g[c].known = 1;
      for (i = 0; i < N; i++) {
        if (isinf(x[c][i]) || (t == 1 && i < 7) || (t == 2 && i >= N - 3)) x[c][i] = NAN;
        if (t == 3 && i % 5 < 2) x[c][i] = NAN; /* every run too short */
        if (isnan(x[c][i])) hinge__spans_note(&g[c], i, NULL);
      }
      memcpy(y[c], x[c], N * sizeof(double));
    }
    if (t == 3) {
      hinge_error e1, e2;
      cr_assert_eq(lowpass_channels(x, C, N, &o, g, r1, NULL, &e1), HINGE_ETOOSHORT);
      cr_assert_eq(lowpass_channels(y, C, N, &o, NULL, r2, NULL, &e2), HINGE_ETOOSHORT);
      cr_assert_str_eq(e1.message, e2.message);
    } else {
      cr_assert_eq(lowpass_channels(x, C, N, &o, g, r1, NULL, NULL), HINGE_OK);
      cr_assert_eq(lowpass_channels(y, C, N, &o, NULL, r2, NULL, NULL), HINGE_OK);
      for (c = 0; c < C; c++) {
        same_bits(x[c], y[c], N, c);
        cr_assert_eq(memcmp(&r1[c], &r2[c], sizeof r1[c]), 0);
      }
    }
    for (c = 0; c < C; c++) {
      hinge__spans_free(&g[c], NULL);
      free(x[c]);
      free(y[c]);
    }
  }
}
