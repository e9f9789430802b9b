/*
 * lfiles.c -- hinge.files(dir [, suffix]): the regular files of a folder,
 * sorted, so a coach's script can batch a folder of sessions without
 * io.popen (which the sandbox refuses); hinge.session_files(paths): the
 * session files of paths and folders as the CLI finds them (io/paths.c).
 * Listing is checked against the sandbox's read folders like any file
 * access.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lhinge.h"

#define LISTING_MT "hinge.listing"
#define PATHS_MT "hinge.session_paths"

/* Everything a listing holds, in a userdata so that a Lua error (out of
 * memory) part-way cannot leak the folder handle or the names.  The names
 * come from the state's allocator, so a sandbox's memory cap counts them;
 * each is freed with the size it was given (strlen + 1). */
typedef struct listing {
  hinge_allocator a;
  DIR *d;
  char **names;
  size_t n, cap;
} listing;

static void *lalloc(const listing *l, void *p, size_t osize, size_t nsize) {
  return l->a.fn(l->a.ud, p, osize, nsize);
}

/* Idempotent: the collector's __gc and the prompt release both call it. */
static void listing_free(listing *l) {
  size_t i;
  if (l->d != NULL) closedir(l->d);
  for (i = 0; i < l->n; i++) lalloc(l, l->names[i], strlen(l->names[i]) + 1, 0);
  if (l->names != NULL) lalloc(l, l->names, l->cap * sizeof *l->names, 0);
  l->d = NULL;
  l->names = NULL;
  l->n = l->cap = 0;
}

static int listing_gc(lua_State *L) {
  listing_free(luaL_checkudata(L, 1, LISTING_MT));
  return 0;
}

static int has_suffix(const char *name, const char *suffix) {
  size_t n = strlen(name), k = strlen(suffix);
  return n >= k && strcmp(name + n - k, suffix) == 0;
}

static int add_name(listing *l, const char *name) {
  size_t len = strlen(name) + 1;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 32;
    char **p = lalloc(l, l->names, l->cap * sizeof *p, cap * sizeof *p);
    if (p == NULL) return 0;
    l->names = p;
    l->cap = cap;
  }
  if ((l->names[l->n] = lalloc(l, NULL, 0, len)) == NULL) return 0;
  memcpy(l->names[l->n++], name, len);
  return 1;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* hinge.files(dir [, suffix]) -> {"dir/a.csv", ...} sorted | nil, message */
/* The sorted names in the open l->d that end with suffix (no dot files). */
static void read_names(lua_State *L, listing *l, const char *dir, const char *suffix) {
  struct dirent *e;
  while ((e = readdir(l->d)) != NULL)
    if (e->d_name[0] != '.' && has_suffix(e->d_name, suffix) && !add_name(l, e->d_name))
      luaL_error(L, "not enough memory to list '%s'", dir);
  if (l->n > 1) qsort(l->names, l->n, sizeof *l->names, cmp_names); /* names is NULL when none */
}

/* The array of dir/name for the names that are regular files. */
static void push_regular(lua_State *L, const listing *l, const char *dir) {
  size_t i;
  lua_createtable(L, (int)l->n, 0);
  for (i = 0; i < l->n; i++) {
    struct stat st;
    const char *path = lua_pushfstring(L, "%s/%s", dir, l->names[i]);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) lua_rawseti(L, -2, (lua_Integer)luaL_len(L, -2) + 1);
    else lua_pop(L, 1);
  }
}

static int l_files(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1), *suffix = luaL_optstring(L, 2, "");
  listing *l;
  hinge_sandbox_checkpath(L, dir, 0);
  l = lua_newuserdatauv(L, sizeof *l, 0);
  memset(l, 0, sizeof *l); /* safe empty state first */
  hinge__lua_allocator(L, &l->a);
  luaL_setmetatable(L, LISTING_MT);
  if ((l->d = opendir(dir)) == NULL) return hinge__lua_fail(L, "%s: %s", dir, strerror(errno));
  read_names(L, l, dir, suffix);
  push_regular(L, l, dir);
  listing_free(l); /* now rather than at the next collection */
  return 1;
}

/* hinge.session_files(path | {paths}): the library's expansion
 * (hinge_session_paths_expand), as {path = ..., error = ...} entries.  The
 * list sits in a userdata until it is copied, so a Lua error cannot leak
 * it; every path given is checked against the sandbox's read folders. */
typedef struct paths_box {
  hinge_allocator a;
  hinge_session_paths *l;
} paths_box;

static int paths_gc(lua_State *L) {
  paths_box *b = luaL_checkudata(L, 1, PATHS_MT);
  hinge_session_paths_free(b->l);
  b->l = NULL;
  return 0;
}

/* The paths argument (a string or an array of them) as a C array in a
 * userdata (freed by the collector), each checked by the sandbox. */
static const char **path_args(lua_State *L, size_t *n) {
  const char **args;
  size_t i;
  if (lua_type(L, 1) == LUA_TSTRING) {
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    lua_replace(L, 1);
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  *n = (size_t)luaL_len(L, 1);
  args = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof *args, 0);
  for (i = 0; i < *n; i++) {
    if (lua_rawgeti(L, 1, (lua_Integer)i + 1) != LUA_TSTRING)
      luaL_error(L, "session_files: path %d is not a string", (int)i + 1);
    args[i] = lua_tostring(L, -1); /* the table keeps the string */
    hinge_sandbox_checkpath(L, args[i], 0);
    lua_pop(L, 1);
  }
  return args;
}

/* The entries as an array of {path, error}. */
static void push_entries(lua_State *L, const hinge_session_paths *l) {
  size_t i, n = hinge_session_paths_count(l);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    const char *e = hinge_session_paths_error(l, i);
    lua_createtable(L, 0, 2);
    lua_pushstring(L, hinge_session_paths_path(l, i));
    lua_setfield(L, -2, "path");
    if (e != NULL) lua_pushstring(L, e), lua_setfield(L, -2, "error");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static int l_session_files(lua_State *L) {
  size_t n;
  const char **args;
  paths_box *b;
  hinge_error err;
  lua_settop(L, 1);
  args = path_args(L, &n);
  b = memset(lua_newuserdatauv(L, sizeof *b, 0), 0, sizeof *b);
  hinge__lua_allocator(L, &b->a);
  luaL_setmetatable(L, PATHS_MT);
  if (hinge_session_paths_expand(args, n, &b->a, &b->l, &err) != HINGE_OK)
    return hinge__lua_fail(L, "%s", err.message);
  push_entries(L, b->l);
  hinge_session_paths_free(b->l); /* now rather than at the next collection */
  b->l = NULL;
  return 1;
}

static const luaL_Reg funcs[] = {
  {"files", l_files},
  {"session_files", l_session_files},
  {NULL, NULL}
};

void hinge__lua_open_files(lua_State *L) {
  if (luaL_newmetatable(L, LISTING_MT)) {
    lua_pushcfunction(L, listing_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, PATHS_MT)) {
    lua_pushcfunction(L, paths_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
}
