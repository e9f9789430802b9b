/* Helpers for the recovery tests: logs built from day offsets. */
#ifndef RULES_HELPERS_H
#define RULES_HELPERS_H

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"

/* Day 0 of every scenario: 2026-03-01. */
static inline long day0(void) {
  long d = 0;
  hinge_day_parse("2026-03-01", 10, &d);
  return d;
}

static inline const char *date_of(int offset, char *buf) { return hinge_day_format(day0() + offset, buf); }

/* A soreness report on day d (strings as in the CSV; NULL = empty). */
static inline void sore(hinge_logs *L, int d, const char *athlete, const char *region,
                 const char *severity, const char *quality, const char *sleep,
                 const char *flags) {
  char date[HINGE_DATE_BUF];
  const char *f[HINGE_SORENESS_NFIELDS];
  hinge_error e;
  int rc;
  f[HINGE_SORENESS_DATE] = date_of(d, date);
  f[HINGE_SORENESS_ATHLETE] = athlete;
  f[HINGE_SORENESS_REGION] = region;
  f[HINGE_SORENESS_SEVERITY] = severity;
  f[HINGE_SORENESS_QUALITY] = quality;
  f[HINGE_SORENESS_SLEEP_H] = sleep;
  f[HINGE_SORENESS_FLAGS] = flags;
  rc = hinge_logs_add_soreness_fields(L, f, NULL, "test", 1, &e);
  cr_assert_eq(rc, HINGE_OK, "soreness row: %s", e.message);
}

/* A training row on day d. */
static inline void train(hinge_logs *L, int d, const char *athlete, const char *exercise,
                  const char *rpe, const char *minutes) {
  char date[HINGE_DATE_BUF];
  const char *f[HINGE_TRAINING_NFIELDS] = {0};
  hinge_error e;
  int rc;
  f[HINGE_TRAINING_DATE] = date_of(d, date);
  f[HINGE_TRAINING_ATHLETE] = athlete;
  f[HINGE_TRAINING_EXERCISE] = exercise;
  f[HINGE_TRAINING_SETS] = "5";
  f[HINGE_TRAINING_REPS] = "5";
  f[HINGE_TRAINING_LOAD_KG] = "100";
  f[HINGE_TRAINING_RPE] = rpe;
  f[HINGE_TRAINING_DURATION_MIN] = minutes;
  rc = hinge_logs_add_training_fields(L, f, NULL, "test", 1, &e);
  cr_assert_eq(rc, HINGE_OK, "training row: %s", e.message);
}

static inline void analysis(hinge_logs *L, int d, const char *athlete, size_t reps, size_t lumbar,
                     size_t upper) {
  hinge_analysis_entry a;
  hinge_error e;
  a.day = day0() + d;
  a.athlete = athlete;
  a.file = "";
  a.reps = reps;
  a.lumbar_rounding_reps = lumbar;
  a.upper_back_rounding_reps = upper;
  cr_assert_eq(hinge_logs_add_analysis(L, &a, &e), HINGE_OK, "%s", e.message);
}

/* Assess on day `on` (INT_MIN-ish: latest) with cfg (NULL = defaults). */
#define LATEST (-100000)
static inline hinge_assessment *assess_cfg(hinge_logs *L, int on, const hinge_recovery_config *cfg) {
  hinge_recovery_options o;
  hinge_assessment *a = NULL;
  hinge_error e;
  int rc;
  hinge_recovery_options_init(&o);
  o.on = on == LATEST ? HINGE_DAY_NONE : day0() + on;
  o.athlete = NULL;
  o.config = cfg;
  rc = hinge_recovery_assess(L, &o, &a, &e);
  cr_assert_eq(rc, HINGE_OK, "assess: %s", e.message);
  return a;
}

static inline hinge_assessment *assess(hinge_logs *L, int on) { return assess_cfg(L, on, NULL); }

/* Athlete by name. */
static inline const hinge_athlete_result *athlete(const hinge_assessment *a, const char *name) {
  size_t i;
  for (i = 0; i < hinge_assessment_count(a); i++)
    if (strcmp(hinge_assessment_athlete(a, i)->athlete, name) == 0)
      return hinge_assessment_athlete(a, i);
  cr_assert_fail("no athlete %s", name);
  return NULL;
}

/* The first finding of rule (NULL when none). */
static inline const hinge_finding *finding(const hinge_athlete_result *r, const char *rule) {
  size_t i;
  for (i = 0; i < r->nfindings; i++)
    if (strcmp(r->findings[i].rule, rule) == 0) return &r->findings[i];
  return NULL;
}

static inline size_t count_rule(const hinge_athlete_result *r, const char *rule) {
  size_t i, n = 0;
  for (i = 0; i < r->nfindings; i++) n += strcmp(r->findings[i].rule, rule) == 0;
  return n;
}

/* Verdict and presence of rule for the only athlete. */
static inline hinge_verdict only_verdict(const hinge_assessment *a) {
  cr_assert_eq(hinge_assessment_count(a), 1);
  return hinge_assessment_athlete(a, 0)->verdict;
}

static inline const hinge_finding *only_finding(const hinge_assessment *a, const char *rule) {
  return finding(hinge_assessment_athlete(a, 0), rule);
}

#endif
