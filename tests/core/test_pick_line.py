"""``kolektor._core.PickLine``: one line of an order, validated on construction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kolektor._core import PickLine

A = "05901234123457"
A12 = "15901234123454"


def test_fields_come_back_as_given_with_decimal_quantities() -> None:
    line = PickLine(7, 100, "24", [A, (A12, 12)], requires_batch=True, requires_expiry=True)
    assert line.line_id == 7
    assert line.product_id == 100
    assert line.ordered == Decimal(24)
    assert isinstance(line.ordered, Decimal)
    assert line.barcodes == ((A, Decimal(1)), (A12, Decimal(12)))
    assert (line.requires_batch, line.requires_expiry, line.requires_serial) == (
        True,
        True,
        False,
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (3, Decimal(3)),
        ("1.25", Decimal("1.25")),
        (Decimal("0.0001"), Decimal("0.0001")),
        (Decimal("1E+1"), Decimal(10)),
        (Decimal("2.50000"), Decimal("2.5")),
    ],
)
def test_quantities_are_exact(given: Decimal | int | str, expected: Decimal) -> None:
    assert PickLine(1, None, given).ordered == expected


def test_a_line_without_barcodes_is_for_manual_entry_only() -> None:
    line = PickLine(1, None, 1)
    assert line.barcodes == ()
    assert line.product_id is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ordered": 0}, "line 3: ordered quantity must be positive, not 0"),
        ({"ordered": "-1.5"}, "line 3: ordered quantity must be positive, not -1.5"),
        (
            {"ordered": "0.00001"},
            'line 3: ordered: quantity "0.00001" has more than 4 decimal places',
        ),
        ({"ordered": "1,5"}, 'line 3: ordered: quantity "1,5" is not a decimal number'),
        ({"ordered": Decimal("NaN")}, 'line 3: ordered: quantity "NaN" is not a decimal number'),
        ({"ordered": 10**13}, 'line 3: ordered: quantity "10000000000000" is out of range'),
        ({"barcodes": [""]}, "line 3: a barcode is empty"),
        ({"barcodes": [A, (A, 2)]}, f'line 3: barcode "{A}" is listed twice'),
        (
            {"barcodes": [(A, 0)]},
            f'line 3: barcode "{A}" multiplier must be positive, not 0',
        ),
        (
            {"barcodes": [(A12, 12)], "requires_serial": True},
            f'line 3: barcode "{A12}" counts 12 per scan, but the line needs a serial number '
            "per unit (multiplier must be 1)",
        ),
    ],
)
def test_invalid_lines_name_the_line_and_field(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"line_id": 3, "product_id": 1, "ordered": 1}
    arguments.update(kwargs)
    with pytest.raises(ValueError) as error:
        PickLine(**arguments)  # type: ignore[arg-type]
    assert str(error.value).startswith(message)


@pytest.mark.parametrize("ordered", [1.5, True, None, b"1"])
def test_inexact_or_odd_quantity_types_are_type_errors(ordered: object) -> None:
    with pytest.raises(TypeError, match="a quantity is a Decimal, int or str"):
        PickLine(1, None, ordered)  # type: ignore[arg-type]


def test_a_barcode_must_be_a_str_or_a_pair() -> None:
    with pytest.raises(TypeError, match="line 1: a barcode is a str or a"):
        PickLine(1, None, 1, [(A, 1, 2)])  # type: ignore[list-item]


def test_lines_are_frozen_comparable_and_hashable() -> None:
    first = PickLine(1, 2, "3", [(A, 1)])
    assert first == PickLine(1, 2, Decimal(3), [A])
    assert first != PickLine(1, 2, "3", [(A, 2)])
    assert len({first, PickLine(1, 2, 3, [A])}) == 1
    with pytest.raises(AttributeError):
        first.ordered = Decimal(4)  # type: ignore[misc]
    assert "PickLine(1, 2" in repr(first)
