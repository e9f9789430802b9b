#!/usr/bin/env python3
"""Writes the committed seed corpora tests/fuzz/corpus/<target>/ from the
sample data (tests/data, examples/data) and hand-written edge cases.

Run from anywhere: python3 tests/fuzz/make_seeds.py.  Each seed starts with
the option bytes its harness reads (see the comment at the top of each
fuzz_<target>.c).  The files are small on purpose (a few KiB, at most
~20 KiB for sessions): libFuzzer mutates small inputs far faster."""
import math
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(HERE, "corpus")


def read(*path):
    with open(os.path.join(ROOT, *path), "rb") as f:
        return f.read()


def head(data, lines):
    return b"".join(data.splitlines(keepends=True)[:lines])


def every(data, k, limit=None):
    rows = data.splitlines(keepends=True)
    out = [rows[0]] + rows[1::k]
    return b"".join(out[:limit] if limit else out)


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def numparse():
    texts = [b"0", b"-0", b"1", b"1.5", b"-12.25", b".5", b"5.", b"+3", b" 7 ", b"\t-1e3\t",
             b"1e308", b"1.7976931348623157e308", b"1.7976931348623159e308", b"1e309",
             b"2.2250738585072014e-308", b"2.2250738585072011e-308", b"4.9e-324",
             b"2.4703282292062327e-324", b"2.4703282292062328e-324", b"1e-400",
             b"9007199254740993", b"9007199254740992.5", b"123456789012345678",
             b"12345678901234567890", b"1234567890123456789012345678901234567890",
             b"0.1", b"0.30000000000000004", b"89255.0e-22", b"7.038531e-26",
             b"1e23", b"8.988465674311579e307", b"3.14159265358979323846264338327950288",
             b"123.456e-7", b"1E+22", b"1e22", b"1e-22", b"4503599627370497.5",
             b"nan", b"NaN", b"-nan", b"na", b"N/A", b"null", b"", b"   ",
             b"inf", b"-Infinity", b"+inf", b"infinity",
             b"1e", b"1e+", b"--1", b"0x10", b"1.2.3", b"1e5x", b"e5", b".", b"-", b"1 2",
             b"00000000000000000000000000001.5", b"0." + b"0" * 300 + b"1",
             b"1" * 400, b"9" * 19 + b"e-5", b"1" + b"0" * 22 + b"e-22"]
    for i, t in enumerate(texts):
        write("numparse", "text%02d" % i, b"\x00" + t)
    for i, t in enumerate([b"1,5", b"-0,25e2", b"12,", b",5", b"1,2,3", b"3,14159265358979"]):
        write("numparse", "comma%02d" % i, b"\x01" + t)
    # Binary: w (8 bytes) and q (2 bytes) for Eisel-Lemire / Clinger.
    for i, (w, q) in enumerate([(1, 0), (9007199254740993, 0), (2**64 - 1, -30),
                                (17976931348623157, 292), (24703282292062327, -340),
                                (123456789, 25), (1, -22), (1, 23), (7, -400 % 65536)]):
        write("numparse", "bin%02d" % i, b"\x00" + struct.pack("<QH", w, q & 0xFFFF))


def csv():
    spec = os.path.join(ROOT, "tests", "data", "csv-spectrum")
    for name in sorted(os.listdir(spec)):
        if name.endswith(".csv"):
            write("csv", "spectrum_" + name[:-4], b"\x00\x00\x00\x10" + read("tests", "data", "csv-spectrum", name))
    cases = {
        "bom_crlf": b"\xef\xbb\xbfa,b\r\n1,2\r\n",
        "semicolon": b"a;b;c\n1,5;2;3\n",
        "tab": b"a\tb\n1\t2\n",
        "quoted_newline": b'a,b\n"x\ny",2\n"q""q",3\n',
        "lone_cr": b"a,b\r1,2\r3,4",
        "blank_lines": b"\n  \na,b\n\t\n1,2\n\n",
        "stray_quote": b'a,b\n1"x,2\n',
        "text_after_quote": b'a,b\n"1"x,2\n',
        "open_quote": b'a,b\n"1,2\n',
        "nul": b"a,b\n\x00,\xff\xfe\n",
        "ragged": b"a,b,c\n1\n1,2,3,4\n",
        "wide": b",".join([b"f%d" % i for i in range(40)]) + b"\n",
        "long_field": b"a\n" + b"x" * 700 + b"\n",
        "cr_at_chunk": b"abc\r\ndef\r\nghi\r\n",
    }
    for i, (name, text) in enumerate(sorted(cases.items())):
        # vary the options: delimiter, limits, callback stop, chunk size
        opts = bytes([(i * 9) & 0x3f, 5 + i, 0x80 | i, i * 7])
        write("csv", name, opts + text)
    write("csv", "limits_field", b"\x08\x03\x00\x00a,bbbbbb\n1,2\n")
    write("csv", "limits_columns", b"\x10\x01\x00\x00a,b,c\n")
    write("csv", "limits_record", b"\x18\x01\x00\x00abcdef,ghijk\n")
    write("csv", "oom", b"\x40\x00\x00\x03a,b\n1,2\n")
    write("csv", "invalid_delim", b"\x06\x00\x00\x00a,b\n")
    write("csv", "training", b"\x00\x00\x00\x00" + read("tests", "data", "recovery", "training_team.csv"))


