/*
 * imu.c -- the reader "imu": raw wearable IMU CSVs (accelerometer and
 * gyroscope per sensor, quaternions when the file has them) turned into
 * segment inclinations and the angle roles (docs/formats.md, "Wearable
 * IMUs"; the maths is src/kin, docs/algorithms.md, "Wearable IMUs").
 *
 * Columns are recognised by name: PREFIX_ax .. PREFIX_gz (hinge's layout),
 * PREFIX_acc_x / PREFIX_gyro_x and the like (Movesense-style AccX, GyroX),
 * PREFIX_qw .. PREFIX_qz, with a unit in brackets or as a last word
 * ("waist_ax (g)", "waist_gx_dps").  Sensors are placed by
 * hinge_load_options.sensors (--sensor ROLE=PREFIX), or by a prefix that is
 * a role's name.  Derived: trunk = the trunk sensor's inclination, hip =
 * trunk + thigh, lumbar = lower_back - sacrum (else - pelvis), thoracic =
 * upper_back - lower_back.  The raw columns stay in the table.
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/internal.h"
#include "kin/kin.h"
#include "reader.h"
#include "table_internal.h"

#define PI 3.14159265358979323846
#define MAX_SENSORS 16
#define NAME_MAX_ 96

enum { K_ACC, K_GYR, K_QUAT };
enum { U_NONE = 0, U_G, U_MS2, U_DPS, U_RADS, U_BAD };
enum { R_TRUNK, R_PELVIS, R_THIGH, R_UPPER, R_LOWER, R_SACRUM, NROLES };

static const char *const role_names[NROLES] = {"trunk",      "pelvis",     "thigh",
                                               "upper_back", "lower_back", "sacrum"};

typedef struct imucol {
  char prefix[NAME_MAX_];
  int kind, axis; /* axis 0..2 = x, y, z; 3 = w */
  int unit;       /* U_* from the header; U_BAD with text */
  char unit_text[24];
} imucol;

typedef struct sensor {
  char prefix[NAME_MAX_];
  long acc[3], gyr[3], quat[4]; /* column indexes or -1 */
  int acc_unit, gyr_unit;       /* from the header (U_NONE: detect) */
  int gyr_detected;             /* the gyroscope's unit was detected */
  int acc_detected;
  double *deg;                  /* the inclination, once computed */
  hinge__sagittal_info info;
} sensor;

typedef struct imuload {
  hinge_table *t;
  const hinge_load_options *o;
  hinge_error *err;
  sensor s[MAX_SENSORS];
  int ns;
  int place[NROLES];            /* sensor index per role, or -1 */
  double *time;
} imuload;

/* ---- names ---- */

static int unit_word(const char *w) {
  static const struct {
    const char *w;
    int u;
  } words[] = {{"g", U_G},          {"m/s^2", U_MS2}, {"m/s2", U_MS2},  {"m/s\xc2\xb2", U_MS2},
               {"ms^-2", U_MS2},    {"ms-2", U_MS2},  {"mps2", U_MS2},  {"m_s2", U_MS2},
               {"m_s^2", U_MS2},    {"ms2", U_MS2},   {"deg/s", U_DPS}, {"dps", U_DPS},
               {"degs", U_DPS},     {"degps", U_DPS}, {"deg_s", U_DPS}, {"\xc2\xb0/s", U_DPS},
               {"rad/s", U_RADS},   {"rads", U_RADS}, {"radps", U_RADS}, {"rad_s", U_RADS},
               {NULL, 0}};
  int i;
  for (i = 0; words[i].w != NULL; i++)
    if (strcmp(words[i].w, w) == 0) return words[i].u;
  return U_BAD;
}

/* Whether stem ends s at position end (s[end - len .. end)), after a
 * separator or at the start. */
static int ends_with_stem(const char *s, size_t end, const char *stem) {
  size_t n = strlen(stem);
  if (n > end || memcmp(s + end - n, stem, n) != 0) return 0;
  return end == n || s[end - n - 1] == '_' || n > 2;
}

static int parse_stem(const char *s, size_t end, imucol *c) {
  static const struct {
    const char *stem;
    int kind;
  } stems[] = {{"accelerometer", K_ACC}, {"acceleration", K_ACC}, {"accel", K_ACC},
               {"acc", K_ACC},           {"a", K_ACC},            {"gyroscope", K_GYR},
               {"rotationrate", K_GYR},  {"rotation_rate", K_GYR}, {"gyro", K_GYR},
               {"gyr", K_GYR},           {"g", K_GYR},            {"quaternion", K_QUAT},
               {"quat", K_QUAT},         {"q", K_QUAT},           {NULL, 0}};
  int i;
  while (end > 0 && s[end - 1] == '_') end--;
  for (i = 0; stems[i].stem != NULL; i++) {
    size_t n = strlen(stems[i].stem), p;
    if (!ends_with_stem(s, end, stems[i].stem)) continue;
    if (c->axis == 3 && stems[i].kind != K_QUAT) return 0;
    c->kind = stems[i].kind;
    p = end - n;
    while (p > 0 && s[p - 1] == '_') p--;
    memcpy(c->prefix, s, p);
    c->prefix[p] = '\0';
    return 1;
  }
  return 0;
}

