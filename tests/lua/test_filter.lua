-- hinge.lowpass, hinge.savgol, hinge.residual_cutoff, hinge.butter against
-- the scipy vectors of tests/data/filter_*.txt (gen_filter.py).
local hinge = require "hinge"

-- splitmix64 as in gen_filter.py: Lua 5.4 integers wrap and >> is logical,
-- so the test signals come out bit for bit.
local function splitmix(seed)
  local state = seed
  return function()
    state = state + 0x9E3779B97F4A7C15
    local z = state
    z = (z ~ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ~ (z >> 27)) * 0x94D049BB133111EB
    z = z ~ (z >> 31)
    return (z >> 11) * (1.0 / 9007199254740992.0)
  end
end

local function signal_walk(seed, n)
  local u, walk, x = splitmix(seed), 0.0, {}
  for i = 1, n do
    local u1, u2 = u(), u()
    walk = walk + (u1 - 0.5)
    x[i] = 30.0 + 5.0 * walk + (u2 - 0.5)
  end
  return x
end

local function signal_sines(seed, n, fs, sd)
  local u, x, amp = splitmix(seed), {}, sd * math.sqrt(12.0)
  for i = 1, n do
    local t = (i - 1) / fs
    local s = 10.0 * math.sin(2 * math.pi * 1.0 * t) + 5.0 * math.sin(2 * math.pi * 2.5 * t + 0.3)
    x[i] = s + amp * (u() - 0.5)
  end
  return x
end

