#!/bin/sh
# hinge recovery, #13 item 1, as a coach meets it: symptoms that stay until
# cleared, no green light from stale or future rows, one athlete however
# the name is written, region aliases, --lenient keeping rows, ';' logs.
. "$(dirname "$0")/lib.sh"
H='date,athlete,region,severity,quality,sleep_h,flags'

# Saddle numbness and bladder symptoms, then eight days without a word
# from ana while the team logs on.
printf '%s\n2026-03-01,ana,lower_back,6,ache,,saddle_numbness|bladder\n2026-03-09,ben,traps,2,dull,,\n' "$H" >"$T/flags.csv"
expect "red flags should stay after eight days" 0 "" -- "$HINGE" recovery "$T/flags.csv"
check "ana should still be urgent care" grep -Eq '^  ana +URGENT CARE +red_flag_symptom' "$T/out"
check "never READY for ana" sh -c "! grep -Eq '^ana: READY' '$T/out'"
printf '2026-03-10,ana,lower back,1,dull,,cleared\n' >>"$T/flags.csv"
expect "a cleared report should close them" 0 "" -- "$HINGE" recovery "$T/flags.csv"
check "ana should be ready once cleared" grep -Eq '^  ana +READY' "$T/out"

# Eight days of silence: unknown, with the date of the last entry.
printf '%s\n2026-03-01,ana,traps,2,dull,,\n2026-03-09,ben,traps,2,dull,,\n' "$H" >"$T/stale.csv"
expect "a stale athlete should be assessed" 0 "" -- "$HINGE" recovery "$T/stale.csv" --format json
check "ana should be unknown in JSON" grep -q '"verdict": "unknown"' "$T/out"
check "the finding should name the last entry" grep -q 'No soreness entry since 2026-03-01' "$T/out"
expect "the text should say UNKNOWN" 0 "" -- "$HINGE" recovery "$T/stale.csv"
check "ana UNKNOWN in the summary" grep -Eq '^  ana +UNKNOWN +no_recent_entry' "$T/out"
expect "--threshold stale_days should widen the window" 0 "" -- "$HINGE" recovery "$T/stale.csv" --threshold stale_days=8
check "ana ready with a wider window" grep -Eq '^  ana +READY' "$T/out"

# A row dated 2062 (a typo for 2026): not the assessment day, named in a warning.
printf '%s\n2026-03-01,ana,lower_back,6,ache,,bladder\n2026-03-03,ben,traps,2,dull,,\n2062-03-04,ana,lower_back,0,,,cleared\n' "$H" >"$T/typo.csv"
expect "a future row should be warned about with file:line" 0 "typo.csv:4: soreness entry dated 2062-03-04 is after the assessment day 2026-03-03: left out" \
  -- "$HINGE" recovery "$T/typo.csv" --format json
check "the day should not move to 2062" grep -q '"on": "2026-03-03"' "$T/out"
check "the JSON warnings should name it" grep -q 'typo.csv:4: soreness entry dated 2062-03-04' "$T/out"
check "the team should not be cleared" grep -q '"verdict": "urgent_care"' "$T/out"
expect "--on should override" 0 "" -- "$HINGE" recovery "$T/typo.csv" --on 2062-03-04
check "--on 2062 assesses 2062" grep -q '^Recovery on 2062-03-04$' "$T/out"
printf '%s\n2061-03-04,ana,lower_back,0,,,\n' "$H" >"$T/future.csv"
expect "only future rows should fail naming today" 1 "every entry is dated after today" -- "$HINGE" recovery "$T/future.csv"

# Ben, ben and BEN: one athlete (and the three-week rule sees his history).
{ echo "$H"
  for d in 01 04 07 10 13 16 19 22; do
    case $d in 01|10|19) n=Ben ;; 04|13|22) n='ben ' ;; *) n=BEN ;; esac
    echo "2026-03-$d,$n,lower_back,5,dull,,"
  done; } >"$T/names.csv"
expect "names should match ignoring case and blanks" 0 "athlete 'BEN' is read as 'Ben'" -- "$HINGE" recovery "$T/names.csv"
check "one athlete, shown as first written" grep -Eq '^  Ben +SEE PROFESSIONAL +no_improvement' "$T/out"
check "no second or third Ben" sh -c "[ \$(grep -ic '^  ben ' '$T/out') -eq 1 ]"
expect "--athlete should match any case" 0 "athlete 'BEN' is read as 'Ben'" -- "$HINGE" recovery "$T/names.csv" --athlete BEN
check "--athlete BEN shows Ben" grep -q '^Ben: SEE PROFESSIONAL' "$T/out"
printf '%s\n2026-03-01,Ben,traps,2,dull,,\n2026-03-01,Benn,traps,2,dull,,\n' "$H" >"$T/near.csv"
expect "near-duplicate names should be warned about" 0 "athletes 'Ben' and 'Benn' have nearly the same name" -- "$HINGE" recovery "$T/near.csv"

# Regions: aliases and unknown words.
printf '%s\n2026-03-03,ana,hammies,3,dull,,\n2026-03-03,ana,upper traps,3,dull,,\n2026-03-03,ana,hamstrigns,2,dull,,\n' "$H" >"$T/regions.csv"
printf 'date,athlete,exercise,sets,reps,load_kg,rpe,duration_min\n2026-03-01,ana,Deadlift,5,3,140,8,45\n' >"$T/train.csv"
expect "an unknown region should name the closest" 0 "regions.csv:4:3: unknown region 'hamstrigns' \\(closest known: 'hamstrings'\\)" \
  -- "$HINGE" recovery "$T/regions.csv" --training "$T/train.csv" --format json
check "hammies should be hamstrings" grep -q '"region": "hamstrings"' "$T/out"
check "upper traps should be traps" grep -q '"region": "traps"' "$T/out"
check "the aliases should get the DOMS rule" grep -q '"rule": "doms_expected"' "$T/out"

# --lenient: a 7/10 shooting pain with one unknown flag word stays.
printf '%s\n2026-03-03,ana,lower_back,7,shooting,,tingles\n2026-03-03,ben,traps,2,dull,,\n' "$H" >"$T/len.csv"
expect "strict should refuse the unknown flag" 1 "len.csv:2:7: unknown flag 'tingles'" -- "$HINGE" recovery "$T/len.csv"
expect "--lenient should keep the row and warn with file:line:col" 0 "warning: .*len.csv:2:7: unknown flag 'tingles'.*left out" \
  -- "$HINGE" recovery "$T/len.csv" --lenient
check "ana should not vanish" grep -Eq '^  ana +SEE PROFESSIONAL +sharp_pain' "$T/out"

# A ';' log with decimal commas reads as sessions do.
printf 'date;athlete;region;severity;quality;sleep_h;flags\n2026-03-03;ana;traps;6,5;dull;5,5;\n' >"$T/semi.csv"
expect "a ';' log with decimal commas should read" 0 "" -- "$HINGE" recovery "$T/semi.csv" --format json
check "6,5 should be 6.5" grep -q '"latest": 6.5' "$T/out"

finish
