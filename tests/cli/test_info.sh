#!/bin/sh
# hinge info: detection on the sample session and its styled twins, options,
# output files, and the bad-input list (each exit 1 with file:line:col, or a
# documented graceful result, and no output file on refusal).
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
PLAIN=$SRC/examples/data/2026-03-02_ana_set1.csv
TWIN=$DATA/sessions/2026-03-02_ana_set1

# ---- the sample session ----
expect "info should describe the sample session" 0 "" -- "$HINGE" info "$PLAIN"
check "text: rows" grep -q '^rows         3750 (header on line 1)$' "$T/out"
check "text: sample rate" grep -q '^sample rate  100 Hz (median step 0.01 s)$' "$T/out"
check "text: time span" grep -q '^time span    0 s to 37.49 s (37.49 s)$' "$T/out"
check "text: athlete from the file name" grep -q '^athlete      ana (from the file name)$' "$T/out"
check "text: the hip column" grep -Eq '^ +2  hip_deg +hip +deg +0$' "$T/out"
check "text: no warnings" grep -q '^warnings:    none$' "$T/out"

expect "info --format json should succeed" 0 "" -- "$HINGE" info "$PLAIN" --format json
for key in '"delimiter": ","' '"decimal": "."' '"rows": 3750' '"sample_rate_hz": 100,' \
           '"columns": \[' '"time_span": {' '"duration_s": 37.49' '"gaps": \[\]' \
           '"warnings": \[\]' '"athlete": "ana"' '"role": "thoracic"'; do
  check "json has $key" grep -q "$key" "$T/out"
done

# ---- styled twins ----
expect "semicolon twin" 0 "" -- "$HINGE" info "$TWIN"_semicolon.csv --format json
check "semicolon detected" grep -q '"delimiter": ";"' "$T/out"
check "decimal comma detected" grep -q '"decimal": ","' "$T/out"
check "same rows" grep -q '"rows": 3750' "$T/out"
expect "BOM/CRLF twin" 0 "" -- "$HINGE" info "$TWIN"_bom_crlf.csv --format json
check "BOM reported" grep -q '"bom": true' "$T/out"
check "CRLF reported" grep -q '"line_ending": "crlf"' "$T/out"
check "first header name clean" grep -q '"name": "time_s"' "$T/out"
expect "ms twin" 0 "" -- "$HINGE" info "$TWIN"_ms.csv --format json
check "ms unit" grep -q '"unit": "ms"' "$T/out"
check "ms twin at 100 Hz" grep -q '"sample_rate_hz": 100,' "$T/out"
expect "all-styles twin" 0 "" -- "$HINGE" info "$TWIN"_all.csv
check "rad unit" grep -Eq 'lumbar_rad +lumbar +rad' "$T/out"
check "all-styles at 100 Hz" grep -q '^sample rate  100 Hz' "$T/out"
expect "tab delimiter given for a comma file should fail on the schema" 1 \
  "no time column" -- "$HINGE" info "$PLAIN" --delimiter tab

# ---- options ----
printf 'L1_S1_flex,hip\n1,2\n3,4\n' >"$T/map.csv"
expect "--map and --fs" 0 "" -- "$HINGE" info "$T/map.csv" --map lumbar=L1_S1_flex --fs=50 --format json
check "mapped column" grep -q '"mapped": true' "$T/out"
check "given rate" grep -q '"sample_rate_from": "option"' "$T/out"
expect "standard input" 0 "" -- sh -c "\"$HINGE\" info - < \"$PLAIN\""
check "stdin rows" grep -q '^rows         3750' "$T/out"
expect "-o should write the file" 0 "" -- "$HINGE" info "$PLAIN" -o "$T/info.txt"
check "-o content" grep -q '^rows         3750' "$T/info.txt"
check "-o leaves stdout empty" test ! -s "$T/out"

# ---- usage errors ----
expect "missing FILE" 2 "missing FILE" -- "$HINGE" info
expect "two missing files: each reported, exit 1" 1 "b.csv: cannot open" -- "$HINGE" info a.csv b.csv
check "two missing files: the first reported too" grep -q "a.csv: cannot open" "$T/err"
expect "unknown option" 2 "unknown option '--frob'" -- "$HINGE" info "$PLAIN" --frob
expect "bad format" 2 "--format wants text or json" -- "$HINGE" info "$PLAIN" --format xml
expect "bad role" 2 "unknown role 'elbow'" -- "$HINGE" info "$PLAIN" --map elbow=x
expect "bad map" 2 "--map wants ROLE=COLUMN" -- "$HINGE" info "$PLAIN" --map hip
expect "bad fs" 2 "the sample rate must be > 0 Hz" -- "$HINGE" info "$PLAIN" --fs -3
expect "missing fs value" 2 "needs a value" -- "$HINGE" info "$PLAIN" --fs
expect "bad delimiter" 2 "--delimiter wants" -- "$HINGE" info "$PLAIN" --delimiter '|'
expect "help info" 0 "" -- "$HINGE" help info
check "usage text" grep -q '^usage: hinge info FILE' "$T/out"

# ---- bad input: exit 1 with file:line:col, never a crash, no output file ----
refuse() { # refuse DESCRIPTION FILE PATTERN
  rm -f "$T/refused.json"
  expect "$1" 1 "$3" -- "$HINGE" info "$2" --format json -o "$T/refused.json"
  check "$1: no output file" test ! -e "$T/refused.json"
}
: >"$T/empty.csv"
refuse "an empty file" "$T/empty.csv" "empty.csv: empty file"
printf 'time_s,hip_deg\n' >"$T/header.csv"
refuse "a header only" "$T/header.csv" "header.csv:1: no data rows"
LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 8192; i++) printf "%c", int(rand() * 256) }' \
  >"$T/garbage.bin"
