/*
 * cmd_analyze.c -- `hinge analyze FILE...`: deadlift analysis of session
 * exports (hinge/analyze.h), written as JSON, CSV or text.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_out.h"
#include "cli.h"
#include "load_args.h"

#define MAX_FILES 1024

static const char usage[] =
  "usage: hinge analyze FILE... [--format text|json|csv] [-o OUT]\n"
  "                     [--threshold NAME=VALUE]... [--calibration FILE]\n"
  "                     [--max-flexion FILE] [--exercise deadlift|squat|rdl]\n"
  "                     [--set-end auto|lockout|put-down] [--map ROLE=COLUMN]...\n"
  "                     [--fs HZ] [--delimiter D] [--lenient]\n"
  "\n"
  "Find every deadlift rep in each session export and measure how far the\n"
  "upper back (thoracic) and the lower back (lumbar) round during each pull,\n"
  "relative to the lifter's standing posture.  Each rep gets the flags\n"
  "upper_back_rounding and lumbar_rounding and a verdict (ok, caution, fix,\n"
  "stop, or unknown where the rounding could not be assessed: no spine angle,\n"
  "or too much of the pull unmeasured); each set a one-line verdict, rounding\n"
  "drift, setup consistency and fatigue.  Sets come from a set column, else a\n"
  "rest longer than set_rest_s (60 s) starts a new one.  FILE may be '-'\n"
  "(standard input) once.\n"
  "\n"
  "  --format F           text (default): a per-rep table and the set's verdict;\n"
  "                       json: one object per file (an array for several);\n"
  "                       csv: one row per rep, with file, athlete, date, set\n"
  "  -o OUT               write to OUT instead of standard output\n"
  "  --threshold N=V      set an analysis threshold (repeatable)\n"
  "  --list-thresholds    print every threshold, its default and what it rests on\n"
  "  --calibration FILE   a recording of quiet standing: its medians are the\n"
  "                       neutral (instead of the standing before the first rep)\n"
  "  --max-flexion FILE   a maximal-flexion trial: angles are also given as %\n"
  "                       of the maximal thoracic and lumbar flexion\n"
  "  --exercise E         deadlift (default), squat (every descent and rise is\n"
  "                       a rep) or rdl (from standing, never to the floor)\n"
  "  --set-end E          how the recording's last rise is judged: auto (default,\n"
  "                       by evidence), lockout (the set ends at a lockout) or\n"
  "                       put-down (the bar is lowered, the lifter stands up)\n"
  CLI_LOAD_OPTIONS_HELP
  "\n"
  "Exit status: 0 analysed, 1 a file cannot be loaded or analysed\n"
  "(file:line:col: why; nothing is written), 2 bad usage.\n";

typedef struct analyze_args {
  const char *files[MAX_FILES];
  int nfiles;
  int list;
  const char *out;
  const char *format;
  const char *calibration, *max_flexion;
  hinge_analyze_config cfg;
  cli_load_args load;
} analyze_args;

/* --threshold NAME=VALUE into the config (the core checks the domain). */
static int set_threshold(analyze_args *a, const char *spec) {
  char name[64], *end;
  const char *eq = strchr(spec, '=');
  double v;
  hinge_error err;
  if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof name)
    return cli_usage_error("analyze", "--threshold wants NAME=VALUE (got '%s')", spec);
  memcpy(name, spec, (size_t)(eq - spec));
  name[eq - spec] = '\0';
  errno = 0;
  v = strtod(eq + 1, &end);
  if (eq[1] == '\0' || *end != '\0' || errno == ERANGE)
    return cli_usage_error("analyze", "--threshold %s: '%s' is not a number", name, eq + 1);
  if (hinge_analyze_config_set(&a->cfg, name, v, &err) != HINGE_OK)
    return cli_usage_error("analyze", "%s", err.message);
  return CLI_OK;
}

/* --exercise / --set-end: a word the core parses (its message lists the
 * allowed words). */
typedef int (*word_parser)(const char *name, int *out, hinge_error *err);

static int set_word(const char *opt, const char *v, word_parser parse, int *out) {
  hinge_error err;
  if (parse(v, out, &err) != HINGE_OK) return cli_usage_error("analyze", "%s: %s", opt, err.message);
  return CLI_OK;
}

