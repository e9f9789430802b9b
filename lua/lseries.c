/*
 * lseries.c -- hinge.Series: a userdata over a double array, the currency
 * of every bulk function.  The array is allocated with the Lua state's
 * allocator so a sandbox memory cap sees it.
 */
#include <math.h>
#include <string.h>

#include "hinge/stats.h"
#include "lhinge.h"

#define SERIES_MT "hinge.Series"

typedef struct series {
  hinge__lua_owned own; /* first: the owner's node is the series */
  size_t n;
  double *data; /* NULL once closed */
} series;

/* ---- the owner (lhinge.h) ---- */

#define OWNER_KEY "hinge.owner"

typedef struct owner {
  hinge__lua_owned head; /* circular list */
  int closed;            /* its __gc ran: the state is closing */
} owner;

static int owner_gc(lua_State *L) {
  owner *w = lua_touserdata(L, 1);
  while (w->head.next != &w->head) w->head.next->release(L, w->head.next);
  w->closed = 1;
  return 0;
}

/* The state's owner (made on first use: luaopen_hinge opens the series
 * first, before any object exists). */
static owner *get_owner(lua_State *L) {
  owner *w;
  if (lua_getfield(L, LUA_REGISTRYINDEX, OWNER_KEY) == LUA_TUSERDATA) {
    w = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return w;
  }
  lua_pop(L, 1);
  w = lua_newuserdatauv(L, sizeof *w, 0);
  w->head.prev = w->head.next = &w->head;
  w->head.release = NULL;
  w->closed = 0;
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, owner_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, OWNER_KEY);
  return w;
}

void hinge__lua_own(lua_State *L, hinge__lua_owned *o, const char *what,
                    void (*release)(lua_State *L, hinge__lua_owned *o)) {
  owner *w = get_owner(L);
  if (w->closed) luaL_error(L, "cannot create a %s while the Lua state closes", what);
  o->release = release;
  o->prev = &w->head;
  o->next = w->head.next;
  w->head.next->prev = o;
  w->head.next = o;
}

void hinge__lua_disown(hinge__lua_owned *o) {
  if (o->next == NULL) return;
  o->prev->next = o->next;
  o->next->prev = o->prev;
  o->prev = o->next = NULL;
}

/* ---- series ---- */

/* The size of the block behind a series of n samples.  An empty series
 * still gets a block of one sample, since a NULL data pointer means
 * closed; freeing must name this same size, or the state's allocator
 * (a sandbox's memory count) drifts. */
static size_t series_bytes(size_t n) {
  return (n ? n : 1) * sizeof(double);
}

/* Free the array; idempotent, so it serves __gc, __close and the owner
 * alike. */
static void series_free(lua_State *L, hinge__lua_owned *o) {
  series *s = (series *)o;
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  hinge__lua_disown(o);
  if (s->data != NULL) f(ud, s->data, series_bytes(s->n), 0);
  s->data = NULL;
  s->n = 0;
}

static int series_release(lua_State *L) {
  series_free(L, &((series *)luaL_checkudata(L, 1, SERIES_MT))->own);
  return 0;
}

double *hinge__lua_newseries(lua_State *L, size_t n) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  series *s = lua_newuserdatauv(L, sizeof *s, 0);
  s->n = 0; /* safe empty state before acquiring memory (as liolib's newprefile) */
  s->data = NULL;
  s->own.prev = s->own.next = NULL;
  luaL_setmetatable(L, SERIES_MT);
  hinge__lua_own(L, &s->own, "hinge.Series", series_free);
  if (n > ((size_t)-1) / sizeof(double)) luaL_error(L, "series too large (%I elements)", (lua_Integer)n);
  s->data = f(ud, NULL, 0, series_bytes(n));
  if (s->data == NULL) luaL_error(L, "not enough memory for a series of %I samples", (lua_Integer)n);
  s->n = n;
  return s->data;
}

void hinge__lua_pushseries(lua_State *L, const double *x, size_t n) {
  double *d = hinge__lua_newseries(L, n);
  if (n > 0) memcpy(d, x, n * sizeof *d);
}

/* A closed series behaves as an empty one. */
static series *checkseries(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, SERIES_MT);
}

const double *hinge__lua_tovector(lua_State *L, int idx, size_t *n) {
  series *s = luaL_testudata(L, idx, SERIES_MT);
  lua_Integer i, len;
  double *d;
  if (s != NULL) {
    *n = s->n;
    return s->data;
  }
  if (lua_type(L, idx) != LUA_TTABLE) {
    luaL_typeerror(L, idx, "hinge.Series or array of numbers");
    return NULL;
  }
  idx = lua_absindex(L, idx);
  len = luaL_len(L, idx);
  d = hinge__lua_newseries(L, (size_t)len);
  for (i = 1; i <= len; i++) {
    int isnum;
    lua_rawgeti(L, idx, i);
    d[i - 1] = lua_tonumberx(L, -1, &isnum);
    if (!isnum) {
      if (lua_isnil(L, -1)) d[i - 1] = NAN; /* a hole: missing sample */
      else luaL_error(L, "bad argument #%d (element %I is a %s, expected a number)",
                      idx, i, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
  }
  lua_replace(L, idx); /* the series takes the array's stack slot */
  *n = (size_t)len;
  return d;
}

static int series_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)checkseries(L, 1)->n);
  return 1;
}

