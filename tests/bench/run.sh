#!/bin/sh
# Every benchmark of tests/bench (bench_*.sh) against its peers, or the
# ones named (run.sh build scale load: bench_scale.sh, bench_load.sh):
#   sh tests/bench/run.sh BUILD_DIR [NAME...]      (make bench)
set -eu
BUILD=${1:?usage: run.sh BUILD_DIR [NAME...]}
shift
HERE=$(dirname "$0")
status=0
if [ $# -eq 0 ]; then set -- $(cd "$HERE" && ls bench_*.sh | sed 's/^bench_//; s/\.sh$//'); fi
for name in "$@"; do
  sh "$HERE/bench_$name.sh" "$BUILD" || status=1
  echo
done
exit $status
