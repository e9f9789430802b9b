/* Unit tests for numparse.c: both paths bit-identical to strtod. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/numparse.h"

static uint64_t bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

/* strtod on a copy with ',' turned into '.': the reference. */
static double ref(const char *s) {
  char buf[2048], *c;
  snprintf(buf, sizeof buf, "%s", s);
  if ((c = strchr(buf, ',')) != NULL) *c = '.';
  return strtod(buf, NULL);
}

/* Check both paths on s; returns 1 when the fast path took it. */
static int check(const char *s, int comma_ok) {
  double want = ref(s), got;
  const char *stop;
  char mark;
  int fast;
  int kind = hinge__num_parse(s, strlen(s), comma_ok, &got, &mark, NULL);
  cr_assert(kind == HINGE__NUM_OK || kind == HINGE__NUM_RANGE, "'%s': kind %d", s, kind);
  cr_assert_eq(bits(got), bits(want), "general path on '%s': %.17g vs strtod %.17g", s, got, want);
  fast = hinge__num_fast(s, s + strlen(s), comma_ok, &got, &stop, &mark);
  if (fast) {
    cr_assert_eq(stop, s + strlen(s), "'%s': fast path stopped early", s);
    cr_assert_eq(bits(got), bits(want), "fast path on '%s': %.17g vs strtod %.17g", s, got, want);
  }
  return fast;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void) { /* xorshift64* */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717u;
}

/* A random decimal: up to ndig digits, a mark somewhere, maybe an exponent. */
static void random_decimal(char *out, int maxdig, int maxexp, char mark) {
  int nd = 1 + (int)(next() % (uint64_t)maxdig), point = (int)(next() % (uint64_t)(nd + 1)), i;
  char *p = out;
  if (next() % 3 == 0) *p++ = '-';
  for (i = 0; i < nd; i++) {
    if (i == point && i > 0) *p++ = mark;
    *p++ = (char)('0' + next() % 10);
  }
  if (next() % 2 && maxexp > 0)
    p += sprintf(p, "e%d", (int)(next() % (uint64_t)(2 * maxexp + 1)) - maxexp);
  *p = '\0';
}

Test(numparse, random_short_decimals_should_match_strtod_and_mostly_take_the_fast_path) {
  char s[128];
  int i, fast = 0;
  for (i = 0; i < 200000; i++) {
    random_decimal(s, 12, 0, '.');
    fast += check(s, 0);
  }
  cr_expect(fast > 190000, "fast path took only %d of 200000", fast);
}

Test(numparse, random_long_mantissas_and_wide_exponents_should_match_strtod) {
  char s[128];
  int i;
  for (i = 0; i < 200000; i++) {
    random_decimal(s, 40, 340, '.');
    check(s, 0);
  }
}

Test(numparse, random_decimal_comma_values_should_match_strtod) {
  char s[128];
  int i;
  for (i = 0; i < 50000; i++) {
    random_decimal(s, 17, 30, ',');
    check(s, 1);
  }
}

Test(numparse, random_doubles_printed_round_trip_should_come_back_exactly) {
  char s[64];
  int i;
  for (i = 0; i < 100000; i++) {
    uint64_t u = next();
    double x, y;
    char mark;
    memcpy(&x, &u, sizeof x);
    if (!isfinite(x)) continue;
    snprintf(s, sizeof s, (i % 2) ? "%.17g" : "%.6e", x);
    check(s, 0);
    if (i % 2) {
      cr_assert_eq(hinge__num_parse(s, strlen(s), 0, &y, &mark, NULL), HINGE__NUM_OK);
      cr_assert_eq(bits(y), bits(x), "%s", s);
    }
  }
}

Test(numparse, adversarial_cases_should_match_strtod) {
  static const char *const cases[] = {
    "0", "-0", "+0", "-0.0", "0e999", "-0e-999", "0.000", ".5", "5.", "-.5e1",
    "9007199254740992", "9007199254740993", "9007199254740995", "-9007199254740993",
    "18446744073709551615", "18446744073709551616", "99999999999999999999",
    "1e22", "1e23", "9007199254740992e22", "9007199254740993e22", "1e37", "4e37",
    "123456789012345678e-5", "0.1", "0.2", "0.3", "1.1", "3.14159265358979323846",
    "1e-22", "1e-23", "12345e-22", "7e-27",
    /* 15 digits without exponent (the shortest branch) and one more */
    "999999999999999", "99999999999999.9", ".999999999999999", "0.00000000000001",
    "123456789012345", "1234567890123456", "-0.00000000000000", "100000000000000",
    /* halfway and near-halfway cases */
    "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124",
    "1.00000000000000011102230246251565404236316680908203126",
    "9007199254740993.0000000000000000000001",
    "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "1e-400", "-1e-400", "4.9e-324", "5e-324", "1.7976931348623157e308",
    "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309", "-1e309",
    "1e99999", "1e-99999", "1e000000000000000000000000000000000000022",
    "000000000000000000000000000001.5", "0.000000000000000000000000000001",
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
    "2.4e-320", "123456789e-330", "1.5e-323",
    "00", "-", "+", "e5", "1e", "1e+", "1.2.3", "1,5", "0x10", "1 ", " 1", NULL
  };
  int i;
  for (i = 0; cases[i] != NULL; i++) {
    const char *s = cases[i];
    double got, want;
    char mark;
    int kind = hinge__num_parse(s, strlen(s), 0, &got, &mark, NULL);
    char *end;
    want = strtod(s, &end);
    if (*end != '\0' || end == s || strchr(s, 'x') || strchr(s, ',')) {
      /* not a whole number by strtod (or hex, which hinge refuses);
       * " 1" and "1 " are numbers to hinge: fields are trimmed */
      if (strcmp(s, " 1") == 0 || strcmp(s, "1 ") == 0) {
        cr_expect_eq(kind, HINGE__NUM_OK, "'%s'", s);
        cr_expect_eq(got, 1.0);
      } else {
        cr_expect_eq(kind, HINGE__NUM_NOTNUM, "'%s' should not be a number (kind %d)", s, kind);
      }
      continue;
    }
    check(s, 0);
    cr_expect_eq(kind, isinf(want) ? HINGE__NUM_RANGE : HINGE__NUM_OK, "'%s'", s);
  }
}

