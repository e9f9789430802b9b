/*
 * openpose.c -- OpenPose output folders: one JSON file per frame
 * (`<video>_<frame>_keypoints.json`, `people[].pose_keypoints_2d` as x, y,
 * confidence triples: BODY_25, or the 18 keypoints of the COCO model),
 * the most confident person of each frame, read with the strict JSON
 * reader (parse/json.c).  The frames' times are their numbers / fs: the
 * files hold no time.  docs/formats.md, "Video keypoints".
 */
#if !defined(_WIN32)
#  define _POSIX_C_SOURCE 200809L
#endif
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/internal.h"
#include "parse/json_internal.h"
#include "pose_internal.h"
#include "reader.h"

#define SUFFIX "_keypoints.json"
#define MAXKP 25
#define MAX_FRAMES 2000000u

/* BODY_25 and COCO-18 (OpenPose's COCO model): names and keypoints. */
static const char *const NAMES25[MAXKP] = {
  "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "MidHip",
  "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
  "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel"};
static const signed char KP25[MAXKP] = {
  HINGE__KP_NOSE, -1, HINGE__KP_RSHOULDER, -1, -1, HINGE__KP_LSHOULDER, -1, -1, -1,
  HINGE__KP_RHIP, HINGE__KP_RKNEE, HINGE__KP_RANKLE, HINGE__KP_LHIP, HINGE__KP_LKNEE,
  HINGE__KP_LANKLE, HINGE__KP_REYE, HINGE__KP_LEYE, HINGE__KP_REAR, HINGE__KP_LEAR,
  HINGE__KP_LTOE, -1, HINGE__KP_LHEEL, HINGE__KP_RTOE, -1, HINGE__KP_RHEEL};
static const char *const NAMES18[18] = {
  "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "RHip",
  "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar"};
static const signed char KP18[18] = {
  HINGE__KP_NOSE, -1, HINGE__KP_RSHOULDER, -1, -1, HINGE__KP_LSHOULDER, -1, -1,
  HINGE__KP_RHIP, HINGE__KP_RKNEE, HINGE__KP_RANKLE, HINGE__KP_LHIP, HINGE__KP_LKNEE,
  HINGE__KP_LANKLE, HINGE__KP_REYE, HINGE__KP_LEYE, HINGE__KP_REAR, HINGE__KP_LEAR};

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n > m && strcmp(s + n - m, suf) == 0;
}

static int is_dir(const char *path) {
  struct stat st;
  return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A folder is OpenPose's when it holds *_keypoints.json files (any other
 * folder is nobody's: "is a directory"; with --input-format openpose the
 * load says what is missing). */
static int detect_openpose(const hinge__sniff *s) {
  DIR *d;
  struct dirent *e;
  int found = 0;
  if (!s->is_dir || !s->path) return 0;
  if ((d = opendir(s->path)) == NULL) return 0;
  while (!found && (e = readdir(d)) != NULL) found = has_suffix(e->d_name, SUFFIX);
  closedir(d);
  return found ? 3 : 0;
}

/* ---- The file list ---------------------------------------------------- */

typedef struct names {
  char **v;
  size_t n, cap;
} names;

/* Natural order: runs of digits compare as numbers ("f_9" < "f_10"). */
static int natural_cmp(const void *pa, const void *pb) {
  const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
  while (*a && *b) {
    if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
      const char *ea = a, *eb = b;
      size_t la, lb;
      while (*a == '0' && a[1] >= '0' && a[1] <= '9') a++;
      while (*b == '0' && b[1] >= '0' && b[1] <= '9') b++;
      for (ea = a; *ea >= '0' && *ea <= '9'; ea++) {}
      for (eb = b; *eb >= '0' && *eb <= '9'; eb++) {}
      la = (size_t)(ea - a);
      lb = (size_t)(eb - b);
      if (la != lb) return la < lb ? -1 : 1;
      if (memcmp(a, b, la) != 0) return memcmp(a, b, la) < 0 ? -1 : 1;
      a = ea;
      b = eb;
      continue;
    }
    if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
    a++;
    b++;
  }
  return *a ? 1 : *b ? -1 : 0;
}

