/*
 * table.c -- the session table itself: its mutators (owned strings,
 * warnings), destroy and accessors.  The loader (table_load.c) and the
 * schema (schema.c) build a table through these; this file calls neither,
 * so the three make a line, not a ring: table_load -> schema -> table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/internal.h"
#include "table_internal.h"

/* ---- mutators shared with the loader and the schema ---- */

int hinge__table_setstr(hinge_table *t, char **slot, const char *s, size_t len) {
  const char *nul = memchr(s, '\0', len);
  char *d;
  if (nul != NULL) len = (size_t)(nul - s);
  d = hinge__malloc(t->alloc, len + 1);
  if (d == NULL) return HINGE_ENOMEM;
  if (len) memcpy(d, s, len);
  d[len] = '\0';
  hinge__strfree(t->alloc, *slot);
  *slot = d;
  return HINGE_OK;
}

static hinge_warning *find_warning(hinge_table *t, const char *kind, long column) {
  size_t i;
  for (i = 0; i < t->nwarn; i++)
    if (strcmp(t->warn[i].kind, kind) == 0 && t->warn[i].column == column) return &t->warn[i];
  return NULL;
}

int hinge__table_warn(hinge_table *t, const char *kind, long line, long column,
                      const char *fmt, ...) {
  char buf[HINGE_ERROR_MESSAGE_MAX];
  hinge_warning *w = find_warning(t, kind, column);
  char *msg = NULL;
  va_list ap;
  if (w != NULL) {
    w->count++;
    return HINGE_OK;
  }
  if (HINGE__GROW_FROM(t->alloc, t->warn, t->warncap, t->nwarn + 1, 8)) return HINGE_ENOMEM;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (hinge__table_setstr(t, &msg, buf, strlen(buf)) != HINGE_OK) return HINGE_ENOMEM;
  w = &t->warn[t->nwarn++];
  w->kind = kind;
  w->line = line;
  w->column = column;
  w->count = 1;
  w->message = msg;
  return HINGE_OK;
}

/* ---- destroy and accessors ----
 * Every accessor takes a NULL table as an empty one: 0, NULL or -1
 * (docs/c-api.md, Conventions). */

void hinge_table_destroy(hinge_table *t) {
  const hinge_allocator *a;
  size_t i;
  if (t == NULL) return;
  a = t->alloc;
  for (i = 0; i < t->ncols; i++) {
    hinge__strfree(a, t->cols[i].name);
    hinge__strfree(a, t->cols[i].meta);
    hinge__free(a, t->cols[i].v, t->cols[i].cap * sizeof(double));
    hinge__strfree(a, t->cols[i].source);
  }
  hinge__free(a, t->cols, (t->colcap > t->ncols ? t->colcap : t->ncols) * sizeof *t->cols);
  if (t->own_time) hinge__free(a, t->time, t->rows * sizeof *t->time);
  for (i = 0; i < 4; i++) hinge__strfree(a, t->meta_store[i]);
  for (i = 0; i < t->nwarn; i++) {
    char *m; /* owned, exposed as const char * */
    memcpy(&m, &t->warn[i].message, sizeof m);
    hinge__strfree(a, m);
  }
  hinge__free(a, t->warn, t->warncap * sizeof *t->warn);
  for (i = 0; i < t->nmlines; i++) {
    char *k, *v; /* owned, exposed as const char * */
    memcpy(&k, &t->mlines[i].key, sizeof k);
    memcpy(&v, &t->mlines[i].value, sizeof v);
    hinge__strfree(a, k);
    hinge__strfree(a, v);
  }
  hinge__free(a, t->mlines, t->mlinecap * sizeof *t->mlines);
  hinge__strfree(a, t->start_store);
  hinge__free(a, t->gaps, t->gapcap * sizeof *t->gaps);
  hinge__free(a, t->marks, t->markcap * sizeof *t->marks);
  hinge__strfree(a, t->file);
  hinge__free(a, t, sizeof *t);
}

const char *hinge_table_file(const hinge_table *t) { return t ? t->file : NULL; }
size_t hinge_table_rows(const hinge_table *t) { return t ? t->rows : 0; }
size_t hinge_table_columns(const hinge_table *t) { return t ? t->ncols : 0; }

const hinge_column_info *hinge_table_column_info(const hinge_table *t, size_t i) {
  return t && i < t->ncols ? &t->cols[i].info : NULL;
}

const double *hinge_table_column(const hinge_table *t, size_t i) {
  return t && i < t->ncols ? t->cols[i].v : NULL;
}

long hinge_table_find(const hinge_table *t, const char *name) {
  size_t i;
  int role;
  if (t == NULL || name == NULL) return -1;
  for (i = 0; i < t->ncols; i++)
    if (strcmp(t->cols[i].name, name) == 0) return (long)i;
  for (i = 0; i < t->ncols; i++)
    if (hinge__ascii_ieq(t->cols[i].name, name)) return (long)i;
  role = hinge_role_from_name(name);
  return role > 0 ? t->role_col[role] : -1;
}

long hinge_table_role_column(const hinge_table *t, int role) {
  return t && role > 0 && role < HINGE_ROLE_COUNT ? t->role_col[role] : -1;
}

const double *hinge_table_time(const hinge_table *t) { return t ? t->time : NULL; }
const hinge_schema *hinge_table_schema(const hinge_table *t) { return t ? &t->schema : NULL; }
const hinge_meta *hinge_table_meta(const hinge_table *t) { return t ? &t->meta : NULL; }
const hinge_timing *hinge_table_timing(const hinge_table *t) { return t ? &t->timing : NULL; }
size_t hinge_table_gap_count(const hinge_table *t) { return t ? t->ngaps : 0; }

const hinge_gap *hinge_table_gap(const hinge_table *t, size_t i) {
  return t && i < t->ngaps ? &t->gaps[i] : NULL;
}

size_t hinge_table_warning_count(const hinge_table *t) { return t ? t->nwarn : 0; }

const hinge_warning *hinge_table_warning(const hinge_table *t, size_t i) {
  return t && i < t->nwarn ? &t->warn[i] : NULL;
}
