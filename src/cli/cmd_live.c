/*
 * cmd_live.c -- `hinge live`: a session CSV read from standard input as
 * it arrives (a serial or Bluetooth bridge writing lines) through the
 * live analysis (hinge/stream.h); every event is printed and flushed as
 * it happens, the set summary at end of input.  docs/live.md.
 *
 * The header (and the first rows, to measure the rate when --fs is not
 * given) go through the ordinary loader, so column roles, units, --map
 * and "-COLUMN" inversion are the same as `hinge analyze`'s; later lines
 * are split on the delimiter the loader found and read with strtod.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json_out.h"
#include "load_args.h"

#define LIVE_PROBE_ROWS 10 /* rows buffered to measure the rate (without --fs) */
#define LIVE_MAX_COLS 64

static const char usage[] =
  "usage: hinge live [--format jsonl|text] [--fs HZ] [--map ROLE=COLUMN]...\n"
  "                  [--exercise deadlift|squat|rdl] [--set-end auto|lockout|put-down]\n"
  "                  [--threshold NAME=VALUE]... [--delimiter D] < SESSION.csv\n"
  "\n"
  "Read a session CSV from standard input as it arrives and print each event\n"
  "as it happens (setup, liftoff, alert, lockout, rep, withdrawn, set_end),\n"
  "flushed; at end of input the set summary.  Conditioning is causal (a\n"
  "Butterworth low-pass, despiking with 0.05 s of look-ahead): events come\n"
  "about 0.1 s (alerts) to 0.3 s (lockout, rep) after the moment they mark.\n"
  "\n"
  "  --format F           jsonl (default: one JSON object a line) or text\n"
  "  --exercise E         deadlift (default), squat or rdl\n"
  "  --set-end E          auto (default), lockout or put-down\n"
  "  --threshold N=V      any hinge analyze threshold (hinge analyze --list-thresholds)\n"
  CLI_LOAD_OPTIONS_HELP;

typedef struct live_args {
  const char *format;
  hinge_analyze_config cfg;
  cli_load_args load;
} live_args;

/* The columns as the stream sees them. */
typedef struct live_cols {
  int roles[LIVE_MAX_COLS];
  double scale[LIVE_MAX_COLS], factor[LIVE_MAX_COLS];
  int ncols, time_col, nvals;
  int val_col[LIVE_MAX_COLS]; /* column of each stream value */
  double time_factor;
  char delim, decimal;
} live_cols;

typedef struct live_out {
  FILE *f;
  int text;
} live_out;

/* ------------------------------------------------------------ output */

static void json_region(json_out *j, const char *key, const hinge_region_rep *r) {
  json_key(j, key);
  json_begin_object(j);
  json_kv_number(j, "start_deg", r->start_deg);
  json_kv_number(j, "peak_deg", r->peak_deg);
  json_kv_number(j, "rounding_deg", r->rounding_deg);
  json_kv_number(j, "peak_velocity_deg_s", r->peak_velocity_deg_s);
  json_kv_number(j, "coverage", r->coverage);
  json_kv_bool(j, "assessed", r->assessed);
  json_end_object(j);
}

static void json_rep(json_out *j, const hinge_rep *r) {
  json_kv_number(j, "start_s", r->start_s);
  json_kv_number(j, "liftoff_s", r->liftoff_s);
  json_kv_number(j, "lockout_s", r->lockout_s);
  json_kv_number(j, "end_s", r->end_s);
  json_kv_number(j, "pull_duration_s", r->pull_duration_s);
  json_kv_number(j, "dwell_s", r->dwell_s);
  json_kv_number(j, "hip_setup_deg", r->hip_setup_deg);
  json_kv_number(j, "peak_extension_velocity_deg_s", r->peak_extension_velocity_deg_s);
  json_key(j, "trunk");
  json_begin_object(j);
  json_kv_number(j, "setup_deg", r->trunk_setup_deg);
  json_kv_number(j, "peak_deg", r->trunk_peak_deg);
  json_end_object(j);
  json_key(j, "knee");
  json_begin_object(j);
  json_kv_number(j, "setup_deg", r->knee_setup_deg);
  json_end_object(j);
  json_region(j, "thoracic", &r->thoracic);
  json_region(j, "lumbar", &r->lumbar);
  json_key(j, "flags");
  json_begin_array(j);
  if (r->flags & HINGE_REP_UPPER_BACK_ROUNDING)
    json_string(j, hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING));
  if (r->flags & HINGE_REP_LUMBAR_ROUNDING)
    json_string(j, hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING));
  json_end_array(j);
  json_kv_string(j, "verdict", hinge_form_verdict_name(r->verdict));
}

