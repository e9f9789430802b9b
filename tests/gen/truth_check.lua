-- truth_check.lua -- compare a hinge.analyze result with a generated
-- session's truth (session_model.lua).  Pure Lua; used by the Lua tests
-- and by check_sessions.lua.
--
--   local check = dofile("tests/gen/truth_check.lua")
--   local errors = check.compare(result, truth, {event_tol = 0.4})
local M = {}

M.defaults = {
  event_tol = 0.4,     -- liftoff and lockout within this of the truth (s)
  bound_tol = 0.6,     -- start and end (s)
  rounding_tol = 1.5,  -- rounding_deg within this of the truth (deg)
}

local function opt(o, k) return (o and o[k]) or M.defaults[k] end

local function has(flags, name)
  for _, f in ipairs(flags or {}) do if f == name then return true end end
  return false
end

-- A list of sentences, empty when the result matches the truth.
function M.compare(result, truth, o)
  local errs = {}
  local function err(fmt, ...) errs[#errs + 1] = string.format(fmt, ...) end
  local got, want = result.reps, truth.reps
  if #got ~= #want then
    err("found %d reps, truth has %d", #got, #want)
    return errs
  end
  for k, t in ipairs(want) do
    local r = got[k]
    for _, ev in ipairs({"liftoff_s", "lockout_s"}) do
      if math.abs(r[ev] - t[ev]) > opt(o, "event_tol") then
        err("rep %d %s %.3f, truth %.3f", k, ev, r[ev], t[ev])
      end
    end
    for _, ev in ipairs({"start_s", "end_s"}) do
      if math.abs(r[ev] - t[ev]) > opt(o, "bound_tol") then
        err("rep %d %s %.3f, truth %.3f", k, ev, r[ev], t[ev])
      end
    end
    for _, region in ipairs({"thoracic", "lumbar"}) do
      local tr = t[region .. "_rounding_deg"]
      local assessed = t[region .. "_assessed"]
      if assessed == nil and t.verdicts == nil then assessed = "yes" end -- a truth CSV read back
      if assessed == "yes" and r[region] and r[region].rounding_deg and tr
         and math.abs(r[region].rounding_deg - tr) > opt(o, "rounding_tol") then
        err("rep %d %s rounding %.2f, truth %.2f", k, region, r[region].rounding_deg, tr)
      end
    end
    -- Flags only where the truth is sure (the channel assessed, or absent).
    if t.check_upper_back ~= false and has(r.flags, "upper_back_rounding") ~= t.upper_back_rounding then
      err("rep %d upper_back_rounding flag %s, truth %s", k,
          tostring(has(r.flags, "upper_back_rounding")), tostring(t.upper_back_rounding))
    end
    if t.check_lumbar ~= false and has(r.flags, "lumbar_rounding") ~= t.lumbar_rounding then
      err("rep %d lumbar_rounding flag %s, truth %s", k,
          tostring(has(r.flags, "lumbar_rounding")), tostring(t.lumbar_rounding))
    end
    local ok_verdict = t.verdicts and t.verdicts[r.verdict] or (not t.verdicts and r.verdict == t.verdict)
    if not ok_verdict then err("rep %d verdict %s, truth %s", k, tostring(r.verdict), t.verdict) end
  end
  return errs
end

-- Random generator options for sweep number i (deterministic in seed).
function M.random_options(i, seed)
  local s = (seed or 1) * 7919 + i * 104729
  local function pick(list)
    s = (s * 1103515245 + 12345) % 2147483648
    return list[s % #list + 1]
  end
  local words = {
    "seed=" .. (seed or 1) * 1000 + i,
    "fs=" .. pick({50, 60, 100, 120, 200, 250, 500, 1000}),
    "reps=" .. pick({1, 2, 3, 5, 8, 12}),
    "rounding=random",
    "spikes=" .. pick({0, 1, 3, 6}),
    "dropouts=" .. pick({0, 2, 5}),
    "noise=" .. pick({0.1, 0.3, 0.5}),
    "tng=" .. pick({0, 0, 1}),
    "finish=" .. pick({"stand", "stand", "floor"}),
    "pull=" .. pick({1.0, 1.6, 2.2, 3.0}),
    "pause=" .. pick({0.5, 1.0, 2.0}),
  }
  if pick({1, 2, 3}) == 1 then words[#words + 1] = "jitter=0.2" end
  if pick({1, 2, 3}) == 1 then words[#words + 1] = "pauses=2:9" end
  if pick({1, 2, 3}) == 1 then words[#words + 1] = "holds=1:7" end
  if pick({1, 2, 3}) == 1 then words[#words + 1] = "hitch=2" end
  if pick({1, 2, 3}) == 1 then words[#words + 1] = "dip=1" end
  if pick({1, 2, 3}) == 1 then words[#words + 1] = "stick=" .. pick({1, 2, 3}) end
  -- Standing up between reps belongs to dead-stop sets, not touch-and-go.
  if pick({1, 2, 3, 4}) == 1 and words[8] == "tng=0" then words[#words + 1] = "reset=stand" end
  local style = pick({"plain", "semicolon", "ms", "rad", "crlf", "meta"})
  if style == "semicolon" then words[#words + 1] = "delim=;"; words[#words + 1] = "decimal=,"
  elseif style == "ms" then words[#words + 1] = "time=ms"
  elseif style == "rad" then words[#words + 1] = "units=rad"; words[#words + 1] = "decimals=5"
  elseif style == "crlf" then words[#words + 1] = "crlf=1"; words[#words + 1] = "bom=1"
  elseif style == "meta" then words[#words + 1] = "meta=1" end
  return words
end

return M
