/* Hinge objects made while lua_close runs the finalizers (regression of
 * tests/fuzz/crashes-found/lua-gc-at-close-leak.lua): Lua gives such an
 * object no finalizer, so the memory it holds outside the Lua heap (a
 * series' samples, a session's table) was never freed.  The state's
 * owner (lua/lseries.c) releases them; a finalizer marked before the
 * module opened runs after the owner and is refused.  The state's
 * allocator counts live bytes: zero after lua_close. */
#include <criterion/criterion.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>

#include "hinge/lua.h"

static long long live;
static int made, refused;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  if (ptr != NULL) live -= (long long)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  ptr = realloc(ptr, nsize);
  if (ptr != NULL) live += (long long)nsize;
  else if (osize > 0) live += (long long)osize; /* the old block stays */
  return ptr;
}

/* note(ok): counts what the finalizers managed to make. */
static int note(lua_State *L) {
  if (lua_toboolean(L, 1)) made++;
  else refused++;
  return 0;
}

static const char script[] =
  "local path = ...\n"
  /* marked before hinge opens: runs after the owner, at close */
  "early = setmetatable({}, {__gc = function()\n"
  "  note(pcall(function() return require('hinge').series(10) end))\n"
  "end})\n"
  "local hinge = require 'hinge'\n"
  "keep = setmetatable({}, {__gc = function() note(hinge.series(1000) ~= nil) end})\n"
  "keep2 = setmetatable({}, {__gc = function() note(hinge.load(path) ~= nil) end})\n"
  "local s <close> = hinge.series(5)\n";

Test(lua_close, objects_made_while_the_state_closes_are_freed) {
  lua_State *L = lua_newstate(counting_alloc, NULL);
  cr_assert_not_null(L);
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_hinge);
  lua_setfield(L, -2, "hinge");
  lua_pop(L, 1);
  lua_register(L, "note", note);
  cr_assert_eq(luaL_loadstring(L, script), LUA_OK);
  lua_pushstring(L, HINGE_TEST_DATA "/sessions/2026-03-02_ana_set1_all.csv");
  cr_assert_eq(lua_pcall(L, 1, 0, 0), LUA_OK, "%s", lua_tostring(L, -1));
  lua_close(L);
  cr_assert_eq(made, 2, "the finalizers made %d objects", made);
  cr_assert_eq(refused, 1, "objects refused once the owner ran: %d", refused);
  cr_assert_eq(live, 0, "%lld bytes still allocated after lua_close", live);
}
