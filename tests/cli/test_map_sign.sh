#!/bin/sh
# --map ROLE=-COLUMN (a sensor counting flexion negative): the column is
# inverted on load and nothing else changes (filter writes the loaded
# values back, analyze gives the same reps and rounding as the original),
# info shows it, rad and lenient loads still work, bad spellings are usage
# errors naming them; the analysis warns about an inverted hip or lumbar
# and names the fix.  Inverted files are made from generated sessions with
# awk (the truth: the generator's own file).
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
GEN=$SRC/tests/gen/gen_session.lua

# invert FILE COLUMN_NUMBER NEW_NAME > OUT: negate one column (empty cells stay empty).
invert() {
  awk -F, -v c="$2" -v name="$3" 'BEGIN{OFS=","} NR==1{$c=name; print; next}
    {if ($c != "") $c = -$c; print}' "$1"
}

"$HINGE" run "$GEN" "$T/s.csv" seed=2 reps=4 lumbar=2:9 thoracic=3:7 dropouts=3 >/dev/null
check "the generated session should have lumbar dropouts" \
  test "$(tail -n +2 "$T/s.csv" | cut -d, -f4 | grep -c '^$')" -gt 0
invert "$T/s.csv" 4 L1_S1_flex >"$T/lu.csv"
invert "$T/s.csv" 2 hip_sensor >"$T/hip.csv"
invert "$T/s.csv" 3 T_spine_raw >"$T/th.csv"

# ---- the loaded values: the original's, NaN where it had none ----
expect "filter of the original" 0 "" -- "$HINGE" filter "$T/s.csv" -o "$T/f0.csv"
expect "filter with --map lumbar=-COLUMN" 0 "" -- \
  "$HINGE" filter "$T/lu.csv" --map lumbar=-L1_S1_flex -o "$T/f1.csv"
cut -d, -f4 "$T/f0.csv" | tail -n +2 >"$T/v0"
cut -d, -f4 "$T/f1.csv" | tail -n +2 >"$T/v1"
check "the inverted column should load as the original, empty cells included" cmp -s "$T/v0" "$T/v1"

# ---- info ----
expect "info should show the inversion" 0 "" -- "$HINGE" info "$T/lu.csv" --map lumbar=-L1_S1_flex
check "the column line should say mapped, inverted" \
  grep -Eq '^ +4 +L1_S1_flex +lumbar +deg +[0-9]+ +\(mapped, inverted\)$' "$T/out"
"$HINGE" info "$T/s.csv" >"$T/info0"
missing=$(awk '$2 == "lumbar_deg" {print $5}' "$T/info0")
check "the original lumbar should have missing samples" test "${missing:-0}" -gt 0
check "the missing count should be the original's" grep -Eq "L1_S1_flex +lumbar +deg +$missing " "$T/out"
expect "info json should say inverted" 0 "" -- \
  "$HINGE" info "$T/lu.csv" --map lumbar=-L1_S1_flex --format json
check "json: inverted true on the mapped column" \
  sh -c "tr -d '\n ' <'$T/out' | grep -q '\"name\":\"L1_S1_flex\",\"role\":\"lumbar\",\"unit\":\"deg\",\"mapped\":true,\"inverted\":true'"
check "json: other columns not inverted" \
  sh -c "tr -d '\n ' <'$T/out' | grep -q '\"name\":\"hip_deg\",\"role\":\"hip\",\"unit\":\"deg\",\"mapped\":false,\"inverted\":false'"

# ---- analyze: same reps and rounding with the fix; a warning without it ----
expect "analyze the original" 0 "" -- "$HINGE" analyze "$T/s.csv" --format csv -o "$T/a0.csv"
check "the original should have 4 reps" test "$(wc -l <"$T/a0.csv")" -eq 5
for case in "lu.csv lumbar=-L1_S1_flex" "hip.csv hip=-hip_sensor" "th.csv thoracic=-T_spine_raw"; do
  set -- $case
  expect "analyze $1 with --map $2" 0 "" -- "$HINGE" analyze "$T/$1" --map "$2" --format csv -o "$T/a1.csv"
  check "$1 with the fix should give the original's reps and rounding" \
    sh -c "cut -d, -f2- '$T/a0.csv' >'$T/c0'; cut -d, -f2- '$T/a1.csv' >'$T/c1'; cmp -s '$T/c0' '$T/c1'"
