/* Allocation failure across the public C API: through the hinge_allocator
 * hook, refuse the Nth allocation request for N = 1, 2, ... until a run
 * completes without reaching N.  For every N: no crash; the status is
 * HINGE_ENOMEM (with err saying so) or the run's result is identical to
 * the run with every allocation granted (a refused request the code can do
 * without, such as libcsv retrying a smaller block); and once the handles
 * are destroyed the allocator holds nothing (and the hook's osize contract
 * held throughout).  The sanitizer build adds ASan/LSan on top.
 *
 * Results are compared through a canonical text of everything a caller
 * can read (doubles written with %a, so bit for bit).  The number of
 * allocation requests each scenario covers is printed on stderr and
 * written to <test tmp>/allocfail.txt (docs/testing.md quotes them).  The
 * Lua-state variant (binding) is tested separately. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"

#define DATA HINGE_TEST_DATA
#define EXAMPLES HINGE_TEST_DATA "/../../examples/data"

/* ---- the failing, checking allocator ---------------------------------- */

typedef struct fail_alloc {
  size_t live;     /* bytes allocated and not freed */
  size_t requests; /* allocations and growing reallocations so far */
  size_t fail_at;  /* the request refused (1-based); 0 = none */
  int sticky;      /* refuse every request from fail_at on, not only that one */
  int failed;      /* it came */
  int bad_osize;   /* an osize that was not the block's size */
} fail_alloc;

#define HDR 16u

static void *fail_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
  fail_alloc *st = ud;
  unsigned char *h = ptr ? (unsigned char *)ptr - HDR : NULL;
  size_t have = 0;
  if (h != NULL) memcpy(&have, h, sizeof have);
  if (have != osize) st->bad_osize = 1;
  if (nsize == 0) {
    st->live -= have;
    free(h);
    return NULL;
  }
  if (nsize > have && st->fail_at != 0 &&
      (++st->requests == st->fail_at || (st->sticky && st->requests > st->fail_at))) {
    st->failed = 1;
    return NULL;
  }
  h = realloc(h, HDR + nsize);
  if (h == NULL) return NULL;
  memcpy(h, &nsize, sizeof nsize);
  st->live = st->live - have + nsize;
  return h + HDR;
}

/* ---- canonical text of results ---------------------------------------- */


static void put_table(FILE *o, const hinge_table *t) {
  size_t i, j, rows = hinge_table_rows(t);
  const hinge_timing *tm = hinge_table_timing(t);
  const hinge_schema *sc = hinge_table_schema(t);
  const hinge_meta *m = hinge_table_meta(t);
  fprintf(o, "file=%s rows=%zu cols=%zu\n", hinge_table_file(t), rows, hinge_table_columns(t));
  for (i = 0; i < hinge_table_columns(t); i++) {
    const hinge_column_info *ci = hinge_table_column_info(t, i);
    const double *x = hinge_table_column(t, i);
    fprintf(o, "col %s role=%d unit=%d mapped=%d missing=%zu\n", ci->name, ci->role, ci->unit,
            ci->mapped, ci->missing);
    if (x != NULL)
      for (j = 0; j < rows; j++) fprintf(o, "%a ", x[j]);
    fputc('\n', o);
  }
  for (j = 0; j < rows; j++) fprintf(o, "%a ", hinge_table_time(t)[j]);
  fprintf(o, "\nschema %c %c %d %d %ld %ld\n", sc->delimiter, sc->decimal, sc->had_bom, sc->crlf,
          sc->header_line, sc->lines);
  fprintf(o, "meta %s %s %s %s %s %s %a\n", m->athlete ? m->athlete : "-",
          m->date ? m->date : "-", m->set ? m->set : "-", m->exercise ? m->exercise : "-",
          m->athlete_from ? m->athlete_from : "-", m->date_from ? m->date_from : "-", m->load_kg);
  fprintf(o, "timing %a %a %d %a %a %a %a %zu %a %zu %zu %zu %zu\n", tm->sample_rate_hz,
          tm->detected_hz, tm->fs_given, tm->median_step_s, tm->start_s, tm->end_s,
          tm->duration_s, tm->gaps, tm->longest_gap_s, tm->duplicates, tm->backwards,
          tm->irregular, tm->missing_time);
  for (i = 0; i < hinge_table_gap_count(t); i++) {
    const hinge_gap *g = hinge_table_gap(t, i);
    fprintf(o, "gap %zu %ld %a %a\n", g->row, g->line, g->start_s, g->end_s);
  }
  for (i = 0; i < hinge_table_warning_count(t); i++) {
    const hinge_warning *w = hinge_table_warning(t, i);
    fprintf(o, "warning %s %ld %ld %zu %s\n", w->kind, w->line, w->column, w->count, w->message);
  }
}

static void put_region(FILE *o, const char *name, const hinge_region_rep *r) {
  fprintf(o, "%s %a %a %a %a %a %a\n", name, r->start_deg, r->peak_deg, r->rounding_deg,
          r->peak_velocity_deg_s, r->start_pct_max, r->peak_pct_max);
}

static void put_set_region(FILE *o, const char *name, const hinge_set_region *r) {
  fprintf(o, "%s %a %a %d %a %a %a %a %a\n", name, r->drift_deg_per_rep, r->change_deg,
          r->trend, r->mean_rounding_deg, r->max_rounding_deg, r->setup_sd_deg, r->setup_peak_r,
          r->setup_peak_slope);
}

