/*
 * lsession.c -- hinge.load(path, opts) -> hinge.Session, a userdata over
 * a loaded hinge_table (include/hinge/table.h).
 *
 * Fields: s.rows, s.sample_rate_hz, s.meta, s.file.  Methods:
 * s:columns(), s:column(name_or_role) -> hinge.Series, s:schema(),
 * s:timing(), s:gaps(), s:warnings(), s:close().  #s is the row count.
 */
#include <stdio.h>
#include <string.h>

#include "lhinge.h"

#define SESSION_MT "hinge.Session"

typedef struct session {
  hinge__lua_owned own; /* first: the owner's node is the session */
  hinge_allocator a; /* the table keeps a pointer to it: it lives here */
  hinge_table *t;    /* NULL until loaded, and once closed */
} session;

static session *checksession(lua_State *L, int idx) {
  session *s = luaL_checkudata(L, idx, SESSION_MT);
  if (s->t == NULL) luaL_error(L, "attempt to use a closed hinge.Session");
  return s;
}

const hinge_table *hinge__lua_totable(lua_State *L, int idx) {
  session *s = luaL_testudata(L, idx, SESSION_MT);
  if (s == NULL) return NULL;
  if (s->t == NULL) luaL_error(L, "attempt to use a closed hinge.Session");
  return s->t;
}

/* Idempotent: __gc, __close, close() and the owner (lhinge.h). */
static void session_free(lua_State *L, hinge__lua_owned *o) {
  session *s = (session *)o;
  (void)L;
  hinge__lua_disown(o);
  hinge_table_destroy(s->t);
  s->t = NULL;
}

static int session_release(lua_State *L) {
  session_free(L, &((session *)luaL_checkudata(L, 1, SESSION_MT))->own);
  return 0;
}

/* ---- options ---- */

/* One entry of opts.map: role = "COLUMN", "-COLUMN" (inverted) or
 * "+COLUMN" (as is; for a name that itself starts with '-' or '+').  The
 * same spelling and words as the CLI's --map (src/cli/load_args.c). */
static void map_entry(lua_State *L, int role, const char *spec, hinge_role_map *m) {
  const char *col = spec + (spec[0] == '-' || spec[0] == '+');
  if (col[0] == '\0')
    luaL_error(L, "option 'map': %s = \"%s\" names no column", hinge_role_name(role), spec);
  if (spec[0] == '-' && !(HINGE_ROLES_ANGLES & HINGE_ROLE_BIT(role)))
    luaL_error(L, "option 'map': only an angle column can be inverted, not %s (%s = \"%s\")",
               hinge_role_name(role), hinge_role_name(role), spec);
  m->role = role;
  m->column = col;
  m->negate = spec[0] == '-';
}

/* opts.map = {lumbar = "L1_S1_flex", ...}; the strings stay referenced by
 * the option table on the stack for the whole load. */
static void read_map(lua_State *L, int idx, hinge_role_map *map, size_t max, size_t *n) {
  *n = 0;
  if (lua_isnoneornil(L, idx) || lua_getfield(L, idx, "map") == LUA_TNIL) {
    if (!lua_isnoneornil(L, idx)) lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1)) luaL_error(L, "option 'map' must be a table {role = column}");
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    int role = lua_type(L, -2) == LUA_TSTRING ? hinge_role_from_name(lua_tostring(L, -2)) : -1;
    if (role < 0) luaL_error(L, "option 'map': unknown role '%s'", luaL_tolstring(L, -2, NULL));
    if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "option 'map': column names are strings");
    if (*n == max) luaL_error(L, "option 'map': too many entries");
    map_entry(L, role, lua_tostring(L, -1), &map[(*n)++]);
    lua_pop(L, 1);
  }
  lua_pop(L, 1); /* the map table stays alive in opts */
}

/* opts.sensors = {trunk = "waist", thigh = "thigh"} (the IMU reader):
 * the map is a userdata left on the stack for the load, its strings
 * referenced by the option table. */
static void read_sensors(lua_State *L, int idx, hinge_load_options *o) {
  hinge_sensor_map *sm;
  if (lua_isnoneornil(L, idx) || lua_getfield(L, idx, "sensors") == LUA_TNIL) {
    if (!lua_isnoneornil(L, idx)) lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1)) luaL_error(L, "option 'sensors' must be a table {role = prefix}");
  sm = lua_newuserdatauv(L, 16 * sizeof *sm, 0);
  lua_pushnil(L);
  while (lua_next(L, -3)) {
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "option 'sensors': {role = prefix} with strings");
    if (o->nsensors == 16) luaL_error(L, "option 'sensors': too many entries (at most 16)");
    sm[o->nsensors].role = lua_tostring(L, -2);
    sm[o->nsensors++].prefix = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  o->sensors = sm;
  lua_remove(L, -2); /* the sensors table stays alive in opts, the map on the stack */
}

