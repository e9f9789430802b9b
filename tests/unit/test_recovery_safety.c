/* Recovery that stays safe (#13 item 1): symptoms that stay until a report
 * clears them, no green light from stale or future data, athletes matched
 * ignoring case and blanks, region aliases and unknown regions, lenient
 * reads that keep rows, decimal commas in ';' logs.  Each test names the
 * situation a coach met with the earlier code. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "hinge/hinge.h"
#include "rules_helpers.h"

static hinge_logs *L;
static hinge_assessment *A;
static void setup(void) { L = hinge_logs_create(NULL); A = NULL; }
static void teardown(void) {
  hinge_assessment_destroy(A);
  hinge_logs_destroy(L);
}
TestSuite(safety, .init = setup, .fini = teardown);

#define HEADER "date,athlete,region,severity,quality,sleep_h,flags\n"

static const char *write_file(const char *name, const char *text) {
  static char path[4][512];
  static int k;
  FILE *f;
  k = (k + 1) % 4;
  snprintf(path[k], sizeof path[k], "%s/%s", HINGE_TEST_TMP, name);
  f = fopen(path[k], "wb");
  cr_assert_not_null(f);
  fputs(text, f);
  fclose(f);
  return path[k];
}

/* Assess with today = day0() + today_off (on from the logs). */
static hinge_assessment *assess_today(int today_off, hinge_error *e) {
  hinge_recovery_options o;
  hinge_assessment *a = NULL;
  hinge_recovery_options_init(&o);
  o.today = day0() + today_off;
  cr_assert_eq(hinge_recovery_assess(L, &o, &a, e), HINGE_OK, "assess: %s", e->message);
  return a;
}

/* Whether some assessment or logs warning contains s. */
static int warned(const char *s) {
  size_t i;
  for (i = 0; A != NULL && i < hinge_assessment_warning_count(A); i++)
    if (strstr(hinge_assessment_warning(A, i), s) != NULL) return 1;
  for (i = 0; i < hinge_logs_warning_count(L); i++)
    if (strstr(hinge_logs_warning(L, i), s) != NULL) return 1;
  return 0;
}

/* ---- red flags, sharp pain and nerve symptoms stay until cleared ---- */

Test(safety, red_flags_eight_days_later_without_a_new_entry_should_stay_urgent_care) {
  sore(L, 0, "ana", "lower_back", "6", "ache", NULL, "saddle_numbness|bladder");
  sore(L, 8, "ben", "traps", "2", "dull", NULL, NULL); /* the team logs on */
  A = assess(L, LATEST);
  cr_assert_eq(hinge_assessment_on(A), day0() + 8);
  cr_assert_eq(athlete(A, "ana")->verdict, HINGE_VERDICT_URGENT_CARE,
               "was READY: 'no concerns in the logs'");
  cr_assert(strstr(finding(athlete(A, "ana"), "red_flag_symptom")->message, "saddle numbness"));
  hinge_assessment_destroy(A);
  A = assess(L, 60); /* two months on: still not cleared */
  cr_assert_eq(athlete(A, "ana")->verdict, HINGE_VERDICT_URGENT_CARE);
}

Test(safety, a_later_report_without_the_flag_should_not_clear_a_red_flag) {
  sore(L, 0, "ana", "lower_back", "6", "ache", NULL, "bowel");
  sore(L, 3, "ana", "lower_back", "2", "dull", NULL, NULL);
  sore(L, 9, "ana", "lower_back", "0", NULL, NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_URGENT_CARE);
}

Test(safety, cleared_should_close_red_flags_of_that_region_only) {
  sore(L, 0, "ana", "lower_back", "6", "ache", NULL, "saddle_numbness");
  sore(L, 0, "ana", "glutes", "4", "ache", NULL, "night_pain");
  sore(L, 2, "ana", "lower back", "1", "dull", NULL, "cleared");
  A = assess(L, LATEST);
  cr_assert_eq(count_rule(hinge_assessment_athlete(A, 0), "red_flag_symptom"), 1);
  cr_assert_str_eq(only_finding(A, "red_flag_symptom")->region, "glutes");
  hinge_assessment_destroy(A);
  sore(L, 3, "ana", "glutes", "1", "dull", NULL, "CLEARED");
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "red_flag_symptom"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
}

