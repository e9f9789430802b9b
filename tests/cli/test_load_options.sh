#!/bin/sh
# Load options: the CLI and Lua refuse the same values with the core's
# words (hinge_load_options_check); tests/unit/test_load_options.c holds C
# to the same words.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
PLAIN=$SRC/examples/data/2026-03-02_ana_set1.csv

cat >"$T/load.lua" <<'LUA'
local hinge = require "hinge"
local path, key, value = arg[1], arg[2], arg[3]
local ok, err = pcall(hinge.load, path, {[key] = tonumber(value) or value})
if ok then print("accepted") else io.stderr:write(err, "\n"); os.exit(2) end
LUA

# same CLI_OPTION LUA_KEY VALUE MESSAGE: both refuse with exactly MESSAGE.
same() {
  "$HINGE" info "$PLAIN" "$1" "$3" >"$T/out" 2>"$T/cli_err"
  cli=$?
  "$HINGE" run "$T/load.lua" "$PLAIN" "$2" "$3" >"$T/out" 2>"$T/lua_err"
  lua=$?
  check "CLI $1 $3 should exit 2 (got $cli)" [ "$cli" -eq 2 ]
  check "Lua $2 = $3 should raise (got $lua)" [ "$lua" -ne 0 ]
  check "CLI $1 $3 should say '$4'" grep -Fq -- "$4" "$T/cli_err"
  check "Lua $2 = $3 should say '$4'" grep -Fqx -- "$4" "$T/lua_err"
}

same --threads threads 17 "threads must be 1 to 16"
same --threads threads 99999999999 "threads must be 1 to 16"
same --threads threads -1 "threads must be 1 to 16"
same --fs fs -3 "the sample rate must be > 0 Hz"
same --fs fs 1e999 "the sample rate must be > 0 Hz"

for n in 0 1 16; do
  expect "CLI --threads $n should be accepted" 0 "" -- "$HINGE" info "$PLAIN" --threads "$n"
  expect "Lua threads = $n should be accepted" 0 "" -- "$HINGE" run "$T/load.lua" "$PLAIN" threads "$n"
done
finish
