/*
 * formats.c -- the readers' registry (reader.h, HINGE__READERS), detection
 * by content with the file name's extension as a hint, and the dispatch
 * behind hinge_table_load / hinge_table_load_buffer.
 *
 * Detection reads the first HINGE__SNIFF_MAX bytes (a UTF-8 BOM skipped,
 * UTF-16 decoded as the CSV loader does) and asks every reader; the
 * highest score wins, ties go to the earlier reader, and an input no
 * reader claims is hinge's own session CSV (the reader "csv").
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csv_internal.h"
#include "base/internal.h"
#include "reader.h"
#include "table_internal.h"

#define HINGE__READER_POINTER(n) &hinge__reader_##n,
static const hinge__reader *const registry[] = {HINGE__READERS(HINGE__READER_POINTER)};
#define NREADERS (sizeof registry / sizeof registry[0])

/* ---- the names ---- */

size_t hinge_input_format_count(void) { return NREADERS; }

const char *hinge_input_format_name(size_t i) { return i < NREADERS ? registry[i]->name : NULL; }

const char *hinge_input_format_title(size_t i) {
  return i < NREADERS ? registry[i]->title : NULL;
}

const hinge__reader *hinge__reader_find(const char *name) {
  size_t i;
  if (name == NULL) return NULL;
  for (i = 0; i < NREADERS; i++)
    if (hinge__ascii_ieq(registry[i]->name, name)) return registry[i];
  return NULL;
}

const char *hinge__reader_names(char *buf, size_t size) {
  size_t i, n = 0;
  if (size == 0) return buf;
  buf[0] = '\0';
  for (i = 0; i < NREADERS && n + 1 < size; i++) {
    int k = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", registry[i]->name);
    if (k < 0) break;
    n += (size_t)k;
  }
  return buf;
}

/* ---- the csv reader: hinge's own layout, the fallback ---- */

static int csv_detect(const hinge__sniff *s) {
  (void)s;
  return 0; /* never claims: what nobody claims is hinge CSV */
}

const hinge__reader hinge__reader_csv = {"csv", "hinge session CSV (docs/formats.md)",
                                         csv_detect, hinge__csv_load};

/* ---- sniffing ---- */

int hinge__sniff_has(const hinge__sniff *s, const char *text) {
  size_t n = strlen(text), i;
  if (n == 0 || s->len < n) return n == 0;
  for (i = 0; i + n <= s->len; i++)
    if (s->head[i] == text[0] && memcmp(s->head + i, text, n) == 0) return 1;
  return 0;
}

int hinge__sniff_line(const hinge__sniff *s, const char *word, int max) {
  const char *p = s->head, *end = s->head + s->len;
  size_t wn = strlen(word);
  int k;
  for (k = 0; k < max && p < end; k++) {
    const char *q = memchr(p, '\n', (size_t)(end - p)), *e;
    if (q == NULL) q = end;
    e = q;
    while (p < e && (*p == ' ' || *p == '\t')) p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    if ((size_t)(e - p) == wn) {
      size_t i;
      for (i = 0; i < wn && tolower((unsigned char)p[i]) == tolower((unsigned char)word[i]); i++) {}
      if (i == wn) return 1;
    }
    p = q + 1;
  }
  return 0;
}

/* The lower-case extension of name (after the last '.' of its last path
 * part), into buf. */
static const char *extension(const char *name, char *buf, size_t size) {
  const char *base = name, *dot, *p;
  size_t n = 0;
  for (p = name; *p; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  dot = strrchr(base, '.');
  if (dot != NULL && dot != base)
    for (p = dot + 1; *p && n + 1 < size; p++) buf[n++] = (char)tolower((unsigned char)*p);
  buf[n] = '\0';
  return buf;
}

typedef struct sniffed {
  hinge__sniff s;
  char ext[16];
  char *raw;       /* the bytes read from a file */
  size_t rawcap;
  hinge__lines ln; /* decodes UTF-16 and skips a BOM */
  int ln_open;
  const hinge_allocator *alloc;
} sniffed;

/* The head of bytes [p, p + n): through the line reader, so that it is
 * what the CSV loader would see. */
static int sniff_bytes(sniffed *sn, const void *p, size_t n, const char *name, hinge_error *err) {
  int rc;
  hinge__lines_open_buffer(&sn->ln, p, n, sn->alloc);
  sn->ln_open = 1;
  if ((rc = hinge__lines_begin(&sn->ln, name, err)) != HINGE_OK) return rc;
  sn->s.head = sn->ln.data + sn->ln.pos;
  sn->s.len = sn->ln.len - sn->ln.pos;
  if (sn->s.len > HINGE__SNIFF_MAX) sn->s.len = HINGE__SNIFF_MAX;
  return HINGE_OK;
}

static int sniff_file(sniffed *sn, const char *path, hinge_error *err) {
  struct stat st;
  FILE *f;
  size_t n;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    sn->s.is_dir = 1;
    sn->s.head = "";
    return HINGE_OK;
  }
  f = fopen(path, "rb");
  if (f == NULL) return HINGE_OK; /* the reader reports it, as it always did */
  sn->rawcap = HINGE__SNIFF_MAX;
  sn->raw = hinge__malloc(sn->alloc, sn->rawcap);
  if (sn->raw == NULL) {
    fclose(f);
    return hinge__fail(err, HINGE_ENOMEM, path, 0, 0, "out of memory");
  }
  n = fread(sn->raw, 1, sn->rawcap, f);
  fclose(f);
  return sniff_bytes(sn, sn->raw, n, path, err);
}

