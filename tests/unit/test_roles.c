/* Unit tests for roles.c (the vocabulary: roles, units, rep flag words)
 * and the fallback name of the enums' name functions. */
#include <criterion/criterion.h>
#include <string.h>

#include "hinge/hinge.h"

Test(roles, rep_flag_parse_should_invert_rep_flag_name) {
  unsigned bits[] = {HINGE_REP_UPPER_BACK_ROUNDING, HINGE_REP_LUMBAR_ROUNDING};
  size_t i;
  for (i = 0; i < 2; i++) {
    unsigned got = 0;
    cr_assert_eq(hinge_rep_flag_parse(hinge_rep_flag_name(bits[i]), &got), HINGE_OK);
    cr_assert_eq(got, bits[i]);
  }
  cr_assert_str_eq(hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING), "lumbar_rounding");
}

Test(roles, rep_flag_parse_should_refuse_other_words) {
  unsigned got = 7;
  cr_assert_eq(hinge_rep_flag_parse("Lumbar_Rounding", &got), HINGE_EPARSE);
  cr_assert_eq(hinge_rep_flag_parse("lumbar_rounding_deg", &got), HINGE_EPARSE);
  cr_assert_eq(hinge_rep_flag_parse(NULL, &got), HINGE_EPARSE);
  cr_assert_eq(got, 7u);
  cr_assert_eq(hinge_rep_flag_parse("upper_back_rounding", NULL), HINGE_OK);
  cr_assert_str_eq(hinge_rep_flag_name(4u), "unknown");
}

Test(roles, name_functions_should_say_unknown_for_values_out_of_range) {
  cr_assert_str_eq(hinge_role_name(HINGE_ROLE_COUNT), "unknown");
  cr_assert_str_eq(hinge_role_name(-1), "unknown");
  cr_assert_str_eq(hinge_role_name(HINGE_ROLE_NONE), "");
  cr_assert_str_eq(hinge_unit_name(99), "unknown");
  cr_assert_str_eq(hinge_verdict_name(HINGE_VERDICT_COUNT), "unknown");
  cr_assert_str_eq(hinge_trajectory_name(-1), "unknown");
  cr_assert_str_eq(hinge_trainload_basis_name(-1), "unknown");
}
