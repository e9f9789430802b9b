/* Unit tests for the OpenSim reader (src/io/opensim.c): small .mot files
 * written from the layout in docs/formats.md ("OpenSim .mot / .sto"), the
 * derived roles checked against values computed by hand, and bad headers
 * giving file:line errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"

#define HEAD(deg, rows)                                                       \
  "Coordinates\n"                                                             \
  "version=1\n"                                                               \
  "nRows=" rows "\n"                                                          \
  "nColumns=7\n"                                                              \
  "inDegrees=" deg "\n"                                                       \
  "\n"                                                                        \
  "endheader\n"

#define NAMES "time\tpelvis_tilt\thip_flexion_r\thip_flexion_l\tknee_angle_r\tknee_angle_l\tlumbar_extension\n"

/* hip (10+20)/2 = 15, (30+50)/2 = 40, (0+1)/2 = 0.5; knee (4+6)/2 = 5,
 * (7+9)/2 = 8, (-1+1)/2 = 0; lumbar = -(-12.5), -(3), -(0). */
static const char mot[] = HEAD("yes", "3") NAMES
    "      0.00000000\t1\t10\t20\t4\t6\t-12.5\n"
    "      0.01000000\t2\t30\t50\t7\t9\t3\n"
    "      0.02000000\t3\t0\t1\t-1\t1\t0\n";

static int load(const char *name, const char *text, size_t len, const hinge_load_options *o,
                hinge_table **t, hinge_error *e) {
  hinge_error_clear(e);
  return hinge_table_load_buffer(name, text, len, o, t, e);
}

static const double *col(const hinge_table *t, const char *name) {
  long i = hinge_table_find(t, name);
  cr_assert_geq(i, 0, "no column %s", name);
  return hinge_table_column(t, (size_t)i);
}

Test(opensim, a_mot_should_give_hip_knee_and_lumbar_from_their_columns) {
  hinge_table *t = NULL;
  hinge_error e;
  const double *hip, *knee, *lumbar;
  long h;
  cr_assert_eq(load("squat.mot", mot, sizeof mot - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "opensim");
  cr_assert_str_eq(hinge_table_capabilities(t), "lumbar only");
  cr_assert(strstr(hinge_table_capability_note(t), "whole torso relative to the pelvis") != NULL);
  cr_assert_eq(hinge_table_rows(t), 3);
  cr_assert_eq(hinge_table_schema(t)->header_line, 8);
  hip = hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_HIP));
  knee = hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_KNEE));
  lumbar = hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_LUMBAR));
  cr_assert_eq(hip[0], 15.0);
  cr_assert_eq(hip[1], 40.0);
  cr_assert_eq(hip[2], 0.5);
  cr_assert_eq(knee[0], 5.0);
  cr_assert_eq(knee[1], 8.0);
  cr_assert_eq(knee[2], 0.0);
  cr_assert_eq(lumbar[0], 12.5);
  cr_assert_eq(lumbar[1], -3.0);
  cr_assert_eq(lumbar[2], 0.0);
  cr_assert(!signbit(lumbar[2]), "minus zero is plain zero");
  h = hinge_table_role_column(t, HINGE_ROLE_HIP);
  cr_assert_str_eq(hinge_table_column_info(t, (size_t)h)->source,
                   "mean of hip_flexion_r and hip_flexion_l");
  cr_assert_str_eq(hinge_table_column_info(t, (size_t)h)->name, "hip");
  /* the file's own columns stay, without a role */
  cr_assert_eq(col(t, "hip_flexion_l")[1], 50.0);
  cr_assert_eq(hinge_table_column_info(t, (size_t)hinge_table_find(t, "lumbar_extension"))->role,
               HINGE_ROLE_NONE);
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 100, 1e-9);
  cr_assert_eq(hinge_table_meta(t)->nlines, 6); /* the header's lines, blank ones left out */
  hinge_table_destroy(t);
}

Test(opensim, the_content_should_be_recognised_without_the_extension) {
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("export.txt", mot, sizeof mot - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "opensim");
  hinge_table_destroy(t);
}

