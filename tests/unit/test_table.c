/* Unit tests for table.c / schema.c: the session loader. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "io/table_internal.h"

static hinge_table *load_str(const char *name, const char *text, const hinge_load_options *o,
                             int want_rc, hinge_error *e) {
  hinge_table *t = NULL;
  int rc = hinge_table_load_buffer(name, text, strlen(text), o, &t, e);
  cr_assert_eq(rc, want_rc, "%s: rc %d (%s)", name, rc, e->message);
  if (rc != HINGE_OK) cr_assert_null(t);
  return t;
}

static uint64_t bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

/* ---- basics ---- */

Test(table, a_plain_session_should_load_with_roles_units_and_rate) {
  hinge_error e;
  hinge_table *t = load_str("s.csv",
                            "time_s,hip_deg,thoracic_deg,lumbar_deg\n"
                            "0.00,1.5,10,3\n0.01,2.5,11,4\n0.02,3.5,12,5\n", NULL, 0, &e);
  const hinge_timing *tm = hinge_table_timing(t);
  cr_expect_eq(hinge_table_rows(t), 3);
  cr_expect_eq(hinge_table_columns(t), 4);
  cr_expect_eq(hinge_table_column_info(t, 1)->role, HINGE_ROLE_HIP);
  cr_expect_eq(hinge_table_column_info(t, 1)->unit, HINGE_UNIT_DEG);
  cr_expect_eq(hinge_table_column_info(t, 0)->unit, HINGE_UNIT_S);
  cr_expect_eq(hinge_table_column(t, 2)[2], 12.0);
  cr_expect_eq(hinge_table_find(t, "lumbar"), 3);
  cr_expect_eq(hinge_table_find(t, "HIP_DEG"), 1);
  cr_expect_eq(hinge_table_find(t, "nope"), -1);
  cr_expect_eq(hinge_table_role_column(t, HINGE_ROLE_THORACIC), 2);
  cr_expect(fabs(tm->sample_rate_hz - 100.0) < 1e-9, "%g", tm->sample_rate_hz);
  cr_expect_eq(tm->start_s, 0.0);
  cr_expect_eq(tm->end_s, 0.02);
  cr_expect_eq(hinge_table_schema(t)->delimiter, ',');
  cr_expect_eq(hinge_table_schema(t)->decimal, '.');
  cr_expect_eq(hinge_table_schema(t)->header_line, 1);
  cr_expect_eq(hinge_table_warning_count(t), 0);
  cr_expect_eq(hinge_table_time(t), hinge_table_column(t, 0));
  hinge_table_destroy(t);
  hinge_table_destroy(NULL);
}

Test(table, aliases_and_unit_suffixes_should_match_case_insensitively) {
  hinge_error e;
  hinge_table *t = load_str("a.csv",
                            "Time (ms),Hip Flexion [rad],Upper Back,L-Spine_deg,Knee,Shin Angle,"
                            "Trunk Inclination (degrees),Athlete,Load (kg)\n"
                            "0,0.5,1,2,3,4,5,bo,120\n10,1,1,2,3,4,5,bo,120\n", NULL, 0, &e);
  static const int roles[] = {HINGE_ROLE_TIME, HINGE_ROLE_HIP, HINGE_ROLE_THORACIC,
                              HINGE_ROLE_LUMBAR, HINGE_ROLE_KNEE, HINGE_ROLE_SHIN,
                              HINGE_ROLE_TRUNK, HINGE_ROLE_ATHLETE, HINGE_ROLE_LOAD};
  size_t i;
  for (i = 0; i < 9; i++)
    cr_expect_eq(hinge_table_column_info(t, i)->role, roles[i], "column %zu", i);
  cr_expect_eq(hinge_table_column_info(t, 0)->unit, HINGE_UNIT_MS);
  cr_expect_eq(hinge_table_column_info(t, 1)->unit, HINGE_UNIT_RAD);
  cr_expect_eq(hinge_table_column(t, 0)[1], 0.01);
  cr_expect_eq(hinge_table_column(t, 1)[0], 0.5 * 57.295779513082320876798154814105);
  cr_expect_null(hinge_table_column(t, 7));
  cr_expect_str_eq(hinge_table_meta(t)->athlete, "bo");
  cr_expect_str_eq(hinge_table_meta(t)->athlete_from, "column");
  cr_expect_eq(hinge_table_meta(t)->load_kg, 120.0);
  hinge_table_destroy(t);
}

Test(table, iso_timestamps_should_become_seconds_from_the_first) {
  hinge_error e;
  hinge_table *t = load_str("iso.csv",
                            "timestamp,hip_deg\n"
                            "2026-03-02T09:59:59.990Z,1\n"
                            "2026-03-02T10:00:00.000Z,2\n"
                            "2026-03-02T11:00:00.010+01:00,3\n", NULL, 0, &e);
  const double *x = hinge_table_time(t);
  cr_expect_eq(hinge_table_column_info(t, 0)->unit, HINGE_UNIT_ISO8601);
  cr_expect_eq(x[0], 0.0);
  cr_expect(fabs(x[1] - 0.01) < 1e-12, "%.17g", x[1]);
  cr_expect(fabs(x[2] - 0.02) < 1e-12, "%.17g", x[2]);
  cr_expect_str_eq(hinge_table_meta(t)->date, "2026-03-02");
  cr_expect_str_eq(hinge_table_meta(t)->date_from, "timestamp");
  hinge_table_destroy(t);
}

Test(table, a_bad_timestamp_should_fail_at_its_line_and_column) {
  hinge_error e;
  load_str("iso.csv", "timestamp,hip_deg\n2026-03-02T10:00:00Z,1\n2026-02-30T10:00:00Z,2\n",
           NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 1);
  cr_expect(strstr(e.message, "ISO 8601") != NULL, "%s", e.message);
}

Test(table, semicolon_files_should_take_a_decimal_comma) {
  hinge_error e;
  hinge_table *t = load_str("c.csv", "time_s;hip_deg\n0,00;12,5\n0,01;\"13,25\"\n0,02;1e1\n",
                            NULL, 0, &e);
  cr_expect_eq(hinge_table_schema(t)->delimiter, ';');
  cr_expect_eq(hinge_table_schema(t)->decimal, ',');
  cr_expect_eq(hinge_table_column(t, 1)[0], 12.5);
  cr_expect_eq(hinge_table_column(t, 1)[1], 13.25);
  cr_expect_eq(hinge_table_column(t, 1)[2], 10.0);
  cr_expect_eq(hinge_table_warning_count(t), 0);
  hinge_table_destroy(t);
}

