/* Unit tests for the readers' framework (src/io/reader.h): the registry and
 * its names, detection falling back to hinge's CSV, tables built from
 * arrays (table_build.c) and the CSV loader with a profile, finished by the
 * loader's own timing and duplicate rules. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"
#include "io/reader.h"

#define PI 3.14159265358979323846

static const char csv[] = "time_s,hip_deg,lumbar_deg\n0,1,2\n0.01,2,3\n0.02,3,4\n";

Test(formats, a_session_csv_should_load_as_before_with_format_csv) {
  hinge_table *t = NULL;
  hinge_load_options o;
  hinge_load_options_init(&o);
  cr_assert_eq(hinge_table_load_buffer("x.csv", csv, sizeof csv - 1, &o, &t, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_table_format(t), "csv");
  cr_assert_str_eq(hinge_table_capabilities(t), "lumbar only");
  cr_assert_null(hinge_table_capability_note(t));
  cr_assert_null(hinge_table_column_info(t, 1)->source);
  hinge_table_destroy(t);
  o.input_format = "CSV"; /* names are case-insensitive */
  cr_assert_eq(hinge_table_load_buffer("x.dat", csv, sizeof csv - 1, &o, &t, NULL), HINGE_OK);
  cr_assert_str_eq(hinge_table_format(t), "csv");
  hinge_table_destroy(t);
}

Test(formats, an_unknown_format_name_should_be_refused_listing_the_names) {
  hinge_table *t = NULL;
  hinge_load_options o;
  hinge_error e;
  hinge_load_options_init(&o);
  o.input_format = "nope";
  cr_assert_eq(hinge_load_options_check(&o, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "unknown input format 'nope' (formats: csv") != NULL, "%s",
            e.message);
  cr_assert_eq(hinge_table_load_buffer("x.csv", csv, sizeof csv - 1, &o, &t, &e), HINGE_EINVAL);
  cr_assert_null(t);
}

Test(formats, the_registry_should_list_csv_first_and_end_with_null) {
  size_t i, n = hinge_input_format_count();
  cr_assert_geq(n, 1);
  cr_assert_str_eq(hinge_input_format_name(0), "csv");
  for (i = 0; i < n; i++) {
    cr_assert_not_null(hinge_input_format_title(i));
    cr_assert_eq(hinge__reader_find(hinge_input_format_name(i)),
                 hinge__reader_find(hinge_input_format_name(i)));
  }
  cr_assert_null(hinge_input_format_name(n));
  cr_assert_null(hinge_input_format_title(n));
  cr_assert_null(hinge__reader_find("nope"));
}

Test(formats, a_directory_no_reader_claims_should_be_an_io_error) {
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(hinge_table_load(HINGE_TEST_TMP, NULL, &t, &e), HINGE_EIO);
  cr_assert(strstr(e.message, "directory") != NULL, "%s", e.message);
  cr_assert_null(t);
}

Test(formats, a_null_table_should_read_as_none) {
  cr_assert_null(hinge_table_format(NULL));
  cr_assert_str_eq(hinge_table_capabilities(NULL), "none");
  cr_assert_null(hinge_table_capability_note(NULL));
}

/* ---- building from arrays ---- */

static void add(hinge_table *t, const char *name, int role, int unit, const double *v, size_t n,
                const char *source) {
  hinge__colspec c;
  hinge_error e;
  c.name = name;
  c.role = role;
  c.unit = unit;
  c.source = source;
  cr_assert_eq(hinge__table_add(t, &c, v, n, &e), HINGE_OK, "%s", e.message);
}

Test(formats, a_built_table_should_convert_units_and_time_as_a_loaded_one) {
  double tm[5] = {0, 10, 20, 30, 40}; /* ms */
  double rad[5] = {0, PI / 2, PI, NAN, -PI};
  double th[5] = {1, 2, 3, 4, 5};
  hinge_error e;
  hinge_table *t = hinge__table_new("dev.xyz", NULL, &e);
  cr_assert_not_null(t);
  add(t, "t", HINGE_ROLE_TIME, HINGE_UNIT_MS, tm, 5, NULL);
  add(t, "lumbar", HINGE_ROLE_LUMBAR, HINGE_UNIT_RAD, rad, 5, "minus something");
  add(t, "upper", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG, th, 5, NULL);
  hinge__table_set_format(t, "test", "a note");
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_rows(t), 5);
  cr_assert_float_eq(hinge_table_time(t)[4], 0.04, 1e-15);
  cr_assert_float_eq(hinge_table_column(t, 1)[1], 90.0, 1e-12);
  cr_assert_float_eq(hinge_table_column(t, 1)[4], -180.0, 1e-12);
  cr_assert_eq(hinge_table_column_info(t, 1)->missing, 1);
  cr_assert_eq(hinge_table_column_info(t, 1)->unit, HINGE_UNIT_RAD);
  cr_assert_str_eq(hinge_table_column_info(t, 1)->source, "minus something");
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 100.0, 1e-9);
  cr_assert_str_eq(hinge_table_format(t), "test");
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic+lumbar");
  cr_assert_str_eq(hinge_table_capability_note(t), "a note");
  hinge_table_destroy(t);
}

