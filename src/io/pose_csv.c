/*
 * pose_csv.c -- video keypoints in CSV files: COCO-17 as pose tools write
 * them (`<joint>_x`, `<joint>_y`, optional `<joint>_score`) and MediaPipe
 * Pose landmarks (33 landmarks: x, y, z, visibility; named or numbered
 * columns), pixels or normalised; and the table every keypoint reader
 * builds (hinge__pose_table: the trunk, hip and knee angles of kin/pose.c).
 * The layouts: docs/formats.md, "Video keypoints"; the angles:
 * docs/algorithms.md, "Keypoint angles".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "pose_internal.h"
#include "reader.h"
#include "table_internal.h"

/* ---- Names ------------------------------------------------------------
 * A header is cut into lower-case tokens at every character that is not a
 * letter or a digit, between letters and digits and before an upper-case
 * letter that starts a word ("leftShoulder.x" -> left shoulder x,
 * "x23" -> x 23, "LHip_x" -> l hip x). */

#define MAXTOK 8
#define TOKLEN 24

typedef struct toks {
  char t[MAXTOK][TOKLEN];
  int n;
} toks;

static int is_up(int c) { return c >= 'A' && c <= 'Z'; }
static int is_low(int c) { return c >= 'a' && c <= 'z'; }
static int is_dig(int c) { return c >= '0' && c <= '9'; }

static int cls(int c) { return is_dig(c) ? 2 : (is_up(c) || is_low(c)) ? 1 : 0; }

/* A new word starts at s[i] (not the first character of a token). */
static int word_start(const char *s, size_t i) {
  int p = (unsigned char)s[i - 1], c = (unsigned char)s[i];
  int nx = (unsigned char)s[i + 1];
  if (cls(p) != cls(c)) return 1;
  if (is_up(c) && is_low(p)) return 1;             /* leftShoulder */
  if (is_up(c) && is_up(p) && is_low(nx)) return 1; /* LHip */
  return 0;
}

static void tokenize(const char *s, toks *out) {
  size_t i, len = 0;
  int cur = -1;
  out->n = 0;
  for (i = 0; s[i]; i++) {
    int c = (unsigned char)s[i];
    if (!cls(c)) {
      cur = -1;
      continue;
    }
    if (cur < 0 || word_start(s, i)) {
      if (out->n == MAXTOK) {
        out->n = MAXTOK + 1; /* too many: no keypoint name */
        return;
      }
      cur = out->n++;
      len = 0;
    }
    if (len + 1 < TOKLEN) {
      out->t[cur][len++] = (char)(is_up(c) ? c + ('a' - 'A') : c);
      out->t[cur][len] = '\0';
    }
  }
}

static int in(const char *w, const char *const *list) {
  for (; *list; list++)
    if (strcmp(w, *list) == 0) return 1;
  return 0;
}

/* What a column holds of its keypoint. */
enum { C_NONE, C_X, C_Y, C_Z, C_CONF, C_PRESENCE };

static int component(const char *w) {
  static const char *const conf[] = {"score", "conf", "confidence", "c", "v", "vis",
                                     "visibility", "prob", "probability", "likelihood", NULL};
  if (strcmp(w, "x") == 0) return C_X;
  if (strcmp(w, "y") == 0) return C_Y;
  if (strcmp(w, "z") == 0) return C_Z;
  if (strcmp(w, "presence") == 0) return C_PRESENCE;
  return in(w, conf) ? C_CONF : C_NONE;
}

/* Words that may precede a keypoint's name or number. */
static const char *const PREFIXES[] = {"pose", "landmark", "landmarks", "lm", "kp",
                                       "keypoint", "keypoints", "point", "joint", "p", NULL};

/* The keypoints by name (after the side is taken off); mp: a MediaPipe
 * landmark COCO-17 does not have. */
typedef struct joint_name {
  const char *base;
  int kp;   /* the left one's HINGE__KP_* (right = +1), or the nose; -1 unused */
  int mp;
} joint_name;

static const joint_name JOINTS[] = {
  {"nose", HINGE__KP_NOSE, 0},          {"eye", HINGE__KP_LEYE, 0},
  {"ear", HINGE__KP_LEAR, 0},           {"shoulder", HINGE__KP_LSHOULDER, 0},
  {"hip", HINGE__KP_LHIP, 0},           {"knee", HINGE__KP_LKNEE, 0},
  {"ankle", HINGE__KP_LANKLE, 0},       {"heel", HINGE__KP_LHEEL, 1},
  {"foot_index", HINGE__KP_LTOE, 1},    {"big_toe", HINGE__KP_LTOE, 0},
  {"toe", HINGE__KP_LTOE, 0},           {"elbow", -1, 0},
  {"wrist", -1, 0},                     {"eye_inner", -1, 1},
  {"eye_outer", -1, 1},                 {"mouth", -1, 1},
  {"pinky", -1, 1},                     {"index", -1, 1},
  {"thumb", -1, 1},                     {"small_toe", -1, 0},
  {"neck", -1, 0},                      {"mid_hip", -1, 0},
};

/* The numbered layouts: the keypoint at each index (-1 unused). */
static const signed char ORDER_COCO17[17] = {
  HINGE__KP_NOSE, HINGE__KP_LEYE, HINGE__KP_REYE, HINGE__KP_LEAR, HINGE__KP_REAR,
  HINGE__KP_LSHOULDER, HINGE__KP_RSHOULDER, -1, -1, -1, -1, HINGE__KP_LHIP, HINGE__KP_RHIP,
  HINGE__KP_LKNEE, HINGE__KP_RKNEE, HINGE__KP_LANKLE, HINGE__KP_RANKLE};
