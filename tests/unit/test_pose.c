/* Unit tests for kin/pose.c: keypoint angles against hand-computed frames
 * (right triangles with 30, 45, 60 and 90 degree angles, image y down),
 * the facing side from the face and the feet, per side and combined,
 * confidence and absent keypoints. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "kin/kin.h"

#define EPS 1e-9
static const double S3 = 1.7320508075688772; /* sqrt(3) */

static hinge__pt P(double x, double y) {
  hinge__pt p;
  p.x = x;
  p.y = y;
  return p;
}

static void near(double got, double want, const char *what) {
  cr_assert(fabs(got - want) < EPS, "%s: got %.12g, want %.12g", what, got, want);
}

/* ---- Points ---------------------------------------------------------- */

Test(pose, trunk_right_triangles) {
  hinge__pt hip = P(100, 200);
  /* upright: shoulder straight above (smaller y) */
  near(hinge__pose_trunk(hip, P(100, 100), 1), 0, "upright");
  /* 45: one right, one up, facing right */
  near(hinge__pose_trunk(hip, P(150, 150), 1), 45, "45 forward");
  /* 30: dx = 1, dy = sqrt 3 */
  near(hinge__pose_trunk(hip, P(100 + 50, 200 - 50 * S3), 1), 30, "30");
  /* 60: dx = sqrt 3, dy = 1 */
  near(hinge__pose_trunk(hip, P(100 + 50 * S3, 150), 1), 60, "60");
  /* horizontal forward */
  near(hinge__pose_trunk(hip, P(180, 200), 1), 90, "90");
  /* facing left: the same picture is a lean back of 45 */
  near(hinge__pose_trunk(hip, P(150, 150), -1), -45, "lean back");
  /* mirrored picture facing left: forward 45 */
  near(hinge__pose_trunk(hip, P(50, 150), -1), 45, "mirror");
  /* unknown facing: unsigned */
  near(hinge__pose_trunk(hip, P(50, 150), 0), 45, "unsigned");
  near(hinge__pose_trunk(hip, P(150, 150), 0), 45, "unsigned 2");
  cr_assert(isnan(hinge__pose_trunk(hip, hip, 1)), "no length");
  cr_assert(isnan(hinge__pose_trunk(hip, P(NAN, 1), 1)), "NaN");
}

Test(pose, hip_flexion) {
  /* standing: shoulder above hip above knee */
  near(hinge__pose_hip_flexion(P(0, -50), P(0, 0), P(0, 50), 1), 0, "standing");
  /* trunk 45 forward, thigh vertical: 45 */
  near(hinge__pose_hip_flexion(P(30, -30), P(0, 0), P(0, 50), 1), 45, "trunk 45");
  /* sitting: trunk upright, thigh horizontal forward: 90 */
  near(hinge__pose_hip_flexion(P(0, -50), P(0, 0), P(40, 0), 1), 90, "sitting");
  /* deadlift setup: trunk 60 forward (dx sqrt3, dy -1), thigh 30 forward
   * of down (dx 1, dy sqrt3): 90 */
  near(hinge__pose_hip_flexion(P(S3 * 10, -10), P(0, 0), P(10, S3 * 10), 1), 90, "setup");
  /* the same facing left mirrored */
  near(hinge__pose_hip_flexion(P(-S3 * 10, -10), P(0, 0), P(-10, S3 * 10), -1), 90, "mirror");
  /* unsigned agrees on a flexed hip */
  near(hinge__pose_hip_flexion(P(S3 * 10, -10), P(0, 0), P(10, S3 * 10), 0), 90, "unsigned");
  /* extension: trunk leaning back 30 with the thigh vertical */
  near(hinge__pose_hip_flexion(P(-10, -S3 * 10), P(0, 0), P(0, 10), 1), -30, "extension");
  near(hinge__pose_hip_flexion(P(-10, -S3 * 10), P(0, 0), P(0, 10), 0), 30, "unsigned ext");
  /* deep: trunk 60 forward, thigh 60 forward of down = 120 */
  near(hinge__pose_hip_flexion(P(S3, -1), P(0, 0), P(S3, 1), 1), 120, "120");
  /* deep: trunk horizontal (90), thigh 60 forward of down: 150 */
  near(hinge__pose_hip_flexion(P(1, 0), P(0, 0), P(S3, 1), 1), 150, "150");
  near(hinge__pose_hip_flexion(P(1, 0), P(0, 0), P(S3, 1), 0), 150, "150 unsigned");
  /* the trunk folded past the thigh (shoulder 30 below the horizontal
   * thigh) is 210 (a glitch), not 150 nor -150: the signed range is
   * (-90, 270] */
  near(hinge__pose_hip_flexion(P(S3, 1), P(0, 0), P(1, 0), 1), 210, "210");
}