Test(formats, a_role_should_move_to_the_newer_column_unless_the_user_mapped_it) {
  double tm[3] = {0, 1, 2}, a[3] = {1, 1, 1}, b[3] = {2, 2, 2};
  hinge_role_map m = {HINGE_ROLE_HIP, "raw_hip", 0};
  hinge_load_options o;
  hinge_error e;
  hinge_table *t = hinge__table_new("d", NULL, &e);
  add(t, "time", HINGE_ROLE_TIME, HINGE_UNIT_S, tm, 3, NULL);
  add(t, "raw_hip", HINGE_ROLE_HIP, HINGE_UNIT_DEG, a, 3, NULL);
  add(t, "hip", HINGE_ROLE_HIP, HINGE_UNIT_DEG, b, 3, "derived");
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_HIP), 2);
  cr_assert_eq(hinge_table_column_info(t, 1)->role, HINGE_ROLE_NONE);
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_OK, "%s", e.message);
  hinge_table_destroy(t);
  /* the user's --map hip=raw_hip wins, inverted if asked */
  hinge_load_options_init(&o);
  o.map = &m;
  o.nmap = 1;
  m.negate = 1;
  t = hinge__table_new("d", &o, &e);
  add(t, "time", HINGE_ROLE_TIME, HINGE_UNIT_S, tm, 3, NULL);
  add(t, "raw_hip", HINGE_ROLE_NONE, HINGE_UNIT_DEG, a, 3, NULL);
  add(t, "hip", HINGE_ROLE_HIP, HINGE_UNIT_DEG, b, 3, "derived");
  cr_assert_eq(hinge__table_finish(t, &o, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_HIP), 1);
  cr_assert_eq(hinge_table_column_info(t, 1)->mapped, 1);
  cr_assert_eq(hinge_table_column_info(t, 1)->inverted, 1);
  cr_assert_eq(hinge_table_column(t, 1)[0], -1.0);
  cr_assert_eq(hinge_table_column_info(t, 2)->role, HINGE_ROLE_NONE);
  hinge_table_destroy(t);
}

Test(formats, a_built_table_should_check_rows_roles_and_the_rate) {
  double tm[3] = {0, 1, 2}, a[3] = {1, 2, 3}, b[2] = {1, 2};
  hinge__colspec c = {"short", HINGE_ROLE_NONE, HINGE_UNIT_DEG, NULL};
  hinge_error e;
  hinge_table *t = hinge__table_new("d.bin", NULL, &e);
  add(t, "time", HINGE_ROLE_TIME, HINGE_UNIT_S, tm, 3, NULL);
  cr_assert_eq(hinge__table_add(t, &c, b, 2, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "2 values, the table 3 rows") != NULL, "%s", e.message);
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_ESCHEMA); /* no angle */
  cr_assert(strstr(e.message, "no angle column") != NULL, "%s", e.message);
  hinge_table_destroy(t);
  /* no time column: the rate the file states */
  t = hinge__table_new("d.bin", NULL, &e);
  add(t, "knee", HINGE_ROLE_KNEE, HINGE_UNIT_DEG, a, 3, NULL);
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_ESCHEMA); /* no time, no rate */
  hinge__table_set_rate(t, 60, 2);
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_float_eq(hinge_table_time(t)[2], 2.0 / 60, 1e-15);
  cr_assert(hinge_table_timing(t)->fs_from_meta);
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_EINVAL); /* once */
  hinge_table_destroy(t);
}

