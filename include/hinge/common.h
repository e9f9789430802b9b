/*
 * hinge/common.h -- version, status codes, error detail and allocator hook.
 *
 * Every other hinge header includes this one.  Nothing here allocates or
 * keeps global state: the library is reentrant and thread-compatible
 * (distinct handles may be used from distinct threads).
 */
#ifndef HINGE_COMMON_H
#define HINGE_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Export macro: shared builds export only HINGE_EXPORT symbols. */
#if defined(_WIN32) && defined(HINGE_SHARED)
#  ifdef HINGE_BUILDING
#    define HINGE_EXPORT __declspec(dllexport)
#  else
#    define HINGE_EXPORT __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define HINGE_EXPORT __attribute__((visibility("default")))
#else
#  define HINGE_EXPORT
#endif

#define HINGE_VERSION_MAJOR 0
#define HINGE_VERSION_MINOR 1
#define HINGE_VERSION_PATCH 0
#define HINGE_VERSION "0.1.0"
/* MAJOR * 1000000 + MINOR * 1000 + PATCH, as SQLITE_VERSION_NUMBER. */
#define HINGE_VERSION_NUMBER \
  (HINGE_VERSION_MAJOR * 1000000 + HINGE_VERSION_MINOR * 1000 + HINGE_VERSION_PATCH)

/* The run-time twins of HINGE_VERSION and HINGE_VERSION_NUMBER: compare
 * them with the macros to detect a header/library mismatch.
 * The returned string is static. */
HINGE_EXPORT const char *hinge_version(void);
HINGE_EXPORT int hinge_version_number(void);

/*
 * Status codes.  Every fallible call returns one of these: 0 on success,
 * a negative code otherwise.  XX(name, value, description).
 */
#define HINGE_STATUS_MAP(XX)                                              \
  XX(OK, 0, "success")                                                    \
  XX(ENOMEM, -1, "out of memory")                                         \
  XX(EINVAL, -2, "invalid argument")                                      \
  XX(EIO, -3, "input/output error")                                       \
  XX(EPARSE, -4, "malformed input")                                       \
  XX(ESCHEMA, -5, "missing or unrecognized column")                       \
  XX(ERANGE, -6, "value out of range")                                    \
  XX(ETOOSHORT, -7, "signal too short")                                   \
  XX(ENODATA, -8, "no data")                                              \
  XX(ELIMIT, -9, "limit exceeded")                                        \
  XX(EUNSUPPORTED, -10, "not supported")

typedef enum hinge_status {
#define HINGE__XX(name, value, desc) HINGE_##name = value,
  HINGE_STATUS_MAP(HINGE__XX)
#undef HINGE__XX
  HINGE__STATUS_MIN = -11
} hinge_status;

/* A static English description of `code` ("unknown status" when the code
 * is not one of the list).  Never NULL. */
HINGE_EXPORT const char *hinge_strerror(int code);
/* The code's symbolic name without prefix ("ENOMEM"), static; "UNKNOWN"
 * for codes outside the list. */
HINGE_EXPORT const char *hinge_err_name(int code);

/*
 * Error detail.  Fallible calls take an optional `hinge_error *` (NULL is
 * allowed) and, on failure, fill it.  It is a plain value owned by the
 * caller: no allocation, nothing to free.  `line` and `column` are
 * 1-based, 0 when they do not apply; `file` is "" when no file is
 * involved.  The message is a complete sentence without the file
 * position; hinge_error_format() joins them as "file:line:col: message".
 */
#define HINGE_ERROR_MESSAGE_MAX 512
#define HINGE_ERROR_FILE_MAX 1024

typedef struct hinge_error {
  int code;
  long line;
  long column;
  char file[HINGE_ERROR_FILE_MAX];
  char message[HINGE_ERROR_MESSAGE_MAX];
} hinge_error;

/* Reset `err` to "no error" (code 0, empty strings).  NULL is a no-op. */
HINGE_EXPORT void hinge_error_clear(hinge_error *err);

/* Write "file:line:col: message" (parts that do not apply left out) into
 * buf, truncated to size bytes including the NUL.  Returns the length the
 * full text would have, as snprintf does. */
HINGE_EXPORT int hinge_error_format(const hinge_error *err, char *buf, size_t size);

/*
 * Allocator hook, shaped as lua_Alloc: `fn(ud, ptr, osize, nsize)`
 * frees when nsize == 0 (returning NULL) and otherwise behaves as
 * realloc, returning NULL on failure without touching ptr.  osize is the
 * size of the block at ptr (0 when ptr is NULL).  A NULL allocator, or
 * one whose fn is NULL, means the C library's malloc/realloc/free.
 * Handles keep the pointer they were created with: it must outlive them.
 */
typedef void *(*hinge_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

typedef struct hinge_allocator {
  hinge_alloc_fn fn;
  void *ud;
} hinge_allocator;

#ifdef __cplusplus
}
#endif
#endif /* HINGE_COMMON_H */
