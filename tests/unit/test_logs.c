/* Unit tests for logs.c and logs_read.c: dates, soreness and training logs
 * (hinge's CSV and Strong exports), validation errors naming file, line and
 * column, and the lenient mode. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"

static hinge_logs *L;
static void setup(void) { cr_assert_eq(hinge_logs_new(NULL, &L, NULL), HINGE_OK); }
static void teardown(void) { hinge_logs_destroy(L); }
TestSuite(logs, .init = setup, .fini = teardown);
TestSuite(dates);

/* Write text to a file in the test folder; returns its path (static). */
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

static hinge_error read_soreness_fails(const char *text, int want) {
  hinge_error e;
  const char *p = write_file("bad_soreness.csv", text);
  hinge_error_clear(&e);
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, &e), want, "%s", e.message);
  return e;
}

#define HEADER "date,athlete,region,severity,quality,sleep_h,flags\n"

/* ---- dates ---- */

Test(dates, should_round_trip_every_day_of_four_centuries) {
  long d, day;
  char buf[HINGE_DATE_BUF];
  for (d = -200000; d < 200000; d++) {
    hinge_day_format(d, buf);
    cr_assert_eq(hinge_day_parse(buf, 10, &day), HINGE_OK, "%s", buf);
    cr_assert_eq(day, d);
  }
}

Test(dates, should_know_the_epoch_and_leap_years) {
  long d;
  cr_assert_eq(hinge_day_parse("1970-01-01", 10, &d), HINGE_OK);
  cr_assert_eq(d, 0);
  cr_assert_eq(hinge_day_parse("2000-02-29", 10, &d), HINGE_OK);
  cr_assert_eq(hinge_day_parse("2024-02-29", 10, &d), HINGE_OK);
  cr_assert_eq(d, 19782);
  cr_assert_eq(hinge_day_parse("2026-02-29", 10, &d), HINGE_ERANGE);
  cr_assert_eq(hinge_day_parse("1900-02-29", 10, &d), HINGE_ERANGE);
  cr_assert_eq(hinge_day_parse("2026-02-30", 10, &d), HINGE_ERANGE);
  cr_assert_eq(hinge_day_parse("2026-04-31", 10, &d), HINGE_ERANGE);
  cr_assert_eq(hinge_day_parse("2026-13-01", 10, &d), HINGE_ERANGE);
  cr_assert_eq(hinge_day_parse("2026-00-10", 10, &d), HINGE_ERANGE);
  cr_assert_eq(hinge_day_parse("2026-1-01", 9, &d), HINGE_EPARSE);
  cr_assert_eq(hinge_day_parse("03/01/2026", 10, &d), HINGE_EPARSE);
  cr_assert_eq(hinge_day_parse("2026-03-01T", 11, &d), HINGE_EPARSE);
}

/* ---- soreness ---- */

Test(logs, a_soreness_log_should_read_every_field) {
  const char *p = write_file("s.csv", HEADER
                             "2026-03-01,ana,Lower back,5,dull|Pins and needles,6.5,bladder|fever\n"
                             "2026-03-02,ben,traps,0,,,\n");
  const hinge_soreness_entry *e;
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, NULL), HINGE_OK);
  cr_assert_eq(hinge_logs_soreness_count(L), 2);
  e = hinge_logs_soreness(L, 0);
  cr_assert_str_eq(e->athlete, "ana");
  cr_assert_str_eq(e->region, "lower_back");
  cr_assert_eq(e->severity, 5.0);
  cr_assert_eq(e->quality, HINGE_QUALITY_DULL | HINGE_QUALITY_PINS_AND_NEEDLES);
  cr_assert_eq(e->sleep_h, 6.5);
  cr_assert_eq(e->flags, HINGE_FLAG_BLADDER | HINGE_FLAG_FEVER);
  cr_assert_eq(e->line, 2);
  e = hinge_logs_soreness(L, 1);
  cr_assert(isnan(e->sleep_h) && e->quality == 0 && e->flags == 0);
}

