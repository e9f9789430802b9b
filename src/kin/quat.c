/*
 * quat.c -- unit quaternions for orientations (kin.h): product,
 * conjugate, rotation of a vector, axis-angle, the shortest rotation
 * between two directions, the world's vertical seen from the sensor.
 * Hamilton convention, w scalar; q maps sensor-frame vectors to the world.
 */
#include <math.h>

#include "kin.h"

hinge__quat hinge__quat_mul(hinge__quat a, hinge__quat b) {
  hinge__quat r;
  r.w = a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z;
  r.x = a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y;
  r.y = a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x;
  r.z = a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w;
  return r;
}

hinge__quat hinge__quat_conj(hinge__quat q) {
  q.x = -q.x;
  q.y = -q.y;
  q.z = -q.z;
  return q;
}

hinge__quat hinge__quat_normalize(hinge__quat q) {
  double n = sqrt(q.w * q.w + q.x * q.x + q.y * q.y + q.z * q.z);
  if (!(n > 0) || !isfinite(n)) {
    hinge__quat id = {1, 0, 0, 0};
    return id;
  }
  q.w /= n;
  q.x /= n;
  q.y /= n;
  q.z /= n;
  return q;
}

void hinge__quat_rotate(hinge__quat q, const double v[3], double out[3]) {
  /* v' = v + 2w (u x v) + 2 u x (u x v), u the vector part */
  double tx = 2 * (q.y * v[2] - q.z * v[1]);
  double ty = 2 * (q.z * v[0] - q.x * v[2]);
  double tz = 2 * (q.x * v[1] - q.y * v[0]);
  double r0 = v[0] + q.w * tx + (q.y * tz - q.z * ty);
  double r1 = v[1] + q.w * ty + (q.z * tx - q.x * tz);
  double r2 = v[2] + q.w * tz + (q.x * ty - q.y * tx);
  out[0] = r0;
  out[1] = r1;
  out[2] = r2;
}

hinge__quat hinge__quat_axis_angle(const double axis[3], double angle) {
  double n = sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
  hinge__quat q = {1, 0, 0, 0};
  double s;
  if (!(n > 0)) return q;
  s = sin(angle / 2) / n;
  q.w = cos(angle / 2);
  q.x = axis[0] * s;
  q.y = axis[1] * s;
  q.z = axis[2] * s;
  return q;
}

hinge__quat hinge__quat_between(const double a[3], const double b[3]) {
  double na = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  double nb = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  double d, c[3];
  hinge__quat q = {1, 0, 0, 0};
  if (!(na > 0) || !(nb > 0)) return q;
  d = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (na * nb);
  c[0] = (a[1] * b[2] - a[2] * b[1]) / (na * nb);
  c[1] = (a[2] * b[0] - a[0] * b[2]) / (na * nb);
  c[2] = (a[0] * b[1] - a[1] * b[0]) / (na * nb);
  if (d < -1 + 1e-12) { /* opposite: half a turn about any axis normal to a */
    double p[3] = {0, -a[2], a[1]};
    if (fabs(a[0]) > fabs(a[2])) {
      p[0] = -a[1];
      p[1] = a[0];
      p[2] = 0;
    }
    return hinge__quat_axis_angle(p, 3.14159265358979323846);
  }
  q.w = 1 + d;
  q.x = c[0];
  q.y = c[1];
  q.z = c[2];
  return hinge__quat_normalize(q);
}

void hinge__quat_up(hinge__quat q, double up[3]) {
  static const double ez[3] = {0, 0, 1};
  hinge__quat_rotate(hinge__quat_conj(q), ez, up);
}
