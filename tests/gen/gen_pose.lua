-- gen_pose.lua -- a video keypoint clip of a generated deadlift set, with
-- its truth: a stick figure drawn from known trunk, hip and knee angles.
--
--   hinge run tests/gen/gen_pose.lua OUT FORMAT [key=value ...]
--   lua5.4 tests/gen/gen_pose.lua OUT FORMAT [key=value ...]
--
-- FORMAT: coco17 (OUT.csv: frame_id and the 17 COCO keypoints as
-- <joint>_x, <joint>_y, <joint>_score, pixels), mediapipe (OUT.csv:
-- frame, timestamp_ms and the 33 landmarks as <name>_x, _y, _z,
-- _visibility, normalised to the image), mediapipe_index (the same with
-- columns x0, y0, z0, v0 ... x32), mediapipe_long (a row per landmark:
-- frame_id, timestamp_ms, landmark_id, landmark_name, x, y, z,
-- visibility; a frame without a person has no rows), openpose (OUT/ a folder with one
-- OUT_<frame>_keypoints.json per frame, BODY_25, a second, less confident
-- person in every frame).
--
-- The angles come from tests/gen/session_model.lua (channels hip, knee,
-- trunk; its keys pass through: reps, seed, start, finish, fs, ...; the
-- defaults here: fs=30 start=setup noise=0): OUT.angles.csv holds them
-- (time_s, hip_deg, knee_deg, trunk_deg: the truth of every frame) and
-- OUT.truth.csv the reps.  The figure: the ankle fixed; the shank, thigh
-- and trunk at the angles (thigh = hip - trunk from vertical, shank =
-- thigh - knee), both sides alike a few pixels apart.
--
-- Keys of the drawing (defaults):
--   facing=right     the side the lifter faces (left: mirrored)
--   width=1920 height=1080   the image (pixels)
--   kpnoise=1.0      pixel noise (Gaussian SD) on every coordinate
--   drops=6          bursts of 1-4 frames with a knee, an ankle or a hip missing
--   lowconf=2        frames where hips and knees jump 150 px with confidence 0.1
--   empty=2          frames with no person detected
--   kpseed=1         the seed of the drawing's noise
local dir = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
local model = dofile(dir .. "/session_model.lua")

local out, format = arg[1], arg[2]
local FORMATS = {coco17 = true, mediapipe = true, mediapipe_index = true, mediapipe_long = true,
                 openpose = true}
if out == nil or not FORMATS[format or ""] then
  io.stderr:write("usage: gen_pose.lua OUT coco17|mediapipe|mediapipe_index|mediapipe_long|openpose [key=value ...]\n")
  os.exit(2)
end

local draw = {facing = "right", width = 1920, height = 1080, kpnoise = 1.0, drops = 6,
              lowconf = 2, empty = 2, kpseed = 1}
