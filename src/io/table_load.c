/*
 * table_load.c -- loading a session export into columns of doubles.
 *
 * When every column is a number column, the tight loop (table_tight.c,
 * optionally on threads) parses whole lines of the reader's window
 * straight into the columns.  Otherwise, and for every line it declines,
 * the file is cut into physical lines (csv_lines.c): a data line that is
 * complete, starts a record and converts cleanly without quotes goes
 * through the fast path: split on the delimiter and read numbers with
 * hinge__num_fast.  Every other line -- quotes, anything unusual, every
 * error -- goes to libcsv (csv.c) and the general converters, so errors
 * and odd inputs are always judged by the one grammar.  All paths store
 * the same bits (tests/unit/test_table.c, differential tests).
 *
 * Columns grow geometrically through the allocator; nothing else grows
 * with the file.  A sparse row -> line map gives exact lines for errors
 * found after reading (time going backwards, gaps).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_internal.h"
#include "base/internal.h"
#include "parse/isotime.h"
#include "parse/numfast.h"
#include "parse/numparse.h"
#include "reader.h"
#include "table_internal.h"

#define ROWS_INITIAL 1024u
#define RAD_TO_DEG 57.295779513082320876798154814105 /* 180 / pi */

typedef struct loader {
  hinge_table *t;
  hinge_load_options o;
  hinge__lines lines;
  hinge__csvrec rec;
  int rec_ready;          /* rec initialised */
  char delim;
  int comma_ok;           /* a decimal comma is allowed (';' and tab files) */
  int lenient;
  double *stage;          /* the row being converted, one value per column */
  double **dst;           /* the tight loop's column pointers, one per column */
  size_t *num;            /* indices of the stored (NUMBER/ISO) columns */
  size_t nnum;
  long next_line;         /* line the next row would have if consecutive */
  int seen_dot, seen_comma;
  long long iso_base;     /* the first ISO timestamp, whole seconds ... */
  double iso_base_frac;   /* ... and fraction */
  int iso_have_base;
  size_t first_rows;      /* the columns' first size: ROWS_INITIAL, or a guess */
  size_t par_credit;      /* bytes of tight rows since the last decline */
  hinge_error *err;
  long long abs_sec;      /* the absolute time of the first sample (epoch or */
  double abs_frac;        /* ISO 8601 time column): whole seconds, fraction */
  int abs_have, abs_digits; /* ... known; digits of fraction worth printing */
  size_t empty_pending;   /* separator-only rows since the last data row */
  long empty_pending_line;
  size_t empty_rows_at;   /* rows stored when the pending ones were met */
  size_t empty_mid;       /* separator-only rows with data rows after them */
  long empty_mid_line;
  int fs_from_meta;       /* o.fs came from a metadata line */
  const hinge__csv_profile *profile; /* a reader's profile (reader.h), or NULL */
} loader;

/* A field quoted for a message: at most 40 bytes, control bytes and
 * non-ASCII as \xHH. */
static const char *show(const char *s, size_t len, char *buf, size_t size) {
  size_t i, n = 0;
  for (i = 0; i < len && n + 8 < size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (i == 40) {
      n += (size_t)snprintf(buf + n, size - n, "...");
      break;
    }
    if (c < 0x20 || c >= 0x7f) n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
    else buf[n++] = (char)c;
  }
  buf[n] = '\0';
  return buf;
}

/* ---- storage ---- */

/* Room for need rows in every stored column: doubling (or the first
 * size), at least need. */
static int grow_columns(loader *L, size_t need) {
  hinge_table *t = L->t;
  size_t i;
  for (i = 0; i < L->nnum; i++) {
    hinge__col *c = &t->cols[L->num[i]];
    size_t first = L->first_rows > ROWS_INITIAL ? L->first_rows : ROWS_INITIAL;
    if (HINGE__GROW_FROM(t->alloc, c->v, c->cap, need, first))
      return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  }
  return HINGE_OK;
}

/* Remember where rows stop following lines one to one. */
static int mark_line(loader *L, long line) {
  hinge_table *t = L->t;
  if (HINGE__GROW(t->alloc, t->marks, t->markcap, t->nmarks + 1))
    return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  t->marks[t->nmarks].row = t->rows;
  t->marks[t->nmarks].line = line;
  t->nmarks++;
  return HINGE_OK;
}

static long line_of(const hinge_table *t, size_t row) {
  size_t lo = 0, hi = t->nmarks;
  if (t->nmarks == 0) return 0;
  while (hi - lo > 1) { /* the last mark at or before row */
    size_t mid = lo + (hi - lo) / 2;
    if (t->marks[mid].row <= row) lo = mid;
    else hi = mid;
  }
  return t->marks[lo].line + (long)(row - t->marks[lo].row);
}

/* Room for n more rows in every stored column (they grow together). */
static int reserve_rows(loader *L, size_t n) {
  const hinge_table *t = L->t;
  if (L->nnum == 0 || t->cols[L->num[0]].cap >= t->rows + n) return HINGE_OK;
  return grow_columns(L, t->rows + n);
}

/* Missing samples of the row at index rows (the tight loop stores no NaN
 * and skips this). */
static void count_missing(loader *L) {
  hinge_table *t = L->t;
  size_t i;
  for (i = 0; i < L->nnum; i++) {
    hinge__col *c = &t->cols[L->num[i]];
    c->info.missing += isnan(c->v[t->rows]) != 0;
  }
}

/* The row at index rows is written: count it. */
static int end_row(loader *L, long line, long lines_spanned) {
  int rc;
  if (line != L->next_line && (rc = mark_line(L, line)) != HINGE_OK) return rc;
  L->next_line = line + lines_spanned;
  L->t->rows++;
  return HINGE_OK;
}

/* Store the general path's staged values as the next row. */
static int commit(loader *L, long line, long lines_spanned) {
  hinge_table *t = L->t;
  size_t i;
  int rc = reserve_rows(L, 1);
  if (rc != HINGE_OK) return rc;
  for (i = 0; i < L->nnum; i++) t->cols[L->num[i]].v[t->rows] = L->stage[L->num[i]];
  count_missing(L);
  return end_row(L, line, lines_spanned);
}

/* ---- field conversion ---- */

enum { CV_OK = 0, CV_DECLINE = 1 }; /* DECLINE: probing only, take the general path */

/* Radians to degrees at store time; time units (ms, us, ns) are converted
 * after reading (time_units), once the time column is known to hold epoch
 * times or not. */
static double to_unit(const hinge__col *c, double v) {
  return c->info.unit == HINGE_UNIT_RAD ? v * RAD_TO_DEG : v;
}

static void note_mark(loader *L, char mark) {
  if (mark == '.') L->seen_dot = 1;
  else if (mark == ',') L->seen_comma = 1;
}

/* An unknown column met text: it is not a number column after all. */
static int conv_meta(loader *L, size_t ci, const char *s, size_t len, long line);

static int demote(loader *L, size_t ci, long line, const char *s, size_t len) {
  hinge_table *t = L->t;
  hinge__col *c = &t->cols[ci];
  char buf[200];
  size_t i, k;
  hinge__free(t->alloc, c->v, c->cap * sizeof *c->v);
  c->v = NULL;
  c->cap = 0;
  c->kind = c->info.role == HINGE_ROLE_SET ? HINGE__K_META : HINGE__K_IGNORE;
  c->info.unit = HINGE_UNIT_TEXT;
  c->info.missing = 0;
  for (i = 0, k = 0; i < L->nnum; i++)
    if (L->num[i] != ci) L->num[k++] = L->num[i];
  L->nnum = k;
  if (c->kind == HINGE__K_META) return conv_meta(L, ci, s, len, line); /* a text set label */
  return hinge__table_warn(t, "text_column", line, (long)ci + 1,
                           "column '%s' holds text ('%s'); it is not loaded", c->name,
                           show(s, len, buf, sizeof buf));
}

static int bad_value(loader *L, size_t ci, long line, const char *s, size_t len, int kind) {
  hinge_table *t = L->t;
  hinge__col *c = &t->cols[ci];
  int code = kind == HINGE__NUM_RANGE ? HINGE_ERANGE : HINGE_EPARSE;
  char buf[200];
  const char *what = c->kind == HINGE__K_ISO ? "an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss)"
                     : kind == HINGE__NUM_RANGE ? "a finite number"
                                                : "a number";
  L->stage[ci] = NAN;
  if (c->demotable && kind != HINGE__NUM_RANGE) return demote(L, ci, line, s, len);
  if (!L->lenient)
    return hinge__fail(L->err, code, t->file, line, (long)ci + 1,
                       "expected %s in column '%s', found '%s'", what, c->name,
                       show(s, len, buf, sizeof buf));
  return hinge__table_warn(t, "bad_value", line, (long)ci + 1,
                           "column '%s' has values that are not %s (first '%s'); loaded as "
                           "missing", c->name, what,
                           show(s, len, buf, sizeof buf));
}

