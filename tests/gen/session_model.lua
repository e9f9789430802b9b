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
  neutral_knee = 2.0,
  -- issue 12: recordings as they come
  exercise = "deadlift", start = "stand", sets = 1, setreps = "", rest = 90, setcol = 0,
  upright = 1, invert = "", lumbar_gap = "", thoracic_gap = "", splices = 0, leanbacks = 0,
  missing = "empty", squat_hip = 100, rdl_hip = 75,
  cut = "",
}

-- Verdict thresholds used for the truth flags: hinge's defaults.  Rounding
-- magnitudes the generator picks stay well away from them.
M.thresholds = {thoracic_caution = 5, thoracic_fix = 10, lumbar = 5}
M.set_rest_s = 60 -- hinge's set_rest_s: a longer rest without a set column starts a set

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

M.rng = rng

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

local function chan_index(chans, name)
  for i, c in ipairs(chans) do if c == name then return i end end
  return nil
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
local function pull_progress(t, T, stick, seg)
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
  -- The total area depends on the segment only: kept on it.
  local total = seg and seg.area_total
  if not total then
    total = area(T)
    if seg then seg.area_total = total end
  end
  return area(t) / total
end

local function seg_value(s, t)
  local u = (t - s.t0) / (s.t1 - s.t0)
  if s.kind == "hold" then
    local w = s.sway * math.sin(2 * math.pi * 0.3 * (t - s.t0) + s.phase)
    return s.a.hip + w, s.a.th + 0.5 * w, s.a.lu + 0.5 * w
  end
  local m = s.kind == "pull" and pull_progress(t - s.t0, s.t1 - s.t0, s.stick or 1, s) or mj(u)
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

