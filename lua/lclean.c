/*
 * lclean.c -- hinge.fill_gaps, hinge.despike, hinge.resample,
 * hinge.unwrap: each takes a hinge.Series or an array of numbers and
 * returns new series (the input is never modified).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lhinge.h"

/* A length option given in samples (key .. "_samples") or in seconds
 * (key, default def_s, converted at opts.fs).  Raises when neither form
 * can be resolved. */
static size_t length_opt(lua_State *L, int opts, const char *key, double def_s) {
  char skey[64];
  lua_Integer samples;
  double seconds, fs;
  size_t out;
  hinge_error err;
  snprintf(skey, sizeof skey, "%s_samples", key);
  samples = hinge__lua_optintfield(L, opts, skey, LUA_MININTEGER);
  if (samples != LUA_MININTEGER) {
    luaL_argcheck(L, samples >= 0, opts, lua_pushfstring(L, "%s must be >= 0", skey));
    return (size_t)samples;
  }
  seconds = hinge__lua_optnumfield(L, opts, key, def_s);
  fs = hinge__lua_optnumfield(L, opts, "fs", NAN);
  if (isnan(fs))
    luaL_argerror(L, opts, lua_pushfstring(L, "fs is needed to turn %s (seconds) into samples, "
                                              "or give %s", key, skey));
  if (hinge_seconds_to_samples(seconds, fs, &out, &err) != HINGE_OK)
    luaL_argerror(L, opts, lua_pushfstring(L, "%s: %s", key, err.message));
  return out;
}

/* Push a new series holding a copy of argument idx; returns its array. */
static double *copy_arg(lua_State *L, int idx, size_t *n) {
  const double *x = hinge__lua_tovector(L, idx, n);
  double *y = hinge__lua_newseries(L, *n);
  if (*n > 0) memcpy(y, x, *n * sizeof *y);
  return y;
}

/* The fill method named m (opts.method, at opts); an unknown name raises. */
static hinge_fill_method fill_method(lua_State *L, int opts, const char *m) {
  static const char *const methods[] = {"linear", "cubic", NULL};
  int method = 0;
  while (methods[method] != NULL && strcmp(methods[method], m) != 0) method++;
  if (methods[method] == NULL)
    luaL_argerror(L, opts, lua_pushfstring(L, "method must be 'linear' or 'cubic', not '%s'", m));
  return (hinge_fill_method)method;
}

/* hinge.fill_gaps(x, {fs, max_gap = 0.25 | max_gap_samples, method}) ->
 * series, filled */
static int l_fill_gaps(lua_State *L) {
  const char *m;
  size_t max_gap, n, filled;
  hinge_fill_method method;
  double *y;
  hinge_error err;
  lua_settop(L, 2); /* opts at 2 even when absent: copy_arg pushes above it */
  m = hinge__lua_optstrfield(L, 2, "method", "linear");
  max_gap = length_opt(L, 2, "max_gap", HINGE_FILL_MAX_GAP_S);
  method = fill_method(L, 2, m);
  y = copy_arg(L, 1, &n);
  if (hinge_fill_gaps(y, n, max_gap, method, &filled, &err) != HINGE_OK)
    return hinge__lua_result(L, err.code, &err, 0);
  lua_pushinteger(L, (lua_Integer)filled);
  return 2;
}

/* The despike options at opts, checked by the core (misuse raises). */
static void hampel_opts(lua_State *L, int opts, hinge_hampel_opts *o) {
  hinge_error err;
  o->half_window = length_opt(L, opts, "half_window", HINGE_HAMPEL_HALF_WINDOW_S);
  o->k = hinge__lua_optnumfield(L, opts, "k", HINGE_HAMPEL_K);
  o->min_dev = hinge__lua_optnumfield(L, opts, "min_dev", 0.0);
  hinge__lua_check(L, hinge_hampel_opts_check(o, &err), &err, opts);
}

/* hinge.despike(x, {fs, half_window = 0.05 | half_window_samples, k,
 * min_dev}) -> series, replaced */
static int l_despike(lua_State *L) {
  hinge_hampel_opts o;
  hinge_allocator a;
  hinge_error err;
  size_t n, replaced;
  const double *x;
  double *y;
  lua_settop(L, 2);
  hampel_opts(L, 2, &o);
  x = hinge__lua_tovector(L, 1, &n);
  y = hinge__lua_newseries(L, n);
  hinge__lua_allocator(L, &a);
  if (hinge_despike(x, y, n, &o, &replaced, &a, &err) != HINGE_OK)
    return hinge__lua_result(L, err.code, &err, 0);
  lua_pushinteger(L, (lua_Integer)replaced);
  return 2;
}

/* The times (1), values (2) and opts.fs (3) of resample, checked;
 * returns fs. */
static double resample_args(lua_State *L, const double **t, const double **x, size_t *n) {
  size_t nx;
  double fs;
  lua_settop(L, 3);
  fs = hinge__lua_optnumfield(L, 3, "fs", NAN);
  luaL_argcheck(L, fs > 0 && isfinite(fs), 3, "fs must be a number > 0");
  *t = hinge__lua_tovector(L, 1, n);
  *x = hinge__lua_tovector(L, 2, &nx);
  luaL_argcheck(L, nx == *n, 2, "times and values differ in length");
  return fs;
}

/* hinge.resample(t, x, {fs}) -> values, times | nil, message */
static int l_resample(lua_State *L) {
  double fs, *y, *tk;
  size_t n, m;
  const double *t, *x;
  hinge_error err;
  int rc;
  fs = resample_args(L, &t, &x, &n);
  rc = hinge_resample_count(t, n, fs, &m, &err);
  if (rc != HINGE_OK) return hinge__lua_result(L, rc, &err, 0);
  y = hinge__lua_newseries(L, m);
  tk = hinge__lua_newseries(L, m);
  rc = hinge_resample(t, x, n, fs, y, tk, m, &err);
  return hinge__lua_result(L, rc, &err, 2);
}

/* hinge.unwrap(x [, {period = 360, discont}]) -> series */
static int l_unwrap(lua_State *L) {
  double period, discont, *y;
  hinge_error err;
  size_t n;
  lua_settop(L, 2);
  period = hinge__lua_optnumfield(L, 2, "period", 360.0);
  discont = hinge__lua_optnumfield(L, 2, "discont", NAN);
  y = copy_arg(L, 1, &n);
  /* Only the options can be wrong here: NaN samples are skipped. */
  hinge__lua_check(L, hinge_unwrap(y, n, period, discont, &err), &err, 2);
  return 1;
}

static const luaL_Reg clean_funcs[] = {
  {"fill_gaps", l_fill_gaps},
  {"despike", l_despike},
  {"resample", l_resample},
  {"unwrap", l_unwrap},
  {NULL, NULL}
};

void hinge__lua_open_clean(lua_State *L) {
  luaL_setfuncs(L, clean_funcs, 0);
}
