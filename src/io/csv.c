/*
 * csv.c -- records from libcsv (strict mode), one physical line per
 * csv_parse call, and the public reader built on it (hinge/csv.h).
 *
 * Memory cap.  libcsv grows its field buffer through a realloc hook that
 * has no context pointer, and the cap must not live in a global.  So the
 * buffer is seeded here, before libcsv ever allocates, with a small header
 * in front of it holding the allocator, the capacity and the cap; the hook
 * finds that header from the pointer libcsv hands it.  The hook grows the
 * buffer geometrically (libcsv asks for blk_size more each time, which
 * would be quadratic on a 5 MB field) and refuses to pass the cap, which
 * libcsv reports as CSV_ENOMEM; the header's `over` flag tells that apart
 * from a real allocation failure.
 */
#include <string.h>

#include "csv_internal.h"
#include "base/internal.h"

#define ENTRY_INITIAL 256u
#define FIELDS_INITIAL 16u

typedef union entry_hdr {
  struct {
    const hinge_allocator *alloc;
    size_t cap;   /* usable bytes after the header */
    size_t limit; /* the field cap */
    int over;     /* a request past the cap was refused */
  } h;
  long double align_ld; /* keep the buffer after the header aligned */
  void *align_p;
  long long align_ll;
} entry_hdr;

static void *entry_realloc(void *ptr, size_t n) {
  entry_hdr *h, *nh;
  size_t ncap;
  if (ptr == NULL) return NULL; /* cannot happen: the buffer is seeded */
  h = (entry_hdr *)ptr - 1;
  if (n <= h->h.cap) return ptr;
  if (n > h->h.limit) {
    h->h.over = 1;
    return NULL;
  }
  ncap = h->h.cap > h->h.limit / 2 ? h->h.limit : h->h.cap * 2;
  if (ncap < n) ncap = n;
  nh = hinge__realloc(h->h.alloc, h, sizeof *h + h->h.cap, sizeof *h + ncap);
  if (nh == NULL) return NULL;
  nh->h.cap = ncap;
  return nh + 1;
}

static void entry_free(void *ptr) {
  entry_hdr *h;
  if (ptr == NULL) return;
  h = (entry_hdr *)ptr - 1;
  hinge__free(h->h.alloc, h, sizeof *h + h->h.cap);
}

static entry_hdr *entry_of(hinge__csvrec *c) {
  return c->p.entry_buf ? (entry_hdr *)(void *)c->p.entry_buf - 1 : NULL;
}

/* RFC 4180: spaces belong to the field, so libcsv must not trim them. */
static int never_space(unsigned char ch) {
  (void)ch;
  return 0;
}

int hinge__csvrec_init(hinge__csvrec *c, const hinge_csv_options *opts, char delim,
                       const char *name, hinge_error *err) {
  entry_hdr *h;
  memset(c, 0, sizeof *c);
  c->alloc = opts ? opts->alloc : NULL;
  c->name = name;
  c->max_field = opts && opts->max_field ? opts->max_field : HINGE_CSV_MAX_FIELD;
  c->max_columns = opts && opts->max_columns ? opts->max_columns : HINGE_CSV_MAX_COLUMNS;
  c->max_record = opts && opts->max_record ? opts->max_record : HINGE_CSV_MAX_RECORD;
  c->between = 1;
  csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI);
  csv_set_delim(&c->p, (unsigned char)delim);
  csv_set_space_func(&c->p, never_space);
  csv_set_realloc_func(&c->p, entry_realloc);
  csv_set_free_func(&c->p, entry_free);
  csv_set_blk_size(&c->p, 4096);
  h = hinge__malloc(c->alloc, sizeof *h + ENTRY_INITIAL);
  if (h == NULL) return hinge__fail(err, HINGE_ENOMEM, name, 0, 0, "out of memory");
  h->h.alloc = c->alloc;
  h->h.cap = ENTRY_INITIAL;
  /* libcsv wants room for one more byte before it reads a field's end. */
  h->h.limit = c->max_field < ENTRY_INITIAL ? ENTRY_INITIAL : c->max_field + 1;
  h->h.over = 0;
  c->p.entry_buf = (unsigned char *)(h + 1);
  c->p.entry_size = ENTRY_INITIAL;
  c->p_ready = 1;
  return HINGE_OK;
}