Test(opensim, radians_should_load_as_the_same_degrees) {
  static const char rad[] = HEAD("no", "2") NAMES
      "0\t1\t0.5235987755982988\t1.0471975511965976\t0\t0\t-1.5707963267948966\n"
      "0.01\t1\t0\t0\t0\t0\t0\n";
  hinge_table *t = NULL;
  hinge_error e;
  long h;
  cr_assert_eq(load("r.sto", rad, sizeof rad - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  h = hinge_table_role_column(t, HINGE_ROLE_HIP);
  cr_assert_float_eq(hinge_table_column(t, (size_t)h)[0], 45.0, 1e-12); /* (30 + 60) / 2 */
  cr_assert_float_eq(col(t, "lumbar")[0], 90.0, 1e-12);
  cr_assert_eq(hinge_table_column_info(t, (size_t)hinge_table_find(t, "hip_flexion_r"))->unit,
               HINGE_UNIT_RAD);
  cr_assert_eq(col(t, "pelvis_tilt")[0], 1.0); /* a column no role uses: as written */
  hinge_table_destroy(t);
}

Test(opensim, one_side_should_give_the_role_to_that_column) {
  static const char one[] = HEAD("yes", "2")
      "time\thip_flexion_l\tknee_angle_r\n0\t10\t5\n0.01\t11\t6\n";
  hinge_table *t = NULL;
  hinge_error e;
  long h;
  cr_assert_eq(load("one.mot", one, sizeof one - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  h = hinge_table_role_column(t, HINGE_ROLE_HIP);
  cr_assert_str_eq(hinge_table_column_info(t, (size_t)h)->name, "hip_flexion_l");
  cr_assert_str_eq(hinge_table_column_info(t, (size_t)h)->source,
                   "hip_flexion_l only (the file has one side)");
  cr_assert_str_eq(hinge_table_capabilities(t), "none");
  hinge_table_destroy(t);
}

Test(opensim, the_users_mapping_should_win_over_the_derived_role) {
  hinge_role_map m = {HINGE_ROLE_LUMBAR, "pelvis_tilt", 1};
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error e;
  hinge_load_options_init(&o);
  o.map = &m;
  o.nmap = 1;
  cr_assert_eq(load("m.mot", mot, sizeof mot - 1, &o, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_LUMBAR), hinge_table_find(t, "pelvis_tilt"));
  cr_assert_eq(col(t, "pelvis_tilt")[1], -2.0);
  hinge_table_destroy(t);
}

Test(opensim, crlf_and_a_bom_should_load) {
  static const char crlf[] = "\xef\xbb\xbf" "Coordinates\r\ninDegrees=yes\r\nendheader\r\n"
                             "time\thip_flexion_r\thip_flexion_l\r\n0\t1\t3\r\n0.01\t2\t4\r\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("c.mot", crlf, sizeof crlf - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(col(t, "hip")[1], 3.0);
  cr_assert(hinge_table_schema(t)->crlf);
  hinge_table_destroy(t);
}

/* ---- bad input: file:line errors ---- */

Test(opensim, a_header_without_endheader_should_name_the_line_of_the_names) {
  static const char bad[] = "Coordinates\nversion=1\ninDegrees=yes\ntime\thip_flexion_r\n0\t1\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("bad.mot", bad, sizeof bad - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_assert_str_eq(e.file, "bad.mot");
  cr_assert_eq(e.line, 4);
  cr_assert(strstr(e.message, "expected 'endheader'") != NULL, "%s", e.message);
  cr_assert_null(t);
}

Test(opensim, a_file_ending_in_its_header_should_say_so) {
  static const char bad[] = "Coordinates\nversion=1\ninDegrees=yes\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("bad.mot", bad, sizeof bad - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 3);
  cr_assert(strstr(e.message, "no 'endheader'") != NULL, "%s", e.message);
  static const char names[] = "Coordinates\nendheader\n\n";
  cr_assert_eq(load("bad.mot", names, sizeof names - 1, NULL, &t, &e), HINGE_ENODATA);
  cr_assert_eq(e.line, 2);
}

Test(opensim, an_unknown_indegrees_value_should_name_line_and_column) {
  static const char bad[] = "Coordinates\nversion=1\ninDegrees = maybe\nendheader\ntime\thip_flexion_r\n0\t1\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("bad.mot", bad, sizeof bad - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 3);
  cr_assert_eq(e.column, 13);
  cr_assert(strstr(e.message, "inDegrees=yes or inDegrees=no, found inDegrees=maybe") != NULL,
            "%s", e.message);
}

Test(opensim, fewer_rows_than_nrows_should_be_a_truncated_file) {
  static const char cut[] = HEAD("yes", "5") NAMES "0\t1\t10\t20\t4\t6\t-12.5\n"
                                                  "0.01\t1\t10\t20\t4\t6\t-12.5\n";
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("cut.mot", cut, sizeof cut - 1, NULL, &t, &e), HINGE_ENODATA);
  cr_assert(strstr(e.message, "truncated") != NULL, "%s", e.message);
  cr_assert(strstr(e.message, "nRows=5 (line 3)") != NULL, "%s", e.message);
  cr_assert_eq(e.line, 10);
  hinge_load_options_init(&o);
  o.flags = HINGE_LOAD_LENIENT;
  cr_assert_eq(load("cut.mot", cut, sizeof cut - 1, &o, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_warning(t, 0)->kind, "truncated");
  cr_assert_eq(hinge_table_warning(t, 0)->line, 3);
  hinge_table_destroy(t);
}

Test(opensim, a_row_cut_short_should_name_its_line) {
  static const char cut[] = HEAD("yes", "2") NAMES "0\t1\t10\t20\t4\t6\t-12.5\n0.01\t1\t10";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("cut.mot", cut, sizeof cut - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 10);
  cr_assert(strstr(e.message, "expected 7 fields") != NULL, "%s", e.message);
}

Test(opensim, a_session_csv_forced_as_opensim_should_be_refused) {
  static const char csv[] = "time_s,hip_deg\n0,1\n0.01,2\n";
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error e;
  hinge_load_options_init(&o);
  o.input_format = "opensim";
  cr_assert_eq(load("s.csv", csv, sizeof csv - 1, &o, &t, &e), HINGE_EPARSE);
  cr_assert(strstr(e.message, "endheader") != NULL, "%s", e.message);
}

/* --lenient keeps a column of words as text; the reader's unit step must
 * leave it text (a text column with unit deg broke the table's contract:
 * found by fuzz_session). */
Test(opensim, a_lenient_text_angle_column_should_stay_text) {
  static const char words[] = HEAD("no", "3") NAMES
      "0.00\t1\t0.1\t0.2\t0.1\tabc\t-0.2\n"
      "0.01\t2\t0.3\t0.5\t0.1\tdef\t0.1\n"
      "0.02\t3\t0.0\t0.1\t0.1\tghi\t0.0\n";
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error e;
  size_t i;
  hinge_load_options_init(&o);
  o.flags = HINGE_LOAD_LENIENT;
  cr_assert_eq(load("words.mot", words, sizeof words - 1, &o, &t, &e), HINGE_OK, "%s", e.message);
  for (i = 0; i < hinge_table_columns(t); i++) {
    const hinge_column_info *ci = hinge_table_column_info(t, i);
    cr_assert_eq(hinge_table_column(t, i) == NULL, ci->unit == HINGE_UNIT_TEXT, "column %s",
                 ci->name);
  }
  cr_assert_eq(hinge_table_column(t, (size_t)hinge_table_find(t, "knee_angle_l")), NULL);
  /* the knee is the one numeric side, in degrees */
  cr_assert(fabs(hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_KNEE))[0] -
                 0.1 * 180 / 3.14159265358979323846) < 1e-9);
  hinge_table_destroy(t);
}

/* A column with a metadata name ("set_number", "athlete") is a raw column
 * in a reader's file: numbers with no unit, not numbers with the text
 * unit its name has in a session CSV (which broke the table's contract:
 * found by fuzz_session, reproducer session-opensim-set-number-unit). */
Test(opensim, a_column_named_like_metadata_should_be_numbers_without_a_unit) {
  static const char named[] =
      "Coordinates\nversion=1\nnRows=2\nnColumns=4\ninDegrees=yes\nendheader\n"
      "time\thip_flexion_r\tset_number\tathlete\n"
      "0.00\t10\t1\t7\n"
      "0.01\t20\t2\t8\n";
  hinge_table *t = NULL;
  hinge_error e;
  size_t i;
  const hinge_column_info *ci;
  cr_assert_eq(load("named.mot", named, sizeof named - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  for (i = 0; i < hinge_table_columns(t); i++) {
    ci = hinge_table_column_info(t, i);
    cr_assert_eq(hinge_table_column(t, i) == NULL, ci->unit == HINGE_UNIT_TEXT, "column %s",
                 ci->name);
  }
  ci = hinge_table_column_info(t, (size_t)hinge_table_find(t, "set_number"));
  cr_assert_eq(ci->unit, HINGE_UNIT_NONE);
  cr_assert_eq(ci->role, HINGE_ROLE_NONE);
  cr_assert_float_eq(col(t, "set_number")[1], 2.0, 0);
  cr_assert_float_eq(col(t, "athlete")[0], 7.0, 0);
  hinge_table_destroy(t);
}
