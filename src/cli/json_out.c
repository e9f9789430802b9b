/*
 * json_out.c -- the CLI's streaming JSON writer (json_out.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

void cli_json_init(cli_json *j, FILE *f, int pretty) {
  memset(j, 0, sizeof *j);
  j->f = f;
  j->pretty = pretty;
}

static void newline(cli_json *j) {
  int i;
  if (!j->pretty) return;
  fputc('\n', j->f);
  for (i = 0; i < j->depth; i++) fputs("  ", j->f);
}

/* Separator and indentation before a value (or a key). */
static void before_value(cli_json *j) {
  if (j->after_key) {
    j->after_key = 0;
    return;
  }
  if (j->depth > 0) {
    if (j->count[j->depth - 1]++ > 0) fputc(',', j->f);
    newline(j);
  }
}

static void json_open(cli_json *j, char c) {
  before_value(j);
  fputc(c, j->f);
  if (j->depth < CLI_JSON_MAX_DEPTH) j->count[j->depth] = 0;
  j->depth++;
}

static void json_close(cli_json *j, char c) {
  int had = j->depth <= CLI_JSON_MAX_DEPTH && j->count[j->depth - 1] > 0;
  j->depth--;
  if (had) newline(j);
  fputc(c, j->f);
}

void cli_json_begin_object(cli_json *j) { json_open(j, '{'); }
void cli_json_end_object(cli_json *j) { json_close(j, '}'); }
void cli_json_begin_array(cli_json *j) { json_open(j, '['); }
void cli_json_end_array(cli_json *j) { json_close(j, ']'); }

/* Length of a valid UTF-8 sequence at s, 0 when invalid. */
static size_t utf8_len(const unsigned char *s) {
  unsigned char lo = 0x80, hi = 0xBF;
  size_t k, i;
  if (s[0] < 0x80) return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF) k = 2;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF) k = 3;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4) k = 4;
  else return 0;
  if (s[0] == 0xE0) lo = 0xA0;
  if (s[0] == 0xED) hi = 0x9F;
  if (s[0] == 0xF0) lo = 0x90;
  if (s[0] == 0xF4) hi = 0x8F;
  if (s[1] < lo || s[1] > hi) return 0;
  for (i = 2; i < k; i++)
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  return k;
}

static void write_string(FILE *f, const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  fputc('"', f);
  while (*s) {
    size_t k;
    switch (*s) {
    case '"': fputs("\\\"", f); s++; continue;
    case '\\': fputs("\\\\", f); s++; continue;
    case '\n': fputs("\\n", f); s++; continue;
    case '\r': fputs("\\r", f); s++; continue;
    case '\t': fputs("\\t", f); s++; continue;
    default: break;
    }
    if (*s < 0x20) {
      fprintf(f, "\\u%04x", *s++);
      continue;
    }
    k = utf8_len(s);
    if (k == 0) {
      fputs("\\ufffd", f);
      s++;
    } else {
      fwrite(s, 1, k, f);
      s += k;
    }
  }
  fputc('"', f);
}

void cli_json_key(cli_json *j, const char *key) {
  before_value(j);
  write_string(j->f, key);
  fputs(j->pretty ? ": " : ":", j->f);
  j->after_key = 1;
}

void cli_json_string(cli_json *j, const char *s) {
  if (s == NULL) {
    cli_json_null(j);
    return;
  }
  before_value(j);
  write_string(j->f, s);
}

void cli_json_number(cli_json *j, double v) {
  char buf[40];
  if (!isfinite(v)) {
    cli_json_null(j);
    return;
  }
  before_value(j);
  /* the shortest of 15 and 17 significant digits that reads back exactly */
  snprintf(buf, sizeof buf, "%.15g", v);
  if (strtod(buf, NULL) != v) snprintf(buf, sizeof buf, "%.17g", v);
  /* keep a number that is a whole value visibly a double: 2200.0 */
  if (strspn(buf, "-0123456789") == strlen(buf) && strlen(buf) < 16) strcat(buf, ".0");
  fputs(buf, j->f);
}

void cli_json_integer(cli_json *j, long long v) {
  before_value(j);
  fprintf(j->f, "%lld", v);
}

void cli_json_bool(cli_json *j, int v) {
  before_value(j);
  fputs(v ? "true" : "false", j->f);
}

void cli_json_null(cli_json *j) {
  before_value(j);
  fputs("null", j->f);
}

void cli_json_end(cli_json *j) { fputc('\n', j->f); }
