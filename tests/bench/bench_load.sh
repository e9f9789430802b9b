#!/bin/sh
# Benchmarks, run on demand (not part of ctest): `make bench` or
#   sh tests/bench/bench_load.sh BUILD_DIR  (also run by tests/bench/run.sh)
#
# load: a generated 2,000,000-row, 4-column session (~54 MB) loaded by
# hinge (the `hinge info` process, and one hinge_table_load call, also
# with the opt-in threads = 2) and by pandas.read_csv (the python3
# process, and one read_csv call after the import); each call is timed in
# a fresh process, best of RUNS; wall time and peak RSS from /usr/bin/time.
# Targets: hinge >= 5x faster than pandas.read_csv; hinge's peak RSS <=
# 2 x the numeric payload (rows x columns x 8 bytes) + 16 MiB.
set -eu
BUILD=${1:?usage: bench_load.sh BUILD_DIR}
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
  "$BUILD/libhinge.a" -lcsv -lexpat -lm -lpthread

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

# best_call COMMAND...: the best first field printed by RUNS runs of COMMAND
best_call() {
  best=""
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    out=$("$@")
    c=${out%% *}
    if [ -z "$best" ] || awk "BEGIN{exit !($c < $best)}"; then best=$c; rest=${out#* }; fi
    i=$((i + 1))
  done
}

measure "$BUILD/hinge" info "$DATA" --format json -o /dev/null
h_wall=$best_wall; h_rss=$best_rss
best_call "$OUT/bench_load" "$DATA" 1
h_call=$best
set -- $rest
rows=$1; cols=$2
best_call "$OUT/bench_load" "$DATA" 1 2
h_call2=$best
cat >"$OUT/bench_read_csv.py" <<PYEOF
import sys, time
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
print("%.4f %d %d" % (time.perf_counter() - t, df.shape[0], df.shape[1]))
PYEOF
if "$PY" -c "import pandas" 2>/dev/null; then
  measure "$PY" -c "import sys, pandas as pd; pd.read_csv(sys.argv[1])" "$DATA"
  p_wall=$best_wall; p_rss=$best_rss
  best_call "$PY" "$OUT/bench_read_csv.py" "$DATA"
  p_call=$best
else
  echo "run.sh: $PY has no pandas; only hinge is measured"
  p_wall=nan; p_rss=nan; p_call=nan
fi

size=$(wc -c <"$DATA")
awk -v rows="$rows" -v cols="$cols" -v size="$size" -v runs="$RUNS" \
    -v hw="$h_wall" -v hr="$h_rss" -v hc="$h_call" -v hc2="$h_call2" \
    -v pw="$p_wall" -v pr="$p_rss" -v pc="$p_call" 'BEGIN {
  mib = 1048576
  payload = rows * cols * 8 / mib
  limit = 2 * payload + 16
  printf "load benchmark: %d rows x %d columns, %.1f MB file, numeric payload %.1f MiB (best of %d)\n\n",
         rows, cols, size / 1e6, payload, runs
  printf "%-34s %10s %14s\n", "", "wall (s)", "peak RSS (MiB)"
  printf "%-34s %10.3f %14.1f\n", "hinge info (whole process)", hw, hr / 1024
  printf "%-34s %10.3f %14s\n", "hinge_table_load (one call)", hc, "-"
  printf "%-34s %10.3f %14s\n", "  the same, threads = 2", hc2, "-"
  if (pw != "nan") {
    printf "%-34s %10.3f %14.1f\n", "python3 + pandas.read_csv (process)", pw, pr / 1024
    printf "%-34s %10.3f %14s\n", "pandas.read_csv (one call)", pc, "-"
    printf "\nspeed-up, load call vs read_csv call:  %.1fx  (target >= 5x: %s)\n",
           pc / hc, (pc / hc >= 5) ? "met" : "NOT met"
    printf "  with threads = 2:                    %.1fx  (%s)\n",
           pc / hc2, (pc / hc2 >= 5) ? "met" : "NOT met"
    printf "speed-up, whole processes:             %.1fx\n", pw / hw
  }
  printf "peak RSS of hinge info: %.1f MiB  (target <= 2 x %.1f + 16 = %.1f MiB: %s)\n",
         hr / 1024, payload, limit, (hr / 1024 <= limit) ? "met" : "NOT met"
}'
