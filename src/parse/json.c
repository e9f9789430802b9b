/*
 * json.c -- a small strict JSON reader (see json_internal.h): recursive
 * descent with a depth limit, every node and string in one arena.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "json_internal.h"

/* ---- Arena ------------------------------------------------------------ */

typedef struct jchunk jchunk;
struct jchunk {
  jchunk *next;
  size_t size, used;
  double align[1]; /* the data: aligned for doubles and pointers */
};

struct hinge__jdoc {
  const hinge_allocator *a;
  jchunk *head;
};

#define JCHUNK 8192u
#define JALIGN 16u

static void *arena(hinge__jdoc *d, size_t n) {
  jchunk *c = d->head;
  void *p;
  n = (n + JALIGN - 1) & ~(size_t)(JALIGN - 1);
  if (c == NULL || c->size - c->used < n) {
    size_t size = n > JCHUNK ? n : JCHUNK;
    c = hinge__malloc(d->a, sizeof *c + size);
    if (c == NULL) return NULL;
    c->size = size;
    c->used = 0;
    c->next = d->head;
    d->head = c;
  }
  p = (char *)c->align + c->used;
  c->used += n;
  return p;
}

void hinge__json_free(hinge__jdoc *d) {
  if (d == NULL) return;
  while (d->head != NULL) {
    jchunk *next = d->head->next;
    hinge__free(d->a, d->head, sizeof *d->head + d->head->size);
    d->head = next;
  }
  hinge__free(d->a, d, sizeof *d);
}

/* ---- Parser state --------------------------------------------------------- */

typedef struct parser {
  const char *name;
  const unsigned char *s;
  size_t len, pos;
  long line;
  size_t line_start; /* offset of the current line's first byte */
  int depth;
  hinge__jdoc *doc;
  hinge_error *err;
} parser;

static long col_at(const parser *p, size_t pos) { return (long)(pos - p->line_start) + 1; }

static int fail_at(parser *p, size_t pos, int code, const char *what) {
  return hinge__fail(p->err, code, p->name, p->line, col_at(p, pos), "%s", what);
}

static int oom(parser *p) { return hinge__fail(p->err, HINGE_ENOMEM, p->name, 0, 0, "out of memory"); }

static void skip_ws(parser *p) {
  while (p->pos < p->len) {
    unsigned char c = p->s[p->pos];
    if (c == '\n') {
      p->line++;
      p->line_start = p->pos + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      break;
    }
    p->pos++;
  }
}

/* What the byte at pos is, for messages. */
static int unexpected(parser *p, const char *expected) {
  char msg[160];
  if (p->pos >= p->len) snprintf(msg, sizeof msg, "unexpected end of input, expected %s", expected);
  else if (p->s[p->pos] >= 0x20 && p->s[p->pos] < 0x7f)
    snprintf(msg, sizeof msg, "unexpected '%c', expected %s", p->s[p->pos], expected);
  else snprintf(msg, sizeof msg, "unexpected byte 0x%02x, expected %s", p->s[p->pos], expected);
  return fail_at(p, p->pos, HINGE_EPARSE, msg);
}

static int parse_value(parser *p, hinge__json *v);

/* ---- Literals and numbers -------------------------------------------------- */

static int parse_literal(parser *p, hinge__json *v, const char *word, hinge__jtype t) {
  size_t n = strlen(word);
  if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
    return unexpected(p, "a value");
  p->pos += n;
  v->type = t;
  return HINGE_OK;
}

static size_t digits(const parser *p, size_t i) {
  while (i < p->len && p->s[i] >= '0' && p->s[i] <= '9') i++;
  return i;
}

/* The end of a number in the JSON grammar starting at p->pos, or 0. */
static size_t number_end(const parser *p) {
  size_t i = p->pos, j;
  if (i < p->len && p->s[i] == '-') i++;
  if (i < p->len && p->s[i] == '0') i++;
  else if (i < p->len && p->s[i] >= '1' && p->s[i] <= '9') i = digits(p, i);
  else return 0;
  if (i < p->len && p->s[i] == '.') {
    j = digits(p, i + 1);
    if (j == i + 1) return 0;
    i = j;
  }
  if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
    i++;
    if (i < p->len && (p->s[i] == '+' || p->s[i] == '-')) i++;
    j = digits(p, i);
    if (j == i) return 0;
    i = j;
  }
  return i;
}

static int parse_number(parser *p, hinge__json *v) {
  size_t end = number_end(p), n;
  char small[128], *buf = small;
  if (end == 0) return fail_at(p, p->pos, HINGE_EPARSE, "malformed number");
  n = end - p->pos;
  if (n >= sizeof small && (buf = hinge__malloc(p->doc->a, n + 1)) == NULL) return oom(p);
  memcpy(buf, p->s + p->pos, n);
  buf[n] = '\0';
  v->type = HINGE__JNUMBER;
  v->num = strtod(buf, NULL);
  if (buf != small) hinge__free(p->doc->a, buf, n + 1);
  if (!isfinite(v->num)) return fail_at(p, p->pos, HINGE_ERANGE, "number too large for a double");
  p->pos = end;
  return HINGE_OK;
}

