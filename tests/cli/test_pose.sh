#!/bin/sh
# Video keypoints (issue 17): generated deadlift sets drawn as a stick
# figure (tests/gen/gen_pose.lua: the session model's trunk, hip and knee
# angles, clips that start in the setup at 24-30 fps, 1 px noise, dropped
# keypoints, low-confidence jumps, empty frames) in the three layouts,
# read from another folder as a user would: the angles against the truth,
# the rep count exact, liftoff and lockout within 0.4 s; then bad input.
. "$(dirname "$0")/lib.sh"
GEN=$(cd "$(dirname "$0")/../gen" && pwd)/gen_pose.lua
case $HINGE in /*) ;; *) HINGE=$(pwd)/$HINGE ;; esac
cd "$T" || exit 1 # relative names, as a user types them

# gen NAME FORMAT KEYS...: the clip, NAME.angles.csv and NAME.truth.csv in $T
gen() {
  name=$1; shift
  expect "gen_pose.lua $name should write the clip" 0 "" -- "$HINGE" run "$GEN" "$T/$name" "$@"
}

# angles NAME PATH [fs]: the loaded trunk, hip and knee against the drawn
# angles: RMSE under 1 deg, no frame off by more than 4 deg, and every
# frame with all its keypoints measured.
angles() {
  count=$((count + 1))
  if ! "$HINGE" run - "$1" "$2" "${3:-0}" >"$T/angles.out" 2>&1 <<'LUA'
local hinge = require "hinge"
local name, path, fs = arg[1], arg[2], tonumber(arg[3])
local s = assert(hinge.load(path, {fs = fs > 0 and fs or nil}))
local truth = assert(hinge.load(name .. ".angles.csv"))
-- frames by their time (a clip without rows for empty frames has fewer)
local t, tt = s:column("time"), truth:column("time")
local step = tt[2] - tt[1]
assert(s.rows >= truth.rows - 2 and s.rows <= truth.rows, ("rows %d, truth %d"):format(s.rows, truth.rows))
for _, c in ipairs({"trunk", "hip", "knee"}) do
  local got, want = s:column(c), truth:column(c)
  local n, sq, worst, nan = 0, 0, 0, 0
  for i = 1, #got do
    local j = math.floor((t[i] - tt[1]) / step + 0.5) + 1
    assert(math.abs(tt[j] - t[i]) < 0.25 * step, "row " .. i .. ": no frame of the truth at its time")
    if got[i] ~= got[i] then nan = nan + 1
    else
      local d = math.abs(got[i] - want[j])
      n, sq, worst = n + 1, sq + d * d, math.max(worst, d)
    end
  end
  local rmse = math.sqrt(sq / n)
  print(("%s %s: rmse %.3f max %.2f missing %d of %d"):format(name, c, rmse, worst, nan, #got))
  assert(rmse < 1.0 and worst < 4.0, c .. ": off the truth")
  assert(nan >= 2 and nan <= 20, c .. ": missing frames")
end
LUA
  then fails=$((fails + 1)); echo "FAIL: angles of $1"; sed 's/^/  /' "$T/angles.out"; fi
  [ -n "${POSE_SHOW:-}" ] && cat "$T/angles.out"
  return 0
}

# reps NAME [ARGS...]: hinge analyze --exercise deadlift on the clip counts
# the truth's reps, liftoff and lockout within 0.4 s.
reps() {
  name=$1; shift
  expect "hinge analyze $name (the low-confidence keypoints warned)" 0 "keypoint samples below the confidence threshold" -- "$HINGE" analyze "$@" --exercise deadlift --format csv
  cp "$T/out" "$T/$name.reps.csv"
  check "$name: the truth's rep count, liftoff and lockout within 0.4 s" awk -F, '
    FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
    FILENAME == ARGV[1] { n++; lo[n] = $(c[FILENAME, "liftoff_s"]); lk[n] = $(c[FILENAME, "lockout_s"]); next }
    { m++; dl = $(c[FILENAME, "liftoff_s"]) - lo[m]; dk = $(c[FILENAME, "lockout_s"]) - lk[m]
      if (dl < 0) dl = -dl; if (dk < 0) dk = -dk
      if (dl > 0.4 || dk > 0.4) { printf "  rep %d liftoff off by %.2f s, lockout by %.2f s\n", m, dl, dk; bad = 1 } }
    END { if (n != m) { printf "  %d reps, truth %d\n", m, n; bad = 1 }; exit bad }' \
    "$T/$name.truth.csv" "$T/$name.reps.csv"
}

# COCO-17 at 30 fps, frame_id only: the frame rate from --fs.
gen coco coco17 reps=4 seed=3
check "the COCO clip should have 17 x 3 keypoint columns" \
  test "$(head -n 1 coco.csv | tr ',' '\n' | grep -c '_score$')" -eq 17
angles coco coco.csv 30
reps coco coco.csv --fs 30
expect "without --fs, frame numbers are not enough" 1 "coco.csv: frame numbers .*--fs" -- \
  "$HINGE" analyze coco.csv --exercise deadlift
expect "hinge info should name the format" 0 "" -- "$HINGE" info coco.csv --fs 30
check "info: coco17, trunk only" grep -q "coco17" "$T/out"
check "info: trunk only" grep -q "trunk only" "$T/out"

# MediaPipe, named landmarks, normalised to a 16:9 image, timestamp_ms, 25 fps.
gen mp mediapipe reps=3 seed=5 fs=25 finish=drop
angles mp mp.csv
reps mp mp.csv
expect "hinge analyze mp.csv --format json" 0 "" -- "$HINGE" analyze mp.csv --format json
check "json: the summary says rounding was not assessed" grep -q '"summary": "3 reps, unknown: rounding not assessed' "$T/out"
check "json: rounding is not assessed, never ok" sh -c "! grep -q '\"verdict\": *\"ok\"' '$T/out'"

# MediaPipe, numbered columns (x0 y0 z0 v0 ...), facing left, 24 fps.
gen mpi mediapipe_index reps=5 seed=7 fs=24 facing=left
angles mpi mpi.csv
reps mpi mpi.csv

# MediaPipe, a row per landmark (frame_id, landmark_id, x, y, z, visibility), 30 fps.
gen ml mediapipe_long reps=3 seed=13
angles ml ml.csv
reps ml ml.csv

# OpenPose folder, 25 fps, a bystander in every frame.
gen op openpose reps=3 seed=11 fs=25
check "one JSON per frame" test "$(ls op | grep -c '_keypoints.json$')" -eq "$(($(wc -l <op.angles.csv) - 1))"
angles op op 25
reps op op --fs 25
# A folder walked: the OpenPose folder in it is one session, beside a CSV.
mkdir -p clips/day1
cp -R op clips/day1/op
cp mp.csv clips/mp.csv
expect "hinge analyze clips/ (an OpenPose folder and a CSV)" 0 "clips/day1/op: warning: 21 keypoint" -- \
  "$HINGE" analyze clips --fs 25 --exercise deadlift --format csv
check "both sessions, 3 reps each" test "$(grep -c 'clips/day1/op,' "$T/out")-$(grep -c 'clips/mp.csv,' "$T/out")" = "3-3"
expect "an OpenPose folder without --fs" 1 "frame rate.*--fs" -- "$HINGE" analyze op

# ---- Bad input -------------------------------------------------------------
# A keypoint file without hips: the error names the file and the hips.
awk -F, 'BEGIN { OFS = "," } { s = ""; for (i = 1; i <= NF; i++) if (i < 35 || i > 40) s = s (s == "" ? "" : ",") $i; print s }' \
  coco.csv >nohips.csv
check "the hips are gone" sh -c "! grep -q hip nohips.csv"
expect "no hips" 1 "nohips.csv.*without hips.*left_hip_x" -- "$HINGE" analyze nohips.csv --fs 30
# An OpenPose folder with a broken frame: the error names that file.
mkdir broken
cp op/*.json broken/
f=$(ls broken | sed -n 40p)
head -c 300 "op/$f" >"broken/$f"
expect "a broken JSON frame" 1 "broken/$f:1:[0-9]+: " -- "$HINGE" analyze broken --fs 25
printf '{"version":1.3,"people":[{"pose_keypoints_2d":[1,2,0.5]}]}\n' >"broken/$f"
expect "a frame with 3 numbers" 1 "broken/$f:1:[0-9]+: pose_keypoints_2d holds 3 numbers" -- \
  "$HINGE" analyze broken --fs 25
# An empty folder.
mkdir empty
expect "an empty folder" 1 "empty: no session file" -- \
  "$HINGE" analyze empty --fs 25 --input-format openpose
mkdir junk && echo hello >junk/notes.md
expect "a folder of other things" 1 "junk: no session file" -- "$HINGE" analyze junk --fs 25
finish
