#!/bin/sh
# hinge report: the team page, athlete pages and PDFs, summary.csv; golden
# files on the example team; well-formed, self-contained XHTML; PDFs that
# render; a real browser; -o errors; a bad session; --template.
# UPDATE_GOLDEN=1 rewrites tests/data/report/ from this build.
. "$(dirname "$0")/lib.sh"
SRC=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}
EX=$SRC/examples/data
GOLD=$DATA/report
HERE=$(cd "$(dirname "$0")" && pwd)
export SOURCE_DATE_EPOCH=1772755200 # 2026-03-06

run_team() { # DIR [more args]
  d=$1; shift
  "$HINGE" report "$EX" -o "$d" --soreness "$EX/soreness.csv" --training "$EX/training.csv" --quiet "$@"
}

expect "report should write the example team" 0 "" -- run_team "$T/r1"
for f in index.html summary.csv ana.html ana.pdf ben.html ben.pdf cai.html cai.pdf; do
  check "report should write $f" test -s "$T/r1/$f"
done
check "no staging folder should be left" sh -c "! ls -A '$T/r1' | grep -q '^\.'"
check "summary.csv should have one row per rep (ana 5, ben 4, cai 3) and a header" \
  sh -c "[ \$(wc -l < '$T/r1/summary.csv') -eq 13 ]"
check "the team page should link the athletes' pages" grep -q 'href="ben.html"' "$T/r1/index.html"
check "the team page should give ben's verdict and reason" \
  grep -q 'see_professional</span> Pain described as sharp' "$T/r1/index.html"
check "the team page should show the lumbar flags of the week" grep -q 'lumbar rounding x' "$T/r1/index.html"
check "ben's page should hold his set verdict" grep -q '4 reps, stop: lumbar rounding on reps 2, 3, 4' "$T/r1/ben.html"
check "ben's page should draw the lumbar curves with the stop band" grep -q 'Lower back: flexion since liftoff' "$T/r1/ben.html"
check "the generation date should come from SOURCE_DATE_EPOCH" grep -q 'on 2026-03-06' "$T/r1/index.html"

