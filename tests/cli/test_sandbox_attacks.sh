#!/bin/sh
# hinge run --sandbox against a catalogue of attacks: each one must be
# refused or bounded, with the expected message and exit status, and no
# file outside the allowed folders may be read, created or changed.
# docs/sandbox.md maps each attack to its defence and to this file.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/in" "$T/w" "$T/elsewhere/dir"
echo "SECRET" >"$T/elsewhere/secret.txt"
ln -s "$T/elsewhere/secret.txt" "$T/in/filelink"
ln -s "$T/elsewhere" "$T/in/dirlink"
O=$T/elsewhere

# attack DESC STATUS STDERR-PATTERN LUA-CODE [hinge run options...]
# (LUA-CODE "-": read it from standard input).  Runs the script from
# $T/elsewhere (so relative names point outside), with a 1 s time limit
# (time bombs: 0.5 s) and 256 descriptors, then checks that nothing
# outside was touched.
attack() {
  desc=$1; want=$2; pat=$3; code=$4; shift 4
  if [ "$code" = - ]; then cat >"$T/in/a.lua"; else printf '%s\n' "$code" >"$T/in/a.lua"; fi
  start=$(date +%s)
  expect "$desc" "$want" "$pat" -- sh -c 'cd "$1" && shift && ulimit -n 256 && exec "$@"' sh "$O" \
    "$HINGE" run --sandbox --timeout 1 "$@" "$T/in/a.lua"
  elapsed=$(( $(date +%s) - start ))
  check "$desc: within a few seconds ($elapsed s)" test "$elapsed" -le 4
  check "$desc: nothing read outside" sh -c "! grep -q SECRET '$T/out'"
  check "$desc: nothing created or changed outside" sh -c \
    "[ \"\$(ls -A '$O' | tr '\n' ' ')\" = 'dir secret.txt ' ] && [ -z \"\$(ls -A '$O/dir')\" ] && [ \"\$(cat '$O/secret.txt')\" = SECRET ]"
}

# -- escapes to the system ----------------------------------------------
for f in "os.execute('touch $O/x')" "io.popen('cat $O/secret.txt')" "os.exit(0)" "os.getenv('HOME')" \
         "os.tmpname()" "io.tmpfile()" "os.setlocale('C')" "package.loadlib('libc.so.6', 'system')" \
         "string.dump(print)"; do
  name=$(echo "$f" | sed 's/(.*//')
  attack "$name should be refused" 1 "sandbox: $name is not allowed" "$f"
done
attack "the debug library should be absent" 0 "" 'print(debug)'
check "debug should be nil" grep -qx nil "$T/out"
attack "require 'debug' should not find it" 1 "module 'debug' not found" 'require "debug"'
attack "C modules should not load" 1 "module 'socket.core' not found" 'require "socket.core"'
attack "string.dump through the string metatable should be refused" 1 "string.dump is not allowed" '("").dump(print)'
attack "replacing the string metatable's __index should reach nothing" 1 "string.dump is not allowed" - <<'EOF'
getmetatable("").__index = function(s, k) return string[k] end
local s = "x"
s.dump(print)
EOF

# -- paths outside the folders --------------------------------------------
attack "dot-dot should not escape" 1 "reading of '.*secret.txt' refused \\(outside" "print(io.open('$T/in/../elsewhere/secret.txt'):read('a'))"
# A detour through a folder outside that comes back in opened only when
# that folder existed: an oracle.  Both detours are refused now.
attack "a dot-dot detour through a folder outside should be refused" 1 "refused \\(outside" "print(io.open('$O/dir/../../in/a.lua'))"
attack "a dot-dot detour through a missing folder should be refused the same way" 1 "refused \\(outside" "print(io.open('$O/nodir/../../in/a.lua'))"
attack "a dot-dot detour should not tell folders apart in searchpath" 0 "" "print(package.searchpath('a', '$O/dir/../../in/?.lua'))"
check "the detour should count as not found" grep -q "no file" "$T/out"
attack "a name relative to a folder outside should be refused" 1 "refused \\(outside" "print(io.open('secret.txt'):read('a'))"
attack "a link to a file outside should be refused" 1 "refused \\(outside" "print(io.open('$T/in/filelink'):read('a'))"
attack "a link to a folder outside should be refused" 1 "refused \\(outside" "print(io.open('$T/in/dirlink/secret.txt'):read('a'))"
attack "writing through a link to a folder outside should be refused" 1 "writing of .* refused" "print(io.open('$T/in/dirlink/new.txt', 'w'))" --allow-write "$T/in"
for p in /proc/self/environ /proc/self/cmdline /proc/self/mem /proc/self/root$O/secret.txt \
         /proc/self/cwd/secret.txt /dev/fd/0 /proc/self/fd/1; do
  attack "reading $p should be refused" 1 "refused" "print(io.open('$p'):read('a'))"
