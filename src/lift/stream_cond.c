/*
 * stream_cond.c -- the live analysis' causal conditioning, per channel:
 *
 * 1. Despiking: the offline Hampel identifier (dsp/hampel.c) with the same
 *    window (despike_half_window_s each side, 0.05 s by default), k and
 *    floor, judged as soon as its last sample arrives: a look-ahead of
 *    despike_half_window_s (at most 0.1 s is allowed).  The window's
 *    valid values are kept sorted (binary search and memmove per step).
 * 2. Gaps: a missing (or replaced) sample is unmeasured; the low-pass
 *    holds the last value over up to fill_max_gap_s of them (the offline
 *    analysis fills linearly, which needs the gap's far end), longer gaps
 *    stay missing and the filter restarts on the next valid sample.
 * 3. A causal Butterworth low-pass (lowpass_hz, lowpass_order) from
 *    hinge_butter_sos, started in steady state (hinge_sosfilt_zi).  Its
 *    output is placed dlp samples earlier, dlp being the cascade's group
 *    delay at 0 Hz rounded: slow movements then line up in time with the
 *    offline zero-phase filter's, while every sample is analysed
 *    h + dlp samples after it arrives (hinge_stream_delay_s).
 */
#include <math.h>
#include <string.h>

#include "hinge/clean.h"
#include "hinge/filter.h"
#include "dsp/sorted_window.h"
#include "stream_internal.h"

static void win_enter(hinge__schan *c, size_t slot, double v) {
  c->ring[slot] = v;
  if (isnan(v)) return;
  hinge__sw_insert(c->sorted, c->count++, v);
}

static void win_leave(hinge__schan *c, size_t slot) {
  double v = c->ring[slot];
  if (isnan(v)) return;
  hinge__sw_remove(c->sorted, c->count--, v);
}

/* The window's median and MAD: the offline Hampel filter's (dsp). */
static double win_median(const hinge__schan *c) { return hinge__sw_median(c->sorted, c->count); }
static double win_mad(const hinge__schan *c, double med) {
  return hinge__sw_mad(c->sorted, c->count, med);
}

/* Judge the sample in slot (its window complete): the despiked value,
 * *flag 1 when it was replaced. */
static double judge(const hinge__scond *sc, const hinge__schan *c, size_t slot,
                    unsigned char *flag) {
  double v = c->ring[slot], med, thr;
  *flag = 0;
  if (isnan(v)) return v;
  med = win_median(c);
  if (fabs(v - med) <= sc->min_dev) return v; /* the floor: no MAD needed */
  thr = sc->k * HINGE_HAMPEL_MAD_SCALE * win_mad(c, med);
  if (thr < sc->min_dev) thr = sc->min_dev;
  if (fabs(v - med) > thr) {
    *flag = 1;
    return med;
  }
  return v;
}

/* The cascade on one value. */
static double cascade(const hinge__scond *sc, hinge__schan *c, double x) {
  int k;
  for (k = 0; k < sc->nsec; k++) {
    const double *b = sc->sos + 6 * k;
    double y = b[0] * x + c->z[k][0];
    c->z[k][0] = b[1] * x - b[4] * y + c->z[k][1];
    c->z[k][1] = b[2] * x - b[5] * y;
    x = y;
  }
  return x;
}

/* The despiked value d of index k (flag 1: replaced) into the gap hold
 * and the low-pass; c->y is the output. */
static void lowpass_step(hinge__scond *sc, hinge__schan *c, size_t k, double d,
                         unsigned char flag) {
  int j;
  if (isnan(d)) {
    c->gap++;
    if (c->started && c->gap <= sc->max_hold) {
      d = c->last;
      flag = 1;
    } else {
      c->started = 0;
      flag = 2;
    }
  } else {
    c->gap = 0;
    c->last = d;
    if (!c->started) {
      for (j = 0; j < sc->nsec; j++) {
        c->z[j][0] = sc->zi[2 * j] * d;
        c->z[j][1] = sc->zi[2 * j + 1] * d;
      }
      c->started = 1;
    }
  }
  c->flag[k % HINGE__SDELAY_MAX] = flag;
  c->y = flag == 2 ? NAN : cascade(sc, c, d);
}

/* Trace sample k - dlp, after every channel took despiked index k. */
static int emit(hinge_stream *s, size_t k, hinge_error *err) {
  hinge__scond *sc = &s->cond;
  hinge__ssample out;
  int i;
  if (k < sc->dlp) return HINGE_OK;
  out.j = k - sc->dlp;
  for (i = 0; i < HINGE__CH_ALL; i++) {
    out.v[i] = NAN;
    out.u[i] = 1;
  }
  for (i = 0; i < sc->nch; i++) {
    hinge__schan *c = &sc->c[sc->ch_id[i]];
    unsigned char f = c->flag[out.j % HINGE__SDELAY_MAX];
    out.v[sc->ch_id[i]] = f == 2 ? NAN : c->y;
    out.u[sc->ch_id[i]] = (unsigned char)(f != 0 || isnan(c->y));
  }
  out.set = sc->set_ring[out.j % HINGE__SDELAY_MAX];
  return hinge__stream_sample(s, &out, err);
}

