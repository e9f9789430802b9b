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
  int lenient;               /* a bad cell: a missing value and a warning */
  int comma;                 /* a decimal comma is read ("6,5": ';' and tab files) */
} hinge__training_src;

/* One training record from src; HINGE_OK or an error naming the field. */
int hinge__logs_training_row(hinge_logs *logs, const hinge__training_src *src,
                             hinge_error *err);

/* The same for a soreness record (session, need_athlete and load_scale
 * unused). */
int hinge__logs_soreness_row(hinge_logs *logs, const hinge__training_src *src,
                             hinge_error *err);

/* Trimmed copy of a field (leading and trailing blanks dropped). */
const char *hinge__logs_str(hinge_logs *logs, const char *s, size_t n);

/* Case-insensitive comparison of a word (spaces and '-' read as '_')
 * with a lower-case key, over n bytes of s. */
int hinge__word_eq(const char *s, size_t n, const char *key);

/* Levenshtein distance of a and b, ASCII case ignored; any value above
 * cap is reported as cap + 1 (a cut-off for "close enough"). */
size_t hinge__edit_distance(const char *a, const char *b, size_t cap);

/* Athlete names: equal / ordered ignoring ASCII case, with a run of blanks
 * as one space (stored names are trimmed). */
int hinge__name_cmp(const char *a, const char *b);
#define hinge__name_eq(a, b) (hinge__name_cmp((a), (b)) == 0)

/* A warning "file:line:col: message" added to logs (file may be NULL, line
 * and col 0); HINGE_OK or HINGE_ENOMEM. */
int hinge__logs_warnf(hinge_logs *logs, const char *file, long line, long col,
                      const char *fmt, ...) HINGE__PRINTF(5, 6);

/* ---- exercises.c ---------------------------------------------------------- */

/* Regions a named exercise loads, as a NULL-terminated static list
 * (lower-case words); an exercise not in hinge's table loads "full_body"
 * only.  *deadlift is set when the exercise is a deadlift variant. */
const char *const *hinge__exercise_regions(const char *exercise, int *deadlift);
/* Whether some exercise of the map loads region. */
int hinge__region_known(const char *region);
/* The region a normalised word names (a region name or an alias), or NULL
 * when hinge does not know it; static strings. */
const char *hinge__region_canonical(const char *word);
/* The known region closest to word (by edit distance over names and
 * aliases), for "did you mean" warnings. */
const char *hinge__region_closest(const char *word);

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
