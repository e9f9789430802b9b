/*
 * internal.h -- helpers shared by the core's translation units.
 * Not installed; symbols here are hinge__ (double underscore).
 */
#ifndef HINGE_INTERNAL_H
#define HINGE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "hinge/common.h"

#if defined(__GNUC__)
#  define HINGE__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define HINGE__PRINTF(f, a)
#endif

/* Allocation through an optional hinge_allocator (NULL = libc). */
void *hinge__realloc(const hinge_allocator *a, void *ptr, size_t osize, size_t nsize);
void *hinge__malloc(const hinge_allocator *a, size_t size);
void *hinge__calloc(const hinge_allocator *a, size_t n, size_t size);
void hinge__free(const hinge_allocator *a, void *ptr, size_t size);
char *hinge__strdup(const hinge_allocator *a, const char *s);
/* ASCII case-insensitive equality, whatever the locale (column names,
 * format names, words of the vocabulary). */
int hinge__ascii_ieq(const char *a, const char *b);
void hinge__strfree(const hinge_allocator *a, char *s);

/* Fill err (when not NULL) and return code, so a failing path reads
 * `return hinge__fail(err, HINGE_EPARSE, path, line, col, "...", ...);`.
 * file may be NULL. */
int hinge__fail(hinge_error *err, int code, const char *file, long line,
                long column, const char *fmt, ...) HINGE__PRINTF(6, 7);
int hinge__vfail(hinge_error *err, int code, const char *file, long line,
                 long column, const char *fmt, va_list ap);

/* Selection on x[0..n-1] (no NaN, n > 0): reorders x so x[k] is the k-th
 * smallest and everything left of k is <= it; returns x[k]. */
double hinge__select(double *x, size_t n, size_t k);
/* Median of x[0..n-1] (no NaN), reordering x; NaN when n == 0. */
double hinge__median_valid(double *x, size_t n);

/* Growth of arrays (grow.c).  Room for need elements of *ptr: capacity
 * doubled (first when 0), at least need, through the allocator hook and
 * checked for overflow.  HINGE_OK, or HINGE_ENOMEM with ptr and cap
 * untouched.  ptr must be an lvalue of pointer type; sizeof *(ptr) makes
 * the element size follow the pointer's type. */
int hinge__grow(const hinge_allocator *a, void *pptr, size_t *cap, size_t need,
                size_t elem, size_t first);
#define HINGE__GROW_FROM(a, ptr, cap, need, first)  /* need, cap: read twice */ \
  ((need) <= (cap) ? HINGE_OK                                                       \
                   : hinge__grow((a), (void *)&(ptr), &(cap), (need), sizeof *(ptr), (first)))
#define HINGE__GROW(a, ptr, cap, need) HINGE__GROW_FROM(a, ptr, cap, need, 16)

#endif /* HINGE_INTERNAL_H */
