/*
 * fuzz_csv -- the generic CSV reader (hinge/csv.h): the pull reader, the
 * row-callback reader, the file reader and the internal line source with
 * a tiny chunk buffer must all deliver the same records.
 *
 * Input: 4 option bytes, then the CSV text.
 *   byte 0: bits 0-2 delimiter (0 detect, 1 ',', 2 ';', 3 tab, 4 detect,
 *           5 ',', 6 an invalid one: HINGE_EINVAL, 7 detect); bits 3-4
 *           a small limit (1 max_field, 2 max_columns, 3 max_record);
 *           bit 5: the callback stops the read at record byte2 & 63;
 *           bit 6: read again refusing one allocation (the 1 + byte3 % 16-th):
 *           HINGE_ENOMEM or the same result
 *   byte 1: the limit's value
 *   byte 2: the record the callback stops at
 *   byte 3: chunk size of the line-source run (4 + byte3 % 61 bytes)
 * Properties: records equal across the four readers (fields, lengths,
 * lines, indexes) with the same final status and error line; every field
 * NUL-terminated at its length; indexes 0, 1, 2...; lines increasing;
 * limits respected; statuses from the documented list; a spent reader
 * keeps returning its status; the allocator balanced after close.
 */
#include "fuzz_common.h"

#include "io/csv_internal.h"

typedef struct rec {
  size_t nfields;
  size_t *lengths;
  char **fields;
  long line;
  size_t index;
} rec;

typedef struct recs {
  rec *v;
  size_t n, cap;
  int status;
  long err_line;
  size_t stop_at; /* callback: return HINGE_ERANGE at this record (SIZE_MAX: never) */
  const hinge_csv_options *opts;
} recs;

static void recs_free(recs *r) {
  size_t i, k;
  for (i = 0; i < r->n; i++) {
    for (k = 0; k < r->v[i].nfields; k++) free(r->v[i].fields[k]);
    free(r->v[i].fields);
    free(r->v[i].lengths);
  }
  free(r->v);
  memset(r, 0, sizeof *r);
}

/* Check a row's invariants and keep a copy. */
static void keep(recs *r, const hinge_csv_row *row) {
  const hinge_csv_options *o = r->opts;
  size_t k, total = 0;
  rec *c;
  FUZZ_CHECK(row->index == r->n);
  FUZZ_CHECK(row->line >= 1);
  if (r->n > 0) FUZZ_CHECK(row->line > r->v[r->n - 1].line);
  FUZZ_CHECK(row->nfields >= 1);
  FUZZ_CHECK(row->nfields <= (o->max_columns ? o->max_columns : HINGE_CSV_MAX_COLUMNS));
  if (r->n == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 8;
    r->v = realloc(r->v, r->cap * sizeof *r->v);
  }
  c = &r->v[r->n++];
  c->nfields = row->nfields;
  c->line = row->line;
  c->index = row->index;
  c->lengths = malloc(row->nfields * sizeof *c->lengths);
  c->fields = malloc(row->nfields * sizeof *c->fields);
  for (k = 0; k < row->nfields; k++) {
    size_t len = row->lengths[k];
    FUZZ_CHECK(row->fields[k] != NULL);
    FUZZ_CHECK(row->fields[k][len] == '\0');
    FUZZ_CHECK(len <= (o->max_field ? o->max_field : HINGE_CSV_MAX_FIELD));
    total += len + 1;
    c->lengths[k] = len;
    c->fields[k] = malloc(len + 1);
    memcpy(c->fields[k], row->fields[k], len + 1);
  }
  FUZZ_CHECK(total <= (o->max_record ? o->max_record : HINGE_CSV_MAX_RECORD));
}

static void same_recs(const recs *a, const recs *b, size_t upto) {
  size_t i, k;
  FUZZ_CHECK(a->n >= upto && b->n >= upto);
  for (i = 0; i < upto; i++) {
    const rec *x = &a->v[i], *y = &b->v[i];
    FUZZ_CHECK(x->nfields == y->nfields);
    FUZZ_CHECK(x->line == y->line);
    FUZZ_CHECK(x->index == y->index);
    for (k = 0; k < x->nfields; k++) {
      FUZZ_CHECK(x->lengths[k] == y->lengths[k]);
      FUZZ_CHECK(memcmp(x->fields[k], y->fields[k], x->lengths[k]) == 0);
    }
  }
}

static int on_row(void *ud, const hinge_csv_row *row, hinge_error *err) {
  recs *r = ud;
  if (r->n == r->stop_at) {
    if (err) err->code = HINGE_ERANGE;
    return HINGE_ERANGE;
  }
  keep(r, row);
  return HINGE_OK;
}

