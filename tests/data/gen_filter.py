#!/usr/bin/python3
"""Reference vectors for hinge's filters (tests/unit/test_filter.c,
tests/lua/test_filter.lua), made with scipy.signal.

    /usr/bin/python3 tests/data/gen_filter.py tests/data

Inputs are not stored: every test signal comes from a splitmix64 stream
that the C and Lua tests reproduce bit for bit (see signal_walk and
signal_sines below), so the files hold only parameters and expected
outputs.  One record per line, fields separated by spaces:

  butter N fc fs nsec c[6*nsec]                  scipy.signal.butter(..., output='sos')
  sosfilt seed n N fc fs y[n]                    sosfilt(sos, x, zi=sosfilt_zi(sos)*x[0])[0]
  sosfiltfilt seed n N fc fs y[n]                sosfiltfilt(sos, x)
  padded seed n N fc fs padlen y[n]              sosfiltfilt(sos, x, padlen=padlen)
  lowpass seed n N fc fs zero_phase ngaps (start len)*ngaps y[n]
      x with NaN over the gaps, filtered run by run (the rule in
      hinge/filter.h: runs shorter than padlen+1 become NaN)
  savgol seed n W P D fs ngaps (start len)*ngaps y[n]
      savgol_filter(x, W, P, D, delta=1/fs, mode='interp'), run by run
  coeffs W P D c[W]                              exact (rational) weights, use='dot'
  residual seed n fs noise_sd N count cutoff noise_rms slope R[count]
      the residual analysis documented in docs/algorithms.md on
      signal_sines, with scipy's butter + sosfiltfilt and numpy's polyfit
"""
import math
import os
import sys
from fractions import Fraction

import numpy as np
import scipy
from scipy import signal

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        """A double in [0, 1): the top 53 bits."""
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)


def signal_walk(seed, n):
    """A random walk around 30 plus white noise: x = 30 + 5 walk + (u2 - 0.5)."""
    g = SplitMix64(seed)
    walk = 0.0
    x = np.empty(n)
    for i in range(n):
        u1 = g.uniform()
        u2 = g.uniform()
        walk = walk + (u1 - 0.5)
        x[i] = 30.0 + 5.0 * walk + (u2 - 0.5)
    return x


def signal_sines(seed, n, fs, noise_sd):
    """10 sin(2 pi 1 t) + 5 sin(2 pi 2.5 t + 0.3) plus uniform white noise
    of standard deviation noise_sd (content known: nothing above 2.5 Hz)."""
    g = SplitMix64(seed)
    x = np.empty(n)
    amp = noise_sd * math.sqrt(12.0)
    for i in range(n):
        t = i / fs
        s = 10.0 * math.sin(2 * math.pi * 1.0 * t) + 5.0 * math.sin(2 * math.pi * 2.5 * t + 0.3)
        x[i] = s + amp * (g.uniform() - 0.5)
    return x


def fmt(v, digits=13):
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if math.isnan(v):
        return "nan"
    return repr(float(v)) if digits is None else "%.*g" % (digits, v)


def line(*parts):
    out = []
    for p in parts:
        if isinstance(p, (list, tuple, np.ndarray)):
            out.extend(fmt(v) if not isinstance(v, str) else v for v in p)
        elif isinstance(p, str):
            out.append(p)
        else:
            out.append(fmt(p))
    return " ".join(out)


def runs(x):
    """Maximal runs of finite samples as (start, stop)."""
    ok = np.isfinite(x)
    i, n = 0, len(x)
    while i < n:
        if not ok[i]:
            i += 1
            continue
        j = i
        while j < n and ok[j]:
            j += 1
        yield i, j
        i = j


def by_runs(x, need, fn):
    y = np.full(len(x), np.nan)
    for a, b in runs(x):
        if b - a >= need:
            y[a:b] = fn(x[a:b])
    return y


def padlen(sos):
    ntaps = 2 * len(sos) + 1 - min((sos[:, 2] == 0).sum(), (sos[:, 5] == 0).sum())
    return 3 * ntaps


def with_gaps(x, gaps):
    x = x.copy()
    for start, length in gaps:
        x[start:start + length] = np.nan
    return x


def flat(gaps):
    return [len(gaps)] + [v for g in gaps for v in g]