/* A number too long for numparse's stack buffer whose copy could not be
 * allocated: out of memory, on the fast path too (a retry on the slow path
 * would only hide it), never bad data or a missing sample. */
static int number_nomem(loader *L, size_t ci, long line, size_t len) {
  return hinge__fail(L->err, HINGE_ENOMEM, L->t->file, line, (long)ci + 1,
                     "out of memory reading a %lu-character number in column '%s'",
                     (unsigned long)len, L->t->cols[ci].name);
}

static int conv_number(loader *L, size_t ci, const char *s, size_t len, int probe, long line) {
  double v;
  char mark;
  int kind = hinge__num_parse(s, len, L->comma_ok, &v, &mark, L->t->alloc);
  if (kind == HINGE__NUM_NOMEM) return number_nomem(L, ci, line, len);
  if (kind == HINGE__NUM_OK) {
    note_mark(L, mark);
    L->stage[ci] = to_unit(&L->t->cols[ci], v);
    return CV_OK;
  }
  if (kind == HINGE__NUM_MISSING) {
    L->stage[ci] = NAN;
    return CV_OK;
  }
  return probe ? CV_DECLINE : bad_value(L, ci, line, s, len, kind);
}

static int conv_iso(loader *L, size_t ci, const char *s, size_t len, int probe, long line) {
  long long sec;
  double frac, dummy;
  char mark;
  int kind = hinge__num_parse(s, len, 0, &dummy, &mark, L->t->alloc);
  if (kind == HINGE__NUM_NOMEM) return number_nomem(L, ci, line, len);
  if (kind == HINGE__NUM_MISSING) {
    L->stage[ci] = NAN;
    return CV_OK;
  }
  if (!hinge__iso8601(s, len, &sec, &frac)) {
    /* A "timestamp" column of numbers: epoch times, as a number column
     * (its earlier cells were all missing). */
    if (kind == HINGE__NUM_OK && !L->iso_have_base) {
      hinge__col *c = &L->t->cols[ci];
      c->kind = HINGE__K_NUMBER;
      c->info.unit = HINGE_UNIT_S;
      note_mark(L, mark);
      L->stage[ci] = dummy;
      return CV_OK;
    }
    return probe ? CV_DECLINE : bad_value(L, ci, line, s, len, HINGE__NUM_NOTNUM);
  }
  if (!L->iso_have_base) {
    L->iso_base = sec;
    L->iso_base_frac = frac;
    L->iso_have_base = 1;
  }
  /* Whole seconds and fractions apart: exact for any realistic span. */
  L->stage[ci] = (double)(sec - L->iso_base) + (frac - L->iso_base_frac);
  return CV_OK;
}

/* Keep the first non-empty value; say once if a later one differs. */
static int conv_meta(loader *L, size_t ci, const char *s, size_t len, long line) {
  hinge_table *t = L->t;
  hinge__col *c = &t->cols[ci];
  char buf[200];
  while (len > 0 && (*s == ' ' || *s == '\t')) s++, len--;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (len == 0) return CV_OK;
  if (c->meta == NULL) return hinge__table_setstr(t, &c->meta, s, len);
  if (c->meta_warned || (strlen(c->meta) == len && memcmp(c->meta, s, len) == 0)) return CV_OK;
  /* Marked only once stored: a refused warning fails the load, never
   * leaves the column marked without its warning. */
  if (hinge__table_warn(t, "metadata_varies", line, (long)ci + 1,
                        "column '%s' changes from '%s' to '%s'; the first value is used",
                        c->name, c->meta, show(s, len, buf, sizeof buf)) != HINGE_OK)
    return HINGE_ENOMEM;
  c->meta_warned = 1;
  return CV_OK;
}

/* Convert one field into L->stage.  probe: the fast path asks, and gets
 * CV_DECLINE instead of an error or a warning about the data; running out
 * of memory is a (negative) status either way. */
static int convert(loader *L, size_t ci, const char *s, size_t len, int probe, long line) {
  switch (L->t->cols[ci].kind) {
  case HINGE__K_NUMBER: return conv_number(L, ci, s, len, probe, line);
  case HINGE__K_ISO: return conv_iso(L, ci, s, len, probe, line);
  case HINGE__K_META: return conv_meta(L, ci, s, len, line);
  default: return CV_OK;
  }
}

/* ---- the two paths ---- */

/* The fast path: 1 stored, 0 declined (the caller hands the line to
 * libcsv), or -1 for an allocation failure.  Values go straight into the row
 * after the last one; a declined line leaves that slot to be rewritten. */
static int fast_row(loader *L, const hinge__piece *pc) {
  const hinge_table *t = L->t;
  const char *p = pc->data, *end = p + pc->textlen, *q;
  size_t ci, r = t->rows;
  int rc;
  if (reserve_rows(L, 1) != HINGE_OK) return -1;
  for (ci = 0;; ci++) {
    const hinge__col *c = &t->cols[ci];
    double v;
    char mark;
    if (c->kind == HINGE__K_NUMBER && (q = hinge__numfast(p, end, L->comma_ok, &v, &mark)) &&
        (q == end || *q == L->delim)) {
      if (mark) note_mark(L, mark);
      c->v[r] = to_unit(c, v);
    } else {
      if ((q = memchr(p, L->delim, (size_t)(end - p))) == NULL) q = end;
      if (memchr(p, '"', (size_t)(q - p)) != NULL) return 0;
      if ((rc = convert(L, ci, p, (size_t)(q - p), 1, pc->line)) < 0) return -1;
      if (rc != CV_OK) return 0;
      if (c->v != NULL) c->v[r] = L->stage[ci];
    }
    if (q == end) break;
    if (ci + 1 == t->ncols) return 0; /* more fields than the header */
    p = q + 1;
  }
  if (ci + 1 != t->ncols) return 0;   /* fewer fields than the header */
  count_missing(L);
  if (end_row(L, pc->line, 1) != HINGE_OK) return -1;
  L->t->fast_rows++;
  return 1;
}

/* Lines a field's line breaks add (CRLF counts once). */
static long breaks(const char *s, size_t len) {
  long n = 0;
  size_t i;
  for (i = 0; i < len; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) n++;
  return n;
}

static int ragged(loader *L, const hinge_csv_row *row) {
  hinge_table *t = L->t;
  long col = (long)(row->nfields < t->ncols ? row->nfields : t->ncols) + 1;
  if (!L->lenient)
    return hinge__fail(L->err, HINGE_EPARSE, t->file, row->line, col,
                       "expected %lu fields as in the header, found %lu",
                       (unsigned long)t->ncols, (unsigned long)row->nfields);
  return hinge__table_warn(t, "ragged_row", row->line, 0,
                           "rows whose number of fields differs from the header's %lu (the "
                           "first has %lu); padded with missing values or cut",
                           (unsigned long)t->ncols, (unsigned long)row->nfields);
}

/* The general path for a record libcsv assembled. */
static int slow_row(loader *L, const hinge_csv_row *row) {
  size_t ci;
  long line = row->line;
  int rc;
  if (row->nfields != L->t->ncols && (rc = ragged(L, row)) != HINGE_OK) return rc;
  for (ci = 0; ci < L->t->ncols; ci++) {
    if (ci >= row->nfields) {
      L->stage[ci] = NAN;
      continue;
    }
    rc = convert(L, ci, row->fields[ci], row->lengths[ci], 0, line);
    if (rc != HINGE_OK) return rc;
    line += breaks(row->fields[ci], row->lengths[ci]);
  }
  for (ci = L->t->ncols; ci < row->nfields; ci++)
    line += breaks(row->fields[ci], row->lengths[ci]);
  return commit(L, row->line, line - row->line + 1);
}

/* ---- reading ---- */

/* The pending separator-only rows had data rows after them. */
static void empty_flush(loader *L) {
  if (L->empty_mid == 0) L->empty_mid_line = L->empty_pending_line;
  L->empty_mid += L->empty_pending;
  L->empty_pending = 0;
}

static int feed(loader *L, const hinge__piece *pc) {
  int rc = hinge__csvrec_feed(&L->rec, pc, L->err);
  if (rc != HINGE_OK) return rc;
  return L->rec.ready ? slow_row(L, &L->rec.row) : HINGE_OK;
}

