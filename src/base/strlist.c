/*
 * strlist.c -- the growable list of formatted strings (see strlist.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strlist.h"

int hinge__strlist_add(hinge__strlist *l, const hinge_allocator *a, const char *fmt, ...) {
  va_list ap;
  char buf[512];
  char *s;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (l->count == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 8;
    char **g = hinge__realloc(a, l->items, l->cap * sizeof *g, nc * sizeof *g);
    if (g == NULL) return HINGE_ENOMEM;
    l->items = g;
    l->cap = nc;
  }
  s = hinge__strdup(a, buf);
  if (s == NULL) return HINGE_ENOMEM;
  l->items[l->count++] = s;
  return HINGE_OK;
}

void hinge__strlist_free(hinge__strlist *l, const hinge_allocator *a) {
  size_t i;
  for (i = 0; i < l->count; i++) hinge__strfree(a, l->items[i]);
  hinge__free(a, l->items, l->cap * sizeof *l->items);
  memset(l, 0, sizeof *l);
}
