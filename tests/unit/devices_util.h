/* Helpers of the device readers' unit tests (test_reader_*.c): a role's
 * values against hand-computed ones, and loading a string as a file. */
#ifndef HINGE_TEST_DEVICES_UTIL_H
#define HINGE_TEST_DEVICES_UTIL_H

#include <criterion/criterion.h>
#include <math.h>
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

#endif
