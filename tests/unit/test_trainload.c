/* Unit tests for load.c: training-load metrics against closed forms, a
 * hand-worked week and pandas reference vectors (tests/data/gen_load.py). */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"

#define NCOLS 15

/* Relative agreement, NaN matching NaN. */
static int close_to(double got, double want, double tol) {
  if (isnan(want) || isnan(got)) return isnan(want) && isnan(got);
  return fabs(got - want) <= tol * fmax(1.0, fabs(want));
}

static double metric(const hinge_trainload_metrics *m, int col);

static void metrics_of(const double *x, size_t n, hinge_trainload_metrics *m) {
  hinge_error e;
  int rc = hinge_trainload_compute(x, n, NULL, m, &e);
  cr_assert_eq(rc, HINGE_OK, "%s", e.message);
}

Test(trainload, constant_load_should_give_ratio_one_and_null_monotony) {
  double x[40];
  hinge_trainload_metrics m[40];
  size_t t;
  double q = exp(-1.0 / 42);
  for (t = 0; t < 40; t++) x[t] = 500;
  metrics_of(x, 40, m);
  for (t = 0; t < 40; t++) {
    cr_assert(ieee_ulp_eq(dbl, m[t].acute_ewma, 500.0, 4));
    cr_assert(ieee_ulp_eq(dbl, m[t].acwr_ewma, 1.0, 4));
    cr_assert(ieee_ulp_eq(dbl, m[t].acwr_rolling, 1.0, 4));
    cr_assert(isnan(m[t].monotony) && isnan(m[t].strain), "SD 0 gives null monotony");
    /* geometric sum: 500 (1 - q^(t+1)) / (1 - q) */
    cr_assert(close_to(m[t].fitness, 500 * (1 - pow(q, (double)t + 1)) / (1 - q), 1e-12));
  }
  cr_assert(ieee_ulp_eq(dbl, m[39].weekly_load, 3500.0, 4));
  cr_assert_eq(m[39].days, 28);
  cr_assert_eq(m[3].days, 4);
}

Test(trainload, single_session_should_decay_geometrically) {
  double x[30] = {100};
  hinge_trainload_metrics m[30];
  double la = 2.0 / 8, lc = 2.0 / 29;
  size_t t;
  metrics_of(x, 30, m);
  for (t = 0; t < 30; t++) {
    double a = 100 * pow(1 - la, (double)t), c = 100 * pow(1 - lc, (double)t);
    cr_assert(close_to(m[t].acute_ewma, a, 1e-12), "day %zu", t);
    cr_assert(close_to(m[t].chronic_ewma, c, 1e-12));
    cr_assert(close_to(m[t].acwr_ewma, pow((1 - la) / (1 - lc), (double)t), 1e-12));
    cr_assert(close_to(m[t].fatigue, 100 * exp(-(double)t / 7), 1e-12));
    cr_assert(close_to(m[t].performance,
                       100 * exp(-(double)t / 42) - 2 * 100 * exp(-(double)t / 7), 1e-12));
  }
  /* rolling: the session leaves the acute window on day 7, the chronic on day 28 */
  cr_assert(close_to(m[6].acwr_rolling, (100.0 / 7) / (100.0 / 7), 1e-15));
  cr_assert(close_to(m[7].acute_mean, 0, 0) && close_to(m[7].acwr_rolling, 0, 0));
  cr_assert(isnan(m[28].acwr_rolling), "chronic 0 gives null, not infinity");
}

Test(trainload, hand_worked_week_should_give_foster_monotony_and_strain) {
  /* mean 200; squared deviations 10000+40000+90000+40000+40000+40000+0 = 260000 */
  double x[7] = {300, 0, 500, 0, 400, 0, 200};
  hinge_trainload_metrics m[7];
  double sd = sqrt(260000.0 / 6);
  metrics_of(x, 7, m);
  cr_assert(ieee_ulp_eq(dbl, m[6].weekly_load, 1400.0, 4));
  cr_assert(close_to(m[6].monotony, 200 / sd, 1e-14));
  cr_assert(close_to(m[6].strain, 1400 * 200 / sd, 1e-14));
  cr_assert(close_to(m[6].monotony, 0.960768922830918, 1e-12));
}

Test(trainload, chronic_zero_should_give_null_ratios_not_infinity) {
  double x[5] = {0, 0, 0, 0, 0};
  hinge_trainload_metrics m[5];
  metrics_of(x, 5, m);
  cr_assert(isnan(m[4].acwr_ewma) && isnan(m[4].acwr_rolling) && isnan(m[4].monotony));
  cr_assert_eq(m[4].weekly_load, 0.0);
}

