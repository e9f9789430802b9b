/* hinge_sandbox_close runs the script's finalizers without the limits the
 * script ran under: a script that stopped at its memory cap still gets
 * its __gc metamethods called, so nothing they would
 * free or write is lost in the host.  Each finalizer here writes a file
 * (which allocates, and runs well over the hook's 4096 instructions); the
 * file must exist after the close. */
#include <criterion/criterion.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hinge/lua.h"

static char dir[512];

static void make_dir(const char *name) {
  snprintf(dir, sizeof dir, "%s/sandbox_close.%s.%ld", HINGE_TEST_TMP, name, (long)getpid());
  mkdir(dir, 0700);
}

static int file_exists(const char *name) {
  char path[600];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &st) == 0 && st.st_size > 0;
}

/* A finalizer that allocates and loops, then writes <dir>/<name>. */
static const char gc_object[] =
  "local dir, name = ...\n"
  "keep = setmetatable({}, {__gc = function()\n"
  "  local t = {}\n"
  "  for i = 1, 20000 do t[i] = i end\n"
  "  local f = assert(io.open(dir .. '/' .. name, 'w'))\n"
  "  f:write(string.rep('x', 100000), #t) f:close()\n"
  "end})\n";

static lua_State *sandbox(double timeout, size_t memory) {
  hinge_sandbox_options o;
  hinge_error err;
  const char *dirs[1];
  lua_State *L;
  dirs[0] = dir;
  hinge_sandbox_options_default(&o);
  o.timeout_s = timeout;
  o.memory_bytes = memory;
  o.write_dirs = dirs;
  o.n_write_dirs = 1;
  L = hinge_sandbox_newstate(&o, &err);
  cr_assert_not_null(L, "%s", err.message);
  return L;
}

static void run(lua_State *L, const char *code, const char *name) {
  cr_assert_eq(luaL_loadstring(L, code), LUA_OK, "%s", lua_tostring(L, -1));
  lua_pushstring(L, dir);
  lua_pushstring(L, name);
  cr_assert_eq(lua_pcall(L, 2, 0, 0), LUA_OK, "%s", lua_tostring(L, -1));
}

Test(sandbox_close, finalizers_should_run_after_the_script_reached_its_memory_cap) {
  lua_State *L;
  make_dir("memory");
  L = sandbox(0, (size_t)4 << 20);
  run(L, gc_object, "gc_ran");
  /* fill the cap, keep what was allocated, and swallow the memory error */
  run(L,
      "hog = {}\n"
      "pcall(function() while true do hog[#hog + 1] = string.rep('y', 65536) .. #hog end end)\n",
      "unused");
  cr_assert_eq(hinge_sandbox_limit_hit(L), HINGE_SANDBOX_MEMORY);
  hinge_sandbox_close(L);
  cr_assert(file_exists("gc_ran"), "the finalizer did not run at close after the memory cap");
}
