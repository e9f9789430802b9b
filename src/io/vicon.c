/*
 * vicon.c -- the reader "vicon": the CSV export of Vicon Nexus
 * (docs/formats.md, "Vicon Nexus CSV").
 *
 * The file is a run of sections (`Devices`, `Joints`, `Model Outputs`,
 * `Segments`, `Trajectories`), each:
 *
 *   Model Outputs                          the section's name
 *   100                                    its rate (Hz)
 *   ,,ana:LHipAngles,,,ana:RHipAngles,,,   Subject:Name over each group
 *   Frame,Sub Frame,X,Y,Z,X,Y,Z            the components
 *   ,,deg,deg,deg,deg,deg,deg              the units
 *   1,0,12.1,1.2,-3.0,11.9,...             one row per frame
 *                                          a blank line ends it
 *
 * From `Model Outputs` the X component (the sagittal angle) of the
 * Plug-in Gait outputs SpineAngles, ThoraxAngles, PelvisAngles, HipAngles
 * and KneeAngles, left and right, become columns (`LHipAngles X`, ...);
 * the other sections are checked for their layout and skipped.  Roles:
 *   lumbar = SpineAngles X (mean of L and R: the same sagittal angle):
 *            forward tilt of the thorax relative to the pelvis -- the
 *            whole spine between them, not a lumbar segment;
 *   hip    = mean of LHipAngles X and RHipAngles X (flexion positive);
 *   knee   = mean of LKneeAngles X and RKneeAngles X (flexion positive).
 * ThoraxAngles (the thorax relative to the lab) and PelvisAngles (pelvic
 * tilt) stay columns without a role; Plug-in Gait has no upper-back
 * channel: the thorax is one rigid segment (C7, T10, CLAV, STRN).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "device_derive.h"
#include "reader.h"
#include "table_internal.h"

#define MAX_BYTES ((size_t)1 << 30)

static const char note[] =
    "lumbar is Plug-in Gait SpineAngles: the thorax (C7, T10, clavicle, sternum markers) "
    "relative to the pelvis, the whole thoracolumbar spine between them, not a lumbar "
    "segment; Plug-in Gait has no upper-back channel";

enum { O_LSPINE, O_RSPINE, O_LTHORAX, O_RTHORAX, O_LPELVIS, O_RPELVIS, O_LHIP, O_RHIP,
       O_LKNEE, O_RKNEE, NO };
static const char *const outputs[NO] = {"LSpineAngles",  "RSpineAngles", "LThoraxAngles",
                                        "RThoraxAngles", "LPelvisAngles", "RPelvisAngles",
                                        "LHipAngles",    "RHipAngles",   "LKneeAngles",
                                        "RKneeAngles"};
static const char *const sections[] = {"Devices", "Joints", "Model Outputs", "Segments",
                                       "Trajectories"};
#define NSECTIONS (sizeof sections / sizeof sections[0])

/* ---- detection ---- */

/* The first non-blank line is a section's name (cells after it empty). */
static int first_is_section(const hinge__sniff *s) {
  const char *p = s->head, *end = s->head + s->len, *e;
  size_t k;
  while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == ',')) p++;
  e = p;
  while (e < end && *e != '\n' && *e != '\r' && *e != ',') e++;
  for (k = 0; k < NSECTIONS; k++)
    if ((size_t)(e - p) == strlen(sections[k]) && memcmp(p, sections[k], (size_t)(e - p)) == 0)
      return 1;
  return 0;
}

static int detect(const hinge__sniff *s) {
  int ext = strcmp(s->ext, "csv") == 0;
  int content = !s->is_dir && first_is_section(s) && hinge__sniff_has(s, "Frame,Sub Frame");
  return content ? 2 + ext : 0;
}

/* ---- lines and cells ---- */

typedef struct cursor {
  const char *p, *end;
  long line;        /* of the line last taken */
  const char *ls, *le; /* that line, without its terminator */
} cursor;

static int next_line(cursor *c) {
  const char *q;
  if (c->p >= c->end) return 0;
  q = memchr(c->p, '\n', (size_t)(c->end - c->p));
  c->ls = c->p;
  c->le = q ? q : c->end;
  if (c->le > c->ls && c->le[-1] == '\r') c->le--;
  c->p = q ? q + 1 : c->end;
  c->line++;
  return 1;
}

