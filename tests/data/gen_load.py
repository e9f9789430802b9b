#!/usr/bin/python3
"""Reference vectors for hinge's training-load metrics (src/recovery/trainload.c).

Independent of hinge: pandas' ewm/rolling for the EWMA and rolling
metrics, explicit exponential sums (numpy) for Banister's model.
Run from the repository root:  /usr/bin/python3 tests/data/gen_load.py
Writes tests/data/load_reference.csv:
  series,day,load,acute_ewma,chronic_ewma,acwr_ewma,acute_mean,chronic_mean,
  acwr_rolling,weekly_load,monotony,strain,fitness,fatigue,performance
Empty cells are null (NaN).  Windows at the start of a series are cut to
the days available (min_periods=1, 2 for the SD), as hinge documents.
"""
import numpy as np
import pandas as pd

ACUTE, CHRONIC, WEEK = 7, 28, 7
TAU_FIT, TAU_FAT, K1, K2 = 42.0, 7.0, 1.0, 2.0


def series_set():
    rng = np.random.default_rng(20260306)
    out = {}
    # 1: 120 days of sRPE-like loads, ~2 rest days a week
    x = rng.uniform(200, 900, 120).round(0)
    x[rng.random(120) < 0.3] = 0
    out[1] = x
    # 2: a short log (10 days): every window is cut
    out[2] = rng.uniform(0, 600, 10).round(1)
    # 3: starts with rest days (chronic 0 -> null ratios), a constant week
    #    (SD 0 -> null monotony), then a spike
    out[3] = np.concatenate([np.zeros(3), np.full(7, 400.0), rng.uniform(100, 500, 20),
                             np.full(5, 1500.0), np.zeros(10)])
    # 4: volume-load scale (kg), real-valued
    out[4] = np.where(rng.random(70) < 0.5, 0, rng.uniform(2000, 15000, 70))
    # 5: one day
    out[5] = np.array([350.0])
    return out


def metrics(x):
    s = pd.Series(x, dtype=float)
    n = len(s)
    acute = s.ewm(alpha=2 / (ACUTE + 1), adjust=False).mean()
    chronic = s.ewm(alpha=2 / (CHRONIC + 1), adjust=False).mean()
    am = s.rolling(ACUTE, min_periods=1).mean()
    cm = s.rolling(CHRONIC, min_periods=1).mean()
    week = s.rolling(WEEK, min_periods=1).sum()
    wmean = s.rolling(WEEK, min_periods=1).mean()
    sd = s.rolling(WEEK, min_periods=2).std(ddof=1)
    sd[sd.abs() < 1e-9] = np.nan  # SD 0 -> monotony null
    mono = wmean / sd
    t = np.arange(n)
    fit = np.array([np.sum(x[:i + 1] * np.exp(-(i - t[:i + 1]) / TAU_FIT)) for i in t])
    fat = np.array([np.sum(x[:i + 1] * np.exp(-(i - t[:i + 1]) / TAU_FAT)) for i in t])
    return pd.DataFrame({
        "load": s, "acute_ewma": acute, "chronic_ewma": chronic,
        "acwr_ewma": (acute / chronic).where(chronic > 0),
        "acute_mean": am, "chronic_mean": cm,
        "acwr_rolling": (am / cm).where(cm > 0),
        "weekly_load": week, "monotony": mono, "strain": week * mono,
        "fitness": fit, "fatigue": fat, "performance": K1 * fit - K2 * fat,
    })


def main():
    rows = []
    for sid, x in series_set().items():
        df = metrics(np.asarray(x, dtype=float))
        df.insert(0, "day", np.arange(len(df)))
        df.insert(0, "series", sid)
        rows.append(df)
    out = pd.concat(rows)
    out.to_csv("tests/data/load_reference.csv", index=False, float_format="%.17g",
               na_rep="")


if __name__ == "__main__":
    main()
