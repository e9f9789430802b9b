/*
 * fuzz_json -- the strict JSON reader (src/json.c, json_internal.h)
 * against a reference parser written here from the header's contract
 * (RFC 8259; valid UTF-8 without overlongs, surrogates or code points past
 * U+10FFFF; no control characters in strings; \u escapes with paired
 * surrogates and not \u0000; numbers that fit a double, else
 * HINGE_ERANGE; no duplicate keys; nesting at most 200, else
 * HINGE_ELIMIT; a UTF-8 BOM skipped).
 *
 * Input: a flags byte (bits 0-5: fail that allocation, 0 = none; bit 6:
 * also read it as `hinge analyze` JSON into a hinge_logs), then the text.
 * Properties: the same status as the reference (the first error in
 * document order decides it); on success the same tree, compared through
 * one canonical serialisation; strings NUL-terminated at their length;
 * hinge__json_get finds every key; the file reader agrees with the memory
 * one; after an injected allocation failure HINGE_ENOMEM or the same
 * result; the allocator balanced.
 */
#include "fuzz_common.h"

#include "parse/json_internal.h"

/* ---- a growing text buffer ---- */
typedef struct sbuf {
  char *s;
  size_t n, cap;
} sbuf;

static void put(sbuf *b, const void *p, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, p, n);
  b->n += n;
  b->s[b->n] = '\0';
}
static void putc_(sbuf *b, char c) { put(b, &c, 1); }

/* Canonical form of a decoded string: quotes, '"' '\\' and bytes < 0x20
 * escaped, everything else as is. */
static void put_string(sbuf *b, const char *s, size_t n) {
  size_t i;
  putc_(b, '"');
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      putc_(b, '\\');
      putc_(b, (char)c);
    } else if (c < 0x20) {
      char e[8];
      snprintf(e, sizeof e, "\\u%04x", c);
      put(b, e, 6);
    } else {
      putc_(b, (char)c);
    }
  }
  putc_(b, '"');
}

static void put_number(sbuf *b, double v) {
  char t[40];
  int n = snprintf(t, sizeof t, "%.17g", v);
  put(b, t, (size_t)n);
}

/* ---- the reference parser: writes the canonical form as it goes ---- */
typedef struct ref {
  const unsigned char *s;
  size_t n, i;
  int depth;
  sbuf out;
} ref;

static void ws(ref *r) {
  while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' ||
                         r->s[r->i] == '\r'))
    r->i++;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int hex4at(const ref *r, size_t at, unsigned *v) {
  size_t k;
  *v = 0;
  if (at + 4 > r->n) return 0;
  for (k = 0; k < 4; k++) {
    int h = hexval(r->s[at + k]);
    if (h < 0) return 0;
    *v = *v * 16 + (unsigned)h;
  }
  return 1;
}

static void utf8_put(sbuf *b, unsigned cp) {
  char o[4];
  size_t n;
  if (cp < 0x80) o[0] = (char)cp, n = 1;
  else if (cp < 0x800) o[0] = (char)(0xC0 | cp >> 6), o[1] = (char)(0x80 | (cp & 63)), n = 2;
  else if (cp < 0x10000)
    o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 63)),
    o[2] = (char)(0x80 | (cp & 63)), n = 3;
  else
    o[0] = (char)(0xF0 | cp >> 18), o[1] = (char)(0x80 | ((cp >> 12) & 63)),
    o[2] = (char)(0x80 | ((cp >> 6) & 63)), o[3] = (char)(0x80 | (cp & 63)), n = 4;
  put(b, o, n);
}

