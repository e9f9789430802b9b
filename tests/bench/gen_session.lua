-- gen_session.lua: a long synthetic session for the load benchmark.
--   hinge run tests/bench/gen_session.lua OUT.csv [ROWS]
-- 100 Hz, columns time_s, hip_deg, thoracic_deg, lumbar_deg (2 decimals),
-- deadlift-like cycles plus noise from a fixed-seed generator.
local path = assert(arg[1], "usage: gen_session.lua OUT.csv [ROWS]")
local rows = tonumber(arg[2] or 2000000)
local state = 12345
local function noise()
  state = (state * 1664525 + 1013904223) % 4294967296
  return state / 4294967296 - 0.5
end
local f = assert(io.open(path, "wb"))
f:write("time_s,hip_deg,thoracic_deg,lumbar_deg\n")
local buf, fmt, sin = {}, string.format, math.sin
for i = 0, rows - 1 do
  local t = i / 100
  local phase = sin(2 * math.pi * t / 7.0)
  local bend = phase > 0 and phase or 0
  buf[#buf + 1] = fmt("%.2f,%.2f,%.2f,%.2f\n", t, 1.2 + 84 * bend + 0.3 * noise(),
                      38 + 10 * bend + 0.3 * noise(), -21.5 + 4 * bend + 0.2 * noise())
  if #buf == 10000 then
    f:write(table.concat(buf))
    buf = {}
  end
end
f:write(table.concat(buf))
f:close()
