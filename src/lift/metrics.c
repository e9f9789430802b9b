/*
 * metrics.c -- per-rep metrics (setup angles, peak flexion and rounding
 * during the pull, flexion speed, pull duration), flags and verdicts, and
 * the per-set summary (drift, setup consistency, fatigue, setup vs peak).
 */
#include <math.h>
#include <string.h>

#include "analyze_internal.h"

void hinge__rep_prefetch(const hinge__trace *tr, const hinge__rise *r) {
#if defined(__GNUC__)
  int ch;
  size_t i;
  for (ch = 0; ch < HINGE__CH_COUNT; ch++)
    if (tr->ch[ch] != NULL)
      for (i = r->liftoff; i <= r->lockout + 1 && i < tr->n; i += 8)
        __builtin_prefetch(tr->ch[ch] + i);
#else
  (void)tr, (void)r;
#endif
}

static double at(const double *x, size_t i, double neutral) {
  return x == NULL ? NAN : x[i] - neutral;
}

/* The larger of two speeds, NaN when neither is a number. */
static double faster(double best, double v) {
  return !isnan(v) && (isnan(best) || v > best) ? v : best;
}

/* Peak value and fastest flexion of x over [i0, i1] (the valid samples),
 * relative.  One pass keeps the largest value and the largest central
 * difference; both convert once, with the same result as per sample
 * (x - neutral and hinge__velocity_of only grow with their input).  The
 * running maxima start at -inf and take a sample only when it is larger
 * (a compare-and-select the compiler turns into maxsd: no NaN test and no
 * long dependency in the loop); a flag tells "no sample" from -inf.  The
 * one-sided ends, if in range, are taken in their order.  The pull is
 * [r->liftoff, r->lockout]; into out's peak_deg and peak_velocity_deg_s. */
static void pull_extremes(const double *x, size_t n, double fs, const hinge__rise *r,
                          double neutral, hinge_region_rep *out) {
  double top = -INFINITY, dmax = -INFINITY, speed = NAN;
  int any_x = 0, any_d = 0;
  size_t i, i1 = r->lockout;
  for (i = r->liftoff; i <= i1; i++) {
    double xi = x[i];
    if (isnan(xi)) continue;
    any_x = 1;
    top = xi > top ? xi : top;
    if (i > 0 && i + 1 < n) {
      double d = x[i + 1] - x[i - 1];
      dmax = d > dmax ? d : dmax; /* NaN never is */
      any_d |= d == d;
    } else if (i == 0) {
      speed = hinge__velocity(x, n, i, fs);
    } else {
      if (any_d) speed = faster(speed, hinge__velocity_of(dmax, fs));
      any_d = 0;
      dmax = -INFINITY;
      speed = faster(speed, hinge__velocity(x, n, i, fs));
    }
  }
  out->peak_deg = any_x ? top - neutral : NAN;
  if (any_d) speed = faster(speed, hinge__velocity_of(dmax, fs));
  out->peak_velocity_deg_s = speed;
}

static void region(const hinge__trace *tr, int ch, double neutral, double max_flex,
                   const hinge__rise *r, hinge_region_rep *out) {
  const double *x = tr->ch[ch];
  out->start_deg = out->peak_deg = out->rounding_deg = NAN;
  out->peak_velocity_deg_s = out->start_pct_max = out->peak_pct_max = NAN;
  if (x == NULL) return;
  out->start_deg = at(x, r->liftoff, neutral);
  pull_extremes(x, tr->n, tr->fs, r, neutral, out);
  /* A missing sample at liftoff: the pull's first valid value is the start. */
  if (isnan(out->start_deg)) {
    size_t i;
    for (i = r->liftoff; i <= r->lockout && isnan(x[i]); i++) {}
    if (i <= r->lockout) out->start_deg = x[i] - neutral;
  }
  out->rounding_deg = out->peak_deg - out->start_deg;
  if (!isnan(max_flex)) {
    out->start_pct_max = 100 * out->start_deg / max_flex;
    out->peak_pct_max = 100 * out->peak_deg / max_flex;
  }
}

/* Fastest fall of the segmentation channel over the pull (extension):
 * the largest -velocity, from the smallest central difference (see
 * pull_extremes). */
