/* Unit tests for the segmentation of recordings as they come (reps.c,
 * reps_end.c; issue 12): clips that start in the setup at video rates
 * with missing samples, sets that end at lockout or with the bar put
 * down and the lifter standing up, single pulls, touch-and-go sets,
 * squats that never return upright, splices and lean-back glitches,
 * Romanian deadlifts, 24 to 1000 Hz, 1 s clips, 20 reps.
 *
 * Each trace is built from a script of holds and minimum-jerk moves of
 * hip flexion (deg), so the truth is exact: a pull's liftoff is the start
 * of its move and its lockout the end. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "lift/analyze_internal.h"

#define MAX_SEGS 256
#define MAX_REPS 64
#ifndef WOBBLE
#define WOBBLE 0.3
#endif

/* A script: segments [t0, t1) moving from a to b (a == b: a hold). */
typedef struct script {
  double t0[MAX_SEGS], t1[MAX_SEGS], a[MAX_SEGS], b[MAX_SEGS];
  int nseg;
  double t, v;                        /* the end of the script so far */
  double liftoff[MAX_REPS], lockout[MAX_REPS];
  int reps;                           /* the pulls that are reps (the truth) */
} script;

/* A sampled script. */
typedef struct trace {
  double fs;
  size_t n;
  double *x, *t;
} trace;

static script sc;
static trace tr;
static hinge__segmentation seg;
static hinge_analyze_config cfg;
static hinge_analysis *an;

static void setup(void) {
  memset(&sc, 0, sizeof sc);
  memset(&tr, 0, sizeof tr);
  memset(&seg, 0, sizeof seg);
  hinge_analyze_config_init(&cfg);
  an = NULL;
}

static void teardown(void) {
  hinge__segmentation_free(&seg, NULL);
  hinge_analysis_destroy(an);
  free(tr.x);
  free(tr.t);
}

TestSuite(segment_real, .init = setup, .fini = teardown);

static double mj(double u) {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * u * (10 + u * (-15 + 6 * u));
}

static void start_at(double v) { sc.v = v; }

static void move(double to, double dur) {
  int k = sc.nseg++;
  cr_assert(k < MAX_SEGS);
  sc.t0[k] = sc.t;
  sc.t1[k] = sc.t + dur;
  sc.a[k] = sc.v;
  sc.b[k] = to;
  sc.t += dur;
  sc.v = to;
}

static void hold(double dur) { move(sc.v, dur); }

/* A pull to `to` (standing) that is a rep. */
static void pull(double to, double dur) {
  sc.liftoff[sc.reps] = sc.t;
  move(to, dur);
  sc.lockout[sc.reps++] = sc.t;
}

static double value_at(double t) {
  int k;
  for (k = 0; k < sc.nseg; k++)
    if (t < sc.t1[k]) return sc.a[k] + (sc.b[k] - sc.a[k]) * mj((t - sc.t0[k]) / (sc.t1[k] - sc.t0[k]));
  return sc.v;
}

/* Sample the script at fs, with a small deterministic wobble (0.3 deg)
 * and every `nan_every`-th sample missing (0: none). */
static void sample(double fs, size_t nan_every) {
  size_t i;
  tr.fs = fs;
  tr.n = (size_t)(sc.t * fs) + 1;
  tr.x = malloc(tr.n * sizeof *tr.x);
  tr.t = malloc(tr.n * sizeof *tr.t);
  for (i = 0; i < tr.n; i++) {
    tr.t[i] = (double)i / fs;
    tr.x[i] = 1.5 + value_at(tr.t[i]) + WOBBLE * sin(2.7 * tr.t[i]) * cos(0.9 * tr.t[i]);
    if (nan_every && i % nan_every == nan_every / 2) tr.x[i] = NAN;
  }
}

static void segment(void) {
  hinge__segmentation_free(&seg, NULL);
  cr_assert_eq(hinge__segment(tr.x, tr.n, tr.fs, cfg.min_range_deg, &cfg, NULL, &seg, NULL),
               HINGE_OK);
}

