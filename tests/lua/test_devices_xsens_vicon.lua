-- hinge.load on the Xsens MVN CSV, MVNX and Vicon Nexus CSV readers
-- (docs/formats.md, "Device formats"): the hand-written files of
-- tests/data/devices, their format, capabilities and derived roles, and an
-- error as nil, message with the file:line:col.
local hinge = require "hinge"

local dir = T.data .. "/devices/"

local cases = {
  {"the three layouts should load with their format and roles", function()
    local x = assert(hinge.load(dir .. "mvn_joint_angles.csv", {fs = 60}))
    T.eq(x:format(), "xsens")
    T.eq(x:capabilities(), "thoracic+lumbar")
    T.eq(x:column("lumbar"):totable()[1], 9.0)    -- 4 + 3 + 2
    T.eq(x:column("thoracic"):totable()[1], 6.0)  -- T9T8 alone
    local m = assert(hinge.load(dir .. "small.mvnx"))
    T.eq(m:format(), "mvnx")
    T.eq(m:column("hip"):totable()[3], 31.0)      -- (30 + 32) / 2
    local v = assert(hinge.load(dir .. "nexus_small.csv"))
    T.eq(v:format(), "vicon")
    T.eq(v:capabilities(), "lumbar only")
    T.eq(v:column("lumbar"):totable()[3], 10.5)   -- SpineAngles X
  end},
  {"input_format should force a reader, and its error say where", function()
    local s, err = hinge.load(dir .. "nexus_small.csv", {input_format = "mvnx"})
    T.eq(s, nil)
    assert(err:find("nexus_small.csv:1:1: XML error", 1, true), err)
  end},
}
return cases
