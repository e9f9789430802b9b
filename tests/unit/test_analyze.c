/* Unit tests for analyze.c, calibrate.c, metrics.c and analyze_summary.c:
 * hinge_analyze_arrays on synthetic traces with known truth. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
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

TestSuite(analyze, .fini = teardown);

static hinge_analyze_input input_of(const synth *s, double fs) {
  hinge_analyze_input in;
  memset(&in, 0, sizeof in);
  in.n = s->n;
  in.time_s = s->t;
  in.fs = fs;
  in.hip = s->ch[0];
  in.thoracic = s->ch[1];
  in.lumbar = s->ch[2];
  in.file = "synthetic.csv";
  in.athlete = "ana";
  in.date = "2026-03-02";
  return in;
}

static void analyze_spec(const synth_spec *s, const hinge_analyze_config *cfg) {
  hinge_analyze_input in;
  hinge_error e;
  synth_make(s, &x);
  in = input_of(&x, 0);
  cr_assert_eq(hinge_analyze_arrays(&in, cfg, NULL, &an, &e), HINGE_OK, "%s", e.message);
}

Test(analyze, rounding_flags_and_verdicts_should_follow_the_truth) {
  synth_spec s;
  const hinge_rep *r;
  synth_default(&s);
  s.reps = 4;
  s.lu_round[1] = 9;  /* stop */
  s.th_round[2] = 7;  /* caution */
  s.th_round[3] = 13; /* fix */
  analyze_spec(&s, NULL);
  cr_assert_eq(hinge_analysis_rep_count(an), 4);
  r = hinge_analysis_reps(an);
  cr_assert_eq(r[0].verdict, HINGE_FORM_OK);
  cr_assert_eq(r[0].flags, 0);
  cr_assert_eq(r[1].verdict, HINGE_FORM_STOP);
  cr_assert_eq(r[1].flags, HINGE_REP_LUMBAR_ROUNDING);
  cr_assert_eq(r[2].verdict, HINGE_FORM_CAUTION);
  cr_assert_eq(r[2].flags, HINGE_REP_UPPER_BACK_ROUNDING);
  cr_assert_eq(r[3].verdict, HINGE_FORM_FIX);
  cr_assert(fabs(r[1].lumbar.rounding_deg - 9) < 1, "lumbar rounding %g", r[1].lumbar.rounding_deg);
  cr_assert(fabs(r[2].thoracic.rounding_deg - 7) < 1);
  cr_assert(fabs(r[0].lumbar.rounding_deg) < 0.5);
  cr_assert_eq(hinge_analysis_set(an)->verdict, HINGE_FORM_STOP);
}

Test(analyze, angles_should_be_relative_to_the_standing_median) {
  synth_spec s;
  const hinge_standing *st;
  const hinge_rep *r;
  synth_default(&s);
  analyze_spec(&s, NULL);
  st = hinge_analysis_standing(an);
  cr_assert_eq(st->source, HINGE_NEUTRAL_STANDING);
  cr_assert(fabs(st->hip_deg - 1.2) < 0.05 && fabs(st->thoracic_deg - 38) < 0.05 &&
            fabs(st->lumbar_deg + 21.5) < 0.05);
  cr_assert(isnan(st->trunk_deg));
  cr_assert(st->duration_s > 2.5);
  r = hinge_analysis_reps(an);
  cr_assert(fabs(r[0].hip_setup_deg - 80) < 1, "hip setup %g", r[0].hip_setup_deg);
  cr_assert(fabs(r[0].thoracic.start_deg - 10) < 0.5);
  cr_assert(fabs(r[0].lumbar.start_deg - 14) < 0.5);
  cr_assert(isnan(r[0].trunk_setup_deg));
  cr_assert(fabs(r[0].pull_duration_s - 1.6) < 0.2);
  cr_assert(r[0].peak_extension_velocity_deg_s > 50);
}

Test(analyze, given_neutral_values_should_be_used) {
  synth_spec s;
  hinge_analyze_config c;
  synth_default(&s);
  hinge_analyze_config_default(&c);
  c.neutral_hip_deg = 0;
  c.neutral_thoracic_deg = 30;
  c.neutral_lumbar_deg = -20;
  analyze_spec(&s, &c);
  cr_assert_eq(hinge_analysis_standing(an)->source, HINGE_NEUTRAL_GIVEN);
  cr_assert(fabs(hinge_analysis_reps(an)[0].thoracic.start_deg - 18) < 0.5);
}