static char optdelim(lua_State *L, int idx) {
  const char *d = hinge__lua_optstrfield(L, idx, "delimiter", NULL);
  if (d == NULL) return 0;
  /* One character, judged by the core; any other string is a character
   * the core refuses, so the words are the core's. */
  return strlen(d) == 1 ? d[0] : '\x01';
}

static void read_options(lua_State *L, int idx, hinge_load_options *o, hinge_role_map *map,
                         size_t max) {
  lua_Integer th;
  hinge_error err;
  hinge_load_options_init(o);
  o->fs = hinge__lua_optnumfield(L, idx, "fs", 0);
  o->gap_factor = hinge__lua_optnumfield(L, idx, "gap_factor", 0);
  o->delimiter = optdelim(L, idx);
  if (hinge__lua_optboolfield(L, idx, "lenient", 0)) o->flags |= HINGE_LOAD_LENIENT;
  th = hinge__lua_optintfield(L, idx, "threads", 1);
  /* Out of unsigned's range: any count the core refuses, for its words. */
  o->threads = th < 0 || th > HINGE_LOAD_MAX_THREADS ? HINGE_LOAD_MAX_THREADS + 1u : (unsigned)th;
  read_map(L, idx, map, max, &o->nmap);
  o->map = map;
  /* the string stays referenced by the option table for the whole load */
  o->input_format = hinge__lua_optstrfield(L, idx, "input_format", NULL);
  read_sensors(L, idx, o);
  /* The core's limits and words; a bad option is misuse: raise. */
  if (hinge_load_options_check(o, &err) != HINGE_OK) luaL_error(L, "%s", err.message);
}

/* hinge.load(path [, opts]) -> session | nil, message */
/* A new empty session userdata on the stack, listed with the state's
 * owner before anything is loaded into it. */
static session *new_session(lua_State *L) {
  session *s = lua_newuserdatauv(L, sizeof *s, 0);
  s->t = NULL; /* safe empty state before loading */
  s->own.prev = s->own.next = NULL;
  hinge__lua_allocator(L, &s->a);
  luaL_setmetatable(L, SESSION_MT);
  hinge__lua_own(L, &s->own, "hinge.Session", session_free);
  return s;
}

static int l_load(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  hinge_role_map map[HINGE_ROLE_COUNT];
  hinge_load_options o;
  hinge_error err;
  session *s;
  int rc;
  read_options(L, 2, &o, map, HINGE_ROLE_COUNT);
  s = new_session(L);
  o.alloc = &s->a;
  hinge_sandbox_checkpath(L, path, 0);
  rc = hinge_table_load(path, &o, &s->t, &err);
  return hinge__lua_result(L, rc, &err, 1);
}

/* ---- fields ---- */

