-- The sandbox lets a script learn whether any file outside the allowed
-- folders exists (and is readable): package.searchpath is left as it is,
-- and it opens the candidate file before the sandbox's path check; the
-- checked searcher then also tells "refused" (exists) from "no file".
-- Reproduce: build-asan/hinge run --sandbox tests/fuzz/crashes-found/lua-sandbox-searchpath-probe.lua
print(package.searchpath("passwd", "/etc/?"))        --> /etc/passwd
print(package.searchpath("no-such-file", "/etc/?"))  --> nil  no file '/etc/no-such-file'
package.path = "/etc/?"
print(pcall(require, "passwd"))                      --> false  sandbox: reading of '/etc/passwd' refused
print(pcall(require, "no-such-file"))                --> false  module 'no-such-file' not found: ... no file