local words = {"channels=hip,knee,trunk", "fs=30", "start=setup", "noise=0", "decimals=6"}
for i = 3, #arg do
  local k, v = arg[i]:match("^([%w_]+)=(.*)$")
  if k and draw[k] ~= nil then
    draw[k] = type(draw[k]) == "number" and assert(tonumber(v), arg[i]) or v
  else
    words[#words + 1] = arg[i]
  end
end
local opts = model.options(words)
local angles = out .. ".angles.csv"
local truth = model.write(angles, opts) -- and out.angles.truth.csv
os.rename(truth.path, out .. ".truth.csv")

-- The angles back, frame by frame.
local T, HIP, KNEE, TRUNK = {}, {}, {}, {}
do
  local f = assert(io.open(angles, "r"))
  local head = f:read("l")
  assert(head == "time_s,hip_deg,knee_deg,trunk_deg", head)
  for line in f:lines() do
    local t, h, k, tr = line:match("^([^,]*),([^,]*),([^,]*),([^,]*)$")
    T[#T + 1], HIP[#T + 1], KNEE[#T + 1], TRUNK[#T + 1] = tonumber(t), tonumber(h), tonumber(k), tonumber(tr)
  end
  f:close()
end
local n = #T
local r = model.rng(draw.kpseed + 104729)
local f = draw.facing == "left" and -1 or 1
local rad = math.pi / 180

-- The canonical keypoints of one frame: name -> {x, y, c}.
local LEN = {shank = 230, thigh = 250, trunk = 300, neck = 70}
local function figure(i)
  local H, K, TR = HIP[i], KNEE[i], TRUNK[i]
  local th = H - TR          -- thigh forward of down
  local sh = th - K          -- shank (knee -> ankle) forward of down
  local p = {}
  for side, dx in pairs({left = -3, right = 3}) do
    local ax, ay = (f > 0 and 760 or 1160) + dx, 880 + (side == "left" and -2 or 2)
    local kx, ky = ax - LEN.shank * f * math.sin(sh * rad), ay - LEN.shank * math.cos(sh * rad)
    local hx, hy = kx - LEN.thigh * f * math.sin(th * rad), ky - LEN.thigh * math.cos(th * rad)
    local sx, sy = hx + LEN.trunk * f * math.sin(TR * rad), hy - LEN.trunk * math.cos(TR * rad)
    local ex, ey = sx + LEN.neck * f * math.sin(0.7 * TR * rad), sy - LEN.neck * math.cos(0.7 * TR * rad)
    p[side .. "_ankle"] = {ax, ay}
    p[side .. "_knee"] = {kx, ky}
    p[side .. "_hip"] = {hx, hy}
    p[side .. "_shoulder"] = {sx, sy}
    p[side .. "_ear"] = {ex, ey}
    p[side .. "_eye"] = {ex + f * 16, ey - 6}
    p[side .. "_elbow"] = {sx + 4, sy + 140}
    p[side .. "_wrist"] = {sx + 8, sy + 280}
    p[side .. "_heel"] = {ax - f * 22, ay + 24}
    p[side .. "_toe"] = {ax + f * 62, ay + 26}
    p[side .. "_small_toe"] = {ax + f * 50, ay + 26}
    if side == "left" then p.nose = {ex + f * 28, ey + 6} end
  end
  local far = f > 0 and "left" or "right" -- seen through the body: less sure
  for name, q in pairs(p) do
    q[1] = q[1] + draw.kpnoise * r.gauss()
    q[2] = q[2] + draw.kpnoise * r.gauss()
    q[3] = name:sub(1, #far) == far and r.range(0.5, 0.8) or r.range(0.85, 0.99)
  end
  return p
end

-- Glitches: frame -> what happens.
local glitch = {}
local function free_frame()
  for _ = 1, 1000 do
    local i = r.int(3, n - 3)
    if not glitch[i] then return i end
  end
end
for _ = 1, draw.drops do
  local i, len = free_frame(), r.int(1, 4)
  local which = ({"left_knee", "right_ankle", "left_hip", "right_hip"})[r.int(1, 4)]
  for j = i, math.min(n, i + len - 1) do glitch[j] = glitch[j] or {drop = which} end
end
for _ = 1, draw.lowconf do glitch[free_frame()] = {low = true} end
for _ = 1, draw.empty do glitch[free_frame()] = {empty = true} end

local frames = {}
for i = 1, n do
  local p = figure(i)
  local g = glitch[i]
  if g and g.empty then p = nil
  elseif g and g.drop then p[g.drop][3] = 0.05
  elseif g and g.low then
    for _, name in ipairs({"left_hip", "right_hip", "left_knee", "right_knee"}) do
      p[name][1] = p[name][1] + 150; p[name][2] = p[name][2] - 150; p[name][3] = 0.1
    end
  end
  frames[i] = p
end

-- ---- Writers ----------------------------------------------------------------
local COCO = {"nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
              "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
              "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"}
local MP = {"nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner",
            "right_eye", "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right",
            "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist",
            "right_wrist", "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb",
            "right_thumb", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
            "right_ankle", "left_heel", "right_heel", "left_foot_index", "right_foot_index"}
-- MediaPipe landmarks hinge does not use, drawn near one it does.
local MP_NEAR = {left_eye_inner = "left_eye", left_eye_outer = "left_eye",
                 right_eye_inner = "right_eye", right_eye_outer = "right_eye",
                 mouth_left = "nose", mouth_right = "nose", left_pinky = "left_wrist",
                 right_pinky = "right_wrist", left_index = "left_wrist",
                 right_index = "right_wrist", left_thumb = "left_wrist",
                 right_thumb = "right_wrist", left_foot_index = "left_toe",
                 right_foot_index = "right_toe"}
local BODY25 = {"nose", "neck", "right_shoulder", "right_elbow", "right_wrist", "left_shoulder",
                "left_elbow", "left_wrist", "mid_hip", "right_hip", "right_knee", "right_ankle",
                "left_hip", "left_knee", "left_ankle", "right_eye", "left_eye", "right_ear",
                "left_ear", "left_toe", "left_small_toe", "left_heel", "right_toe",
                "right_small_toe", "right_heel"}

local function point(p, name)
  if name == "neck" or name == "mid_hip" then
    local a, b = p[name == "neck" and "left_shoulder" or "left_hip"],
                 p[name == "neck" and "right_shoulder" or "right_hip"]
    return {(a[1] + b[1]) / 2, (a[2] + b[2]) / 2, math.min(a[3], b[3])}
  end
  return p[MP_NEAR[name] or name]
end

local function write_coco()
  local h = {"frame_id"}
  for _, j in ipairs(COCO) do h[#h + 1] = j .. "_x"; h[#h + 1] = j .. "_y"; h[#h + 1] = j .. "_score" end
  local fh = assert(io.open(out .. ".csv", "wb"))
  fh:write(table.concat(h, ","), "\n")
  for i = 1, n do
    local row = {tostring(i - 1)}
    for _, j in ipairs(COCO) do
      local q = frames[i] and point(frames[i], j)
      if q then
        row[#row + 1] = string.format("%.2f,%.2f,%.3f", q[1], q[2], q[3])
      else
        row[#row + 1] = ",,"
      end
    end
    fh:write(table.concat(row, ","), "\n")
  end
  fh:close()
end

local function write_mediapipe(indexed)
  local h = {"frame", "timestamp_ms"}
  for k, j in ipairs(MP) do
    local a = indexed and {"x" .. (k - 1), "y" .. (k - 1), "z" .. (k - 1), "v" .. (k - 1)}
              or {j .. "_x", j .. "_y", j .. "_z", j .. "_visibility"}
    for _, c in ipairs(a) do h[#h + 1] = c end
  end
  local fh = assert(io.open(out .. ".csv", "wb"))
  fh:write(table.concat(h, ","), "\n")
  for i = 1, n do
    local row = {tostring(i - 1), string.format("%.1f", T[i] * 1000)}
    for _, j in ipairs(MP) do
      local q = frames[i] and point(frames[i], j)
      -- MediaPipe always gives all 33 landmarks; a lost one has a low visibility
      if q then
        row[#row + 1] = string.format("%.6f,%.6f,%.4f,%.4f", q[1] / draw.width, q[2] / draw.height,
                                      -0.1, q[3])
      else
        row[#row + 1] = ",,,"
      end
    end
    fh:write(table.concat(row, ","), "\n")
  end
  fh:close()
end

local function write_mediapipe_long()
  local fh = assert(io.open(out .. ".csv", "wb"))
  fh:write("frame_id,timestamp_ms,landmark_id,landmark_name,x,y,z,visibility\n")
  for i = 1, n do
    for k, j in ipairs(MP) do
      local q = frames[i] and point(frames[i], j)
      if q then
        fh:write(string.format("%d,%.1f,%d,%s,%.6f,%.6f,%.4f,%.4f\n", i - 1, T[i] * 1000, k - 1,
                               j:upper(), q[1] / draw.width, q[2] / draw.height, -0.1, q[3]))
      end
    end
  end
  fh:close()
end

local BY = figure(1)
local function write_openpose()
  local folder = out
  local base = folder:match("([^/]+)$")
  assert(os.execute("mkdir -p '" .. folder:gsub("'", "'\\''") .. "'"))
  for i = 1, n do
    local people = {}
    local function person(p, dx, conf)
      local v = {}
      for _, j in ipairs(BODY25) do
        local q = point(p, j)
        v[#v + 1] = string.format("%.3f,%.3f,%.5f", q[1] + dx, q[2], q[3] * conf)
      end
      return '{"person_id":[-1],"pose_keypoints_2d":[' .. table.concat(v, ",") ..
             '],"face_keypoints_2d":[],"hand_left_keypoints_2d":[],"hand_right_keypoints_2d":[]}'
    end
    -- a bystander at the side of the image, less confident
    -- (a frame where nobody is detected has no people at all)
    if frames[i] then
      people[1] = person(BY, f > 0 and 900 or -900, 0.4)
      table.insert(people, 1 + (i % 2), person(frames[i], 0, 1.0))
    end
    local fh = assert(io.open(string.format("%s/%s_%012d_keypoints.json", folder, base, i - 1), "wb"))
    fh:write('{"version":1.3,"people":[', table.concat(people, ","), "]}\n")
    fh:close()
  end
end

if format == "coco17" then write_coco()
elseif format == "mediapipe" then write_mediapipe(false)
elseif format == "mediapipe_index" then write_mediapipe(true)
elseif format == "mediapipe_long" then write_mediapipe_long()
else write_openpose() end
io.write(string.format("%s: %s, %d frames at %g fps, %d reps; angles in %s, truth in %s\n",
                       out, format, n, opts.fs, #truth.reps, angles, out .. ".truth.csv"))
