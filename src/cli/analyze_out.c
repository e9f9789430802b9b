/*
 * analyze_out.c -- the outputs of `hinge analyze`: JSON (docs/formats.md,
 * "hinge analyze --format json"), CSV (one row per rep) and text (a
 * per-rep table and the set's one-line verdict).  Values come from the
 * result structs; nothing is computed here but rounding for display.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze_out.h"
#include "cli.h"
#include "json_out.h"
#include "lift/analyze_internal.h"

/* Output precision: times to the millisecond, angles and speeds to a
 * hundredth (far below the sensors' error), so the JSON reads 4.8, not
 * 4.800000000000001.  r3 rounds values shown through other writers. */
static double r3(double x) { return isfinite(x) ? round(x * 1000) / 1000 : x; }

static const char *source_name(int s) {
  switch (s) {
  case HINGE_NEUTRAL_STANDING: return "standing";
  case HINGE_NEUTRAL_GIVEN: return "given";
  case HINGE_NEUTRAL_LOCKOUTS: return "lockouts";
  case HINGE_NEUTRAL_RECORDING: return "recording";
  default: return NULL;
  }
}

/* ------------------------------------------------------------- JSON */

/* The shape is the core's walk (lift/analyze_walk.c); the writer is its
 * JSON sink, wrapped to add what the CLI knows beside the result: after
 * the top-level "date", "athlete_from" and "date_from" (and "set_from"
 * with --set); at the head of the top-level "warnings", the loader's. */
typedef struct extra_sink {
  json_out *j;
  const analyze_extra *x;
  int depth;       /* 1: inside the file's object */
  const char *key; /* the last key at depth 1 */
} extra_sink;

static void after_value(extra_sink *e) {
  if (e->depth != 1 || e->key == NULL || strcmp(e->key, "date") != 0) return;
  e->key = NULL;
  json_kv_string(e->j, "athlete_from", e->x->athlete_from);
  json_kv_string(e->j, "date_from", e->x->date_from);
  if (e->x->set_from != NULL) json_kv_string(e->j, "set_from", e->x->set_from);
}

static void x_begin_object(void *ud, size_t hint) {
  extra_sink *e = ud;
  json_sink()->begin_object(e->j, hint);
  e->depth++;
}

static void x_end_object(void *ud) {
  extra_sink *e = ud;
  json_sink()->end_object(e->j);
  e->depth--;
}

static void x_begin_array(void *ud, size_t hint) {
  extra_sink *e = ud;
  size_t i;
  json_sink()->begin_array(e->j, hint);
  if (e->depth == 1 && e->key != NULL && strcmp(e->key, "warnings") == 0)
    for (i = 0; i < e->x->nload_warnings; i++) json_string(e->j, e->x->load_warnings[i]);
  e->depth++;
}

static void x_end_array(void *ud) {
  extra_sink *e = ud;
  json_sink()->end_array(e->j);
  e->depth--;
}

static void x_key(void *ud, const char *key) {
  extra_sink *e = ud;
  json_sink()->key(e->j, key);
  if (e->depth == 1) e->key = key;
}

static void x_number(void *ud, double v, int decimals) {
  extra_sink *e = ud;
  json_sink()->number(e->j, v, decimals);
}

static void x_integer(void *ud, long long v) {
  extra_sink *e = ud;
  json_sink()->integer(e->j, v);
}

static void x_string(void *ud, const char *s) {
  extra_sink *e = ud;
  json_sink()->string(e->j, s);
  after_value(e);
}

static void x_boolean(void *ud, int b) {
  extra_sink *e = ud;
  json_sink()->boolean(e->j, b);
}

static void x_null(void *ud) {
  extra_sink *e = ud;
  json_sink()->null(e->j);
  after_value(e);
}

static const hinge_sink extra_sink_calls = {
  x_begin_object, x_end_object, x_begin_array, x_end_array, x_key,
  x_number, x_integer, x_string, x_boolean, x_null};

void analyze_json_one(json_out *j, const hinge_analysis *a, const analyze_extra *x) {
  extra_sink e;
  if (x == NULL) {
    hinge_analysis_walk(a, json_sink(), j);
    return;
  }
  memset(&e, 0, sizeof e);
  e.j = j;
  e.x = x;
  hinge_analysis_walk(a, &extra_sink_calls, &e);
}

/* -------------------------------------------------------------- CSV */

