/*
 * lsandbox.c -- a Lua state for scripts written by others: capped memory,
 * a time limit, no escape to the system, files only under allowed folders.
 *
 * The per-state sandbox record is the allocator's user pointer, so every
 * piece of the sandbox is reachable from the lua_State without globals.
 *
 * Files are opened by the path policy (lpolicy.c), beneath descriptors
 * of the allowed folders; the Lua file handle is built here on the
 * descriptor that was checked.  This file is the top of the binding: it
 * makes states (opening hinge in them) and runs scripts; the bindings
 * call only lpolicy.c, never this file.  The child process that runs a script
 * in isolation is also confined by Landlock where the kernel has it.
 * See docs/sandbox.md.
 */
#define _GNU_SOURCE /* O_PATH, openat2's syscall number */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/landlock.h>
#include <linux/openat2.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include <lauxlib.h>
#include <lualib.h>

#include "hinge/lua.h"
#include "lhinge.h"
#include "lpolicy.h"

#ifndef O_PATH
#define O_PATH O_RDONLY /* a plain descriptor serves where O_PATH is missing */
#endif

#define CLOSE_HEADROOM ((size_t)1 << 20) /* bytes finalizers get at close */
#define HOOK_EVERY 4096 /* VM instructions between clock checks */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void hook(lua_State *L, lua_Debug *ar) {
  sandbox *sb = hinge__policy_get(L);
  (void)ar;
  if (sb != NULL && sb->deadline > 0 && now() > sb->deadline) {
    char secs[32];
    sb->hit = HINGE_SANDBOX_TIME;
    snprintf(secs, sizeof secs, "%g", sb->timeout);
    luaL_error(L, "sandbox: time limit of %s s exceeded", secs); /* raises */
  }
}

/* ---- file handles on checked descriptors ------------------------------- */

/* closef of the handles made here: what liolib's io_fclose does. */
static int s_fclose(lua_State *L) {
  luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
  int ok = fclose(p->f) == 0;
  return luaL_fileresult(L, ok, NULL);
}

/* liolib's l_checkmode: [rwa]%+?b* */
static int valid_mode(const char *m) {
  if (*m == '\0' || strchr("rwa", *m) == NULL) return 0;
  m += 1 + (m[1] == '+');
  return strspn(m, "b") == strlen(m);
}

static int mode_flags(const char *m) {
  int acc = strchr(m, '+') ? O_RDWR : *m == 'r' ? O_RDONLY : O_WRONLY;
  return acc | (*m == 'w' ? O_CREAT | O_TRUNC : *m == 'a' ? O_CREAT | O_APPEND : 0);
}

/* Push a Lua file handle for path opened (checked) with a valid fopen
 * mode and return 1; or push nothing and return 0 with errno set.  The
 * handle is made (closed) before the open, so that running out of memory
 * cannot leak the descriptor, and the refusal is raised holding nothing. */
static int open_stream(lua_State *L, const char *path, const char *mode) {
  luaL_Stream *p = lua_newuserdatauv(L, sizeof *p, 0);
  int why, fd, e, write = *mode != 'r' || strchr(mode, '+') != NULL;
  p->f = NULL;
  p->closef = NULL; /* a closed handle until it holds the file */
  luaL_setmetatable(L, LUA_FILEHANDLE);
  fd = hinge__policy_open(hinge__policy_get(L), path, write, mode_flags(mode), &why);
  if (why != OPEN_OK) hinge__policy_refuse(L, path, write, why);
  if (fd >= 0 && (p->f = fdopen(fd, mode)) == NULL) {
    e = errno;
    close(fd);
    errno = e;
  }
  if (p->f == NULL) {
    e = errno;
    lua_pop(L, 1);
    errno = e;
    return 0;
  }
  p->closef = s_fclose;
  return 1;
}

/* Whether argument i names a file (a string, or a number Lua would turn
 * into one) rather than being a handle or absent. */
static int names_file(lua_State *L, int i) {
  int t = lua_type(L, i);
  return t == LUA_TSTRING || t == LUA_TNUMBER;
}

