#!/bin/sh
# hinge run --sandbox: escapes refused, limits enforced, allowed files work.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/in" "$T/wout" "$T/elsewhere"
echo "secret" >"$T/elsewhere/secret.txt"
echo "1,2,3" >"$T/in/data.csv"

# sb NAME LUA-CODE: write a script into $T/in
sb() { printf '%s\n' "$2" >"$T/in/$1.lua"; }

sb ok 'local hinge = require "hinge"; print(hinge._VERSION, arg[1], ...)'
expect "a plain script should run in the sandbox" 0 "" -- "$HINGE" run --sandbox "$T/in/ok.lua" x
check "it should see its arguments" grep -q "^hinge .*	x	x$" "$T/out"

for f in "os.execute('true')" "io.popen('ls')" "os.exit(0)" "os.getenv('HOME')" \
         "package.loadlib('libc.so.6', 'puts')" "string.dump(print)" "os.tmpname()" "io.tmpfile()"; do
  name=$(echo "$f" | sed 's/(.*//')
  sb esc "$f"
  expect "$name should be refused" 1 "sandbox: $name is not allowed" -- "$HINGE" run --sandbox "$T/in/esc.lua"
done

sb dbg 'print(debug.getinfo)'
expect "the debug library should be absent" 1 "attempt to index a nil value .*debug" -- "$HINGE" run --sandbox "$T/in/dbg.lua"

sb cmod 'require "socket.core"'
expect "C modules should not load" 1 "module 'socket.core' not found" -- "$HINGE" run --sandbox "$T/in/cmod.lua"

sb bin 'local f = load(string.char(27) .. "Lua"); assert(f == nil); assert(load("return 1", "x", "b"))'
expect "binary chunks should be refused" 1 "binary chunks are not allowed" -- "$HINGE" run --sandbox "$T/in/bin.lua"
sb txt 'assert(load("return 1 + 1")() == 2); print("text ok")'
expect "text chunks should load" 0 "" -- "$HINGE" run --sandbox "$T/in/txt.lua"

sb rd "print(io.open('$T/elsewhere/secret.txt'))"
expect "reading outside the allowed folders should be refused" 1 "reading of '.*secret.txt' refused" -- "$HINGE" run --sandbox "$T/in/rd.lua"
sb rd2 "for l in io.lines('$T/in/data.csv') do print(l) end"
expect "reading in the script's folder should work" 0 "" -- "$HINGE" run --sandbox "$T/in/rd2.lua"
sb rd3 "print(io.open(arg[1]):read('a'))"
expect "reading a file given as argument should work" 0 "" -- "$HINGE" run --sandbox "$T/in/rd3.lua" "$T/elsewhere/secret.txt"
sb rd4 "print(io.open('$T/in/../elsewhere/secret.txt'))"
expect "dot-dot should not escape" 1 "refused" -- "$HINGE" run --sandbox "$T/in/rd4.lua"
ln -s "$T/elsewhere/secret.txt" "$T/in/link.txt"
sb rd5 "print(io.open('$T/in/link.txt'):read('a'))"
expect "a symlink out of the folder should not escape" 1 "refused" -- "$HINGE" run --sandbox "$T/in/rd5.lua"
sb df "dofile('$T/elsewhere/x.lua')"
expect "dofile outside should be refused" 1 "refused" -- "$HINGE" run --sandbox "$T/in/df.lua"

for fn in "hinge.load" "hinge.csv.read"; do
  sb hl "local hinge = require 'hinge'; print($fn('$T/elsewhere/secret.txt'))"
  expect "$fn outside the allowed folders should be refused" 1 "reading of '.*secret.txt' refused" -- "$HINGE" run --sandbox "$T/in/hl.lua"
done
sb hr "local hinge = require 'hinge'; print(hinge.recovery.assess{soreness = '$T/elsewhere/secret.txt'})"
expect "hinge.recovery.assess outside the allowed folders should be refused" 1 "refused" -- "$HINGE" run --sandbox "$T/in/hr.lua"
sb hc "local hinge = require 'hinge'; local rows = assert(hinge.csv.read('$T/in/data.csv', {header = false})); print(#rows)"
expect "hinge.csv.read inside the allowed folders should work" 0 "" -- "$HINGE" run --sandbox "$T/in/hc.lua"

