/*
 * sosfilt.c -- filtering with second-order sections: scipy's sosfilt_zi,
 * sosfilt (from a steady state) and sosfiltfilt (odd extension, zero
 * phase).
 *
 * Speed: each section makes one pass over the array with its two state
 * values and five coefficients in registers (direct form II transposed,
 * scipy's recurrence).  The state update is written (b1 x + z1) - a1 y
 * rather than b1 x - a1 y + z1 so the sample-to-sample dependency is one
 * multiply and two adds: about 20% faster, and different from scipy only
 * by rounding (the tests hold it to 1e-9 relative, it stays near 1e-12).
 * sosfiltfilt never builds the extended signal: the two padding stretches
 * live in small side buffers and the array itself is filtered in place,
 * forward then backward, so the passes allocate nothing per sample and,
 * for the default pad length, nothing at all.
 */
#include <math.h>
#include <string.h>

#include "hinge/filter.h"
#include "internal.h"

/* Side buffers up to this many samples each live on the stack. */
#define PAD_STACK 64

static int check_sos(const double *sos, int nsections, hinge_error *err) {
  int s;
  if (sos == NULL || nsections < 1)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "second-order sections: need at least one section");
  for (s = 0; s < nsections; s++)
    if (sos[6 * s + 3] != 1.0)
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "second-order section %d: a0 must be 1 (got %g)", s + 1, sos[6 * s + 3]);
  return HINGE_OK;
}

/* Steady state of section c (sos row) scaled by `scale`, the DC gain of
 * the sections before it (scipy's lfilter_zi for a 2x2 companion form,
 * solved in closed form: adding the two rows gives zi[0] directly).
 * *scale becomes the DC gain up to and including this section. */
static int section_zi(const double *c, int s, double *scale, double zi[2], hinge_error *err) {
  const double *b = c, *a = c + 3;
  double den = (a[0] + a[1]) + a[2];
  double B0 = b[1] - a[1] * b[0], B1 = b[2] - a[2] * b[0], z0;
  if (den == 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "second-order section %d has a pole at z = 1: no steady state", s + 1);
  z0 = (B0 + B1) / den;
  zi[0] = *scale * z0;
  zi[1] = *scale * (B1 - a[2] * z0);
  *scale *= ((b[0] + b[1]) + b[2]) / den;
  return HINGE_OK;
}

int hinge_sosfilt_zi(const double *sos, int nsections, double *zi, hinge_error *err) {
  double scale = 1.0;
  int s, rc = check_sos(sos, nsections, err);
  if (rc != HINGE_OK) return rc;
  if (zi == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "sosfilt_zi: NULL zi");
  for (s = 0; s < nsections; s++)
    if ((rc = section_zi(sos + 6 * s, s, &scale, zi + 2 * s, err)) != HINGE_OK) return rc;
  return HINGE_OK;
}

size_t hinge_sosfiltfilt_padlen(const double *sos, int nsections) {
  int s, zb = 0, za = 0, ntaps;
  if (sos == NULL || nsections < 1) return 0;
  for (s = 0; s < nsections; s++) {
    zb += sos[6 * s + 2] == 0;
    za += sos[6 * s + 5] == 0;
  }
  /* First-order sections (b2 = a2 = 0) shorten the impulse response scipy
   * sizes its padding by. */
  ntaps = 2 * nsections + 1 - (zb < za ? zb : za);
  return 3 * (size_t)ntaps;
}

/* One section over v[0..n-1] forward, in place; z is the state. */
static void pass_forward(const double *c, double *v, size_t n, double *z) {
  const double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[4], a2 = c[5];
  double z0 = z[0], z1 = z[1];
  size_t i;
  for (i = 0; i < n; i++) {
    double xi = v[i], yi = b0 * xi + z0;
    z0 = (b1 * xi + z1) - a1 * yi;
    z1 = b2 * xi - a2 * yi;
    v[i] = yi;
  }
  z[0] = z0;
  z[1] = z1;
}

/* The same over v[n-1] down to v[0]: the backward pass of filtfilt
 * without reversing the array. */
static void pass_backward(const double *c, double *v, size_t n, double *z) {
  const double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[4], a2 = c[5];
  double z0 = z[0], z1 = z[1];
  size_t i;
  for (i = n; i-- > 0;) {
    double xi = v[i], yi = b0 * xi + z0;
    z0 = (b1 * xi + z1) - a1 * yi;
    z1 = b2 * xi - a2 * yi;
    v[i] = yi;
  }
  z[0] = z0;
  z[1] = z1;
}

