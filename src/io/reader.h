/*
 * reader.h -- the device readers' framework (docs/formats.md, "Device
 * formats"; docs/internals.md).
 *
 * A reader turns one export layout into a session table.  formats.c holds
 * the registry (HINGE__READERS below: one line per reader), looks at the
 * first bytes of the input (and its file name's extension) to pick one,
 * or takes the one hinge_load_options.input_format names, and calls its
 * load.  A reader builds its table either from arrays (hinge__table_new,
 * hinge__table_add, hinge__table_finish) or with the CSV loader from a
 * given header line (hinge__table_load_profile), then derives roles and
 * finishes the same way.  Errors name the file and the physical line and
 * column, through hinge__fail, as everywhere.
 */
#ifndef HINGE_IO_READER_H
#define HINGE_IO_READER_H

#include <stddef.h>

#include "hinge/table.h"

/* What is being read. */
typedef struct hinge__source {
  const char *name;       /* the file name for errors and metadata */
  const char *path;       /* NULL for a buffer */
  const void *buf;        /* the buffer (NULL for a path) */
  size_t len;
} hinge__source;

/* What detection sees. */
#define HINGE__SNIFF_MAX ((size_t)64 << 10)
typedef struct hinge__sniff {
  const char *ext;        /* lower-case extension without the dot ("mot", "csv", "") */
  const char *head;       /* the first bytes (at most HINGE__SNIFF_MAX; a UTF-8 BOM */
  size_t len;             /* skipped, UTF-16 decoded to UTF-8); "" for a directory */
  int is_dir;             /* path is a directory */
  const char *path;       /* NULL for a buffer */
} hinge__sniff;

typedef struct hinge__reader {
  const char *name;       /* "opensim", as --input-format takes it */
  const char *title;      /* "OpenSim .mot/.sto", for docs and hinge info */
  /* 0: not this format; 1: the extension only; 2: the content; 3: the
   * content and the extension.  The highest wins, ties go to the earlier
   * reader; when every reader says 0, the input is a hinge session CSV. */
  int (*detect)(const hinge__sniff *s);
  /* Load src into *out (NULL on failure).  The framework sets the table's
   * format to the reader's name when the reader did not. */
  int (*load)(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
              hinge_error *err);
} hinge__reader;

/* The registry: each reader defines `const hinge__reader hinge__reader_NAME`
 * in its own file and adds ONE line `X(NAME) \` here (before the closing
 * comment).  The order is the order detection breaks ties in and the order
 * docs and errors list the names. */
#define HINGE__READERS(X) \
  X(csv)                  \
  X(opensim)              \
  X(noraxon)              \
  X(flextail)             \
  X(xsens)                \
  X(mvnx)                 \
  X(vicon)                \
  X(coco17)               \
  X(mediapipe)            \
  X(openpose)             \
  X(imu)                  \
  /* end of the readers */

#define HINGE__READER_DECLARE(n) extern const hinge__reader hinge__reader_##n;
HINGE__READERS(HINGE__READER_DECLARE)

/* formats.c */

/* The reader named name (case-insensitive), or NULL. */
const hinge__reader *hinge__reader_find(const char *name);
/* "csv, opensim, ..." into buf (for errors); returns buf. */
const char *hinge__reader_names(char *buf, size_t size);
/* Whether a sniffed head has a line (trimmed of spaces, tabs, CR) equal to
 * word, case-insensitively, among its first max lines. */
int hinge__sniff_line(const hinge__sniff *s, const char *word, int max);
/* Whether text occurs in the head (case-sensitive). */
int hinge__sniff_has(const hinge__sniff *s, const char *text);

/* ---- building a table (table_build.c) ---- */

/* An empty table for name (the file name: errors, metadata from the file
 * name).  NULL (err set) when out of memory or o is refused. */
hinge_table *hinge__table_new(const char *name, const hinge_load_options *o, hinge_error *err);

/* A column a reader adds: name (the header text, copied); role: a
 * hinge_role or HINGE_ROLE_NONE (a role another column holds moves to this
 * one, unless the user mapped that column: then this one gets none);
 * unit: the unit the values are in (HINGE_UNIT_RAD is converted to
 * degrees, ms, us and ns to seconds; the column's unit stays the given
 * one, "in the file"); source: what a derived column was made from ("mean
 * of hip_flexion_r and hip_flexion_l", copied) or NULL for a column the
 * file has. */
typedef struct hinge__colspec {
  const char *name;
  int role;
  int unit;
  const char *source;
} hinge__colspec;

/* Add a numeric column of n values (copied).  The first column sets the
 * row count; later ones must have as many. */
int hinge__table_add(hinge_table *t, const hinge__colspec *c, const double *v, size_t n,
                     hinge_error *err);

/* Give column ci role (as hinge__table_add does: moved from another
 * column, unless the user mapped that one: then nothing changes and 0 is
 * returned; 1 when the role was set).  source as above (copied), or NULL
 * to keep the column's. */
int hinge__table_set_role(hinge_table *t, size_t ci, int role, const char *source,
                          hinge_error *err);

