/*
 * fuzz_numparse -- the number parser against strtod (src/numparse.h,
 * src/numfast.h, src/numlemire.c).
 *
 * Input: a flags byte (bit 0: a decimal comma is allowed), then text.
 * Properties, each a __builtin_trap when broken:
 *   1. hinge__num_fast (and its sentinel twin hinge__numfast_at, which
 *      reads without end checks up to a line feed) either declines or
 *      takes exactly the longest prefix in the grammar of numparse.h, with
 *      the mark it used, and returns the very double strtod gives for that
 *      prefix; both twins agree.
 *   2. hinge__num_parse on the whole text returns the kind, the value (bit
 *      for bit) and the mark of a reference written here from the header's
 *      contract: blanks trimmed, the missing and infinity spellings, the
 *      grammar, then strtod.  Long fields go through a counting allocator
 *      that must end balanced.
 *   3. The first 10 bytes after the flags as w (64 bits) and q (16 bits,
 *      folded into -400..400): whenever Eisel-Lemire, Clinger's fast path
 *      or hinge__numfast_value gives w * 10^q, it is strtod's double.
 */
#include "fuzz_common.h"

#include <inttypes.h>

#include "parse/numfast.h"
#include "parse/numparse.h"

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* The longest prefix of [s, s+n) in the grammar
 *   [+-] (digits [mark digits] | mark digits) [(e|E) [+-] digits]
 * (digits after the mark may be empty when digits precede it), or 0.
 * *mark gets the mark in it. */
static size_t ref_prefix(const char *s, size_t n, int comma_ok, char *mark) {
  size_t i = 0, nd = 0, e;
  *mark = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  for (; i < n && is_digit(s[i]); i++) nd++;
  if (i < n && (s[i] == '.' || (comma_ok && s[i] == ','))) {
    size_t at = i++;
    for (; i < n && is_digit(s[i]); i++) nd++;
    if (nd == 0) return 0;
    *mark = s[at];
  }
  if (nd == 0) return 0;
  e = i;
  if (e < n && (s[e] == 'e' || s[e] == 'E')) {
    e++;
    if (e < n && (s[e] == '+' || s[e] == '-')) e++;
    if (e < n && is_digit(s[e])) {
      while (e < n && is_digit(s[e])) e++;
      i = e;
    }
  }
  return i;
}

/* strtod of [s, s+n) with the mark read as '.'; *all: it took every byte. */
static double ref_strtod(const char *s, size_t n, char mark, int *all) {
  char small[512], *buf = n < sizeof small ? small : malloc(n + 1), *endp;
  double v;
  memcpy(buf, s, n);
  buf[n] = '\0';
  if (mark) {
    char *m = memchr(buf, mark, n);
    if (m) *m = '.';
  }
  v = strtod(buf, &endp);
  *all = endp == buf + n;
  if (buf != small) free(buf);
  return v;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int word(const char *s, size_t n, const char *w) {
  size_t i;
  if (strlen(w) != n) return 0;
  for (i = 0; i < n; i++)
    if (lower((unsigned char)s[i]) != w[i]) return 0;
  return 1;
}

static void check_fast(const char *s, size_t n, int comma_ok) {
  double v = 0, v2 = 0;
  const char *stop = NULL;
  char mark = 0, mark2 = 0, refmark;
  int r = hinge__num_fast(s, s + n, comma_ok, &v, &stop, &mark);
  /* The sentinel twin over a copy ending in a line feed, cut at the first
   * line feed of the text (the loader's tight loop has one per line). */
  const char *lf = memchr(s, '\n', n);
  size_t m = lf ? (size_t)(lf - s) : n;
  char *copy = malloc(m + 1);
  const char *stop2;
  memcpy(copy, s, m);
  copy[m] = '\n';
  stop2 = hinge__numfast_at(copy, copy + m, 1, comma_ok, &v2, &mark2);
  /* No number holds a line feed, so what follows one cannot matter: the
   * twins agree on every text. */
  FUZZ_CHECK((stop2 != NULL) == (r != 0));
  if (r) {
    size_t took = (size_t)(stop - s), want = ref_prefix(s, n, comma_ok, &refmark);
    int all;
    double ref;
    FUZZ_CHECK(took > 0 && took <= m);
    FUZZ_CHECK(took == want);
    FUZZ_CHECK(mark == refmark);
    ref = ref_strtod(s, took, mark, &all);
    FUZZ_CHECK(all);
    if (!fuzz_same_double(v, ref)) {
      fprintf(stderr, "num_fast '%.*s' -> %.17g (%a), strtod %.17g (%a)\n", (int)took, s, v, v,
              ref, ref);
      FUZZ_CHECK(fuzz_same_double(v, ref));
    }
    FUZZ_CHECK((size_t)(stop2 - copy) == took);
    FUZZ_CHECK(fuzz_same_double(v2, v));
    FUZZ_CHECK(mark2 == mark);
  }
  free(copy);
}

/* A counting allocator: every block freed by the end of the call. */
static size_t live_bytes;
static void *count_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  if (ptr) live_bytes -= osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  ptr = realloc(ptr, nsize);
  if (ptr) live_bytes += nsize;
  return ptr;
}

