-- hinge.csv.read: the csv-spectrum cases, keyed rows, options and errors.
local hinge = require "hinge"

local dir = T.data .. "/csv-spectrum/"
local cases = {
  "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
  "newlines_crlf", "newlines_cr", "quotes_and_newlines", "simple", "simple_crlf",
  "utf8", "location_coordinates", "no_trailing_newline", "blank_lines_and_spaces",
}

-- Parse NAME.expected: "LINE:f|f|..." with \n \r \| \\ escapes; keep the fields.
local function expected(name)
  local rows = {}
  for line in io.lines(dir .. name .. ".expected") do
    local body = line:match("^%d+:(.*)$")
    local fields, cur, i = {}, {}, 1
    while i <= #body do
      local c = body:sub(i, i)
      if c == "\\" then
        local e = body:sub(i + 1, i + 1)
        cur[#cur + 1] = ({n = "\n", r = "\r"})[e] or e
        i = i + 2
      elseif c == "|" then
        fields[#fields + 1] = table.concat(cur)
        cur, i = {}, i + 1
      else
        cur[#cur + 1] = c
        i = i + 1
      end
    end
    fields[#fields + 1] = table.concat(cur)
    rows[#rows + 1] = fields
  end
  return rows
end

local function tmpfile(name, text)
  local path = T.tmp .. "/" .. name
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local t = {}
for _, name in ipairs(cases) do
  t[#t + 1] = {"csv-spectrum case " .. name .. " should read as expected (no header)", function()
    local rows, header = assert(hinge.csv.read(dir .. name .. ".csv", {header = false}))
    assert(header == nil)
    T.eq(rows, expected(name))
  end}
  t[#t + 1] = {"csv-spectrum case " .. name .. " should key rows by the header", function()
    local rows, header = assert(hinge.csv.read(dir .. name .. ".csv"))
    local want = expected(name)
    T.eq(header, want[1])
    T.eq(#rows, #want - 1)
    for i = 2, #want do
      for j, k in ipairs(want[1]) do T.eq(rows[i - 1][k], want[i][j]) end
    end
  end}
end

local more = {
  {"a semicolon file should be detected and a given delimiter obeyed", function()
    local p = tmpfile("semi.csv", "a;b\n1,5;2\n")
    local rows, header = assert(hinge.csv.read(p))
    T.eq(header, {"a", "b"})
    T.eq(rows, {{a = "1,5", b = "2"}})
    rows = assert(hinge.csv.read(p, {delimiter = ",", header = false}))
    T.eq(rows, {{"a;b"}, {"1", "5;2"}})
  end},
  {"short rows should leave keys absent", function()
    local rows = assert(hinge.csv.read(tmpfile("short.csv", "a,b,c\n1,2\n")))
    T.eq(rows, {{a = "1", b = "2"}})
  end},
  {"a row longer than the header should return nil and file:line:col", function()
    local rows, msg = hinge.csv.read(tmpfile("long.csv", "a,b\n1,2\n3,4,5\n"))
    assert(rows == nil)
    assert(msg:find("long.csv:3:3: the record has 3 fields but the header has 2", 1, true), msg)
  end},
  {"a stray quote should return nil and a message naming line and field", function()
    local rows, msg = hinge.csv.read(tmpfile("quote.csv", 'a,b\n1,2\n3,x"y\n'))
    assert(rows == nil)
    assert(msg:find("quote.csv:3:2: quote inside an unquoted field", 1, true), msg)
  end},
  {"an unterminated quote should return nil naming where it opened", function()
    local rows, msg = hinge.csv.read(tmpfile("open.csv", 'a,b\n1,"abc\n\n'))
    assert(rows == nil)
    assert(msg:find("open.csv:2:2: unterminated quoted field", 1, true), msg)
  end},
  {"a missing file should return nil and a message", function()
    local rows, msg = hinge.csv.read(T.tmp .. "/does-not-exist.csv")
    assert(rows == nil and msg:find("does%-not%-exist.csv: cannot open"), msg)
  end},
  {"an empty file should give no rows and no header", function()
    local rows, header = assert(hinge.csv.read(tmpfile("empty.csv", "")))
    T.eq(rows, {})
    assert(header == nil)
  end},
  {"NUL bytes should survive in the strings", function()
    local rows = assert(hinge.csv.read(tmpfile("nul.csv", "a\nx\0y\n"), {header = false}))
    T.eq(rows[2][1], "x\0y")
  end},
  {"a bad delimiter option should raise", function()
    T.raises("option 'delimiter' must be", hinge.csv.read, "x.csv", {delimiter = "|"})
  end},
  {"a non-boolean header option should raise", function()
    T.raises("option 'header' must be a boolean", hinge.csv.read, "x.csv", {header = 1})
  end},
  {"a missing path should raise", function()
    T.raises("bad argument #1", hinge.csv.read)
  end},
}
for _, c in ipairs(more) do t[#t + 1] = c end
return t
