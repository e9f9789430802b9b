/*
 * pose_table.c -- the table every keypoint reader returns: time, the
 * trunk, hip and knee angles of kin/pose.c (roles trunk, hip, knee, with
 * their source), the per-side angles and the raw keypoint columns, the
 * format and its capability ("trunk only": video sees no spinal curve).
 * docs/formats.md, "Video keypoints".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/internal.h"
#include "pose_internal.h"
#include "reader.h"
#include "table_internal.h"

static const char *const CAPABILITY_NOTE =
    "video keypoints give the trunk as one line from the hips to the shoulders: video cannot see "
    "the spine's curvature, so thoracic and lumbar rounding are not assessed";

enum { A_TRUNK, A_HIP, A_KNEE, A_HIP_L, A_HIP_R, A_KNEE_L, A_KNEE_R, A_COUNT };

typedef struct build {
  hinge__pose_clip *clip;
  const hinge_load_options *o;
  const hinge_allocator *a;
  double *v;                     /* A_COUNT x n */
  hinge__pose_facing_info facing;
  hinge__pose_out out;
  hinge_table *t;
} build;

static double *angle(const build *b, int which) { return b->v + (size_t)which * b->clip->frames.n; }

static size_t finite_count(const double *v, size_t n) {
  size_t i, c = 0;
  for (i = 0; i < n; i++) c += isfinite(v[i]) != 0;
  return c;
}

static const char *facing_word(int facing) {
  return facing > 0 ? "facing right" : facing < 0 ? "facing left" : "facing unknown (unsigned)";
}

static hinge__colspec spec_of(const char *name, int role, int unit, const char *source) {
  hinge__colspec spec;
  spec.name = name;
  spec.role = role;
  spec.unit = unit;
  spec.source = source;
  return spec;
}

/* An angle column (degrees). */
static int add(build *b, const char *name, int role, const double *v, const char *source,
               hinge_error *err) {
  hinge__colspec spec = spec_of(name, role, HINGE_UNIT_DEG, source);
  return hinge__table_add(b->t, &spec, v, b->clip->frames.n, err);
}

/* The angle columns with their sources. */
static int add_angles(build *b, hinge_error *err) {
  char src[256];
  size_t n = b->clip->frames.n;
  const char *fw = facing_word(b->facing.facing);
  int rc;
  snprintf(src, sizeof src, "%s keypoints: the hip midpoint to the shoulder midpoint (one side "
           "when only it is seen) from vertical, %s%s%s%s", b->clip->format, fw,
           b->facing.from ? " (from the " : "", b->facing.from ? b->facing.from : "",
           b->facing.from ? ")" : "");
  rc = add(b, "trunk", HINGE_ROLE_TRUNK, angle(b, A_TRUNK), src, err);
  if (rc == HINGE_OK && finite_count(angle(b, A_HIP), n) > 0) {
    snprintf(src, sizeof src, "%s keypoints: shoulder-hip-knee, 0 in line, the mean of both "
             "sides when both are seen, %s", b->clip->format, fw);
    rc = add(b, "hip", HINGE_ROLE_HIP, angle(b, A_HIP), src, err);
  }
  if (rc == HINGE_OK && finite_count(angle(b, A_KNEE), n) > 0) {
    snprintf(src, sizeof src, "%s keypoints: hip-knee-ankle, 0 straight, the mean of both "
             "sides when both are seen, %s", b->clip->format, fw);
    rc = add(b, "knee", HINGE_ROLE_KNEE, angle(b, A_KNEE), src, err);
  }
  if (rc == HINGE_OK) rc = add(b, "hip_left", HINGE_ROLE_NONE, angle(b, A_HIP_L), NULL, err);
  if (rc == HINGE_OK) rc = add(b, "hip_right", HINGE_ROLE_NONE, angle(b, A_HIP_R), NULL, err);
  if (rc == HINGE_OK) rc = add(b, "knee_left", HINGE_ROLE_NONE, angle(b, A_KNEE_L), NULL, err);
  if (rc == HINGE_OK) rc = add(b, "knee_right", HINGE_ROLE_NONE, angle(b, A_KNEE_R), NULL, err);
  return rc;
}

static int warn_aspect(build *b) {
  const hinge__pose_clip *c = b->clip;
  if (c->aspect_how == HINGE__ASPECT_SNAPPED || c->aspect_how == HINGE__ASPECT_ESTIMATED)
    return hinge__table_warn(b->t, "keypoints_aspect", 0, 0,
                             "normalised coordinates without the image size: width/height %.4g "
                             "estimated from the constant lengths of trunk, thigh and shank%s",
                             c->aspect, c->aspect_how == HINGE__ASPECT_SNAPPED
                                            ? " (a common video format)" : "");
  if (c->aspect_how == HINGE__ASPECT_ASSUMED)
    return hinge__table_warn(b->t, "keypoints_aspect", 0, 0,
                             "normalised coordinates without the image size and too little "
                             "movement to estimate it: x and y taken at the same scale, so the "
                             "angles are off unless the video is square (add image_width and "
                             "image_height columns)");
  return HINGE_OK;
}

