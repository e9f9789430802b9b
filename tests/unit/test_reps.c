/* Unit tests for reps.c: segmentation on clean synthetic hip traces. */
#include <criterion/criterion.h>
#include <math.h>

#include "lift/analyze_internal.h"
#include "synth.h"

static hinge__segmentation seg;
static synth x;
static hinge_analyze_config cfg;

static void setup(void) {
  hinge_analyze_config_default(&cfg);
  memset(&seg, 0, sizeof seg);
  memset(&x, 0, sizeof x);
}

static void teardown(void) {
  hinge__segmentation_free(&seg, NULL);
  synth_free(&x);
}

TestSuite(reps, .init = setup, .fini = teardown);

static void segment(const synth_spec *s) {
  synth_make(s, &x);
  cr_assert_eq(hinge__segment(x.ch[0], x.n, s->fs, cfg.min_range_deg, &cfg, NULL, &seg, NULL),
               HINGE_OK);
}

static void expect_timing(const synth_spec *s, double tol) {
  size_t k;
  cr_assert_eq(seg.count, (size_t)s->reps, "found %zu reps, wanted %d", seg.count, s->reps);
  for (k = 0; k < seg.count; k++) {
    double lo = (double)seg.rises[k].liftoff / s->fs, lk = (double)seg.rises[k].lockout / s->fs;
    double st = (double)seg.rises[k].start / s->fs;
    cr_assert(fabs(lo - x.liftoff[k]) <= tol, "rep %zu liftoff %.3f, truth %.3f", k + 1, lo,
              x.liftoff[k]);
    cr_assert(fabs(lk - x.lockout[k]) <= tol, "rep %zu lockout %.3f, truth %.3f", k + 1, lk,
              x.lockout[k]);
    cr_assert(fabs(st - x.start[k]) <= tol, "rep %zu start %.3f, truth %.3f", k + 1, st,
              x.start[k]);
    cr_assert(seg.rises[k].start <= seg.rises[k].liftoff &&
              seg.rises[k].liftoff < seg.rises[k].lockout &&
              seg.rises[k].lockout <= seg.rises[k].end);
  }
}

Test(reps, dead_stop_reps_should_be_found_with_their_events) {
  synth_spec s;
  synth_default(&s);
  s.reps = 5;
  segment(&s);
  expect_timing(&s, 0.15);
  cr_assert(seg.final.rule == HINGE__FINAL_STAND_UP || seg.final.rule == HINGE__FINAL_DROPPED_DEFAULT,
            "standing up after the set is not a rep");
}

Test(reps, a_single_rep_should_be_one_rep) {
  synth_spec s;
  synth_default(&s);
  s.reps = 1;
  segment(&s);
  expect_timing(&s, 0.15);
}

Test(reps, long_pauses_at_the_bottom_and_top_should_not_split_or_merge_reps) {
  synth_spec s;
  synth_default(&s);
  s.reps = 3;
  s.pause_s = 20;
  s.hold_s = 15;
  segment(&s);
  expect_timing(&s, 0.15);
}

Test(reps, touch_and_go_reps_should_each_be_found) {
  synth_spec s;
  synth_default(&s);
  s.reps = 6;
  s.pause_s = 0;
  s.hold_s = 0.2;
  segment(&s);
  expect_timing(&s, 0.15);
}

Test(reps, every_rate_from_50_to_1000_hz_should_give_the_same_reps) {
  double rates[] = {50, 60, 100, 200, 500, 1000};
  size_t i;
  for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
    synth_spec s;
    synth_default(&s);
    s.fs = rates[i];
    s.reps = 4;
    segment(&s);
    expect_timing(&s, 0.15);
    hinge__segmentation_free(&seg, NULL);
    synth_free(&x);
  }
}

Test(reps, a_final_rise_should_count_when_asked) {
  synth_spec s;
  synth_default(&s);
  s.reps = 2;
  cfg.count_final_rise = 1;
  segment(&s);
  cr_assert_eq(seg.count, 3);
}

Test(reps, a_recording_that_ends_at_lockout_should_keep_a_single_rep) {
  synth_spec s;
  synth_default(&s);
  s.reps = 1;
  s.finish_standing = 0;
  segment(&s);
  expect_timing(&s, 0.15);
}

Test(reps, partial_rises_under_the_range_gate_should_be_ignored) {
  synth_spec s;
  size_t i;
  synth_default(&s);
  s.reps = 3;
  s.pause_s = 3;
  segment(&s);
  hinge__segmentation_free(&seg, NULL);
  /* A hitch: from the bottom of rep 2 the hips rise 25 deg and sink back. */
  for (i = 0; i < x.n; i++) {
    double t = x.t[i], c = x.liftoff[1] - 2.0;
    if (t > c - 0.5 && t < c + 0.5) x.ch[0][i] -= 25 * sin(3.14159265358979323846 * (t - c + 0.5));
  }
  cr_assert_eq(hinge__segment(x.ch[0], x.n, s.fs, cfg.min_range_deg, &cfg, NULL, &seg, NULL),
               HINGE_OK);
  expect_timing(&s, 0.15);
}

