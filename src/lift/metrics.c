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
  for (ch = 0; ch < HINGE__CH_ALL; ch++)
    if (tr->ch[ch] != NULL)
      for (i = r->liftoff; i <= r->lockout + 1 && i < tr->n; i += 8)
        __builtin_prefetch(tr->ch[ch] + i);
#else
  (void)tr, (void)r;
#endif
}

/* ------------------------------------------------------- coverage */

#if defined(__GNUC__)
static unsigned ones(uint64_t m) { return (unsigned)__builtin_popcountll(m); }
#else
static unsigned ones(uint64_t m) {
  unsigned c = 0;
  for (; m; m &= m - 1) c++;
  return c;
}
#endif

static int bit(const uint64_t *mask, size_t i) { return (int)((mask[i / 64] >> (i % 64)) & 1u); }

void hinge__unmeasured(const hinge__trace *tr, int ch, size_t i0, size_t i1, hinge__gap *out) {
  const uint64_t *mask = tr->unmeasured[ch];
  size_t w, i, run = 0;
  memset(out, 0, sizeof *out);
  if (mask == NULL || i1 < i0) return;
  /* Count word by word (most pulls have no unmeasured sample at all). */
  for (w = i0 / 64; w <= i1 / 64; w++) {
    uint64_t m = mask[w];
    if (w == i0 / 64) m &= ~(uint64_t)0 << (i0 % 64);
    if (w == i1 / 64 && i1 % 64 != 63) m &= ((uint64_t)1 << (i1 % 64 + 1)) - 1;
    out->count += ones(m);
  }
  if (out->count == 0) return;
  for (i = i0; i <= i1; i++) {
    run = bit(mask, i) ? run + 1 : 0;
    if (run > out->len) {
      out->len = run;
      out->start = i + 1 - run;
    }
  }
}

/* --------------------------------------------------------- the rep */

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

/* Whether a region can flag or clear the rep: present, at least
 * min_coverage of the pull measured and no unmeasured run longer than
 * max_unmeasured_s (a run of k samples lasts k / fs). */
static void coverage(const hinge__trace *tr, int ch, const hinge__rise *r,
                     const hinge_analyze_config *cfg, hinge_region_rep *out) {
  hinge__gap g;
  size_t len = r->lockout - r->liftoff + 1;
  hinge__unmeasured(tr, ch, r->liftoff, r->lockout, &g);
  out->coverage = (double)(len - g.count) / (double)len;
  out->assessed = out->coverage >= cfg->min_coverage &&
                  (double)g.len / tr->fs <= cfg->max_unmeasured_s && !isnan(out->rounding_deg);
  /* Liftoff placed on a spine channel without finding where its rounding
   * surge began: the rounding from there may miss the surge, so it cannot
   * clear the rep (measured_rounding may still flag it). */
  if (r->unsure) out->assessed = 0;
}

static void region(const hinge__trace *tr, int ch, double neutral, const hinge_analyze_config *cfg,
                   const hinge__rise *r, hinge_region_rep *out) {
  const double *x = tr->ch[ch];
  double max_flex = ch == HINGE__CH_THORACIC ? cfg->max_thoracic_deg : cfg->max_lumbar_deg;
  out->start_deg = out->peak_deg = out->rounding_deg = out->coverage = NAN;
  out->peak_velocity_deg_s = out->start_pct_max = out->peak_pct_max = NAN;
  out->assessed = 0;
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
  coverage(tr, ch, r, cfg, out);
}

/* The rounding the measured samples alone show: the highest measured
 * value of the pull minus the first measured one (at liftoff when that is
 * measured).  Filling and despiking cannot make a peak appear, and a start
 * taken later in the pull is, if anything, already rounded, so this never
 * overstates; it lets a region that is not assessed still flag when what
 * was measured already crosses the threshold (docs/algorithms.md, "Not
 * assessed").  NaN without a measured sample. */
