/*
 * json_out.c -- the streaming JSON writer (see json_out.h).
 *
 * Speed: every token goes into j->buf, which reaches the FILE in one
 * fwrite when a top-level value is complete or the buffer is full; plain
 * runs of a string are copied whole; fixed-precision numbers are built
 * from integers (snprintf only near a rounding tie).  A 4000-rep analysis
 * (2.5 MB of JSON) is written in a few milliseconds instead of ~70.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

void json_init(json_out *j, FILE *f, int pretty) {
  memset(j, 0, sizeof *j);
  j->f = f;
  j->pretty = pretty;
}

static void flush(json_out *j) {
  if (j->len > 0) fwrite(j->buf, 1, j->len, j->f);
  j->len = 0;
}

static void put(json_out *j, const char *s, size_t n) {
  if (n > JSON_BUF - j->len) {
    flush(j);
    if (n > JSON_BUF) {
      fwrite(s, 1, n, j->f);
      return;
    }
  }
  memcpy(j->buf + j->len, s, n);
  j->len += n;
}

static void put_char(json_out *j, char c) {
  if (j->len == JSON_BUF) flush(j);
  j->buf[j->len++] = c;
}

static void put_str(json_out *j, const char *s) { put(j, s, strlen(s)); }

/* Room for k more bytes (k <= JSON_BUF) at the end of the buffer, which
 * the caller fills and then counts in j->len. */
static char *room(json_out *j, size_t k) {
  if (k > JSON_BUF - j->len) flush(j);
  return j->buf + j->len;
}

/* After a value: a complete top-level value goes out to the FILE. */
static void value_done(json_out *j) {
  if (j->depth <= 0) flush(j);
}

static void indent(json_out *j) {
  size_t left;
  if (!j->pretty) return;
  put_char(j, '\n');
  for (left = 2 * (size_t)(j->depth > 0 ? j->depth : 0); left > 0;) {
    size_t k = left < 256 ? left : 256;
    memset(room(j, k), ' ', k);
    j->len += k;
    left -= k;
  }
}

/* Before any value or key: the comma and the line break it needs. */
static void before_item(json_out *j) {
  if (j->after_key) {
    j->after_key = 0;
    return;
  }
  if (j->depth == 0) return;
  if (j->count[(j->depth > JSON_MAX_DEPTH ? JSON_MAX_DEPTH : j->depth) - 1]++ > 0) put_char(j, ',');
  indent(j);
}

static void open_container(json_out *j, char c) {
  before_item(j);
  put_char(j, c);
  if (j->depth < JSON_MAX_DEPTH) j->count[j->depth] = 0;
  j->depth++;
}

static void close_container(json_out *j, char c) {
  int had = j->depth > 0 && j->depth <= JSON_MAX_DEPTH && j->count[j->depth - 1] > 0;
  j->depth--;
  if (had) indent(j);
  put_char(j, c);
  value_done(j);
}

void json_begin_object(json_out *j) { open_container(j, '{'); }
void json_end_object(json_out *j) { close_container(j, '}'); }
void json_begin_array(json_out *j) { open_container(j, '['); }
void json_end_array(json_out *j) { close_container(j, ']'); }

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  size_t len, i;
  unsigned long cp;
  if (s[0] < 0x80) return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF) len = 2, cp = s[0] & 0x1F;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF) len = 3, cp = s[0] & 0x0F;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4) len = 4, cp = s[0] & 0x07;
  else return 0;
  if (n < len) return 0;
  for (i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return len;
}

/* Bytes written as they are: printable ASCII but the quote and the
 * backslash. */
