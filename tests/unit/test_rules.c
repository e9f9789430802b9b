/* Unit tests for rules.c and recovery.c: each rule on its own scenario and
 * at its boundaries, the verdict order and the combination of findings. */
#include "rules_helpers.h"

static hinge_logs *L;
static hinge_assessment *A;

static void setup(void) {
  cr_assert_eq(hinge_logs_new(NULL, &L, NULL), HINGE_OK);
  A = NULL;
}
static void teardown(void) {
  hinge_assessment_destroy(A);
  hinge_logs_destroy(L);
}

TestSuite(rules, .init = setup, .fini = teardown);

/* ---- red_flag_symptom ---- */

Test(rules, every_red_flag_should_give_urgent_care) {
  const char *flags[] = {"saddle_numbness", "bladder", "bowel", "bilateral_legs",
                         "fever", "night_pain", "trauma"};
  size_t i;
  for (i = 0; i < 7; i++) {
    hinge_logs *l = hinge_logs_create(NULL);
    hinge_assessment *a;
    sore(l, 0, "ana", "lower_back", "3", "ache", NULL, flags[i]);
    a = assess(l, LATEST);
    cr_assert_eq(only_verdict(a), HINGE_VERDICT_URGENT_CARE, "flag %s", flags[i]);
    cr_assert_not_null(only_finding(a, "red_flag_symptom"));
    cr_assert_str_eq(only_finding(a, "red_flag_symptom")->region, "lower_back");
    hinge_assessment_destroy(a);
    hinge_logs_destroy(l);
  }
}

Test(rules, red_flags_should_name_every_symptom_in_one_finding_per_region) {
  sore(L, 0, "ana", "lower_back", "5", "ache", NULL, "saddle_numbness|bladder");
  sore(L, 1, "ana", "lower_back", "5", "ache", NULL, "bilateral_legs");
  A = assess(L, LATEST);
  cr_assert_eq(count_rule(hinge_assessment_athlete(A, 0), "red_flag_symptom"), 1);
  cr_assert(strstr(only_finding(A, "red_flag_symptom")->message, "saddle numbness") != NULL);
  cr_assert(strstr(only_finding(A, "red_flag_symptom")->message, "both legs") != NULL);
  cr_assert(strstr(only_finding(A, "red_flag_symptom")->suggestion, "urgent") != NULL);
}

Test(rules, red_flag_should_stay_past_the_symptom_window_until_cleared) {
  sore(L, 0, "ana", "lower_back", "3", "ache", NULL, "fever");
  sore(L, 6, "ana", "lower_back", "1", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_URGENT_CARE);
  cr_assert_null(strstr(only_finding(A, "red_flag_symptom")->message, "Not reported again"));
  hinge_assessment_destroy(A);
  A = assess(L, 7); /* was: gone after 7 days; now it stays, saying it is old */
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_URGENT_CARE);
  cr_assert(strstr(only_finding(A, "red_flag_symptom")->message, "'cleared'") != NULL);
}

/* ---- sharp_pain, nerve_symptom ---- */

Test(rules, sharp_stabbing_or_shooting_pain_should_give_see_professional) {
  const char *q[] = {"sharp", "stabbing", "shooting", "Sharp|dull"};
  size_t i;
  for (i = 0; i < 4; i++) {
    hinge_logs *l = hinge_logs_create(NULL);
    hinge_assessment *a;
    sore(l, 0, "ana", "lower_back", "2", q[i], NULL, NULL);
    a = assess(l, LATEST);
    cr_assert_eq(only_verdict(a), HINGE_VERDICT_SEE_PROFESSIONAL, "%s", q[i]);
    cr_assert_not_null(only_finding(a, "sharp_pain"), "%s", q[i]);
    cr_assert_null(only_finding(a, "nerve_symptom"));
    hinge_assessment_destroy(a);
    hinge_logs_destroy(l);
  }
}

