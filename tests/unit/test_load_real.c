/* Unit tests for the session loader on files as devices write them
 * (issue 13, "Session loading"): duplicate timestamps, metadata lines
 * above the header, separator-only rows, UTF-16, epoch times.  Every
 * expected value is written out by hand from the input text. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "io/table_internal.h"

static hinge_table *load_len(const char *name, const char *text, size_t len,
                             const hinge_load_options *o, int want_rc, hinge_error *e) {
  hinge_table *t = NULL;
  int rc;
  hinge_error_clear(e);
  rc = hinge_table_load_buffer(name, text, len, o, &t, e);
  cr_assert_eq(rc, want_rc, "%s: rc %d (%s)", name, rc, e->message);
  if (rc != HINGE_OK) cr_assert_null(t);
  return t;
}

static hinge_table *load_str(const char *name, const char *text, const hinge_load_options *o,
                             int want_rc, hinge_error *e) {
  return load_len(name, text, strlen(text), o, want_rc, e);
}

static const hinge_warning *warning(const hinge_table *t, const char *kind) {
  size_t i;
  for (i = 0; i < hinge_table_warning_count(t); i++)
    if (strcmp(hinge_table_warning(t, i)->kind, kind) == 0) return hinge_table_warning(t, i);
  return NULL;
}

static const double *col(const hinge_table *t, const char *name) {
  long i = hinge_table_find(t, name);
  cr_assert(i >= 0, "no column %s", name);
  return hinge_table_column(t, (size_t)i);
}

/* ---- duplicate timestamps ---- */

Test(load_real, a_repeated_row_should_be_dropped_with_a_warning_not_an_error) {
  hinge_error e;
  hinge_table *t = load_str("d.csv",
                            "time_s,hip_deg\n0.00,1\n0.01,2\n0.01,2\n0.02,3\n0.03,4\n0.03,4\n"
                            "0.04,5\n", NULL, 0, &e);
  const hinge_warning *w = warning(t, "duplicate_row");
  cr_assert_eq(hinge_table_rows(t), 5);
  cr_expect_eq(hinge_table_timing(t)->duplicates, 2);
  cr_assert_not_null(w);
  cr_expect_eq(w->line, 4, "the first repeat is on line 4");
  cr_expect_eq(w->count, 2);
  cr_expect_null(warning(t, "duplicate_time"), "no conflict among exact repeats");
  cr_expect_eq(col(t, "hip_deg")[3], 4);
  cr_expect_eq(hinge_table_time(t)[4], 0.04);
  hinge_table_destroy(t);
}

Test(load_real, conflicting_rows_at_one_time_should_keep_the_first_filled_from_the_others) {
  hinge_error e;
  hinge_table *t = load_str("c.csv",
                            "time_s,hip_deg,lumbar_deg\n0.00,1,10\n0.01,,11\n0.01,2.5,99\n"
                            "0.01,7,98\n0.02,3,12\n", NULL, 0, &e);
  const hinge_warning *w = warning(t, "duplicate_time");
  cr_assert_eq(hinge_table_rows(t), 3);
  cr_expect_eq(col(t, "hip_deg")[1], 2.5, "the missing cell comes from the next row");
  cr_expect_eq(col(t, "lumbar_deg")[1], 11, "the first row's value is kept");
  cr_expect_eq(hinge_table_column_info(t, 1)->missing, 0);
  cr_assert_not_null(w);
  cr_expect_eq(w->line, 4);
  cr_expect_eq(w->count, 2);
  cr_expect(strstr(w->message, "first row of each time is kept") != NULL, "%s", w->message);
  cr_expect_eq(hinge_table_timing(t)->duplicates, 2);
  hinge_table_destroy(t);
}

Test(load_real, lines_after_dropped_rows_should_still_be_exact) {
  hinge_error e;
  /* Rows dropped at lines 3 and 5; the gap after line 7 (0.03 -> 0.5)
   * and a bad value later must still name their own lines. */
  hinge_table *t = load_str("l.csv",
                            "time_s,hip_deg\n0.00,1\n0.00,1\n0.01,1\n0.01,1\n0.02,1\n0.03,1\n"
                            "0.50,1\n0.51,1\n", NULL, 0, &e);
  cr_assert_eq(hinge_table_gap_count(t), 1);
  cr_expect_eq(hinge_table_gap(t, 0)->line, 8);
  cr_expect_eq(hinge_table_gap(t, 0)->row, 4);
  hinge_table_destroy(t);
  load_str("l.csv", "time_s,hip_deg\n0.00,1\n0.00,1\n0.01,1\n0.005,1\n", NULL, HINGE_ERANGE, &e);
  cr_expect_eq(e.line, 5, "backwards time stays an error, at its own line");
}

