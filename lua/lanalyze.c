/*
 * lanalyze.c -- hinge.analyze(session_or_path, opts) -> table with the
 * fields of `hinge analyze --format json` (missing values are nil), and
 * hinge.analyze_thresholds() -> the threshold table.
 *
 * opts: thresholds = {NAME = number, ...} (hinge_analyze_config names);
 * neutral = {hip =, thoracic =, lumbar =, trunk =} (degrees);
 * max_flexion = {thoracic =, lumbar =} (degrees above standing);
 * calibration = path or session (quiet standing);
 * max_flexion_trial = path or session; exercise = "deadlift" | "squat" |
 * "rdl"; set_end = "auto" | "lockout" | "put-down"; and, for paths, the
 * options of hinge.load (fs, map, delimiter, lenient).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lhinge.h"

#define ANALYSIS_MT "hinge.analysis" /* owns a hinge_analysis while it is pushed */

/* ---- the result's owner ---- */

/* The analysis lives in a userdata made before hinge_analyze runs, so a
 * Lua error raised while its tables are built (out of memory in any
 * lua_createtable, lua_pushstring or lua_setfield) cannot leak it: the
 * collector frees it.  Idempotent: serves __gc, __close and the prompt
 * release once the tables are built. */
static int analysis_release(lua_State *L) {
  hinge_analysis **box = luaL_checkudata(L, 1, ANALYSIS_MT);
  hinge_analysis_destroy(*box);
  *box = NULL;
  return 0;
}

/* Push an empty owner (safe state first, as liolib's newprefile). */
static hinge_analysis **new_owner(lua_State *L) {
  hinge_analysis **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  luaL_setmetatable(L, ANALYSIS_MT);
  return box;
}

/* ---- options ---- */

static void set_field(lua_State *L, hinge_analyze_config *cfg, const char *name, double v) {
  hinge_error err;
  if (hinge_analyze_config_set(cfg, name, v, &err) != HINGE_OK)
    luaL_error(L, "hinge.analyze: %s", err.message);
}

