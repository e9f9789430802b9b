/* Unit tests for signs.c: the inverted-sign check on synthetic traces
 * (tests/unit/synth.h, angles absolute as a sensor gives them), called
 * directly with the segmentation the truth gives, and end to end through
 * hinge_analyze_arrays. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/analyze.h"
#include "lift/signs.h"
#include "synth.h"

static synth x;
static hinge__rise rises[SYNTH_MAX_REPS];
static hinge__segmentation seg;
static hinge__strlist warnings, processing;
static hinge_analyze_config cfg;

static void setup(void) {
  memset(&x, 0, sizeof x);
  memset(&seg, 0, sizeof seg);
  memset(&warnings, 0, sizeof warnings);
  memset(&processing, 0, sizeof processing);
  hinge_analyze_config_init(&cfg);
}

static void teardown(void) {
  synth_free(&x);
  hinge__strlist_free(&warnings, NULL);
  hinge__strlist_free(&processing, NULL);
}

TestSuite(signs, .init = setup, .fini = teardown);

static size_t idx(double t, double fs) { return (size_t)(t * fs + 0.5); }

/* The synthetic session of s, with the truth's reps as the segmentation
 * (rises = 0: none found). */
static void make(const synth_spec *s, int with_rises) {
  int k;
  synth_make(s, &x);
  seg.rises = rises;
  seg.count = with_rises ? (size_t)s->reps : 0;
  for (k = 0; k < s->reps; k++) {
    rises[k].start = idx(x.start[k], s->fs);
    rises[k].bottom = rises[k].liftoff = idx(x.liftoff[k], s->fs);
    rises[k].lockout = idx(x.lockout[k], s->fs);
    rises[k].end = k + 1 < s->reps ? idx(x.start[k + 1], s->fs) : x.n - 1;
  }
}

/* Negate channel c over samples [i0, i1) (a sensor counting flexion
 * negative). */
static void invert(int c, size_t i0, size_t i1) {
  size_t i;
  for (i = i0; i < i1 && i < x.n; i++) x.ch[c][i] = -x.ch[c][i];
}

/* Run the check on x with channels present as in mask (bit c = ch[c]). */
static void check(unsigned mask) {
  hinge__trace tr;
  hinge__stage st;
  int c;
  memset(&tr, 0, sizeof tr);
  tr.n = x.n;
  tr.fs = 100;
  static const int chan[4] = {HINGE__CH_HIP, HINGE__CH_THORACIC, HINGE__CH_LUMBAR,
                              HINGE__CH_TRUNK}; /* synth's order */
  for (c = 0; c < 4; c++) tr.ch[chan[c]] = mask & (1u << c) ? x.ch[c] : NULL;
  st.cfg = &cfg;
  st.a = NULL;
  st.processing = &processing;
  st.warnings = &warnings;
  st.err = NULL;
  cr_assert_eq(hinge__check_signs(&tr, &seg, &st), HINGE_OK);
}

/* The one warning, which must contain every one of the words. */
static void expect_one(const char *a, const char *b, const char *c) {
  cr_assert_eq(warnings.count, 1, "%zu warnings, wanted 1 (%s)", warnings.count,
               warnings.count ? warnings.items[0] : "");
  cr_assert(strstr(warnings.items[0], a) && strstr(warnings.items[0], b) &&
                strstr(warnings.items[0], c),
            "warning: %s", warnings.items[0]);
}

static void expect_none(void) {
  cr_assert_eq(warnings.count, 0, "unexpected warning: %s",
               warnings.count ? warnings.items[0] : "");
}

#define ALL 15u /* hip, thoracic, lumbar, trunk */

Test(signs, a_normal_session_should_give_no_warning) {
  synth_spec s;
  synth_default(&s);
  s.reps = 5;
  s.lu_round[2] = 9;
  s.th_round[3] = 12;
  make(&s, 1);
  check(ALL);
  expect_none();
}

Test(signs, a_normal_session_without_reps_should_give_no_warning) {
  synth_spec s;
  synth_default(&s);
  make(&s, 0);
  check(ALL);
  expect_none();
}

Test(signs, an_inverted_hip_should_be_named_with_its_fix_even_without_reps) {
  synth_spec s;
  synth_default(&s);
  make(&s, 0);
  invert(0, 0, x.n);
  check(ALL);
  expect_one("hip flexion falls as the lifter bends", "--map hip=-COLUMN",
             "map = {hip = \"-COLUMN\"}");
}