/* The sensor, kind and axis of a column name; 0 when it is no IMU column. */
static int parse_name(const char *name, imucol *c) {
  char s[NAME_MAX_];
  size_t n = 0, end;
  const char *p = name, *us;
  memset(c, 0, sizeof *c);
  if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB) p += 3;
  for (; *p && *p != '(' && *p != '[' && n + 1 < sizeof s; p++) {
    char ch = (char)tolower((unsigned char)*p);
    s[n++] = ch == ' ' || ch == '-' || ch == '.' || ch == ':' ? '_' : ch;
  }
  while (n > 0 && s[n - 1] == '_') n--;
  s[n] = '\0';
  if (*p == '(' || *p == '[') { /* a unit in brackets */
    size_t k = 0;
    for (p++; *p && *p != ')' && *p != ']' && k + 1 < sizeof c->unit_text; p++)
      if (*p != ' ') c->unit_text[k++] = (char)tolower((unsigned char)*p);
    c->unit_text[k] = '\0';
    c->unit = unit_word(c->unit_text);
  }
  if (n == 0) return 0;
  /* MetaWear: "x-axis (g)", "x-axis (deg/s)" */
  if (n >= 6 && strcmp(s + n - 5, "_axis") == 0 && strchr("xyz", s[n - 6]) &&
      (n == 6 || s[n - 7] == '_')) {
    if (c->unit == U_G || c->unit == U_MS2) c->kind = K_ACC;
    else if (c->unit == U_DPS || c->unit == U_RADS) c->kind = K_GYR;
    else return 0;
    c->axis = s[n - 6] - 'x';
    end = n >= 7 ? n - 7 : 0;
    memcpy(c->prefix, s, end);
    c->prefix[end] = '\0';
    return 1;
  }
  /* a unit as the last word: waist_ax_g, waist_gx_dps, thigh_gx_rad_s */
  us = strrchr(s, '_');
  if (c->unit == U_NONE && us != NULL) {
    int u = unit_word(us + 1);
    size_t cut = (size_t)(us - s);
    if (u == U_BAD && cut > 4 && (strcmp(us, "_s") == 0 || strcmp(us, "_s2") == 0)) {
      const char *v = s + cut - 1;
      while (v > s && *v != '_') v--;
      if (*v == '_' && (strncmp(v, "_deg_s", 6) == 0 || strncmp(v, "_rad_s", 6) == 0 ||
                        strncmp(v, "_m_s", 4) == 0)) {
        u = unit_word(v + 1);
        cut = (size_t)(v - s);
      }
    }
    if (u != U_BAD && cut > 0 && strchr("xyzw", s[cut - 1])) {
      imucol k;
      char t[NAME_MAX_];
      memcpy(t, s, cut);
      t[cut] = '\0';
      memset(&k, 0, sizeof k);
      k.axis = t[cut - 1] == 'w' ? 3 : t[cut - 1] - 'x';
      if (parse_stem(t, cut - 1, &k)) {
        k.unit = u;
        snprintf(k.unit_text, sizeof k.unit_text, "%s", s + cut + 1);
        *c = k;
        return 1;
      }
    }
  }
  if (!strchr("xyzw", s[n - 1])) return 0;
  c->axis = s[n - 1] == 'w' ? 3 : s[n - 1] - 'x';
  return parse_stem(s, n - 1, c);
}

static int prefix_eq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
  return *a == *b;
}

/* ---- detection ---- */

/* The number of IMU axis columns in one header line [p, e). */
static int count_line(const char *p, const char *e, int *acc, int *gyr, int *quat) {
  int n = 0;
  *acc = *gyr = *quat = 0;
  while (p < e) {
    const char *q = p;
    char cell[NAME_MAX_];
    size_t k = 0;
    imucol c;
    while (q < e && *q != ',' && *q != ';' && *q != '\t') q++;
    while (p < q && (*p == ' ' || *p == '"')) p++;
    for (; p < q && *p != '"' && *p != '\r' && k + 1 < sizeof cell; p++) cell[k++] = *p;
    cell[k] = '\0';
    if (parse_name(cell, &c)) {
      n++;
      *acc += c.kind == K_ACC;
      *gyr += c.kind == K_GYR;
      *quat += c.kind == K_QUAT;
    }
    p = q + 1;
  }
  return n;
}

static int folder_kind(const char *path);
static int folder_looks_imu(const char *path);

static int imu_detect(const hinge__sniff *s) {
  const char *p = s->head, *end = s->head + s->len;
  int k;
  /* a folder with one of the recorders' files is taken whole (one session),
   * so that an incomplete one is refused by the loader with what it lacks
   * rather than walked as a folder of sessions */
  if (s->is_dir) return s->path != NULL && folder_looks_imu(s->path) ? 2 : 0;
  for (k = 0; k < 30 && p < end; k++) {
    const char *q = memchr(p, '\n', (size_t)(end - p));
    int acc, gyr, quat;
    if (q == NULL) q = end;
    count_line(p, q, &acc, &gyr, &quat);
    /* a sensor's six axes (one may be missing: the reader then says which) or
     * a quaternion */
    if ((acc + gyr >= 5 && acc >= 2 && gyr >= 2) || quat >= 4)
      return strcmp(s->ext, "csv") == 0 || strcmp(s->ext, "txt") == 0 ? 3 : 2;
    p = q + 1;
  }
  return 0;
}

/* ---- the columns of a loaded table ---- */

static sensor *sensor_for(imuload *L, const char *prefix) {
  int i, a;
  for (i = 0; i < L->ns; i++)
    if (prefix_eq(L->s[i].prefix, prefix)) return &L->s[i];
  if (L->ns == MAX_SENSORS) return NULL;
  memset(&L->s[L->ns], 0, sizeof L->s[L->ns]);
  strcpy(L->s[L->ns].prefix, prefix);
  for (a = 0; a < 4; a++) {
    if (a < 3) L->s[L->ns].acc[a] = L->s[L->ns].gyr[a] = -1;
    L->s[L->ns].quat[a] = -1;
  }
  return &L->s[L->ns++];
}

static const char *colname(const imuload *L, long ci) { return L->t->cols[ci].name; }

static int scan_columns(imuload *L) {
  size_t i;
  for (i = 0; i < L->t->ncols; i++) {
    imucol c;
    sensor *s;
    if (L->t->cols[i].v == NULL || !parse_name(L->t->cols[i].name, &c)) continue;
    if (c.unit == U_BAD)
      return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line,
                         (long)i + 1,
                         "unknown unit '%s' in column '%s' (accelerometer: g or m/s^2; "
                         "gyroscope: deg/s or rad/s)", c.unit_text, L->t->cols[i].name);
    if ((s = sensor_for(L, c.prefix)) == NULL)
      return hinge__fail(L->err, HINGE_ELIMIT, L->t->file, L->t->schema.header_line,
                         (long)i + 1, "more than %d IMU sensors in the file", MAX_SENSORS);
    if (c.kind == K_ACC) {
      s->acc[c.axis] = (long)i;
      if (c.unit) s->acc_unit = c.unit;
    } else if (c.kind == K_GYR) {
      s->gyr[c.axis] = (long)i;
      if (c.unit) s->gyr_unit = c.unit;
    } else {
      s->quat[c.axis] = (long)i;
    }
    if ((c.kind == K_ACC && (c.unit == U_DPS || c.unit == U_RADS)) ||
        (c.kind == K_GYR && (c.unit == U_G || c.unit == U_MS2)))
      return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line,
                         (long)i + 1, "column '%s': %s is no %s unit", L->t->cols[i].name,
                         c.unit_text, c.kind == K_ACC ? "accelerometer" : "gyroscope");
  }
  return HINGE_OK;
}