Test(rules, nerve_symptoms_should_give_see_professional) {
  const char *q[] = {"tingling", "pins_and_needles", "numb", "burning", "pins and needles"};
  size_t i;
  for (i = 0; i < 5; i++) {
    hinge_logs *l = hinge_logs_create(NULL);
    hinge_assessment *a;
    sore(l, 0, "ana", "hamstrings", "1", q[i], NULL, NULL);
    a = assess(l, LATEST);
    cr_assert_eq(only_verdict(a), HINGE_VERDICT_SEE_PROFESSIONAL, "%s", q[i]);
    cr_assert_not_null(only_finding(a, "nerve_symptom"), "%s", q[i]);
    cr_assert_null(only_finding(a, "sharp_pain"));
    hinge_assessment_destroy(a);
    hinge_logs_destroy(l);
  }
}

Test(rules, dull_soreness_alone_should_not_be_a_symptom) {
  sore(L, 0, "ana", "lower_back", "3", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
  cr_assert_eq(hinge_assessment_athlete(A, 0)->nfindings, 0);
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->suggestions[0],
                   "No concerns in the logs: train as planned.");
}

/* ---- no_improvement ---- */

static void daily_reports(int from, int to, const char *severity) {
  int d;
  for (d = from; d <= to; d++) sore(L, d, "ana", "lower_back", severity, "ache", NULL, NULL);
}

Test(rules, no_improvement_should_not_apply_on_day_20) {
  daily_reports(0, 20, "4");
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "no_improvement"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REDUCE); /* high_soreness 4 */
}

Test(rules, no_improvement_should_apply_on_day_22) {
  daily_reports(0, 22, "4");
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "no_improvement"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL);
  cr_assert(strstr(only_finding(A, "no_improvement")->message, "22 days") != NULL);
}

Test(rules, no_improvement_should_start_exactly_at_21_days) {
  daily_reports(0, 21, "3");
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "no_improvement"));
  hinge_assessment_destroy(A);
  A = assess(L, 20);
  cr_assert_null(only_finding(A, "no_improvement"));
}

Test(rules, a_two_point_drop_from_the_peak_should_count_as_improving) {
  daily_reports(0, 10, "5");
  daily_reports(11, 25, "3");
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "no_improvement"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
  cr_assert_eq(hinge_assessment_athlete(A, 0)->episodes[0].trajectory, HINGE_TRAJ_IMPROVING);
}

Test(rules, a_one_point_drop_should_not_count_as_improving) {
  daily_reports(0, 10, "5");
  daily_reports(11, 25, "4");
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "no_improvement"));
}

Test(rules, no_improvement_window_should_be_configurable) {
  hinge_recovery_config c;
  hinge_recovery_config_default(&c);
  cr_assert_eq(hinge_recovery_config_set(&c, "no_improvement_days", 10, NULL), HINGE_OK);
  daily_reports(0, 9, "2");
  A = assess_cfg(L, LATEST, &c);
  cr_assert_null(only_finding(A, "no_improvement"));
  hinge_assessment_destroy(A);
  daily_reports(10, 10, "2");
  A = assess_cfg(L, LATEST, &c);
  cr_assert_not_null(only_finding(A, "no_improvement"));
}

Test(rules, a_resolved_episode_should_not_count_as_persisting) {
  daily_reports(0, 22, "3");
  sore(L, 23, "ana", "lower_back", "0", NULL, NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "no_improvement"));
  cr_assert_eq(hinge_assessment_athlete(A, 0)->episodes[0].trajectory, HINGE_TRAJ_RESOLVED);
  cr_assert_eq(hinge_assessment_athlete(A, 0)->episodes[0].current, 0);
}

Test(rules, a_long_silence_should_start_a_new_episode) {
  daily_reports(0, 5, "4");
  daily_reports(20, 25, "4"); /* 15 days without a report: new episode on day 20 */
  A = assess(L, LATEST);
  cr_assert_eq(hinge_assessment_athlete(A, 0)->episodes[0].onset, day0() + 20);
  cr_assert_null(only_finding(A, "no_improvement"));
}