static void json_summary(json_out *j, const hinge_set_summary *s) {
  json_kv_uint(j, "reps", s->reps);
  json_kv_uint(j, "first_rep", s->first_rep + 1);
  json_kv_string(j, "verdict", hinge_form_verdict_name(s->verdict));
  json_kv_number(j, "thoracic_max_rounding_deg", s->thoracic.max_rounding_deg);
  json_kv_number(j, "lumbar_max_rounding_deg", s->lumbar.max_rounding_deg);
  json_kv_string(j, "lumbar_trend", hinge_trend_name(s->lumbar.trend));
  json_kv_number(j, "pull_increase_pct", s->pull_increase_pct);
  json_kv_bool(j, "fatigue", s->fatigue);
}

static void event_jsonl(FILE *f, const hinge_stream_event *ev) {
  json_out j;
  json_init(&j, f, 0);
  json_begin_object(&j);
  json_kv_string(&j, "event", hinge_stream_event_name(ev->type));
  json_kv_number(&j, "t", ev->t_s);
  json_kv_number(&j, "emitted", ev->emitted_s);
  json_kv_int(&j, "rep", ev->rep);
  json_kv_number(&j, "set", ev->set);
  if (ev->type == HINGE_EVENT_ALERT) {
    json_kv_string(&j, "region", ev->region == HINGE_REP_LUMBAR_ROUNDING ? "lumbar" : "thoracic");
    json_kv_number(&j, "rounding_deg", ev->rounding_deg);
    json_kv_number(&j, "threshold_deg", ev->threshold_deg);
  } else if (ev->type == HINGE_EVENT_REP || ev->type == HINGE_EVENT_WITHDRAWN) {
    json_rep(&j, &ev->metrics);
  } else if (ev->type == HINGE_EVENT_SET_END) {
    json_summary(&j, &ev->summary);
  }
  json_end_object(&j);
  json_finish(&j);
}

static void event_text(FILE *f, const hinge_stream_event *ev) {
  const hinge_rep *r = &ev->metrics;
  fprintf(f, "%8.2f  %-9s rep %d", ev->t_s, hinge_stream_event_name(ev->type), ev->rep);
  if (ev->type == HINGE_EVENT_ALERT)
    fprintf(f, "  %s rounding %.1f deg (threshold %g)",
            ev->region == HINGE_REP_LUMBAR_ROUNDING ? "lumbar" : "upper-back", ev->rounding_deg,
            ev->threshold_deg);
  else if (ev->type == HINGE_EVENT_REP) {
    fprintf(f, "  pull %.2f s", r->pull_duration_s);
    if (!isnan(r->thoracic.rounding_deg)) fprintf(f, "  thoracic %.1f", r->thoracic.rounding_deg);
    if (!isnan(r->lumbar.rounding_deg)) fprintf(f, "  lumbar %.1f", r->lumbar.rounding_deg);
    fprintf(f, "  %s", hinge_form_verdict_name(r->verdict));
  }
  else if (ev->type == HINGE_EVENT_SET_END)
    fprintf(f, "  %zu reps, %s", ev->summary.reps, hinge_form_verdict_name(ev->summary.verdict));
  fputc('\n', f);
}

static void on_event(const hinge_stream_event *ev, void *user) {
  const live_out *o = user;
  if (o->text) event_text(o->f, ev);
  else event_jsonl(o->f, ev);
  fflush(o->f);
}

