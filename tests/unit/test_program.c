/* Unit tests for program.c: e1RM, the RPE chart, rounding, plates. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "hinge/hinge.h"

Test(e1rm, epley_should_match_its_closed_form) {
  double v;
  cr_assert_eq(hinge_e1rm(100, 5, HINGE_E1RM_EPLEY, &v, NULL), HINGE_OK);
  cr_assert(ieee_ulp_eq(dbl, v, 100.0 * (1.0 + 5.0 / 30.0), 2));
  cr_assert_eq(hinge_e1rm(150, 10, HINGE_E1RM_EPLEY, &v, NULL), HINGE_OK);
  cr_assert(ieee_ulp_eq(dbl, v, 200.0, 2));
}

Test(e1rm, brzycki_should_match_its_closed_form) {
  double v;
  cr_assert_eq(hinge_e1rm(100, 5, HINGE_E1RM_BRZYCKI, &v, NULL), HINGE_OK);
  cr_assert(ieee_ulp_eq(dbl, v, 112.5, 2));
  cr_assert_eq(hinge_e1rm(90, 10, HINGE_E1RM_BRZYCKI, &v, NULL), HINGE_OK);
  cr_assert(ieee_ulp_eq(dbl, v, 120.0, 2));
}

Test(e1rm, one_rep_should_return_the_weight) {
  double v;
  hinge_e1rm(182.5, 1, HINGE_E1RM_EPLEY, &v, NULL);
  cr_assert_eq(v, 182.5);
  hinge_e1rm(182.5, 1, HINGE_E1RM_BRZYCKI, &v, NULL);
  cr_assert_eq(v, 182.5);
}

Test(e1rm, reps_beyond_the_cap_should_be_out_of_range) {
  double v;
  hinge_error e;
  cr_assert_eq(hinge_e1rm(100, 13, HINGE_E1RM_EPLEY, &v, &e), HINGE_ERANGE);
  cr_assert(strstr(e.message, "1 to 12") != NULL);
  cr_assert_eq(hinge_e1rm(100, 12, HINGE_E1RM_EPLEY, &v, &e), HINGE_OK);
  cr_assert_eq(hinge_e1rm(100, 0, HINGE_E1RM_EPLEY, &v, &e), HINGE_ERANGE);
  cr_assert_eq(hinge_e1rm(-5, 3, HINGE_E1RM_EPLEY, &v, &e), HINGE_EINVAL);
  cr_assert_eq(hinge_e1rm(100, 3, (hinge_e1rm_formula)7, &v, &e), HINGE_EINVAL);
}

Test(e1rm, formula_names_should_parse_case_insensitively) {
  hinge_e1rm_formula f;
  cr_assert_eq(hinge_e1rm_formula_parse("Brzycki", &f), HINGE_OK);
  cr_assert_eq(f, HINGE_E1RM_BRZYCKI);
  cr_assert_eq(hinge_e1rm_formula_parse("lombardi", &f), HINGE_EINVAL);
}

Test(rpe, chart_corners_should_match_tuchscherer) {
  double v;
  hinge_rpe_percent(1, 10, &v, NULL);
  cr_assert(ieee_ulp_eq(dbl, v, 1.0, 1));
  hinge_rpe_percent(5, 8, &v, NULL);
  cr_assert(ieee_ulp_eq(dbl, v, 0.811, 1));
  hinge_rpe_percent(12, 6.5, &v, NULL);
  cr_assert(ieee_ulp_eq(dbl, v, 0.586, 1));
  hinge_rpe_percent(3, 9.5, &v, NULL);
  cr_assert(ieee_ulp_eq(dbl, v, 0.907, 1));
}

Test(rpe, one_more_rep_should_equal_one_rpe_higher) {
  /* The chart is one sequence in reps + RIR: (r + 1) @ x == r @ (x - 1). */
  int r;
  double rpe;
  for (r = 1; r < 12; r++)
    for (rpe = 7.5; rpe <= 10.0; rpe += 0.5) {
      double a, b;
      hinge_rpe_percent(r + 1, rpe, &a, NULL);
      hinge_rpe_percent(r, rpe - 1.0, &b, NULL);
      cr_assert_eq(a, b, "reps %d rpe %g", r, rpe);
    }
}

Test(rpe, chart_should_fall_strictly_with_effort_left) {
  int r;
  double prev = 2.0, v, rpe;
  for (r = 1; r <= 12; r++) {
    hinge_rpe_percent(r, 10, &v, NULL);
    cr_assert_lt(v, prev);
    prev = v;
  }
  prev = 2.0;
  for (rpe = 10; rpe >= 6.5; rpe -= 0.5) {
    hinge_rpe_percent(4, rpe, &v, NULL);
    cr_assert_lt(v, prev);
    prev = v;
  }
}

Test(rpe, outside_the_chart_should_be_out_of_range) {
  double v;
  cr_assert_eq(hinge_rpe_percent(13, 8, &v, NULL), HINGE_ERANGE);
  cr_assert_eq(hinge_rpe_percent(5, 6, &v, NULL), HINGE_ERANGE);
  cr_assert_eq(hinge_rpe_percent(5, 8.25, &v, NULL), HINGE_ERANGE);
  cr_assert_eq(hinge_rpe_percent(5, 10.5, &v, NULL), HINGE_ERANGE);
}

Test(round, should_round_to_the_increment_in_each_mode) {
  double v;
  hinge_round_load(101.2, 2.5, HINGE_ROUND_NEAREST, &v, NULL);
  cr_assert_eq(v, 100.0);
  hinge_round_load(101.25, 2.5, HINGE_ROUND_NEAREST, &v, NULL);
  cr_assert_eq(v, 102.5);
  hinge_round_load(104.9, 2.5, HINGE_ROUND_DOWN, &v, NULL);
  cr_assert_eq(v, 102.5);
  hinge_round_load(100.1, 2.5, HINGE_ROUND_UP, &v, NULL);
  cr_assert_eq(v, 102.5);
  hinge_round_load(100.0, 2.5, HINGE_ROUND_UP, &v, NULL);
  cr_assert_eq(v, 100.0);
  hinge_round_load(226, 5, HINGE_ROUND_NEAREST, &v, NULL);
  cr_assert_eq(v, 225.0);
  cr_assert_eq(hinge_round_load(100, 0, HINGE_ROUND_UP, &v, NULL), HINGE_EINVAL);
}

Test(plates, should_break_a_load_into_plates_per_side) {
  const double kg[] = {25, 20, 15, 10, 5, 2.5, 1.25};
  int c[7];
  double rest;
  cr_assert_eq(hinge_plates(182.5, 20, kg, 7, c, &rest, NULL), HINGE_OK);
  /* 81.25 a side = 3 x 25 + 5 + 1.25 */
  cr_assert_eq(c[0], 3);
  cr_assert_eq(c[1] + c[2] + c[3], 0);
  cr_assert_eq(c[4], 1);
  cr_assert_eq(c[5], 0);
  cr_assert_eq(c[6], 1);
  cr_assert_eq(rest, 0.0);
  cr_assert_eq(hinge_plates(21, 20, kg, 7, c, &rest, NULL), HINGE_OK);
  cr_assert(ieee_ulp_eq(dbl, rest, 1.0, 4));
  cr_assert_eq(hinge_plates(10, 20, kg, 7, c, &rest, NULL), HINGE_EINVAL);
  {
    const double bad[] = {10, 20};
    cr_assert_eq(hinge_plates(100, 20, bad, 2, c, &rest, NULL), HINGE_EINVAL);
  }
}
