-- make_sessions.lua: generate the sample session exports.
--
--   build/hinge run examples/data/make_sessions.lua examples/data tests/data/sessions
--
-- Writes, deterministically (a fixed-seed generator, no math.random):
--   examples/data/2026-03-02_ana_set1.csv   IMU spine angles, 100 Hz, 5 deadlift reps
--   examples/data/2026-03-02_ben_set1.csv   the same lift with the lower back
--                                           rounding during the pull, 100 Hz, 4 reps
--   examples/data/2026-03-05_cai_video.csv  video pose angles (trunk, hip, knee), 60 Hz
-- and, under the second folder, styled twins of ana's set that must load
-- exactly like it (tests/unit/test_table.c, tests/lua/test_session.lua):
--   *_semicolon.csv  ';' delimiter and decimal comma
--   *_bom_crlf.csv   UTF-8 BOM and CRLF line ends
--   *_ms.csv         time in milliseconds
--   *_reordered.csv  columns in another order, other accepted names
--   *_rad.csv        angles in radians
--   *_iso.csv        ISO 8601 timestamps
--   *_all.csv        all of the above at once except ISO (ms time)
--
-- The model (angles in degrees, flexion positive): the lifter stands
-- (hip ~1, thoracic ~38, lumbar ~-21.5 -- the sensors' resting offsets),
-- hinges down to the bar (hip to ~85, thoracic +10, lumbar +4 relative to
-- standing), pauses, pulls to lockout (the back rounds a little more during
-- the pull), holds, lowers the bar, stands up and rests.
local example_dir = assert(arg[1], "usage: make_sessions.lua EXAMPLE_DIR TWIN_DIR")
local twin_dir = assert(arg[2], "usage: make_sessions.lua EXAMPLE_DIR TWIN_DIR")

-- A 32-bit LCG and Box-Muller: the same numbers on every machine.
local function rng(seed)
  local state = seed
  local function uniform()
    state = (state * 1664525 + 1013904223) % 4294967296
    return (state + 0.5) / 4294967296
  end
  return function(sd)
    local u, v = uniform(), uniform()
    return sd * math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v)
  end
end

-- Smooth step from a to b over phase p in [0, 1] (half cosine).
local function ease(a, b, p)
  return a + (b - a) * (1 - math.cos(math.pi * p)) / 2
end

-- Phases of one rep: {name, seconds}; each angle moves from its value at
-- the start of the phase to its target at the end.
local phases = {
  {"stand", 1.2}, {"hinge", 1.2}, {"pause", 0.6}, {"pull", 1.4},
  {"lockout", 0.5}, {"lower", 1.2}, {"rise", 1.0},
}

-- Targets relative to standing at the end of each phase, per rep r.
local function targets(phase, r, style)
  local thor_round = style.thoracic_round + style.drift * (r - 1)
  local lumb_round = style.lumbar_round + style.lumbar_drift * (r - 1)
  local bottom = {hip = style.hip_bottom, thoracic = 10.0, lumbar = 4.0}
  local t = {
    stand = {hip = 0, thoracic = 0, lumbar = 0},
    hinge = bottom,
    pause = bottom,
    -- The pull ends at lockout; its peak rounding is reached midway (below).
    pull = {hip = 0, thoracic = 0.5, lumbar = 0.2},
    lockout = {hip = 0, thoracic = 0, lumbar = 0},
    lower = {hip = style.hip_bottom - 5, thoracic = 9.0, lumbar = 3.5},
    rise = {hip = 0, thoracic = 0, lumbar = 0},
  }
  return t[phase], thor_round, lumb_round
end

local function simulate(style)
  local noise = rng(style.seed)
  local rows, dt = {}, 1 / style.fs
  local cur = {hip = 0, thoracic = 0, lumbar = 0}
  local n = 0
  local function emit(v)
    rows[#rows + 1] = {
      time = n * dt,
      hip = style.stand.hip + v.hip + noise(style.noise),
      thoracic = style.stand.thoracic + v.thoracic + noise(style.noise),
      lumbar = style.stand.lumbar + v.lumbar + noise(style.noise * 0.6),
      knee = 5 + 0.75 * v.hip + noise(style.noise),
      trunk = 3 + 0.9 * v.hip + 0.2 * v.thoracic + noise(style.noise),
    }
    n = n + 1
  end
  for _ = 1, math.floor(2.0 * style.fs) do emit(cur) end -- standing ~2 s
  for r = 1, style.reps do
    for _, ph in ipairs(phases) do
      local name, secs = ph[1], ph[2]
      local goal, thor_round, lumb_round = targets(name, r, style)
      local steps = math.floor(secs * style.fs + 0.5)
      local from = {hip = cur.hip, thoracic = cur.thoracic, lumbar = cur.lumbar}
      for k = 1, steps do
        local p = k / steps
        local v = {}
        for _, key in ipairs({"hip", "thoracic", "lumbar"}) do
          v[key] = ease(from[key], goal[key], p)
        end
        if name == "pull" then -- rounding grows in the first half of the pull
          local bump = math.sin(math.pi * math.min(p * 1.6, 1))
          v.thoracic = v.thoracic + thor_round * bump
          v.lumbar = v.lumbar + lumb_round * bump
        end
        emit(v)
      end
      cur = goal
    end
  end
  return rows