Test(logs, columns_should_be_found_by_name_in_any_order) {
  const char *p = write_file("s2.csv", "Severity,Region,notes,Athlete,Date\n"
                                       "3,glutes,\"felt ok, mostly\",ana,2026-03-01\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_logs_soreness(L, 0)->region, "glutes");
}

Test(logs, bom_crlf_and_semicolons_should_read_the_same) {
  const char *p = write_file("s3.csv", "\xEF\xBB\xBF" "date;athlete;region;severity\r\n"
                                       "2026-03-01;ana;traps;2\r\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, NULL), HINGE_OK);
  cr_assert_eq(hinge_logs_soreness(L, 0)->severity, 2.0);
}

Test(logs, an_impossible_date_should_name_line_and_column) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01,ana,traps,2,,,\n"
                                             "2026-02-30,ana,traps,2,,,\n", HINGE_ERANGE);
  cr_assert_eq(e.line, 3);
  cr_assert_eq(e.column, 1);
  cr_assert(strstr(e.message, "2026-02-30") && strstr(e.message, "does not exist"), "%s",
            e.message);
  cr_assert(strstr(e.file, "bad_soreness.csv") != NULL);
}

Test(logs, a_malformed_date_should_say_what_was_expected) {
  hinge_error e = read_soreness_fails(HEADER "01/03/2026,ana,traps,2,,,\n", HINGE_EPARSE);
  cr_assert(strstr(e.message, "YYYY-MM-DD") != NULL, "%s", e.message);
}

Test(logs, severity_out_of_range_should_be_refused) {
  const char *bad[] = {"11", "-1", "10.5"};
  size_t i;
  for (i = 0; i < 3; i++) {
    char text[200];
    hinge_error e;
    snprintf(text, sizeof text, HEADER "2026-03-01,ana,traps,%s,,,\n", bad[i]);
    e = read_soreness_fails(text, HINGE_ERANGE);
    cr_assert_eq(e.line, 2);
    cr_assert_eq(e.column, 4);
    cr_assert(strstr(e.message, "severity") && strstr(e.message, "0 to 10"), "%s", e.message);
  }
}

Test(logs, severity_should_be_a_number) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01,ana,traps,high,,,\n", HINGE_EPARSE);
  cr_assert(strstr(e.message, "'high' is not a number") != NULL, "%s", e.message);
  e = read_soreness_fails(HEADER "2026-03-01,ana,traps,,,,\n", HINGE_EPARSE);
  cr_assert(strstr(e.message, "missing severity") != NULL, "%s", e.message);
  e = read_soreness_fails(HEADER "2026-03-01,ana,traps,nan,,,\n", HINGE_EPARSE);
  e = read_soreness_fails(HEADER "2026-03-01,ana,traps,5x,,,\n", HINGE_EPARSE);
}

Test(logs, an_unknown_quality_should_name_the_word) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01,ana,traps,3,dull|itchy,,\n",
                                      HINGE_EPARSE);
  cr_assert_eq(e.column, 5);
  cr_assert(strstr(e.message, "unknown quality 'itchy'") != NULL, "%s", e.message);
}

Test(logs, an_unknown_flag_should_name_the_word) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01,ana,traps,3,dull,,dizzy\n",
                                      HINGE_EPARSE);
  cr_assert_eq(e.column, 7);
  cr_assert(strstr(e.message, "unknown flag 'dizzy'") != NULL, "%s", e.message);
}

Test(logs, sleep_should_be_0_to_24_hours) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01,ana,traps,3,dull,25,\n", HINGE_ERANGE);
  cr_assert_eq(e.column, 6);
}

Test(logs, missing_athlete_or_region_should_be_refused) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01, ,traps,3,,,\n", HINGE_EPARSE);
  cr_assert(strstr(e.message, "missing athlete") != NULL, "%s", e.message);
  e = read_soreness_fails(HEADER "2026-03-01,ana,lower/back,3,,,\n", HINGE_EPARSE);
  cr_assert(strstr(e.message, "region") != NULL, "%s", e.message);
}

Test(logs, a_missing_column_should_be_a_schema_error) {
  hinge_error e = read_soreness_fails("date,athlete,region\n2026-03-01,ana,traps\n",
                                      HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "missing column 'severity'") != NULL, "%s", e.message);
  cr_assert_eq(e.line, 1);
}

