/*
 * lstream.c -- hinge.stream(opts) -> a live analysis (hinge/stream.h):
 *
 *   local s = hinge.stream{fs = 100, channels = {"hip", "lumbar"},
 *                          thresholds = {lumbar_rounding_deg = 6},
 *                          on_alert = function(ev) print("round!", ev.t) end}
 *   s:push(t, {hip = 80.1, lumbar = 12.3})     -- one sample, by role
 *   s:push(t, {80.1, 12.3})                     -- one sample, in channels order
 *   s:push({t1, t2}, {hip = {..}, lumbar = {..}}) -- a chunk
 *   local ev = s:poll()                          -- without callbacks
 *   local result = s:finish()                    -- {reps, set, sets, warnings, ...}
 *
 * opts: fs (Hz, required), channels (role names: hip, thoracic, lumbar,
 * trunk, knee, set; default the four angles), invert = {lumbar = true},
 * thresholds / exercise / set_end as hinge.analyze, max_rep_s, and
 * callbacks on_event (every event) and on_<type> (on_setup, on_liftoff,
 * on_lockout, on_rep, on_alert, on_set_end, on_withdrawn).  Callbacks run
 * after the push that raised the events returns (never inside the core),
 * so an error in one cannot leave the stream half-way.  Events are tables
 * {type, t, emitted, rep, set, ...}; rep events carry `metrics` (the rep,
 * fields as hinge.analyze's reps), alerts region/rounding_deg/threshold_deg,
 * set_end `summary`.  docs/live.md.
 */
#include <math.h>
#include <string.h>

#include "lhinge.h"

#define STREAM_MT "hinge.Stream"
#define STREAM_MAX_CH 6

typedef struct lstream {
  hinge_stream *s;
  hinge_allocator alloc;
  int nch;
  int roles[STREAM_MAX_CH];
  int callbacks; /* the options table (with callbacks) is the user value */
} lstream;

static lstream *check_stream(lua_State *L) {
  lstream *ls = luaL_checkudata(L, 1, STREAM_MT);
  if (ls->s == NULL) luaL_error(L, "hinge.stream: the stream is closed");
  return ls;
}

static int stream_release(lua_State *L) {
  lstream *ls = luaL_checkudata(L, 1, STREAM_MT);
  hinge_stream_destroy(ls->s);
  ls->s = NULL;
  return 0;
}

/* ---------------------------------------------------------- tables */

