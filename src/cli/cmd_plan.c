/*
 * cmd_plan.c -- `hinge plan SCRIPT.lua [--sessions DIR] [--soreness LOG]
 * [--training LOG] [--week YYYY-MM-DD] [--athlete NAME] [-o FILE]
 * [--format csv|json|ics] [--sandbox ...]`: a coach's program script run
 * on the data up to a week, writing next week's sessions per athlete
 * (docs/plan.md).  The driver is the Lua module hinge.plan
 * (lua/hinge/plan.lua: the sessions analysed, recovery assessed and the
 * logs read by the C core through the binding); this file parses the
 * options, runs the driver in a plain state or, with --sandbox, through
 * the binding's isolated runner (the same child process, limits and wall
 * as `hinge run --sandbox`), and writes the rows as CSV, JSON or an
 * RFC 5545 calendar.  The output file is opened before the child starts
 * and committed only when the whole plan was written.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "cli.h"
#include "json_out.h"
#include "lhinge.h"

static const char usage[] =
  "usage: hinge plan SCRIPT.lua [--sessions DIR] [--soreness LOG] [--training LOG]\n"
  "                  [--week YYYY-MM-DD] [--athlete NAME] [-o FILE]\n"
  "                  [--format csv|json|ics] [--quiet]\n"
  "                  [--sandbox [--timeout S] [--memory MB] [--allow-read DIR]...]\n"
  "\n"
  "Run a coach's program script (Lua) on the data up to a week and write\n"
  "that week's sessions per athlete: athlete, date, exercise, sets, reps,\n"
  "load_kg, notes and why (the measurement or verdict behind each change).\n"
  "The sessions are analysed, recovery assessed and the training log read\n"
  "by hinge; the script returns function(athlete, week) giving the rows\n"
  "(docs/plan.md; helpers in require \"hinge.plan\").\n"
  "\n"
  "  --sessions DIR      session exports (.csv) to analyse; those dated before\n"
  "                      the week are used\n"
  "  --soreness LOG      soreness log: the recovery verdicts (without it every\n"
  "                      athlete is 'unknown': nothing heavy is planned)\n"
  "  --training LOG      training log or Strong export: loads and e1RM\n"
  "  --week YYYY-MM-DD   a day of the week to plan (its Monday to Sunday); the\n"
  "                      data up to the Sunday before is used (default: the\n"
  "                      week after the latest session)\n"
  "  --athlete NAME      plan only NAME; also the athlete of a Strong export\n"
  "  -o FILE             output (default: standard output); never an input\n"
  "  --format F          csv (default), json or ics (an iCalendar file a phone\n"
  "                      imports: one all-day event per planned session);\n"
  "                      default from -o's extension\n"
  "  --quiet             no warnings on stderr (they stay in the JSON)\n"
  "  --sandbox           run a script written by someone else with the limits\n"
  "                      of `hinge run --sandbox`: no os.execute, io.popen, C\n"
  "                      modules; files only under the inputs' folders\n"
  "  --timeout S         wall-clock limit in seconds (default 10)\n"
  "  --memory MB         memory limit (default 256)\n"
  "  --allow-read DIR    a further folder the script may read; repeatable\n"
  "\n"
  "Exit status: 0 success, 1 bad data (a log or session not read, a script\n"
  "error or limit; with a session not analysed the plan is still written),\n"
  "2 bad usage.\n";

enum { FMT_CSV, FMT_JSON, FMT_ICS };
/* The child's status for "written, but a session could not be analysed". */
#define PLAN_WRITTEN_BAD 3
#define MAX_READ 64

typedef struct pargs {
  const char *script, *sessions, *soreness, *training, *week, *athlete, *out, *format;
  int quiet, sandbox, fmt;
  int limits_given;
  hinge_sandbox_options sb;
  const char *read[MAX_READ + 8];
  size_t nread;
} pargs;

typedef struct plan_job {
  const pargs *a;
  FILE *f;
} plan_job;

static size_t mb_to_bytes(double mb) {
  double bytes = mb * 1048576.0;
  size_t n = (size_t)bytes;
  return (double)n < bytes ? n + 1 : n;
}

