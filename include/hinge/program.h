/*
 * hinge/program.h -- numeric helpers for programming: estimated 1RM, the
 * RPE/RIR to %1RM table, rounding loads to the plates at hand.
 * Scheduling, progressions and deloads are in the Lua module hinge.program.
 */
#ifndef HINGE_PROGRAM_H
#define HINGE_PROGRAM_H

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hinge_e1rm_formula {
  HINGE_E1RM_EPLEY = 0,   /* w * (1 + reps / 30); Epley 1985 */
  HINGE_E1RM_BRZYCKI = 1  /* w * 36 / (37 - reps); Brzycki 1993 */
} hinge_e1rm_formula;

/* Repetition formulas lose accuracy with more reps (LeSuer et al. 1997):
 * sets of more than this many reps are refused. */
#define HINGE_E1RM_MAX_REPS 12

/* Estimated one-repetition maximum from a set of `reps` (1..12) at
 * `weight` (> 0).  One rep returns the weight itself for both formulas.
 * Errors: HINGE_EINVAL (unknown formula, weight <= 0 or not finite),
 * HINGE_ERANGE (reps outside 1..HINGE_E1RM_MAX_REPS). */
HINGE_EXPORT int hinge_e1rm(double weight, int reps, hinge_e1rm_formula formula,
                            double *out, hinge_error *err);

/* Parse "epley" / "brzycki" (case-insensitive).  Returns HINGE_OK or
 * HINGE_EINVAL. */
HINGE_EXPORT int hinge_e1rm_formula_parse(const char *name, hinge_e1rm_formula *out);

/* Share of 1RM (0..1) for `reps` (1..12) at an RPE of 6.5..10 in half
 * steps (RIR = 10 - RPE), from Tuchscherer's RPE chart.  Errors:
 * HINGE_ERANGE outside the chart. */
HINGE_EXPORT int hinge_rpe_percent(int reps, double rpe, double *out, hinge_error *err);

typedef enum hinge_round_mode {
  HINGE_ROUND_NEAREST = 0, HINGE_ROUND_DOWN = 1, HINGE_ROUND_UP = 2
} hinge_round_mode;

/* Round `load` to a multiple of `increment` (> 0; 2.5 for kg plates of
 * 1.25 a side, 5 for lb).  Ties round up.  HINGE_EINVAL on bad input. */
HINGE_EXPORT int hinge_round_load(double load, double increment, hinge_round_mode mode,
                                  double *out, hinge_error *err);

/* Plates per side to load `load` on a bar of `bar`: greedy over the plate
 * sizes given in descending order (plates[0..n-1]), counts[i] the number
 * of plates[i] on each side.  *rest receives the load that could not be
 * made (0 when exact).  HINGE_EINVAL when load < bar or sizes are not
 * positive and descending. */
HINGE_EXPORT int hinge_plates(double load, double bar, const double *plates, size_t n,
                              int *counts, double *rest, hinge_error *err);

#ifdef __cplusplus
}
#endif
#endif
