/*
 * reps.c -- rep segmentation on one conditioned channel (hip flexion,
 * else trunk inclination, else thoracic + lumbar).
 *
 * 1. Turning points: a zigzag walk with a reversal threshold of the range
 *    gate.  A bottom (a maximum of flexion) is confirmed once the channel
 *    has come back up the gate from it, a top once it has gone down the
 *    gate; the recording's first and last valid samples are candidate
 *    turning points, so a clip that starts at the bottom (in the setup, bar
 *    in hand) or mid-set yields its first pull.  Each rise is measured from
 *    its own bottom to its own top: no level of the whole recording, so
 *    squats that never return fully upright do not merge reps, and pauses
 *    of any length, touch-and-go turnarounds and wiggles smaller than the
 *    gate neither split nor merge reps.
 * 2. Relative gate: the walk runs again over the turning points with a
 *    threshold of min_range_frac of the median rise (never below the
 *    gate): partial reps, hitches and re-grips merge into their rep.
 * 3. Events per rise, from the channel's velocity: liftoff is the last
 *    moment near the bottom before the rise where extension is slower
 *    than the onset speed; lockout the first moment after it where the
 *    speed falls under the onset speed; start the onset of the descent
 *    before the rise; end the onset of the next descent.
 * 4. Plausibility and the set's end: reps_end.c.
 * docs/algorithms.md has the reasons for each rule.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/filter.h"
#include "reps_internal.h"

#define HI_FRAC 0.5   /* the descent into a bottom is crossed at 50 % of its leg */
#define LO_FRAC 0.25  /* the rise is crossed 75 % of the way up to its top */
#define NEAR_BOTTOM 0.25 /* liftoff lies within 25 % of the rise below its bottom */
#define VEL_HALF_S 0.1    /* half-width of the slope used for onsets, s */
#define NEAR_TOP 0.1     /* lockout lies within 10 % of the rise above its top */
#define END_STOP_S 0.2   /* a lockout this close to the end ... */
#define END_FAR 0.25     /* ... and this far of its rise below standing: judged by the end speed */
/* Settling from an onset stops once the speed is under half the onset
 * floor (2.5 deg/s by default): slow drift of a held position (an IMU's,
 * a video's wobble) would otherwise walk liftoff back into the pause. */
#define SETTLE_FLOOR 0.5
/* A spine channel's rounding surge before its peak spans at most half
 * the rise; the dip between a descent and the surge is under half the
 * surge's speed. */
#define SURGE_FRAC 0.5
#define SURGE_DIP 0.5
#define SURGE_TOP_S 0.15 /* the still top of a rounding peak: at most 0.15 s */
#define SURGE_MIN_DEG 1.0 /* a surge rises 1 deg at least (noise: under 0.5) */
#define UNSURE_DWELL_S 0.2 /* a setup pause this long makes the bottom the setup */

/* The segmentation channel's speed: the slope across +-VEL_HALF_S (at
 * least one sample each side).  Wider than a central difference so that
 * noise left after the low-pass (a few deg/s at 50 Hz) does not cross
 * the onset speed mid-pull on slow, heavy reps. */
static double seg_velocity(const double *x, size_t n, size_t i, double fs) {
  size_t w = (size_t)(VEL_HALF_S * fs + 0.5), lo, hi;
  if (w < 1) w = 1;
  if (n < 2) return NAN;
  lo = i > w ? i - w : 0;
  hi = i + w < n ? i + w : n - 1;
  return (x[hi] - x[lo]) * fs / (double)(hi - lo);
}

/* -------------------------------------------- find_peaks' tall peaks
 * (kept for callers of hinge__tall_peaks; segmentation no longer uses
 * peak heights) */

/* scipy's wlen as samples each side of a peak (0: the whole signal), as
 * find_peaks rounds it. */
static size_t prominence_half(double wlen, size_t n) {
  double w;
  if (isnan(wlen)) return 0;
  w = ceil(wlen);
  return w / 2 >= (double)n ? n : (size_t)(w / 2);
}

/* Whether one side of the peak at p dips to prominence pmin: walking
 * from p by step (-1 or +1) while the signal stays at or below the peak
 * and not beyond end (lo or hi), some sample with top - x >= pmin.  That is
 * find_peaks' test: top - x falls as x rises (also after rounding), so
 * its prominence top - max(left base, right base) >= pmin exactly when
 * both sides hold such a sample.  The walk stops at the first one.
 * Sample j of the signal is x[j * stride]. */
static int side_dips(const double *x, size_t stride, size_t p, int step, size_t end,
                     double pmin) {
  double top = x[p * stride];
  size_t i = p;
  while (x[i * stride] <= top) {
    if (top - x[i * stride] >= pmin) return 1;
    if (i == end) break;
    i = step < 0 ? i - 1 : i + 1;
  }
  return 0;
}