Test(signs, an_inverted_hip_with_reps_should_warn_once_and_judge_the_spine_on_the_trunk) {
  synth_spec s;
  synth_default(&s);
  make(&s, 1);
  invert(0, 0, x.n);
  check(ALL);
  expect_one("hip flexion falls", "between -1.2 and -81.2 deg", "--map hip=-COLUMN");
  hinge__strlist_free(&warnings, NULL);
  invert(2, 0, x.n);
  check(ALL);
  cr_assert_eq(warnings.count, 2);
  cr_assert(strstr(warnings.items[1], "lumbar flexion falls as the trunk flexes: on 3 of 3"),
            "%s", warnings.items[1]);
}

Test(signs, a_hip_read_as_an_included_angle_should_warn) {
  synth_spec s;
  size_t i;
  synth_default(&s);
  make(&s, 0);
  for (i = 0; i < x.n; i++) x.ch[0][i] = 180 - x.ch[0][i];
  check(ALL);
  expect_one("hip flexion falls", "included angle", "--map hip=-COLUMN");
}

Test(signs, an_inverted_trunk_alone_should_warn) {
  synth_spec s;
  synth_default(&s);
  make(&s, 0);
  invert(3, 0, x.n);
  check(8u);
  expect_one("trunk inclination falls", "--map trunk=-COLUMN", "map = {trunk = \"-COLUMN\"}");
}

Test(signs, an_inverted_lumbar_should_be_named_on_every_pull) {
  synth_spec s;
  synth_default(&s);
  s.reps = 4;
  s.lu_round[1] = 6; /* rounding does not hide it */
  make(&s, 1);
  invert(2, 0, x.n);
  check(ALL);
  expect_one("lumbar flexion falls as the hip flexes: on 4 of 4 pulls", "14.0 deg",
             "--map lumbar=-COLUMN");
}

Test(signs, an_inverted_thoracic_should_be_named) {
  synth_spec s;
  synth_default(&s);
  s.th_round[0] = 12;
  make(&s, 1);
  invert(1, 0, x.n);
  check(ALL);
  expect_one("thoracic flexion falls as the hip flexes: on 3 of 3", "10.0 deg",
             "--map thoracic=-COLUMN");
}

Test(signs, without_a_hip_the_spine_should_be_judged_on_the_trunk) {
  synth_spec s;
  synth_default(&s);
  make(&s, 1);
  invert(2, 0, x.n);
  check(12u); /* lumbar and trunk */
  expect_one("lumbar flexion falls as the trunk flexes", "on 3 of 3", "--map lumbar=-COLUMN");
}

Test(signs, a_spine_with_no_hip_or_trunk_should_not_be_judged) {
  synth_spec s;
  synth_default(&s);
  make(&s, 1);
  invert(2, 0, x.n);
  check(6u); /* thoracic and lumbar only: nothing to judge them against */
  expect_none();
}

/* The threshold: a lumbar 4 deg more extended at liftoff than standing is
 * a lifter's arch, 6 deg is past the 5 deg rule. */
Test(signs, a_lumbar_extended_4_deg_at_liftoff_should_pass_and_6_deg_should_warn) {
  synth_spec s;
  synth_default(&s);
  s.lu_setup = -4;
  make(&s, 1);
  check(ALL);
  expect_none();
  synth_free(&x);
  s.lu_setup = -6;
  make(&s, 1);
  check(ALL);
  expect_one("lumbar flexion falls", "on 3 of 3", "6.0 deg");
}

/* Nearly every pull: 4 of 5 is enough (80 %), 3 of 5 is not. */
Test(signs, the_spine_rule_should_need_four_pulls_in_five) {
  synth_spec s;
  size_t k;
  synth_default(&s);
  s.reps = 5;
  make(&s, 1);
  for (k = 0; k < 4; k++) invert(2, rises[k].start, rises[k].end); /* rep 5 as recorded */
  for (k = 0; k < x.n; k++) x.ch[2][k] += k < rises[3].end ? -43 : 0; /* same neutral */
  check(ALL);
  expect_one("lumbar flexion falls", "on 4 of 5 pulls", "--map lumbar=-COLUMN");
  hinge__strlist_free(&warnings, NULL);
  invert(2, rises[3].start, rises[3].end);
  for (k = rises[3].start; k < rises[3].end; k++) x.ch[2][k] -= 43;
  check(ALL);
  expect_none();
}

