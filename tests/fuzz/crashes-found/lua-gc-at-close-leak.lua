-- A hinge object created by a finalizer that lua_close runs leaks the
-- memory it holds outside the Lua heap.  Reproduce (LeakSanitizer):
--   build-asan/hinge run tests/fuzz/crashes-found/lua-gc-at-close-leak.lua
-- or the strict fuzz build: build-fuzz/tests/fuzz/fuzz_lua <this file>.
local hinge = require 'hinge'
-- alive until lua_close, which runs this finalizer: the series made in it
-- never gets its own __gc, so its 8000-byte sample array is never freed
keep = setmetatable({}, {__gc = function() hinge.series(1000) end})
-- the same with a session table (every block of the loaded table leaks)
keep2 = setmetatable({}, {__gc = function()
  hinge.load(DATA and DATA .. '/session.csv' or 'examples/data/2026-03-02_ana_set1.csv')
end})
