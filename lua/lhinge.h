/*
 * lhinge.h -- shared pieces of the Lua binding (not installed).
 *
 * Error convention (docs/lua.md): misuse -- a wrong argument type or an
 * option out of its domain -- raises through luaL_argerror/luaL_error;
 * failures of data or environment return nil, message.  The translation
 * from a hinge status to Lua results lives in hinge__lua_result only.
 */
#ifndef HINGE_LHINGE_H
#define HINGE_LHINGE_H

#include <lua.h>
#include <lauxlib.h>

#include "hinge/hinge.h"
#include "hinge/lua.h"
#include "hinge/sink.h"

/* Run argv[script] (a path, or "-" for stdin) as the main chunk of L with
 * `arg` set as the stock lua sets it (argv[script] at index 0) and the
 * arguments after it as `...`; a failure prints "prog: message" and the
 * traceback on stderr.  Returns 0, or 1 on any error. */
int hinge__lua_run_main(lua_State *L, char **argv, int argc, int script, const char *prog);

/* The isolated runner of hinge_sandbox_run_isolated with another body:
 * in a child process, a sandboxed state (opts' limits and folders), the
 * Landlock wall allowing `script` to be read, then body(L, ud), whose
 * return is the child's exit status; the parent waits (killing the child
 * at the time limit; messages start with prog) and returns that status,
 * or a negative hinge status when the child could not be started.
 * `hinge plan` runs its driver this way (src/cli/cmd_plan.c). */
typedef int (*hinge__sandbox_body)(lua_State *L, void *ud);
int hinge__sandbox_run_body(const hinge_sandbox_options *opts, const char *script,
                            hinge__sandbox_body body, void *ud, const char *prog,
                            hinge_error *err);

/* The status-to-Lua translation (lutil.c), one per side of the
 * convention.  A failure of data or environment: if status is HINGE_OK
 * return nresults (already pushed by the caller); otherwise push nil and
 * the formatted error and return 2. */
int hinge__lua_result(lua_State *L, int status, const hinge_error *err, int nresults);
/* Misuse (the core's *_check refused an option, or a call only wrong
 * arguments can fail): nothing for HINGE_OK; otherwise raise err's
 * message, as a bad argument `arg` when arg > 0. */
void hinge__lua_check(lua_State *L, int status, const hinge_error *err, int arg);

/* Push nil and a formatted message; returns 2. */
int hinge__lua_fail(lua_State *L, const char *fmt, ...);

/* Field readers for option tables at stack index idx (may be nil/none):
 * return the default when the field is absent, raise on a wrong type. */
lua_Number hinge__lua_optnumfield(lua_State *L, int idx, const char *k, lua_Number def);
lua_Integer hinge__lua_optintfield(lua_State *L, int idx, const char *k, lua_Integer def);
int hinge__lua_optboolfield(lua_State *L, int idx, const char *k, int def);
const char *hinge__lua_optstrfield(lua_State *L, int idx, const char *k, const char *def);

/* A hinge_allocator over the state's lua_Alloc, so memory the core
 * allocates for Lua is accounted (and capped) with the state's. */
void hinge__lua_allocator(lua_State *L, hinge_allocator *a);

/* Objects holding memory outside the Lua heap (a series' samples, a
 * session's table) are listed with the state's owner (lseries.c), a
 * registry userdata made when the module opens.  Lua gives no finalizer
 * to an object created while lua_close runs the finalizers, so such an
 * object's memory would leak past the state (and past a sandbox's cap).
 * The owner was marked for finalization before any hinge object, so its
 * __gc runs after theirs at close: it releases whatever is still listed
 * (objects made during close), and from then on hinge__lua_own refuses
 * new objects (a finalizer marked before the module opened may still
 * run).  Call hinge__lua_own on the pushed userdata before acquiring its
 * memory; release calls hinge__lua_disown (idempotent). */
typedef struct hinge__lua_owned {
  struct hinge__lua_owned *prev, *next; /* NULL when not listed */
  void (*release)(lua_State *L, struct hinge__lua_owned *o);
} hinge__lua_owned;
void hinge__lua_own(lua_State *L, hinge__lua_owned *o, const char *what,
                    void (*release)(lua_State *L, hinge__lua_owned *o));
void hinge__lua_disown(hinge__lua_owned *o);

/* hinge.Series (lseries.c).  newseries pushes a series of n samples and
 * returns its (uninitialised) array; pushseries pushes a copy of x.
 * tovector accepts a series (returns its array) or an array of numbers
 * (nil holes become NaN; a new series holding the copy replaces the array
 * in its stack slot, so the stack layout does not change and the copy
 * lives as long as the argument); anything else raises. */
double *hinge__lua_newseries(lua_State *L, size_t n);
void hinge__lua_pushseries(lua_State *L, const double *x, size_t n);
const double *hinge__lua_tovector(lua_State *L, int idx, size_t *n);

/* The Lua table builder (lsink.c): a hinge_sink whose walk leaves one
 * table on the stack, the shape the CLI writes as JSON with missing
 * values nil and numbers at full precision (docs/lua.md, "Missing
 * values").  Usage: hinge__lua_builder b; const hinge_sink *s =
 * hinge__lua_sink(&b, L); hinge_analysis_walk(a, s, &b); */
#define HINGE_LUA_BUILDER_DEPTH 16
typedef struct hinge__lua_builder {
  lua_State *L;
  int depth;                                  /* open containers */
  int is_array[HINGE_LUA_BUILDER_DEPTH];
  lua_Integer count[HINGE_LUA_BUILDER_DEPTH]; /* items in each open array */
} hinge__lua_builder;
const hinge_sink *hinge__lua_sink(hinge__lua_builder *b, lua_State *L);

/* Registration of each area into the module table at the top of the
 * stack; one per binding file. */
void hinge__lua_open_embedded(lua_State *L);
void hinge__lua_open_series(lua_State *L);
void hinge__lua_open_filter(lua_State *L);
void hinge__lua_open_program(lua_State *L);
void hinge__lua_open_signal(lua_State *L);
void hinge__lua_open_files(lua_State *L);
void hinge__lua_open_json(lua_State *L);
void hinge__lua_open_peaks(lua_State *L);
void hinge__lua_open_clean(lua_State *L);
void hinge__lua_open_recovery(lua_State *L);
void hinge__lua_open_csv(lua_State *L);
void hinge__lua_open_session(lua_State *L);
void hinge__lua_open_analyze(lua_State *L);

/* The table of the hinge.Session at idx, or NULL when idx holds another
 * value; raises on a closed session (lsession.c). */
const hinge_table *hinge__lua_totable(lua_State *L, int idx);

#endif