size_t hinge__tall_peaks(const hinge__peak_scan *ps, double *heights, size_t cap) {
  const double *x = ps->x;
  size_t n = ps->n, stride = ps->stride;
  double hmin = ps->hmin, pmin = ps->pmin;
  size_t i = 1, m = 0, half = prominence_half(ps->wlen, n);
  if (n > 0 && (isnan(x[0]) || isnan(x[(n - 1) * stride]))) return HINGE__NONE;
  if (n < 3) return 0;
  if (isnan(hmin)) hmin = -INFINITY; /* NaN: the condition is off */
  while (i < n - 1) {
    /* find_peaks' local maxima (a plateau's middle, rounded down); one
     * lower than hmin never counts, so the scan skips such samples.
     * Every inner sample is looked at here, so a NaN is seen. */
    double xi = x[i * stride];
    if (isnan(xi)) return HINGE__NONE;
    if (xi >= hmin && x[(i - 1) * stride] < xi) {
      size_t ahead = i + 1, p, lo = 0, hi = n - 1;
      while (ahead < n - 1 && x[ahead * stride] == xi) ahead++;
      if (x[ahead * stride] < xi) {
        p = (i + ahead - 1) / 2;
        if (half > 0) {
          lo = p > half ? p - half : 0;
          hi = n - 1 - p > half ? p + half : n - 1;
        }
        if (isnan(pmin) || (side_dips(x, stride, p, -1, lo, pmin) &&
                            side_dips(x, stride, p, +1, hi, pmin))) {
          if (m < cap) heights[m] = x[p * stride];
          m++;
        }
        i = ahead;
      }
    }
    i++;
  }
  return m;
}

/* Peak extension speed (positive, deg/s) over [i0, i1]: the largest
 * -seg_velocity.  Away from the ends the slope is a fixed span, and
 * (x[i+w] - x[i-w]) * fs / (2w) only grows with the difference (each
 * rounding step is monotone), so the fastest fall is that of the
 * smallest difference: one division, not one per sample, and the same
 * number. */
static double peak_speed(const double *s, size_t n, size_t i0, size_t i1, double fs) {
  size_t w = (size_t)(VEL_HALF_S * fs + 0.5), i, end = i1 < n ? i1 : n - 1, a, b;
  double best = 0, dmin = INFINITY;
  if (w < 1) w = 1;
  if (n < 2 || i0 > end) return 0; /* no speed at all */
  /* [a, b]: the samples of [i0, end] with the full span (i >= w, i + w < n) */
  a = i0 > w ? i0 : w;
  b = n > w ? n - 1 - w : 0;
  if (b > end) b = end;
  for (i = i0; i <= end; i++) {
    if (i == a && a <= b) { /* the inside, in one tight loop */
      for (; i <= b; i++) {
        double d = s[i + w] - s[i - w];
        dmin = d < dmin ? d : dmin; /* NaN never is */
      }
      if (i > end) break;
    }
    {
      double v = -seg_velocity(s, n, i, fs);
      if (v > best) best = v;
    }
  }
  if (dmin < INFINITY) {
    double v = -(dmin * fs / (double)(2 * w));
    if (v > best) best = v;
  }
  return best;
}

/* The first valid sample of s[i0..i1] with the largest (sign +1) or
 * smallest (sign -1) value; i0 when all are missing. */
static size_t arg_extreme(const double *s, size_t i0, size_t i1, int sign) {
  size_t i = i0, best;
  double v;
  while (i <= i1 && isnan(s[i])) i++;
  if (i > i1) return i0;
  best = i;
  v = s[i];
  if (sign > 0) {
    for (i++; i <= i1; i++)
      if (s[i] > v) v = s[best = i];
  } else {
    for (i++; i <= i1; i++)
      if (s[i] < v) v = s[best = i];
  }
  return best;
}

static size_t argmin_valid(const double *s, size_t i0, size_t i1) {
  return arg_extreme(s, i0, i1, -1);
}

/* "seg_velocity(s, n, i, fs) <= von" without a division per sample.
 * Away from the ends the slope is (s[i+w] - s[i-w]) * fs / 2w, which only
 * grows with the difference d (each rounding step is monotone), so it
 * exceeds von exactly when d >= t, the smallest such difference, found
 * once per rep by stepping through the doubles near von * 2w / fs. */
typedef struct onset_gate {
  const double *s;
  size_t n, w;
  double fs, von;
  double t; /* NaN: not found, divide */
  double floor; /* settling stops at this speed (the noise floor) */
} onset_gate;

/* From a threshold crossing at i, move (by step -1 or +1, within
 * [lo, hi]) while the speed keeps falling and is above the noise floor:
 * the threshold finds the motion robustly, this walk finds where it
 * really began or ended. */
static size_t settle(const onset_gate *g, size_t i, int step, size_t lo, size_t hi) {
  const double *s = g->s;
  size_t n = g->n;
  double fs = g->fs, v = fabs(seg_velocity(s, n, i, fs));
  while ((step < 0 ? i > lo : i < hi) && !(v <= g->floor)) {
    double w = fabs(seg_velocity(s, n, step < 0 ? i - 1 : i + 1, fs));
    if (!(w < v)) break;
    v = w;
    i = step < 0 ? i - 1 : i + 1;
  }
  return i;
}

static double slope_of(double d, double fs, size_t w) { return d * fs / (double)(2 * w); }

static void gate_init(onset_gate *g, const double *s, size_t n, double fs, double von) {
  size_t w = (size_t)(VEL_HALF_S * fs + 0.5);
  double t;
  int k;
  g->s = s;
  g->n = n;
  g->w = w = w < 1 ? 1 : w;
  g->fs = fs;
  g->von = von;
  g->t = NAN;
  g->floor = 0;
  t = von * (double)(2 * w) / fs;
  if (!isfinite(t)) return;
  for (k = 0; k < 32 && slope_of(t, fs, w) > von; k++) t = nextafter(t, -INFINITY);
  for (; k < 64 && !(slope_of(t, fs, w) > von); k++) t = nextafter(t, INFINITY);
  if (slope_of(t, fs, w) > von && !(slope_of(nextafter(t, -INFINITY), fs, w) > von)) g->t = t;
}