/* Cell k of the line [s, e) (trimmed of spaces and quotes) into *cs, *ce;
 * 0 when the line has fewer cells. */
static int cell(const char *s, const char *e, size_t k, const char **cs, const char **ce) {
  const char *p = s, *q;
  for (;;) {
    q = memchr(p, ',', (size_t)(e - p));
    if (q == NULL) q = e;
    if (k == 0) break;
    if (q == e) return 0;
    k--;
    p = q + 1;
  }
  while (p < q && (*p == ' ' || *p == '"')) p++;
  while (q > p && (q[-1] == ' ' || q[-1] == '"')) q--;
  *cs = p;
  *ce = q;
  return 1;
}

static size_t ncells(const char *s, const char *e) {
  size_t n = 1;
  for (; s < e; s++) n += *s == ',';
  return n;
}

static int blank(const char *s, const char *e) {
  for (; s < e; s++)
    if (*s != ',' && *s != ' ' && *s != '\t') return 0;
  return 1;
}

static int number(const char *s, const char *e, double *v) {
  char buf[64], *end;
  size_t n = (size_t)(e - s);
  if (n == 0 || n >= sizeof buf) return 0;
  memcpy(buf, s, n);
  buf[n] = '\0';
  *v = strtod(buf, &end);
  return *end == '\0' && isfinite(*v);
}

/* ---- the parse ---- */

typedef struct vc {
  const char *name;
  hinge_error *err;
  const hinge_allocator *a;
  cursor c;
  char secname[32];
  long secline;
  int model_seen;
  double rate;
  long rate_line;
  long comp_line;       /* Model Outputs' component row */
  char subject[64];
  long subject_line;
  long xcol[NO];        /* the X cell of each output, or -1 */
  double *col[NO + 1];  /* col[NO]: the frame */
  size_t n, cap;        /* rows; rows every column has room for */
  size_t ccap[NO + 1];  /* each column's allocated values */
} vc;

static int failf(vc *v, int code, long line, long col, const char *what) {
  return hinge__fail(v->err, code, v->name, line, col, "section '%s' (line %ld): %s",
                     v->secname, v->secline, what);
}

/* The names row of Model Outputs: each Subject:Name cell over its group. */
static void names_row(vc *v, const char *s, const char *e) {
  size_t k, i;
  const char *a, *b;
  for (k = 0; cell(s, e, k, &a, &b); k++) {
    const char *colon = a;
    if (a == b) continue;
    for (const char *x = a; x < b; x++)
      if (*x == ':') colon = x + 1;
    if (colon > a && v->subject[0] == '\0' && (size_t)(colon - 1 - a) < sizeof v->subject) {
      memcpy(v->subject, a, (size_t)(colon - 1 - a));
      v->subject[colon - 1 - a] = '\0';
      v->subject_line = v->c.line;
    }
    for (i = 0; i < NO; i++)
      if ((size_t)(b - colon) == strlen(outputs[i]) && memcmp(colon, outputs[i], (size_t)(b - colon)) == 0 &&
          v->xcol[i] < 0)
        v->xcol[i] = (long)k; /* checked against the component row below */
  }
}

static int grow(vc *v) {
  size_t k, ncap = v->cap ? v->cap * 2 : 1024;
  for (k = 0; k <= NO; k++) {
    double *q;
    if (v->ccap[k] >= ncap) continue; /* grown before a later column failed */
    q = hinge__realloc(v->a, v->col[k], v->ccap[k] * sizeof *q, ncap * sizeof *q);
    if (q == NULL) return hinge__fail(v->err, HINGE_ENOMEM, v->name, 0, 0, "out of memory");
    v->col[k] = q;
    v->ccap[k] = ncap;
  }
  v->cap = ncap;
  return HINGE_OK;
}