Test(pose, knee_flexion) {
  near(hinge__pose_knee_flexion(P(0, 0), P(0, 50), P(0, 100), 1), 0, "straight");
  /* thigh 30 forward of down, shank vertical: 30 */
  near(hinge__pose_knee_flexion(P(0, 0), P(10, S3 * 10), P(10, S3 * 10 + 40), 1), 30, "30");
  /* squat: thigh horizontal, shank leaning forward 30 (ankle behind knee) */
  near(hinge__pose_knee_flexion(P(0, 0), P(40, 0), P(40 - 10, S3 * 10), 1), 120, "120");
  /* a right angle */
  near(hinge__pose_knee_flexion(P(0, 0), P(40, 0), P(40, 40), 1), 90, "90");
  near(hinge__pose_knee_flexion(P(0, 0), P(-40, 0), P(-40, 40), -1), 90, "90 left");
  /* hyperextension: thigh 30 back of down, shank 30 forward: -60 */
  near(hinge__pose_knee_flexion(P(0, 0), P(-10, 10 * S3), P(0, 20 * S3), 1), -60, "hyper");
  near(hinge__pose_knee_flexion(P(0, 0), P(-10, 10 * S3), P(0, 20 * S3), 0), 60, "hyper unsigned");
}

/* ---- Frames ---------------------------------------------------------- */

enum { N = 4 };
static double X[HINGE__KP_COUNT][N], Y[HINGE__KP_COUNT][N], C[HINGE__KP_COUNT][N];

/* A side view facing right: hip (0, 0); trunk at angle t forward, thigh
 * at angle a forward of down, shank vertical; length 100 each. */
static void body(size_t i, double t, double a, double dir) {
  double tr = t / 57.29577951308232, ar = a / 57.29577951308232;
  int s;
  for (s = 0; s < 2; s++) {
    double z = s ? 2.0 : -2.0; /* the two sides a little apart in x */
    X[HINGE__KP_LHIP + s][i] = 300 + z;
    Y[HINGE__KP_LHIP + s][i] = 400;
    X[HINGE__KP_LSHOULDER + s][i] = 300 + z + dir * 100 * sin(tr);
    Y[HINGE__KP_LSHOULDER + s][i] = 400 - 100 * cos(tr);
    X[HINGE__KP_LKNEE + s][i] = 300 + z + dir * 100 * sin(ar);
    Y[HINGE__KP_LKNEE + s][i] = 400 + 100 * cos(ar);
    X[HINGE__KP_LANKLE + s][i] = X[HINGE__KP_LKNEE + s][i];
    Y[HINGE__KP_LANKLE + s][i] = Y[HINGE__KP_LKNEE + s][i] + 100;
    X[HINGE__KP_LEAR + s][i] = X[HINGE__KP_LSHOULDER + s][i] + dir * 10 * sin(tr);
    Y[HINGE__KP_LEAR + s][i] = Y[HINGE__KP_LSHOULDER + s][i] - 20;
    X[HINGE__KP_LHEEL + s][i] = X[HINGE__KP_LANKLE + s][i] - dir * 5;
    Y[HINGE__KP_LHEEL + s][i] = Y[HINGE__KP_LANKLE + s][i] + 5;
    X[HINGE__KP_LTOE + s][i] = X[HINGE__KP_LANKLE + s][i] + dir * 20;
    Y[HINGE__KP_LTOE + s][i] = Y[HINGE__KP_LANKLE + s][i] + 5;
  }
  X[HINGE__KP_NOSE][i] = X[HINGE__KP_LEAR][i] + dir * 15;
  Y[HINGE__KP_NOSE][i] = Y[HINGE__KP_LEAR][i];
}

