/*
 * residual.c -- automatic low-pass cutoff by Winter's residual analysis
 * (Biomechanics and Motor Control of Human Movement, 4th ed., 3.4.4.3).
 *
 * The residual R(f) = RMS(x - lowpass(x, f)) falls steeply while the
 * cutoff f removes signal and then, where only noise is left above f, as
 * a straight line whose intercept at 0 Hz estimates the noise RMS.  The
 * chosen cutoff is where R comes down to that intercept: signal distortion
 * and noise let through are then equal.  The exact grid, noise region and
 * crossing rule are documented in docs/algorithms.md.
 */
#include <math.h>
#include <string.h>

#include "filter_internal.h"
#include "base/internal.h"

void hinge_residual_opts_init(hinge_residual_opts *o) {
  if (o == NULL) return;
  o->order = 2;
  o->correct_cutoff = 0;
  o->count = 100;
  o->max_hz = 0;
  o->fit_lo_hz = 0;
  o->fit_hi_hz = 0;
}

static double grid(const hinge_residual_opts *o, size_t k) {
  return (double)(k + 1) * o->max_hz / (double)o->count;
}

/* Whether grid point k lies in the noise region (ends included, with a
 * little slack for the rounding of k * max_hz / count). */
static int in_region(const hinge_residual_opts *o, size_t k) {
  double f = grid(o, k), tol = 1e-9 * o->max_hz;
  return f >= o->fit_lo_hz - tol && f <= o->fit_hi_hz + tol;
}

static size_t region_points(const hinge_residual_opts *o) {
  size_t k, m = 0;
  for (k = 0; k < o->count; k++) m += in_region(o, k);
  return m;
}

/* The options with their defaults resolved, checked. */
static int resolve(const hinge_residual_opts *in, double fs, hinge_residual_opts *o,
                   hinge_error *err) {
  hinge_lowpass_opts lp;
  int rc;
  if (in == NULL) hinge_residual_opts_init(o);
  else *o = *in;
  if (!(fs > 0) || !isfinite(fs))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "residual analysis needs a positive sample rate fs (got %g Hz)", fs);
  if (o->count < 2 || o->count > 100000)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "residual analysis: count must be 2..100000 (got %zu)", o->count);
  if (o->max_hz == 0) o->max_hz = fs / 4;
  if (o->fit_lo_hz == 0) o->fit_lo_hz = o->max_hz / 2;
  if (o->fit_hi_hz == 0) o->fit_hi_hz = o->max_hz;
  hinge_lowpass_opts_init(&lp); /* the top of the grid must be a valid filter */
  lp.fs = fs;
  lp.order = o->order;
  lp.correct_cutoff = o->correct_cutoff;
  lp.cutoff_hz = o->max_hz;
  if ((rc = hinge_lowpass_opts_check(&lp, err)) != HINGE_OK) return rc;
  if (region_points(o) < 2)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "residual analysis: the noise region %g..%g Hz holds %zu of the cutoffs "
                       "tried, at least 2 are needed", o->fit_lo_hz, o->fit_hi_hz, region_points(o));
  return HINGE_OK;
}

int hinge_residual_opts_check(const hinge_residual_opts *o, double fs, hinge_error *err) {
  hinge_residual_opts resolved;
  return resolve(o, fs, &resolved, err);
}

/* RMS of x - y over the samples both define. */
static double rms_residual(const double *x, const double *y, size_t n) {
  double sum = 0;
  size_t i, m = 0;
  for (i = 0; i < n; i++) {
    if (!isfinite(x[i]) || !isfinite(y[i])) continue;
    sum += (x[i] - y[i]) * (x[i] - y[i]);
    m++;
  }
  return m ? sqrt(sum / (double)m) : NAN;
}

/* The signal x of n samples and scratch y (n) for each filtered copy. */
typedef struct residual_signal {
  const double *x;
  double *y;
  size_t n;
} residual_signal;

