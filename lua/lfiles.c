/*
 * lfiles.c -- hinge.files(dir [, suffix]): the regular files of a folder,
 * sorted, so a coach's script can batch a folder of sessions without
 * io.popen (which the sandbox refuses).  Listing is checked against the
 * sandbox's read folders like any file access.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lhinge.h"

#define LISTING_MT "hinge.listing"

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

static const luaL_Reg funcs[] = {
  {"files", l_files},
  {NULL, NULL}
};

void hinge__lua_open_files(lua_State *L) {
  if (luaL_newmetatable(L, LISTING_MT)) {
    lua_pushcfunction(L, listing_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
}