/* Call upvalue 1 (the library's original) with the arguments. */
static int call_original(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* Replace argument 1, a file name, by the file opened through the
 * sandbox; raise as liolib's opencheckfile does when it cannot be. */
static void open_arg(lua_State *L, const char *mode) {
  const char *path = lua_tostring(L, 1);
  if (!open_stream(L, path, mode))
    luaL_error(L, "cannot open file '%s' (%s)", path, strerror(errno));
  lua_replace(L, 1);
}

/* ---- replacements for unsafe library functions ------------------------- */

static int refused(lua_State *L) {
  return luaL_error(L, "sandbox: %s is not allowed", lua_tostring(L, lua_upvalueindex(1)));
}

/* io.open(path [, mode]): opened by the sandbox, for the access the mode
 * needs; a number is a name, as in liolib. */
static int s_io_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const char *mode = luaL_optstring(L, 2, "r");
  luaL_argcheck(L, valid_mode(mode), 2, "invalid mode");
  return open_stream(L, path, mode) ? 1 : luaL_fileresult(L, 0, path);
}

/* Iterator of io.lines(name): the original's iterator over a handle
 * (upvalue 1) that, like the original over a name, closes the file
 * (upvalue 2) at the end. */
static int lines_iter(lua_State *L) {
  luaL_Stream *p;
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_call(L, 0, LUA_MULTRET);
  if (lua_gettop(L) > 0 && lua_toboolean(L, 1)) return lua_gettop(L);
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(2));
  p = lua_touserdata(L, 1);
  if (p->closef != NULL) { /* liolib's aux_close */
    lua_CFunction cf = p->closef;
    p->closef = NULL;
    cf(L);
  }
  return 0;
}

/* io.lines(name, ...): open through the sandbox, then the handle's
 * lines method; returns what the original returns for a name (the
 * iterator, nil, nil and the file to close). */
static int s_io_lines(lua_State *L) {
  if (!names_file(L, 1)) return call_original(L);
  open_arg(L, "r");           /* file, formats... */
  lua_getfield(L, 1, "lines"); /* io.lines takes no handle: file:lines does */
  lua_insert(L, 1);
  lua_pushvalue(L, 2);
  lua_insert(L, 1);           /* file, file.lines, file, formats... */
  lua_call(L, lua_gettop(L) - 2, 1); /* file, iterator */
  lua_pushvalue(L, 1);
  lua_pushcclosure(L, lines_iter, 2);
  lua_pushnil(L);
  lua_pushnil(L);
  lua_pushvalue(L, 1);
  return 4;
}

/* io.input(name) / io.output(name): the file opened through the sandbox
 * (mode in upvalue 2), then the original on the handle. */
static int s_io_file(lua_State *L) {
  if (names_file(L, 1)) open_arg(L, lua_tostring(L, lua_upvalueindex(2)));
  return call_original(L);
}

static int s_os_remove(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char base[NAME_MAX + 1];
  int why, ok, dir = hinge__policy_open_parent(hinge__policy_get(L), path, base, sizeof base, &why);
  if (why != OPEN_OK) hinge__policy_refuse(L, path, 1, why);
  /* remove(3): unlink, or rmdir for a folder */
  ok = dir >= 0 && (unlinkat(dir, base, 0) == 0 || (errno == EISDIR && unlinkat(dir, base, AT_REMOVEDIR) == 0));
  if (dir >= 0) {
    int e = errno;
    close(dir);
    errno = e;
  }
  return luaL_fileresult(L, ok, path);
}

