#!/bin/sh
# hinge analyze on batches (#13 item 4, #15 item 1): folders walked in
# order, each file standing alone (stderr, JSON {file, error}, exit 1),
# --fail-fast, the -o guard over every file found, no file-count limit,
# and output bytes identical for any --jobs, in json, jsonl, csv and text.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
GEN=$SRC/tests/gen/gen_session.lua

# ---- 30 generated sessions (the truth sidecars moved out of the way) ----
mkdir -p "$T/gen" "$T/truth"
k=1
while [ $k -le 30 ]; do
  "$HINGE" run "$GEN" "$T/gen/s$(printf %02d $k).csv" seed=$k reps=3 >/dev/null || echo "FAIL: generate $k"
  k=$((k + 1))
done
mv "$T"/gen/*.truth.csv "$T/truth/"
check "30 sessions generated" test "$(ls "$T/gen" | wc -l)" -eq 30

# ---- the same bytes for any number of jobs ----
for fmt in json jsonl csv text; do
  for j in 1 2 7; do
    expect "$fmt --jobs $j should succeed" 0 "" -- "$HINGE" analyze "$T/gen" --format $fmt --jobs $j
    cp "$T/out" "$T/gen.$fmt.$j"
  done
  check "$fmt: --jobs 2 should write the bytes of --jobs 1" cmp -s "$T/gen.$fmt.1" "$T/gen.$fmt.2"
  check "$fmt: --jobs 7 should write the bytes of --jobs 1" cmp -s "$T/gen.$fmt.1" "$T/gen.$fmt.7"
done
check "jsonl: one line per file" test "$(wc -l <"$T/gen.jsonl.1")" -eq 30
check "csv: one header and 3 reps per file" test "$(wc -l <"$T/gen.csv.1")" -eq 91
check "csv: a single header" test "$(grep -c '^file,' "$T/gen.csv.1")" -eq 1
check "folder order is by name" sh -c "grep -o '^[^,]*' '$T/gen.csv.1' | sed 1d | uniq | sed 's|.*/||' >'$T/order'; LC_ALL=C ls '$T/gen' | cmp -s - '$T/order'"

