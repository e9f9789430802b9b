#!/bin/sh
# hinge plan: the examples' plans on the sample data plus a generated
# session whose pulls slow down (tests/gen), row by row with their whys;
# CSV, JSON and iCalendar outputs; the sandbox; usage and data errors.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}" && pwd)
DATA=$(cd "$DATA" && pwd)
EX=$SRC/examples
HERE=$(cd "$(dirname "$0")" && pwd)

# The team's folder: the sample sessions, a session of gus whose pulls
# slow by 12% a rep (rep 3 is 32% slower than rep 1), the logs with gus
# added (a soreness report, so he is 'ready', and his deadlift).
mkdir -p "$T/team/sessions"
cp "$EX"/data/2026-03-0*.csv "$T/team/sessions/"
"$HINGE" run "$SRC/tests/gen/gen_session.lua" "$T/gus.csv" athlete=gus date=2026-03-04 fatigue=0.12 reps=5 seed=3 >/dev/null
mv "$T/gus.csv" "$T/team/sessions/2026-03-04_gus_set1.csv"
{ cat "$EX/data/soreness.csv"; echo "2026-03-07,gus,hamstrings,2,ache,8,"; } >"$T/team/soreness.csv"
{ cat "$EX/data/training.csv"; echo "2026-03-04,gus,Deadlift (Barbell),1,5,160,8,40"; } >"$T/team/training.csv"
cd "$T" || exit 1
ARGS="--sessions team/sessions --soreness team/soreness.csv --training team/training.csv"

expect "the block should plan week 2" 0 "" -- "$HINGE" plan "$EX/plan_block.lua" $ARGS --week 2026-03-11 --quiet -o plan.csv
check "the header" sh -c "head -1 plan.csv | grep -qx 'athlete,date,exercise,sets,reps,load_kg,notes,why'"
check "ana: a clean week allows the planned top set (80% of 154 kg)" grep -qF \
  'ana,2026-03-09,deadlift,1,5,122.5,,"top sets clean (lumbar rounding at most 0.2 deg, threshold 5.0): planned top set 122.5 kg; block week 2 of 6: 5 reps at 80% of the e1RM 154 kg from 140 kg x 3 on 2026-03-01"' plan.csv
check "ana: back-off sets at 90%" grep -qF 'ana,2026-03-09,deadlift back-off,3,5,110,,90% of the top set' plan.csv
check "ben: the rounding holds the top set and names the rep, the referral skips it" grep -qF \
  'ben,2026-03-09,deadlift,,,,skipped: see a professional before loading this again,"lumbar rounding 7.7 deg on set 1 rep 4 on 2026-03-02 (threshold 5.0): top set held at 180 kg;' plan.csv
check "ben: technique sets are added (and skipped too)" grep -qF 'ben,2026-03-09,deadlift (technique),,,,skipped' plan.csv
check "gus: the slowing pulls end the sets at 2 reps" grep -qF \
  'gus,2026-03-09,deadlift,1,2,150,,"top sets clean (lumbar rounding at most 0.3 deg, threshold 5.0): planned top set 150 kg; block week 2 of 6: 5 reps at 80% of the e1RM 186.67 kg from 160 kg x 5 on 2026-03-04; pull duration +32.5% by set 1 rep 3 on 2026-03-04 (1.51 -> 2.00 s, limit 20.0%): sets end at 2 reps"' plan.csv
check "gus: the back-off sets too" grep -qF 'gus,2026-03-09,deadlift back-off,3,2,135,,"90% of the top set; pull duration +32.5%' plan.csv
check "dee: no recent soreness report: nothing heavy, the technique sets kept" grep -qF \
  'dee,2026-03-09,deadlift (technique),2,3,70,"slow eccentric, pause below the knee",no analysed deadlift set this week' plan.csv
