/*
 * cmd_analyze.c -- `hinge analyze FILE...`: deadlift analysis of session
 * exports (hinge/analyze.h), written as JSON, CSV or text.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__GLIBC__)
#  include <malloc.h>
#endif

#include "analyze_out.h"
#include "base/internal.h"
#include "base/strlist.h"
#include "batch.h"
#include "cli.h"
#include "load_args.h"

static const char usage[] =
  "usage: hinge analyze FILE|DIR... [--format text|json|jsonl|csv] [-o OUT]\n"
  "                     [--jobs N] [--fail-fast] [--quiet]\n"
  "                     [--threshold NAME=VALUE]... [--calibration FILE]\n"
  "                     [--max-flexion FILE] [--exercise deadlift|squat|rdl]\n"
  "                     [--set-end auto|lockout|put-down] [--map ROLE=COLUMN]...\n"
  "                     [--fs HZ] [--delimiter D] [--lenient]\n"
  "                     [--athlete NAME] [--date YYYY-MM-DD] [--set N]\n"
  "\n"
  "Find every deadlift rep in each session export and measure how far the\n"
  "upper back (thoracic) and the lower back (lumbar) round during each pull,\n"
  "relative to the lifter's standing posture.  Each rep gets the flags\n"
  "upper_back_rounding and lumbar_rounding and a verdict (ok, caution, fix,\n"
  "stop, or unknown where the rounding could not be assessed); each set a\n"
  "verdict, rounding drift, setup consistency and fatigue.  Sets come from a\n"
  "set column, else a rest over set_rest_s (60 s).  FILE may be '-' (stdin)\n"
  "once; a DIR is searched recursively for session files\n"
  "(" BATCH_SESSION_EXTENSIONS "; hidden names skipped).\n"
  "Each file stands alone: one that fails is reported on stderr\n"
  "(file:line:col: why) and in its place in the output (json, jsonl:\n"
  "{\"file\", \"error\"}; text: an error line; csv: no row).\n"
  "\n"
  "  --format F           text (default): a per-rep table and the set's verdict;\n"
  "                       json: one object per file (an array for several or\n"
  "                       for a DIR); jsonl: one compact object a line per\n"
  "                       file; csv: one row per rep, with file, athlete, date, set\n"
  "  -o OUT               write to OUT instead of standard output (never an input)\n"
  "  --jobs N             analyse N files at a time (default: the number of\n"
  "                       cores); the output is the same for any N\n"
  "  --fail-fast          stop at the first file that fails; nothing is written\n"
  "  --quiet              no progress line on stderr\n"
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
  "  --athlete NAME       the athlete of every file\n"
  "  --date YYYY-MM-DD    the date of every file\n"
  "  --set N              the set's number (one FILE)\n"
  CLI_LOAD_OPTIONS_HELP
  "\n"
  "Exit status: 0 all analysed; 1 a file failed (the others written unless\n"
  "--fail-fast), a calibration file failed or the output could not be\n"
  "written; 2 bad usage.  Loader warnings: in JSON, else on stderr.\n";

typedef struct analyze_args {
  const char **files; /* the FILE and DIR words */
  int nfiles;
  int list, jobs, fail_fast, quiet;
  const char *out;
  const char *format;
  const char *calibration, *max_flexion;
  const char *athlete, *date, *set; /* --athlete, --date, --set */
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

/* --jobs N: a whole number from 1 to 256. */
static int set_jobs(analyze_args *a, const char *v) {
  char *end;
  long n;
  errno = 0;
  n = strtol(v, &end, 10);
  if (end == v || *end != '\0' || errno == ERANGE || n < 1 || n > 256)
    return cli_usage_error("analyze", "--jobs wants a whole number from 1 to 256 (got '%s')", v);
  a->jobs = (int)n;
  return CLI_OK;
}

/* --athlete, --date, --set: checked here as the table's setter will (a
 * usage error names the value). */
