/*
 * lchart.c -- hinge.chart: the chart primitives of hinge/chart.h as a
 * hinge.Chart userdata (line, band, bars, threshold, markers, text,
 * axes, legend, svg) and PDF documents (hinge.chart.pdf -> hinge.Pdf:
 * chart, text, rect, page, close).  hinge.chart.timeline and
 * hinge.chart.page are the pure-Lua hinge.page module's.
 */
#include <math.h>
#include <string.h>

#include "hinge/chart.h"
#include "lchart.h"
#include "lhinge.h"

#define CHART_MT "hinge.Chart"
#define PDF_MT "hinge.Pdf"

typedef struct lchart {
  hinge__lua_owned own; /* first */
  hinge_allocator a;
  hinge_chart *c;
} lchart;

typedef struct lpdf {
  hinge__lua_owned own; /* first */
  hinge_allocator a;
  hinge_pdf *p;
} lpdf;

static void chart_free(lua_State *L, hinge__lua_owned *o) {
  lchart *c = (lchart *)o;
  (void)L;
  hinge__lua_disown(o);
  hinge_chart_destroy(c->c);
  c->c = NULL;
}

static void pdf_discard(lua_State *L, hinge__lua_owned *o) {
  lpdf *d = (lpdf *)o;
  (void)L;
  hinge__lua_disown(o);
  hinge_pdf_close(d->p, 0, NULL);
  d->p = NULL;
}

static hinge_chart *checkchart(lua_State *L, int idx) {
  lchart *c = luaL_checkudata(L, idx, CHART_MT);
  if (c->c == NULL) luaL_error(L, "attempt to use a freed hinge.Chart");
  return c->c;
}

static hinge_pdf *checkpdf(lua_State *L, int idx) {
  lpdf *d = luaL_checkudata(L, idx, PDF_MT);
  if (d->p == NULL) luaL_error(L, "attempt to use a closed hinge.Pdf");
  return d->p;
}

/* The style at idx (a table or nil); strings stay on the stack's table. */
static void style_of(lua_State *L, int idx, hinge_chart_style *st) {
  memset(st, 0, sizeof *st);
  st->color = hinge__lua_optstrfield(L, idx, "color", NULL);
  st->width = hinge__lua_optnumfield(L, idx, "width", 0);
  st->opacity = hinge__lua_optnumfield(L, idx, "opacity", 0);
  st->dash = hinge__lua_optboolfield(L, idx, "dash", 0);
  st->label = hinge__lua_optstrfield(L, idx, "label", NULL);
}

/* opts.colors (an array of strings, nil holes allowed) as a userdata-
 * backed array of n pointers, or NULL when absent. */
static const char **colors_of(lua_State *L, int idx, size_t n) {
  const char **cols;
  size_t i;
  if (lua_isnoneornil(L, idx) || lua_getfield(L, idx, "colors") == LUA_TNIL) {
    if (!lua_isnoneornil(L, idx)) lua_pop(L, 1);
    return NULL;
  }
  luaL_checktype(L, -1, LUA_TTABLE);
  cols = lua_newuserdatauv(L, (n ? n : 1) * sizeof *cols, 0);
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, -2, (lua_Integer)i + 1);
    cols[i] = lua_isstring(L, -1) ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1); /* the string stays referenced by the colors table */
  }
  return cols;
}

static void check(lua_State *L, int rc, const hinge_error *err) {
  hinge__lua_check(L, rc, err, 0);
}

/* line/bars/markers(xs, ys [, style]) */
static int points(lua_State *L, int kind) {
  hinge_chart *c = checkchart(L, 1);
  size_t nx, ny;
  const double *x = hinge__lua_tovector(L, 2, &nx), *y = hinge__lua_tovector(L, 3, &ny);
  hinge_chart_style st;
  const char **cols;
  hinge_error err;
  luaL_argcheck(L, nx == ny, 3, "x and y must have the same length");
  style_of(L, 4, &st);
  cols = kind ? colors_of(L, 4, nx) : NULL;
  if (kind == 0) check(L, hinge_chart_line(c, x, y, nx, &st, &err), &err);
  else if (kind == 1) check(L, hinge_chart_bars(c, x, y, nx, cols, &st, &err), &err);
  else check(L, hinge_chart_markers(c, x, y, nx, cols, &st, &err), &err);
  lua_settop(L, 1);
  return 1;
}