/* The end: the reps and the set, one line (jsonl) or a table (text). */
static void print_summary(const live_out *o, hinge_stream *s) {
  size_t i, n = hinge_stream_rep_count(s);
  const hinge_rep *reps = hinge_stream_reps(s);
  if (o->text) {
    fprintf(o->f, "%zu reps, %s\n", n, hinge_form_verdict_name(hinge_stream_set(s)->verdict));
    for (i = 0; i < hinge_stream_warning_count(s); i++)
      fprintf(o->f, "warning: %s\n", hinge_stream_warning(s, i));
  } else {
    json_out j;
    json_init(&j, o->f, 0);
    json_begin_object(&j);
    json_kv_string(&j, "event", "summary");
    json_key(&j, "set");
    json_begin_object(&j);
    json_summary(&j, hinge_stream_set(s));
    json_end_object(&j);
    json_key(&j, "reps");
    json_begin_array(&j);
    for (i = 0; i < n; i++) {
      json_begin_object(&j);
      json_kv_int(&j, "rep", reps[i].rep);
      json_kv_number(&j, "set", reps[i].set);
      json_rep(&j, &reps[i]);
      json_end_object(&j);
    }
    json_end_array(&j);
    json_key(&j, "warnings");
    json_begin_array(&j);
    for (i = 0; i < hinge_stream_warning_count(s); i++) json_string(&j, hinge_stream_warning(s, i));
    json_end_array(&j);
    json_kv_uint(&j, "memory_bytes", hinge_stream_memory(s));
    json_end_object(&j);
    json_finish(&j);
  }
  fflush(o->f);
}

/* ------------------------------------------------------------- input */

/* The role of column i for the stream: an angle or the set; factor and
 * sign for values parsed later (the loader converted the probed rows). */
static void take_column(live_cols *c, const hinge_column_info *ci, int i) {
  int r = ci->role;
  if (r == HINGE_ROLE_TIME) {
    c->time_col = i;
    c->time_factor = ci->unit == HINGE_UNIT_MS ? 0.001 : 1;
    return;
  }
  if (c->nvals >= LIVE_MAX_COLS || ci->unit == HINGE_UNIT_TEXT) return;
  if (r != HINGE_ROLE_HIP && r != HINGE_ROLE_THORACIC && r != HINGE_ROLE_LUMBAR &&
      r != HINGE_ROLE_TRUNK && r != HINGE_ROLE_KNEE && r != HINGE_ROLE_SET)
    return;
  c->roles[c->nvals] = r;
  c->scale[c->nvals] = 1;
  c->factor[c->nvals] = (ci->unit == HINGE_UNIT_RAD ? 180.0 / 3.14159265358979323846 : 1) *
                        (ci->inverted ? -1 : 1);
  c->val_col[c->nvals++] = i;
}

static int columns_of(const hinge_table *t, live_cols *c) {
  size_t i, n = hinge_table_columns(t);
  memset(c, 0, sizeof *c);
  c->time_col = -1;
  if (n > LIVE_MAX_COLS) n = LIVE_MAX_COLS;
  c->ncols = (int)n;
  for (i = 0; i < n; i++) {
    const hinge_column_info *ci = hinge_table_column_info(t, i);
    if (ci->role == HINGE_ROLE_TIME && ci->unit == HINGE_UNIT_ISO8601)
      return cli_usage_error("live", "ISO 8601 time column '%s' is not read live: give --fs "
                             "and --map time= to another column", ci->name);
    take_column(c, ci, (int)i);
  }
  c->delim = hinge_table_schema(t)->delimiter;
  c->decimal = hinge_table_schema(t)->decimal;
  return CLI_OK;
}

/* Split one data line on the delimiter and read the numbers (NaN for an
 * empty or unreadable cell) into cells. */
