#!/bin/sh
# hinge run --sandbox: file access through dangling links, numeric file
# names, package.searchpath, os.remove/os.rename, and the io functions on
# files opened by the sandbox itself.  The same checks run with openat2
# and with the walk that replaces it on kernels without it, with and
# without the Landlock wall.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/in/sub" "$T/w" "$T/elsewhere/dir"
echo "SECRET" >"$T/elsewhere/secret.txt"
echo "SECRET" >"$T/elsewhere/4242"
echo "return 'SECRET'" >"$T/elsewhere/1"
printf '1\n2\n3\n' >"$T/in/data.txt"
echo "inside" >"$T/in/4242"
echo "return 'mod ok'" >"$T/in/sub/mod.lua"

# sb NAME: the Lua code on stdin becomes $T/in/NAME.lua
sb() { cat >"$T/in/$1.lua"; }
# nothing_outside: no file appeared in $T/elsewhere, none was changed
nothing_outside() {
  [ "$(ls "$T/elsewhere" | tr '\n' ' ')" = "1 4242 dir secret.txt " ] &&
    [ -z "$(ls "$T/elsewhere/dir")" ] && grep -q SECRET "$T/elsewhere/secret.txt"
}

# Each check runs three ways: as shipped (with the Landlock wall where
# the kernel has it), the sandbox's own opens alone (openat2), and those
# alone through the walk that replaces openat2 on older kernels.
for way in landlock checks walk; do
  case $way in
    landlock) envs="" ;;
    checks) envs="HINGE_SANDBOX_NO_LANDLOCK=1" ;;
    walk) envs="HINGE_SANDBOX_NO_LANDLOCK=1 HINGE_SANDBOX_NO_OPENAT2=1" ;;
  esac
  run() { env $envs "$HINGE" run --sandbox "$@"; }
  how=" ($way)"

  # -- a dangling link planted in a write folder --------------------------
  rm -f "$T/w/dangle" "$T/w/dirlink"
  ln -s "$T/elsewhere/created.txt" "$T/w/dangle"
  ln -s "$T/elsewhere/dir" "$T/w/dirlink"
  for mode in w a w+ a+ r+; do
    echo "local f = io.open('$T/w/dangle', '$mode'); print(f)" | sb dangle
    expect "io.open(dangling link, '$mode') should be refused$how" 1 "writing of '.*dangle' refused \\(symbolic link\\)" -- run --allow-write "$T/w" "$T/in/dangle.lua"
    check "no file should be created through the link ($mode)$how" nothing_outside
  done
  echo "io.output('$T/w/dangle'); io.write('x')" | sb dangle2
  expect "io.output(dangling link) should be refused$how" 1 "refused \\(symbolic link\\)" -- run --allow-write "$T/w" "$T/in/dangle2.lua"
  echo "print(io.open('$T/w/dirlink/new.txt', 'w'))" | sb dirlink
  expect "writing through a link to a folder outside should be refused$how" 1 "writing of '.*new.txt' refused \\(outside" -- run --allow-write "$T/w" "$T/in/dirlink.lua"
  echo "print(io.open('$T/w/dangle'))" | sb dangle3
  expect "reading a dangling link should be refused$how" 1 "reading of '.*dangle' refused \\(symbolic link\\)" -- run --allow-write "$T/w" "$T/in/dangle3.lua"
  echo "local hinge = require 'hinge'; print(hinge.csv.read('$T/w/dangle'))" | sb dangle4
  expect "a hinge reader on a dangling link should be refused$how" 1 "refused \\(symbolic link\\)" -- run --allow-write "$T/w" "$T/in/dangle4.lua"
  check "nothing should be created outside$how" nothing_outside

  # -- numbers are file names too ------------------------------------------
  for call in "io.lines(4242)" "io.input(4242)" "io.output(123)" "io.open(4242)" \
              "io.open(123, 'w')" "dofile(1)" "loadfile(1)" "os.remove(4242)" "os.rename(4242, 5)"; do
    echo "print(($call))" | sb num
    expect "$call should be checked like a string$how" 1 "sandbox: (reading|writing) of '[0-9]+' refused" -- sh -c "cd '$T/elsewhere' && env $envs '$HINGE' run --sandbox --allow-write '$T/w' '$T/in/num.lua'"
    check "$call should not read or create anything outside$how" sh -c "! grep -q SECRET '$T/out' && test ! -e '$T/elsewhere/123' && test ! -e '$T/elsewhere/5'"
  done
  check "the numbered files outside should still be there$how" nothing_outside
  sb numok <<'EOF'
