#!/bin/sh
# The live analysis' throughput, alert latency and memory (no Python peer:
# nothing else streams this analysis):
#   sh tests/bench/bench_stream.sh BUILD_DIR [MINUTES]
set -eu
BUILD=${1:?usage: bench_stream.sh BUILD_DIR [MINUTES]}
MIN=${2:-10}
BIN="$BUILD/tests/bench_stream"
[ -x "$BIN" ] || { echo "bench_stream.sh: $BIN not built (cmake --build $BUILD)" >&2; exit 2; }
"$BIN" 1000 "$MIN"
"$BIN" 100 "$MIN"
