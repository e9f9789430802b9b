-- hello.lua: the smallest hinge script.  Run with `hinge run examples/hello.lua`
-- or, with the built module on package.cpath, `lua5.4 examples/hello.lua`.
local hinge = require "hinge"
local fmt = require "hinge.fmt"

print(hinge._VERSION)
print(fmt.table({
  {lift = "deadlift", sets = 5, reps = 3, load_kg = 180.0},
  {lift = "shrug", sets = 3, reps = 8, load_kg = 140.0},
}, {"lift", "sets", "reps", "load_kg"}))
