/*
 * lsandbox.c -- a Lua state for scripts written by others: capped memory,
 * a time limit, no escape to the system, files only under allowed folders.
 *
 * The per-state sandbox record is the allocator's user pointer, so every
 * piece of the sandbox is reachable from the lua_State without globals.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "hinge/lua.h"
#include "lhinge.h"

#define HOOK_EVERY 4096 /* VM instructions between clock checks */

typedef struct sandbox {
  unsigned magic;
  size_t used, limit;  /* bytes allocated, cap (0 = none) */
  double deadline;     /* monotonic seconds; 0 = none */
  double timeout;
  int hit;             /* HINGE_SANDBOX_TIME / _MEMORY once exceeded */
  char **read, **write; /* resolved folders */
  size_t nread, nwrite;
} sandbox;

#define SANDBOX_MAGIC 0x68696e67u /* "hing" */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  sandbox *sb = ud;
  size_t old = ptr ? osize : 0;
  void *p;
  if (nsize == 0) {
    free(ptr);
    sb->used -= old;
    return NULL;
  }
  if (sb->limit && nsize > old && nsize - old > sb->limit - sb->used) {
    sb->hit = HINGE_SANDBOX_MEMORY;
    return NULL;
  }
  p = realloc(ptr, nsize);
  if (p != NULL) sb->used = sb->used - old + nsize;
  return p;
}

/* The sandbox record of L, or NULL when L is not sandboxed. */
static sandbox *getsandbox(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  if (f != sandbox_alloc || ud == NULL) return NULL;
  return ((sandbox *)ud)->magic == SANDBOX_MAGIC ? ud : NULL;
}

static void hook(lua_State *L, lua_Debug *ar) {
  sandbox *sb = getsandbox(L);
  (void)ar;
  if (sb != NULL && sb->deadline > 0 && now() > sb->deadline) {
    char secs[32];
    sb->hit = HINGE_SANDBOX_TIME;
    snprintf(secs, sizeof secs, "%g", sb->timeout);
    luaL_error(L, "sandbox: time limit of %s s exceeded", secs); /* raises */
  }
}

/* ---- folders ---------------------------------------------------------- */

static void free_dirs(char **dirs, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) free(dirs[i]);
  free(dirs);
}

static int resolve_dirs(const char *const *in, size_t n, char ***out, hinge_error *err) {
  size_t i;
  *out = calloc(n ? n : 1, sizeof **out);
  if (*out == NULL) return HINGE_ENOMEM;
  for (i = 0; i < n; i++) {
    (*out)[i] = realpath(in[i], NULL);
    if ((*out)[i] == NULL) {
      hinge_error_clear(err);
      if (err != NULL) {
        err->code = HINGE_EIO;
        snprintf(err->file, sizeof err->file, "%s", in[i]);
        snprintf(err->message, sizeof err->message, "sandbox folder: %s", strerror(errno));
      }
      return HINGE_EIO;
    }
  }
  return HINGE_OK;
}

static int under(const char *path, char **dirs, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    size_t len = strlen(dirs[i]);
    if (strncmp(path, dirs[i], len) == 0 &&
        (path[len] == '/' || path[len] == '\0' || (len == 1 && dirs[i][0] == '/')))
      return 1;
  }
  return 0;
}

/* realpath of path, or of its folder joined with its last component when
 * the file does not exist yet (a file about to be written). */
static char *resolve_path(const char *path) {
  char *r = realpath(path, NULL), *dir, *res;
  const char *slash, *base;
  size_t n;
  if (r != NULL || errno != ENOENT) return r;
  slash = strrchr(path, '/');
  base = slash ? slash + 1 : path;
  if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) return NULL;
  if (slash == NULL) dir = realpath(".", NULL);
  else if (slash == path) dir = realpath("/", NULL);
  else {
    char *d = strndup(path, (size_t)(slash - path));
    dir = d ? realpath(d, NULL) : NULL;
    free(d);
  }
  if (dir == NULL) return NULL;
  n = strlen(dir) + strlen(base) + 2;
  res = malloc(n);
  if (res != NULL) snprintf(res, n, "%s/%s", strcmp(dir, "/") ? dir : "", base);
  free(dir);
  return res;
}

void hinge_sandbox_checkpath(lua_State *L, const char *path, int write) {
  sandbox *sb = getsandbox(L);
  char *r;
  int ok;
  if (sb == NULL) return;
  r = resolve_path(path);
  ok = r != NULL && (under(r, sb->write, sb->nwrite) || (!write && under(r, sb->read, sb->nread)));
  free(r);
  if (!ok)
    luaL_error(L, "sandbox: %s of '%s' refused (outside the allowed folders)",
               write ? "writing" : "reading", path);
}