done
attack "io.lines on /proc/self/cwd should be refused" 1 "refused" "for l in io.lines('/proc/self/cwd/secret.txt') do print(l) end"
attack "io.output outside should be refused" 1 "writing of .* refused" "io.output('$O/out.txt'); io.write('x')" --allow-write "$T/w"
attack "renaming a file from outside in should be refused" 1 "refused" "print(os.rename('$O/secret.txt', '$T/w/s.txt'))" --allow-write "$T/w"
attack "removing a file outside should be refused" 1 "refused" "print(os.remove('$O/secret.txt'))" --allow-write "$T/w"
attack "require through a path outside should find nothing" 1 "module 'secret' not found" "package.path = '$O/?.txt'; print(require 'secret')"
attack "package.searchpath should not see files outside" 0 "" "print(package.searchpath('secret', '$O/?.txt'))"
check "searchpath should report not found" grep -q "no file" "$T/out"
attack "hinge.files outside should be refused" 1 "refused" "local hinge = require 'hinge'; print(hinge.files('$O'))"
attack "hinge.json.read outside should be refused" 1 "refused" "local hinge = require 'hinge'; print(hinge.json.read('$O/secret.txt'))"

# -- time bombs -----------------------------------------------------------
attack "an endless loop should hit the time limit" 1 "time limit of 0.5 s exceeded" 'while true do end' --timeout 0.5
attack "a pattern bomb should be stopped on wall-clock time" 1 "time limit of 0.5 s exceeded" "print(string.find(string.rep('a', 5000), '.-.-.-b'))" --timeout 0.5
attack "catching the hook's error with pcall should not help" 1 "time limit" 'while true do pcall(function() while true do end end) end' --timeout 0.5
attack "pcall around pattern bombs should not help" 1 "time limit" 'while true do pcall(string.find, string.rep("a", 3000), ".-.-.-b") end' --timeout 0.5
attack "a looping message handler should hit the time limit" 1 "time limit" 'xpcall(error, function() while true do end end)' --timeout 0.5
attack "a looping __tostring on the error should be bounded" 1 "." 'error(setmetatable({}, {__tostring = function() while true do end end}))' --timeout 0.5
attack "a loop inside a coroutine should hit the time limit" 1 "time limit of 0.5 s exceeded" 'coroutine.wrap(function() while true do end end)()' --timeout 0.5
attack "catching a coroutine's time limit should not help" 1 "time limit" 'while true do pcall(coroutine.wrap(function() while true do end end)) end' --timeout 0.5
attack "nested coroutines should overflow cleanly" 1 "overflow" 'local function f() coroutine.wrap(f)() end f()' --timeout 0.5
attack "deep recursion should overflow cleanly" 1 "stack overflow|time limit" 'local function f() return 1 + f() end f()' --timeout 0.5

# -- finalizers after a limit ---------------------------------------------
attack "finalizers run after the memory limit should stay bounded and confined" 1 "memory limit of 32 MB exceeded" - --memory 32 <<EOF
setmetatable({}, {__gc = function() local f = io.open("$O/gc.txt", "w"); if f then f:write("x") end end})
setmetatable({}, {__gc = function() while true do end end})
setmetatable({}, {__gc = function() print(io.open("$O/secret.txt"):read("a")) end})
local s = string.rep("x", 1 << 30)
EOF
attack "finalizers run after the time limit should stay bounded" 1 "time limit" - --timeout 0.5 <<'EOF'
setmetatable({}, {__gc = function() while true do end end})
setmetatable({}, {__gc = function() string.find(string.rep("a", 5000), ".-.-.-b") end})
while true do end
EOF
# (an error in a finalizer is a warning, and warnings are off: the script
# goes on to its own error)
attack "a finalizer should not call os.exit" 1 "after gc" - --timeout 0.5 <<'EOF'
setmetatable({}, {__gc = function() os.exit(0) end})
collectgarbage()
error("after gc")
EOF

# -- memory bombs -----------------------------------------------------------
attack "one huge string should hit the memory limit" 1 "memory limit of 32 MB exceeded" 'local s = string.rep("x", 1 << 30)' --memory 32
attack "table growth should hit the memory limit" 1 "memory limit of 32 MB exceeded" 'local t = {} for i = 1, 1e9 do t[i] = i end' --memory 32 --timeout 20
attack "many strings should hit the memory limit" 1 "memory limit of 32 MB exceeded" 'local t = {} for i = 1, 1e9 do t[#t + 1] = ("x"):rep(16000) .. i end' --memory 32 --timeout 20
attack "stopping the collector should not lift the limit" 1 "memory limit of 32 MB exceeded" 'collectgarbage("stop"); local t = {} for i = 1, 1e9 do t[i] = {} end' --memory 32 --timeout 20
attack "catching memory errors should end at the time limit" 1 "time limit" 'while true do pcall(string.rep, "x", 1 << 30) end' --timeout 0.5
attack "a huge unpack should fail cleanly" 1 "too many results" 'print(table.unpack({}, 1, 1e8))'
attack "--memory below one byte should not mean no limit" 1 "too small for a Lua state" 'local s = string.rep("x", 1 << 20)' --memory 0.0000001
attack "--memory 0.5 should be half a megabyte" 1 "memory limit of 0.5 MB exceeded" 'local s = string.rep("x", 1 << 20)' --memory 0.5
attack "--memory 0 should be a usage error" 2 "positive number" 'print(1)' --memory 0

# -- descriptors ---------------------------------------------------------
attack "running out of descriptors should fail cleanly" 0 "" - <<'EOF'
local keep, n, err = {}, 0
repeat
  local f, msg = io.open(arg[0])
  if f then n = n + 1; keep[n] = f else err = msg end
until not f or n >= 100000
print(n, err)
EOF

finish
