/* Unit tests for the keypoint CSV readers (io/pose_csv.c, io/pose_table.c)
 * through hinge_table_load_buffer: the hand-computed side view of
 * docs/formats.md ("Video keypoints") under every spelling of the columns
 * (named, camelCase, numbered COCO and MediaPipe, 0- and 1-based),
 * normalised coordinates with the image size, several people per frame,
 * time columns, messy text, and the errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"

/* Frames 0-3 of the formats.md sample: the nose, left ear, shoulder, hip,
 * knee, ankle (x, y, score); trunk 0 30 45 60, hip 0 45 60 90, knee 0 30
 * 30 60, the ankle of frame 3 at score 0.2 (its knee missing). */
static const double FR[4][6][3] = {
  {{625.00, 145.00, .9}, {600.00, 140.00, .9}, {600.00, 200.00, .9}, {600, 500, .9},
   {600.00, 750.00, .9}, {600.00, 1000.00, .9}},
  {{805.00, 193.23, .9}, {780.00, 188.23, .9}, {750.00, 240.19, .9}, {600, 500, .9},
   {664.70, 741.48, .9}, {600.00, 982.96, .9}},
  {{879.56, 250.44, .9}, {854.56, 245.44, .9}, {812.13, 287.87, .9}, {600, 500, .9},
   {664.70, 741.48, .9}, {600.00, 982.96, .9}},
  {{936.77, 325.00, .9}, {911.77, 320.00, .9}, {859.81, 350.00, .9}, {600, 500, .9},
   {725.00, 716.51, .9}, {600.00, 933.01, .2}}};
static const double TRUNK[4] = {0, 30, 45, 60}, HIP[4] = {0, 45, 60, 90}, KNEE[4] = {0, 30, 30, NAN};

static char BUF[1 << 16];

static void put(size_t *n, const char *fmt, double v) {
  *n += (size_t)snprintf(BUF + *n, sizeof BUF - *n, fmt, v);
}

/* A CSV: "frame_id" then for joint j the names names[3j..3j+2] (x, y,
 * score; NULL score: none); values scaled by sx, sy. */
static const char *named(const char *const *names, double sx, double sy) {
  size_t n = 0;
  int f, j, c;
  n += (size_t)snprintf(BUF, sizeof BUF, "frame_id");
  for (j = 0; j < 18; j++)
    if (names[j]) n += (size_t)snprintf(BUF + n, sizeof BUF - n, ",%s", names[j]);
  n += (size_t)snprintf(BUF + n, sizeof BUF - n, "\n");
  for (f = 0; f < 4; f++) {
    n += (size_t)snprintf(BUF + n, sizeof BUF - n, "%d", f);
    for (j = 0; j < 6; j++)
      for (c = 0; c < 3; c++)
        if (names[3 * j + c]) put(&n, c == 2 ? ",%.2f" : ",%.6g", FR[f][j][c] * (c == 0 ? sx : c == 1 ? sy : 1));
    n += (size_t)snprintf(BUF + n, sizeof BUF - n, "\n");
  }
  return BUF;
}

static const char *const STD[18] = {
  "nose_x", "nose_y", "nose_score", "left_ear_x", "left_ear_y", "left_ear_score",
  "left_shoulder_x", "left_shoulder_y", "left_shoulder_score", "left_hip_x", "left_hip_y",
  "left_hip_score", "left_knee_x", "left_knee_y", "left_knee_score", "left_ankle_x",
  "left_ankle_y", "left_ankle_score"};

/* Numbered columns: count landmarks from base, the components comps
 * ("x%d", "y%d", ...: 3 or 4, the last the confidence), our six joints at
 * idx[]; the others empty. */
