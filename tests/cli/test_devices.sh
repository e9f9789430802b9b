#!/bin/sh
# Device exports (docs/formats.md, "Device formats"): a generated session
# with known truth (tests/gen/gen_session.lua: 5 reps, lumbar rounding on
# reps 2 and 4, upper-back rounding on rep 3) written in the Noraxon
# myoMOTION layout (German locale: metadata lines, ';', decimal comma,
# CRLF, both hip sides) and the FlexTail layout (radians), then analysed
# with no --map from another folder: the same reps and both rounding flags
# as the truth, the format and what each source can measure.
. "$(dirname "$0")/lib.sh"
GEN=$(cd "$(dirname "$0")/../gen" && pwd)/gen_session.lua
cd "$T" || exit 1

expect "generate the session" 0 "" -- "$HINGE" run "$GEN" "$T/s.csv" reps=5 seed=3 \
  lumbar=2:14,4:14 thoracic=3:26 channels=hip,thoracic,lumbar,knee,trunk
# the truth's flags per rep: rep,upper_back_rounding,lumbar_rounding
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { printf "%d,%d,%d\n", $1, $(c["upper_back_rounding"]), $(c["lumbar_rounding"]) }' "$T/s.truth.csv" >"$T/truth"
check "the truth has both flags" grep -q '^3,1,0$' "$T/truth"
check "the truth has lumbar rounding" grep -q '^2,0,1$' "$T/truth"

# Noraxon myoMOTION, German: RT/LT hip = hip +- 2.5, knees +- 1.
awk -F, 'BEGIN { printf "Noraxon MR3 export\r\nMeasurement;Kreuzheben Satz 1\r\nRate;100;Hz\r\n" }
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
    printf "time;Activity;Marker;Thoracic Flexion Fwd (deg);Lumbar Flexion Fwd (deg);RT Hip Flexion (deg);LT Hip Flexion (deg);RT Knee Flexion (deg);LT Knee Flexion (deg)\r\n"; next }
  { h = $(c["hip_deg"]); k = $(c["knee_deg"])
    l = sprintf("%s;;;%s;%s;%.3f;%.3f;%.3f;%.3f", $(c["time_s"]), $(c["thoracic_deg"]), $(c["lumbar_deg"]), h + 2.5, h - 2.5, k + 1, k - 1)
    gsub(/\./, ",", l); printf "%s\r\n", l }' "$T/s.csv" >"$T/kreuzheben.csv"
# FlexTail: angles in radians, the trunk as sagittal, no hip.
awk -F, 'BEGIN { pi = 3.14159265358979323846 }
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i
    print "User,Activity,Rating,Source_File,Time,lumbarAngle,thoracicAngle,sagittal,lateral,twist,acceleration,gyro"; next }
  { printf "ana,DL,Better,s.rsf,%s,%.8f,%.8f,%.8f,0,0,9.81,0\n", $(c["time_s"]), $(c["lumbar_deg"]) * pi / 180, $(c["thoracic_deg"]) * pi / 180, $(c["trunk_deg"]) * pi / 180 }' \
  "$T/s.csv" >"$T/flextail.csv"

flags() { # the analysis CSV's rep,upper_back_rounding,lumbar_rounding
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { printf "%d,%d,%d\n", $(c["rep"]), $(c["upper_back_rounding"]), $(c["lumbar_rounding"]) }' "$1"
}

for f in kreuzheben flextail; do
  expect "$f: analyze with no --map" 0 "" -- "$HINGE" analyze "$T/$f.csv" --format csv
  flags "$T/out" >"$T/$f.flags"
  check "$f: 5 reps with the truth's flags" cmp -s "$T/truth" "$T/$f.flags"
done

expect "noraxon: info" 0 "" -- "$HINGE" info "$T/kreuzheben.csv"
check "format noraxon" grep -q '^format       noraxon$' "$T/out"
check "both spine channels" grep -q '^capabilities thoracic+lumbar$' "$T/out"
check "German decimal comma" grep -q "^delimiter    ';'  decimal ','  CRLF$" "$T/out"
check "header below the metadata" grep -q 'header on line 4' "$T/out"
check "hip is the mean of both sides" grep -q '= mean of RT Hip Flexion (deg) and LT Hip Flexion (deg)' "$T/out"
expect "flextail: info" 0 "" -- "$HINGE" info "$T/flextail.csv" --format json
check "format flextail" grep -q '"format": "flextail"' "$T/out"
check "flextail capabilities" grep -q '"capabilities": "thoracic+lumbar"' "$T/out"
check "radians in the file" grep -q '"unit": "rad"' "$T/out"
check "the user as athlete" grep -q '"athlete": "ana"' "$T/out"

# A FlexTail without thoracicAngle: lumbar only, the upper back not assessed, the format named.
cut -d, -f1-6,8- "$T/flextail.csv" >"$T/lumbar_only.csv"
expect "flextail lumbar only" 0 "" -- "$HINGE" analyze "$T/lumbar_only.csv" --format json
check "capabilities lumbar only" grep -q '"capabilities": "lumbar only"' "$T/out"
check "not assessed, naming the format" grep -q 'no thoracic angle: upper-back rounding not assessed (flextail exports measure lumbar only)' "$T/out"
check "thoracic null in the reps" grep -q '"thoracic": null' "$T/out"

# --input-format forces a reader; the wrong one is refused with file:line.
expect "forced noraxon on the FlexTail file" 1 "flextail.csv:200: expected the myoMOTION header" -- \
  "$HINGE" info "$T/flextail.csv" --input-format noraxon
expect "forced flextail on the Noraxon file" 1 "kreuzheben.csv:200: expected a FlexTail header" -- \
  "$HINGE" analyze "$T/kreuzheben.csv" --input-format flextail

# A truncated export: the last row cut mid-way is an error at its line.
head -c 20000 "$T/kreuzheben.csv" >"$T/cut.csv"
n=$(wc -l <"$T/cut.csv")
expect "a truncated Noraxon export" 1 "cut.csv:$((n + 1)):[0-9]+: expected 9 fields" -- "$HINGE" info "$T/cut.csv"
expect "--lenient loads it" 0 "" -- "$HINGE" info "$T/cut.csv" --lenient
check "with a warning at that line" grep -q "line $((n + 1)): rows whose number of fields differs" "$T/out"
finish
