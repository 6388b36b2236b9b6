"""Carriers' PDF labels as ZPL: real PDFs made with Typst, the ``^GF`` fields decoded back
and stitched into the label, the barcode on it read by zxing-cpp."""

from __future__ import annotations

import functools
import io
import itertools
import random
import re

import pypdfium2
import pytest

from kolektor.i18n import describe
from kolektor.labels.errors import LabelImageError
from kolektor.labels.pdf_zpl import pdf_to_zpl
from tests.labels.helpers import (
    barcodes,
    encrypted_pdf,
    graphic_image,
    graphic_origins,
    ink_box,
    label_markup,
    pdf,
    size,
)

LABEL = {203: (812, 1218), 300: (1200, 1800)}
TRACKING = "TRK 1234567890"
FRAME = 0.4  # the frame's line: half of it lies outside the rectangle on each side

FULL_LABEL = re.compile(
    r"\^XA\^CI28\^PW\d+\^LL\d+\^LH0,0\n"
    r"(\^FO\d+,\d+\^GFA,(\d+),\2,\d+,:Z64:[A-Za-z0-9+/=]+:[0-9A-F]{4}\^FS\n)+"
    r"\^PQ1\^XZ\n"
)


def dots(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize(
    ("page", "frame"),
    [((105, 148), (95, 138)), ((210, 297), (95, 138)), ((148, 105), (138, 95))],
    ids=["A6", "A4 with the label in a quarter", "A6 landscape"],
)
def test_a_label_page_prints_dot_for_dot_without_its_margins(
    dpi: int, page: tuple[float, float], frame: tuple[float, float]
) -> None:
    document = pdf([(*page, label_markup(TRACKING, width=frame[0], height=frame[1]))])
    (zpl,) = pdf_to_zpl(document, dpi=dpi)
    assert size(zpl) == LABEL[dpi]
    assert FULL_LABEL.fullmatch(zpl), zpl[:200]
    assert all(int(count) <= 99_999 for count in re.findall(r"\^GFA,(\d+),", zpl))
    image = graphic_image(zpl)
    box = ink_box(image)
    assert box is not None
    left, top, right, bottom = box
    portrait = sorted(frame)  # a landscape page is turned to the portrait label
    assert abs((right - left) - dots(portrait[0] + FRAME, dpi)) <= 3  # not scaled
    assert abs((bottom - top) - dots(portrait[1] + FRAME, dpi)) <= 3
    width, height = LABEL[dpi]
    assert abs(left - (width - right)) <= 1 and abs(top - (height - bottom)) <= 1  # centred
    assert barcodes(image) == [("Code 128", TRACKING, "]C0")]


@pytest.mark.parametrize("dpi", [203, 300])
def test_a_label_larger_than_the_label_is_scaled_down_to_fit(dpi: int) -> None:
    document = pdf([(210, 297, label_markup(TRACKING, width=200, height=287))])
    (zpl,) = pdf_to_zpl(document, dpi=dpi)
    box = ink_box(graphic_image(zpl))
    assert box is not None
    left, top, right, bottom = box
    width, height = LABEL[dpi]
    assert right <= width and bottom <= height
    assert right - left >= width - 6 or bottom - top >= height - 6  # as large as it can be
    assert (right - left) / (bottom - top) == pytest.approx(200.4 / 287.4, abs=0.01)
    assert barcodes(graphic_image(zpl)) == [("Code 128", TRACKING, "]C0")]


@pytest.mark.parametrize("dpi", [203, 300])
def test_a_landscape_label_on_half_an_a4_is_turned_rather_than_shrunk_more(dpi: int) -> None:
    document = pdf([(210, 297, label_markup(TRACKING, width=190, height=100))])
    (zpl,) = pdf_to_zpl(document, dpi=dpi)
    box = ink_box(graphic_image(zpl))
    assert box is not None
    left, top, right, bottom = box
    height = LABEL[dpi][1]
    assert bottom - top > right - left  # turned: the long side runs down the label
    assert bottom - top >= height - 4
    assert barcodes(graphic_image(zpl)) == [("Code 128", TRACKING, "]C0")]


def test_gray_is_thresholded_never_dithered() -> None:
    """A dark gray area prints solid black, a light one not at all: no dot patterns."""
    markup = (
        "#place(dx: 0mm, rect(width: 30mm, height: 20mm, fill: luma(60), stroke: none))"
        "#place(dx: 40mm, rect(width: 30mm, height: 20mm, fill: luma(190), stroke: none))"
    )
    (zpl,) = pdf_to_zpl(pdf([(105, 148, markup)]))
    image = graphic_image(zpl)
    box = ink_box(image)
    assert box is not None
    left, top, right, bottom = box
    assert abs((right - left) - dots(30, 203)) <= 1 and abs((bottom - top) - dots(20, 203)) <= 1
    black = image.crop(box).convert("L").histogram()[0]
    assert black == (right - left) * (bottom - top)


def test_every_page_becomes_a_label_in_page_order() -> None:
    document = pdf([(105, 148, label_markup(f"PAGE {n}")) for n in (1, 2, 3)])
    labels = pdf_to_zpl(document, dpi=300)
    assert [barcodes(graphic_image(zpl)) for zpl in labels] == [
        [("Code 128", f"PAGE {n}", "]C0")] for n in (1, 2, 3)
    ]


def test_the_graphic_is_split_into_bands_that_join_up() -> None:
    (zpl,) = pdf_to_zpl(pdf([(105, 148, label_markup(TRACKING))]), dpi=300)
    origins = graphic_origins(zpl)
    assert len(origins) >= 2
    for (x, y, field), (next_x, next_y, _) in itertools.pairwise(origins):
        assert next_x == x and next_y == y + field.height


def empty_document() -> bytes:
    document = pypdfium2.PdfDocument.new()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "key", "polish"),
    [
        (lambda: b"", "labels.pdf.empty", "Plik PDF etykiety jest pusty."),
        (lambda: b"<html>not a label</html>", "labels.pdf.unreadable",
         "Etykiety nie da się odczytać: to nie jest PDF albo plik jest uszkodzony."),
        (lambda: pdf([(105, 148, label_markup(TRACKING))])[:300], "labels.pdf.unreadable", None),
        (encrypted_pdf, "labels.pdf.encrypted",
         "PDF etykiety jest zabezpieczony hasłem; poproś przewoźnika o etykietę bez hasła."),
        (empty_document, "labels.pdf.no_pages", "PDF etykiety nie ma ani jednej strony."),
        (lambda: pdf([(105, 148, label_markup(TRACKING)), (105, 148, "")]),
         "labels.pdf.blank_page",
         "Strona 2 PDF-u etykiety jest pusta — nie ma na niej nic do wydrukowania."),
        (lambda: pdf([(700, 1000, label_markup(TRACKING))]), "labels.pdf.page_too_large",
         "Strona 1 PDF-u etykiety ma 700 × 1000 mm — to nie jest etykieta (najwyżej 600 mm "
         "z każdej strony)."),
    ],
    ids=["no bytes", "not a PDF", "cut short", "encrypted", "no pages", "blank page", "poster"],
)  # fmt: skip
def test_what_is_not_a_printable_label_is_refused_in_words(
    content: object, key: str, polish: str | None
) -> None:
    assert callable(content)
    with pytest.raises(LabelImageError) as raised:
        pdf_to_zpl(content())
    assert raised.value.key == key
    if polish is not None:
        assert describe(raised.value, "pl") == polish


