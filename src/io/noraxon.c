/*
 * noraxon.c -- the reader "noraxon": Noraxon myoMOTION (MR3) CSV exports
 * (docs/formats.md, "Noraxon myoMOTION CSV").
 *
 * A few metadata lines above the header, then a header whose first cell
 * is `time` (seconds) and whose channels carry their unit, `Thoracic
 * Flexion Fwd (deg)`, `Lumbar Flexion Fwd (deg)`, `RT Hip Flexion (deg)`,
 * `LT Hip Flexion (deg)`, `RT Knee Flexion (deg)`, ...; `;` and a decimal
 * comma in German locales, `,` and a point elsewhere.  The rows are read
 * by the CSV loader from the header line (hinge__table_load_profile, raw
 * columns); thoracic and lumbar are the two spine channels as they are,
 * hip and knee the means of both sides.
 */
#include <string.h>

#include "csv_internal.h"
#include "base/internal.h"
#include "reader.h"

#define HEAD_MAX ((size_t)64 << 10) /* the header must be in the first 64 KiB */
#define HEAD_LINES 200              /* ... within its first lines */

static const char note[] =
    "thoracic and lumbar are the myoMOTION upper- and lower-spine sensors' forward flexion "
    "(Thoracic / Lumbar Flexion Fwd)";

/* The spine channels (roles at the header: numbers, never text), and the
 * event columns of the export (text or empty, not loaded). */
static const hinge_role_map known[] = {{HINGE_ROLE_THORACIC, "Thoracic Flexion Fwd (deg)", 0},
                                       {HINGE_ROLE_LUMBAR, "Lumbar Flexion Fwd (deg)", 0},
                                       {HINGE_ROLE_NONE, "Activity", 0},
                                       {HINGE_ROLE_NONE, "Marker", 0}};

static const char *const lumbar_col = "Lumbar Flexion Fwd (deg)";

/* ---- detection ---- */

static int detect(const hinge__sniff *s) {
  if (s->is_dir) return 0;
  if (hinge__sniff_has(s, "Flexion Fwd (deg)") || hinge__sniff_has(s, "Noraxon MyoMotion") ||
      (hinge__sniff_has(s, "RT Hip Flexion (deg)") && hinge__sniff_has(s, "LT Hip Flexion (deg)")))
    return 2;
  return 0;
}

/* ---- the header line ---- */

/* Whether the line [p, e) is the header: its first cell is `time`
 * (quotes and spaces around it allowed) and a cell names a unit "(deg)". */
static int is_header(const char *p, const char *e) {
  const char *q;
  while (p < e && (*p == ' ' || *p == '"' || *p == '\t')) p++;
  if (e - p < 5 || strncmp(p, "time", 4) != 0) {
    if (e - p < 5 || strncmp(p, "Time", 4) != 0) return 0;
  }
  q = p + 4;
  while (q < e && (*q == ' ' || *q == '"')) q++;
  if (q == e || (*q != ';' && *q != ',' && *q != '\t')) return 0;
  for (; q + 5 <= e; q++)
    if (memcmp(q, "(deg)", 5) == 0) return 1;
  return 0;
}

/* The header's physical line and delimiter. */
static int find_header(const hinge__source *src, const hinge__text *x, long *line, char *delim,
                       hinge_error *err) {
  if (hinge__find_header_line(x, HEAD_MAX, HEAD_LINES, is_header, line, delim)) return HINGE_OK;
  return hinge__fail(err, HINGE_ESCHEMA, src->name, *line, 0,
                     "expected the myoMOTION header (a line starting 'time' with channels such "
                     "as '%s') in the first %ld lines", lumbar_col, *line);
}

/* ---- the roles ---- */

static int derive(hinge_table *t, const hinge_load_options *o, hinge_error *err) {
  int rc;
  if ((rc = hinge__table_mean2(t, "RT Hip Flexion (deg)", "LT Hip Flexion (deg)",
                               HINGE_ROLE_HIP, err)) != HINGE_OK ||
      (rc = hinge__table_mean2(t, "RT Knee Flexion (deg)", "LT Knee Flexion (deg)",
                               HINGE_ROLE_KNEE, err)) != HINGE_OK)
    return rc;
  hinge__table_set_format(t, "noraxon", note);
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
  p.raw = 1; /* decimal: a comma allowed unless it is the delimiter */
  p.roles = known;
  p.nroles = sizeof known / sizeof known[0];
  if ((rc = hinge__table_load_profile(src, &p, o, out, err)) != HINGE_OK) return rc;
  if ((rc = derive(*out, o, err)) != HINGE_OK) {
    hinge_table_destroy(*out);
    *out = NULL;
  }
  return rc;
}

const hinge__reader hinge__reader_noraxon = {"noraxon", "Noraxon myoMOTION CSV (MR3 export)",
                                             detect, load};
