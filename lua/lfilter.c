/*
 * lfilter.c -- hinge.lowpass, hinge.savgol, hinge.residual_cutoff and
 * hinge.butter, hinge.lowpass_design over the core in filter.h.
 *
 * Options are checked by the core's *_check calls: an option outside its
 * domain is misuse and raises with the core's message; a signal the filter
 * cannot take (too short, no crossing) returns nil, message.
 */
#include "lhinge.h"


static void read_lowpass(lua_State *L, int idx, hinge_lowpass_opts *o) {
  hinge_error err;
  luaL_checktype(L, idx, LUA_TTABLE);
  hinge_lowpass_opts_init(o);
  o->cutoff_hz = hinge__lua_optnumfield(L, idx, "cutoff", o->cutoff_hz);
  o->fs = hinge__lua_optnumfield(L, idx, "fs", o->fs);
  o->order = (int)hinge__lua_optintfield(L, idx, "order", o->order);
  o->zero_phase = hinge__lua_optboolfield(L, idx, "zero_phase", o->zero_phase);
  o->correct_cutoff = hinge__lua_optboolfield(L, idx, "correct_cutoff", o->correct_cutoff);
  hinge__lua_check(L, hinge_lowpass_opts_check(o, &err), &err, 0);
}

/* hinge.lowpass(x, {fs=, cutoff=6, order=2, zero_phase=true,
 * correct_cutoff=false}) -> series | nil, message */
static int l_lowpass(lua_State *L) {
  size_t n;
  const double *x = hinge__lua_tovector(L, 1, &n);
  hinge_lowpass_opts o;
  hinge_allocator a;
  hinge_error err;
  double *y;
  int rc;
  read_lowpass(L, 2, &o);
  hinge__lua_allocator(L, &a);
  y = hinge__lua_newseries(L, n);
  rc = hinge_lowpass(x, y, n, &o, NULL, &a, &err);
  return hinge__lua_result(L, rc, &err, 1);
}

/* The savgol options at idx, checked by the core (misuse raises);
 * `polyorder` is accepted for `order`. */
static void read_savgol(lua_State *L, int idx, hinge_savgol_opts *o) {
  hinge_error err;
  luaL_checktype(L, idx, LUA_TTABLE);
  hinge_savgol_opts_init(o);
  o->window = (int)hinge__lua_optintfield(L, idx, "window", o->window);
  o->polyorder = (int)hinge__lua_optintfield(L, idx, "polyorder", o->polyorder);
  o->polyorder = (int)hinge__lua_optintfield(L, idx, "order", o->polyorder);
  o->deriv = (int)hinge__lua_optintfield(L, idx, "deriv", o->deriv);
  o->fs = hinge__lua_optnumfield(L, idx, "fs", o->fs);
  hinge__lua_check(L, hinge_savgol_opts_check(o, &err), &err, 0);
}

/* hinge.savgol(x, {window=, order=2, deriv=0, fs=}) -> series | nil, message */
static int l_savgol(lua_State *L) {
  size_t n;
  const double *x = hinge__lua_tovector(L, 1, &n);
  hinge_savgol_opts o;
  hinge_allocator a;
  hinge_error err;
  double *y;
  int rc;
  read_savgol(L, 2, &o);
  hinge__lua_allocator(L, &a);
  y = hinge__lua_newseries(L, n);
  rc = hinge_savgol(x, y, n, &o, NULL, &a, &err);
  return hinge__lua_result(L, rc, &err, 1);
}

static void read_residual(lua_State *L, int idx, hinge_residual_opts *o, double *fs) {
  lua_Integer count;
  luaL_checktype(L, idx, LUA_TTABLE);
  hinge_residual_opts_init(o);
  *fs = hinge__lua_optnumfield(L, idx, "fs", 0);
  o->order = (int)hinge__lua_optintfield(L, idx, "order", o->order);
  o->correct_cutoff = hinge__lua_optboolfield(L, idx, "correct_cutoff", o->correct_cutoff);
  count = hinge__lua_optintfield(L, idx, "count", (lua_Integer)o->count);
  if (count < 2 || count > 100000) luaL_error(L, "option 'count' must be 2..100000");
  o->count = (size_t)count;
  o->max_hz = hinge__lua_optnumfield(L, idx, "max_hz", o->max_hz);
  o->fit_lo_hz = hinge__lua_optnumfield(L, idx, "fit_lo_hz", o->fit_lo_hz);
  o->fit_hi_hz = hinge__lua_optnumfield(L, idx, "fit_hi_hz", o->fit_hi_hz);
}

/* The fit's figures into the info table at index info, the cutoff below
 * it: the two results. */