static int read_header(loader *L, const hinge_csv_options *co) {
  hinge_table *t = L->t;
  hinge__piece pc;
  int rc, known = L->o.delimiter != 0;
  while ((rc = hinge__lines_next(&L->lines, &pc, t->file, L->err)) == 1) {
    if (!L->rec_ready) {
      if (hinge__csv_blank(&pc, '\0')) continue;
      L->delim = known ? L->o.delimiter : ','; /* until a non-blank piece shows it */
      if ((rc = hinge__csvrec_init(&L->rec, co, L->delim, t->file, L->err)) != HINGE_OK)
        return rc;
      L->rec_ready = 1;
    }
    /* A blank fragment of a long line is held by the record reader: the
     * delimiter is read on the line's first non-blank piece. */
    if (!known && !hinge__csv_blank_text(&pc, '\0')) {
      L->delim = hinge__csv_detect_after(L->rec.hold, L->rec.nhold, pc.data, pc.textlen);
      csv_set_delim(&L->rec.p, (unsigned char)L->delim);
      known = 1;
    }
    if ((rc = hinge__csvrec_feed(&L->rec, &pc, L->err)) != HINGE_OK) return rc;
    if (L->rec.ready) return HINGE_OK;
  }
  if (rc < 0) return rc;
  if (L->rec_ready && (rc = hinge__csvrec_finish(&L->rec, L->err)) != HINGE_OK) return rc;
  if (L->rec_ready && L->rec.ready) return HINGE_OK;
  return hinge__fail(L->err, HINGE_ENODATA, t->file, 0, 0,
                     "empty file: expected a header row (time_s, hip_deg, ...)");
}

/* Whether every column is a plain number column (the tight loop's case). */
static int all_numbers(const hinge_table *t) {
  size_t i;
  for (i = 0; i < t->ncols; i++)
    if (t->cols[i].kind != HINGE__K_NUMBER) return 0;
  return t->ncols > 0;
}

/* The units, applied to rows [r0, r1) after the loop rather than per
 * field inside it: the same operation on the same double, so the same
 * bits as to_unit at store time. */
static void tight_units(loader *L, size_t r0, size_t r1) {
  const hinge_table *t = L->t;
  size_t ci, i;
  for (ci = 0; ci < t->ncols; ci++) {
    const hinge__col *c = &t->cols[ci];
    if (c->info.unit != HINGE_UNIT_RAD) continue;
    for (i = r0; i < r1; i++) c->v[i] = to_unit(c, c->v[i]);
  }
}

/* The last line feed of the window, or NULL. */
static const char *last_lf(const char *s, size_t n) {
  while (n > 0)
    if (s[--n] == '\n') return s + n;
  return NULL;
}

/* The lines the tight loop took, as the line reader would have counted
 * them. */
static void tight_consumed(hinge__lines *ln, const char *from, const char *to, size_t rows) {
  if (ln->term == 0 && rows > 0) {
    const char *nl = memchr(from, '\n', (size_t)(to - from));
    ln->term = nl > from && nl[-1] == '\r' ? 2 : 1;
  }
  ln->pos += (size_t)(to - from);
  ln->line += (long)rows;
  ln->lines += (long)rows;
}

/* The parallel form (threads > 1) is tried only after this many bytes of
 * consecutive tight rows, and the sequential loop runs in slices of this
 * size until then: a file with a declined line every few thousand rows
 * never pays for counting lines it will not take.  Runs shorter than
 * PAR_MIN stay sequential (the threads' start would not pay). */
#define PAR_CREDIT ((size_t)1 << 20)
#define PAR_MIN ((size_t)256 << 10)
/* The file reader's chunk with threads: each chunk is cut into parts once,
 * so a few MiB keep the threads' start and join (twice per chunk) far
 * below 1 % of the work; 4 MiB is also less to fault in than 8. */
#define PAR_CHUNK ((size_t)4 << 20)

/* The tight loop writes through L->dst: point it at the columns (after
 * they may have moved). */
static void point_dst(loader *L) {
  size_t ci;
  for (ci = 0; ci < L->t->ncols; ci++) L->dst[ci] = L->t->cols[ci].v;
}

/* Rows from [p, lim], one after the other, the columns growing as needed;
 * stored and counted.  0, or -1 when out of memory; *stop: where it
 * stopped (lim + 1 when it took every line). */
static int tight_seq(loader *L, const hinge__tight *tt, const char *p, const char *lim,
                     const char **stop, unsigned *seen) {
  hinge_table *t = L->t;
  size_t n;
  do {
    if (reserve_rows(L, 1) != HINGE_OK) return -1;
    point_dst(L);
    hinge__tight_prefault(tt, p, lim, t->rows, t->cols[0].cap); /* table_tight.c */
    n = hinge__tight_block(tt, p, lim, t->rows, t->cols[0].cap - t->rows, stop, seen);
    tight_consumed(&L->lines, p, *stop, n);
    t->rows += n;
    p = *stop;
  } while (t->rows == t->cols[0].cap && p <= lim); /* stopped only for room */
  return 0;
}

/* The same with L->o.threads threads (table_tight.c): room for every line
 * of the run first, as each part writes from its own first row. */
static int tight_par(loader *L, const hinge__tight *tt, const char *p, const char *lim,
                     const char **stop, unsigned *seen) {
  hinge__tight_part parts[HINGE__MAX_THREADS];
  size_t k, n, lines = 0, np = hinge__tight_split(p, lim, L->o.threads, parts);
  for (k = 0; k < np; k++) lines += parts[k].lines;
  if (reserve_rows(L, lines) != HINGE_OK) return -1;
  point_dst(L);
  n = hinge__tight_parallel(tt, parts, np, L->t->rows, stop, seen);
  tight_consumed(&L->lines, p, *stop, n);
  L->t->rows += n;
  return 0;
}

/* Whether the run [p, lim] goes to threads. */
static int parallel_ok(const loader *L, const char *p, const char *lim) {
  return L->o.threads > 1 && L->par_credit >= PAR_CREDIT && (size_t)(lim - p) >= PAR_MIN;
}

/* The end of the next run: the window's last line feed, or
 * while the parallel form waits for credit, the last one within
 * PAR_CREDIT bytes (when there is one). */
static const char *run_end(const loader *L, const char *p, const char *lim) {
  const char *cut;
  if (L->o.threads <= 1 || L->par_credit >= PAR_CREDIT || (size_t)(lim - p) < PAR_CREDIT)
    return lim;
  cut = last_lf(p, PAR_CREDIT);
  return cut != NULL ? cut : lim;
}

/* The fastest path, for files of plain numbers: whole lines straight
 * from the reader's window up to its last line feed, no line cutting, no
 * per-field dispatch, no bounds checks inside a line (table_tight.c).  It
 * stops at the first line it cannot take whole (a missing value, a quote,
 * the window's end...), which the caller handles line by line. */
static int tight_rows(loader *L) {
  hinge__lines *ln = &L->lines;
  hinge_table *t = L->t;
  const char *p = ln->data + ln->pos, *lim = last_lf(p, ln->len - ln->pos), *stop;
  size_t r0 = t->rows;
  unsigned seen = 0;
  hinge__tight tt;
  if (lim == NULL) return 0;
  tt.dst = L->dst;
  tt.ncols = t->ncols;
  tt.delim = L->delim;
  tt.comma_ok = L->comma_ok;
  /* Rows stay consecutive with lines here, so the line map needs no mark
   * once the first row is in line. */
  if (ln->line != L->next_line && mark_line(L, ln->line) != HINGE_OK) return -1;
  while (p <= lim) {
    const char *end = run_end(L, p, lim);
    int rc = parallel_ok(L, p, end) ? tight_par(L, &tt, p, end, &stop, &seen)
                                    : tight_seq(L, &tt, p, end, &stop, &seen);
    if (rc != 0) return -1;
    if (stop <= end) { /* declined a line */
      L->par_credit = 0;
      break;
    }
    L->par_credit += (size_t)(stop - p);
    p = stop;
  }
  tight_units(L, r0, t->rows);
  t->fast_rows += t->rows - r0;
  L->next_line = ln->line;
  L->seen_dot |= (seen & HINGE__SEEN_DOT) != 0;
  L->seen_comma |= (seen & HINGE__SEEN_COMMA) != 0;
  return 0;
}

/* With the C library's allocator, size the columns once from the file
 * size and the first data line (an eighth more for longer lines): no
 * copies while growing, and pages never written cost nothing.  A custom
 * allocator (a Lua state counting its memory) sees plain doubling. */
static void guess_rows(loader *L) {
  const hinge__lines *ln = &L->lines;
  const char *nl;
  size_t len;
  if ((L->o.alloc != NULL && L->o.alloc->fn != NULL) || ln->size <= 0 || ln->pos >= ln->len)
    return;
  nl = memchr(ln->data + ln->pos, '\n', ln->len - ln->pos);
  if (nl == NULL) return;
  len = (size_t)(nl - (ln->data + ln->pos)) + 1;
  L->first_rows = (size_t)ln->size / len;
  L->first_rows += L->first_rows / 8 + 16;
}

