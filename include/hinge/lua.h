/*
 * hinge/lua.h -- hinge for programs that embed Lua 5.4: the module's entry
 * point and a sandbox for scripts written by others.
 *
 * Link with libhinge-lua (pkg-config hinge-lua, or hinge::hinge_lua in
 * CMake) and Lua 5.4.  Not included by hinge/hinge.h, since it needs lua.h.
 */
#ifndef HINGE_LUA_H
#define HINGE_LUA_H

#include <lua.h>

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The module's entry point: `luaL_requiref(L, "hinge", luaopen_hinge, 0)`
 * or put it in package.preload.  Returns the module table. */
HINGE_EXPORT int luaopen_hinge(lua_State *L);

/*
 * Sandbox.  A sandboxed state has the base, string, table, math, utf8,
 * coroutine, io and os libraries with everything that escapes removed or
 * checked: no os.execute, os.exit, os.getenv, os.tmpname, io.popen,
 * io.tmpfile, package.loadlib, C modules, debug library, string.dump or
 * binary chunks (load, loadfile, dofile and require accept text only);
 * files are opened (by io, os.remove/rename, dofile, require and every
 * hinge function that takes a path) only under the allowed folders.
 * Memory is capped by the state's allocator; time by an instruction-count
 * hook (checked every few thousand VM instructions).  A hook cannot fire
 * inside a long C call (a pathological string.find pattern): for a hard
 * wall-clock limit run the script with hinge_sandbox_run_isolated().
 */
typedef struct hinge_sandbox_options {
  double timeout_s;          /* wall-clock limit in seconds; 0 = none (default 10) */
  size_t memory_bytes;       /* allocation cap; 0 = none (default 256 MiB) */
  const char *const *read_dirs;  /* folders files may be read from */
  size_t n_read_dirs;
  const char *const *write_dirs; /* folders files may be written to (and read) */
  size_t n_write_dirs;
} hinge_sandbox_options;

/* Defaults: 10 s, 256 MiB, no folders. */
HINGE_EXPORT void hinge_sandbox_options_default(hinge_sandbox_options *opts);

/* A new sandboxed state with `hinge` preloaded.  The folders are resolved
 * (realpath) now; a folder that does not exist is an error.  The clock
 * starts now.  Close it with hinge_sandbox_close (not lua_close).
 * Returns NULL and fills err on failure. */
HINGE_EXPORT lua_State *hinge_sandbox_newstate(const hinge_sandbox_options *opts,
                                               hinge_error *err);

/* Close a state made by hinge_sandbox_newstate.  NULL is a no-op. */
HINGE_EXPORT void hinge_sandbox_close(lua_State *L);

/* Which limit a sandboxed state hit: 0 none, HINGE_SANDBOX_TIME, or
 * HINGE_SANDBOX_MEMORY.  For a state that is not sandboxed, 0. */
enum { HINGE_SANDBOX_TIME = 1, HINGE_SANDBOX_MEMORY = 2 };
HINGE_EXPORT int hinge_sandbox_limit_hit(lua_State *L);

/* Run the Lua file `script` (argv[0..argc-1] become `arg` and `...`,
 * argv[0] being the script as arg[0]) in a sandboxed state inside a child
 * process, killed when the wall-clock limit passes even inside a C call.
 * The child inherits stdin, stdout and stderr; errors and limits are
 * reported on stderr.  Returns the script's exit status (0 success, 1
 * error or limit, os.exit's status otherwise), or a negative hinge status
 * when the child could not be started. */
HINGE_EXPORT int hinge_sandbox_run_isolated(const hinge_sandbox_options *opts,
                                            int argc, char **argv, hinge_error *err);

/* For bindings: check that `path` may be opened for reading (`write` 0)
 * or writing (`write` 1) in the state's sandbox; raises a Lua error
 * naming the refused path when not.  A no-op outside a sandbox. */
HINGE_EXPORT void hinge_sandbox_checkpath(lua_State *L, const char *path, int write);

#ifdef __cplusplus
}
#endif
#endif
