/* bench_load.c -- time hinge_table_load on one file, in process.
 * Built by bench_load.sh against the build's static library:
 *   bench_load FILE RUNS [THREADS]  ->  prints "best_seconds rows columns best_cpu"
 * (best_cpu: the best process CPU time of a call, all threads, seconds)
 * THREADS sets hinge_load_options.threads (default 0: single-threaded). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <hinge/hinge.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  int runs = argc > 2 ? atoi(argv[2]) : 3, k;
  hinge_load_options opts = {0};
  double best = 1e300, best_cpu = 1e300;
  size_t rows = 0, cols = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: bench_load FILE [RUNS [THREADS]]\n");
    return 2;
  }
  opts.threads = argc > 3 ? (unsigned)atoi(argv[3]) : 0;
  for (k = 0; k < runs; k++) {
    hinge_table *t;
    hinge_error err;
    double t0 = now(), c0 = cpu(), dt, dc;
    if (hinge_table_load(argv[1], &opts, &t, &err) != HINGE_OK) {
      char buf[2048];
      hinge_error_format(&err, buf, sizeof buf);
      fprintf(stderr, "bench_load: %s\n", buf);
      return 1;
    }
    dt = now() - t0;
    dc = cpu() - c0;
    if (dt < best) best = dt;
    if (dc < best_cpu) best_cpu = dc;
    rows = hinge_table_rows(t);
    cols = hinge_table_columns(t);
    hinge_table_destroy(t);
  }
  printf("%.4f %lu %lu %.4f\n", best, (unsigned long)rows, (unsigned long)cols, best_cpu);
  return 0;
}