Test(safety, a_red_flag_after_the_clearance_should_count_again) {
  sore(L, 0, "ana", "lower_back", "6", "ache", NULL, "fever");
  sore(L, 1, "ana", "lower_back", "1", "dull", NULL, "cleared");
  sore(L, 2, "ana", "lower_back", "5", "ache", NULL, "bilateral_legs");
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_URGENT_CARE);
  cr_assert(strstr(only_finding(A, "red_flag_symptom")->message, "both legs"));
  cr_assert_null(strstr(only_finding(A, "red_flag_symptom")->message, "fever"));
}

Test(safety, sharp_pain_should_stay_until_a_report_shows_it_gone) {
  sore(L, 0, "ana", "hamstrings", "7", "shooting", NULL, NULL);
  sore(L, 30, "ana", "traps", "1", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL, "30 days of silence clear nothing");
  cr_assert(strstr(only_finding(A, "sharp_pain")->message, "Not reported again since"));
  hinge_assessment_destroy(A);
  sore(L, 31, "ana", "hamstrings", "3", NULL, NULL, NULL); /* no quality: says nothing */
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL);
  hinge_assessment_destroy(A);
  sore(L, 32, "ana", "hamstrings", "2", "dull", NULL, NULL); /* described, not sharp */
  A = assess(L, LATEST);
  cr_assert_null(only_finding(A, "sharp_pain"));
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
}

Test(safety, severity_zero_or_cleared_should_close_sharp_pain_and_nerve_symptoms) {
  sore(L, 0, "ana", "lower_back", "5", "stabbing|tingling", NULL, NULL);
  sore(L, 0, "ben", "lower_back", "5", "numb", NULL, NULL);
  sore(L, 4, "ana", "lower_back", "0", NULL, NULL, NULL);
  sore(L, 4, "ben", "lower_back", "3", NULL, NULL, "cleared");
  A = assess(L, LATEST);
  cr_assert_null(finding(athlete(A, "ana"), "sharp_pain"));
  cr_assert_null(finding(athlete(A, "ana"), "nerve_symptom"));
  cr_assert_null(finding(athlete(A, "ben"), "nerve_symptom"));
}

Test(safety, nerve_symptoms_should_not_be_cleared_by_a_report_still_naming_them) {
  sore(L, 0, "ana", "lower_back", "5", "pins_and_needles", NULL, NULL);
  sore(L, 10, "ana", "lower_back", "2", "dull|numb", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL);
  cr_assert(strstr(only_finding(A, "nerve_symptom")->message, "pins_and_needles, numb"));
}

/* ---- stale: no green light from old data ---- */

Test(safety, an_athlete_silent_for_eight_days_should_be_unknown_not_ready) {
  char d[HINGE_DATE_BUF];
  sore(L, 0, "ana", "traps", "2", "dull", NULL, NULL);
  sore(L, 8, "ben", "traps", "2", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(athlete(A, "ana")->verdict, HINGE_VERDICT_UNKNOWN);
  cr_assert_str_eq(hinge_verdict_name(athlete(A, "ana")->verdict), "unknown");
  cr_assert(strstr(finding(athlete(A, "ana"), "no_recent_entry")->message,
                   date_of(0, d)) != NULL, "names the last entry's date");
  cr_assert(strstr(finding(athlete(A, "ana"), "no_recent_entry")->message, "since") != NULL);
  cr_assert_eq(athlete(A, "ben")->verdict, HINGE_VERDICT_READY);
  cr_assert_neq(athlete(A, "ana")->nsuggestions, 0);
  cr_assert_null(strstr(athlete(A, "ana")->suggestions[0], "train as planned"));
}

Test(safety, seven_days_should_still_count_and_the_window_should_be_a_threshold) {
  hinge_recovery_config c;
  sore(L, 0, "ana", "traps", "2", "dull", NULL, NULL);
  A = assess(L, 7);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_READY);
  hinge_assessment_destroy(A);
  hinge_recovery_config_init(&c);
  cr_assert_eq(c.stale_days, 7);
  cr_assert_eq(hinge_recovery_config_set(&c, "stale_days", 3, NULL), HINGE_OK);
  A = assess_cfg(L, 4, &c);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_UNKNOWN);
}

