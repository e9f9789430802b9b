/*
 * cmd_info.c -- `hinge info FILE`: what the loader detected in a session
 * export, as text or JSON.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/internal.h"
#include "batch.h"
#include "cli.h"
#include "json_out.h"
#include "load_args.h"

#define MAX_GAPS_LISTED 100

static const char usage[] =
  "usage: hinge info FILE|DIR... [--format text|json] [--map ROLE=COLUMN]...\n"
  "                  [--fs HZ] [--delimiter D] [--lenient] [-o OUT]\n"
  "                  [--jobs N] [--fail-fast] [--quiet]\n"
  "\n"
  "Load session exports and show what was detected: encoding, delimiter,\n"
  "decimal mark, columns with their roles and units, rows, sample rate, time\n"
  "span, gaps, metadata (with the lines above the header) and warnings.  FILE\n"
  "may be '-' for standard input (once).  A DIR is searched recursively, by\n"
  "name, for session files (" BATCH_SESSION_EXTENSIONS "; hidden names\n"
  "skipped).  Each file stands alone: one that cannot be loaded is reported\n"
  "on stderr (file:line:col: why) and in its place in the output (json:\n"
  "{\"file\", \"error\"}; text: FILE:LINE:COL: error: why), the others are\n"
  "written.\n"
  "\n"
  "  --format F          text (default) or json (one object; an array for\n"
  "                      several files or a DIR)\n"
  CLI_LOAD_OPTIONS_HELP
  "  -o OUT              write to OUT instead of standard output (never an input)\n"
  "  --jobs N            load N files at a time (default: the number of cores);\n"
  "                      the output is the same for any N\n"
  "  --fail-fast         stop at the first file that fails; nothing is written\n"
  "  --quiet             no progress line on a terminal's stderr\n"
  "\n"
  "Exit status: 0 every file loaded, 1 a file cannot be loaded (file:line:col:\n"
  "why) or the output cannot be written, 2 bad usage.\n";

static const char *delim_name(char d) {
  return d == '\t' ? "\\t" : d == ';' ? ";" : ",";
}

/* ---- JSON ---- */

static void json_columns(json_out *j, const hinge_table *t) {
  size_t i;
  json_key(j, "columns");
  json_begin_array(j);
  for (i = 0; i < hinge_table_columns(t); i++) {
    const hinge_column_info *c = hinge_table_column_info(t, i);
    json_begin_object(j);
    json_kv_uint(j, "index", i + 1);
    json_kv_string(j, "name", c->name);
    json_kv_string(j, "role", c->role ? hinge_role_name(c->role) : NULL);
    json_kv_string(j, "unit", c->unit ? hinge_unit_name(c->unit) : NULL);
    json_kv_bool(j, "mapped", c->mapped);
    json_kv_bool(j, "inverted", c->inverted);
    json_kv_bool(j, "loaded", hinge_table_column(t, i) != NULL);
    json_kv_uint(j, "missing", c->missing);
    json_kv_string(j, "source", c->source);
    json_end_object(j);
  }
  json_end_array(j);
}

static void json_timing(json_out *j, const hinge_table *t) {
  const hinge_timing *tm = hinge_table_timing(t);
  size_t i, n = hinge_table_gap_count(t);
  json_kv_number(j, "sample_rate_hz", tm->sample_rate_hz);
  json_kv_string(j, "sample_rate_from", tm->fs_given       ? "option"
                                        : tm->fs_from_meta ? "metadata"
                                                           : "time column");
  json_kv_number(j, "detected_sample_rate_hz", tm->detected_hz);
  json_kv_number(j, "median_step_s", tm->median_step_s);
  json_key(j, "time_span");
  json_begin_object(j);
  json_kv_number(j, "start_s", tm->start_s);
  json_kv_number(j, "end_s", tm->end_s);
  json_kv_number(j, "duration_s", tm->duration_s);
  json_end_object(j);
  json_kv_uint(j, "gap_count", n);
  json_key(j, "gaps");
  json_begin_array(j);
  for (i = 0; i < n && i < MAX_GAPS_LISTED; i++) {
    const hinge_gap *g = hinge_table_gap(t, i);
    json_begin_object(j);
    json_kv_int(j, "line", g->line);
    json_kv_number(j, "start_s", g->start_s);
    json_kv_number(j, "end_s", g->end_s);
    json_kv_number(j, "duration_s", g->end_s - g->start_s);
    json_end_object(j);
  }
  json_end_array(j);
  json_kv_uint(j, "duplicate_times", tm->duplicates);
  json_kv_uint(j, "backwards_times", tm->backwards);
  json_kv_uint(j, "irregular_steps", tm->irregular);
  json_kv_uint(j, "missing_times", tm->missing_time);
}

