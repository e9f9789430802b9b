/*
 * cmd_report.c -- `hinge report INPUTS... -o DIR [--soreness LOG]
 * [--training LOG] [--template SCRIPT.lua] [--date YYYY-MM-DD]
 * [--page a4|letter] [--quiet]`: the team page, the athletes' pages and
 * PDFs and summary.csv (docs/report.md).  The report itself is the Lua
 * module hinge.report (lua/hinge/report.lua) or a coach's copy; this
 * file checks the folder, runs the script in a Lua state writing into a
 * staging folder inside DIR, and moves the files into DIR only when the
 * whole report was written.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "cli.h"
#include "lhinge.h"

static const char usage[] =
  "usage: hinge report INPUTS... -o DIR [--soreness LOG] [--training LOG]\n"
  "                    [--template SCRIPT.lua] [--date YYYY-MM-DD] [--page a4|letter]\n"
  "                    [--plan PLAN.csv|PLAN.json] [--quiet]\n"
  "\n"
  "Offline HTML and PDF reports from session files and folders of them (walked\n"
  "as by hinge analyze) and the soreness and training logs:\n"
  "  DIR/index.html            the team at a glance: each athlete's recovery\n"
  "                            verdict and reason, last sessions, flags of the week\n"
  "  DIR/ATHLETE.html, .pdf    per session the rep curves through the pull with\n"
  "                            the thresholds, rounding per rep, the set verdict and\n"
  "                            coverage; over the weeks load, soreness, e1RM\n"
  "  DIR/summary.csv           one row per rep across all inputs\n"
  "\n"
  "  -o DIR               the folder (created when missing; files in it replaced)\n"
  "  --soreness LOG       soreness log (recovery verdicts, soreness timeline)\n"
  "  --training LOG       training log or Strong export (load, e1RM)\n"
  "  --template FILE.lua  run a coach's copy of lua/hinge/report.lua instead\n"
  "  --plan FILE          next week's plan from `hinge plan` (CSV or JSON): listed\n"
  "                       on each athlete's page with its reasons\n"
  "  --date YYYY-MM-DD    the generation date printed on the pages (default:\n"
  "                       SOURCE_DATE_EPOCH when set, else today)\n"
  "  --page a4|letter     PDF page size (default a4)\n"
  "  --quiet              no progress bar and no messages about bad inputs\n"
  "\n"
  "A file that cannot be analysed is named on stderr and on the team page; the\n"
  "others are reported.  Exit status: 0 success, 1 bad data (an input not\n"
  "analysed, a log not read, a folder not writable), 2 bad usage.\n";

#define MAX_INPUTS 4096

typedef struct rargs {
  const char *inputs[MAX_INPUTS];
  int ninputs;
  const char *out, *soreness, *training, *template_, *date, *plan;
  int quiet, letter;
} rargs;

static int parse(int argc, char **argv, rargs *a) {
  int i;
  for (i = 1; i < argc; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    const char **slot = NULL;
    if (o[0] != '-' || o[1] == '\0') {
      if (a->ninputs == MAX_INPUTS) return cli_usage_error("report", "more than %d inputs", MAX_INPUTS);
      a->inputs[a->ninputs++] = o;
      continue;
    }
    if (strcmp(o, "--quiet") == 0) { a->quiet = 1; continue; }
    if (strcmp(o, "-o") == 0 || strcmp(o, "--output") == 0) slot = &a->out;
    else if (strcmp(o, "--soreness") == 0) slot = &a->soreness;
    else if (strcmp(o, "--training") == 0) slot = &a->training;
    else if (strcmp(o, "--template") == 0) slot = &a->template_;
    else if (strcmp(o, "--date") == 0) slot = &a->date;
    else if (strcmp(o, "--plan") == 0) slot = &a->plan;
    else if (strcmp(o, "--page") != 0) return cli_usage_error("report", "unknown option '%s'", o);
    if (v == NULL) return cli_usage_error("report", "option '%s' needs a value", o);
    i++;
    if (slot != NULL) { *slot = v; continue; }
    if (strcmp(v, "a4") && strcmp(v, "letter"))
      return cli_usage_error("report", "--page must be a4 or letter, got '%s'", v);
    a->letter = v[0] == 'l';
  }
  if (a->ninputs == 0) return cli_usage_error("report", "missing INPUTS (session files or folders)");
  if (a->out == NULL) return cli_usage_error("report", "missing -o DIR");
  return CLI_OK;
}

/* The generation date: --date, SOURCE_DATE_EPOCH, or today (UTC). */
static int gen_date(const rargs *a, char buf[HINGE_DATE_BUF]) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  long day;
  if (a->date != NULL) {
    if (hinge_day_parse(a->date, strlen(a->date), &day) != HINGE_OK)
      return cli_usage_error("report", "--date needs YYYY-MM-DD, got '%s'", a->date);
  } else {
    long long secs = sde != NULL && *sde ? strtoll(sde, NULL, 10) : (long long)time(NULL);
    day = (long)(secs / 86400);
  }
  hinge_day_format(day, buf);
  return CLI_OK;
}

