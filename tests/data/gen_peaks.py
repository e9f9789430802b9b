#!/usr/bin/python3
"""Reference vectors for hinge's peak finder (tests/unit/test_peaks.c,
tests/lua/test_peaks.lua), made with scipy.signal.find_peaks,
peak_prominences and peak_widths.

    /usr/bin/python3 tests/data/gen_peaks.py > tests/data/peaks.txt

Format (read by tests/unit/kvdata.h and the Lua test): records start with
"@signal NAME" (key x: the samples), "@case NAME" (a find_peaks call) or
"@prominences NAME" (peak_prominences + peak_widths at given indices).
Every other line is "key value...".  A case names its signal, gives each
option scipy received (a range as "min max" with nan for None), the
expected indices (0-based) and every property for those peaks.  scipy
returns only the properties of the conditions given; the complete set is
computed here with peak_prominences / peak_widths and checked against
whatever find_peaks returned.

Signal values are written with few digits so the text is small and
parses to the same doubles in C; results are written with repr().
"""
import sys

import numpy as np
import scipy
from scipy.signal import find_peaks, peak_prominences, peak_widths

PROPS_F = ["peak_heights", "left_thresholds", "right_thresholds", "prominences",
           "widths", "width_heights", "left_ips", "right_ips"]
PROPS_I = ["left_bases", "right_bases", "plateau_sizes", "left_edges", "right_edges"]
RANGE_OPTS = ["height", "threshold", "prominence", "width", "plateau_size"]


def fmt(v):
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if v != v:
        return "nan"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def line(key, values):
    return key + ("" if len(values) == 0 else " " + " ".join(fmt(v) for v in values))


def signals():
    rng = np.random.default_rng(20260302)
    out = {}
    # Smoothed noise, 3 decimals: distinct heights, a few ties.
    z = np.convolve(rng.normal(0, 10, 130), np.ones(5) / 5, mode="valid")[:120]
    out["smooth"] = np.round(z, 3)
    # Small integers: plateaus and many equal heights.
    out["ints"] = rng.integers(0, 7, 120).astype(float)
    # Three levels, long: hundreds of equal-height peaks, so the distance
    # rule's ordering goes through numpy's introsort partitions.
    out["ties"] = rng.integers(0, 3, 600).astype(float)
    # A random walk on a 0.5 grid: plateaus of every length.
    out["walk"] = np.cumsum(rng.choice([-0.5, 0.0, 0.0, 0.5], 160))
    # Deadlift-like: five reps of a smooth 60-degree bump plus noise.
    t = np.arange(200) / 50.0
    reps = 60 * np.clip(np.sin(2 * np.pi * t / 1.6), 0, None) ** 2
    out["reps"] = np.round(reps + rng.normal(0, 1.5, t.size), 2)
    # Hand-made edge cases: plateaus at both ends, even and odd plateaus.
    out["edges"] = np.array([3, 3, 1, 2, 2, 1, 4, 4, 4, 0, 5, 5, 5, 5, 2, 2, 6, 1, 1, 7, 7],
                            dtype=float)
    return out


def option_sets(x):
    """Each option alone (scalar and pair forms), then combinations."""
    span = float(np.max(x) - np.min(x)) or 1.0
    lo = float(np.min(x))
    sets = [
        {},
        {"height": lo + 0.5 * span},
        {"height": (lo + 0.2 * span, lo + 0.8 * span)},
        {"threshold": 0.05 * span},
        {"threshold": (0.01 * span, 0.3 * span)},
        {"distance": 1},
        {"distance": 2.5},
        {"distance": 5},
        {"distance": 17},
        {"prominence": 0.2 * span},
        {"prominence": (0.1 * span, 0.6 * span)},
        {"prominence": 0.1 * span, "wlen": 7},
        {"prominence": (None, 0.5 * span), "wlen": 2},
        {"width": 2},
        {"width": (1, 6), "rel_height": 1.0},
        {"width": 0.5, "rel_height": 0.25, "wlen": 10.5},
        {"plateau_size": 2},
        {"plateau_size": (1, 1)},
        {"plateau_size": (2, 4)},
        {"height": lo + 0.3 * span, "distance": 4, "prominence": 0.1 * span},
        {"threshold": (0, None), "distance": 3, "width": (1, None), "rel_height": 0.75},
        {"height": (lo, None), "threshold": 0.0, "distance": 2, "prominence": (0.05 * span, None),
         "width": (0.5, 20), "wlen": 25, "rel_height": 0.5, "plateau_size": (1, 5)},
    ]
    return sets