static void names_free(names *l, const hinge_allocator *a) {
  size_t i;
  for (i = 0; i < l->n; i++) hinge__strfree(a, l->v[i]);
  hinge__free(a, l->v, l->cap * sizeof *l->v);
  memset(l, 0, sizeof *l);
}

static int list_frames(const char *dir, const hinge_allocator *a, names *l, hinge_error *err) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int rc = HINGE_OK;
  if (!d) return hinge__fail(err, HINGE_EIO, dir, 0, 0, "cannot open the folder");
  while (rc == HINGE_OK && (e = readdir(d)) != NULL) {
    if (!has_suffix(e->d_name, SUFFIX)) continue;
    if (l->n >= MAX_FRAMES)
      rc = hinge__fail(err, HINGE_ELIMIT, dir, 0, 0, "more than %u frame files", MAX_FRAMES);
    else if (HINGE__GROW(a, l->v, l->cap, l->n + 1) != HINGE_OK ||
             (l->v[l->n] = hinge__strdup(a, e->d_name)) == NULL)
      rc = hinge__fail(err, HINGE_ENOMEM, dir, 0, 0, "out of memory");
    else
      l->n++;
  }
  closedir(d);
  if (rc == HINGE_OK && l->n == 0)
    rc = hinge__fail(err, HINGE_ENODATA, dir, 0, 0,
                     "no OpenPose frames in the folder: no file named *%s (OpenPose's "
                     "--write_json output, one file per frame)", SUFFIX);
  if (rc == HINGE_OK) qsort(l->v, l->n, sizeof *l->v, natural_cmp);
  return rc;
}

/* The frame number in a file name: the last run of digits before the
 * suffix, or -1. */
static double frame_number(const char *name) {
  size_t n = strlen(name) - strlen(SUFFIX), i = n, j;
  while (i > 0 && !(name[i - 1] >= '0' && name[i - 1] <= '9')) i--;
  j = i;
  while (j > 0 && name[j - 1] >= '0' && name[j - 1] <= '9') j--;
  if (i == j || i - j > 15) return -1.0;
  return strtod(name + j, NULL);
}

/* ---- The frames ------------------------------------------------------- */

typedef struct opl {
  const hinge_load_options *o;
  const hinge_allocator *a;
  const char *dir;
  char *path;                /* dir + "/" + name */
  size_t pathcap;
  int nkp;                   /* 25 or 18, once a person was seen; 0 before */
  double *rows;              /* frame-major: 3 * MAXKP per frame */
  size_t n, cap;
  double *frame;             /* n */
  size_t framecap;
} opl;

/* The most confident person of a frame: the largest sum of confidences. */
static const hinge__json *best_person(const hinge__json *people, const char *path,
                                      hinge_error *err, int *rc) {
  const hinge__json *best = NULL;
  double bs = -1.0;
  size_t i, j;
  *rc = HINGE_OK;
  for (i = 0; i < people->len; i++) {
    const hinge__json *kp = hinge__json_get(&people->items[i], "pose_keypoints_2d");
    double s = 0.0;
    if (!kp || kp->type != HINGE__JARRAY) {
      *rc = hinge__fail(err, HINGE_ESCHEMA, path, people->items[i].line, people->items[i].col,
                        "a person without a pose_keypoints_2d array");
      return NULL;
    }
    for (j = 0; j + 2 < kp->len; j += 3)
      if (kp->items[j + 2].type == HINGE__JNUMBER) s += kp->items[j + 2].num;
    if (s > bs) bs = s, best = kp;
  }
  return best;
}