/* A line of separators only (",,,", ";;;"), as exports write after the
 * data: skipped; counted for a warning when data rows follow it. */
static int empty_row(loader *L, const hinge__piece *pc) {
  size_t i;
  for (i = 0; i < pc->textlen; i++) {
    char c = pc->data[i];
    if (c != L->delim && c != ' ' && c != '\t') return 0;
  }
  if (L->empty_pending > 0 && L->t->rows > L->empty_rows_at) empty_flush(L);
  if (L->empty_pending++ == 0) L->empty_pending_line = pc->line;
  L->empty_rows_at = L->t->rows;
  return 1;
}

static int read_rows(loader *L) {
  hinge__piece pc;
  int rc, tight = all_numbers(L->t);
  guess_rows(L);
  for (;;) {
    if (tight && hinge__csvrec_idle(&L->rec) && tight_rows(L) < 0) return HINGE_ENOMEM;
    if ((rc = hinge__lines_next(&L->lines, &pc, L->t->file, L->err)) != 1) break;
    if (hinge__csvrec_idle(&L->rec) && pc.complete) {
      if (hinge__csv_blank(&pc, L->delim) || empty_row(L, &pc)) continue;
      if ((rc = fast_row(L, &pc)) < 0) return HINGE_ENOMEM;
      if (rc == 1) continue;
    }
    if ((rc = feed(L, &pc)) != HINGE_OK) return rc;
    tight = tight && all_numbers(L->t); /* a column may have turned out to be text */
  }
  if (rc < 0) return rc;
  if ((rc = hinge__csvrec_finish(&L->rec, L->err)) != HINGE_OK) return rc;
  return L->rec.ready ? slow_row(L, &L->rec.row) : HINGE_OK;
}

/* Scratch arrays sized by the header. */
static int prepare(loader *L) {
  hinge_table *t = L->t;
  size_t i;
  L->stage = hinge__calloc(t->alloc, t->ncols ? t->ncols : 1, sizeof *L->stage);
  L->num = hinge__calloc(t->alloc, t->ncols ? t->ncols : 1, sizeof *L->num);
  L->dst = hinge__calloc(t->alloc, t->ncols ? t->ncols : 1, sizeof *L->dst);
  if (L->stage == NULL || L->num == NULL || L->dst == NULL)
    return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  for (i = 0; i < t->ncols; i++)
    if (t->cols[i].kind == HINGE__K_NUMBER || t->cols[i].kind == HINGE__K_ISO)
      L->num[L->nnum++] = i;
  return HINGE_OK;
}

/* ---- after reading: shape, time, metadata ---- */

/* Cut every column to its row count. */
static void shrink(loader *L) {
  hinge_table *t = L->t;
  size_t i;
  for (i = 0; i < t->ncols; i++) {
    hinge__col *c = &t->cols[i];
    double *v;
    if (c->v == NULL) continue;
    if (c->cap == t->rows || t->rows == 0) continue;
    v = hinge__realloc(t->alloc, c->v, c->cap * sizeof *v, t->rows * sizeof *v);
    if (v != NULL) {
      c->v = v;
      c->cap = t->rows;
    }
  }
}

/* Inverted columns (a mapping with negate): every value negated, after
 * the unit conversion and nothing else.  NaN stays NaN (its sign bit
 * untouched, so it prints and compares as any other NaN); 0.0 - v is -v
 * exactly for every other value and keeps a zero +0, so no "-0" reaches
 * an output. */
static void invert(hinge_table *t) {
  size_t i, r;
  for (i = 0; i < t->ncols; i++) {
    double *v = t->cols[i].v;
    if (!t->cols[i].info.inverted || v == NULL) continue;
    for (r = 0; r < t->rows; r++)
      if (!isnan(v[r])) v[r] = 0.0 - v[r];
  }
}

static int time_from_fs(loader *L) {
  hinge_table *t = L->t;
  size_t i;
  t->time = hinge__malloc(t->alloc, t->rows * sizeof *t->time);
  if (t->time == NULL) return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  t->own_time = 1;
  for (i = 0; i < t->rows; i++) t->time[i] = (double)i / L->o.fs;
  return HINGE_OK;
}

/* ---- the median step without a copy of the steps ----
 * The steps of a recording take few distinct values (one nominal step and
 * its rounding neighbours), so they are counted in a small hash table and
 * the median read off the sorted distinct values -- exact, and no
 * rows-long scratch array.  More than STEP_KINDS distinct values falls
 * back to quickselect on a copy. */
#define STEP_KINDS 1024
#define STEP_SLOTS (2 * STEP_KINDS)

typedef struct step_count {
  double key;
  size_t n;
} step_count;

typedef struct step_counter {
  step_count *slot; /* STEP_SLOTS, n == 0 when empty */
  size_t kinds;
  int full;         /* too many distinct steps: fall back */
} step_counter;

/* Always hashed: the steps of a rounded clock alternate among a few
 * values (the benchmark's repeats the previous one half the time), so a
 * "same as last" shortcut is a coin flip for the branch predictor, while
 * the first probe almost always hits. */
static HINGE__ALWAYS_INLINE void count_step(step_counter *c, double step) {
  uint64_t bits;
  size_t h;
  if (c->full) return;
  memcpy(&bits, &step, sizeof bits);
  h = (size_t)((bits * 0x9E3779B97F4A7C15u) >> 53) & (STEP_SLOTS - 1);
  while (c->slot[h].key != step && c->slot[h].n != 0) h = (h + 1) & (STEP_SLOTS - 1);
  if (c->slot[h].n == 0) {
    if (c->kinds == STEP_KINDS) {
      c->full = 1;
      return;
    }
    c->kinds++;
    c->slot[h].key = step;
  }
  c->slot[h].n++;
}

static int by_key(const void *a, const void *b) {
  double x = ((const step_count *)a)->key, y = ((const step_count *)b)->key;
  return (x > y) - (x < y);
}

/* The value of 0-based rank r in the sorted counts. */
static double rank_value(const step_count *s, size_t k, size_t r) {
  size_t i, seen = 0;
  for (i = 0; i < k; i++) {
    seen += s[i].n;
    if (r < seen) return s[i].key;
  }
  return NAN;
}

/* Same result as hinge__median_valid on the full list of n steps. */
static double counted_median(step_counter *c, size_t n) {
  size_t i, k = 0;
  double hi, lo;
  if (n == 0) return NAN;
  for (i = 0; i < STEP_SLOTS; i++)
    if (c->slot[i].n) c->slot[k++] = c->slot[i];
  qsort(c->slot, k, sizeof *c->slot, by_key);
  hi = rank_value(c->slot, k, n / 2);
  if (n % 2) return hi;
  lo = rank_value(c->slot, k, n / 2 - 1);
  return lo + (hi - lo) / 2;
}

/* A step between valid times that is not positive (row i after row
 * last): an error, or counted with a warning when lenient. */
static int odd_step(loader *L, size_t i, size_t last) {
  hinge_table *t = L->t;
  hinge_timing *tm = &t->timing;
  const double *x = t->time;
  long tcol = t->role_col[HINGE_ROLE_TIME] + 1;
  if (x[i] < x[last] && !L->lenient)
    return hinge__fail(L->err, HINGE_ERANGE, t->file, line_of(t, i), tcol,
                       "time goes backwards: %.17g s after %.17g s (line %ld)", x[i], x[last],
                       line_of(t, last));
  if (x[i] < x[last]) {
    tm->backwards++;
    return hinge__table_warn(t, "backwards_time", line_of(t, i), tcol,
                             "time goes backwards (%.6g s after %.6g s)", x[i], x[last]);
  }
  tm->duplicates++;
  return hinge__table_warn(t, "duplicate_time", line_of(t, i), tcol,
                           "duplicate timestamps (first %.6g s)", x[i]);
}

/* The index of the first valid time (n if none). */
static size_t first_valid(const double *x, size_t n) {
  size_t i = 0;
  while (i < n && isnan(x[i])) i++;
  return i;
}

/* Count the positive steps between consecutive rows from row i on (x[i - 1]
 * valid); returns the row where that stops: a missing time, a step that
 * is not positive, or n.  Its own function, so that the few values its
 * loop needs stay in registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t count_run(const double *x, size_t i, size_t n, step_counter *c) {
  for (; i < n; i++) {
    double step = x[i] - x[i - 1];
    if (!(step > 0)) break;
    count_step(c, step);
  }
  return i;
}

/* Steps between consecutive valid times: counts missing times and
 * duplicates, checks direction, counts the positive steps into c. */