/* ---- doms_expected ---- */

Test(rules, dull_soreness_two_days_after_deadlifts_should_be_expected_doms) {
  train(L, 0, "ana", "Deadlift (Barbell)", "8", "60");
  sore(L, 2, "ana", "lower_back", "3", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
  cr_assert_not_null(only_finding(A, "doms_expected"));
  cr_assert_eq(only_finding(A, "doms_expected")->verdict, HINGE_VERDICT_READY);
  cr_assert(strstr(only_finding(A, "doms_expected")->message, "Few recent sessions") != NULL,
            "a first session gets the novice context");
}

Test(rules, doms_window_should_be_one_to_three_days_after_the_session) {
  int lag;
  for (lag = 0; lag <= 4; lag++) {
    hinge_logs *l = hinge_logs_create(NULL);
    hinge_assessment *a;
    const hinge_finding *f;
    train(l, 0, "ana", "deadlift", "8", "60");
    sore(l, lag, "ana", "hamstrings", "2", "ache", NULL, NULL);
    a = assess(l, LATEST);
    f = only_finding(a, "doms_expected");
    if (lag >= 1 && lag <= 3) cr_assert_not_null(f, "lag %d", lag);
    else cr_assert_null(f, "lag %d", lag);
    hinge_assessment_destroy(a);
    hinge_logs_destroy(l);
  }
}

Test(rules, doms_should_need_a_session_loading_that_region) {
  train(L, 0, "ana", "Bench Press (Barbell)", "8", "60");
  sore(L, 1, "ana", "lower_back", "3", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "doms_expected"));
}

Test(rules, dl_and_quads_and_unmapped_regions_should_find_their_session) {
  train(L, 0, "ana", "DL", "8", "60");
  sore(L, 1, "ana", "lower_back", "2", "dull", NULL, NULL);
  train(L, 0, "ben", "Front Squat", "8", "60");
  sore(L, 2, "ben", "quads", "3", "ache", NULL, NULL);
  sore(L, 2, "ben", "chest", "3", "ache", NULL, NULL);
  train(L, 0, "cy", "Turkish get-up", "8", "60");
  sore(L, 2, "cy", "neck", "3", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_not_null(finding(athlete(A, "ana"), "doms_expected"));
  cr_assert_eq(count_rule(athlete(A, "ben"), "doms_expected"), 1, "quads yes, chest no");
  cr_assert_not_null(finding(athlete(A, "cy"), "doms_expected"), "an unmapped region: any session");
}

Test(rules, a_regular_lifter_should_not_get_the_novice_context) {
  int d;
  for (d = 0; d <= 20; d += 5) train(L, d, "ana", "Deadlift", "8", "60");
  sore(L, 21, "ana", "lower_back", "2", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "doms_expected"));
  cr_assert(strstr(only_finding(A, "doms_expected")->message, "Few recent") == NULL);
}

Test(rules, sharp_pain_after_a_session_should_not_be_called_doms) {
  train(L, 0, "ana", "Deadlift", "8", "60");
  sore(L, 1, "ana", "lower_back", "3", "sharp", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "doms_expected"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL);
}

Test(rules, soreness_still_rising_after_72_hours_should_not_be_doms) {
  train(L, 0, "ana", "Deadlift", "8", "60");
  sore(L, 1, "ana", "lower_back", "2", "dull", NULL, NULL);
  sore(L, 5, "ana", "lower_back", "3", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "doms_expected"));
}

Test(rules, moderate_doms_should_reduce_and_explain) {
  train(L, 0, "ana", "Squat (Barbell)", "8", "60");
  sore(L, 2, "ana", "legs", "5", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REDUCE);
  cr_assert_not_null(only_finding(A, "doms_expected"));
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->findings[0].rule, "high_soreness");
}

/* ---- high_soreness ---- */

