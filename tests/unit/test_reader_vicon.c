/* The reader "vicon" (src/io/vicon.c): the Vicon Nexus CSV export
 * (docs/formats.md, "Vicon Nexus CSV").  Values checked against
 * tests/data/devices/nexus_small.csv by hand. */
#include "devices_util.h"

#define FILE_NEXUS HINGE_TEST_DATA "/devices/nexus_small.csv"

Test(vicon, model_outputs_should_give_spine_hip_and_knee) {
  hinge_table *t = NULL;
  hinge_error e;
  const double lumbar[] = {8.0, 9.0, 10.5, 12.0}; /* SpineAngles X (L and R the same) */
  const double hip[] = {11.0, 21.0, 30.0, 41.0};  /* frame 3: RHipAngles X empty */
  const double knee[] = {6.0, 16.0, 26.0, 36.0};
  cr_assert_eq(hinge_table_load(FILE_NEXUS, NULL, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "vicon");
  cr_assert_str_eq(hinge_table_capabilities(t), "lumbar only");
  cr_assert(strstr(hinge_table_capability_note(t), "relative to the pelvis") != NULL);
  check_role(t, HINGE_ROLE_LUMBAR, lumbar, 4);
  check_role(t, HINGE_ROLE_HIP, hip, 4);
  check_role(t, HINGE_ROLE_KNEE, knee, 4);
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_THORACIC), -1);
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_TRUNK), -1); /* ThoraxAngles: no role */
  cr_assert_float_eq(hinge_table_timing(t)->sample_rate_hz, 100, 1e-9); /* not Devices' 200 */
  cr_assert_str_eq(hinge_table_meta(t)->athlete, "ana");
  hinge_table_destroy(t);
}

static const char model[] =
    "Model Outputs\n100\n,,ana:LHipAngles,,,ana:LSpineAngles,,\n"
    "Frame,Sub Frame,X,Y,Z,X,Y,Z\n,,deg,deg,deg,deg,deg,deg\n"
    "1,0,10,0,0,5,0,0\n2,0,20,0,0,6,0,0\n3,0,30,0,0,7,0,0\n";

Test(vicon, a_minimal_export_should_load_with_crlf_too) {
  hinge_table *t = NULL;
  hinge_error e;
  const double lumbar[] = {5, 6, 7};
  cr_assert_eq(load_text("m.csv", model, 0, &t, &e), HINGE_OK, "%s", e.message);
  check_role(t, HINGE_ROLE_LUMBAR, lumbar, 3);
  hinge_table_destroy(t);
  cr_assert_eq(load_text("m.csv",
                         "Model Outputs\r\n100\r\n,,a:LHipAngles,,\r\nFrame,Sub Frame,X,Y,Z\r\n"
                         ",,deg,deg,deg\r\n1,0,10,0,0\r\n2,0,20,0,0\r\n\r\n",
                         0, &t, &e),
               HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_table_rows(t), 2);
  hinge_table_destroy(t);
}

Test(vicon, a_section_without_its_units_row_should_name_the_line) {
  static const char text[] = "Model Outputs\n100\n,,ana:LHipAngles,,\nFrame,Sub Frame,X,Y,Z\n"
                             "1,0,10,0,0\n2,0,20,0,0\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("m.csv", text, 0, &t, &e), HINGE_EPARSE);
  cr_assert_null(t);
  cr_assert_eq(e.line, 5);
  cr_assert_eq(e.column, 1);
  cr_assert(strstr(e.message, "units row") != NULL && strstr(e.message, "Model Outputs") != NULL,
            "%s", e.message);
}

Test(vicon, a_ragged_row_should_name_line_and_column) {
  static const char text[] = "Model Outputs\n100\n,,ana:LHipAngles,,\nFrame,Sub Frame,X,Y,Z\n"
                             ",,deg,deg,deg\n1,0,10,0,0\n2,0,20,0\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("m.csv", text, 0, &t, &e), HINGE_EPARSE);
  cr_assert_eq(e.line, 7);
  cr_assert_eq(e.column, 4);
  cr_assert(strstr(e.message, "expected 5 fields") != NULL, "%s", e.message);
}

Test(vicon, no_model_outputs_should_say_what_to_export) {
  static const char text[] = "Trajectories\n100\n,,ana:LASI,,\nFrame,Sub Frame,X,Y,Z\n"
                             ",,mm,mm,mm\n1,0,10,0,0\n2,0,20,0,0\n";
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("m.csv", text, 0, &t, &e), HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "no 'Model Outputs' section") != NULL, "%s", e.message);
}

Test(vicon, a_missing_rate_or_text_in_a_cell_should_be_refused) {
  hinge_table *t = NULL;
  hinge_error e;
  cr_assert_eq(load_text("m.csv", "Model Outputs\nabc\n,,a:LHipAngles,,\nFrame,Sub Frame,X,Y,Z\n"
                                  ",,deg,deg,deg\n1,0,1,0,0\n", 0, &t, &e),
               HINGE_EPARSE);
  cr_assert_eq(e.line, 2);
  cr_assert_eq(load_text("m.csv", "Model Outputs\n100\n,,a:LHipAngles,,\nFrame,Sub Frame,X,Y,Z\n"
                                  ",,deg,deg,deg\n1,0,1,0,0\n2,0,n/a,0,0\n", 0, &t, &e),
               HINGE_EPARSE);
  cr_assert_eq(e.line, 7);
  cr_assert_eq(e.column, 3);
}

Test(vicon, out_of_memory_at_any_allocation_should_be_enomem_and_leak_nothing) {
  every_allocation_fails_cleanly(FILE_NEXUS, 0);
}