Test(numparse, negative_zero_should_keep_its_sign_on_both_paths) {
  double v;
  const char *stop, *s = "-0.000";
  char mark;
  cr_assert(hinge__num_fast(s, s + 6, 0, &v, &stop, &mark));
  cr_expect(v == 0.0 && signbit(v));
  cr_assert_eq(hinge__num_parse(s, 6, 0, &v, &mark, NULL), HINGE__NUM_OK);
  cr_expect(v == 0.0 && signbit(v));
}

Test(numparse, missing_spellings_should_be_missing_and_infinities_out_of_range) {
  static const char *const missing[] = {"", "  ", "nan", "NaN", "-nan", "+NAN", "NA", "n/a",
                                        "N/A", "null", "NULL", " nan ", NULL};
  static const char *const inf[] = {"inf", "-inf", "+INF", "Infinity", "-infinity", "1e999",
                                    "-1e400", NULL};
  static const char *const bad[] = {"abc", "1.5kg", "nan(1)", "--1", "1e5.5", "12,5",
                                    "infinite", "0x1p3", "1\0002", NULL};
  double v;
  char mark;
  int i;
  for (i = 0; missing[i]; i++) {
    cr_expect_eq(hinge__num_parse(missing[i], strlen(missing[i]), 0, &v, &mark, NULL),
                 HINGE__NUM_MISSING, "'%s'", missing[i]);
    cr_expect(isnan(v));
  }
  for (i = 0; inf[i]; i++) {
    cr_expect_eq(hinge__num_parse(inf[i], strlen(inf[i]), 0, &v, &mark, NULL),
                 HINGE__NUM_RANGE, "'%s'", inf[i]);
    cr_expect(isinf(v) && (signbit(v) != 0) == (strchr(inf[i], '-') != NULL), "'%s'", inf[i]);
  }
  for (i = 0; bad[i]; i++)
    cr_expect_eq(hinge__num_parse(bad[i], strlen(bad[i]) + (i == 8 ? 2 : 0), 0, &v, &mark, NULL),
                 HINGE__NUM_NOTNUM, "'%s'", bad[i]);
}

Test(numparse, the_decimal_comma_should_be_accepted_only_when_allowed) {
  double v;
  char mark;
  cr_expect_eq(hinge__num_parse("12,5", 4, 1, &v, &mark, NULL), HINGE__NUM_OK);
  cr_expect_eq(v, 12.5);
  cr_expect_eq(mark, ',');
  cr_expect_eq(hinge__num_parse("12.5", 4, 1, &v, &mark, NULL), HINGE__NUM_OK);
  cr_expect_eq(mark, '.');
  cr_expect_eq(hinge__num_parse("12,5", 4, 0, &v, &mark, NULL), HINGE__NUM_NOTNUM);
  cr_expect_eq(hinge__num_parse("1,2,3", 5, 1, &v, &mark, NULL), HINGE__NUM_NOTNUM);
}

Test(numparse, the_fast_path_should_stop_at_the_first_byte_after_the_number) {
  const char *s = "12.5;7", *stop;
  double v;
  char mark;
  cr_assert(hinge__num_fast(s, s + 6, 0, &v, &stop, &mark));
  cr_expect_eq(stop, s + 4);
  cr_expect_eq(v, 12.5);
  cr_expect_eq(hinge__num_fast("abc", s + 3, 0, &v, &stop, &mark), 0);
}

/* ---- allocation failure on a long field ---- */

/* A hook that refuses blocks of exactly `refuse` bytes. */
typedef struct refusing { size_t refuse, live; } refusing;

static void *refusing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  refusing *r = ud;
  if (nsize == 0) {
    r->live -= osize;
    free(ptr);
    return NULL;
  }
  if (nsize == r->refuse) return NULL;
  r->live += nsize - (ptr ? osize : 0);
  return realloc(ptr, nsize);
}

Test(numparse, a_long_number_whose_copy_cannot_be_allocated_should_be_out_of_memory) {
  char s[301];
  refusing r = {sizeof s, 0};
  hinge_allocator a = {refusing_alloc, &r};
  double v;
  char mark;
  memset(s, '1', 300); /* longer than the 256-byte stack buffer */
  s[150] = '.';
  s[300] = '\0';
  cr_expect_eq(hinge__num_parse(s, 300, 0, &v, &mark, &a), HINGE__NUM_NOMEM);
  cr_expect(isnan(v));
  r.refuse = 0;
  cr_expect_eq(hinge__num_parse(s, 300, 0, &v, &mark, &a), HINGE__NUM_OK);
  cr_expect_eq(bits(v), bits(ref(s)));
  cr_expect_eq(r.live, 0);
  s[0] = 'x'; /* not a number: judged before any copy is made */
  r.refuse = sizeof s;
  cr_expect_eq(hinge__num_parse(s, 300, 0, &v, &mark, &a), HINGE__NUM_NOTNUM);
}
