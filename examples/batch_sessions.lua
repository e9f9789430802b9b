-- batch_sessions.lua: analyse every session CSV in a folder and write one
-- summary CSV, a row per set.  Files that are not sessions (logs, other
-- exports) are listed on stderr and skipped.
--
--   hinge run examples/batch_sessions.lua FOLDER OUT.csv [NAME=VALUE ...]
--   hinge run examples/batch_sessions.lua examples/data build/summary.csv lumbar_rounding_deg=4
local hinge = require "hinge"

local folder, out = arg[1], arg[2]
if not folder or not out then
  io.stderr:write("usage: hinge run batch_sessions.lua FOLDER OUT.csv [NAME=VALUE ...]\n")
  os.exit(2)
end

-- Thresholds from the command line, checked by hinge.analyze itself.
local thresholds = {}
for i = 3, #arg do
  local k, v = arg[i]:match("^([%w_]+)=(.+)$")
  if not k or not tonumber(v) then
    io.stderr:write("expected NAME=VALUE, got '", arg[i], "'\n")
    os.exit(2)
  end
  thresholds[k] = tonumber(v)
end

local COLUMNS = {
  "file", "athlete", "date", "set", "reps", "verdict",
  "max_thoracic_rounding_deg", "max_lumbar_rounding_deg",
  "lumbar_drift_deg_per_rep", "lumbar_trend", "hip_setup_sd_deg",
  "pull_increase_pct", "fatigue", "summary",
}

local function field(v)
  if v == nil then return "" end
  if math.type(v) == "float" then
    if v ~= v then return "" end
    return string.format("%.2f", v)
  end
  local s = tostring(v)
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function summary_row(path, r)
  local set = r.set
  return {
    file = path:match("[^/]*$"), athlete = r.athlete, date = r.date,
    set = r.reps[1] and r.reps[1].set or nil, reps = set.reps, verdict = set.verdict,
    max_thoracic_rounding_deg = set.max_rounding_deg.thoracic,
    max_lumbar_rounding_deg = set.max_rounding_deg.lumbar,
    lumbar_drift_deg_per_rep = set.rounding_drift_deg_per_rep.lumbar,
    lumbar_trend = set.rounding_trend.lumbar,
    hip_setup_sd_deg = set.setup_consistency_sd_deg.hip,
    pull_increase_pct = set.pull_duration_s.increase_pct,
    fatigue = set.fatigue, summary = set.summary,
  }
end

local rows, skipped = {}, 0
for _, path in ipairs(assert(hinge.files(folder, ".csv"))) do
  local r, err = hinge.analyze(path, {thresholds = thresholds})
  if r then
    rows[#rows + 1] = summary_row(path, r)
  else
    skipped = skipped + 1
    io.stderr:write("skipped ", err, "\n")
  end
end

-- Write next to the target and rename, so a failure leaves no half file.
local tmp = out .. ".tmp"
local f = assert(io.open(tmp, "w"))
f:write(table.concat(COLUMNS, ","), "\n")
for _, row in ipairs(rows) do
  local cells = {}
  for i, c in ipairs(COLUMNS) do cells[i] = field(row[c]) end
  f:write(table.concat(cells, ","), "\n")
end
assert(f:close())
assert(os.rename(tmp, out))
print(string.format("%d sets written to %s (%d files skipped)", #rows, out, skipped))
