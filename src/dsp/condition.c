/*
 * condition.c -- the conditioning pipeline (hinge_condition in filter.h):
 * despike, fill gaps and low-pass a set of columns, in that order, with
 * one line of processing history per step.  The analysis
 * (lift/analyze_condition.c) and `hinge filter` both run it.
 *
 * Despiking comes before gap filling: a spike next to a gap would
 * otherwise become an end point of the fill and spread into it.
 *
 * The speed lies in the despiking screen: most samples of a movement
 * recording cannot be spikes, and a cheap test over blocks of samples
 * (hinge__span_range; SSE2 with its scalar twin, -DHINGE_NO_VECTOR builds the
 * twin alone) leaves hinge_despike only the few suspects.  The screen
 * also notes each column's missing samples, so that filling and the
 * low-pass need not search for them again.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "condition_internal.h"
#include "filter_internal.h"

#if defined(__SSE2__) && !defined(HINGE_NO_VECTOR)
#include <emmintrin.h>
#define SPAN_SSE2 1
#endif

/* --------------------------------------------- the despiking screen */

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

/* The range of y_k so far and whether some y_k was NaN. */
typedef struct span {
  double lo, hi;
  int missing;
} span;

/* The scalar loop of hinge__span_range from k on, continuing r. */
static int span_tail(const double *p, size_t k, size_t m, double d, span *r) {
  double lo_y = r->lo, hi_y = r->hi, x0 = p[0];
  int missing = r->missing;
  for (; k <= m; k++) {
    double y = (p[k] - x0) - (double)k * d;
    lo_y = y < lo_y ? y : lo_y;
    hi_y = y > hi_y ? y : hi_y;
    missing |= y != y; /* NaN; an infinity makes the range infinite */
  }
  r->lo = lo_y;
  r->hi = hi_y;
  r->missing = missing;
  return missing;
}

int hinge__span_range_scalar(const double *p, size_t m, double d, double *lo, double *hi) {
  span r = {0, 0, 0};
  int missing = span_tail(p, 1, m, d, &r);
  *lo = r.lo;
  *hi = r.hi;
  return missing;
}

#ifdef SPAN_SSE2
/* Two k at once: the same operations per element, and min and max are
 * exact, so the range is the scalar twin's bit for bit. */
