/*
 * mvnx.c -- the reader "mvnx": Xsens MVN's XML export (.mvnx), read with
 * libexpat as a stream (docs/formats.md, "Xsens MVNX").
 *
 *   <mvnx version="4">
 *     <subject label="ana" frameRate="60" ...>
 *       <joints><joint label="jL5S1">...</joint> ... </joints>
 *       <frames ...>
 *         <frame time="0" type="identity">...</frame>     (skipped)
 *         <frame time="0" index="0" type="normal">
 *           <jointAngle>x y z x y z ...</jointAngle>    (3 per joint)
 *
 * `<joints>` gives the order of the joints; each normal frame's
 * `jointAngle` holds three values per joint (the ZXY Euler angles, in
 * degrees; flexion/extension is the third, flexion positive).  Frames of
 * other types (identity, tpose, tpose-isb, calibration) are skipped.  The
 * roles are those of the MVN CSV (xsens.c): lumbar = L5S1 + L4L3 + L1T12,
 * thoracic = T9T8, hip and knee the means of both sides.  Memory beyond
 * the output columns is bounded: one number's characters at a time (and
 * expat's own buffers, which use the C library's allocator: expat's
 * memory suite has no user pointer for hinge's).
 */
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "device_derive.h"
#include "reader.h"
#include "table_internal.h"

#define CHUNK ((size_t)64 << 10)

static const char note[] =
    "lumbar = L5S1 + L4L3 + L1T12, thoracic = T9T8 (MVN joint angles); MVN interpolates "
    "the spine joints between its pelvis and sternum (T8) sensors with a spine model, so "
    "the upper/lower split is modelled, not measured vertebra by vertebra";

/* The joints hinge takes, in the order of the columns it writes. */
enum { J_L5S1, J_L4L3, J_L1T12, J_T9T8, J_T1C7, J_RHIP, J_LHIP, J_RKNEE, J_LKNEE, NJ };
static const char *const joint_names[NJ] = {"L5S1",     "L4L3",    "L1T12",
                                            "T9T8",     "T1C7",    "RightHip",
                                            "LeftHip",  "RightKnee", "LeftKnee"};

/* ---- detection ---- */

static int detect(const hinge__sniff *s) {
  int ext = strcmp(s->ext, "mvnx") == 0;
  int content = !s->is_dir && hinge__sniff_has(s, "<mvnx");
  return content ? 2 + ext : ext;
}

/* ---- the parse ---- */

typedef struct mx {
  XML_Parser p;
  const char *name;
  hinge_error *err;
  const hinge_allocator *a;
  int rc;
  double rate;
  long rate_line;
  char subject[64];
  long subject_line;
  int in_joints;
  long joints_line;    /* the <joints> element: the table's "header" line */
  long last_line;
  size_t njoints;      /* joints listed */
  int slot[NJ];        /* joint index of each wanted joint, or -1 */
  int in_frame;        /* 1 in a normal frame, 2 in another */
  int in_angle;
  int frame_angles;    /* jointAngle elements in this frame */
  long angle_line, angle_col;
  size_t nval;         /* values read in this jointAngle */
  char tok[64];
  size_t toklen;
  double cur[NJ];
  double cur_time;
  int time_ok;         /* every normal frame had a time so far */
  double *col[NJ + 1]; /* the columns, col[NJ] the time (ms) */
  size_t n, cap;        /* rows; rows every column has room for */
  size_t ccap[NJ + 1];  /* each column's allocated values */
  size_t nother;       /* frames of other types */
} mx;

static const char *local(const char *n) {
  const char *c = strrchr(n, ':');
  return c ? c + 1 : n;
}

static const char *attr(const char **at, const char *key) {
  for (; at[0] != NULL; at += 2)
    if (strcmp(local(at[0]), key) == 0) return at[1];
  return NULL;
}

static long line_of(const mx *m) { return (long)XML_GetCurrentLineNumber(m->p); }
static long col_of(const mx *m) { return (long)XML_GetCurrentColumnNumber(m->p) + 1; }

static void fail(mx *m, int code, const char *what) {
  if (m->rc != HINGE_OK) return;
  m->rc = hinge__fail(m->err, code, m->name, line_of(m), col_of(m), "%s", what);
  XML_StopParser(m->p, XML_FALSE);
}