static int split_line(const live_cols *c, char *line, double *cells) {
  int k = 0;
  char *p = line;
  while (k < c->ncols) {
    char *end = strchr(p, c->delim), *num;
    if (end != NULL) *end = '\0';
    if (c->decimal == ',')
      for (num = p; *num; num++)
        if (*num == ',') *num = '.';
    errno = 0;
    cells[k] = strtod(p, &num);
    if (num == p) cells[k] = NAN; /* an empty cell, or no number */
    while (*num == ' ' || *num == '\r' || *num == '\n' || *num == '"') num++;
    if (*num != '\0') cells[k] = NAN;
    k++;
    if (end == NULL) break;
    p = end + 1;
  }
  for (; k < c->ncols; k++) cells[k] = NAN;
  return 0;
}

/* One line after the probe: a frame into the stream. */
static int push_line(hinge_stream *s, const live_cols *c, char *line, hinge_error *err) {
  double cells[LIVE_MAX_COLS], vals[LIVE_MAX_COLS], t;
  int k;
  if (line[0] == '\0' || line[0] == '\n' || line[0] == '\r' || line[0] == '#') return HINGE_OK;
  split_line(c, line, cells);
  for (k = 0; k < c->nvals; k++) vals[k] = cells[c->val_col[k]] * c->factor[k];
  if (c->time_col < 0) return hinge_stream_push(s, NULL, vals, 1, err);
  t = cells[c->time_col] * c->time_factor;
  if (isnan(t)) return HINGE_OK;
  return hinge_stream_push(s, &t, vals, 1, err);
}

/* The probed rows, as the loader read them. */
static int push_table(hinge_stream *s, const hinge_table *t, const live_cols *c,
                      hinge_error *err) {
  size_t r, rows = hinge_table_rows(t);
  const double *time = c->time_col >= 0 ? hinge_table_time(t) : NULL;
  int k, rc = HINGE_OK;
  for (r = 0; r < rows && rc == HINGE_OK; r++) {
    double vals[LIVE_MAX_COLS];
    for (k = 0; k < c->nvals; k++) {
      const double *col = hinge_table_column(t, (size_t)c->val_col[k]);
      vals[k] = col != NULL ? col[r] : NAN;
    }
    rc = hinge_stream_push(s, time != NULL ? &time[r] : NULL, vals, 1, err);
  }
  return rc;
}

/* Read the header and the first rows into buf (*len): header + rows data
 * lines, or to end of input. */
static int probe(FILE *in, char **buf, size_t *len, int rows) {
  char line[65536];
  size_t cap = 0;
  int data = -1;
  *buf = NULL;
  *len = 0;
  while (data < rows && fgets(line, sizeof line, in) != NULL) {
    size_t l = strlen(line);
    if (*len + l + 1 > cap) {
      char *nb = realloc(*buf, cap = 2 * (*len + l + 1));
      if (nb == NULL) return -1;
      *buf = nb;
    }
    memcpy(*buf + *len, line, l + 1);
    *len += l;
    if (line[0] != '#' && line[0] != '\n' && line[0] != '\r') data++;
  }
  return 0;
}

/* ------------------------------------------------------------ command */

static int set_threshold(live_args *a, const char *spec) {
  char name[64];
  const char *eq = strchr(spec, '=');
  hinge_error err;
  char *end;
  double v;
  if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof name)
    return cli_usage_error("live", "--threshold wants NAME=VALUE (got '%s')", spec);
  memcpy(name, spec, (size_t)(eq - spec));
  name[eq - spec] = '\0';
  v = strtod(eq + 1, &end);
  if (eq[1] == '\0' || *end != '\0')
    return cli_usage_error("live", "--threshold %s: '%s' is not a number", name, eq + 1);
  if (hinge_analyze_config_set(&a->cfg, name, v, &err) != HINGE_OK)
    return cli_usage_error("live", "%s", err.message);
  return CLI_OK;
}

