# mot2csv.awk -- an OpenSim .mot (inverse-kinematics output, as OpenCap
# writes it) to a hinge session CSV: time_s, hip_deg, knee_deg, lumbar_deg.
#
#   awk -f mot2csv.awk squats.mot > squats.csv
#
# Header lines end at `endheader`; `inDegrees=yes|no` says the unit (no:
# radians, converted here).  Then a tab-separated table whose first line
# names the columns.  hip = mean of hip_flexion_r and hip_flexion_l; knee =
# mean of knee_angle_r and knee_angle_l (OpenSim: flexion positive); lumbar
# = -lumbar_extension.  OpenSim's lumbar_extension is the whole torso
# relative to the pelvis (extension positive), not a lumbar-spine angle
# from a sensor pair: "lumbar" here is trunk-on-pelvis flexion.  Used by
# tests/cli/test_opencap.sh until hinge reads .mot itself (issue 14).
BEGIN { FS = "\t"; head = 1; deg = 1; names = 0 }
head {
  line = $0
  sub(/\r$/, "", line)
  if (line ~ /^inDegrees=/) deg = (line ~ /=yes/) ? 1 : 0
  if (line == "endheader") head = 0
  next
}
!names {
  for (i = 1; i <= NF; i++) { n = $i; gsub(/[ \r]/, "", n); col[n] = i }
  need = "time hip_flexion_r hip_flexion_l knee_angle_r knee_angle_l lumbar_extension"
  k = split(need, want, " ")
  for (j = 1; j <= k; j++) if (!(want[j] in col)) { print "mot2csv: no column " want[j] > "/dev/stderr"; bad = 1; exit 1 }
  scale = deg ? 1 : 180 / 3.14159265358979323846
  print "time_s,hip_deg,knee_deg,lumbar_deg"
  names = 1
  next
}
NF > 1 {
  printf "%.4f,%.4f,%.4f,%.4f\n", $(col["time"]),
    scale * ($(col["hip_flexion_r"]) + $(col["hip_flexion_l"])) / 2,
    scale * ($(col["knee_angle_r"]) + $(col["knee_angle_l"])) / 2,
    -scale * $(col["lumbar_extension"])
}
END { if (bad) exit 1 }