static void put_analysis(FILE *o, const hinge_analysis *a) {
  size_t i;
  const hinge_set_summary *s = hinge_analysis_set(a);
  const hinge_standing *st = hinge_analysis_standing(a);
  char summary[1024];
  fprintf(o, "fs=%a samples=%zu seg=%s file=%s athlete=%s date=%s set=%s\n",
          hinge_analysis_sample_rate(a), hinge_analysis_samples(a),
          hinge_analysis_segmented_on(a), hinge_analysis_file(a), hinge_analysis_athlete(a),
          hinge_analysis_date(a), hinge_analysis_set_label(a));
  for (i = 0; i < hinge_analysis_rep_count(a); i++) {
    const hinge_rep *r = &hinge_analysis_reps(a)[i];
    fprintf(o, "rep %d %a %a %a %a %a %a %a %a %u %d %a\n", r->rep, r->start_s, r->liftoff_s,
            r->lockout_s, r->end_s, r->pull_duration_s, r->hip_setup_deg, r->trunk_setup_deg,
            r->peak_extension_velocity_deg_s, r->flags, r->verdict, r->set);
    put_region(o, "thoracic", &r->thoracic);
    put_region(o, "lumbar", &r->lumbar);
  }
  fprintf(o, "set %zu %d %a %a %a %a %a %d\n", s->reps, s->verdict, s->hip_setup_sd_deg,
          s->pull_first_s, s->pull_last_s, s->pull_increase_pct, s->pull_slope_s_per_rep,
          s->fatigue);
  put_set_region(o, "thoracic", &s->thoracic);
  put_set_region(o, "lumbar", &s->lumbar);
  fprintf(o, "standing %a %a %a %a %d %a\n", st->hip_deg, st->thoracic_deg, st->lumbar_deg,
          st->trunk_deg, st->source, st->duration_s);
  for (i = 0; i < hinge_analysis_processing_count(a); i++)
    fprintf(o, "processing %s\n", hinge_analysis_processing(a, i));
  for (i = 0; i < hinge_analysis_warning_count(a); i++)
    fprintf(o, "warning %s\n", hinge_analysis_warning(a, i));
  hinge_analysis_summary(a, summary, sizeof summary);
  fprintf(o, "summary %s\n", summary);
}

static void put_series(FILE *o, const char *name, const double *x, size_t n) {
  size_t i;
  fprintf(o, "%s", name);
  for (i = 0; i < n; i++) fprintf(o, " %a", x[i]);
  fputc('\n', o);
}

static void put_logs(FILE *o, const hinge_logs *l) {
  size_t i;
  for (i = 0; i < hinge_logs_soreness_count(l); i++) {
    const hinge_soreness_entry *e = hinge_logs_soreness(l, i);
    fprintf(o, "sore %ld %s %s %a %u %a %u %ld\n", e->day, e->athlete, e->region, e->severity,
            e->quality, e->sleep_h, e->flags, e->line);
  }
  for (i = 0; i < hinge_logs_training_count(l); i++) {
    const hinge_training_entry *e = hinge_logs_training(l, i);
    fprintf(o, "train %ld %s %s %s %a %a %a %a %a %ld\n", e->day, e->athlete, e->exercise,
            e->session, e->sets, e->reps, e->load_kg, e->rpe, e->duration_min, e->line);
  }
  for (i = 0; i < hinge_logs_analysis_count(l); i++) {
    const hinge_analysis_entry *e = hinge_logs_analysis(l, i);
    fprintf(o, "analysis %ld %s %s %zu %zu %zu\n", e->day, e->athlete, e->file, e->reps,
            e->lumbar_rounding_reps, e->upper_back_rounding_reps);
  }
  for (i = 0; i < hinge_logs_warning_count(l); i++) fprintf(o, "warning %s\n", hinge_logs_warning(l, i));
}

static void put_assessment(FILE *o, const hinge_assessment *as) {
  size_t i, j;
  fprintf(o, "on %ld\n", hinge_assessment_on(as));
  for (i = 0; i < hinge_assessment_count(as); i++) {
    const hinge_athlete_result *r = hinge_assessment_athlete(as, i);
    const hinge_trainload_metrics *m = &r->load;
    fprintf(o, "athlete %s verdict %d basis %d first %ld\n", r->athlete, r->verdict,
            r->load_basis, r->load_first_day);
    for (j = 0; j < r->nfindings; j++) {
      const hinge_finding *f = &r->findings[j];
      fprintf(o, " finding %s %d %s %d | %s | %s | %s\n", f->rule, f->verdict,
              f->region ? f->region : "-", f->escalate, f->message,
              f->suggestion ? f->suggestion : "-", f->source ? f->source : "-");
    }
    for (j = 0; j < r->nsuggestions; j++) fprintf(o, " suggestion %s\n", r->suggestions[j]);
    for (j = 0; j < r->nepisodes; j++) {
      const hinge_episode *e = &r->episodes[j];
      fprintf(o, " episode %s %ld %ld %ld %a %a %zu %u %d %d\n", e->region, e->onset,
              e->peak_day, e->last_day, e->peak, e->latest, e->reports, e->quality,
              e->trajectory, e->current);
    }
    if (r->load_basis != HINGE_TRAINLOAD_NONE)
      fprintf(o, " load %a %a %a %a %a %a %a %a %a %a %a %a %a %d\n", m->load, m->acute_ewma,
              m->chronic_ewma, m->acwr_ewma, m->acute_mean, m->chronic_mean, m->acwr_rolling,
              m->weekly_load, m->monotony, m->strain, m->fitness, m->fatigue, m->performance,
              m->days);
  }
}

