#!/usr/bin/env python3
"""Device-style exports of examples/data/2026-03-02_ana_set1.csv (the
generated session of the examples; same licence as the repository), written
as real tools write them.  tests/cli/test_load_real.sh and
tests/lua/test_load_real.lua load them and compare with the clean file.

    python3 tests/data/sessions/devices/make_messy.py   (from the repository root)

  movesense_epoch_ms.csv   metadata lines (device, subject, date,
                                 sample rate) above the header, epoch
                                 milliseconds in a `timestamp` column
  phone_duplicates.csv     a phone export: `unix_time` in seconds
                                 (fractional), 25 rows repeated exactly and
                                 6 rows with a repeated time but other values
                                 (a Bluetooth batch), trailing ",,,," rows
  windows_utf16le.csv      UTF-16 LE with a BOM, CRLF, tab-separated,
                                 two metadata lines, time in ms
  semicolon_epoch.csv      ';' with decimal commas, "#"-commented
                                 metadata lines, epoch seconds with a decimal
                                 comma, trailing ";;;" rows
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
SRC = os.path.join(ROOT, "examples", "data", "2026-03-02_ana_set1.csv")
START_S = 1772443800  # 2026-03-02T09:30:00Z


def rows():
    with open(SRC) as f:
        lines = f.read().split("\n")
    out = []
    for line in lines[1:]:
        if line:
            t, hip, th, lu = line.split(",")
            out.append((t, hip, th, lu))
    return out


def ms(t):
    return int(round(float(t) * 1000))


def movesense(data):
    lines = ["Device: Movesense MD (SN 213230000417)", "Firmware: 2.2.1",
             "Subject: Ana", "Date: 2026-03-02", "Sample rate: 100 Hz",
             "Sensor placement: T12/L1", "",
             "timestamp,hip_deg,thoracic_deg,lumbar_deg"]
    for t, hip, th, lu in data:
        lines.append("%d,%s,%s,%s" % (START_S * 1000 + ms(t), hip, th, lu))
    return "\n".join(lines) + "\n"


def phone(data):
    lines = ["unix_time,hip_deg,thoracic_deg,lumbar_deg"]
    for i, (t, hip, th, lu) in enumerate(data):
        stamp = "%d.%03d" % (START_S + ms(t) // 1000, ms(t) % 1000)
        lines.append("%s,%s,%s,%s" % (stamp, hip, th, lu))
        if i % 150 == 75:  # the same row twice (25 times)
            lines.append("%s,%s,%s,%s" % (stamp, hip, th, lu))
        if i % 600 == 300:  # a second sample in the same millisecond (6 times)
            lines.append("%s,%.3f,%s,%s" % (stamp, float(hip) + 0.2, th, lu))
    lines += [",,,", ",,,"]
    return "\n".join(lines) + "\n"


def windows(data):
    lines = ["WinSpine Analyzer 3.1 export", "Subject\tAna",
             "time_ms\thip_deg\tthoracic_deg\tlumbar_deg"]
    for t, hip, th, lu in data:
        lines.append("%d\t%s\t%s\t%s" % (ms(t), hip, th, lu))
    return ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def semicolon(data):
    lines = ["# Exported by SpineLog 1.4", "# Athlete: Ana", "# Frequency: 100 Hz",
             "epoch;hip_deg;thoracic_deg;lumbar_deg"]
    for t, hip, th, lu in data:
        stamp = "%d,%03d" % (START_S + ms(t) // 1000, ms(t) % 1000)
        lines.append(";".join([stamp] + [v.replace(".", ",") for v in (hip, th, lu)]))
    lines += [";;;", ";;;", ""]
    return "\n".join(lines) + "\n"


def main():
    data = rows()
    with open(os.path.join(HERE, "movesense_epoch_ms.csv"), "w", newline="") as f:
        f.write(movesense(data))
    with open(os.path.join(HERE, "phone_duplicates.csv"), "w", newline="") as f:
        f.write(phone(data))
    with open(os.path.join(HERE, "windows_utf16le.csv"), "wb") as f:
        f.write(b"\xff\xfe" + windows(data))
    with open(os.path.join(HERE, "semicolon_epoch.csv"), "w", newline="") as f:
        f.write(semicolon(data))


if __name__ == "__main__":
    main()
