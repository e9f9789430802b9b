#!/bin/sh
# Benchmark of issue 15, every figure side by side in one run (not part of
# ctest; `make bench` or tests/bench/run.sh runs it):
#
#   sh tests/bench/bench_scale.sh BUILD_DIR
#
#   batch    600 short sessions (30 s at 100 Hz, tests/bench/gen_short.lua):
#            `hinge analyze DIR --format jsonl` with --jobs 1 and --jobs 2,
#            files per second, against the pandas + scipy loop over the same
#            files (bench_peer.py loop: load, despike/fill, Butterworth
#            filtfilt, find_peaks, per-rep metrics; in-process, imports
#            excluded).  Targets: 2 jobs >= 1.7x 1 job; hinge >= 20x pandas.
#   2M rows  one 2,000,000-row session (tests/gen/gen_session.lua):
#            the whole `hinge analyze` process against bench_peer.py one
#            (in-process).  Target >= 6x.
#   load     one hinge_table_load call (bench_load.c; threads 1 and 2)
#            against data.table::fread(nThread = 1) in Rscript (in-process)
#            and the bare single-threaded parse floor (bench_floor.c).
#            Targets: >= 3x fread; <= 1.3x the floor.
#   memory   peak RSS (/usr/bin/time) of the 2M-row analysis against its
#            numeric payload (rows x 4 x 8 bytes).  Target <= payload + 16 MiB.
#
# Each figure is the best of RUNS (3) runs (the pandas loop: PYRUNS, 1), as wall time and as CPU time
# (user + sys, all threads): on a shared machine the wall times swing with
# the load (printed first); the CPU times hardly do, and the targets
# are judged on them except for the 2-job speed-up, which only wall time
# shows.  Exit 1 when a target is missed.
# Needs /usr/bin/python3 with numpy, pandas and scipy, Rscript with
# data.table (Debian: python3-scipy python3-pandas r-cran-data.table), cc.
set -eu
BUILD=${1:?usage: bench_scale.sh BUILD_DIR}
BUILD=$(cd "$BUILD" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HINGE=$BUILD/hinge
PY=${PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-3}
NSHORT=${BENCH_SHORT:-600}
ROWS=${BENCH_ROWS:-2000000}
OUT=$BUILD/bench
mkdir -p "$OUT"
SHORT=$OUT/short_$NSHORT
BIG=$OUT/analyze_$ROWS.csv

[ -x "$HINGE" ] || { echo "bench_scale: $HINGE not built"; exit 1; }
if [ ! -s "$SHORT/s$(printf %04d "$NSHORT").csv" ]; then
  echo "generating $NSHORT short sessions in $SHORT ..."
  "$HINGE" run "$HERE/gen_short.lua" "$SHORT" "$NSHORT" 3000 >/dev/null
fi
if [ ! -s "$BIG" ]; then
  echo "generating $BIG ($ROWS rows at 100 Hz) ..."
  "$HINGE" run "$ROOT/tests/gen/gen_session.lua" "$BIG" rows="$ROWS" fs=100 decimals=2 truth=none >/dev/null
fi
${CC:-cc} -O2 -I"$ROOT/include" -o "$OUT/bench_load" "$HERE/bench_load.c" "$BUILD/libhinge.a" \
  -lcsv -lexpat -lm -lpthread
${CC:-cc} -O2 -o "$OUT/bench_floor" "$HERE/bench_floor.c"

# proc NAME COMMAND...: best wall, best CPU (user + sys) and the largest
# peak RSS (KiB) of RUNS runs of a whole process, as NAME_w NAME_c NAME_m
proc() {
  name=$1; shift
  bw=""; bc=""; bm=0; i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || true
    read -r w u s m <"$OUT/time.txt"
    c=$(awk "BEGIN{print $u + $s}")
    if [ -z "$bw" ] || awk "BEGIN{exit !($w < $bw)}"; then bw=$w; fi
    if [ -z "$bc" ] || awk "BEGIN{exit !($c < $bc)}"; then bc=$c; fi
    [ "$m" -gt "$bm" ] && bm=$m
    i=$((i + 1))
  done
  eval "${name}_w=$bw ${name}_c=$bc ${name}_m=$bm"
}

# inproc NAME COMMAND...: the best "wall cpu" pair (first two fields of
# the last line) of RUNS runs of a program that times itself
inproc() {
  name=$1; shift
  bw=""; bc=""; i=0
  while [ $i -lt "$RUNS" ]; do
    line=$("$@" | tail -n 1)
    w=${line%% *}; rest=${line#* }; c=${rest%% *}
    if [ -z "$bw" ] || awk "BEGIN{exit !($w < $bw)}"; then bw=$w; fi
    if [ -z "$bc" ] || awk "BEGIN{exit !($c < $bc)}"; then bc=$c; fi
    i=$((i + 1))
  done
  eval "${name}_w=$bw ${name}_c=$bc"
}

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "bench_scale: $(nproc) cores, load average before: $load; best of $RUNS"

# ---- batch of short sessions
proc j1 "$HINGE" analyze "$SHORT" --format jsonl --quiet --jobs 1 -o "$OUT/short1.jsonl"
proc j2 "$HINGE" analyze "$SHORT" --format jsonl --quiet --jobs 2 -o "$OUT/short2.jsonl"
cmp -s "$OUT/short1.jsonl" "$OUT/short2.jsonl" || { echo "bench_scale: --jobs 1 and 2 differ"; exit 1; }
RUNS_SAVED=$RUNS; RUNS=${PYRUNS:-1} # the loop takes a minute: once
inproc pyl sh -c "'$PY' '$HERE/bench_peer.py' loop '$SHORT' | awk '/^python_seconds/ {print \$2, \$3}'"

RUNS=$RUNS_SAVED

# ---- the 2M-row session
proc big "$HINGE" analyze "$BIG" --format json --quiet -o "$OUT/big.json"
inproc pyb sh -c "'$PY' '$HERE/bench_peer.py' one '$BIG' | awk '/^python_seconds/ {print \$2, \$3}'"

# ---- loading
inproc ld1 sh -c "'$OUT/bench_load' '$BIG' 1 | awk '{print \$1, \$4}'"
inproc ld2 sh -c "'$OUT/bench_load' '$BIG' 1 2 | awk '{print \$1, \$4}'"
inproc flo "$OUT/bench_floor" "$BIG" 1
inproc fls "$OUT/bench_floor" "$BIG" 1 strtod
cat >"$OUT/fread.R" <<'REOF'
suppressMessages(library(data.table))
setDTthreads(1)
t <- system.time(d <- fread(commandArgs(TRUE)[1], nThread = 1))
cat(sprintf("%.4f %.4f\n", t[["elapsed"]], t[["user.self"]] + t[["sys.self"]]))
REOF
if Rscript -e 'library(data.table)' >/dev/null 2>&1; then
  inproc frd Rscript "$OUT/fread.R" "$BIG"
else
  echo "bench_scale: Rscript with data.table missing (apt-get install r-cran-data.table)"
  frd_w=nan; frd_c=nan
fi

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
awk -v n="$NSHORT" -v rows="$ROWS" -v load="$load" \
    -v j1w="$j1_w" -v j1c="$j1_c" -v j2w="$j2_w" -v j2c="$j2_c" -v plw="$pyl_w" -v plc="$pyl_c" \
    -v bw="$big_w" -v bc="$big_c" -v bm="$big_m" -v pbw="$pyb_w" -v pbc="$pyb_c" \
    -v l1w="$ld1_w" -v l1c="$ld1_c" -v l2w="$ld2_w" -v l2c="$ld2_c" -v fw="$flo_w" -v fc="$flo_c" \
    -v sw="$fls_w" -v sc="$fls_c" -v rw="$frd_w" -v rc="$frd_c" 'BEGIN {
  ok = 1
  printf "load average after: %s\n\n", load
  printf "%-52s %9s %9s %9s\n", "", "wall (s)", "CPU (s)", "files/s"
  printf "%-52s %9.3f %9.3f %9.0f\n", "hinge analyze, " n " short sessions, --jobs 1", j1w, j1c, n / j1w
  printf "%-52s %9.3f %9.3f %9.0f\n", "hinge analyze, " n " short sessions, --jobs 2", j2w, j2c, n / j2w
  printf "%-52s %9.3f %9.3f %9.1f\n", "pandas+scipy loop, same files (in-process)", plw, plc, n / plw
  printf "%-52s %9.3f %9.3f\n", "hinge analyze, " rows " rows (whole process)", bw, bc
  printf "%-52s %9.3f %9.3f\n", "pandas+scipy, " rows " rows (in-process)", pbw, pbc
  printf "%-52s %9.3f %9.3f\n", "hinge_table_load, one call, 1 thread", l1w, l1c
  printf "%-52s %9.3f %9.3f\n", "hinge_table_load, one call, threads = 2", l2w, l2c
  printf "%-52s %9.3f %9.3f\n", "data.table fread, nThread = 1 (in-process)", rw, rc
  printf "%-52s %9.3f %9.3f\n", "bare parse floor (fast decimal path)", fw, fc
  printf "%-52s %9.3f %9.3f\n", "bare parse floor (glibc strtod)", sw, sc
  payload = rows * 4 * 8 / 1048576; rss = bm / 1024
  printf "\n%-44s %8s %8s %s\n", "target", "figure", "goal", ""
  t(">= 1.7x: 2 jobs vs 1 (wall)", j1w / j2w, 1.7, 1)
  t("  on 2 free cores (1 job CPU / half 2 jobs CPU)", j1c / (j2c / 2), 1.7, 0)
  t(">= 20x: hinge --jobs 2 vs pandas loop (wall)", plw / j2w, 20, 1)
  t("  the same, CPU time, hinge --jobs 1", plc / j1c, 20, 0)
  t(">= 6x: 2M rows, hinge process vs pandas (CPU)", pbc / bc, 6, 1)
  t("  the same, wall time", pbw / bw, 6, 0)
  t(">= 3x: load vs fread single-threaded (CPU)", rc / l1c, 3, 1)
  t("  the same, wall time", rw / l1w, 3, 0)
  t("  threads = 2, wall time", rw / l2w, 3, 0)
  t("<= 1.3x: load / bare parse floor (CPU)", l1c / fc, -1.3, 1)
  t("  threads = 2 vs 1 thread (wall, > 1 pays)", l1w / l2w, 1, 0)
  printf "%-44s %8.1f %8.1f  %s (MiB; payload %.1f + 16)\n", "peak RSS of the 2M analysis", rss,
         payload + 16, (rss <= payload + 16 ? "met" : "MISSED"), payload
  if (rss > payload + 16) ok = 0
  exit ok ? 0 : 1
}
function t(what, x, goal, counts,   met) {
  met = (goal > 0) ? (x >= goal) : (x <= -goal)
  printf "%-44s %8.2f %8.1f  %s\n", what, x, (goal > 0 ? goal : -goal), (met ? "met" : (counts ? "MISSED" : "(info)"))
  if (counts && !met) ok = 0
}'