static const signed char ORDER_MP33[33] = {
  HINGE__KP_NOSE, -1, HINGE__KP_LEYE, -1, -1, HINGE__KP_REYE, -1, HINGE__KP_LEAR,
  HINGE__KP_REAR, -1, -1, HINGE__KP_LSHOULDER, HINGE__KP_RSHOULDER, -1, -1, -1, -1, -1, -1,
  -1, -1, -1, -1, HINGE__KP_LHIP, HINGE__KP_RHIP, HINGE__KP_LKNEE, HINGE__KP_RKNEE,
  HINGE__KP_LANKLE, HINGE__KP_RANKLE, HINGE__KP_LHEEL, HINGE__KP_RHEEL, HINGE__KP_LTOE,
  HINGE__KP_RTOE};

/* A header cell read as a keypoint column. */
typedef struct kpcol {
  int kp;      /* HINGE__KP_*, or -1 for a keypoint the angles do not use */
  int comp;    /* C_* */
  int mp;      /* a MediaPipe-only landmark */
  long index;  /* numbered columns: the number; -1 for a name */
} kpcol;

/* The keypoint of the name tokens w[0..n-1] (side words included), or 0. */
static int joint_of(char w[][TOKLEN], int n, kpcol *k) {
  char base[64];
  int side = -1, i, first = 0, last = n;
  size_t j;
  if (n == 0) return 0;
  if (strcmp(w[0], "left") == 0 || strcmp(w[0], "l") == 0) side = 0, first = 1;
  else if (strcmp(w[0], "right") == 0 || strcmp(w[0], "r") == 0) side = 1, first = 1;
  else if (strcmp(w[n - 1], "left") == 0 || strcmp(w[n - 1], "l") == 0) side = 0, last = n - 1;
  else if (strcmp(w[n - 1], "right") == 0 || strcmp(w[n - 1], "r") == 0) side = 1, last = n - 1;
  base[0] = '\0';
  for (i = first; i < last; i++) {
    if (strlen(base) + strlen(w[i]) + 2 > sizeof base) return 0;
    if (i > first) strcat(base, "_");
    strcat(base, w[i]);
  }
  if (strcmp(base, "bigtoe") == 0) strcpy(base, "big_toe");
  for (j = 0; j < sizeof JOINTS / sizeof JOINTS[0]; j++) {
    const joint_name *jn = &JOINTS[j];
    if (strcmp(base, jn->base) != 0) continue;
    if ((jn->kp == HINGE__KP_NOSE) != (side < 0) && jn->kp >= 0) return 0;
    if (jn->kp < 0 && side < 0 && strcmp(base, "neck") && strcmp(base, "mid_hip")) return 0;
    k->kp = jn->kp < 0 || jn->kp == HINGE__KP_NOSE ? jn->kp : jn->kp + side;
    k->mp = jn->mp;
    return 1;
  }
  return 0;
}

/* Read a header cell as a keypoint column: "<joint>_<comp>" (prefixes
 * allowed) or a numbered "<comp><n>", "<prefix>_<n>_<comp>", "<n>_<comp>". */
static int keypoint_column(const char *name, kpcol *k) {
  toks tk;
  int i, first = 0, last;
  tokenize(name, &tk);
  if (tk.n < 2 || tk.n > MAXTOK) return 0;
  k->index = -1;
  k->mp = 0;
  k->kp = -1;
  /* numbered: exactly one number and one component, the rest prefixes */
  for (i = 0; i < tk.n; i++)
    if (is_dig((unsigned char)tk.t[i][0])) break;
  if (i < tk.n) {
    int num = i, comp = -1, j;
    for (j = 0; j < tk.n; j++) {
      if (j == num) continue;
      if (component(tk.t[j]) != C_NONE && comp < 0) comp = j;
      else if (!in(tk.t[j], PREFIXES)) return 0;
    }
    if (comp < 0 || strlen(tk.t[num]) > 3) return 0;
    k->comp = component(tk.t[comp]);
    k->index = atol(tk.t[num]);
    return 1;
  }
  last = tk.n - 1;
  k->comp = component(tk.t[last]);
  if (k->comp == C_NONE) return 0;
  while (first < last && in(tk.t[first], PREFIXES)) first++;
  return joint_of(&tk.t[first], last - first, k);
}

/* ---- The header's layout ---------------------------------------------- */

typedef struct layout {
  long x[HINGE__KP_COUNT], y[HINGE__KP_COUNT], c[HINGE__KP_COUNT];
  int cprio[HINGE__KP_COUNT];  /* 2 score/visibility, 1 presence */
  long time, frame, width, height, person;
  int time_unit;               /* HINGE_UNIT_S, _MS, _US, _NS; NONE: decide by the steps */
  int time_loaded;             /* the loader took it as time (and scaled a named unit) */
  size_t named, numbered, mp, zcols, joints_xy;
  long maxindex, minindex;
  int model;                   /* 17, 25, 33 for numbered columns; 0 named */
  long lid, lx, ly, lz, lc;    /* a row per landmark: its number, x, y, z, confidence */
  int lcprio;
} layout;

