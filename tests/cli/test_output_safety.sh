#!/bin/sh
# Output safety and manners (#13 items 3, 5): -o naming an input is refused
# (exit 2, the input unchanged) however the name is spelt; a write error
# names the output; usage errors are one line plus where to read more;
# every command answers --help and -h.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
cp "$SRC/examples/data/2026-03-02_ana_set1.csv" "$T/in.csv"
cp "$T/in.csv" "$T/orig.csv"
ln -s "$T/in.csv" "$T/link.csv"
ln "$T/in.csv" "$T/hard.csv"
mkdir "$T/sub"

for cmd in info filter; do
  for name in in.csv link.csv hard.csv sub/../in.csv; do
    expect "$cmd -o $name (the input) should be refused" 2 \
      "hinge $cmd: -o $T/$name is the input $T/in.csv: refusing to overwrite an input" -- \
      "$HINGE" $cmd "$T/in.csv" -o "$T/$name"
    check "$cmd -o $name: the input should be unchanged" cmp -s "$T/in.csv" "$T/orig.csv"
  done
done
cp "$SRC/examples/data/soreness.csv" "$T/sore.csv"
cp "$SRC/examples/data/training.csv" "$T/train.csv"
cp "$T/sore.csv" "$T/sore.orig"
cp "$T/train.csv" "$T/train.orig"
expect "recovery -o the soreness log should be refused" 2 \
  "hinge recovery: -o $T/sore.csv is the input $T/sore.csv: refusing to overwrite an input" -- \
  "$HINGE" recovery "$T/sore.csv" -o "$T/sore.csv"
check "the soreness log should be unchanged" cmp -s "$T/sore.csv" "$T/sore.orig"
expect "recovery -o the training log should be refused" 2 "is the input $T/train.csv" -- \
  "$HINGE" recovery "$T/sore.csv" --training "$T/train.csv" -o "$T/train.csv"
check "the training log should be unchanged" cmp -s "$T/train.csv" "$T/train.orig"

expect "info -o a new file beside the input should work" 0 "" -- \
  "$HINGE" info "$T/in.csv" -o "$T/info.txt"
check "the new file should be written" grep -q "rows" "$T/info.txt"

if [ -w /dev/full ]; then
  expect "a full device should be named, not (null)" 1 "hinge: /dev/full: cannot write output" -- \
    "$HINGE" info "$T/in.csv" -o /dev/full
fi

for cmd in run info filter recovery analyze; do
  expect "$cmd --help should print the usage" 0 "" -- "$HINGE" $cmd --help
  check "$cmd --help: usage on standard output" grep -q "^usage: hinge $cmd" "$T/out"
  expect "$cmd -h should print the usage" 0 "" -- "$HINGE" $cmd -h
  expect "$cmd --no-such-option should be one line and a pointer" 2 \
    "see 'hinge help $cmd'" -- "$HINGE" $cmd --no-such-option
  check "$cmd: the usage error should be two lines" test "$(wc -l <"$T/err")" -eq 2
done

# run --timeout without --sandbox is enforced too; --memory needs --sandbox.
echo 'while true do end' >"$T/spin.lua"
expect "run --timeout without --sandbox should stop a runaway script" 1 \
  "time limit of 0.3 s exceeded" -- "$HINGE" run --timeout 0.3 "$T/spin.lua"
echo 'print("fine")' >"$T/fine.lua"
expect "run --timeout should let a quick script finish" 0 "" -- "$HINGE" run --timeout 5 "$T/fine.lua"
check "its output" grep -q fine "$T/out"
expect "run --memory without --sandbox should be a usage error" 2 "--memory needs --sandbox" -- \
  "$HINGE" run --memory 5 "$T/fine.lua"

finish
