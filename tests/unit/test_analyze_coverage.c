/* Unit tests for "not assessed" (#12 item 6): the unmeasured-sample masks
 * the conditioning leaves (missing, despiked, filled), the coverage and
 * the longest unmeasured run of a pull against per-sample definitions,
 * the assessed rule at its limits (max_unmeasured_s, min_coverage), the
 * verdict table with absent and unassessed regions, and the set verdict
 * (docs/algorithms.md, "Not assessed"). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lift/analyze_internal.h"

static unsigned seed = 4242;

static double uniform(void) {
  seed = seed * 1103515245u + 12345u;
  return (double)(seed >> 8 & 0xffffff) / 16777216.0;
}

static void set_bit(uint64_t *m, size_t i) { m[i / 64] |= (uint64_t)1 << (i % 64); }

/* ------------------------------------------------ hinge__unmeasured */

Test(analyze_coverage, unmeasured_should_count_and_find_the_longest_run_as_per_sample) {
  int trial;
  for (trial = 0; trial < 2000; trial++) {
    size_t n = 1 + (size_t)(uniform() * 300), i, i0, i1, count = 0, best = 0, best_at = 0, run = 0;
    size_t words = (n + 63) / 64;
    uint64_t *m = calloc(words, sizeof *m);
    double p = uniform() * 0.5;
    hinge__trace tr;
    hinge__gap g;
    for (i = 0; i < n; i++)
      if (uniform() < p) set_bit(m, i);
    i0 = (size_t)(uniform() * (double)n);
    i1 = i0 + (size_t)(uniform() * (double)(n - i0));
    if (i1 >= n) i1 = n - 1;
    for (i = i0; i <= i1; i++) {
      int b = (int)(m[i / 64] >> (i % 64) & 1u);
      count += (size_t)b;
      run = b ? run + 1 : 0;
      if (run > best) {
        best = run;
        best_at = i + 1 - run;
      }
    }
    memset(&tr, 0, sizeof tr);
    tr.n = n;
    tr.fs = 100;
    tr.unmeasured[HINGE__CH_LUMBAR] = m;
    hinge__unmeasured(&tr, HINGE__CH_LUMBAR, i0, i1, &g);
    cr_assert_eq(g.count, count, "trial %d: count %zu, want %zu", trial, g.count, count);
    cr_assert_eq(g.len, best, "trial %d: longest %zu, want %zu", trial, g.len, best);
    if (best > 0) cr_assert_eq(g.start, best_at, "trial %d", trial);
    /* No mask: every sample measured. */
    hinge__unmeasured(&tr, HINGE__CH_THORACIC, i0, i1, &g);
    cr_assert_eq(g.count, 0);
    cr_assert_eq(g.len, 0);
    free(m);
  }
}

/* ---------------------------------------------- the conditioning masks */

Test(analyze_coverage, conditioning_should_mark_missing_filled_and_despiked_samples) {
  enum { N = 1000 };
  static double hip[N], lumbar[N], thoracic[N];
  hinge_analyze_input in;
  hinge_analyze_config cfg;
  hinge__strlist p = {NULL, 0, 0}, w = {NULL, 0, 0};
  hinge__stage st;
  hinge__trace tr;
  hinge_error err;
  size_t i;
  for (i = 0; i < N; i++) {
    double t = (double)i / 100;
    hip[i] = 40 + 30 * sin(t);
    lumbar[i] = 10 + 5 * sin(0.7 * t);
    thoracic[i] = 20 + 3 * cos(0.5 * t);
  }
  for (i = 300; i < 320; i++) lumbar[i] = NAN; /* 0.2 s: filled */
  for (i = 600; i < 700; i++) lumbar[i] = NAN; /* 1 s: left missing */
  lumbar[450] += 40;                           /* a spike: despiked */
  memset(&in, 0, sizeof in);
  in.n = N;
  in.fs = 100;
  in.hip = hip;
  in.lumbar = lumbar;
  in.thoracic = thoracic;
  hinge_analyze_config_init(&cfg);
  st.cfg = &cfg;
  st.a = NULL;
  st.processing = &p;
  st.warnings = &w;
  st.err = &err;
  cr_assert_eq(hinge__condition(&in, &st, &tr), HINGE_OK, "%s", err.message);
  cr_assert_null(tr.unmeasured[HINGE__CH_HIP], "a clean channel should have no mask");
  cr_assert_null(tr.unmeasured[HINGE__CH_THORACIC]);
  cr_assert_not_null(tr.unmeasured[HINGE__CH_LUMBAR]);
  for (i = 0; i < N; i++) {
    int want = (i >= 300 && i < 320) || (i >= 600 && i < 700) || i == 450;
    int got = (int)(tr.unmeasured[HINGE__CH_LUMBAR][i / 64] >> (i % 64) & 1u);
    cr_assert_eq(got, want, "sample %zu: marked %d, want %d", i, got, want);
  }
  cr_assert(!isnan(tr.ch[HINGE__CH_LUMBAR][310]), "the short gap should be filled");
  hinge__trace_free(&tr, NULL);
  hinge__strlist_free(&p, NULL);
  hinge__strlist_free(&w, NULL);
}

