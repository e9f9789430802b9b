#!/bin/sh
# hinge run --sandbox: binary chunks are refused by load (every call
# shape), loadfile, dofile and require; text chunks and load's env
# argument keep their meaning.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/in"

# A hand-made chunk (no string.dump needed): a valid Lua 5.4 header and a
# function whose GETUPVAL names upvalue 200 of 1.  Run, it crashed the VM
# (SIGSEGV) when the sandbox let binary chunks through.
CRAFTED='"\27\76\117\97\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1\128\128\128\0\1\2\132\81\0\0\0\9\0\200\0\70\0\2\0\70\0\1\1\128\129\1\0\0\128\128\128\128\128"'

cat >"$T/in/shapes.lua" <<EOF
local crafted = $CRAFTED
assert(crafted:sub(1, 4) == "\27Lua")
local function refused(what, f, msg)
  assert(f == nil, what .. " should not load")
  assert(msg:find("binary chunk", 1, true), what .. ": " .. tostring(msg))
  print(what .. " refused")
end
refused("load(s)", load(crafted))
refused("load(s, name)", load(crafted, "=x"))
refused("load(s, name, nil)", load(crafted, "=x", nil))
refused("load(s, name, 't')", load(crafted, "=x", "t"))
refused("load(s, name, nil, env)", load(crafted, "=x", nil, {}))
local parts, i = {crafted:sub(1, 3), crafted:sub(4)}, 0
refused("load(reader)", load(function() i = i + 1; return parts[i] end))
i = 0
refused("load(reader, name)", load(function() i = i + 1; return parts[i] end, "=r"))
EOF
expect "load should refuse a binary chunk in every call shape" 0 "" -- "$HINGE" run --sandbox "$T/in/shapes.lua"
check "all seven shapes should be reported refused" test "$(grep -c ' refused$' "$T/out")" -eq 7

for mode in b bt B 1; do
  cat >"$T/in/mode.lua" <<EOF
load($CRAFTED, "=x", "$mode")
print("not reached")
EOF
  expect "load with mode '$mode' should be refused" 1 "binary chunks are not allowed \\(mode '$mode'\\)" -- "$HINGE" run --sandbox "$T/in/mode.lua"
  check "a chunk loaded with mode '$mode' should never run" test ! -s "$T/out"
done
cat >"$T/in/mode2.lua" <<'EOF'
load("return 1", "=x", "bt")
EOF
expect "mode 'bt' should be refused for a text chunk too" 1 "binary chunks are not allowed" -- "$HINGE" run --sandbox "$T/in/mode2.lua"

cat >"$T/in/crafted.lua" <<EOF
local f, msg = load($CRAFTED)
if f then f() end
print("crafted:", msg)
EOF
expect "the crafted chunk should be refused without a crash" 0 "" -- "$HINGE" run --sandbox "$T/in/crafted.lua"
check "the refusal should say why" grep -q "attempt to load a binary chunk" "$T/out"

# load's env argument: absent keeps the globals, nil is an empty _ENV.
cat >"$T/in/env.lua" <<'EOF'
x = 5
assert(load("return x")() == 5)
assert(load("return x", "=n")() == 5)
assert(load("return x", "=n", "t")() == 5)
assert(load("return x", "=n", nil)() == 5)
assert(load("return x", "=n", "t", {x = 7})() == 7)
local ok, err = pcall(load("return x", "=n", "t", nil))
assert(not ok and err:find("_ENV"), err)
local f, e = load("return +", "=syntax")
assert(f == nil and e:find("syntax"), e)
local n = 0
assert(load(function() n = n + 1; return ({"return ", "4"})[n] end)() == 4)
print("env ok")
EOF
expect "load should keep the meaning of its env argument" 0 "" -- "$HINGE" run --sandbox "$T/in/env.lua"
check "the env script should finish" grep -q "env ok" "$T/out"

# Binary files: written by an unsandboxed run (string.dump), then refused
# by loadfile, dofile and require.
cat >"$T/gen.lua" <<'EOF'
local f = assert(io.open(arg[1], "wb"))
f:write(string.dump(function() print("binary ran") end))
f:close()
EOF
"$HINGE" run "$T/gen.lua" "$T/in/binmod.lua"
cat >"$T/in/files.lua" <<'EOF'
local dir = arg[0]:match("^(.*)/")
local f, msg = loadfile(dir .. "/binmod.lua")
assert(f == nil and msg:find("binary chunk"), msg)
local ok, err = pcall(dofile, dir .. "/binmod.lua")
assert(not ok and err:find("binary chunk"), err)
package.path = dir .. "/?.lua"
ok, err = pcall(require, "binmod")
assert(not ok and err:find("binary chunk"), err)
ok, err = pcall(loadfile, dir .. "/binmod.lua", "b")
assert(not ok and err:find("binary chunks are not allowed"), err)
print("files refused")
EOF
expect "loadfile, dofile and require should refuse a binary file" 0 "" -- "$HINGE" run --sandbox "$T/in/files.lua"
check "the binary file should never run" sh -c "! grep -q 'binary ran' '$T/out' && grep -q 'files refused' '$T/out'"

finish
