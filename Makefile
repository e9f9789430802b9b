# hinge: a thin front over CMake.  `make demo` and `make test` do the whole
# set-up on a fresh Debian 12 machine (see README.md, docs/building.md).

BUILD      ?= build
SAN_BUILD  ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

# Debian packages the build and the test suite need (clang and its
# runtime libraries, libFuzzer among them, for the fuzz targets; cairo and
# its font for the report's PDFs; xmllint, pdftoppm, python3 and chromium
# for the report's tests, tests/cli/test_report.sh; libexpat1-dev for the
# MVNX reader, src/io/mvnx.c).
DEB_PACKAGES = gcc libc6-dev make cmake pkg-config lua5.4 liblua5.4-dev \
               libcsv-dev libcriterion-dev clang libclang-rt-14-dev \
               libcairo2-dev libexpat1-dev fonts-dejavu-core libxml2-utils poppler-utils python3 chromium

# Fuzzing (docs/testing.md): `make fuzz` runs each target FUZZ_SECONDS,
# one after the other; `make test-fuzz` (part of `make test`) runs each
# FUZZ_TEST_SECONDS over its seeds, two at a time.
FUZZ_SECONDS      ?= 600
FUZZ_TARGETS      ?= all
FUZZ_TEST_SECONDS ?= 20

.PHONY: all deps build demo test test-plain test-asan test-fuzz fuzz-build fuzz bench install clean

all: build

# Install what is missing: with apt-get as root, with sudo when it needs no
# password, otherwise print the exact command and stop.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	else \
	  echo "hinge needs these Debian packages:$$missing"; \
	  echo "run:  sudo apt-get update && sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi; \
	echo "installing:$$missing"; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHINGE_WERROR=ON $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p $(BUILD)/demo
	@$(BUILD)/hinge --version
	$(BUILD)/hinge run examples/hello.lua > $(BUILD)/demo/hello.txt
	$(BUILD)/hinge info examples/data/2026-03-02_ana_set1.csv -o $(BUILD)/demo/info.txt
	$(BUILD)/hinge analyze examples/data/20*.csv -o $(BUILD)/demo/analyze.txt
	$(BUILD)/hinge analyze examples/data/20*.csv --format json -o $(BUILD)/demo/analyze.json
	$(BUILD)/hinge analyze examples/data/20*.csv --format csv -o $(BUILD)/demo/analyze.csv
	@cat $(BUILD)/demo/analyze.txt
	@echo "demo: wrote $(BUILD)/demo/hello.txt, $(BUILD)/demo/info.txt and the analysis of"
	@echo "      examples/data/20*.csv in $(BUILD)/demo/analyze.txt, analyze.json and analyze.csv"

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DHINGE_SANITIZE=ON -DHINGE_WERROR=ON $(CMAKE_ARGS)
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# The scalar variant (-DHINGE_NO_VECTOR: every vector loop's plain-C
# twin) must pass the same tests, bit for bit the same results.
SCALAR_BUILD ?= build-scalar
.PHONY: test-scalar
test-scalar: deps
	cmake -S . -B $(SCALAR_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHINGE_WERROR=ON -DHINGE_NO_VECTOR=ON $(CMAKE_ARGS)
	cmake --build $(SCALAR_BUILD) -j $(JOBS)
	cd $(SCALAR_BUILD) && ctest --output-on-failure -j $(JOBS)


# The fuzz targets (clang, libFuzzer, ASan+UBSan) in their own build.
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DHINGE_FUZZ=ON -DHINGE_BUILD_TESTS=OFF -DHINGE_FUZZ_TEST_SECONDS=$(FUZZ_TEST_SECONDS) $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) --target hinge_fuzz -j $(JOBS)

test-fuzz: fuzz-build
	cd $(FUZZ_BUILD)/tests/fuzz && ctest -L fuzz --output-on-failure -j $(JOBS)

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(filter-out all,$(FUZZ_TARGETS))


# The whole suite: the plain build's tests, the sanitizer build's, the
# scalar build's, then a short run of every fuzz target.
test: test-plain test-asan test-scalar test-fuzz

# Benchmarks against the Python peers (needs python3-scipy, python3-pandas).
bench: build
	sh tests/bench/run.sh $(BUILD)

install: build
	cmake --install $(BUILD) $(if $(PREFIX),--prefix $(PREFIX))

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
