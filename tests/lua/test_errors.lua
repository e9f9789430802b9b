-- The binding's one error convention (docs/lua.md, "Errors"): misuse
-- raises with the core's message, failures of data or environment return
-- exactly nil, message.
local hinge = require "hinge"

local function two(...) return select("#", ...), ... end

return {
  {"a folder that cannot be listed should return nil and a message, nothing more", function()
    local n, v, msg = two(hinge.files(T.tmp .. "/no-such-folder"))
    T.eq(n, 2)
    T.eq(v, nil)
    assert(msg:find("no%-such%-folder: "), msg)
  end},
  {"a folder that can be listed should give its regular files, sorted", function()
    local files = assert(hinge.files(T.data .. "/sessions", ".csv"))
    T.eq(#files, 7)
    T.eq(files[1], T.data .. "/sessions/2026-03-02_ana_set1_all.csv")
    for i = 2, #files do assert(files[i - 1] < files[i]) end
  end},
  {"a file that cannot be loaded should return nil and a message", function()
    local n, v, msg = two(hinge.analyze(T.tmp .. "/no-such-file.csv"))
    T.eq(n, 2)
    T.eq(v, nil)
    assert(type(msg) == "string" and msg:find("no%-such%-file"), msg)
  end},
  {"an option the core's check refuses should raise its message", function()
    T.raises("order", hinge.savgol_coeffs, 5, 7)
    T.raises("positive sample rate", hinge.savgol_coeffs, 5, 2, {deriv = 1, fs = 0})
    T.raises("positive odd number", hinge.savgol_coeffs, 4, 2)
    T.raises("bad argument #2", hinge.despike, {1, 2, 3}, {k = -1})
  end},
}