/* Decode one UTF-8 code point at s (n bytes): its length, 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp) {
  size_t k, j;
  unsigned c = s[0], v, min;
  if (c < 0x80) return *cp = c, 1;
  if ((c & 0xE0) == 0xC0) k = 2, v = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0) k = 3, v = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0) k = 4, v = c & 0x07, min = 0x10000;
  else return 0;
  if (n < k) return 0;
  for (j = 1; j < k; j++) {
    if ((s[j] & 0xC0) != 0x80) return 0;
    v = v << 6 | (s[j] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return k;
}

/* A string at r->i (the quote); decoded into dst. */
static int ref_string(ref *r, sbuf *dst) {
  r->i++;
  for (;;) {
    unsigned c, cp;
    if (r->i >= r->n) return HINGE_EPARSE;
    c = r->s[r->i];
    if (c == '"') {
      r->i++;
      return HINGE_OK;
    }
    if (c < 0x20) return HINGE_EPARSE;
    if (c == '\\') {
      unsigned e;
      if (r->i + 1 >= r->n) return HINGE_EPARSE;
      e = r->s[r->i + 1];
      if (e == 'u') {
        if (!hex4at(r, r->i + 2, &cp)) return HINGE_EPARSE;
        r->i += 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return HINGE_EPARSE;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned lo;
          if (r->i + 1 >= r->n || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u' ||
              !hex4at(r, r->i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
            return HINGE_EPARSE;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          r->i += 6;
        }
        if (cp == 0) return HINGE_EPARSE;
        utf8_put(dst, cp);
        continue;
      }
      switch (e) {
      case '"': putc_(dst, '"'); break;
      case '\\': putc_(dst, '\\'); break;
      case '/': putc_(dst, '/'); break;
      case 'b': putc_(dst, '\b'); break;
      case 'f': putc_(dst, '\f'); break;
      case 'n': putc_(dst, '\n'); break;
      case 'r': putc_(dst, '\r'); break;
      case 't': putc_(dst, '\t'); break;
      default: return HINGE_EPARSE;
      }
      r->i += 2;
      continue;
    }
    {
      size_t k = utf8_decode(r->s + r->i, r->n - r->i, &cp);
      if (k == 0) return HINGE_EPARSE;
      put(dst, r->s + r->i, k);
      r->i += k;
    }
  }
}

static int isdig(int c) { return c >= '0' && c <= '9'; }

static int ref_number(ref *r) {
  size_t st = r->i, i = r->i;
  char small[512], *buf;
  double v;
  if (i < r->n && r->s[i] == '-') i++;
  if (i < r->n && r->s[i] == '0') i++;
  else if (i < r->n && r->s[i] >= '1' && r->s[i] <= '9')
    while (i < r->n && isdig(r->s[i])) i++;
  else return HINGE_EPARSE;
  if (i < r->n && r->s[i] == '.') {
    i++;
    if (i >= r->n || !isdig(r->s[i])) return HINGE_EPARSE;
    while (i < r->n && isdig(r->s[i])) i++;
  }
  if (i < r->n && (r->s[i] == 'e' || r->s[i] == 'E')) {
    i++;
    if (i < r->n && (r->s[i] == '+' || r->s[i] == '-')) i++;
    if (i >= r->n || !isdig(r->s[i])) return HINGE_EPARSE;
    while (i < r->n && isdig(r->s[i])) i++;
  }
  buf = i - st < sizeof small ? small : malloc(i - st + 1);
  memcpy(buf, r->s + st, i - st);
  buf[i - st] = '\0';
  v = strtod(buf, NULL);
  if (buf != small) free(buf);
  if (isinf(v)) return HINGE_ERANGE;
  r->i = i;
  put_number(&r->out, v);
  return HINGE_OK;
}

static int ref_value(ref *r);

typedef struct keylist {
  sbuf *k;
  size_t n, cap;
} keylist;

static int ref_container(ref *r, int object) {
  char close = object ? '}' : ']';
  keylist keys = {0};
  int rc = HINGE_OK;
  size_t a, b;
  if (++r->depth > HINGE__JSON_MAX_DEPTH) return HINGE_ELIMIT;
  putc_(&r->out, object ? '{' : '[');
  r->i++;
  ws(r);
  if (r->i < r->n && r->s[r->i] == close) {
    r->i++;
  } else {
    for (;;) {
      if (object) {
        sbuf k = {0};
        if (r->i >= r->n || r->s[r->i] != '"') {
          rc = HINGE_EPARSE;
          break;
        }
        put(&k, "", 0);
        if ((rc = ref_string(r, &k)) != HINGE_OK) {
          free(k.s);
          break;
        }
        if (keys.n == keys.cap) {
          keys.cap = keys.cap ? keys.cap * 2 : 8;
          keys.k = realloc(keys.k, keys.cap * sizeof *keys.k);
        }
        keys.k[keys.n++] = k;
        put_string(&r->out, k.s, k.n);
        putc_(&r->out, ':');
        ws(r);
        if (r->i >= r->n || r->s[r->i] != ':') {
          rc = HINGE_EPARSE;
          break;
        }
        r->i++;
      }
      if ((rc = ref_value(r)) != HINGE_OK) break;
      ws(r);
      if (r->i < r->n && r->s[r->i] == ',') {
        r->i++;
        putc_(&r->out, ',');
        ws(r);
        continue;
      }
      if (r->i < r->n && r->s[r->i] == close) {
        r->i++;
        break;
      }
      rc = HINGE_EPARSE;
      break;
    }
  }
  if (rc == HINGE_OK)
    for (a = 0; a < keys.n && rc == HINGE_OK; a++)
      for (b = a + 1; b < keys.n; b++)
        if (keys.k[a].n == keys.k[b].n && memcmp(keys.k[a].s, keys.k[b].s, keys.k[a].n) == 0) {
          rc = HINGE_EPARSE;
          break;
        }
  for (a = 0; a < keys.n; a++) free(keys.k[a].s);
  free(keys.k);
  putc_(&r->out, close);
  r->depth--;
  return rc;
}

static int literal(ref *r, const char *w) {
  size_t n = strlen(w);
  if (r->n - r->i < n || memcmp(r->s + r->i, w, n) != 0) return HINGE_EPARSE;
  r->i += n;
  put(&r->out, w, n);
  return HINGE_OK;
}

static int ref_value(ref *r) {
  ws(r);
  if (r->i >= r->n) return HINGE_EPARSE;
  switch (r->s[r->i]) {
  case '{': return ref_container(r, 1);
  case '[': return ref_container(r, 0);
  case '"': {
    sbuf s = {0};
    int rc;
    put(&s, "", 0);
    rc = ref_string(r, &s);
    if (rc == HINGE_OK) put_string(&r->out, s.s, s.n);
    free(s.s);
    return rc;
  }
  case 't': return literal(r, "true");
  case 'f': return literal(r, "false");
  case 'n': return literal(r, "null");
  default:
    if (r->s[r->i] == '-' || isdig(r->s[r->i])) return ref_number(r);
    return HINGE_EPARSE;
  }
}

static int ref_parse(const uint8_t *s, size_t n, sbuf *out) {
  ref r;
  int rc;
  memset(&r, 0, sizeof r);
  r.s = s;
  r.n = n;
  put(&r.out, "", 0);
  if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) r.i = 3;
  rc = ref_value(&r);
  if (rc == HINGE_OK) {
    ws(&r);
    if (r.i < r.n) rc = HINGE_EPARSE;
  }
  *out = r.out;
  return rc;
}