/* Exact count; liftoff and lockout within tol of the truth. */
static void expect_truth(double tol) {
  size_t k;
  cr_assert_eq(seg.count, (size_t)sc.reps, "found %zu reps, the truth has %d", seg.count, sc.reps);
  for (k = 0; k < seg.count; k++) {
    double lo = (double)seg.rises[k].liftoff / tr.fs, lk = (double)seg.rises[k].lockout / tr.fs;
    cr_assert(fabs(lo - sc.liftoff[k]) <= tol, "rep %zu liftoff %.3f, truth %.3f", k + 1, lo,
              sc.liftoff[k]);
    cr_assert(fabs(lk - sc.lockout[k]) <= tol, "rep %zu lockout %.3f, truth %.3f", k + 1, lk,
              sc.lockout[k]);
    cr_assert(seg.rises[k].start <= seg.rises[k].liftoff &&
              seg.rises[k].liftoff < seg.rises[k].lockout &&
              seg.rises[k].lockout <= seg.rises[k].end, "rep %zu events out of order", k + 1);
  }
}

/* A dead-stop set from standing: stand, then per rep descend, pause,
 * pull, hold at lockout; the lowering of the next rep follows. */
static void dead_stop_set(int reps, double pull_s, double pause_s) {
  int k;
  start_at(0);
  hold(2.5);
  for (k = 0; k < reps; k++) {
    move(82 + (k % 3), k == 0 ? 1.5 : 1.2);
    hold(pause_s);
    pull(0.5 * (k % 2), pull_s + 0.05 * k);
    hold(0.8);
  }
}

/* The bar lowered, a short pause, the lifter stands up without it
 * (fast and short), and stands. */
static void put_down_and_stand_up(void) {
  move(84, 1.2);
  hold(0.1);
  move(0, 0.8);
  hold(2.5);
}

/* ------------------------------------------------- clips as they come */

/* The clip starts in the setup, bar in hand, at 25 fps with missing
 * samples: the first pull is a rep (zero before: the bottom level came
 * from maxima inside the recording). */
static void clip_from_the_setup(double fs, size_t nan_every) {
  int k;
  start_at(84);
  hold(0.6);
  for (k = 0; k < 3; k++) {
    if (k > 0) {
      move(83, 1.2);
      hold(0.7);
    }
    pull(1, 1.5);
    hold(k == 2 ? 0.6 : 0.8);
  }
  sample(fs, nan_every);
}

Test(segment_real, a_clip_that_starts_in_the_setup_should_count_its_first_pull) {
  clip_from_the_setup(25, 7);
  segment();
  expect_truth(0.2);
  cr_assert(seg.starts_down);
  cr_assert_eq(seg.rises[0].start, 0);
}

Test(segment_real, every_rate_from_24_to_1000_hz_should_give_the_same_reps) {
  double rates[] = {24, 25, 30, 50, 60, 100, 200, 500, 1000};
  size_t i;
  for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
    memset(&sc, 0, sizeof sc);
    free(tr.x);
    free(tr.t);
    clip_from_the_setup(rates[i], i % 2 ? 11 : 0);
    segment();
    expect_truth(0.2);
  }
}

Test(segment_real, a_one_second_clip_with_one_pull_should_be_one_rep) {
  start_at(80);
  hold(0.15);
  pull(2, 0.65);
  hold(0.2);
  sample(30, 0);
  segment();
  expect_truth(0.15);
}

Test(segment_real, a_set_that_ends_at_lockout_should_keep_its_last_rep) {
  dead_stop_set(4, 1.6, 1.0);
  sample(100, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_PULL, "rule %d", seg.final.rule);
}

Test(segment_real, a_put_down_and_stand_up_should_not_be_a_rep) {
  dead_stop_set(4, 1.6, 1.0);
  put_down_and_stand_up();
  sample(100, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_STAND_UP, "rule %d", seg.final.rule);
  /* the last rep ends where the lowering began, not at the stand-up */
  cr_assert((double)seg.rises[3].end / tr.fs < sc.lockout[3] + 1.2);
}

