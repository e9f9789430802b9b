/*
 * findings.c -- combining one athlete's findings into a verdict, sorted
 * findings and distinct suggestions.  The combining logic lives here only:
 * the built-in rules' findings and a coach's (hinge_assessment_add_finding)
 * go through the same list and are combined the same way.
 */
#include <string.h>

#include "recovery_internal.h"

static const char ready_suggestion[] = "No concerns in the logs: train as planned.";

#define RANK(v) hinge_verdict_rank((int)(v))

/* Stable order: most cautious first (hinge_verdict_rank); escalations
 * after fixed verdicts. */
static int before(const hinge_finding *a, const hinge_finding *b) {
  if (a->verdict != b->verdict) return RANK(a->verdict) > RANK(b->verdict);
  return !a->escalate && b->escalate;
}

/* One step more cautious, never past rest on its own. */
static hinge_verdict step(hinge_verdict v) {
  switch (v) {
  case HINGE_VERDICT_READY: return HINGE_VERDICT_REDUCE;
  case HINGE_VERDICT_UNKNOWN: return HINGE_VERDICT_REDUCE;
  case HINGE_VERDICT_REDUCE: return HINGE_VERDICT_REST;
  default: return v;
  }
}

static void sort_findings(hinge_finding *f, size_t n) {
  size_t i, j;
  for (i = 1; i < n; i++) {
    hinge_finding t = f[i];
    for (j = i; j > 0 && before(&t, &f[j - 1]); j--) f[j] = f[j - 1];
    f[j] = t;
  }
}

/* The verdict: the most cautious fixed finding (unknown above ready,
 * below reduce), then one step per escalation, which never goes past rest
 * on its own (sleep alone does not make a case for a clinician). */
static hinge_verdict combine(hinge_finding *raw, size_t n) {
  hinge_verdict v = HINGE_VERDICT_READY;
  size_t i;
  for (i = 0; i < n; i++)
    if (!raw[i].escalate && RANK(raw[i].verdict) > RANK(v)) v = raw[i].verdict;
  for (i = 0; i < n; i++) {
    if (!raw[i].escalate) continue;
    v = step(v);
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

int hinge__findings_combine(hinge__findings *list, hinge__combined *c,
                            hinge_athlete_result *res) {
  size_t n = list->n;
  if (HINGE__GROW(list->alloc, c->sorted, c->capsorted, n + 1) ||
      HINGE__GROW(list->alloc, c->sugg, c->capsugg, n + 1))
    return HINGE_ENOMEM;
  res->verdict = combine(list->items, n);
  if (n > 0) memcpy(c->sorted, list->items, n * sizeof *c->sorted);
  sort_findings(c->sorted, n);
  res->findings = c->sorted;
  res->nfindings = n;
  res->nsuggestions = dedup_suggestions(c->sorted, n, c->sugg);
  if (res->nsuggestions == 0 && res->verdict == HINGE_VERDICT_READY)
    c->sugg[res->nsuggestions++] = ready_suggestion;
  res->suggestions = c->sugg;
  return HINGE_OK;
}

void hinge__combined_free(const hinge_allocator *a, hinge__combined *c) {
  hinge__free(a, c->sorted, c->capsorted * sizeof *c->sorted);
  hinge__free(a, (void *)c->sugg, c->capsugg * sizeof *c->sugg);
  c->sorted = NULL;
  c->sugg = NULL;
  c->capsorted = c->capsugg = 0;
}
