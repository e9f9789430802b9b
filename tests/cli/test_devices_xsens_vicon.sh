#!/bin/sh
# Xsens MVN CSV, Xsens MVNX and Vicon Nexus CSV (docs/formats.md, "Device
# formats"): a generated deadlift session with known truth (tests/gen,
# 5 reps, upper-back rounding on rep 2, lumbar rounding on rep 4) written
# out in each layout by tests/data/devices/make_devices.lua, then loaded
# from another folder with no --map: hinge info names the format and what
# it can measure; hinge analyze finds the reps and the flags of the truth.
# Vicon's SpineAngles is the whole spine (thorax relative to pelvis), so
# there both roundings are lumbar rounding and the upper back is not
# assessed.  Then the bad inputs of each layout: file:line:col errors.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
mkdir "$T/w" && cd "$T/w" || exit 1

expect "the session should generate" 0 "" -- "$HINGE" run "$SRC/tests/gen/gen_session.lua" \
  "$T/s.csv" reps=5 seed=3 thoracic=2:15 lumbar=4:12 channels=hip,thoracic,lumbar,knee
expect "the exports should be written" 0 "" -- "$HINGE" run "$SRC/tests/data/devices/make_devices.lua" \
  "$T/s.csv" "$T/dl"
check "truth: rep 2 upper back, rep 4 lumbar" awk -F, 'NR > 1 { f = f $14 + 0 $15 + 0 } END { exit f != "0010000100" }' "$T/s.truth.csv"

# expected flags per rep as "upper lumbar" pairs
truth_flags=$(awk -F, 'NR > 1 { printf "%d%d ", $14, $15 }' "$T/s.truth.csv")
vicon_flags=$(awk -F, 'NR > 1 { printf "0%d ", ($14 + $15 > 0) }' "$T/s.truth.csv")

flags() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { printf "%d%d ", $(c["upper_back_rounding"]), $(c["lumbar_rounding"]) }' "$1"
}
# liftoff and lockout within 0.3 s of the truth
timing() {
  awk -F, 'NR == FNR { if (FNR > 1) { lo[FNR - 1] = $3; lk[FNR - 1] = $4 }; next }
    FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { k = FNR - 1; d = $(c["liftoff_s"]) - lo[k]; e = $(c["lockout_s"]) - lk[k]
      if (d < 0) d = -d; if (e < 0) e = -e; if (d > 0.3 || e > 0.3) bad = 1 }
    END { exit bad }' "$T/s.truth.csv" "$1"
}

for f in dl_xsens.csv:xsens:thoracic+lumbar dl.mvnx:mvnx:thoracic+lumbar dl_vicon.csv:vicon:"lumbar only"; do
  file=${f%%:*}; rest=${f#*:}; fmt=${rest%%:*}; cap=${rest#*:}
  fs=""; [ "$fmt" = xsens ] && fs="--fs 100"
  expect "$fmt: info" 0 "" -- "$HINGE" info "$T/$file" $fs
  check "$fmt: format" grep -q "^format       $fmt\$" "$T/out"
  check "$fmt: capabilities $cap" grep -q "^capabilities $cap\$" "$T/out"
  expect "$fmt: analyze" 0 "" -- "$HINGE" analyze "$T/$file" $fs --format csv
  cp "$T/out" "$T/$fmt.reps.csv"
  check "$fmt: five reps" test "$(($(wc -l <"$T/$fmt.reps.csv") - 1))" -eq 5
  want=$truth_flags; [ "$fmt" = vicon ] && want=$vicon_flags
  got=$(flags "$T/$fmt.reps.csv")
  [ -n "$HINGE_TEST_VERBOSE" ] && echo "$fmt: flags $got (want $want)"
  check "$fmt: flags '$got' should be the truth's '$want'" test "$got" = "$want"
  check "$fmt: liftoff and lockout within 0.3 s of the truth" timing "$T/$fmt.reps.csv"
done
check "vicon: the upper back is not assessed" awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  $(c["thoracic_assessed"]) != 0 { bad = 1 } END { exit bad }' "$T/vicon.reps.csv"
# The MVN CSV states no rate: without --fs it says so; --input-format forces a reader.
expect "xsens without --fs should ask for it" 1 "dl_xsens.csv:1:1: .*--fs" -- "$HINGE" info "$T/dl_xsens.csv"
expect "a forced reader on the wrong file is a data error" 1 "dl_vicon.csv:1:1: .*MVN" -- \
  "$HINGE" info "$T/dl_vicon.csv" --input-format xsens

# Bad inputs.
head -c 200000 "$T/dl.mvnx" >"$T/cut.mvnx"
expect "a truncated MVNX should say where it ends" 1 "cut.mvnx:[0-9]+:[0-9]+: .*ends early" -- \
  "$HINGE" info "$T/cut.mvnx"
sed '0,/<jointAngle>1.500 -0.500 /s//<jointAngle>1.500 /' "$T/dl.mvnx" >"$T/short.mvnx"
expect "a frame with a value missing" 1 "short.mvnx:[0-9]+:[0-9]+: jointAngle has 65 values" -- \
  "$HINGE" info "$T/short.mvnx"
printf '<?xml version="1.0"?>\n<mvnx version="4"><subject frameRate="60"><joints><joint label="jL5S1"/></joints>\n<frames><frame type="identity"/><frame type="tpose"/></frames></subject></mvnx>\n' >"$T/nonormal.mvnx"
expect "an MVNX without normal frames" 1 "nonormal.mvnx:[0-9]+: no frame of type \"normal\"" -- \
  "$HINGE" info "$T/nonormal.mvnx"
awk 'BEGIN { s = 0 } /^Model Outputs/ { s = 1 } s == 1 && /^,,deg/ { s = 2; next } { print }' \
  "$T/dl_vicon.csv" >"$T/nounits.csv"
expect "a Vicon section without its units row" 1 \
  "nounits.csv:[0-9]+:1: section 'Model Outputs' \(line [0-9]+\): expected the units row" -- \
  "$HINGE" info "$T/nounits.csv"
awk '/^Model Outputs/ { s = 1 } s && /^5,0,/ { sub(/,[^,]*\r?$/, "") } { print }' "$T/dl_vicon.csv" >"$T/ragged.csv"
expect "a ragged Vicon row" 1 "ragged.csv:[0-9]+:[0-9]+: .*expected 32 fields" -- "$HINGE" info "$T/ragged.csv"
awk '/^Model Outputs/ { s = 1 } /^Trajectories/ { s = 0 } !s { print }' "$T/dl_vicon.csv" >"$T/nomodel.csv"
expect "a Vicon export without Model Outputs" 1 "nomodel.csv:[0-9]+: no 'Model Outputs' section" -- \
  "$HINGE" info "$T/nomodel.csv"
finish