/* Whether the speed at i is a number not above von. */
static int slow(const onset_gate *g, size_t i) {
  if (!isnan(g->t) && i >= g->w && i + g->w < g->n)
    return g->s[i + g->w] - g->s[i - g->w] < g->t; /* NaN: neither */
  return seg_velocity(g->s, g->n, i, g->fs) <= g->von;
}

/* Onset of the descent that crosses into the bottom at `down`: walk back
 * while the channel is still flexing faster than von, not before floor_i
 * (a missing sample does not stop the walk). */
static size_t descent_onset(const onset_gate *g, size_t down, size_t floor_i) {
  size_t i = down;
  while (i > floor_i && !slow(g, i - 1)) i--;
  return settle(g, i, -1, floor_i, down);
}

/* Liftoff: the last sample before the rise's crossing `up` that is near
 * the bottom and not yet extending faster than von, settled back to
 * where the extension began.  *departure is that sample before settling
 * (the end of the still time at the bottom, for the dwell). */
static size_t find_liftoff(const onset_gate *g, size_t bottom, size_t up, size_t *departure) {
  const double *s = g->s;
  size_t n = g->n;
  double fs = g->fs, von = g->von, near = s[bottom] - NEAR_BOTTOM * (s[bottom] - s[up]);
  size_t i = up;
  while (i > bottom) {
    if (!isnan(s[i]) && s[i] >= near && seg_velocity(s, n, i, fs) >= -von) {
      *departure = i; /* the threshold crossing, before settling */
      return settle(g, i, -1, bottom, up);
    }
    if (isnan(s[i]) && !isnan(s[i + 1])) {
      /* a gap reached from the rise, wider than the speed's window: when
       * the channel is near the bottom before it, the extension began in
       * the gap; its last measured sample there is the liftoff (the noise
       * of a run too short to filter must not carry the walk back
       * through the setup) */
      size_t j = i;
      while (j > bottom && isnan(s[j])) j--;
      if (!isnan(s[j]) && s[j] >= near && i - j >= 2 * g->w) {
        *departure = j;
        return j;
      }
    }
    i--;
  }
  *departure = bottom;
  return bottom;
}

/* Lockout: the first sample from `up` on, before `limit`, that is near
 * standing (within NEAR_TOP of the rise above the lowest point before the
 * next descent) and whose speed is under von, settled forward to where
 * the motion stopped; the lowest point when motion never stops (then
 * *stopped is 0). */
static size_t find_lockout(const onset_gate *g, size_t bottom, size_t up, size_t limit,
                           int *stopped) {
  const double *s = g->s;
  size_t i, n = g->n, low = argmin_valid(s, up, limit);
  double fs = g->fs, von = g->von;
  double near = s[low] + NEAR_TOP * (s[bottom] - s[low]);
  for (i = up; i <= limit; i++) {
    if (!isnan(s[i]) && s[i] <= near && fabs(seg_velocity(s, n, i, fs)) <= von) {
      *stopped = 1;
      return settle(g, i, +1, up, limit);
    }
    if (i > up && isnan(s[i]) && !isnan(s[i - 1]) && s[i - 1] <= near) {
      /* a gap wider than the speed's window entered near standing: the
       * motion stopped by its last measured sample or in the gap; that
       * sample is the lockout when the channel is measured again after
       * it (at the recording's end the cut-off test decides) */
      size_t j = i;
      while (j < limit && isnan(s[j])) j++;
      if (!isnan(s[j]) && j - i >= 2 * g->w) {
        *stopped = 1;
        return i - 1;
      }
    }
  }
  *stopped = 0;
  return low;
}

/* On a spine channel the bottom (its highest flexion) may be a rounding
 * peak early in the pull, the setup being lower.  From the bottom, past
 * its still top (at most SURGE_TOP_S), walk back while the channel is
 * still flexing faster than the noise floor, to where that surge began
 * (the end of the setup pause, or the dip of flexion speed between a
 * touch-and-go descent and the surge).  A surge is SURGE_MIN_DEG at
 * least; never below `level` (SURGE_FRAC of the rise under the bottom):
 * a walk that would go there is swallowing a descent (*unsure).  Returns
 * the surge's onset, or the bottom when there is none. */
static size_t surge_onset(const onset_gate *g, size_t bottom, size_t lo, double level,
                          int *unsure) {
  const double *s = g->s;
  size_t i = bottom, top = (size_t)(SURGE_TOP_S * g->fs + 0.5);
  double vmax = 0, prev = INFINITY, v = 0;
  int below = 0;
  *unsure = 0;
  while (i > lo && bottom - i < top && !((v = seg_velocity(s, g->n, i - 1, g->fs)) > g->floor))
    i--;
  if (!(v > g->floor)) return bottom; /* still: the setup itself */
  while (i > lo) {
    v = seg_velocity(s, g->n, i - 1, g->fs); /* flexion: positive */
    if (!(v > g->floor)) break; /* the pause (or a missing sample) */
    if (v > prev && prev < SURGE_DIP * vmax) break; /* past the dip: a descent before it */
    if (!(s[i - 1] >= level)) below = 1;
    if (v > vmax) vmax = v;
    prev = v;
    i--;
  }
  /* Still flexing where the descent was crossed, or under `level` without
   * reaching a pause (a surge as deep as half the rise that starts from a
   * setup pause is one; without the pause it is a descent). */
  if ((i == lo && v > g->floor) || (below && v > g->floor)) {
    *unsure = 1;
    return bottom;
  }
  return s[bottom] - s[i] >= SURGE_MIN_DEG ? i : bottom; /* NaN: none */
}

