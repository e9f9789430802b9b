-- weekly_report.lua: a coach's one-page weekly report per athlete -- the
-- week's sets with their verdicts, the week's soreness, and next week's
-- heavy-shrug prescription -- as a template of `hinge report`.
--
--   build/hinge report examples/data -o build/weekly --template examples/weekly_report.lua \
--     --soreness examples/data/soreness.csv --training examples/data/training.csv
--
-- It takes the built-in report (hinge.report), replaces the athlete's
-- page (a template overrides a piece by assigning the module's field: the
-- report calls its pieces through the module table) and returns the
-- module, so `hinge report` runs it as the built-in one: the team page,
-- summary.csv and the file names stay the same.
local hinge = require "hinge"
local page = require "hinge.page"
local program = require "hinge.program"
local M = require "hinge.report"
local base = {rounding_chart = M.rounding_chart, e1rm_series = M.e1rm_series}
local WEEK = 7
local SHRUG_SHARE = 0.65 -- of the deadlift e1RM, heavy shrugs once a week

local function within_week(date, on)
  local d, o = hinge.day_number(date or ""), hinge.day_number(on or "")
  return d and o and d <= o and o - d < WEEK
end

-- Next week's heavy shrugs from the best deadlift e1RM, adjusted by the
-- recovery verdict (hinge.program.adjust): rows for the page's table.
function M.shrugs(a, ctx)
  local x, y = base.e1rm_series(a.training)
  if #x == 0 then return nil end
  local best = 0
  for _, v in ipairs(y) do best = math.max(best, v) end
  local verdict = a.verdict and a.verdict.verdict or "unknown"
  local day = program.schedule{start = hinge.date(hinge.day_number(ctx.on) + 1), weeks = 1, days = {"fri"}}[1]
  local s, why = program.adjust({exercise = "heavy shrug", sets = 3, reps = 10,
                                 load = hinge.round_load(best * SHRUG_SHARE, 2.5)},
                                verdict == "unknown" and "ready" or verdict)
  local row = {date = day.date, exercise = "heavy shrug"}
  if s then row.sets, row.reps, row.load = s.sets, s.reps, s.load else row.note = why end
  return {row}, {"date", "exercise", "sets", "reps", {"load", "kg"}, "note"},
         string.format("Deadlift e1RM %.1f kg; shrugs at %d%%, adjusted for a '%s' verdict.",
                       best, SHRUG_SHARE * 100, verdict)
end

function M.athlete_page(a, ctx)
  local p = page.new{title = "Week to " .. (ctx.on or "?") .. ": " .. a.name}
  local v = a.verdict
  local f = v and v.findings and v.findings[1]
  p:verdict(v and v.verdict or "unknown", f and f.message or "No soreness log for this athlete.")
  p:heading("Sets this week")
  local rows, last = {}, nil
  for _, s in ipairs(a.sessions) do
    if within_week(s.date, ctx.on) then
      rows[#rows + 1] = {date = s.date, verdict = {verdict = s.result.set.verdict}, summary = s.result.set.summary}
      last = s
    end
  end
  if #rows == 0 then p:text("No analysed set this week.", {class = "muted"})
  else p:table(rows, {"date", "verdict", "summary"}) end
  if last and #last.result.reps > 0 then p:charts{base.rounding_chart(last, ctx.th)} end
  p:heading("Soreness this week")
  local sore = {}
  for _, s in ipairs(a.soreness) do
    if within_week(s.date, ctx.on) then
      sore[#sore + 1] = {date = s.date, region = s.region, severity = tonumber(s.severity), quality = s.quality}
    end
  end
  if #sore == 0 then p:text("No soreness reported.", {class = "muted"})
  else p:table(sore, {"date", "region", {"severity", "severity /10"}, "quality"}) end
  p:heading("Next week")
  local plan, cols, note = M.shrugs(a, ctx)
  if plan then p:text(note); p:table(plan, cols)
  else p:text("No deadlift in the training log: no shrug prescription.", {class = "muted"}) end
  return p
end

return M