int hinge__scond_push(hinge_stream *s, const double *raw, double set, hinge_error *err) {
  hinge__scond *sc = &s->cond;
  size_t i = s->in_n, h = sc->h;
  int ch;
  sc->set_ring[i % HINGE__SDELAY_MAX] = set;
  for (ch = 0; ch < sc->nch; ch++) {
    hinge__schan *c = &sc->c[sc->ch_id[ch]];
    win_enter(c, i % sc->span, raw[sc->ch_id[ch]]);
    if (i >= h) {
      size_t k = i - h;
      unsigned char f;
      double d = judge(sc, c, k % sc->span, &f);
      if (k >= h) win_leave(c, (k - h) % sc->span);
      lowpass_step(sc, c, k, d, f);
    }
  }
  return i >= h ? emit(s, i - h, err) : HINGE_OK;
}

int hinge__scond_flush(hinge_stream *s, hinge_error *err) {
  hinge__scond *sc = &s->cond;
  size_t n = s->in_n, h = sc->h, k, j;
  int ch, rc = HINGE_OK;
  if (n == 0) return HINGE_OK;
  /* the despiking's last h samples, their windows cut by the end */
  for (k = n > h ? n - h : 0; k < n && rc == HINGE_OK; k++) {
    for (ch = 0; ch < sc->nch; ch++) {
      hinge__schan *c = &sc->c[sc->ch_id[ch]];
      unsigned char f;
      double d = judge(sc, c, k % sc->span, &f);
      if (k >= h) win_leave(c, (k - h) % sc->span);
      lowpass_step(sc, c, k, d, f);
    }
    rc = emit(s, k, err);
  }
  /* the low-pass delay: the last value held, as padding */
  for (j = 0; j < sc->dlp && rc == HINGE_OK; j++) {
    for (ch = 0; ch < sc->nch; ch++) {
      hinge__schan *c = &sc->c[sc->ch_id[ch]];
      c->y = c->started ? cascade(sc, c, c->last) : NAN;
      c->flag[(n + j) % HINGE__SDELAY_MAX] = 0;
    }
    rc = emit(s, n + j, err);
  }
  return rc;
}

/* The cascade's group delay at 0 Hz, in samples. */
static double group_delay(const double *sos, int nsec) {
  double d = 0;
  int k;
  for (k = 0; k < nsec; k++) {
    const double *b = sos + 6 * k;
    d += (b[1] + 2 * b[2]) / (b[0] + b[1] + b[2]) - (b[4] + 2 * b[5]) / (1 + b[4] + b[5]);
  }
  return d;
}

int hinge__scond_init(hinge_stream *s, hinge_error *err) {
  hinge__scond *sc = &s->cond;
  const hinge_analyze_config *cfg = &s->cfg;
  double fs = s->fs, dly;
  int ch, rc;
  memset(sc, 0, sizeof *sc);
  sc->h = (size_t)(cfg->despike_half_window_s * fs + 0.5);
  if (sc->h < 1) sc->h = 1;
  sc->span = 2 * sc->h + 1;
  sc->k = cfg->despike_k;
  sc->min_dev = cfg->despike_min_deg;
  sc->max_hold = (size_t)(cfg->fill_max_gap_s * fs + 0.5);
  rc = hinge_butter_sos((int)cfg->lowpass_order, cfg->lowpass_hz, fs, sc->sos, &sc->nsec, err);
  if (rc == HINGE_OK && 2 * sc->nsec <= HINGE__SMAX_SECTIONS) {
    /* twice, as the offline forward-backward pass: the same magnitude
     * response (and so the same smoothing of noise), with twice the delay */
    memcpy(sc->sos + 6 * sc->nsec, sc->sos, (size_t)sc->nsec * 6 * sizeof(double));
    sc->nsec *= 2;
  }
  if (rc == HINGE_OK) rc = hinge_sosfilt_zi(sc->sos, sc->nsec, sc->zi, err);
  if (rc != HINGE_OK) return rc;
  dly = group_delay(sc->sos, sc->nsec);
  sc->dlp = dly > 0 ? (size_t)(dly + 0.5) : 0;
  if (sc->h + sc->dlp + 2 >= HINGE__SDELAY_MAX || (double)sc->h / fs > 0.1 + 1e-9)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "stream: the despiking window (%g s each "
                       "side, at most 0.1 s) and the low-pass delay (%zu samples) do not fit "
                       "at %g Hz", cfg->despike_half_window_s, sc->dlp, fs);
  for (ch = 0; ch < HINGE__CH_ALL; ch++) {
    hinge__schan *c;
    if (!s->has[ch]) continue;
    sc->ch_id[sc->nch++] = ch;
    c = &sc->c[ch];
    c->ring = hinge__malloc(s->alloc, sc->span * sizeof(double));
    c->sorted = hinge__malloc(s->alloc, sc->span * sizeof(double));
    if (c->ring == NULL || c->sorted == NULL)
      return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "stream: out of memory");
    s->bytes += 2 * sc->span * sizeof(double);
  }
  return HINGE_OK;
}

void hinge__scond_free(hinge_stream *s) {
  hinge__scond *sc = &s->cond;
  int ch;
  for (ch = 0; ch < HINGE__CH_ALL; ch++) {
    hinge__free(s->alloc, sc->c[ch].ring, sc->span * sizeof(double));
    hinge__free(s->alloc, sc->c[ch].sorted, sc->span * sizeof(double));
    sc->c[ch].ring = sc->c[ch].sorted = NULL;
  }
}
