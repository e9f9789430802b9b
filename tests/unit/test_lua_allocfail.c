/* The Lua binding under allocation failure: a Lua state whose allocator
 * fails from the Nth allocation on (or only the Nth) runs hinge.analyze,
 * hinge.recovery.load_metrics and friends for every N up to what a clean
 * run needs.  Each run must end without a crash and, after lua_close,
 * with every byte given back: the allocator keeps the size of each block
 * in a header, so a free or realloc that names the wrong old size (osize)
 * is counted too, and the caller's accounting (what a sandbox cap sees)
 * must balance to zero.  Under HINGE_SANITIZE, LeakSanitizer checks that
 * nothing bypassed the allocator and leaked. */
#include <criterion/criterion.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/lua.h"

/* Under AddressSanitizer, ask LeakSanitizer now: a leak it reports when
 * Criterion's worker exits would not fail the test. */
#if defined(__SANITIZE_ADDRESS__)
#  include <sanitizer/lsan_interface.h>
#  define LEAKS_FOUND() __lsan_do_recoverable_leak_check()
#else
#  define LEAKS_FOUND() 0
#endif

/* Room for the block size in front of each block, aligned for anything. */
typedef union header {
  size_t size;
  long double ld;
  void *p;
  long long ll;
} header;

typedef struct acct {
  long long claimed;  /* bytes by the callers' own osize/nsize */
  long long real;     /* bytes by the headers */
  long allocs;        /* growths counted so far */
  long fail_at;       /* the growth that fails first (1-based); 0 = never */
  int persistent;     /* fail every growth from fail_at on, not only that one */
  long mismatches;    /* frees/reallocs whose osize was not the block's size */
  size_t first_bad_osize, first_bad_size;
} acct;

static void note_osize(acct *a, const header *h, size_t osize) {
  if (h->size == osize) return;
  if (a->mismatches++ == 0) {
    a->first_bad_osize = osize;
    a->first_bad_size = h->size;
  }
}

/* Growth (a new block or a bigger one) may fail; frees and shrinks never
 * do, as with a real allocator under a cap. */
static int should_fail(acct *a, void *ptr, size_t osize, size_t nsize) {
  if (ptr != NULL && nsize <= osize) return 0;
  a->allocs++;
  if (a->fail_at == 0) return 0;
  return a->persistent ? a->allocs >= a->fail_at : a->allocs == a->fail_at;
}

static void *checking_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  acct *a = ud;
  header *h = ptr ? (header *)ptr - 1 : NULL;
  size_t old = h ? h->size : 0;
  if (h != NULL) note_osize(a, h, osize);
  if (nsize == 0) {
    a->claimed -= (long long)(ptr ? osize : 0);
    a->real -= (long long)old;
    free(h);
    return NULL;
  }
  if (should_fail(a, ptr, osize, nsize)) return NULL;
  h = realloc(h, sizeof *h + nsize);
  if (h == NULL) return NULL;
  h->size = nsize;
  a->claimed += (long long)nsize - (long long)(ptr ? osize : 0);
  a->real += (long long)nsize - (long long)old;
  return h + 1;
}