def butter_records():
    out = []
    for fs in (50.0, 100.0, 1000.0):
        for N in range(1, 9):
            for frac in (0.004, 0.06, 0.2, 0.45):
                fc = round(frac * fs, 6)
                sos = signal.butter(N, fc, fs=fs, output="sos")
                out.append(" ".join(["butter", str(N), repr(fc), repr(fs), str(len(sos))] +
                                    [repr(float(v)) for v in sos.ravel()]))
    return out


def lowpass_records():
    out = []
    seed = 1000
    cutoffs = (0.02, 0.1, 0.3)
    for fs in (50.0, 100.0, 250.0, 500.0, 1000.0):
        for N in (1, 2, 3, 4):
            fracs = cutoffs if fs == 100.0 else (cutoffs[(N + int(fs)) % 3],)
            for frac in fracs:
                seed += 1
                fc = frac * fs
                n = 48
                x = signal_walk(seed, n)
                sos = signal.butter(N, fc, fs=fs, output="sos")
                yc = signal.sosfilt(sos, x, zi=signal.sosfilt_zi(sos) * x[0])[0]
                yz = signal.sosfiltfilt(sos, x)
                out.append(line("sosfilt", seed, n, N, fc, fs, yc))
                out.append(line("sosfiltfilt", seed, n, N, fc, fs, yz))
    # the highest order, and the shortest signal the default padding allows
    for seed, n, N, fc, fs in ((2001, 120, 8, 10.0, 100.0), (2002, 10, 2, 6.0, 100.0),
                               (2003, 7, 1, 6.0, 100.0)):
        x = signal_walk(seed, n)
        sos = signal.butter(N, fc, fs=fs, output="sos")
        out.append(line("sosfiltfilt", seed, n, N, fc, fs, signal.sosfiltfilt(sos, x)))
    for seed, n, N, fc, fs, pad in ((2101, 150, 2, 6.0, 100.0, 100), (2102, 30, 3, 8.0, 100.0, 0),
                                    (2103, 60, 2, 3.0, 50.0, 59)):
        x = signal_walk(seed, n)
        sos = signal.butter(N, fc, fs=fs, output="sos")
        out.append(line("padded", seed, n, N, fc, fs, pad, signal.sosfiltfilt(sos, x, padlen=pad)))
    # missing samples: a run too short (dropped), gaps at the ends, long runs
    for seed, n, N, fc, fs, zp, gaps in (
            (3001, 120, 2, 6.0, 100.0, 1, [(0, 3), (40, 2), (47, 5), (90, 1)]),
            (3002, 120, 4, 20.0, 250.0, 1, [(30, 10), (110, 10)]),
            (3003, 80, 3, 5.0, 50.0, 0, [(10, 1), (50, 4)])):
        x = with_gaps(signal_walk(seed, n), gaps)
        sos = signal.butter(N, fc, fs=fs, output="sos")
        if zp:
            y = by_runs(x, padlen(sos) + 1, lambda v: signal.sosfiltfilt(sos, v))
        else:
            y = by_runs(x, 1, lambda v: signal.sosfilt(sos, v, zi=signal.sosfilt_zi(sos) * v[0])[0])
        out.append(line("lowpass", seed, n, N, fc, fs, zp, flat(gaps), y))
    return out


def savgol_records():
    out = []
    seed = 4000
    # scipy's own weights are accurate to ~1e-13 for these shapes; for wide
    # windows with a high polyorder they lose digits (see the coeffs records)
    cases = [(5, 2), (7, 2), (7, 3), (11, 3), (11, 4), (21, 2), (21, 4), (3, 1), (9, 0)]
    rates = (50.0, 100.0, 200.0, 500.0, 1000.0)
    k = 0
    for W, P in cases:
        for D in range(0, min(P, 2) + 1):
            seed += 1
            fs = rates[k % len(rates)]
            k += 1
            n = 40 if W < 21 else 50
            x = signal_walk(seed, n)
            y = signal.savgol_filter(x, W, P, D, delta=1.0 / fs, mode="interp")
            out.append(line("savgol", seed, n, W, P, D, fs, flat([]), y))
    # window equal to the length: every sample but the centre is an edge fit
    x = signal_walk(4100, 11)
    out.append(line("savgol", 4100, 11, 11, 3, 1, 100.0, flat([]),
                    signal.savgol_filter(x, 11, 3, 1, delta=0.01, mode="interp")))
    for seed, n, W, P, D, fs, gaps in ((4201, 100, 7, 2, 0, 100.0, [(20, 3), (26, 4), (60, 1)]),
                                       (4202, 100, 9, 3, 1, 200.0, [(0, 5), (95, 5)])):
        x = with_gaps(signal_walk(seed, n), gaps)
        y = by_runs(x, W, lambda v: signal.savgol_filter(v, W, P, D, delta=1.0 / fs, mode="interp"))
        out.append(line("savgol", seed, n, W, P, D, fs, flat(gaps), y))
    return out


