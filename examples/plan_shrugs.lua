-- plan_shrugs.lua: the weekly heavy-shrug program (weekly_shrugs.lua) as a
-- `hinge plan` script on the hinge.plan helpers: one heavy shrug day a
-- week for an athlete whose upper back or traps are sore after most
-- deadlift sessions (the weak link), progressing while that soreness
-- falls and backing off while it rises; the load from the deadlift e1RM
-- in the training log (hinge's log or a Strong export) on a 4-week wave;
-- the recovery verdict shapes the week.
--
--   hinge plan examples/plan_shrugs.lua --sessions examples/data \
--     --soreness examples/data/soreness.csv --training examples/data/training.csv \
--     --week 2026-03-02
local hinge = require "hinge"
local plan = require "hinge.plan"

local WAVE = {0.60, 0.65, 0.70, 0.55} -- share of the deadlift e1RM, week by week
local WAVE_START = "2026-02-02"       -- the Monday the wave started

return function(athlete, week)
  local n = (hinge.day_number(week.week) - hinge.day_number(WAVE_START)) // 7 % #WAVE + 1
  local row, why = plan.weak_link(athlete, {share = WAVE[n], sets = 4, reps = 10, day = "fri"})
  if not row then
    -- no weak link: three sets at the wave's share, when there is a deadlift to take it from
    local e1rm, ewhy = plan.e1rm(athlete.training, {on = athlete.on})
    if not e1rm then return {} end
    row = {exercise = "heavy shrug", day = "fri", sets = 3, reps = 10, heavy = true,
           load_kg = hinge.round_load(e1rm * WAVE[n], 2.5)}
    plan.because(row, why)
    plan.because(row, string.format("wave week %d: %d%% of the %s", n, math.floor(WAVE[n] * 100 + 0.5), ewhy))
  end
  return plan.recovery({row}, athlete.recovery)
end
