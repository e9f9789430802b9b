/*
 * peaks.c -- find_peaks, peak_prominences and peak_widths as scipy.signal
 * computes them (scipy/signal/_peak_finding.py and
 * _peak_finding_utils.pyx): same conditions, same order of evaluation,
 * same arithmetic, so the results are equal, not just close.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "hinge/peaks.h"
#include "base/internal.h"
#include "peaks_internal.h"

/* One candidate peak and the properties computed for it so far. */
typedef struct cand {
  size_t peak, left_edge, right_edge;
  double prominence;
  size_t left_base, right_base;
  double width, width_height, left_ip, right_ip;
} cand;

static int range_on(hinge_peak_range r) { return !isnan(r.min) || !isnan(r.max); }

void hinge_peak_opts_init(hinge_peak_opts *o) {
  hinge_peak_range off;
  if (o == NULL) return;
  off.min = NAN;
  off.max = NAN;
  o->height = o->threshold = o->prominence = o->width = o->plateau_size = off;
  o->distance = NAN;
  o->wlen = NAN;
  o->rel_height = 0.5;
  o->all_properties = 0;
}

/* Which costly property groups a call computes. */
static int want_prominences(const hinge_peak_opts *o) {
  return o->all_properties || range_on(o->prominence) || range_on(o->width);
}

static int want_widths(const hinge_peak_opts *o) {
  return o->all_properties || range_on(o->width);
}


static int in_range(hinge_peak_range r, double v) {
  return (isnan(r.min) || r.min <= v) && (isnan(r.max) || v <= r.max);
}

int hinge_peak_opts_check(const hinge_peak_opts *o, hinge_error *err) {
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "find_peaks: NULL options");
  if (!isnan(o->distance) && !(o->distance >= 1 && isfinite(o->distance)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "find_peaks: distance must be a finite number >= 1 (got %g)", o->distance);
  if (!isnan(o->wlen) && !(o->wlen > 1 && isfinite(o->wlen)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "find_peaks: wlen must be a finite number larger than 1 (got %g)", o->wlen);
  if (!(o->rel_height >= 0 && isfinite(o->rel_height)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "find_peaks: rel_height must be a finite number >= 0 (got %g)",
                       o->rel_height);
  return HINGE_OK;
}

static int check_samples(const double *x, size_t n, const char *who, hinge_error *err) {
  size_t i;
  if (x == NULL && n > 0) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "%s: NULL signal", who);
  for (i = 0; i < n; i++)
    if (isnan(x[i]))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "%s: sample %zu (0-based) is NaN; fill the gaps or split the trace first",
                         who, i);
  return HINGE_OK;
}

/* scipy's wlen rounded up, as a number of samples each side of the peak;
 * 0 means the whole signal. */
static size_t half_window(double wlen, size_t n) {
  double w;
  if (isnan(wlen)) return 0;
  w = ceil(wlen);
  return w / 2 >= (double)n ? n : (size_t)(w / 2);
}

/* Local maxima: samples (or flat runs) with a smaller sample on both
 * sides.  A plateau reports its middle, rounded down.  With c == NULL it
 * only counts. */
static size_t local_maxima(const double *x, size_t n, cand *c) {
  size_t i = 1, m = 0;
  if (n < 3) return 0;
  while (i < n - 1) {
    if (x[i - 1] < x[i]) {
      size_t ahead = i + 1;
      while (ahead < n - 1 && x[ahead] == x[i]) ahead++;
      if (x[ahead] < x[i]) {
        if (c != NULL) {
          c[m].left_edge = i;
          c[m].right_edge = ahead - 1;
          c[m].peak = (i + ahead - 1) / 2;
        }
        m++;
        i = ahead; /* nothing inside the run can be another maximum */
      }
    }
    i++;
  }
  return m;
}

/* A peak's prominence and its bases (sample indices). */
typedef struct peak_base {
  double prom;
  size_t lb, rb;
} peak_base;

/* A peak's width at its contour line: the width, the line's height and
 * the interpolated crossings left and right. */
typedef struct peak_width {
  double width, height, left, right;
} peak_width;

static void prominence_one(const double *x, size_t n, size_t peak, size_t half, peak_base *b) {
  size_t lo = 0, hi = n - 1, i;
  double top = x[peak], lmin = top, rmin = top;
  if (half > 0) {
    lo = peak > half ? peak - half : 0;
    hi = n - 1 - peak > half ? peak + half : n - 1;
  }
  b->lb = b->rb = peak;
  /* The base on each side is the lowest sample before the signal rises
   * above the peak or the window ends. */
  for (i = peak; x[i] <= top; i--) {
    if (x[i] < lmin) lmin = x[b->lb = i];
    if (i == lo) break;
  }
  for (i = peak; i <= hi && x[i] <= top; i++)
    if (x[i] < rmin) rmin = x[b->rb = i];
  b->prom = top - (lmin > rmin ? lmin : rmin);
}