/* A name of 1 to 3 words as "w1_w2_w3" (lower case) in buf (JOINED_MAX
 * bytes: three words of TOKLEN - 1 and two '_' always fit); 0 for other
 * names. */
#define JOINED_MAX (3 * TOKLEN)
static int joined(const char *name, char *buf) {
  toks tk;
  size_t len = 0, k;
  int i;
  tokenize(name, &tk);
  if (tk.n < 1 || tk.n > 3) return 0;
  for (i = 0; i < tk.n; i++) {
    if (i) buf[len++] = '_';
    k = strlen(tk.t[i]);
    memcpy(buf + len, tk.t[i], k);
    len += k;
  }
  buf[len] = '\0';
  return 1;
}

static int time_column(const char *name, int *unit) {
  static const char *const s[] = {"time_s", "timestamp_s", "seconds", "sec", "time_sec",
                                  "elapsed_s", NULL};
  static const char *const ms[] = {"time_ms", "timestamp_ms", "ms", "milliseconds",
                                   "frame_timestamp_ms", "timestamp_msec", NULL};
  static const char *const none[] = {"time", "t", "elapsed", "timestamp", "frame_timestamp",
                                     "frame_time", "time_stamp", NULL};
  char buf[JOINED_MAX];
  if (!joined(name, buf)) return 0;
  if (in(buf, s)) *unit = HINGE_UNIT_S;
  else if (in(buf, ms)) *unit = HINGE_UNIT_MS;
  else if (strcmp(buf, "time_us") == 0 || strcmp(buf, "timestamp_us") == 0) *unit = HINGE_UNIT_US;
  else if (strcmp(buf, "time_ns") == 0 || strcmp(buf, "timestamp_ns") == 0) *unit = HINGE_UNIT_NS;
  else if (in(buf, none)) *unit = HINGE_UNIT_NONE;
  else return 0;
  return 1;
}

static int named_as(const char *name, const char *const *list) {
  char buf[JOINED_MAX];
  return joined(name, buf) && in(buf, list);
}

static const char *const FRAME_NAMES[] = {"frame", "frame_id", "frame_idx", "frame_index",
                                          "frame_number", "frame_no", "frame_num", "frame_nr",
                                          "image_id", "idx", NULL};
static const char *const WIDTH_NAMES[] = {"image_width", "img_width", "frame_width", "width",
                                          "img_w", "image_w", "video_width", NULL};
static const char *const HEIGHT_NAMES[] = {"image_height", "img_height", "frame_height",
                                           "height", "img_h", "image_h", "video_height", NULL};
static const char *const LANDMARK_NAMES[] = {"landmark_id", "landmark", "landmark_index",
                                            "landmark_idx", "keypoint_id", "keypoint_index",
                                            "joint_id", "kp_id", "point_id", "lm_id", NULL};
static const char *const PERSON_NAMES[] = {"person", "person_id", "track_id", "pid",
                                           "person_idx", "instance", "instance_id", NULL};

static void layout_init(layout *l) {
  int k;
  memset(l, 0, sizeof *l);
  for (k = 0; k < HINGE__KP_COUNT; k++) l->x[k] = l->y[k] = l->c[k] = -1;
  l->time = l->frame = l->width = l->height = l->person = -1;
  l->lid = l->lx = l->ly = l->lz = l->lc = -1;
  l->minindex = -1;
}

/* A one-word header that is a component ("x", "visibility"): a row per
 * landmark. */
static int lone_component(const char *name, layout *l, long col) {
  toks tk;
  int comp;
  tokenize(name, &tk);
  if (tk.n != 1 || (comp = component(tk.t[0])) == C_NONE) return 0;
  if (comp == C_X && l->lx < 0) l->lx = col;
  else if (comp == C_Y && l->ly < 0) l->ly = col;
  else if (comp == C_Z && l->lz < 0) l->lz = col;
  else if ((comp == C_CONF ? 2 : 1) > l->lcprio && comp != C_X && comp != C_Y && comp != C_Z)
    l->lc = col, l->lcprio = comp == C_CONF ? 2 : 1;
  return 1;
}

/* A row per landmark: a landmark number, x and y, and no keypoint columns. */
static int long_format(const layout *l) {
  return l->lid >= 0 && l->lx >= 0 && l->ly >= 0 && l->named == 0 && l->numbered == 0;
}

/* Numbered columns: one more cell seen. */
static void note_numbered(layout *l, const kpcol *k) {
  l->numbered++;
  if (k->index > l->maxindex) l->maxindex = k->index;
  if (l->minindex < 0 || k->index < l->minindex) l->minindex = k->index;
}

static void place(layout *l, const kpcol *k, long col) {
  int p;
  if (k->kp < 0) return;
  switch (k->comp) {
  case C_X: if (l->x[k->kp] < 0) l->x[k->kp] = col; break;
  case C_Y: if (l->y[k->kp] < 0) l->y[k->kp] = col; break;
  case C_CONF: case C_PRESENCE:
    p = k->comp == C_CONF ? 2 : 1;
    if (p > l->cprio[k->kp]) l->c[k->kp] = col, l->cprio[k->kp] = p;
    break;
  default: break;
  }
}

