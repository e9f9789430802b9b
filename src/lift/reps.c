/*
 * reps.c -- rep segmentation on one conditioned channel (hip flexion,
 * else trunk inclination, else thoracic + lumbar).
 *
 * 1. Levels: standing = a low percentile of the channel; bottom = the
 *    median height of the peaks (find_peaks, prominence >= the range gate).
 * 2. Rises: a hysteresis walk between 50 % and 25 % of the way from
 *    standing to the bottom.  Each fall below the low level after being
 *    above the high one is a rise (a pull).  Pauses of any length at the
 *    top or bottom, touch-and-go reps and small wiggles (hitches, re-grips)
 *    do not cross both levels, so they neither split nor merge reps.
 * 3. Events, from the channel's velocity: liftoff is the last moment near
 *    the bottom before the rise where extension is slower than the onset
 *    speed; lockout the first moment after it where the speed falls under
 *    the onset speed; start the onset of the descent before the rise; end
 *    the onset of the next descent.
 * 4. Gates: a rise whose excursion is under the absolute gate or under a
 *    fraction of the median excursion is a partial rep.  The last rise of
 *    a recording that ends standing, after a lowering, is the lifter
 *    standing up without the bar (unless count_final_rise).
 * docs/algorithms.md has the reasons for each level.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"

#define HI_FRAC 0.5   /* hysteresis: into the bottom above 50 % of the range */
#define LO_FRAC 0.25  /* back to standing below 25 % */
#define NEAR_BOTTOM 0.25 /* liftoff lies within 25 % of the rise below its bottom */
#define TOP_PERCENTILE 0.05
#define PERCENTILE_SAMPLES 100000
#define PEAK_WINDOW_S 30.0 /* half-window of the prominence search, s */
#define VEL_HALF_S 0.1    /* half-width of the slope used for onsets, s */
#define NEAR_TOP 0.1     /* lockout lies within 10 % of the rise above standing */

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

/* The standing level: a low percentile of the valid samples, taken on at
 * most PERCENTILE_SAMPLES evenly spaced samples (the level only places the
 * hysteresis, so an estimate is enough and long sessions stay cheap). */
static int standing_level(const double *s, size_t n, const hinge_allocator *a, double *out,
                          hinge_error *err) {
  size_t stride = n / PERCENTILE_SAMPLES + 1, i, k = 0;
  double *tmp = hinge__malloc(a, (n / stride + 1) * sizeof *tmp);
  if (tmp == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "segmentation: out of memory");
  for (i = 0; i < n; i += stride)
    if (!isnan(s[i])) tmp[k++] = s[i];
  *out = k ? hinge__select(tmp, k, (size_t)(TOP_PERCENTILE * (double)(k - 1))) : NAN;
  hinge__free(a, tmp, (n / stride + 1) * sizeof *tmp);
  return HINGE_OK;
}

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

/* Peak heights: m of them (HINGE__NONE when a sample was NaN) in h, which
 * has room for cap. */
typedef struct height_list {
  double *h;
  size_t cap, m;
} height_list;

/* The heights of the tall peaks of ps into the growing list hl. */
static int tall_heights(const hinge__peak_scan *ps, height_list *hl, const hinge_allocator *a,
                        hinge_error *err) {
  hl->m = hinge__tall_peaks(ps, hl->h, hl->cap);
  if (hl->m != HINGE__NONE && hl->m > hl->cap) { /* rare: more peaks than room, once more */
    double *g = hinge__realloc(a, hl->h, hl->cap * sizeof *g, hl->m * sizeof *g);
    if (g == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "segmentation: out of memory");
    hl->h = g;
    hl->cap = hl->m;
    hl->m = hinge__tall_peaks(ps, hl->h, hl->cap);
  }
  return HINGE_OK;
}

/* The segmentation channel s of n samples at fs. */
typedef struct seg_signal {
  const double *s;
  size_t n;
  double fs;
} seg_signal;

/* The valid samples of sig taken every stride, together, into a new
 * array of k (the count in *kv); NULL when out of memory. */
static double *valid_samples(const seg_signal *sig, size_t stride, size_t k,
                             const hinge_allocator *a, size_t *kv) {
  double *tmp = hinge__malloc(a, k * sizeof *tmp);
  size_t i;
  *kv = 0;
  for (i = 0; tmp != NULL && i < sig->n; i += stride)
    if (!isnan(sig->s[i])) tmp[(*kv)++] = sig->s[i];
  return tmp;
}

