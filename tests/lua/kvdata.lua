-- Reader for the reference-vector files under tests/data (see
-- gen_peaks.py): records "@kind name" followed by "key values..." lines.
-- Returns a function: load(name) -> array of records
-- {kind = , name = , fields = {key = "rest of line"}}, and helpers.
local M = {}

local special = {nan = 0 / 0, inf = math.huge, ["-inf"] = -math.huge}

function M.numbers(s)
  local out = {}
  for w in (s or ""):gmatch("%S+") do
    local v = tonumber(w)
    if v == nil then v = special[w] end
    out[#out + 1] = assert(v, "not a number: " .. w)
  end
  return out
end

function M.load(name)
  local recs, cur = {}, nil
  for ln in io.lines(T.data .. "/" .. name) do
    local kind, rname = ln:match("^@(%S+)%s+(%S+)")
    if kind then
      cur = {kind = kind, name = rname, fields = {}}
      recs[#recs + 1] = cur
    elseif cur and ln:sub(1, 1) ~= "#" and ln ~= "" then
      local key, rest = ln:match("^(%S+)%s?(.*)$")
      cur.fields[key] = rest
    end
  end
  return recs
end

-- The record's x, or that of the "@signal" its "signal" field names.
function M.signal(recs, r)
  local name = r.fields.signal
  if not name then return M.numbers(r.fields.x) end
  for _, s in ipairs(recs) do
    if s.kind == "signal" and s.name == name then return M.numbers(s.fields.x) end
  end
  error("no signal " .. name)
end

-- Element-wise comparison with a relative tolerance; NaN equals NaN.
function M.same(got, want, eps, what)
  local n = type(got) == "table" and #got or #got
  if n ~= #want then error(string.format("%s: %d values, reference %d", what, n, #want), 2) end
  for i = 1, n do
    local a, b = got[i], want[i]
    local ok = (a ~= a and b ~= b) or a == b or
               math.abs(a - b) <= (eps or 0) * math.max(1, math.abs(b))
    if not ok then error(string.format("%s[%d]: %.17g, reference %.17g", what, i, a, b), 2) end
  end
end

return M