/* The keypoint of numbered column number idx in the layout's model. */
static int numbered_kp(const layout *l, long idx) {
  long i = idx - (l->minindex == 1 && l->maxindex == l->model ? 1 : 0);
  if (i < 0 || i >= l->model) return -1;
  if (l->model == 17) return ORDER_COCO17[i];
  if (l->model == 33) return ORDER_MP33[i];
  return -1;
}

/* Read the header names[0..n-1] into l. */
static void scan(const char *const *names, size_t n, layout *l) {
  size_t i;
  layout_init(l);
  for (i = 0; i < n; i++) {
    kpcol k;
    int unit;
    const char *nm = names[i] ? names[i] : "";
    if (l->time < 0 && time_column(nm, &unit)) l->time = (long)i, l->time_unit = unit;
    else if (l->frame < 0 && named_as(nm, FRAME_NAMES)) l->frame = (long)i;
    else if (l->width < 0 && named_as(nm, WIDTH_NAMES)) l->width = (long)i;
    else if (l->height < 0 && named_as(nm, HEIGHT_NAMES)) l->height = (long)i;
    else if (l->person < 0 && named_as(nm, PERSON_NAMES)) l->person = (long)i;
    else if (l->lid < 0 && named_as(nm, LANDMARK_NAMES)) l->lid = (long)i;
    else if (lone_component(nm, l, (long)i)) continue;
    else if (keypoint_column(nm, &k)) {
      if (k.index >= 0) note_numbered(l, &k);
      else {
        l->named++;
        l->mp += k.mp;
        l->zcols += k.comp == C_Z;
        place(l, &k, (long)i);
      }
    }
  }
  if (l->numbered == 0 || l->numbered < l->named) {
    l->model = 0;
  } else {
    long count = l->maxindex - (l->minindex == 1 ? 0 : -1);
    l->model = count > 0 && count < 1000 ? (int)count : -1;
    for (i = 0; i < n; i++) {
      kpcol k;
      const char *nm = names[i] ? names[i] : "";
      if (!keypoint_column(nm, &k) || k.index < 0) continue;
      k.kp = numbered_kp(l, k.index);
      l->zcols += k.comp == C_Z;
      place(l, &k, (long)i);
    }
  }
  for (i = 0; i < HINGE__KP_COUNT; i++) l->joints_xy += l->x[i] >= 0 && l->y[i] >= 0;
}

/* Is it a MediaPipe layout (else COCO-17)? */
static int is_mediapipe(const layout *l) {
  if (long_format(l)) return l->lz >= 0;
  if (l->model) return l->model == 33;
  return l->mp > 0 || l->zcols > 0;
}

static int has_hips(const layout *l) {
  return (l->x[HINGE__KP_LHIP] >= 0 && l->y[HINGE__KP_LHIP] >= 0) ||
         (l->x[HINGE__KP_RHIP] >= 0 && l->y[HINGE__KP_RHIP] >= 0);
}

/* Enough keypoint columns to call it a keypoint file (the reader then
 * says what is missing). */
static int looks_like_keypoints(const layout *l) {
  if (long_format(l)) return 1;
  if (l->model) return l->model == 17 || l->model == 33 || l->numbered >= 40;
  return l->joints_xy >= 3 || (l->named >= 6 && l->joints_xy >= 1);
}

/* ---- Detection -------------------------------------------------------- */

#define MAXCELLS 400

/* The cells of one header line (a copy in buf, split in place). */
static size_t split_line(const char *line, size_t len, char *buf, const char **cells) {
  size_t i, n = 0, commas = 0, semis = 0, tabs = 0;
  char d;
  for (i = 0; i < len; i++) {
    commas += line[i] == ',';
    semis += line[i] == ';';
    tabs += line[i] == '\t';
  }
  d = tabs > commas && tabs > semis ? '\t' : semis > commas ? ';' : ',';
  memcpy(buf, line, len);
  buf[len] = '\0';
  cells[n++] = buf;
  for (i = 0; i < len && n < MAXCELLS; i++) {
    if (buf[i] == '"') buf[i] = ' ';
    if (buf[i] == d) {
      buf[i] = '\0';
      cells[n++] = buf + i + 1;
    }
  }
  return n;
}

/* The first of the first 30 lines of head[0..len) that reads as a
 * keypoint header: its kind (1 COCO-17, 2 MediaPipe) and 1-based line into
 * *line; 0 when none does. */
static int header_kind(const char *head, size_t len, long *line) {
  const char *p = head, *end = head + len;
  long ln;
  char buf[8192];
  const char *cells[MAXCELLS];
  if (!p) return 0;
  if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  for (ln = 1; ln <= 30 && p < end; ln++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    if (n < sizeof buf) {
      layout l;
      scan(cells, split_line(p, n, buf, cells), &l);
      if (looks_like_keypoints(&l)) {
        if (line) *line = ln;
        return is_mediapipe(&l) ? 2 : 1;
      }
    }
    if (!nl) break;
    p = nl + 1;
  }
  return 0;
}

static int sniff_kind(const hinge__sniff *s) { return header_kind(s->head, s->len, NULL); }

static int text_ext(const char *e) {
  return e && (strcmp(e, "csv") == 0 || strcmp(e, "tsv") == 0 || strcmp(e, "txt") == 0);
}

static int detect_coco17(const hinge__sniff *s) {
  if (s->is_dir) return 0;
  return sniff_kind(s) == 1 ? (text_ext(s->ext) ? 3 : 2) : 0;
}

