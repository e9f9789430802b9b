/*
 * table_tight.c -- the session loader's tight loop: whole lines of plain
 * numbers parsed straight into the columns (table.c decides when it runs
 * and handles every line it declines), and its optional parallel form.
 *
 * Parallel form (hinge_load_options.threads > 1): a run of whole lines is
 * cut into parts at line feeds; the line feeds of each part are counted
 * (in parallel), which gives every part its first row; then the parts are
 * parsed at once, each into its own rows of the same columns.  The parts
 * are taken in order up to the first one that declines a line, exactly as
 * the sequential loop would have stopped there; rows written by later
 * parts are left to be rewritten.  So the result does not depend on the
 * number of threads or on their timing.  No state is shared between the
 * threads but the disjoint rows they write; pthread_join publishes them.
 */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L
#  define _DEFAULT_SOURCE /* madvise */
#endif
#include <string.h>

#include "parse/numfast.h"
#include "table_internal.h"

#if defined(__unix__) || defined(__APPLE__)
#  include <pthread.h>
#  define HAVE_THREADS 1
#else
#  define HAVE_THREADS 0
#endif
#include <stdint.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

/* ---- column memory ---- */

#if defined(__linux__) && !defined(MADV_POPULATE_WRITE)
#  define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels say EINVAL */
#endif
#define PAGE_BYTES ((uintptr_t)4096)
#define PREFAULT_ROWS ((size_t)32768) /* a block: 256 KiB of a column */

static size_t count_lf(const char *s, size_t n);

/* Make every column's rows [from, to) present (page-aligned outwards). */
static void populate(const hinge__tight *tt, size_t from, size_t to) {
#if defined(__linux__)
  size_t ci;
  for (ci = 0; ci < tt->ncols; ci++) {
    uintptr_t a = (uintptr_t)(tt->dst[ci] + from) & ~(PAGE_BYTES - 1);
    uintptr_t b = ((uintptr_t)(tt->dst[ci] + to) + PAGE_BYTES - 1) & ~(PAGE_BYTES - 1);
    (void)madvise((void *)a, (size_t)(b - a), MADV_POPULATE_WRITE);
  }
#else
  (void)tt;
  (void)from;
  (void)to;
#endif
}

/* Before the lines of [p, lim] are written from row on: the columns'
 * pages made present a block of PREFAULT_ROWS rows at a time, in one call
 * per column (Linux, MADV_POPULATE_WRITE), instead of a page fault per
 * 4 KiB as the loop writes them.  Loading a 2,000,000-row file writes
 * 64 MiB of columns; the page faults, not the parsing, were most of the
 * load time (0.19 s of 0.24 s on the benchmark machine), and the calls
 * cost about half of that.  A block is made present when the run that
 * first enters it starts (the run's line feeds counted, about 10 GB/s),
 * so each once, and none past the block of the last row: peak memory
 * grows by less than a block per column (256 KiB).  Only for columns of
 * at least two blocks; a hint: contents and results unchanged, nothing
 * elsewhere or when the kernel refuses. */
void hinge__tight_prefault(const hinge__tight *tt, const char *p, const char *lim, size_t row,
                           size_t cap) {
  size_t to, k;
  if (cap < 2 * PREFAULT_ROWS || p > lim) return;
  to = row + count_lf(p, (size_t)(lim - p) + 1);
  if (to > cap) to = cap;
  for (k = (row + PREFAULT_ROWS - 1) / PREFAULT_ROWS * PREFAULT_ROWS; k < to; k += PREFAULT_ROWS)
    populate(tt, k, k + PREFAULT_ROWS < cap ? k + PREFAULT_ROWS : cap);
}

/* One row of plain numbers at p, every scan stopping at the line feed at
 * or before lim: stored at row r of dst.  Returns the start of the next
 * line, or NULL to decline (the loader hands the line to its line path,
 * which rewrites the row's slots). */
static HINGE__ALWAYS_INLINE const char *tight_row(double *const *dst, size_t ncols, char delim,
                                                  int comma_ok, const char *p, const char *lim,
                                                  size_t r, unsigned *seen) {
  size_t ci;
  for (ci = 0;; ci++) {
    double v;
    char mark;
    if ((p = hinge__numfast_at(p, lim, 1, comma_ok, &v, &mark)) == NULL) return NULL;
    /* The marks matter only where ',' may be one (schema.decimal and the
     * mixed-marks warning): not tracked in ',' files. */
    if (comma_ok) *seen |= mark == '.' ? HINGE__SEEN_DOT : mark == ',' ? HINGE__SEEN_COMMA : 0;
    dst[ci][r] = v;
    if (ci + 1 == ncols) break;
    if (*p++ != delim) return NULL;
  }
  if (*p == '\n') return p + 1;
  return *p == '\r' && p[1] == '\n' ? p + 2 : NULL; /* p < lim: p[1] is there */
}

/* Rows from [p, lim] into rows r.. , at most max; returns how many, and
 * the end of the last one in *stop.  Inlined twice, so that the decimal
 * comma's test is compiled out of ',' files.  The job's fields are read
 * into locals once: GCC reloads them after every store otherwise. */
