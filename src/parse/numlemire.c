/*
 * numlemire.c -- w * 10^q correctly rounded without a division
 * (Eisel-Lemire), for what the inline fast path (numfast.h) cannot give to
 * one exact IEEE operation: a mantissa above 2^53 (16 to 19 digits, as
 * "%.17g" writes) or |q| > 22.  Out of line on purpose: the short decimals
 * of a sensor export never come here, and keeping this code out of the
 * loader's inner loop measured faster than inlining it (docs/algorithms.md).
 *
 * D. Lemire, "Number Parsing at a Gigabyte per Second", Software: Practice
 * and Experience 51(8), 2021 (the idea is M. Eisel's).  10^q = 5^q * 2^q,
 * and 2^q only moves the binary exponent; the 64-bit mantissa w, shifted
 * so that its top bit is set, times the 128-bit truncated 5^q of
 * numpow5.h gives the leading bits of w * 5^q.  Only 55 of them are kept
 * (53 of mantissa, a rounding bit, and one that the product may or may not
 * need); when the 9 bits below them are all ones, a carry from the
 * truncated part could reach them, and the product is widened with the
 * low half of the table entry.  If even the widened product ends in all
 * ones outside -27 <= q <= 55 (where the table is exact enough), the
 * paper declines, and so does this code.  A value exactly halfway
 * between two doubles is possible only for -4 <= q <= 23, and is rounded
 * to even there.
 *
 * The table covers -64 <= q <= 64 (numpow5.h): 10^19 * 10^64 and 10^-64
 * are far inside the normal doubles, so no result here is subnormal or
 * infinite, and that handling of the paper is not needed.
 */
#include <float.h>
#include <stdint.h>
#include <string.h>

#include "numfast.h"
#include "numpow5.h"

#if DBL_MANT_DIG == 53 && DBL_MAX_EXP == 1024 && FLT_RADIX == 2
#  define IEEE_BINARY64 1
#else
#  define IEEE_BINARY64 0
#endif

/* The high 64 bits of a * b, the low ones in *lo. */
static uint64_t mul128(uint64_t a, uint64_t b, uint64_t *lo) {
#if defined(__SIZEOF_INT128__)
  __extension__ typedef unsigned __int128 u128;
  u128 p = (u128)a * b;
  *lo = (uint64_t)p;
  return (uint64_t)(p >> 64);
#else
  uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32, bl = b & 0xFFFFFFFFu, bh = b >> 32;
  uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
  *lo = (mid << 32) | (ll & 0xFFFFFFFFu);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

static int leading_zeros(uint64_t x) { /* x != 0 */
#if defined(__GNUC__)
  return __builtin_clzll(x);
#else
  int n = 0;
  for (; !(x >> 63); x <<= 1) n++;
  return n;
#endif
}

/* floor(q * log2(10)) + 63, for |q| < 350: 217706 / 2^16 is log2(10) to
 * enough bits (the paper's constant).  q is offset by 2^15 first so that
 * only a non-negative number is shifted (217706 * 2^15 / 2^16 = 108853). */
static int binary_exponent(long q) {
  return (int)(((uint64_t)217706 * (uint64_t)(q + 32768)) >> 16) - 108853 + 63;
}

/* The product of the normalised w and the table's 5^q: high 64 bits, the
 * next 64 in *lo (exact when widened, else the first product's). */
static uint64_t product(uint64_t w, const uint64_t t[2], uint64_t *lo) {
  uint64_t hi = mul128(w, t[0], lo);
  if ((hi & 0x1FF) == 0x1FF) {
    uint64_t lo2, hi2 = mul128(w, t[1], &lo2);
    *lo += hi2;
    hi += *lo < hi2;
  }
  return hi;
}

int hinge__eisel_lemire(uint64_t w, long q, double *v) {
  uint64_t hi, lo, m, bits;
  int lz, upper, shift, e2;
  if (!IEEE_BINARY64 || w == 0 || q < HINGE__POW5_MIN || q > HINGE__POW5_MAX) return 0;
  lz = leading_zeros(w);
  hi = product(w << lz, hinge__pow5[q - HINGE__POW5_MIN], &lo);
  if (lo == UINT64_MAX && (q < -27 || q > 55)) return 0;
  upper = (int)(hi >> 63); /* the product's top bit is 63 or 62 */
  shift = upper + 64 - 52 - 3;
  m = hi >> shift;         /* 54 bits: the mantissa and a rounding bit */
  e2 = binary_exponent(q) + upper - lz + 1023;
  if (lo <= 1 && q >= -4 && q <= 23 && (m & 3) == 1 && (m << shift) == hi)
    m &= ~(uint64_t)1;     /* exactly halfway, even below: do not round up */
  m = (m + (m & 1)) >> 1;
  if (m >> 53) {           /* rounding carried into a 54th bit */
    m >>= 1;
    e2++;
  }
  bits = ((uint64_t)e2 << 52) | (m & (((uint64_t)1 << 52) - 1));
  memcpy(v, &bits, sizeof bits);
  return 1;
}