/* ---- hinge's tree in the same canonical form ---- */
static void canon(sbuf *b, const hinge__json *v, int depth) {
  size_t i;
  FUZZ_CHECK(depth <= HINGE__JSON_MAX_DEPTH);
  FUZZ_CHECK(v->line >= 1 && v->col >= 1);
  FUZZ_CHECK(strcmp(hinge__json_type_name(v->type), "?") != 0);
  switch (v->type) {
  case HINGE__JNULL: put(b, "null", 4); break;
  case HINGE__JTRUE: put(b, "true", 4); break;
  case HINGE__JFALSE: put(b, "false", 5); break;
  case HINGE__JNUMBER:
    FUZZ_CHECK(isfinite(v->num));
    put_number(b, v->num);
    break;
  case HINGE__JSTRING:
    FUZZ_CHECK(v->str != NULL && v->str[v->len] == '\0' && strlen(v->str) == v->len);
    put_string(b, v->str, v->len);
    break;
  case HINGE__JARRAY:
  case HINGE__JOBJECT: {
    int obj = v->type == HINGE__JOBJECT;
    putc_(b, obj ? '{' : '[');
    for (i = 0; i < v->len; i++) {
      if (i) putc_(b, ',');
      if (obj) {
        FUZZ_CHECK(v->keys[i] != NULL);
        put_string(b, v->keys[i], strlen(v->keys[i]));
        putc_(b, ':');
        FUZZ_CHECK(hinge__json_get(v, v->keys[i]) == &v->items[i]);
      }
      canon(b, &v->items[i], depth + 1);
    }
    putc_(b, obj ? '}' : ']');
    if (!obj) FUZZ_CHECK(hinge__json_get(v, "") == NULL);
    break;
  }
  default: FUZZ_CHECK(!"a known type");
  }
}