Test(analyze, no_standing_before_the_first_rep_should_use_the_lockouts_and_warn) {
  synth_spec s;
  synth_default(&s);
  s.stand_s = 0.2;
  analyze_spec(&s, NULL);
  cr_assert_eq(hinge_analysis_standing(an)->source, HINGE_NEUTRAL_LOCKOUTS);
  cr_assert_geq(hinge_analysis_warning_count(an), 1);
  cr_assert(strstr(hinge_analysis_warning(an, 0), "lockouts") != NULL);
  cr_assert(fabs(hinge_analysis_standing(an)->lumbar_deg + 21.5) < 0.5);
}

Test(analyze, max_flexion_calibration_should_give_percentages) {
  synth_spec s;
  hinge_analyze_config c;
  const hinge_rep *r;
  synth_default(&s);
  hinge_analyze_config_default(&c);
  c.max_lumbar_deg = 40;
  analyze_spec(&s, &c);
  r = hinge_analysis_reps(an);
  cr_assert(fabs(r[0].lumbar.start_pct_max - 100 * r[0].lumbar.start_deg / 40) < 1e-9);
  cr_assert(isnan(r[0].thoracic.peak_pct_max));
}

Test(analyze, the_set_should_report_drift_consistency_and_fatigue) {
  synth_spec s;
  const hinge_set_summary *set;
  int k;
  synth_default(&s);
  s.reps = 5;
  for (k = 0; k < 5; k++) s.lu_round[k] = 1.5 * k; /* 0, 1.5, ..., 6: +1.5 deg/rep */
  analyze_spec(&s, NULL);
  set = hinge_analysis_set(an);
  cr_assert_eq(set->reps, 5);
  cr_assert(fabs(set->lumbar.drift_deg_per_rep - 1.5) < 0.3, "drift %g",
            set->lumbar.drift_deg_per_rep);
  cr_assert_eq(set->lumbar.trend, HINGE_TREND_INCREASING);
  cr_assert_eq(set->thoracic.trend, HINGE_TREND_STABLE);
  cr_assert(set->lumbar.setup_sd_deg < 0.5);
  cr_assert(!set->fatigue && fabs(set->pull_increase_pct) < 10);
  cr_assert(fabs(set->lumbar.change_deg - 6) < 1);
}

Test(analyze, the_summary_line_should_name_the_flagged_reps) {
  synth_spec s;
  char buf[256];
  int len;
  synth_default(&s);
  s.reps = 3;
  s.lu_round[2] = 10;
  analyze_spec(&s, NULL);
  len = hinge_analysis_summary(an, buf, sizeof buf);
  cr_assert_eq((size_t)len, strlen(buf));
  cr_assert(strstr(buf, "3 reps, stop: lumbar rounding on rep 3") == buf, "%s", buf);
  cr_assert_eq(hinge_analysis_summary(an, buf, 5), len, "truncation keeps the full length");
  cr_assert_str_eq(buf, "3 re");
}

Test(analyze, irregular_time_should_be_resampled_and_spikes_and_gaps_cleaned) {
  synth_spec s;
  hinge_analyze_input in;
  size_t i;
  int found = 0;
  synth_default(&s);
  s.reps = 3;
  synth_make(&s, &x);
  for (i = 1; i + 1 < x.n; i++) x.t[i] += (i % 3 == 0 ? 0.002 : -0.001); /* jitter */
  x.ch[0][700] += 70;                           /* a spike */
  for (i = 900; i < 915; i++) x.ch[2][i] = NAN;  /* a 0.15 s dropout */
  in = input_of(&x, 100);
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, NULL), HINGE_OK);
  cr_assert_eq(hinge_analysis_rep_count(an), 3);
  for (i = 0; i < hinge_analysis_processing_count(an); i++)
    found |= strstr(hinge_analysis_processing(an, i), "resample") != NULL;
  cr_assert(found, "resampling should be recorded");
  cr_assert(strstr(hinge_analysis_processing(an, 1), "despike") == hinge_analysis_processing(an, 1));
  cr_assert(strstr(hinge_analysis_processing(an, 2), "fill gaps") != NULL);
  cr_assert(strstr(hinge_analysis_processing(an, 3), "low-pass Butterworth N=2 6 Hz") != NULL);
}

