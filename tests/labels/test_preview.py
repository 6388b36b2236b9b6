"""Label previews: barcodes drawn from ZPL read back with zxing-cpp, ``^GF`` images drawn
dot for dot, Polish text drawn as glyphs, and what the preview does not draw refused by
name."""

from __future__ import annotations

import io
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from kolektor import _core
from kolektor.i18n import describe
from kolektor.labels.errors import LabelImageError, PreviewUnsupported
from kolektor.labels.pdf_zpl import pdf_to_zpl
from kolektor.labels.preview import pdf_preview_png, preview_png, split_labels
from tests.labels.helpers import barcodes, graphic_image, ink_box, label_markup, pdf

TRACKING = "TRK 1234567890"


def image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def black(png: bytes) -> int:
    return image(png).convert("L").histogram()[0]


@pytest.mark.parametrize("dpi", [203, 300])
def test_barcodes_the_builder_writes_read_back(dpi: int) -> None:
    label = _core.ZplLabel(101.6, 152.4, {203: 8, 300: 12}[dpi])
    label.qr(10, 10, "https://kolektor.example/t/ZK-12-2026", module=0.5)
    label.gs1_128(10, 60, "(00)059012340000000017(10)P7", height=15, module=0.375)
    label.code128(10, 100, "ZK 12/2026 #1", height=15)
    found = sorted(barcodes(preview_png(label.zpl(), dpi=dpi)))
    assert found == [
        ("Code 128", "(00)059012340000000017(10)P7", "]C1"),
        ("Code 128", "ZK 12/2026 #1", "]C0"),
        ("QR Code", "https://kolektor.example/t/ZK-12-2026", "]Q1"),
    ]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("^BCN,100,Y,N,N,D^FD(00)059012340000000017", ("(00)059012340000000017", "]C1")),
        ("^BCN,100,Y,N,N,A^FDABC123456", ("ABC123456", "]C0")),
        ("^BCN,100,Y,N,N^FD>;123456>6AB", ("123456AB", "]C0")),
        ("^BCN,100,N,N^FH^FDA_5Eb", ("A^b", "]C0")),
    ],
    ids=["GS1 mode D", "automatic", "normal with subsets", "hex escape"],
)
def test_code_128_fields_of_other_modes_read_back(field: str, expected: tuple[str, str]) -> None:
    zpl = f"^XA^FO60,60^BY3{field}^FS^XZ"
    assert barcodes(preview_png(zpl)) == [("Code 128", *expected)]


@pytest.mark.parametrize("dpi", [203, 300])
def test_a_graphic_label_previews_exactly_its_dots(dpi: int) -> None:
    (zpl,) = pdf_to_zpl(pdf([(105, 148, label_markup(TRACKING))]), dpi=dpi)
    preview = image(preview_png(zpl, dpi=dpi))
    expected = graphic_image(zpl)
    assert preview.size == expected.size
    assert ImageChops.difference(preview.convert("L"), expected.convert("L")).getbbox() is None
    fields = _core.decode_graphics(zpl)
    assert black(preview_png(zpl, dpi=dpi)) == sum(field.black_dots() for field in fields)


def glyph(text: str) -> Image.Image:
    return image(preview_png(f"^XA^CI28^FO20,20^A0N,80,80^FD{text}^FS^XZ")).convert("L")


def test_polish_letters_are_drawn_as_their_own_glyphs() -> None:
    missing = glyph("\ue000")  # no font has it: the missing-glyph box
    for polish, plain in zip("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ", strict=True):
        drawn = glyph(polish)
        assert ink_box(drawn) is not None
        assert ImageChops.difference(drawn, glyph(plain)).getbbox() is not None, polish
        assert ImageChops.difference(drawn, missing).getbbox() is not None, polish
    ogonek, a = ink_box(glyph("ą")), ink_box(glyph("a"))
    assert ogonek is not None and a is not None and ogonek[3] > a[3]  # the hook below


def test_a_reversed_field_inverts_what_is_under_it() -> None:
    text = "^FO20,20^A0N,80,80^FDAB^FS"
    plain = image(preview_png(f"^XA{text}^XZ")).convert("L")
    on_black = image(preview_png(f"^XA^FO0,0^GB300,120,120^FS{text.replace('^A0', '^FR^A0')}^XZ"))
    inside = on_black.convert("L").crop((0, 0, 300, 120))
    white_in_box = Image.eval(inside, lambda v: 255 - v)  # white where the text is
    assert ImageChops.difference(white_in_box, plain.crop((0, 0, 300, 120))).getbbox() is None


@pytest.mark.parametrize(("align", "centre"), [("L", None), ("C", 400), ("R", None)])
def test_field_blocks_align_their_lines(align: str, centre: int | None) -> None:
    zpl = f"^XA^FO0,10^A0N,40,40^FB800,1,0,{align},0^FDRight here^FS^XZ"
    box = ink_box(preview_png(zpl))
    assert box is not None
    left, _, right, _ = box
    if align == "L":
        assert left <= 4
    elif align == "R":
        assert right >= 795
    else:
        assert abs((left + right) / 2 - (centre or 0)) <= 3


def test_block_lines_break_at_the_line_break_code() -> None:
    one = ink_box(preview_png("^XA^FO0,0^A0N,40,40^FB800,3,0,L,0^FDA^FS^XZ"))
    three = ink_box(preview_png("^XA^FO0,0^A0N,40,40^FB800,3,0,L,0^FDA\\&B\\&C^FS^XZ"))
    assert one is not None and three is not None
    assert three[3] - one[3] >= 2 * 40 - 2