/* "waist (waist_ax, ...), thigh (...)" or the first columns of the file. */
static void list_sensors(const imuload *L, char *buf, size_t size) {
  size_t n = 0, i;
  int k;
  buf[0] = '\0';
  for (k = 0; k < L->ns && n + 1 < size; k++) {
    const sensor *s = &L->s[k];
    int a, first = 1;
    n += (size_t)snprintf(buf + n, size - n, "%s'%s' (", k ? ", " : "", s->prefix);
    for (a = 0; a < 10 && n + 1 < size; a++) {
      long ci = a < 3 ? s->acc[a] : a < 6 ? s->gyr[a - 3] : s->quat[a - 6];
      if (ci < 0) continue;
      n += (size_t)snprintf(buf + n, size - n, "%s%s", first ? "" : ", ", colname(L, ci));
      first = 0;
    }
    if (n + 1 < size) n += (size_t)snprintf(buf + n, size - n, ")");
  }
  if (L->ns > 0 || n + 1 >= size) return;
  n += (size_t)snprintf(buf + n, size - n, "no IMU sensor; the columns are ");
  for (i = 0; i < L->t->ncols && i < 12 && n + 1 < size; i++)
    n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", L->t->cols[i].name);
  if (L->t->ncols > 12 && n + 1 < size) snprintf(buf + n, size - n, ", ...");
}

static int role_index(const char *name) {
  int r;
  for (r = 0; r < NROLES; r++)
    if (prefix_eq(role_names[r], name)) return r;
  return -1;
}

static int place_sensors(imuload *L) {
  const hinge_load_options *o = L->o;
  char list[1024];
  size_t k;
  int r, k2, any = 0;
  for (r = 0; r < NROLES; r++) L->place[r] = -1;
  list_sensors(L, list, sizeof list);
  for (k = 0; k < o->nsensors; k++) {
    const char *role = o->sensors[k].role ? o->sensors[k].role : "";
    const char *prefix = o->sensors[k].prefix ? o->sensors[k].prefix : "";
    if ((r = role_index(role)) < 0)
      return hinge__fail(L->err, HINGE_EINVAL, L->t->file, 0, 0,
                         "unknown sensor role '%s' (roles: trunk, pelvis, thigh, upper_back, "
                         "lower_back, sacrum)", role);
    for (k2 = 0; k2 < L->ns && !prefix_eq(L->s[k2].prefix, prefix); k2++) {}
    if (k2 == L->ns)
      return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line, 0,
                         "no sensor '%s' in the file (placed as %s); sensors in the file: %s",
                         prefix, role, list);
    L->place[r] = k2;
    any = 1;
  }
  if (o->nsensors == 0) /* a sensor named after a role takes it */
    for (k2 = 0; k2 < L->ns; k2++)
      if ((r = role_index(L->s[k2].prefix)) >= 0) {
        L->place[r] = k2;
        any = 1;
      }
  if (!any)
    return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line, 0,
                       "no sensor placed: give --sensor ROLE=PREFIX (roles trunk, pelvis, "
                       "thigh, upper_back, lower_back, sacrum); sensors in the file: %s", list);
  return HINGE_OK;
}

/* Every axis a placed sensor needs: quaternions (all four), else the
 * accelerometer and gyroscope (all six). */
static int check_axes(imuload *L, const sensor *s) {
  static const char *const an[3] = {"x", "y", "z"};
  int a, nq = 0;
  char list[1024];
  for (a = 0; a < 4; a++) nq += s->quat[a] >= 0;
  if (nq == 4) return HINGE_OK;
  for (a = 0; a < 6; a++) {
    long ci = a < 3 ? s->acc[a] : s->gyr[a - 3];
    if (ci >= 0) continue;
    list_sensors(L, list, sizeof list);
    return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line, 0,
                       "sensor '%s' has no %s %s axis (expected a column such as %s%s%c%s); "
                       "found: %s", s->prefix, a < 3 ? "accelerometer" : "gyroscope",
                       an[a % 3], s->prefix, s->prefix[0] ? "_" : "", a < 3 ? 'a' : 'g',
                       an[a % 3], list);
  }
  return HINGE_OK;
}

/* ---- units ---- */

static double magnitude_median(imuload *L, const long col[3], double *buf) {
  size_t i, k = 0;
  for (i = 0; i < L->t->rows; i++) {
    double x = L->t->cols[col[0]].v[i], y = L->t->cols[col[1]].v[i], z = L->t->cols[col[2]].v[i];
    double m = sqrt(x * x + y * y + z * z);
    if (isfinite(m)) buf[k++] = m;
  }
  return k ? hinge__median_valid(buf, k) : NAN;
}

/* The accelerometer's unit by its median magnitude (1 g at rest and on
 * average): about 1 is g, about 9.8 is m/s^2; anything else is unknown. */
static int acc_unit(imuload *L, sensor *s, double *buf) {
  double m;
  if (s->acc_unit != U_NONE) return HINGE_OK;
  m = magnitude_median(L, s->acc, buf);
  if (m > 0.5 && m < 2) s->acc_unit = U_G;
  else if (m > 5 && m < 20) s->acc_unit = U_MS2;
  else
    return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line,
                       s->acc[0] + 1,
                       "sensor '%s': unknown accelerometer units (median magnitude %.4g: "
                       "neither about 1 g nor about 9.81 m/s^2; gravity removed?); name the "
                       "unit in the header, as '%s (g)' or '%s (m/s^2)'", s->prefix, m,
                       colname(L, s->acc[0]), colname(L, s->acc[0]));
  s->acc_detected = 1;
  return HINGE_OK;
}

/* The gyroscope's unit: the rate at which the accelerometer's direction
 * turns against the gyroscope's rate across it, summed over the recording,
 * is about 1 in rad/s and 1/57 in deg/s (threshold: their geometric mean,
 * 0.13).  Without enough motion to tell, the largest rate decides: over
 * 20 is deg/s (20 rad/s is 1146 deg/s). */
