/* The reader "xsens" (src/io/xsens.c): Xsens MVN joint angles exported as
 * CSV (docs/formats.md, "Xsens MVN joint angles (CSV)").  Values checked
 * against tests/data/devices/mvn_joint_angles.csv by hand. */
#include "devices_util.h"

#define FILE_MVN HINGE_TEST_DATA "/devices/mvn_joint_angles.csv"


Test(xsens, the_documented_layout_should_give_the_summed_spine_and_mean_hips) {
  hinge_table *t = NULL;
  hinge_load_options o;
  hinge_error e;
  const double lumbar[] = {9.0, 10.5, NAN, 13.5}; /* L5S1 + L4L3 + L1T12; frame 2 lacks L1T12 */
  const double thoracic[] = {6.0, 6.5, 7.0, 7.5}; /* T9T8 alone: T1C7 (-10 ... -7) left out */
  const double hip[] = {11.0, 21.0, 30.0, 41.0};  /* frame 2: the right side only */
  const double knee[] = {6.0, 16.0, 26.0, 36.0};
  hinge_load_options_init(&o);
  o.fs = 60;
  cr_assert_eq(hinge_table_load(FILE_MVN, &o, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "xsens");
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic+lumbar");
  cr_assert(strstr(hinge_table_capability_note(t), "modelled") != NULL);
  check_role(t, HINGE_ROLE_LUMBAR, lumbar, 4);
  check_role(t, HINGE_ROLE_THORACIC, thoracic, 4);
  check_role(t, HINGE_ROLE_HIP, hip, 4);
  check_role(t, HINGE_ROLE_KNEE, knee, 4);
  cr_assert_float_eq(hinge_table_time(t)[3], 3.0 / 60, 1e-12);
  cr_assert_not_null(hinge_table_column_info(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_LUMBAR))->source);
  hinge_table_destroy(t);
}

Test(xsens, without_a_rate_the_error_should_ask_for_fs_at_the_header) {
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(hinge_table_load(FILE_MVN, NULL, &t, &e), HINGE_ESCHEMA);
  cr_assert_null(t);
  cr_assert_eq(e.line, 1);
  cr_assert(strstr(e.message, "--fs") != NULL, "%s", e.message);
}

Test(xsens, a_frame_rate_line_above_the_header_semicolons_and_decimal_commas_should_load) {
  static const char text[] =
      "\xEF\xBB\xBFRecorded with MVN Analyze\r\nFrame Rate;60\r\n"
      "Frame;L5S1 Flexion/Extension;L4L3 Flexion/Extension;L1T12 Flexion/Extension;"
      "T9T8 Flexion/Extension;Right Hip Flexion/Extension;Left Hip Flexion/Extension\r\n"
      "0;1,5;1,0;0,5;2,25;10;12\r\n1;2,5;2,0;1,5;3,25;20;22\r\n";
  const double lumbar[] = {3.0, 6.0}, thoracic[] = {2.25, 3.25}, hip[] = {11, 21};
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("s.csv", text, 0, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "xsens");
  check_role(t, HINGE_ROLE_LUMBAR, lumbar, 2);
  check_role(t, HINGE_ROLE_THORACIC, thoracic, 2);
  check_role(t, HINGE_ROLE_HIP, hip, 2);
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 60, 1e-9);
  hinge_table_destroy(t);
}

Test(xsens, a_partial_spine_should_warn_and_give_no_lumbar_channel) {
  static const char text[] =
      "Frame,L5S1 Flexion/Extension,T9T8 Flexion/Extension,Right Hip Flexion/Extension\n"
      "0,1,2,10\n1,2,3,20\n2,3,4,30\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("p.csv", text, 100, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_LUMBAR), -1);
  cr_assert_str_eq(hinge_table_capabilities(t), "thoracic only");
  hinge_table_destroy(t);
}

Test(xsens, forced_on_a_file_without_the_header_it_should_name_line_1) {
  static const char text[] = "time_s,hip_deg\n0,1\n0.01,2\n";
  hinge_table *t = NULL;
  hinge_load_options o;
  hinge_error e;
  hinge_load_options_init(&o);
  o.input_format = "xsens";
  cr_assert_eq(hinge_table_load_buffer("s.csv", text, sizeof text - 1, &o, &t, &e), HINGE_ESCHEMA);
  cr_assert_eq(e.line, 1);
  cr_assert(strstr(e.message, "Flexion/Extension") != NULL, "%s", e.message);
  /* and undetected, the same text is hinge's own CSV */
  cr_assert_eq(load_text("s.csv", text, 0, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "csv");
  hinge_table_destroy(t);
}

Test(xsens, a_text_cell_in_a_joint_column_should_name_line_and_column) {
  static const char text[] = "Frame,L5S1 Flexion/Extension,L4L3 Flexion/Extension,L1T12 Flexion/Extension\n"
                             "0,1,2,3\n1,1,x,3\n";
  hinge_table *t = NULL;
  hinge_error e;
  int rc = load_text("p.csv", text, 100, &t, &e);
  cr_assert_neq(rc, HINGE_OK);
  if (rc == HINGE_OK) hinge_table_destroy(t);
  cr_assert_null(t);
  cr_assert_eq(e.line, 3, "%ld: %s", e.line, e.message);
}

Test(xsens, a_session_csv_with_a_flexion_extension_column_should_stay_hinge_csv) {
  static const char text[] = "time_s,Hip Flexion/Extension,lumbar_deg\n0,1,2\n0.01,2,3\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("s.csv", text, 0, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "csv");
  hinge_table_destroy(t);
}

Test(xsens, out_of_memory_at_any_allocation_should_be_enomem_and_leak_nothing) {
  every_allocation_fails_cleanly(FILE_MVN, 60);
}