/* ---- replacements for unsafe library functions ------------------------- */

static int refused(lua_State *L) {
  return luaL_error(L, "sandbox: %s is not allowed", lua_tostring(L, lua_upvalueindex(1)));
}

/* io.open(path, mode): the path is checked for the access the mode needs. */
static int s_io_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const char *mode = luaL_optstring(L, 2, "r");
  hinge_sandbox_checkpath(L, path, strpbrk(mode, "wa+") != NULL);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* io.lines / io.input / io.output / dofile: check a string path argument,
 * then call the original (upvalue 1); upvalue 2 is 1 for a write. */
static int s_checked_call(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING)
    hinge_sandbox_checkpath(L, lua_tostring(L, 1), (int)lua_tointeger(L, lua_upvalueindex(2)));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

static int s_os_remove(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  hinge_sandbox_checkpath(L, path, 1);
  return luaL_fileresult(L, remove(path) == 0, path);
}

static int s_os_rename(lua_State *L) {
  const char *from = luaL_checkstring(L, 1), *to = luaL_checkstring(L, 2);
  hinge_sandbox_checkpath(L, from, 1);
  hinge_sandbox_checkpath(L, to, 1);
  return luaL_fileresult(L, rename(from, to) == 0, NULL);
}

/* Refuse a chunk mode other than "t" (argument i, nil being absent). */
static void text_mode_only(lua_State *L, int i) {
  const char *m = lua_tostring(L, i);
  if (!lua_isnoneornil(L, i) && (m == NULL || strcmp(m, "t") != 0))
    luaL_error(L, "sandbox: binary chunks are not allowed (mode '%s')", m ? m : luaL_typename(L, i));
}

/* load(chunk [, name [, mode [, env]]]): the original, always called as
 * load(chunk, name, "t" [, env]) -- env passed only when it was given,
 * since load(s, n, m, nil) differs from load(s, n, m) (_ENV nil). */
static int s_load(lua_State *L) {
  int n = lua_gettop(L), base;
  text_mode_only(L, 3);
  lua_settop(L, n >= 4 ? 4 : 2);
  base = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushliteral(L, "t");
  if (n >= 4) lua_pushvalue(L, 4);
  lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
  return lua_gettop(L) - base;
}

/* loadfile(path [, mode [, env]]): checked path, text only. */
static int s_loadfile(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int env = !lua_isnone(L, 3);
  text_mode_only(L, 2);
  hinge_sandbox_checkpath(L, path, 0);
  if (luaL_loadfilex(L, path, "t") != LUA_OK) {
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  if (env) {
    lua_pushvalue(L, 3);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  }
  return 1;
}

/* dofile(path): checked path, text only, runs in the caller's context. */
static int s_dofile(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  hinge_sandbox_checkpath(L, path, 0);
  lua_settop(L, 1);
  if (luaL_loadfilex(L, path, "t") != LUA_OK) return lua_error(L);
  lua_call(L, 0, LUA_MULTRET);
  return lua_gettop(L) - 1;
}

/* package.searchers[2] replacement: Lua files on package.path, checked. */
static int s_searcher(lua_State *L) {
  const char *name = luaL_checkstring(L, 1), *path, *file;
  lua_getfield(L, lua_upvalueindex(1), "path");
  path = lua_tostring(L, -1);
  if (path == NULL) return luaL_error(L, "'package.path' must be a string");
  lua_getfield(L, lua_upvalueindex(1), "searchpath");
  lua_pushstring(L, name);
  lua_pushstring(L, path);
  lua_call(L, 2, 2);
  file = lua_tostring(L, -2);
  if (file == NULL) return 1; /* the "no file" message */
  hinge_sandbox_checkpath(L, file, 0);
  if (luaL_loadfilex(L, file, "t") != LUA_OK)
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
                      lua_tostring(L, -1));
  lua_pushstring(L, file);
  return 2;
}

/* t[name] = closure(f, t[name], extra) for the library table at the top. */
static void wrap(lua_State *L, const char *name, lua_CFunction f, int extra) {
  lua_getfield(L, -1, name);
  if (extra >= 0) {
    lua_pushinteger(L, extra);
    lua_pushcclosure(L, f, 2);
  } else {
    lua_pushcclosure(L, f, 1);
  }
  lua_setfield(L, -2, name);
}