/* Pulls where the hip barely moves are not judged: a 20 deg hip excursion
 * with an inverted lumbar says nothing. */
Test(signs, shallow_pulls_should_not_be_judged) {
  synth_spec s;
  synth_default(&s);
  s.hip_bottom = 20;
  make(&s, 1);
  invert(2, 0, x.n);
  check(ALL);
  expect_none();
}

/* End to end: the warning reaches the analysis, once, and a normal
 * session has none. */
static hinge_analysis *analyze(void) {
  hinge_analyze_input in;
  hinge_analysis *an = NULL;
  hinge_error err;
  memset(&in, 0, sizeof in);
  in.n = x.n;
  in.fs = 100;
  in.hip = x.ch[0];
  in.thoracic = x.ch[1];
  in.lumbar = x.ch[2];
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, &err), HINGE_OK, "%s", err.message);
  return an;
}

static size_t sign_warnings(const hinge_analysis *an, const char *word) {
  size_t i, n = 0;
  for (i = 0; i < hinge_analysis_warning_count(an); i++)
    n += strstr(hinge_analysis_warning(an, i), word) != NULL;
  return n;
}

Test(signs, the_analysis_should_carry_the_warning) {
  synth_spec s;
  hinge_analysis *an;
  synth_default(&s);
  s.reps = 4;
  make(&s, 1);
  an = analyze();
  cr_assert_eq(sign_warnings(an, "falls as"), 0);
  hinge_analysis_destroy(an);
  invert(2, 0, x.n);
  an = analyze();
  cr_assert_eq(hinge_analysis_rep_count(an), 4);
  cr_assert_eq(sign_warnings(an, "lumbar flexion falls as the hip flexes: on 4 of 4"), 1);
  hinge_analysis_destroy(an);
}

/* ---- the C side of inverting on load: hinge_role_map.negate ---- */

static const char csv[] = "time_s,hip_rad,L1_S1_flex,load_kg\n"
                          "0,0.5,2,100\n"
                          "0.01,,-3,100\n"
                          "0.02,-1,0,100\n";

Test(map_negate, a_negated_column_should_load_negated_after_conversion_nan_kept) {
  hinge_role_map map[2] = {{HINGE_ROLE_LUMBAR, "L1_S1_flex", 1}, {HINGE_ROLE_HIP, "hip_rad", 1}};
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error err;
  const double *lu, *hip;
  const hinge_column_info *ci;
  hinge_load_options_init(&o);
  o.map = map;
  o.nmap = 2;
  cr_assert_eq(hinge_table_load_buffer("m.csv", csv, sizeof csv - 1, &o, &t, &err), HINGE_OK,
               "%s", err.message);
  lu = hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_LUMBAR));
  hip = hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_HIP));
  cr_assert(lu[0] == -2 && lu[1] == 3 && lu[2] == 0 && !signbit(lu[2]));
  /* radians to degrees first (180/pi), then the sign: bit for bit */
  cr_assert(hip[0] == -(0.5 * 57.295779513082320876798154814105), "%.17g", hip[0]);
  cr_assert(isnan(hip[1]));
  cr_assert(hip[2] == 57.295779513082320876798154814105, "%.17g", hip[2]);
  ci = hinge_table_column_info(t, 2);
  cr_assert(ci->mapped && ci->inverted);
  cr_assert_eq(hinge_table_column_info(t, 3)->inverted, 0);
  cr_assert_eq(hinge_table_column_info(t, 0)->inverted, 0);
  hinge_table_destroy(t);
}

Test(map_negate, only_angle_roles_should_be_invertible) {
  hinge_role_map map = {HINGE_ROLE_LOAD, "load_kg", 1};
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error err;
  hinge_load_options_init(&o);
  o.map = &map;
  o.nmap = 1;
  cr_assert_eq(hinge_table_load_buffer("m.csv", csv, sizeof csv - 1, &o, &t, &err), HINGE_EINVAL);
  cr_assert_null(t);
  cr_assert(strstr(err.message, "only an angle column can be inverted, not load_kg"), "%s",
            err.message);
}