Test(load_real, a_clock_coarser_than_the_sampling_should_keep_every_row) {
  hinge_error e;
  /* ISO 8601 in whole seconds at 4 Hz: 6 of 8 rows repeat a time */
  hinge_table *t = load_str("c.csv", "timestamp,hip_deg\n2026-03-02T09:30:00,1\n"
                            "2026-03-02T09:30:00,2\n2026-03-02T09:30:00,3\n"
                            "2026-03-02T09:30:00,4\n2026-03-02T09:30:01,5\n"
                            "2026-03-02T09:30:01,6\n2026-03-02T09:30:01,7\n"
                            "2026-03-02T09:30:01,8\n", NULL, 0, &e);
  const hinge_warning *w = warning(t, "coarse_time");
  cr_expect_eq(hinge_table_rows(t), 8, "no row dropped");
  cr_assert_not_null(w);
  cr_expect(strstr(w->message, "6 of 8 rows") != NULL, "%s", w->message);
  cr_expect_not_null(warning(t, "duplicate_time"));
  cr_expect_eq(hinge_table_timing(t)->duplicates, 6);
  hinge_table_destroy(t);
}

Test(load_real, a_duplicate_should_not_stop_the_analysis) {
  hinge_error e;
  hinge_analysis *a = NULL;
  char text[20000];
  size_t n = (size_t)snprintf(text, sizeof text, "time_s,hip_deg\n");
  int i, rc;
  hinge_table *t;
  for (i = 0; i < 400; i++) {
    n += (size_t)snprintf(text + n, sizeof text - n, "%.2f,%.3f\n", i / 100.0,
                          40 * sin(i / 30.0));
    if (i == 200) n += (size_t)snprintf(text + n, sizeof text - n, "%.2f,%.3f\n", i / 100.0,
                                        40 * sin(i / 30.0));
  }
  t = load_str("a.csv", text, NULL, 0, &e);
  rc = hinge_analyze(t, NULL, NULL, &a, &e);
  cr_expect_eq(rc, HINGE_OK, "%s", e.message);
  hinge_analysis_destroy(a);
  hinge_table_destroy(t);
}

/* ---- separator-only rows ---- */

Test(load_real, trailing_separator_rows_should_be_ignored) {
  hinge_error e;
  hinge_table *t = load_str("e.csv", "time_s,hip_deg,knee_deg\n0,1,2\n0.01,2,3\n,,\n , ,\n,,\n",
                            NULL, 0, &e);
  cr_expect_eq(hinge_table_rows(t), 2);
  cr_expect_eq(hinge_table_warning_count(t), 0, "trailing empty rows are not worth a word");
  hinge_table_destroy(t);
  t = load_str("e.csv", "time_s;hip_deg;knee_deg\n0;1,5;2\n0,01;2;3\n;;\n;;\n", NULL, 0, &e);
  cr_expect_eq(hinge_table_rows(t), 2);
  cr_expect_eq(col(t, "hip_deg")[0], 1.5);
  hinge_table_destroy(t);
}

Test(load_real, separator_rows_between_data_should_warn_with_their_line) {
  hinge_error e;
  hinge_table *t = load_str("m.csv", "time_s,hip_deg\n0,1\n,\n,\n0.01,2\n0.02,3\n,\n", NULL, 0,
                            &e);
  const hinge_warning *w = warning(t, "empty_row");
  cr_expect_eq(hinge_table_rows(t), 3);
  cr_assert_not_null(w);
  cr_expect_eq(w->line, 3);
  cr_expect_eq(w->count, 2, "the trailing one is not counted");
  hinge_table_destroy(t);
}