end

-- Writing ------------------------------------------------------------------

local function fmt_num(x, decimals, comma)
  local s = string.format("%." .. decimals .. "f", x)
  if s == "-0" or s:match("^%-0%.0+$") then s = s:sub(2) end
  return comma and (s:gsub("%.", ",")) or s
end

-- columns: array of {header, getter(row) -> number or string, decimals}
local function write_csv(path, rows, columns, opts)
  opts = opts or {}
  local sep, eol = opts.delimiter or ",", opts.crlf and "\r\n" or "\n"
  local out = {}
  local header = {}
  for i, c in ipairs(columns) do header[i] = c[1] end
  out[1] = (opts.bom and "\239\187\191" or "") .. table.concat(header, sep)
  for _, row in ipairs(rows) do
    local fields = {}
    for i, c in ipairs(columns) do
      local v = c[2](row)
      fields[i] = type(v) == "number" and fmt_num(v, c[3], opts.comma) or v
    end
    out[#out + 1] = table.concat(fields, sep)
  end
  local f = assert(io.open(path, "wb"))
  f:write(table.concat(out, eol), eol)
  f:close()
  print("wrote " .. path .. " (" .. #rows .. " rows)")
end

local deg2rad = math.pi / 180

-- The angles as printed in the plain file, so twins carry the same values.
local function rounded(x, d) return tonumber(fmt_num(x, d)) end

local function col(name, key, d) return {name, function(r) return rounded(r[key], d) end, d} end

local function twins(rows, base)
  local plain = {col("time_s", "time", 2), col("hip_deg", "hip", 3),
                 col("thoracic_deg", "thoracic", 3), col("lumbar_deg", "lumbar", 3)}
  local ms = {"time_ms", function(r) return math.floor(r.time * 1000 + 0.5) end, 0}
  local function rad(name, key)
    return {name, function(r) return string.format("%.17g", rounded(r[key], 3) * deg2rad) end}
  end
  local function iso(r)
    local ms_total = math.floor(r.time * 1000 + 0.5)
    local s, frac = ms_total // 1000, ms_total % 1000
    return string.format("2026-03-02T10:%02d:%02d.%03dZ", s // 60, s % 60, frac)
  end
  local reordered = {{"Lumbar (deg)", plain[4][2], 3}, {"Time (s)", plain[1][2], 2},
                     {"Upper Back", plain[3][2], 3}, {"hip flexion deg", plain[2][2], 3}}
  write_csv(base .. "_semicolon.csv", rows, plain, {delimiter = ";", comma = true})
  write_csv(base .. "_bom_crlf.csv", rows, plain, {bom = true, crlf = true})
  write_csv(base .. "_ms.csv", rows, {ms, plain[2], plain[3], plain[4]})
  write_csv(base .. "_reordered.csv", rows, reordered)
  write_csv(base .. "_rad.csv", rows, {plain[1], rad("hip_rad", "hip"),
                                       rad("thoracic_rad", "thoracic"), rad("lumbar_rad", "lumbar")})
  write_csv(base .. "_iso.csv", rows, {{"timestamp", iso}, plain[2], plain[3], plain[4]})
  write_csv(base .. "_all.csv", rows,
            {{"lumbar_rad", function(r) return (string.format("%.17g", rounded(r.lumbar, 3) *
                                                 deg2rad):gsub("%.", ",")) end},
             ms, plain[3], plain[2]},
            {delimiter = ";", comma = true, bom = true, crlf = true})
end

local base_style = {
  fs = 100, reps = 5, seed = 20260302, noise = 0.12,
  stand = {hip = 1.2, thoracic = 38.0, lumbar = -21.5},
  hip_bottom = 84.0, thoracic_round = 0.9, drift = 0.2, lumbar_round = 0.3, lumbar_drift = 0.05,
}

local ana = simulate(base_style)
write_csv(example_dir .. "/2026-03-02_ana_set1.csv", ana,
          {col("time_s", "time", 2), col("hip_deg", "hip", 3),
           col("thoracic_deg", "thoracic", 3), col("lumbar_deg", "lumbar", 3)})
twins(ana, twin_dir .. "/2026-03-02_ana_set1")

local ben_style = {}
for k, v in pairs(base_style) do ben_style[k] = v end
ben_style.reps, ben_style.seed = 4, 7101
ben_style.stand = {hip = 0.8, thoracic = 41.0, lumbar = -18.0}
ben_style.lumbar_round, ben_style.lumbar_drift = 5.5, 1.0 -- the lower back gives way
write_csv(example_dir .. "/2026-03-02_ben_set1.csv", simulate(ben_style),
          {col("time_s", "time", 2), col("hip_deg", "hip", 3),
           col("thoracic_deg", "thoracic", 3), col("lumbar_deg", "lumbar", 3)})

local cai_style = {}
for k, v in pairs(base_style) do cai_style[k] = v end
cai_style.fs, cai_style.reps, cai_style.seed, cai_style.noise = 60, 3, 515, 0.6
write_csv(example_dir .. "/2026-03-05_cai_video.csv", simulate(cai_style),
          {col("time_s", "time", 3), col("trunk_deg", "trunk", 2), col("hip_deg", "hip", 2),
           col("knee_deg", "knee", 2)})