Test(analyze, the_result_should_keep_the_metadata_and_segmentation_channel) {
  synth_spec s;
  synth_default(&s);
  analyze_spec(&s, NULL);
  cr_assert_str_eq(hinge_analysis_file(an), "synthetic.csv");
  cr_assert_str_eq(hinge_analysis_athlete(an), "ana");
  cr_assert_str_eq(hinge_analysis_date(an), "2026-03-02");
  cr_assert_str_eq(hinge_analysis_segmented_on(an), "hip");
  cr_assert_float_eq(hinge_analysis_sample_rate(an), 100, 1e-9);
  cr_assert_eq(hinge_analysis_samples(an), x.n);
  cr_assert_eq(hinge_analysis_config(an)->lowpass_hz, 6);
}

Test(analyze, without_hip_reps_should_be_found_on_trunk_then_on_the_spine) {
  synth_spec s;
  hinge_analyze_input in;
  synth_default(&s);
  s.reps = 3;
  synth_make(&s, &x);
  in = input_of(&x, 0);
  in.hip = NULL;
  in.trunk = x.ch[3];
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_analysis_segmented_on(an), "trunk");
  cr_assert_eq(hinge_analysis_rep_count(an), 3);
  cr_assert(isnan(hinge_analysis_reps(an)[0].hip_setup_deg));
  hinge_analysis_destroy(an);
  in.trunk = NULL;
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_analysis_segmented_on(an), "thoracic+lumbar");
  cr_assert_eq(hinge_analysis_rep_count(an), 3);
}

Test(analyze, bad_input_should_fail_with_a_clear_error) {
  hinge_analyze_input in;
  hinge_error e;
  double t[3] = {0, 0.01, 0.005}, h[3] = {1, 2, 3};
  memset(&in, 0, sizeof in);
  cr_assert_eq(hinge_analyze_arrays(NULL, NULL, NULL, &an, &e), HINGE_EINVAL);
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, NULL, &e), HINGE_EINVAL);
  in.file = "x.csv";
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, &e), HINGE_ESCHEMA);
  cr_assert_str_eq(e.file, "x.csv");
  in.hip = h;
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, &e), HINGE_ENODATA);
  in.n = 3;
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, &e), HINGE_EINVAL, "no time, no fs");
  in.time_s = t;
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "does not increase") != NULL, "%s", e.message);
  cr_assert_null(an);
}

Test(analyze, a_bad_config_should_be_refused) {
  synth_spec s;
  hinge_analyze_config c;
  hinge_analyze_input in;
  hinge_error e;
  synth_default(&s);
  synth_make(&s, &x);
  in = input_of(&x, 0);
  hinge_analyze_config_default(&c);
  c.lowpass_hz = 60; /* above Nyquist at 100 Hz */
  cr_assert_eq(hinge_analyze_arrays(&in, &c, NULL, &an, &e), HINGE_EINVAL);
  c.lowpass_hz = -1;
  cr_assert_eq(hinge_analyze_arrays(&in, &c, NULL, &an, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "lowpass_hz") != NULL);
}

Test(analyze, too_short_a_recording_should_be_etooshort) {
  double h[5] = {1, 2, 3, 4, 5};
  hinge_analyze_input in;
  memset(&in, 0, sizeof in);
  in.n = 5;
  in.fs = 100;
  in.hip = h;
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, NULL), HINGE_ETOOSHORT);
}

/* A counting allocator: everything allocated must come back. */
typedef struct counter {
  long live;
  size_t bytes;
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
  return ptr;
}

Test(analyze, memory_should_go_through_the_allocator_and_all_come_back) {
  synth_spec s;
  hinge_analyze_input in;
  counter c = {0, 0, -1};
  hinge_allocator a = {count_alloc, &c};
  synth_default(&s);
  synth_make(&s, &x);
  in = input_of(&x, 0);
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, &a, &an, NULL), HINGE_OK);
  cr_assert_gt(c.live, 0);
  hinge_analysis_destroy(an);
  an = NULL;
  cr_assert_eq(c.live, 0);
  cr_assert_eq(c.bytes, 0);
}