Test(load_real, a_real_bad_row_after_empty_rows_should_still_name_its_place) {
  hinge_error e;
  load_str("b.csv", "time_s,hip_deg\n0,1\n,\n0.01,abc\n,,\n", NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 4);
  cr_expect_eq(e.column, 2);
  cr_expect_str_eq(e.file, "b.csv");
}

/* ---- metadata lines above the header ---- */

Test(load_real, metadata_lines_should_be_skipped_and_kept) {
  hinge_error e;
  hinge_table *t = load_str("x.csv",
                            "Device: Movesense MD\nSubject: Ben\nDate: 2026-03-04\n"
                            "Sample rate: 100 Hz\n\ntime_s,hip_deg\n0.00,1\n0.01,2\n0.02,3\n",
                            NULL, 0, &e);
  const hinge_meta *m = hinge_table_meta(t);
  cr_assert_eq(hinge_table_rows(t), 3);
  cr_expect_eq(hinge_table_schema(t)->header_line, 6);
  cr_expect_eq(hinge_table_schema(t)->lines, 9);
  cr_expect_str_eq(m->athlete, "Ben");
  cr_expect_str_eq(m->athlete_from, "metadata");
  cr_expect_str_eq(m->date, "2026-03-04");
  cr_expect_str_eq(m->date_from, "metadata");
  cr_expect_eq(m->rate_hz, 100);
  cr_assert_eq(m->nlines, 4, "the blank line is not a metadata line");
  cr_expect_str_eq(m->lines[0].key, "Device");
  cr_expect_str_eq(m->lines[0].value, "Movesense MD");
  cr_expect_eq(m->lines[3].line, 4);
  cr_expect_eq(hinge_table_warning_count(t), 0);
  cr_expect_eq(t->fast_rows, 3, "the rows still take the fast path");
  hinge_table_destroy(t);
}

Test(load_real, delimited_metadata_should_not_be_taken_for_a_header) {
  hinge_error e;
  /* "Time,09:15" names a time column, but the next line has no number
   * under it; "Date" is no time or angle column. */
  hinge_table *t = load_str("y.csv",
                            "Date;2026-03-05\nTime;09:15\nSample rate;50;Hz\nAthlete;Cai\n"
                            "time_s;hip_deg;knee_deg\n0;1,5;2\n0,02;2;3\n", NULL, 0, &e);
  const hinge_meta *m = hinge_table_meta(t);
  cr_expect_eq(hinge_table_schema(t)->header_line, 5);
  cr_expect_eq(hinge_table_schema(t)->delimiter, ';', "read from the header, not line 1");
  cr_expect_eq(hinge_table_schema(t)->decimal, ',');
  cr_expect_str_eq(m->date, "2026-03-05");
  cr_expect_str_eq(m->athlete, "Cai");
  cr_expect_eq(m->rate_hz, 50);
  cr_expect_str_eq(m->lines[2].key, "Sample rate");
  cr_expect_str_eq(m->lines[2].value, "50 Hz");
  cr_expect_eq(hinge_table_timing(t)->sample_rate_hz, 50);
  hinge_table_destroy(t);
}

Test(load_real, columns_and_the_file_name_should_rank_around_metadata_lines) {
  hinge_error e;
  hinge_table *t = load_str("2026-03-01_ana_set2.csv",
                            "Subject: Ben\ntime_s,hip_deg,athlete\n0,1,Cai\n0.01,2,Cai\n", NULL,
                            0, &e);
  const hinge_meta *m = hinge_table_meta(t);
  cr_expect_str_eq(m->athlete, "Cai", "a column beats a metadata line");
  cr_expect_str_eq(m->athlete_from, "column");
  cr_expect_str_eq(m->date, "2026-03-01", "the file name fills what the lines do not say");
  cr_expect_str_eq(m->set, "2");
  hinge_table_destroy(t);
  t = load_str("2026-03-01_ana_set2.csv", "Subject: Ben\ntime_s,hip_deg\n0,1\n0.01,2\n", NULL,
               0, &e);
  cr_expect_str_eq(hinge_table_meta(t)->athlete, "Ben", "a metadata line beats the file name");
  hinge_table_destroy(t);
}

