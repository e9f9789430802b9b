/* The reader "mvnx" (src/io/mvnx.c): Xsens MVNX XML through libexpat
 * (docs/formats.md, "Xsens MVNX").  Values checked against
 * tests/data/devices/small.mvnx by hand; bad inputs are that file cut or
 * edited in memory. */
#include <stdio.h>
#include <stdlib.h>

#include "devices_util.h"

#define FILE_MVNX HINGE_TEST_DATA "/devices/small.mvnx"

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *p;
  cr_assert_not_null(f);
  p = malloc(1 << 16);
  *n = fread(p, 1, (1 << 16) - 1, f);
  p[*n] = '\0';
  fclose(f);
  return p;
}

/* The file with the first `from` replaced by `to` (same buffer size or less). */
static char *edited(const char *from, const char *to) {
  size_t n;
  char *p = slurp(FILE_MVNX, &n), *at = strstr(p, from), *q = malloc(n + strlen(to) + 1);
  cr_assert_not_null(at, "no '%s' in the file", from);
  memcpy(q, p, (size_t)(at - p));
  strcpy(q + (at - p), to);
  strcat(q, at + strlen(from));
  free(p);
  return q;
}

static long line_of(const char *text, const char *what) {
  const char *at = strstr(text, what), *p;
  long ln = 1;
  for (p = text; p < at; p++) ln += *p == '\n';
  return ln;
}

Test(mvnx, the_documented_layout_should_give_the_summed_spine_and_mean_hips) {
  hinge_table *t = NULL;
  hinge_error e;
  const double lumbar[] = {9.0, 10.5, 12.0, 13.5}; /* L5S1 + L4L3 + L1T12 (third values) */
  const double thoracic[] = {6.0, 6.5, 7.0, 7.5};  /* T9T8; T1C7 (-10 ... -7) left out */
  const double hip[] = {11.0, 21.0, 31.0, 41.0};
  const double knee[] = {6.0, 16.0, 26.0, 36.0};
  cr_assert_eq(hinge_table_load(FILE_MVNX, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "mvnx");
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic+lumbar");
  check_role(t, HINGE_ROLE_LUMBAR, lumbar, 4); /* the identity and tpose frames skipped */
  check_role(t, HINGE_ROLE_THORACIC, thoracic, 4);
  check_role(t, HINGE_ROLE_HIP, hip, 4);
  check_role(t, HINGE_ROLE_KNEE, knee, 4);
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 60, 1e-9); /* frameRate */
  cr_assert_str_eq(hinge_table_meta(t)->athlete, "ana");
  hinge_table_destroy(t);
}

Test(mvnx, detection_should_go_by_content_whatever_the_name) {
  size_t n;
  char *p = slurp(FILE_MVNX, &n);
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("export.xml", p, 0, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "mvnx");
  hinge_table_destroy(t);
  free(p);
}

Test(mvnx, without_frameRate_the_frames_times_should_be_used) {
  char *p = edited(" frameRate=\"60\"", "");
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("x.mvnx", p, 0, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_float_eq(hinge_table_time(t)[3], 0.050, 1e-12); /* time="50" (ms) */
  hinge_table_destroy(t);
  free(p);
}

Test(mvnx, a_truncated_file_should_say_so_with_line_and_column) {
  size_t n;
  char *p = slurp(FILE_MVNX, &n);
  hinge_table *t = NULL;
  hinge_error e;
  p[strstr(p, "<frame time=\"33\"") - p + 40] = '\0'; /* cut inside a frame's start tag */
  cr_assert_eq(load_text("cut.mvnx", p, 0, &t, &e), HINGE_EPARSE);
  cr_assert_null(t);
  cr_assert(strstr(e.message, "ends early") != NULL, "%s", e.message);
  cr_assert_eq(e.line, line_of(p, "<frame time=\"33\""), "%ld: %s", e.line, e.message);
  cr_assert_gt(e.column, 0);
  free(p);
}

/* The roles are the Xsens CSV's (one function, device_derive.c): a
 * skeleton without L4L3 gives no lumbar channel, with the same warning. */
Test(mvnx, a_partial_spine_should_warn_and_give_no_lumbar_channel) {
  char *p = edited("label=\"jL4L3\"", "label=\"jOther\"");
  hinge_table *t = NULL;
  hinge_error e;
  size_t i;
  int warned = 0;
  cr_assert_eq(load_text("x.mvnx", p, 0, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_LUMBAR), -1);
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic only");
  for (i = 0; i < hinge_table_warning_count(t); i++)
    warned |= strcmp(hinge_table_warning(t, i)->kind, "partial_spine") == 0;
  cr_assert(warned);
  hinge_table_destroy(t);
  free(p);
}

Test(mvnx, a_frame_with_a_value_missing_should_name_its_jointAngle) {
  char *p = edited("-1 -2 22.0 0 -1 17.0", "-1 -2 22.0 0 -1");
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("x.mvnx", p, 0, &t, &e), HINGE_EPARSE);
  cr_assert(strstr(e.message, "26 values") != NULL && strstr(e.message, "9 joints") != NULL,
            "%s", e.message);
  cr_assert_eq(e.line, line_of(p, "<frame time=\"17\"") + 1, "%ld: %s", e.line, e.message);
  free(p);
}

Test(mvnx, a_text_value_should_be_refused) {
  char *p = edited("0.5 -0.2 4.5", "0.5 abc 4.5");
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("x.mvnx", p, 0, &t, &e), HINGE_EPARSE);
  cr_assert(strstr(e.message, "'abc'") != NULL, "%s", e.message);
  cr_assert_eq(e.line, line_of(p, "abc"));
  free(p);
}

Test(mvnx, no_normal_frame_should_be_no_data) {
  static const char text[] =
      "<?xml version=\"1.0\"?>\n<mvnx version=\"4\">\n<subject frameRate=\"60\">\n"
      "<joints><joint label=\"jL5S1\"/></joints>\n<frames>\n"
      "<frame time=\"0\" type=\"identity\"><jointAngle>1 2 3</jointAngle></frame>\n"
      "<frame time=\"0\" type=\"tpose\"/>\n<frame time=\"0\" type=\"calibration\"/>\n"
      "</frames>\n</subject>\n</mvnx>\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("x.mvnx", text, 0, &t, &e), HINGE_ENODATA);
  cr_assert(strstr(e.message, "normal") != NULL && strstr(e.message, "3 other") != NULL,
            "%s", e.message);
}

Test(mvnx, not_xml_at_all_should_be_an_xml_error_not_a_crash) {
  static const char text[] = "<mvnx version=\"4\"><subject frameRate=\"x\"></mvnx>";
  static const char bad[] = "<mvnx><<<\x01\xff</mvnx>";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("x.mvnx", text, 0, &t, &e), HINGE_EPARSE);
  cr_assert(strstr(e.message, "frameRate") != NULL, "%s", e.message);
  cr_assert_eq(load_text("x.mvnx", bad, 0, &t, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 1);
}

Test(mvnx, out_of_memory_at_any_allocation_should_be_enomem_and_leak_nothing) {
  every_allocation_fails_cleanly(FILE_MVNX, 0);
}
