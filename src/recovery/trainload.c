/*
 * trainload.c -- training-load metrics (docs/algorithms.md, "Training load"):
 * EWMA and rolling acute:chronic workload ratios, monotony, strain,
 * weekly load and the Banister fitness-fatigue model, and the daily load
 * series of an athlete from the training log.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "recovery_internal.h"

void hinge_trainload_options_init(hinge_trainload_options *o) {
  o->acute_days = 7;
  o->chronic_days = 28;
  o->week_days = 7;
  o->tau_fitness = 42;
  o->tau_fatigue = 7;
  o->k_fitness = 1;
  o->k_fatigue = 2;
}

void hinge_trainload_options_default(hinge_trainload_options *o) {
  hinge_trainload_options_init(o);
}

const char *hinge_trainload_basis_name(int basis) {
  switch (basis) {
  case HINGE_TRAINLOAD_SRPE: return "srpe";
  case HINGE_TRAINLOAD_VOLUME: return "volume_load";
  case HINGE_TRAINLOAD_NONE: return "none";
  default: return "unknown";
  }
}

int hinge_trainload_options_check(const hinge_trainload_options *o, hinge_error *err) {
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "load: NULL options");
  if (o->acute_days < 1 || o->chronic_days < 1 || o->week_days < 1 ||
      o->acute_days > 366 || o->chronic_days > 366 || o->week_days > 366)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "load: windows must be 1 to 366 days");
  if (!(o->tau_fitness > 0) || !(o->tau_fatigue > 0) || !isfinite(o->tau_fitness) ||
      !isfinite(o->tau_fatigue) || !isfinite(o->k_fitness) || !isfinite(o->k_fatigue))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "load: time constants must be positive and gains finite");
  return HINGE_OK;
}

/* A day's load: NaN (no training recorded) counts as 0. */
static double at(const double *x, size_t i) { return isnan(x[i]) ? 0.0 : x[i]; }

/* First day of the w-day window ending at t, cut at day 0. */
static size_t window_start(size_t t, size_t w) { return t + 1 > w ? t + 1 - w : 0; }

static double window_sum(const double *x, size_t t, size_t w) {
  size_t i;
  double s = 0;
  for (i = window_start(t, w); i <= t; i++) s += at(x, i);
  return s;
}

static double window_mean(const double *x, size_t t, size_t w) {
  return window_sum(x, t, w) / (double)(t + 1 - window_start(t, w));
}

/* Monotony (Foster 1998): mean / sample SD over the week window; NaN
 * when the window has fewer than 2 days or no spread. */
static double window_monotony(const double *x, size_t t, size_t w) {
  size_t lo = window_start(t, w), i, n = t + 1 - lo;
  double mean = window_mean(x, t, w), ss = 0, sd;
  if (n < 2) return NAN;
  for (i = lo; i <= t; i++) ss += (at(x, i) - mean) * (at(x, i) - mean);
  sd = sqrt(ss / (double)(n - 1));
  /* Equal loads can leave rounding noise in ss: that is no spread. */
  if (!(sd > 1e-12 * fabs(mean))) return NAN;
  return mean / sd;
}

static double ratio(double a, double c) { return c > 0 ? a / c : NAN; }

/* Loads with NaN (no training) read as 0; negative or infinite refused. */
static int check_loads(const double *x, size_t n, hinge_error *err) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!isnan(x[i]) && !(x[i] >= 0 && isfinite(x[i])))
      return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                         "load: day %zu has load %g (expected a finite value >= 0)", i + 1,
                         x[i]);
  return HINGE_OK;
}

static void compute(const double *x, size_t n, const hinge_trainload_options *o,
                    hinge_trainload_metrics *out) {
  double la = 2.0 / (o->acute_days + 1), lc = 2.0 / (o->chronic_days + 1);
  double dfit = exp(-1.0 / o->tau_fitness), dfat = exp(-1.0 / o->tau_fatigue);
  double acute = at(x, 0), chronic = at(x, 0), fit = 0, fat = 0;
  size_t t;
  for (t = 0; t < n; t++) {
    hinge_trainload_metrics *m = &out[t];
    /* Williams et al. 2017: EWMA_t = lambda x_t + (1 - lambda) EWMA_{t-1},
     * seeded with the first day's load. */
    if (t > 0) {
      acute = la * at(x, t) + (1 - la) * acute;
      chronic = lc * at(x, t) + (1 - lc) * chronic;
    }
    fit = fit * dfit + at(x, t);
    fat = fat * dfat + at(x, t);
    m->load = at(x, t);
    m->acute_ewma = acute;
    m->chronic_ewma = chronic;
    m->acwr_ewma = ratio(acute, chronic);
    m->acute_mean = window_mean(x, t, (size_t)o->acute_days);
    m->chronic_mean = window_mean(x, t, (size_t)o->chronic_days);
    m->acwr_rolling = ratio(m->acute_mean, m->chronic_mean);
    m->weekly_load = window_sum(x, t, (size_t)o->week_days);
    m->monotony = window_monotony(x, t, (size_t)o->week_days);
    m->strain = m->weekly_load * m->monotony;
    m->fitness = fit;
    m->fatigue = fat;
    m->performance = o->k_fitness * fit - o->k_fatigue * fat;
    m->days = (int)(t + 1 < (size_t)o->chronic_days ? t + 1 : (size_t)o->chronic_days);
  }
}

int hinge_trainload_compute(const double *daily, size_t n, const hinge_trainload_options *opts,
                       hinge_trainload_metrics *out, hinge_error *err) {
  hinge_trainload_options def;
  int rc;
  if ((daily == NULL || out == NULL) && n > 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "load: NULL argument");
  if (opts == NULL) {
    hinge_trainload_options_init(&def);
    opts = &def;
  }
  if ((rc = hinge_trainload_options_check(opts, err)) != HINGE_OK) return rc;
  if ((rc = check_loads(daily, n, err)) != HINGE_OK) return rc;
  if (n > 0) compute(daily, n, opts, out);
  return HINGE_OK;
}

