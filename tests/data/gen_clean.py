#!/usr/bin/python3
"""Reference vectors for hinge's cleaning steps (tests/unit/test_clean.c,
tests/lua/test_clean.lua).

    /usr/bin/python3 tests/data/gen_clean.py > tests/data/clean.txt

Records (format as in gen_peaks.py: "@kind name", then "key values...";
a record's x may come from the "@signal" its "signal" line names):

@fill      x, max_gap, method (0 linear, 1 cubic) -> y, filled
           linear: numpy.interp over the valid samples, kept only inside
           gaps of at most max_gap samples; cubic: for each such gap,
           scipy.interpolate.CubicSpline (not-a-knot) through the two
           bracketing samples and, where they were valid in the input,
           their outer neighbours (4, 3 or 2 points: cubic, parabola, line).
@hampel    x, half_window, k, min_dev -> y, replaced
           a plain loop: window x[i-h .. i+h] truncated at the ends, NaN
           dropped, numpy.median and MAD; the medians are checked against
           pandas' rolling(2h+1, center=True, min_periods=1).median().
@resample  t, x, fs -> y (numpy.interp on t[0] + arange(m) / fs), m
@unwrap    x, period, discont (nan = default) -> y
           numpy.unwrap(period=...) of the valid samples, NaN put back.
"""
import sys

import numpy as np
import pandas as pd
import scipy
from scipy.interpolate import CubicSpline

SCALE = 1.4826


def fmt(v):
    v = float(v)
    if v != v:
        return "nan"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def line(key, values):
    return key + " " + " ".join(fmt(v) for v in np.atleast_1d(values))


# ---- gap filling ---------------------------------------------------------

def gaps(x):
    """(a, b) for each run of NaN x[a..b] with valid samples on both sides."""
    out, i, n = [], 0, len(x)
    while i < n:
        if not np.isnan(x[i]):
            i += 1
            continue
        a = i
        while i + 1 < n and np.isnan(x[i + 1]):
            i += 1
        if a > 0 and i + 1 < n:
            out.append((a, i))
        i += 1
    return out


def fill_reference(x, max_gap, cubic):
    y = x.copy()
    valid = np.flatnonzero(~np.isnan(x))
    lin = np.interp(np.arange(len(x)), valid, x[valid])
    filled = 0
    for a, b in gaps(x):
        if b - a + 1 > max_gap:
            continue
        idx = np.arange(a, b + 1)
        if not cubic:
            y[idx] = lin[idx]
        else:
            # The bracketing samples, plus each outer neighbour that is
            # valid in the input (x is the input: nothing filled yet).
            sup = [a - 1, b + 1]
            if a - 2 >= 0 and not np.isnan(x[a - 2]):
                sup.insert(0, a - 2)
            if b + 2 < len(x) and not np.isnan(x[b + 2]):
                sup.append(b + 2)
            y[idx] = CubicSpline(np.array(sup, float), x[sup], bc_type="not-a-knot")(idx)
        filled += len(idx)
    return y, filled


def fill_cases(out, rng):
    n = 120
    base = np.round(np.cumsum(rng.normal(0, 2, n)) + 20 * np.sin(np.arange(n) / 9), 3)
    x = base.copy()
    for a, b in [(0, 2), (10, 10), (20, 21), (30, 32), (45, 49), (60, 67),
                 (80, 81), (83, 84), (90, 90), (92, 94), (116, 119)]:
        x[a:b + 1] = np.nan
    out.append("@signal fill")
    out.append(line("x", x))
    for max_gap in [0, 1, 3, 5, 100]:
        for cubic in (0, 1):
            y, filled = fill_reference(x, max_gap, cubic)
            out.append("@fill g%d_%s" % (max_gap, "cubic" if cubic else "linear"))
            out.append("signal fill")
            out.append(line("max_gap", max_gap))
            out.append(line("method", cubic))
            out.append(line("y", y))
            out.append(line("filled", filled))


# ---- Hampel --------------------------------------------------------------

def hampel_reference(x, h, k, min_dev):
    n = len(x)
    y = x.copy()
    meds = np.full(n, np.nan)
    replaced = 0
    for i in range(n):
        w = x[max(0, i - h):i + h + 1]
        w = w[~np.isnan(w)]
        if len(w) == 0:
            continue
        med = np.median(w)
        meds[i] = med
        if np.isnan(x[i]):
            continue
        mad = np.median(np.abs(w - med))
        thr = max(k * SCALE * mad, min_dev)
        if abs(x[i] - med) > thr:
            y[i] = med
            replaced += 1
    roll = pd.Series(x).rolling(2 * h + 1, center=True, min_periods=1).median().to_numpy()
    ok = ~np.isnan(meds)
    assert np.allclose(meds[ok], roll[ok], rtol=0, atol=1e-12), "pandas disagrees"
    return y, replaced


