/*
 * logs_analysis.c -- analysis entries from the output of `hinge analyze`:
 * --format json (one object per analysed file, or an array of them) or
 * --format jsonl (one object a line).  Only athlete, date, file and
 * reps[].flags are read; other fields are left alone so the analysis
 * output can grow.  An entry {"file", "error"} (a file the analysis could
 * not read) is skipped with a warning naming it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hinge/table.h"
#include "parse/json_internal.h"
#include "recovery_internal.h"

/* Where the values being read come from: a jsonl line is parsed alone, so
 * its values' lines are offset by the lines before it. */
typedef struct src_ctx {
  hinge_logs *logs;
  const char *path;
  long line0; /* lines before the parsed text */
} src_ctx;

static int schema(hinge_error *err, const src_ctx *c, const hinge__json *v, const char *what) {
  return hinge__fail(err, HINGE_ESCHEMA, c->path, v->line + c->line0, v->col, "%s", what);
}

/* A required string member of obj. */
static int member_string(const hinge__json *obj, const char *key, const src_ctx *c,
                         const char **out, hinge_error *err) {
  const hinge__json *v = hinge__json_get(obj, key);
  if (v == NULL)
    return hinge__fail(err, HINGE_ESCHEMA, c->path, obj->line + c->line0, obj->col,
                       "analysis object has no \"%s\"", key);
  if (v->type != HINGE__JSTRING || v->len == 0)
    return hinge__fail(err, HINGE_ESCHEMA, c->path, v->line + c->line0, v->col,
                       "\"%s\" must be a non-empty string (got %s)", key,
                       hinge__json_type_name(v->type));
  *out = v->str;
  return HINGE_OK;
}

/* Count one flag word; words hinge does not know are ignored. */
static void count_flag(const char *word, hinge_analysis_entry *a) {
  unsigned flag;
  if (hinge_rep_flag_parse(word, &flag) != HINGE_OK) return;
  if (flag == HINGE_REP_LUMBAR_ROUNDING) a->lumbar_rounding_reps++;
  else if (flag == HINGE_REP_UPPER_BACK_ROUNDING) a->upper_back_rounding_reps++;
}

/* Count the reps and their lumbar / upper-back rounding flags. */
static int count_flags(const hinge__json *reps, const src_ctx *path, hinge_analysis_entry *a,
                       hinge_error *err) {
  size_t i, j;
  if (reps == NULL) return HINGE_OK; /* no reps found in that file */
  if (reps->type != HINGE__JARRAY) return schema(err, path, reps, "\"reps\" must be an array");
  a->reps = reps->len;
  for (i = 0; i < reps->len; i++) {
    const hinge__json *rep = &reps->items[i], *flags = hinge__json_get(rep, "flags");
    if (rep->type != HINGE__JOBJECT) return schema(err, path, rep, "a rep must be an object");
    if (flags == NULL || flags->type == HINGE__JNULL) continue;
    if (flags->type != HINGE__JARRAY)
      return schema(err, path, flags, "\"flags\" must be an array of strings");
    for (j = 0; j < flags->len; j++) {
      const hinge__json *f = &flags->items[j];
      if (f->type != HINGE__JSTRING) return schema(err, path, f, "a flag must be a string");
      count_flag(f->str, a);
    }
  }
  return HINGE_OK;
}

/* {"file": ..., "error": ...}: an input hinge analyze could not read. */
static int skipped_entry(const hinge__json *obj, const src_ctx *c) {
  const hinge__json *file = hinge__json_get(obj, "file"), *e = hinge__json_get(obj, "error");
  return hinge__logs_warnf(c->logs, c->path, obj->line + c->line0, obj->col,
                           "skipped the entry for '%.200s': its analysis failed (%.200s)",
                           file != NULL && file->type == HINGE__JSTRING ? file->str : "?",
                           e->type == HINGE__JSTRING ? e->str : "no reason given");
}

/* An entry whose athlete or date is null: hinge analyze knew none (a file
 * named "Recording 7.csv").  Skipped, saying how to give it. */
