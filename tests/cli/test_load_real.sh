#!/bin/sh
# Session files as devices and tools write them (tests/data/sessions/devices,
# made by make_messy.py from examples/data/2026-03-02_ana_set1.csv), run as
# a user would: from another folder, through info, filter and analyze.  Each
# must load as the clean file does (same rows, rate, reps) and say what it
# found (metadata lines, encoding, start time, warnings on stderr).
. "$(dirname "$0")/lib.sh"
SRC=$(cd "${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}" && pwd)
DATA=$(cd "$DATA" && pwd)
DEV=$DATA/sessions/devices
PLAIN=$SRC/examples/data/2026-03-02_ana_set1.csv
mkdir -p "$T/elsewhere"
cd "$T/elsewhere" || exit 1

# The clean file's reps (from the rep number on: the file, athlete, date and set
# differ) are the truth.
"$HINGE" analyze "$PLAIN" --format csv | cut -d, -f5- >"$T/reps0"
check "the clean file has reps" test "$(wc -l <"$T/reps0")" -gt 3

for f in movesense_epoch_ms phone_duplicates windows_utf16le semicolon_epoch; do
  expect "$f: info should load it" 0 "" -- "$HINGE" info "$DEV/$f.csv" --format json
  check "$f: 3750 rows" grep -q '"rows": 3750,' "$T/out"
  check "$f: 100 Hz" grep -q '"sample_rate_hz": 100,' "$T/out"
  check "$f: 37.49 s" grep -q '"duration_s": 37.49' "$T/out"
  # analyze prints the loader's warnings on stderr (phone_duplicates has some)
  expect "$f: analyze should load it" 0 "" -- \
    sh -c "'$HINGE' analyze '$DEV/$f.csv' --format csv 2>/dev/null"
  cut -d, -f5- "$T/out" >"$T/reps"
  check "$f: the same reps as the clean file" cmp -s "$T/reps0" "$T/reps"
done

# ---- metadata lines and epoch milliseconds ----
expect "movesense: info text" 0 "" -- "$HINGE" info "$DEV/movesense_epoch_ms.csv"
check "header found below the metadata" grep -q '^rows         3750 (header on line 8)$' "$T/out"
check "athlete from the metadata" grep -q '^athlete      Ana (from the metadata)$' "$T/out"
check "date from the metadata" grep -q '^date         2026-03-02 (from the metadata)$' "$T/out"
check "the absolute start" grep -q '^start        2026-03-02T09:30:00Z$' "$T/out"
check "the stated rate" grep -q '^stated rate  100 Hz (a metadata line)$' "$T/out"
check "metadata lines shown" grep -q '^  line 1: Device: Movesense MD (SN 213230000417)$' "$T/out"
check "sensor placement kept" grep -q '^  line 6: Sensor placement: T12/L1$' "$T/out"
check "epoch ms time column" grep -Eq '^ +1  timestamp +time +ms +0$' "$T/out"
expect "movesense: info json" 0 "" -- "$HINGE" info "$DEV/movesense_epoch_ms.csv" --format json
check "json: header line" grep -q '"header_line": 8,' "$T/out"
check "json: start" grep -q '"start": "2026-03-02T09:30:00Z"' "$T/out"
check "json: a metadata line" grep -q '"key": "Firmware",' "$T/out"

# ---- duplicates: a warning on stderr, never a failure ----
expect "phone: filter to CSV prints the loader's warnings on stderr" 0 \
  "^hinge: .*phone_duplicates.csv: warning: line 78, column 1: rows that repeat the row before them exactly .*dropped \(25 times\)$" -- \
  "$HINGE" filter "$DEV/phone_duplicates.csv" -o "$T/f.csv"
check "phone: the conflicting rows are named too" \
  grep -q "warning: line 305, column 1: rows with the time of the row before them (first at 3 s) but other values were dropped.* (6 times)$" "$T/err"
check "phone: 3750 rows written" test "$(wc -l <"$T/f.csv")" -eq 3751
expect "phone: filter JSON carries the warnings" 0 "" -- \
  "$HINGE" filter "$DEV/phone_duplicates.csv" --format json
check "phone: JSON warnings" grep -q '"warnings":\["line 78, column 1: rows that repeat' "$T/out"
expect "phone: info lists them" 0 "" -- "$HINGE" info "$DEV/phone_duplicates.csv" --format json
check "phone: duplicate_row kind" grep -q '"kind": "duplicate_row"' "$T/out"
check "phone: 31 rows dropped" grep -q '"duplicate_times": 31,' "$T/out"
check "phone: date from the epoch times" grep -q '"date_from": "timestamp"' "$T/out"

# ---- UTF-16 LE from a Windows tool ----
expect "windows: info text" 0 "" -- "$HINGE" info "$DEV/windows_utf16le.csv"
check "windows: encoding shown" grep -q '^encoding     utf-16le (decoded)$' "$T/out"
check "windows: tab and CRLF" grep -q "^delimiter    '\\\\t'  decimal '.'  BOM  CRLF$" "$T/out"
check "windows: header below a title line" grep -q '(header on line 3)$' "$T/out"
check "windows: athlete from 'Subject<TAB>Ana'" grep -q '^athlete      Ana (from the metadata)$' "$T/out"

# ---- ';' with decimal commas, '#' metadata, epoch seconds, trailing ';;;' ----
expect "semicolon: info json" 0 "" -- "$HINGE" info "$DEV/semicolon_epoch.csv" --format json
check "semicolon: ;" grep -q '"delimiter": ";"' "$T/out"
check "semicolon: decimal comma" grep -q '"decimal": ","' "$T/out"
check "semicolon: no warning for the trailing ;;; rows" grep -q '"warnings": \[\]' "$T/out"
check "semicolon: athlete" grep -q '"athlete": "Ana"' "$T/out"

# ---- a bad row still names file:line:col; empty rows in the middle warn ----
printf 'time_s,hip_deg\n0,1\n,\n0.01,2\n0.02,oops\n,,\n' >"$T/bad.csv"
expect "a bad row after an empty one names its line and column" 1 "bad.csv:5:2: expected a number" -- \
  "$HINGE" info "$T/bad.csv"
printf 'time_s,hip_deg\n0,1\n,\n0.01,2\n0.02,3\n,\n' >"$T/mid.csv"
expect "an empty row between data rows is a warning on stderr" 0 \
  "mid.csv: warning: line 3: rows between data rows that hold no value" -- \
  "$HINGE" filter "$T/mid.csv" -o "$T/mid_out.csv"
printf 'time_s,hip_deg\n0,1\n0.01,x\n0.02,3\n' >"$T/len.csv"
expect "a lenient bad cell is a warning on stderr with line and column" 0 \
  "len.csv: warning: line 3, column 2: column 'hip_deg' has values that are not a number" -- \
  "$HINGE" filter "$T/len.csv" --lenient -o "$T/len_out.csv"
expect "and in filter's JSON" 0 "" -- "$HINGE" filter "$T/len.csv" --lenient --format json
check "lenient warning in JSON" grep -q "\"warnings\":\[\"line 3, column 2: column 'hip_deg'" "$T/out"
expect "a clean file gives no warning and an empty JSON list" 0 "" -- \
  "$HINGE" filter "$PLAIN" --format json
check "empty warnings list" grep -q '"warnings":\[\]' "$T/out"

finish