/* opts[key] = {k = number}: each k prefixed/suffixed into a config name. */
static void read_group(lua_State *L, int opts, const char *key, const char *prefix,
                       const char *suffix, hinge_analyze_config *cfg) {
  if (lua_isnoneornil(L, opts) || lua_getfield(L, opts, key) == LUA_TNIL) {
    if (!lua_isnoneornil(L, opts)) lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1)) luaL_error(L, "option '%s' must be a table", key);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    char name[96];
    if (lua_type(L, -2) != LUA_TSTRING || !lua_isnumber(L, -1))
      luaL_error(L, "option '%s' wants names with numbers", key);
    snprintf(name, sizeof name, "%s%s%s", prefix, lua_tostring(L, -2), suffix);
    set_field(L, cfg, name, lua_tonumber(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* The session at idx, or one loaded from the path at idx with hinge.load
 * (upvalue 1) and opts; the session is left on the stack.  NULL after
 * pushing nil, message when loading fails. */
static const hinge_table *session_arg(lua_State *L, int idx, int opts) {
  const hinge_table *t = hinge__lua_totable(L, idx);
  if (t != NULL) {
    lua_pushvalue(L, idx);
    return t;
  }
  if (lua_type(L, idx) != LUA_TSTRING) {
    luaL_typeerror(L, idx, "hinge.Session or path");
    return NULL;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, idx);
  if (lua_isnoneornil(L, opts)) lua_pushnil(L);
  else lua_pushvalue(L, opts);
  lua_call(L, 2, 2);
  if (lua_isnil(L, -2)) return NULL; /* nil, message */
  lua_pop(L, 1);
  return hinge__lua_totable(L, -1);
}

/* Calibrate cfg from opts[key] (a path or a session); returns 0 after
 * pushing nil, message on failure. */
static int calibrate(lua_State *L, int opts, const char *key, int max_flexion,
                     hinge_analyze_config *cfg, const hinge_allocator *a) {
  hinge_analyze_input in;
  hinge_error err;
  const hinge_table *t;
  int rc;
  if (lua_isnoneornil(L, opts) || lua_getfield(L, opts, key) == LUA_TNIL) {
    if (!lua_isnoneornil(L, opts)) lua_pop(L, 1);
    return 1;
  }
  t = session_arg(L, lua_gettop(L), opts);
  if (t == NULL) return 0;
  rc = hinge_analyze_input_from_table(t, &in, &err);
  if (rc == HINGE_OK) rc = hinge_analyze_calibrate(&in, max_flexion, cfg, a, &err);
  if (rc != HINGE_OK) {
    hinge__lua_result(L, rc, &err, 0);
    return 0;
  }
  lua_pop(L, 2); /* the session and opts[key] */
  return 1;
}

/* opts[key], a word the core parses (hinge_exercise_parse,
 * hinge_set_end_parse), into *out; an error names the allowed words. */
static void read_word(lua_State *L, int opts, const char *key,
                      int (*parse)(const char *, int *, hinge_error *), int *out) {
  hinge_error err;
  if (lua_isnoneornil(L, opts)) return;
  if (lua_getfield(L, opts, key) != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "option '%s' must be a string", key);
    if (parse(lua_tostring(L, -1), out, &err) != HINGE_OK)
      luaL_error(L, "hinge.analyze: %s: %s", key, err.message);
  }
  lua_pop(L, 1);
}

static void read_config(lua_State *L, int opts, hinge_analyze_config *cfg) {
  hinge_analyze_config_init(cfg);
  if (!lua_isnoneornil(L, opts)) luaL_checktype(L, opts, LUA_TTABLE);
  read_group(L, opts, "thresholds", "", "", cfg);
  read_word(L, opts, "exercise", hinge_exercise_parse, &cfg->exercise);
  read_word(L, opts, "set_end", hinge_set_end_parse, &cfg->set_end);
}

/* ---- results ---- */

static void setnum(lua_State *L, const char *k, double v) {
  if (isnan(v)) return; /* missing: the key stays nil */
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void setstr(lua_State *L, const char *k, const char *v) {
  if (v == NULL || *v == '\0') return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

/* The result's tables: the shape the CLI writes (lift/analyze_walk.c)
 * through the Lua table builder. */
static void push_analysis(lua_State *L, const hinge_analysis *a) {
  hinge__lua_builder b;
  hinge_analysis_walk(a, hinge__lua_sink(&b, L), &b);
}

/* What the CLI's JSON adds from the table (docs/formats.md): where the
 * athlete and the date came from, and the loader's warnings first in
 * "warnings", so hinge.analyze(path) keeps them as `hinge analyze` does. */
static void add_table_fields(lua_State *L, const hinge_table *t) {
  char buf[HINGE_ERROR_MESSAGE_MAX + 96];
  size_t i, n = hinge_table_warning_count(t);
  lua_Integer k, m;
  setstr(L, "athlete_from", hinge_table_meta(t)->athlete_from);
  setstr(L, "date_from", hinge_table_meta(t)->date_from);
  if (n == 0 || lua_getfield(L, -1, "warnings") != LUA_TTABLE) {
    lua_pop(L, n == 0 ? 0 : 1);
    return;
  }
  m = (lua_Integer)luaL_len(L, -1);
  for (k = m; k >= 1; k--) { /* the analysis' own after the loader's */
    lua_geti(L, -1, k);
    lua_seti(L, -2, k + (lua_Integer)n);
  }
  for (i = 0; i < n; i++) {
    hinge_warning_format(hinge_table_warning(t, i), buf, sizeof buf);
    lua_pushstring(L, buf);
    lua_seti(L, -2, (lua_Integer)i + 1);
  }
  lua_pop(L, 1);
}

/* Pushes the analysis held by the owner userdata, with what its table
 * adds, then frees it now rather than at the next collection. */
static int push_owned(lua_State *L, hinge_analysis **an, const hinge_table *t) {
  push_analysis(L, *an);
  add_table_fields(L, t);
  hinge_analysis_destroy(*an);
  *an = NULL;
  return 1;
}

/* cfg from opts at 2: thresholds, then the calibration trials, then the
 * explicit angles (which win).  0 after pushing nil, message when a
 * trial cannot be loaded or measured. */
static int read_options(lua_State *L, hinge_analyze_config *cfg, const hinge_allocator *a) {
  read_config(L, 2, cfg);
  if (!calibrate(L, 2, "calibration", 0, cfg, a)) return 0;
  if (!calibrate(L, 2, "max_flexion_trial", 1, cfg, a)) return 0;
  read_group(L, 2, "neutral", "neutral_", "_deg", cfg);
  read_group(L, 2, "max_flexion", "max_", "_deg", cfg);
  return 1;
}

/* hinge.analyze(session_or_path [, opts]) -> table | nil, message */
static int l_analyze(lua_State *L) {
  hinge_analyze_config cfg;
  hinge_allocator a;
  hinge_analysis **an;
  hinge_error err;
  const hinge_table *t;
  int rc;
  lua_settop(L, 2);
  hinge__lua_allocator(L, &a);
  if (!read_options(L, &cfg, &a) || (t = session_arg(L, 1, 2)) == NULL) return 2;
  an = new_owner(L);
  rc = hinge_analyze(t, &cfg, &a, an, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  return push_owned(L, an, t);
}

/* hinge.analyze_thresholds() -> {{name, default, unit, description, min, max}, ...} */
static int l_thresholds(lua_State *L) {
  hinge_analyze_param p;
  size_t i;
  lua_newtable(L);
  for (i = 0; hinge_analyze_config_param(i, &p); i++) {
    lua_createtable(L, 0, 6);
    setstr(L, "name", p.name);
    setnum(L, "default", p.default_value);
    lua_pushstring(L, p.unit);
    lua_setfield(L, -2, "unit");
    setstr(L, "description", p.description);
    setnum(L, "min", p.min);
    setnum(L, "max", p.max);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

void hinge__lua_open_analyze(lua_State *L) {
  if (luaL_newmetatable(L, ANALYSIS_MT)) {
    lua_pushcfunction(L, analysis_release);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, analysis_release);
    lua_setfield(L, -2, "__close");
  }
  lua_pop(L, 1);
  lua_getfield(L, -1, "load"); /* hinge.load, set by lsession.c */
  lua_pushcclosure(L, l_analyze, 1);
  lua_setfield(L, -2, "analyze");
  lua_pushcfunction(L, l_thresholds);
  lua_setfield(L, -2, "analyze_thresholds");
}
