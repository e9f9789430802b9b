/*
 * json_internal.h -- a small strict JSON reader (RFC 8259) for hinge's own
 * JSON inputs (the output of `hinge analyze --format json`).  Not
 * installed.
 *
 * Strict: one value, no comments, no trailing commas, no NaN or Infinity,
 * strings of valid UTF-8 without control characters, \u escapes with
 * paired surrogates and not \u0000, numbers in the JSON grammar that fit a
 * double, no duplicate keys in an object.  Safe: nesting at most
 * HINGE__JSON_MAX_DEPTH deep, input at most HINGE__JSON_MAX_BYTES, every
 * allocation through the allocator, errors as "file:line:col: message"
 * (line and column 1-based, column in bytes).
 */
#ifndef HINGE_JSON_INTERNAL_H
#define HINGE_JSON_INTERNAL_H

#include <stddef.h>

#include "hinge/common.h"

#define HINGE__JSON_MAX_DEPTH 200
#define HINGE__JSON_MAX_BYTES (64u << 20)

typedef enum hinge__jtype {
  HINGE__JNULL, HINGE__JFALSE, HINGE__JTRUE, HINGE__JNUMBER, HINGE__JSTRING,
  HINGE__JARRAY, HINGE__JOBJECT
} hinge__jtype;

typedef struct hinge__json hinge__json;
struct hinge__json {
  hinge__jtype type;
  long line, col;         /* where the value starts */
  double num;             /* JNUMBER */
  const char *str;        /* JSTRING: UTF-8, NUL-terminated (no NUL inside) */
  size_t len;             /* JSTRING: bytes; JARRAY/JOBJECT: elements */
  const hinge__json *items;   /* JARRAY elements, JOBJECT values */
  const char *const *keys;    /* JOBJECT keys, in file order */
};

/* A parsed document: every node and string lives in it. */
typedef struct hinge__jdoc hinge__jdoc;

/* What to parse: len bytes at text; name is used in errors. */
typedef struct hinge__json_src {
  const char *name;
  const char *text;
  size_t len;
} hinge__json_src;

/* Parse src.  On success *doc holds the document (free with
 * hinge__json_free) and *root its value. */
int hinge__json_parse(const hinge__json_src *src, const hinge_allocator *a, hinge__jdoc **doc,
                      const hinge__json **root, hinge_error *err);
/* Read the file at path and parse it. */
int hinge__json_parse_file(const char *path, const hinge_allocator *a, hinge__jdoc **doc,
                           const hinge__json **root, hinge_error *err);
void hinge__json_free(hinge__jdoc *doc);

/* The value of key in an object (NULL when absent or v is not an object). */
const hinge__json *hinge__json_get(const hinge__json *v, const char *key);
/* "null", "false", "true", "number", "string", "array", "object". */
const char *hinge__json_type_name(hinge__jtype t);

#endif
