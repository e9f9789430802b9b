/*
 * logs_analysis.c -- analysis entries from the JSON of `hinge analyze
 * --format json`: one object per analysed file, or an array of them.
 * Only athlete, date, file and reps[].flags are read; other fields are
 * left alone so the analysis output can grow.
 */
#include <string.h>

#include "hinge/table.h"
#include "parse/json_internal.h"
#include "recovery_internal.h"

static int schema(hinge_error *err, const char *path, const hinge__json *v, const char *what) {
  return hinge__fail(err, HINGE_ESCHEMA, path, v->line, v->col, "%s", what);
}

/* A required string member of obj. */
static int member_string(const hinge__json *obj, const char *key, const char *path,
                         const char **out, hinge_error *err) {
  const hinge__json *v = hinge__json_get(obj, key);
  if (v == NULL)
    return hinge__fail(err, HINGE_ESCHEMA, path, obj->line, obj->col,
                       "analysis object has no \"%s\"", key);
  if (v->type != HINGE__JSTRING || v->len == 0)
    return hinge__fail(err, HINGE_ESCHEMA, path, v->line, v->col,
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
static int count_flags(const hinge__json *reps, const char *path, hinge_analysis_entry *a,
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

static int one_analysis(hinge_logs *logs, const hinge__json *obj, const char *path,
                        hinge_error *err) {
  hinge_analysis_entry a;
  const hinge__json *file = hinge__json_get(obj, "file");
  const char *date;
  int rc;
  memset(&a, 0, sizeof a);
  if (obj->type != HINGE__JOBJECT)
    return schema(err, path, obj, "expected an analysis object (or an array of them)");
  if ((rc = member_string(obj, "athlete", path, &a.athlete, err)) ||
      (rc = member_string(obj, "date", path, &date, err)))
    return rc;
  if (hinge_day_parse(date, strlen(date), &a.day) != HINGE_OK) {
    const hinge__json *d = hinge__json_get(obj, "date");
    return hinge__fail(err, HINGE_ESCHEMA, path, d->line, d->col,
                       "\"date\" '%.40s' is not a real YYYY-MM-DD date", date);
  }
  a.file = file != NULL && file->type == HINGE__JSTRING ? file->str : "";
  if ((rc = count_flags(hinge__json_get(obj, "reps"), path, &a, err)) != HINGE_OK) return rc;
  return hinge_logs_add_analysis(logs, &a, err);
}

int hinge_logs_read_analysis(hinge_logs *logs, const char *path, hinge_error *err) {
  hinge__jdoc *doc;
  const hinge__json *root;
  size_t i;
  int rc;
  if (logs == NULL || path == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "read_analysis: NULL argument");
  if ((rc = hinge__json_parse_file(path, logs->alloc, &doc, &root, err)) != HINGE_OK) return rc;
  if (root->type == HINGE__JARRAY) {
    for (i = 0; i < root->len && rc == HINGE_OK; i++)
      rc = one_analysis(logs, &root->items[i], path, err);
  } else {
    rc = one_analysis(logs, root, path, err);
  }
  hinge__json_free(doc);
  return rc;
}