static void gyr_unit(imuload *L, sensor *s) {
  const double *t = L->time;
  double num = 0, den = 0, peak = 0;
  size_t i, n = L->t->rows;
  if (s->gyr_unit != U_NONE) return;
  s->gyr_detected = 1;
  for (i = 1; i + 1 < n; i++) {
    double a0[3], a1[3], g[3], n0, n1, c, dt = t[i + 1] - t[i - 1], w[3], wp;
    int k;
    for (k = 0; k < 3; k++) {
      a0[k] = L->t->cols[s->acc[k]].v[i - 1];
      a1[k] = L->t->cols[s->acc[k]].v[i + 1];
      g[k] = L->t->cols[s->gyr[k]].v[i];
    }
    n0 = sqrt(a0[0] * a0[0] + a0[1] * a0[1] + a0[2] * a0[2]);
    n1 = sqrt(a1[0] * a1[0] + a1[1] * a1[1] + a1[2] * a1[2]);
    w[0] = g[1] * a0[2] - g[2] * a0[1];
    w[1] = g[2] * a0[0] - g[0] * a0[2];
    w[2] = g[0] * a0[1] - g[1] * a0[0];
    wp = sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) / n0; /* |g x a|: turns a */
    if (!isfinite(wp) || !(dt > 0) || !(n1 > 0)) continue;
    if (wp > peak) peak = wp;
    c = (a0[0] * a1[0] + a0[1] * a1[1] + a0[2] * a1[2]) / (n0 * n1);
    num += acos(c > 1 ? 1 : c < -1 ? -1 : c) / dt;
    den += wp;
  }
  if (den > 0 && num > 0 && peak > 0.5 && peak < 2000) s->gyr_unit = num / den > 0.13 ? U_RADS : U_DPS;
  else s->gyr_unit = peak > 20 ? U_DPS : U_RADS;
}

/* ---- the angles ---- */

static int times(imuload *L) {
  long tc = L->t->role_col[HINGE_ROLE_TIME];
  size_t i;
  if (tc >= 0 && L->t->cols[tc].v != NULL) {
    L->time = L->t->cols[tc].v;
    return HINGE_OK;
  }
  if (!(L->o->fs > 0))
    return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line, 0,
                       "no time column (time, time_ms, time_us, time_ns, timestamp, epoch "
                       "(ms), elapsed (s)) and no sample rate (--fs)");
  L->time = hinge__malloc(L->t->alloc, (L->t->rows ? L->t->rows : 1) * sizeof *L->time);
  if (L->time == NULL) return hinge__fail(L->err, HINGE_ENOMEM, L->t->file, 0, 0, "out of memory");
  for (i = 0; i < L->t->rows; i++) L->time[i] = (double)i / L->o->fs;
  return HINGE_OK;
}

/* Quaternions from the file: sensor to world, or world to sensor (the
 * one whose vertical agrees with the accelerometer, when there is one). */
static void file_quats(imuload *L, const sensor *s, hinge__quat *q) {
  size_t i, n = L->t->rows;
  double agree = 0;
  for (i = 0; i < n; i++) {
    hinge__quat x;
    x.w = L->t->cols[s->quat[3]].v[i];
    x.x = L->t->cols[s->quat[0]].v[i];
    x.y = L->t->cols[s->quat[1]].v[i];
    x.z = L->t->cols[s->quat[2]].v[i];
    if (!isfinite(x.w) || !isfinite(x.x) || !isfinite(x.y) || !isfinite(x.z)) {
      q[i].w = NAN;
      continue;
    }
    q[i] = hinge__quat_normalize(x);
    if (s->acc[0] >= 0 && s->acc[1] >= 0 && s->acc[2] >= 0) {
      double a[3] = {L->t->cols[s->acc[0]].v[i], L->t->cols[s->acc[1]].v[i],
                     L->t->cols[s->acc[2]].v[i]}, u1[3], u2[3];
      hinge__quat_up(q[i], u1);
      hinge__quat_up(hinge__quat_conj(q[i]), u2);
      if (isfinite(a[0] + a[1] + a[2]))
        agree += fabs(u1[0] * a[0] + u1[1] * a[1] + u1[2] * a[2]) -
                 fabs(u2[0] * a[0] + u2[1] * a[1] + u2[2] * a[2]);
    }
  }
  if (agree < 0)
    for (i = 0; i < n; i++)
      if (!isnan(q[i].w)) q[i] = hinge__quat_conj(q[i]);
}

static int incline(imuload *L, sensor *s) {
  const hinge_allocator *a = L->t->alloc;
  size_t n = L->t->rows, i;
  hinge__quat *q = NULL;
  double *g[3] = {NULL, NULL, NULL}, *buf = NULL;
  int rc = HINGE_OK, k, use_quat = s->quat[0] >= 0 && s->quat[1] >= 0 && s->quat[2] >= 0 &&
                                   s->quat[3] >= 0;
  size_t m = n ? n : 1;
  q = hinge__malloc(a, m * sizeof *q);
  buf = hinge__malloc(a, m * sizeof *buf);
  s->deg = hinge__malloc(a, m * sizeof *s->deg);
  for (k = 0; k < 3; k++) g[k] = hinge__malloc(a, m * sizeof *g[k]);
  if (q == NULL || buf == NULL || s->deg == NULL || !g[0] || !g[1] || !g[2]) {
    rc = hinge__fail(L->err, HINGE_ENOMEM, L->t->file, 0, 0, "out of memory");
    goto done;
  }
  if (!use_quat) {
    if ((rc = acc_unit(L, s, buf)) != HINGE_OK) goto done;
    gyr_unit(L, s);
  }
  for (k = 0; k < 3; k++)
    for (i = 0; i < n; i++) {
      double v = s->gyr[k] >= 0 ? L->t->cols[s->gyr[k]].v[i] : NAN;
      g[k][i] = s->gyr_unit == U_DPS ? v * PI / 180 : v;
    }
  if (use_quat) {
    file_quats(L, s, q);
  } else {
    hinge__imu_series ser;
    memset(&ser, 0, sizeof ser);
    ser.t = L->time;
    ser.n = n;
    for (k = 0; k < 3; k++) {
      ser.acc[k] = L->t->cols[s->acc[k]].v;
      ser.gyr[k] = g[k];
    }
    if ((rc = hinge__fuse(&ser, q, L->err)) != HINGE_OK) goto done;
    for (i = 0; i < n; i++) /* a missing input sample is a missing angle */
      for (k = 0; k < 3; k++)
        if (isnan(ser.acc[k][i]) || isnan(g[k][i])) q[i].w = NAN;
  }
  {
    hinge__sagittal_in in;
    int have_g = s->gyr[0] >= 0 && s->gyr[1] >= 0 && s->gyr[2] >= 0;
    memset(&in, 0, sizeof in);
    in.t = L->time;
    in.q = q;
    in.n = n;
    for (k = 0; k < 3; k++) in.gyr[k] = have_g ? g[k] : NULL;
    rc = hinge__sagittal(&in, s->deg, &s->info, L->err);
  }
  if (rc != HINGE_OK && L->err != NULL && L->err->file[0] == '\0') {
    /* name the file and the sensor */
    char msg[HINGE_ERROR_MESSAGE_MAX];
    snprintf(msg, sizeof msg, "%s", L->err->message);
    rc = hinge__fail(L->err, rc, L->t->file, 0, 0, "sensor '%s': %s", s->prefix, msg);
  }
done:
  hinge__free(a, q, m * sizeof *q);
  hinge__free(a, buf, m * sizeof *buf);
  for (k = 0; k < 3; k++) hinge__free(a, g[k], m * sizeof *g[k]);
  return rc;
}

