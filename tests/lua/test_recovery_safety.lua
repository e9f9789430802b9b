-- hinge.recovery, #13 item 1: no green light from missing, stale or future
-- data; symptoms stay until cleared; one athlete however the name is
-- written; region aliases; lenient rows kept; decimal commas in ';' logs.
local hinge = require "hinge"
local rec = hinge.recovery

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

local function warned(r, s)
  for _, w in ipairs(r.warnings) do if w:find(s, 1, true) then return true end end
  return false
end

local function write(name, text)
  local path = T.tmp .. "/" .. name
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local function row(date, athlete, region, severity, quality, flags)
  return {date = date, athlete = athlete, region = region, severity = severity,
          quality = quality, flags = flags}
end

return {
  {"red flags eight days back without a new entry should stay urgent_care", function()
    local r = assert(rec.assess{today = "2026-03-20", soreness = {
      row("2026-03-01", "ana", "lower_back", 6, "ache", "saddle_numbness|bladder"),
      row("2026-03-09", "ben", "traps", 2, "dull")}})
    T.eq(r.on, "2026-03-09")
    local a = by_name(r)
    T.eq(a.ana.verdict, "urgent_care")
    assert(rules_of(a.ana).red_flag_symptom)
    T.eq(a.ben.verdict, "ready")
  end},
  {"'cleared' should close the red flags of that region", function()
    local r = assert(rec.assess{today = "2026-03-20", soreness = {
      row("2026-03-01", "ana", "lower_back", 6, "ache", "bowel"),
      row("2026-03-03", "ana", "low back", 1, "dull", {"cleared"})}})
    T.eq(r.athletes[1].verdict, "ready")
  end},
  {"sharp pain should stay until a report shows it gone", function()
    local rows = {row("2026-03-01", "ana", "hamstrings", 7, "shooting"),
                  row("2026-03-05", "ana", "hamstrings", 3)}
    local r = assert(rec.assess{today = "2026-03-20", soreness = rows})
    T.eq(r.athletes[1].verdict, "see_professional")
    rows[3] = row("2026-03-06", "ana", "hamstrings", 2, "dull")
    r = assert(rec.assess{today = "2026-03-20", soreness = rows})
    T.eq(r.athletes[1].verdict, "ready")
  end},
  {"an athlete silent for eight days should be unknown, never ready", function()
    local r = assert(rec.assess{today = "2026-03-20", soreness = {
      row("2026-03-01", "ana", "traps", 2, "dull"),
      row("2026-03-09", "ben", "traps", 2, "dull")}})
    local a = by_name(r)
    T.eq(a.ana.verdict, "unknown")
    local f = rules_of(a.ana).no_recent_entry
    assert(f and f.message:find("No soreness entry since 2026-03-01", 1, true), f and f.message)
    T.eq(f.verdict, "unknown")
    T.eq(rec.thresholds().stale_days, 7)
    r = assert(rec.assess{today = "2026-03-20", thresholds = {stale_days = 10}, soreness = {
      row("2026-03-01", "ana", "traps", 2, "dull"), row("2026-03-09", "ben", "traps", 2, "dull")}})
    T.eq(by_name(r).ana.verdict, "ready")
  end},
  {"a row dated 2062 should neither move the day nor clear the team", function()
    local path = write("typo.csv", "date,athlete,region,severity,quality,sleep_h,flags\n" ..
      "2026-03-01,ana,lower_back,6,ache,,bladder\n" ..
      "2026-03-03,ben,traps,2,dull,,\n" ..
      "2062-03-04,ana,lower_back,0,,,cleared\n")
    local r = assert(rec.assess{soreness = path}) -- today from the system clock
    T.eq(r.on, "2026-03-03")
    T.eq(by_name(r).ana.verdict, "urgent_care")
    assert(warned(r, "typo.csv:4: soreness entry dated 2062-03-04 is after the assessment day"),
           table.concat(r.warnings, "\n"))
    local r2, err = rec.assess{soreness = path, today = "2020-01-01"}
    assert(r2 == nil and err:find("every entry is dated after today (2020-01-01)", 1, true), err)
    T.raises("option 'today' must be a real date", rec.assess, {soreness = path, today = "soon"})
  end},
  {"on should still override, summarising the later entries", function()
    local r = assert(rec.assess{on = "2026-03-01", soreness = {
      row("2026-03-01", "ana", "traps", 2, "dull"), row("2026-03-05", "ana", "traps", 8, "dull")}})
    T.eq(r.on, "2026-03-01")
    T.eq(r.athletes[1].verdict, "ready")
    assert(warned(r, "1 entry after the assessment day 2026-03-01 left out"), r.warnings[1])
  end},
  {"Ben, ben and BEN should be one athlete shown as first written", function()
    local rows = {}
    for d = 1, 22, 3 do
      local name = ({"Ben", "ben ", " BEN"})[#rows % 3 + 1]
      rows[#rows + 1] = row(string.format("2026-03-%02d", d), name, "lower_back", 5, "dull")
    end
    local r = assert(rec.assess{today = "2026-03-25", soreness = rows})
    T.eq(#r.athletes, 1)
    T.eq(r.athletes[1].athlete, "Ben")
    assert(rules_of(r.athletes[1]).no_improvement, "three weeks of history")
    assert(warned(r, "athlete 'BEN' is read as 'Ben'"))
    r = assert(rec.assess{today = "2026-03-25", soreness = rows, athlete = "bEN"})
    T.eq(r.athletes[1].athlete, "Ben")
  end},
  {"near-duplicate names should be warned about", function()
    local r = assert(rec.assess{today = "2026-03-25", soreness = {
      row("2026-03-01", "Ben", "traps", 2, "dull"), row("2026-03-01", "Benn", "traps", 2, "dull")}})
    T.eq(#r.athletes, 2)
    assert(warned(r, "athletes 'Ben' and 'Benn' have nearly the same name"))
  end},
  {"region aliases should map, unknown words warn with the closest region", function()
    local r = assert(rec.assess{today = "2026-03-25", soreness = {
      row("2026-03-03", "ana", "hammies", 3, "dull"),
      row("2026-03-03", "ana", "upper traps", 3, "dull"),
      row("2026-03-03", "ana", "Low Back", 3, "dull"),
      row("2026-03-03", "ana", "glutez", 3, "dull")},
      training = {{date = "2026-03-01", athlete = "ana", exercise = "Deadlift"}}})
    local regions = {}
    for _, e in ipairs(r.athletes[1].episodes) do regions[#regions + 1] = e.region end
    table.sort(regions)
    T.eq(regions, {"glutez", "hamstrings", "lower_back", "traps"})
    assert(warned(r, "soreness rows:4:3: unknown region 'glutez' (closest known: 'glutes')"),
           table.concat(r.warnings, "\n"))
    T.eq(#r.warnings, 1)
    local doms = {}
    for _, f in ipairs(r.athletes[1].findings) do
      if f.rule == "doms_expected" then doms[f.region] = true end
    end
    assert(doms.hamstrings and doms.traps and doms.lower_back,
           "hammies, upper traps and low back after deadlifts are DOMS")
  end},
  {"lenient should keep a 7/10 shooting pain with an unknown flag word", function()
    local rows = {soreness = {row("2026-03-03", "ana", "lower_back", 7, "shooting", "tingles")}}
    local r, err = rec.assess(rows)
    assert(r == nil and err:find("soreness rows:1:7: unknown flag 'tingles'", 1, true), err)
    rows.lenient = true
    rows.today = "2026-03-05"
    r = assert(rec.assess(rows))
    T.eq(#r.athletes, 1, "the athlete must not vanish")
    T.eq(r.athletes[1].verdict, "see_professional")
    assert(warned(r, "soreness rows:1:7: unknown flag 'tingles'"), r.warnings[1])
    assert(warned(r, "(left out)"))
  end},
  {"lenient should keep known flag words next to an unknown one", function()
    local r = assert(rec.assess{lenient = true, today = "2026-03-05", soreness = {
      row("2026-03-03", "ana", "lower_back", 4, "ache", {"bladder", "sadle_numbness"})}})
    T.eq(r.athletes[1].verdict, "urgent_care")
  end},
  {"a ';' log should read decimal commas", function()
    local path = write("semi.csv", "date;athlete;region;severity;quality;sleep_h;flags\n" ..
      "2026-03-03;ana;traps;6,5;dull;5,5;\n")
    local r = assert(rec.assess{soreness = path, today = "2026-03-05"})
    T.eq(r.athletes[1].episodes[1].latest, 6.5)
    T.eq(r.athletes[1].verdict, "reduce")
  end},
  {"verdicts should list unknown after ready", function()
    T.eq(rec.verdicts[2], "unknown")
    rec.add_rule{id = "no_data_rule", verdict = "unknown", check = function() return true end}
    local r = assert(rec.assess{today = "2026-03-05", soreness = {
      row("2026-03-03", "ana", "traps", 1, "dull")}})
    rec.remove_rule("no_data_rule")
    T.eq(r.athletes[1].verdict, "unknown")
  end},
}