static int s_os_rename(lua_State *L) {
  const char *from = luaL_checkstring(L, 1), *to = luaL_checkstring(L, 2);
  char b1[NAME_MAX + 1], b2[NAME_MAX + 1];
  sandbox *sb = hinge__policy_get(L);
  int why1, why2 = OPEN_OK, e, d2 = -1, d1 = hinge__policy_open_parent(sb, from, b1, sizeof b1, &why1);
  e = errno;
  if (d1 >= 0) {
    d2 = hinge__policy_open_parent(sb, to, b2, sizeof b2, &why2);
    e = errno;
  }
  if (why1 != OPEN_OK || why2 != OPEN_OK || d1 < 0 || d2 < 0) {
    if (d1 >= 0) close(d1);
    if (d2 >= 0) close(d2);
    if (why1 != OPEN_OK) hinge__policy_refuse(L, from, 1, why1);
    if (why2 != OPEN_OK) hinge__policy_refuse(L, to, 1, why2);
    errno = e;
    return luaL_fileresult(L, 0, NULL);
  }
  e = renameat(d1, b1, d2, b2) == 0 ? 0 : errno;
  close(d1);
  close(d2);
  errno = e;
  return luaL_fileresult(L, e == 0, NULL);
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

/* lua_Reader over a FILE*, with lauxlib's handling of the first line. */
typedef struct loadf {
  FILE *f;
  size_t n; /* characters pending in buf */
  char buf[BUFSIZ];
} loadf;

static const char *read_file(lua_State *L, void *ud, size_t *size) {
  loadf *lf = ud;
  (void)L;
  if (lf->n > 0) {
    *size = lf->n;
    lf->n = 0;
  } else {
    *size = feof(lf->f) ? 0 : fread(lf->buf, 1, sizeof lf->buf, lf->f);
  }
  return lf->buf;
}

/* Skip a UTF-8 BOM and a first line starting with '#' (kept as an empty
 * line so that line numbers hold), as luaL_loadfilex does. */
static void skip_prefix(loadf *lf) {
  static const char bom[] = "\xEF\xBB\xBF";
  int c = getc(lf->f);
  size_t i;
  for (i = 0; i < 3 && c == (unsigned char)bom[i]; i++) c = getc(lf->f);
  if (i > 0 && i < 3) { /* a partial BOM is text for the parser */
    memcpy(lf->buf, bom, i);
    lf->n = i;
  } else if (c == '#') {
    while (c != EOF && c != '\n') c = getc(lf->f);
    lf->buf[lf->n++] = '\n';
    c = getc(lf->f);
  }
  if (c != EOF) lf->buf[lf->n++] = (char)c;
}

/* luaL_loadfilex(L, path, "t") on a file opened through the sandbox:
 * pushes the chunk or an error message and returns the status; raises
 * (holding nothing) only for a refused path or memory. */
static int load_checked(lua_State *L, const char *path) {
  loadf *lf = lua_newuserdatauv(L, sizeof *lf, 0); /* may raise: nothing open yet */
  const char *chunkname = lua_pushfstring(L, "@%s", path);
  int why, status, readerr, fd = hinge__policy_open(hinge__policy_get(L), path, 0, O_RDONLY, &why);
  if (why != OPEN_OK) hinge__policy_refuse(L, path, 0, why);
  lf->n = 0;
  lf->f = fd >= 0 ? fdopen(fd, "r") : NULL;
  if (lf->f == NULL) {
    const char *msg = strerror(errno);
    if (fd >= 0) close(fd);
    lua_pop(L, 2);
    lua_pushfstring(L, "cannot open %s: %s", path, msg);
    return LUA_ERRFILE;
  }
  skip_prefix(lf);
  status = lua_load(L, read_file, lf, chunkname, "t"); /* protected: never raises */
  readerr = ferror(lf->f);
  fclose(lf->f); /* before anything that may raise */
  if (readerr && status == LUA_OK) {
    lua_pop(L, 1);
    lua_pushfstring(L, "cannot read %s", path);
    status = LUA_ERRFILE;
  }
  lua_replace(L, -3); /* drop the reader and the name under the result */
  lua_pop(L, 1);
  return status;
}

/* loadfile(path [, mode [, env]]): checked path, text only. */
static int s_loadfile(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int env = !lua_isnone(L, 3);
  text_mode_only(L, 2);
  if (load_checked(L, path) != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  if (env) {
    lua_pushvalue(L, 3);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  }
  return 1;
}

static int dofile_cont(lua_State *L, int status, lua_KContext ctx) {
  (void)status, (void)ctx;
  return lua_gettop(L) - 1;
}

/* dofile(path): checked path, text only, runs in the caller's context
 * (yieldable, as the original). */
static int s_dofile(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  if (load_checked(L, path) != LUA_OK) return lua_error(L);
  lua_callk(L, 0, LUA_MULTRET, 0, dofile_cont);
  return dofile_cont(L, 0, 0);
}

/* Whether file can be read through the sandbox: a file outside the
 * folders counts as not found, so probing it tells nothing. */
static int readable(lua_State *L, const char *file) {
  int why, fd = hinge__policy_open(hinge__policy_get(L), file, 0, O_RDONLY | O_NONBLOCK, &why);
  if (fd >= 0) close(fd);
  return fd >= 0;
}

/* loadlib.c's searchpath with the readability probe checked: pushes the
 * file found and returns it, or pushes the "no file" message and
 * returns NULL. */
static const char *searchpath(lua_State *L, const char *name, const char *path, const char *sep,
                              const char *dirsep) {
  const char *names, *p, *end;
  luaL_Buffer b;
  if (*sep != '\0' && strchr(name, *sep) != NULL) name = luaL_gsub(L, name, sep, dirsep);
  names = luaL_gsub(L, path, LUA_PATH_MARK, name);
  for (p = names; *p != '\0'; p = *end ? end + 1 : end) {
    end = strchr(p, *LUA_PATH_SEP);
    if (end == NULL) end = p + strlen(p);
    if (end == p) continue;
    if (readable(L, lua_pushlstring(L, p, (size_t)(end - p)))) return lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "no file '");
  luaL_addgsub(&b, names, LUA_PATH_SEP, "'\n\tno file '");
  luaL_addstring(&b, "'");
  luaL_pushresult(&b);
  return NULL;
}

/* package.searchpath(name, path [, sep [, rep]]) */
static int s_searchpath(lua_State *L) {
  if (searchpath(L, luaL_checkstring(L, 1), luaL_checkstring(L, 2), luaL_optstring(L, 3, "."),
                 luaL_optstring(L, 4, LUA_DIRSEP)) != NULL)
    return 1;
  luaL_pushfail(L);
  lua_insert(L, -2);
  return 2;
}

/* package.searchers[2] replacement: Lua files on package.path, found by
 * the checked searchpath (not package.searchpath, which a script may
 * replace) and loaded through the sandbox. */
static int s_searcher(lua_State *L) {
  const char *name = luaL_checkstring(L, 1), *path, *file;
  lua_getfield(L, lua_upvalueindex(1), "path");
  path = lua_tostring(L, -1);
  if (path == NULL) return luaL_error(L, "'package.path' must be a string");
  file = searchpath(L, name, path, ".", LUA_DIRSEP);
  if (file == NULL) return 1; /* the "no file" message */
  if (load_checked(L, file) != LUA_OK)
    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
                      lua_tostring(L, -1));
  lua_pushstring(L, file);
  return 2;
}

/* t[name] = closure(f, t[name] [, extra]) for the library table at the top. */
static void wrap(lua_State *L, const char *name, lua_CFunction f, const char *extra) {
  lua_getfield(L, -1, name);
  if (extra != NULL) lua_pushstring(L, extra);
  lua_pushcclosure(L, f, extra != NULL ? 2 : 1);
  lua_setfield(L, -2, name);
}

static void replace(lua_State *L, const char *name, lua_CFunction f) {
  lua_pushcfunction(L, f);
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
  replace(L, "remove", s_os_remove);
  replace(L, "rename", s_os_rename);
  lua_pop(L, 1);
  lua_getglobal(L, "io");
  replace(L, "open", s_io_open);
  wrap(L, "lines", s_io_lines, NULL);
  wrap(L, "input", s_io_file, "r");
  wrap(L, "output", s_io_file, "w");
  lua_pop(L, 1);
  lua_pushglobaltable(L);
  wrap(L, "load", s_load, NULL);
  replace(L, "loadfile", s_loadfile);
  replace(L, "dofile", s_dofile);
  lua_pop(L, 1);
}

/* package: no C modules; Lua modules only through the checked searcher. */
static void restrict_package(lua_State *L) {
  lua_getglobal(L, "package");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  replace(L, "searchpath", s_searchpath);
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
  hinge__policy_free_dirs(sb->dirs, sb->ndirs);
  free(sb);
}

static int protected_open(lua_State *L) {
  return open_sandboxed(L);
}

/* Fill err for a state that could not be made, then free sb. */
static lua_State *newstate_failed(sandbox *sb, hinge_error *err) {
  if (err != NULL) {
    hinge_error_clear(err);
    err->code = HINGE_ENOMEM;
    if (sb != NULL && sb->hit == HINGE_SANDBOX_MEMORY)
      snprintf(err->message, sizeof err->message,
               "sandbox: a memory limit of %zu bytes is too small for a Lua state", sb->limit);
    else
      snprintf(err->message, sizeof err->message, "sandbox: cannot create a Lua state");
  }
  sandbox_free(sb);
  return NULL;
}

lua_State *hinge_sandbox_newstate(const hinge_sandbox_options *opts, hinge_error *err) {
  sandbox *sb = calloc(1, sizeof *sb);
  lua_State *L;
  if (sb == NULL) return newstate_failed(sb, err);
  sb->magic = SANDBOX_MAGIC;
  sb->limit = opts->memory_bytes;
  sb->timeout = opts->timeout_s;
  /* the tests' way to exercise the walk where openat2 exists */
  sb->no_openat2 = getenv("HINGE_SANDBOX_NO_OPENAT2") != NULL;
  switch (hinge__policy_resolve_dirs(sb, opts, err)) {
  case HINGE_OK: break;
  case HINGE_ENOMEM: return newstate_failed(sb, err);
  default: sandbox_free(sb); return NULL; /* err names the folder */
  }
  L = lua_newstate(hinge__policy_alloc, sb);
  if (L == NULL) return newstate_failed(sb, err);
  lua_pushcfunction(L, protected_open);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    lua_close(L);
    return newstate_failed(sb, err);
  }
  if (opts->timeout_s > 0) {
    sb->deadline = now() + opts->timeout_s;
    lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
  }
  return L;
}

