"""The deadlift analysis as a sports scientist would write it with pandas
and scipy: read the CSV, low-pass three channels (zero-phase Butterworth,
N=2, 6 Hz), find the reps with find_peaks, then per-rep metrics (liftoff,
lockout, setup angles, peak and rounding of the thoracic and lumbar
angles, pull duration).  Used by bench_analyze.sh as the peer of
`hinge analyze`; prints the in-process time (imports excluded).

usage: /usr/bin/python3 bench_analyze.py SESSION.csv
"""
import sys
import time

import numpy as np
import pandas as pd
from scipy.signal import butter, find_peaks, sosfiltfilt


def analyze(path):
    df = pd.read_csv(path)
    t = df["time_s"].to_numpy()
    fs = 1.0 / np.median(np.diff(t))
    sos = butter(2, 6.0, fs=fs, output="sos")
    ch = {c: sosfiltfilt(sos, df[c + "_deg"].to_numpy()) for c in ("hip", "thoracic", "lumbar")}
    # Standing neutral: the median of the first two seconds.
    n0 = int(2 * fs)
    for c in ch:
        ch[c] = ch[c] - np.median(ch[c][:n0])
    hip = ch["hip"]
    vel = np.gradient(hip, 1.0 / fs)
    bottoms, _ = find_peaks(hip, height=40, prominence=20, distance=int(fs))
    von = 5.0
    reps = []
    for k, b in enumerate(bottoms):
        stop = bottoms[k + 1] if k + 1 < len(bottoms) else len(hip)
        seg = hip[b:stop]
        below = np.nonzero(seg < 0.25 * hip[b])[0]
        if len(below) == 0:
            continue
        up = b + below[0]
        moving = np.nonzero(vel[b:up] < -von)[0]
        liftoff = b + (moving[0] if len(moving) else 0)
        still = np.nonzero(np.abs(vel[up:stop]) < von)[0]
        lockout = up + (still[0] if len(still) else 0)
        th, lu = ch["thoracic"][liftoff:lockout + 1], ch["lumbar"][liftoff:lockout + 1]
        reps.append({
            "rep": len(reps) + 1, "liftoff_s": t[liftoff], "lockout_s": t[lockout],
            "pull_duration_s": t[lockout] - t[liftoff], "hip_setup_deg": hip[liftoff],
            "thoracic_start_deg": th[0], "thoracic_peak_deg": th.max(),
            "thoracic_rounding_deg": th.max() - th[0],
            "lumbar_start_deg": lu[0], "lumbar_peak_deg": lu.max(),
            "lumbar_rounding_deg": lu.max() - lu[0],
        })
    out = pd.DataFrame(reps)
    out["lumbar_rounding"] = out["lumbar_rounding_deg"] >= 5
    out["upper_back_rounding"] = out["thoracic_rounding_deg"] >= 5
    return out


def main():
    t0 = time.perf_counter()
    out = analyze(sys.argv[1])
    t1 = time.perf_counter()
    print("python_reps %d" % len(out))
    print("python_seconds %.3f" % (t1 - t0))


if __name__ == "__main__":
    main()
