/*
 * fusion.c -- orientation from an accelerometer and a gyroscope, and a
 * segment's sagittal inclination from its orientation (kin.h).
 *
 * The filter is Madgwick's (S. O. H. Madgwick, "An efficient orientation
 * filter for inertial and inertial/magnetic sensor arrays", University of
 * Bristol, 2010), IMU form: the rate of change of the orientation is the
 * gyroscope's (q' = q (0, w) / 2, eq. 11) minus beta times the normalised
 * gradient of the error between the measured and the predicted direction
 * of gravity (eqs. 25-26 and 33, one gradient step per sample), integrated
 * over each sample's own time step.  docs/algorithms.md, "Wearable IMUs",
 * says how the gain, the start and the sagittal axis are chosen.
 */
#include <math.h>
#include <string.h>

#include "base/internal.h"
#include "kin.h"

#define PI 3.14159265358979323846

static int finite3(const double v[3]) {
  return isfinite(v[0]) && isfinite(v[1]) && isfinite(v[2]);
}

void hinge__madgwick_step(hinge__madgwick *f, const double gyro[3], const double acc[3],
                          double dt) {
  hinge__quat q = f->q, dq;
  hinge__quat w = {0, gyro[0], gyro[1], gyro[2]};
  double an = sqrt(acc[0] * acc[0] + acc[1] * acc[1] + acc[2] * acc[2]);
  /* q' from the gyroscope (eq. 11) */
  dq = hinge__quat_mul(q, w);
  dq.w *= 0.5;
  dq.x *= 0.5;
  dq.y *= 0.5;
  dq.z *= 0.5;
  if (an > 0 && isfinite(an)) {
    /* f = q* g q - a (eq. 25, g = e_z, a normalised); gradient J' f (eq. 26) */
    double ax = acc[0] / an, ay = acc[1] / an, az = acc[2] / an;
    double f0 = 2 * (q.x * q.z - q.w * q.y) - ax;
    double f1 = 2 * (q.w * q.x + q.y * q.z) - ay;
    double f2 = 2 * (0.5 - q.x * q.x - q.y * q.y) - az;
    double gw = -2 * q.y * f0 + 2 * q.x * f1;
    double gx = 2 * q.z * f0 + 2 * q.w * f1 - 4 * q.x * f2;
    double gy = -2 * q.w * f0 + 2 * q.z * f1 - 4 * q.y * f2;
    double gz = 2 * q.x * f0 + 2 * q.y * f1;
    double gn = sqrt(gw * gw + gx * gx + gy * gy + gz * gz);
    if (gn > 0) { /* eq. 33 and 42-43: q' = q'_gyro - beta grad / |grad| */
      dq.w -= f->beta * gw / gn;
      dq.x -= f->beta * gx / gn;
      dq.y -= f->beta * gy / gn;
      dq.z -= f->beta * gz / gn;
    }
  }
  q.w += dq.w * dt;
  q.x += dq.x * dt;
  q.y += dq.y * dt;
  q.z += dq.z * dt;
  f->q = hinge__quat_normalize(q);
}

/* The gyroscope's offset: the mean rate over the first init_s seconds
 * when the sensor is still there (every valid sample under
 * HINGE__STILL_RAD_S), else zero. */
static void start_bias(const hinge__imu_series *s, double init_s, double bias[3]) {
  double sum[3] = {0, 0, 0}, t0 = NAN;
  size_t i, k = 0;
  bias[0] = bias[1] = bias[2] = 0;
  for (i = 0; i < s->n; i++) {
    double g[3] = {s->gyr[0][i], s->gyr[1][i], s->gyr[2][i]};
    if (!finite3(g) || !isfinite(s->t[i])) continue;
    if (isnan(t0)) t0 = s->t[i];
    if (s->t[i] - t0 > init_s) break;
    if (sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]) > HINGE__STILL_RAD_S) return;
    sum[0] += g[0];
    sum[1] += g[1];
    sum[2] += g[2];
    k++;
  }
  if (k < 5) return;
  bias[0] = sum[0] / (double)k;
  bias[1] = sum[1] / (double)k;
  bias[2] = sum[2] / (double)k;
}