Test(segment_real, a_single_pull_followed_by_standing_up_should_be_one_rep) {
  dead_stop_set(1, 1.8, 1.0);
  put_down_and_stand_up();
  sample(50, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_STAND_UP, "rule %d", seg.final.rule);
}

Test(segment_real, two_sets_each_ending_with_a_stand_up_should_lose_only_the_stand_ups) {
  int set, k;
  start_at(0);
  hold(2.5);
  for (set = 0; set < 2; set++) {
    for (k = 0; k < 3; k++) {
      move(83, 1.4);
      hold(0.9);
      pull(0, 1.7);
      hold(0.8);
    }
    move(84, 1.2); /* bar down, a breath at the bottom, stand up */
    hold(0.5);
    move(0, 0.8);
    hold(set == 0 ? 70 : 3); /* the rest between sets (set_rest_s 60) */
  }
  sample(50, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.nset_ends, 1);
  cr_assert_eq(seg.set_ends[0].rule, HINGE__FINAL_STAND_UP, "rule %d", seg.set_ends[0].rule);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_STAND_UP, "rule %d", seg.final.rule);
}

Test(segment_real, set_end_should_override_the_evidence) {
  dead_stop_set(4, 1.6, 1.0);
  sample(100, 0);
  cfg.set_end = HINGE_SET_END_PUT_DOWN;
  segment();
  cr_assert_eq(seg.count, 3);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_DROPPED_ASKED);
  free(tr.x);
  free(tr.t);
  memset(&sc, 0, sizeof sc);
  dead_stop_set(4, 1.6, 1.0);
  put_down_and_stand_up();
  sample(100, 0);
  cfg.set_end = HINGE_SET_END_LOCKOUT;
  segment();
  cr_assert_eq(seg.count, 5);
  cfg.set_end = HINGE_SET_END_AUTO;
  cfg.count_final_rise = 1; /* the deprecated spelling of lockout */
  segment();
  cr_assert_eq(seg.count, 5);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_KEPT_ASKED);
}

Test(segment_real, a_last_pull_then_standing_should_count) {
  /* The last rise moves like the set's pulls, after a setup pause; the
   * lifter then stands for 3 s (the bar dropped or held): a rep. */
  dead_stop_set(3, 1.6, 1.0);
  move(83, 1.2);
  hold(0.8);
  move(0, 1.6);
  hold(3);
  sample(100, 0);
  segment();
  cr_assert_eq(seg.count, 4);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_PULL, "rule %d", seg.final.rule);
}

Test(segment_real, an_ambiguous_last_rise_should_follow_the_default_and_say_so) {
  /* One stand-up cue only: no bottom pause where the set pauses, but as
   * long and as fast as the set's pulls.  Followed by 3 s of standing:
   * dropped (no setup pause, the recording goes on); ending 0.5 s after
   * its lockout: kept.  Either way the rule says "default". */
  dead_stop_set(3, 1.6, 1.0);
  move(83, 1.2);
  hold(0.1);
  move(0, 1.6);
  hold(3);
  sample(100, 0);
  segment();
  cr_assert_eq(seg.count, 3);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_DROPPED_DEFAULT, "rule %d", seg.final.rule);
  free(tr.x);
  free(tr.t);
  memset(&sc, 0, sizeof sc);
  dead_stop_set(3, 1.6, 1.0);
  move(83, 1.2);
  hold(0.1);
  move(0, 1.6);
  hold(0.5);
  sample(100, 0);
  segment();
  cr_assert_eq(seg.count, 4);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_KEPT_DEFAULT, "rule %d", seg.final.rule);
}

Test(segment_real, touch_and_go_reps_ending_at_lockout_should_each_count) {
  int k;
  start_at(0);
  hold(2);
  move(82, 1.5);
  hold(0.8);
  for (k = 0; k < 6; k++) {
    if (k > 0) move(81, 1.0); /* straight into the next pull */
    pull(0, 1.2);
    hold(k == 5 ? 0.8 : 0.25);
  }
  sample(60, 0);
  segment();
  expect_truth(0.2);
}

Test(segment_real, twenty_reps_should_be_twenty) {
  dead_stop_set(20, 1.4, 0.6);
  sample(100, 13);
  segment();
  expect_truth(0.2);
}

