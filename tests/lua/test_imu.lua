-- Wearable IMUs (issue 17): the generated sessions of tests/data/imu
-- (gen_imu.py) loaded with sensors = {...}: the angles against the truth
-- files written with them, within 2 deg RMSE; the errors as values.
local hinge = require "hinge"

local dir = T.data .. "/imu/"

-- RMSE (deg) of session column col against truth column tcol (same rows).
local function rmse(s, col, truth, tcol)
  local a, b = s:column(col):totable(), truth:column(tcol):totable()
  T.eq(#a, #b)
  local sum = 0
  for i = 1, #a do sum = sum + (a[i] - b[i]) ^ 2 end
  return math.sqrt(sum / #a)
end

local function truth(name)
  -- the truth files are hinge CSVs whose angle columns are named after roles
  return assert(hinge.load(dir .. name, {input_format = "csv"}))
end

local cases = {
  {"the squat set's trunk and hip should be within 2 deg RMSE of the truth", function()
    local s = assert(hinge.load(dir .. "squat_waist_thigh.csv",
                                {sensors = {trunk = "waist", thigh = "thigh"}}))
    T.eq(s:format(), "imu")
    T.eq(s:capabilities(), "trunk only")
    local t = truth("squat_waist_thigh.truth.csv")
    local rt, rh = rmse(s, "trunk", t, "trunk"), rmse(s, "hip", t, "hip")
    local rth = rmse(s, "thigh_inclination", t, "thigh")
    io.stderr:write(string.format("imu squat: RMSE trunk %.2f, thigh %.2f, hip %.2f deg\n", rt, rth, rh))
    assert(rt < 2 and rth < 2 and rh < 2, string.format("%.3f %.3f %.3f", rt, rth, rh))
  end},
  {"the deadlift set's thoracic and lumbar should be within 2 deg RMSE", function()
    local s = assert(hinge.load(dir .. "deadlift_spine.csv", {sensors = {
      trunk = "upper", upper_back = "upper", lower_back = "lower", sacrum = "sacrum",
      thigh = "thigh"}}))
    T.eq(s:capabilities(), "thoracic+lumbar")
    local t = truth("deadlift_spine.truth.csv")
    local r = {}
    for _, c in ipairs({"thoracic", "lumbar", "hip", "trunk"}) do r[c] = rmse(s, c, t, c) end
    io.stderr:write(string.format("imu deadlift: RMSE thoracic %.2f, lumbar %.2f, hip %.2f, trunk %.2f deg\n",
                                  r.thoracic, r.lumbar, r.hip, r.trunk))
    for c, v in pairs(r) do assert(v < 2, c .. " " .. v) end
  end},
  {"a prefix that is not in the file is an error value naming the sensors", function()
    local s, err = hinge.load(dir .. "squat_waist_thigh.csv", {sensors = {trunk = "chest"}})
    T.eq(s, nil)
    assert(err:find("no sensor 'chest' in the file %(placed as trunk%)"), err)
    assert(err:find("'waist' %(waist_ax"), err)
  end},
  {"sensors must be a table of strings", function()
    T.raises("option 'sensors' must be a table", hinge.load, dir .. "squat_waist_thigh.csv",
             {sensors = "waist"})
    T.raises("option 'sensors': {role = prefix} with strings", hinge.load,
             dir .. "squat_waist_thigh.csv", {sensors = {"waist"}})
    local s, err = hinge.load(dir .. "squat_waist_thigh.csv", {sensors = {knee = "waist"}})
    T.eq(s, nil)
    assert(err:find("unknown sensor role 'knee'"), err)
  end},
}
return cases
