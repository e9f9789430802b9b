/*
 * recovery.c -- the assessment: per athlete, the reports, training and
 * analyses up to the assessed day, soreness episodes, load metrics, the
 * rules' findings (rules.c) and the verdict that combines them.  The
 * combining logic lives here only; findings from outside (a coach's Lua
 * rule) come in through hinge_assessment_add_finding and are combined the
 * same way.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recovery_internal.h"

typedef struct slot {
  hinge_athlete_result res;
  hinge_finding *raw;   /* findings in the order they were made */
  size_t nraw, capraw;
  hinge_finding *sorted;
  size_t capsorted;
  const char **sugg;
  size_t capsugg;
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
  return v >= 0 && v < HINGE_VERDICT_COUNT ? verdict_names[v] : "?";
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
  return t >= 0 && t <= HINGE_TRAJ_RESOLVED ? names[t] : "?";
}

/* ---- Combining findings --------------------------------------------------- */

static const char ready_suggestion[] = "No concerns in the logs: train as planned.";

/* Stable order: most severe first; escalations after fixed verdicts. */
static int before(const hinge_finding *a, const hinge_finding *b) {
  if (a->verdict != b->verdict) return a->verdict > b->verdict;
  return !a->escalate && b->escalate;
}

static void sort_findings(hinge_finding *f, size_t n) {
  size_t i, j;
  for (i = 1; i < n; i++) {
    hinge_finding t = f[i];
    for (j = i; j > 0 && before(&t, &f[j - 1]); j--) f[j] = f[j - 1];
    f[j] = t;
  }
}

/* The verdict: the most severe fixed finding, then one step per
 * escalation, which never goes past rest on its own (sleep alone does not
 * make a case for a clinician). */
static hinge_verdict combine(hinge_finding *raw, size_t n) {
  hinge_verdict v = HINGE_VERDICT_READY;
  size_t i;
  for (i = 0; i < n; i++)
    if (!raw[i].escalate && raw[i].verdict > v) v = raw[i].verdict;
  for (i = 0; i < n; i++) {
    if (!raw[i].escalate) continue;
    if (v < HINGE_VERDICT_REST) v = (hinge_verdict)(v + 1);
    raw[i].verdict = v;
  }
  return v;
}

static size_t dedup_suggestions(const hinge_finding *f, size_t n, const char **out) {
  size_t i, j, k = 0;
  for (i = 0; i < n; i++) {
    if (f[i].suggestion == NULL) continue;
    for (j = 0; j < k && strcmp(out[j], f[i].suggestion) != 0; j++) continue;
    if (j == k) out[k++] = f[i].suggestion;
  }
  return k;
}

static int recompute(const hinge_allocator *a, slot *s) {
  size_t n = s->nraw;
  if (hinge__grow_array(a, (void **)&s->sorted, &s->capsorted, n + 1, sizeof *s->sorted) ||
      hinge__grow_array(a, (void **)&s->sugg, &s->capsugg, n + 1, sizeof *s->sugg))
    return HINGE_ENOMEM;
  s->res.verdict = combine(s->raw, n);
  if (n > 0) memcpy(s->sorted, s->raw, n * sizeof *s->sorted);
  sort_findings(s->sorted, n);
  s->res.findings = s->sorted;
  s->res.nfindings = n;
  s->res.nsuggestions = dedup_suggestions(s->sorted, n, s->sugg);
  if (s->res.nsuggestions == 0 && s->res.verdict == HINGE_VERDICT_READY)
    s->sugg[s->res.nsuggestions++] = ready_suggestion;
  s->res.suggestions = s->sugg;
  return HINGE_OK;
}

static const char *pool_dup(hinge_assessment *a, const char *s) {
  return s == NULL ? NULL : hinge__spool_dup(&a->pool, s, strlen(s));
}

/* Append a copy of f to slot s (strings into the assessment's pool). */
static int push_finding(hinge_assessment *a, slot *s, const hinge_finding *f) {
  hinge_finding c = *f;
  if (hinge__grow_array(a->alloc, (void **)&s->raw, &s->capraw, s->nraw + 1, sizeof *s->raw))
    return HINGE_ENOMEM;
  c.rule = pool_dup(a, f->rule);
  c.message = pool_dup(a, f->message);
  c.region = pool_dup(a, f->region);
  c.suggestion = pool_dup(a, f->suggestion);
  c.source = pool_dup(a, f->source);
  if (c.rule == NULL || c.message == NULL || (f->region && !c.region) ||
      (f->suggestion && !c.suggestion) || (f->source && !c.source))
    return HINGE_ENOMEM;
  s->raw[s->nraw++] = c;
  return HINGE_OK;
}

