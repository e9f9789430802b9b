-- session_model.lua -- a synthetic deadlift session with known truth.
--
-- Used by gen_session.lua (the command-line generator) and by the Lua
-- tests (dofile).  Pure Lua 5.4, no hinge needed.
--
--   local model = dofile("tests/gen/session_model.lua")
--   local opts = model.options({"fs=200", "reps=3", "lumbar=2:9"})
--   local truth = model.write("out.csv", opts)   -- also writes out.truth.csv
--
-- The lifter stands quietly, then for each rep: descent to the bar (the
-- setup, or the lowering of the previous rep), a pause at the bottom, the
-- pull (liftoff to lockout), a hold at lockout.  After the last rep the
-- bar is lowered and the lifter stands up without it (finish=stand), or
-- the recording stops with the bar on the floor (finish=floor) or at
-- lockout (finish=lockout).  Angles are generated relative to standing,
-- then the standing posture (neutral) is added.
--
-- Truth per rep: start (descent onset), liftoff (end of the bottom pause),
-- lockout (end of the pull), end (onset of the lowering that follows, or
-- the last sample); setup angles; rounding = peak during the pull minus
-- the value at liftoff, computed on the noise-free trace.
local M = {}

M.defaults = {
  seed = 1, fs = 100, reps = 5, stand = 3, stand_end = 2,
  hip = 80, thoracic_setup = 10, lumbar_setup = 14,
  pause = 1.0, hold = 0.8, pull = 1.6, fatigue = 0.04,
  tng = 0, finish = "stand", stick = "", reset = "",
  pauses = "", holds = "", hitch = "", dip = "",
  thoracic = "", lumbar = "", rounding = "",
  noise = 0.3, spikes = 0, dropouts = 0, rowdrops = 0, longgaps = 0, jitter = 0,
  channels = "hip,thoracic,lumbar",
  delim = ",", decimal = ".", time = "s", units = "deg", crlf = 0, bom = 0,
  meta = 0, athlete = "ana", date = "2026-03-02", set = 1, decimals = 3,
  rows = 0, truth = "",
  neutral_hip = 1.2, neutral_thoracic = 38.0, neutral_lumbar = -21.5, neutral_trunk = 4.0,
}

-- Verdict thresholds used for the truth flags: hinge's defaults.  Rounding
-- magnitudes the generator picks stay well away from them.
M.thresholds = {thoracic_caution = 5, thoracic_fix = 10, lumbar = 5}

-- xorshift64* so a seed gives the same session on every platform.
local function rng(seed)
  local s = (seed * 2654435761 + 88172645463325252) | 1
  local r = {}
  function r.u()
    s = s ~ (s << 13); s = s ~ (s >> 7); s = s ~ (s << 17)
    return ((s >> 11) & ((1 << 53) - 1)) / (1 << 53)
  end
  function r.range(a, b) return a + (b - a) * r.u() end
  function r.gauss()
    local u1, u2 = r.u(), r.u()
    if u1 < 1e-300 then u1 = 1e-300 end
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)
  end
  function r.int(a, b) return a + math.floor(r.u() * (b - a + 1)) end
  return r
end

-- "3:8,5:10" -> {[3]=8, [5]=10}; "2,4" -> {[2]=true, [4]=true}
local function parse_map(s)
  local t = {}
  for item in tostring(s):gmatch("[^,]+") do
    local k, v = item:match("^%s*(%d+)%s*:%s*([-%d.]+)%s*$")
    if k then t[tonumber(k)] = tonumber(v)
    elseif item:match("^%s*%d+%s*$") then t[tonumber(item)] = true
    else error("bad list item '" .. item .. "' (expected N or N:VALUE)") end
  end
  return t
end

