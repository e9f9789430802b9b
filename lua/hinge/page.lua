-- hinge.page: the small page model of the reports.  A page is a list of
-- blocks (headings, paragraphs, verdict chips, tables, rows of charts)
-- rendered to self-contained XHTML (inline SVG and CSS, no script, no
-- network) or drawn into a hinge.Pdf, from the same blocks.
--
--   local page = require("hinge.page")
--   local p = page.new{title = "ana"}
--   p:heading("Sessions"); p:text("5 reps, ok"); p:charts{c1, c2}
--   p:table({{rep = 1, verdict = "ok"}}, {"rep", "verdict"})
--   local html = p:html{date = "2026-03-06"}; p:pdf("ana.pdf", {date = ...})
--
-- Also hinge.chart.page (= page.new) and hinge.chart.timeline.
local hinge = require "hinge"

local M = {}

-- Verdict colours: form (ok, caution, fix, stop, unknown) and recovery
-- (ready, reduce, rest, see_professional, urgent_care).
M.colors = {
  ok = "#1a9850", caution = "#e69f00", fix = "#d55e00", stop = "#b2182b", unknown = "#878787",
  ready = "#1a9850", reduce = "#e69f00", rest = "#d55e00", see_professional = "#b2182b",
  urgent_care = "#67001f",
}

local function esc(s)
  s = tostring(s == nil and "" or s)
  return (s:gsub("[&<>\"']", {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
                               ['"'] = "&quot;", ["'"] = "&#39;"}):gsub("[%z\1-\8\11\12\14-\31]", " "))
end
M.escape = esc

local Page = {}
Page.__index = Page

function M.new(opts)
  opts = opts or {}
  return setmetatable({title = opts.title or "", blocks = {}}, Page)
end