static void width_one(const double *x, size_t peak, double rel_height, const peak_base *b,
                      peak_width *w) {
  double h = x[peak] - b->prom * rel_height, l, r;
  size_t i = peak, lb = b->lb, rb = b->rb;
  while (lb < i && h < x[i]) i--;
  l = (double)i;
  /* Interpolate when the crossing lies between two samples. */
  if (x[i] < h && x[i + 1] != x[i]) l += (h - x[i]) / (x[i + 1] - x[i]);
  i = peak;
  while (i < rb && h < x[i]) i++;
  r = (double)i;
  if (x[i] < h && x[i - 1] != x[i]) r -= (h - x[i]) / (x[i - 1] - x[i]);
  w->width = r - l;
  w->height = h;
  w->left = l;
  w->right = r;
}

int hinge_peak_prominences(const double *x, size_t n, const size_t *peaks, size_t npeaks,
                           double wlen, double *prom, size_t *lb, size_t *rb, hinge_error *err) {
  size_t p, half;
  int rc = check_samples(x, n, "peak_prominences", err);
  if (rc != HINGE_OK) return rc;
  if (!isnan(wlen) && !(wlen > 1 && isfinite(wlen)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "peak_prominences: wlen must be a finite number larger than 1 (got %g)", wlen);
  if (npeaks > 0 && (peaks == NULL || prom == NULL || lb == NULL || rb == NULL))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "peak_prominences: NULL array");
  half = half_window(wlen, n);
  for (p = 0; p < npeaks; p++) {
    if (peaks[p] >= n)
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "peak_prominences: peak %zu is not a valid index for x", peaks[p]);
    peak_base b;
    prominence_one(x, n, peaks[p], half, &b);
    prom[p] = b.prom;
    lb[p] = b.lb;
    rb[p] = b.rb;
  }
  return HINGE_OK;
}

int hinge_peak_widths(const double *x, size_t n, const size_t *peaks, size_t npeaks,
                      double rel_height, const double *prom, const size_t *lb, const size_t *rb,
                      double *widths, double *heights, double *lips, double *rips,
                      hinge_error *err) {
  size_t p;
  int rc = check_samples(x, n, "peak_widths", err);
  if (rc != HINGE_OK) return rc;
  if (!(rel_height >= 0 && isfinite(rel_height)))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "peak_widths: rel_height must be a finite number >= 0 (got %g)", rel_height);
  if (npeaks > 0 && (peaks == NULL || prom == NULL || lb == NULL || rb == NULL || widths == NULL))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "peak_widths: NULL array");
  for (p = 0; p < npeaks; p++) {
    peak_base b;
    peak_width w;
    /* A negative prominence would put the contour above the peak and
     * send the search outside the bases. */
    if (!(lb[p] <= peaks[p] && peaks[p] <= rb[p] && rb[p] < n && prom[p] >= 0))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "peak_widths: prominence data is invalid for peak %zu", peaks[p]);
    b.prom = prom[p];
    b.lb = lb[p];
    b.rb = rb[p];
    width_one(x, peaks[p], rel_height, &b, &w);
    widths[p] = w.width;
    if (heights != NULL) heights[p] = w.height;
    if (lips != NULL) lips[p] = w.left;
    if (rips != NULL) rips[p] = w.right;
  }
  return HINGE_OK;
}

/* ---- find_peaks ------------------------------------------------------ */

/* Keep the candidates whose flag is set, in order; returns the new count. */
static size_t compact(cand *c, size_t m, const unsigned char *keep) {
  size_t i, k = 0;
  for (i = 0; i < m; i++)
    if (keep[i]) c[k++] = c[i];
  return k;
}

static int keep_threshold(const double *x, const cand *c, hinge_peak_range r) {
  double l = x[c->peak] - x[c->peak - 1], rt = x[c->peak] - x[c->peak + 1];
  double lo = l < rt ? l : rt, hi = l < rt ? rt : l;
  return (isnan(r.min) || r.min <= lo) && (isnan(r.max) || hi <= r.max);
}