Test(table, metadata_should_come_from_the_file_name_when_no_column_gives_it) {
  hinge_error e;
  hinge_table *t = load_str("/data/2026-03-02_ana_heavy_set3.csv", "time_s,hip_deg\n0,1\n1,2\n",
                            NULL, 0, &e);
  const hinge_meta *m = hinge_table_meta(t);
  cr_expect_str_eq(m->athlete, "ana");
  cr_expect_str_eq(m->athlete_from, "file name");
  cr_expect_str_eq(m->date, "2026-03-02");
  cr_expect_str_eq(m->set, "3");
  cr_expect_null(m->exercise);
  cr_expect(isnan(m->load_kg));
  hinge_table_destroy(t);
  t = load_str("2026-02-30_ana.csv", "time_s,hip_deg\n0,1\n1,2\n", NULL, 0, &e);
  cr_expect_null(hinge_table_meta(t)->athlete, "an impossible date is not a session name");
  hinge_table_destroy(t);
}

Test(table, metadata_columns_should_win_and_changes_be_warned) {
  hinge_error e;
  hinge_table *t = load_str("2026-03-02_ana_x.csv",
                            "time_s,hip_deg,athlete,date,exercise,set\n"
                            "0,1,bob,2026-03-01,deadlift,2\n1,2,bob,,deadlift,2\n"
                            "2,3,carl,2026-03-01,deadlift,2\n", NULL, 0, &e);
  const hinge_meta *m = hinge_table_meta(t);
  cr_expect_str_eq(m->athlete, "bob");
  cr_expect_str_eq(m->date, "2026-03-01");
  cr_expect_str_eq(m->exercise, "deadlift");
  cr_expect_str_eq(m->set, "2");
  cr_assert_eq(hinge_table_warning_count(t), 1);
  cr_expect_str_eq(hinge_table_warning(t, 0)->kind, "metadata_varies");
  cr_expect_eq(hinge_table_warning(t, 0)->line, 4);
  hinge_table_destroy(t);
}

Test(table, an_explicit_mapping_should_assign_roles_and_beat_aliases) {
  hinge_error e;
  hinge_role_map map[2] = {{HINGE_ROLE_LUMBAR, "l1_s1_flex", 0}, {HINGE_ROLE_HIP, "hip2", 0}};
  hinge_load_options o = {0};
  hinge_table *t;
  o.map = map;
  o.nmap = 2;
  t = load_str("m.csv", "time_s,hip_deg,L1_S1_flex,hip2\n0,1,2,3\n1,1,2,3\n", &o, 0, &e);
  cr_expect_eq(hinge_table_role_column(t, HINGE_ROLE_LUMBAR), 2);
  cr_expect_eq(hinge_table_role_column(t, HINGE_ROLE_HIP), 3);
  cr_expect(hinge_table_column_info(t, 3)->mapped);
  cr_expect_eq(hinge_table_column_info(t, 1)->role, HINGE_ROLE_NONE);
  hinge_table_destroy(t);
  map[0].column = "nope";
  load_str("m.csv", "time_s,hip_deg,L1_S1_flex,hip2\n0,1,2,3\n", &o, HINGE_ESCHEMA, &e);
  cr_expect(strstr(e.message, "no column 'nope'") != NULL, "%s", e.message);
}

Test(table, two_columns_matching_one_role_should_be_a_schema_error) {
  hinge_error e;
  load_str("d.csv", "time_s,hip_deg,Hip\n0,1,2\n", NULL, HINGE_ESCHEMA, &e);
  cr_expect_eq(e.line, 1);
  cr_expect_eq(e.column, 3);
  cr_expect(strstr(e.message, "--map hip=") != NULL, "%s", e.message);
}

Test(table, missing_required_columns_should_be_schema_errors) {
  hinge_error e;
  hinge_load_options o = {0};
  load_str("r.csv", "hip_deg\n1\n", NULL, HINGE_ESCHEMA, &e);
  cr_expect(strstr(e.message, "no time column") != NULL, "%s", e.message);
  load_str("r.csv", "time_s,foo\n0,1\n", NULL, HINGE_ESCHEMA, &e);
  cr_expect(strstr(e.message, "no angle column") != NULL, "%s", e.message);
  o.require = HINGE_ROLE_BIT(HINGE_ROLE_HIP) | HINGE_ROLE_BIT(HINGE_ROLE_LUMBAR);
  load_str("r.csv", "time_s,hip_deg\n0,1\n", &o, HINGE_ESCHEMA, &e);
  cr_expect(strstr(e.message, "required lumbar column") != NULL, "%s", e.message);
}

Test(table, a_given_sample_rate_should_stand_in_for_the_time_column) {
  hinge_error e;
  hinge_load_options o = {0};
  hinge_table *t;
  o.fs = 50;
  t = load_str("f.csv", "hip_deg\n1\n2\n3\n", &o, 0, &e);
  cr_expect_eq(hinge_table_time(t)[2], 2.0 / 50);
  cr_expect_eq(hinge_table_timing(t)->sample_rate_hz, 50.0);
  cr_expect(isnan(hinge_table_timing(t)->detected_hz));
  cr_expect_eq(hinge_table_find(t, "time"), -1);
  hinge_table_destroy(t);
  t = load_str("f.csv", "time_s,hip_deg\n0,1\n0.01,2\n0.02,3\n", &o, 0, &e);
  cr_expect_eq(hinge_table_timing(t)->sample_rate_hz, 50.0);
  cr_assert_eq(hinge_table_warning_count(t), 1);
  cr_expect_str_eq(hinge_table_warning(t, 0)->kind, "fs_mismatch");
  hinge_table_destroy(t);
}

Test(table, gaps_duplicates_and_irregular_steps_should_be_reported) {
  hinge_error e;
  hinge_table *t = load_str("g.csv",
                            "time_s,hip_deg\n0.00,1\n0.01,1\n0.02,1\n0.02,1\n0.03,1\n\n"
                            "0.10,1\n0.11,1\n0.125,1\n0.13,1\n", NULL, 0, &e);
  const hinge_timing *tm = hinge_table_timing(t);
  cr_expect_eq(tm->duplicates, 1);
  cr_expect_eq(tm->gaps, 1);
  cr_assert_eq(hinge_table_gap_count(t), 1);
  cr_expect_eq(hinge_table_gap(t, 0)->line, 8, "the blank line counts");
  cr_expect_eq(hinge_table_gap(t, 0)->row, 4, "the repeated row 0.02,1 is dropped");
  cr_expect_eq(hinge_table_rows(t), 8);
  cr_expect_eq(hinge_table_gap(t, 0)->start_s, 0.03);
  cr_expect_eq(hinge_table_gap(t, 0)->end_s, 0.10);
  cr_expect_eq(tm->irregular, 2);
  cr_expect(fabs(tm->longest_gap_s - 0.07) < 1e-12);
  cr_expect(fabs(tm->median_step_s - 0.01) < 1e-12);
  cr_expect(hinge_table_warning_count(t) >= 3);
  hinge_table_destroy(t);
}

