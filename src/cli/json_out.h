/*
 * json_out.h -- a streaming JSON writer for the CLI's outputs.
 *
 * Calls nest as the JSON does: begin/end an object or array, key before
 * each member value.  Commas, indentation and escaping are the writer's
 * job.  Strings are written as valid UTF-8 (an invalid byte becomes
 * U+FFFD); numbers in the shortest form that reads back to the same
 * double; NaN and infinities as null (JSON has no such numbers).
 */
#ifndef HINGE_CLI_JSON_OUT_H
#define HINGE_CLI_JSON_OUT_H

#include <stdio.h>

#define CLI_JSON_MAX_DEPTH 64

typedef struct cli_json {
  FILE *f;
  int pretty;                      /* 1: one member per line, 2-space indent */
  int depth;
  int count[CLI_JSON_MAX_DEPTH];   /* values written at each depth */
  int after_key;                   /* a key was written, its value is next */
} cli_json;

void cli_json_init(cli_json *j, FILE *f, int pretty);
void cli_json_begin_object(cli_json *j);
void cli_json_end_object(cli_json *j);
void cli_json_begin_array(cli_json *j);
void cli_json_end_array(cli_json *j);
void cli_json_key(cli_json *j, const char *key);
void cli_json_string(cli_json *j, const char *s);   /* NULL writes null */
void cli_json_number(cli_json *j, double v);
void cli_json_integer(cli_json *j, long long v);
void cli_json_bool(cli_json *j, int v);
void cli_json_null(cli_json *j);
/* Finish the document with a newline. */
void cli_json_end(cli_json *j);

#endif