-- key=value words -> option table (numbers converted), defaults filled.
function M.options(words)
  local o = {}
  for k, v in pairs(M.defaults) do o[k] = v end
  for _, w in ipairs(words or {}) do
    local k, v = w:match("^([%w_]+)=(.*)$")
    if not k or M.defaults[k] == nil then error("unknown option '" .. w .. "'") end
    if type(M.defaults[k]) == "number" then
      o[k] = tonumber(v) or error("option " .. k .. " needs a number, got '" .. v .. "'")
    else
      o[k] = v
    end
  end
  if o.delim == "tab" then o.delim = "\t" end
  if o.decimal == "," and o.delim == "," then error("decimal=, needs delim=; or delim=tab") end
  if o.fs < 1 then error("fs must be >= 1") end
  return o
end

-- Minimum-jerk step 0 -> 1 on u in [0, 1].
local function mj(u)
  if u <= 0 then return 0 elseif u >= 1 then return 1 end
  return u * u * u * (10 + u * (-15 + 6 * u))
end

-- A segment moves every channel from `a` to `b` (relative angles) over
-- [t0, t1]; kind "pull" keeps the spine near its setup for the first
-- third, then extends it, with a rounding bump r peaking at 45 %.
local function pull_spine(a, b, r, u)
  local base = a + (b - a) * mj((u - 0.35) / 0.65)
  local bump = u < 0.45 and mj(u / 0.45) or 1 - mj((u - 0.45) / 0.55)
  return base + r * bump
end

-- Progress 0 -> 1 of a loaded pull over [0, T] at time t: the bar
-- breaks the floor with a quick acceleration (sine-squared velocity ramp
-- over ta), travels at a steady speed (slowed to `stick` of it around
-- 40 % of the way on a sticking point), and decelerates into lockout
-- over td.  The velocity profile is integrated in closed form.
local function pull_progress(t, T, stick)
  local ta, td = math.min(0.3, 0.2 * T), math.min(0.45, 0.3 * T)
  local function area(x) -- integral of the unscaled velocity over [0, x]
    local a = 0
    if x <= ta then return x / 2 - ta / (2 * math.pi) * math.sin(math.pi * x / ta) end
    a = ta / 2
    local tc = T - td
    local xm = math.min(x, tc)
    a = a + (xm - ta)
    if stick < 1 then -- a dip of depth (1 - stick) centred at 45 % of [ta, tc]
      local c0, w = ta + 0.3 * (tc - ta), 0.3 * (tc - ta)
      local function dip(y)
        y = math.max(c0, math.min(y, c0 + w))
        return (1 - stick) * ((y - c0) / 2 - w / (4 * math.pi) * math.sin(2 * math.pi * (y - c0) / w))
      end
      a = a - dip(xm)
    end
    if x <= tc then return a end
    local y = x - tc
    return a + y / 2 + td / (2 * math.pi) * math.sin(math.pi * y / td)
  end
  if t <= 0 then return 0 elseif t >= T then return 1 end
  return area(t) / area(T)
end

local function seg_value(s, t)
  local u = (t - s.t0) / (s.t1 - s.t0)
  if s.kind == "hold" then
    local w = s.sway * math.sin(2 * math.pi * 0.3 * (t - s.t0) + s.phase)
    return s.a.hip + w, s.a.th + 0.5 * w, s.a.lu + 0.5 * w
  end
  local m = s.kind == "pull" and pull_progress(t - s.t0, s.t1 - s.t0, s.stick or 1) or mj(u)
  local hip = s.a.hip + (s.b.hip - s.a.hip) * m
  if s.kind == "pull" then
    return hip, pull_spine(s.a.th, s.b.th, s.rth, u), pull_spine(s.a.lu, s.b.lu, s.rlu, u)
  end
  return hip, s.a.th + (s.b.th - s.a.th) * m, s.a.lu + (s.b.lu - s.a.lu) * m
end

-- The plan: a list of segments and the truth of every rep.
local Plan = {}
Plan.__index = Plan