static void check_status(int rc, const hinge_error *err) {
  FUZZ_CHECK(rc == HINGE_OK || rc == HINGE_EPARSE || rc == HINGE_ELIMIT || rc == HINGE_ENOMEM ||
             rc == HINGE_EINVAL);
  if (rc == HINGE_EPARSE || rc == HINGE_ELIMIT) {
    FUZZ_CHECK(err->code == rc);
    FUZZ_CHECK(err->line >= 1);
    FUZZ_CHECK(err->column >= 1);
  }
}

/* The pull reader over the buffer. */
static void pull(const char *buf, size_t n, const hinge_csv_options *o, recs *out,
                 hinge_csv_info *info) {
  hinge_csv_reader *r = NULL;
  const hinge_csv_row *row;
  hinge_error err;
  int rc;
  hinge_error_clear(&err);
  out->status = hinge_csv_open_buffer("fuzz.csv", buf, n, o, &r, &err);
  if (out->status != HINGE_OK) {
    FUZZ_CHECK(r == NULL);
    check_status(out->status, &err);
    return;
  }
  while ((rc = hinge_csv_next(r, &row, &err)) == 1) keep(out, row);
  out->status = rc;
  out->err_line = rc < 0 ? err.line : 0;
  check_status(rc, &err);
  /* A spent reader stays spent. */
  FUZZ_CHECK(hinge_csv_next(r, &row, NULL) == rc);
  *info = *hinge_csv_reader_info(r);
  FUZZ_CHECK(info->records == out->n);
  hinge_csv_close(r);
}

/* The line source over a file with a chunk of `chunk` bytes, driven as
 * hinge_csv_next drives it.  The delimiter, when not given, is set on the
 * first non-blank piece as the reader's detection does -- to the one the
 * buffer reader detected, since detection sees only a first fragment. */
static void small_chunks(const char *path, size_t chunk, char detected, const hinge_csv_options *o,
                         recs *out) {
  hinge__lines lines;
  hinge__csvrec rec;
  hinge__piece pc;
  hinge_error err;
  int rc, known = o->delimiter != 0;
  hinge_error_clear(&err);
  FUZZ_CHECK(hinge__lines_open_file(&lines, path, o->alloc, chunk, &err) == HINGE_OK);
  FUZZ_CHECK(hinge__csvrec_init(&rec, o, known ? o->delimiter : ',', "fuzz.csv", &err) == HINGE_OK);
  for (;;) {
    rc = hinge__lines_next(&lines, &pc, "fuzz.csv", &err);
    FUZZ_CHECK(rc >= 0);
    FUZZ_CHECK(rc == 0 || pc.len > 0);
    if (rc == 0) {
      rc = hinge__csvrec_finish(&rec, &err);
      if (rc == HINGE_OK && rec.ready) keep(out, &rec.row);
      break;
    }
    if (!known && !hinge__csv_blank_text(&pc, '\0')) {
      csv_set_delim(&rec.p, (unsigned char)detected);
      known = 1;
    }
    rc = hinge__csvrec_feed(&rec, &pc, &err);
    if (rc != HINGE_OK) break;
    if (rec.ready) keep(out, &rec.row);
  }
  out->status = rc;
  out->err_line = rc < 0 ? err.line : 0;
  hinge__csvrec_free(&rec);
  hinge__lines_close(&lines);
}

