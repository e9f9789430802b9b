/*
 * fuzz_common.h -- helpers shared by the libFuzzer harnesses (tests only).
 *
 * FUZZ_CHECK(cond) is the harnesses' oracle: a property that must hold
 * whatever the input (a bit-exact agreement, a status in the documented
 * set...).  It prints what failed and traps, so libFuzzer saves the input.
 */
#ifndef HINGE_FUZZ_COMMON_H
#define HINGE_FUZZ_COMMON_H

#define _GNU_SOURCE
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include "hinge/hinge.h"

#define FUZZ_CHECK(cond)                                                        \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
      __builtin_trap();                                                         \
    }                                                                           \
  } while (0)

/* Known bugs, each listed in tests/fuzz/crashes-found/README.md with its
 * reproducer: by default a harness steps around them, narrowly, so that a
 * run keeps looking for new ones and `make test` stays green until the fix
 * lands; configure with -DHINGE_FUZZ_STRICT=ON to trap on them as well
 * (to check a fix, then delete the step-around). */
#ifdef HINGE_FUZZ_STRICT
#  define FUZZ_KNOWN_BUG(cond) (0 && (cond))
#else
#  define FUZZ_KNOWN_BUG(cond) (cond)
#endif

/* The same double, bit for bit (so NaN equals a NaN of the same payload
 * and 0.0 differs from -0.0). */
static inline int fuzz_same_double(double a, double b) {
  return memcmp(&a, &b, sizeof a) == 0;
}
/* Equal, or both NaN (whatever the payload). */
static inline int fuzz_same_value(double a, double b) {
  return (isnan(a) && isnan(b)) || fuzz_same_double(a, b);
}
static inline int fuzz_same_str(const char *a, const char *b) {
  if (a == NULL || b == NULL) return a == b;
  return strcmp(a, b) == 0;
}

/* A cursor over the fuzz input: options are taken from the front. */
typedef struct fuzz_in {
  const uint8_t *p;
  size_t n;
} fuzz_in;

static inline unsigned fuzz_byte(fuzz_in *in) {
  unsigned b;
  if (in->n == 0) return 0;
  b = in->p[0];
  in->p++;
  in->n--;
  return b;
}

static inline uint64_t fuzz_u64(fuzz_in *in, size_t bytes) {
  uint64_t v = 0;
  size_t i;
  for (i = 0; i < bytes; i++) v |= (uint64_t)fuzz_byte(in) << (8 * i);
  return v;
}

static inline double fuzz_double(fuzz_in *in) {
  uint64_t bits = fuzz_u64(in, 8);
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

/*
 * A checking allocator for the hinge_allocator hook.  Each block carries
 * its size in a header, so the hook's contract is checked on every call:
 * osize is the block's size when ptr is not NULL and 0 when it is.  It
 * counts live bytes (back to 0 once every handle is destroyed) and can
 * fail one allocation: the fail_at-th request that grows memory (1-based;
 * 0 = never), to drive the error paths from fuzzed inputs.
 */
typedef struct fuzz_alloc_state {
  size_t live;      /* bytes allocated and not freed */
  size_t requests;  /* allocations and growing reallocations so far */
  size_t fail_at;   /* the request to refuse; 0 = none */
  int failed;       /* it was refused */
} fuzz_alloc_state;

#define FUZZ_ALLOC_HDR 16u

static inline void *fuzz_alloc_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
  fuzz_alloc_state *st = ud;
  unsigned char *h = ptr ? (unsigned char *)ptr - FUZZ_ALLOC_HDR : NULL;
  size_t have = 0;
  if (h != NULL) {
    memcpy(&have, h, sizeof have);
    if (have != osize) {
      fprintf(stderr, "allocator hook: osize %zu for a block of %zu bytes\n", osize, have);
      FUZZ_CHECK(have == osize);
    }
  } else if (osize != 0) {
    fprintf(stderr, "allocator hook: osize %zu with a NULL ptr\n", osize);
    FUZZ_CHECK(osize == 0);
  }
  if (nsize == 0) {
    st->live -= have;
    free(h);
    return NULL;
  }
  if (nsize > have) {
    st->requests++;
    if (st->fail_at != 0 && st->requests == st->fail_at) {
      /* FUZZ_ALLOC_TRACE=1 in the environment: where the refused request
       * came from (to investigate a reproducer). */
      if (getenv("FUZZ_ALLOC_TRACE") != NULL) {
        fprintf(stderr, "allocator hook: refusing request %zu (%zu bytes)\n", st->requests, nsize);
        __sanitizer_print_stack_trace();
      }
      st->failed = 1;
      return NULL;
    }
  }
  h = realloc(h, FUZZ_ALLOC_HDR + nsize);
  if (h == NULL) return NULL;
  memcpy(h, &nsize, sizeof nsize);
  st->live = st->live - have + nsize;
  return h + FUZZ_ALLOC_HDR;
}

/* Reset st to fail the fail_at-th request (0: none) and make a hook on it. */
static inline hinge_allocator fuzz_alloc_start(fuzz_alloc_state *st, size_t fail_at) {
  hinge_allocator a;
  memset(st, 0, sizeof *st);
  st->fail_at = fail_at;
  a.fn = fuzz_alloc_fn;
  a.ud = st;
  return a;
}

/* A status after an injected failure: out of memory, or a success (the
 * failed request was one the code could do without). */
#define FUZZ_CHECK_OOM_STATUS(st, rc) \
  FUZZ_CHECK(!(st)->failed || (rc) == HINGE_OK || (rc) == HINGE_ENOMEM)

/* A file of its own for path-only APIs: an anonymous memory file reached
 * as /proc/self/fd/N (reopened at offset 0 by every fopen).  Create once
 * in the harness and rewrite per input. */
typedef struct fuzz_file {
  int fd;
  char path[64];
} fuzz_file;

static inline void fuzz_file_init(fuzz_file *f, const char *name) {
  f->fd = memfd_create(name, 0);
  if (f->fd < 0) {
    /* No memfd: a real temporary file, unlinked at once. */
    char tmpl[] = "/tmp/hinge-fuzz-XXXXXX";
    f->fd = mkstemp(tmpl);
    if (f->fd < 0) {
      perror("fuzz: temporary file");
      abort();
    }
    unlink(tmpl);
  }
  snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
}

static inline void fuzz_file_write(fuzz_file *f, const void *data, size_t n) {
  const char *p = data;
  if (ftruncate(f->fd, 0) != 0) abort();
  while (n > 0) {
    ssize_t w = pwrite(f->fd, p, n, (off_t)(p - (const char *)data));
    if (w <= 0) abort();
    p += w;
    n -= (size_t)w;
  }
}

/* Split [p, p+n) at the first occurrence of sep: *a (returned length)
 * before it; *rest / *restn after it (NULL / 0 when sep is absent). */
static inline size_t fuzz_split(const uint8_t *p, size_t n, const char *sep,
                                const uint8_t **rest, size_t *restn) {
  size_t k = strlen(sep);
  const uint8_t *hit = k ? memmem(p, n, sep, k) : NULL;
  if (hit == NULL) {
    *rest = NULL;
    *restn = 0;
    return n;
  }
  *rest = hit + k;
  *restn = n - (size_t)(hit - p) - k;
  return (size_t)(hit - p);
}

#endif