-- Reps per set: setreps= "5,3" (one count per set), else reps= for every set.
local function set_sizes(o)
  local sizes = {}
  for v in tostring(o.setreps):gmatch("[^,]+") do sizes[#sizes + 1] = math.floor(tonumber(v) or error("setreps= takes counts like 5,3")) end
  if #sizes == 0 then for s = 1, math.max(1, math.floor(o.sets)) do sizes[s] = o.reps end end
  return sizes
end

-- The put-down at the end of a set: the bar lowered to the floor, then
-- (finish=stand) the lifter stands up without it: a short, fast rise
-- (0.6-0.9 s) straight out of the lowering (0.05-0.3 s at the bottom),
-- unlike a loaded pull that follows a setup pause.
local function put_down(p, o, r, stand_after)
  p:add("move", r.range(1.0, 1.4), pose(o.hip + r.range(-4, 4), 12, 16))
  if stand_after then
    p:hold(r.range(0.05, 0.3), 0.3)
    p:add("move", r.range(0.6, 0.9), pose(0, 0, 0))
    return true
  end
  p:hold(1.0, 0.3)
  return false
end

-- One deadlift-family rep (deadlift from the floor, RDL from standing,
-- squat) appended to the plan; returns the rep's truth record.
local function plan_rep(p, o, r, c)
  local k, first, last = c.k, c.first, c.last
  local rep = {rep = k, start_s = p.t, set = c.set}
  local ex = o.exercise
  local depth = ex == "squat" and o.squat_hip or ex == "rdl" and o.rdl_hip or o.hip
  local bottom = pose(depth + r.range(-4, 4), o.thoracic_setup + r.range(-2, 2),
                      o.lumbar_setup + r.range(-2, 2))
  local pause
  if c.from_setup then
    -- The recording starts here: in the setup, bar in hand.
    p.pos = bottom
    rep.start_s = 0
    pause = math.max(0.3, o.pause + r.range(-0.2, 0.2))
    if c.pauses[k] then pause = c.pauses[k] end
  else
    local from_standing = first or o.reset == "stand"
    local dur
    if ex == "deadlift" then dur = from_standing and r.range(1.3, 1.9) or r.range(1.0, 1.5)
    else dur = r.range(1.0, 1.6) end -- an eccentric descent under the bar
    p:add("move", dur, bottom)
    if ex == "deadlift" then
      -- touch-and-go turns around at the floor; after standing up without
      -- the bar (reset=stand) the lifter must bend and grip it again
      pause = (o.tng ~= 0 and not first and o.reset ~= "stand") and 0
              or math.max(0.3, o.pause + r.range(-0.2, 0.2))
    else
      pause = r.range(0.0, 0.3) -- squats and RDLs turn around at the bottom
    end
    if c.pauses[k] then pause = c.pauses[k] end
  end
  local t_bottom = p.t
  if c.hitch[k] then
    p:hold(pause / 2)
    local up = pose(bottom.hip - r.range(15, 22), bottom.th - 2, bottom.lu - 2)
    p:add("move", 0.6, up); p:add("move", 0.6, bottom)
    p:hold(math.max(0.3, pause / 2))
  else
    p:hold(pause, 0.3)
  end
  rep.dwell_s = p.t - t_bottom
  rep.liftoff_s = p.t
  rep.hip_setup = bottom.hip
  rep.thoracic_setup, rep.lumbar_setup = bottom.th, bottom.lu
  local lock = pose(r.range(-1, 1), r.range(-1, 1), r.range(-1, 1))
  if ex == "squat" and o.upright == 0 and not last then
    lock = pose(r.range(12, 25), r.range(1, 3), r.range(1, 3)) -- never fully upright
  end
  local kk = c.kk
  local pull = p:add("pull", o.pull * (1 + o.fatigue * kk) + r.range(-0.1, 0.1), lock,
                     {rth = c.th_r[k] or 0, rlu = c.lu_r[k] or 0,
                      stick = type(c.stick[k]) == "number" and c.stick[k] or (c.stick[k] and 0.35 or 1)})
  rep.lockout_s = p.t
  rep.pull = pull
  local hold
  if ex == "deadlift" then
    hold = (o.tng ~= 0 and not last) and 0.25 or math.max(0.3, o.hold + r.range(-0.2, 0.2))
  elseif ex == "squat" and o.upright == 0 and not last then
    hold = r.range(0.0, 0.15)
  else
    hold = r.range(0.2, 0.8)
  end
  if c.holds[k] then hold = c.holds[k] end
  p:hold(hold)
  if c.dip[k] then
    p:add("move", 0.6, pose(r.range(15, 22), 3, 3)); p:add("move", 0.6, lock)
    p:hold(0.4)
  end
  rep.end_s = p.t
  return rep
end

function M.plan(o)
  local r = rng(o.seed)
  local p = setmetatable({segs = {}, t = 0, pos = pose(0, 0, 0), r = r, reps = {}, sets = {}}, Plan)
  local sizes = set_sizes(o)
  local n = 0
  for _, m in ipairs(sizes) do n = n + m end
  if o.rows > 0 then n = math.huge; sizes = {math.huge} end
  if o.exercise ~= "deadlift" and o.exercise ~= "squat" and o.exercise ~= "rdl" then
    error("exercise must be deadlift, squat or rdl")
  end
  if o.start ~= "stand" and o.start ~= "setup" then error("start must be stand or setup") end
  if o.start == "setup" and o.exercise ~= "deadlift" then error("start=setup is a deadlift's") end
  local th_r, lu_r = {}, {}
  if n ~= math.huge then th_r, lu_r = rounding_plan(o, r, n) end
  local c = {pauses = parse_map(o.pauses), holds = parse_map(o.holds), hitch = parse_map(o.hitch),
             dip = parse_map(o.dip), stick = parse_map(o.stick), th_r = th_r, lu_r = lu_r}
  if o.reset ~= "" and o.reset ~= "stand" then error("reset= takes 'stand'") end
  if o.finish ~= "stand" and o.finish ~= "floor" and o.finish ~= "lockout" and o.finish ~= "drop" then
    error("finish must be stand, floor, lockout or drop")
  end
  local limit = o.rows > 0 and (o.rows / o.fs) or math.huge
  if o.start == "stand" then p:hold(o.stand) end
  local k = 0
  p.stood_up = {} -- put-downs followed by standing up without the bar
  for s, m in ipairs(sizes) do
    p.sets[s] = {set = s, first_rep = k + 1, start_s = p.t}
    local j = 0
    while j < m do
      j = j + 1
      k = k + 1
      if o.rows > 0 and k % 7 == 0 then lu_r[k] = r.range(7, 12) end
      c.k, c.set, c.first, c.last = k, s, j == 1, j == m
      c.from_setup = k == 1 and o.start == "setup"
      c.kk = o.rows > 0 and (k - 1) % 8 or j - 1 -- rows=: sets of 8 reps
      local rep = plan_rep(p, o, r, c)
      p.reps[k] = rep
      if p.t > limit then break end
      if o.reset == "stand" and j < m and o.exercise == "deadlift" then
        -- Bar down, then straight up without it, a breath, and set up again.
        p:add("move", r.range(1.0, 1.4), pose(o.hip + r.range(-6, 0), 9, 12))
        p:add("move", r.range(0.8, 1.1), pose(0, 0, 0))
        p.stood_up[#p.stood_up + 1] = p.t
        p:hold(r.range(1.0, 2.0))
      end
    end
    p.sets[s].last_rep = k
    if p.t > limit then break end
    if s < #sizes then
      -- Between sets: the bar put down (a squat or RDL bar racked) and a rest.
      if o.exercise == "deadlift" then
        if put_down(p, o, r, true) then p.stood_up[#p.stood_up + 1] = p.t end
      end
      local rest = o.rest * r.range(0.9, 1.1)
      p.switch = p.switch or {}
      p.switch[s] = p.t + rest / 2 -- the set column changes mid-rest
      p.rests = p.rests or {}
      p.rests[s] = rest
      p:hold(rest, 0.3)
    end
  end
  local last = p.reps[#p.reps]
  if o.exercise ~= "deadlift" then
    p:hold(o.stand_end) -- the bar racked (squat) or held and put away (RDL)
  elseif o.finish == "stand" or o.finish == "floor" then
    if put_down(p, o, r, o.finish == "stand") then
      p.stood_up[#p.stood_up + 1] = p.t
      p:hold(o.stand_end)
    end
  elseif o.finish == "drop" then
    -- The bar dropped from lockout; the lifter stays standing.
    p:hold(r.range(1.0, 2.5), 0.3)
    if last then last.end_s = p.t end
  else -- lockout
    if last then last.end_s = p.t end -- the recording ends during the lockout hold
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
-- The spine of a pull at time t (seg_value without the hip).
local function pull_spine_at(s, t)
  local u = (t - s.t0) / (s.t1 - s.t0)
  return pull_spine(s.a.th, s.b.th, s.rth, u), pull_spine(s.a.lu, s.b.lu, s.rlu, u)
end

local function pull_truth(p, rep)
  if rep.thoracic_peak_t then return end -- done already
  local s = rep.pull
  local th0, lu0 = pull_spine_at(s, s.t0)
  local thmax, lumax, tth, tlu = th0, lu0, s.t0, s.t0
  -- The peaks on a 1 ms grid: every 10th point first, then the 1 ms
  -- points around the best of them (the bump is smooth and single).
  local K = math.floor((s.t1 - s.t0) / 0.001 + 1e-9)
  local kth, klu, bth, blu = 0, 0, th0, lu0
  for k = 0, K, 10 do
    local th, lu = pull_spine_at(s, s.t0 + k * 0.001)
    if th > bth then bth, kth = th, k end
    if lu > blu then blu, klu = lu, k end
  end
  for k = math.max(0, kth - 10), math.min(K, kth + 10) do
    local th = pull_spine_at(s, s.t0 + k * 0.001)
    if th > thmax then thmax, tth = th, s.t0 + k * 0.001 end
  end
  for k = math.max(0, klu - 10), math.min(K, klu + 10) do
    local _, lu = pull_spine_at(s, s.t0 + k * 0.001)
    if lu > lumax then lumax, tlu = lu, s.t0 + k * 0.001 end
  end
  rep.thoracic_start, rep.lumbar_start = th0, lu0
  rep.thoracic_peak, rep.lumbar_peak = thmax, lumax
  rep.thoracic_peak_t, rep.lumbar_peak_t = tth, tlu
  rep.thoracic_rounding, rep.lumbar_rounding = thmax - th0, lumax - lu0
end

-- The verdict from what each spine channel says.  st.thoracic/st.lumbar:
-- "yes" (assessed), "no" (present, too little measured), "absent".
-- A channel not assessed cannot clear the rep: the verdict is unknown
-- unless an assessed channel says fix or stop; with no spine channel at
-- all it is unknown.
local function verdict_of(rep, st)
  local th = M.thresholds
  local lu_flag = rep.lumbar_rounding >= th.lumbar
  if st.lumbar == "yes" and lu_flag then return "stop" end
  if st.thoracic == "yes" and rep.thoracic_rounding >= th.thoracic_fix then return "fix" end
  if st.thoracic == "no" or st.lumbar == "no" then return "unknown" end
  if st.thoracic == "absent" and st.lumbar == "absent" then return "unknown" end
  if st.thoracic == "yes" and rep.thoracic_rounding >= th.thoracic_caution then return "caution" end
  return "ok"
end

local function verdict(rep)
  return verdict_of(rep, {thoracic = "yes", lumbar = "yes"})
end

-- Whether a spine channel's rounding can be assessed on a rep, from the
-- samples that are missing or replaced (empty cells, dropouts, spikes) in
-- its pull: "yes", "no", or nil when it depends on where exactly the
-- analysis puts liftoff and lockout (+-0.4 s) or sits within 1.5 samples
-- of the limits (max_unmeasured_s 0.1, min_coverage 0.8).
M.coverage_limits = {max_unmeasured_s = 0.1, min_coverage = 0.8, slack_s = 0.4}

local function unmeasured(g, i, c)
  local e = g.empty[i]
  if e and (e.all or e[c]) then return true end
  local sp = g.spike[i]
  return sp ~= nil and sp.chan == c
end

local function window_state(g, c, fs, t0, t1, nrows)
  local lim = M.coverage_limits
  local i0, i1 = math.max(1, math.ceil(t0 * fs - 1e-9) + 1), math.min(nrows, math.floor(t1 * fs + 1e-9) + 1)
  local run, longest, miss = 0, 0, 0
  for i = i0, i1 do
    if unmeasured(g, i, c) then
      run = run + 1; miss = miss + 1
      if run > longest then longest = run end
    else run = 0 end
  end
  local n = math.max(1, i1 - i0 + 1)
  local run_s, cov = longest / fs, 1 - miss / n
  -- Each limit says no, yes, or (within its margin) either; one sure no
  -- decides.
  local margin = 1.5 / fs
  local by_run = run_s > lim.max_unmeasured_s + margin and "no"
                 or run_s < lim.max_unmeasured_s - margin and "yes" or nil
  local by_cov = cov < lim.min_coverage - 0.03 and "no" or cov > lim.min_coverage + 0.03 and "yes" or nil
  if by_run == "no" or by_cov == "no" then return "no", cov end
  if by_run == "yes" and by_cov == "yes" then return "yes", cov end
  return nil, cov
end

local function channel_state(g, chans, fs, rep, name, nrows)
  local c
  for i, x in ipairs(chans) do if x == name then c = i end end
  if not c then return "absent", nil end
  if not g then return "yes", 1 end
  local sl = M.coverage_limits.slack_s
  local a, cov = window_state(g, c, fs, rep.liftoff_s, rep.lockout_s, nrows)
  local narrow = window_state(g, c, fs, rep.liftoff_s + sl, rep.lockout_s - sl, nrows)
  local wide = window_state(g, c, fs, rep.liftoff_s - sl, rep.lockout_s + sl, nrows)
  if a == nil or narrow ~= a or wide ~= a then return nil, cov end
  return a, cov
end

local SEVERITY = {ok = 0, caution = 1, fix = 2, stop = 3}

-- Every verdict the truth accepts for a rep: the one by the rules, the
-- other readings of an ambiguous coverage, and fix/stop that an
-- unassessed channel's own (partial) data may still show.
local function accepted_verdicts(rep, st_list)
  local set, list = {}, {}
  local function add(v) if not set[v] then set[v] = true; list[#list + 1] = v end end
  for _, st in ipairs(st_list) do
    add(verdict_of(rep, st))
    local full = {thoracic = st.thoracic == "no" and "yes" or st.thoracic,
                  lumbar = st.lumbar == "no" and "yes" or st.lumbar}
    local v = verdict_of(rep, full)
    if (v == "fix" or v == "stop") and (st.thoracic == "no" or st.lumbar == "no") then add(v) end
    -- One spine channel absent: "ok" from the other alone, or "unknown"
    -- for the region not measured (the rule for this case is not settled).
    if (st.thoracic == "absent") ~= (st.lumbar == "absent") and verdict_of(rep, st) == "ok" then
      add("unknown")
    end
  end
  return list, set
end

-- Expand nil (ambiguous) states into both readings.
local function state_readings(th, lu)
  local out = {}
  for _, a in ipairs(th == nil and {"yes", "no"} or {th}) do
    for _, b in ipairs(lu == nil and {"yes", "no"} or {lu}) do
      out[#out + 1] = {thoracic = a, lumbar = b}
    end
  end
  return out
end

-- The truth of a session.  g (glitches) and chans (written channels)
-- are optional: without them every present spine channel is assessed.
function M.truth(p, o, g, chans, nrows)
  chans = chans or {"hip", "thoracic", "lumbar"}
  local reps = {}
  for k, rep in ipairs(p.reps) do
    if rep.lockout_s + 0.2 > p.duration then break end -- cut by rows=
    pull_truth(p, rep)
    local th_st, th_cov = channel_state(g, chans, o.fs, rep, "thoracic", nrows or math.huge)
    local lu_st, lu_cov = channel_state(g, chans, o.fs, rep, "lumbar", nrows or math.huge)
    local t = {
      rep = k, set = rep.set or 1, start_s = rep.start_s, liftoff_s = rep.liftoff_s,
      lockout_s = rep.lockout_s, dwell_s = rep.dwell_s,
      end_s = rep.end_s, pull_duration_s = rep.lockout_s - rep.liftoff_s,
      hip_setup_deg = rep.hip_setup,
      thoracic_start_deg = rep.thoracic_start, thoracic_peak_deg = rep.thoracic_peak,
      thoracic_rounding_deg = rep.thoracic_rounding,
      lumbar_start_deg = rep.lumbar_start, lumbar_peak_deg = rep.lumbar_peak,
      lumbar_rounding_deg = rep.lumbar_rounding,
      upper_back_rounding = rep.thoracic_rounding >= M.thresholds.thoracic_caution,
      lumbar_rounding = rep.lumbar_rounding >= M.thresholds.lumbar,
      thoracic_assessed = th_st, lumbar_assessed = lu_st, -- "yes", "no", "absent", nil = either
      thoracic_coverage = th_cov, lumbar_coverage = lu_cov,
    }
    if not chan_index(chans, "hip") and not chan_index(chans, "trunk") then
      -- Segmented on the spine alone: the spine holds its setup flexion
      -- (or flexes further) early in the pull, so its extension starts
      -- later than the bar leaves the floor.  Liftoff is accepted up to
      -- where the spine (their sum) comes within 1 deg of its highest.
      local s, hi, t_hi = rep.pull, -math.huge, rep.liftoff_s
      local use_th, use_lu = chan_index(chans, "thoracic") ~= nil, chan_index(chans, "lumbar") ~= nil
      local sums = {}
      for tt = s.t0, s.t1, 0.005 do
        local th, lu = pull_spine_at(s, tt)
        local v = (use_th and th or 0) + (use_lu and lu or 0)
        sums[#sums + 1] = {tt, v}
        if v > hi then hi = v end
      end
      for _, x in ipairs(sums) do if x[2] >= hi - 1 then t_hi = x[1] end end
      t.liftoff_latest_s = t_hi
    end
    local list, set = accepted_verdicts(rep, state_readings(th_st, lu_st))
    t.verdict = list[1]
    t.verdicts = set
    -- Flags are checked only where the channel is assessed for sure.
    t.check_upper_back = th_st == "yes"
    t.check_lumbar = lu_st == "yes"
    if th_st == "absent" then t.upper_back_rounding = false; t.check_upper_back = true end
    if lu_st == "absent" then t.lumbar_rounding = false; t.check_lumbar = true end
    reps[k] = t
  end
  -- Sets: the set column's, else a new set after a rest of set_rest_s
  -- (60 s, hinge's default) or more; a rest within 25 s under it is
  -- refused (the analysis measures the rest with the put-down and the
  -- next setup around it).
  local sets, number = {}, {}
  for s, st in ipairs(p.sets or {}) do
    local split = s == 1 or o.setcol ~= 0
    if s > 1 and o.setcol == 0 then
      local rest = p.rests[s - 1]
      if rest > M.set_rest_s - 25 and rest < M.set_rest_s then
        error(string.format("rest=%g: too close to the %g s that splits sets", rest, M.set_rest_s))
      end
      split = rest >= M.set_rest_s
    end
    if split and st.first_rep <= #reps then
      sets[#sets + 1] = {set = o.setcol ~= 0 and s or #sets + 1, first_rep = st.first_rep}
    end
    for k = st.first_rep, st.last_rep or st.first_rep - 1 do number[k] = sets[#sets] and sets[#sets].set end
  end
  for k, t in ipairs(reps) do t.set = number[k] or 1 end
  local has_spine = false
  for _, c in ipairs(chans) do if c == "thoracic" or c == "lumbar" then has_spine = true end end
  return {reps = reps, sets = sets, fs = o.fs, duration_s = p.duration,
          exercise = o.exercise, spine_assessed = has_spine,
          warnings = p.expect_warnings or {}, unmapped_warnings = p.unmapped_warnings,
          map = p.map, stood_up = p.stood_up,
          neutral = {hip = o.neutral_hip, thoracic = o.neutral_thoracic,
                     lumbar = o.neutral_lumbar, trunk = o.neutral_trunk}}
end

M.truth_columns = {
  "rep", "start_s", "liftoff_s", "lockout_s", "end_s", "pull_duration_s", "hip_setup_deg",
  "thoracic_start_deg", "thoracic_peak_deg", "thoracic_rounding_deg",
  "lumbar_start_deg", "lumbar_peak_deg", "lumbar_rounding_deg",
  "upper_back_rounding", "lumbar_rounding", "verdict",
  "fs", "neutral_hip_deg", "neutral_thoracic_deg", "neutral_lumbar_deg",
  "set", "dwell_s", "thoracic_assessed", "lumbar_assessed",
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
      if v == nil and c:match("_assessed$") then v = "either" end
      if type(v) == "boolean" then v = v and 1 or 0 end
      if type(v) == "number" and c ~= "rep" and c ~= "fs" and c ~= "set" then v = string.format("%.4f", v) end
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

-- Glitches: positions of spikes and empty cells, chosen up front; then
-- (issue 12) gaps at a rep's rounding peak, 2-frame video splices and
-- keypoint glitches leaning back, whose rows take other values (g.over).
local function glitches(o, r, nrows, chans, p)
  local nchan = #chans
  local g = {spike = {}, empty = {}, over = {}}
  for _ = 1, o.spikes do
    local i = r.int(1, nrows)
    g.spike[i] = {chan = r.int(1, nchan), size = r.range(40, 80) * (r.u() < 0.5 and -1 or 1)}
  end
  local function blank(i0, i1, chan)
    for i = math.max(1, i0), math.min(nrows, i1) do
      g.empty[i] = g.empty[i] or {}
      if chan == 0 then g.empty[i].all = true else g.empty[i][chan] = true end
    end
  end
  local function gap(lo_s, hi_s, all)
    local len = math.max(1, math.floor(r.range(lo_s, hi_s) * o.fs))
    local i0 = r.int(1, math.max(1, nrows - len))
    blank(i0, i0 + len - 1, all and 0 or r.int(1, nchan))
  end
  for _ = 1, o.dropouts do gap(0.01, 0.25, r.u() < 0.5) end
  for _ = 1, o.longgaps do gap(0.5, 1.5, true) end
  return g
end

-- lumbar_gap=K:S / thoracic_gap=K:S: S seconds of the channel missing,
-- centred on rep K's rounding peak (the middle of the pull without one).
local function peak_gaps(o, g, chans, p, nrows)
  p.expect_warnings = p.expect_warnings or {}
  for _, name in ipairs({"thoracic", "lumbar"}) do
    local c = chan_index(chans, name)
    for k, len in pairs(parse_map(o[name .. "_gap"])) do
      local rep = p.reps[k]
      if not rep then error(name .. "_gap: no rep " .. k) end
      if type(len) ~= "number" then error(name .. "_gap takes K:SECONDS") end
      pull_truth(p, rep)
      local tc = rep[name .. "_peak_t"]
      if rep[name .. "_rounding"] < 1 then tc = rep.liftoff_s + 0.4 * (rep.lockout_s - rep.liftoff_s) end
      if c then
        local i0 = math.floor((tc - len / 2) * o.fs + 0.5) + 1
        local i1 = math.floor((tc + len / 2) * o.fs + 0.5) + 1
        for i = math.max(1, i0), math.min(nrows, i1) do
          g.empty[i] = g.empty[i] or {}
          g.empty[i][c] = true
        end
        if len > M.coverage_limits.max_unmeasured_s + 2 / o.fs then
          p.expect_warnings[#p.expect_warnings + 1] = {
            what = string.format("rep %d %s gap %.2f s", k, name, len),
            all = {name, "%f[%d]" .. k .. "%f[%D]"},
            any = {"gap", "missing", "assess", "unmeasured", "coverage", "measured"}}
        end
      end
    end
  end
end

-- Standing holds long enough to hide a glitch in: {t0, t1}.
local function standing_holds(p)
  local out = {}
  for _, s in ipairs(p.segs) do
    if s.kind == "hold" and math.abs(s.a.hip) < 3 and s.t1 - s.t0 >= 0.8 then out[#out + 1] = s end
  end
  return out
end

-- splices=N: 2 frames of the setup pose inside standing (a cut in the
-- video); leanbacks=N: 0.2-0.4 s where the keypoints put the hip in deep
-- flexion and the trunk 45-65 deg behind vertical.  Neither is a rep;
-- each is a rise the analysis must reject (with a warning), but for a
-- splice at 30 fps or more, which the despiking removes first.
local function video_glitches(o, r, g, p, nrows)
  local holds = standing_holds(p)
  local placed = 0
  local used = {}
  local function place(len_s, values)
    if #holds == 0 then return end
    for _ = 1, 10 do
      local s = holds[r.int(1, #holds)]
      local room = s.t1 - s.t0 - 0.6 - len_s
      if room > 0 then
        local t = s.t0 + 0.3 + r.u() * room
        local i0 = math.floor(t * o.fs) + 1
        local n = math.max(2, math.floor(len_s * o.fs + 0.5))
        local clash = false
        for i = i0 - math.floor(0.6 * o.fs), i0 + n + math.floor(0.6 * o.fs) do
          if used[i] then clash = true end
        end
        if not clash and i0 + n - 1 <= nrows then
          for i = i0, i0 + n - 1 do g.over[i] = values; used[i] = true end
          placed = placed + 1
          return
        end
      end
    end
  end
  -- A 2-frame splice is a rise to reject only where hinge's default
  -- despiking leaves it: its Hampel half-window (0.05 s, rounded to
  -- samples) replaces a run of up to that many samples, so from 30 fps
  -- (2 samples) the splice never reaches the segmentation.
  local hampel_half = math.floor(0.05 * o.fs + 0.5)
  local removed = 0
  for _ = 1, o.splices do
    local before = placed
    place(2 / o.fs, {hip = o.hip, th = o.thoracic_setup, lu = o.lumbar_setup})
    if placed > before and hampel_half >= 2 then removed = removed + 1 end
  end
  for _ = 1, o.leanbacks do
    local hip = r.range(70, 90)
    place(r.range(0.2, 0.4), {hip = hip, th = 0, lu = 0, trunk = -r.range(45, 65)})
  end
  if placed - removed > 0 then
    p.expect_warnings = p.expect_warnings or {}
    p.expect_warnings[#p.expect_warnings + 1] = {
      what = (placed - removed) .. " rejected rise(s)", any = {"reject"}}
  end
  p.glitch_rises = placed - removed
end

M.knee_ratio = {deadlift = 0.85, rdl = 0.25, squat = 1.15}
M.trunk_ratio = {deadlift = 0.6, rdl = 0.6, squat = 0.45}

local function channels(o)
  local list = {}
  for c in o.channels:gmatch("[^,]+") do
    if c ~= "hip" and c ~= "thoracic" and c ~= "lumbar" and c ~= "trunk" and c ~= "knee" then
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
  if o.setcol ~= 0 then h[#h + 1] = "set" end
  return h
end

-- invert=lumbar,hip: those columns are written flexion-negative (a sensor
-- mounted the other way).  The truth then expects a warning naming each,
-- and gives the map that undoes it ({lumbar = "-lumbar_deg"}).
local function inversions(o, chans, p)
  local inv = {}
  for c in tostring(o.invert):gmatch("[^,]+") do
    if not chan_index(chans, c) then error("invert=" .. c .. ": no such channel written") end
    inv[c] = true
    p.map = p.map or {}
    p.map[c] = "-" .. c .. (o.units == "rad" and "_rad" or "_deg")
    p.unmapped_warnings = p.unmapped_warnings or {}
    p.unmapped_warnings[#p.unmapped_warnings + 1] = {
      what = "inverted " .. c, all = {c}, any = {"sign", "invert", "negative", "flip", "%-" .. c}}
  end
  return inv
end

-- The set column's value at time t (set s until halfway through the rest).
local function set_at(p, t)
  local s = 1
  while p.switch and p.switch[s] and t >= p.switch[s] do s = s + 1 end
  return s
end

-- Write the session CSV (and the truth sidecar); returns the truth.
function M.write(path, o)
  local p = M.plan(o)
  local r = rng(o.seed + 7919)
  local chans = channels(o)
  if o.setcol ~= 0 and o.meta ~= 0 then error("setcol=1 and meta=1 would make two set columns") end
  if o.missing ~= "empty" and o.missing ~= "nan" then error("missing must be empty or nan") end
  -- cut=start,end: the recording starts (ends) halfway through the first
  -- (last) pull; that pull is no rep in the truth, and the analysis must
  -- say it was cut off.
  local cut_from = -math.huge
  for c in tostring(o.cut):gmatch("[^,]+") do
    local rep = c == "start" and p.reps[1] or c == "end" and p.reps[#p.reps]
    if not rep or o.rows > 0 or #p.reps < 2 then error("cut=" .. c .. ": start or end, 2 reps or more, no rows=") end
    local mid = (rep.liftoff_s + rep.lockout_s) / 2
    p.expect_warnings = p.expect_warnings or {}
    -- a warning, or (cut below the range gate) the processing note
    p.expect_warnings[#p.expect_warnings + 1] = {what = "pull cut at the " .. c, notes = true,
      any = {c == "start" and "starts mid%-pull" or "ends mid%-pull", "partial rep"}}
    if c == "start" then cut_from = mid - 1e-9 else p.duration = mid end
  end
  local nrows = math.floor(p.duration * o.fs + 1e-9) + 1
  if o.rows > 0 then nrows = o.rows end
  local g = glitches(o, r, nrows, chans, p)
  peak_gaps(o, g, chans, p, nrows)
  video_glitches(o, r, g, p, nrows)
  local inv = inversions(o, chans, p)
  local kratio, tratio = M.knee_ratio[o.exercise], M.trunk_ratio[o.exercise]
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
                   lumbar = o.neutral_lumbar, trunk = o.neutral_trunk, knee = o.neutral_knee}
  local sign = {}
  for c = 1, #chans do sign[c] = inv[chans[c]] and -1 or 1 end
  local buf, hint = {}, 1
  local meta = o.meta ~= 0 and (o.delim .. o.athlete .. o.delim .. o.date .. o.delim .. o.set) or ""
  local fix_decimal = o.decimal == ","
  local miss = o.missing == "nan" and "NaN" or ""
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
    local ov = g.over[i]
    if ov then hip, th, lu = ov.hip, ov.th, ov.lu end
    local nv = 0
    if o.time ~= "none" then nv = 1; vals[1] = t * tscale end
    local sp = g.spike[i]
    for c = 1, #chans do
      local name, rel = chans[c]
      if name == "hip" then rel = hip elseif name == "thoracic" then rel = th
      elseif name == "lumbar" then rel = lu elseif name == "knee" then rel = kratio * hip
      else rel = (ov and ov.trunk) or (tratio * hip + 0.3 * (th + lu)) end
      local v = sign[c] * (rel + neutral[name]) + o.noise * r.gauss()
      if sp and sp.chan == c then v = v + sp.size end
      nv = nv + 1
      vals[nv] = v * scale
    end
    local e = g.empty[i]
    if t < cut_from then goto next_row end
    local setcell = o.setcol ~= 0 and (o.delim .. set_at(p, t)) or ""
    local line
    if e == nil and not fix_decimal then
      line = string.format(rowfmt, table.unpack(vals, 1, nv))
      if setcell ~= "" then line = line:sub(1, -1 - #eol) .. setcell .. eol end
    else
      local off = o.time ~= "none" and 1 or 0
      for k = 1, nv do
        local empty = e and k > off and (e.all or e[k - off])
        cells[k] = empty and miss or string.format(k <= off and tfmt or nfmt, vals[k])
      end
      line = table.concat(cells, o.delim, 1, nv)
      if fix_decimal then line = line:gsub("(%d)%.(%d)", "%1,%2") end
      line = line .. meta .. setcell .. eol
    end
    nb = nb + 1
    buf[nb] = line
    if nb >= 4096 then f:write(table.concat(buf, "", 1, nb)); nb = 0 end
    ::next_row::
  end
  f:write(table.concat(buf, "", 1, nb))
  f:close()
  local truth = M.truth(p, o, g, chans, nrows)
  if cut_from > -math.huge then -- the first pull is no rep: renumber
    table.remove(truth.reps, 1)
    for k, t in ipairs(truth.reps) do t.rep = k end
    for _, st in ipairs(truth.sets) do st.first_rep = math.max(1, st.first_rep - 1) end
  end
  local tpath = o.truth ~= "" and o.truth or (path:gsub("%.csv$", "") .. ".truth.csv")
  if o.truth ~= "none" then M.write_truth(tpath, truth) end
  truth.path = tpath
  return truth
end

return M