static void setnum(lua_State *L, const char *k, double v) {
  if (isnan(v)) return;
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void setint(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void push_region(lua_State *L, const char *k, const hinge_region_rep *r) {
  lua_createtable(L, 0, 7);
  setnum(L, "start_deg", r->start_deg);
  setnum(L, "peak_deg", r->peak_deg);
  setnum(L, "rounding_deg", r->rounding_deg);
  setnum(L, "peak_flexion_velocity_deg_s", r->peak_velocity_deg_s);
  setnum(L, "coverage", r->coverage);
  lua_pushboolean(L, r->assessed);
  lua_setfield(L, -2, "assessed");
  lua_setfield(L, -2, k);
}

static void push_rep(lua_State *L, const hinge_rep *r) {
  lua_createtable(L, 0, 16);
  setint(L, "rep", r->rep);
  setnum(L, "set", r->set);
  setnum(L, "start_s", r->start_s);
  setnum(L, "liftoff_s", r->liftoff_s);
  setnum(L, "lockout_s", r->lockout_s);
  setnum(L, "end_s", r->end_s);
  setnum(L, "pull_duration_s", r->pull_duration_s);
  setnum(L, "dwell_s", r->dwell_s);
  setnum(L, "peak_extension_velocity_deg_s", r->peak_extension_velocity_deg_s);
  setnum(L, "hip_setup_deg", r->hip_setup_deg);
  setnum(L, "trunk_setup_deg", r->trunk_setup_deg);
  setnum(L, "trunk_peak_deg", r->trunk_peak_deg);
  setnum(L, "knee_setup_deg", r->knee_setup_deg);
  push_region(L, "thoracic", &r->thoracic);
  push_region(L, "lumbar", &r->lumbar);
  lua_createtable(L, 2, 0);
  if (r->flags & HINGE_REP_UPPER_BACK_ROUNDING) {
    lua_pushstring(L, hinge_rep_flag_name(HINGE_REP_UPPER_BACK_ROUNDING));
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  }
  if (r->flags & HINGE_REP_LUMBAR_ROUNDING) {
    lua_pushstring(L, hinge_rep_flag_name(HINGE_REP_LUMBAR_ROUNDING));
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  }
  lua_setfield(L, -2, "flags");
  lua_pushstring(L, hinge_form_verdict_name(r->verdict));
  lua_setfield(L, -2, "verdict");
}

static void push_summary(lua_State *L, const hinge_set_summary *s) {
  lua_createtable(L, 0, 10);
  setnum(L, "set", s->set);
  setint(L, "first_rep", (lua_Integer)s->first_rep + 1);
  setint(L, "reps", (lua_Integer)s->reps);
  lua_pushstring(L, hinge_form_verdict_name(s->verdict));
  lua_setfield(L, -2, "verdict");
  setnum(L, "thoracic_max_rounding_deg", s->thoracic.max_rounding_deg);
  setnum(L, "lumbar_max_rounding_deg", s->lumbar.max_rounding_deg);
  lua_pushstring(L, hinge_trend_name(s->lumbar.trend));
  lua_setfield(L, -2, "lumbar_trend");
  setnum(L, "pull_increase_pct", s->pull_increase_pct);
  lua_pushboolean(L, s->fatigue);
  lua_setfield(L, -2, "fatigue");
}

static void push_event(lua_State *L, const hinge_stream_event *ev) {
  lua_createtable(L, 0, 8);
  lua_pushstring(L, hinge_stream_event_name(ev->type));
  lua_setfield(L, -2, "type");
  setnum(L, "t", ev->t_s);
  setnum(L, "emitted", ev->emitted_s);
  setint(L, "rep", ev->rep);
  setnum(L, "set", ev->set);
  if (ev->type == HINGE_EVENT_ALERT) {
    lua_pushstring(L, ev->region == HINGE_REP_LUMBAR_ROUNDING ? "lumbar" : "thoracic");
    lua_setfield(L, -2, "region");
    setnum(L, "rounding_deg", ev->rounding_deg);
    setnum(L, "threshold_deg", ev->threshold_deg);
  } else if (ev->type == HINGE_EVENT_REP || ev->type == HINGE_EVENT_WITHDRAWN) {
    push_rep(L, &ev->metrics);
    lua_setfield(L, -2, "metrics");
  } else if (ev->type == HINGE_EVENT_SET_END) {
    push_summary(L, &ev->summary);
    lua_setfield(L, -2, "summary");
  }
}

/* ------------------------------------------------------------ options */

static int role_of(lua_State *L, const char *name) {
  int r = hinge_role_from_name(name);
  if (r != HINGE_ROLE_HIP && r != HINGE_ROLE_THORACIC && r != HINGE_ROLE_LUMBAR &&
      r != HINGE_ROLE_TRUNK && r != HINGE_ROLE_KNEE && r != HINGE_ROLE_SET)
    luaL_error(L, "hinge.stream: '%s' is not a channel (hip, thoracic, lumbar, trunk, knee, "
               "set)", name);
  return r;
}

/* opts.channels into ls (default hip, thoracic, lumbar, trunk). */
static void read_channels(lua_State *L, lstream *ls) {
  static const int dflt[] = {HINGE_ROLE_HIP, HINGE_ROLE_THORACIC, HINGE_ROLE_LUMBAR,
                             HINGE_ROLE_TRUNK};
  lua_Integer i, n;
  if (lua_getfield(L, 1, "channels") == LUA_TNIL) {
    ls->nch = 4;
    memcpy(ls->roles, dflt, sizeof dflt);
  } else {
    luaL_argcheck(L, lua_istable(L, -1), 1, "channels must be a list of role names");
    n = (lua_Integer)lua_rawlen(L, -1);
    luaL_argcheck(L, n >= 1 && n <= STREAM_MAX_CH, 1, "1 to 6 channels");
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, -1, i);
      ls->roles[i - 1] = role_of(L, luaL_checkstring(L, -1));
      lua_pop(L, 1);
    }
    ls->nch = (int)n;
  }
  lua_pop(L, 1);
}

/* opts.invert = {lumbar = true}: factors per channel. */
static void read_invert(lua_State *L, const lstream *ls, double *scale) {
  int k;
  for (k = 0; k < ls->nch; k++) scale[k] = 1;
  if (lua_getfield(L, 1, "invert") == LUA_TTABLE)
    for (k = 0; k < ls->nch; k++) {
      if (lua_getfield(L, -1, hinge_role_name(ls->roles[k])) != LUA_TNIL && lua_toboolean(L, -1))
        scale[k] = -1;
      lua_pop(L, 1);
    }
  lua_pop(L, 1);
}

