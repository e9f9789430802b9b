/*
 * program.c -- e1RM, the RPE chart, load rounding and plate breakdown.
 */
#include <math.h>
#include <strings.h>

#include "hinge/program.h"
#include "base/internal.h"

int hinge_e1rm(double weight, int reps, hinge_e1rm_formula formula, double *out,
               hinge_error *err) {
  if (!isfinite(weight) || weight <= 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "e1rm: weight must be a positive number");
  if (reps < 1 || reps > HINGE_E1RM_MAX_REPS)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "e1rm: reps must be 1 to %d (got %d): rep formulas are unreliable beyond",
                       HINGE_E1RM_MAX_REPS, reps);
  if (reps == 1) {
    *out = weight;
    return HINGE_OK;
  }
  switch (formula) {
  case HINGE_E1RM_EPLEY: *out = weight * (1.0 + reps / 30.0); return HINGE_OK;
  case HINGE_E1RM_BRZYCKI: *out = weight * 36.0 / (37.0 - reps); return HINGE_OK;
  }
  return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "e1rm: unknown formula %d", (int)formula);
}

int hinge_e1rm_formula_parse(const char *name, hinge_e1rm_formula *out) {
  if (name != NULL && strcasecmp(name, "epley") == 0) *out = HINGE_E1RM_EPLEY;
  else if (name != NULL && strcasecmp(name, "brzycki") == 0) *out = HINGE_E1RM_BRZYCKI;
  else return HINGE_EINVAL;
  return HINGE_OK;
}

/* Tuchscherer's chart is one sequence indexed by effective reps, reps +
 * RIR, in half steps: 1 rep at RPE 10 is 100%, 1 rep at RPE 9.5 (0.5 RIR)
 * equals effective 1.5, and so on.  Entry k is effective reps 1 + k/2. */
static const double rpe_chart[] = {
  100.0, 97.8, 95.5, 93.9, 92.2, 90.7, 89.2, 87.8, 86.3, 85.0, 83.7, 82.4,
  81.1, 79.9, 78.6, 77.4, 76.2, 75.1, 73.9, 72.3, 70.7, 69.4, 68.0, 66.7,
  65.3, 64.0, 62.6, 61.3, 59.9, 58.6
};

int hinge_rpe_percent(int reps, double rpe, double *out, hinge_error *err) {
  double half = (10.0 - rpe) * 2.0;
  int k;
  if (reps < 1 || reps > 12)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0, "rpe: reps must be 1 to 12 (got %d)", reps);
  if (!(rpe >= 6.5 && rpe <= 10.0) || fabs(half - floor(half + 0.5)) > 1e-9)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "rpe: RPE must be 6.5 to 10 in steps of 0.5 (got %g)", rpe);
  k = (reps - 1) * 2 + (int)floor(half + 0.5);
  *out = rpe_chart[k] / 100.0;
  return HINGE_OK;
}

int hinge_round_load(double load, double increment, hinge_round_mode mode, double *out,
                     hinge_error *err) {
  double q;
  if (!isfinite(load) || !isfinite(increment) || increment <= 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "round: load must be finite and increment positive");
  q = load / increment;
  switch (mode) {
  case HINGE_ROUND_NEAREST: q = floor(q + 0.5); break;
  case HINGE_ROUND_DOWN: q = floor(q + 1e-9); break;
  case HINGE_ROUND_UP: q = ceil(q - 1e-9); break;
  default: return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "round: unknown mode %d", (int)mode);
  }
  *out = q * increment;
  return HINGE_OK;
}

int hinge_plates(double load, double bar, const double *plates, size_t n, int *counts,
                 double *rest, hinge_error *err) {
  double side;
  size_t i;
  if (!isfinite(load) || !isfinite(bar) || bar < 0 || load < bar)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "plates: load (%g) must be at least the bar (%g)", load, bar);
  for (i = 0; i < n; i++)
    if (!(plates[i] > 0) || (i > 0 && plates[i] >= plates[i - 1]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "plates: sizes must be positive and in descending order");
  side = (load - bar) / 2.0;
  for (i = 0; i < n; i++) {
    /* The small tolerance keeps 0.1 + 0.2 style residues from dropping a plate. */
    counts[i] = (int)floor(side / plates[i] + 1e-9);
    side -= counts[i] * plates[i];
  }
  *rest = side < 1e-9 ? 0.0 : 2.0 * side;
  return HINGE_OK;
}
