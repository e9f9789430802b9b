/*
 * opensim.c -- the reader "opensim": OpenSim motion and storage files
 * (.mot, .sto), as OpenCap, AddBiomechanics and lab pipelines write them
 * (docs/formats.md, "OpenSim .mot / .sto").
 *
 * A header of free lines ending at `endheader` (`inDegrees=yes|no`,
 * `nRows=N`, ...), then a tab-separated table with a `time` column.  The
 * rows are read by the CSV loader from the line after `endheader`
 * (hinge__table_load_profile, raw columns); the roles are then derived:
 * hip = the mean of hip_flexion_r and hip_flexion_l (one side when only
 * one is there), knee = the mean of knee_angle_r and knee_angle_l
 * (OpenSim's sign), lumbar = minus lumbar_extension -- which is the whole
 * torso relative to the pelvis, not a lumbar segment, and is labelled so.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "reader.h"
#include "table_internal.h"

#define HEAD_MAX ((size_t)64 << 10)                  /* the header must fit here */

static const char note[] =
    "lumbar is the whole torso relative to the pelvis (OpenSim lumbar_extension, sign "
    "inverted), not a lumbar segment: no upper/lower back split";

/* ---- detection ---- */

static int detect(const hinge__sniff *s) {
  int ext = strcmp(s->ext, "mot") == 0 || strcmp(s->ext, "sto") == 0;
  int content = !s->is_dir && hinge__sniff_line(s, "endheader", 200);
  return content ? 2 + ext : ext;
}

/* ---- the header ---- */

typedef struct header {
  long end_line;    /* the `endheader` line */
  long names_line;  /* the column names: the first non-blank line after it */
  int degrees;      /* inDegrees: 1 yes, 0 no, -1 not said */
  long deg_line;
  long nrows;       /* nRows, or -1 */
  long nrows_line;
} header;

/* The line [p, e) trimmed of spaces, tabs and a CR. */
static void trim(const char **p, const char **e) {
  while (*p < *e && (**p == ' ' || **p == '\t')) (*p)++;
  while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r')) (*e)--;
}

static int word_is(const char *p, const char *e, const char *w) {
  size_t n = strlen(w), i;
  if ((size_t)(e - p) != n) return 0;
  for (i = 0; i < n; i++) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != w[i]) return 0;
  }
  return 1;
}

/* key=value: whether the line's key is key (case-insensitive); *v, *ve the
 * trimmed value. */
static int key_value(const char *p, const char *e, const char *key, const char **v,
                     const char **ve) {
  const char *eq = memchr(p, '=', (size_t)(e - p)), *ke;
  if (eq == NULL) return 0;
  ke = eq;
  while (ke > p && (ke[-1] == ' ' || ke[-1] == '\t')) ke--;
  if (!word_is(p, ke, key)) return 0;
  *v = eq + 1;
  *ve = e;
  trim(v, ve);
  return 1;
}

/* A header line (line number ln): inDegrees and nRows. */
static int header_line(const char *name, const char *p, const char *e, long ln, header *h,
                       hinge_error *err) {
  const char *v, *ve;
  char buf[48];
  if (key_value(p, e, "indegrees", &v, &ve)) {
    h->deg_line = ln;
    if (word_is(v, ve, "yes")) h->degrees = 1;
    else if (word_is(v, ve, "no")) h->degrees = 0;
    else {
      size_t n = (size_t)(ve - v) < sizeof buf - 1 ? (size_t)(ve - v) : sizeof buf - 1;
      memcpy(buf, v, n);
      buf[n] = '\0';
      return hinge__fail(err, HINGE_EPARSE, name, ln, (long)(v - p) + 1,
                         "expected inDegrees=yes or inDegrees=no, found inDegrees=%s", buf);
    }
  } else if (key_value(p, e, "nrows", &v, &ve)) {
    char *end;
    long n;
    size_t k = (size_t)(ve - v) < sizeof buf - 1 ? (size_t)(ve - v) : sizeof buf - 1;
    memcpy(buf, v, k);
    buf[k] = '\0';
    n = strtol(buf, &end, 10);
    if (end != buf && *end == '\0' && n >= 0) {
      h->nrows = n;
      h->nrows_line = ln;
    }
  }
  return HINGE_OK;
}

/* Whether a line looks like the column names (starts with "time" and a
 * tab): a header without `endheader` goes straight into them. */
static int names_like(const char *p, const char *e) {
  return e - p > 5 && word_is(p, p + 4, "time") && p[4] == '\t';
}

static int read_header(const char *name, const hinge__text *x, header *h, hinge_error *err) {
  const char *p = x->data, *end = x->data + x->len;
  long ln = 0;
  int rc;
  h->end_line = h->names_line = 0;
  h->degrees = -1;
  h->nrows = -1;
  while (p < end) {
    const char *q = memchr(p, '\n', (size_t)(end - p)), *s = p, *e;
    if (q == NULL) {
      if (x->len >= HEAD_MAX) break; /* the window ends inside a line */
      q = end;
    }
    e = q;
    ln++;
    trim(&s, &e);
    if (h->end_line == 0) {
      if (word_is(s, e, "endheader")) h->end_line = ln;
      else if (names_like(s, e))
        return hinge__fail(err, HINGE_EPARSE, name, ln, 1,
                           "expected 'endheader' before the column names: an OpenSim header "
                           "ends with a line 'endheader'");
      else if ((rc = header_line(name, s, e, ln, h, err)) != HINGE_OK) return rc;
    } else if (s < e) {
      h->names_line = ln;
      return HINGE_OK;
    }
    p = q + 1;
  }
  if (h->end_line == 0)
    return hinge__fail(err, HINGE_EPARSE, name, ln, 0,
                       x->len >= HEAD_MAX ? "no 'endheader' line in the first 64 KiB: an "
                                            "OpenSim header ends with a line 'endheader'"
                                          : "the file ends in its header: no 'endheader' line");
  return hinge__fail(err, HINGE_ENODATA, name, h->end_line, 0,
                     "expected the column names (time, ...) after 'endheader'");
}