Test(analyze, every_allocation_failure_should_be_enomem_without_leaks) {
  synth_spec s;
  hinge_analyze_input in;
  long k;
  synth_default(&s);
  s.reps = 2;
  synth_make(&s, &x);
  in = input_of(&x, 0);
  for (k = 0; k < 400; k++) {
    counter c = {0, 0, k};
    hinge_allocator a = {count_alloc, &c};
    hinge_error e;
    int rc = hinge_analyze_arrays(&in, NULL, &a, &an, &e);
    if (rc == HINGE_OK) {
      hinge_analysis_destroy(an);
      an = NULL;
      cr_assert_eq(c.live, 0);
      return;
    }
    cr_assert_eq(rc, HINGE_ENOMEM, "failure %ld gave %d (%s)", k, rc, e.message);
    cr_assert_null(an);
    cr_assert_eq(c.live, 0, "leak after failure %ld", k);
  }
  cr_assert_fail("never succeeded");
}

Test(analyze, calibration_from_a_standing_trial_should_fill_the_neutral) {
  synth_spec s;
  hinge_analyze_config c;
  hinge_analyze_input in;
  synth_default(&s);
  s.reps = 0;
  s.finish_standing = 0;
  synth_make(&s, &x);
  in = input_of(&x, 0);
  hinge_analyze_config_default(&c);
  cr_assert_eq(hinge_analyze_calibrate(&in, 0, &c, NULL, NULL), HINGE_OK);
  cr_assert(fabs(c.neutral_thoracic_deg - 38) < 1e-6 && fabs(c.neutral_hip_deg - 1.2) < 1e-6);
  cr_assert(isnan(c.neutral_trunk_deg));
  /* A flexion trial: the lumbar channel reaches 20 deg above neutral, the
   * thoracic one 30. */
  {
    hinge_analyze_config before;
    hinge_error e;
    size_t i;
    for (i = 0; i < x.n; i++) x.ch[2][i] = -21.5 + 20 * sin(3.14159265358979 * (double)i / (double)x.n);
    /* The thoracic channel stays flat: no usable maximum, an error naming
     * it, and the config untouched (the lumbar one is not stored alone). */
    before = c;
    cr_assert_eq(hinge_analyze_calibrate(&in, 1, &c, NULL, &e), HINGE_ENODATA);
    cr_assert(strstr(e.message, "thoracic") != NULL, "%s", e.message);
    cr_assert(memcmp(&before, &c, sizeof c) == 0);
    for (i = 0; i < x.n; i++) x.ch[1][i] = 38 + 30 * sin(3.14159265358979 * (double)i / (double)x.n);
  }
  cr_assert_eq(hinge_analyze_calibrate(&in, 1, &c, NULL, NULL), HINGE_OK);
  cr_assert(fabs(c.max_lumbar_deg - 20) < 0.05, "max lumbar %g", c.max_lumbar_deg);
  cr_assert(fabs(c.max_thoracic_deg - 30) < 0.05, "max thoracic %g", c.max_thoracic_deg);
  cr_assert_eq(hinge_analyze_config_check(&c, NULL), HINGE_OK);
}

/* A maximal-flexion trial beyond the field's 360 deg: HINGE_ERANGE naming
 * the channel, nothing stored (crashes-found: above-domain). */
Test(analyze, max_flexion_beyond_360_deg_should_be_refused) {
  synth_spec s;
  hinge_analyze_config c, before;
  hinge_analyze_input in;
  hinge_error e;
  size_t i;
  synth_default(&s);
  s.reps = 0;
  s.finish_standing = 0;
  synth_make(&s, &x);
  in = input_of(&x, 0);
  hinge_analyze_config_default(&c);
  for (i = 0; i < x.n; i++) {
    x.ch[1][i] = 38 + 30 * sin(3.14159265358979 * (double)i / (double)x.n);
    x.ch[2][i] = -21.5 + 900 * sin(3.14159265358979 * (double)i / (double)x.n);
  }
  before = c;
  cr_assert_eq(hinge_analyze_calibrate(&in, 1, &c, NULL, &e), HINGE_ERANGE);
  cr_assert(strstr(e.message, "lumbar") != NULL, "%s", e.message);
  cr_assert(memcmp(&before, &c, sizeof c) == 0);
}