static void frames(hinge__pose_frames *f, int with_conf) {
  int k;
  size_t i;
  memset(f, 0, sizeof *f);
  f->n = N;
  f->min_conf = HINGE__KP_MIN_CONF;
  for (k = 0; k < HINGE__KP_COUNT; k++) {
    if (k == HINGE__KP_LEYE || k == HINGE__KP_REYE) continue; /* no eyes */
    f->x[k] = X[k];
    f->y[k] = Y[k];
    if (with_conf) f->c[k] = C[k];
    for (i = 0; i < N; i++) C[k][i] = 0.9;
  }
}

static void clip(double dir) {
  body(0, 0, 0, dir);    /* standing */
  body(1, 30, 30, dir);  /* hip 60, knee 30 */
  body(2, 60, 45, dir);  /* hip 105, knee 45 */
  body(3, 45, 60, dir);  /* hip 105, knee 60 */
}

Test(pose, clip_facing_right) {
  hinge__pose_frames f;
  hinge__pose_facing_info fi;
  hinge__pose_out o;
  double trunk[N], hip[N], knee[N], hl[N], hr[N];
  static const double WT[N] = {0, 30, 60, 45}, WH[N] = {0, 60, 105, 105}, WK[N] = {0, 30, 45, 60};
  size_t i;
  clip(1);
  frames(&f, 1);
  hinge__pose_facing(&f, &fi);
  cr_assert_eq(fi.facing, HINGE__FACING_RIGHT);
  cr_assert_str_eq(fi.from, "face and feet");
  memset(&o, 0, sizeof o);
  o.trunk = trunk;
  o.hip = hip;
  o.knee = knee;
  o.hip_side[0] = hl;
  o.hip_side[1] = hr;
  hinge__pose_angles(&f, fi.facing, &o);
  for (i = 0; i < N; i++) {
    near(trunk[i], WT[i], "trunk");
    near(hip[i], WH[i], "hip");
    near(knee[i], WK[i], "knee");
    near(hl[i], WH[i], "hip left");
    near(hr[i], WH[i], "hip right");
  }
  cr_assert_eq(o.dropped, 0);
}

Test(pose, clip_facing_left_from_feet_only) {
  hinge__pose_frames f;
  hinge__pose_facing_info fi;
  hinge__pose_out o;
  double trunk[N], hip[N];
  clip(-1);
  frames(&f, 0);
  f.x[HINGE__KP_NOSE] = NULL; /* no face: the feet decide */
  f.x[HINGE__KP_LEAR] = f.x[HINGE__KP_REAR] = NULL;
  hinge__pose_facing(&f, &fi);
  cr_assert_eq(fi.facing, HINGE__FACING_LEFT);
  cr_assert_str_eq(fi.from, "feet");
  memset(&o, 0, sizeof o);
  o.trunk = trunk;
  o.hip = hip;
  hinge__pose_angles(&f, fi.facing, &o);
  near(trunk[2], 60, "trunk");
  near(hip[2], 105, "hip");
}

