"""``kolektor._core`` ^GF graphics: ``encode_graphic``, ``decode_graphic(s)``, ``GraphicField``.

Round trips are checked against a plain Python packer (MSB first, 1 = black), so the
packing itself is verified, not only encode∘decode.
"""

from __future__ import annotations

import base64
import itertools
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor import _core

ENCODINGS = ("z64", "acs", "b64", "hex")

#: A Z64 field written by ZebraDesigner (Zebra's label software) and printed by Zebra
#: printers, as found in public code that sends it to the printer.
ZEBRADESIGNER = "^FO256,544^GFA,00384,00384,00004,:Z64:\neJxjYBhkgLEBgampdpACAIKcAwc=:D425\n"


def pack(gray: bytes, width: int, height: int, threshold: int = 128) -> bytes:
    """The reference: pixels below the threshold are black (1), rows padded to bytes."""
    out = bytearray()
    for y in range(height):
        row = gray[y * width : (y + 1) * width]
        for start in range(0, width, 8):
            byte = 0
            for k, p in enumerate(row[start : start + 8]):
                byte |= (p < threshold) << (7 - k)
            out.append(byte)
    return bytes(out)


def crc16_xmodem(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


@st.composite
def images(draw: st.DrawFn) -> tuple[bytes, int, int]:
    """Grayscale images of random sizes with runs, repeated rows and noise."""
    width = draw(st.integers(1, 120))
    height = draw(st.integers(1, 30))
    rows: list[bytes] = []
    for _ in range(height):
        kind = draw(st.sampled_from(["repeat", "runs", "noise"]))
        if kind == "repeat" and rows:
            rows.append(rows[-1])
        elif kind == "runs":
            row = bytearray()
            while len(row) < width:
                row += bytes([draw(st.sampled_from([0, 255, 100]))]) * draw(st.integers(1, 60))
            rows.append(bytes(row[:width]))
        else:
            rows.append(draw(st.binary(min_size=width, max_size=width)))
    return b"".join(rows), width, height


@given(images(), st.sampled_from(ENCODINGS))
def test_random_bitmaps_round_trip(image: tuple[bytes, int, int], encoding: str) -> None:
    gray, width, height = image
    zpl = _core.encode_graphic(gray, width, height, encoding=encoding)  # type: ignore[arg-type]
    d = (width + 7) // 8
    assert zpl.startswith(f"^GFA,{d * height},{d * height},{d},")
    assert "^" not in zpl[1:] and "~" not in zpl
    field = _core.decode_graphic(zpl)
    assert field.bits == pack(gray, width, height)
    assert (field.width, field.height, field.bytes_per_row) == (d * 8, height, d)
    assert field.encoding == encoding or (encoding, field.encoding) == ("acs", "hex")
    x, y = width - 1, height - 1
    assert field.pixel(x, y) == (gray[y * width + x] < 128)


@given(images())
def test_z64_is_zlib_and_base64_with_an_xmodem_crc(image: tuple[bytes, int, int]) -> None:
    gray, width, height = image
    zpl = _core.encode_graphic(gray, width, height)
    text, crc = zpl.split(":Z64:")[1].split(":")
    assert crc == f"{crc16_xmodem(text.encode()):04X}"
    assert zlib.decompress(base64.b64decode(text)) == pack(gray, width, height)


def test_a_zebradesigner_field_decodes_and_its_crc_is_xmodem() -> None:
    field = _core.decode_graphic(ZEBRADESIGNER)
    assert (field.width, field.height, field.encoding) == (32, 96, "z64")
    assert crc16_xmodem(b"eJxjYBhkgLEBgampdpACAIKcAwc=") == 0xD425


@pytest.mark.parametrize("kind", ["z64", "b64"])
def test_a_corrupted_crc_is_rejected(kind: str) -> None:
    zpl = _core.encode_graphic(bytes(range(256)) * 4, 64, 16, encoding=kind)  # type: ignore[arg-type]
    head, crc = zpl.rsplit(":", 1)
    wrong = f"{(int(crc, 16) + 1) % 0x10000:04X}"
    with pytest.raises(ValueError) as error:
        _core.decode_graphic(f"{head}:{wrong}")
    assert str(error.value) == (
        f"cannot decode ^GF: CRC mismatch: the field says {wrong}, the data gives {crc} "
        "(CRC-16/XMODEM of the base64 text); the data was changed or cut"
    )
    # A changed data character is caught by the CRC too.
    marker = f":{kind.upper()}:"
    i = zpl.index(marker) + len(marker) + 3
    flipped = zpl[:i] + ("A" if zpl[i] != "A" else "B") + zpl[i + 1 :]
    with pytest.raises(ValueError, match="CRC mismatch"):
        _core.decode_graphic(flipped)


def test_threshold_of_a_gradient_gives_one_edge() -> None:
    width, height = 256, 8
    gray = bytes(x for _ in range(height) for x in range(width))
    field = _core.decode_graphic(_core.encode_graphic(gray, width, height, encoding="acs"))
    for y in range(height):
        row = [field.pixel(x, y) for x in range(width)]
        assert sum(a != b for a, b in itertools.pairwise(row)) == 1
        assert row.index(False) == 128
    lighter = _core.decode_graphic(_core.encode_graphic(gray, width, height, threshold=64))
    assert lighter.black_dots() == 64 * height


def test_dithering_density_follows_the_gray_level() -> None:
    # Vertical bands of constant gray; the share of black dots in each ≈ 1 − gray/255.
    levels = [0, 32, 64, 96, 128, 160, 192, 224, 255]
    band, height = 64, 64
    width = band * len(levels)
    gray = bytes(levels[x // band] for _ in range(height) for x in range(width))
    field = _core.decode_graphic(_core.encode_graphic(gray, width, height, dither=True))
    for k, level in enumerate(levels):
        black = sum(
            field.pixel(x, y)
            for y in range(8, height)
            for x in range(k * band + 4, (k + 1) * band - 4)
        )
        share = black / ((height - 8) * (band - 8))
        assert share == pytest.approx(1 - level / 255, abs=0.03), level
    # The threshold turns the same bands into solid black and solid white only.
    solid = _core.decode_graphic(_core.encode_graphic(gray, width, height))
    assert solid.black_dots() == 4 * band * height


def test_pil_one_bit_images_are_inverted() -> None:
    # PIL "1": packed, MSB first, 1 = white.  A 10 × 2 image: left half white, right black.
    pil = bytes([0b1111_1000, 0b0000_0000]) * 2
    field = _core.decode_graphic(_core.encode_graphic(pil, 10, 2, mode="1", encoding="hex"))
    assert field.bits == bytes([0b0000_0111, 0b1100_0000]) * 2


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: _core.encode_graphic(b"\0" * 1000, 812, 1218),
            "image has 1000 bytes, expected 812 × 1218 = 989016",
        ),
        (
            lambda: _core.encode_graphic(b"\0" * 10, 812, 1218, mode="1"),
            "1-bit image has 10 bytes, expected 102 × 1218 = 124236",
        ),
        (lambda: _core.encode_graphic(b"", 0, 5), "width must be at least 1 dot, not 0"),
        (
            lambda: _core.encode_graphic(b"\0", 1, 1, threshold=300),
            "threshold must be 0 to 255, not 300",
        ),
        (
            lambda: _core.encode_graphic(b"\0", 1, 1, encoding="png"),
            'graphic encoding "png" is not one of z64, acs, b64, hex',
        ),
        (lambda: _core.encode_graphic(b"\0", 1, 1, mode="RGB"), 'mode "RGB" is not "L"'),
    ],
)
def test_bad_images_say_what_is_wrong(call: object, message: str) -> None:
    with pytest.raises(ValueError) as error:
        call()  # type: ignore[operator]
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    ("zpl", "message"),
    [
        ("^XA^XZ", "there is no ^GF command"),
        ("^GFA,4,4,3,FFFFFF", "c (4) is not a multiple of d (3): the rows would not be whole"),
        ("^GFA,8,4,2,FFFF", "b (8) must equal c (4) for ^GFA"),
        ("^GFA,4,4,2,FFFF", "the data ends after 1 of 2 rows; c = 4 bytes"),
        ("^GFA,4,4,2,FFFF,,,", "the data continues past c = 4 bytes (2 rows) at row 3"),
        ("^GFA,4,4,2,:FFFF,", "':' (repeat the previous row) on the first row"),
        ("^GFB,4,4,2,xxxx", "^GFB (binary) is not supported"),
        ("^GFA,4,4,2,:Z64:eJxjYBhkgLEBgampdpACAIKcAwc=", "Z64 data has no CRC"),
    ],
)
def test_bad_fields_are_rejected_with_a_reason(zpl: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        _core.decode_graphic(zpl)
    assert str(error.value).startswith(f"cannot decode ^GF: {message}")


def test_graphic_field_accessors() -> None:
    field = _core.decode_graphic("^FO0,0^GFA,4,4,2,FF,:^FS")
    assert repr(field) == "GraphicField(width=16, height=2, bytes_per_row=2, encoding='acs')"
    assert field.bits == b"\xff\x00\xff\x00"
    assert field.black_dots() == 16
    assert field.pixel(7, 1) and not field.pixel(8, 1)
    with pytest.raises(IndexError, match=r"\(16, 0\) is outside the 16 × 2 graphic"):
        field.pixel(16, 0)
    assert field == _core.decode_graphic("^GFA,4,4,2,FF00FF00")
    assert field != _core.decode_graphic("^GFA,4,4,2,FF00FF01")