static double onset_speed(const hinge__seg_ctx *c, double peak) {
  const hinge_analyze_config *cfg = c->cfg;
  double v = cfg->onset_velocity_frac * peak;
  if (v < cfg->onset_velocity_deg_s) v = cfg->onset_velocity_deg_s;
  return v > c->noise_speed ? v : c->noise_speed;
}

/* Where the descent into the bottom stopped: the first sample from
 * `from` on whose flexion speed is under von (at most `liftoff`). */
static size_t bottom_arrival(const onset_gate *g, size_t from, size_t liftoff) {
  size_t i;
  for (i = from; i < liftoff; i++)
    if (slow(g, i)) return i;
  return liftoff;
}


/* The first i from i0 on with s[i] > level (above) or s[i] < level
 * (below); n when none.  Four samples per test while none crosses. */
static size_t crossing(const double *s, size_t n, size_t i, double level, int above) {
  if (above) {
    while (i + 4 <= n && ((s[i] > level) | (s[i + 1] > level) | (s[i + 2] > level) |
                          (s[i + 3] > level)) == 0)
      i += 4;
    while (i < n && !(s[i] > level)) i++;
  } else {
    while (i + 4 <= n && ((s[i] < level) | (s[i + 1] < level) | (s[i + 2] < level) |
                          (s[i + 3] < level)) == 0)
      i += 4;
    while (i < n && !(s[i] < level)) i++;
  }
  return i;
}

/* ------------------------------------------------------ turning points */

/* A turning point: a bottom (peak = 1: a maximum of flexion) or a top. */
typedef struct turn {
  size_t i;
  double v;
  int peak;
} turn;

typedef struct turn_list {
  turn *t;
  size_t n, cap;
} turn_list;

/* The zigzag walk: until the channel first moves h (dir 0) it tracks the
 * highest and lowest values; then the extreme of the current leg, which
 * becomes a turning point once the channel has come back h from it. */
typedef struct zigzag {
  double h, hi, lo, ext;
  size_t ihi, ilo, iext;
  int dir; /* 0 before the first move of h; +1 flexing (to a bottom); -1 extending */
  int started;
  turn_list *out;
  const hinge_allocator *a;
} zigzag;

static int push_turn(zigzag *z, size_t i, double v, int peak) {
  turn_list *l = z->out;
  if (HINGE__GROW(z->a, l->t, l->cap, l->n + 1)) return HINGE_ENOMEM;
  l->t[l->n].i = i;
  l->t[l->n].v = v;
  l->t[l->n].peak = peak;
  l->n++;
  return HINGE_OK;
}

static void zz_init(zigzag *z, double h, turn_list *out, const hinge_allocator *a) {
  memset(z, 0, sizeof *z);
  z->h = h;
  z->out = out;
  z->a = a;
}

/* The first move of h: the earlier of the extremes is the first turning
 * point (the recording's start, or the extreme just after it). */
static int zz_first(zigzag *z, size_t i, double x) {
  if (x > z->hi) {
    z->hi = x;
    z->ihi = i;
  } else if (x < z->lo) {
    z->lo = x;
    z->ilo = i;
  }
  if (!(z->hi - z->lo >= z->h)) return HINGE_OK;
  if (z->ihi < z->ilo) {
    z->dir = -1;
    z->ext = z->lo;
    z->iext = z->ilo;
    return push_turn(z, z->ihi, z->hi, 1);
  }
  z->dir = +1;
  z->ext = z->hi;
  z->iext = z->ihi;
  return push_turn(z, z->ilo, z->lo, 0);
}

/* One valid value x at sample i. */
static inline int zz_feed(zigzag *z, size_t i, double x) {
  if (z->dir > 0) {
    if (x > z->ext) {
      z->ext = x;
      z->iext = i;
    } else if (z->ext - x >= z->h) {
      int rc = push_turn(z, z->iext, z->ext, 1);
      z->dir = -1;
      z->ext = x;
      z->iext = i;
      return rc;
    }
    return HINGE_OK;
  }
  if (z->dir < 0) {
    if (x < z->ext) {
      z->ext = x;
      z->iext = i;
    } else if (x - z->ext >= z->h) {
      int rc = push_turn(z, z->iext, z->ext, 0);
      z->dir = +1;
      z->ext = x;
      z->iext = i;
      return rc;
    }
    return HINGE_OK;
  }
  if (!z->started) {
    z->started = 1;
    z->hi = z->lo = x;
    z->ihi = z->ilo = i;
    return HINGE_OK;
  }
  return zz_first(z, i, x);
}

/* The last extreme is a candidate turning point too (the recording's end). */
static int zz_finish(zigzag *z) {
  return z->dir != 0 ? push_turn(z, z->iext, z->ext, z->dir > 0) : HINGE_OK;
}