void hinge_sandbox_close(lua_State *L) {
  sandbox *sb;
  if (L == NULL) return;
  sb = hinge__policy_get(L);
  /* Finalizers run inside lua_close: a cap the script reached must not
   * make them fail, or Lua drops them and the host leaks what they would
   * have freed.  They get a quarter of the cap more (at least 1 MiB), so
   * a finalizer that tries to allocate without end still stops. */
  if (sb != NULL && sb->limit)
    sb->limit += sb->limit / 4 > CLOSE_HEADROOM ? sb->limit / 4 : CLOSE_HEADROOM;
  lua_close(L);
  sandbox_free(sb);
}

int hinge_sandbox_limit_hit(lua_State *L) {
  sandbox *sb = hinge__policy_get(L);
  return sb ? sb->hit : 0;
}

/* ---- Landlock: the kernel's wall around the isolated child ------------- */

#if defined(__linux__) && defined(SYS_landlock_create_ruleset) && \
    defined(SYS_landlock_add_rule) && defined(SYS_landlock_restrict_self)
/* Rights of later Landlock ABIs, for older headers (kernel ABI values). */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

#define LL_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define LL_WRITE                                                                              \
  (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_FILE |                         \
   LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_DIR | \
   LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE)
#define LL_FILE_WRITE (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)

