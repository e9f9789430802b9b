/*
 * cmd_recovery.c -- `hinge recovery SORENESS.csv [--training FILE]...
 * [--analysis FILE]... [--on DATE] [--athlete NAME] [--format text|json]
 * [-o OUT] [--lenient] [--threshold NAME=VALUE]...`: recovery verdicts per
 * athlete from the logs (docs/cli.md).
 */
#define _POSIX_C_SOURCE 200809L /* localtime_r */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "json_out.h"

static const char usage[] =
  "usage: hinge recovery SORENESS.csv [--training TRAIN.csv]... [--analysis ANALYSIS.json]...\n"
  "                      [--on YYYY-MM-DD] [--athlete NAME] [--format text|json] [-o OUT]\n"
  "                      [--lenient] [--threshold NAME=VALUE]...\n"
  "\n"
  "Recovery verdict per athlete (ready, unknown, reduce, rest, see_professional,\n"
  "urgent_care) from a soreness log, with training load from a training log (hinge's\n"
  "own CSV or a Strong app export) and form flags from `hinge analyze --format json`.\n"
  "Red flags, sharp pain and nerve symptoms stay until a later report clears them\n"
  "(flag 'cleared'); no soreness report in the last 7 days gives unknown, never ready.\n"
  "\n"
  "  --training FILE     training log (repeatable)\n"
  "  --analysis FILE     hinge analyze's json or jsonl (repeatable); failed\n"
  "                      entries are skipped with a warning\n"
  "  --on DATE           the day to assess (default: the latest date in the logs that\n"
  "                      is not after today; later entries are left out with a warning)\n"
  "  --athlete NAME      assess only NAME; also the athlete of logs that name none\n"
  "  --format text|json  output format (default text)\n"
  "  -o FILE             write to FILE (default '-': standard output)\n"
  "  --lenient           a bad cell becomes a missing value with a warning; a row is\n"
  "                      kept while it has a date, an athlete and one usable value\n"
  "  --threshold N=V     override a threshold, e.g. no_improvement_days=28 (repeatable;\n"
  "                      `--threshold list` prints them all with their defaults)\n"
  "\n"
  "Exit status: 0 success, 1 bad data (message file:line:col), 2 bad usage.\n";

#define MAX_FILES 64

typedef struct args {
  const char *soreness;
  const char *training[MAX_FILES];
  int ntraining;
  const char *analysis[MAX_FILES];
  int nanalysis;
  long on;
  const char *athlete;
  int json;
  const char *out;
  int lenient;
  int list_thresholds;
  hinge_recovery_config cfg;
} args;

/* ---- Options ---------------------------------------------------------- */

/* The value of option name at argv[*i] ("--name V" or "--name=V"); NULL
 * when argv[*i] is another option. */
static const char *option(int argc, char **argv, int *i, const char *name, int *missing) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  *missing = 0;
  if (strncmp(a, name, n) != 0) return NULL;
  if (a[n] == '=') return a + n + 1;
  if (a[n] != '\0') return NULL;
  if (*i + 1 >= argc) {
    *missing = 1;
    return NULL;
  }
  return argv[++*i];
}

static int set_threshold(args *a, const char *spec) {
  char name[64];
  const char *eq = strchr(spec, '=');
  char *end;
  double v;
  hinge_error e;
  if (strcmp(spec, "list") == 0) {
    a->list_thresholds = 1;
    return CLI_OK;
  }
  if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof name)
    return cli_usage_error("recovery", "--threshold wants NAME=VALUE, got '%s'", spec);
  memcpy(name, spec, (size_t)(eq - spec));
  name[eq - spec] = '\0';
  v = strtod(eq + 1, &end);
  if (end == eq + 1 || *end != '\0')
    return cli_usage_error("recovery", "--threshold %s: '%s' is not a number", name, eq + 1);
  if (hinge_recovery_config_set(&a->cfg, name, v, &e) != HINGE_OK)
    return cli_usage_error("recovery", "--threshold: %s", e.message);
  return CLI_OK;
}

