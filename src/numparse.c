/*
 * numparse.c -- decimal numbers, fast and general (see numparse.h).
 *
 * The fast path is Clinger's (W. D. Clinger, "How to read floating point
 * numbers accurately", PLDI 1990): when the decimal mantissa w fits in 53
 * bits and 10^|q| is exactly representable (|q| <= 22), w * 10^q or
 * w / 10^-q is a single IEEE operation on exact operands, hence correctly
 * rounded -- the same double strtod returns.  Anything else goes to strtod.
 * That holds only when doubles are evaluated in double precision
 * (FLT_EVAL_METHOD == 0, true of SSE2 and every 64-bit target); elsewhere
 * the fast path declines everything.
 */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "numparse.h"

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#  define FAST_PATH_SAFE 1
#else
#  define FAST_PATH_SAFE 0
#endif

#define MAX_EXACT ((uint64_t)1 << 53)
#define MAX_DIGITS 19 /* any 19-digit number fits in uint64_t */

static const double pow10_exact[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }

typedef struct decimal {
  uint64_t w;  /* significant digits */
  int nd;      /* how many of them */
  long q;      /* decimal exponent: value = w * 10^q */
  int any;     /* at least one mantissa digit */
  int neg;
  char mark;
} decimal;

/* Digits into d->w; returns 0 when there are more than MAX_DIGITS
 * significant ones.  scale: 1 after the mark (each digit lowers q). */
static int digits(const char **pp, const char *end, decimal *d, int scale) {
  const char *p = *pp;
  if (d->w == 0 && scale) /* leading zeros of 0.000123 only move the point */
    for (; p < end && *p == '0'; p++, d->q--) d->any = 1;
  else
    for (; p < end && *p == '0' && d->w == 0; p++) d->any = 1;
  for (; p < end && is_digit(*p); p++) {
    if (d->nd == MAX_DIGITS) return 0;
    d->w = d->w * 10 + (uint64_t)(*p - '0');
    d->nd++;
    d->q -= scale;
    d->any = 1;
  }
  *pp = p;
  return 1;
}

/* [eE][+-]digits; saturates far beyond any double's range. */
static int exponent(const char **pp, const char *end, decimal *d) {
  const char *p = *pp + 1;
  long e = 0;
  int neg = 0, n = 0;
  if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
  for (; p < end && is_digit(*p); p++, n++)
    if (e < 100000) e = e * 10 + (*p - '0');
  if (n == 0) return 0;
  d->q += neg ? -e : e;
  *pp = p;
  return 1;
}

static int scan(const char *s, const char *end, int comma_ok, decimal *d, const char **stop) {
  const char *p = s;
  memset(d, 0, sizeof *d);
  if (p < end && (*p == '+' || *p == '-')) d->neg = *p++ == '-';
  if (!digits(&p, end, d, 0)) return 0;
  if (p < end && (*p == '.' || (comma_ok && *p == ','))) {
    d->mark = *p++;
    if (!digits(&p, end, d, 1)) return 0;
  }
  if (!d->any) return 0;
  if (p < end && (*p == 'e' || *p == 'E') && !exponent(&p, end, d)) return 0;
  *stop = p;
  return 1;
}

/* Clinger's fast path, extended to q > 22 when w * 10^(q-22) is still an
 * exact integer below 2^53. */
static int clinger(const decimal *d, double *out) {
  uint64_t w = d->w;
  long q = d->q;
  if (!FAST_PATH_SAFE || w > MAX_EXACT) return 0;
  if (q > 22 && q <= 22 + 15) {
    for (; q > 22; q--) {
      w *= 10;
      if (w > MAX_EXACT) return 0;
    }
  }
  if (q >= 0 && q <= 22) *out = (double)w * pow10_exact[q];
  else if (q < 0 && q >= -22) *out = (double)w / pow10_exact[-q];
  else return 0;
  return 1;
}

int hinge__num_fast(const char *s, const char *end, int comma_ok, double *out,
                    const char **stop, char *mark_seen) {
  decimal d;
  double v;
  if (!scan(s, end, comma_ok, &d, stop)) return 0;
  if (d.w == 0) v = 0.0;
  else if (!clinger(&d, &v)) return 0;
  *out = d.neg ? -v : v;
  *mark_seen = d.mark;
  return 1;
}

/* ---- the general path ---- */

static int lower(char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

static int word_is(const char *s, size_t len, const char *w) {
  size_t i;
  for (i = 0; i < len; i++)
    if (w[i] == '\0' || lower(s[i]) != w[i]) return 0;
  return w[len] == '\0';
}

static int missing_word(const char *s, size_t len) {
  if (len > 0 && (s[0] == '+' || s[0] == '-') && word_is(s + 1, len - 1, "nan")) return 1;
  return word_is(s, len, "nan") || word_is(s, len, "na") || word_is(s, len, "n/a") ||
         word_is(s, len, "null");
}

/* +1 / -1 for an infinity spelling, 0 otherwise. */
static int inf_word(const char *s, size_t len) {
  int sign = 1;
  if (len > 0 && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s++;
    len--;
  }
  return (word_is(s, len, "inf") || word_is(s, len, "infinity")) ? sign : 0;
}

/* The grammar of numparse.h, whole field; *mark gets the mark used. */
static int grammar_ok(const char *s, size_t len, int comma_ok, char *mark) {
  const char *p = s, *end = s + len;
  int nd = 0;
  *mark = 0;
  if (p < end && (*p == '+' || *p == '-')) p++;
  for (; p < end && is_digit(*p); p++) nd++;
  if (p < end && (*p == '.' || (comma_ok && *p == ','))) {
    *mark = *p++;
    for (; p < end && is_digit(*p); p++) nd++;
  }
  if (nd == 0) return 0;
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    if (p == end || !is_digit(*p)) return 0;
    while (p < end && is_digit(*p)) p++;
  }
  return p == end;
}

/* strtod on a NUL-terminated copy whose mark is the C library's current
 * decimal point, so a host program's setlocale cannot change the result. */
static int convert(const char *s, size_t len, char mark, double *out,
                   const hinge_allocator *alloc) {
  char small[257], *buf = small, *endp;
  const char *dp = localeconv()->decimal_point;
  if (len >= sizeof small && (buf = hinge__malloc(alloc, len + 1)) == NULL) return 0;
  memcpy(buf, s, len);
  buf[len] = '\0';
  if (mark) {
    char *m = memchr(buf, mark, len);
    if (m != NULL) *m = (dp && dp[0] && !dp[1]) ? dp[0] : '.';
  }
  *out = strtod(buf, &endp);
  if (buf != small) hinge__free(alloc, buf, len + 1);
  return 1;
}

int hinge__num_parse(const char *s, size_t len, int comma_ok, double *out, char *mark_seen,
                     const hinge_allocator *alloc) {
  int sign;
  *out = NAN;
  *mark_seen = 0;
  while (len > 0 && (*s == ' ' || *s == '\t')) s++, len--;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
  if (len == 0 || missing_word(s, len)) return HINGE__NUM_MISSING;
  if ((sign = inf_word(s, len)) != 0) {
    *out = sign * HUGE_VAL;
    return HINGE__NUM_RANGE;
  }
  if (!grammar_ok(s, len, comma_ok, mark_seen)) return HINGE__NUM_NOTNUM;
  if (!convert(s, len, *mark_seen, out, alloc)) {
    *out = NAN;
    return HINGE__NUM_NOTNUM;
  }
  return isinf(*out) ? HINGE__NUM_RANGE : HINGE__NUM_OK;
}
