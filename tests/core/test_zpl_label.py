"""``kolektor._core.ZplLabel``: the label builder, its escaping and its scaling."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor import _core

FOUR_BY_SIX = (101.6, 152.4)


def body(label: _core.ZplLabel) -> list[str]:
    """The element lines of a label (without the header and the ^PQ/^XZ line).  Split at
    "\n" only: ZPL lines end with LF, and text may hold other line separators (U+0085…)."""
    return label.zpl().split("\n")[1:-2]


def field_data(line: str) -> tuple[bool, str]:
    """Whether a field line has ^FH_, and its raw ^FD data."""
    match = re.search(r"(\^FH_)?\^FD(.*)\^FS$", line)
    assert match, line
    return match.group(1) is not None, match.group(2)


def printed_text(data: str, *, block: bool) -> str:
    """What a printer prints for text field data: _XX hex escapes (^FH_) become bytes, and
    in a field block \\& is a line break and \\\\ a backslash.  Written independently of
    the Rust unescaper."""
    out = bytearray()
    i = 0
    while i < len(data):
        c = data[i]
        if c == "_":
            out.append(int(data[i + 1 : i + 3], 16))
            i += 3
        elif block and c == "\\":
            out += {"&": b"\n", "\\": b"\\"}[data[i + 1]]
            i += 2
        else:
            out += c.encode()
            i += 1
    return out.decode()


@pytest.mark.parametrize(
    ("dpmm", "header"),
    [
        (8, "^XA^CI28^PW812^LL1218^LH0,0"),
        (12, "^XA^CI28^PW1200^LL1800^LH0,0"),
        (24, "^XA^CI28^PW2400^LL3600^LH0,0"),
    ],
)
def test_four_by_six_inches_at_every_resolution(dpmm: int, header: str) -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX, dpmm)
    assert label.zpl() == f"{header}\n^PQ1^XZ\n"
    assert (label.dpmm, label.dpi) == (dpmm, {8: 203, 12: 300, 24: 600}[dpmm])
    assert label.width_dots == label.dots(101.6)


@pytest.mark.parametrize("dpmm", [0, 6, 10, 16, 300, -8])
def test_other_resolutions_are_rejected(dpmm: int) -> None:
    with pytest.raises(ValueError) as error:
        _core.ZplLabel(*FOUR_BY_SIX, dpmm)
    assert str(error.value) == (
        f"resolution {dpmm} dpmm is not supported: use 8, 12 or 24 dots per mm "
        "(203, 300 or 600 dpi)"
    )


def test_copies_and_repr() -> None:
    label = _core.ZplLabel(100, 150, 12, copies=2)
    assert label.zpl().endswith("^PQ2^XZ\n")
    assert repr(label) == "ZplLabel(width_mm=100.0, height_mm=150.0, dpmm=12, copies=2)"
    with pytest.raises(ValueError, match="copies must be 1 to 99999999, not 0"):
        _core.ZplLabel(100, 150, copies=0)


def test_polish_text_is_raw_utf8() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    label.text(5, 5, "Zażółć gęślą jaźń – Łódź, ul. Św. Ducha 7", height=4)
    assert body(label) == ["^FO40,40^A0N,32,32^FDZażółć gęślą jaźń – Łódź, ul. Św. Ducha 7^FS"]


def test_text_rotation_width_and_block() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    block = _core.TextBlock(88, lines=4, align="C")
    address = "Jan Kowalski\nul. Długa 5\\7"
    label.text(8, 34, address, height=5.5, width=5, rotation="R", block=block)
    assert body(label) == ["^FO64,272^A0R,44,40^FB703,4,0,C,0^FDJan Kowalski\\&ul. Długa 5\\\\7^FS"]


@given(st.text(max_size=60), st.booleans())
def test_any_text_prints_as_given_and_never_escapes_its_field(text: str, in_block: bool) -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    block = _core.TextBlock(80, lines=3) if in_block else None
    label.text(5, 5, text, height=3, block=block)
    zpl = label.zpl()
    [line] = body(label)
    hex_escaped, data = field_data(line)
    assert "^" not in data
    assert "~" not in data
    assert not any(ord(c) < 0x20 or c == "\x7f" for c in data)
    assert printed_text(data, block=in_block) == text
    assert hex_escaped == ("_" in data)
    assert "~" not in zpl
    assert zpl.count("^XZ") == 1
    assert zpl.endswith("^PQ1^XZ\n")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("^XZ", "^FO0,0^A0N,24,24^FH_^FD_5EXZ^FS"),
        ("~JR", "^FO0,0^A0N,24,24^FH_^FD_7EJR^FS"),
        ("kod_bramy", "^FO0,0^A0N,24,24^FH_^FDkod_5Fbramy^FS"),
        ("a\nb", "^FO0,0^A0N,24,24^FH_^FDa_0Ab^FS"),
        ("C:\\dane", "^FO0,0^A0N,24,24^FH_^FDC:_5Cdane^FS"),
    ],
)
def test_commands_in_text_are_hex_escaped(text: str, line: str) -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    label.text(0, 0, text, height=3)
    assert body(label) == [line]


def test_font_too_small_and_outside_the_label() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    with pytest.raises(ValueError) as error:
        label.text(5, 5, "x", height=1)
    assert str(error.value) == (
        "text height 1 mm is 8 dots at 203 dpi; font 0 needs at least 10 dots (1.19 mm)"
    )
    with pytest.raises(ValueError) as error:
        label.text(5, 160, "x", height=3)
    assert str(error.value) == "text at x = 5 mm, y = 160 mm is outside the 101.6 × 152.4 mm label"
    with pytest.raises(ValueError, match='rotation "X" is not one of N'):
        label.text(5, 5, "x", height=3, rotation="X")  # type: ignore[arg-type]
    assert body(label) == []


def test_code128_chooses_subsets_itself() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    label.code128(8, 67.5, "620000123456789012345678", height=15)
    label.code128(8, 10, "KOL>1^2~", height=10, hri=False, rotation="B")
    assert body(label) == [
        "^FO64,539^BY3^BCN,120,Y,N,N,N^FD>;620000123456789012345678^FS",
        "^FO64,80^BY3^BCB,80,N,N,N,N^FD>:KOL>01><2>=^FS",
    ]
    with pytest.raises(ValueError) as error:
        label.code128(8, 10, "Łódź", height=10)
    assert str(error.value) == (
        "Code 128 data may only contain printable ASCII (space to ~); 'Ł' at position 1 is not"
    )


def test_gs1_128_from_a_string_or_pairs() -> None:
    a = _core.ZplLabel(*FOUR_BY_SIX)
    a.gs1_128(8, 92.5, "(00)059012340000001236", height=20)
    b = _core.ZplLabel(*FOUR_BY_SIX)
    b.gs1_128(8, 92.5, [("00", "059012340000001236")], height=20)
    assert a.zpl() == b.zpl()
    assert body(a) == [
        "^FO64,739^BY4^BCN,160,N,N,N,N^FD>;>800059012340000001236^FS",
        "^FO64,907^A0N,24,24^FB624,1,0,C,0^FD(00)059012340000001236^FS",
    ]


def test_gs1_128_separates_variable_length_elements() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    label.gs1_128(5, 5, "(01)05901234123457(10)LOT7(17)271231", height=15, module=0.25, hri=False)
    [line] = body(label)
    # Start C, FNC1, the GTIN and "10" in pairs; LOT7 in B; FNC1; back to C for (17).
    assert line.endswith("^FD>;>8010590123412345710>6LOT7>8>517271231^FS")


@pytest.mark.parametrize(
    ("elements", "message"),
    [
        ("(00)059012340000001235", "GS1 element (00)059012340000001235: check digit is 5"),
        ("059012340000001236", 'GS1 string "059012340000001236" must start with an AI'),
        ([("10", "AB#")], "GS1 element (10) contains '#', which is not in GS1's character set"),
        ([], "a GS1 barcode needs at least one element"),
    ],
)
def test_gs1_errors_name_the_element(elements: object, message: str) -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    with pytest.raises(ValueError) as error:
        label.gs1_128(5, 5, elements, height=15)  # type: ignore[arg-type]
    assert str(error.value).startswith(message)


def test_gs1_elements_of_the_wrong_type() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    with pytest.raises(TypeError, match="GS1 elements must be a string"):
        label.gs1_128(5, 5, 42, height=15)  # type: ignore[arg-type]


def test_qr_escapes_and_error_correction() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    label.qr(30, 120, "https://kolektor.example/t?nr=62&utm_source=etykieta")
    label.qr(30, 60, "HELLO", module=0.75, error_correction="H")
    assert body(label) == [
        "^FO240,959^BQN,2,4^FH_^FDQA,https://kolektor.example/t?nr=62&utm_5Fsource=etykieta^FS",
        "^FO240,480^BQN,2,6^FDHA,HELLO^FS",
    ]
    with pytest.raises(ValueError, match="QR code data must be ASCII"):
        label.qr(30, 60, "zażółć")


def test_datamatrix_plain_and_gs1() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    label.datamatrix(8, 121, "(00)059012340000001236(410)5901234123457(420)00116", gs1=True)
    label.datamatrix(8, 100, [("01", "05901234123457"), ("10", "A_1"), ("21", "7")], gs1=True)
    label.datamatrix(8, 80, "ZK 184/2026^", rotation="R")
    assert body(label) == [
        "^FO64,967^BXN,4,200,,,,_^FD_100059012340000001236410590123412345742000116^FS",
        "^FO64,799^BXN,4,200,,,,_^FD_1010590123412345710A__1_1217^FS",
        "^FO64,639^BXR,4,200,,,,_^FH\\^FDZK 184/2026\\5E^FS",
    ]
    with pytest.raises(TypeError, match="DataMatrix data must be a string"):
        label.datamatrix(8, 80, [("01", "05901234123457")])


def test_boxes_and_lines() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    label.box(2, 2, 97.6, 148.4, thickness=0.5, rounding=1)
    label.line(2, 28, 97.6, thickness=0.5)
    label.line(50, 28, 30, vertical=True)
    assert body(label) == [
        "^FO16,16^GB780,1186,4,B,1^FS",
        "^FO16,224^GB780,4,4^FS",
        "^FO400,224^GB2,240,2^FS",
    ]
    with pytest.raises(ValueError, match="box rounding must be 0 to 8, not 9"):
        label.box(2, 2, 10, 10, rounding=9)


def test_layout_scales_with_whole_dot_modules() -> None:
    lines = {}
    for dpmm in (8, 12, 24):
        label = _core.ZplLabel(*FOUR_BY_SIX, dpmm)
        label.gs1_128(8, 92.5, "(00)059012340000001236", height=20)
        label.qr(30, 120, "x")
        lines[dpmm] = body(label)
    assert lines[8][0].startswith("^FO64,739^BY4^BCN,160,")
    assert lines[12][0].startswith("^FO94,1093^BY6^BCN,236,")
    # 0.5 mm is 11.8 dots at 600 dpi: ^BY and ^BQ stop at 10.
    assert lines[24][0].startswith("^FO189,2185^BY10^BCN,472,")
    assert [ls[-1].split("^BQN,2,")[1][:2] for ls in lines.values()] == ["4^", "6^", "10"]


def test_graphic_in_a_label_and_banding_of_a_full_page() -> None:
    label = _core.ZplLabel(*FOUR_BY_SIX)
    width, height = label.width_dots, label.height_dots
    gray = bytes((x * 255 // (width - 1)) for _ in range(height) for x in range(width))
    label.graphic(0, 0, gray, width, height, dither=True)
    lines = body(label)
    assert [ln.split(",:Z64:")[0] for ln in lines] == [
        "^FO0,0^GFA,62118,62118,102",
        "^FO0,609^GFA,62118,62118,102",
    ]
    bands = _core.decode_graphics(label.zpl())
    whole = _core.encode_graphic(gray, width, height, dither=True, encoding="hex")
    assert b"".join(band.bits for band in bands) == _core.decode_graphic(whole).bits
    with pytest.raises(ValueError) as error:
        label.graphic(50, 0, gray, width, height)
    assert str(error.value) == (
        "graphic of 812 × 1218 dots at (400, 0) does not fit the 812 × 1218 dot label "
        "(203 dpi); render images at the label's resolution"
    )