Test(pose, facing_unknown_without_cues) {
  hinge__pose_frames f;
  hinge__pose_facing_info fi;
  clip(1);
  frames(&f, 1);
  f.x[HINGE__KP_NOSE] = f.x[HINGE__KP_LEAR] = f.x[HINGE__KP_REAR] = NULL;
  f.x[HINGE__KP_LTOE] = f.x[HINGE__KP_RTOE] = NULL;
  hinge__pose_facing(&f, &fi);
  cr_assert_eq(fi.facing, HINGE__FACING_UNKNOWN);
  cr_assert_null(fi.from);
  /* a split vote (2 right, 2 left of 4 frames) is unknown too */
  frames(&f, 1);
  clip(1);
  body(2, 60, 45, -1);
  body(3, 45, 60, -1);
  hinge__pose_facing(&f, &fi);
  cr_assert_eq(fi.facing, HINGE__FACING_UNKNOWN);
  cr_assert_eq(fi.votes_right, 4);
  cr_assert_eq(fi.votes_left, 4);
}

Test(pose, one_side_and_missing) {
  hinge__pose_frames f;
  hinge__pose_out o;
  double trunk[N], hip[N], knee[N], hl[N], hr[N];
  clip(1);
  frames(&f, 1);
  /* frame 1: the left knee below the threshold: left hip and knee NaN,
   * combined = the right side; frame 2: both shoulders gone: trunk and
   * hip NaN, knee kept; frame 3: the right hip absent (0, 0): the trunk
   * from the left side alone */
  C[HINGE__KP_LKNEE][1] = 0.1;
  C[HINGE__KP_LSHOULDER][2] = NAN;
  X[HINGE__KP_RSHOULDER][2] = NAN;
  X[HINGE__KP_RHIP][3] = 0;
  Y[HINGE__KP_RHIP][3] = 0;
  /* the left side's shoulder moved so the trunk from the left differs
   * from the midpoint: 45 -> left side alone 45 (the sides are parallel) */
  memset(&o, 0, sizeof o);
  o.trunk = trunk;
  o.hip = hip;
  o.knee = knee;
  o.hip_side[0] = hl;
  o.hip_side[1] = hr;
  hinge__pose_angles(&f, 1, &o);
  cr_assert(isnan(hl[1]));
  near(hr[1], 60, "right");
  near(hip[1], 60, "combined = right");
  near(knee[1], 30, "knee from the right");
  cr_assert(isnan(trunk[2]) && isnan(hip[2]));
  near(knee[2], 45, "knee without shoulders");
  near(trunk[3], 45, "trunk from one side");
  cr_assert(isnan(hr[3]));
  near(hip[3], 105, "hip from the left");
  cr_assert_eq(o.dropped, 2, "the low knee and the NaN-confidence shoulder: %zu", o.dropped);
}

Test(pose, averaged_sides) {
  /* the two sides disagree: left hip 60, right hip 90 -> 75 */
  hinge__pose_frames f;
  hinge__pose_out o;
  double hip[N], trunk[N];
  clip(1);
  frames(&f, 0);
  X[HINGE__KP_RKNEE][1] = X[HINGE__KP_RHIP][1] + 100; /* right thigh horizontal */
  Y[HINGE__KP_RKNEE][1] = 400;
  /* right shoulder straight up, left 60 forward: trunk from midpoints */
  X[HINGE__KP_RSHOULDER][1] = X[HINGE__KP_RHIP][1];
  Y[HINGE__KP_RSHOULDER][1] = 300;
  X[HINGE__KP_LSHOULDER][1] = X[HINGE__KP_LHIP][1] + 100 * S3;
  Y[HINGE__KP_LSHOULDER][1] = 300;
  memset(&o, 0, sizeof o);
  o.hip = hip;
  o.trunk = trunk;
  hinge__pose_angles(&f, 1, &o);
  /* left: trunk 60 + thigh 30 = 90; right: trunk 0 + thigh 90 = 90 */
  near(hip[1], 90, "hip");
  /* midpoints: hip (300, 400), shoulder (300 + 50 sqrt3, 300): atan(sqrt3/2) */
  near(trunk[1], atan2(50 * S3, 100) * 57.29577951308232, "trunk");
  cr_assert_str_eq(hinge__kp_name(HINGE__KP_RTOE), "right_toe");
  cr_assert_str_eq(hinge__kp_name(99), "unknown");
}