def json():
    docs = {
        "analysis": read("tests", "data", "recovery", "analysis_ana.json"),
        "object": b'{"file": "a.csv", "athlete": "ana", "date": "2026-03-01", "reps": [{"flags": ["lumbar_rounding"]}]}',
        "scalars": b'[null, true, false, 0, -0, 1.5e10, -2E-3, "s", [], {}]',
        "escapes": b'["\\"\\\\\\/\\b\\f\\n\\r\\t", "\\u00e9\\u20ac", "\\ud83d\\ude00", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"]',
        "bad_surrogate": b'["\\ud800"]',
        "bad_low": b'["\\udc00x"]',
        "u0000": b'["\\u0000"]',
        "bad_utf8": b'["\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"]',
        "control": b'["a\tb"]',
        "dup": b'{"a": 1, "b": 2, "a": 3}',
        "trailing_comma": b"[1, 2,]",
        "comment": b"// x\n[1]",
        "numbers": b"[0, 01, 1., .5, -, 1e, 1e999, -1e999, 1e-999, 123456789012345678901234567890]",
        "big": b"[1e308, 1.7976931348623157e308, 4.9e-324]",
        "bom": b"\xef\xbb\xbf{\"a\": []}",
        "nan": b"[NaN, Infinity]",
        "deep200": b"[" * 200 + b"]" * 200,
        "deep201": b"[" * 201 + b"]" * 201,
        "lines": b'{\n  "a":\n    [1,\n     2\n   x]\n}',
        "empty": b"",
        "ws": b" \t\r\n",
    }
    for i, (name, text) in enumerate(sorted(docs.items())):
        flags = 0x40 if name in ("analysis", "object") else 0
        write("json", name, bytes([flags | (i % 3 == 0) * (1 + i)]) + text)
    write("json", "analysis_oom", b"\x05" + docs["analysis"])