static void check_parse(const char *s, size_t n, int comma_ok) {
  static const hinge_allocator counting = {count_alloc, NULL};
  double v, ref = NAN;
  char mark = 'x', refmark = 0;
  int kind = hinge__num_parse(s, n, comma_ok, &v, &mark, &counting), refkind, sign = 1;
  const char *t = s;
  size_t k = n;
  FUZZ_CHECK(live_bytes == 0);
  while (k > 0 && (*t == ' ' || *t == '\t')) t++, k--;
  while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t')) k--;
  if (k == 0 || word(t, k, "nan") || word(t, k, "na") || word(t, k, "n/a") ||
      word(t, k, "null") ||
      (k > 1 && (t[0] == '+' || t[0] == '-') && word(t + 1, k - 1, "nan"))) {
    refkind = HINGE__NUM_MISSING;
  } else {
    const char *u = t;
    size_t uk = k;
    if (uk > 0 && (u[0] == '+' || u[0] == '-')) {
      sign = u[0] == '-' ? -1 : 1;
      u++, uk--;
    }
    if (word(u, uk, "inf") || word(u, uk, "infinity")) {
      refkind = HINGE__NUM_RANGE;
      ref = sign * HUGE_VAL;
    } else if (ref_prefix(t, k, comma_ok, &refmark) == k) {
      int all;
      ref = ref_strtod(t, k, refmark, &all);
      FUZZ_CHECK(all);
      refkind = isinf(ref) ? HINGE__NUM_RANGE : HINGE__NUM_OK;
    } else {
      refkind = HINGE__NUM_NOTNUM;
      refmark = mark; /* the mark of a rejected field is not specified */
    }
  }
  if (kind != refkind || !fuzz_same_value(v, ref) ||
      (refkind == HINGE__NUM_OK && !fuzz_same_double(v, ref))) {
    fprintf(stderr, "num_parse '%.*s': kind %d value %a, expected kind %d value %a\n", (int)n,
            s, kind, v, refkind, ref);
    FUZZ_CHECK(kind == refkind && fuzz_same_value(v, ref));
  }
  if (refkind == HINGE__NUM_OK) FUZZ_CHECK(mark == refmark);
}

static void check_binary(const uint8_t *p, size_t n) {
  fuzz_in in = {p, n};
  uint64_t w = fuzz_u64(&in, 8);
  long q = (long)(int16_t)fuzz_u64(&in, 2) % 401;
  char text[64];
  double ref, v;
  snprintf(text, sizeof text, "%" PRIu64 "e%ld", w, q);
  ref = strtod(text, NULL);
  if (w != 0 && hinge__eisel_lemire(w, q, &v)) {
    if (!fuzz_same_double(v, ref)) fprintf(stderr, "eisel_lemire %s -> %a, strtod %a\n", text, v, ref);
    FUZZ_CHECK(fuzz_same_double(v, ref));
  }
  if (hinge__clinger(w, q, &v)) {
    if (!fuzz_same_double(v, ref)) fprintf(stderr, "clinger %s -> %a, strtod %a\n", text, v, ref);
    FUZZ_CHECK(fuzz_same_double(v, ref));
  }
  if (hinge__numfast_value(w, q, &v)) {
    if (!fuzz_same_double(v, ref)) fprintf(stderr, "numfast_value %s -> %a, strtod %a\n", text, v, ref);
    FUZZ_CHECK(fuzz_same_double(v, ref));
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int comma_ok;
  const char *s;
  size_t n;
  if (size < 1) return 0;
  comma_ok = data[0] & 1;
  s = (const char *)data + 1;
  n = size - 1;
  check_fast(s, n, comma_ok);
  check_parse(s, n, comma_ok);
  check_binary(data + 1, n);
  return 0;
}