/* ---- Daily loads from the training log ---------------------------------- */

/* The longest load series built from a log (about 55 years). */
#define MAX_SPAN_DAYS 20000L

typedef struct sort_ctx {
  const hinge_training_entry *e;
  size_t i;
} sort_ctx;

/* Entries of the athlete ("" entries belong to whoever is asked for: a
 * log that names nobody is one athlete's). */
static int mine(const hinge_training_entry *e, const char *athlete, long on) {
  return (on == HINGE_DAY_NONE || e->day <= on) &&
         (e->athlete[0] == '\0' || athlete == NULL || hinge__name_eq(e->athlete, athlete));
}

static int by_session(const void *pa, const void *pb) {
  const sort_ctx *a = pa, *b = pb;
  int c;
  if (a->e->day != b->e->day) return a->e->day < b->e->day ? -1 : 1;
  if ((c = strcmp(a->e->session, b->e->session)) != 0) return c;
  return a->i < b->i ? -1 : a->i > b->i;
}

/* One group: the entries of a session (a Strong workout) or a single row
 * of hinge's log (session ""), whose sRPE is its own rpe x minutes. */
static size_t group_end(const sort_ctx *s, size_t i, size_t n) {
  size_t j = i + 1;
  if (s[i].e->session[0] == '\0') return j;
  while (j < n && s[j].e->day == s[i].e->day && strcmp(s[j].e->session, s[i].e->session) == 0)
    j++;
  return j;
}

/* Session RPE of a group: its RPE (the mean over a workout's sets), NaN
 * when a set has none. */
static double group_rpe(const sort_ctx *s, size_t i, size_t j) {
  double sum = 0;
  size_t k;
  for (k = i; k < j; k++) {
    if (isnan(s[k].e->rpe)) return NAN;
    sum += s[k].e->rpe;
  }
  return sum / (double)(j - i);
}

static double group_volume(const sort_ctx *s, size_t i, size_t j) {
  double sum = 0;
  size_t k;
  for (k = i; k < j; k++) {
    const hinge_training_entry *e = s[k].e;
    double sets = isnan(e->sets) ? 1.0 : e->sets;
    if (!isnan(e->reps) && !isnan(e->load_kg)) sum += sets * e->reps * e->load_kg;
  }
  return sum;
}

static int all_srpe(const sort_ctx *s, size_t n) {
  size_t i, j;
  for (i = 0; i < n; i = j) {
    j = group_end(s, i, n);
    if (isnan(group_rpe(s, i, j)) || isnan(s[i].e->duration_min)) return 0;
  }
  return 1;
}

static void sum_daily(const sort_ctx *s, size_t n, long first, int srpe, double *daily) {
  size_t i, j;
  for (i = 0; i < n; i = j) {
    j = group_end(s, i, n);
    daily[s[i].e->day - first] +=
        srpe ? group_rpe(s, i, j) * s[i].e->duration_min : group_volume(s, i, j);
  }
}

static int collect(const hinge_logs *logs, const char *athlete, long on, sort_ctx **out,
                   size_t *n, hinge_error *err) {
  size_t i, k = 0;
  sort_ctx *s;
  for (i = 0; i < logs->ntrain; i++) k += (size_t)mine(&logs->train[i], athlete, on);
  *n = k;
  *out = NULL;
  if (k == 0)
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "no training recorded for %s",
                       athlete ? athlete : "any athlete");
  s = hinge__malloc(logs->alloc, k * sizeof *s);
  if (s == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  for (i = 0, k = 0; i < logs->ntrain; i++)
    if (mine(&logs->train[i], athlete, on)) {
      s[k].e = &logs->train[i];
      s[k++].i = i;
    }
  qsort(s, k, sizeof *s, by_session);
  *out = s;
  return HINGE_OK;
}

int hinge_logs_daily_load(const hinge_logs *logs, const char *athlete, long on,
                          double **daily, size_t *n, long *first, hinge_trainload_basis *basis,
                          hinge_error *err) {
  sort_ctx *s;
  size_t k;
  long last;
  int rc, srpe;
  if (logs == NULL || daily == NULL || n == NULL || first == NULL || basis == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "daily load: NULL argument");
  *daily = NULL;
  *n = 0;
  *basis = HINGE_TRAINLOAD_NONE;
  if ((rc = collect(logs, athlete, on, &s, &k, err)) != HINGE_OK) return rc;
  *first = s[0].e->day;
  last = on == HINGE_DAY_NONE ? s[k - 1].e->day : on;
  if (last - *first >= MAX_SPAN_DAYS) {
    hinge__free(logs->alloc, s, k * sizeof *s);
    return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0,
                       "the training log spans more than %ld days", MAX_SPAN_DAYS);
  }
  *n = (size_t)(last - *first + 1);
  *daily = hinge__calloc(logs->alloc, *n, sizeof **daily);
  if (*daily == NULL) {
    hinge__free(logs->alloc, s, k * sizeof *s);
    *n = 0;
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  }
  srpe = all_srpe(s, k);
  sum_daily(s, k, *first, srpe, *daily);
  *basis = srpe ? HINGE_TRAINLOAD_SRPE : HINGE_TRAINLOAD_VOLUME;
  hinge__free(logs->alloc, s, k * sizeof *s);
  return HINGE_OK;
}

void hinge_logs_free_daily(const hinge_logs *logs, double *daily, size_t n) {
  if (logs != NULL) hinge__free(logs->alloc, daily, n * sizeof *daily);
}
