--- hinge.program: programming helpers for coaches.
--
--   local program = require "hinge.program"
--   local one_rm = program.e1rm(180, 3)                  -- Epley
--   local load = program.load_for(one_rm, 5, 8)          -- 5 reps at RPE 8, rounded
--   local weeks = program.linear{start = 140, step = 5, weeks = 4}
--   local day = program.adjust({exercise = "shrug", sets = 4, reps = 8, load = 150}, "reduce")
--
-- The numbers (e1RM, the RPE chart, rounding, plates) are computed in C
-- (hinge.e1rm, hinge.rpe_percent, hinge.round_load, hinge.plates); this
-- module arranges them into weeks, progressions and adjustments.
local hinge = require "hinge"

local M = {}

M.e1rm = hinge.e1rm
M.rpe_percent = hinge.rpe_percent
M.round_load = hinge.round_load
M.plates = hinge.plates

local function check(cond, level, fmt, ...)
  if not cond then error(string.format(fmt, ...), level + 1) end
end

--- Load for `reps` at `rpe` from a 1RM, rounded to the plates at hand.
-- opts.increment (2.5), opts.mode ("nearest" | "down" | "up").
-- Returns nil, message outside the RPE chart (reps 1-12, RPE 6.5-10).
function M.load_for(one_rm, reps, rpe, opts)
  opts = opts or {}
  local pct, err = hinge.rpe_percent(reps, rpe)
  if not pct then return nil, err end
  return hinge.round_load(one_rm * pct, opts.increment or 2.5, opts.mode or "nearest")
end

--- Calendar arithmetic on "YYYY-MM-DD" without time zones (in C, shared
-- with the log readers): day numbers count days since 1970-01-01.
M.day_number = hinge.day_number
M.date = hinge.date

local weekday_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
local weekday_index = {}
for i, n in ipairs(weekday_names) do weekday_index[n] = i end

--- Weekday of a date: "mon" ... "sun".
function M.weekday(date)
  local n = assert(M.day_number(date))
  return weekday_names[(n + 3) % 7 + 1] -- 1970-01-01 was a Thursday
end

