/*
 * fuzz_lua_common.h -- the sandboxed Lua state both Lua harnesses run in
 * (tests only).
 *
 * Each input gets a fresh hinge_sandbox_newstate with a small memory cap
 * and time limit; the only folder it may read is the sample-data folder
 * (tests/fuzz/data, copied by fuzz_lua_api into a scratch folder that
 * also holds the input as a file).  Nothing may be written.
 *
 * Escape detector: while a script runs, fopen/open for writing, remove
 * and rename reaching the C library, and fopen for reading outside the
 * allowed folders, are counted here (these definitions interpose on the
 * C library's for liblua too).  Writes trap at once; reads outside the
 * folders are reported on stderr and trap (package.searchpath included:
 * the sandbox checks its probe, crashes-found/README.md, fixed 8).
 *
 * Known limitation, kept out of the way of the fuzzer: the instruction
 * hook cannot interrupt a C function, and Lua's pattern matcher
 * backtracks exponentially; string.find/match/gmatch/gsub are wrapped to
 * refuse a subject longer than 64 bytes when len^(quantifiers + 1) > 1e7.
 */
#ifndef HINGE_FUZZ_LUA_COMMON_H
#define HINGE_FUZZ_LUA_COMMON_H

#include "fuzz_common.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>

#include <lauxlib.h>
#include <lua.h>

#include "hinge/lua.h"

static int fuzz_lua_running;       /* a script is running */
static char fuzz_lua_allowed[2][PATH_MAX];

static int fuzz_lua_path_allowed(const char *path) {
  char real[PATH_MAX];
  size_t k;
  if (realpath(path, real) == NULL) return 1; /* does not exist: fopen fails anyway */
  for (k = 0; k < 2; k++) {
    size_t n = strlen(fuzz_lua_allowed[k]);
    if (n > 0 && strncmp(real, fuzz_lua_allowed[k], n) == 0 && (real[n] == '/' || real[n] == '\0'))
      return 1;
  }
  return 0;
}

static void fuzz_lua_escape(const char *what, const char *path) {
  fuzz_lua_running = 0; /* libFuzzer is about to write the input out */
  fprintf(stderr, "sandbox escape: %s '%s' reached the C library\n", what, path);
  __builtin_trap();
}

/* Exported (the build hides symbols by default) so that liblua binds to
 * them; liblua opens files with fopen64. */
#define FUZZ_EXPORT __attribute__((visibility("default")))

/* libFuzzer writing an input it stopped on (the death callback of a
 * sanitizer report runs while the script is still "running"):
 * <prefix>crash-<sha1>, leak-, timeout-, oom-, slow-unit-. */
static int fuzz_lua_artifact(const char *path) {
  static const char *const kinds[] = {"crash-", "leak-", "timeout-", "oom-", "slow-unit-", NULL};
  const char *base = strrchr(path, '/');
  size_t k, i, n;
  base = base ? base + 1 : path;
  for (k = 0; kinds[k] != NULL; k++) {
    n = strlen(kinds[k]);
    if (strncmp(base, kinds[k], n) != 0 || strlen(base + n) != 40) continue;
    for (i = n; base[i] != '\0' && strchr("0123456789abcdef", base[i]) != NULL; i++) {}
    if (base[i] == '\0') return 1;
  }
  return 0;
}

static void fuzz_lua_check_open(const char *path, const char *mode) {
  if (!fuzz_lua_running || fuzz_lua_artifact(path)) return;
  if (strpbrk(mode, "wa+") != NULL) fuzz_lua_escape("fopen for writing", path);
  if (!fuzz_lua_path_allowed(path))
    fuzz_lua_escape("fopen outside the allowed folders", path);
}

FUZZ_EXPORT FILE *fopen(const char *path, const char *mode) {
  static FILE *(*real_fopen)(const char *, const char *);
  if (real_fopen == NULL) real_fopen = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
  fuzz_lua_check_open(path, mode);
  return real_fopen(path, mode);
}

FUZZ_EXPORT FILE *fopen64(const char *path, const char *mode) {
  static FILE *(*real_fopen64)(const char *, const char *);
  if (real_fopen64 == NULL)
    real_fopen64 = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen64");
  fuzz_lua_check_open(path, mode);
  return real_fopen64(path, mode);
}