void hinge__csvrec_free(hinge__csvrec *c) {
  if (c->p_ready) csv_free(&c->p); /* discards: never csv_fini after an error */
  c->p_ready = 0;
  hinge__free(c->alloc, c->arena, c->acap);
  hinge__free(c->alloc, c->hold, c->holdcap);
  c->hold = NULL;
  c->nhold = c->holdcap = 0;
  hinge__free(c->alloc, (void *)c->ptrs, c->fcap * (sizeof(char *) + 2 * sizeof(size_t)));
  c->arena = NULL;
  c->offs = c->lens = NULL;
  c->ptrs = NULL;
  c->acap = c->fcap = 0;
}

/* Record a failure from inside a libcsv callback; csv_parse runs on and
 * the callbacks ignore everything until it returns. */
static void cb_fail(hinge__csvrec *c, int code, const char *what, size_t limit) {
  c->status = hinge__fail(c->err, code, c->name, c->cur_line, (long)c->nf + 1,
                          "%s (the limit is %lu)", what, (unsigned long)limit);
}

/* The per-field arrays share one block: pointers first, then offsets and
 * lengths, so a failed growth leaves the old block intact. */
static int grow_fields(hinge__csvrec *c) {
  size_t n = c->fcap ? c->fcap * 2 : FIELDS_INITIAL, per = sizeof(char *) + 2 * sizeof(size_t);
  char *block;
  if (n > c->max_columns + 1) n = c->max_columns + 1;
  block = hinge__malloc(c->alloc, n * per);
  if (block == NULL) return HINGE_ENOMEM;
  if (c->fcap > 0) {
    memcpy(block + n * sizeof(char *), c->offs, c->fcap * sizeof(size_t));
    memcpy(block + n * (sizeof(char *) + sizeof(size_t)), c->lens, c->fcap * sizeof(size_t));
  }
  hinge__free(c->alloc, (void *)c->ptrs, c->fcap * per);
  c->ptrs = (const char **)(void *)block;
  c->offs = (size_t *)(void *)(block + n * sizeof(char *));
  c->lens = c->offs + n;
  c->fcap = n;
  return HINGE_OK;
}

static int grow_arena(hinge__csvrec *c, size_t need) {
  size_t n = c->acap ? c->acap : 256;
  char *a;
  while (n < need) n = n > c->max_record / 2 ? c->max_record + 1 : n * 2;
  a = hinge__realloc(c->alloc, c->arena, c->acap, n);
  if (a == NULL) return HINGE_ENOMEM;
  c->arena = a;
  c->acap = n;
  return HINGE_OK;
}

static void on_field(void *s, size_t len, void *data) {
  hinge__csvrec *c = data;
  if (c->status != HINGE_OK) return;
  if (c->nf >= c->max_columns) {
    cb_fail(c, HINGE_ELIMIT, "too many fields in a record", c->max_columns);
    return;
  }
  if (len > c->max_field) { /* a last field at the end of input */
    cb_fail(c, HINGE_ELIMIT, "field too long", c->max_field);
    return;
  }
  if (len + 1 > c->max_record - c->alen) {
    cb_fail(c, HINGE_ELIMIT, "record too long", c->max_record);
    return;
  }
  if ((c->nf == c->fcap && grow_fields(c) != HINGE_OK) ||
      (c->alen + len + 1 > c->acap && grow_arena(c, c->alen + len + 1) != HINGE_OK)) {
    c->status = hinge__fail(c->err, HINGE_ENOMEM, c->name, c->cur_line, (long)c->nf + 1,
                            "out of memory");
    return;
  }
  if (len > 0) memcpy(c->arena + c->alen, s, len);
  c->arena[c->alen + len] = '\0';
  c->offs[c->nf] = c->alen;
  c->lens[c->nf] = len;
  c->alen += len + 1;
  c->nf++;
  c->field_line = c->cur_line; /* the next field starts after this delimiter */
}

static void on_record(int term, void *data) {
  hinge__csvrec *c = data;
  size_t i;
  (void)term;
  if (c->status != HINGE_OK) return;
  for (i = 0; i < c->nf; i++) c->ptrs[i] = c->arena + c->offs[i];
  c->row.nfields = c->nf;
  c->row.fields = c->ptrs;
  c->row.lengths = c->lens;
  c->row.line = c->start_line;
  c->row.index = c->records++;
  c->ready = 1;
  c->between = 1;
}