/* ---- the roles ---- */

/* An angle the role uses, to degrees when the file is in radians. */
static void to_degrees(hinge_table *t, long ci, const header *h) {
  hinge__table_convert(t, (size_t)ci, h->degrees == 0 ? HINGE_UNIT_RAD : HINGE_UNIT_DEG);
}

/* role from the columns base_r and base_l: their mean, or the one side. */
static int both_sides(hinge_table *t, const header *h, const char *base, int role,
                      hinge_error *err) {
  char rn[64], ln[64];
  long r, l;
  snprintf(rn, sizeof rn, "%s_r", base);
  snprintf(ln, sizeof ln, "%s_l", base);
  if ((r = hinge__table_named(t, rn)) >= 0) to_degrees(t, r, h);
  if ((l = hinge__table_named(t, ln)) >= 0) to_degrees(t, l, h);
  return hinge__table_mean2(t, rn, ln, role, err);
}

/* lumbar = minus lumbar_extension. */
static int lumbar(hinge_table *t, const header *h, hinge_error *err) {
  long ci = hinge__table_named(t, "lumbar_extension");
  const double *x;
  double *m;
  size_t i, n = hinge_table_rows(t);
  hinge__colspec c;
  int rc;
  if (ci < 0 || (x = hinge_table_column(t, (size_t)ci)) == NULL) return HINGE_OK;
  to_degrees(t, ci, h);
  m = hinge__malloc(t->alloc, (n ? n : 1) * sizeof *m);
  if (m == NULL) return hinge__fail(err, HINGE_ENOMEM, hinge_table_file(t), 0, 0, "out of memory");
  for (i = 0; i < n; i++) m[i] = isnan(x[i]) ? x[i] : 0.0 - x[i];
  c.name = "lumbar";
  c.role = HINGE_ROLE_LUMBAR;
  c.unit = HINGE_UNIT_DEG;
  c.source = "minus lumbar_extension (the whole torso relative to the pelvis)";
  rc = hinge__table_add(t, &c, m, n, err);
  hinge__free(t->alloc, m, (n ? n : 1) * sizeof *m);
  return rc;
}

/* nRows against the rows read: fewer is a truncated file. */
static int check_rows(hinge_table *t, const header *h, const hinge_load_options *o,
                      hinge_error *err) {
  size_t n = hinge_table_rows(t);
  if (h->nrows < 0 || (size_t)h->nrows <= n) return HINGE_OK;
  if (o != NULL && (o->flags & HINGE_LOAD_LENIENT))
    return hinge__table_warn(t, "truncated", h->nrows_line, 0,
                             "the header says nRows=%ld, the file has %lu rows: it is "
                             "truncated", h->nrows, (unsigned long)n) == HINGE_OK
               ? HINGE_OK
               : hinge__fail(err, HINGE_ENOMEM, hinge_table_file(t), 0, 0, "out of memory");
  return hinge__fail(err, HINGE_ENODATA, hinge_table_file(t), t->schema.lines, 0,
                     "the file ends after %lu rows, but its header says nRows=%ld (line %ld): "
                     "it is truncated (--lenient loads what is there)",
                     (unsigned long)n, h->nrows, h->nrows_line);
}

static int derive(hinge_table *t, const header *h, const hinge_load_options *o,
                  hinge_error *err) {
  int rc;
  if ((rc = check_rows(t, h, o, err)) != HINGE_OK) return rc;
  if (h->degrees < 0 &&
      hinge__table_warn(t, "no_units", 0, 0,
                        "the header has no inDegrees line: the angles are taken as degrees") !=
          HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, hinge_table_file(t), 0, 0, "out of memory");
  if ((rc = both_sides(t, h, "hip_flexion", HINGE_ROLE_HIP, err)) != HINGE_OK) return rc;
  if ((rc = both_sides(t, h, "knee_angle", HINGE_ROLE_KNEE, err)) != HINGE_OK) return rc;
  if ((rc = lumbar(t, h, err)) != HINGE_OK) return rc;
  hinge__table_set_format(t, "opensim", note);
  return hinge__table_finish(t, o, err);
}

static int load(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                hinge_error *err) {
  hinge__text head;
  hinge__csv_profile p;
  header h;
  int rc = hinge__source_head(src, o ? o->alloc : NULL, HEAD_MAX, &head, err);
  *out = NULL;
  if (rc != HINGE_OK) return rc;
  rc = read_header(src->name, &head, &h, err);
  hinge__source_free(&head);
  if (rc != HINGE_OK) return rc;
  memset(&p, 0, sizeof p);
  p.header_line = h.names_line;
  p.delimiter = '\t';
  p.decimal = '.';
  p.raw = 1;
  if ((rc = hinge__table_load_profile(src, &p, o, out, err)) != HINGE_OK) return rc;
  if ((rc = derive(*out, &h, o, err)) != HINGE_OK) {
    hinge_table_destroy(*out);
    *out = NULL;
  }
  return rc;
}

const hinge__reader hinge__reader_opensim = {"opensim", "OpenSim .mot/.sto (OpenCap, "
                                             "AddBiomechanics)", detect, load};