static const char *unit_text(int u) {
  switch (u) {
  case U_G: return "g";
  case U_MS2: return "m/s^2";
  case U_DPS: return "deg/s";
  case U_RADS: return "rad/s";
  default: return "?";
  }
}

static int add_col(imuload *L, const char *name, int role, const double *v, const char *src) {
  hinge__colspec c;
  c.name = name;
  c.role = role;
  c.unit = HINGE_UNIT_DEG;
  c.source = src;
  return hinge__table_add(L->t, &c, v, L->t->rows, L->err);
}

/* One inclination column per placed role ("waist" as trunk: trunk). */
static int add_segments(imuload *L) {
  int r, rc;
  for (r = 0; r < NROLES; r++) {
    const sensor *s;
    char name[64], src[512];
    if (L->place[r] < 0) continue;
    s = &L->s[L->place[r]];
    if (s->quat[0] >= 0 && s->quat[3] >= 0)
      snprintf(src, sizeof src, "sagittal inclination of sensor '%s' from its quaternion "
               "columns", s->prefix);
    else
      snprintf(src, sizeof src, "sagittal inclination of sensor '%s' (Madgwick IMU filter, "
               "beta %.3g; accelerometer %s%s, gyroscope %s%s; axis share %.2f)", s->prefix,
               HINGE__MADGWICK_BETA, unit_text(s->acc_unit), s->acc_detected ? " detected" : "",
               unit_text(s->gyr_unit), s->gyr_detected ? " detected" : "", s->info.axis_share);
    snprintf(name, sizeof name, "%s_inclination", role_names[r]);
    rc = add_col(L, r == R_TRUNK ? "trunk" : name, r == R_TRUNK ? HINGE_ROLE_TRUNK : 0, s->deg,
                 src);
    if (rc != HINGE_OK) return rc;
  }
  return HINGE_OK;
}

/* sign * a + b into a new column. */
static int add_sum(imuload *L, const char *name, int role, int ra, int rb, double sb) {
  size_t i, n = L->t->rows;
  const double *a = L->s[L->place[ra]].deg, *b = L->s[L->place[rb]].deg;
  double *v = hinge__malloc(L->t->alloc, (n ? n : 1) * sizeof *v);
  char src[256];
  int rc;
  if (v == NULL) return hinge__fail(L->err, HINGE_ENOMEM, L->t->file, 0, 0, "out of memory");
  for (i = 0; i < n; i++) v[i] = a[i] + sb * b[i];
  snprintf(src, sizeof src, "%s ('%s') %s %s ('%s') sagittal inclination", role_names[ra],
           L->s[L->place[ra]].prefix, sb > 0 ? "+" : "-", role_names[rb],
           L->s[L->place[rb]].prefix);
  rc = add_col(L, name, role, v, src);
  hinge__free(L->t->alloc, v, (n ? n : 1) * sizeof *v);
  return rc;
}

/* Whether the placed sensors give an angle role. */
static int gives_angle(const imuload *L) {
  const int *p = L->place;
  return p[R_TRUNK] >= 0 || (p[R_LOWER] >= 0 && (p[R_SACRUM] >= 0 || p[R_PELVIS] >= 0)) ||
         (p[R_UPPER] >= 0 && p[R_LOWER] >= 0);
}

static int derive(imuload *L) {
  int rc, r, n = 0, base = L->place[R_SACRUM] >= 0 ? R_SACRUM : R_PELVIS;
  char placed[256];
  placed[0] = '\0';
  for (r = 0; r < NROLES; r++)
    if (L->place[r] >= 0 && n < (int)sizeof placed - 40)
      n += snprintf(placed + n, sizeof placed - (size_t)n, "%s%s='%s'", n ? ", " : "",
                    role_names[r], L->s[L->place[r]].prefix);
  if (!gives_angle(L))
    return hinge__fail(L->err, HINGE_ESCHEMA, L->t->file, L->t->schema.header_line, 0,
                       "the sensors placed (%s) give no angle: trunk needs a trunk sensor, "
                       "hip trunk and thigh, lumbar lower_back and sacrum (or pelvis), "
                       "thoracic upper_back and lower_back", placed);
  if ((rc = add_segments(L)) != HINGE_OK) return rc;
  if (L->place[R_TRUNK] >= 0 && L->place[R_THIGH] >= 0 &&
      (rc = add_sum(L, "hip", HINGE_ROLE_HIP, R_TRUNK, R_THIGH, 1)) != HINGE_OK)
    return rc;
  if (L->place[R_LOWER] >= 0 && L->place[base] >= 0 &&
      (rc = add_sum(L, "lumbar", HINGE_ROLE_LUMBAR, R_LOWER, base, -1)) != HINGE_OK)
    return rc;
  if (L->place[R_UPPER] >= 0 && L->place[R_LOWER] >= 0 &&
      (rc = add_sum(L, "thoracic", HINGE_ROLE_THORACIC, R_UPPER, R_LOWER, -1)) != HINGE_OK)
    return rc;
  return HINGE_OK;
}

