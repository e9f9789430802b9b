/*
 * csv_internal.h -- the pieces of the CSV reader the session loader shares
 * (not installed):
 *
 *   hinge__lines   reads a file (or a buffer) in fixed-size chunks and cuts
 *                  it into physical lines, skipping a UTF-8 BOM;
 *   hinge__csvrec  feeds lines to libcsv and assembles its fields into
 *                  records, tracking the physical line of each record and
 *                  capping memory.
 *
 * Lines are the unit of work: a record always ends at the end of a line,
 * so feeding libcsv one line per csv_parse call completes at most one
 * record per call, and the caller handles that record after csv_parse has
 * returned (no caller code ever runs inside libcsv).
 */
#ifndef HINGE_CSV_INTERNAL_H
#define HINGE_CSV_INTERNAL_H

#include <stdio.h>

#include <csv.h>

#include "hinge/csv.h"

/* A physical line, or a fragment of one longer than the chunk buffer. */
typedef struct hinge__piece {
  const char *data;
  size_t len;       /* bytes, terminator included */
  size_t textlen;   /* bytes before the terminator (LF, CRLF or CR) */
  long line;        /* 1-based physical line where the piece starts */
  int complete;     /* 1: the piece ends its line (terminator or end of input) */
} hinge__piece;

typedef struct hinge__lines {
  const hinge_allocator *alloc;
  FILE *f;          /* NULL for a memory source */
  char *buf;        /* file source: the fixed chunk buffer (cap bytes) */
  size_t cap;
  const char *data; /* the window: buf, or the caller's memory */
  size_t len, pos;
  int eof;          /* nothing more to read into the window */
  int started;      /* the first chunk was read and a BOM looked for */
  int had_bom;
  int term;         /* first terminator seen: 0 none, 1 LF, 2 CRLF, 3 CR */
  long line;        /* line of the next piece */
  long lines;       /* complete lines delivered */
  long size;        /* bytes in the file or buffer; -1 if unknown */
  size_t cr_at;     /* offset of the next CR in the window, or cr_end ... */
  size_t cr_end;    /* ... when there is none before cr_end (searched so far) */
  int cr_known;     /* cr_at is valid for the current window */
  int encoding;     /* HINGE__ENC_*: what the input was before decoding */
  char *own;        /* the input decoded from UTF-16 (owncap bytes), or NULL */
  size_t owncap;
} hinge__lines;

enum { HINGE__ENC_UTF8 = 0, HINGE__ENC_UTF16LE, HINGE__ENC_UTF16BE };

/* "utf-8", "utf-16le", "utf-16be" (static). */
const char *hinge__encoding_name(int enc);

/* Open path with a chunk buffer of chunk bytes (0: HINGE_CSV_CHUNK).  The
 * name used in errors is the caller's. */
int hinge__lines_open_file(hinge__lines *r, const char *path, const hinge_allocator *a,
                           size_t chunk, hinge_error *err);
/* A memory source; a allocates the decoded copy of a UTF-16 input (NULL:
 * libc). */
void hinge__lines_open_buffer(hinge__lines *r, const void *buf, size_t len,
                              const hinge_allocator *a);
/* Read the first chunk (once): skips a UTF-8 BOM, and decodes a UTF-16
 * input (a BOM FF FE or FE FF, or ASCII text with every other byte 0) as a
 * whole into UTF-8 held by the reader.  hinge__lines_next calls it; the
 * loader calls it first to look at the lines above the header. */
int hinge__lines_begin(hinge__lines *r, const char *name, hinge_error *err);
/* 1 with *pc set (valid until the next call), 0 at the end, HINGE_EIO. */
int hinge__lines_next(hinge__lines *r, hinge__piece *pc, const char *name,
                      hinge_error *err);
void hinge__lines_close(hinge__lines *r);
/* The loader's tight loop reads the window itself (data + pos .. len) and
 * then moves pos and the line counts past the lines it took (table.c,
 * tight_consumed). */

/* Blank: only spaces and tabs (other than the delimiter) before the
 * terminator. */
int hinge__csv_blank(const hinge__piece *pc, char delim);
/* The same test on the piece's text, complete or not: a fragment of a
 * line longer than the chunk may be the start of a blank line. */
int hinge__csv_blank_text(const hinge__piece *pc, char delim);
/* The delimiter of a first line (see csv.h for the rule). */
char hinge__csv_detect(const char *p, size_t n);
/* The same, for a line whose first pre bytes (no quote in them) came in
 * earlier fragments. */
char hinge__csv_detect_after(const char *pre, size_t npre, const char *p, size_t n);

typedef struct hinge__csvrec {
  struct csv_parser p;
  int p_ready;            /* csv_init done and the buffer seeded */
  const hinge_allocator *alloc;
  const char *name;       /* for errors; owned by the caller */
  size_t max_field, max_columns, max_record;
  char *arena;            /* the current record's fields, NUL-separated */
  size_t alen, acap;
  size_t *offs, *lens;    /* per field */
  const char **ptrs;
  size_t nf, fcap;
  long start_line;        /* line of the current record's first byte */
  long field_line;        /* line where the current field starts */
  long cur_line;          /* line being fed */
  int between;            /* no record under way */
  /* Fragments of a line that are blank so far (spaces and tabs), held
   * back until the line shows whether it is blank (skipped, as a whole
   * blank line is) or a record (replayed to libcsv first).  Past the
   * limit of libcsv's field buffer only hold_over is kept: such a line is
   * either blank or a field too long. */
  char *hold;
  size_t nhold, holdcap;
  int hold_over;
  int ready;              /* a record completed by the last feed */
  int status;             /* first failure seen in a callback */
  hinge_error *err;       /* where callbacks report (set during a feed) */
  size_t records;
  hinge_csv_row row;
} hinge__csvrec;

int hinge__csvrec_init(hinge__csvrec *c, const hinge_csv_options *opts, char delim,
                       const char *name, hinge_error *err);
/* Feed a piece.  Blank lines between records are skipped.  On HINGE_OK,
 * c->ready says whether a record completed (c->row).  Errors leave the
 * parser spent (hinge__csvrec_free discards it, never csv_fini). */
int hinge__csvrec_feed(hinge__csvrec *c, const hinge__piece *pc, hinge_error *err);
/* Between records with nothing held back: a complete line may take a
 * fast path instead of hinge__csvrec_feed. */
static inline int hinge__csvrec_idle(const hinge__csvrec *c) {
  return c->between && c->nhold == 0 && !c->hold_over;
}
/* End of input: csv_fini (strict) may complete a last record. */
int hinge__csvrec_finish(hinge__csvrec *c, hinge_error *err);
void hinge__csvrec_free(hinge__csvrec *c);

#endif
