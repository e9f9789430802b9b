/* Unit tests for time gaps in the analysis (analyze_condition.c): the
 * resampled trace never bridges a gap longer than fill_max_gap_s, its
 * length is bounded by the input's (HINGE__GRID_FACTOR, _EXTRA), and
 * everything that needs no trace is checked before the trace is made.
 * Memory is watched through a capped allocator that records its peak:
 * a regression fails on the cap (ENOMEM) instead of eating the machine. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lift/analyze_internal.h"
#include "hinge/hinge.h"
#include "synth.h"

static synth x;
static hinge_analysis *an;

static void teardown(void) {
  hinge_analysis_destroy(an);
  an = NULL;
  synth_free(&x);
}

TestSuite(analyze_gaps, .fini = teardown, .timeout = 20);

/* Counts live bytes, remembers the peak, and refuses to go over cap. */
typedef struct capped {
  size_t live, peak, cap;
  long refused;
} capped;

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  capped *c = ud;
  if (nsize == 0) {
    if (ptr != NULL) c->live -= osize;
    free(ptr);
    return NULL;
  }
  if (nsize > osize && c->live + (nsize - osize) > c->cap) {
    c->refused++;
    return NULL;
  }
  ptr = realloc(ptr, nsize);
  if (ptr == NULL) return NULL;
  c->live = c->live - osize + nsize;
  if (c->live > c->peak) c->peak = c->live;
  return ptr;
}

/* The default 3-rep session at 100 Hz (2281 samples, 22.8 s). */
static hinge_analyze_input session(double fs) {
  synth_spec s;
  hinge_analyze_input in;
  synth_default(&s);
  synth_make(&s, &x);
  memset(&in, 0, sizeof in);
  in.n = x.n;
  in.time_s = x.t;
  in.fs = fs;
  in.hip = x.ch[0];
  in.thoracic = x.ch[1];
  in.lumbar = x.ch[2];
  in.file = "gaps.csv";
  return in;
}

/* The input's own size: time and three channels. */
static size_t input_bytes(const hinge_analyze_input *in) { return in->n * 4 * sizeof(double); }

/* Shift every time from sample i on by dt: a pause of dt in the recording. */
static void pause_at(size_t i, double dt) {
  for (; i < x.n; i++) x.t[i] += dt;
}

static int analyze_capped(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                          capped *c, hinge_error *e) {
  hinge_allocator a = {capped_alloc, c};
  int rc = hinge_analyze_arrays(in, cfg, &a, &an, e);
  hinge_analysis_destroy(an);
  an = NULL;
  cr_assert_eq(c->live, 0, "everything allocated should come back");
  return rc;
}

Test(analyze_gaps, a_last_timestamp_1e6_or_1e7_s_late_should_be_refused_in_a_small_multiple_of_the_input) {
  double lates[] = {1e6, 1e7, 1e12};
  double rates[] = {0, 100};
  size_t i, r;
  for (r = 0; r < 2; r++)
    for (i = 0; i < 3; i++) {
      hinge_analyze_input in = session(rates[r]);
      size_t bytes = input_bytes(&in);
      capped c = {0, 0, 64 * bytes, 0};
      hinge_error e;
      char want[96];
      x.t[x.n - 1] = lates[i];
      cr_assert_eq(analyze_capped(&in, NULL, &c, &e), HINGE_ELIMIT, "%s", e.message);
      cr_assert_eq(c.refused, 0, "nothing should try to go over the cap");
      /* The refusal comes before the trace: only the median step's copy. */
      cr_assert_leq(c.peak, bytes, "peak %zu bytes for %zu of input", c.peak, bytes);
      snprintf(want, sizeof want, "the time jumps from 22.79 s to %.10g s at sample 2281", lates[i]);
      cr_assert_not_null(strstr(e.message, want), "%s", e.message);
      cr_assert_not_null(strstr(e.message, "split the recording there"), "%s", e.message);
      cr_assert_str_eq(e.file, "gaps.csv");
      synth_free(&x);
    }
}