static int data_row(vc *v, size_t want) {
  const char *s = v->c.ls, *e = v->c.le, *a, *b;
  size_t k, n = ncells(s, e);
  char msg[160];
  if (n != want) {
    snprintf(msg, sizeof msg, "expected %lu fields as in the component row, found %lu",
             (unsigned long)want, (unsigned long)n);
    return failf(v, HINGE_EPARSE, v->c.line, (long)(n < want ? n : want + 1), msg);
  }
  if (strcmp(v->secname, "Model Outputs") != 0) return HINGE_OK;
  if (v->n == v->cap && grow(v) != HINGE_OK) return HINGE_ENOMEM;
  for (k = 0; k <= NO; k++) {
    long ci = k == NO ? 0 : v->xcol[k];
    double x = NAN;
    if (ci < 0) continue;
    cell(s, e, (size_t)ci, &a, &b);
    if (a != b && !number(a, b, &x)) {
      snprintf(msg, sizeof msg, "expected a number in column %ld, found '%.*s'", ci + 1,
               (int)(b - a > 40 ? 40 : b - a), a);
      return failf(v, HINGE_EPARSE, v->c.line, ci + 1, msg);
    }
    v->col[k][v->n] = x;
  }
  v->n++;
  return HINGE_OK;
}

/* One section, its name line just taken. */
static int section(vc *v) {
  const char *a, *b;
  size_t want, k;
  double rate;
  int model;
  cell(v->c.ls, v->c.le, 0, &a, &b);
  snprintf(v->secname, sizeof v->secname, "%.*s", (int)(b - a > 31 ? 31 : b - a), a);
  v->secline = v->c.line;
  model = strcmp(v->secname, "Model Outputs") == 0;
  if (!next_line(&v->c) || !cell(v->c.ls, v->c.le, 0, &a, &b) || !number(a, b, &rate) || !(rate > 0))
    return failf(v, HINGE_EPARSE, v->c.line, 1, "expected its rate (a number of Hz) on the "
                                                "line after its name");
  if (model) {
    v->rate = rate;
    v->rate_line = v->c.line;
    v->model_seen = 1;
  }
  if (!next_line(&v->c)) return failf(v, HINGE_EPARSE, v->c.line, 0, "expected the names row");
  if (model) names_row(v, v->c.ls, v->c.le);
  if (!next_line(&v->c) || !cell(v->c.ls, v->c.le, 0, &a, &b) || (size_t)(b - a) != 5 ||
      memcmp(a, "Frame", 5) != 0)
    return failf(v, HINGE_EPARSE, v->c.line, 1,
                 "expected the component row (Frame,Sub Frame,X,Y,Z,...) after the names row");
  want = ncells(v->c.ls, v->c.le);
  if (model) v->comp_line = v->c.line;
  for (k = 0; model && k < NO; k++)
    if (v->xcol[k] >= 0 && (!cell(v->c.ls, v->c.le, (size_t)v->xcol[k], &a, &b) ||
                            b - a != 1 || *a != 'X'))
      v->xcol[k] = -1; /* not an X, Y, Z group */
  if (!next_line(&v->c) || blank(v->c.ls, v->c.le))
    return failf(v, HINGE_EPARSE, v->c.line, 1, "expected the units row (,,deg,deg,...) "
                                                "after the component row");
  cell(v->c.ls, v->c.le, 0, &a, &b);
  if (number(a, b, &rate))
    return failf(v, HINGE_EPARSE, v->c.line, 1, "expected the units row (,,deg,deg,...) "
                                                "after the component row, found a data row");
  while (next_line(&v->c) && !blank(v->c.ls, v->c.le)) {
    int rc = data_row(v, want);
    if (rc != HINGE_OK) return rc;
  }
  return HINGE_OK;
}

static int parse(vc *v) {
  while (next_line(&v->c))
    if (!blank(v->c.ls, v->c.le)) {
      int rc = section(v);
      if (rc != HINGE_OK) return rc;
    }
  if (!v->model_seen)
    return hinge__fail(v->err, HINGE_ESCHEMA, v->name, v->c.line, 0,
                       "no 'Model Outputs' section: export the model outputs (the "
                       "Plug-in Gait angles) from Nexus with the trial");
  if (v->n == 0)
    return hinge__fail(v->err, HINGE_ENODATA, v->name, v->c.line, 0,
                       "the 'Model Outputs' section has no rows");
  return HINGE_OK;
}

