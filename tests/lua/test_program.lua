-- hinge.e1rm and friends, and the hinge.program helpers.
local hinge = require "hinge"
local program = require "hinge.program"

return {
  {"e1rm should default to Epley", hinge.e1rm, {100, 5}, 100 * (1 + 5 / 30)},
  {"e1rm should take Brzycki", hinge.e1rm, {100, 5, "brzycki"}, 112.5},
  {"e1rm beyond 12 reps should return nil and a message", function()
    local v, msg = hinge.e1rm(100, 15)
    assert(v == nil and msg:find("1 to 12"), msg)
  end},
  {"e1rm with an unknown formula should raise", function()
    T.raises("invalid option 'lombardi'", hinge.e1rm, 100, 5, "lombardi")
  end},
  {"e1rm with a string weight should raise", function()
    T.raises("number expected", hinge.e1rm, "heavy", 5)
  end},
  {"rpe_percent should read the chart", hinge.rpe_percent, {5, 8}, 0.811, eps = 1e-12},
  {"round_load should round to 2.5 by default", hinge.round_load, {101.3}, 102.5},
  {"round_load down with 5 lb plates", hinge.round_load, {229, 5, "down"}, 225.0},
  {"plates should list plates per side and the rest", function()
    local p, rest = hinge.plates(142.5)
    T.eq(p, {{plate = 25.0, count = 2}, {plate = 10.0, count = 1}, {plate = 1.25, count = 1}})
    T.eq(rest, 0.0)
    p = hinge.plates(225, {bar = 45, plates = {45, 25, 10, 5, 2.5}})
    T.eq(p, {{plate = 45.0, count = 2}})
  end},
  {"load_for should combine the chart and rounding", function()
    T.eq(program.load_for(200, 5, 8), 162.5) -- 200 * 0.811 = 162.2
    local v, msg = program.load_for(200, 15, 8)
    assert(v == nil and msg:find("reps"), msg)
  end},
  {"day_number and date should round-trip and reject impossible dates", function()
    T.eq(program.day_number("1970-01-01"), 0)
    T.eq(program.day_number("2000-03-01"), 11017)
    T.eq(program.date(program.day_number("2024-02-29")), "2024-02-29")
    local v, msg = program.day_number("2023-02-29")
    assert(v == nil and msg:find("no such date"))
  end},
  {"weekday should know 2026-03-02 is a Monday", program.weekday, {"2026-03-02"}, "mon"},
  {"schedule should list the training days week by week", function()
    local s = program.schedule{start = "2026-03-04", weeks = 2, days = {"mon", "thu"}}
    T.eq(s, {
      {week = 1, day = "thu", date = "2026-03-05"},
      {week = 2, day = "mon", date = "2026-03-09"},
      {week = 2, day = "thu", date = "2026-03-12"},
    })
  end},
  {"linear should add the step and deload every n-th week", function()
    T.eq(program.linear{start = 100, step = 5, weeks = 4, deload_every = 4, deload = 0.9},
         {100.0, 105.0, 110.0, 102.5})
  end},
  {"double_progression should add load when every set hits the top", function()
    T.eq(program.double_progression{load = 60, range = {8, 12}, achieved = {12, 12, 12}},
         {load = 62.5, reps = 8})
    T.eq(program.double_progression{load = 60, range = {8, 12}, achieved = {12, 10, 9}},
         {load = 60, reps = 10})
  end},
  {"wave should rise by the step each cycle", function()
    T.eq(program.wave{one_rm = 200, pattern = {0.7, 0.75, 0.8}, weeks = 4, step = 0.05},
         {140.0, 150.0, 160.0, 150.0})
  end},
  {"deload should cut sets and load", function()
    T.eq(program.deload{exercise = "deadlift", sets = 5, reps = 3, load = 200},
         {exercise = "deadlift", sets = 3, reps = 3, load = 180.0, note = "deload"})
  end},
  {"adjust should follow the recovery verdict", function()
    local day = {exercise = "shrug", sets = 4, reps = 8, load = 150}
    T.eq(program.adjust(day, "ready"), day)
    T.eq(program.adjust(day, "reduce").sets, 3)
    T.eq(program.adjust(day, "reduce").load, 150)
    local rest = program.adjust(day, "rest")
    T.eq(rest.load, 90.0)
    T.eq(rest.sets, 2)
    local none, why = program.adjust(day, "see_professional")
    assert(none == nil and why:find("see professional"))
    T.raises("unknown verdict", program.adjust, day, "maybe")
  end},
  {"adjust should not confirm a plan on an unknown verdict", function()
    local none, why = program.adjust({exercise = "deadlift", sets = 5, load = 180}, "unknown")
    assert(none == nil and why:find("no recent soreness entry", 1, true), why)
  end},
  {"double_progression should work with the documented defaults omitted", function()
    T.eq(program.double_progression{load = 60, achieved = {12, 12, 12}}, {load = 62.5, reps = 8})
    T.eq(program.double_progression{load = 60, achieved = {9, 10}}, {load = 60, reps = 10})
    T.eq(program.double_progression{load = 60, achieved = {13}, step = 5}, {load = 65.0, reps = 8})
  end},
  {"double_progression should name what is missing", function()
    T.raises("double_progression: expected a table", program.double_progression)
    T.raises("'load' must be a number", program.double_progression, {achieved = {8}})
    T.raises("'achieved' must list reps", program.double_progression, {load = 60})
    T.raises("'range' must be", program.double_progression, {load = 60, achieved = {8}, range = {12}})
  end},
  {"wave should work with the documented defaults omitted", function()
    T.eq(program.wave{one_rm = 200}, {140.0, 150.0, 160.0})
    T.eq(program.wave{one_rm = 200, weeks = 4}, {140.0, 150.0, 160.0, 140.0})
    T.raises("wave: 'one_rm' must be a number", program.wave, {pattern = {0.7}})
    T.raises("wave: expected a table", program.wave)
  end},
  {"linear should name a missing table", function()
    T.raises("linear: expected a table", program.linear)
  end},
  {"plates should return nil and a message on a load the bar cannot take", function()
    local p, msg = hinge.plates(15)
    assert(p == nil and msg:find("at least the bar (20)", 1, true), msg)
    p, msg = hinge.plates(0 / 0)
    assert(p == nil and type(msg) == "string", msg)
    T.eq(select("#", hinge.plates(10)), 2)
    T.eq(program.plates, hinge.plates)
  end},
  {"plates should raise on misuse", function()
    T.raises("number expected", hinge.plates, "heavy")
    T.raises("descending order", hinge.plates, 100, {plates = {10, 20}})
    T.raises("descending order", hinge.plates, 100, {plates = {20, -5}})
    T.raises("'bar' must be", hinge.plates, 100, {bar = -1})
  end},
}