static const char *numbered(int count, int base, const int *idx, const char *const *comps,
                            int ncomp) {
  size_t n = 0;
  int f, k, c, j;
  n += (size_t)snprintf(BUF, sizeof BUF, "time_s");
  for (k = 0; k < count; k++)
    for (c = 0; c < ncomp; c++) {
      n += (size_t)snprintf(BUF + n, sizeof BUF - n, ",");
      n += (size_t)snprintf(BUF + n, sizeof BUF - n, comps[c], k + base);
    }
  n += (size_t)snprintf(BUF + n, sizeof BUF - n, "\n");
  for (f = 0; f < 4; f++) {
    n += (size_t)snprintf(BUF + n, sizeof BUF - n, "%.4f", f / 30.0);
    for (k = 0; k < count; k++) {
      for (j = 0; j < 6 && idx[j] != k + base; j++) {}
      for (c = 0; c < ncomp; c++) {
        if (j == 6) n += (size_t)snprintf(BUF + n, sizeof BUF - n, ",");
        else if (c == ncomp - 1) put(&n, ",%.2f", FR[f][j][2]);
        else if (c == 2) put(&n, ",%.2f", -0.1); /* z */
        else put(&n, ",%.6g", FR[f][j][c]);
      }
    }
    n += (size_t)snprintf(BUF + n, sizeof BUF - n, "\n");
  }
  return BUF;
}

static hinge_table *load(const char *text, double fs, hinge_error *e) {
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_load_options_init(&o);
  o.fs = fs;
  hinge_error_clear(e);
  if (hinge_table_load_buffer("clip.csv", text, strlen(text), &o, &t, e) != HINGE_OK) return NULL;
  return t;
}

static void near_or_nan(double got, double want, const char *what, int i) {
  if (isnan(want)) cr_assert(isnan(got), "%s[%d]: %g, want missing", what, i, got);
  else cr_assert(fabs(got - want) < 0.02, "%s[%d]: %.4f, want %.4f", what, i, got, want);
}

/* The three angles of t against the hand-computed ones. */
static void angles_ok(hinge_table *t, const char *format) {
  long tr = hinge_table_role_column(t, HINGE_ROLE_TRUNK), hp = hinge_table_role_column(t, HINGE_ROLE_HIP);
  long kn = hinge_table_role_column(t, HINGE_ROLE_KNEE);
  int i;
  cr_assert_not_null(t);
  cr_assert_str_eq(hinge_table_format(t), format);
  cr_assert_str_eq(hinge_table_capabilities(t), "trunk only");
  cr_assert_not_null(hinge_table_capability_note(t));
  cr_assert(strstr(hinge_table_capability_note(t), "not assessed"));
  cr_assert(tr >= 0 && hp >= 0 && kn >= 0, "roles %ld %ld %ld", tr, hp, kn);
  cr_assert_eq(hinge_table_rows(t), 4);
  cr_assert_not_null(hinge_table_column_info(t, (size_t)tr)->source);
  cr_assert(strstr(hinge_table_column_info(t, (size_t)tr)->source, "facing right"), "%s",
            hinge_table_column_info(t, (size_t)tr)->source);
  for (i = 0; i < 4; i++) {
    near_or_nan(hinge_table_column(t, (size_t)tr)[i], TRUNK[i], "trunk", i);
    near_or_nan(hinge_table_column(t, (size_t)hp)[i], HIP[i], "hip", i);
    near_or_nan(hinge_table_column(t, (size_t)kn)[i], KNEE[i], "knee", i);
    cr_assert(fabs(hinge_table_time(t)[i] - i / 30.0) < 1e-4, "time %d: %g", i, hinge_table_time(t)[i]);
  }
}

static size_t warned(const hinge_table *t, const char *kind) {
  size_t i, n = 0;
  for (i = 0; i < hinge_table_warning_count(t); i++)
    n += strcmp(hinge_table_warning(t, i)->kind, kind) == 0;
  return n;
}

Test(pose_readers, coco_named_with_fs) {
  hinge_error e;
  hinge_table *t = load(named(STD, 1, 1), 30, &e);
  cr_assert_not_null(t, "%s", e.message);
  angles_ok(t, "coco17");
  cr_assert_eq(warned(t, "keypoints_low_confidence"), 1);
  cr_assert_eq(warned(t, "keypoints_facing"), 0);
  cr_assert(hinge_table_find(t, "left_hip_x") >= 0, "the raw columns are kept");
  cr_assert(hinge_table_find(t, "hip_left") >= 0 && hinge_table_find(t, "knee_right") >= 0);
  hinge_table_destroy(t);
}

