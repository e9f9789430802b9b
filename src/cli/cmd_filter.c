/*
 * cmd_filter.c -- `hinge filter FILE [steps] -o OUT`: condition every angle
 * column of a session (despike, fill gaps, low-pass, Savitzky-Golay) and
 * write the result with round-trip precision.  Despiking, filling and a
 * fixed low-pass are one call of the analysis' own pipeline
 * (hinge_condition, dsp/condition.c); resampling, the per-column cutoff of
 * --lowpass auto and Savitzky-Golay are one core call each.  This file
 * only parses, sequences and writes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/internal.h"
#include "dsp/condition_internal.h"
#include "json_out.h"
#include "load_args.h"

static const char usage[] =
  "usage: hinge filter FILE [--resample HZ]\n"
  "                    [--despike [--despike-k K] [--despike-window S]]\n"
  "                    [--fill-gaps S [--cubic]]\n"
  "                    [--lowpass HZ|auto [--order N] [--causal] [--correct-cutoff]]\n"
  "                    [--savgol W,P [--deriv D]] [--format csv|json] [-o OUT]\n"
  "\n"
  "Condition every angle column of a session export (hip, thoracic, lumbar,\n"
  "knee, shin, trunk) and write the session back.  Steps run in the order\n"
  "listed above; each adds a line to the processing history (in --format json).\n"
  "The time column and other numeric columns are kept as they are (time as\n"
  "seconds, angles as degrees: a *_rad column is written as *_deg); text\n"
  "columns are not written.\n"
  "\n"
  "  --resample HZ       interpolate every column onto a uniform grid first\n"
  "  --despike           Hampel filter: replace samples more than K robust SDs\n"
  "                      from the moving median (default K 3, window +/-0.05 s);\n"
  "                      before filling, as the analysis does\n"
  "  --fill-gaps S       fill runs of missing samples up to S seconds (linear,\n"
  "                      or --cubic); longer gaps stay empty\n"
  "  --lowpass HZ        Butterworth low-pass, zero-phase (sosfiltfilt) unless\n"
  "                      --causal; --order is scipy's N (default 2: net 4th order\n"
  "                      zero-phase); --correct-cutoff applies Winter's two-pass\n"
  "                      correction; 'auto' picks each column's cutoff by Winter's\n"
  "                      residual analysis\n"
  "  --savgol W,P        Savitzky-Golay smoothing, window W (odd), polynomial P;\n"
  "                      --deriv D writes the D-th derivative per second instead\n"
  "                      (columns renamed *_deg_s, *_deg_s2)\n"
  "  --format F          csv (default) or json (columns as arrays, with history\n"
  "                      and the loader's warnings; with csv the warnings go\n"
  "                      to standard error as 'hinge: FILE: warning: ...')\n"
  "  -o OUT              output file (default: standard output); written\n"
  "                      atomically, nothing is left on failure\n"
  CLI_LOAD_OPTIONS_HELP
  "\n"
  "Exit status: 0 written, 1 bad data (file:line:col: why), 2 bad usage.\n";

typedef struct filter_args {
  const char *file, *out, *format;
  double resample_hz, fill_gap_s, despike_k, despike_window_s, lowpass_hz;
  int lowpass_auto, order, causal, correct, cubic, despike;
  int savgol_w, savgol_p, deriv;
  cli_load_args load;
} filter_args;

/* A column of the output: its name and values (owned). */
typedef struct out_col {
  char name[128];
  int role;
  double *x;
} out_col;

typedef struct filter_job {
  size_t n, ncols;
  double fs;
  out_col *cols;      /* cols[0] is the time */
  char **history;
  size_t nhistory;
} filter_job;

/* ---- options ------------------------------------------------------------ */

static int number_arg(const char *opt, const char *v, double lo, double *out) {
  char *end;
  *out = strtod(v, &end);
  if (end == v || *end != '\0' || !(*out >= lo) || !isfinite(*out))
    return cli_usage_error("filter", "option '%s' needs a number >= %g, got '%s'", opt, lo, v);
  return 0;
}

