/*
 * device_derive.c -- roles made out of several columns (device_derive.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
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

/* ---- Xsens MVN (xsens.c, mvnx.c) ---- */

static long xsens_col(const hinge_table *t, const char *joint) {
  char name[64];
  snprintf(name, sizeof name, "%s Flexion/Extension", joint);
  return hinge__table_find(t, name);
}

int hinge__xsens_roles(hinge_table *t, const char *const sources[4], hinge_error *err) {
  long lumbar[3], thoracic[1], hip[2], knee[2];
  hinge__combine c[4] = {
      {"lumbar", HINGE_ROLE_LUMBAR, 0, NULL, 3, NULL},
      {"thoracic", HINGE_ROLE_THORACIC, 0, NULL, 1, NULL},
      {"hip", HINGE_ROLE_HIP, 1, NULL, 2, NULL},
      {"knee", HINGE_ROLE_KNEE, 1, NULL, 2, NULL}};
  size_t i;
  int rc;
  lumbar[0] = xsens_col(t, "L5S1");
  lumbar[1] = xsens_col(t, "L4L3");
  lumbar[2] = xsens_col(t, "L1T12");
  thoracic[0] = xsens_col(t, "T9T8");
  hip[0] = xsens_col(t, "Right Hip");
  hip[1] = xsens_col(t, "Left Hip");
  knee[0] = xsens_col(t, "Right Knee");
  knee[1] = xsens_col(t, "Left Knee");
  for (i = 0; i < 4; i++) c[i].source = sources[i];
  c[0].cols = lumbar;
  c[1].cols = thoracic;
  c[2].cols = hip;
  c[3].cols = knee;
  for (i = 0; i < 4; i++)
    if ((rc = hinge__table_need_numbers(t, c[i].cols, c[i].ncols, err)) != HINGE_OK) return rc;
  if (lumbar[0] < 0 || lumbar[1] < 0 || lumbar[2] < 0) {
    /* a partial export: the lumbar sum would not span S1 to T12 */
    c[0].ncols = 0;
    if (hinge__table_warn(t, "partial_spine", t->schema.header_line, 0,
                          "the export lacks one of L5S1, L4L3, L1T12 Flexion/Extension: no "
                          "lumbar channel") != HINGE_OK)
      return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  }
  for (i = 0; i < 4; i++)
    if ((rc = hinge__table_combine(t, &c[i], err)) != HINGE_OK) return rc;
  return HINGE_OK;
}

