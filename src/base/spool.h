/*
 * spool.h -- a string pool (spool.c).  Not installed.
 */
#ifndef HINGE_SPOOL_H
#define HINGE_SPOOL_H

#include <stddef.h>

#include "hinge/common.h"

/* A string pool: copies live until hinge__spool_free, in chunks, so the
 * many short strings of a log cost one allocation per chunk. */
typedef struct hinge__spool_chunk hinge__spool_chunk;
typedef struct hinge__spool {
  const hinge_allocator *alloc;
  hinge__spool_chunk *head;
} hinge__spool;

/* A NUL-terminated copy of s[0..n-1]; NULL when out of memory. */
const char *hinge__spool_dup(hinge__spool *p, const char *s, size_t n);
void hinge__spool_free(hinge__spool *p);

#endif