static int plain(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

/* The string escaped, straight into the buffer: 256 input bytes at a time
 * with room for the worst case (6 output bytes each, plus a UTF-8
 * sequence running past the chunk). */
static void put_escaped(json_out *j, const unsigned char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t i = 0, k;
  put_char(j, '"');
  while (i < n) {
    size_t end = n - i < 256 ? n : i + 256;
    char *p = room(j, 6 * (end - i) + 8), *start = p;
    while (i < end) {
      unsigned char c = s[i];
      if (plain(c)) {
        *p++ = (char)c;
        i++;
        continue;
      }
      *p = '\\';
      if (c == '"' || c == '\\') p[1] = (char)c, p += 2;
      else if (c == '\n') p[1] = 'n', p += 2;
      else if (c == '\r') p[1] = 'r', p += 2;
      else if (c == '\t') p[1] = 't', p += 2;
      else if (c < 0x20 || c == 0x7F) {
        memcpy(p + 1, "u00", 3);
        p[4] = hex[c >> 4];
        p[5] = hex[c & 15];
        p += 6;
      } else if ((k = utf8_len(s + i, n - i)) == 0) {
        memcpy(p, "\\ufffd", 6);
        p += 6;
      } else {
        memcpy(p, s + i, k);
        p += k;
        i += k;
        continue;
      }
      i++;
    }
    j->len += (size_t)(p - start);
  }
  put_char(j, '"');
}

void json_key(json_out *j, const char *key) {
  before_item(j);
  put_escaped(j, (const unsigned char *)key, strlen(key));
  if (j->pretty) put(j, ": ", 2);
  else put_char(j, ':');
  j->after_key = 1;
}

void json_string_len(json_out *j, const char *s, size_t len) {
  before_item(j);
  put_escaped(j, (const unsigned char *)s, len);
  value_done(j);
}

void json_string(json_out *j, const char *s) {
  if (s == NULL) json_null(j);
  else json_string_len(j, s, strlen(s));
}

/* Numbers of everyday size read better without an exponent: 100, not
 * 1e+02.  Same digits, fixed notation. */
static void unexponent(double x, int prec, char *buf, size_t size) {
  double ax = fabs(x);
  int e, decimals;
  if (strchr(buf, 'e') == NULL || ax < 1e-5 || ax >= 1e16) return;
  e = (int)floor(log10(ax));
  decimals = prec - 1 - e;
  snprintf(buf, size, "%.*f", decimals > 0 ? decimals : 0, x);
}

const char *json_format_double(double x, char *buf, size_t size) {
  int prec;
  for (prec = 1; prec <= 17; prec++) {
    snprintf(buf, size, "%.*g", prec, x);
    if (strtod(buf, NULL) == x) break;
  }
  if (prec > 17) prec = 17;
  unexponent(x, prec, buf, size);
  return buf;
}

void json_number(json_out *j, double x) {
  char buf[40];
  if (!isfinite(x)) {
    json_null(j);
    return;
  }
  before_item(j);
  put_str(j, json_format_double(x, buf, sizeof buf));
  value_done(j);
}

/* The digits of v, right-aligned ending at end; returns the first. */
static char *digits(unsigned long long v, char *end) {
  do {
    *--end = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  return end;
}

/* json_format_fixed without snprintf, when that is certainly the same
 * text: m = |x| 10^d is below 2^30, so it is within 2^-24 of the exact
 * product and, away from a tie (fraction 0.5 +- 1e-6), rounds to the same
 * integer as printf's exact decimal rounding.  Returns the length, or 0
 * otherwise. */
static size_t format_fixed_fast(double x, int d, char *buf, size_t size) {
  static const double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  static const unsigned long long iscale[] = {1, 10, 100, 1000, 10000, 100000, 1000000,
                                              10000000, 100000000, 1000000000};
  char tmp[48], *p, *q = buf;
  double m, whole, frac;
  unsigned long long r, ip, fp;
  int k;
  if (d < 0 || d > 9 || size < 32) return 0;
  m = fabs(x) * scale[d];
  if (!(m < 1e9)) return 0; /* also NaN */
  whole = floor(m);
  frac = m - whole;
  if (fabs(frac - 0.5) < 1e-6) return 0;
  r = (unsigned long long)whole + (frac > 0.5);
  ip = r / iscale[d];
  fp = r % iscale[d];
  if (r != 0 && x < 0) *q++ = '-'; /* "-0.00" trims to "0" */
  p = digits(ip, tmp + sizeof tmp);
  memcpy(q, p, (size_t)(tmp + sizeof tmp - p));
  q += tmp + sizeof tmp - p;
  if (fp != 0) {
    for (k = d; fp % 10 == 0; k--) fp /= 10; /* trailing zeros dropped */
    *q++ = '.';
    p = digits(fp, tmp + sizeof tmp);
    memset(q, '0', (size_t)(k - (tmp + sizeof tmp - p)));
    q += k - (tmp + sizeof tmp - p);
    memcpy(q, p, (size_t)(tmp + sizeof tmp - p));
    q += tmp + sizeof tmp - p;
  }
  *q = '\0';
  return (size_t)(q - buf);
}

const char *json_format_fixed(double x, int decimals, char *buf, size_t size) {
  char *end;
  if (format_fixed_fast(x, decimals, buf, size)) return buf;
  snprintf(buf, size, "%.*f", decimals, x);
  if (strchr(buf, '.') != NULL) {
    end = buf + strlen(buf) - 1;
    while (*end == '0') *end-- = '\0';
    if (*end == '.') *end = '\0';
  }
  if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
  return buf;
}

void json_number_fixed(json_out *j, double x, int decimals) {
  char *p;
  size_t len;
  if (!isfinite(x) || fabs(x) >= 1e15) {
    json_number(j, x);
    return;
  }
  before_item(j);
  p = room(j, 64); /* written in place */
  len = format_fixed_fast(x, decimals, p, 64);
  if (len == 0) len = strlen(json_format_fixed(x, decimals, p, 64));
  j->len += len;
  value_done(j);
}

void json_kv_number_fixed(json_out *j, const char *key, double x, int decimals) {
  json_key(j, key);
  json_number_fixed(j, x, decimals);
}

void json_int(json_out *j, long long v) {
  char tmp[24], *p;
  /* the magnitude as unsigned, LLONG_MIN included */
  p = digits(v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, tmp + sizeof tmp);
  if (v < 0) *--p = '-';
  before_item(j);
  put(j, p, (size_t)(tmp + sizeof tmp - p));
  value_done(j);
}

void json_uint(json_out *j, unsigned long long v) {
  char tmp[24], *p = digits(v, tmp + sizeof tmp);
  before_item(j);
  put(j, p, (size_t)(tmp + sizeof tmp - p));
  value_done(j);
}

void json_bool(json_out *j, int b) {
  before_item(j);
  put_str(j, b ? "true" : "false");
  value_done(j);
}

void json_null(json_out *j) {
  before_item(j);
  put(j, "null", 4);
  value_done(j);
}

void json_kv_string(json_out *j, const char *key, const char *s) {
  json_key(j, key);
  json_string(j, s);
}

void json_kv_number(json_out *j, const char *key, double x) {
  json_key(j, key);
  json_number(j, x);
}

void json_kv_int(json_out *j, const char *key, long long v) {
  json_key(j, key);
  json_int(j, v);
}

void json_kv_uint(json_out *j, const char *key, unsigned long long v) {
  json_key(j, key);
  json_uint(j, v);
}

void json_kv_bool(json_out *j, const char *key, int b) {
  json_key(j, key);
  json_bool(j, b);
}

void json_finish(json_out *j) {
  put_char(j, '\n');
  flush(j);
}

/* ---- json_out as a hinge_sink: the output shapes' walkers write JSON
 * through these.  Missing values are null; numbers with decimals >= 0 are
 * rounded to that precision (json_number_fixed), else written exactly. */

static void sink_begin_object(void *ud, size_t hint) {
  (void)hint;
  json_begin_object(ud);
}

static void sink_end_object(void *ud) { json_end_object(ud); }

static void sink_begin_array(void *ud, size_t hint) {
  (void)hint;
  json_begin_array(ud);
}

static void sink_end_array(void *ud) { json_end_array(ud); }
static void sink_key(void *ud, const char *key) { json_key(ud, key); }

static void sink_number(void *ud, double x, int decimals) {
  if (decimals >= 0) json_number_fixed(ud, x, decimals);
  else json_number(ud, x);
}

static void sink_integer(void *ud, long long v) { json_int(ud, v); }
static void sink_string(void *ud, const char *s) { json_string(ud, s); }
static void sink_boolean(void *ud, int b) { json_bool(ud, b); }
static void sink_null(void *ud) { json_null(ud); }

static const hinge_sink json_sink_calls = {
  sink_begin_object, sink_end_object, sink_begin_array, sink_end_array, sink_key,
  sink_number, sink_integer, sink_string, sink_boolean, sink_null};

const hinge_sink *json_sink(void) { return &json_sink_calls; }
