/*
 * lsink.c -- the Lua table builder: a hinge_sink (hinge/sink.h) that
 * turns an output shape's walk into nested tables, so hinge.analyze and
 * hinge.recovery.assess return exactly the shape the CLI writes as JSON.
 *
 * The NaN policy of the binding (docs/lua.md): in a result table a
 * missing value -- a NaN number, a NULL string, a null object -- leaves
 * its key nil; numbers keep full precision (the walker's decimals are for
 * display).  Series keep NaN.
 *
 * The builder works on the Lua stack only: a key is pushed when it
 * arrives, a value is stored under it (lua_rawset) or, when missing, the
 * key is dropped; an open container sits on the stack until its end.  A
 * memory error in any push longjmps out of the walk; the walkers hold
 * nothing, and the caller keeps its C result in a userdata with __gc.
 */
#include <math.h>

#include "lhinge.h"

static hinge__lua_builder *B(void *ud) { return ud; }

/* Store the value at the top into the open container: under the key
 * below it in an object, at the next index in an array.  At depth 0 the
 * value is the result and stays. */
static void store(hinge__lua_builder *b) {
  lua_State *L = b->L;
  if (b->depth == 0) return;
  if (b->is_array[b->depth - 1]) lua_rawseti(L, -2, ++b->count[b->depth - 1]);
  else lua_rawset(L, -3);
}

/* A missing value: drop its key (an array leaves no hole). */
static void skip(hinge__lua_builder *b) {
  if (b->depth > 0 && !b->is_array[b->depth - 1]) lua_pop(b->L, 1);
}

static void open_container(hinge__lua_builder *b, int array, size_t hint) {
  int n = hint > 64 ? 64 : (int)hint; /* a hint, not a promise */
  if (b->depth >= HINGE_LUA_BUILDER_DEPTH) luaL_error(b->L, "hinge: result nested too deep");
  luaL_checkstack(b->L, 3, "hinge: result nested too deep");
  lua_createtable(b->L, array ? n : 0, array ? 0 : n);
  b->is_array[b->depth] = array;
  b->count[b->depth] = 0;
  b->depth++;
}

static void close_container(void *ud) {
  hinge__lua_builder *b = B(ud);
  b->depth--;
  store(b);
}

static void begin_object(void *ud, size_t hint) { open_container(B(ud), 0, hint); }
static void begin_array(void *ud, size_t hint) { open_container(B(ud), 1, hint); }
static void key(void *ud, const char *k) { lua_pushstring(B(ud)->L, k); }

static void number(void *ud, double x, int decimals) {
  (void)decimals; /* full precision in Lua */
  if (isnan(x)) {
    skip(B(ud));
    return;
  }
  lua_pushnumber(B(ud)->L, x);
  store(B(ud));
}

static void integer(void *ud, long long v) {
  lua_pushinteger(B(ud)->L, (lua_Integer)v);
  store(B(ud));
}

static void string(void *ud, const char *s) {
  if (s == NULL) {
    skip(B(ud));
    return;
  }
  lua_pushstring(B(ud)->L, s);
  store(B(ud));
}

static void boolean(void *ud, int v) {
  lua_pushboolean(B(ud)->L, v);
  store(B(ud));
}

static void null(void *ud) { skip(B(ud)); }

static const hinge_sink lua_sink = {begin_object, close_container, begin_array, close_container,
                                    key, number, integer, string, boolean, null};

const hinge_sink *hinge__lua_sink(hinge__lua_builder *b, lua_State *L) {
  b->L = L;
  b->depth = 0;
  return &lua_sink;
}
