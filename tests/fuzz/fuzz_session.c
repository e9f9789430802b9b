/*
 * fuzz_session -- a session export through the loader and the whole
 * analysis (hinge_table_load_buffer / hinge_table_load, hinge_analyze,
 * hinge_analyze_inplace, hinge_analyze_calibrate).
 *
 * Input: 4 option bytes, then the CSV text.
 *   byte 0: bits 0-1 delimiter (detect, ',', ';', tab); bit 2 lenient;
 *           bit 3 fs given (1 + byte1 Hz); bit 4 map lumbar to column
 *           "L1_S1_flex"; bit 5 require hip and time; bit 6 also load the
 *           file (memfd) and analyse it in place: the table and the
 *           analysis must be identical; bit 7 fail one allocation (the
 *           1 + byte3-th), which must give HINGE_ENOMEM or the same result
 *   byte 1: fs, gap factor and the threshold value
 *   byte 2: bits 0-4 which threshold to set (hinge_analyze_config_param
 *           index, 31 = none); bit 5 calibrate standing first, bit 6 with
 *           max_flexion; bit 7 despike k = 0 (every sample tested)
 *   byte 3: the allocation to fail
 * Properties: statuses from the documented lists, with err filled; every
 * accessor consistent (counts, NaN counts, find, time, gaps, warnings);
 * reps numbered 1.., times ordered start <= liftoff <= lockout <= end,
 * verdicts and flags consistent, the set verdict the worst rep's; the
 * summary snprintf-shaped; the allocator balanced after destroy.
 *
 * The allocator refuses any single block over 16 MiB (a session of at
 * most 64 KiB never needs one): an irregular time base can ask for a
 * resampling grid of up to 2^40 samples, which ASan would report as a
 * crash; refused, it must come back as HINGE_ENOMEM.
 */
#include "fuzz_common.h"

#define BLOCK_CAP ((size_t)16 << 20)

static fuzz_file file;

/* fuzz_alloc_fn with a cap on a block's size. */
static size_t big_refused;
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  if (nsize > BLOCK_CAP) {
    big_refused++;
    if (ptr != NULL) { /* still check osize */
      size_t have;
      memcpy(&have, (unsigned char *)ptr - FUZZ_ALLOC_HDR, sizeof have);
      FUZZ_CHECK(have == osize);
    }
    return NULL;
  }
  return fuzz_alloc_fn(ud, ptr, osize, nsize);
}

static void check_err(int rc, const hinge_error *err) {
  if (rc == HINGE_OK) return;
  if (err->code != rc)
    fprintf(stderr, "status %s, err.code %s (%s)\n", hinge_err_name(rc), hinge_err_name(err->code),
            err->message);
  FUZZ_CHECK(err->code == rc);
  FUZZ_CHECK(err->message[0] != '\0');
}