static int detect_mediapipe(const hinge__sniff *s) {
  if (s->is_dir) return 0;
  return sniff_kind(s) == 2 ? (text_ext(s->ext) ? 3 : 2) : 0;
}

/* ---- Loading ---------------------------------------------------------- */

typedef struct csvload {
  const hinge_load_options *o;
  const hinge_allocator *a;
  const char *name;
  hinge_table *raw;
  layout l;
  size_t n;            /* frames after choosing one person per frame */
  size_t *rows;        /* raw row of each frame */
  double *store;       /* the keypoint arrays, 3 x KP_COUNT x n */
  double *time, *frame;
  const char **names;  /* the raw table's column names */
  hinge__pose_raw *raw_cols;
} csvload;

static const double *rawcol(const csvload *c, long col) {
  return col < 0 ? NULL : hinge_table_column(c->raw, (size_t)col);
}

/* The confidence of raw row r: the sum over the keypoints (the count of
 * present ones without confidence columns). */
static double row_score(const csvload *c, size_t r) {
  double s = 0.0;
  int k;
  for (k = 0; k < HINGE__KP_COUNT; k++) {
    const double *x = rawcol(c, c->l.x[k]), *cf = rawcol(c, c->l.c[k]);
    if (!x || !isfinite(x[r])) continue;
    s += cf ? (isfinite(cf[r]) ? cf[r] : 0.0) : 1.0;
  }
  return s;
}

/* One row per frame: rows of the same frame (or time) next to each other
 * are people of one frame; the most confident is kept. */
static int choose_rows(csvload *c) {
  size_t nr = hinge_table_rows(c->raw), r;
  const double *key = rawcol(c, c->l.frame >= 0 ? c->l.frame : c->l.time);
  c->rows = hinge__malloc(c->a, (nr ? nr : 1) * sizeof *c->rows);
  if (!c->rows) return HINGE_ENOMEM;
  c->n = 0;
  for (r = 0; r < nr; r++) {
    if (c->n > 0 && key && isfinite(key[r]) && key[r] == key[c->rows[c->n - 1]]) {
      if (row_score(c, r) > row_score(c, c->rows[c->n - 1])) c->rows[c->n - 1] = r;
      continue;
    }
    c->rows[c->n++] = r;
  }
  return HINGE_OK;
}

/* Gathered copy of raw column col over the chosen rows into dst. */
static void gather(const csvload *c, long col, double *dst) {
  const double *v = rawcol(c, col);
  size_t i;
  for (i = 0; i < c->n; i++) dst[i] = v ? v[c->rows[i]] : NAN;
}

/* All coordinates within [-0.5, 1.5]: normalised to the image size. */
static int normalised(const hinge__pose_frames *f) {
  size_t i;
  int k, any = 0;
  for (k = 0; k < HINGE__KP_COUNT; k++) {
    if (!f->x[k]) continue;
    for (i = 0; i < f->n; i++) {
      double x = f->x[k][i], y = f->y[k][i];
      if (!isfinite(x) || !isfinite(y)) continue;
      if (x < -0.5 || x > 1.5 || y < -0.5 || y > 1.5) return 0;
      any = 1;
    }
  }
  return any;
}

static double first_finite(const double *v, size_t n) {
  size_t i;
  for (i = 0; v && i < n; i++)
    if (isfinite(v[i]) && v[i] > 0) return v[i];
  return NAN;
}

/* The image's width / height for normalised coordinates: the width and
 * height columns, else estimated from the body (kin/pose.c), else 1. */
static void aspect_of(const csvload *c, hinge__pose_clip *clip) {
  double w = first_finite(rawcol(c, c->l.width), hinge_table_rows(c->raw));
  double h = first_finite(rawcol(c, c->l.height), hinge_table_rows(c->raw));
  hinge__pose_aspect_info ai;
  if (isfinite(w) && isfinite(h)) {
    clip->aspect = w / h;
    clip->aspect_how = HINGE__ASPECT_GIVEN;
    return;
  }
  hinge__pose_aspect(&clip->frames, &ai);
  clip->aspect = ai.ok ? ai.aspect : 1.0;
  clip->aspect_how = !ai.ok ? HINGE__ASPECT_ASSUMED
                     : ai.snapped ? HINGE__ASPECT_SNAPPED : HINGE__ASPECT_ESTIMATED;
}

/* The median positive step of t[0..n) (NaN when none); -1 out of memory. */
static double median_step(const csvload *c, const double *t) {
  size_t i, m = 0;
  double *d, med;
  d = hinge__malloc(c->a, (c->n ? c->n : 1) * sizeof *d);
  if (!d) return -1.0;
  for (i = 1; i < c->n; i++)
    if (isfinite(t[i]) && isfinite(t[i - 1]) && t[i] > t[i - 1]) d[m++] = t[i] - t[i - 1];
  med = hinge__median_valid(d, m);
  hinge__free(c->a, d, (c->n ? c->n : 1) * sizeof *d);
  return med;
}

static double unit_scale(int unit) {
  return unit == HINGE_UNIT_MS ? 1e-3 : unit == HINGE_UNIT_US ? 1e-6
         : unit == HINGE_UNIT_NS ? 1e-9 : 1.0;
}

/* The time column's values in seconds into c->time.  The loader scales a
 * column whose name it knows (time_ms); a column only this reader knows
 * is scaled by its name here.  A name without a unit whose median step is
 * 0.5 or more holds milliseconds (no video runs at 2 fps or less); epoch
 * times start from 0. */