/* ---- the sweep ------------------------------------------------------- */

/* A scenario: API calls through allocator a, the result's text into o;
 * returns the status of the first failing call (err filled), else OK.
 * It destroys everything it made before returning. */
typedef int (*scenario_fn)(const hinge_allocator *a, FILE *o, hinge_error *err);

typedef struct outcome {
  int rc;
  char *text;
  size_t len;
  fail_alloc st;
  hinge_error err;
} outcome;

static void run(scenario_fn fn, size_t fail_at, int sticky, outcome *out) {
  hinge_allocator a;
  FILE *o;
  memset(out, 0, sizeof *out);
  out->st.fail_at = fail_at;
  out->st.sticky = sticky;
  a.fn = fail_fn;
  a.ud = &out->st;
  hinge_error_clear(&out->err);
  o = open_memstream(&out->text, &out->len);
  cr_assert_not_null(o);
  out->rc = fn(&a, o, &out->err);
  fclose(o);
}

static FILE *report;

/* Refuse request 1, 2, ... until a run completes without reaching it --
 * once refusing only that request, once refusing it and every later one
 * (a retry after a refusal then fails too) -- and check each outcome;
 * returns how many requests the scenario makes. */
static size_t sweep_mode(const char *name, scenario_fn fn, int sticky, size_t *enomem,
                         size_t *absorbed) {
  outcome ref, got;
  size_t n;
  run(fn, 0, 0, &ref);
  cr_assert_eq(ref.rc, HINGE_OK, "%s: %s", name, ref.err.message);
  cr_assert_eq(ref.st.live, 0, "%s: %zu bytes still allocated after the run", name, ref.st.live);
  cr_assert(!ref.st.bad_osize, "%s: the hook was given a wrong osize", name);
  for (n = 1;; n++) {
    run(fn, n, sticky, &got);
    cr_assert_eq(got.st.live, 0, "%s, request %zu%s refused: %zu bytes leaked (status %s)", name,
                 n, sticky ? " and on" : "", got.st.live, hinge_err_name(got.rc));
    cr_assert(!got.st.bad_osize, "%s, request %zu%s refused: wrong osize given to the hook", name,
              n, sticky ? " and on" : "");
    if (got.rc == HINGE_ENOMEM) {
      cr_assert(got.st.failed, "%s: HINGE_ENOMEM without a refused request", name);
      cr_assert_eq(got.err.code, HINGE_ENOMEM, "%s, request %zu%s refused: err.code %s (%s)",
                   name, n, sticky ? " and on" : "", hinge_err_name(got.err.code),
                   got.err.message);
      (*enomem)++;
    } else {
      cr_assert(got.rc == ref.rc && got.len == ref.len && memcmp(got.text, ref.text, ref.len) == 0,
                "%s, request %zu%s refused: status %s (%s), and a result %s the full run's", name,
                n, sticky ? " and on" : "", hinge_err_name(got.rc), got.err.message,
                got.rc == ref.rc ? "different from" : "instead of");
      if (got.st.failed) (*absorbed)++;
    }
    free(got.text);
    if (!got.st.failed) break; /* the run made fewer than n requests */
    cr_assert_lt(n, 100000, "%s: no end to the requests", name);
  }
  free(ref.text);
  return n - 1;
}

static size_t sweep(const char *name, scenario_fn fn) {
  size_t enomem = 0, absorbed = 0, s_enomem = 0, s_absorbed = 0;
  size_t n = sweep_mode(name, fn, 0, &enomem, &absorbed);
  sweep_mode(name, fn, 1, &s_enomem, &s_absorbed);
  fprintf(stderr, "allocfail %-42s %4zu requests: ENOMEM %4zu / %4zu (one / from N on), "
          "absorbed %2zu / %2zu\n", name, n, enomem, s_enomem, absorbed, s_absorbed);
  if (report) {
    fprintf(report, "%-42s %4zu requests: ENOMEM %4zu / %4zu (one / from N on), absorbed %2zu / "
            "%2zu\n", name, n, enomem, s_enomem, absorbed, s_absorbed);
    fflush(report);
  }
  cr_assert_gt(n, 0, "%s: the scenario allocates nothing", name);
  return n;
}

static void open_report(void) {
  report = fopen(HINGE_TEST_TMP "/allocfail.txt", "a");
}
static void close_report(void) {
  if (report) fclose(report);
  report = NULL;
}

TestSuite(allocfail, .init = open_report, .fini = close_report, .timeout = 600);

/* ---- small inputs ------------------------------------------------------ */

/* Every k-th row of a file (and its header) into the test folder; returns
 * the new path (static per slot). */
static const char *decimate(const char *src, const char *name, int k, int slot) {
  static char path[4][512];
  char line[4096];
  FILE *in = fopen(src, "rb"), *out;
  long i = 0;
  snprintf(path[slot], sizeof path[slot], "%s/%s", HINGE_TEST_TMP, name);
  out = fopen(path[slot], "wb");
  cr_assert(in != NULL && out != NULL, "%s", src);
  while (fgets(line, sizeof line, in) != NULL)
    if (i++ % k == 0) fputs(line, out);
  fclose(in);
  fclose(out);
  return path[slot];
}

