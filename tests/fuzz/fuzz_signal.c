/*
 * fuzz_signal -- the signal functions the analysis is built from, on
 * fuzzed traces and options: statistics, peaks (find_peaks, prominences),
 * low-pass, Savitzky-Golay, despiking, gap filling, resampling,
 * unwrapping, residual analysis, Butterworth sections and sosfilt(filt).
 *
 * Input: a flags byte, 63 option bytes (8 for the peaks, 8 low-pass, 8
 * Savitzky-Golay, 8 despike, 4 gap filling, 4 resampling, 4 unwrap, 8
 * sections, 11 residual analysis), then the samples: 8-byte raw doubles
 * (any bit pattern: NaN, infinities, subnormals) when the flags' bit 7 is
 * set, else 2-byte integers / 8 (smooth enough to have peaks and pass the
 * filters).  Flags bits 0-5: refuse that allocation (0 none) across the
 * calls.
 * Properties: statuses from each function's documented list, err filled;
 * in-place (y == x) and out-of-place results bit-identical; NaN stays NaN
 * and finite samples that a call must not touch stay bit-identical (gap
 * filling, unwrap); peak properties consistent with x and with
 * hinge_peak_prominences; filter reports add up; the allocator balanced.
 */
#include "fuzz_common.h"

#define MAXN 4096

static fuzz_alloc_state st;
static hinge_allocator alloc;

/* A call's status: OK, one of the allowed errors, or ENOMEM when the
 * injected failure happened during it. */
static void check_rc(int rc, const hinge_error *err, int failed_before, int allowed_mask) {
  int bit = rc == HINGE_OK ? 0 : 1 << (-rc);
  if (rc == HINGE_ENOMEM && st.failed && !failed_before) return;
  if (rc != HINGE_OK) FUZZ_CHECK(err->code == rc);
  if (!(bit == 0 || (allowed_mask & bit))) {
    fprintf(stderr, "unexpected status %s: %s\n", hinge_err_name(rc), err->message);
    FUZZ_CHECK(!"an allowed status");
  }
}
#define E(code) (1 << -(HINGE_##code))

static double range_bound(unsigned b) {
  return (b & 0x80) ? NAN : (double)(int)(b & 0x7F) - 32;
}

