#!/bin/sh
# The command skeleton: --version, help, usage errors, hinge run.
. "$(dirname "$0")/lib.sh"

expect "--version should print the version" 0 "" -- "$HINGE" --version
check "--version output should be 'hinge X.Y.Z'" grep -Eq '^hinge [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"

expect "help should list the commands" 0 "" -- "$HINGE" help
check "help output should mention run" grep -q '^  run ' "$T/out"
expect "help run should print run's usage" 0 "" -- "$HINGE" help run
check "run's usage should start with usage:" grep -q '^usage: hinge run' "$T/out"
expect "help of an unknown command should be a usage error" 2 "unknown command 'nope'" -- "$HINGE" help nope
expect "no command should be a usage error" 2 "missing command" -- "$HINGE"
expect "an unknown command should be a usage error" 2 "unknown command 'frobnicate'" -- "$HINGE" frobnicate
expect "an unknown option should be a usage error" 2 "unknown option '--frob'" -- "$HINGE" --frob
expect "run without a script should be a usage error" 2 "missing SCRIPT" -- "$HINGE" run
expect "run with an unknown option should be a usage error" 2 "unknown option '--bogus'" -- "$HINGE" run --bogus x.lua

cat >"$T/args.lua" <<'LUA'
local hinge = require "hinge"
print(hinge._VERSION, #arg, arg[0]:match("[^/]*$"), arg[1], arg[2], arg[-1], arg[-2], select("#", ...), ...)
LUA
expect "run should pass arguments as the stock lua does" 0 "" -- "$HINGE" run "$T/args.lua" a "b c"
check "arg and ... should hold the script's arguments" \
  grep -Eq "^hinge [0-9.]+	2	args.lua	a	b c	run	.*hinge	2	a	b c$" "$T/out"

printf 'local function f() error("boom") end\nf()\n' >"$T/fail.lua"
expect "a script error should exit 1 with a traceback" 1 "fail.lua:1: boom" -- "$HINGE" run "$T/fail.lua"
check "the traceback should name the calling function" grep -q "stack traceback" "$T/err"

printf 'os.exit(3)\n' >"$T/exit.lua"
expect "os.exit should set the exit status" 3 "" -- "$HINGE" run "$T/exit.lua"

expect "a missing script should exit 1 naming it" 1 "cannot open .*missing.lua" -- "$HINGE" run "$T/missing.lua"
printf 'x = = 1\n' >"$T/syntax.lua"
expect "a syntax error should exit 1 naming the line" 1 "syntax.lua:1:" -- "$HINGE" run "$T/syntax.lua"

echo 'print(require("hinge")._VERSION)' | "$HINGE" run - >"$T/out" 2>"$T/err"
check "run - should read the script from standard input" grep -q '^hinge ' "$T/out"

finish