static int time_column_values(csvload *c, hinge__pose_clip *clip) {
  size_t i;
  double scale = c->l.time_loaded ? 1.0 : unit_scale(c->l.time_unit), med, first = NAN;
  gather(c, c->l.time, c->time);
  clip->time_source = "the time column";
  med = median_step(c, c->time);
  if (med < 0) return HINGE_ENOMEM;
  if (c->l.time_unit == HINGE_UNIT_NONE && med * scale >= 0.5) {
    scale *= 1e-3;
    clip->time_source = "the time column, read as milliseconds (steps of 0.5 or more)";
  }
  for (i = 0; i < c->n; i++) {
    c->time[i] *= scale;
    if (isnan(first) && isfinite(c->time[i])) first = c->time[i];
  }
  if (first > 1e6)
    for (i = 0; i < c->n; i++) c->time[i] -= first;
  return HINGE_OK;
}

/* clip->time from the time column (seconds), else frame / fs. */
static int timing(csvload *c, hinge__pose_clip *clip, hinge_error *err) {
  size_t i;
  double rate = hinge_table_meta(c->raw)->rate_hz;
  double fs = c->o->fs > 0 ? c->o->fs : rate;
  if (c->l.time < 0 && !(fs > 0))
    return c->l.frame >= 0
               ? hinge__fail(err, HINGE_ENODATA, c->name, 0, 0,
                             "frame numbers (column %ld) but no time column: give the frame "
                             "rate (--fs, e.g. --fs 30)", c->l.frame + 1)
               : hinge__fail(err, HINGE_ENODATA, c->name, 0, 0,
                             "no time and no frame column: give the frame rate (--fs, e.g. "
                             "--fs 30)");
  c->time = hinge__malloc(c->a, (c->n ? c->n : 1) * sizeof *c->time);
  if (!c->time) return hinge__fail(err, HINGE_ENOMEM, c->name, 0, 0, "out of memory");
  if (c->l.time >= 0) {
    if (time_column_values(c, clip) != HINGE_OK)
      return hinge__fail(err, HINGE_ENOMEM, c->name, 0, 0, "out of memory");
  } else {
    if (c->l.frame >= 0) gather(c, c->l.frame, c->time);
    else
      for (i = 0; i < c->n; i++) c->time[i] = (double)i;
    for (i = 0; i < c->n; i++) c->time[i] /= fs;
    if (c->l.frame >= 0)
      clip->time_source = c->o->fs > 0 ? "frame / fs" : "frame / the stated frame rate";
    else
      clip->time_source = c->o->fs > 0 ? "row / fs" : "row / the stated frame rate";
  }
  clip->time = c->time;
  return HINGE_OK;
}

static const char *missing_hint(const layout *l) {
  return l->model == 33 ? "x23/y23 or x24/y24 (MediaPipe numbering)"
         : l->model == 17 ? "x11/y11 or x12/y12 (COCO-17 numbering)"
         : "left_hip_x/left_hip_y or right_hip_x/right_hip_y";
}

/* What the angles need: a hip and a shoulder. */
static int check_layout(const csvload *c, hinge_error *err) {
  const layout *l = &c->l;
  if (long_format(l)) return HINGE_OK; /* after the rows: pivot() */
  if (l->model && l->model != 17 && l->model != 33)
    return hinge__fail(err, HINGE_ESCHEMA, c->name, hinge_table_schema(c->raw)->header_line, 0,
                       "numbered keypoint columns with %ld keypoints: hinge knows 17 (COCO) "
                       "and 33 (MediaPipe Pose)", (long)l->model);
  if (!has_hips(l))
    return hinge__fail(err, HINGE_ESCHEMA, c->name, hinge_table_schema(c->raw)->header_line, 0,
                       "keypoint file without hips: no column pair %s, so no trunk, hip or "
                       "knee angle can be computed", missing_hint(l));
  if ((l->x[HINGE__KP_LSHOULDER] < 0 || l->y[HINGE__KP_LSHOULDER] < 0) &&
      (l->x[HINGE__KP_RSHOULDER] < 0 || l->y[HINGE__KP_RSHOULDER] < 0))
    return hinge__fail(err, HINGE_ESCHEMA, c->name, hinge_table_schema(c->raw)->header_line, 0,
                       "keypoint file without shoulders (left_shoulder_x/_y or "
                       "right_shoulder_x/_y): no trunk angle can be computed");
  return HINGE_OK;
}

/* The keypoint arrays over the chosen rows into clip->frames. */
static int frames_of(csvload *c, hinge__pose_clip *clip) {
  int k;
  size_t n = c->n ? c->n : 1;
  c->store = hinge__malloc(c->a, 3 * HINGE__KP_COUNT * n * sizeof *c->store);
  if (!c->store) return HINGE_ENOMEM;
  memset(&clip->frames, 0, sizeof clip->frames);
  clip->frames.n = c->n;
  for (k = 0; k < HINGE__KP_COUNT; k++) {
    double *x = c->store + (size_t)(3 * k) * n, *y = x + n, *cf = y + n;
    if (c->l.x[k] < 0 || c->l.y[k] < 0) continue;
    gather(c, c->l.x[k], x);
    gather(c, c->l.y[k], y);
    clip->frames.x[k] = x;
    clip->frames.y[k] = y;
    if (c->l.c[k] >= 0) {
      gather(c, c->l.c[k], cf);
      clip->frames.c[k] = cf;
    }
  }
  return HINGE_OK;
}