refuse "binary garbage" "$T/garbage.bin" "garbage.bin(:[0-9]+)*: "
printf 'time_s,hip_deg\n0,1\n0.01,"2\n0.02,3\n' >"$T/quote.csv"
refuse "an unterminated quote" "$T/quote.csv" "quote.csv:3:2: unterminated quoted field"
printf 'time_s,hip_deg\n0,1\n0.01,2"\n' >"$T/stray.csv"
refuse "a stray quote" "$T/stray.csv" "stray.csv:3:2: quote inside an unquoted field"
{ printf 'time_s,hip_deg\n0,1\n0.01,'; head -c 5242880 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$T/line5mb.csv"
refuse "a 5 MB line" "$T/line5mb.csv" "line5mb.csv:3:2: expected a number in column 'hip_deg', found 'xxx"
check "the 5 MB message stays short" test "$(wc -c <"$T/err")" -lt 300
printf 'time_s,hip_deg\n0,1\n0.01,abc\n' >"$T/text.csv"
refuse "text in a numeric column" "$T/text.csv" "text.csv:3:2: expected a number in column 'hip_deg', found 'abc'"
printf 'time_s,hip_deg\n0,1\n0.01,inf\n' >"$T/inf.csv"
refuse "infinity" "$T/inf.csv" "inf.csv:3:2: expected a finite number"
printf 'time_s,hip_deg\n0,1\n0.01,1e999\n' >"$T/overflow.csv"
refuse "an overflow" "$T/overflow.csv" "overflow.csv:3:2: expected a finite number"
printf 'time_s,hip_deg\n0,1\n0.01,1\0002\n' >"$T/nul.csv"
refuse "a NUL byte" "$T/nul.csv" "nul.csv:3:2: expected a number .* found '1.x002'"
printf 'time_s,hip_deg\n0,1\n0.01,\303\050\n' >"$T/utf8.csv"
refuse "invalid UTF-8 in a number" "$T/utf8.csv" "utf8.csv:3:2: expected a number .* found '.xc3\\('"
printf 'time_s,hip_deg,lumbar_deg\n0,1,2\n0.01,1\n' >"$T/ragged.csv"
refuse "a ragged row" "$T/ragged.csv" "ragged.csv:3:3: expected 3 fields as in the header, found 2"
printf 'a,b\n1,2\n' >"$T/noroles.csv"
refuse "missing required columns" "$T/noroles.csv" "noroles.csv:1: no time column"
printf 'time_s,knee\n0,1\n' >"$T/onerow.csv"
refuse "a single row" "$T/onerow.csv" "onerow.csv: cannot find the sample rate"
printf 'time_s,hip_deg\n0,1\n0.02,1\n0.01,1\n' >"$T/backwards.csv"
refuse "time going backwards" "$T/backwards.csv" "backwards.csv:4:1: time goes backwards"
refuse "a missing file" "$T/nope.csv" "nope.csv: cannot open"

# graceful results
printf 'time_s,hip_deg\n0,nan\n0.01,\n0.02,NaN\n' >"$T/nan.csv"
expect "nan and empty cells are missing samples" 0 "" -- "$HINGE" info "$T/nan.csv" --format json
check "three missing" grep -q '"missing": 3' "$T/out"
expect "a ragged row is padded under --lenient" 0 "" -- "$HINGE" info "$T/ragged.csv" --lenient
check "ragged warning" grep -q "padded with missing values" "$T/out"
printf 'time_s,hip_deg,n\303\050te\n0,1,a\n0.01,2,b\n' >"$T/utf8head.csv"
expect "invalid UTF-8 in a text column is escaped in JSON" 0 "" -- "$HINGE" info "$T/utf8head.csv" --format json
check "replacement character" grep -q '"name": "n\\ufffd(te"' "$T/out"
awk 'BEGIN { n = 10000; printf "time_s,hip_deg"; for (i = 3; i <= n; i++) printf ",c%d", i; printf "\n";
             for (r = 0; r < 2; r++) { printf "%d", r; for (i = 2; i <= n; i++) printf ",%d", i; printf "\n" } }' >"$T/wide.csv"
expect "10,000 columns load" 0 "" -- "$HINGE" info "$T/wide.csv" --format json
check "10,000 columns listed" grep -q '"index": 10000' "$T/out"

SAMPLE=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}/examples/data/2026-03-02_ana_set1.csv
expect "info with one thread" 0 "" -- "$HINGE" info "$SAMPLE" --format json -o "$T/t1.json"
expect "info with four threads" 0 "" -- "$HINGE" info "$SAMPLE" --format json --threads 4 -o "$T/t4.json"
check "threads should not change what was loaded" cmp -s "$T/t1.json" "$T/t4.json"
expect "--threads 17 should be a usage error" 2 "threads must be 1 to 16" -- "$HINGE" info "$SAMPLE" --threads 17
expect "--threads 0 means one thread, as in C and Lua" 0 "" -- "$HINGE" info "$SAMPLE" --threads 0 -o "$T/t0.json" --format json
check "--threads 0 should load what one thread does" cmp -s "$T/t1.json" "$T/t0.json"

finish
