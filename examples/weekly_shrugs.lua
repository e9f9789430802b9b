-- weekly_shrugs.lua: a 4-week plan with heavy shrugs once a week, at a
-- share of the deadlift 1RM, adjusted by upper-back soreness and the
-- athlete's recovery verdict.
--
--   hinge run examples/weekly_shrugs.lua ATHLETE [SORENESS.csv TRAINING.csv [START [DAY]]]
--   hinge run examples/weekly_shrugs.lua dee
--
-- TRAINING may be hinge's training log or a Strong app export.
--
-- plan_shrugs.lua is this program as a `hinge plan` script on the
-- hinge.plan helpers (the weak-link rule, e1RM, recovery), with a why on
-- every row; this one stays as the plain `hinge run` version.
local hinge = require "hinge"
local program = require "hinge.program"
local fmt = require "hinge.fmt"

local here = arg[0]:match("^(.*)/[^/]*$") or "."
local athlete = arg[1] or "dee"
local soreness = arg[2] or here .. "/data/soreness.csv"
local training = arg[3] or here .. "/data/training.csv"
local day = arg[5] or "fri"

-- Heavy shrugs at a share of the deadlift 1RM: build for three weeks,
-- lighter in the fourth.
local WAVE = {0.60, 0.65, 0.70, 0.55}

--- The best estimated deadlift 1RM in the training log (Epley, sets of
-- at most 12 reps), and the date of the last deadlift session.
local function deadlift_1rm(path, who)
  local rows = assert(hinge.csv.read(path))
  local best, last
  for _, r in ipairs(rows) do
    local name = (r.exercise or r["Exercise Name"] or ""):lower()
    local kg = tonumber(r.load_kg or r.Weight)
    local reps = tonumber(r.reps or r.Reps)
    local who_ok = r.athlete == nil or r.athlete == who
    if who_ok and name:find("deadlift", 1, true) and kg and reps and reps >= 1 then
      local e = hinge.e1rm(kg, math.floor(reps))
      if e and (best == nil or e > best) then best = e end
      local date = (r.date or r.Date or ""):sub(1, 10)
      if last == nil or date > last then last = date end
    end
  end
  return best, last
end

--- The latest upper-back or trap soreness report of the athlete.
local function upper_back_soreness(path, who)
  local latest
  for _, r in ipairs(assert(hinge.csv.read(path))) do
    if r.athlete == who and (r.region == "upper_back" or r.region == "traps") then
      if latest == nil or r.date >= latest.date then latest = r end
    end
  end
  return latest
end

local one_rm, last_pull = deadlift_1rm(training, athlete)
if not one_rm then
  io.stderr:write("no deadlift sets for ", athlete, " in ", training, "\n")
  os.exit(1)
end
local result = assert(hinge.recovery.assess{soreness = soreness, training = training, athlete = athlete})
local status = result.athletes[1] or {verdict = "ready", findings = {}}
local weak_link = false
for _, f in ipairs(status.findings) do
  if f.rule == "weak_link_upper_back" then weak_link = true end
end
local sore = upper_back_soreness(soreness, athlete)

local start = arg[4] or hinge.date(hinge.day_number(result.on) + 1)
local plan = {}
for i, d in ipairs(program.schedule{start = start, weeks = #WAVE, days = {day}}) do
  local session = {
    exercise = "heavy shrug",
    sets = weak_link and 4 or 3,
    reps = 10,
    load = hinge.round_load(one_rm * WAVE[d.week], 2.5, "nearest"),
  }
  -- The first week follows today's verdict (a referral holds every week
  -- until the athlete has been assessed); a sore upper back (4/10 or more
  -- at the last report) also trims the first week's volume.
  local referral = status.verdict == "see_professional" or status.verdict == "urgent_care"
  local verdict = (i == 1 or referral) and status.verdict or "ready"
  if i == 1 and sore and tonumber(sore.severity) >= 4 and verdict == "ready" then verdict = "reduce" end
  local s, why = program.adjust(session, verdict)
  local row = {week = d.week, date = d.date, share = string.format("%.0f%%", WAVE[d.week] * 100)}
  if s then
    row.sets, row.reps, row.load_kg, row.note = s.sets, s.reps, s.load, s.note or ""
    local plates = {}
    for _, p in ipairs(hinge.plates(s.load)) do plates[#plates + 1] = string.format("%dx%g", p.count, p.plate) end
    row.plates = table.concat(plates, " + ")
  else
    row.note = why
  end
  plan[#plan + 1] = row
end

print(string.format("Heavy shrugs for %s: deadlift e1RM %.1f kg (last pulled %s), recovery %s%s",
  athlete, one_rm, last_pull or "?", status.verdict,
  weak_link and ", upper back is the weak link (4 sets)" or ""))
if sore then
  print(string.format("Last upper-back soreness: %s/10 (%s) on %s", sore.severity, sore.quality, sore.date))
end
print()
print(fmt.table(plan, {"week", "date", "share", "sets", "reps", {"load_kg", "kg"}, {"plates", "plates per side"}, "note"}))