static int l_line(lua_State *L) { return points(L, 0); }
static int l_bars(lua_State *L) { return points(L, 1); }
static int l_markers(lua_State *L) { return points(L, 2); }

/* c:band(y0, y1 [, {x0, x1, color, label, opacity}]): nil bounds run to
 * the plot's edge. */
static int l_band(lua_State *L) {
  hinge_chart *c = checkchart(L, 1);
  double y0 = luaL_optnumber(L, 2, NAN), y1 = luaL_optnumber(L, 3, NAN);
  hinge_chart_style st;
  hinge_error err;
  style_of(L, 4, &st);
  check(L, hinge_chart_band(c, hinge__lua_optnumfield(L, 4, "x0", NAN),
                            hinge__lua_optnumfield(L, 4, "x1", NAN), y0, y1, &st, &err), &err);
  lua_settop(L, 1);
  return 1;
}

static int l_threshold(lua_State *L) {
  hinge_chart *c = checkchart(L, 1);
  double y = luaL_checknumber(L, 2);
  hinge_chart_style st;
  hinge_error err;
  style_of(L, 3, &st);
  check(L, hinge_chart_threshold(c, y, &st, &err), &err);
  lua_settop(L, 1);
  return 1;
}

static int l_text(lua_State *L) {
  hinge_chart *c = checkchart(L, 1);
  double x = luaL_checknumber(L, 2), y = luaL_checknumber(L, 3);
  const char *s = luaL_checkstring(L, 4);
  hinge_chart_style st;
  hinge_error err;
  style_of(L, 5, &st);
  check(L, hinge_chart_text(c, x, y, s, &st, &err), &err);
  lua_settop(L, 1);
  return 1;
}

/* The axis table at idx into ax; the labels, as strings, are kept in a
 * new table and a userdata left on the stack. */
static void axis_of(lua_State *L, int idx, hinge_chart_axis *ax) {
  size_t i, n;
  const char **labels;
  int t;
  memset(ax, 0, sizeof *ax);
  ax->min = hinge__lua_optnumfield(L, idx, "min", NAN);
  ax->max = hinge__lua_optnumfield(L, idx, "max", NAN);
  ax->label = hinge__lua_optstrfield(L, idx, "label", NULL);
  ax->dates = hinge__lua_optboolfield(L, idx, "dates", 0);
  if (lua_getfield(L, idx, "labels") == LUA_TNIL) return;
  luaL_checktype(L, -1, LUA_TTABLE);
  n = lua_rawlen(L, -1);
  lua_createtable(L, (int)n, 0);
  t = lua_gettop(L);
  labels = lua_newuserdatauv(L, (n ? n : 1) * sizeof *labels, 0);
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, t - 1, (lua_Integer)i + 1);
    luaL_tolstring(L, -1, NULL);
    labels[i] = lua_tostring(L, -1);
    lua_rawseti(L, t, (lua_Integer)i + 1); /* the string lives in the new table */
    lua_pop(L, 1);
  }
  ax->labels = labels;
  ax->nlabels = n;
}

/* c:axes{x = {min, max, label, dates, labels}, y = {...}} */
static int l_axes(lua_State *L) {
  hinge_chart *c = checkchart(L, 1);
  static const char which[] = "xy";
  hinge_chart_axis ax;
  hinge_error err;
  int i;
  luaL_checktype(L, 2, LUA_TTABLE);
  for (i = 0; i < 2; i++) {
    char k[2] = {which[i], '\0'};
    if (lua_getfield(L, 2, k) == LUA_TNIL) continue;
    luaL_checktype(L, -1, LUA_TTABLE);
    axis_of(L, lua_gettop(L), &ax);
    check(L, hinge_chart_axis_set(c, which[i], &ax, &err), &err);
  }
  lua_settop(L, 1);
  return 1;
}

static int l_legend(lua_State *L) {
  hinge_chart_legend(checkchart(L, 1), lua_isnone(L, 2) || lua_toboolean(L, 2));
  lua_settop(L, 1);
  return 1;
}