static void sniff_free(sniffed *sn) {
  if (sn->ln_open) hinge__lines_close(&sn->ln);
  hinge__free(sn->alloc, sn->raw, sn->rawcap);
}

/* The reader for src: the named one, else the best detection. */
static int pick(const hinge__source *src, const hinge_load_options *o, const hinge__reader **r,
                hinge_error *err) {
  sniffed sn;
  size_t i;
  int best = 0, rc = HINGE_OK;
  *r = &hinge__reader_csv;
  if (o->input_format != NULL && o->input_format[0] != '\0') {
    char names[256];
    if ((*r = hinge__reader_find(o->input_format)) != NULL) return HINGE_OK;
    return hinge__fail(err, HINGE_EINVAL, src->name, 0, 0,
                       "unknown input format '%s' (formats: %s)", o->input_format,
                       hinge__reader_names(names, sizeof names));
  }
  memset(&sn, 0, sizeof sn);
  sn.alloc = o->alloc;
  sn.s.ext = extension(src->name, sn.ext, sizeof sn.ext);
  sn.s.path = src->path;
  sn.s.head = "";
  if (src->path != NULL) rc = sniff_file(&sn, src->path, err);
  else rc = sniff_bytes(&sn, src->buf, src->len < HINGE__SNIFF_MAX ? src->len : HINGE__SNIFF_MAX,
                        src->name, err);
  for (i = 0; rc == HINGE_OK && i < NREADERS; i++) {
    int score = registry[i]->detect(&sn.s);
    if (score > best) {
      best = score;
      *r = registry[i];
    }
  }
  if (rc == HINGE_OK && best == 0 && sn.s.is_dir)
    rc = hinge__fail(err, HINGE_EIO, src->name, 0, 0,
                     "is a directory, and no reader of folders recognises it");
  sniff_free(&sn);
  return rc;
}

static int dispatch(const hinge__source *src, const hinge_load_options *opts, hinge_table **out,
                    hinge_error *err) {
  hinge_load_options d;
  const hinge__reader *r;
  int rc;
  if (out == NULL || src->name == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "table: NULL argument");
  *out = NULL;
  if (opts == NULL) {
    hinge_load_options_init(&d);
    opts = &d;
  }
  if ((rc = hinge__load_options_check(opts, src->name, err)) != HINGE_OK) return rc;
  if ((rc = pick(src, opts, &r, err)) != HINGE_OK) return rc;
  if ((rc = r->load(src, opts, out, err)) != HINGE_OK) {
    *out = NULL;
    return rc;
  }
  if ((*out)->format == NULL) (*out)->format = r->name;
  return HINGE_OK;
}

const char *hinge_input_format_detect(const char *path, const hinge_load_options *opts,
                                      hinge_error *err) {
  hinge_load_options d;
  hinge__source src;
  const hinge__reader *r;
  if (path == NULL) {
    hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "detect: NULL path");
    return NULL;
  }
  if (opts == NULL) {
    hinge_load_options_init(&d);
    opts = &d;
  }
  memset(&src, 0, sizeof src);
  src.name = path;
  src.path = path;
  return pick(&src, opts, &r, err) == HINGE_OK ? r->name : NULL;
}

int hinge_table_load(const char *path, const hinge_load_options *opts, hinge_table **out,
                     hinge_error *err) {
  hinge__source src;
  memset(&src, 0, sizeof src);
  src.name = path;
  src.path = path;
  return dispatch(&src, opts, out, err);
}