def full_properties(x, peaks, wlen, rel_height):
    """Every property of `peaks`, from scipy's standalone functions."""
    prom, lb, rb = peak_prominences(x, peaks, wlen=wlen)
    w, wh, lip, rip = peak_widths(x, peaks, rel_height=rel_height, prominence_data=(prom, lb, rb))
    _, allp = find_peaks(x, plateau_size=(None, None))
    allpk, _ = find_peaks(x)
    where = {int(p): k for k, p in enumerate(allpk)}
    k = [where[int(p)] for p in peaks]
    return {
        "peak_heights": x[peaks],
        "left_thresholds": x[peaks] - x[peaks - 1],
        "right_thresholds": x[peaks] - x[peaks + 1],
        "prominences": prom, "left_bases": lb, "right_bases": rb,
        "widths": w, "width_heights": wh, "left_ips": lip, "right_ips": rip,
        "plateau_sizes": allp["plateau_sizes"][k], "left_edges": allp["left_edges"][k],
        "right_edges": allp["right_edges"][k],
    }


def needs_props(opts):
    """A peak's properties depend only on wlen and rel_height, so they are
    written for the case without options, for cases that change wlen or
    rel_height and for combinations; the other cases check indices (their
    peaks' properties equal those checked in the first case)."""
    return not opts or "wlen" in opts or "rel_height" in opts or len(opts) >= 3


def emit_case(out, name, sig, x, opts, with_props=True):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # prominence/width 0 warnings are expected
        peaks, props = find_peaks(x, **opts)
        full = full_properties(x, peaks, opts.get("wlen"), opts.get("rel_height", 0.5))
    for key, arr in props.items():  # scipy's subset must agree with the full set
        assert np.array_equal(arr, full[key]), (name, key)
    out.append("@case " + name)
    out.append("signal " + sig)
    for key in RANGE_OPTS:
        if key in opts:
            v = opts[key]
            pair = v if isinstance(v, tuple) else (v, None)
            out.append(line(key, [np.nan if b is None else b for b in pair]))
    for key in ["distance", "wlen", "rel_height"]:
        if key in opts:
            out.append(line(key, [opts[key]]))
    out.append(line("index", peaks))
    if with_props:
        for key in PROPS_F + PROPS_I:
            out.append(line(key, full[key]))


def emit_prominences(out, name, sig, x, rng):
    """peak_prominences/peak_widths at arbitrary indices, peaks or not."""
    import warnings
    idx = np.sort(rng.choice(x.size, 12, replace=False))
    for wlen, rel in [(None, 0.5), (4, 1.0), (9, 0.3)]:
        if True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prom, lb, rb = peak_prominences(x, idx, wlen=wlen)
                w, wh, lip, rip = peak_widths(x, idx, rel_height=rel,
                                              prominence_data=(prom, lb, rb))
            out.append("@prominences %s_w%s_r%s" % (name, wlen, rel))
            out.append("signal " + sig)
            if wlen is not None:
                out.append(line("wlen", [wlen]))
            out.append(line("rel_height", [rel]))
            out.append(line("index", idx))
            for key, arr in [("prominences", prom), ("left_bases", lb), ("right_bases", rb),
                             ("widths", w), ("width_heights", wh), ("left_ips", lip),
                             ("right_ips", rip)]:
                out.append(line(key, arr))


def emit_argsort(out, rng):
    """numpy.argsort's order of equal keys, for both kinds hinge
    reproduces (the default introsort and its heapsort fallback)."""
    for n, levels in [(5, 2), (16, 3), (17, 3), (40, 4), (300, 3), (400, 0)]:
        v = rng.integers(0, levels, n).astype(float) if levels else np.round(rng.normal(size=n), 1)
        out.append("@argsort n%d_l%d" % (n, levels))
        out.append(line("v", v))
        out.append(line("quick", np.argsort(v)))
        out.append(line("heap", np.argsort(v, kind="heapsort")))


def main():
    out = ["# generated by tests/data/gen_peaks.py with scipy %s, numpy %s"
           % (scipy.__version__, np.__version__)]
    sigs = signals()
    for name, x in sigs.items():
        out.append("@signal " + name)
        out.append(line("x", x))
    rng = np.random.default_rng(7)
    for name, x in sigs.items():
        for k, opts in enumerate(option_sets(x)):
            # The long "ties" signal is there for the distance rule's
            # ordering: its cases keep indices and bases only.
            if name == "ties" and not ("distance" in opts or "prominence" in opts):
                continue
            emit_case(out, "%s_%02d" % (name, k), name, x, opts,
                      name != "ties" and needs_props(opts))
    for name in ["smooth", "ints", "reps"]:
        emit_prominences(out, name, name, sigs[name], rng)
    emit_argsort(out, np.random.default_rng(11))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
