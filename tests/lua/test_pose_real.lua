-- A real MediaPipe Pose export (tests/data/pose_real/NOTICE.md: MIT, 300
-- frames of squats, 9 landmarks with _v visibility, a label column, no
-- time): read by the mediapipe reader with no conversion, its angles
-- equal to a hand computation from the same columns, and the author's
-- own up/down labels told apart by the hip angle.
local hinge = require "hinge"

local path = T.data .. "/pose_real/mediapipe_squat_frames.csv"

local function load()
  return assert(hinge.load(path, {fs = 30}))
end

-- The file's own columns, read without hinge: label and landmark values.
local function raw()
  local rows, names = {}, nil
  for line in io.lines(path) do
    line = line:gsub("\r$", "")
    local f = {}
    for v in (line .. ","):gmatch("([^,]*),") do f[#f + 1] = v end
    if not names then names = f
    else
      local r = {}
      for i, n in ipairs(names) do r[n] = i == 1 and f[i] or tonumber(f[i]) end
      rows[#rows + 1] = r
    end
  end
  return rows
end

-- Interior angle at b (degrees) of the points a-b-c of row r, x and y at
-- the same scale (the file has no image size).
local function angle(r, a, b, c)
  local ux, uy = r[a .. "_x"] - r[b .. "_x"], r[a .. "_y"] - r[b .. "_y"]
  local vx, vy = r[c .. "_x"] - r[b .. "_x"], r[c .. "_y"] - r[b .. "_y"]
  local cs = (ux * vx + uy * vy) / math.sqrt((ux * ux + uy * uy) * (vx * vx + vy * vy))
  return math.deg(math.acos(math.max(-1, math.min(1, cs))))
end

local function both(r, a, b, c)
  return (180 - angle(r, "left_" .. a, "left_" .. b, "left_" .. c) +
          180 - angle(r, "right_" .. a, "right_" .. b, "right_" .. c)) / 2
end

local function near(a, b, tol, what)
  if not (math.abs(a - b) <= tol) then error(string.format("%s: %.12g vs %.12g", what, a, b), 2) end
end

return {
  {"a real MediaPipe export should load as mediapipe with trunk, hip and knee", function()
    local s = load()
    T.eq(s:format(), "mediapipe")
    T.eq(s.rows, 300)
    T.eq(s.sample_rate_hz, 30)
    for _, role in ipairs({"trunk", "hip", "knee"}) do
      local c = s:column(role)
      assert(c, "no " .. role)
      T.eq(#c, 300)
    end
  end},
  {"its angles should equal the hand computation from the same columns", function()
    local s, rows = load(), raw()
    local hip, knee, trunk = s:column("hip"):totable(), s:column("knee"):totable(),
                             s:column("trunk"):totable()
    T.eq(#rows, 300)
    for i, r in ipairs(rows) do
      -- every landmark here is seen (visibility > 0.9): both sides averaged
      near(hip[i], both(r, "shoulder", "hip", "knee"), 1e-9, "hip row " .. i)
      near(knee[i], both(r, "hip", "knee", "ankle"), 1e-9, "knee row " .. i)
      local dx = (r.left_shoulder_x + r.right_shoulder_x - r.left_hip_x - r.right_hip_x) / 2
      local dy = (r.left_shoulder_y + r.right_shoulder_y - r.left_hip_y - r.right_hip_y) / 2
      -- from vertical, image y down, unsigned (the facing side is unknown)
      near(trunk[i], math.deg(math.atan(math.abs(dx), -dy)), 1e-9, "trunk row " .. i)
    end
  end},
  {"the author's down frames should be deeper than the up frames", function()
    local s, rows = load(), raw()
    local hip, knee = s:column("hip"):totable(), s:column("knee"):totable()
    local up, down = {n = 0, hip = 0, knee = 0, max = -1}, {n = 0, hip = 0, knee = 0, min = 1e9}
    for i, r in ipairs(rows) do
      local g = r.label == "down" and down or up
      g.n, g.hip, g.knee = g.n + 1, g.hip + hip[i], g.knee + knee[i]
      if g == up and hip[i] > up.max then up.max = hip[i] end
      if g == down and hip[i] < down.min then down.min = hip[i] end
    end
    T.eq({up.n, down.n}, {171, 129})
    assert(down.hip / down.n > up.hip / up.n + 40,
           string.format("hip: down %.1f, up %.1f", down.hip / down.n, up.hip / up.n))
    assert(down.knee / down.n > up.knee / up.n + 40,
           string.format("knee: down %.1f, up %.1f", down.knee / down.n, up.knee / up.n))
  end},
  {"its warnings should say what the file lacks", function()
    local s = load()
    local msgs = {}
    for _, w in ipairs(s:warnings()) do msgs[#msgs + 1] = w.message end
    local text = table.concat(msgs, "\n")
    assert(text:find("facing side is unknown", 1, true), text)
    assert(text:find("without the image size", 1, true), text)
  end},
}
