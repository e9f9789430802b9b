# Shared helpers for CLI tests: source it, then call `expect`.
# usage in a test: . "$(dirname "$0")/lib.sh"; HINGE=$1
HINGE=${1:?usage: test_x.sh PATH/TO/hinge}
T=$(mktemp -d "${TMPDIR:-/tmp}/hinge-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
count=0
DATA=${HINGE_TEST_DATA:-$(dirname "$0")/../data}

# expect DESCRIPTION STATUS STDERR_PATTERN -- COMMAND...
# Runs COMMAND, checks its exit status and that stderr matches the
# extended regex (empty pattern: stderr must be empty).  Stdout is left in
# $T/out, stderr in $T/err.
expect() {
  desc=$1; want=$2; pat=$3; shift 4
  count=$((count + 1))
  "$@" >"$T/out" 2>"$T/err"
  got=$?
  ok=1
  [ "$got" -eq "$want" ] || ok=0
  if [ -z "$pat" ]; then [ ! -s "$T/err" ] || ok=0
  else grep -Eq -- "$pat" "$T/err" || ok=0; fi
  if [ $ok -eq 0 ]; then
    fails=$((fails + 1))
    echo "FAIL: $desc (exit $got, wanted $want)"
    sed 's/^/  stderr: /' "$T/err" | head -n 20
  fi
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
  desc=$1; shift
  count=$((count + 1))
  if ! "$@"; then fails=$((fails + 1)); echo "FAIL: $desc"; fi
}

finish() {
  echo "$count checks, $fails failed"
  [ "$fails" -eq 0 ]
  exit $?
}
