-- plan_block.lua: a 6-week deadlift block that autoregulates from the
-- measured sets.  Each week, run on the sessions recorded so far:
--   - the top set's load is the week's share of the deadlift e1RM (from
--     the training log), allowed only after a clean week: lumbar rounding
--     on last week's top set, or rounding rising across it, holds (or
--     lowers) the top set at last week's load and adds technique sets;
--   - a set whose pulls slowed by 20% ends that much earlier next time;
--   - upper-back or trap soreness after most deadlift sessions adds a
--     heavy shrug day;
--   - the recovery verdict shapes the week (nothing heavy without one).
--
--   hinge plan examples/plan_block.lua --sessions examples/data \
--     --soreness examples/data/soreness.csv --training examples/data/training.csv \
--     --week 2026-03-09
local hinge = require "hinge"
local plan = require "hinge.plan"

local BLOCK_START = "2026-03-02" -- the block's first Monday
local WEEKS = {
  {reps = 5, share = 0.75}, {reps = 5, share = 0.80}, {reps = 3, share = 0.85},
  {reps = 5, share = 0.70},        -- deload
  {reps = 3, share = 0.875}, {reps = 2, share = 0.90},
}
local BACK_OFF = {sets = 3, share = 0.9} -- back-off sets after the top set

return function(athlete, week)
  local n = (hinge.day_number(week.week) - hinge.day_number(BLOCK_START)) // 7 + 1
  local w = WEEKS[n]
  if not w then return {} end -- outside the block
  local e1rm, ewhy = plan.e1rm(athlete.training, {on = athlete.on})
  if not e1rm then
    return {{exercise = "deadlift", day = "mon", notes = "no load: log a deadlift session", why = ewhy}}
  end
  local target = hinge.round_load(e1rm * w.share, 2.5)
  local last = plan.last_load(athlete.training, {on = athlete.on}) or target
  local decision = plan.technique(athlete.week_sessions)
  local rows = plan.top_set({exercise = "deadlift", day = "mon", sets = 1, reps = w.reps, load_kg = last},
                            decision, {target_kg = target})
  plan.because(rows[1], string.format("block week %d of %d: %d reps at %d%% of the %s", n, #WEEKS, w.reps,
                                      math.floor(w.share * 100 + 0.5), ewhy))
  local top = rows[1].load_kg
  local back = {exercise = "deadlift back-off", day = "mon", sets = BACK_OFF.sets, reps = w.reps,
                load_kg = hinge.round_load(top * BACK_OFF.share, 2.5, "down"), heavy = true}
  plan.because(back, string.format("%d%% of the top set", BACK_OFF.share * 100))
  table.insert(rows, 2, back)
  plan.cap_reps(rows, plan.fatigue(athlete.week_sessions))
  local shrugs = plan.weak_link(athlete)
  if shrugs then rows[#rows + 1] = shrugs end
  return plan.recovery(rows, athlete.recovery)
end