/* DIR must be a folder we can write, created when missing. */
static int check_out(const char *dir) {
  struct stat st;
  if (stat(dir, &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      return cli_usage_error("report", "-o '%s' exists and is not a folder", dir);
  } else if (mkdir(dir, 0777) != 0) {
    fprintf(stderr, "hinge report: %s: cannot create the folder: %s\n", dir, strerror(errno));
    return CLI_EDATA;
  }
  if (access(dir, W_OK | X_OK) != 0) {
    fprintf(stderr, "hinge report: %s: the folder is not writable: %s\n", dir, strerror(errno));
    return CLI_EDATA;
  }
  return CLI_OK;
}

/* Move (commit) or remove every file of the staging folder, then remove it. */
static int finish_staging(const char *stage, const char *dir, int commit) {
  DIR *d = opendir(stage);
  struct dirent *e;
  char from[8192], to[8192];
  int rc = CLI_OK;
  if (d == NULL) return CLI_EDATA;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(from, sizeof from, "%s/%s", stage, e->d_name);
    snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
    if (commit && rename(from, to) != 0) {
      fprintf(stderr, "hinge report: %s: %s\n", to, strerror(errno));
      rc = CLI_EDATA;
    }
    if (!commit || rc != CLI_OK) remove(from);
  }
  closedir(d);
  rmdir(stage);
  return rc;
}

/* Staging folders a killed report left in dir (their process is gone):
 * removed with their files, as cli_output_open removes stale temporaries. */
static void remove_stale(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char path[8192];
  if (d == NULL) return;
  while ((e = readdir(d)) != NULL) {
    char *end;
    long pid;
    if (strncmp(e->d_name, ".hinge-report.", 14) != 0) continue;
    pid = strtol(e->d_name + 14, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* alive, or not ours to judge */
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    finish_staging(path, dir, 0);
  }
  closedir(d);
}

static void set_str(lua_State *L, const char *k, const char *v) {
  if (v == NULL) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

/* The options table of report.run on the stack. */
static void push_opts(lua_State *L, const rargs *a, const char *stage, const char *date) {
  int i;
  lua_newtable(L);
  lua_createtable(L, a->ninputs, 0);
  for (i = 0; i < a->ninputs; i++) {
    lua_pushstring(L, a->inputs[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "inputs");
  set_str(L, "out", stage);
  set_str(L, "folder", a->out);
  set_str(L, "soreness", a->soreness);
  set_str(L, "training", a->training);
  set_str(L, "date", date);
  set_str(L, "plan", a->plan);
  lua_pushboolean(L, a->quiet);
  lua_setfield(L, -2, "quiet");
  lua_pushboolean(L, !a->quiet && isatty(2));
  lua_setfield(L, -2, "progress");
  lua_pushnumber(L, a->letter ? 612 : 595);
  lua_setfield(L, -2, "page_width");
  lua_pushnumber(L, a->letter ? 792 : 842);
  lua_setfield(L, -2, "page_height");
}

static int traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
  return 1;
}

/* Run the template (or hinge.report): a chunk returning a table with
 * run(opts) is a copy of the module; otherwise the chunk did the work.
 * Sets the number of bad inputs; returns the Lua status, with the message
 * on the stack's top when not LUA_OK (run returning nil, message too). */
static int run_report(lua_State *L, const rargs *a, const char *stage, const char *date,
                      int *nbad) {
  int rc;
  lua_pushcfunction(L, traceback);
  if (a->template_ != NULL) {
    if ((rc = luaL_loadfile(L, a->template_)) != LUA_OK) return rc;
    push_opts(L, a, stage, date);
    if ((rc = lua_pcall(L, 1, 1, 1)) != LUA_OK) return rc;
  } else {
    lua_getglobal(L, "require");
    lua_pushliteral(L, "hinge.report");
    if ((rc = lua_pcall(L, 1, 1, 1)) != LUA_OK) return rc;
  }
  if (lua_istable(L, -1) && lua_getfield(L, -1, "run") == LUA_TFUNCTION) {
    push_opts(L, a, stage, date);
    if ((rc = lua_pcall(L, 1, 2, 1)) != LUA_OK) return rc;
    /* nil, message: bad data the script reports itself (a log not read) */
    if (lua_isnil(L, -2) && lua_isstring(L, -1)) return LUA_ERRRUN;
    lua_pop(L, 1);
  }
  *nbad = (int)lua_tointeger(L, -1);
  return LUA_OK;
}

static int cmd_report(int argc, char **argv) {
  rargs *a = calloc(1, sizeof *a);
  char date[HINGE_DATE_BUF], stage[4096];
  lua_State *L = NULL;
  int rc, nbad = 0;
  if (a == NULL) return fprintf(stderr, "hinge report: out of memory\n"), CLI_EDATA;
  if ((rc = parse(argc, argv, a)) != CLI_OK || (rc = gen_date(a, date)) != CLI_OK ||
      (rc = check_out(a->out)) != CLI_OK)
    return free(a), rc;
  remove_stale(a->out);
  snprintf(stage, sizeof stage, "%s/.hinge-report.%ld", a->out, (long)getpid());
  if (mkdir(stage, 0777) != 0) {
    fprintf(stderr, "hinge report: %s: %s\n", stage, strerror(errno));
    return free(a), CLI_EDATA;
  }
  if ((L = luaL_newstate()) == NULL) rc = CLI_EDATA;
  else {
    luaL_openlibs(L);
    luaL_requiref(L, "hinge", luaopen_hinge, 0);
    lua_pop(L, 1);
    if (run_report(L, a, stage, date, &nbad) != LUA_OK) {
      fprintf(stderr, "hinge report: %s\n", lua_tostring(L, -1));
      rc = CLI_EDATA;
    }
    lua_close(L);
  }
  if (finish_staging(stage, a->out, rc == CLI_OK) != CLI_OK) rc = CLI_EDATA;
  if (rc == CLI_OK && nbad > 0) rc = CLI_EDATA;
  free(a);
  return rc;
}

const cli_command cli_cmd_report = {
  "report", cmd_report, "offline HTML and PDF reports of a team's sessions and logs", usage
};
