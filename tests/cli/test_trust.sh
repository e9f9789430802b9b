#!/bin/sh
# Issue #13, as a user would meet it, run from a scratch folder: the
# loader's warnings in analyze (JSON, jsonl, text and csv on stderr, the
# same for any --jobs) and filter; --athlete/--date/--set; hinge info on
# several files and folders; hinge recovery --analysis reading analyze's
# json and jsonl with failed entries among them.  The session is the
# sample set rewritten as a phone app exports it (BOM, CRLF, metadata
# lines, ';' with decimal commas, a repeated row, a conflicting row,
# trailing ';;;' rows), beside a notes file.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
SRC=$(cd "$SRC" && pwd)
case $HINGE in /*) ;; *) HINGE=$(pwd)/$HINGE ;; esac
cd "$T" || exit 1

mkdir -p week/a
# Ben's set below 3 metadata lines: its line N is the file's line N + 3;
# lines 500 and 1500 sent twice (the copies: the file's lines 504 and
# 1505), line 2500 again with another hip value (line 2506); then
# separator-only rows.  A warning names the first row dropped.
awk -F, 'BEGIN { printf "\357\273\277Device: PhoneIMU 2.1\r\nSubject: Ben\r\nSample rate: 100 Hz\r\n" }
  NR == 1 { gsub(/,/, ";"); printf "%s\r\n", $0; next }
  { line = $1 ";" $2 ";" $3 ";" $4; gsub(/\./, ",", line); printf "%s\r\n", line
    if (NR == 500 || NR == 1500) printf "%s\r\n", line
    if (NR == 2500) { h = $2 + 3; l = $1 ";" h ";" $3 ";" $4; gsub(/\./, ",", l); printf "%s\r\n", l } }
  END { printf ";;;\r\n;;;\r\n" }' "$SRC/examples/data/2026-03-02_ben_set1.csv" > "week/a/Recording 7.csv"
cp "$SRC/examples/data/2026-03-02_ana_set1.csv" week/a/
echo "Ben felt tight, stopped after set 1" > week/a/notes.txt
R7="week/a/Recording 7.csv"

# ---- analyze: the loader's warnings ----
expect "analyze json: the messy session loads" 0 "" -- "$HINGE" analyze "$R7" --format json
check "json: the repeated rows named with line and column" \
  grep -q '"line 504, column 1: rows that repeat the row before them exactly (same time, same values) were dropped (2 times)",' "$T/out"
check "json: the conflicting row named" \
  grep -q '"line 2506, column 1: rows with the time of the row before them (first at 24.98 s) but other values were dropped' "$T/out"
check "json: athlete from the metadata line" grep -q '"athlete_from": "metadata"' "$T/out"
check "json: no date known" grep -q '"date": null' "$T/out"
check "json: no set_from without --set" sh -c "! grep -q set_from '$T/out'"

expect "analyze text: warnings on stderr" 0 \
  "^hinge: week/a/Recording 7.csv: warning: line 504, column 1: rows that repeat" -- "$HINGE" analyze "$R7"
check "text: the conflicting row on stderr too" grep -q "warning: line 2506, column 1: rows with the time" "$T/err"
check "text: stdout holds the table, not the warnings" sh -c "! grep -q 'line 504' '$T/out'"
expect "analyze csv: warnings on stderr" 0 "Recording 7.csv: warning: line 504, column 1" -- \
  "$HINGE" analyze "$R7" --format csv

# A batch: the same stdout and stderr for any --jobs, warnings in input order.
for fmt in text jsonl csv json; do
  "$HINGE" analyze week --format $fmt --jobs 1 > "out1.$fmt" 2> "err1.$fmt"; s1=$?
  "$HINGE" analyze week --format $fmt --jobs 3 > "out3.$fmt" 2> "err3.$fmt"; s3=$?
  check "batch $fmt: exit 1 for the notes file, whatever the jobs" [ "$s1" -eq 1 ] && [ "$s3" -eq 1 ]
  check "batch $fmt: stdout identical for --jobs 1 and 3" cmp -s "out1.$fmt" "out3.$fmt"
  check "batch $fmt: stderr identical for --jobs 1 and 3" cmp -s "err1.$fmt" "err3.$fmt"
done
check "batch text: warnings before the notes file's error, in input order" \
  sh -c "grep -n . err1.text | sed -n '1p;3p' | grep -q -e '1:hinge: week/a/Recording 7.csv: warning' && \
         sed -n 3p err1.text | grep -q 'week/a/notes.txt:1: no time column'"
check "batch jsonl: warnings in the session's line" \
  grep -q '"file":"week/a/Recording 7.csv".*"warnings":\["line 504, column 1' out1.jsonl
check "batch jsonl: nothing on stderr but the failure" [ "$(wc -l < err1.jsonl)" -eq 1 ]
check "batch jsonl: the notes file in its place" grep -q '^{"file":"week/a/notes.txt","error":"week/a/notes.txt:1: no time column' out1.jsonl

# ---- filter shows them too ----
expect "filter csv: warnings on stderr" 0 "Recording 7.csv: warning: line 504, column 1" -- \
  "$HINGE" filter "$R7" -o clean.csv
expect "filter json: warnings in the JSON" 0 "" -- "$HINGE" filter "$R7" --format json
check "filter json: the sentence" grep -q '"line 504, column 1: rows that repeat' "$T/out"

# ---- --athlete, --date, --set ----
expect "the options fill what the file cannot give" 0 "" -- \
  "$HINGE" analyze "$R7" --athlete " ben " --date 2026-03-04 --set 2 --format json
check "athlete trimmed, from option" grep -q '"athlete": "ben",' "$T/out"
check "athlete_from option" grep -q '"athlete_from": "option",' "$T/out"
check "date from option" grep -q '"date": "2026-03-04",' "$T/out"
check "date_from option" grep -q '"date_from": "option",' "$T/out"
check "set_from option" grep -q '"set_from": "option",' "$T/out"
check "the reps carry the set" grep -q '"set": "2",' "$T/out"
check "replacing the metadata's athlete is a warning" \
  grep -q "\"--athlete ben replaces the athlete 'Ben' (from the metadata)\"" "$T/out"
expect "a date that does not exist" 2 "^hinge analyze: --date '2026-02-30' is not a real date" -- \
  "$HINGE" analyze "$R7" --date 2026-02-30
check "usage: one line and the pointer" [ "$(wc -l < "$T/err")" -eq 2 ]
expect "a date in another form" 2 "--date '04.03.2026' is not a real date" -- \
  "$HINGE" analyze "$R7" --date 04.03.2026
expect "--set with a folder is refused" 2 "--set 2 labels one recording's set: give one FILE" -- \
  "$HINGE" analyze week --set 2
expect "--set not a number" 2 "--set wants a whole number" -- "$HINGE" analyze "$R7" --set first
expect "--athlete empty" 2 "--athlete wants a name" -- "$HINGE" analyze "$R7" --athlete "  "
expect "--date over a batch: a warning where it replaces a file's date" 1 "notes.txt" -- \
  "$HINGE" analyze week --date 2026-03-04 --format jsonl
check "the file name's date replaced, said so" \
  grep -q "\"--date 2026-03-04 replaces the date '2026-03-02' (from the file name)\"" "$T/out"
expect "text: the replacement on stderr" 0 \
  "2026-03-02_ana_set1.csv: warning: --date 2026-03-04 replaces the date '2026-03-02'" -- \
  "$HINGE" analyze week/a/2026-03-02_ana_set1.csv --date 2026-03-04

# ---- hinge info: several files and folders ----
expect "info on a folder: the notes file fails alone" 1 \
  "^hinge: week/a/notes.txt:1: no time column" -- "$HINGE" info week --format json
check "info json: an array of three" [ "$(grep -c '^    "file": ' "$T/out")" -eq 3 ]
check "info json: the error entry" \
  grep -q '"error": "week/a/notes.txt:1: no time column' "$T/out"
check "info json: the session's warnings" grep -q '"kind": "duplicate_row"' "$T/out"
expect "info text: several files" 1 "notes.txt:1: no time column" -- \
  "$HINGE" info week/a/2026-03-02_ana_set1.csv week/a/notes.txt "$R7"
check "info text: the error line in its place" \
  grep -q '^week/a/notes.txt:1: error: no time column' "$T/out"
check "info text: both sessions" [ "$(grep -c '^file ' "$T/out")" -eq 2 ]
"$HINGE" info week --jobs 1 --format json > i1.json 2> i1.err
"$HINGE" info week --jobs 3 --format json > i3.json 2> i3.err
check "info: the same for any --jobs" cmp -s i1.json i3.json
check "info: the same stderr for any --jobs" cmp -s i1.err i3.err
echo keep > kept.json
expect "info --fail-fast: stops, nothing written" 1 "notes.txt" -- \
  "$HINGE" info week --fail-fast -o kept.json
check "info --fail-fast: the target left as it was" grep -qx keep kept.json
expect "info --fail-fast on standard output: nothing" 1 "notes.txt" -- "$HINGE" info week --fail-fast
check "info --fail-fast: empty stdout" [ ! -s "$T/out" ]
expect "info -o naming a file found in the folder" 2 "refusing to overwrite an input" -- \
  "$HINGE" info week -o "week/a/./Recording 7.csv"
check "info: the input untouched" grep -q "Device: PhoneIMU" "$R7"
expect "info -o /dev/full" 1 "^hinge: /dev/full: cannot write output" -- \
  "$HINGE" info week/a/2026-03-02_ana_set1.csv -o /dev/full
expect "info: '-' twice" 2 "can be read once" -- "$HINGE" info - -
expect "info: a missing file among good ones" 1 "nope.csv: cannot open" -- \
  "$HINGE" info nope.csv week/a/2026-03-02_ana_set1.csv
check "info: the good one written" grep -q '^file         week/a/2026-03-02_ana_set1.csv' "$T/out"

# ---- recovery --analysis: analyze's batches as they are ----
printf 'date,athlete,region,severity,quality,sleep_h,flags\r\n2026-03-04,BEN ,lower back,3,ache,7,\r\n2026-03-04,ana,hammies,2,ache,7,\r\n' > sore.csv
"$HINGE" analyze week --athlete Ben --date 2026-03-04 --format jsonl -o week.jsonl 2>/dev/null
"$HINGE" analyze week --format json -o week.json 2>/dev/null
expect "recovery reads jsonl, skips the failed entry with a warning" 0 \
  "week.jsonl:3:1: skipped the entry for 'week/a/notes.txt': its analysis failed" -- \
  "$HINGE" recovery sore.csv --analysis week.jsonl --on 2026-03-05 --athlete ben
check "jsonl: the analysis counts (lumbar rounding)" grep -q "form_lumbar_rounding" "$T/out"
expect "recovery reads the json array the same" 0 \
  "week.json:[0-9]+:3: skipped the entry for 'week/a/notes.txt'" -- \
  "$HINGE" recovery sore.csv --analysis week.json --on 2026-03-05
check "json: the dateless recording skipped, saying how to date it" \
  grep -q "skipped the analysis of 'week/a/Recording 7.csv': its date is unknown (give it with hinge analyze --date" "$T/err"
# The same log as a coach keeps it: a 2062 typo, urgent care then silence.
{ cat sore.csv; printf '2062-03-04,ana,hamstrings,1,ache,8,\r\n2026-02-24,eli,lower_back,7,shooting,5,saddle_numbness\r\n'; } > sore2.csv
expect "recovery: the 2062 row left out, named" 0 "sore2.csv:4: soreness entry dated 2062-03-04 is after" -- \
  "$HINGE" recovery sore2.csv --analysis week.jsonl --format json
check "recovery: the day is the latest real date" grep -q '"on": "2026-03-04"' "$T/out"
check "recovery: urgent care stays after eight silent days" \
  sh -c "grep -A 2 '\"athlete\": \"eli\"' '$T/out' | grep -q '\"verdict\": \"urgent_care\"'"
check "recovery: Ben, BEN and the analysis are one athlete" [ "$(grep -c '"athlete": "B' "$T/out")" -eq 1 ]
expect "recovery -o naming the analysis input" 2 "refusing to overwrite an input" -- \
  "$HINGE" recovery sore2.csv --analysis week.jsonl -o ./week.jsonl
check "recovery: the analysis untouched" grep -q '"file":"week/a/notes.txt"' week.jsonl
expect "recovery -o /dev/full" 1 "^hinge: /dev/full: cannot write output" -- \
  "$HINGE" recovery sore2.csv --analysis week.jsonl -o /dev/full
printf '{"athlete":"ana","date":"2026-03-02","reps":[]}\n{"athlete":"ana","date":"2026-13-02"}\n' > bad.jsonl
expect "recovery: a bad jsonl entry names its line" 1 "bad.jsonl:2:25: \"date\" '2026-13-02' is not a real" -- \
  "$HINGE" recovery sore.csv --analysis bad.jsonl --on 2026-03-05

finish
