/*
 * filter.c -- conditioning a trace with missing samples: the run-by-run
 * driver, and the Butterworth low-pass built on butter.c and sosfilt.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_internal.h"
#include "base/internal.h"

/* Length of the run of finite samples starting at x[i]. */
static size_t run_length(const double *x, size_t n, size_t i) {
  size_t j = i;
  while (j < n && isfinite(x[j])) j++;
  return j - i;
}

size_t hinge__longest_run(const double *x, size_t n) {
  size_t i = 0, best = 0;
  while (i < n) {
    size_t len = run_length(x, n, i);
    if (len > best) best = len;
    i += len ? len : 1;
  }
  return best;
}

static int too_short(const double *x, size_t n, size_t longest, size_t min_length,
                     const char *what, hinge_error *err) {
  if (longest == n)
    return hinge__fail(err, HINGE_ETOOSHORT, NULL, 0, 0,
                       "signal too short: %zu samples, %s needs at least %zu", n, what, min_length);
  (void)x;
  return hinge__fail(err, HINGE_ETOOSHORT, NULL, 0, 0,
                     "signal too short: the longest run without missing samples has %zu "
                     "samples, %s needs at least %zu", longest, what, min_length);
}

int hinge__filter_runs(const double *x, double *y, size_t n, const hinge__run_filter *f,
                       hinge_filter_report *rep, hinge_error *err) {
  hinge_filter_report r;
  size_t i = 0, longest = hinge__longest_run(x, n), k, min_length = f->min_length;
  int rc;
  memset(&r, 0, sizeof r);
  r.min_length = min_length;
  if (longest > 0 && longest < min_length)
    return too_short(x, n, longest, min_length, f->what, err);
  while (i < n) {
    size_t len = run_length(x, n, i);
    if (len == 0) { /* a missing sample */
      y[i++] = NAN;
      continue;
    }
    r.runs++;
    if (len >= min_length) {
      if ((rc = f->fn(f->ctx, x + i, y + i, len, err)) != HINGE_OK) return rc;
      r.runs_filtered++;
    } else {
      for (k = i; k < i + len; k++) y[k] = NAN;
      r.runs_dropped++;
      r.samples_dropped += len;
    }
    i += len;
  }
  if (rep != NULL) *rep = r;
  return HINGE_OK;
}

/* ------------------------------------------------------------ low-pass */

void hinge_lowpass_opts_init(hinge_lowpass_opts *o) {
  if (o == NULL) return;
  o->cutoff_hz = 6.0;
  o->fs = 0.0;
  o->order = 2;
  o->zero_phase = 1;
  o->correct_cutoff = 0;
}

double hinge_lowpass_design_cutoff(const hinge_lowpass_opts *o) {
  if (!o->correct_cutoff) return o->cutoff_hz;
  return o->cutoff_hz / hinge_winter_correction(o->order, o->zero_phase ? 2 : 1);
}

int hinge_lowpass_check(const hinge_lowpass_opts *o, hinge_error *err) {
  return hinge_lowpass_opts_check(o, err);
}

int hinge_lowpass_opts_check(const hinge_lowpass_opts *o, hinge_error *err) {
  double fc;
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "low-pass: NULL options");
  if (o->order < 1 || o->order > HINGE_BUTTER_MAX_ORDER)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass order must be 1..%d (got %d)", HINGE_BUTTER_MAX_ORDER, o->order);
  if (!(o->fs > 0) || !isfinite(o->fs))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass needs a positive sample rate fs (got %g Hz)", o->fs);
  if (!(o->cutoff_hz > 0) || !(o->cutoff_hz < o->fs / 2))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass cutoff must be above 0 and below fs/2 = %g Hz (got %g Hz)",
                       o->fs / 2, o->cutoff_hz);
  fc = hinge_lowpass_design_cutoff(o);
  if (!(fc < o->fs / 2))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "low-pass cutoff %g Hz corrected for two passes is %g Hz, "
                       "not below fs/2 = %g Hz", o->cutoff_hz, fc, o->fs / 2);
  return HINGE_OK;
}