Test(analyze_gaps, a_pause_between_reps_should_be_analysed_as_missing_samples_in_bounded_memory) {
  hinge_analyze_input in = session(0);
  size_t n = x.n, grid;
  capped c = {0, 0, 0, 0};
  hinge_allocator a = {capped_alloc, &c};
  const hinge_rep *r;
  pause_at(750, 120); /* two minutes at the top after the first rep */
  grid = n + 12000;
  c.cap = 8 * grid * sizeof(double);
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, &a, &an, NULL), HINGE_OK);
  cr_assert_eq(hinge_analysis_samples(an), grid);
  cr_assert_eq(hinge_analysis_rep_count(an), 3);
  r = hinge_analysis_reps(an);
  cr_assert(fabs(r[0].liftoff_s - x.liftoff[0]) < 0.4, "%g", r[0].liftoff_s);
  cr_assert(fabs(r[1].liftoff_s - (x.liftoff[1] + 120)) < 0.4, "times after the pause: %g",
            r[1].liftoff_s);
  cr_assert_eq(hinge_analysis_warning_count(an), 1);
  cr_assert_str_eq(hinge_analysis_warning(an, 0), "1 time gap longer than 0.25 s left as missing "
                   "samples, not interpolated (the longest: 120.01 s after 7.49 s)");
  cr_assert_eq(c.refused, 0);
  cr_assert_leq(c.peak, 5 * grid * sizeof(double), "peak %zu bytes for a %zu-sample trace",
                c.peak, grid);
  cr_assert_gt(c.peak, 3 * (grid - n) * sizeof(double), "the pause is kept, not dropped");
}

Test(analyze_gaps, the_limit_should_be_16_samples_per_sample_plus_2_to_the_18) {
  hinge_analyze_input in = session(128);
  size_t n = x.n, limit = HINGE__GRID_FACTOR * n + HINGE__GRID_EXTRA, i;
  hinge_error e;
  cr_assert_eq(HINGE__GRID_FACTOR, 16);
  cr_assert_eq(HINGE__GRID_EXTRA, 1 << 18);
  /* Times in 1/128 s are exact: the grid length is exactly what is meant. */
  for (i = 0; i < n; i++) x.t[i] = (double)i / 128;
  /* Samples 1500.. moved so that the grid is exactly the limit long. */
  pause_at(1500, (double)(limit - n) / 128);
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_analysis_samples(an), limit);
  hinge_analysis_destroy(an);
  an = NULL;
  pause_at(1500, 1.0 / 128);
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, &e), HINGE_ELIMIT);
  cr_assert_not_null(strstr(e.message, "at sample 1501"), "%s", e.message);
  cr_assert_null(an);
}

Test(analyze_gaps, checks_that_need_no_trace_should_come_before_it) {
  hinge_analyze_input in = session(0);
  hinge_analyze_config cfg;
  capped c = {0, 0, 0, 0};
  hinge_error e;
  c.cap = 2 * input_bytes(&in);
  x.t[x.n - 1] = 1e7;
  hinge_analyze_config_default(&cfg);
  cfg.lowpass_hz = 60; /* above fs/2 at 100 Hz */
  cr_assert_eq(analyze_capped(&in, &cfg, &c, &e), HINGE_EINVAL);
  cr_assert_not_null(strstr(e.message, "below fs/2 = 50 Hz"), "%s", e.message);
  x.t[100] = x.t[98]; /* time going back, and still the late last sample */
  cr_assert_eq(analyze_capped(&in, NULL, &c, &e), HINGE_EINVAL);
  cr_assert_not_null(strstr(e.message, "time does not increase at sample 101"), "%s", e.message);
  cr_assert_eq(c.refused, 0);
  cr_assert_leq(c.peak, input_bytes(&in));
}

Test(analyze_gaps, upsampling_through_a_given_rate_should_be_bounded_too) {
  hinge_analyze_input in = session(20000); /* 100 Hz timestamps */
  capped c = {0, 0, 0, 0};
  hinge_error e;
  c.cap = 2 * input_bytes(&in);
  cr_assert_eq(analyze_capped(&in, NULL, &c, &e), HINGE_ELIMIT);
  cr_assert_not_null(strstr(e.message, "resampling 2281 samples to 20000 Hz would make a trace "
                                       "of 456001 samples"), "%s", e.message);
  cr_assert_not_null(strstr(e.message, "far above the timestamps' own"), "%s", e.message);
  cr_assert_eq(c.refused, 0);
}