/* ---- The aspect ratio of normalised coordinates ----------------------- */

enum { NA = 60 };
static double AX[HINGE__KP_COUNT][NA], AY[HINGE__KP_COUNT][NA];

/* A clip of NA frames whose trunk turns from 0 to turn deg and back (the
 * thigh half as much), in pixels of a w x h image, written normalised
 * (x / w, y / h). */
static void aspect_clip(hinge__pose_frames *f, double w, double h, double turn) {
  size_t i;
  int s, k;
  memset(f, 0, sizeof *f);
  f->n = NA;
  f->min_conf = HINGE__KP_MIN_CONF;
  for (i = 0; i < NA; i++) {
    double ph = sin(3.141592653589793 * (double)i / (NA - 1));
    double t = turn * ph / 57.29577951308232, a = 0.5 * t;
    for (s = 0; s < 2; s++) {
      double hx = 900 + 4 * s, hy = 500;
      double kx = hx + 220 * sin(a), ky = hy + 220 * cos(a);
      AX[HINGE__KP_LHIP + s][i] = hx / w;
      AY[HINGE__KP_LHIP + s][i] = hy / h;
      AX[HINGE__KP_LSHOULDER + s][i] = (hx + 280 * sin(t)) / w;
      AY[HINGE__KP_LSHOULDER + s][i] = (hy - 280 * cos(t)) / h;
      AX[HINGE__KP_LKNEE + s][i] = kx / w;
      AY[HINGE__KP_LKNEE + s][i] = ky / h;
      AX[HINGE__KP_LANKLE + s][i] = kx / w;
      AY[HINGE__KP_LANKLE + s][i] = (ky + 230) / h;
    }
  }
  for (k = HINGE__KP_LSHOULDER; k <= HINGE__KP_RANKLE; k++) {
    f->x[k] = AX[k];
    f->y[k] = AY[k];
  }
}

Test(pose, aspect_from_the_body) {
  hinge__pose_frames f;
  hinge__pose_aspect_info ai;
  /* 1920 x 1080: 16:9, snapped */
  aspect_clip(&f, 1920, 1080, 60);
  hinge__pose_aspect(&f, &ai);
  cr_assert(ai.ok && ai.snapped, "ok %d snapped %d raw %g turn %g", ai.ok, ai.snapped, ai.raw,
            ai.turn_deg);
  near(ai.aspect, 16.0 / 9.0, "16:9");
  cr_assert(fabs(ai.raw - 16.0 / 9.0) < 1e-6, "exact data: raw %.9g", ai.raw);
  /* portrait phone video 1080 x 1920 */
  aspect_clip(&f, 1080, 1920, 60);
  hinge__pose_aspect(&f, &ai);
  cr_assert(ai.ok && ai.snapped);
  near(ai.aspect, 9.0 / 16.0, "9:16");
  /* 1250 x 1000 (5:4) is 6.25 % off 4:3: not snapped, the estimate */
  aspect_clip(&f, 1250, 1000, 60);
  hinge__pose_aspect(&f, &ai);
  cr_assert(ai.ok && !ai.snapped);
  cr_assert(fabs(ai.aspect - 1.25) < 1e-6, "5:4: %.9g", ai.aspect);
  /* standing still (5 deg of sway): too little turning to tell */
  aspect_clip(&f, 1920, 1080, 5);
  hinge__pose_aspect(&f, &ai);
  cr_assert(!ai.ok && isnan(ai.aspect), "turn %g", ai.turn_deg);
  /* no keypoints at all */
  memset(&f, 0, sizeof f);
  hinge__pose_aspect(&f, &ai);
  cr_assert(!ai.ok);
}
