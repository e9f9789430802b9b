#!/bin/sh
# test_scaleout.sh HINGE SOURCE_DIR -- the recipes of docs/scale-out.md, run
# as written (the blocks marked "scaleout: NAME" are read from the page):
#
#   - 200 generated sessions (tests/scaleout/gen_team.lua), one corrupt;
#   - the single run: hinge analyze sessions --format jsonl and json;
#   - GNU parallel on this machine, killed (SIGKILL to the whole run once
#     a few jobs are done) and run again with --joblog --resume: every
#     file's entry in exactly one chunk (no duplicate, none missing), the
#     merge equal to the single run byte for byte;
#   - the same over --sshlogin (this machine, ':');
#   - a one-node Slurm on localhost (munged, slurmctld, slurmd, a
#     slurm.conf in a temporary folder): a job array whose tasks run GNU
#     parallel over their chunk, merged, equal to the single run; the
#     corrupt file named in exactly one task's log, the task whose chunk
#     holds it, and by exactly one GNU parallel job;
#   - the json merge equal to the single json run.
#
# Needs Debian's parallel, slurm-wlm and munge: installed with apt-get when
# missing and running as root, else the test is skipped (exit 77) with the
# command to run.  Skipped too when the daemons cannot start here (the
# logs' tails are printed).  The daemons are stopped on every exit (each
# step has a timeout, so the script ends, and stops them, well before
# ctest's TIMEOUT would kill it).
set -u
HINGE=${1:?usage: test_scaleout.sh HINGE SOURCE_DIR}
SRC=${2:?usage: test_scaleout.sh HINGE SOURCE_DIR}
case $HINGE in /*) ;; *) HINGE=$(pwd)/$HINGE ;; esac
case $SRC in /*) ;; *) SRC=$(pwd)/$SRC ;; esac
DOC=$SRC/docs/scale-out.md
SKIP=77
N=200

skip() { echo "SKIP: $*"; exit $SKIP; }
fails=0
count=0
check() { # check DESCRIPTION COMMAND...
  desc=$1; shift
  count=$((count + 1))
  if ! "$@"; then fails=$((fails + 1)); echo "FAIL: $desc"; fi
}

# ---- what the recipes need
missing=""
for p in parallel:parallel slurm-wlm:slurmctld slurm-wlm:slurmd slurm-wlm:sbatch munge:munged; do
  command -v "${p#*:}" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin command -v "${p#*:}" >/dev/null 2>&1 ||
    case " $missing " in *" ${p%%:*} "*) ;; *) missing="$missing ${p%%:*}" ;; esac
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing:$missing"
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
      >/dev/null 2>&1 || skip "could not install$missing (apt-get install failed)"
  else
    skip "needs the Debian packages$missing: sudo apt-get install$missing"
  fi
fi
PATH=$PATH:/usr/sbin

W=$(mktemp -d "${TMPDIR:-/tmp}/hinge-scaleout.XXXXXX")
chmod 755 "$W"
stop_daemons() {
  for f in "$W/slurmd.pid" "$W/slurmctld.pid" "$W/munge/pid"; do
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || continue
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null
  done
  # any daemon of this run left (a pid file not written): by its arguments,
  # which name this run's own temporary folder
  for pid in $(ps -eo pid=,args= | grep -F "$W/" | grep -v grep | awk '{print $1}'); do
    [ "$pid" != $$ ] && kill -9 "$pid" 2>/dev/null
  done
}
cleanup() {
  stop_daemons
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# ---- the blocks of docs/scale-out.md
for name in list parallel ssh slurm formats; do
  awk -v want="(scaleout: $name)" '
    index($0, want) { on = 1; next }
    on == 1 && /^```sh/ { on = 2; next }
    on == 2 && /^```/ { exit }
    on == 2 { print }' "$DOC" >"$W/block-$name.sh"
  [ -s "$W/block-$name.sh" ] || { echo "FAIL: no block 'scaleout: $name' in $DOC"; exit 1; }
done

# ---- a one-node Slurm on localhost
mkdir -p "$W/munge" "$W/state" "$W/spool" "$W/log" "$W/home/.parallel" "$W/bin" "$W/work"
chmod 700 "$W/munge"
touch "$W/home/.parallel/will-cite"
user=$(id -un)
host=$(hostname -s 2>/dev/null || hostname)
port=$((20000 + ($$ % 10000) * 2))
cpus=$(nproc 2>/dev/null || echo 1)
cat >"$W/slurm.conf" <<EOF
ClusterName=hingetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/sock
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$W/slurm.conf"
daemons_fail() {
  for f in "$W/munge/log" "$W/log/slurmctld.log" "$W/log/slurmd.log"; do
    [ -f "$f" ] && { echo "--- $f"; tail -n 5 "$f"; }
  done
  skip "the daemons cannot run here: $*"
}
mungekey -c -k "$W/munge/munge.key" >/dev/null 2>&1 ||
  dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$W/munge/munge.key"
munged -f -S "$W/munge/sock" --key-file="$W/munge/munge.key" --log-file="$W/munge/log" \
  --pid-file="$W/munge/pid" --seed-file="$W/munge/seed" >/dev/null 2>&1 || daemons_fail "munged did not start"
munge -S "$W/munge/sock" -n </dev/null | unmunge -S "$W/munge/sock" >/dev/null 2>&1 ||
  daemons_fail "munge credentials do not round-trip"
slurmctld -f "$W/slurm.conf" >/dev/null 2>&1 || daemons_fail "slurmctld did not start"
slurmd -f "$W/slurm.conf" >/dev/null 2>&1 || daemons_fail "slurmd did not start"
i=0
until sinfo -h -N -o '%t' 2>/dev/null | grep -Eq '^idle'; do
  i=$((i + 1))
  [ $i -lt 100 ] || daemons_fail "the node did not come up in 20 s ($(sinfo -h -N -o '%t' 2>&1))"
  sleep 0.2
done

# ---- the team, the hinge on PATH (a delay to interrupt a run midway)
cat >"$W/bin/hinge" <<EOF
#!/bin/sh
[ -n "\${HINGE_TEST_DELAY:-}" ] && sleep "\$HINGE_TEST_DELAY"
exec "$HINGE" "\$@"
EOF
chmod +x "$W/bin/hinge"
export PATH="$W/bin:$PATH" HOME="$W/home"
cd "$W/work" || exit 1
hinge run "$SRC/tests/scaleout/gen_team.lua" sessions $N >/dev/null || { echo "FAIL: gen_team"; exit 1; }
corrupt=sessions/ana.old/s100.csv
printf 'exported by an old app\r\nno,columns,here\r\n\001\002\377' >"$corrupt"

hinge analyze sessions --format jsonl --quiet -o single.jsonl 2>single.err
check "the single run exits 1 (one corrupt file)" test $? -eq 1
check "the single run names the corrupt file once" test "$(grep -c "^hinge: $corrupt:" single.err)" -eq 1
hinge analyze sessions --format json --quiet -o single.json 2>/dev/null
check "the single jsonl has a line per file" test "$(wc -l <single.jsonl)" -eq $N

# the file list
sh -e "$W/block-list.sh"
check "files.txt lists every session" test "$(wc -l <files.txt)" -eq $N

# GNU parallel, killed then resumed: the whole run (parallel, its jobs,
# the block's shell) killed at once, in its own session, as a crash would
HINGE_TEST_DELAY=0.25 setsid sh "$W/block-parallel.sh" >parallel1.out 2>parallel1.err &
pgid=$!
i=0
while [ "$(cat jobs.log 2>/dev/null | wc -l)" -lt 6 ] && [ $i -lt 1200 ]; do
  sleep 0.05; i=$((i + 1))
done
# every process of the run's session: the shell, parallel, the jobs running
kill -s KILL $(ps -o pid= -s "$pgid") 2>/dev/null
wait "$pgid" 2>/dev/null
done1=$(ls out/chunk-*.jsonl 2>/dev/null | wc -l)
check "the interrupted run stopped midway ($done1 of 20 chunks)" test "$done1" -gt 0 -a "$done1" -lt 20
check "the interrupted run did not merge" test ! -e team.jsonl
timeout 100 sh "$W/block-parallel.sh" >parallel2.out 2>parallel2.err
check "the resumed run exits 1 (the corrupt file's error entry)" test $? -eq 1
check "20 chunks after the resume" test "$(ls out/chunk-*.jsonl | wc -l)" -eq 20
cat out/chunk-*.jsonl | sed 's/^{"file":"\([^"]*\)".*/\1/' | LC_ALL=C sort >entries.txt
check "no file twice in the chunks" test -z "$(uniq -d entries.txt)"
check "no file missing from the chunks" cmp -s entries.txt files.txt
check "every job once in the joblog" \
  test "$(tail -n +2 jobs.log | cut -f1 | sort -n | uniq | wc -l)" -eq 20 -a "$(tail -n +2 jobs.log | wc -l)" -eq 20
