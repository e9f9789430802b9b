/*
 * device_derive.c -- roles made out of several columns (device_derive.h).
 */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "base/internal.h"
#include "device_derive.h"
#include "reader.h"
#include "table_internal.h"

long hinge__table_find(const hinge_table *t, const char *name) {
  size_t i, n = strlen(name);
  for (i = 0; i < hinge_table_columns(t); i++) {
    const char *c = hinge_table_column_info(t, i)->name, *e;
    size_t k;
    while (*c == ' ' || *c == '\t' || *c == '"') c++;
    e = c + strlen(c);
    while (e > c && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"' || e[-1] == '\r')) e--;
    if ((size_t)(e - c) != n) continue;
    for (k = 0; k < n && tolower((unsigned char)c[k]) == tolower((unsigned char)name[k]); k++) {}
    if (k == n) return (long)i;
  }
  return -1;
}

int hinge__table_combine(hinge_table *t, const hinge__combine *c, hinge_error *err) {
  const double *src[8];
  size_t k, i, m = 0, n = hinge_table_rows(t);
  hinge__colspec spec;
  double *v;
  int rc;
  for (k = 0; k < c->ncols && m < 8; k++)
    if (c->cols[k] >= 0 && (src[m] = hinge_table_column(t, (size_t)c->cols[k])) != NULL) m++;
  if (m == 0) return HINGE_OK;
  if (m == 1) {
    for (k = 0; k < c->ncols; k++)
      if (c->cols[k] >= 0 && hinge_table_column(t, (size_t)c->cols[k]) != NULL) break;
    rc = hinge__table_set_role(t, (size_t)c->cols[k], c->role, c->source, err);
    return rc < 0 ? rc : HINGE_OK;
  }
  v = hinge__malloc(t->alloc, (n ? n : 1) * sizeof *v);
  if (v == NULL) return hinge__fail(err, HINGE_ENOMEM, hinge_table_file(t), 0, 0, "out of memory");
  for (i = 0; i < n; i++) {
    double s = 0;
    size_t have = 0;
    for (k = 0; k < m; k++)
      if (!isnan(src[k][i])) {
        s += src[k][i];
        have++;
      }
    if (c->mean) v[i] = have ? s / (double)have : NAN;
    else v[i] = have == m ? s : NAN;
  }
  spec.name = c->name;
  spec.role = c->role;
  spec.unit = HINGE_UNIT_DEG;
  spec.source = c->source;
  rc = hinge__table_add(t, &spec, v, n, err);
  hinge__free(t->alloc, v, (n ? n : 1) * sizeof *v);
  return rc;
}

int hinge__table_need_numbers(hinge_table *t, const long *cols, size_t n, hinge_error *err) {
  size_t k, w;
  for (k = 0; k < n; k++) {
    long line = 0, col;
    if (cols[k] < 0 || hinge_table_column(t, (size_t)cols[k]) != NULL) continue;
    col = cols[k] + 1;
    for (w = 0; w < t->nwarn; w++)
      if (t->warn[w].column == col && strcmp(t->warn[w].kind, "text_column") == 0)
        line = t->warn[w].line;
    return hinge__fail(err, HINGE_EPARSE, hinge_table_file(t), line, col,
                       "expected a number in column '%s', found text (this export's "
                       "angle columns are numbers)",
                       hinge_table_column_info(t, (size_t)cols[k])->name);
  }
  return HINGE_OK;
}
