#!/bin/sh
# Install the build into a prefix, then build a consumer with pkg-config and
# another with find_package(hinge), and run both.
set -eu
build=$1
prefix=$2
src=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/hinge-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/main.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <hinge/hinge.h>
int main(void) {
  printf("%s\n", hinge_version());
  return strcmp(hinge_version(), HINGE_VERSION) != 0;
}
C
libdir=$(ls -d "$prefix"/lib*/pkgconfig | head -n 1)
export PKG_CONFIG_PATH="$libdir"
cc "$work/main.c" -o "$work/pc" $(pkg-config --cflags --libs hinge) -Wl,-rpath,"$(dirname "$libdir")"
"$work/pc"
cc "$work/main.c" -o "$work/pcstatic" $(pkg-config --cflags hinge) "$(dirname "$libdir")/libhinge.a" $(pkg-config --libs-only-l --static hinge | sed 's/-lhinge//')
"$work/pcstatic"
# The readers need libexpat (MVNX): a static link must be told (Requires.private).
pkg-config --static --libs hinge | grep -q -- '-lexpat'
mkdir -p "$work/cm"
cat >"$work/cm/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(consumer C)
find_package(hinge 0 REQUIRED)
add_executable(consumer ../main.c)
target_link_libraries(consumer PRIVATE hinge::hinge)
add_executable(consumer_static ../main.c)
target_link_libraries(consumer_static PRIVATE hinge::hinge_static)
CM
cmake -S "$work/cm" -B "$work/cm/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cm/build" >/dev/null
"$work/cm/build/consumer"
"$work/cm/build/consumer_static"
test -f "$prefix/lib/lua/5.4/hinge.so" || test -n "$(ls "$prefix"/lib*/lua/5.4/hinge.so)"
lua5.4 -e "package.cpath='$(ls "$prefix"/lib*/lua/5.4/hinge.so | sed 's/hinge\.so$/?.so/');'..package.cpath" \
  -e 'print(require("hinge")._VERSION)'
# An embedding program: a sandboxed Lua state through libhinge-lua.
cat >"$work/embed.c" <<'C'
#include <stdio.h>
#include <lauxlib.h>
#include <hinge/lua.h>
int main(void) {
  hinge_sandbox_options o;
  hinge_error err;
  lua_State *L;
  int ok;
  hinge_sandbox_options_default(&o);
  L = hinge_sandbox_newstate(&o, &err);
  if (L == NULL) return 1;
  ok = luaL_dostring(L, "return require('hinge')._VERSION") == LUA_OK;
  printf("%s\n", ok ? lua_tostring(L, -1) : "error");
  ok = ok && luaL_dostring(L, "os.execute('true')") != LUA_OK;  /* refused */
  hinge_sandbox_close(L);
  return !ok;
}
C
cc "$work/embed.c" -o "$work/embed" $(pkg-config --cflags --libs hinge-lua) -Wl,-rpath,"$(dirname "$libdir")"
"$work/embed"
cat >>"$work/cm/CMakeLists.txt" <<'CM'
add_executable(embed ../embed.c)
target_link_libraries(embed PRIVATE hinge::hinge_lua)
CM
cmake -S "$work/cm" -B "$work/cm/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cm/build" >/dev/null
"$work/cm/build/embed"
# The embedding example, as docs/c-api.md tells a C programmer to build it.
cc -Wall -Wextra -o "$work/embed_analyze" "$src/examples/embed_analyze.c" \
  $(pkg-config --cflags --libs hinge) -Wl,-rpath,"$(dirname "$libdir")"
"$work/embed_analyze" "$src/examples/data/2026-03-02_ana_set1.csv" | grep -q "5 reps at 100 Hz"
rc=0; "$work/embed_analyze" "$src/examples/data/2026-03-02_ben_set1.csv" >/dev/null || rc=$?
test "$rc" -eq 3   # lumbar rounding: a rep to stop
echo "install: ok"