int hinge__emit(hinge__ctx *ctx, const hinge_rule_info *rule, const char *region,
                hinge_verdict verdict, const char *suggestion, const char *fmt, ...) {
  char msg[1024];
  hinge_finding f;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (msg[0] >= 'a' && msg[0] <= 'z') msg[0] = (char)(msg[0] - 'a' + 'A');
  f.rule = rule->id;
  f.verdict = verdict;
  f.region = region;
  f.message = msg;
  f.suggestion = suggestion;
  f.source = rule->source;
  f.escalate = rule->escalate;
  return push_finding(ctx->assessment, ctx->slot, &f);
}

int hinge_assessment_add_finding(hinge_assessment *a, size_t i, const hinge_finding *f,
                                 hinge_error *err) {
  hinge_finding c;
  if (a == NULL || f == NULL || i >= a->n || f->rule == NULL || f->rule[0] == '\0' ||
      f->message == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "add_finding: an athlete index, a rule id and a message are needed");
  if ((int)f->verdict < 0 || (int)f->verdict >= HINGE_VERDICT_COUNT)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "add_finding: bad verdict %d",
                       (int)f->verdict);
  c = *f;
  c.escalate = f->escalate != 0;
  if (push_finding(a, &a->slots[i], &c) != HINGE_OK ||
      recompute(a->alloc, &a->slots[i]) != HINGE_OK)
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
    hinge__free(a->alloc, s->raw, s->capraw * sizeof *s->raw);
    hinge__free(a->alloc, s->sorted, s->capsorted * sizeof *s->sorted);
    hinge__free(a->alloc, (void *)s->sugg, s->capsugg * sizeof *s->sugg);
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

/* ---- One athlete's context -------------------------------------------------- */

/* By day, then by position in the log (entries share one array). */
static int by_day_sore(const void *pa, const void *pb) {
  const hinge_soreness_entry *a = *(const hinge_soreness_entry *const *)pa;
  const hinge_soreness_entry *b = *(const hinge_soreness_entry *const *)pb;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  return a < b ? -1 : a > b;
}

static int by_region_sore(const void *pa, const void *pb) {
  const hinge_soreness_entry *a = *(const hinge_soreness_entry *const *)pa;
  const hinge_soreness_entry *b = *(const hinge_soreness_entry *const *)pb;
  int c = strcmp(a->region, b->region);
  return c ? c : by_day_sore(pa, pb);
}

static int by_day_train(const void *pa, const void *pb) {
  const hinge_training_entry *a = *(const hinge_training_entry *const *)pa;
  const hinge_training_entry *b = *(const hinge_training_entry *const *)pb;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  return a < b ? -1 : a > b;
}

static int by_day_ana(const void *pa, const void *pb) {
  const hinge_analysis_entry *a = *(const hinge_analysis_entry *const *)pa;
  const hinge_analysis_entry *b = *(const hinge_analysis_entry *const *)pb;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  return a < b ? -1 : a > b;
}

static int is_athlete(const char *name, const char *athlete, int unnamed_ok) {
  return strcmp(name, athlete) == 0 || (unnamed_ok && name[0] == '\0');
}

/* Temporary arrays of one athlete's context, freed by ctx_free. */
typedef struct scratch {
  size_t csore, ctrain, cana, csess;
} scratch;

static void ctx_free(const hinge_allocator *al, hinge__ctx *c, scratch *s) {
  hinge__free(al, (void *)c->sore, s->csore * sizeof *c->sore);
  hinge__free(al, (void *)c->train, s->ctrain * sizeof *c->train);
  hinge__free(al, (void *)c->ana, s->cana * sizeof *c->ana);
  hinge__free(al, c->sessions, s->csess * sizeof *c->sessions);
}