/* The column whose header is name (exact, else case-insensitive), or -1. */
long hinge__table_named(const hinge_table *t, const char *name);

/* Two sides of one angle (right, left: column names, as hinge__table_named finds them) into role:
 * both there, a derived column named role (spec.name, default the role's
 * name) holding their mean (where a row misses one side, the other), its
 * source "mean of RIGHT and LEFT"; one there, that column takes the role
 * ("RIGHT only (the file has one side)"); none, nothing.  The columns are
 * in degrees by then (hinge__table_convert first).  HINGE_OK or an error. */
int hinge__table_mean2(hinge_table *t, const char *right, const char *left, int role,
                       hinge_error *err);

/* Column ci's values are in unit (in the file): HINGE_UNIT_RAD converts
 * them to degrees, ms, us, ns to seconds; the column's unit becomes unit. */
void hinge__table_convert(hinge_table *t, size_t ci, int unit);

/* Values of column ci, writable until hinge__table_finish (NULL for a text
 * column or ci out of range). */
double *hinge__table_values(hinge_table *t, size_t ci);

/* The reader's name and its sentence on what its channels measure (both
 * static strings; note may be NULL). */
void hinge__table_set_format(hinge_table *t, const char *format, const char *capability_note);

/* A metadata line the reader read ("inDegrees" = "yes", line 5): kept in
 * the table's metadata (hinge info shows them); the sample rate, subject,
 * date, ... are read from it as from the CSV loader's metadata lines.
 * HINGE_OK or HINGE_ENOMEM. */
int hinge__table_meta_line(hinge_table *t, const char *key, const char *value, long line);

/* The sample rate the file states (a frame rate in its header): used when
 * there is no time column and no fs is given, else checked against them. */
void hinge__table_set_rate(hinge_table *t, double hz, long line);

/* After the columns: the user's mapping (tables built from arrays), the
 * required roles, duplicate timestamps, timing (median step, gaps),
 * warnings, metadata from the file name.  On failure the table is still
 * the caller's to destroy. */
int hinge__table_finish(hinge_table *t, const hinge_load_options *o, hinge_error *err);

/* ---- the CSV loader with a profile, for text layouts ---- */

/* header_line: the physical line of the header (1-based; its lines above
 * are kept as metadata lines, read as the CSV loader reads them) or 0 to
 * find it as the CSV loader does; delimiter: ',', ';', '\t' or 0 to
 * detect; decimal: '.', ',' or 0 (a comma allowed unless the delimiter is
 * one); raw: no role from the column names but time (the reader gives
 * them, hinge__table_set_role); the user's mapping applies either way.  No
 * role is required here: the reader derives them, then calls
 * hinge__table_finish. */
typedef struct hinge__csv_profile {
  long header_line;
  char delimiter;
  char decimal;
  int raw;
  /* the layout's known columns, matched as a --map is (exact, then
   * case-insensitive, then normalised) after the user's mapping: a column
   * the file lacks or the user mapped is passed over; role HINGE_ROLE_NONE
   * means "not loaded, without a warning" (text nobody needs); athlete,
   * date, set, exercise columns become the metadata as in a session CSV */
  const hinge_role_map *roles;
  size_t nroles;
} hinge__csv_profile;

/* Load the rows of src (a path or a buffer) into an unfinished table. */
int hinge__table_load_profile(const hinge__source *src, const hinge__csv_profile *p,
                              const hinge_load_options *o, hinge_table **out, hinge_error *err);

/* table_load.c: hinge's own CSV, the reader "csv". */
int hinge__csv_load(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                    hinge_error *err);

/* Reading the source's text for a reader that parses it itself: the
 * whole input (a file read into memory, UTF-16 decoded, a UTF-8 BOM
 * skipped) into *data / *len, to free with hinge__source_free.  At most
 * max bytes (HINGE_ELIMIT beyond). */
typedef struct hinge__text {
  char *data;
  size_t len;
  size_t cap;
  const hinge_allocator *alloc;
} hinge__text;
int hinge__source_read(const hinge__source *src, const hinge_allocator *a, size_t max,
                       hinge__text *out, hinge_error *err);
/* The first max bytes only (never HINGE_ELIMIT; out->len < max: the whole
 * input), decoded the same way: for a header to read before the rows. */
int hinge__source_head(const hinge__source *src, const hinge_allocator *a, size_t max,
                       hinge__text *out, hinge_error *err);
void hinge__source_free(hinge__text *t);

/* A text layout's header line: the first of the first max_lines lines of
 * head (read with hinge__source_head(..., max_bytes, ...)) that match
 * says is one.  1 with its physical line (1-based) in *line and its
 * delimiter (hinge__csv_detect) in *delim; 0 with the lines looked at in
 * *line (a line cut by the max_bytes window is not looked at). */
int hinge__find_header_line(const hinge__text *head, size_t max_bytes, long max_lines,
                            int (*match)(const char *p, const char *q), long *line,
                            char *delim);

#endif
