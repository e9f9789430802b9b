-- custom_rule.lua: a coach's own recovery rule running beside the built-in
-- ones.  This coach does not want anyone deadlifting heavy two days in a
-- row, nor with less than 7 h of sleep on the night before a heavy pull.
--
--   hinge run examples/custom_rule.lua [SORENESS.csv TRAINING.csv [ON]]
local hinge = require "hinge"
local fmt = require "hinge.fmt"

local here = arg[0]:match("^(.*)/[^/]*$") or "."
local soreness = arg[1] or here .. "/data/soreness.csv"
local training = arg[2] or here .. "/data/training.csv"

hinge.recovery.add_rule{
  id = "back_to_back_pulls",
  verdict = "reduce",
  source = "coach's policy: 48 h between heavy pulls",
  suggestion = "Swap today's deadlift for light technique pulls or RDLs at RPE 6.",
  check = function(ctx)
    -- ctx.training holds the athlete's training rows up to ctx.on.
    local pulls = {}
    for _, t in ipairs(ctx.training) do
      if t.exercise:lower():find("deadlift", 1, true) and (tonumber(t.rpe) or 0) >= 8 then
        pulls[hinge.day_number(t.date)] = true
      end
    end
    local today = hinge.day_number(ctx.on)
    if pulls[today - 1] then
      return "Heavy deadlift yesterday: give the back 48 h before the next heavy pull."
    end
  end,
}

hinge.recovery.add_rule{
  id = "short_sleep_before_heavy",
  verdict = "reduce",
  check = function(ctx)
    local last
    for _, s in ipairs(ctx.soreness) do
      if s.sleep_h and (last == nil or s.date > last.date) then last = s end
    end
    if last and tonumber(last.sleep_h) < 7 then
      return {message = string.format("Slept %s h before %s: keep the top sets at RPE 7.", last.sleep_h, ctx.on),
              suggestion = "Cap effort at RPE 7 today."}
    end
  end,
}

local result = assert(hinge.recovery.assess{soreness = soreness, training = training, on = arg[3]})
local rows = {}
for _, a in ipairs(result.athletes) do
  local mine = {}
  for _, f in ipairs(a.findings) do
    if f.rule == "back_to_back_pulls" or f.rule == "short_sleep_before_heavy" then mine[#mine + 1] = f.rule end
  end
  rows[#rows + 1] = {athlete = a.athlete, verdict = a.verdict,
                     coach = #mine > 0 and table.concat(mine, ", ") or "-"}
end
print("Recovery on " .. result.on .. " with the coach's rules")
print(fmt.table(rows, {"athlete", "verdict", {"coach", "coach's rules that fired"}}))
