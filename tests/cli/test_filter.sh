#!/bin/sh
# hinge filter: wiring of the steps, round-trip output, formats, errors.
. "$(dirname "$0")/lib.sh"
S="$DATA/sessions"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
PLAIN="$SRC/examples/data/2026-03-02_ana_set1.csv"

expect "a low-pass should succeed" 0 "" -- "$HINGE" filter "$PLAIN" --lowpass 6 -o "$T/lp.csv"
check "the header should keep time and angle columns" sh -c "head -n 1 '$T/lp.csv' | grep -qx 'time_s,hip_deg,thoracic_deg,lumbar_deg'"

# The written numbers must be exactly what the core computes: compare them,
# read back as doubles, with hinge.lowpass on the loaded columns.
cat >"$T/compare.lua" <<'LUA'
local hinge = require "hinge"
local src, out, opts = arg[1], arg[2], load("return " .. arg[3])()
local s = assert(hinge.load(src))
local f = assert(hinge.load(out))
assert(f.rows == s.rows, "row count")
local t0, t1 = s:column("time"), f:column("time")
for i = 1, #t0 do assert(t0[i] == t1[i], "time changed at row " .. i) end
for _, role in ipairs({"hip", "thoracic", "lumbar"}) do
  local want = assert(hinge.lowpass(s:column(role), opts))
  local got = f:column(role)
  for i = 1, #want do
    if not (want[i] == got[i] or (want[i] ~= want[i] and got[i] ~= got[i])) then
      error(string.format("%s row %d: %.17g written, %.17g computed", role, i, got[i], want[i]))
    end
  end
end
print("same")
LUA
expect "written values should equal hinge.lowpass bit for bit" 0 "" -- "$HINGE" run "$T/compare.lua" "$PLAIN" "$T/lp.csv" "{fs = 100, cutoff = 6}"
expect "a causal 4th-order low-pass should equal hinge.lowpass too" 0 "" -- \
  sh -c "'$HINGE' filter '$PLAIN' --lowpass 5 --order 4 --causal -o '$T/c.csv' && '$HINGE' run '$T/compare.lua' '$PLAIN' '$T/c.csv' '{fs = 100, cutoff = 5, order = 4, zero_phase = false}'"

expect "json should list the processing history" 0 "" -- "$HINGE" filter "$PLAIN" --fill-gaps 0.25 --despike --lowpass 6 --format json -o "$T/h.json"
check "history should hold the three steps in the analysis' order, despiking first" \
  grep -q '"processing":\["despike (Hampel[^"]*): [0-9]* samples replaced","fill gaps <= 0.25 s (linear): [0-9]* samples filled","low-pass Butterworth N=2 6 Hz zero-phase"\]' "$T/h.json"
check "json columns should be arrays" grep -q '"columns":{"time_s":\[0,0.01,' "$T/h.json"

expect "auto cutoff should name each column's cutoff" 0 "" -- "$HINGE" filter "$PLAIN" --lowpass auto --format json -o "$T/a.json"
check "auto history should say residual analysis" grep -q 'hip_deg: cutoff by residual analysis' "$T/a.json"

expect "a derivative should rename the columns" 0 "" -- "$HINGE" filter "$PLAIN" --savgol 11,3 --deriv 1 -o "$T/d.csv"
check "derivative columns should be per second" sh -c "head -n 1 '$T/d.csv' | grep -qx 'time_s,hip_deg_s,thoracic_deg_s,lumbar_deg_s'"

if [ -f "$S/2026-03-02_ana_set1_rad.csv" ]; then
  expect "radian columns should be written as degrees" 0 "" -- "$HINGE" filter "$S/2026-03-02_ana_set1_rad.csv" --lowpass 6 -o "$T/r.csv"
  check "radian headers should become _deg" sh -c "head -n 1 '$T/r.csv' | grep -q '_deg'"
fi

expect "resampling should write a uniform grid" 0 "" -- "$HINGE" filter "$PLAIN" --resample 50 --format json -o "$T/rs.json"
check "the grid should be at 50 Hz" grep -q '"sample_rate_hz":50,' "$T/rs.json"

printf 'time_s,hip_deg\n0,1\n0.01,2\n0.02,3\n' >"$T/short.csv"
echo keep >"$T/keep.csv"
expect "a trace too short for the filter should be a data error" 1 "short" -- "$HINGE" filter "$T/short.csv" --lowpass 6 -o "$T/keep.csv"
check "the output should be left untouched on failure" grep -qx keep "$T/keep.csv"
expect "a cutoff above Nyquist should be a data error" 1 "cutoff" -- "$HINGE" filter "$PLAIN" --lowpass 60 -o "$T/x.csv"
check "nothing should be written on failure" test ! -e "$T/x.csv"
expect "a missing file should be a data error naming it" 1 "nope.csv" -- "$HINGE" filter "$T/nope.csv" --lowpass 6

expect "an even savgol window should be a data error" 1 "window" -- "$HINGE" filter "$PLAIN" --savgol 10,3
expect "a malformed --savgol should be a usage error" 2 "WINDOW,POLYORDER" -- "$HINGE" filter "$PLAIN" --savgol 11
expect "--deriv without --savgol should be a usage error" 2 "needs --savgol" -- "$HINGE" filter "$PLAIN" --deriv 1
expect "--order without --lowpass should be a usage error" 2 "need --lowpass" -- "$HINGE" filter "$PLAIN" --order 4
expect "an order of 9 should be a usage error" 2 "1 to 8" -- "$HINGE" filter "$PLAIN" --lowpass 6 --order 9
expect "a bad format should be a usage error" 2 "csv or json" -- "$HINGE" filter "$PLAIN" --format xml
expect "an unknown option should be a usage error" 2 "unknown option" -- "$HINGE" filter "$PLAIN" --bogus
expect "no file should be a usage error" 2 "missing FILE" -- "$HINGE" filter --lowpass 6

finish
