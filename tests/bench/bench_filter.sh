#!/bin/sh
# Zero-phase filtering throughput per channel, hinge against
# scipy.signal.sosfiltfilt on the same data, in one run:
#   sh tests/bench/bench_filter.sh BUILD_DIR [SAMPLES]
# Needs /usr/bin/python3 with scipy (python3-scipy).
set -eu
BUILD=${1:?usage: bench_filter.sh BUILD_DIR [SAMPLES]}
N=${2:-2000000}
PY=${HINGE_BENCH_PYTHON:-/usr/bin/python3}
BIN="$BUILD/tests/bench_filter"
[ -x "$BIN" ] || { echo "bench_filter.sh: $BIN not built (cmake --build $BUILD)" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/hinge-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

echo "== zero-phase low-pass, Butterworth N=2 6 Hz at 100 Hz, $N samples, one channel"
"$BIN" "$N" "$T"
"$PY" - "$T" "$N" <<'PY'
import sys, time
import numpy as np
import scipy
from scipy import signal
d, n = sys.argv[1], int(sys.argv[2])
x = np.fromfile(d + "/filter_x.f64", dtype=np.float64)
want = np.fromfile(d + "/filter_y.f64", dtype=np.float64)
assert len(x) == n
sos = signal.butter(2, 6, fs=100, output="sos")
best = 1e30
for _ in range(7):
    t0 = time.perf_counter()
    y = signal.sosfiltfilt(sos, x)
    best = min(best, time.perf_counter() - t0)
print("%-34s %d samples  best %8.2f ms  %7.1f Msamples/s" %
      ("scipy.signal.sosfiltfilt " + scipy.__version__, n, best * 1e3, n / best / 1e6))
err = np.max(np.abs(y - want) / np.abs(want))
print("max relative difference hinge vs scipy: %.3g" % err)
if err > 1e-9:
    sys.exit("bench_filter.sh: results differ from scipy beyond 1e-9")
PY