Test(safety, training_without_any_soreness_report_should_be_unknown) {
  train(L, 0, "ana", "Deadlift", "8", "60");
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_UNKNOWN);
  cr_assert(strstr(only_finding(A, "no_recent_entry")->message, "No soreness entry for"));
}

Test(safety, stale_data_should_not_hide_a_more_cautious_verdict) {
  sore(L, 0, "ana", "traps", "2", "sharp", NULL, NULL);
  A = assess(L, 20);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL);
  cr_assert_not_null(only_finding(A, "no_recent_entry"));
}

Test(safety, unknown_should_rank_between_ready_and_reduce) {
  hinge_finding f = {0};
  sore(L, 0, "ana", "traps", "2", "dull", NULL, NULL);
  A = assess(L, 10);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_UNKNOWN);
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->findings[0].rule, "no_recent_entry");
  f.rule = "coach";
  f.verdict = HINGE_VERDICT_REDUCE;
  f.message = "taper";
  cr_assert_eq(hinge_assessment_add_finding(A, 0, &f, NULL), HINGE_OK);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REDUCE);
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->findings[0].rule, "coach");
  f.verdict = HINGE_VERDICT_READY;
  f.escalate = 1;
  cr_assert_eq(hinge_assessment_add_finding(A, 0, &f, NULL), HINGE_OK);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REST, "one step from reduce");
}

/* ---- the assessment day: not after today; later entries warned ---- */