Test(analyze_gaps, calibration_should_be_bounded_too) {
  hinge_analyze_input in = session(0);
  hinge_analyze_config cfg;
  capped c = {0, 0, 0, 0};
  hinge_allocator a = {capped_alloc, &c};
  hinge_error e;
  c.cap = 2 * input_bytes(&in);
  x.t[x.n - 1] = 1e6;
  hinge_analyze_config_default(&cfg);
  cr_assert_eq(hinge_analyze_calibrate(&in, 0, &cfg, &a, &e), HINGE_ELIMIT, "%s", e.message);
  cr_assert_eq(hinge_analyze_calibrate(&in, 1, &cfg, &a, &e), HINGE_ELIMIT, "%s", e.message);
  cr_assert_eq(c.refused, 0);
  cr_assert_eq(c.live, 0);
}

/* The trace after conditioning, for a look at single samples. */
static void condition(const hinge_analyze_input *in, hinge__trace *tr) {
  hinge__strlist p = {NULL, 0, 0}, w = {NULL, 0, 0};
  hinge_analyze_config cfg;
  hinge_error e;
  hinge_analyze_config_default(&cfg);
  cr_assert_eq(hinge__condition(in, &(hinge__stage){&cfg, NULL, &p, &w, &e}, tr), HINGE_OK, "%s", e.message);
  hinge__strlist_free(&p, NULL);
  hinge__strlist_free(&w, NULL);
}

Test(analyze_gaps, a_gap_up_to_the_fill_limit_should_be_bridged_and_a_longer_one_never) {
  hinge_analyze_input in = session(100);
  hinge__trace tr;
  size_t k;
  pause_at(500, 0.19);  /* a step of 0.20 s: bridged */
  pause_at(1500, 0.49); /* a step of 0.50 s: kept missing */
  condition(&in, &tr);
  cr_assert_eq(tr.n, x.n + 19 + 49);
  for (k = 499; k <= 520; k++)
    cr_assert(!isnan(tr.ch[HINGE__CH_HIP][k]), "hip[%zu] inside a 0.2 s gap", k);
  for (k = 1499 + 19 + 1; k < 1499 + 19 + 50; k++)
    cr_assert(isnan(tr.ch[HINGE__CH_HIP][k]), "hip[%zu] = %g inside a 0.5 s gap", k,
              tr.ch[HINGE__CH_HIP][k]);
  cr_assert(!isnan(tr.ch[HINGE__CH_HIP][1499 + 19]) && !isnan(tr.ch[HINGE__CH_HIP][1499 + 19 + 50]));
  hinge__trace_free(&tr, NULL);
}

/* The same refusal through a loaded table, in place (what `hinge
 * analyze` runs). */
Test(analyze_gaps, a_loaded_session_with_a_stray_timestamp_should_be_refused_in_place) {
  const char *rows = "0.00,1.2,38,-21.5\n0.01,1.3,38.1,-21.4\n0.02,1.2,38,-21.5\n";
  char text[512];
  hinge_table *t;
  capped c = {0, 0, 1 << 16, 0};
  hinge_allocator a = {capped_alloc, &c};
  hinge_error e;
  snprintf(text, sizeof text, "time_s,hip_deg,thoracic_deg,lumbar_deg\n%s%s1e7,1.2,38,-21.5\n",
           rows, "0.03,1.2,38,-21.5\n");
  cr_assert_eq(hinge_table_load_buffer("late.csv", text, strlen(text), NULL, &t, &e), HINGE_OK,
               "%s", e.message);
  cr_assert_eq(hinge_analyze_inplace(t, NULL, &a, &an, &e), HINGE_ELIMIT, "%s", e.message);
  cr_assert_not_null(strstr(e.message, "from 0.03 s to 10000000 s at sample 5"), "%s", e.message);
  cr_assert_str_eq(e.file, "late.csv");
  cr_assert_eq(c.live, 0);
  hinge_table_destroy(t);
}
