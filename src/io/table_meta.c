/*
 * table_meta.c -- setting a loaded table's metadata from outside the file
 * (hinge_table_set_meta): what a file name or the file itself cannot give,
 * such as `hinge analyze --athlete NAME --date YYYY-MM-DD --set N`.
 */
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