check "dee: the weak link's shrug day is not confirmed" grep -qF 'dee,2026-03-13,heavy shrug,,,,not confirmed: check in with the athlete,upper-back/trap soreness after 3 of 4 deadlift sessions' plan.csv
check "eli (urgent care) has no training log: no load" grep -qF 'eli,2026-03-09,deadlift,,,,no load: log a deadlift session' plan.csv
# week 1: ana's session of 03-02 is in the planned week, so not used: no set, no step
check "sessions of the planned week are not used" sh -c \
  "'$HINGE' plan '$EX/plan_block.lua' $ARGS --week 2026-03-02 --quiet | grep -qF 'ana,2026-03-02,deadlift,,,,not confirmed: check in with the athlete,no analysed deadlift set this week: top set held at 140 kg'"

# week 3: ana lifted the planned 122.5 kg on 03-10 and her lower back
# rounded 6.9 deg on the last rep: the block holds her top set there
# instead of the week's 85%, and adds technique sets.
cp -r team team3
"$HINGE" run "$SRC/tests/gen/gen_session.lua" "$T/a3.csv" athlete=ana date=2026-03-10 lumbar=5:7 seed=5 fatigue=0.02 >/dev/null
mv "$T/a3.csv" team3/sessions/2026-03-10_ana_set1.csv
echo "2026-03-14,ana,hamstrings,1,ache,8," >>team3/soreness.csv
echo "2026-03-10,ana,Deadlift (Barbell),1,5,122.5,8,40" >>team3/training.csv
expect "the block should plan week 3" 0 "" -- "$HINGE" plan "$EX/plan_block.lua" --sessions team3/sessions \
  --soreness team3/soreness.csv --training team3/training.csv --week 2026-03-16 --quiet -o week3.csv
check "ana: the rounding on rep 5 holds the top set at last week's load" grep -qF \
  'ana,2026-03-16,deadlift,1,3,122.5,,lumbar rounding 6.9 deg on set 1 rep 5 on 2026-03-10 (threshold 5.0): top set held at 122.5 kg; block week 3 of 6: 3 reps at 85% of the e1RM 154 kg from 140 kg x 3 on 2026-03-01' week3.csv
check "ana: technique sets at 60% of it" grep -qF \
  'ana,2026-03-16,deadlift (technique),2,3,72.5,"slow eccentric, pause below the knee",lumbar rounding 6.9 deg on set 1 rep 5 on 2026-03-10 (threshold 5.0): 2 technique sets of 3 added at 60%' week3.csv

# the report lists the plan on each athlete's page (CSV or JSON)
expect "hinge report --plan week3.csv" 0 "" -- "$HINGE" report team3/sessions -o rep --soreness team3/soreness.csv \
  --training team3/training.csv --plan week3.csv --date 2026-03-15 --quiet
check "ana's page lists her held top set with its reason" grep -qF 'top set held at 122.5 kg' rep/ana.html
check "and her technique sets" grep -qF '2 technique sets of 3 added at 60%' rep/ana.html
check "each athlete gets only their rows" sh -c "! grep -qF 'top set held at 180 kg' rep/ana.html"
expect "the plan as JSON" 0 "" -- "$HINGE" plan "$EX/plan_block.lua" --sessions team3/sessions \
  --soreness team3/soreness.csv --training team3/training.csv --week 2026-03-16 --quiet -o week3.json
expect "hinge report --plan week3.json" 0 "" -- "$HINGE" report team3/sessions -o repj --soreness team3/soreness.csv \
  --training team3/training.csv --plan week3.json --date 2026-03-15 --quiet
check "the same page from either" cmp -s rep/ana.html repj/ana.html
expect "a plan that cannot be read stops the report" 1 "nothing.csv" -- "$HINGE" report team3/sessions -o repx --plan nothing.csv --quiet

expect "the shrug program should plan dee's shrug day" 0 "" -- "$HINGE" plan "$EX/plan_shrugs.lua" \
  --sessions "$EX/data" --soreness "$EX/data/soreness.csv" --training "$EX/data/training.csv" --week 2026-03-02 --quiet -o shrugs.csv