static const char *write_text(const char *name, const char *text, int slot) {
  static char path[4][512];
  FILE *f;
  snprintf(path[slot], sizeof path[slot], "%s/%s", HINGE_TEST_TMP, name);
  f = fopen(path[slot], "wb");
  cr_assert_not_null(f);
  fputs(text, f);
  fclose(f);
  return path[slot];
}

/* ---- scenarios: session loading ----------------------------------------- */

static const char *load_path;
static hinge_load_options load_opts;

static int sc_load(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_load_options opts = load_opts;
  hinge_table *t = NULL;
  int rc;
  opts.alloc = a;
  rc = hinge_table_load(load_path, &opts, &t, err);
  if (rc == HINGE_OK) put_table(o, t);
  else cr_assert_null(t);
  hinge_table_destroy(t);
  return rc;
}

static int sc_load_buffer(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_load_options opts = load_opts;
  hinge_table *t = NULL;
  char *buf = NULL;
  size_t n = 0;
  FILE *f = fopen(load_path, "rb");
  int rc, c;
  FILE *m = open_memstream(&buf, &n);
  while ((c = fgetc(f)) != EOF) fputc(c, m);
  fclose(f);
  fclose(m);
  opts.alloc = a;
  rc = hinge_table_load_buffer("session.csv", buf, n, &opts, &t, err);
  if (rc == HINGE_OK) put_table(o, t);
  hinge_table_destroy(t);
  free(buf);
  return rc;
}

static void load_sweep(const char *name, const char *path) {
  load_path = path;
  sweep(name, sc_load);
}

Test(allocfail, session_load) {
  static const hinge_role_map map = {HINGE_ROLE_LUMBAR, "L1_S1_flex", 0};
  memset(&load_opts, 0, sizeof load_opts);
  load_sweep("table_load ana (decimated)",
             decimate(EXAMPLES "/2026-03-02_ana_set1.csv", "af_ana.csv", 5, 0));
  load_sweep("table_load iso timestamps",
             decimate(DATA "/sessions/2026-03-02_ana_set1_iso.csv", "af_iso.csv", 5, 1));
  load_sweep("table_load ; rad ms BOM (all)",
             decimate(DATA "/sessions/2026-03-02_ana_set1_all.csv", "af_all.csv", 5, 2));
  load_sweep("table_load crlf BOM", decimate(DATA "/sessions/2026-03-02_ana_set1_bom_crlf.csv",
                                              "af_crlf.csv", 5, 3));
  load_sweep("table_load aliases", decimate(DATA "/sessions/2026-03-02_ana_set1_reordered.csv",
                                             "af_reordered.csv", 5, 0));
  load_sweep("table_load video (trunk, knee)",
             decimate(EXAMPLES "/2026-03-05_cai_video.csv", "af_cai.csv", 2, 1));
  /* Metadata, a mapped column, a text column, missing values, a gap, a
   * duplicate time, lenient: bad values and ragged rows as warnings. */
  load_opts.flags = HINGE_LOAD_LENIENT;
  load_opts.map = &map;
  load_opts.nmap = 1;
  load_sweep("table_load lenient, map, meta",
             write_text("af_odd.csv",
                        "time_s,hip_deg,thoracic_deg,L1_S1_flex,athlete,date,set,load_kg,exercise,notes\n"
                        "0.00,1,38,-21,ana,2026-03-02,1,140,deadlift,a\n"
                        "0.01,2,38,-21,ana,2026-03-02,1,140,deadlift,b\n"
                        "0.02,,38,nan,ana,2026-03-02,1,140,deadlift,c\n"
                        "0.03,abc,38,-21,ana,2026-03-02,1,140,deadlift\n"
                        "0.03,4,38,-21,ana,2026-03-02,1,140,deadlift,e,extra\n"
                        "0.50,5,inf,-21,ana,2026-03-02,1,140,deadlift,f\n"
                        "0.51,6,38,-21,ana,2026-03-02,1,140,deadlift,g\n"
                        "0.52,7,38,-21,ana,2026-03-02,1,140,deadlift,h\n", 2));
  sweep("table_load_buffer lenient, map, meta", sc_load_buffer);
  memset(&load_opts, 0, sizeof load_opts);
  load_opts.fs = 50;
  load_opts.delimiter = ';';
  load_sweep("table_load fs given, decimal comma",
             decimate(DATA "/sessions/2026-03-02_ana_set1_semicolon.csv", "af_semi.csv", 7, 3));
  memset(&load_opts, 0, sizeof load_opts);
}

/* The device readers (src/io/reader.h): detection, the profile loader, the
 * derived columns and the tables built from them. */