def session():
    ana = read("examples", "data", "2026-03-02_ana_set1.csv")
    seeds = {
        "ana_20hz": (0x00, every(ana, 5)),
        "ana_20hz_inplace": (0x40, every(ana, 5)),
        "ana_10hz_calibrate": (0x00, every(ana, 10), 0x3f),
        "ana_head": (0x04, head(ana, 400)),
        "ben_20hz": (0x40, every(read("examples", "data", "2026-03-02_ben_set1.csv"), 5)),
        "cai_video": (0x40, head(read("examples", "data", "2026-03-05_cai_video.csv"), 500)),
        "iso": (0x00, every(read("tests", "data", "sessions", "2026-03-02_ana_set1_iso.csv"), 10)),
        "ms": (0x00, every(read("tests", "data", "sessions", "2026-03-02_ana_set1_ms.csv"), 10)),
        "rad": (0x00, every(read("tests", "data", "sessions", "2026-03-02_ana_set1_rad.csv"), 10)),
        "reordered": (0x00, every(read("tests", "data", "sessions", "2026-03-02_ana_set1_reordered.csv"), 10)),
        "semicolon": (0x02, every(read("tests", "data", "sessions", "2026-03-02_ana_set1_semicolon.csv"), 10)),
        "bom_crlf": (0x00, every(read("tests", "data", "sessions", "2026-03-02_ana_set1_bom_crlf.csv"), 10)),
        "all": (0x00, every(read("tests", "data", "sessions", "2026-03-02_ana_set1_all.csv"), 10)),
    }
    for name, spec in sorted(seeds.items()):
        b0, text = spec[0], spec[1]
        b2 = spec[2] if len(spec) > 2 else 31
        write("session", name, bytes([b0, 100, b2, 0]) + text)
    # hand-written: metadata columns, gaps, missing values, text, lenient, fs, a mapping
    rows = [b"time_s,hip_deg,thoracic_deg,L1_S1_flex,athlete,date,set,load_kg,exercise,notes"]
    for i in range(300):
        t = i * 0.05
        hip = 80 * max(0.0, math.sin(t * 0.9)) ** 2
        val = b"" if i % 37 == 5 else b"%.3f" % hip
        rows.append(b"%.2f,%s,%.2f,%.2f,ana,2026-03-02,2,140,deadlift,%s" % (
            t + (0.5 if i > 150 else 0), val, 38 + hip / 8, -21 + hip / 10, b"x" if i % 50 == 0 else b""))
    write("session", "hand_meta_gap_map", bytes([0x10 | 0x04, 100, 31, 0]) + b"\n".join(rows) + b"\n")
    write("session", "hand_fs_no_time", bytes([0x08 | 0x20, 49, 4, 0]) +
          b"hip,trunk\n" + b"".join(b"%d,%d\n" % (80 * (i % 40 > 20), 30 * (i % 40 > 20)) for i in range(200)))
    write("session", "hand_backwards", bytes([0x04, 20, 31, 0]) +
          b"t,hip\n0,1\n0.01,2\n0.005,3\n0.02,nan\n0.03,inf\n0.04,abc\n0.05,1,2\n")
    write("session", "hand_irregular", bytes([0x40, 20, 6, 0]) +
          b"time_s,hip_deg\n" + b"".join(b"%.4f,%.2f\n" % (i * 0.02 + (0.003 if i % 3 else 0), 60 * (i % 60 > 30)) for i in range(250)))
    write("session", "oom", bytes([0x80, 100, 31, 40]) + every(ana, 10))
    # device formats (docs/formats.md, "Device formats"): detected by content
    mot = read("tests", "data", "opencap", "opencap_squats1.mot")
    rows = mot.splitlines(keepends=True)
    write("session", "dev_opensim", bytes([0x40, 100, 31, 0]) +
          b"".join(rows[:11]).replace(b"nRows=801", b"nRows=60") + b"".join(rows[11:311:5]))
    write("session", "dev_noraxon", bytes([0x40, 100, 31, 0]) +
          b"Noraxon MR3\r\nRate;100;Hz\r\ntime;Activity;Marker;Thoracic Flexion Fwd (deg);"
          b"Lumbar Flexion Fwd (deg);RT Hip Flexion (deg);LT Hip Flexion (deg)\r\n" +
          b"".join(b"%d,%02d;;;%d;%d;%d;%d\r\n" % (i // 100, i % 100, 38 + (i % 40 > 20) * 9,
                                                  -21 + (i % 40 > 20) * 12, 80 * (i % 40 > 20),
                                                  78 * (i % 40 > 20)) for i in range(300)))
    write("session", "dev_flextail", bytes([0x00, 100, 31, 0]) +
          b"User,Activity,Time,lumbarAngle,thoracicAngle,sagittal\n" +
          b"".join(b"ana,DL,%.2f,%.4f,%.4f,%.4f\n" % (i * 0.02, 0.3 * (i % 50 > 25), 0.5 + 0.2 * (i % 50 > 25),
                                                     0.8 * (i % 50 > 25)) for i in range(300)))


def logs():
    sore = read("tests", "data", "recovery", "soreness_team.csv")
    train = read("tests", "data", "recovery", "training_team.csv")
    ana = read("tests", "data", "recovery", "analysis_ana.json")
    strong = read("tests", "fuzz", "data", "strong.csv")
    sep = b"\n@@\n"
    write("logs", "team", b"\x00\x00" + sore + sep + train + sep + ana)
    write("logs", "team_on", b"\x08\x00" + sore + sep + train + sep + ana)
    write("logs", "strong", b"\x02\x00" + sore + sep + strong + sep)
    write("logs", "strong_athlete", b"\x22\x10" + sore + sep + strong)
    write("logs", "threshold", b"\x40\x0b" + sore + sep + train)
    write("logs", "oom", b"\x04\x1f" + sore + sep + train + sep + ana)
    bad = (b"date,athlete,region,severity,quality,sleep_h,flags,notes\n"
           b"2026-02-30,ana,hamstrings,3,ache,7.5,,\n"
           b"2026-03-02,ben,Lower back,11,itchy,25,,\n"
           b"2026-03-03,eli,lumbar,7,shooting|pins and needles,5,saddle_numbness|bladder,x\n"
           b"2026-03-04,eli,lumbar,8,numb,4,none\n"
           b"2026-03-05,,traps,2,,,,\n")
    btrain = (b"date;athlete;exercise;sets;reps;load_kg;rpe;duration_min\n"
              b"2026-03-01;eli;Romanian Deadlift;3;8;100;11;45\n"
              b"2026-03-02;eli;Rack Pull;-1;5;200;8;2000\n"
              b"2026-03-03;eli;Deadlift;5;5;;;\n")
    write("logs", "bad_rows_lenient", b"\x01\x00" + bad + sep + btrain)
    write("logs", "bad_rows", b"\x00\x00" + bad + sep + btrain)
    write("logs", "lbs", b"\x02\x00" + sore + sep +
          b"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Workout Duration\n"
          b"2026-03-01 10:00:00;A;Deadlift (Barbell);1;300;lbs;5;8;1h 2m 30s\n")