check "dee: 4 x 10 at 60% of her e1RM, soreness steady" grep -qF \
  'dee,2026-03-06,heavy shrug,4,10,82.5,,upper-back/trap soreness after 3 of 4 deadlift sessions (more than 50%): one heavy shrug day (60% of the e1RM 136 kg from 120 kg x 4 on 2026-02-25); soreness steady (3.0/10 on 2026-02-26 after 3.0/10 on 2026-02-19): held at 82.5 kg' shrugs.csv
check "ana: no weak link, and no verdict yet: not confirmed" grep -qF 'ana,2026-03-06,heavy shrug,,,,not confirmed' shrugs.csv

# JSON and iCalendar
expect "JSON by the extension" 0 "" -- "$HINGE" plan "$EX/plan_block.lua" $ARGS --week 2026-03-09 --quiet -o plan.json
check "the JSON reads back with the same rows" "$HINGE" run /dev/stdin <<EOS
local hinge = require "hinge"
local j = assert(hinge.json.read("plan.json"))
assert(j.week == "2026-03-09" and j.data_to == "2026-03-08", j.week)
local n = 0
for line in io.lines("plan.csv") do n = n + 1 end
assert(#j.sessions == n - 1, #j.sessions .. " rows, csv " .. (n - 1))
local g = j.sessions[#j.sessions - 1]
assert(g.athlete == "gus" and g.reps == 2 and g.load_kg == 150 and #g.why == 3, g.athlete)
assert(j.sessions[3].sets == hinge.json.null and j.sessions[3].notes:find("skipped"))
EOS
expect "iCalendar" 0 "" -- env SOURCE_DATE_EPOCH=1773100800 "$HINGE" plan "$EX/plan_block.lua" $ARGS --week 2026-03-09 --quiet --format ics -o plan.ics
check "the calendar is well formed (CRLF, folded at 75, UID, DTSTAMP, all-day DTSTART)" sh -c "'$HINGE' run '$HERE/ics_check.lua' plan.ics > ics.n"
check "one event per planned session (rows with sets)" sh -c "test \$(cat ics.n) -eq \$(awk -F, 'NR > 1 && \$4 != \"\"' plan.csv | wc -l)"
check "gus's event" grep -q '^SUMMARY:gus: deadlift 1x2 @ 150 kg' plan.ics
check "DTSTAMP from SOURCE_DATE_EPOCH" grep -q '^DTSTAMP:20260310T000000Z' plan.ics
check "long descriptions are folded" grep -q '^ ' plan.ics
expect "the same run gives the same UIDs" 0 "" -- env SOURCE_DATE_EPOCH=1773100800 "$HINGE" plan "$EX/plan_block.lua" $ARGS --week 2026-03-09 --quiet --format ics -o plan2.ics
check "identical files" cmp -s plan.ics plan2.ics

# messy logs: BOM and CRLF read the same
printf '\357\273\277' >"$T/team2.csv"; sed 's/$/\r/' team/soreness.csv >>"$T/team2.csv"
expect "a BOM + CRLF soreness log" 0 "" -- "$HINGE" plan "$EX/plan_block.lua" --sessions team/sessions --soreness team2.csv --training team/training.csv --week 2026-03-09 --quiet -o plan3.csv
check "the same plan" cmp -s plan.csv plan3.csv

# a Strong export names no athlete: --athlete says whose it is
mkdir -p other
cat >other/strong.lua <<'EOS'
local hinge = require "hinge"
local plan = require "hinge.plan"
return function(a)
  local e, why = plan.e1rm(a.training, {on = a.on, days = 365})
  return {{exercise = "deadlift", day = "mon", sets = 3, reps = 5, load_kg = hinge.round_load(0.75 * e, 2.5), why = why}}
end
EOS
expect "a Strong export with --athlete" 0 "" -- "$HINGE" plan other/strong.lua --training "$DATA/strong_export_sample.csv" --athlete kim --week 2021-12-20 --quiet -o strong.csv
check "kim's load from the export's best deadlift" grep -qE '^kim,2021-12-20,deadlift,3,5,[0-9.]+,,e1RM [0-9.]+ kg from [0-9.]+ kg x [0-9]+ on 2021-' strong.csv

# the sandbox: the same limits as hinge run --sandbox
expect "the block under --sandbox" 0 "" -- "$HINGE" plan --sandbox "$EX/plan_block.lua" $ARGS --week 2026-03-09 --quiet -o sandboxed.json
check "the same plan as without" cmp -s plan.json sandboxed.json
mkdir -p other
cat >other/coach.lua <<'EOS'
local plan = require "hinge.plan"
return function(a)
  local f = io.open("/etc/passwd")
  return {{exercise = "deadlift", day = "mon", sets = 1, reps = 1, load_kg = 1, why = f and "read" or "no"}}
end
EOS
expect "someone else's script opening a file outside is refused" 1 "reading of '/etc/passwd' refused" -- \
  "$HINGE" plan --sandbox other/coach.lua $ARGS --week 2026-03-09 -o refused.csv
check "and nothing is written" test ! -e refused.csv
cat >other/loop.lua <<'EOS'
return function() while true do end end
EOS
expect "a script that never ends stops at --timeout" 1 "time limit" -- \
  "$HINGE" plan --sandbox --timeout 1 other/loop.lua $ARGS --week 2026-03-09 -o loop.csv
check "and nothing is written" test ! -e loop.csv
cat >other/hog.lua <<'EOS'
return function() local t, mb = {}, ("x"):rep(1 << 20) for i = 1, 1e6 do t[i] = mb .. i end end
EOS
expect "a script that eats memory stops at --memory" 1 "memory limit of 64 MB exceeded" -- \
  "$HINGE" plan --sandbox --memory 64 --timeout 60 other/hog.lua $ARGS --week 2026-03-09 -o hog.csv
cat >other/exec.lua <<'EOS'
return function() os.execute("touch pwned") return {} end
EOS
expect "os.execute is refused" 1 "execute" -- "$HINGE" plan --sandbox other/exec.lua $ARGS --week 2026-03-09 -o x.csv
check "nothing ran" test ! -e pwned

# errors
expect "missing SCRIPT" 2 "missing SCRIPT.lua" -- "$HINGE" plan $ARGS
expect "a bad week" 2 "real date" -- "$HINGE" plan "$EX/plan_block.lua" --week 2026-02-30
expect "a bad format" 2 "csv, json or ics" -- "$HINGE" plan "$EX/plan_block.lua" --format xml
expect "limits need --sandbox" 2 "need --sandbox" -- "$HINGE" plan "$EX/plan_block.lua" --timeout 3
expect "an unknown option" 2 "see 'hinge help plan'" -- "$HINGE" plan "$EX/plan_block.lua" --bogus
expect "-o never overwrites the soreness log" 2 "input" -- "$HINGE" plan "$EX/plan_block.lua" $ARGS -o team/soreness.csv
check "the log is intact" grep -q '^2026-03-07,gus' team/soreness.csv
expect "-o never overwrites a session" 2 "input" -- "$HINGE" plan "$EX/plan_block.lua" $ARGS -o team/sessions/2026-03-02_ana_set1.csv
expect "-o never overwrites the script" 2 "input" -- "$HINGE" plan other/coach.lua $ARGS -o other/coach.lua
expect "a missing sessions folder" 1 "nowhere" -- "$HINGE" plan "$EX/plan_block.lua" --sessions nowhere -o none.csv
check "nothing written" test ! -e none.csv
cat >other/bad_row.lua <<'EOS'
return function() return {{exercise = "deadlift", day = "someday", sets = 1}} end
EOS
expect "a row without a real day is the script's error" 1 "'day' must be mon..sun" -- "$HINGE" plan other/bad_row.lua $ARGS --week 2026-03-09
cat >other/nan.lua <<'EOS'
return function() return {{exercise = "deadlift", day = "mon", sets = 0/0}} end
EOS
expect "a NaN in a row is the script's error" 1 "'sets' must be a finite number" -- "$HINGE" plan other/nan.lua $ARGS --week 2026-03-09
cat >other/numdate.lua <<'EOS'
return function() return {{exercise = "deadlift", date = 20260309, sets = 1}} end
EOS
expect "a date that is not a text is the script's error" 1 "'date' must be a text" -- "$HINGE" plan other/numdate.lua $ARGS --week 2026-03-09
cat >other/noscript.lua <<'EOS'
local x = 1
EOS
expect "a script that returns nothing" 1 "must return a function" -- "$HINGE" plan other/noscript.lua $ARGS --week 2026-03-09
cat >other/chatty.lua <<'EOS'
return function(a)
  print("planning", a.name)
  io.write("junk\n"); io.stdout:write("more junk\n")
  return {{exercise = "deadlift", day = "mon", sets = 1, reps = 1, load_kg = 100}}
end
EOS
expect "a script's own output goes to stderr, the plan alone to stdout" 0 "planning" -- "$HINGE" plan other/chatty.lua $ARGS --week 2026-03-09
check "stdout is the CSV only" sh -c "head -1 '$T/out' | grep -qx 'athlete,date,exercise,sets,reps,load_kg,notes,why' && ! grep -q junk '$T/out' && grep -q 'more junk' '$T/err'"
expect "the same under --sandbox" 0 "planning" -- "$HINGE" plan --sandbox other/chatty.lua $ARGS --week 2026-03-09
check "stdout is the CSV only" sh -c "head -1 '$T/out' | grep -qx 'athlete,date,exercise,sets,reps,load_kg,notes,why' && ! grep -q junk '$T/out' && grep -q 'more junk' '$T/err'"
expect "a session that cannot be analysed: warned, the plan written, exit 1" 1 "not analysed: .*broken.csv" -- \
  sh -c "cp -r team/sessions s2 && echo 'garbage' > s2/broken.csv && '$HINGE' plan '$EX/plan_block.lua' --sessions s2 --soreness team/soreness.csv --training team/training.csv --week 2026-03-09 -o p4.csv"
check "the plan is there" grep -q '^gus,' p4.csv
expect "help" 0 "" -- "$HINGE" help plan
check "help lists --sandbox" grep -q -- '--sandbox' "$T/out"

# A Strong export alone (tests/data, CC0): no session dates the plan, so the
# week after today is planned, said in a warning; an athlete the script
# plans nothing for is named, never a silent empty plan.
expect "a Strong export without --athlete: refused, saying how to name one" 1 "names no athlete .*--athlete NAME" -- \
  "$HINGE" plan "$EX/plan_shrugs.lua" --training "$DATA/strong_export_sample.csv"
expect "no session: the week after today, warned" 0 "no analysed session dates the plan: planning the week after today" -- \
  "$HINGE" plan "$EX/plan_shrugs.lua" --training "$DATA/strong_export_sample.csv" --athlete jo
check "the athlete the script planned nothing for is named" grep -q "jo: the script planned no session for the week of" "$T/err"
expect "an older week given: the wave's shrug day from the export's e1RM" 0 "" -- \
  "$HINGE" plan "$EX/plan_shrugs.lua" --training "$DATA/strong_export_sample.csv" --athlete jo --week 2021-03-01 --quiet
check "one heavy shrug row, from the deadlift e1RM" grep -q '^jo,2021-03-05,heavy shrug,.*e1RM 78 kg' "$T/out"

finish