/* Every file-system right the running kernel's ABI knows: all of them
 * are denied except where a rule grants them. */
static unsigned long long ll_handled(long abi) {
  unsigned long long all = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1; /* ABI 1 */
  if (abi >= 2) all |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3) all |= LANDLOCK_ACCESS_FS_TRUNCATE;
  return all;
}

static int ll_allow(int ruleset, int fd, unsigned long long access) {
  struct landlock_path_beneath_attr pb;
  memset(&pb, 0, sizeof pb);
  pb.allowed_access = access;
  pb.parent_fd = fd;
  return fd >= 0 && syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) == 0;
}

/* A rule for each allowed folder (for a named file, the file alone), and
 * one to read the script, which is loaded after the door closes. */
static int ll_rules(const sandbox *sb, int ruleset, unsigned long long handled, const char *script) {
  size_t i;
  int ok = 1, fd;
  for (i = 0; i < sb->ndirs && ok; i++) {
    const folder *d = &sb->dirs[i];
    if (!d->isfile) {
      ok = ll_allow(ruleset, d->fd, (LL_READ | (d->write ? LL_WRITE : 0)) & handled);
      continue;
    }
    fd = openat(d->fd, strrchr(d->path, '/') + 1, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    ok = ll_allow(ruleset, fd,
                  (LANDLOCK_ACCESS_FS_READ_FILE | (d->write ? LL_FILE_WRITE : 0)) & handled);
    if (fd >= 0) close(fd);
  }
  if (ok && (fd = open(script, O_PATH | O_CLOEXEC)) >= 0) {
    ok = ll_allow(ruleset, fd, LANDLOCK_ACCESS_FS_READ_FILE);
    close(fd);
  }
  return ok;
}

/* Confine this process (the isolated child) to the folders: a second
 * wall behind the sandbox's checks that also covers the hinge functions
 * which open files by name (their check and their open can be raced).
 * Where Landlock is missing or disabled the checks stand alone; so they
 * do if a step fails, since a partial rule set would refuse allowed
 * folders.  Returns whether the process is confined. */
static int confine(const sandbox *sb, const char *script) {
  struct landlock_ruleset_attr attr;
  long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  int ruleset, ok;
  if (abi < 1) return 0;
  memset(&attr, 0, sizeof attr);
  attr.handled_access_fs = ll_handled(abi);
  ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (ruleset < 0) return 0;
  tzset(); /* os.date reads the zone file now, before the door closes */
  ok = ll_rules(sb, ruleset, attr.handled_access_fs, script) &&
       prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
       syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
  close(ruleset);
  return ok;
}
#else
static int confine(const sandbox *sb, const char *script) {
  (void)sb, (void)script;
  return 0;
}
#endif

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
    sandbox *sb = hinge__policy_get(L);
    if (sb != NULL && sb->hit == HINGE_SANDBOX_MEMORY)
      fprintf(stderr, "%s: sandbox: memory limit of %g MB exceeded\n%s\n", prog,
              (double)sb->limit / 1048576.0, msg ? msg : "");
    else
      fprintf(stderr, "%s: %s\n", prog, msg ? msg : "(error object is not a string)");
    fflush(stderr);
    return 1;
  }
  return 0;
}

