-- hinge.load on sessions as devices write them (tests/data/sessions/devices,
-- made by make_messy.py from examples/data/2026-03-02_ana_set1.csv): each
-- loads as the clean file does and says what it found.
local hinge = require "hinge"

local dev = T.data .. "/sessions/devices/"
local clean = T.source .. "/examples/data/2026-03-02_ana_set1.csv"

local function same_values(a, b)
  assert(#a == #b, #a .. " vs " .. #b)
  for i = 1, #a do
    if math.abs(a[i] - b[i]) > 1e-9 then error(i .. ": " .. a[i] .. " vs " .. b[i]) end
  end
end

local cases = {}
for _, f in ipairs({"movesense_epoch_ms", "phone_duplicates", "windows_utf16le",
                    "semicolon_epoch"}) do
  cases[#cases + 1] = {f .. " should load with the clean file's rows, time and angles", function()
    local s = assert(hinge.load(dev .. f .. ".csv"))
    local c = assert(hinge.load(clean))
    T.eq(s.rows, 3750)
    T.eq(s.sample_rate_hz, 100)
    same_values(s:column("time"):totable(), c:column("time"):totable())
    same_values(s:column("lumbar"):totable(), c:column("lumbar"):totable())
    same_values(s:column("hip"):totable(), c:column("hip"):totable())
  end}
end

cases[#cases + 1] = {"metadata lines should be kept with their lines, keys and values", function()
  local s = assert(hinge.load(dev .. "movesense_epoch_ms.csv"))
  local m = s.meta
  T.eq(m.athlete, "Ana")
  T.eq(m.athlete_from, "metadata")
  T.eq(m.date, "2026-03-02")
  T.eq(m.start, "2026-03-02T09:30:00Z")
  T.eq(m.sample_rate_hz, 100)
  T.eq(#m.lines, 6)
  T.eq(m.lines[2], {line = 2, key = "Firmware", value = "2.2.1"})
  T.eq(s:schema().header_line, 8)
end}

cases[#cases + 1] = {"a UTF-16 file should say its encoding", function()
  local s = assert(hinge.load(dev .. "windows_utf16le.csv"))
  T.eq(s:schema().encoding, "utf-16le")
  T.eq(s:schema().bom, true)
  T.eq(s:schema().delimiter, "\t")
end}

cases[#cases + 1] = {"duplicate timestamps should be warnings with counts and lines", function()
  local s = assert(hinge.load(dev .. "phone_duplicates.csv"))
  local w = {}
  for _, x in ipairs(s:warnings()) do w[x.kind] = x end
  T.eq(w.duplicate_row.count, 25)
  T.eq(w.duplicate_row.line, 78)
  T.eq(w.duplicate_time.count, 6)
  T.eq(s:timing().duplicates, 31)
  local r = assert(hinge.analyze(dev .. "phone_duplicates.csv"))
  T.eq(#r.reps, 5)
end}

cases[#cases + 1] = {"a stated rate should time a file without a time column", function()
  local path = T.tmp .. "/rate.csv"
  local f = assert(io.open(path, "w"))
  f:write("Sample rate: 50 Hz\nhip_deg\n1\n2\n3\n")
  f:close()
  local s = assert(hinge.load(path))
  T.eq(s.sample_rate_hz, 50)
  T.eq(s:timing().fs_from_meta, true)
  T.eq(s:column("time"):totable(), {0, 0.02, 0.04})
end}

return cases
