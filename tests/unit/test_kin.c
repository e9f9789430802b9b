/*
 * test_kin.c -- src/kin: quaternions against closed forms, the Madgwick
 * filter against known orientations, and the sagittal inclination of
 * simulated sensors (imu_sim.h) against their truth: within 2 deg RMSE.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "imu_sim.h"
#include "kin/kin.h"

#define D2R (SIM_PI / 180)

Test(kin_quat, rotate_closed_form) {
  double ez[3] = {0, 0, 1}, v[3] = {1, 0, 0}, out[3];
  hinge__quat q = hinge__quat_axis_angle(ez, SIM_PI / 2); /* +90 deg about z: x -> y */
  hinge__quat_rotate(q, v, out);
  cr_assert_float_eq(out[0], 0, 1e-12);
  cr_assert_float_eq(out[1], 1, 1e-12);
  cr_assert_float_eq(out[2], 0, 1e-12);
  /* composition: two quarter turns about z are a half turn */
  hinge__quat_rotate(hinge__quat_mul(q, q), v, out);
  cr_assert_float_eq(out[0], -1, 1e-12);
  cr_assert_float_eq(out[1], 0, 1e-12);
}

Test(kin_quat, mul_order_and_conj) {
  double ex[3] = {1, 0, 0}, ez[3] = {0, 0, 1}, v[3] = {0, 1, 0}, a[3], b[3];
  hinge__quat qx = hinge__quat_axis_angle(ex, SIM_PI / 2), qz = hinge__quat_axis_angle(ez, SIM_PI / 2);
  /* (qz qx) v = qz (qx v): y -x-> z -z-> z */
  hinge__quat_rotate(hinge__quat_mul(qz, qx), v, a);
  hinge__quat_rotate(qx, v, b);
  hinge__quat_rotate(qz, b, b);
  cr_assert_float_eq(a[0], b[0], 1e-12);
  cr_assert_float_eq(a[1], b[1], 1e-12);
  cr_assert_float_eq(a[2], 1, 1e-12);
  hinge__quat_rotate(hinge__quat_conj(qx), a, a); /* undo the x turn: z -> y */
  cr_assert_float_eq(a[1], 1, 1e-12);
}

Test(kin_quat, between_and_up) {
  double a[3] = {0.3, -2, 0.5}, b[3] = {0, 0, 4}, out[3], up[3];
  double opp[3] = {0, 0, -1};
  hinge__quat q = hinge__quat_between(a, b);
  double n = sqrt(0.09 + 4 + 0.25);
  hinge__quat_rotate(q, a, out);
  cr_assert_float_eq(out[0], 0, 1e-12);
  cr_assert_float_eq(out[1], 0, 1e-12);
  cr_assert_float_eq(out[2], n, 1e-12);
  /* up: the world's vertical in the sensor frame is a's direction */
  hinge__quat_up(q, up);
  cr_assert_float_eq(up[1], -2 / n, 1e-12);
  /* the opposite direction: half a turn */
  q = hinge__quat_between(opp, b);
  hinge__quat_rotate(q, opp, out);
  cr_assert_float_eq(out[2], 1, 1e-12);
  q = hinge__quat_normalize((hinge__quat){0, 0, 0, 0});
  cr_assert_eq(q.w, 1);
}

/* A still sensor tilted 30 deg about x with a biased gyroscope: the
 * filter started level converges to the tilt (its rate is beta). */
Test(kin_madgwick, converges_to_gravity) {
  double ex[3] = {1, 0, 0}, up[3] = {0, 0, SIM_G}, acc[3], g[3] = {0.01, -0.02, 0.015};
  hinge__quat truth = hinge__quat_axis_angle(ex, 30 * D2R);
  hinge__madgwick f = {{1, 0, 0, 0}, HINGE__MADGWICK_BETA};
  double tilt, u[3];
  int i;
  hinge__quat_rotate(hinge__quat_conj(truth), up, acc);
  for (i = 0; i < 1000; i++) hinge__madgwick_step(&f, g, acc, 0.01); /* 10 s */
  hinge__quat_up(f.q, u);
  tilt = acos(u[2]) / D2R;
  cr_assert(fabs(tilt - 30) < 0.5, "tilt %.3f", tilt);
  /* without the accelerometer the same gyro bias drifts */
  f.q = truth;
  acc[0] = acc[1] = acc[2] = NAN;
  for (i = 0; i < 1000; i++) hinge__madgwick_step(&f, g, acc, 0.01);
  hinge__quat_up(f.q, u);
  cr_assert(fabs(acos(u[2]) / D2R - 30) > 0.5);
}