static int collect_steps(loader *L, step_counter *c, size_t *npos) {
  hinge_table *t = L->t;
  hinge_timing *tm = &t->timing;
  const double *x = t->time;
  size_t i, last = first_valid(x, t->rows), pos = 0;
  int rc;
  *npos = 0;
  tm->missing_time += last;
  if (last == t->rows) return HINGE_OK;
  tm->start_s = x[last];
  for (i = last + 1; i < t->rows; i++) {
    double step = x[i] - x[last];
    if (step > 0) {
      count_step(c, step);
      pos++;
      if (last + 1 == i) { /* consecutive rows: count the run that follows */
        size_t stop = count_run(x, i + 1, t->rows, c);
        pos += stop - (i + 1);
        i = stop - 1;
      }
    } else if (isnan(step)) { /* x[i] is missing (x[last] never is) */
      tm->missing_time++;
      continue;
    } else if ((rc = odd_step(L, i, last)) != HINGE_OK) {
      return rc;
    }
    last = i;
  }
  tm->end_s = x[last];
  *npos = pos;
  return HINGE_OK;
}

static int add_gap(hinge_table *t, size_t row, double start, double end) {
  if (HINGE__GROW_FROM(t->alloc, t->gaps, t->gapcap, t->ngaps + 1, 8)) return HINGE_ENOMEM;
  t->gaps[t->ngaps].row = row;
  t->gaps[t->ngaps].line = line_of(t, row);
  t->gaps[t->ngaps].start_s = start;
  t->gaps[t->ngaps].end_s = end;
  t->ngaps++;
  return HINGE_OK;
}

/* Gaps and irregular steps against the median step; *regular gets the
 * mean of the steps within 10 % of the median. */
/* The gaps (steps over limit) with their rows: a pass of its own, run
 * only when classify_steps counted some, so that its loop makes no call
 * (GCC then keeps the running sum in a register). */
static int find_gaps(loader *L, double limit) {
  hinge_table *t = L->t;
  const double *x = t->time;
  size_t i, last = first_valid(x, t->rows);
  for (i = last + 1; i < t->rows; i++) {
    double step = x[i] - x[last];
    if (isnan(step)) continue;
    if (step > limit) {
      if (add_gap(t, i, x[last], x[i]) != HINGE_OK)
        return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
      if (step > t->timing.longest_gap_s) t->timing.longest_gap_s = step;
    }
    last = i;
  }
  t->timing.gaps = t->ngaps;
  return HINGE_OK;
}

static int classify_steps(loader *L, double *regular) {
  hinge_table *t = L->t;
  hinge_timing *tm = &t->timing;
  const double *x = t->time;
  double med = tm->median_step_s, limit = L->o.gap_factor * med, sum = 0;
  size_t i, last = first_valid(x, t->rows), n = 0, gaps = 0, irregular = 0;
  for (i = last + 1; i < t->rows; i++) {
    double step = x[i] - x[last];
    if (isnan(step)) continue; /* x[i] is missing */
    if (step > limit) {
      gaps++;
    } else if (step > 0 && fabs(step - med) > 0.1 * med) {
      irregular++;
    } else if (step > 0) {
      sum += step;
      n++;
    }
    last = i;
  }
  tm->irregular += irregular;
  *regular = n ? sum / (double)n : med;
  return gaps ? find_gaps(L, limit) : HINGE_OK;
}

/* The fallback: every positive step copied, then quickselect. */
static int median_by_copy(loader *L) {
  hinge_table *t = L->t;
  size_t i, n = 0, last = (size_t)-1, size = (t->rows ? t->rows : 1) * sizeof(double);
  double *d = hinge__malloc(t->alloc, size);
  if (d == NULL) return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  for (i = 0; i < t->rows; i++) {
    if (isnan(t->time[i])) continue;
    if (last != (size_t)-1 && t->time[i] > t->time[last]) d[n++] = t->time[i] - t->time[last];
    last = i;
  }
  t->timing.median_step_s = hinge__median_valid(d, n);
  hinge__free(t->alloc, d, size);
  return HINGE_OK;
}

static int median_step(loader *L) {
  hinge_table *t = L->t;
  step_counter c;
  size_t npos = 0;
  int rc;
  c.kinds = 0;
  c.full = 0;
  c.slot = hinge__calloc(t->alloc, STEP_SLOTS, sizeof *c.slot);
  if (c.slot == NULL) return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  rc = collect_steps(L, &c, &npos);
  if (rc == HINGE_OK && !c.full) t->timing.median_step_s = counted_median(&c, npos);
  else if (rc == HINGE_OK) rc = median_by_copy(L);
  hinge__free(t->alloc, c.slot, STEP_SLOTS * sizeof *c.slot);
  return rc;
}

/* A rate stated by a metadata line that the time column (or --fs)
 * contradicts by more than 1 %. */
static int rate_warning(loader *L) {
  hinge_table *t = L->t;
  double said = t->meta.rate_hz, used = t->timing.sample_rate_hz;
  if (isnan(said) || L->fs_from_meta || !isfinite(used) || fabs(used - said) <= 0.01 * said)
    return HINGE_OK;
  return hinge__table_warn(t, "rate_conflict", t->rate_line, 0,
                           "the file says the sample rate is %.6g Hz, but %s %.6g Hz; %.6g Hz is "
                           "used", said, t->timing.fs_given ? "the given rate is"
                                                             : "the time column gives",
                           used, used);
}

static int timing_warnings(loader *L, size_t nsteps) {
  hinge_table *t = L->t;
  hinge_timing *tm = &t->timing;
  int rc = HINGE_OK;
  if (tm->missing_time)
    rc = hinge__table_warn(t, "missing_time", 0, t->role_col[HINGE_ROLE_TIME] + 1,
                           "%lu rows have no time", (unsigned long)tm->missing_time);
  if (rc == HINGE_OK && tm->gaps)
    rc = hinge__table_warn(t, "gap", t->gaps[0].line, t->role_col[HINGE_ROLE_TIME] + 1,
                           "gaps in the time (steps over %.3g x the median): %lu, the longest "
                           "%.6g s",
                           L->o.gap_factor, (unsigned long)tm->gaps, tm->longest_gap_s);
  if (rc == HINGE_OK && tm->irregular * 100 >= nsteps && tm->irregular > 0)
    rc = hinge__table_warn(t, "irregular_sampling", 0, t->role_col[HINGE_ROLE_TIME] + 1,
                           "irregular sampling: %lu of %lu steps differ from the median step "
                           "(%.6g s) by more than 10 %%", (unsigned long)tm->irregular,
                           (unsigned long)nsteps, tm->median_step_s);
  if (rc == HINGE_OK && tm->fs_given && isfinite(tm->detected_hz) &&
      fabs(tm->detected_hz - L->o.fs) > 0.01 * L->o.fs)
    rc = hinge__table_warn(t, "fs_mismatch", 0, t->role_col[HINGE_ROLE_TIME] + 1,
                           "the given sample rate %.6g Hz differs from the time column's "
                           "%.6g Hz", L->o.fs, tm->detected_hz);
  if (rc == HINGE_OK) rc = rate_warning(L);
  return rc == HINGE_OK ? rc : hinge__fail(L->err, rc, t->file, 0, 0, "out of memory");
}

/* A measured rate to 9 significant digits: 100, not 100.00000000000003
 * (the steps are differences of rounded decimals). */
static double round9(double x) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.9g", x);
  return strtod(buf, NULL);
}

/* The rate is 1 / the mean of the regular steps (within 10 % of the
 * median): the median alone is biased when timestamps are rounded, as 60
 * Hz in whole milliseconds (steps of 16 and 17 ms). */
static int finish_time(loader *L) {
  hinge_table *t = L->t;
  hinge_timing *tm = &t->timing;
  long tc = t->role_col[HINGE_ROLE_TIME];
  double regular = NAN;
  int rc;
  tm->fs_given = L->o.fs > 0 && !L->fs_from_meta;
  tm->fs_from_meta = L->fs_from_meta;
  tm->detected_hz = tm->median_step_s = NAN;
  tm->start_s = tm->end_s = NAN;
  if (tc < 0) {
    if ((rc = time_from_fs(L)) != HINGE_OK) return rc;
  } else {
    t->time = t->cols[tc].v;
  }
  if ((rc = median_step(L)) != HINGE_OK) return rc;
  if (isnan(tm->median_step_s) && !(L->o.fs > 0))
    return hinge__fail(L->err, HINGE_ENODATA, t->file, 0, tc + 1,
                       "cannot find the sample rate: fewer than two distinct timestamps "
                       "(give the sample rate, --fs HZ)");
  tm->duration_s = tm->end_s - tm->start_s;
  if (!isnan(tm->median_step_s) && (rc = classify_steps(L, &regular)) != HINGE_OK) return rc;
  tm->detected_hz = tc >= 0 ? round9(1.0 / regular) : NAN;
  tm->sample_rate_hz = L->o.fs > 0 ? L->o.fs : tm->detected_hz;
  return timing_warnings(L, t->rows > 1 ? t->rows - 1 - tm->missing_time : 0);
}

