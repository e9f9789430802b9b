#!/bin/sh
# hinge analyze and #12 items 3, 4 (options), 6 and 8: "not assessed"
# where the data to judge is missing, sessions without a spine channel,
# several sets (text, JSON, CSV), --exercise / --set-end, and the trunk,
# knee and dwell fields.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
GEN=$SRC/tests/gen/gen_session.lua

# The issue's case: lumbar blanked 5.2-6.0 s inside rep 1's pull.
"$HINGE" run "$GEN" "$T/s.csv" seed=1 reps=3 lumbar=1:9 >/dev/null
awk -F, 'BEGIN {OFS=","} NR > 1 && $1 >= 5.2 && $1 < 6.0 {$4 = ""} {print}' "$T/s.csv" >"$T/sb.csv"
expect "the whole session should analyse" 0 "" -- "$HINGE" analyze "$T/s.csv"
check "rep 1 should be stop with its lumbar channel whole" grep -Eq '^ +1 .* stop +lumbar_rounding$' "$T/out"
expect "the blanked session should analyse" 0 "" -- "$HINGE" analyze "$T/sb.csv"
check "rep 1 should not be ok when its lumbar pull is missing" grep -Eq '^ +1 .* unknown *$' "$T/out"
check "the set should not be ok" grep -q '^set: 3 reps, unknown: lumbar rounding not assessed on rep 1$' "$T/out"
check "a warning should name the rep, the channel and the gap" \
  grep -Eq '^warning: rep 1: lumbar rounding not assessed: 0\.[0-9]{2} s unmeasured from 5\.[23][0-9] s to 6\.00 s in the pull$' "$T/out"
expect "json should say so" 0 "" -- "$HINGE" analyze "$T/sb.csv" --format json
check "json: lumbar not assessed" grep -q '"assessed": false' "$T/out"
check "json: coverage" grep -Eq '"coverage": 0\.[0-7][0-9]*,' "$T/out"
expect "csv should say so" 0 "" -- "$HINGE" analyze "$T/sb.csv" --format csv
check "csv: coverage and assessed columns" \
  grep -q 'thoracic_coverage,thoracic_assessed,lumbar_coverage,lumbar_assessed,upper_back_rounding,lumbar_rounding,verdict$' "$T/out"
check "csv: rep 1 not assessed, no flag, unknown" grep -Eq ',1,0\.[0-7][0-9]*,0,0,0,unknown$' "$T/out"

# Video-only: trunk and hip, no spine.
"$HINGE" run "$GEN" "$T/v.csv" seed=21 reps=3 lumbar=2:9 channels=hip,trunk >/dev/null
expect "a video-only session should analyse" 0 "" -- "$HINGE" analyze "$T/v.csv"
check "never ok without a spine channel" sh -c "! grep -q 'no rounding beyond' '$T/out'"
check "the set line should say rounding was not assessed" \
  grep -q '^set: 3 reps, unknown: rounding not assessed (no thoracic or lumbar angle)$' "$T/out"
check "the table should have trunk columns" grep -Eq '^ +rep +liftoff +lockout +pull +hip +trunk +trunk ' "$T/out"
check "every rep should be unknown" test "$(grep -Ec '^ +[0-9]+ .* unknown *$' "$T/out")" -eq 3
expect "video-only json" 0 "" -- "$HINGE" analyze "$T/v.csv" --format json
check "json: trunk setup and peak" grep -q '"peak_deg"' "$T/out"
check "json: set trunk means" grep -q '"trunk_peak_mean_deg"' "$T/out"
check "json: the set verdict unknown" grep -q '"verdict": "unknown"' "$T/out"
expect "the example video with a knee column" 0 "" -- \
  "$HINGE" analyze "$SRC/examples/data/2026-03-05_cai_video.csv" --format csv
check "csv: knee at setup filled in" grep -Eq '^([^,]*,){13}[0-9]+\.[0-9]+,' "$T/out"

# Two sets: a 75 s pause at the bottom before rep 4.
"$HINGE" run "$GEN" "$T/two.csv" seed=2 reps=6 pauses=4:75 lumbar=5:9 >/dev/null
expect "two sets should analyse" 0 "" -- "$HINGE" analyze "$T/two.csv"
check "text: one line per set" sh -c "grep -q '^set 1: 3 reps, ok: no rounding beyond the thresholds\$' '$T/out' &&
  grep -q '^set 2: 3 reps, stop: lumbar rounding on rep 5\$' '$T/out'"
check "text: a set column in the table" grep -Eq '^ +2 +5 ' "$T/out"
expect "two sets as csv" 0 "" -- "$HINGE" analyze "$T/two.csv" --format csv
check "csv: each rep's set" test "$(cut -d, -f4 "$T/out" | tr '\n' ' ')" = "set 1 1 1 2 2 2 "
expect "two sets as json" 0 "" -- "$HINGE" analyze "$T/two.csv" --format json
check "json: per-set summaries" "$HINGE" run - "$T/out" <<'LUA'
local d = assert(require("hinge").json.read(arg[1]))
assert(#d.sets == 2 and d.sets[2].first_rep == 4 and d.sets[2].set == 2, "sets")
assert(d.sets[1].verdict == "ok" and d.sets[2].verdict == "stop" and d.set.reps == 6)
LUA
expect "a longer set_rest_s should keep one set" 0 "" -- \
  "$HINGE" analyze "$T/two.csv" --threshold set_rest_s=100
check "one set line" grep -q '^set: 6 reps, stop' "$T/out"

# --exercise and --set-end.
expect "--exercise squat should be accepted" 0 "" -- "$HINGE" analyze "$T/s.csv" --exercise squat --format json
check "json: the exercise" grep -q '"exercise": "squat"' "$T/out"
expect "--set-end should be accepted" 0 "" -- "$HINGE" analyze "$T/s.csv" --set-end=put-down --format json
check "json: the set end" grep -q '"set_end": "put-down"' "$T/out"
expect "a bad exercise should be a usage error naming the words" 2 "deadlift, squat, rdl" -- \
  "$HINGE" analyze "$T/s.csv" --exercise bench
expect "a bad set end should be a usage error naming the words" 2 "auto, lockout, put-down" -- \
  "$HINGE" analyze "$T/s.csv" --set-end never
expect "help should list the options" 0 "" -- "$HINGE" help analyze
check "help: --exercise and --set-end" sh -c "grep -q -- '--exercise E' '$T/out' && grep -q -- '--set-end E' '$T/out'"
finish
