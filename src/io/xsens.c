/*
 * xsens.c -- the reader "xsens": the joint-angle export of Xsens MVN
 * (Analyze/Animate) as CSV (docs/formats.md, "Xsens MVN joint angles
 * (CSV)").
 *
 * One header row `Frame`, then three columns per joint: `L5S1 Lateral
 * Bending`, `L5S1 Axial Bending`, `L5S1 Flexion/Extension`, `L4L3 ...`,
 * `L1T12 ...`, `T9T8 ...`, `T1C7 ...`, `C1 Head ...`, shoulders, elbows,
 * wrists, `Right Hip Flexion/Extension`, `Right Knee ...`, ... (the ZXY
 * Euler angles of each joint, degrees, flexion positive).  Lines above the
 * header are kept as metadata lines (a `Frame Rate: 60` line gives the
 * rate); without one the rate comes from --fs.  The rows are read by the
 * CSV loader (hinge__table_load_profile, raw columns, `,` or `;`); the
 * roles are then derived (device_derive.c):
 *   lumbar   = L5S1 + L4L3 + L1T12 (S1 to T12: the lumbar spine),
 *   thoracic = T9T8 (T12 to the T8 segment; T1C7 is the neck on T8: left
 *              out, a nod of the head is no upper-back rounding),
 *   hip      = mean of Right and Left Hip Flexion/Extension,
 *   knee     = mean of Right and Left Knee Flexion/Extension.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/internal.h"
#include "csv_internal.h"
#include "device_derive.h"
#include "reader.h"
#include "table_internal.h"

#define HEAD_LINES 200 /* the header must be among the first lines */

static const char note[] =
    "lumbar = L5S1 + L4L3 + L1T12, thoracic = T9T8 (MVN joint angles); MVN interpolates "
    "the spine joints between its pelvis and sternum (T8) sensors with a spine model, so "
    "the upper/lower split is modelled, not measured vertebra by vertebra";

/* ---- the header row ---- */

/* Whether the line's first cell is `Frame` and the line names a joint
 * angle. */
static int header_like(const char *p, size_t n) {
  const char *e = p + n;
  size_t i;
  while (p < e && (*p == ' ' || *p == '"' || *p == '\t')) p++;
  if (e - p < 6 || strncmp(p, "Frame", 5) != 0) return 0;
  if (p[5] != ',' && p[5] != ';' && p[5] != '\t' && p[5] != '"') return 0;
  for (i = 0; p + i + 17 <= e; i++)
    if (memcmp(p + i, "Flexion/Extension", 17) == 0) return 1;
  return 0;
}

/* ---- detection ---- */

/* A line of the head, among its first HEAD_LINES, that header_like takes:
 * a session CSV with a `Hip Flexion/Extension` column but no `Frame` first
 * stays hinge's CSV. */
static int detect(const hinge__sniff *s) {
  const char *p = s->head, *end = s->head + s->len;
  int ext = strcmp(s->ext, "csv") == 0 || strcmp(s->ext, "txt") == 0, k;
  if (s->is_dir) return 0;
  for (k = 0; k < HEAD_LINES && p < end; k++) {
    const char *q = memchr(p, '\n', (size_t)(end - p));
    if (q == NULL) q = end;
    if (header_like(p, (size_t)(q - p))) return 2 + ext;
    p = q + 1;
  }
  return 0;
}

static int find_header(const hinge__source *src, const hinge_allocator *a, long *line,
                       hinge_error *err) {
  hinge__lines ln;
  hinge__piece pc;
  int rc, start = 1;
  *line = 0;
  if (src->path != NULL) {
    if ((rc = hinge__lines_open_file(&ln, src->path, a, 0, err)) != HINGE_OK) return rc;
  } else {
    hinge__lines_open_buffer(&ln, src->buf, src->len, a);
  }
  while ((rc = hinge__lines_next(&ln, &pc, src->name, err)) == 1) {
    int first = start;
    start = pc.complete;
    if (!first) continue; /* a long line's later pieces */
    if (pc.line > HEAD_LINES) break;
    if (header_like(pc.data, pc.complete ? pc.textlen : pc.len)) {
      *line = pc.line;
      break;
    }
  }
  hinge__lines_close(&ln);
  if (rc < 0) return rc;
  if (*line == 0)
    return hinge__fail(err, HINGE_ESCHEMA, src->name, 1, 1,
                       "expected the MVN joint-angle header (Frame, L5S1 Lateral Bending, "
                       "..., L5S1 Flexion/Extension, ...) in the first %d lines",
                       HEAD_LINES);
  return HINGE_OK;
}

/* ---- the roles ---- */

static int derive(hinge_table *t, hinge_error *err) {
  static const char *const sources[4] = {
      "L5S1 + L4L3 + L1T12 Flexion/Extension (S1 to T12)",
      "T9T8 Flexion/Extension (T12 to T8; T1C7, the neck, left out)",
      "mean of Right Hip and Left Hip Flexion/Extension",
      "mean of Right Knee and Left Knee Flexion/Extension"};
  return hinge__xsens_roles(t, sources, err);
}

static int load(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                hinge_error *err) {
  hinge__csv_profile p;
  hinge_table *t = NULL;
  int rc;
  memset(&p, 0, sizeof p);
  p.raw = 1;
  *out = NULL;
  if ((rc = find_header(src, o->alloc, &p.header_line, err)) != HINGE_OK) return rc;
  if ((rc = hinge__table_load_profile(src, &p, o, &t, err)) != HINGE_OK) return rc;
  hinge__table_set_format(t, "xsens", note);
  rc = derive(t, err);
  if (rc == HINGE_OK && !(o->fs > 0) && isnan(t->meta.rate_hz) && t->role_col[HINGE_ROLE_TIME] < 0)
    rc = hinge__fail(err, HINGE_ESCHEMA, src->name, p.header_line, 1,
                     "no frame rate: MVN's CSV export numbers the frames and does not "
                     "say their rate; give it with --fs HZ (the MVNX file states it)");
  if (rc == HINGE_OK) rc = hinge__table_finish(t, o, err);
  if (rc != HINGE_OK) {
    hinge_table_destroy(t);
    return rc;
  }
  *out = t;
  return HINGE_OK;
}

const hinge__reader hinge__reader_xsens = {"xsens", "Xsens MVN joint angles (CSV)", detect,
                                           load};