/* ------------------------------------------------- the assessed rule */

/* A trace of 400 samples at 100 Hz with a pull from 100 to 299: each
 * spine channel rises linearly from 0 to its rounding over the pull (the
 * peak at lockout), NaN-free; masks as the test sets them. */
typedef struct fixture {
  double th[400], lu[400], hip[400];
  uint64_t mth[7], mlu[7];
  hinge__trace tr;
  hinge__rise r;
  hinge_standing st;
  hinge_analyze_config cfg;
} fixture;

static void fixture_init(fixture *f, double th_round, double lu_round) {
  size_t i;
  memset(f, 0, sizeof *f);
  for (i = 0; i < 400; i++) {
    double u = i < 100 ? 0 : i > 299 ? 1 : (double)(i - 100) / 199;
    f->th[i] = th_round * u;
    f->lu[i] = lu_round * u;
    f->hip[i] = 80 * (1 - u);
  }
  f->tr.n = 400;
  f->tr.fs = 100;
  f->tr.ch[HINGE__CH_HIP] = f->hip;
  f->tr.ch[HINGE__CH_THORACIC] = f->th;
  f->tr.ch[HINGE__CH_LUMBAR] = f->lu;
  f->tr.seg = f->hip;
  f->r.start = 0;
  f->r.bottom = 90;
  f->r.liftoff = 100;
  f->r.lockout = 299;
  f->r.end = 399;
  f->r.dwell_s = 0.75;
  f->st.hip_deg = f->st.thoracic_deg = f->st.lumbar_deg = 0;
  f->st.trunk_deg = NAN;
  hinge_analyze_config_init(&f->cfg);
}

static void blank(uint64_t *m, hinge__trace *tr, int ch, size_t i0, size_t len) {
  size_t i;
  for (i = i0; i < i0 + len; i++) set_bit(m, i);
  tr->unmeasured[ch] = m;
}

static hinge_rep measure(fixture *f) {
  hinge_rep rep;
  hinge__rep_metrics(&f->tr, &f->r, &f->st, &f->cfg, 1, &rep);
  return rep;
}

Test(analyze_coverage, a_run_of_exactly_max_unmeasured_s_should_still_be_assessed) {
  fixture f;
  hinge_rep rep;
  fixture_init(&f, 1, 8);
  blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 200, 10); /* 10 samples = 0.10 s */
  rep = measure(&f);
  cr_assert_float_eq(rep.lumbar.coverage, 190.0 / 200, 1e-12);
  cr_assert_eq(rep.lumbar.assessed, 1);
  cr_assert_eq(rep.verdict, HINGE_FORM_STOP);
  cr_assert_eq(rep.thoracic.coverage, 1);
  cr_assert_float_eq(rep.dwell_s, 0.75, 1e-12);
  fixture_init(&f, 1, 8);
  blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 200, 11); /* 0.11 s */
  rep = measure(&f);
  cr_assert_eq(rep.lumbar.assessed, 0);
  cr_assert_float_eq(rep.lumbar.rounding_deg, 8, 1e-9, "the rounding is still reported");
  /* The gap is mid-pull and the peak (at lockout) was measured: what was
   * measured already says 8 deg, so the region still flags. */
  cr_assert_neq(rep.flags & HINGE_REP_LUMBAR_ROUNDING, 0, "measured samples alone cross 5 deg");
  cr_assert_eq(rep.verdict, HINGE_FORM_STOP);
}

