/*
 * lembed.c -- running a pure-Lua module compiled into the binding (the
 * generated lua_embedded.c holds the sources and the luaopen_hinge_NAME
 * openers; lhinge.c registers them in package.preload).
 */
#include <lauxlib.h>

#include "lembed.h"

int hinge__lua_load_embedded(lua_State *L, const hinge__lua_embedded *m) {
  if (luaL_loadbufferx(L, m->source, m->size, m->chunkname, "t") != LUA_OK)
    return lua_error(L);
  lua_pushstring(L, m->name);
  lua_call(L, 1, 1);
  return 1;
}
