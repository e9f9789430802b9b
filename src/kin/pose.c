/*
 * pose.c -- keypoint geometry: trunk inclination, hip and knee flexion
 * from 2-D keypoints (image y down), the facing side, per side and
 * combined, frame by frame.  Plain arrays in, plain arrays out; no
 * allocation.  Definitions: docs/algorithms.md, "Keypoint angles".
 */
#include "kin.h"

#include <math.h>

static const double RAD2DEG = 57.29577951308232;

static const char *const KP_NAMES[HINGE__KP_COUNT] = {
  "nose", "left_eye", "right_eye", "left_ear", "right_ear",
  "left_shoulder", "right_shoulder", "left_hip", "right_hip",
  "left_knee", "right_knee", "left_ankle", "right_ankle",
  "left_heel", "right_heel", "left_toe", "right_toe"
};

const char *hinge__kp_name(int kp) {
  return kp >= 0 && kp < HINGE__KP_COUNT ? KP_NAMES[kp] : "unknown";
}

/* The angle of the segment from a to b from the vertical: up (up = 1, the
 * trunk) or down (up = 0, thigh and shank), positive towards the facing
 * side; facing 0: the unsigned angle.  NaN for a point missing or a
 * segment of no length. */
static double seg_angle(hinge__pt a, hinge__pt b, int up, int facing) {
  double dx = b.x - a.x, dy = b.y - a.y;
  if (!isfinite(dx) || !isfinite(dy) || (dx == 0.0 && dy == 0.0)) return NAN;
  if (facing == 0) dx = fabs(dx);
  else dx *= (double)facing;
  return atan2(dx, up ? -dy : dy) * RAD2DEG;
}

/* 180 minus the angle at b between b->a and b->c: 0 in line, > 0 bent. */
static double unsigned_flexion(hinge__pt a, hinge__pt b, hinge__pt c) {
  double ux = a.x - b.x, uy = a.y - b.y, vx = c.x - b.x, vy = c.y - b.y;
  double cross = ux * vy - uy * vx, dot = ux * vx + uy * vy;
  if (!isfinite(cross) || !isfinite(dot) || (ux == 0.0 && uy == 0.0) ||
      (vx == 0.0 && vy == 0.0))
    return NAN;
  return 180.0 - atan2(fabs(cross), dot) * RAD2DEG;
}

/* Into (-90, 270]: a hip or knee bends forward far more than it
 * extends, so a sum past 180 is deep flexion, never extension. */
static double wrap_flexion(double a) {
  if (a > 270.0) a -= 360.0;
  else if (a <= -90.0) a += 360.0;
  return a;
}

double hinge__pose_trunk(hinge__pt hip, hinge__pt shoulder, int facing) {
  return seg_angle(hip, shoulder, 1, facing);
}

double hinge__pose_hip_flexion(hinge__pt shoulder, hinge__pt hip, hinge__pt knee, int facing) {
  if (facing == 0) return unsigned_flexion(shoulder, hip, knee);
  /* trunk forward of up plus thigh forward of down */
  return wrap_flexion(seg_angle(hip, shoulder, 1, facing) + seg_angle(hip, knee, 0, facing));
}

double hinge__pose_knee_flexion(hinge__pt hip, hinge__pt knee, hinge__pt ankle, int facing) {
  if (facing == 0) return unsigned_flexion(hip, knee, ankle);
  /* thigh forward of down minus shank forward of down */
  return wrap_flexion(seg_angle(hip, knee, 0, facing) - seg_angle(knee, ankle, 0, facing));
}

/* ---- Frames --------------------------------------------------------- */

int hinge__pose_present(const hinge__pose_frames *f, int kp, size_t i) {
  double x, y;
  if (kp < 0 || kp >= HINGE__KP_COUNT || !f->x[kp] || !f->y[kp] || i >= f->n) return 0;
  x = f->x[kp][i];
  y = f->y[kp][i];
  if (!isfinite(x) || !isfinite(y) || (x == 0.0 && y == 0.0)) return 0;
  if (f->c[kp]) {
    double c = f->c[kp][i];
    if (!(c >= f->min_conf)) return 0; /* NaN too */
  }
  return 1;
}

static hinge__pt pt(const hinge__pose_frames *f, int kp, size_t i) {
  hinge__pt p;
  p.x = f->x[kp][i];
  p.y = f->y[kp][i];
  return p;
}

static hinge__pt mid(hinge__pt a, hinge__pt b) {
  hinge__pt p;
  p.x = 0.5 * (a.x + b.x);
  p.y = 0.5 * (a.y + b.y);
  return p;
}

/* The trunk's hip and shoulder points of frame i: the midpoints when all
 * four keypoints are present, else one side's pair; 0 when neither. */
