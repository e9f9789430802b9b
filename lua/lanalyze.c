/*
 * lanalyze.c -- hinge.analyze(session_or_path, opts) -> table with the
 * fields of `hinge analyze --format json` (missing values are nil), and
 * hinge.analyze_thresholds() -> the threshold table.
 *
 * opts: thresholds = {NAME = number, ...} (hinge_analyze_config names);
 * neutral = {hip =, thoracic =, lumbar =, trunk =} (degrees);
 * max_flexion = {thoracic =, lumbar =} (degrees above standing);
 * calibration = path or session (quiet standing);
 * max_flexion_trial = path or session; and, for paths, the options of
 * hinge.load (fs, map, delimiter, lenient).
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

static void read_config(lua_State *L, int opts, hinge_analyze_config *cfg) {
  hinge_analyze_config_default(cfg);
  if (!lua_isnoneornil(L, opts)) luaL_checktype(L, opts, LUA_TTABLE);
  read_group(L, opts, "thresholds", "", "", cfg);
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

static void push_strings(lua_State *L, const hinge_analysis *a, size_t n,
                         const char *(*get)(const hinge_analysis *, size_t)) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushstring(L, get(a, i));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_region(lua_State *L, const char *key, const hinge_region_rep *r) {
  if (isnan(r->start_deg) && isnan(r->peak_deg)) return;
  lua_createtable(L, 0, 6);
  setnum(L, "start_deg", r->start_deg);
  setnum(L, "peak_deg", r->peak_deg);
  setnum(L, "rounding_deg", r->rounding_deg);
  setnum(L, "peak_flexion_velocity_deg_s", r->peak_velocity_deg_s);
  setnum(L, "start_pct_max", r->start_pct_max);
  setnum(L, "peak_pct_max", r->peak_pct_max);
  lua_setfield(L, -2, key);
}

static void push_setup(lua_State *L, const char *key, double v) {
  if (isnan(v)) return;
  lua_createtable(L, 0, 1);
  setnum(L, "setup_deg", v);
  lua_setfield(L, -2, key);
}

static void push_rep(lua_State *L, const hinge_analysis *a, const hinge_rep *r) {
  int nf = 0;
  lua_createtable(L, 0, 16);
  lua_pushinteger(L, r->rep);
  lua_setfield(L, -2, "rep");
  if (!isnan(r->set)) setnum(L, "set", r->set);
  else setstr(L, "set", hinge_analysis_set_label(a));
  setnum(L, "start_s", r->start_s);
  setnum(L, "liftoff_s", r->liftoff_s);
  setnum(L, "lockout_s", r->lockout_s);
  setnum(L, "end_s", r->end_s);
  setnum(L, "pull_duration_s", r->pull_duration_s);
  setnum(L, "peak_extension_velocity_deg_s", r->peak_extension_velocity_deg_s);
  push_setup(L, "hip", r->hip_setup_deg);
  push_setup(L, "trunk", r->trunk_setup_deg);
  push_region(L, "thoracic", &r->thoracic);
  push_region(L, "lumbar", &r->lumbar);
  lua_createtable(L, 2, 0); /* flags */
  if (r->flags & HINGE_REP_UPPER_BACK_ROUNDING) {
    lua_pushstring(L, hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING));
    lua_rawseti(L, -2, ++nf);
  }
  if (r->flags & HINGE_REP_LUMBAR_ROUNDING) {
    lua_pushstring(L, hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING));
    lua_rawseti(L, -2, ++nf);
  }
  lua_setfield(L, -2, "flags");
  setstr(L, "verdict", hinge_form_verdict_name(r->verdict));
}

/* {thoracic = x, lumbar = y} */
static void push_pair(lua_State *L, const char *key, double th, double lu) {
  lua_createtable(L, 0, 2);
  setnum(L, "thoracic", th);
  setnum(L, "lumbar", lu);
  lua_setfield(L, -2, key);
}