static void named_refusal(lua_State *L, const char *lib, const char *name) {
  lua_getglobal(L, lib);
  lua_pushfstring(L, "%s.%s", lib, name);
  lua_pushcclosure(L, refused, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

static void restrict_libs(lua_State *L) {
  static const char *const os_refused[] = {"execute", "exit", "getenv", "tmpname", "setlocale", NULL};
  static const char *const io_refused[] = {"popen", "tmpfile", NULL};
  const char *const *p;
  for (p = os_refused; *p; p++) named_refusal(L, "os", *p);
  for (p = io_refused; *p; p++) named_refusal(L, "io", *p);
  named_refusal(L, "string", "dump");
  named_refusal(L, "package", "loadlib");
  lua_getglobal(L, "os");
  lua_pushcfunction(L, s_os_remove);
  lua_setfield(L, -2, "remove");
  lua_pushcfunction(L, s_os_rename);
  lua_setfield(L, -2, "rename");
  lua_pop(L, 1);
  lua_getglobal(L, "io");
  wrap(L, "open", s_io_open, -1);
  wrap(L, "lines", s_checked_call, 0);
  wrap(L, "input", s_checked_call, 0);
  wrap(L, "output", s_checked_call, 1);
  lua_pop(L, 1);
  lua_pushglobaltable(L);
  wrap(L, "load", s_load, -1);
  lua_pushcfunction(L, s_loadfile);
  lua_setfield(L, -2, "loadfile");
  lua_pushcfunction(L, s_dofile);
  lua_setfield(L, -2, "dofile");
  lua_pop(L, 1);
}

/* package: no C modules; Lua modules only through the checked searcher. */
static void restrict_package(lua_State *L) {
  lua_getglobal(L, "package");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_getfield(L, -1, "searchers");   /* package, searchers */
  lua_createtable(L, 2, 0);           /* package, searchers, new */
  lua_rawgeti(L, -2, 1);              /* the preload searcher */
  lua_rawseti(L, -2, 1);
  lua_pushvalue(L, -3);
  lua_pushcclosure(L, s_searcher, 1); /* upvalue: package */
  lua_rawseti(L, -2, 2);
  lua_setfield(L, -3, "searchers");
  lua_pop(L, 2);
}

static int open_sandboxed(lua_State *L) {
  static const luaL_Reg libs[] = {
    {LUA_GNAME, luaopen_base}, {LUA_LOADLIBNAME, luaopen_package},
    {LUA_COLIBNAME, luaopen_coroutine}, {LUA_TABLIBNAME, luaopen_table},
    {LUA_IOLIBNAME, luaopen_io}, {LUA_OSLIBNAME, luaopen_os},
    {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
  const luaL_Reg *lib;
  for (lib = libs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  restrict_libs(L);
  restrict_package(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_hinge);
  lua_setfield(L, -2, "hinge");
  lua_pop(L, 1);
  return 0;
}

/* ---- public API -------------------------------------------------------- */

void hinge_sandbox_options_default(hinge_sandbox_options *opts) {
  memset(opts, 0, sizeof *opts);
  opts->timeout_s = 10.0;
  opts->memory_bytes = (size_t)256 << 20;
}

static void sandbox_free(sandbox *sb) {
  if (sb == NULL) return;
  free_dirs(sb->read, sb->nread);
  free_dirs(sb->write, sb->nwrite);
  free(sb);
}

static int protected_open(lua_State *L) {
  return open_sandboxed(L);
}

lua_State *hinge_sandbox_newstate(const hinge_sandbox_options *opts, hinge_error *err) {
  sandbox *sb = calloc(1, sizeof *sb);
  lua_State *L;
  if (sb == NULL) goto nomem;
  sb->magic = SANDBOX_MAGIC;
  sb->limit = opts->memory_bytes;
  sb->timeout = opts->timeout_s;
  sb->nread = opts->n_read_dirs;
  sb->nwrite = opts->n_write_dirs;
  if (resolve_dirs(opts->read_dirs, sb->nread, &sb->read, err) != HINGE_OK ||
      resolve_dirs(opts->write_dirs, sb->nwrite, &sb->write, err) != HINGE_OK) {
    sandbox_free(sb);
    return NULL;
  }
  L = lua_newstate(sandbox_alloc, sb);
  if (L == NULL) goto nomem;
  lua_pushcfunction(L, protected_open);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    lua_close(L);
    goto nomem;
  }
  if (opts->timeout_s > 0) {
    sb->deadline = now() + opts->timeout_s;
    lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
  }
  return L;
nomem:
  sandbox_free(sb);
  if (err != NULL) {
    hinge_error_clear(err);
    err->code = HINGE_ENOMEM;
    snprintf(err->message, sizeof err->message, "sandbox: cannot create a Lua state");
  }
  return NULL;
}

void hinge_sandbox_close(lua_State *L) {
  sandbox *sb;
  if (L == NULL) return;
  sb = getsandbox(L);
  lua_close(L);
  sandbox_free(sb);
}

int hinge_sandbox_limit_hit(lua_State *L) {
  sandbox *sb = getsandbox(L);
  return sb ? sb->hit : 0;
}

/* ---- running a script --------------------------------------------------- */

/* Message handler: append a traceback, as lua.c's msghandler does. */
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Body of hinge__lua_run_main, run under lua_pcall so that running out
 * of memory while building `arg` is an error, not a panic. */
static int run_main(lua_State *L) {
  char **argv = lua_touserdata(L, 1);
  int argc = (int)lua_tointeger(L, 2), script = (int)lua_tointeger(L, 3), i, base;
  const char *path = strcmp(argv[script], "-") == 0 ? NULL : argv[script];
  lua_settop(L, 0);
  lua_createtable(L, argc - script - 1, script + 1);
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
  lua_pushcfunction(L, msghandler);
  base = lua_gettop(L);
  if (luaL_loadfilex(L, path, "t") != LUA_OK) return lua_error(L);
  luaL_checkstack(L, argc - script, "too many arguments to script");
  for (i = script + 1; i < argc; i++) lua_pushstring(L, argv[i]);
  if (lua_pcall(L, argc - script - 1, 0, base) != LUA_OK) return lua_error(L);
  return 0;
}

int hinge__lua_run_main(lua_State *L, char **argv, int argc, int script, const char *prog) {
  int status;
  lua_pushcfunction(L, run_main);
  lua_pushlightuserdata(L, argv);
  lua_pushinteger(L, argc);
  lua_pushinteger(L, script);
  status = lua_pcall(L, 3, 0, 0);
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    sandbox *sb = getsandbox(L);
    if (sb != NULL && sb->hit == HINGE_SANDBOX_MEMORY)
      fprintf(stderr, "%s: sandbox: memory limit of %.0f MB exceeded\n%s\n", prog,
              (double)sb->limit / 1048576.0, msg ? msg : "");
    else
      fprintf(stderr, "%s: %s\n", prog, msg ? msg : "(error object is not a string)");
    fflush(stderr);
    return 1;
  }
  return 0;
}

static int child_main(const hinge_sandbox_options *opts, int argc, char **argv) {
  hinge_error err;
  lua_State *L = hinge_sandbox_newstate(opts, &err);
  int rc;
  if (L == NULL) {
    char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
    hinge_error_format(&err, buf, sizeof buf);
    fprintf(stderr, "hinge run: %s\n", buf);
    return 1;
  }
  rc = hinge__lua_run_main(L, argv, argc, 0, "hinge run");
  hinge_sandbox_close(L);
  fflush(stdout);
  return rc;
}

static int wait_child(pid_t pid, double timeout, int *status) {
  double deadline = timeout > 0 ? now() + timeout + 0.5 : 0; /* grace for the hook */
  struct timespec tick = {0, 10 * 1000 * 1000};
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return 0;
    if (r < 0 && errno != EINTR) return -1;
    if (deadline > 0 && now() > deadline) {
      kill(pid, SIGKILL);
      while (waitpid(pid, status, 0) < 0 && errno == EINTR) {}
      return 1;
    }
    nanosleep(&tick, NULL);
  }
}

int hinge_sandbox_run_isolated(const hinge_sandbox_options *opts, int argc, char **argv,
                               hinge_error *err) {
  pid_t pid;
  int status = 0, killed;
  fflush(stdout);
  fflush(stderr);
  pid = fork();
  if (pid < 0) {
    hinge_error_clear(err);
    if (err != NULL) {
      err->code = HINGE_EIO;
      snprintf(err->message, sizeof err->message, "sandbox: cannot start a process: %s",
               strerror(errno));
    }
    return HINGE_EIO;
  }
  if (pid == 0) _exit(child_main(opts, argc, argv));
  killed = wait_child(pid, opts->timeout_s, &status);
  if (killed == 1) {
    fprintf(stderr, "hinge run: sandbox: time limit of %g s exceeded (the script was stopped)\n",
            opts->timeout_s);
    return 1;
  }
  if (killed < 0) return 1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  fprintf(stderr, "hinge run: sandbox: the script ended by signal %d\n", WTERMSIG(status));
  return 1;
}