static void json_meta(json_out *j, const hinge_table *t) {
  const hinge_meta *m = hinge_table_meta(t);
  size_t i;
  json_key(j, "meta");
  json_begin_object(j);
  json_kv_string(j, "athlete", m->athlete);
  json_kv_string(j, "athlete_from", m->athlete_from);
  json_kv_string(j, "date", m->date);
  json_kv_string(j, "date_from", m->date_from);
  json_kv_string(j, "set", m->set);
  json_kv_string(j, "exercise", m->exercise);
  json_kv_number(j, "load_kg", m->load_kg);
  json_kv_string(j, "start", m->start);
  json_kv_number(j, "sample_rate_hz", m->rate_hz);
  json_key(j, "lines");
  json_begin_array(j);
  for (i = 0; i < m->nlines; i++) {
    json_begin_object(j);
    json_kv_int(j, "line", m->lines[i].line);
    json_kv_string(j, "key", m->lines[i].key);
    json_kv_string(j, "value", m->lines[i].value);
    json_end_object(j);
  }
  json_end_array(j);
  json_end_object(j);
}

static void json_warnings(json_out *j, const hinge_table *t) {
  size_t i;
  json_key(j, "warnings");
  json_begin_array(j);
  for (i = 0; i < hinge_table_warning_count(t); i++) {
    const hinge_warning *w = hinge_table_warning(t, i);
    json_begin_object(j);
    json_kv_string(j, "kind", w->kind);
    json_kv_int(j, "line", w->line);
    json_kv_int(j, "column", w->column);
    json_kv_uint(j, "count", w->count);
    json_kv_string(j, "message", w->message);
    json_end_object(j);
  }
  json_end_array(j);
}

/* One file's object: its own document, or into the array of *in. */
static void print_json(FILE *f, const hinge_table *t, json_out *in) {
  const hinge_schema *s = hinge_table_schema(t);
  char dec[2] = {0, 0};
  json_out own, *jp = in != NULL ? in : &own;
  dec[0] = s->decimal;
  if (in == NULL) json_init(&own, f, 1);
  json_begin_object(jp);
  json_kv_string(jp, "file", hinge_table_file(t));
  json_kv_string(jp, "format", hinge_table_format(t));
  json_kv_string(jp, "capabilities", hinge_table_capabilities(t));
  json_kv_string(jp, "capability_note", hinge_table_capability_note(t));
  json_kv_string(jp, "delimiter", s->delimiter == '\t' ? "\t" : delim_name(s->delimiter));
  json_kv_string(jp, "decimal", dec);
  json_kv_string(jp, "encoding", s->encoding);
  json_kv_bool(jp, "bom", s->had_bom);
  json_kv_string(jp, "line_ending", s->crlf ? "crlf" : "lf");
  json_kv_int(jp, "header_line", s->header_line);
  json_kv_int(jp, "lines", s->lines);
  json_kv_uint(jp, "rows", hinge_table_rows(t));
  json_columns(jp, t);
  json_timing(jp, t);
  json_meta(jp, t);
  json_warnings(jp, t);
  json_end_object(jp);
  if (in == NULL) json_finish(jp);
}

/* ---- text ---- */

static const char *num(double x, char *buf, size_t size) {
  if (!isfinite(x)) return "-";
  snprintf(buf, size, "%.6g", x);
  return buf;
}

static void text_meta_line(FILE *f, const char *label, const char *v, const char *from) {
  if (v == NULL) return;
  fprintf(f, "%-13s%s", label, v);
  if (from != NULL && strcmp(from, "column") != 0) fprintf(f, " (from the %s)", from);
  fputc('\n', f);
}

