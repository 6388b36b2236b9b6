"""What counts as a label: one or more complete ``^XA…^XZ`` formats, nothing around them.
Anything else is refused before a byte is sent, naming the label and the defect."""

from __future__ import annotations

import pytest

from kolektor._core import ZplLabel
from kolektor.i18n import t
from kolektor.printing.zpl import LabelError, check_labels, formats, label_bytes


def test_text_labels_are_sent_as_utf8_bytes() -> None:
    label = "^XA^CI28^FO20,20^A0N,30,30^FDŁódź, ul. Żółta 5^FS^XZ\n"
    assert label_bytes(label) == label.encode("utf-8")


def test_the_builders_label_is_a_label() -> None:
    label = ZplLabel(101.6, 152.4)
    label.text(8, 5, "Nadawca: Sklep", height=3)
    zpl = label.zpl()
    assert formats(zpl.encode()) == [zpl.strip().encode()]


def test_several_formats_in_one_label_are_accepted_in_order() -> None:
    data = b"^XA^FDone^FS^XZ\r\n^xa^FDtwo^FS^xz"
    assert formats(data) == [b"^XA^FDone^FS^XZ", b"^xa^FDtwo^FS^xz"]


def test_a_batch_is_checked_label_by_label() -> None:
    assert check_labels([b"^XA^XZ", "^XA^FDx^FS^XZ"]) == [b"^XA^XZ", b"^XA^FDx^FS^XZ"]


@pytest.mark.parametrize(
    ("label", "key", "polish"),
    [
        (b"", "printing.label.empty", "etykieta 2 jest pusta"),
        (b"  \r\n", "printing.label.empty", "etykieta 2 jest pusta"),
        (b"%PDF-1.7\n%\xe2\xe3", "printing.label.pdf", "etykieta 2 to plik PDF"),
        (b'{"error": "not_found"}', "printing.label.no_format", "nie jest w języku ZPL"),
        (b"^XA^FDhalf a label", "printing.label.unfinished", "brak końca formatu"),
        (b"^FDno start^FS^XZ", "printing.label.end_without_start", "bez początku"),
        (b"^XA^FDa^XA^FDb^XZ", "printing.label.nested_start", "przed końcem poprzedniego"),
        (b"junk^XA^XZ", "printing.label.outside_format", "(„junk”)"),
        (b"^XA^XZ trailing", "printing.label.outside_format", "(„trailing”)"),
        (b"~DGR:LOGO.GRF,2,1,FF^XA^XZ", "printing.label.outside_format", "~DGR:LOGO"),
    ],
)
def test_garbage_is_refused_naming_the_label(label: bytes, key: str, polish: str) -> None:
    with pytest.raises(LabelError) as caught:
        check_labels([b"^XA^XZ", label, b"^XA^XZ"])
    assert caught.value.key == key
    assert caught.value.index == 2
    assert polish in t(caught.value.key, "pl", **caught.value.params)


def test_no_labels_at_all_is_refused() -> None:
    with pytest.raises(LabelError) as caught:
        check_labels([])
    assert caught.value.key == "printing.label.none"