/* ---- after reading: time units, epoch times, duplicate timestamps ---- */

#define EPOCH_MIN 1e8  /* seconds since 1970: 1973-03-03 ... */
#define EPOCH_MAX 1e10 /* ... 2286-11-20 */

static double unit_scale(int unit) {
  return unit == HINGE_UNIT_MS ? 1e3 : unit == HINGE_UNIT_US ? 1e6 : unit == HINGE_UNIT_NS ? 1e9 : 1;
}

static int scale_unit(double sc) {
  return sc == 1e3 ? HINGE_UNIT_MS : sc == 1e6 ? HINGE_UNIT_US : sc == 1e9 ? HINGE_UNIT_NS
                                                                          : HINGE_UNIT_S;
}

/* The scale of the time column's epoch times (1 s, 1e3 ms, 1e6 us, 1e9
 * ns per second), or 0 when its first time v0 is no epoch time: v0 in the
 * named unit (s when the name says none) between EPOCH_MIN and EPOCH_MAX
 * seconds; or, when that would be after EPOCH_MAX, in the first finer unit
 * that puts it there (an epoch in ms under a name that says s). */
static double epoch_scale(const hinge__col *c, double v0) {
  static const double scales[4] = {1, 1e3, 1e6, 1e9};
  double named = unit_scale(c->info.unit), s = v0 / named;
  int k;
  if (!(s >= EPOCH_MIN)) return 0;
  if (s < EPOCH_MAX) return named;
  for (k = 0; k < 4; k++)
    if (scales[k] > named && v0 / scales[k] >= EPOCH_MIN && v0 / scales[k] < EPOCH_MAX)
      return scales[k];
  return 0;
}

/* Epoch times to seconds from the first one, the absolute start kept. */
static int epoch_times(loader *L, hinge__col *c, double v0, double sc) {
  hinge_table *t = L->t;
  size_t r;
  double sec = floor(v0 / sc);
  if (sc != unit_scale(c->info.unit) && c->unit_named &&
      hinge__table_warn(t, "epoch_unit", t->schema.header_line,
                        t->role_col[HINGE_ROLE_TIME] + 1,
                        "column '%s' holds epoch times in %s by their size (first %.17g), not "
                        "in %s; read as %s", c->name, hinge_unit_name(scale_unit(sc)), v0,
                        hinge_unit_name(c->info.unit), hinge_unit_name(scale_unit(sc))) != HINGE_OK)
    return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  c->info.unit = scale_unit(sc);
  L->abs_have = 1;
  L->abs_sec = (long long)sec;
  L->abs_frac = (v0 - sec * sc) / sc;
  L->abs_digits = sc == 1e3 ? 3 : 6;
  /* Differences first: exact for whole numbers of units below 2^53 (ms,
   * us).  A double holds seconds since 1970 to 2.4e-7 s (before 2038) and
   * nanoseconds to 256 ns: their differences are rounded to whole
   * microseconds, so that 1772443800.010 - 1772443800.000 is 0.01. */
  if (sc == 1e9)
    for (r = 0; r < t->rows; r++) c->v[r] = round((c->v[r] - v0) / 1e3) / 1e6;
  else if (sc == 1)
    for (r = 0; r < t->rows; r++) c->v[r] = round((c->v[r] - v0) * 1e6) / 1e6;
  else
    for (r = 0; r < t->rows; r++) c->v[r] = (c->v[r] - v0) / sc;
  return HINGE_OK;
}

/* Time columns in ms, us or ns to seconds (the same division, so the same
 * bits, as a conversion at store time), and the time column's epoch times
 * to seconds from the first; the absolute start of an ISO 8601 column. */
static int time_units(loader *L) {
  hinge_table *t = L->t;
  long tc = t->role_col[HINGE_ROLE_TIME];
  size_t ci, r;
  if (L->iso_have_base) {
    L->abs_have = 1;
    L->abs_sec = L->iso_base;
    L->abs_frac = L->iso_base_frac;
    L->abs_digits = 6;
  }
  for (ci = 0; ci < t->ncols; ci++) {
    hinge__col *c = &t->cols[ci];
    double sc = unit_scale(c->info.unit);
    if (c->v == NULL || c->kind != HINGE__K_NUMBER) continue;
    if ((long)ci == tc) {
      size_t f = first_valid(c->v, t->rows);
      double esc = f < t->rows ? epoch_scale(c, c->v[f]) : 0;
      if (esc > 0) {
        int rc = epoch_times(L, c, c->v[f], esc);
        if (rc != HINGE_OK) return rc;
        continue;
      }
    }
    if (sc != 1)
      for (r = 0; r < t->rows; r++) c->v[r] = c->v[r] / sc;
  }
  return HINGE_OK;
}

/* Whether rows a and b hold the same value in every stored column (NaN
 * the same as NaN). */
static int same_row(const loader *L, size_t a, size_t b) {
  size_t i;
  for (i = 0; i < L->nnum; i++) {
    const double *v = L->t->cols[L->num[i]].v;
    if (!(v[a] == v[b] || (isnan(v[a]) && isnan(v[b])))) return 0;
  }
  return 1;
}

/* Row to takes row from's values; with fill, only into its missing cells. */
static void copy_row(loader *L, size_t to, size_t from, int fill) {
  size_t i;
  for (i = 0; i < L->nnum; i++) {
    double *v = L->t->cols[L->num[i]].v;
    if (!fill || isnan(v[to])) v[to] = v[from];
  }
}

typedef struct dedupe_count {
  size_t same, conflict;
  long same_line, conflict_line;
  double conflict_t;
} dedupe_count;

static int dedupe_warnings(loader *L, const dedupe_count *k) {
  hinge_table *t = L->t;
  long tcol = t->role_col[HINGE_ROLE_TIME] + 1;
  int rc = HINGE_OK;
  if (k->same > 0 &&
      (rc = hinge__table_warn(t, "duplicate_row", k->same_line, tcol,
                              "rows that repeat the row before them exactly (same time, same "
                              "values) were dropped")) == HINGE_OK)
    t->warn[t->nwarn - 1].count = k->same;
  if (rc == HINGE_OK && k->conflict > 0 &&
      (rc = hinge__table_warn(t, "duplicate_time", k->conflict_line, tcol,
                              "rows with the time of the row before them (first at %.6g s) "
                              "but other values were dropped: the first row of each time is "
                              "kept, its missing cells filled from the others", k->conflict_t)) ==
                  HINGE_OK)
    t->warn[t->nwarn - 1].count = k->conflict;
  return rc == HINGE_OK ? rc : hinge__fail(L->err, rc, t->file, 0, 0, "out of memory");
}

/* The row -> line map after rows moved: a mark where the rows kept stop
 * following lines one to one. */
typedef struct markmap {
  hinge__linemark *m;
  size_t n, cap;
} markmap;

static int remark(const hinge_table *t, markmap *mm, size_t row, long line) {
  if (mm->n > 0 && mm->m[mm->n - 1].line + (long)(row - mm->m[mm->n - 1].row) == line)
    return HINGE_OK;
  if (HINGE__GROW(t->alloc, mm->m, mm->cap, mm->n + 1)) return HINGE_ENOMEM;
  mm->m[mm->n].row = row;
  mm->m[mm->n].line = line;
  mm->n++;
  return HINGE_OK;
}

/* How many valid times equal the valid time before them (the common
 * case: none). */
static size_t count_repeats(const double *x, size_t n) {
  size_t i, last = first_valid(x, n), k = 0;
  for (i = last + 1; i < n; i++) {
    k += x[i] == x[last];
    if (!isnan(x[i])) last = i;
  }
  return k;
}

/* More than half the rows repeat the time before them: the clock is
 * coarser than the sampling (ISO 8601 times in whole seconds at 100 Hz).
 * Dropping them would throw the recording away: they stay, and the
 * time checks count them as duplicates (finish_time). */
static int coarse_time(loader *L, size_t repeats) {
  hinge_table *t = L->t;
  long tc = t->role_col[HINGE_ROLE_TIME];
  if (hinge__table_warn(t, "coarse_time", 0, tc + 1,
                        "%lu of %lu rows repeat the time of the row before them: column '%s' "
                        "is coarser than the sampling, so no row was dropped; export finer "
                        "timestamps, or give the time another column (--map time=COLUMN)",
                        (unsigned long)repeats, (unsigned long)t->rows, t->cols[tc].name) !=
      HINGE_OK)
    return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  return HINGE_OK;
}

