#!/bin/sh
# The real OpenCap squat recording (tests/data/opencap, Apache-2.0, see
# NOTICE.md there): five bodyweight squats, OpenSim inverse kinematics at
# 100 Hz.  Converted to a hinge session CSV here (mot2csv.awk: hip and knee
# the means of both sides, lumbar = -lumbar_extension, the whole torso
# relative to the pelvis), then analysed with --exercise squat: every squat
# counted, liftoff and lockout within 0.4 s of the truth read off the hip
# trace (docs/testing.md).  Then the .mot itself, read by the reader
# "opensim" (issue 16) with no --map: the same reps, what it can measure.
. "$(dirname "$0")/lib.sh"
OC=$DATA/opencap
MOT=$OC/opencap_squats1.mot

expect "the .mot should convert" 0 "" -- awk -f "$OC/mot2csv.awk" "$MOT"
cp "$T/out" "$T/squats.csv"
check "801 samples and a header" test "$(wc -l <"$T/squats.csv")" -eq 802
check "the header should name the roles" test "$(head -n 1 "$T/squats.csv")" = "time_s,hip_deg,knee_deg,lumbar_deg"
# t = 0.96 s: hip_flexion_r 98.78751414, hip_flexion_l 100.55365002 (mean
# 99.6706), lumbar_extension -45.63292884 (the file's row, by hand).
check "hip should be the mean of both sides, lumbar minus lumbar_extension" \
  grep -q '^0.9600,99.6706,[0-9.]*,45.6329$' "$T/squats.csv"

# The same file in radians (inDegrees=no) should convert to the same angles.
awk -F'\t' 'BEGIN { OFS = "\t"; h = 1 }
  h { l = $0; sub(/\r$/, "", l); if (l ~ /^inDegrees=/) $0 = "inDegrees=no"; if (l == "endheader") h = 0; print; next }
  !n { n = 1; print; next }
  { for (i = 2; i <= NF; i++) $i = sprintf("%.10f", $i * 3.14159265358979323846 / 180); print }' \
  "$MOT" >"$T/rad.mot"
expect "a radian .mot should convert" 0 "" -- awk -f "$OC/mot2csv.awk" "$T/rad.mot"
check "to the same degrees (within 0.001)" awk -F, 'NR == FNR { a[FNR] = $0; next }
  FNR > 1 { split(a[FNR], x, ","); for (i = 1; i <= 4; i++) { d = $i - x[i]; if (d < 0) d = -d; if (d > 0.001) bad = 1 } }
  END { exit bad }' "$T/squats.csv" "$T/out"

# Truth from the hip trace (mean of both sides): each squat turns at the
# bottom (liftoff = the hip maximum, no pause) and stands up (lockout = the
# hip minimum before the next descent; the last at the end of the file).
#   bottoms 0.96 2.46 3.95 5.53 7.17 s (99.7 98.7 99.2 101.0 105.7 deg)
#   tops    1.70 3.21 4.79 6.38 7.98 s
expect "hinge analyze --exercise squat should analyse it" 0 "" -- \
  "$HINGE" analyze "$T/squats.csv" --exercise squat --format csv
cp "$T/out" "$T/reps.csv"
check "five squats" test "$(($(wc -l <"$T/reps.csv") - 1))" -eq 5
check "liftoff and lockout within 0.4 s of the truth" awk -F, '
  BEGIN { split("0.96 2.46 3.95 5.53 7.17", lo, " "); split("1.70 3.21 4.79 6.38 7.98", lk, " ") }
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { k = NR - 1; dl = $(c["liftoff_s"]) - lo[k]; dk = $(c["lockout_s"]) - lk[k]
    if (dl < 0) dl = -dl; if (dk < 0) dk = -dk
    if (dl > 0.4 || dk > 0.4) { printf "  rep %d liftoff %s (truth %s) lockout %s (truth %s)\n", k, $(c["liftoff_s"]), lo[k], $(c["lockout_s"]), lk[k]; bad = 1 } }
  END { exit bad }' "$T/reps.csv"

# hinge reads the .mot itself (issue 16, the reader "opensim"): no --map,
# no conversion, from another folder; the same five squats and timing.
MOT=$(cd "$OC" && pwd)/opencap_squats1.mot
cd "$T" || exit 1
expect "hinge analyze FILE.mot --exercise squat with no --map" 0 "" -- \
  "$HINGE" analyze "$MOT" --exercise squat --format csv
cp "$T/out" "$T/reps_mot.csv"
check "five squats from the .mot" test "$(($(wc -l <"$T/reps_mot.csv") - 1))" -eq 5
check "the same liftoffs and lockouts as the converted CSV" awk -F, '
  NR == FNR { if (FNR > 1) { a[FNR] = $7 "," $8 }; next }
  FNR > 1 && a[FNR] != $7 "," $8 { printf "  rep %d: %s vs %s\n", FNR - 1, a[FNR], $7 "," $8; bad = 1 }
  END { exit bad }' "$T/reps.csv" "$T/reps_mot.csv"
expect "info should say what the .mot is" 0 "" -- "$HINGE" info "$MOT" --format json
check "format opensim" grep -q '"format": "opensim"' "$T/out"
check "lumbar only" grep -q '"capabilities": "lumbar only"' "$T/out"
check "the note says the torso is not a lumbar segment" grep -q '"capability_note": "lumbar is the whole torso relative to the pelvis' "$T/out"
check "hip derived from both sides" grep -q '"source": "mean of hip_flexion_r and hip_flexion_l"' "$T/out"
expect "the analysis JSON" 0 "" -- "$HINGE" analyze "$MOT" --exercise squat --format json
check "capabilities in the analysis" grep -q '"capabilities": "lumbar only"' "$T/out"
check "upper back not assessed, the format named" grep -q 'no thoracic angle: upper-back rounding not assessed (opensim exports measure lumbar only)' "$T/out"
# t = 0.96 s (line 108 of the file): hip 99.6706, lumbar 45.6329 (by hand, above).
cat >"$T/row.lua" <<'LUA'
local hinge = require "hinge"
local s = assert(hinge.load(arg[1]))
local hip, lumbar = s:column("hip"), s:column("lumbar")
print(s:format(), string.format("%.4f %.4f", hip[97], lumbar[97]))
local r = assert(hinge.load(arg[2], {input_format = "opensim"}))
print(string.format("%.4f", math.abs(r:column("hip")[97] - hip[97])))
LUA
expect "Lua should read the .mot, radians alike" 0 "" -- "$HINGE" run "$T/row.lua" "$MOT" "$T/rad.mot"
check "hip and lumbar at 0.96 s" test "$(head -n 1 "$T/out")" = "$(printf 'opensim\t99.6706 45.6329')"
check "radians give the same hip" test "$(sed -n 2p "$T/out")" = "0.0000"
finish
