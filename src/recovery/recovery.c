/*
 * recovery.c -- the assessment: per athlete, it builds the context
 * (context.c: entries up to the assessed day, episodes, load), runs the
 * rules on it (rules.c), and hands the findings list to findings.c to
 * combine.  Findings from outside (a coach's Lua rule) come in through
 * hinge_assessment_add_finding and go through the same list and combining.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recovery_internal.h"

typedef struct slot {
  hinge_athlete_result res;
  hinge__findings raw;  /* findings in the order they were made */
  hinge__combined comb;
  hinge_episode *episodes;
  size_t capepisodes;
} slot;

struct hinge_assessment {
  const hinge_allocator *alloc;
  hinge__spool pool;
  long on;
  hinge_recovery_config cfg;
  slot *slots;
  size_t n;
  const char **warn;
  size_t nwarn, capwarn;
};

static const char *const verdict_names[HINGE_VERDICT_COUNT] = {
  "ready", "reduce", "rest", "see_professional", "urgent_care", "unknown"
};

const char *hinge_verdict_name(int v) {
  return v >= 0 && v < HINGE_VERDICT_COUNT ? verdict_names[v] : "unknown";
}

int hinge_verdict_rank(int v) {
  if (v == HINGE_VERDICT_UNKNOWN) return 1;
  if (v == HINGE_VERDICT_READY) return 0;
  return v > 0 && v < HINGE_VERDICT_UNKNOWN ? v + 1 : -1;
}

void hinge_recovery_options_init(hinge_recovery_options *o) {
  if (o == NULL) return;
  o->on = HINGE_DAY_NONE;
  o->today = HINGE_DAY_NONE;
  o->athlete = NULL;
  o->config = NULL;
}

int hinge_verdict_parse(const char *s, hinge_verdict *out) {
  int v;
  for (v = 0; s != NULL && v < HINGE_VERDICT_COUNT; v++)
    if (strcmp(s, verdict_names[v]) == 0) {
      if (out != NULL) *out = (hinge_verdict)v;
      return HINGE_OK;
    }
  return HINGE_EPARSE;
}

const char *hinge_trajectory_name(int t) {
  static const char *const names[] = {"new", "worsening", "stable", "improving", "resolved"};
  return t >= 0 && t <= HINGE_TRAJ_RESOLVED ? names[t] : "unknown";
}

int hinge_assessment_add_finding(hinge_assessment *a, size_t i, const hinge_finding *f,
                                 hinge_error *err) {
  hinge_finding c;
  slot *s;
  if (a == NULL || f == NULL || i >= a->n || f->rule == NULL || f->rule[0] == '\0' ||
      f->message == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "add_finding: an athlete index, a rule id and a message are needed");
  if ((int)f->verdict < 0 || (int)f->verdict >= HINGE_VERDICT_COUNT)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "add_finding: bad verdict %d",
                       (int)f->verdict);
  c = *f;
  c.escalate = f->escalate != 0;
  s = &a->slots[i];
  if (hinge__findings_add(&s->raw, &c) != HINGE_OK ||
      hinge__findings_combine(&s->raw, &s->comb, &s->res) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  return HINGE_OK;
}

/* ---- Accessors ------------------------------------------------------------ */

long hinge_assessment_on(const hinge_assessment *a) { return a ? a->on : HINGE_DAY_NONE; }
size_t hinge_assessment_count(const hinge_assessment *a) { return a ? a->n : 0; }

const hinge_athlete_result *hinge_assessment_athlete(const hinge_assessment *a, size_t i) {
  return a && i < a->n ? &a->slots[i].res : NULL;
}

const hinge_recovery_config *hinge_assessment_config(const hinge_assessment *a) {
  return a ? &a->cfg : NULL;
}

size_t hinge_assessment_warning_count(const hinge_assessment *a) { return a ? a->nwarn : 0; }

const char *hinge_assessment_warning(const hinge_assessment *a, size_t i) {
  return a && i < a->nwarn ? a->warn[i] : NULL;
}