/* Duplicate timestamps (docs/formats.md): a row whose time equals the
 * previous valid time is dropped -- counted as a repeat when all its
 * values are the same, else as a conflict whose values fill only the kept
 * row's missing cells -- unless more than half the rows would go. */
static int dedupe(loader *L) {
  hinge_table *t = L->t;
  long tc = t->role_col[HINGE_ROLE_TIME];
  double *x = tc >= 0 ? t->cols[tc].v : NULL;
  dedupe_count k;
  markmap mm;
  size_t i, w = 0, kept = (size_t)-1, repeats = x != NULL ? count_repeats(x, t->rows) : 0;
  if (repeats == 0) return HINGE_OK;
  if (repeats * 2 > t->rows) return coarse_time(L, repeats);
  memset(&k, 0, sizeof k);
  memset(&mm, 0, sizeof mm);
  for (i = 0; i < t->rows; i++) {
    long line = line_of(t, i);
    if (kept != (size_t)-1 && x[i] == x[kept]) {
      if (same_row(L, kept, i)) {
        if (k.same++ == 0) k.same_line = line;
      } else {
        if (k.conflict++ == 0) k.conflict_line = line, k.conflict_t = x[i];
        copy_row(L, kept, i, 1);
      }
      continue;
    }
    if (remark(t, &mm, w, line) != HINGE_OK) {
      hinge__free(t->alloc, mm.m, mm.cap * sizeof *mm.m);
      return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
    }
    if (w != i) copy_row(L, w, i, 0);
    if (!isnan(x[w])) kept = w;
    w++;
  }
  hinge__free(t->alloc, t->marks, t->markcap * sizeof *t->marks);
  t->marks = mm.m;
  t->nmarks = mm.n;
  t->markcap = mm.cap;
  t->rows = w;
  for (i = 0; i < L->nnum; i++) { /* missing cells, again */
    hinge__col *c = &t->cols[L->num[i]];
    size_t r;
    c->info.missing = 0;
    for (r = 0; r < w; r++) c->info.missing += isnan(c->v[r]) != 0;
  }
  t->timing.duplicates = k.same + k.conflict;
  return dedupe_warnings(L, &k);
}

/* Separator-only rows between data rows (those after the last are not
 * worth a word). */
static int empty_warning(loader *L) {
  hinge_table *t = L->t;
  if (L->empty_pending > 0 && t->rows > L->empty_rows_at) empty_flush(L);
  if (L->empty_mid == 0) return HINGE_OK;
  if (hinge__table_warn(t, "empty_row", L->empty_mid_line, 0,
                        "rows between data rows that hold no value (separators only) were "
                        "skipped") != HINGE_OK)
    return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  t->warn[t->nwarn - 1].count = L->empty_mid;
  return HINGE_OK;
}

/* civil_from_days (H. Hinnant): the date of a day count since 1970. */
static void civil(long long z, int *y, int *m, int *d) {
  long long era, doe, yoe, doy, mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* meta.start: the absolute time of the first sample, ISO 8601 in UTC,
 * with the fraction's digits up to abs_digits (trailing zeros cut). */
static int set_start(loader *L) {
  hinge_table *t = L->t;
  char buf[64], frac[16];
  long long days = (L->abs_sec >= 0 ? L->abs_sec : L->abs_sec - 86399) / 86400;
  long rem = (long)(L->abs_sec - days * 86400);
  int y, mo, d;
  size_t n;
  civil(days, &y, &mo, &d);
  frac[0] = '\0';
  if (L->abs_digits > 0 && L->abs_frac > 0) {
    double f = L->abs_frac < 0.9999995 ? L->abs_frac : 0.999999;
    snprintf(frac, sizeof frac, "%.*f", L->abs_digits, f);
    memmove(frac, frac + 1, strlen(frac)); /* ".123000" */
    n = strlen(frac);
    while (n > 2 && frac[n - 1] == '0') frac[--n] = '\0';
    if (strcmp(frac, ".0") == 0) frac[0] = '\0';
  }
  snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02ld:%02ld:%02ld%sZ", y, mo, d, rem / 3600,
           rem / 60 % 60, rem % 60, frac);
  if (hinge__table_setstr(t, &t->start_store, buf, strlen(buf)) != HINGE_OK) return HINGE_ENOMEM;
  t->meta.start = t->start_store;
  return HINGE_OK;
}

static int meta_slot(hinge_table *t, int slot, const char *s, const char **dst,
                     const char **from, const char *why) {
  if (hinge__table_setstr(t, &t->meta_store[slot], s, strlen(s)) != HINGE_OK)
    return HINGE_ENOMEM;
  *dst = t->meta_store[slot];
  if (from) *from = why;
  return HINGE_OK;
}

static int finish_meta(loader *L) {
  hinge_table *t = L->t;
  hinge_meta *m = &t->meta;
  const char **dst[4];
  long c;
  int slot, rc = HINGE_OK;
  static const int roles[4] = {HINGE_ROLE_ATHLETE, HINGE_ROLE_DATE, HINGE_ROLE_SET,
                               HINGE_ROLE_EXERCISE};
  dst[0] = &m->athlete;
  dst[1] = &m->date;
  dst[2] = &m->set;
  dst[3] = &m->exercise;
  for (slot = 0; slot < 4 && rc == HINGE_OK; slot++) {
    c = t->role_col[roles[slot]];
    if (c >= 0 && t->cols[c].meta != NULL)
      rc = meta_slot(t, slot, t->cols[c].meta, dst[slot],
                     slot == 0 ? &m->athlete_from : slot == 1 ? &m->date_from : NULL, "column");
  }
  if (rc == HINGE_OK && (c = t->role_col[HINGE_ROLE_SET]) >= 0 && t->cols[c].v != NULL &&
      m->set == NULL) {
    /* A numeric set column: its first value is the label (as a text one's) */
    size_t r;
    for (r = 0; r < t->rows && isnan(t->cols[c].v[r]); r++) {}
    if (r < t->rows) {
      char buf[32];
      snprintf(buf, sizeof buf, "%g", t->cols[c].v[r]);
      rc = meta_slot(t, 2, buf, &m->set, NULL, "column");
    }
  }
  if ((c = t->role_col[HINGE_ROLE_LOAD]) >= 0 && t->cols[c].v != NULL) {
    size_t r;
    double kg = NAN;
    for (r = 0; r < t->rows && isnan(kg); r++) kg = t->cols[c].v[r];
    if (!isnan(kg)) m->load_kg = kg;
  }
  if (rc == HINGE_OK) rc = hinge__meta_from_filename(t);
  if (rc == HINGE_OK && L->abs_have) rc = set_start(L);
  if (rc == HINGE_OK && m->date == NULL && L->abs_have) {
    char buf[32];
    int y, mo, d;
    long long days = (L->abs_sec >= 0 ? L->abs_sec : L->abs_sec - 86399) / 86400;
    civil(days, &y, &mo, &d);
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    rc = meta_slot(t, 1, buf, &m->date, &m->date_from, "timestamp");
  }
  return rc == HINGE_OK ? rc : hinge__fail(L->err, rc, t->file, 0, 0, "out of memory");
}

static int finish_schema(loader *L) {
  hinge_table *t = L->t;
  t->schema.delimiter = L->delim;
  t->schema.decimal = L->seen_comma ? ',' : '.';
  t->schema.had_bom = L->lines.had_bom;
  t->schema.crlf = L->lines.term == 2;
  t->schema.lines = L->lines.lines;
  t->schema.encoding = hinge__encoding_name(L->lines.encoding);
  if (L->seen_comma && L->seen_dot &&
      hinge__table_warn(t, "mixed_decimal", 0, 0,
                        "numbers use both '.' and ',' as the decimal mark") != HINGE_OK)
    return hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  return HINGE_OK;
}

/* ---- load ---- */

/* Metadata lines above the header (schema.c, hinge__find_header): read
 * what they say and start the line reader at the header. */
static int skip_metadata(loader *L) {
  hinge__lines *ln = &L->lines;
  hinge__prescan ps;
  int rc = hinge__lines_begin(ln, L->t->file, L->err);
  if (rc != HINGE_OK) return rc;
  ps.data = ln->data + ln->pos;
  ps.len = ln->len - ln->pos;
  ps.eof = ln->eof;
  ps.delimiter = L->o.delimiter;
  ps.header_line = L->profile != NULL ? L->profile->header_line : 0;
  if ((rc = hinge__find_header(L->t, &ps, &L->o, L->err)) != HINGE_OK) return rc;
  ln->pos += ps.skip;
  ln->line += ps.lines;
  ln->lines += ps.lines;
  if (ln->term == 0) ln->term = ps.term;
  ln->cr_known = 0;
  if (!isnan(L->t->meta.rate_hz) && !(L->o.fs > 0)) { /* the rate, unless a time column */
    L->o.fs = L->t->meta.rate_hz;
    L->fs_from_meta = 1;
  }
  return HINGE_OK;
}