def test_an_encrypted_pdf_does_not_make_the_next_empty_one_look_encrypted() -> None:
    with pytest.raises(LabelImageError):
        pdf_to_zpl(encrypted_pdf())
    with pytest.raises(LabelImageError) as raised:
        pdf_to_zpl(empty_document())
    assert raised.value.key == "labels.pdf.no_pages"


def test_a_resolution_the_printer_cannot_have_is_refused() -> None:
    with pytest.raises(LabelImageError) as raised:
        pdf_to_zpl(pdf([(105, 148, label_markup(TRACKING))]), dpi=150)
    assert raised.value.key == "labels.dpi"


@pytest.mark.parametrize("seed", range(40))
def test_a_damaged_pdf_gives_labels_or_a_reason_never_a_crash(seed: int) -> None:
    """Bytes changed and the file cut at random (seeded): every outcome is either labels
    or a LabelImageError with a Polish reason."""
    rng = random.Random(seed)
    damaged = bytearray(damage_base())
    for _ in range(rng.randint(1, 20)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    if rng.random() < 0.3:
        damaged = damaged[: rng.randrange(len(damaged))]
    try:
        labels = pdf_to_zpl(bytes(damaged))
    except LabelImageError as error:
        assert describe(error, "pl")
    else:
        assert all(FULL_LABEL.fullmatch(zpl) for zpl in labels)


@functools.cache
def damage_base() -> bytes:
    return pdf([(105, 148, label_markup("X 1")), (148, 105, label_markup("X 2"))])