Test(table, time_going_backwards_should_fail_unless_lenient) {
  hinge_error e;
  hinge_load_options o = {0};
  hinge_table *t;
  load_str("b.csv", "time_s,hip_deg\n0,1\n\"0.5\",1\n\n0.2,1\n0.3,1\n", NULL, HINGE_ERANGE, &e);
  cr_expect_eq(e.line, 5);
  cr_expect_eq(e.column, 1);
  cr_expect(strstr(e.message, "backwards") != NULL, "%s", e.message);
  o.flags = HINGE_LOAD_LENIENT;
  t = load_str("b.csv", "time_s,hip_deg\n0,1\n0.5,1\n0.2,1\n0.3,1\n", &o, 0, &e);
  cr_expect_eq(hinge_table_timing(t)->backwards, 1);
  hinge_table_destroy(t);
}

/* ---- bad input ---- */

Test(bad_input, text_in_a_numeric_column_should_name_line_and_column) {
  hinge_error e;
  hinge_load_options o = {0};
  hinge_table *t;
  load_str("x.csv", "time_s,hip_deg\n0,1\n0.01,abc\n", NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  cr_expect_str_eq(e.file, "x.csv");
  cr_expect(strstr(e.message, "expected a number in column 'hip_deg', found 'abc'") != NULL,
            "%s", e.message);
  o.flags = HINGE_LOAD_LENIENT;
  t = load_str("x.csv", "time_s,hip_deg\n0,1\n0.01,abc\n0.02,xyz\n", &o, 0, &e);
  cr_expect(isnan(hinge_table_column(t, 1)[1]));
  cr_expect_eq(hinge_table_column_info(t, 1)->missing, 2);
  cr_expect_str_eq(hinge_table_warning(t, 0)->kind, "bad_value");
  cr_expect_eq(hinge_table_warning(t, 0)->count, 2);
  cr_expect_eq(hinge_table_warning(t, 0)->line, 3);
  hinge_table_destroy(t);
}

Test(bad_input, nan_should_be_missing_and_inf_or_overflow_out_of_range) {
  hinge_error e;
  hinge_table *t = load_str("n.csv", "time_s,hip_deg\n0,nan\n0.01,NaN\n0.02,\n0.03,-nan\n",
                            NULL, 0, &e);
  cr_expect_eq(hinge_table_column_info(t, 1)->missing, 4);
  hinge_table_destroy(t);
  load_str("n.csv", "time_s,hip_deg\n0,1\n0.01,inf\n", NULL, HINGE_ERANGE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  load_str("n.csv", "time_s,hip_deg\n0,1\n0.01,1e400\n", NULL, HINGE_ERANGE, &e);
  cr_expect(strstr(e.message, "finite number") != NULL, "%s", e.message);
}

Test(bad_input, unknown_text_columns_should_be_skipped_with_a_warning) {
  hinge_error e;
  hinge_table *t = load_str("u.csv", "time_s,hip_deg,notes,extra\n0,1,,5\n0.01,1,sore,6\n",
                            NULL, 0, &e);
  cr_expect_null(hinge_table_column(t, 2));
  cr_expect_eq(hinge_table_column_info(t, 2)->unit, HINGE_UNIT_TEXT);
  cr_expect_eq(hinge_table_column(t, 3)[1], 6.0);
  cr_expect_str_eq(hinge_table_warning(t, 0)->kind, "text_column");
  hinge_table_destroy(t);
}

Test(bad_input, ragged_rows_should_fail_unless_lenient) {
  hinge_error e;
  hinge_load_options o = {0};
  hinge_table *t;
  load_str("r.csv", "time_s,hip_deg,lumbar_deg\n0,1,2\n0.01,1\n", NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 3);
  load_str("r.csv", "time_s,hip_deg\n0,1\n0.01,1,7\n", NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.column, 3);
  o.flags = HINGE_LOAD_LENIENT;
  t = load_str("r.csv", "time_s,hip_deg,lumbar_deg\n0,1,2\n0.01,1\n0.02,1,2,3\n", &o, 0, &e);
  cr_expect(isnan(hinge_table_column(t, 2)[1]));
  cr_expect_eq(hinge_table_column(t, 2)[2], 2.0);
  cr_expect_eq(hinge_table_warning(t, 0)->count, 2);
  hinge_table_destroy(t);
}

Test(bad_input, empty_files_and_header_only_files_should_be_enodata) {
  hinge_error e;
  load_str("e.csv", "", NULL, HINGE_ENODATA, &e);
  cr_expect(strstr(e.message, "empty file") != NULL);
  load_str("e.csv", "\xEF\xBB\xBF\r\n  \r\n", NULL, HINGE_ENODATA, &e);
  load_str("h.csv", "time_s,hip_deg\n", NULL, HINGE_ENODATA, &e);
  cr_expect_eq(e.line, 1);
  cr_expect(strstr(e.message, "no data rows") != NULL);
  load_str("h.csv", "time_s,hip_deg\n0,1\n", NULL, HINGE_ENODATA, &e);
  cr_expect(strstr(e.message, "sample rate") != NULL, "%s", e.message);
}

Test(bad_input, an_unterminated_quote_should_be_a_parse_error_where_it_opened) {
  hinge_error e;
  load_str("q.csv", "time_s,hip_deg\n0,1\n0.01,\"2\n0.02,3\n", NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
}

Test(bad_input, binary_garbage_nul_bytes_and_invalid_utf8_should_fail_cleanly) {
  hinge_error e;
  hinge_table *t = NULL;
  unsigned char junk[4096];
  size_t i;
  uint32_t s = 7;
  static const char nul[] = "time_s,hip_deg\n0,1\n0.01,1\0002\n";
  static const char utf[] = "time_s,hip_\xff\xfe""deg\n0,1\n0.01,\xc3\x28\n";
  for (i = 0; i < sizeof junk; i++) {
    s = s * 1664525u + 1013904223u;
    junk[i] = (unsigned char)(s >> 24);
  }
  cr_expect_neq(hinge_table_load_buffer("g.bin", junk, sizeof junk, NULL, &t, &e), HINGE_OK);
  cr_expect_null(t);
  cr_expect_eq(hinge_table_load_buffer("z.csv", nul, sizeof nul - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  cr_expect(strstr(e.message, "'1\\x002'") != NULL, "%s", e.message);
  /* the stray bytes only separate words: the column is still hip_deg */
  cr_expect_eq(hinge_table_load_buffer("u.csv", utf, sizeof utf - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_expect_eq(e.line, 3);
  cr_expect(strstr(e.message, "'\\xc3('") != NULL, "%s", e.message);
}

Test(bad_input, ten_thousand_columns_should_load) {
  size_t n = 10000, i, len = 0;
  char *text = malloc(n * 16 + 64);
  hinge_error e;
  hinge_table *t;
  len += (size_t)sprintf(text, "time_s,hip_deg");
  for (i = 2; i < n; i++) len += (size_t)sprintf(text + len, ",c%zu", i);
  for (i = 0; i < 2; i++) {
    size_t j;
    len += (size_t)sprintf(text + len, "\n%zu", i);
    for (j = 1; j < n; j++) len += (size_t)sprintf(text + len, ",%zu", j);
  }
  text[len++] = '\n';
  text[len] = '\0';
  t = load_str("wide.csv", text, NULL, 0, &e);
  cr_expect_eq(hinge_table_columns(t), n);
  cr_expect_eq(hinge_table_column(t, n - 1)[1], (double)(n - 1));
  hinge_table_destroy(t);
  free(text);
}

Test(bad_input, a_5mb_line_should_be_refused_with_its_line) {
  size_t big = 5u << 20;
  char *text = malloc(big + 64);
  hinge_error e;
  size_t n = (size_t)sprintf(text, "time_s,hip_deg\n0,1\n0.01,");
  memset(text + n, '9', big);
  strcpy(text + n + big, "\n0.02,1\n");
  load_str("big.csv", text, NULL, HINGE_ERANGE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  memset(text + n, 'x', big);
  load_str("big.csv", text, NULL, HINGE_EPARSE, &e);
  cr_expect_eq(e.line, 3);
  cr_expect(strlen(e.message) < 200);
  free(text);
}

/* ---- differential: fast path against libcsv + strtod ---- */

typedef struct refcol {
  double *v;
  size_t n, cap;
  int comma;
} refcol;

/* The reference: every field of every data row through libcsv, trimmed,
 * missing spellings as NaN, the decimal comma turned into a point, strtod,
 * infinities as NaN (the lenient rule). */
static int ref_row(void *ud, const hinge_csv_row *row, hinge_error *err) {
  refcol *cols = ud;
  size_t i;
  (void)err;
  if (row->index == 0) return HINGE_OK;
  for (i = 0; i < row->nfields; i++) {
    char buf[512], *p, *end;
    size_t len = row->lengths[i];
    double v;
    refcol *c = &cols[i];
    memcpy(buf, row->fields[i], len);
    buf[len] = '\0';
    for (p = buf; *p == ' '; p++) {}
    end = p + strlen(p);
    while (end > p && end[-1] == ' ') *--end = '\0';
    if (c->comma && (end = strchr(p, ',')) != NULL) *end = '.';
    if (*p == '\0' || strcmp(p, "nan") == 0 || strcmp(p, "NaN") == 0 || strcmp(p, "-nan") == 0)
      v = NAN;
    else
      v = strtod(p, NULL);
    if (isinf(v) || strcmp(p, "inf") == 0) v = NAN;
    if (c->n == c->cap) {
      c->cap = c->cap ? c->cap * 2 : 64;
      c->v = realloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = v;
  }
  return HINGE_OK;
}

static uint64_t rs = 0x243F6A8885A308D3u;
static uint64_t rnd(void) {
  rs ^= rs >> 12;
  rs ^= rs << 25;
  rs ^= rs >> 27;
  return rs * 2685821657736338717u;
}

/* One random field: mostly plain decimals, sometimes adversarial. */
static int random_field(char *out, char mark) {
  static const char *const odd[] = {
    "-0", "-0.0", "0e999", "nan", "NaN", "", "inf", "-inf", "1e400", "-1e400", "1e-400",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.2250738585072011e-308",
    "1.7976931348623157e308", "1.7976931348623159e308", "9007199254740993",
    "1.00000000000000011102230246251565404236316680908203125", "123456789012345678901234567890",
    "0.1000000000000000055511151231257827021181583404541015625", " 7", "8 ", "\"12.5\"",
    "1e22", "1e23", "9007199254740992e22", "-.5", "5.", "+3"
  };
  uint64_t k = rnd() % 100;
  char *p = out;
  int i, nd;
  if (k < 12) {
    const char *s = odd[rnd() % (sizeof odd / sizeof *odd)];
    strcpy(out, s);
    if (mark == ',' && (p = strchr(out, '.')) != NULL && out[0] != '"') *p = ',';
    return (int)strlen(out);
  }
  if (rnd() % 4 == 0) *p++ = '-';
  nd = 1 + (int)(rnd() % (k < 70 ? 8 : 24));
  if (k >= 70 && k < 80) nd = 15 + (int)(rnd() % 5); /* 15-19 digits: Eisel-Lemire */
  for (i = 0; i < nd; i++) {
    if (i == nd / 2 && i > 0 && rnd() % 2) *p++ = mark;
    *p++ = (char)('0' + rnd() % 10);
  }
  if (k >= 75 && k < 80) p += sprintf(p, "e%d", (int)(rnd() % 61) - 30);
  if (k >= 90) p += sprintf(p, "e%d", (int)(rnd() % 700) - 350);
  *p = '\0';
  return (int)(p - out);
}

static void differential(char delim, char mark, int crlf, unsigned seed) {
  size_t rows = 3000, r, i, cap = rows * 200 + 100, len = 0;
  char *text = malloc(cap);
  refcol ref[4];
  hinge_load_options o = {0};
  hinge_csv_options co = {0};
  hinge_table *t;
  hinge_error e;
  rs ^= seed;
  memset(ref, 0, sizeof ref);
  len += (size_t)sprintf(text, "time_s%chip_deg%cthoracic_deg%cx%s", delim, delim, delim,
                         crlf ? "\r\n" : "\n");
  for (r = 0; r < rows; r++) {
    len += (size_t)sprintf(text + len, "%zu", r); /* time: integers, always increasing */
    for (i = 1; i < 4; i++) {
      text[len++] = delim;
      len += (size_t)random_field(text + len, mark);
    }
    len += (size_t)sprintf(text + len, "%s", crlf ? "\r\n" : "\n");
  }
  for (i = 0; i < 4; i++) ref[i].comma = mark == ',';
  co.delimiter = delim;
  cr_assert_eq(hinge_csv_read_buffer("ref", text, len, &co, ref_row, ref, NULL, &e), HINGE_OK,
               "%s", e.message);
  o.flags = HINGE_LOAD_LENIENT;
  cr_assert_eq(hinge_table_load_buffer("diff.csv", text, len, &o, &t, &e), HINGE_OK, "%s",
               e.message);
  cr_assert_eq(hinge_table_rows(t), rows);
  cr_expect(t->fast_rows > rows / 3, "fast path took only %zu rows", t->fast_rows);
  cr_expect(t->fast_rows < rows, "the general path should have had some rows");
  for (i = 0; i < 4; i++) {
    const double *v = hinge_table_column(t, i);
    cr_assert_not_null(v, "column %zu", i);
    for (r = 0; r < rows; r++) {
      double a = v[r], b = ref[i].v[r];
      cr_assert((isnan(a) && isnan(b)) || bits(a) == bits(b),
                "row %zu column %zu: loader %.17g vs strtod %.17g", r, i, a, b);
    }
    free(ref[i].v);
  }
  hinge_table_destroy(t);
  free(text);
}

Test(differential, comma_files_should_load_bit_identical_to_libcsv_and_strtod) {
  differential(',', '.', 0, 1);
}

Test(differential, semicolon_files_with_a_decimal_comma_should_match_too) {
  differential(';', ',', 1, 2);
}

Test(differential, tab_files_should_match_too) {
  differential('\t', '.', 0, 3);
}

/* ---- allocator ---- */

typedef struct acct {
  long long live;
  long allocs, fail_after;
} acct;

static void *counting(void *ud, void *ptr, size_t osize, size_t nsize) {
  acct *a = ud;
  void *p;
  if (nsize == 0) {
    a->live -= (long long)osize;
    free(ptr);
    return NULL;
  }
  if (a->fail_after >= 0 && a->allocs >= a->fail_after) return NULL;
  a->allocs++;
  p = realloc(ptr, nsize);
  if (p != NULL) a->live += (long long)nsize - (long long)(ptr ? osize : 0);
  return p;
}

static const char alloc_text[] =
  "time_s,hip_deg,athlete,notes\n0,1,ana,\n0.01,\"2\",ana,x\n0.02,3,bob,y\n\n0.05,4,ana,z\n";

Test(table_alloc, every_byte_should_go_through_the_allocator_and_come_back) {
  acct a = {0, 0, -1};
  hinge_allocator al = {counting, &a};
  hinge_load_options o = {0};
  hinge_table *t;
  o.alloc = &al;
  cr_assert_eq(hinge_table_load_buffer("2026-01-01_x.csv", alloc_text, sizeof alloc_text - 1,
                                       &o, &t, NULL), 0);
  cr_expect(hinge_table_warning_count(t) >= 3);
  hinge_table_destroy(t);
  cr_expect_eq(a.live, 0, "leaked %lld bytes", a.live);
}

Test(table_alloc, every_allocation_failure_should_be_enomem_without_leaks) {
  long k;
  int rc = HINGE_ENOMEM;
  /* Fail the k-th allocation for every k until the load needs no more. */
  for (k = 0; rc != HINGE_OK && k < 1000; k++) {
    acct a = {0, 0, k};
    hinge_allocator al = {counting, &a};
    hinge_load_options o = {0};
    hinge_table *t = NULL;
    o.alloc = &al;
    rc = hinge_table_load_buffer("2026-01-01_x.csv", alloc_text, sizeof alloc_text - 1, &o, &t,
                                 NULL);
    cr_expect(rc == HINGE_OK || rc == HINGE_ENOMEM, "fail_after %ld: rc %d", k, rc);
    hinge_table_destroy(t);
    cr_expect_eq(a.live, 0, "fail_after %ld: leaked %lld bytes", k, a.live);
  }
  cr_expect_eq(rc, HINGE_OK, "the load should succeed once no allocation fails");
  cr_expect(k > 20, "only %ld allocations", k);
}

/* A hook that refuses blocks of exactly `refuse` bytes: numparse's copy of
 * a number too long for its stack buffer. */
typedef struct refusing { size_t refuse; long long live; long refused; } refusing;

static void *refusing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  refusing *r = ud;
  void *p;
  if (nsize == 0) {
    r->live -= (long long)osize;
    free(ptr);
    return NULL;
  }
  if (nsize == r->refuse) {
    r->refused++;
    return NULL;
  }
  p = realloc(ptr, nsize);
  if (p != NULL) r->live += (long long)nsize - (long long)(ptr ? osize : 0);
  return p;
}

/* A session whose third row holds a 300-character hip angle, loaded with
 * the copy of that number refused; lenient or not, and whichever path
 * meets it: quotes send the line to libcsv, a text column keeps the tight
 * loop out, and with numbers only the tight loop declines it first. */
static void long_number_without_memory(int lenient, int quoted, int text_column) {
  char text[1024], num[301], hip[310];
  refusing r = {sizeof num, 0, 0};
  hinge_allocator al = {refusing_alloc, &r};
  hinge_load_options o = {0};
  hinge_table *t = NULL;
  hinge_error e;
  memset(num, '1', 300);
  num[2] = '.';
  num[300] = '\0';
  snprintf(hip, sizeof hip, quoted ? "\"%s\"" : "%s", num);
  if (text_column)
    snprintf(text, sizeof text, "time_s,hip_deg,notes\n0,1,a\n0.01,2,b\n0.02,%s,c\n0.03,4,d\n",
             hip);
  else
    snprintf(text, sizeof text, "time_s,hip_deg\n0,1\n0.01,2\n0.02,%s\n0.03,4\n", hip);
  o.alloc = &al;
  if (lenient) o.flags |= HINGE_LOAD_LENIENT;
  cr_expect_eq(hinge_table_load_buffer("2026-01-01_x.csv", text, strlen(text), &o, &t, &e),
               HINGE_ENOMEM, "lenient %d quoted %d text %d: %s", lenient, quoted, text_column,
               e.message);
  cr_expect_gt(r.refused, 0);
  cr_expect_eq(e.code, HINGE_ENOMEM);
  cr_expect_eq(e.line, 4);
  cr_expect_eq(e.column, 2);
  cr_expect(strstr(e.message, "out of memory") != NULL, "%s", e.message);
  cr_expect_null(t);
  cr_expect_eq(r.live, 0, "leaked %lld bytes", r.live);
  /* and with the memory, the same text loads */
  r.refuse = 0;
  cr_assert_eq(hinge_table_load_buffer("2026-01-01_x.csv", text, strlen(text), &o, &t, &e),
               HINGE_OK, "%s", e.message);
  cr_expect_eq(hinge_table_column(t, 1)[2], strtod(num, NULL));
  hinge_table_destroy(t);
}

Test(table_alloc, a_long_number_without_memory_should_be_enomem_not_bad_data) {
  long_number_without_memory(0, 0, 1);
  long_number_without_memory(0, 1, 1);
  long_number_without_memory(0, 0, 0);
}

Test(table_alloc, a_long_number_without_memory_should_be_enomem_not_missing_when_lenient) {
  long_number_without_memory(1, 0, 1);
  long_number_without_memory(1, 1, 1);
  long_number_without_memory(1, 0, 0);
}

/* ---- styled twins of the sample session ---- */

static hinge_table *load_file(const char *path) {
  hinge_table *t = NULL;
  hinge_error e;
  int rc = hinge_table_load(path, NULL, &t, &e);
  cr_assert_eq(rc, HINGE_OK, "%s: %s", path, e.message);
  return t;
}

/* Compare the four roles of a twin with the plain file: bit for bit, or
 * within tol (relative) for the columns listed in loose. */
static void same_as_plain(const char *suffix, double tol, unsigned loose) {
  char path[512];
  hinge_table *a, *b;
  static const int roles[4] = {HINGE_ROLE_TIME, HINGE_ROLE_HIP, HINGE_ROLE_THORACIC,
                               HINGE_ROLE_LUMBAR};
  size_t r, k;
  snprintf(path, sizeof path, "%s/../../examples/data/2026-03-02_ana_set1.csv", HINGE_TEST_DATA);
  a = load_file(path);
  snprintf(path, sizeof path, "%s/sessions/2026-03-02_ana_set1_%s.csv", HINGE_TEST_DATA, suffix);
  b = load_file(path);
  cr_assert_eq(hinge_table_rows(b), hinge_table_rows(a), "%s", suffix);
  for (k = 0; k < 4; k++) {
    long ca = hinge_table_role_column(a, roles[k]), cb = hinge_table_role_column(b, roles[k]);
    const double *x = hinge_table_column(a, (size_t)ca), *y = hinge_table_column(b, (size_t)cb);
    cr_assert(ca >= 0 && cb >= 0, "%s: role %s", suffix, hinge_role_name(roles[k]));
    for (r = 0; r < hinge_table_rows(a); r++) {
      if (loose & HINGE_ROLE_BIT(roles[k]))
        cr_assert(fabs(x[r] - y[r]) <= tol * fmax(1.0, fabs(x[r])),
                  "%s: %s row %zu: %.17g vs %.17g", suffix, hinge_role_name(roles[k]), r, x[r],
                  y[r]);
      else
        cr_assert_eq(bits(x[r]), bits(y[r]), "%s: %s row %zu: %.17g vs %.17g", suffix,
                     hinge_role_name(roles[k]), r, x[r], y[r]);
    }
  }
  cr_expect_eq(hinge_table_timing(b)->sample_rate_hz, hinge_table_timing(a)->sample_rate_hz,
               "%s", suffix);
  cr_expect_str_eq(hinge_table_meta(b)->athlete, "ana");
  cr_expect_str_eq(hinge_table_meta(b)->date, "2026-03-02");
  cr_expect_str_eq(hinge_table_meta(b)->set, "1");
  cr_expect_eq(hinge_table_warning_count(b), 0, "%s", suffix);
  hinge_table_destroy(a);
  hinge_table_destroy(b);
}

#define ANGLES (HINGE_ROLE_BIT(HINGE_ROLE_HIP) | HINGE_ROLE_BIT(HINGE_ROLE_THORACIC) | \
                HINGE_ROLE_BIT(HINGE_ROLE_LUMBAR))

Test(twins, semicolon_and_decimal_comma_should_load_bit_identical) {
  same_as_plain("semicolon", 0, 0);
}
Test(twins, bom_and_crlf_should_load_bit_identical) { same_as_plain("bom_crlf", 0, 0); }
Test(twins, time_in_ms_should_load_bit_identical) { same_as_plain("ms", 0, 0); }
Test(twins, reordered_and_renamed_columns_should_load_bit_identical) {
  same_as_plain("reordered", 0, 0);
}
Test(twins, radians_should_load_as_the_same_degrees) { same_as_plain("rad", 1e-14, ANGLES); }
Test(twins, iso_timestamps_should_load_as_the_same_seconds) {
  same_as_plain("iso", 1e-13, HINGE_ROLE_BIT(HINGE_ROLE_TIME));
}
Test(twins, all_styles_at_once_should_load_the_same) {
  same_as_plain("all", 1e-14, HINGE_ROLE_BIT(HINGE_ROLE_LUMBAR));
}

Test(twins, the_styles_should_be_detected) {
  char path[512];
  hinge_table *t;
  snprintf(path, sizeof path, "%s/sessions/2026-03-02_ana_set1_all.csv", HINGE_TEST_DATA);
  t = load_file(path);
  cr_expect_eq(hinge_table_schema(t)->delimiter, ';');
  cr_expect_eq(hinge_table_schema(t)->decimal, ',');
  cr_expect(hinge_table_schema(t)->had_bom);
  cr_expect(hinge_table_schema(t)->crlf);
  cr_expect_eq(hinge_table_column_info(t, 0)->unit, HINGE_UNIT_RAD);
  cr_expect_eq(hinge_table_column_info(t, 1)->unit, HINGE_UNIT_MS);
  cr_expect_eq(hinge_table_role_column(t, HINGE_ROLE_HIP), 3);
  cr_expect(t->fast_rows == hinge_table_rows(t), "every row should take the fast path");
  hinge_table_destroy(t);
}

/* ---- the median step, counted or selected ---- */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Times with jitter of `kinds` distinct sizes; the loader's median step
 * must equal the sorted middle of the positive steps, bit for bit. */
static void median_case(size_t rows, unsigned kinds) {
  char *text = malloc(rows * 40 + 64);
  double *t = malloc(rows * sizeof *t), *steps = malloc(rows * sizeof *steps), want;
  size_t i, n = 0, len = (size_t)sprintf(text, "time_s,hip_deg\n");
  uint32_t s = 99;
  hinge_table *tab;
  hinge_error e;
  for (i = 0; i < rows; i++) {
    s = s * 1664525u + 1013904223u;
    if (kinds < 1000) t[i] = (double)i * 0.01 + (double)((s >> 8) % kinds) * 1e-5;
    else t[i] = (double)i * 0.01 + (double)(s >> 8) / 16777216.0 * 0.001;
    len += (size_t)sprintf(text + len, "%.17g,1\n", t[i]); /* reads back exactly */
  }
  for (i = 1; i < rows; i++)
    if (t[i] > t[i - 1]) steps[n++] = t[i] - t[i - 1];
  qsort(steps, n, sizeof *steps, cmp_double);
  want = n % 2 ? steps[n / 2] : steps[n / 2 - 1] + (steps[n / 2] - steps[n / 2 - 1]) / 2;
  tab = load_str("median.csv", text, NULL, 0, &e);
  cr_expect_eq(bits(hinge_table_timing(tab)->median_step_s), bits(want), "%.17g vs %.17g",
               hinge_table_timing(tab)->median_step_s, want);
  hinge_table_destroy(tab);
  free(text);
  free(t);
  free(steps);
}

Test(median_step, few_distinct_steps_should_be_counted_exactly) {
  median_case(5001, 7);
  median_case(5000, 7);
}

Test(median_step, many_distinct_steps_should_fall_back_to_selection) {
  median_case(5001, 100000);
  median_case(5000, 100000);
}

/* ---- line ends through the tight loop and the window boundaries ---- */

static void line_end_case(const char *eol, int final_eol) {
  size_t rows = 20000, r, len = 0;
  char *text = malloc(rows * 40 + 64), path[512];
  hinge_table *t;
  hinge_error e;
  FILE *f;
  len += (size_t)sprintf(text, "time_s,hip_deg%s", eol);
  for (r = 0; r < rows; r++)
    len += (size_t)sprintf(text + len, "%zu.%02zu,%zu.5%s", r / 100, r % 100, r % 90,
                           (r + 1 < rows || final_eol) ? eol : "");
  snprintf(path, sizeof path, "%s/line_ends.csv", HINGE_TEST_TMP);
  f = fopen(path, "wb");
  cr_assert_not_null(f);
  fwrite(text, 1, len, f);
  fclose(f);
  cr_assert_eq(hinge_table_load(path, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_expect_eq(hinge_table_rows(t), rows);
  cr_expect_eq(hinge_table_schema(t)->lines, (long)rows + 1);
  for (r = 0; r < rows; r++) {
    char want[32];
    snprintf(want, sizeof want, "%zu.%02zu", r / 100, r % 100);
    cr_assert_eq(hinge_table_time(t)[r], strtod(want, NULL), "row %zu", r);
    cr_assert_eq(hinge_table_column(t, 1)[r], (double)(r % 90) + 0.5, "row %zu", r);
  }
  cr_expect_eq(hinge_table_warning_count(t), 0);
  hinge_table_destroy(t);
  free(text);
}

Test(line_ends, lf_crlf_and_lone_cr_files_should_load_alike_across_chunks) {
  line_end_case("\n", 1);
  line_end_case("\r\n", 1);
  line_end_case("\r", 1);
  line_end_case("\n", 0);
  line_end_case("\r\n", 0);
}

/* ---- the tight loop (whole lines of plain numbers) ---- */

/* A random plain decimal of 1-19 digits, sometimes with an exponent. */
static int plain_number(char *out, char mark) {
  int nd = 1 + (int)(rnd() % 19), point = (int)(rnd() % (uint64_t)(nd + 1)), i;
  char *p = out;
  if (rnd() % 3 == 0) *p++ = '-';
  for (i = 0; i < nd; i++) {
    if (i == point && i > 0) *p++ = mark;
    *p++ = (char)('0' + rnd() % 10);
  }
  if (rnd() % 8 == 0) p += sprintf(p, "e%d", (int)(rnd() % 81) - 40);
  *p = '\0';
  return (int)(p - out);
}

static double strtod_mark(const char *s, char mark) {
  char buf[64], *c;
  snprintf(buf, sizeof buf, "%s", s);
  if (mark == ',' && (c = strchr(buf, ',')) != NULL) *c = '.';
  return strtod(buf, NULL);
}

/* Every row through the tight loop, units applied after it: the same bits
 * as strtod and the unit's one operation. */
static void tight_case(char delim, char mark, const char *eol) {
  size_t rows = 4000, r, len = 0;
  char *text = malloc(rows * 120 + 100), f[3][48];
  double (*want)[4] = malloc(rows * sizeof *want);
  hinge_table *t;
  hinge_error e;
  len += (size_t)sprintf(text, "time_ms%chip_rad%cthoracic_deg%clumbar_deg%s", delim, delim,
                         delim, eol);
  for (r = 0; r < rows; r++) {
    int k;
    for (k = 0; k < 3; k++) plain_number(f[k], mark);
    len += (size_t)sprintf(text + len, "%zu%c%s%c%s%c%s%s", r * 10, delim, f[0], delim, f[1],
                           delim, f[2], eol);
    want[r][0] = (double)(r * 10) / 1000.0;
    want[r][1] = strtod_mark(f[0], mark) * 57.295779513082320876798154814105;
    want[r][2] = strtod_mark(f[1], mark);
    want[r][3] = strtod_mark(f[2], mark);
  }
  cr_assert_eq(hinge_table_load_buffer("tight.csv", text, len, NULL, &t, &e), HINGE_OK, "%s",
               e.message);
  cr_assert_eq(hinge_table_rows(t), rows);
  cr_expect_eq(t->fast_rows, rows, "every row should take the tight loop");
  cr_expect_eq(hinge_table_schema(t)->decimal, mark);
  cr_expect_eq(hinge_table_schema(t)->crlf, eol[0] == '\r');
  cr_expect_eq(hinge_table_schema(t)->lines, (long)rows + 1);
  for (r = 0; r < rows; r++) {
    int c;
    for (c = 0; c < 4; c++)
      cr_assert_eq(bits(hinge_table_column(t, (size_t)c)[r]), bits(want[r][c]),
                   "row %zu column %d: %.17g vs %.17g", r, c, hinge_table_column(t, (size_t)c)[r],
                   want[r][c]);
  }
  hinge_table_destroy(t);
  free(text);
  free(want);
}

Test(tight, plain_rows_with_units_should_match_strtod_bit_for_bit) {
  tight_case(',', '.', "\n");
  tight_case(';', ',', "\r\n");
  tight_case('\t', '.', "\r\n");
}

/* Lines the tight loop declines go to the line path and it resumes after
 * them; errors found after reading still name the right line. */
Test(tight, declined_lines_should_keep_values_and_line_numbers) {
  static const char text[] =
    "time_s,hip_deg\n"
    "0.00,1.5\n"
    "0.01,\n"           /* missing: line path */
    "\n"                /* blank: skipped */
    "0.02,\"2.5\"\n"    /* quoted: libcsv */
    "0.03,3.5\r\n"      /* CRLF in an LF file */
    "0.04,4.5\r"        /* lone CR */
    "0.05,5.5\n"
    "0.04,6.5\n";       /* backwards: line 9 */
  hinge_table *t;
  hinge_error e;
  hinge_load_options o = {0};
  const double *hip;
  load_str("declined.csv", text, NULL, HINGE_ERANGE, &e);
  cr_expect_eq(e.line, 9, "line %ld: %s", e.line, e.message);
  o.flags = HINGE_LOAD_LENIENT;
  cr_assert_eq(hinge_table_load_buffer("declined.csv", text, sizeof text - 1, &o, &t, &e),
               HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_rows(t), 7);
  hip = hinge_table_column(t, 1);
  cr_expect_eq(hip[0], 1.5);
  cr_expect(isnan(hip[1]));
  cr_expect_eq(hip[2], 2.5);
  cr_expect_eq(hip[3], 3.5);
  cr_expect_eq(hip[4], 4.5);
  cr_expect_eq(hip[5], 5.5);
  cr_expect_eq(hip[6], 6.5);
  cr_expect_eq(hinge_table_column_info(t, 1)->missing, 1);
  hinge_table_destroy(t);
}

/* ---- threads: the same table whatever their number ---- */

/* About 9 MB of plain rows (the parallel form starts after 1 MiB of them)
 * with odd lines at chosen rows: a missing value, a quoted field running
 * over numeric-looking lines, a CRLF line, a lone CR, a blank line,
 * decimal commas. */
static char *big_session(size_t rows, size_t *len, int strict_error) {
  char *text = malloc(rows * 64 + 256), f[3][48];
  size_t r, n = (size_t)sprintf(text, "time_s,hip_deg,thoracic_rad,lumbar_deg\n");
  for (r = 0; r < rows; r++) {
    int k;
    for (k = 0; k < 3; k++) plain_number(f[k], '.');
    if (r == 40000) n += (size_t)sprintf(text + n, "%zu.%02zu,,1,2\n", r / 100, r % 100);
    else if (r == 90000 && !strict_error)
      n += (size_t)sprintf(text + n, "%zu.%02zu,\"7\n1.5,2.5\n3.5\",1,2\n", r / 100, r % 100);
    else if (r == 150000) n += (size_t)sprintf(text + n, "%zu.%02zu,1,2,3\r\n", r / 100, r % 100);
    else if (r == 200000) n += (size_t)sprintf(text + n, "%zu.%02zu,1,2,3\r", r / 100, r % 100);
    else if (r == 230000) n += (size_t)sprintf(text + n, "\n%zu.%02zu,1,2,3\n", r / 100, r % 100);
    else if (r == 260000 && strict_error) n += (size_t)sprintf(text + n, "%zu.%02zu,1,x,3\n", r / 100, r % 100);
    else n += (size_t)sprintf(text + n, "%zu.%02zu,%s,%s,%s\n", r / 100, r % 100, f[0], f[1], f[2]);
  }
  *len = n;
  return text;
}

static const char *write_file(const char *name, const char *text, size_t len) {
  static char path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", HINGE_TEST_TMP, name);
  f = fopen(path, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(text, 1, len, f), len);
  fclose(f);
  return path;
}

static void same_tables(const hinge_table *a, const hinge_table *b, const char *what) {
  size_t c, r, w;
  cr_assert_eq(hinge_table_rows(b), hinge_table_rows(a), "%s", what);
  cr_assert_eq(hinge_table_columns(b), hinge_table_columns(a), "%s", what);
  for (c = 0; c < hinge_table_columns(a); c++) {
    const double *x = hinge_table_column(a, c), *y = hinge_table_column(b, c);
    cr_assert_eq(hinge_table_column_info(b, c)->missing, hinge_table_column_info(a, c)->missing);
    for (r = 0; r < hinge_table_rows(a); r++)
      cr_assert((isnan(x[r]) && isnan(y[r])) || bits(x[r]) == bits(y[r]),
                "%s: row %zu column %zu: %.17g vs %.17g", what, r, c, y[r], x[r]);
  }
  cr_assert_eq(hinge_table_warning_count(b), hinge_table_warning_count(a), "%s", what);
  for (w = 0; w < hinge_table_warning_count(a); w++) {
    cr_expect_str_eq(hinge_table_warning(b, w)->message, hinge_table_warning(a, w)->message);
    cr_expect_eq(hinge_table_warning(b, w)->line, hinge_table_warning(a, w)->line);
  }
  cr_expect_eq(hinge_table_schema(b)->lines, hinge_table_schema(a)->lines, "%s", what);
  cr_expect_eq(hinge_table_timing(b)->gaps, hinge_table_timing(a)->gaps, "%s", what);
  cr_expect_eq(bits(hinge_table_timing(b)->median_step_s), bits(hinge_table_timing(a)->median_step_s));
}

Test(threads, the_table_should_not_depend_on_the_number_of_threads) {
  static const unsigned counts[] = {2, 3, 4, 7, HINGE_LOAD_MAX_THREADS}; /* more: refused */
  size_t len, i;
  char *text = big_session(300000, &len, 0);
  const char *path;
  hinge_load_options o = {0};
  hinge_table *one, *t;
  hinge_error e;
  o.flags = HINGE_LOAD_LENIENT;
  cr_assert_eq(hinge_table_load_buffer("big.csv", text, len, &o, &one, &e), HINGE_OK, "%s",
               e.message);
  cr_assert_eq(hinge_table_rows(one), 300000);
  cr_assert(isnan(hinge_table_column(one, 1)[90000])); /* the quoted field: not a number */
  for (i = 0; i < sizeof counts / sizeof *counts; i++) {
    char what[64];
    o.threads = counts[i];
    snprintf(what, sizeof what, "buffer, %u threads", counts[i]);
    cr_assert_eq(hinge_table_load_buffer("big.csv", text, len, &o, &t, &e), HINGE_OK, "%s",
                 e.message);
    same_tables(one, t, what);
    hinge_table_destroy(t);
  }
  path = write_file("big_threads.csv", text, len);
  for (i = 0; i < 3; i++) { /* the file reader's 8 MiB chunks */
    char what[64];
    o.threads = i == 0 ? 1 : counts[i - 1];
    snprintf(what, sizeof what, "file, %u threads", o.threads);
    cr_assert_eq(hinge_table_load(path, &o, &t, &e), HINGE_OK, "%s", e.message);
    same_tables(one, t, what);
    hinge_table_destroy(t);
  }
  hinge_table_destroy(one);
  free(text);
}

Test(threads, errors_should_name_the_same_line_with_threads) {
  size_t len;
  char *text = big_session(300000, &len, 1);
  hinge_load_options o = {0};
  hinge_table *t = NULL;
  hinge_error e1, e2;
  cr_assert_eq(hinge_table_load_buffer("bad.csv", text, len, &o, &t, &e1), HINGE_EPARSE);
  o.threads = 2;
  cr_assert_eq(hinge_table_load_buffer("bad.csv", text, len, &o, &t, &e2), HINGE_EPARSE);
  cr_expect_eq(e2.line, e1.line);
  cr_expect_eq(e2.column, e1.column);
  cr_expect_str_eq(e2.message, e1.message);
  cr_expect_eq(e1.column, 3, "%ld:%ld: %s", e1.line, e1.column, e1.message);
  cr_expect_eq(e1.line, 1 + 260000 + 1 + 1, "%s", e1.message); /* header, rows, blank line */
  free(text);
}