def hampel_cases(out, rng):
    # A slow 80-degree pull over 2 s at 100 Hz with sensor noise, single-
    # sample glitches of 40 to 80 degrees, and a few missing samples.
    t = np.arange(300) / 100.0
    slow = 40 * (1 - np.cos(np.pi * np.clip(t - 0.5, 0, 2) / 2))
    x = np.round(slow + rng.normal(0, 0.3, t.size), 3)
    for i, g in [(0, 60), (37, 60), (120, -45), (121, 0), (199, 80), (250, 40), (299, -70)]:
        x[i] += g
    x[[60, 61, 150, 298]] = np.nan
    # A quantized walk: windows where most values are equal, MAD = 0.
    q = np.cumsum(rng.choice([-0.5, 0, 0, 0, 0.5], 160))
    q[[20, 90]] += [55, -60]
    for name, sig, params in [("pull", x, [(1, 3, 0), (3, 3, 0), (5, 3, 0), (5, 2, 0), (5, 3, 1.0)]),
                              ("quant", q, [(2, 3, 0), (4, 3, 0), (4, 3, 0.75), (4, 0, 0)])]:
        out.append("@signal " + name)
        out.append(line("x", sig))
        for h, k, min_dev in params:
            y, rep = hampel_reference(sig, h, k, min_dev)
            out.append("@hampel %s_h%d_k%g_m%g" % (name, h, k, min_dev))
            out.append("signal " + name)
            out.append(line("half_window", h))
            out.append(line("k", k))
            out.append(line("min_dev", min_dev))
            out.append(line("y", y))
            out.append(line("replaced", rep))


# ---- resampling and unwrapping -------------------------------------------

def grid_count(t, fs):
    return int(np.floor((t[-1] - t[0]) * fs + 1e-9)) + 1


def resample_cases(out, rng):
    t = 0.5123 + np.cumsum(0.01 + rng.uniform(-0.004, 0.004, 100))
    t = np.round(t, 6)
    x = np.round(30 * np.sin(2 * np.pi * t) + rng.normal(0, 0.5, t.size), 3)
    x[[17, 18, 55]] = np.nan
    on_grid = 0.1 + np.arange(50) / 100.0  # timestamps on the 100 Hz grid
    xg = np.round(np.cos(on_grid * 7) * 10, 3)
    for name, tt, xx, fs in [("jitter50", t, x, 50.0), ("jitter100", t, x, 100.0),
                             ("jitter240", t, x, 240.0), ("ongrid100", on_grid, xg, 100.0),
                             ("ongrid30", on_grid, xg, 30.0)]:
        m = grid_count(tt, fs)
        grid = tt[0] + np.arange(m) / fs
        out.append("@resample " + name)
        out.append(line("t", tt))
        out.append(line("x", xx))
        out.append(line("fs", fs))
        out.append(line("m", m))
        out.append(line("y", np.interp(grid, tt, xx)))


def unwrap_reference(x, period, discont):
    y = x.copy()
    ok = ~np.isnan(x)
    y[ok] = np.unwrap(x[ok], discont=discont, period=period)
    return y


def unwrap_cases(out, rng):
    walk = np.cumsum(rng.uniform(-170, 170, 150))
    x = np.round(np.mod(walk + 180, 360) - 180, 3)
    x[[0, 40, 41, 99]] = np.nan
    # Steps of exactly half a period, both signs, and an integer-valued trace.
    half = np.array([10, 190, 10, -170, 10, 190, 370, 10, 190, 9], dtype=float)
    for name, xx, period, discont in [("walk", x, 360.0, None), ("walk_d270", x, 360.0, 270.0),
                                      ("walk_d90", x, 360.0, 90.0), ("walk_p100", x, 100.0, None),
                                      ("half", half, 360.0, None)]:
        out.append("@unwrap " + name)
        out.append(line("x", xx))
        out.append(line("period", period))
        out.append(line("discont", np.nan if discont is None else discont))
        out.append(line("y", unwrap_reference(xx, period, discont)))


def main():
    out = ["# generated by tests/data/gen_clean.py with numpy %s, scipy %s, pandas %s"
           % (np.__version__, scipy.__version__, pd.__version__)]
    rng = np.random.default_rng(20260303)
    fill_cases(out, rng)
    hampel_cases(out, rng)
    resample_cases(out, rng)
    unwrap_cases(out, rng)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
