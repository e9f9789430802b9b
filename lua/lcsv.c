/*
 * lcsv.c -- hinge.csv.read(path, {header=true, delimiter=nil}) -> rows, header
 *
 * The reader lives in a userdata box whose __gc/__close closes it, so a
 * Lua error raised while building the rows (out of memory in a sandbox)
 * cannot leak it.  Records come from the pull reader: no Lua call ever
 * runs inside libcsv.
 */
#include <string.h>

#include "lhinge.h"

#define READER_MT "hinge.csv.reader"

typedef struct box {
  hinge_allocator a;   /* the reader keeps a pointer to it: it lives here */
  hinge_csv_reader *r; /* NULL once closed */
} box;

static int box_close(lua_State *L) {
  box *b = luaL_checkudata(L, 1, READER_MT);
  hinge_csv_close(b->r);
  b->r = NULL;
  return 0;
}

static box *newbox(lua_State *L) {
  box *b = lua_newuserdatauv(L, sizeof *b, 0);
  b->r = NULL;
  hinge__lua_allocator(L, &b->a);
  if (luaL_newmetatable(L, READER_MT)) {
    lua_pushcfunction(L, box_close);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, box_close);
    lua_setfield(L, -2, "__close");
  }
  lua_setmetatable(L, -2);
  return b;
}

static char checkdelim(lua_State *L, int idx) {
  const char *d = hinge__lua_optstrfield(L, idx, "delimiter", NULL);
  if (d == NULL) return 0;
  if (strcmp(d, ",") != 0 && strcmp(d, ";") != 0 && strcmp(d, "\t") != 0)
    luaL_error(L, "option 'delimiter' must be ',', ';' or '\\t' (got '%s')", d);
  return d[0];
}

/* Push a record as an array of strings. */
static void push_array(lua_State *L, const hinge_csv_row *row) {
  size_t i;
  lua_createtable(L, (int)row->nfields, 0);
  for (i = 0; i < row->nfields; i++) {
    lua_pushlstring(L, row->fields[i], row->lengths[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* Push a record keyed by the header (array at hidx); NULL when it has
 * more fields than the header (the caller reports it). */
static int push_keyed(lua_State *L, int hidx, const hinge_csv_row *row) {
  size_t i, nh = (size_t)lua_rawlen(L, hidx);
  if (row->nfields > nh) return 0;
  lua_createtable(L, 0, (int)row->nfields);
  for (i = 0; i < row->nfields; i++) {
    lua_rawgeti(L, hidx, (lua_Integer)i + 1);      /* name */
    lua_pushlstring(L, row->fields[i], row->lengths[i]);
    lua_rawset(L, -3);
  }
  return 1;
}

static int ragged(lua_State *L, const char *path, const hinge_csv_row *row, size_t nh) {
  return hinge__lua_fail(L, "%s:%d:%d: the record has %d fields but the header has %d", path,
                         (int)row->line, (int)nh + 1, (int)row->nfields, (int)nh);
}

/* Stack: 1 path, 2 opts, 3 box, 4 rows, 5 header (or nil). */
static int read_rows(lua_State *L, box *b, const char *path, int header) {
  const hinge_csv_row *row;
  hinge_error err;
  lua_Integer n = 0;
  int rc;
  while ((rc = hinge_csv_next(b->r, &row, &err)) == 1) {
    if (header && row->index == 0) {
      push_array(L, row);
      lua_replace(L, 5);
    } else if (header) {
      if (!push_keyed(L, 5, row)) return ragged(L, path, row, (size_t)lua_rawlen(L, 5));
      lua_rawseti(L, 4, ++n);
    } else {
      push_array(L, row);
      lua_rawseti(L, 4, ++n);
    }
  }
  if (rc < 0) return hinge__lua_result(L, rc, &err, 0);
  return 2;
}

/* Stack: 1 path, 2 opts, 3 box (open reader).  Reads every row and
 * closes the reader; rows, header -- or nil, message. */
static int read_all(lua_State *L, box *b, const char *path, int header) {
  int nret;
  lua_newtable(L);               /* 4 rows */
  lua_pushnil(L);                /* 5 header */
  nret = read_rows(L, b, path, header);
  hinge_csv_close(b->r);
  b->r = NULL;
  return nret;
}

static int l_csv_read(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  hinge_sandbox_checkpath(L, path, 0);
  int header = hinge__lua_optboolfield(L, 2, "header", 1);
  hinge_csv_options o;
  hinge_error err;
  box *b;
  int rc;
  memset(&o, 0, sizeof o);
  o.delimiter = checkdelim(L, 2);
  lua_settop(L, 2);
  b = newbox(L);                 /* 3 */
  o.alloc = &b->a;
  rc = hinge_csv_open_file(path, &o, &b->r, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  return read_all(L, b, path, header);
}

void hinge__lua_open_csv(lua_State *L) {
  static const luaL_Reg funcs[] = {{"read", l_csv_read}, {NULL, NULL}};
  luaL_newlib(L, funcs);
  lua_setfield(L, -2, "csv");
}