/* A column of three long words (23 letters each, the tokenizer's most)
 * beside the keypoints: its joined name is 71 bytes and once overflowed a
 * 64-byte buffer; now it is an ordinary extra column. */
Test(pose_readers, a_long_three_word_column_name_should_load) {
  static char text[1 << 16];
  const char *src = named(STD, 1, 1), *p = src;
  size_t n = 0;
  hinge_error e;
  hinge_table *t;
  int line = 0;
  while (*p) {
    const char *q = strchr(p, '\n');
    n += (size_t)snprintf(text + n, sizeof text - n, "%.*s,%s\n", (int)(q - p), p,
                          line++ ? "1" : "Abcdefghijklmnopqrstuvw Abcdefghijklmnopqrstuvw "
                                     "Abcdefghijklmnopqrstuvw");
    p = q + 1;
  }
  t = load(text, 30, &e);
  cr_assert_not_null(t, "%s", e.message);
  angles_ok(t, "coco17");
  hinge_table_destroy(t);
}

Test(pose_readers, spellings) {
  static const char *const MIXED[18] = {
    "Nose.x", "Nose.y", "Nose.conf", "LEar_x", "LEar_y", "LEar_c", "leftShoulder.x",
    "leftShoulder.y", "leftShoulder.likelihood", "HIP_LEFT_X", "HIP_LEFT_Y", "HIP_LEFT_SCORE",
    "pose_left_knee_x", "pose_left_knee_y", "pose_left_knee_confidence", "left ankle x",
    "left ankle y", "left ankle prob"};
  hinge_error e;
  hinge_table *t = load(named(MIXED, 1, 1), 30, &e);
  cr_assert_not_null(t, "%s", e.message);
  angles_ok(t, "coco17");
  hinge_table_destroy(t);
}

Test(pose_readers, numbered_coco_and_mediapipe) {
  static const char *const XYC[3] = {"x%d", "y%d", "c%d"};
  static const char *const XYZV[4] = {"x%d", "y%d", "z%d", "v%d"};
  static const char *const LM[4] = {"landmark_%d_x", "landmark_%d_y", "landmark_%d_z",
                                    "landmark_%d_visibility"};
  static const int COCO_IDX[6] = {0, 3, 5, 11, 13, 15};
  static const int MP_IDX[6] = {0, 7, 11, 23, 25, 27};
  static const int MP_IDX1[6] = {1, 8, 12, 24, 26, 28};
  hinge_error e;
  hinge_table *t = load(numbered(17, 0, COCO_IDX, XYC, 3), 0, &e);
  cr_assert_not_null(t, "coco numbered: %s", e.message);
  angles_ok(t, "coco17");
  hinge_table_destroy(t);
  t = load(numbered(33, 0, MP_IDX, XYZV, 4), 0, &e);
  cr_assert_not_null(t, "mediapipe x0..x32: %s", e.message);
  angles_ok(t, "mediapipe");
  hinge_table_destroy(t);
  /* 1-based: x1 .. x33, the nose is x1 */
  t = load(numbered(33, 1, MP_IDX1, XYZV, 4), 0, &e);
  cr_assert_not_null(t, "mediapipe x1..x33: %s", e.message);
  angles_ok(t, "mediapipe");
  hinge_table_destroy(t);
  t = load(numbered(33, 0, MP_IDX, LM, 4), 0, &e);
  cr_assert_not_null(t, "landmark_0_x: %s", e.message);
  angles_ok(t, "mediapipe");
  hinge_table_destroy(t);
  /* 25 numbered keypoints: no model hinge knows in a CSV */
  t = load(numbered(25, 0, COCO_IDX, XYC, 3), 0, &e);
  cr_assert_null(t);
  cr_assert_eq(e.code, HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "25 keypoints"), "%s", e.message);
}

