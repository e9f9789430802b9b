/*
 * savgol.c -- Savitzky-Golay smoothing and derivatives equal to
 * scipy.signal.savgol_filter(..., mode='interp').
 *
 * The least-squares polynomial of a window is computed once, by a
 * Householder QR factorisation of the window's Vandermonde matrix in the
 * scaled abscissa u = (k - window/2) / (window/2), which keeps the matrix
 * well conditioned for any window.  From it come the interior weights
 * (Q R^-T e, one dot product per output sample) and, at each end, the
 * polynomial fitted to the first or last window samples (R^-1 Q^T x),
 * evaluated at the samples within window/2 of the end, as scipy does.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "filter_internal.h"
#include "base/internal.h"

typedef struct sg_plan {
  int w, m, half, deriv; /* window, polyorder + 1, window / 2, derivative */
  double s;              /* abscissa scale: u = t / s */
  double factor;         /* 1 / delta^deriv: derivatives per second */
  double *a;             /* w x m, column-major: Householder vectors below R */
  double *tau;           /* m Householder scalars */
  double *h;             /* w interior weights */
  double *work;          /* w scratch for the edge fits */
  double *copy;          /* a copy of the run when filtering in place */
  size_t ncopy;
} sg_plan;

void hinge_savgol_opts_init(hinge_savgol_opts *o) {
  if (o == NULL) return;
  o->window = 0;
  o->polyorder = 2;
  o->deriv = 0;
  o->fs = 0.0;
}

static int check_shape(int window, int polyorder, int deriv, hinge_error *err) {
  if (window < 1 || window % 2 == 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "Savitzky-Golay window must be a positive odd number (got %d)", window);
  if (polyorder < 0 || polyorder >= window)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "Savitzky-Golay polyorder must be 0..window-1 = %d (got %d)",
                       window - 1, polyorder);
  if (deriv < 0 || deriv > polyorder)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "Savitzky-Golay derivative must be 0..polyorder = %d (got %d)",
                       polyorder, deriv);
  return HINGE_OK;
}

int hinge_savgol_check(const hinge_savgol_opts *o, hinge_error *err) {
  return hinge_savgol_opts_check(o, err);
}

int hinge_savgol_opts_check(const hinge_savgol_opts *o, hinge_error *err) {
  int rc;
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "savgol: NULL options");
  if ((rc = check_shape(o->window, o->polyorder, o->deriv, err)) != HINGE_OK) return rc;
  if (o->deriv > 0 && !(o->fs > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "a Savitzky-Golay derivative needs a positive sample rate fs (got %g Hz)",
                       o->fs);
  if (!(o->fs >= 0) || !isfinite(o->fs))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "Savitzky-Golay sample rate must be positive and finite (got %g Hz)", o->fs);
  return HINGE_OK;
}

/* Householder QR of p->a in place (LAPACK's dgeqr2 convention: v[0] = 1
 * implied, R on and above the diagonal). */
static void householder_qr(sg_plan *p) {
  int j, k, c, w = p->w;
  for (j = 0; j < p->m; j++) {
    double *col = p->a + (size_t)j * w, norm = 0, beta, v0;
    for (k = j; k < w; k++) norm = hypot(norm, col[k]);
    beta = col[j] >= 0 ? -norm : norm;
    v0 = col[j] - beta;
    p->tau[j] = (beta - col[j]) / beta;
    for (k = j + 1; k < w; k++) col[k] /= v0;
    col[j] = beta;
    for (c = j + 1; c < p->m; c++) {
      double *cc = p->a + (size_t)c * w, dot = cc[j];
      for (k = j + 1; k < w; k++) dot += col[k] * cc[k];
      dot *= p->tau[j];
      cc[j] -= dot;
      for (k = j + 1; k < w; k++) cc[k] -= dot * col[k];
    }
  }
}

