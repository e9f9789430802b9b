-- hinge.chart primitives, the hinge.page model and the report's pieces
-- (hinge.report) against independent numbers: the analysis' own rounding,
-- Epley's formula, the SVG's element counts.
local hinge = require "hinge"
local page = require "hinge.page"
local report = require "hinge.report"
local EX = T.source .. "/examples/data"

local function count(s, pat)
  local n = 0
  for _ in s:gmatch(pat) do n = n + 1 end
  return n
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

return {
  {"the primitives should draw one element each, chained", function()
    local c = hinge.chart.new{width = 300, height = 200, title = "t", legend = true,
                              x = {min = 0, max = 10}, y = {label = "deg"}}
    T.eq(c:band(5, 10, {color = "#e69f00", label = "caution"}), c)
    c:line({0, 5, 10}, {0, 4, 8}, {label = "lumbar"})
     :bars({1, 2}, {3, 6}, {colors = {"#00ff00", nil}})
     :threshold(5, {label = "stop"})
     :markers({1, 2}, {1, 2})
     :text(1, 1, "a<b")
    T.eq(#c, 6)
    local s = c:svg()
    T.eq(count(s, "<g class=\"bands\">"), 1)
    T.eq(count(s, "fill=\"#00ff00\""), 1)
    T.eq(count(s, "<circle"), 2)
    T.eq(count(s, "a&lt;b"), 1)
    T.eq(count(s, "stroke%-dasharray"), 1)
    local w, h = c:size()
    T.eq({w, h}, {300, 200})
    assert(tostring(c):find("hinge.Chart (300 x 200, 6 elements)", 1, true))
  end},
  {"misuse should raise with the core's words", function()
    local c = hinge.chart.new{}
    T.raises("not #rgb or #rrggbb", c.line, c, {1}, {1}, {color = "red"})
    T.raises("same length", c.line, c, {1, 2}, {1})
    T.raises("80 to 4000", hinge.chart.new, {width = 10})
    T.raises("min must be below max", c.axes, c, {x = {min = 2, max = 1}})
  end},
  {"a pdf should appear only when closed", function()
    local path = T.tmp .. "/chart_test.pdf"
    os.remove(path)
    local d = assert(hinge.chart.pdf(path, {title = "x", date = "2026-03-06"}))
    d:chart(hinge.chart.new{}:line({0, 1}, {0, 1}), 36, 36):text(36, 300, "hi", {size = 12, bold = true})
    T.eq(io.open(path, "rb"), nil)
    T.eq(d:close(), true)
    T.eq(read(path):sub(1, 5), "%PDF-")
    T.raises("closed", d.page, d)
  end},
  {"the page should be XHTML with the chart inline and text escaped", function()
    local p = page.new{title = "ana & <ben>"}
    p:heading("Sessions"):verdict("stop", "lumbar"):text("x\ny")
     :charts{hinge.chart.new{}:line({0, 1}, {0, 1})}
     :table({{a = 1.25, b = {verdict = "ok"}}}, {"a", {"b", "B"}})
    local s = p:html{date = "2026-03-06"}
    assert(s:find('^<%?xml version="1.0" encoding="UTF%-8"%?>'))
    T.eq(count(s, "<svg "), 1)
    T.eq(count(s, "ana &amp; &lt;ben&gt;"), 2)
    T.eq(count(s, "x<br/>y"), 1)
    T.eq(count(s, "<script"), 0)
    T.eq(count(s, ">1.2<") + count(s, ">1.3<"), 1) -- one decimal
    T.eq(count(s, "2026%-03%-06"), 1)
  end},
  {"the timeline should place one dot per report on its row", function()
    local c = hinge.chart.timeline{rows = {"hamstrings", "verdict"}, from = "2026-03-01", to = "2026-03-07",
      spans = {{"hamstrings", "2026-03-02", "2026-03-04", "#999999"}},
      points = {{"hamstrings", "2026-03-02", "#ff0000"}, {"verdict", "2026-03-05", "#00ff00"},
                {"nowhere", "2026-03-05", "#00ff00"}}}
    local s = c:svg()
    T.eq(count(s, "<circle"), 2)
    T.eq(count(s, ">hamstrings<"), 1)
  end},
  {"each rep's curves should peak where the analysis measured the rounding", function()
    for _, f in ipairs{"2026-03-02_ana_set1.csv", "2026-03-02_ben_set1.csv"} do
      local rec = assert(report.session(EX .. "/" .. f, {}))
      T.eq(#rec.curves, #rec.result.reps)
      for i, rep in ipairs(rec.result.reps) do
        for _, role in ipairs{"thoracic", "lumbar"} do
          local v = rec.curves[i][role]
          T.eq(#v, report.points)
          T.eq(v[1], 0) -- change since liftoff
          local peak = -math.huge
          for _, y in ipairs(v) do peak = math.max(peak, y) end
          -- 51 samples of the pull against every sample: within 0.3 deg
          assert(math.abs(peak - rep[role].rounding_deg) < 0.3,
                 string.format("%s rep %d %s: curve %.2f, analysis %.2f", f, i, role, peak,
                               rep[role].rounding_deg))
        end
        assert(math.abs(rec.curves[i].hip[1] - rep.hip.setup_deg) < 1.5, "hip at liftoff")
      end
    end
  end},
  {"the e1RM series should be Epley's best set per day", function()
    local x, y = report.e1rm_series{
      {date = "2026-03-01", exercise = "Deadlift (Barbell)", reps = "3", load_kg = "140"},
      {date = "2026-03-01", exercise = "Deadlift (Barbell)", reps = "5", load_kg = "120"},
      {date = "2026-03-02", exercise = "Romanian Deadlift", reps = "8", load_kg = "100"},
      {date = "2026-03-03", exercise = "Squat", reps = "5", load_kg = "100"},
      {date = "2026-03-04", exercise = "deadlift", reps = "1", load_kg = "150"}}
    T.eq(#x, 2)
    T.eq(x[1], hinge.day_number("2026-03-01"))
    T.near(y[1], 140 * (1 + 3 / 30), 1e-9)
    T.eq(y[2], 150)
  end},
  {"summary rows should quote what CSV needs quoted", function()
    local rec = assert(report.session(EX .. "/2026-03-02_ana_set1.csv", {curves = false}))
    rec.path = 'a,"b".csv'
    local out = {}
    report.csv_rows(rec, out)
    T.eq(#out, #rec.result.reps)
    assert(out[1]:find('^"a,""b"".csv",ana,2026%-03%-02,1,1,'), out[1])
    local _, commas = out[1]:gsub(",", "")
    T.eq(commas, #report.csv_columns - 1 + 1) -- one comma inside the quoted path
  end},
  {"slugs should be safe file names", function()
    T.eq(report.slug("ana"), "ana")
    T.eq(report.slug("../x y"), "athlete_.._x_y")
    T.eq(report.slug("index"), "athlete_index")
  end},
}
