/*
 * lsignal.c -- the lower-level signal functions: filtering with given
 * second-order sections, their initial conditions and padding, the
 * Savitzky-Golay weights, Winter's correction, a low-pass design summary,
 * and scipy's peak_prominences / peak_widths.  Thin shells over
 * filter.h and peaks.h.
 */
#include <math.h>
#include <stdlib.h>

#include "lhinge.h"

#define MAX_SECTIONS 64

/* Read sos (an array of rows {b0, b1, b2, a0, a1, a2}) at idx into buf. */
static int check_sos(lua_State *L, int idx, double *buf) {
  lua_Integer n, s, k;
  luaL_checktype(L, idx, LUA_TTABLE);
  n = luaL_len(L, idx);
  luaL_argcheck(L, n >= 1 && n <= MAX_SECTIONS, idx, "sos must hold 1 to 64 rows");
  for (s = 1; s <= n; s++) {
    lua_rawgeti(L, idx, s);
    luaL_argcheck(L, lua_istable(L, -1) && luaL_len(L, -1) == 6, idx, "each sos row must hold 6 numbers");
    for (k = 1; k <= 6; k++) {
      int isnum;
      lua_rawgeti(L, -1, k);
      buf[(s - 1) * 6 + k - 1] = lua_tonumberx(L, -1, &isnum);
      luaL_argcheck(L, isnum, idx, "each sos row must hold 6 numbers");
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  return (int)n;
}

static void raise_if(lua_State *L, int rc, const hinge_error *err) {
  if (rc == HINGE_EINVAL) hinge__lua_check(L, rc, err, 0);
}

/* hinge.sosfilt(x, sos [, {steady = true}]) -> series */
static int l_sosfilt(lua_State *L) {
  double sos[6 * MAX_SECTIONS];
  size_t n;
  const double *x = hinge__lua_tovector(L, 1, &n);
  int ns = check_sos(L, 2, sos), rc;
  int steady = hinge__lua_optboolfield(L, 3, "steady", 1);
  hinge_error err;
  double *y = hinge__lua_newseries(L, n);
  rc = hinge_sosfilt(sos, ns, x, y, n, steady, &err);
  raise_if(L, rc, &err);
  return hinge__lua_result(L, rc, &err, 1);
}

/* hinge.sosfiltfilt(x, sos [, {padlen = scipy's default}]) -> series | nil, message */
static int l_sosfiltfilt(lua_State *L) {
  double sos[6 * MAX_SECTIONS];
  size_t n;
  const double *x = hinge__lua_tovector(L, 1, &n);
  int ns = check_sos(L, 2, sos), rc;
  lua_Integer padlen = hinge__lua_optintfield(L, 3, "padlen", -1);
  hinge_allocator a;
  hinge_error err;
  double *y;
  luaL_argcheck(L, padlen >= -1, 3, "padlen must be >= 0");
  hinge__lua_allocator(L, &a);
  y = hinge__lua_newseries(L, n);
  rc = hinge_sosfiltfilt(sos, ns, x, y, n,
                         padlen < 0 ? HINGE_PADLEN_DEFAULT : (size_t)padlen, &a, &err);
  raise_if(L, rc, &err);
  return hinge__lua_result(L, rc, &err, 1);
}

/* hinge.sosfilt_zi(sos) -> {{z1, z2}, ...} */
static int l_sosfilt_zi(lua_State *L) {
  double sos[6 * MAX_SECTIONS], zi[2 * MAX_SECTIONS];
  int ns = check_sos(L, 1, sos), s;
  hinge_error err;
  raise_if(L, hinge_sosfilt_zi(sos, ns, zi, &err), &err);
  lua_createtable(L, ns, 0);
  for (s = 0; s < ns; s++) {
    lua_createtable(L, 2, 0);
    lua_pushnumber(L, zi[2 * s]);
    lua_rawseti(L, -2, 1);
    lua_pushnumber(L, zi[2 * s + 1]);
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, -2, s + 1);
  }
  return 1;
}

/* hinge.sosfiltfilt_padlen(sos) -> scipy's default pad length */
static int l_sosfiltfilt_padlen(lua_State *L) {
  double sos[6 * MAX_SECTIONS];
  int ns = check_sos(L, 1, sos);
  lua_pushinteger(L, (lua_Integer)hinge_sosfiltfilt_padlen(sos, ns));
  return 1;
}

/* hinge.winter_correction(order [, npasses = 2]) -> C (0.802 for N = 2) */
static int l_winter_correction(lua_State *L) {
  lua_Integer order = luaL_checkinteger(L, 1), passes = luaL_optinteger(L, 2, 2);
  luaL_argcheck(L, order >= 1 && order <= 8, 1, "order must be 1 to 8");
  luaL_argcheck(L, passes >= 1 && passes <= 1000, 2, "npasses must be >= 1");
  lua_pushnumber(L, hinge_winter_correction((int)order, (int)passes));
  return 1;
}

/* The window (1), polyorder (2) and opts (3) of savgol_coeffs, checked:
 * here only what the int fields cannot hold, the rest by the core. */
static void coeff_opts(lua_State *L, hinge_savgol_opts *o) {
  lua_Integer w = luaL_checkinteger(L, 1), p = luaL_checkinteger(L, 2);
  hinge_error err;
  luaL_argcheck(L, w >= 1 && w <= 100001, 1, "window must be 1 to 100001");
  luaL_argcheck(L, p >= 0 && p < w, 2, "polyorder must be 0 to window - 1");
  hinge_savgol_opts_init(o);
  o->window = (int)w;
  o->polyorder = (int)p;
  o->deriv = (int)hinge__lua_optintfield(L, 3, "deriv", 0);
  o->fs = hinge__lua_optnumfield(L, 3, "fs", 1.0);
  hinge__lua_check(L, hinge_savgol_opts_check(o, &err), &err, 0);
}

/* hinge.savgol_coeffs(window, polyorder [, {deriv = 0, fs = 1}]) -> series
 * of weights in correlation order (y[i] = sum w[k] x[i - window/2 + k]). */
static int l_savgol_coeffs(lua_State *L) {
  hinge_savgol_opts o;
  hinge_allocator a;
  hinge_error err;
  double *c;
  coeff_opts(L, &o);
  hinge__lua_allocator(L, &a);
  c = hinge__lua_newseries(L, (size_t)o.window);
  hinge__lua_check(L, hinge_savgol_coeffs(o.window, o.polyorder, o.deriv, o.deriv ? 1.0 / o.fs : 1.0,
                                          c, &a, &err),
                   &err, 0);
  return 1;
}

/* 1-based peak indices at idx -> 0-based array in a userdata kept on the
 * stack; each must be within 1..n. */
static size_t *check_peaks(lua_State *L, int idx, size_t n, size_t *np) {
  lua_Integer k, len;
  size_t *p;
  luaL_checktype(L, idx, LUA_TTABLE);
  len = luaL_len(L, idx);
  p = lua_newuserdatauv(L, (size_t)(len > 0 ? len : 1) * sizeof *p, 0);
  for (k = 1; k <= len; k++) {
    lua_Integer v;
    lua_rawgeti(L, idx, k);
    v = lua_tointeger(L, -1);
    luaL_argcheck(L, v >= 1 && (size_t)v <= n, idx, "peak index out of range");
    p[k - 1] = (size_t)(v - 1);
    lua_pop(L, 1);
  }
  *np = (size_t)len;
  return p;
}

static void push_doubles(lua_State *L, const double *v, size_t n, double shift) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushnumber(L, v[i] + shift);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

static void push_indices(lua_State *L, const size_t *v, size_t n) {
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, (lua_Integer)v[i] + 1);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* The arguments shared by peak_prominences and peak_widths, and the
 * prominences with their bases. */
typedef struct prom_run {
  const double *x;
  size_t n, np, *peaks, *lb, *rb;
  double *prom;
} prom_run;

/* Read x (1), peaks (2) and opts.wlen (3), and compute the prominences
 * into scratch userdata pushed above the options; returns the status. */
static int prominences(lua_State *L, prom_run *p, hinge_error *err) {
  double wlen;
  size_t m;
  lua_settop(L, 3); /* options stay at 3; the scratch arrays go above */
  wlen = hinge__lua_optnumfield(L, 3, "wlen", NAN);
  p->x = hinge__lua_tovector(L, 1, &p->n);
  p->peaks = check_peaks(L, 2, p->n, &p->np);
  m = p->np ? p->np : 1;
  p->prom = lua_newuserdatauv(L, m * sizeof *p->prom, 0);
  p->lb = lua_newuserdatauv(L, m * sizeof *p->lb, 0);
  p->rb = lua_newuserdatauv(L, m * sizeof *p->rb, 0);
  return hinge_peak_prominences(p->x, p->n, p->peaks, p->np, wlen, p->prom, p->lb, p->rb, err);
}

/* hinge.peak_prominences(x, peaks [, {wlen}]) -> prominences, left_bases,
 * right_bases (1-based) | nil, message */
static int l_peak_prominences(lua_State *L) {
  prom_run p;
  hinge_error err;
  int rc = prominences(L, &p, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  push_doubles(L, p.prom, p.np, 0);
  push_indices(L, p.lb, p.np);
  push_indices(L, p.rb, p.np);
  return 3;
}

/* The four arrays of peak_widths (each m long, np used) as Lua arrays,
 * the interpolated positions 1-based. */
static void push_widths(lua_State *L, const double *out, size_t np, size_t m) {
  push_doubles(L, out, np, 0);
  push_doubles(L, out + m, np, 0);
  push_doubles(L, out + 2 * m, np, 1);
  push_doubles(L, out + 3 * m, np, 1); /* widths, heights, left_ips, right_ips */
}

/* hinge.peak_widths(x, peaks [, {rel_height = 0.5, wlen}]) -> widths,
 * width_heights, left_ips, right_ips (1-based) | nil, message */
static int l_peak_widths(lua_State *L) {
  prom_run p;
  hinge_error err;
  double rel = hinge__lua_optnumfield(L, 3, "rel_height", 0.5), *out;
  size_t m;
  int rc = prominences(L, &p, &err);
  m = p.np ? p.np : 1;
  out = lua_newuserdatauv(L, 4 * m * sizeof *out, 0); /* widths, heights, left, right */
  if (rc == HINGE_OK)
    rc = hinge_peak_widths(p.x, p.n, p.peaks, p.np, rel, p.prom, p.lb, p.rb, out, out + m,
                           out + 2 * m, out + 3 * m, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  push_widths(L, out, p.np, m);
  return 4;
}

static const luaL_Reg funcs[] = {
  {"sosfilt", l_sosfilt},
  {"sosfiltfilt", l_sosfiltfilt},
  {"sosfilt_zi", l_sosfilt_zi},
  {"sosfiltfilt_padlen", l_sosfiltfilt_padlen},
  {"winter_correction", l_winter_correction},
  {"savgol_coeffs", l_savgol_coeffs},
  {"peak_prominences", l_peak_prominences},
  {"peak_widths", l_peak_widths},
  {NULL, NULL}
};

void hinge__lua_open_signal(lua_State *L) {
  luaL_setfuncs(L, funcs, 0);
}