/* v <- H_j v for reflector j. */
static void reflect(const sg_plan *p, int j, double *v) {
  const double *col = p->a + (size_t)j * p->w;
  double dot = v[j];
  int k;
  for (k = j + 1; k < p->w; k++) dot += col[k] * v[k];
  dot *= p->tau[j];
  v[j] -= dot;
  for (k = j + 1; k < p->w; k++) v[k] -= dot * col[k];
}

static double r_at(const sg_plan *p, int row, int col) { return p->a[(size_t)col * p->w + row]; }

/* Coefficients (in u) of the least-squares polynomial through d[0..w-1]:
 * c = R^-1 (Q^T d)[0..m-1]; d is overwritten. */
static void fit(const sg_plan *p, double *d, double *c) {
  int j, i;
  for (j = 0; j < p->m; j++) reflect(p, j, d);
  for (i = p->m; i-- > 0;) {
    double v = d[i];
    for (j = i + 1; j < p->m; j++) v -= r_at(p, i, j) * c[j];
    c[i] = v / r_at(p, i, i);
  }
}

/* The deriv-th derivative (per sample, times factor) of sum_j c_j (t/s)^j. */
static double eval_poly(const sg_plan *p, const double *c, double t) {
  double v = 0, tp = 1;
  int j, q;
  for (j = p->deriv; j < p->m; j++) {
    double f = 1;
    for (q = j - p->deriv + 1; q <= j; q++) f *= q; /* j! / (j - deriv)! */
    v += c[j] * f * tp / pow(p->s, j);
    tp *= t;
  }
  return v * p->factor;
}

/* Interior weights h = Q R^-T e, where e picks the deriv-th derivative at
 * the window centre: e_j = deriv! / s^deriv for j = deriv, else 0. */
static void interior_weights(sg_plan *p) {
  double *z = p->work, f = 1; /* work has w >= m entries */
  int i, j;
  for (i = 2; i <= p->deriv; i++) f *= i;
  for (i = 0; i < p->m; i++) { /* forward substitution R^T z = e */
    double v = i == p->deriv ? f / pow(p->s, p->deriv) * p->factor : 0;
    for (j = 0; j < i; j++) v -= r_at(p, j, i) * z[j];
    z[i] = v / r_at(p, i, i);
  }
  for (i = 0; i < p->w; i++) p->h[i] = i < p->m ? z[i] : 0;
  for (j = p->m; j-- > 0;) reflect(p, j, p->h);
}

/* What a plan computes: the window, the polynomial order, the derivative
 * and the sample spacing it is taken per. */
typedef struct sg_shape {
  int window, polyorder, deriv;
  double delta;
} sg_shape;

static void shape_set(sg_shape *sh, int window, int polyorder, int deriv, double delta) {
  sh->window = window;
  sh->polyorder = polyorder;
  sh->deriv = deriv;
  sh->delta = delta;
}

/* Allocate and factor the plan; ncopy extra doubles for in-place runs. */
static int plan_init(sg_plan *p, const sg_shape *sh, size_t ncopy, const hinge_allocator *alloc,
                     hinge_error *err) {
  int window = sh->window, deriv = sh->deriv;
  double delta = sh->delta;
  size_t w = (size_t)window, m = (size_t)sh->polyorder + 1, total, k, j;
  memset(p, 0, sizeof *p);
  p->w = window;
  p->m = (int)m;
  p->half = window / 2;
  p->deriv = deriv;
  p->s = p->half > 0 ? p->half : 1;
  p->factor = deriv > 0 ? 1.0 / pow(delta, deriv) : 1.0;
  total = w * m + m + 2 * w + ncopy;
  if (ncopy > ((size_t)-1) / sizeof(double) - w * m - m - 2 * w ||
      (p->a = hinge__malloc(alloc, total * sizeof(double))) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "Savitzky-Golay: out of memory");
  p->tau = p->a + w * m;
  p->h = p->tau + m;
  p->work = p->h + w;
  p->copy = ncopy ? p->work + w : NULL;
  p->ncopy = ncopy;
  for (j = 0; j < m; j++)
    for (k = 0; k < w; k++)
      p->a[j * w + k] = pow(((double)k - p->half) / p->s, (double)j);
  householder_qr(p);
  interior_weights(p);
  return HINGE_OK;
}

