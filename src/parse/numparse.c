/*
 * numparse.c -- decimal numbers, fast and general (see numparse.h).  The
 * fast path itself is inline in numfast.h; anything it declines goes to
 * strtod here.
 */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "numfast.h"
#include "numparse.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int hinge__num_fast(const char *s, const char *end, int comma_ok, double *out,
                    const char **stop, char *mark_seen) {
  const char *p = hinge__numfast(s, end, comma_ok, out, mark_seen);
  if (p == NULL) return 0;
  *stop = p;
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
    return HINGE__NUM_NOMEM; /* the grammar held: the field is a number */
  }
  return isinf(*out) ? HINGE__NUM_RANGE : HINGE__NUM_OK;
}