static void check_table(const hinge_table *t, int lenient) {
  size_t i, j, rows = hinge_table_rows(t), cols = hinge_table_columns(t);
  const double *time = hinge_table_time(t);
  const hinge_timing *tm = hinge_table_timing(t);
  const hinge_schema *sc = hinge_table_schema(t);
  const hinge_meta *meta = hinge_table_meta(t);
  volatile double sink = 0;
  FUZZ_CHECK(rows >= 1);
  FUZZ_CHECK(cols >= 1);
  FUZZ_CHECK(time != NULL);
  for (i = 0; i < rows; i++) sink += time[i];
  FUZZ_CHECK(hinge_table_column_info(t, cols) == NULL);
  FUZZ_CHECK(hinge_table_column(t, cols) == NULL);
  for (i = 0; i < cols; i++) {
    const hinge_column_info *ci = hinge_table_column_info(t, i);
    const double *x = hinge_table_column(t, i);
    size_t nan = 0;
    long found;
    FUZZ_CHECK(ci != NULL && ci->name != NULL);
    FUZZ_CHECK(ci->role >= HINGE_ROLE_NONE && ci->role < HINGE_ROLE_COUNT);
    FUZZ_CHECK(ci->unit >= HINGE_UNIT_NONE && ci->unit <= HINGE_UNIT_NS); /* us, ns: after text */
    FUZZ_CHECK((x == NULL) == (ci->unit == HINGE_UNIT_TEXT));
    if (x != NULL) {
      for (j = 0; j < rows; j++) {
        if (isnan(x[j])) nan++;
        else if (!lenient) sink += x[j];
      }
      FUZZ_CHECK(nan == ci->missing);
    }
    found = hinge_table_find(t, ci->name);
    FUZZ_CHECK(found >= 0 && (size_t)found < cols);
    FUZZ_CHECK(strcasecmp(hinge_table_column_info(t, (size_t)found)->name, ci->name) == 0 ||
               hinge_role_from_name(ci->name) >= 0);
    if (ci->role != HINGE_ROLE_NONE) {
      long rc = hinge_table_role_column(t, ci->role);
      FUZZ_CHECK(rc >= 0 && (size_t)rc < cols);
      FUZZ_CHECK(hinge_table_column_info(t, (size_t)rc)->role == ci->role);
    }
  }
  FUZZ_CHECK(tm != NULL && sc != NULL && meta != NULL);
  FUZZ_CHECK(tm->sample_rate_hz > 0 && isfinite(tm->sample_rate_hz));
  FUZZ_CHECK(sc->delimiter == ',' || sc->delimiter == ';' || sc->delimiter == '\t');
  FUZZ_CHECK(sc->decimal == '.' || sc->decimal == ',');
  FUZZ_CHECK(sc->header_line >= 1 && sc->header_line <= sc->lines);
  FUZZ_CHECK(hinge_table_gap_count(t) == tm->gaps);
  for (i = 0; i < hinge_table_gap_count(t); i++) {
    const hinge_gap *g = hinge_table_gap(t, i);
    FUZZ_CHECK(g != NULL && g->row < rows && g->line >= 1);
  }
  FUZZ_CHECK(hinge_table_gap(t, hinge_table_gap_count(t)) == NULL);
  for (i = 0; i < hinge_table_warning_count(t); i++) {
    const hinge_warning *w = hinge_table_warning(t, i);
    FUZZ_CHECK(w != NULL && w->kind != NULL && w->message != NULL && w->count >= 1);
  }
  FUZZ_CHECK(hinge_table_warning(t, hinge_table_warning_count(t)) == NULL);
  FUZZ_CHECK(hinge_table_file(t) != NULL);
  (void)sink;
}

static void same_tables(const hinge_table *a, const hinge_table *b) {
  size_t i, j, rows = hinge_table_rows(a), cols = hinge_table_columns(a);
  FUZZ_CHECK(rows == hinge_table_rows(b) && cols == hinge_table_columns(b));
  for (i = 0; i < cols; i++) {
    const hinge_column_info *x = hinge_table_column_info(a, i), *y = hinge_table_column_info(b, i);
    const double *u = hinge_table_column(a, i), *v = hinge_table_column(b, i);
    FUZZ_CHECK(strcmp(x->name, y->name) == 0 && x->role == y->role && x->unit == y->unit &&
               x->mapped == y->mapped && x->missing == y->missing);
    FUZZ_CHECK((u == NULL) == (v == NULL));
    if (u != NULL)
      for (j = 0; j < rows; j++) FUZZ_CHECK(fuzz_same_double(u[j], v[j]));
  }
  for (j = 0; j < rows; j++)
    FUZZ_CHECK(fuzz_same_double(hinge_table_time(a)[j], hinge_table_time(b)[j]));
  FUZZ_CHECK(memcmp(hinge_table_timing(a), hinge_table_timing(b), sizeof(hinge_timing)) == 0);
  FUZZ_CHECK(memcmp(hinge_table_schema(a), hinge_table_schema(b), sizeof(hinge_schema)) == 0);
  FUZZ_CHECK(hinge_table_gap_count(a) == hinge_table_gap_count(b));
  FUZZ_CHECK(hinge_table_warning_count(a) == hinge_table_warning_count(b));
  for (i = 0; i < hinge_table_warning_count(a); i++)
    FUZZ_CHECK(strcmp(hinge_table_warning(a, i)->message, hinge_table_warning(b, i)->message) == 0);
  {
    const hinge_meta *x = hinge_table_meta(a), *y = hinge_table_meta(b);
    FUZZ_CHECK(fuzz_same_str(x->athlete, y->athlete) && fuzz_same_str(x->date, y->date) &&
               fuzz_same_str(x->set, y->set) && fuzz_same_str(x->exercise, y->exercise) &&
               fuzz_same_value(x->load_kg, y->load_kg));
  }
}