/* The script: every binding that holds C memory while it builds tables. */
static const char script[] =
  "local hinge = require 'hinge'\n"
  "local data, examples = ...\n"
  "local s = hinge.load(examples .. '/2026-03-05_cai_video.csv')\n"
  "local r = hinge.analyze(s or examples .. '/2026-03-05_cai_video.csv')\n"
  "r = hinge.analyze(examples .. '/2026-03-05_cai_video.csv', {calibration = s})\n"
  "local m = hinge.recovery.load_metrics({10, 20, 0, 30, 15, 0, 40, 25})\n"
  "m = hinge.recovery.load_metrics(examples .. '/training.csv', {athlete = 'ana'})\n"
  "m = hinge.recovery.load_metrics({{date = '2026-03-01', athlete = 'ana', exercise = 'x',\n"
  "  sets = 3, reps = 5, load_kg = 100}})\n"
  "local e = hinge.series(0)\n"
  "e = hinge.series({})\n"
  "local a = hinge.recovery.assess{soreness = examples .. '/soreness.csv',\n"
  "  training = examples .. '/training.csv'}\n"
  "local rows = hinge.csv.read(examples .. '/soreness.csv')\n"
  "local j = hinge.json.read(data .. '/recovery/analysis_ana.json')\n"
  "local p = hinge.find_peaks({0, 1, 0, 2, 0, 3, 0}, {all_properties = true})\n"
  "local f = hinge.files(data .. '/recovery', '.csv')\n"
  "f = hinge.files(data .. '/recovery', '.none')\n"
  "if s then local c = s:column('hip'); local w = s:warnings(); local g = s:gaps() end\n"
  "if s then local y = hinge.lowpass(s:column('hip'), {fs = s.sample_rate_hz}) end\n"
  "local d = hinge.despike({1, 2, 30, 2, 1, 2, 1}, {half_window_samples = 2})\n"
  /* the rest: more of the core's allocations, empty results among them */
  "p = hinge.find_peaks({1, 1, 1})\n"
  "local st = hinge.series({}):stats()\n"
  "st = hinge.series({3, 1, 2}):stats()\n"
  "local x = {}\n"
  "for i = 1, 64 do x[i] = math.sin(i / 5) + (i % 7 == 0 and 0.3 or 0) end\n"
  "x[9] = nil\n"
  "local fg = hinge.fill_gaps(x, {max_gap_samples = 3})\n"
  "local sg = hinge.savgol(fg, {window = 7, order = 2})\n"
  "local rc = hinge.residual_cutoff(fg, {fs = 100, count = 10})\n"
  "local ff = hinge.sosfiltfilt(fg, hinge.butter(2, 6, 100))\n"
  "local pw = hinge.peak_widths(fg, {8, 40})\n"
  "local t = {}\n"
  "for i = 1, 20 do t[i] = i / 30 end\n"
  "local rs = hinge.resample(t, t, {fs = 50})\n"
  "local sc = hinge.savgol_coeffs(5, 2)\n"
  "local jd = hinge.json.decode('{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\"}')\n"
  "local cr = hinge.csv.read(examples .. '/training.csv', {header = false})\n"
  "hinge.recovery.add_rule{id = 'always', check = function(ctx) return #ctx.soreness > 0 end}\n"
  "a = hinge.recovery.assess{soreness = {{date = '2026-03-01', athlete = 'ana', region = 'back',\n"
  "  severity = 2}}, training = {{date = '2026-03-01', athlete = 'ana', exercise = 'x', sets = 3,\n"
  "  reps = 5, load_kg = 100, rpe = 7, duration_min = 40}}}\n"
  "hinge.recovery.remove_rule('always')\n"
  "r = hinge.analyze(examples .. '/2026-03-05_cai_video.csv',\n"
  "  {max_flexion_trial = examples .. '/2026-03-05_cai_video.csv'})\n"
  "if s then local tm = s:timing(); local cs = s:columns(); local sch = s:schema() end\n";

static int run_script(lua_State *L) {
  void *ud;
  lua_getallocf(L, &ud);
  /* While every allocation fails, a finalizer that a collection step
   * calls cannot get the stack it needs, and Lua drops it (an error in
   * __gc is only a warning): what any userdata owns would stay allocated,
   * whatever the binding does.  So with persistent failure the collector
   * runs only in emergencies (which call no finalizers) until lua_close. */
  if (((acct *)ud)->persistent) lua_gc(L, LUA_GCSTOP);
  luaL_openlibs(L);
  luaL_requiref(L, "hinge", luaopen_hinge, 0);
  lua_pop(L, 1);
  if (luaL_loadstring(L, script) != LUA_OK) return lua_error(L);
  lua_pushstring(L, HINGE_TEST_DATA);
  lua_pushstring(L, HINGE_TEST_DATA "/../../examples/data");
  lua_call(L, 2, 0);
  return 0;
}