static void joint(mx *m, const char **at) {
  const char *l = attr(at, "label");
  size_t k;
  if (l != NULL && l[0] == 'j') l++;
  for (k = 0; l != NULL && k < NJ; k++)
    if (strcmp(l, joint_names[k]) == 0 && m->slot[k] < 0) m->slot[k] = (int)m->njoints;
  m->njoints++;
}

static void subject(mx *m, const char **at) {
  const char *r = attr(at, "frameRate"), *l = attr(at, "label");
  char *end;
  if (r != NULL) {
    double v = strtod(r, &end);
    if (end == r || *end != '\0' || !(v > 0) || !isfinite(v)) {
      char msg[128];
      snprintf(msg, sizeof msg, "expected a frame rate in frameRate=\"%.40s\"", r);
      fail(m, HINGE_EPARSE, msg);
      return;
    }
    m->rate = v;
    m->rate_line = line_of(m);
  }
  if (l != NULL && l[0] != '\0') {
    snprintf(m->subject, sizeof m->subject, "%s", l);
    m->subject_line = line_of(m);
  }
}

static void frame(mx *m, const char **at) {
  const char *type = attr(at, "type"), *tm = attr(at, "time");
  size_t k;
  char *end;
  if (type != NULL && strcmp(type, "normal") != 0) {
    m->in_frame = 2;
    m->nother++;
    return;
  }
  m->in_frame = 1;
  m->frame_angles = 0;
  for (k = 0; k < NJ; k++) m->cur[k] = NAN;
  m->cur_time = tm != NULL ? strtod(tm, &end) : NAN;
  if (tm == NULL || end == tm || *end != '\0') m->time_ok = 0;
}

static void XMLCALL on_start(void *ud, const char *el, const char **at) {
  mx *m = ud;
  const char *n = local(el);
  if (m->rc != HINGE_OK) return;
  if (strcmp(n, "subject") == 0) subject(m, at);
  else if (strcmp(n, "joints") == 0) {
    m->in_joints = 1;
    if (m->joints_line == 0) m->joints_line = line_of(m);
  }
  else if (m->in_joints && strcmp(n, "joint") == 0) joint(m, at);
  else if (strcmp(n, "frame") == 0) frame(m, at);
  else if (m->in_frame == 1 && strcmp(n, "jointAngle") == 0) {
    if (m->njoints == 0) {
      fail(m, HINGE_ESCHEMA, "a jointAngle before the <joints> list: the order of the "
                             "joints is unknown");
      return;
    }
    m->in_angle = 1;
    m->frame_angles++;
    m->nval = 0;
    m->toklen = 0;
    m->angle_line = line_of(m);
    m->angle_col = col_of(m);
  }
}

/* One number of a jointAngle. */
static void value(mx *m) {
  char *end;
  double v;
  size_t j = m->nval / 3;
  m->tok[m->toklen] = '\0';
  v = strtod(m->tok, &end);
  if (*end != '\0' || !isfinite(v)) {
    char msg[128];
    snprintf(msg, sizeof msg, "expected a number in jointAngle, found '%.40s'", m->tok);
    fail(m, HINGE_EPARSE, msg);
    return;
  }
  if (m->nval % 3 == 2) {
    size_t k;
    for (k = 0; k < NJ; k++)
      if (m->slot[k] == (int)j) m->cur[k] = v;
  }
  m->nval++;
  m->toklen = 0;
}

static void XMLCALL on_text(void *ud, const char *s, int len) {
  mx *m = ud;
  int i;
  if (m->rc != HINGE_OK || !m->in_angle) return;
  for (i = 0; i < len && m->rc == HINGE_OK; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (m->toklen) value(m);
    } else if (m->toklen + 1 < sizeof m->tok) {
      m->tok[m->toklen++] = c;
    } else {
      fail(m, HINGE_EPARSE, "expected a number in jointAngle, found a token of 63+ characters");
    }
  }
}

static int grow(mx *m) {
  size_t k, ncap = m->cap ? m->cap * 2 : 1024;
  for (k = 0; k <= NJ; k++) {
    double *q;
    if (m->ccap[k] >= ncap) continue; /* grown before a later column failed */
    q = hinge__realloc(m->a, m->col[k], m->ccap[k] * sizeof *q, ncap * sizeof *q);
    if (q == NULL) return HINGE_ENOMEM;
    m->col[k] = q;
    m->ccap[k] = ncap;
  }
  m->cap = ncap;
  return HINGE_OK;
}