Test(formats, a_built_table_should_drop_duplicate_timestamps_with_a_warning) {
  double tm[5] = {0, 0.01, 0.01, 0.02, 0.03}, a[5] = {1, 2, 2, 3, 4};
  hinge_error e;
  hinge_table *t = hinge__table_new("d", NULL, &e);
  add(t, "time", HINGE_ROLE_TIME, HINGE_UNIT_S, tm, 5, NULL);
  add(t, "trunk", HINGE_ROLE_TRUNK, HINGE_UNIT_DEG, a, 5, NULL);
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_rows(t), 4);
  cr_assert_eq(hinge_table_timing(t)->duplicates, 1);
  cr_assert_str_eq(hinge_table_warning(t, 0)->kind, "duplicate_row");
  cr_assert_str_eq(hinge_table_capabilities(t), "trunk only");
  hinge_table_destroy(t);
}

Test(formats, an_unfinished_table_should_destroy_cleanly) {
  double tm[3] = {0, 1, 2};
  hinge_error e;
  hinge_table *t = hinge__table_new("d", NULL, &e);
  add(t, "time", HINGE_ROLE_TIME, HINGE_UNIT_S, tm, 3, NULL);
  add(t, "x", HINGE_ROLE_NONE, HINGE_UNIT_NONE, tm, 3, "from time");
  hinge_table_destroy(t);
}

/* ---- the CSV loader with a profile ---- */

static const char prof[] =
    "Device;Gadget 3000\r\n"
    "Rate;50;Hz\r\n"
    "\r\n"
    "time;hip_deg;Upper (deg);Lower (deg)\r\n"
    "0,00;1,5;10;20\r\n"
    "0,02;2,5;11;21\r\n"
    "0,04;3,5;12;22\r\n";

Test(formats, a_profile_should_start_at_the_given_header_with_raw_columns) {
  hinge__csv_profile p = {4, ';', ',', 1};
  hinge__source src = {"prof.txt", NULL, prof, sizeof prof - 1};
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(hinge__table_load_profile(&src, &p, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_rows(t), 3);
  cr_assert_eq(hinge_table_schema(t)->header_line, 4);
  cr_assert_eq(hinge_table_schema(t)->decimal, ',');
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_TIME), 0); /* time by its name */
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_HIP), -1); /* raw: no other role */
  cr_assert_eq(hinge_table_meta(t)->nlines, 2);
  cr_assert_str_eq(hinge_table_meta(t)->lines[0].key, "Device");
  cr_assert_float_eq(hinge_table_meta(t)->rate_hz, 50, 1e-12);
  cr_assert_eq(hinge__table_set_role(t, 3, HINGE_ROLE_LUMBAR, "Lower (deg)", &e), 1);
  cr_assert_eq(hinge__table_set_role(t, 2, HINGE_ROLE_THORACIC, NULL, &e), 1);
  cr_assert_eq(hinge_table_column(t, 3)[2], 22.0);
  cr_assert_eq(hinge__table_finish(t, NULL, &e), HINGE_OK, "%s", e.message);
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 50, 1e-9);
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic+lumbar");
  cr_assert_eq(hinge_table_column(t, 1)[1], 2.5);
  hinge_table_destroy(t);
}

Test(formats, a_profile_header_past_the_end_should_name_the_line) {
  hinge__csv_profile p = {40, ';', ',', 1};
  hinge__source src = {"prof.txt", NULL, prof, sizeof prof - 1};
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(hinge__table_load_profile(&src, &p, NULL, &t, &e), HINGE_ENODATA);
  cr_assert_eq(e.line, 40);
  cr_assert(strstr(e.message, "ends before it") != NULL, "%s", e.message);
  cr_assert_null(t);
}

Test(formats, source_read_should_decode_and_skip_a_bom) {
  static const char bom[] = "\xef\xbb\xbfhello\n";
  static const char u16[] = "\xff\xfeh\0i\0\n\0";
  hinge__source a = {"a", NULL, bom, sizeof bom - 1}, b = {"b", NULL, u16, sizeof u16 - 1};
  hinge__text x;
  hinge_error e;
  cr_assert_eq(hinge__source_read(&a, NULL, 1 << 20, &x, &e), HINGE_OK);
  cr_assert_str_eq(x.data, "hello\n");
  hinge__source_free(&x);
  cr_assert_eq(hinge__source_read(&b, NULL, 1 << 20, &x, &e), HINGE_OK);
  cr_assert_str_eq(x.data, "hi\n");
  hinge__source_free(&x);
  cr_assert_eq(hinge__source_read(&a, NULL, 4, &x, &e), HINGE_ELIMIT);
}