Test(trainload, missing_days_should_count_as_zero) {
  double a[4] = {100, NAN, NAN, 300}, b[4] = {100, 0, 0, 300};
  hinge_trainload_metrics ma[4], mb[4];
  size_t t;
  int c;
  metrics_of(a, 4, ma);
  metrics_of(b, 4, mb);
  for (t = 0; t < 4; t++)
    for (c = 0; c < 13; c++) cr_assert(close_to(metric(&ma[t], c), metric(&mb[t], c), 0));
}

Test(trainload, negative_or_infinite_load_should_be_refused_naming_the_day) {
  double x[3] = {1, -2, 3}, y[2] = {1, INFINITY};
  hinge_trainload_metrics m[3];
  hinge_error e;
  cr_assert_eq(hinge_trainload_compute(x, 3, NULL, m, &e), HINGE_ERANGE);
  cr_assert(strstr(e.message, "day 2") != NULL, "%s", e.message);
  cr_assert_eq(hinge_trainload_compute(y, 2, NULL, m, &e), HINGE_ERANGE);
}

Test(trainload, bad_options_should_be_einval) {
  double x[1] = {1};
  hinge_trainload_metrics m[1];
  hinge_trainload_options o;
  hinge_trainload_options_default(&o);
  o.chronic_days = 0;
  cr_assert_eq(hinge_trainload_compute(x, 1, &o, m, NULL), HINGE_EINVAL);
  hinge_trainload_options_default(&o);
  o.tau_fatigue = 0;
  cr_assert_eq(hinge_trainload_compute(x, 1, &o, m, NULL), HINGE_EINVAL);
  cr_assert_eq(hinge_trainload_compute(NULL, 1, NULL, m, NULL), HINGE_EINVAL);
  cr_assert_eq(hinge_trainload_compute(NULL, 0, NULL, NULL, NULL), HINGE_OK);
}

/* ---- pandas reference ---------------------------------------------------- */

/* Split a CSV line of numbers (empty = NaN) into v; returns the count. */
static int split(char *line, double *v, int max) {
  int k = 0;
  char *p = line;
  while (k < max) {
    char *end = strpbrk(p, ",\n");
    if (end == NULL) end = p + strlen(p);
    v[k++] = end == p ? NAN : strtod(p, NULL);
    if (*end != ',') break;
    p = end + 1;
  }
  return k;
}

static double metric(const hinge_trainload_metrics *m, int col) {
  const double f[] = {m->load, m->acute_ewma, m->chronic_ewma, m->acwr_ewma, m->acute_mean,
                      m->chronic_mean, m->acwr_rolling, m->weekly_load, m->monotony,
                      m->strain, m->fitness, m->fatigue, m->performance};
  return f[col];
}

static const char *const names[] = {"load", "acute_ewma", "chronic_ewma", "acwr_ewma",
                                    "acute_mean", "chronic_mean", "acwr_rolling",
                                    "weekly_load", "monotony", "strain", "fitness",
                                    "fatigue", "performance"};

static size_t check_series(double (*rows)[NCOLS], size_t n) {
  double *x = calloc(n, sizeof *x);
  hinge_trainload_metrics *m = calloc(n, sizeof *m);
  size_t t, checked = 0;
  int c;
  for (t = 0; t < n; t++) x[t] = rows[t][2];
  metrics_of(x, n, m);
  for (t = 0; t < n; t++)
    for (c = 0; c < 13; c++, checked++)
      cr_expect(close_to(metric(&m[t], c), rows[t][2 + c], 1e-9),
                "series %g day %zu %s: hinge %.17g, pandas %.17g", rows[t][0], t, names[c],
                metric(&m[t], c), rows[t][2 + c]);
  free(x);
  free(m);
  return checked;
}

Test(trainload, metrics_should_match_pandas_reference_vectors) {
  FILE *f = fopen(HINGE_TEST_DATA "/load_reference.csv", "r");
  static double rows[1000][NCOLS];
  char line[1024];
  size_t n = 0, checked = 0;
  double cur = -1;
  cr_assert(f != NULL);
  cr_assert(fgets(line, sizeof line, f) != NULL); /* header */
  while (fgets(line, sizeof line, f)) {
    double v[NCOLS];
    cr_assert_eq(split(line, v, NCOLS), NCOLS);
    if (n > 0 && v[0] != cur) {
      checked += check_series(rows, n);
      n = 0;
    }
    cur = v[0];
    memcpy(rows[n++], v, sizeof v);
  }
  checked += check_series(rows, n);
  fclose(f);
  cr_assert_gt(checked, 3000);
}
