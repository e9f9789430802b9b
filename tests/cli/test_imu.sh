#!/bin/sh
# Wearable IMUs (issue 17): the generated sessions of tests/data/imu
# (gen_imu.py: simulated sensors with a known truth) read with the reader
# 'imu' and --sensor, as a user runs them (from another folder), plain and
# with the messy things real exports have; and the errors.
. "$(dirname "$0")/lib.sh"
IMU=$(cd "$DATA/imu" && pwd)
SQ=$IMU/squat_waist_thigh.csv
DL=$IMU/deadlift_spine.csv
cd "$T" || exit 1

# ---- the squat set: 10 reps, waist and thigh at ~110 Hz, m/s^2, rad/s ----
expect "the squat set should analyse (a phone's jittered steps warned)" 0 "irregular sampling" -- \
  "$HINGE" analyze "$SQ" --sensor trunk=waist --sensor thigh=thigh --exercise squat --format csv
check "exactly 10 squats" test "$(tail -n +2 "$T/out" | wc -l)" -eq 10
# truth: hip 135 deg at the bottom (trunk 40 + thigh 95), trunk 40
check "hip setup within 2 deg of 135, trunk within 2 of 40" awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { h = $c["hip_setup_deg"] - 135; t = $c["trunk_setup_deg"] - 40
    if (h < -2 || h > 2 || t < -2 || t > 2) bad = 1 }
  END { exit bad }' "$T/out"

expect "hinge info should name the format and the capabilities" 0 "" -- \
  "$HINGE" info "$SQ" --sensor trunk=waist --sensor thigh=thigh
check "format imu" grep -q '^format  *imu$' "$T/out"
check "capabilities trunk only" grep -q '^capabilities  *trunk only$' "$T/out"
check "the hip column says what it is made of" grep -q "trunk ('waist') + thigh ('thigh')" "$T/out"

# ---- messy copies of the squat file: each should still count 10 ----
count_reps() { # FILE: analyse as a squat set, print the rep count
  "$HINGE" analyze "$1" --sensor trunk=waist --sensor thigh=thigh --exercise squat \
    --format csv 2>"$T/err2" | tail -n +2 | wc -l
}
# BOM + CRLF
printf '\357\273\277' >"$T/bom.csv"
sed 's/$/\r/' "$SQ" >>"$T/bom.csv"
check "BOM and CRLF: 10 reps" test "$(count_reps "$T/bom.csv")" -eq 10
# German: ';' and decimal comma, metadata lines above the header
{ echo "Device;MetaMotion"; echo "Subject;A01"
  sed 's/,/;/g; s/\([0-9]\)\.\([0-9]\)/\1,\2/g' "$SQ"; } >"$T/de.csv"
check "semicolons, decimal commas and metadata lines: 10 reps" test "$(count_reps "$T/de.csv")" -eq 10
# units in the header, g and deg/s, time in epoch nanoseconds
awk -F, 'BEGIN { OFS = "," }
  NR == 1 { print "time_ns,waist_ax (g),waist_ay (g),waist_az (g),waist_gx (deg/s),waist_gy (deg/s),waist_gz (deg/s),thigh_ax (g),thigh_ay (g),thigh_az (g),thigh_gx (deg/s),thigh_gy (deg/s),thigh_gz (deg/s)"; next }
  { printf "%.0f", 1.7e18 + $1 * 1e9
    for (i = 2; i <= 13; i++) { k = (i - 2) % 6; printf ",%.6f", (k < 3 ? $i / 9.80665 : $i * 57.29577951308232) }
    printf "\n" }' "$SQ" >"$T/units.csv"