/* Add a warning to the assessment; HINGE_OK or HINGE_ENOMEM. */
static int warnf(hinge_assessment *a, const char *fmt, ...) HINGE__PRINTF(2, 3);
static int warnf(hinge_assessment *a, const char *fmt, ...) {
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX];
  va_list ap;
  const char *s;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (HINGE__GROW(a->alloc, a->warn, a->capwarn, a->nwarn + 1) != HINGE_OK) return HINGE_ENOMEM;
  if ((s = hinge__spool_dup(&a->pool, buf, strlen(buf))) == NULL) return HINGE_ENOMEM;
  a->warn[a->nwarn++] = s;
  return HINGE_OK;
}

void hinge_assessment_destroy(hinge_assessment *a) {
  size_t i;
  if (a == NULL) return;
  for (i = 0; i < a->n; i++) {
    slot *s = &a->slots[i];
    hinge__findings_free(&s->raw);
    hinge__combined_free(a->alloc, &s->comb);
    hinge__free(a->alloc, s->episodes, s->capepisodes * sizeof *s->episodes);
  }
  hinge__free(a->alloc, a->slots, (a->n ? a->n : 1) * sizeof *a->slots); /* as allocated */
  hinge__free(a->alloc, (void *)a->warn, a->capwarn * sizeof *a->warn);
  hinge__spool_free(&a->pool);
  hinge__free(a->alloc, a, sizeof *a);
}

/* ---- Athletes and the assessed day ---------------------------------------- */

/* "today" as given: 0 and HINGE_DAY_NONE mean none (docs: positional
 * initialisers of the options leave it 0). */
static long today_of(const hinge_recovery_options *o) {
  return o == NULL || o->today == 0 ? HINGE_DAY_NONE : o->today;
}

static int not_after(long day, long limit) { return limit == HINGE_DAY_NONE || day <= limit; }

/* The latest entry day not after limit (HINGE_DAY_NONE = any). */
static long latest_day(const hinge_logs *logs, long limit) {
  long on = HINGE_DAY_NONE;
  size_t i;
  for (i = 0; i < logs->nsore; i++)
    if (logs->sore[i].day > on && not_after(logs->sore[i].day, limit)) on = logs->sore[i].day;
  for (i = 0; i < logs->ntrain; i++)
    if (logs->train[i].day > on && not_after(logs->train[i].day, limit)) on = logs->train[i].day;
  for (i = 0; i < logs->nana; i++)
    if (logs->ana[i].day > on && not_after(logs->ana[i].day, limit)) on = logs->ana[i].day;
  return on;
}

/* A name with its position in the logs (soreness, training, analysis),
 * so the first spelling of an athlete is the one shown. */
typedef struct name_at {
  const char *name;
  size_t order;
} name_at;

/* By name as matched, then by exact spelling, then by position. */
static int by_name(const void *pa, const void *pb) {
  const name_at *a = pa, *b = pb;
  int c = hinge__name_cmp(a->name, b->name);
  if (c) return c;
  if ((c = strcmp(a->name, b->name)) != 0) return c;
  return a->order < b->order ? -1 : a->order > b->order;
}

static size_t names_cap(const hinge_logs *logs) {
  size_t total = logs->nsore + logs->ntrain + logs->nana;
  return total ? total : 1;
}

/* Every named entry up to on, sorted by_name; *unnamed is set when
 * training entries name nobody. */
static int collect_names(const hinge_logs *logs, long on, name_at **out, size_t *n,
                         int *unnamed) {
  size_t i, k = 0;
  name_at *names = hinge__malloc(logs->alloc, names_cap(logs) * sizeof *names);
  if (names == NULL) return HINGE_ENOMEM;
  *unnamed = 0;
  for (i = 0; i < logs->nsore; i++)
    if (logs->sore[i].day <= on) names[k].name = logs->sore[i].athlete, names[k].order = i, k++;
  for (i = 0; i < logs->ntrain; i++) {
    if (logs->train[i].day > on) continue;
    if (logs->train[i].athlete[0] == '\0') *unnamed = 1;
    else names[k].name = logs->train[i].athlete, names[k].order = logs->nsore + i, k++;
  }
  for (i = 0; i < logs->nana; i++)
    if (logs->ana[i].day <= on)
      names[k].name = logs->ana[i].athlete, names[k].order = logs->nsore + logs->ntrain + i, k++;
  if (k > 1) qsort(names, k, sizeof *names, by_name);
  *out = names;
  *n = k;
  return HINGE_OK;
}

