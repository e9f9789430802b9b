--- hinge.fmt: plain-text tables for coaches' reports.
--
--   local fmt = require "hinge.fmt"
--   print(fmt.table({{rep = 1, lumbar = 0.3}, {rep = 2, lumbar = 4.1}},
--                   {"rep", "lumbar"}, {decimals = 1}))
--
-- Numbers are right-aligned and printed with `decimals` places (default 1;
-- integers stay integers); strings are left-aligned; nil prints as "-".
local M = {}

local function cell(v, decimals)
  if v == nil then return "-", false end
  if math.type(v) == "integer" then return tostring(v), true end
  if type(v) == "number" then
    if v ~= v then return "nan", true end
    return string.format("%." .. decimals .. "f", v), true
  end
  return tostring(v), false
end

--- Format rows (an array of tables) as an aligned text table.
-- columns: array of keys, or of {key, title}; defaults to the sorted keys
-- of the first row.  opts.decimals (default 1), opts.sep (default "  ").
function M.table(rows, columns, opts)
  assert(type(rows) == "table", "bad argument #1 to 'table' (table expected)")
  opts = opts or {}
  local decimals = opts.decimals or 1
  local sep = opts.sep or "  "
  if columns == nil then
    columns = {}
    for k in pairs(rows[1] or {}) do columns[#columns + 1] = k end
    table.sort(columns, function(a, b) return tostring(a) < tostring(b) end)
  end
  local keys, titles, widths, right = {}, {}, {}, {}
  for i, c in ipairs(columns) do
    if type(c) == "table" then keys[i], titles[i] = c[1], c[2] or tostring(c[1])
    else keys[i], titles[i] = c, tostring(c) end
    widths[i] = utf8.len(titles[i]) or #titles[i]
  end
  local cells = {}
  for r, row in ipairs(rows) do
    cells[r] = {}
    for i, k in ipairs(keys) do
      local s, isnum = cell(row[k], decimals)
      cells[r][i] = s
      right[i] = right[i] or isnum
      widths[i] = math.max(widths[i], utf8.len(s) or #s)
    end
  end
  local function line(values)
    local out = {}
    for i, s in ipairs(values) do
      local pad = string.rep(" ", widths[i] - (utf8.len(s) or #s))
      out[i] = right[i] and pad .. s or s .. pad
    end
    return (table.concat(out, sep):gsub("%s+$", ""))
  end
  local lines = {line(titles)}
  local rule = {}
  for i = 1, #keys do rule[i] = string.rep("-", widths[i]) end
  lines[2] = table.concat(rule, sep)
  for r = 1, #cells do lines[#lines + 1] = line(cells[r]) end
  return table.concat(lines, "\n")
end

return M
