/*
 * lrecovery.c -- hinge.recovery: assess{...}, load_metrics, thresholds,
 * rules, add_rule, remove_rule.  Thin over recovery.h and logs.h: rows
 * from Lua go through the same validation as CSV rows, and a coach's rule
 * only produces findings, which the core combines into the verdict.
 *
 * The custom rules live in a table shared as upvalue 1 by the module's
 * functions (per Lua state, no C globals).
 */
#define _POSIX_C_SOURCE 200809L /* localtime_r */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lhinge.h"

#define RUN_MT "hinge.RecoveryRun"

/* Logs, assessment and daily loads of one call, owned by a userdata so an
 * error raised by a coach's rule, by misuse or by running out of memory
 * while the result tables are built leaks nothing. */
typedef struct run {
  hinge_allocator alloc;
  hinge_logs *logs;
  hinge_assessment *a;
  double *daily; /* hinge_logs_daily_load's, freed through logs */
  size_t ndaily;
  hinge_athlete_view *view; /* a rule context's rows while it is built */
} run;

static void free_daily(run *r) {
  hinge_logs_free_daily(r->logs, r->daily, r->ndaily);
  r->daily = NULL;
  r->ndaily = 0;
}

static int run_release(lua_State *L) {
  run *r = luaL_checkudata(L, 1, RUN_MT);
  free_daily(r);
  hinge_athlete_view_destroy(r->view);
  r->view = NULL;
  hinge_assessment_destroy(r->a);
  hinge_logs_destroy(r->logs);
  r->a = NULL;
  r->logs = NULL;
  return 0;
}

static run *newrun(lua_State *L) {
  run *r = lua_newuserdatauv(L, sizeof *r, 0);
  r->logs = NULL; /* safe empty state first */
  r->a = NULL;
  r->daily = NULL;
  r->ndaily = 0;
  r->view = NULL;
  hinge__lua_allocator(L, &r->alloc);
  if (luaL_newmetatable(L, RUN_MT)) {
    lua_pushcfunction(L, run_release);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, run_release);
    lua_setfield(L, -2, "__close");
  }
  lua_setmetatable(L, -2);
  if (hinge_logs_new(&r->alloc, &r->logs, NULL) != HINGE_OK) luaL_error(L, "not enough memory");
  return r;
}

/* ---- Rows from Lua ------------------------------------------------------ */

/* Push row[key] as the string a CSV cell would hold: numbers written out,
 * arrays of words joined with '|', nil as "".  Misuse raises. */
