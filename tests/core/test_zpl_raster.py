"""``kolektor._core.ink_box``, ``stride``/``crop`` of ``encode_graphic`` and
``ZplLabel.graphic`` (rendered pages as PDFium leaves them), and
``code128_field_modules`` (``^BC`` field data read back)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor import _core


def page(width: int, height: int, stride: int, dots: list[tuple[int, int]]) -> bytes:
    """A white page with black dots; the padding past the width of each row is black, as
    garbage in a renderer's buffer may be."""
    pixels = bytearray(b"\x00" * (stride * height))
    for y in range(height):
        pixels[y * stride : y * stride + width] = b"\xff" * width
    for x, y in dots:
        pixels[y * stride + x] = 0
    return bytes(pixels)


def test_ink_box_ignores_row_padding_and_finds_the_ink() -> None:
    image = page(30, 10, 32, [(4, 2), (20, 7)])
    assert _core.ink_box(image, 30, 10, stride=32) == (4, 2, 17, 6)
    assert _core.ink_box(page(30, 10, 32, []), 30, 10, stride=32) is None
    light = bytes(b if b == 255 else 200 for b in image)
    assert _core.ink_box(light, 30, 10, stride=32) is None
    assert _core.ink_box(light, 30, 10, stride=32, threshold=201) == (4, 2, 17, 6)


def test_a_short_buffer_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expected at least 318 for 10 rows of 30 pixels"):
        _core.ink_box(bytes(100), 30, 10, stride=32)
    with pytest.raises(ValueError, match="row stride 20 is less than the width 30"):
        _core.ink_box(bytes(1000), 30, 10, stride=20)


@given(
    st.integers(1, 40),
    st.integers(1, 30),
    st.integers(0, 7),
    st.lists(st.tuples(st.integers(0, 39), st.integers(0, 29)), max_size=8),
)
def test_a_crop_encodes_as_that_part_of_the_image(
    width: int, height: int, pad: int, dots: list[tuple[int, int]]
) -> None:
    dots = [(x % width, y % height) for x, y in dots]
    stride = width + pad
    image = page(width, height, stride, dots)
    box = _core.ink_box(image, width, height, stride=stride)
    if box is None:
        assert not dots
        return
    x, y, w, h = box
    packed = bytes(
        image[row * stride + col] for row in range(y, y + h) for col in range(x, x + w)
    )  # fmt: skip
    assert _core.encode_graphic(image, width, height, stride=stride, crop=box) == (
        _core.encode_graphic(packed, w, h)
    )
    field = _core.decode_graphic(_core.encode_graphic(image, width, height, stride=stride,
                                                      crop=box))  # fmt: skip
    assert field.black_dots() == len(set(dots))


def test_the_label_places_a_cropped_graphic_in_bands() -> None:
    width, height = 800, 1300
    image = page(width, height, 800, [(10, 20), (790, 1190)])
    label = _core.ZplLabel(101.6, 152.4)
    box = _core.ink_box(image, width, height)
    assert box == (10, 20, 781, 1171)
    label.graphic(1, 1, image, width, height, crop=box)
    fields = _core.decode_graphics(label.zpl())
    assert len(fields) == 2 and sum(f.black_dots() for f in fields) == 2
    assert [int(y) for y in re.findall(r"\^FO8,(\d+)\^GF", label.zpl())] == [8, 8 + 586]


def test_crop_and_stride_are_checked() -> None:
    image = page(10, 10, 12, [(1, 1)])
    with pytest.raises(ValueError, match="crop of 5 × 5 at \\(8, 0\\) is not inside"):
        _core.encode_graphic(image, 10, 10, stride=12, crop=(8, 0, 5, 5))
    with pytest.raises(ValueError, match="crop x must not be negative"):
        _core.encode_graphic(image, 10, 10, stride=12, crop=(-1, 0, 5, 5))
    with pytest.raises(ValueError, match="grayscale"):
        _core.encode_graphic(bytes(20), 10, 10, mode="1", crop=(0, 0, 5, 5))


@given(st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=30))
def test_the_builders_code_128_fields_read_back_to_the_same_bars(text: str) -> None:
    label = _core.ZplLabel(1000, 50)
    label.code128(1, 1, text, height=10, hri=False)
    data = re.search(r"\^FD(.*)\^FS", label.zpl())
    assert data is not None
    assert _core.code128_field_modules(data[1]) == (_core.code128_modules(text), text)


def test_gs1_mode_d_is_the_builders_gs1_128() -> None:
    label = _core.ZplLabel(200, 50)
    label.gs1_128(1, 1, "(01)05901234123457(10)ABC(21)7", height=10, hri=False)
    data = re.search(r"\^FD(.*)\^FS", label.zpl())
    assert data is not None
    normal = _core.code128_field_modules(data[1])
    ucc = _core.code128_field_modules("(01)05901234123457(10)ABC(21)7", "D")
    assert ucc[0] == normal[0]
    assert ucc[1] == "(01)05901234123457(10)ABC(21)7"


@pytest.mark.parametrize(
    ("data", "mode", "message"),
    [(">;123", "N", "subset C takes pairs of digits"), ("AB", "U", "mode \"U\""),
     (">:A>2", "N", "\">2\" in subset B is not supported"), ("Łódź", "N", "only contain ASCII")],
)  # fmt: skip
def test_fields_that_cannot_be_read_say_why(data: str, mode: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        _core.code128_field_modules(data, mode)  # type: ignore[arg-type]
