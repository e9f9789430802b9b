-- families.lua -- the session families of issue 12 ("recordings as they
-- come") as random generator options.  Pure Lua.
--
--   local families = dofile("tests/gen/families.lua")
--   for _, fam in ipairs(families.list) do
--     local words, opts = fam.make(families.rng(fam.name, i))
--     -- words: session_model.lua options; opts: hinge.analyze options
--   end
--
-- Every family draws its own options from a generator seeded by the
-- family's name and the session number, so session i of a family is the
-- same whatever the other families do.  The truth comes from
-- session_model.lua (M.truth); docs/testing.md describes the families.
local M = {}

local function hash(s)
  local h = 5381
  for i = 1, #s do h = (h * 33 + s:byte(i)) % 2147483647 end
  return h
end

-- A small generator: pick(list), int(a, b), range(a, b), chance(p).
function M.rng(name, i, seed)
  local s = (hash(name) * 1000003 + i * 7919 + (seed or 1) * 104729) % 2147483647
  if s == 0 then s = 1 end
  local r = {}
  function r.u()
    s = (s * 48271) % 2147483647
    return s / 2147483647
  end
  function r.int(a, b) return a + math.floor(r.u() * (b - a + 1)) end
  function r.range(a, b) return a + (b - a) * r.u() end
  function r.pick(list) return list[r.int(1, #list)] end
  function r.chance(p) return r.u() < p end
  r.seed = s
  return r
end

local function fmt(x) return string.format("%.3g", x) end

-- Shared pieces.
local IMU = "hip,thoracic,lumbar"
local VIDEO = "trunk,hip,knee"

local function base(r, words)
  words[#words + 1] = "seed=" .. r.int(1, 1000000)
  return words
end

local function reps_1_20(r)
  -- Mostly working sets of 3-10, sometimes singles and long sets.
  local x = r.u()
  if x < 0.15 then return 1 elseif x < 0.85 then return r.int(2, 10) end
  return r.int(11, 20)
end

local function video_words(r, w)
  w[#w + 1] = "channels=" .. VIDEO
  w[#w + 1] = "fs=" .. r.pick({24, 25, 30})
  w[#w + 1] = "noise=" .. r.pick({0.5, 1.0, 1.5})
  w[#w + 1] = "decimals=2"
  w[#w + 1] = "missing=" .. r.pick({"empty", "nan"})
  -- keypoint dropouts: 1-6 frames of one or all channels
  w[#w + 1] = "dropouts=" .. r.pick({0, 1, 2, 4})
end

local function imu_words(r, w, rates)
  w[#w + 1] = "channels=" .. IMU
  w[#w + 1] = "fs=" .. r.pick(rates or {50, 60, 100})
  w[#w + 1] = "noise=" .. r.pick({0.1, 0.3, 0.5})
  w[#w + 1] = "rounding=random"
  w[#w + 1] = "spikes=" .. r.pick({0, 0, 1, 3})
  w[#w + 1] = "dropouts=" .. r.pick({0, 0, 1, 3})
end

M.list = {
  {name = "deadlift", desc = "IMU dead-stop sets from standing, 1-20 reps, every ending",
   make = function(r)
     local w = base(r, {})
     imu_words(r, w)
     w[#w + 1] = "reps=" .. reps_1_20(r)
     w[#w + 1] = "finish=" .. r.pick({"stand", "floor", "lockout", "drop"})
     w[#w + 1] = "pull=" .. r.pick({1.0, 1.6, 2.2, 3.0})
     w[#w + 1] = "pause=" .. r.pick({0.5, 1.0, 2.0})
     if r.chance(0.2) then w[#w + 1] = "reset=stand" end
     return w, {}
   end},
  {name = "video_setup", desc = "video clips from the setup, 24-30 fps, trunk/hip/knee, missing keypoints",
   make = function(r)
     local w = base(r, {"start=setup"})
     video_words(r, w)
     w[#w + 1] = "reps=" .. r.int(1, 6)
     w[#w + 1] = "finish=" .. r.pick({"lockout", "drop", "stand", "floor"})
     w[#w + 1] = "pull=" .. r.pick({1.2, 1.6, 2.2})
     return w, {}
   end},
  {name = "clip_single", desc = "1-4 s clips from the setup holding one pull, video or IMU",
   make = function(r)
     local w = base(r, {"start=setup", "reps=1"})
     if r.chance(0.6) then video_words(r, w) else imu_words(r, w, {50, 100}) end
     w[#w + 1] = "pause=" .. fmt(r.range(0.4, 0.8))
     w[#w + 1] = "pull=" .. fmt(r.range(0.9, 1.8))
     w[#w + 1] = "hold=" .. fmt(r.range(0.4, 1.0))
     w[#w + 1] = "finish=lockout"
     return w, {}
   end},
  {name = "single_standup", desc = "one pull, bar put down, standing up without it",
   make = function(r)
     local w = base(r, {"reps=1", "finish=stand", "stand_end=" .. fmt(r.range(0.5, 2))})
     if r.chance(0.5) then w[#w + 1] = "start=setup" end
     if r.chance(0.5) then video_words(r, w) else imu_words(r, w) end
     w[#w + 1] = "pull=" .. r.pick({1.2, 1.6, 2.5})
     return w, {}
   end},
  {name = "tng", desc = "touch-and-go sets of 2-20 reps",
   make = function(r)
     local w = base(r, {"tng=1"})
     imu_words(r, w, {50, 60, 100})
     w[#w + 1] = "reps=" .. r.int(2, 20)
     w[#w + 1] = "finish=" .. r.pick({"stand", "floor", "lockout", "drop"})
     w[#w + 1] = "pull=" .. r.pick({1.0, 1.6, 2.2})
     return w, {}
   end},
  {name = "sets", desc = "two or three sets in one file, with or without a set column",
   make = function(r)
     local n = r.int(2, 3)
     local sizes = {}
     for s = 1, n do sizes[s] = r.int(1, 8) end
     local w = base(r, {"sets=" .. n, "setreps=" .. table.concat(sizes, ",")})
     local col = r.chance(0.5)
     w[#w + 1] = "setcol=" .. (col and 1 or 0)
     -- with a set column a short rest; without one, a rest clearly over (a
     -- new set) or under (the same set) hinge's 60 s
     local rest = col and r.range(10, 40) or (r.chance(0.8) and r.range(70, 100) or r.range(10, 30))
     w[#w + 1] = "rest=" .. fmt(rest)
     if r.chance(0.5) then video_words(r, w) else imu_words(r, w, {25, 30, 50}) end
     if r.chance(0.3) then w[#w + 1] = "start=setup" end
     w[#w + 1] = "finish=" .. r.pick({"stand", "lockout", "drop"})
     return w, {}
   end},
  {name = "peak_gap", desc = "a spine channel missing for 0.15-0.8 s at a rep's rounding peak",
   make = function(r)
     local reps = r.int(2, 8)
     local k = r.int(1, reps)
     local w = base(r, {"reps=" .. reps, "channels=" .. IMU})
     w[#w + 1] = "fs=" .. r.pick({50, 60, 100})
     w[#w + 1] = "stand=" .. fmt(r.range(1.5, 3))
     w[#w + 1] = "noise=" .. r.pick({0.1, 0.3})
     local chan = r.pick({"lumbar", "thoracic"})
     w[#w + 1] = chan .. "_gap=" .. k .. ":" .. fmt(r.range(0.15, 0.8))
     -- the gapped rep: rounding on it or not; the other channel may say
     -- fix or stop on its own
     local lu, th = {}, {}
     local x = r.u()
     if x < 0.35 then lu[#lu + 1] = k .. ":" .. fmt(r.range(7, 12))
     elseif x < 0.6 then th[#th + 1] = k .. ":" .. fmt(r.range(12, 15))
     elseif x < 0.75 then th[#th + 1] = k .. ":" .. fmt(r.range(6.5, 8.5)) end
     local other = k % reps + 1
     if other ~= k and r.chance(0.5) then lu[#lu + 1] = other .. ":" .. fmt(r.range(7, 12)) end
     if #lu > 0 then w[#w + 1] = "lumbar=" .. table.concat(lu, ",") end
     if #th > 0 then w[#w + 1] = "thoracic=" .. table.concat(th, ",") end
     if r.chance(0.4) then w[#w + 1] = "start=setup" end
     w[#w + 1] = "finish=" .. r.pick({"stand", "lockout", "drop"})
     return w, {}
   end},
  {name = "inverted", desc = "a flexion-negative lumbar or hip column (analysed with --map ROLE=-COLUMN)",
   make = function(r)
     local w = base(r, {"reps=" .. r.int(2, 8)})
     imu_words(r, w)
     w[#w + 1] = "invert=" .. r.pick({"lumbar", "lumbar", "hip"})
     w[#w + 1] = "finish=" .. r.pick({"stand", "lockout", "drop"})
     return w, {map = "truth"} -- the harness passes the truth's map
   end},
  {name = "glitch_video", desc = "video with 2-frame splices and keypoint glitches leaning back",
   make = function(r)
     local w = base(r, {"reps=" .. r.int(1, 6), "stand=" .. fmt(r.range(2, 4))})
     video_words(r, w)
     local sp = r.int(0, 2)
     local lb = sp == 0 and r.int(1, 2) or r.int(0, 1)
     w[#w + 1] = "splices=" .. sp
     w[#w + 1] = "leanbacks=" .. lb
     w[#w + 1] = "finish=" .. r.pick({"drop", "stand"})
     return w, {}
   end},
  {name = "squat", desc = "squats (IMU or video), some never fully upright between reps",
   make = function(r)
     local w = base(r, {"exercise=squat", "reps=" .. r.int(1, 12)})
     if r.chance(0.6) then imu_words(r, w, {50, 60, 100}) else video_words(r, w) end
     w[#w + 1] = "upright=" .. r.pick({0, 1})
     w[#w + 1] = "pull=" .. fmt(r.range(0.8, 1.5))
     w[#w + 1] = "fatigue=0.02"
     return w, {exercise = "squat"}
   end},
  {name = "rdl", desc = "Romanian deadlifts from standing",
   make = function(r)
     local w = base(r, {"exercise=rdl", "reps=" .. r.int(1, 12)})
     if r.chance(0.6) then imu_words(r, w, {50, 60, 100}) else video_words(r, w) end
     w[#w + 1] = "pull=" .. fmt(r.range(1.0, 2.0))
     return w, {exercise = "rdl"}
   end},
  {name = "set_end", desc = "the ending imposed: set_end lockout (held or dropped) or put-down (stand-up)",
   make = function(r)
     local finish = r.pick({"lockout", "drop", "stand"})
     local w = base(r, {"reps=" .. r.int(1, 8), "finish=" .. finish})
     if r.chance(0.5) then w[#w + 1] = "start=setup" end
     if r.chance(0.5) then video_words(r, w) else imu_words(r, w) end
     return w, {set_end = finish == "stand" and "put-down" or "lockout"}
   end},
  {name = "mocap", desc = "motion capture, lumbar only, 100-200 Hz, trials from the setup",
   make = function(r)
     local w = base(r, {"channels=lumbar", "reps=" .. r.int(1, 3)})
     w[#w + 1] = "fs=" .. r.pick({100, 120, 150, 200})
     w[#w + 1] = "noise=0.1"
     w[#w + 1] = "lumbar_setup=" .. fmt(r.range(25, 35))
     w[#w + 1] = "rounding=random"
     if r.chance(0.7) then w[#w + 1] = "start=setup" end
     w[#w + 1] = "finish=" .. r.pick({"lockout", "drop", "stand"})
     return w, {}
   end},
  {name = "cut", desc = "recordings starting or ending mid-pull: video 24-30 fps or IMU 100 Hz, dropouts, some with stand-ups between reps",
   make = function(r)
     local w = base(r, {"reps=" .. r.int(2, 8), "cut=" .. r.pick({"start", "end", "start,end"})})
     if r.chance(0.5) then video_words(r, w) else imu_words(r, w, {100}) end
     w[#w + 1] = "dropouts=" .. r.pick({1, 2, 4})
     if r.chance(0.3) then w[#w + 1] = "tng=1" end
     if r.chance(0.3) then w[#w + 1] = "start=setup" end
     w[#w + 1] = "finish=" .. r.pick({"stand", "lockout", "drop"})
     -- the bar put down and the lifter standing up between reps: the
     -- stand-ups next to a cut pull are not reps
     if r.chance(0.3) then w[#w + 1] = "reset=stand" end
     return w, {}
   end},
  {name = "lumbar_small", desc = "a lumbar flexed 3-5 deg at setup (+-2 per rep), one rep rounding, half of them flexion-negative (--map lumbar=-COLUMN)",
   make = function(r)
     local reps = r.int(2, 8)
     local w = base(r, {"reps=" .. reps, "lumbar_setup=" .. fmt(r.range(3, 5))})
     imu_words(r, w)
     -- one rep at least rounds (an inverted lumbar then dips: the cue that
     -- tells it from a lifter's arch)
     w[#w + 1] = "lumbar=" .. r.int(1, reps) .. ":" .. fmt(r.range(7, 12))
     if r.chance(0.3) then w[#w + 1] = "channels=" .. r.pick({"trunk,lumbar", "hip,lumbar", "trunk,hip,thoracic,lumbar"}) end
     if r.chance(0.5) then w[#w + 1] = "invert=lumbar" end
     if r.chance(0.3) then w[#w + 1] = "start=setup" end
     w[#w + 1] = "finish=" .. r.pick({"stand", "lockout", "drop"})
     return w, {map = "truth"}
   end},
}

M.by_name = {}
for _, f in ipairs(M.list) do M.by_name[f.name] = f end

return M
