/*
 * context.c -- one athlete's view for the rules: the entries up to the
 * assessed day sorted by day, training days, the latest soreness episode
 * of each region, load metrics, and the plain list of findings the rules
 * append to.  The assessment (recovery.c) builds it and runs the rules on
 * it; the rules see nothing else.  The same sorted entries are public as
 * hinge_athlete_view, so a coach's Lua rule reads what a built-in one does.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recovery_internal.h"

/* ---- The athlete's entries, by day ---------------------------------------- */

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
  return hinge__name_eq(name, athlete) || (unnamed_ok && name[0] == '\0');
}

void hinge__rows_free(const hinge_allocator *al, hinge__rows *r) {
  hinge__free(al, (void *)r->sore, r->csore * sizeof *r->sore);
  hinge__free(al, (void *)r->train, r->ctrain * sizeof *r->train);
  hinge__free(al, (void *)r->ana, r->cana * sizeof *r->ana);
  memset(r, 0, sizeof *r);
}

int hinge__rows_build(const hinge_logs *logs, const char *athlete, long on, hinge__rows *r) {
  const hinge_allocator *al = logs->alloc;
  size_t i;
  memset(r, 0, sizeof *r);
  r->csore = logs->nsore + 1;
  r->ctrain = logs->ntrain + 1;
  r->cana = logs->nana + 1;
  r->sore = hinge__malloc(al, r->csore * sizeof *r->sore);
  r->train = hinge__malloc(al, r->ctrain * sizeof *r->train);
  r->ana = hinge__malloc(al, r->cana * sizeof *r->ana);
  if (!r->sore || !r->train || !r->ana) return HINGE_ENOMEM;
  for (i = 0; i < logs->nsore; i++)
    if (logs->sore[i].day <= on && is_athlete(logs->sore[i].athlete, athlete, 0))
      r->sore[r->nsore++] = &logs->sore[i];
  for (i = 0; i < logs->ntrain; i++)
    if (logs->train[i].day <= on && is_athlete(logs->train[i].athlete, athlete, 1))
      r->train[r->ntrain++] = &logs->train[i];
  for (i = 0; i < logs->nana; i++)
    if (logs->ana[i].day <= on && is_athlete(logs->ana[i].athlete, athlete, 0))
      r->ana[r->nana++] = &logs->ana[i];
  qsort((void *)r->sore, r->nsore, sizeof *r->sore, by_day_sore);
  qsort((void *)r->train, r->ntrain, sizeof *r->train, by_day_train);
  qsort((void *)r->ana, r->nana, sizeof *r->ana, by_day_ana);
  return HINGE_OK;
}

/* ---- Training days -------------------------------------------------------- */

static void add_session(hinge__ctx *c, long day, int deadlift) {
  if (c->nsessions > 0 && c->sessions[c->nsessions - 1].day == day) {
    c->sessions[c->nsessions - 1].deadlift |= deadlift;
    return;
  }
  c->sessions[c->nsessions].day = day;
  c->sessions[c->nsessions++].deadlift = deadlift;
}

/* Distinct training days (training log and analyses merged by day). */
static int ctx_sessions(hinge__ctx *c) {
  const hinge__rows *r = &c->rows;
  size_t i = 0, j = 0;
  c->csessions = r->ntrain + r->nana + 1;
  c->sessions = hinge__malloc(c->alloc, c->csessions * sizeof *c->sessions);
  if (c->sessions == NULL) return HINGE_ENOMEM;
  while (i < r->ntrain || j < r->nana) {
    int dl = 0;
    if (j >= r->nana || (i < r->ntrain && r->train[i]->day <= r->ana[j]->day)) {
      hinge__exercise_regions(r->train[i]->exercise, &dl);
      add_session(c, r->train[i++]->day, dl);
    } else {
      add_session(c, r->ana[j++]->day, 1);
    }
  }
  return HINGE_OK;
}

static int has_region(const char *const *list, const char *region) {
  for (; *list != NULL; list++)
    if (strcmp(*list, region) == 0) return 1;
  return 0;
}