static void end_angle(mx *m) {
  if (m->toklen) value(m);
  m->in_angle = 0;
  if (m->rc == HINGE_OK && m->nval != 3 * m->njoints) {
    m->rc = hinge__fail(m->err, HINGE_EPARSE, m->name, m->angle_line, m->angle_col,
                        "jointAngle has %lu values, expected 3 for each of the %lu joints "
                        "of <joints> (%lu)",
                        (unsigned long)m->nval, (unsigned long)m->njoints,
                        (unsigned long)(3 * m->njoints));
    XML_StopParser(m->p, XML_FALSE);
  }
}

static void end_frame(mx *m) {
  size_t k;
  int normal = m->in_frame == 1;
  m->in_frame = 0;
  if (!normal) return;
  if (m->frame_angles == 0) {
    fail(m, HINGE_EPARSE, "a normal frame without jointAngle");
    return;
  }
  if (m->n == m->cap && grow(m) != HINGE_OK) {
    m->rc = hinge__fail(m->err, HINGE_ENOMEM, m->name, 0, 0, "out of memory");
    XML_StopParser(m->p, XML_FALSE);
    return;
  }
  for (k = 0; k < NJ; k++) m->col[k][m->n] = m->cur[k];
  m->col[NJ][m->n] = m->cur_time;
  m->n++;
}

static void XMLCALL on_end(void *ud, const char *el) {
  mx *m = ud;
  const char *n = local(el);
  if (m->rc != HINGE_OK) return;
  if (strcmp(n, "joints") == 0) m->in_joints = 0;
  else if (m->in_angle && strcmp(n, "jointAngle") == 0) end_angle(m);
  else if (m->in_frame && strcmp(n, "frame") == 0) end_frame(m);
}

/* An expat error as hinge's: a document that ends early says so. */
static int xml_error(mx *m) {
  enum XML_Error e = XML_GetErrorCode(m->p);
  int early = e == XML_ERROR_NO_ELEMENTS || e == XML_ERROR_UNCLOSED_TOKEN ||
              e == XML_ERROR_PARTIAL_CHAR || e == XML_ERROR_UNCLOSED_CDATA_SECTION;
  if (m->rc != HINGE_OK) return m->rc;
  return hinge__fail(m->err, HINGE_EPARSE, m->name, line_of(m), col_of(m), "%s: %s",
                     early ? "the XML ends early (a truncated file?)" : "XML error",
                     XML_ErrorString(e));
}

static int feed(mx *m, const char *buf, size_t len, int final) {
  if (XML_Parse(m->p, buf, (int)len, final) == XML_STATUS_ERROR) return xml_error(m);
  return m->rc;
}

static int parse(mx *m, const hinge__source *src) {
  int rc = HINGE_OK;
  if (src->path == NULL) {
    const char *b = src->buf;
    size_t off = 0;
    while (rc == HINGE_OK && src->len - off > CHUNK) {
      rc = feed(m, b + off, CHUNK, 0);
      off += CHUNK;
    }
    return rc == HINGE_OK ? feed(m, b + off, src->len - off, 1) : rc;
  } else {
    FILE *f = fopen(src->path, "rb");
    char *buf;
    size_t got;
    if (f == NULL) return hinge__fail(m->err, HINGE_EIO, src->name, 0, 0, "cannot open the file");
    buf = hinge__malloc(m->a, CHUNK);
    if (buf == NULL) {
      fclose(f);
      return hinge__fail(m->err, HINGE_ENOMEM, src->name, 0, 0, "out of memory");
    }
    while (rc == HINGE_OK && (got = fread(buf, 1, CHUNK, f)) > 0) rc = feed(m, buf, got, 0);
    if (rc == HINGE_OK && ferror(f)) rc = hinge__fail(m->err, HINGE_EIO, src->name, 0, 0, "read error");
    if (rc == HINGE_OK) rc = feed(m, buf, 0, 1);
    hinge__free(m->a, buf, CHUNK);
    fclose(f);
    return rc;
  }
}

/* ---- the table ---- */

