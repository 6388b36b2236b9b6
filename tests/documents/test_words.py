"""Amounts in words: Polish numerals and plural forms, English, currencies, rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor.documents.words import (
    MAX_AMOUNT,
    amount_in_words,
    currency_noun,
    number_in_words,
    polish_plural,
)

POLISH_NUMBERS = [
    (0, "zero"),
    (1, "jeden"),
    (2, "dwa"),
    (5, "pięć"),
    (9, "dziewięć"),
    (10, "dziesięć"),
    (11, "jedenaście"),
    (12, "dwanaście"),
    (14, "czternaście"),
    (15, "piętnaście"),
    (19, "dziewiętnaście"),
    (20, "dwadzieścia"),
    (21, "dwadzieścia jeden"),
    (40, "czterdzieści"),
    (45, "czterdzieści pięć"),
    (90, "dziewięćdziesiąt"),
    (99, "dziewięćdziesiąt dziewięć"),
    (100, "sto"),
    (101, "sto jeden"),
    (110, "sto dziesięć"),
    (112, "sto dwanaście"),
    (123, "sto dwadzieścia trzy"),
    (200, "dwieście"),
    (300, "trzysta"),
    (400, "czterysta"),
    (500, "pięćset"),
    (999, "dziewięćset dziewięćdziesiąt dziewięć"),
    (1000, "jeden tysiąc"),
    (1001, "jeden tysiąc jeden"),
    (1100, "jeden tysiąc sto"),
    (2000, "dwa tysiące"),
    (4000, "cztery tysiące"),
    (5000, "pięć tysięcy"),
    (11000, "jedenaście tysięcy"),
    (12000, "dwanaście tysięcy"),
    (21000, "dwadzieścia jeden tysięcy"),
    (22000, "dwadzieścia dwa tysiące"),
    (25000, "dwadzieścia pięć tysięcy"),
    (100000, "sto tysięcy"),
    (112000, "sto dwanaście tysięcy"),
    (122000, "sto dwadzieścia dwa tysiące"),
    (999999, "dziewięćset dziewięćdziesiąt dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć"),
    (1000000, "jeden milion"),
    (1000001, "jeden milion jeden"),
    (2000000, "dwa miliony"),
    (5000000, "pięć milionów"),
    (3004005, "trzy miliony cztery tysiące pięć"),
    (1000000000, "jeden miliard"),
    (2000000000, "dwa miliardy"),
    (1000000000000, "jeden bilion"),
    (
        1234567,
        "jeden milion dwieście trzydzieści cztery tysiące pięćset sześćdziesiąt siedem",
    ),
]

ENGLISH_NUMBERS = [
    (0, "zero"),
    (1, "one"),
    (13, "thirteen"),
    (20, "twenty"),
    (21, "twenty-one"),
    (99, "ninety-nine"),
    (100, "one hundred"),
    (101, "one hundred one"),
    (123, "one hundred twenty-three"),
    (1000, "one thousand"),
    (1001, "one thousand one"),
    (21000, "twenty-one thousand"),
    (1000000, "one million"),
    (2000000000, "two billion"),
    (1234567, "one million two hundred thirty-four thousand five hundred sixty-seven"),
]


@pytest.mark.parametrize(("number", "words"), POLISH_NUMBERS)
def test_polish_numbers(number: int, words: str) -> None:
    assert number_in_words(number) == words


@pytest.mark.parametrize(("number", "words"), ENGLISH_NUMBERS)
def test_english_numbers(number: int, words: str) -> None:
    assert number_in_words(number, "en") == words


@pytest.mark.parametrize(
    ("count", "form"),
    [
        (0, "złotych"),
        (1, "złoty"),
        (2, "złote"),
        (3, "złote"),
        (4, "złote"),
        (5, "złotych"),
        (11, "złotych"),
        (12, "złotych"),
        (13, "złotych"),
        (14, "złotych"),
        (21, "złotych"),
        (22, "złote"),
        (24, "złote"),
        (25, "złotych"),
        (101, "złotych"),
        (102, "złote"),
        (111, "złotych"),
        (112, "złotych"),
        (122, "złote"),
        (1000, "złotych"),
        (1002, "złote"),
        (1012, "złotych"),
    ],
)
def test_polish_plural_forms(count: int, form: str) -> None:
    assert polish_plural(count, ("złoty", "złote", "złotych")) == form
    assert currency_noun(count) == form


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("123.45", "sto dwadzieścia trzy złote 45/100"),
        ("0", "zero złotych 00/100"),
        ("0.99", "zero złotych 99/100"),
        ("1", "jeden złoty 00/100"),
        ("1.01", "jeden złoty 01/100"),
        ("2", "dwa złote 00/100"),
        ("5", "pięć złotych 00/100"),
        ("12", "dwanaście złotych 00/100"),
        ("22.06", "dwadzieścia dwa złote 06/100"),
        ("112", "sto dwanaście złotych 00/100"),
        ("1000", "jeden tysiąc złotych 00/100"),
        ("1234.50", "jeden tysiąc dwieście trzydzieści cztery złote 50/100"),
        ("2000000", "dwa miliony złotych 00/100"),
        ("6072", "sześć tysięcy siedemdziesiąt dwa złote 00/100"),
        ("-15.5", "minus piętnaście złotych 50/100"),
        ("0.005", "zero złotych 01/100"),
        ("0.004", "zero złotych 00/100"),
        ("2.995", "trzy złote 00/100"),
        ("99.9999", "sto złotych 00/100"),
    ],
)
def test_polish_amounts(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("123.45", "sto dwadzieścia trzy złote czterdzieści pięć groszy"),
        ("1.01", "jeden złoty jeden grosz"),
        ("2.02", "dwa złote dwa grosze"),
        ("5.12", "pięć złotych dwanaście groszy"),
        ("3.22", "trzy złote dwadzieścia dwa grosze"),
        ("10.00", "dziesięć złotych zero groszy"),
    ],
)
def test_polish_grosze_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), cents="words") == words


@pytest.mark.parametrize(
    ("amount", "currency", "language", "words"),
    [
        ("123.45", "PLN", "en", "one hundred twenty-three zlotys 45/100"),
        ("1", "PLN", "en", "one zloty 00/100"),
        ("0", "PLN", "en", "zero zlotys 00/100"),
        ("-2.5", "PLN", "en", "minus two zlotys 50/100"),
        ("2", "EUR", "pl", "dwa euro 00/100"),
        ("5", "USD", "pl", "pięć dolarów 00/100"),
        ("3", "USD", "pl", "trzy dolary 00/100"),
        ("1", "GBP", "pl", "jeden funt 00/100"),
        ("1", "CZK", "pl", "jedna korona 00/100"),
        ("2", "CZK", "pl", "dwie korony 00/100"),
        ("22", "CZK", "pl", "dwadzieścia dwie korony 00/100"),
        ("21", "CZK", "pl", "dwadzieścia jeden koron 00/100"),
        ("2000", "CZK", "pl", "dwa tysiące koron 00/100"),
        ("1", "USD", "en", "one dollar 00/100"),
        ("2", "EUR", "en", "two euros 00/100"),
        ("5", "SEK", "pl", "pięć SEK 00/100"),
        ("5", "SEK", "en", "five SEK 00/100"),
        ("5", "pln", "pl", "pięć złotych 00/100"),
    ],
)
def test_other_languages_and_currencies(
    amount: str, currency: str, language: str, words: str
) -> None:
    assert amount_in_words(Decimal(amount), currency, language) == words  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "currency", "language", "words"),
    [
        ("1.01", "PLN", "en", "one zloty one grosz"),
        ("2.02", "PLN", "en", "two zlotys two groszy"),
        ("3.02", "EUR", "pl", "trzy euro dwa centy"),
        ("1.01", "GBP", "en", "one pound one penny"),
        ("1.02", "GBP", "en", "one pound two pence"),
        ("1.05", "SEK", "pl", "jeden SEK 05/100"),
        ("1.05", "SEK", "en", "one SEK 05/100"),
    ],
)
def test_cents_in_words_elsewhere(amount: str, currency: str, language: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), currency, language, cents="words") == words  # type: ignore[arg-type]


def test_accepts_ints_and_strings() -> None:
    assert amount_in_words(7) == "siedem złotych 00/100"
    assert amount_in_words("7.10") == "siedem złotych 10/100"


def test_limits() -> None:
    assert number_in_words(MAX_AMOUNT).startswith("dziewięćset dziewięćdziesiąt dziewięć bilionów")
    with pytest.raises(ValueError, match="too large"):
        number_in_words(MAX_AMOUNT + 1)
    with pytest.raises(ValueError, match="non-negative"):
        number_in_words(-1)
    with pytest.raises(ValueError, match="too large"):
        amount_in_words(Decimal(MAX_AMOUNT + 1))


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_thousands_compose_from_groups(thousands: int, rest: int) -> None:
    noun = polish_plural(thousands, ("tysiąc", "tysiące", "tysięcy"))
    expected = f"{number_in_words(thousands)} {noun}"
    if rest:
        expected += f" {number_in_words(rest)}"
    assert number_in_words(thousands * 1000 + rest) == expected


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_words_are_clean(number: int) -> None:
    for language in ("pl", "en"):
        words = number_in_words(number, language)
        assert words == words.strip()
        assert "  " not in words
        assert words.replace(" ", "").replace("-", "").isalpha()
