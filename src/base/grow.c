/*
 * grow.c -- the one growth rule for arrays (HINGE__GROW in internal.h):
 * double, start at `first`, never less than asked, never overflow.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

/* pptr is the address of the caller's pointer, of whatever pointer type:
 * it is read and written with memcpy, so no pointer is accessed through
 * an lvalue of another type. */
int hinge__grow(const hinge_allocator *a, void *pptr, size_t *cap, size_t need,
                size_t elem, size_t first) {
  size_t n;
  void *old, *p;
  if (need <= *cap) return HINGE_OK;
  if (elem == 0) elem = 1;
  n = *cap ? (*cap > SIZE_MAX / 2 ? SIZE_MAX : *cap * 2) : (first ? first : 1);
  if (n < need) n = need;
  if (n > SIZE_MAX / elem) return HINGE_ENOMEM;
  memcpy(&old, pptr, sizeof old);
  p = hinge__realloc(a, old, *cap * elem, n * elem);
  if (p == NULL) return HINGE_ENOMEM;
  memcpy(pptr, &p, sizeof p);
  *cap = n;
  return HINGE_OK;
}
