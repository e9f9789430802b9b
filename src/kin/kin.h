/*
 * kin.h -- kinematics on plain arrays (the layer src/kin/, docs/internals.md):
 * quaternions (quat.c), the sensor-fusion filter and the sagittal
 * inclination of a segment from its orientation (fusion.c), keypoint
 * geometry (pose.c).  Depends on base/ only; io/ (the readers), lift/,
 * cli/ and lua/ may use it.  The rules and their sources are
 * docs/algorithms.md, "Wearable IMUs".
 */
#ifndef HINGE_KIN_H
#define HINGE_KIN_H

#include <stddef.h>

#include "hinge/common.h"

/* ---- quaternions (quat.c) ----
 * Hamilton convention, w the scalar part.  An orientation q maps vectors
 * from the sensor frame to the world frame: v_world = q v_sensor q*. */
typedef struct hinge__quat {
  double w, x, y, z;
} hinge__quat;

hinge__quat hinge__quat_mul(hinge__quat a, hinge__quat b);
hinge__quat hinge__quat_conj(hinge__quat q);
/* q / |q|; the identity for a zero or non-finite q. */
hinge__quat hinge__quat_normalize(hinge__quat q);
/* out = q v q* (out may be v). */
void hinge__quat_rotate(hinge__quat q, const double v[3], double out[3]);
/* The rotation by angle (rad) about axis (normalised here; the identity
 * for a zero axis). */
hinge__quat hinge__quat_axis_angle(const double axis[3], double angle);
/* The shortest rotation taking the direction of a to the direction of b
 * (neither need be unit; the identity when either is zero). */
hinge__quat hinge__quat_between(const double a[3], const double b[3]);
/* The direction of the world's vertical axis (+z) in the sensor frame:
 * q* e_z q. */
void hinge__quat_up(hinge__quat q, double up[3]);

/* ---- the fusion filter (fusion.c) ----
 * Madgwick's gradient-descent orientation filter, IMU form (accelerometer
 * and gyroscope): S. O. H. Madgwick, "An efficient orientation filter for
 * inertial and inertial/magnetic sensor arrays", report, University of
 * Bristol, 2010, section 3 (eqs. 25, 33, 42-44 without the magnetometer). */
#define HINGE__MADGWICK_BETA 0.033 /* rad/s, the gain (docs/algorithms.md) */
#define HINGE__FUSION_INIT_S 0.5   /* s of samples for the start */
#define HINGE__STILL_RAD_S 0.2     /* still: every rate under this at the start */

typedef struct hinge__madgwick {
  hinge__quat q; /* the current orientation, sensor to world */
  double beta;   /* gain: the rate (rad/s) the accelerometer corrects at */
} hinge__madgwick;

/* One step: gyro in rad/s (sensor frame), acc in any unit (only its
 * direction is used; a zero or non-finite acc skips the correction), dt
 * the step in seconds (this step's own, for irregular sampling). */
void hinge__madgwick_step(hinge__madgwick *f, const double gyro[3], const double acc[3], double dt);

/* Inputs of a whole recording: n samples at times t (s, increasing), the
 * accelerometer (any unit) and gyroscope (rad/s) axes.  NaN samples are
 * missing: a missing accelerometer sample skips the correction, a missing
 * gyroscope sample holds the orientation; either makes that output
 * sample's inclination NaN (but not the filter's state). */
typedef struct hinge__imu_series {
  const double *t;
  const double *acc[3];
  const double *gyr[3];
  size_t n;
  double beta;   /* 0 = HINGE__MADGWICK_BETA */
  double init_s; /* 0 = HINGE__FUSION_INIT_S */
} hinge__imu_series;

/* The orientation at every sample into q[n] (caller's array).  The start
 * is the orientation that puts the mean of the valid accelerometer samples
 * of the first init_s seconds straight up (heading 0); when the gyroscope
 * is still over those seconds (every rate under HINGE__STILL_RAD_S), its
 * mean there is the gyroscope's offset, subtracted throughout.  HINGE_OK, or
 * HINGE_ENODATA when no accelerometer sample in the recording is valid. */
int hinge__fuse(const hinge__imu_series *s, hinge__quat *q, hinge_error *err);

/* The sagittal inclination of a segment from its orientations q[n] at
 * times t (a NaN q.w marks a missing sample).  The mediolateral axis m is
 * the principal axis of the angular velocity in the sensor frame (from
 * gyro when given, else from successive orientations); zero is the mean
 * orientation of the first ref_s seconds (the recording starts standing);
 * the angle is the rotation of the world's vertical about m in the sensor
 * frame, signed so that the larger excursion from zero is positive
 * (flexion, forward lean).  Degrees into deg[n]. */
typedef struct hinge__sagittal_in {
  const double *t;
  const hinge__quat *q;
  const double *gyr[3]; /* rad/s, or all NULL */
  size_t n;
  double ref_s;         /* 0 = HINGE__FUSION_INIT_S */
} hinge__sagittal_in;

typedef struct hinge__sagittal_info {
  double axis[3];       /* m, in the sensor frame, unit, signed as used */
  double axis_share;    /* the share of the angular velocity's power about m */
  int flipped;          /* the sign rule negated the angle */
} hinge__sagittal_info;

int hinge__sagittal(const hinge__sagittal_in *in, double *deg, hinge__sagittal_info *info,
                    hinge_error *err);

#endif /* HINGE_KIN_H */
