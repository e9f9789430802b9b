/* bench_floor.c -- the bare single-threaded parse of a numeric CSV: the
 * floor a loader is measured against (tests/bench/bench_scale.sh).
 *
 *   bench_floor FILE [RUNS [strtod]]  ->  "best_wall best_cpu rows columns"
 *
 * Each run: read the file in chunks of 1 MiB (read(2)), skip the header
 * line, cut each line at the commas, convert each field to a double into
 * its column's array -- nothing else: no header parsing, no quoting, no
 * missing cells, no checks beyond the end of a number.  The conversion is
 * the exact fast path a decimal parser takes for short numbers (digits
 * into an integer, then one division by an exact power of ten: correctly
 * rounded while the digits fit 2^53 and the exponent 10^22), or glibc's
 * strtod with "strtod".  The columns get the memory hint the library's
 * default allocator gives a big block (transparent huge pages, Linux;
 * src/base/common.c), so the floor stays a floor.  Best wall and CPU
 * times of RUNS. */
#define _DEFAULT_SOURCE /* madvise */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif
#include <time.h>
#include <unistd.h>

#define MAX_COLS 64

/* The 2 MiB-aligned part of a big block marked MADV_HUGEPAGE. */
static void *huge(void *p, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  uintptr_t a = ((uintptr_t)p + ((uintptr_t)2 << 20) - 1) & ~(((uintptr_t)2 << 20) - 1);
  uintptr_t b = ((uintptr_t)p + size) & ~(((uintptr_t)2 << 20) - 1);
  if (p != NULL && size >= ((size_t)4 << 20) && b > a) (void)madvise((void *)a, (size_t)(b - a), MADV_HUGEPAGE);
#else
  (void)size;
#endif
  return p;
}

static double now(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

/* A decimal at p (sign, digits, '.', digits); *end after it. */
static double fast_number(const char *p, const char **end) {
  unsigned long long m = 0;
  int neg = 0, frac = 0, digits = 0;
  if (*p == '-' || *p == '+') neg = *p++ == '-';
  for (; (unsigned)(*p - '0') < 10; p++, digits++) m = m * 10 + (unsigned)(*p - '0');
  if (*p == '.')
    for (p++; (unsigned)(*p - '0') < 10; p++, digits++, frac++) m = m * 10 + (unsigned)(*p - '0');
  *end = p;
  if (digits > 19 || frac > 22 || m > (1ULL << 53)) return strtod(p, NULL); /* not reached here */
  return neg ? -((double)m / pow10[frac]) : (double)m / pow10[frac];
}

#define CHUNK (1 << 20)

typedef struct floor_run {
  double *col[MAX_COLS];
  size_t ncols, n, cap;
  int use_strtod;
} floor_run;

/* The whole lines in [p, e): converted into the columns; returns where
 * the unfinished last line starts. */
static const char *parse_lines(floor_run *f, const char *p, const char *e) {
  size_t c;
  for (;;) {
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    if (nl == NULL) return p;
    if (f->n == f->cap) {
      f->cap *= 2;
      for (c = 0; c < f->ncols; c++) f->col[c] = huge(realloc(f->col[c], f->cap * sizeof(double)), f->cap * sizeof(double));
    }
    for (c = 0; c < f->ncols; c++) {
      if (f->use_strtod) {
        char *q;
        f->col[c][f->n] = strtod(p, &q);
        p = q;
      } else {
        f->col[c][f->n] = fast_number(p, &p);
      }
      if (*p == ',') p++;
    }
    f->n++;
    p = nl + 1;
  }
}

/* One run: read in chunks of CHUNK bytes, header skipped, the columns
 * sized from the file's size and the first line's length (grown if
 * short). */
static int run_once(const char *path, floor_run *f) {
  int fd = open(path, O_RDONLY);
  struct stat st;
  char *buf = malloc(CHUNK + 1);
  size_t have = 0, c;
  int header = 1;
  ssize_t got;
  if (fd < 0 || buf == NULL || fstat(fd, &st) != 0) return -1;
  f->n = 0;
  while ((got = read(fd, buf + have, CHUNK - have)) > 0) {
    const char *p = buf, *e = buf + have + (size_t)got, *rest;
    buf[have + (size_t)got] = '\0';
    if (header) {
      const char *nl = memchr(p, '\n', (size_t)(e - p)), *nl2;
      if (nl == NULL) break;
      for (f->ncols = 1; p < nl; p++) f->ncols += *p == ',';
      if (f->ncols > MAX_COLS) f->ncols = MAX_COLS;
      p = nl + 1;
      nl2 = memchr(p, '\n', (size_t)(e - p));
      f->cap = (size_t)st.st_size / (nl2 != NULL ? (size_t)(nl2 - p) + 1 : 16) + 1024;
      for (c = 0; c < f->ncols; c++) f->col[c] = huge(malloc(f->cap * sizeof(double)), f->cap * sizeof(double));
      header = 0;
    }
    rest = parse_lines(f, p, e);
    have = (size_t)(e - rest);
    memmove(buf, rest, have);
  }
  close(fd);
  free(buf);
  return header ? -1 : 0;
}

int main(int argc, char **argv) {
  int runs = argc > 2 ? atoi(argv[2]) : 3, use_strtod = argc > 3 && strcmp(argv[3], "strtod") == 0;
  double best_w = 1e300, best_c = 1e300, sink = 0;
  size_t rows = 0, cols = 0, k;
  if (argc < 2) {
    fprintf(stderr, "usage: bench_floor FILE [RUNS [strtod]]\n");
    return 2;
  }
  for (k = 0; k < (size_t)runs; k++) {
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    floor_run f;
    size_t c;
    memset(&f, 0, sizeof f);
    f.use_strtod = use_strtod;
    if (run_once(argv[1], &f) != 0) {
      fprintf(stderr, "bench_floor: cannot read %s\n", argv[1]);
      return 1;
    }
    for (c = 0; c < f.ncols; c++) {
      sink += f.col[c][f.n / 2];
      free(f.col[c]);
    }
    w0 = now(CLOCK_MONOTONIC) - w0;
    c0 = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (w0 < best_w) best_w = w0;
    if (c0 < best_c) best_c = c0;
    rows = f.n;
    cols = f.ncols;
  }
  printf("%.4f %.4f %lu %lu\n", best_w, best_c, (unsigned long)rows, (unsigned long)cols);
  return sink == 12345.678; /* keep the conversions */
}