static int unplaced_entry(const hinge__json *obj, const src_ctx *c, const char *key) {
  const hinge__json *file = hinge__json_get(obj, "file");
  return hinge__logs_warnf(c->logs, c->path, obj->line + c->line0, obj->col,
                           "skipped the analysis of '%.200s': its %s is unknown (give it with "
                           "hinge analyze --%s, or name the session file "
                           "YYYY-MM-DD_ATHLETE_setN.csv)",
                           file != NULL && file->type == HINGE__JSTRING ? file->str : "?", key,
                           key);
}

static int one_analysis(const hinge__json *obj, const src_ctx *c, hinge_error *err) {
  hinge_analysis_entry a;
  const hinge__json *file = hinge__json_get(obj, "file");
  const char *date;
  int rc;
  memset(&a, 0, sizeof a);
  if (obj->type != HINGE__JOBJECT)
    return schema(err, c, obj, "expected an analysis object (or an array of them, or one a line)");
  if (hinge__json_get(obj, "error") != NULL && hinge__json_get(obj, "reps") == NULL) {
    if (skipped_entry(obj, c) != HINGE_OK)
      return hinge__fail(err, HINGE_ENOMEM, c->path, 0, 0, "out of memory");
    return HINGE_OK;
  }
  if (obj->type == HINGE__JOBJECT) {
    const hinge__json *ath = hinge__json_get(obj, "athlete"), *day = hinge__json_get(obj, "date");
    const char *key = ath != NULL && ath->type == HINGE__JNULL   ? "athlete"
                      : day != NULL && day->type == HINGE__JNULL ? "date"
                                                                  : NULL;
    if (key != NULL)
      return unplaced_entry(obj, c, key) == HINGE_OK
               ? HINGE_OK
               : hinge__fail(err, HINGE_ENOMEM, c->path, 0, 0, "out of memory");
  }
  if ((rc = member_string(obj, "athlete", c, &a.athlete, err)) ||
      (rc = member_string(obj, "date", c, &date, err)))
    return rc;
  if (hinge_day_parse(date, strlen(date), &a.day) != HINGE_OK) {
    const hinge__json *d = hinge__json_get(obj, "date");
    return hinge__fail(err, HINGE_ESCHEMA, c->path, d->line + c->line0, d->col,
                       "\"date\" '%.40s' is not a real YYYY-MM-DD date", date);
  }
  a.file = file != NULL && file->type == HINGE__JSTRING ? file->str : "";
  if ((rc = count_flags(hinge__json_get(obj, "reps"), c, &a, err)) != HINGE_OK) return rc;
  return hinge_logs_add_analysis(c->logs, &a, err);
}

/* A parsed value: an object, or an array of them. */
static int read_root(const hinge__json *root, const src_ctx *c, hinge_error *err) {
  size_t i;
  int rc = HINGE_OK;
  if (root->type != HINGE__JARRAY) return one_analysis(root, c, err);
  for (i = 0; i < root->len && rc == HINGE_OK; i++) rc = one_analysis(&root->items[i], c, err);
  return rc;
}

