"""``kolektor._core.Scan``: the interpreted scan as a value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kolektor import _core
from tests.core.scan_cases import TODAY

PARSER = _core.ScanParser()
LABEL = "]C10195901234123450310300125017251231\x1d10L1\x1d21S-9"


def test_properties_of_a_gs1_label() -> None:
    scan = PARSER.parse(f"  {LABEL}\r\n", TODAY)
    assert scan.text == f"  {LABEL}\r\n"
    assert scan.data == LABEL.removeprefix("]C1")
    assert (scan.kind, scan.symbology, scan.symbology_name) == ("gs1", "]C1", "GS1-128")
    assert (scan.gtin, scan.lookup_key, scan.gtin_format) == ("95901234123450",) * 2 + (None,)
    assert (scan.batch, scan.serial, scan.sscc) == ("L1", "S-9", None)
    assert (scan.expiry, scan.best_before) == (dt.date(2025, 12, 31), None)
    assert (scan.quantity, scan.quantity_unit) == (Decimal("1.250"), "kg")
    assert scan.gs1_syntax == "element_string"
    assert [e.ai for e in scan.elements] == ["01", "3103", "17", "10", "21"]
    assert (scan.rcn_measure, scan.rcn_value, scan.item_reference) == (None, None, None)
    assert (scan.internal_kind, scan.internal_value) == (None, None)


def test_elements_are_a_tuple_of_gs1_elements() -> None:
    elements = PARSER.parse(LABEL, TODAY).elements
    assert isinstance(elements, tuple)
    assert all(isinstance(e, _core.Gs1Element) for e in elements)
    assert PARSER.parse("5901234123457", TODAY).elements == ()


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [
        ("2812345012345", Decimal("1.234"), "kg"),  # variable-measure weight
        ("]C13004", Decimal(4), "pcs"),  # AI 30, variable count
        ("]C1020590123412345737120", Decimal(120), "pcs"),  # AI 37, count in a logistic unit
        ("]C131020001503004", Decimal("1.50"), "kg"),  # AI 310n wins over AI 30
        ("5901234123457", None, None),
    ],
)
def test_quantity(text: str, quantity: Decimal | None, unit: str | None) -> None:
    scan = PARSER.parse(text, TODAY)
    assert (scan.quantity, scan.quantity_unit) == (quantity, unit)


def test_lookup_key_prefers_the_gtin_then_the_contents_then_the_sscc() -> None:
    assert PARSER.parse("]C10195901234123450", TODAY).lookup_key == "95901234123450"
    assert PARSER.parse("]C1020590123412345737120", TODAY).lookup_key == "05901234123457"
    assert PARSER.parse("]C100373400306809981733", TODAY).lookup_key == "373400306809981733"
    assert PARSER.parse("]C110L1", TODAY).lookup_key is None
    assert PARSER.parse("]C0OP-0001", TODAY).lookup_key == "OP-0001"


def test_scans_are_equal_values() -> None:
    first = PARSER.parse(LABEL, TODAY)
    assert first == PARSER.parse(LABEL, TODAY)
    assert first != PARSER.parse(LABEL + "1", TODAY)
    assert first != PARSER.parse(LABEL.removeprefix("]C1"), TODAY)


def test_scans_are_immutable() -> None:
    scan = PARSER.parse("5901234123457", TODAY)
    with pytest.raises(AttributeError):
        scan.kind = "gs1"  # type: ignore[misc]


def test_repr() -> None:
    assert repr(PARSER.parse("]C110AB\x1d", TODAY)) == (
        "Scan(kind='gs1', lookup_key=None, text=']C110AB\\x1d')"
    )
    assert repr(PARSER.parse("5901234123457", TODAY)) == (
        "Scan(kind='gtin', lookup_key='05901234123457', text='5901234123457')"
    )
