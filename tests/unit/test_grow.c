/* Unit tests for base/grow.c: HINGE__GROW, the one growth rule for arrays. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/internal.h"

Test(grow, should_double_from_the_first_size_and_never_give_less_than_asked) {
  double *v = NULL;
  size_t cap = 0;
  cr_assert_eq(HINGE__GROW(NULL, v, cap, 1), HINGE_OK);
  cr_assert_eq(cap, 16);
  cr_assert_eq(HINGE__GROW(NULL, v, cap, 16), HINGE_OK);
  cr_assert_eq(cap, 16, "enough room: untouched");
  cr_assert_eq(HINGE__GROW(NULL, v, cap, 17), HINGE_OK);
  cr_assert_eq(cap, 32);
  cr_assert_eq(HINGE__GROW(NULL, v, cap, 1000), HINGE_OK);
  cr_assert_eq(cap, 1000);
  v[999] = 1.0; /* the room is there (ASan checks it) */
  free(v);
}

Test(grow, an_overflowing_size_should_fail_and_leave_the_array) {
  double *v = NULL, *keep;
  size_t cap = 0;
  cr_assert_eq(HINGE__GROW_FROM(NULL, v, cap, 4, 4), HINGE_OK);
  cr_assert_eq(cap, 4);
  keep = v;
  cr_assert_eq(HINGE__GROW(NULL, v, cap, SIZE_MAX / 2), HINGE_ENOMEM);
  cr_assert_eq(v, keep);
  cr_assert_eq(cap, 4);
  free(v);
}