static int int_arg(const char *opt, const char *v, int lo, int hi, int *out) {
  char *end;
  long l = strtol(v, &end, 10);
  if (end == v || *end != '\0' || l < lo || l > hi)
    return cli_usage_error("filter", "option '%s' needs an integer %d to %d, got '%s'", opt, lo, hi, v);
  *out = (int)l;
  return 0;
}

static int savgol_arg(filter_args *a, const char *v) {
  int w, p;
  char extra;
  if (sscanf(v, "%d,%d%c", &w, &p, &extra) != 2 || w < 1 || p < 0 || w > 100001)
    return cli_usage_error("filter", "--savgol needs WINDOW,POLYORDER (e.g. 11,3), got '%s'", v);
  a->savgol_w = w;
  a->savgol_p = p;
  return 0;
}

static int lowpass_arg(filter_args *a, const char *v) {
  if (strcmp(v, "auto") == 0) {
    a->lowpass_auto = 1;
    a->lowpass_hz = 0;
    return 0;
  }
  return number_arg("--lowpass", v, 1e-9, &a->lowpass_hz);
}

/* One option taking a value; returns 1 consumed, 0 not this, -1 error. */
static int value_option(filter_args *a, int argc, char **argv, int *i) {
  static const char *const names[] = {"--resample", "--fill-gaps", "--despike-k",
                                      "--despike-window", "--lowpass", "--order",
                                      "--savgol", "--deriv", "--format", "-o", NULL};
  const char *v;
  int k, r = 0;
  for (k = 0; names[k] != NULL; k++) {
    r = cli_opt_value("filter", argc, argv, i, names[k], &v);
    if (r != 0) break;
  }
  if (r <= 0) return r;
  switch (k) {
  case 0: return number_arg(names[k], v, 1e-9, &a->resample_hz) ? -1 : 1;
  case 1: return number_arg(names[k], v, 0, &a->fill_gap_s) ? -1 : 1;
  case 2: return number_arg(names[k], v, 0, &a->despike_k) ? -1 : 1;
  case 3: return number_arg(names[k], v, 1e-9, &a->despike_window_s) ? -1 : 1;
  case 4: return lowpass_arg(a, v) ? -1 : 1;
  case 5: return int_arg(names[k], v, 1, 8, &a->order) ? -1 : 1;
  case 6: return savgol_arg(a, v) ? -1 : 1;
  case 7: return int_arg(names[k], v, 0, 10, &a->deriv) ? -1 : 1;
  case 8: a->format = v; return 1;
  default: a->out = v; return 1;
  }
}

static int flag_option(filter_args *a, const char *s) {
  if (strcmp(s, "--causal") == 0) a->causal = 1;
  else if (strcmp(s, "--correct-cutoff") == 0) a->correct = 1;
  else if (strcmp(s, "--cubic") == 0) a->cubic = 1;
  else if (strcmp(s, "--despike") == 0) a->despike = 1;
  else return 0;
  return 1;
}

static int parse(filter_args *a, int argc, char **argv) {
  int i, r;
  for (i = 1; i < argc; i++) {
    if (flag_option(a, argv[i])) continue;
    if ((r = value_option(a, argc, argv, &i)) < 0) return CLI_EUSAGE;
    if (r > 0) continue;
    if ((r = cli_load_option("filter", argc, argv, &i, &a->load)) < 0) return CLI_EUSAGE;
    if (r > 0) continue;
    if (argv[i][0] == '-' && argv[i][1] != '\0')
      return cli_usage_error("filter", "unknown option '%s'", argv[i]);
    if (a->file != NULL) return cli_usage_error("filter", "expected one FILE, got '%s' too", argv[i]);
    a->file = argv[i];
  }
  if (a->file == NULL) return cli_usage_error("filter", "missing FILE");
  if (strcmp(a->format, "csv") && strcmp(a->format, "json"))
    return cli_usage_error("filter", "--format must be csv or json, got '%s'", a->format);
  if (a->savgol_w == 0 && a->deriv > 0) return cli_usage_error("filter", "--deriv needs --savgol");
  if (isnan(a->lowpass_hz) && !a->lowpass_auto && (a->causal || a->correct || a->order))
    return cli_usage_error("filter", "--order, --causal and --correct-cutoff need --lowpass");
  if (!a->despike && (!isnan(a->despike_k) || !isnan(a->despike_window_s)))
    return cli_usage_error("filter", "--despike-k and --despike-window need --despike");
  if (isnan(a->fill_gap_s) && a->cubic) return cli_usage_error("filter", "--cubic needs --fill-gaps");
  return CLI_OK;
}