static HINGE__ALWAYS_INLINE size_t tight_block(const hinge__tight *tt, int comma_ok, const char *p,
                                               const char *lim, size_t r, size_t max,
                                               const char **stop, unsigned *seen) {
  double *const *dst = tt->dst;
  const size_t ncols = tt->ncols;
  const char delim = tt->delim;
  size_t n = 0;
  const char *next;
  for (; n < max && p <= lim; n++, p = next) {
    unsigned row_seen = 0;
    next = tight_row(dst, ncols, delim, comma_ok, p, lim, r + n, &row_seen);
    if (next == NULL) break;
    *seen |= row_seen; /* only rows that are kept count */
  }
  *stop = p;
  return n;
}

static size_t block_point(const hinge__tight *tt, const char *p, const char *lim, size_t r,
                          size_t max, const char **stop, unsigned *seen) {
  return tight_block(tt, 0, p, lim, r, max, stop, seen);
}

static size_t block_comma(const hinge__tight *tt, const char *p, const char *lim, size_t r,
                          size_t max, const char **stop, unsigned *seen) {
  return tight_block(tt, 1, p, lim, r, max, stop, seen);
}

size_t hinge__tight_block(const hinge__tight *tt, const char *p, const char *lim, size_t r,
                          size_t max, const char **stop, unsigned *seen) {
  return (tt->comma_ok ? block_comma : block_point)(tt, p, lim, r, max, stop, seen);
}

/* ---- the parallel form ---- */

/* Line feeds in [s, s + n): byte counters in blocks of 255 so that the
 * compiler vectorises the inner loop (about 10 GB/s, a twentieth of what
 * parsing the same bytes costs). */
static size_t count_lf(const char *s, size_t n) {
  size_t total = 0, i = 0;
  while (i < n) {
    size_t m = n - i < 255 * 16 ? n - i : 255 * 16, j, k;
    unsigned char acc[16] = {0};
    for (j = 0; j + 16 <= m; j += 16)
      for (k = 0; k < 16; k++) acc[k] = (unsigned char)(acc[k] + (s[i + j + k] == '\n'));
    for (; j < m; j++) total += s[i + j] == '\n';
    for (k = 0; k < 16; k++) total += acc[k];
    i += m;
  }
  return total;
}

/* Run fn on n parts: parts 1.. on threads of their own, part 0 on the
 * calling thread; a part whose thread cannot be made runs here too. */
static void run_parts(void *(*fn)(void *), hinge__tight_part *parts, size_t n) {
#if HAVE_THREADS
  pthread_t th[HINGE__MAX_THREADS];
  int made[HINGE__MAX_THREADS];
  size_t k;
  for (k = 1; k < n; k++) made[k] = pthread_create(&th[k], NULL, fn, &parts[k]) == 0;
  fn(&parts[0]);
  for (k = 1; k < n; k++) {
    if (made[k]) pthread_join(th[k], NULL);
    else fn(&parts[k]);
  }
#else
  size_t k;
  for (k = 0; k < n; k++) fn(&parts[k]);
#endif
}

static void *count_part(void *arg) {
  hinge__tight_part *pt = arg;
  pt->lines = count_lf(pt->p, (size_t)(pt->lim - pt->p) + 1);
  return NULL;
}

static void *parse_part(void *arg) {
  hinge__tight_part *pt = arg;
  pt->seen = 0;
  if (pt->prefault) populate(pt->tt, pt->row, pt->row + pt->lines); /* its own rows, at once */
  pt->rows = hinge__tight_block(pt->tt, pt->p, pt->lim, pt->row, pt->lines, &pt->stop, &pt->seen);
  return NULL;
}

size_t hinge__tight_split(const char *p, const char *lim, unsigned threads,
                          hinge__tight_part *parts) {
  const char *base = p;
  size_t n = 0, k, share;
  if (threads > HINGE__MAX_THREADS) threads = HINGE__MAX_THREADS;
  if (threads < 1) threads = 1;
  share = ((size_t)(lim - p) + 1) / threads;
  for (k = 0; k < threads && p <= lim; k++) {
    /* each cut is at most lim (share * (k + 1) < the length), so memchr
     * always finds a line feed: lim is one */
    const char *cut = k + 1 == threads ? lim : base + share * (k + 1);
    if (cut < p) cut = p;
    memset(&parts[n], 0, sizeof parts[n]);
    parts[n].p = p;
    parts[n].lim = memchr(cut, '\n', (size_t)(lim - cut) + 1);
    p = parts[n].lim + 1;
    n++;
  }
  run_parts(count_part, parts, n);
  return n;
}

size_t hinge__tight_parallel(const hinge__tight *tt, hinge__tight_part *parts, size_t n,
                             size_t row, const char **stop, unsigned *seen) {
  size_t k, rows = 0;
  for (k = 0; k < n; k++) {
    parts[k].tt = tt;
    parts[k].prefault = parts[k].lines >= PREFAULT_ROWS / 4; /* 64 KiB a column or more */
    parts[k].row = row;
    row += parts[k].lines;
  }
  run_parts(parse_part, parts, n);
  *stop = parts[0].p;
  for (k = 0; k < n; k++) { /* in order, up to the first part that stopped early */
    rows += parts[k].rows;
    *seen |= parts[k].seen;
    *stop = parts[k].stop;
    if (parts[k].rows < parts[k].lines) break;
  }
  return rows;
}
