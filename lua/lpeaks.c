/*
 * lpeaks.c -- hinge.find_peaks: scipy.signal.find_peaks with 1-based
 * indices.
 */
#include <math.h>
#include <string.h>

#include "lhinge.h"

#define PEAKS_MT "hinge.peaks_result" /* guards a hinge_peaks during pushing */

/* opts[key]: absent or nil leaves r alone; a number is a lower bound; a
 * table {min, max} gives both, either may be nil: {} is scipy's (None,
 * None), the property computed and no peak removed. */
static void range_field(lua_State *L, int opts, const char *key, hinge_peak_range *r) {
  int t = lua_isnoneornil(L, opts) ? LUA_TNIL : lua_getfield(L, opts, key);
  if (t == LUA_TNIL) {
    if (!lua_isnoneornil(L, opts)) lua_pop(L, 1);
    return;
  }
  if (t == LUA_TNUMBER) {
    r->min = lua_tonumber(L, -1);
  } else if (t == LUA_TTABLE) {
    int i;
    r->min = -HUGE_VAL; /* given, even when both ends are nil */
    for (i = 1; i <= 2; i++) {
      int u = lua_geti(L, -1, i);
      if (u != LUA_TNIL && u != LUA_TNUMBER)
        luaL_argerror(L, opts, lua_pushfstring(L, "%s must be a number or a {min, max} pair "
                                                  "(element %d is a %s)", key, i, luaL_typename(L, -1)));
      if (u == LUA_TNUMBER) *(i == 1 ? &r->min : &r->max) = lua_tonumber(L, -1);
      lua_pop(L, 1);
    }
  } else {
    luaL_argerror(L, opts, lua_pushfstring(L, "%s must be a number or a {min, max} pair (got %s)",
                                           key, luaL_typename(L, -1)));
  }
  lua_pop(L, 1);
}

/* Read and check the options table at idx; raises on misuse. */
static void peak_opts(lua_State *L, int idx, hinge_peak_opts *o) {
  hinge_error err;
  if (!lua_isnoneornil(L, idx)) luaL_checktype(L, idx, LUA_TTABLE);
  hinge_peak_opts_init(o);
  range_field(L, idx, "height", &o->height);
  range_field(L, idx, "threshold", &o->threshold);
  range_field(L, idx, "prominence", &o->prominence);
  range_field(L, idx, "width", &o->width);
  range_field(L, idx, "plateau_size", &o->plateau_size);
  o->distance = hinge__lua_optnumfield(L, idx, "distance", NAN);
  o->wlen = hinge__lua_optnumfield(L, idx, "wlen", NAN);
  o->rel_height = hinge__lua_optnumfield(L, idx, "rel_height", 0.5);
  o->all_properties = hinge__lua_optboolfield(L, idx, "all_properties", 0);
  hinge__lua_check(L, hinge_peak_opts_check(o, &err), &err, idx);
}

/* Set t[key] = array of n numbers, each plus `shift` (1 turns 0-based
 * positions into Lua's); nothing when the core did not compute v. */
static void set_numbers(lua_State *L, const char *key, const double *v, size_t n, double shift) {
  size_t i;
  if (v == NULL && n > 0) return;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, v[i] + shift);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, key);
}

static void push_integers(lua_State *L, const size_t *v, size_t n, lua_Integer shift) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, (lua_Integer)v[i] + shift);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void set_integers(lua_State *L, const char *key, const size_t *v, size_t n,
                         lua_Integer shift) {
  if (v == NULL && n > 0) return;
  push_integers(L, v, n, shift);
  lua_setfield(L, -2, key);
}

/* The properties table: positions 1-based, sizes and heights as they are. */
static void push_properties(lua_State *L, const hinge_peaks *p) {
  size_t n = p->count;
  lua_createtable(L, 0, 13);
  set_numbers(L, "peak_heights", p->peak_heights, n, 0);
  set_numbers(L, "left_thresholds", p->left_thresholds, n, 0);
  set_numbers(L, "right_thresholds", p->right_thresholds, n, 0);
  set_numbers(L, "prominences", p->prominences, n, 0);
  set_integers(L, "left_bases", p->left_bases, n, 1);
  set_integers(L, "right_bases", p->right_bases, n, 1);
  set_numbers(L, "widths", p->widths, n, 0);
  set_numbers(L, "width_heights", p->width_heights, n, 0);
  set_numbers(L, "left_ips", p->left_ips, n, 1);
  set_numbers(L, "right_ips", p->right_ips, n, 1);
  set_integers(L, "plateau_sizes", p->plateau_sizes, n, 0);
  set_integers(L, "left_edges", p->left_edges, n, 1);
  set_integers(L, "right_edges", p->right_edges, n, 1);
}

static int peaks_gc(lua_State *L) {
  hinge_peaks_clear(luaL_checkudata(L, 1, PEAKS_MT));
  return 0;
}

/* The result lives in a userdata so a Lua error while pushing the tables
 * (out of memory) cannot leak it: __gc clears it.  Empty first. */
static hinge_peaks *new_owner(lua_State *L) {
  hinge_peaks *p = lua_newuserdatauv(L, sizeof *p, 0);
  memset(p, 0, sizeof *p);
  luaL_setmetatable(L, PEAKS_MT);
  return p;
}

/* indices, properties; then clears p now rather than at the next
 * collection. */
static int push_peaks(lua_State *L, hinge_peaks *p) {
  push_integers(L, p->index, p->count, 1);
  push_properties(L, p);
  hinge_peaks_clear(p);
  return 2;
}

/* hinge.find_peaks(x [, opts]) -> indices, properties | nil, message */
static int l_find_peaks(lua_State *L) {
  size_t n;
  const double *x;
  hinge_peak_opts o;
  hinge_allocator a;
  hinge_error err;
  hinge_peaks *p;
  int rc;
  lua_settop(L, 2); /* opts stays at 2 when absent: tovector may push a copy */
  peak_opts(L, 2, &o);
  x = hinge__lua_tovector(L, 1, &n);
  hinge__lua_allocator(L, &a);
  p = new_owner(L);
  rc = hinge_find_peaks(x, n, &o, p, &a, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  return push_peaks(L, p);
}

void hinge__lua_open_peaks(lua_State *L) {
  if (luaL_newmetatable(L, PEAKS_MT)) {
    lua_pushcfunction(L, peaks_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  lua_pushcfunction(L, l_find_peaks);
  lua_setfield(L, -2, "find_peaks");
}
