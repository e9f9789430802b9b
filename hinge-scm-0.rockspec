-- `luarocks make` builds the Lua module with CMake (as luv does).
rockspec_format = "3.0"
package = "hinge"
version = "scm-0"
source = { url = "git+https://example.invalid/hinge.git" }
description = {
  summary = "Deadlift spine-angle analysis and recovery verdicts",
  detailed = [[hinge reads spine-angle session exports, finds every deadlift rep,
measures upper- and lower-back rounding, and turns soreness and training
logs into recovery verdicts.]],
  license = "MIT",
}
dependencies = { "lua >= 5.4, < 5.5" }
build = {
  type = "cmake",
  variables = {
    CMAKE_BUILD_TYPE = "Release",
    CMAKE_INSTALL_PREFIX = "$(PREFIX)",
    HINGE_BUILD_TESTS = "OFF",
    HINGE_LUA_CMOD_DIR = "$(LIBDIR)",
  },
}