/* A row per landmark (frame, landmark number, x, y, ...): the rows of one
 * frame next to each other become one frame; the landmark numbers are
 * COCO-17's (0-16) or MediaPipe's (0-32) by the largest; the first row of
 * a landmark in a frame counts. */
static int pivot(csvload *c, hinge__pose_clip *clip, hinge_error *err) {
  size_t nr = hinge_table_rows(c->raw), r, i, n;
  const double *key = rawcol(c, c->l.frame >= 0 ? c->l.frame : c->l.time);
  const double *id = rawcol(c, c->l.lid), *x = rawcol(c, c->l.lx), *y = rawcol(c, c->l.ly);
  const double *cf = rawcol(c, c->l.lc);
  double maxid = -1;
  int k;
  if (!key || !id || !x || !y)
    return hinge__fail(err, HINGE_ESCHEMA, c->name, hinge_table_schema(c->raw)->header_line, 0,
                       "a row per landmark needs numbers in a frame (or time), a landmark "
                       "number, x and y column");
  c->rows = hinge__malloc(c->a, (nr ? nr : 1) * sizeof *c->rows);
  if (!c->rows) return hinge__fail(err, HINGE_ENOMEM, c->name, 0, 0, "out of memory");
  for (r = 0, c->n = 0; r < nr; r++) {
    if (isfinite(id[r]) && id[r] > maxid) maxid = id[r];
    if (c->n == 0 || !(key[r] == key[c->rows[c->n - 1]])) c->rows[c->n++] = r;
  }
  if (maxid > 32)
    return hinge__fail(err, HINGE_ESCHEMA, c->name, hinge_table_schema(c->raw)->header_line, 0,
                       "landmark numbers up to %.0f: hinge knows 0-16 (COCO) and 0-32 "
                       "(MediaPipe Pose)", maxid);
  c->l.model = maxid > 16 ? 33 : 17;
  c->l.minindex = 0;
  c->l.maxindex = c->l.model - 1;
  n = c->n ? c->n : 1;
  c->store = hinge__malloc(c->a, 3 * HINGE__KP_COUNT * n * sizeof *c->store);
  if (!c->store) return hinge__fail(err, HINGE_ENOMEM, c->name, 0, 0, "out of memory");
  for (i = 0; i < 3 * HINGE__KP_COUNT * n; i++) c->store[i] = NAN;
  memset(&clip->frames, 0, sizeof clip->frames);
  clip->frames.n = c->n;
  for (i = 0, r = 0; i < c->n; i++) {
    size_t end = i + 1 < c->n ? c->rows[i + 1] : nr;
    for (r = c->rows[i]; r < end; r++) {
      double *v;
      k = isfinite(id[r]) && id[r] >= 0 && id[r] == floor(id[r]) ? numbered_kp(&c->l, (long)id[r])
                                                                 : -1;
      if (k < 0) continue;
      v = c->store + (size_t)(3 * k) * n;
      if (!isnan(v[i]) || !isfinite(x[r])) continue;
      v[i] = x[r];
      v[n + i] = y[r];
      v[2 * n + i] = cf ? cf[r] : NAN;
      clip->frames.x[k] = v;
      clip->frames.y[k] = v + n;
      if (cf) clip->frames.c[k] = v + 2 * n;
    }
  }
  if (!clip->frames.x[HINGE__KP_LHIP] && !clip->frames.x[HINGE__KP_RHIP])
    return hinge__fail(err, HINGE_ESCHEMA, c->name, hinge_table_schema(c->raw)->header_line, 0,
                       "keypoint file without hips: no row of landmark %s",
                       c->l.model == 33 ? "23 or 24 (MediaPipe numbering)"
                                        : "11 or 12 (COCO-17 numbering)");
  return HINGE_OK;
}

/* The raw keypoint columns to keep: every numeric column of the file
 * (over the chosen rows when people were dropped, else as they are). */
static int raw_of(csvload *c, hinge__pose_clip *clip) {
  size_t nc = hinge_table_columns(c->raw), i, m = 0;
  c->raw_cols = hinge__malloc(c->a, (nc ? nc : 1) * sizeof *c->raw_cols);
  if (!c->raw_cols) return HINGE_ENOMEM;
  for (i = 0; i < nc; i++) {
    const double *v = hinge_table_column(c->raw, i);
    if (!v || (long)i == c->l.time) continue;
    c->raw_cols[m].name = hinge_table_column_info(c->raw, i)->name;
    c->raw_cols[m].v = v;
    m++;
  }
  clip->raw = c->raw_cols;
  clip->nraw = c->n == hinge_table_rows(c->raw) ? m : 0; /* rows dropped: angles only */
  return HINGE_OK;
}

static void csvload_free(csvload *c) {
  size_t n = c->n ? c->n : 1, nr = hinge_table_rows(c->raw);
  hinge__free(c->a, c->rows, (nr ? nr : 1) * sizeof *c->rows);
  hinge__free(c->a, c->store, 3 * HINGE__KP_COUNT * n * sizeof *c->store);
  hinge__free(c->a, c->time, n * sizeof *c->time);
  hinge__free(c->a, c->raw_cols, (hinge_table_columns(c->raw) ? hinge_table_columns(c->raw) : 1)
                                     * sizeof *c->raw_cols);
  hinge__free(c->a, c->names, (hinge_table_columns(c->raw) ? hinge_table_columns(c->raw) : 1)
                                  * sizeof *c->names);
  hinge_table_destroy(c->raw);
}