/* The keypoint triples of kp into row (NaN for no person). */
static int take_person(opl *p, const hinge__json *kp, double *row, hinge_error *err) {
  size_t j;
  for (j = 0; j < 3 * MAXKP; j++) row[j] = NAN;
  if (!kp || kp->len == 0) return HINGE_OK;
  if (kp->len != 75 && kp->len != 54)
    return hinge__fail(err, HINGE_ESCHEMA, p->path, kp->line, kp->col,
                       "pose_keypoints_2d holds %zu numbers: expected 75 (BODY_25) or 54 (the "
                       "COCO model's 18 keypoints), as x, y, confidence triples", kp->len);
  if (p->nkp && (size_t)p->nkp * 3 != kp->len)
    return hinge__fail(err, HINGE_ESCHEMA, p->path, kp->line, kp->col,
                       "pose_keypoints_2d holds %zu numbers where the frames before hold %d",
                       kp->len, p->nkp * 3);
  p->nkp = (int)(kp->len / 3);
  for (j = 0; j < kp->len; j++) {
    if (kp->items[j].type != HINGE__JNUMBER)
      return hinge__fail(err, HINGE_ESCHEMA, p->path, kp->items[j].line, kp->items[j].col,
                         "pose_keypoints_2d: a %s where a number belongs",
                         hinge__json_type_name(kp->items[j].type));
    row[j] = kp->items[j].num;
  }
  return HINGE_OK;
}

static int read_root(opl *p, const hinge__json *root, double *row, hinge_error *err) {
  const hinge__json *people, *kp;
  int rc;
  if (root->type != HINGE__JOBJECT)
    return hinge__fail(err, HINGE_ESCHEMA, p->path, root->line, root->col,
                       "an OpenPose frame is a JSON object with a \"people\" array, not a %s",
                       hinge__json_type_name(root->type));
  people = hinge__json_get(root, "people");
  if (!people || people->type != HINGE__JARRAY)
    return hinge__fail(err, HINGE_ESCHEMA, p->path, root->line, root->col,
                       "no \"people\" array: not an OpenPose keypoints file");
  kp = best_person(people, p->path, err, &rc);
  if (rc != HINGE_OK) return rc;
  return take_person(p, kp, row, err);
}

static int read_frame(opl *p, const char *name, hinge_error *err) {
  size_t need = strlen(p->dir) + strlen(name) + 2;
  hinge__jdoc *doc = NULL;
  const hinge__json *root = NULL;
  int rc;
  if (need > p->pathcap) {
    char *np = hinge__realloc(p->a, p->path, p->pathcap, need);
    if (!np) return hinge__fail(err, HINGE_ENOMEM, p->dir, 0, 0, "out of memory");
    p->path = np;
    p->pathcap = need;
  }
  snprintf(p->path, p->pathcap, "%s/%s", p->dir, name);
  if (HINGE__GROW(p->a, p->rows, p->cap, (p->n + 1) * 3 * MAXKP) != HINGE_OK ||
      HINGE__GROW(p->a, p->frame, p->framecap, p->n + 1) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, p->dir, 0, 0, "out of memory");
  rc = hinge__json_parse_file(p->path, p->a, &doc, &root, err);
  if (rc == HINGE_OK) rc = read_root(p, root, p->rows + p->n * 3 * MAXKP, err);
  hinge__json_free(doc);
  if (rc != HINGE_OK) return rc;
  p->frame[p->n] = frame_number(name);
  p->n++;
  return HINGE_OK;
}

/* ---- The clip --------------------------------------------------------- */

typedef struct cols {
  double *v;                 /* 3 * MAXKP columns of n */
  double *time;
  hinge__pose_raw raw[3 * MAXKP];
  char rawname[3 * MAXKP][16];
} cols;

/* Frame numbers from the names when every file has a distinct increasing
 * one; else 0, 1, 2, ... */
static void frames_from_names(opl *p) {
  size_t i;
  for (i = 0; i < p->n; i++)
    if (p->frame[i] < 0 || (i > 0 && !(p->frame[i] > p->frame[i - 1]))) break;
  if (i == p->n) return;
  for (i = 0; i < p->n; i++) p->frame[i] = (double)i;
}