static int l_svg(lua_State *L) {
  hinge_chart *c = checkchart(L, 1);
  char *s;
  size_t n;
  hinge_error err;
  int rc = hinge_chart_svg(c, &s, &n, &err);
  if (rc == HINGE_ENOMEM) return luaL_error(L, "not enough memory");
  check(L, rc, &err);
  lua_pushlstring(L, s, n);
  hinge_chart_free_string(c, s, n);
  return 1;
}

static int l_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)hinge_chart_element_count(checkchart(L, 1)));
  return 1;
}

static int l_size(lua_State *L) {
  hinge_chart *c = checkchart(L, 1);
  lua_pushnumber(L, hinge_chart_width(c));
  lua_pushnumber(L, hinge_chart_height(c));
  return 2;
}

static int l_chart_tostring(lua_State *L) {
  lchart *c = luaL_checkudata(L, 1, CHART_MT);
  if (c->c == NULL) lua_pushliteral(L, "hinge.Chart (freed)");
  else lua_pushfstring(L, "hinge.Chart (%d x %d, %d elements)", (int)hinge_chart_width(c->c),
                       (int)hinge_chart_height(c->c), (int)hinge_chart_element_count(c->c));
  return 1;
}

static int l_chart_gc(lua_State *L) {
  chart_free(L, &((lchart *)luaL_checkudata(L, 1, CHART_MT))->own);
  return 0;
}

/* hinge.chart.new{width = 480, height = 240, title, x = {...}, y = {...}, legend} */
static int l_new(lua_State *L) {
  double w = hinge__lua_optnumfield(L, 1, "width", 480), h = hinge__lua_optnumfield(L, 1, "height", 240);
  const char *title = hinge__lua_optstrfield(L, 1, "title", NULL);
  lchart *c = lua_newuserdatauv(L, sizeof *c, 0);
  hinge_error err;
  memset(c, 0, sizeof *c);
  luaL_setmetatable(L, CHART_MT);
  hinge__lua_allocator(L, &c->a);
  hinge__lua_own(L, &c->own, CHART_MT, chart_free);
  hinge__lua_check(L, hinge_chart_new(w, h, title, &c->a, &c->c, &err), &err, 1);
  hinge_chart_legend(c->c, hinge__lua_optboolfield(L, 1, "legend", 0));
  if (lua_istable(L, 1)) lua_pushcfunction(L, l_axes), lua_pushvalue(L, -2), lua_pushvalue(L, 1),
                         lua_call(L, 2, 0);
  return 1;
}

/* ---- PDF ---- */

/* hinge.chart.pdf(path [, {width = 595, height = 842, title, date}]) */
static int l_pdf(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  double w = hinge__lua_optnumfield(L, 2, "width", 595), h = hinge__lua_optnumfield(L, 2, "height", 842);
  const char *title = hinge__lua_optstrfield(L, 2, "title", NULL);
  const char *date = hinge__lua_optstrfield(L, 2, "date", NULL);
  lpdf *d;
  hinge_error err;
  hinge_sandbox_checkpath(L, path, 1);
  d = lua_newuserdatauv(L, sizeof *d, 0);
  memset(d, 0, sizeof *d);
  luaL_setmetatable(L, PDF_MT);
  hinge__lua_allocator(L, &d->a);
  hinge__lua_own(L, &d->own, PDF_MT, pdf_discard);
  return hinge__lua_result(L, hinge_pdf_open(path, w, h, title, date, &d->a, &d->p, &err), &err, 1);
}

static int l_pdf_chart(lua_State *L) {
  hinge_pdf *p = checkpdf(L, 1);
  hinge_chart *c = checkchart(L, 2);
  hinge_error err;
  check(L, hinge_pdf_chart(p, c, luaL_checknumber(L, 3), luaL_checknumber(L, 4), &err), &err);
  lua_settop(L, 1);
  return 1;
}

/* d:text(x, y, s [, {size = 10, bold, color}]) */
static int l_pdf_text(lua_State *L) {
  hinge_pdf *p = checkpdf(L, 1);
  double x = luaL_checknumber(L, 2), y = luaL_checknumber(L, 3);
  const char *s = luaL_checkstring(L, 4);
  hinge_error err;
  check(L, hinge_pdf_text(p, x, y, hinge__lua_optnumfield(L, 5, "size", 10),
                          hinge__lua_optboolfield(L, 5, "bold", 0),
                          hinge__lua_optstrfield(L, 5, "color", NULL), s, &err), &err);
  lua_settop(L, 1);
  return 1;
}