static int positive(const char *s, double *out) {
  char *end;
  *out = strtod(s, &end);
  return end != s && *end == '\0' && *out > 0 && *out < 1e9;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int limit_option(pargs *a, const char *o, const char *v) {
  double x;
  if (strcmp(o, "--allow-read") == 0) {
    if (a->nread >= MAX_READ) return cli_usage_error("plan", "more than %d --allow-read", MAX_READ);
    a->read[a->nread++] = v;
    a->limits_given = 1;
    return CLI_OK;
  }
  if (!positive(v, &x))
    return cli_usage_error("plan", "option '%s' needs a positive number, got '%s'", o, v);
  if (o[2] == 't') a->sb.timeout_s = x;
  else a->sb.memory_bytes = mb_to_bytes(x);
  a->limits_given = 1;
  return CLI_OK;
}

static int check_args(pargs *a) {
  long day;
  if (a->script == NULL) return cli_usage_error("plan", "missing SCRIPT.lua");
  if (a->limits_given && !a->sandbox)
    return cli_usage_error("plan", "--timeout, --memory and --allow-read need --sandbox");
  if (a->week != NULL && hinge_day_parse(a->week, strlen(a->week), &day) != HINGE_OK)
    return cli_usage_error("plan", "--week needs a real date YYYY-MM-DD, got '%s'", a->week);
  if (a->format == NULL)
    a->fmt = a->out && ends_with(a->out, ".json") ? FMT_JSON : a->out && ends_with(a->out, ".ics") ? FMT_ICS : FMT_CSV;
  else if (strcmp(a->format, "csv") == 0) a->fmt = FMT_CSV;
  else if (strcmp(a->format, "json") == 0) a->fmt = FMT_JSON;
  else if (strcmp(a->format, "ics") == 0) a->fmt = FMT_ICS;
  else return cli_usage_error("plan", "--format must be csv, json or ics, got '%s'", a->format);
  return CLI_OK;
}

static int parse(int argc, char **argv, pargs *a) {
  int i, rc;
  for (i = 1; i < argc; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    const char **slot = NULL;
    if (o[0] != '-' || o[1] == '\0') {
      if (a->script != NULL) return cli_usage_error("plan", "one SCRIPT.lua only, got '%s' too", o);
      a->script = o;
      continue;
    }
    if (strcmp(o, "--sandbox") == 0) { a->sandbox = 1; continue; }
    if (strcmp(o, "--quiet") == 0) { a->quiet = 1; continue; }
    if (strcmp(o, "-o") == 0 || strcmp(o, "--output") == 0) slot = &a->out;
    else if (strcmp(o, "--sessions") == 0) slot = &a->sessions;
    else if (strcmp(o, "--soreness") == 0) slot = &a->soreness;
    else if (strcmp(o, "--training") == 0) slot = &a->training;
    else if (strcmp(o, "--week") == 0) slot = &a->week;
    else if (strcmp(o, "--athlete") == 0) slot = &a->athlete;
    else if (strcmp(o, "--format") == 0) slot = &a->format;
    else if (strcmp(o, "--timeout") && strcmp(o, "--memory") && strcmp(o, "--allow-read"))
      return cli_usage_error("plan", "unknown option '%s'", o);
    if (v == NULL) return cli_usage_error("plan", "option '%s' needs a value", o);
    i++;
    if (slot != NULL) *slot = v;
    else if ((rc = limit_option(a, o, v)) != CLI_OK) return rc;
  }
  return check_args(a);
}

/* ---- reading the rows from the Lua state ---------------------------------- */

/* A text field of the table at t, or NULL.  Strings only: the string
 * stays reachable through the table after the pop (a number converted
 * here would not). */
static const char *field_str(lua_State *L, int t, const char *k) {
  const char *s = NULL;
  if (lua_getfield(L, t, k) == LUA_TSTRING) s = lua_tostring(L, -1);
  lua_pop(L, 1);
  return s;
}

static double field_num(lua_State *L, int t, const char *k) {
  double x = NAN;
  lua_getfield(L, t, k);
  if (lua_type(L, -1) == LUA_TNUMBER) x = lua_tonumber(L, -1);
  lua_pop(L, 1);
  return x;
}

/* The row's why, joined with "; ", pushed on the stack. */
static const char *push_why(lua_State *L, int t) {
  luaL_Buffer b;
  lua_Integer i, n;
  int w;
  lua_getfield(L, t, "why");
  w = lua_gettop(L);
  luaL_buffinit(L, &b);
  n = lua_istable(L, w) ? luaL_len(L, w) : 0;
  for (i = 1; i <= n; i++) {
    lua_geti(L, w, i);
    if (lua_isstring(L, -1)) {
      if (i > 1) luaL_addstring(&b, "; ");
      luaL_addvalue(&b);
    } else {
      lua_pop(L, 1);
    }
  }
  luaL_pushresult(&b);
  lua_remove(L, w);
  return lua_tostring(L, -1);
}

static void fmt_num(double x, char *buf, size_t n) {
  if (isfinite(x)) snprintf(buf, n, "%.10g", x);
  else buf[0] = '\0';
}

/* ---- CSV ------------------------------------------------------------------- */

static void csv_text(FILE *f, const char *s, int last) {
  cli_csv_field(f, s);
  fputc(last ? '\n' : ',', f);
}

static void csv_row(lua_State *L, FILE *f, int r) {
  static const char *const nums[] = {"sets", "reps", "load_kg"};
  char buf[64];
  size_t k;
  csv_text(f, field_str(L, r, "athlete"), 0);
  csv_text(f, field_str(L, r, "date"), 0);
  csv_text(f, field_str(L, r, "exercise"), 0);
  for (k = 0; k < 3; k++) {
    fmt_num(field_num(L, r, nums[k]), buf, sizeof buf);
    csv_text(f, buf, 0);
  }
  csv_text(f, field_str(L, r, "notes"), 0);
  csv_text(f, push_why(L, r), 1);
  lua_pop(L, 1);
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_row(lua_State *L, json_out *j, int r) {
  lua_Integer i, n;
  json_begin_object(j);
  json_kv_string(j, "athlete", field_str(L, r, "athlete"));
  json_kv_string(j, "date", field_str(L, r, "date"));
  json_kv_string(j, "exercise", field_str(L, r, "exercise"));
  json_kv_number(j, "sets", field_num(L, r, "sets"));
  json_kv_number(j, "reps", field_num(L, r, "reps"));
  json_kv_number(j, "load_kg", field_num(L, r, "load_kg"));
  json_kv_string(j, "notes", field_str(L, r, "notes"));
  json_key(j, "why");
  json_begin_array(j);
  lua_getfield(L, r, "why");
  n = lua_istable(L, -1) ? luaL_len(L, -1) : 0;
  for (i = 1; i <= n; i++) {
    lua_geti(L, -1, i);
    if (lua_isstring(L, -1)) json_string(j, lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  json_end_array(j);
  json_end_object(j);
}

static void json_strings(lua_State *L, json_out *j, int res, const char *key) {
  lua_Integer i, n;
  json_key(j, key);
  json_begin_array(j);
  lua_getfield(L, res, key);
  n = lua_istable(L, -1) ? luaL_len(L, -1) : 0;
  for (i = 1; i <= n; i++) {
    lua_geti(L, -1, i);
    if (lua_isstring(L, -1)) json_string(j, lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  json_end_array(j);
}

/* ---- iCalendar (RFC 5545) ------------------------------------------------------ */

typedef struct ics_line {
  FILE *f;
  size_t col; /* octets on the current physical line */
} ics_line;

/* Octets, folded before 75 on a line (CRLF + a space), never inside a
 * UTF-8 sequence. */
static void ics_put(ics_line *o, const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t len = 1;
    unsigned char c = (unsigned char)s[i];
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (i + len > n) len = n - i;
    if (o->col + len > 75) {
      fputs("\r\n ", o->f);
      o->col = 1;
    }
    fwrite(s + i, 1, len, o->f);
    o->col += len;
    i += len;
  }
}

/* TEXT escaping: backslash, semicolon, comma, newline. */
static void ics_text(ics_line *o, const char *s) {
  for (; s && *s; s++) {
    if (*s == '\\' || *s == ';' || *s == ',') {
      char e[2] = {'\\', *s};
      ics_put(o, e, 2);
    } else if (*s == '\n') {
      ics_put(o, "\\n", 2);
    } else if (*s != '\r') {
      ics_put(o, s, 1);
    }
  }
}

static void ics_prop(FILE *f, const char *name, const char *text, int escape) {
  ics_line o;
  o.f = f;
  o.col = 0;
  ics_put(&o, name, strlen(name));
  ics_put(&o, ":", 1);
  if (escape) ics_text(&o, text);
  else ics_put(&o, text, strlen(text));
  fputs("\r\n", f);
}

static uint64_t fnv1a(uint64_t h, const char *s) {
  for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (h ^ 0xff) * 1099511628211ULL;
}

/* YYYYMMDD of date + days. */
static int ics_date(const char *date, long plus, char out[16]) {
  long day;
  char d[HINGE_DATE_BUF];
  if (date == NULL || hinge_day_parse(date, strlen(date), &day) != HINGE_OK) return 0;
  hinge_day_format(day + plus, d);
  snprintf(out, 16, "%.4s%.2s%.2s", d, d + 5, d + 8);
  return 1;
}

static void ics_event(lua_State *L, FILE *f, int r, const char *stamp, long index) {
  const char *athlete = field_str(L, r, "athlete"), *date = field_str(L, r, "date");
  const char *exercise = field_str(L, r, "exercise"), *notes = field_str(L, r, "notes");
  double sets = field_num(L, r, "sets"), reps = field_num(L, r, "reps"), load = field_num(L, r, "load_kg");
  char start[16], end[16], buf[512], uid[96], n1[32], n2[32], n3[32];
  uint64_t h = 1469598103934665603ULL;
  if (!isfinite(sets) || !ics_date(date, 0, start) || !ics_date(date, 1, end)) return; /* not planned */
  h = fnv1a(fnv1a(fnv1a(h, athlete), date), exercise);
  snprintf(n1, sizeof n1, "%ld", index);
  h = fnv1a(h, n1);
  snprintf(uid, sizeof uid, "%s-%016llx@hinge-plan", start, (unsigned long long)h);
  fmt_num(sets, n1, sizeof n1);
  fmt_num(reps, n2, sizeof n2);
  fmt_num(load, n3, sizeof n3);
  snprintf(buf, sizeof buf, "%s: %s %sx%s%s%s%s", athlete ? athlete : "", exercise ? exercise : "", n1,
           n2[0] ? n2 : "?", n3[0] ? " @ " : "", n3, n3[0] ? " kg" : "");
  fputs("BEGIN:VEVENT\r\n", f);
  ics_prop(f, "UID", uid, 0);
  ics_prop(f, "DTSTAMP", stamp, 0);
  ics_prop(f, "DTSTART;VALUE=DATE", start, 0);
  ics_prop(f, "DTEND;VALUE=DATE", end, 0);
  ics_prop(f, "SUMMARY", buf, 1);
  lua_pushstring(L, notes ? notes : "");
  if (notes && *notes) lua_pushliteral(L, "\n");
  else lua_pushliteral(L, "");
  push_why(L, r);
  lua_concat(L, 3);
  ics_prop(f, "DESCRIPTION", lua_tostring(L, -1), 1);
  lua_pop(L, 1);
  fputs("END:VEVENT\r\n", f);
}

/* DTSTAMP: SOURCE_DATE_EPOCH when set (reproducible files), else now. */
static void ics_stamp(char out[32]) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
  struct tm tm;
  if (gmtime_r(&t, &tm) == NULL) memset(&tm, 0, sizeof tm);
  strftime(out, 32, "%Y%m%dT%H%M%SZ", &tm);
}

/* ---- writing ------------------------------------------------------------------- */

static void write_plan(lua_State *L, FILE *f, int fmt, int res) {
  lua_Integer i, n;
  json_out *j = NULL;
  char stamp[32];
  int rows;
  lua_getfield(L, res, "rows");
  rows = lua_gettop(L);
  n = luaL_len(L, rows);
  if (fmt == FMT_CSV) fputs("athlete,date,exercise,sets,reps,load_kg,notes,why\n", f);
  if (fmt == FMT_ICS) {
    ics_stamp(stamp);
    fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", f);
    fprintf(f, "PRODID:-//hinge//hinge plan %s//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
            hinge_version());
    ics_prop(f, "X-WR-CALNAME", "hinge plan", 1);
  }
  if (fmt == FMT_JSON) {
    j = lua_newuserdatauv(L, sizeof *j, 0); /* collected with the state */
    json_init(j, f, 1);
    json_begin_object(j);
    json_kv_string(j, "week", field_str(L, res, "week"));
    json_kv_string(j, "data_to", field_str(L, res, "on"));
    json_key(j, "sessions");
    json_begin_array(j);
  }
  for (i = 1; i <= n; i++) {
    lua_geti(L, rows, i);
    if (lua_istable(L, -1)) {
      if (fmt == FMT_CSV) csv_row(L, f, lua_gettop(L));
      else if (fmt == FMT_JSON) json_row(L, j, lua_gettop(L));
      else ics_event(L, f, lua_gettop(L), stamp, (long)i);
    }
    lua_pop(L, 1);
  }
  if (fmt == FMT_JSON) {
    json_end_array(j);
    json_strings(L, j, res, "warnings");
    json_end_object(j);
    json_finish(j);
  }
  if (fmt == FMT_ICS) fputs("END:VCALENDAR\r\n", f);
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (v == NULL) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static int traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
  return 1;
}

/* require("hinge.plan").run(opts) into the result table on the stack;
 * 0, or 1 after printing the error. */
static int run_driver(lua_State *L, const pargs *a) {
  int base;
  lua_pushcfunction(L, traceback);
  base = lua_gettop(L);
  /* hinge first: requiring it registers the embedded hinge.* modules */
  lua_getglobal(L, "require");
  lua_pushliteral(L, "hinge");
  if (lua_pcall(L, 1, 0, base) != LUA_OK) goto fail;
  lua_getglobal(L, "require");
  lua_pushliteral(L, "hinge.plan");
  if (lua_pcall(L, 1, 1, base) != LUA_OK) goto fail;
  lua_getfield(L, -1, "run");
  lua_newtable(L);
  set_str(L, "script", a->script);
  set_str(L, "sessions", a->sessions);
  set_str(L, "soreness", a->soreness);
  set_str(L, "training", a->training);
  set_str(L, "week", a->week);
  set_str(L, "athlete", a->athlete);
  lua_pushboolean(L, a->quiet);
  lua_setfield(L, -2, "quiet");
  if (lua_pcall(L, 1, 2, base) != LUA_OK) goto fail;
  if (!lua_istable(L, -2)) {
    lua_remove(L, -2);
    goto fail;
  }
  lua_pop(L, 1);
  return 0;
fail:
  if (hinge_sandbox_limit_hit(L) == HINGE_SANDBOX_MEMORY)
    fprintf(stderr, "hinge plan: sandbox: memory limit of %g MB exceeded\n",
            (double)a->sb.memory_bytes / 1048576.0);
  fprintf(stderr, "hinge plan: %s\n", lua_isstring(L, -1) ? lua_tostring(L, -1) : "the script failed");
  return 1;
}

/* The driver, then the rows into job->f.  With the plan on standard
 * output, the script's own writes to it (io.write, io.stdout) go to
 * standard error while it runs, so they cannot mix with the plan.  The
 * status: 0, 1 (nothing usable written) or PLAN_WRITTEN_BAD. */
static int plan_body(lua_State *L, void *ud) {
  const plan_job *job = ud;
  const pargs *a = job->a;
  int bad, rc, saved = -1;
  if (job->f == stdout) {
    fflush(stdout);
    if ((saved = dup(1)) >= 0 && dup2(2, 1) < 0) {
      close(saved);
      saved = -1;
    }
  }
  rc = run_driver(L, a);
  if (saved >= 0) {
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
  }
  if (rc != 0) return rc;
  bad = (int)field_num(L, lua_gettop(L), "bad");
  write_plan(L, job->f, a->fmt, lua_gettop(L));
  if (fflush(job->f) != 0 || ferror(job->f)) {
    fprintf(stderr, "hinge plan: %s: cannot write the plan\n", a->out ? a->out : "standard output");
    return 1;
  }
  return bad > 0 ? PLAN_WRITTEN_BAD : 0;
}

static int run_plain(plan_job *job) {
  lua_State *L = luaL_newstate();
  int rc;
  if (L == NULL) return fprintf(stderr, "hinge plan: cannot create a Lua state\n"), 1;
  luaL_openlibs(L);
  luaL_requiref(L, "hinge", luaopen_hinge, 0);
  lua_pop(L, 1);
  rc = plan_body(L, job);
  lua_close(L);
  return rc;
}

/* The script's folder, the inputs and the --allow-read folders. */
static int run_sandboxed(pargs *a, plan_job *job) {
  const char *slash = strrchr(a->script, '/');
  char dir[4096];
  hinge_error err;
  int rc;
  snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - a->script) + 1 : 1, slash ? a->script : ".");
  a->read[a->nread++] = dir;
  if (a->sessions) a->read[a->nread++] = a->sessions;
  if (a->soreness) a->read[a->nread++] = a->soreness;
  if (a->training) a->read[a->nread++] = a->training;
  a->sb.read_dirs = a->read;
  a->sb.n_read_dirs = a->nread;
  rc = hinge__sandbox_run_body(&a->sb, a->script, plan_body, job, "hinge plan", &err);
  if (rc < 0) return cli_data_error(&err);
  return rc;
}

/* Every input the output must not replace: the script, the logs and the
 * session files. */
static int guard(const pargs *a) {
  const char **in;
  size_t n = 0, fixed, cap = 16;
  DIR *d = a->sessions ? opendir(a->sessions) : NULL;
  struct dirent *e;
  int rc;
  in = malloc(cap * sizeof *in);
  if (in == NULL) return d ? closedir(d), CLI_EDATA : CLI_EDATA;
  in[n++] = a->script;
  if (a->soreness) in[n++] = a->soreness;
  if (a->training) in[n++] = a->training;
  fixed = n;
  while (d != NULL && (e = readdir(d)) != NULL) {
    size_t len = strlen(a->sessions) + strlen(e->d_name) + 2;
    char *p;
    if (n == cap) {
      const char **g = realloc(in, (cap * 2) * sizeof *in);
      if (g == NULL) break;
      in = g;
      cap *= 2;
    }
    if ((p = malloc(len)) == NULL) break;
    snprintf(p, len, "%s/%s", a->sessions, e->d_name);
    in[n++] = p;
  }
  if (d) closedir(d);
  rc = cli_output_guard("plan", a->out, in, n);
  while (n > fixed) { /* the paths this function allocated */
    char *p;
    memcpy(&p, &in[--n], sizeof p);
    free(p);
  }
  free(in);
  return rc;
}

static int cmd_plan(int argc, char **argv) {
  pargs *a = calloc(1, sizeof *a);
  cli_output *out;
  plan_job job;
  hinge_error err;
  int rc;
  if (a == NULL) return fprintf(stderr, "hinge plan: out of memory\n"), CLI_EDATA;
  hinge_sandbox_options_default(&a->sb);
  if ((rc = parse(argc, argv, a)) != CLI_OK || (a->out && (rc = guard(a)) != CLI_OK)) return free(a), rc;
  if ((out = cli_output_open(a->out, &err)) == NULL) return free(a), cli_data_error(&err);
  job.a = a;
  job.f = cli_output_file(out);
  rc = a->sandbox ? run_sandboxed(a, &job) : run_plain(&job);
  if (cli_output_close(out, rc == 0 || rc == PLAN_WRITTEN_BAD, &err) != HINGE_OK) rc = cli_data_error(&err);
  free(a);
  return rc == 0 ? CLI_OK : CLI_EDATA;
}

const cli_command cli_cmd_plan = {
  "plan", cmd_plan, "next week's sessions from a coach's Lua program and the measured sets", usage
};
