#!/bin/sh
# hinge analyze: formats, options, errors, atomic output, and a sweep of
# generated sessions with known truth (tests/gen/check_sessions.lua).
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
GEN=$SRC/tests/gen/gen_session.lua

expect "the generator should write a session" 0 "" -- \
  "$HINGE" run "$GEN" "$T/a.csv" seed=3 reps=4 lumbar=2:9 thoracic=3:7 spikes=2 dropouts=2
check "the truth sidecar should list 4 reps" test "$(wc -l <"$T/a.truth.csv")" -eq 5
"$HINGE" run "$GEN" "$T/b.csv" seed=4 reps=2 delim=";" decimal=, time=ms meta=1 athlete=bo >/dev/null

expect "text should be the default" 0 "" -- "$HINGE" analyze "$T/a.csv"
check "text should have a set line" grep -q '^set: 4 reps, stop: lumbar rounding on rep 2; upper-back rounding on rep 3' "$T/out"
check "text should have one row per rep" test "$(grep -cE '^ +[0-9]+ ' "$T/out")" -eq 4

expect "json should work" 0 "" -- "$HINGE" analyze "$T/a.csv" --format json
check "json should be one object" grep -q '^{' "$T/out"
check "json should have the flags" grep -q '"lumbar_rounding"' "$T/out"
check "json should have the verdicts" grep -q '"verdict": "stop"' "$T/out"
check "json should have processing" grep -q '"low-pass Butterworth N=2 6 Hz zero-phase"' "$T/out"
check "json should have the set drift" grep -q '"rounding_drift_deg_per_rep"' "$T/out"
cp "$T/out" "$T/one.json"
check "json should parse strictly with four reps" "$HINGE" run - "$T/one.json" <<'LUA'
local d = assert(require("hinge").json.read(arg[1]))
assert(#d.reps == 4 and d.set.reps == 4, "reps")
LUA

expect "several files should give an array" 0 "" -- "$HINGE" analyze "$T/a.csv" "$T/b.csv" --format json
check "the array should start with [" grep -q '^\[' "$T/out"
check "the second file's athlete should be there" grep -q '"athlete": "bo"' "$T/out"

expect "csv should have one row per rep" 0 "" -- "$HINGE" analyze "$T/a.csv" "$T/b.csv" --format csv -o "$T/reps.csv"
check "csv: header + 6 rows" test "$(wc -l <"$T/reps.csv")" -eq 7
check "csv header should start with file,athlete,date,set" grep -q '^file,athlete,date,set,rep,' "$T/reps.csv"
check "csv rows should carry athlete and set" grep -q ',bo,2026-03-02,1,1,' "$T/reps.csv"
check "csv should have the verdict last" grep -q ',0,1,stop$' "$T/reps.csv"

expect "a threshold should change the flags" 0 "" -- \
  "$HINGE" analyze "$T/a.csv" --format csv --threshold lumbar_rounding_deg=15
check "no stop with a 15 deg lumbar threshold" sh -c "! grep -q ',stop$' '$T/out'"
expect "--threshold=NAME=VALUE should work too" 0 "" -- \
  "$HINGE" analyze "$T/a.csv" --threshold=upper_back_fix_deg=6 --format csv
check "rep 3 should become fix" grep -q ',3,.*,fix$' "$T/out"
expect "an unknown threshold should be a usage error" 2 "unknown threshold 'nope'" -- \
  "$HINGE" analyze "$T/a.csv" --threshold nope=1
expect "a bad threshold value should be a usage error" 2 "not a number" -- \
  "$HINGE" analyze "$T/a.csv" --threshold lowpass_hz=abc
expect "a threshold out of its domain should be a usage error" 2 "outside" -- \
  "$HINGE" analyze "$T/a.csv" --threshold min_range_frac=3
expect "--threshold without = should be a usage error" 2 "NAME=VALUE" -- \
  "$HINGE" analyze "$T/a.csv" --threshold lowpass_hz
expect "--list-thresholds should list them" 0 "" -- "$HINGE" analyze --list-thresholds
check "the list should include lumbar_rounding_deg" grep -q '^lumbar_rounding_deg  *5 ' "$T/out"

expect "a bad format should be a usage error" 2 "text, json, jsonl or csv" -- "$HINGE" analyze "$T/a.csv" --format xml
expect "no file should be a usage error" 2 "missing FILE" -- "$HINGE" analyze
expect "an unknown option should be a usage error" 2 "unknown option '--bogus'" -- "$HINGE" analyze --bogus "$T/a.csv"
expect "a missing file should be bad data naming it" 1 "nope.csv" -- "$HINGE" analyze "$T/nope.csv"
printf 'time_s,hip_deg\n0,1\n0.01,x\n' >"$T/bad.csv"
expect "a malformed file should name line and column" 1 "bad.csv:3:2" -- "$HINGE" analyze "$T/bad.csv"
printf 'time_s,speed\n0,1\n0.01,2\n' >"$T/noangle.csv"
expect "a file without angles should be bad data" 1 "noangle.csv" -- "$HINGE" analyze "$T/noangle.csv"

echo keep >"$T/kept.json"
expect "a failing file under --fail-fast should leave the output untouched" 1 "nope.csv" -- \
  "$HINGE" analyze "$T/a.csv" "$T/nope.csv" --fail-fast --format json -o "$T/kept.json"
check "the old output should still be there" grep -q '^keep$' "$T/kept.json"
expect "standard input should be read once" 0 "" -- sh -c "\"$HINGE\" analyze - --format csv < '$T/a.csv'"
check "stdin should give 4 reps" test "$(grep -c '^-,' "$T/out")" -eq 4
expect "standard input twice should be a usage error" 2 "once" -- "$HINGE" analyze - -

"$HINGE" run "$GEN" "$T/stand.csv" seed=5 reps=0 stand=4 finish=lockout >/dev/null
expect "a calibration file should give the neutral" 0 "" -- \
  "$HINGE" analyze "$T/a.csv" --calibration "$T/stand.csv" --format json
check "the neutral should be given" grep -q '"source": "given"' "$T/out"
"$HINGE" run "$GEN" "$T/flex.csv" seed=6 reps=1 finish=floor lumbar_setup=30 >/dev/null
expect "a maximal-flexion trial should give percentages" 0 "" -- \
  "$HINGE" analyze "$T/a.csv" --max-flexion "$T/flex.csv" --format json
check "percent of maximum should be reported" grep -q '"peak_pct_max"' "$T/out"

expect "help analyze should print the usage" 0 "" -- "$HINGE" help analyze
check "the usage should start with usage:" grep -q '^usage: hinge analyze' "$T/out"

mkdir -p "$T/sweep"
expect "a sweep of generated sessions should match the truth" 0 "" -- \
  "$HINGE" run "$SRC/tests/gen/check_sessions.lua" "$T/sweep" 40 7
check "the sweep should report no failure" grep -q ' 0 failed$' "$T/out"
finish