/* The bottom level: the median height of the peaks (find_peaks with the
 * range gate as minimal height above standing and as prominence).  The
 * search runs on the valid samples taken at about 20 Hz: enough for a
 * level (the channel is low-passed at a few Hz), cheaper on long
 * sessions, and missing samples simply join their neighbours (find_peaks
 * refuses NaN).  hinge__tall_peaks selects exactly find_peaks' peaks but
 * stops each prominence walk as soon as the answer is known; it reads
 * the samples in place, and only when one of them is missing are the
 * valid ones copied together first.  NaN when there is no peak. */
static int bottom_level(const seg_signal *sig, double top, double min_range,
                        const hinge_allocator *a, double *out, hinge_error *err) {
  size_t n = sig->n, stride = sig->fs > 40 ? (size_t)(sig->fs / 20) : 1;
  size_t k = n ? (n - 1) / stride + 1 : 0, kv = 0;
  hinge__peak_scan ps;
  height_list hl;
  double *tmp = NULL;
  int rc;
  hl.cap = k / 16 + 64;
  hl.h = hinge__malloc(a, hl.cap * sizeof *hl.h);
  if (hl.h == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "segmentation: out of memory");
  ps.x = sig->s;
  ps.n = k;
  ps.stride = stride;
  ps.hmin = top + min_range;
  ps.pmin = min_range;
  /* Prominence within +-PEAK_WINDOW_S: a rep's bottom stands out from the
   * standing around it well within that, and the window bounds the
   * search on long sessions. */
  ps.wlen = 2 * PEAK_WINDOW_S * sig->fs / (double)stride + 1;
  rc = tall_heights(&ps, &hl, a, err);
  if (rc == HINGE_OK && hl.m == HINGE__NONE) {
    tmp = valid_samples(sig, stride, k, a, &kv);
    if (tmp == NULL) rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "segmentation: out of memory");
    ps.x = tmp;
    ps.n = kv;
    ps.stride = 1;
    if (rc == HINGE_OK) rc = tall_heights(&ps, &hl, a, err);
  }
  if (rc == HINGE_OK) *out = hinge__median_valid(hl.h, hl.m);
  hinge__free(a, tmp, k * sizeof *tmp);
  hinge__free(a, hl.h, hl.cap * sizeof *hl.h);
  return rc;
}

/* Growable array of rises. */
typedef struct rise_list {
  hinge__rise *r;
  size_t n, cap;
} rise_list;

static int push_rise(rise_list *l, size_t down, size_t up, const hinge_allocator *a,
                     hinge_error *err) {
  if (HINGE__GROW(a, l->r, l->cap, l->n + 1))
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "segmentation: out of memory");
  memset(&l->r[l->n], 0, sizeof l->r[l->n]);
  l->r[l->n].start = down; /* for now: the descent crossing (HINGE__NONE at the start) */
  l->r[l->n].lockout = up; /* for now: the crossing back to standing */
  l->n++;
  return HINGE_OK;
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

/* The hysteresis walk between seg's levels hi and lo.  Every crossing
 * back to standing closes a rise; *last_down is the last crossing into
 * the bottom when the recording ends down, else HINGE__NONE; sets
 * seg->starts_down.  Missing samples are skipped (a NaN crosses neither
 * level), so each state is one tight scan for its crossing. */