static int warnings(build *b) {
  size_t n = b->clip->frames.n;
  int rc = HINGE_OK;
  if (b->facing.facing == HINGE__FACING_UNKNOWN)
    rc = hinge__table_warn(b->t, "keypoints_facing", 0, 0,
                           "the facing side is unknown (face and feet gave %zu votes right, %zu "
                           "left): the angles are unsigned, so leaning back reads as leaning "
                           "forward", b->facing.votes_right, b->facing.votes_left);
  if (rc == HINGE_OK && b->out.dropped > 0)
    rc = hinge__table_warn(b->t, "keypoints_low_confidence", 0, 0,
                           "%zu keypoint samples below the confidence threshold %.2g were "
                           "taken as missing", b->out.dropped, b->clip->frames.min_conf);
  if (rc == HINGE_OK && finite_count(angle(b, A_HIP), n) == 0)
    rc = hinge__table_warn(b->t, "keypoints_missing", 0, 0,
                           "no frame has a shoulder, hip and knee of one side: no hip angle");
  if (rc == HINGE_OK && finite_count(angle(b, A_KNEE), n) == 0)
    rc = hinge__table_warn(b->t, "keypoints_missing", 0, 1,
                           "no frame has a hip, knee and ankle of one side: no knee angle");
  if (rc == HINGE_OK) rc = warn_aspect(b);
  return rc;
}

/* The metadata lines above a CSV's header (athlete, date, frame rate ...). */
static int meta_lines(build *b) {
  const hinge_meta *m = b->clip->lines_from ? hinge_table_meta(b->clip->lines_from) : NULL;
  size_t i;
  for (i = 0; m && i < m->nlines; i++)
    if (hinge__table_meta_line(b->t, m->lines[i].key, m->lines[i].value, m->lines[i].line) !=
        HINGE_OK)
      return HINGE_ENOMEM;
  return HINGE_OK;
}

static int columns(build *b, hinge_error *err) {
  size_t i;
  hinge__colspec spec = spec_of("time", HINGE_ROLE_TIME, HINGE_UNIT_S, b->clip->time_source);
  int rc = hinge__table_add(b->t, &spec, b->clip->time, b->clip->frames.n, err);
  if (rc == HINGE_OK) rc = add_angles(b, err);
  for (i = 0; rc == HINGE_OK && i < b->clip->nraw; i++) {
    spec = spec_of(b->clip->raw[i].name, HINGE_ROLE_NONE, HINGE_UNIT_NONE, NULL);
    rc = hinge__table_add(b->t, &spec, b->clip->raw[i].v, b->clip->frames.n, err);
  }
  return rc;
}

static int make(build *b, hinge_table **out, hinge_error *err) {
  hinge__pose_clip *c = b->clip;
  size_t n = c->frames.n;
  int rc;
  if (n == 0) return hinge__fail(err, HINGE_ENODATA, c->name, 0, 0, "no keypoint frames");
  hinge__pose_facing(&c->frames, &b->facing);
  b->out.trunk = angle(b, A_TRUNK);
  b->out.hip = angle(b, A_HIP);
  b->out.knee = angle(b, A_KNEE);
  b->out.hip_side[0] = angle(b, A_HIP_L);
  b->out.hip_side[1] = angle(b, A_HIP_R);
  b->out.knee_side[0] = angle(b, A_KNEE_L);
  b->out.knee_side[1] = angle(b, A_KNEE_R);
  hinge__pose_angles(&c->frames, b->facing.facing, &b->out);
  if (finite_count(angle(b, A_TRUNK), n) == 0)
    return hinge__fail(err, HINGE_ENODATA, c->name, 0, 0,
                       "none of the %zu frames has a hip and a shoulder with confidence >= %.2g: "
                       "no trunk angle", n, c->frames.min_conf);
  b->t = hinge__table_new(c->name, b->o, err);
  if (!b->t) return err ? err->code : HINGE_ENOMEM;
  hinge__table_set_format(b->t, c->format, CAPABILITY_NOTE);
  if (c->lines_from) b->t->schema = *hinge_table_schema(c->lines_from); /* delimiter, header line */
  rc = columns(b, err);
  if (rc == HINGE_OK && (meta_lines(b) != HINGE_OK || warnings(b) != HINGE_OK))
    rc = hinge__fail(err, HINGE_ENOMEM, c->name, 0, 0, "out of memory");
  if (rc == HINGE_OK) rc = hinge__table_finish(b->t, b->o, err);
  if (rc != HINGE_OK) {
    hinge_table_destroy(b->t);
    return rc;
  }
  *out = b->t;
  return HINGE_OK;
}

int hinge__pose_table(hinge__pose_clip *clip, const hinge_load_options *o, hinge_table **out,
                      hinge_error *err) {
  build b;
  size_t bytes = (size_t)A_COUNT * (clip->frames.n ? clip->frames.n : 1) * sizeof(double);
  int rc;
  *out = NULL;
  memset(&b, 0, sizeof b);
  b.clip = clip;
  b.o = o;
  b.a = o ? o->alloc : NULL;
  if (!(clip->frames.min_conf > 0)) clip->frames.min_conf = HINGE__KP_MIN_CONF;
  if (clip->frames.n > ((size_t)-1) / (A_COUNT * sizeof(double)))
    return hinge__fail(err, HINGE_ELIMIT, clip->name, 0, 0, "too many frames");
  b.v = hinge__malloc(b.a, bytes);
  if (!b.v) return hinge__fail(err, HINGE_ENOMEM, clip->name, 0, 0, "out of memory");
  rc = make(&b, out, err);
  hinge__free(b.a, b.v, bytes);
  return rc;
}
