/* lembed.h -- the pure-Lua modules compiled into the binding. */
#ifndef HINGE_LEMBED_H
#define HINGE_LEMBED_H
#include <stddef.h>

#include <lua.h>

typedef struct hinge__lua_embedded {
  const char *name;      /* module name, "hinge.fmt" */
  const char *chunkname; /* "@lua/hinge/fmt.lua", for error messages */
  const char *source;
  size_t size;
} hinge__lua_embedded;

/* Terminated by an entry whose name is NULL (generated at build time). */
extern const hinge__lua_embedded hinge__lua_modules[];

/* Run embedded module m with its name as argument; returns 1 (the
 * module's value on the stack) or raises.  It takes the entry, not an
 * index, so lembed.c needs nothing from the generated table: the table
 * and its openers depend on lembed.c, and lhinge.c on both, without a
 * cycle. */
int hinge__lua_load_embedded(lua_State *L, const hinge__lua_embedded *m);

/* luaopen_hinge_NAME for embedded module i: the stock interpreter's C
 * searcher finds it in hinge.so for `require "hinge.NAME"`. */
#if defined(__GNUC__)
#  define HINGE__LUA_OPENER_EXPORT __attribute__((visibility("default")))
#else
#  define HINGE__LUA_OPENER_EXPORT
#endif
#define HINGE__LUA_OPENER(stem, i)                                   \
  HINGE__LUA_OPENER_EXPORT int luaopen_hinge_##stem(lua_State *L);   \
  int luaopen_hinge_##stem(lua_State *L) { return hinge__lua_load_embedded(L, &hinge__lua_modules[i]); }

#endif