static int parse_error(hinge__csvrec *c, const hinge__piece *pc, size_t at, hinge_error *err) {
  entry_hdr *h = entry_of(c);
  long col = (long)c->nf + 1;
  int e = csv_error(&c->p);
  if (e == CSV_EPARSE && at < pc->len && pc->data[at] == '"')
    c->status = hinge__fail(err, HINGE_EPARSE, c->name, c->cur_line, col,
                            "quote inside an unquoted field (quote the whole field "
                            "and double the quote)");
  else if (e == CSV_EPARSE)
    c->status = hinge__fail(err, HINGE_EPARSE, c->name, c->cur_line, col,
                            "text after a closing quote (a quote inside a quoted "
                            "field must be doubled)");
  else if (e == CSV_ETOOBIG || (h != NULL && h->h.over))
    c->status = hinge__fail(err, HINGE_ELIMIT, c->name, c->cur_line, col,
                            "field too long (the limit is %lu bytes)",
                            (unsigned long)c->max_field);
  else
    c->status = hinge__fail(err, HINGE_ENOMEM, c->name, c->cur_line, col, "out of memory");
  return c->status;
}

static void reset_record(hinge__csvrec *c) {
  c->ready = 0;
  c->alen = 0;
  c->nf = 0;
}

static int parse_piece(hinge__csvrec *c, const hinge__piece *pc, hinge_error *err) {
  size_t n;
  c->cur_line = pc->line;
  c->err = err;
  n = csv_parse(&c->p, pc->data, pc->len, on_field, on_record, c);
  if (c->status != HINGE_OK) return c->status;
  if (n < pc->len || csv_error(&c->p) != CSV_SUCCESS) return parse_error(c, pc, n, err);
  return HINGE_OK;
}

/* The most blank text hold keeps: the larger of max_field and max_record.
 * Its tabs may yet be delimiters (a file reader holds the start of a long
 * first line before it has picked the delimiter), so max_field alone is
 * not the bound; and libcsv must see a shorter start whole, so that a
 * line failing on something later (a stray quote) fails as it does from
 * memory.  Past both limits a line that is not blank fails as too long
 * however it goes on. */
static size_t hold_limit(const hinge__csvrec *c) {
  return c->max_field > c->max_record ? c->max_field : c->max_record;
}

/* A fragment that may start a blank line: keep it until the line ends
 * (up to hold_limit: past it only that is kept). */
static int hold(hinge__csvrec *c, const hinge__piece *pc, hinge_error *err) {
  size_t need = c->nhold + pc->len;
  if (c->hold_over) return HINGE_OK;
  if (need > hold_limit(c)) {
    c->hold_over = 1;
    return HINGE_OK;
  }
  if (need > c->holdcap) {
    size_t cap = c->holdcap ? c->holdcap : 256;
    char *p;
    while (cap < need) cap *= 2;
    if ((p = hinge__realloc(c->alloc, c->hold, c->holdcap, cap)) == NULL)
      return c->status = hinge__fail(err, HINGE_ENOMEM, c->name, pc->line, 1, "out of memory");
    c->hold = p;
    c->holdcap = cap;
  }
  memcpy(c->hold + c->nhold, pc->data, pc->len);
  c->nhold = need;
  return HINGE_OK;
}

/* The line turned out to be a record: libcsv gets its start first (a
 * start past hold_limit is too long). */
static int replay(hinge__csvrec *c, const hinge__piece *pc, hinge_error *err) {
  hinge__piece held;
  if (c->hold_over)
    return c->status = hinge__fail(err, HINGE_ELIMIT, c->name, pc->line, 1,
                                   "record too long: more than %lu bytes of spaces and tabs "
                                   "start the line (the field limit is %lu bytes, the "
                                   "record limit %lu)", (unsigned long)hold_limit(c),
                                   (unsigned long)c->max_field, (unsigned long)c->max_record);
  held.data = c->hold;
  held.len = held.textlen = c->nhold;
  held.line = pc->line;
  held.complete = 0;
  c->nhold = 0;
  return parse_piece(c, &held, err);
}

