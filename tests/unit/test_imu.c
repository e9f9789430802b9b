/*
 * test_imu.c -- the reader "imu" through the public API
 * (hinge_load_options.sensors): sessions written here from the simulator
 * (imu_sim.h) as CSV text, loaded from a buffer, against their truth.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "imu_sim.h"

typedef struct seg {
  sim_reps reps;
} seg;

static double seg_theta(const void *c, double t) { return sim_reps_angle(&((const seg *)c)->reps, t); }

#define CAP 4000
static char text[CAP * 200];

/* A session of one sensor 'back' (quaternion columns: wxyz, or its
 * inverse when inverse) or with accelerometer and gyroscope. */
static size_t write_session(const seg *sg, int quats, int inverse, const char *header) {
  static double t[CAP];
  sim_sensor s = {{0.3, 1, -0.4}, 73, 0.1, 2, 0.05, 0.01, {0.01, 0.01, -0.01}, 5};
  sim_rng rng = {9};
  size_t n = sim_times(100, sim_reps_len(&sg->reps), 0.1, 3, t, CAP), i, len;
  len = (size_t)sprintf(text, "%s\n", header);
  for (i = 0; i < n; i++) {
    double a[3], g[3];
    hinge__quat q = sim_q(&s, seg_theta, sg, t[i]);
    sim_sample(&s, seg_theta, NULL, sg, t[i], &rng, a, g);
    if (inverse) q = hinge__quat_conj(q);
    if (quats)
      len += (size_t)sprintf(text + len, "%.5f,%.8f,%.8f,%.8f,%.8f,%.5f,%.5f,%.5f\n", t[i], q.w,
                             q.x, q.y, q.z, a[0], a[1], a[2]);
    else
      len += (size_t)sprintf(text + len, "%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n", t[i], a[0], a[1],
                             a[2], g[0], g[1], g[2]);
  }
  return len;
}

static double rmse_trunk(const hinge_table *t, const seg *sg) {
  long c = hinge_table_role_column(t, HINGE_ROLE_TRUNK);
  const double *v = hinge_table_column(t, (size_t)c), *tm = hinge_table_time(t);
  size_t i, n = hinge_table_rows(t);
  double sum = 0;
  cr_assert(c >= 0);
  for (i = 0; i < n; i++) sum += pow(v[i] - seg_theta(sg, tm[i]), 2);
  return sqrt(sum / (double)n);
}

static const hinge_sensor_map BACK[] = {{"trunk", "back"}};

Test(imu_reader, quaternion_columns_used_directly) {
  seg sg = {{2, 1.0, 0.5, 1.0, 0.5, 4, 60, NULL, NULL}};
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error err;
  int inverse;
  for (inverse = 0; inverse < 2; inverse++) {
    size_t len = write_session(&sg, 1, inverse, "time,back_qw,back_qx,back_qy,back_qz,back_ax,back_ay,back_az");
    double r;
    hinge_load_options_init(&o);
    o.sensors = BACK;
    o.nsensors = 1;
    cr_assert_eq(hinge_table_load_buffer("q.csv", text, len, &o, &t, &err), HINGE_OK, "%s", err.message);
    cr_assert_str_eq(hinge_table_format(t), "imu");
    r = rmse_trunk(t, &sg);
    /* the quaternions are exact: only the 2 deg wobble's projection remains */
    cr_assert(r < 0.5, "inverse %d: RMSE %.3f", inverse, r);
    hinge_table_destroy(t);
  }
}

Test(imu_reader, fused_from_acc_gyro_and_detected_by_content) {
  seg sg = {{2, 1.0, 0.5, 1.0, 0.5, 4, 60, NULL, NULL}};
  size_t len = write_session(&sg, 0, 0, "t,back_ax,back_ay,back_az,back_gx,back_gy,back_gz");
  hinge_load_options o;
  hinge_table *t = NULL;
  hinge_error err;
  double r;
  const hinge_column_info *ci;
  hinge_load_options_init(&o);
  o.sensors = BACK;
  o.nsensors = 1;
  /* no .csv extension: detected by its header */
  cr_assert_eq(hinge_table_load_buffer("session.dat", text, len, &o, &t, &err), HINGE_OK, "%s",
               err.message);
  r = rmse_trunk(t, &sg);
  cr_assert(r < 2, "RMSE %.3f", r);
  ci = hinge_table_column_info(t, (size_t)hinge_table_role_column(t, HINGE_ROLE_TRUNK));
  cr_assert(strstr(ci->source, "sensor 'back' (Madgwick IMU filter") != NULL, "%s", ci->source);
  cr_assert_str_eq(hinge_table_capabilities(t), "trunk only");
  hinge_table_destroy(t);
}