static void text_columns(FILE *f, const hinge_table *t) {
  size_t i, w = 4;
  for (i = 0; i < hinge_table_columns(t); i++) {
    size_t n = strlen(hinge_table_column_info(t, i)->name);
    if (n > w) w = n < 40 ? n : 40;
  }
  fprintf(f, "columns:\n  %3s  %-*s  %-9s %-8s %s\n", "#", (int)w, "name", "role", "unit",
          "missing");
  for (i = 0; i < hinge_table_columns(t); i++) {
    const hinge_column_info *c = hinge_table_column_info(t, i);
    fprintf(f, "  %3lu  %-*.*s  %-9s %-8s ", (unsigned long)i + 1, (int)w, (int)w, c->name,
            c->role ? hinge_role_name(c->role) : "-", c->unit ? hinge_unit_name(c->unit) : "-");
    if (hinge_table_column(t, i) != NULL) fprintf(f, "%lu", (unsigned long)c->missing);
    else fputs("(not loaded)", f);
    fputs(c->inverted ? "  (mapped, inverted)\n" : c->mapped ? "  (mapped)\n" : "\n", f);
    if (c->source != NULL) fprintf(f, "  %3s  = %s\n", "", c->source);
  }
}

static void text_timing(FILE *f, const hinge_table *t) {
  const hinge_timing *tm = hinge_table_timing(t);
  char a[32], b[32], c[32];
  fprintf(f, "%-13s%s Hz", "sample rate", num(tm->sample_rate_hz, a, sizeof a));
  if (tm->fs_given) fputs(" (given)", f);
  else if (tm->fs_from_meta) fputs(" (from the metadata)", f);
  else fprintf(f, " (median step %s s)", num(tm->median_step_s, b, sizeof b));
  fprintf(f, "\n%-13s%s s to %s s (%s s)\n", "time span", num(tm->start_s, a, sizeof a),
          num(tm->end_s, b, sizeof b), num(tm->duration_s, c, sizeof c));
  if (tm->gaps == 0) fprintf(f, "%-13snone\n", "gaps");
  else
    fprintf(f, "%-13s%lu (longest %s s; first at line %ld)\n", "gaps", (unsigned long)tm->gaps,
            num(tm->longest_gap_s, a, sizeof a), hinge_table_gap(t, 0)->line);
}

static void text_warnings(FILE *f, const hinge_table *t) {
  size_t i, n = hinge_table_warning_count(t);
  if (n == 0) {
    fputs("warnings:    none\n", f);
    return;
  }
  fputs("warnings:\n", f);
  for (i = 0; i < n; i++) {
    const hinge_warning *w = hinge_table_warning(t, i);
    fputs("  ", f);
    if (w->line > 0) fprintf(f, "line %ld: ", w->line);
    fputs(w->message, f);
    if (w->count > 1) fprintf(f, " (%lu times)", (unsigned long)w->count);
    fputc('\n', f);
  }
}

/* The lines above the header, as the file wrote them. */
static void text_meta_lines(FILE *f, const hinge_meta *m) {
  size_t i;
  if (m->nlines == 0) return;
  fputs("metadata lines:\n", f);
  for (i = 0; i < m->nlines; i++) {
    fprintf(f, "  line %ld: ", m->lines[i].line);
    if (m->lines[i].key[0] != '\0') fprintf(f, "%s: ", m->lines[i].key);
    fprintf(f, "%s\n", m->lines[i].value);
  }
}

static void print_text(FILE *f, const hinge_table *t) {
  const hinge_schema *s = hinge_table_schema(t);
  const hinge_meta *m = hinge_table_meta(t);
  char a[32];
  fprintf(f, "%-13s%s\n", "file", hinge_table_file(t));
  fprintf(f, "%-13s%s\n", "format", hinge_table_format(t));
  fprintf(f, "%-13s%s\n", "capabilities", hinge_table_capabilities(t));
  if (hinge_table_capability_note(t) != NULL)
    fprintf(f, "%-13s%s\n", "", hinge_table_capability_note(t));
  fprintf(f, "%-13s'%s'  decimal '%c'%s%s\n", "delimiter", delim_name(s->delimiter), s->decimal,
          s->had_bom ? "  BOM" : "", s->crlf ? "  CRLF" : "");
  if (strcmp(s->encoding, "utf-8") != 0)
    fprintf(f, "%-13s%s (decoded)\n", "encoding", s->encoding);
  fprintf(f, "%-13s%lu (header on line %ld)\n", "rows", (unsigned long)hinge_table_rows(t),
          s->header_line);
  text_timing(f, t);
  text_meta_line(f, "athlete", m->athlete, m->athlete_from);
  text_meta_line(f, "date", m->date, m->date_from);
  text_meta_line(f, "start", m->start, NULL);
  text_meta_line(f, "set", m->set, NULL);
  text_meta_line(f, "exercise", m->exercise, NULL);
  if (!isnan(m->load_kg)) fprintf(f, "%-13s%s kg\n", "load", num(m->load_kg, a, sizeof a));
  if (!isnan(m->rate_hz))
    fprintf(f, "%-13s%s Hz (a metadata line)\n", "stated rate", num(m->rate_hz, a, sizeof a));
  text_meta_lines(f, m);
  text_columns(f, t);
  text_warnings(f, t);
}