Test(pose_readers, normalised_with_the_image_size) {
  /* x / 1920, y / 1080 with the size in columns: the same angles */
  hinge_error e;
  hinge_table *t;
  size_t n;
  char *text;
  named(STD, 1.0 / 1920, 1.0 / 1080);
  /* add image_width, image_height columns */
  text = malloc(sizeof BUF + 4096);
  n = 0;
  {
    const char *p = BUF;
    int line = 0;
    while (*p) {
      const char *nl = strchr(p, '\n');
      size_t len = (size_t)(nl - p);
      memcpy(text + n, p, len);
      n += len;
      n += (size_t)sprintf(text + n, line == 0 ? ",image_width,image_height\n" : ",1920,1080\n");
      line++;
      p = nl + 1;
    }
    text[n] = '\0';
  }
  t = load(text, 30, &e);
  cr_assert_not_null(t, "%s", e.message);
  angles_ok(t, "coco17");
  cr_assert_eq(warned(t, "keypoints_aspect"), 0);
  hinge_table_destroy(t);
  free(text);
}

Test(pose_readers, people_per_frame) {
  /* two rows per frame: a bystander (score 0.4) and the lifter (0.9) */
  const char *text =
      "frame_id,person_id,left_shoulder_x,left_shoulder_y,left_shoulder_score,left_hip_x,left_hip_y,"
      "left_hip_score,nose_x,nose_y,nose_score,left_ear_x,left_ear_y,left_ear_score\n"
      "0,0,600,200,0.9,600,500,0.9,625,145,0.9,600,140,0.9\n"
      "0,1,1500,300,0.4,1600,500,0.4,1490,250,0.4,1520,240,0.4\n"
      "1,1,1500,300,0.4,1600,500,0.4,1490,250,0.4,1520,240,0.4\n"
      "1,0,750,240.19,0.9,600,500,0.9,805,193.23,0.9,780,188.23,0.9\n"
      "2,0,812.13,287.87,0.9,600,500,0.9,879.56,250.44,0.9,854.56,245.44,0.9\n";
  hinge_error e;
  hinge_table *t = load(text, 30, &e);
  long tr;
  cr_assert_not_null(t, "%s", e.message);
  cr_assert_eq(hinge_table_rows(t), 3);
  tr = hinge_table_role_column(t, HINGE_ROLE_TRUNK);
  near_or_nan(hinge_table_column(t, (size_t)tr)[0], 0, "trunk", 0);
  near_or_nan(hinge_table_column(t, (size_t)tr)[1], 30, "trunk", 1);
  near_or_nan(hinge_table_column(t, (size_t)tr)[2], 45, "trunk", 2);
  cr_assert_eq(hinge_table_role_column(t, HINGE_ROLE_HIP), -1, "no knees: no hip angle");
  cr_assert_eq(warned(t, "keypoints_missing"), 2);
  hinge_table_destroy(t);
}

Test(pose_readers, time_columns) {
  /* timestamp without a unit, steps of 33.3: milliseconds */
  const char *ms =
      "timestamp,left_shoulder_x,left_shoulder_y,left_hip_x,left_hip_y,left_knee_x,left_knee_y\n"
      "1000.0,600,200,600,500,600,750\n1033.3,750,240.19,600,500,664.7,741.48\n"
      "1066.7,812.13,287.87,600,500,664.7,741.48\n";
  hinge_error e;
  hinge_table *t = load(ms, 0, &e);
  cr_assert_not_null(t, "%s", e.message);
  cr_assert(fabs(hinge_table_timing(t)->sample_rate_hz - 30) < 0.1, "%g",
            hinge_table_timing(t)->sample_rate_hz);
  cr_assert_eq(warned(t, "keypoints_facing"), 1, "no face, no feet");
  /* unsigned: the same numbers here (leaning forward, flexed) */
  near_or_nan(hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_TRUNK))[1], 30,
              "trunk", 1);
  hinge_table_destroy(t);
}