int hinge__span_range(const double *p, size_t m, double d, double *lo, double *hi) {
  __m128d vx0 = _mm_set1_pd(p[0]), vd = _mm_set1_pd(d), vk = _mm_set_pd(2.0, 1.0);
  __m128d two = _mm_set1_pd(2.0), vlo = _mm_setzero_pd(), vhi = vlo, bad = vlo;
  double l[2], h[2];
  span r;
  size_t k = 1;
  int missing;
  for (; k + 1 <= m; k += 2) {
    __m128d y = _mm_sub_pd(_mm_sub_pd(_mm_loadu_pd(p + k), vx0), _mm_mul_pd(vk, vd));
    vlo = _mm_min_pd(vlo, y);
    vhi = _mm_max_pd(vhi, y);
    bad = _mm_or_pd(bad, _mm_cmpunord_pd(y, y));
    vk = _mm_add_pd(vk, two);
  }
  _mm_storeu_pd(l, vlo);
  _mm_storeu_pd(h, vhi);
  r.lo = l[0] < l[1] ? l[0] : l[1];
  r.hi = h[0] > h[1] ? h[0] : h[1];
  r.missing = _mm_movemask_pd(bad) != 0;
  missing = span_tail(p, k, m, d, &r);
  *lo = r.lo;
  *hi = r.hi;
  return missing;
}
#else
int hinge__span_range(const double *p, size_t m, double d, double *lo, double *hi) {
  return hinge__span_range_scalar(p, m, d, lo, hi);
}
#endif

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
static int block_clear(const double *x, size_t n, size_t b0, size_t len, size_t h,
                       double floor_dev) {
  size_t lo, m;
  double d, lo_y, hi_y, margin;
  if (b0 < h || b0 + len + h > n) return 0;
  lo = b0 - h;
  m = len + 2 * h - 1; /* the span is x[lo .. lo + m] */
  d = (x[lo + m] - x[lo]) / (double)m;
  if (hinge__span_range(x + lo, m, d, &lo_y, &hi_y)) return 0;
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

/* One channel's despiking: the options, the scratch space shared by the
 * channels (one run with its context; it grows on demand) and the
 * channel's missing samples, noted by the screen. */
typedef struct despiker {
  const hinge_hampel_opts *o;
  double *scratch;
  size_t cap;
  const hinge_allocator *a;
  double *x;       /* the channel being despiked */
  size_t n;
  size_t replaced; /* its samples changed so far */
  hinge__spans *marks; /* NULL, or where the indices of those samples go */
} despiker;

/* Despike x[r0 .. r1] with h samples of context each side through the
 * scratch space, counting the samples changed. */
static int despike_run(despiker *d, size_t r0, size_t r1, hinge_error *err) {
  double *x = d->x;
  size_t h = d->o->half_window, n = d->n, lo, hi, got, i;
  int rc;
  lo = r0 > h ? r0 - h : 0;
  hi = r1 + h < n ? r1 + h : n - 1;
  if (hi - lo + 1 > d->cap) {
    double *g = hinge__realloc(d->a, d->scratch, d->cap * sizeof *g, (hi - lo + 1) * sizeof *g);
    if (g == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "conditioning: out of memory");
    d->scratch = g;
    d->cap = hi - lo + 1;
  }
  rc = hinge_despike(x + lo, d->scratch, hi - lo + 1, d->o, &got, d->a, err);
  if (rc != HINGE_OK) return rc;
  for (i = r0; i <= r1; i++) {
    double v = d->scratch[i - lo];
    if (v != x[i] && !(isnan(x[i]) && isnan(v))) {
      d->replaced++;
      if (d->marks != NULL) hinge__spans_note(d->marks, i, d->a);
    }
    x[i] = v;
  }
  return HINGE_OK;
}

/* hinge_despike over the suspect samples only, with the same result as
 * over the whole channel: suspects closer than 2h are merged into one
 * run, each run is despiked together with h samples of context on each
 * side (so every window is the one the whole-channel call would see), and
 * only the run's own samples are written back.  Runs more than 2h apart
 * do not see each other's replacements, and every sample is screened on
 * the input values: the suspect after a run is found before the run is
 * written back (which also screens each stretch once). */
static int despike_channel(despiker *d, double *x, size_t n, hinge__spans *gaps,
                           hinge_error *err) {
  size_t h = d->o->half_window, k;
  screen sc;
  int rc = HINGE_OK;
  d->x = x;
  d->n = n;
  d->replaced = 0;
  sc.x = x;
  sc.n = n;
  sc.h = h;
  sc.floor_dev = d->o->min_dev;
  sc.gaps = gaps;
  sc.a = d->a;
  gaps->known = 1; /* the screen sees every sample; despiking keeps NaN */
  k = next_suspect(&sc, 0);
  while (k < n && rc == HINGE_OK) {
    size_t r0 = k, r1 = k;
    /* Merge the suspects closer than 2h (see above). */
    while ((k = next_suspect(&sc, r1 + 1)) < n && k <= r1 + 2 * h) r1 = k;
    rc = despike_run(d, r0, r1, err);
  }
  return rc;
}

/* ------------------------------------------------------- the steps */

static int note(hinge__strlist *l, const hinge_allocator *a, const char *line, const char *what,
                size_t count) {
  if (l == NULL) return HINGE_OK;
  if (what == NULL) return hinge__strlist_add(l, a, "%s", line);
  return hinge__strlist_add(l, a, "%s: %zu samples %s", line, count, what);
}

/* Despike every column; gaps[c] gets the column's missing samples. */
static int despike(hinge__condition_run *run, hinge__spans *gaps, hinge_error *err) {
  const hinge_condition_options *o = run->o;
  despiker d;
  size_t c;
  char buf[160];
  int rc = HINGE_OK;
  memset(&d, 0, sizeof d);
  d.o = &o->hampel;
  d.a = o->alloc;
  for (c = 0; c < run->ncols && rc == HINGE_OK; c++) {
    if (run->cols[c] == NULL) continue;
    d.marks = run->replaced != NULL ? &run->replaced[c] : NULL;
    rc = despike_channel(&d, run->cols[c], run->n, &gaps[c], err);
    run->rep.despiked += d.replaced;
  }
  hinge__free(d.a, d.scratch, d.cap * sizeof *d.scratch);
  if (rc != HINGE_OK) return rc;
  hinge_describe_despike(buf, sizeof buf, &o->hampel, o->fs);
  return note(run->processing, o->alloc, buf, "replaced", run->rep.despiked);
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

/* Fill every column: the gaps the screen noted without a search, the
 * others (or every gap of a cubic fill) with hinge_fill_gaps. */
static int fill(hinge__condition_run *run, hinge__spans *gaps, hinge_error *err) {
  const hinge_condition_options *o = run->o;
  size_t c, filled;
  char buf[160];
  int rc;
  for (c = 0; c < run->ncols; c++) {
    double *x = run->cols[c];
    if (x == NULL) continue;
    if (gaps[c].known && o->fill_method == HINGE_FILL_LINEAR) {
      run->rep.filled += fill_known(x, run->n, o->fill_max_gap, &gaps[c]);
      continue;
    }
    gaps[c].known = 0;
    rc = hinge_fill_gaps(x, run->n, o->fill_max_gap, o->fill_method, &filled, err);
    if (rc != HINGE_OK) return rc;
    run->rep.filled += filled;
  }
  hinge_describe_fill_gaps(buf, sizeof buf, o->fill_max_gap, o->fill_method, o->fs);
  return note(run->processing, o->alloc, buf, "filled", run->rep.filled);
}

/* The first and the last run of finite samples of a column, when shorter
 * than the low-pass needs: kept as their least-squares line
 * (hinge_condition_report.raw) rather than dropped.  A short run inside the trace only widens the gap
 * around it, which the analysis reports as missing; at an end, dropping it
 * moves where the recording seems to start or end (a clip that starts in
 * the setup would seem to start mid-pull). */
typedef struct edge_runs {
  size_t at[2], len[2]; /* len 0: none */
  double *v;            /* 2 * need values: the first run's, then the last's */
} edge_runs;

/* (Each run is scanned for need samples at most: a column without gaps
 * costs two short scans, not two passes.) */
static void edges_save(const double *x, size_t n, size_t need, edge_runs *e) {
  size_t i = 0, j = n, k;
  e->len[0] = e->len[1] = 0;
  while (i < n && !isfinite(x[i])) i++;
  if (i == n) return;
  for (k = i; k < n && k - i < need && isfinite(x[k]); k++) {}
  if (k - i < need) { /* the first run is short: it ends at k */
    e->at[0] = i;
    e->len[0] = k - i;
    memcpy(e->v, x + i, (k - i) * sizeof *x);
  }
  while (j > k && !isfinite(x[j - 1])) j--;
  if (j == k) return; /* one run */
  for (i = j; i > k && j - i < need && isfinite(x[i - 1]); i--) {}
  if (j - i < need && i > k) { /* short, and not the first run */
    e->at[1] = i;
    e->len[1] = j - i;
    memcpy(e->v + need, x + i, (j - i) * sizeof *x);
  }
}

/* The run v[0..m) smoothed into x by its least-squares line (3 samples
 * or more; fewer are copied): too short for the filter, but its noise
 * must not read as motion (a liftoff found in a jitter of 2 deg a frame). */
static void line_fit(double *x, const double *v, size_t m) {
  double st = 0, sy = 0, stt = 0, sty = 0, den, b, a;
  size_t i;
  if (m < 3) {
    memcpy(x, v, m * sizeof *x);
    return;
  }
  for (i = 0; i < m; i++) {
    double t = (double)i;
    st += t, sy += v[i], stt += t * t, sty += t * v[i];
  }
  den = (double)m * stt - st * st;
  b = ((double)m * sty - st * sy) / den;
  a = (sy - b * st) / (double)m;
  for (i = 0; i < m; i++) x[i] = a + b * (double)i;
}

static size_t edges_restore(double *x, size_t need, const edge_runs *e) {
  size_t m = 0, k;
  for (k = 0; k < 2; k++) {
    line_fit(x + e->at[k], e->v + k * need, e->len[k]);
    m += e->len[k];
  }
  return m;
}

/* Every column at once: hinge__lowpass_channels runs the columns'
 * zero-phase passes side by side, with hinge_lowpass's results; the
 * short runs at each column's ends kept as lines (edge_runs). */
static int lowpass(hinge__condition_run *run, const hinge__spans *gaps, hinge_error *err) {
  const hinge_condition_options *o = run->o;
  hinge_filter_report *rep;
  hinge__channels cs;
  size_t c, nrep = run->ncols ? run->ncols : 1;
  char buf[160];
  int rc;
  size_t need = hinge_lowpass_min_length(&o->lowpass);
  edge_runs *edge;
  double *keep;
  rep = hinge__calloc(o->alloc, nrep, sizeof *rep);
  edge = hinge__calloc(o->alloc, nrep, sizeof *edge);
  keep = hinge__malloc(o->alloc, nrep * 2 * need * sizeof *keep);
  if (rep == NULL || edge == NULL || keep == NULL) {
    hinge__free(o->alloc, rep, nrep * sizeof *rep);
    hinge__free(o->alloc, edge, nrep * sizeof *edge);
    hinge__free(o->alloc, keep, nrep * 2 * need * sizeof *keep);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "conditioning: out of memory");
  }
  for (c = 0; c < run->ncols; c++) {
    edge[c].v = keep + c * 2 * need;
    if (run->cols[c] != NULL) edges_save(run->cols[c], run->n, need, &edge[c]);
  }
  cs.ch = run->cols;
  cs.nch = run->ncols;
  cs.n = run->n;
  cs.gaps = gaps;
  cs.reps = rep;
  rc = hinge__lowpass_channels(&cs, &o->lowpass, o->alloc, err);
  for (c = 0; c < run->ncols && rc == HINGE_OK; c++) {
    size_t raw;
    if (run->cols[c] == NULL) continue;
    raw = edges_restore(run->cols[c], need, &edge[c]);
    run->rep.raw += raw;
    run->rep.dropped += rep[c].samples_dropped - raw;
  }
  hinge__free(o->alloc, rep, nrep * sizeof *rep);
  hinge__free(o->alloc, edge, nrep * sizeof *edge);
  hinge__free(o->alloc, keep, nrep * 2 * need * sizeof *keep);
  if (rc != HINGE_OK) return rc;
  hinge_lowpass_describe(&o->lowpass, buf, sizeof buf);
  rc = note(run->processing, o->alloc, buf, NULL, 0);
  if (rc == HINGE_OK && run->rep.dropped > 0 && run->warnings != NULL)
    rc = hinge__strlist_add(run->warnings, o->alloc, "%zu samples in runs too short to filter "
                            "were dropped", run->rep.dropped);
  if (rc == HINGE_OK && run->rep.raw > 0 && run->processing != NULL)
    rc = hinge__strlist_add(run->processing, o->alloc, "%zu samples at the ends of channels, in "
                            "runs too short to low-pass, kept as their least-squares line", run->rep.raw);
  return rc;
}

/* ------------------------------------------------------ the pipeline */

int hinge_condition_options_init(hinge_condition_options *o, double fs, hinge_error *err) {
  int rc;
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "conditioning: NULL options");
  memset(o, 0, sizeof *o);
  if (!(fs > 0 && isfinite(fs))) {
    hinge_condition_options_init(o, 100, NULL);
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "conditioning: the sample rate must be a "
                       "finite number > 0 (got %g)", fs);
  }
  o->fs = fs;
  o->fill_method = HINGE_FILL_LINEAR;
  hinge_lowpass_opts_init(&o->lowpass);
  o->lowpass.fs = fs;
  if ((rc = hinge_hampel_opts_init(&o->hampel, fs, err)) != HINGE_OK) return rc;
  return hinge_seconds_to_samples(HINGE_FILL_MAX_GAP_S, fs, &o->fill_max_gap, err);
}