for l in io.lines(4242) do print("lines", l) end
io.input(4242); print("input", io.read("l"))
print("open", io.open(4242):read("l"))
EOF
  expect "numbers naming files inside the folders should work$how" 0 "" -- sh -c "cd '$T/in' && env $envs '$HINGE' run --sandbox '$T/in/numok.lua'"
  check "each numbered read should get the file$how" test "$(grep -c 'inside' "$T/out")" -eq 3

  # -- the io functions on handles made by the sandbox ---------------------
  sb iofns <<EOF
local dir = "$T/in"
local it, a, b, f = io.lines(dir .. "/data.txt")
assert(io.type(f) == "file" and a == nil and b == nil)
local sum = 0
for l in it do sum = sum + tonumber(l) end
assert(sum == 6 and io.type(f) == "closed file", "io.lines should close at the end")
sum = 0
for n in io.lines(dir .. "/data.txt", "n") do sum = sum + n end
assert(sum == 6)
for l in io.lines(dir .. "/data.txt") do break end -- closed by the for's to-be-closed value
local g = assert(io.open("$T/w/out.txt", "w")); g:write("a\n"); g:close()
g = assert(io.open("$T/w/out.txt", "a")); g:write("b\n"); g:close()
g = assert(io.open("$T/w/out.txt", "r+")); assert(g:read("a") == "a\nb\n"); g:close()
io.output("$T/w/out2.txt"); io.write("c"); io.close(); io.output(io.stdout)
io.input("$T/w/out2.txt"); assert(io.read("a") == "c"); io.input():close()
local h, msg, code = io.open(dir .. "/missing.txt")
assert(h == nil and msg:find("No such file") and code == 2, msg)
assert(not pcall(io.lines, dir .. "/missing.txt"))
local ok, err = pcall(io.open, dir .. "/data.txt", "rw")
assert(not ok and err:find("invalid mode"), err)
assert(io.open(dir):read(1) == nil) -- a folder opens, as with fopen, but reads nothing
assert(dofile(dir .. "/sub/mod.lua") == "mod ok")
assert(loadfile(dir .. "/sub/mod.lua", "t", {})() == "mod ok")
package.path = dir .. "/sub/?.lua"
assert(require("mod") == "mod ok")
assert(package.searchpath("mod", package.path) == dir .. "/sub/mod.lua")
print("io ok")
EOF
  expect "io, dofile, loadfile and require should work on allowed files$how" 0 "" -- run --allow-read "$T/in" --allow-write "$T/w" "$T/in/iofns.lua"
  check "the io script should finish$how" grep -q "io ok" "$T/out"

  # -- package.searchpath is no existence oracle ---------------------------
  sb oracle <<EOF
local a = package.searchpath("secret", "$T/elsewhere/?.txt")
local b, m2 = package.searchpath("nothing", "$T/elsewhere/?.txt")
assert(a == nil and b == nil, "a file outside should count as not found")
package.path = "$T/elsewhere/?.txt"
local ok, err = pcall(require, "secret")
assert(not ok and err:find("module 'secret' not found"), err)
print("oracle ok", m2)
EOF
  expect "package.searchpath should not see files outside the folders$how" 0 "" -- run "$T/in/oracle.lua"

  # -- os.remove / os.rename act on the link, beneath the write folder -----
  ln -s "$T/elsewhere/secret.txt" "$T/w/link"
  echo "hello" >"$T/w/f.txt"
  sb rmrn <<EOF
assert(os.rename("$T/w/f.txt", "$T/w/g.txt"))
assert(os.remove("$T/w/g.txt"))
assert(os.remove("$T/w/link")) -- the link, not its target
local ok, err = pcall(os.rename, "$T/w/out.txt", "$T/elsewhere/moved.txt")
assert(not ok and err:find("refused"), err)
ok, err = pcall(os.remove, "$T/w")
assert(not ok and err:find("refused"), err)
local r, msg = os.remove("$T/w/missing")
assert(r == nil and msg:find("No such file"), msg)
print("rm ok")
EOF
  expect "os.remove and os.rename should work inside the write folder$how" 0 "" -- run --allow-write "$T/w" "$T/in/rmrn.lua"
  check "removing a link should leave its target$how" nothing_outside
  check "the link itself should be gone$how" test ! -e "$T/w/link" -a ! -L "$T/w/link"
  rm -f "$T/w/out.txt" "$T/w/out2.txt"
done

# A symbolic link inside an allowed folder to a file inside one is fine.
ln -s "$T/in/data.txt" "$T/in/inlink.txt"
echo "print(io.open('$T/in/inlink.txt'):read('l'))" | sb inlink
expect "a link between allowed files should be followed" 0 "" -- "$HINGE" run --sandbox "$T/in/inlink.lua"

finish