/* ---- Strings ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid
 * (overlong forms, surrogates and code points past U+10FFFF refused). */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  unsigned char lo = 0x80, hi = 0xBF;
  size_t k, i;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) k = 2;
  else if (c >= 0xE0 && c <= 0xEF) k = 3;
  else if (c >= 0xF0 && c <= 0xF4) k = 4;
  else return 0;
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (n < k || s[1] < lo || s[1] > hi) return 0;
  for (i = 2; i < k; i++)
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  return k;
}

static int hex4(const unsigned char *s, size_t n, unsigned *out) {
  size_t i;
  *out = 0;
  if (n < 4) return 0;
  for (i = 0; i < 4; i++) {
    unsigned c = s[i], d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return 0;
    *out = *out * 16 + d;
  }
  return 1;
}

static size_t put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | cp >> 6);
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | cp >> 12);
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | cp >> 18);
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* A \u escape at p->pos (the backslash): the code point, with a surrogate
 * pair joined; advances past it. */
static int unicode_escape(parser *p, unsigned *cp) {
  size_t at = p->pos;
  unsigned lo;
  if (!hex4(p->s + at + 2, p->len - at - 2, cp))
    return fail_at(p, at, HINGE_EPARSE, "\\u must be followed by four hex digits");
  p->pos += 6;
  if (*cp >= 0xDC00 && *cp <= 0xDFFF)
    return fail_at(p, at, HINGE_EPARSE, "lone low surrogate in \\u escape");
  if (*cp >= 0xD800 && *cp <= 0xDBFF) {
    if (p->len - p->pos < 6 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u' ||
        !hex4(p->s + p->pos + 2, 4, &lo) || lo < 0xDC00 || lo > 0xDFFF)
      return fail_at(p, at, HINGE_EPARSE, "high surrogate not followed by a low one");
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    p->pos += 6;
  }
  if (*cp == 0) return fail_at(p, at, HINGE_EPARSE, "\\u0000 is not allowed in strings");
  return HINGE_OK;
}

static int simple_escape(unsigned char c, char *out) {
  switch (c) {
  case '"': *out = '"'; return 1;
  case '\\': *out = '\\'; return 1;
  case '/': *out = '/'; return 1;
  case 'b': *out = '\b'; return 1;
  case 'f': *out = '\f'; return 1;
  case 'n': *out = '\n'; return 1;
  case 'r': *out = '\r'; return 1;
  case 't': *out = '\t'; return 1;
  default: return 0;
  }
}

/* Bytes between the opening quote at p->pos and the closing one, as an
 * upper bound of the decoded length; 0 when unterminated. */
static size_t string_span(const parser *p) {
  size_t i = p->pos + 1;
  while (i < p->len && p->s[i] != '"') i += p->s[i] == '\\' ? 2 : 1;
  return i < p->len ? i - p->pos : 0;
}

/* One unit of string content at p->pos into o; returns bytes written or
 * sets *rc. */
static size_t string_unit(parser *p, char *o, int *rc) {
  unsigned char c = p->s[p->pos];
  size_t k;
  unsigned cp;
  if (c == '\\') {
    if (p->pos + 1 < p->len && p->s[p->pos + 1] == 'u') {
      if ((*rc = unicode_escape(p, &cp)) != HINGE_OK) return 0;
      return put_utf8(o, cp);
    }
    if (p->pos + 1 >= p->len || !simple_escape(p->s[p->pos + 1], o)) {
      *rc = fail_at(p, p->pos, HINGE_EPARSE, "invalid escape in string");
      return 0;
    }
    p->pos += 2;
    return 1;
  }
  if (c < 0x20) {
    *rc = fail_at(p, p->pos, HINGE_EPARSE, "control character in string (escape it)");
    return 0;
  }
  k = utf8_len(p->s + p->pos, p->len - p->pos);
  if (k == 0) {
    *rc = fail_at(p, p->pos, HINGE_EPARSE, "invalid UTF-8 in string");
    return 0;
  }
  memcpy(o, p->s + p->pos, k);
  p->pos += k;
  return k;
}

static int parse_string(parser *p, const char **out, size_t *outlen) {
  size_t span = string_span(p), n = 0;
  char *buf;
  int rc = HINGE_OK;
  if (span == 0) return fail_at(p, p->pos, HINGE_EPARSE, "unterminated string");
  if ((buf = arena(p->doc, span + 4)) == NULL) return oom(p);
  p->pos++;
  while (p->s[p->pos] != '"') {
    size_t k = string_unit(p, buf + n, &rc);
    if (rc != HINGE_OK) return rc;
    n += k;
  }
  p->pos++;
  buf[n] = '\0';
  *out = buf;
  *outlen = n;
  return HINGE_OK;
}