/* ---- the table ---- */

static int build(vc *v, const hinge_load_options *o, hinge_table **out, hinge_error *err) {
  hinge_table *t = hinge__table_new(v->name, o, err);
  hinge__colspec c;
  char name[48], rate[32];
  long spine[2], hip[2], knee[2];
  hinge__combine d[3] = {
      {"lumbar", HINGE_ROLE_LUMBAR, 1, spine, 2,
       "Plug-in Gait SpineAngles X: forward tilt of the thorax relative to the pelvis "
       "(the whole spine between them)"},
      {"hip", HINGE_ROLE_HIP, 1, hip, 2, "mean of LHipAngles X and RHipAngles X"},
      {"knee", HINGE_ROLE_KNEE, 1, knee, 2, "mean of LKneeAngles X and RKneeAngles X"}};
  size_t k;
  int rc;
  if (t == NULL) return err != NULL && err->code ? err->code : HINGE_ENOMEM;
  hinge__table_set_format(t, "vicon", note);
  t->schema.header_line = v->comp_line; /* where the columns are named */
  t->schema.lines = v->c.line;
  t->schema.delimiter = ',';
  c.name = "Frame";
  c.role = HINGE_ROLE_NONE;
  c.unit = HINGE_UNIT_NONE;
  c.source = NULL;
  rc = hinge__table_add(t, &c, v->col[NO], v->n, err);
  c.unit = HINGE_UNIT_DEG;
  for (k = 0; k < NO && rc == HINGE_OK; k++)
    if (v->xcol[k] >= 0) {
      snprintf(name, sizeof name, "%s X", outputs[k]);
      c.name = name;
      rc = hinge__table_add(t, &c, v->col[k], v->n, err);
    }
  snprintf(rate, sizeof rate, "%.10g", v->rate);
  if (rc == HINGE_OK && hinge__table_meta_line(t, "Model Outputs rate", rate, v->rate_line) != HINGE_OK)
    rc = hinge__fail(err, HINGE_ENOMEM, v->name, 0, 0, "out of memory");
  hinge__table_set_rate(t, v->rate, v->rate_line);
  if (rc == HINGE_OK && v->subject[0] &&
      hinge__table_meta_line(t, "subject", v->subject, v->subject_line) != HINGE_OK)
    rc = hinge__fail(err, HINGE_ENOMEM, v->name, 0, 0, "out of memory");
  spine[0] = hinge__table_find(t, "LSpineAngles X");
  spine[1] = hinge__table_find(t, "RSpineAngles X");
  hip[0] = hinge__table_find(t, "LHipAngles X");
  hip[1] = hinge__table_find(t, "RHipAngles X");
  knee[0] = hinge__table_find(t, "LKneeAngles X");
  knee[1] = hinge__table_find(t, "RKneeAngles X");
  for (k = 0; k < 3 && rc == HINGE_OK; k++) rc = hinge__table_combine(t, &d[k], err);
  if (rc == HINGE_OK) rc = hinge__table_finish(t, o, err);
  if (rc != HINGE_OK) {
    hinge_table_destroy(t);
    return rc;
  }
  *out = t;
  return HINGE_OK;
}

static int load(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                hinge_error *err) {
  hinge__text x;
  vc v;
  size_t k;
  int rc;
  *out = NULL;
  if ((rc = hinge__source_read(src, o->alloc, MAX_BYTES, &x, err)) != HINGE_OK) return rc;
  memset(&v, 0, sizeof v);
  v.name = src->name;
  v.err = err;
  v.a = o->alloc;
  v.c.p = x.data;
  v.c.end = x.data + x.len;
  for (k = 0; k < NO; k++) v.xcol[k] = -1;
  rc = parse(&v);
  if (rc == HINGE_OK) rc = build(&v, o, out, err);
  for (k = 0; k <= NO; k++) hinge__free(v.a, v.col[k], v.ccap[k] * sizeof(double));
  hinge__source_free(&x);
  return rc;
}

const hinge__reader hinge__reader_vicon = {"vicon", "Vicon Nexus CSV", detect, load};
