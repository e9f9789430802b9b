-- check_sessions.lua -- generate N random sessions with known truth,
-- analyse each with hinge.analyze and compare (truth_check.lua).
--
--   hinge run tests/gen/check_sessions.lua OUTDIR [N [SEED]]
--
-- Prints one line per failing session (its generator options and what
-- differs) and a summary; exits 1 when any session fails.
local hinge = require "hinge"
local dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local model = dofile(dir .. "/session_model.lua")
local check = dofile(dir .. "/truth_check.lua")

local out, n, seed = arg[1], tonumber(arg[2] or 20), tonumber(arg[3] or 1)
if not out then
  io.stderr:write("usage: check_sessions.lua OUTDIR [N [SEED]]\n")
  os.exit(2)
end
local bad, reps = 0, 0
for i = 1, n do
  local words = check.random_options(i, seed)
  local path = string.format("%s/session_%d_%d.csv", out, seed, i)
  local truth = model.write(path, model.options(words))
  local result, msg = hinge.analyze(path)
  local errs = result and check.compare(result, truth) or {msg}
  reps = reps + #truth.reps
  if #errs > 0 then
    bad = bad + 1
    print("FAIL " .. table.concat(words, " "))
    for k = 1, math.min(#errs, 5) do print("  " .. errs[k]) end
  else
    os.remove(path)
    os.remove(truth.path)
  end
end
print(string.format("%d sessions, %d reps, %d failed", n, reps, bad))
os.exit(bad == 0 and 0 or 1)
