/* Unit tests for analyze_config.c: defaults, access by name, domains. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"

Test(analyze_config, defaults_should_be_the_documented_values) {
  hinge_analyze_config c;
  hinge_analyze_config_default(&c);
  cr_assert_eq(c.lowpass_hz, 6);
  cr_assert_eq(c.lowpass_order, 2);
  cr_assert_eq(c.fill_max_gap_s, 0.25);
  cr_assert_eq(c.lumbar_rounding_deg, 5);
  cr_assert_eq(c.upper_back_rounding_deg, 5);
  cr_assert_eq(c.upper_back_fix_deg, 10);
  cr_assert_eq(c.measurement_error_deg, 3);
  cr_assert(isnan(c.neutral_hip_deg) && isnan(c.max_lumbar_deg));
  cr_assert_eq(hinge_analyze_config_check(&c, NULL), HINGE_OK);
}

Test(analyze_config, every_listed_parameter_should_round_trip_by_name) {
  hinge_analyze_config c;
  hinge_analyze_param p;
  size_t i;
  hinge_analyze_config_default(&c);
  for (i = 0; hinge_analyze_config_param(i, &p); i++) {
    double v = NAN, want = isnan(p.default_value) ? p.min + 1 : p.default_value;
    if (want > p.max) want = p.max;
    cr_assert_eq(hinge_analyze_config_get(&c, p.name, &v, NULL), HINGE_OK, "%s", p.name);
    cr_assert(isnan(p.default_value) ? isnan(v) : v == p.default_value, "%s", p.name);
    cr_assert_eq(hinge_analyze_config_set(&c, p.name, want, NULL), HINGE_OK, "%s", p.name);
    hinge_analyze_config_get(&c, p.name, &v, NULL);
    cr_assert_eq(v, want, "%s", p.name);
    cr_assert(strlen(p.description) > 20, "%s needs a reason", p.name);
  }
  cr_assert_geq(i, 20);
}

Test(analyze_config, an_unknown_name_should_be_einval_naming_it) {
  hinge_analyze_config c;
  hinge_error e;
  hinge_analyze_config_default(&c);
  cr_assert_eq(hinge_analyze_config_set(&c, "lumbar_roundin", 1, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "lumbar_roundin") != NULL);
}

Test(analyze_config, values_outside_the_domain_should_be_refused) {
  hinge_analyze_config c;
  hinge_error e;
  hinge_analyze_config_default(&c);
  cr_assert_eq(hinge_analyze_config_set(&c, "lowpass_order", 2.5, &e), HINGE_EINVAL);
  cr_assert_eq(hinge_analyze_config_set(&c, "lowpass_order", 9, &e), HINGE_EINVAL);
  cr_assert_eq(hinge_analyze_config_set(&c, "lumbar_rounding_deg", -1, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "lumbar_rounding_deg") != NULL);
  cr_assert_eq(hinge_analyze_config_set(&c, "lumbar_rounding_deg", NAN, &e), HINGE_EINVAL);
  cr_assert_eq(hinge_analyze_config_set(&c, "neutral_lumbar_deg", NAN, &e), HINGE_OK);
  cr_assert_eq(c.lumbar_rounding_deg, 5, "a refused value must leave the field alone");
}

Test(analyze_config, check_should_name_the_first_bad_field) {
  hinge_analyze_config c;
  hinge_error e;
  hinge_analyze_config_default(&c);
  c.min_range_frac = 2;
  cr_assert_eq(hinge_analyze_config_check(&c, &e), HINGE_EINVAL);
  cr_assert(strstr(e.message, "min_range_frac") != NULL);
}

Test(analyze_names, verdicts_flags_and_trends_should_have_their_output_words) {
  cr_assert_str_eq(hinge_form_verdict_name(HINGE_FORM_OK), "ok");
  cr_assert_str_eq(hinge_form_verdict_name(HINGE_FORM_CAUTION), "caution");
  cr_assert_str_eq(hinge_form_verdict_name(HINGE_FORM_FIX), "fix");
  cr_assert_str_eq(hinge_form_verdict_name(HINGE_FORM_STOP), "stop");
  cr_assert_str_eq(hinge_form_verdict_name(42), "unknown");
  cr_assert_str_eq(hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING), "upper_back_rounding");
  cr_assert_str_eq(hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING), "lumbar_rounding");
  cr_assert_str_eq(hinge_rep_flag_name(3), "unknown"); /* one fallback name */
  cr_assert_str_eq(hinge_trend_name(HINGE_TREND_INCREASING), "increasing");
  cr_assert_str_eq(hinge_trend_name(HINGE_TREND_STABLE), "stable");
  cr_assert_str_eq(hinge_trend_name(HINGE_TREND_DECREASING), "decreasing");
}
