/* Unit tests for the per-rep extremes (metrics.c): the peak angle, the
 * fastest flexion and the fastest extension, found in one pass each,
 * equal the per-sample definitions (hinge__velocity at every valid
 * sample) bit for bit, missing samples and the trace's ends included. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lift/analyze_internal.h"

static unsigned seed = 777;

static double uniform(void) {
  seed = seed * 1103515245u + 12345u;
  return (double)(seed >> 8 & 0xffffff) / 16777216.0;
}

/* The definitions, sample by sample. */
static void reference(const double *x, size_t n, size_t i0, size_t i1, double fs, double neutral,
                      double *peak, double *flex, double *ext) {
  size_t i;
  *peak = *flex = *ext = NAN;
  for (i = i0; i <= i1; i++) {
    double v = hinge__velocity(x, n, i, fs);
    if (!isnan(-v) && (isnan(*ext) || -v > *ext)) *ext = -v;
    if (isnan(x[i])) continue;
    if (isnan(*peak) || x[i] - neutral > *peak) *peak = x[i] - neutral;
    if (!isnan(v) && (isnan(*flex) || v > *flex)) *flex = v;
  }
}

static void same(double a, double b, const char *what, int trial) {
  cr_assert((isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0, "trial %d %s: %.17g vs %.17g",
            trial, what, a, b);
}

Test(analyze_metrics, one_pass_extremes_should_equal_the_per_sample_definitions) {
  hinge_analyze_config cfg;
  hinge_standing st;
  int trial;
  hinge_analyze_config_default(&cfg);
  memset(&st, 0, sizeof st);
  st.hip_deg = st.trunk_deg = NAN;
  st.thoracic_deg = 3.25;
  st.lumbar_deg = -1.5;
  for (trial = 0; trial < 3000; trial++) {
    size_t n = 1 + (size_t)(uniform() * 60), i;
    double *x = malloc(n * sizeof *x), peak, flex, ext;
    hinge__trace tr;
    hinge__rise r;
    hinge_rep rep;
    double v = (uniform() - 0.5) * 50;
    for (i = 0; i < n; i++) {
      v += (uniform() - 0.5) * 6;
      /* coarse steps give equal differences and zero speeds */
      x[i] = trial % 3 == 0 ? floor(v) : v;
      if ((trial / 3) % 2 && uniform() < 0.15) x[i] = NAN; /* half the trials: no gap */
    }
    memset(&tr, 0, sizeof tr);
    tr.n = n;
    tr.fs = trial % 2 ? 100 : 37.5;
    tr.ch[HINGE__CH_THORACIC] = x;
    tr.seg = x;
    memset(&r, 0, sizeof r);
    r.liftoff = (size_t)(uniform() * (double)n);
    r.lockout = r.liftoff + (size_t)(uniform() * (double)(n - r.liftoff));
    if (trial % 5 == 0) r.liftoff = 0;
    if (trial % 7 == 0) r.lockout = n - 1;
    r.start = r.liftoff;
    r.end = r.lockout;
    hinge__rep_metrics(&tr, &r, &st, &cfg, 1, &rep);
    reference(x, n, r.liftoff, r.lockout, tr.fs, st.thoracic_deg, &peak, &flex, &ext);
    same(rep.thoracic.peak_deg, peak, "peak", trial);
    same(rep.thoracic.peak_velocity_deg_s, flex, "flexion speed", trial);
    same(rep.peak_extension_velocity_deg_s, ext, "extension speed", trial);
    free(x);
  }
}
