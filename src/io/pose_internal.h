/*
 * pose_internal.h -- what the keypoint readers share (pose_csv.c for the
 * COCO-17 and MediaPipe CSVs, openpose.c for OpenPose folders): the table
 * built from a clip of keypoints (pose_csv.c).  Not installed.
 */
#ifndef HINGE_POSE_INTERNAL_H
#define HINGE_POSE_INTERNAL_H

#include "hinge/table.h"
#include "kin/kin.h"

/* Coordinates and their scale. */
enum {
  HINGE__ASPECT_PIXELS,    /* pixel coordinates: used as they are */
  HINGE__ASPECT_GIVEN,     /* normalised; the image size is in the file */
  HINGE__ASPECT_SNAPPED,   /* normalised; estimated, a common video format */
  HINGE__ASPECT_ESTIMATED, /* normalised; estimated, no common format */
  HINGE__ASPECT_ASSUMED    /* normalised; no way to tell: 1 */
};

/* A raw column kept in the table (so `hinge info` shows it). */
typedef struct hinge__pose_raw {
  const char *name;
  const double *v;
} hinge__pose_raw;

typedef struct hinge__pose_clip {
  const char *name;          /* file or folder, for errors and metadata */
  const char *format;        /* "coco17", "mediapipe", "openpose" */
  hinge__pose_frames frames; /* n frames; min_conf is set by the builder */
  const double *time;        /* seconds per frame, or NULL (then frame / fs) */
  const double *frame;       /* frame numbers, or NULL (then 0, 1, 2, ...) */
  const char *time_source;   /* what time came from ("time_ms / 1000") */
  double aspect;             /* image width / height: normalised x was scaled by it */
  int aspect_how;            /* HINGE__ASPECT_*: where the aspect came from */
  const hinge__pose_raw *raw;
  size_t nraw;
  const hinge_table *lines_from; /* a CSV's raw table: its metadata lines are kept */
} hinge__pose_clip;

/* The trunk, hip and knee table of the clip (docs/formats.md, "Video
 * keypoints"): facing, angles, per-side columns, the raw columns, time
 * from clip->time or frame / o->fs; errors name clip->name. */
int hinge__pose_table(hinge__pose_clip *clip, const hinge_load_options *o, hinge_table **out,
                      hinge_error *err);

#endif