Test(safety, a_row_dated_2062_should_not_move_the_day_nor_clear_the_team) {
  hinge_error e;
  const char *p = write_file("typo.csv", HEADER "2026-03-01,ana,lower_back,6,ache,,bladder\n"
                                                "2026-03-03,ben,traps,2,dull,,\n"
                                                "2062-03-04,ana,lower_back,0,,,cleared\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, &e), HINGE_OK, "%s", e.message);
  A = assess_today(10, &e); /* today: 2026-03-11 */
  cr_assert_eq(hinge_assessment_on(A), day0() + 2, "the latest date not after today");
  cr_assert_eq(athlete(A, "ana")->verdict, HINGE_VERDICT_URGENT_CARE);
  cr_assert(warned("typo.csv:4: soreness entry dated 2062-03-04 is after the assessment day "
                   "2026-03-03: left out"));
}

Test(safety, without_today_the_latest_date_should_still_be_the_default) {
  hinge_recovery_options o = {HINGE_DAY_NONE, NULL, NULL, 0}; /* today 0: not given */
  sore(L, 0, "ana", "traps", "2", "dull", NULL, NULL);
  sore(L, 5, "ana", "traps", "3", "dull", NULL, NULL);
  cr_assert_eq(hinge_recovery_assess(L, &o, &A, NULL), HINGE_OK);
  cr_assert_eq(hinge_assessment_on(A), day0() + 5);
  cr_assert_eq(hinge_assessment_warning_count(A), 0);
}

Test(safety, every_entry_after_today_should_be_enodata_naming_today) {
  hinge_recovery_options o;
  hinge_error e;
  sore(L, 100, "ana", "traps", "2", "dull", NULL, NULL);
  hinge_recovery_options_init(&o);
  o.today = day0();
  cr_assert_eq(hinge_recovery_assess(L, &o, &A, &e), HINGE_ENODATA);
  cr_assert(strstr(e.message, "after today (2026-03-01)") != NULL, "%s", e.message);
}

Test(safety, an_explicit_day_should_summarise_the_later_entries) {
  int k;
  for (k = 0; k < 30; k++) sore(L, k, "ana", "traps", "2", "dull", NULL, NULL);
  A = assess(L, 3);
  cr_assert_eq(hinge_assessment_warning_count(A), 1);
  cr_assert(warned("26 entries after the assessment day 2026-03-04 left out (the first: test:1: "
                   "soreness entry dated 2026-03-05)"), "%s", hinge_assessment_warning(A, 0));
}

Test(safety, many_future_entries_should_be_listed_up_to_twenty_then_counted) {
  hinge_error e;
  int k;
  for (k = 0; k < 25; k++) sore(L, 50 + k, "ana", "traps", "2", "dull", NULL, NULL);
  sore(L, 0, "ana", "traps", "2", "dull", NULL, NULL);
  A = assess_today(1, &e);
  cr_assert_eq(hinge_assessment_warning_count(A), 21);
  cr_assert(warned("... and 5 more entries after the assessment day 2026-03-01"));
}

/* ---- athletes: case and blanks, near-duplicates ---- */

Test(safety, ben_ben_and_BEN_should_be_one_athlete_shown_as_first_written) {
  int k;
  /* three weeks of unimproving soreness, spelt three ways */
  for (k = 0; k <= 21; k += 3)
    sore(L, k, k % 2 ? "ben " : (k % 3 ? "BEN" : "Ben"), "lower_back", "5", "dull", NULL, NULL);
  sore(L, 21, "BEN", "lower_back", "5", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(hinge_assessment_count(A), 1, "one athlete, not three");
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->athlete, "Ben");
  cr_assert_not_null(only_finding(A, "no_improvement"), "the three-week rule should fire");
  cr_assert(warned("athlete 'BEN' is read as 'Ben'"));
}

Test(safety, blank_runs_inside_a_name_should_match) {
  sore(L, 0, "Ana  Lee", "traps", "2", "dull", NULL, NULL);
  sore(L, 1, "ana lee", "traps", "8", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(hinge_assessment_count(A), 1);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REST);
}

Test(safety, near_duplicate_names_should_be_warned_about) {
  sore(L, 0, "Ben", "traps", "2", "dull", NULL, NULL);
  sore(L, 0, "Benn", "traps", "2", "dull", NULL, NULL);
  sore(L, 0, "Alexander", "traps", "2", "dull", NULL, NULL);
  sore(L, 0, "Alexandra", "traps", "2", "dull", NULL, NULL);
  sore(L, 0, "Cy", "traps", "2", "dull", NULL, NULL);
  sore(L, 0, "Eva", "traps", "2", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_eq(hinge_assessment_count(A), 6, "kept apart: only warned about");
  cr_assert(warned("athletes 'Ben' and 'Benn' have nearly the same name"));
  cr_assert(warned("athletes 'Alexander' and 'Alexandra'"));
  cr_assert(!warned("'Cy' and 'Eva'"), "two edits apart in short names is no near-duplicate");
}

Test(safety, the_athlete_option_should_match_any_case_and_show_the_logs_spelling) {
  hinge_recovery_options o;
  sore(L, 0, "Ben", "traps", "8", "dull", NULL, NULL);
  sore(L, 0, "ana", "traps", "2", "dull", NULL, NULL);
  train(L, 0, "ben", "Deadlift", "8", "60");
  hinge_recovery_options_init(&o);
  o.athlete = " bEn ";
  cr_assert_eq(hinge_recovery_assess(L, &o, &A, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_assessment_athlete(A, 0)->athlete, "Ben");
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_REST);
  cr_assert_neq(hinge_assessment_athlete(A, 0)->load_basis, HINGE_TRAINLOAD_NONE,
                "ben's training is Ben's");
}

/* ---- regions ---- */

Test(safety, region_aliases_should_map_to_hinge_regions) {
  static const char *const pairs[][2] = {
    {"traps", "traps"}, {"upper traps", "traps"}, {"Trapezius", "traps"},
    {"upper-traps", "traps"}, {"hammies", "hamstrings"}, {"hamstring", "hamstrings"},
    {"low back", "lower_back"}, {"lower back", "lower_back"}, {"LUMBAR", "lower_back"},
    {"thoracic", "upper_back"}, {"quadriceps", "quads"}, {"neck", "neck"}};
  size_t i;
  for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    sore(L, 0, "ana", pairs[i][0], "2", "dull", NULL, NULL);
    cr_assert_str_eq(hinge_logs_soreness(L, i)->region, pairs[i][1], "%s", pairs[i][0]);
  }
  cr_assert_eq(hinge_logs_warning_count(L), 0, "%s", hinge_logs_warning(L, 0));
}

Test(safety, hammies_after_deadlifts_should_be_doms) {
  train(L, 0, "ana", "Deadlift", "8", "60");
  sore(L, 2, "ana", "hammies", "3", "dull", NULL, NULL);
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "doms_expected"), "hammies were a region no rule knew");
}