Test(logs, a_ragged_row_should_name_its_line) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01,ana,traps,3\n", HINGE_EPARSE);
  cr_assert_eq(e.line, 2);
  cr_assert(strstr(e.message, "expected 7 fields") != NULL, "%s", e.message);
}

Test(logs, an_empty_file_should_be_enodata_and_a_header_alone_empty) {
  read_soreness_fails("", HINGE_ENODATA);
  read_soreness_fails(HEADER, HINGE_OK);
  cr_assert_eq(hinge_logs_soreness_count(L), 0);
}

Test(logs, a_csv_error_should_pass_through_with_its_position) {
  hinge_error e = read_soreness_fails(HEADER "2026-03-01,ana,\"traps,3,,,\n", HINGE_EPARSE);
  cr_assert_geq(e.line, 2);
}

Test(logs, a_missing_file_should_be_eio) {
  hinge_error e;
  cr_assert_eq(hinge_logs_read_soreness(L, HINGE_TEST_TMP "/nope.csv", NULL, &e), HINGE_EIO);
  cr_assert(strstr(e.file, "nope.csv") != NULL);
}

Test(logs, lenient_should_keep_rows_with_a_usable_value_and_skip_the_rest) {
  hinge_log_options o = {1, NULL};
  hinge_error e;
  const char *p = write_file("lenient.csv", HEADER "2026-03-01,ana,traps,3,,,\n"
                                                  "2026-02-30,ana,traps,3,,,\n"
                                                  "2026-03-02,ana,traps,12,,,\n"
                                                  "2026-03-03,ana,traps,2,itchy,,\n"
                                                  "2026-03-04,ana,traps,1,,,\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, &o, &e), HINGE_OK, "%s", e.message);
  /* the bad date and the row whose only value was bad are skipped; the
   * unknown quality word is left out and its row kept */
  cr_assert_eq(hinge_logs_soreness_count(L), 3);
  cr_assert_eq(hinge_logs_warning_count(L), 4);
  cr_assert(strstr(hinge_logs_warning(L, 0), "lenient.csv:3:1:") != NULL, "%s",
            hinge_logs_warning(L, 0));
  cr_assert(strstr(hinge_logs_warning(L, 0), "(row skipped)") != NULL);
  cr_assert(strstr(hinge_logs_warning(L, 1), "lenient.csv:4:4: severity 12") != NULL, "%s",
            hinge_logs_warning(L, 1));
  cr_assert(strstr(hinge_logs_warning(L, 2), "(row skipped)") != NULL);
  cr_assert(strstr(hinge_logs_warning(L, 3), "lenient.csv:5:5: unknown quality 'itchy'") != NULL,
            "%s", hinge_logs_warning(L, 3));
  cr_assert_eq(hinge_logs_soreness(L, 1)->severity, 2);
  cr_assert_eq(hinge_logs_soreness(L, 1)->quality, 0);
}

Test(logs, an_athlete_option_should_stand_in_for_a_missing_column) {
  hinge_log_options o = {0, "ana"};
  const char *p = write_file("noath.csv", "date,region,severity\n2026-03-01,traps,2\n");
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, NULL), HINGE_ESCHEMA);
  cr_assert_eq(hinge_logs_read_soreness(L, p, &o, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_logs_soreness(L, 0)->athlete, "ana");
}

/* ---- training ---- */

Test(logs, a_training_log_should_read_and_give_srpe_per_day) {
  const char *p = write_file("t.csv", "date,athlete,exercise,sets,reps,load_kg,rpe,duration_min\n"
                                      "2026-03-01,ana,Deadlift,5,3,140,8,40\n"
                                      "2026-03-01,ana,Row,4,10,60,7,20\n"
                                      "2026-03-03,ana,Squat,5,5,100,6.5,60\n"
                                      "2026-03-02,ben,Squat,5,5,100,6,60\n");
  hinge_training_format fmt = 0;
  double *daily;
  size_t n;
  long first;
  hinge_trainload_basis basis;
  cr_assert_eq(hinge_logs_read_training(L, p, NULL, &fmt, NULL), HINGE_OK);
  cr_assert_eq(fmt, HINGE_TRAINING_HINGE);
  cr_assert_eq(hinge_logs_training_count(L), 4);
  cr_assert_eq(hinge_logs_daily_load(L, "ana", HINGE_DAY_NONE, &daily, &n, &first, &basis,
                                     NULL), HINGE_OK);
  cr_assert_eq(basis, HINGE_TRAINLOAD_SRPE);
  cr_assert_eq(n, 3);
  cr_assert_eq(daily[0], 8 * 40 + 7 * 20.0);
  cr_assert_eq(daily[1], 0.0);
  cr_assert_eq(daily[2], 6.5 * 60);
  hinge_logs_free_daily(L, daily, n);
}

