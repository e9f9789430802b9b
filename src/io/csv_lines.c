/*
 * csv_lines.c -- fixed-size chunk reading cut into physical lines (see
 * csv_internal.h), BOM skipping and delimiter detection.
 */
#include <errno.h>
#include <string.h>

#include "csv_internal.h"
#include "base/internal.h"

int hinge__lines_open_file(hinge__lines *r, const char *path, const hinge_allocator *a,
                           size_t chunk, hinge_error *err) {
  memset(r, 0, sizeof *r);
  r->alloc = a;
  r->line = 1;
  r->f = fopen(path, "rb");
  if (r->f == NULL)
    return hinge__fail(err, HINGE_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  r->size = -1;
  if (fseek(r->f, 0, SEEK_END) == 0) { /* a regular file: its size, to size columns */
    r->size = ftell(r->f);
    if (fseek(r->f, 0, SEEK_SET) != 0) r->size = -1;
  }
  r->cap = chunk ? chunk : HINGE_CSV_CHUNK;
  r->buf = hinge__malloc(a, r->cap);
  if (r->buf == NULL) {
    fclose(r->f);
    r->f = NULL;
    return hinge__fail(err, HINGE_ENOMEM, path, 0, 0, "out of memory");
  }
  r->data = r->buf;
  return HINGE_OK;
}

void hinge__lines_open_buffer(hinge__lines *r, const void *buf, size_t len,
                              const hinge_allocator *a) {
  memset(r, 0, sizeof *r);
  r->alloc = a;
  r->line = 1;
  r->data = buf;
  r->len = len;
  r->size = (long)len;
  r->eof = 1;
}

void hinge__lines_close(hinge__lines *r) {
  if (r->f != NULL) fclose(r->f);
  hinge__free(r->alloc, r->buf, r->cap);
  hinge__free(r->alloc, r->own, r->owncap);
  r->f = NULL;
  r->buf = NULL;
  r->own = NULL;
}

const char *hinge__encoding_name(int enc) {
  return enc == HINGE__ENC_UTF16LE ? "utf-16le" : enc == HINGE__ENC_UTF16BE ? "utf-16be" : "utf-8";
}

/* Move the unread tail to the front of the buffer and read more after it.
 * fread returns short only at the end of the file or on an error. */
static int refill(hinge__lines *r, const char *name, hinge_error *err) {
  size_t keep = r->len - r->pos, n;
  if (r->eof) return HINGE_OK;
  if (keep > 0 && r->pos > 0) memmove(r->buf, r->buf + r->pos, keep);
  r->pos = 0;
  r->cr_known = 0;
  r->len = keep;
  n = fread(r->buf + keep, 1, r->cap - keep, r->f);
  r->len += n;
  if (n < r->cap - keep) {
    if (ferror(r->f))
      return hinge__fail(err, HINGE_EIO, name, r->line, 0, "read error: %s", strerror(errno));
    r->eof = 1;
  }
  return HINGE_OK;
}

/* ---- UTF-16 ----
 * Windows tools write UTF-16 (LE, with a BOM).  Such an input is read
 * whole and decoded into UTF-8 before any line is cut: line breaks map one
 * to one, so lines, fields and columns keep their numbers.  A lone
 * surrogate, and an odd byte at the end (a cut file), become U+FFFD (a
 * number holding one is then "expected a number"): reading lines never
 * fails on the bytes. */

/* The encoding the window starts with, and the bytes of its BOM. */
static int sniff_utf16(const unsigned char *p, size_t n, size_t *bom) {
  *bom = 2;
  if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) return HINGE__ENC_UTF16LE;
  if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) return HINGE__ENC_UTF16BE;
  *bom = 0; /* no BOM: ASCII with every other byte 0 ("t\0i\0") */
  if (n >= 4 && p[0] && p[0] < 0x80 && !p[1] && p[2] && p[2] < 0x80 && !p[3])
    return HINGE__ENC_UTF16LE;
  if (n >= 4 && !p[0] && p[1] && p[1] < 0x80 && !p[2] && p[3] && p[3] < 0x80)
    return HINGE__ENC_UTF16BE;
  return HINGE__ENC_UTF8;
}