static int ctx_entries(const hinge_logs *logs, hinge__ctx *c, scratch *s) {
  const hinge_allocator *al = logs->alloc;
  size_t i;
  s->csore = logs->nsore + 1;
  s->ctrain = logs->ntrain + 1;
  s->cana = logs->nana + 1;
  s->csess = logs->ntrain + logs->nana + 1;
  c->sore = hinge__malloc(al, s->csore * sizeof *c->sore);
  c->train = hinge__malloc(al, s->ctrain * sizeof *c->train);
  c->ana = hinge__malloc(al, s->cana * sizeof *c->ana);
  c->sessions = hinge__malloc(al, s->csess * sizeof *c->sessions);
  if (!c->sore || !c->train || !c->ana || !c->sessions) return HINGE_ENOMEM;
  for (i = 0; i < logs->nsore; i++)
    if (logs->sore[i].day <= c->on && is_athlete(logs->sore[i].athlete, c->athlete, 0))
      c->sore[c->nsore++] = &logs->sore[i];
  for (i = 0; i < logs->ntrain; i++)
    if (logs->train[i].day <= c->on && is_athlete(logs->train[i].athlete, c->athlete, 1))
      c->train[c->ntrain++] = &logs->train[i];
  for (i = 0; i < logs->nana; i++)
    if (logs->ana[i].day <= c->on && is_athlete(logs->ana[i].athlete, c->athlete, 0))
      c->ana[c->nana++] = &logs->ana[i];
  qsort((void *)c->sore, c->nsore, sizeof *c->sore, by_day_sore);
  qsort((void *)c->train, c->ntrain, sizeof *c->train, by_day_train);
  qsort((void *)c->ana, c->nana, sizeof *c->ana, by_day_ana);
  return HINGE_OK;
}

static void add_session(hinge__ctx *c, long day, int deadlift) {
  if (c->nsessions > 0 && c->sessions[c->nsessions - 1].day == day) {
    c->sessions[c->nsessions - 1].deadlift |= deadlift;
    return;
  }
  c->sessions[c->nsessions].day = day;
  c->sessions[c->nsessions++].deadlift = deadlift;
}

/* Distinct training days (training log and analyses merged by day). */
static void ctx_sessions(hinge__ctx *c) {
  size_t i = 0, j = 0;
  while (i < c->ntrain || j < c->nana) {
    int dl = 0;
    if (j >= c->nana || (i < c->ntrain && c->train[i]->day <= c->ana[j]->day)) {
      hinge__exercise_regions(c->train[i]->exercise, &dl);
      add_session(c, c->train[i++]->day, dl);
    } else {
      add_session(c, c->ana[j++]->day, 1);
    }
  }
}

static int has_region(const char *const *list, const char *region) {
  for (; *list != NULL; list++)
    if (strcmp(*list, region) == 0) return 1;
  return 0;
}

int hinge__loads_region(const hinge__ctx *ctx, long day, const char *region) {
  size_t i;
  int known = hinge__region_known(region);
  for (i = 0; i < ctx->ntrain; i++)
    if (ctx->train[i]->day == day &&
        (!known || has_region(hinge__exercise_regions(ctx->train[i]->exercise, NULL), region)))
      return 1;
  for (i = 0; i < ctx->nana; i++)
    if (ctx->ana[i]->day == day &&
        (!known || has_region(hinge__exercise_regions("deadlift", NULL), region)))
      return 1;
  return 0;
}

/* ---- Episodes ------------------------------------------------------------- */

static void episode_start(hinge_episode *ep, const hinge_soreness_entry *e) {
  ep->onset = ep->peak_day = ep->last_day = e->day;
  ep->peak = ep->latest = e->severity;
  ep->reports = 1;
  ep->quality = e->quality;
  ep->trajectory = HINGE_TRAJ_NEW;
}

/* Fold report e into ep (prev: the severity reported before it). */
static void episode_add(hinge_episode *ep, const hinge_soreness_entry *e) {
  double prev = ep->latest;
  ep->reports++;
  ep->last_day = e->day;
  ep->latest = e->severity;
  ep->quality = e->quality;
  if (e->severity > ep->peak) {
    ep->peak = e->severity;
    ep->peak_day = e->day;
  }
  if (e->severity == 0) ep->trajectory = HINGE_TRAJ_RESOLVED;
  else if (e->severity > prev) ep->trajectory = HINGE_TRAJ_WORSENING;
  else if (e->severity < ep->peak) ep->trajectory = HINGE_TRAJ_IMPROVING;
  else ep->trajectory = HINGE_TRAJ_STABLE;
}

/* The latest episode among reports r[0..n-1] of one region, by day;
 * returns 0 when the region never had soreness above 0. */
static int latest_episode(const hinge_soreness_entry *const *r, size_t n, int gap,
                          hinge_episode *ep) {
  size_t i;
  int open = 0, any = 0;
  for (i = 0; i < n; i++) {
    const hinge_soreness_entry *e = r[i];
    if (open && e->day - ep->last_day > gap) open = 0; /* a long silence ends it */
    if (open) {
      episode_add(ep, e);
      open = e->severity > 0;
    } else if (e->severity > 0) {
      episode_start(ep, e);
      open = any = 1;
    }
  }
  return any;
}