static fuzz_file file;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char delims[8] = {0, ',', ';', '\t', 0, ',', 'x', 0};
  fuzz_alloc_state st;
  hinge_allocator a;
  hinge_csv_options o;
  hinge_csv_info info, info2;
  hinge_error err;
  recs pulled = {0}, called = {0}, filed = {0}, chunked = {0};
  fuzz_in in = {data, size};
  unsigned b0, b1, b2, b3;
  const char *text;
  size_t n;
  int rc;
  if (file.path[0] == '\0') fuzz_file_init(&file, "fuzz.csv");
  if (size < 4) return 0;
  b0 = fuzz_byte(&in), b1 = fuzz_byte(&in), b2 = fuzz_byte(&in), b3 = fuzz_byte(&in);
  text = (const char *)in.p;
  n = in.n;

  memset(&o, 0, sizeof o);
  o.delimiter = delims[b0 & 7];
  switch ((b0 >> 3) & 3) {
  case 1: o.max_field = 1 + b1 % 64; break;
  case 2: o.max_columns = 1 + b1 % 16; break;
  case 3: o.max_record = 1 + b1 * 4; break;
  }
  a = fuzz_alloc_start(&st, 0);
  o.alloc = &a;
  memset(&info, 0, sizeof info);

  /* 1. pull. */
  pulled.opts = &o;
  pull(text, n, &o, &pulled, &info);
  FUZZ_CHECK(st.live == 0);
  if (o.delimiter == 'x') {
    FUZZ_CHECK(pulled.status == HINGE_EINVAL);
    recs_free(&pulled);
    return 0;
  }
  FUZZ_CHECK(pulled.status != HINGE_EINVAL && pulled.status != HINGE_ENOMEM);
  if (o.delimiter) FUZZ_CHECK(info.delimiter == o.delimiter);
  else FUZZ_CHECK(info.delimiter == ',' || info.delimiter == ';' || info.delimiter == '\t');

  /* 1b. the same with one allocation refused: HINGE_ENOMEM, or (when the
   * request was one libcsv retries smaller, or optional) the same records
   * and status. */
  if (b0 & 0x40) {
    recs again = {0};
    hinge_csv_info info3;
    a = fuzz_alloc_start(&st, 1 + b3 % 16);
    again.opts = &o;
    pull(text, n, &o, &again, &info3);
    FUZZ_CHECK(st.live == 0);
    if (!(again.status == HINGE_ENOMEM || again.status == pulled.status))
      fprintf(stderr, "allocation %zu refused: status %s, %s without\n", st.fail_at,
              hinge_err_name(again.status), hinge_err_name(pulled.status));
    FUZZ_CHECK(again.status == HINGE_ENOMEM || again.status == pulled.status);
    if (again.status != HINGE_ENOMEM) {
      FUZZ_CHECK(again.n == pulled.n);
      same_recs(&pulled, &again, pulled.n);
    } else {
      FUZZ_CHECK(st.failed);
    }
    recs_free(&again);
  }

  /* 2. the callback reader over the same buffer. */
  a = fuzz_alloc_start(&st, 0);
  called.opts = &o;
  called.stop_at = (b0 & 0x20) ? (size_t)(b2 & 63) : (size_t)-1;
  hinge_error_clear(&err);
  rc = hinge_csv_read_buffer("fuzz.csv", text, n, &o, on_row, &called, &info2, &err);
  FUZZ_CHECK(st.live == 0);
  if (called.stop_at < pulled.n) {
    FUZZ_CHECK(rc == HINGE_ERANGE);
    FUZZ_CHECK(called.n == called.stop_at);
    same_recs(&pulled, &called, called.n);
  } else {
    FUZZ_CHECK(rc == pulled.status);
    FUZZ_CHECK(called.n == pulled.n);
    same_recs(&pulled, &called, pulled.n);
    FUZZ_CHECK(memcmp(&info, &info2, sizeof info) == 0);
    if (rc < 0) FUZZ_CHECK(err.line == pulled.err_line);
  }

  /* 3. the file reader (default chunk). */
  fuzz_file_write(&file, text, n);
  a = fuzz_alloc_start(&st, 0);
  filed.opts = &o;
  filed.stop_at = (size_t)-1;
  hinge_error_clear(&err);
  rc = hinge_csv_read_file(file.path, &o, on_row, &filed, &info2, &err);
  FUZZ_CHECK(st.live == 0);
  FUZZ_CHECK(rc == pulled.status);
  FUZZ_CHECK(filed.n == pulled.n);
  same_recs(&pulled, &filed, pulled.n);
  FUZZ_CHECK(memcmp(&info, &info2, sizeof info) == 0);

  /* 4. tiny chunks: lines cut into fragments, a CR kept back at a
   * chunk's end. */
  {
    a = fuzz_alloc_start(&st, 0);
    chunked.opts = &o;
    small_chunks(file.path, 4 + b3 % 61, info.delimiter, &o, &chunked);
    FUZZ_CHECK(st.live == 0);
    if (chunked.status != pulled.status || chunked.n != pulled.n)
      fprintf(stderr, "chunk %u: status %d records %zu; buffer: status %d records %zu\n",
              4 + b3 % 61, chunked.status, chunked.n, pulled.status, pulled.n);
    FUZZ_CHECK(chunked.status == pulled.status);
    FUZZ_CHECK(chunked.n == pulled.n);
    same_recs(&pulled, &chunked, pulled.n);
    if (pulled.status < 0) FUZZ_CHECK(chunked.err_line == pulled.err_line);
  }

  recs_free(&pulled);
  recs_free(&called);
  recs_free(&filed);
  recs_free(&chunked);
  return 0;
}
