/*
 * kvdata.h -- reader for the reference-vector text files under tests/data
 * (gen_peaks.py, gen_clean.py): records start with "@kind name", other
 * lines are "key value value ...", '#' starts a comment line.  Test-only,
 * header-only; everything is static.
 */
#ifndef HINGE_TEST_KVDATA_H
#define HINGE_TEST_KVDATA_H

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

/* Not every test uses every helper. */
#if defined(__GNUC__)
#  define KV_FN static __attribute__((unused))
#else
#  define KV_FN static
#endif

typedef struct kv_line {
  char *key;
  char *rest; /* the text after the key, "" when none */
} kv_line;

typedef struct kv_record {
  char *kind, *name;
  kv_line *lines;
  size_t nlines;
} kv_record;

typedef struct kv_file {
  char *text; /* the whole file; every string points into it */
  kv_record *recs;
  size_t nrecs;
} kv_file;

KV_FN void *kv_grow(void *p, size_t n, size_t size) {
  /* Grow to the next power of two at n (n >= 1). */
  if ((n & (n - 1)) != 0) return p;
  p = realloc(p, 2 * n * size);
  if (p == NULL) abort();
  return p;
}

KV_FN char *kv_split(char *s) {
  char *sp = strchr(s, ' ');
  if (sp == NULL) return s + strlen(s);
  *sp = '\0';
  return sp + 1;
}

KV_FN void kv_add_line(kv_file *f, char *ln) {
  kv_record *r;
  if (ln[0] == '@') {
    f->recs = f->nrecs ? kv_grow(f->recs, f->nrecs, sizeof *f->recs) : malloc(2 * sizeof *f->recs);
    r = &f->recs[f->nrecs++];
    r->kind = ln + 1;
    r->name = kv_split(ln + 1);
    r->lines = NULL;
    r->nlines = 0;
    return;
  }
  if (f->nrecs == 0) return;
  r = &f->recs[f->nrecs - 1];
  r->lines = r->nlines ? kv_grow(r->lines, r->nlines, sizeof *r->lines) : malloc(2 * sizeof *r->lines);
  r->lines[r->nlines].key = ln;
  r->lines[r->nlines].rest = kv_split(ln);
  r->nlines++;
}

/* Load path (relative names are under HINGE_TEST_DATA); NULL on failure. */
KV_FN kv_file *kv_load(const char *name) {
  char path[1024], *ln, *next;
  FILE *fp;
  long size;
  kv_file *f = calloc(1, sizeof *f);
  snprintf(path, sizeof path, "%s/%s", HINGE_TEST_DATA, name);
  fp = fopen(path, "rb");
  if (fp == NULL || f == NULL) return NULL;
  fseek(fp, 0, SEEK_END);
  size = ftell(fp);
  rewind(fp);
  f->text = malloc((size_t)size + 1);
  if (fread(f->text, 1, (size_t)size, fp) != (size_t)size) return NULL;
  f->text[size] = '\0';
  fclose(fp);
  for (ln = f->text; ln != NULL && *ln; ln = next) {
    next = strchr(ln, '\n');
    if (next != NULL) *next++ = '\0';
    if (*ln != '#' && *ln != '\0') kv_add_line(f, ln);
  }
  return f;
}

KV_FN void kv_free(kv_file *f) {
  size_t i;
  if (f == NULL) return;
  for (i = 0; i < f->nrecs; i++) free(f->recs[i].lines);
  free(f->recs);
  free(f->text);
  free(f);
}

/* The text after `key` in r, or NULL when the key is absent. */
KV_FN const char *kv_get(const kv_record *r, const char *key) {
  size_t i;
  for (i = 0; i < r->nlines; i++)
    if (strcmp(r->lines[i].key, key) == 0) return r->lines[i].rest;
  return NULL;
}

/* The numbers after `key` (strtod: "nan", "inf" work) into a malloc'ed
 * array (never NULL); *n is the count, (size_t)-1 when the key is absent. */
KV_FN double *kv_doubles(const kv_record *r, const char *key, size_t *n) {
  const char *s = kv_get(r, key);
  size_t cap = 16, k = 0;
  double *v = malloc(cap * sizeof *v);
  char *end;
  *n = (size_t)-1;
  if (s == NULL) return v;
  for (;;) {
    double d = strtod(s, &end);
    if (end == s) break;
    if (k == cap) v = realloc(v, (cap *= 2) * sizeof *v);
    v[k++] = d;
    s = end;
  }
  *n = k;
  return v;
}

/* The record of `kind` named `name`, or NULL. */
KV_FN const kv_record *kv_find(const kv_file *f, const char *kind, const char *name) {
  size_t i;
  for (i = 0; i < f->nrecs; i++)
    if (strcmp(f->recs[i].kind, kind) == 0 && strcmp(f->recs[i].name, name) == 0)
      return &f->recs[i];
  return NULL;
}

/* The record's "x", or the "x" of the "@signal" its "signal" line names;
 * NULL when neither exists. */
KV_FN double *kv_signal(const kv_file *f, const kv_record *r, size_t *n) {
  const char *name = kv_get(r, "signal");
  const kv_record *sig = name != NULL ? kv_find(f, "signal", name) : r;
  double *v;
  *n = 0;
  if (sig == NULL) return NULL;
  v = kv_doubles(sig, "x", n);
  if (*n == (size_t)-1) {
    free(v);
    return NULL;
  }
  return v;
}

/* The first number after `key` (NaN when absent). */
KV_FN double kv_number(const kv_record *r, const char *key) {
  size_t n;
  double *v = kv_doubles(r, key, &n), d = n >= 1 && n != (size_t)-1 ? v[0] : NAN;
  free(v);
  return d;
}

/* a and b equal, both NaN, or within `ulps` units in the last place. */
KV_FN int kv_close_ulp(double a, double b, long long ulps) {
  long long ia, ib;
  if (a == b || (a != a && b != b)) return 1;
  if (a != a || b != b || (a < 0) != (b < 0)) return 0;
  memcpy(&ia, &a, sizeof ia);
  memcpy(&ib, &b, sizeof ib);
  return llabs(ia - ib) <= ulps;
}

#endif