Test(analyze_coverage, a_gap_over_the_peak_should_neither_flag_nor_clear) {
  fixture f;
  hinge_rep rep;
  /* Lumbar rises to 5.5 deg at lockout; the last 0.3 s (the peak) is
   * unmeasured, so what was measured reaches 5.5 * 169 / 199 = 4.67 deg:
   * under the threshold, but the hidden peak may be over it. */
  fixture_init(&f, 1, 5.5);
  blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 270, 30);
  rep = measure(&f);
  cr_assert_eq(rep.lumbar.assessed, 0);
  cr_assert_eq(rep.flags & HINGE_REP_LUMBAR_ROUNDING, 0, "4.67 measured deg do not flag");
  cr_assert_eq(rep.verdict, HINGE_FORM_UNKNOWN, "and cannot clear the rep");
  /* The same with 8 deg: 6.8 measured deg already flag. */
  fixture_init(&f, 1, 8);
  blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 270, 30);
  rep = measure(&f);
  cr_assert_eq(rep.lumbar.assessed, 0);
  cr_assert_eq(rep.verdict, HINGE_FORM_STOP);
}

Test(analyze_coverage, scattered_gaps_should_count_against_min_coverage) {
  fixture f;
  hinge_rep rep;
  size_t k;
  /* 5 runs of 8 samples (each 0.08 s, under the run limit): 40 of 200
   * unmeasured, coverage 0.8 exactly: assessed. */
  fixture_init(&f, 1, 1);
  for (k = 0; k < 5; k++) blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 110 + 30 * k, 8);
  rep = measure(&f);
  cr_assert_float_eq(rep.lumbar.coverage, 0.8, 1e-12);
  cr_assert_eq(rep.lumbar.assessed, 1);
  cr_assert_eq(rep.verdict, HINGE_FORM_OK);
  /* One more sample: 0.795, not assessed. */
  blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 280, 1);
  rep = measure(&f);
  cr_assert_eq(rep.lumbar.assessed, 0);
  cr_assert_eq(rep.verdict, HINGE_FORM_UNKNOWN);
  /* Unmeasured samples outside the pull do not count. */
  fixture_init(&f, 1, 1);
  blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 0, 100);
  blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 300, 100);
  rep = measure(&f);
  cr_assert_eq(rep.lumbar.coverage, 1);
  cr_assert_eq(rep.lumbar.assessed, 1);
}

/* The verdict table: {thoracic rounding, lumbar rounding, thoracic
 * blanked, lumbar blanked, thoracic absent, lumbar absent} -> verdict. */
typedef struct row {
  double th, lu;
  int th_gap, lu_gap, th_absent, lu_absent;
  hinge_form_verdict want;
} row;

