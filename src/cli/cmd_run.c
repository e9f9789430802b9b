/*
 * cmd_run.c -- `hinge run [--sandbox ...] SCRIPT.lua [ARGS...]`: a Lua 5.4
 * state with the standard libraries and `hinge` preloaded, `arg` set as
 * the stock `lua` interpreter sets it.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
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
  "usage: hinge run [--timeout S] [--sandbox [--memory MB] [--allow-read DIR]...\n"
  "                 [--allow-write DIR]...] SCRIPT.lua [ARGS...]\n"
  "\n"
  "Run a Lua 5.4 script with the standard libraries and the hinge module\n"
  "preloaded (local hinge = require \"hinge\").  SCRIPT may be '-' for\n"
  "standard input.  As with the stock lua interpreter, the script gets its\n"
  "arguments in the global table 'arg' (arg[0] is the script, arg[1]... the\n"
  "arguments, negative indices the words before the script) and as '...'.\n"
  "\n"
  "  --sandbox          run a script written by someone else: no os.execute,\n"
  "                     io.popen, C modules, debug library or binary chunks;\n"
  "                     files only under the allowed folders; limits below\n"
  "  --timeout S        wall-clock limit in seconds (default 10; without\n"
  "                     --sandbox: none unless given, then enforced too)\n"
  "  --memory MB        memory limit (default 256; needs --sandbox)\n"
  "  --allow-read DIR   a folder (or file) the script may read; repeatable;\n"
  "                     default: the script's folder and the paths given as\n"
  "                     arguments\n"
  "  --allow-write DIR  a folder the script may write; repeatable; default none\n"
  "\n"
  "A script error prints its traceback on stderr and exits with status 1, as\n"
  "does a sandbox limit; os.exit(n) exits with n.\n";

typedef struct run_opts {
  int sandbox;
  int timeout_given, memory_given;
  hinge_sandbox_options sb;
  const char **read, **write;
  size_t nread, nwrite;
} run_opts;

/* MB to bytes, rounded up: any positive limit stays a limit (0 would
 * mean none). */
static size_t mb_to_bytes(double mb) {
  double bytes = mb * 1048576.0;
  size_t n = (size_t)bytes;
  return (double)n < bytes ? n + 1 : n;
}

static int parse_number(const char *s, double *out) {
  char *end;
  *out = strtod(s, &end);
  return end != s && *end == '\0' && *out > 0 && *out < 1e9;
}

/* Parse the options before SCRIPT; returns the script's index, or -1
 * after printing a usage error (the status is then in *rc). */
static int parse(int argc, char **argv, run_opts *o, int *rc) {
  int i;
  double v;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--") == 0) return i + 1 < argc ? i + 1 : (*rc = cli_usage_error("run", "missing SCRIPT.lua"), -1);
    if (a[0] != '-' || a[1] == '\0') return i;
    if (strcmp(a, "--sandbox") == 0) { o->sandbox = 1; continue; }
    if (strcmp(a, "--timeout") && strcmp(a, "--memory") && strcmp(a, "--allow-read") &&
        strcmp(a, "--allow-write"))
      return *rc = cli_usage_error("run", "unknown option '%s'", a), -1;
    if (val == NULL) return *rc = cli_usage_error("run", "option '%s' needs a value", a), -1;
    i++;
    if (strcmp(a, "--timeout") == 0 || strcmp(a, "--memory") == 0) {
      if (!parse_number(val, &v))
        return *rc = cli_usage_error("run", "option '%s' needs a positive number, got '%s'", a, val), -1;
      if (a[2] == 't') o->sb.timeout_s = v, o->timeout_given = 1;
      else o->sb.memory_bytes = mb_to_bytes(v), o->memory_given = 1;
    } else if (strcmp(a, "--allow-read") == 0) {
      o->read[o->nread++] = val;
    } else {
      o->write[o->nwrite++] = val;
    }
  }
  *rc = cli_usage_error("run", "missing SCRIPT.lua");
  return -1;
}

/* --timeout without --sandbox: the script runs in this process, so a
 * count hook raises a Lua error once the deadline passes, and an alarm a
 * second later ends the process from inside a long C call.  One script
 * per process: the deadline may be a file-level variable here. */
