/* Unit tests for the Noraxon myoMOTION and FlexTail readers
 * (src/io/noraxon.c, src/io/flextail.c): small exports written from the
 * layouts in docs/formats.md, values checked against hand-computed ones,
 * and bad input giving file:line errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"

static int load(const char *name, const char *text, size_t len, const hinge_load_options *o,
                hinge_table **t, hinge_error *e) {
  hinge_error_clear(e);
  return hinge_table_load_buffer(name, text, len, o, t, e);
}

static const double *role(const hinge_table *t, int r) {
  long i = hinge_table_role_column(t, r);
  cr_assert_geq(i, 0, "no %s column", hinge_role_name(r));
  return hinge_table_column(t, (size_t)i);
}

/* ---- Noraxon myoMOTION ---- */

/* German locale: ';', decimal comma, CRLF and a BOM, three lines above. */
static const char de[] =
    "\xef\xbb\xbf" "Noraxon MR3 export\r\n"
    "Measurement;Kreuzheben Satz 1\r\n"
    "Rate;100;Hz\r\n"
    "time;Activity;Marker;Thoracic Flexion Fwd (deg);Lumbar Flexion Fwd (deg);"
    "RT Hip Flexion (deg);LT Hip Flexion (deg);RT Knee Flexion (deg);LT Knee Flexion (deg)\r\n"
    "0,000;;;10,5;20,25;30;40;5;7\r\n"
    "0,010;Lift;M1;11,5;21,25;31;42;6;\r\n"
    "0,020;;;12,5;22,25;32,5;41,5;7;9\r\n";

Test(noraxon, a_german_export_should_load_both_spine_channels) {
  hinge_table *t = NULL;
  hinge_error e;
  const double *th, *lu, *hip, *knee;
  cr_assert_eq(load("set1.csv", de, sizeof de - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "noraxon");
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic+lumbar");
  cr_assert_eq(hinge_table_schema(t)->header_line, 4);
  cr_assert_eq(hinge_table_schema(t)->delimiter, ';');
  cr_assert_eq(hinge_table_schema(t)->decimal, ',');
  cr_assert_eq(hinge_table_rows(t), 3);
  th = role(t, HINGE_ROLE_THORACIC);
  lu = role(t, HINGE_ROLE_LUMBAR);
  hip = role(t, HINGE_ROLE_HIP);
  knee = role(t, HINGE_ROLE_KNEE);
  cr_assert_eq(th[1], 11.5);
  cr_assert_eq(lu[2], 22.25);
  cr_assert_eq(hip[0], 35.0);  /* (30 + 40) / 2 */
  cr_assert_eq(hip[1], 36.5);  /* (31 + 42) / 2 */
  cr_assert_eq(hip[2], 37.0);  /* (32.5 + 41.5) / 2 */
  cr_assert_eq(knee[1], 6.0);  /* the left knee missing: the right one */
  cr_assert_eq(knee[2], 8.0);
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 100, 1e-9);
  cr_assert_eq(hinge_table_meta(t)->nlines, 3);
  cr_assert_eq(hinge_table_warning_count(t), 0, "the event columns are not loaded, quietly");
  hinge_table_destroy(t);
}

