/*
 * thresholds.c -- the thresholds the rules read: one table with names,
 * domains, defaults and help, and the public config functions over it.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "recovery_internal.h"

/* ---- Thresholds ---------------------------------------------------------- */

typedef struct threshold {
  const char *name;
  size_t offset;
  int is_int;
  double lo, hi;
  const char *help;
} threshold;

#define T_INT(f, lo, hi, help) {#f, offsetof(hinge_recovery_config, f), 1, lo, hi, help}
#define T_DBL(f, lo, hi, help) {#f, offsetof(hinge_recovery_config, f), 0, lo, hi, help}
#define T_LOAD_INT(f, lo, hi, help) \
  {#f, offsetof(hinge_recovery_config, load) + offsetof(hinge_trainload_options, f), 1, lo, hi, help}
#define T_LOAD_DBL(f, lo, hi, help) \
  {#f, offsetof(hinge_recovery_config, load) + offsetof(hinge_trainload_options, f), 0, lo, hi, help}

static const threshold thresholds[] = {
  T_INT(symptom_window_days, 1, 366, "red flags, sharp pain, nerve symptoms stay until cleared; older than N days: said in the message"),
  T_INT(active_days, 0, 366, "an episode is current while its last report is at most N days old"),
  T_INT(episode_gap_days, 1, 366, "reports further apart than N days start a new episode"),
  T_INT(no_improvement_days, 1, 3660, "days since onset before no_improvement applies"),
  T_DBL(improvement_points, 0, 10, "drop from the peak severity that counts as improving"),
  T_INT(doms_min_days, 0, 30, "DOMS onset window after a session: from N days"),
  T_INT(doms_max_days, 0, 30, "DOMS onset window after a session: to N days"),
  T_INT(doms_resolve_days, 0, 60, "DOMS expected gone N days after the session"),
  T_INT(novice_sessions, 0, 100, "fewer sessions loading the region in the chronic window before: novice context"),
  T_DBL(reduce_severity, 0, 10, "latest severity >= this: reduce"),
  T_DBL(rest_severity, 0, 10, "latest severity >= this: rest"),
  T_DBL(poor_sleep_hours, 0, 24, "a night under this many hours is short"),
  T_INT(poor_sleep_nights, 1, 31, "short nights needed for poor_sleep"),
  T_INT(poor_sleep_window, 1, 31, "among the last N nights"),
  T_DBL(acwr_high, 0, 100, "acwr_ewma above this: load_spike"),
  T_DBL(monotony_high, 0, 100, "monotony above this: monotony_high"),
  T_INT(weak_link_sessions, 1, 100, "weak_link_upper_back looks at the last N deadlift sessions"),
  T_INT(weak_link_min, 1, 100, "of which at least this many followed by upper-back soreness"),
  T_INT(form_recent_days, 1, 366, "analysed sessions of the last N days count"),
  T_INT(form_min_reps, 1, 10000, "lumbar-rounding reps needed for form_lumbar_rounding"),
  T_INT(stale_days, 1, 366, "no soreness report in the last N days: verdict unknown, never ready"),
  T_LOAD_INT(acute_days, 1, 366, "acute window (EWMA span and rolling mean), days"),
  T_LOAD_INT(chronic_days, 1, 366, "chronic window, days"),
  T_LOAD_INT(week_days, 1, 366, "window of weekly load, monotony and strain, days"),
  T_LOAD_DBL(tau_fitness, 0.01, 1000, "Banister fitness time constant, days"),
  T_LOAD_DBL(tau_fatigue, 0.01, 1000, "Banister fatigue time constant, days"),
  T_LOAD_DBL(k_fitness, -1000, 1000, "Banister fitness gain"),
  T_LOAD_DBL(k_fatigue, -1000, 1000, "Banister fatigue gain"),
};

#define NTHRESHOLDS (sizeof thresholds / sizeof thresholds[0])

void hinge_recovery_config_init(hinge_recovery_config *c) {
  c->symptom_window_days = 7;
  c->active_days = 7;
  c->episode_gap_days = 14;
  c->no_improvement_days = 21;
  c->improvement_points = 2;
  c->doms_min_days = 1;
  c->doms_max_days = 3;
  c->doms_resolve_days = 7;
  c->novice_sessions = 2;
  c->reduce_severity = 4;
  c->rest_severity = 7;
  c->poor_sleep_hours = 6;
  c->poor_sleep_nights = 2;
  c->poor_sleep_window = 3;
  c->acwr_high = 1.5;
  c->monotony_high = 2;
  c->weak_link_sessions = 4;
  c->weak_link_min = 3;
  c->form_recent_days = 14;
  c->form_min_reps = 1;
  hinge_trainload_options_init(&c->load);
  c->stale_days = 7;
}

void hinge_recovery_config_default(hinge_recovery_config *c) { hinge_recovery_config_init(c); }

static const threshold *find_threshold(const char *name) {
  size_t i;
  for (i = 0; name != NULL && i < NTHRESHOLDS; i++)
    if (strcmp(thresholds[i].name, name) == 0) return &thresholds[i];
  return NULL;
}

int hinge_recovery_config_set(hinge_recovery_config *c, const char *name, double value,
                              hinge_error *err) {
  const threshold *t = find_threshold(name);
  char *base = (char *)c;
  if (c == NULL || t == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "unknown threshold '%s'",
                       name ? name : "(null)");
  if (!(value >= t->lo && value <= t->hi) || (t->is_int && value != floor(value)))
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "threshold %s must be %s from %g to %g (got %g)", name,
                       t->is_int ? "an integer" : "a number", t->lo, t->hi, value);
  if (t->is_int) *(int *)(void *)(base + t->offset) = (int)value;
  else *(double *)(void *)(base + t->offset) = value;
  return HINGE_OK;
}

int hinge_recovery_config_get(const hinge_recovery_config *c, const char *name,
                              double *value) {
  const threshold *t = find_threshold(name);
  const char *base = (const char *)c;
  if (c == NULL || t == NULL || value == NULL) return HINGE_EINVAL;
  if (t->is_int) *value = *(const int *)(const void *)(base + t->offset);
  else *value = *(const double *)(const void *)(base + t->offset);
  return HINGE_OK;
}

size_t hinge_recovery_config_count(void) { return NTHRESHOLDS; }

const char *hinge_recovery_config_name(size_t i) {
  return i < NTHRESHOLDS ? thresholds[i].name : NULL;
}

const char *hinge_recovery_config_help(size_t i) {
  return i < NTHRESHOLDS ? thresholds[i].help : NULL;
}

int hinge_recovery_config_check(const hinge_recovery_config *c, hinge_error *err) {
  size_t i;
  hinge_recovery_config copy;
  if (c == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "config: NULL argument");
  copy = *c;
  /* Every field must be in its domain: set each to itself. */
  for (i = 0; i < NTHRESHOLDS; i++) {
    double v;
    int rc;
    hinge_recovery_config_get(c, thresholds[i].name, &v);
    if ((rc = hinge_recovery_config_set(&copy, thresholds[i].name, v, err))) return rc;
  }
  if (c->doms_min_days > c->doms_max_days)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "threshold doms_min_days must not exceed doms_max_days");
  return HINGE_OK;
}