static void read_analyze_config(lua_State *L, hinge_analyze_config *cfg) {
  hinge_error err;
  const char *w;
  hinge_analyze_config_init(cfg);
  if (lua_getfield(L, 1, "thresholds") == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      if (lua_type(L, -2) != LUA_TSTRING || !lua_isnumber(L, -1))
        luaL_error(L, "hinge.stream: thresholds wants names with numbers");
      if (hinge_analyze_config_set(cfg, lua_tostring(L, -2), lua_tonumber(L, -1), &err))
        luaL_error(L, "hinge.stream: %s", err.message);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "exercise") != LUA_TNIL && ((w = lua_tostring(L, -1)) == NULL ||
                                                      hinge_exercise_parse(w, &cfg->exercise, &err)))
    luaL_error(L, "hinge.stream: exercise: %s", w ? err.message : "a string is needed");
  lua_pop(L, 1);
  if (lua_getfield(L, 1, "set_end") != LUA_TNIL && ((w = lua_tostring(L, -1)) == NULL ||
                                                     hinge_set_end_parse(w, &cfg->set_end, &err)))
    luaL_error(L, "hinge.stream: set_end: %s", w ? err.message : "a string is needed");
  lua_pop(L, 1);
}

/* Create ls->s from the options at 1. */
static int open_stream(lua_State *L, lstream *ls, hinge_error *err) {
  hinge_stream_config sc;
  hinge_analyze_config cfg;
  double scale[STREAM_MAX_CH];
  read_channels(L, ls);
  read_invert(L, ls, scale);
  read_analyze_config(L, &cfg);
  hinge_stream_config_init(&sc);
  sc.fs = hinge__lua_optnumfield(L, 1, "fs", 0);
  sc.max_rep_s = hinge__lua_optnumfield(L, 1, "max_rep_s", sc.max_rep_s);
  sc.max_events = 1024;
  sc.roles = ls->roles;
  sc.nroles = (size_t)ls->nch;
  sc.scale = scale;
  return hinge_stream_create(&sc, &cfg, &ls->alloc, &ls->s, err);
}

/* ------------------------------------------------------------- events */

/* Queued events to the callbacks (opts, the user value): on_<type> then
 * on_event.  Returns how many were delivered; with no callback at all
 * the queue is left for s:poll(). */
static int deliver(lua_State *L, lstream *ls) {
  hinge_stream_event ev;
  int n = 0;
  if (!ls->callbacks) return 0;
  lua_getiuservalue(L, 1, 1);
  while (hinge_stream_poll(ls->s, &ev)) {
    char key[32];
    int k;
    snprintf(key, sizeof key, "on_%s", hinge_stream_event_name(ev.type));
    for (k = 0; k < 2; k++) {
      if (lua_getfield(L, -1, k == 0 ? key : "on_event") != LUA_TFUNCTION) {
        lua_pop(L, 1);
        continue;
      }
      push_event(L, &ev);
      lua_call(L, 1, 0);
    }
    n++;
  }
  lua_pop(L, 1);
  return n;
}

/* Whether the options hold any on_* function. */
static int has_callbacks(lua_State *L) {
  int found = 0;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (lua_type(L, -2) == LUA_TSTRING && strncmp(lua_tostring(L, -2), "on_", 3) == 0 &&
        lua_isfunction(L, -1))
      found = 1;
    lua_pop(L, 1);
  }
  return found;
}

/* -------------------------------------------------------------- push */

/* The value of channel k from the table at idx: by name, else by
 * position; element i of it when it is a list (chunk), NaN when absent. */
static double value_at(lua_State *L, int idx, const lstream *ls, int k, lua_Integer i) {
  double v = NAN;
  if (lua_getfield(L, idx, hinge_role_name(ls->roles[k])) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_rawgeti(L, idx, k + 1);
  }
  if (i > 0 && lua_istable(L, -1)) {
    lua_rawgeti(L, -1, i);
    lua_replace(L, -2);
  }
  if (lua_isnumber(L, -1)) v = lua_tonumber(L, -1);
  lua_pop(L, 1);
  return v;
}

/* Push the sample(s) at 2 (time) and 3 (values); a chunk when 2 is a list. */
static int push_values(lua_State *L, lstream *ls, hinge_error *err) {
  double frame[STREAM_MAX_CH], t;
  lua_Integer i, n = lua_istable(L, 2) ? (lua_Integer)lua_rawlen(L, 2) : 0;
  int k, rc = HINGE_OK;
  luaL_checktype(L, 3, LUA_TTABLE);
  if (!lua_istable(L, 2)) {
    t = luaL_checknumber(L, 2);
    for (k = 0; k < ls->nch; k++) frame[k] = value_at(L, 3, ls, k, 0);
    return hinge_stream_push(ls->s, &t, frame, 1, err);
  }
  for (i = 1; i <= n && rc == HINGE_OK; i++) {
    lua_rawgeti(L, 2, i);
    t = luaL_checknumber(L, -1);
    lua_pop(L, 1);
    for (k = 0; k < ls->nch; k++) frame[k] = value_at(L, 3, ls, k, i);
    rc = hinge_stream_push(ls->s, &t, frame, 1, err);
  }
  return rc;
}