Test(logs, missing_rpe_should_fall_back_to_volume_load) {
  const char *p = write_file("t2.csv", "date,athlete,exercise,sets,reps,load_kg,rpe,duration_min\n"
                                       "2026-03-01,ana,Deadlift,5,3,140,8,40\n"
                                       "2026-03-02,ana,Row,4,10,60,,\n");
  double *daily;
  size_t n;
  long first;
  hinge_trainload_basis basis;
  cr_assert_eq(hinge_logs_read_training(L, p, NULL, NULL, NULL), HINGE_OK);
  cr_assert_eq(hinge_logs_daily_load(L, "ana", HINGE_DAY_NONE, &daily, &n, &first, &basis,
                                     NULL), HINGE_OK);
  cr_assert_eq(basis, HINGE_TRAINLOAD_VOLUME);
  cr_assert_eq(daily[0], 5 * 3 * 140.0);
  cr_assert_eq(daily[1], 4 * 10 * 60.0);
  hinge_logs_free_daily(L, daily, n);
  cr_assert_str_eq(hinge_trainload_basis_name(basis), "volume_load");
}

Test(logs, a_bad_training_row_should_name_field_and_line) {
  const char *p = write_file("t3.csv", "date,athlete,exercise,sets,reps,load_kg,rpe,duration_min\n"
                                       "2026-03-01,ana,Deadlift,5,3,140,11,40\n");
  hinge_error e;
  cr_assert_eq(hinge_logs_read_training(L, p, NULL, NULL, &e), HINGE_ERANGE);
  cr_assert_eq(e.line, 2);
  cr_assert_eq(e.column, 7);
  cr_assert(strstr(e.message, "rpe") != NULL, "%s", e.message);
}

Test(logs, an_unknown_header_should_not_be_taken_for_a_training_log) {
  const char *p = write_file("t4.csv", "time_s,hip_deg\n0,1\n");
  hinge_error e;
  cr_assert_eq(hinge_logs_read_training(L, p, NULL, NULL, &e), HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "Strong") != NULL, "%s", e.message);
}

/* ---- Strong ---- */

