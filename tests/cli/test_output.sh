#!/bin/sh
# Output: every command reports a standard output it cannot write (exit 1
# naming it), and --list-thresholds and --threshold list honour -o.
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

finish
