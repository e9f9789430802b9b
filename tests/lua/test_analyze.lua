-- hinge.analyze end to end on generated sessions with known truth
-- (tests/gen/session_model.lua), across rates, export styles, glitches.
local hinge = require "hinge"
local model = dofile(T.source .. "/tests/gen/session_model.lua")
local check = dofile(T.source .. "/tests/gen/truth_check.lua")

local count = 0
-- Generate a session from key=value words; returns its path and truth.
local function session(words)
  count = count + 1
  local path = string.format("%s/lua_analyze_%d.csv", T.tmp, count)
  local truth = model.write(path, model.options(words))
  return path, truth
end

-- Analyse and compare; raises with the differences.
local function expect_truth(words, opts)
  local path, truth = session(words)
  local r = assert(hinge.analyze(path, opts))
  local errs = check.compare(r, truth)
  if #errs > 0 then error(table.concat(words, " ") .. ": " .. table.concat(errs, "; "), 2) end
  return r, truth
end

local cases = {
  {"five dead-stop reps at 100 Hz should match the truth", function()
    local r = expect_truth({"seed=11", "reps=5", "lumbar=3:9", "thoracic=2:7"})
    T.eq(r.set.reps, 5)
    T.eq(r.set.verdict, "stop")
    T.eq(r.reps[3].flags, {"lumbar_rounding"})
    T.eq(r.reps[2].flags, {"upper_back_rounding"})
    T.eq(r.reps[2].verdict, "caution")
  end},
  {"a single rep should be found", function()
    local r = expect_truth({"seed=12", "reps=1"})
    T.eq(#r.reps, 1)
  end},
  {"many reps with fatigue should all be found", function()
    local r = expect_truth({"seed=13", "reps=20", "rounding=random"})
    T.eq(#r.reps, 20)
    assert(r.set.pull_duration_s.increase_pct > 20 and r.set.fatigue)
  end},
  {"touch-and-go reps should be found", function()
    expect_truth({"seed=14", "reps=8", "tng=1", "thoracic=5:13"})
  end},
  {"long pauses at the bottom and at lockout should not split reps", function()
    expect_truth({"seed=15", "reps=4", "pauses=2:12", "holds=3:10"})
  end},
  {"partial reps (hitches, dips) should be ignored", function()
    local r = expect_truth({"seed=16", "reps=4", "hitch=2,4", "dip=1,3"})
    T.eq(#r.reps, 4)
  end},
  {"standing up between reps should not count as reps", function()
    local r = expect_truth({"seed=33", "reps=5", "reset=stand", "lumbar=4:9"})
    T.eq(#r.reps, 5)
  end},
  {"the bundled sample sessions should give their rep counts", function()
    local want = {["2026-03-02_ana_set1.csv"] = 5, ["2026-03-02_ben_set1.csv"] = 4,
                  ["2026-03-05_cai_video.csv"] = 3}
    for name, n in pairs(want) do
      local r = assert(hinge.analyze(T.source .. "/examples/data/" .. name))
      T.eq(#r.reps, n)
    end
  end},
  {"sticking points should not move liftoff or lockout", function()
    expect_truth({"seed=17", "reps=4", "stick=2,3,4", "pull=2.5"})
  end},
  {"every rate from 50 to 1000 Hz should match the truth", function()
    for _, fs in ipairs({50, 60, 100, 120, 200, 250, 500, 1000}) do
      local r = expect_truth({"seed=" .. fs, "fs=" .. fs, "reps=3", "lumbar=2:8"})
      assert(math.abs(r.sample_rate_hz - fs) < 1e-3 * fs, "rate " .. r.sample_rate_hz)
    end
  end},
  {"spikes and dropouts should be cleaned", function()
    local r = expect_truth({"seed=18", "reps=5", "spikes=8", "dropouts=8", "lumbar=4:10"})
    assert(r.processing[1]:find("^despike"), r.processing[1])
    assert(r.processing[2]:find("^fill gaps"), r.processing[2])
  end},
  {"irregular timestamps should be resampled", function()
    local r = expect_truth({"seed=19", "reps=3", "jitter=0.3", "fs=200"})
    assert(r.processing[1]:find("^resample"), r.processing[1])
  end},
  {"export styles should give the same analysis", function()
    local styles = {
      {"delim=;", "decimal=,"}, {"time=ms"}, {"units=rad", "decimals=6"},
      {"crlf=1", "bom=1"}, {"delim=tab"}, {"meta=1"},
    }
    for _, extra in ipairs(styles) do
      local words = {"seed=20", "reps=3", "thoracic=1:13", "lumbar=3:8"}
      for _, w in ipairs(extra) do words[#words + 1] = w end
      expect_truth(words)
    end
  end},
  {"metadata columns should reach the result", function()
    local r = expect_truth({"seed=21", "reps=2", "meta=1", "athlete=bo", "date=2026-04-01"})
    T.eq(r.athlete, "bo")
    T.eq(r.date, "2026-04-01")
    T.eq(r.reps[1].set, 1) -- a numeric set column: numbers per row (#12 item 3)
  end},
  {"a recording that ends on the floor should keep its last rep", function()
    expect_truth({"seed=22", "reps=3", "finish=floor"})
  end},
  {"a recording that stops at lockout needs count_final_rise", function()
    expect_truth({"seed=23", "reps=3", "finish=lockout"}, {thresholds = {count_final_rise = 1}})
  end},
  {"without hip the trunk should be used", function()
    local path, truth = session({"seed=24", "reps=3", "channels=trunk,thoracic,lumbar"})
    local r = assert(hinge.analyze(path))
    T.eq(r.segmented_on, "trunk")
    T.eq(#r.reps, 3)
    local errs = check.compare(r, truth)
    assert(#errs == 0, table.concat(errs, "; "))
  end},
  {"thoracic plus lumbar alone should still count the reps", function()
    local path, truth = session({"seed=25", "reps=4", "channels=thoracic,lumbar"})
    local r = assert(hinge.analyze(path))
    T.eq(r.segmented_on, "thoracic+lumbar")
    T.eq(#r.reps, #truth.reps)
    assert(#check.compare(r, truth, {event_tol = 0.8, bound_tol = 1.5}) == 0)
  end},
  {"a random sweep of sessions should match the truth", function()
    for i = 1, 12 do
      local words = check.random_options(i, 99)
      local path, truth = session(words)
      local r = assert(hinge.analyze(path))
      local errs = check.compare(r, truth)
      if #errs > 0 then error(table.concat(words, " ") .. ": " .. table.concat(errs, "; ")) end
    end
  end},
  {"the result should have the JSON fields", function()
    local path = session({"seed=26", "reps=2"})
    local r = assert(hinge.analyze(path))
    for _, k in ipairs({"file", "sample_rate_hz", "samples", "processing", "standing", "reps",
                        "set", "warnings", "segmented_on"}) do
      assert(r[k] ~= nil, "missing " .. k)
    end
    local rep = r.reps[1]
    for _, k in ipairs({"rep", "start_s", "liftoff_s", "lockout_s", "end_s", "hip", "thoracic",
                        "lumbar", "flags", "verdict", "pull_duration_s"}) do
      assert(rep[k] ~= nil, "missing rep." .. k)
    end
    assert(rep.hip.setup_deg > 60)
    T.eq(r.standing.source, "standing")
    assert(type(r.set.rounding_drift_deg_per_rep) == "table")
    assert(type(r.set.setup_consistency_sd_deg.hip) == "number")
  end},
  {"a session object should give the same result as its path", function()
    local path = session({"seed=27", "reps=3"})
    local a = assert(hinge.analyze(path))
    local s <close> = assert(hinge.load(path))
    local b = assert(hinge.analyze(s))
    T.eq(#a.reps, #b.reps)
    T.eq(a.reps[2].liftoff_s, b.reps[2].liftoff_s)
  end},
  {"thresholds should change the flags", function()
    local path = session({"seed=28", "reps=3", "lumbar=2:8"})
    local r = assert(hinge.analyze(path, {thresholds = {lumbar_rounding_deg = 12}}))
    T.eq(r.reps[2].flags, {})
    T.eq(r.reps[2].verdict, "ok")
  end},
  {"given neutral values should be used", function()
    local path = session({"seed=29", "reps=2"})
    local r = assert(hinge.analyze(path, {neutral = {hip = 0, thoracic = 30, lumbar = -20, trunk = 0}}))
    T.eq(r.standing.source, "given")
    T.eq(r.standing.thoracic_deg, 30)
  end},
  {"a calibration recording should set the neutral", function()
    local cal = session({"seed=30", "reps=0", "stand=4", "finish=lockout", "neutral_lumbar=-25"})
    local path = session({"seed=31", "reps=2", "neutral_lumbar=-25"})
    local r = assert(hinge.analyze(path, {calibration = cal}))
    T.eq(r.standing.source, "given")
    assert(math.abs(r.standing.lumbar_deg + 25) < 0.3, r.standing.lumbar_deg)
  end},
  {"max flexion should give percentages", function()
    local path = session({"seed=32", "reps=2"})
    local r = assert(hinge.analyze(path, {max_flexion = {lumbar = 40}}))
    local l = r.reps[1].lumbar
    assert(math.abs(l.start_pct_max - 100 * l.start_deg / 40) < 1e-9)
    assert(r.reps[1].thoracic.start_pct_max == nil)
  end},
  {"a missing file should return nil and a message", function()
    local r, msg = hinge.analyze(T.tmp .. "/no_such_session.csv")
    assert(r == nil and msg:find("no_such_session"), msg)
  end},
  {"misuse should raise", function()
    T.raises("hinge.Session or path expected", hinge.analyze, 42)
    T.raises("unknown threshold 'bogus'", hinge.analyze, "x.csv", {thresholds = {bogus = 1}})
    T.raises("outside", hinge.analyze, "x.csv", {thresholds = {lowpass_order = 0}})
    T.raises("must be a table", hinge.analyze, "x.csv", {neutral = 3})
  end},
  {"analyze_thresholds should list every threshold with its reason", function()
    local list = hinge.analyze_thresholds()
    assert(#list >= 20)
    local names = {}
    for _, p in ipairs(list) do
      names[p.name] = p
      assert(#p.description > 20, p.name)
    end
    T.eq(names.lumbar_rounding_deg.default, 5)
    T.eq(names.lowpass_hz.default, 6)
    assert(names.neutral_hip_deg.default == nil, "NaN defaults are nil")
  end},
}
return cases