static void to_clip(opl *p, cols *c, hinge__pose_clip *clip) {
  const signed char *map = p->nkp == 18 ? KP18 : KP25;
  const char *const *nm = p->nkp == 18 ? NAMES18 : NAMES25;
  int nkp = p->nkp ? p->nkp : 25, k, j;
  size_t i, n = p->n;
  memset(clip, 0, sizeof *clip);
  for (k = 0; k < nkp; k++)
    for (j = 0; j < 3; j++) {
      double *col = c->v + (size_t)(3 * k + j) * n;
      for (i = 0; i < n; i++) col[i] = p->rows[i * 3 * MAXKP + (size_t)(3 * k + j)];
      snprintf(c->rawname[3 * k + j], sizeof c->rawname[0], "%s_%s", nm[k],
               j == 0 ? "x" : j == 1 ? "y" : "c");
      c->raw[3 * k + j].name = c->rawname[3 * k + j];
      c->raw[3 * k + j].v = col;
    }
  for (k = 0; k < nkp; k++) {
    if (map[k] < 0) continue;
    clip->frames.x[map[k]] = c->v + (size_t)(3 * k) * n;
    clip->frames.y[map[k]] = c->v + (size_t)(3 * k + 1) * n;
    clip->frames.c[map[k]] = c->v + (size_t)(3 * k + 2) * n;
  }
  clip->frames.n = n;
  clip->frames.min_conf = HINGE__KP_MIN_CONF;
  frames_from_names(p);
  for (i = 0; i < n; i++) c->time[i] = p->frame[i] / p->o->fs;
  clip->time = c->time;
  clip->time_source = "the frame number in the file name / fs";
  clip->name = p->dir;
  clip->format = "openpose";
  clip->aspect = 1.0;
  clip->aspect_how = HINGE__ASPECT_PIXELS;
  clip->raw = c->raw;
  clip->nraw = (size_t)nkp * 3;
}

static int build(opl *p, hinge_table **out, hinge_error *err) {
  cols *c = hinge__calloc(p->a, 1, sizeof *c);
  hinge__pose_clip clip;
  size_t bytes = 3 * MAXKP * p->n * sizeof(double);
  int rc;
  if (!c) return hinge__fail(err, HINGE_ENOMEM, p->dir, 0, 0, "out of memory");
  c->v = hinge__malloc(p->a, bytes);
  c->time = hinge__malloc(p->a, p->n * sizeof(double));
  if (!c->v || !c->time) rc = hinge__fail(err, HINGE_ENOMEM, p->dir, 0, 0, "out of memory");
  else {
    to_clip(p, c, &clip);
    rc = hinge__pose_table(&clip, p->o, out, err);
  }
  hinge__free(p->a, c->v, bytes);
  hinge__free(p->a, c->time, p->n * sizeof(double));
  hinge__free(p->a, c, sizeof *c);
  return rc;
}

static int load_openpose(const hinge__source *src, const hinge_load_options *o,
                         hinge_table **out, hinge_error *err) {
  hinge_load_options defaults;
  names files;
  opl p;
  size_t i;
  int rc;
  *out = NULL;
  if (!o) {
    hinge_load_options_init(&defaults);
    o = &defaults;
  }
  if (!src->path || !is_dir(src->path))
    return hinge__fail(err, HINGE_EINVAL, src->name, 0, 0,
                       "OpenPose keypoints are a folder of *%s files: give the folder", SUFFIX);
  if (!(o->fs > 0))
    return hinge__fail(err, HINGE_ENODATA, src->name, 0, 0,
                       "OpenPose frames hold no time: give the video's frame rate (--fs, e.g. "
                       "--fs 30)");
  memset(&files, 0, sizeof files);
  memset(&p, 0, sizeof p);
  p.o = o;
  p.a = o->alloc;
  p.dir = src->path;
  rc = list_frames(src->path, p.a, &files, err);
  for (i = 0; rc == HINGE_OK && i < files.n; i++) rc = read_frame(&p, files.v[i], err);
  if (rc == HINGE_OK) rc = build(&p, out, err);
  names_free(&files, p.a);
  hinge__free(p.a, p.path, p.pathcap);
  hinge__free(p.a, p.rows, p.cap * sizeof *p.rows);
  hinge__free(p.a, p.frame, p.framecap * sizeof *p.frame);
  return rc;
}

const hinge__reader hinge__reader_openpose = {
  "openpose", "OpenPose keypoint folder (one *_keypoints.json per frame)", detect_openpose,
  load_openpose};