/* Scale x by the aspect (normalised coordinates of a non-square image). */
static void apply_aspect(csvload *c, const hinge__pose_clip *clip) {
  int k;
  size_t i, n = c->n ? c->n : 1;
  if (clip->aspect == 1.0) return;
  for (k = 0; k < HINGE__KP_COUNT; k++) {
    double *x = c->store + (size_t)(3 * k) * n; /* frames_of's layout */
    if (!clip->frames.x[k]) continue;
    for (i = 0; i < c->n; i++) x[i] *= clip->aspect;
  }
}

/* The physical line of the keypoint header among the first 64 KiB (0:
 * none found, the loader looks for it). */
static long header_line(const csvload *c, const hinge__source *src) {
  enum { HEAD = 64 * 1024 };
  long line = 0;
  char *buf;
  size_t len = 0;
  if (src->buf) {
    header_kind(src->buf, src->len < HEAD ? src->len : HEAD, &line);
    return line;
  }
  if (!src->path || (buf = hinge__malloc(c->a, HEAD)) == NULL) return 0;
  {
    FILE *f = fopen(src->path, "rb");
    if (f) {
      len = fread(buf, 1, HEAD, f);
      fclose(f);
    }
  }
  header_kind(buf, len, &line);
  hinge__free(c->a, buf, HEAD);
  return line;
}

static int load_raw(csvload *c, const hinge__source *src, hinge_error *err) {
  hinge__csv_profile p;
  hinge_load_options ro;
  size_t i, nc;
  int rc;
  memset(&p, 0, sizeof p);
  p.raw = 1;
  p.header_line = header_line(c, src);
  ro = *c->o;
  ro.map = NULL;
  ro.nmap = 0;
  ro.require = 0;
  rc = hinge__table_load_profile(src, &p, &ro, &c->raw, err);
  if (rc != HINGE_OK) return rc;
  nc = hinge_table_columns(c->raw);
  c->names = hinge__malloc(c->a, (nc ? nc : 1) * sizeof *c->names);
  if (!c->names) return hinge__fail(err, HINGE_ENOMEM, c->name, 0, 0, "out of memory");
  for (i = 0; i < nc; i++) c->names[i] = hinge_table_column_info(c->raw, i)->name;
  scan(c->names, nc, &c->l);
  {
    long rt = hinge_table_role_column(c->raw, HINGE_ROLE_TIME);
    if (rt >= 0) {
      int unit = HINGE_UNIT_NONE;
      if (!time_column(c->names[rt], &unit)) unit = HINGE_UNIT_NONE;
      c->l.time = rt;
      c->l.time_unit = unit;
      c->l.time_loaded = 1;
      if (c->l.frame == rt) c->l.frame = -1;
    }
  }
  return check_layout(c, err);
}

static int load_csv(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                    hinge_error *err, int mediapipe) {
  csvload c;
  hinge__pose_clip clip;
  hinge_load_options defaults;
  int rc;
  *out = NULL;
  if (!o) {
    hinge_load_options_init(&defaults);
    o = &defaults;
  }
  memset(&c, 0, sizeof c);
  memset(&clip, 0, sizeof clip);
  c.o = o;
  c.a = o->alloc;
  c.name = src->name;
  rc = load_raw(&c, src, err);
  if (rc == HINGE_OK && long_format(&c.l)) {
    rc = pivot(&c, &clip, err);
  } else if (rc == HINGE_OK) {
    if ((rc = choose_rows(&c)) != HINGE_OK || (rc = frames_of(&c, &clip)) != HINGE_OK)
      rc = hinge__fail(err, rc, c.name, 0, 0, "out of memory");
  }
  if (rc == HINGE_OK) rc = timing(&c, &clip, err);
  if (rc == HINGE_OK && (rc = raw_of(&c, &clip)) != HINGE_OK)
    rc = hinge__fail(err, rc, c.name, 0, 0, "out of memory");
  if (rc == HINGE_OK) {
    clip.name = src->name;
    clip.lines_from = c.raw;
    clip.format = mediapipe || is_mediapipe(&c.l) || c.l.model == 33 ? "mediapipe" : "coco17";
    clip.aspect = 1.0;
    clip.aspect_how = HINGE__ASPECT_PIXELS;
    if (normalised(&clip.frames)) {
      aspect_of(&c, &clip);
      apply_aspect(&c, &clip);
    }
    rc = hinge__pose_table(&clip, o, out, err);
  }
  csvload_free(&c);
  return rc;
}

static int load_coco17(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                       hinge_error *err) {
  return load_csv(src, o, out, err, 0);
}

static int load_mediapipe(const hinge__source *src, const hinge_load_options *o,
                          hinge_table **out, hinge_error *err) {
  return load_csv(src, o, out, err, 1);
}

const hinge__reader hinge__reader_coco17 = {
  "coco17", "COCO-17 keypoint CSV (video pose estimation)", detect_coco17, load_coco17};
const hinge__reader hinge__reader_mediapipe = {
  "mediapipe", "MediaPipe Pose landmark CSV (video pose estimation)", detect_mediapipe,
  load_mediapipe};