sb wr "local f = assert(io.open('$T/wout/r.txt', 'w')); f:write('ok'); f:close()"
expect "writing without --allow-write should be refused" 1 "writing of '.*r.txt' refused" -- "$HINGE" run --sandbox "$T/in/wr.lua"
expect "writing under --allow-write should work" 0 "" -- "$HINGE" run --sandbox --allow-write "$T/wout" "$T/in/wr.lua"
check "the file should be written" grep -q ok "$T/wout/r.txt"
sb rm "assert(os.remove('$T/elsewhere/secret.txt'))"
expect "removing outside should be refused" 1 "refused" -- "$HINGE" run --sandbox --allow-write "$T/wout" "$T/in/rm.lua"
check "the file should still be there" test -f "$T/elsewhere/secret.txt"

sb loop 'while true do end'
start=$(date +%s)
expect "an infinite loop should hit the time limit" 1 "time limit of 1 s exceeded" -- "$HINGE" run --sandbox --timeout 1 "$T/in/loop.lua"
elapsed=$(( $(date +%s) - start ))
check "the loop should be stopped within a few seconds ($elapsed s)" test "$elapsed" -le 4

sb patho "print(string.find(string.rep('a', 5000), '.-.-.-b'))"
start=$(date +%s)
expect "a pathological pattern should be stopped on wall-clock time" 1 "time limit of 1 s exceeded" -- "$HINGE" run --sandbox --timeout 1 "$T/in/patho.lua"
elapsed=$(( $(date +%s) - start ))
check "the pattern should be stopped within a few seconds ($elapsed s)" test "$elapsed" -le 4

sb pcallloop 'while true do pcall(function() while true do end end) end'
expect "catching the time-limit error should not escape the limit" 1 "time limit" -- "$HINGE" run --sandbox --timeout 1 "$T/in/pcallloop.lua"

sb coloop 'coroutine.wrap(function() while true do end end)()'
expect "a loop inside a coroutine should hit the time limit" 1 "time limit of 1 s exceeded" -- "$HINGE" run --sandbox --timeout 1 "$T/in/coloop.lua"

# A session far larger than the cap: the loader allocates through the
# state's allocator, so the cap holds inside C too.
awk 'BEGIN { print "time_s,hip_deg,thoracic_deg,lumbar_deg"; for (i = 0; i < 400000; i++) printf "%.2f,%.3f,%.3f,%.3f\n", i / 100, i % 90, 30 + i % 7, -20 + i % 5 }' >"$T/in/big.csv"
sb bigload "local hinge = require 'hinge'; local s = assert(hinge.load(arg[1])); print(s.rows)"
expect "loading a session beyond the memory cap should hit the limit" 1 "memory limit of 8 MB exceeded" -- "$HINGE" run --sandbox --memory 8 "$T/in/bigload.lua" "$T/in/big.csv"
expect "the same load under the default cap should work" 0 "" -- "$HINGE" run --sandbox "$T/in/bigload.lua" "$T/in/big.csv"

sb bomb 'local t = {} for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end'
expect "a memory bomb should hit the memory limit" 1 "memory limit of 32 MB exceeded" -- "$HINGE" run --sandbox --memory 32 "$T/in/bomb.lua"
sb bomb2 'local s = string.rep("x", 1 << 30)'
expect "one huge allocation should hit the memory limit" 1 "memory limit of 32 MB exceeded" -- "$HINGE" run --sandbox --memory 32 "$T/in/bomb2.lua"

expect "--allow-read without --sandbox should be a usage error" 2 "need --sandbox" -- "$HINGE" run --allow-read "$T" "$T/in/ok.lua"
expect "a bad --timeout should be a usage error" 2 "positive number" -- "$HINGE" run --sandbox --timeout x "$T/in/ok.lua"
expect "a missing folder should be a data error" 1 "sandbox folder" -- "$HINGE" run --sandbox --allow-read "$T/nope" "$T/in/ok.lua"

finish