Test(noraxon, an_english_export_with_commas_should_load) {
  static const char en[] = "Noraxon MR3\n\n"
                           "time,Thoracic Flexion Fwd (deg),Lumbar Flexion Fwd (deg),RT Hip "
                           "Flexion (deg)\n0.00,1.5,2.5,3\n0.01,1.75,2.5,4\n";
  hinge_table *t = NULL;
  hinge_error e;
  long h;
  cr_assert_eq(load("en.txt", en, sizeof en - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "noraxon");
  cr_assert_eq(role(t, HINGE_ROLE_THORACIC)[1], 1.75);
  h = hinge_table_role_column(t, HINGE_ROLE_HIP);
  cr_assert_str_eq(hinge_table_column_info(t, (size_t)h)->name, "RT Hip Flexion (deg)");
  cr_assert_str_eq(hinge_table_column_info(t, (size_t)h)->source,
                   "RT Hip Flexion (deg) only (the file has one side)");
  hinge_table_destroy(t);
}

Test(noraxon, a_lumbar_only_export_should_say_so) {
  static const char lu[] = "time;Lumbar Flexion Fwd (deg);RT Hip Flexion (deg);LT Hip Flexion (deg)\n"
                           "0;1;2;3\n0,01;1;2;3\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("lu.csv", lu, sizeof lu - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_capabilities(t), "lumbar only");
  hinge_table_destroy(t);
}

Test(noraxon, a_row_cut_short_should_name_its_line) {
  static const char cut[] = "Noraxon\ntime;Thoracic Flexion Fwd (deg);Lumbar Flexion Fwd (deg)\n"
                            "0;1;2\n0,01;1";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("cut.csv", cut, sizeof cut - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_assert_str_eq(e.file, "cut.csv");
  cr_assert_eq(e.line, 4);
  cr_assert(strstr(e.message, "expected 3 fields") != NULL, "%s", e.message);
}

Test(noraxon, a_bad_number_should_name_line_and_column) {
  static const char bad[] = "time;Thoracic Flexion Fwd (deg);Lumbar Flexion Fwd (deg)\n"
                            "0;1;2\n0,01;x1;2\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("bad.csv", bad, sizeof bad - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 3);
  cr_assert_eq(e.column, 2);
}

Test(noraxon, forced_on_a_file_without_its_header_should_be_refused) {
  static const char csv[] = "time_s,hip_deg\n0,1\n0.01,2\n";
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error e;
  hinge_load_options_init(&o);
  o.input_format = "noraxon";
  cr_assert_eq(load("s.csv", csv, sizeof csv - 1, &o, &t, &e), HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "myoMOTION header") != NULL, "%s", e.message);
  cr_assert_eq(e.line, 3);
  cr_assert_null(t);
}

Test(noraxon, the_header_only_should_be_no_data) {
  static const char none[] = "time;Lumbar Flexion Fwd (deg)\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("none.csv", none, sizeof none - 1, NULL, &t, &e), HINGE_ENODATA);
  cr_assert_eq(e.line, 1);
}

/* ---- FlexTail ---- */

static const char ft[] =
    "User,Activity,Rating,Source_File,Time,lumbarAngle,thoracicAngle,sagittal,lateral,twist,"
    "acceleration,gyro\n"
    "Jonas,DL,Better,a.rsf,0.00,0.5,0.25,1,0,0,9.81,0\n"
    "Jonas,DL,Better,a.rsf,0.02,-0.5,0,0,0,0,9.81,0\n"
    "Jonas,DL,Better,a.rsf,0.04,0,0,0,0,0,9.81,0\n";

Test(flextail, radians_should_load_as_degrees_with_the_user_as_athlete) {
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("ft.csv", ft, sizeof ft - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "flextail");
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic+lumbar");
  cr_assert_float_eq(role(t, HINGE_ROLE_LUMBAR)[0], 28.64788975654116, 1e-12); /* 0.5 * 180 / pi */
  cr_assert_float_eq(role(t, HINGE_ROLE_LUMBAR)[1], -28.64788975654116, 1e-12);
  cr_assert_float_eq(role(t, HINGE_ROLE_THORACIC)[0], 14.32394487827058, 1e-12);
  cr_assert_float_eq(role(t, HINGE_ROLE_TRUNK)[0], 57.29577951308232, 1e-12);
  cr_assert_eq(hinge_table_column_info(t, (size_t)hinge_table_find(t, "lumbarAngle"))->unit,
               HINGE_UNIT_RAD);
  cr_assert_eq(hinge_table_column(t, (size_t)hinge_table_find(t, "acceleration"))[0], 9.81);
  cr_assert_str_eq(hinge_table_meta(t)->athlete, "Jonas");
  cr_assert_str_eq(hinge_table_meta(t)->exercise, "DL");
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 50, 1e-9);
  cr_assert_eq(hinge_table_warning_count(t), 0);
  hinge_table_destroy(t);
}

Test(flextail, lumbar_only_with_semicolons_and_a_decimal_comma) {
  static const char lu[] = "time;lumbarAngle\n0;0,5\n0,02;0,25\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("lu.csv", lu, sizeof lu - 1, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_capabilities(t), "lumbar only");
  cr_assert_float_eq(role(t, HINGE_ROLE_LUMBAR)[1], 14.32394487827058, 1e-12);
  hinge_table_destroy(t);
}

Test(flextail, no_time_column_should_need_the_rate) {
  static const char nt[] = "lumbarAngle,thoracicAngle\n0,0\n0.1,0.2\n";
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("nt.csv", nt, sizeof nt - 1, NULL, &t, &e), HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "no time column") != NULL, "%s", e.message);
  hinge_load_options_init(&o);
  o.fs = 25;
  cr_assert_eq(load("nt.csv", nt, sizeof nt - 1, &o, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_float_eq(hinge_table_time(t)[1], 0.04, 1e-15);
  hinge_table_destroy(t);
}

Test(flextail, a_bad_angle_should_name_line_and_column) {
  static const char bad[] = "Time,lumbarAngle\n0,0.1\n0.02,nan?\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load("bad.csv", bad, sizeof bad - 1, NULL, &t, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 3);
  cr_assert_eq(e.column, 2);
}
