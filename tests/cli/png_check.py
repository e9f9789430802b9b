#!/usr/bin/env python3
"""png_check.py IMAGE MIN_FRACTION: exit 0 when at least MIN_FRACTION of
the pixels are not near-white (a page that drew something), 1 otherwise.
Reads 8-bit PNG (grey, RGB, RGBA; non-interlaced) with the standard
library only, and binary PGM (P5) as pdftoppm -gray writes it."""
import sys
import zlib


def png_pixels(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
            depth, ctype, interlace = body[8], body[9], body[12]
            assert depth == 8 and interlace == 0 and ctype in (0, 2, 4, 6), "unsupported PNG"
            bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride = zlib.decompress(idat), w * bpp
    prev, out = bytearray(stride), []
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    channels = 1 if bpp <= 2 else 3
    return [min(row[x * bpp:x * bpp + channels]) for row in out for x in range(w)]


def pgm_pixels(data):
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace(): pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace(): end += 1
        parts.append(data[pos:end])
        pos = end
    assert parts[0] == b"P5" and parts[3] == b"255", "not an 8-bit PGM"
    return list(data[pos + 1:])


data = open(sys.argv[1], "rb").read()
px = png_pixels(data) if data[:4] == b"\x89PNG" else pgm_pixels(data)
inked = sum(1 for v in px if v < 200) / max(1, len(px))
print("%s: %.2f%% of %d pixels drawn" % (sys.argv[1], 100 * inked, len(px)))
sys.exit(0 if inked >= float(sys.argv[2]) else 1)