static double plain_deadline, plain_limit;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void deadline_hook(lua_State *L, lua_Debug *ar) {
  char msg[64];
  (void)ar;
  if (now_s() <= plain_deadline) return;
  snprintf(msg, sizeof msg, "time limit of %g s exceeded", plain_limit);
  luaL_error(L, "%s", msg);
}

static void on_alarm(int sig) {
  static const char msg[] = "hinge run: time limit exceeded inside a C call\n";
  (void)sig;
  if (write(2, msg, sizeof msg - 1) < 0) _exit(1);
  _exit(1);
}

static void plain_time_limit(lua_State *L, double seconds) {
  plain_limit = seconds;
  plain_deadline = now_s() + seconds;
  lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 10000);
  signal(SIGALRM, on_alarm);
  alarm((unsigned)ceil(seconds) + 1);
}

static int run_plain(char **argv, int argc, int script, const run_opts *o) {
  lua_State *L = luaL_newstate();
  int rc;
  if (L == NULL) {
    fprintf(stderr, "hinge run: cannot create a Lua state (out of memory)\n");
    return CLI_EDATA;
  }
  if (o->timeout_given) plain_time_limit(L, o->sb.timeout_s);
  luaL_openlibs(L);
  luaL_requiref(L, "hinge", luaopen_hinge, 0); /* also sets package.loaded.hinge */
  lua_pop(L, 1);
  rc = hinge__lua_run_main(L, argv, argc, script, "hinge run");
  lua_close(L);
  return rc;
}

/* The script's folder, and each argument that names an existing path. */
static void default_reads(run_opts *o, char **argv, int argc, int script, char *dirbuf, size_t n) {
  const char *slash = strrchr(argv[script], '/');
  struct stat st;
  int i;
  snprintf(dirbuf, n, "%.*s", slash ? (int)(slash - argv[script]) + 1 : 1,
           slash ? argv[script] : ".");
  o->read[o->nread++] = dirbuf;
  for (i = script + 1; i < argc; i++)
    if (stat(argv[i], &st) == 0) o->read[o->nread++] = argv[i];
}

static int run_sandboxed(run_opts *o, char **argv, int argc, int script) {
  hinge_error err;
  char dir[4096];
  int rc;
  if (strcmp(argv[script], "-") == 0)
    return cli_usage_error("run", "--sandbox needs a script file, not standard input");
  if (o->nread == 0) default_reads(o, argv, argc, script, dir, sizeof dir);
  o->sb.read_dirs = o->read;
  o->sb.n_read_dirs = o->nread;
  o->sb.write_dirs = o->write;
  o->sb.n_write_dirs = o->nwrite;
  rc = hinge_sandbox_run_isolated(&o->sb, argc - script, argv + script, &err);
  if (rc < 0) return cli_data_error(&err);
  return rc;
}

static int cmd_run(int argc, char **argv) {
  run_opts o;
  int script, rc = CLI_OK;
  memset(&o, 0, sizeof o);
  hinge_sandbox_options_default(&o.sb);
  o.read = calloc((size_t)argc + 1, sizeof *o.read);
  o.write = calloc((size_t)argc + 1, sizeof *o.write);
  if (o.read == NULL || o.write == NULL) {
    rc = CLI_EDATA;
    fprintf(stderr, "hinge run: out of memory\n");
  } else if ((script = parse(argc, argv, &o, &rc)) >= 0) {
    if ((o.nread || o.nwrite) && !o.sandbox)
      rc = cli_usage_error("run", "--allow-read and --allow-write need --sandbox");
    else if (o.memory_given && !o.sandbox)
      rc = cli_usage_error("run", "--memory needs --sandbox");
    else if (o.sandbox)
      rc = run_sandboxed(&o, argv, argc, script);
    else
      /* argv[0] is "run"; main's argv[0] ("hinge") sits just before it and,
       * like the stock lua's own name, goes at the most negative index. */
      rc = run_plain(argv - 1, argc + 1, script + 1, &o);
  }
  free(o.read);
  free(o.write);
  return rc;
}

const cli_command cli_cmd_run = {
  "run", cmd_run, "run a Lua script with the hinge module preloaded", usage
};
