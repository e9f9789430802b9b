/* Unit tests for numlemire.c (Eisel-Lemire) and its table numpow5.h:
 * bit-identical to strtod, which glibc rounds correctly, and the table
 * checked with big-number arithmetic of its own. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/numfast.h"
#include "parse/numparse.h"
#include "parse/numpow5.h"

static uint64_t bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t next(void) { /* xorshift64* */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717u;
}

/* A random mantissa of exactly nd digits (1..19). */
static uint64_t mantissa(int nd) {
  uint64_t lo = 1, w;
  int i;
  for (i = 1; i < nd; i++) lo *= 10;
  w = lo + next() % (9 * lo);
  return w;
}

/* Eisel-Lemire on (w, q) against strtod on "we q": 1 when it decided. */
static int check(uint64_t w, long q) {
  char s[64];
  double got, want;
  snprintf(s, sizeof s, "%" PRIu64 "e%ld", w, q);
  want = strtod(s, NULL);
  if (!hinge__eisel_lemire(w, q, &got)) return 0;
  cr_assert_eq(bits(got), bits(want), "%s: %.17g vs strtod %.17g", s, got, want);
  return 1;
}

/* ---- the table, with 32-bit limbs (least significant first) ---- */

#define LIMBS 12
typedef struct big {
  uint32_t d[LIMBS];
} big;

static big big_of(uint64_t hi, uint64_t lo) {
  big b;
  memset(&b, 0, sizeof b);
  b.d[0] = (uint32_t)lo;
  b.d[1] = (uint32_t)(lo >> 32);
  b.d[2] = (uint32_t)hi;
  b.d[3] = (uint32_t)(hi >> 32);
  return b;
}

static big big_mul(const big *a, const big *b) {
  big r;
  int i, j;
  memset(&r, 0, sizeof r);
  for (i = 0; i < LIMBS; i++) {
    uint64_t carry = 0;
    for (j = 0; i + j < LIMBS; j++) {
      uint64_t t = (uint64_t)a->d[i] * b->d[j] + r.d[i + j] + carry;
      r.d[i + j] = (uint32_t)t;
      carry = t >> 32;
    }
  }
  return r;
}

static big big_pow5(int n) {
  big r = big_of(0, 1), five = big_of(0, 5);
  while (n-- > 0) r = big_mul(&r, &five);
  return r;
}

static int big_bitlen(const big *a) {
  int i, b;
  for (i = LIMBS - 1; i >= 0; i--)
    for (b = 31; b >= 0; b--)
      if (a->d[i] >> b & 1) return 32 * i + b + 1;
  return 0;
}