done
expect "analyze the original as json" 0 "" -- "$HINGE" analyze "$T/s.csv" --format json
check "the original should have no sign warning" sh -c "! grep -q 'falls as' '$T/out'"

expect "analyze the inverted lumbar as it is" 0 "" -- \
  "$HINGE" analyze "$T/lu.csv" --map lumbar=L1_S1_flex --format json
check "the warning should name the lumbar and the fix" \
  grep -q 'lumbar flexion falls as the hip flexes: on 4 of 4 pulls.*--map lumbar=-COLUMN' "$T/out"
expect "analyze the inverted thoracic as it is" 0 "" -- \
  "$HINGE" analyze "$T/th.csv" --map thoracic=T_spine_raw --format json
check "the warning should name the thoracic and the fix" \
  grep -q 'thoracic flexion falls as the hip flexes.*--map thoracic=-COLUMN' "$T/out"
expect "analyze the inverted hip as it is" 0 "" -- \
  "$HINGE" analyze "$T/hip.csv" --map hip=hip_sensor --format json
check "the warning should name the hip and the fix" \
  grep -q 'hip flexion falls as the lifter bends.*--map hip=-COLUMN (Lua: map = {hip = \\"-COLUMN\\"})' "$T/out"
check "the text output should show it too" sh -c \
  "'$HINGE' analyze '$T/hip.csv' --map hip=hip_sensor | grep -q '^warning: hip flexion falls as the lifter bends'"

# ---- units and lenient loads ----
"$HINGE" run "$GEN" "$T/r.csv" seed=2 reps=3 units=rad decimals=5 >/dev/null
invert "$T/r.csv" 4 lumbar_rad >"$T/rinv.csv"
"$HINGE" analyze "$T/r.csv" --format csv | cut -d, -f2- >"$T/r0"
expect "radians: inverted and converted" 0 "" -- \
  "$HINGE" analyze "$T/rinv.csv" --map lumbar=-lumbar_rad --format csv
check "radians with the fix should give the original's reps" \
  sh -c "cut -d, -f2- '$T/out' | cmp -s - '$T/r0'"
awk -F, 'BEGIN{OFS=","} NR==50{$4="oops"} {print}' "$T/lu.csv" >"$T/bad.csv"
expect "a bad value is an error when strict" 1 "bad.csv:50:4" -- \
  "$HINGE" info "$T/bad.csv" --map lumbar=-L1_S1_flex
expect "lenient: the bad value is missing, the rest inverted" 0 \
  "bad.csv: warning: line 50, column 4: .*loaded as missing" -- \
  "$HINGE" filter "$T/bad.csv" --lenient --map lumbar=-L1_S1_flex -o "$T/f2.csv"
cut -d, -f4 "$T/f2.csv" | tail -n +2 >"$T/v2"
check "lenient: only row 49 differs, and it is empty" \
  sh -c "diff '$T/v0' '$T/v2' | grep -c '^[<>]' | grep -qx 2 && sed -n 49p '$T/v2' | grep -qx ''"

# ---- spelling ----
expect "a minus without a column is a usage error naming it" 2 "--map lumbar=- names no column" -- \
  "$HINGE" analyze "$T/lu.csv" --map lumbar=-
expect "only angles can be inverted" 2 "--map time=-time_s: only an angle column can be inverted" -- \
  "$HINGE" info "$T/lu.csv" --map time=-time_s
expect "a missing inverted column is bad data naming it" 1 "no column 'nope'" -- \
  "$HINGE" analyze "$T/lu.csv" --map lumbar=-nope
expect "filter shares the parser" 2 "--map hip=\\+ names no column" -- \
  "$HINGE" filter "$T/lu.csv" --map hip=+
printf 'time_s,hip_deg,-raw\n0,1,2\n0.01,2,3\n0.02,3,-4\n' >"$T/dash.csv"
expect "+ keeps a name that starts with a minus" 0 "" -- \
  "$HINGE" filter "$T/dash.csv" --map lumbar=+-raw
check "+-raw: the values as they are" sh -c "cut -d, -f3 '$T/out' | tr '\n' ' ' | grep -qx -- '-raw 2 3 -4 '"
expect "a second minus inverts a name that starts with one" 0 "" -- \
  "$HINGE" filter "$T/dash.csv" --map lumbar=--raw
check "--raw: the values inverted" sh -c "cut -d, -f3 '$T/out' | tr '\n' ' ' | grep -qx -- '-raw -2 -3 4 '"
finish