static double extension_speed(const hinge__trace *tr, const hinge__rise *r) {
  const double *x = tr->seg;
  double best = NAN, dmin = INFINITY;
  int any = 0;
  size_t i;
  for (i = r->liftoff; i <= r->lockout; i++) {
    if (i > 0 && i + 1 < tr->n) {
      double d = x[i + 1] - x[i - 1];
      dmin = d < dmin ? d : dmin; /* NaN never is */
      any |= d == d;
    } else {
      if (any) best = faster(best, -hinge__velocity_of(dmin, tr->fs));
      any = 0;
      dmin = INFINITY;
      best = faster(best, -hinge__velocity(x, tr->n, i, tr->fs));
    }
  }
  if (any) best = faster(best, -hinge__velocity_of(dmin, tr->fs));
  return best;
}

static hinge_form_verdict verdict_of(const hinge_rep *rep, const hinge_analyze_config *cfg) {
  if (rep->flags & HINGE_REP_LUMBAR_ROUNDING) return HINGE_FORM_STOP;
  if (rep->thoracic.rounding_deg >= cfg->upper_back_fix_deg) return HINGE_FORM_FIX;
  if (rep->flags & HINGE_REP_UPPER_BACK_ROUNDING) return HINGE_FORM_CAUTION;
  return HINGE_FORM_OK;
}

void hinge__rep_metrics(const hinge__trace *tr, const hinge__rise *r, const hinge_standing *st,
                        const hinge_analyze_config *cfg, int number, hinge_rep *out) {
  double fs = tr->fs;
  memset(out, 0, sizeof *out);
  out->rep = number;
  out->start_s = tr->t0 + (double)r->start / fs;
  out->liftoff_s = tr->t0 + (double)r->liftoff / fs;
  out->lockout_s = tr->t0 + (double)r->lockout / fs;
  out->end_s = tr->t0 + (double)r->end / fs;
  out->pull_duration_s = out->lockout_s - out->liftoff_s;
  out->hip_setup_deg = at(tr->ch[HINGE__CH_HIP], r->liftoff, st->hip_deg);
  out->trunk_setup_deg = at(tr->ch[HINGE__CH_TRUNK], r->liftoff, st->trunk_deg);
  out->peak_extension_velocity_deg_s = extension_speed(tr, r);
  region(tr, HINGE__CH_THORACIC, st->thoracic_deg, cfg->max_thoracic_deg, r, &out->thoracic);
  region(tr, HINGE__CH_LUMBAR, st->lumbar_deg, cfg->max_lumbar_deg, r, &out->lumbar);
  if (out->thoracic.rounding_deg >= cfg->upper_back_rounding_deg)
    out->flags |= HINGE_REP_UPPER_BACK_ROUNDING;
  if (out->lumbar.rounding_deg >= cfg->lumbar_rounding_deg)
    out->flags |= HINGE_REP_LUMBAR_ROUNDING;
  out->verdict = verdict_of(out, cfg);
  out->set = tr->set != NULL ? tr->set[r->liftoff] : NAN;
}

/* ------------------------------------------------------------- the set */

/* A per-rep quantity, read through a getter so every statistic below
 * works on any field without copying. */
typedef double (*rep_get)(const hinge_rep *r);

static double get_number(const hinge_rep *r) { return (double)r->rep; }
static double get_pull(const hinge_rep *r) { return r->pull_duration_s; }
static double get_hip_setup(const hinge_rep *r) { return r->hip_setup_deg; }
static double get_th_start(const hinge_rep *r) { return r->thoracic.start_deg; }
static double get_th_peak(const hinge_rep *r) { return r->thoracic.peak_deg; }
static double get_th_round(const hinge_rep *r) { return r->thoracic.rounding_deg; }
static double get_lu_start(const hinge_rep *r) { return r->lumbar.start_deg; }
static double get_lu_peak(const hinge_rep *r) { return r->lumbar.peak_deg; }
static double get_lu_round(const hinge_rep *r) { return r->lumbar.rounding_deg; }

/* Means, sums of squares and cross products of the valid (x, y) pairs. */
typedef struct moments {
  size_t k;
  double mx, my, sxx, syy, sxy;
} moments;

static moments pair_moments(const hinge_rep *reps, size_t n, rep_get fx, rep_get fy) {
  moments m;
  size_t i;
  memset(&m, 0, sizeof m);
  for (i = 0; i < n; i++) {
    double x = fx(&reps[i]), y = fy(&reps[i]), dx, dy;
    if (isnan(x) || isnan(y)) continue;
    m.k++;
    dx = x - m.mx; /* Welford-style co-moment update: stable and one pass */
    dy = y - m.my;
    m.mx += dx / (double)m.k;
    m.my += dy / (double)m.k;
    m.sxx += dx * (x - m.mx);
    m.syy += dy * (y - m.my);
    m.sxy += dx * (y - m.my);
  }
  return m;
}