static int set_meta_opt(analyze_args *a, const char *opt, const char *v) {
  char *end;
  long n;
  if (strcmp(opt, "--date") == 0) {
    long day;
    if (hinge_day_parse(v, strlen(v), &day) != HINGE_OK)
      return cli_usage_error("analyze", "--date '%s' is not a real date (YYYY-MM-DD)", v);
    a->date = v;
  } else if (strcmp(opt, "--set") == 0) {
    errno = 0;
    n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE || n < 1 || n > 9999)
      return cli_usage_error("analyze", "--set wants a whole number from 1 to 9999 (got '%s')", v);
    a->set = v;
  } else {
    const char *p = v;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0') return cli_usage_error("analyze", "--athlete wants a name (got '%s')", v);
    for (p = v; *p; p++)
      if ((unsigned char)*p < 0x20 || *p == 0x7f)
        return cli_usage_error("analyze", "--athlete: a control character in the name");
    if (p - v > 256) return cli_usage_error("analyze", "--athlete: longer than 256 bytes");
    a->athlete = v;
  }
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
    if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0 && strcmp(v, "csv") != 0 &&
        strcmp(v, "jsonl") != 0)
      return cli_usage_error("analyze", "--format wants text, json, jsonl or csv (got '%s')", v);
    a->format = v;
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--jobs", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_jobs(a, v);
  } else if (strcmp(argv[*i], "--fail-fast") == 0) {
    a->fail_fast = 1;
  } else if (strcmp(argv[*i], "--quiet") == 0) {
    a->quiet = 1;
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
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--athlete", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_meta_opt(a, "--athlete", v);
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--date", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_meta_opt(a, "--date", v);
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "--set", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_meta_opt(a, "--set", v);
  } else if (strcmp(argv[*i], "--list-thresholds") == 0) {
    a->list = 1;
  } else if ((rc = cli_opt_value("analyze", argc, argv, i, "-o", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    a->out = v;
  } else if (argv[*i][0] == '-' && argv[*i][1] != '\0') {
    return cli_usage_error("analyze", "unknown option '%s'", argv[*i]);
  } else {
    a->files[a->nfiles++] = argv[*i];
  }
  return CLI_OK;
}

static int parse(int argc, char **argv, analyze_args *a) {
  int i, rc, stdin_uses = 0;
  const char **files = a->files;
  memset(a, 0, sizeof *a);
  a->files = files;
  a->format = "text";
  a->jobs = batch_default_jobs();
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

/* ---- one file, on a pool thread ---- */

typedef struct writer {
  const analyze_args *a;
  const batch_list *in;
  FILE *f;         /* the output, or the spool under --fail-fast to stdout */
  cli_output *out; /* NULL while spooling */
  FILE *spool;
  json_out *j;
  int array;       /* json: several files or a folder */
  int fail_fast;   /* --fail-fast, or a single FILE */
  int started;     /* the CSV header or the JSON '[' is out */
  size_t count;    /* files written */
} writer;

/* One file's result: the analysis, and what the table said that the
 * analysis does not keep (the table is gone by the time it is written). */
typedef struct one_result {
  hinge_analysis *res;
  hinge__strlist warnings; /* the loader's, as sentences (JSON) */
  analyze_extra x;
} one_result;

static void release_one(void *result) {
  one_result *r = result;
  if (r == NULL) return;
  hinge_analysis_destroy(r->res);
  hinge__strlist_free(&r->warnings, NULL);
  free(r);
}

/* The warnings as stderr text, "hinge: FILE: warning: ..." a line each
 * (malloc'd; NULL when there are none or memory ran out). */
static char *warning_note(const char *file, const hinge__strlist *w) {
  char *note = NULL, *nn;
  size_t i, len = 0, add;
  for (i = 0; i < w->count; i++) {
    add = strlen(file) + strlen(w->items[i]) + 24;
    if ((nn = realloc(note, len + add)) == NULL) break;
    note = nn;
    len += (size_t)snprintf(note + len, add, "hinge: %s: warning: %s\n", file, w->items[i]);
  }
  return note;
}

/* One of --athlete, --date, --set onto the table; replacing what the file
 * said is a warning (an option given for a whole batch must not rewrite a
 * file's own date unseen). */
static int set_one(hinge_table *t, const char *key, const char *v, hinge__strlist *w,
                   hinge_error *err) {
  const hinge_meta *m = hinge_table_meta(t);
  const char *old = key[0] == 'a' ? m->athlete : key[0] == 'd' ? m->date : m->set;
  const char *from = key[0] == 'a' ? m->athlete_from : key[0] == 'd' ? m->date_from : NULL;
  char trimmed[260];
  size_t n;
  int rc;
  if (v == NULL) return HINGE_OK;
  while (*v == ' ' || *v == '\t') v++;
  for (n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'); n--) {}
  if (n >= sizeof trimmed) n = sizeof trimmed - 1; /* the setter refuses it anyway */
  memcpy(trimmed, v, n);
  trimmed[n] = '\0';
  v = trimmed;
  if (old != NULL && strcmp(old, v) != 0 &&
      hinge__strlist_add(w, NULL, "--%s %s replaces the %s '%s'%s%s%s", key, v, key, old,
                         from ? " (from the " : "", from ? from : "", from ? ")" : "") != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, hinge_table_file(t), 0, 0, "out of memory");
  if ((rc = hinge_table_set_meta(t, key, v, err)) != HINGE_OK && err->file[0] == '\0')
    snprintf(err->file, sizeof err->file, "%s", hinge_table_file(t));
  return rc;
}

/* --athlete, --date, --set onto the table. */
static int apply_meta(const analyze_args *a, hinge_table *t, hinge__strlist *w, hinge_error *err) {
  int rc = set_one(t, "athlete", a->athlete, w, err);
  if (rc == HINGE_OK) rc = set_one(t, "date", a->date, w, err);
  if (rc == HINGE_OK) rc = set_one(t, "set", a->set, w, err);
  return rc;
}

/* One file: load and analyse.  The table's loader warnings go into the
 * result (JSON) or into *note (text and csv: stderr, printed in input
 * order by the writer): the table does not outlive this call. */
static int analyze_one(void *ctx, size_t i, void **result, char **note, hinge_error *err) {
  const writer *w = ctx;
  const batch_item *it = &w->in->items[i];
  hinge_table *t = NULL;
  one_result *r;
  int rc, json = w->a->format[0] == 'j';
  if (it->error != NULL) {
    hinge_error_clear(err);
    err->code = HINGE_EIO;
    snprintf(err->file, sizeof err->file, "%s", it->path);
    snprintf(err->message, sizeof err->message, "%s", it->error);
    return HINGE_EIO;
  }
  if ((rc = cli_load_table_err(it->path, &w->a->load, &t, err)) != HINGE_OK) return rc;
  if ((r = calloc(1, sizeof *r)) == NULL) {
    hinge_table_destroy(t);
    return hinge__fail(err, HINGE_ENOMEM, it->path, 0, 0, "out of memory");
  }
  *result = r;
  if (cli_table_warning_list(t, &r->warnings) != HINGE_OK)
    rc = hinge__fail(err, HINGE_ENOMEM, it->path, 0, 0, "out of memory");
  if (rc == HINGE_OK) rc = apply_meta(w->a, t, &r->warnings, err);
  if (!json) *note = warning_note(hinge_table_file(t), &r->warnings);
  r->x.load_warnings = (const char *const *)r->warnings.items;
  r->x.nload_warnings = r->warnings.count;
  r->x.athlete_from = hinge_table_meta(t)->athlete_from; /* static strings */
  r->x.date_from = hinge_table_meta(t)->date_from;
  r->x.set_from = w->a->set != NULL ? "option" : NULL;
  /* The table goes right after: its columns are conditioned in place. */
  if (rc == HINGE_OK) rc = hinge_analyze_inplace(t, &w->a->cfg, NULL, &r->res, err);
  hinge_table_destroy(t);
  return rc;
}

/* ---- writing, on the calling thread, in input order ---- */

/* A failed file in the text output: "FILE:LINE:COL: error: message". */
static void text_error(FILE *f, const char *path, const hinge_error *err) {
  fputs(err->file[0] ? err->file : path, f);
  if (err->line > 0) fprintf(f, ":%ld", err->line);
  if (err->line > 0 && err->column > 0) fprintf(f, ":%ld", err->column);
  fprintf(f, ": error: %s\n", err->message);
}

/* A failed file in the JSON: {"file": path, "error": "file:line:col: why"}. */
static void json_error(json_out *j, const char *path, const hinge_error *err) {
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
  hinge_error_format(err, buf, sizeof buf);
  json_begin_object(j);
  json_kv_string(j, "file", path);
  json_kv_string(j, "error", buf);
  json_end_object(j);
}

/* The CSV header or the JSON array's '[', before the first file (or at
 * the end when none was written), so a lone file that fails writes
 * nothing. */
static void writer_start(writer *w) {
  if (w->started) return;
  w->started = 1;
  if (strcmp(w->a->format, "csv") == 0) analyze_csv_header(w->f);
  if (strcmp(w->a->format, "json") == 0 && w->array) json_begin_array(w->j);
}

static int emit_one(void *ctx, size_t i, void *result, const hinge_error *err) {
  writer *w = ctx;
  const one_result *one = result;
  const hinge_analysis *res = one != NULL ? one->res : NULL;
  const char *path = w->in->items[i].path, *fmt = w->a->format;
  writer_start(w);
  if (strcmp(fmt, "json") == 0 || strcmp(fmt, "jsonl") == 0) {
    if (fmt[4] == 'l') json_init(w->j, w->f, 0);
    if (res != NULL) analyze_json_one(w->j, res, &one->x);
    else json_error(w->j, path, err);
    if (fmt[4] == 'l') json_finish(w->j);
  } else if (strcmp(fmt, "csv") == 0) {
    if (res != NULL) analyze_csv_rows(w->f, res);
  } else {
    if (w->count > 0) fputc('\n', w->f);
    if (res != NULL) analyze_text_one(w->f, res);
    else text_error(w->f, path, err);
  }
  w->count++;
  return ferror(w->f) != 0;
}

/* Open the output: -o through cli_output (atomic); standard output too,
 * except under --fail-fast with several files, where it is spooled to a
 * temporary file and copied only when every file succeeded. */
static int writer_open(writer *w) {
  hinge_error err;
  if (w->fail_fast && w->in->n > 1 && (w->a->out == NULL || strcmp(w->a->out, "-") == 0)) {
    if ((w->spool = tmpfile()) == NULL) {
      fprintf(stderr, "hinge: cannot create a temporary file: %s\n", strerror(errno));
      return CLI_EDATA;
    }
    w->f = w->spool;
  } else {
    if ((w->out = cli_output_open(w->a->out, &err)) == NULL) return cli_data_error(&err);
    w->f = cli_output_file(w->out);
  }
  if ((w->j = malloc(sizeof *w->j)) == NULL) {
    fprintf(stderr, "hinge analyze: out of memory\n");
    return CLI_EDATA;
  }
  json_init(w->j, w->f, 1);
  return CLI_OK;
}

/* The spool onto standard output. */
static int copy_spool(writer *w) {
  hinge_error err;
  char buf[1 << 15];
  size_t got;
  if (fflush(w->spool) != 0 || ferror(w->spool) || fseek(w->spool, 0, SEEK_SET) != 0) {
    fprintf(stderr, "hinge: cannot write the temporary output: %s\n", strerror(errno));
    return CLI_EDATA;
  }
  if ((w->out = cli_output_open(NULL, &err)) == NULL) return cli_data_error(&err);
  while ((got = fread(buf, 1, sizeof buf, w->spool)) > 0)
    fwrite(buf, 1, got, cli_output_file(w->out));
  return CLI_OK;
}

/* Finish and close: commit when ok (the output is kept), else discard. */
static int writer_close(writer *w, int ok) {
  hinge_error err;
  int rc = CLI_OK;
  if (ok && w->j != NULL) writer_start(w);
  if (ok && w->j != NULL && strcmp(w->a->format, "json") == 0) {
    if (w->array) json_end_array(w->j);
    json_finish(w->j);
  }
  if (ok && w->spool != NULL) rc = copy_spool(w);
  if (w->spool != NULL) fclose(w->spool);
  if (cli_output_close(w->out, ok && rc == CLI_OK, &err) != HINGE_OK && ok) rc = cli_data_error(&err);
  free(w->j);
  return rc;
}

/* -o must name none of the inputs (the files found in folders too). */
static int guard(const analyze_args *a, const batch_list *in) {
  const char **paths = malloc((in->n + 2) * sizeof *paths);
  size_t i, n = 0;
  int rc;
  if (paths == NULL) {
    fprintf(stderr, "hinge analyze: out of memory\n");
    return CLI_EDATA;
  }
  for (i = 0; i < in->n; i++) paths[n++] = in->items[i].path;
  if (a->calibration != NULL) paths[n++] = a->calibration;
  if (a->max_flexion != NULL) paths[n++] = a->max_flexion;
  rc = cli_output_guard("analyze", a->out, paths, n);
  free(paths);
  return rc;
}

/* Many files in a row allocate and free the same few hundred kilobytes
 * each: glibc's default (return the heap's top to the system above 128 kB)
 * would shrink and regrow the heap for every file, the page faults
 * doubling a one-job batch's time; keep up to 32 MB instead. */
static void batch_malloc_tuning(size_t n) {
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
  if (n > 1) mallopt(M_TRIM_THRESHOLD, 32 << 20);
#else
  (void)n;
#endif
}

/* Analyse the batch and write it. */
static int run_batch(const analyze_args *a, const batch_list *in) {
  writer w;
  batch_run r;
  batch_status st;
  const char **names = malloc(in->n * sizeof *names);
  size_t i;
  int rc;
  memset(&w, 0, sizeof w);
  memset(&st, 0, sizeof st);
  w.a = a;
  w.in = in;
  w.array = in->n > 1 || in->folders;
  /* A single FILE has no others to write: it fails alone, as ever. */
  w.fail_fast = a->fail_fast || (in->n == 1 && !in->folders);
  if (names == NULL) {
    fprintf(stderr, "hinge analyze: out of memory\n");
    return CLI_EDATA;
  }
  for (i = 0; i < in->n; i++) names[i] = in->items[i].path;
  batch_malloc_tuning(in->n);
  memset(&r, 0, sizeof r);
  r.n = in->n;
  r.names = names;
  r.jobs = a->jobs;
  r.fail_fast = w.fail_fast;
  r.progress = !a->quiet && isatty(STDERR_FILENO);
  r.ctx = &w;
  r.work = analyze_one;
  r.emit = emit_one;
  r.release = release_one;
  if ((rc = writer_open(&w)) == CLI_OK) {
    batch_go(&r, &st);
    rc = st.error ? st.error : CLI_OK;
  }
  /* A write error stops the run and is reported by the close; a failure
   * under --fail-fast discards everything. */
  rc = writer_close(&w, rc == CLI_OK && !(w.fail_fast && st.failed > 0)) != CLI_OK ? CLI_EDATA : rc;
  free(names);
  if (rc == CLI_OK && st.failed > 0) rc = CLI_EDATA;
  return rc;
}

static int run(analyze_args *a) {
  hinge_analyze_config given = a->cfg;
  batch_list in;
  int rc;
  if (batch_expand(a->files, (size_t)a->nfiles, &in) != 0) return CLI_EDATA;
  rc = guard(a, &in);
  if (rc == CLI_OK && a->set != NULL && (in.n > 1 || in.folders))
    rc = cli_usage_error("analyze", "--set %s labels one recording's set: give one FILE (got %zu "
                         "files); --athlete and --date apply to every file", a->set, in.n);
  if (rc == CLI_OK && a->calibration != NULL) rc = calibrate(a, a->calibration, 0, &given);
  if (rc == CLI_OK && a->max_flexion != NULL) rc = calibrate(a, a->max_flexion, 1, &given);
  if (rc == CLI_OK) rc = run_batch(a, &in);
  batch_list_free(&in);
  return rc;
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
  const char **files = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *files);
  int rc;
  if (a == NULL || files == NULL) {
    free(a);
    free(files);
    fprintf(stderr, "hinge analyze: out of memory\n");
    return CLI_EDATA;
  }
  a->files = files;
  if ((rc = parse(argc, argv, a)) == CLI_OK) {
    if (a->list) rc = cli_write(a->out, emit_thresholds, NULL); /* -o honoured, atomically */
    else rc = run(a);
  }
  free(files);
  free(a);
  return rc;
}

const cli_command cli_cmd_analyze = {
  "analyze", cmd_analyze, "deadlift analysis: reps, rounding, flags, verdicts", usage
};