/* Plateau size, height and threshold: conditions on each peak alone. */
static size_t select_local(const double *x, cand *c, size_t m, const hinge_peak_opts *o,
                           unsigned char *keep) {
  size_t i;
  if (range_on(o->plateau_size)) {
    for (i = 0; i < m; i++)
      keep[i] = (unsigned char)in_range(o->plateau_size,
                                        (double)(c[i].right_edge - c[i].left_edge + 1));
    m = compact(c, m, keep);
  }
  if (range_on(o->height)) {
    for (i = 0; i < m; i++) keep[i] = (unsigned char)in_range(o->height, x[c[i].peak]);
    m = compact(c, m, keep);
  }
  if (range_on(o->threshold)) {
    for (i = 0; i < m; i++) keep[i] = (unsigned char)keep_threshold(x, &c[i], o->threshold);
    m = compact(c, m, keep);
  }
  return m;
}

/* The candidates c[0..m-1] and a keep flag for each. */
typedef struct cand_list {
  cand *c;
  size_t m;
  unsigned char *keep;
} cand_list;

/* The distance rule needs the peak positions, their heights and an
 * order array: one scratch block of m of each. */
static int select_distance(const double *x, cand_list *l, double distance,
                           const hinge_allocator *a, hinge_error *err) {
  cand *c = l->c;
  size_t i, k = l->m, bytes = k * (2 * sizeof(size_t) + sizeof(double));
  double *prio;
  size_t *pos, *order, d;
  double dd = ceil(distance);
  if (k == 0) return HINGE_OK;
  /* as a count of samples; any distance past the signal keeps one peak
   * (a huge one, 2e47, must not overflow the conversion) */
  d = dd >= (double)SIZE_MAX ? SIZE_MAX : (size_t)dd;
  prio = hinge__malloc(a, bytes);
  if (prio == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "find_peaks: out of memory");
  pos = (size_t *)(prio + k);
  order = pos + k;
  for (i = 0; i < k; i++) {
    pos[i] = c[i].peak;
    prio[i] = x[c[i].peak];
  }
  hinge__select_by_distance(pos, prio, k, d, l->keep, order);
  l->m = compact(c, k, l->keep);
  hinge__free(a, prio, bytes);
  return HINGE_OK;
}

/* One candidate's width, from its prominence and bases. */
static void width_cand(const double *x, double rel_height, cand *c) {
  peak_base b;
  peak_width w;
  b.prom = c->prominence;
  b.lb = c->left_base;
  b.rb = c->right_base;
  width_one(x, c->peak, rel_height, &b, &w);
  c->width = w.width;
  c->width_height = w.height;
  c->left_ip = w.left;
  c->right_ip = w.right;
}

/* Prominence, then width: each computed (when wanted) for the survivors
 * of the previous condition, as scipy does. */
static size_t select_shape(const double *x, size_t n, cand *c, size_t m, const hinge_peak_opts *o,
                           unsigned char *keep) {
  size_t i, half = half_window(o->wlen, n);
  if (!want_prominences(o)) return m;
  for (i = 0; i < m; i++) {
    peak_base b;
    prominence_one(x, n, c[i].peak, half, &b);
    c[i].prominence = b.prom;
    c[i].left_base = b.lb;
    c[i].right_base = b.rb;
  }
  if (range_on(o->prominence)) {
    for (i = 0; i < m; i++) keep[i] = (unsigned char)in_range(o->prominence, c[i].prominence);
    m = compact(c, m, keep);
  }
  if (!want_widths(o)) return m;
  for (i = 0; i < m; i++) width_cand(x, o->rel_height, &c[i]);
  if (range_on(o->width)) {
    for (i = 0; i < m; i++) keep[i] = (unsigned char)in_range(o->width, c[i].width);
    m = compact(c, m, keep);
  }
  return m;
}

/* Hand out the next m-element array of the result block. */
static void *carve(char **cursor, size_t m, size_t size) {
  void *p = *cursor;
  *cursor += m * size;
  return p;
}

/* The head of a result block: what hinge_peaks_clear needs to free it,
 * kept in the block so that hinge_peaks has no private fields.  The union
 * with the widest scalar types keeps the arrays after it aligned (C99 has
 * no max_align_t). */
typedef union block_head {
  struct {
    size_t bytes;
    hinge_allocator alloc;
  } h;
  long double ld_;
  double d_;
  long long ll_;
  void *p_;
} block_head;

/* One block for every array the call fills, after its head: 3 + 1 + 4
 * double arrays at most, then 4 + 2 size_t arrays (doubles first keeps
 * all aligned).  peak_heights is always the first, so it finds the head. */