Test(load_real, a_file_without_a_recognisable_header_should_fail_as_before) {
  hinge_error e;
  load_str("n.csv", "Device: X\nfoo,bar\n1,2\n", NULL, HINGE_ESCHEMA, &e);
  cr_expect_eq(e.line, 1, "the first line stays the header");
  cr_expect(strstr(e.message, "no time column") != NULL, "%s", e.message);
}

Test(load_real, a_mapped_column_should_make_a_header_too) {
  hinge_error e;
  hinge_role_map map[2] = {{HINGE_ROLE_TIME, "Zeit", 0}, {HINGE_ROLE_LUMBAR, "L1_S1", 0}};
  hinge_load_options o;
  hinge_table *t;
  hinge_load_options_init(&o);
  o.map = map;
  o.nmap = 2;
  t = load_str("g.csv", "Gerät: Sensor\nZeit,L1_S1\n0,1\n0.01,2\n", &o, 0, &e);
  cr_expect_eq(hinge_table_schema(t)->header_line, 2);
  cr_expect_str_eq(hinge_table_meta(t)->lines[0].key, "Gerät");
  hinge_table_destroy(t);
}

Test(load_real, a_stated_rate_should_time_a_file_without_a_time_column) {
  hinge_error e;
  hinge_table *t = load_str("r.csv", "Sampling frequency = 50 Hz\nhip_deg,lumbar_deg\n1,2\n3,4\n"
                            "5,6\n", NULL, 0, &e);
  const hinge_timing *tm = hinge_table_timing(t);
  cr_expect_eq(tm->sample_rate_hz, 50);
  cr_expect(tm->fs_from_meta);
  cr_expect(!tm->fs_given);
  cr_expect_eq(hinge_table_time(t)[2], 2 / 50.0);
  hinge_table_destroy(t);
}

Test(load_real, a_stated_rate_the_time_column_contradicts_should_warn) {
  hinge_error e;
  hinge_table *t = load_str("r.csv", "Device: X\nSample rate: 200 Hz\ntime_s,hip_deg\n0,1\n"
                            "0.01,2\n0.02,3\n", NULL, 0, &e);
  const hinge_warning *w = warning(t, "rate_conflict");
  cr_expect_eq(hinge_table_timing(t)->sample_rate_hz, 100, "the time column rules");
  cr_assert_not_null(w);
  cr_expect_eq(w->line, 2);
  cr_expect(strstr(w->message, "200 Hz") != NULL, "%s", w->message);
  hinge_table_destroy(t);
}

/* ---- UTF-16 ---- */

/* ASCII text as UTF-16 with a BOM (bom 0: none). */
static size_t utf16(const char *s, int be, int bom, char *out) {
  size_t n = 0;
  if (bom) {
    out[n++] = be ? '\xFE' : '\xFF';
    out[n++] = be ? '\xFF' : '\xFE';
  }
  for (; *s; s++) {
    out[n++] = be ? 0 : *s;
    out[n++] = be ? *s : 0;
  }
  return n;
}

Test(load_real, utf16_should_be_decoded_whatever_the_byte_order) {
  static const char text[] = "Subject\tAna\r\ntime_ms\thip_deg\r\n0\t1.5\r\n10\t2.5\r\n";
  char buf[256];
  int be, bom;
  for (be = 0; be <= 1; be++)
    for (bom = 1; bom >= 0; bom--) {
      hinge_error e;
      hinge_table *t = load_len("u.csv", buf, utf16(text, be, bom, buf), NULL, 0, &e);
      cr_expect_str_eq(hinge_table_schema(t)->encoding, be ? "utf-16be" : "utf-16le");
      cr_expect_eq(hinge_table_schema(t)->had_bom, bom);
      cr_expect_eq(hinge_table_schema(t)->header_line, 2);
      cr_expect_eq(hinge_table_schema(t)->crlf, 1);
      cr_expect_eq(hinge_table_rows(t), 2);
      cr_expect_eq(col(t, "hip_deg")[1], 2.5);
      cr_expect_eq(hinge_table_time(t)[1], 0.01);
      cr_expect_str_eq(hinge_table_meta(t)->athlete, "Ana");
      hinge_table_destroy(t);
    }
}