int hinge_condition_options_check(const hinge_condition_options *o, hinge_error *err) {
  int rc;
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "conditioning: NULL options");
  if (!(o->fs > 0 && isfinite(o->fs)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "conditioning: the sample rate must be a "
                       "finite number > 0 (got %g)", o->fs);
  if (o->despike && (rc = hinge_hampel_opts_check(&o->hampel, err)) != HINGE_OK) return rc;
  if (o->fill && o->fill_method != HINGE_FILL_LINEAR && o->fill_method != HINGE_FILL_CUBIC)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "conditioning: unknown fill method %d",
                       (int)o->fill_method);
  if (!o->lowpass_on) return HINGE_OK;
  if (o->lowpass.fs != o->fs)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "conditioning: the low-pass is set for "
                       "%g Hz, the columns are at %g Hz", o->lowpass.fs, o->fs);
  return hinge_lowpass_opts_check(&o->lowpass, err);
}

int hinge__condition_columns(hinge__condition_run *run, hinge_error *err) {
  const hinge_condition_options *o = run->o;
  hinge__spans *gaps;
  size_t c, ng = run->ncols ? run->ncols : 1;
  int rc;
  memset(&run->rep, 0, sizeof run->rep);
  if ((rc = hinge_condition_options_check(o, err)) != HINGE_OK) return rc;
  if (run->cols == NULL && run->ncols > 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "conditioning: NULL columns");
  /* Each column's missing samples, noted by the despiking screen. */
  gaps = hinge__calloc(o->alloc, ng, sizeof *gaps);
  if (gaps == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "conditioning: out of memory");
  rc = o->despike ? despike(run, gaps, err) : HINGE_OK;
  if (rc == HINGE_OK && o->fill) rc = fill(run, gaps, err);
  if (rc == HINGE_OK && o->lowpass_on) rc = lowpass(run, gaps, err);
  for (c = 0; c < ng; c++) hinge__spans_free(&gaps[c], o->alloc);
  hinge__free(o->alloc, gaps, ng * sizeof *gaps);
  return rc;
}

int hinge_condition(const hinge_condition_options *o, double *const *cols, size_t ncols,
                    size_t n, hinge_condition_report *rep, hinge_error *err) {
  hinge__condition_run run;
  int rc;
  memset(&run, 0, sizeof run);
  run.o = o;
  run.cols = cols;
  run.ncols = ncols;
  run.n = n;
  rc = hinge__condition_columns(&run, err);
  if (rep != NULL) *rep = run.rep;
  return rc;
}
