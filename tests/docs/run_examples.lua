-- tests/docs/run_examples.lua: run the marked examples of README.md and
-- docs/*.md as a user would, and check the documents' Markdown.
--
--   lua5.4 tests/docs/run_examples.lua --source SRC --build BUILD
--          [--without cc,lua5.4] [--known FILE] [--keep] [FILE.md ...]
--
-- The marking convention is documented in docs/testing.md ("Examples in
-- the documentation"); in short, an HTML comment on the line(s) before a
-- fenced block:
--
--   <!-- test: sh [exit=N] [needs=cc,lua5.4] -->   run the block with sh -e
--   <!-- test: lua [ARGS] -->                      run it with `hinge run`
--   <!-- test: c [exit=N] [ARGS] -->               compile against the build, run
--   <!-- test: file PATH -->                       write the block to PATH
--   <!-- test: no REASON -->                       an example not run, and why
--   <!-- output -->                                the previous block's output
--
-- Every file's blocks run in order in one scratch folder that looks like a
-- clone after `make build` (examples/ copied, build/ the build tree, HOME
-- the folder, `hinge` on PATH); exported variables carry from one sh block
-- to the next.  Exit status 1 with "FILE:LINE: why" for every failure.
-- Needs only lua5.4, sh and the build: no network, no Python.

local opts = {without = {}, files = {}}
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    if a == "--source" then opts.source = arg[i + 1]; i = i + 1
    elseif a == "--build" then opts.build = arg[i + 1]; i = i + 1
    elseif a == "--known" then opts.known = arg[i + 1]; i = i + 1
    elseif a == "--without" then
      for w in arg[i + 1]:gmatch("[^,]+") do opts.without[w] = true end
      i = i + 1
    elseif a == "--keep" then opts.keep = true
    else opts.files[#opts.files + 1] = a end
    i = i + 1
  end
end
if not opts.source or not opts.build then
  io.stderr:write("usage: run_examples.lua --source SRC --build BUILD [--without cc,lua5.4] [--known FILE] [--keep] [FILE.md ...]\n")
  os.exit(2)
end

local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

local function sh(cmd)
  local ok, how, code = os.execute(cmd)
  if ok then return 0 end
  if how == "signal" then return 128 + code end
  return code
end

local function slurp(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function spit(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

local function lines_of(cmd)
  local p = assert(io.popen(cmd))
  local t = {}
  for l in p:lines() do t[#t + 1] = l end
  p:close()
  return t
end

local function abspath(p)
  return lines_of("cd " .. q(p) .. " && pwd")[1] or p
end
opts.source = abspath(opts.source)
opts.build = abspath(opts.build)
-- C blocks compile against the headers of the repository this runner is in.
opts.include = abspath((arg[0]:match("^(.*)/") or ".") .. "/../../include")

if #opts.files == 0 then
  opts.files[1] = "README.md"
  for _, f in ipairs(lines_of("cd " .. q(opts.source) .. " && ls docs/*.md")) do
    opts.files[#opts.files + 1] = f
  end
end

local failures = {}
local function fail(file, line, msg)
  failures[#failures + 1] = {file = file, line = line, text = string.format("%s:%d: %s", file, line, msg)}
end

-- Known gaps (tests/docs/known_gaps.txt): "unclosed FILE" or "unmarked
-- FILE", each with a reason; the list may only shrink: an entry that no
-- longer applies fails too.
local known, known_used = {}, {}
if opts.known then
  local n = 0
  for l in (slurp(opts.known) or ""):gmatch("[^\n]*") do
    n = n + 1
    local kind, file = l:match("^(%a+)%s+(%S+)")
    if kind and not l:match("^%s*#") then known[kind .. " " .. file] = n end
  end
end
local function is_known(kind, file)
  local k = kind .. " " .. file
  if known[k] then known_used[k] = true return true end
  return false
end

---------------------------------------------------------------------------
-- Markdown: fences, markers, links.

local RUN_KINDS = {sh = true, lua = true, c = true}
local EXAMPLE_LANGS = {sh = true, shell = true, bash = true, console = true, lua = true}

-- Parse a document into its fenced blocks (with the marker before each)
-- and report unclosed or suspicious fences.
local function parse(file, text)
  local lines = {}
  for l in (text .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  if lines[#lines] == "" then lines[#lines] = nil end
  local blocks, open, pending, problems = {}, nil, nil, {}
  for n, l in ipairs(lines) do
    if open then
      local ticks, rest = l:match("^%s*(```+)(.*)$")
      if ticks and #ticks >= #open.ticks then
        if rest:match("^%s*$") then
          open.last = n
          blocks[#blocks + 1] = open
          open = nil
        else
          problems[#problems + 1] = {n, string.format(
            "a fence opening a '%s' block inside the block opened at line %d: that block is not closed",
            rest, open.line)}
        end
      else
        open.body[#open.body + 1] = l
      end
    else
      local indent, ticks, info = l:match("^(%s*)(```+)%s*(.-)%s*$")
      if ticks then
        open = {line = n, ticks = ticks, info = info, indent = #indent, body = {}, marker = pending}
        pending = nil
      else
        local m = l:match("^%s*<!%-%-%s*(.-)%s*%-%->%s*$")
        if m and (m:match("^test:") or m == "output") then
          pending = {text = m, line = n}
        elseif pending and not l:match("^%s*$") and pending.text ~= "output" then
          problems[#problems + 1] = {pending.line, "a test marker not followed by a code block"}
          pending = nil
        end
      end
    end
  end
  if open then
    problems[#problems + 1] = {open.line, "this code block is never closed"}
  end
  return blocks, problems, lines
end

local function check_links(file, lines)
  local dir = file:match("^(.*)/[^/]*$") or "."
  local mds
  local function md_exists(name)
    if not mds then
      mds = {}
      for _, p in ipairs(lines_of("cd " .. q(opts.source) ..
          " && find . -name '*.md' -not -path './build*' -not -path './.git/*'")) do
        mds[p:match("[^/]+$")] = true
      end
    end
    return mds[name]
  end
  for n, l in ipairs(lines) do
    for target in l:gmatch("%]%(([^)%s]+)%)") do
      if not target:match("^%a[%w+.-]*:") and not target:match("^#") then
        local path = target:gsub("#.*$", "")
        if not exists(opts.source .. "/" .. dir .. "/" .. path) then
          fail(file, n, "link to " .. target .. ": no such file in the repository")
        end
      end
    end
    local scrubbed = l:gsub("%a[%w+.-]*://%S+", "")
    for name in scrubbed:gmatch("[%w_./-]*[%w_]%.md%f[^%w]") do
      local ok
      if name:sub(1, 1) == "/" then ok = false
      elseif name:find("/") then
        ok = exists(opts.source .. "/" .. dir .. "/" .. name) or exists(opts.source .. "/" .. name)
      else
        ok = md_exists(name)
      end
      if not ok then fail(file, n, name .. " is cited but the repository has no such file") end
    end
  end
end

---------------------------------------------------------------------------
-- Running.

local TMP = lines_of("mktemp -d \"${TMPDIR:-/tmp}/hinge-docs.XXXXXX\"")[1]
assert(TMP and TMP ~= "", "mktemp failed")
local BIN = TMP .. "/bin"
sh("mkdir -p " .. q(BIN) .. " && ln -s " .. q(opts.build .. "/hinge") .. " " .. q(BIN .. "/hinge"))

local function new_work(file)
  local work = TMP .. "/" .. file:gsub("[/.]", "_")
  local state = work .. ".state"
  sh("mkdir -p " .. q(work) .. " " .. q(state))
  if exists(opts.source .. "/examples") then
    sh("cp -R " .. q(opts.source .. "/examples") .. " " .. q(work .. "/examples"))
  end
  sh("ln -s " .. q(opts.build) .. " " .. q(work .. "/build"))
  spit(state .. "/env", table.concat({
    "export HOME=" .. q(work),
    "export PATH=" .. q(BIN .. ":" .. (os.getenv("PATH") or "/usr/bin:/bin")),
    "export LC_ALL=C", "export TZ=UTC",
    "unset PKG_CONFIG_PATH LD_LIBRARY_PATH LUA_PATH LUA_CPATH LUA_INIT LUA_PATH_5_4 LUA_CPATH_5_4 LUA_INIT_5_4",
  }, "\n") .. "\n")
  return work, state
end

local function parse_marker(text)
  local words = {}
  for w in text:gmatch("%S+") do words[#words + 1] = w end
  local m = {kind = words[2], args = {}, exit = 0, needs = {}}
  local i = 3
  if m.kind == "file" or m.kind == "no" then
    m.arg = table.concat(words, " ", 3)
    return m
  end
  while i <= #words do
    local w = words[i]
    local k, v = w:match("^(%a+)=(.*)$")
    if k == "exit" then m.exit = tonumber(v)
    elseif k == "needs" then for n in v:gmatch("[^,]+") do m.needs[#m.needs + 1] = n end
    else m.args[#m.args + 1] = w end
    i = i + 1
  end
  return m
end

-- Compare with `...` wildcards: inside a line it matches any text; a line
-- that is only `...` matches any number of lines (none included).
local function line_pattern(e)
  local parts = {}
  for piece in (e .. "..."):gmatch("(.-)%.%.%.") do
    parts[#parts + 1] = piece:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")
  end
  return "^" .. table.concat(parts, ".-") .. "$"
end

local function matches(exp, act)
  local memo = {}
  local function m(i, j)
    local key = i * 100003 + j
    if memo[key] ~= nil then return memo[key] end
    local r
    if i > #exp then r = j > #act
    elseif exp[i] == "..." then r = m(i + 1, j) or (j <= #act and m(i, j + 1))
    elseif j > #act then r = false
    else r = (act[j] == exp[i] or (exp[i]:find("...", 1, true) ~= nil and act[j]:match(line_pattern(exp[i])) ~= nil))
             and m(i + 1, j + 1) end
    memo[key] = r
    return r
  end
  return m(1, 1)
end

local function clean_lines(s, work)
  local t = {}
  for l in (s .. "\n"):gmatch("([^\n]*)\n") do
    if work then l = l:gsub(work:gsub("%p", "%%%0"), "~") end
    t[#t + 1] = (l:gsub("%s+$", ""))
  end
  while #t > 0 and t[#t] == "" do t[#t] = nil end
  while #t > 0 and t[1] == "" do table.remove(t, 1) end
  return t
end

local function show(t)
  local o = {}
  for i, l in ipairs(t) do o[i] = "    | " .. l end
  return table.concat(o, "\n")
end

local function run_block(file, b, work, state)
  local m = b.run
  local script
  local body = table.concat(b.body, "\n") .. "\n"
  local args = {}
  for i, a in ipairs(m.args) do args[i] = q(a) end
  args = table.concat(args, " ")
  if m.kind == "sh" then
    spit(state .. "/block.sh", body)
    script = "set -e\n. " .. q(state .. "/block.sh") .. "\n"
  elseif m.kind == "lua" then
    spit(state .. "/block.lua", body)
    script = "hinge run " .. q(state .. "/block.lua") .. " " .. args .. "\n"
  elseif m.kind == "c" then
    spit(state .. "/block.c", body)
    script = "set -e\ncc -std=c99 -Wall -Wextra -Werror -I " .. q(opts.include) .. " " ..
             q(state .. "/block.c") .. " -o " .. q(state .. "/block") .. " -L " .. q(opts.build) ..
             " -lhinge -lm -Wl,-rpath," .. q(opts.build) .. "\n" ..
             q(state .. "/block") .. " " .. args .. "\n"
  end
  spit(state .. "/wrap.sh", "cd " .. q(work) .. " || exit 99\n. " .. q(state .. "/env") .. "\n" ..
       "trap 'export -p | grep -v -e \"^export PWD=\" -e \"^export OLDPWD=\" -e \"^export SHLVL=\" -e \"^export _=\" > "
       .. q(state .. "/env.new") .. "' EXIT\n" .. script)
  local rc = sh("sh " .. q(state .. "/wrap.sh") .. " > " .. q(state .. "/out") .. " 2>&1 < /dev/null")
  if exists(state .. "/env.new") then
    sh("mv " .. q(state .. "/env.new") .. " " .. q(state .. "/env"))
  end
  local out = slurp(state .. "/out") or ""
  local act = clean_lines(out, work)
  if rc ~= m.exit then
    fail(file, b.line, string.format("%s block: exit status %d, expected %d; output:\n%s",
         m.kind, rc, m.exit, show(act)))
    return
  end
  if b.expect then
    local exp = clean_lines(table.concat(b.expect.body, "\n"))
    if not matches(exp, act) then
      local first = ""
      for i = 1, math.max(#exp, #act) do
        if exp[i] == "..." then break end
        if not (exp[i] and act[i] and matches({exp[i]}, {act[i]})) then
          first = string.format(" (first difference: line %d of the output)", i)
          break
        end
      end
      fail(file, b.line, string.format(
        "%s block: the output differs from the block at line %d%s\n  expected:\n%s\n  got:\n%s",
        m.kind, b.expect.line, first, show(exp), show(act)))
    end
  end
end

local counts = {}
for _, file in ipairs(opts.files) do
  local text = slurp(opts.source .. "/" .. file)
  if not text then
    fail(file, 0, "cannot read the file")
  else
    local blocks, problems, lines = parse(file, text)
    if #problems > 0 and not is_known("unclosed", file) then
      for _, p in ipairs(problems) do fail(file, p[1], p[2]) end
    end
    check_links(file, lines)
    -- Attach markers and outputs.
    local last_run, unmarked = nil, {}
    local c = {run = 0, files = 0, outputs = 0, no = 0, skipped = 0}
    for _, b in ipairs(blocks) do
      local mk = b.marker
      if mk and mk.text == "output" then
        if not last_run or last_run.expect then
          fail(file, mk.line, "an output block that follows no test block")
        else
          last_run.expect = b
          c.outputs = c.outputs + 1
        end
      elseif mk then
        local m = parse_marker(mk.text)
        if m.kind == "no" then
          if m.arg == "" then fail(file, mk.line, "'test: no' needs a reason") end
          c.no = c.no + 1
        elseif m.kind == "file" then
          if m.arg == "" then fail(file, mk.line, "'test: file' needs a path") end
          b.run = m
        elseif RUN_KINDS[m.kind] then
          b.run = m
          last_run = b
        else
          fail(file, mk.line, "unknown test kind '" .. tostring(m.kind) .. "' (sh, lua, c, file, no)")
        end
      elseif EXAMPLE_LANGS[b.info:match("^%S*")] then
        unmarked[#unmarked + 1] = b.line
      end
    end
    if #unmarked > 0 and not is_known("unmarked", file) then
      for _, n in ipairs(unmarked) do
        fail(file, n, "an example block that is not marked: add <!-- test: sh --> (or lua, c, file PATH) or <!-- test: no REASON --> before it")
      end
    end
    -- Run.
    local has_run = false
    for _, b in ipairs(blocks) do if b.run then has_run = true end end
    if has_run then
      local work, state = new_work(file)
      for _, b in ipairs(blocks) do
        local m = b.run
        if m then
          local missing
          for _, n in ipairs(m.needs) do if opts.without[n] then missing = n end end
          if m.kind == "c" and opts.without.cc then missing = "cc" end
          if missing then
            c.skipped = c.skipped + 1
          elseif m.kind == "file" then
            local path = work .. "/" .. m.arg
            sh("mkdir -p " .. q(path:match("^(.*)/")))
            spit(path, table.concat(b.body, "\n") .. "\n")
            c.files = c.files + 1
          else
            run_block(file, b, work, state)
            c.run = c.run + 1
          end
        end
      end
    end
    counts[#counts + 1] = string.format("%-22s %2d run, %2d outputs compared, %2d files written, %2d marked not run, %d skipped",
      file, c.run, c.outputs, c.files, c.no, c.skipped)
  end
end

for k, n in pairs(known) do
  if not known_used[k] then
    fail(opts.known, n, "'" .. k .. "' no longer applies: remove the entry")
  end
end

print(table.concat(counts, "\n"))
io.stdout:flush()
if not opts.keep then sh("rm -rf " .. q(TMP)) else print("kept " .. TMP) end
if #failures > 0 then
  table.sort(failures, function(a, b)
    if a.file ~= b.file then return a.file < b.file end
    return a.line < b.line
  end)
  for _, f in ipairs(failures) do io.stderr:write(f.text, "\n") end
  io.stderr:write(string.format("docs: %d problem%s\n", #failures, #failures == 1 and "" or "s"))
  os.exit(1)
end
print("docs: ok")