/* One word of the command line; returns CLI_OK or the usage status. */
static int parse_word(int argc, char **argv, int *i, analyze_args *a) {
  const char *v;
  int rc;
  if ((rc = cli_load_option("analyze", argc, argv, i, &a->load)) != 0)
    return rc < 0 ? CLI_EUSAGE : CLI_OK;
  if ((rc = cli_opt_value("analyze", argc, argv, i, "--format", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0 && strcmp(v, "csv") != 0)
      return cli_usage_error("analyze", "--format wants text, json or csv (got '%s')", v);
    a->format = v;
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--threshold", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_threshold(a, v);
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--exercise", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_word("--exercise", v, hinge_exercise_parse, &a->cfg.exercise);
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--set-end", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_word("--set-end", v, hinge_set_end_parse, &a->cfg.set_end);
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--calibration", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    a->calibration = v;
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--max-flexion", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    a->max_flexion = v;
  } else if (strcmp(argv[*i], "--list-thresholds") == 0) {
    a->list = 1;
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "-o", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    a->out = v;
  } else if (argv[*i][0] == '-' && argv[*i][1] != '\0') {
    return cli_usage_error("analyze", "unknown option '%s'", argv[*i]);
  } else if (a->nfiles == MAX_FILES) {
    return cli_usage_error("analyze", "too many files (at most %d)", MAX_FILES);
  } else {
    a->files[a->nfiles++] = argv[*i];
  }
  return CLI_OK;
}

static int parse(int argc, char **argv, analyze_args *a) {
  int i, rc, stdin_uses = 0;
  memset(a, 0, sizeof *a);
  a->format = "text";
  hinge_analyze_config_init(&a->cfg);
  cli_load_args_init(&a->load);
  for (i = 1; i < argc; i++)
    if ((rc = parse_word(argc, argv, &i, a)) != CLI_OK) return rc;
  if (a->nfiles == 0 && !a->list) return cli_usage_error("analyze", "missing FILE");
  for (i = 0; i < a->nfiles; i++) stdin_uses += strcmp(a->files[i], "-") == 0;
  stdin_uses += a->calibration != NULL && strcmp(a->calibration, "-") == 0;
  stdin_uses += a->max_flexion != NULL && strcmp(a->max_flexion, "-") == 0;
  if (stdin_uses > 1) return cli_usage_error("analyze", "'-' (standard input) can be read once");
  return CLI_OK;
}

/* Standing or maximal-flexion calibration from a file into a->cfg.
 * Thresholds given on the command line win over the file's values. */
static int calibrate(analyze_args *a, const char *path, int max_flexion,
                     const hinge_analyze_config *given) {
  hinge_table *t = cli_load_table(path, &a->load);
  hinge_analyze_input in;
  hinge_error err;
  int rc;
  if (t == NULL) return CLI_EDATA;
  rc = hinge_analyze_input_from_table(t, &in, &err);
  if (rc == HINGE_OK) rc = hinge_analyze_calibrate(&in, max_flexion, &a->cfg, NULL, &err);
  hinge_table_destroy(t);
  if (rc != HINGE_OK) return cli_data_error(&err);
#define KEEP(field) if (!isnan(given->field)) a->cfg.field = given->field
  KEEP(neutral_hip_deg);
  KEEP(neutral_thoracic_deg);
  KEEP(neutral_lumbar_deg);
  KEEP(neutral_trunk_deg);
  KEEP(max_thoracic_deg);
  KEEP(max_lumbar_deg);
#undef KEEP
  return CLI_OK;
}

/* Load and analyse every file; on failure the message is printed and the
 * results so far are freed. */
static int analyze_all(analyze_args *a, hinge_analysis **res) {
  int i;
  for (i = 0; i < a->nfiles; i++) {
    hinge_error err;
    hinge_table *t = cli_load_table(a->files[i], &a->load);
    int rc;
    if (t == NULL) return CLI_EDATA;
    /* The table goes right after: its columns are conditioned in place. */
    rc = hinge_analyze_inplace(t, &a->cfg, NULL, &res[i], &err);
    hinge_table_destroy(t);
    if (rc != HINGE_OK) return cli_data_error(&err);
  }
  return CLI_OK;
}

static void write_all(FILE *f, const char *format, hinge_analysis **res, int n) {
  int i;
  if (strcmp(format, "json") == 0) {
    json_out j;
    json_init(&j, f, 1);
    if (n > 1) json_begin_array(&j);
    for (i = 0; i < n; i++) analyze_json_one(&j, res[i]);
    if (n > 1) json_end_array(&j);
    json_finish(&j);
  } else if (strcmp(format, "csv") == 0) {
    analyze_csv_header(f);
    for (i = 0; i < n; i++) analyze_csv_rows(f, res[i]);
  } else {
    for (i = 0; i < n; i++) {
      if (i > 0) fputc('\n', f);
      analyze_text_one(f, res[i]);
    }
  }
}

static int run(analyze_args *a, hinge_analysis **res) {
  hinge_analyze_config given = a->cfg;
  cli_output *out;
  hinge_error err;
  int rc = CLI_OK;
  if (a->calibration != NULL) rc = calibrate(a, a->calibration, 0, &given);
  if (rc == CLI_OK && a->max_flexion != NULL) rc = calibrate(a, a->max_flexion, 1, &given);
  if (rc == CLI_OK) rc = analyze_all(a, res);
  if (rc != CLI_OK) return rc;
  if ((out = cli_output_open(a->out, &err)) == NULL) return cli_data_error(&err);
  write_all(cli_output_file(out), a->format, res, a->nfiles);
  if (cli_output_close(out, 1, &err) != HINGE_OK) return cli_data_error(&err);
  return CLI_OK;
}

/* --list-thresholds: the config table, from the core. */
static void emit_thresholds(FILE *f, const void *ctx) {
  hinge_analyze_param p;
  size_t i;
  (void)ctx;
  fprintf(f, "%-24s %8s  %-5s  %s\n", "name", "default", "unit", "what it is and rests on");
  for (i = 0; hinge_analyze_config_param(i, &p); i++)
    fprintf(f, "%-24s %8g  %-5s  %s\n", p.name, p.default_value, p.unit, p.description);
}

static int cmd_analyze(int argc, char **argv) {
  analyze_args *a = malloc(sizeof *a);
  hinge_analysis **res;
  int i, rc;
  if (a == NULL) {
    fprintf(stderr, "hinge analyze: out of memory\n");
    return CLI_EDATA;
  }
  if ((rc = parse(argc, argv, a)) != CLI_OK) {
    free(a);
    return rc;
  }
  if (a->list) {
    rc = cli_write(a->out, emit_thresholds, NULL); /* -o honoured, atomically */
    free(a);
    return rc;
  }
  res = calloc((size_t)a->nfiles, sizeof *res);
  if (res == NULL) {
    free(a);
    fprintf(stderr, "hinge analyze: out of memory\n");
    return CLI_EDATA;
  }
  rc = run(a, res);
  for (i = 0; i < a->nfiles; i++) hinge_analysis_destroy(res[i]);
  free(res);
  free(a);
  return rc;
}

const cli_command cli_cmd_analyze = {
  "analyze", cmd_analyze, "deadlift analysis: reps, rounding, flags, verdicts", usage
};
