/*
 * fuzz_lua -- the input as a Lua script in hinge_sandbox_newstate (8 MiB,
 * 2 s), with `hinge` preloaded and the sample files of tests/fuzz/data
 * readable (global DATA is their folder).  Text chunks only: an input
 * starting with "\27Lua" is refused here and the chunk is loaded with mode
 * "t" (binary chunks are the sandbox's own business, tested elsewhere).
 * Findings: sanitizer reports and leaks in the binding, the sandbox or
 * Lua's use of them; writes, removals, renames or reads outside DATA that
 * reach the C library (fuzz_lua_common.h).
 */
#include "fuzz_lua_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static int started;
  lua_State *L;
  if (!started) {
    fuzz_lua_init_process();
    started = 1;
  }
  if (size >= 4 && memcmp(data, "\x1bLua", 4) == 0) return 0;
  L = fuzz_lua_newstate(HINGE_FUZZ_DATA, 8u << 20, 2.0);
  if (luaL_loadbufferx(L, (const char *)data, size, "=fuzz", "t") == LUA_OK) fuzz_lua_run(L, 0);
  else if (getenv("FUZZ_LUA_VERBOSE") != NULL) fprintf(stderr, "lua: %s\n", lua_tostring(L, -1));
  fuzz_lua_close(L);
  return 0;
}
