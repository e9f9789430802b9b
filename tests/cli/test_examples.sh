#!/bin/sh
# Every example in examples/ runs, as a new user would run it, and says
# something sensible.
. "$(dirname "$0")/lib.sh"
EX=${HINGE_SOURCE_DIR:-$(dirname "$0")/../..}/examples

expect "hello.lua should run" 0 "" -- "$HINGE" run "$EX/hello.lua"
check "hello.lua should print the version" grep -q '^hinge ' "$T/out"

expect "weekly_shrugs.lua should plan four weeks" 0 "" -- "$HINGE" run "$EX/weekly_shrugs.lua" dee
check "the weak link should get 4 sets of shrugs" grep -q 'upper back is the weak link (4 sets)' "$T/out"
check "four weekly sessions should be listed" sh -c "grep -cE '^ +[1-4]  2026-03-(06|13|20|27)' '$T/out' | grep -qx 4"
check "week 3 should be 70% of the e1RM, rounded to 2.5 kg" grep -qE '^ +3  2026-03-20  70% +4 +10 +95' "$T/out"
expect "a referral should hold every week of shrugs" 0 "" -- "$HINGE" run "$EX/weekly_shrugs.lua" ben
check "every week should be skipped until assessed" sh -c "grep -c 'skipped: see professional' '$T/out' | grep -qx 4"
expect "an athlete without deadlifts should be an error" 1 "no deadlift sets" -- "$HINGE" run "$EX/weekly_shrugs.lua" nobody

expect "custom_rule.lua should run the coach's rules" 0 "" -- "$HINGE" run "$EX/custom_rule.lua" \
  "$EX/data/soreness.csv" "$EX/data/training.csv" 2026-03-02
check "a heavy pull the day before should reduce" grep -qE '^ana +reduce +back_to_back_pulls' "$T/out"
check "short sleep should fire with a referral kept" grep -qE '^ben +see_professional +back_to_back_pulls, short_sleep_before_heavy' "$T/out"

expect "athlete_report.lua should report ben" 0 "" -- "$HINGE" run "$EX/athlete_report.lua" ben
check "the report should list ben's session with its verdict" grep -qE '^2026-03-02  2026-03-02_ben_set1.csv +4  stop' "$T/out"
check "the report should say see professional" grep -q 'Recovery on 2026-03-05: SEE PROFESSIONAL' "$T/out"
check "the report should hold the form finding from the analysis" grep -q 'Lumbar rounding flagged on 3 of 4 analysed reps' "$T/out"
check "the report should hold back the next heavy pull" grep -q 'Next heavy pull: none' "$T/out"
expect "athlete_report.lua should plan ana's next pull" 0 "" -- "$HINGE" run "$EX/athlete_report.lua" ana
check "ana's next pull should be 5 at RPE 8 of her e1RM" grep -q 'Next heavy pull: 3 x 5 at 125.0 kg (e1RM 154.0 kg)' "$T/out"

expect "batch_sessions.lua should summarise the folder" 0 "skipped .*soreness.csv" -- "$HINGE" run "$EX/batch_sessions.lua" "$EX/data" "$T/summary.csv"
check "one row per session plus the header" sh -c "wc -l <'$T/summary.csv' | grep -qx 4"
check "ben's set should be a stop with its lumbar rounding" grep -qE '^2026-03-02_ben_set1.csv,ben,2026-03-02,1,4,stop,0.63,7.71,' "$T/summary.csv"
check "no temporary file should be left" test ! -e "$T/summary.csv.tmp"
expect "thresholds should pass through to the analysis" 0 "skipped" -- "$HINGE" run "$EX/batch_sessions.lua" "$EX/data" "$T/s4.csv" upper_back_rounding_deg=0.5
check "a low thoracic threshold should flag ana" grep -qE '^2026-03-02_ana_set1.csv,ana,2026-03-02,1,5,caution' "$T/s4.csv"
expect "an unknown threshold should raise" 1 "bogus" -- "$HINGE" run "$EX/batch_sessions.lua" "$EX/data" "$T/s5.csv" bogus=1
expect "batch under the sandbox should write only where allowed" 0 "skipped" -- \
  "$HINGE" run --sandbox --allow-read "$EX" --allow-write "$T" "$EX/batch_sessions.lua" "$EX/data" "$T/s6.csv"
expect "batch under the sandbox should not write elsewhere" 1 "refused" -- \
  "$HINGE" run --sandbox "$EX/batch_sessions.lua" "$EX/data" "$T/s7.csv"

expect "the examples should run under the sandbox too" 0 "" -- "$HINGE" run --sandbox "$EX/weekly_shrugs.lua" dee

finish