/* ------------------------------------------------------------ results */

static void push_results(lua_State *L, const hinge_stream *s) {
  size_t i, n = hinge_stream_rep_count(s);
  lua_createtable(L, 0, 6);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    push_rep(L, &hinge_stream_reps(s)[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "reps");
  push_summary(L, hinge_stream_set(s));
  lua_setfield(L, -2, "set");
  lua_createtable(L, (int)hinge_stream_set_count(s), 0);
  for (i = 0; i < hinge_stream_set_count(s); i++) {
    push_summary(L, &hinge_stream_sets(s)[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "sets");
  lua_createtable(L, (int)hinge_stream_warning_count(s), 0);
  for (i = 0; i < hinge_stream_warning_count(s); i++) {
    lua_pushstring(L, hinge_stream_warning(s, i));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "warnings");
  setint(L, "samples", (lua_Integer)hinge_stream_samples(s));
  setnum(L, "delay_s", hinge_stream_delay_s(s));
  setint(L, "memory_bytes", (lua_Integer)hinge_stream_memory(s));
  setint(L, "dropped_events", (lua_Integer)hinge_stream_dropped(s));
  lua_createtable(L, 0, 5);
  setnum(L, "hip_deg", hinge_stream_standing(s)->hip_deg);
  setnum(L, "thoracic_deg", hinge_stream_standing(s)->thoracic_deg);
  setnum(L, "lumbar_deg", hinge_stream_standing(s)->lumbar_deg);
  setnum(L, "trunk_deg", hinge_stream_standing(s)->trunk_deg);
  lua_setfield(L, -2, "standing");
}

/* ------------------------------------------------------------ bindings */

/* hinge.stream(opts) -> Stream | nil, message */
static int l_stream(lua_State *L) {
  lstream *ls;
  hinge_error err;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  ls = lua_newuserdatauv(L, sizeof *ls, 1);
  memset(ls, 0, sizeof *ls);
  luaL_setmetatable(L, STREAM_MT);
  hinge__lua_allocator(L, &ls->alloc);
  ls->callbacks = has_callbacks(L);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, 2, 1);
  if (open_stream(L, ls, &err) != HINGE_OK) return hinge__lua_result(L, err.code, &err, 0);
  return 1;
}

/* s:push(t, values) -> number of events delivered to callbacks */
static int l_push(lua_State *L) {
  lstream *ls = check_stream(L);
  hinge_error err;
  hinge__lua_check(L, push_values(L, ls, &err), &err, 2);
  lua_pushinteger(L, deliver(L, ls));
  return 1;
}

/* s:poll() -> the oldest queued event, or nil */
static int l_poll(lua_State *L) {
  lstream *ls = check_stream(L);
  hinge_stream_event ev;
  if (!hinge_stream_poll(ls->s, &ev)) return 0;
  push_event(L, &ev);
  return 1;
}

/* s:finish() -> {reps, set, sets, warnings, standing, samples, delay_s, memory_bytes} */
static int l_finish(lua_State *L) {
  lstream *ls = check_stream(L);
  hinge_error err;
  hinge__lua_check(L, hinge_stream_finish(ls->s, &err), &err, 1);
  deliver(L, ls);
  push_results(L, ls->s);
  return 1;
}

/* s:results() -> the same table as finish, so far (reps found until now) */
static int l_results(lua_State *L) {
  lstream *ls = check_stream(L);
  push_results(L, ls->s);
  return 1;
}

static const luaL_Reg methods[] = {
  {"push", l_push}, {"poll", l_poll}, {"finish", l_finish}, {"results", l_results},
  {"close", stream_release}, {NULL, NULL}};

void hinge__lua_open_stream(lua_State *L); /* called by luaopen_hinge (lhinge.c) */
void hinge__lua_open_stream(lua_State *L) {
  if (luaL_newmetatable(L, STREAM_MT)) {
    lua_pushcfunction(L, stream_release);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, stream_release);
    lua_setfield(L, -2, "__close");
    luaL_newlib(L, methods);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__methods");
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
  lua_pushcfunction(L, l_stream);
  lua_setfield(L, -2, "stream");
}