static int parse_word(int argc, char **argv, int *i, live_args *a) {
  const char *v;
  hinge_error err;
  int rc;
  if ((rc = cli_load_option("live", argc, argv, i, &a->load)) != 0)
    return rc < 0 ? CLI_EUSAGE : CLI_OK;
  if ((rc = cli_opt_value("live", argc, argv, i, "--format", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    if (strcmp(v, "jsonl") != 0 && strcmp(v, "text") != 0)
      return cli_usage_error("live", "--format must be jsonl or text (got '%s')", v);
    a->format = v;
  } else if ((rc = cli_opt_value("live", argc, argv, i, "--threshold", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_threshold(a, v);
  } else if ((rc = cli_opt_value("live", argc, argv, i, "--exercise", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    if (hinge_exercise_parse(v, &a->cfg.exercise, &err) != HINGE_OK)
      return cli_usage_error("live", "--exercise: %s", err.message);
  } else if ((rc = cli_opt_value("live", argc, argv, i, "--set-end", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    if (hinge_set_end_parse(v, &a->cfg.set_end, &err) != HINGE_OK)
      return cli_usage_error("live", "--set-end: %s", err.message);
  } else {
    return cli_usage_error("live", "unknown argument '%s' (the session comes on standard "
                           "input)", argv[*i]);
  }
  return CLI_OK;
}

/* The stream over the probed table and the rest of standard input. */
static int run_stream(live_args *a, const hinge_table *t, live_out *o) {
  hinge_stream_config sc;
  hinge_stream *s = NULL;
  hinge_error err;
  live_cols c;
  char line[65536];
  int rc = columns_of(t, &c);
  if (rc != CLI_OK) return rc;
  hinge_stream_config_init(&sc);
  sc.fs = a->load.opts.fs > 0 ? a->load.opts.fs : hinge_table_timing(t)->sample_rate_hz;
  sc.roles = c.roles;
  sc.nroles = (size_t)c.nvals;
  sc.on_event = on_event;
  sc.user = o;
  sc.max_events = 0;
  if (c.time_col < 0 && !(a->load.opts.fs > 0))
    return cli_usage_error("live", "no time column: give --fs");
  rc = hinge_stream_create(&sc, &a->cfg, NULL, &s, &err);
  if (rc == HINGE_OK) rc = push_table(s, t, &c, &err);
  while (rc == HINGE_OK && fgets(line, sizeof line, stdin) != NULL)
    rc = push_line(s, &c, line, &err);
  if (rc == HINGE_OK) rc = hinge_stream_finish(s, &err);
  if (rc == HINGE_OK) print_summary(o, s);
  hinge_stream_destroy(s);
  return rc == HINGE_OK ? CLI_OK : cli_data_error(&err);
}

static int cmd_live(int argc, char **argv) {
  live_args a;
  live_out o;
  hinge_table *t = NULL;
  hinge_error err;
  char *buf;
  size_t len;
  int i, rc;
  memset(&a, 0, sizeof a);
  a.format = "jsonl";
  hinge_analyze_config_init(&a.cfg);
  cli_load_args_init(&a.load);
  for (i = 1; i < argc; i++)
    if ((rc = parse_word(argc, argv, &i, &a)) != CLI_OK) return rc;
  if (a.load.opts.input_format != NULL && strcmp(a.load.opts.input_format, "csv") != 0)
    return cli_usage_error("live", "hinge live reads hinge's session CSV only (--input-format csv)");
  a.load.opts.input_format = "csv"; /* the stream is read as CSV rows: no detection */
  o.f = stdout;
  o.text = strcmp(a.format, "text") == 0;
  if (probe(stdin, &buf, &len, a.load.opts.fs > 0 ? 1 : LIVE_PROBE_ROWS) != 0) {
    free(buf);
    fprintf(stderr, "hinge live: out of memory\n");
    return CLI_EDATA;
  }
  rc = hinge_table_load_buffer("stdin", buf != NULL ? buf : "", len, &a.load.opts, &t, &err);
  free(buf);
  if (rc != HINGE_OK) return cli_data_error(&err);
  rc = run_stream(&a, t, &o);
  hinge_table_destroy(t);
  return rc;
}

const cli_command cli_cmd_live = {
  "live", cmd_live, "live analysis of a session read from standard input as it arrives",
  usage};
