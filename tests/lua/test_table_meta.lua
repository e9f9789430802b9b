-- s:set_meta (hinge_table_set_meta): metadata a file cannot give, checked
-- values, and the analysis and recovery that use it; recovery reading the
-- analysis as JSON lines with failed entries skipped.
local hinge = require "hinge"

local plain = T.source .. "/examples/data/2026-03-02_ana_set1.csv"

local function tmpfile(name, text)
  local path = T.tmp .. "/" .. name
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

-- The sample session under a name that says nothing.
local function anonymous()
  local f = assert(io.open(plain, "rb"))
  local text = f:read("a")
  f:close()
  return tmpfile("Recording 7.csv", text)
end

local cases = {
  {"set_meta should fill what the file name cannot give, from 'option'", function()
    local s = assert(hinge.load(anonymous()))
    T.eq(s.meta.athlete, nil)
    T.eq(s.meta.date, nil)
    T.eq(assert(s:set_meta("athlete", "  Ben ")), true)
    T.eq(assert(s:set_meta("date", "2026-03-04")), true)
    T.eq(assert(s:set_meta("set", "2")), true)
    T.eq(s.meta.athlete, "Ben")          -- trimmed
    T.eq(s.meta.athlete_from, "option")
    T.eq(s.meta.date, "2026-03-04")
    T.eq(s.meta.date_from, "option")
    T.eq(s.meta.set, "2")
    local a = assert(hinge.analyze(s))
    T.eq(a.athlete, "Ben")
    T.eq(a.date, "2026-03-04")
    T.eq(a.reps[1].set, "2")
  end},
  {"set_meta should win over the file name", function()
    local s = assert(hinge.load(plain))
    T.eq(s.meta.athlete, "ana")
    assert(s:set_meta("athlete", "ana-marie"))
    T.eq(s.meta.athlete, "ana-marie")
    T.eq(s.meta.athlete_from, "option")
  end},
  {"set_meta should refuse a date that does not exist, an unknown key, an empty value", function()
    local s = assert(hinge.load(plain))
    local ok, msg = s:set_meta("date", "2026-02-30")
    T.eq(ok, nil)
    assert(msg:find("date '2026-02-30' is not a real YYYY-MM-DD date", 1, true), msg)
    assert(msg:find("2026-03-02_ana_set1.csv", 1, true), "the message names the file: " .. msg)
    T.eq(s.meta.date, "2026-03-02") -- unchanged
    T.eq(s.meta.date_from, "file name")
    ok, msg = s:set_meta("date", "2026-3-4")
    assert(not ok and msg:find("not a real"), msg)
    ok, msg = s:set_meta("colour", "red")
    assert(not ok and msg:find("unknown key 'colour'", 1, true), msg)
    ok, msg = s:set_meta("athlete", "   ")
    assert(not ok and msg:find("empty value", 1, true), msg)
    ok, msg = s:set_meta("athlete", "a\nb")
    assert(not ok and msg:find("control character", 1, true), msg)
    ok, msg = s:set_meta("athlete", string.rep("x", 257))
    assert(not ok and msg:find("longer than 256", 1, true), msg)
    T.eq(s.meta.athlete, "ana")
  end},
  {"hinge.analyze should carry the loader's warnings first, and where the metadata came from", function()
    local r = assert(hinge.analyze(T.data .. "/sessions/devices/phone_duplicates.csv"))
    T.eq(r.warnings[1], "line 78, column 1: rows that repeat the row before them exactly (same " ..
      "time, same values) were dropped (25 times)")
    assert(r.warnings[2]:find("^line 305, column 1: rows with the time of the row before them"),
      r.warnings[2])
    T.eq(r.date_from, "timestamp")
    T.eq(r.athlete_from, nil)
    local s = assert(hinge.load(anonymous()))
    assert(s:set_meta("date", "2026-03-04"))
    r = assert(hinge.analyze(s))
    T.eq(r.date_from, "option")
    T.eq(#r.warnings, 0)
  end},
  {"recovery should read analysis JSON lines and skip failed entries with a warning", function()
    local line = '{"file": "a.csv", "athlete": "ana", "date": "2026-03-02", ' ..
      '"reps": [{"flags": ["lumbar_rounding"]}, {"flags": []}]}'
    local path = tmpfile("week.jsonl", line .. "\r\n\n" ..
      '{"file": "team/notes.txt", "error": "team/notes.txt:1: no time column"}\n')
    local r = assert(hinge.recovery.assess{
      soreness = T.source .. "/examples/data/soreness.csv", analysis = path,
      athlete = "ana", on = "2026-03-05", today = "2026-03-06"})
    local found
    for _, w in ipairs(r.warnings) do
      if w:find("week.jsonl:3:1: skipped the entry for 'team/notes.txt'", 1, true) then found = w end
    end
    assert(found, "the failed entry is named at its line: " .. table.concat(r.warnings, " | "))
  end},
  {"recovery should name the jsonl line of a bad entry, skip one whose athlete or date is null", function()
    local path = tmpfile("bad.jsonl", '{"athlete": "ana", "date": "2026-03-02"}\n' ..
      '{"athlete": "ana", "date": "2026-02-30"}\n')
    local r, msg = hinge.recovery.assess{
      soreness = T.source .. "/examples/data/soreness.csv", analysis = path, on = "2026-03-05"}
    T.eq(r, nil)
    assert(msg:find("bad.jsonl:2:", 1, true) and msg:find("2026-02-30", 1, true), msg)
    path = tmpfile("noathlete.json", '[{"file": "Recording 7.csv", "athlete": null, ' ..
      '"date": "2026-03-02"},\n {"file": "x.csv", "athlete": "ana", "date": null}]')
    r = assert(hinge.recovery.assess{
      soreness = T.source .. "/examples/data/soreness.csv", analysis = path, on = "2026-03-05"})
    local text = table.concat(r.warnings, "\n")
    assert(text:find("noathlete.json:1:2: skipped the analysis of 'Recording 7.csv': its athlete "
      .. "is unknown (give it with hinge analyze --athlete", 1, true), text)
    assert(text:find("noathlete.json:2:2: skipped the analysis of 'x.csv': its date is unknown "
      .. "(give it with hinge analyze --date", 1, true), text)
    path = tmpfile("absent.json", '{"date": "2026-03-02"}')
    r, msg = hinge.recovery.assess{
      soreness = T.source .. "/examples/data/soreness.csv", analysis = path, on = "2026-03-05"}
    assert(r == nil and msg:find('absent.json:1:1: analysis object has no "athlete"', 1, true), msg)
  end},
  {"recovery should still report a file that is neither JSON nor JSON lines at its error", function()
    local path = tmpfile("broken.json", '[{"athlete": "ana",\n "date": }]\n')
    local r, msg = hinge.recovery.assess{
      soreness = T.source .. "/examples/data/soreness.csv", analysis = path, on = "2026-03-05"}
    T.eq(r, nil)
    assert(msg:find("broken.json:2:", 1, true), msg)
  end},
}
return cases
