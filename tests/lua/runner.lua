-- Lua test runner: `lua5.4 runner.lua test_x.lua` or `hinge run runner.lua test_x.lua`.
--
-- A test file returns an array of cases.  Each case is either
--   {desc, fn, args, expected}   -- fn(table.unpack(args)) must equal expected (deep)
-- or
--   {desc, function() ... end}   -- passes when it returns without raising
-- Descriptions read as sentences.  Exits 1 when any case fails.
local path = assert(arg[1], "usage: runner.lua TEST.lua")

local function deepeq(a, b, eps)
  if type(a) == "number" and type(b) == "number" then
    if a ~= a and b ~= b then return true end
    return a == b or math.abs(a - b) <= (eps or 0) * math.max(1, math.abs(a), math.abs(b))
  end
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in pairs(a) do if not deepeq(v, b[k], eps) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function show(v, depth)
  depth = depth or 0
  if type(v) == "string" then return string.format("%q", v) end
  if math.type(v) == "float" then return string.format("%.17g", v) end
  if type(v) ~= "table" or depth > 3 then return tostring(v) end
  local parts = {}
  for k, x in pairs(v) do parts[#parts + 1] = "[" .. show(k) .. "]=" .. show(x, depth + 1) end
  table.sort(parts)
  return "{" .. table.concat(parts, ", ") .. "}"
end

-- Helpers shared by test files through the global `T` (tests only).
T = {
  deepeq = deepeq,
  show = show,
  data = os.getenv("HINGE_TEST_DATA") or "tests/data",
  tmp = os.getenv("HINGE_TEST_TMP") or "/tmp",
  source = os.getenv("HINGE_SOURCE_DIR") or ".",
  build = os.getenv("HINGE_BUILD_DIR") or "build",
}
function T.near(a, b, eps)
  if not deepeq(a, b, eps or 1e-12) then
    error(string.format("expected %s, got %s", show(b), show(a)), 2)
  end
end
function T.eq(a, b)
  if not deepeq(a, b) then error(string.format("expected %s, got %s", show(b), show(a)), 2) end
end
function T.raises(pattern, fn, ...)
  local ok, msg = pcall(fn, ...)
  if ok then error("expected an error matching '" .. pattern .. "'", 2) end
  if not tostring(msg):find(pattern) then
    error(string.format("error '%s' does not match '%s'", tostring(msg), pattern), 2)
  end
end

local cases = dofile(path)
local failed, passed = 0, 0
for i, case in ipairs(cases) do
  local desc, fn, args, expected = case[1], case[2], case[3], case[4]
  local ok, err = xpcall(function()
    if args == nil and expected == nil then return fn() end
    local got = fn(table.unpack(args or {}))
    if not deepeq(got, expected, case.eps) then
      error(string.format("expected %s, got %s", show(expected), show(got)), 0)
    end
  end, debug.traceback)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    io.stderr:write(string.format("FAIL %d %s\n  %s\n", i, desc or "?", tostring(err)))
  end
end
print(string.format("%s: %d passed, %d failed", path:match("[^/]*$"), passed, failed))
os.exit(failed == 0 and 0 or 1)
