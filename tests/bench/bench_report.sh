#!/bin/sh
# Benchmark of `hinge report` (not part of ctest; tests/bench/run.sh runs it):
#   sh tests/bench/bench_report.sh BUILD_DIR
# A generated team of ATHLETES x WEEKS x PER_WEEK sessions (default 20 x 12
# x 3 = 720 five-rep sessions) with its soreness and training logs; the
# best wall time of RUNS reports.  Aim (issue 14): under 10 s.
set -eu
BUILD=${1:?usage: bench_report.sh BUILD_DIR}
RUNS=${RUNS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$BUILD" && pwd)
A=${ATHLETES:-20}; W=${WEEKS:-12}; P=${PER_WEEK:-3}
TEAM=$BUILD/bench/report_team_${A}x${W}x${P}
if [ ! -s "$TEAM/training.csv" ]; then
  mkdir -p "$TEAM/sessions"
  "$BUILD/hinge" run "$HERE/gen_report_team.lua" "$TEAM" "$A" "$W" "$P"
fi
best=""
i=0
while [ "$i" -lt "$RUNS" ]; do
  rm -rf "$TEAM/out"
  /usr/bin/time -f "%e %U %S %M" -o "$TEAM/time.txt" \
    "$BUILD/hinge" report "$TEAM/sessions" -o "$TEAM/out" --soreness "$TEAM/soreness.csv" \
    --training "$TEAM/training.csv" --quiet
  read -r t user sys rss < "$TEAM/time.txt"
  echo "run $i: ${t} s wall, ${user} s user, ${sys} s system, peak RSS ${rss} KiB"
  if [ -z "$best" ] || [ "$(awk "BEGIN{print ($t < $best)}")" = 1 ]; then best=$t; fi
  i=$((i + 1))
done
files=$(ls "$TEAM/out" | wc -l)
rows=$(($(wc -l < "$TEAM/out/summary.csv") - 1))
echo "report: $A athletes x $W weeks x $P sessions: best of $RUNS ${best} s ($files files, $rows reps; aim < 10 s)"
