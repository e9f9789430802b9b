-- hinge.files with a suffix nothing matches: qsort(NULL, 0, ...) in
-- lua/lfiles.c:71 (l->names is NULL when no name was added), undefined
-- behaviour (glibc declares qsort's array nonnull); UBSan stops with
-- "null pointer passed as argument 1, which is declared to never be null".
-- Reproduce: build-asan/hinge run tests/fuzz/crashes-found/lua-files-qsort-null.lua
print(require('hinge').files(DATA or '.', '.no-such-suffix'))
