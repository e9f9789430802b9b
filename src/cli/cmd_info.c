/*
 * cmd_info.c -- `hinge info FILE`: what the loader detected in a session
 * export, as text or JSON.
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "json_out.h"
#include "load_args.h"

#define MAX_GAPS_LISTED 100

static const char usage[] =
  "usage: hinge info FILE [--format text|json] [--map ROLE=COLUMN]... [--fs HZ]\n"
  "                  [--delimiter D] [--lenient] [-o OUT]\n"
  "\n"
  "Load a session export and show what was detected: encoding, delimiter,\n"
  "decimal mark, columns with their roles and units, rows, sample rate, time\n"
  "span, gaps, metadata (with the lines above the header) and warnings.  FILE\n"
  "may be '-' for standard input.\n"
  "\n"
  "  --format F          text (default) or json\n"
  CLI_LOAD_OPTIONS_HELP
  "  -o OUT              write to OUT instead of standard output\n"
  "\n"
  "Exit status: 0 loaded, 1 the file cannot be loaded (file:line:col: why),\n"
  "2 bad usage.\n";

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

static void print_json(FILE *f, const hinge_table *t) {
  const hinge_schema *s = hinge_table_schema(t);
  char dec[2] = {0, 0};
  json_out j;
  dec[0] = s->decimal;
  json_init(&j, f, 1);
  json_begin_object(&j);
  json_kv_string(&j, "file", hinge_table_file(t));
  json_kv_string(&j, "format", hinge_table_format(t));
  json_kv_string(&j, "capabilities", hinge_table_capabilities(t));
  json_kv_string(&j, "capability_note", hinge_table_capability_note(t));
  json_kv_string(&j, "delimiter", s->delimiter == '\t' ? "\t" : delim_name(s->delimiter));
  json_kv_string(&j, "decimal", dec);
  json_kv_string(&j, "encoding", s->encoding);
  json_kv_bool(&j, "bom", s->had_bom);
  json_kv_string(&j, "line_ending", s->crlf ? "crlf" : "lf");
  json_kv_int(&j, "header_line", s->header_line);
  json_kv_int(&j, "lines", s->lines);
  json_kv_uint(&j, "rows", hinge_table_rows(t));
  json_columns(&j, t);
  json_timing(&j, t);
  json_meta(&j, t);
  json_warnings(&j, t);
  json_end_object(&j);
  json_finish(&j);
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
  const char *file, *out;
  int json;
} info_args;

static int parse(int argc, char **argv, info_args *a) {
  int i, rc;
  const char *v;
  memset(a, 0, sizeof *a);
  cli_load_args_init(&a->load);
  for (i = 1; i < argc; i++) {
    if ((rc = cli_load_option("info", argc, argv, &i, &a->load)) != 0) {
      if (rc < 0) return CLI_EUSAGE;
    } else if ((rc = cli_opt_value("info", argc, argv, &i, "--format", &v)) != 0) {
      if (rc < 0) return CLI_EUSAGE;
      if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
        return cli_usage_error("info", "--format wants text or json (got '%s')", v);
      a->json = strcmp(v, "json") == 0;
    } else if ((rc = cli_opt_value("info", argc, argv, &i, "-o", &v)) != 0) {
      if (rc < 0) return CLI_EUSAGE;
      a->out = v;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      return cli_usage_error("info", "unknown option '%s'", argv[i]);
    } else if (a->file != NULL) {
      return cli_usage_error("info", "expected one FILE (got '%s' and '%s')", a->file, argv[i]);
    } else {
      a->file = argv[i];
    }
  }
  if (a->file == NULL) return cli_usage_error("info", "missing FILE");
  return CLI_OK;
}

static int cmd_info(int argc, char **argv) {
  info_args a;
  hinge_table *t;
  cli_output *out;
  hinge_error err;
  int rc = parse(argc, argv, &a);
  if (rc != CLI_OK) return rc;
  if ((rc = cli_output_guard("info", a.out, &a.file, 1)) != CLI_OK) return rc;
  if ((t = cli_load_table(a.file, &a.load)) == NULL) return CLI_EDATA;
  out = cli_output_open(a.out, &err);
  if (out == NULL) {
    hinge_table_destroy(t);
    return cli_data_error(&err);
  }
  if (a.json) print_json(cli_output_file(out), t);
  else print_text(cli_output_file(out), t);
  hinge_table_destroy(t);
  if (cli_output_close(out, 1, &err) != HINGE_OK) return cli_data_error(&err);
  return CLI_OK;
}

const cli_command cli_cmd_info = {
  "info", cmd_info, "show what was detected in a session export", usage
};
