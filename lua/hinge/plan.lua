--- hinge.plan: next week's training from what was measured (docs/plan.md).
--
--   local plan = require "hinge.plan"
--   local d = plan.technique(athlete.week_sessions)   -- rounding on the top set
--   local f = plan.fatigue(athlete.week_sessions)     -- pulls slowing across a set
--   local s = plan.weak_link(athlete)                 -- heavy shrugs while the upper back is sore
--   local one_rm, why = plan.e1rm(athlete.training)   -- loads from the training log
--   rows = plan.recovery(rows, athlete.recovery)       -- the verdict shapes the week
--
-- Every rule reads numbers the C core computed (hinge.analyze's sets and
-- reps, hinge.recovery.assess's verdicts and the training and soreness
-- rows its readers normalised, hinge.e1rm); nothing here looks at a
-- sample.  Each threshold is an option whose default is in plan.defaults,
-- and each decision comes with a "why" naming the measurement.
--
-- plan.run(opts) is the driver of `hinge plan` (src/cli/cmd_plan.c): it
-- analyses the sessions, assesses recovery, reads the logs, runs the
-- coach's script per athlete and returns the week's rows.
local hinge = require "hinge"
local program = require "hinge.program"

local M = {}
local fmt = string.format

M.defaults = {
  technique = {
    lumbar_deg = 5,      -- rounding on the top set that holds the load (the analysis's stop flag)
    lower_deg = 10,      -- rounding that lowers it instead
    lower_pct = 5,       -- ... by this share of the load
    drift_deg = 3,       -- rounding rise across a set (slope x (reps - 1)) that holds the load
    technique_sets = 2,  -- technique sets added when held or lowered
    technique_reps = 3,
    technique_share = 0.6, -- of the top set's load
    step_kg = 5,         -- the planned step after a clean week
    increment = 2.5,
    no_data = "hold",    -- no set analysed in the week: "hold" or "step"
  },
  fatigue = {
    loss_pct = 20,       -- pull-duration rise over the set's first rep that ends the set
    min_reps = 1,
  },
  weak_link = {
    regions = {upper_back = true, traps = true},
    min_severity = 2,    -- a soreness report this high counts
    within_days = 2,     -- ... on the day of a deadlift session or this many days after
    most = 0.5,          -- sore after more than this share of the sessions
    min_sessions = 2,
    step_kg = 5,         -- soreness falling: the shrug load rises by this
    backoff_pct = 10,    -- soreness rising: it falls by this share
    trend_points = 1,    -- a change of at least this many points is a trend
    share = 0.6,         -- first shrug load: share of the deadlift e1RM
    sets = 4, reps = 10, day = "fri",
    exercise = "heavy shrug",
    increment = 2.5,
  },
  recovery = {light = 0.6},
  e1rm = {exercise = "deadlift", exclude = {"romanian", "rdl", "stiff"}, days = 42, formula = "epley"},
}

local function options(rule, opts)
  local o = {}
  for k, v in pairs(M.defaults[rule]) do o[k] = v end
  for k, v in pairs(opts or {}) do
    if M.defaults[rule][k] == nil then error(fmt("%s: unknown option '%s'", rule, tostring(k)), 3) end
    if type(v) ~= type(M.defaults[rule][k]) then
      error(fmt("%s: option '%s' must be a %s", rule, k, type(M.defaults[rule][k])), 3)
    end
    o[k] = v
  end
  return o
end

local function num(x) return fmt("%.1f", x) end
local function kg(x) return (fmt("%.2f", x):gsub("0+$", ""):gsub("%.$", "")) .. " kg" end
M.kg = kg

--- Append a reason to a row's why (a list of strings).
function M.because(row, why)
  if why == nil or why == "" then return row end
  if type(row.why) ~= "table" then row.why = row.why and {row.why} or {} end
  row.why[#row.why + 1] = why
  return row
end

-- The last set of each analysed session (its top set), with the session.
local function top_sets(sessions)
  local out = {}
  for _, r in ipairs(sessions or {}) do
    local sets = r.sets or {}
    if #sets > 0 then out[#out + 1] = {result = r, set = sets[#sets]} end
  end
  return out
end

local function set_reps(r, s)
  local out = {}
  for _, rep in ipairs(r.reps or {}) do
    if rep.set == s.set then out[#out + 1] = rep end
  end
  return out
end

local function where(r, s, rep)
  return fmt("set %s%s%s", fmt("%g", s.set or 0), rep and (" rep " .. rep.rep) or "",
             r.date and (" on " .. r.date) or "")
end

--- Technique: the top set of each session (its last set).  Lumbar
-- rounding >= lumbar_deg on a rep holds the next top set, >= lower_deg
-- lowers it by lower_pct; rounding rising across the set by drift_deg or
-- more (the C result's slope x (reps - 1)) holds it; a rep whose lumbar
-- rounding was not assessed holds it too.  Otherwise the week is clean
-- and the planned step is allowed.  Returns {action = "step" | "hold" |
-- "lower", measure = "...", rounding_deg, set, rep, date, technique}.
function M.technique(sessions, opts)
  local o = options("technique", opts)
  local worst, drift, unassessed, n = nil, nil, nil, 0
  for _, t in ipairs(top_sets(sessions)) do
    n = n + 1
    for _, rep in ipairs(set_reps(t.result, t.set)) do
      local l = rep.lumbar
      if l and l.assessed and l.rounding_deg then
        if not worst or l.rounding_deg > worst.deg then worst = {deg = l.rounding_deg, t = t, rep = rep} end
      elseif not unassessed then
        unassessed = {t = t, rep = rep}
      end
    end
    local slope = t.set.rounding_drift_deg_per_rep and t.set.rounding_drift_deg_per_rep.lumbar
    if slope and t.set.reps and t.set.reps >= 2 then
      local rise = slope * (t.set.reps - 1)
      if not drift or rise > drift.rise then drift = {rise = rise, slope = slope, t = t} end
    end
  end
  local d = {action = "step", lower_pct = o.lower_pct}
  if o.no_data ~= "hold" and o.no_data ~= "step" then error("technique: no_data must be 'hold' or 'step'", 2) end
  if n == 0 then
    d.action, d.measure = o.no_data, "no analysed deadlift set this week"
  elseif worst and worst.deg >= o.lower_deg then
    d.action = "lower"
    d.measure = fmt("lumbar rounding %s deg on %s (threshold %s)", num(worst.deg),
                    where(worst.t.result, worst.t.set, worst.rep), num(o.lower_deg))
  elseif worst and worst.deg >= o.lumbar_deg then
    d.action = "hold"
    d.measure = fmt("lumbar rounding %s deg on %s (threshold %s)", num(worst.deg),
                    where(worst.t.result, worst.t.set, worst.rep), num(o.lumbar_deg))
  elseif drift and drift.rise >= o.drift_deg then
    d.action = "hold"
    d.measure = fmt("lumbar rounding rising %s deg across %s (%s deg/rep; threshold %s)",
                    num(drift.rise), where(drift.t.result, drift.t.set), fmt("%+.2f", drift.slope),
                    num(o.drift_deg))
  elseif unassessed then
    d.action = "hold"
    d.measure = fmt("lumbar rounding not assessed on %s", where(unassessed.t.result, unassessed.t.set,
                                                                 unassessed.rep))
  else
    d.measure = fmt("top sets clean (lumbar rounding at most %s deg, threshold %s)",
                    worst and num(worst.deg) or "?", num(o.lumbar_deg))
  end
  if worst then d.rounding_deg, d.set, d.rep, d.date = worst.deg, worst.t.set.set, worst.rep.rep, worst.t.result.date end
  if d.action ~= "step" then d.technique = {sets = o.technique_sets, reps = o.technique_reps, share = o.technique_share} end
  d.options = o
  return d
end

--- The next top set from last week's load and a technique decision:
-- rows {top set, technique sets when held or lowered}, each with its why.
-- top = {exercise = "deadlift", sets = 1, reps = 5, load_kg = LAST} and
-- opts.step_kg (the planned step, default 5) or opts.target_kg.
function M.top_set(top, decision, opts)
  local o = options("technique", opts and {step_kg = opts.step_kg, increment = opts.increment})
  local last = assert(tonumber(top.load_kg), "top_set: top.load_kg (last week's load) is required")
  local row = {}
  for k, v in pairs(top) do row[k] = v end
  row.why = nil
  row.heavy = true
  if decision.action == "step" then
    row.load_kg = (opts and opts.target_kg) or hinge.round_load(last + o.step_kg, o.increment)
    M.because(row, fmt("%s: %s", decision.measure, (opts and opts.target_kg)
                       and ("planned top set " .. kg(row.load_kg)) or ("top set steps to " .. kg(row.load_kg))))
    return {row}
  end
  if decision.action == "lower" then
    row.load_kg = hinge.round_load(last * (1 - decision.lower_pct / 100), o.increment, "down")
    M.because(row, fmt("%s: top set lowered %s%% to %s", decision.measure, num(decision.lower_pct), kg(row.load_kg)))
  else
    row.load_kg = last
    M.because(row, fmt("%s: top set held at %s", decision.measure, kg(last)))
  end
  local t = decision.technique
  local tech = {exercise = (top.exercise or "deadlift") .. " (technique)", sets = t.sets, reps = t.reps,
                load_kg = hinge.round_load(row.load_kg * t.share, o.increment, "down"),
                notes = "slow eccentric, pause below the knee", day = top.day, date = top.date}
  M.because(tech, fmt("%s: %d technique sets of %d added at %d%%", decision.measure, t.sets, t.reps,
                      math.floor(t.share * 100 + 0.5)))
  return {row, tech}
end

--- Fatigue: in each set, the first rep whose pull duration (liftoff to
-- lockout, from the C result) is loss_pct or more above the set's first
-- rep's ends the set next time one rep earlier (at least min_reps).
-- Returns {reps = cap or nil, measure, loss_pct, set, rep, date}; reps is
-- nil when no set slowed that much.
function M.fatigue(sessions, opts)
  local o = options("fatigue", opts)
  local best
  for _, r in ipairs(sessions or {}) do
    for _, s in ipairs(r.sets or {}) do
      local reps = set_reps(r, s)
      local first = reps[1] and reps[1].pull_duration_s
      for k = 2, #reps do
        local d = reps[k].pull_duration_s
        if first and first > 0 and d then
          local pct = (d - first) / first * 100
          if pct >= o.loss_pct then
            local cap = math.max(o.min_reps, k - 1)
            if not best or cap < best.reps then
              best = {reps = cap, pct = pct, first = first, d = d, r = r, s = s, rep = reps[k]}
            end
            break
          end
        end
      end
    end
  end
  if not best then
    return {measure = fmt("no pull slowed %s%% within a set", num(o.loss_pct)), loss_pct = o.loss_pct}
  end
  return {reps = best.reps, loss_pct = o.loss_pct, set = best.s.set, rep = best.rep.rep, date = best.r.date,
          increase_pct = best.pct,
          measure = fmt("pull duration +%s%% by %s (%.2f -> %.2f s, limit %s%%)", num(best.pct),
                        where(best.r, best.s, best.rep), best.first, best.d, num(o.loss_pct))}
end

--- Apply a fatigue decision to rows (those with reps above the cap).
function M.cap_reps(rows, f)
  if not f.reps then return rows end
  for _, row in ipairs(rows) do
    if row.reps and row.reps > f.reps and row.sets then
      M.because(row, fmt("%s: sets end at %d reps", f.measure, f.reps))
      row.reps = f.reps
    end
  end
  return rows
end

local function is_exercise(name, o)
  name = (name or ""):lower()
  if not name:find(o.exercise, 1, true) then return false end
  for _, x in ipairs(o.exclude or {}) do if name:find(x, 1, true) then return false end end
  return true
end

--- The best e1RM of an exercise in training rows (the C readers' rows:
-- hinge's log or a Strong export) within opts.days before opts.on (the
-- latest row's date when omitted): each row's load and reps (1-12)
-- through hinge.e1rm.  Returns e1rm, why, row; or nil, why.
function M.e1rm(rows, opts)
  opts = opts or {}
  local on = opts.on
  local o = options("e1rm", {exercise = opts.exercise, exclude = opts.exclude, days = opts.days,
                             formula = opts.formula})
  if not on then
    for _, r in ipairs(rows or {}) do if r.date and (not on or r.date > on) then on = r.date end end
  end
  local best
  local last = on and hinge.day_number(on)
  for _, r in ipairs(rows or {}) do
    local d = r.date and hinge.day_number(r.date)
    local reps, load = tonumber(r.reps), tonumber(r.load_kg)
    if d and last and d <= last and last - d < o.days and is_exercise(r.exercise, o) and reps and load
       and load > 0 and reps >= 1 and reps <= 12 then
      local e = hinge.e1rm(load, math.floor(reps), o.formula)
      if e and (not best or e > best.e or (e == best.e and r.date > best.r.date)) then
        best = {e = e, r = r, reps = math.floor(reps), load = load}
      end
    end
  end
  if not best then
    return nil, fmt("no %s set in the training log in the %d days to %s", o.exercise, o.days, on or "?")
  end
  return best.e, fmt("e1RM %s from %s x %d on %s", kg(best.e), kg(best.load), best.reps, best.r.date), best.r
end

--- The heaviest load of an exercise in the training rows up to opts.on,
-- and its date.
function M.last_load(rows, opts)
  opts = opts or {}
  local o = options("e1rm", {exercise = opts.exercise, exclude = opts.exclude})
  local best
  for _, r in ipairs(rows or {}) do
    local load = tonumber(r.load_kg)
    if load and r.date and (not opts.on or r.date <= opts.on) and is_exercise(r.exercise, o) then
      if not best or r.date > best.date or (r.date == best.date and load > best.load) then
        best = {load = load, date = r.date}
      end
    end
  end
  if best then return best.load, best.date end
end

--- The weak link: upper-back or trap soreness (severity >= min_severity,
-- on the day of a deadlift session or within_days after) after more than
-- `most` of the athlete's deadlift sessions keeps one heavy shrug day a
-- week.  The shrug load is the last one in the training log (else share
-- of the deadlift e1RM), plus step_kg while the latest soreness report
-- is trend_points lower than the one before, less backoff_pct while it is
-- that much higher, held otherwise.  a = {soreness, training, sessions}
-- (the driver's athlete).  Returns a row, or nil and the why.
function M.weak_link(a, opts)
  local o = options("weak_link", opts)
  local days, seen = {}, {}
  local function add(date) if date and not seen[date] then seen[date] = true; days[#days + 1] = date end end
  for _, r in ipairs(a.sessions or {}) do add(r.date) end
  local dl = {exercise = "deadlift", exclude = M.defaults.e1rm.exclude}
  for _, r in ipairs(a.training or {}) do if is_exercise(r.exercise, dl) then add(r.date) end end
  table.sort(days)
  local reports = {}
  for _, s in ipairs(a.soreness or {}) do
    if o.regions[s.region] and tonumber(s.severity) then reports[#reports + 1] = s end
  end
  local sore = 0
  for _, d in ipairs(days) do
    local n = hinge.day_number(d)
    for _, s in ipairs(reports) do
      local k = hinge.day_number(s.date) - n
      if k >= 0 and k <= o.within_days and tonumber(s.severity) >= o.min_severity then sore = sore + 1; break end
    end
  end
  local measure = fmt("upper-back/trap soreness after %d of %d deadlift sessions", sore, #days)
  if #days < o.min_sessions or sore <= o.most * #days then
    return nil, measure .. fmt(" (needs more than %d%%): no shrug day", math.floor(o.most * 100 + 0.5))
  end
  local load, why = M.last_load(a.training, {exercise = "shrug", exclude = {}})
  if load then
    why = fmt("last shrugs %s", kg(load))
  else
    local e, ewhy = M.e1rm(a.training, {on = a.on})
    if not e then return nil, measure .. ": a shrug day, but " .. ewhy end
    load = hinge.round_load(e * o.share, o.increment)
    why = fmt("%d%% of the %s", math.floor(o.share * 100 + 0.5), ewhy)
  end
  table.sort(reports, function(x, y) return x.date < y.date end)
  local n = #reports
  local trend = "steady"
  local latest, before = reports[n], reports[n - 1]
  if latest and before then
    local diff = tonumber(latest.severity) - tonumber(before.severity)
    if diff <= -o.trend_points then trend = "falling" elseif diff >= o.trend_points then trend = "rising" end
  end
  local change
  if trend == "falling" then
    load = hinge.round_load(load + o.step_kg, o.increment)
    change = "progressing to " .. kg(load)
  elseif trend == "rising" then
    load = hinge.round_load(load * (1 - o.backoff_pct / 100), o.increment, "down")
    change = fmt("backing off %s%% to %s", num(o.backoff_pct), kg(load))
  else
    change = "held at " .. kg(load)
  end
  local sev = latest and (before and fmt("%s/10 on %s after %s/10 on %s", num(latest.severity), latest.date,
                                          num(before.severity), before.date)
                                  or fmt("%s/10 on %s", num(latest.severity), latest.date))
  local row = {exercise = o.exercise, day = o.day, sets = o.sets, reps = o.reps, load_kg = load, heavy = true}
  M.because(row, fmt("%s (more than %d%%): one heavy shrug day (%s)", measure, math.floor(o.most * 100 + 0.5), why))
  M.because(row, fmt("soreness %s (%s): %s", trend, sev or "no report", change))
  return row
end

local function finding_text(status)
  local f = status and status.findings and status.findings[1]
  if f and f.message then return fmt("%s: %s", f.rule or "finding", f.message) end
end

--- Recovery: the athlete's verdict (hinge.recovery.assess's athlete
-- result, or a verdict word) shapes the rows.  ready: unchanged; reduce
-- and rest: as program.adjust (two thirds of the sets; half the sets at
-- opts.light, 60%, of the load); see_professional: every row skipped;
-- urgent_care: nothing planned; unknown: the heavy rows (row.heavy) not
-- planned, the light ones kept.  A row not planned keeps its exercise and
-- date with sets, reps and load empty and the reason in notes and why.
function M.recovery(rows, status, opts)
  local o = options("recovery", opts)
  if type(status) == "string" then status = {verdict = status} end
  local verdict = status and status.verdict or "unknown"
  local cause = finding_text(status)
  local label = "recovery " .. verdict .. (cause and (" (" .. cause .. ")") or "")
  local out = {}
  for _, row in ipairs(rows) do
    local r = {}
    for k, v in pairs(row) do r[k] = v end
    if type(row.why) == "table" then r.why = {table.unpack(row.why)} end
    local function drop(note)
      r.sets, r.reps, r.load_kg, r.notes = nil, nil, nil, note
    end
    if verdict == "ready" or not r.sets then -- nothing to change
    elseif verdict == "reduce" or verdict == "rest" then
      local s = program.adjust({sets = r.sets, reps = r.reps, load = r.load_kg}, verdict, {light = o.light})
      local before = fmt("%d sets%s", r.sets, r.load_kg and (" at " .. kg(r.load_kg)) or "")
      r.sets, r.load_kg = s.sets, s.load
      r.notes = r.notes and (r.notes .. "; " .. s.note) or s.note
      M.because(r, fmt("%s: %s -> %d sets%s", label, before, r.sets, r.load_kg and (" at " .. kg(r.load_kg)) or ""))
    elseif verdict == "see_professional" then
      drop("skipped: see a professional before loading this again")
      M.because(r, label .. ": skipped until assessed")
    elseif verdict == "urgent_care" then
      drop("not planned: urgent care first")
      M.because(r, label .. ": nothing planned")
    elseif verdict == "unknown" then
      if r.heavy then
        drop("not confirmed: check in with the athlete")
        M.because(r, label .. ": nothing heavy planned")
      end
    else
      error("recovery: unknown verdict '" .. tostring(verdict) .. "'", 2)
    end
    out[#out + 1] = r
  end
  return out
end

-- ---- the driver of `hinge plan` -------------------------------------------

local weekdays = {mon = 0, tue = 1, wed = 2, thu = 3, fri = 4, sat = 5, sun = 6}

--- The Monday of the week holding date.
function M.monday(date)
  local n = assert(hinge.day_number(date))
  return hinge.date(n - (n + 3) % 7)
end

local function warn(opts, msg)
  opts.warnings[#opts.warnings + 1] = msg
  if not opts.quiet then io.stderr:write("hinge plan: ", msg, "\n") end
end

local function by_date(x, y)
  if (x.date or "") ~= (y.date or "") then return (x.date or "") < (y.date or "") end
  return (x.file or "") < (y.file or "")
end

-- The sessions: every session of the folder, found as `hinge analyze`
-- finds them (hinge.session_files: sub-folders, every format hinge
-- reads), analysed in C, those dated before the week kept.
local function analyse(opts, week)
  local out = {}
  if not opts.sessions then return out end
  local ok, err = hinge.files(opts.sessions) -- a folder that can be read, or its error
  if not ok then return nil, err end
  local entries
  entries, err = hinge.session_files(opts.sessions)
  if not entries then return nil, err end
  local function norm(p) return p and (p:gsub("/+", "/"):gsub("^%./", "")) end
  local logs = {[norm(opts.soreness) or 1] = true, [norm(opts.training) or 2] = true}
  for _, e in ipairs(entries) do
    local f, r, why = e.path
    if e.error then r, why = nil, f .. ": " .. e.error
    elseif logs[norm(f)] then r, why = false, nil else r, why = hinge.analyze(f) end
    if r == false then -- a log kept beside the sessions
    elseif not r then
      warn(opts, "not analysed: " .. why)
      opts.bad = opts.bad + 1
    elseif not r.date or not r.athlete then
      warn(opts, f .. ": no athlete or date (name the file DATE_ATHLETE_*.csv): skipped")
    elseif not week or r.date < week then
      out[#out + 1] = r
    end
  end
  table.sort(out, by_date)
  return out
end

-- The week after the latest session; without one, the week after today
-- (said in a warning: old logs would plan from stale data).
local function default_week(opts, sessions)
  local latest
  for _, r in ipairs(sessions) do if not latest or r.date > latest then latest = r.date end end
  if not latest then
    latest = os.date("!%Y-%m-%d")
    warn(opts, fmt("no analysed session dates the plan: planning the week after today (%s); "
      .. "give --week YYYY-MM-DD to plan from older logs", latest))
  end
  return hinge.date(hinge.day_number(M.monday(latest)) + 7)
end

-- Recovery and the logs' rows per athlete, from the C assessment (the rows
-- as its rules see them: sorted by day, Strong exports normalised).
local function assess(opts, on, results)
  if not opts.soreness and not opts.training then return {}, {} end
  local rows = {}
  local id = "hinge_plan_rows"
  hinge.recovery.add_rule{id = id, check = function(c)
    rows[c.athlete] = {soreness = c.soreness, training = c.training}
  end}
  local ok, r, err = pcall(hinge.recovery.assess, {soreness = opts.soreness, training = opts.training,
                                                   analysis = #results > 0 and results or nil,
                                                   on = on, today = on, athlete = opts.athlete})
  hinge.recovery.remove_rule(id)
  if not ok then return nil, r end
  if not r then return nil, err end
  local status = {}
  for _, a in ipairs(r.athletes) do status[a.athlete] = a end
  for _, w in ipairs(r.warnings or {}) do warn(opts, w) end
  return status, rows
end

-- The coach's script: its print goes to stderr (standard output may be
-- the plan itself).
local function load_script(path)
  local env = setmetatable({print = function(...)
    local t = table.pack(...)
    for i = 1, t.n do t[i] = tostring(t[i]) end
    io.stderr:write(table.concat(t, "\t", 1, t.n), "\n")
  end}, {__index = _G})
  local chunk, err = loadfile(path, "t", env)
  if not chunk then return nil, err end
  local ok, s = pcall(chunk)
  if not ok then return nil, s end
  if type(s) == "function" then return {plan = s} end
  if type(s) == "table" and type(s.plan) == "function" then return s end
  return nil, path .. ": the script must return a function(athlete, week) or a table with plan"
end

local function check_row(row, name, i)
  local function bad(msg) error(fmt("%s: row %d of athlete '%s': %s", name, i, tostring(row.athlete), msg), 0) end
  if type(row) ~= "table" then bad("not a table") end
  if type(row.exercise) ~= "string" or row.exercise == "" then bad("'exercise' must be a text") end
  for _, k in ipairs({"sets", "reps", "load_kg"}) do
    if row[k] ~= nil and (type(row[k]) ~= "number" or not (row[k] >= 0 and row[k] < math.huge)) then
      bad(fmt("'%s' must be a finite number >= 0", k))
    end
  end
  for _, k in ipairs({"date", "day", "notes"}) do
    if row[k] ~= nil and type(row[k]) ~= "string" then bad(fmt("'%s' must be a text", k)) end
  end
  if type(row.why) == "string" then row.why = {row.why} end
  if row.why ~= nil and type(row.why) ~= "table" then bad("'why' must be a text or a list of texts") end
end

--- Run a coach's script for the week.  opts = {script, sessions, soreness,
-- training, week, athlete, quiet}.  Returns {week, on, rows, warnings,
-- bad} (rows sorted by athlete, date and the script's order), or nil and
-- a message.
function M.run(opts)
  opts.warnings, opts.bad = {}, 0
  local week = opts.week and M.monday(opts.week)
  local sessions, err = analyse(opts, week)
  if not sessions then return nil, err end
  week = week or default_week(opts, sessions)
  local on = hinge.date(hinge.day_number(week) - 1)
  local status, rows = assess(opts, on, sessions)
  if not status then return nil, rows end
  local script
  script, err = load_script(opts.script)
  if not script then return nil, err end
  local names, by = {}, {}
  local function athlete(name)
    local key = name:lower()
    if not by[key] then
      by[key] = {name = name, sessions = {}, week_sessions = {}, soreness = {}, training = {}, on = on}
      names[#names + 1] = by[key]
    end
    return by[key]
  end
  local first = hinge.day_number(week) - 7
  for _, r in ipairs(sessions) do
    if not opts.athlete or r.athlete:lower() == opts.athlete:lower() then
      local a = athlete(r.athlete)
      a.sessions[#a.sessions + 1] = r
      if hinge.day_number(r.date) >= first then a.week_sessions[#a.week_sessions + 1] = r end
    end
  end
  for name, st in pairs(status) do
    local a = athlete(name)
    a.recovery = st
    a.soreness, a.training = rows[name] and rows[name].soreness or {}, rows[name] and rows[name].training or {}
  end
  table.sort(names, function(x, y) return x.name < y.name end)
  local ctx = {week = week, on = on, days = {}}
  for d, k in pairs(weekdays) do ctx.days[d] = hinge.date(hinge.day_number(week) + k) end
  local out = {}
  for _, a in ipairs(names) do
    a.recovery = a.recovery or {verdict = "unknown", findings = {{rule = "no_logs",
      message = "no soreness log was given: readiness is not known"}}}
    a.verdict = a.recovery.verdict
    local got = script.plan(a, ctx) or {}
    if #got == 0 then
      warn(opts, fmt("%s: the script planned no session for the week of %s (verdict %s)", a.name, week,
        tostring(a.verdict)))
    end
    for i, row in ipairs(got) do
      row.athlete = a.name
      check_row(row, opts.script, i)
      if not row.date then
        row.date = row.day and ctx.days[row.day] or
          error(fmt("%s: row %d of athlete '%s': 'day' must be mon..sun or 'date' given", opts.script, i, a.name), 0)
      end
      if not hinge.day_number(row.date) then
        error(fmt("%s: row %d of athlete '%s': date '%s' is not a real date", opts.script, i, a.name, row.date), 0)
      end
      row.order = #out
      out[#out + 1] = row
    end
  end
  table.sort(out, function(x, y)
    if x.athlete ~= y.athlete then return x.athlete < y.athlete end
    if x.date ~= y.date then return x.date < y.date end
    return x.order < y.order
  end)
  return {week = week, on = on, rows = out, warnings = opts.warnings, bad = opts.bad}
end

return M
