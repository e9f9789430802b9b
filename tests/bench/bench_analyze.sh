#!/bin/sh
# Benchmark: `hinge analyze` end to end on a generated 2,000,000-row
# session (time, hip, thoracic, lumbar at 100 Hz, about 52 MB) against the
# pandas + scipy pipeline in bench_analyze.py, one run each.
#
#   sh tests/bench/bench_analyze.sh BUILD_DIR
#
# Targets: hinge's whole process at least 5x faster than the Python
# in-process time (imports excluded); hinge's peak RSS at most twice the
# numeric payload (rows x 4 columns x 8 bytes) + 16 MB.  Exit 1 when a
# target is missed.  Needs /usr/bin/python3 with numpy, pandas and scipy.
set -eu
BUILD=${1:?usage: bench_analyze.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HINGE=$BUILD/hinge
PY=${PYTHON:-/usr/bin/python3}
ROWS=${BENCH_ROWS:-2000000}
WORK=${BENCH_DIR:-$BUILD/bench}
mkdir -p "$WORK"
CSV=$WORK/analyze_${ROWS}.csv

if [ ! -s "$CSV" ]; then
  echo "generating $CSV ($ROWS rows at 100 Hz)..."
  "$HINGE" run "$ROOT/tests/gen/gen_session.lua" "$CSV" rows="$ROWS" fs=100 decimals=2 >/dev/null
fi
size=$(wc -c <"$CSV")

# hinge: the whole process, wall time and peak RSS from GNU time.
/usr/bin/time -f "%e %M" -o "$WORK/hinge.time" \
  "$HINGE" analyze "$CSV" --format json -o "$WORK/analyze.json"
read -r hinge_s hinge_kb <"$WORK/hinge.time"
hinge_reps=$(grep -o '"rep":' "$WORK/analyze.json" | wc -l)

"$PY" "$HERE/bench_analyze.py" "$CSV" >"$WORK/python.out"
py_s=$(awk '/^python_seconds/ {print $2}' "$WORK/python.out")
py_reps=$(awk '/^python_reps/ {print $2}' "$WORK/python.out")

awk -v rows="$ROWS" -v size="$size" -v hs="$hinge_s" -v hkb="$hinge_kb" -v ps="$py_s" \
    -v hr="$hinge_reps" -v pr="$py_reps" 'BEGIN {
  payload = rows * 4 * 8 / 1048576; rss = hkb / 1024; limit = 2 * payload + 16
  speedup = ps / (hs > 0 ? hs : 0.001)
  printf "session: %d rows, %.1f MB; numeric payload %.1f MiB\n", rows, size / 1e6, payload
  printf "hinge analyze (whole process): %.2f s, peak RSS %.1f MiB, %d reps\n", hs, rss, hr
  printf "pandas+scipy (in-process, imports excluded): %.2f s, %d reps\n", ps, pr
  printf "speed-up %.1fx (target >= 5x); RSS %.1f MiB (limit %.1f MiB)\n", speedup, rss, limit
  ok = speedup >= 5 && rss <= limit
  print ok ? "analyze benchmark: targets met" : "analyze benchmark: TARGET MISSED"
  exit ok ? 0 : 1
}'
