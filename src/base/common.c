/*
 * common.c -- version, status strings, error detail and allocation.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#  define _DEFAULT_SOURCE /* madvise */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

#include "internal.h"

const char *hinge_version(void) { return HINGE_VERSION; }

int hinge_version_number(void) { return HINGE_VERSION_NUMBER; }

const char *hinge_strerror(int code) {
  switch (code) {
#define HINGE__XX(name, value, desc) \
  case HINGE_##name:                 \
    return desc;
    HINGE_STATUS_MAP(HINGE__XX)
#undef HINGE__XX
  default:
    return "unknown status";
  }
}

const char *hinge_err_name(int code) {
  switch (code) {
#define HINGE__XX(name, value, desc) \
  case HINGE_##name:                 \
    return #name;
    HINGE_STATUS_MAP(HINGE__XX)
#undef HINGE__XX
  default:
    return "UNKNOWN";
  }
}

void hinge_error_clear(hinge_error *err) {
  if (err == NULL) return;
  err->code = HINGE_OK;
  err->line = 0;
  err->column = 0;
  err->file[0] = '\0';
  err->message[0] = '\0';
}

int hinge_error_format(const hinge_error *err, char *buf, size_t size) {
  char pos[HINGE_ERROR_FILE_MAX + 48];
  const char *msg;
  if (err == NULL) return snprintf(buf, size, "%s", "no error");
  msg = err->message[0] ? err->message : hinge_strerror(err->code);
  pos[0] = '\0';
  if (err->file[0] && err->line > 0 && err->column > 0)
    snprintf(pos, sizeof pos, "%s:%ld:%ld: ", err->file, err->line, err->column);
  else if (err->file[0] && err->line > 0)
    snprintf(pos, sizeof pos, "%s:%ld: ", err->file, err->line);
  else if (err->file[0])
    snprintf(pos, sizeof pos, "%s: ", err->file);
  return snprintf(buf, size, "%s%s", pos, msg);
}

int hinge__vfail(hinge_error *err, int code, const char *file, long line,
                 long column, const char *fmt, va_list ap) {
  if (err == NULL) return code;
  err->code = code;
  err->line = line;
  err->column = column;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  return code;
}

int hinge__fail(hinge_error *err, int code, const char *file, long line,
                long column, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  hinge__vfail(err, code, file, line, column, fmt, ap);
  va_end(ap);
  return code;
}

/* A request for 0 bytes gets a 1-byte block (a NULL would read as out of
 * memory).  So a live block never has size 0, and a caller that names its
 * block's size as 0 (an empty array, freed as count * size) means that
 * 1-byte block: the hook must hear the size it allocated, or an
 * accounting allocator (a sandbox's memory cap) drifts. */
static size_t block_size(size_t size) {
  return size ? size : 1;
}

/* Transparent huge pages for the big blocks of the default allocator
 * (Linux, where the system leaves them to madvise): the 2 MiB-aligned
 * part of a block of HUGE_MIN bytes or more is marked MADV_HUGEPAGE.  A
 * 2,000,000-row session's columns (16 MiB each) then take 8 page faults
 * each instead of 4,096, and far fewer TLB misses: loading it went from
 * 0.147 s to 0.055 s on the benchmark machine (a VM, where every 4 KiB
 * fault and TLB miss is dear).  A hint only: contents never change, and
 * a refusal (no THP, a kernel without it) changes nothing.  Memory: at
 * most one partly used 2 MiB page more per block.  A caller's allocator
 * (hinge_allocator) is never second-guessed. */
#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HUGE_MIN ((size_t)4 << 20)

static void *hint_huge(void *p, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (p != NULL && size >= HUGE_MIN) {
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t b = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);
    if (b > a) (void)madvise((void *)a, (size_t)(b - a), MADV_HUGEPAGE);
  }
#else
  (void)size;
#endif
  return p;
}

void *hinge__realloc(const hinge_allocator *a, void *ptr, size_t osize, size_t nsize) {
  if (ptr != NULL) osize = block_size(osize);
  if (a != NULL && a->fn != NULL) return a->fn(a->ud, ptr, osize, nsize);
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return hint_huge(realloc(ptr, nsize), nsize);
}

void *hinge__malloc(const hinge_allocator *a, size_t size) {
  return hinge__realloc(a, NULL, 0, block_size(size));
}

void *hinge__calloc(const hinge_allocator *a, size_t n, size_t size) {
  void *p;
  if (size != 0 && n > (size_t)-1 / size) return NULL;
  p = hinge__malloc(a, n * size);
  if (p != NULL) memset(p, 0, n * size);
  return p;
}

void hinge__free(const hinge_allocator *a, void *ptr, size_t size) {
  if (ptr != NULL) hinge__realloc(a, ptr, size, 0);
}

char *hinge__strdup(const hinge_allocator *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *d = hinge__malloc(a, n);
  if (d != NULL) memcpy(d, s, n);
  return d;
}

void hinge__strfree(const hinge_allocator *a, char *s) {
  if (s != NULL) hinge__free(a, s, strlen(s) + 1);
}

int hinge__ascii_ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    int x = (unsigned char)*a, y = (unsigned char)*b;
    if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
    if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
    if (x != y) return 0;
  }
  return *a == *b;
}
