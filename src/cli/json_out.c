/*
 * json_out.c -- the streaming JSON writer (see json_out.h).
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

static void indent(json_out *j) {
  int i;
  if (!j->pretty) return;
  fputc('\n', j->f);
  for (i = 0; i < j->depth; i++) fputs("  ", j->f);
}

/* Before any value or key: the comma and the line break it needs. */
static void before_item(json_out *j) {
  if (j->after_key) {
    j->after_key = 0;
    return;
  }
  if (j->depth == 0) return;
  if (j->count[(j->depth > JSON_MAX_DEPTH ? JSON_MAX_DEPTH : j->depth) - 1]++ > 0) fputc(',', j->f);
  indent(j);
}

static void open_container(json_out *j, char c) {
  before_item(j);
  fputc(c, j->f);
  if (j->depth < JSON_MAX_DEPTH) j->count[j->depth] = 0;
  j->depth++;
}

static void close_container(json_out *j, char c) {
  int had = j->depth > 0 && j->depth <= JSON_MAX_DEPTH && j->count[j->depth - 1] > 0;
  j->depth--;
  if (had) indent(j);
  fputc(c, j->f);
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

static void put_escaped(FILE *f, const unsigned char *s, size_t n) {
  size_t i = 0, k;
  fputc('"', f);
  while (i < n) {
    unsigned char c = s[i];
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c == '\n') fputs("\\n", f);
    else if (c == '\r') fputs("\\r", f);
    else if (c == '\t') fputs("\\t", f);
    else if (c < 0x20 || c == 0x7F) fprintf(f, "\\u%04x", c);
    else if ((k = utf8_len(s + i, n - i)) == 0) fputs("\\ufffd", f);
    else {
      fwrite(s + i, 1, k, f);
      i += k;
      continue;
    }
    i++;
  }
  fputc('"', f);
}

void json_key(json_out *j, const char *key) {
  before_item(j);
  put_escaped(j->f, (const unsigned char *)key, strlen(key));
  fputs(j->pretty ? ": " : ":", j->f);
  j->after_key = 1;
}

void json_string_len(json_out *j, const char *s, size_t len) {
  before_item(j);
  put_escaped(j->f, (const unsigned char *)s, len);
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
  fputs(json_format_double(x, buf, sizeof buf), j->f);
}

const char *json_format_fixed(double x, int decimals, char *buf, size_t size) {
  char *end;
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
  char buf[64];
  if (!isfinite(x) || fabs(x) >= 1e15) {
    json_number(j, x);
    return;
  }
  before_item(j);
  fputs(json_format_fixed(x, decimals, buf, sizeof buf), j->f);
}

void json_kv_number_fixed(json_out *j, const char *key, double x, int decimals) {
  json_key(j, key);
  json_number_fixed(j, x, decimals);
}

void json_int(json_out *j, long long v) {
  before_item(j);
  fprintf(j->f, "%lld", v);
}

void json_uint(json_out *j, unsigned long long v) {
  before_item(j);
  fprintf(j->f, "%llu", v);
}

void json_bool(json_out *j, int b) {
  before_item(j);
  fputs(b ? "true" : "false", j->f);
}

void json_null(json_out *j) {
  before_item(j);
  fputs("null", j->f);
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

void json_finish(json_out *j) { fputc('\n', j->f); }
