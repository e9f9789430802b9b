-- gen_team.lua -- a team's folder of generated sessions, in one process.
--
--   hinge run tests/scaleout/gen_team.lua DIR N [SEED]
--
-- Writes N sessions (tests/gen/session_model.lua, 2-4 reps each, seeds
-- SEED+1 .. SEED+N) under DIR in folders whose names test the merge's
-- order (folder by folder, bytewise): DIR/Ben/ (upper case first),
-- DIR/ana/, then DIR/ana-NNN.csv (the folder name ana is a prefix of
-- theirs; a plain sort of the paths puts them first: '-' < '/'),
-- DIR/ana.old/, DIR/cai/week1, week10, week2.  No truth files.
local dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local model = dofile(dir .. "/../gen/session_model.lua")

local out, n, seed = arg[1], tonumber(arg[2] or ""), tonumber(arg[3] or "0")
if out == nil or n == nil then
  io.stderr:write("usage: gen_team.lua DIR N [SEED]\n")
  os.exit(2)
end
local folders = {"ana", "ana.old", "Ben", "cai/week1", "cai/week10", "cai/week2", ""}
for _, f in ipairs(folders) do
  if f ~= "" then os.execute("mkdir -p '" .. out .. "/" .. f .. "'") end
end
for i = 1, n do
  local f = folders[(i - 1) % #folders + 1]
  local name = f == "" and string.format("%s/ana-%03d.csv", out, i)
                       or string.format("%s/%s/s%d.csv", out, f, i)
  local opts = model.options({"seed=" .. (seed + i), "reps=" .. (2 + i % 3), "truth=none",
                              "athlete=a" .. (i % 7)})
  model.write(name, opts)
end
io.write(string.format("%d sessions under %s\n", n, out))