Test(logs, the_strong_sample_should_import_every_set) {
  hinge_training_format fmt = 0;
  hinge_error e;
  size_t i, deadlifts = 0;
  cr_assert_eq(hinge_logs_read_training(L, HINGE_TEST_DATA "/strong_export_sample.csv", NULL,
                                        &fmt, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(fmt, HINGE_TRAINING_STRONG);
  cr_assert_eq(hinge_logs_training_count(L), 2078);
  for (i = 0; i < 2078; i++) {
    const hinge_training_entry *t = hinge_logs_training(L, i);
    deadlifts += strcmp(t->exercise, "Deadlift (Barbell)") == 0;
    cr_assert_str_eq(t->athlete, "");
    cr_assert(isnan(t->rpe));
  }
  cr_assert_eq(deadlifts, 107);
  cr_assert_eq(hinge_logs_training(L, 0)->duration_min, 138.0); /* "2h 18m" */
  cr_assert_str_eq(hinge_logs_training(L, 0)->session, "2021-02-10 16:46:13");
}

Test(logs, strong_daily_volume_should_match_pandas) {
  FILE *f = fopen(HINGE_TEST_DATA "/strong_daily_volume.csv", "r");
  char line[256];
  double *daily;
  size_t n, days = 0;
  long first;
  hinge_trainload_basis basis;
  cr_assert_eq(hinge_logs_read_training(L, HINGE_TEST_DATA "/strong_export_sample.csv", NULL,
                                        NULL, NULL), HINGE_OK);
  cr_assert_eq(hinge_logs_daily_load(L, NULL, HINGE_DAY_NONE, &daily, &n, &first, &basis, NULL),
               HINGE_OK);
  cr_assert_eq(basis, HINGE_TRAINLOAD_VOLUME, "the sample has no RPE");
  cr_assert_not_null(f);
  cr_assert(fgets(line, sizeof line, f) != NULL);
  while (fgets(line, sizeof line, f)) {
    long day;
    double vol = strtod(line + 11, NULL);
    cr_assert_eq(hinge_day_parse(line, 10, &day), HINGE_OK);
    cr_assert(ieee_ulp_eq(dbl, daily[day - first], vol, 4), "%.10s: %g vs %g", line,
              daily[day - first], vol);
    days++;
  }
  fclose(f);
  cr_assert_eq(days, 129);
  hinge_logs_free_daily(L, daily, n);
}

Test(logs, strong_with_rpe_should_use_mean_set_rpe_times_minutes) {
  const char *p = write_file("strong_rpe.csv",
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    "2026-03-01 10:00:00,\"A, heavy\",1h 30m,\"Deadlift (Barbell)\",1,140,3,0,0,,,8\n"
    "2026-03-01 10:00:00,\"A, heavy\",1h 30m,\"Deadlift (Barbell)\",2,140,3,0,0,,,9\n"
    "2026-03-01 18:00:00,B,45m,Plank,1,0,0,0,60,,,7\n");
  double *daily;
  size_t n;
  long first;
  hinge_trainload_basis basis;
  hinge_log_options o = {0, "ana"};
  cr_assert_eq(hinge_logs_read_training(L, p, &o, NULL, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_logs_training(L, 0)->athlete, "ana");
  cr_assert_eq(hinge_logs_daily_load(L, "ana", HINGE_DAY_NONE, &daily, &n, &first, &basis,
                                     NULL), HINGE_OK);
  cr_assert_eq(basis, HINGE_TRAINLOAD_SRPE);
  cr_assert_eq(n, 1);
  cr_assert_eq(daily[0], 8.5 * 90 + 7 * 45.0);
  hinge_logs_free_daily(L, daily, n);
}

Test(logs, legacy_strong_exports_with_semicolons_and_pounds_should_import) {
  const char *p = write_file("strong_old.csv",
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
    "2019-05-01 07:00:00;Pull;Deadlift (Barbell);1;225;lbs;5;;;;;;;1h 5m\n");
  const hinge_training_entry *t;
  cr_assert_eq(hinge_logs_read_training(L, p, NULL, NULL, NULL), HINGE_OK);
  t = hinge_logs_training(L, 0);
  cr_assert(ieee_ulp_eq(dbl, t->load_kg, 225 * 0.45359237, 4));
  cr_assert_eq(t->duration_min, 65.0);
}

Test(logs, a_bad_strong_duration_or_date_should_name_the_cell) {
  const char *p = write_file("strong_bad.csv",
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,RPE\n"
    "2026-03-01 10:00:00,A,ninety,Deadlift,1,100,5,\n");
  hinge_error e;
  cr_assert_eq(hinge_logs_read_training(L, p, NULL, NULL, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 2);
  cr_assert_eq(e.column, 3);
  p = write_file("strong_bad2.csv",
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,RPE\n"
    "2026-02-30 10:00:00,A,1h,Deadlift,1,100,5,\n");
  cr_assert_eq(hinge_logs_read_training(L, p, NULL, NULL, &e), HINGE_EPARSE);
  cr_assert_eq(e.column, 1);
}

/* The minutes a Strong export with Duration `d` gives; NaN and *refused
 * set when the cell is refused (HINGE_EPARSE naming line 2, column 3). */
static double strong_minutes_or_refused(const char *d, int *refused) {
  char text[512];
  const char *p;
  hinge_error e;
  hinge_logs *logs = hinge_logs_create(NULL);
  double m = NAN;
  int rc;
  snprintf(text, sizeof text,
           "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,RPE\n"
           "2026-03-01 10:00:00,A,\"%s\",Deadlift,1,100,5,\n", d);
  p = write_file("strong_duration.csv", text);
  rc = hinge_logs_read_training(logs, p, NULL, NULL, &e);
  *refused = rc != HINGE_OK;
  if (rc == HINGE_OK) {
    m = hinge_logs_training(logs, 0)->duration_min;
  } else {
    cr_expect_eq(rc, HINGE_EPARSE, "'%s': %s", d, e.message);
    cr_expect(e.line == 2 && e.column == 3, "'%s': %ld:%ld", d, e.line, e.column);
  }
  hinge_logs_destroy(logs);
  return m;
}

static double strong_minutes(const char *d) {
  int refused;
  double m = strong_minutes_or_refused(d, &refused);
  cr_expect(refused == 0, "'%s' was refused", d);
  return m;
}

Test(logs, strong_durations_of_the_documented_forms_should_read_as_minutes) {
  static const struct { const char *cell; double minutes; } ok[] = {
    {"2h 18m", 138}, {"45m", 45}, {"1h", 60}, {"1h 2m 30s", 62.5}, {"1h 5m", 65},
    {"30s", 0.5}, {"90 min", 90}, {"1h 30sec", 60.5}, {"1h5m", 65}, {" 1 h  5 m ", 65},
    {"3600", 60}, {"5400 ", 90}, {"0m", 0}};
  size_t i;
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
    cr_expect(ieee_ulp_eq(dbl, strong_minutes(ok[i].cell), ok[i].minutes, 4), "'%s' -> %g",
              ok[i].cell, strong_minutes(ok[i].cell));
  cr_expect(isnan(strong_minutes("")), "a blank duration should be missing");
  cr_expect(isnan(strong_minutes("  ")));
}

Test(logs, strong_durations_outside_the_grammar_should_be_refused) {
  /* strtod's grammar (hex, exponents, signs, fractions, inf/nan) and
   * anything else that is not hours, minutes and seconds in that order */
  static const char *const bad[] = {
    "0x10h", "1e1h", "0x1p3m", "+5m", "-5m", "1.5h", "1,5h", "infh", "nanm", "inf",
    "h", "5m 1h", "1h 1h", "1h 30", "1hr", "5 minutes", "1ms", "1d", "1H", "5m,",
    "ninety", "1 h 2", "1234567890", "00:45:00"};
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int refused;
    strong_minutes_or_refused(bad[i], &refused);
    cr_expect(refused, "'%s' was accepted", bad[i]);
  }
}

/* ---- C structs ---- */

Test(logs, structs_should_be_validated_like_rows) {
  hinge_soreness_entry s = {0};
  hinge_error e;
  hinge_day_parse("2026-03-01", 10, &s.day);
  s.athlete = "ana";
  s.region = "Upper Back";
  s.severity = 3;
  s.sleep_h = NAN;
  cr_assert_eq(hinge_logs_add_soreness(L, &s, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_logs_soreness(L, 0)->region, "upper_back");
  s.severity = 10.5;
  cr_assert_eq(hinge_logs_add_soreness(L, &s, NULL), HINGE_ERANGE);
  s.severity = NAN;
  cr_assert_eq(hinge_logs_add_soreness(L, &s, NULL), HINGE_ERANGE);
  s.severity = 2;
  s.athlete = "";
  cr_assert_eq(hinge_logs_add_soreness(L, &s, NULL), HINGE_EINVAL);
  s.athlete = "ana";
  s.day = HINGE_DAY_NONE;
  cr_assert_eq(hinge_logs_add_soreness(L, &s, NULL), HINGE_ERANGE);
  cr_assert_eq(hinge_logs_soreness_count(L), 1);
}

Test(logs, quality_and_flag_words_should_round_trip) {
  unsigned bits;
  size_t bad;
  cr_assert_eq(hinge_quality_parse("Pins-and-needles | numbness", 27, &bits, NULL), HINGE_OK);
  cr_assert_eq(bits, HINGE_QUALITY_PINS_AND_NEEDLES | HINGE_QUALITY_NUMB);
  cr_assert_str_eq(hinge_quality_name(HINGE_QUALITY_PINS_AND_NEEDLES), "pins_and_needles");
  cr_assert_eq(hinge_flags_parse("none", 4, &bits, NULL), HINGE_OK);
  cr_assert_eq(bits, 0);
  cr_assert_eq(hinge_flags_parse("fever|x", 7, &bits, &bad), HINGE_EPARSE);
  cr_assert_eq(bad, 6);
  cr_assert_str_eq(hinge_flag_name(HINGE_FLAG_BILATERAL_LEGS), "bilateral_legs");
  cr_assert_null(hinge_flag_name(3));
}

/* ---- bad input never crashes ---- */

Test(logs, binary_garbage_and_nul_bytes_should_be_clean_errors) {
  char path[512];
  unsigned char junk[4096];
  unsigned seed = 99;
  size_t i;
  FILE *f;
  hinge_error e;
  for (i = 0; i < sizeof junk; i++) {
    seed = seed * 1103515245u + 12345u;
    junk[i] = (unsigned char)(seed >> 16);
  }
  snprintf(path, sizeof path, "%s/junk.csv", HINGE_TEST_TMP);
  f = fopen(path, "wb");
  fwrite(junk, 1, sizeof junk, f);
  fclose(f);
  cr_assert_neq(hinge_logs_read_soreness(L, path, NULL, &e), HINGE_OK);
  cr_assert_neq(hinge_logs_read_training(L, path, NULL, NULL, &e), HINGE_OK);
  cr_assert_neq(hinge_logs_read_analysis(L, path, &e), HINGE_OK);
  f = fopen(path, "wb");
  fwrite(HEADER "2026-03-01,an\0a,traps,2,,,\n", 1, sizeof HEADER + 27 - 1, f);
  fclose(f);
  cr_assert_eq(hinge_logs_read_soreness(L, path, NULL, &e), HINGE_EPARSE);
  cr_assert(strstr(e.message, "NUL") != NULL, "%s", e.message);
  cr_assert_eq(e.column, 2);
}

Test(logs, random_rows_should_never_crash_in_lenient_mode) {
  static const char *const cells[] = {"", "2026-03-01", "2026-02-29", "x", "-1", "11", "5",
                                      "1e400", "dull|", "|", "sharp|numb", "fever|x", "ana",
                                      " ", "\"q,\"", "nan", "0x10", "7.5"};
  char text[8192];
  unsigned seed = 3;
  int row, k;
  hinge_log_options o = {1, NULL};
  size_t len = (size_t)snprintf(text, sizeof text, HEADER);
  for (row = 0; row < 100; row++) {
    for (k = 0; k < 7; k++) {
      seed = seed * 1103515245u + 12345u;
      len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", k ? "," : "",
                              cells[(seed >> 16) % (sizeof cells / sizeof cells[0])]);
    }
    len += (size_t)snprintf(text + len, sizeof text - len, "\n");
  }
  cr_assert_eq(hinge_logs_read_soreness(L, write_file("random.csv", text), &o, NULL), HINGE_OK);
  /* no row vanishes: each line is an entry or named by a warning */
  for (row = 0; row < 100; row++) {
    char at[64];
    size_t i;
    int seen = 0;
    snprintf(at, sizeof at, "random.csv:%d:", row + 2);
    for (i = 0; i < hinge_logs_soreness_count(L); i++)
      seen |= hinge_logs_soreness(L, i)->line == row + 2;
    for (i = 0; i < hinge_logs_warning_count(L); i++)
      seen |= strstr(hinge_logs_warning(L, i), at) != NULL;
    cr_assert(seen, "line %d vanished", row + 2);
  }
}

Test(logs, soreness_and_sleep_headers_should_read_as_severity_and_sleep_h) {
  hinge_error e;
  const hinge_soreness_entry *s;
  const char *p = write_file("aliases.csv", "Date,Athlete,Region,Soreness,Sleep\n"
                                            "2026-03-01,ana,traps,4,7.5\n");
  hinge_error_clear(&e);
  cr_assert_eq(hinge_logs_read_soreness(L, p, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_logs_soreness_count(L), 1);
  s = hinge_logs_soreness(L, 0);
  cr_assert_float_eq(s->severity, 4.0, 1e-12);
  cr_assert_float_eq(s->sleep_h, 7.5, 1e-12);
}
