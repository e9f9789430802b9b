/*
 * numfast.h -- the fast path for plain decimals, inline so the loader's
 * inner loop keeps everything in registers (internal; see numparse.h for
 * the contract, numparse.c for hinge__num_fast, its out-of-line twin).
 *
 * The digits become a 64-bit integer w and a decimal exponent q (at most
 * 19 significant digits, or the path declines); the value w * 10^q is
 * then rounded exactly once, by the first that applies:
 *   - w <= 2^53 and |q| <= 22: one IEEE multiplication or division of
 *     exact operands (Clinger's fast path, below) -- for 1 to 15 digits
 *     without an exponent, the common case, with no other test;
 *   - Eisel-Lemire (numlemire.c) for -64 <= q <= 64: integer
 *     multiplications against a table of 128-bit powers of five;
 *   - Clinger's extension to q > 22, then strtod (the caller's general
 *     path, numparse.c).
 * Each gives the double strtod returns (tests/unit/test_numparse.c,
 * test_numlemire.c).
 */
#ifndef HINGE_NUMFAST_H
#define HINGE_NUMFAST_H

#include <float.h>
#include <stddef.h>
#include <stdint.h>

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#  define HINGE__FAST_SAFE 1
#else
#  define HINGE__FAST_SAFE 0
#endif

#if defined(__GNUC__)
#  define HINGE__ALWAYS_INLINE inline __attribute__((always_inline))
#else
#  define HINGE__ALWAYS_INLINE inline
#endif

#define HINGE__MAX_EXACT ((uint64_t)1 << 53)
#define HINGE__MAX_DIGITS 19 /* any 19 digits fit in uint64_t */