/* The isolated child: a sandboxed state, the Landlock wall (before the
 * script is read), then body(L, ud). */
static int child_main(const hinge_sandbox_options *opts, const char *script,
                      hinge__sandbox_body body, void *ud, const char *prog) {
  hinge_error err;
  lua_State *L = hinge_sandbox_newstate(opts, &err);
  int rc;
  if (L == NULL) {
    char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
    hinge_error_format(&err, buf, sizeof buf);
    fprintf(stderr, "%s: %s\n", prog, buf);
    return 1;
  }
  /* the tests' way to check the sandbox's own checks without the wall */
  if (getenv("HINGE_SANDBOX_NO_LANDLOCK") == NULL) confine(hinge__policy_get(L), script);
  rc = body(L, ud);
  hinge_sandbox_close(L);
  fflush(stdout);
  return rc;
}

typedef struct main_args {
  int argc;
  char **argv;
} main_args;

static int run_main_body(lua_State *L, void *ud) {
  main_args *m = ud;
  return hinge__lua_run_main(L, m->argv, m->argc, 0, "hinge run");
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

int hinge__sandbox_run_body(const hinge_sandbox_options *opts, const char *script,
                            hinge__sandbox_body body, void *ud, const char *prog,
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
  if (pid == 0) _exit(child_main(opts, script, body, ud, prog));
  killed = wait_child(pid, opts->timeout_s, &status);
  if (killed == 1) {
    fprintf(stderr, "%s: sandbox: time limit of %g s exceeded (the script was stopped)\n",
            prog, opts->timeout_s);
    return 1;
  }
  if (killed < 0) return 1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  fprintf(stderr, "%s: sandbox: the script ended by signal %d\n", prog, WTERMSIG(status));
  return 1;
}

int hinge_sandbox_run_isolated(const hinge_sandbox_options *opts, int argc, char **argv,
                               hinge_error *err) {
  main_args m;
  m.argc = argc;
  m.argv = argv;
  return hinge__sandbox_run_body(opts, argv[0], run_main_body, &m, "hinge run", err);
}