static int l_pdf_rect(lua_State *L) {
  hinge_pdf *p = checkpdf(L, 1);
  hinge_error err;
  check(L, hinge_pdf_rect(p, luaL_checknumber(L, 2), luaL_checknumber(L, 3), luaL_checknumber(L, 4),
                          luaL_checknumber(L, 5), luaL_checkstring(L, 6), &err), &err);
  lua_settop(L, 1);
  return 1;
}

static int l_pdf_page(lua_State *L) {
  hinge_error err;
  check(L, hinge_pdf_page(checkpdf(L, 1), &err), &err);
  lua_settop(L, 1);
  return 1;
}

/* d:close() -> true, or nil, message; the file appears only now. */
static int l_pdf_close(lua_State *L) {
  lpdf *d = luaL_checkudata(L, 1, PDF_MT);
  hinge_error err;
  int rc;
  if (d->p == NULL) return luaL_error(L, "attempt to use a closed hinge.Pdf");
  hinge__lua_disown(&d->own);
  rc = hinge_pdf_close(d->p, 1, &err);
  d->p = NULL;
  lua_pushboolean(L, 1);
  return hinge__lua_result(L, rc, &err, 1);
}

static int l_pdf_gc(lua_State *L) {
  pdf_discard(L, &((lpdf *)luaL_checkudata(L, 1, PDF_MT))->own);
  return 0;
}

static int l_text_width(lua_State *L) {
  lua_pushnumber(L, hinge_chart_text_width(luaL_checkstring(L, 1), luaL_optnumber(L, 2, 10),
                                           lua_toboolean(L, 3)));
  return 1;
}

/* hinge.chart.page / .timeline: from the pure-Lua hinge.page module. */
static int l_lazy(lua_State *L) {
  int n = lua_gettop(L);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "hinge.page");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, lua_tostring(L, lua_upvalueindex(1)));
  lua_insert(L, 1);
  lua_pop(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

static const luaL_Reg chart_methods[] = {
  {"line", l_line}, {"band", l_band}, {"bars", l_bars}, {"threshold", l_threshold},
  {"markers", l_markers}, {"text", l_text}, {"axes", l_axes}, {"legend", l_legend},
  {"svg", l_svg}, {"size", l_size}, {NULL, NULL}
};

static const luaL_Reg pdf_methods[] = {
  {"chart", l_pdf_chart}, {"text", l_pdf_text}, {"rect", l_pdf_rect}, {"page", l_pdf_page},
  {"close", l_pdf_close}, {NULL, NULL}
};

static void metatable(lua_State *L, const char *name, const luaL_Reg *methods,
                      lua_CFunction gc, lua_CFunction tostr) {
  luaL_newmetatable(L, name);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__close");
  if (tostr) lua_pushcfunction(L, tostr), lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
}

void hinge__lua_open_chart(lua_State *L) {
  static const char *const lazy[] = {"page", "timeline", NULL};
  int i;
  metatable(L, CHART_MT, chart_methods, l_chart_gc, l_chart_tostring);
  luaL_getmetatable(L, CHART_MT);
  lua_pushcfunction(L, l_len);
  lua_setfield(L, -2, "__len");
  lua_pop(L, 1);
  metatable(L, PDF_MT, pdf_methods, l_pdf_gc, NULL);
  lua_newtable(L);
  lua_pushcfunction(L, l_new);
  lua_setfield(L, -2, "new");
  lua_pushcfunction(L, l_pdf);
  lua_setfield(L, -2, "pdf");
  lua_pushcfunction(L, l_text_width);
  lua_setfield(L, -2, "text_width");
  for (i = 0; lazy[i] != NULL; i++) {
    lua_pushstring(L, lazy[i]);
    lua_pushcclosure(L, l_lazy, 1);
    lua_setfield(L, -2, lazy[i]);
  }
  lua_setfield(L, -2, "chart");
}
