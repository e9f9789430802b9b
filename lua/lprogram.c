/*
 * lprogram.c -- hinge.e1rm, hinge.rpe_percent, hinge.round_load,
 * hinge.plates: thin shells over src/program.c.
 */
#include <math.h>

#include "hinge/logs.h"
#include "hinge/program.h"
#include "lhinge.h"

static int l_e1rm(lua_State *L) {
  static const char *const names[] = {"epley", "brzycki", NULL};
  double w = luaL_checknumber(L, 1), out;
  lua_Integer reps = luaL_checkinteger(L, 2);
  int f = luaL_checkoption(L, 3, "epley", names), rc;
  hinge_error err;
  luaL_argcheck(L, reps >= -1000000 && reps <= 1000000, 2, "reps out of range");
  rc = hinge_e1rm(w, (int)reps, (hinge_e1rm_formula)f, &out, &err);
  if (rc == HINGE_OK) lua_pushnumber(L, out);
  return hinge__lua_result(L, rc, &err, 1);
}

static int l_rpe_percent(lua_State *L) {
  lua_Integer reps = luaL_checkinteger(L, 1);
  double rpe = luaL_checknumber(L, 2), out;
  hinge_error err;
  int rc;
  luaL_argcheck(L, reps >= -1000000 && reps <= 1000000, 1, "reps out of range");
  rc = hinge_rpe_percent((int)reps, rpe, &out, &err);
  if (rc == HINGE_OK) lua_pushnumber(L, out);
  return hinge__lua_result(L, rc, &err, 1);
}

static int l_round_load(lua_State *L) {
  static const char *const modes[] = {"nearest", "down", "up", NULL};
  double load = luaL_checknumber(L, 1), inc = luaL_optnumber(L, 2, 2.5), out;
  int mode = luaL_checkoption(L, 3, "nearest", modes);
  hinge_error err;
  luaL_argcheck(L, inc > 0, 2, "increment must be positive");
  /* only misuse can fail here */
  hinge__lua_check(L, hinge_round_load(load, inc, (hinge_round_mode)mode, &out, &err), &err, 0);
  lua_pushnumber(L, out);
  return 1;
}

/* Plate sizes from opts.plates (descending) into buf; returns the count. */
static size_t plate_sizes(lua_State *L, int opts, double *buf, size_t max) {
  static const double kg[] = {25, 20, 15, 10, 5, 2.5, 1.25};
  size_t i, n;
  if (lua_isnoneornil(L, opts) || lua_getfield(L, opts, "plates") == LUA_TNIL) {
    if (!lua_isnoneornil(L, opts)) lua_pop(L, 1);
    for (i = 0; i < sizeof kg / sizeof *kg; i++) buf[i] = kg[i];
    return i;
  }
  luaL_argcheck(L, lua_istable(L, -1), opts, "'plates' must be an array of numbers");
  n = (size_t)luaL_len(L, -1);
  luaL_argcheck(L, n >= 1 && n <= max, opts, "'plates' must hold 1 to 32 sizes");
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    buf[i] = luaL_checknumber(L, -1);
    lua_pop(L, 1);
    /* an option outside its domain is misuse: it raises (docs/lua.md) */
    luaL_argcheck(L, buf[i] > 0 && (i == 0 || buf[i] < buf[i - 1]), opts,
                  "'plates' sizes must be positive and in descending order");
  }
  lua_pop(L, 1);
  return n;
}

/* {{plate = 25, count = 2}, ...}: the n sizes, those with a count. */
static void push_plates(lua_State *L, const double *plates, const int *counts, size_t n) {
  size_t i;
  int k = 0;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    if (counts[i] == 0) continue;
    lua_createtable(L, 0, 2);
    lua_pushnumber(L, plates[i]);
    lua_setfield(L, -2, "plate");
    lua_pushinteger(L, counts[i]);
    lua_setfield(L, -2, "count");
    lua_rawseti(L, -2, ++k);
  }
}

/* hinge.plates(load, {bar = 20, plates = {25, 20, ...}}) ->
 * {{plate = 25, count = 2}, ...} (per side, only plates used), rest;
 * nil, message for a load the bar cannot take (below it, not finite):
 * data, as everywhere in the module.  Bad options raise. */
static int l_plates(lua_State *L) {
  double load = luaL_checknumber(L, 1), plates[32], rest;
  double bar = hinge__lua_optnumfield(L, 2, "bar", 20.0);
  int counts[32], rc;
  size_t n = plate_sizes(L, 2, plates, 32);
  hinge_error err;
  luaL_argcheck(L, bar >= 0 && bar < HUGE_VAL, 2, "'bar' must be a finite weight >= 0");
  rc = hinge_plates(load, bar, plates, n, counts, &rest, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  push_plates(L, plates, counts, n);
  lua_pushnumber(L, rest);
  return 2;
}

/* hinge.day_number("YYYY-MM-DD") -> days since 1970-01-01 | nil, message */
static int l_day_number(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  long day;
  int rc = hinge_day_parse(s, len, &day);
  if (rc == HINGE_OK) {
    lua_pushinteger(L, day);
    return 1;
  }
  return hinge__lua_fail(L, rc == HINGE_ERANGE ? "no such date: %s"
                                               : "expected a date as YYYY-MM-DD, got '%s'", s);
}

/* hinge.date(day_number) -> "YYYY-MM-DD" */
static int l_date(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  char buf[HINGE_DATE_BUF];
  luaL_argcheck(L, n >= -354285 && n <= 2932896, 1, "day number outside years 1000-9999");
  lua_pushstring(L, hinge_day_format((long)n, buf));
  return 1;
}

static const luaL_Reg funcs[] = {
  {"day_number", l_day_number},
  {"date", l_date},
  {"e1rm", l_e1rm},
  {"rpe_percent", l_rpe_percent},
  {"round_load", l_round_load},
  {"plates", l_plates},
  {NULL, NULL}
};

void hinge__lua_open_program(lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
