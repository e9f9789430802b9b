/*
 * cmd_run.c -- `hinge run SCRIPT.lua [ARGS...]`: a Lua 5.4 state with the
 * standard libraries and `hinge` preloaded, `arg` set as the stock `lua`
 * interpreter sets it.
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "cli.h"
#include "lhinge.h"

static const char usage[] =
  "usage: hinge run SCRIPT.lua [ARGS...]\n"
  "\n"
  "Run a Lua 5.4 script with the standard libraries and the hinge module\n"
  "preloaded (local hinge = require \"hinge\").  SCRIPT may be '-' for\n"
  "standard input.  As with the stock lua interpreter, the script gets its\n"
  "arguments in the global table 'arg' (arg[0] is the script, arg[1]... the\n"
  "arguments, negative indices the words before the script) and as '...'.\n"
  "\n"
  "A script error prints its traceback on stderr and exits with status 1;\n"
  "os.exit(n) exits with n.\n";

/* Message handler: append a traceback, as lua.c's msghandler does. */
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* arg table: argv[script] at index 0, the script's arguments after it,
 * the words before it (hinge, run, options) at negative indices. */
static void set_arg(lua_State *L, char **argv, int argc, int script) {
  int i;
  lua_createtable(L, argc - script - 1, script + 1);
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

static int run_script(lua_State *L, char **argv, int argc, int script) {
  const char *path = strcmp(argv[script], "-") == 0 ? NULL : argv[script];
  int i, status, base;
  luaL_openlibs(L);
  luaL_requiref(L, "hinge", luaopen_hinge, 0); /* also sets package.loaded */
  lua_pop(L, 1);
  set_arg(L, argv, argc, script);
  lua_pushcfunction(L, msghandler);
  base = lua_gettop(L);
  status = luaL_loadfile(L, path);
  if (status == LUA_OK) {
    luaL_checkstack(L, argc - script, "too many arguments to script");
    for (i = script + 1; i < argc; i++) lua_pushstring(L, argv[i]);
    status = lua_pcall(L, argc - script - 1, 0, base);
  }
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "hinge run: %s\n", msg ? msg : "(error object is not a string)");
    return CLI_EDATA;
  }
  return CLI_OK;
}

static int cmd_run(int argc, char **argv) {
  lua_State *L;
  int i, script = -1, rc;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      script = i + 1;
      break;
    }
    if (argv[i][0] == '-' && argv[i][1] != '\0')
      return cli_usage_error("run", "unknown option '%s'", argv[i]);
    script = i;
    break;
  }
  if (script < 0 || script >= argc) return cli_usage_error("run", "missing SCRIPT.lua");
  L = luaL_newstate();
  if (L == NULL) {
    fprintf(stderr, "hinge run: cannot create a Lua state (out of memory)\n");
    return CLI_EDATA;
  }
  /* argv[0] is "run"; main's argv[0] ("hinge") sits just before it and,
   * like the stock lua's own name, goes at the most negative index. */
  rc = run_script(L, argv - 1, argc + 1, script + 1);
  lua_close(L);
  return rc;
}

const cli_command cli_cmd_run = {
  "run", cmd_run, "run a Lua script with the hinge module preloaded", usage
};