static void peaks(const double *x, size_t n, fuzz_in *o) {
  hinge_peak_opts po;
  hinge_peaks p;
  hinge_error err;
  unsigned sel = fuzz_byte(o);
  int rc, f = st.failed, has_nan = 0;
  size_t i;
  hinge_peak_opts_init(&po);
  if (sel & 1) po.height.min = range_bound(fuzz_byte(o)), po.height.max = range_bound(fuzz_byte(o));
  if (sel & 2) po.threshold.min = range_bound(fuzz_byte(o));
  if (sel & 4) po.prominence.min = range_bound(fuzz_byte(o)) / 4, po.prominence.max = range_bound(fuzz_byte(o));
  if (sel & 8) po.width.min = range_bound(fuzz_byte(o)) / 8, po.width.max = range_bound(fuzz_byte(o));
  if (sel & 16) po.plateau_size.min = range_bound(fuzz_byte(o)) / 16;
  if (sel & 32) po.distance = fuzz_byte(o) / 4.0;
  if (sel & 64) po.wlen = fuzz_byte(o) / 2.0;
  if (sel & 128) po.all_properties = 1, po.rel_height = fuzz_byte(o) / 64.0;
  for (i = 0; i < n; i++) has_nan |= isnan(x[i]);
  memset(&p, 0xA5, sizeof p);
  rc = hinge_find_peaks(x, n, &po, &p, &alloc, &err);
  check_rc(rc, &err, f, E(EINVAL));
  if (rc == HINGE_OK) FUZZ_CHECK(!has_nan);
  if (rc != HINGE_OK) {
    FUZZ_CHECK(p.count == 0);
  } else if (p.count > 0) {
    for (i = 0; i < p.count; i++) {
      size_t k = p.index[i];
      FUZZ_CHECK(k > 0 && k + 1 < n);
      if (i > 0) FUZZ_CHECK(p.index[i - 1] < k);
      FUZZ_CHECK(fuzz_same_double(p.peak_heights[i], x[k]));
      FUZZ_CHECK(p.left_edges[i] <= k && k <= p.right_edges[i]);
      FUZZ_CHECK(p.plateau_sizes[i] == p.right_edges[i] - p.left_edges[i] + 1);
      if (p.prominences != NULL) {
        FUZZ_CHECK(!(p.prominences[i] < 0));
        FUZZ_CHECK(p.left_bases[i] <= k && k <= p.right_bases[i]);
      }
      if (p.widths != NULL) {
        /* NaN where the interpolation overflows (samples near DBL_MAX),
         * as in scipy; never negative. */
        if (p.widths[i] < 0)
          fprintf(stderr, "peak %zu at %zu (x %.17g): width %.17g, ips %.17g..%.17g, width height "
                  "%.17g, prominence %.17g, bases %zu..%zu, rel_height %g, wlen %g, n %zu\n", i, k,
                  x[k], p.widths[i], p.left_ips[i], p.right_ips[i], p.width_heights[i],
                  p.prominences[i], p.left_bases[i], p.right_bases[i], po.rel_height, po.wlen, n);
        FUZZ_CHECK(!(p.widths[i] < 0));
        FUZZ_CHECK(!(p.left_ips[i] > p.right_ips[i]));
      }
    }
    if (p.prominences != NULL) {
      double *prom = malloc(p.count * sizeof *prom);
      size_t *lb = malloc(p.count * sizeof *lb), *rb = malloc(p.count * sizeof *rb);
      rc = hinge_peak_prominences(x, n, p.index, p.count, po.wlen, prom, lb, rb, &err);
      FUZZ_CHECK(rc == HINGE_OK);
      for (i = 0; i < p.count; i++)
        FUZZ_CHECK(fuzz_same_double(prom[i], p.prominences[i]) && lb[i] == p.left_bases[i] &&
                   rb[i] == p.right_bases[i]);
      if (p.widths != NULL) {
        double *w = malloc(p.count * sizeof *w);
        rc = hinge_peak_widths(x, n, p.index, p.count, po.rel_height, prom, lb, rb, w, NULL,
                               NULL, NULL, &err);
        FUZZ_CHECK(rc == HINGE_OK);
        for (i = 0; i < p.count; i++) FUZZ_CHECK(fuzz_same_double(w[i], p.widths[i]));
        free(w);
      }
      free(prom), free(lb), free(rb);
    }
  }
  hinge_peaks_clear(&p);
  hinge_peaks_clear(&p);
}

static void filter_report_ok(const hinge_filter_report *r) {
  FUZZ_CHECK(r->runs_filtered + r->runs_dropped == r->runs);
}

static void lowpass(const double *x, size_t n, fuzz_in *o) {
  hinge_lowpass_opts lo;
  hinge_filter_report r1, r2;
  hinge_error err;
  double *y = malloc(n * sizeof *y + 1), *z = malloc(n * sizeof *z + 1);
  unsigned b = fuzz_byte(o);
  int rc, rc2, f = st.failed;
  size_t i;
  char desc[8];
  hinge_lowpass_opts_init(&lo);
  lo.fs = 1 + fuzz_byte(o);
  lo.cutoff_hz = fuzz_byte(o) / 2.0;
  lo.order = (int)(b & 15) - 2;
  lo.zero_phase = (b >> 4) & 1;
  lo.correct_cutoff = (b >> 5) & 1;
  memcpy(z, x, n * sizeof *z);
  rc = hinge_lowpass(x, y, n, &lo, &r1, &alloc, &err);
  check_rc(rc, &err, f, E(EINVAL) | E(ETOOSHORT));
  if (rc == HINGE_OK || rc == HINGE_ETOOSHORT)
    FUZZ_CHECK(hinge_lowpass_check(&lo, NULL) == HINGE_OK);
  if (rc == HINGE_EINVAL) FUZZ_CHECK(hinge_lowpass_check(&lo, NULL) == HINGE_EINVAL);
  f = st.failed;
  rc2 = hinge_lowpass(z, z, n, &lo, &r2, &alloc, &err);
  check_rc(rc2, &err, f, E(EINVAL) | E(ETOOSHORT));
  if (rc == HINGE_OK && rc2 == HINGE_OK) {
    filter_report_ok(&r1);
    FUZZ_CHECK(memcmp(&r1, &r2, sizeof r1) == 0);
    for (i = 0; i < n; i++) {
      FUZZ_CHECK(fuzz_same_double(y[i], z[i]));
      if (!isfinite(x[i])) FUZZ_CHECK(isnan(y[i]));
    }
  }
  FUZZ_CHECK(hinge_lowpass_describe(&lo, desc, sizeof desc) >= 0);
  free(y), free(z);
}