static int ctx_episodes(hinge_assessment *a, slot *s, hinge__ctx *c) {
  const hinge_soreness_entry **r;
  size_t i, j;
  int rc = HINGE_OK;
  if (c->nsore == 0) return HINGE_OK;
  r = hinge__malloc(a->alloc, c->nsore * sizeof *r);
  if (r == NULL) return HINGE_ENOMEM;
  memcpy((void *)r, c->sore, c->nsore * sizeof *r);
  qsort((void *)r, c->nsore, sizeof *r, by_region_sore);
  for (i = 0; i < c->nsore && rc == HINGE_OK; i = j) {
    hinge_episode ep;
    for (j = i + 1; j < c->nsore && strcmp(r[j]->region, r[i]->region) == 0; j++) continue;
    if (!latest_episode(r + i, j - i, c->cfg->episode_gap_days, &ep)) continue;
    ep.region = pool_dup(a, r[i]->region);
    ep.current = ep.trajectory != HINGE_TRAJ_RESOLVED && c->on - ep.last_day <= c->cfg->active_days;
    rc = ep.region == NULL ? HINGE_ENOMEM
         : hinge__grow_array(a->alloc, (void **)&s->episodes, &s->capepisodes,
                             s->res.nepisodes + 1, sizeof *s->episodes);
    if (rc == HINGE_OK) s->episodes[s->res.nepisodes++] = ep;
  }
  hinge__free(a->alloc, (void *)r, c->nsore * sizeof *r);
  s->res.episodes = s->episodes;
  c->episodes = s->episodes;
  c->nepisodes = s->res.nepisodes;
  return rc;
}

/* ---- Load ------------------------------------------------------------------ */

static int ctx_load(const hinge_logs *logs, slot *s, hinge__ctx *c, hinge_error *err) {
  double *daily;
  size_t n;
  long first;
  hinge_trainload_basis basis;
  hinge_trainload_metrics *m;
  int rc;
  if (c->ntrain == 0) return HINGE_OK;
  rc = hinge_logs_daily_load(logs, c->athlete, c->on, &daily, &n, &first, &basis, err);
  if (rc != HINGE_OK) return rc;
  m = hinge__malloc(logs->alloc, n * sizeof *m);
  rc = m == NULL ? hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory")
                 : hinge_trainload_compute(daily, n, &c->cfg->load, m, err);
  if (rc == HINGE_OK) {
    c->has_load = 1;
    c->basis = s->res.load_basis = basis;
    c->load = s->res.load = m[n - 1];
    s->res.load_first_day = first;
  }
  hinge__free(logs->alloc, m, n * sizeof *m);
  hinge_logs_free_daily(logs, daily, n);
  return rc;
}

/* ---- The assessment ------------------------------------------------------- */

static int assess_one(hinge_assessment *a, const hinge_logs *logs, size_t i,
                      const char *athlete, hinge_error *err) {
  slot *s = &a->slots[i];
  hinge__ctx c;
  scratch sc;
  int rc;
  memset(&c, 0, sizeof c);
  memset(&sc, 0, sizeof sc);
  c.cfg = &a->cfg;
  c.on = a->on;
  c.athlete = athlete;
  c.slot = s;
  c.assessment = a;
  s->res.athlete = pool_dup(a, athlete);
  s->res.load_first_day = HINGE_DAY_NONE;
  if (s->res.athlete == NULL || ctx_entries(logs, &c, &sc) != HINGE_OK) {
    rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  } else {
    ctx_sessions(&c);
    rc = ctx_episodes(a, s, &c);
    if (rc != HINGE_OK) rc = hinge__fail(err, rc, NULL, 0, 0, "out of memory");
    if (rc == HINGE_OK) rc = ctx_load(logs, s, &c, err);
    if (rc == HINGE_OK) rc = hinge__run_rules(&c, err);
    if (rc == HINGE_OK && recompute(a->alloc, s) != HINGE_OK)
      rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  }
  ctx_free(logs->alloc, &c, &sc);
  return rc;
}

static int check_config(const hinge_recovery_config *c, hinge_error *err) {
  size_t i;
  hinge_recovery_config copy = *c;
  /* Every field must be in its domain: set each to itself. */
  for (i = 0; i < hinge_recovery_config_count(); i++) {
    double v;
    int rc;
    hinge_recovery_config_get(c, hinge_recovery_config_name(i), &v);
    if ((rc = hinge_recovery_config_set(&copy, hinge_recovery_config_name(i), v, err)))
      return rc;
  }
  if (c->doms_min_days > c->doms_max_days)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "threshold doms_min_days must not exceed doms_max_days");
  return HINGE_OK;
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
  hinge_recovery_config_default(&def);
  cfg = opts && opts->config ? opts->config : &def;
  if ((rc = check_config(cfg, err)) != HINGE_OK) return rc;
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