Test(rules, severity_3_4_6_7_should_give_ready_reduce_reduce_rest) {
  const char *sev[] = {"3", "4", "6", "7", "10"};
  hinge_verdict want[] = {HINGE_VERDICT_READY, HINGE_VERDICT_REDUCE, HINGE_VERDICT_REDUCE,
                          HINGE_VERDICT_REST, HINGE_VERDICT_REST};
  size_t i;
  for (i = 0; i < 5; i++) {
    hinge_logs *l = hinge_logs_create(NULL);
    hinge_assessment *a;
    sore(l, 0, "ana", "glutes", sev[i], "ache", NULL, NULL);
    a = assess(l, LATEST);
    cr_assert_eq(only_verdict(a), want[i], "severity %s", sev[i]);
    cr_assert_eq(only_finding(a, "high_soreness") != NULL, i > 0);
    hinge_assessment_destroy(a);
    hinge_logs_destroy(l);
  }
}

Test(rules, high_soreness_should_use_the_latest_report) {
  sore(L, 0, "ana", "glutes", "8", "ache", NULL, NULL);
  sore(L, 2, "ana", "glutes", "2", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "high_soreness"));
}

Test(rules, a_stale_report_should_not_count) {
  sore(L, 0, "ana", "glutes", "8", "ache", NULL, NULL);
  sore(L, 8, "ana", "traps", "1", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "high_soreness"), "last glutes report is 8 days old");
  hinge_assessment_destroy(A);
  A = assess(L, 7);
  cr_assert_not_null(only_finding(A, "high_soreness"), "7 days old is still current");
}

/* ---- poor_sleep ---- */

Test(rules, two_short_nights_of_three_should_make_ready_reduce) {
  sore(L, 0, "ana", "traps", "1", "ache", "5.5", NULL);
  sore(L, 1, "ana", "traps", "1", "ache", "8", NULL);
  sore(L, 2, "ana", "traps", "1", "ache", "5.9", NULL);
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "poor_sleep"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REDUCE);
  cr_assert_eq(only_finding(A, "poor_sleep")->verdict, HINGE_VERDICT_REDUCE);
}

Test(rules, poor_sleep_should_make_reduce_rest) {
  sore(L, 1, "ana", "traps", "5", "ache", "5", NULL);
  sore(L, 2, "ana", "traps", "5", "ache", "4", NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REST);
  /* the escalation carries the resulting verdict, so it comes first and the
   * athlete's verdict stays that of its most severe finding */
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->findings[0].rule, "poor_sleep");
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->findings[1].rule, "high_soreness");
  cr_assert_eq(hinge_assessment_athlete(A, 0)->findings[1].verdict, HINGE_VERDICT_REDUCE);
}

Test(rules, six_hours_should_not_be_short_sleep) {
  sore(L, 1, "ana", "traps", "1", "ache", "6", NULL);
  sore(L, 2, "ana", "traps", "1", "ache", "6.0", NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "poor_sleep"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
}

Test(rules, one_short_night_or_an_old_one_should_not_count) {
  sore(L, 0, "ana", "traps", "1", "ache", "4", NULL); /* 3 nights back: outside */
  sore(L, 1, "ana", "traps", "1", "ache", "7", NULL);
  sore(L, 2, "ana", "traps", "1", "ache", "8", NULL);
  sore(L, 3, "ana", "traps", "1", "ache", "5", NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "poor_sleep"));
}

Test(rules, poor_sleep_should_not_turn_rest_into_a_referral) {
  sore(L, 1, "ana", "traps", "8", "ache", "5", NULL);
  sore(L, 2, "ana", "traps", "8", "ache", "5", NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REST);
}

Test(rules, poor_sleep_should_keep_see_professional) {
  sore(L, 1, "ana", "traps", "2", "tingling", "5", NULL);
  sore(L, 2, "ana", "traps", "2", "tingling", "5", NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL);
}

/* ---- load_spike, monotony_high ---- */