/* R at every grid cutoff into res. */
static int residual_curve(const residual_signal *s, double fs, const hinge_residual_opts *o,
                          double *res, const hinge_allocator *alloc, hinge_error *err) {
  const double *x = s->x;
  double *y = s->y;
  size_t k, n = s->n;
  hinge_lowpass_opts lp;
  int rc;
  hinge_lowpass_opts_init(&lp);
  lp.fs = fs;
  lp.order = o->order;
  lp.correct_cutoff = o->correct_cutoff;
  for (k = 0; k < o->count; k++) {
    lp.cutoff_hz = grid(o, k);
    if ((rc = hinge_lowpass(x, y, n, &lp, NULL, alloc, err)) != HINGE_OK) return rc;
    res[k] = rms_residual(x, y, n);
  }
  return HINGE_OK;
}

/* Least-squares line through the grid points inside the noise region
 * (resolve() made sure there are at least 2). */
static void fit_noise(const hinge_residual_opts *o, const double *res,
                      hinge_residual_result *out) {
  double sf = 0, sr = 0, sff = 0, sfr = 0, mf, mr;
  size_t k, m = region_points(o);
  for (k = 0; k < o->count; k++) {
    if (!in_region(o, k)) continue;
    sf += grid(o, k);
    sr += res[k];
  }
  mf = sf / (double)m;
  mr = sr / (double)m;
  for (k = 0; k < o->count; k++) { /* centred sums: no cancellation */
    double df = grid(o, k) - mf;
    if (!in_region(o, k)) continue;
    sff += df * df;
    sfr += df * (res[k] - mr);
  }
  out->slope = sfr / sff;
  out->noise_rms = mr - out->slope * mf;
  out->fit_points = m;
}

/* The first cutoff where the curve comes down to the intercept. */
static int crossing(const hinge_residual_opts *o, const double *res,
                    hinge_residual_result *out, hinge_error *err) {
  double a = out->noise_rms;
  size_t k;
  for (k = 0; k < o->count; k++)
    if (!isfinite(res[k]))
      return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                         "residual analysis: the residual at %g Hz is not a finite number "
                         "(samples too large to square)", grid(o, k));
  if (!isfinite(a))
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "residual analysis: the noise intercept is not a finite number");
  for (k = 0; k < o->count && res[k] > a; k++) {}
  if (k == 0)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "residual analysis: the residual is below the noise intercept (%g) "
                       "from the lowest cutoff tried (%g Hz): the noise region %g..%g Hz "
                       "seems to hold signal", a, grid(o, 0), o->fit_lo_hz, o->fit_hi_hz);
  if (k == o->count)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0,
                       "residual analysis: the residual never falls to the noise intercept "
                       "(%g) below %g Hz", a, o->max_hz);
  out->cutoff_hz = grid(o, k - 1) +
                   (res[k - 1] - a) * (grid(o, k) - grid(o, k - 1)) / (res[k - 1] - res[k]);
  return HINGE_OK;
}

int hinge_residual_cutoff(const double *x, size_t n, double fs, const hinge_residual_opts *opts,
                          hinge_residual_result *out, double *freqs, double *residuals,
                          const hinge_allocator *alloc, hinge_error *err) {
  hinge_residual_opts o;
  residual_signal sig;
  double *buf;
  size_t k, bytes;
  int rc;
  if ((rc = resolve(opts, fs, &o, err)) != HINGE_OK) return rc;
  if (out == NULL || (x == NULL && n > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "residual analysis: NULL argument");
  if (hinge__longest_run(x, n) == 0)
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0, "residual analysis: no valid sample");
  if (n > ((size_t)-1) / sizeof *buf - o.count)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "residual analysis: out of memory");
  bytes = (n + o.count) * sizeof *buf;
  if ((buf = hinge__malloc(alloc, bytes)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "residual analysis: out of memory");
  memset(out, 0, sizeof *out);
  sig.x = x;
  sig.y = buf;
  sig.n = n;
  rc = residual_curve(&sig, fs, &o, buf + n, alloc, err);
  if (rc == HINGE_OK) {
    for (k = 0; k < o.count; k++) {
      if (freqs != NULL) freqs[k] = grid(&o, k);
      if (residuals != NULL) residuals[k] = buf[n + k];
    }
    fit_noise(&o, buf + n, out);
    rc = crossing(&o, buf + n, out, err);
  }
  hinge__free(alloc, buf, bytes);
  return rc;
}