Test(analyze_coverage, verdicts_should_follow_the_assessed_regions) {
  static const row rows[] = {
    {1, 1, 0, 0, 0, 0, HINGE_FORM_OK},
    {6, 1, 0, 0, 0, 0, HINGE_FORM_CAUTION},
    {1, 8, 1, 0, 0, 0, HINGE_FORM_STOP},      /* lumbar says stop: the gap does not matter */
    {12, 1, 0, 1, 0, 0, HINGE_FORM_FIX},      /* thoracic says fix */
    {6, 1, 0, 1, 0, 0, HINGE_FORM_UNKNOWN},   /* caution is not enough: lumbar may be stop */
    {1, 1, 1, 0, 0, 0, HINGE_FORM_UNKNOWN},   /* thoracic may be fix */
    {12, 8, 1, 1, 0, 0, HINGE_FORM_STOP},     /* neither assessed, but 6.8 measured deg flag */
    {5.5, 5.5, 1, 1, 0, 0, HINGE_FORM_UNKNOWN}, /* neither assessed, 4.7 measured deg: no flag */
    {0, 1, 0, 0, 1, 0, HINGE_FORM_OK},        /* lumbar-only recording */
    {0, 8, 0, 0, 1, 0, HINGE_FORM_STOP},
    {0, 1, 0, 1, 1, 0, HINGE_FORM_UNKNOWN},
    {6, 0, 0, 0, 0, 1, HINGE_FORM_CAUTION},   /* thoracic-only recording */
    {0, 0, 0, 0, 1, 1, HINGE_FORM_UNKNOWN},   /* no spine channel */
  };
  size_t k;
  for (k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    const row *w = &rows[k];
    fixture f;
    hinge_rep rep;
    fixture_init(&f, w->th, w->lu);
    /* Gaps over the peak (the last 0.3 s of the pull): 0.849 of the
     * rounding is measured. */
    if (w->th_gap) blank(f.mth, &f.tr, HINGE__CH_THORACIC, 270, 30);
    if (w->lu_gap) blank(f.mlu, &f.tr, HINGE__CH_LUMBAR, 270, 30);
    if (w->th_absent) f.tr.ch[HINGE__CH_THORACIC] = NULL;
    if (w->lu_absent) f.tr.ch[HINGE__CH_LUMBAR] = NULL;
    rep = measure(&f);
    cr_assert_eq(rep.verdict, w->want, "row %zu: %s, want %s", k,
                 hinge_form_verdict_name(rep.verdict), hinge_form_verdict_name(w->want));
    if (w->th_absent) cr_assert(isnan(rep.thoracic.coverage) && !rep.thoracic.assessed);
    if (w->lu_gap)
      cr_assert_eq(!!(rep.flags & HINGE_REP_LUMBAR_ROUNDING), w->lu * 169 / 199 >= 5, "row %zu", k);
    if (w->th_gap)
      cr_assert_eq(!!(rep.flags & HINGE_REP_UPPER_BACK_ROUNDING), w->th * 169 / 199 >= 5, "row %zu",
                   k);
  }
}

Test(analyze_coverage, the_set_verdict_should_be_the_worst_known_else_unknown) {
  hinge_rep r[3];
  memset(r, 0, sizeof r);
  cr_assert_eq(hinge__set_verdict(r, 0), HINGE_FORM_UNKNOWN); /* no rep: nothing judged */
  r[0].verdict = HINGE_FORM_OK;
  r[1].verdict = HINGE_FORM_OK;
  cr_assert_eq(hinge__set_verdict(r, 2), HINGE_FORM_OK);
  r[1].verdict = HINGE_FORM_UNKNOWN;
  cr_assert_eq(hinge__set_verdict(r, 2), HINGE_FORM_UNKNOWN);
  r[0].verdict = HINGE_FORM_CAUTION;
  cr_assert_eq(hinge__set_verdict(r, 2), HINGE_FORM_CAUTION);
  r[2].verdict = HINGE_FORM_STOP;
  cr_assert_eq(hinge__set_verdict(r, 3), HINGE_FORM_STOP);
  r[0].verdict = HINGE_FORM_FIX;
  r[2].verdict = HINGE_FORM_UNKNOWN;
  cr_assert_eq(hinge__set_verdict(r, 3), HINGE_FORM_FIX);
}

Test(analyze_coverage, set_statistics_should_leave_out_unassessed_rounding) {
  hinge_rep r[3];
  hinge_set_summary s;
  hinge_analyze_config cfg;
  size_t k;
  hinge_analyze_config_init(&cfg);
  memset(r, 0, sizeof r);
  for (k = 0; k < 3; k++) {
    r[k].rep = (int)k + 1;
    r[k].pull_duration_s = 1;
    r[k].hip_setup_deg = r[k].knee_setup_deg = NAN;
    r[k].trunk_setup_deg = 30 + (double)k;
    r[k].trunk_peak_deg = 40 + 2 * (double)k;
    r[k].thoracic.assessed = r[k].lumbar.assessed = 1;
    r[k].thoracic.rounding_deg = r[k].lumbar.rounding_deg = 2;
    r[k].thoracic.peak_deg = r[k].lumbar.peak_deg = 12;
    r[k].thoracic.start_deg = r[k].lumbar.start_deg = 10;
  }
  r[1].lumbar.assessed = 0;
  r[1].lumbar.rounding_deg = 30; /* from a gap: must not count */
  hinge__set_summary(r, 3, &cfg, &s);
  cr_assert_float_eq(s.lumbar.mean_rounding_deg, 2, 1e-12);
  cr_assert_float_eq(s.lumbar.max_rounding_deg, 2, 1e-12);
  cr_assert_eq(s.lumbar_assessed, 2);
  cr_assert_eq(s.thoracic_assessed, 3);
  cr_assert_float_eq(s.trunk_setup_mean_deg, 31, 1e-12);
  cr_assert_float_eq(s.trunk_peak_mean_deg, 42, 1e-12);
  cr_assert(isnan(s.set));
}

