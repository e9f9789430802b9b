/*
 * table_internal.h -- the session table's layout, shared by table.c (the
 * loader and accessors) and schema.c (header matching, metadata).
 */
#ifndef HINGE_TABLE_INTERNAL_H
#define HINGE_TABLE_INTERNAL_H

#include "hinge/csv.h"
#include "hinge/table.h"

/* How a column's fields are converted. */
enum {
  HINGE__K_NUMBER, /* a number, scaled to the loaded unit */
  HINGE__K_ISO,    /* an ISO 8601 date-time -> seconds from the first one */
  HINGE__K_META,   /* metadata text: the first non-empty value is kept */
  HINGE__K_IGNORE  /* text nobody needs (an unknown column that is not numeric) */
};

typedef struct hinge__col {
  char *name;            /* header text up to any NUL byte (allocated) */
  hinge_column_info info;
  int kind;              /* HINGE__K_* */
  int demotable;         /* an unknown column: text turns it into IGNORE */
  double *v;             /* values (NUMBER and ISO), NULL otherwise */
  size_t cap;            /* values allocated */
  char *meta;            /* META: the first non-empty value (allocated) */
  int meta_warned;
  int unit_named;        /* the header named the unit (a suffix: time_s, time_ms) */
  char *source;          /* a derived column's source text (reader.h), or NULL */
  int quiet;             /* a reader's column nobody needs: not loaded, no warning */
} hinge__col;

typedef struct hinge__linemark {
  size_t row;
  long line;
} hinge__linemark;

struct hinge_table {
  const hinge_allocator *alloc;
  char *file;
  hinge__col *cols;
  size_t ncols;
  size_t rows;
  long role_col[HINGE_ROLE_COUNT];
  double *time;          /* == cols[time].v, or owned (from fs) */
  int own_time;
  hinge_schema schema;
  hinge_meta meta;
  char *meta_store[4];   /* owned strings behind meta (athlete, date, set, exercise) */
  hinge_timing timing;
  hinge_gap *gaps;
  size_t ngaps, gapcap;
  hinge_warning *warn;
  size_t nwarn, warncap;
  hinge__linemark *marks; /* row -> line where rows stop being consecutive */
  size_t nmarks, markcap;
  size_t fast_rows;       /* rows the fast path stored (for tests) */
  hinge_meta_line *mlines; /* metadata lines above the header (owned strings) */
  size_t nmlines, mlinecap;
  char *start_store;      /* owned string behind meta.start */
  long rate_line;         /* the metadata line that gave meta.rate_hz */
  /* the readers' framework (reader.h, formats.c, table_build.c) */
  const char *format;     /* the reader's name (static), NULL until set */
  const char *cap_note;   /* its sentence on the channels (static) or NULL */
  int building;           /* HINGE__BUILT_*: rows in, hinge__table_finish to come */
  size_t colcap;          /* cols allocated (hinge__table_add; else ncols) */
  const hinge_role_map *reader_roles; /* a profile's known columns (during the load) */
  size_t nreader_roles;
  struct {                /* what the CSV loader knew and hinge__table_finish needs */
    int have, digits;     /* the absolute time of the first sample: known, */
    long long sec;        /* digits of fraction worth printing, whole seconds, */
    double frac;          /* fraction */
  } abs;
};

enum { HINGE__BUILT_NONE = 0, HINGE__BUILT_ARRAYS = 1, HINGE__BUILT_PROFILE = 2 };

/* An internal load flag (o->flags): the profile loader's raw columns, no
 * role from the names but time (reader.h, hinge__csv_profile.raw), and no
 * role required at the header (hinge__table_finish checks). */
#define HINGE__LOAD_PROFILE (1u << 30)
#define HINGE__LOAD_RAW (1u << 29)

/* schema.c */

/* Match the header to roles and units (explicit mapping first), filling
 * t->cols and t->role_col; checks the required roles. */
int hinge__schema_build(hinge_table *t, const hinge_csv_row *header,
                        const hinge_load_options *o, hinge_error *err);
/* The lines above the header.  Device software writes a few lines such as
 * "Device: Polar H10" or "Sample rate,100 Hz" before the header row: the
 * header is the first line whose cells name a known time or angle column
 * (or a mapped one) and that a line with a number (or an ISO 8601 time) in
 * one of those columns follows.  find looks at the lines of [data, data +
 * len) (the reader's first window; eof: nothing follows it); when it finds
 * such a header after other lines, those lines become metadata (t->mlines;
 * rate, subject, date, exercise, set and load read into t->meta) and skip,
 * lines and term say what to step over.  No such header: skip = 0, the
 * first line stays the header (and its errors the usual ones). */