/* Pass 1 over the valid samples of s: turning points h apart into out;
 * *moved is the whole range when there is none (NaN: no valid sample). */
static int turns_of_samples(const double *s, size_t n, double h, const hinge_allocator *a,
                            turn_list *out, double *moved) {
  zigzag z;
  size_t i;
  int rc = HINGE_OK;
  zz_init(&z, h, out, a);
  for (i = 0; i < n && rc == HINGE_OK; i++)
    if (!isnan(s[i])) rc = zz_feed(&z, i, s[i]);
  if (rc == HINGE_OK) rc = zz_finish(&z);
  *moved = z.started ? z.hi - z.lo : NAN;
  return rc;
}

/* Pass 2: the same walk over turning points with threshold h, into out. */
static int turns_of_turns(const turn_list *in, double h, const hinge_allocator *a,
                          turn_list *out) {
  zigzag z;
  size_t k;
  int rc = HINGE_OK;
  zz_init(&z, h, out, a);
  for (k = 0; k < in->n && rc == HINGE_OK; k++) rc = zz_feed(&z, in->t[k].i, in->t[k].v);
  return rc == HINGE_OK ? zz_finish(&z) : rc;
}

static size_t rise_count(const turn_list *l) {
  size_t k, m = 0;
  for (k = 0; k + 1 < l->n; k++) m += l->t[k].peak;
  return m;
}

/* The relative gate: min_range_frac of the median rise, never below h. */
static int relative_gate(const turn_list *l, double h, double frac, const hinge_allocator *a,
                         double *out) {
  size_t k, m = 0, nr = rise_count(l);
  double *r;
  *out = h;
  if (nr == 0) return HINGE_OK;
  r = hinge__malloc(a, nr * sizeof *r);
  if (r == NULL) return HINGE_ENOMEM;
  for (k = 0; k + 1 < l->n; k++)
    if (l->t[k].peak) r[m++] = l->t[k].v - l->t[k + 1].v;
  {
    double med = hinge__median_valid(r, m);
    if (frac * med > h) *out = frac * med;
  }
  hinge__free(a, r, nr * sizeof *r);
  return HINGE_OK;
}

/* ------------------------------------------------------------ events */

static int push_rise(hinge__rise_list *l, const hinge__rise *r, const hinge_allocator *a) {
  if (HINGE__GROW(a, l->r, l->cap, l->n + 1)) return HINGE_ENOMEM;
  l->r[l->n++] = *r;
  return HINGE_OK;
}

/* The rise from the bottom t[j] to the top t[j + 1]: its events.
 * floor_i: the previous rise's lockout (0 for the first); *stopped: the
 * motion stopped near the top (else the rise is cut off by the end).
 * When t[j] is the last turning point, the rise to the last valid sample
 * (a rise too small for a turning point: a pull cut off by the end). */
static void rise_events(const hinge__seg_ctx *c, const turn_list *tl, size_t j, size_t floor_i,
                        hinge__rise *r, int *stopped) {
  const double *s = c->s;
  size_t n = c->n, down = HINGE__NONE, next_down = HINGE__NONE, up, limit, departure, from;
  size_t top_i = n - 1;
  const turn *t = tl->t;
  double fs = c->fs, top_v;
  onset_gate g;
  memset(r, 0, sizeof *r);
  while (top_i > t[j].i && isnan(s[top_i])) top_i--;
  top_v = j + 1 < tl->n ? t[j + 1].v : s[top_i];
  if (j > 0) down = crossing(s, n, t[j - 1].i, t[j - 1].v + HI_FRAC * (t[j].v - t[j - 1].v), 1);
  up = crossing(s, n, t[j].i, top_v + LO_FRAC * (t[j].v - top_v), 0);
  if (up >= n) up = top_i; /* the last valid sample, s[top_i] above the level */
  if (j + 2 < tl->n)
    next_down = crossing(s, n, t[j + 1].i, t[j + 1].v + HI_FRAC * (t[j + 2].v - t[j + 1].v), 1);
  limit = next_down == HINGE__NONE ? n - 1 : next_down;
  from = down == HINGE__NONE ? 0 : down;
  r->bottom = t[j].i;
  r->speed_deg_s = peak_speed(s, n, r->bottom, limit, fs);
  gate_init(&g, s, n, fs, onset_speed(c, r->speed_deg_s));
  g.floor = SETTLE_FLOOR * c->cfg->onset_velocity_deg_s;
  r->rise_from = r->liftoff = find_liftoff(&g, r->bottom, up, &departure);
  r->lockout = find_lockout(&g, r->bottom, up, limit, stopped);
  if (c->spine) {
    int unsure;
    double level = s[r->bottom] - SURGE_FRAC * (s[r->bottom] - s[r->lockout]);
    size_t i = surge_onset(&g, r->bottom, floor_i > from ? floor_i : from, level, &unsure);
    if (i < r->bottom) departure = r->liftoff = i; /* it flexed into the bottom: a surge */
    r->unsure = unsure;
  }
  r->start = down == HINGE__NONE ? 0 : descent_onset(&g, down, floor_i);
  r->dwell_s = (double)(departure - bottom_arrival(&g, from, departure)) / fs;
  /* The surge's onset not found: with a setup pause at the bottom the
   * bottom is the setup (no surge to miss); without one the descent ran
   * straight into the peak and liftoff, and so the rounding measured
   * from it, is uncertain (metrics.c: not assessed). */
  r->unsure = r->unsure && r->dwell_s < UNSURE_DWELL_S;
  r->end = next_down == HINGE__NONE ? n - 1 : descent_onset(&g, next_down, r->lockout);
  r->range = s[r->bottom] - s[r->lockout];
  r->bump_s = down == HINGE__NONE ? NAN : (double)(up - down) / fs;
}

