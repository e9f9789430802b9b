/* Unit tests for common.c: version, status codes, error detail, allocator. */
#include <criterion/criterion.h>
#include <string.h>

#include "hinge/hinge.h"
#include "base/internal.h"

Test(version, runtime_version_should_match_the_header_macros) {
  cr_assert_str_eq(hinge_version(), HINGE_VERSION);
  cr_assert_eq(hinge_version_number(), HINGE_VERSION_NUMBER);
  cr_assert_eq(HINGE_VERSION_NUMBER,
               HINGE_VERSION_MAJOR * 1000000 + HINGE_VERSION_MINOR * 1000 + HINGE_VERSION_PATCH);
}

Test(status, every_listed_code_should_have_a_name_and_a_description) {
#define XX(name, value, desc)                               \
  cr_assert_str_eq(hinge_strerror(value), desc);            \
  cr_assert_str_eq(hinge_err_name(value), #name);           \
  cr_assert(value <= 0);
  HINGE_STATUS_MAP(XX)
#undef XX
}

Test(status, unknown_codes_should_be_named_unknown) {
  cr_assert_str_eq(hinge_strerror(12345), "unknown status");
  cr_assert_str_eq(hinge_err_name(-999), "UNKNOWN");
}

Test(error, fail_should_fill_code_file_position_and_message) {
  hinge_error e;
  char buf[2048];
  int rc = hinge__fail(&e, HINGE_EPARSE, "a.csv", 3, 7, "expected a number, got '%s'", "x");
  cr_assert_eq(rc, HINGE_EPARSE);
  cr_assert_eq(e.code, HINGE_EPARSE);
  cr_assert_eq(e.line, 3);
  cr_assert_eq(e.column, 7);
  hinge_error_format(&e, buf, sizeof buf);
  cr_assert_str_eq(buf, "a.csv:3:7: expected a number, got 'x'");
}

Test(error, format_should_leave_out_parts_that_do_not_apply) {
  hinge_error e;
  char buf[256];
  hinge__fail(&e, HINGE_EIO, "b.csv", 0, 0, "cannot open");
  hinge_error_format(&e, buf, sizeof buf);
  cr_assert_str_eq(buf, "b.csv: cannot open");
  hinge__fail(&e, HINGE_EINVAL, NULL, 0, 0, "order must be 1 to 8");
  hinge_error_format(&e, buf, sizeof buf);
  cr_assert_str_eq(buf, "order must be 1 to 8");
  hinge_error_clear(&e);
  cr_assert_eq(e.code, HINGE_OK);
  hinge_error_format(&e, buf, sizeof buf);
  cr_assert_str_eq(buf, "success");
}

Test(error, fail_with_null_error_should_only_return_the_code) {
  cr_assert_eq(hinge__fail(NULL, HINGE_ENOMEM, NULL, 0, 0, "x"), HINGE_ENOMEM);
  hinge_error_clear(NULL);
}

Test(error, format_should_truncate_to_the_buffer) {
  hinge_error e;
  char buf[8];
  int n;
  hinge__fail(&e, HINGE_EIO, "file.csv", 10, 2, "message");
  n = hinge_error_format(&e, buf, sizeof buf);
  cr_assert_eq(n, (int)strlen("file.csv:10:2: message"));
  cr_assert_str_eq(buf, "file.cs");
}

typedef struct counting { size_t live, calls; int fail_after; } counting;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counting *c = ud;
  c->calls++;
  if (nsize == 0) {
    c->live -= osize;
    free(ptr);
    return NULL;
  }
  if (c->fail_after >= 0 && (int)c->calls > c->fail_after) return NULL;
  ptr = realloc(ptr, nsize);
  if (ptr != NULL) c->live += nsize - (ptr ? osize : 0);
  return ptr;
}

Test(alloc, allocator_hook_should_see_every_block_with_its_size) {
  counting c = {0, 0, -1};
  hinge_allocator a = {counting_alloc, &c};
  char *s = hinge__strdup(&a, "deadlift");
  double *d = hinge__calloc(&a, 10, sizeof *d);
  cr_assert_not_null(s);
  cr_assert_not_null(d);
  cr_assert_eq(d[9], 0.0);
  cr_assert_eq(c.live, 9 + 10 * sizeof(double));
  hinge__strfree(&a, s);
  hinge__free(&a, d, 10 * sizeof *d);
  cr_assert_eq(c.live, 0);
}

/* A hook that checks every free names the size its block was made with. */
typedef struct sized { size_t last_nsize, bad; } sized;

static void *sized_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  sized *z = ud;
  if (ptr != NULL && osize != z->last_nsize) z->bad++;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  z->last_nsize = nsize;
  return realloc(ptr, nsize);
}

Test(alloc, an_empty_block_should_be_freed_and_grown_with_the_size_it_was_given) {
  sized z = {0, 0};
  hinge_allocator a = {sized_alloc, &z};
  double *d = hinge__calloc(&a, 0, sizeof *d);
  counting c = {0, 0, -1};
  hinge_allocator b = {counting_alloc, &c};
  cr_assert_not_null(d);
  cr_assert_eq(z.last_nsize, 1);
  hinge__free(&a, d, 0 * sizeof *d); /* the caller's count * size */
  cr_expect_eq(z.bad, 0, "the free named size 0 for a 1-byte block");
  d = hinge__malloc(&a, 0);
  d = hinge__realloc(&a, d, 0, 4 * sizeof *d);
  cr_assert_not_null(d);
  hinge__free(&a, d, 4 * sizeof *d);
  cr_expect_eq(z.bad, 0, "growing an empty block named size 0");
  d = hinge__malloc(&b, 0);
  hinge__free(&b, d, 0);
  cr_expect_eq(c.live, 0, "an accounting hook should end at 0, not %zu", c.live);
}

Test(alloc, a_failing_allocator_should_return_null) {
  counting c = {0, 0, 0};
  hinge_allocator a = {counting_alloc, &c};
  cr_assert_null(hinge__malloc(&a, 16));
}

Test(alloc, calloc_should_refuse_an_overflowing_size) {
  cr_assert_null(hinge__calloc(NULL, (size_t)-1 / 2, 4));
}

Test(alloc, null_allocator_should_use_the_c_library) {
  void *p = hinge__malloc(NULL, 32);
  cr_assert_not_null(p);
  p = hinge__realloc(NULL, p, 32, 64);
  cr_assert_not_null(p);
  hinge__free(NULL, p, 64);
}
