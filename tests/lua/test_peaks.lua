-- hinge.find_peaks: scipy semantics with 1-based indices, replayed from
-- tests/data/peaks.txt (gen_peaks.py), plus options and errors.
local hinge = require "hinge"
local kv = dofile(T.source .. "/tests/lua/kvdata.lua")

local POSITIONS = {left_bases = true, right_bases = true, left_edges = true, right_edges = true,
                   left_ips = true, right_ips = true}
local PROPS = {"peak_heights", "left_thresholds", "right_thresholds", "prominences", "left_bases",
               "right_bases", "widths", "width_heights", "left_ips", "right_ips", "plateau_sizes",
               "left_edges", "right_edges"}

-- The options of a case record: ranges "min max" with nan for None.
local function case_opts(r)
  local o = {}
  for _, k in ipairs({"height", "threshold", "prominence", "width", "plateau_size"}) do
    if r.fields[k] then
      local v = kv.numbers(r.fields[k])
      o[k] = {v[1] == v[1] and v[1] or nil, v[2] == v[2] and v[2] or nil}
    end
  end
  for _, k in ipairs({"distance", "wlen", "rel_height"}) do
    if r.fields[k] then o[k] = kv.numbers(r.fields[k])[1] end
  end
  o.all_properties = true -- the file has every property of every peak
  return o
end

local function shifted(v, by)
  local out = {}
  for i, x in ipairs(v) do out[i] = x + by end
  return out
end

return {
  {"find_peaks should equal scipy on every reference case, 1-based", function()
    local recs, cases = kv.load("peaks.txt"), 0
    for _, r in ipairs(recs) do
      if r.kind == "case" then
        local x = hinge.series(kv.signal(recs, r))
        local idx, props = hinge.find_peaks(x, case_opts(r))
        kv.same(idx, shifted(kv.numbers(r.fields.index), 1), 0, r.name .. " index")
        for _, k in ipairs(PROPS) do
          if r.fields[k] then
            kv.same(props[k], shifted(kv.numbers(r.fields[k]), POSITIONS[k] and 1 or 0), 0,
                    r.name .. " " .. k)
          end
        end
        cases = cases + 1
      end
    end
    assert(cases >= 100, cases)
  end},
  {"indices and positions should be 1-based integers", function()
    local idx, p = hinge.find_peaks({0, 1, 0, 2, 0, 3, 0}, {all_properties = true})
    T.eq(idx, {2, 4, 6})
    assert(math.type(idx[1]) == "integer")
    T.eq(p.left_bases, {1, 3, 5})
    T.eq(p.right_bases, {3, 5, 7})
    T.eq(p.left_ips, {1.5, 3.5, 5.5})
    T.eq(p.prominences, {1.0, 2.0, 3.0})
    T.eq(p.plateau_sizes, {1, 1, 1})
  end},
  {"prominences and widths should come when a condition needs them or when asked", function()
    local x = {0, 1, 0, 2, 0, 3, 0}
    local _, p = hinge.find_peaks(x)
    assert(p.peak_heights and p.plateau_sizes and p.left_thresholds)
    assert(p.prominences == nil and p.widths == nil and p.left_bases == nil)
    _, p = hinge.find_peaks(x, {prominence = {}})
    T.eq(p.prominences, {1.0, 2.0, 3.0})
    assert(p.widths == nil)
    _, p = hinge.find_peaks(x, {width = {}})
    T.eq(p.widths, {1.0, 1.0, 1.0})
  end},
  {"a number should be a lower bound and a pair both bounds", function()
    local x = {0, 1, 0, 2, 0, 3, 0}
    T.eq((hinge.find_peaks(x, {height = 2})), {4, 6})
    T.eq((hinge.find_peaks(x, {height = {1.5, 2.5}})), {4})
    T.eq((hinge.find_peaks(x, {height = {nil, 2}})), {2, 4})
    T.eq((hinge.find_peaks(x, {prominence = {2}})), {4, 6})
  end},
  {"distance should keep the higher peak", function()
    T.eq((hinge.find_peaks({0, 5, 0, 6, 0, 4, 0, 0, 0, 3, 0}, {distance = 3})), {4, 10})
  end},
  {"a plateau should report its middle, rounded down", function()
    local idx, p = hinge.find_peaks({0, 1, 1, 1, 1, 0}, {plateau_size = 2})
    T.eq(idx, {3})
    T.eq(p.left_edges, {2})
    T.eq(p.right_edges, {5})
    T.eq(p.plateau_sizes, {4})
  end},
  {"no peaks should give empty tables", function()
    local idx, p = hinge.find_peaks({}, {all_properties = true})
    T.eq(idx, {})
    T.eq(p.prominences, {})
  end},
  {"NaN samples should give nil and a message", function()
    local idx, msg = hinge.find_peaks({0, 1, 0 / 0, 1, 0})
    assert(idx == nil and msg:find("sample 2 %(0%-based%) is NaN"), msg)
  end},
  {"bad options should raise", function()
    T.raises("distance must be", hinge.find_peaks, {0, 1, 0}, {distance = 0.5})
    T.raises("wlen must be", hinge.find_peaks, {0, 1, 0}, {wlen = 1})
    T.raises("rel_height must be", hinge.find_peaks, {0, 1, 0}, {rel_height = -1})
    T.raises("height must be a number or a {min, max} pair", hinge.find_peaks, {0, 1, 0},
             {height = "high"})
    T.raises("element 2 is a string", hinge.find_peaks, {0, 1, 0}, {width = {1, "x"}})
    T.raises("table expected", hinge.find_peaks, {0, 1, 0}, 5)
    T.raises("hinge.Series or array of numbers", hinge.find_peaks, "x")
  end},
}
