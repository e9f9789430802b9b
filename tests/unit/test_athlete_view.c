/* Unit tests for context.c's public view: one athlete's entries up to a
 * day, sorted by day whatever the log order -- the rows the built-in rules
 * read and a coach's Lua rule gets (tests/lua/test_recovery_context.lua). */
#include <criterion/criterion.h>
#include <math.h>

#include "hinge/hinge.h"

static hinge_logs *L;

static void sore(long day, const char *athlete, double severity) {
  hinge_soreness_entry e = {0};
  e.day = day;
  e.athlete = athlete;
  e.region = "lower_back";
  e.severity = severity;
  e.sleep_h = NAN;
  cr_assert_eq(hinge_logs_add_soreness(L, &e, NULL), HINGE_OK);
}

static void train(long day, const char *athlete) {
  hinge_training_entry e = {0};
  e.day = day;
  e.athlete = athlete;
  e.exercise = "Deadlift";
  e.session = "";
  e.sets = 3;
  e.reps = 5;
  e.load_kg = 100;
  e.rpe = 7;
  e.duration_min = 30;
  cr_assert_eq(hinge_logs_add_training(L, &e, NULL), HINGE_OK);
}

static void setup(void) {
  cr_assert_eq(hinge_logs_new(NULL, &L, NULL), HINGE_OK);
  sore(20005, "ana", 2);
  sore(20003, "ana", 5);
  sore(20009, "ana", 1); /* after the day asked for */
  sore(20004, "bo", 4);
  sore(20004, "ana", 4);
  train(20002, "ana");
  train(20001, "");      /* names nobody: everyone's */
  train(20000, "bo");
}
static void teardown(void) { hinge_logs_destroy(L); }
TestSuite(athlete_view, .init = setup, .fini = teardown);

Test(athlete_view, rows_should_be_sorted_by_day_up_to_the_day) {
  hinge_athlete_view *v = NULL;
  long want[] = {20003, 20004, 20005};
  size_t i;
  cr_assert_eq(hinge_athlete_view_create(L, "ana", 20005, &v, NULL), HINGE_OK);
  cr_assert_eq(hinge_athlete_view_soreness_count(v), 3);
  for (i = 0; i < 3; i++) cr_assert_eq(hinge_athlete_view_soreness(v, i)->day, want[i]);
  cr_assert_eq(hinge_athlete_view_training_count(v), 2);
  cr_assert_eq(hinge_athlete_view_training(v, 0)->day, 20001);
  cr_assert_eq(hinge_athlete_view_training(v, 1)->day, 20002);
  cr_assert_eq(hinge_athlete_view_analysis_count(v), 0);
  cr_assert_null(hinge_athlete_view_soreness(v, 3));
  hinge_athlete_view_destroy(v);
}

Test(athlete_view, the_assessment_should_read_the_same_rows) {
  hinge_athlete_view *v = NULL;
  hinge_assessment *a = NULL;
  hinge_recovery_options o = {20005, "ana", NULL, HINGE_DAY_NONE};
  const hinge_athlete_result *r;
  size_t n;
  cr_assert_eq(hinge_athlete_view_create(L, "ana", 20005, &v, NULL), HINGE_OK);
  cr_assert_eq(hinge_recovery_assess(L, &o, &a, NULL), HINGE_OK);
  r = hinge_assessment_athlete(a, 0);
  n = hinge_athlete_view_soreness_count(v);
  cr_assert_eq(r->nepisodes, 1);
  cr_assert_eq(r->episodes[0].onset, hinge_athlete_view_soreness(v, 0)->day);
  cr_assert_eq(r->episodes[0].last_day, hinge_athlete_view_soreness(v, n - 1)->day);
  cr_assert_eq(r->episodes[0].latest, hinge_athlete_view_soreness(v, n - 1)->severity);
  hinge_assessment_destroy(a);
  hinge_athlete_view_destroy(v);
}

Test(athlete_view, null_should_be_refused_or_empty) {
  hinge_athlete_view *v = (hinge_athlete_view *)&v;
  cr_assert_eq(hinge_athlete_view_create(L, NULL, 0, &v, NULL), HINGE_EINVAL);
  cr_assert_eq(hinge_athlete_view_create(NULL, "ana", 0, &v, NULL), HINGE_EINVAL);
  cr_assert_eq(hinge_athlete_view_soreness_count(NULL), 0);
  cr_assert_null(hinge_athlete_view_training(NULL, 0));
  hinge_athlete_view_destroy(NULL);
}
