/* bench_filter N DIR: zero-phase filtering throughput per channel.
 *
 * Writes a random-walk trace of N samples to DIR/filter_x.f64 (raw
 * doubles, host order), filters it with hinge_sosfiltfilt (Butterworth
 * N=2, 6 Hz, fs = 100 Hz: the default low-pass) and hinge_lowpass (the
 * same plus the scan for missing samples), and writes the result to
 * DIR/filter_y.f64 so bench_filter.sh can time scipy on the same data and
 * compare.  Prints the best of 7 runs for each. */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "hinge/hinge.h"

#define RUNS 7

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void make_signal(double *x, size_t n) {
  uint64_t s = 12345;
  double walk = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    s = s * 6364136223846793005u + 1442695040888963407u;
    walk += (double)(s >> 11) / 9007199254740992.0 - 0.5;
    x[i] = 30 + 5 * walk;
  }
}

static int write_file(const char *dir, const char *name, const double *x, size_t n) {
  char path[4096];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "wb");
  if (f == NULL || fwrite(x, sizeof *x, n, f) != n || fclose(f) != 0) {
    fprintf(stderr, "bench_filter: cannot write %s\n", path);
    return 1;
  }
  return 0;
}

static void report(const char *what, size_t n, double best) {
  printf("%-34s %zu samples  best %8.2f ms  %7.1f Msamples/s\n", what, n, best * 1e3,
         (double)n / best / 1e6);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 2000000;
  const char *dir = argc > 2 ? argv[2] : ".";
  double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), sos[6 * HINGE_SOS_MAX_SECTIONS];
  double best_ff = 1e30, best_lp = 1e30;
  hinge_lowpass_opts o;
  hinge_error err;
  int ns, r;
  if (x == NULL || y == NULL || n < 100) {
    fprintf(stderr, "usage: bench_filter N DIR (N >= 100)\n");
    return 2;
  }
  make_signal(x, n);
  hinge_butter_sos(2, 6, 100, sos, &ns, NULL);
  hinge_lowpass_opts_init(&o);
  o.fs = 100;
  for (r = 0; r < RUNS; r++) {
    double t0 = now(), t1, t2;
    if (hinge_lowpass(x, y, n, &o, NULL, NULL, &err) != HINGE_OK) {
      fprintf(stderr, "bench_filter: %s\n", err.message);
      return 1;
    }
    t1 = now();
    hinge_sosfiltfilt(sos, ns, x, y, n, HINGE_PADLEN_DEFAULT, NULL, NULL);
    t2 = now();
    if (t1 - t0 < best_lp) best_lp = t1 - t0;
    if (t2 - t1 < best_ff) best_ff = t2 - t1;
  }
  report("hinge_sosfiltfilt (N=2, 6/100 Hz)", n, best_ff);
  report("hinge_lowpass (same, NaN scan)", n, best_lp);
  if (write_file(dir, "filter_x.f64", x, n) || write_file(dir, "filter_y.f64", y, n)) return 1;
  free(x);
  free(y);
  return 0;
}