static void steady_then_spike(void) {
  int d;
  for (d = 0; d < 28; d++)
    if (d % 7 != 6) train(L, d, "ana", "Squat", "5", "60");
  for (d = 28; d < 33; d++) train(L, d, "ana", "Squat", "9", "120");
  sore(L, 32, "ana", "legs", "2", "ache", NULL, NULL);
}

Test(rules, a_load_spike_should_reduce) {
  steady_then_spike();
  A = assess(L, LATEST);
  cr_assert(hinge_assessment_athlete(A, 0)->load.acwr_ewma > 1.5);
  cr_assert_not_null(only_finding(A, "load_spike"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REDUCE);
  cr_assert_eq(hinge_assessment_athlete(A, 0)->load_basis, HINGE_TRAINLOAD_SRPE);
}

Test(rules, load_spike_should_need_a_ratio_above_the_threshold_not_equal) {
  hinge_recovery_config c;
  double r;
  steady_then_spike();
  A = assess(L, LATEST);
  r = hinge_assessment_athlete(A, 0)->load.acwr_ewma;
  hinge_assessment_destroy(A);
  hinge_recovery_config_default(&c);
  c.acwr_high = r;
  A = assess_cfg(L, LATEST, &c);
  cr_assert_null(only_finding(A, "load_spike"));
  hinge_assessment_destroy(A);
  c.acwr_high = nextafter(r, 0);
  A = assess_cfg(L, LATEST, &c);
  cr_assert_not_null(only_finding(A, "load_spike"));
}

Test(rules, steady_training_should_not_spike) {
  int d;
  for (d = 0; d < 40; d++)
    if (d % 7 == 0 || d % 7 == 2 || d % 7 == 4) train(L, d, "ana", "Squat", "7", "60");
  sore(L, 39, "ana", "legs", "1", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "load_spike"));
  cr_assert_null(only_finding(A, "monotony_high"));
}

Test(rules, monotony_above_2_should_reduce_and_2_itself_should_not) {
  hinge_recovery_config c;
  double m;
  int d;
  /* near-identical daily loads: high monotony */
  for (d = 0; d < 14; d++) train(L, d, "ana", "Squat", d % 2 ? "6" : "7", "60");
  A = assess(L, LATEST);
  m = hinge_assessment_athlete(A, 0)->load.monotony;
  cr_assert(m > 2, "monotony %g", m);
  cr_assert_not_null(only_finding(A, "monotony_high"));
  hinge_assessment_destroy(A);
  hinge_recovery_config_default(&c);
  c.monotony_high = m;
  A = assess_cfg(L, LATEST, &c);
  cr_assert_null(only_finding(A, "monotony_high"));
}

/* ---- weak_link_upper_back ---- */

static void deadlift_weeks(const int *sore_after, int n) {
  int k;
  for (k = 0; k < 4; k++) train(L, 7 * k, "ana", "Deadlift (Barbell)", "8", "60");
  for (k = 0; k < n; k++)
    sore(L, 7 * sore_after[k] + 2, "ana", k % 2 ? "traps" : "upper_back", "3", "ache", NULL,
         NULL);
  sore(L, 23, "ana", "legs", "0", NULL, NULL, NULL);
}

Test(rules, upper_back_soreness_after_3_of_4_deadlift_sessions_should_suggest_shrugs) {
  int after[] = {0, 1, 3};
  deadlift_weeks(after, 3);
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "weak_link_upper_back"));
  cr_assert(strstr(only_finding(A, "weak_link_upper_back")->suggestion, "shrugs") != NULL);
  cr_assert_eq(only_finding(A, "weak_link_upper_back")->verdict, HINGE_VERDICT_READY);
}

Test(rules, upper_back_soreness_after_2_of_4_sessions_should_not_be_a_weak_link) {
  int after[] = {0, 2};
  deadlift_weeks(after, 2);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "weak_link_upper_back"));
}