check "g, deg/s in the header, epoch ns: 10 reps" test "$(count_reps "$T/units.csv")" -eq 10
# the same without the units named: detected (g by gravity's size, deg/s by the motion)
sed '1s/ ([^)]*)//g' "$T/units.csv" >"$T/detect.csv"
check "g and deg/s detected: 10 reps" test "$(count_reps "$T/detect.csv")" -eq 10
expect "the detected units are said" 0 "" -- "$HINGE" info "$T/detect.csv" --sensor trunk=waist --sensor thigh=thigh
check "accelerometer g detected, gyroscope deg/s detected" grep -q 'accelerometer g detected, gyroscope deg/s detected' "$T/out"
# Movesense-style names (AccX, GyroX) with a prefix
sed '1s/_ax/_AccX/g; 1s/_ay/_AccY/g; 1s/_az/_AccZ/g; 1s/_gx/_GyroX/g; 1s/_gy/_GyroY/g; 1s/_gz/_GyroZ/g' "$SQ" >"$T/ms.csv"
check "AccX/GyroX spellings: 10 reps" test "$(count_reps "$T/ms.csv")" -eq 10
# a few missing cells (a dropped packet) are missing samples, not an error
awk -F, 'BEGIN { OFS = "," } NR > 1 && NR % 500 == 0 { $3 = ""; $10 = "" } { print }' "$SQ" >"$T/holes.csv"
check "missing cells: 10 reps" test "$(count_reps "$T/holes.csv")" -eq 10
# standard input
expect "from standard input" 0 "irregular sampling" -- sh -c "\"$HINGE\" analyze - --sensor trunk=waist --sensor thigh=thigh --exercise squat --format csv <\"$SQ\""
check "stdin: 10 reps" test "$(tail -n +2 "$T/out" | wc -l)" -eq 10

# ---- the deadlift set: both rounding channels, flags as the truth ----
expect "the deadlift set should analyse" 0 "irregular sampling" -- \
  "$HINGE" analyze "$DL" --sensor trunk=upper --sensor upper_back=upper \
  --sensor lower_back=lower --sensor sacrum=sacrum --sensor thigh=thigh --format csv
check "5 reps" test "$(tail -n +2 "$T/out" | wc -l)" -eq 5
check "flags match deadlift_spine.flags.csv" awk -F, '
  NR == FNR { if (FNR > 1) { ub[$1] = $2; lu[$1] = $3 }; next }
  FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { r = $c["rep"]; n++
    if ($c["upper_back_rounding"] != ub[r] || $c["lumbar_rounding"] != lu[r]) bad = 1 }
  END { exit bad || n != 5 }' "$IMU/deadlift_spine.flags.csv" "$T/out"
expect "hinge info: thoracic+lumbar" 0 "" -- "$HINGE" info "$DL" --sensor upper_back=upper \
  --sensor lower_back=lower --sensor sacrum=sacrum
check "capabilities thoracic+lumbar" grep -q '^capabilities  *thoracic+lumbar$' "$T/out"

# ---- errors ----
expect "a prefix not in the file names the sensors and columns present" 1 \
  "no sensor 'hips' in the file \(placed as trunk\); sensors in the file: 'waist' \(waist_ax, waist_ay, waist_az, waist_gx, waist_gy, waist_gz\), 'thigh'" -- \
  "$HINGE" analyze "$SQ" --sensor trunk=hips --exercise squat
check "the error names the file" grep -q "squat_waist_thigh.csv" "$T/err"
cut -d, -f1-6,8- "$SQ" >"$T/nogz.csv"
expect "a sensor with a missing axis" 1 "sensor 'waist' has no gyroscope z axis \(expected a column such as waist_gz\)" -- \
  "$HINGE" analyze "$T/nogz.csv" --sensor trunk=waist --exercise squat
sed '1s/waist_ax/waist_ax (mg)/' "$SQ" >"$T/mg.csv"
expect "an unknown unit in the header" 1 "nogz|mg.csv:1:2: unknown unit 'mg' in column 'waist_ax \(mg\)'" -- \
  "$HINGE" analyze "$T/mg.csv" --sensor trunk=waist --exercise squat
awk -F, 'BEGIN { OFS = "," } NR > 1 { $2 *= 100; $3 *= 100; $4 *= 100 } { print }' "$SQ" >"$T/x100.csv"
expect "accelerometer units that are neither g nor m/s^2" 1 "sensor 'waist': unknown accelerometer units \(median magnitude" -- \
  "$HINGE" analyze "$T/x100.csv" --sensor trunk=waist --exercise squat
expect "without --sensor a prefix named after a role is placed: thigh alone gives no angle" 1 \
  "the sensors placed \(thigh='thigh'\) give no angle: trunk needs a trunk sensor" -- \
  "$HINGE" analyze "$SQ" --exercise squat
sed '1s/thigh_/leg_/g' "$SQ" >"$T/leg.csv"
expect "no --sensor and no prefix named after a role" 1 "no sensor placed: give --sensor ROLE=PREFIX .*sensors in the file: 'waist'" -- \
  "$HINGE" analyze "$T/leg.csv" --exercise squat
expect "an unknown role is a usage error" 2 "unknown sensor role 'knee' in --sensor" -- \
  "$HINGE" analyze "$SQ" --sensor knee=waist