# The array is today's: the files' single objects, indented, comma-joined
# (an independent assembly of the bytes a run over the files writes).
{
  echo '['
  for f in "$T"/gen/*.csv; do
    "$HINGE" analyze "$f" --format json | sed 's/^/  /; $s/$/,/'
  done | sed '$s/,$//'
  echo ']'
} >"$T/assembled.json"
check "json: the array should be the single objects joined" cmp -s "$T/assembled.json" "$T/gen.json.1"
expect "json: the files named one by one should give the folder's bytes" 0 "" -- \
  sh -c "\"$HINGE\" analyze '$T'/gen/*.csv --format json --jobs 2"
check "json: named files = folder" cmp -s "$T/out" "$T/gen.json.1"

# Every jsonl line is compact and holds the array's object for that file.
check "jsonl lines should decode to the array's objects" "$HINGE" run - "$T/gen.jsonl.1" "$T/gen.json.1" <<'LUA'
local json = require("hinge").json
local function same(a, b, path)
  if type(a) ~= "table" or type(b) ~= "table" then
    assert(a == b, path .. ": " .. tostring(a) .. " ~= " .. tostring(b))
    return
  end
  for k, v in pairs(a) do same(v, b[k], path .. "." .. tostring(k)) end
  for k in pairs(b) do assert(a[k] ~= nil, path .. "." .. tostring(k) .. " missing") end
end
local arr = assert(json.read(arg[2]))
local n = 0
for line in io.lines(arg[1]) do
  n = n + 1
  assert(not line:find("\"[%w_]+\": ") and not line:find("^%s"), "line " .. n .. " is not compact")
  same(assert(json.decode(line)), arr[n], "file " .. n)
end
assert(n == 30 and #arr == 30, "30 files")
LUA

# ---- a folder tree with a notes file, a corrupt file and hidden things ----
mkdir -p "$T/tree/a" "$T/tree/b/deep" "$T/tree/.hidden" "$T/tree/empty"
cp "$T/gen/s01.csv" "$T/tree/a/s1.csv"
cp "$T/gen/s02.csv" "$T/tree/a/s2.CSV"
cp "$T/gen/s03.csv" "$T/tree/b/deep/s3.csv"
cp "$T/gen/s04.csv" "$T/tree/b/s4.tsv.bak"
cp "$T/gen/s05.csv" "$T/tree/.hidden/s5.csv"
cp "$T/gen/s06.csv" "$T/tree/.s6.csv"
printf 'Notes for Tuesday: Ana felt her back.\n' >"$T/tree/a/notes.txt"
printf 'time_s,hip_deg\n0,1\n0.01,x\n' >"$T/tree/b/corrupt.csv"
expect "a tree with a bad file should exit 1 naming it" 1 "hinge: $T/tree/b/corrupt.csv:3:2: " -- \
  "$HINGE" analyze "$T/tree" --format json --jobs 2
cp "$T/err" "$T/tree.err"
cp "$T/out" "$T/tree.json"
check "stderr should name the notes file with its line" grep -q "^hinge: $T/tree/a/notes.txt:1: " "$T/tree.err"
check "stderr: two failures and nothing else" test "$(wc -l <"$T/tree.err")" -eq 2
check "hidden files and folders should be skipped" sh -c "! grep -q 'hidden\|s6' '$T/tree.json' '$T/tree.err'"
check "other extensions should be skipped" sh -c "! grep -q 's4.tsv.bak' '$T/tree.json'"
check "the JSON should list the files in order, failures in their place" "$HINGE" run - "$T/tree.json" "$T/tree" <<'LUA'
local d = assert(require("hinge").json.read(arg[1]))
local want = { "a/notes.txt", "a/s1.csv", "a/s2.CSV", "b/corrupt.csv", "b/deep/s3.csv" }
assert(#d == #want, "entries: " .. #d)
for i, w in ipairs(want) do
  assert(d[i].file == arg[2] .. "/" .. w, "entry " .. i .. ": " .. tostring(d[i].file))
end
assert(d[1].error:find("notes.txt:1: ", 1, true) and d[1].reps == nil, "notes.txt error")
assert(d[4].error == arg[2] .. "/b/corrupt.csv:3:2: expected a number in column 'hip_deg', found 'x'",
       "corrupt: " .. tostring(d[4].error))
assert(#d[2].reps == 3 and #d[3].reps == 3 and #d[5].reps == 3, "the others are analysed")
LUA
for j in 1 7; do
  expect "stderr should not depend on --jobs ($j)" 1 "corrupt.csv" -- \
    "$HINGE" analyze "$T/tree" --format json --jobs $j
  check "stderr --jobs $j = --jobs 2" cmp -s "$T/err" "$T/tree.err"
  check "json --jobs $j = --jobs 2" cmp -s "$T/out" "$T/tree.json"
done
expect "jsonl: failures as {file, error} lines" 1 "corrupt.csv" -- \
  "$HINGE" analyze "$T/tree" --format jsonl
check "jsonl: five lines" test "$(wc -l <"$T/out")" -eq 5
check "jsonl: the corrupt file's line in its place" sh -c \
  "sed -n 4p '$T/out' | grep -q '^{\"file\":\"$T/tree/b/corrupt.csv\",\"error\":\"$T/tree/b/corrupt.csv:3:2: '"
expect "csv: the failures are skipped" 1 "corrupt.csv" -- "$HINGE" analyze "$T/tree" --format csv
check "csv: header and 3 files of 3 reps" test "$(wc -l <"$T/out")" -eq 10
check "csv: no row of a failed file" sh -c "! grep -q 'corrupt\|notes' '$T/out'"
expect "text: the failures in their place" 1 "corrupt.csv" -- "$HINGE" analyze "$T/tree"
check "text: FILE:LINE:COL: error: line" grep -q "^$T/tree/b/corrupt.csv:3:2: error: expected a number" "$T/out"
check "text: the error line comes after s2's verdict" sh -c \
  "grep -n '^set: \|: error: ' '$T/out' | sed -n 4p | grep -q 'corrupt.csv:3:2: error'"

# Bytewise name order (upper case first, s10 before s2), whatever the
# locale; a link back to a folder being walked is skipped.
mkdir -p "$T/names/b"
for n in a2 a10 B b/x Z9; do cp "$T/gen/s07.csv" "$T/names/$n.csv"; done
ln -s .. "$T/names/b/up"
expect "names in bytewise order" 0 "" -- env LC_ALL=en_US.UTF-8 "$HINGE" analyze "$T/names" --format csv
check "order B Z9 a10 a2 b/x" sh -c "cut -d, -f1 '$T/out' | sed 1d | uniq | sed 's|.*/names/||' | tr '\\n' ' ' | grep -qx 'B.csv Z9.csv a10.csv a2.csv b/x.csv '"
if [ -w /dev/full ]; then
  expect "a batch to a full device should name it" 1 "hinge: /dev/full: cannot write output" -- \
    "$HINGE" analyze "$T/gen" --format jsonl --jobs 2 -o /dev/full
fi

# An empty folder (after skipping what is hidden) is a failure naming it.
expect "an empty folder should be bad data naming it" 1 \
  "hinge: $T/tree/empty: no session file \(.csv, .tsv, .txt, .mot, .sto, .mvnx\) in this folder" -- \
  "$HINGE" analyze "$T/tree/empty" "$T/gen/s01.csv" --format jsonl
check "the other file is still written" test "$(grep -c '"reps":\[' "$T/out")" -eq 1
expect "a missing file among others should be reported, the others written" 1 "nope.csv" -- \
  "$HINGE" analyze "$T/gen/s01.csv" "$T/nope.csv" "$T/gen/s02.csv" --format csv
check "rows of both good files" test "$(wc -l <"$T/out")" -eq 7
expect "standard input among files" 0 "" -- \
  sh -c "\"$HINGE\" analyze '$T/gen/s01.csv' - --format csv --jobs 2 < '$T/gen/s02.csv'"
check "stdin rows are named -" test "$(grep -c '^-,' "$T/out")" -eq 3

# ---- --fail-fast: the first failure in input order, nothing written ----
expect "--fail-fast should stop at the first failure" 1 "notes.txt:1: " -- \
  "$HINGE" analyze "$T/tree" --format json --fail-fast --jobs 2
check "--fail-fast: nothing on standard output" test ! -s "$T/out"
check "--fail-fast: only the first failure reported" test "$(wc -l <"$T/err")" -eq 1
echo keep >"$T/kept.csv"
expect "--fail-fast with -o should leave the old output" 1 "corrupt.csv" -- \
  "$HINGE" analyze "$T/gen" "$T/tree/b" --format csv --fail-fast --jobs 7 -o "$T/kept.csv"
check "--fail-fast -o: the old output stays" grep -q '^keep$' "$T/kept.csv"
check "--fail-fast -o: no temporary left" test "$(ls -a "$T" | grep -c '^\.kept')" -eq 0
expect "--fail-fast -o on a new name should create nothing" 1 "corrupt.csv" -- \
  "$HINGE" analyze "$T/gen" "$T/tree/b" --format jsonl --fail-fast -o "$T/new.jsonl"
check "--fail-fast -o: no file" test ! -e "$T/new.jsonl"
expect "without --fail-fast -o is written with the failures in place" 1 "corrupt.csv" -- \
  "$HINGE" analyze "$T/gen" "$T/tree/b" --format jsonl -o "$T/new.jsonl"
check "-o: 30 + 2 lines" test "$(wc -l <"$T/new.jsonl")" -eq 32
expect "--fail-fast with every file good" 0 "" -- "$HINGE" analyze "$T/gen" --format jsonl --fail-fast
check "--fail-fast: the same bytes when all succeed" cmp -s "$T/out" "$T/gen.jsonl.1"

# ---- the -o guard covers files found in folders and the calibrations ----
cp "$T/tree/a/s1.csv" "$T/s1.orig"
expect "-o naming a file inside an input folder should be refused" 2 \
  "refusing to overwrite an input" -- "$HINGE" analyze "$T/tree" -o "$T/tree/a/s1.csv"
check "the input should be unchanged" cmp -s "$T/tree/a/s1.csv" "$T/s1.orig"
ln -s "$T/tree/a/s1.csv" "$T/link.csv"
expect "-o through a link to a folder's file should be refused" 2 "refusing to overwrite" -- \
  "$HINGE" analyze "$T/tree/a" -o "$T/link.csv"
"$HINGE" run "$GEN" "$T/stand.csv" seed=5 reps=0 stand=4 finish=lockout >/dev/null
cp "$T/stand.csv" "$T/stand.orig"
expect "-o naming the calibration file should be refused" 2 "is the input $T/stand.csv" -- \
  "$HINGE" analyze "$T/gen/s01.csv" --calibration "$T/stand.csv" -o "$T/stand.csv"
check "the calibration should be unchanged" cmp -s "$T/stand.csv" "$T/stand.orig"
expect "-o naming the max-flexion file should be refused" 2 "refusing to overwrite" -- \
  "$HINGE" analyze "$T/gen/s01.csv" --max-flexion "$T/stand.csv" -o "$T/stand.csv"

# ---- options ----
expect "--jobs 0 should be a usage error" 2 "--jobs wants a whole number from 1 to 256" -- \
  "$HINGE" analyze "$T/gen" --jobs 0
expect "--jobs x should be a usage error" 2 "--jobs wants" -- "$HINGE" analyze "$T/gen" --jobs x
expect "--jobs=3 should work" 0 "" -- "$HINGE" analyze "$T/gen" --jobs=3 --format csv --quiet
check "--jobs=3: the same bytes" cmp -s "$T/out" "$T/gen.csv.1"
expect "no progress when stderr is not a terminal" 0 "" -- "$HINGE" analyze "$T/gen" --format csv

# ---- no file-count limit: 1100 files ----
mkdir "$T/many"
"$HINGE" run "$GEN" "$T/tiny.csv" seed=1 reps=1 stand=1 >/dev/null
k=0
while [ $k -lt 1100 ]; do
  ln "$T/tiny.csv" "$T/many/t$k.csv"
  k=$((k + 1))
done
expect "1100 files should be analysed" 0 "" -- "$HINGE" analyze "$T/many" --jobs 2 --format jsonl
check "1100 lines" test "$(wc -l <"$T/out")" -eq 1100
check "1100 analyses" test "$(grep -c '"reps":\[{' "$T/out")" -eq 1100
cp "$T/out" "$T/many.jsonl"

# Progress on a terminal (util-linux script gives one): "[k/n] file",
# then cleared; --quiet: none.
if command -v script >/dev/null 2>&1 && script -qc true /dev/null >/dev/null 2>&1; then
  for j in 1 2; do
    script -qc "\"$HINGE\" analyze '$T/many' --format jsonl --jobs $j -o '$T/p.jsonl'" \
      "$T/typescript" >/dev/null 2>&1
    check "progress should be shown on a terminal (--jobs $j)" \
      grep -q "\[[0-9]*/1100\] .*many/t[0-9]*\.csv" "$T/typescript"
    tr '\r' '\n' <"$T/typescript" >"$T/lines"
    check "progress should be cleared at the end (--jobs $j)" awk \
      '/\/1100\]/ { p = NR } { l[NR] = $0 } END { exit !(p && l[p + 1] ~ /^ +$/) }' "$T/lines"
    check "the output is unchanged by progress (--jobs $j)" cmp -s "$T/p.jsonl" "$T/many.jsonl"
  done
  script -qc "\"$HINGE\" analyze '$T/many' --format jsonl --quiet -o '$T/p.jsonl'" \
    "$T/typescript" >/dev/null 2>&1
  check "--quiet should show no progress" sh -c "! grep -q '/1100\]' '$T/typescript'"
else
  echo "skip: no script(1) for a terminal"
fi
finish
