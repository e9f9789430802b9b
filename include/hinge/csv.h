/*
 * hinge/csv.h -- the generic CSV reader (RFC 4180 on libcsv) every loader
 * uses: session exports, soreness and training logs, app exports.
 *
 * Streaming: the file is read in fixed-size chunks and each record is
 * handed to a callback, so memory does not grow with the file.
 */
#ifndef HINGE_CSV_H
#define HINGE_CSV_H

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hinge_csv_options {
  char delimiter;        /* ',', ';' or '\t'; 0 = detect from the first record */
  size_t max_field;      /* longest field in bytes; 0 = default (HINGE_CSV_MAX_FIELD) */
  size_t max_columns;    /* most fields in a record; 0 = default (HINGE_CSV_MAX_COLUMNS) */
  const hinge_allocator *alloc; /* NULL = libc; must outlive the call */
} hinge_csv_options;

#define HINGE_CSV_MAX_FIELD (16u << 20)  /* 16 MiB */
#define HINGE_CSV_MAX_COLUMNS 100000u

/* One record.  Everything it points to is owned by the reader and valid
 * only during the callback (as libcsv's field pointers). */
typedef struct hinge_csv_row {
  size_t nfields;
  const char *const *fields; /* each NUL-terminated (a field may hold NUL bytes:
                                use lengths) */
  const size_t *lengths;
  long line;                 /* 1-based physical line where the record starts */
  size_t index;              /* 0-based record number (0 = the header, if any) */
} hinge_csv_row;

/* Called once per record; blank lines are skipped, but `line` stays the
 * exact physical line (quoted newlines counted).  Return HINGE_OK to go on; any other status stops the read, and
 * hinge_csv_read* returns it (fill err yourself, column = 1-based field).
 * Never longjmp (lua_error) out of the callback. */
typedef int (*hinge_csv_row_fn)(void *ud, const hinge_csv_row *row, hinge_error *err);

/* What the reader saw. */
typedef struct hinge_csv_info {
  char delimiter;  /* the delimiter used (given or detected) */
  int had_bom;     /* a UTF-8 BOM was stripped */
  int crlf;        /* line ends were CRLF */
  size_t records;  /* records delivered, blank lines included */
  long lines;      /* physical lines read */
} hinge_csv_info;

/* Read the file at path (NULL or "-" is not accepted: use
 * hinge_csv_read_buffer for in-memory data).  info may be NULL.
 * Errors: HINGE_EIO (cannot open or read), HINGE_EPARSE (malformed CSV,
 * with line and column), HINGE_ELIMIT (a field or record over the
 * limits), HINGE_ENOMEM, or the callback's status. */
HINGE_EXPORT int hinge_csv_read_file(const char *path, const hinge_csv_options *opts,
                                     hinge_csv_row_fn fn, void *ud,
                                     hinge_csv_info *info, hinge_error *err);

/* The same over len bytes at buf; name is used in error messages. */
HINGE_EXPORT int hinge_csv_read_buffer(const char *name, const void *buf, size_t len,
                                       const hinge_csv_options *opts,
                                       hinge_csv_row_fn fn, void *ud,
                                       hinge_csv_info *info, hinge_error *err);

#ifdef __cplusplus
}
#endif
#endif