Test(allocfail, device_readers) {
  memset(&load_opts, 0, sizeof load_opts);
  load_sweep("table_load opensim .mot (real, OpenCap)",
             decimate(DATA "/opencap/opencap_squats1.mot", "af_squats.mot", 1, 0));
  load_sweep("table_load opensim radians, one side",
             write_text("af_rad.sto", "Coordinates\nnRows=3\ninDegrees=no\nendheader\n"
                                      "time\thip_flexion_l\tknee_angle_r\tknee_angle_l\tlumbar_extension\n"
                                      "0\t0.1\t0.2\t0.3\t-0.4\n0.01\t0.2\t0.2\t0.3\t-0.4\n"
                                      "0.02\t0.3\t0.2\t0.3\t-0.4\n", 1));
  load_sweep("table_load noraxon German",
             write_text("af_nx.csv", "\xef\xbb\xbfNoraxon MR3\r\nRate;100;Hz\r\n"
                                     "time;Activity;Marker;Thoracic Flexion Fwd (deg);Lumbar Flexion "
                                     "Fwd (deg);RT Hip Flexion (deg);LT Hip Flexion (deg)\r\n"
                                     "0,00;;;1;2;3;4\r\n0,01;x;;1;2;3;4\r\n0,01;;;1;2;3;4\r\n"
                                     "0,02;;;1,5;2,5;3,5;\r\n", 2));
  load_sweep("table_load flextail",
             write_text("af_ft.csv", "User,Activity,Rating,Time,lumbarAngle,thoracicAngle,sagittal\n"
                                     "ana,DL,ok,0,0.1,0.2,0.3\nana,DL,ok,0.02,0.1,0.2,0.3\n"
                                     "ana,DL,ok,0.04,0.1,0.2,0.3\n", 3));
  load_path = DATA "/opencap/opencap_squats1.mot";
  sweep("table_load_buffer opensim .mot", sc_load_buffer);
}

/* ---- scenarios: analysis ------------------------------------------------- */

static const char *analyze_path;
static int analyze_mode; /* 0 analyze, 1 in place, 2 calibrate standing then analyze, 3 max flexion */

static int sc_analyze(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_table *t = NULL;
  hinge_analysis *an = NULL;
  hinge_analyze_config cfg;
  int rc;
  /* The table with libc: only the analysis sees the refusals. */
  cr_assert_eq(hinge_table_load(analyze_path, NULL, &t, err), HINGE_OK, "%s", err->message);
  hinge_analyze_config_default(&cfg);
  if (analyze_mode >= 2) {
    hinge_analyze_input in;
    cr_assert_eq(hinge_analyze_input_from_table(t, &in, err), HINGE_OK);
    rc = hinge_analyze_calibrate(&in, analyze_mode == 3, &cfg, a, err);
    fprintf(o, "calibrated %d %a %a %a %a %a %a\n", rc, cfg.neutral_hip_deg,
            cfg.neutral_thoracic_deg, cfg.neutral_lumbar_deg, cfg.neutral_trunk_deg,
            cfg.max_thoracic_deg, cfg.max_lumbar_deg);
    if (rc != HINGE_OK) {
      hinge_table_destroy(t);
      return rc;
    }
  }
  rc = analyze_mode == 1 ? hinge_analyze_inplace(t, &cfg, a, &an, err)
                         : hinge_analyze(t, &cfg, a, &an, err);
  if (rc == HINGE_OK) put_analysis(o, an);
  else cr_assert_null(an);
  hinge_analysis_destroy(an);
  hinge_table_destroy(t);
  return rc;
}

Test(allocfail, analyze) {
  const char *ana = decimate(EXAMPLES "/2026-03-02_ana_set1.csv", "af_ana20.csv", 5, 0);
  const char *cai = decimate(EXAMPLES "/2026-03-05_cai_video.csv", "af_cai2.csv", 2, 1);
  /* An irregular time base (resampled) and a spine-only session. */
  static char irregular[40000], spine[40000];
  size_t i, k = 0, m = 0;
  k += (size_t)snprintf(irregular + k, sizeof irregular - k, "time_s,hip_deg,thoracic_deg,lumbar_deg\n");
  m += (size_t)snprintf(spine + m, sizeof spine - m, "time_s,thoracic_deg,lumbar_deg\n");
  for (i = 0; i < 700; i++) {
    double t = i * 0.02 + (i % 3 == 1 ? 0.004 : 0), u = fmod(t, 6.0);
    double hip = u > 2 && u < 5 ? 80 * sin((u - 2) / 3 * M_PI) : 1;
    k += (size_t)snprintf(irregular + k, sizeof irregular - k, "%.4f,%.3f,%.3f,%.3f\n", t, hip,
                          38 + hip / 9, -21 + hip / 7);
    m += (size_t)snprintf(spine + m, sizeof spine - m, "%.2f,%.3f,%.3f\n", i * 0.02,
                          38 + hip / 4, -21 + hip / 3);
  }
  analyze_mode = 0;
  analyze_path = ana;
  sweep("analyze ana", sc_analyze);
  analyze_path = cai;
  sweep("analyze video (trunk)", sc_analyze);
  analyze_path = write_text("af_irregular.csv", irregular, 2);
  sweep("analyze irregular (resampled)", sc_analyze);
  analyze_path = write_text("af_spine.csv", spine, 3);
  sweep("analyze thoracic+lumbar", sc_analyze);
  analyze_mode = 1;
  analyze_path = ana;
  sweep("analyze_inplace ana", sc_analyze);
  analyze_path = write_text("af_irregular.csv", irregular, 2);
  sweep("analyze_inplace irregular", sc_analyze);
  analyze_mode = 2;
  analyze_path = ana;
  sweep("analyze_calibrate standing", sc_analyze);
  analyze_mode = 3;
  sweep("analyze_calibrate max flexion", sc_analyze);
  analyze_mode = 0;
}

/* ---- scenarios: signal functions ---------------------------------------- */

#define SIG_N 1500
static double sig[SIG_N];

static void make_signal(int gaps) {
  size_t i;
  for (i = 0; i < SIG_N; i++) {
    double u = fmod(i / 100.0, 5.0);
    sig[i] = (u > 1.5 && u < 4 ? 80 * sin((u - 1.5) / 2.5 * M_PI) : 0) + 2 * sin(i * 1.7) +
             (i % 211 == 0 ? 30 : 0);
    if (gaps && (i % 400 > 390 || (i > 700 && i < 705))) sig[i] = NAN;
  }
}

