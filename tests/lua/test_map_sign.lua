-- map = {lumbar = "-COLUMN"}: a column inverted on load (hinge.load and
-- hinge.analyze on a path), shown by Session:columns(); the analysis of an
-- inverted file with the fix equals the original's, and without it warns
-- with the fix.  The inverted files are generated sessions (the truth)
-- with one column negated here.
local hinge = require "hinge"
local model = dofile(T.source .. "/tests/gen/session_model.lua")

-- A session with dropouts, and a copy with column col negated and renamed.
local function sessions(col, name, words)
  local path = T.tmp .. "/sign_" .. name .. ".csv"
  local inv = T.tmp .. "/sign_" .. name .. "_inv.csv"
  model.write(path, model.options(words or {"seed=2", "reps=4", "dropouts=3", "lumbar=2:9"}))
  local out, first = {}, true
  for line in io.lines(path) do
    local f = {}
    for v in (line .. ","):gmatch("([^,]*),") do f[#f + 1] = v end
    if first then f[col] = name
    elseif f[col] ~= "" then f[col] = string.format("%.17g", -tonumber(f[col])) end
    first = false
    out[#out + 1] = table.concat(f, ",")
  end
  local fh = assert(io.open(inv, "wb"))
  fh:write(table.concat(out, "\n"), "\n")
  fh:close()
  return path, inv
end

local function sign_warnings(res)
  local n = {}
  for _, w in ipairs(res.warnings) do
    if w:find("falls as", 1, true) then n[#n + 1] = w end
  end
  return n
end

-- The reps' events and rounding (the comparable part of a result).
local function reps_of(res)
  local t = {}
  for k, r in ipairs(res.reps) do
    t[k] = {r.liftoff_s, r.lockout_s, r.verdict, r.thoracic.rounding_deg, r.lumbar.rounding_deg,
            r.hip_setup_deg}
  end
  return t
end

local plain, lu = sessions(4, "L1_S1_flex")

-- The channels named by sign warnings ("hip flexion falls ...").
local function warned_channels(res)
  local t = {}
  for _, w in ipairs(sign_warnings(res)) do t[#t + 1] = w:match("^(%a+) ") end
  return t
end

-- A sweep of random generated sessions (check_sessions.lua's families):
-- each analysed as it is (no sign warning allowed) and with hip, thoracic
-- and lumbar inverted on load (exactly that channel named).  N sessions
-- (HINGE_SIGN_SWEEP, default 12), seed HINGE_SIGN_SEED (default 1).
local function sweep()
  local check = dofile(T.source .. "/tests/gen/truth_check.lua")
  local n = tonumber(os.getenv("HINGE_SIGN_SWEEP") or 12)
  local seed = tonumber(os.getenv("HINGE_SIGN_SEED") or 1)
  local bad, per = {}, {none = 0, hip = 0, thoracic = 0, lumbar = 0}
  for i = 1, n do
    local words = check.random_options(i, seed)
    local path = string.format("%s/sign_sweep_%d.csv", T.tmp, i)
    local truth = model.write(path, model.options(words))
    local names = {}
    for _, c in ipairs(assert(hinge.load(path)):columns()) do names[c.role or ""] = c.name end
    for variant in pairs(per) do
      local map = variant ~= "none" and {[variant] = "-" .. names[variant]} or nil
      local got = warned_channels(assert(hinge.analyze(path, {map = map})))
      local want = variant ~= "none" and {variant} or {}
      if T.deepeq(got, want) then per[variant] = per[variant] + 1
      else bad[#bad + 1] = variant .. ": " .. table.concat(words, " ") .. " -> {" ..
                            table.concat(got, ",") .. "}" end
    end
    os.remove(path)
    os.remove(truth.path)
  end
  if os.getenv("HINGE_SIGN_SWEEP") then
    print(string.format("sign sweep: %d sessions (seed %d): right as recorded %d, hip %d, "
                        .. "thoracic %d, lumbar %d", n, seed, per.none, per.hip, per.thoracic,
                        per.lumbar))
  end
  assert(#bad == 0, #bad .. " sessions wrong:\n" .. table.concat(bad, "\n"))
end

return {
  {"map = {lumbar = '-COLUMN'} should load the column negated, missing samples kept", function()
    local a = assert(hinge.load(plain))
    local b = assert(hinge.load(lu, {map = {lumbar = "-L1_S1_flex"}}))
    local x, y = a:column("lumbar"):totable(), b:column("lumbar"):totable()
    T.eq(#y, #x)
    local nan = 0
    for i = 1, #x do
      if x[i] ~= x[i] then
        nan = nan + 1
        assert(y[i] ~= y[i], "row " .. i .. " should be missing")
      else
        T.eq(y[i], x[i])
      end
    end
    assert(nan > 0, "the session should have lumbar dropouts")
  end},
  {"Session:columns() should say which column is inverted", function()
    local s = assert(hinge.load(lu, {map = {lumbar = "-L1_S1_flex"}}))
    local cols = s:columns()
    T.eq(cols[4].name, "L1_S1_flex")
    T.eq(cols[4].role, "lumbar")
    T.eq(cols[4].mapped, true)
    T.eq(cols[4].inverted, true)
    T.eq(cols[2].inverted, nil) -- absent unless inverted
    T.eq(assert(hinge.load(lu, {map = {lumbar = "L1_S1_flex"}})):columns()[4].inverted, nil)
  end},
  {"the fixed analysis should equal the original's, on a session and on a path", function()
    local want = assert(hinge.analyze(plain))
    T.eq(#want.reps, 4)
    T.eq(sign_warnings(want), {})
    local got = assert(hinge.analyze(assert(hinge.load(lu, {map = {lumbar = "-L1_S1_flex"}}))))
    T.eq(reps_of(got), reps_of(want))
    T.eq(sign_warnings(got), {})
    local by_path = assert(hinge.analyze(lu, {map = {lumbar = "-L1_S1_flex"}}))
    T.eq(reps_of(by_path), reps_of(want))
  end},
  {"the unfixed analysis should warn with the Lua fix", function()
    local res = assert(hinge.analyze(lu, {map = {lumbar = "L1_S1_flex"}}))
    local w = sign_warnings(res)
    T.eq(#w, 1)
    assert(w[1]:find("^lumbar flexion falls as the hip flexes: on 4 of 4 pulls"), w[1])
    assert(w[1]:find('map = {lumbar = "-COLUMN"}', 1, true), w[1])
  end},
  {"an inverted hip should warn and its fix should give the original reps", function()
    local p, h = sessions(2, "hip_sensor", {"seed=5", "reps=3"})
    local bad = assert(hinge.analyze(h, {map = {hip = "hip_sensor"}}))
    local w = sign_warnings(bad)
    T.eq(#w, 1)
    assert(w[1]:find("^hip flexion falls as the lifter bends"), w[1])
    assert(w[1]:find('map = {hip = "-COLUMN"}', 1, true), w[1])
    T.eq(reps_of(assert(hinge.analyze(h, {map = {hip = "-hip_sensor"}}))),
         reps_of(assert(hinge.analyze(p))))
  end},
  {"a radian column should be inverted after conversion", function()
    local p, r = sessions(4, "lumbar_rad", {"seed=3", "reps=2", "units=rad", "decimals=5"})
    local x = assert(hinge.load(p)):column("lumbar"):totable()
    local y = assert(hinge.load(r, {map = {lumbar = "-lumbar_rad"}})):column("lumbar"):totable()
    for i = 1, #x do T.eq(y[i], x[i]) end
  end},
  {"'+' should keep the sign, for a name that starts with a minus", function()
    local path = T.tmp .. "/sign_dash.csv"
    local f = assert(io.open(path, "wb"))
    f:write("time_s,hip_deg,-raw\n0,1,2\n0.01,2,-3\n")
    f:close()
    T.eq(assert(hinge.load(path, {map = {lumbar = "+-raw"}})):column("lumbar"):totable(), {2, -3})
    T.eq(assert(hinge.load(path, {map = {lumbar = "--raw"}})):column("lumbar"):totable(), {-2, 3})
  end},
  {"random generated sessions should warn exactly when a channel is inverted", sweep},
  {"bad spellings should raise naming them", function()
    local ok, msg = pcall(hinge.load, lu, {map = {lumbar = "-"}})
    assert(not ok and msg:find('lumbar = "-" names no column', 1, true), msg)
    ok, msg = pcall(hinge.load, lu, {map = {time = "-time_s"}})
    assert(not ok and msg:find("only an angle column can be inverted, not time", 1, true), msg)
    local s, why = hinge.load(lu, {map = {lumbar = "-nope"}})
    assert(s == nil and why:find("no column 'nope'", 1, true), why)
  end},
}