def signal():
    opts = bytes([0x07, 0x05, 0xff, 0x08, 0x40, 0x10, 0x01, 0x80,   # peaks
                  0x02, 100, 20, 0, 0, 0, 0, 0,                     # lowpass
                  19, 3, 1, 100, 0, 0, 0, 0,                        # savgol
                  5, 48, 64, 0, 0, 0, 0, 0,                         # despike
                  0x45, 0, 0, 0,                                    # fill
                  200, 0, 0, 0,                                     # resample
                  120, 0x80, 0, 0,                                  # unwrap
                  2, 20, 99, 1, 0, 0, 0, 0,                         # sections
                  90, 0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0])             # residual
    assert len(opts) == 63
    def trace(n, f):
        return b"".join(struct.pack("<h", max(-32768, min(32767, int(round(f(i) * 8))))) for i in range(n))
    write("signal", "reps", b"\x00" + opts + trace(600, lambda i: 80 * max(0, math.sin(i / 40)) ** 2 + 3 * math.sin(i)))
    write("signal", "noise", b"\x00" + opts + trace(300, lambda i: ((i * 7919) % 97) - 48))
    write("signal", "plateau", b"\x00" + opts + trace(200, lambda i: 10 if 50 < i % 100 < 70 else 0))
    write("signal", "short", b"\x00" + opts + trace(5, lambda i: i))
    write("signal", "oom", b"\x03" + opts + trace(400, lambda i: 50 * math.sin(i / 15)))
    raw = [0.0, 1.0, float("nan"), float("inf"), -float("inf"), 5e-324, 1e308, -1e308, 3.0, 2.0]
    write("signal", "raw", b"\x80" + opts + b"".join(struct.pack("<d", v) for v in raw * 8))
    write("signal", "raw_nan_runs", b"\x80" + opts + b"".join(
        struct.pack("<d", float("nan") if i % 25 < 3 else math.sin(i / 5) * 20) for i in range(300)))