static fuzz_file file;

/* Parse and compare with the reference; returns the status. */
static int check(const char *text, size_t n, int from_file, size_t fail_at, int refrc,
                 const sbuf *want) {
  fuzz_alloc_state st;
  hinge_allocator a = fuzz_alloc_start(&st, fail_at);
  hinge__jdoc *doc = (hinge__jdoc *)1;
  const hinge__json *root = (const hinge__json *)1;
  hinge_error err;
  int rc;
  hinge_error_clear(&err);
  if (from_file) {
    rc = hinge__json_parse_file(file.path, &a, &doc, &root, &err);
  } else {
    hinge__json_src src;
    src.name = "fuzz.json";
    src.text = text;
    src.len = n;
    rc = hinge__json_parse(&src, &a, &doc, &root, &err);
  }
  if (st.failed && rc == HINGE_ENOMEM) {
    FUZZ_CHECK(doc == NULL && root == NULL);
  } else {
    if (rc != refrc) {
      fprintf(stderr, "json: hinge %s (%s, %ld:%ld), reference %s\n", hinge_err_name(rc),
              err.message, err.line, err.column, hinge_err_name(refrc));
      FUZZ_CHECK(rc == refrc);
    }
    if (rc == HINGE_OK) {
      sbuf got = {0};
      put(&got, "", 0);
      canon(&got, root, 0);
      if (strcmp(got.s, want->s) != 0) {
        fprintf(stderr, "json tree differs:\n hinge:     %.300s\n reference: %.300s\n", got.s,
                want->s);
        FUZZ_CHECK(strcmp(got.s, want->s) == 0);
      }
      free(got.s);
    } else {
      FUZZ_CHECK(doc == NULL && root == NULL);
      FUZZ_CHECK(err.code == rc);
      if (rc == HINGE_EPARSE) FUZZ_CHECK(err.line >= 1 && err.column >= 1);
    }
  }
  hinge__json_free(rc == HINGE_OK ? doc : NULL);
  FUZZ_CHECK(st.live == 0);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sbuf want;
  int refrc;
  unsigned flags;
  const char *text;
  size_t n;
  if (file.path[0] == '\0') fuzz_file_init(&file, "fuzz.json");
  if (size < 1) return 0;
  flags = data[0];
  text = (const char *)data + 1;
  n = size - 1;
  refrc = ref_parse((const uint8_t *)text, n, &want);
  check(text, n, 0, 0, refrc, &want);
  fuzz_file_write(&file, text, n);
  check(text, n, 1, 0, refrc, &want);
  if (flags & 63) check(text, n, (flags >> 7) & 1, flags & 63, refrc, &want);
  if (flags & 64) {
    fuzz_alloc_state st;
    hinge_allocator a = fuzz_alloc_start(&st, 0);
    hinge_logs *logs = hinge_logs_create(&a);
    hinge_error err;
    int rc;
    FUZZ_CHECK(logs != NULL);
    rc = hinge_logs_read_analysis(logs, file.path, &err);
    /* Not one JSON value: the reader's error, unless the text has several
     * lines, which it may read as JSON lines (one value per line). */
    if (refrc != HINGE_OK && memchr(text, '\n', n) == NULL) FUZZ_CHECK(rc == refrc);
    else FUZZ_CHECK(rc == HINGE_OK || rc == HINGE_ESCHEMA || rc == HINGE_ERANGE ||
                    rc == HINGE_EPARSE || rc == HINGE_ELIMIT || (rc == HINGE_ENOMEM && st.failed));
    if (rc != HINGE_OK) FUZZ_CHECK(err.code == rc);
    hinge_logs_destroy(logs);
    FUZZ_CHECK(st.live == 0);
  }
  free(want.s);
  return 0;
}