def exact_coeffs(W, P, D):
    """Savitzky-Golay weights by exact rational least squares."""
    h = W // 2
    A = [[Fraction(k - h) ** j for j in range(P + 1)] for k in range(W)]
    m = P + 1
    # normal equations (A^T A) c = e_D, then weights = A c * D!
    M = [[sum(A[k][i] * A[k][j] for k in range(W)) for j in range(m)] for i in range(m)]
    rhs = [Fraction(1 if i == D else 0) for i in range(m)]
    for col in range(m):  # Gauss-Jordan, exact
        piv = next(r for r in range(col, m) if M[r][col] != 0)
        M[col], M[piv] = M[piv], M[col]
        rhs[col], rhs[piv] = rhs[piv], rhs[col]
        for r in range(m):
            if r != col and M[r][col] != 0:
                f = M[r][col] / M[col][col]
                M[r] = [a - f * b for a, b in zip(M[r], M[col])]
                rhs[r] -= f * rhs[col]
    c = [rhs[i] / M[i][i] for i in range(m)]
    return [float(sum(A[k][j] * c[j] for j in range(m)) * math.factorial(D)) for k in range(W)]


def coeffs_records():
    out = []
    for W, P, D in ((5, 2, 0), (7, 3, 1), (11, 4, 2), (51, 6, 0), (101, 6, 2), (31, 5, 3)):
        out.append(" ".join(["coeffs", str(W), str(P), str(D)] +
                            [repr(v) for v in exact_coeffs(W, P, D)]))
    return out


def residual_analysis(x, fs, N, count):
    """The documented procedure (docs/algorithms.md), defaults."""
    max_hz = fs / 4
    freqs = np.array([(k + 1) * max_hz / count for k in range(count)])
    res = np.empty(count)
    for k, fc in enumerate(freqs):
        sos = signal.butter(N, fc, fs=fs, output="sos")
        res[k] = np.sqrt(np.mean((x - signal.sosfiltfilt(sos, x)) ** 2))
    lo, hi, tol = max_hz / 2, max_hz, 1e-9 * max_hz
    sel = (freqs >= lo - tol) & (freqs <= hi + tol)
    slope, intercept = np.polyfit(freqs[sel], res[sel], 1)
    k = int(np.argmax(res <= intercept))
    assert k > 0 and res[k] <= intercept
    fc = freqs[k - 1] + (res[k - 1] - intercept) * (freqs[k] - freqs[k - 1]) / (res[k - 1] - res[k])
    return fc, intercept, slope, res


def residual_records():
    out = []
    for seed, n, fs, sd, N in ((5001, 1000, 100.0, 0.5, 2), (5002, 1500, 250.0, 0.2, 2),
                               (5003, 800, 50.0, 1.0, 4)):
        x = signal_sines(seed, n, fs, sd)
        fc, a, b, res = residual_analysis(x, fs, N, 100)
        out.append(line("residual", seed, n, fs, sd, N, 100, fc, a, b, res))
    return out


def write(folder, name, records):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write("# generated by tests/data/gen_filter.py (scipy %s, numpy %s); do not edit\n"
                % (scipy.__version__, np.__version__))
        for r in records:
            f.write(r + "\n")
    print("%s: %d records, %d bytes" % (path, len(records), os.path.getsize(path)))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    write(folder, "filter_butter.txt", butter_records())
    write(folder, "filter_lowpass.txt", lowpass_records())
    write(folder, "filter_savgol.txt", savgol_records() + coeffs_records())
    write(folder, "filter_residual.txt", residual_records())


if __name__ == "__main__":
    main()