if command -v xmllint >/dev/null 2>&1; then
  for f in "$T"/r1/*.html; do check "$(basename "$f") should be well-formed XML" xmllint --noout "$f"; done
  # every inline chart, on its own, is a well-formed SVG document
  check "each chart should be well-formed SVG" sh -c "
    awk '/<svg /{n++; f=\"$T/svg_\" n \".svg\"} f{print > f} /<\/svg>/{f=\"\"}' '$T/r1/ben.html' &&
    ls '$T'/svg_*.svg >/dev/null && for s in '$T'/svg_*.svg; do xmllint --noout \"\$s\" || exit 1; done"
else
  echo "SKIP: xmllint not installed (apt-get install libxml2-utils)"
fi
check "no page should reference anything external" sh -c "
  ! grep -Eq '<script|<link|@import|url\(|(src|href)=\"(https?:|//|file:)' '$T'/r1/*.html"
check "the only http in a page should be the XML namespaces" sh -c "
  ! grep -o 'http[^\"]*' '$T'/r1/*.html | grep -v 'www.w3.org/' "

# Golden files: the example team, byte for byte.
# Paths inside the pages name the clone's folder: compared as @EX@, so the
# golden files hold wherever the repository is checked out.
EXR=$(cd "$EX" && pwd)
for f in summary.csv index.html ben.html; do
  sed -e "s|$EXR|@EX@|g" -e "s|$EX|@EX@|g" "$T/r1/$f" >"$T/norm_$f"
done
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$GOLD" && for f in summary.csv index.html ben.html; do cp "$T/norm_$f" "$GOLD/$f"; done
  echo "golden files rewritten in $GOLD"
fi
for f in summary.csv index.html ben.html; do
  check "$f should match the golden file" cmp "$T/norm_$f" "$GOLD/$f"
done

# Deterministic: a second run gives the same bytes, PDFs included.
expect "a second run should succeed" 0 "" -- run_team "$T/r2"
for f in "$T"/r1/*; do check "$(basename "$f") should be the same bytes twice" cmp "$f" "$T/r2/$(basename "$f")"; done

# PDFs render to pages that are not blank.
if command -v pdftoppm >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
  for p in "$T"/r1/*.pdf; do
    b=$(basename "$p" .pdf)
    check "$b.pdf should render" pdftoppm -gray -r 30 "$p" "$T/pg_$b"
    for g in "$T"/pg_"$b"*.pgm; do check "$(basename "$g") should not be blank" python3 "$HERE/png_check.py" "$g" 0.001; done
  done
else
  echo "SKIP: pdftoppm or python3 missing (apt-get install poppler-utils)"
fi

# A real browser: headless Chromium loads the athlete page offline.
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -n "$CHROME" ] && "$CHROME" --headless --no-sandbox --disable-gpu --dump-dom "file://$T/r1/ben.html" \
     >"$T/dom.html" 2>"$T/chrome.err" && [ -s "$T/dom.html" ]; then
  check "the browser's DOM should hold the charts" sh -c "[ \$(grep -o '<svg[^>]*class=\"chart\"' '$T/dom.html' | wc -l) -ge 5 ]"
  check "the browser's DOM should hold the rep table" grep -q 'lumbar coverage' "$T/dom.html"
  check "the browser should take a screenshot" "$CHROME" --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --window-size=1200,1600 --screenshot="$T/shot.png" "file://$T/r1/ben.html"
  if command -v python3 >/dev/null 2>&1; then
    check "the screenshot should not be blank" python3 "$HERE/png_check.py" "$T/shot.png" 0.005
  fi
else
  echo "SKIP: headless Chromium cannot run here (apt-get install chromium): $(head -c 300 "$T/chrome.err" 2>/dev/null)"
fi

# -o errors: never a half-written report.
: > "$T/afile"
expect "-o naming a file should be a usage error" 2 "'.*afile' exists and is not a folder" -- \
  "$HINGE" report "$EX" -o "$T/afile"
expect "-o under a file should be a clear error" 1 "cannot create the folder" -- \
  "$HINGE" report "$EX" -o "$T/afile/sub"
if [ "$(id -u)" != 0 ]; then
  mkdir "$T/ro" && chmod 555 "$T/ro"
  expect "-o a read-only folder should be a clear error" 1 "not writable" -- "$HINGE" report "$EX" -o "$T/ro"
  chmod 755 "$T/ro"
else
  echo "SKIP: running as root, a read-only folder is writable"
fi
expect "a missing log should be a clear error" 1 "^hinge report: $T/nope.csv: cannot open" -- \
  "$HINGE" report "$EX" -o "$T/r9" --soreness "$T/nope.csv"
check "a missing log should leave no report" sh -c "[ -z \"\$(ls -A '$T/r9')\" ]"
check "a missing log should print no traceback" sh -c "! grep -q traceback '$T/err'"
expect "no input should be a usage error" 2 "missing INPUTS" -- "$HINGE" report -o "$T/x"
expect "no -o should be a usage error" 2 "missing -o DIR" -- "$HINGE" report "$EX"

# One bad session: named on stderr and on the team page, the rest reported.
mkdir "$T/in"
cp "$EX"/2026-03-0*.csv "$T/in/"
printf 'time_s,hip_deg\n0,1\n0.01,oops\n' > "$T/in/2026-03-04_dan_set1.csv"
expect "a bad session should exit 1 and be named" 1 "2026-03-04_dan_set1.csv" -- \
  "$HINGE" report "$T/in" -o "$T/r3"
check "the bad session should be listed on the team page" sh -c "grep -q '<h2>Not analysed</h2>' '$T/r3/index.html' && grep -q 'dan_set1.csv:3' '$T/r3/index.html'"
check "the others should be reported" test -s "$T/r3/ben.pdf"
check "the team page should stay well-formed" sh -c "! command -v xmllint >/dev/null || xmllint --noout '$T/r3/index.html'"

# A template that fails half-way leaves nothing behind.
printf 'local r = require("hinge.report")\nlocal o = ...\nlocal f = io.open(o.out .. "/index.html", "w"); f:write("half"); f:close()\nerror("coach typo")\n' > "$T/bad.lua"
expect "a failing template should exit 1 with its message" 1 "coach typo" -- \
  "$HINGE" report "$EX" -o "$T/r4" --template "$T/bad.lua"
check "a failing template should leave the folder empty" sh -c "[ -z \"\$(ls -A '$T/r4')\" ]"

# A killed report's staging folder (its process gone) is removed by the next run.
mkdir -p "$T/r1/.hinge-report.999999999" && : > "$T/r1/.hinge-report.999999999/index.html"
expect "a rerun over a killed report should succeed" 0 "" -- run_team "$T/r1"
check "the stale staging folder should be gone" test ! -e "$T/r1/.hinge-report.999999999"

# A coach's copy of the built-in report changes what the pages show.
sed 's/p:heading("Over the weeks")/p:heading("Coach view")/; s/"Team report"/"Squad board"/' \
  "$SRC/lua/hinge/report.lua" > "$T/coach.lua"
expect "a coach's template should run" 0 "" -- run_team "$T/r5" --template "$T/coach.lua"
check "the template should change the team page" grep -q '<h1>Squad board</h1>' "$T/r5/index.html"
check "the template should change the athlete page" grep -q '<h2>Coach view</h2>' "$T/r5/ana.html"
check "the built-in should not have the coach's heading" sh -c "! grep -q 'Coach view' '$T/r1/ana.html'"

# Progress on a terminal only (script(1) gives the command one).
if command -v script >/dev/null 2>&1; then
  script -qc "'$HINGE' report '$EX' -o '$T/r7' --soreness '$EX/soreness.csv' --training '$EX/training.csv'" \
    /dev/null > "$T/tty.txt" 2>&1
  check "a terminal should get a progress bar with counts" grep -q '3/3 sessions, [0-9]* s left' "$T/tty.txt"
  script -qc "'$HINGE' report '$EX' -o '$T/r8' --quiet --soreness '$EX/soreness.csv' --training '$EX/training.csv'" \
    /dev/null > "$T/tty.txt" 2>&1
  check "--quiet should have no progress bar" sh -c "! grep -q 'sessions' '$T/tty.txt'"
else
  echo "SKIP: no script(1) to give the progress bar a terminal"
fi

# examples/weekly_report.lua: the one-page weekly report as a template.
expect "the weekly example should run as a template" 0 "" -- run_team "$T/r6" --template "$SRC/examples/weekly_report.lua"
check "the weekly page should have its sections" sh -c "grep -q '<h2>Sets this week</h2>' '$T/r6/ben.html' && grep -q '<h2>Next week</h2>' '$T/r6/ben.html'"
# dee: best deadlift e1RM 120 x (1 + 4/30) = 136 kg; 65% = 88.4, to 2.5 kg: 87.5
check "dee's shrugs should be 65% of the e1RM, rounded" grep -q '<td>heavy shrug</td><td class="num">3</td><td class="num">10</td><td class="num">87.5</td>' "$T/r6/dee.html"
check "ben, referred, should get no shrugs" grep -q 'skipped: see professional' "$T/r6/ben.html"
check "the weekly PDF should be one page" sh -c "! command -v pdfinfo >/dev/null || pdfinfo '$T/r6/ben.pdf' | grep -q '^Pages: *1$'"

# Folders are walked as `hinge analyze` walks them (hinge.session_files):
# sub-folders, every format hinge reads (the real OpenCap .mot here), a
# folder holding no session a failure in its place.
mkdir -p "$T/deep/sub" "$T/deep/none" && cp "$DATA/opencap/opencap_squats1.mot" "$T/deep/sub/2026-03-04_kim_squat.mot" &&
  cp "$EX/2026-03-02_ana_set1.csv" "$T/deep/"
expect "report: a .mot in a sub-folder is read" 0 "" -- "$HINGE" report "$T/deep" -o "$T/r9" --quiet
check "kim's 5 squats are in summary.csv" test "$(grep -c '/deep/sub/2026-03-04_kim_squat.mot,kim,2026-03-04,' "$T/r9/summary.csv")" -eq 5
check "kim has a page" test -s "$T/r9/kim.html"
expect "report: an empty folder named is a failure, the rest written" 1 "none: no session file" -- \
  "$HINGE" report "$T/deep" "$T/deep/none" -o "$T/r10"
check "the others are still written" test -s "$T/r10/ana.html"
finish