static void plan_free(sg_plan *p, const hinge_allocator *alloc) {
  size_t w = (size_t)p->w, m = (size_t)p->m;
  hinge__free(alloc, p->a, (w * m + m + 2 * w + p->ncopy) * sizeof(double));
}

/* Fit the window x[0..w-1] and write its values at positions
 * first..first+count-1 of that window into y. */
static void fit_edge(sg_plan *p, const double *x, double *y, int first, int count) {
  int i;
  memcpy(p->work, x, (size_t)p->w * sizeof *x);
  fit(p, p->work, p->work); /* c[i] only reads d[i] and c[j > i]: safe in place */
  for (i = 0; i < count; i++) y[i] = eval_poly(p, p->work, (double)(first + i - p->half));
}

static int savgol_one(void *ctx, const double *x, double *y, size_t n, hinge_error *err) {
  sg_plan *p = ctx;
  size_t i, half = (size_t)p->half, w = (size_t)p->w;
  int k;
  (void)err;
  if (x == y) { /* the convolution reads neighbours that are being overwritten */
    memcpy(p->copy, x, n * sizeof *x);
    x = p->copy;
  }
  for (i = half; i + half < n; i++) {
    const double *xi = x + i - half;
    double v = 0;
    for (k = 0; k < p->w; k++) v += p->h[k] * xi[k];
    y[i] = v;
  }
  fit_edge(p, x, y, 0, p->half);
  fit_edge(p, x + n - w, y + n - half, p->w - p->half, p->half);
  return HINGE_OK;
}

int hinge_savgol(const double *x, double *y, size_t n, const hinge_savgol_opts *o,
                 hinge_filter_report *rep, const hinge_allocator *alloc, hinge_error *err) {
  sg_plan p;
  sg_shape sh;
  hinge__run_filter f;
  char what[64];
  int rc;
  if ((rc = hinge_savgol_opts_check(o, err)) != HINGE_OK) return rc;
  if ((x == NULL || y == NULL) && n > 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "savgol: NULL array");
  shape_set(&sh, o->window, o->polyorder, o->deriv, o->deriv ? 1.0 / o->fs : 1.0);
  rc = plan_init(&p, &sh, x == y ? hinge__longest_run(x, n) : 0, alloc, err);
  if (rc != HINGE_OK) return rc;
  snprintf(what, sizeof what, "a Savitzky-Golay window of %d", o->window);
  f.min_length = (size_t)o->window;
  f.what = what;
  f.fn = savgol_one;
  f.ctx = &p;
  rc = hinge__filter_runs(x, y, n, &f, rep, err);
  plan_free(&p, alloc);
  return rc;
}

int hinge_savgol_coeffs(int window, int polyorder, int deriv, double delta, double *coeffs,
                        const hinge_allocator *alloc, hinge_error *err) {
  sg_plan p;
  sg_shape sh;
  int rc = check_shape(window, polyorder, deriv, err);
  if (rc != HINGE_OK) return rc;
  if (coeffs == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "savgol_coeffs: NULL coeffs");
  if (!(delta > 0) || !isfinite(delta))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "Savitzky-Golay delta must be positive and finite (got %g)", delta);
  shape_set(&sh, window, polyorder, deriv, delta);
  if ((rc = plan_init(&p, &sh, 0, alloc, err)) != HINGE_OK) return rc;
  memcpy(coeffs, p.h, (size_t)window * sizeof *coeffs);
  plan_free(&p, alloc);
  return HINGE_OK;
}

int hinge_savgol_describe(const hinge_savgol_opts *o, char *buf, size_t size) {
  if (o->deriv > 0)
    return snprintf(buf, size, "Savitzky-Golay window %d polyorder %d derivative %d (per s)",
                    o->window, o->polyorder, o->deriv);
  return snprintf(buf, size, "Savitzky-Golay window %d polyorder %d", o->window, o->polyorder);
}