Test(segment_real, standing_up_between_reps_should_still_not_count) {
  int k;
  start_at(0);
  hold(2.5);
  for (k = 0; k < 3; k++) {
    move(83, 1.5);
    hold(1.0);
    pull(0, 1.7);
    hold(0.8);
    if (k < 2) { /* bar down, straight up without it, a breath */
      move(80, 1.2);
      move(0, 0.9);
      hold(1.5);
    }
  }
  sample(100, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.stand_ups, 2);
}

/* ------------------------------------------------------------ exercises */

Test(segment_real, squats_that_never_return_upright_should_not_merge) {
  int k;
  cfg.exercise = HINGE_EXERCISE_SQUAT;
  start_at(0);
  hold(2);
  for (k = 0; k < 10; k++) {
    move(105, 1.0);
    pull(k == 9 ? 0 : 28 + 3 * (k % 3), 1.1); /* upright only at the end */
  }
  hold(2);
  sample(100, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_NONE, "no put-down rule in a squat");
}

Test(segment_real, a_squat_clip_from_mid_set_should_keep_its_upright_last_stand) {
  int k;
  cfg.exercise = HINGE_EXERCISE_SQUAT;
  start_at(30); /* mid-set, short of upright */
  hold(0.5);
  for (k = 0; k < 5; k++) {
    move(105, 1.0);
    pull(k == 4 ? 0 : 30, 1.1); /* upright (30 deg below the tops) only at the end */
  }
  hold(2);
  sample(60, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.nrejects, 0, "an upright stand held is no lean-back glitch");
}

Test(segment_real, a_squat_set_ending_standing_should_keep_its_last_rep) {
  int k;
  cfg.exercise = HINGE_EXERCISE_SQUAT;
  start_at(0);
  hold(2);
  for (k = 0; k < 10; k++) {
    move(100, 1.1);
    pull(0, 0.9);
    hold(0.3);
  }
  hold(3);
  sample(50, 0);
  segment();
  expect_truth(0.2);
}

Test(segment_real, a_romanian_deadlift_should_count_every_rise) {
  int k;
  start_at(0);
  hold(2);
  for (k = 0; k < 8; k++) {
    move(62, 1.3);
    pull(0, 1.2);
    hold(0.2);
  }
  hold(3);
  sample(100, 0);
  cfg.exercise = HINGE_EXERCISE_RDL;
  segment();
  expect_truth(0.2);
  /* the same set as a deadlift: the last rise, followed by 3 s standing,
   * moves like the set's pulls: the last rep */
  cfg.exercise = HINGE_EXERCISE_DEADLIFT;
  segment();
  cr_assert_eq(seg.count, 8);
}

/* --------------------------------------------------------- plausibility */

/* The whole analysis of the trace; its warnings joined. */
static void analyze(char *warnings, size_t size) {
  hinge_analyze_input in;
  hinge_error e;
  size_t k, used = 0;
  memset(&in, 0, sizeof in);
  in.n = tr.n;
  in.time_s = tr.t;
  in.hip = tr.x;
  cr_assert_eq(hinge_analyze_arrays(&in, &cfg, NULL, &an, &e), HINGE_OK, "%s", e.message);
  warnings[0] = 0;
  for (k = 0; k < hinge_analysis_warning_count(an) && used + 1 < size; k++)
    used += (size_t)snprintf(warnings + used, size - used, "%s | ", hinge_analysis_warning(an, k));
}

Test(segment_real, a_two_frame_splice_should_be_rejected_and_named) {
  char w[4096];
  size_t i;
  dead_stop_set(2, 1.6, 1.0);
  sample(25, 0);
  /* two frames of another clip, bent over, while standing at 1.2 s */
  i = (size_t)(1.2 * 25);
  tr.x[i] = tr.x[i + 1] = 85;
  analyze(w, sizeof w);
  cr_assert_eq(hinge_analysis_rep_count(an), 2, "%s", w);
  cr_assert(strstr(w, "rejected: pull of") != NULL, "%s", w);
  cr_assert(strstr(w, "shorter than min_pull_s 0.3 s") != NULL, "%s", w);
}