static int build(imuload *L) {
  int rc, r, k;
  if ((rc = scan_columns(L)) != HINGE_OK || (rc = place_sensors(L)) != HINGE_OK ||
      (rc = times(L)) != HINGE_OK)
    return rc;
  for (r = 0; r < NROLES; r++)
    if (L->place[r] >= 0 && (rc = check_axes(L, &L->s[L->place[r]])) != HINGE_OK) return rc;
  for (k = 0; k < L->ns; k++) {
    for (r = 0; r < NROLES && L->place[r] != k; r++) {}
    if (r < NROLES && (rc = incline(L, &L->s[k])) != HINGE_OK) return rc;
  }
  return derive(L);
}


/* ---- folders of one-sensor files: Sensor Logger, MetaWear MetaBase ----
 * Sensor Logger (a phone app) writes one recording as a folder of CSVs,
 * one per sensor, each "time,seconds_elapsed,z,y,x" (time in ns since the
 * epoch): Gyroscope.csv (rad/s) and TotalAcceleration.csv (m/s^2, with
 * gravity), or Accelerometer.csv (gravity removed) + Gravity.csv.  The
 * sensor is named after the folder.  MetaBase (MetaWear) writes one CSV per
 * device and sensor, "DEVICE_..._Accelerometer_...csv" and
 * "..._Gyroscope_...csv", headed "epoch (ms),time (...),elapsed (s),x-axis
 * (g),..." ((deg/s) for the gyroscope); the sensor is the device name (the
 * file name up to its first '_').  The files are joined on their absolute
 * times: every stream is interpolated linearly onto the first placed
 * sensor's accelerometer samples (missing outside its own span). */

enum { F_NONE = 0, F_SENSORLOGGER = 1, F_METABASE = 2 };
enum { S_ACC, S_GYR, S_GRAV, S_USER, NSTREAMS }; /* S_USER: acceleration without gravity */

typedef struct fsensor {
  char prefix[NAME_MAX_];
  char *path[NSTREAMS];
} fsensor;

typedef struct folder {
  const char *dir;
  int kind;
  fsensor s[MAX_SENSORS];
  int ns;
  const hinge_allocator *a;
} folder;

static int has_word(const char *name, const char *word) { return strstr(name, word) != NULL; }

static int is_csv(const char *name) {
  size_t n = strlen(name);
  return n > 4 && (strcmp(name + n - 4, ".csv") == 0 || strcmp(name + n - 4, ".CSV") == 0);
}

static int is_folder(const char *path) {
  DIR *d = opendir(path);
  if (d != NULL) closedir(d);
  return d != NULL;
}

static int folder_kind(const char *path) {
  DIR *d = opendir(path);
  struct dirent *e;
  int gyr = 0, acc = 0, mw_acc = 0, mw_gyr = 0;
  if (d == NULL) return F_NONE;
  while ((e = readdir(d)) != NULL) {
    if (!is_csv(e->d_name)) continue;
    if (strcmp(e->d_name, "Gyroscope.csv") == 0) gyr = 1;
    if (strcmp(e->d_name, "TotalAcceleration.csv") == 0 || strcmp(e->d_name, "Gravity.csv") == 0)
      acc = 1;
    mw_acc |= has_word(e->d_name, "_Accelerometer_");
    mw_gyr |= has_word(e->d_name, "_Gyroscope_");
  }
  closedir(d);
  return gyr && acc ? F_SENSORLOGGER : mw_acc && mw_gyr ? F_METABASE : F_NONE;
}

/* Any file a Sensor Logger or MetaBase recording holds. */
static int folder_looks_imu(const char *path) {
  static const char *const names[] = {"Gyroscope.csv", "Accelerometer.csv", "TotalAcceleration.csv",
                                      "Gravity.csv"};
  DIR *d = opendir(path);
  struct dirent *e;
  size_t i;
  int hit = 0;
  if (d == NULL) return 0;
  while (!hit && (e = readdir(d)) != NULL) {
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
      if (strcmp(e->d_name, names[i]) == 0) hit = 1;
    if (is_csv(e->d_name) &&
        (has_word(e->d_name, "_Accelerometer_") || has_word(e->d_name, "_Gyroscope_")))
      hit = 1;
  }
  closedir(d);
  return hit;
}

static char *join(const hinge_allocator *a, const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = hinge__malloc(a, n);
  if (p != NULL) snprintf(p, n, "%s/%s", dir, name);
  return p;
}

static fsensor *fsensor_for(folder *f, const char *prefix) {
  int i;
  for (i = 0; i < f->ns; i++)
    if (strcmp(f->s[i].prefix, prefix) == 0) return &f->s[i];
  if (f->ns == MAX_SENSORS) return NULL;
  memset(&f->s[f->ns], 0, sizeof f->s[f->ns]);
  snprintf(f->s[f->ns].prefix, NAME_MAX_, "%s", prefix);
  return &f->s[f->ns++];
}

static int folder_files(folder *f, hinge_error *err) {
  DIR *d = opendir(f->dir);
  struct dirent *e;
  int rc = HINGE_OK;
  if (d == NULL) return hinge__fail(err, HINGE_EIO, f->dir, 0, 0, "cannot open the folder");
  while (rc == HINGE_OK && (e = readdir(d)) != NULL) {
    char prefix[NAME_MAX_];
    const char *base = f->dir, *q;
    int st = -1;
    fsensor *s;
    if (!is_csv(e->d_name)) continue;
    if (f->kind == F_SENSORLOGGER) {
      st = strcmp(e->d_name, "Gyroscope.csv") == 0           ? S_GYR
           : strcmp(e->d_name, "TotalAcceleration.csv") == 0 ? S_ACC
           : strcmp(e->d_name, "Gravity.csv") == 0           ? S_GRAV
           : strcmp(e->d_name, "Accelerometer.csv") == 0     ? S_USER
                                                              : -1;
      for (q = f->dir; *q; q++)
        if ((*q == '/' || *q == '\\') && q[1]) base = q + 1;
      snprintf(prefix, sizeof prefix, "%.*s", (int)strcspn(base, "/\\"), base);
    } else {
      st = has_word(e->d_name, "_Accelerometer_") ? S_ACC
           : has_word(e->d_name, "_Gyroscope_")   ? S_GYR
                                                   : -1;
      snprintf(prefix, sizeof prefix, "%.*s", (int)strcspn(e->d_name, "_"), e->d_name);
    }
    if (st < 0) continue;
    if ((s = fsensor_for(f, prefix)) == NULL)
      rc = hinge__fail(err, HINGE_ELIMIT, f->dir, 0, 0, "more than %d sensors", MAX_SENSORS);
    else if (s->path[st] == NULL && (s->path[st] = join(f->a, f->dir, e->d_name)) == NULL)
      rc = hinge__fail(err, HINGE_ENOMEM, f->dir, 0, 0, "out of memory");
  }
  closedir(d);
  return rc;
}

