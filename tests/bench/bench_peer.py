"""The peer of `hinge analyze` for tests/bench/bench_scale.sh: the steps a
sports scientist would write with pandas and scipy, over one file or a
folder of files, timed in process (imports excluded):

  load       pandas.read_csv
  despike    Hampel-style: a centred rolling median (11 samples, hinge's
             half-window 0.05 s at 100 Hz), a rolling MAD around it, points
             further than max(3 x 1.4826 MAD, 5 deg) masked
  fill       linear interpolation of gaps up to 0.25 s (inside only)
  filter     Butterworth N=2, 6 Hz, zero-phase (scipy sosfiltfilt)
  reps       scipy find_peaks on the hip angle, then per rep: liftoff,
             lockout, setup angles, thoracic and lumbar start, peak and
             rounding, flags

usage: python3 bench_peer.py one SESSION.csv   -> python_seconds WALL CPU / python_reps N
       python3 bench_peer.py loop DIR          -> python_seconds WALL CPU / python_files N
"""
import os
import sys
import time

import numpy as np
import pandas as pd
from scipy.signal import butter, find_peaks, sosfiltfilt

CHANNELS = ("hip", "thoracic", "lumbar")


def despike_fill(x, fs):
    s = pd.Series(x)
    w = 2 * int(round(0.05 * fs)) + 1
    med = s.rolling(w, center=True, min_periods=1).median()
    dev = (s - med).abs()
    mad = dev.rolling(w, center=True, min_periods=1).median() * 1.4826
    s = s.mask(dev > np.maximum(3 * mad, 5.0))
    s = s.interpolate(limit=int(0.25 * fs), limit_area="inside")
    return s.bfill().ffill().to_numpy()


def reps_of(t, ch, fs):
    hip = ch["hip"]
    vel = np.gradient(hip, 1.0 / fs)
    bottoms, _ = find_peaks(hip, height=40, prominence=20, distance=int(fs))
    von = 5.0
    reps = []
    for k, b in enumerate(bottoms):
        stop = bottoms[k + 1] if k + 1 < len(bottoms) else len(hip)
        below = np.nonzero(hip[b:stop] < 0.25 * hip[b])[0]
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
    out = pd.DataFrame(reps, columns=["rep", "liftoff_s", "lockout_s", "pull_duration_s",
                                      "hip_setup_deg", "thoracic_start_deg", "thoracic_peak_deg",
                                      "thoracic_rounding_deg", "lumbar_start_deg",
                                      "lumbar_peak_deg", "lumbar_rounding_deg"])
    out["lumbar_rounding"] = out["lumbar_rounding_deg"] >= 5
    out["upper_back_rounding"] = out["thoracic_rounding_deg"] >= 5
    return out


def analyze(path):
    df = pd.read_csv(path)
    t = df["time_s"].to_numpy()
    fs = 1.0 / np.median(np.diff(t))
    sos = butter(2, 6.0, fs=fs, output="sos")
    ch = {}
    n0 = int(2 * fs)
    for c in CHANNELS:
        x = sosfiltfilt(sos, despike_fill(df[c + "_deg"].to_numpy(dtype=float), fs))
        ch[c] = x - np.median(x[:n0])
    return reps_of(t, ch, fs)


def main():
    mode, where = sys.argv[1], sys.argv[2]
    if mode == "one":
        t0, c0 = time.perf_counter(), time.process_time()
        out = analyze(where)
        print("python_seconds %.3f %.3f" % (time.perf_counter() - t0, time.process_time() - c0))
        print("python_reps %d" % len(out))
    else:
        files = sorted(os.path.join(where, f) for f in os.listdir(where) if f.endswith(".csv"))
        t0, c0 = time.perf_counter(), time.process_time()
        reps = sum(len(analyze(f)) for f in files)
        print("python_seconds %.3f %.3f" % (time.perf_counter() - t0, time.process_time() - c0))
        print("python_files %d" % len(files))
        print("python_reps %d" % reps)


if __name__ == "__main__":
    main()