/* The lowest two tops of tl (the standing references of the lean-back
 * test: each rise is judged against the lowest top but its own). */
typedef struct top_refs {
  double v1, v2;
  size_t i1;
} top_refs;

static top_refs lowest_tops(const turn_list *tl) {
  top_refs r = {NAN, NAN, HINGE__NONE};
  size_t k;
  for (k = 0; k < tl->n; k++) {
    double v = tl->t[k].v;
    if (tl->t[k].peak) continue;
    if (isnan(r.v1) || v < r.v1) {
      r.v2 = r.v1;
      r.v1 = v;
      r.i1 = tl->t[k].i;
    } else if (isnan(r.v2) || v < r.v2) {
      r.v2 = v;
    }
  }
  return r;
}

static int add_reject(hinge__segmentation *seg, const hinge__reject *rj, const hinge_allocator *a,
                      size_t *cap) {
  if (HINGE__GROW(a, seg->rejects, *cap, seg->nrejects + 1)) return HINGE_ENOMEM;
  seg->rejects[seg->nrejects++] = *rj;
  return HINGE_OK;
}

/* A pull cut off by the end: rise r (events placed) rejected in *rj as
 * the last rise; the rise before it, if any, is judged as its set's last
 * unless a setup pause came before the cut pull (then the set goes on:
 * the rise before it is between reps, ends->cut_after). */
static void cut_at_end(const hinge__rise *r, const hinge__rise_list *l, hinge__seg_ends *ends) {
  ends->cut_after = r->dwell_s;
  ends->standing = l->n > 0;
}

/* A whole recording whose first turning point is a top, reached by a
 * rise too small for a turning point from the first valid sample: a pull
 * cut off by the start when it is still extending there
 * (hinge__rise_cut_start); rejected, and ends->cut_before set. */
static int cut_at_start(const hinge__seg_ctx *c, const turn_list *tl, hinge__segmentation *seg,
                        size_t *reject_cap, hinge__seg_ends *ends) {
  turn t[3];
  turn_list three;
  hinge__rise r;
  hinge__reject rj;
  size_t i0 = 0;
  int stopped;
  while (i0 < tl->t[0].i && isnan(c->s[i0])) i0++;
  if (c->s[i0] - tl->t[0].v < c->min_range) return HINGE_OK; /* NaN: never */
  t[0].i = i0;
  t[0].v = c->s[i0];
  t[0].peak = 1;
  t[1] = tl->t[0];
  if (tl->n > 1) t[2] = tl->t[1]; /* the next descent bounds the rise's speed */
  three.t = t;
  three.n = three.cap = tl->n > 1 ? 3 : 2;
  rise_events(c, &three, 0, 0, &r, &stopped);
  if (!hinge__rise_cut_start(&r, c, &rj)) return HINGE_OK;
  ends->cut_before = 1;
  return add_reject(seg, &rj, c->a, reject_cap);
}

/* Every rise of tl with its events, the implausible ones rejected (in
 * seg->rejects) and left out: the rep before a rejected rise stands on
 * through it (its end is the rejected rise's end).  ends->standing: the
 * recording ends standing after the last rep (its top, or a rejected
 * glitch after it, is the last turning point; not a rise cut off); a
 * pull cut off by either end, ends->cut_before and ->cut_after.  In a
 * whole recording (c->whole), a rise after the last bottom of
 * c->min_range at least but under the relative gate is a pull cut off by
 * the end. */