static void check_analysis(const hinge_analysis *a) {
  size_t i, n = hinge_analysis_rep_count(a);
  const hinge_rep *reps = hinge_analysis_reps(a);
  const hinge_set_summary *set = hinge_analysis_set(a);
  const char *seg = hinge_analysis_segmented_on(a);
  int worst = HINGE_FORM_OK, any_unknown = 0, len, len1;
  char small[8], big[4096];
  FUZZ_CHECK((reps == NULL) == (n == 0));
  FUZZ_CHECK(set != NULL && set->reps == n);
  for (i = 0; i < n; i++) {
    const hinge_rep *r = &reps[i];
    FUZZ_CHECK(r->rep == (int)i + 1);
    FUZZ_CHECK(r->start_s <= r->liftoff_s && r->liftoff_s <= r->lockout_s &&
               r->lockout_s <= r->end_s);
    if (i > 0) FUZZ_CHECK(reps[i - 1].liftoff_s < r->liftoff_s);
    FUZZ_CHECK(r->verdict >= HINGE_FORM_OK && r->verdict <= HINGE_FORM_UNKNOWN);
    FUZZ_CHECK((r->flags & ~3u) == 0);
    if (r->flags & HINGE_REP_LUMBAR_ROUNDING) FUZZ_CHECK(r->verdict == HINGE_FORM_STOP);
    if (r->verdict == HINGE_FORM_UNKNOWN) any_unknown = 1;
    else if ((int)r->verdict > worst) worst = (int)r->verdict;
  }
  /* The set: the worst known verdict from caution up, else unknown when a
   * rep is unknown or there is no rep (nothing was judged), else ok
   * (docs/algorithms.md, "Not assessed"). */
  if (worst == HINGE_FORM_OK && (any_unknown || n == 0)) worst = HINGE_FORM_UNKNOWN;
  FUZZ_CHECK(set->verdict == (hinge_form_verdict)worst);
  /* analyze.h lists "hip", "trunk", "thoracic+lumbar"; with one spine
   * channel only, that channel's name (analyze_condition.c). */
  FUZZ_CHECK(seg != NULL && (strcmp(seg, "hip") == 0 || strcmp(seg, "trunk") == 0 ||
                             strcmp(seg, "thoracic+lumbar") == 0 ||
                             strcmp(seg, "thoracic") == 0 || strcmp(seg, "lumbar") == 0));
  FUZZ_CHECK(hinge_analysis_sample_rate(a) > 0);
  FUZZ_CHECK(hinge_analysis_file(a) && hinge_analysis_athlete(a) && hinge_analysis_date(a) &&
             hinge_analysis_set_label(a));
  for (i = 0; i < hinge_analysis_processing_count(a); i++)
    FUZZ_CHECK(hinge_analysis_processing(a, i) != NULL);
  for (i = 0; i < hinge_analysis_warning_count(a); i++)
    FUZZ_CHECK(hinge_analysis_warning(a, i) != NULL);
  FUZZ_CHECK(hinge_analysis_standing(a) != NULL && hinge_analysis_config(a) != NULL);
  len = hinge_analysis_summary(a, big, sizeof big);
  len1 = hinge_analysis_summary(a, small, sizeof small);
  FUZZ_CHECK(len >= 0 && len == len1);
  if ((size_t)len < sizeof big) FUZZ_CHECK(strlen(big) == (size_t)len);
  FUZZ_CHECK(strlen(small) == ((size_t)len < sizeof small ? (size_t)len : sizeof small - 1));
}

#define SAME_D(f) FUZZ_CHECK(fuzz_same_double(x->f, y->f))
static void same_region(const hinge_region_rep *x, const hinge_region_rep *y) {
  SAME_D(start_deg); SAME_D(peak_deg); SAME_D(rounding_deg); SAME_D(peak_velocity_deg_s);
  SAME_D(start_pct_max); SAME_D(peak_pct_max);
}
static void same_set_region(const hinge_set_region *x, const hinge_set_region *y) {
  SAME_D(drift_deg_per_rep); SAME_D(change_deg); SAME_D(mean_rounding_deg);
  SAME_D(max_rounding_deg); SAME_D(setup_sd_deg); SAME_D(setup_peak_r); SAME_D(setup_peak_slope);
  FUZZ_CHECK(x->trend == y->trend);
}

