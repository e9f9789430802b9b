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
#include "json_out.h"

/* Output precision: times to the millisecond, angles and speeds to a
 * hundredth (far below the sensors' error), so the JSON reads 4.8, not
 * 4.800000000000001.  r3 rounds values shown through other writers. */
static double r3(double x) { return isfinite(x) ? round(x * 1000) / 1000 : x; }

static const char *source_name(int s) {
  switch (s) {
  case HINGE_NEUTRAL_STANDING: return "standing";
  case HINGE_NEUTRAL_GIVEN: return "given";
  case HINGE_NEUTRAL_LOCKOUTS: return "lockouts";
  default: return NULL;
  }
}

/* ------------------------------------------------------------- JSON */

static void json_strings(json_out *j, const char *key, size_t n,
                         const char *(*get)(const hinge_analysis *, size_t),
                         const hinge_analysis *a) {
  size_t i;
  json_key(j, key);
  json_begin_array(j);
  for (i = 0; i < n; i++) json_string(j, get(a, i));
  json_end_array(j);
}

static void json_standing(json_out *j, const hinge_analysis *a) {
  const hinge_standing *st = hinge_analysis_standing(a);
  json_key(j, "standing");
  json_begin_object(j);
  json_kv_number_fixed(j, "hip_deg", st->hip_deg, 2);
  json_kv_number_fixed(j, "thoracic_deg", st->thoracic_deg, 2);
  json_kv_number_fixed(j, "lumbar_deg", st->lumbar_deg, 2);
  if (!isnan(st->trunk_deg)) json_kv_number_fixed(j, "trunk_deg", st->trunk_deg, 2);
  json_kv_string(j, "source", source_name(st->source));
  json_kv_number_fixed(j, "duration_s", st->duration_s, 3);
  json_end_object(j);
}

static void json_region(json_out *j, const char *key, const hinge_region_rep *r, int present) {
  json_key(j, key);
  if (!present) {
    json_null(j);
    return;
  }
  json_begin_object(j);
  json_kv_number_fixed(j, "start_deg", r->start_deg, 2);
  json_kv_number_fixed(j, "peak_deg", r->peak_deg, 2);
  json_kv_number_fixed(j, "rounding_deg", r->rounding_deg, 2);
  json_kv_number_fixed(j, "peak_flexion_velocity_deg_s", r->peak_velocity_deg_s, 2);
  if (!isnan(r->start_pct_max) || !isnan(r->peak_pct_max)) {
    json_kv_number_fixed(j, "start_pct_max", r->start_pct_max, 2);
    json_kv_number_fixed(j, "peak_pct_max", r->peak_pct_max, 2);
  }
  json_end_object(j);
}

static void json_setup(json_out *j, const char *key, double setup) {
  json_key(j, key);
  if (isnan(setup)) {
    json_null(j);
    return;
  }
  json_begin_object(j);
  json_kv_number_fixed(j, "setup_deg", setup, 2);
  json_end_object(j);
}

static void json_flags(json_out *j, unsigned flags) {
  json_key(j, "flags");
  json_begin_array(j);
  if (flags & HINGE_REP_UPPER_BACK_ROUNDING)
    json_string(j, hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING));
  if (flags & HINGE_REP_LUMBAR_ROUNDING) json_string(j, hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING));
  json_end_array(j);
}

static void json_rep(json_out *j, const hinge_analysis *a, const hinge_rep *r, int th, int lu,
                     int trunk) {
  json_begin_object(j);
  json_kv_int(j, "rep", r->rep);
  if (!isnan(r->set)) json_kv_number(j, "set", r->set);
  else if (*hinge_analysis_set_label(a)) json_kv_string(j, "set", hinge_analysis_set_label(a));
  json_kv_number_fixed(j, "start_s", r->start_s, 3);
  json_kv_number_fixed(j, "liftoff_s", r->liftoff_s, 3);
  json_kv_number_fixed(j, "lockout_s", r->lockout_s, 3);
  json_kv_number_fixed(j, "end_s", r->end_s, 3);
  json_kv_number_fixed(j, "pull_duration_s", r->pull_duration_s, 3);
  json_kv_number_fixed(j, "peak_extension_velocity_deg_s", r->peak_extension_velocity_deg_s, 2);
  json_setup(j, "hip", r->hip_setup_deg);
  if (trunk) json_setup(j, "trunk", r->trunk_setup_deg);
  json_region(j, "thoracic", &r->thoracic, th);
  json_region(j, "lumbar", &r->lumbar, lu);
  json_flags(j, r->flags);
  json_kv_string(j, "verdict", hinge_form_verdict_name(r->verdict));
  json_end_object(j);
}