int hinge_sosfilt(const double *sos, int nsections, const double *x, double *y, size_t n,
                  int steady, hinge_error *err) {
  double scale = 1.0, x0, z[2];
  int s, rc = check_sos(sos, nsections, err);
  if (rc != HINGE_OK) return rc;
  if (n == 0) return HINGE_OK;
  if (x == NULL || y == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "sosfilt: NULL array");
  x0 = x[0]; /* read before an in-place pass overwrites it */
  for (s = 0; s < nsections; s++) { /* check every section before writing y */
    if (steady && (rc = section_zi(sos + 6 * s, s, &scale, z, err)) != HINGE_OK) return rc;
  }
  if (y != x) memcpy(y, x, n * sizeof *y);
  scale = 1.0;
  for (s = 0; s < nsections; s++) {
    z[0] = z[1] = 0;
    if (steady) {
      section_zi(sos + 6 * s, s, &scale, z, NULL);
      z[0] *= x0;
      z[1] *= x0;
    }
    pass_forward(sos + 6 * s, y, n, z);
  }
  return HINGE_OK;
}

/* The odd extensions of x at both ends: lo[j] = 2 x[0] - x[pad - j] and
 * hi[j] = 2 x[n-1] - x[n-2-j] (scipy's odd_ext, left part in order). */
static void odd_extension(const double *x, size_t n, size_t pad, double *lo, double *hi) {
  size_t j;
  for (j = 0; j < pad; j++) {
    lo[j] = 2 * x[0] - x[pad - j];
    hi[j] = 2 * x[n - 1] - x[n - 2 - j];
  }
}

/* Forward passes over lo, y, hi as one signal, then backward passes over
 * hi and y (the left extension's backward output is dropped anyway). */
static void filtfilt_passes(const double *sos, int nsections, double *lo, double *y, size_t n,
                            double *hi, size_t pad) {
  double scale = 1.0, first = pad ? lo[0] : y[0], last, z[2];
  int s;
  for (s = 0; s < nsections; s++) {
    section_zi(sos + 6 * s, s, &scale, z, NULL);
    z[0] *= first;
    z[1] *= first;
    pass_forward(sos + 6 * s, lo, pad, z);
    pass_forward(sos + 6 * s, y, n, z);
    pass_forward(sos + 6 * s, hi, pad, z);
  }
  last = pad ? hi[pad - 1] : y[n - 1];
  scale = 1.0;
  for (s = 0; s < nsections; s++) {
    section_zi(sos + 6 * s, s, &scale, z, NULL);
    z[0] *= last;
    z[1] *= last;
    pass_backward(sos + 6 * s, hi, pad, z);
    pass_backward(sos + 6 * s, y, n, z);
  }
}

int hinge_sosfiltfilt(const double *sos, int nsections, const double *x, double *y, size_t n,
                      size_t padlen, const hinge_allocator *alloc, hinge_error *err) {
  double stack[2 * PAD_STACK], *buf = stack, scale = 1.0, z[2];
  int s, rc = check_sos(sos, nsections, err);
  if (rc != HINGE_OK) return rc;
  if (x == NULL || y == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "sosfiltfilt: NULL array");
  for (s = 0; s < nsections; s++) /* a section without steady state fails here */
    if ((rc = section_zi(sos + 6 * s, s, &scale, z, err)) != HINGE_OK) return rc;
  if (padlen == HINGE_PADLEN_DEFAULT) padlen = hinge_sosfiltfilt_padlen(sos, nsections);
  if (n <= padlen)
    return hinge__fail(err, HINGE_ETOOSHORT, NULL, 0, 0,
                       "signal too short for zero-phase filtering: %zu samples, "
                       "the odd extension of %zu samples needs at least %zu",
                       n, padlen, padlen + 1);
  if (padlen > PAD_STACK) {
    if (padlen > ((size_t)-1) / (2 * sizeof *buf)) /* n > padlen bounds it; defensive */
      return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "sosfiltfilt: padding too large");
    buf = hinge__malloc(alloc, 2 * padlen * sizeof *buf);
    if (buf == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "sosfiltfilt: out of memory");
  }
  odd_extension(x, n, padlen, buf, buf + padlen);
  if (y != x) memcpy(y, x, n * sizeof *y);
  filtfilt_passes(sos, nsections, buf, y, n, buf + padlen, padlen);
  if (buf != stack) hinge__free(alloc, buf, 2 * padlen * sizeof *buf);
  return HINGE_OK;
}