static int series_index(lua_State *L) {
  series *s = checkseries(L, 1);
  int isint;
  lua_Integer i = lua_tointegerx(L, 2, &isint);
  if (isint) {
    if (i >= 1 && (size_t)i <= s->n) lua_pushnumber(L, s->data[i - 1]);
    else lua_pushnil(L);
    return 1;
  }
  lua_getmetatable(L, 1);
  lua_getfield(L, -1, "__methods"); /* metatable.__methods = method table */
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  return 1;
}

static int series_newindex(lua_State *L) {
  series *s = checkseries(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  lua_Number v = luaL_checknumber(L, 3);
  luaL_argcheck(L, i >= 1 && (size_t)i <= s->n, 2, "index out of range");
  s->data[i - 1] = v;
  return 0;
}

static int series_tostring(lua_State *L) {
  series *s = checkseries(L, 1);
  if (s->data == NULL) lua_pushliteral(L, "hinge.Series (closed)");
  else lua_pushfstring(L, "hinge.Series (%I samples)", (lua_Integer)s->n);
  return 1;
}

static int series_totable(lua_State *L) {
  series *s = checkseries(L, 1);
  size_t i;
  lua_createtable(L, (int)(s->n > 0x7fffffff ? 0 : s->n), 0);
  for (i = 0; i < s->n; i++) {
    lua_pushnumber(L, s->data[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* A result table leaves an undefined statistic nil (docs/lua.md,
 * "Missing values"). */
static void setnum(lua_State *L, const char *k, double v) {
  if (isnan(v)) return;
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

/* s:stats() -> {n, valid, mean, sd, min, max, median}; nil where undefined. */
static int series_stats(lua_State *L) {
  size_t n;
  const double *x = hinge__lua_tovector(L, 1, &n);
  hinge_stats st;
  hinge_error err;
  hinge_allocator a;
  hinge__lua_allocator(L, &a);
  if (hinge_stats_compute(x, n, &st, &a, &err) != HINGE_OK)
    return hinge__lua_result(L, err.code, &err, 0);
  lua_createtable(L, 0, 7);
  lua_pushinteger(L, (lua_Integer)st.n);
  lua_setfield(L, -2, "n");
  lua_pushinteger(L, (lua_Integer)st.valid);
  lua_setfield(L, -2, "valid");
  setnum(L, "mean", st.mean);
  setnum(L, "sd", st.sd);
  setnum(L, "min", st.min);
  setnum(L, "max", st.max);
  setnum(L, "median", st.median);
  return 1;
}

/* hinge.series(t) copies an array of numbers; hinge.series(n [, fill]). */
/* hinge.Series(n [, fill]): n copies of fill. */
static int series_filled(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1), i;
  lua_Number fill = luaL_optnumber(L, 2, 0.0);
  double *d;
  luaL_argcheck(L, n >= 0, 1, "length must be >= 0");
  d = hinge__lua_newseries(L, (size_t)n);
  for (i = 0; i < n; i++) d[i] = fill;
  return 1;
}

static int l_series(lua_State *L) {
  size_t n;
  int was_table;
  const double *x;
  if (lua_type(L, 1) == LUA_TNUMBER) return series_filled(L);
  was_table = lua_type(L, 1) == LUA_TTABLE;
  x = hinge__lua_tovector(L, 1, &n);
  if (was_table) lua_pushvalue(L, 1); /* already a fresh copy */
  else hinge__lua_pushseries(L, x, n);
  return 1;
}

static const luaL_Reg series_meta[] = {
  {"__len", series_len},
  {"__index", series_index},
  {"__newindex", series_newindex},
  {"__tostring", series_tostring},
  {"__gc", series_release},
  {"__close", series_release},
  {NULL, NULL}
};

static const luaL_Reg series_methods[] = {
  {"totable", series_totable},
  {"stats", series_stats},
  {"close", series_release},
  {NULL, NULL}
};

void hinge__lua_open_series(lua_State *L) {
  get_owner(L); /* before any object: see lhinge.h */
  luaL_newmetatable(L, SERIES_MT);
  luaL_setfuncs(L, series_meta, 0);
  luaL_newlib(L, series_methods);
  lua_setfield(L, -2, "__methods"); /* metatable.__methods = method table */
  lua_pop(L, 1);
  lua_pushcfunction(L, l_series);
  lua_setfield(L, -2, "series");
}
