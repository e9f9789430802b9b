#!/bin/sh
# test_merge.sh HINGE -- `hinge merge` against single `hinge analyze` runs
# (docs/scale-out.md): every format, chunks split any way and given in any
# order, a folder whose walk order differs from a plain sort of the paths,
# duplicates, errors, a lone-object json chunk, bad chunks, usage.
. "$(dirname "$0")/../cli/lib.sh"
EX=$(cd "$(dirname "$0")/../../examples/data" && pwd)
case $HINGE in /*) ;; *) HINGE=$(pwd)/$HINGE ;; esac

cd "$T" || exit 1
mkdir -p t/b t/b.x t/B
cp "$EX/2026-03-02_ana_set1.csv" t/b/s1.csv
cp "$EX/2026-03-02_ben_set1.csv" t/b.csv
cp "$EX/2026-03-05_cai_video.csv" t/b.x/z.csv
cp "$EX/2026-03-02_ben_set1.csv" t/B/up.csv
printf 'notes from the session\r\nnothing to analyse\r\n' >t/a.csv
cp "$EX/2026-03-02_ana_set1.csv" 't/c, "quoted".csv'

for f in json jsonl csv; do
  "$HINGE" analyze t --format $f --quiet -o single.$f 2>single.$f.err
  "$HINGE" analyze t/b.csv 't/c, "quoted".csv' --format $f --quiet -o c1.$f 2>/dev/null
  "$HINGE" analyze t/a.csv t/b --format $f --quiet -o c2.$f 2>/dev/null
  "$HINGE" analyze t/b.x --format $f --quiet -o c3.$f 2>/dev/null
  "$HINGE" analyze t/B/up.csv --format $f --quiet -o c4.$f 2>/dev/null # json: a lone object
  expect "$f: chunks in any order" "$([ $f = csv ] && echo 0 || echo 1)" \
    "$([ $f = csv ] || echo '^hinge: t/a.csv:1: ')" -- "$HINGE" merge c3.$f c1.$f c4.$f c2.$f -o merged.$f
  check "$f: merged = single run, byte for byte" cmp -s merged.$f single.$f
  [ $f = csv ] || check "$f: stderr = the single run's" cmp -s "$T/err" single.$f.err
done
check "the folder's walk order is not a plain sort (the test means something)" \
  test "$(grep -Eo '"file":"([^"\\]|\\.)*"' single.jsonl | tr '\n' ' ')" = \
  '"file":"t/B/up.csv" "file":"t/a.csv" "file":"t/b/s1.csv" "file":"t/b.csv" "file":"t/b.x/z.csv" "file":"t/c, \"quoted\".csv" '

# jsonl and json chunks mixed, into either format
expect "jsonl + json chunks into json" 1 "t/a.csv" -- \
  "$HINGE" merge c1.jsonl c2.json c3.jsonl c4.json --format json -o m.json
check "mixed into json = the single json" cmp -s m.json single.json
expect "json chunks into jsonl" 1 "t/a.csv" -- "$HINGE" merge c1.json c2.json c3.json c4.json --format jsonl
check "json into jsonl = the single jsonl" cmp -s "$T/out" single.jsonl
expect "from standard input" 1 "" -- sh -c "cat c2.jsonl | \"$HINGE\" merge c1.jsonl - c3.jsonl c4.jsonl 2>/dev/null"
check "stdin chunk = the single jsonl" cmp -s "$T/out" single.jsonl

# duplicates: identical ones silently; an analysis over an error; else the last
expect "a chunk given twice" 1 "t/a.csv" -- "$HINGE" merge c1.jsonl c2.jsonl c2.jsonl c3.jsonl c4.jsonl
check "duplicates written once" cmp -s "$T/out" single.jsonl
grep -v '"t/a.csv"' c2.jsonl >c2ok.jsonl
printf '{"file":"t/a.csv","athlete":"x"}\n' >fixed.jsonl
expect "an analysis wins over an error" 0 "t/a.csv: 2 differing entries" -- \
  "$HINGE" merge c2.jsonl fixed.jsonl c1.jsonl c3.jsonl c4.jsonl
check "the analysis kept" grep -q '^{"file":"t/a.csv","athlete":"x"}$' "$T/out"
check "one line a file" test "$(wc -l <"$T/out")" -eq 6
expect "the error does not win back" 0 "kept the one in fixed.jsonl" -- \
  "$HINGE" merge fixed.jsonl c2.jsonl c1.jsonl c3.jsonl c4.jsonl
printf '{"file":"t/a.csv","athlete":"y"}\n' >fixed2.jsonl
expect "between two analyses the last given" 0 "kept the one in fixed2.jsonl" -- \
  "$HINGE" merge fixed.jsonl fixed2.jsonl
check "the last one kept" test "$(cat "$T/out")" = '{"file":"t/a.csv","athlete":"y"}'
expect "csv: a file in two chunks written once" 0 "" -- "$HINGE" merge c1.csv c1.csv c2.csv c3.csv c4.csv
check "csv duplicates once" cmp -s "$T/out" single.csv

# order given
expect "--order given" 1 "" -- sh -c "\"$HINGE\" merge --order given c4.jsonl c1.jsonl c2.jsonl 2>/dev/null"
check "given order kept" test "$(grep -Eo '^\{"file":"([^"\\]|\\.)*"' "$T/out" | tr '\n' ' ')" = \
  '{"file":"t/B/up.csv" {"file":"t/b.csv" {"file":"t/c, \"quoted\".csv" {"file":"t/a.csv" {"file":"t/b/s1.csv" '

# empty chunks, bad chunks, usage
: >empty.jsonl
expect "an empty chunk" 0 "" -- "$HINGE" merge empty.jsonl --format json
check "no entry: []" test "$(cat "$T/out")" = "[]"
head -c 300 c1.jsonl >trunc.jsonl
expect "a truncated chunk" 1 "trunc.jsonl:1:301: a string without its closing quote|trunc.jsonl:1:[0-9]+: " -- \
  "$HINGE" merge c1.jsonl trunc.jsonl -o never.jsonl
check "nothing written for a bad chunk" test ! -e never.jsonl
head -c 700 c2.csv >trunc.csv
expect "a csv chunk cut in a row" 1 "trunc.csv:[0-9]+:1: a row cut short" -- "$HINGE" merge c1.csv trunc.csv
printf '[{"athlete":"x"}]\n' >nofile.json
expect "an object without file" 1 'nofile.json:1:2: an entry without a "file"' -- "$HINGE" merge nofile.json
cp "$EX/2026-03-02_ana_set1.csv" session.csv
expect "a session is not a chunk" 1 "session.csv:1:1: expected '\\{' or '\\['" -- "$HINGE" merge session.csv
expect "csv and json mixed" 1 "csv and json chunks cannot be mixed" -- "$HINGE" merge c1.jsonl c1.csv
expect "json chunks into csv" 1 "--format csv needs csv chunks" -- "$HINGE" merge c1.jsonl --format csv
expect "a chunk that does not exist" 1 "nope.jsonl: No such file" -- "$HINGE" merge nope.jsonl
expect "no chunk" 2 "missing CHUNK" -- "$HINGE" merge
expect "a bad format" 2 "--format wants json, jsonl or csv" -- "$HINGE" merge c1.jsonl --format xml
expect "a bad order" 2 "--order wants path or given" -- "$HINGE" merge c1.jsonl --order time
expect "stdin twice" 2 "can be read once" -- "$HINGE" merge - -
expect "-o naming a chunk" 2 "" -- sh -c "\"$HINGE\" merge c1.jsonl c2.jsonl -o c2.jsonl 2>&1 | grep -q 'c2.jsonl' && exit 2"
check "the chunk left as it was" cmp -s c2.jsonl c2.jsonl
expect "help merge" 0 "" -- "$HINGE" help merge
check "help names --order" grep -q -- "--order path|given" "$T/out"
finish
