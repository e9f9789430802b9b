--[[
layout.deps: the dependencies between the layer folders of src/ (and lua/)
against the allowed graph of docs/internals.md.

  lua5.4 deps.lua SOURCE_DIR NM OBJECT_LIST ALLOWLIST

OBJECT_LIST (written by tests/CMakeLists.txt) has one object file a line,
"lib PATH" for the core library, "lua PATH" for the binding, "cli PATH" for
the command; an object's folder comes from its source path (src/<folder>/,
lua/), else from that tag.

Two checks, each against the allowed edges:
  (a) includes: every #include "..." of src/<folder>/*.[ch] and lua/*.[ch];
      "hinge/..." is the public API (shared by all); "x/..." is folder x;
      a bare name is the file's own folder, or the folder holding it;
  (b) symbols: every undefined symbol of an object file that another of
      the object files defines (nm), i.e. the code a file calls.
A forbidden edge fails the test unless ALLOWLIST names it; an ALLOWLIST
entry that no longer occurs fails it too, so the list only shrinks.

It also reports, without failing, the cycles between the files of the
libraries (A calls B and B calls A, or longer rings) from the symbols:
phase 2 of the layout breaks them.
]]

local SOURCE, NM, OBJLIST, ALLOWFILE = ...
if not ALLOWFILE then
  io.stderr:write("usage: lua5.4 deps.lua SOURCE_DIR NM OBJECT_LIST ALLOWLIST\n")
  os.exit(2)
end

-- The allowed graph.  Every folder may use itself and the public headers.
local ALLOWED = {
  cli      = { "report", "lift", "recovery", "io", "dsp", "kin", "parse", "base",
               "lua" }, -- `hinge run`: the state factory and sandbox runner
  lua      = { "report", "lift", "recovery", "io", "dsp", "kin", "parse", "base" },
  report   = { "lift", "recovery", "parse", "base" }, -- parse: day numbers on date axes
  lift     = { "dsp", "io", "kin", "base" },
  recovery = { "io", "parse", "base" },
  io       = { "kin", "parse", "base" },
  kin      = { "base" },
  dsp      = { "base" },
  parse    = { "base" },
  base     = {},
}
local allowed = {}
for from, tos in pairs(ALLOWED) do
  allowed[from] = { [from] = true }
  for _, to in ipairs(tos) do allowed[from][to] = true end
