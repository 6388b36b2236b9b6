"""Issue 11, "Scan parsing": what the parser refuses, with its stable code, position, AI
and parameters, and the text the picker reads (``kolektor.i18n.scan_error_message``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kolektor import _core
from kolektor.i18n import scan_error_message

PARSER = _core.ScanParser()
TODAY = dt.date(2025, 11, 28)


def refusal(text: str) -> dict[str, Any]:
    with pytest.raises(_core.ScanError) as refused:
        PARSER.parse(text, TODAY)
    error = refused.value
    return {
        "code": error.code,
        "position": error.position,
        "ai": error.ai,
        "params": error.params,
        "message": str(error),
        "pl": scan_error_message(error, "pl"),
        "en": scan_error_message(error, "en"),
    }


CASES = [
    (
        "4006381333932",  # a STABILO pen's EAN-13, last digit misread; 400… is also AI 400
        {
            "code": "check_digit", "position": 12, "ai": None,
            "params": {"what": "GTIN-13", "found": "2", "expected": "1"},
            "message": "GTIN-13 check digit is 2, expected 1",
            "pl": "EAN-13: cyfra kontrolna to 2, powinna być 1 — zeskanuj ponownie.",
            "en": "EAN-13 check digit is 2, expected 1 — scan again.",
        },
    ),
    (
        "]E000000000",
        {
            "code": "all_zero", "position": 3, "ai": None, "params": {"what": "UPC-E"},
            "message": "UPC-E is all zeros; it identifies nothing",
            "pl": "UPC-E: same zera — to nie jest kod towaru; zeskanuj ponownie.",
            "en": "UPC-E is all zeros — not a product code; scan again.",
        },
    ),
    (
        "(01)05901234123457(17)251231(17)261231",
        {
            "code": "repeated_ai", "position": 28, "ai": "17", "params": {},
            "message": "AI 17: given twice with different values (again at position 29)",
            "pl": "AI 17 występuje dwa razy z różnymi wartościami — etykieta jest błędna.",
            "en": "AI 17 appears twice with different values — the label is wrong.",
        },
    ),
    (
        "]C1010590123412345730",
        {
            "code": "empty_value", "position": 21, "ai": "30", "params": {},
            "message": "AI 30: the value at position 22 is empty",
            "pl": "AI 30: brak wartości — sprawdź etykietę.",
            "en": "AI 30: the value is missing — check the label.",
        },
    ),
    (
        "]C13932123000019999",
        {
            "code": "currency", "position": 7, "ai": "3932", "params": {"found": "123"},
            "message": "AI 3932: 123 at position 8 is not an ISO 4217 currency code",
            "pl": "AI 3932: nieznany kod waluty 123.",
            "en": "AI 3932: unknown currency code 123.",
        },
    ),
    (
        "4145901234123458",  # GLN of the ship-to location, no identifier
        {
            "code": "check_digit", "position": 15, "ai": "414",
            "params": {"what": "", "found": "8", "expected": "7"},
            "message": "AI 414: check digit is 8, expected 7",
            "pl": "AI 414: cyfra kontrolna to 8, powinna być 7 — zeskanuj ponownie.",
            "en": "AI 414 check digit is 8, expected 7 — scan again.",
        },
    ),
    (
        "xyz",
        {
            "code": "unrecognised", "position": 0, "ai": None, "params": {},
            "message": "not a GTIN, GS1 code, SSCC or configured internal code",
            "pl": "Nierozpoznany kod — to nie jest kod towaru, GS1, SSCC ani kod wewnętrzny.",
            "en": "Unrecognised code — not a product, GS1, SSCC or internal code.",
        },
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_refusals_say_what_and_where(text: str, expected: dict[str, Any]) -> None:
    assert refusal(text) == expected


def test_every_code_has_a_text_for_the_device() -> None:
    from kolektor.i18n import MESSAGES

    codes = [
        "empty",
        "symbology",
        "not_a_digit",
        "length",
        "check_digit",
        "number_system",
        "measure_check_digit",
        "unknown_ai",
        "expected_ai",
        "too_short",
        "too_long",
        "character",
        "date",
        "hri",
        "digital_link",
        "all_zero",
        "empty_value",
        "repeated_ai",
        "currency",
        "unrecognised",
    ]
    assert all(f"scan.{code}" in MESSAGES for code in codes)


def test_digits_are_gs1_only_with_an_identifier() -> None:
    scan = PARSER.parse("]C115210527", TODAY)
    assert (scan.kind, scan.best_before, scan.lookup_key) == ("gs1", dt.date(2021, 5, 27), None)
    assert refusal("15210527")["code"] == "check_digit"
    scan = PARSER.parse("]C1010590123412345710A\x1d10A", TODAY)  # the same value twice
    assert [(e.ai, e.value) for e in scan.elements] == [
        ("01", "05901234123457"), ("10", "A"), ("10", "A"),
    ]  # fmt: skip