static int sc_filters(const hinge_allocator *a, FILE *o, hinge_error *err) {
  static double y[SIG_N], z[SIG_N], coeffs[31], freqs[40], res[40];
  hinge_lowpass_opts lo;
  hinge_savgol_opts so;
  hinge_hampel_opts ho;
  hinge_residual_opts ro;
  hinge_residual_result rr;
  hinge_filter_report rep;
  double sos[6 * HINGE_SOS_MAX_SECTIONS];
  int ns, rc;
  size_t replaced;
  hinge_lowpass_opts_init(&lo);
  lo.fs = 100;
  if ((rc = hinge_lowpass(sig, y, SIG_N, &lo, &rep, a, err)) != HINGE_OK) return rc;
  put_series(o, "lowpass", y, SIG_N);
  lo.order = 8; /* a long pad: scratch past 64 samples */
  lo.cutoff_hz = 2;
  if ((rc = hinge_lowpass(sig, y, SIG_N, &lo, &rep, a, err)) != HINGE_OK) return rc;
  put_series(o, "lowpass8", y, SIG_N);
  hinge_savgol_opts_init(&so);
  so.window = 31;
  so.polyorder = 3;
  so.deriv = 1;
  so.fs = 100;
  if ((rc = hinge_savgol(sig, y, SIG_N, &so, &rep, a, err)) != HINGE_OK) return rc;
  put_series(o, "savgol", y, SIG_N);
  if ((rc = hinge_savgol_coeffs(31, 4, 2, 0.01, coeffs, a, err)) != HINGE_OK) return rc;
  put_series(o, "coeffs", coeffs, 31);
  if ((rc = hinge_hampel_opts_init(&ho, 100, err)) != HINGE_OK) return rc;
  ho.half_window = 12;
  if ((rc = hinge_despike(sig, z, SIG_N, &ho, &replaced, a, err)) != HINGE_OK) return rc;
  put_series(o, "despike", z, SIG_N);
  if ((rc = hinge_butter_sos(8, 3, 100, sos, &ns, err)) != HINGE_OK) return rc;
  memcpy(z, sig, sizeof z);
  if ((rc = hinge_fill_gaps(z, SIG_N, 20, HINGE_FILL_CUBIC, NULL, err)) != HINGE_OK) return rc;
  if ((rc = hinge_sosfiltfilt(sos, ns, z, y, SIG_N, 300, a, err)) != HINGE_OK) return rc;
  put_series(o, "sosfiltfilt", y, SIG_N);
  hinge_residual_opts_init(&ro);
  ro.count = 40;
  rc = hinge_residual_cutoff(z, SIG_N, 100, &ro, &rr, freqs, res, a, err);
  fprintf(o, "residual %d %a %a %a %zu\n", rc, rr.cutoff_hz, rr.noise_rms, rr.slope, rr.fit_points);
  if (rc != HINGE_OK && rc != HINGE_ERANGE) return rc;
  put_series(o, "residuals", res, 40);
  return HINGE_OK;
}

static int sc_peaks(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_peak_opts po;
  hinge_peaks p;
  hinge_stats s;
  size_t i;
  int rc;
  hinge_peak_opts_init(&po);
  po.all_properties = 1;
  po.distance = 20;
  po.prominence.min = 1;
  if ((rc = hinge_find_peaks(sig, SIG_N, &po, &p, a, err)) != HINGE_OK) return rc;
  fprintf(o, "peaks %zu\n", p.count);
  for (i = 0; i < p.count; i++)
    fprintf(o, "%zu %a %a %a %zu\n", p.index[i], p.prominences[i], p.widths[i], p.left_ips[i],
            p.plateau_sizes[i]);
  hinge_peaks_clear(&p);
  if ((rc = hinge_stats_compute(sig, SIG_N, &s, a, err)) != HINGE_OK) return rc;
  fprintf(o, "stats %zu %zu %a %a %a %a %a\n", s.n, s.valid, s.mean, s.sd, s.min, s.max, s.median);
  return HINGE_OK;
}

Test(allocfail, filters_and_peaks) {
  make_signal(1);
  sweep("lowpass savgol despike sosfiltfilt residual", sc_filters);
  make_signal(0);
  sweep("find_peaks stats", sc_peaks);
}

/* ---- scenarios: logs and recovery ------------------------------------- */

static const char *sore_path, *train_path, *json_path, *athlete;

