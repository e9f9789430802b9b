#!/bin/sh
# hinge analyze and hinge filter on time gaps: a stray late timestamp is
# refused at once with the gap named (no grid over the whole span), a
# pause within the limit is analysed as missing samples with a warning.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
GEN=$SRC/tests/gen/gen_session.lua

"$HINGE" run "$GEN" "$T/s.csv" seed=5 reps=3 >/dev/null
rows=$(($(wc -l <"$T/s.csv") - 1))
last=$(tail -n 1 "$T/s.csv" | cut -d, -f1)
{ cat "$T/s.csv"; echo "1000000.00,1.2,38.0,-21.5"; } >"$T/late6.csv"
{ cat "$T/s.csv"; echo "10000000.00,1.2,38.0,-21.5"; } >"$T/late7.csv"
# Times after row 600 moved by a minute: a pause between reps.
awk -F, 'BEGIN { OFS = "," } NR > 601 { $1 = sprintf("%.2f", $1 + 60) } { print }' \
  "$T/s.csv" >"$T/pause.csv"

for late in 6 7; do
  expect "a timestamp 1e$late s late should be refused naming the gap" 1 \
    "late$late.csv: analysis: the time jumps from $last s to 10+ s at sample $((rows + 1)) .*split the recording there" -- \
    "$HINGE" analyze "$T/late$late.csv" --format json
  check "nothing should be written for it" test ! -s "$T/out"
  expect "hinge filter --resample should refuse the grid naming the step" 1 \
    "resample: .* would make a grid of 10+1 samples, more than 64 per timestamp \+ 1048576; the longest step" -- \
    "$HINGE" filter "$T/late$late.csv" --resample 100
done

expect "a file that is fine should have no time-gap warning" 0 "" -- \
  "$HINGE" analyze "$T/s.csv" --format json
check "no time-gap warning" sh -c "! grep -q 'time gap' '$T/out'"
check "three reps" grep -q '"reps": 3' "$T/out"

expect "a one-minute pause should be analysed" 0 "" -- "$HINGE" analyze "$T/pause.csv" --format json
check "the pause should be warned about" grep -q \
  '"1 time gap longer than 0.25 s left as missing samples, not interpolated (the longest: 60.01 s' "$T/out"
check "the pause should be missing samples in the trace" grep -q "\"samples\": $((rows + 6000))" "$T/out"
check "three reps still" grep -q '"reps": 3' "$T/out"

# crashes-found #11: a hip column starting with twenty -DBL_MAX samples read
# before the despiking buffer; it should now be analysed without a fault.
expect "samples near -DBL_MAX should be a clean data error, not a crash" 1 "session-hampel-huge-values.csv: analysis: " -- \
  "$HINGE" analyze "$SRC/tests/fuzz/crashes-found/session-hampel-huge-values.csv" --format json

# A recording that starts mid-pull: that pull's setup and its rounding from
# liftoff were never recorded, so it is rejected with a warning, not
# measured from the first sample as an "ok" rep.
awk -F, 'NR == 1 || $1 >= 5.6' "$SRC/examples/data/2026-03-02_ana_set1.csv" >"$T/midpull.csv"
expect "a recording starting mid-pull should be analysed" 0 "" -- \
  "$HINGE" analyze "$T/midpull.csv" --format json
check "the cut pull should be rejected with a warning" grep -q \
  'the rise at 5.60 s rejected: the recording starts mid-pull' "$T/out"
check "no rep should start at the first sample" sh -c "! grep -q '\"liftoff_s\": 5.6,' '$T/out'"

finish