static const char *push_cell(lua_State *L, int row, const char *key, lua_Integer i) {
  int t = lua_getfield(L, row, key);
  if (t == LUA_TNIL) {
    lua_pop(L, 1);
    lua_pushliteral(L, "");
  } else if (t == LUA_TNUMBER) {
    luaL_tolstring(L, -1, NULL);
    lua_remove(L, -2);
  } else if (t == LUA_TTABLE) {
    luaL_Buffer b;
    lua_Integer k, n = luaL_len(L, -1);
    int tab = lua_gettop(L);
    luaL_buffinit(L, &b);
    for (k = 1; k <= n; k++) {
      if (lua_geti(L, tab, k) != LUA_TSTRING)
        luaL_error(L, "row %I: '%s' must hold strings", i, key);
      if (k > 1) luaL_addchar(&b, '|');
      luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_remove(L, tab);
  } else if (t != LUA_TSTRING) {
    luaL_error(L, "row %I: '%s' must be a string or a number (got %s)", i, key,
               luaL_typename(L, -1));
  }
  return lua_tostring(L, -1);
}

static const char *const soreness_keys[HINGE_SORENESS_NFIELDS] = {
  "date", "athlete", "region", "severity", "quality", "sleep_h", "flags"};
static const char *const training_keys[HINGE_TRAINING_NFIELDS] = {
  "date", "athlete", "exercise", "sets", "reps", "load_kg", "rpe", "duration_min"};

typedef int (*add_fields_fn)(hinge_logs *, const char *const *, const long *, const char *,
                             long, const hinge_log_options *, hinge_error *);

/* Add every row of the array at idx; a bad row is nil, message naming
 * "<what> rows:<row>:<field>".  The *_opts calls are
 * hinge_logs_add_soreness_fields and hinge_logs_add_training_fields with
 * the log options.  Under lenient a bad cell is a missing
 * value with a warning (hinge_logs_add_*_fields_opts), and a row that
 * cannot be kept a warning. */
static int add_rows(lua_State *L, run *r, int idx, const char *what, const char *const *keys,
                    int nkeys, add_fields_fn add, const hinge_log_options *lo) {
  lua_Integer i, n = luaL_len(L, idx);
  hinge_error e;
  int lenient = lo->lenient;
  for (i = 1; i <= n; i++) {
    const char *f[8];
    int k, rc, top = lua_gettop(L);
    if (lua_geti(L, idx, i) != LUA_TTABLE) luaL_error(L, "%s row %I is not a table", what, i);
    for (k = 0; k < nkeys; k++) f[k] = push_cell(L, top + 1, keys[k], i);
    hinge_error_clear(&e);
    rc = add(r->logs, f, NULL, what, (long)i, lo, &e);
    lua_settop(L, top);
    if (rc == HINGE_ENOMEM || (rc != HINGE_OK && !lenient)) return hinge__lua_result(L, rc, &e, 0);
    if (rc != HINGE_OK) {
      size_t len = strlen(e.message);
      snprintf(e.message + len, sizeof e.message - len, " (row skipped)");
      if (hinge_logs_warn(r->logs, &e) != HINGE_OK) luaL_error(L, "not enough memory");
    }
  }
  return 0;
}

/* ---- Analysis tables ------------------------------------------------------- */

/* Count the reps of t.reps and their rounding flags. */
static void count_reps(lua_State *L, int obj, hinge_analysis_entry *a) {
  lua_Integer i, j, n;
  int reps;
  if (lua_getfield(L, obj, "reps") != LUA_TTABLE) {
    lua_pop(L, 1);
    return;
  }
  reps = lua_gettop(L);
  n = luaL_len(L, reps);
  a->reps = (size_t)n;
  for (i = 1; i <= n; i++) {
    if (lua_geti(L, reps, i) == LUA_TTABLE && lua_getfield(L, -1, "flags") == LUA_TTABLE) {
      int flags = lua_gettop(L);
      lua_Integer m = luaL_len(L, flags);
      for (j = 1; j <= m; j++) {
        unsigned bit = 0;
        if (lua_geti(L, flags, j) == LUA_TSTRING) hinge_rep_flag_parse(lua_tostring(L, -1), &bit);
        a->lumbar_rounding_reps += bit == HINGE_REP_LUMBAR_ROUNDING;
        a->upper_back_rounding_reps += bit == HINGE_REP_UPPER_BACK_ROUNDING;
        lua_pop(L, 1);
      }
    }
    lua_settop(L, reps);
  }
  lua_pop(L, 1);
}

/* One analysis object (the fields of `hinge analyze` JSON) at obj. */
static int add_analysis(lua_State *L, run *r, int obj, lua_Integer i) {
  hinge_analysis_entry a;
  hinge_error e;
  const char *date;
  int rc;
  memset(&a, 0, sizeof a);
  if (!lua_istable(L, obj)) luaL_error(L, "analysis %I is not a table", i);
  a.athlete = hinge__lua_optstrfield(L, obj, "athlete", NULL);
  date = hinge__lua_optstrfield(L, obj, "date", NULL);
  a.file = hinge__lua_optstrfield(L, obj, "file", "");
  if (a.athlete == NULL || date == NULL)
    return hinge__lua_fail(L, "analysis %d: athlete and date are needed", (int)i);
  if (hinge_day_parse(date, strlen(date), &a.day) != HINGE_OK)
    return hinge__lua_fail(L, "analysis %d: date '%s' is not a real YYYY-MM-DD", (int)i, date);
  count_reps(L, obj, &a);
  rc = hinge_logs_add_analysis(r->logs, &a, &e);
  return hinge__lua_result(L, rc, &e, 0);
}

static int add_analyses(lua_State *L, run *r, int idx) {
  lua_Integer i, n;
  int nret;
  if (lua_getfield(L, idx, "athlete") != LUA_TNIL) { /* a single object */
    lua_pop(L, 1);
    return add_analysis(L, r, idx, 1);
  }
  lua_pop(L, 1);
  n = luaL_len(L, idx);
  for (i = 1; i <= n; i++) {
    lua_geti(L, idx, i);
    nret = add_analysis(L, r, lua_gettop(L), i);
    if (nret) return nret;
    lua_pop(L, 1);
  }
  return 0;
}

/* ---- Sources: paths or rows --------------------------------------------- */

static int read_source(lua_State *L, run *r, int opts, const char *key,
                       const hinge_log_options *lo) {
  hinge_error e;
  int t = lua_getfield(L, opts, key), top = lua_gettop(L), rc = HINGE_OK, nret = 0;
  hinge_error_clear(&e);
  if (t == LUA_TSTRING) {
    const char *path = lua_tostring(L, -1);
    hinge_sandbox_checkpath(L, path, 0);
    if (key[0] == 's') rc = hinge_logs_read_soreness(r->logs, path, lo, &e);
    else if (key[0] == 't') rc = hinge_logs_read_training(r->logs, path, lo, NULL, &e);
    else rc = hinge_logs_read_analysis(r->logs, path, &e);
    nret = hinge__lua_result(L, rc, &e, 0);
  } else if (t == LUA_TTABLE && key[0] == 'a') {
    nret = add_analyses(L, r, top);
  } else if (t == LUA_TTABLE && key[0] == 't' && lua_geti(L, top, 1) == LUA_TSTRING) {
    lua_Integer i, n = luaL_len(L, top); /* a list of training files */
    lua_pop(L, 1);
    for (i = 1; i <= n && rc == HINGE_OK; i++) {
      const char *path = (lua_geti(L, top, i), luaL_checkstring(L, -1));
      hinge_sandbox_checkpath(L, path, 0);
      rc = hinge_logs_read_training(r->logs, path, lo, NULL, &e);
      lua_pop(L, 1);
    }
    nret = hinge__lua_result(L, rc, &e, 0);
  } else if (t == LUA_TTABLE) {
    lua_settop(L, top);
    nret = key[0] == 's'
               ? add_rows(L, r, top, "soreness rows", soreness_keys, HINGE_SORENESS_NFIELDS,
                          hinge_logs_add_soreness_fields_opts, lo)
               : add_rows(L, r, top, "training rows", training_keys, HINGE_TRAINING_NFIELDS,
                          hinge_logs_add_training_fields_opts, lo);
  } else if (t != LUA_TNIL) {
    luaL_error(L, "option '%s' must be a path or a table (got %s)", key, luaL_typename(L, -1));
  }
  if (nret == 0) lua_settop(L, top - 1);
  return nret;
}

/* ---- Options ------------------------------------------------------------- */

static long opt_day(lua_State *L, int opts, const char *key) {
  const char *s = hinge__lua_optstrfield(L, opts, key, NULL);
  long day = HINGE_DAY_NONE;
  if (s != NULL && hinge_day_parse(s, strlen(s), &day) != HINGE_OK)
    luaL_error(L, "option '%s' must be a real date YYYY-MM-DD (got '%s')", key, s);
  return day;
}

/* Today by the system clock (local time), the library reading none;
 * opts.today overrides it. */
static long opt_today(lua_State *L, int opts) {
  char buf[32];
  long day = opt_day(L, opts, "today");
  time_t t = time(NULL);
  struct tm tm;
  if (day != HINGE_DAY_NONE || t == (time_t)-1 || localtime_r(&t, &tm) == NULL) return day;
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  if (hinge_day_parse(buf, 10, &day) != HINGE_OK) day = HINGE_DAY_NONE;
  return day;
}

/* opts.thresholds = {name = value, ...} onto c; a bad name or value raises. */
static void opt_thresholds(lua_State *L, int opts, hinge_recovery_config *c) {
  hinge_error e;
  hinge_recovery_config_init(c);
  if (lua_getfield(L, opts, "thresholds") == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  luaL_checktype(L, -1, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    const char *name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
    if (!lua_isnumber(L, -1)) luaL_error(L, "threshold '%s' must be a number", name);
    hinge__lua_check(L, hinge_recovery_config_set(c, name, lua_tonumber(L, -1), &e), &e, 0);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* ---- Results as tables ----------------------------------------------------- */

static void setnum(lua_State *L, const char *k, double v) {
  if (isnan(v)) return; /* null: the key stays absent */
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void setstr(lua_State *L, const char *k, const char *v) {
  if (v == NULL) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void setdate(lua_State *L, const char *k, long day) {
  char d[HINGE_DATE_BUF];
  setstr(L, k, hinge_day_format(day, d));
}

/* One day's metrics as a table (null metrics absent). */
static void push_day_metrics(lua_State *L, const hinge_trainload_metrics *m) {
  lua_createtable(L, 0, 16);
  setnum(L, "acwr_ewma", m->acwr_ewma);
  setnum(L, "acwr_rolling", m->acwr_rolling);
  setnum(L, "monotony", m->monotony);
  setnum(L, "strain", m->strain);
  setnum(L, "weekly_load", m->weekly_load);
  setnum(L, "load", m->load);
  setnum(L, "acute_ewma", m->acute_ewma);
  setnum(L, "chronic_ewma", m->chronic_ewma);
  setnum(L, "acute_mean", m->acute_mean);
  setnum(L, "chronic_mean", m->chronic_mean);
  setnum(L, "fitness", m->fitness);
  setnum(L, "fatigue", m->fatigue);
  setnum(L, "performance", m->performance);
  lua_pushinteger(L, m->days);
  lua_setfield(L, -2, "days");
}


/* The assessment's tables: the shape the CLI writes
 * (recovery/assess_walk.c) with the Lua-only detail, through the Lua
 * table builder. */
static void push_athlete(lua_State *L, const hinge_athlete_result *res) {
  hinge__lua_builder b;
  hinge_athlete_result_walk(res, HINGE_WALK_DETAIL, hinge__lua_sink(&b, L), &b);
}

/* The result's "warnings" are the logs' and then the assessment's
 * (hinge_assessment_warning_count, hinge_assessment_warning), written by
 * the walk. */
static void push_result(lua_State *L, const run *r) {
  hinge__lua_builder b;
  hinge_assessment_walk(r->a, r->logs, HINGE_WALK_DETAIL, hinge__lua_sink(&b, L), &b);
}

/* ---- The context of a coach's rule -------------------------------------- */

/* Join the words of bits with '|' (as in the CSV). */
static void push_words(lua_State *L, unsigned bits, const char *(*name)(unsigned)) {
  luaL_Buffer b;
  unsigned bit;
  int first = 1;
  luaL_buffinit(L, &b);
  for (bit = 1; bit != 0; bit <<= 1)
    if ((bits & bit) && name(bit) != NULL) {
      if (!first) luaL_addchar(&b, '|');
      luaL_addstring(&b, name(bit));
      first = 0;
    }
  luaL_pushresult(&b);
}

/* The rows below come from the core's view of the athlete
 * (hinge_athlete_view): sorted by day, as the built-in rules see them. */
static void push_soreness_rows(lua_State *L, const hinge_athlete_view *v) {
  size_t i;
  lua_newtable(L);
  for (i = 0; i < hinge_athlete_view_soreness_count(v); i++) {
    const hinge_soreness_entry *e = hinge_athlete_view_soreness(v, i);
    lua_createtable(L, 0, 7);
    setdate(L, "date", e->day);
    setstr(L, "athlete", e->athlete);
    setstr(L, "region", e->region);
    setnum(L, "severity", e->severity);
    push_words(L, e->quality, hinge_quality_name);
    lua_setfield(L, -2, "quality");
    setnum(L, "sleep_h", e->sleep_h);
    push_words(L, e->flags, hinge_flag_name);
    lua_setfield(L, -2, "flags");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_training_rows(lua_State *L, const hinge_athlete_view *v, const char *athlete) {
  size_t i;
  lua_newtable(L);
  for (i = 0; i < hinge_athlete_view_training_count(v); i++) {
    const hinge_training_entry *e = hinge_athlete_view_training(v, i);
    lua_createtable(L, 0, 8);
    setdate(L, "date", e->day);
    setstr(L, "athlete", athlete); /* also on rows that name nobody */
    setstr(L, "exercise", e->exercise);
    setnum(L, "sets", e->sets);
    setnum(L, "reps", e->reps);
    setnum(L, "load_kg", e->load_kg);
    setnum(L, "rpe", e->rpe);
    setnum(L, "duration_min", e->duration_min);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_analysis_rows(lua_State *L, const hinge_athlete_view *v) {
  size_t i;
  lua_newtable(L);
  for (i = 0; i < hinge_athlete_view_analysis_count(v); i++) {
    const hinge_analysis_entry *e = hinge_athlete_view_analysis(v, i);
    lua_createtable(L, 0, 5);
    setdate(L, "date", e->day);
    setstr(L, "file", e->file);
    setnum(L, "reps", (double)e->reps);
    setnum(L, "lumbar_rounding_reps", (double)e->lumbar_rounding_reps);
    setnum(L, "upper_back_rounding_reps", (double)e->upper_back_rounding_reps);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_thresholds(lua_State *L, const hinge_recovery_config *c) {
  size_t i;
  lua_createtable(L, 0, (int)hinge_recovery_config_count());
  for (i = 0; i < hinge_recovery_config_count(); i++) {
    double v;
    hinge_recovery_config_get(c, hinge_recovery_config_name(i), &v);
    if (v == floor(v)) lua_pushinteger(L, (lua_Integer)v);
    else lua_pushnumber(L, v);
    lua_setfield(L, -2, hinge_recovery_config_name(i));
  }
}

/* ctx for athlete i: its result fields plus its rows up to `on`.  The
 * view lives in r while the rows are built, so an error frees it. */
static void push_ctx(lua_State *L, run *r, size_t i) {
  const hinge_athlete_result *res = hinge_assessment_athlete(r->a, i);
  long on = hinge_assessment_on(r->a);
  hinge_error e;
  if (hinge_athlete_view_create(r->logs, res->athlete, on, &r->view, &e) != HINGE_OK)
    luaL_error(L, "%s", e.message);
  push_athlete(L, res);
  setdate(L, "on", on);
  push_soreness_rows(L, r->view);
  lua_setfield(L, -2, "soreness");
  push_training_rows(L, r->view, res->athlete);
  lua_setfield(L, -2, "training");
  push_analysis_rows(L, r->view);
  lua_setfield(L, -2, "analysis");
  hinge_athlete_view_destroy(r->view);
  r->view = NULL;
  push_thresholds(L, hinge_assessment_config(r->a));
  lua_setfield(L, -2, "thresholds");
}

/* ---- Coach's rules ----------------------------------------------------------- */

static hinge_verdict check_verdict(lua_State *L, const char *s, const char *rule) {
  hinge_verdict v;
  if (hinge_verdict_parse(s, &v) != HINGE_OK)
    luaL_error(L, "rule '%s': verdict '%s' is not one of ready, unknown, reduce, rest, "
                  "see_professional, urgent_care", rule, s);
  return v;
}

/* A finding table at idx (message, verdict, region, suggestion, escalate)
 * for athlete i, defaults from the rule table at rule. */
static void add_custom(lua_State *L, run *r, size_t i, int rule, int idx) {
  hinge_finding f;
  hinge_error e;
  const char *id = (lua_getfield(L, rule, "id"), lua_tostring(L, -1));
  const char *dv = hinge__lua_optstrfield(L, rule, "verdict", "ready");
  memset(&f, 0, sizeof f);
  f.rule = id;
  f.message = hinge__lua_optstrfield(L, idx, "message", NULL);
  f.verdict = check_verdict(L, hinge__lua_optstrfield(L, idx, "verdict", dv), id);
  f.region = hinge__lua_optstrfield(L, idx, "region", NULL);
  f.suggestion = hinge__lua_optstrfield(L, idx, "suggestion",
                                        hinge__lua_optstrfield(L, rule, "suggestion", NULL));
  f.source = hinge__lua_optstrfield(L, rule, "source", "coach's rule");
  f.escalate = hinge__lua_optboolfield(L, idx, "escalate",
                                       hinge__lua_optboolfield(L, rule, "escalate", 0));
  if (f.message == NULL) luaL_error(L, "rule '%s': a finding needs a message", id);
  hinge__lua_check(L, hinge_assessment_add_finding(r->a, i, &f, &e), &e, 0);
  lua_pop(L, 1);
}

/* What a check returned (at the top): nil/false nothing, true the rule's
 * message, a string a message, a finding table, or an array of them. */
static void take_result(lua_State *L, run *r, size_t i, int rule) {
  int res = lua_gettop(L);
  if (!lua_toboolean(L, res)) return;
  if (lua_isboolean(L, res) || lua_type(L, res) == LUA_TSTRING) {
    lua_createtable(L, 0, 1);
    if (lua_type(L, res) == LUA_TSTRING) lua_pushvalue(L, res);
    else if (lua_getfield(L, rule, "message") == LUA_TNIL) { /* default: the rule's id */
      lua_pop(L, 1);
      lua_getfield(L, rule, "id");
    }
    lua_setfield(L, -2, "message");
    add_custom(L, r, i, rule, lua_gettop(L));
  } else if (lua_istable(L, res) && lua_geti(L, res, 1) == LUA_TTABLE) {
    lua_Integer k, n = luaL_len(L, res);
    lua_pop(L, 1);
    for (k = 1; k <= n; k++) {
      lua_geti(L, res, k);
      add_custom(L, r, i, rule, lua_gettop(L));
      lua_pop(L, 1);
    }
  } else if (lua_istable(L, res)) {
    lua_pop(L, 1);
    add_custom(L, r, i, rule, res);
  } else {
    lua_getfield(L, rule, "id");
    luaL_error(L, "rule '%s': check returned a %s (expected nil, a boolean, a string or a "
                  "finding table)", lua_tostring(L, -1), luaL_typename(L, res));
  }
  lua_settop(L, res);
}

/* Run every registered rule (upvalue 1) on every athlete. */
static void run_custom_rules(lua_State *L, run *r) {
  lua_Integer k, n;
  size_t i;
  int rules = lua_upvalueindex(1);
  n = luaL_len(L, rules);
  for (i = 0; i < hinge_assessment_count(r->a); i++) {
    for (k = 1; k <= n; k++) {
      int top = lua_gettop(L), rule = top + 1;
      lua_geti(L, rules, k);
      lua_getfield(L, rule, "check");
      push_ctx(L, r, i);
      if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        lua_getfield(L, rule, "id");
        luaL_error(L, "rule '%s': %s", lua_tostring(L, -1), lua_tostring(L, -2));
      }
      take_result(L, r, i, rule);
      lua_settop(L, top);
    }
  }
}

/* ---- hinge.recovery.assess --------------------------------------------------- */

/* assess{soreness=, training=, analysis=, on=, athlete=, thresholds=, lenient=} */
/* The assessment's options from the table at 1 (cfg is ro's config). */
static void opt_assess(lua_State *L, hinge_recovery_config *cfg, hinge_recovery_options *ro,
                       hinge_log_options *lo) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  opt_thresholds(L, 1, cfg);
  hinge_recovery_options_init(ro);
  ro->on = opt_day(L, 1, "on");
  ro->today = opt_today(L, 1);
  ro->athlete = hinge__lua_optstrfield(L, 1, "athlete", NULL);
  ro->config = cfg;
  lo->lenient = hinge__lua_optboolfield(L, 1, "lenient", 0);
  lo->athlete = ro->athlete;
}

/* The three logs named by opts (1) into r; 0, else the count of results
 * (nil, message) pushed. */
static int read_sources(lua_State *L, run *r, const hinge_log_options *lo) {
  int nret;
  if ((nret = read_source(L, r, 1, "soreness", lo)) ||
      (nret = read_source(L, r, 1, "training", lo)) ||
      (nret = read_source(L, r, 1, "analysis", lo)))
    return nret;
  return 0;
}

static int l_assess(lua_State *L) {
  hinge_recovery_config cfg;
  hinge_recovery_options ro;
  hinge_log_options lo;
  hinge_error e;
  run *r;
  int nret, rc;
  opt_assess(L, &cfg, &ro, &lo);
  r = newrun(L); /* index 2 */
  if ((nret = read_sources(L, r, &lo)) != 0) return nret;
  rc = hinge_recovery_assess(r->logs, &ro, &r->a, &e);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &e, 0);
  run_custom_rules(L, r);
  push_result(L, r);
  return 1;
}

/* ---- hinge.recovery.load_metrics -------------------------------------------- */

static void opt_load(lua_State *L, int opts, hinge_trainload_options *o) {
  hinge_trainload_options_init(o);
  o->acute_days = (int)hinge__lua_optintfield(L, opts, "acute_days", o->acute_days);
  o->chronic_days = (int)hinge__lua_optintfield(L, opts, "chronic_days", o->chronic_days);
  o->week_days = (int)hinge__lua_optintfield(L, opts, "week_days", o->week_days);
  o->tau_fitness = hinge__lua_optnumfield(L, opts, "tau_fitness", o->tau_fitness);
  o->tau_fatigue = hinge__lua_optnumfield(L, opts, "tau_fatigue", o->tau_fatigue);
  o->k_fitness = hinge__lua_optnumfield(L, opts, "k_fitness", o->k_fitness);
  o->k_fatigue = hinge__lua_optnumfield(L, opts, "k_fatigue", o->k_fatigue);
}

/* The metric table: one hinge.Series per metric over the n days. */
static void push_metrics(lua_State *L, const hinge_trainload_metrics *m, size_t n) {
  static const char *const names[] = {"load", "acute_ewma", "chronic_ewma", "acwr_ewma",
                                      "acute_mean", "chronic_mean", "acwr_rolling",
                                      "weekly_load", "monotony", "strain", "fitness",
                                      "fatigue", "performance"};
  size_t k, t;
  lua_createtable(L, 0, 16);
  for (k = 0; k < sizeof names / sizeof names[0]; k++) {
    double *x = hinge__lua_newseries(L, n);
    for (t = 0; t < n; t++) {
      const double v[] = {m[t].load, m[t].acute_ewma, m[t].chronic_ewma, m[t].acwr_ewma,
                          m[t].acute_mean, m[t].chronic_mean, m[t].acwr_rolling,
                          m[t].weekly_load, m[t].monotony, m[t].strain, m[t].fitness,
                          m[t].fatigue, m[t].performance};
      x[t] = v[k];
    }
    lua_setfield(L, -2, names[k]);
  }
}

/* Daily loads from a training log (path or rows) at idx: pushes them as a
 * series and sets first / basis; returns nil, message pushed (2) on failure. */
static int training_daily(lua_State *L, int idx, int opts, long *first, hinge_trainload_basis *basis) {
  hinge_log_options lo;
  hinge_error e;
  int nret, rc;
  long on = opt_day(L, opts, "on");
  const char *athlete = hinge__lua_optstrfield(L, opts, "athlete", NULL);
  run *r = newrun(L);
  int box = lua_gettop(L);
  lo.lenient = hinge__lua_optboolfield(L, opts, "lenient", 0);
  lo.athlete = athlete;
  lua_createtable(L, 0, 1);
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "training");
  if ((nret = read_source(L, r, lua_gettop(L), "training", &lo))) return nret;
  rc = hinge_logs_daily_load(r->logs, athlete, on, &r->daily, &r->ndaily, first, basis, &e);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &e, 0);
  hinge__lua_pushseries(L, r->daily, r->ndaily); /* may raise: the box still owns daily */
  free_daily(r);
  lua_replace(L, box);
  lua_settop(L, box);
  return 0;
}

/* Whether argument 1 is a training log (a path or rows) rather than an
 * array of daily loads. */
static int is_training(lua_State *L) {
  int yes = lua_type(L, 1) == LUA_TSTRING ||
            (lua_type(L, 1) == LUA_TTABLE && lua_geti(L, 1, 1) != LUA_TNUMBER &&
             !lua_isnil(L, -1));
  lua_settop(L, 2);
  return yes;
}

static void push_basis(lua_State *L, long first, hinge_trainload_basis basis) {
  setdate(L, "first_date", first);
  setstr(L, "basis", hinge_trainload_basis_name(basis));
}

/* The per-day metrics, with those of the last day also as field "last",
 * as in assess. */
static void push_all_metrics(lua_State *L, const hinge_trainload_metrics *m, size_t n) {
  push_metrics(L, m, n);
  if (n > 0) {
    push_day_metrics(L, &m[n - 1]);
    lua_setfield(L, -2, "last"); /* metrics */
  }
}

/* The daily loads of load_metrics: argument 1 itself, or those of the
 * training log it names (then pushed at 3, above the options). */
typedef struct load_input {
  const double *x;
  size_t n;
  long first;
  hinge_trainload_basis basis;
  int training;
} load_input;

/* 0 with in filled, else the count of results (nil, message) pushed. */
static int read_loads(lua_State *L, load_input *in) {
  int rc;
  in->first = HINGE_DAY_NONE;
  in->basis = HINGE_TRAINLOAD_NONE;
  in->training = is_training(L);
  if (in->training && (rc = training_daily(L, 1, 2, &in->first, &in->basis))) return rc;
  in->x = hinge__lua_tovector(L, in->training ? 3 : 1, &in->n);
  return 0;
}

/* load_metrics(daily_loads | training, opts) -> table of series */
static int l_load_metrics(lua_State *L) {
  hinge_trainload_options o;
  hinge_trainload_metrics *m;
  hinge_error e;
  load_input in;
  int rc;
  lua_settop(L, 2);
  opt_load(L, 2, &o);
  if ((rc = read_loads(L, &in)) != 0) return rc;
  m = lua_newuserdatauv(L, (in.n ? in.n : 1) * sizeof *m, 0); /* scratch, collected */
  rc = hinge_trainload_compute(in.x, in.n, &o, m, &e);
  if (rc == HINGE_EINVAL) hinge__lua_check(L, rc, &e, 0); /* options: misuse */
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &e, 0);
  push_all_metrics(L, m, in.n);
  if (in.training) push_basis(L, in.first, in.basis);
  return 1;
}

/* ---- Thresholds and rules ------------------------------------------------ */

/* thresholds() -> {name = default, ...} */
static int l_thresholds(lua_State *L) {
  hinge_recovery_config c;
  hinge_recovery_config_init(&c);
  push_thresholds(L, &c);
  return 1;
}

/* rules() -> array of {id, verdict, escalate, summary, source, builtin} */
static void push_builtin_rule(lua_State *L, const hinge_rule_info *ri) {
  lua_createtable(L, 0, 6);
  setstr(L, "id", ri->id);
  setstr(L, "verdict", hinge_verdict_name(ri->verdict));
  setstr(L, "summary", ri->summary);
  setstr(L, "source", ri->source);
  lua_pushboolean(L, ri->escalate);
  lua_setfield(L, -2, "escalate");
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "builtin");
}

static int l_rules(lua_State *L) {
  size_t i;
  lua_Integer k, n = luaL_len(L, lua_upvalueindex(1));
  lua_newtable(L);
  for (i = 0; i < hinge_rule_count(); i++) {
    push_builtin_rule(L, hinge_rule_get(i));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  for (k = 1; k <= n; k++) {
    lua_geti(L, lua_upvalueindex(1), k);
    lua_rawseti(L, -2, (lua_Integer)hinge_rule_count() + k);
  }
  return 1;
}

static int builtin_id(const char *id) {
  size_t i;
  for (i = 0; i < hinge_rule_count(); i++)
    if (strcmp(hinge_rule_get(i)->id, id) == 0) return 1;
  return 0;
}

/* Index of the custom rule called id in the registry, 0 when none. */
static lua_Integer find_rule(lua_State *L, const char *id) {
  lua_Integer k, n = luaL_len(L, lua_upvalueindex(1));
  for (k = 1; k <= n; k++) {
    int same;
    lua_geti(L, lua_upvalueindex(1), k);
    lua_getfield(L, -1, "id");
    same = strcmp(lua_tostring(L, -1), id) == 0;
    lua_pop(L, 2);
    if (same) return k;
  }
  return 0;
}

/* add_rule{id=, check=function(ctx) end, verdict=, escalate=, message=,
 * suggestion=, source=}: a coach's rule run after the built-in ones by
 * assess; the same id replaces the earlier rule. */
/* The id of the rule table at 1, after checking every field's type (a
 * bad rule raises when it is added, not when an assessment runs it). */
static const char *check_rule(lua_State *L) {
  const char *id;
  luaL_checktype(L, 1, LUA_TTABLE);
  id = hinge__lua_optstrfield(L, 1, "id", NULL);
  luaL_argcheck(L, id != NULL && id[0] != '\0', 1, "rule needs a string 'id'");
  luaL_argcheck(L, !builtin_id(id), 1, "that id is a built-in rule");
  luaL_argcheck(L, lua_getfield(L, 1, "check") == LUA_TFUNCTION, 1,
                "rule needs a 'check' function");
  lua_pop(L, 1);
  check_verdict(L, hinge__lua_optstrfield(L, 1, "verdict", "ready"), id);
  hinge__lua_optboolfield(L, 1, "escalate", 0);
  hinge__lua_optstrfield(L, 1, "message", NULL);
  hinge__lua_optstrfield(L, 1, "suggestion", NULL);
  hinge__lua_optstrfield(L, 1, "source", NULL);
  return id;
}

static int l_add_rule(lua_State *L) {
  lua_Integer k = find_rule(L, check_rule(L));
  lua_createtable(L, 0, 8); /* a copy, so later edits to the caller's table do not count */
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "builtin");
  lua_seti(L, lua_upvalueindex(1), k ? k : luaL_len(L, lua_upvalueindex(1)) + 1);
  return 0;
}

/* remove_rule(id) -> true when a coach's rule of that id was removed */
static int l_remove_rule(lua_State *L) {
  const char *id = luaL_checkstring(L, 1);
  lua_Integer k = find_rule(L, id), n = luaL_len(L, lua_upvalueindex(1));
  if (k == 0) {
    lua_pushboolean(L, 0);
    return 1;
  }
  for (; k < n; k++) {
    lua_geti(L, lua_upvalueindex(1), k + 1);
    lua_seti(L, lua_upvalueindex(1), k);
  }
  lua_pushnil(L);
  lua_seti(L, lua_upvalueindex(1), n);
  lua_pushboolean(L, 1);
  return 1;
}

static const luaL_Reg recovery_funcs[] = {
  {"assess", l_assess},
  {"load_metrics", l_load_metrics},
  {"thresholds", l_thresholds},
  {"rules", l_rules},
  {"add_rule", l_add_rule},
  {"remove_rule", l_remove_rule},
  {NULL, NULL}
};

void hinge__lua_open_recovery(lua_State *L) {
  int v;
  lua_newtable(L);          /* hinge.recovery */
  lua_newtable(L);          /* the coach's rules, shared upvalue */
  luaL_setfuncs(L, recovery_funcs, 1);
  lua_createtable(L, HINGE_VERDICT_COUNT, 0);
  for (v = 0; v < HINGE_VERDICT_COUNT; v++) {
    lua_pushstring(L, hinge_verdict_name(v));
    lua_rawseti(L, -2, hinge_verdict_rank(v) + 1);
  }
  lua_setfield(L, -2, "verdicts"); /* mildest first: ready, unknown, reduce, ... */
  lua_setfield(L, -2, "recovery");
}