/* The sections of a checked low-pass. */
static int lowpass_design(const hinge_lowpass_opts *o, double *sos, int *ns, hinge_error *err) {
  int rc = hinge_lowpass_opts_check(o, err);
  if (rc != HINGE_OK) return rc;
  return hinge_butter_sos(o->order, hinge_lowpass_design_cutoff(o), o->fs, sos, ns, err);
}

size_t hinge_lowpass_min_length(const hinge_lowpass_opts *o) {
  double sos[6 * HINGE_SOS_MAX_SECTIONS];
  int ns;
  if (lowpass_design(o, sos, &ns, NULL) != HINGE_OK) return 0;
  return o->zero_phase ? hinge_sosfiltfilt_padlen(sos, ns) + 1 : 1;
}

typedef struct lowpass_run {
  const hinge_lowpass_opts *o;
  double sos[6 * HINGE_SOS_MAX_SECTIONS];
  int ns;
} lowpass_run;

static int lowpass_one(void *ctx, const double *x, double *y, size_t n, hinge_error *err) {
  lowpass_run *c = ctx;
  if (c->o->zero_phase)
    return hinge_sosfiltfilt(c->sos, c->ns, x, y, n, HINGE_PADLEN_DEFAULT, NULL, err);
  return hinge_sosfilt(c->sos, c->ns, x, y, n, 1, err);
}

int hinge_lowpass(const double *x, double *y, size_t n, const hinge_lowpass_opts *o,
                  hinge_filter_report *rep, const hinge_allocator *alloc, hinge_error *err) {
  lowpass_run c;
  hinge__run_filter f;
  char what[96];
  size_t need;
  int rc;
  (void)alloc; /* the default pad length fits the stack buffers */
  if ((rc = lowpass_design(o, c.sos, &c.ns, err)) != HINGE_OK) return rc;
  if ((x == NULL || y == NULL) && n > 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "low-pass: NULL array");
  c.o = o;
  need = o->zero_phase ? hinge_sosfiltfilt_padlen(c.sos, c.ns) + 1 : 1;
  snprintf(what, sizeof what, "zero-phase low-pass N=%d (odd extension of %zu samples)",
           o->order, need - 1);
  f.min_length = need;
  f.what = what;
  f.fn = lowpass_one;
  f.ctx = &c;
  return hinge__filter_runs(x, y, n, &f, rep, err);
}

/* ------------------------------------------- several channels at once */

/* A run to filter: len samples at v. */
typedef struct lane_job {
  double *v;
  size_t len;
} lane_job;

typedef struct job_list {
  lane_job *j;
  size_t n, cap;
  const hinge_allocator *alloc;
} job_list;

static int push_job(job_list *l, double *v, size_t len, hinge_error *err) {
  if (l->n == l->cap) {
    size_t nc = l->cap ? 2 * l->cap : 16;
    lane_job *g = hinge__realloc(l->alloc, l->j, l->cap * sizeof *g, nc * sizeof *g);
    if (g == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "low-pass: out of memory");
    l->j = g;
    l->cap = nc;
  }
  l->j[l->n].v = v;
  l->j[l->n++].len = len;
  return HINGE_OK;
}

/* The end of the run of finite samples from x[i]: four at a time while
 * (x - x) sums to 0, which it does only when all four are finite. */
static size_t run_end(const double *x, size_t n, size_t i) {
  while (i + 4 <= n &&
         ((x[i] - x[i]) + (x[i + 1] - x[i + 1])) + ((x[i + 2] - x[i + 2]) + (x[i + 3] - x[i + 3])) == 0)
    i += 4;
  while (i < n && isfinite(x[i])) i++;
  return i;
}

void hinge__spans_note(hinge__spans *g, size_t i, const hinge_allocator *a) {
  if (g->n > 0 && g->s[g->n - 1].start + g->s[g->n - 1].len == i) {
    g->s[g->n - 1].len++;
    return;
  }
  if (g->n == g->cap) {
    size_t nc = g->cap ? 2 * g->cap : 16;
    hinge__span *s = hinge__realloc(a, g->s, g->cap * sizeof *s, nc * sizeof *s);
    if (s == NULL) {
      g->known = 0;
      return;
    }
    g->s = s;
    g->cap = nc;
  }
  g->s[g->n].start = i;
  g->s[g->n++].len = 1;
}

