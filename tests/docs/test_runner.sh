#!/bin/sh
# The docs example runner itself (tests/docs/run_examples.lua): a fixture
# whose examples all hold must pass, and one with each kind of defect must
# fail naming the file and line of each.
# usage: test_runner.sh LUA BUILD [--without cc,lua5.4]
set -u
lua=$1
build=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp "${TMPDIR:-/tmp}/hinge-docs-runner.XXXXXX")
trap 'rm -f "$out"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

if ! "$lua" "$here/run_examples.lua" --source "$here/fixture" --build "$build" "$@" good.md >"$out" 2>&1; then
  fail "good.md should pass"; cat "$out"
fi
if [ $# -gt 0 ]; then counts='4 run,  5 outputs compared,  1 files written,  1 marked not run, 1 skipped'
else counts='5 run,  5 outputs compared,  1 files written,  1 marked not run, 0 skipped'; fi
grep -qF "$counts" "$out" || { fail "good.md should say: $counts"; cat "$out"; }

if "$lua" "$here/run_examples.lua" --source "$here/fixture" --build "$build" "$@" bad.md >"$out" 2>&1; then
  fail "bad.md should fail"
fi
for want in \
  'bad.md:4: sh block: the output differs from the block at line 9' \
  'bad.md:14: sh block: exit status 1, expected 0' \
  'bad.md:19: an example block that is not marked' \
  'bad.md:23: link to DESIGN.md: no such file' \
  'bad.md:23: DESIGN.md is cited but the repository has no such file' \
  'bad.md:23: OTHER.md is cited' \
  'bad.md:26: this code block is never closed' \
  'docs: 7 problems'
do
  grep -qF "$want" "$out" || fail "bad.md should report: $want"
done
grep -q 'not reached' "$out" && fail "a failing command should stop its block (sh -e)"
[ $status -eq 0 ] || cat "$out"
exit $status