static int add_file(const char **list, int *n, const char *path, const char *opt) {
  if (*n >= MAX_FILES) return cli_usage_error("recovery", "too many %s files", opt);
  list[(*n)++] = path;
  return CLI_OK;
}

/* One option at argv[*i]; CLI_OK, or a usage error already reported. */
static int parse_option(args *a, int argc, char **argv, int *i) {
  const char *v;
  int missing = 0, rc = CLI_OK;
  if ((v = option(argc, argv, i, "--training", &missing)))
    rc = add_file(a->training, &a->ntraining, v, "--training");
  else if (!missing && (v = option(argc, argv, i, "--analysis", &missing)))
    rc = add_file(a->analysis, &a->nanalysis, v, "--analysis");
  else if (!missing && (v = option(argc, argv, i, "--on", &missing))) {
    if (hinge_day_parse(v, strlen(v), &a->on) != HINGE_OK)
      rc = cli_usage_error("recovery", "--on wants a real date YYYY-MM-DD, got '%s'", v);
  } else if (!missing && (v = option(argc, argv, i, "--athlete", &missing))) {
    a->athlete = v;
  } else if (!missing && (v = option(argc, argv, i, "--format", &missing))) {
    if (strcmp(v, "json") == 0 || strcmp(v, "text") == 0) a->json = strcmp(v, "json") == 0;
    else rc = cli_usage_error("recovery", "--format must be text or json, got '%s'", v);
  } else if (!missing && (v = option(argc, argv, i, "-o", &missing))) {
    a->out = v;
  } else if (!missing && (v = option(argc, argv, i, "--threshold", &missing))) {
    rc = set_threshold(a, v);
  } else if (!missing && strcmp(argv[*i], "--lenient") == 0) {
    a->lenient = 1;
  } else if (missing) {
    rc = cli_usage_error("recovery", "option '%s' needs a value", argv[*i]);
  } else {
    rc = cli_usage_error("recovery", "unknown option '%s'", argv[*i]);
  }
  return rc;
}

static int parse_args(args *a, int argc, char **argv) {
  int i, rc, only_files = 0;
  memset(a, 0, sizeof *a);
  a->on = HINGE_DAY_NONE;
  hinge_recovery_config_init(&a->cfg);
  for (i = 1; i < argc; i++) {
    if (!only_files && strcmp(argv[i], "--") == 0) {
      only_files = 1;
    } else if (!only_files && argv[i][0] == '-' && argv[i][1] != '\0') {
      if ((rc = parse_option(a, argc, argv, &i)) != CLI_OK) return rc;
    } else if (a->soreness == NULL) {
      a->soreness = argv[i];
    } else {
      return cli_usage_error("recovery", "one soreness log expected, got '%s' too", argv[i]);
    }
  }
  if (a->soreness == NULL && !a->list_thresholds)
    return cli_usage_error("recovery", "missing SORENESS.csv");
  return CLI_OK;
}

/* ---- JSON ----------------------------------------------------------------- */

/* The shape is the core's walk (recovery/assess_walk.c, the file format
 * without the Lua-only detail); the writer is its JSON sink. */
static void write_json(FILE *f, const hinge_assessment *a, const hinge_logs *logs) {
  json_out j;
  json_init(&j, f, 1);
  hinge_assessment_walk(a, logs, 0, json_sink(), &j);
  json_finish(&j);
}

/* ---- Text ----------------------------------------------------------------- */

/* "see_professional" -> "SEE PROFESSIONAL" */
static const char *shout(const char *s, char *buf, size_t size) {
  size_t i;
  for (i = 0; s[i] != '\0' && i + 1 < size; i++)
    buf[i] = s[i] == '_' ? ' ' : (char)toupper((unsigned char)s[i]);
  buf[i] = '\0';
  return buf;
}

