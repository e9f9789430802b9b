/*
 * recovery.c -- the assessment: per athlete, it builds the context
 * (context.c: entries up to the assessed day, episodes, load), runs the
 * rules on it (rules.c), and hands the findings list to findings.c to
 * combine.  Findings from outside (a coach's Lua rule) come in through
 * hinge_assessment_add_finding and go through the same list and combining.
 */
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
};

static const char *const verdict_names[HINGE_VERDICT_COUNT] = {
  "ready", "reduce", "rest", "see_professional", "urgent_care"
};

const char *hinge_verdict_name(int v) {
  return v >= 0 && v < HINGE_VERDICT_COUNT ? verdict_names[v] : "unknown";
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
  hinge__spool_free(&a->pool);
  hinge__free(a->alloc, a, sizeof *a);
}

/* ---- Athletes and the assessed day ---------------------------------------- */

static long latest_day(const hinge_logs *logs) {
  long on = HINGE_DAY_NONE;
  size_t i;
  for (i = 0; i < logs->nsore; i++) if (logs->sore[i].day > on) on = logs->sore[i].day;
  for (i = 0; i < logs->ntrain; i++) if (logs->train[i].day > on) on = logs->train[i].day;
  for (i = 0; i < logs->nana; i++) if (logs->ana[i].day > on) on = logs->ana[i].day;
  return on;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct named athletes with an entry up to on, sorted; *unnamed is set
 * when training entries name nobody. */
static size_t names_cap(const hinge_logs *logs) {
  size_t total = logs->nsore + logs->ntrain + logs->nana;
  return total ? total : 1;
}

static int list_athletes(const hinge_logs *logs, long on, const char ***out, size_t *n,
                         int *unnamed) {
  size_t i, k = 0;
  const char **names = hinge__malloc(logs->alloc, names_cap(logs) * sizeof *names);
  if (names == NULL) return HINGE_ENOMEM;
  *unnamed = 0;
  for (i = 0; i < logs->nsore; i++)
    if (logs->sore[i].day <= on) names[k++] = logs->sore[i].athlete;
  for (i = 0; i < logs->ntrain; i++) {
    if (logs->train[i].day > on) continue;
    if (logs->train[i].athlete[0] == '\0') *unnamed = 1;
    else names[k++] = logs->train[i].athlete;
  }
  for (i = 0; i < logs->nana; i++)
    if (logs->ana[i].day <= on) names[k++] = logs->ana[i].athlete;
  if (k > 1) qsort((void *)names, k, sizeof *names, by_name);
  for (i = 0, *n = 0; i < k; i++)
    if (*n == 0 || strcmp(names[*n - 1], names[i]) != 0) names[(*n)++] = names[i];
  *out = names;
  return HINGE_OK;
}

/* Keep only `only` (when given) among the athletes. */
static int pick_athletes(const char **names, size_t *n, int unnamed, const char *only,
                         hinge_error *err) {
  size_t i;
  if (only != NULL) {
    for (i = 0; i < *n && strcmp(names[i], only) != 0; i++) continue;
    if (i == *n && !unnamed)
      return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "no entries for athlete '%s'", only);
    names[0] = only;
    *n = 1;
    return HINGE_OK;
  }
  if (unnamed && *n != 1)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       *n == 0 ? "the training log names no athlete: give one"
                               : "the training log names no athlete and the logs hold "
                                 "several: choose one athlete");
  if (*n == 0) return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "the logs hold no entries");
  return HINGE_OK;
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

int hinge_recovery_assess(const hinge_logs *logs, const hinge_recovery_options *opts,
                          hinge_assessment **out, hinge_error *err) {
  hinge_recovery_config def;
  const hinge_recovery_config *cfg;
  const char **names = NULL;
  size_t n = 0, i;
  long on;
  int rc, unnamed;
  if (out == NULL || logs == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "assess: NULL argument");
  *out = NULL;
  hinge_recovery_config_init(&def);
  cfg = opts && opts->config ? opts->config : &def;
  if ((rc = hinge_recovery_config_check(cfg, err)) != HINGE_OK) return rc;
  on = opts && opts->on != HINGE_DAY_NONE ? opts->on : latest_day(logs);
  if (on == HINGE_DAY_NONE)
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "the logs hold no entries");
  if (list_athletes(logs, on, &names, &n, &unnamed) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  rc = pick_athletes(names, &n, unnamed, opts ? opts->athlete : NULL, err);
  if (rc == HINGE_OK && (*out = new_assessment(logs, on, cfg, n)) == NULL)
    rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  for (i = 0; rc == HINGE_OK && i < n; i++) rc = assess_one(*out, logs, i, names[i], err);
  hinge__free(logs->alloc, (void *)names, names_cap(logs) * sizeof *names);
  if (rc != HINGE_OK) {
    hinge_assessment_destroy(*out);
    *out = NULL;
  }
  return rc;
}
