-- hinge.stream: the live analysis from Lua on generated sessions with known
-- truth (tests/gen/session_model.lua), against hinge.analyze on the same
-- file: pushes by role, by position and in chunks, callbacks and poll,
-- alerts on the rounding reps, thresholds, errors.
local hinge = require "hinge"
local model = dofile(T.source .. "/tests/gen/session_model.lua")

local count = 0
local function session(words)
  count = count + 1
  local path = string.format("%s/lua_stream_%d.csv", T.tmp, count)
  local truth = model.write(path, model.options(words))
  return path, truth
end

-- The columns of a generated session as plain arrays.
local function columns(path)
  local s = assert(hinge.load(path))
  local out = {}
  for _, k in ipairs({"time", "hip", "thoracic", "lumbar"}) do
    local c = s:column(k)
    local a = {}
    for i = 1, #c do a[i] = c[i] end
    out[k] = a
  end
  return out
end

-- Push every sample one by one, by role; returns the result and the events.
local function live(path, opts)
  local c, events = columns(path), {}
  opts = opts or {}
  opts.fs = opts.fs or 100
  opts.channels = {"hip", "thoracic", "lumbar"}
  opts.on_event = function(ev) events[#events + 1] = ev end
  local st = assert(hinge.stream(opts))
  for i = 1, #c.time do
    st:push(c.time[i], {hip = c.hip[i], thoracic = c.thoracic[i], lumbar = c.lumbar[i]})
  end
  return st:finish(), events
end

local function agree(r, off, tol)
  T.eq(#r.reps, #off.reps)
  for i = 1, #off.reps do
    T.near(r.reps[i].liftoff_s, off.reps[i].liftoff_s, tol)
    T.near(r.reps[i].lockout_s, off.reps[i].lockout_s, tol)
    T.eq(r.reps[i].verdict, off.reps[i].verdict)
    T.eq(r.reps[i].flags, off.reps[i].flags)
  end
  T.eq(r.set.verdict, off.set.verdict)
end

return {
  {"a stream should find the reps hinge.analyze finds and alert on the rounding ones", function()
    local path, truth = session({"seed=31", "reps=5", "lumbar=4:9", "thoracic=2:12"})
    local r, events = live(path)
    agree(r, assert(hinge.analyze(path)), 0.1)
    T.eq(#r.reps, #truth.reps)
    local alerts = {}
    for _, ev in ipairs(events) do
      if ev.type == "alert" then
        alerts[#alerts + 1] = ev.region .. ev.rep
        assert(ev.emitted < truth.reps[ev.rep].lockout_s, "alert after lockout")
        assert(ev.rounding_deg >= ev.threshold_deg)
      end
    end
    table.sort(alerts)
    T.eq(alerts, {"lumbar4", "thoracic2"})
    T.eq(r.reps[4].verdict, "stop")
    T.eq(r.reps[2].verdict, "fix")
    assert(r.delay_s > 0 and r.delay_s <= 0.2, "delay " .. r.delay_s)
  end},
  {"both set endings and dropouts should agree with hinge.analyze", function()
    for _, words in ipairs({{"seed=32", "reps=4", "finish=stand"},
                            {"seed=33", "reps=4", "finish=lockout"},
                            {"seed=34", "reps=6", "dropouts=3", "spikes=3", "rounding=random"}}) do
      local path = session(words)
      agree((live(path)), assert(hinge.analyze(path)), 0.1)
    end
  end},
  {"the put-down stand-up should be reported, then withdrawn", function()
    local path = session({"seed=35", "reps=3", "finish=stand"})
    local r, events = live(path)
    local types = {}
    for _, ev in ipairs(events) do
      if ev.type == "rep" or ev.type == "withdrawn" or ev.type == "set_end" then
        types[#types + 1] = ev.type
      end
    end
    T.eq(types, {"rep", "rep", "rep", "rep", "withdrawn", "set_end"})
    T.eq(#r.reps, 3)
    T.eq(events[#events].summary.reps, 3)
  end},
  {"chunks, positions and poll should give the same reps", function()
    local path = session({"seed=36", "reps=3"})
    local c = columns(path)
    local a = assert(hinge.stream{fs = 100, channels = {"hip", "thoracic", "lumbar"}})
    a:push(c.time, {hip = c.hip, thoracic = c.thoracic, lumbar = c.lumbar})
    local b = assert(hinge.stream{fs = 100, channels = {"hip", "thoracic", "lumbar"}})
    for i = 1, #c.time do b:push(c.time[i], {c.hip[i], c.thoracic[i], c.lumbar[i]}) end
    local n = 0
    while true do
      local ev = b:poll()
      if not ev then break end
      n = n + 1
    end
    assert(n > 10, "events polled: " .. n)
    local ra, rb = a:finish(), b:finish()
    T.eq(#ra.reps, 3)
    T.eq(#rb.reps, 3)
    for i = 1, 3 do T.eq(ra.reps[i].lockout_s, rb.reps[i].lockout_s) end
    T.eq(#b:results().reps, 3)
  end},
  {"a coach's threshold should apply live", function()
    local path = session({"seed=37", "reps=3", "lumbar=2:4"})
    local _, events = live(path, {thresholds = {lumbar_rounding_deg = 3}})
    local alerts = 0
    for _, ev in ipairs(events) do if ev.type == "alert" then alerts = alerts + 1 end end
    T.eq(alerts, 1)
    local _, quiet = live(path)
    for _, ev in ipairs(quiet) do assert(ev.type ~= "alert", "alert under the default threshold") end
  end},
  {"an inverted lumbar sensor should be turned around", function()
    local path = session({"seed=38", "reps=3", "lumbar=2:9"})
    local c = columns(path)
    local st = assert(hinge.stream{fs = 100, channels = {"hip", "lumbar"}, invert = {lumbar = true}})
    for i = 1, #c.time do st:push(c.time[i], {hip = c.hip[i], lumbar = -c.lumbar[i]}) end
    local r = st:finish()
    T.eq(r.reps[2].verdict, "stop")
  end},
  {"bad options should raise and closed streams refuse", function()
    T.raises("fs", function() assert(hinge.stream{channels = {"hip"}}) end)
    T.raises("not a channel", function() hinge.stream{fs = 100, channels = {"elbow"}} end)
    T.raises("lumbar_rounding_deg", function()
      hinge.stream{fs = 100, thresholds = {lumbar_rounding_deg = -1}}
    end)
    T.raises("exercise", function() hinge.stream{fs = 100, exercise = "bench"} end)
    local st = assert(hinge.stream{fs = 100, channels = {"hip"}})
    st:finish()
    T.raises("finish", function() st:push(0, {hip = 1}) end)
    st:close()
    T.raises("closed", function() st:push(0, {hip = 1}) end)
  end},
}