/* A standing trial whose lumbar channel sits at ~767 (a column in other
 * units): HINGE_ERANGE naming the channel, the neutral fields untouched
 * (crashes-found: session-calibrate-neutral-above-domain, found by
 * fuzz_session). */
Test(analyze, standing_calibration_outside_the_domain_should_be_refused) {
  synth_spec s;
  hinge_analyze_config c, before;
  hinge_analyze_input in;
  hinge_error e;
  size_t i;
  synth_default(&s);
  s.reps = 0;
  s.finish_standing = 0;
  synth_make(&s, &x);
  in = input_of(&x, 0);
  hinge_analyze_config_default(&c);
  for (i = 0; i < x.n; i++) x.ch[2][i] = 767.05;
  before = c;
  cr_assert_eq(hinge_analyze_calibrate(&in, 0, &c, NULL, &e), HINGE_ERANGE);
  cr_assert(strstr(e.message, "lumbar") != NULL && strstr(e.message, "767") != NULL, "%s",
            e.message);
  cr_assert(memcmp(&before, &c, sizeof c) == 0);
  /* just inside the domain: stored, and the config still valid */
  for (i = 0; i < x.n; i++) x.ch[2][i] = -359.5;
  cr_assert_eq(hinge_analyze_calibrate(&in, 0, &c, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert(fabs(c.neutral_lumbar_deg + 359.5) < 1e-9);
  cr_assert_eq(hinge_analyze_config_check(&c, NULL), HINGE_OK);
}

/* The conditioning despikes only where Hampel could act; the result must
 * equal hinge_despike over the whole trace followed by the same fill and
 * low-pass. */
Test(analyze, prescreened_despiking_should_equal_whole_trace_hampel) {
  synth_spec s;
  hinge_analyze_input in;
  hinge_analyze_config c;
  hinge__trace tr;
  hinge__strlist p = {NULL, 0, 0}, w = {NULL, 0, 0};
  hinge_hampel_opts o;
  hinge_lowpass_opts lp;
  unsigned seed = 7;
  size_t i, max_gap;
  int ch;
  synth_default(&s);
  s.reps = 4;
  s.pause_s = 0.2;
  synth_make(&s, &x);
  for (i = 0; i < x.n; i++) {
    for (ch = 0; ch < 3; ch++) {
      seed = seed * 1103515245u + 12345u;
      x.ch[ch][i] += ((double)(seed >> 8 & 0xffff) / 65536.0 - 0.5) * 1.5; /* noise */
      if (seed % 211 == 0) x.ch[ch][i] += (seed & 1 ? 60 : -45);        /* spikes */
      if (seed % 997 == 0) x.ch[ch][i] = NAN;                             /* dropouts */
    }
  }
  for (i = 1000; i < 1003; i++) x.ch[1][i] += 30; /* a three-sample burst */
  in = input_of(&x, 100);
  hinge_analyze_config_default(&c);
  cr_assert_eq(hinge__condition(&in, &(hinge__stage){&c, NULL, &p, &w, NULL}, &tr), HINGE_OK);
  hinge_hampel_opts_init(&o, 100, NULL);
  o.half_window = 5;
  o.k = c.despike_k;
  o.min_dev = c.despike_min_deg;
  hinge_seconds_to_samples(c.fill_max_gap_s, 100, &max_gap, NULL);
  hinge_lowpass_opts_init(&lp);
  lp.fs = 100;
  for (ch = 0; ch < 3; ch++) {
    double *y = malloc(x.n * sizeof *y);
    hinge_despike(x.ch[ch], y, x.n, &o, NULL, NULL, NULL);
    hinge_fill_gaps(y, x.n, max_gap, HINGE_FILL_LINEAR, NULL, NULL);
    hinge_lowpass(y, y, x.n, &lp, NULL, NULL, NULL);
    for (i = 0; i < x.n; i++)
      cr_assert((isnan(y[i]) && isnan(tr.ch[ch][i])) || y[i] == tr.ch[ch][i],
                "channel %d sample %zu: %.17g vs %.17g", ch, i, tr.ch[ch][i], y[i]);
    free(y);
  }
  hinge__trace_free(&tr, NULL);
  hinge__strlist_free(&p, NULL);
  hinge__strlist_free(&w, NULL);
}
