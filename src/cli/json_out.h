/*
 * json_out.h -- a small streaming JSON writer every subcommand shares.
 *
 *   json_out j;
 *   json_init(&j, f, 1);
 *   json_begin_object(&j);
 *   json_key(&j, "rows"); json_uint(&j, 2845);
 *   json_key(&j, "sample_rate_hz"); json_number(&j, 100.0);
 *   json_end_object(&j);
 *   json_finish(&j);
 *
 * Commas, nesting and indentation are tracked by the writer.  Strings are
 * escaped (control characters as \uXXXX) and invalid UTF-8 is replaced by
 * U+FFFD, so the output is always valid JSON.  Doubles are written with
 * the fewest significant digits (at most 17) that read back to the same
 * double; NaN and infinities are written as null.  Text is gathered in
 * a small buffer inside json_out and handed to the FILE whenever a
 * top-level value is complete (and when the buffer fills): one fwrite per
 * few kilobytes instead of a stdio call per token.  Write errors are left
 * in the FILE (check ferror, as cli_output_close does).
 */
#ifndef HINGE_JSON_OUT_H
#define HINGE_JSON_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "hinge/sink.h"

#define JSON_MAX_DEPTH 64
#define JSON_BUF 8192

typedef struct json_out {
  FILE *f;
  int pretty;                /* newlines and two-space indents */
  int depth;
  int count[JSON_MAX_DEPTH]; /* items written at each depth */
  int after_key;             /* a key was written: the value follows it */
  size_t len;                /* bytes waiting in buf */
  char buf[JSON_BUF];
} json_out;

void json_init(json_out *j, FILE *f, int pretty);
void json_begin_object(json_out *j);
void json_end_object(json_out *j);
void json_begin_array(json_out *j);
void json_end_array(json_out *j);
void json_key(json_out *j, const char *key);

void json_string(json_out *j, const char *s);     /* NULL writes null */
void json_string_len(json_out *j, const char *s, size_t len);
void json_number(json_out *j, double x);          /* NaN, inf: null */
void json_int(json_out *j, long long v);
void json_uint(json_out *j, unsigned long long v);
void json_bool(json_out *j, int b);
void json_null(json_out *j);

/* key + value in one call. */
void json_kv_string(json_out *j, const char *key, const char *s);
void json_kv_number(json_out *j, const char *key, double x);
void json_kv_int(json_out *j, const char *key, long long v);
void json_kv_uint(json_out *j, const char *key, unsigned long long v);
void json_kv_bool(json_out *j, const char *key, int b);

/* x rounded to `decimals` places, trailing zeros dropped ("4.8", "12"),
 * for values shown at a fixed precision: the text of "%.*f" (exact
 * decimal rounding, ties to even), built from integers when x * 10^decimals
 * is clearly not a tie, else by snprintf.  NaN, inf: null;
 * magnitudes from 1e15 up fall back to json_number. */
void json_number_fixed(json_out *j, double x, int decimals);
void json_kv_number_fixed(json_out *j, const char *key, double x, int decimals);
/* The text json_number_fixed writes, into buf (at least 40 bytes). */
const char *json_format_fixed(double x, int decimals, char *buf, size_t size);

/* The writer as a sink for the output shapes' walkers (hinge/sink.h):
 * pass the json_out as the walker's ud.  Missing values are written as
 * null, numbers at the decimals the walker gives (json_number_fixed) or,
 * for decimals < 0, exactly (json_number). */
const hinge_sink *json_sink(void);

/* The end of the document: a final newline. */
void json_finish(json_out *j);

/* The shortest "%.Ng" (N <= 17) of a finite x that reads back as x, into
 * buf (at least 32 bytes).  Shared with the text and CSV writers. */
const char *json_format_double(double x, char *buf, size_t size);

#endif
