/*
 * flextail.c -- the reader "flextail": FlexTail (Rectify) spine-sensor
 * recordings as CSV (docs/formats.md, "FlexTail CSV").
 *
 * What is known of the layout (public projects that read FlexTail data
 * through the vendor's flexlib from .rsf files; no vendor document was
 * found): per sample `lumbarAngle`, `thoracicAngle`, `sagittal`,
 * `lateral`, `twist` (all radians), `lateralApprox`, `sagittalApprox`,
 * `acceleration`, `gyro`, and metadata `User`, `Activity`, `Rating`,
 * `Source_File`, `Time`.  Assumed here: one CSV header row naming those
 * columns (any lines above it are metadata), `,` or `;`, a time column
 * `Time`/`time` in seconds (or `timestamp`: epoch or ISO 8601), the
 * angles as flexion-positive radians.  lumbar = lumbarAngle, thoracic =
 * thoracicAngle, trunk = sagittal (the sensor's forward lean), converted
 * to degrees.
 */
#include <string.h>

#include "csv_internal.h"
#include "base/internal.h"
#include "reader.h"

#define HEAD_MAX ((size_t)64 << 10)
#define HEAD_LINES 200

static const char note[] =
    "lumbar and thoracic are FlexTail's lumbarAngle and thoracicAngle (radians, sign as "
    "exported: check that flexion is positive), trunk its sagittal tilt";

/* The layout's columns: the angles (radians, converted after the load),
 * metadata, and text nobody needs. */
static const hinge_role_map known[] = {
  {HINGE_ROLE_LUMBAR, "lumbarAngle", 0}, {HINGE_ROLE_THORACIC, "thoracicAngle", 0},
  {HINGE_ROLE_TRUNK, "sagittal", 0},     {HINGE_ROLE_ATHLETE, "User", 0},
  {HINGE_ROLE_EXERCISE, "Activity", 0},  {HINGE_ROLE_NONE, "Rating", 0},
  {HINGE_ROLE_NONE, "Source_File", 0},
};

/* The angle columns, all radians: to degrees (the roles' ones and the rest). */
static const char *const angles[] = {"lumbarAngle", "thoracicAngle", "sagittal", "lateral",
                                     "twist", "sagittalApprox", "lateralApprox"};

/* ---- detection ---- */

static int detect(const hinge__sniff *s) {
  return !s->is_dir && hinge__sniff_has(s, "lumbarAngle") ? 2 : 0;
}

/* ---- the header line: the first naming lumbarAngle as a cell ---- */

static int cell_at(const char *line, const char *e, const char *hit, size_t n) {
  const char *a = hit, *b = hit + n;
  while (a > line && (a[-1] == ' ' || a[-1] == '"')) a--;
  while (b < e && (*b == ' ' || *b == '"' || *b == '\r')) b++;
  return (a == line || a[-1] == ',' || a[-1] == ';' || a[-1] == '\t') &&
         (b == e || *b == ',' || *b == ';' || *b == '\t');
}

static int names_lumbar(const char *p, const char *e) {
  const char *q;
  for (q = p; q + 11 <= e; q++)
    if (memcmp(q, "lumbarAngle", 11) == 0 && cell_at(p, e, q, 11)) return 1;
  return 0;
}

static int find_header(const hinge__source *src, const hinge__text *x, long *line, char *delim,
                       hinge_error *err) {
  if (hinge__find_header_line(x, HEAD_MAX, HEAD_LINES, names_lumbar, line, delim)) return HINGE_OK;
  return hinge__fail(err, HINGE_ESCHEMA, src->name, *line, 0,
                     "expected a FlexTail header naming the column 'lumbarAngle' in the first "
                     "%ld lines", *line);
}

/* ---- the roles ---- */

static int derive(hinge_table *t, const hinge_load_options *o, hinge_error *err) {
  size_t i;
  for (i = 0; i < sizeof angles / sizeof angles[0]; i++) {
    long ci = hinge__table_named(t, angles[i]);
    /* radians whatever role they have (a --map of them too) */
    if (ci >= 0 && hinge__table_values(t, (size_t)ci) != NULL)
      hinge__table_convert(t, (size_t)ci, HINGE_UNIT_RAD);
  }
  hinge__table_set_format(t, "flextail", note);
  return hinge__table_finish(t, o, err);
}

static int load(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                hinge_error *err) {
  hinge__text head;
  hinge__csv_profile p;
  int rc = hinge__source_head(src, o ? o->alloc : NULL, HEAD_MAX, &head, err);
  *out = NULL;
  if (rc != HINGE_OK) return rc;
  memset(&p, 0, sizeof p);
  rc = find_header(src, &head, &p.header_line, &p.delimiter, err);
  hinge__source_free(&head);
  if (rc != HINGE_OK) return rc;
  p.raw = 1;
  p.roles = known;
  p.nroles = sizeof known / sizeof known[0];
  if ((rc = hinge__table_load_profile(src, &p, o, out, err)) != HINGE_OK) return rc;
  if ((rc = derive(*out, o, err)) != HINGE_OK) {
    hinge_table_destroy(*out);
    *out = NULL;
  }
  return rc;
}

const hinge__reader hinge__reader_flextail = {"flextail", "FlexTail spine sensor CSV (assumed "
                                              "layout, docs/formats.md)", detect, load};