static int sc_recovery(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_logs *l = hinge_logs_create(a);
  hinge_log_options lo = {0, NULL};
  hinge_training_format fmt;
  hinge_recovery_options ro;
  hinge_assessment *as = NULL;
  size_t i;
  int rc;
  if (l == NULL) {
    hinge_error_clear(err);
    err->code = HINGE_ENOMEM; /* hinge_logs_create says so by NULL */
    return HINGE_ENOMEM;
  }
  lo.athlete = athlete;
  rc = hinge_logs_read_soreness(l, sore_path, &lo, err);
  if (rc == HINGE_OK && train_path) rc = hinge_logs_read_training(l, train_path, &lo, &fmt, err);
  if (rc == HINGE_OK && json_path) rc = hinge_logs_read_analysis(l, json_path, err);
  if (rc == HINGE_OK) {
    put_logs(o, l);
    memset(&ro, 0, sizeof ro);
    ro.on = HINGE_DAY_NONE;
    rc = hinge_recovery_assess(l, &ro, &as, err);
  }
  if (rc == HINGE_OK) {
    hinge_finding f;
    memset(&f, 0, sizeof f);
    f.rule = "coach";
    f.verdict = HINGE_VERDICT_REDUCE;
    f.message = "a coach's rule";
    f.suggestion = "lighter";
    rc = hinge_assessment_add_finding(as, 0, &f, err);
  }
  if (rc == HINGE_OK) {
    put_assessment(o, as);
    for (i = 0; i < hinge_assessment_count(as) && rc == HINGE_OK; i++) {
      double *daily = NULL;
      size_t n;
      long first;
      hinge_trainload_basis basis;
      rc = hinge_logs_daily_load(l, hinge_assessment_athlete(as, i)->athlete, HINGE_DAY_NONE,
                                 &daily, &n, &first, &basis, err);
      if (rc == HINGE_ENODATA) rc = HINGE_OK;
      else if (rc == HINGE_OK) {
        put_series(o, "daily", daily, n);
        hinge_logs_free_daily(l, daily, n);
      }
    }
  }
  hinge_assessment_destroy(as);
  hinge_logs_destroy(l);
  return rc;
}

static int sc_logs_add(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_logs *l = hinge_logs_create(a);
  static const char *const sore[HINGE_SORENESS_NFIELDS] = {
    "2026-03-02", " ana ", "Lower back", "4", "dull|pins and needles", "6.5", "night_pain"};
  static const char *const train[HINGE_TRAINING_NFIELDS] = {
    "2026-03-01", "ana", "Deadlift (Barbell)", "5", "3", "140", "8", "45"};
  hinge_soreness_entry s;
  hinge_training_entry t;
  hinge_analysis_entry an;
  hinge_error w;
  int rc, k;
  if (l == NULL) {
    hinge_error_clear(err);
    err->code = HINGE_ENOMEM;
    return HINGE_ENOMEM;
  }
  memset(&s, 0, sizeof s);
  s.day = 20514;
  s.athlete = "ben";
  s.region = "traps";
  s.severity = 3;
  s.sleep_h = NAN;
  memset(&t, 0, sizeof t);
  t.day = 20513;
  t.athlete = "ben";
  t.exercise = "Rack Pull";
  t.session = "2026-03-01 10:00";
  t.sets = 3, t.reps = 5, t.load_kg = 180, t.rpe = NAN, t.duration_min = NAN;
  memset(&an, 0, sizeof an);
  an.day = 20514;
  an.athlete = "ben";
  an.file = "x.csv";
  an.reps = 5;
  an.lumbar_rounding_reps = 1;
  hinge_error_clear(&w);
  w.code = HINGE_EPARSE;
  w.line = 3;
  snprintf(w.file, sizeof w.file, "log.csv");
  snprintf(w.message, sizeof w.message, "a warning");
  rc = HINGE_OK;
  for (k = 0; k < 12 && rc == HINGE_OK; k++) { /* enough to grow every array */
    rc = hinge_logs_add_soreness_fields(l, sore, NULL, "log.csv", k + 2, err);
    if (rc == HINGE_OK) rc = hinge_logs_add_training_fields(l, train, NULL, "log.csv", k + 2, err);
    if (rc == HINGE_OK) rc = hinge_logs_add_soreness(l, &s, err);
    if (rc == HINGE_OK) rc = hinge_logs_add_training(l, &t, err);
    if (rc == HINGE_OK) rc = hinge_logs_add_analysis(l, &an, err);
    if (rc == HINGE_OK && (rc = hinge_logs_warn(l, &w)) != HINGE_OK) {
      hinge_error_clear(err); /* hinge_logs_warn has no err: its status says it */
      err->code = rc;
    }
  }
  if (rc == HINGE_OK) put_logs(o, l);
  hinge_logs_destroy(l);
  return rc;
}

Test(allocfail, recovery) {
  sore_path = DATA "/recovery/soreness_team.csv";
  train_path = DATA "/recovery/training_team.csv";
  json_path = DATA "/recovery/analysis_ana.json";
  athlete = NULL;
  sweep("logs + assess (team)", sc_recovery);
  /* A Strong export (its first 300 sets), for one athlete. */
  train_path = decimate(DATA "/strong_export_sample.csv", "af_strong.csv", 7, 0);
  json_path = NULL;
  sore_path = write_text("af_sore1.csv",
                         "date,athlete,region,severity,quality,sleep_h,flags\n"
                         "2021-03-01,ana,lower_back,3,ache,7,\n"
                         "2021-03-03,ana,lower_back,5,sharp|tingling,5.5,night_pain\n"
                         "2021-03-04,ana,traps,2,tight,5,\n", 1);
  athlete = "ana";
  sweep("logs + assess (Strong export)", sc_recovery);
  athlete = NULL;
  sweep("logs_add_* and logs_warn", sc_logs_add);
}

/* ---- scenarios: the CSV reader --------------------------------------- */

static const char *csv_path;

static int sc_csv(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_csv_options opts;
  hinge_csv_reader *r = NULL;
  const hinge_csv_row *row;
  size_t i;
  int rc;
  memset(&opts, 0, sizeof opts);
  opts.alloc = a;
  rc = hinge_csv_open_file(csv_path, &opts, &r, err);
  if (rc != HINGE_OK) return rc;
  while ((rc = hinge_csv_next(r, &row, err)) == 1) {
    fprintf(o, "%ld %zu:", row->line, row->index);
    for (i = 0; i < row->nfields; i++) fprintf(o, " [%.*s]", (int)row->lengths[i], row->fields[i]);
    fputc('\n', o);
  }
  hinge_csv_close(r);
  return rc;
}

