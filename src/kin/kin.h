/*
 * kin.h -- kinematics on plain arrays (the layer src/kin/, docs/internals.md):
 * keypoint geometry for video pose estimation (pose.c); quaternions
 * (quat.c), the sensor-fusion filter and the sagittal inclination of a
 * segment from its orientation (fusion.c).  Depends on base/ only; io/
 * (the readers), lift/, cli/ and lua/ may use it.  Not installed; symbols
 * are hinge__.  Angles are degrees.  The rules and their sources are
 * docs/algorithms.md, "Keypoint angles" and "Wearable IMUs".
 */
#ifndef HINGE_KIN_H
#define HINGE_KIN_H

#include <stddef.h>

#include "hinge/common.h"

/* ---- Keypoint geometry (pose.c) ---------------------------------------
 *
 * Image coordinates: x to the right, y DOWN (as every pose tool writes
 * them), in pixels or normalised; only directions matter, so the scale
 * does not (the aspect ratio does: normalised x and y must be scaled to
 * the same length first). */

/* The keypoints the geometry uses, whatever the model called them. */
enum {
  HINGE__KP_NOSE,
  HINGE__KP_LEYE, HINGE__KP_REYE,
  HINGE__KP_LEAR, HINGE__KP_REAR,
  HINGE__KP_LSHOULDER, HINGE__KP_RSHOULDER,
  HINGE__KP_LHIP, HINGE__KP_RHIP,
  HINGE__KP_LKNEE, HINGE__KP_RKNEE,
  HINGE__KP_LANKLE, HINGE__KP_RANKLE,
  HINGE__KP_LHEEL, HINGE__KP_RHEEL,
  HINGE__KP_LTOE, HINGE__KP_RTOE,   /* big toe (OpenPose), foot index (MediaPipe) */
  HINGE__KP_COUNT
};

/* "nose", "left_eye", ..., "right_toe": the keypoint's name in messages. */
const char *hinge__kp_name(int kp);

/* The default confidence below which a keypoint counts as absent (score,
 * visibility or OpenPose confidence, 0..1). */
#define HINGE__KP_MIN_CONF 0.3

/* The facing side: the direction the lifter faces in the image. */
enum { HINGE__FACING_LEFT = -1, HINGE__FACING_UNKNOWN = 0, HINGE__FACING_RIGHT = 1 };

typedef struct hinge__pt { double x, y; } hinge__pt;

/* One frame's angles from points (NaN in, NaN out).  facing +1 / -1 signs
 * them (forward lean, flexion positive; leaning back and hyperextension
 * negative); facing 0 gives the unsigned angles (>= 0).
 *   trunk: the hip -> shoulder line from vertical (0 upright);
 *   hip flexion: 0 when shoulder, hip and knee are in line, positive as
 *     the trunk and the thigh close (shoulder-hip-knee);
 *   knee flexion: 0 straight, positive bent (hip-knee-ankle). */
double hinge__pose_trunk(hinge__pt hip, hinge__pt shoulder, int facing);
double hinge__pose_hip_flexion(hinge__pt shoulder, hinge__pt hip, hinge__pt knee, int facing);
double hinge__pose_knee_flexion(hinge__pt hip, hinge__pt knee, hinge__pt ankle, int facing);

/* A clip of keypoints: n frames; x[k], y[k], c[k] the arrays of keypoint
 * k (x[k] NULL: the model has no such keypoint; c[k] NULL: no confidence
 * given).  A keypoint is present in a frame when x and y are finite, not
 * both exactly 0 (the "not detected" mark of OpenPose and others) and its
 * confidence, when given, is >= min_conf (NaN confidence: absent). */
typedef struct hinge__pose_frames {
  size_t n;
  const double *x[HINGE__KP_COUNT], *y[HINGE__KP_COUNT], *c[HINGE__KP_COUNT];
  double min_conf;
} hinge__pose_frames;

/* The facing side of the whole clip, by a vote of the frames: the face
 * (the nose, else the eyes, ahead of the ears) and the feet (the toe
 * ahead of the heel, else of the ankle).  A frame's cue counts when the
 * offset is at least 5 % of the trunk length (hip to shoulder) of that
 * frame (a face seen from the front does not vote).  The side wins with
 * at least two thirds of the votes; else unknown. */
typedef struct hinge__pose_facing_info {
  int facing;           /* HINGE__FACING_* */
  const char *from;     /* "face", "feet", "face and feet", or NULL */
  size_t votes_right, votes_left;
} hinge__pose_facing_info;

void hinge__pose_facing(const hinge__pose_frames *f, hinge__pose_facing_info *out);

/* Where the angles go: each array n long (caller's), NULL to skip.  The
 * combined angles average the two sides when both are present, else take
 * the one that is; the trunk uses the hip and shoulder midpoints when all
 * four are present, else one side's hip and shoulder.  NaN where the
 * keypoints are missing. */
typedef struct hinge__pose_out {
  double *trunk, *hip, *knee;
  double *hip_side[2], *knee_side[2]; /* [0] left, [1] right */
  size_t dropped;       /* keypoint samples given but below min_conf */
} hinge__pose_out;

void hinge__pose_angles(const hinge__pose_frames *f, int facing, hinge__pose_out *out);

/* The image's width / height when the coordinates are normalised to it
 * (x / width, y / height, as MediaPipe writes them): the segments (trunk,
 * thigh, shank, each side) keep their length while they turn, so with
 * a = dx^2, b = dy^2 of a segment over the frames, K = aspect^2 makes
 * K a + b constant; the least-squares K over all segments (each about its
 * own mean) is -sum(da db) / sum(da^2).  ok only when some segment turns
 * (the standard deviation of its angle at least 8 deg) and the aspect is
 * between 1:2 and 2:1; within 6 % of 16:9, 9:16, 4:3, 3:4, 3:2, 2:3 or
 * 1:1 it is snapped to it. */
typedef struct hinge__pose_aspect_info {
  int ok, snapped;
  double aspect;        /* width / height (NaN when not ok) */
  double raw;           /* the least-squares value before snapping */
  double turn_deg;      /* the largest standard deviation of a segment's angle */
} hinge__pose_aspect_info;

void hinge__pose_aspect(const hinge__pose_frames *f, hinge__pose_aspect_info *out);

/* Present(f, k, i): keypoint k in frame i counts (see above). */
int hinge__pose_present(const hinge__pose_frames *f, int kp, size_t i);

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
