/*
 * analyze_condition.c -- conditioning before the analysis, on the cleaning
 * and filtering calls of clean.h and filter.h:
 *
 *   1. resample to a uniform rate when the time steps are irregular,
 *      never across a time gap longer than fill_max_gap_s: the grid
 *      points inside one are missing samples, and a gap that would make
 *      the trace longer than HINGE__GRID_FACTOR samples per input sample
 *      + HINGE__GRID_EXTRA is refused before anything is allocated;
 *   2. despike (Hampel), which ignores missing samples;
 *   3. fill gaps up to fill_max_gap_s (linear);
 *   4. zero-phase Butterworth low-pass, run by run.
 *
 * Despiking comes before gap filling: a spike next to a gap would
 * otherwise become an end point of the fill and spread into it.
 * Each step is described in `processing`.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "analyze_internal.h"
#include "hinge/clean.h"
#include "dsp/filter_internal.h"
#include "dsp/resample_internal.h"

#if defined(__SSE2__) && !defined(HINGE_NO_VECTOR)
#include <emmintrin.h>
#define SPAN_SSE2 1
#endif

static const char *const names[HINGE__CH_COUNT] = {"hip", "thoracic", "lumbar", "trunk"};

static const double *input_channel(const hinge_analyze_input *in, int ch) {
  switch (ch) {
  case HINGE__CH_HIP: return in->hip;
  case HINGE__CH_THORACIC: return in->thoracic;
  case HINGE__CH_LUMBAR: return in->lumbar;
  default: return in->trunk;
  }
}

void hinge__trace_free(hinge__trace *tr, const hinge_allocator *a) {
  int ch;
  if (tr == NULL) return;
  if (tr->seg_owned) hinge__free(a, tr->seg, tr->n * sizeof *tr->seg);
  if (!tr->borrowed) {
    for (ch = 0; ch < HINGE__CH_COUNT; ch++) hinge__free(a, tr->ch[ch], tr->n * sizeof(double));
    hinge__free(a, tr->set, tr->n * sizeof(double));
  }
  memset(tr, 0, sizeof *tr);
}

/* The sample rate from the median time step (a copy of the steps). */
static int median_rate(const double *t, size_t n, const hinge_allocator *a, double *fs,
                       hinge_error *err) {
  double *d, step;
  size_t i;
  if (n < 2)
    return hinge__fail(err, HINGE_ETOOSHORT, NULL, 0, 0,
                       "analysis: one sample gives no sample rate");
  d = hinge__malloc(a, (n - 1) * sizeof *d);
  if (d == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  for (i = 0; i + 1 < n; i++) d[i] = t[i + 1] - t[i];
  step = hinge__median_valid(d, n - 1);
  hinge__free(a, d, (n - 1) * sizeof *d);
  if (!(step > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "analysis: the median time step is %g s (time must increase)", step);
  *fs = 1 / step;
  return HINGE_OK;
}

/* Check the time column (finite, strictly increasing) and tell whether a
 * step strays from 1/fs by more than tol of it.  The first loop only
 * gathers flags (no early exit, so it runs at memory speed); the exact
 * sample is looked for only when something is wrong. */
static int check_time(const double *t, size_t n, double fs, double tol, int *irregular,
                      hinge_error *err) {
  size_t i;
  int bad = n > 0 && !isfinite(t[0]), off = 0;
  for (i = 1; i < n; i++) {
    double step = t[i] - t[i - 1];
    bad |= !(step > 0) | !isfinite(t[i]);
    off |= fabs(step * fs - 1) > tol;
  }
  *irregular = off;
  for (i = 0; bad && i < n; i++) {
    if (!isfinite(t[i]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: time of sample %zu is "
                         "missing or not finite", i + 1);
    if (i > 0 && !(t[i] > t[i - 1]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: time does not increase at "
                         "sample %zu (%g s after %g s)", i + 1, t[i], t[i - 1]);
  }
  return HINGE_OK;
}

/* The set column on the grid: the value of the latest sample at or
 * before each grid time. */
static void resample_step(const double *t, const double *x, size_t n, double fs, double *y,
                          size_t m) {
  size_t k, i = 0;
  for (k = 0; k < m; k++) {
    double tk = t[0] + (double)k / fs;
    while (i + 1 < n && t[i + 1] <= tk) i++;
    y[k] = x[i];
  }
}

/* Whether the channels present, the set and the time column are
 * distinct arrays: a column mapped to two roles must not be conditioned
 * twice in place (nor the set or time read after conditioning). */
static int distinct_arrays(const hinge_analyze_input *in) {
  const double *p[HINGE__CH_COUNT + 2];
  int i, k;
  for (i = 0; i < HINGE__CH_COUNT; i++) p[i] = input_channel(in, i);
  p[HINGE__CH_COUNT] = in->set;
  p[HINGE__CH_COUNT + 1] = in->time_s;
  for (i = 0; i < HINGE__CH_COUNT + 2; i++)
    for (k = i + 1; k < HINGE__CH_COUNT + 2; k++)
      if (p[i] != NULL && p[i] == p[k]) return 0;
  return 1;
}

/* Borrow the caller's writable arrays as the trace's channels and set
 * column (hinge_analyze_inplace): the conditioning then needs no copy. */
static void borrow_channels(const hinge__writable *w, hinge__trace *tr) {
  int ch;
  for (ch = 0; ch < HINGE__CH_COUNT; ch++) tr->ch[ch] = w->ch[ch];
  tr->set = w->set;
  tr->borrowed = 1;
}

/* Allocate the channel arrays (and the set copy) of tr->n samples and
 * fill them from the input, resampled or copied. */
static int load_channels(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                         int resample, const hinge_allocator *a, hinge__trace *tr,
                         hinge_error *err) {
  int ch;
  for (ch = 0; ch < HINGE__CH_COUNT + 1; ch++) {
    const double *x = ch < HINGE__CH_COUNT ? input_channel(in, ch) : in->set;
    double *y;
    if (x == NULL) continue;
    y = hinge__malloc(a, tr->n * sizeof *y);
    if (y == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
    if (ch < HINGE__CH_COUNT) tr->ch[ch] = y;
    else tr->set = y;
    if (!resample) {
      memcpy(y, x, tr->n * sizeof *y);
    } else if (ch == HINGE__CH_COUNT) {
      resample_step(in->time_s, x, in->n, tr->fs, y, tr->n);
    } else {
      hinge__resample_pieces(in->time_s, x, in->n, tr->fs, cfg->fill_max_gap_s, y, tr->n);
    }
  }
  return HINGE_OK;
}

/* The time base: sample rate and regularity (tr->n is the input's
 * length until grid_length says otherwise). */
static int time_base(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                     const hinge_allocator *a, hinge__trace *tr, int *resample,
                     hinge_error *err) {
  int rc;
  tr->fs = in->fs;
  tr->n = in->n;
  *resample = 0;
  if (in->time_s == NULL) {
    if (!(in->fs > 0) || !isfinite(in->fs))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "analysis: no time column and no sample rate");
    return HINGE_OK;
  }
  tr->t0 = in->time_s[0];
  if (!(tr->fs > 0) && (rc = median_rate(in->time_s, in->n, a, &tr->fs, err)) != HINGE_OK)
    return rc;
  return check_time(in->time_s, in->n, tr->fs, cfg->irregular_tolerance, resample, err);
}

/* Warn about the time gaps resampling left missing: the analysis goes
 * on around them, but whoever reads it should know a stretch is absent
 * (a rep in it is not seen). */
static int warn_time_gaps(const double *t, size_t n, double max_gap_s, const hinge_allocator *a,
                          hinge__strlist *warnings) {
  size_t i, count = 0, worst = 0;
  for (i = 0; i + 1 < n; i++) {
    if (!(t[i + 1] - t[i] > max_gap_s)) continue;
    if (count++ == 0 || t[i + 1] - t[i] > t[worst + 1] - t[worst]) worst = i;
  }
  if (count == 0) return HINGE_OK;
  return hinge__strlist_add(warnings, a, "%zu time gap%s longer than %g s left as missing "
                            "samples, not interpolated (the longest: %.10g s after %.10g s)",
                            count, count == 1 ? "" : "s", max_gap_s, t[worst + 1] - t[worst],
                            t[worst]);
}

/* The refusal of a grid longer than the limit, naming what makes it so
 * long: a time gap (kept as missing samples, one per grid step), or else
 * a rate far above the timestamps' own. */
static int grid_too_long(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                         double fs, double points, double limit, hinge_error *err) {
  const double *t = in->time_s;
  size_t i = hinge__longest_step(t, in->n);
  if (t[i + 1] - t[i] > cfg->fill_max_gap_s)
    return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0,
                       "analysis: the time jumps from %.10g s to %.10g s at sample %zu (a gap "
                       "of %.10g s): kept as missing samples at %g Hz it would make a trace of "
                       "%.0f samples, over the limit of %d per sample + %d (%.0f); correct "
                       "that time or split the recording there", t[i], t[i + 1], i + 2,
                       t[i + 1] - t[i], fs, points, HINGE__GRID_FACTOR, HINGE__GRID_EXTRA, limit);
  return hinge__fail(err, HINGE_ELIMIT, NULL, 0, 0,
                     "analysis: resampling %zu samples to %g Hz would make a trace of %.0f "
                     "samples, over the limit of %d per sample + %d (%.0f): the rate is far "
                     "above the timestamps' own", in->n, fs, points, HINGE__GRID_FACTOR,
                     HINGE__GRID_EXTRA, limit);
}

/* The length of the resampled trace, refused beyond HINGE__GRID_FACTOR
 * samples per input sample + HINGE__GRID_EXTRA before anything of that
 * length is allocated. */
static int grid_length(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                       hinge__trace *tr, hinge_error *err) {
  double points = hinge__grid_points(in->time_s, in->n, tr->fs);
  double limit = HINGE__GRID_FACTOR * (double)in->n + HINGE__GRID_EXTRA;
  if (points > limit) return grid_too_long(in, cfg, tr->fs, points, limit, err);
  return hinge_resample_count(in->time_s, in->n, tr->fs, &tr->n, err);
}

/* Whether Hampel could replace x[i].  Hampel replaces x[i] only when
 * |x[i] - m| > max(k S, min_dev) >= min_dev, m the median of the window.
 * The median is 1-Lipschitz in the largest difference: for the line
 * L_j = x[i] + j d (whose window median is x[i], as its values are
 * symmetric about it), |x[i] - m| <= max_j |x[i+j] - L_j|.  So when the
 * window stays within min_dev of a line through x[i] -- any smooth
 * movement at these rates -- x[i] is certainly kept.  Windows that are
 * truncated or hold a missing sample are left to the full test. */
static int suspect(const double *x, size_t n, size_t i, size_t h, double floor_dev) {
  const double *p = x + i;
  double d, jd = 0, xi = x[i];
  size_t j;
  if (i < h || i + h >= n || isnan(xi)) return !isnan(xi);
  d = (p[h] - p[-(ptrdiff_t)h]) / (double)(2 * h);
  for (j = 1; j <= h; j++) {
    jd += d;
    /* !(<=) so that a missing sample also marks the window */
    if (!(fabs(p[j] - xi - jd) <= floor_dev) || !(fabs(p[-(ptrdiff_t)j] - xi + jd) <= floor_dev))
      return 1;
  }
  return 0;
}

/* Whether no sample of x[b0 .. b0+len) can be suspect, tested for the
 * whole block at once: with y_k = x[k] - k d for one slope d, every
 * window of the block lies in [b0 - h, b0 + len + h), and for each of its
 * samples |x[i+j] - x[i] - j d| = |y_{i+j} - y_i| <= max y - min y over
 * that span.  A span within min_dev of a line clears the whole block, so
 * smooth stretches cost a few operations per sample.
 *
 * The loop has no branch and no long dependency chain (k d is a product,
 * not a running sum).  The rounding of y is below 1e-15 of the largest
 * magnitude involved, which the block's values bound by
 * |x[lo]| + |x[hi]| + min_dev; the test keeps a margin of 1e-9 of that,
 * so a block it clears is clear in exact arithmetic too. */
/* The range of y_k = (p[k] - p[0]) - k d over k = 0..m (y_0 = 0) into
 * *lo, *hi; returns nonzero when some y_k is NaN.  With SSE2, two k at
 * once (the same operations per element; min and max are exact). */
static int span_range(const double *p, size_t m, double d, double *lo, double *hi) {
  double lo_y = 0, hi_y = 0, x0 = p[0];
  int missing = 0;
  size_t k = 1;
#ifdef SPAN_SSE2
  {
    __m128d vx0 = _mm_set1_pd(x0), vd = _mm_set1_pd(d), vk = _mm_set_pd(2.0, 1.0);
    __m128d two = _mm_set1_pd(2.0), vlo = _mm_setzero_pd(), vhi = vlo, bad = vlo;
    double l[2], h[2];
    for (; k + 1 <= m; k += 2) {
      __m128d y = _mm_sub_pd(_mm_sub_pd(_mm_loadu_pd(p + k), vx0), _mm_mul_pd(vk, vd));
      vlo = _mm_min_pd(vlo, y);
      vhi = _mm_max_pd(vhi, y);
      bad = _mm_or_pd(bad, _mm_cmpunord_pd(y, y));
      vk = _mm_add_pd(vk, two);
    }
    _mm_storeu_pd(l, vlo);
    _mm_storeu_pd(h, vhi);
    lo_y = l[0] < l[1] ? l[0] : l[1];
    hi_y = h[0] > h[1] ? h[0] : h[1];
    missing = _mm_movemask_pd(bad) != 0;
  }
#endif
  for (; k <= m; k++) {
    double y = (p[k] - x0) - (double)k * d;
    lo_y = y < lo_y ? y : lo_y;
    hi_y = y > hi_y ? y : hi_y;
    missing |= y != y; /* NaN; an infinity makes the range infinite */
  }
  *lo = lo_y;
  *hi = hi_y;
  return missing;
}

static int block_clear(const double *x, size_t n, size_t b0, size_t len, size_t h,
                       double floor_dev) {
  size_t lo, m;
  double d, lo_y, hi_y, margin;
  if (b0 < h || b0 + len + h > n) return 0;
  lo = b0 - h;
  m = len + 2 * h - 1; /* the span is x[lo .. lo + m] */
  d = (x[lo + m] - x[lo]) / (double)m;
  if (span_range(x + lo, m, d, &lo_y, &hi_y)) return 0;
  margin = 1e-9 * (fabs(x[lo]) + fabs(x[lo + m]) + floor_dev);
  return hi_y - lo_y <= floor_dev - margin;
}

/* The screen of one channel: its samples, the despiking's window and
 * floor, and the missing samples noted on the way (a block that clears
 * holds none; the others are looked at sample by sample anyway). */
typedef struct screen {
  const double *x;
  size_t n, h;
  double floor_dev;
  hinge__spans *gaps;
  const hinge_allocator *a;
} screen;

/* The first suspect sample at or after i (n when none).  Successive
 * calls must start where the previous one stopped, or after (the gaps
 * are noted in order). */
static size_t next_suspect(const screen *sc, size_t i) {
  /* Blocks of 4h samples: the span tested is 1.5 samples per sample, and
   * 6h samples (0.3 s) of a smooth movement still fit a line. */
  const double *x = sc->x;
  size_t n = sc->n, h = sc->h, block = h > 0 ? 4 * h : 1;
  while (i < n) {
    size_t end = i + block < n ? i + block : n;
    if (end - i < block || !block_clear(x, n, i, block, h, sc->floor_dev)) {
      for (; i < end; i++) {
        if (!(x[i] - x[i] == 0)) { /* NaN or infinite */
          if (isnan(x[i])) hinge__spans_note(sc->gaps, i, sc->a);
          else sc->gaps->known = 0;
        }
        if (suspect(x, n, i, h, sc->floor_dev)) return i;
      }
    }
    i = end;
  }
  return n;
}

/* hinge_despike over the suspect samples only, with the same result as
 * over the whole trace: suspects closer than 2h are merged into one run,
 * each run is despiked together with h samples of context on each side
 * (so every window is the one the whole-trace call would see), and only
 * the run's own samples are written back.  Runs more than 2h apart do not
 * see each other's replacements, and every sample is screened on the
 * input values: the suspect after a run is found before the run is
 * written back (which also screens each stretch once). */
static int despike_channel(double *x, size_t n, const hinge_hampel_opts *o, double **scratch,
                           size_t *cap, size_t *replaced, hinge__spans *gaps,
                           const hinge_allocator *a, hinge_error *err) {
  size_t h = o->half_window, total = 0, k;
  screen sc;
  sc.x = x;
  sc.n = n;
  sc.h = h;
  sc.floor_dev = o->min_dev;
  sc.gaps = gaps;
  sc.a = a;
  gaps->known = 1; /* the screen sees every sample; despiking keeps NaN */
  k = next_suspect(&sc, 0); /* the next suspect */
  while (k < n) {
    size_t r0, r1, lo, hi, got, i;
    int rc;
    r0 = r1 = k;
    /* Merge the suspects closer than 2h (see above). */
    while ((k = next_suspect(&sc, r1 + 1)) < n && k <= r1 + 2 * h) r1 = k;
    lo = r0 > h ? r0 - h : 0;
    hi = r1 + h < n ? r1 + h : n - 1;
    if (hi - lo + 1 > *cap) {
      double *g = hinge__realloc(a, *scratch, *cap * sizeof *g, (hi - lo + 1) * sizeof *g);
      if (g == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
      *scratch = g;
      *cap = hi - lo + 1;
    }
    rc = hinge_despike(x + lo, *scratch, hi - lo + 1, o, &got, a, err);
    if (rc != HINGE_OK) return rc;
    for (i = r0; i <= r1; i++) {
      double v = (*scratch)[i - lo];
      if (v != x[i] && !(isnan(x[i]) && isnan(v))) total++;
      x[i] = v;
    }
  }
  *replaced = total;
  return HINGE_OK;
}

/* What the conditioning steps take from the config at the trace's rate.
 * Made and checked (low-pass cutoff against fs/2, window lengths) before
 * the trace is allocated: a config that cannot work at this rate is
 * refused before any memory or time goes into resampling. */
typedef struct plan {
  int despike;             /* despike_half_window_s > 0 */
  hinge_hampel_opts hampel;
  size_t max_gap;          /* fill_max_gap_s in samples */
  hinge_lowpass_opts lowpass;
} plan;

static int plan_despike(const hinge_analyze_config *cfg, double fs, plan *p, hinge_error *err) {
  size_t hw;
  int rc;
  p->despike = cfg->despike_half_window_s > 0;
  if (!p->despike) return HINGE_OK;
  if ((rc = hinge_hampel_opts_init(&p->hampel, fs, err)) != HINGE_OK) return rc;
  if ((rc = hinge_seconds_to_samples(cfg->despike_half_window_s, fs, &hw, err)) != HINGE_OK)
    return rc;
  p->hampel.half_window = hw ? hw : 1;
  p->hampel.k = cfg->despike_k;
  p->hampel.min_dev = cfg->despike_min_deg;
  return hinge_hampel_opts_check(&p->hampel, err);
}

static int make_plan(const hinge_analyze_config *cfg, double fs, plan *p, hinge_error *err) {
  int rc;
  memset(p, 0, sizeof *p);
  if ((rc = plan_despike(cfg, fs, p, err)) != HINGE_OK) return rc;
  if ((rc = hinge_seconds_to_samples(cfg->fill_max_gap_s, fs, &p->max_gap, err)) != HINGE_OK)
    return rc;
  hinge_lowpass_opts_init(&p->lowpass);
  p->lowpass.cutoff_hz = cfg->lowpass_hz;
  p->lowpass.order = (int)cfg->lowpass_order;
  p->lowpass.fs = fs;
  return hinge_lowpass_check(&p->lowpass, err);
}

/* Despike every channel; gaps[ch] gets the channel's missing samples. */
static int despike(hinge__trace *tr, const plan *p, hinge__spans *gaps, const hinge_allocator *a,
                   hinge__strlist *processing, hinge_error *err) {
  size_t total = 0, replaced = 0, cap = 0;
  double *scratch = NULL;
  char buf[160];
  int ch, rc = HINGE_OK;
  if (!p->despike) return HINGE_OK;
  /* Scratch holds one run with its context and grows on demand. */
  for (ch = 0; ch < HINGE__CH_COUNT && rc == HINGE_OK; ch++) {
    if (tr->ch[ch] == NULL) continue;
    rc = despike_channel(tr->ch[ch], tr->n, &p->hampel, &scratch, &cap, &replaced, &gaps[ch], a,
                         err);
    total += replaced;
  }
  hinge__free(a, scratch, cap * sizeof *scratch);
  if (rc != HINGE_OK) return rc;
  hinge_describe_despike(buf, sizeof buf, &p->hampel, tr->fs);
  return hinge__strlist_add(processing, a, "%s: %zu samples replaced", buf, total);
}

/* hinge_fill_gaps(x, n, max_gap, HINGE_FILL_LINEAR) on the known gaps g
 * (no search): the gaps filled leave the list, the others stay.  A fill
 * that is not finite (only from absurd magnitudes) makes the list
 * unknown, as the low-pass would then split the run there. */
static size_t fill_known(double *x, size_t n, size_t max_gap, hinge__spans *g) {
  size_t k, kept = 0, count = 0, i;
  for (k = 0; k < g->n; k++) {
    size_t a = g->s[k].start, b = a + g->s[k].len - 1;
    if (a > 0 && b + 1 < n && b - a + 1 <= max_gap) {
      hinge__fill_linear(x, a, b);
      count += b - a + 1;
      for (i = a; i <= b; i++)
        if (!isfinite(x[i])) g->known = 0;
    } else {
      g->s[kept++] = g->s[k];
    }
  }
  g->n = kept;
  return count;
}

static int fill(hinge__trace *tr, const plan *p, hinge__spans *gaps, const hinge_allocator *a,
                hinge__strlist *processing, hinge_error *err) {
  size_t max_gap = p->max_gap, filled, total = 0;
  char buf[160];
  int ch, rc;
  for (ch = 0; ch < HINGE__CH_COUNT; ch++) {
    if (tr->ch[ch] == NULL) continue;
    if (gaps[ch].known) {
      total += fill_known(tr->ch[ch], tr->n, max_gap, &gaps[ch]);
      continue;
    }
    rc = hinge_fill_gaps(tr->ch[ch], tr->n, max_gap, HINGE_FILL_LINEAR, &filled, err);
    if (rc != HINGE_OK) return rc;
    total += filled;
  }
  hinge_describe_fill_gaps(buf, sizeof buf, max_gap, HINGE_FILL_LINEAR, tr->fs);
  return hinge__strlist_add(processing, a, "%s: %zu samples filled", buf, total);
}

/* Every channel at once: hinge__lowpass_channels runs the channels'
 * zero-phase passes side by side, with hinge_lowpass's results. */
static int lowpass(hinge__trace *tr, const plan *p, const hinge__spans *gaps,
                   const hinge_allocator *a, hinge__strlist *processing,
                   hinge__strlist *warnings, hinge_error *err) {
  hinge_filter_report rep[HINGE__CH_COUNT];
  size_t dropped = 0;
  char buf[160];
  int ch, rc;
  rc = hinge__lowpass_channels(tr->ch, HINGE__CH_COUNT, tr->n, &p->lowpass, gaps, rep, a, err);
  if (rc != HINGE_OK) return rc;
  for (ch = 0; ch < HINGE__CH_COUNT; ch++)
    if (tr->ch[ch] != NULL) dropped += rep[ch].samples_dropped;
  hinge_lowpass_describe(&p->lowpass, buf, sizeof buf);
  rc = hinge__strlist_add(processing, a, "%s", buf);
  if (rc == HINGE_OK && dropped > 0)
    rc = hinge__strlist_add(warnings, a, "%zu samples in runs too short to filter were "
                            "dropped", dropped);
  return rc;
}

/* Channels with no valid sample are treated as absent. */
static int drop_empty(hinge__trace *tr, const hinge_allocator *a, hinge__strlist *warnings) {
  int ch, rc = HINGE_OK;
  for (ch = 0; ch < HINGE__CH_COUNT && rc == HINGE_OK; ch++) {
    size_t i;
    if (tr->ch[ch] == NULL) continue;
    for (i = 0; i < tr->n && isnan(tr->ch[ch][i]); i++) {}
    if (i < tr->n) continue;
    if (!tr->borrowed) hinge__free(a, tr->ch[ch], tr->n * sizeof(double));
    tr->ch[ch] = NULL;
    rc = hinge__strlist_add(warnings, a, "the %s column has no valid sample", names[ch]);
  }
  return rc;
}

/* Hip flexion, else trunk inclination, else thoracic + lumbar. */
static int pick_segmentation(hinge__trace *tr, const hinge_analyze_config *cfg,
                             const hinge_allocator *a, hinge_error *err) {
  const double *th = tr->ch[HINGE__CH_THORACIC], *lu = tr->ch[HINGE__CH_LUMBAR];
  size_t i;
  tr->seg_min_range = cfg->min_range_deg;
  if (tr->ch[HINGE__CH_HIP] != NULL || tr->ch[HINGE__CH_TRUNK] != NULL) {
    int hip = tr->ch[HINGE__CH_HIP] != NULL;
    tr->seg = tr->ch[hip ? HINGE__CH_HIP : HINGE__CH_TRUNK];
    tr->seg_name = hip ? "hip" : "trunk";
    return HINGE_OK;
  }
  if (th == NULL && lu == NULL)
    return hinge__fail(err, HINGE_ESCHEMA, NULL, 0, 0, "analysis: no hip, trunk, thoracic or "
                       "lumbar angle to find reps on");
  tr->seg_min_range = cfg->min_range_spine_deg;
  if (th == NULL || lu == NULL) {
    tr->seg = th != NULL ? tr->ch[HINGE__CH_THORACIC] : tr->ch[HINGE__CH_LUMBAR];
    tr->seg_name = th != NULL ? "thoracic" : "lumbar";
    return HINGE_OK;
  }
  tr->seg = hinge__malloc(a, tr->n * sizeof *tr->seg);
  if (tr->seg == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  tr->seg_owned = 1;
  tr->seg_name = "thoracic+lumbar";
  for (i = 0; i < tr->n; i++) tr->seg[i] = th[i] + lu[i];
  return HINGE_OK;
}

static int validate(const hinge_analyze_input *in, hinge_error *err) {
  int ch, any = 0;
  if (in == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: input is NULL");
  for (ch = 0; ch < HINGE__CH_COUNT; ch++) any |= input_channel(in, ch) != NULL;
  if (!any)
    return hinge__fail(err, HINGE_ESCHEMA, in->file, 0, 0, "no hip, trunk, thoracic or lumbar "
                       "column to analyse");
  if (in->n == 0) return hinge__fail(err, HINGE_ENODATA, in->file, 0, 0, "no samples");
  return HINGE_OK;
}

int hinge__condition(const hinge_analyze_input *in, const hinge_analyze_config *cfg,
                     const hinge_allocator *a, hinge__trace *tr, hinge__strlist *processing,
                     hinge__strlist *warnings, hinge_error *err) {
  return hinge__condition_with(in, NULL, cfg, a, tr, processing, warnings, err);
}

int hinge__condition_with(const hinge_analyze_input *in, const hinge__writable *w,
                          const hinge_analyze_config *cfg, const hinge_allocator *a,
                          hinge__trace *tr, hinge__strlist *processing,
                          hinge__strlist *warnings, hinge_error *err) {
  hinge__spans gaps[HINGE__CH_COUNT];
  plan p;
  int resample = 0, rc, ch;
  memset(tr, 0, sizeof *tr);
  memset(gaps, 0, sizeof gaps);
  if ((rc = validate(in, err)) != HINGE_OK) return rc;
  /* Every check that needs no trace comes before the trace is made. */
  rc = time_base(in, cfg, a, tr, &resample, err);
  if (rc == HINGE_OK) rc = make_plan(cfg, tr->fs, &p, err);
  if (rc == HINGE_OK && resample) rc = grid_length(in, cfg, tr, err);
  if (rc == HINGE_OK && w != NULL && !resample && distinct_arrays(in)) borrow_channels(w, tr);
  else if (rc == HINGE_OK) rc = load_channels(in, cfg, resample, a, tr, err);
  if (rc == HINGE_OK && resample) {
    char buf[96];
    hinge_describe_resample(buf, sizeof buf, tr->fs);
    rc = hinge__strlist_add(processing, a, "%s: time steps were irregular", buf);
    if (rc == HINGE_OK) rc = warn_time_gaps(in->time_s, in->n, cfg->fill_max_gap_s, a, warnings);
  }
  /* The despiking screen notes each channel's gaps for fill and low-pass. */
  if (rc == HINGE_OK) rc = despike(tr, &p, gaps, a, processing, err);
  if (rc == HINGE_OK) rc = fill(tr, &p, gaps, a, processing, err);
  if (rc == HINGE_OK) rc = lowpass(tr, &p, gaps, a, processing, warnings, err);
  for (ch = 0; ch < HINGE__CH_COUNT; ch++) hinge__spans_free(&gaps[ch], a);
  if (rc == HINGE_OK) rc = drop_empty(tr, a, warnings);
  if (rc == HINGE_OK) rc = pick_segmentation(tr, cfg, a, err);
  if (rc != HINGE_OK) {
    if (err != NULL && err->file[0] == '\0' && in != NULL && in->file != NULL)
      snprintf(err->file, sizeof err->file, "%s", in->file);
    hinge__trace_free(tr, a);
  }
  return rc;
}
