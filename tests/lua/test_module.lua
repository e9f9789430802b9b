-- The module skeleton: loading, version, embedded pure-Lua modules.
local hinge = require "hinge"

return {
  {"require should return a table with a _VERSION string", function()
    assert(type(hinge) == "table")
    assert(hinge._VERSION:match("^hinge %d+%.%d+%.%d+$"), hinge._VERSION)
  end},
  {"version should agree with _VERSION", function()
    local v, n = hinge.version()
    T.eq("hinge " .. v, hinge._VERSION)
    assert(math.type(n) == "integer" and n == hinge.VERSION_NUMBER)
  end},
  {"require should return the same table twice", function()
    assert(require "hinge" == hinge)
  end},
  {"the module should set no globals", function()
    assert(rawget(_G, "hinge") == nil)
  end},
  {"strerror should describe a status code", hinge.strerror, {-1}, "out of memory"},
  {"strerror should reject a non-integer", function()
    T.raises("number expected", hinge.strerror, "x")
  end},
  {"embedded pure-Lua modules should be preloaded", function()
    assert(type(package.preload["hinge.fmt"]) == "function")
    local fmt = require "hinge.fmt"
    assert(type(fmt.table) == "function")
  end},
  {"fmt.table should align numbers right and text left", function()
    local out = require("hinge.fmt").table(
      {{rep = 1, v = "ok", x = 1.25}, {rep = 10, v = "caution", x = nil}},
      {"rep", {"v", "verdict"}, "x"}, {decimals = 2})
    T.eq(out, table.concat({
      "rep  verdict     x",
      "---  -------  ----",
      "  1  ok       1.25",
      " 10  caution     -"}, "\n"))
  end},
}