static int add_columns(mx *m, hinge_table *t, hinge_error *err) {
  static const char *const names[NJ] = {
      "L5S1 Flexion/Extension",       "L4L3 Flexion/Extension",
      "L1T12 Flexion/Extension",      "T9T8 Flexion/Extension",
      "T1C7 Flexion/Extension",       "Right Hip Flexion/Extension",
      "Left Hip Flexion/Extension",   "Right Knee Flexion/Extension",
      "Left Knee Flexion/Extension"};
  hinge__colspec c;
  size_t k;
  int rc = HINGE_OK;
  c.role = HINGE_ROLE_NONE;
  c.source = NULL;
  if (isnan(m->rate) && m->time_ok) { /* no frameRate: the frames' times */
    c.name = "time";
    c.role = HINGE_ROLE_TIME;
    c.unit = HINGE_UNIT_MS;
    if ((rc = hinge__table_add(t, &c, m->col[NJ], m->n, err)) != HINGE_OK) return rc;
    c.role = HINGE_ROLE_NONE;
  }
  c.unit = HINGE_UNIT_DEG;
  for (k = 0; k < NJ && rc == HINGE_OK; k++)
    if (m->slot[k] >= 0) {
      c.name = names[k];
      rc = hinge__table_add(t, &c, m->col[k], m->n, err);
    }
  return rc;
}

static int derive(hinge_table *t, hinge_error *err) {
  static const char *const sources[4] = {
      "L5S1 + L4L3 + L1T12 flexion/extension (S1 to T12)",
      "T9T8 flexion/extension (T12 to T8; T1C7, the neck, left out)",
      "mean of jRightHip and jLeftHip flexion/extension",
      "mean of jRightKnee and jLeftKnee flexion/extension"};
  return hinge__xsens_roles(t, sources, err);
}

static int build(mx *m, const hinge_load_options *o, hinge_table **out, hinge_error *err) {
  hinge_table *t = hinge__table_new(m->name, o, err);
  char rate[32];
  int rc;
  if (t == NULL) return err != NULL && err->code ? err->code : HINGE_ENOMEM;
  hinge__table_set_format(t, "mvnx", note);
  t->schema.header_line = m->joints_line; /* where the columns are named */
  t->schema.lines = m->last_line;
  t->schema.delimiter = ','; /* none in XML: the session CSV default, for the schema accessors */
  rc = add_columns(m, t, err);
  if (rc == HINGE_OK && !isnan(m->rate)) {
    snprintf(rate, sizeof rate, "%.10g", m->rate);
    if (hinge__table_meta_line(t, "frameRate", rate, m->rate_line) != HINGE_OK)
      rc = hinge__fail(err, HINGE_ENOMEM, m->name, 0, 0, "out of memory");
    hinge__table_set_rate(t, m->rate, m->rate_line);
  }
  if (rc == HINGE_OK && m->subject[0] &&
      hinge__table_meta_line(t, "subject", m->subject, m->subject_line) != HINGE_OK)
    rc = hinge__fail(err, HINGE_ENOMEM, m->name, 0, 0, "out of memory");
  if (rc == HINGE_OK) rc = derive(t, err);
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
  mx m;
  size_t k;
  int rc;
  *out = NULL;
  memset(&m, 0, sizeof m);
  m.name = src->name;
  m.err = err;
  m.a = o->alloc;
  m.rate = NAN;
  m.time_ok = 1;
  for (k = 0; k < NJ; k++) m.slot[k] = -1;
  if ((m.p = XML_ParserCreate(NULL)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, src->name, 0, 0, "out of memory");
  XML_SetUserData(m.p, &m);
  XML_SetElementHandler(m.p, on_start, on_end);
  XML_SetCharacterDataHandler(m.p, on_text);
  rc = parse(&m, src);
  m.last_line = line_of(&m);
  if (rc == HINGE_OK && m.n == 0)
    rc = hinge__fail(err, HINGE_ENODATA, src->name, line_of(&m), 0,
                     "no frame of type \"normal\" (%lu other frames: identity, tpose, "
                     "calibration): no joint angles to read",
                     (unsigned long)m.nother);
  if (rc == HINGE_OK && m.slot[J_L5S1] < 0 && m.slot[J_RHIP] < 0 && m.slot[J_LHIP] < 0)
    rc = hinge__fail(err, HINGE_ESCHEMA, src->name, 0, 0,
                     "<joints> names none of jL5S1, jL4L3, jL1T12, jT9T8, jRightHip, "
                     "jLeftHip");
  XML_ParserFree(m.p);
  if (rc == HINGE_OK) rc = build(&m, o, out, err);
  for (k = 0; k <= NJ; k++) hinge__free(m.a, m.col[k], m.ccap[k] * sizeof(double));
  return rc;
}

const hinge__reader hinge__reader_mvnx = {"mvnx", "Xsens MVNX (XML)", detect, load};
