/* layout.fnlen_fixture: an internal function of 7 parameters (must fail)
 * and a public one of 7 (allowed: declared in include/hinge/ok.h). */
static int seven(int a, int b, int c, int d, int e, int f,
                 int g) {
  return a + b + c + d + e + f + g;
}

int hinge_ok(int a, int b, int c, int d, int e, int f, int g) {
  return seven(a, b, c, d, e, f, g);
}