static double measured_rounding(const hinge__trace *tr, int ch, const hinge__rise *r) {
  const double *x = tr->ch[ch];
  const uint64_t *mask = tr->unmeasured[ch];
  double start = NAN, top = -INFINITY;
  size_t i;
  if (x == NULL) return NAN;
  for (i = r->liftoff; i <= r->lockout; i++) {
    if (isnan(x[i]) || (mask != NULL && bit(mask, i))) continue;
    if (isnan(start)) start = x[i];
    top = x[i] > top ? x[i] : top;
  }
  return isnan(start) ? NAN : top - start;
}

/* What a region's rounding says for flags: its rounding when assessed,
 * else what its measured samples alone show. */
static double flag_rounding(const hinge__trace *tr, int ch, const hinge__rise *r,
                            const hinge_region_rep *reg) {
  return reg->assessed ? reg->rounding_deg : measured_rounding(tr, ch, r);
}

/* The highest value of x over the pull, relative (NaN when none). */
static double pull_peak(const double *x, const hinge__rise *r, double neutral) {
  double top = -INFINITY;
  int any = 0;
  size_t i;
  if (x == NULL) return NAN;
  for (i = r->liftoff; i <= r->lockout; i++) {
    if (isnan(x[i])) continue;
    any = 1;
    top = x[i] > top ? x[i] : top;
  }
  return any ? top - neutral : NAN;
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

/* docs/algorithms.md ("Not assessed"): only assessed regions clear; a
 * region flags when assessed and over its threshold, or when its measured
 * samples alone already cross it; a present region not assessed makes the
 * verdict unknown unless a flag already says fix or stop; an absent region
 * (no column in the recording) is left out, and with neither the verdict
 * is unknown.  th_deg: the thoracic rounding for flags (flag_rounding). */
static hinge_form_verdict verdict_of(const hinge_rep *rep, const hinge__trace *tr,
                                     const hinge_analyze_config *cfg, double th_deg) {
  int th = tr->ch[HINGE__CH_THORACIC] != NULL, lu = tr->ch[HINGE__CH_LUMBAR] != NULL;
  if (rep->flags & HINGE_REP_LUMBAR_ROUNDING) return HINGE_FORM_STOP;
  if (th_deg >= cfg->upper_back_fix_deg) return HINGE_FORM_FIX;
  if ((!th && !lu) || (th && !rep->thoracic.assessed) || (lu && !rep->lumbar.assessed))
    return HINGE_FORM_UNKNOWN;
  if (rep->flags & HINGE_REP_UPPER_BACK_ROUNDING) return HINGE_FORM_CAUTION;
  return HINGE_FORM_OK;
}

void hinge__rep_metrics(const hinge__trace *tr, const hinge__rise *r, const hinge_standing *st,
                        const hinge_analyze_config *cfg, int number, hinge_rep *out) {
  double fs = tr->fs, th_deg;
  memset(out, 0, sizeof *out);
  out->rep = number;
  out->start_s = tr->t0 + (double)r->start / fs;
  out->liftoff_s = tr->t0 + (double)r->liftoff / fs;
  out->lockout_s = tr->t0 + (double)r->lockout / fs;
  out->end_s = tr->t0 + (double)r->end / fs;
  out->pull_duration_s = out->lockout_s - out->liftoff_s;
  out->hip_setup_deg = at(tr->ch[HINGE__CH_HIP], r->liftoff, st->hip_deg);
  out->trunk_setup_deg = at(tr->ch[HINGE__CH_TRUNK], r->liftoff, st->trunk_deg);
  out->trunk_peak_deg = pull_peak(tr->ch[HINGE__CH_TRUNK], r, st->trunk_deg);
  out->knee_setup_deg = at(tr->ch[HINGE__CH_KNEE], r->liftoff, 0); /* absolute: no neutral */
  out->dwell_s = r->dwell_s;
  out->peak_extension_velocity_deg_s = extension_speed(tr, r);
  region(tr, HINGE__CH_THORACIC, st->thoracic_deg, cfg, r, &out->thoracic);
  region(tr, HINGE__CH_LUMBAR, st->lumbar_deg, cfg, r, &out->lumbar);
  th_deg = flag_rounding(tr, HINGE__CH_THORACIC, r, &out->thoracic);
  if (th_deg >= cfg->upper_back_rounding_deg) out->flags |= HINGE_REP_UPPER_BACK_ROUNDING;
  if (flag_rounding(tr, HINGE__CH_LUMBAR, r, &out->lumbar) >= cfg->lumbar_rounding_deg)
    out->flags |= HINGE_REP_LUMBAR_ROUNDING;
  out->verdict = verdict_of(out, tr, cfg, th_deg);
  out->set = tr->set != NULL ? tr->set[r->liftoff] : NAN;
}

/* ------------------------------------------------------------- the set */

/* A per-rep quantity, read through a getter so every statistic below
 * works on any field without copying. */
typedef double (*rep_get)(const hinge_rep *r);

static double get_number(const hinge_rep *r) { return (double)r->rep; }
static double get_pull(const hinge_rep *r) { return r->pull_duration_s; }
static double get_hip_setup(const hinge_rep *r) { return r->hip_setup_deg; }
/* A region's peak and rounding count in the set's statistics only where
 * it was assessed (a peak hidden in a gap would bias drift and means). */
static double get_th_start(const hinge_rep *r) { return r->thoracic.start_deg; }
static double get_th_peak(const hinge_rep *r) {
  return r->thoracic.assessed ? r->thoracic.peak_deg : NAN;
}
static double get_th_round(const hinge_rep *r) {
  return r->thoracic.assessed ? r->thoracic.rounding_deg : NAN;
}
static double get_lu_start(const hinge_rep *r) { return r->lumbar.start_deg; }
static double get_lu_peak(const hinge_rep *r) { return r->lumbar.assessed ? r->lumbar.peak_deg : NAN; }
static double get_lu_round(const hinge_rep *r) {
  return r->lumbar.assessed ? r->lumbar.rounding_deg : NAN;
}
static double get_trunk_setup(const hinge_rep *r) { return r->trunk_setup_deg; }
static double get_trunk_peak(const hinge_rep *r) { return r->trunk_peak_deg; }

/* Mean of the valid values; NaN when none. */
static double mean(const hinge_rep *reps, size_t n, rep_get f) {
  double sum = 0;
  size_t i, k = 0;
  for (i = 0; i < n; i++) {
    double v = f(&reps[i]);
    if (isnan(v)) continue;
    sum += v;
    k++;
  }
  return k ? sum / (double)k : NAN;
}

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

hinge_form_verdict hinge__set_verdict(const hinge_rep *reps, size_t n) {
  hinge_form_verdict worst = HINGE_FORM_OK;
  size_t i;
  int unknown = n == 0; /* no rep: nothing was judged */
  for (i = 0; i < n; i++) {
    if (reps[i].verdict == HINGE_FORM_UNKNOWN) unknown = 1;
    else if (reps[i].verdict > worst) worst = reps[i].verdict;
  }
  return worst == HINGE_FORM_OK && unknown ? HINGE_FORM_UNKNOWN : worst;
}

void hinge__set_summary(const hinge_rep *reps, size_t n, const hinge_analyze_config *cfg,
                        hinge_set_summary *out) {
  size_t i;
  memset(out, 0, sizeof *out);
  out->set = NAN;
  out->reps = n;
  out->verdict = hinge__set_verdict(reps, n);
  for (i = 0; i < n; i++) {
    out->thoracic_assessed += reps[i].thoracic.assessed;
    out->lumbar_assessed += reps[i].lumbar.assessed;
  }
  out->trunk_setup_mean_deg = mean(reps, n, get_trunk_setup);
  out->trunk_peak_mean_deg = mean(reps, n, get_trunk_peak);
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