typedef struct hinge__prescan {
  const char *data;
  size_t len;
  int eof;
  char delimiter;        /* given, or 0 to detect per line */
  size_t skip;           /* result: bytes before the header line */
  long lines;            /* result: physical lines before it */
  int term;              /* result: the first of their terminators (1 LF, 2 CRLF, 3 CR) */
  long header_line;      /* > 0: the header is this physical line (a reader's profile) */
} hinge__prescan;

int hinge__find_header(hinge_table *t, hinge__prescan *ps, const hinge_load_options *o,
                       hinge_error *err);

/* The required roles (o->require, or time and an angle); hline the
 * header's line for the error. */
int hinge__schema_check_required(hinge_table *t, const hinge_load_options *o, long hline,
                                 hinge_error *err);
/* A metadata line: kept (t->mlines) and read into t->meta as a line above
 * a CSV header is (delim: the file's delimiter, for "Rate;100;Hz"). */
int hinge__schema_meta_line(hinge_table *t, const char *key, const char *val, char delim,
                            long line);

/* table_load.c: the loader's steps after the rows (duplicate timestamps,
 * timing, metadata) for a table a reader built (table_build.c). */
int hinge__table_settle(hinge_table *t, const hinge_load_options *o, hinge_error *err);
/* A new empty table named name (roles unassigned, metadata unknown). */
hinge_table *hinge__table_alloc(const char *name, const hinge_load_options *o, hinge_error *err);

/* Athlete, date and set from a file name YYYY-MM-DD_<athlete>[_...].ext,
 * for the parts the columns did not give. */
int hinge__meta_from_filename(hinge_table *t);
/* Normalise a column name: ASCII lower case, runs of other characters
 * turned into one '_', no '_' at either end.  0 when out is too small. */
int hinge__normalize_name(const char *s, size_t len, char *out, size_t outsize);

/* table_tight.c: the tight loop over whole lines of plain numbers */

enum { HINGE__SEEN_DOT = 1, HINGE__SEEN_COMMA = 2 }; /* decimal marks met */
#define HINGE__MAX_THREADS HINGE_LOAD_MAX_THREADS

typedef struct hinge__tight {
  double *const *dst;    /* one column pointer per field */
  size_t ncols;
  char delim;
  int comma_ok;          /* ',' may be the decimal mark */
} hinge__tight;

/* Rows from the whole lines of [p, lim] (lim: a line feed, which stops
 * every scan) into rows r.. of tt->dst, at most max.  Returns how many,
 * with the end of the last one in *stop and its decimal marks or-ed into
 * *seen; it stops at the first line that is not a row of plain numbers
 * (whose slots it may have written). */
size_t hinge__tight_block(const hinge__tight *tt, const char *p, const char *lim, size_t r,
                          size_t max, const char **stop, unsigned *seen);

/* A part of a run of lines, for the parallel form. */
typedef struct hinge__tight_part {
  const char *p, *lim;   /* whole lines; lim is the last one's line feed */
  size_t lines;          /* line feeds in it */
  const hinge__tight *tt;
  size_t row;            /* its first row */
  size_t rows;           /* results: rows stored, where they end, marks */
  const char *stop;
  unsigned seen;
  int prefault;          /* make its rows' pages present first */
} hinge__tight_part;

/* A hint that rows row.. of tt's columns (at most up to cap) are about to
 * be written by the lines of [p, lim]: their pages made present at once
 * where the system can (table_tight.c); nothing else changes. */
void hinge__tight_prefault(const hinge__tight *tt, const char *p, const char *lim, size_t row,
                           size_t cap);

/* Cut [p, lim] into at most threads parts (HINGE__MAX_THREADS at most) at
 * line feeds and count each part's lines, in parallel; returns the number
 * of parts.  Every line then needs a row: the caller makes room. */
size_t hinge__tight_split(const char *p, const char *lim, unsigned threads,
                          hinge__tight_part *parts);
/* Parse the parts in parallel from row on (each part of 8192 lines or
 * more makes its own rows' pages present first, in parallel, as
 * hinge__tight_prefault does); returns the rows stored, with
 * *stop and *seen as hinge__tight_block -- the same result as
 * hinge__tight_block over [p, lim], whatever the number of threads. */
size_t hinge__tight_parallel(const hinge__tight *tt, hinge__tight_part *parts, size_t n,
                             size_t row, const char **stop, unsigned *seen);

/* load_options.c: hinge_load_options_check, errors naming file (may be NULL) */
int hinge__load_options_check(const hinge_load_options *o, const char *file, hinge_error *err);

/* table.c */

/* Add a warning, or count one more of the same kind and column. */
int hinge__table_warn(hinge_table *t, const char *kind, long line, long column,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Replace owned string *slot with a copy of [s, s+len), cut at a NUL
 * byte so hinge__strfree knows its size. */
int hinge__table_setstr(hinge_table *t, char **slot, const char *s, size_t len);

#endif