int hinge__fuse(const hinge__imu_series *s, hinge__quat *q, hinge_error *err) {
  static const double ez[3] = {0, 0, 1};
  double init_s = s->init_s > 0 ? s->init_s : HINGE__FUSION_INIT_S;
  double sum[3] = {0, 0, 0}, t0 = NAN, bias[3];
  hinge__madgwick f;
  size_t i, k = 0;
  for (i = 0; i < s->n; i++) {
    double a[3] = {s->acc[0][i], s->acc[1][i], s->acc[2][i]};
    if (!finite3(a) || !isfinite(s->t[i])) continue;
    if (isnan(t0)) t0 = s->t[i];
    if (s->t[i] - t0 > init_s && k > 0) break;
    sum[0] += a[0];
    sum[1] += a[1];
    sum[2] += a[2];
    k++;
  }
  if (k == 0 || (sum[0] == 0 && sum[1] == 0 && sum[2] == 0))
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0,
                       "no valid accelerometer sample to start the orientation from");
  f.beta = s->beta > 0 ? s->beta : HINGE__MADGWICK_BETA;
  f.q = hinge__quat_between(sum, ez); /* the mean gravity straight up, heading 0 */
  start_bias(s, init_s, bias);
  for (i = 0; i < s->n; i++) {
    double a[3] = {s->acc[0][i], s->acc[1][i], s->acc[2][i]};
    double g[3] = {s->gyr[0][i] - bias[0], s->gyr[1][i] - bias[1], s->gyr[2][i] - bias[2]};
    double dt = i > 0 ? s->t[i] - s->t[i - 1] : 0;
    if (i > 0) { /* the mean rate over the step (trapezoid), when both ends have one */
      double g0[3] = {s->gyr[0][i - 1] - bias[0], s->gyr[1][i - 1] - bias[1],
                      s->gyr[2][i - 1] - bias[2]};
      if (finite3(g0) && finite3(g)) {
        g[0] = (g[0] + g0[0]) / 2;
        g[1] = (g[1] + g0[1]) / 2;
        g[2] = (g[2] + g0[2]) / 2;
      }
    }
    if (!finite3(g)) g[0] = g[1] = g[2] = 0;
    if (!finite3(a)) a[0] = a[1] = a[2] = 0;
    if (isfinite(dt) && dt > 0) hinge__madgwick_step(&f, g, a, dt);
    q[i] = f.q;
  }
  return HINGE_OK;
}

/* ---- the sagittal inclination ---- */

/* The angular velocity at sample i in the sensor frame into w: the
 * gyroscope's, else from orientations i and i + 1 (or i - 1 and i).
 * 0 when there is none. */
static int omega(const hinge__sagittal_in *in, size_t i, double w[3]) {
  hinge__quat a, b, d;
  double dt, s;
  size_t j;
  if (in->gyr[0] != NULL) {
    w[0] = in->gyr[0][i];
    w[1] = in->gyr[1][i];
    w[2] = in->gyr[2][i];
    return finite3(w);
  }
  if (in->n < 2) return 0;
  j = i + 1 < in->n ? i : i - 1;
  a = in->q[j];
  b = in->q[j + 1];
  dt = in->t[j + 1] - in->t[j];
  if (isnan(a.w) || isnan(b.w) || !(dt > 0)) return 0;
  d = hinge__quat_mul(hinge__quat_conj(a), b);
  s = d.w < 0 ? -2 / dt : 2 / dt; /* the short way round */
  w[0] = d.x * s;
  w[1] = d.y * s;
  w[2] = d.z * s;
  return finite3(w);
}

/* The unit eigenvector of the largest eigenvalue of the symmetric c
 * (power iteration from its largest column) into m; returns the
 * eigenvalue. */
