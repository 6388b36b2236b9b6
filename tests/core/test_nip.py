"""``kolektor._core`` NIP functions on the ways people write NIPs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor import _core


@pytest.mark.parametrize(
    "written", ["5260250995", "526-025-09-95", "526 025 09 95", "PL5260250995", "pl 526-02-50-995"]
)
def test_usual_spellings_normalize_to_ten_digits(written: str) -> None:
    assert _core.nip_normalize(written) == "5260250995"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("5260250996", '"5260250996": NIP checksum does not match'),
        ("526025099", '"526025099": NIP has 10 digits, not 9'),
        ("", '"": NIP is empty'),
        ("526/025/09/95", "\"526/025/09/95\": NIP contains the character '/'"),
    ],
)
def test_invalid_nips_say_what_is_wrong(written: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        _core.nip_normalize(written)
    assert str(error.value) == message


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_checksum_completes_exactly_the_valid_nips(first_nine: str) -> None:
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    remainder = sum(int(d) * w for d, w in zip(first_nine, weights, strict=True)) % 11
    expected = None if remainder == 10 else remainder
    assert _core.nip_checksum(first_nine) == expected
    if expected is not None:
        assert _core.nip_normalize(first_nine + str(expected)) == first_nine + str(expected)


def test_checksum_of_something_that_is_not_nine_digits_is_none() -> None:
    assert _core.nip_checksum("12345") is None
    assert _core.nip_checksum("12345678x") is None