static void savgol(const double *x, size_t n, fuzz_in *o) {
  hinge_savgol_opts so;
  hinge_filter_report r1, r2;
  hinge_error err;
  double *y = malloc(n * sizeof *y + 1), *z = malloc(n * sizeof *z + 1);
  int rc, rc2, f = st.failed;
  size_t i;
  hinge_savgol_opts_init(&so);
  so.window = (int)fuzz_byte(o) - 8;
  so.polyorder = (int)(fuzz_byte(o) % 12) - 1;
  so.deriv = (int)(fuzz_byte(o) % 5) - 1;
  so.fs = fuzz_byte(o) / 2.0;
  memcpy(z, x, n * sizeof *z);
  rc = hinge_savgol(x, y, n, &so, &r1, &alloc, &err);
  check_rc(rc, &err, f, E(EINVAL) | E(ETOOSHORT));
  f = st.failed;
  rc2 = hinge_savgol(z, z, n, &so, &r2, &alloc, &err);
  check_rc(rc2, &err, f, E(EINVAL) | E(ETOOSHORT));
  if (rc == HINGE_OK && rc2 == HINGE_OK) {
    filter_report_ok(&r1);
    for (i = 0; i < n; i++) {
      FUZZ_CHECK(fuzz_same_double(y[i], z[i]));
      if (!isfinite(x[i])) FUZZ_CHECK(isnan(y[i]));
    }
  }
  if (hinge_savgol_check(&so, NULL) == HINGE_OK && so.window <= 61) {
    double *c = malloc((size_t)so.window * sizeof *c);
    f = st.failed;
    rc = hinge_savgol_coeffs(so.window, so.polyorder, so.deriv, so.fs > 0 ? 1 / so.fs : 1, c,
                             &alloc, &err);
    check_rc(rc, &err, f, E(EINVAL));
    free(c);
  }
  free(y), free(z);
}

static void despike(const double *x, size_t n, fuzz_in *o) {
  hinge_hampel_opts ho;
  hinge_error err;
  double *y = malloc(n * sizeof *y + 1), *z = malloc(n * sizeof *z + 1);
  size_t rep1 = 0, rep2 = 0, i, changed = 0;
  int rc, rc2, f = st.failed;
  ho.half_window = fuzz_byte(o) % 40;
  ho.k = (int)fuzz_byte(o) / 16.0 - 1;
  ho.min_dev = fuzz_byte(o) / 32.0;
  memcpy(z, x, n * sizeof *z);
  rc = hinge_despike(x, y, n, &ho, &rep1, &alloc, &err);
  check_rc(rc, &err, f, E(EINVAL));
  FUZZ_CHECK((rc == HINGE_EINVAL) == (hinge_hampel_opts_check(&ho, NULL) != HINGE_OK));
  f = st.failed;
  rc2 = hinge_despike(z, z, n, &ho, &rep2, &alloc, &err);
  check_rc(rc2, &err, f, E(EINVAL));
  if (rc == HINGE_OK && rc2 == HINGE_OK) {
    FUZZ_CHECK(rep1 == rep2);
    for (i = 0; i < n; i++) {
      FUZZ_CHECK(fuzz_same_double(y[i], z[i]));
      if (isnan(x[i])) FUZZ_CHECK(isnan(y[i]));
      else if (!fuzz_same_double(x[i], y[i])) changed++;
    }
    FUZZ_CHECK(changed <= rep1);
  }
  free(y), free(z);
}

