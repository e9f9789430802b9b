-- ics_check.lua FILE: structural checks of an iCalendar file (RFC 5545)
-- as a phone's importer reads it: CRLF line ends, lines folded at 75
-- octets, BEGIN/END balanced, one VCALENDAR with VERSION and PRODID, each
-- VEVENT with a unique UID, a DTSTAMP in UTC and an all-day DTSTART.
-- Prints the number of events; raises naming the first problem.
local path = assert(arg[1], "usage: ics_check.lua FILE")
local f = assert(io.open(path, "rb"))
local text = f:read("a")
f:close()
assert(text:sub(-2) == "\r\n", "the file must end with CRLF")
local physical, n = {}, 0
for line in text:gmatch("(.-)\r\n") do
  n = n + 1
  assert(not line:find("[\r\n]"), "line " .. n .. ": a bare CR or LF")
  assert(#line <= 75, "line " .. n .. ": " .. #line .. " octets (more than 75)")
  physical[#physical + 1] = line
end
assert(#table.concat(physical, "\r\n") + 2 == #text, "text outside CRLF lines")
-- unfold: a line starting with a space continues the previous one
local lines = {}
for _, l in ipairs(physical) do
  if l:sub(1, 1) == " " then
    assert(#lines > 0, "a continuation line first")
    lines[#lines] = lines[#lines] .. l:sub(2)
  else
    lines[#lines + 1] = l
  end
end
for _, l in ipairs(lines) do assert(utf8.len(l), "invalid UTF-8 (a fold split a character?): " .. l) end
assert(lines[1] == "BEGIN:VCALENDAR" and lines[#lines] == "END:VCALENDAR", "VCALENDAR must wrap the file")
local stack, events, uids, cal = {}, 0, {}, {}
local ev
for i, l in ipairs(lines) do
  local name, value = l:match("^([^:;]+)[^:]*:(.*)$")
  assert(name, "line " .. i .. ": no NAME:VALUE: " .. l)
  if name == "BEGIN" then
    stack[#stack + 1] = value
    if value == "VEVENT" then ev = {} end
  elseif name == "END" then
    assert(stack[#stack] == value, "END:" .. value .. " does not close BEGIN:" .. tostring(stack[#stack]))
    stack[#stack] = nil
    if value == "VEVENT" then
      events = events + 1
      assert(ev.UID and not uids[ev.UID], "VEVENT without a unique UID")
      uids[ev.UID] = true
      assert(ev.DTSTAMP and ev.DTSTAMP:match("^%d%d%d%d%d%d%d%dT%d%d%d%d%d%dZ$"), "DTSTAMP must be UTC")
      assert(ev["DTSTART;VALUE=DATE"] and ev["DTSTART;VALUE=DATE"]:match("^%d%d%d%d%d%d%d%d$"),
             "DTSTART must be an all-day date")
      assert(ev.SUMMARY and #ev.SUMMARY > 0, "VEVENT without SUMMARY")
      ev = nil
    end
  elseif ev then
    ev[l:match("^([^:]+)")] = value
  else
    cal[name] = value
  end
end
assert(#stack == 0, "unclosed " .. tostring(stack[#stack]))
assert(cal.VERSION == "2.0" and cal.PRODID, "VCALENDAR needs VERSION:2.0 and PRODID")
print(events)
