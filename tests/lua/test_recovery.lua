-- hinge.recovery: assess (paths and rows), load_metrics, thresholds, rules,
-- and a coach's own rule.
local hinge = require "hinge"
local rec = hinge.recovery
local R = T.data .. "/recovery"

local function by_name(result)
  local t = {}
  for _, a in ipairs(result.athletes) do t[a.athlete] = a end
  return t
end

local function rules_of(a)
  local t = {}
  for _, f in ipairs(a.findings) do t[f.rule] = f end
  return t
end

-- rows of a small scenario: ana sore two days after deadlifts
local function doms_rows()
  return {
    soreness = {
      {date = "2026-03-03", athlete = "ana", region = "lower back", severity = 3,
       quality = "dull", sleep_h = 7.5},
    },
    training = {
      {date = "2026-03-01", athlete = "ana", exercise = "Deadlift (Barbell)", sets = 5,
       reps = 3, load_kg = 140, rpe = 8, duration_min = 45},
    },
  }
end

return {
  {"assess should read the team logs from paths", function()
    local r = assert(rec.assess{soreness = R .. "/soreness_team.csv",
                                training = R .. "/training_team.csv",
                                analysis = R .. "/analysis_ana.json"})
    T.eq(r.on, "2026-03-05")
    local a = by_name(r)
    T.eq(a.ana.verdict, "reduce")
    T.eq(a.ben.verdict, "see_professional")
    T.eq(a.cy.verdict, "see_professional")
    T.eq(a.dee.verdict, "ready")
    T.eq(a.eli.verdict, "urgent_care")
    T.eq(a.fay.verdict, "ready")
    assert(rules_of(a.dee).weak_link_upper_back)
    assert(rules_of(a.cy).no_improvement)
    assert(rules_of(a.ana).form_lumbar_rounding)
    T.eq(a.ana.load.basis, "srpe")
    assert(a.fay.load == nil, "no training: no load")
    T.eq(#r.warnings, 0)
  end},
  {"assess should accept rows and call DOMS expected", function()
    local r = assert(rec.assess(doms_rows()))
    local a = r.athletes[1]
    T.eq(a.athlete, "ana")
    T.eq(a.verdict, "ready")
    local f = rules_of(a).doms_expected
    T.eq(f.verdict, "ready")
    T.eq(f.region, "lower_back")
    assert(f.message:find("delayed%-onset"), f.message)
    assert(f.source:find("Cheung"), f.source)
    T.eq(a.episodes[1].trajectory, "new")
    T.eq(a.load.weekly_load, 360.0)
  end},
  {"rows with flags as an array should give urgent care", function()
    local r = assert(rec.assess{soreness = {
      {date = "2026-03-03", athlete = "ana", region = "lower_back", severity = 6,
       quality = {"shooting"}, flags = {"saddle_numbness", "bladder"}}}})
    T.eq(r.athletes[1].verdict, "urgent_care")
    T.eq(r.athletes[1].findings[1].rule, "red_flag_symptom")
  end},
  {"a bad row should return nil and a message naming row and field", function()
    local r, err = rec.assess{soreness = {
      {date = "2026-03-03", athlete = "ana", region = "traps", severity = 2},
      {date = "2026-02-30", athlete = "ana", region = "traps", severity = 2}}}
    assert(r == nil)
    T.eq(err, "soreness rows:2:1: date '2026-02-30' does not exist")
    r, err = rec.assess{soreness = {{date = "2026-03-03", athlete = "ana", region = "traps",
                                     severity = 12}}}
    assert(err:find("soreness rows:1:4: severity 12 is out of range"), err)
    r, err = rec.assess{soreness = {{date = "2026-03-03", athlete = "ana", region = "traps",
                                     severity = 2, quality = "itchy"}}}
    assert(err:find("unknown quality 'itchy'"), err)
  end},
  {"lenient should skip a row left without a usable value, with warnings", function()
    local r = assert(rec.assess{lenient = true, soreness = {
      {date = "2026-03-03", athlete = "ana", region = "traps", severity = 2},
      {date = "2026-03-04", athlete = "ana", region = "traps", severity = "x"}}})
    T.eq(#r.warnings, 2)
    assert(r.warnings[1]:find("soreness rows:2:4: severity 'x' is not a number (left out)", 1, true),
           r.warnings[1])
    assert(r.warnings[2]:find("soreness rows:2: no usable value left", 1, true), r.warnings[2])
    assert(r.warnings[2]:find("(row skipped)", 1, true), r.warnings[2])
  end},
  {"a missing file should return nil and the file name", function()
    local r, err = rec.assess{soreness = T.tmp .. "/nope.csv"}
    assert(r == nil and err:find("nope.csv"), err)
  end},
  {"misuse should raise", function()
    T.raises("table expected", rec.assess, "x")
    T.raises("option 'on' must be a real date", rec.assess, {soreness = {}, on = "2026-13-01"})
    T.raises("unknown threshold 'bogus'", rec.assess, {soreness = {}, thresholds = {bogus = 1}})
    T.raises("must be a path or a table", rec.assess, {soreness = 5})
  end},
  {"on and athlete should select the day and the athlete", function()
    local r = assert(rec.assess{soreness = R .. "/soreness_team.csv", athlete = "cy",
                                on = "2026-02-20"})
    T.eq(#r.athletes, 1)
    T.eq(r.on, "2026-02-20")
    assert(not rules_of(r.athletes[1]).no_improvement)
  end},
  {"threshold overrides should change the verdict", function()
    local rows = {soreness = {{date = "2026-03-03", athlete = "ana", region = "traps",
                               severity = 4}}}
    T.eq(assert(rec.assess(rows)).athletes[1].verdict, "reduce")
    rows.thresholds = {reduce_severity = 5}
    T.eq(assert(rec.assess(rows)).athletes[1].verdict, "ready")
  end},
  {"thresholds should list the defaults", function()
    local t = rec.thresholds()
    T.eq(t.acwr_high, 1.5)
    T.eq(t.no_improvement_days, 21)
    T.eq(t.chronic_days, 28)
    T.eq(t.tau_fitness, 42)
    T.eq(t.k_fatigue, 2)
  end},
  {"rules should list the built-in rules with sources", function()
    local rs = rec.rules()
    T.eq(#rs, 12)
    T.eq(rs[1].id, "no_recent_entry")
    T.eq(rs[1].verdict, "unknown")
    T.eq(rs[2].id, "red_flag_symptom")
    T.eq(rs[2].verdict, "urgent_care")
    for _, r in ipairs(rs) do assert(#r.source > 10 and r.builtin) end
    T.eq(rec.verdicts, {"ready", "unknown", "reduce", "rest", "see_professional", "urgent_care"})
  end},
  {"a coach's rule should run beside the built-in ones and set the verdict in C", function()
    rec.add_rule{id = "meet_week", verdict = "reduce",
      suggestion = "Taper: halve the volume this week.",
      check = function(ctx)
        assert(ctx.on and ctx.thresholds.acwr_high == 1.5)
        assert(#ctx.soreness >= 1 and #ctx.training >= 1)
        if ctx.athlete == "ana" then return "Competition on Saturday." end
      end}
    local r = assert(rec.assess(doms_rows()))
    rec.remove_rule("meet_week")
    local a = r.athletes[1]
    T.eq(a.verdict, "reduce")
    T.eq(a.findings[1].rule, "meet_week")
    T.eq(a.findings[1].message, "Competition on Saturday.")
    T.eq(a.findings[1].source, "coach's rule")
    T.eq(a.suggestions[1], "Taper: halve the volume this week.")
    assert(rules_of(a).doms_expected, "built-in findings stay")
  end},
  {"a coach's rule may return finding tables and see the context", function()
    rec.add_rule{id = "shrug_day", check = function(ctx)
      local out = {}
      for _, e in ipairs(ctx.episodes) do
        out[#out + 1] = {message = "watch " .. e.region, region = e.region, verdict = "rest"}
      end
      assert(ctx.findings[1].rule == "doms_expected")
      assert(ctx.load.basis == "srpe")
      return out
    end}
    local r = assert(rec.assess(doms_rows()))
    rec.remove_rule("shrug_day")
    T.eq(r.athletes[1].verdict, "rest")
    T.eq(r.athletes[1].findings[1].region, "lower_back")
  end},
  {"an escalating coach's rule should step up once, capped at rest", function()
    rec.add_rule{id = "travel", escalate = true, message = "Long-haul travel.",
                 check = function() return true end}
    local r = assert(rec.assess(doms_rows()))
    T.eq(r.athletes[1].verdict, "reduce")
    T.eq(r.athletes[1].findings[1].message, "Long-haul travel.")
    rec.remove_rule("travel")
  end},
  {"a failing or misused coach's rule should raise naming it", function()
    rec.add_rule{id = "broken", check = function() error("oops") end}
    T.raises("rule 'broken': .*oops", rec.assess, doms_rows())
    rec.add_rule{id = "broken", check = function() return {message = "x", verdict = "soon"} end}
    T.raises("verdict 'soon' is not one of", rec.assess, doms_rows())
    rec.add_rule{id = "broken", check = function() return 42 end}
    T.raises("check returned a number", rec.assess, doms_rows())
    assert(rec.remove_rule("broken"))
    assert(not rec.remove_rule("broken"))
    T.raises("built%-in rule", rec.add_rule, {id = "sharp_pain", check = print})
    T.raises("'check' function", rec.add_rule, {id = "x"})
    T.raises("verdict 'maybe'", rec.add_rule, {id = "x", verdict = "maybe", check = print})
  end},
  {"load_metrics should match the closed form of a single session", function()
    local m = rec.load_metrics({100, 0, 0, 0})
    local la, lc = 2 / 8, 2 / 29
    T.near(m.acute_ewma[4], 100 * (1 - la) ^ 3, 1e-12)
    T.near(m.chronic_ewma[4], 100 * (1 - lc) ^ 3, 1e-12)
    T.near(m.acwr_ewma[4], ((1 - la) / (1 - lc)) ^ 3, 1e-12)
    T.near(m.fatigue[4], 100 * math.exp(-3 / 7), 1e-12)
    T.eq(m.weekly_load[4], 100.0)
    assert(m.monotony[1] ~= m.monotony[1], "one day: null monotony")
    T.near(m.last.acwr_ewma, m.acwr_ewma[4], 0)
    T.eq(m.last.days, 4)
    assert(rec.load_metrics({100}).last.monotony == nil, "null metrics are absent")
    T.eq(tostring(m.load), "hinge.Series (4 samples)")
  end},
  {"load_metrics should take a week's hand-worked monotony", function()
    local m = rec.load_metrics(hinge.series({300, 0, 500, 0, 400, 0, 200}))
    T.near(m.monotony[7], 0.960768922830918, 1e-12)
    T.near(m.strain[7], 1400 * 0.960768922830918, 1e-12)
  end},
  {"load_metrics should build daily loads from a training log", function()
    local m = assert(rec.load_metrics(T.data .. "/strong_export_sample.csv"))
    T.eq(m.basis, "volume_load")
    T.eq(m.first_date, "2021-02-10")
    T.eq(m.load[1], 6570.0)
    T.eq(#m.load, 316) -- 2021-02-10 to 2021-12-22
    local rows = doms_rows().training
    m = assert(rec.load_metrics(rows, {athlete = "ana", on = "2026-03-03"}))
    T.eq(m.basis, "srpe")
    T.eq(#m.load, 3)
    T.eq(m.load[1], 360.0)
  end},
  {"load_metrics options should apply and bad ones raise", function()
    local m = rec.load_metrics({10, 20, 30}, {acute_days = 1})
    T.eq(m.acute_ewma:totable(), {10.0, 20.0, 30.0})
    T.raises("windows must be", rec.load_metrics, {1}, {chronic_days = 0})
    local r, err = rec.load_metrics({1, -2})
    assert(r == nil and err:find("day 2"), err)
  end},
}