Test(reps, a_shallow_dip_at_lockout_should_not_be_a_rep) {
  synth_spec s;
  size_t i;
  synth_default(&s);
  s.reps = 2;
  s.hold_s = 3;
  synth_make(&s, &x);
  for (i = 0; i < x.n; i++) {
    double t = x.t[i], c = x.lockout[0] + 1.5;
    if (t > c - 0.6 && t < c + 0.6) x.ch[0][i] += 18 * sin(3.14159265358979323846 * (t - c + 0.6) / 1.2);
  }
  cr_assert_eq(hinge__segment(x.ch[0], x.n, s.fs, cfg.min_range_deg, &cfg, NULL, &seg, NULL),
               HINGE_OK);
  expect_timing(&s, 0.15);
}

Test(reps, missing_samples_should_not_break_segmentation) {
  synth_spec s;
  size_t i;
  synth_default(&s);
  s.reps = 3;
  synth_make(&s, &x);
  for (i = 0; i < x.n; i += 97) x.ch[0][i] = NAN;
  for (i = 400; i < 430; i++) x.ch[0][i] = NAN;
  cr_assert_eq(hinge__segment(x.ch[0], x.n, s.fs, cfg.min_range_deg, &cfg, NULL, &seg, NULL),
               HINGE_OK);
  expect_timing(&s, 0.2); /* unfilled gaps blur the speed near them */
}

Test(reps, standing_still_should_give_no_rep) {
  double s[500];
  size_t i;
  for (i = 0; i < 500; i++) s[i] = 2 + 0.5 * sin((double)i / 10);
  cr_assert_eq(hinge__segment(s, 500, 100, 20, &cfg, NULL, &seg, NULL), HINGE_OK);
  cr_assert_eq(seg.count, 0);
}

Test(reps, a_recording_that_starts_at_the_bottom_should_start_at_sample_zero) {
  synth_spec s;
  synth_default(&s);
  s.reps = 2;
  synth_make(&s, &x);
  /* Drop everything before the first pause. */
  {
    size_t cut = (size_t)((x.liftoff[0] - 0.5) * s.fs);
    cr_assert_eq(hinge__segment(x.ch[0] + cut, x.n - cut, s.fs, 20, &cfg, NULL, &seg, NULL),
                 HINGE_OK);
  }
  cr_assert_eq(seg.count, 2);
  cr_assert(seg.starts_down);
  cr_assert_eq(seg.rises[0].start, 0);
}

Test(reps, standing_up_between_reps_should_not_count) {
  synth_spec s;
  size_t i;
  synth_default(&s);
  s.reps = 3;
  s.hold_s = 4; /* room for lowering, standing up, standing, setting up */
  synth_make(&s, &x);
  /* Between reps: at lockout + 0.5 s the bar goes down (1.2 s) and the
   * lifter stands straight up (1 s), stands (1 s)... but the synthetic
   * trace would then need a second descent: emulate with a dip to the
   * bottom and back, finishing 0.8 s before the next setup descent. */
  for (i = 0; i < x.n; i++) {
    int k;
    for (k = 0; k < 2; k++) {
      double t0 = x.lockout[k] + 0.5, t = x.t[i] - t0;
      if (t > 0 && t < 1.2) x.ch[0][i] += s.hip_bottom * synth_mj(t / 1.2);
      else if (t >= 1.2 && t < 2.2) x.ch[0][i] += s.hip_bottom * (1 - synth_mj((t - 1.2) / 1.0));
    }
  }
  cr_assert_eq(hinge__segment(x.ch[0], x.n, s.fs, cfg.min_range_deg, &cfg, NULL, &seg, NULL),
               HINGE_OK);
  cr_assert_eq(seg.stand_ups, 2);
  cr_assert_eq(seg.count, 3);
}

Test(reps, velocity_should_be_a_central_difference) {
  double s[] = {0, 1, 4, 9};
  cr_assert_float_eq(hinge__velocity(s, 4, 0, 10), 10, 1e-12);
  cr_assert_float_eq(hinge__velocity(s, 4, 1, 10), 20, 1e-12);
  cr_assert_float_eq(hinge__velocity(s, 4, 3, 10), 50, 1e-12);
  cr_assert(isnan(hinge__velocity(s, 1, 0, 10)));
}