static const char *const csv_header =
  "file,athlete,date,set,rep,start_s,liftoff_s,lockout_s,end_s,pull_duration_s,"
  "hip_setup_deg,trunk_setup_deg,trunk_peak_deg,knee_setup_deg,dwell_s,"
  "peak_extension_velocity_deg_s,"
  "thoracic_start_deg,thoracic_peak_deg,thoracic_rounding_deg,thoracic_peak_flexion_velocity_deg_s,"
  "lumbar_start_deg,lumbar_peak_deg,lumbar_rounding_deg,lumbar_peak_flexion_velocity_deg_s,"
  "thoracic_peak_pct_max,lumbar_peak_pct_max,thoracic_coverage,thoracic_assessed,"
  "lumbar_coverage,lumbar_assessed,upper_back_rounding,lumbar_rounding,verdict\n";

void analyze_csv_header(FILE *f) { fputs(csv_header, f); }

/* A text field and its delimiter. */
static void csv_text(FILE *f, const char *s) {
  cli_csv_field(f, s);
  fputc(',', f);
}

/* A number (empty when missing) and the delimiter or the line end. */
static void csv_num(FILE *f, double x, int last) {
  char buf[40];
  if (isfinite(x)) fputs(json_format_double(x, buf, sizeof buf), f);
  fputc(last ? '\n' : ',', f);
}

/* A number at a fixed precision (empty when missing) and the delimiter. */
static void csv_fixed(FILE *f, double x, int decimals) {
  char buf[64];
  if (isfinite(x)) fputs(json_format_fixed(x, decimals, buf, sizeof buf), f);
  fputc(',', f);
}

static void csv_rep(FILE *f, const hinge_analysis *a, const hinge_rep *r) {
  csv_text(f, hinge_analysis_file(a));
  csv_text(f, hinge_analysis_athlete(a));
  csv_text(f, hinge_analysis_date(a));
  /* The set label for one set without a set column (as the JSON). */
  if (!hinge__analysis_set_column(a) && *hinge_analysis_set_label(a) &&
      hinge_analysis_set_count(a) == 1)
    csv_text(f, hinge_analysis_set_label(a));
  else
    csv_num(f, r->set, 0);
  fprintf(f, "%d,", r->rep);
  csv_fixed(f, r->start_s, 3);
  csv_fixed(f, r->liftoff_s, 3);
  csv_fixed(f, r->lockout_s, 3);
  csv_fixed(f, r->end_s, 3);
  csv_fixed(f, r->pull_duration_s, 3);
  csv_fixed(f, r->hip_setup_deg, 2);
  csv_fixed(f, r->trunk_setup_deg, 2);
  csv_fixed(f, r->trunk_peak_deg, 2);
  csv_fixed(f, r->knee_setup_deg, 2);
  csv_fixed(f, r->dwell_s, 3);
  csv_fixed(f, r->peak_extension_velocity_deg_s, 2);
  csv_fixed(f, r->thoracic.start_deg, 2);
  csv_fixed(f, r->thoracic.peak_deg, 2);
  csv_fixed(f, r->thoracic.rounding_deg, 2);
  csv_fixed(f, r->thoracic.peak_velocity_deg_s, 2);
  csv_fixed(f, r->lumbar.start_deg, 2);
  csv_fixed(f, r->lumbar.peak_deg, 2);
  csv_fixed(f, r->lumbar.rounding_deg, 2);
  csv_fixed(f, r->lumbar.peak_velocity_deg_s, 2);
  csv_fixed(f, r->thoracic.peak_pct_max, 2);
  csv_fixed(f, r->lumbar.peak_pct_max, 2);
  csv_fixed(f, r->thoracic.coverage, 3);
  fprintf(f, "%d,", r->thoracic.assessed);
  csv_fixed(f, r->lumbar.coverage, 3);
  fprintf(f, "%d,", r->lumbar.assessed);
  fprintf(f, "%d,%d,%s\n", (r->flags & HINGE_REP_UPPER_BACK_ROUNDING) != 0,
          (r->flags & HINGE_REP_LUMBAR_ROUNDING) != 0, hinge_form_verdict_name(r->verdict));
}

void analyze_csv_rows(FILE *f, const hinge_analysis *a) {
  const hinge_rep *reps = hinge_analysis_reps(a);
  size_t i, n = hinge_analysis_rep_count(a);
  for (i = 0; i < n; i++) csv_rep(f, a, &reps[i]);
}

/* ------------------------------------------------------------- text */

/* "%*.1f" or a dash for a missing value. */
static void text_num(FILE *f, int width, int decimals, double x) {
  if (isfinite(x)) fprintf(f, " %*.*f", width, decimals, x);
  else fprintf(f, " %*s", width, "-");
}

