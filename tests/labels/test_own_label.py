"""Kolektor's own label: its ZPL read back (size per resolution, fields inside the label,
the words in the order's language, wrapping and shortening), its preview's barcodes read
by zxing-cpp, and the SSCC checked against biip."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import biip
import pytest

from kolektor.i18n import describe
from kolektor.labels.errors import LabelImageError
from kolektor.labels.own import OwnLabelData, own_label_zpl, sscc
from kolektor.labels.preview import preview_png
from kolektor.shipping.carrier import Party
from tests.labels.helpers import barcodes, ink_box, size, text_lines, texts

SHOP = Party(company="Sklep Przykład sp. z o.o.", street="ul. Długa", building_number="5",
             post_code="00-001", city="Warszawa", phone="22 123 45 67")  # fmt: skip
SHORT = OwnLabelData(
    sender=SHOP,
    receiver=Party(
        first_name="Zofia",
        last_name="Wiśniewska-Łęcka",
        street="ul. Piotrkowska",
        building_number="12/3",
        post_code="90-001",
        city="Łódź",
        phone="600 100 200",
    ),
    reference="ZK 12/2026",
    package=2,
    packages=3,
    weight_kg=Decimal("12.345"),
    remarks="Proszę dzwonić przed przyjazdem.",
    service="Odbiór osobisty",
)
LONG = dataclasses.replace(
    SHORT,
    sender=dataclasses.replace(
        SHOP,
        company="Przedsiębiorstwo Handlowo-Usługowe „Przykład” "
        "Sklep Internetowy Jan Kowalski i Wspólnicy sp.k.",
    ),
    receiver=Party(
        first_name="Maria Konstancja",
        last_name="Brzęczyszczykiewicz-Żółtkowska-Grzegrzółka",
        company="Spółdzielnia Mieszkaniowa „Pod Złotym Kłosem” w Szczebrzeszynie",
        street="ul. Generała Władysława Andersa i Bohaterów Monte Cassino",
        building_number="123A/45",
        post_code="22-460",
        city="Szczebrzeszyn",
        country_code="CZ",
        phone="+48 600 100 200",
    ),
    remarks="Dzwonić dwa razy, furtka od podwórza, pies nie gryzie. " * 20,
)
LABELS = {"4x6": (101.6, 152.4), "100x150": (100.0, 150.0)}
DOTS = {(203, "4x6"): (812, 1218), (300, "4x6"): (1200, 1800),
        (203, "100x150"): (799, 1199), (300, "100x150"): (1181, 1772)}  # fmt: skip
MARGIN_MM = 3.5


def mm(value: float, dpi: int) -> int:
    return round(value * dpi / 25.4)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("label", ["4x6", "100x150"])
@pytest.mark.parametrize("data", [SHORT, LONG], ids=["short", "long"])
def test_the_label_fits_its_size_and_reads_back(dpi: int, label: str, data: OwnLabelData) -> None:
    width_mm, height_mm = LABELS[label]
    zpl = own_label_zpl(data, dpi=dpi, width_mm=width_mm, height_mm=height_mm)
    width, height = DOTS[dpi, label]
    assert zpl.startswith(f"^XA^CI28^PW{width}^LL{height}^LH0,0\n")
    assert zpl.endswith("^PQ1^XZ\n")
    margin = mm(MARGIN_MM, dpi)
    for line in text_lines(zpl):
        assert margin - 1 <= line.x < width - margin and margin - 1 <= line.y < height - margin
    words = texts(zpl)
    for word in ("Nadawca", "Odbiorca", "Paczka 2/3", "Waga: 12,35 kg", "Uwagi", "ZK 12/2026",
                 "Odbiór osobisty", "ZK 12/2026 #2"):  # fmt: skip
        assert word in words
    image = preview_png(zpl, dpi=dpi)
    assert barcodes(image) == [("Code 128", "ZK 12/2026 #2", "]C0")]
    box = ink_box(image)
    assert box is not None
    left, top, right, bottom = box
    assert left >= margin - 1 and top >= margin - 1
    assert right <= width - margin + 1 and bottom <= height - margin + 1


def test_long_texts_are_wrapped_then_shortened_never_run_over() -> None:
    zpl = own_label_zpl(LONG)
    lines = text_lines(zpl)
    name = [line for line in lines if line.text.startswith(("Maria", "Brzęcz"))]
    assert len(name) == 2 and name[-1].text.endswith("...")
    assert name[0].height == mm(4.5, 203)  # the smallest name type before cutting
    assert any(line.text.startswith("Spółdzielnia Mieszkaniowa") for line in lines)
    caption = next(line for line in lines if line.text == "Uwagi")
    remarks = [line for line in lines if line.y > caption.y and line.height == mm(3.5, 203)
               and line.text != "ZK 12/2026 #2"]  # fmt: skip
    assert 3 <= len(remarks) <= 6 and remarks[-1].text.endswith("...")
    assert remarks[0].text.startswith("Dzwonić dwa razy")
    assert "CZ" in texts(zpl)
    assert all(line.text.count("...") <= 1 for line in lines)


def test_remarks_without_spaces_are_broken_inside_words_and_cut() -> None:
    zpl = own_label_zpl(dataclasses.replace(SHORT, remarks="ŻÓŁW" * 20_000))
    lines = text_lines(zpl)
    caption = next(line for line in lines if line.text == "Uwagi")
    remarks = [line.text for line in lines if line.y > caption.y and line.text != "ZK 12/2026 #2"]
    assert len(remarks) >= 3 and remarks[-1].endswith("...")
    assert "".join(remarks)[:-3] == ("ŻÓŁW" * 20_000)[: len("".join(remarks)) - 3]


def test_a_name_that_fits_in_smaller_type_is_not_cut() -> None:
    receiver = dataclasses.replace(
        SHORT.receiver, first_name="Konstancja", last_name="Brzęczyszczykiewicz-Żółtkowska"
    )
    zpl = own_label_zpl(dataclasses.replace(SHORT, receiver=receiver))
    name = [line for line in text_lines(zpl) if "Konstancja" in line.text or "Brz" in line.text]
    assert " ".join(line.text for line in name) == "Konstancja Brzęczyszczykiewicz-Żółtkowska"


def test_an_sscc_prints_as_gs1_128_that_reads_back() -> None:
    code = sscc("5901234", 42)
    for dpi in (203, 300):
        zpl = own_label_zpl(dataclasses.replace(SHORT, sscc=code), dpi=dpi)
        assert barcodes(preview_png(zpl, dpi=dpi)) == [("Code 128", f"(00){code}", "]C1")]
        assert f"(00){code}" in texts(zpl)


def test_polish_letters_print_as_typed_and_map_away_in_the_barcode() -> None:
    zpl = own_label_zpl(dataclasses.replace(SHORT, reference="ZK Łódź/7/2026", package=1))
    assert "ZK Łódź/7/2026" in texts(zpl)
    assert barcodes(preview_png(zpl)) == [("Code 128", "ZK Lodz/7/2026 #1", "]C0")]


def test_the_words_are_in_the_orders_language() -> None:
    zpl = own_label_zpl(dataclasses.replace(SHORT, language="en", service="Personal pickup"))
    words = texts(zpl)
    for word in ("Sender", "Receiver", "Parcel 2/3", "Weight: 12.35 kg", "Remarks",
                 "phone 600 100 200"):  # fmt: skip
        assert word in words
    assert "Nadawca" not in words


def test_without_weight_or_remarks_none_is_printed() -> None:
    zpl = own_label_zpl(dataclasses.replace(SHORT, weight_kg=None, remarks="  \n "))
    assert not [word for word in texts(zpl) if word.startswith(("Waga", "Uwagi"))]
    assert "^GB" in zpl  # the separating lines only
    assert zpl.count("^GB") == 2


@pytest.mark.parametrize(
    ("change", "kwargs", "key", "polish"),
    [
        ({"package": 0}, {}, "labels.own.package_number",
         "Paczka 0 z 3: numer paczki musi być od 1 do liczby paczek."),
        ({"package": 4}, {}, "labels.own.package_number", None),
        ({"reference": "  "}, {}, "labels.own.no_reference", None),
        ({}, {"dpi": 150}, "labels.dpi",
         "Rozdzielczość drukarki 150 dpi nie jest obsługiwana: ustaw 203, 300 albo 600 dpi."),
        ({}, {"width_mm": 60, "height_mm": 40}, "labels.own.size", None),
        ({"sscc": "059012340000000018"}, {}, "labels.sscc.check_digit",
         "SSCC „059012340000000018” ma cyfrę kontrolną 8, a powinna być 7."),
        ({"sscc": "12345"}, {}, "labels.sscc.digits", None),
        ({"reference": "ZK " + "1234567890/" * 6}, {}, "labels.own.barcode_too_long", None),
    ],
)  # fmt: skip
def test_what_cannot_be_a_label_is_refused_in_words(
    change: dict[str, object], kwargs: dict[str, float], key: str, polish: str | None
) -> None:
    data = dataclasses.replace(SHORT, **change)  # type: ignore[arg-type]
    with pytest.raises(LabelImageError) as raised:
        own_label_zpl(data, **kwargs)  # type: ignore[arg-type]
    assert raised.value.key == key
    if polish is not None:
        assert describe(raised.value, "pl") == polish


@pytest.mark.parametrize(
    ("prefix", "serial", "extension"),
    [("5901234", 1, 0), ("590123456", 987654, 3), ("5901", 999_999_999_999, 9),
     ("590123456789", 1234, 1)],
)  # fmt: skip
def test_sscc_is_what_biip_reads(prefix: str, serial: int, extension: int) -> None:
    code = sscc(prefix, serial, extension)
    parsed = biip.parse(f"00{code}").sscc
    assert parsed is not None and parsed.value == code
    assert parsed.extension_digit == extension
    assert code[1 : 1 + len(prefix)] == prefix and int(code[1 + len(prefix) : 17]) == serial


@pytest.mark.parametrize(
    ("args", "key"),
    [(("590", 1), "labels.sscc.prefix"), (("59O1234", 1), "labels.sscc.prefix"),
     (("5901234567890", 1), "labels.sscc.prefix"), (("5901234", 1, 10), "labels.sscc.extension"),
     (("5901234", 10**9), "labels.sscc.serial"), (("5901234", -1), "labels.sscc.serial")],
)  # fmt: skip
def test_sscc_refuses_what_does_not_fit(args: tuple[str, int], key: str) -> None:
    with pytest.raises(LabelImageError) as raised:
        sscc(*args)
    assert raised.value.key == key


def test_the_docs_screenshot_is_the_label_as_previewed() -> None:
    """docs/screenshots/own-label.png is this label's preview (rewritten when it changes)."""
    example = dataclasses.replace(SHORT, remarks="Proszę dzwonić przed przyjazdem; domofon "
                                  "nie działa, wejście od podwórza.")  # fmt: skip
    png = preview_png(own_label_zpl(example))
    path = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "own-label.png"
    if not path.exists() or path.read_bytes() != png:
        path.write_bytes(png)
    assert path.read_bytes() == png
    assert size(own_label_zpl(example)) == (812, 1218)
