/*
 * hinge/sink.h -- the output shapes (docs/formats.md) as walks over a
 * result that call a small sink.
 *
 * Each shape (the analysis of one file, the recovery assessment) is
 * written down once, as a walker that visits the result in document
 * order and calls the sink; the JSON writer of the CLI and the Lua table
 * builder of the binding are two sinks.  What a shell does with a missing
 * value is the sink's business, not the walker's: the walker reports a
 * missing number as NaN, a missing string as NULL and a missing object as
 * null, and the JSON sink writes `null` where the Lua sink leaves the key
 * nil.  Likewise `decimals` is the precision the documented format shows;
 * a sink may honour it (JSON) or keep full precision (Lua).
 *
 *   const hinge_sink s = {my_begin_object, my_end_object, ...};
 *   hinge_analysis_walk(a, &s, my_state);
 *
 * Every callback must be set.  Key strings and string values live only
 * for the duration of the callback (copy them if they must outlive it).
 * The walkers allocate nothing and hold nothing across callbacks, so a
 * callback may leave the walk by longjmp (a Lua error) without a leak.
 */
#ifndef HINGE_SINK_H
#define HINGE_SINK_H

#include <stddef.h>

#include "hinge/common.h"
#include "hinge/analyze.h"
#include "hinge/recovery.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hinge_sink {
  /* Containers; `hint` is the number of items expected (0 when unknown). */
  void (*begin_object)(void *ud, size_t hint);
  void (*end_object)(void *ud);
  void (*begin_array)(void *ud, size_t hint);
  void (*end_array)(void *ud);
  /* The key of the next value, inside an object. */
  void (*key)(void *ud, const char *key);
  /* A measured value: NaN when missing; `decimals` >= 0 is the precision
   * the format shows, < 0 asks for the shortest exact text. */
  void (*number)(void *ud, double x, int decimals);
  void (*integer)(void *ud, long long v);
  void (*string)(void *ud, const char *s); /* NULL when missing */
  void (*boolean)(void *ud, int b);
  void (*null)(void *ud);                  /* a missing object */
} hinge_sink;

/* The object of one analysed file, as `hinge analyze --format json`
 * writes it (docs/formats.md).  Nothing is called for a NULL a or s. */
HINGE_EXPORT void hinge_analysis_walk(const hinge_analysis *a, const hinge_sink *s, void *ud);

/* What the recovery walk visits beyond the documented file format. */
#define HINGE_WALK_DETAIL 1u /* findings' suggestion, source, escalate; the
                              * load's acute_mean and chronic_mean */

/* The document of `hinge recovery --format json`: {on, athletes,
 * warnings}; warnings come from logs (may be NULL: none).  flags 0 gives
 * exactly the file format; HINGE_WALK_DETAIL adds the fields above (the
 * Lua result).  Nothing is called for a NULL a or s. */
HINGE_EXPORT void hinge_assessment_walk(const hinge_assessment *a, const hinge_logs *logs,
                                        unsigned flags, const hinge_sink *s, void *ud);

/* One athlete's object of that document (the context of a coach's rule
 * starts from it). */
HINGE_EXPORT void hinge_athlete_result_walk(const hinge_athlete_result *r, unsigned flags,
                                            const hinge_sink *s, void *ud);

#ifdef __cplusplus
}
#endif

#endif