static void text_head(FILE *f, const hinge_analysis *a) {
  const hinge_standing *st = hinge_analysis_standing(a);
  fprintf(f, "%s", hinge_analysis_file(a));
  if (*hinge_analysis_athlete(a)) fprintf(f, "  athlete %s", hinge_analysis_athlete(a));
  if (*hinge_analysis_date(a)) fprintf(f, "  date %s", hinge_analysis_date(a));
  if (*hinge_analysis_set_label(a)) fprintf(f, "  set %s", hinge_analysis_set_label(a));
  fprintf(f, "\n%g Hz, %zu samples, reps found on %s\n", r3(hinge_analysis_sample_rate(a)),
          hinge_analysis_samples(a), hinge_analysis_segmented_on(a));
  fprintf(f, "standing (%s):", source_name(st->source) ? source_name(st->source) : "none");
  if (!isnan(st->hip_deg)) fprintf(f, " hip %.1f", st->hip_deg);
  if (!isnan(st->thoracic_deg)) fprintf(f, " thoracic %.1f", st->thoracic_deg);
  if (!isnan(st->lumbar_deg)) fprintf(f, " lumbar %.1f", st->lumbar_deg);
  if (!isnan(st->trunk_deg)) fprintf(f, " trunk %.1f", st->trunk_deg);
  fprintf(f, " deg\n");
}

/* The table's two header lines; the trunk columns only with a trunk
 * angle, the set column only with several sets. */
static void text_table_head(FILE *f, int trunk, int sets) {
  if (sets) fprintf(f, "%4s ", "set");
  fprintf(f, "%4s %8s %8s %6s %6s", "rep", "liftoff", "lockout", "pull", "hip");
  if (trunk) fprintf(f, " %6s %6s", "trunk", "trunk");
  fprintf(f, " %7s %7s %7s %7s  %-7s %s\n", "thor", "thor", "lumb", "lumb", "verdict", "flags");
  if (sets) fprintf(f, "%4s ", "");
  fprintf(f, "%4s %8s %8s %6s %6s", "", "s", "s", "s", "setup");
  if (trunk) fprintf(f, " %6s %6s", "setup", "peak");
  fprintf(f, " %7s %7s %7s %7s\n", "start", "round", "start", "round");
}

/* The verdict lines: "set: ..." for one set, "set N: ..." for each of
 * several (hinge_analysis_summary writes those one a line). */
static void text_sets(FILE *f, const hinge_analysis *a) {
  char line[512];
  size_t i, n = hinge_analysis_set_count(a);
  if (n <= 1) {
    hinge_analysis_summary(a, line, sizeof line);
    fprintf(f, "set: %s\n", line);
    return;
  }
  for (i = 0; i < n; i++) {
    hinge__set_line(a, i, line, sizeof line);
    fprintf(f, "set %g: %s\n", hinge_analysis_sets(a)[i].set, line);
  }
}

void analyze_text_one(FILE *f, const hinge_analysis *a) {
  const hinge_rep *reps = hinge_analysis_reps(a);
  size_t i, n = hinge_analysis_rep_count(a);
  int trunk = !isnan(hinge_analysis_standing(a)->trunk_deg);
  int sets = hinge_analysis_set_count(a) > 1;
  text_head(f, a);
  if (n > 0) text_table_head(f, trunk, sets);
  for (i = 0; i < n; i++) {
    const hinge_rep *r = &reps[i];
    if (sets) fprintf(f, "%4g ", r->set);
    fprintf(f, "%4d", r->rep);
    text_num(f, 8, 2, r->liftoff_s);
    text_num(f, 8, 2, r->lockout_s);
    text_num(f, 6, 2, r->pull_duration_s);
    text_num(f, 6, 1, r->hip_setup_deg);
    if (trunk) {
      text_num(f, 6, 1, r->trunk_setup_deg);
      text_num(f, 6, 1, r->trunk_peak_deg);
    }
    text_num(f, 7, 1, r->thoracic.start_deg);
    text_num(f, 7, 1, r->thoracic.rounding_deg);
    text_num(f, 7, 1, r->lumbar.start_deg);
    text_num(f, 7, 1, r->lumbar.rounding_deg);
    fprintf(f, "  %-7s", hinge_form_verdict_name(r->verdict));
    if (r->flags & HINGE_REP_UPPER_BACK_ROUNDING)
      fprintf(f, " %s", hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING));
    if (r->flags & HINGE_REP_LUMBAR_ROUNDING)
      fprintf(f, " %s", hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING));
    fputc('\n', f);
  }
  text_sets(f, a);
  for (i = 0; i < hinge_analysis_warning_count(a); i++)
    fprintf(f, "warning: %s\n", hinge_analysis_warning(a, i));
}
