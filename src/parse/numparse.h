/*
 * numparse.h -- decimal numbers in CSV fields (internal).
 *
 * Two paths that must agree bit for bit (tests/unit/test_numparse.c and
 * the loader's differential test prove it):
 *
 *   hinge__num_fast   the loader's fast path for a plain decimal: sign,
 *                     digits, one decimal mark, exponent.  Exact
 *                     (Clinger's fast path: a mantissa of at most 2^53
 *                     times or divided by an exactly representable power
 *                     of ten is one correctly rounded IEEE operation) or
 *                     it declines, and the caller takes the general path.
 *   hinge__num_parse  the general path for a whole field: trims spaces,
 *                     knows the spellings of a missing value and of
 *                     infinity, checks the grammar, then calls strtod.
 *
 * Grammar of a number: [+-] (digits [mark digits] | mark digits)
 * [(e|E) [+-] digits], where mark is '.' -- or ',' as well when comma_ok
 * (';' and tab files may use a decimal comma).  No hex, no thousands
 * separators, no spaces inside.
 */
#ifndef HINGE_NUMPARSE_H
#define HINGE_NUMPARSE_H

#include <stddef.h>

#include "hinge/common.h"

enum {
  HINGE__NUM_OK = 0,   /* a finite number */
  HINGE__NUM_MISSING,  /* empty, nan, na, n/a, null (any case): NaN */
  HINGE__NUM_NOTNUM,   /* not a number */
  HINGE__NUM_RANGE,    /* inf, infinity, or a number that overflows: +-inf */
  HINGE__NUM_NOMEM     /* a number, but its copy for strtod could not be allocated */
};

/* Parse a plain decimal starting at s (not past end).  Returns 1 with the
 * correctly rounded value in *out and the first byte after it in *stop;
 * 0 when it cannot decide cheaply (not a plain decimal, too many digits,
 * exponent out of the exact range).  *mark_seen gets the decimal mark
 * used, or 0. */
int hinge__num_fast(const char *s, const char *end, int comma_ok, double *out,
                    const char **stop, char *mark_seen);

/* Parse the whole field [s, s+len).  Returns a HINGE__NUM_* kind with the
 * value in *out (NaN for MISSING, NOTNUM and NOMEM).  alloc is used only
 * for numbers longer than 256 bytes (a copy for strtod); such a number
 * gives HINGE__NUM_NOMEM if that copy cannot be made: the caller reports
 * running out of memory, not bad data. */
int hinge__num_parse(const char *s, size_t len, int comma_ok, double *out, char *mark_seen,
                     const hinge_allocator *alloc);

#endif
