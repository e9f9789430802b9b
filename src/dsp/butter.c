/*
 * butter.c -- Butterworth low-pass design as second-order sections, step
 * for step as scipy.signal.butter(N, fc, fs=fs, output='sos'):
 *   analog prototype poles -> lp2lp to the prewarped cutoff -> bilinear
 *   transform -> zpk2sos with 'nearest' pairing.
 * Following scipy's order of operations keeps the coefficients equal to a
 * few ulps, and following its pairing rules keeps the sections in the same
 * order, so a design compares row by row with scipy's.
 */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "hinge/filter.h"
#include "base/internal.h"

#ifndef M_PI
#  define M_PI 3.14159265358979323846
#endif

/* A pole of the digital design on its way through zpk2sos.  Complex poles
 * are held once, by the member with positive imaginary part, as scipy's
 * _cplxreal does; `real` marks the real ones. */
typedef struct pole {
  double complex v;
  int real;
} pole;

/* At most 8 poles plus the zero-pole scipy pads odd orders with. */
#define MAXP (HINGE_BUTTER_MAX_ORDER + 1)

typedef struct zpk {
  pole p[MAXP];
  int np;
  double z[MAXP]; /* the zeros, all real for a low-pass: -1 and maybe 0 */
  int nz;
  double k;
} zpk;

double hinge_winter_correction(int order, int npasses) {
  if (order < 1 || npasses < 1) return NAN;
  return pow(pow(2.0, 1.0 / npasses) - 1.0, 1.0 / (2.0 * order));
}

static int check_design(int order, double fc, double fs, hinge_error *err) {
  if (order < 1 || order > HINGE_BUTTER_MAX_ORDER)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "Butterworth order must be 1..%d (got %d)", HINGE_BUTTER_MAX_ORDER, order);
  if (!(fs > 0) || !isfinite(fs))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "sample rate must be positive and finite (got %g Hz)", fs);
  if (!(fc > 0) || !(fc < fs / 2))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "cutoff must be above 0 and below fs/2 = %g Hz (got %g Hz)", fs / 2, fc);
  return HINGE_OK;
}

/* Append a digital pole, as the positive-imaginary member when complex. */
static void add_pole(zpk *d, double complex v) {
  /* scipy's _cplxreal: real when |imag| <= 100 eps |v| */
  int real = fabs(cimag(v)) <= 100 * 2.220446049250313e-16 * cabs(v);
  if (!real && cimag(v) < 0) return; /* the conjugate is added instead */
  d->p[d->np].v = real ? creal(v) : v;
  d->p[d->np].real = real;
  d->np++;
}

/* Sort complex poles before real ones, each by increasing real part
 * (scipy's _cplxreal order, which decides ties in the pairing below). */
static void sort_poles(zpk *d) {
  int i, j;
  for (i = 1; i < d->np; i++) {
    pole t = d->p[i];
    for (j = i; j > 0; j--) {
      pole *q = &d->p[j - 1];
      int after = q->real > t.real || (q->real == t.real && creal(q->v) > creal(t.v));
      if (!after) break;
      d->p[j] = *q;
    }
    d->p[j] = t;
  }
}

/* The digital zeros, poles and gain: buttap, lp2lp_zpk, bilinear_zpk. */
static void butter_zpk(int order, double fc, double fs, zpk *d) {
  const double fs2 = 4.0; /* scipy designs at fs = 2 after Wn = 2 fc / fs */
  double wn = 2 * fc / fs;
  double warped = 2 * 2.0 * tan(M_PI * wn / 2.0);
  double complex den = 1.0;
  int m, i;
  memset(d, 0, sizeof *d);
  for (m = -order + 1; m < order; m += 2) {
    double complex p = -cexp(I * (M_PI * m / (2 * order))) * warped;
    den *= fs2 - p;
    add_pole(d, (fs2 + p) / (fs2 - p));
  }
  d->k = pow(warped, order) * creal(1.0 / den);
  for (i = 0; i < order; i++) d->z[d->nz++] = -1.0; /* zeros at infinity -> Nyquist */
  if (order % 2) { /* zpk2sos pads an odd count with a pole and a zero at 0 */
    d->p[d->np].v = 0;
    d->p[d->np++].real = 1;
    d->z[d->nz++] = 0.0;
  }
  sort_poles(d);
}

