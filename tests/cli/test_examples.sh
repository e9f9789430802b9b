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

expect "the examples should run under the sandbox too" 0 "" -- "$HINGE" run --sandbox "$EX/weekly_shrugs.lua" dee

finish