check "exactly one job failed, the one holding $corrupt" \
  test "$(tail -n +2 jobs.log | awk -F '\t' '$7 != 0' | grep -c "$corrupt")" -eq 1 -a \
       "$(tail -n +2 jobs.log | awk -F '\t' '$7 != 0' | wc -l)" -eq 1
check "parallel: merged = single run, byte for byte" cmp team.jsonl single.jsonl
check "the merge names the corrupt file last on stderr" test "$(tail -n 1 parallel2.err | grep -c "^hinge: $corrupt:")" -eq 1

# over ssh (this machine)
timeout 100 sh "$W/block-ssh.sh" >ssh.out 2>ssh.err
check "ssh: merged = single run" cmp team-ssh.jsonl single.jsonl

# Slurm
timeout 150 sh "$W/block-slurm.sh" >slurm.out 2>slurm.err
check "slurm: the block exits 1 (the merge keeps the corrupt file's error)" test $? -eq 1
check "slurm: merged = single run, byte for byte" cmp team-slurm.jsonl single.jsonl
logs=$(grep -l "^hinge: $corrupt:" slurm-out/task-*.log 2>/dev/null)
task=$(grep -l "^$corrupt\$" chunks/list-* | sed 's/.*list-0*//; s/^$/0/')
check "slurm: one task's log names the corrupt file" test "$(echo "$logs" | grep -c .)" -eq 1
check "slurm: the task whose chunk holds it ($task)" test "$logs" = "slurm-out/task-$task.log"
check "slurm: no other task reports an error" \
  test "$(cat slurm-out/task-*.log | grep -c '^hinge:')" -eq 1
check "slurm: four tasks ran" test "$(ls slurm-out/task-*.joblog | wc -l)" -eq 4

# the json output from the jsonl chunks
sh "$W/block-formats.sh" >formats.out 2>formats.err
check "json merge = single json run" cmp team.json single.json

if [ "$fails" -gt 0 ]; then
  for f in parallel2.err ssh.err slurm.out slurm.err formats.err; do
    echo "--- $f"; head -n 20 "$f"
  done
fi
echo "$count checks, $fails failed"
[ "$fails" -eq 0 ]