/* Index of the pole nearest the unit circle (first on ties), among the
 * real ones only when real_only. -1 when there is none. */
static int worst_pole(const zpk *d, int real_only) {
  int i, best = -1;
  double bd = 0;
  for (i = 0; i < d->np; i++) {
    double dist = fabs(1 - cabs(d->p[i].v));
    if (real_only && !d->p[i].real) continue;
    if (best < 0 || dist < bd) best = i, bd = dist;
  }
  return best;
}

static pole take_pole(zpk *d, int i) {
  pole t = d->p[i];
  memmove(&d->p[i], &d->p[i + 1], (size_t)(d->np - i - 1) * sizeof *d->p);
  d->np--;
  return t;
}

/* Remove and return the zero nearest to v (first on ties). */
static double take_zero(zpk *d, double complex v) {
  int i, best = 0;
  double t;
  for (i = 1; i < d->nz; i++)
    if (cabs(d->z[i] - v) < cabs(d->z[best] - v)) best = i;
  t = d->z[best];
  memmove(&d->z[best], &d->z[best + 1], (size_t)(d->nz - best - 1) * sizeof *d->z);
  d->nz--;
  return t;
}

static int count_real(const zpk *d) {
  int i, n = 0;
  for (i = 0; i < d->np; i++) n += d->p[i].real;
  return n;
}

/* One section from two real zeros and a pole pair (p2 = conj(p1) when p1
 * is complex), coefficients as numpy's poly() forms them. */
static void make_section(double *s, double z1, double z2, pole p1, double p2) {
  s[0] = 1;
  s[1] = -z2 + -z1;
  s[2] = z1 * z2;
  s[3] = 1;
  if (p1.real) {
    double r = creal(p1.v);
    s[4] = -p2 + -r;
    s[5] = r * p2;
  } else {
    double re = creal(p1.v), im = cimag(p1.v);
    s[4] = -re + -re;
    s[5] = re * re + im * im;
  }
}

/* zpk2sos with 'nearest' pairing for all-real zeros: sections are built
 * from the last to the first, each around the remaining pole nearest the
 * unit circle, with the zeros nearest to that pole. */
static void zpk2sos(zpk *d, double *sos, int nsec) {
  int si;
  for (si = nsec - 1; si >= 0; si--) {
    double *s = sos + 6 * si;
    pole p1 = take_pole(d, worst_pole(d, 0));
    double p2 = 0, z1, z2 = 0;
    if (p1.real && count_real(d) == 0) { /* the last real pole alone */
      z1 = take_zero(d, p1.v);
      make_section(s, z1, 0, p1, 0);
      continue;
    }
    if (p1.real) p2 = creal(take_pole(d, worst_pole(d, 1)).v);
    z1 = take_zero(d, p1.v);
    if (d->nz > 0) z2 = take_zero(d, p1.v);
    make_section(s, z1, z2, p1, p2);
  }
  for (si = 0; si < 3; si++) sos[si] *= d->k; /* the gain goes in the first section */
}

int hinge_butter_sos(int order, double cutoff_hz, double fs, double *sos, int *nsections,
                     hinge_error *err) {
  zpk d;
  int rc = check_design(order, cutoff_hz, fs, err), nsec;
  if (rc != HINGE_OK) return rc;
  if (sos == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "butter: NULL sos");
  nsec = (order + 1) / 2;
  butter_zpk(order, cutoff_hz, fs, &d);
  zpk2sos(&d, sos, nsec);
  if (nsections != NULL) *nsections = nsec;
  return HINGE_OK;
}