expect "--sensor without =" 2 "--sensor wants ROLE=PREFIX" -- "$HINGE" analyze "$SQ" --sensor trunk
# ---- folders of one-sensor files: Sensor Logger and MetaWear MetaBase ----
# made from the squat file: Sensor Logger's time (ns), seconds_elapsed, z, y, x
# with the gyroscope 3 ms after the accelerometer; MetaBase's epoch (ms) in g
# and deg/s, two devices named waist and thigh
mkdir -p "$T/waist_phone" "$T/mw"
awk -F, 'NR == 1 { print "time,seconds_elapsed,z,y,x"; next }
  { printf "%.0f,%.6f,%s,%s,%s\n", 1.7e18 + $1 * 1e9, $1, $4, $3, $2 }' "$SQ" >"$T/waist_phone/TotalAcceleration.csv"
awk -F, 'NR == 1 { print "time,seconds_elapsed,z,y,x"; next }
  { printf "%.0f,%.6f,%s,%s,%s\n", 1.7e18 + ($1 + 0.003) * 1e9, $1 + 0.003, $7, $6, $5 }' "$SQ" >"$T/waist_phone/Gyroscope.csv"
for s in waist:2 thigh:8; do
  n=${s%%:*}; c=${s##*:}; f="$T/mw/${n}_2023-01-01T10.00.00.000_C8C4D0A1B2C3"
  awk -F, -v c="$c" 'NR == 1 { print "epoch (ms),time (-13:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)"; next }
    { printf "%.0f,2023-01-01T10.00.00.000,%.3f,%.5f,%.5f,%.5f\n", 1.7e12 + $1 * 1000, $1, $c / 9.80665, $(c + 1) / 9.80665, $(c + 2) / 9.80665 }' \
    "$SQ" >"${f}_Accelerometer_100.000Hz_1.7.3.csv"
  awk -F, -v c="$((c + 3))" 'NR == 1 { print "epoch (ms),time (-13:00),elapsed (s),x-axis (deg/s),y-axis (deg/s),z-axis (deg/s)"; next }
    { printf "%.0f,2023-01-01T10.00.00.000,%.3f,%.4f,%.4f,%.4f\n", 1.7e12 + $1 * 1000 + 2, $1 + 0.002, $c * 57.29578, $(c + 1) * 57.29578, $(c + 2) * 57.29578 }' \
    "$SQ" >"${f}_Gyroscope_100.000Hz_1.7.3.csv"
done
expect "a Sensor Logger folder is one session, the sensor named after the folder" 0 "" -- \
  "$HINGE" info waist_phone --sensor trunk=waist_phone
check "format imu, the joined columns with their units" sh -c "grep -q '^format  *imu$' '$T/out' && grep -q 'waist_phone_gz (rad/s)' '$T/out'"
expect "a MetaBase folder: one sensor per device" 0 "" -- \
  "$HINGE" info mw --sensor trunk=waist --sensor thigh=thigh
check "hip from the two devices, units from the headers" sh -c "grep -q \"trunk ('waist') + thigh ('thigh')\" '$T/out' && grep -q 'accelerometer g, gyroscope deg/s' '$T/out'"
cat >"$T/folders.lua" <<'EOF'
local hinge = require "hinge"
for _, c in ipairs({{"waist_phone", {trunk = "waist_phone"}}, {"mw", {trunk = "waist", thigh = "thigh"}}}) do
  local s = assert(hinge.load(c[1], {sensors = c[2]}))
  local r = assert(hinge.analyze(s, {exercise = "squat"}))
  print(c[1], #r.reps, r.segmented_on)
end
EOF
expect "both folders analyse to 10 squats" 0 "" -- "$HINGE" run folders.lua
check "10 reps each (trunk alone from the phone, hip from MetaWear)" sh -c "grep -qx 'waist_phone	10	trunk' '$T/out' && grep -qx 'mw	10	hip' '$T/out'"
rm "$T/waist_phone/TotalAcceleration.csv"
expect "a Sensor Logger folder without an accelerometer file" 1 "waist_phone: a folder, but no IMU recording: expected Sensor Logger's Gyroscope.csv" -- \
  "$HINGE" info waist_phone --sensor trunk=waist_phone --input-format imu

head -c 20000 "$SQ" >"$T/cut.csv"
expect "a file cut mid-row loads leniently" 0 "" -- "$HINGE" info "$T/cut.csv" --sensor trunk=waist --lenient
check "help lists --sensor" sh -c "\"$HINGE\" help analyze | grep -q -- '--sensor ROLE=PREFIX'"
finish