Test(segment_real, a_lean_back_glitch_should_not_be_a_rep) {
  int k;
  start_at(0);
  hold(2.5);
  for (k = 0; k < 3; k++) {
    move(83, 1.5);
    hold(0.6);
    if (k == 1) { /* the keypoints flip: the hip reads 45 deg of extension */
      move(-45, 0.45);
      hold(0.3);
      move(83, 0.45);
      hold(0.6);
    }
    pull(0, 1.6);
    hold(1.0);
  }
  move(83, 1.2); /* ends down: no final-rise rule in play */
  sample(100, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.nrejects, 1);
  cr_assert_eq(seg.rejects[0].why, HINGE__REJECT_LEAN_END, "why %d", seg.rejects[0].why);
  cr_assert(fabs(seg.rejects[0].value - 46.5) < 3, "%g", seg.rejects[0].value);
}

Test(segment_real, a_clip_cut_mid_pull_should_not_count_the_cut_pull) {
  dead_stop_set(2, 1.6, 1.0);
  move(83, 1.2);
  hold(0.8);
  move(0, 1.6);
  sc.t -= 0.5; /* the recording stops two thirds into the pull */
  sample(100, 0);
  segment();
  expect_truth(0.2);
  cr_assert_eq(seg.nrejects, 1);
  cr_assert_eq(seg.rejects[0].why, HINGE__REJECT_CUT);
}

/* ------------------------------------------------- truthful sentences */

Test(segment_real, a_clip_without_a_rise_should_say_it_only_went_down) {
  char w[4096];
  start_at(0);
  hold(1.0);
  move(77, 1.4);
  hold(0.8);
  sample(30, 0);
  analyze(w, sizeof w);
  cr_assert_eq(hinge_analysis_rep_count(an), 0);
  cr_assert(strstr(w, "hip moved 77 deg but only once, down") != NULL, "%s", w);
  cr_assert_eq(hinge_analysis_standing(an)->source, HINGE_NEUTRAL_RECORDING);
}

Test(segment_real, a_still_recording_should_say_it_never_moved) {
  char w[4096];
  start_at(0);
  hold(1.0);
  move(12, 1.0);
  hold(1.0);
  sample(30, 0);
  analyze(w, sizeof w);
  cr_assert_eq(hinge_analysis_rep_count(an), 0);
  cr_assert(strstr(w, "hip never moved 20 deg (it moved 12 deg in all)") != NULL, "%s", w);
}

Test(segment_real, a_clip_from_the_setup_should_not_call_its_neutral_standing) {
  char w[4096];
  clip_from_the_setup(25, 0);
  analyze(w, sizeof w);
  cr_assert_eq(hinge_analysis_rep_count(an), 3, "%s", w);
  cr_assert_neq(hinge_analysis_standing(an)->source, HINGE_NEUTRAL_STANDING);
  cr_assert_eq(hinge_analysis_standing(an)->source, HINGE_NEUTRAL_LOCKOUTS);
}

Test(segment_real, a_restless_start_should_not_be_called_quiet_standing) {
  char w[4096];
  int k;
  start_at(0);
  hold(0.8);
  move(15, 0.6); /* a bow to the bar, under the range gate */
  move(0, 0.6);
  hold(0.8);
  for (k = 0; k < 2; k++) {
    move(83, 1.4);
    hold(0.8);
    pull(0, 1.6);
    hold(0.8);
  }
  sample(50, 0);
  analyze(w, sizeof w);
  cr_assert_eq(hinge_analysis_rep_count(an), 2, "%s", w);
  cr_assert_eq(hinge_analysis_standing(an)->source, HINGE_NEUTRAL_LOCKOUTS);
  cr_assert(strstr(w, "not quiet standing (hip moved 15 deg)") != NULL, "%s", w);
}