static double principal(double c[3][3], double m[3]) {
  int i, it, best = 0;
  double lambda = 0;
  for (i = 1; i < 3; i++)
    if (c[i][i] > c[best][best]) best = i;
  for (i = 0; i < 3; i++) m[i] = c[i][best];
  for (it = 0; it < 500; it++) {
    double v[3], n;
    for (i = 0; i < 3; i++) v[i] = c[i][0] * m[0] + c[i][1] * m[1] + c[i][2] * m[2];
    n = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(n > 0)) break;
    lambda = n;
    for (i = 0; i < 3; i++) m[i] = v[i] / n;
  }
  return lambda;
}

static void cross(const double a[3], const double b[3], double c[3]) {
  c[0] = a[1] * b[2] - a[2] * b[1];
  c[1] = a[2] * b[0] - a[0] * b[2];
  c[2] = a[0] * b[1] - a[1] * b[0];
}

static double dot(const double a[3], const double b[3]) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* The sagittal axis m and the reference up direction u0 (normal to m). */
static int plane(const hinge__sagittal_in *in, double m[3], double u0[3], double *share,
                 hinge_error *err) {
  double c[3][3], ref_s = in->ref_s > 0 ? in->ref_s : HINGE__FUSION_INIT_S;
  double t0 = NAN, d, n, trace;
  size_t i, k = 0;
  int a, b;
  memset(c, 0, sizeof c);
  u0[0] = u0[1] = u0[2] = 0;
  for (i = 0; i < in->n; i++) {
    double w[3], up[3];
    if (omega(in, i, w))
      for (a = 0; a < 3; a++)
        for (b = 0; b < 3; b++) c[a][b] += w[a] * w[b];
    if (isnan(in->q[i].w) || !isfinite(in->t[i])) continue;
    if (isnan(t0)) t0 = in->t[i];
    if (in->t[i] - t0 <= ref_s || k == 0) {
      hinge__quat_up(in->q[i], up);
      u0[0] += up[0];
      u0[1] += up[1];
      u0[2] += up[2];
      k++;
    }
  }
  trace = c[0][0] + c[1][1] + c[2][2];
  if (k == 0 || !(trace > 0))
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0,
                       "the sensor never rotates: no sagittal axis to measure about");
  *share = principal(c, m) / trace;
  d = dot(u0, m);
  for (a = 0; a < 3; a++) u0[a] -= d * m[a];
  n = sqrt(dot(u0, u0));
  if (!(n > 1e-6 * (double)k))
    return hinge__fail(err, HINGE_ENODATA, NULL, 0, 0,
                       "the sensor's main rotation axis is vertical at the start: no "
                       "sagittal plane");
  for (a = 0; a < 3; a++) u0[a] /= n;
  return HINGE_OK;
}

int hinge__sagittal(const hinge__sagittal_in *in, double *deg, hinge__sagittal_info *info,
                    hinge_error *err) {
  double m[3], u0[3], f0[3], share = 0, prev = NAN, lo = 0, hi = 0, turns = 0;
  size_t i;
  int rc;
  if (info != NULL) memset(info, 0, sizeof *info);
  if ((rc = plane(in, m, u0, &share, err)) != HINGE_OK) return rc;
  cross(m, u0, f0);
  for (i = 0; i < in->n; i++) {
    double up[3], a;
    if (isnan(in->q[i].w)) {
      deg[i] = NAN;
      continue;
    }
    hinge__quat_up(in->q[i], up);
    /* a segment turned by +a about m sees the vertical turned by -a */
    a = atan2(-dot(up, f0), dot(up, u0)) * 180 / PI;
    if (!isnan(prev)) { /* unwrap across +-180 */
      while (a + turns - prev > 180) turns -= 360;
      while (a + turns - prev < -180) turns += 360;
    }
    a += turns;
    prev = a;
    deg[i] = a;
    if (a > hi) hi = a;
    if (a < lo) lo = a;
  }
  if (-lo > hi) { /* the larger excursion from the start is flexion */
    for (i = 0; i < in->n; i++) deg[i] = -deg[i];
    m[0] = -m[0];
    m[1] = -m[1];
    m[2] = -m[2];
  }
  if (info != NULL) {
    memcpy(info->axis, m, sizeof m);
    info->axis_share = share;
    info->flipped = -lo > hi;
  }
  return HINGE_OK;
}
