#!/bin/sh
# Every benchmark of tests/bench (bench_*.sh) against its Python peer:
#   sh tests/bench/run.sh BUILD_DIR      (make bench)
set -eu
BUILD=${1:?usage: run.sh BUILD_DIR}
RUNS=${RUNS:-3}
ROWS=${ROWS:-2000000}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
PY=${PYTHON:-/usr/bin/python3}
OUT=$BUILD/bench
mkdir -p "$OUT"
DATA=$OUT/session_${ROWS}.csv

[ -x "$BUILD/hinge" ] || { echo "run.sh: $BUILD/hinge not built (make build)"; exit 1; }
[ -x /usr/bin/time ] || { echo "run.sh: needs /usr/bin/time (apt-get install time)"; exit 1; }

if [ ! -s "$DATA" ]; then
  echo "generating $DATA ..."
  "$BUILD/hinge" run "$HERE/gen_session.lua" "$DATA" "$ROWS"
fi
${CC:-cc} -O2 -I"$SRC/include" -o "$OUT/bench_load" "$HERE/bench_load.c" \
  "$BUILD/libhinge.a" -lcsv -lm

# measure COMMAND...: best wall time (s) and peak RSS (KiB) of RUNS runs
best_wall=0; best_rss=0
measure() {
  best_wall=""; best_rss=""
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/stdout.txt"
    read -r w m <"$OUT/time.txt"
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($w < $best_wall)}"; then best_wall=$w; fi
    if [ -z "$best_rss" ] || [ "$m" -gt "$best_rss" ]; then best_rss=$m; fi
    i=$((i + 1))
  done
}

measure "$BUILD/hinge" info "$DATA" --format json -o /dev/null
h_wall=$best_wall; h_rss=$best_rss
set -- $("$OUT/bench_load" "$DATA" "$RUNS")
h_call=$1; rows=$2; cols=$3
cat >"$OUT/bench_read_csv.py" <<PYEOF
import sys, time
import pandas as pd
best = None
for _ in range($RUNS):
    t = time.perf_counter()
    df = pd.read_csv(sys.argv[1])
    dt = time.perf_counter() - t
    best = dt if best is None or dt < best else best
print("%.4f %d %d" % (best, df.shape[0], df.shape[1]))
PYEOF
if "$PY" -c "import pandas" 2>/dev/null; then
  measure "$PY" -c "import sys, pandas as pd; pd.read_csv(sys.argv[1])" "$DATA"
  p_wall=$best_wall; p_rss=$best_rss
  set -- $("$PY" "$OUT/bench_read_csv.py" "$DATA")
  p_call=$1
else
  echo "run.sh: $PY has no pandas; only hinge is measured"
  p_wall=nan; p_rss=nan; p_call=nan
fi

size=$(wc -c <"$DATA")
awk -v rows="$rows" -v cols="$cols" -v size="$size" -v runs="$RUNS" \
    -v hw="$h_wall" -v hr="$h_rss" -v hc="$h_call" \
    -v pw="$p_wall" -v pr="$p_rss" -v pc="$p_call" 'BEGIN {
  mib = 1048576
  payload = rows * cols * 8 / mib
  limit = 2 * payload + 16
  printf "load benchmark: %d rows x %d columns, %.1f MB file, numeric payload %.1f MiB (best of %d)\n\n",
         rows, cols, size / 1e6, payload, runs
  printf "%-34s %10s %14s\n", "", "wall (s)", "peak RSS (MiB)"
  printf "%-34s %10.3f %14.1f\n", "hinge info (whole process)", hw, hr / 1024
  printf "%-34s %10.3f %14s\n", "hinge_table_load (in process)", hc, "-"
  if (pw != "nan") {
    printf "%-34s %10.3f %14.1f\n", "python3 + pandas.read_csv (process)", pw, pr / 1024
    printf "%-34s %10.3f %14s\n", "pandas.read_csv (the call)", pc, "-"
    printf "\nspeed-up, load call vs read_csv call:  %.1fx  (target >= 5x: %s)\n",
           pc / hc, (pc / hc >= 5) ? "met" : "NOT met"
    printf "speed-up, whole processes:             %.1fx\n", pw / hw
  }
  printf "peak RSS of hinge info: %.1f MiB  (target <= 2 x %.1f + 16 = %.1f MiB: %s)\n",
         hr / 1024, payload, limit, (hr / 1024 <= limit) ? "met" : "NOT met"
}'

status=0
for b in "$(dirname "$0")"/bench_*.sh; do
  sh "$b" "$BUILD" || status=1
  echo
done
exit $status
