"""``kolektor._core.Gs1Element``: one application identifier and its value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kolektor import _core
from tests.core.scan_cases import TODAY, element

PARSER = _core.ScanParser()


def only_element(text: str) -> Any:
    (found,) = PARSER.parse(text, TODAY).elements
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("]C10105901234123457", element("01", "05901234123457", "GTIN")),
        ("]C100373400306809981733", element("00", "373400306809981733", "SSCC")),
        ("]C110ABC-1/2", element("10", "ABC-1/2", "BATCH/LOT")),
        ("]C117250500", element("17", "250500", "USE BY or EXPIRY", date=dt.date(2025, 5, 31))),
        ("]C111240229", element("11", "240229", "PROD DATE", date=dt.date(2024, 2, 29))),
        ("]C13103001250", element("3103", "001250", "NET WEIGHT (kg)", decimal="1.250")),
        ("]C13100000250", element("3100", "000250", "NET WEIGHT (kg)", decimal="250")),
        ("]C13302012345", element("3302", "012345", "GROSS WEIGHT (kg)", decimal="123.45")),
        ("]C139221999", element("3922", "1999", "PRICE", decimal="19.99")),
        (
            "]C1393298500001999",
            element("3932", "98500001999", "PRICE", decimal="19.99", currency="985"),
        ),
        ("]C1392950", element("3929", "50", "PRICE", decimal="0.000000050")),
        (
            "]C18008250131143059",
            element(
                "8008",
                "250131143059",
                "PROD TIME",
                date=dt.date(2025, 1, 31),
                datetime=dt.datetime(2025, 1, 31, 14, 30, 59),
            ),
        ),
        (
            "]C143242512319999",
            element("4324", "2512319999", "NBEF DEL DT", date=dt.date(2025, 12, 31)),
        ),
        ("]C1725019800101", element("7250", "19800101", "DOB", date=dt.date(1980, 1, 1))),
        ("]C1400ZAM/2025/17", element("400", "ZAM/2025/17", "ORDER NUMBER")),
        ("]C14105901234123457", element("410", "5901234123457", "SHIP TO LOC")),
    ],
)
def test_elements(text: str, expected: dict[str, Any]) -> None:
    assert only_element(text).as_dict() == expected


def test_properties() -> None:
    weight = only_element("]C13103001250")
    assert (weight.ai, weight.value, weight.title) == ("3103", "001250", "NET WEIGHT (kg)")
    assert weight.description == "Net weight, kilograms (variable measure trade item)"
    assert weight.format == "N4+N6"
    assert (weight.date, weight.datetime, weight.currency) == (None, None, None)
    assert weight.decimal == Decimal("1.250")
    assert str(weight.decimal) == "1.250"
    assert weight.hri == "(3103)001250"


def test_equality_and_repr() -> None:
    assert only_element("]C110AB") == only_element("(10)AB")
    assert only_element("]C110AB") != only_element("]C121AB")
    assert repr(only_element("]C110AB")) == "Gs1Element(ai='10', value='AB')"


def test_elements_are_immutable() -> None:
    batch = only_element("]C110AB")
    with pytest.raises(AttributeError):
        batch.value = "CD"  # type: ignore[misc]
