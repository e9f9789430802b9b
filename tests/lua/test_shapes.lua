-- The output shapes are one walk with two sinks (hinge/sink.h): the tables
-- of hinge.analyze / hinge.recovery.assess must match the CLI's JSON field
-- by field, so the two cannot drift.  JSON null is a nil field in Lua;
-- JSON numbers are rounded (at most 3 decimals in the analysis), Lua's
-- are not.
local hinge = require "hinge"

local cli = T.build .. "/hinge"
local root = T.data:gsub("/tests/data$", "")

local function run_json(args)
  local p = assert(io.popen('"' .. cli .. '" ' .. args .. " 2>/dev/null"))
  local text = p:read("a")
  p:close()
  return assert(hinge.json.decode(text, args))
end

local function ls(pattern)
  local out = {}
  local p = assert(io.popen("ls " .. pattern))
  for name in p:lines() do out[#out + 1] = name end
  p:close()
  return out
end

-- JSON shows some fields at 2 or 3 decimals: x must be json exactly or
-- rounded to one of those precisions (not merely close).
local function rounds_to(x, json, decimals)
  if x == json then return true end
  for _, d in ipairs(decimals) do
    local m = 10 ^ d
    if math.abs(math.floor(x * m + 0.5) / m - json) <= 1e-9 then return true end
  end
  return false
end

-- Compare lua (a result table) with json (the decoded CLI output) at
-- path; numbers exact or rounded to one of the decimals in tol.  extra names the fields only Lua carries.
local function same(lua, json, path, tol, extra)
  if json == hinge.json.null then
    if lua ~= nil then error(path .. ": JSON null, Lua " .. T.show(lua)) end
  elseif type(json) == "number" then
    if type(lua) ~= "number" or not rounds_to(lua, json, tol) then
      error(string.format("%s: JSON %.17g, Lua %s", path, json, T.show(lua)))
    end
  elseif type(json) ~= "table" then
    if lua ~= json then error(path .. ": JSON " .. T.show(json) .. ", Lua " .. T.show(lua)) end
  else
    if type(lua) ~= "table" then error(path .. ": JSON table, Lua " .. T.show(lua)) end
    for k, v in pairs(json) do same(lua[k], v, path .. "." .. tostring(k), tol, extra) end
    for k in pairs(lua) do
      if json[k] == nil and not extra[k] then error(path .. "." .. tostring(k) .. ": only in Lua") end
    end
  end
end

local cases = {}

local sessions = ls('"' .. root .. '"/examples/data/20*.csv "' .. T.data .. '"/sessions/*.csv')
for _, f in ipairs(sessions) do
  cases[#cases + 1] = {"hinge.analyze should match `hinge analyze --format json` for " .. f, function()
    local r = assert(hinge.analyze(f))
    same(r, run_json('analyze "' .. f .. '" --format json'), "analyze", {2, 3}, {})
  end}
end

local detail = {suggestion = true, source = true, escalate = true, acute_mean = true,
                chronic_mean = true}
local logs = {
  {soreness = root .. "/examples/data/soreness.csv", training = root .. "/examples/data/training.csv"},
  {soreness = T.data .. "/recovery/soreness_team.csv", training = T.data .. "/recovery/training_team.csv"},
  {soreness = T.data .. "/recovery/soreness_team.csv"},
}
for _, l in ipairs(logs) do
  cases[#cases + 1] = {"hinge.recovery.assess should match `hinge recovery --format json` for " .. l.soreness, function()
    local r = assert(hinge.recovery.assess(l))
    local args = 'recovery "' .. l.soreness .. '"'
    if l.training then args = args .. ' --training "' .. l.training .. '"' end
    same(r, run_json(args .. " --format json"), "recovery", {}, detail)
  end}
end

cases[#cases + 1] = {"the Lua tables should leave missing values nil", function()
  local r = assert(hinge.analyze(T.data .. "/sessions/2026-03-02_ana_set1_all.csv"))
  for _, rep in ipairs(r.reps) do
    for _, v in pairs(rep) do
      if type(v) == "number" and v ~= v then error("NaN in a result table") end
    end
  end
end}

return cases