/* ---- Arrays and objects ------------------------------------------------- */

/* A growing list of members while an array or object is parsed (the
 * allocator's memory, moved into the arena when complete). */
typedef struct member {
  hinge__json v;
  const char *k;
  long kline, kcol; /* where the key starts, for the duplicate-key message */
} member;

typedef struct members {
  member *m;
  size_t n, cap;
} members;

static int members_grow(parser *p, members *m) {
  return HINGE__GROW_FROM(p->doc->a, m->m, m->cap, m->n + 1, 8) ? oom(p) : HINGE_OK;
}

static void members_free(parser *p, members *m) {
  hinge__free(p->doc->a, m->m, m->cap * sizeof *m->m);
}

/* Move the members into the arena as v's items (and keys). */
static int members_finish(parser *p, members *m, hinge__json *v, int keys) {
  hinge__json *items = arena(p->doc, (m->n ? m->n : 1) * sizeof *items);
  const char **k = keys ? arena(p->doc, (m->n ? m->n : 1) * sizeof *k) : NULL;
  size_t i;
  if (items == NULL || (keys && k == NULL)) return oom(p);
  for (i = 0; i < m->n; i++) {
    items[i] = m->m[i].v;
    if (keys) k[i] = m->m[i].k;
  }
  v->items = items;
  v->keys = k;
  v->len = m->n;
  return HINGE_OK;
}

/* Duplicate keys: sorted order brings equal keys together. */
typedef struct keyref {
  const char *k;
  size_t i;
} keyref;

static int keyref_cmp(const void *a, const void *b) {
  const keyref *x = a, *y = b;
  int c = strcmp(x->k, y->k);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int check_duplicates(parser *p, const members *m) {
  keyref *r;
  size_t i;
  int rc = HINGE_OK;
  if (m->n < 2) return HINGE_OK;
  r = hinge__malloc(p->doc->a, m->n * sizeof *r);
  if (r == NULL) return oom(p);
  for (i = 0; i < m->n; i++) {
    r[i].k = m->m[i].k;
    r[i].i = i;
  }
  qsort(r, m->n, sizeof *r, keyref_cmp);
  for (i = 1; i < m->n && rc == HINGE_OK; i++)
    if (strcmp(r[i].k, r[i - 1].k) == 0)
      rc = hinge__fail(p->err, HINGE_EPARSE, p->name, m->m[r[i].i].kline, m->m[r[i].i].kcol,
                       "duplicate key \"%.60s\" in object", r[i].k);
  hinge__free(p->doc->a, r, m->n * sizeof *r);
  return rc;
}

static int parse_member(parser *p, members *m) {
  size_t len;
  int rc;
  if (p->pos >= p->len || p->s[p->pos] != '"') return unexpected(p, "a string key");
  if ((rc = members_grow(p, m)) != HINGE_OK) return rc;
  m->m[m->n].kline = p->line;
  m->m[m->n].kcol = col_at(p, p->pos);
  if ((rc = parse_string(p, &m->m[m->n].k, &len)) != HINGE_OK) return rc;
  skip_ws(p);
  if (p->pos >= p->len || p->s[p->pos] != ':') return unexpected(p, "':'");
  p->pos++;
  if ((rc = parse_value(p, &m->m[m->n].v)) != HINGE_OK) return rc;
  m->n++;
  return HINGE_OK;
}

static int parse_element(parser *p, members *m) {
  int rc = members_grow(p, m);
  if (rc == HINGE_OK) rc = parse_value(p, &m->m[m->n].v);
  if (rc == HINGE_OK) m->n++;
  return rc;
}

/* '[' elements ']' or '{' members '}' (p->pos at the opening bracket). */
static int parse_container(parser *p, hinge__json *v, int object) {
  members m;
  char close = object ? '}' : ']';
  int rc = HINGE_OK;
  memset(&m, 0, sizeof m);
  if (++p->depth > HINGE__JSON_MAX_DEPTH)
    return fail_at(p, p->pos, HINGE_ELIMIT, "nesting too deep");
  v->type = object ? HINGE__JOBJECT : HINGE__JARRAY;
  p->pos++;
  skip_ws(p);
  if (p->pos < p->len && p->s[p->pos] == close) {
    p->pos++;
  } else {
    for (;;) {
      rc = object ? parse_member(p, &m) : parse_element(p, &m);
      if (rc != HINGE_OK) break;
      skip_ws(p);
      if (p->pos < p->len && p->s[p->pos] == ',') {
        p->pos++;
        skip_ws(p);
        continue;
      }
      if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        break;
      }
      rc = unexpected(p, object ? "',' or '}'" : "',' or ']'");
      break;
    }
  }
  if (rc == HINGE_OK && object) rc = check_duplicates(p, &m);
  if (rc == HINGE_OK) rc = members_finish(p, &m, v, object);
  members_free(p, &m);
  p->depth--;
  return rc;
}

