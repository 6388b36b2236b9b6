"""Reading barcodes back in tests: the text of a ZPL ``^BC`` field (mode N), and Code 128
symbols decoded from the bars of a rendered PDF page — independently of Kolektor's own
encoder (its own table of bar widths)."""

from __future__ import annotations

import pypdfium2

ZPL_ESCAPES = {"0": ">", "<": "^", "=": "~"}


def code128_field_text(data: str) -> str:
    """The text a ``^BC`` mode-N field encodes: invocation codes (``>:`` start B, ``>;``
    start C, ``>5`` code C, ``>6`` code B) followed, ``>0`` ``><`` ``>=`` unescaped."""
    text, subset, i = [], "B", 0
    while i < len(data):
        if data[i] == ">":
            command = data[i + 1]
            i += 2
            if command in ":6":
                subset = "B"
            elif command in ";5":
                subset = "C"
            else:
                text.append(ZPL_ESCAPES[command])
            continue
        if subset == "C":
            pair = data[i : i + 2]
            assert pair.isdigit() and len(pair) == 2, data
            text.append(pair)
            i += 2
        else:
            text.append(data[i])
            i += 1
    return "".join(text)


_CODE128_WIDTHS = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 "
    "112232 122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131 "
    "311222 321122 321221 312212 322112 322211 212123 212321 232121 111323 131123 131321 "
    "112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121 "
    "313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 112412 122114 "
    "122411 142112 142211 241211 221114 413111 241112 134111 111242 121142 121241 114212 "
    "124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 "
    "114311 411113 411311 113141 114131 311141 411131 211412 211214 211232"
)
CODE128 = _CODE128_WIDTHS.split()
"""Code 128's symbol characters 0–105 as bar/space widths (ISO/IEC 15417, table 1)."""


def decode_code128(runs: list[int]) -> str:
    """The text of a Code 128 symbol from its bar and space widths in pixels (a bar first,
    the stop's seven runs last): modules found from the symbol's total width, each
    character looked up, the check character verified, subsets B and C followed."""
    characters = (len(runs) - 7) // 6
    assert len(runs) == 6 * characters + 7, len(runs)
    module = sum(runs) / (11 * characters + 13)
    widths = [round(run / module) for run in runs]
    assert widths[-7:] == [2, 3, 3, 1, 1, 1, 2], "no stop character"
    values = [CODE128.index("".join(map(str, widths[6 * k : 6 * k + 6])))
              for k in range(characters)]  # fmt: skip
    *data, check = values
    assert check == (data[0] + sum(i * v for i, v in enumerate(data[1:], 1))) % 103
    text, subset = [], {104: "B", 105: "C"}[data[0]]
    for value in data[1:]:
        if subset == "C":  # 00–99 digit pairs, 100 code B
            if value == 100:
                subset = "B"
            else:
                assert value < 100, value
                text.append(f"{value:02d}")
        elif value == 99:  # in subset B: code C
            subset = "C"
        else:
            assert value < 95, value  # FNC and code A are never written
            text.append(chr(value + 32))
    return "".join(text)


def symbols_in(row: bytes) -> list[list[int]]:
    """The runs of dark and light pixels in a row, cut where the light is wider than a
    quiet zone: each piece from its first dark run to its last (a barcode, if any)."""
    runs: list[tuple[bool, int]] = []
    for value in row:
        dark = value < 128
        if runs and runs[-1][0] == dark:
            runs[-1] = (dark, runs[-1][1] + 1)
        else:
            runs.append((dark, 1))
    pieces: list[list[int]] = [[]]
    for dark, width in runs:
        if not dark and width > 50:  # a quiet zone (a space inside a symbol is ≤ 30 px)
            pieces.append([])
        elif pieces[-1] or dark:
            pieces[-1].append(width)
    return [piece[: len(piece) - (len(piece) % 2 == 0)] for piece in pieces if len(piece) > 30]


def barcodes_on(page: pypdfium2.PdfPage) -> list[str]:
    """Every barcode on the page, read from the page rendered at 8 × 72 dpi (a 0.33 mm
    module is 7.5 pixels wide), a row every 4 pixels; a symbol is read once."""
    bitmap = page.render(scale=8, grayscale=True)
    width, stride = bitmap.width, bitmap.stride
    pixels = bytes(bitmap.buffer)
    bitmap.close()
    found: list[str] = []
    last_read = -1000
    for y in range(0, bitmap.height, 4):
        if y - last_read < 320:  # the rest of a symbol just read (its 13 mm: 295 pixels)
            continue
        for piece in symbols_in(pixels[y * stride : y * stride + width]):
            try:
                found.append(decode_code128(piece))
            except (AssertionError, ValueError, KeyError):
                continue  # a row of text, not bars
            last_read = y
    return found
