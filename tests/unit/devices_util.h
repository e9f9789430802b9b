/* Helpers of the device readers' unit tests (test_reader_*.c): a role's
 * values against hand-computed ones, and loading a string as a file. */
#ifndef HINGE_TEST_DEVICES_UTIL_H
#define HINGE_TEST_DEVICES_UTIL_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"

/* The column of role, compared with want (NAN: a missing sample). */
static void check_role(const hinge_table *t, int role, const double *want, size_t n) {
  long ci = hinge_table_role_column(t, role);
  const double *v;
  size_t i;
  cr_assert_geq(ci, 0, "no column for %s", hinge_role_name(role));
  cr_assert_eq(hinge_table_rows(t), n);
  v = hinge_table_column(t, (size_t)ci);
  for (i = 0; i < n; i++) {
    if (isnan(want[i])) cr_expect(isnan(v[i]), "%s row %zu: %g, expected missing",
                                  hinge_role_name(role), i, v[i]);
    else cr_expect(fabs(v[i] - want[i]) < 1e-9, "%s row %zu: %g, expected %g",
                   hinge_role_name(role), i, v[i], want[i]);
  }
}

/* Load text as the file name (detection by content and the name's
 * extension); fs 0 = none.  Returns the code, *t the table or NULL. */
static int load_text(const char *name, const char *text, double fs, hinge_table **t,
                     hinge_error *e) {
  hinge_load_options o;
  hinge_load_options_init(&o);
  o.fs = fs;
  hinge_error_clear(e);
  return hinge_table_load_buffer(name, text, strlen(text), &o, t, e);
}

/* An allocator that refuses its fail_at-th request and counts the bytes
 * alive (expat's own buffers use the C library and are not counted). */
typedef struct failalloc {
  long n, fail_at;
  long long live;
} failalloc;

static void *failalloc_fn(void *ud, void *p, size_t os, size_t ns) {
  failalloc *f = ud;
  void *q;
  if (ns == 0) {
    if (p != NULL) f->live -= (long long)os;
    free(p);
    return NULL;
  }
  if (f->n++ == f->fail_at) return NULL;
  q = realloc(p, ns);
  if (q != NULL) f->live += (long long)ns - (p != NULL ? (long long)os : 0);
  return q;
}

/* Load path (fs 0 = none) failing each allocation in turn: every failure
 * is HINGE_ENOMEM with nothing leaked, until the load needs no more. */
static void every_allocation_fails_cleanly(const char *path, double fs) {
  long k;
  for (k = 0; k < 100000; k++) {
    failalloc f = {0, 0, 0};
    hinge_allocator a;
    hinge_load_options o;
    hinge_table *t = NULL;
    hinge_error e;
    int rc;
    f.fail_at = k;
    a.fn = failalloc_fn;
    a.ud = &f;
    hinge_load_options_init(&o);
    o.alloc = &a;
    o.fs = fs;
    rc = hinge_table_load(path, &o, &t, &e);
    if (rc == HINGE_OK) {
      hinge_table_destroy(t);
      cr_assert_eq(f.live, 0, "%lld bytes leaked", f.live);
      cr_assert_gt(k, 3, "the load should allocate");
      return;
    }
    cr_assert_eq(rc, HINGE_ENOMEM, "allocation %ld: %s (%s)", k, hinge_err_name(rc), e.message);
    cr_assert_null(t);
    cr_assert_eq(f.live, 0, "allocation %ld failed: %lld bytes leaked", k, f.live);
  }
  cr_assert_fail("the load never succeeded");
}

#endif