/* ------------------------------------------------------------ sets */

/* A closed-form session at 100 Hz: 3 s standing, then per rep a 1 s
 * descent to 80 deg of hip flexion, a 1 s setup pause, a 1.5 s pull and
 * 2 s standing; rest_s more standing before rep rest_before (0-based).
 * The lumbar angle follows the hip (10 deg at the bottom) plus a bump of
 * `rounding` deg in the middle of each pull.  Returns the sample count;
 * liftoff_i gets each rep's nominal liftoff. */
enum { FS = 100, MAXN = 20000 };

static double raised(double u) { return 0.5 - 0.5 * cos(3.14159265358979323846 * u); }

static size_t closed_form(double *hip, double *lumbar, int reps, int rest_before, double rest_s,
                          double rounding, size_t *liftoff_i) {
  size_t n = 0, i;
  int k;
  for (i = 0; i < 3 * FS; i++, n++) hip[n] = lumbar[n] = 0;
  for (k = 0; k < reps; k++) {
    if (k == rest_before)
      for (i = 0; i < (size_t)(rest_s * FS); i++, n++) hip[n] = lumbar[n] = 0;
    for (i = 0; i < FS; i++, n++) {
      hip[n] = 80 * raised((double)i / FS);
      lumbar[n] = 10 * raised((double)i / FS);
    }
    for (i = 0; i < FS; i++, n++) hip[n] = 80, lumbar[n] = 10;
    liftoff_i[k] = n;
    for (i = 0; i < 3 * FS / 2; i++, n++) {
      double u = (double)i / (3 * FS / 2);
      hip[n] = 80 * (1 - raised(u));
      lumbar[n] = 10 * (1 - raised(u)) + rounding * sin(3.14159265358979323846 * u);
    }
    for (i = 0; i < 2 * FS; i++, n++) hip[n] = lumbar[n] = 0;
  }
  return n;
}

static hinge_analysis *analyse(const double *hip, const double *lumbar, const double *set,
                               size_t n, double set_rest_s) {
  hinge_analyze_input in;
  hinge_analyze_config cfg;
  hinge_analysis *a = NULL;
  hinge_error err;
  memset(&in, 0, sizeof in);
  in.n = n;
  in.fs = FS;
  in.hip = hip;
  in.lumbar = lumbar;
  in.set = set;
  hinge_analyze_config_init(&cfg);
  cfg.set_rest_s = set_rest_s;
  /* The recording ends standing after a lockout: no rule of the last
   * rise (set_end, count_final_rise) is under test here. */
  cfg.set_end = HINGE_SET_END_LOCKOUT;
  cfg.count_final_rise = 1;
  cr_assert_eq(hinge_analyze_arrays(&in, &cfg, NULL, &a, &err), HINGE_OK, "%s", err.message);
  return a;
}

static double hip_s[MAXN], lumbar_s[MAXN], set_s[MAXN];