/* ---- Values and documents ----------------------------------------------- */

static int parse_value(parser *p, hinge__json *v) {
  memset(v, 0, sizeof *v);
  skip_ws(p);
  v->line = p->line;
  v->col = col_at(p, p->pos);
  if (p->pos >= p->len) return unexpected(p, "a value");
  switch (p->s[p->pos]) {
  case '{': return parse_container(p, v, 1);
  case '[': return parse_container(p, v, 0);
  case '"':
    v->type = HINGE__JSTRING;
    return parse_string(p, &v->str, &v->len);
  case 't': return parse_literal(p, v, "true", HINGE__JTRUE);
  case 'f': return parse_literal(p, v, "false", HINGE__JFALSE);
  case 'n': return parse_literal(p, v, "null", HINGE__JNULL);
  default:
    if (p->s[p->pos] == '-' || (p->s[p->pos] >= '0' && p->s[p->pos] <= '9'))
      return parse_number(p, v);
    return unexpected(p, "a value");
  }
}

int hinge__json_parse(const hinge__json_src *src, const hinge_allocator *a, hinge__jdoc **doc,
                      const hinge__json **root, hinge_error *err) {
  const char *name = src->name, *text = src->text;
  size_t len = src->len;
  parser p;
  hinge__json *v;
  int rc;
  *doc = NULL;
  *root = NULL;
  memset(&p, 0, sizeof p);
  p.name = name;
  p.s = (const unsigned char *)text;
  p.len = len;
  p.line = 1;
  p.err = err;
  if (len > HINGE__JSON_MAX_BYTES)
    return hinge__fail(err, HINGE_ELIMIT, name, 0, 0, "JSON input over %u bytes",
                       HINGE__JSON_MAX_BYTES);
  if ((p.doc = hinge__calloc(a, 1, sizeof *p.doc)) == NULL) return oom(&p);
  p.doc->a = a;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p.pos = p.line_start = 3; /* BOM */
  if ((v = arena(p.doc, sizeof *v)) == NULL) rc = oom(&p);
  else rc = parse_value(&p, v);
  if (rc == HINGE_OK) {
    skip_ws(&p);
    if (p.pos < p.len) rc = unexpected(&p, "the end of the input after the value");
  }
  if (rc != HINGE_OK) {
    hinge__json_free(p.doc);
    return rc;
  }
  *doc = p.doc;
  *root = v;
  return HINGE_OK;
}

int hinge__json_parse_file(const char *path, const hinge_allocator *a, hinge__jdoc **doc,
                           const hinge__json **root, hinge_error *err) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t len = 0, cap = 0;
  int rc = HINGE_OK;
  *doc = NULL;
  *root = NULL;
  if (f == NULL) return hinge__fail(err, HINGE_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  for (;;) {
    size_t got;
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      if (ncap > HINGE__JSON_MAX_BYTES + 1u) ncap = HINGE__JSON_MAX_BYTES + 1u;
      char *nb;
      if (cap > HINGE__JSON_MAX_BYTES) {
        rc = hinge__fail(err, HINGE_ELIMIT, path, 0, 0, "JSON input over %u bytes",
                         HINGE__JSON_MAX_BYTES);
        break;
      }
      if ((nb = hinge__realloc(a, buf, cap, ncap)) == NULL) {
        rc = hinge__fail(err, HINGE_ENOMEM, path, 0, 0, "out of memory");
        break;
      }
      buf = nb;
      cap = ncap;
    }
    got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  if (rc == HINGE_OK && ferror(f))
    rc = hinge__fail(err, HINGE_EIO, path, 0, 0, "read error: %s", strerror(errno));
  fclose(f);
  if (rc == HINGE_OK) {
    hinge__json_src src;
    src.name = path;
    src.text = buf ? buf : "";
    src.len = len;
    rc = hinge__json_parse(&src, a, doc, root, err);
  }
  hinge__free(a, buf, cap);
  return rc;
}

const hinge__json *hinge__json_get(const hinge__json *v, const char *key) {
  size_t i;
  if (v == NULL || v->type != HINGE__JOBJECT) return NULL;
  for (i = 0; i < v->len; i++)
    if (strcmp(v->keys[i], key) == 0) return &v->items[i];
  return NULL;
}

const char *hinge__json_type_name(hinge__jtype t) {
  static const char *const names[] = {"null", "false", "true", "number", "string", "array",
                                      "object"};
  return (unsigned)t <= HINGE__JOBJECT ? names[t] : "?";
}
