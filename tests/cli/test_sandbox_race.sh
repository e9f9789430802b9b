#!/bin/sh
# hinge run --sandbox: the check and the open cannot be raced.  A second
# process swaps a folder inside the allowed one with a symbolic link to
# a folder outside, as fast as it can, while the script opens a file in
# it over and over (io.open, io.lines, loadfile, dofile, writes, and a
# hinge reader).  No open may ever reach the file outside.  About 2 s per
# run, three runs: the sandbox's own opens alone (openat2, then the walk
# that replaces it), and with the Landlock wall, which also stops the
# hinge functions that open files by name.
. "$(dirname "$0")/lib.sh"

command -v perl >/dev/null 2>&1 || { echo "SKIP: no perl for the swapper"; exit 0; }

mkdir -p "$T/in/d" "$T/outside"
echo "return 'inside'" >"$T/in/d/f.lua"
echo "return 'SECRET'" >"$T/outside/f.lua"
printf 'a,b\ninside,1\n' >"$T/in/d/f.csv"
printf 'a,b\nSECRET,1\n' >"$T/outside/f.csv"

cat >"$T/race.lua" <<'EOF'
local hinge = require "hinge"
local p, w, csv = arg[1] .. "/d/f.lua", arg[1] .. "/d/new.txt", arg[1] .. "/d/f.csv"
local n, leaks, refused, failed, hleaks = 0, 0, 0, 0, 0
local function tally(ok, v)
  if not ok then
    if tostring(v):find("refused") then refused = refused + 1 else failed = failed + 1 end
  elseif v == nil then failed = failed + 1
  elseif tostring(v):find("SECRET") then leaks = leaks + 1 end
end
local stop = os.time() + 2 -- 1 to 2 s of wall-clock time
while os.time() < stop do
  n = n + 1
  tally(pcall(function() local f = io.open(p); if not f then return nil end
                         local s = f:read("a"); f:close(); return s end))
  tally(pcall(function() for l in io.lines(p) do return l end end))
  tally(pcall(function() local f = loadfile(p); return f and f() end))
  tally(pcall(dofile, p))
  pcall(function() local f = io.open(w, "w"); if f then f:close() end end)
  local ok, rows = pcall(hinge.csv.read, csv, {header = false})
  if ok and rows and rows[2] and rows[2][1] == "SECRET" then hleaks = hleaks + 1 end
end
print(string.format("rounds %d leaks %d refused %d failed %d hinge-leaks %d",
                    n, leaks, refused, failed, hleaks))
EOF

# Landlock in this kernel?  (landlock_create_ruleset's ABI version query;
# the syscall is number 444 on every architecture.)
landlock=0
perl -e 'exit(syscall(444, 0, 0, 1) > 0 ? 0 : 1)' 2>/dev/null && landlock=1

for how in checks walk landlock; do
  case $how in
    checks) envs="HINGE_SANDBOX_NO_LANDLOCK=1" ;;
    walk) envs="HINGE_SANDBOX_NO_LANDLOCK=1 HINGE_SANDBOX_NO_OPENAT2=1" ;;
    landlock) envs="" ;;
  esac
  rm -f "$T/stop" "$T/outside/new.txt"
  # The swapper: d <-> a link to $T/outside, by renames only (atomic).
  perl -e 'chdir $ARGV[0] or die; symlink($ARGV[1], "lnk") or die;
           until (-e "../stop") { rename("d", "real"); rename("lnk", "d");
                                  rename("d", "lnk"); rename("real", "d"); }
           unlink "lnk"' "$T/in" "$T/outside" &
  swapper=$!
  sleep 0.2
  expect "the script should run through the race ($how)" 0 "" -- \
    env $envs "$HINGE" run --sandbox --timeout 10 \
    --allow-read "$T/in" --allow-write "$T/in" "$T/race.lua" "$T/in"
  touch "$T/stop"
  wait "$swapper"
  sed "s/^/  race ($how): /" "$T/out"
  check "no open should read the file outside ($how)" grep -q " leaks 0 " "$T/out"
  check "no write should create a file outside ($how)" test ! -e "$T/outside/new.txt"
  if [ $how = landlock ] && [ $landlock = 1 ]; then
    check "no hinge reader should read the file outside (landlock)" grep -q "hinge-leaks 0$" "$T/out"
  fi
  # Without collisions the test proves nothing: the swapper must have won
  # some of the races (refusals or files not found).
  check "the race should have been run ($how)" sh -c "! grep -q 'refused 0 failed 0' '$T/out'"
done

finish