Test(imu_reader, errors_name_the_file) {
  static const char *bad = "time,back_ax,back_ay,back_az,back_gx,back_gy\n0,0,0,9.8,0,0\n0.01,0,0,9.8,0,0\n";
  static const char *unit = "time,back_ax (mg),back_ay,back_az,back_gx,back_gy,back_gz\n0,0,0,9.8,0,0,0\n";
  static const hinge_sensor_map nope[] = {{"trunk", "front"}};
  static const hinge_sensor_map badrole[] = {{"neck", "back"}};
  hinge_load_options o;
  hinge_table *t = (hinge_table *)1;
  hinge_error err;
  hinge_load_options_init(&o);
  o.sensors = BACK;
  o.nsensors = 1;
  cr_assert_eq(hinge_table_load_buffer("b.csv", bad, strlen(bad), &o, &t, &err), HINGE_ESCHEMA);
  cr_assert_null(t);
  cr_assert_str_eq(err.file, "b.csv");
  cr_assert(strstr(err.message, "sensor 'back' has no gyroscope z axis") != NULL, "%s", err.message);
  cr_assert_eq(hinge_table_load_buffer("u.csv", unit, strlen(unit), &o, &t, &err), HINGE_ESCHEMA);
  cr_assert_eq(err.column, 2);
  cr_assert(strstr(err.message, "unknown unit 'mg'") != NULL, "%s", err.message);
  o.sensors = nope;
  o.input_format = "imu";
  cr_assert_eq(hinge_table_load_buffer("b.csv", bad, strlen(bad), &o, &t, &err), HINGE_ESCHEMA);
  cr_assert(strstr(err.message, "no sensor 'front' in the file (placed as trunk); sensors in the "
                                "file: 'back' (back_ax, back_ay, back_az, back_gx, back_gy)") != NULL,
            "%s", err.message);
  o.sensors = badrole;
  cr_assert_eq(hinge_table_load_buffer("b.csv", bad, strlen(bad), &o, &t, &err), HINGE_EINVAL);
  cr_assert(strstr(err.message, "unknown sensor role 'neck'") != NULL, "%s", err.message);
}

/* ---- running out of memory: at every allocation of a load, ENOMEM and
 * nothing left allocated (a file and a folder) ---- */

typedef struct failing {
  long left;   /* allocations until the failure; < 0: never */
  long live;   /* blocks outstanding */
  int failed;
} failing;

static void *fail_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  failing *f = ud;
  (void)osize;
  if (nsize == 0) {
    if (ptr != NULL) f->live--;
    free(ptr);
    return NULL;
  }
  if (f->left == 0) {
    f->failed = 1;
    return NULL;
  }
  if (f->left > 0) f->left--;
  if (ptr == NULL) f->live++;
  return realloc(ptr, nsize);
}

static void sweep_path(const char *path, const hinge_sensor_map *sm, size_t nsm) {
  long k;
  int ok = 0;
  for (k = 0; k < 100000 && !ok; k++) {
    failing f = {k, 0, 0};
    hinge_allocator a = {fail_alloc, &f};
    hinge_load_options o;
    hinge_table *t = NULL;
    hinge_error err;
    int rc;
    hinge_load_options_init(&o);
    o.alloc = &a;
    o.sensors = sm;
    o.nsensors = nsm;
    rc = hinge_table_load(path, &o, &t, &err);
    if (rc == HINGE_OK) {
      cr_assert(!f.failed, "allocation %ld failed but the load succeeded", k);
      hinge_table_destroy(t);
      ok = 1;
    } else {
      cr_assert_eq(rc, HINGE_ENOMEM, "allocation %ld: %d %s", k, rc, err.message);
      cr_assert_null(t);
    }
    cr_assert_eq(f.live, 0, "allocation %ld: %ld blocks leaked", k, f.live);
  }
  cr_assert(ok);
}

Test(imu_reader, out_of_memory_everywhere) {
  static const hinge_sensor_map two[] = {{"trunk", "waist"}, {"thigh", "thigh"}};
  char dir[512], path[600];
  FILE *f;
  int i;
  /* a short file: 2 s of the squat set's first sensor pair */
  snprintf(path, sizeof path, "%s/imu_af.csv", HINGE_TEST_TMP);
  f = fopen(path, "w");
  cr_assert_not_null(f);
  fprintf(f, "time,waist_ax,waist_ay,waist_az,waist_gx,waist_gy,waist_gz,thigh_ax,thigh_ay,"
             "thigh_az,thigh_gx,thigh_gy,thigh_gz\n");
  for (i = 0; i < 40; i++)
    fprintf(f, "%.3f,0,%.3f,9.8,%.3f,0,0,0,0,9.8,0,%.3f,0\n", i * 0.05, 0.1 * i, 0.01 * i,
            -0.02 * i);
  fclose(f);
  sweep_path(path, two, 2);
  /* a Sensor Logger folder */
  snprintf(dir, sizeof dir, "%s/imu_af_phone", HINGE_TEST_TMP);
  snprintf(path, sizeof path, "mkdir -p '%s'", dir);
  cr_assert_eq(system(path), 0);
  for (i = 0; i < 2; i++) {
    int r;
    snprintf(path, sizeof path, "%s/%s", dir, i ? "Gyroscope.csv" : "TotalAcceleration.csv");
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "time,seconds_elapsed,z,y,x\n");
    for (r = 0; r < 40; r++)
      fprintf(f, "%.0f,%.3f,%.3f,%.3f,%.3f\n", 1.7e18 + r * 5e7, r * 0.05, i ? 0 : 9.8,
              i ? 0 : 0.1 * r, i ? 0.01 * r : 0);
    fclose(f);
  }
  {
    const hinge_sensor_map phone[] = {{"trunk", "imu_af_phone"}};
    sweep_path(dir, phone, 1);
  }
}
