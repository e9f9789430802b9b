-- hinge.Series: construction, indexing, conversion, stats, closing.
local hinge = require "hinge"

return {
  {"series should copy an array of numbers", function()
    local s = hinge.series({1.5, 2.5, 3.5})
    T.eq(#s, 3)
    T.eq(s[1], 1.5)
    T.eq(s[3], 3.5)
    T.eq(s:totable(), {1.5, 2.5, 3.5})
  end},
  {"indexing out of range should give nil", function()
    local s = hinge.series({1})
    assert(s[0] == nil and s[2] == nil and s[-1] == nil)
  end},
  {"series(n, fill) should make n samples", function()
    local s = hinge.series(4, 7)
    T.eq(s:totable(), {7.0, 7.0, 7.0, 7.0})
  end},
  {"assignment should change a sample and check the index", function()
    local s = hinge.series(2)
    s[2] = 9
    T.eq(s[2], 9.0)
    T.raises("index out of range", function() s[3] = 1 end)
  end},
  {"tostring should name the class and the length", function()
    T.eq(tostring(hinge.series({1, 2})), "hinge.Series (2 samples)")
  end},
  {"series of a series should be a copy", function()
    local a = hinge.series({1, 2})
    local b = hinge.series(a)
    b[1] = 5
    T.eq(a[1], 1.0)
  end},
  {"a non-number element should raise naming it", function()
    T.raises("element 2 is a string", hinge.series, {1, "x"})
  end},
  {"a wrong argument type should raise", function()
    T.raises("hinge.Series or array of numbers expected", hinge.series, "x")
  end},
  {"stats should leave undefined statistics nil, not NaN", function()
    local st = hinge.series({0/0, 0/0}):stats()
    T.eq(st.n, 2)
    T.eq(st.valid, 0)
    T.eq(st.mean, nil)
    T.eq(st.median, nil)
    T.eq(hinge.series({3}):stats().sd, nil)
    T.eq(hinge.series({3}):stats().mean, 3.0)
  end},
  {"stats should ignore NaN", function()
    local st = hinge.series({2, 4, 0/0, 4, 4, 5, 5, 7, 9}):stats()
    T.eq(st.n, 9)
    T.eq(st.valid, 8)
    T.near(st.mean, 5.0)
    T.near(st.sd, math.sqrt(32 / 7))
    T.eq(st.median, 4.5)
    T.eq(st.min, 2.0)
    T.eq(st.max, 9.0)
  end},
  {"to-be-closed series should be empty after its scope", function()
    local keep
    do
      local s <close> = hinge.series({1, 2, 3})
      keep = s
    end
    T.eq(#keep, 0)
    T.eq(tostring(keep), "hinge.Series (closed)")
    keep:close() -- idempotent
  end},
}
