/*
 * ljson.c -- hinge.json.decode(text [, name]) and hinge.json.read(path):
 * the core's strict JSON reader (the one `hinge recovery --analysis`
 * uses) for scripts that read hinge's JSON outputs back.
 */
#include "parse/json_internal.h"
#include "lhinge.h"

#define JDOC_MT "hinge.jsondoc"

/* JSON null: a unique light userdata, also hinge.json.null. */
static char null_sentinel; /* never written: only its address is used */

/* The document and the allocator it keeps a pointer to: both must live
 * until the document is freed. */
typedef struct jdoc_box {
  hinge__jdoc *doc;
  hinge_allocator a;
} jdoc_box;

static int jdoc_gc(lua_State *L) {
  jdoc_box *b = luaL_checkudata(L, 1, JDOC_MT);
  hinge__json_free(b->doc);
  b->doc = NULL;
  return 0;
}

static void push_value(lua_State *L, const hinge__json *v, int depth) {
  size_t i;
  luaL_checkstack(L, 4, "JSON nested too deep");
  switch (v->type) {
  case HINGE__JNULL: lua_pushlightuserdata(L, &null_sentinel); break;
  case HINGE__JFALSE: lua_pushboolean(L, 0); break;
  case HINGE__JTRUE: lua_pushboolean(L, 1); break;
  case HINGE__JNUMBER: lua_pushnumber(L, v->num); break;
  case HINGE__JSTRING: lua_pushlstring(L, v->str, v->len); break;
  case HINGE__JARRAY:
    lua_createtable(L, (int)v->len, 0);
    for (i = 0; i < v->len; i++) {
      push_value(L, &v->items[i], depth + 1);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    break;
  case HINGE__JOBJECT:
    lua_createtable(L, 0, (int)v->len);
    for (i = 0; i < v->len; i++) {
      push_value(L, &v->items[i], depth + 1);
      lua_setfield(L, -2, v->keys[i]);
    }
    break;
  }
}

/* Parse through parse(); the document lives in a userdata so a Lua error
 * while building the tables cannot leak it. */
static int decode_common(lua_State *L, int from_file, const char *src, size_t len,
                         const char *name) {
  jdoc_box *b = lua_newuserdatauv(L, sizeof *b, 0);
  const hinge__json *root;
  hinge_error err;
  int rc;
  b->doc = NULL;
  hinge__lua_allocator(L, &b->a);
  luaL_setmetatable(L, JDOC_MT);
  if (from_file) {
    rc = hinge__json_parse_file(src, &b->a, &b->doc, &root, &err);
  } else {
    hinge__json_src js;
    js.name = name;
    js.text = src;
    js.len = len;
    rc = hinge__json_parse(&js, &b->a, &b->doc, &root, &err);
  }
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  push_value(L, root, 0);
  hinge__json_free(b->doc); /* now rather than at the next collection */
  b->doc = NULL;
  return 1;
}

/* hinge.json.decode(text [, name]) -> value | nil, "name:line:col: message" */
static int l_decode(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  const char *name = luaL_optstring(L, 2, "json");
  return decode_common(L, 0, text, len, name);
}

/* hinge.json.read(path) -> value | nil, "path:line:col: message" */
static int l_read(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  hinge_sandbox_checkpath(L, path, 0);
  return decode_common(L, 1, path, 0, path);
}

static const luaL_Reg funcs[] = {
  {"decode", l_decode},
  {"read", l_read},
  {NULL, NULL}
};

void hinge__lua_open_json(lua_State *L) {
  if (luaL_newmetatable(L, JDOC_MT)) {
    lua_pushcfunction(L, jdoc_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  lua_pushlightuserdata(L, &null_sentinel);
  lua_setfield(L, -2, "null");
  lua_setfield(L, -2, "json");
}