Test(load_real, utf16_errors_should_keep_their_lines) {
  char buf[256];
  hinge_error e;
  size_t n = utf16("time_s,hip_deg\n0,1\n0.01,x\n", 0, 1, buf);
  load_len("u.csv", buf, n, NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  /* A cut file: the odd last byte (the first of the last line feed) is
   * U+FFFD, shown in the message where it lands. */
  n = utf16("time_s,hip_deg\n0,1\n0.01,2\n", 0, 1, buf);
  load_len("u.csv", buf, n - 1, NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect(strstr(e.message, "found '2\\xef\\xbf\\xbd'") != NULL, "%s", e.message);
}

Test(load_real, utf16_should_load_from_a_file_too) {
  char buf[256], path[] = "/tmp/hinge-u16-XXXXXX";
  int fd = mkstemp(path);
  size_t n = utf16("time_s,hip_deg\n0,1\n0.01,2\n", 0, 1, buf);
  hinge_table *t = NULL;
  hinge_error e;
  FILE *f;
  cr_assert(fd >= 0);
  f = fdopen(fd, "wb");
  fwrite(buf, 1, n, f);
  fclose(f);
  cr_assert_eq(hinge_table_load(path, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_expect_eq(hinge_table_rows(t), 2);
  cr_expect_str_eq(hinge_table_schema(t)->encoding, "utf-16le");
  hinge_table_destroy(t);
  remove(path);
}

/* ---- epoch times ---- */

Test(load_real, epoch_milliseconds_should_become_seconds_from_the_start) {
  hinge_error e;
  /* 1772443800000 ms = 2026-03-02T09:30:00Z */
  hinge_table *t = load_str("p.csv", "timestamp,hip_deg\n1772443800120,1\n1772443800130,2\n"
                            "1772443800140,3\n", NULL, 0, &e);
  const hinge_meta *m = hinge_table_meta(t);
  cr_expect_eq(hinge_table_time(t)[0], 0);
  cr_expect_eq(hinge_table_time(t)[1], 0.01);
  cr_expect_eq(hinge_table_time(t)[2], 0.02);
  cr_expect_eq(hinge_table_column_info(t, 0)->unit, HINGE_UNIT_MS);
  cr_expect_str_eq(m->start, "2026-03-02T09:30:00.12Z");
  cr_expect_str_eq(m->date, "2026-03-02");
  cr_expect_str_eq(m->date_from, "timestamp");
  cr_expect_eq(hinge_table_timing(t)->sample_rate_hz, 100);
  cr_expect_eq(hinge_table_warning_count(t), 0);
  hinge_table_destroy(t);
}

Test(load_real, epoch_times_should_be_read_in_every_unit) {
  static const struct {
    const char *text, *start;
    int unit;
  } cases[] = {
    {"unix_time,hip_deg\n1772443800.5,1\n1772443800.51,2\n", "2026-03-02T09:30:00.5Z",
     HINGE_UNIT_S},
    {"epoch,hip_deg\n1772443800,1\n1772443801,2\n", "2026-03-02T09:30:00Z", HINGE_UNIT_S},
    {"time_ms,hip_deg\n1772443800000,1\n1772443800010,2\n", "2026-03-02T09:30:00Z",
     HINGE_UNIT_MS},
    {"time_us,hip_deg\n1772443800000250,1\n1772443800010250,2\n",
     "2026-03-02T09:30:00.00025Z", HINGE_UNIT_US},
    {"time_ns,hip_deg\n1772443800000000000,1\n1772443800010000000,2\n",
     "2026-03-02T09:30:00Z", HINGE_UNIT_NS},
    {"epoch,hip_deg\n1772443800000000,1\n1772443800010000,2\n", "2026-03-02T09:30:00Z",
     HINGE_UNIT_US},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hinge_error e;
    hinge_table *t = load_str("p.csv", cases[i].text, NULL, 0, &e);
    double step = hinge_table_time(t)[1];
    if (i == 0) cr_expect_eq(step, 0.01, "fractional epoch seconds to the microsecond");
    cr_expect_str_eq(hinge_table_meta(t)->start, cases[i].start, "case %zu", i);
    cr_expect_eq(hinge_table_column_info(t, 0)->unit, cases[i].unit, "case %zu", i);
    cr_expect_eq(hinge_table_time(t)[0], 0, "case %zu", i);
    if (i >= 1) cr_expect_eq(step, i == 1 ? 1 : 0.01, "case %zu: exact steps", i);
    cr_expect_eq(hinge_table_warning_count(t), 0, "case %zu", i);
    hinge_table_destroy(t);
  }
}

Test(load_real, a_name_saying_seconds_over_epoch_milliseconds_should_warn) {
  hinge_error e;
  hinge_table *t = load_str("w.csv", "time_s,hip_deg\n1772443800000,1\n1772443800010,2\n", NULL,
                            0, &e);
  const hinge_warning *w = warning(t, "epoch_unit");
  cr_expect_eq(hinge_table_time(t)[1], 0.01);
  cr_assert_not_null(w);
  cr_expect(strstr(w->message, "in ms") != NULL, "%s", w->message);
  hinge_table_destroy(t);
}

Test(load_real, milliseconds_since_power_on_should_not_be_epoch_times) {
  hinge_error e;
  /* 120000000 ms (33 h since the device started) is no date */
  hinge_table *t = load_str("b.csv", "time_ms,hip_deg\n120000000,1\n120000010,2\n", NULL, 0,
                            &e);
  cr_expect_eq(hinge_table_time(t)[0], 120000.0);
  cr_expect_eq(hinge_table_time(t)[1], 120000.01);
  cr_expect_null(hinge_table_meta(t)->start);
  hinge_table_destroy(t);
}

Test(load_real, iso_timestamps_should_keep_their_start_too) {
  hinge_error e;
  hinge_table *t = load_str("i.csv", "timestamp,hip_deg\n2026-03-02T09:30:00.25+01:00,1\n"
                            "2026-03-02T09:30:00.35+01:00,2\n", NULL, 0, &e);
  cr_expect_str_eq(hinge_table_meta(t)->start, "2026-03-02T08:30:00.25Z");
  hinge_table_destroy(t);
}

Test(load_real, a_semicolon_file_with_metadata_and_epoch_decimal_commas_should_load) {
  hinge_error e;
  hinge_table *t = load_str("s.csv",
                            "# Exported by SpineLog\n# Athlete: Ana\n# Frequency: 100 Hz\n"
                            "epoch;hip_deg;lumbar_deg\n1772443800,000;1,5;-2,25\n"
                            "1772443800,010;1,75;-2,5\n;;\n;;\n", NULL, 0, &e);
  cr_expect_eq(hinge_table_rows(t), 2);
  cr_expect_eq(hinge_table_time(t)[1], 0.01, "epoch seconds to the microsecond");
  cr_expect_eq(col(t, "lumbar_deg")[1], -2.5);
  cr_expect_str_eq(hinge_table_meta(t)->athlete, "Ana");
  cr_expect_eq(hinge_table_meta(t)->rate_hz, 100);
  cr_expect_null(warning(t, "rate_conflict"));
  hinge_table_destroy(t);
}

/* ---- the fast paths stay the same ---- */

Test(load_real, threads_should_give_the_same_table_on_a_messy_file) {
  size_t cap = 8u << 20, n = 0, i, c;
  char *text = malloc(cap);
  hinge_load_options o;
  hinge_table *a, *b;
  hinge_error e;
  cr_assert_not_null(text);
  n += (size_t)snprintf(text, cap, "Device: X\nSubject: Ben\nSample rate: 1000 Hz\n"
                                   "timestamp,hip_deg,thoracic_deg,lumbar_deg\n");
  for (i = 0; i < 200000; i++) {
    n += (size_t)snprintf(text + n, cap - n, "%llu,%.3f,%.2f,%.4f\n",
                          1772443800000ULL + i, 40 * sin(i / 300.0), i % 97 / 7.0, i % 13 * 0.5);
    if (i % 5000 == 17) n += (size_t)snprintf(text + n, cap - n, "%llu,1,2,3\n",
                                              1772443800000ULL + i);
  }
  n += (size_t)snprintf(text + n, cap - n, ",,,\n,,,\n");
  hinge_load_options_init(&o);
  a = load_len("big.csv", text, n, &o, 0, &e);
  o.threads = 4;
  b = load_len("big.csv", text, n, &o, 0, &e);
  cr_assert_eq(hinge_table_rows(a), 200000);
  cr_assert_eq(hinge_table_rows(b), 200000);
  cr_expect_eq(hinge_table_timing(a)->duplicates, 40);
  for (c = 0; c < 4; c++)
    cr_expect(memcmp(hinge_table_column(a, c), hinge_table_column(b, c),
                     200000 * sizeof(double)) == 0, "column %zu differs", c);
  cr_expect_eq(hinge_table_time(a)[199999], 199.999);
  cr_expect(a->fast_rows > 190000, "the tight loop took only %zu rows", a->fast_rows);
  cr_expect_eq(warning(a, "duplicate_time")->line, 23);
  hinge_table_destroy(a);
  hinge_table_destroy(b);
  free(text);
}

/* ---- running out of memory anywhere in the new paths ---- */

typedef struct fail_alloc {
  size_t live, requests, fail_at;
  int bad_osize;
} fail_alloc;

#define HDR 16u

static void *fail_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
  fail_alloc *st = ud;
  unsigned char *h = ptr ? (unsigned char *)ptr - HDR : NULL;
  size_t have = 0;
  if (h != NULL) memcpy(&have, h, sizeof have);
  if (have != osize) st->bad_osize = 1;
  if (nsize == 0) {
    st->live -= have;
    free(h);
    return NULL;
  }
  if (nsize > have && ++st->requests == st->fail_at) return NULL;
  h = realloc(h, HDR + nsize);
  if (h == NULL) return NULL;
  memcpy(h, &nsize, sizeof nsize);
  st->live = st->live - have + nsize;
  return h + HDR;
}

/* Refuse the Nth request for N = 1, 2, ... until a load completes: every
 * refusal is HINGE_ENOMEM, nothing is left allocated, every free names
 * the block's size. */
static void alloc_sweep(const char *what, const char *path, const char *buf, size_t len) {
  size_t n;
  for (n = 1;; n++) {
    fail_alloc st = {0, 0, 0, 0};
    hinge_allocator a;
    hinge_load_options o;
    hinge_table *t = NULL;
    hinge_error e;
    int rc;
    st.fail_at = n;
    a.fn = fail_fn;
    a.ud = &st;
    hinge_load_options_init(&o);
    o.alloc = &a;
    rc = path ? hinge_table_load(path, &o, &t, &e)
              : hinge_table_load_buffer("m.csv", buf, len, &o, &t, &e);
    cr_assert(rc == HINGE_OK || rc == HINGE_ENOMEM, "%s, request %zu: rc %d (%s)", what, n, rc,
              e.message);
    if (rc == HINGE_ENOMEM) cr_assert_eq(e.code, HINGE_ENOMEM, "%s, request %zu", what, n);
    hinge_table_destroy(t);
    cr_assert_eq(st.live, 0, "%s, request %zu: %zu bytes left", what, n, st.live);
    cr_assert(!st.bad_osize, "%s, request %zu: a wrong osize", what, n);
    if (rc == HINGE_OK) {
      cr_assert(st.requests < n, "%s: a refusal was ignored", what);
      break;
    }
  }
}

Test(load_real, running_out_of_memory_should_fail_cleanly_on_messy_files) {
  static const char text[] = "Device: X\nSubject: Ben\nSample rate: 200 Hz\n"
                             "timestamp,hip_deg,lumbar_deg\n1772443800000,1,2\n"
                             "1772443800000,1,2\n1772443800010,,3\n1772443800010,4,5\n"
                             ",,\n1772443800020,6,7\n,,\n";
  char u16[1024], path[] = "/tmp/hinge-u16a-XXXXXX";
  size_t n = utf16(text, 0, 1, u16);
  int fd = mkstemp(path);
  FILE *f;
  alloc_sweep("metadata, epoch, duplicates, empty rows", NULL, text, strlen(text));
  alloc_sweep("the same in UTF-16", NULL, u16, n);
  cr_assert(fd >= 0);
  f = fdopen(fd, "wb");
  fwrite(u16, 1, n, f);
  fclose(f);
  alloc_sweep("the same in a UTF-16 file", path, NULL, 0);
  remove(path);
  /* 212 kB: the file is read past its first 64 KiB chunk to be decoded */
  alloc_sweep("a UTF-16 export", HINGE_TEST_DATA "/sessions/devices/windows_utf16le.csv", NULL, 0);
}
