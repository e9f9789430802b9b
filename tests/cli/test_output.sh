#!/bin/sh
# Output: every command reports a standard output it cannot write (exit 1
# naming it), --list-thresholds and --threshold list honour -o, and stale
# temporaries of a killed write are cleaned up by the next write.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
SESSION=$SRC/examples/data/2026-03-02_ana_set1.csv

# expect_full DESCRIPTION COMMAND...: COMMAND with standard output on
# /dev/full must exit 1 and say which output it could not write.
expect_full() {
  desc=$1; shift
  count=$((count + 1))
  "$@" >/dev/full 2>"$T/err"
  got=$?
  if [ "$got" -ne 1 ] || ! grep -q "standard output" "$T/err"; then
    fails=$((fails + 1))
    echo "FAIL: $desc (exit $got, wanted 1 and a message naming standard output)"
    sed 's/^/  stderr: /' "$T/err" | head -n 5
  fi
}

if [ -w /dev/full ]; then
  expect_full "--version on a full disk" "$HINGE" --version
  expect_full "help on a full disk" "$HINGE" help
  expect_full "help COMMAND on a full disk" "$HINGE" help analyze
  expect_full "help help on a full disk" "$HINGE" help help
  expect_full "analyze --list-thresholds on a full disk" "$HINGE" analyze --list-thresholds
  expect_full "recovery --threshold list on a full disk" "$HINGE" recovery --threshold list
  expect_full "analyze on a full disk" "$HINGE" analyze "$SESSION"
fi

# --list-thresholds and --threshold list write to -o, atomically.
expect "analyze --list-thresholds should print to standard output" 0 "" -- \
  "$HINGE" analyze --list-thresholds
cp "$T/out" "$T/analyze-thresholds.txt"
expect "analyze --list-thresholds -o should write the file, not standard output" 0 "" -- \
  "$HINGE" analyze --list-thresholds -o "$T/list.txt"
check "analyze: nothing on standard output" test ! -s "$T/out"
check "analyze: the file should hold the list" cmp -s "$T/list.txt" "$T/analyze-thresholds.txt"
expect "recovery --threshold list -o should write the file" 0 "" -- \
  "$HINGE" recovery --threshold list -o "$T/rlist.txt"
check "recovery: nothing on standard output" test ! -s "$T/out"
check "recovery: the file should hold the list" grep -q '^acwr_high ' "$T/rlist.txt"
expect "-o in a folder that does not exist should exit 1 naming it" 1 "$T/nope/list.txt" -- \
  "$HINGE" analyze --list-thresholds -o "$T/nope/list.txt"
check "no temporary should be left in the output's folder" \
  sh -c "! ls -A '$T' | grep -q '^\.list\.txt\.'"

# Stale temporaries: .<name>.<pid>.XXXXXX beside the target.
sh -c 'exit 0' &
dead=$!
wait "$dead"
stale="$T/.out.json.$dead.AbC123"       # a dead writer, two minutes ago: removed
young="$T/.out.json.$dead.YoUng1"       # a dead writer a moment ago (another machine?): kept
alive="$T/.out.json.$$.LiVe12"          # a live writer (this shell), two minutes ago: kept
old="$T/.out.json.$$.0lD123"            # a day old, whatever its pid says: removed
other="$T/.other.json.$dead.AbC123"     # another target's: kept
odd="$T/.out.json.$dead.AbC123.bak"     # not our pattern: kept
for f in "$stale" "$young" "$alive" "$old" "$other" "$odd"; do echo partial >"$f"; done
touch -d '2 minutes ago' "$stale" "$alive" "$other" "$odd"
touch -d '2 days ago' "$old"
expect "a write should succeed beside stale temporaries" 0 "" -- \
  "$HINGE" analyze "$SESSION" --format json -o "$T/out.json"
check "the stale temporary of a dead writer should be gone" test ! -e "$stale"
check "a day-old temporary should be gone" test ! -e "$old"
check "a young temporary should be kept" test -e "$young"
check "a live writer's temporary should be kept" test -e "$alive"
check "another target's temporary should be kept" test -e "$other"
check "a name outside the pattern should be kept" test -e "$odd"
check "the output should be complete JSON" "$HINGE" run - "$T/out.json" <<'LUA'
local d = assert(require("hinge").json.read(arg[1]))
assert(d.set and d.set.reps > 0, "reps")
LUA
check "the write's own temporary should be gone (young, alive and odd remain)" \
  sh -c "test \"\$(ls -A '$T' | grep -c '^\.out\.json\.')\" -eq 3"

finish