/* {"thoracic": x, "lumbar": y} from one field of both set regions. */
static void json_pair(json_out *j, const char *key, double th, double lu) {
  json_key(j, key);
  json_begin_object(j);
  json_kv_number_fixed(j, "thoracic", th, 2);
  json_kv_number_fixed(j, "lumbar", lu, 2);
  json_end_object(j);
}

static void json_relation(json_out *j, const char *key, const hinge_set_region *r) {
  json_key(j, key);
  json_begin_object(j);
  json_kv_number_fixed(j, "r", r->setup_peak_r, 2);
  json_kv_number_fixed(j, "slope", r->setup_peak_slope, 2);
  json_end_object(j);
}

static void json_set(json_out *j, const hinge_analysis *a) {
  const hinge_set_summary *s = hinge_analysis_set(a);
  char line[512];
  hinge_analysis_summary(a, line, sizeof line);
  json_key(j, "set");
  json_begin_object(j);
  json_kv_uint(j, "reps", s->reps);
  json_kv_string(j, "verdict", hinge_form_verdict_name(s->verdict));
  json_kv_string(j, "summary", line);
  json_pair(j, "rounding_drift_deg_per_rep", s->thoracic.drift_deg_per_rep,
            s->lumbar.drift_deg_per_rep);
  json_pair(j, "rounding_change_deg", s->thoracic.change_deg, s->lumbar.change_deg);
  json_key(j, "rounding_trend");
  json_begin_object(j);
  json_kv_string(j, "thoracic", hinge_trend_name(s->thoracic.trend));
  json_kv_string(j, "lumbar", hinge_trend_name(s->lumbar.trend));
  json_end_object(j);
  json_pair(j, "mean_rounding_deg", s->thoracic.mean_rounding_deg, s->lumbar.mean_rounding_deg);
  json_pair(j, "max_rounding_deg", s->thoracic.max_rounding_deg, s->lumbar.max_rounding_deg);
  json_key(j, "setup_consistency_sd_deg");
  json_begin_object(j);
  json_kv_number_fixed(j, "hip", s->hip_setup_sd_deg, 2);
  json_kv_number_fixed(j, "thoracic", s->thoracic.setup_sd_deg, 2);
  json_kv_number_fixed(j, "lumbar", s->lumbar.setup_sd_deg, 2);
  json_end_object(j);
  json_key(j, "pull_duration_s");
  json_begin_object(j);
  json_kv_number_fixed(j, "first", s->pull_first_s, 3);
  json_kv_number_fixed(j, "last", s->pull_last_s, 3);
  json_kv_number_fixed(j, "increase_pct", s->pull_increase_pct, 2);
  json_kv_number_fixed(j, "slope_s_per_rep", s->pull_slope_s_per_rep, 3);
  json_end_object(j);
  json_kv_bool(j, "fatigue", s->fatigue);
  json_key(j, "setup_vs_peak");
  json_begin_object(j);
  json_relation(j, "thoracic", &s->thoracic);
  json_relation(j, "lumbar", &s->lumbar);
  json_end_object(j);
  json_end_object(j);
}

/* Whether a region was measured: any rep has a start angle for it. */
static int has_region(const hinge_analysis *a, int lumbar) {
  const hinge_standing *st = hinge_analysis_standing(a);
  return !isnan(lumbar ? st->lumbar_deg : st->thoracic_deg);
}

void analyze_json_one(json_out *j, const hinge_analysis *a) {
  const hinge_rep *reps = hinge_analysis_reps(a);
  size_t i, n = hinge_analysis_rep_count(a);
  int th = has_region(a, 0), lu = has_region(a, 1);
  int trunk = !isnan(hinge_analysis_standing(a)->trunk_deg);
  json_begin_object(j);
  json_kv_string(j, "file", hinge_analysis_file(a));
  json_kv_string(j, "athlete", *hinge_analysis_athlete(a) ? hinge_analysis_athlete(a) : NULL);
  json_kv_string(j, "date", *hinge_analysis_date(a) ? hinge_analysis_date(a) : NULL);
  json_kv_number_fixed(j, "sample_rate_hz", hinge_analysis_sample_rate(a), 3);
  json_kv_uint(j, "samples", hinge_analysis_samples(a));
  json_kv_string(j, "segmented_on", hinge_analysis_segmented_on(a));
  json_strings(j, "processing", hinge_analysis_processing_count(a), hinge_analysis_processing, a);
  json_standing(j, a);
  json_key(j, "reps");
  json_begin_array(j);
  for (i = 0; i < n; i++) json_rep(j, a, &reps[i], th, lu, trunk);
  json_end_array(j);
  json_set(j, a);
  json_strings(j, "warnings", hinge_analysis_warning_count(a), hinge_analysis_warning, a);
  json_end_object(j);
}

