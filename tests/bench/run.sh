#!/bin/sh
# Every benchmark of tests/bench (bench_*.sh) against its Python peer:
#   sh tests/bench/run.sh BUILD_DIR      (make bench)
set -eu
BUILD=${1:?usage: run.sh BUILD_DIR}
status=0
for b in "$(dirname "$0")"/bench_*.sh; do
  sh "$b" "$BUILD" || status=1
  echo
done
exit $status