static int walk(const seg_signal *sig, hinge__segmentation *seg, rise_list *l, size_t *last_down,
                const hinge_allocator *a, hinge_error *err) {
  const double *s = sig->s;
  double hi = seg->hi, lo = seg->lo;
  size_t i = 0, down = HINGE__NONE, n = sig->n;
  int down_now;
  *last_down = HINGE__NONE;
  while (i < n && isnan(s[i])) i++;
  if (i == n) return HINGE_OK;
  down_now = seg->starts_down = s[i] >= hi; /* the first valid sample sets the state */
  for (i++;; i++) {
    if (!down_now) {
      if ((i = crossing(s, n, i, hi, 1)) == n) break;
      down = i;
    } else {
      int rc;
      if ((i = crossing(s, n, i, lo, 0)) == n) break;
      if ((rc = push_rise(l, down, i, a, err)) != HINGE_OK) return rc;
      down = HINGE__NONE;
    }
    down_now = !down_now;
  }
  if (down_now) *last_down = down;
  return HINGE_OK;
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

static size_t argmax_valid(const double *s, size_t i0, size_t i1) {
  return arg_extreme(s, i0, i1, +1);
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
} onset_gate;

/* From a threshold crossing at i, move (by step -1 or +1, within
 * [lo, hi]) while the speed keeps falling: the threshold finds the
 * motion robustly, this walk finds where it really began or ended, down
 * to the noise floor. */
static size_t settle(const onset_gate *g, size_t i, int step, size_t lo, size_t hi) {
  const double *s = g->s;
  size_t n = g->n;
  double fs = g->fs, v = fabs(seg_velocity(s, n, i, fs));
  while ((step < 0 ? i > lo : i < hi)) {
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
    i--;
  }
  *departure = bottom;
  return bottom;
}

/* Lockout: the first sample from `up` on, before `limit`, that is near
 * standing (within NEAR_TOP of the rise above the lowest point before the
 * next descent) and whose speed is under von, settled forward to where
 * the motion stopped; the lowest point when motion never stops. */
static size_t find_lockout(const onset_gate *g, size_t bottom, size_t up, size_t limit) {
  const double *s = g->s;
  size_t i, n = g->n, low = argmin_valid(s, up, limit);
  double fs = g->fs, von = g->von;
  double near = s[low] + NEAR_TOP * (s[bottom] - s[low]);
  for (i = up; i <= limit; i++)
    if (!isnan(s[i]) && s[i] <= near && fabs(seg_velocity(s, n, i, fs)) <= von)
      return settle(g, i, +1, up, limit);
  return low;
}

static double onset_speed(const hinge_analyze_config *cfg, double peak) {
  double v = cfg->onset_velocity_frac * peak;
  return v > cfg->onset_velocity_deg_s ? v : cfg->onset_velocity_deg_s;
}

/* Where the descent into the bottom stopped: the first sample from
 * `from` on whose flexion speed is under von (at most `liftoff`). */
static size_t bottom_arrival(const onset_gate *g, size_t from, size_t liftoff) {
  size_t i;
  for (i = from; i < liftoff; i++)
    if (slow(g, i)) return i;
  return liftoff;
}

/* Turn the crossings of every rise into events.  downs[k] is the rise's
 * descent crossing (HINGE__NONE when the recording starts down). */
static void place_events(const double *s, size_t n, double fs, const hinge_analyze_config *cfg,
                         rise_list *l, size_t last_down) {
  size_t k;
  for (k = 0; k < l->n; k++) {
    hinge__rise *r = &l->r[k];
    size_t down = r->start, up = r->lockout;
    size_t from = down == HINGE__NONE ? 0 : down;
    size_t next_down = k + 1 < l->n ? l->r[k + 1].start : last_down;
    size_t limit = next_down == HINGE__NONE ? n - 1 : next_down;
    size_t floor_i = k > 0 ? l->r[k - 1].lockout : 0;
    double von;
    size_t departure;
    onset_gate g;
    r->bottom = argmax_valid(s, from, up);
    von = onset_speed(cfg, peak_speed(s, n, r->bottom, limit, fs));
    gate_init(&g, s, n, fs, von);
    r->liftoff = find_liftoff(&g, r->bottom, up, &departure);
    r->lockout = find_lockout(&g, r->bottom, up, limit);
    r->start = down == HINGE__NONE ? 0 : descent_onset(&g, down, floor_i);
    r->dwell_s = (double)(departure - bottom_arrival(&g, from, departure)) / fs;
    r->end = next_down == HINGE__NONE ? n - 1 : descent_onset(&g, next_down, r->lockout);
    r->range = s[r->bottom] - s[r->lockout];
  }
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

/* Keep the rises whose range passes both gates; returns how many went. */
static size_t gate(rise_list *l, double min_range, double frac, const hinge_allocator *a) {
  double *r, med, need;
  size_t k, kept = 0;
  if (l->n == 0) return 0;
  r = hinge__malloc(a, l->n * sizeof *r);
  if (r == NULL) return 0; /* without memory the relative gate is skipped */
  for (k = 0; k < l->n; k++) r[k] = l->r[k].range;
  qsort(r, l->n, sizeof *r, cmp_double);
  med = l->n % 2 ? r[l->n / 2] : 0.5 * (r[l->n / 2 - 1] + r[l->n / 2]);
  hinge__free(a, r, l->n * sizeof *r);
  need = frac * med > min_range ? frac * med : min_range;
  for (k = 0; k < l->n; k++) {
    if (l->r[k].range < need) continue;
    if (kept > 0 && l->r[kept - 1].end < l->r[k].start) l->r[kept - 1].end = l->r[k].start;
    l->r[kept++] = l->r[k];
  }
  k = l->n - kept;
  l->n = kept;
  return k;
}

/* Rises between reps that are the lifter standing up without the bar:
 * a rise straight out of a lowering (no setup pause) right before a rep
 * that starts with a setup pause -- the lifter put the bar down, stood
 * up, stood (min_stand_s at least), and set up again.  Touch-and-go reps
 * are turnarounds too, but they are followed by a short lockout and more
 * turnarounds, not by standing and a paused setup.  The first rise is
 * always a rep.  Returns how many were dropped. */
static size_t drop_stand_ups(rise_list *l, double min_dwell, double min_stand_s, double fs) {
  size_t k, kept, dropped = 0;
  if (l->n < 3) return 0;
  for (k = l->n - 1; k-- > 1;) {
    double stand = (double)(l->r[k].end - l->r[k].lockout) / fs;
    if (l->r[k].dwell_s < min_dwell && l->r[k + 1].dwell_s >= min_dwell && stand >= min_stand_s) {
      l->r[k].range = -1; /* mark */
      dropped++;
    }
  }
  for (k = 0, kept = 0; k < l->n; k++) {
    if (l->r[k].range < 0) {
      l->r[kept - 1].end = l->r[k].start; /* the rep ends where the lowering began */
      continue;
    }
    l->r[kept++] = l->r[k];
  }
  l->n = kept;
  return dropped;
}

void hinge__segmentation_free(hinge__segmentation *seg, const hinge_allocator *a) {
  if (seg == NULL) return;
  hinge__free(a, seg->rises, seg->count * sizeof *seg->rises);
  seg->rises = NULL;
  seg->count = 0;
}

/* Shrink-wrap the list into seg (the capacity is released). */
static int finish(rise_list *l, hinge__segmentation *seg, const hinge_allocator *a,
                  hinge_error *err) {
  seg->count = l->n;
  seg->rises = NULL;
  if (l->n > 0) {
    seg->rises = hinge__malloc(a, l->n * sizeof *seg->rises);
    if (seg->rises == NULL) {
      seg->count = 0;
      hinge__free(a, l->r, l->cap * sizeof *l->r);
      return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "segmentation: out of memory");
    }
    memcpy(seg->rises, l->r, l->n * sizeof *l->r);
  }
  hinge__free(a, l->r, l->cap * sizeof *l->r);
  return HINGE_OK;
}

int hinge__segment(const double *s, size_t n, double fs, double min_range,
                   const hinge_analyze_config *cfg, const hinge_allocator *a,
                   hinge__segmentation *seg, hinge_error *err) {
  rise_list l = {NULL, 0, 0};
  seg_signal sig;
  size_t last_down = HINGE__NONE;
  int rc;
  sig.s = s;
  sig.n = n;
  sig.fs = fs;
  memset(seg, 0, sizeof *seg);
  seg->dropped_final = HINGE__NONE;
  seg->hi = seg->lo = seg->bottom = NAN;
  if ((rc = standing_level(s, n, a, &seg->top, err)) != HINGE_OK) return rc;
  if (isnan(seg->top)) return HINGE_OK;
  if ((rc = bottom_level(&sig, seg->top, min_range, a, &seg->bottom, err)) != HINGE_OK) return rc;
  if (isnan(seg->bottom)) return HINGE_OK;
  seg->hi = seg->top + HI_FRAC * (seg->bottom - seg->top);
  seg->lo = seg->top + LO_FRAC * (seg->bottom - seg->top);
  rc = walk(&sig, seg, &l, &last_down, a, err);
  if (rc != HINGE_OK) {
    hinge__free(a, l.r, l.cap * sizeof *l.r);
    return rc;
  }
  place_events(s, n, fs, cfg, &l, last_down);
  seg->gated = gate(&l, min_range, cfg->min_range_frac, a);
  /* A recording that ends standing after two or more rises: the last one
   * follows the final lowering and is the lifter standing up. */
  if (cfg->count_final_rise == 0 && l.n >= 2 && last_down == HINGE__NONE) {
    l.n--;
    seg->dropped_final = l.r[l.n].liftoff;
    l.r[l.n - 1].end = l.r[l.n].start;
  }
  seg->stand_ups = drop_stand_ups(&l, cfg->min_dwell_s, cfg->min_standing_s, fs);
  return finish(&l, seg, a, err);
}