static void same_analyses(const hinge_analysis *a, const hinge_analysis *b) {
  size_t i, n = hinge_analysis_rep_count(a);
  FUZZ_CHECK(n == hinge_analysis_rep_count(b));
  for (i = 0; i < n; i++) {
    const hinge_rep *x = &hinge_analysis_reps(a)[i], *y = &hinge_analysis_reps(b)[i];
    FUZZ_CHECK(x->rep == y->rep && x->flags == y->flags && x->verdict == y->verdict);
    SAME_D(start_s); SAME_D(liftoff_s); SAME_D(lockout_s); SAME_D(end_s);
    SAME_D(pull_duration_s); SAME_D(hip_setup_deg); SAME_D(trunk_setup_deg);
    SAME_D(peak_extension_velocity_deg_s); SAME_D(set);
    same_region(&x->thoracic, &y->thoracic);
    same_region(&x->lumbar, &y->lumbar);
  }
  {
    const hinge_set_summary *x = hinge_analysis_set(a), *y = hinge_analysis_set(b);
    FUZZ_CHECK(x->reps == y->reps && x->verdict == y->verdict && x->fatigue == y->fatigue);
    same_set_region(&x->thoracic, &y->thoracic);
    same_set_region(&x->lumbar, &y->lumbar);
    SAME_D(hip_setup_sd_deg); SAME_D(pull_first_s); SAME_D(pull_last_s);
    SAME_D(pull_increase_pct); SAME_D(pull_slope_s_per_rep);
  }
  {
    const hinge_standing *x = hinge_analysis_standing(a), *y = hinge_analysis_standing(b);
    SAME_D(hip_deg); SAME_D(thoracic_deg); SAME_D(lumbar_deg); SAME_D(trunk_deg);
    SAME_D(duration_s);
    FUZZ_CHECK(x->source == y->source);
  }
  FUZZ_CHECK(fuzz_same_double(hinge_analysis_sample_rate(a), hinge_analysis_sample_rate(b)));
  FUZZ_CHECK(hinge_analysis_samples(a) == hinge_analysis_samples(b));
  FUZZ_CHECK(strcmp(hinge_analysis_segmented_on(a), hinge_analysis_segmented_on(b)) == 0);
  FUZZ_CHECK(hinge_analysis_processing_count(a) == hinge_analysis_processing_count(b));
  for (i = 0; i < hinge_analysis_processing_count(a); i++)
    FUZZ_CHECK(strcmp(hinge_analysis_processing(a, i), hinge_analysis_processing(b, i)) == 0);
  FUZZ_CHECK(hinge_analysis_warning_count(a) == hinge_analysis_warning_count(b));
  for (i = 0; i < hinge_analysis_warning_count(a); i++)
    FUZZ_CHECK(strcmp(hinge_analysis_warning(a, i), hinge_analysis_warning(b, i)) == 0);
}