void hinge__spans_free(hinge__spans *g, const hinge_allocator *a) {
  hinge__free(a, g->s, g->cap * sizeof *g->s);
  memset(g, 0, sizeof *g);
}

/* One channel's scan: its samples x[0..n-1], the shortest run filtered
 * (need), the job list the long runs join, the longest run so far and
 * the channel's report. */
typedef struct channel_scan {
  double *x;
  size_t n, need, longest;
  job_list *jobs;
  hinge_filter_report *r;
} channel_scan;

/* One run of finite samples x[i..end): a job when long enough, else
 * counted as dropped. */
static int take_run(channel_scan *s, size_t i, size_t end, hinge_error *err) {
  hinge_filter_report *r = s->r;
  r->runs++;
  if (end - i > s->longest) s->longest = end - i;
  if (end - i >= s->need) {
    r->runs_filtered++;
    return push_job(s->jobs, s->x + i, end - i, err);
  }
  r->runs_dropped++;
  r->samples_dropped += end - i;
  return HINGE_OK;
}

/* The runs between the known gaps g. */
static int take_between(channel_scan *s, const hinge__spans *g, hinge_error *err) {
  size_t i = 0, k;
  int rc = HINGE_OK;
  for (k = 0; k <= g->n && rc == HINGE_OK; k++) {
    size_t end = k < g->n ? g->s[k].start : s->n;
    if (end > i) rc = take_run(s, i, end, err);
    if (k < g->n) i = g->s[k].start + g->s[k].len;
  }
  return rc;
}

/* One channel's runs: those of at least s->need samples become jobs, the
 * rest is counted in s->r; s->longest is the longest run.  The runs are
 * the stretches between the known gaps g, else found by a scan.  Nothing
 * is written. */
static int scan_channel(channel_scan *s, const hinge__spans *g, hinge_error *err) {
  size_t i = 0;
  int rc = HINGE_OK;
  memset(s->r, 0, sizeof *s->r);
  s->r->min_length = s->need;
  s->longest = 0;
  if (g != NULL && g->known) return take_between(s, g, err);
  while (i < s->n && rc == HINGE_OK) {
    size_t end;
    if (!isfinite(s->x[i])) {
      i++;
      continue;
    }
    end = run_end(s->x, s->n, i);
    rc = take_run(s, i, end, err);
    i = end;
  }
  return rc;
}

/* NaN over x[from, to): the missing samples and the runs too short. */
static void blank(double *x, size_t from, size_t to) {
  for (; from < to; from++) x[from] = NAN;
}

/* Longest jobs first. */
static int longer_first(const void *a, const void *b) {
  size_t x = ((const lane_job *)a)->len, y = ((const lane_job *)b)->len;
  return (x < y) - (x > y);
}

/* Everything outside the jobs becomes NaN, channel by channel (the jobs
 * of channel c are jobs[first[c] .. first[c+1]), in order). */
static void blank_outside(const hinge__channels *cs, const job_list *jobs, const size_t *first) {
  double *const *ch = cs->ch;
  size_t c, k;
  for (c = 0; c < cs->nch; c++) {
    size_t at = 0;
    if (ch[c] == NULL) continue;
    for (k = first[c]; k < first[c + 1]; k++) {
      size_t start = (size_t)(jobs->j[k].v - ch[c]);
      blank(ch[c], at, start);
      at = start + jobs->j[k].len;
    }
    blank(ch[c], at, cs->n);
  }
}

static int lowpass_one_by_one(const hinge__channels *cs, const hinge_lowpass_opts *o,
                              const hinge_allocator *alloc, hinge_error *err) {
  double *const *ch = cs->ch;
  size_t c;
  int rc;
  for (c = 0; c < cs->nch; c++)
    if (ch[c] != NULL &&
        (rc = hinge_lowpass(ch[c], ch[c], cs->n, o, cs->reps ? &cs->reps[c] : NULL, alloc, err)) !=
            HINGE_OK)
      return rc;
  return HINGE_OK;
}

/* Every job, four at a time, the longest first so that a group's lanes
 * are alike. */