/* The first spelling (lowest position) of the run names[i..j-1] of one
 * athlete; each other spelling (runs of equal text, by_name) is warned
 * about once. */
static int first_spelling(hinge_assessment *a, const name_at *names, size_t i, size_t j,
                          const char **first) {
  size_t k, best = i;
  for (k = i + 1; k < j; k++)
    if (names[k].order < names[best].order) best = k;
  *first = names[best].name;
  for (k = i; a != NULL && k < j; k++)
    if ((k == i || strcmp(names[k].name, names[k - 1].name) != 0) &&
        strcmp(names[k].name, *first) != 0 &&
        warnf(a, "athlete '%s' is read as '%s' (names match ignoring case and blanks; the "
                 "first spelling is shown)", names[k].name, *first) != HINGE_OK)
      return HINGE_ENOMEM;
  return HINGE_OK;
}

#define MAX_NEAR_CHECK 1000

/* Names an edit or two apart (two only from 6 letters on) are warned
 * about: they are kept apart. */
static int warn_near(hinge_assessment *a, const char **names, size_t n) {
  size_t i, m;
  if (n > MAX_NEAR_CHECK)
    return warnf(a, "%zu athletes: names were not checked for near-duplicates (more than %d)",
                 n, MAX_NEAR_CHECK);
  for (i = 0; i < n; i++)
    for (m = i + 1; m < n; m++) {
      size_t len = strlen(names[i]) < strlen(names[m]) ? strlen(names[i]) : strlen(names[m]);
      size_t d = hinge__edit_distance(names[i], names[m], 2);
      if ((d == 1 || (d == 2 && len >= 6)) &&
          warnf(a, "athletes '%s' and '%s' have nearly the same name: if they are one "
                   "person, write the name one way in every log", names[i], names[m]) != HINGE_OK)
        return HINGE_ENOMEM;
    }
  return HINGE_OK;
}

/* Distinct athletes (first spellings) into out[0..*n-1], sorted; other
 * spellings and near-duplicates are warned about on a. */
static int distinct_names(hinge_assessment *a, name_at *names, size_t k, const char **out,
                          size_t *n) {
  size_t i, j;
  for (i = 0, *n = 0; i < k; i = j) {
    for (j = i + 1; j < k && hinge__name_eq(names[j].name, names[i].name); j++) continue;
    if (first_spelling(a, names, i, j, &out[*n]) != HINGE_OK) return HINGE_ENOMEM;
    (*n)++;
  }
  return warn_near(a, out, *n);
}

/* Keep only `only` (when given, matched as names are) among the athletes. */
static int pick_athletes(const char **names, size_t *n, int unnamed, const char *only,
                         hinge_error *err) {
  size_t i;
  if (only != NULL) {
    for (i = 0; i < *n && !hinge__name_eq(names[i], only); i++) continue;
    if (i == *n && !unnamed)
      return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "no entries for athlete '%s'", only);
    names[0] = i < *n ? names[i] : only;
    *n = 1;
    return HINGE_OK;
  }
  if (unnamed && *n != 1)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       *n == 0 ? "the training log names no athlete (a Strong export has no "
                                 "athlete column): name the athlete (--athlete NAME; "
                                 "Lua: athlete = NAME)"
                               : "the training log names no athlete and the logs hold "
                                 "several: choose one athlete (--athlete NAME; Lua: "
                                 "athlete = NAME)");
  if (*n == 0) return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "the logs hold no entries");
  return HINGE_OK;
}

/* ---- Entries after the assessed day ----------------------------------------- */

#define MAX_LATER_WARNINGS 20

/* Entries after the assessed day: one warning each (up to
 * MAX_LATER_WARNINGS, then their count) when the day was found from the
 * logs, for those are dated after today; one summary naming the first
 * when the caller asked for the day (looking back is not a mistake). */
