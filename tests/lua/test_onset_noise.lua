-- The onset speed's noise floor (reps.c speed_noise, analyze_condition.c
-- raw_noise): the analysis estimates the segmentation channel's raw
-- white noise from its second differences and never lets the onset
-- speed fall under the sd of the speed that noise leaves after the
-- low-pass.  Checked against the generator's noise (its sd is known) and
-- against an independent simulation: white noise run through
-- hinge.lowpass, its +-0.1 s slope, the sample sd.
local hinge = require "hinge"
local model = dofile(T.source .. "/tests/gen/session_model.lua")

local function session(name, words)
  local path = string.format("%s/lua_noise_%s.csv", T.tmp, name)
  return path, model.write(path, model.options(words))
end

local function note(r)
  for _, s in ipairs(r.processing) do
    local speed, raw = s:match("^onset speed at least ([%d.]+) deg/s: the speed noise the %a+ "
                               .. "channel's raw noise %(([%d.]+) deg%)")
    if speed then return tonumber(speed), tonumber(raw) end
  end
  return nil
end

-- Gaussian white noise of sd 1 (xorshift64* and Box-Muller, seeded).
local function white(n, seed)
  local s = seed * 2654435761 | 1
  local function u()
    s = s ~ (s << 13); s = s ~ (s >> 7); s = s ~ (s << 17)
    return (((s >> 11) & ((1 << 53) - 1)) + 0.5) / (1 << 53)
  end
  local x = {}
  for i = 1, n, 2 do
    local r, a = math.sqrt(-2 * math.log(u())), 2 * math.pi * u()
    x[i] = r * math.cos(a)
    if i + 1 <= n then x[i + 1] = r * math.sin(a) end
  end
  return x
end

-- The sample sd of the +-0.1 s slope of white noise (sd 1) low-passed at fs.
local function simulated_speed_sd(fs)
  local n = 200000
  local y = assert(hinge.lowpass(white(n, 7), {fs = fs}))
  local w = math.max(1, math.floor(0.1 * fs + 0.5))
  local sum, m = 0, 0
  for i = 1000, n - 1000 do
    local v = (y[i + w] - y[i - w]) * fs / (2 * w)
    sum, m = sum + v * v, m + 1
  end
  return math.sqrt(sum / m)
end

return {
  {"the raw noise should be the generator's noise sd", function()
    for _, case in ipairs({{24, 1.5}, {30, 2.0}, {25, 2.5}}) do
      local path = session("raw" .. case[1], {"seed=3", "reps=4", "channels=trunk,hip,knee",
                           "fs=" .. case[1], "noise=" .. case[2], "decimals=2"})
      local r = assert(hinge.analyze(path))
      local _, raw = note(r)
      assert(raw, "no onset-noise note at " .. case[1] .. " fps")
      assert(math.abs(raw - case[2]) <= 0.1 * case[2],
             string.format("%g fps: raw noise %g, generated %g", case[1], raw, case[2]))
    end
  end},

  {"the speed noise should match white noise run through hinge.lowpass", function()
    for _, fs in ipairs({24, 25, 30}) do
      local path = session("speed" .. fs, {"seed=5", "reps=3", "channels=trunk,hip,knee",
                           "fs=" .. fs, "noise=1.5", "decimals=2"})
      local speed, raw = note(assert(hinge.analyze(path)))
      assert(speed, "no onset-noise note at " .. fs .. " fps")
      local want = simulated_speed_sd(fs)
      -- the note rounds to 0.1 deg/s and 0.01 deg
      assert(math.abs(speed / raw - want) <= 0.03 * want + 0.1 / raw,
             string.format("%g fps: speed/raw %.3f, simulated %.3f", fs, speed / raw, want))
    end
  end},

  {"a quiet IMU channel should keep the configured onset speed", function()
    local path = session("imu", {"seed=2", "reps=3", "fs=100", "noise=0.3"})
    local r = assert(hinge.analyze(path))
    T.eq(note(r), nil)
  end},

  {"a lockout in 1.5 deg noise at 24 fps should be within 0.4 s", function()
    -- the sweep's session: the filtered speed's noise (sd 8.5 deg/s) kept
    -- rep 4's lockout over the 7 deg/s onset speed until 0.52 s late
    local path, truth = session("lock", {"sets=3", "setreps=5,3,6", "seed=130705", "setcol=1",
                                "rest=16.6", "channels=trunk,hip,knee", "fs=24", "noise=1.5",
                                "decimals=2", "missing=nan", "dropouts=4", "finish=lockout"})
    local r = assert(hinge.analyze(path))
    T.eq(#r.reps, #truth.reps)
    for k, rep in ipairs(r.reps) do
      assert(math.abs(rep.lockout_s - truth.reps[k].lockout_s) <= 0.4,
             string.format("rep %d lockout %.2f, truth %.2f", k, rep.lockout_s, truth.reps[k].lockout_s))
      assert(math.abs(rep.liftoff_s - truth.reps[k].liftoff_s) <= 0.4,
             string.format("rep %d liftoff %.2f, truth %.2f", k, rep.liftoff_s, truth.reps[k].liftoff_s))
    end
  end},
}