Test(rules, soreness_four_days_after_should_not_count_for_the_weak_link) {
  int k;
  for (k = 0; k < 4; k++) {
    train(L, 7 * k, "ana", "Deadlift", "8", "60");
    sore(L, 7 * k + 4, "ana", "upper_back", "3", "ache", NULL, NULL);
  }
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "weak_link_upper_back"));
}

Test(rules, analysed_sessions_should_count_as_deadlift_sessions) {
  int k;
  for (k = 0; k < 3; k++) {
    analysis(L, 7 * k, "ana", 5, 0, 1);
    sore(L, 7 * k + 1, "ana", "traps", "2", "ache", NULL, NULL);
  }
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "weak_link_upper_back"));
}

/* ---- form_lumbar_rounding ---- */

Test(rules, lumbar_rounding_with_lower_back_soreness_should_reduce) {
  analysis(L, 0, "ana", 5, 2, 0);
  sore(L, 2, "ana", "lower_back", "3", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "form_lumbar_rounding"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REDUCE);
  cr_assert(strstr(only_finding(A, "form_lumbar_rounding")->suggestion, "video") != NULL ||
            strstr(only_finding(A, "form_lumbar_rounding")->suggestion, "Film") != NULL);
}

Test(rules, lumbar_rounding_without_lower_back_soreness_should_not_apply) {
  analysis(L, 0, "ana", 5, 2, 0);
  sore(L, 2, "ana", "upper_back", "3", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "form_lumbar_rounding"));
}

Test(rules, lumbar_rounding_14_days_back_should_be_too_old) {
  analysis(L, 0, "ana", 5, 2, 0);
  sore(L, 14, "ana", "lower_back", "3", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "form_lumbar_rounding"));
  hinge_assessment_destroy(A);
  A = assess(L, 13);
  cr_assert_null(only_finding(A, "form_lumbar_rounding"), "no soreness yet on day 13");
}

Test(rules, clean_reps_should_not_flag_form) {
  analysis(L, 0, "ana", 5, 0, 3);
  sore(L, 1, "ana", "lower_back", "3", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "form_lumbar_rounding"));
}

/* ---- combination ---- */

Test(rules, verdict_names_should_be_ordered_mildest_first) {
  const char *names[] = {"ready", "reduce", "rest", "see_professional", "urgent_care",
                         "unknown"};
  const int rank[] = {0, 2, 3, 4, 5, 1};
  int v;
  cr_assert_eq(HINGE_VERDICT_COUNT, 6);
  for (v = 0; v < HINGE_VERDICT_COUNT; v++) {
    hinge_verdict p;
    cr_assert_str_eq(hinge_verdict_name(v), names[v]);
    cr_assert_eq(hinge_verdict_parse(names[v], &p), HINGE_OK);
    cr_assert_eq((int)p, v);
    cr_assert_eq(hinge_verdict_rank(v), rank[v], "%s", names[v]);
  }
  cr_assert(HINGE_VERDICT_READY < HINGE_VERDICT_REDUCE && HINGE_VERDICT_REDUCE < HINGE_VERDICT_REST &&
            HINGE_VERDICT_REST < HINGE_VERDICT_SEE_PROFESSIONAL &&
            HINGE_VERDICT_SEE_PROFESSIONAL < HINGE_VERDICT_URGENT_CARE);
  cr_assert_eq(hinge_verdict_rank(HINGE_VERDICT_COUNT), -1);
  cr_assert_eq(hinge_verdict_parse("fine", NULL), HINGE_EPARSE);
}

Test(rules, the_athlete_verdict_should_be_its_most_severe_finding_listed_first) {
  train(L, 0, "ana", "Deadlift", "8", "60");
  sore(L, 2, "ana", "lower_back", "5", "dull", NULL, NULL);
  sore(L, 2, "ana", "hamstrings", "2", "tingling", NULL, NULL);
  sore(L, 2, "ana", "glutes", "2", "ache", NULL, "night_pain");
  A = assess(L, LATEST);
  const hinge_athlete_result *r = hinge_assessment_athlete(A, 0);
  size_t i;
  cr_assert_eq(r->verdict, HINGE_VERDICT_URGENT_CARE);
  cr_assert_str_eq(r->findings[0].rule, "red_flag_symptom");
  for (i = 1; i < r->nfindings; i++)
    cr_assert(r->findings[i - 1].verdict >= r->findings[i].verdict);
  cr_assert_geq(r->nsuggestions, 3);
}