Test(analyze_coverage, a_long_rest_should_start_a_new_set) {
  size_t lift[8], n = closed_form(hip_s, lumbar_s, 4, 2, 90, 16, lift);
  hinge_analysis *a = analyse(hip_s, lumbar_s, NULL, n, 60);
  const hinge_set_summary *s = hinge_analysis_sets(a);
  const hinge_rep *r = hinge_analysis_reps(a);
  char line[512];
  cr_assert_eq(hinge_analysis_rep_count(a), 4);
  cr_assert_eq(hinge_analysis_set_count(a), 2);
  cr_assert_eq(s[0].first_rep, 0);
  cr_assert_eq(s[0].reps, 2);
  cr_assert_eq(s[1].first_rep, 2);
  cr_assert_eq(s[1].reps, 2);
  cr_assert_eq(s[0].set, 1);
  cr_assert_eq(s[1].set, 2);
  cr_assert_eq(r[1].set, 1);
  cr_assert_eq(r[2].set, 2);
  cr_assert_eq(s[1].verdict, HINGE_FORM_STOP);
  cr_assert(isnan(hinge_analysis_set(a)->set));
  cr_assert_eq(hinge_analysis_set(a)->reps, 4);
  hinge_analysis_summary(a, line, sizeof line);
  cr_assert_str_eq(line, "set 1: 2 reps, stop: lumbar rounding on reps 1, 2; upper-back "
                         "rounding not assessed (no thoracic angle)\n"
                         "set 2: 2 reps, stop: lumbar rounding on reps 3, 4; upper-back "
                         "rounding not assessed (no thoracic angle)");
  hinge_analysis_destroy(a);
  /* A longer set_rest_s keeps them one set. */
  a = analyse(hip_s, lumbar_s, NULL, n, 120);
  cr_assert_eq(hinge_analysis_set_count(a), 1);
  cr_assert_eq(hinge_analysis_reps(a)[3].set, 1);
  hinge_analysis_destroy(a);
}

Test(analyze_coverage, a_set_column_should_split_the_sets) {
  size_t lift[8], i, n = closed_form(hip_s, lumbar_s, 4, -1, 0, 1, lift);
  hinge_analysis *a;
  const hinge_set_summary *s;
  for (i = 0; i < n; i++) set_s[i] = i < lift[2] - 2 * FS ? 7 : 8;
  a = analyse(hip_s, lumbar_s, set_s, n, 60);
  s = hinge_analysis_sets(a);
  cr_assert_eq(hinge_analysis_set_count(a), 2);
  cr_assert_eq(s[0].set, 7);
  cr_assert_eq(s[1].set, 8);
  cr_assert_eq(s[1].first_rep, 2);
  cr_assert_eq(hinge_analysis_reps(a)[2].set, 8);
  cr_assert_eq(s[0].verdict, HINGE_FORM_OK);
  hinge_analysis_destroy(a);
}

Test(analyze_coverage, a_gap_in_the_pull_should_give_the_coverage_of_its_samples) {
  size_t lift[8], i, n = closed_form(hip_s, lumbar_s, 3, -1, 0, 16, lift);
  hinge_analysis *a;
  const hinge_rep *r;
  size_t i0 = lift[1] + 40, len = 50, pull;
  for (i = i0; i < i0 + len; i++) lumbar_s[i] = NAN; /* 0.5 s, not filled */
  a = analyse(hip_s, lumbar_s, NULL, n, 60);
  r = hinge_analysis_reps(a);
  cr_assert_eq(hinge_analysis_rep_count(a), 3);
  pull = (size_t)(r[1].lockout_s * FS + 0.5) - (size_t)(r[1].liftoff_s * FS + 0.5) + 1;
  cr_assert(r[1].liftoff_s * FS <= (double)i0 && r[1].lockout_s * FS >= (double)(i0 + len));
  cr_assert_float_eq(r[1].lumbar.coverage, 1 - (double)len / (double)pull, 1e-9);
  cr_assert_eq(r[1].lumbar.assessed, 0);
  /* 16 deg of rounding: the samples measured around the gap already
   * cross 5 deg, so the unassessed region still flags. */
  cr_assert_eq(r[1].verdict, HINGE_FORM_STOP);
  cr_assert_eq(r[0].verdict, HINGE_FORM_STOP);
  cr_assert_eq(r[0].lumbar.coverage, 1);
  cr_assert_eq(hinge_analysis_set(a)->verdict, HINGE_FORM_STOP);
  cr_assert_eq(hinge_analysis_set(a)->lumbar_assessed, 2);
  hinge_analysis_destroy(a);
}