--- Training days over `weeks` weeks from the week containing `start`:
-- schedule{start = "2026-03-02", weeks = 4, days = {"mon", "thu"}} ->
-- {{week = 1, day = "mon", date = "2026-03-02"}, ...}; days before
-- `start` in the first week are skipped.
function M.schedule(opts)
  check(type(opts) == "table", 2, "schedule: expected a table of options")
  local start = assert(M.day_number(opts.start))
  local weeks = opts.weeks or 4
  local days = opts.days or {"mon"}
  local monday = start - (start + 3) % 7
  local out = {}
  for w = 1, weeks do
    for _, name in ipairs(days) do
      local i = weekday_index[name]
      check(i, 2, "schedule: unknown day '%s' (use mon..sun)", tostring(name))
      local n = monday + (w - 1) * 7 + i - 1
      if n >= start then out[#out + 1] = {week = w, day = name, date = M.date(n)} end
    end
  end
  table.sort(out, function(a, b) return a.date < b.date end)
  return out
end

--- Linear progression: the load for each of `weeks` weeks, `step` added
-- each week, every `deload_every`-th week (if set) at `deload` of the
-- previous load.  Rounded to `increment` (2.5).
function M.linear(opts)
  check(type(opts) == "table", 2, "linear: expected a table of options")
  local load, step, out = opts.start, opts.step or 2.5, {}
  check(type(load) == "number", 2, "linear: 'start' must be a number")
  for w = 1, opts.weeks or 4 do
    if opts.deload_every and w % opts.deload_every == 0 then
      out[w] = hinge.round_load(load * (opts.deload or 0.9), opts.increment or 2.5)
    else
      out[w] = hinge.round_load(load, opts.increment or 2.5)
      load = load + step
    end
  end
  return out
end

--- Double progression: given the reps achieved in each set of the last
-- session at `load`, the next session's {load, reps}.  When every set
-- reached the top of `range` ({8, 12} when omitted), add `step` (2.5) and
-- go back to the bottom; otherwise keep the load and aim one rep higher
-- than the weakest set (within the range).  Rounded to `increment` (2.5).
function M.double_progression(opts)
  check(type(opts) == "table", 2, "double_progression: expected a table of options")
  local range = opts.range or {8, 12}
  local lo, hi = range[1], range[2]
  local achieved = opts.achieved
  check(type(opts.load) == "number", 2, "double_progression: 'load' must be a number")
  check(type(lo) == "number" and type(hi) == "number" and lo <= hi, 2,
        "double_progression: 'range' must be {low, high} reps")
  check(type(achieved) == "table" and #achieved > 0, 2, "double_progression: 'achieved' must list reps per set")
  local weakest = math.huge
  for _, r in ipairs(achieved) do
    check(type(r) == "number", 2, "double_progression: 'achieved' must hold numbers")
    weakest = math.min(weakest, r)
  end
  if weakest >= hi then
    return {load = hinge.round_load(opts.load + (opts.step or 2.5), opts.increment or 2.5), reps = lo}
  end
  return {load = opts.load, reps = math.max(lo, math.min(hi, weakest + 1))}
end

--- Wave loading: percentages of a 1RM repeated over the weeks, the wave
-- rising by `step` (a share of 1RM, 0 when omitted) each cycle; `pattern`
-- is {0.70, 0.75, 0.80} and `weeks` the pattern's length when omitted.
-- wave{one_rm = 200, pattern = {0.70, 0.75, 0.80}, weeks = 6, step = 0.025}
function M.wave(opts)
  check(type(opts) == "table", 2, "wave: expected a table of options")
  check(type(opts.one_rm) == "number", 2, "wave: 'one_rm' must be a number")
  local pattern = opts.pattern or {0.70, 0.75, 0.80}
  local out, n = {}, #pattern
  check(n > 0, 2, "wave: 'pattern' must not be empty")
  for w = 1, opts.weeks or n do
    local cycle = (w - 1) // n
    local pct = pattern[(w - 1) % n + 1] + cycle * (opts.step or 0)
    out[w] = hinge.round_load(opts.one_rm * pct, opts.increment or 2.5)
  end
  return out
end

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

--- A deload of a session: `volume` share of the sets (0.6) and
-- `intensity` share of the load (0.9), at least one set.
function M.deload(session, opts)
  opts = opts or {}
  local s = copy(session)
  s.sets = math.max(1, math.floor((session.sets or 1) * (opts.volume or 0.6) + 0.5))
  if session.load then
    s.load = hinge.round_load(session.load * (opts.intensity or 0.9), opts.increment or 2.5, "down")
  end
  s.note = "deload"
  return s
end

--- Adjust a planned session by a recovery verdict (hinge.recovery):
--   ready -> unchanged
--   unknown -> nil, reason: no recent soreness entry, so no plan is
--              confirmed; check in with the athlete and adjust by the
--              verdict that gives
--   reduce -> about a third fewer sets (volume), same load
--   rest -> no heavy work: at most `light` (0.6) of the load, half the sets
--   see_professional, urgent_care -> skipped (nil), with the reason
-- Returns the adjusted session (a copy) or nil, reason.
function M.adjust(session, verdict, opts)
  opts = opts or {}
  if verdict == nil or verdict == "ready" then return copy(session) end
  local s = copy(session)
  if verdict == "reduce" then
    s.sets = math.max(1, math.floor((session.sets or 1) * 2 / 3 + 0.5))
    s.note = "reduced volume (recovery: reduce)"
  elseif verdict == "rest" then
    s.sets = math.max(1, math.floor((session.sets or 1) / 2 + 0.5))
    if session.load then
      s.load = hinge.round_load(session.load * (opts.light or 0.6), opts.increment or 2.5, "down")
    end
    s.note = "light technique work only (recovery: rest)"
  elseif verdict == "see_professional" or verdict == "urgent_care" then
    return nil, "skipped: " .. verdict:gsub("_", " ") .. " before loading this again"
  elseif verdict == "unknown" then
    return nil, "not confirmed: no recent soreness entry (recovery: unknown); check in with " ..
      "the athlete, log how they feel, and adjust by that verdict"
  else
    error("adjust: unknown verdict '" .. tostring(verdict) .. "'", 2)
  end
  return s
end

return M
