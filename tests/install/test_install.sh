#!/bin/sh
# Install the build into a prefix, then build a consumer with pkg-config and
# another with find_package(hinge), and run both.
set -eu
build=$1
prefix=$2
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
echo "install: ok"