static void setstr(lua_State *L, const char *k, const char *v) {
  if (v == NULL) return;
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

static void setnum(lua_State *L, const char *k, double v) {
  if (v != v) return; /* NaN: leave the key out */
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void setint(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}

static void setbool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* meta.lines: {{line = 1, key = "Device", value = "Polar H10"}, ...}, the
 * lines above the header. */
static void push_meta_lines(lua_State *L, const hinge_meta *m) {
  size_t i;
  lua_createtable(L, (int)m->nlines, 0);
  for (i = 0; i < m->nlines; i++) {
    lua_createtable(L, 0, 3);
    setint(L, "line", m->lines[i].line);
    setstr(L, "key", m->lines[i].key);
    setstr(L, "value", m->lines[i].value);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "lines");
}

static void push_meta(lua_State *L, const hinge_table *t) {
  const hinge_meta *m = hinge_table_meta(t);
  lua_createtable(L, 0, 11);
  setstr(L, "athlete", m->athlete);
  setstr(L, "athlete_from", m->athlete_from);
  setstr(L, "date", m->date);
  setstr(L, "date_from", m->date_from);
  setstr(L, "set", m->set);
  setstr(L, "exercise", m->exercise);
  setnum(L, "load_kg", m->load_kg);
  setstr(L, "start", m->start);
  setnum(L, "sample_rate_hz", m->rate_hz);
  if (m->nlines > 0) push_meta_lines(L, m); /* absent, as every unknown key */
}

/* s:columns() -> {{name, role, unit, mapped, inverted, loaded, missing}, ...};
 * inverted only on an inverted column (a map entry "-COLUMN"). */
static int session_columns(lua_State *L) {
  const hinge_table *t = checksession(L, 1)->t;
  size_t i, n = hinge_table_columns(t);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    const hinge_column_info *c = hinge_table_column_info(t, i);
    lua_createtable(L, 0, 7);
    setstr(L, "name", c->name);
    if (c->role) setstr(L, "role", hinge_role_name(c->role));
    if (c->unit) setstr(L, "unit", hinge_unit_name(c->unit));
    setbool(L, "mapped", c->mapped);
    if (c->inverted) setbool(L, "inverted", 1); /* absent when not inverted */
    setbool(L, "loaded", hinge_table_column(t, i) != NULL);
    setint(L, "missing", (lua_Integer)c->missing);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* s:column(name_or_role) -> hinge.Series | nil, message.  "time" is the
 * time in seconds even when it comes from fs. */
static int session_column(lua_State *L) {
  const hinge_table *t = checksession(L, 1)->t;
  const char *name = luaL_checkstring(L, 2);
  long i = hinge_table_find(t, name);
  const double *v;
  if (i < 0 && hinge_role_from_name(name) == HINGE_ROLE_TIME) {
    hinge__lua_pushseries(L, hinge_table_time(t), hinge_table_rows(t));
    return 1;
  }
  if (i < 0) return hinge__lua_fail(L, "%s: no column '%s'", hinge_table_file(t), name);
  if ((v = hinge_table_column(t, (size_t)i)) == NULL)
    return hinge__lua_fail(L, "%s: column '%s' holds text and is not loaded",
                           hinge_table_file(t), name);
  hinge__lua_pushseries(L, v, hinge_table_rows(t));
  return 1;
}

static int session_schema(lua_State *L) {
  const hinge_schema *s = hinge_table_schema(checksession(L, 1)->t);
  char d[2] = {0, 0};
  lua_createtable(L, 0, 7);
  d[0] = s->delimiter;
  setstr(L, "delimiter", d);
  d[0] = s->decimal;
  setstr(L, "decimal", d);
  setbool(L, "bom", s->had_bom);
  setbool(L, "crlf", s->crlf);
  setint(L, "header_line", s->header_line);
  setint(L, "lines", s->lines);
  setstr(L, "encoding", s->encoding);
  return 1;
}

static int session_timing(lua_State *L) {
  const hinge_timing *tm = hinge_table_timing(checksession(L, 1)->t);
  lua_createtable(L, 0, 14);
  setnum(L, "sample_rate_hz", tm->sample_rate_hz);
  setnum(L, "detected_hz", tm->detected_hz);
  setbool(L, "fs_given", tm->fs_given);
  setbool(L, "fs_from_meta", tm->fs_from_meta);
  setnum(L, "median_step_s", tm->median_step_s);
  setnum(L, "start_s", tm->start_s);
  setnum(L, "end_s", tm->end_s);
  setnum(L, "duration_s", tm->duration_s);
  setint(L, "gaps", (lua_Integer)tm->gaps);
  setnum(L, "longest_gap_s", tm->longest_gap_s);
  setint(L, "duplicates", (lua_Integer)tm->duplicates);
  setint(L, "backwards", (lua_Integer)tm->backwards);
  setint(L, "irregular", (lua_Integer)tm->irregular);
  setint(L, "missing_time", (lua_Integer)tm->missing_time);
  return 1;
}

static int session_gaps(lua_State *L) {
  const hinge_table *t = checksession(L, 1)->t;
  size_t i, n = hinge_table_gap_count(t);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    const hinge_gap *g = hinge_table_gap(t, i);
    lua_createtable(L, 0, 4);
    setint(L, "row", (lua_Integer)g->row + 1);
    setint(L, "line", g->line);
    setnum(L, "start_s", g->start_s);
    setnum(L, "end_s", g->end_s);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

static int session_warnings(lua_State *L) {
  const hinge_table *t = checksession(L, 1)->t;
  size_t i, n = hinge_table_warning_count(t);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    const hinge_warning *w = hinge_table_warning(t, i);
    lua_createtable(L, 0, 5);
    setstr(L, "kind", w->kind);
    setint(L, "line", w->line);
    setint(L, "column", w->column);
    setint(L, "count", (lua_Integer)w->count);
    setstr(L, "message", w->message);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* s:set_meta(key, value) -> true | nil, message: athlete, date, set or
 * exercise, as hinge_table_set_meta (the *_from becomes "option"). */
static int session_set_meta(lua_State *L) {
  hinge_table *t = checksession(L, 1)->t;
  hinge_error err;
  hinge_error_clear(&err);
  if (hinge_table_set_meta(t, luaL_checkstring(L, 2), luaL_checkstring(L, 3), &err) != HINGE_OK)
    return hinge__lua_fail(L, "%s: %s", hinge_table_file(t), err.message);
  lua_pushboolean(L, 1);
  return 1;
}

/* s:format() -> "csv", "opensim", ... (the reader that loaded it) */
static int session_format(lua_State *L) {
  lua_pushstring(L, hinge_table_format(checksession(L, 1)->t));
  return 1;
}

/* s:capabilities() -> "thoracic+lumbar" | "lumbar only" | ..., note | nil */
static int session_capabilities(lua_State *L) {
  const hinge_table *t = checksession(L, 1)->t;
  const char *note = hinge_table_capability_note(t);
  lua_pushstring(L, hinge_table_capabilities(t));
  if (note == NULL) lua_pushnil(L);
  else lua_pushstring(L, note);
  return 2;
}

/* hinge.input_formats() -> {{name = "csv", title = "..."}, ...}, in the
 * order detection tries them */
static int l_input_formats(lua_State *L) {
  size_t i, n = hinge_input_format_count();
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 2);
    setstr(L, "name", hinge_input_format_name(i));
    setstr(L, "title", hinge_input_format_title(i));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* hinge.detect_format(path [, opts]) -> "csv" | "opensim" | ... | nil, message */
static int l_detect_format(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  hinge_role_map map[HINGE_ROLE_COUNT];
  hinge_load_options o;
  hinge_error err;
  const char *name;
  read_options(L, 2, &o, map, HINGE_ROLE_COUNT);
  hinge_sandbox_checkpath(L, path, 0);
  if ((name = hinge_input_format_detect(path, &o, &err)) == NULL)
    return hinge__lua_result(L, err.code, &err, 0);
  lua_pushstring(L, name);
  return 1;
}

/* ---- metamethods ---- */

static int session_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)hinge_table_rows(checksession(L, 1)->t));
  return 1;
}

static int session_tostring(lua_State *L) {
  session *s = luaL_checkudata(L, 1, SESSION_MT);
  if (s->t == NULL) {
    lua_pushliteral(L, "hinge.Session (closed)");
  } else {
    char hz[32];
    snprintf(hz, sizeof hz, "%.6g", hinge_table_timing(s->t)->sample_rate_hz);
    lua_pushfstring(L, "hinge.Session (%s: %I rows, %I columns, %s Hz)", hinge_table_file(s->t),
                    (lua_Integer)hinge_table_rows(s->t), (lua_Integer)hinge_table_columns(s->t),
                    hz);
  }
  return 1;
}

/* Fields first, then the method table (upvalue 1). */
static int session_index(lua_State *L) {
  const char *k = lua_tostring(L, 2);
  if (k != NULL && strcmp(k, "rows") == 0) return session_len(L);
  if (k != NULL && strcmp(k, "sample_rate_hz") == 0) {
    lua_pushnumber(L, hinge_table_timing(checksession(L, 1)->t)->sample_rate_hz);
    return 1;
  }
  if (k != NULL && strcmp(k, "meta") == 0) {
    push_meta(L, checksession(L, 1)->t);
    return 1;
  }
  if (k != NULL && strcmp(k, "file") == 0) {
    lua_pushstring(L, hinge_table_file(checksession(L, 1)->t));
    return 1;
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  return 1;
}

static const luaL_Reg session_methods[] = {
  {"columns", session_columns},
  {"column", session_column},
  {"schema", session_schema},
  {"timing", session_timing},
  {"gaps", session_gaps},
  {"warnings", session_warnings},
  {"set_meta", session_set_meta},
  {"format", session_format},
  {"capabilities", session_capabilities},
  {"close", session_release},
  {NULL, NULL}
};

static const luaL_Reg session_meta[] = {
  {"__len", session_len},
  {"__tostring", session_tostring},
  {"__gc", session_release},
  {"__close", session_release},
  {NULL, NULL}
};

void hinge__lua_open_session(lua_State *L) {
  luaL_newmetatable(L, SESSION_MT);
  luaL_setfuncs(L, session_meta, 0);
  luaL_newlib(L, session_methods);
  lua_pushcclosure(L, session_index, 1); /* metatable.__index = fields, then methods */
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  lua_pushcfunction(L, l_load);
  lua_setfield(L, -2, "load");
  lua_pushcfunction(L, l_input_formats);
  lua_setfield(L, -2, "input_formats");
  lua_pushcfunction(L, l_detect_format);
  lua_setfield(L, -2, "detect_format");
}