-- Records of a vector file: {kind, v = {numbers...}}.
local function records(name)
  local out = {}
  for line in io.lines(T.data .. "/" .. name) do
    if line:sub(1, 1) ~= "#" then
      local kind, rest = line:match("^(%S+)%s*(.*)$")
      local v = {}
      for tok in rest:gmatch("%S+") do v[#v + 1] = tok == "nan" and 0 / 0 or tonumber(tok) end
      out[#out + 1] = {kind = kind, v = v}
    end
  end
  return out
end

local function slice(t, from, count)
  return table.move(t, from, from + count - 1, 1, {})
end

-- |got - want| <= tol * max(|want|, floor) everywhere; NaN where want is NaN.
local function close(got, want, tol, floor)
  assert(#got == #want, ("length %d, want %d"):format(#got, #want))
  for i = 1, #want do
    local g, w = got[i], want[i]
    if w ~= w then
      assert(g ~= g, ("sample %d: want NaN, got %s"):format(i, g))
    else
      local scale = math.max(math.abs(w), floor or 0)
      assert(math.abs(g - w) <= tol * scale, ("sample %d: %.17g, want %.17g"):format(i, g, w))
    end
  end
end

local function maxabs(t)
  local m = 0
  for _, v in ipairs(t) do if v == v and math.abs(v) > m then m = math.abs(v) end end
  return m
end

return {
  {"butter should return scipy's sections as a table of rows", function()
    local n = 0
    for _, r in ipairs(records("filter_butter.txt")) do
      local N, fc, fs, ns = r.v[1], r.v[2], r.v[3], r.v[4]
      local sos = hinge.butter(math.tointeger(N), fc, fs)
      T.eq(#sos, math.tointeger(ns))
      local flat = {}
      for _, row in ipairs(sos) do
        T.eq(#row, 6)
        for _, c in ipairs(row) do flat[#flat + 1] = c end
      end
      close(flat, slice(r.v, 5, 6 * ns), 1e-13, maxabs(slice(r.v, 5, 6 * ns)))
      n = n + 1
    end
    T.eq(n, 96)
  end},

  {"lowpass should match scipy causal and zero-phase filtering, with gaps", function()
    local n = 0
    for _, r in ipairs(records("filter_lowpass.txt")) do
      local seed, len, N, fc, fs = r.v[1], math.tointeger(r.v[2]), math.tointeger(r.v[3]), r.v[4], r.v[5]
      local x = signal_walk(seed, len)
      local opts = {cutoff = fc, fs = fs, order = N}
      local want
      if r.kind == "sosfilt" then
        opts.zero_phase = false
        want = slice(r.v, 6, len)
      elseif r.kind == "sosfiltfilt" then
        want = slice(r.v, 6, len)
      elseif r.kind == "lowpass" then
        opts.zero_phase = r.v[6] == 1
        local ngaps = math.tointeger(r.v[7])
        for g = 0, ngaps - 1 do
          local start, count = r.v[8 + 2 * g], r.v[9 + 2 * g]
          for i = start + 1, start + count do x[i] = 0 / 0 end
        end
        want = slice(r.v, 8 + 2 * ngaps, len)
      end
      if want then
        local y = assert(hinge.lowpass(x, opts))
        assert(getmetatable(y).__name == "hinge.Series")
        close(y:totable(), want, 1e-9)
        n = n + 1
      end
    end
    T.eq(n, 62)
  end},

  {"lowpass should accept a series and default to N=2 at 6 Hz zero-phase", function()
    local x = hinge.series(signal_walk(5, 200))
    local a = assert(hinge.lowpass(x, {fs = 100}))
    local b = assert(hinge.lowpass(x, {fs = 100, cutoff = 6, order = 2, zero_phase = true}))
    T.eq(a:totable(), b:totable())
    T.eq(#a, 200)
  end},

  {"savgol should match scipy smoothing and derivatives", function()
    local n = 0
    for _, r in ipairs(records("filter_savgol.txt")) do
      if r.kind == "savgol" then
        local seed, len = r.v[1], math.tointeger(r.v[2])
        local W, P, D, fs = math.tointeger(r.v[3]), math.tointeger(r.v[4]), math.tointeger(r.v[5]), r.v[6]
        local ngaps = math.tointeger(r.v[7])
        local x = signal_walk(seed, len)
        for g = 0, ngaps - 1 do
          local start, count = r.v[8 + 2 * g], r.v[9 + 2 * g]
          for i = start + 1, start + count do x[i] = 0 / 0 end
        end
        local want = slice(r.v, 8 + 2 * ngaps, len)
        local y = assert(hinge.savgol(x, {window = W, order = P, deriv = D, fs = fs}))
        close(y:totable(), want, 1e-9, D > 0 and maxabs(want) or 0)
        n = n + 1
      end
    end
    T.eq(n, 27)
  end},

  {"residual_cutoff should match the reference procedure", function()
    for _, r in ipairs(records("filter_residual.txt")) do
      local seed, len, fs, sd, N = r.v[1], math.tointeger(r.v[2]), r.v[3], r.v[4], math.tointeger(r.v[5])
      local x = signal_sines(seed, len, fs, sd)
      local fc, info = assert(hinge.residual_cutoff(x, {fs = fs, order = N}))
      T.near(fc, r.v[7], 1e-9)
      T.near(info.noise_rms, r.v[8], 1e-9)
      T.eq(info.fit_points, 51)
      T.eq(#info.freqs, 100)
      T.near(info.freqs[100], fs / 4)
      close(info.residuals:totable(), slice(r.v, 10, 100), 1e-9)
    end
  end},

  {"a signal too short should return nil and a message naming lengths", function()
    local y, msg = hinge.lowpass({1, 2, 3, 4, 5}, {fs = 100})
    T.eq(y, nil)
    assert(msg:find("5 samples") and msg:find("at least 10"), msg)
    y, msg = hinge.savgol({1, 2, 3}, {window = 5})
    T.eq(y, nil)
    assert(msg:find("at least 5"), msg)
  end},

  {"options outside their domain should raise", function()
    T.raises("below fs/2", hinge.lowpass, {1, 2, 3}, {fs = 100, cutoff = 50})
    T.raises("order must be 1..8", hinge.lowpass, {1, 2, 3}, {fs = 100, order = 9})
    T.raises("sample rate", hinge.lowpass, {1, 2, 3}, {cutoff = 6})
    T.raises("odd", hinge.savgol, {1, 2, 3}, {window = 4})
    T.raises("polyorder", hinge.savgol, {1, 2, 3}, {window = 3, order = 3})
    T.raises("sample rate", hinge.savgol, {1, 2, 3}, {window = 3, order = 2, deriv = 1})
    T.raises("order must be 1..8", hinge.butter, 0, 6, 100)
    T.raises("noise region", hinge.residual_cutoff, {1, 2, 3}, {fs = 100, fit_lo_hz = 40, fit_hi_hz = 45})
    T.raises("option 'fs' must be a number", hinge.lowpass, {1}, {fs = "x"})
    T.raises("table expected", hinge.lowpass, {1})
  end},
}