Test(segment_real, a_jump_to_the_bottom_and_back_in_standing_should_be_rejected) {
  /* A keypoint glitch after the set: into deep flexion in 0.15 s, 0.1 s
   * there, back in 0.35 s (neither shorter than min_pull_s nor faster
   * than max_pull_speed_deg_s, as a low-passed glitch looks).  Bottom
   * entered and left within 2 min_pull_s: rejected, and the set's end is
   * judged as if it were not there. */
  dead_stop_set(3, 1.6, 1.0);
  hold(1.5);
  move(80, 0.15);
  hold(0.1);
  move(1, 0.35);
  hold(1.5);
  sample(60, 0);
  segment();
  expect_truth(0.15);
  cr_assert_eq(seg.nrejects, 1);
  cr_assert_eq(seg.rejects[0].why, HINGE__REJECT_BUMP, "why %d", seg.rejects[0].why);
  cr_assert(seg.rejects[0].value < 0.6, "bump %.2f s", seg.rejects[0].value);
  /* with a limit under its bump it is a rise again (then judged as the
   * set's end: fast and short, standing up) */
  cfg.min_pull_s = 0.1;
  segment();
  cr_assert_eq(seg.nrejects, 0);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_STAND_UP, "rule %d", seg.final.rule);
}

Test(segment_real, a_stand_up_before_a_short_rest_inside_a_set_should_not_count) {
  /* Three pulls, the bar put down, standing up (fast, short, no setup
   * pause), 15 s of rest (under set_rest_s), two more pulls. */
  int k;
  dead_stop_set(3, 1.6, 1.0);
  move(84, 1.2);
  hold(0.2);
  move(0, 0.8);
  hold(15);
  for (k = 0; k < 2; k++) {
    move(83, 1.5);
    hold(1.0);
    pull(0.5, 1.6);
    hold(0.8);
  }
  sample(50, 0);
  segment();
  expect_truth(0.15);
  cr_assert_eq(seg.stand_ups, 1);
}

Test(segment_real, a_touch_and_go_pair_ending_standing_should_keep_its_last_rep) {
  /* The only other pull is the set's first (from standing, paused): the
   * set's rhythm is unknown; the unpaused last rise moves like it. */
  start_at(0);
  hold(2.5);
  move(82, 1.5);
  hold(1.0);
  pull(0, 1.6);
  hold(0.25);
  move(82, 1.2);
  pull(0.5, 1.65);
  hold(3);
  sample(60, 0);
  segment();
  expect_truth(0.15);
  cr_assert_eq(seg.final.rule, HINGE__FINAL_PULL, "rule %d", seg.final.rule);
}

Test(segment_real, liftoff_on_a_spine_channel_should_precede_the_rounding_surge) {
  /* Lumbar alone: the setup at 30 deg, then in the pull a surge of 8 deg
   * (rounding) before the extension.  The channel's highest flexion is
   * the rounding peak; liftoff belongs at the end of the setup pause. */
  hinge__seg_channel ch;
  int k;
  start_at(0);
  hold(2.5);
  for (k = 0; k < 2; k++) {
    move(30, 1.5);
    hold(1.0);
    sc.liftoff[sc.reps] = sc.t;
    move(38, 0.6);
    move(0, 0.9);
    sc.lockout[sc.reps++] = sc.t;
    hold(0.8);
  }
  sample(100, 0);
  memset(&ch, 0, sizeof ch); /* no set column, not whole, noise unknown */
  ch.s = tr.x;
  ch.n = tr.n;
  ch.fs = tr.fs;
  ch.min_range = cfg.min_range_spine_deg;
  ch.spine = 1;
  hinge__segmentation_free(&seg, NULL);
  cr_assert_eq(hinge__segment_on(&ch, &cfg, NULL, &seg, NULL), HINGE_OK);
  expect_truth(0.15);
  /* as a hip channel, liftoff sits on the peak, 0.6 s late */
  ch.spine = 0;
  hinge__segmentation_free(&seg, NULL);
  cr_assert_eq(hinge__segment_on(&ch, &cfg, NULL, &seg, NULL), HINGE_OK);
  cr_assert_eq(seg.count, 2);
  cr_assert((double)seg.rises[0].liftoff / tr.fs - sc.liftoff[0] > 0.4);
}