Test(safety, upper_traps_after_deadlifts_should_feed_the_weak_link_rule) {
  int k;
  for (k = 0; k < 4; k++) {
    train(L, k * 4, "ana", "Deadlift", "8", "60");
    sore(L, k * 4 + 1, "ana", "upper traps", "3", "dull", NULL, NULL);
  }
  A = assess(L, LATEST);
  cr_assert_not_null(only_finding(A, "weak_link_upper_back"));
}

Test(safety, an_unknown_region_should_be_kept_with_a_warning_naming_the_closest) {
  sore(L, 0, "ana", "hamstrigns", "7", "shooting", NULL, NULL);
  cr_assert_str_eq(hinge_logs_soreness(L, 0)->region, "hamstrigns");
  cr_assert(warned("test:1:3: unknown region 'hamstrigns' (closest known: 'hamstrings')"), "%s",
            hinge_logs_warning(L, 0));
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL, "the row still counts");
}

/* ---- lenient: a bad cell is a missing value, the row stays ---- */

Test(safety, a_shooting_pain_with_an_unknown_flag_word_should_stay_under_lenient) {
  hinge_log_options o = {1, NULL};
  hinge_error e;
  const char *p = write_file("lenient.csv", HEADER "2026-03-01,ana,lower_back,7,shooting,,tingles\n"
                                                   "2026-03-01,ben,lower_back,5,ache,,bladder|sadle\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, &o, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_logs_soreness_count(L), 2, "no row dropped");
  cr_assert(warned("lenient.csv:2:7: unknown flag 'tingles'"));
  cr_assert(warned("lenient.csv:3:7: unknown flag 'sadle'"));
  cr_assert_eq(hinge_logs_soreness(L, 1)->flags, HINGE_FLAG_BLADDER, "the known word kept");
  A = assess(L, LATEST);
  cr_assert_eq(athlete(A, "ana")->verdict, HINGE_VERDICT_SEE_PROFESSIONAL);
  cr_assert_eq(athlete(A, "ben")->verdict, HINGE_VERDICT_URGENT_CARE);
}

Test(safety, strict_reads_should_still_refuse_the_unknown_word) {
  hinge_error e;
  const char *p = write_file("strict.csv", HEADER "2026-03-01,ana,lower_back,7,shooting,,tingles\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, &e), HINGE_EPARSE);
  cr_assert(strstr(e.message, "unknown flag 'tingles'") != NULL);
}

Test(safety, lenient_should_keep_a_row_whose_severity_is_bad_but_quality_says_something) {
  hinge_log_options o = {1, NULL};
  hinge_error e;
  const char *p = write_file("sev.csv", HEADER "2026-03-01,ana,lower_back,seven,stabbing,,\n"
                                              "2026-03-01,ana,traps,,,x,\n"
                                              ",ana,traps,3,,,\n"
                                              "2026-03-01,,traps,3,,,\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, &o, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_logs_soreness_count(L), 1);
  cr_assert(isnan(hinge_logs_soreness(L, 0)->severity));
  cr_assert(warned("sev.csv:2:4: severity 'seven' is not a number (left out)"));
  cr_assert(warned("sev.csv:3: no usable value left"));
  cr_assert(warned("sev.csv:4:1: missing date (row skipped)"));
  cr_assert(warned("sev.csv:5:2: missing athlete (row skipped)"));
  A = assess(L, LATEST);
  cr_assert_eq(only_verdict(A), HINGE_VERDICT_SEE_PROFESSIONAL);
  cr_assert(strstr(only_finding(A, "sharp_pain")->message, "nan") == NULL, "%s",
            only_finding(A, "sharp_pain")->message);
}

Test(safety, lenient_training_rows_should_keep_the_exercise) {
  hinge_log_options o = {1, NULL};
  hinge_error e;
  const char *p = write_file("tl.csv", "date,athlete,exercise,sets,reps,load_kg,rpe,duration_min\n"
                                       "2026-03-01,ana,Deadlift,5,5,140,eight,60\n");
  cr_assert_eq(hinge_logs_read_training(L, p, &o, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_logs_training_count(L), 1);
  cr_assert(isnan(hinge_logs_training(L, 0)->rpe));
  cr_assert_eq(hinge_logs_training(L, 0)->load_kg, 140);
  cr_assert(warned("tl.csv:2:7: rpe 'eight' is not a number (left out)"));
}

Test(safety, the_fields_call_with_options_should_be_lenient_too) {
  const char *f[HINGE_SORENESS_NFIELDS] = {"2026-03-01", "ana", "low back", "7", "shooting|zap",
                                           NULL, NULL};
  hinge_log_options o = {1, NULL};
  hinge_error e;
  cr_assert_eq(hinge_logs_add_soreness_fields(L, f, NULL, "rows", 4, &e), HINGE_EPARSE);
  cr_assert_eq(hinge_logs_add_soreness_fields_opts(L, f, NULL, "rows", 4, &o, &e), HINGE_OK);
  cr_assert_eq(hinge_logs_soreness(L, 0)->quality, HINGE_QUALITY_SHOOTING);
  cr_assert(warned("rows:4:5: unknown quality 'zap'"));
}

/* ---- ';' logs with a decimal comma ---- */

Test(safety, a_semicolon_log_should_read_decimal_commas) {
  hinge_error e;
  const char *p = write_file("semi.csv", "date;athlete;region;severity;quality;sleep_h;flags\n"
                                         "2026-03-01;ana;traps;6,5;dull;5,5;\n");
  const char *t = write_file("semi_t.csv", "date;athlete;exercise;sets;reps;load_kg;rpe;duration_min\n"
                                           "2026-03-01;ana;Deadlift;5;5;142,5;7,5;60\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_logs_soreness(L, 0)->severity, 6.5);
  cr_assert_eq(hinge_logs_soreness(L, 0)->sleep_h, 5.5);
  cr_assert_eq(hinge_logs_read_training(L, t, NULL, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_logs_training(L, 0)->load_kg, 142.5);
  cr_assert_eq(hinge_logs_training(L, 0)->rpe, 7.5);
}

Test(safety, a_comma_log_should_not_take_a_quoted_decimal_comma) {
  hinge_error e;
  const char *p = write_file("comma.csv", HEADER "2026-03-01,ana,traps,\"6,5\",dull,,\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, &e), HINGE_EPARSE);
  cr_assert(strstr(e.message, "severity '6,5' is not a number") != NULL, "%s", e.message);
}

/* ---- entries know their file ---- */

Test(safety, entries_should_carry_their_file_and_line) {
  hinge_error e;
  hinge_soreness_entry s;
  const char *p = write_file("where.csv", HEADER "2026-03-01,ana,traps,2,,,\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, &e), HINGE_OK);
  cr_assert_str_eq(hinge_logs_soreness(L, 0)->file, p);
  cr_assert_eq(hinge_logs_soreness(L, 0)->line, 2);
  memset(&s, 0, sizeof s);
  s.day = day0();
  s.athlete = "ana";
  s.region = "traps";
  s.severity = 1;
  s.sleep_h = NAN;
  s.file = (const char *)0x1; /* ignored, never read */
  cr_assert_eq(hinge_logs_add_soreness(L, &s, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_logs_soreness(L, 1)->file, "");
}