static const double hinge__pow10[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* Significant digits between ds and end (leading zeros and the mark
 * skipped): only called past 19 digits, when w may have wrapped. */
static inline size_t hinge__numfast_sig(const char *ds, const char *end, size_t nd) {
  for (; ds < end && (*ds == '0' || *ds < '0' || *ds > '9'); ds++)
    if (*ds == '0') nd--;
  return nd;
}

/* [eE][+-]digits at p into *q (saturating far beyond any double);
 * the end of the exponent, or NULL when it has no digits. */
static inline const char *hinge__numfast_exp(const char *p, const char *end, int sentinel,
                                             long *q) {
  long e = 0;
  int neg = 0;
  const char *ds;
  p++;
  if ((sentinel || p < end) && (*p == '+' || *p == '-')) neg = *p++ == '-';
  for (ds = p; (sentinel || p < end) && (unsigned char)(*p - '0') < 10; p++)
    if (e < 100000) e = e * 10 + (*p - '0');
  if (p == ds) return NULL;
  *q += neg ? -e : e;
  return p;
}

/* w * 10^q correctly rounded into *v, for w != 0 (Eisel-Lemire, in
 * numlemire.c, where the algorithm is described): 1, or 0 to decline
 * (q outside the table, or the rare product it cannot decide). */
int hinge__eisel_lemire(uint64_t w, long q, double *v);

/* Clinger's fast path (W. D. Clinger, "How to read floating point numbers
 * accurately", PLDI 1990): when w fits in 53 bits and 10^|q| is exactly
 * representable (|q| <= 22), w * 10^q or w / 10^-q is a single IEEE
 * operation on exact operands, hence correctly rounded.  It holds only
 * when doubles are evaluated in double precision (FLT_EVAL_METHOD == 0:
 * SSE2, every 64-bit target); elsewhere it declines everything.  q > 22
 * works while w * 10^(q-22) stays an exact integer below 2^53. */
static inline int hinge__clinger(uint64_t w, long q, double *v) {
  if (!HINGE__FAST_SAFE || w > HINGE__MAX_EXACT) return 0;
  for (; q > 22 && q <= 22 + 15; q--)
    if ((w *= 10) > HINGE__MAX_EXACT) return 0;
  if (q >= 0 && q <= 22) *v = (double)w * hinge__pow10[q];
  else if (q < 0 && q >= -22) *v = (double)w / hinge__pow10[-q];
  else return 0;
  return 1;
}

/* w * 10^q rounded once, in the order of the header comment (a zero w
 * takes the first branch, or any exponent at all). */
static HINGE__ALWAYS_INLINE int hinge__numfast_value(uint64_t w, long q, double *v) {
  if (HINGE__FAST_SAFE && q >= -22 && q <= 22 && w <= HINGE__MAX_EXACT) {
    if (q >= 0) *v = (double)(int64_t)w * hinge__pow10[q];
    else *v = (double)(int64_t)w / hinge__pow10[-q];
    return 1;
  }
  if (w == 0) {
    *v = 0.0;
    return 1;
  }
  return hinge__eisel_lemire(w, q, v) || hinge__clinger(w, q, v);
}

/* The digits at p appended to *w (modulo 2^64, as 10 * w + d would);
 * the first byte after them, and in *next that byte minus '0' (unsigned;
 * 256 at end).  The callers test *next rather than the byte: x86 then
 * needs no copy of the byte per digit to keep it past the subtraction.
 * With sentinel, end is not checked (see hinge__numfast_at). */
static HINGE__ALWAYS_INLINE const char *hinge__numfast_digits(const char *p, const char *end,
                                                              int sentinel, uint64_t *w,
                                                              unsigned *next) {
  unsigned d = 256;
  while ((sentinel || p < end) && (d = (unsigned)(unsigned char)*p - '0') < 10) {
    *w = 10 * *w + d;
    p++;
  }
  *next = sentinel || p < end ? d : 256;
  return p;
}

#define HINGE__AFTER(c) ((unsigned)(c) - '0') /* a byte as *next holds it */

/* A plain decimal at p: [+-] digits [mark digits] [(e|E)[+-]digits],
 * mark '.' or also ',' when comma_ok.  Returns the first byte after it,
 * with the correctly rounded value in *out and the mark used (or 0) in
 * *mark; NULL to decline.  sentinel (a constant at every call): the caller
 * guarantees a byte before end that no number can contain (the loader's
 * tight loop: a line feed), so no scan compares with end: 7 instructions
 * per digit instead of 9. */
static HINGE__ALWAYS_INLINE const char *hinge__numfast_at(const char *p, const char *end,
                                                          int sentinel, int comma_ok,
                                                          double *out, char *mark) {
  const char *ds;
  uint64_t w = 0;
  long q = 0;
  size_t nd;
  unsigned next;
  int neg = 0, has_exp;
  double v;
  *mark = 0;
  if ((sentinel || p < end) && (*p == '-' || *p == '+')) neg = *p++ == '-';
  ds = p;
  p = hinge__numfast_digits(p, end, sentinel, &w, &next);
  nd = (size_t)(p - ds);
  if (next == HINGE__AFTER('.') || (comma_ok && next == HINGE__AFTER(','))) {
    const char *fs = ++p;
    *mark = (char)(next + '0');
    p = hinge__numfast_digits(p, end, sentinel, &w, &next);
    q = -(long)(p - fs);
    nd += (size_t)(p - fs);
  }
  has_exp = next == HINGE__AFTER('e') || next == HINGE__AFTER('E');
  if (HINGE__FAST_SAFE && !has_exp && nd - 1 < 15) {
    /* The common case, with no test Clinger's branch would repeat: 1 to
     * 15 digits and no exponent, so w < 10^15 < 2^53 and -15 <= q <= 0. */
    v = (double)(int64_t)w / hinge__pow10[-q];
  } else {
    if (nd == 0 || (nd > HINGE__MAX_DIGITS && hinge__numfast_sig(ds, p, nd) > HINGE__MAX_DIGITS))
      return NULL;
    if (has_exp && (p = hinge__numfast_exp(p, end, sentinel, &q)) == NULL) return NULL;
    if (!hinge__numfast_value(w, q, &v)) return NULL;
  }
  *out = neg ? -v : v;
  return p;
}

/* The same, checking end everywhere. */
static HINGE__ALWAYS_INLINE const char *hinge__numfast(const char *p, const char *end, int comma_ok,
                                                      double *out, char *mark) {
  return hinge__numfast_at(p, end, 0, comma_ok, out, mark);
}

#endif
