-- gen_report_team.lua: a generated team for the report benchmark.
--   hinge run tests/bench/gen_report_team.lua OUT_DIR [ATHLETES [WEEKS [PER_WEEK]]]
-- Writes OUT_DIR/sessions/DATE_athNN_set1.csv (tests/gen/session_model.lua,
-- 5 reps at 100 Hz, rounding that grows for some athletes), and
-- OUT_DIR/soreness.csv and OUT_DIR/training.csv (a report the day after
-- every session, the deadlift sets with RPE and minutes).  Deterministic.
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local model = dofile(here .. "/../gen/session_model.lua")
local hinge = require "hinge"
local out = assert(arg[1], "usage: gen_report_team.lua OUT_DIR [ATHLETES [WEEKS [PER_WEEK]]]")
local athletes, weeks, per_week = tonumber(arg[2] or 20), tonumber(arg[3] or 12), tonumber(arg[4] or 3)
local start = hinge.day_number("2026-01-05")
local days = {0, 2, 4}
local sore = {"date,athlete,region,severity,quality,sleep_h,flags"}
local train = {"date,athlete,exercise,sets,reps,load_kg,rpe,duration_min"}
local regions = {"hamstrings", "lower_back", "glutes", "traps"}
local n = 0
for a = 1, athletes do
  local name = string.format("ath%02d", a)
  for w = 0, weeks - 1 do
    for s = 1, per_week do
      local day = start + 7 * w + days[(s - 1) % #days + 1]
      local date = hinge.date(day)
      n = n + 1
      local o = model.options{"seed=" .. n, "athlete=" .. name, "date=" .. date,
        "lumbar=" .. (a % 4 == 0 and "4:8,5:10" or ""), "thoracic=" .. (a % 3 == 0 and "3:7,5:13" or ""),
        "rounding=" .. (a % 5 == 0 and "random" or "")}
      local path = string.format("%s/sessions/%s_%s_set1.csv", out, date, name)
      model.write(path, o)
      os.remove((path:gsub("%.csv$", ".truth.csv"))) -- the truth is not an input
      local load = 100 + 2.5 * w + a
      train[#train + 1] = string.format("%s,%s,Deadlift (Barbell),5,5,%.1f,%d,%d", date, name, load,
                                        7 + (w + s) % 3, 40 + 5 * s)
      sore[#sore + 1] = string.format("%s,%s,%s,%d,ache,7.5,", hinge.date(day + 1), name,
                                      regions[(a + w + s) % #regions + 1], 1 + (a * w + s) % 5)
    end
  end
end
local function write(path, lines)
  local f = assert(io.open(path, "wb"))
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
end
write(out .. "/soreness.csv", sore)
write(out .. "/training.csv", train)
print(string.format("%d sessions of %d athletes in %s/sessions", n, athletes, out))
