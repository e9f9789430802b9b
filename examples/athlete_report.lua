-- athlete_report.lua: one athlete's deadlift sessions and logs, read in a
-- minute: form per session, the latest set rep by rep, the recovery
-- verdict with what to do, training load, and next week's pull.
--
--   hinge run examples/athlete_report.lua ATHLETE [FOLDER [SORENESS.csv [TRAINING.csv]]]
--   hinge run examples/athlete_report.lua ben
local hinge = require "hinge"
local fmt = require "hinge.fmt"
local program = require "hinge.program"

local here = arg[0]:match("^(.*)/[^/]*$") or "."
local athlete = arg[1] or "ben"
local folder = arg[2] or here .. "/data"
local soreness = arg[3] or folder .. "/soreness.csv"
local training = arg[4] or folder .. "/training.csv"

local function say(...) print(string.format(...)) end

-- Every session of the athlete in the folder, oldest first.
local sessions = {}
for _, path in ipairs(assert(hinge.files(folder, ".csv"))) do
  local r = hinge.analyze(path) -- logs and other files are not sessions: skipped
  if r and r.athlete == athlete then sessions[#sessions + 1] = r end
end
table.sort(sessions, function(a, b) return (a.date or "") < (b.date or "") end)

say("Deadlift report for %s", athlete)
say("%s", string.rep("=", 20 + #athlete))

print("\nSessions")
if #sessions == 0 then
  print("  no analysed session in " .. folder)
else
  local rows = {}
  for _, s in ipairs(sessions) do
    rows[#rows + 1] = {date = s.date, file = s.file:match("[^/]*$"), reps = s.set.reps,
                       verdict = s.set.verdict, thor = s.set.max_rounding_deg.thoracic,
                       lumb = s.set.max_rounding_deg.lumbar, trend = s.set.rounding_trend.lumbar}
  end
  print(fmt.table(rows, {"date", "file", "reps", "verdict", {"thor", "max thoracic"},
                         {"lumb", "max lumbar"}, {"trend", "lumbar trend"}}))
  local last = sessions[#sessions]
  say("\nLatest set (%s): %s", last.date, last.set.summary)
  local reps = {}
  for _, r in ipairs(last.reps) do
    reps[#reps + 1] = {rep = r.rep, pull = r.pull_duration_s, hip = r.hip.setup_deg,
                       thor = r.thoracic.rounding_deg, lumb = r.lumbar.rounding_deg,
                       verdict = r.verdict, flags = table.concat(r.flags, " ")}
  end
  print(fmt.table(reps, {"rep", {"pull", "pull s"}, {"hip", "hip setup"}, {"thor", "thoracic"},
                         {"lumb", "lumbar"}, "verdict", "flags"}))
end

local result = assert(hinge.recovery.assess{soreness = soreness, training = training,
                                            analysis = sessions, athlete = athlete})
local me = result.athletes[1]
if not me then
  say("\nNo soreness or training records for %s.", athlete)
  os.exit(0)
end
say("\nRecovery on %s: %s", result.on, me.verdict:upper():gsub("_", " "))
for _, f in ipairs(me.findings) do say("  - [%s] %s", f.verdict, f.message) end
for _, s in ipairs(me.suggestions) do say("  > %s", s) end

if me.load then
  local l = me.load
  local function n(v, f) return v and string.format(f or "%.2f", v) or "-" end
  say("\nTraining load (%s): weekly %s AU, ACWR %s (EWMA) / %s (rolling), monotony %s, strain %s",
      l.basis or "srpe", n(l.weekly_load, "%.0f"), n(l.acwr_ewma), n(l.acwr_rolling),
      n(l.monotony), n(l.strain, "%.0f"))
end

-- Next week's top deadlift set: 5 reps at RPE 8 from the best e1RM in
-- the training log, then adjusted by the verdict.
local best
for _, row in ipairs(assert(hinge.csv.read(training))) do
  if row.athlete == athlete and row.exercise:lower():find("deadlift", 1, true) then
    local e = hinge.e1rm(tonumber(row.load_kg), math.floor(tonumber(row.reps)))
    if e and (not best or e > best) then best = e end
  end
end
if best then
  local plan = {exercise = "deadlift", sets = 3, reps = 5, load = program.load_for(best, 5, 8)}
  local s, why = program.adjust(plan, me.verdict)
  if s then
    say("\nNext heavy pull: %d x %d at %.1f kg (e1RM %.1f kg%s)", s.sets, s.reps, s.load, best,
        s.note and "; " .. s.note or "")
  else
    say("\nNext heavy pull: none -- %s", why)
  end
end
