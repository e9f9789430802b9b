#!/bin/sh
# hinge recovery: verdicts, JSON shape, options, exit statuses and messages.
. "$(dirname "$0")/lib.sh"
R=$DATA/recovery
SORE=$R/soreness_team.csv
TRAIN=$R/training_team.csv

expect "recovery should assess a team" 0 "" -- "$HINGE" recovery "$SORE" --training "$TRAIN"
check "the text should start with the day" grep -q '^Recovery on 2026-03-05$' "$T/out"
check "the summary should give ben see professional" grep -Eq '^  ben +SEE PROFESSIONAL +sharp_pain' "$T/out"
check "the summary should give eli urgent care" grep -Eq '^  eli +URGENT CARE +red_flag_symptom' "$T/out"
check "the summary should give cy no_improvement" grep -Eq '^  cy +SEE PROFESSIONAL +no_improvement' "$T/out"
check "the summary should give dee the weak link" grep -Eq '^  dee +READY .*weak_link_upper_back' "$T/out"
check "fay, improving, should be ready" grep -Eq '^  fay +READY$' "$T/out"
check "the text should name the load basis" grep -q 'load (srpe, AU)' "$T/out"
check "the text should suggest shrugs for dee" grep -q 'heavy shrugs once a week' "$T/out"

expect "recovery --format json should succeed" 0 "" -- "$HINGE" recovery "$SORE" --training "$TRAIN" \
  --analysis "$R/analysis_ana.json" --format json
cp "$T/out" "$T/team.json"
check "the JSON should have the docs/formats.md shape" "$HINGE" run - "$T/team.json" <<'LUA'
local hinge = require "hinge"
local null = hinge.json.null
local doc = assert(hinge.json.read(arg[1]))
assert(doc.on == "2026-03-05" and type(doc.athletes) == "table")
local names, verdicts = {}, {}
for i, a in ipairs(doc.athletes) do names[i] = a.athlete; verdicts[a.athlete] = a.verdict end
assert(table.concat(names, " ") == "ana ben cy dee eli fay", table.concat(names, " "))
local want = {ana = "reduce", ben = "see_professional", cy = "see_professional",
              dee = "ready", eli = "urgent_care", fay = "ready"}
