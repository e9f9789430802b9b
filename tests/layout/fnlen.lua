--[[
layout.fnlen: two size rules that would otherwise regress one function at
a time (docs/internals.md, "Function size").

  lua5.4 fnlen.lua SOURCE_DIR ALLOWLIST

  (a) every `static int l_*` binding function in lua/*.c has at most
      MAX_BODY body lines (the lines between its opening and closing
      braces): check the arguments, call the core, push the result;
  (b) no function defined in src/**/*.c takes 7 or more parameters unless
      it is public (declared in include/hinge/*.h: the documented,
      scipy-shaped API) -- the rest pass a stage context struct.

ALLOWLIST has one exception a line, "FILE NAME reason ...", with FILE the
path from SOURCE_DIR; '#' starts a comment.  An entry without a reason, or
one that no longer matches a violation, fails the check too, so the list
only shrinks.
]]

local SOURCE, ALLOWFILE = ...
if not ALLOWFILE then
  io.stderr:write("usage: lua5.4 fnlen.lua SOURCE_DIR ALLOWLIST\n")
  os.exit(2)
end

local MAX_BODY = 15
local MAX_PARAMS = 6

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function read_lines(path)
  local f, e = io.open(path, "r")
  if not f then error(e, 0) end
  local t = {}
  for l in f:lines() do t[#t + 1] = l end
  f:close()
  return t
end

local function list_files(dir, pattern)
  local p = io.popen("find " .. shell_quote(SOURCE .. "/" .. dir)
                     .. " -name " .. shell_quote(pattern) .. " | sort")
  local t = {}
  for l in p:lines() do t[#t + 1] = l:sub(#SOURCE + 2) end
  p:close()
  return t
end

-- The allowlist: key "FILE NAME" -> reason.
local allow, bad = {}, {}
for _, l in ipairs(read_lines(ALLOWFILE)) do
  l = l:gsub("#.*", "")
  local file, name, reason = l:match("^%s*(%S+)%s+(%S+)%s*(.*)$")
  if file then
    if reason == "" then bad[#bad + 1] = "allowlist entry without a reason: " .. file .. " " .. name end
    allow[file .. " " .. name] = { reason = reason, used = false }
  end
end

local function violation(file, name, what)
  local a = allow[file .. " " .. name]
  if a then a.used = true return end
  bad[#bad + 1] = file .. ": " .. name .. " " .. what
end

-- (a) The binding functions: a definition line at column 0, its body up to
-- the first "}" at column 0.
for _, file in ipairs(list_files("lua", "*.c")) do
  local lines, i = read_lines(SOURCE .. "/" .. file), 1
  while i <= #lines do
    local name = lines[i]:match("^static int (l_[%w_]+)%s*%(.*%)%s*{%s*$")
    if name then
      local j = i + 1
      while j <= #lines and not lines[j]:match("^}") do j = j + 1 end
      local body = j - i - 1
      if body > MAX_BODY then
        violation(file, name, ("has %d body lines (at most %d)"):format(body, MAX_BODY))
      end
      i = j
    end
    i = i + 1
  end
end

-- (b) Parameters.  The public names first: every identifier followed by
-- "(" in the public headers.
local public = {}
for _, h in ipairs(list_files("include", "*.h")) do
  for _, l in ipairs(read_lines(SOURCE .. "/" .. h)) do
    for id in l:gmatch("([%a_][%w_]*)%s*%(") do public[id] = true end
  end
end

-- The parameters of a definition "... name(a, b, ...) {", counted as the
-- commas at the first parenthesis depth (a function-pointer parameter has
-- its own parentheses).
local function count_params(params)
  if params:match("^%s*void%s*$") or params:match("^%s*$") then return 0 end
  local depth, n = 0, 1
  for c in params:gmatch("[(),]") do
    if c == "(" then depth = depth + 1
    elseif c == ")" then depth = depth - 1
    elseif depth == 0 then n = n + 1 end
  end
  return n
end

for _, file in ipairs(list_files("src", "*.c")) do
  local lines, i = read_lines(SOURCE .. "/" .. file), 1
  while i <= #lines do
    local l = lines[i]
    -- A definition starts at column 0 with a type, not a preprocessor line,
    -- a comment or a brace; it runs to the line ending in "{" (a ";" first
    -- makes it a declaration).
    if l:match("^[%a_]") and l:match("[%a_][%w_]*%s*%(") and not l:match("^typedef")
       and not l:match("=") then
      local text, j = l, i
      while not text:match("{%s*$") and not text:match(";%s*$") and j < #lines and j < i + 12 do
        j = j + 1
        text = text .. " " .. lines[j]
      end
      if text:match("{%s*$") then
        local name, params = text:match("([%a_][%w_]*)%s*(%b())%s*{%s*$")
        if name and not public[name] then
          local n = count_params(params:sub(2, -2))
          if n > MAX_PARAMS then
            violation(file, name, ("takes %d parameters (at most %d, else a context struct)")
                                  :format(n, MAX_PARAMS))
          end
        end
      end
      i = j
    end
    i = i + 1
  end
end

for key, a in pairs(allow) do
  if not a.used then bad[#bad + 1] = "allowlist entry no longer needed: " .. key end
end
table.sort(bad)
for _, b in ipairs(bad) do io.stderr:write(b, "\n") end
if #bad > 0 then
  io.stderr:write(("layout.fnlen: %d problem(s)\n"):format(#bad))
  os.exit(1)
end
print("layout.fnlen: ok")
