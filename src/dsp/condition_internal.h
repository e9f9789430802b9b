/*
 * condition_internal.h -- the conditioning pipeline (condition.c) with its
 * processing history, for the analysis (lift/analyze_condition.c) and
 * `hinge filter` (src/cli/cmd_filter.c).  Not installed.
 */
#ifndef HINGE_CONDITION_INTERNAL_H
#define HINGE_CONDITION_INTERNAL_H

#include "hinge/filter.h"
#include "base/strlist.h"
#include "filter_internal.h"

/* One conditioning run: hinge_condition's arguments, its report, and
 * where the history goes.  Each step that runs adds one line to
 * processing ("despike (Hampel ...): 3 samples replaced", "fill gaps
 * ...: 12 samples filled", "low-pass ..."); samples dropped by the
 * low-pass add a line to warnings.  Either list may be NULL. */
typedef struct hinge__condition_run {
  const hinge_condition_options *o;
  double *const *cols;
  size_t ncols, n;
  hinge_condition_report rep;  /* out */
  hinge__strlist *processing, *warnings;
  /* NULL, or one list per column (zeroed, known = 1): the samples the
   * despiking replaced, in order (lift/analyze_condition.c: coverage).
   * A list that could not grow is left with known = 0. */
  hinge__spans *replaced;
} hinge__condition_run;

/* hinge_condition on run (checks the options first). */
int hinge__condition_columns(hinge__condition_run *run, hinge_error *err);

/* The despiking screen's inner loop: the range of
 * y_k = (p[k] - p[0]) - k d over k = 0..m (y_0 = 0) into *lo, *hi;
 * nonzero when some y_k is NaN (then *lo, *hi mean nothing).  With SSE2
 * two k at a time; -DHINGE_NO_VECTOR builds the scalar twin alone.  The
 * twin is always there, for the test that both agree bit for bit. */
int hinge__span_range(const double *p, size_t m, double d, double *lo, double *hi);
int hinge__span_range_scalar(const double *p, size_t m, double d, double *lo, double *hi);

#endif /* HINGE_CONDITION_INTERNAL_H */
