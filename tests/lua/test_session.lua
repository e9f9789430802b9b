-- hinge.load and hinge.Session: the sample sessions, their styled twins,
-- options, errors.
local hinge = require "hinge"

local plain = T.source .. "/examples/data/2026-03-02_ana_set1.csv"
local twins = T.data .. "/sessions/2026-03-02_ana_set1_"

local function tmpfile(name, text)
  local path = T.tmp .. "/" .. name
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

-- Compare the role columns of two sessions; eps = 0 means exactly equal.
local function same(a, b, eps)
  for _, role in ipairs({"time", "hip", "thoracic", "lumbar"}) do
    local x, y = a:column(role):totable(), b:column(role):totable()
    T.eq(#y, #x)
    for i = 1, #x do
      if math.abs(x[i] - y[i]) > eps * math.max(1, math.abs(x[i])) then
        error(string.format("%s row %d: %.17g vs %.17g", role, i, x[i], y[i]))
      end
    end
  end
end

local cases = {
  {"the sample session should load with its rate, rows and metadata", function()
    local s = assert(hinge.load(plain))
    T.eq(s.rows, 3750)
    T.eq(#s, 3750)
    T.eq(s.sample_rate_hz, 100.0)
    T.eq(s.meta, {athlete = "ana", athlete_from = "file name", date = "2026-03-02",
                  date_from = "file name", set = "1"})
    T.eq(s.file, plain)
    assert(tostring(s):find("^hinge.Session %(.*: 3750 rows, 4 columns, 100 Hz%)$"), tostring(s))
  end},
  {"columns() should describe every column", function()
    local s = assert(hinge.load(plain))
    T.eq(s:columns(), {
      {name = "time_s", role = "time", unit = "s", mapped = false, loaded = true, missing = 0},
      {name = "hip_deg", role = "hip", unit = "deg", mapped = false, loaded = true, missing = 0},
      {name = "thoracic_deg", role = "thoracic", unit = "deg", mapped = false, loaded = true,
       missing = 0},
      {name = "lumbar_deg", role = "lumbar", unit = "deg", mapped = false, loaded = true,
       missing = 0},
    })
  end},
  {"column() should take a name or a role and give a hinge.Series", function()
    local s = assert(hinge.load(plain))
    local h = s:column("hip")
    T.eq(tostring(h), "hinge.Series (3750 samples)")
    T.eq(h[1], 1.418)
    T.eq(s:column("HIP_DEG")[2], 1.316)
    local st = s:column("thoracic_deg"):stats()
    assert(st.min > 30 and st.max < 55, "thoracic range")
    local hs = h:stats()
    assert(hs.max > 80 and hs.max < 90, "hip flexion peaks near 85 degrees: " .. hs.max)
    local c, msg = s:column("knee")
    assert(c == nil and msg:find("no column 'knee'"), msg)
  end},
  {"every styled twin should load like the plain file", function()
    local a = assert(hinge.load(plain))
    for _, t in ipairs({{"semicolon", 0}, {"bom_crlf", 0}, {"ms", 0}, {"reordered", 0},
                        {"rad", 1e-14}, {"iso", 1e-13}, {"all", 1e-14}}) do
      local b = assert(hinge.load(twins .. t[1] .. ".csv"))
      same(a, b, t[2])
      T.eq(b.sample_rate_hz, a.sample_rate_hz)
      T.eq(#b:warnings(), 0)
    end
  end},
  {"schema() should report the export's style", function()
    local b = assert(hinge.load(twins .. "all.csv"))
    T.eq(b:schema(), {delimiter = ";", decimal = ",", bom = true, crlf = true, header_line = 1,
                      lines = 3751, encoding = "utf-8"})
  end},
  {"a mapping and a sample rate should be honoured", function()
    local p = tmpfile("map.csv", "L1_S1_flex,hip\n1,2\n3,4\n5,6\n")
    local s = assert(hinge.load(p, {map = {lumbar = "L1_S1_flex"}, fs = 50}))
    T.eq(s:column("lumbar"):totable(), {1.0, 3.0, 5.0})
    T.eq(s:column("time"):totable(), {0.0, 0.02, 0.04})
    T.eq(s.sample_rate_hz, 50.0)
    T.eq(s:columns()[1].mapped, true)
  end},
  {"timing, gaps and warnings should be tables", function()
    local p = tmpfile("gap.csv", "time_s,hip_deg\n0,1\n0.01,1\n0.02,1\n0.5,1\n0.51,1\n0.52,1\n")
    local s = assert(hinge.load(p))
    local tm = s:timing()
    T.eq(tm.gaps, 1)
    T.near(tm.longest_gap_s, 0.48)
    T.eq(s:gaps(), {{row = 4, line = 5, start_s = 0.02, end_s = 0.5}})
    T.eq(s:warnings()[1].kind, "gap")
  end},
  {"lenient loading should turn bad values into missing samples", function()
    local p = tmpfile("bad.csv", "time_s,hip_deg\n0,1\n0.01,oops\n0.02,3\n")
    local s, msg = hinge.load(p)
    assert(s == nil and msg:find("bad.csv:3:2: expected a number in column 'hip_deg'"), msg)
    s = assert(hinge.load(p, {lenient = true}))
    local h = s:column("hip")
    assert(h[2] ~= h[2], "NaN")
    T.eq(s:columns()[2].missing, 1)
  end},
  {"data failures should return nil and file:line:col", function()
    local s, msg = hinge.load(tmpfile("q.csv", 'time_s,hip_deg\n0,1\n0.01,"2\n'))
    assert(s == nil and msg:find("q.csv:3:2: unterminated quoted field"), msg)
    s, msg = hinge.load(tmpfile("h.csv", "time_s,hip_deg\n"))
    assert(s == nil and msg:find("no data rows"), msg)
    s, msg = hinge.load(tmpfile("n.csv", "a,b\n1,2\n"))
    assert(s == nil and msg:find("no time column"), msg)
    s, msg = hinge.load(T.tmp .. "/missing.csv")
    assert(s == nil and msg:find("cannot open"), msg)
  end},
  {"misuse should raise", function()
    T.raises("bad argument #1", hinge.load)
    T.raises("option 'fs' must be a number", hinge.load, plain, {fs = "fast"})
    T.raises("option 'map': unknown role 'elbow'", hinge.load, plain, {map = {elbow = "x"}})
    T.raises("delimiter must be ',', ';' or a tab", hinge.load, plain, {delimiter = "|"})
    T.raises("option 'lenient' must be a boolean", hinge.load, plain, {lenient = 1})
  end},
  {"a closed session should say so and refuse use", function()
    local s = assert(hinge.load(plain))
    do
      local c <close> = s
    end
    T.eq(tostring(s), "hinge.Session (closed)")
    T.raises("closed hinge.Session", function() return s.rows end)
    s:close() -- closing twice is harmless
  end},
  {"loading with threads should give the same session", function()
    local path = T.source .. "/examples/data/2026-03-02_ana_set1.csv"
    local a = assert(hinge.load(path))
    local b = assert(hinge.load(path, {threads = 3}))
    T.eq(b.rows, a.rows)
    for _, role in ipairs({"time", "hip", "thoracic", "lumbar"}) do
      T.eq(b:column(role):totable(), a:column(role):totable())
    end
    T.raises("threads must be 1 to 16", hinge.load, path, {threads = 17})
    assert(hinge.load(path, {threads = 0}), "0: one thread, as in C and the CLI")
  end},
}
return cases