static int load_ok(int rc) {
  return rc == HINGE_OK || rc == HINGE_EPARSE || rc == HINGE_ESCHEMA || rc == HINGE_ERANGE ||
         rc == HINGE_ENODATA || rc == HINGE_ELIMIT;
}
static int analyze_ok(int rc) {
  return rc == HINGE_OK || rc == HINGE_EINVAL || rc == HINGE_ESCHEMA || rc == HINGE_ETOOSHORT ||
         rc == HINGE_ELIMIT; /* a time gap too long to resample across */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char delims[4] = {0, ',', ';', '\t'};
  static const hinge_role_map map = {HINGE_ROLE_LUMBAR, "L1_S1_flex", 0};
  fuzz_in in = {data, size};
  unsigned b0, b1, b2, b3;
  fuzz_alloc_state st;
  hinge_allocator a;
  hinge_load_options o;
  hinge_analyze_config cfg;
  hinge_table *t = NULL, *t2 = NULL;
  hinge_analysis *an = NULL, *an2 = NULL;
  hinge_error err;
  int rc, rc2, injected;
  if (file.path[0] == '\0') fuzz_file_init(&file, "session.csv");
  if (size < 4) return 0;
  b0 = fuzz_byte(&in), b1 = fuzz_byte(&in), b2 = fuzz_byte(&in), b3 = fuzz_byte(&in);
  injected = (b0 & 0x80) != 0;

  a = fuzz_alloc_start(&st, injected ? 1 + b3 : 0);
  a.fn = capped_alloc;
  memset(&o, 0, sizeof o);
  o.alloc = &a;
  o.delimiter = delims[b0 & 3];
  o.flags = (b0 & 4) ? HINGE_LOAD_LENIENT : 0;
  if (b0 & 8) o.fs = 1 + b1;
  if (b0 & 16) o.map = &map, o.nmap = 1;
  if (b0 & 32) o.require = HINGE_ROLE_BIT(HINGE_ROLE_HIP) | HINGE_ROLE_BIT(HINGE_ROLE_TIME);
  o.gap_factor = 1.0 + (b1 & 15) * 0.25;

  hinge_analyze_config_default(&cfg);
  if ((b2 & 31) != 31) {
    hinge_analyze_param p;
    if (hinge_analyze_config_param(b2 & 31, &p)) {
      double v = p.min + (isfinite(p.max) ? (p.max - p.min) * b1 / 255.0 : b1 / 8.0);
      if (!isfinite(v)) v = p.default_value;
      /* In the domain; lowpass_order and count_final_rise also want an
       * integer (which hinge_analyze_param does not say). */
      if (isfinite(v) && v >= p.min && v <= p.max &&
          hinge_analyze_config_set(&cfg, p.name, v, &err) != HINGE_OK)
        FUZZ_CHECK(hinge_analyze_config_set(&cfg, p.name, round(v), &err) == HINGE_OK);
    }
  }
  if (b2 & 128) hinge_analyze_config_set(&cfg, "despike_k", 0, NULL);

  fuzz_file_write(&file, in.p, in.n);
  hinge_error_clear(&err);
  rc = hinge_table_load_buffer(file.path, in.p, in.n, &o, &t, &err);
  check_err(rc, &err);
  FUZZ_CHECK((rc == HINGE_OK) == (t != NULL));
  if (!(load_ok(rc) || (rc == HINGE_ENOMEM && (st.failed || big_refused)))) {
    fprintf(stderr, "load: %s: %s\n", hinge_err_name(rc), err.message);
    FUZZ_CHECK(!"a documented load status");
  }
  if (rc == HINGE_OK) {
    check_table(t, (b0 & 4) != 0);
    if (b2 & 32) {
      hinge_analyze_input input;
      FUZZ_CHECK(hinge_analyze_input_from_table(t, &input, &err) == HINGE_OK);
      hinge_analyze_config before = cfg;
      rc2 = hinge_analyze_calibrate(&input, (b2 & 64) != 0, &cfg, &a, &err);
      check_err(rc2, &err);
      /* ERANGE: a maximal-flexion rise beyond the field's 360 deg. */
      FUZZ_CHECK(analyze_ok(rc2) || rc2 == HINGE_ENODATA || rc2 == HINGE_ERANGE ||
                 (rc2 == HINGE_ENOMEM && (st.failed || big_refused)));
      /* A failed calibration leaves cfg as it was (bit for bit). */
      if (rc2 != HINGE_OK) FUZZ_CHECK(memcmp(&before, &cfg, sizeof cfg) == 0);
      if (rc2 == HINGE_OK && hinge_analyze_config_check(&cfg, &err) != HINGE_OK) {
        fprintf(stderr, "calibration (max_flexion %d) left the config invalid: %s\n",
                (b2 & 64) != 0, err.message);
        FUZZ_CHECK(!"calibration keeps the config valid");
      }
    }
    hinge_error_clear(&err);
    rc = hinge_analyze(t, &cfg, &a, &an, &err);
    check_err(rc, &err);
    FUZZ_CHECK((rc == HINGE_OK) == (an != NULL));
    if (!(analyze_ok(rc) || (rc == HINGE_ENOMEM && (st.failed || big_refused)))) {
      fprintf(stderr, "analyze: %s: %s\n", hinge_err_name(rc), err.message);
      FUZZ_CHECK(!"a documented analyze status");
    }
    if (an != NULL) check_analysis(an);
  }

  /* The same input through the file reader and the in-place analysis,
   * every allocation granted. */
  if ((b0 & 64) && !injected) {
    fuzz_alloc_state st2;
    hinge_allocator a2 = fuzz_alloc_start(&st2, 0);
    size_t refused = big_refused;
    a2.fn = capped_alloc;
    o.alloc = &a2;
    rc2 = hinge_table_load(file.path, &o, &t2, &err);
    FUZZ_CHECK(rc2 == (t != NULL ? HINGE_OK : rc));
    if (t2 != NULL) {
      same_tables(t, t2);
      rc2 = hinge_analyze_inplace(t2, &cfg, &a2, &an2, &err);
      if (big_refused == refused) {
        FUZZ_CHECK(rc2 == rc);
        if (an2 != NULL) same_analyses(an, an2);
      }
    }
    hinge_analysis_destroy(an2);
    hinge_table_destroy(t2);
    FUZZ_CHECK(st2.live == 0);
  }
  hinge_analysis_destroy(an);
  hinge_table_destroy(t);
  FUZZ_CHECK(st.live == 0);
  return 0;
}