def lua():
    scripts = {
        "load_analyze": b"""local hinge = require 'hinge'
local s = assert(hinge.load(DATA .. '/session.csv'))
local cols = s:columns(); s:schema(); s:timing(); s:gaps(); s:warnings()
local hip = s:column('hip'); print(#hip, hip:stats().mean)
local a = hinge.analyze(s, {thresholds = {lumbar_rounding_deg = 4}})
print(#a.reps, a.set.summary)
s:close()
""",
        "recovery": b"""local hinge = require 'hinge'
local r = assert(hinge.recovery.assess{soreness = DATA .. '/soreness.csv', training = DATA .. '/training.csv',
  analysis = DATA .. '/analysis.json', on = '2026-03-05', thresholds = {acwr_high = 1.3}})
for _, a in ipairs(r.athletes) do print(a.athlete, a.verdict, #a.findings) end
hinge.recovery.add_rule{id = 'x', verdict = 'reduce', check = function(ctx) return {message = 'm'} end}
print(pcall(hinge.recovery.assess, {soreness = DATA .. '/soreness.csv'}))
hinge.recovery.remove_rule('x')
print(hinge.recovery.load_metrics({1, 2, nil, 4}).last)
""",
        "strong": b"""local hinge = require 'hinge'
print(hinge.recovery.assess{soreness = {{date = '2026-03-02', athlete = 'ana', region = 'lower back', severity = 3}},
  training = DATA .. '/strong.csv', athlete = 'ana'})
print(hinge.recovery.load_metrics(DATA .. '/strong.csv', {athlete = 'ana'}))
""",
        "csv_json": b"""local hinge = require 'hinge'
local rows, header = hinge.csv.read(DATA .. '/training.csv')
print(#rows, header[1])
print(hinge.csv.read(DATA .. '/training.csv', {header = false, delimiter = ';'}))
local v = hinge.json.decode('{"a": [1, 2, {"b": null}], "c": "\\\\u00e9"}')
print(v.a[3].b == hinge.json.null, hinge.json.decode('[1,]'))
print(hinge.json.read(DATA .. '/analysis.json')[1].athlete)
""",
        "series": b"""local hinge = require 'hinge'
local x = hinge.series(500)
for i = 1, #x do x[i] = 40 * math.sin(i / 30) ^ 2 + (i % 7) end
print(hinge.find_peaks(x, {distance = 20, prominence = {5, nil}, width = {}}))
local y = hinge.lowpass(x, {fs = 100, cutoff = 6, order = 2})
print(hinge.savgol(x, {window = 11, order = 3, deriv = 1, fs = 100}))
print(hinge.despike(x, {fs = 100}), hinge.fill_gaps(x, {fs = 100, method = 'cubic'}))
print(hinge.residual_cutoff(x, {fs = 100}))
local sos = hinge.butter(4, 10, 100)
print(hinge.sosfiltfilt(x, sos), hinge.sosfilt_zi(sos), hinge.sosfiltfilt_padlen(sos))
print(hinge.unwrap(x, {period = 360}), hinge.resample({0, 0.1, 0.25}, {1, 2, 3}, {fs = 10}))
local t = x:totable(); x:close(); print(#x, #t)
""",
        "program": b"""local hinge = require 'hinge'
local program = require 'hinge.program'
local fmt = require 'hinge.fmt'
print(hinge.e1rm(140, 5), hinge.e1rm(140, 13), hinge.rpe_percent(3, 8.5), hinge.round_load(141.3, 2.5, 'down'))
print(hinge.plates(182.5), hinge.day_number('2026-02-29'), hinge.date(20514))
print(program.schedule{start = '2026-03-02', weeks = 2, days = {'mon', 'thu'}})
print(program.linear{start = 100, weeks = 6, deload_every = 3})
print(program.double_progression{load = 60, range = {8, 12}, achieved = {12, 12, 11}})
print(program.adjust({sets = 5, reps = 3, load = 140}, 'rest'))
print(fmt.table({{a = 1, b = 'x'}, {a = 2.25}}, {'a', {'b', 'B'}}, {decimals = 2}))
""",
        "sandbox": b"""print(pcall(io.open, '/etc/passwd'))
print(pcall(io.open, DATA .. '/x.txt', 'w'))
print(pcall(os.remove, DATA .. '/session.csv'))
print(pcall(os.execute, 'true'), pcall(io.popen, 'ls'), pcall(string.dump, print))
print(pcall(load, 'return 1', 'x', 'b'), load('return 1', 'x', 't')())
print(pcall(dofile, DATA .. '/../fuzz_lua.c'), pcall(require, 'nonexistent'))
print(pcall(loadfile, DATA .. '/session.csv'))
print(io.lines(DATA .. '/soreness.csv')())
print(require('hinge').files(DATA, '.csv'))
""",
        "limits": b"""local t = {}
print(pcall(function() for i = 1, 1e7 do t[i] = ('x'):rep(100) end end))
print(pcall(string.rep, 'x', 1e9))
while true do end
""",
        "coroutines": b"""local hinge = require 'hinge'
local co = coroutine.wrap(function() local s = hinge.load(DATA .. '/session.csv'); coroutine.yield(#s); error('x') end)
print(co(), pcall(co))
local s <close> = hinge.load(DATA .. '/session.csv', {fs = 20, lenient = true, map = {lumbar = 'lumbar_deg'}})
print(setmetatable({}, {__gc = function() hinge.series(10) end}))
collectgarbage()
""",
    }
    for name, text in sorted(scripts.items()):
        write("lua", name, text)
    sore = read("tests", "data", "recovery", "soreness_team.csv")
    write("lua_api", "session", b"\x00" + every(read("examples", "data", "2026-03-02_ana_set1.csv"), 10))
    write("lua_api", "session_lenient", b"\x1d" + every(read("examples", "data", "2026-03-05_cai_video.csv"), 3))
    write("lua_api", "soreness", b"\x25" + sore)
    write("lua_api", "training", b"\x01" + read("tests", "data", "recovery", "training_team.csv"))
    write("lua_api", "json", b"\x00" + read("tests", "data", "recovery", "analysis_ana.json"))
    write("lua_api", "trace", b"\x40" + b"".join(struct.pack("<h", int(800 * math.sin(i / 9))) for i in range(400)))


if __name__ == "__main__":
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for f in (numparse, csv, json, session, logs, signal, lua):
        f()
    for t in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, t))
        size = sum(os.path.getsize(os.path.join(OUT, t, f)) for f in files)
        print("%-10s %3d seeds %7d bytes" % (t, len(files), size))
