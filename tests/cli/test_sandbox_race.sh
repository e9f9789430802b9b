#!/bin/sh
# hinge run --sandbox: the check and the open cannot be raced.  A second
# process swaps a folder inside the allowed one with a symbolic link to
# a folder outside, as fast as it can, while the script opens a file in
# it over and over (io.open, io.lines, loadfile, dofile, and writes).  No
# open may ever reach the file outside.  About 2 s per run; it runs with
# openat2 and with the walk that replaces it.
. "$(dirname "$0")/lib.sh"

command -v perl >/dev/null 2>&1 || { echo "SKIP: no perl for the swapper"; exit 0; }

mkdir -p "$T/in/d" "$T/outside"
echo "return 'inside'" >"$T/in/d/f.lua"
echo "return 'SECRET'" >"$T/outside/f.lua"

cat >"$T/race.lua" <<'EOF'
local p, w = arg[1] .. "/d/f.lua", arg[1] .. "/d/new.txt"
local n, leaks, refused, failed = 0, 0, 0, 0
local function tally(ok, v)
  if not ok then
    if tostring(v):find("refused") then refused = refused + 1 else failed = failed + 1 end
  elseif v == nil then failed = failed + 1
  elseif tostring(v):find("SECRET") then leaks = leaks + 1 end
end
local t0 = os.clock()
while os.clock() - t0 < 1.5 do
  n = n + 1
  tally(pcall(function() local f = io.open(p); if not f then return nil end
                         local s = f:read("a"); f:close(); return s end))
  tally(pcall(function() for l in io.lines(p) do return l end end))
  tally(pcall(function() local f = loadfile(p); return f and f() end))
  tally(pcall(dofile, p))
  pcall(function() local f = io.open(w, "w"); if f then f:close() end end)
end
print(string.format("rounds %d leaks %d refused %d failed %d", n, leaks, refused, failed))
EOF

for walk in "" 1; do
  how=${walk:+" (walk)"}
  rm -f "$T/stop" "$T/outside/new.txt"
  # The swapper: d <-> a link to $T/outside, by renames only (atomic).
  perl -e 'chdir $ARGV[0] or die; symlink($ARGV[1], "lnk") or die;
           until (-e "../stop") { rename("d", "real"); rename("lnk", "d");
                                  rename("d", "lnk"); rename("real", "d"); }
           unlink "lnk"' "$T/in" "$T/outside" &
  swapper=$!
  sleep 0.2
  expect "the script should run through the race$how" 0 "" -- \
    env ${walk:+HINGE_SANDBOX_NO_OPENAT2=1} "$HINGE" run --sandbox --timeout 10 \
    --allow-read "$T/in" --allow-write "$T/in" "$T/race.lua" "$T/in"
  touch "$T/stop"
  wait "$swapper"
  cat "$T/out" | sed "s/^/  race$how: /"
  check "no open should read the file outside$how" grep -q " leaks 0 " "$T/out"
  check "no write should create a file outside$how" test ! -e "$T/outside/new.txt"
  # Without collisions the test proves nothing: the swapper must have won
  # some of the races (refusals or files not found).
  check "the race should have been run$how" sh -c "! grep -q 'refused 0 failed 0' '$T/out'"
done

finish