/* Pure rotation: the gyroscope step is the exact integral of a constant
 * rate to first order (100 steps of 1 deg about z). */
Test(kin_madgwick, integrates_gyro) {
  double g[3] = {0, 0, 1 * D2R / 0.01}, a[3] = {0, 0, 1}, v[3] = {1, 0, 0}, out[3];
  hinge__madgwick f = {{1, 0, 0, 0}, HINGE__MADGWICK_BETA};
  int i;
  for (i = 0; i < 90; i++) hinge__madgwick_step(&f, g, a, 0.01);
  hinge__quat_rotate(f.q, v, out);
  cr_assert(fabs(atan2(out[1], out[0]) / D2R - 90) < 0.1, "%.4f", atan2(out[1], out[0]) / D2R);
}

/* ---- simulated segments ---- */

typedef struct seg {
  sim_reps reps;
  double pivot_amp; /* m the pivot drops at the bottom */
} seg;

static double seg_theta(const void *c, double t) {
  return sim_reps_angle(&((const seg *)c)->reps, t);
}

static double seg_pivot(const void *c, double t) {
  const seg *s = c;
  double shape, u;
  sim_reps_phase(&s->reps, t, &shape, &u);
  return -s->pivot_amp * shape;
}

#define CAP 20000

/* The RMSE (deg) of the recovered inclination against the truth. */
static double run_seg(const seg *sg, const sim_sensor *sensor, double fs, double *max_err) {
  static double t[CAP], ax[CAP], ay[CAP], az[CAP], gx[CAP], gy[CAP], gz[CAP], deg[CAP];
  static hinge__quat q[CAP];
  sim_rng rng = {sensor->seed};
  size_t n = sim_times(fs, sim_reps_len(&sg->reps), 0.2, sensor->seed + 1, t, CAP), i;
  hinge__imu_series s = {t, {ax, ay, az}, {gx, gy, gz}, n, 0, 0};
  hinge__sagittal_in in = {t, q, {gx, gy, gz}, n, 0};
  hinge__sagittal_info info;
  hinge_error err;
  double sum = 0;
  for (i = 0; i < n; i++) {
    double a[3], g[3];
    sim_sample(sensor, seg_theta, seg_pivot, sg, t[i], &rng, a, g);
    ax[i] = a[0], ay[i] = a[1], az[i] = a[2], gx[i] = g[0], gy[i] = g[1], gz[i] = g[2];
  }
  cr_assert_eq(hinge__fuse(&s, q, &err), HINGE_OK);
  cr_assert_eq(hinge__sagittal(&in, deg, &info, &err), HINGE_OK);
  cr_assert(info.axis_share > 0.9, "share %.3f", info.axis_share);
  *max_err = 0;
  for (i = 0; i < n; i++) {
    double e = deg[i] - seg_theta(sg, t[i]);
    sum += e * e;
    if (fabs(e) > *max_err) *max_err = fabs(e);
  }
  return sqrt(sum / (double)n);
}

static const sim_sensor TRUNK = {{0.3, 1, -0.4}, 73, 0.15, 2, 0.05, 0.01, {0.02, -0.015, 0.01}, 11};
static const sim_sensor THIGH = {{-1, 0.2, 0.5}, 141, -0.2, 2, 0.05, 0.01, {-0.01, 0.02, 0.02}, 23};