end

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function read_lines(path)
  local f, e = io.open(path, "r")
  if not f then error(e, 0) end
  local t = {}
  for l in f:lines() do t[#t + 1] = l end
  f:close()
  return t
end

local function list_dir(dir, pattern)
  local t = {}
  local p = io.popen("ls -1 " .. shell_quote(dir) .. " 2>/dev/null")
  for name in p:lines() do
    if name:match(pattern) then t[#t + 1] = name end
  end
  p:close()
  table.sort(t)
  return t
end

local function sorted_keys(t)
  local k = {}
  for key in pairs(t) do k[#k + 1] = key end
  table.sort(k)
  return k
end

-- ---- The allowlist --------------------------------------------------------
-- "sym FILE SYMBOL" or "inc FILE HEADER"; '#' starts a comment.
local allowlist, allow_used = {}, {}
for n, line in ipairs(read_lines(ALLOWFILE)) do
  line = line:gsub("#.*", "")
  local kind, file, what = line:match("^%s*(%S+)%s+(%S+)%s+(%S+)%s*$")
  if kind and (kind == "sym" or kind == "inc") then
    allowlist[kind .. " " .. file .. " " .. what] = n
  elseif line:match("%S") then
    io.stderr:write(("%s:%d: not 'sym FILE SYMBOL' or 'inc FILE HEADER'\n"):format(ALLOWFILE, n))
    os.exit(2)
  end
end

local failures = {}
local function forbidden(kind, file, what, from, to, detail)
  local key = kind .. " " .. file .. " " .. what
  if allowlist[key] then
    allow_used[key] = true
    return
  end
  failures[#failures + 1] = ("%s: %s %s: forbidden edge %s -> %s%s"):format(
    file, kind == "sym" and "calls" or "includes", what, from, to, detail or "")
end

-- ---- (a) includes ---------------------------------------------------------
local FOLDERS = {}
for from in pairs(ALLOWED) do FOLDERS[from] = true end

local function folder_dir(folder)
  return folder == "lua" and "lua" or "src/" .. folder
end

local headers_by_name = {} -- bare header name -> folder holding it
local sources = {}         -- { rel, folder }
for _, folder in ipairs(sorted_keys(FOLDERS)) do
  for _, name in ipairs(list_dir(SOURCE .. "/" .. folder_dir(folder), "%.[ch]$")) do
    sources[#sources + 1] = { rel = folder_dir(folder) .. "/" .. name, folder = folder }
    if name:match("%.h$") then headers_by_name[name] = headers_by_name[name] or folder end
  end
end

-- Files sitting directly in src/ have no layer.
for _, name in ipairs(list_dir(SOURCE .. "/src", "%.[ch]$")) do
  failures[#failures + 1] = ("src/%s: in the flat src/, not in a layer folder"):format(name)
end

local nincludes = 0
for _, s in ipairs(sources) do
  for _, line in ipairs(read_lines(SOURCE .. "/" .. s.rel)) do
    local inc = line:match('^%s*#%s*include%s*"([^"]+)"')
    if inc and not inc:match("^hinge/") then
      nincludes = nincludes + 1
      local to = inc:match("^([^/]+)/")
      if to then
        if not FOLDERS[to] then
          failures[#failures + 1] = ('%s: includes "%s": %s is no layer folder'):format(s.rel, inc, to)
          to = nil
        end
      else
        local f = io.open(SOURCE .. "/" .. folder_dir(s.folder) .. "/" .. inc, "r")
        if f then f:close(); to = s.folder else to = headers_by_name[inc] end
      end
      if to and not allowed[s.folder][to] then forbidden("inc", s.rel, inc, s.folder, to) end
    end
  end
end

-- ---- (b) symbols ----------------------------------------------------------
local objects = {} -- { path, file, folder, defs = {}, undefs = {} }
for _, line in ipairs(read_lines(OBJLIST)) do
  local tag, path = line:match("^(%S+)%s+(.+)$")
  if tag then
    local rel = path:match("%.dir/(.*)%.o$") or path:match("%.dir/(.*)%.obj$") or path
    local folder = rel:match("^src/([^/]+)/") or (rel:match("^lua/[^/]+$") and "lua") or tag
    if tag == "lib" and not FOLDERS[folder] then
      failures[#failures + 1] = ("%s: a library object outside the layer folders"):format(rel)
      folder = "base"
    end
    objects[#objects + 1] = { path = path, file = rel, folder = folder, tag = tag,
                             defs = {}, undefs = {} }
  end
end
if #objects == 0 then
  io.stderr:write("layout.deps: no object files listed in " .. OBJLIST .. "\n")
  os.exit(2)
end

local owner = {} -- symbol -> object
local bypath = {}
local cmd = { shell_quote(NM), "-A -P -g" }
for _, o in ipairs(objects) do
  bypath[o.path] = o
  cmd[#cmd + 1] = shell_quote(o.path)
end
-- One nm for all the objects (starting nm costs more than reading them).
local p = io.popen(table.concat(cmd, " ") .. " 2>&1")
for line in p:lines() do
  local path, name, kind = line:match("^(.+): (%S+) (%a)")
  local o = path and bypath[path]
  if o then
    if kind == "U" or kind == "w" or kind == "v" then
      o.undefs[#o.undefs + 1] = name
    else
      o.defs[#o.defs + 1] = name
      if owner[name] and owner[name] ~= o then
        failures[#failures + 1] = ("%s and %s both define %s"):format(owner[name].file, o.file, name)
      end
      owner[name] = o
    end
  elseif line ~= "" then
    io.stderr:write("layout.deps: nm: " .. line .. "\n")
  end
end
if not p:close() then
  io.stderr:write("layout.deps: " .. NM .. " failed\n")
  os.exit(2)
end

local calls = {} -- file -> file -> { symbols }
local byfile = {}
local folder_edges = {}
for _, o in ipairs(objects) do
  byfile[o.file] = o
  for _, sym in ipairs(o.undefs) do
    local d = owner[sym]
    if d and d ~= o then
      calls[o.file] = calls[o.file] or {}
      calls[o.file][d.file] = calls[o.file][d.file] or {}
      table.insert(calls[o.file][d.file], sym)
      if d.folder ~= o.folder then
        local e = o.folder .. " -> " .. d.folder
        folder_edges[e] = (folder_edges[e] or 0) + 1
        if not allowed[o.folder][d.folder] then
          forbidden("sym", o.file, sym, o.folder, d.folder, " (" .. sym .. " is in " .. d.file .. ")")
        end
      end
    end
  end
end

-- ---- Report ---------------------------------------------------------------
for _, key in ipairs(sorted_keys(allowlist)) do
  if not allow_used[key] then
    failures[#failures + 1] = ("%s:%d: '%s' no longer occurs: delete it from the allowlist"):format(
      ALLOWFILE, allowlist[key], key)
  end
end

print(("layout.deps: %d object files, %d quoted includes; folder edges by symbol:"):format(
  #objects, nincludes))
for _, e in ipairs(sorted_keys(folder_edges)) do
  print(("  %-18s %4d symbol uses"):format(e, folder_edges[e]))
end

-- Cycles between files: strongly connected components (Tarjan).
local index, low, onstack, stack, sccs, counter = {}, {}, {}, {}, {}, 0
local function connect(v)
  counter = counter + 1
  index[v], low[v] = counter, counter
  stack[#stack + 1] = v
  onstack[v] = true
  for _, w in ipairs(sorted_keys(calls[v] or {})) do
    if byfile[w].tag == "cli" then
      -- not followed
    elseif not index[w] then
      connect(w)
      low[v] = math.min(low[v], low[w])
    elseif onstack[w] then
      low[v] = math.min(low[v], index[w])
    end
  end
  if low[v] == index[v] then
    local comp = {}
    repeat
      local w = table.remove(stack)
      onstack[w] = nil
      comp[#comp + 1] = w
    until w == v
    if #comp > 1 then
      table.sort(comp)
      sccs[#sccs + 1] = comp
    end
  end
end
-- Within the libraries (core and binding); the CLI's main.c and its
-- cmd_*.c call each other by design (the command table, usage errors).
for _, f in ipairs(sorted_keys(byfile)) do
  if byfile[f].tag ~= "cli" and not index[f] then connect(f) end
end
table.sort(sccs, function(a, b) return a[1] < b[1] end)

local function syms(a, b)
  local t = {}
  for _, s in ipairs(calls[a][b]) do t[#t + 1] = s end
  table.sort(t)
  return table.concat(t, ", ")
end

if #sccs == 0 then
  print("file cycles: none")
else
  print(("file cycles (reported, not failed; phase 2 breaks them): %d"):format(#sccs))
  for i, comp in ipairs(sccs) do
    local in_comp = {}
    for _, f in ipairs(comp) do in_comp[f] = true end
    print(("  cycle %d: %s"):format(i, table.concat(comp, " ")))
    for _, a in ipairs(comp) do
      for _, b in ipairs(sorted_keys(calls[a] or {})) do
        if in_comp[b] then
          local mutual = calls[b] and calls[b][a] and " (mutual)" or ""
          print(("    %s -> %s%s: %s"):format(a, b, mutual, syms(a, b)))
        end
      end
    end
  end
end

if #failures > 0 then
  print(("FAIL: %d dependency error(s) against the layer graph (docs/internals.md):"):format(#failures))
  for _, f in ipairs(failures) do print("  " .. f) end
  os.exit(1)
end
print("layout.deps: ok")