FUZZ_EXPORT int remove(const char *path) {
  static int (*real_remove)(const char *);
  if (real_remove == NULL) real_remove = (int (*)(const char *))dlsym(RTLD_NEXT, "remove");
  if (fuzz_lua_running) fuzz_lua_escape("remove", path);
  return real_remove(path);
}

FUZZ_EXPORT int rename(const char *from, const char *to) {
  static int (*real_rename)(const char *, const char *);
  if (real_rename == NULL) real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  if (fuzz_lua_running) fuzz_lua_escape("rename", from);
  return real_rename(from, to);
}

static const char fuzz_lua_prelude[] =
  "local string, select, type, tostring, error = string, select, type, tostring, error\n"
  "local find, match, gmatch, gsub = string.find, string.match, string.gmatch, string.gsub\n"
  "local function guard(s, p, plain)\n"
  "  if plain or (type(s) ~= 'string' and type(s) ~= 'number') then return end\n"
  "  if type(p) ~= 'string' then return end\n"
  "  local n = #tostring(s)\n"
  "  if n <= 64 then return end\n"
  "  local k = select(2, gsub(p, '[%*%+%-%?]', ''))\n"
  "  if n ^ (k + 1) > 1e7 then error('fuzz harness: pattern too costly for this subject', 3) end\n"
  "end\n"
  "string.find = function(s, p, i, plain) guard(s, p, plain) return find(s, p, i, plain) end\n"
  "string.match = function(s, p, ...) guard(s, p) return match(s, p, ...) end\n"
  "string.gmatch = function(s, p, ...) guard(s, p) return gmatch(s, p, ...) end\n"
  "string.gsub = function(s, p, ...) guard(s, p) return gsub(s, p, ...) end\n";

/* A sandboxed state reading only from `dir`; NULL when it cannot be made
 * (out of memory at creation is acceptable: the cap is small). */
static lua_State *fuzz_lua_newstate(const char *dir, size_t memory, double timeout) {
  hinge_sandbox_options o;
  hinge_error err;
  const char *dirs[1];
  lua_State *L;
  hinge_sandbox_options_default(&o);
  o.memory_bytes = memory;
  o.timeout_s = timeout;
  dirs[0] = dir;
  o.read_dirs = dirs;
  o.n_read_dirs = 1;
  L = hinge_sandbox_newstate(&o, &err);
  if (L == NULL) {
    fprintf(stderr, "fuzz: sandbox: %s\n", err.message);
    abort();
  }
  if (realpath(dir, fuzz_lua_allowed[0]) == NULL) abort();
  lua_getglobal(L, "package");
  lua_pushstring(L, fuzz_lua_allowed[0]);
  lua_pushliteral(L, "/?.lua");
  lua_concat(L, 2);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
  lua_pushstring(L, fuzz_lua_allowed[0]);
  lua_setglobal(L, "DATA");
  if (luaL_loadbufferx(L, fuzz_lua_prelude, sizeof fuzz_lua_prelude - 1, "=prelude", "t") != LUA_OK ||
      lua_pcall(L, 0, 0, 0) != LUA_OK) {
    fprintf(stderr, "fuzz: prelude: %s\n", lua_tostring(L, -1));
    abort();
  }
  return L;
}

/* Run the function at the top of L's stack with nargs arguments below it,
 * under the escape detector; returns the pcall status. */
static int fuzz_lua_run(lua_State *L, int nargs) {
  int rc;
  fuzz_lua_running = 1;
  rc = lua_pcall(L, nargs, 0, 0);
  fuzz_lua_running = 0;
  /* FUZZ_LUA_VERBOSE=1: say why a script stopped (to write seeds). */
  if (rc != LUA_OK && getenv("FUZZ_LUA_VERBOSE") != NULL)
    fprintf(stderr, "lua: %s\n", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(not a string)");
  if (rc != LUA_OK) lua_pop(L, 1);
  return rc;
}

/* Close a state: hinge objects a finalizer makes during the close are
 * released by the state's owner (lua/lseries.c), so a leak reported here
 * is a bug (crashes-found/README.md, fixed 7). */
static void fuzz_lua_close(lua_State *L) {
  hinge_sandbox_close(L);
}

/* stdin from /dev/null, so io.read never waits. */
static void fuzz_lua_init_process(void) {
  int fd = open("/dev/null", O_RDONLY);
  if (fd >= 0) {
    dup2(fd, 0);
    close(fd);
  }
}

#endif