/* One run; returns the Lua status (LUA_OK when the script got through). */
static int run_once(acct *a, char *msg, size_t msgsize) {
  lua_State *L = lua_newstate(checking_alloc, a);
  int rc;
  msg[0] = '\0';
  if (L == NULL) return LUA_ERRMEM;
  lua_pushcfunction(L, run_script);
  rc = lua_pcall(L, 0, 0, 0);
  if (rc != LUA_OK && lua_type(L, -1) == LUA_TSTRING)
    snprintf(msg, msgsize, "%s", lua_tostring(L, -1));
  /* Lift the failure for lua_close, as a host with a memory cap must: the
   * finalizers run there, and one whose call cannot allocate is dropped. */
  a->fail_at = 0;
  lua_close(L);
  return rc;
}

static void expect_balanced(const acct *a, const char *when) {
  cr_expect_eq(a->mismatches, 0,
               "%s: %ld frees or reallocs named the wrong size (first: osize %zu for a block of "
               "%zu bytes)", when, a->mismatches, a->first_bad_osize, a->first_bad_size);
  cr_expect_eq(a->claimed, 0, "%s: the state's accounting ends at %lld bytes", when, a->claimed);
  cr_expect_eq(a->real, 0, "%s: %lld bytes never given back", when, a->real);
}

/* Allocations of a run in which none fails; that run must succeed. */
static long clean_run(void) {
  acct a = {0};
  char msg[512];
  cr_assert_eq(run_once(&a, msg, sizeof msg), LUA_OK, "the script failed: %s", msg);
  expect_balanced(&a, "a clean run");
  return a.allocs;
}

/* Every N from 1 to the clean run's count; a failure may be an error (a
 * Lua out-of-memory error, or nil, message that the script then indexes)
 * but never a crash, a leak or a wrong size. */
static void fail_each(int persistent) {
  long n, total = clean_run();
  cr_assert_gt(total, 100, "only %ld allocations", total);
  for (n = 1; n <= total; n++) {
    acct a = {0};
    char msg[512], when[700];
    a.fail_at = n;
    a.persistent = persistent;
    run_once(&a, msg, sizeof msg);
    snprintf(when, sizeof when, "failing allocation %ld of %ld%s (%s)", n, total,
             persistent ? " on" : "", msg[0] ? msg : "the script got through");
    expect_balanced(&a, when);
    if (a.mismatches != 0 || a.claimed != 0 || a.real != 0) break; /* one report is enough */
  }
  cr_expect_eq(LEAKS_FOUND(), 0, "LeakSanitizer found leaks (reported above)");
}

Test(lua_allocfail, a_clean_run_should_give_back_every_byte_it_took) {
  clean_run();
  cr_expect_eq(LEAKS_FOUND(), 0, "LeakSanitizer found leaks (reported above)");
}

Test(lua_allocfail, an_empty_series_should_free_what_it_allocated) {
  acct a = {0};
  lua_State *L = lua_newstate(checking_alloc, &a);
  cr_assert_not_null(L);
  luaL_openlibs(L);
  luaL_requiref(L, "hinge", luaopen_hinge, 1);
  lua_pop(L, 1);
  cr_assert_eq(luaL_dostring(L, "local e = hinge.series(0); e:close()\n"
                                "e = hinge.series({}); e = nil; collectgarbage()"),
               LUA_OK);
  lua_close(L);
  expect_balanced(&a, "an empty series");
}

Test(lua_allocfail, every_allocation_failing_from_n_on_should_leak_nothing, .timeout = 600) {
  fail_each(1);
}

Test(lua_allocfail, any_single_allocation_failing_should_leak_nothing, .timeout = 600) {
  fail_each(0);
}
