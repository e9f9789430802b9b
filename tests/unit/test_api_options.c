/* Unit tests for the options conventions of analyze.h, filter.h, clean.h
 * and peaks.h: every options struct has *_init (NULL a no-op) and
 * *_check (NULL refused with HINGE_EINVAL); the old names still work
 * (deprecated aliases); name functions fall back to "unknown". */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"

Test(api_options, init_should_accept_null) {
  hinge_analyze_config_init(NULL);
  hinge_analyze_config_default(NULL);
  hinge_lowpass_opts_init(NULL);
  hinge_savgol_opts_init(NULL);
  hinge_residual_opts_init(NULL);
  hinge_peak_opts_init(NULL);
  cr_assert_eq(hinge_hampel_opts_init(NULL, 100, NULL), HINGE_EINVAL);
  cr_assert_eq(hinge_condition_options_init(NULL, 100, NULL), HINGE_EINVAL);
}

Test(api_options, check_should_refuse_null) {
  hinge_error err;
  cr_assert_eq(hinge_analyze_config_check(NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_lowpass_opts_check(NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_savgol_opts_check(NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_hampel_opts_check(NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_peak_opts_check(NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_condition_options_check(NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_residual_opts_check(NULL, 0, &err), HINGE_EINVAL); /* fs 0 */
  cr_assert_eq(hinge_residual_opts_check(NULL, 100, &err), HINGE_OK);   /* defaults */
}

Test(api_options, deprecated_names_should_equal_the_new_ones) {
  hinge_analyze_config a, b;
  hinge_lowpass_opts lp;
  hinge_savgol_opts sg;
  hinge_error e1, e2;
  memset(&a, 0xff, sizeof a);
  memset(&b, 0, sizeof b);
  hinge_analyze_config_init(&a);
  hinge_analyze_config_default(&b);
  cr_assert(memcmp(&a, &b, sizeof a) == 0);
  hinge_lowpass_opts_init(&lp);
  lp.fs = 100;
  cr_assert_eq(hinge_lowpass_opts_check(&lp, NULL), HINGE_OK);
  lp.cutoff_hz = 50;
  cr_assert_eq(hinge_lowpass_opts_check(&lp, &e1), HINGE_EINVAL);
  cr_assert_eq(hinge_lowpass_check(&lp, &e2), HINGE_EINVAL);
  cr_assert_str_eq(e1.message, e2.message);
  hinge_savgol_opts_init(&sg);
  cr_assert_eq(hinge_savgol_opts_check(&sg, &e1), HINGE_EINVAL); /* window 0 */
  cr_assert_eq(hinge_savgol_check(&sg, &e2), HINGE_EINVAL);
  cr_assert_str_eq(e1.message, e2.message);
}

Test(api_options, residual_check_should_name_the_bad_option) {
  hinge_residual_opts o;
  hinge_error err;
  hinge_residual_opts_init(&o);
  o.count = 1;
  cr_assert_eq(hinge_residual_opts_check(&o, 100, &err), HINGE_EINVAL);
  cr_assert(strstr(err.message, "count") != NULL, "%s", err.message);
}

Test(api_options, name_functions_should_fall_back_to_unknown) {
  cr_assert_str_eq(hinge_form_verdict_name(99), "unknown");
  cr_assert_str_eq(hinge_rep_flag_name(0), "unknown");
  cr_assert_str_eq(hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING | HINGE_REP_LUMBAR_ROUNDING),
                   "unknown");
  cr_assert_str_eq(hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING), "lumbar_rounding");
}