hinge_table *hinge__table_alloc(const char *name, const hinge_load_options *o, hinge_error *err) {
  hinge_table *t = hinge__calloc(o->alloc, 1, sizeof *t);
  int r;
  if (t == NULL || (t->file = hinge__strdup(o->alloc, name)) == NULL) {
    hinge__free(o->alloc, t, sizeof *t);
    hinge__fail(err, HINGE_ENOMEM, name, 0, 0, "out of memory");
    return NULL;
  }
  t->alloc = o->alloc;
  for (r = 0; r < HINGE_ROLE_COUNT; r++) t->role_col[r] = -1;
  t->meta.load_kg = t->meta.rate_hz = NAN;
  t->schema.encoding = "utf-8";
  return t;
}

static int hold(loader *L);

static int run(loader *L) {
  hinge_csv_options co;
  int rc;
  memset(&co, 0, sizeof co);
  co.alloc = L->o.alloc;
  if ((rc = skip_metadata(L)) != HINGE_OK || (rc = read_header(L, &co)) != HINGE_OK) return rc;
  L->t->schema.header_line = L->rec.row.line;
  L->next_line = 0;
  L->comma_ok = L->delim != ',';
  if (L->profile != NULL && L->profile->decimal) L->comma_ok = L->profile->decimal == ',';
  if ((rc = hinge__schema_build(L->t, &L->rec.row, &L->o, L->err)) != HINGE_OK) return rc;
  if (L->fs_from_meta && L->t->role_col[HINGE_ROLE_TIME] >= 0) {
    L->o.fs = 0; /* the time column rules; the stated rate is a check */
    L->fs_from_meta = 0;
  }
  if ((rc = prepare(L)) != HINGE_OK || (rc = read_rows(L)) != HINGE_OK) return rc;
  if (L->t->rows == 0)
    return hinge__fail(L->err, HINGE_ENODATA, L->t->file, L->t->schema.header_line, 0,
                       "no data rows after the header");
  if ((rc = empty_warning(L)) != HINGE_OK) return rc;
  invert(L->t);
  if ((rc = time_units(L)) != HINGE_OK) return rc;
  if (L->profile != NULL) return hold(L);
  if ((rc = dedupe(L)) != HINGE_OK) return rc;
  shrink(L);
  if ((rc = finish_schema(L)) != HINGE_OK || (rc = finish_time(L)) != HINGE_OK) return rc;
  return finish_meta(L);
}

/* Load from an opened line source; takes ownership of L->t. */
static int load(loader *L, hinge_table **out) {
  hinge_table *t = L->t;
  int rc = run(L);
  /* Warnings (hinge__table_warn) and a few growth steps report a bare
   * HINGE_ENOMEM: give err the status too, as the caller reads it. */
  if (rc == HINGE_ENOMEM && L->err != NULL && L->err->code != HINGE_ENOMEM)
    hinge__fail(L->err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  if (L->rec_ready) hinge__csvrec_free(&L->rec);
  hinge__lines_close(&L->lines);
  hinge__free(t->alloc, L->stage, (t->ncols ? t->ncols : 1) * sizeof *L->stage);
  hinge__free(t->alloc, L->num, (t->ncols ? t->ncols : 1) * sizeof *L->num);
  hinge__free(t->alloc, L->dst, (t->ncols ? t->ncols : 1) * sizeof *L->dst);
  if (rc != HINGE_OK) {
    hinge_table_destroy(t);
    return rc;
  }
  *out = t;
  return HINGE_OK;
}

static int begin(loader *L, const char *name, const hinge_load_options *opts,
                 hinge_table **out, hinge_error *err) {
  memset(L, 0, sizeof *L);
  if (out == NULL || name == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "table: NULL argument");
  *out = NULL;
  if (opts != NULL) L->o = *opts;
  if (L->o.gap_factor == 0) L->o.gap_factor = 1.5;
  L->lenient = (L->o.flags & HINGE_LOAD_LENIENT) != 0;
  L->err = err;
  if (hinge__load_options_check(&L->o, name, err) != HINGE_OK) return HINGE_EINVAL;
  L->t = hinge__table_alloc(name, &L->o, err);
  return L->t ? HINGE_OK : HINGE_ENOMEM;
}

/* Rows from src into L's table. */
static int load_source(loader *L, const hinge__source *src, hinge_table **out,
                       hinge_error *err) {
  int rc;
  if (src->path == NULL) {
    hinge__lines_open_buffer(&L->lines, src->buf, src->len, L->o.alloc);
    return load(L, out);
  }
  rc = hinge__lines_open_file(&L->lines, src->path, L->o.alloc,
                              L->o.threads > 1 ? PAR_CHUNK : 0, err);
  if (rc != HINGE_OK) {
    hinge_table_destroy(L->t);
    return rc;
  }
  return load(L, out);
}

/* The reader "csv" (reader.h): hinge's own session CSV. */
int hinge__csv_load(const hinge__source *src, const hinge_load_options *opts, hinge_table **out,
                    hinge_error *err) {
  loader L;
  int rc = begin(&L, src->name, opts, out, err);
  return rc != HINGE_OK ? rc : load_source(&L, src, out, err);
}

int hinge__table_load_profile(const hinge__source *src, const hinge__csv_profile *p,
                              const hinge_load_options *opts, hinge_table **out,
                              hinge_error *err) {
  loader L;
  hinge_load_options o;
  int rc;
  if (opts != NULL) o = *opts;
  else hinge_load_options_init(&o);
  o.flags |= HINGE__LOAD_PROFILE | (p->raw ? HINGE__LOAD_RAW : 0u);
  if (p->delimiter) o.delimiter = p->delimiter;
  if ((rc = begin(&L, src->name, &o, out, err)) != HINGE_OK) return rc;
  L.profile = p;
  L.t->reader_roles = p->roles;
  L.t->nreader_roles = p->roles != NULL ? p->nroles : 0;
  return load_source(&L, src, out, err);
}

/* ---- a reader's table, after its columns (reader.h, table_build.c) ---- */

/* The profile loader stops here: the schema's facts and the absolute
 * start are kept for hinge__table_settle. */
static int hold(loader *L) {
  hinge_table *t = L->t;
  int rc = finish_schema(L);
  if (rc != HINGE_OK) return rc;
  t->abs.have = L->abs_have;
  t->abs.digits = L->abs_digits;
  t->abs.sec = L->abs_sec;
  t->abs.frac = L->abs_frac;
  t->building = HINGE__BUILT_PROFILE;
  t->reader_roles = NULL; /* the reader's, used at the header only */
  t->nreader_roles = 0;
  return HINGE_OK;
}

int hinge__table_settle(hinge_table *t, const hinge_load_options *o, hinge_error *err) {
  loader L;
  size_t i;
  int rc;
  memset(&L, 0, sizeof L);
  L.t = t;
  L.o = *o;
  if (L.o.gap_factor == 0) L.o.gap_factor = 1.5;
  L.lenient = (L.o.flags & HINGE_LOAD_LENIENT) != 0;
  L.err = err;
  L.abs_have = t->abs.have;
  L.abs_digits = t->abs.digits;
  L.abs_sec = t->abs.sec;
  L.abs_frac = t->abs.frac;
  if (!isnan(t->meta.rate_hz) && !(L.o.fs > 0) && t->role_col[HINGE_ROLE_TIME] < 0) {
    L.o.fs = t->meta.rate_hz; /* the rate the file states, without a time column */
    L.fs_from_meta = 1;
  }
  L.num = hinge__calloc(t->alloc, t->ncols ? t->ncols : 1, sizeof *L.num);
  if (L.num == NULL) return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  for (i = 0; i < t->ncols; i++)
    if (t->cols[i].v != NULL) L.num[L.nnum++] = i;
  rc = dedupe(&L);
  if (rc == HINGE_OK) shrink(&L);
  if (rc == HINGE_OK) rc = finish_time(&L);
  if (rc == HINGE_OK) rc = finish_meta(&L);
  hinge__free(t->alloc, L.num, (t->ncols ? t->ncols : 1) * sizeof *L.num);
  if (rc == HINGE_ENOMEM && err != NULL && err->code != HINGE_ENOMEM)
    hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  return rc;
}