Test(rules, several_athletes_should_be_kept_apart_and_sorted) {
  train(L, 0, "ben", "Deadlift", "8", "60");
  sore(L, 1, "ben", "lower_back", "3", "dull", NULL, NULL);
  sore(L, 1, "ana", "lower_back", "3", "sharp", NULL, NULL);
  sore(L, 1, "cy", "traps", "8", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(hinge_assessment_count(A), 3);
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->athlete, "ana");
  cr_assert_eq(athlete(A, "ana")->verdict, HINGE_VERDICT_SEE_PROFESSIONAL);
  cr_assert_eq(athlete(A, "ben")->verdict, HINGE_VERDICT_READY);
  cr_assert_not_null(finding(athlete(A, "ben"), "doms_expected"));
  cr_assert_null(finding(athlete(A, "ana"), "doms_expected"), "ben's session is not ana's");
  cr_assert_eq(athlete(A, "cy")->verdict, HINGE_VERDICT_REST);
  cr_assert_eq(athlete(A, "ana")->load_basis, HINGE_TRAINLOAD_NONE);
}

Test(rules, on_should_default_to_the_latest_date_and_ignore_later_reports) {
  sore(L, 0, "ana", "traps", "2", "ache", NULL, NULL);
  sore(L, 5, "ana", "traps", "8", "ache", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(hinge_assessment_on(A), day0() + 5);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REST);
  hinge_assessment_destroy(A);
  A = assess(L, 1);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
}

Test(rules, an_external_finding_should_be_combined_in_c) {
  hinge_finding f = {0};
  sore(L, 0, "ana", "traps", "2", "ache", "5", NULL);
  sore(L, 1, "ana", "traps", "2", "ache", "5", NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REDUCE); /* ready + poor sleep */
  f.rule = "coach_rule";
  f.verdict = HINGE_VERDICT_REDUCE;
  f.message = "Meet next week: taper.";
  f.suggestion = "Drop volume by half.";
  cr_assert_eq(hinge_assessment_add_finding(A, 0, &f, NULL), HINGE_OK);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REST, "reduce + one step for sleep");
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->findings[1].rule, "coach_rule");
  cr_assert_eq(only_finding(A, "poor_sleep")->verdict, HINGE_VERDICT_REST);
  f.rule = NULL;
  cr_assert_eq(hinge_assessment_add_finding(A, 0, &f, NULL), HINGE_EINVAL);
  f.rule = "x";
  cr_assert_eq(hinge_assessment_add_finding(A, 1, &f, NULL), HINGE_EINVAL);
}

Test(rules, every_builtin_rule_should_have_an_id_a_summary_and_a_source) {
  const char *ids[] = {"no_recent_entry", "red_flag_symptom", "sharp_pain", "nerve_symptom",
                       "no_improvement", "doms_expected", "high_soreness", "poor_sleep",
                       "load_spike", "monotony_high", "weak_link_upper_back",
                       "form_lumbar_rounding"};
  size_t i;
  cr_assert_eq(hinge_rule_count(), 12);
  for (i = 0; i < 12; i++) {
    const hinge_rule_info *r = hinge_rule_get(i);
    cr_assert_str_eq(r->id, ids[i]);
    cr_assert(strlen(r->summary) > 10 && strlen(r->source) > 10);
    cr_assert_null(strstr(r->source, "DESIGN.md"), "the repository has no DESIGN.md");
  }
  cr_assert_null(hinge_rule_get(12));
}