function Page:heading(text, level)
  self.blocks[#self.blocks + 1] = {kind = "heading", text = text, level = level or 2}
  return self
end

function Page:text(text, opts)
  self.blocks[#self.blocks + 1] = {kind = "text", text = text, cls = opts and opts.class}
  return self
end

-- A verdict chip followed by text: p:verdict("stop", "lumbar rounding on rep 4").
function Page:verdict(word, text)
  self.blocks[#self.blocks + 1] = {kind = "verdict", word = word or "unknown", text = text}
  return self
end

-- A row of charts (hinge.Chart), side by side when they fit.
function Page:charts(list)
  self.blocks[#self.blocks + 1] = {kind = "charts", charts = list}
  return self
end

-- rows: array of tables; columns: array of keys or {key, title};
-- cells may be strings, numbers (opts.decimals, 1) or {verdict = word}.
function Page:table(rows, columns, opts)
  self.blocks[#self.blocks + 1] = {kind = "table", rows = rows, columns = columns,
                                   decimals = opts and opts.decimals or 1}
  return self
end

-- Raw XHTML for the HTML output only (a coach's template may add some).
function Page:html_block(xhtml, pdf_text)
  self.blocks[#self.blocks + 1] = {kind = "raw", xhtml = xhtml, text = pdf_text}
  return self
end

local function cell_text(v, decimals)
  if v == nil then return "-" end
  if type(v) == "number" then
    if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
    return string.format("%." .. decimals .. "f", v)
  end
  if type(v) == "table" then return v.verdict or v.text or "" end
  return tostring(v)
end

local function col_key(c) if type(c) == "table" then return c[1], c[2] or c[1] end return c, c end

M.css = [[
body{font-family:"DejaVu Sans",Verdana,sans-serif;font-size:13px;color:#222;margin:16px auto;max-width:1100px;padding:0 12px}
h1{font-size:22px;margin:4px 0 8px}h2{font-size:17px;margin:18px 0 6px;border-bottom:1px solid #ccc}h3{font-size:14px;margin:12px 0 4px}
.chip{display:inline-block;min-width:5em;text-align:center;color:#fff;border-radius:3px;padding:1px 6px;margin-right:6px;font-weight:bold}
.charts{display:flex;flex-wrap:wrap;gap:8px}.charts svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:4px 0 10px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}
td.num{text-align:right}.muted{color:#666}.bad{color:#b2182b}.gen{color:#888;font-size:11px;margin-top:24px}
@page{margin:12mm}
@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid}.charts,table,svg{break-inside:avoid}a{color:inherit;text-decoration:none}}
]]

local function chip(word)
  return string.format('<span class="chip" style="background:%s">%s</span>',
                       M.colors[word] or M.colors.unknown, esc(word))
end
M.chip = chip

local function html_table(b, out)
  out[#out + 1] = "<table><tr>"
  for _, c in ipairs(b.columns) do
    local _, title = col_key(c)
    out[#out + 1] = "<th>" .. esc(title) .. "</th>"
  end
  out[#out + 1] = "</tr>\n"
  for _, row in ipairs(b.rows) do
    out[#out + 1] = "<tr>"
    for _, c in ipairs(b.columns) do
      local v = row[(col_key(c))]
      if type(v) == "table" and v.verdict then
        out[#out + 1] = "<td>" .. chip(v.verdict) .. esc(v.text or "") .. "</td>"
      elseif type(v) == "table" and v.xhtml then
        out[#out + 1] = "<td>" .. v.xhtml .. "</td>"
      else
        out[#out + 1] = (type(v) == "number" and '<td class="num">' or "<td>") ..
                        esc(cell_text(v, b.decimals)) .. "</td>"
      end
    end
    out[#out + 1] = "</tr>\n"
  end
  out[#out + 1] = "</table>\n"
end

-- The page as a complete XHTML document (well-formed XML; opens offline).
function Page:html(opts)
  opts = opts or {}
  local out = {'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n',
               '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="UTF-8"/>',
               "<title>", esc(self.title), "</title><style>", M.css, opts.css or "",
               "</style></head><body>\n<h1>", esc(self.title), "</h1>\n"}
  for _, b in ipairs(self.blocks) do
    if b.kind == "heading" then
      local lvl = math.min(6, math.max(2, b.level))
      out[#out + 1] = string.format("<h%d>%s</h%d>\n", lvl, esc(b.text), lvl)
    elseif b.kind == "text" then
      out[#out + 1] = "<p" .. (b.cls and (' class="' .. esc(b.cls) .. '"') or "") .. ">" ..
                      esc(b.text):gsub("\n", "<br/>") .. "</p>\n"
    elseif b.kind == "verdict" then
      out[#out + 1] = "<p>" .. chip(b.word) .. esc(b.text or "") .. "</p>\n"
    elseif b.kind == "charts" then
      out[#out + 1] = '<div class="charts">\n'
      for _, c in ipairs(b.charts) do out[#out + 1] = c:svg() end
      out[#out + 1] = "</div>\n"
    elseif b.kind == "table" then
      html_table(b, out)
    elseif b.kind == "raw" then
      out[#out + 1] = b.xhtml
    end
  end
  if opts.date then
    out[#out + 1] = '<p class="gen">Generated by hinge ' .. esc(hinge.version()) .. " on " ..
                    esc(opts.date) .. ".</p>\n"
  end
  out[#out + 1] = "</body></html>\n"
  return table.concat(out)
end

-- ---- PDF: the same blocks, flowed down A4 (or opts.width x opts.height) pages.

local function wrap(text, size, width)
  local lines, line = {}, ""
  for word in tostring(text):gmatch("%S+") do
    local try = line == "" and word or line .. " " .. word
    if line ~= "" and hinge.chart.text_width(try, size) > width then
      lines[#lines + 1] = line
      line = word
    else
      line = try
    end
  end
  if line ~= "" then lines[#lines + 1] = line end
  return lines
end

function Page:pdf(path, opts)
  opts = opts or {}
  local W, H, margin = opts.width or 595, opts.height or 842, 36
  local doc, err = hinge.chart.pdf(path, {width = W, height = H, title = self.title, date = opts.date})
  if not doc then return nil, err end
  local y = margin
  local function need(h)
    if y + h > H - margin and y > margin then doc:page(); y = margin end
  end
  local function line(text, size, bold, color, x)
    need(size + 4)
    y = y + size + 3
    doc:text(x or margin, y, text, {size = size, bold = bold, color = color})
  end
  local function para(text, size, x, color)
    for _, l in ipairs(wrap(text, size, W - 2 * margin - ((x or margin) - margin))) do
      line(l, size, false, color, x)
    end
  end
  line(self.title, 18, true)
  y = y + 4
  for _, b in ipairs(self.blocks) do
    if b.kind == "heading" then
      need(60)
      y = y + 6
      line(b.text, b.level <= 2 and 13 or 11, true)
    elseif b.kind == "text" or (b.kind == "raw" and b.text) then
      para(b.text, 9, nil, b.cls == "muted" and "#666666" or nil)
    elseif b.kind == "verdict" then
      need(16)
      local cw = math.max(70, hinge.chart.text_width(b.word, 8, true) + 8)
      doc:rect(margin, y + 2, cw, 12, M.colors[b.word] or M.colors.unknown)
      doc:text(margin + 4, y + 11, b.word, {size = 8, bold = true, color = "#ffffff"})
      local lines = wrap(b.text or "", 9, W - 2 * margin - cw - 6)
      for i, l in ipairs(lines) do
        if i > 1 then need(12) end
        doc:text(margin + cw + 6, y + 11, l, {size = 9})
        y = y + 12
      end
      if #lines == 0 then y = y + 12 end
      y = y + 4
    elseif b.kind == "charts" then
      local x, rowh = margin, 0
      for _, c in ipairs(b.charts) do
        local cw, ch = c:size()
        local scale = math.min(1, (W - 2 * margin) / cw)
        cw, ch = cw * scale, ch * scale
        if x + cw > W - margin + 0.5 and x > margin then y = y + rowh + 6; x, rowh = margin, 0 end
        need(ch)
        doc:chart(c, x, y)
        x = x + cw + 8
        if ch > rowh then rowh = ch end
      end
      y = y + rowh + 8
    elseif b.kind == "table" then
      local cols = #b.columns
      local cw = (W - 2 * margin) / cols
      need(24)
      for i, c in ipairs(b.columns) do
        local _, title = col_key(c)
        doc:text(margin + (i - 1) * cw, y + 10, title, {size = 7.5, bold = true})
      end
      y = y + 13
      for _, row in ipairs(b.rows) do
        need(11)
        for i, c in ipairs(b.columns) do
          local v = row[(col_key(c))]
          local t = cell_text(v, b.decimals)
          local color = type(v) == "table" and v.verdict and M.colors[v.verdict] or nil
          while #t > 3 and hinge.chart.text_width(t, 7.5) > cw - 4 do t = t:sub(1, -5) .. "~" end
          doc:text(margin + (i - 1) * cw, y + 9, t, {size = 7.5, color = color})
        end
        y = y + 11
      end
      y = y + 6
    end
  end
  if opts.date then
    need(14)
    doc:text(margin, H - 18, "Generated by hinge " .. hinge.version() .. " on " .. opts.date,
             {size = 7, color = "#888888"})
  end
  return doc:close()
end

-- A timeline: rows of categories (regions, "verdict", ...) over dates.
-- spec = {title, width, height, rows = {"hamstrings", ...},
--         spans = {{row, from, to, color, label}}, points = {{row, date, color}},
--         from, to}  (dates "YYYY-MM-DD")
function M.timeline(spec)
  local rows, index = spec.rows or {}, {}
  for i, r in ipairs(rows) do index[r] = i end
  local c = hinge.chart.new{width = spec.width or 520, height = spec.height or (60 + 22 * #rows),
                            title = spec.title, legend = spec.legend}
  local ax = {x = {dates = true}, y = {labels = rows, min = 0.5, max = #rows + 0.5}}
  if spec.from then ax.x.min = hinge.day_number(spec.from) end
  if spec.to then ax.x.max = hinge.day_number(spec.to) + 1 end
  c:axes(ax)
  for _, s in ipairs(spec.spans or {}) do
    local i = index[s[1]]
    if i then
      c:band(i - 0.35, i + 0.35, {x0 = hinge.day_number(s[2]), x1 = hinge.day_number(s[3]) + 1,
                                   color = s[4], opacity = s.opacity or 0.45, label = s[5]})
    end
  end
  local groups = {}
  for _, p in ipairs(spec.points or {}) do
    local i = index[p[1]]
    if i then
      local key = p.label or ""
      groups[key] = groups[key] or {x = {}, y = {}, colors = {}, label = p.label}
      local g = groups[key]
      g.x[#g.x + 1] = hinge.day_number(p[2]) + 0.5
      g.y[#g.y + 1] = i
      g.colors[#g.colors + 1] = p[3]
    end
  end
  local keys = {}
  for k in pairs(groups) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local g = groups[k]
    c:markers(g.x, g.y, {colors = g.colors, width = 4, label = g.label, color = "#444444"})
  end
  return c
end

M.page = M.new
return M