typedef struct later {
  hinge_assessment *a;
  size_t n;
  int summary;
  char first[HINGE_ERROR_FILE_MAX + 64];
} later;

static int later_one(later *l, const char *what, const char *file, long line, long day) {
  char d[HINGE_DATE_BUF], on[HINGE_DATE_BUF], at[HINGE_ERROR_FILE_MAX + 32];
  if (l->n++ >= (l->summary ? 1 : MAX_LATER_WARNINGS)) return HINGE_OK;
  hinge_day_format(day, d);
  hinge_day_format(l->a->on, on);
  at[0] = '\0';
  if (file != NULL && file[0] != '\0')
    snprintf(at, sizeof at, line > 0 ? "%s:%ld: " : "%s: ", file, line);
  if (l->summary) {
    snprintf(l->first, sizeof l->first, "%s%s dated %s", at, what, d);
    return HINGE_OK;
  }
  return warnf(l->a, "%s%s dated %s is after the assessment day %s: left out", at, what, d, on);
}

static int warn_later(hinge_assessment *a, const hinge_logs *logs, int summary) {
  char on[HINGE_DATE_BUF];
  later l;
  size_t i;
  int rc = HINGE_OK;
  l.a = a;
  l.n = 0;
  l.summary = summary;
  for (i = 0; rc == HINGE_OK && i < logs->nsore; i++)
    if (logs->sore[i].day > a->on)
      rc = later_one(&l, "soreness entry", logs->sore[i].file, logs->sore[i].line, logs->sore[i].day);
  for (i = 0; rc == HINGE_OK && i < logs->ntrain; i++)
    if (logs->train[i].day > a->on)
      rc = later_one(&l, "training entry", logs->train[i].file, logs->train[i].line,
                     logs->train[i].day);
  for (i = 0; rc == HINGE_OK && i < logs->nana; i++)
    if (logs->ana[i].day > a->on) rc = later_one(&l, "analysis", logs->ana[i].file, 0, logs->ana[i].day);
  hinge_day_format(a->on, on);
  if (rc == HINGE_OK && summary && l.n > 0)
    rc = warnf(a, "%zu entr%s after the assessment day %s left out (the first: %s)", l.n,
               l.n == 1 ? "y" : "ies", on, l.first);
  else if (rc == HINGE_OK && l.n > MAX_LATER_WARNINGS)
    rc = warnf(a, "... and %zu more entries after the assessment day %s: left out",
               l.n - MAX_LATER_WARNINGS, on);
  return rc;
}

/* ---- The assessment ------------------------------------------------------- */

/* The context's results the athlete's result shows: episodes (taken over
 * by the slot) and load. */
static void take_context(slot *s, hinge__ctx *c) {
  s->episodes = c->episodes;
  s->capepisodes = c->cepisodes;
  s->res.episodes = c->episodes;
  s->res.nepisodes = c->nepisodes;
  c->episodes = NULL;
  c->cepisodes = 0;
  s->res.load_first_day = c->load_first_day;
  if (c->has_load) {
    s->res.load_basis = c->basis;
    s->res.load = c->load;
  }
}

static int assess_one(hinge_assessment *a, const hinge_logs *logs, size_t i,
                      const char *athlete, hinge_error *err) {
  slot *s = &a->slots[i];
  hinge__ctx c;
  int rc;
  memset(&c, 0, sizeof c);
  c.alloc = a->alloc;
  c.cfg = &a->cfg;
  c.on = a->on;
  c.athlete = athlete;
  c.findings = &s->raw;
  s->raw.alloc = a->alloc;
  s->raw.pool = &a->pool;
  s->res.load_first_day = HINGE_DAY_NONE;
  s->res.athlete = hinge__spool_dup(&a->pool, athlete, strlen(athlete));
  if (s->res.athlete == NULL) rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  else rc = hinge__ctx_build(&c, logs, &a->pool, err);
  if (rc == HINGE_OK) {
    rc = hinge__run_rules(&c, err); /* the rules read c.episodes: take them after */
    take_context(s, &c);
  }
  if (rc == HINGE_OK && hinge__findings_combine(&s->raw, &s->comb, &s->res) != HINGE_OK)
    rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  hinge__ctx_free(&c);
  return rc;
}