/* ---- the job: output columns and history ---------------------------------- */

static int add_history(filter_job *job, const char *line) {
  char **h = realloc(job->history, (job->nhistory + 1) * sizeof *h);
  size_t n = strlen(line) + 1;
  if (h == NULL) return HINGE_ENOMEM;
  job->history = h;
  if ((h[job->nhistory] = malloc(n)) == NULL) return HINGE_ENOMEM;
  memcpy(h[job->nhistory++], line, n);
  return HINGE_OK;
}

static void job_free(filter_job *job) {
  size_t i;
  for (i = 0; i < job->ncols; i++) free(job->cols[i].x);
  for (i = 0; i < job->nhistory; i++) free(job->history[i]);
  free(job->cols);
  free(job->history);
}

static int is_angle(int role) {
  return role > 0 && (HINGE_ROLE_BIT(role) & HINGE_ROLES_ANGLES);
}

/* Output name: the header, with a radian suffix turned into degrees. */
static void column_name(out_col *c, const hinge_column_info *ci) {
  size_t len = strlen(ci->name);
  if (ci->unit == HINGE_UNIT_RAD && len > 4 && strcmp(ci->name + len - 4, "_rad") == 0)
    snprintf(c->name, sizeof c->name, "%.*s_deg", (int)(len - 4), ci->name);
  else if (ci->unit == HINGE_UNIT_RAD)
    snprintf(c->name, sizeof c->name, "%s_deg", ci->name);
  else
    snprintf(c->name, sizeof c->name, "%s", ci->name);
}

static double *dup_doubles(const double *x, size_t n) {
  double *y = malloc((n ? n : 1) * sizeof *y);
  if (y != NULL && n > 0) memcpy(y, x, n * sizeof *y);
  return y;
}