static size_t put_utf8(char *o, unsigned long c) {
  if (c < 0x80) return o[0] = (char)c, 1;
  if (c < 0x800) return o[0] = (char)(0xC0 | c >> 6), o[1] = (char)(0x80 | (c & 0x3F)), 2;
  if (c < 0x10000) {
    o[0] = (char)(0xE0 | c >> 12);
    o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | c >> 18);
  o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* Decode n bytes of UTF-16 into out (room for 3 bytes per unit, and 3
 * for an odd last byte); returns the UTF-8 length. */
static size_t utf16_decode(const unsigned char *p, size_t n, int be, char *out) {
  size_t i, o = 0;
  for (i = 0; i + 1 < n; i += 2) {
    unsigned long u = be ? (unsigned long)p[i] << 8 | p[i + 1] : (unsigned long)p[i + 1] << 8 | p[i];
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
      unsigned long v = be ? (unsigned long)p[i + 2] << 8 | p[i + 3]
                           : (unsigned long)p[i + 3] << 8 | p[i + 2];
      if (v >= 0xDC00 && v < 0xE000) {
        o += put_utf8(out + o, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u < 0xE000) u = 0xFFFD;
    o += put_utf8(out + o, u);
  }
  if (n % 2 != 0) o += put_utf8(out + o, 0xFFFD);
  return o;
}

/* The whole input after the window's start, as raw bytes: the window
 * grown until the end of the file. */
static int slurp(hinge__lines *r, const char *name, hinge_error *err) {
  while (!r->eof) {
    size_t n;
    if (r->len == r->cap) {
      size_t cap = r->cap;
      if (HINGE__GROW(r->alloc, r->buf, cap, r->cap * 2))
        return hinge__fail(err, HINGE_ENOMEM, name, 0, 0, "out of memory");
      r->cap = cap;
      r->data = r->buf;
    }
    n = fread(r->buf + r->len, 1, r->cap - r->len, r->f);
    r->len += n;
    if (n == 0 && ferror(r->f))
      return hinge__fail(err, HINGE_EIO, name, 0, 0, "read error: %s", strerror(errno));
    if (n == 0) r->eof = 1;
  }
  return HINGE_OK;
}

static int decode_utf16(hinge__lines *r, int enc, size_t bom, const char *name,
                        hinge_error *err) {
  size_t n;
  int rc = r->f != NULL ? slurp(r, name, err) : HINGE_OK;
  if (rc != HINGE_OK) return rc;
  n = r->len - bom;
  r->owncap = n / 2 * 3 + 4;
  if ((r->own = hinge__malloc(r->alloc, r->owncap)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, name, 0, 0, "out of memory");
  r->len = utf16_decode((const unsigned char *)r->data + bom, n, enc == HINGE__ENC_UTF16BE,
                        r->own);
  r->data = r->own;
  r->pos = 0;
  r->eof = 1;
  r->size = (long)r->len;
  r->encoding = enc;
  r->had_bom = bom > 0;
  return HINGE_OK;
}

/* The first call fills the window and skips a UTF-8 BOM: libcsv would
 * keep it as part of the first header name.  UTF-16 is decoded. */
int hinge__lines_begin(hinge__lines *r, const char *name, hinge_error *err) {
  size_t bom;
  int enc, rc;
  if (r->started) return HINGE_OK;
  rc = r->f != NULL ? refill(r, name, err) : HINGE_OK;
  r->started = 1;
  if (rc != HINGE_OK) return rc;
  if (r->len >= 3 && memcmp(r->data, "\xEF\xBB\xBF", 3) == 0) {
    r->pos = 3;
    r->had_bom = 1;
  } else if ((enc = sniff_utf16((const unsigned char *)r->data, r->len, &bom)) != 0) {
    return decode_utf16(r, enc, bom, name, err);
  }
  return HINGE_OK;
}

/* Deliver data[pos, end) as a piece whose text stops at textend. */
static int emit(hinge__lines *r, hinge__piece *pc, size_t end, size_t textend, int complete) {
  pc->data = r->data + r->pos;
  pc->len = end - r->pos;
  pc->textlen = textend - r->pos;
  pc->line = r->line;
  pc->complete = complete;
  r->pos = end;
  if (complete && end > textend) {
    r->line++;
    r->lines++;
  } else if (complete) {
    r->lines++; /* the last line, without a terminator */
  }
  return 1;
}

/* The offset of the first CR at or after pos if it comes before upto,
 * else some offset >= upto.  Cached, and searched CR_AHEAD bytes beyond
 * upto: a file without CRs costs one memchr per CR_AHEAD bytes of lines
 * cut here, not one per line -- and not one per window either, which
 * matters when the loader's tight loop takes the lines in between. */
#define CR_AHEAD 4096u

static size_t next_cr(hinge__lines *r, size_t upto) {
  if (!r->cr_known || r->cr_at < r->pos || (r->cr_at == r->cr_end && r->cr_end < upto)) {
    size_t stop = r->len - upto > CR_AHEAD ? upto + CR_AHEAD : r->len;
    const char *cr = memchr(r->data + r->pos, '\r', stop - r->pos);
    r->cr_at = r->cr_end = stop;
    if (cr != NULL) r->cr_at = (size_t)(cr - r->data);
    r->cr_known = 1;
  }
  return r->cr_at;
}

/* Where the line starting at pos ends: sets *end and *textend and returns
 * 1, or returns 0 when the window holds no terminator we can decide on
 * (none at all, or a CR as its last byte while more input may follow). */
static int find_end(hinge__lines *r, size_t *end, size_t *textend) {
  const char *s = r->data + r->pos, *stop = r->data + r->len;
  const char *nl = memchr(s, '\n', (size_t)(stop - s));
  size_t upto = (size_t)((nl ? nl : stop) - r->data), crat = next_cr(r, upto);
  const char *cr = crat < upto ? r->data + crat : NULL;
  int kind;
  if (cr != NULL) {
    if (cr + 1 == stop && !r->eof) return 0;
    *textend = (size_t)(cr - r->data);
    kind = (cr + 1 < stop && cr[1] == '\n') ? 2 : 3;
    *end = *textend + (kind == 2 ? 2 : 1);
  } else if (nl != NULL) {
    *textend = (size_t)(nl - r->data);
    *end = *textend + 1;
    kind = 1;
  } else {
    return 0;
  }
  if (r->term == 0) r->term = kind;
  return 1;
}

int hinge__lines_next(hinge__lines *r, hinge__piece *pc, const char *name, hinge_error *err) {
  size_t end, textend;
  int rc;
  if (!r->started && (rc = hinge__lines_begin(r, name, err)) != HINGE_OK) return rc;
  for (;;) {
    if (r->pos < r->len && find_end(r, &end, &textend)) return emit(r, pc, end, textend, 1);
    if (r->eof) {
      if (r->pos >= r->len) return 0;
      return emit(r, pc, r->len, r->len, 1); /* last line without a terminator */
    }
    if (r->pos == 0 && r->len == r->cap) {
      /* A line longer than the buffer: hand it over in fragments, keeping
       * a final CR back so CRLF is still recognised. */
      size_t cut = r->data[r->len - 1] == '\r' ? r->len - 1 : r->len;
      return emit(r, pc, cut, cut, 0);
    }
    if ((rc = refill(r, name, err)) != HINGE_OK) return rc;
  }
}

int hinge__csv_blank_text(const hinge__piece *pc, char delim) {
  size_t i;
  if (pc->textlen > 0 && pc->data[0] != ' ' && pc->data[0] != '\t') return 0;
  for (i = 0; i < pc->textlen; i++) {
    char c = pc->data[i];
    if (c == delim || (c != ' ' && c != '\t')) return 0;
  }
  return 1;
}

int hinge__csv_blank(const hinge__piece *pc, char delim) {
  return pc->complete && hinge__csv_blank_text(pc, delim);
}

char hinge__csv_detect(const char *p, size_t n) {
  return hinge__csv_detect_after(NULL, 0, p, n);
}

char hinge__csv_detect_after(const char *pre, size_t npre, const char *p, size_t n) {
  static const char cand[3] = {',', ';', '\t'};
  size_t count[3] = {0, 0, 0}, i;
  int quoted = 0, k, best = 0;
  for (i = 0; i < npre; i++) count[2] += pre[i] == '\t';
  for (i = 0; i < n; i++) {
    if (p[i] == '"') quoted = !quoted;
    else if (!quoted)
      for (k = 0; k < 3; k++)
        if (p[i] == cand[k]) count[k]++;
  }
  for (k = 1; k < 3; k++)
    if (count[k] > count[best]) best = k;
  return cand[best];
}
