/*
 * test_sink.c -- the output shapes' walkers (hinge/sink.h): balanced
 * containers, every value after a key inside objects, missing values
 * handed to the sink as NaN / NULL / null (the sink decides), and nothing
 * called for a NULL result.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"
#include "hinge/sink.h"
#include "synth.h"

typedef struct rec {
  int depth, max_depth, is_array[32], keyed, calls, nulls, nans, null_strings, bad;
  char keys[4096];
} rec;

static rec *R(void *ud) { return ud; }

/* Inside an object a value must follow a key; inside an array it must not. */
static void value(void *ud) {
  rec *r = R(ud);
  r->calls++;
  if (r->depth > 0 && r->is_array[r->depth - 1] == r->keyed) r->bad++;
  r->keyed = 0;
}

static void open_c(void *ud, int array) {
  rec *r = R(ud);
  value(ud);
  r->is_array[r->depth++] = array;
  if (r->depth > r->max_depth) r->max_depth = r->depth;
}

static void begin_object(void *ud, size_t hint) { (void)hint; open_c(ud, 0); }
static void begin_array(void *ud, size_t hint) { (void)hint; open_c(ud, 1); }
static void end_c(void *ud) { R(ud)->depth--; R(ud)->calls++; }

static void key(void *ud, const char *k) {
  rec *r = R(ud);
  if (r->keyed || r->is_array[r->depth - 1]) r->bad++;
  r->keyed = 1;
  r->calls++;
  if (strlen(r->keys) + strlen(k) + 2 < sizeof r->keys) {
    strcat(r->keys, k);
    strcat(r->keys, " ");
  }
}

static void number(void *ud, double x, int d) {
  (void)d;
  R(ud)->nans += isnan(x) != 0;
  value(ud);
}
static void integer(void *ud, long long v) { (void)v; value(ud); }
static void string(void *ud, const char *s) { R(ud)->null_strings += s == NULL; value(ud); }
static void boolean(void *ud, int b) { (void)b; value(ud); }
static void null(void *ud) { R(ud)->nulls++; value(ud); }

static const hinge_sink sink = {begin_object, end_c, begin_array, end_c, key,
                                number, integer, string, boolean, null};

Test(sink, a_null_result_should_call_nothing) {
  rec r;
  memset(&r, 0, sizeof r);
  hinge_analysis_walk(NULL, &sink, &r);
  hinge_assessment_walk(NULL, NULL, HINGE_WALK_DETAIL, &sink, &r);
  hinge_athlete_result_walk(NULL, 0, &sink, &r);
  cr_assert_eq(r.calls, 0);
}

Test(sink, the_analysis_walk_should_be_balanced_and_hand_missing_values_to_the_sink) {
  synth_spec s;
  synth x;
  hinge_analyze_input in;
  hinge_analysis *an = NULL;
  rec r;
  synth_default(&s);
  s.reps = 3;
  synth_make(&s, &x);
  memset(&in, 0, sizeof in);
  in.n = x.n;
  in.time_s = x.t;
  in.hip = x.ch[0];
  in.thoracic = x.ch[1];
  in.lumbar = NULL; /* no lumbar column: its regions are null */
  in.file = "synthetic.csv";
  in.athlete = ""; /* no athlete: a NULL string */
  cr_assert_eq(hinge_analyze_arrays(&in, NULL, NULL, &an, NULL), HINGE_OK);
  memset(&r, 0, sizeof r);
  hinge_analysis_walk(an, &sink, &r);
  cr_assert_eq(r.depth, 0, "containers should close");
  cr_assert_eq(r.bad, 0, "keys and values should alternate inside objects");
  cr_assert_eq(r.max_depth, 5); /* {sets: [{setup_vs_peak: {thoracic: {...}}}]} */
  cr_assert_eq(r.nulls, 3, "one null lumbar per rep");
  cr_assert_geq(r.null_strings, 2, "athlete and date are missing");
  cr_assert_gt(r.nans, 0, "lumbar standing angle is NaN");
  cr_assert(strstr(r.keys, "file athlete date sample_rate_hz samples segmented_on capabilities "
                           "exercise "
                           "set_end processing "
                           "standing ") == r.keys, "%s", r.keys);
  hinge_analysis_destroy(an);
  synth_free(&x);
}
