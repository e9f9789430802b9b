#!/bin/sh
# Run the libFuzzer targets of a build made with -DHINGE_FUZZ=ON, one after
# the other (one worker each), and print their final statistics.
#
#   sh tests/fuzz/run.sh BUILD SECONDS [TARGET...]     (no TARGET: all)
#
# For each target: the committed seeds (tests/fuzz/corpus/T, read only) and
# the working corpus BUILD/fuzz/corpus/T (new entries go there, so the seeds
# stay as committed); the dictionary T.dict and the options T.options
# (-max_len, -timeout, -rss_limit_mb); crashes, leaks, timeouts and
# out-of-memory inputs into BUILD/fuzz/artifacts/T/; the log in
# BUILD/fuzz/logs/T.log; one summary line per target in
# BUILD/fuzz/summary.txt.  Exit status 1 when some target stopped on a
# finding.  FUZZ_NICE (default 10) is the niceness; FUZZ_ARGS adds libFuzzer
# flags (e.g. FUZZ_ARGS=-jobs=2 for more workers).
set -u
build=${1:?usage: run.sh BUILD SECONDS [TARGET...]}
seconds=${2:?usage: run.sh BUILD SECONDS [TARGET...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/tests/fuzz
out=$build/fuzz
[ $# -gt 0 ] || set -- numparse csv json session logs signal lua lua_api
mkdir -p "$out/logs"
: > "$out/summary.txt"
status=0
printf '%-9s %8s %10s %12s %6s %7s  %s\n' target seconds exec/s executions cov ft result | tee -a "$out/summary.txt"
for t in "$@"; do
  exe=$bin/fuzz_$t
  if [ ! -x "$exe" ]; then
    echo "run.sh: $exe is missing (build the hinge_fuzz target of a -DHINGE_FUZZ=ON build)" >&2
    status=1
    continue
  fi
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  opts=""
  [ -f "$here/$t.options" ] && opts=$(grep '^-' "$here/$t.options" | tr '\n' ' ')
  dict=""
  [ -f "$here/$t.dict" ] && dict=-dict=$here/$t.dict
  log=$out/logs/$t.log
  # shellcheck disable=SC2086
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    nice -n "${FUZZ_NICE:-10}" "$exe" $opts $dict -max_total_time="$seconds" \
      -print_final_stats=1 -close_fd_mask=1 -artifact_prefix="$out/artifacts/$t/" \
      ${FUZZ_ARGS:-} "$out/corpus/$t" "$here/corpus/$t" < /dev/null > "$log" 2>&1
  rc=$?
  # The last status line ("#N DONE cov: C ft: F ...", or the last one
  # printed before a finding) and libFuzzer's final statistics.
  last=$(grep -a -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    result="FINDING (exit $rc): $(grep -a -o -E 'Test unit written to .*' "$log" | tail -n 1 | sed 's/Test unit written to //')"
    status=1
  fi
  printf '%-9s %8s %10s %12s %6s %7s  %s\n' "$t" "$seconds" "${rate:-?}" "${execs:-?}" \
    "${cov:-?}" "${ft:-?}" "$result" | tee -a "$out/summary.txt"
done
echo "logs: $out/logs/, new corpus entries: $out/corpus/, findings: $out/artifacts/"
exit $status