static int trunk_points(const hinge__pose_frames *f, size_t i, hinge__pt *hip, hinge__pt *sh) {
  int side[2], s;
  for (s = 0; s < 2; s++)
    side[s] = hinge__pose_present(f, HINGE__KP_LSHOULDER + s, i) &&
              hinge__pose_present(f, HINGE__KP_LHIP + s, i);
  if (side[0] && side[1]) {
    *hip = mid(pt(f, HINGE__KP_LHIP, i), pt(f, HINGE__KP_RHIP, i));
    *sh = mid(pt(f, HINGE__KP_LSHOULDER, i), pt(f, HINGE__KP_RSHOULDER, i));
    return 1;
  }
  for (s = 0; s < 2; s++)
    if (side[s]) {
      *hip = pt(f, HINGE__KP_LHIP + s, i);
      *sh = pt(f, HINGE__KP_LSHOULDER + s, i);
      return 1;
    }
  return 0;
}

/* The mean x of the present keypoints among a and b, NaN when neither. */
static double mean_x(const hinge__pose_frames *f, int a, int b, size_t i) {
  int pa = hinge__pose_present(f, a, i), pb = hinge__pose_present(f, b, i);
  if (pa && pb) return 0.5 * (f->x[a][i] + f->x[b][i]);
  if (pa) return f->x[a][i];
  if (pb) return f->x[b][i];
  return NAN;
}

/* The face's offset in frame i: the nose (else the eyes) minus the ears. */
static double face_offset(const hinge__pose_frames *f, size_t i) {
  double ears = mean_x(f, HINGE__KP_LEAR, HINGE__KP_REAR, i);
  double head = hinge__pose_present(f, HINGE__KP_NOSE, i)
                    ? f->x[HINGE__KP_NOSE][i]
                    : mean_x(f, HINGE__KP_LEYE, HINGE__KP_REYE, i);
  return head - ears;
}

/* The feet's offset in frame i: the toe minus the heel (else the ankle),
 * averaged over the sides that have both. */
static double feet_offset(const hinge__pose_frames *f, size_t i) {
  double sum = 0.0;
  int s, n = 0;
  for (s = 0; s < 2; s++) {
    int toe = HINGE__KP_LTOE + s, back = HINGE__KP_LHEEL + s;
    if (!hinge__pose_present(f, toe, i)) continue;
    if (!hinge__pose_present(f, back, i)) back = HINGE__KP_LANKLE + s;
    if (!hinge__pose_present(f, back, i)) continue;
    sum += f->x[toe][i] - f->x[back][i];
    n++;
  }
  return n ? sum / n : NAN;
}

static void vote(double d, double min, size_t *right, size_t *left, size_t *cue) {
  if (!(fabs(d) >= min)) return; /* NaN too */
  if (d > 0) (*right)++;
  else (*left)++;
  (*cue)++;
}

void hinge__pose_facing(const hinge__pose_frames *f, hinge__pose_facing_info *out) {
  size_t i, face = 0, feet = 0, r = 0, l = 0, total;
  for (i = 0; i < f->n; i++) {
    hinge__pt hip, sh;
    double len;
    if (!trunk_points(f, i, &hip, &sh)) continue;
    len = hypot(sh.x - hip.x, sh.y - hip.y);
    if (!(len > 0.0)) continue;
    vote(face_offset(f, i), 0.05 * len, &r, &l, &face);
    vote(feet_offset(f, i), 0.05 * len, &r, &l, &feet);
  }
  out->votes_right = r;
  out->votes_left = l;
  out->facing = HINGE__FACING_UNKNOWN;
  out->from = NULL;
  total = r + l;
  if (total == 0) return;
  if (r * 3 >= total * 2) out->facing = HINGE__FACING_RIGHT;
  else if (l * 3 >= total * 2) out->facing = HINGE__FACING_LEFT;
  else return;
  out->from = face && feet ? "face and feet" : face ? "face" : "feet";
}

/* The mean of the finite values among a and b (NaN when neither). */
static double mean2(double a, double b) {
  if (isfinite(a) && isfinite(b)) return 0.5 * (a + b);
  return isfinite(a) ? a : b;
}

static size_t dropped_in(const hinge__pose_frames *f, size_t i) {
  size_t k, d = 0;
  for (k = 0; k < HINGE__KP_COUNT; k++) {
    double x, y;
    if (!f->x[k] || !f->y[k] || !f->c[k]) continue;
    x = f->x[k][i];
    y = f->y[k][i];
    if (isfinite(x) && isfinite(y) && !(x == 0.0 && y == 0.0) && !(f->c[k][i] >= f->min_conf))
      d++;
  }
  return d;
}

/* The side s angles of frame i into hip[s], knee[s]. */
static void side_angles(const hinge__pose_frames *f, size_t i, int facing, double *hip,
                        double *knee) {
  int s;
  for (s = 0; s < 2; s++) {
    int sh = HINGE__KP_LSHOULDER + s, hp = HINGE__KP_LHIP + s;
    int kn = HINGE__KP_LKNEE + s, an = HINGE__KP_LANKLE + s;
    int h = hinge__pose_present(f, hp, i), k = hinge__pose_present(f, kn, i);
    hip[s] = h && k && hinge__pose_present(f, sh, i)
                 ? hinge__pose_hip_flexion(pt(f, sh, i), pt(f, hp, i), pt(f, kn, i), facing)
                 : NAN;
    knee[s] = h && k && hinge__pose_present(f, an, i)
                  ? hinge__pose_knee_flexion(pt(f, hp, i), pt(f, kn, i), pt(f, an, i), facing)
                  : NAN;
  }
}