int hinge_table_load_buffer(const char *name, const void *buf, size_t len,
                            const hinge_load_options *opts, hinge_table **out,
                            hinge_error *err) {
  hinge__source src;
  if (buf == NULL && len > 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "table: NULL buffer");
  memset(&src, 0, sizeof src);
  src.name = name ? name : "(buffer)";
  src.buf = buf;
  src.len = len;
  return dispatch(&src, opts, out, err);
}

/* ---- the whole text, for readers that parse it themselves ---- */

/* The file at path into t; beyond max bytes HINGE_ELIMIT, or with head
 * the first max bytes only. */
static int read_file(const char *path, const hinge_allocator *a, size_t max, int head,
                     hinge__text *t, hinge_error *err) {
  FILE *f = fopen(path, "rb");
  size_t cap = 1 << 16, n = 0, got;
  char *p;
  if (f == NULL) return hinge__fail(err, HINGE_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  p = hinge__malloc(a, cap);
  while (p != NULL && (got = fread(p + n, 1, cap - n, f)) > 0) {
    n += got;
    if (head && n >= max) {
      n = max;
      break;
    }
    if (n > max) break;
    if (n == cap) {
      char *q = hinge__realloc(a, p, cap, cap * 2);
      if (q == NULL) hinge__free(a, p, cap);
      p = q;
      cap *= 2;
    }
  }
  if (p != NULL && ferror(f)) {
    fclose(f);
    hinge__free(a, p, cap);
    return hinge__fail(err, HINGE_EIO, path, 0, 0, "read error");
  }
  fclose(f);
  if (p == NULL) return hinge__fail(err, HINGE_ENOMEM, path, 0, 0, "out of memory");
  if (n > max) {
    hinge__free(a, p, cap);
    return hinge__fail(err, HINGE_ELIMIT, path, 0, 0, "the file is larger than %lu bytes",
                       (unsigned long)max);
  }
  t->data = p;
  t->len = n;
  t->cap = cap;
  return HINGE_OK;
}

static int source_text(const hinge__source *src, const hinge_allocator *a, size_t max, int head,
                       hinge__text *out, hinge_error *err) {
  hinge__lines ln;
  hinge__text raw;
  int rc;
  memset(out, 0, sizeof *out);
  memset(&raw, 0, sizeof raw);
  out->alloc = a;
  if (src->path != NULL) {
    if ((rc = read_file(src->path, a, max, head, &raw, err)) != HINGE_OK) return rc;
  } else if (src->len > max && !head) {
    return hinge__fail(err, HINGE_ELIMIT, src->name, 0, 0, "the input is larger than %lu bytes",
                       (unsigned long)max);
  }
  hinge__lines_open_buffer(&ln, raw.data ? raw.data : src->buf,
                           raw.data ? raw.len : src->len < max ? src->len : max, a);
  rc = hinge__lines_begin(&ln, src->name, err);
  if (rc == HINGE_OK) {
    out->len = ln.len - ln.pos;
    out->cap = out->len + 1;
    out->data = hinge__malloc(a, out->cap);
    if (out->data == NULL) rc = hinge__fail(err, HINGE_ENOMEM, src->name, 0, 0, "out of memory");
    else {
      if (out->len) memcpy(out->data, ln.data + ln.pos, out->len);
      out->data[out->len] = '\0';
    }
  }
  hinge__lines_close(&ln);
  hinge__free(a, raw.data, raw.cap);
  return rc;
}

int hinge__source_read(const hinge__source *src, const hinge_allocator *a, size_t max,
                       hinge__text *out, hinge_error *err) {
  return source_text(src, a, max, 0, out, err);
}

int hinge__source_head(const hinge__source *src, const hinge_allocator *a, size_t max,
                       hinge__text *out, hinge_error *err) {
  return source_text(src, a, max, 1, out, err);
}

void hinge__source_free(hinge__text *t) {
  if (t == NULL) return;
  hinge__free(t->alloc, t->data, t->cap);
  memset(t, 0, sizeof *t);
}

int hinge__find_header_line(const hinge__text *head, size_t max_bytes, long max_lines,
                            int (*match)(const char *p, const char *q), long *line,
                            char *delim) {
  const char *p = head->data, *end = head->data + head->len;
  long ln = 0;
  while (p < end && ln < max_lines) {
    const char *q = memchr(p, '\n', (size_t)(end - p));
    if (q == NULL && head->len >= max_bytes) break;
    if (q == NULL) q = end;
    ln++;
    if (match(p, q)) {
      *line = ln;
      *delim = hinge__csv_detect(p, (size_t)(q - p));
      return 1;
    }
    p = q + 1;
  }
  *line = ln;
  return 0;
}
