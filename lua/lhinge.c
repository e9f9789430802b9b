/*
 * lhinge.c -- luaopen_hinge: the module table and the embedded pure-Lua
 * modules.  Each area's functions live in their own l*.c file.
 */
#include "lchart.h"
#include "lembed.h"
#include "lhinge.h"

/* package.preload loader for an embedded module; upvalue 1 is its index
 * in hinge__lua_modules. */
static int load_embedded(lua_State *L) {
  return hinge__lua_load_embedded(L, &hinge__lua_modules[lua_tointeger(L, lua_upvalueindex(1))]);
}

/* Register every embedded module in package.preload, leaving any entry
 * the host already set (an embedding program may override one). */
void hinge__lua_open_embedded(lua_State *L) {
  int i;
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE); /* preload */
  for (i = 0; hinge__lua_modules[i].name != NULL; i++) {
    if (lua_getfield(L, -1, hinge__lua_modules[i].name) == LUA_TNIL) {
      lua_pushinteger(L, i);
      lua_pushcclosure(L, load_embedded, 1);
      lua_setfield(L, -3, hinge__lua_modules[i].name);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static int l_version(lua_State *L) {
  lua_pushstring(L, hinge_version());
  lua_pushinteger(L, hinge_version_number());
  return 2;
}

static int l_strerror(lua_State *L) {
  lua_pushstring(L, hinge_strerror((int)luaL_checkinteger(L, 1)));
  return 1;
}

static const luaL_Reg hinge_funcs[] = {
  {"version", l_version},
  {"strerror", l_strerror},
  {NULL, NULL}
};

void hinge__lua_open_stream(lua_State *L);
int luaopen_hinge(lua_State *L) {
  luaL_checkversion(L);
  hinge__lua_open_embedded(L);
  luaL_newlib(L, hinge_funcs);
  lua_pushliteral(L, "hinge " HINGE_VERSION);
  lua_setfield(L, -2, "_VERSION");
  lua_pushinteger(L, HINGE_VERSION_NUMBER);
  lua_setfield(L, -2, "VERSION_NUMBER");
  hinge__lua_open_series(L);
  hinge__lua_open_filter(L);
  hinge__lua_open_program(L);
  hinge__lua_open_signal(L);
  hinge__lua_open_files(L);
  hinge__lua_open_json(L);
  hinge__lua_open_peaks(L);
  hinge__lua_open_clean(L);
  hinge__lua_open_recovery(L);
  hinge__lua_open_csv(L);
  hinge__lua_open_session(L);
  hinge__lua_open_analyze(L);
  hinge__lua_open_stream(L); /* lstream.c; declared here (issue 18) until lhinge.h lists it */
  hinge__lua_open_chart(L);
  return 1;
}
