/*
 * recovery_internal.h -- pieces shared by logs.c, logs_read.c, trainload.c,
 * rules.c and recovery.c (not installed).
 */
#ifndef HINGE_RECOVERY_INTERNAL_H
#define HINGE_RECOVERY_INTERNAL_H

#include <stddef.h>

#include "hinge/logs.h"
#include "hinge/recovery.h"
#include "base/internal.h"

/* A string pool: copies live until hinge__spool_free, in chunks, so the
 * many short strings of a log cost one allocation per chunk. */
typedef struct hinge__spool_chunk hinge__spool_chunk;
typedef struct hinge__spool {
  const hinge_allocator *alloc;
  hinge__spool_chunk *head;
} hinge__spool;

/* A NUL-terminated copy of s[0..n-1]; NULL when out of memory. */
const char *hinge__spool_dup(hinge__spool *p, const char *s, size_t n);
void hinge__spool_free(hinge__spool *p);

/* Make room for need elements of size elem in *arr (capacity *cap),
 * doubling; HINGE_OK or HINGE_ENOMEM (the array is untouched). */
int hinge__grow_array(const hinge_allocator *a, void **arr, size_t *cap, size_t need,
                      size_t elem);

struct hinge_logs {
  const hinge_allocator *alloc;
  hinge__spool pool;
  hinge_soreness_entry *sore;
  size_t nsore, capsore;
  hinge_training_entry *train;
  size_t ntrain, captrain;
  hinge_analysis_entry *ana;
  size_t nana, capana;
  const char **warn;
  size_t nwarn, capwarn;
};

/* One training record from strings (hinge_logs_add_training_fields with
 * options): session is copied ("" for none); need_athlete 0 accepts an
 * empty athlete; load_kg is multiplied by load_scale (lb to kg). */
int hinge__logs_training_row(hinge_logs *logs, const char *const *fields, const long *cols,
                             const char *file, long line, const char *session,
                             int need_athlete, double load_scale, hinge_error *err);

/* Trimmed copy of a field (leading and trailing blanks dropped). */
const char *hinge__logs_str(hinge_logs *logs, const char *s, size_t n);

/* Case-insensitive comparison of a word (spaces and '-' read as '_')
 * with a lower-case key, over n bytes of s. */
int hinge__word_eq(const char *s, size_t n, const char *key);

/* Regions a named exercise loads, as a NULL-terminated static list
 * (lower-case words); an exercise not in hinge's table loads "full_body"
 * only.  *deadlift is set when the exercise is a deadlift variant. */
const char *const *hinge__exercise_regions(const char *exercise, int *deadlift);
/* Whether some exercise of the map loads region. */
int hinge__region_known(const char *region);

/* ---- The rules' view of one athlete (recovery.c builds it) -------------- */

/* A training day of the athlete: the regions it loaded come from the
 * exercises of that day (and deadlift analyses, which load the deadlift's). */
typedef struct hinge__session {
  long day;
  int deadlift;
} hinge__session;

typedef struct hinge__ctx {
  const hinge_recovery_config *cfg;
  long on;
  const char *athlete;
  const hinge_soreness_entry **sore; /* the athlete's reports up to on, by day */
  size_t nsore;
  const hinge_training_entry **train; /* the athlete's training up to on, by day */
  size_t ntrain;
  const hinge_analysis_entry **ana;  /* analyses up to on, by day */
  size_t nana;
  hinge__session *sessions;          /* distinct training days, ascending */
  size_t nsessions;
  const hinge_episode *episodes;     /* the latest episode of each region */
  size_t nepisodes;
  int has_load;
  hinge_trainload_basis basis;
  hinge_trainload_metrics load;
  void *slot;                        /* where findings go (recovery.c) */
  hinge_assessment *assessment;
} hinge__ctx;

/* Whether the athlete's training on day loaded region. */
int hinge__loads_region(const hinge__ctx *ctx, long day, const char *region);

/* Record a finding of rule for the athlete (message formatted, strings
 * copied); HINGE_OK or HINGE_ENOMEM. */
int hinge__emit(hinge__ctx *ctx, const hinge_rule_info *rule, const char *region,
                hinge_verdict verdict, const char *suggestion, const char *fmt, ...)
    HINGE__PRINTF(6, 7);

/* Run every built-in rule on ctx. */
int hinge__run_rules(hinge__ctx *ctx, hinge_error *err);

#endif
