/*
 * peaks_order.c -- the order in which find_peaks' distance rule visits
 * peaks.
 *
 * scipy ranks peaks with numpy.argsort, whose default kind is an
 * unstable introsort: among peaks of equal height the one visited first
 * (and so kept) depends on that algorithm's exact steps.  Quantized IMU
 * angles make equal heights common, so matching scipy needs the same
 * steps: median-of-three quicksort with runs of at most 16 finished by
 * insertion sort, the larger partition deferred on a stack, and heapsort
 * once 2 * floor(log2 n) partitions have been made (numpy's
 * npysort/quicksort.cpp and npysort_heapsort.h, reimplemented here).
 */
#include "peaks_internal.h"

#define SMALL_RUN 15       /* partitions longer than this are split */
#define STACK_PAIRS 130    /* > log2(SIZE_MAX) + 2: the deferred partitions */

static void swap_at(size_t *idx, size_t a, size_t b) {
  size_t t = idx[a];
  idx[a] = idx[b];
  idx[b] = t;
}

static int floor_log2(size_t n) {
  int d = 0;
  while (n >>= 1) d++;
  return d;
}

/* Sift `item` down the 1-based heap h[1..n] (stored as base[0..n-1])
 * starting at slot i. */
static void sift(const double *v, size_t *base, size_t i, size_t n, size_t item) {
  size_t j = 2 * i;
  while (j <= n) {
    if (j < n && v[base[j - 1]] < v[base[j]]) j++;
    if (!(v[item] < v[base[j - 1]])) break;
    base[i - 1] = base[j - 1];
    i = j;
    j += j;
  }
  base[i - 1] = item;
}

static void heap_argsort(const double *v, size_t *base, size_t n) {
  size_t l;
  for (l = n / 2; l > 0; l--) sift(v, base, l, n, base[l - 1]);
  while (n > 1) {
    size_t item = base[n - 1];
    base[n - 1] = base[0];
    n--;
    sift(v, base, 1, n, item);
  }
}

static void insertion_argsort(const double *v, size_t *idx, size_t lo, size_t hi) {
  size_t i;
  for (i = lo + 1; i <= hi; i++) {
    size_t item = idx[i], j = i;
    double key = v[item];
    while (j > lo && key < v[idx[j - 1]]) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = item;
  }
}

/* Hoare partition of idx[lo..hi] around the median of three; returns
 * the pivot's final slot. */
static size_t partition(const double *v, size_t *idx, size_t lo, size_t hi) {
  size_t mid = lo + ((hi - lo) >> 1), i = lo, j = hi - 1;
  double pivot;
  if (v[idx[mid]] < v[idx[lo]]) swap_at(idx, mid, lo);
  if (v[idx[hi]] < v[idx[mid]]) swap_at(idx, hi, mid);
  if (v[idx[mid]] < v[idx[lo]]) swap_at(idx, mid, lo);
  pivot = v[idx[mid]];
  swap_at(idx, mid, j);
  for (;;) {
    do i++; while (v[idx[i]] < pivot);
    do j--; while (pivot < v[idx[j]]);
    if (i >= j) break;
    swap_at(idx, i, j);
  }
  swap_at(idx, i, hi - 1);
  return i;
}

void hinge__argsort_np(const double *v, size_t *idx, size_t n) {
  hinge__argsort_np_budget(v, idx, n, 2 * floor_log2(n));
}

void hinge__argsort_np_budget(const double *v, size_t *idx, size_t n, int budget) {
  size_t stack[2 * STACK_PAIRS], lo = 0, hi, i;
  int depth[STACK_PAIRS], sp = 0;
  for (i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return;
  hi = n - 1;
  for (;;) {
    if (budget < 0) {
      heap_argsort(v, idx + lo, hi - lo + 1);
    } else {
      while (hi - lo > SMALL_RUN) {
        size_t p = partition(v, idx, lo, hi);
        /* Defer the larger side, go on with the smaller one. */
        if (p - lo < hi - p) {
          stack[2 * sp] = p + 1;
          stack[2 * sp + 1] = hi;
          hi = p - 1;
        } else {
          stack[2 * sp] = lo;
          stack[2 * sp + 1] = p - 1;
          lo = p + 1;
        }
        depth[sp++] = --budget;
      }
      insertion_argsort(v, idx, lo, hi);
    }
    if (sp == 0) break;
    sp--;
    lo = stack[2 * sp];
    hi = stack[2 * sp + 1];
    budget = depth[sp];
  }
}

void hinge__select_by_distance(const size_t *peaks, const double *priority, size_t n,
                               size_t distance, unsigned char *keep, size_t *order) {
  size_t r, j, k;
  for (k = 0; k < n; k++) keep[k] = 1;
  hinge__argsort_np(priority, order, n);
  for (r = n; r-- > 0;) {
    j = order[r];
    if (!keep[j]) continue;
    for (k = j; k > 0 && peaks[j] - peaks[k - 1] < distance; k--) keep[k - 1] = 0;
    for (k = j + 1; k < n && peaks[k] - peaks[j] < distance; k++) keep[k] = 0;
  }
}