static hinge_assessment *new_assessment(const hinge_logs *logs, long on,
                                        const hinge_recovery_config *cfg, size_t n) {
  hinge_assessment *a = hinge__calloc(logs->alloc, 1, sizeof *a);
  if (a == NULL) return NULL;
  a->alloc = logs->alloc;
  a->pool.alloc = logs->alloc;
  a->on = on;
  a->cfg = *cfg;
  a->slots = hinge__calloc(logs->alloc, n ? n : 1, sizeof *a->slots);
  if (a->slots == NULL) {
    hinge__free(logs->alloc, a, sizeof *a);
    return NULL;
  }
  a->n = n;
  return a;
}

/* The assessed day: opts->on, else the latest entry day not after today. */
static int assessed_day(const hinge_logs *logs, const hinge_recovery_options *opts, long *on,
                        hinge_error *err) {
  char d[HINGE_DATE_BUF];
  long today = today_of(opts);
  *on = opts && opts->on != HINGE_DAY_NONE ? opts->on : latest_day(logs, today);
  if (*on != HINGE_DAY_NONE) return HINGE_OK;
  if (latest_day(logs, HINGE_DAY_NONE) == HINGE_DAY_NONE)
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "the logs hold no entries");
  return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0,
                     "every entry is dated after today (%s): check the dates, or give the "
                     "day to assess", hinge_day_format(today, d));
}

/* The athletes to assess into a new *out (slots sized), with the
 * warnings about names and later entries. */
static int setup(const hinge_logs *logs, const hinge_recovery_options *opts,
                 const hinge_recovery_config *cfg, long on, hinge_assessment **out,
                 hinge_error *err) {
  name_at *names = NULL;
  const char **distinct = NULL;
  size_t k = 0, n = 0;
  int rc, unnamed;
  hinge_assessment *a = new_assessment(logs, on, cfg, 0);
  if (a == NULL || collect_names(logs, on, &names, &k, &unnamed) != HINGE_OK ||
      (distinct = hinge__malloc(logs->alloc, names_cap(logs) * sizeof *distinct)) == NULL ||
      distinct_names(a, names, k, distinct, &n) != HINGE_OK ||
      warn_later(a, logs, opts != NULL && opts->on != HINGE_DAY_NONE) != HINGE_OK)
    rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  else rc = pick_athletes(distinct, &n, unnamed, opts ? opts->athlete : NULL, err);
  if (rc == HINGE_OK) {
    hinge__free(a->alloc, a->slots, sizeof *a->slots);
    a->slots = hinge__calloc(a->alloc, n ? n : 1, sizeof *a->slots);
    if (a->slots == NULL) rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
    else a->n = n;
  }
  for (k = 0; rc == HINGE_OK && k < n; k++) rc = assess_one(a, logs, k, distinct[k], err);
  if (names != NULL) hinge__free(logs->alloc, names, names_cap(logs) * sizeof *names);
  if (distinct != NULL) hinge__free(logs->alloc, (void *)distinct, names_cap(logs) * sizeof *distinct);
  if (rc != HINGE_OK) {
    if (a != NULL && a->slots == NULL) a->n = 0;
    hinge_assessment_destroy(a);
    a = NULL;
  }
  *out = a;
  return rc;
}

int hinge_recovery_assess(const hinge_logs *logs, const hinge_recovery_options *opts,
                          hinge_assessment **out, hinge_error *err) {
  hinge_recovery_config def;
  const hinge_recovery_config *cfg;
  long on;
  int rc;
  if (out == NULL || logs == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "assess: NULL argument");
  *out = NULL;
  hinge_recovery_config_init(&def);
  cfg = opts && opts->config ? opts->config : &def;
  if ((rc = hinge_recovery_config_check(cfg, err)) != HINGE_OK) return rc;
  if ((rc = assessed_day(logs, opts, &on, err)) != HINGE_OK) return rc;
  return setup(logs, opts, cfg, on, out, err);
}