int hinge__loads_region(const hinge__ctx *ctx, long day, const char *region) {
  const hinge__rows *r = &ctx->rows;
  size_t i;
  int known = hinge__region_known(region);
  for (i = 0; i < r->ntrain; i++)
    if (r->train[i]->day == day &&
        (!known || has_region(hinge__exercise_regions(r->train[i]->exercise, NULL), region)))
      return 1;
  for (i = 0; i < r->nana; i++)
    if (r->ana[i]->day == day &&
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
    if (isnan(e->severity)) continue; /* a lenient row without one: no place in it */
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

/* Append the latest episode of the region of r[0..n-1], if any. */
static int region_episode(hinge__ctx *c, hinge__spool *pool,
                          const hinge_soreness_entry *const *r, size_t n) {
  hinge_episode ep;
  if (!latest_episode(r, n, c->cfg->episode_gap_days, &ep)) return HINGE_OK;
  ep.region = hinge__spool_dup(pool, r[0]->region, strlen(r[0]->region));
  ep.current = ep.trajectory != HINGE_TRAJ_RESOLVED && c->on - ep.last_day <= c->cfg->active_days;
  if (ep.region == NULL || HINGE__GROW(c->alloc, c->episodes, c->cepisodes, c->nepisodes + 1))
    return HINGE_ENOMEM;
  c->episodes[c->nepisodes++] = ep;
  return HINGE_OK;
}

static int ctx_episodes(hinge__ctx *c, hinge__spool *pool) {
  const hinge_soreness_entry **r;
  size_t i, j, n = c->rows.nsore;
  int rc = HINGE_OK;
  if (n == 0) return HINGE_OK;
  r = hinge__malloc(c->alloc, n * sizeof *r);
  if (r == NULL) return HINGE_ENOMEM;
  memcpy((void *)r, c->rows.sore, n * sizeof *r);
  qsort((void *)r, n, sizeof *r, by_region_sore);
  for (i = 0; i < n && rc == HINGE_OK; i = j) {
    for (j = i + 1; j < n && strcmp(r[j]->region, r[i]->region) == 0; j++) continue;
    rc = region_episode(c, pool, r + i, j - i);
  }
  hinge__free(c->alloc, (void *)r, n * sizeof *r);
  return rc;
}

/* ---- Load ------------------------------------------------------------------ */

static int ctx_load(const hinge_logs *logs, hinge__ctx *c, hinge_error *err) {
  double *daily;
  size_t n;
  long first;
  hinge_trainload_basis basis;
  hinge_trainload_metrics *m;
  int rc;
  if (c->rows.ntrain == 0) return HINGE_OK;
  rc = hinge_logs_daily_load(logs, c->athlete, c->on, &daily, &n, &first, &basis, err);
  if (rc != HINGE_OK) return rc;
  m = hinge__malloc(logs->alloc, n * sizeof *m);
  rc = m == NULL ? hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory")
                 : hinge_trainload_compute(daily, n, &c->cfg->load, m, err);
  if (rc == HINGE_OK) {
    c->has_load = 1;
    c->basis = basis;
    c->load = m[n - 1];
    c->load_first_day = first;
  }
  hinge__free(logs->alloc, m, n * sizeof *m);
  hinge_logs_free_daily(logs, daily, n);
  return rc;
}

/* ---- The whole context ------------------------------------------------------ */

int hinge__ctx_build(hinge__ctx *c, const hinge_logs *logs, hinge__spool *pool,
                     hinge_error *err) {
  int rc = hinge__rows_build(logs, c->athlete, c->on, &c->rows);
  c->load_first_day = HINGE_DAY_NONE;
  if (rc == HINGE_OK) rc = ctx_sessions(c);
  if (rc == HINGE_OK) rc = ctx_episodes(c, pool);
  if (rc != HINGE_OK) return hinge__fail(err, rc, NULL, 0, 0, "out of memory");
  return ctx_load(logs, c, err);
}

void hinge__ctx_free(hinge__ctx *c) {
  hinge__rows_free(c->alloc, &c->rows);
  hinge__free(c->alloc, c->sessions, c->csessions * sizeof *c->sessions);
  hinge__free(c->alloc, c->episodes, c->cepisodes * sizeof *c->episodes);
  c->sessions = NULL;
  c->episodes = NULL;
}

/* ---- Findings --------------------------------------------------------------- */

static const char *pool_dup(hinge__spool *p, const char *s) {
  return s == NULL ? NULL : hinge__spool_dup(p, s, strlen(s));
}

int hinge__findings_add(hinge__findings *l, const hinge_finding *f) {
  hinge_finding c = *f;
  if (HINGE__GROW(l->alloc, l->items, l->cap, l->n + 1)) return HINGE_ENOMEM;
  c.rule = pool_dup(l->pool, f->rule);
  c.message = pool_dup(l->pool, f->message);
  c.region = pool_dup(l->pool, f->region);
  c.suggestion = pool_dup(l->pool, f->suggestion);
  c.source = pool_dup(l->pool, f->source);
  if (c.rule == NULL || c.message == NULL || (f->region && !c.region) ||
      (f->suggestion && !c.suggestion) || (f->source && !c.source))
    return HINGE_ENOMEM;
  l->items[l->n++] = c;
  return HINGE_OK;
}

void hinge__findings_free(hinge__findings *l) {
  hinge__free(l->alloc, l->items, l->cap * sizeof *l->items);
  l->items = NULL;
  l->n = l->cap = 0;
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
  return hinge__findings_add(ctx->findings, &f);
}

/* ---- The public view ---------------------------------------------------------- */

struct hinge_athlete_view {
  const hinge_allocator *alloc;
  hinge__rows rows;
};

int hinge_athlete_view_create(const hinge_logs *logs, const char *athlete, long on,
                              hinge_athlete_view **out, hinge_error *err) {
  hinge_athlete_view *v;
  if (out == NULL || logs == NULL || athlete == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "athlete view: NULL argument");
  *out = NULL;
  v = hinge__calloc(logs->alloc, 1, sizeof *v);
  if (v == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  v->alloc = logs->alloc;
  if (hinge__rows_build(logs, athlete, on, &v->rows) != HINGE_OK) {
    hinge_athlete_view_destroy(v);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  }
  *out = v;
  return HINGE_OK;
}

void hinge_athlete_view_destroy(hinge_athlete_view *v) {
  if (v == NULL) return;
  hinge__rows_free(v->alloc, &v->rows);
  hinge__free(v->alloc, v, sizeof *v);
}

size_t hinge_athlete_view_soreness_count(const hinge_athlete_view *v) {
  return v ? v->rows.nsore : 0;
}
const hinge_soreness_entry *hinge_athlete_view_soreness(const hinge_athlete_view *v, size_t i) {
  return v && i < v->rows.nsore ? v->rows.sore[i] : NULL;
}
size_t hinge_athlete_view_training_count(const hinge_athlete_view *v) {
  return v ? v->rows.ntrain : 0;
}
const hinge_training_entry *hinge_athlete_view_training(const hinge_athlete_view *v, size_t i) {
  return v && i < v->rows.ntrain ? v->rows.train[i] : NULL;
}
size_t hinge_athlete_view_analysis_count(const hinge_athlete_view *v) {
  return v ? v->rows.nana : 0;
}
const hinge_analysis_entry *hinge_athlete_view_analysis(const hinge_athlete_view *v, size_t i) {
  return v && i < v->rows.nana ? v->rows.ana[i] : NULL;
}