/* The whole file into memory (at most HINGE__JSON_MAX_BYTES). */
static int slurp(const char *path, const hinge_allocator *al, char **buf, size_t *len,
                 size_t *capp, hinge_error *err) {
  FILE *f = fopen(path, "rb");
  size_t cap = 0, got;
  char *nb;
  *buf = NULL;
  *len = 0;
  if (f == NULL) return hinge__fail(err, HINGE_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
  do {
    if (*len == cap) {
      if (cap > HINGE__JSON_MAX_BYTES ||
          (nb = hinge__realloc(al, *buf, cap, cap ? cap * 2 : 65536)) == NULL) {
        hinge__free(al, *buf, cap);
        fclose(f);
        return cap > HINGE__JSON_MAX_BYTES
                 ? hinge__fail(err, HINGE_ELIMIT, path, 0, 0, "JSON input over %u bytes",
                               HINGE__JSON_MAX_BYTES)
                 : hinge__fail(err, HINGE_ENOMEM, path, 0, 0, "out of memory");
      }
      *buf = nb;
      cap = cap ? cap * 2 : 65536;
    }
    got = fread(*buf + *len, 1, cap - *len, f);
    *len += got;
  } while (got > 0);
  if (ferror(f)) {
    hinge__free(al, *buf, cap);
    fclose(f);
    return hinge__fail(err, HINGE_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
  }
  fclose(f);
  *capp = cap;
  return HINGE_OK;
}

/* Parse [p, p + n) as one value and read it; line0 lines before it. */
static int read_text(src_ctx *c, const char *p, size_t n, long line0, hinge_error *err) {
  hinge__json_src src;
  hinge__jdoc *doc;
  const hinge__json *root;
  int rc;
  src.name = c->path;
  src.text = p;
  src.len = n;
  c->line0 = line0;
  if ((rc = hinge__json_parse(&src, c->logs->alloc, &doc, &root, err)) != HINGE_OK) {
    if (err != NULL && err->line > 0) err->line += line0;
    return rc;
  }
  rc = read_root(root, c, err);
  hinge__json_free(doc);
  return rc;
}

static int blank(const char *p, size_t n) {
  for (; n > 0; p++, n--)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return 0;
  return 1;
}

/* JSON lines: each non-blank line a value. */
static int read_lines(src_ctx *c, const char *buf, size_t len, hinge_error *err) {
  const char *p = buf, *end = buf + len, *nl;
  long line = 0;
  int rc = HINGE_OK;
  for (; p < end && rc == HINGE_OK; p = nl + 1, line++) {
    if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) nl = end;
    if (!blank(p, (size_t)(nl - p))) rc = read_text(c, p, (size_t)(nl - p), line, err);
  }
  return rc;
}

/* jsonl when the first non-blank line is a value of its own and more
 * follows (the whole file, then, is not one JSON value). */
static int is_jsonl(src_ctx *c, const char *buf, size_t len) {
  const char *p = buf, *end = buf + len, *nl = end;
  hinge__json_src src;
  hinge__jdoc *doc;
  const hinge__json *root;
  hinge_error e;
  for (; p < end; p = nl + 1) {
    if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) nl = end;
    if (!blank(p, (size_t)(nl - p))) break;
  }
  if (p >= end || nl >= end || blank(nl, (size_t)(end - nl))) return 0;
  src.name = c->path;
  src.text = p;
  src.len = (size_t)(nl - p);
  if (hinge__json_parse(&src, c->logs->alloc, &doc, &root, &e) != HINGE_OK) return 0;
  hinge__json_free(doc);
  return 1;
}

int hinge_logs_read_analysis(hinge_logs *logs, const char *path, hinge_error *err) {
  src_ctx c;
  hinge_error whole;
  char *buf;
  size_t len = 0, cap = 0, off = 0;
  int rc;
  if (logs == NULL || path == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "read_analysis: NULL argument");
  if ((rc = slurp(path, logs->alloc, &buf, &len, &cap, err)) != HINGE_OK) return rc;
  c.logs = logs;
  c.path = path;
  c.line0 = 0;
  /* A BOM from an editor: the JSON parser skips one at the start of the
   * text; JSON lines start after it (a second one is an error). */
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) off = 3;
  hinge_error_clear(&whole);
  rc = read_text(&c, buf, len, 0, &whole);
  /* Not one value: JSON lines, else the whole file's error. */
  if (rc == HINGE_EPARSE && !(len - off >= 3 && memcmp(buf + off, "\xEF\xBB\xBF", 3) == 0) &&
      is_jsonl(&c, buf + off, len - off))
    rc = read_lines(&c, buf + off, len - off, err);
  else if (rc != HINGE_OK && err != NULL) *err = whole;
  hinge__free(logs->alloc, buf, cap);
  return rc;
}