int hinge__csvrec_feed(hinge__csvrec *c, const hinge__piece *pc, hinge_error *err) {
  int rc;
  if (c->status != HINGE_OK) return c->status;
  if (c->ready) reset_record(c);
  if (c->between) {
    /* A blank line is skipped whole, whether it came in one piece (a
     * buffer) or in fragments longer than the chunk (a file). */
    if (hinge__csv_blank_text(pc, (char)c->p.delim_char)) {
      if (!pc->complete) return hold(c, pc, err);
      c->nhold = 0;
      c->hold_over = 0;
      return HINGE_OK;
    }
    c->between = 0;
    c->start_line = c->field_line = pc->line;
    if ((c->nhold > 0 || c->hold_over) && (rc = replay(c, pc, err)) != HINGE_OK) return rc;
  }
  return parse_piece(c, pc, err);
}

int hinge__csvrec_finish(hinge__csvrec *c, hinge_error *err) {
  if (c->status != HINGE_OK) return c->status;
  if (c->ready) reset_record(c);
  c->err = err;
  if (csv_fini(&c->p, on_field, on_record, c) != 0 && c->status == HINGE_OK)
    c->status = hinge__fail(err, HINGE_EPARSE, c->name, c->field_line, (long)c->nf + 1,
                            "unterminated quoted field: the closing quote is missing "
                            "(the field runs to the end of the file)");
  return c->status;
}

/* ---- the public reader ---- */

struct hinge_csv_reader {
  hinge__lines lines;
  hinge__csvrec rec;
  hinge_csv_info info;
  const hinge_allocator *alloc;
  char *name;
  int delim_known;
  int status;
  int done;
};

static int check_options(const hinge_csv_options *opts, const char *name, hinge_error *err) {
  char d = opts ? opts->delimiter : 0;
  if (d != 0 && d != ',' && d != ';' && d != '\t')
    return hinge__fail(err, HINGE_EINVAL, name, 0, 0,
                       "delimiter must be ',', ';' or a tab (got 0x%02x)", (unsigned char)d);
  return HINGE_OK;
}

void hinge_csv_options_init(hinge_csv_options *o) {
  if (o != NULL) memset(o, 0, sizeof *o);
}

int hinge_csv_options_check(const hinge_csv_options *o, hinge_error *err) {
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "csv options: NULL");
  return check_options(o, NULL, err);
}

/* Allocate the reader with its name; the line source is opened by the caller. */
static hinge_csv_reader *new_reader(const char *name, const hinge_csv_options *opts,
                                    hinge_error *err) {
  const hinge_allocator *a = opts ? opts->alloc : NULL;
  hinge_csv_reader *r = hinge__calloc(a, 1, sizeof *r);
  if (r == NULL || (r->name = hinge__strdup(a, name)) == NULL) {
    hinge__free(a, r, sizeof *r);
    hinge__fail(err, HINGE_ENOMEM, name, 0, 0, "out of memory");
    return NULL;
  }
  r->alloc = a;
  r->delim_known = opts && opts->delimiter;
  r->info.delimiter = r->delim_known ? opts->delimiter : ',';
  return r;
}

static int open_rest(hinge_csv_reader *r, const hinge_csv_options *opts,
                     hinge_csv_reader **out, hinge_error *err) {
  int rc = hinge__csvrec_init(&r->rec, opts, r->info.delimiter, r->name, err);
  if (rc != HINGE_OK) {
    hinge_csv_close(r);
    return rc;
  }
  *out = r;
  return HINGE_OK;
}

int hinge_csv_open_file(const char *path, const hinge_csv_options *opts,
                        hinge_csv_reader **out, hinge_error *err) {
  hinge_csv_reader *r;
  int rc;
  if (out == NULL || path == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "csv: NULL argument");
  *out = NULL;
  if ((rc = check_options(opts, path, err)) != HINGE_OK) return rc;
  if ((r = new_reader(path, opts, err)) == NULL) return HINGE_ENOMEM;
  rc = hinge__lines_open_file(&r->lines, path, r->alloc, 0, err);
  if (rc != HINGE_OK) {
    hinge_csv_close(r);
    return rc;
  }
  return open_rest(r, opts, out, err);
}