static int big_cmp(const big *a, const big *b) {
  int i;
  for (i = LIMBS - 1; i >= 0; i--)
    if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

/* a - b for a >= b. */
static big big_sub(const big *a, const big *b) {
  big r;
  int64_t borrow = 0;
  int i;
  for (i = 0; i < LIMBS; i++) {
    int64_t t = (int64_t)a->d[i] - b->d[i] - borrow;
    borrow = t < 0;
    r.d[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
  }
  return r;
}

static big big_pow2(int k) {
  big r;
  memset(&r, 0, sizeof r);
  r.d[k / 32] = (uint32_t)1 << (k % 32);
  return r;
}

/* a shifted by s bits (left for s > 0). */
static big big_shift(const big *a, int s) {
  big r;
  int i;
  memset(&r, 0, sizeof r);
  for (i = 0; i < 32 * LIMBS; i++) {
    int j = i - s;
    if (j >= 0 && j < 32 * LIMBS && (a->d[j / 32] >> (j % 32) & 1)) r.d[i / 32] |= (uint32_t)1 << (i % 32);
  }
  return r;
}

Test(numlemire, powers_of_five_should_be_5q_truncated_to_128_bits) {
  int q;
  for (q = 0; q <= HINGE__POW5_MAX; q++) {
    big p = big_pow5(q), want, got = big_of(hinge__pow5[q - HINGE__POW5_MIN][0],
                                            hinge__pow5[q - HINGE__POW5_MIN][1]);
    want = big_shift(&p, 128 - big_bitlen(&p));
    cr_assert_eq(big_cmp(&got, &want), 0, "5^%d", q);
  }
}

/* T * 5^n is just above a power of two 2^k for the rounded-up
 * reciprocals (n <= 27: floor(2^k / 5^n) + 1 exactly when the excess is
 * at most 5^n) and just below one, by less than 5^n, for the truncated
 * ones (floor(2^k / 5^n) exactly). */
Test(numlemire, reciprocal_powers_should_be_within_one_unit_of_2k_over_5n) {
  int q;
  for (q = HINGE__POW5_MIN; q < 0; q++) {
    big t = big_of(hinge__pow5[q - HINGE__POW5_MIN][0], hinge__pow5[q - HINGE__POW5_MIN][1]);
    big p5 = big_pow5(-q), prod = big_mul(&t, &p5), k, diff;
    int len = big_bitlen(&prod);
    cr_assert_eq(big_bitlen(&t), 128, "5^%d is not normalised", q);
    if (q >= -27) {
      k = big_pow2(len - 1);
      cr_assert_gt(big_cmp(&prod, &k), 0, "5^%d should be rounded up", q);
      diff = big_sub(&prod, &k);
      cr_assert_leq(big_cmp(&diff, &p5), 0, "5^%d is off by more than one unit", q);
    } else {
      k = big_pow2(len);
      cr_assert_lt(big_cmp(&prod, &k), 0, "5^%d should be truncated", q);
      diff = big_sub(&k, &prod);
      cr_assert_lt(big_cmp(&diff, &p5), 0, "5^%d is off by more than one unit", q);
    }
  }
}

/* ---- the algorithm against strtod ---- */

Test(numlemire, random_mantissas_of_1_to_19_digits_should_match_strtod_over_the_range) {
  long q, decided = 0, total = 0;
  int nd, k;
  for (q = HINGE__POW5_MIN; q <= HINGE__POW5_MAX; q++)
    for (nd = 1; nd <= 19; nd++)
      for (k = 0; k < 400; k++) {
        decided += check(mantissa(nd), q);
        total++;
      }
  cr_expect(decided >= total - total / 10000, "declined %ld of %ld", total - decided, total);
}

Test(numlemire, edge_mantissas_should_match_strtod_at_every_exponent) {
  static const uint64_t w[] = {1, 2, 5, 9, 10, 99, 4503599627370496u, 9007199254740991u,
                               9007199254740992u, 9007199254740993u, 9007199254740995u,
                               18014398509481983u, 18014398509481985u, 9999999999999999999u,
                               10000000000000000000u, UINT64_MAX, UINT64_MAX - 1,
                               (uint64_t)1 << 63, ((uint64_t)1 << 63) - 1, 123456789012345678u};
  long q;
  size_t i;
  for (q = HINGE__POW5_MIN; q <= HINGE__POW5_MAX; q++)
    for (i = 0; i < sizeof w / sizeof *w; i++) check(w[i], q);
}

Test(numlemire, exponents_outside_the_table_should_be_declined) {
  double v;
  cr_expect_eq(hinge__eisel_lemire(1, HINGE__POW5_MIN - 1, &v), 0);
  cr_expect_eq(hinge__eisel_lemire(1, HINGE__POW5_MAX + 1, &v), 0);
  cr_expect_eq(hinge__eisel_lemire(0, 0, &v), 0);
}

/* Exactly halfway between two doubles x = M * 2^e (M of 53 bits): the
 * midpoint (2M + 1) * 2^(e-1).  As w * 10^q with w < 2^64 that needs
 * -4 <= q: w = (2M + 1) * 5^k for 2^-k, or an integer for e >= 1.  Round
 * to even: down when M is even, up when odd; one unit more or less in w
 * decides the other way. */
static void halfway(uint64_t m2, long q) { /* m2 = (2M + 1) scaled into w */
  check(m2, q);
  check(m2 - 1, q);
  check(m2 + 1, q);
}

Test(numlemire, halfway_cases_should_round_to_even_and_near_ones_to_nearest) {
  int i, k, j;
  for (i = 0; i < 20000; i++) {
    uint64_t M = ((uint64_t)1 << 52) | (next() >> 12), odd = 2 * M + 1, p5 = 1;
    for (k = 1; k <= 4; k++) { /* the midpoint at 2^-k: w = odd * 5^k, q = -k */
      p5 *= 5;
      halfway(odd * p5, -k);
    }
    for (j = 0; j <= 9; j++) /* at 2^j: an integer below 10^19 */
      halfway(odd << j, 0);
  }
}

Test(numlemire, halfway_integers_with_positive_exponents_should_round_to_even) {
  /* (2M + 1) = 5^q * m, midpoint 5^q * m * 2^j = m * 2^(j - q) * 10^q */
  int q, i;
  for (q = 1; q <= 23; q++) {
    uint64_t p5 = 1, lo, hi, m;
    int s;
    for (i = 0; i < q; i++) p5 *= 5;
    lo = (((uint64_t)1 << 53) + p5 - 1) / p5; /* 2M + 1 in [2^53, 2^54) */
    hi = (((uint64_t)1 << 54) - 1) / p5;
    for (i = 0; i < 200 && lo <= hi; i++) {
      m = lo + next() % (hi - lo + 1);
      m |= 1;
      if (m > hi) continue;
      for (s = 0; s <= 3; s++) /* w = m * 2^s, the midpoint at 2^(q + s) */
        if (m << s < 10000000000000000000u) halfway(m << s, q);
    }
  }
}

/* ---- through the string fast path ---- */

Test(numlemire, long_decimals_should_take_the_fast_path_and_match_strtod) {
  char s[80];
  int i, fast = 0, total = 0;
  for (i = 0; i < 200000; i++) {
    int nd = 16 + (int)(next() % 4), point = 1 + (int)(next() % (uint64_t)nd), e;
    uint64_t w = mantissa(nd);
    char digits[24], *p = s;
    const char *stop;
    double got, want;
    char mark;
    snprintf(digits, sizeof digits, "%" PRIu64, w);
    if (next() % 2) *p++ = '-';
    memcpy(p, digits, (size_t)point);
    p += point;
    *p++ = '.';
    p += sprintf(p, "%s", digits + point);
    e = (int)(next() % 81) - 40;
    if (e != 0) p += sprintf(p, "e%d", e);
    want = strtod(s, NULL);
    total++;
    if (!hinge__num_fast(s, p, 0, &got, &stop, &mark)) continue;
    fast++;
    cr_assert_eq(stop, p, "'%s': stopped early", s);
    cr_assert_eq(bits(got), bits(want), "'%s': %.17g vs strtod %.17g", s, got, want);
  }
  cr_expect(fast >= total - total / 1000, "fast path took only %d of %d", fast, total);
}

Test(numlemire, printed_doubles_should_come_back_exactly_through_the_fast_path) {
  char s[40];
  int i, fast = 0;
  for (i = 0; i < 200000; i++) {
    double x = ldexp((double)(next() >> 11) / 9007199254740992.0 + 0.5, (int)(next() % 200) - 100);
    const char *stop;
    double got;
    char mark;
    snprintf(s, sizeof s, "%.17g", x);
    if (!hinge__num_fast(s, s + strlen(s), 0, &got, &stop, &mark)) continue;
    fast++;
    cr_assert_eq(bits(got), bits(x), "'%s'", s);
  }
  cr_expect(fast > 199000, "fast path took only %d", fast);
}
