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
#include "base/spool.h"

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

/* The stage context of one training record from strings
 * (hinge_logs_add_training_fields with options). */
typedef struct hinge__training_src {
  const char *const *fields; /* HINGE_TRAINING_NFIELDS strings */
  const long *cols;          /* their 1-based columns for errors, or NULL */
  const char *file;
  long line;
  const char *session;       /* copied; "" for none */
  int need_athlete;          /* 0: an empty athlete is accepted */
  double load_scale;         /* load_kg is multiplied by it (lb to kg) */
} hinge__training_src;

/* One training record from src; HINGE_OK or an error naming the field. */
int hinge__logs_training_row(hinge_logs *logs, const hinge__training_src *src,
                             hinge_error *err);

/* Trimmed copy of a field (leading and trailing blanks dropped). */
const char *hinge__logs_str(hinge_logs *logs, const char *s, size_t n);

/* Case-insensitive comparison of a word (spaces and '-' read as '_')
 * with a lower-case key, over n bytes of s. */
int hinge__word_eq(const char *s, size_t n, const char *key);

/* ---- exercises.c ---------------------------------------------------------- */

/* Regions a named exercise loads, as a NULL-terminated static list
 * (lower-case words); an exercise not in hinge's table loads "full_body"
 * only.  *deadlift is set when the exercise is a deadlift variant. */
const char *const *hinge__exercise_regions(const char *exercise, int *deadlift);
/* Whether some exercise of the map loads region. */
int hinge__region_known(const char *region);

/* ---- context.c: the rules' view of one athlete ----------------------------- */

/* The athlete's entries up to a day, each array sorted by day (entries of
 * one day in log order).  The built-in rules and a coach's Lua rule read
 * this same view (hinge_athlete_view). */
typedef struct hinge__rows {
  const hinge_soreness_entry **sore;
  size_t nsore, csore;
  const hinge_training_entry **train; /* entries naming no athlete included */
  size_t ntrain, ctrain;
  const hinge_analysis_entry **ana;
  size_t nana, cana;
} hinge__rows;

/* Build rows for athlete up to day on; HINGE_OK or HINGE_ENOMEM (rows then
 * holds what hinge__rows_free frees). */
int hinge__rows_build(const hinge_logs *logs, const char *athlete, long on, hinge__rows *rows);
void hinge__rows_free(const hinge_allocator *a, hinge__rows *rows);

/* A plain list of findings; strings are copied into pool. */
typedef struct hinge__findings {
  const hinge_allocator *alloc;
  hinge__spool *pool;
  hinge_finding *items;
  size_t n, cap;
} hinge__findings;

/* Append a copy of f (strings into the list's pool); HINGE_OK or
 * HINGE_ENOMEM. */
int hinge__findings_add(hinge__findings *list, const hinge_finding *f);
void hinge__findings_free(hinge__findings *list);

/* A training day of the athlete: the regions it loaded come from the
 * exercises of that day (and deadlift analyses, which load the deadlift's). */
typedef struct hinge__session {
  long day;
  int deadlift;
} hinge__session;

typedef struct hinge__ctx {
  const hinge_allocator *alloc;
  const hinge_recovery_config *cfg;
  long on;
  const char *athlete;
  hinge__rows rows;                  /* the athlete's entries up to on, by day */
  hinge__session *sessions;          /* distinct training days, ascending */
  size_t nsessions, csessions;
  hinge_episode *episodes;           /* the latest episode of each region */
  size_t nepisodes, cepisodes;
  int has_load;
  hinge_trainload_basis basis;
  hinge_trainload_metrics load;
  long load_first_day;
  hinge__findings *findings;         /* where rules append */
} hinge__ctx;

/* Fill ctx (alloc, cfg, on, athlete and findings set by the caller): rows,
 * sessions, episodes (region names into pool) and load metrics. */
int hinge__ctx_build(hinge__ctx *ctx, const hinge_logs *logs, hinge__spool *pool,
                     hinge_error *err);
/* Free what hinge__ctx_build allocated (episodes the caller did not take). */
void hinge__ctx_free(hinge__ctx *ctx);

/* Whether the athlete's training on day loaded region. */
int hinge__loads_region(const hinge__ctx *ctx, long day, const char *region);

/* Append a finding of rule to ctx->findings (message formatted, strings
 * copied); HINGE_OK or HINGE_ENOMEM. */
int hinge__emit(hinge__ctx *ctx, const hinge_rule_info *rule, const char *region,
                hinge_verdict verdict, const char *suggestion, const char *fmt, ...)
    HINGE__PRINTF(6, 7);

/* ---- rules.c ---------------------------------------------------------------- */

/* Run every built-in rule on ctx. */
int hinge__run_rules(hinge__ctx *ctx, hinge_error *err);

/* ---- findings.c: combining ----------------------------------------------- */

/* The combined view of a findings list: sorted findings and distinct
 * suggestions (arrays owned here, strings the list's). */
typedef struct hinge__combined {
  hinge_finding *sorted;
  size_t capsorted;
  const char **sugg;
  size_t capsugg;
} hinge__combined;

/* Combine list into res (verdict, findings, suggestions) through c;
 * escalating findings get their resulting verdict in list.  HINGE_OK or
 * HINGE_ENOMEM. */
int hinge__findings_combine(hinge__findings *list, hinge__combined *c,
                            hinge_athlete_result *res);
void hinge__combined_free(const hinge_allocator *a, hinge__combined *c);

#endif