Test(rules, an_unknown_athlete_should_be_enodata) {
  hinge_recovery_options o = {HINGE_DAY_NONE, "zed", NULL, HINGE_DAY_NONE};
  hinge_error e;
  sore(L, 0, "ana", "traps", "2", "ache", NULL, NULL);
  cr_assert_eq(hinge_recovery_assess(L, &o, &A, &e), HINGE_ENODATA);
  cr_assert(strstr(e.message, "zed") != NULL);
  cr_assert_null(A);
}

Test(rules, empty_logs_should_be_enodata) {
  cr_assert_eq(hinge_recovery_assess(L, NULL, &A, NULL), HINGE_ENODATA);
}

Test(rules, unnamed_training_should_belong_to_the_only_athlete) {
  hinge_training_entry t = {0};
  t.day = day0();
  t.athlete = "";
  t.exercise = "Deadlift (Barbell)";
  t.session = "2026-03-01 10:00:00";
  t.sets = 1;
  t.reps = 5;
  t.load_kg = 100;
  t.rpe = NAN;
  t.duration_min = 60;
  cr_assert_eq(hinge_logs_add_training(L, &t, NULL), HINGE_OK);
  sore(L, 1, "ana", "lower_back", "2", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "doms_expected"));
  cr_assert_eq(hinge_assessment_athlete(A, 0)->load_basis, HINGE_TRAINLOAD_VOLUME);
  cr_assert_eq(hinge_assessment_athlete(A, 0)->load.load, 0.0, "no training on day 1");
  hinge_assessment_destroy(A);
  A = NULL;
  sore(L, 1, "ben", "lower_back", "2", "dull", NULL, NULL);
  cr_assert_eq(hinge_recovery_assess(L, NULL, &A, NULL), HINGE_EINVAL);
}

/* ---- thresholds ---- */

Test(rules, thresholds_should_be_set_by_name_within_their_domain) {
  hinge_recovery_config c;
  double v;
  hinge_error e;
  size_t i;
  hinge_recovery_config_default(&c);
  cr_assert_eq(hinge_recovery_config_set(&c, "acwr_high", 1.3, NULL), HINGE_OK);
  cr_assert_eq(c.acwr_high, 1.3);
  cr_assert_eq(hinge_recovery_config_set(&c, "chronic_days", 21, NULL), HINGE_OK);
  cr_assert_eq(c.load.chronic_days, 21);
  cr_assert_eq(hinge_recovery_config_set(&c, "chronic_days", 21.5, &e), HINGE_ERANGE);
  cr_assert(strstr(e.message, "integer") != NULL);
  cr_assert_eq(hinge_recovery_config_set(&c, "rest_severity", 11, NULL), HINGE_ERANGE);
  cr_assert_eq(hinge_recovery_config_set(&c, "nope", 1, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "nope") != NULL);
  cr_assert_eq(hinge_recovery_config_get(&c, "tau_fitness", &v), HINGE_OK);
  cr_assert_eq(v, 42.0);
  for (i = 0; i < hinge_recovery_config_count(); i++) {
    cr_assert_eq(hinge_recovery_config_get(&c, hinge_recovery_config_name(i), &v), HINGE_OK);
    cr_assert_not_null(hinge_recovery_config_help(i));
  }
}

Test(rules, an_invalid_config_should_be_refused_by_assess) {
  hinge_recovery_config c;
  hinge_recovery_options o = {HINGE_DAY_NONE, NULL, &c, HINGE_DAY_NONE};
  sore(L, 0, "ana", "traps", "2", "ache", NULL, NULL);
  hinge_recovery_config_default(&c);
  c.doms_min_days = 5;
  cr_assert_eq(hinge_recovery_assess(L, &o, &A, NULL), HINGE_ERANGE);
  c.doms_min_days = 1;
  c.poor_sleep_window = 0;
  cr_assert_eq(hinge_recovery_assess(L, &o, &A, NULL), HINGE_ERANGE);
}