function Plan:add(kind, dur, b, extra)
  local s = extra or {}
  s.kind, s.t0, s.t1, s.a, s.b = kind, self.t, self.t + dur, self.pos, b or self.pos
  s.sway = s.sway or 0
  s.phase = s.phase or 0
  self.segs[#self.segs + 1] = s
  self.t = s.t1
  self.pos = s.b
  return s
end

function Plan:hold(dur, sway)
  if dur > 0 then self:add("hold", dur, nil, {sway = sway or 0.15, phase = self.r.range(0, 6.28)}) end
end

local function pose(hip, th, lu) return {hip = hip, th = th, lu = lu} end

-- Rounding magnitudes per rep from thoracic=/lumbar=/rounding=random.
local function rounding_plan(o, r, n)
  local th, lu = parse_map(o.thoracic), parse_map(o.lumbar)
  if o.rounding == "random" then
    for k = 1, n do
      local x = r.u()
      if x < 0.15 then lu[k] = r.range(7, 12)
      elseif x < 0.3 then th[k] = r.range(6.5, 8.5)
      elseif x < 0.4 then th[k] = r.range(12, 15) end
    end
  elseif o.rounding ~= "" then
    error("rounding= takes 'random'")
  end
  return th, lu
end

function M.plan(o)
  local r = rng(o.seed)
  local p = setmetatable({segs = {}, t = 0, pos = pose(0, 0, 0), r = r, reps = {}}, Plan)
  local n = o.reps
  if o.rows > 0 then n = math.huge end
  local th_r, lu_r = {}, {}
  if n ~= math.huge then th_r, lu_r = rounding_plan(o, r, n) end
  local pauses, holds = parse_map(o.pauses), parse_map(o.holds)
  local hitch, dip = parse_map(o.hitch), parse_map(o.dip)
  local stick = parse_map(o.stick)
  if o.reset ~= "" and o.reset ~= "stand" then error("reset= takes 'stand'") end
  local limit = o.rows > 0 and (o.rows / o.fs) or math.huge
  p:hold(o.stand)
  local k = 0
  while k < n do
    k = k + 1
    if o.rows > 0 and k % 7 == 0 then lu_r[k] = r.range(7, 12) end
    local rep = {rep = k, start_s = p.t}
    local bottom = pose(o.hip + r.range(-4, 4), o.thoracic_setup + r.range(-2, 2),
                        o.lumbar_setup + r.range(-2, 2))
    local from_standing = k == 1 or o.reset == "stand"
    p:add("move", from_standing and r.range(1.3, 1.9) or r.range(1.0, 1.5), bottom)
    local pause = (o.tng ~= 0 and k > 1) and 0 or math.max(0.3, o.pause + r.range(-0.2, 0.2))
    if pauses[k] then pause = pauses[k] end
    if hitch[k] then
      p:hold(pause / 2)
      local up = pose(bottom.hip - r.range(15, 22), bottom.th - 2, bottom.lu - 2)
      p:add("move", 0.6, up); p:add("move", 0.6, bottom)
      p:hold(math.max(0.3, pause / 2))
    else
      p:hold(pause, 0.3)
    end
    rep.liftoff_s = p.t
    rep.hip_setup = bottom.hip
    rep.thoracic_setup, rep.lumbar_setup = bottom.th, bottom.lu
    local lock = pose(r.range(-1, 1), r.range(-1, 1), r.range(-1, 1))
    local kk = o.rows > 0 and (k - 1) % 8 or k - 1 -- rows=: sets of 8 reps
    local pull = p:add("pull", o.pull * (1 + o.fatigue * kk) + r.range(-0.1, 0.1), lock,
                       {rth = th_r[k] or 0, rlu = lu_r[k] or 0,
                        stick = type(stick[k]) == "number" and stick[k] or (stick[k] and 0.35 or 1)})
    rep.lockout_s = p.t
    rep.pull = pull
    local hold = (o.tng ~= 0 and k < n) and 0.25 or math.max(0.3, o.hold + r.range(-0.2, 0.2))
    if holds[k] then hold = holds[k] end
    p:hold(hold)
    if dip[k] then
      p:add("move", 0.6, pose(r.range(15, 22), 3, 3)); p:add("move", 0.6, lock)
      p:hold(0.4)
    end
    rep.end_s = p.t
    p.reps[k] = rep
    if p.t > limit then break end
    if o.reset == "stand" and k < n then
      -- Bar down, then straight up without it, a breath, and set up again.
      p:add("move", r.range(1.0, 1.4), pose(o.hip + r.range(-6, 0), 9, 12))
      p:add("move", r.range(0.8, 1.1), pose(0, 0, 0))
      p:hold(r.range(1.0, 2.0))
    end
  end
  local last = p.reps[#p.reps]
  if o.finish == "stand" or o.finish == "floor" then
    p:add("move", r.range(1.0, 1.4), pose(o.hip + r.range(-4, 4), 12, 16))
    if o.finish == "stand" then
      p:hold(r.range(0.4, 0.8), 0.3)
      p:add("move", r.range(0.8, 1.2), pose(0, 0, 0))
      p:hold(o.stand_end)
    else
      p:hold(1.0, 0.3)
    end
  elseif o.finish == "lockout" then
    if last then last.end_s = p.t end -- the recording ends during the lockout hold
  else
    error("finish must be stand, floor or lockout")
  end
  p.duration = p.t
  if o.rows > 0 then p.duration = (o.rows - 1) / o.fs end
  if last and last.end_s > p.duration then last.end_s = p.duration end
  return p
end

-- Value of every relative channel at time t (segments in order; `hint`
-- carries the current segment index for sequential calls).
function Plan:at(t, hint)
  local i = hint or 1
  local segs = self.segs
  while i < #segs and t >= segs[i].t1 do i = i + 1 end
  while i > 1 and t < segs[i].t0 do i = i - 1 end
  local s = segs[i]
  if t >= s.t1 then
    local b = s.b
    return b.hip, b.th, b.lu, i
  end
  local h, th, lu = seg_value(s, math.max(t, s.t0))
  return h, th, lu, i
end

-- Truth of a rep's pull on the noise-free trace, at 1 ms.
local function pull_truth(p, rep)
  local s = rep.pull
  local th0, lu0 = select(2, seg_value(s, s.t0))
  local thmax, lumax = th0, lu0
  for t = s.t0, s.t1, 0.001 do
    local _, th, lu = seg_value(s, t)
    if th > thmax then thmax = th end
    if lu > lumax then lumax = lu end
  end
  rep.thoracic_start, rep.lumbar_start = th0, lu0
  rep.thoracic_peak, rep.lumbar_peak = thmax, lumax
  rep.thoracic_rounding, rep.lumbar_rounding = thmax - th0, lumax - lu0
end

local function verdict(rep)
  local th = M.thresholds
  if rep.lumbar_rounding >= th.lumbar then return "stop" end
  if rep.thoracic_rounding >= th.thoracic_fix then return "fix" end
  if rep.thoracic_rounding >= th.thoracic_caution then return "caution" end
  return "ok"
end

function M.truth(p, o)
  local reps = {}
  for k, rep in ipairs(p.reps) do
    if rep.lockout_s + 0.2 > p.duration then break end -- cut by rows=
    pull_truth(p, rep)
    reps[k] = {
      rep = k, start_s = rep.start_s, liftoff_s = rep.liftoff_s, lockout_s = rep.lockout_s,
      end_s = rep.end_s, pull_duration_s = rep.lockout_s - rep.liftoff_s,
      hip_setup_deg = rep.hip_setup,
      thoracic_start_deg = rep.thoracic_start, thoracic_peak_deg = rep.thoracic_peak,
      thoracic_rounding_deg = rep.thoracic_rounding,
      lumbar_start_deg = rep.lumbar_start, lumbar_peak_deg = rep.lumbar_peak,
      lumbar_rounding_deg = rep.lumbar_rounding,
      upper_back_rounding = rep.thoracic_rounding >= M.thresholds.thoracic_caution,
      lumbar_rounding = rep.lumbar_rounding >= M.thresholds.lumbar,
    }
    reps[k].verdict = verdict(rep)
  end
  return {reps = reps, fs = o.fs, duration_s = p.duration,
          neutral = {hip = o.neutral_hip, thoracic = o.neutral_thoracic,
                     lumbar = o.neutral_lumbar, trunk = o.neutral_trunk}}
end

M.truth_columns = {
  "rep", "start_s", "liftoff_s", "lockout_s", "end_s", "pull_duration_s", "hip_setup_deg",
  "thoracic_start_deg", "thoracic_peak_deg", "thoracic_rounding_deg",
  "lumbar_start_deg", "lumbar_peak_deg", "lumbar_rounding_deg",
  "upper_back_rounding", "lumbar_rounding", "verdict",
  "fs", "neutral_hip_deg", "neutral_thoracic_deg", "neutral_lumbar_deg",
}

function M.write_truth(path, truth)
  local f = assert(io.open(path, "w"))
  f:write(table.concat(M.truth_columns, ","), "\n")
  for _, r in ipairs(truth.reps) do
    local row = {}
    local extra = {fs = truth.fs, neutral_hip_deg = truth.neutral.hip,
                   neutral_thoracic_deg = truth.neutral.thoracic,
                   neutral_lumbar_deg = truth.neutral.lumbar}
    for i, c in ipairs(M.truth_columns) do
      local v = r[c]
      if v == nil then v = extra[c] end
      if type(v) == "boolean" then v = v and 1 or 0 end
      if type(v) == "number" and c ~= "rep" and c ~= "fs" then v = string.format("%.4f", v) end
      row[i] = tostring(v)
    end
    f:write(table.concat(row, ","), "\n")
  end
  f:close()
end

-- Read a truth CSV back (numbers converted, flags as booleans).
function M.read_truth(path)
  local f = assert(io.open(path))
  local header, reps = nil, {}
  for line in f:lines() do
    local cells = {}
    for c in (line .. ","):gmatch("([^,]*),") do cells[#cells + 1] = c end
    if not header then header = cells
    else
      local r = {}
      for i, c in ipairs(header) do r[c] = tonumber(cells[i]) or cells[i] end
      r.upper_back_rounding = r.upper_back_rounding == 1
      r.lumbar_rounding = r.lumbar_rounding == 1
      reps[#reps + 1] = r
    end
  end
  f:close()
  return {reps = reps}
end

-- Glitches: positions of spikes and empty cells, chosen up front.
local function glitches(o, r, nrows, nchan)
  local g = {spike = {}, empty = {}}
  for _ = 1, o.spikes do
    local i = r.int(1, nrows)
    g.spike[i] = {chan = r.int(1, nchan), size = r.range(40, 80) * (r.u() < 0.5 and -1 or 1)}
  end
  local function gap(lo_s, hi_s, all)
    local len = math.max(1, math.floor(r.range(lo_s, hi_s) * o.fs))
    local i0 = r.int(1, math.max(1, nrows - len))
    local chan = all and 0 or r.int(1, nchan)
    for i = i0, math.min(nrows, i0 + len - 1) do
      g.empty[i] = g.empty[i] or {}
      if chan == 0 then g.empty[i].all = true else g.empty[i][chan] = true end
    end
  end
  for _ = 1, o.dropouts do gap(0.01, 0.25, r.u() < 0.5) end
  for _ = 1, o.longgaps do gap(0.5, 1.5, true) end
  return g
end

local function channels(o)
  local list = {}
  for c in o.channels:gmatch("[^,]+") do
    if c ~= "hip" and c ~= "thoracic" and c ~= "lumbar" and c ~= "trunk" then
      error("unknown channel '" .. c .. "'")
    end
    list[#list + 1] = c
  end
  return list
end

local function header(o, chans)
  local h = {}
  if o.time == "s" then h[1] = "time_s" elseif o.time == "ms" then h[1] = "time_ms"
  elseif o.time ~= "none" then error("time must be s, ms or none") end
  for _, c in ipairs(chans) do h[#h + 1] = c .. (o.units == "rad" and "_rad" or "_deg") end
  if o.meta ~= 0 then h[#h + 1] = "athlete"; h[#h + 1] = "date"; h[#h + 1] = "set" end
  return h
end

-- Write the session CSV (and the truth sidecar); returns the truth.
function M.write(path, o)
  local p = M.plan(o)
  local r = rng(o.seed + 7919)
  local chans = channels(o)
  local nrows = math.floor(p.duration * o.fs + 1e-9) + 1
  if o.rows > 0 then nrows = o.rows end
  local g = glitches(o, r, nrows, #chans)
  local eol = o.crlf ~= 0 and "\r\n" or "\n"
  local f = assert(io.open(path, "wb"))
  if o.bom ~= 0 then f:write("\239\187\191") end
  f:write(table.concat(header(o, chans), o.delim), eol)
  local nfmt = "%." .. math.floor(o.decimals) .. "f"
  local scale = o.units == "rad" and math.pi / 180 or 1
  -- Enough decimals for the time step to be exact (60 Hz needs more than
  -- 100 Hz); jittered times get six.
  local tdec = 6
  for d = 2, 5 do
    local steps = 10 ^ d / o.fs
    if math.abs(steps - math.floor(steps + 0.5)) < 1e-9 then tdec = d; break end
  end
  if o.jitter > 0 then tdec = 6 end
  local tfmt = o.time == "ms" and "%.3f" or ("%." .. tdec .. "f")
  local neutral = {hip = o.neutral_hip, thoracic = o.neutral_thoracic,
                   lumbar = o.neutral_lumbar, trunk = o.neutral_trunk}
  local buf, hint = {}, 1
  local meta = o.meta ~= 0 and (o.delim .. o.athlete .. o.delim .. o.date .. o.delim .. o.set) or ""
  local fix_decimal = o.decimal == ","
  -- The fast path formats a whole row at once; rows with glitches or a
  -- decimal comma take the slow one.
  local parts = {}
  if o.time ~= "none" then parts[1] = tfmt end
  for _ = 1, #chans do parts[#parts + 1] = nfmt end
  local rowfmt = table.concat(parts, o.delim) .. meta .. eol
  local tscale = o.time == "ms" and 1000 or 1
  local nb = 0
  local vals, cells = {}, {}
  for i = 1, nrows do
    local t = (i - 1) / o.fs
    if o.jitter > 0 and i > 1 then t = t + r.range(-o.jitter, o.jitter) / o.fs end
    local hip, th, lu
    hip, th, lu, hint = p:at(t, hint)
    local nv = 0
    if o.time ~= "none" then nv = 1; vals[1] = t * tscale end
    local sp = g.spike[i]
    for c = 1, #chans do
      local name, rel = chans[c]
      if name == "hip" then rel = hip elseif name == "thoracic" then rel = th
      elseif name == "lumbar" then rel = lu else rel = 0.6 * hip + 0.3 * (th + lu) end
      local v = rel + neutral[name] + o.noise * r.gauss()
      if sp and sp.chan == c then v = v + sp.size end
      nv = nv + 1
      vals[nv] = v * scale
    end
    local e = g.empty[i]
    local line
    if e == nil and not fix_decimal then
      line = string.format(rowfmt, table.unpack(vals, 1, nv))
    else
      local off = o.time ~= "none" and 1 or 0
      for k = 1, nv do
        local empty = e and k > off and (e.all or e[k - off])
        cells[k] = empty and "" or string.format(k <= off and tfmt or nfmt, vals[k])
      end
      line = table.concat(cells, o.delim, 1, nv)
      if fix_decimal then line = line:gsub("(%d)%.(%d)", "%1,%2") end
      line = line .. meta .. eol
    end
    nb = nb + 1
    buf[nb] = line
    if nb >= 4096 then f:write(table.concat(buf, "", 1, nb)); nb = 0 end
  end
  f:write(table.concat(buf, "", 1, nb))
  buf = {}
  f:write(table.concat(buf))
  f:close()
  local truth = M.truth(p, o)
  local tpath = o.truth ~= "" and o.truth or (path:gsub("%.csv$", "") .. ".truth.csv")
  M.write_truth(tpath, truth)
  truth.path = tpath
  return truth
end

return M