Test(allocfail, csv_reader) {
  /* A record with a field over the reader's first buffers, quoted line
   * breaks, a BOM and CRLF. */
  static char text[12000];
  size_t k = 0, i;
  k += (size_t)snprintf(text, sizeof text, "\xEF\xBB\xBF" "a,b,c\r\n1,\"x\r\ny\",3\r\n");
  for (i = 0; i < 40; i++) k += (size_t)snprintf(text + k, sizeof text - k, "f%zu,", i);
  k += (size_t)snprintf(text + k, sizeof text - k, "end\r\n\"");
  for (i = 0; i < 9000; i++) text[k++] = (char)('a' + i % 26);
  snprintf(text + k, sizeof text - k, "\",2,3\r\n");
  csv_path = write_text("af_csv.csv", text, 0);
  sweep("csv pull reader", sc_csv);
  csv_path = DATA "/recovery/training_team.csv";
  sweep("csv pull reader (training log)", sc_csv);
}

/* ---- regressions of the bugs found (tests/fuzz/crashes-found/README.md) -- */

/* HINGE_ENOMEM always comes with err filled: hinge_analyze_calibrate (the
 * conditioning's history lines are stored with a bare status) and the
 * loader's lenient warnings (hinge__table_warn's callers demote,
 * bad_value, ragged, metadata_varies, odd_step). */
Test(allocfail, enomem_fills_err_in_calibration_and_lenient_warnings) {
  static const hinge_role_map map = {HINGE_ROLE_LUMBAR, "L1_S1_flex", 0};
  analyze_mode = 2;
  analyze_path = decimate(EXAMPLES "/2026-03-02_ana_set1.csv", "af_ana20.csv", 5, 0);
  sweep("analyze_calibrate standing (20 Hz)", sc_analyze);
  analyze_mode = 0;
  memset(&load_opts, 0, sizeof load_opts);
  load_opts.flags = HINGE_LOAD_LENIENT;
  load_opts.map = &map;
  load_opts.nmap = 1;
  load_sweep("table_load lenient warnings",
             write_text("af_odd2.csv", "time_s,hip_deg,L1_S1_flex,athlete\n0,1,2,ana\n0.01,x,2,ana\n"
                                       "0.01,3,4,ana,5\n", 1));
  memset(&load_opts, 0, sizeof load_opts);
}

/* A metadata column that changes (a "metadata_varies" warning): a refused
 * warning fails the load with HINGE_ENOMEM, on the fast path too; it is
 * never dropped from a load that succeeds (the column is marked as warned
 * only once the warning is stored). */
Test(allocfail, a_refused_metadata_warning_fails_the_load) {
  memset(&load_opts, 0, sizeof load_opts);
  load_sweep("table_load metadata_varies",
             write_text("af_meta.csv", "time_s,hip_deg,athlete\n0,1,ana\n0.01,2,ana\n0.02,3,ben\n"
                                       "0.03,4,ana\n", 1));
}

/* Under lenient, when recording a skipped row's warning runs out of
 * memory, hinge_logs_read_* returns HINGE_ENOMEM with err saying so (not
 * the skipped row's error). */
static int sc_lenient(const hinge_allocator *a, FILE *o, hinge_error *err) {
  hinge_logs *l = hinge_logs_create(a);
  hinge_log_options lo = {1, NULL};
  int rc;
  if (l == NULL) {
    hinge_error_clear(err);
    err->code = HINGE_ENOMEM;
    return HINGE_ENOMEM;
  }
  rc = hinge_logs_read_soreness(l, sore_path, &lo, err);
  if (rc == HINGE_OK) put_logs(o, l);
  hinge_logs_destroy(l);
  return rc;
}

Test(allocfail, lenient_logs_out_of_memory_give_enomem_in_err) {
  sore_path = write_text("af_lenient.csv",
                         "date,athlete,region,severity,quality,sleep_h,flags\n"
                         "2026-03-02,ana,lower_back,11,ache,7,\n"
                         "2026-02-30,ana,lower_back,3,ache,7,\n"
                         "2026-03-03,ana,lower_back,3,itchy,7,\n"
                         "2026-03-04,ana,lower_back,3,ache,7,\n", 0);
  sweep("logs lenient", sc_lenient);
}

/* A numeric field longer than 256 bytes is copied for strtod through the
 * allocator; a refused copy is HINGE_ENOMEM (HINGE__NUM_NOMEM), never "not
 * a number" (HINGE_EPARSE).  Quoted fields take the slow path only, and
 * the second one finds libcsv's buffers grown already, so the copy is the
 * next request. */
Test(allocfail, a_refused_long_number_copy_gives_enomem) {
  static char text[2000];
  size_t k = (size_t)snprintf(text, sizeof text, "time_s,hip_deg\n0,\"1.");
  memset(text + k, '5', 400);
  k += 400;
  k += (size_t)snprintf(text + k, sizeof text - k, "\"\n0.01,\"2.");
  memset(text + k, '4', 400);
  k += 400;
  snprintf(text + k, sizeof text - k, "\"\n0.02,3\n");
  memset(&load_opts, 0, sizeof load_opts);
  load_sweep("table_load long number", write_text("af_longnum.csv", text, 0));
}