int hinge_csv_open_buffer(const char *name, const void *buf, size_t len,
                          const hinge_csv_options *opts, hinge_csv_reader **out,
                          hinge_error *err) {
  hinge_csv_reader *r;
  int rc;
  if (out == NULL || (buf == NULL && len > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "csv: NULL argument");
  *out = NULL;
  if (name == NULL) name = "(buffer)";
  if ((rc = check_options(opts, name, err)) != HINGE_OK) return rc;
  if ((r = new_reader(name, opts, err)) == NULL) return HINGE_ENOMEM;
  hinge__lines_open_buffer(&r->lines, buf, len, r->alloc);
  return open_rest(r, opts, out, err);
}

void hinge_csv_close(hinge_csv_reader *r) {
  if (r == NULL) return;
  hinge__csvrec_free(&r->rec);
  hinge__lines_close(&r->lines);
  hinge__strfree(r->alloc, r->name);
  hinge__free(r->alloc, r, sizeof *r);
}

static void sync_info(hinge_csv_reader *r) {
  r->info.had_bom = r->lines.had_bom;
  r->info.crlf = r->lines.term == 2;
  r->info.lines = r->lines.lines;
  r->info.records = r->rec.records;
}

const hinge_csv_info *hinge_csv_reader_info(const hinge_csv_reader *r) {
  return r ? &r->info : NULL;
}

/* Pick the delimiter on the first non-blank line, before libcsv sees it. */
static void detect(hinge_csv_reader *r, const hinge__piece *pc) {
  /* A blank fragment (the start of a long line) waits, held by the
   * record reader; its tabs still count for the line. */
  if (r->delim_known || hinge__csv_blank_text(pc, '\0')) return;
  r->info.delimiter = hinge__csv_detect_after(r->rec.hold, r->rec.nhold, pc->data, pc->textlen);
  csv_set_delim(&r->rec.p, (unsigned char)r->info.delimiter);
  r->delim_known = 1;
}

static int finish(hinge_csv_reader *r, const hinge_csv_row **row, hinge_error *err) {
  int rc = hinge__csvrec_finish(&r->rec, err);
  r->done = 1;
  sync_info(r);
  if (rc != HINGE_OK) return r->status = rc;
  if (!r->rec.ready) return 0;
  *row = &r->rec.row;
  return 1;
}

int hinge_csv_next(hinge_csv_reader *r, const hinge_csv_row **row, hinge_error *err) {
  hinge__piece pc;
  int rc;
  if (r == NULL || row == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "csv: NULL argument");
  if (r->status != HINGE_OK) return r->status;
  if (r->done) return 0;
  for (;;) {
    rc = hinge__lines_next(&r->lines, &pc, r->name, err);
    if (rc < 0) return r->status = rc;
    if (rc == 0) return finish(r, row, err);
    detect(r, &pc);
    rc = hinge__csvrec_feed(&r->rec, &pc, err);
    if (rc != HINGE_OK) {
      sync_info(r);
      return r->status = rc;
    }
    if (r->rec.ready) {
      sync_info(r);
      *row = &r->rec.row;
      return 1;
    }
  }
}

/* Drive a reader through the callback; the reader is closed here. */
static int drive(hinge_csv_reader *r, hinge_csv_row_fn fn, void *ud, hinge_csv_info *info,
                 hinge_error *err) {
  const hinge_csv_row *row;
  int rc, status = HINGE_OK;
  while (status == HINGE_OK && (rc = hinge_csv_next(r, &row, err)) != 0)
    status = rc < 0 ? rc : (fn ? fn(ud, row, err) : HINGE_OK);
  if (info != NULL) *info = r->info;
  hinge_csv_close(r);
  return status;
}

int hinge_csv_read_file(const char *path, const hinge_csv_options *opts,
                        hinge_csv_row_fn fn, void *ud, hinge_csv_info *info,
                        hinge_error *err) {
  hinge_csv_reader *r;
  int rc = hinge_csv_open_file(path, opts, &r, err);
  if (rc != HINGE_OK) return rc;
  return drive(r, fn, ud, info, err);
}

int hinge_csv_read_buffer(const char *name, const void *buf, size_t len,
                          const hinge_csv_options *opts, hinge_csv_row_fn fn, void *ud,
                          hinge_csv_info *info, hinge_error *err) {
  hinge_csv_reader *r;
  int rc = hinge_csv_open_buffer(name, buf, len, opts, &r, err);
  if (rc != HINGE_OK) return rc;
  return drive(r, fn, ud, info, err);
}
