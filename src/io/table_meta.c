/*
 * table_meta.c -- what the shells add to a loaded table's description:
 * its metadata set from outside the file (hinge_table_set_meta: what a
 * file name or the file itself cannot give, such as `hinge analyze
 * --athlete NAME --date YYYY-MM-DD --set N`), and its warnings as the one
 * sentence the CLI and the Lua results share (hinge_warning_format).
 */
#include <stdio.h>
#include <string.h>

#include "base/internal.h"
#include "parse/isotime.h"
#include "table_internal.h"

#define META_VALUE_MAX 256

/* The keys, in the order of t->meta_store's slots. */
static const char *const meta_keys[] = {"athlete", "date", "set", "exercise"};

/* Leading and trailing spaces and tabs off: [*s, *s + *n). */
static void trim(const char **s, size_t *n) {
  while (*n > 0 && (**s == ' ' || **s == '\t')) (*s)++, (*n)--;
  while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

static int check_value(const char *key, int slot, const char *v, size_t n, hinge_error *err) {
  size_t i;
  if (n == 0) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "%s: empty value", key);
  if (n > META_VALUE_MAX)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "%s: longer than %d bytes", key,
                       META_VALUE_MAX);
  for (i = 0; i < n; i++)
    if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "%s: a control character in '%.*s'",
                         key, (int)(n < 40 ? n : 40), v);
  if (slot == 1 && !hinge__iso_date(v, n, NULL, NULL, NULL))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "date '%.*s' is not a real YYYY-MM-DD date", (int)(n < 40 ? n : 40), v);
  return HINGE_OK;
}

int hinge_table_set_meta(hinge_table *t, const char *key, const char *value, hinge_error *err) {
  const char **dst[4];
  size_t n;
  int slot, rc;
  if (t == NULL || key == NULL || value == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "set_meta: NULL argument");
  for (slot = 0; slot < 4 && strcmp(key, meta_keys[slot]) != 0; slot++) {}
  if (slot == 4)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "set_meta: unknown key '%.40s' (athlete, date, set or exercise)", key);
  n = strlen(value);
  trim(&value, &n);
  if ((rc = check_value(key, slot, value, n, err)) != HINGE_OK) return rc;
  dst[0] = &t->meta.athlete;
  dst[1] = &t->meta.date;
  dst[2] = &t->meta.set;
  dst[3] = &t->meta.exercise;
  if (hinge__table_setstr(t, &t->meta_store[slot], value, n) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  *dst[slot] = t->meta_store[slot];
  if (slot == 0) t->meta.athlete_from = "option";
  if (slot == 1) t->meta.date_from = "option";
  return HINGE_OK;
}

int hinge_warning_format(const hinge_warning *w, char *buf, size_t size) {
  int n = 0, k;
  char dummy[1];
  if (buf == NULL || size == 0) {
    buf = dummy;
    size = 1;
  }
  buf[0] = '\0';
  if (w == NULL) return 0;
  if (w->line > 0 && w->column > 0)
    n = snprintf(buf, size, "line %ld, column %ld: ", w->line, w->column);
  else if (w->line > 0)
    n = snprintf(buf, size, "line %ld: ", w->line);
  k = snprintf(buf + ((size_t)n < size ? (size_t)n : size - 1),
               (size_t)n < size ? size - (size_t)n : 1, "%s", w->message);
  n += k;
  if (w->count > 1) {
    k = snprintf(buf + ((size_t)n < size ? (size_t)n : size - 1),
                 (size_t)n < size ? size - (size_t)n : 1, " (%lu times)",
                 (unsigned long)w->count);
    n += k;
  }
  return n;
}
