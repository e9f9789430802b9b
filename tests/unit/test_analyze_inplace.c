/* Unit tests for hinge_analyze_inplace (analyze_table.c): conditioning a
 * loaded session's columns in place gives exactly what hinge_analyze
 * gives on copies. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "synth.h"

/* A session CSV from the synthetic trace, with noise, spikes, dropouts
 * and (jitter > 0) irregular time steps; malloc'ed text. */
static char *session_text(int jitter) {
  synth_spec s;
  synth x;
  unsigned seed = 11;
  size_t i, cap, len = 0;
  char *text;
  synth_default(&s);
  s.reps = 5;
  synth_make(&s, &x);
  cap = 64 + x.n * 80;
  text = malloc(cap);
  cr_assert_not_null(text);
  len += (size_t)snprintf(text, cap, "time_s,hip_deg,thoracic_deg,lumbar_deg,trunk_deg\n");
  for (i = 0; i < x.n; i++) {
    double t = x.t[i], v[4];
    int ch;
    for (ch = 0; ch < 4; ch++) {
      seed = seed * 1103515245u + 12345u;
      v[ch] = x.ch[ch][i] + ((double)(seed >> 8 & 0xffff) / 65536.0 - 0.5);
      if (seed % 173 == 0) v[ch] += seed & 1 ? 50 : -40;
    }
    if (jitter && i > 0) t += ((double)(seed >> 4 & 0xff) / 256.0 - 0.5) * 0.004;
    if (i % 499 == 7) /* a row with every angle missing */
      len += (size_t)snprintf(text + len, cap - len, "%.4f,,,,\n", t);
    else
      len += (size_t)snprintf(text + len, cap - len, "%.4f,%.3f,%.3f,%.3f,%.3f\n", t, v[0], v[1],
                              v[2], v[3]);
  }
  synth_free(&x);
  return text;
}

static hinge_table *load(const char *text) {
  hinge_table *t;
  hinge_error e;
  cr_assert_eq(hinge_table_load_buffer("s.csv", text, strlen(text), NULL, &t, &e), HINGE_OK, "%s",
               e.message);
  return t;
}

static void assert_same_strings(size_t n, size_t m, const char *(*get)(const hinge_analysis *,
                                size_t), const hinge_analysis *a, const hinge_analysis *b) {
  size_t i;
  cr_assert_eq(n, m);
  for (i = 0; i < n; i++) cr_assert_str_eq(get(a, i), get(b, i));
}

/* Every field of the two results, bit for bit (the structs are zeroed
 * before they are filled, so memcmp sees no stray padding). */
static void assert_same(const hinge_analysis *a, const hinge_analysis *b) {
  size_t n = hinge_analysis_rep_count(a);
  cr_assert_eq(n, hinge_analysis_rep_count(b));
  cr_assert(n > 0);
  cr_assert_eq(memcmp(hinge_analysis_reps(a), hinge_analysis_reps(b), n * sizeof(hinge_rep)), 0);
  cr_assert_eq(memcmp(hinge_analysis_set(a), hinge_analysis_set(b), sizeof(hinge_set_summary)), 0);
  cr_assert_eq(memcmp(hinge_analysis_standing(a), hinge_analysis_standing(b),
                      sizeof(hinge_standing)), 0);
  cr_assert_eq(hinge_analysis_samples(a), hinge_analysis_samples(b));
  cr_assert_str_eq(hinge_analysis_segmented_on(a), hinge_analysis_segmented_on(b));
  assert_same_strings(hinge_analysis_processing_count(a), hinge_analysis_processing_count(b),
                      hinge_analysis_processing, a, b);
  assert_same_strings(hinge_analysis_warning_count(a), hinge_analysis_warning_count(b),
                      hinge_analysis_warning, a, b);
}

static void check(int jitter, const char *step) {
  char *text = session_text(jitter);
  hinge_table *t1 = load(text), *t2 = load(text);
  hinge_analysis *a, *b;
  hinge_error e;
  cr_assert_eq(hinge_analyze(t1, NULL, NULL, &a, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_analyze_inplace(t2, NULL, NULL, &b, &e), HINGE_OK, "%s", e.message);
  assert_same(a, b);
  /* the path meant: resampled (new arrays) or not (in place) */
  cr_assert_eq(strncmp(hinge_analysis_processing(b, 0), "resample", 8) == 0, step != NULL);
  /* in place: t2's hip column now holds the conditioned channel */
  cr_assert_eq(memcmp(hinge_table_column(t1, 1), hinge_table_column(t2, 1),
                      hinge_table_rows(t1) * sizeof(double)) != 0, step == NULL);
  hinge_analysis_destroy(a);
  hinge_analysis_destroy(b);
  hinge_table_destroy(t1);
  hinge_table_destroy(t2);
  free(text);
}

Test(analyze_inplace, a_regular_session_should_analyse_as_on_copies) { check(0, NULL); }

Test(analyze_inplace, an_irregular_session_should_be_resampled_as_on_copies) { check(1, "resample"); }

Test(analyze_inplace, a_null_table_should_be_einval) {
  hinge_analysis *a = (hinge_analysis *)&a;
  hinge_error e;
  cr_assert_eq(hinge_analyze_inplace(NULL, NULL, NULL, &a, &e), HINGE_EINVAL);
  cr_assert_null(a);
}