static int push_fit(lua_State *L, int info, const hinge_residual_result *r) {
  lua_pushnumber(L, r->noise_rms);
  lua_setfield(L, info, "noise_rms");
  lua_pushnumber(L, r->slope);
  lua_setfield(L, info, "slope");
  lua_pushinteger(L, (lua_Integer)r->fit_points);
  lua_setfield(L, info, "fit_points");
  lua_pushnumber(L, r->cutoff_hz);
  lua_insert(L, info); /* cutoff, info */
  return 2;
}

/* Pushes the info table with its two curves of count entries, for the
 * core to fill; returns its index. */
static int new_info(lua_State *L, size_t count, double **freqs, double **res) {
  int info;
  lua_createtable(L, 0, 5);
  info = lua_gettop(L);
  *freqs = hinge__lua_newseries(L, count);
  lua_setfield(L, info, "freqs");
  *res = hinge__lua_newseries(L, count);
  lua_setfield(L, info, "residuals"); /* info */
  return info;
}

/* hinge.residual_cutoff(x, {fs=, order=2, correct_cutoff=false, count=100,
 * max_hz=fs/4, fit_lo_hz=max_hz/2, fit_hi_hz=max_hz})
 * -> cutoff, {noise_rms, slope, fit_points, freqs, residuals} | nil, message */
static int l_residual_cutoff(lua_State *L) {
  size_t n;
  const double *x = hinge__lua_tovector(L, 1, &n);
  hinge_residual_opts o;
  hinge_residual_result r;
  hinge_allocator a;
  hinge_error err;
  double fs, *freqs, *res;
  int rc, info;
  read_residual(L, 2, &o, &fs);
  hinge__lua_allocator(L, &a);
  info = new_info(L, o.count, &freqs, &res);
  rc = hinge_residual_cutoff(x, n, fs, &o, &r, freqs, res, &a, &err);
  if (rc == HINGE_EINVAL) hinge__lua_check(L, rc, &err, 0); /* a bad option is misuse */
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  return push_fit(L, info, &r);
}

/* {{b0, b1, b2, a0, a1, a2}, ...}: ns second-order sections. */
static void push_sos(lua_State *L, const double *sos, int ns) {
  int s, k;
  lua_createtable(L, ns, 0);
  for (s = 0; s < ns; s++) {
    lua_createtable(L, 6, 0);
    for (k = 0; k < 6; k++) {
      lua_pushnumber(L, sos[6 * s + k]);
      lua_rawseti(L, -2, k + 1);
    }
    lua_rawseti(L, -2, s + 1);
  }
}

/* hinge.butter(order, cutoff, fs) -> {{b0, b1, b2, a0, a1, a2}, ...} */
static int l_butter(lua_State *L) {
  int order = (int)luaL_checkinteger(L, 1), ns;
  double cutoff = luaL_checknumber(L, 2), fs = luaL_checknumber(L, 3);
  double sos[6 * HINGE_SOS_MAX_SECTIONS];
  hinge_error err;
  hinge__lua_check(L, hinge_butter_sos(order, cutoff, fs, sos, &ns, &err), &err, 0);
  push_sos(L, sos, ns);
  return 1;
}

/* The design's figures into the table on top (its sos field is set). */
static void set_design(lua_State *L, const hinge_lowpass_opts *o, double cutoff) {
  char desc[256];
  lua_pushnumber(L, cutoff);
  lua_setfield(L, -2, "design_cutoff_hz");
  lua_pushinteger(L, (lua_Integer)hinge_lowpass_min_length(o));
  lua_setfield(L, -2, "min_length");
  hinge_lowpass_describe(o, desc, sizeof desc);
  lua_pushstring(L, desc);
  lua_setfield(L, -2, "description");
}

/* hinge.lowpass_design{fs=, cutoff=6, order=2, zero_phase=true,
 * correct_cutoff=false} -> {sos, design_cutoff_hz, min_length,
 * description}: what hinge.lowpass would run, its options read once
 * (read_lowpass) for both. */
static int l_lowpass_design(lua_State *L) {
  hinge_lowpass_opts o;
  hinge_error err;
  double sos[6 * HINGE_SOS_MAX_SECTIONS], cutoff;
  int ns;
  read_lowpass(L, 1, &o);
  cutoff = hinge_lowpass_design_cutoff(&o);
  hinge__lua_check(L, hinge_butter_sos(o.order, cutoff, o.fs, sos, &ns, &err), &err, 0);
  lua_createtable(L, 0, 4);
  push_sos(L, sos, ns);
  lua_setfield(L, -2, "sos"); /* design */
  set_design(L, &o, cutoff);
  return 1;
}

static const luaL_Reg filter_funcs[] = {
  {"lowpass", l_lowpass},
  {"savgol", l_savgol},
  {"residual_cutoff", l_residual_cutoff},
  {"butter", l_butter},
  {"lowpass_design", l_lowpass_design},
  {NULL, NULL}
};

void hinge__lua_open_filter(lua_State *L) {
  luaL_setfuncs(L, filter_funcs, 0);
}
