"""``kolektor._core`` GTIN functions, on real codes and against a Python reference."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor import _core


@pytest.mark.parametrize(
    ("code", "gtin14"),
    [
        ("5901234123457", "05901234123457"),  # GS1 Poland's example EAN-13
        ("96385074", "00000096385074"),  # EAN-8
        ("036000291452", "00036000291452"),  # UPC-A
        ("15901234123454", "15901234123454"),  # GTIN-14 of a carton
    ],
)
def test_valid_codes_normalize_to_gtin14(code: str, gtin14: str) -> None:
    assert _core.gtin_normalize(code) == gtin14


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("5901234123458", '"5901234123458": check digit is 8, expected 7'),
        ("590123", '"590123": a GTIN has 8, 12, 13 or 14 digits, not 6'),
        ("59012341x3457", '"59012341x3457": character at position 9 is not a digit'),
    ],
)
def test_invalid_codes_say_what_is_wrong(code: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        _core.gtin_normalize(code)
    assert str(error.value) == message


def reference_check_digit(payload: str) -> int:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return (10 - total % 10) % 10


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_check_digit_matches_the_gs1_algorithm(payload: str) -> None:
    digit = _core.gtin_check_digit(payload)
    assert digit == reference_check_digit(payload)
    if len(payload) + 1 in (8, 12, 13, 14):
        assert _core.gtin_normalize(payload + str(digit)) == (payload + str(digit)).zfill(14)