Test(pose_readers, messy_text) {
  /* BOM, CRLF, ';' and decimal commas, a metadata line above the header */
  const char *text =
      "\xEF\xBB\xBF" "fps;30\r\n"
      "frame_id;nose_x;nose_y;left_ear_x;left_ear_y;left_shoulder_x;left_shoulder_y;left_hip_x;"
      "left_hip_y;left_knee_x;left_knee_y;left_ankle_x;left_ankle_y\r\n"
      "0;625;145;600;140;600;200;600;500;600;750;600;1000\r\n"
      "1;805;193,23;780;188,23;750;240,19;600;500;664,7;741,48;600;982,96\r\n"
      "2;879,56;250,44;854,56;245,44;812,13;287,87;600;500;664,7;741,48;600;982,96\r\n";
  hinge_error e;
  hinge_table *t = load(text, 30, &e);
  long hp;
  cr_assert_not_null(t, "%s", e.message);
  hp = hinge_table_role_column(t, HINGE_ROLE_HIP);
  near_or_nan(hinge_table_column(t, (size_t)hp)[1], 45, "hip", 1);
  near_or_nan(hinge_table_column(t, (size_t)hp)[2], 60, "hip", 2);
  hinge_table_destroy(t);
}

Test(pose_readers, errors) {
  hinge_error e;
  static const char *const NOHIP[18] = {
    "nose_x", "nose_y", "nose_score", "left_ear_x", "left_ear_y", "left_ear_score",
    "left_shoulder_x", "left_shoulder_y", "left_shoulder_score", NULL, NULL, NULL,
    "left_knee_x", "left_knee_y", "left_knee_score", "left_ankle_x", "left_ankle_y",
    "left_ankle_score"};
  hinge_table *t = load(named(NOHIP, 1, 1), 30, &e);
  cr_assert_null(t);
  cr_assert_eq(e.code, HINGE_ESCHEMA);
  cr_assert_str_eq(e.file, "clip.csv");
  cr_assert(strstr(e.message, "without hips") && strstr(e.message, "left_hip_x"), "%s", e.message);
  /* frame numbers and no fs */
  t = load(named(STD, 1, 1), 0, &e);
  cr_assert_null(t);
  cr_assert_eq(e.code, HINGE_ENODATA);
  cr_assert(strstr(e.message, "--fs"), "%s", e.message);
  /* every hip below the threshold: no trunk in any frame */
  {
    static char text[4096];
    const char *src = named(STD, 1, 1);
    char *p;
    strcpy(text, src);
    for (p = strstr(text, "\n"); p && (p = strstr(p, ",600,500,0.90")) != NULL; p++)
      memcpy(p, ",600,500,0.10", 13);
    t = load(text, 30, &e);
    cr_assert_null(t);
    cr_assert_eq(e.code, HINGE_ENODATA);
    cr_assert(strstr(e.message, "hip and a shoulder"), "%s", e.message);
  }
}

/* ---- OpenPose folders through hinge_table_load ------------------------ */

#include <sys/stat.h>

/* BODY_25 frame: the formats.md side view's frame f as the lifter (nose 0,
 * left shoulder 5, left hip 12, left knee 13, left ankle 14, left ear 18),
 * a bystander of lower confidence first. */
static void op_frame(const char *dir, int f) {
  static const int AT[6] = {0, 18, 5, 12, 13, 14};
  char path[1024];
  FILE *out;
  int k, j, p;
  snprintf(path, sizeof path, "%s/clip_%012d_keypoints.json", dir, f);
  out = fopen(path, "w");
  cr_assert_not_null(out);
  fputs("{\"version\":1.3,\"people\":[", out);
  for (p = 0; p < 2; p++) {
    fprintf(out, "%s{\"person_id\":[-1],\"pose_keypoints_2d\":[", p ? "," : "");
    for (k = 0; k < 25; k++) {
      for (j = 0; j < 6 && AT[j] != k; j++) {}
      if (j == 6) fprintf(out, "%s0,0,0", k ? "," : "");
      else if (p == 0) fprintf(out, "%s%g,%g,0.4", k ? "," : "", 1500 - FR[0][j][0], FR[0][j][1]);
      else fprintf(out, "%s%g,%g,%g", k ? "," : "", FR[f][j][0], FR[f][j][1], FR[f][j][2]);
    }
    fputs("]}", out);
  }
  fputs("]}\n", out);
  fclose(out);
}