/* ---- the command ---- */

typedef struct info_args {
  cli_load_args load;
  const char **files, *out;
  int nfiles, json, fail_fast, jobs, quiet;
} info_args;

/* --jobs N: a whole number from 1 to 256. */
static int set_jobs(info_args *a, const char *v) {
  char *end;
  long n = strtol(v, &end, 10);
  if (end == v || *end != '\0' || n < 1 || n > 256)
    return cli_usage_error("info", "--jobs wants a whole number from 1 to 256 (got '%s')", v);
  a->jobs = (int)n;
  return CLI_OK;
}

static int parse_word(int argc, char **argv, int *i, info_args *a) {
  const char *v;
  int rc;
  if ((rc = cli_load_option("info", argc, argv, i, &a->load)) != 0)
    return rc < 0 ? CLI_EUSAGE : CLI_OK;
  if ((rc = cli_opt_value("info", argc, argv, i, "--format", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
      return cli_usage_error("info", "--format wants text or json (got '%s')", v);
    a->json = strcmp(v, "json") == 0;
  } else if ((rc = cli_opt_value("info", argc, argv, i, "--jobs", &v)) != 0) {
    return rc < 0 ? CLI_EUSAGE : set_jobs(a, v);
  } else if ((rc = cli_opt_value("info", argc, argv, i, "-o", &v)) != 0) {
    if (rc < 0) return CLI_EUSAGE;
    a->out = v;
  } else if (strcmp(argv[*i], "--fail-fast") == 0) {
    a->fail_fast = 1;
  } else if (strcmp(argv[*i], "--quiet") == 0) {
    a->quiet = 1;
  } else if (argv[*i][0] == '-' && argv[*i][1] != '\0') {
    return cli_usage_error("info", "unknown option '%s'", argv[*i]);
  } else {
    a->files[a->nfiles++] = argv[*i];
  }
  return CLI_OK;
}

static int parse(int argc, char **argv, info_args *a) {
  int i, rc, stdin_uses = 0;
  for (i = 1; i < argc; i++)
    if ((rc = parse_word(argc, argv, &i, a)) != CLI_OK) return rc;
  if (a->nfiles == 0) return cli_usage_error("info", "missing FILE");
  for (i = 0; i < a->nfiles; i++) stdin_uses += strcmp(a->files[i], "-") == 0;
  if (stdin_uses > 1) return cli_usage_error("info", "'-' (standard input) can be read once");
  return CLI_OK;
}

/* The batch: each file loaded on a pool thread (batch.c), written here in
 * input order. */
typedef struct info_run {
  const info_args *a;
  const batch_list *in;
  FILE *f;       /* the output, or the spool under --fail-fast */
  json_out j;
  int array;     /* several files or a folder: a JSON array */
  size_t count;  /* entries written */
} info_run;

static int info_work(void *ctx, size_t i, void **result, char **note, hinge_error *err) {
  const info_run *r = ctx;
  const batch_item *it = &r->in->items[i];
  hinge_table *t = NULL;
  int rc;
  (void)note;
  if (it->error != NULL)
    return hinge__fail(err, HINGE_EIO, it->path, 0, 0, "%s", it->error);
  rc = cli_load_table_err(it->path, &r->a->load, &t, err);
  *result = t;
  return rc;
}

static void info_release(void *result) { hinge_table_destroy(result); }

static int info_emit(void *ctx, size_t i, void *result, const hinge_error *err) {
  info_run *r = ctx;
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
  if (r->count++ > 0 && !r->a->json) fputc('\n', r->f);
  if (result != NULL && r->a->json) print_json(r->f, result, r->array ? &r->j : NULL);
  else if (result != NULL) print_text(r->f, result);
  else if (r->a->json) {
    hinge_error_format(err, buf, sizeof buf);
    json_begin_object(&r->j);
    json_kv_string(&r->j, "file", r->in->items[i].path);
    json_kv_string(&r->j, "error", buf);
    json_end_object(&r->j);
  } else {
    fputs(err->file[0] ? err->file : r->in->items[i].path, r->f);
    if (err->line > 0) fprintf(r->f, ":%ld", err->line);
    if (err->line > 0 && err->column > 0) fprintf(r->f, ":%ld", err->column);
    fprintf(r->f, ": error: %s\n", err->message);
  }
  return ferror(r->f) != 0;
}

static int run_info(const info_args *a, const batch_list *in, FILE *f, batch_status *st) {
  info_run r;
  batch_run b;
  const char **names = malloc(in->n * sizeof *names);
  size_t i;
  if (names == NULL) return fprintf(stderr, "hinge info: out of memory\n"), CLI_EDATA;
  memset(&r, 0, sizeof r);
  memset(&b, 0, sizeof b);
  r.a = a;
  r.in = in;
  r.f = f;
  r.array = in->n > 1 || in->folders;
  json_init(&r.j, f, 1);
  if (r.array && a->json) json_begin_array(&r.j);
  for (i = 0; i < in->n; i++) names[i] = in->items[i].path;
  b.n = in->n;
  b.names = names;
  b.jobs = a->jobs;
  b.fail_fast = a->fail_fast || !r.array;
  b.progress = !a->quiet && isatty(STDERR_FILENO);
  b.ctx = &r;
  b.work = info_work;
  b.emit = info_emit;
  b.release = info_release;
  batch_go(&b, st);
  if (r.array && a->json) {
    json_end_array(&r.j);
    json_finish(&r.j);
  }
  free(names);
  return st->error ? st->error : CLI_OK;
}

/* The spool (under --fail-fast, or a single FILE) onto the output. */
static int copy_out(FILE *spool, cli_output *out) {
  char buf[1 << 15];
  size_t got;
  if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0) return -1;
  while ((got = fread(buf, 1, sizeof buf, spool)) > 0)
    if (fwrite(buf, 1, got, cli_output_file(out)) != got) return -1;
  return ferror(spool) ? -1 : 0;
}

static int info_batch(const info_args *a, const batch_list *in) {
  batch_status st;
  cli_output *out = NULL;
  hinge_error err;
  FILE *spool = NULL;
  int whole = a->fail_fast || (in->n == 1 && !in->folders); /* all or nothing */
  int rc, ok;
  memset(&st, 0, sizeof st);
  if (whole && (spool = tmpfile()) == NULL) {
    fprintf(stderr, "hinge info: cannot create a temporary file: %s\n", strerror(errno));
    return CLI_EDATA;
  }
  if (!whole && (out = cli_output_open(a->out, &err)) == NULL) return cli_data_error(&err);
  rc = run_info(a, in, spool != NULL ? spool : cli_output_file(out), &st);
  ok = rc == CLI_OK && !(whole && st.failed > 0);
  if (ok && spool != NULL) {
    if ((out = cli_output_open(a->out, &err)) == NULL) rc = cli_data_error(&err);
    else if (copy_out(spool, out) != 0) ok = 0, rc = CLI_EDATA,
      fprintf(stderr, "hinge info: cannot copy the temporary output: %s\n", strerror(errno));
  }
  if (spool != NULL) fclose(spool);
  if (out != NULL && cli_output_close(out, ok, &err) != HINGE_OK && ok) rc = cli_data_error(&err);
  return rc == CLI_OK && st.failed > 0 ? CLI_EDATA : rc;
}

static int cmd_info(int argc, char **argv) {
  info_args a;
  batch_list in;
  int rc;
  memset(&a, 0, sizeof a);
  cli_load_args_init(&a.load);
  a.jobs = batch_default_jobs();
  if ((a.files = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *a.files)) == NULL)
    return fprintf(stderr, "hinge info: out of memory\n"), CLI_EDATA;
  if ((rc = parse(argc, argv, &a)) == CLI_OK && batch_expand(a.files, (size_t)a.nfiles, &in) != 0)
    rc = CLI_EDATA;
  else if (rc == CLI_OK) {
    const char **paths = malloc((in.n + 1) * sizeof *paths);
    size_t i;
    if (paths == NULL) rc = CLI_EDATA;
    for (i = 0; paths != NULL && i < in.n; i++) paths[i] = in.items[i].path;
    if (rc == CLI_OK) rc = cli_output_guard("info", a.out, paths, in.n);
    if (rc == CLI_OK) rc = info_batch(&a, &in);
    free(paths);
    batch_list_free(&in);
  }
  free(a.files);
  return rc;
}

const cli_command cli_cmd_info = {
  "info", cmd_info, "show what was detected in a session export", usage
};