static void text_summary(FILE *f, const hinge_assessment *a) {
  size_t i, k, w = 7;
  char v[32];
  for (i = 0; i < hinge_assessment_count(a); i++)
    if (strlen(hinge_assessment_athlete(a, i)->athlete) > w)
      w = strlen(hinge_assessment_athlete(a, i)->athlete);
  for (i = 0; i < hinge_assessment_count(a); i++) {
    const hinge_athlete_result *r = hinge_assessment_athlete(a, i);
    fprintf(f, "  %-*s  %-*s", (int)w, r->athlete, r->nfindings ? 16 : 0,
            shout(hinge_verdict_name(r->verdict), v, sizeof v));
    for (k = 0; k < r->nfindings; k++) {
      size_t m;
      /* each rule once, in the order of severity */
      for (m = 0; m < k && strcmp(r->findings[m].rule, r->findings[k].rule) != 0; m++) continue;
      if (m == k) fprintf(f, "%s%s", k ? ", " : " ", r->findings[k].rule);
    }
    fputc('\n', f);
  }
}

static void text_load(FILE *f, const hinge_athlete_result *r) {
  const hinge_trainload_metrics *m = &r->load;
  if (r->load_basis == HINGE_TRAINLOAD_NONE) return;
  fprintf(f, "  load (%s, %s): ACWR ", hinge_trainload_basis_name(r->load_basis),
          r->load_basis == HINGE_TRAINLOAD_SRPE ? "AU" : "kg");
  if (isnan(m->acwr_ewma)) fputs("-", f);
  else fprintf(f, "%.2f", m->acwr_ewma);
  fputs(" EWMA / ", f);
  if (isnan(m->acwr_rolling)) fputs("-", f);
  else fprintf(f, "%.2f", m->acwr_rolling);
  fputs(" rolling, monotony ", f);
  if (isnan(m->monotony)) fputs("-", f);
  else fprintf(f, "%.2f", m->monotony);
  fprintf(f, ", weekly %.0f", m->weekly_load);
  if (m->days < 28) fprintf(f, " (%d days of history)", m->days);
  fputc('\n', f);
}

static void text_athlete(FILE *f, const hinge_athlete_result *r) {
  char v[32];
  size_t i;
  fprintf(f, "\n%s: %s\n", r->athlete, shout(hinge_verdict_name(r->verdict), v, sizeof v));
  for (i = 0; i < r->nfindings; i++)
    fprintf(f, "  %-16s %s\n", hinge_verdict_name(r->findings[i].verdict), r->findings[i].message);
  text_load(f, r);
  for (i = 0; i < r->nsuggestions; i++) fprintf(f, "  %s %s\n", i ? "  " : "->", r->suggestions[i]);
}

static void write_text(FILE *f, const hinge_assessment *a) {
  char d[HINGE_DATE_BUF];
  size_t i;
  fprintf(f, "Recovery on %s\n", hinge_day_format(hinge_assessment_on(a), d));
  text_summary(f, a);
  for (i = 0; i < hinge_assessment_count(a); i++) text_athlete(f, hinge_assessment_athlete(a, i));
}

/* ---- Running ---------------------------------------------------------------- */

/* --threshold list: every threshold with its value (defaults, or as set
 * by --threshold before it). */
static void emit_thresholds(FILE *f, const void *ctx) {
  const hinge_recovery_config *c = ctx;
  size_t i;
  for (i = 0; i < hinge_recovery_config_count(); i++) {
    double v;
    hinge_recovery_config_get(c, hinge_recovery_config_name(i), &v);
    fprintf(f, "%-20s %-8g %s\n", hinge_recovery_config_name(i), v, hinge_recovery_config_help(i));
  }
}