def test_the_label_home_moves_every_field() -> None:
    preview = image(preview_png("^XA^LH30,40^FO10,10^GB20,20,20^FS^XZ")).convert("L")
    assert ink_box(preview) == (40, 50, 60, 70)
    assert preview.histogram()[0] == 400


def test_the_size_is_the_labels_own_else_the_one_given() -> None:
    box = "^FO0,0^GB10,10,10^FS"
    assert image(preview_png(f"^XA^PW400^LL300{box}^XZ")).size == (400, 300)
    assert image(preview_png(f"^XA{box}^XZ", dpi=300, width_mm=100, height_mm=150)).size == (
        1181,
        1772,
    )


def datamatrix_label() -> str:
    label = _core.ZplLabel(101.6, 152.4)
    label.datamatrix(10, 10, "6900123456789")
    return label.zpl()


@pytest.mark.parametrize(
    ("zpl", "command"),
    [
        (datamatrix_label(), "^BX"),
        ("^XA^FO10,10^ADN,36,20^FDText^FS^XZ", "^AD"),
        ("^XA^FO10,10^XGR:LOGO.GRF,1,1^FS^XZ", "^XG"),
        ("~DGR:LOGO.GRF,2,1,FF00^XA^FO0,0^A0N,30,30^FDa^FS^XZ", None),
        ("^XA^FWR^FO10,10^A0,30,30^FDa^FS^XZ", "^FW"),
        ("^XA^POI^FO10,10^A0N,30,30^FDa^FS^XZ", "^PO"),
        ('N\nA50,0,0,1,1,1,N,"Hello"\nP1\n', ""),
    ],
    ids=["DataMatrix", "font D", "stored graphic", "download before", "field rotation",
         "print upside down", "EPL"],
)  # fmt: skip
def test_what_the_preview_does_not_draw_is_named(zpl: str, command: str | None) -> None:
    if command is None:  # a command outside ^XA…^XZ does not draw on the label
        assert preview_png(zpl)
        return
    with pytest.raises(PreviewUnsupported) as raised:
        preview_png(zpl)
    assert raised.value.command == command
    if command:
        assert describe(raised.value, "pl") == (
            f"Podgląd nie rysuje polecenia ZPL {command}; pokaż PDF etykiety od przewoźnika."
        )
    else:
        assert raised.value.key == "labels.preview.no_label"


def test_several_labels_are_split_and_previewed_one_by_one() -> None:
    zpl = "^XA^FO0,0^GB10,10,10^FS^XZ\n^XA^FO0,0^GB20,20,20^FS^XZ"
    with pytest.raises(LabelImageError) as raised:
        preview_png(zpl)
    assert describe(raised.value, "pl") == (
        "Tekst ZPL zawiera 2 etykiety; podgląd rysuje jedną etykietę naraz."
    )
    assert [black(preview_png(one)) for one in split_labels(zpl)] == [100, 400]


def test_a_damaged_graphic_is_refused_in_words() -> None:
    encoded = _core.encode_graphic(bytes(64), 8, 8)
    damaged = encoded[:-4] + ("0000" if not encoded.endswith("0000") else "1111")
    with pytest.raises(LabelImageError) as raised:
        preview_png(f"^XA^FO0,0{damaged}^FS^XZ")
    assert raised.value.key == "labels.preview.bad_command"
    assert raised.value.params["command"] == "^GF"


def test_a_pdf_label_previews_as_it_is() -> None:
    document = pdf([(105, 148, label_markup(TRACKING)), (105, 148, label_markup("SECOND"))])
    first = image(pdf_preview_png(document, dpi=203))
    points = (105 * 72 / 25.4, 148 * 72 / 25.4)
    assert first.mode == "L"
    assert first.size == (math.ceil(points[0] * 203 / 72), math.ceil(points[1] * 203 / 72))
    assert barcodes(first) == [("Code 128", TRACKING, "]C0")]
    assert barcodes(pdf_preview_png(document, 1, dpi=300)) == [("Code 128", "SECOND", "]C0")]
    with pytest.raises(LabelImageError) as raised:
        pdf_preview_png(document, 2)
    assert describe(raised.value, "pl") == "PDF etykiety ma 2 strony; strony 3 w nim nie ma."
    with pytest.raises(LabelImageError) as raised:
        pdf_preview_png(b"%PDF-1.7 garbage")
    assert raised.value.key == "labels.pdf.unreadable"


COMMANDS = ["^FO", "^FT", "^A0N,", "^A0R,", "^A0I,", "^A0B,", "^CF0,", "^FB", "^FH", "^FR",
            "^GB", "^BY", "^BCN,", "^BCR,", "^BQN,2,", "^LH", "^PW", "^LL", "^CI28", "^FS",
            "^FD", "^PQ", "^FX", "~SD"]  # fmt: skip
PARAMS = st.lists(
    st.one_of(
        st.integers(-50, 2000),
        st.sampled_from(
            ["", "Y", "N", "D", "A", "C", "R", "W", "1e400", "nan", "-0", "99999", "QA,x"]
        ),
    ),
    max_size=6,
).map(lambda values: ",".join(str(v) for v in values))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(COMMANDS), PARAMS, st.text(max_size=12)),
        min_size=1,
        max_size=12,
    )
)
def test_any_zpl_previews_or_is_refused_in_words(commands: list[tuple[str, str, str]]) -> None:
    """Garbage ZPL never escapes as an exception of its own: a PNG or a LabelImageError."""
    body = "".join(
        f"{name}{params}^FD{data.replace('^', '')}^FS" for name, params, data in commands
    )
    try:
        png = preview_png(f"^XA{body}^XZ")
    except LabelImageError as error:
        assert describe(error, "pl")
    else:
        assert png.startswith(b"\x89PNG")
