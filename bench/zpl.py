"""^GF encoding of a whole 4 × 6 in label at 203 dpi (812 × 1218 dots).

The image is a synthetic grayscale rendering of a shipping label, as a PDF rasteriser would
give it: anti-aliased text lines, a Code 128-like barcode and a 2D-code-like block (hard
edges), boxes, and a photo-like shaded area.  It is encoded to ``^GFA`` as Z64 and as ACS,
by threshold and by Floyd–Steinberg dithering, through ``kolektor._core.encode_graphic``
and through ``ZplLabel.graphic`` (which also splits the field into bands of < 100 000
bytes).  Medians over repeated runs; the baseline, measured in the same process, is a
straightforward pure-Python threshold + packing + hex encoding of the same image.

    .venv/bin/python bench/zpl.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from collections.abc import Callable
from functools import partial

from kolektor import _core

WIDTH, HEIGHT = 812, 1218


def label_image(seed: int = 184) -> bytes:
    """A grayscale (0 = black, 255 = white) 812 × 1218 shipping-label-like image."""
    rng = random.Random(seed)
    rows = [bytearray(b"\xff" * WIDTH) for _ in range(HEIGHT)]

    def fill(x0: int, y0: int, x1: int, y1: int, value: int) -> None:
        for y in range(max(y0, 0), min(y1, HEIGHT)):
            rows[y][max(x0, 0) : min(x1, WIDTH)] = bytes([value]) * (min(x1, WIDTH) - max(x0, 0))

    # Frame and rules.
    fill(16, 16, 796, 20, 0)
    fill(16, 1198, 796, 1202, 0)
    fill(16, 16, 20, 1202, 0)
    fill(792, 16, 796, 1202, 0)
    for y in (224, 496, 703, 943):
        fill(16, y, 796, y + 4, 0)

    # Text lines: words of glyph-like strokes with a gray anti-aliasing fringe.
    def text_line(x: int, y: int, height: int, width: int) -> None:
        while x < width:
            word = rng.randint(3, 9)
            for _ in range(word):
                glyph = int(height * rng.uniform(0.45, 0.7))
                stroke = max(2, height // 8)
                fill(x, y, x + stroke, y + height, 0)
                fill(x + stroke, y, x + stroke + 1, y + height, 128)
                if rng.random() < 0.6:
                    fill(x, y, x + glyph, y + stroke, 0)
                if rng.random() < 0.6:
                    fill(x, y + height - stroke, x + glyph, y + height, 0)
                if rng.random() < 0.4:
                    fill(x + glyph - stroke, y, x + glyph, y + height, 0)
                x += glyph + stroke
            x += height // 2

    for y, height, width in [(40, 20, 300), (68, 24, 520), (96, 24, 480), (124, 24, 400)]:
        text_line(64, y, height, width)
    for k in range(4):
        text_line(64, 272 + 46 * k, 40, 700)
    text_line(64, 460, 24, 600)
    text_line(511, 979, 28, 760)
    text_line(64, 1159, 20, 760)

    # A Code 128-like barcode (3-dot modules) and an SSCC-like one (4-dot modules).
    def barcode(x: int, y: int, height: int, module: int, modules: int) -> None:
        bar = True
        end = x + modules * module
        while x < end:
            width = rng.randint(1, 4) * module
            if bar:
                fill(x, y, x + width, y + height, 0)
            bar = not bar
            x += width

    barcode(64, 539, 120, 3, 167)
    barcode(64, 739, 160, 4, 156)
    text_line(200, 907, 24, 560)

    # Two 2D-code-like blocks.
    for x0, y0, module, n in [(64, 967, 4, 22), (240, 959, 4, 41)]:
        for j in range(n):
            for i in range(n):
                if rng.random() < 0.5:
                    x, y = x0 + i * module, y0 + j * module
                    fill(x, y, x + module, y + module, 0)

    # A photo-like shaded area: a lit sphere over a gradient, 176 × 176 at the top right,
    # and a wide gradient strip under the recipient.
    for y in range(32, 208):
        row = rows[y]
        for x in range(599, 775):
            u, v = (x - 687) / 88, (y - 120) / 88
            r2 = u * u + v * v
            if r2 < 1:
                light = max(0.0, -0.5 * u - 0.6 * v + 0.62 * math.sqrt(1 - r2))
                row[x] = min(255, int(40 + 215 * light))
            else:
                row[x] = int(200 + 40 * math.sin(x / 9) * math.cos(y / 13))
    for y in range(620, 700):
        row = rows[y]
        for x in range(420, 780):
            row[x] = int(255 * (x - 420) / 360 * (0.6 + 0.4 * math.sin(y / 7)))
    return b"".join(rows)


def python_baseline(gray: bytes) -> str:
    """Threshold, pack MSB first (1 = black), ^GFA plain hex — the obvious Python."""
    d = (WIDTH + 7) // 8
    packed = bytearray()
    for y in range(HEIGHT):
        row = gray[y * WIDTH : (y + 1) * WIDTH]
        for start in range(0, WIDTH, 8):
            byte = 0
            for k, p in enumerate(row[start : start + 8]):
                if p < 128:
                    byte |= 0x80 >> k
            packed.append(byte)
    c = d * HEIGHT
    return f"^GFA,{c},{c},{d},{packed.hex().upper()}"


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    gray = label_image()
    baseline = median_ms(lambda: python_baseline(gray), max(3, args.repeat // 10))
    reference = _core.decode_graphic(python_baseline(gray)).bits
    hex_size = len(python_baseline(gray))
    print(f"image {WIDTH} × {HEIGHT} (4 × 6 in at 203 dpi), repeat {args.repeat}")
    print(f"baseline  Python threshold + pack + hex   {baseline:9.3f} ms  {hex_size:7d} bytes")

    def label_graphic(encoding: str, dither: bool) -> str:
        label = _core.ZplLabel(101.6, 152.4)
        label.graphic(0, 0, gray, WIDTH, HEIGHT, dither=dither, encoding=encoding)
        return label.zpl()

    for dither in (False, True):
        conversion = "dithered " if dither else "threshold"
        for encoding in ("z64", "acs"):
            encode = partial(
                _core.encode_graphic, gray, WIDTH, HEIGHT, dither=dither, encoding=encoding
            )
            zpl = encode()
            if not dither:
                assert _core.decode_graphic(zpl).bits == reference
            ms = median_ms(encode, args.repeat)
            print(
                f"encode_graphic   {conversion} {encoding}          {ms:9.3f} ms  "
                f"{len(zpl):7d} bytes  ({baseline / ms:5.0f}× baseline)"
            )
        label_zpl = label_graphic("z64", dither)
        ms = median_ms(partial(label_graphic, "z64", dither), args.repeat)
        print(
            f"ZplLabel.graphic {conversion} z64, banded  {ms:9.3f} ms  "
            f"{len(label_zpl):7d} bytes  ({baseline / ms:5.0f}× baseline)"
        )
    z64 = _core.encode_graphic(gray, WIDTH, HEIGHT)
    acs = _core.encode_graphic(gray, WIDTH, HEIGHT, encoding="acs")
    for name, zpl in (("z64", z64), ("acs", acs)):
        ms = median_ms(partial(_core.decode_graphic, zpl), args.repeat)
        print(f"decode_graphic   threshold {name}          {ms:9.3f} ms")


if __name__ == "__main__":
    main()
