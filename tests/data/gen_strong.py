#!/usr/bin/python3
"""Reference for hinge's Strong import (src/recovery/logs_read.c, src/recovery/trainload.c).

pandas reads tests/data/strong_export_sample.csv independently and writes
tests/data/strong_daily_volume.csv: for each calendar day, the volume load
(sum of Weight x Reps over the day's sets) and the minutes of the distinct
workouts ("2h 18m" -> 138).  Run from the repository root:
  /usr/bin/python3 tests/data/gen_strong.py
"""
import re

import pandas as pd


def minutes(text):
    total = 0.0
    for value, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([hms])", str(text)):
        total += float(value) * {"h": 60.0, "m": 1.0, "s": 1.0 / 60}[unit]
    return total


def main():
    df = pd.read_csv("tests/data/strong_export_sample.csv")
    df["day"] = df["Date"].str.slice(0, 10)
    df["volume"] = df["Weight"].fillna(0) * df["Reps"].fillna(0)
    vol = df.groupby("day")["volume"].sum()
    workouts = df.drop_duplicates("Date")
    workouts = workouts.assign(minutes=workouts["Duration"].map(minutes))
    mins = workouts.groupby("day")["minutes"].sum()
    out = pd.DataFrame({"volume_kg": vol, "minutes": mins})
    out.index.name = "date"
    out.to_csv("tests/data/strong_daily_volume.csv", float_format="%.17g")
    print(len(df), "sets,", len(workouts), "workouts,",
          (df["Exercise Name"] == "Deadlift (Barbell)").sum(), "deadlift sets")


if __name__ == "__main__":
    main()