for k, v in pairs(want) do assert(verdicts[k] == v, k .. " " .. tostring(verdicts[k])) end
local order = {ready = 1, reduce = 2, rest = 3, see_professional = 4, urgent_care = 5}
local rules = {}
for _, a in ipairs(doc.athletes) do
  assert(a.findings and a.load ~= nil and a.suggestions, a.athlete)
  local worst, ids = 1, {}
  for _, f in ipairs(a.findings) do
    local n = 0
    for _ in pairs(f) do n = n + 1 end
    assert(n == 4 and f.rule and f.verdict and f.region and f.message, "finding keys")
    assert(order[f.verdict], f.verdict)
    worst = math.max(worst, order[f.verdict])
    ids[#ids + 1] = f.rule
  end
  assert(order[a.verdict] == worst, a.athlete)
  assert(#a.suggestions > 0)
  for _, s in ipairs(a.suggestions) do assert(type(s) == "string") end
  if a.load ~= null then
    for _, k in ipairs({"acwr_ewma", "acwr_rolling", "monotony", "strain", "weekly_load", "basis"}) do
      assert(a.load[k] ~= nil, k)
    end
  end
  rules[a.athlete] = " " .. table.concat(ids, " ") .. " "
end
assert(rules.ana:find(" form_lumbar_rounding ") and rules.ana:find(" doms_expected "))
assert(rules.eli:match("^ red_flag_symptom "))
assert(doc.athletes[6].load == null)
LUA

expect "--athlete should keep one athlete" 0 "" -- "$HINGE" recovery "$SORE" --athlete ben --format json
check "only ben should be listed" grep -q '"athlete": "ben"' "$T/out"
check "ana should not be listed" sh -c "! grep -q '\"athlete\": \"ana\"' '$T/out'"

expect "--on should move the day" 0 "entries after the assessment day 2026-02-20 left out" -- "$HINGE" recovery "$SORE" --on 2026-02-20 --athlete cy
check "cy was not yet persistent on 2026-02-20" sh -c "! grep -q no_improvement '$T/out'"
check "the header should show --on" grep -q '^Recovery on 2026-02-20$' "$T/out"

expect "--threshold should change a rule" 0 "" -- "$HINGE" recovery "$SORE" --athlete cy \
  --threshold no_improvement_days=30
check "a 30-day window clears cy" sh -c "! grep -q no_improvement '$T/out'"
expect "--threshold list should print the thresholds" 0 "" -- "$HINGE" recovery --threshold list
check "the list should have acwr_high 1.5" grep -Eq '^acwr_high +1.5 ' "$T/out"

expect "-o should write the file" 0 "" -- "$HINGE" recovery "$SORE" -o "$T/o.txt"
check "the output file should exist" grep -q '^Recovery on' "$T/o.txt"

# Strong export as the training log: the athlete comes from --athlete.
cat >"$T/s.csv" <<'CSV'
date,athlete,region,severity,quality,sleep_h,flags
2021-02-12,bern,lower_back,3,dull,7,
CSV
expect "a Strong export should import" 0 "entries after the assessment day 2021-02-12 left out" -- "$HINGE" recovery "$T/s.csv" \
  --training "$DATA/strong_export_sample.csv" --on 2021-02-12 --format json
check "the load basis should be volume load" grep -q '"basis": "volume_load"' "$T/out"
check "deadlifts two days before should be DOMS" grep -q '"rule": "doms_expected"' "$T/out"

# usage errors: exit 2
expect "no soreness log should be a usage error" 2 "missing SORENESS.csv" -- "$HINGE" recovery
expect "an unknown option should be a usage error" 2 "unknown option '--frob'" -- "$HINGE" recovery "$SORE" --frob
expect "a bad --on should be a usage error" 2 "--on wants a real date" -- "$HINGE" recovery "$SORE" --on 2026-02-30
expect "a bad --format should be a usage error" 2 "text or json" -- "$HINGE" recovery "$SORE" --format csv
expect "an unknown threshold should be a usage error" 2 "unknown threshold 'bogus'" -- "$HINGE" recovery "$SORE" --threshold bogus=1
expect "a threshold out of range should be a usage error" 2 "rest_severity must be" -- "$HINGE" recovery "$SORE" --threshold rest_severity=12
expect "a missing option value should be a usage error" 2 "needs a value" -- "$HINGE" recovery "$SORE" --training
expect "two soreness logs should be a usage error" 2 "one soreness log" -- "$HINGE" recovery "$SORE" "$SORE"
expect "help recovery should print the usage" 0 "" -- "$HINGE" help recovery
check "the usage should mention --threshold" grep -q -- '--threshold' "$T/out"

# bad data: exit 1 with file:line:col, nothing written
printf 'date,athlete,region,severity,quality,sleep_h,flags\n2026-03-01,ana,traps,3,,,\n2026-02-30,ana,traps,2,,,\n' >"$T/bad.csv"
expect "an impossible date should name line and column" 1 "bad.csv:3:1: date '2026-02-30' does not exist" -- "$HINGE" recovery "$T/bad.csv" -o "$T/never.json"
check "nothing should be written on failure" test ! -e "$T/never.json"
printf 'date,athlete,region,severity,quality,sleep_h,flags\n2026-03-01,ana,traps,11,,,\n' >"$T/bad2.csv"
expect "a severity out of range should name its column" 1 "bad2.csv:2:4: severity 11 is out of range" -- "$HINGE" recovery "$T/bad2.csv"
printf 'date,athlete,region,severity,quality,sleep_h,flags\n2026-03-01,ana,traps,3,itchy,,\n2026-03-02,ana,traps,2,dull,,\n' >"$T/bad3.csv"
expect "an unknown quality should be named" 1 "bad3.csv:2:5: unknown quality 'itchy'" -- "$HINGE" recovery "$T/bad3.csv"
expect "--lenient should leave the bad word out with a warning" 0 "warning: .*bad3.csv:2:5: unknown quality 'itchy'.*left out" -- "$HINGE" recovery "$T/bad3.csv" --lenient
expect "a missing file should exit 1" 1 "nope.csv" -- "$HINGE" recovery "$T/nope.csv"
printf '{"athlete": "ana", "date": "2026-03-01",\n "reps": [1,]}\n' >"$T/bad.json"
expect "malformed analysis JSON should give line and column" 1 "bad.json:2:13: " -- "$HINGE" recovery "$SORE" --analysis "$T/bad.json"
printf 'date,athlete,region,severity\n' >"$T/empty.csv"
expect "a log without rows should exit 1" 1 "no entries" -- "$HINGE" recovery "$T/empty.csv"
printf 'x,y\n1,2\n' >"$T/t.csv"
expect "an unknown training format should exit 1" 1 "not a training log" -- "$HINGE" recovery "$SORE" --training "$T/t.csv"

finish