Test(pose_readers, openpose_folders) {
  char dir[512], empty[512], path[600];
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error e;
  long tr;
  int f;
  snprintf(dir, sizeof dir, "%s/pose_op", HINGE_TEST_TMP);
  snprintf(empty, sizeof empty, "%s/pose_op_empty", HINGE_TEST_TMP);
  mkdir(dir, 0777);
  mkdir(empty, 0777);
  for (f = 0; f < 3; f++) op_frame(dir, f);
  hinge_load_options_init(&o);
  o.fs = 30;
  cr_assert_eq(hinge_table_load(dir, &o, &t, &e), HINGE_OK, "%s", e.message);
  cr_assert_str_eq(hinge_table_format(t), "openpose");
  cr_assert_eq(hinge_table_rows(t), 3);
  tr = hinge_table_role_column(t, HINGE_ROLE_TRUNK);
  near_or_nan(hinge_table_column(t, (size_t)tr)[1], 30, "trunk (the lifter, not the bystander)", 1);
  near_or_nan(hinge_table_column(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_HIP))[2], 60,
              "hip", 2);
  cr_assert(hinge_table_find(t, "LHip_x") >= 0, "raw BODY_25 columns");
  hinge_table_destroy(t);
  /* no fs */
  o.fs = 0;
  cr_assert_eq(hinge_table_load(dir, &o, &t, &e), HINGE_ENODATA);
  cr_assert(strstr(e.message, "--fs"), "%s", e.message);
  /* a broken frame: the error names it */
  o.fs = 30;
  snprintf(path, sizeof path, "%s/clip_%012d_keypoints.json", dir, 1);
  {
    FILE *out = fopen(path, "w");
    fputs("{\"version\":1.3,\"people\":[{\"pose_keypoints_2d\":[1,2,", out);
    fclose(out);
  }
  cr_assert_neq(hinge_table_load(dir, &o, &t, &e), HINGE_OK);
  cr_assert_null(t);
  cr_assert_str_eq(e.file, path);
  cr_assert_eq(e.line, 1);
  /* an empty folder named as OpenPose */
  o.input_format = "openpose";
  cr_assert_eq(hinge_table_load(empty, &o, &t, &e), HINGE_ENODATA);
  cr_assert(strstr(e.message, "_keypoints.json"), "%s", e.message);
}

Test(pose_readers, a_row_per_landmark) {
  static const int MP[6] = {0, 7, 11, 23, 25, 27};
  size_t n = 0;
  int f, j;
  hinge_error e;
  hinge_table *t;
  char *nohip;
  n += (size_t)snprintf(BUF, sizeof BUF, "frame_id,landmark_id,landmark_name,x,y,z,visibility\n");
  for (f = 0; f < 4; f++)
    for (j = 0; j < 6; j++)
      n += (size_t)snprintf(BUF + n, sizeof BUF - n, "%d,%d,L%d,%.2f,%.2f,-0.1,%.2f\n", f, MP[j],
                            MP[j], FR[f][j][0], FR[f][j][1], FR[f][j][2]);
  t = load(BUF, 30, &e);
  cr_assert_not_null(t, "%s", e.message);
  angles_ok(t, "mediapipe");
  hinge_table_destroy(t);
  /* without the hip rows */
  nohip = malloc(n + 1);
  memcpy(nohip, BUF, n + 1);
  {
    char *p, *q = nohip;
    for (p = nohip; *p;) {
      char *nl = strchr(p, '\n');
      size_t len = (size_t)(nl - p) + 1;
      if (!strstr(p, ",23,L23,") || strstr(p, ",23,L23,") > nl) {
        memmove(q, p, len);
        q += len;
      }
      p = nl + 1;
    }
    *q = '\0';
  }
  t = load(nohip, 30, &e);
  cr_assert_null(t);
  cr_assert_eq(e.code, HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "without hips") && strstr(e.message, "23 or 24"), "%s", e.message);
  free(nohip);
}