/* Least-squares slope of y on x; NaN with < 2 pairs or no spread in x. */
static double slope(const hinge_rep *reps, size_t n, rep_get fx, rep_get fy) {
  moments m = pair_moments(reps, n, fx, fy);
  return m.k >= 2 && m.sxx > 0 ? m.sxy / m.sxx : NAN;
}

/* Pearson r; NaN with < 3 pairs or no spread. */
static double pearson(const hinge_rep *reps, size_t n, rep_get fx, rep_get fy) {
  moments m = pair_moments(reps, n, fx, fy);
  return m.k >= 3 && m.sxx > 0 && m.syy > 0 ? m.sxy / sqrt(m.sxx * m.syy) : NAN;
}

/* Sample SD (n - 1); NaN with < 2 values. */
static double sd(const hinge_rep *reps, size_t n, rep_get f) {
  moments m = pair_moments(reps, n, f, f);
  return m.k >= 2 ? sqrt(m.sxx / (double)(m.k - 1)) : NAN;
}

/* A region's figures of a rep: its start, peak and rounding. */
typedef struct region_getters {
  rep_get start, peak, round;
} region_getters;

static void set_region(const hinge_rep *reps, size_t n, const region_getters *g,
                       const hinge_analyze_config *cfg, hinge_set_region *out) {
  rep_get start = g->start, peak = g->peak, round = g->round;
  size_t i, k = 0;
  double sum = 0, total;
  memset(out, 0, sizeof *out);
  out->max_rounding_deg = NAN;
  for (i = 0; i < n; i++) {
    double v = round(&reps[i]);
    if (isnan(v)) continue;
    sum += v;
    k++;
    if (isnan(out->max_rounding_deg) || v > out->max_rounding_deg) out->max_rounding_deg = v;
  }
  out->mean_rounding_deg = k ? sum / (double)k : NAN;
  out->drift_deg_per_rep = slope(reps, n, get_number, round);
  out->change_deg = n >= 2 ? round(&reps[n - 1]) - round(&reps[0]) : NAN;
  /* The fitted change over the set, so one noisy rep does not decide the
   * trend; changes under the measurement error count as stable. */
  total = out->drift_deg_per_rep * (double)(n > 1 ? n - 1 : 0);
  out->trend = HINGE_TREND_STABLE;
  if (total >= cfg->measurement_error_deg) out->trend = HINGE_TREND_INCREASING;
  else if (total <= -cfg->measurement_error_deg) out->trend = HINGE_TREND_DECREASING;
  out->setup_sd_deg = sd(reps, n, start);
  out->setup_peak_r = pearson(reps, n, start, peak);
  out->setup_peak_slope = isnan(out->setup_peak_r) ? NAN : slope(reps, n, start, peak);
}

static const region_getters thoracic = {get_th_start, get_th_peak, get_th_round};
static const region_getters lumbar = {get_lu_start, get_lu_peak, get_lu_round};

void hinge__set_summary(const hinge_rep *reps, size_t n, const hinge_analyze_config *cfg,
                        hinge_set_summary *out) {
  size_t i;
  memset(out, 0, sizeof *out);
  out->reps = n;
  out->verdict = HINGE_FORM_OK;
  for (i = 0; i < n; i++)
    if (reps[i].verdict > out->verdict) out->verdict = reps[i].verdict;
  set_region(reps, n, &thoracic, cfg, &out->thoracic);
  set_region(reps, n, &lumbar, cfg, &out->lumbar);
  out->hip_setup_sd_deg = sd(reps, n, get_hip_setup);
  out->pull_first_s = n ? reps[0].pull_duration_s : NAN;
  out->pull_last_s = n ? reps[n - 1].pull_duration_s : NAN;
  out->pull_increase_pct = n >= 2 && reps[0].pull_duration_s > 0
      ? 100 * (reps[n - 1].pull_duration_s - reps[0].pull_duration_s) / reps[0].pull_duration_s
      : NAN;
  out->pull_slope_s_per_rep = slope(reps, n, get_number, get_pull);
  out->fatigue = !isnan(out->pull_increase_pct) &&
                 out->pull_increase_pct >= cfg->fatigue_increase_pct;
}