static int rises_of(const hinge__seg_ctx *c, const turn_list *tl, hinge__rise_list *l,
                    hinge__segmentation *seg, size_t *reject_cap, hinge__seg_ends *ends) {
  top_refs tops = lowest_tops(tl);
  size_t j, floor_i = 0;
  int rc = HINGE_OK;
  ends->standing = ends->cut_before = 0;
  ends->cut_after = NAN;
  if (c->whole && tl->n > 0 && !tl->t[0].peak) rc = cut_at_start(c, tl, seg, reject_cap, ends);
  for (j = 0; j + 1 < tl->n && rc == HINGE_OK; j++) {
    hinge__rise r;
    hinge__reject rj;
    double ref;
    int stopped, far, last = j + 2 == tl->n;
    if (!tl->t[j].peak) continue;
    rise_events(c, tl, j, floor_i, &r, &stopped);
    floor_i = r.lockout;
    ref = tl->t[j + 1].i == tops.i1 ? tops.v2 : tops.v1;
    /* a top in the last 0.2 s still far below standing (END_FAR of the
     * rise short of the other tops) is a pull cut off by the end: the
     * "stop" of the noise, or the flat end of the zero-phase filter's
     * padding, is not a lockout (hinge__rise_cut) */
    far = (double)(c->n - 1 - r.lockout) < END_STOP_S * c->fs && !isnan(ref) &&
          c->s[r.bottom] > ref && c->s[r.lockout] - ref > END_FAR * (c->s[r.bottom] - ref);
    if (far) stopped = 0;
    if (hinge__rise_check(&r, c, ref, &rj) ||
        (last && !stopped && hinge__rise_cut(&r, c, far ? c->s[r.lockout] - ref : NAN, &rj)) ||
        (l->n == 0 && hinge__rise_cut_start(&r, c, &rj))) {
      rc = add_reject(seg, &rj, c->a, reject_cap);
      if (rj.why == HINGE__REJECT_CUT) cut_at_end(&r, l, ends);
      else if (l->n > 0) l->r[l->n - 1].end = r.end; /* standing goes on through a glitch */
      if (rj.why == HINGE__REJECT_CUT_START) ends->cut_before = 1;
      continue;
    }
    if (j == 0) seg->starts_down = l->n == 0;
    rc = push_rise(l, &r, c->a);
    ends->standing = 1;
  }
  /* the recording ends standing when its last turning point is a top */
  if (tl->n == 0 || tl->t[tl->n - 1].peak) ends->standing = 0;
  if (rc == HINGE_OK && c->whole && tl->n > 0 && tl->t[tl->n - 1].peak) {
    /* a rise after the last bottom, too small for a turning point: a
     * pull the end cut off (it can only be short of standing) */
    hinge__rise r;
    hinge__reject rj;
    int stopped;
    j = tl->n - 1;
    rise_events(c, tl, j, floor_i, &r, &stopped);
    if (c->s[r.bottom] - c->s[r.lockout] >= c->min_range &&
        hinge__rise_cut(&r, c, isnan(tops.v1) ? NAN : c->s[r.lockout] - tops.v1, &rj)) {
      rc = add_reject(seg, &rj, c->a, reject_cap);
      cut_at_end(&r, l, ends);
    }
  }
  return rc;
}

/* Standing and bottom levels: the medians over the reps. */
static int levels(const hinge__seg_ctx *c, const hinge__rise_list *l, hinge__segmentation *seg) {
  double *v;
  size_t k;
  if (l->n == 0) return HINGE_OK;
  v = hinge__malloc(c->a, l->n * sizeof *v);
  if (v == NULL) return HINGE_ENOMEM;
  for (k = 0; k < l->n; k++) v[k] = c->s[l->r[k].lockout];
  seg->top = hinge__median_valid(v, l->n);
  for (k = 0; k < l->n; k++) v[k] = c->s[l->r[k].bottom];
  seg->bottom = hinge__median_valid(v, l->n);
  hinge__free(c->a, v, l->n * sizeof *v);
  return HINGE_OK;
}

void hinge__segmentation_free(hinge__segmentation *seg, const hinge_allocator *a) {
  if (seg == NULL) return;
  hinge__free(a, seg->rises, seg->count * sizeof *seg->rises);
  hinge__free(a, seg->rejects, seg->nrejects * sizeof *seg->rejects);
  hinge__free(a, seg->set_ends, seg->nset_ends * sizeof *seg->set_ends);
  seg->rises = NULL;
  seg->rejects = NULL;
  seg->set_ends = NULL;
  seg->count = seg->nrejects = seg->nset_ends = 0;
}

/* Shrink-wrap the list into seg (the capacity is released). */
static int finish(hinge__rise_list *l, hinge__segmentation *seg, const hinge_allocator *a) {
  seg->count = l->n;
  seg->rises = NULL;
  if (l->n > 0) {
    seg->rises = hinge__malloc(a, l->n * sizeof *seg->rises);
    if (seg->rises == NULL) {
      seg->count = 0;
      return HINGE_ENOMEM;
    }
    memcpy(seg->rises, l->r, l->n * sizeof *l->r);
  }
  return HINGE_OK;
}

/* Shrink seg->rejects to its count (so that free knows the size). */
static int fit_rejects(hinge__segmentation *seg, size_t cap, const hinge_allocator *a) {
  hinge__reject *r;
  if (cap == seg->nrejects) return HINGE_OK;
  if (seg->nrejects == 0) {
    hinge__free(a, seg->rejects, cap * sizeof *seg->rejects);
    seg->rejects = NULL;
    return HINGE_OK;
  }
  r = hinge__realloc(a, seg->rejects, cap * sizeof *r, seg->nrejects * sizeof *r);
  if (r == NULL) return HINGE_ENOMEM;
  seg->rejects = r;
  return HINGE_OK;
}

/* Why there is no rep, in the terms of hinge__no_rep. */
static void why_no_rep(const turn_list *tl, double moved, hinge__segmentation *seg) {
  size_t k;
  if (seg->count > 0) return;
  if (isnan(moved)) {
    seg->no_rep = HINGE__NOREP_NO_DATA;
    return;
  }
  seg->moved = moved;
  if (tl->n == 0) {
    seg->no_rep = HINGE__NOREP_STILL;
    return;
  }
  seg->no_rep = seg->nrejects > 0 ? HINGE__NOREP_REJECTED : HINGE__NOREP_DOWN_ONLY;
  {
    double lo = tl->t[0].v, hi = lo;
    for (k = 1; k < tl->n; k++) {
      lo = tl->t[k].v < lo ? tl->t[k].v : lo;
      hi = tl->t[k].v > hi ? tl->t[k].v : hi;
    }
    seg->moved = hi - lo;
  }
}

