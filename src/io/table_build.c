/*
 * table_build.c -- building a session table from a device reader's arrays
 * (reader.h): columns added one at a time, roles given or moved, the
 * reader's name and capability note, then the loader's own steps after the
 * rows (table_load.c, hinge__table_settle: duplicate timestamps, timing,
 * gaps, metadata) so that every format is judged by the same rules.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/internal.h"
#include "reader.h"
#include "table_internal.h"

#define RAD_TO_DEG 57.295779513082320876798154814105 /* 180 / pi */


hinge_table *hinge__table_new(const char *name, const hinge_load_options *o, hinge_error *err) {
  hinge_load_options d;
  hinge_table *t;
  if (o == NULL) {
    hinge_load_options_init(&d);
    o = &d;
  }
  if (hinge__load_options_check(o, name, err) != HINGE_OK) return NULL;
  t = hinge__table_alloc(name ? name : "(buffer)", o, err);
  if (t != NULL) {
    t->building = HINGE__BUILT_ARRAYS;
    t->schema.decimal = '.';
  }
  return t;
}

/* Make role free for column ci: 1 when it may take it (no column holds it,
 * or one the user did not map, which loses it), 0 when a mapped one does. */
static int take_role(hinge_table *t, size_t ci, int role) {
  long at;
  if (role <= HINGE_ROLE_NONE || role >= HINGE_ROLE_COUNT) return 0;
  at = t->role_col[role];
  if (at == (long)ci) return 1;
  if (at >= 0 && t->cols[at].info.mapped) return 0;
  if (at >= 0) t->cols[at].info.role = HINGE_ROLE_NONE;
  if (t->cols[ci].info.role != HINGE_ROLE_NONE) t->role_col[t->cols[ci].info.role] = -1;
  t->cols[ci].info.role = role;
  t->role_col[role] = (long)ci;
  return 1;
}

static int set_source(hinge_table *t, hinge__col *c, const char *source) {
  if (source == NULL) return HINGE_OK;
  if (hinge__table_setstr(t, &c->source, source, strlen(source)) != HINGE_OK) return HINGE_ENOMEM;
  c->info.source = c->source;
  return HINGE_OK;
}

static double unit_factor(int unit) {
  switch (unit) {
  case HINGE_UNIT_RAD: return RAD_TO_DEG;
  case HINGE_UNIT_MS: return 1e-3;
  case HINGE_UNIT_US: return 1e-6;
  case HINGE_UNIT_NS: return 1e-9;
  default: return 1;
  }
}

/* Room for one more column (cols grows; its size is colcap, or ncols for
 * a table the CSV loader made). */
static int room(hinge_table *t) {
  size_t cap = t->colcap > t->ncols ? t->colcap : t->ncols, ncap;
  hinge__col *c;
  if (t->ncols < cap) return HINGE_OK;
  ncap = cap ? cap * 2 : 8;
  c = hinge__realloc(t->alloc, t->cols, cap * sizeof *c, ncap * sizeof *c);
  if (c == NULL) return HINGE_ENOMEM;
  memset(c + cap, 0, (ncap - cap) * sizeof *c);
  t->cols = c;
  t->colcap = ncap;
  return HINGE_OK;
}

