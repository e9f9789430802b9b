/*
 * strlist.h -- a growable list of formatted strings (an analysis's
 * processing history and warnings, a conditioning run's history).
 * Not installed.
 */
#ifndef HINGE_STRLIST_H
#define HINGE_STRLIST_H

#include <stddef.h>

#include "base/internal.h"

typedef struct hinge__strlist {
  char **items;
  size_t count, cap;
} hinge__strlist;

/* Append the formatted string (cut at 511 bytes); HINGE_ENOMEM leaves the
 * list as it was. */
int hinge__strlist_add(hinge__strlist *l, const hinge_allocator *a, const char *fmt, ...)
    HINGE__PRINTF(3, 4);
/* Release the strings and the array; the list is empty and reusable. */
void hinge__strlist_free(hinge__strlist *l, const hinge_allocator *a);

#endif /* HINGE_STRLIST_H */