static int alloc_result(hinge_peaks *p, size_t m, const hinge_peak_opts *o,
                        const hinge_allocator *a, hinge_error *err) {
  int prom = want_prominences(o), wid = want_widths(o);
  size_t nd = 3 + (prom ? 1 : 0) + (wid ? 4 : 0), nz = 4 + (prom ? 2 : 0);
  size_t bytes = sizeof(block_head) + m * (nd * sizeof(double) + nz * sizeof(size_t));
  block_head *head;
  char *cur;
  if (m == 0) return HINGE_OK;
  head = hinge__malloc(a, bytes);
  if (head == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "find_peaks: out of memory");
  head->h.bytes = bytes;
  head->h.alloc.fn = a != NULL ? a->fn : NULL;
  head->h.alloc.ud = a != NULL ? a->ud : NULL;
  cur = (char *)(head + 1);
  p->count = m;
  p->peak_heights = carve(&cur, m, sizeof(double));
  p->left_thresholds = carve(&cur, m, sizeof(double));
  p->right_thresholds = carve(&cur, m, sizeof(double));
  if (prom) p->prominences = carve(&cur, m, sizeof(double));
  if (wid) {
    p->widths = carve(&cur, m, sizeof(double));
    p->width_heights = carve(&cur, m, sizeof(double));
    p->left_ips = carve(&cur, m, sizeof(double));
    p->right_ips = carve(&cur, m, sizeof(double));
  }
  p->index = carve(&cur, m, sizeof(size_t));
  p->plateau_sizes = carve(&cur, m, sizeof(size_t));
  p->left_edges = carve(&cur, m, sizeof(size_t));
  p->right_edges = carve(&cur, m, sizeof(size_t));
  if (prom) {
    p->left_bases = carve(&cur, m, sizeof(size_t));
    p->right_bases = carve(&cur, m, sizeof(size_t));
  }
  return HINGE_OK;
}

static void fill_shape(hinge_peaks *p, size_t i, const cand *c) {
  if (p->prominences != NULL) {
    p->prominences[i] = c->prominence;
    p->left_bases[i] = c->left_base;
    p->right_bases[i] = c->right_base;
  }
  if (p->widths != NULL) {
    p->widths[i] = c->width;
    p->width_heights[i] = c->width_height;
    p->left_ips[i] = c->left_ip;
    p->right_ips[i] = c->right_ip;
  }
}

static void fill_result(hinge_peaks *p, const double *x, const cand *c) {
  size_t i;
  for (i = 0; i < p->count; i++) {
    size_t k = c[i].peak;
    p->index[i] = k;
    p->peak_heights[i] = x[k];
    p->left_thresholds[i] = x[k] - x[k - 1];
    p->right_thresholds[i] = x[k] - x[k + 1];
    p->plateau_sizes[i] = c[i].right_edge - c[i].left_edge + 1;
    p->left_edges[i] = c[i].left_edge;
    p->right_edges[i] = c[i].right_edge;
    fill_shape(p, i, &c[i]);
  }
}

static void reset(hinge_peaks *p) {
  memset(p, 0, sizeof *p);
  p->index = p->left_bases = p->right_bases = NULL;
  p->plateau_sizes = p->left_edges = p->right_edges = NULL;
  p->peak_heights = p->left_thresholds = p->right_thresholds = p->prominences = NULL;
  p->widths = p->width_heights = p->left_ips = p->right_ips = NULL;
}

void hinge_peaks_clear(hinge_peaks *p) {
  if (p == NULL) return;
  if (p->peak_heights != NULL) {
    block_head *head = (block_head *)(void *)p->peak_heights - 1;
    hinge_allocator a = head->h.alloc;
    hinge__free(&a, head, head->h.bytes);
  }
  reset(p);
}

int hinge_find_peaks(const double *x, size_t n, const hinge_peak_opts *o, hinge_peaks *out,
                     const hinge_allocator *a, hinge_error *err) {
  size_t m, bytes;
  cand *c;
  cand_list l;
  unsigned char *keep;
  int rc;
  if (out == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "find_peaks: NULL result");
  reset(out);
  if ((rc = hinge_peak_opts_check(o, err)) != HINGE_OK) return rc;
  if ((rc = check_samples(x, n, "find_peaks", err)) != HINGE_OK) return rc;
  m = local_maxima(x, n, NULL);
  if (m == 0) return HINGE_OK;
  bytes = m * (sizeof *c + 1);
  c = hinge__malloc(a, bytes);
  if (c == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "find_peaks: out of memory");
  keep = (unsigned char *)(c + m);
  local_maxima(x, n, c);
  l.c = c;
  l.m = select_local(x, c, m, o, keep);
  l.keep = keep;
  rc = isnan(o->distance) ? HINGE_OK : select_distance(x, &l, o->distance, a, err);
  m = l.m;
  if (rc == HINGE_OK) m = select_shape(x, n, c, m, o, keep);
  if (rc == HINGE_OK) rc = alloc_result(out, m, o, a, err);
  if (rc == HINGE_OK) fill_result(out, x, c);
  hinge__free(a, c, bytes);
  return rc;
}
