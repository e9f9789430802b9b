-- hinge.report: the built-in report of `hinge report`, a Lua script over
-- the hinge.chart primitives and the hinge.page model.  A coach copies
-- this file, edits it and runs the copy with `hinge report --template
-- COPY.lua`: the copy returns this module table (or does its own work).
--
-- report.run(opts) writes into opts.out (an existing folder):
--   index.html          the team at a glance
--   ATHLETE.html/.pdf   each athlete's page
--   summary.csv         one row per rep across every input
-- opts = {inputs = {paths}, out = DIR, soreness = PATH, training = PATH,
--         date = "YYYY-MM-DD" (the generation date), quiet, progress}
-- Returns the number of inputs that could not be analysed, or nil and a
-- message when a log cannot be read (nothing is written then).
local hinge = require "hinge"
local page = require "hinge.page"

local M = {}

local fmt = string.format
local colors = page.colors
local CH = {thoracic = "#0072b2", lumbar = "#d55e00", hip = "#009e73", trunk = "#009e73"}
M.points = 51 -- samples of each rep's curve, 0..100 % of the pull
M.pdf_sessions = 6 -- the athlete's PDF details the latest sessions (all are in the HTML)

local function warn(opts, msg)
  if not opts.quiet then io.stderr:write("hinge report: ", msg, "\n") end
end

local function basename(p) return (p:match("[^/]*$")) end

-- The athlete's file name: letters, digits, '-', '_' and '.' kept.
function M.slug(name)
  local s = tostring(name):gsub("[^%w%-_%.]", "_")
  if s == "" or s:match("^%.") or s == "index" or s == "summary" then s = "athlete_" .. s end
  return s
end

-- ---- inputs ---------------------------------------------------------------

