-- hinge.fill_gaps, despike, resample, unwrap: replayed from
-- tests/data/clean.txt (gen_clean.py), plus options and errors.
local hinge = require "hinge"
local kv = dofile(T.source .. "/tests/lua/kvdata.lua")

local function each(kind, fn)
  local recs, count = kv.load("clean.txt"), 0
  for _, r in ipairs(recs) do
    if r.kind == kind then
      fn(r, recs)
      count = count + 1
    end
  end
  assert(count > 0, "no " .. kind .. " records")
end

local function num(r, k) return kv.numbers(r.fields[k])[1] end

return {
  {"fill_gaps should match the reference vectors", function()
    each("fill", function(r, recs)
      local method = num(r, "method") == 1 and "cubic" or "linear"
      local y, filled = hinge.fill_gaps(kv.signal(recs, r),
                                        {max_gap_samples = num(r, "max_gap"), method = method})
      T.eq(filled, math.tointeger(num(r, "filled")))
      kv.same(y:totable(), kv.numbers(r.fields.y), 1e-11, r.name)
    end)
  end},
  {"fill_gaps should take the limit in seconds at a rate", function()
    local x = {0, 0 / 0, 0 / 0, 3, 0 / 0, 0 / 0, 0 / 0, 7}
    local y, filled = hinge.fill_gaps(x, {fs = 100, max_gap = 0.02})
    T.eq(filled, 2)
    T.eq({y[2], y[3]}, {1.0, 2.0})
    assert(y[5] ~= y[5])
    assert(x[2] ~= x[2], "the input must not change")
  end},
  {"despike should match the reference vectors", function()
    each("hampel", function(r, recs)
      local y, n = hinge.despike(hinge.series(kv.signal(recs, r)),
                                 {half_window_samples = num(r, "half_window"), k = num(r, "k"),
                                  min_dev = num(r, "min_dev")})
      T.eq(n, math.tointeger(num(r, "replaced")))
      kv.same(y:totable(), kv.numbers(r.fields.y), 0, r.name)
    end)
  end},
  {"despike should remove a 60-degree glitch with the defaults at 100 Hz", function()
    local x = {}
    for i = 1, 200 do x[i] = 40 * (1 - math.cos(math.pi * i / 200)) end
    local spike = x[90]
    x[90] = x[90] + 60
    local y, n = hinge.despike(x, {fs = 100})
    T.eq(n, 1)
    assert(math.abs(y[90] - spike) < 1, y[90])
    T.eq(y[89], x[89])
  end},
  {"resample should match numpy.interp and return the grid times", function()
    each("resample", function(r)
      local fs = num(r, "fs")
      local y, t = hinge.resample(kv.numbers(r.fields.t), kv.numbers(r.fields.x), {fs = fs})
      kv.same(y:totable(), kv.numbers(r.fields.y), 0, r.name)
      T.eq(#t, math.tointeger(num(r, "m")))
      T.near(t[2] - t[1], 1 / fs)
    end)
  end},
  {"unwrap should match numpy.unwrap", function()
    each("unwrap", function(r)
      local d = num(r, "discont")
      local y = hinge.unwrap(kv.numbers(r.fields.x), {period = num(r, "period"),
                                                       discont = d == d and d or nil})
      kv.same(y:totable(), kv.numbers(r.fields.y), 0, r.name)
    end)
  end},
  {"unwrap should default to degrees", function()
    T.eq(hinge.unwrap({170, -170, -150, 179}):totable(), {170.0, 190.0, 210.0, 179.0})
  end},
  {"bad timestamps should give nil and a message", function()
    local y, msg = hinge.resample({0, 0.01, 0.01}, {1, 2, 3}, {fs = 100})
    assert(y == nil and msg:find("increase strictly"), msg)
  end},
  {"misuse should raise", function()
    T.raises("fs is needed", hinge.fill_gaps, {1, 0 / 0, 3})
    T.raises("method must be 'linear' or 'cubic'", hinge.fill_gaps, {1}, {max_gap_samples = 1,
                                                                          method = "spline"})
    T.raises("max_gap_samples must be >= 0", hinge.fill_gaps, {1}, {max_gap_samples = -2})
    T.raises("max_gap: a duration must be", hinge.fill_gaps, {1}, {fs = 100, max_gap = -1})
    T.raises("fs is needed", hinge.despike, {1, 2, 3})
    T.raises("half%-window must be at least 1 sample", hinge.despike, {1, 2, 3},
             {half_window_samples = 0})
    T.raises("k must be", hinge.despike, {1, 2, 3}, {fs = 100, k = -1})
    T.raises("fs must be a number > 0", hinge.resample, {0, 1}, {1, 2}, {fs = 0})
    T.raises("differ in length", hinge.resample, {0, 1}, {1}, {fs = 10})
    T.raises("period must be", hinge.unwrap, {1, 2}, {period = -360})
  end},
}