static void fill(const double *x, size_t n, fuzz_in *o) {
  double *y = malloc(n * sizeof *y + 1);
  size_t filled = 0, i, became = 0;
  unsigned b = fuzz_byte(o);
  hinge_error err;
  int rc;
  memcpy(y, x, n * sizeof *y);
  rc = hinge_fill_gaps(y, n, b & 63, (hinge_fill_method)((b >> 6) & 1), &filled, &err);
  check_rc(rc, &err, 1, 0);
  for (i = 0; i < n; i++) {
    if (!isnan(x[i])) FUZZ_CHECK(fuzz_same_double(x[i], y[i]));
    else if (!isnan(y[i])) became++;
  }
  FUZZ_CHECK(became <= filled);
  free(y);
}

static void resample(const double *x, size_t n, fuzz_in *o) {
  double *t = malloc(n * sizeof *t + 1), fs = fuzz_byte(o) / 4.0, acc = 0;
  unsigned step = fuzz_byte(o);
  size_t m = 0, i;
  hinge_error err;
  int rc;
  for (i = 0; i < n; i++) {
    double d = isfinite(x[i]) ? fabs(x[i]) : 1;
    acc += (step & 1) ? 0.01 * (1 + (i % (1 + step / 2))) : d / 100;
    t[i] = acc;
  }
  rc = hinge_resample_count(t, n, fs, &m, &err);
  check_rc(rc, &err, 1, E(EINVAL) | E(ELIMIT));
  if (rc == HINGE_OK && m <= ((size_t)1 << 20)) {
    double *y = malloc(m * sizeof *y + 1), *tk = malloc(m * sizeof *tk + 1);
    rc = hinge_resample(t, x, n, fs, y, tk, m, &err);
    FUZZ_CHECK(rc == HINGE_OK);
    for (i = 0; i < m; i++) FUZZ_CHECK(tk[i] >= t[0] && tk[i] <= t[n - 1] + 1 / fs);
    if (m > 0) FUZZ_CHECK(fuzz_same_value(y[0], x[0]));
    FUZZ_CHECK(hinge_resample(t, x, n, fs, y, tk, m + 1, &err) == HINGE_EINVAL);
    free(y), free(tk);
  }
  free(t);
}

static void unwrap(const double *x, size_t n, fuzz_in *o) {
  double *y = malloc(n * sizeof *y + 1), period = fuzz_byte(o) * 3.0 - 10;
  unsigned d = fuzz_byte(o);
  double discont = (d & 128) ? NAN : d;
  size_t i;
  int tame = 1; /* no infinity and no step that overflows: NaN stays where it was */
  hinge_error err;
  int rc;
  memcpy(y, x, n * sizeof *y);
  rc = hinge_unwrap(y, n, period, discont, &err);
  check_rc(rc, &err, 1, E(EINVAL));
  for (i = 0; i < n; i++)
    if (isinf(x[i]) || fabs(x[i]) > 1e300) tame = 0;
  if (rc == HINGE_OK && tame)
    for (i = 0; i < n; i++) FUZZ_CHECK(isnan(x[i]) == isnan(y[i]));
  free(y);
}

static void sections(const double *x, size_t n, fuzz_in *o) {
  double sos[6 * HINGE_SOS_MAX_SECTIONS], zi[2 * HINGE_SOS_MAX_SECTIONS];
  int ns = 0, rc, order = (int)(fuzz_byte(o) % 10);
  double cutoff = fuzz_byte(o) / 2.0, fs = 1 + fuzz_byte(o);
  hinge_error err;
  size_t padlen;
  rc = hinge_butter_sos(order, cutoff, fs, sos, &ns, &err);
  check_rc(rc, &err, 1, E(EINVAL));
  if (rc != HINGE_OK) return;
  FUZZ_CHECK(ns == (order + 1) / 2);
  rc = hinge_sosfilt_zi(sos, ns, zi, &err);
  check_rc(rc, &err, 1, E(EINVAL));
  padlen = hinge_sosfiltfilt_padlen(sos, ns);
  {
    double *y = malloc(n * sizeof *y + 1), *z = malloc(n * sizeof *z + 1);
    size_t i;
    int f = st.failed, rc2;
    memcpy(z, x, n * sizeof *z);
    rc = hinge_sosfilt(sos, ns, x, y, n, fuzz_byte(o) & 1, &err);
    check_rc(rc, &err, 1, E(EINVAL));
    rc = hinge_sosfiltfilt(sos, ns, x, y, n, HINGE_PADLEN_DEFAULT, &alloc, &err);
    check_rc(rc, &err, f, E(ETOOSHORT));
    FUZZ_CHECK((rc == HINGE_ETOOSHORT) == (n <= padlen) || rc == HINGE_ENOMEM);
    f = st.failed;
    rc2 = hinge_sosfiltfilt(sos, ns, z, z, n, HINGE_PADLEN_DEFAULT, &alloc, &err);
    if (rc == HINGE_OK && rc2 == HINGE_OK)
      for (i = 0; i < n; i++) FUZZ_CHECK(fuzz_same_value(y[i], z[i]));
    (void)f;
    free(y), free(z);
  }
}

