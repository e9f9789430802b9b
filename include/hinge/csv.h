/*
 * hinge/csv.h -- the generic CSV reader (RFC 4180 on libcsv) every loader
 * uses: session exports, soreness and training logs, app exports.
 *
 * Streaming: the file is read in fixed-size chunks (HINGE_CSV_CHUNK
 * bytes) and handed to libcsv one physical line at a time, so memory does
 * not grow with the file -- only with the longest record -- and every
 * record and error carries its exact physical line.
 *
 * Grammar (RFC 4180, libcsv in CSV_STRICT | CSV_STRICT_FINI mode):
 * fields separated by the delimiter, records by LF, CRLF or a lone CR; a
 * field may be quoted with '"', a quote inside it doubled; quoted fields
 * may hold delimiters and line breaks.  Spaces are part of a field (they
 * are not trimmed).  A stray quote, text after a closing quote or a quote
 * left open at the end of the file is HINGE_EPARSE.  A UTF-8 BOM at the
 * start is skipped.  UTF-16 (a BOM FF FE or FE FF, or ASCII text with a
 * zero byte beside each character) is read whole and decoded to UTF-8
 * first (line numbers unchanged; a lone surrogate or an odd last byte
 * becomes U+FFFD).  Blank lines (empty or only spaces and tabs) between
 * records are skipped; they still count for line numbers.  Bytes are
 * passed through as they are: fields may hold NUL bytes or invalid UTF-8
 * (use the lengths).
 *
 * Two ways to read: the pull reader (hinge_csv_open_* / hinge_csv_next /
 * hinge_csv_close), which never runs caller code inside libcsv, and the
 * one-shot row-callback functions (hinge_csv_read_file/_buffer) built on
 * it.
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
  const hinge_allocator *alloc; /* NULL = libc; must outlive the reader */
  size_t max_record;     /* bytes of all a record's fields; 0 = default (HINGE_CSV_MAX_RECORD) */
} hinge_csv_options;

/* The defaults: every field 0 (a zeroed struct means the same). */
HINGE_EXPORT void hinge_csv_options_init(hinge_csv_options *o);
/* HINGE_OK when the readers accept o, else HINGE_EINVAL with their message. */
HINGE_EXPORT int hinge_csv_options_check(const hinge_csv_options *o, hinge_error *err);

#define HINGE_CSV_MAX_FIELD (16u << 20)  /* 16 MiB */
#define HINGE_CSV_MAX_COLUMNS 100000u
#define HINGE_CSV_MAX_RECORD (64u << 20) /* 64 MiB */
#define HINGE_CSV_CHUNK (64u << 10)      /* bytes read from a file at a time */

/* One record.  Everything it points to is owned by the reader and valid
 * only during the callback, or until the next hinge_csv_next/close. */
typedef struct hinge_csv_row {
  size_t nfields;
  const char *const *fields; /* each NUL-terminated (a field may hold NUL
                                bytes: use lengths) */
  const size_t *lengths;
  long line;                 /* 1-based physical line where the record starts */
  size_t index;              /* 0-based record number (0 = the header, if any) */
} hinge_csv_row;

/* Called once per record, blank lines skipped.  Return HINGE_OK to go
 * on; any other status stops the read, and hinge_csv_read* returns it
 * (fill err yourself: hinge_error_format-ready, column = 1-based field).
 * The callback runs outside libcsv (never inside csv_parse), yet it must
 * not longjmp (lua_error) out: the reader would leak.  Lua code should use
 * the pull reader from a userdata with __gc instead. */
typedef int (*hinge_csv_row_fn)(void *ud, const hinge_csv_row *row, hinge_error *err);

/* What the reader saw. */
typedef struct hinge_csv_info {
  char delimiter;  /* the delimiter used (given or detected) */
  int had_bom;     /* a BOM (UTF-8, or UTF-16 before decoding) was stripped */
  int crlf;        /* the first line ended with CRLF */
  size_t records;  /* records delivered so far (blank lines are not records) */
  long lines;      /* physical lines read so far */
} hinge_csv_info;

/* Detection: the delimiter is the one of ',', ';' and '\t' that occurs most
 * often outside quotes in the first non-blank line (ties: ',' then ';'
 * then tab; none: ','). */

/* Errors, for every function below: HINGE_EIO (cannot open or read, with
 * the file name), HINGE_EPARSE (malformed CSV, with line and 1-based field
 * as column), HINGE_ELIMIT (a field, record or column count over the
 * limits, with line and column), HINGE_ENOMEM, HINGE_EINVAL (bad options:
 * a delimiter other than ',', ';', '\t' or 0). */

/* ---- pull reader ---- */
typedef struct hinge_csv_reader hinge_csv_reader;

/* Open the file at path for reading ("-" is not accepted: read standard
 * input into memory and use hinge_csv_open_buffer).  On success *out is a
 * reader to close with hinge_csv_close; on failure *out is NULL.  opts
 * may be NULL; it is copied, but opts->alloc must outlive the reader. */
HINGE_EXPORT int hinge_csv_open_file(const char *path, const hinge_csv_options *opts,
                                     hinge_csv_reader **out, hinge_error *err);

/* The same over len bytes at buf, which must outlive the reader (it is
 * not copied); name is used in error messages (copied). */
HINGE_EXPORT int hinge_csv_open_buffer(const char *name, const void *buf, size_t len,
                                       const hinge_csv_options *opts,
                                       hinge_csv_reader **out, hinge_error *err);

/* The next record: returns 1 and points *row at it (valid until the next
 * call or hinge_csv_close), 0 at the end of the input, or a negative
 * status.  After an error the reader is spent: every further call returns
 * the same status. */
HINGE_EXPORT int hinge_csv_next(hinge_csv_reader *r, const hinge_csv_row **row,
                                hinge_error *err);

/* What the reader saw so far; the pointer lives as long as the reader.
 * NULL for a NULL reader (docs/c-api.md, Conventions). */
HINGE_EXPORT const hinge_csv_info *hinge_csv_reader_info(const hinge_csv_reader *r);

/* Close the file and free everything.  NULL is a no-op. */
HINGE_EXPORT void hinge_csv_close(hinge_csv_reader *r);

/* ---- one-shot, row callback ---- */

/* Read the file at path, calling fn for each record.  info may be NULL. */
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