/* One stream file: its absolute times and x, y, z (owned by *t). */
typedef struct stream {
  hinge_table *t;
  const double *time, *xyz[3];
  double t0;   /* the absolute time of its first sample (s) */
  int unit;    /* U_* from the header, or the layout's */
} stream;

static int load_stream(const char *path, int st, int kind, const hinge_load_options *o,
                       stream *out, hinge_error *err) {
  hinge__source src;
  hinge__csv_profile p = {0, 0, 0, 1, NULL, 0};
  hinge_load_options so = *o;
  size_t i;
  long tc;
  memset(out, 0, sizeof *out);
  memset(&src, 0, sizeof src);
  src.name = src.path = path;
  static const hinge_role_map epoch_ms = {HINGE_ROLE_TIME, "epoch (ms)", 0};
  so.map = kind == F_METABASE ? &epoch_ms : NULL; /* not its elapsed (s) */
  so.nmap = kind == F_METABASE;
  so.input_format = NULL;
  so.sensors = NULL;
  so.nsensors = 0;
  if (hinge__table_load_profile(&src, &p, &so, &out->t, err) != HINGE_OK) return err ? err->code : HINGE_EIO;
  if ((tc = out->t->role_col[HINGE_ROLE_TIME]) < 0 || out->t->cols[tc].v == NULL)
    return hinge__fail(err, HINGE_ESCHEMA, path, out->t->schema.header_line, 0,
                       "no time column (Sensor Logger: time; MetaWear: epoch (ms))");
  out->time = out->t->cols[tc].v;
  out->t0 = out->t->abs.have ? (double)out->t->abs.sec + out->t->abs.frac : 0;
  out->unit = kind == F_SENSORLOGGER ? (st == S_GYR ? U_RADS : U_MS2) : U_NONE;
  for (i = 0; i < out->t->ncols; i++) {
    const char *n = out->t->cols[i].name;
    imucol c;
    int ax = -1;
    if (out->t->cols[i].v == NULL) continue;
    if (kind == F_SENSORLOGGER && strlen(n) == 1 && strchr("xyz", n[0])) ax = n[0] - 'x';
    if (kind == F_METABASE && parse_name(n, &c) && c.prefix[0] == '\0' && c.kind != K_QUAT) {
      ax = c.axis;
      out->unit = c.unit;
    }
    if (ax >= 0) out->xyz[ax] = out->t->cols[i].v;
  }
  for (i = 0; i < 3; i++)
    if (out->xyz[i] == NULL)
      return hinge__fail(err, HINGE_ESCHEMA, path, out->t->schema.header_line, 0,
                         "no %c axis column (expected %s)", (int)('x' + i),
                         kind == F_SENSORLOGGER ? "time,seconds_elapsed,z,y,x"
                                                : "x-axis (g), y-axis (g), z-axis (g) or (deg/s)");
  return HINGE_OK;
}

/* Linear interpolation of stream s (axis k) at absolute time x; NaN
 * outside its span.  *j is a cursor (x increases from call to call). */
static double interp(const stream *s, int k, double x, size_t *j) {
  size_t n = s->t->rows;
  double a, b;
  if (n == 0) return NAN;
  while (*j + 1 < n && s->t0 + s->time[*j + 1] < x) (*j)++;
  a = s->t0 + s->time[*j];
  if (*j + 1 >= n) return x == a ? s->xyz[k][*j] : NAN;
  b = s->t0 + s->time[*j + 1];
  if (x < a || x > b || !(b > a)) return x == a ? s->xyz[k][*j] : NAN;
  return s->xyz[k][*j] + (s->xyz[k][*j + 1] - s->xyz[k][*j]) * (x - a) / (b - a);
}

static int add_stream_cols(hinge_table *t, const fsensor *fs, const stream *st, int which,
                           const stream *base, hinge_error *err) {
  static const char *const kind_word[2] = {"a", "g"};
  size_t n = base->t->rows, i, j;
  double *v = hinge__malloc(t->alloc, (n ? n : 1) * sizeof *v);
  int k, rc = HINGE_OK;
  if (v == NULL) return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  for (k = 0; k < 3 && rc == HINGE_OK; k++) {
    char name[NAME_MAX_ + 24];
    hinge__colspec c;
    for (i = 0, j = 0; i < n; i++) {
      double x = base->t0 + base->time[i];
      v[i] = interp(&st[0], k, x, &j);
    }
    if (which == 0 && st[1].t != NULL) { /* gravity-free acceleration + gravity */
      for (i = 0, j = 0; i < n; i++) v[i] += interp(&st[1], k, base->t0 + base->time[i], &j);
    }
    snprintf(name, sizeof name, "%s_%s%c%s%s%s", fs->prefix, kind_word[which], 'x' + k,
             st[0].unit ? " (" : "", st[0].unit ? unit_text(st[0].unit) : "", st[0].unit ? ")" : "");
    c.name = name;
    c.role = HINGE_ROLE_NONE;
    c.unit = HINGE_UNIT_NONE;
    c.source = NULL;
    rc = hinge__table_add(t, &c, v, n, err);
  }
  hinge__free(t->alloc, v, (n ? n : 1) * sizeof *v);
  return rc;
}

static void folder_free(folder *f) {
  int i, k;
  for (i = 0; i < f->ns; i++)
    for (k = 0; k < NSTREAMS; k++) hinge__strfree(f->a, f->s[i].path[k]);
}