int hinge__table_add(hinge_table *t, const hinge__colspec *spec, const double *v, size_t n,
                     hinge_error *err) {
  hinge__col *c;
  const char *name = spec != NULL ? spec->name : NULL;
  double f;
  size_t i;
  if (t == NULL || name == NULL || (v == NULL && n > 0))
    return hinge__fail(err, HINGE_EINVAL, t ? t->file : NULL, 0, 0, "table: NULL argument");
  if (t->building == HINGE__BUILT_NONE)
    return hinge__fail(err, HINGE_EINVAL, t->file, 0, 0, "table: already finished");
  if (t->ncols > 0 && n != t->rows)
    return hinge__fail(err, HINGE_EINVAL, t->file, 0, 0,
                       "column '%s' has %lu values, the table %lu rows", name,
                       (unsigned long)n, (unsigned long)t->rows);
  if (room(t) != HINGE_OK) return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  c = &t->cols[t->ncols];
  memset(c, 0, sizeof *c);
  if (hinge__table_setstr(t, &c->name, name, strlen(name)) != HINGE_OK ||
      (c->v = hinge__malloc(t->alloc, (n ? n : 1) * sizeof *c->v)) == NULL) {
    hinge__strfree(t->alloc, c->name);
    return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  }
  c->cap = n ? n : 1;
  c->kind = HINGE__K_NUMBER;
  c->info.name = c->name;
  c->info.unit = spec->unit;
  f = unit_factor(spec->unit);
  for (i = 0; i < n; i++) {
    c->v[i] = f == 1 ? v[i] : v[i] * f;
    c->info.missing += isnan(c->v[i]) != 0;
  }
  t->rows = n;
  t->ncols++;
  if (set_source(t, c, spec->source) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  take_role(t, t->ncols - 1, spec->role);
  return HINGE_OK;
}

int hinge__table_set_role(hinge_table *t, size_t ci, int role, const char *source,
                          hinge_error *err) {
  if (t == NULL || ci >= t->ncols)
    return hinge__fail(err, HINGE_EINVAL, t ? t->file : NULL, 0, 0, "table: no column %lu",
                       (unsigned long)ci);
  if (t->cols[ci].info.mapped) return 0; /* the user's mapping stays */
  if (!take_role(t, ci, role)) return 0;
  if (set_source(t, &t->cols[ci], source) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  return 1;
}

double *hinge__table_values(hinge_table *t, size_t ci) {
  return t != NULL && t->building != HINGE__BUILT_NONE && ci < t->ncols ? t->cols[ci].v : NULL;
}


int hinge__table_mean2(hinge_table *t, const char *right, const char *left, int role,
                       hinge_error *err) {
  long r = hinge__table_named(t, right), l = hinge__table_named(t, left);
  char src[200];
  if (r >= 0 && t->cols[r].v == NULL) r = -1; /* text */
  if (l >= 0 && t->cols[l].v == NULL) l = -1;
  if (r >= 0 && l >= 0) {
    const double *a = t->cols[r].v, *b = t->cols[l].v;
    size_t i, n = t->rows;
    hinge__colspec c;
    double *m = hinge__malloc(t->alloc, (n ? n : 1) * sizeof *m);
    int rc;
    if (m == NULL) return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
    for (i = 0; i < n; i++) /* one side when the other is missing */
      m[i] = isnan(a[i]) ? b[i] : isnan(b[i]) ? a[i] : (a[i] + b[i]) / 2;
    snprintf(src, sizeof src, "mean of %s and %s", right, left);
    c.name = hinge_role_name(role);
    c.role = role;
    c.unit = HINGE_UNIT_DEG;
    c.source = src;
    rc = hinge__table_add(t, &c, m, n, err);
    hinge__free(t->alloc, m, (n ? n : 1) * sizeof *m);
    return rc;
  }
  if (r >= 0 || l >= 0) {
    int rc;
    snprintf(src, sizeof src, "%s only (the file has one side)", r >= 0 ? right : left);
    rc = hinge__table_set_role(t, (size_t)(r >= 0 ? r : l), role, src, err);
    return rc < 0 ? rc : HINGE_OK;
  }
  return HINGE_OK;
}

void hinge__table_convert(hinge_table *t, size_t ci, int unit) {
  double f = unit_factor(unit), *v;
  size_t i;
  /* a text column (no numbers: a reader's angle column the lenient loader
   * kept as text) stays text */
  if (t == NULL || ci >= t->ncols || (v = t->cols[ci].v) == NULL) return;
  t->cols[ci].info.unit = unit;
  if (f == 1) return;
  for (i = 0; i < t->rows; i++) v[i] *= f;
}

void hinge__table_set_format(hinge_table *t, const char *format, const char *capability_note) {
  if (t == NULL) return;
  t->format = format;
  t->cap_note = capability_note;
}

int hinge__table_meta_line(hinge_table *t, const char *key, const char *value, long line) {
  return hinge__schema_meta_line(t, key ? key : "", value ? value : "", ',', line);
}

void hinge__table_set_rate(hinge_table *t, double hz, long line) {
  if (t == NULL || !(hz > 0) || !isfinite(hz)) return;
  t->meta.rate_hz = hz;
  t->rate_line = line;
}

long hinge__table_named(const hinge_table *t, const char *name) {
  size_t i;
  for (i = 0; t != NULL && name != NULL && i < t->ncols; i++)
    if (strcmp(t->cols[i].name, name) == 0) return (long)i;
  for (i = 0; t != NULL && name != NULL && i < t->ncols; i++)
    if (hinge__ascii_ieq(t->cols[i].name, name)) return (long)i;
  return -1;
}

/* The column for a mapping's name: exact, else case-insensitive; -1. */
static long map_column(const hinge_table *t, const char *name) {
  size_t i;
  for (i = 0; i < t->ncols; i++)
    if (strcmp(t->cols[i].name, name) == 0) return (long)i;
  for (i = 0; i < t->ncols; i++)
    if (hinge__ascii_ieq(t->cols[i].name, name)) return (long)i;
  return -1;
}

/* The user's mapping on a table built from arrays (the profile loader
 * applied it at the header). */
static int apply_map(hinge_table *t, const hinge_load_options *o, hinge_error *err) {
  size_t k, r;
  for (k = 0; k < o->nmap; k++) {
    const hinge_role_map *m = &o->map[k];
    long ci = m->column ? map_column(t, m->column) : -1;
    hinge__col *c;
    if (ci < 0)
      return hinge__fail(err, HINGE_ESCHEMA, t->file, 0, 0, "no column '%s' for the mapping %s=%s",
                         m->column ? m->column : "", hinge_role_name(m->role),
                         m->column ? m->column : "");
    c = &t->cols[ci];
    take_role(t, (size_t)ci, m->role);
    c->info.mapped = 1;
    if (m->negate && !c->info.inverted && c->v != NULL) {
      c->info.inverted = 1;
      for (r = 0; r < t->rows; r++)
        if (!isnan(c->v[r])) c->v[r] = 0.0 - c->v[r];
    }
  }
  return HINGE_OK;
}

int hinge__table_finish(hinge_table *t, const hinge_load_options *o, hinge_error *err) {
  hinge_load_options d, chk;
  int rc;
  if (o == NULL) {
    hinge_load_options_init(&d);
    o = &d;
  }
  if (t == NULL || t->building == HINGE__BUILT_NONE)
    return hinge__fail(err, HINGE_EINVAL, t ? t->file : NULL, 0, 0, "table: already finished");
  if (t->building == HINGE__BUILT_ARRAYS && (rc = apply_map(t, o, err)) != HINGE_OK) return rc;
  if (t->rows == 0)
    return hinge__fail(err, HINGE_ENODATA, t->file, t->schema.header_line, 0,
                       "no data rows");
  chk = *o;
  if (!(chk.fs > 0) && !isnan(t->meta.rate_hz)) chk.fs = t->meta.rate_hz;
  if ((rc = hinge__schema_check_required(t, &chk, t->schema.header_line, err)) != HINGE_OK)
    return rc;
  if ((rc = hinge__table_settle(t, o, err)) != HINGE_OK) return rc;
  t->building = HINGE__BUILT_NONE;
  return HINGE_OK;
}

/* ---- what the source can measure ---- */

const char *hinge_table_format(const hinge_table *t) {
  return t == NULL ? NULL : t->format != NULL ? t->format : "csv";
}

const char *hinge_table_capabilities(const hinge_table *t) {
  int th, lu;
  if (t == NULL) return "none";
  th = t->role_col[HINGE_ROLE_THORACIC] >= 0;
  lu = t->role_col[HINGE_ROLE_LUMBAR] >= 0;
  if (th && lu) return "thoracic+lumbar";
  if (lu) return "lumbar only";
  if (th) return "thoracic only";
  if (t->role_col[HINGE_ROLE_TRUNK] >= 0) return "trunk only";
  return "none";
}

const char *hinge_table_capability_note(const hinge_table *t) {
  return t != NULL ? t->cap_note : NULL;
}
