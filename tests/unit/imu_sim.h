/*
 * imu_sim.h -- simulated body-worn IMUs with a known orientation, for the
 * tests of src/kin and the IMU reader (the same model as
 * tests/data/imu/gen_imu.py, which writes the CSV sessions):
 *
 *   segment   q_seg(t) = Rz(yaw) Rx(lateral) Ry(theta): theta the sagittal
 *             inclination (the truth), about the segment's mediolateral
 *             axis, after a small yaw and lateral wobble;
 *   sensor    q(t) = q_seg(t) q_mount (a fixed, arbitrary mounting);
 *   position  p(t) = (0, 0, pivot_z(t)) + R_seg(t) (0, 0, radius);
 *   accel     q* (p'' + g e_z) q + noise (specific force, m/s^2);
 *   gyro      the body-frame angular rate 2 vec(q* q') + bias + noise (rad/s).
 *
 * Derivatives by central differences of 1 ms.  Noise is Gaussian from a
 * seeded xorshift generator, so every run is the same.
 */
#ifndef HINGE_TEST_IMU_SIM_H
#define HINGE_TEST_IMU_SIM_H

#include <math.h>
#include <stdint.h>

#include "kin/kin.h"

#define SIM_PI 3.14159265358979323846
#define SIM_G 9.80665

typedef struct sim_rng {
  uint64_t s;
} sim_rng;

static double sim_uniform(sim_rng *r) {
  r->s ^= r->s << 13;
  r->s ^= r->s >> 7;
  r->s ^= r->s << 17;
  return ((double)(r->s >> 11) + 0.5) / 9007199254740992.0;
}

static double sim_gauss(sim_rng *r) {
  double u = sim_uniform(r), v = sim_uniform(r);
  return sqrt(-2 * log(u)) * cos(2 * SIM_PI * v);
}

/* A set of reps: stand, then (down, bottom, up, top) x reps, then stand;
 * the angle goes 0 -> amp[k] -> 0 with a half-cosine. */
typedef struct sim_reps {
  double stand_s, down_s, bottom_s, up_s, top_s;
  int reps;
  double amp_deg;
  double (*extra)(const struct sim_reps *r, double t); /* added to the angle, or NULL */
  const void *ctx;
} sim_reps;

static double sim_reps_len(const sim_reps *r) {
  return 2 * r->stand_s + r->reps * (r->down_s + r->bottom_s + r->up_s + r->top_s);
}

/* The phase of t: the rep k (or -1 standing) and the position 0..1 in the
 * rep's cycle; the angle's shape 0..1 into *shape. */
static int sim_reps_phase(const sim_reps *r, double t, double *shape, double *u) {
  double cyc = r->down_s + r->bottom_s + r->up_s + r->top_s, x;
  int k;
  *shape = 0;
  *u = 0;
  if (t < r->stand_s) return -1;
  k = (int)floor((t - r->stand_s) / cyc);
  if (k >= r->reps) return -1;
  x = t - r->stand_s - k * cyc;
  *u = x / cyc;
  if (x < r->down_s) *shape = 0.5 - 0.5 * cos(SIM_PI * x / r->down_s);
  else if (x < r->down_s + r->bottom_s) *shape = 1;
  else if (x < r->down_s + r->bottom_s + r->up_s)
    *shape = 0.5 + 0.5 * cos(SIM_PI * (x - r->down_s - r->bottom_s) / r->up_s);
  return k;
}

static double sim_reps_angle(const sim_reps *r, double t) {
  double shape, u;
  sim_reps_phase(r, t, &shape, &u);
  return r->amp_deg * shape + (r->extra ? r->extra(r, t) : 0);
}

typedef struct sim_sensor {
  double mount_axis[3], mount_deg; /* the sensor's mounting on the segment */
  double radius;                   /* m from the pivot along the segment */
  double wobble_deg;               /* lateral and yaw wobble amplitude */
  double acc_noise, gyr_noise;     /* m/s^2, rad/s (standard deviations) */
  double gyr_bias[3];              /* rad/s */
  uint64_t seed;
} sim_sensor;