-- Every session named by inputs, as `hinge analyze` finds them
-- (hinge.session_files: folders walked recursively for every format hinge
-- reads, a folder of OpenPose frames as one session), logs excluded, in
-- order and without repeats: {path = ..., error = ...} (error: a folder
-- with no session file, one that cannot be read).
function M.expand(inputs, skip)
  local out, seen = {}, {}
  for _, p in ipairs(skip or {}) do seen[p] = true end
  if #inputs == 0 then return out end
  local entries = assert(hinge.session_files(inputs))
  for _, e in ipairs(entries) do
    if not seen[e.path] then seen[e.path] = true; out[#out + 1] = e end
  end
  return out
end

-- Linear interpolation of y (over increasing t) at time x, searching
-- forward from index lo (the caller's times increase); returns the value
-- and the index to start from next time.
local function interp(t, y, lo, x)
  local n = #t
  while lo < n - 1 and t[lo + 1] <= x do lo = lo + 1 end
  local hi = lo + 1
  local a, b = y[lo], y[hi]
  if t[hi] == t[lo] then return a, lo end
  local f = (x - t[lo]) / (t[hi] - t[lo])
  if f < 0 then f = 0 elseif f > 1 then f = 1 end
  if a ~= a or b ~= b then return (f < 0.5) and a or b, lo end
  return a + f * (b - a), lo
end

-- The first index whose time is at or before x (binary search).
local function find(t, x)
  local lo, hi = 1, #t
  while lo < hi - 1 do
    local mid = (lo + hi) // 2
    if t[mid] <= x then lo = mid else hi = mid end
  end
  return lo
end

-- The conditioned channel (despike, fill, low-pass: the analysis'
-- defaults) as a Lua array, or nil when the session has no such column.
local function conditioned(s, role, fs)
  local x = s:column(role)
  if not x then return nil end
  local ok, y = pcall(function()
    local d = hinge.despike(x, {fs = fs, half_window = 0.05, k = 3, min_dev = 5})
    local f = hinge.fill_gaps(d, {fs = fs, max_gap = 0.25})
    return assert(hinge.lowpass(f, {fs = fs, cutoff = 6, order = 2}))
  end)
  return (ok and y or x):totable()
end

-- Each rep's curves, liftoff to lockout on M.points steps: thoracic and
-- lumbar as the change since liftoff (what the rounding thresholds
-- measure), hip or trunk relative to standing.
function M.curves(s, r)
  local fs = s.sample_rate_hz
  local t = s:column("time"):totable()
  local chans = {}
  for _, role in ipairs{"thoracic", "lumbar", "hip", "trunk"} do
    local y = conditioned(s, role, fs)
    local neutral = r.standing and r.standing[role .. "_deg"]
    if y and neutral then chans[role] = {y = y, neutral = neutral} end
  end
  local out = {}
  for i, rep in ipairs(r.reps) do
    local c = {}
    local first = find(t, rep.liftoff_s)
    for role, ch in pairs(chans) do
      local v, base, lo = {}, nil, first
      for k = 0, M.points - 1 do
        local at = rep.liftoff_s + (rep.lockout_s - rep.liftoff_s) * k / (M.points - 1)
        v[k + 1], lo = interp(t, ch.y, lo, at)
        v[k + 1] = v[k + 1] - ch.neutral
      end
      if role == "thoracic" or role == "lumbar" then
        base = v[1]
        for k = 1, #v do v[k] = v[k] - base end
      end
      c[role] = v
    end
    out[i] = c
  end
  return out
end

-- Load and analyse one file: the session record, or nil, message.
function M.session(path, opts)
  local s, err = hinge.load(path)
  if not s then return nil, err end
  local r
  r, err = hinge.analyze(s, opts.analyze)
  if not r then s:close(); return nil, err end
  local rec = {path = path, result = r, athlete = r.athlete or "unknown", date = r.date or ""}
  if #r.reps > 0 and opts.curves ~= false then rec.curves = M.curves(s, r) end
  s:close()
  return rec
end

-- ---- logs -----------------------------------------------------------------

local function read_rows(path)
  if not path then return {} end
  return hinge.csv.read(path)
end

local function by_athlete(rows)
  local t = {}
  for _, r in ipairs(rows) do
    local a = r.athlete or ""
    t[a] = t[a] or {}
    t[a][#t[a] + 1] = r
  end
  return t
end

-- Best e1RM of the deadlift per day from a training log's rows.
function M.e1rm_series(rows)
  local best = {}
  for _, r in ipairs(rows) do
    local ex, reps, load = (r.exercise or ""):lower(), tonumber(r.reps), tonumber(r.load_kg)
    if ex:find("deadlift", 1, true) and not ex:find("romanian", 1, true) and reps and load
       and reps >= 1 and reps <= 12 and load > 0 and r.date then
      local e = hinge.e1rm(load, math.floor(reps))
      if e and (not best[r.date] or e > best[r.date]) then best[r.date] = e end
    end
  end
  local days = {}
  for d in pairs(best) do days[#days + 1] = d end
  table.sort(days)
  local x, y = {}, {}
  for i, d in ipairs(days) do x[i] = hinge.day_number(d); y[i] = best[d] end
  return x, y
end

-- ---- charts ---------------------------------------------------------------

-- hex mixed with white: t = 1 the colour itself, 0 white.
function M.shade(hex, t)
  local r, g, b = tonumber(hex:sub(2, 3), 16), tonumber(hex:sub(4, 5), 16), tonumber(hex:sub(6, 7), 16)
  local function mix(v) return math.floor(255 - (255 - v) * t + 0.5) end
  return fmt("#%02x%02x%02x", mix(r), mix(g), mix(b))
end

local function seq(n) local t = {} for i = 1, n do t[i] = (i - 1) * 100 / (n - 1) end return t end

-- One region's curves of every rep, with the thresholds as bands.
function M.curve_chart(rec, role, th)
  local c = hinge.chart.new{width = 255, height = 190, legend = false,
    title = role == "thoracic" and "Upper back: flexion since liftoff"
         or role == "lumbar" and "Lower back: flexion since liftoff"
         or (role == "hip" and "Hip flexion" or "Trunk inclination") .. " from standing",
    x = {label = "% of the pull, liftoff to lockout", min = 0, max = 100},
    y = {label = "deg"}}
  if role == "thoracic" then
    c:band(th.upper_back_rounding_deg, th.upper_back_fix_deg, {color = colors.caution, label = "caution"})
    c:band(th.upper_back_fix_deg, nil, {color = colors.fix, label = "fix"})
  elseif role == "lumbar" then
    c:band(th.lumbar_rounding_deg, nil, {color = colors.stop, label = "stop"})
  end
  if role == "thoracic" or role == "lumbar" then
    c:band(-th.measurement_error_deg, th.measurement_error_deg,
           {color = "#999999", opacity = 0.12, label = "measurement error"})
  end
  local x, n = seq(M.points), #rec.curves
  for i, cv in ipairs(rec.curves) do
    if cv[role] then
      -- later reps darker: a drift over the set shows as a fan
      local col = M.shade(CH[role], n > 1 and 0.35 + 0.65 * (i - 1) / (n - 1) or 1)
      c:line(x, cv[role], {color = col, width = 1.4, label = "rep " .. i})
      c:text(100, cv[role][#cv[role]], tostring(i), {color = col, width = 8})
    end
  end
  if role == "thoracic" then c:threshold(th.upper_back_rounding_deg, {color = colors.caution})
                              :threshold(th.upper_back_fix_deg, {color = colors.fix})
  elseif role == "lumbar" then c:threshold(th.lumbar_rounding_deg, {color = colors.stop, label = "stop"}) end
  return c
end

-- Rounding per rep against the thresholds, thoracic and lumbar side by side.
function M.rounding_chart(rec, th)
  local r = rec.result
  local labels, tx, ty, lx, ly, tc, lc = {}, {}, {}, {}, {}, {}, {}
  for i, rep in ipairs(r.reps) do
    labels[i] = tostring(rep.rep)
    local t, l = rep.thoracic or {}, rep.lumbar or {}
    tx[i], ty[i] = i - 0.19, t.rounding_deg or 0 / 0
    lx[i], ly[i] = i + 0.19, l.rounding_deg or 0 / 0
    tc[i] = t.assessed == false and "#bbbbbb" or CH.thoracic
    lc[i] = l.assessed == false and "#bbbbbb" or CH.lumbar
  end
  local c = hinge.chart.new{width = 255, height = 190, legend = true,
    title = "Rounding per rep (peak - liftoff)",
    x = {labels = labels, label = "rep"}, y = {label = "deg"}}
  c:bars(tx, ty, {colors = tc, color = CH.thoracic, width = 0.36, label = "thoracic"})
  c:bars(lx, ly, {colors = lc, color = CH.lumbar, width = 0.36, label = "lumbar"})
  local ub, fix, lb = th.upper_back_rounding_deg, th.upper_back_fix_deg, th.lumbar_rounding_deg
  if ub == lb then
    c:threshold(ub, {color = colors.stop, label = fmt("%g: upper back caution, lumbar stop", ub)})
  else
    c:threshold(ub, {color = colors.caution, label = fmt("upper back %g", ub)})
    c:threshold(lb, {color = colors.stop, label = fmt("lumbar %g", lb)})
  end
  c:threshold(fix, {color = colors.fix, label = fmt("upper back fix %g", fix)})
  return c
end

-- Per session of the athlete over the dates: max rounding and setup angles.
function M.trend_chart(recs)
  local c = hinge.chart.new{width = 520, height = 220, legend = true,
    title = "Rounding and setup per session", x = {dates = true}, y = {label = "deg"}}
  local d, tmax, lmax, tset, lset = {}, {}, {}, {}, {}
  for i, rec in ipairs(recs) do
    local s, day = rec.result.set, hinge.day_number(rec.date)
    d[i] = day or 0 / 0
    tmax[i] = s.max_rounding_deg and s.max_rounding_deg.thoracic or 0 / 0
    lmax[i] = s.max_rounding_deg and s.max_rounding_deg.lumbar or 0 / 0
    local st, sl, n = 0, 0, 0
    for _, rep in ipairs(rec.result.reps) do
      if rep.thoracic and rep.thoracic.start_deg and rep.lumbar and rep.lumbar.start_deg then
        st, sl, n = st + rep.thoracic.start_deg, sl + rep.lumbar.start_deg, n + 1
      end
    end
    tset[i] = n > 0 and st / n or 0 / 0
    lset[i] = n > 0 and sl / n or 0 / 0
  end
  c:line(d, tmax, {color = CH.thoracic, label = "max thoracic rounding"})
  c:markers(d, tmax, {color = CH.thoracic})
  c:line(d, lmax, {color = CH.lumbar, label = "max lumbar rounding"})
  c:markers(d, lmax, {color = CH.lumbar})
  c:line(d, tset, {color = CH.thoracic, dash = true, width = 1, label = "thoracic setup"})
  c:line(d, lset, {color = CH.lumbar, dash = true, width = 1, label = "lumbar setup"})
  return c
end

-- Training load over the weeks (daily load, EWMA, ACWR, monotony, strain).
function M.load_charts(rows, athlete, on)
  if #rows == 0 then return {} end
  local ok, m = pcall(hinge.recovery.load_metrics, rows, {athlete = athlete, on = on})
  if not ok or not m or not m.first_date then return {} end
  local d0 = hinge.day_number(m.first_date)
  local n = #m.load
  local x, load, a, ch, acwr, acwrr, mono, strain = {}, {}, {}, {}, {}, {}, {}, {}
  for i = 1, n do
    x[i] = d0 + i - 1
    load[i], a[i], ch[i] = m.load[i], m.acute_ewma[i], m.chronic_ewma[i]
    acwr[i], acwrr[i], mono[i], strain[i] = m.acwr_ewma[i], m.acwr_rolling[i], m.monotony[i], m.strain[i]
  end
  local c1 = hinge.chart.new{width = 520, height = 200, legend = true,
    title = "Training load (" .. (m.basis == "srpe" and "session RPE x minutes" or "volume load") .. ")",
    x = {dates = true}, y = {label = "load"}}
  c1:bars(x, load, {color = "#bbbbbb", width = 0.8, label = "daily load"})
  c1:line(x, a, {color = "#d55e00", label = "acute EWMA (7 d)"})
  c1:line(x, ch, {color = "#0072b2", label = "chronic EWMA (28 d)"})
  local c2 = hinge.chart.new{width = 520, height = 180, legend = true,
    title = "Acute:chronic workload ratio", x = {dates = true}, y = {min = 0, label = "ratio"}}
  c2:band(0.8, 1.3, {color = colors.ok, opacity = 0.15, label = "0.8-1.3"})
  c2:band(1.5, nil, {color = colors.stop, opacity = 0.12, label = "> 1.5"})
  c2:line(x, acwr, {color = "#0072b2", label = "ACWR (EWMA)"})
  c2:line(x, acwrr, {color = "#cc79a7", dash = true, label = "ACWR (rolling)"})
  local c3 = hinge.chart.new{width = 255, height = 170, title = "Monotony (7 d)",
    x = {dates = true}, y = {min = 0}}
  c3:line(x, mono, {color = "#009e73"})
  c3:threshold(2, {color = colors.fix, label = "2.0"})
  local c4 = hinge.chart.new{width = 255, height = 170, title = "Strain (7 d)", x = {dates = true}}
  c4:line(x, strain, {color = "#e69f00"})
  return {c1, c2, c3, c4}
end

-- ---- the pages ------------------------------------------------------------

local function rep_rows(r)
  local rows = {}
  for _, rep in ipairs(r.reps) do
    local t, l = rep.thoracic or {}, rep.lumbar or {}
    local function cov(x)
      if x.coverage == nil then return "-" end
      return fmt("%d%%%s", math.floor(x.coverage * 100 + 0.5), x.assessed == false and " (not assessed)" or "")
    end
    rows[#rows + 1] = {rep = rep.rep, set = rep.set, pull = rep.pull_duration_s,
      hip = rep.hip and rep.hip.setup_deg or (rep.trunk and rep.trunk.setup_deg),
      thor = t.rounding_deg, lumb = l.rounding_deg, tcov = cov(t), lcov = cov(l),
      verdict = {verdict = rep.verdict}, flags = table.concat(rep.flags or {}, " ")}
  end
  return rows
end

local function set_lines(r)
  local lines = {}
  for l in (r.set.summary or ""):gmatch("[^\n]+") do lines[#lines + 1] = l end
  return lines
end

function M.session_block(p, rec, th)
  local r = rec.result
  p:heading(fmt("%s  %s", rec.date, basename(rec.path)), 3)
  if #r.sets > 1 then
    for i, s in ipairs(r.sets) do p:verdict(s.verdict, set_lines(r)[i] or "") end
  else
    p:verdict(r.set.verdict, r.set.summary)
  end
  if #r.reps == 0 then
    p:text("No rep found in this recording.", {class = "muted"})
  else
    local list = {}
    for _, role in ipairs{"thoracic", "lumbar"} do
      if rec.curves and rec.curves[1] and rec.curves[1][role] then list[#list + 1] = M.curve_chart(rec, role, th) end
    end
    local third = rec.curves and rec.curves[1] and (rec.curves[1].hip and "hip" or rec.curves[1].trunk and "trunk")
    if third then list[#list + 1] = M.curve_chart(rec, third, th) end
    list[#list + 1] = (M.rounding_chart(rec, th))
    p:charts(list)
    p:table(rep_rows(r), {"rep", "set", {"pull", "pull s"}, {"hip", (r.reps[1].hip and "hip" or "trunk") .. " setup"},
                          {"thor", "thoracic"}, {"lumb", "lumbar"}, {"tcov", "thoracic coverage"},
                          {"lcov", "lumbar coverage"}, "verdict", "flags"})
  end
  local cov = {}
  for _, w in ipairs(r.warnings or {}) do cov[#cov + 1] = w end
  if #cov > 0 then p:text("Data: " .. table.concat(cov, " "), {class = "muted"}) end
end

-- The athlete's page (a hinge.page).
function M.athlete_page(a, ctx)
  local p = page.new{title = "Deadlift report: " .. a.name}
  local v = a.verdict
  if v then
    local f = v.findings and v.findings[1]
    p:verdict(v.verdict, fmt("Recovery on %s: %s", ctx.on or "?", f and f.message or "no findings"))
    for _, s in ipairs(v.suggestions or {}) do p:text("- " .. s) end
  else
    p:verdict("unknown", "No soreness log for this athlete.")
  end
  if ctx.program then
    local rows, cols, note = ctx.program(a, ctx)
    if rows then p:heading("Program"); if note then p:text(note) end; p:table(rows, cols) end
  end
  p:heading("Over the weeks")
  local over = {}
  if #a.sessions > 1 then over[#over + 1] = M.trend_chart(a.sessions) end
  local ex, ey = M.e1rm_series(a.training)
  if #ex > 0 then
    local c = hinge.chart.new{width = 520, height = 180, title = "Deadlift e1RM (Epley, best set per day)",
                              x = {dates = true}, y = {label = "kg"}}
    c:line(ex, ey, {color = "#333333"}):markers(ex, ey, {color = "#333333"})
    over[#over + 1] = c
  end
  for _, c in ipairs(M.load_charts(a.training, a.name, ctx.on)) do over[#over + 1] = c end
  local tl = M.recovery_timeline(a, ctx)
  if tl then over[#over + 1] = tl end
  if #over > 0 then p:charts(over) else p:text("Not enough data for trends.", {class = "muted"}) end
  p:heading("Sessions")
  if #a.sessions == 0 then p:text("No analysed session.", {class = "muted"}) end
  local limit = ctx.pdf and math.max(1, #a.sessions - M.pdf_sessions + 1) or 1
  for i = #a.sessions, limit, -1 do M.session_block(p, a.sessions[i], ctx.th) end
  if limit > 1 then
    p:text(fmt("%d earlier sessions are on the web page (%s.html).", limit - 1, a.slug), {class = "muted"})
  end
  return p
end

-- Soreness episodes by region and the weekly recovery verdicts on one timeline.
function M.recovery_timeline(a, ctx)
  if #a.soreness == 0 then return nil end
  local regions, seen, points, spans = {}, {}, {}, {}
  local first = a.soreness[1].date
  for _, s in ipairs(a.soreness) do
    if s.date < first then first = s.date end
    if s.region and not seen[s.region] then seen[s.region] = true; regions[#regions + 1] = s.region end
  end
  table.sort(regions)
  for _, s in ipairs(a.soreness) do
    local sev = tonumber(s.severity) or 0
    local col = sev >= 6 and colors.stop or sev >= 4 and colors.fix or sev >= 2 and colors.caution or colors.ok
    if s.region then points[#points + 1] = {s.region, s.date, col} end
  end
  for _, e in ipairs(a.verdict and a.verdict.episodes or {}) do
    spans[#spans + 1] = {e.region, e.onset, e.latest_date, "#999999", opacity = 0.25}
  end
  regions[#regions + 1] = "verdict"
  for _, w in ipairs(a.weekly or {}) do points[#points + 1] = {"verdict", w.on, colors[w.verdict] or colors.unknown} end
  return page.timeline{title = "Soreness (dots: severity; grey: episodes) and recovery verdicts",
                       rows = regions, spans = spans, points = points, from = first, to = ctx.on}
end

local function last_week(date, on)
  local d, o = hinge.day_number(date or ""), hinge.day_number(on or "")
  return d and o and o - d < 7 and d <= o
end

function M.team_page(athletes, bad, ctx)
  local p = page.new{title = "Team report"}
  p:text(fmt("%d athletes, %d sessions analysed, %d not analysed; recovery as of %s.",
             #athletes, ctx.analysed, #bad, ctx.on or "-"))
  local rows = {}
  for _, a in ipairs(athletes) do
    local v = a.verdict
    local f = v and v.findings and v.findings[1]
    local last = {}
    for i = #a.sessions, math.max(1, #a.sessions - 2), -1 do
      local s = a.sessions[i]
      local sets = {}
      for _, st in ipairs(s.result.sets) do sets[#sets + 1] = page.chip(st.verdict) end
      if #sets == 0 then sets[1] = page.chip(s.result.set.verdict) end
      last[#last + 1] = page.escape(s.date) .. " " .. table.concat(sets, "")
    end
    local flags, n = {}, {}
    for _, s in ipairs(a.sessions) do
      if last_week(s.date, ctx.on) then
        for _, rep in ipairs(s.result.reps) do
          for _, fl in ipairs(rep.flags or {}) do n[fl] = (n[fl] or 0) + 1 end
        end
      end
    end
    for _, k in ipairs{"lumbar_rounding", "upper_back_rounding"} do
      if n[k] then flags[#flags + 1] = fmt("%s x%d", k:gsub("_", " "), n[k]) end
    end
    for _, fd in ipairs(v and v.findings or {}) do
      if fd.verdict ~= "ready" then flags[#flags + 1] = fd.rule end
    end
    local trend = "-"
    if #a.sessions > 0 then
      local c = hinge.chart.new{width = 160, height = 80, x = {dates = true}, y = {min = 0}}
      local x, y = {}, {}
      for i, s in ipairs(a.sessions) do
        x[i] = hinge.day_number(s.date) or i
        y[i] = s.result.set.max_rounding_deg and s.result.set.max_rounding_deg.lumbar or 0 / 0
      end
      c:line(x, y, {color = CH.lumbar}):markers(x, y, {color = CH.lumbar, width = 2})
       :threshold(ctx.th.lumbar_rounding_deg, {color = colors.stop})
      trend = c:svg()
    end
    rows[#rows + 1] = {
      athlete = {xhtml = fmt('<a href="%s.html">%s</a>', page.escape(a.slug), page.escape(a.name))},
      verdict = {verdict = v and v.verdict or "unknown", text = " " .. (f and f.message or (v and "" or "no soreness log"))},
      sessions = {xhtml = #last > 0 and table.concat(last, "<br/>") or "-"},
      flags = #flags > 0 and table.concat(flags, ", ") or "-",
      trend = trend == "-" and "-" or {xhtml = trend},
    }
  end
  p:table(rows, {"athlete", {"verdict", "recovery verdict"}, {"sessions", "last sessions (set verdicts)"},
                 {"flags", "flags of the week"}, {"trend", "max lumbar rounding"}})
  if #bad > 0 then
    p:heading("Not analysed")
    local b = {}
    for _, x in ipairs(bad) do b[#b + 1] = {file = x.path, problem = x.message} end
    p:table(b, {"file", "problem"})
  end
  for _, w in ipairs(ctx.warnings or {}) do p:text(w, {class = "muted"}) end
  return p
end

-- ---- summary.csv ----------------------------------------------------------

local function csv_cell(v)
  if v == nil then return "" end
  if type(v) == "number" then
    if v ~= v then return "" end
    return (fmt("%.3f", v):gsub("%.?0+$", ""))
  end
  if type(v) == "boolean" then return v and "true" or "false" end
  v = tostring(v)
  if v:find('[,"\r\n]') then return '"' .. v:gsub('"', '""') .. '"' end
  return v
end

M.csv_columns = {"file", "athlete", "date", "set", "rep", "start_s", "liftoff_s", "lockout_s", "end_s",
  "pull_duration_s", "dwell_s", "hip_setup_deg", "trunk_setup_deg", "trunk_peak_deg",
  "thoracic_start_deg", "thoracic_peak_deg", "thoracic_rounding_deg", "thoracic_coverage",
  "thoracic_assessed", "lumbar_start_deg", "lumbar_peak_deg", "lumbar_rounding_deg",
  "lumbar_coverage", "lumbar_assessed", "flags", "verdict"}

function M.csv_rows(rec, out)
  local r = rec.result
  for _, rep in ipairs(r.reps) do
    local t, l = rep.thoracic or {}, rep.lumbar or {}
    local v = {rec.path, rec.athlete, rec.date, rep.set, rep.rep, rep.start_s, rep.liftoff_s,
      rep.lockout_s, rep.end_s, rep.pull_duration_s, rep.dwell_s, rep.hip and rep.hip.setup_deg,
      rep.trunk and rep.trunk.setup_deg, rep.trunk and rep.trunk.peak_deg,
      t.start_deg, t.peak_deg, t.rounding_deg, t.coverage, t.assessed,
      l.start_deg, l.peak_deg, l.rounding_deg, l.coverage, l.assessed,
      table.concat(rep.flags or {}, "|"), rep.verdict}
    for i = 1, #M.csv_columns do v[i] = csv_cell(v[i]) end
    out[#out + 1] = table.concat(v, ",", 1, #M.csv_columns)
  end
end

-- ---- the run --------------------------------------------------------------

local function write(path, text)
  local f = assert(io.open(path, "wb"))
  assert(f:write(text))
  assert(f:close())
end

local function progress(opts, i, n, t0)
  if not opts.progress or n < 2 then return end
  local el = os.time() - t0
  local left = i > 0 and math.floor(el / i * (n - i) + 0.5) or 0
  local w = 30
  local done = math.floor(w * i / n)
  io.stderr:write(fmt("\r[%s%s] %d/%d sessions, %d s left ", string.rep("#", done),
                      string.rep(" ", w - done), i, n, left))
  if i == n then io.stderr:write("\n") end
end

-- Weekly verdicts of one athlete from the logs, up to on.
local function weekly(a, ctx)
  if #a.soreness == 0 or not ctx.on then return {} end
  local out, on = {}, hinge.day_number(ctx.on)
  local first = on
  for _, s in ipairs(a.soreness) do first = math.min(first, hinge.day_number(s.date) or first) end
  local d = on
  while d >= first and #out < (ctx.weeks or 12) do
    local day = hinge.date(d)
    local ok, r = pcall(hinge.recovery.assess, {soreness = a.soreness,
      training = #a.training > 0 and a.training or nil, on = day, today = day,
      athlete = a.name, lenient = true})
    if ok and r and r.athletes[1] then table.insert(out, 1, {on = day, verdict = r.athletes[1].verdict}) end
    d = d - 7
  end
  return out
end

-- Next week's plan (`hinge plan`'s CSV or JSON) as ctx.program: each
-- athlete's rows with their reasons.
function M.plan_program(path)
  local rows, err
  if path:lower():match("%.json$") then
    local j
    j, err = hinge.json.read(path)
    if not j then return nil, err end
    rows = {}
    for _, r in ipairs(type(j.sessions) == "table" and j.sessions or {}) do
      local row = {}
      for k, v in pairs(r) do if v ~= hinge.json.null then row[k] = v end end
      if type(row.why) == "table" then row.why = table.concat(row.why, "; ") end
      rows[#rows + 1] = row
    end
  else
    rows, err = hinge.csv.read(path)
    if not rows then return nil, err end
  end
  local by = {}
  for _, r in ipairs(rows) do -- the CSV's text as the JSON's values
    for k, v in pairs(r) do if v == "" then r[k] = nil end end
    r.sets, r.reps, r.load_kg = tonumber(r.sets), tonumber(r.reps), tonumber(r.load_kg)
    local k = tostring(r.athlete or ""):lower()
    by[k] = by[k] or {}
    by[k][#by[k] + 1] = r
  end
  return function(a)
    local mine = by[tostring(a.name):lower()]
    if not mine then return nil end
    return mine, {"date", "exercise", "sets", "reps", {"load_kg", "kg"}, "notes", "why"},
           "Next week's plan (hinge plan): each change with the measurement or verdict behind it."
  end
end

function M.run(opts)
  assert(opts and opts.out, "report.run: opts.out (the folder) is required")
  -- the logs first: a log that cannot be read stops the report before any work
  local soreness, err = read_rows(opts.soreness)
  if not soreness then return nil, err end
  local training
  training, err = read_rows(opts.training)
  if not training then return nil, err end
  local program = opts.program
  if opts.plan and not program then
    program, err = M.plan_program(opts.plan)
    if not program then return nil, err end
  end
  local files = M.expand(opts.inputs or {}, {opts.soreness, opts.training, opts.plan})
  local th = {}
  for _, t in ipairs(hinge.analyze_thresholds()) do th[t.name] = t.default end
  local recs, bad, t0 = {}, {}, os.time()
  for i, e in ipairs(files) do
    local f = e.path
    local rec, err
    if e.error then err = f .. ": " .. e.error else rec, err = M.session(f, opts) end
    if rec then recs[#recs + 1] = rec
    else
      bad[#bad + 1] = {path = f, message = err}
      if opts.progress then io.stderr:write("\n") end
      warn(opts, err)
    end
    progress(opts, i, #files, t0)
  end
  local ctx = {th = th, analysed = #recs, program = program, weeks = opts.weeks}
  local results = {}
  for _, rec in ipairs(recs) do results[#results + 1] = rec.result end
  local assessment
  if opts.soreness then
    local r, err = hinge.recovery.assess{soreness = soreness, training = #training > 0 and training or nil,
                                         analysis = results, lenient = true}
    if r then assessment = r; ctx.on = r.on; ctx.warnings = r.warnings
    else warn(opts, err) end
  end
  if not ctx.on then
    for _, rec in ipairs(recs) do if not ctx.on or rec.date > ctx.on then ctx.on = rec.date end end
  end
  -- athletes: from the sessions and the logs
  local by, names = {}, {}
  local function athlete(name)
    if not by[name] then
      by[name] = {name = name, sessions = {}, soreness = {}, training = {}}
      names[#names + 1] = name
    end
    return by[name]
  end
  for _, rec in ipairs(recs) do table.insert(athlete(rec.athlete).sessions, rec) end
  for _, v in ipairs(assessment and assessment.athletes or {}) do athlete(v.athlete).verdict = v end
  local sb, tb = by_athlete(soreness), by_athlete(training)
  table.sort(names)
  local athletes, used = {}, {}
  for _, name in ipairs(names) do
    local a = by[name]
    a.soreness, a.training = sb[name] or {}, tb[name] or {}
    table.sort(a.sessions, function(x, y) if x.date ~= y.date then return x.date < y.date end return x.path < y.path end)
    a.slug = M.slug(name)
    while used[a.slug] do a.slug = a.slug .. "_" end
    used[a.slug] = true
    a.weekly = weekly(a, ctx)
    athletes[#athletes + 1] = a
  end
  local csv = {table.concat(M.csv_columns, ",")}
  for _, a in ipairs(athletes) do
    for _, rec in ipairs(a.sessions) do M.csv_rows(rec, csv) end
  end
  write(opts.out .. "/summary.csv", table.concat(csv, "\n") .. "\n")
  for _, a in ipairs(athletes) do
    ctx.pdf = false
    local p = M.athlete_page(a, ctx)
    write(opts.out .. "/" .. a.slug .. ".html", p:html{date = opts.date, css = opts.css})
    ctx.pdf = #a.sessions > M.pdf_sessions
    if ctx.pdf then p = M.athlete_page(a, ctx) end
    assert(p:pdf(opts.out .. "/" .. a.slug .. ".pdf", {date = opts.date, width = opts.page_width,
                                                        height = opts.page_height}))
  end
  write(opts.out .. "/index.html", M.team_page(athletes, bad, ctx):html{date = opts.date, css = opts.css})
  return #bad
end

return M