/* -------------------------------------------------------------- CSV */

static const char *const csv_header =
  "file,athlete,date,set,rep,start_s,liftoff_s,lockout_s,end_s,pull_duration_s,"
  "hip_setup_deg,trunk_setup_deg,peak_extension_velocity_deg_s,"
  "thoracic_start_deg,thoracic_peak_deg,thoracic_rounding_deg,thoracic_peak_flexion_velocity_deg_s,"
  "lumbar_start_deg,lumbar_peak_deg,lumbar_rounding_deg,lumbar_peak_flexion_velocity_deg_s,"
  "thoracic_peak_pct_max,lumbar_peak_pct_max,upper_back_rounding,lumbar_rounding,verdict\n";

void analyze_csv_header(FILE *f) { fputs(csv_header, f); }

/* A text field, quoted (RFC 4180) when it holds a delimiter, a quote or a
 * line break. */
static void csv_text(FILE *f, const char *s) {
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, f);
  } else {
    fputc('"', f);
    for (; *s; s++) {
      if (*s == '"') fputc('"', f);
      fputc(*s, f);
    }
    fputc('"', f);
  }
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
  if (!isnan(r->set)) csv_num(f, r->set, 0);
  else csv_text(f, hinge_analysis_set_label(a));
  fprintf(f, "%d,", r->rep);
  csv_fixed(f, r->start_s, 3);
  csv_fixed(f, r->liftoff_s, 3);
  csv_fixed(f, r->lockout_s, 3);
  csv_fixed(f, r->end_s, 3);
  csv_fixed(f, r->pull_duration_s, 3);
  csv_fixed(f, r->hip_setup_deg, 2);
  csv_fixed(f, r->trunk_setup_deg, 2);
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

void analyze_text_one(FILE *f, const hinge_analysis *a) {
  const hinge_rep *reps = hinge_analysis_reps(a);
  size_t i, n = hinge_analysis_rep_count(a);
  char line[512];
  text_head(f, a);
  if (n > 0) {
    fprintf(f, "%4s %8s %8s %6s %6s %7s %7s %7s %7s  %-7s %s\n", "rep", "liftoff", "lockout",
            "pull", "hip", "thor", "thor", "lumb", "lumb", "verdict", "flags");
    fprintf(f, "%4s %8s %8s %6s %6s %7s %7s %7s %7s\n", "", "s", "s", "s", "setup", "start",
            "round", "start", "round");
  }
  for (i = 0; i < n; i++) {
    const hinge_rep *r = &reps[i];
    fprintf(f, "%4d", r->rep);
    text_num(f, 8, 2, r->liftoff_s);
    text_num(f, 8, 2, r->lockout_s);
    text_num(f, 6, 2, r->pull_duration_s);
    text_num(f, 6, 1, r->hip_setup_deg);
    text_num(f, 7, 1, r->thoracic.start_deg);
    text_num(f, 7, 1, r->thoracic.rounding_deg);
    text_num(f, 7, 1, r->lumbar.start_deg);
    text_num(f, 7, 1, r->lumbar.rounding_deg);
    fprintf(f, "  %-7s", hinge_form_verdict_name(r->verdict));
    if (r->flags & HINGE_REP_UPPER_BACK_ROUNDING) fprintf(f, " upper_back_rounding");
    if (r->flags & HINGE_REP_LUMBAR_ROUNDING) fprintf(f, " lumbar_rounding");
    fputc('\n', f);
  }
  hinge_analysis_summary(a, line, sizeof line);
  fprintf(f, "set: %s\n", line);
  for (i = 0; i < hinge_analysis_warning_count(a); i++)
    fprintf(f, "warning: %s\n", hinge_analysis_warning(a, i));
}