/* theta(t) in degrees, pivot_z(t) in metres */
typedef double (*sim_fn)(const void *ctx, double t);

static hinge__quat sim_q(const sim_sensor *s, sim_fn theta, const void *ctx, double t) {
  static const double ex[3] = {1, 0, 0}, ey[3] = {0, 1, 0}, ez[3] = {0, 0, 1};
  double w = s->wobble_deg * SIM_PI / 180;
  hinge__quat qz = hinge__quat_axis_angle(ez, w * sin(2 * SIM_PI * 0.37 * t));
  hinge__quat qx = hinge__quat_axis_angle(ex, w * sin(2 * SIM_PI * 0.23 * t + 1));
  hinge__quat qy = hinge__quat_axis_angle(ey, theta(ctx, t) * SIM_PI / 180);
  hinge__quat qm = hinge__quat_axis_angle(s->mount_axis, s->mount_deg * SIM_PI / 180);
  return hinge__quat_mul(hinge__quat_mul(hinge__quat_mul(qz, qx), qy), qm);
}

static void sim_pos(const sim_sensor *s, sim_fn theta, sim_fn pivot, const void *ctx, double t,
                    double p[3]) {
  static const double ex[3] = {1, 0, 0}, ey[3] = {0, 1, 0}, ez[3] = {0, 0, 1};
  double w = s->wobble_deg * SIM_PI / 180, r[3] = {0, 0, s->radius};
  hinge__quat qz = hinge__quat_axis_angle(ez, w * sin(2 * SIM_PI * 0.37 * t));
  hinge__quat qx = hinge__quat_axis_angle(ex, w * sin(2 * SIM_PI * 0.23 * t + 1));
  hinge__quat qy = hinge__quat_axis_angle(ey, theta(ctx, t) * SIM_PI / 180);
  hinge__quat_rotate(hinge__quat_mul(hinge__quat_mul(qz, qx), qy), r, p);
  if (pivot) p[2] += pivot(ctx, t);
}

/* One sample at t: accelerometer (m/s^2) and gyroscope (rad/s), with noise. */
static void sim_sample(const sim_sensor *s, sim_fn theta, sim_fn pivot, const void *ctx,
                       double t, sim_rng *rng, double acc[3], double gyr[3]) {
  const double h = 1e-3;
  double pm[3], p0[3], pp[3], a[3];
  hinge__quat q = sim_q(s, theta, ctx, t), qm = sim_q(s, theta, ctx, t - h);
  hinge__quat qp = sim_q(s, theta, ctx, t + h), d, dq;
  int k;
  sim_pos(s, theta, pivot, ctx, t - h, pm);
  sim_pos(s, theta, pivot, ctx, t, p0);
  sim_pos(s, theta, pivot, ctx, t + h, pp);
  for (k = 0; k < 3; k++) a[k] = (pp[k] - 2 * p0[k] + pm[k]) / (h * h);
  a[2] += SIM_G;
  hinge__quat_rotate(hinge__quat_conj(q), a, acc);
  dq.w = (qp.w - qm.w) / (2 * h);
  dq.x = (qp.x - qm.x) / (2 * h);
  dq.y = (qp.y - qm.y) / (2 * h);
  dq.z = (qp.z - qm.z) / (2 * h);
  d = hinge__quat_mul(hinge__quat_conj(q), dq);
  gyr[0] = 2 * d.x;
  gyr[1] = 2 * d.y;
  gyr[2] = 2 * d.z;
  for (k = 0; k < 3; k++) {
    acc[k] += s->acc_noise * sim_gauss(rng);
    gyr[k] += s->gyr_bias[k] + s->gyr_noise * sim_gauss(rng);
  }
}

/* Times from 0 to len at about fs Hz, each step off by up to +-jitter
 * (a fraction of the step). */
static size_t sim_times(double fs, double len, double jitter, uint64_t seed, double *t,
                        size_t cap) {
  sim_rng r = {seed};
  size_t n = 0;
  double x = 0;
  while (x <= len && n < cap) {
    t[n++] = x;
    x += (1 + jitter * (2 * sim_uniform(&r) - 1)) / fs;
  }
  return n;
}

#endif