/* Copy the time and every numeric non-time column out of the table. */
static int take_columns(filter_job *job, const hinge_table *t, hinge_error *err) {
  size_t i, nc = hinge_table_columns(t);
  job->n = hinge_table_rows(t);
  job->fs = hinge_table_timing(t)->sample_rate_hz;
  job->cols = calloc(nc + 1, sizeof *job->cols);
  if (job->cols == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  snprintf(job->cols[0].name, sizeof job->cols[0].name, "time_s");
  job->cols[0].role = HINGE_ROLE_TIME;
  job->ncols = 1;
  if ((job->cols[0].x = dup_doubles(hinge_table_time(t), job->n)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  for (i = 0; i < nc; i++) {
    const hinge_column_info *ci = hinge_table_column_info(t, i);
    out_col *c = &job->cols[job->ncols];
    if (hinge_table_column(t, i) == NULL || ci->role == HINGE_ROLE_TIME) continue;
    column_name(c, ci);
    c->role = ci->role;
    if ((c->x = dup_doubles(hinge_table_column(t, i), job->n)) == NULL)
      return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
    job->ncols++;
  }
  return HINGE_OK;
}

/* ---- the steps ------------------------------------------------------------ */

static int step_resample(filter_job *job, double hz, hinge_error *err) {
  size_t m, i;
  double *grid = NULL, *y;
  char line[256];
  int rc = hinge_resample_count(job->cols[0].x, job->n, hz, &m, err);
  if (rc != HINGE_OK) return rc;
  for (i = 1; i < job->ncols && rc == HINGE_OK; i++) {
    double *tk = malloc(m * sizeof *tk);
    y = malloc(m * sizeof *y);
    if (y == NULL || tk == NULL) rc = hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
    else rc = hinge_resample(job->cols[0].x, job->cols[i].x, job->n, hz, y, tk, m, err);
    free(job->cols[i].x);
    job->cols[i].x = y;
    free(grid);
    grid = tk;
  }
  if (rc != HINGE_OK) return free(grid), rc;
  if (grid == NULL) { /* no column but the time: still resample the time */
    grid = malloc(m * sizeof *grid);
    y = malloc(m * sizeof *y);
    rc = grid && y ? hinge_resample(job->cols[0].x, job->cols[0].x, job->n, hz, y, grid, m, err)
                   : hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
    free(y);
    if (rc != HINGE_OK) return free(grid), rc;
  }
  free(job->cols[0].x);
  job->cols[0].x = grid;
  job->n = m;
  job->fs = hz;
  hinge_describe_resample(line, sizeof line, hz);
  return add_history(job, line);
}

/* The low-pass the options ask for, at the job's sample rate. */
static void lowpass_opts(const filter_job *job, const filter_args *a, hinge_lowpass_opts *o) {
  hinge_lowpass_opts_init(o);
  o->fs = job->fs;
  if (a->order) o->order = a->order;
  o->zero_phase = !a->causal;
  o->correct_cutoff = a->correct;
  o->cutoff_hz = a->lowpass_hz;
}

/* Low-pass one column at the cutoff Winter's residual analysis picks for
 * it; the history line names the column. */
static int lowpass_column(filter_job *job, out_col *c, const filter_args *a, hinge_error *err) {
  hinge_lowpass_opts o;
  hinge_residual_opts ro;
  hinge_residual_result rr;
  char line[512], desc[256];
  int rc;
  lowpass_opts(job, a, &o);
  hinge_residual_opts_init(&ro);
  ro.order = o.order;
  ro.correct_cutoff = o.correct_cutoff;
  rc = hinge_residual_cutoff(c->x, job->n, job->fs, &ro, &rr, NULL, NULL, NULL, err);
  if (rc != HINGE_OK) return rc;
  o.cutoff_hz = rr.cutoff_hz;
  if ((rc = hinge_lowpass_opts_check(&o, err)) != HINGE_OK) return rc;
  if ((rc = hinge_lowpass(c->x, c->x, job->n, &o, NULL, NULL, err)) != HINGE_OK) return rc;
  hinge_lowpass_describe(&o, desc, sizeof desc);
  snprintf(line, sizeof line, "%s (%s: cutoff by residual analysis)", desc, c->name);
  return add_history(job, line);
}

/* The pipeline's options from the command line, at the job's rate. */
static int condition_opts(const filter_job *job, const filter_args *a,
                          hinge_condition_options *o, hinge_error *err) {
  int rc = hinge_condition_options_init(o, job->fs, err);
  if (rc != HINGE_OK) return rc;
  o->despike = a->despike;
  if (!isnan(a->despike_k)) o->hampel.k = a->despike_k;
  if (a->despike && !isnan(a->despike_window_s))
    rc = hinge_seconds_to_samples(a->despike_window_s, job->fs, &o->hampel.half_window, err);
  if (rc == HINGE_OK && o->hampel.half_window == 0) o->hampel.half_window = 1;
  o->fill = !isnan(a->fill_gap_s);
  o->fill_method = a->cubic ? HINGE_FILL_CUBIC : HINGE_FILL_LINEAR;
  if (rc == HINGE_OK && o->fill)
    rc = hinge_seconds_to_samples(a->fill_gap_s, job->fs, &o->fill_max_gap, err);
  o->lowpass_on = !isnan(a->lowpass_hz) && !a->lowpass_auto;
  lowpass_opts(job, a, &o->lowpass);
  return rc;
}

/* Despike, fill gaps and low-pass the angle columns: one core call
 * (hinge_condition), whose history lines go into the job's. */
static int step_condition(filter_job *job, const filter_args *a, hinge_error *err) {
  hinge_condition_options o;
  hinge__condition_run run;
  hinge__strlist history = {NULL, 0, 0};
  double **cols = calloc(job->ncols, sizeof *cols);
  size_t i;
  int rc = cols == NULL ? hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory")
                        : condition_opts(job, a, &o, err);
  for (i = 1; i < job->ncols && rc == HINGE_OK; i++)
    if (is_angle(job->cols[i].role)) cols[i] = job->cols[i].x;
  memset(&run, 0, sizeof run);
  run.o = &o;
  run.cols = cols;
  run.ncols = job->ncols;
  run.n = job->n;
  run.processing = &history;
  if (rc == HINGE_OK) rc = hinge__condition_columns(&run, err);
  for (i = 0; i < history.count && rc == HINGE_OK; i++) rc = add_history(job, history.items[i]);
  hinge__strlist_free(&history, NULL);
  free(cols);
  return rc;
}

/* --lowpass auto: each column's cutoff by residual analysis, one history
 * line per column (a fixed cutoff runs in the conditioning pipeline). */
static int step_lowpass_auto(filter_job *job, const filter_args *a, hinge_error *err) {
  size_t i;
  int rc = HINGE_OK;
  for (i = 1; i < job->ncols && rc == HINGE_OK; i++)
    if (is_angle(job->cols[i].role)) rc = lowpass_column(job, &job->cols[i], a, err);
  return rc;
}

static int step_savgol(filter_job *job, const filter_args *a, hinge_error *err) {
  hinge_savgol_opts o;
  char line[256];
  size_t i;
  int rc;
  hinge_savgol_opts_init(&o);
  o.window = a->savgol_w;
  o.polyorder = a->savgol_p;
  o.deriv = a->deriv;
  o.fs = job->fs;
  if ((rc = hinge_savgol_opts_check(&o, err)) != HINGE_OK) return rc;
  for (i = 1; i < job->ncols && rc == HINGE_OK; i++) {
    out_col *c = &job->cols[i];
    if (!is_angle(c->role)) continue;
    rc = hinge_savgol(c->x, c->x, job->n, &o, NULL, NULL, err);
    if (a->deriv > 0 && strlen(c->name) + 4 < sizeof c->name)
      strcat(c->name, a->deriv == 1 ? "_s" : a->deriv == 2 ? "_s2" : "_sN");
  }
  if (rc != HINGE_OK) return rc;
  hinge_savgol_describe(&o, line, sizeof line);
  return add_history(job, line);
}

static int run_steps(filter_job *job, const filter_args *a, hinge_error *err) {
  int rc = HINGE_OK;
  if (!isnan(a->resample_hz)) rc = step_resample(job, a->resample_hz, err);
  if (rc == HINGE_OK && (a->despike || !isnan(a->fill_gap_s) || !isnan(a->lowpass_hz)))
    rc = step_condition(job, a, err);
  if (rc == HINGE_OK && a->lowpass_auto) rc = step_lowpass_auto(job, a, err);
  if (rc == HINGE_OK && a->savgol_w > 0) rc = step_savgol(job, a, err);
  return rc;
}

/* ---- writers ---------------------------------------------------------------- */

static void write_csv(FILE *f, const filter_job *job) {
  size_t r, c;
  char buf[40];
  for (c = 0; c < job->ncols; c++) {
    if (c) fputc(',', f);
    cli_csv_field(f, job->cols[c].name);
  }
  fputc('\n', f);
  for (r = 0; r < job->n; r++) {
    for (c = 0; c < job->ncols; c++) {
      double v = job->cols[c].x[r];
      if (c) fputc(',', f);
      if (isfinite(v)) fputs(json_format_double(v, buf, sizeof buf), f);
    }
    fputc('\n', f);
  }
}

static void write_json(FILE *f, const filter_job *job, const hinge_table *t,
                       const hinge__strlist *warnings) {
  json_out j;
  size_t c, r, h;
  json_init(&j, f, 0);
  json_begin_object(&j);
  json_kv_string(&j, "file", hinge_table_file(t));
  json_kv_number(&j, "sample_rate_hz", job->fs);
  json_kv_uint(&j, "samples", job->n);
  json_key(&j, "processing");
  json_begin_array(&j);
  for (h = 0; h < job->nhistory; h++) json_string(&j, job->history[h]);
  json_end_array(&j);
  json_key(&j, "warnings"); /* the loader's, as sentences */
  json_begin_array(&j);
  for (h = 0; h < warnings->count; h++) json_string(&j, warnings->items[h]);
  json_end_array(&j);
  json_key(&j, "columns");
  json_begin_object(&j);
  for (c = 0; c < job->ncols; c++) {
    json_key(&j, job->cols[c].name);
    json_begin_array(&j);
    for (r = 0; r < job->n; r++) json_number(&j, job->cols[c].x[r]);
    json_end_array(&j);
  }
  json_end_object(&j);
  json_end_object(&j);
  json_finish(&j);
}

static int write_output(const filter_args *a, const filter_job *job, const hinge_table *t) {
  hinge_error err;
  cli_output *out = cli_output_open(a->out, &err);
  if (out == NULL) return cli_data_error(&err);
  if (strcmp(a->format, "json") == 0) {
    hinge__strlist w = {NULL, 0, 0};
    int rc = cli_table_warning_list(t, &w);
    if (rc == HINGE_OK) write_json(cli_output_file(out), job, t, &w);
    hinge__strlist_free(&w, NULL);
    if (rc != HINGE_OK) { /* nothing is left behind */
      cli_output_close(out, 0, NULL);
      hinge__fail(&err, HINGE_ENOMEM, a->file, 0, 0, "out of memory");
      return cli_data_error(&err);
    }
  } else {
    cli_print_table_warnings(t); /* CSV has no place for them: standard error */
    write_csv(cli_output_file(out), job);
  }
  if (cli_output_close(out, 1, &err) != HINGE_OK) return cli_data_error(&err);
  return CLI_OK;
}

static void args_init(filter_args *a) {
  memset(a, 0, sizeof *a);
  a->format = "csv";
  a->resample_hz = a->fill_gap_s = a->despike_k = a->despike_window_s = a->lowpass_hz = NAN;
  cli_load_args_init(&a->load);
}

static int cmd_filter(int argc, char **argv) {
  filter_args a;
  filter_job job;
  hinge_table *t;
  hinge_error err;
  int rc;
  args_init(&a);
  if ((rc = parse(&a, argc, argv)) != CLI_OK) return rc;
  if ((rc = cli_output_guard("filter", a.out, &a.file, 1)) != CLI_OK) return rc;
  if ((t = cli_load_table(a.file, &a.load)) == NULL) return CLI_EDATA;
  memset(&job, 0, sizeof job);
  hinge_error_clear(&err);
  rc = take_columns(&job, t, &err);
  if (rc == HINGE_OK) rc = run_steps(&job, &a, &err);
  if (rc != HINGE_OK) {
    if (err.file[0] == '\0') snprintf(err.file, sizeof err.file, "%s", a.file);
    rc = cli_data_error(&err);
  } else {
    rc = write_output(&a, &job, t);
  }
  job_free(&job);
  hinge_table_destroy(t);
  return rc;
}

const cli_command cli_cmd_filter = {
  "filter", cmd_filter, "condition angle columns: gaps, despike, low-pass, Savitzky-Golay", usage
};