/* Turning points of s: pass 1 at min_range, pass 2 at the relative gate. */
static int find_turns(const hinge__seg_ctx *c, double min_range, turn_list *tl,
                      hinge__segmentation *seg, double *moved) {
  turn_list t1 = {NULL, 0, 0};
  int rc = turns_of_samples(c->s, c->n, min_range, c->a, &t1, moved);
  if (rc == HINGE_OK) rc = relative_gate(&t1, min_range, c->cfg->min_range_frac, c->a, &seg->gate);
  if (rc == HINGE_OK && seg->gate > min_range) {
    rc = turns_of_turns(&t1, seg->gate, c->a, tl);
    seg->gated = rise_count(&t1) - rise_count(tl);
    hinge__free(c->a, t1.t, t1.cap * sizeof *t1.t);
  } else {
    *tl = t1;
  }
  return rc;
}

/* The sd of the onset speed (the slope across +-VEL_HALF_S) that white
 * noise of sd sigma leaves after the analysis' zero-phase low-pass: sigma
 * x the root sum of squares of that slope taken of the filter's impulse
 * response (hinge_lowpass of a unit sample).  0 when sigma is unknown. */
static int speed_noise(double sigma, double fs, const hinge_analyze_config *cfg,
                       const hinge_allocator *a, double *out) {
  hinge_lowpass_opts o;
  size_t w = (size_t)(VEL_HALF_S * fs + 0.5), half, len, k;
  double *h, sum = 0;
  *out = 0;
  if (!(sigma > 0) || !(fs > 0)) return HINGE_OK;
  hinge_lowpass_opts_init(&o);
  o.fs = fs;
  o.cutoff_hz = cfg->lowpass_hz;
  o.order = (int)cfg->lowpass_order;
  if (hinge_lowpass_opts_check(&o, NULL) != HINGE_OK) return HINGE_OK;
  if (w < 1) w = 1;
  half = (size_t)(8 * fs / o.cutoff_hz) + 2 * w + 16; /* the response has died out */
  len = 2 * half + 1;
  h = hinge__calloc(a, len, sizeof *h);
  if (h == NULL) return HINGE_ENOMEM;
  h[half] = 1;
  if (hinge_lowpass(h, h, len, &o, NULL, a, NULL) != HINGE_OK) {
    hinge__free(a, h, len * sizeof *h);
    return HINGE_ENOMEM; /* the options were checked: only memory can fail */
  }
  for (k = w; k + w < len; k++) {
    double v = (h[k + w] - h[k - w]) * fs / (double)(2 * w);
    sum += v * v;
  }
  hinge__free(a, h, len * sizeof *h);
  *out = sigma * sqrt(sum);
  return HINGE_OK;
}

int hinge__segment(const double *s, size_t n, double fs, double min_range,
                   const hinge_analyze_config *cfg, const hinge_allocator *a,
                   hinge__segmentation *seg, hinge_error *err) {
  hinge__seg_channel ch;
  ch.s = s;
  ch.n = n;
  ch.fs = fs;
  ch.min_range = min_range;
  ch.spine = 0;
  ch.set = NULL;
  ch.whole = 0;
  ch.noise_deg = 0;
  return hinge__segment_on(&ch, cfg, a, seg, err);
}

int hinge__segment_on(const hinge__seg_channel *ch, const hinge_analyze_config *cfg,
                      const hinge_allocator *a, hinge__segmentation *seg, hinge_error *err) {
  hinge__rise_list l = {NULL, 0, 0};
  turn_list tl = {NULL, 0, 0};
  hinge__seg_ctx c;
  size_t reject_cap = 0;
  double moved = NAN, min_range = ch->min_range;
  hinge__seg_ends ends = {0, 0, NAN};
  int rc;
  c.s = ch->s;
  c.n = ch->n;
  c.fs = ch->fs;
  c.cfg = cfg;
  c.a = a;
  c.err = err;
  c.spine = ch->spine;
  c.set = ch->set;
  c.ends = NULL;
  c.min_range = min_range;
  c.whole = ch->whole;
  memset(seg, 0, sizeof *seg);
  seg->top = seg->bottom = seg->moved = NAN;
  seg->gate = min_range;
  rc = speed_noise(ch->noise_deg, ch->fs, cfg, a, &c.noise_speed);
  if (rc != HINGE_OK) return hinge__fail(err, rc, NULL, 0, 0, "segmentation: out of memory");
  seg->noise_speed = c.noise_speed;
  rc = find_turns(&c, min_range, &tl, seg, &moved);
  if (rc == HINGE_OK) rc = rises_of(&c, &tl, &l, seg, &reject_cap, &ends);
  if (rc == HINGE_OK) rc = fit_rejects(seg, reject_cap, a);
  if (rc != HINGE_OK) { /* the rejects still hold their capacity */
    hinge__free(a, seg->rejects, reject_cap * sizeof *seg->rejects);
    seg->rejects = NULL;
    seg->nrejects = 0;
  }
  if (rc == HINGE_OK) {
    rc = hinge__rises_set_end(&l, &c, &ends, seg);
    if (rc == HINGE_OK) rc = levels(&c, &l, seg);
    if (rc == HINGE_OK) rc = finish(&l, seg, a);
    why_no_rep(&tl, moved, seg);
  }
  hinge__free(a, l.r, l.cap * sizeof *l.r);
  hinge__free(a, tl.t, tl.cap * sizeof *tl.t);
  if (rc != HINGE_OK) {
    hinge__segmentation_free(seg, a);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "segmentation: out of memory");
  }
  return HINGE_OK;
}