static int read_logs(const args *a, hinge_logs *logs, hinge_error *e) {
  hinge_log_options lo;
  int i, rc;
  hinge_log_options_init(&lo);
  lo.lenient = a->lenient;
  lo.athlete = a->athlete;
  if ((rc = hinge_logs_read_soreness(logs, a->soreness, &lo, e)) != HINGE_OK) return rc;
  for (i = 0; i < a->ntraining; i++)
    if ((rc = hinge_logs_read_training(logs, a->training[i], &lo, NULL, e)) != HINGE_OK) return rc;
  for (i = 0; i < a->nanalysis; i++)
    if ((rc = hinge_logs_read_analysis(logs, a->analysis[i], e)) != HINGE_OK) return rc;
  return HINGE_OK;
}

static int write_out(const args *a, const hinge_assessment *as, const hinge_logs *logs) {
  hinge_error e;
  cli_output *out = cli_output_open(a->out, &e);
  if (out == NULL) return cli_data_error(&e);
  if (a->json) write_json(cli_output_file(out), as, logs);
  else write_text(cli_output_file(out), as);
  if (cli_output_close(out, 1, &e) != HINGE_OK) return cli_data_error(&e);
  return CLI_OK;
}

/* Today by the system clock (local time): the library reads no clock. */
static long today(void) {
  char buf[32];
  time_t t = time(NULL);
  struct tm tm;
  long day;
  if (t == (time_t)-1 || localtime_r(&t, &tm) == NULL) return HINGE_DAY_NONE;
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return hinge_day_parse(buf, 10, &day) == HINGE_OK ? day : HINGE_DAY_NONE;
}

static void print_warnings(const hinge_logs *logs, const hinge_assessment *as) {
  size_t i;
  for (i = 0; i < hinge_logs_warning_count(logs); i++)
    fprintf(stderr, "hinge recovery: warning: %s\n", hinge_logs_warning(logs, i));
  for (i = 0; i < hinge_assessment_warning_count(as); i++)
    fprintf(stderr, "hinge recovery: warning: %s\n", hinge_assessment_warning(as, i));
}

/* -o must not name any log read (soreness, training, analysis). */
static int guard_inputs(const args *a) {
  const char *in[2 * MAX_FILES + 1];
  size_t n = 0;
  int i;
  if (a->soreness != NULL) in[n++] = a->soreness;
  for (i = 0; i < a->ntraining; i++) in[n++] = a->training[i];
  for (i = 0; i < a->nanalysis; i++) in[n++] = a->analysis[i];
  return cli_output_guard("recovery", a->out, in, n);
}

static int cmd_recovery(int argc, char **argv) {
  args a;
  hinge_logs *logs;
  hinge_assessment *as = NULL;
  hinge_recovery_options ro;
  hinge_error e;
  int rc = parse_args(&a, argc, argv);
  if (rc != CLI_OK) return rc;
  if (a.list_thresholds) return cli_write(a.out, emit_thresholds, &a.cfg); /* -o honoured */
  if ((rc = guard_inputs(&a)) != CLI_OK) return rc;
  hinge_error_clear(&e);
  if (hinge_logs_new(NULL, &logs, &e) != HINGE_OK) {
    fprintf(stderr, "hinge recovery: %s\n", e.message);
    return CLI_EDATA;
  }
  hinge_recovery_options_init(&ro);
  ro.on = a.on;
  ro.today = today();
  ro.athlete = a.athlete;
  ro.config = &a.cfg;
  rc = read_logs(&a, logs, &e);
  if (rc == HINGE_OK) rc = hinge_recovery_assess(logs, &ro, &as, &e);
  print_warnings(logs, as);
  rc = rc == HINGE_OK ? write_out(&a, as, logs) : cli_data_error(&e);
  hinge_assessment_destroy(as);
  hinge_logs_destroy(logs);
  return rc;
}

const cli_command cli_cmd_recovery = {
  "recovery", cmd_recovery, "recovery verdicts from soreness and training logs", usage
};