static void push_set(lua_State *L, const hinge_analysis *a) {
  const hinge_set_summary *s = hinge_analysis_set(a);
  char line[512];
  hinge_analysis_summary(a, line, sizeof line);
  lua_createtable(L, 0, 14);
  lua_pushinteger(L, (lua_Integer)s->reps);
  lua_setfield(L, -2, "reps");
  setstr(L, "verdict", hinge_form_verdict_name(s->verdict));
  setstr(L, "summary", line);
  push_pair(L, "rounding_drift_deg_per_rep", s->thoracic.drift_deg_per_rep,
            s->lumbar.drift_deg_per_rep);
  push_pair(L, "rounding_change_deg", s->thoracic.change_deg, s->lumbar.change_deg);
  lua_createtable(L, 0, 2);
  setstr(L, "thoracic", hinge_trend_name(s->thoracic.trend));
  setstr(L, "lumbar", hinge_trend_name(s->lumbar.trend));
  lua_setfield(L, -2, "rounding_trend");
  push_pair(L, "mean_rounding_deg", s->thoracic.mean_rounding_deg, s->lumbar.mean_rounding_deg);
  push_pair(L, "max_rounding_deg", s->thoracic.max_rounding_deg, s->lumbar.max_rounding_deg);
  lua_createtable(L, 0, 3);
  setnum(L, "hip", s->hip_setup_sd_deg);
  setnum(L, "thoracic", s->thoracic.setup_sd_deg);
  setnum(L, "lumbar", s->lumbar.setup_sd_deg);
  lua_setfield(L, -2, "setup_consistency_sd_deg");
  lua_createtable(L, 0, 4);
  setnum(L, "first", s->pull_first_s);
  setnum(L, "last", s->pull_last_s);
  setnum(L, "increase_pct", s->pull_increase_pct);
  setnum(L, "slope_s_per_rep", s->pull_slope_s_per_rep);
  lua_setfield(L, -2, "pull_duration_s");
  lua_pushboolean(L, s->fatigue);
  lua_setfield(L, -2, "fatigue");
  lua_createtable(L, 0, 2); /* setup_vs_peak = {thoracic = {r, slope}, lumbar = {...}} */
  lua_createtable(L, 0, 2);
  setnum(L, "r", s->thoracic.setup_peak_r);
  setnum(L, "slope", s->thoracic.setup_peak_slope);
  lua_setfield(L, -2, "thoracic");
  lua_createtable(L, 0, 2);
  setnum(L, "r", s->lumbar.setup_peak_r);
  setnum(L, "slope", s->lumbar.setup_peak_slope);
  lua_setfield(L, -2, "lumbar");
  lua_setfield(L, -2, "setup_vs_peak");
  lua_setfield(L, -2, "set");
}

static void push_standing(lua_State *L, const hinge_analysis *a) {
  static const char *const sources[] = {NULL, "standing", "given", "lockouts"};
  const hinge_standing *st = hinge_analysis_standing(a);
  lua_createtable(L, 0, 6);
  setnum(L, "hip_deg", st->hip_deg);
  setnum(L, "thoracic_deg", st->thoracic_deg);
  setnum(L, "lumbar_deg", st->lumbar_deg);
  setnum(L, "trunk_deg", st->trunk_deg);
  setstr(L, "source", st->source >= 0 && st->source <= 3 ? sources[st->source] : NULL);
  setnum(L, "duration_s", st->duration_s);
  lua_setfield(L, -2, "standing");
}

static void push_analysis(lua_State *L, const hinge_analysis *a) {
  const hinge_rep *reps = hinge_analysis_reps(a);
  size_t i, n = hinge_analysis_rep_count(a);
  lua_createtable(L, 0, 12);
  setstr(L, "file", hinge_analysis_file(a));
  setstr(L, "athlete", hinge_analysis_athlete(a));
  setstr(L, "date", hinge_analysis_date(a));
  setnum(L, "sample_rate_hz", hinge_analysis_sample_rate(a));
  lua_pushinteger(L, (lua_Integer)hinge_analysis_samples(a));
  lua_setfield(L, -2, "samples");
  setstr(L, "segmented_on", hinge_analysis_segmented_on(a));
  push_strings(L, a, hinge_analysis_processing_count(a), hinge_analysis_processing);
  lua_setfield(L, -2, "processing");
  push_standing(L, a);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    push_rep(L, a, &reps[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "reps");
  push_set(L, a);
  push_strings(L, a, hinge_analysis_warning_count(a), hinge_analysis_warning);
  lua_setfield(L, -2, "warnings");
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
  read_config(L, 2, &cfg);
  hinge__lua_allocator(L, &a);
  if (!calibrate(L, 2, "calibration", 0, &cfg, &a)) return 2;
  if (!calibrate(L, 2, "max_flexion_trial", 1, &cfg, &a)) return 2;
  read_group(L, 2, "neutral", "neutral_", "_deg", &cfg); /* explicit values win */
  read_group(L, 2, "max_flexion", "max_", "_deg", &cfg);
  if ((t = session_arg(L, 1, 2)) == NULL) return 2;
  an = new_owner(L);
  rc = hinge_analyze(t, &cfg, &a, an, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  push_analysis(L, *an);
  hinge_analysis_destroy(*an); /* now rather than at the next collection */
  *an = NULL;
  return 1;
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