Test(kin_sagittal, squat_trunk_and_thigh_within_2deg) {
  seg trunk = {{2, 1.0, 0.3, 1.0, 0.5, 10, 40, NULL, NULL}, 0.45};
  seg thigh = {{2, 1.0, 0.3, 1.0, 0.5, 10, 95, NULL, NULL}, 0.45};
  double mt, mh;
  double rt = run_seg(&trunk, &TRUNK, 110, &mt), rh = run_seg(&thigh, &THIGH, 110, &mh);
  fprintf(stderr, "kin_sagittal squat @110 Hz: trunk RMSE %.2f deg (max %.2f), thigh RMSE %.2f "
          "deg (max %.2f)\n", rt, mt, rh, mh);
  cr_assert(rt < 2, "trunk RMSE %.3f deg", rt);
  cr_assert(rh < 2, "thigh RMSE %.3f deg", rh);
}

Test(kin_sagittal, deadlift_segment_52hz_within_2deg) {
  seg back = {{2, 1.2, 0.8, 1.5, 1.5, 5, 70, NULL, NULL}, 0.3};
  double m, r = run_seg(&back, &TRUNK, 52, &m);
  fprintf(stderr, "kin_sagittal deadlift @52 Hz: RMSE %.2f deg (max %.2f)\n", r, m);
  cr_assert(r < 2, "RMSE %.3f deg", r);
}

/* Quaternions given directly (no gyroscope): the axis from successive
 * orientations, the angle exact up to the wobble-free truth. */
Test(kin_sagittal, from_quaternions_exact) {
  static double t[2000], deg[2000];
  static hinge__quat q[2000];
  seg sg = {{1, 1.0, 0.2, 1.0, 0.5, 3, 50, NULL, NULL}, 0};
  sim_sensor s = TRUNK;
  hinge__sagittal_in in = {t, q, {NULL, NULL, NULL}, 0, 0};
  hinge_error err;
  size_t i, n = sim_times(100, sim_reps_len(&sg.reps), 0, 1, t, 2000);
  s.wobble_deg = 0;
  for (i = 0; i < n; i++) q[i] = sim_q(&s, seg_theta, &sg, t[i]);
  in.n = n;
  cr_assert_eq(hinge__sagittal(&in, deg, NULL, &err), HINGE_OK);
  for (i = 0; i < n; i++) cr_assert_float_eq(deg[i], seg_theta(&sg, t[i]), 1e-6, "%zu", i);
}

/* The sign rule: a segment that swings backward mostly reads negative
 * excursions as the flexion of a mirrored sensor -- the larger excursion
 * is positive whichever way the sensor's axis points. */
Test(kin_sagittal, sign_from_larger_excursion) {
  static double t[2000], deg[2000];
  static hinge__quat q[2000];
  seg sg = {{1, 1.0, 0.2, 1.0, 0.5, 3, -50, NULL, NULL}, 0};
  sim_sensor s = THIGH;
  hinge__sagittal_in in = {t, q, {NULL, NULL, NULL}, 0, 0};
  hinge__sagittal_info info;
  hinge_error err;
  size_t i, n = sim_times(100, sim_reps_len(&sg.reps), 0, 1, t, 2000);
  s.wobble_deg = 0;
  for (i = 0; i < n; i++) q[i] = sim_q(&s, seg_theta, &sg, t[i]);
  in.n = n;
  cr_assert_eq(hinge__sagittal(&in, deg, &info, &err), HINGE_OK);
  for (i = 0; i < n; i++) cr_assert_float_eq(deg[i], -seg_theta(&sg, t[i]), 1e-6);
}

Test(kin_errors, no_data_and_no_rotation) {
  double t[3] = {0, 0.01, 0.02}, nan3[3] = {NAN, NAN, NAN}, z[3] = {0, 0, 0}, one[3] = {1, 1, 1};
  hinge__quat q[3];
  hinge__imu_series s = {t, {nan3, nan3, nan3}, {z, z, z}, 3, 0, 0};
  hinge__sagittal_in in = {t, q, {z, z, z}, 3, 0};
  hinge_error err;
  cr_assert_eq(hinge__fuse(&s, q, &err), HINGE_ENODATA);
  s.acc[2] = one;
  s.acc[0] = s.acc[1] = z;
  cr_assert_eq(hinge__fuse(&s, q, &err), HINGE_OK);
  cr_assert_eq(hinge__sagittal(&in, t, NULL, &err), HINGE_ENODATA);
  cr_assert(strstr(err.message, "never rotates") != NULL);
}