/* The joined table of the folder's sensors (raw axis columns and time). */
static int folder_table(folder *f, const hinge_load_options *o, hinge_table **out,
                        hinge_error *err) {
  stream st[MAX_SENSORS][NSTREAMS];
  hinge_table *t = NULL;
  int i, k, rc = HINGE_OK;
  memset(st, 0, sizeof st);
  for (i = 0; i < f->ns && rc == HINGE_OK; i++) {
    fsensor *s = &f->s[i];
    if (s->path[S_ACC] != NULL && s->path[S_GRAV] != NULL) { /* the total has gravity */
      hinge__strfree(f->a, s->path[S_GRAV]);
      s->path[S_GRAV] = NULL;
    }
    if (s->path[S_ACC] == NULL && s->path[S_USER] != NULL && s->path[S_GRAV] != NULL) {
      s->path[S_ACC] = s->path[S_USER]; /* user acceleration + gravity */
      s->path[S_USER] = NULL;
    } else if (s->path[S_ACC] == NULL && s->path[S_USER] != NULL) {
      rc = hinge__fail(err, HINGE_ESCHEMA, f->dir, 0, 0,
                       "sensor '%s': Accelerometer.csv has gravity removed and there is no "
                       "TotalAcceleration.csv or Gravity.csv to restore it", s->prefix);
      break;
    }
    if (s->path[S_ACC] == NULL || s->path[S_GYR] == NULL) {
      rc = hinge__fail(err, HINGE_ESCHEMA, f->dir, 0, 0, "sensor '%s' has no %s file",
                       s->prefix, s->path[S_ACC] == NULL ? "accelerometer" : "gyroscope");
      break;
    }
    for (k = 0; k < NSTREAMS && rc == HINGE_OK; k++)
      if (s->path[k] != NULL) rc = load_stream(s->path[k], k, f->kind, o, &st[i][k], err);
  }
  if (rc == HINGE_OK && f->ns == 0)
    rc = hinge__fail(err, HINGE_ENODATA, f->dir, 0, 0, "no sensor files in the folder");
  if (rc == HINGE_OK && (t = hinge__table_new(f->dir, o, err)) == NULL) rc = err ? err->code : HINGE_ENOMEM;
  if (rc == HINGE_OK) {
    const stream *base = &st[0][S_ACC];
    size_t n = base->t->rows, r;
    double *tv = hinge__malloc(t->alloc, (n ? n : 1) * sizeof *tv);
    hinge__colspec c = {"time", HINGE_ROLE_TIME, HINGE_UNIT_S, NULL};
    if (tv == NULL) rc = hinge__fail(err, HINGE_ENOMEM, f->dir, 0, 0, "out of memory");
    for (r = 0; rc == HINGE_OK && r < n; r++) tv[r] = base->time[r];
    if (rc == HINGE_OK) rc = hinge__table_add(t, &c, tv, n, err);
    if (tv != NULL) hinge__free(t->alloc, tv, (n ? n : 1) * sizeof *tv);
    for (i = 0; i < f->ns && rc == HINGE_OK; i++) {
      stream acc[2], gyr[2];
      acc[0] = st[i][S_ACC];
      acc[1] = st[i][S_GRAV];
      if (f->s[i].path[S_GRAV] == NULL) acc[1].t = NULL;
      gyr[0] = st[i][S_GYR];
      gyr[1].t = NULL;
      rc = add_stream_cols(t, &f->s[i], acc, 0, base, err);
      if (rc == HINGE_OK) rc = add_stream_cols(t, &f->s[i], gyr, 1, base, err);
    }
  }
  for (i = 0; i < f->ns; i++)
    for (k = 0; k < NSTREAMS; k++) hinge_table_destroy(st[i][k].t);
  if (rc != HINGE_OK) {
    hinge_table_destroy(t);
    return rc;
  }
  *out = t;
  return HINGE_OK;
}

static const char cap_note[] =
    "angles from body-worn IMUs (sagittal inclinations from a Madgwick filter): trunk is the "
    "trunk sensor's inclination, hip = trunk + thigh inclination, lumbar = lower_back - sacrum "
    "(the T12/S2 sensor method), thoracic = upper_back - lower_back; zero is the posture at "
    "the start of the recording";

static int imu_load(const hinge__source *src, const hinge_load_options *o, hinge_table **out,
                    hinge_error *err) {
  hinge__csv_profile p = {0, 0, 0, 1, NULL, 0};
  imuload L;
  int rc, k, fk;
  *out = NULL;
  memset(&L, 0, sizeof L);
  if (src->path != NULL && (fk = folder_kind(src->path)) != F_NONE) {
    folder f;
    memset(&f, 0, sizeof f);
    f.dir = src->path;
    f.kind = fk;
    f.a = o->alloc;
    rc = folder_files(&f, err);
    if (rc == HINGE_OK) rc = folder_table(&f, o, &L.t, err);
    folder_free(&f);
    if (rc != HINGE_OK) return rc;
  } else if (src->path != NULL && is_folder(src->path)) {
    return hinge__fail(err, HINGE_ESCHEMA, src->name, 0, 0,
                       "a folder, but no IMU recording: expected Sensor Logger's Gyroscope.csv "
                       "with TotalAcceleration.csv (or Accelerometer.csv and Gravity.csv), or "
                       "MetaWear MetaBase files *_Accelerometer_*.csv and *_Gyroscope_*.csv");
  } else if ((rc = hinge__table_load_profile(src, &p, o, &L.t, err)) != HINGE_OK) {
    hinge_table_destroy(L.t);
    return rc;
  }
  L.o = o;
  L.err = err;
  hinge__table_set_format(L.t, "imu", cap_note);
  rc = build(&L);
  if (L.time != NULL && (L.t->role_col[HINGE_ROLE_TIME] < 0 ||
                         L.time != L.t->cols[L.t->role_col[HINGE_ROLE_TIME]].v))
    hinge__free(L.t->alloc, L.time, (L.t->rows ? L.t->rows : 1) * sizeof *L.time);
  for (k = 0; k < L.ns; k++)
    hinge__free(L.t->alloc, L.s[k].deg, (L.t->rows ? L.t->rows : 1) * sizeof *L.s[k].deg);
  if (rc == HINGE_OK) rc = hinge__table_finish(L.t, o, err);
  if (rc != HINGE_OK) {
    hinge_table_destroy(L.t);
    return rc;
  }
  *out = L.t;
  return HINGE_OK;
}

const hinge__reader hinge__reader_imu = {"imu", "wearable IMU CSV (accelerometer + gyroscope "
                                                "per sensor; docs/formats.md)",
                                         imu_detect, imu_load};
