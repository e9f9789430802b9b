-- hinge.recovery: a coach's rule reads the athlete's rows from the core's
-- view, sorted by day, as the built-in rules do -- whatever the file order.
local hinge = require "hinge"
local rec = hinge.recovery

-- the same week written out of order
local function shuffled_rows()
  return {
    soreness = {
      {date = "2026-03-05", athlete = "ana", region = "lower back", severity = 2, quality = "dull"},
      {date = "2026-03-03", athlete = "ana", region = "lower back", severity = 5, quality = "dull"},
      {date = "2026-03-04", athlete = "ana", region = "lower back", severity = 4, quality = "dull"},
      {date = "2026-03-02", athlete = "bo", region = "legs", severity = 3, quality = "dull"},
    },
    training = {
      {date = "2026-03-04", athlete = "ana", exercise = "Row", sets = 3, reps = 8,
       load_kg = 60, rpe = 7, duration_min = 30},
      {date = "2026-03-01", athlete = "ana", exercise = "Deadlift", sets = 5, reps = 3,
       load_kg = 140, rpe = 8, duration_min = 45},
      {date = "2026-03-02", athlete = "ana", exercise = "Squat", sets = 5, reps = 5,
       load_kg = 100, rpe = 7, duration_min = 40},
    },
  }
end

local function dates(rows)
  local t = {}
  for i, r in ipairs(rows) do t[i] = r.date end
  return t
end

local seen
local function capture(ctx)
  if ctx.athlete == "ana" then seen = ctx end
end

return {
  {"a coach's rule should see an athlete's rows sorted by day", function()
    rec.add_rule{id = "capture", check = capture}
    local r = assert(rec.assess(shuffled_rows()))
    rec.remove_rule("capture")
    assert(r and seen, "the rule ran for ana")
    T.eq(dates(seen.soreness), {"2026-03-03", "2026-03-04", "2026-03-05"})
    T.eq(dates(seen.training), {"2026-03-01", "2026-03-02", "2026-03-04"})
    T.eq(seen.soreness[1].severity, 5)
    T.eq(seen.training[3].exercise, "Row")
  end},
  {"the rows a coach's rule sees should match the built-in rules' episode", function()
    rec.add_rule{id = "capture", check = capture}
    local r = assert(rec.assess(shuffled_rows()))
    rec.remove_rule("capture")
    local ep = r.athletes[1].episodes[1]
    local first, last = seen.soreness[1], seen.soreness[#seen.soreness]
    -- the core built the episode from the same sorted rows
    T.eq(ep.onset, first.date)
    T.eq(ep.latest_date, last.date)
    T.eq(ep.latest, last.severity)
    T.eq(ep.peak, first.severity)
  end},
}