static void filter_jobs(job_list *jobs, const double *sos, int ns) {
  size_t k;
  if (jobs->n > 1) qsort(jobs->j, jobs->n, sizeof *jobs->j, longer_first);
  for (k = 0; k < jobs->n; k += 4) {
    double *v[4];
    size_t len[4];
    int lanes;
    for (lanes = 0; lanes < 4 && k + (size_t)lanes < jobs->n; lanes++) {
      v[lanes] = jobs->j[k + (size_t)lanes].v;
      len[lanes] = jobs->j[k + (size_t)lanes].len;
    }
    hinge__sosfiltfilt_lanes(sos, ns, v, len, lanes);
  }
}

#define MAX_CHANNELS 8

/* The runs of every channel as jobs (first[c]: channel c's first job)
 * and each channel's report. */
typedef struct job_plan {
  job_list jobs;
  size_t first[MAX_CHANNELS + 1];
  hinge_filter_report r[MAX_CHANNELS];
} job_plan;

/* Every channel's runs into jp; fails as hinge__filter_runs when a
 * channel has a finite sample but no run long enough. */
static int scan_channels(const hinge__channels *cs, size_t need, const char *what, job_plan *jp,
                         hinge_error *err) {
  job_list *jobs = &jp->jobs;
  size_t k, *first = jp->first;
  hinge_filter_report *r = jp->r;
  int rc = HINGE_OK;
  for (k = 0; k < cs->nch && rc == HINGE_OK; k++) {
    channel_scan s;
    first[k] = jobs->n;
    memset(&r[k], 0, sizeof r[k]);
    if (cs->ch[k] == NULL) continue;
    s.x = cs->ch[k];
    s.n = cs->n;
    s.need = need;
    s.jobs = jobs;
    s.r = &r[k];
    rc = scan_channel(&s, cs->gaps ? &cs->gaps[k] : NULL, err);
    if (rc == HINGE_OK && s.longest > 0 && s.longest < need)
      rc = too_short(cs->ch[k], cs->n, s.longest, need, what, err);
  }
  first[cs->nch] = jobs->n;
  return rc;
}

int hinge__lowpass_channels(const hinge__channels *cs, const hinge_lowpass_opts *o,
                            const hinge_allocator *alloc, hinge_error *err) {
  lowpass_run c;
  job_plan jp;
  size_t pad;
  double zi[2 * HINGE_SOS_MAX_SECTIONS];
  char what[96];
  int rc = lowpass_design(o, c.sos, &c.ns, err);
  if (rc != HINGE_OK) return rc;
  pad = hinge_sosfiltfilt_padlen(c.sos, c.ns);
  /* the lanes need a zero-phase filter with a steady state and short pads */
  if (!o->zero_phase || pad > HINGE__LANES_MAX_PAD || cs->nch > MAX_CHANNELS ||
      hinge_sosfilt_zi(c.sos, c.ns, zi, NULL) != HINGE_OK)
    return lowpass_one_by_one(cs, o, alloc, err);
  snprintf(what, sizeof what, "zero-phase low-pass N=%d (odd extension of %zu samples)",
           o->order, pad);
  jp.jobs.j = NULL;
  jp.jobs.n = jp.jobs.cap = 0;
  jp.jobs.alloc = alloc;
  rc = scan_channels(cs, pad + 1, what, &jp, err);
  if (rc == HINGE_OK) {
    blank_outside(cs, &jp.jobs, jp.first);
    filter_jobs(&jp.jobs, c.sos, c.ns);
    if (cs->reps != NULL) memcpy(cs->reps, jp.r, cs->nch * sizeof *jp.r);
  }
  hinge__free(alloc, jp.jobs.j, jp.jobs.cap * sizeof *jp.jobs.j);
  return rc;
}

int hinge_lowpass_describe(const hinge_lowpass_opts *o, char *buf, size_t size) {
  const char *mode = o->zero_phase ? "zero-phase" : "causal";
  if (o->correct_cutoff && o->zero_phase)
    return snprintf(buf, size, "low-pass Butterworth N=%d %g Hz %s (Winter-corrected, designed at %g Hz)",
                    o->order, o->cutoff_hz, mode, hinge_lowpass_design_cutoff(o));
  return snprintf(buf, size, "low-pass Butterworth N=%d %g Hz %s", o->order, o->cutoff_hz, mode);
}
