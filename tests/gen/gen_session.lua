-- gen_session.lua -- write a synthetic deadlift session and its truth.
--
--   hinge run tests/gen/gen_session.lua OUT.csv [key=value ...]
--   lua5.4 tests/gen/gen_session.lua OUT.csv [key=value ...]
--
-- Writes OUT.csv and OUT.truth.csv (one row per rep: start, liftoff,
-- lockout, end, setup angles, rounding, flags, verdict).  Keys and their
-- defaults are listed by `gen_session.lua --help` and in
-- tests/gen/README.md.
local dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local model = dofile(dir .. "/session_model.lua")

local out = arg[1]
if out == nil or out == "--help" or out == "-h" then
  local keys = {}
  for k, v in pairs(model.defaults) do keys[#keys + 1] = string.format("  %s=%s", k, tostring(v)) end
  table.sort(keys)
  io.write("usage: gen_session.lua OUT.csv [key=value ...]\nkeys (defaults):\n",
           table.concat(keys, "\n"), "\n")
  os.exit(out == nil and 2 or 0)
end
local words = {}
for i = 2, #arg do words[#words + 1] = arg[i] end
local ok, opts = pcall(model.options, words)
if not ok then
  io.stderr:write("gen_session: ", tostring(opts), "\n")
  os.exit(2)
end
local truth = model.write(out, opts)
io.write(string.format("%s: %d reps, %.1f s at %g Hz; truth in %s\n", out, #truth.reps,
                       truth.duration_s, opts.fs, truth.path))