static void residual(const double *x, size_t n, fuzz_in *o) {
  hinge_residual_opts ro;
  hinge_residual_result res;
  hinge_error err;
  double fs = 10 + fuzz_byte(o);
  unsigned b = fuzz_byte(o);
  int rc, f = st.failed;
  hinge_residual_opts_init(&ro);
  ro.count = 2 + b % 24;
  ro.order = 1 + (b >> 5);
  rc = hinge_residual_cutoff(x, n, fs, &ro, &res, NULL, NULL, &alloc, &err);
  check_rc(rc, &err, f, E(EINVAL) | E(ETOOSHORT) | E(ENODATA) | E(ERANGE));
  if (rc == HINGE_OK && !(res.cutoff_hz > 0 && res.cutoff_hz < fs / 2))
    fprintf(stderr, "residual: cutoff %.17g Hz (fs %g, count %zu, order %d), noise %.17g, slope "
            "%.17g, fit points %zu, n %zu\n", res.cutoff_hz, fs, ro.count, ro.order, res.noise_rms,
            res.slope, res.fit_points, n);
  if (rc == HINGE_OK) FUZZ_CHECK(res.cutoff_hz > 0 && res.cutoff_hz < fs / 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size}, opt;
  uint8_t ob[64];
  double *x;
  size_t n = 0, i;
  unsigned b0;
  hinge_stats s;
  hinge_error err;
  int rc;
  if (size < 8) return 0;
  b0 = fuzz_byte(&in);
  /* 63 option bytes (zero past the input), then samples. */
  memset(ob, 0, sizeof ob);
  for (i = 0; i < sizeof ob && in.n > 0; i++) ob[i] = (uint8_t)fuzz_byte(&in);
  x = malloc(MAXN * sizeof *x);
  while (in.n > 0 && n < MAXN) {
    if (b0 & 0x80) x[n++] = fuzz_double(&in);
    else x[n++] = (int16_t)fuzz_u64(&in, 2) / 8.0;
  }
  alloc = fuzz_alloc_start(&st, b0 & 63);

  rc = hinge_stats_compute(x, n, &s, &alloc, &err);
  check_rc(rc, &err, 0, E(EINVAL));
  if (rc == HINGE_OK) {
    size_t valid = 0;
    for (i = 0; i < n; i++) valid += !isnan(x[i]);
    FUZZ_CHECK(s.n == n && s.valid == valid);
    if (valid > 0 && !isnan(s.median)) FUZZ_CHECK(s.min <= s.median && s.median <= s.max);
  }
  opt.p = ob, opt.n = 8;
  peaks(x, n, &opt);
  opt.p = ob + 8, opt.n = 8;
  lowpass(x, n, &opt);
  opt.p = ob + 16, opt.n = 8;
  savgol(x, n, &opt);
  opt.p = ob + 24, opt.n = 8;
  despike(x, n, &opt);
  opt.p = ob + 32, opt.n = 4;
  fill(x, n, &opt);
  opt.p = ob + 36, opt.n = 4;
  resample(x, n, &opt);
  opt.p = ob + 40, opt.n = 4;
  unwrap(x, n, &opt);
  opt.p = ob + 44, opt.n = 8;
  sections(x, n, &opt);
  opt.p = ob + 52, opt.n = 4;
  residual(x, n, &opt);
  FUZZ_CHECK(st.live == 0);
  free(x);
  return 0;
}
