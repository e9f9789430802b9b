/*
 * lutil.c -- helpers every binding file uses: status translation and
 * option-table readers.
 */
#include <stdarg.h>

#include "lhinge.h"

/* The text of a failed status: err when it describes status, else the
 * status's own name (a caller that passed no error struct). */
static const char *status_text(int status, const hinge_error *err, char *buf, size_t size) {
  hinge_error e;
  if (err != NULL && err->code == status) {
    hinge_error_format(err, buf, size);
  } else {
    hinge_error_clear(&e);
    e.code = status;
    hinge_error_format(&e, buf, size);
  }
  return buf;
}

int hinge__lua_result(lua_State *L, int status, const hinge_error *err, int nresults) {
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
  if (status == HINGE_OK) return nresults;
  lua_pushnil(L);
  lua_pushstring(L, status_text(status, err, buf, sizeof buf));
  return 2;
}

/* Misuse names no file: the message alone, as luaL_argerror words it. */
void hinge__lua_check(lua_State *L, int status, const hinge_error *err, int arg) {
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
  const char *msg;
  if (status == HINGE_OK) return;
  msg = err != NULL && err->code == status ? err->message : status_text(status, err, buf, sizeof buf);
  if (arg > 0) luaL_argerror(L, arg, msg);
  else luaL_error(L, "%s", msg);
}

int hinge__lua_fail(lua_State *L, const char *fmt, ...) {
  va_list ap;
  lua_pushnil(L);
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  return 2;
}

/* Push opts[k] and return its type; nothing pushed when opts is absent. */
static int getfield(lua_State *L, int idx, const char *k) {
  if (lua_isnoneornil(L, idx)) return LUA_TNONE;
  luaL_checktype(L, idx, LUA_TTABLE);
  return lua_getfield(L, idx, k);
}

lua_Number hinge__lua_optnumfield(lua_State *L, int idx, const char *k, lua_Number def) {
  int t = getfield(L, idx, k);
  lua_Number v = def;
  if (t == LUA_TNONE) return def;
  if (t != LUA_TNIL) {
    if (!lua_isnumber(L, -1))
      luaL_error(L, "option '%s' must be a number (got %s)", k, luaL_typename(L, -1));
    v = lua_tonumber(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

lua_Integer hinge__lua_optintfield(lua_State *L, int idx, const char *k, lua_Integer def) {
  int t = getfield(L, idx, k);
  lua_Integer v = def;
  int isint = 0;
  if (t == LUA_TNONE) return def;
  if (t != LUA_TNIL) {
    v = lua_tointegerx(L, -1, &isint);
    if (!isint)
      luaL_error(L, "option '%s' must be an integer (got %s)", k, luaL_typename(L, -1));
  }
  lua_pop(L, 1);
  return v;
}

int hinge__lua_optboolfield(lua_State *L, int idx, const char *k, int def) {
  int t = getfield(L, idx, k);
  int v = def;
  if (t == LUA_TNONE) return def;
  if (t != LUA_TNIL) {
    if (t != LUA_TBOOLEAN)
      luaL_error(L, "option '%s' must be a boolean (got %s)", k, luaL_typename(L, -1));
    v = lua_toboolean(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

/* The returned string stays valid while opts[k] holds it (the option
 * table is on the caller's stack for the whole call). */
const char *hinge__lua_optstrfield(lua_State *L, int idx, const char *k, const char *def) {
  int t = getfield(L, idx, k);
  const char *v = def;
  if (t == LUA_TNONE) return def;
  if (t != LUA_TNIL) {
    if (t != LUA_TSTRING)
      luaL_error(L, "option '%s' must be a string (got %s)", k, luaL_typename(L, -1));
    v = lua_tostring(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

void hinge__lua_allocator(lua_State *L, hinge_allocator *a) {
  /* lua_Alloc and hinge_alloc_fn share one signature and contract. */
  a->fn = lua_getallocf(L, &a->ud);
}