void hinge__pose_angles(const hinge__pose_frames *f, int facing, hinge__pose_out *out) {
  size_t i;
  int s;
  out->dropped = 0;
  for (i = 0; i < f->n; i++) {
    double hip[2], knee[2];
    hinge__pt h, sh;
    side_angles(f, i, facing, hip, knee);
    for (s = 0; s < 2; s++) {
      if (out->hip_side[s]) out->hip_side[s][i] = hip[s];
      if (out->knee_side[s]) out->knee_side[s][i] = knee[s];
    }
    if (out->hip) out->hip[i] = mean2(hip[0], hip[1]);
    if (out->knee) out->knee[i] = mean2(knee[0], knee[1]);
    if (out->trunk)
      out->trunk[i] = trunk_points(f, i, &h, &sh) ? hinge__pose_trunk(h, sh, facing) : NAN;
    out->dropped += dropped_in(f, i);
  }
}

/* ---- The image's aspect ratio ---------------------------------------- */

static const int SEGMENTS[6][2] = {
  {HINGE__KP_LHIP, HINGE__KP_LSHOULDER}, {HINGE__KP_RHIP, HINGE__KP_RSHOULDER},
  {HINGE__KP_LHIP, HINGE__KP_LKNEE},     {HINGE__KP_RHIP, HINGE__KP_RKNEE},
  {HINGE__KP_LKNEE, HINGE__KP_LANKLE},   {HINGE__KP_RKNEE, HINGE__KP_RANKLE}};

typedef struct seg_sums { double n, a, b, aa, ab; } seg_sums;

static void seg_accumulate(const hinge__pose_frames *f, int s, seg_sums *m) {
  size_t i;
  int p = SEGMENTS[s][0], q = SEGMENTS[s][1];
  m->n = m->a = m->b = m->aa = m->ab = 0.0;
  for (i = 0; i < f->n; i++) {
    double dx, dy, a, b;
    if (!hinge__pose_present(f, p, i) || !hinge__pose_present(f, q, i)) continue;
    dx = f->x[q][i] - f->x[p][i];
    dy = f->y[q][i] - f->y[p][i];
    a = dx * dx;
    b = dy * dy;
    m->n += 1.0;
    m->a += a;
    m->b += b;
    m->aa += a * a;
    m->ab += a * b;
  }
}

/* The standard deviation of segment s's angle from vertical (unsigned),
 * x scaled by k. */
static double seg_turn(const hinge__pose_frames *f, int s, double k) {
  size_t i;
  double n = 0.0, sum = 0.0, sq = 0.0, var;
  int p = SEGMENTS[s][0], q = SEGMENTS[s][1];
  for (i = 0; i < f->n; i++) {
    double ang;
    if (!hinge__pose_present(f, p, i) || !hinge__pose_present(f, q, i)) continue;
    ang = atan2(fabs(k * (f->x[q][i] - f->x[p][i])), fabs(f->y[q][i] - f->y[p][i])) * RAD2DEG;
    n += 1.0;
    sum += ang;
    sq += ang * ang;
  }
  if (n < 2.0) return 0.0;
  var = (sq - sum * sum / n) / (n - 1.0);
  return var > 0.0 ? sqrt(var) : 0.0;
}

void hinge__pose_aspect(const hinge__pose_frames *f, hinge__pose_aspect_info *out) {
  static const double COMMON[7] = {16.0 / 9.0, 9.0 / 16.0, 4.0 / 3.0, 3.0 / 4.0, 1.5,
                                   2.0 / 3.0, 1.0};
  double saa = 0.0, sab = 0.0, k, turn = 0.0;
  int s;
  size_t j;
  out->ok = out->snapped = 0;
  out->aspect = out->raw = NAN;
  out->turn_deg = 0.0;
  for (s = 0; s < 6; s++) {
    seg_sums m;
    seg_accumulate(f, s, &m);
    if (m.n < 3.0) continue;
    saa += m.aa - m.a * m.a / m.n;
    sab += m.ab - m.a * m.b / m.n;
  }
  if (!(saa > 0.0) || !(-sab / saa > 0.0)) return;
  k = sqrt(-sab / saa);
  out->raw = k;
  for (s = 0; s < 6; s++) {
    double t = seg_turn(f, s, k);
    if (t > turn) turn = t;
  }
  out->turn_deg = turn;
  if (turn < 8.0 || k < 0.5 || k > 2.0) return;
  out->ok = 1;
  out->aspect = k;
  for (j = 0; j < 7; j++)
    if (fabs(k / COMMON[j] - 1.0) <= 0.06) {
      out->aspect = COMMON[j];
      out->snapped = 1;
      break;
    }
}
