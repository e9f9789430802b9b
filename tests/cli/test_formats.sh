#!/bin/sh
# Device formats, the framework (docs/formats.md, "Device formats"):
# --input-format on every command that loads sessions, an unknown name a
# usage error listing the names, hinge info's format and capabilities, and
# a session CSV read as before whatever its extension.
. "$(dirname "$0")/lib.sh"
S=$(cd "$DATA/../.." && pwd)/examples/data/2026-03-02_ana_set1.csv
cd "$T" || exit 1

expect "info should name the format" 0 "" -- "$HINGE" info "$S"
check "format csv" grep -q '^format       csv$' "$T/out"
check "capabilities from the roles" grep -q '^capabilities thoracic+lumbar$' "$T/out"
expect "info json" 0 "" -- "$HINGE" info "$S" --format json
check "json format" grep -q '"format": "csv"' "$T/out"
check "json capabilities" grep -q '"capabilities": "thoracic+lumbar"' "$T/out"
check "json capability note null" grep -q '"capability_note": null' "$T/out"

for cmd in info analyze filter; do
  expect "$cmd: an unknown --input-format should be a usage error listing the names" 2 \
    "unknown input format 'nope' \(formats: csv[,)]" -- "$HINGE" $cmd "$S" --input-format nope
  check "$cmd: one line and the help pointer" grep -q "see 'hinge help $cmd'" "$T/err"
  expect "$cmd: --input-format needs a value" 2 "needs a value" -- "$HINGE" $cmd "$S" --input-format
done
expect "--input-format csv should load" 0 "" -- "$HINGE" analyze "$S" --input-format=csv --format json
check "the analysis ran" grep -q '"reps"' "$T/out"
expect "help should list --input-format" 0 "" -- "$HINGE" help analyze
check "in the help" grep -q -- '--input-format NAME' "$T/out"

# A session CSV under another extension, or from standard input, is still hinge's CSV.
cp "$S" "$T/2026-03-02_ana_set1.txt"
expect "a .txt session should load as csv" 0 "" -- "$HINGE" info "$T/2026-03-02_ana_set1.txt"
check "as csv" grep -q '^format       csv$' "$T/out"
expect "standard input" 0 "" -- sh -c "\"$HINGE\" info - <\"$S\""
check "as csv" grep -q '^format       csv$' "$T/out"
mkdir "$T/dir"
# hinge info walks a DIR (as hinge analyze); a folder that holds no session file is a data error
expect "a directory no reader claims should be a data error" 1 "no session file .* in this folder" -- "$HINGE" info "$T/dir"
finish
