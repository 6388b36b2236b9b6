"""``kolektor._core.ScanError`` and ``ScanConfigError``: what is wrong, and where."""

from __future__ import annotations

import pytest

from kolektor import _core
from tests.core.scan_cases import TODAY

PARSER = _core.ScanParser()


@pytest.mark.parametrize(
    ("text", "code", "position", "ai", "message"),
    [
        ("5901234123458", "check_digit", 12, None, "GTIN-13 check digit is 8, expected 7"),
        ("]E05901234123458", "check_digit", 15, None, "GTIN-13 check digit is 8, expected 7"),
        ("373400306809981734", "check_digit", 17, None, "SSCC check digit is 4, expected 3"),
        ("]E004252615", "check_digit", 10, None, "UPC-E check digit is 5, expected 4"),
        (
            "]E059012341234",
            "length",
            3,
            None,
            "an EAN-13/UPC code has 6, 7, 8, 12 or 13 digits, not 11",
        ),
        (
            "]E059012341x3457",
            "not_a_digit",
            11,
            None,
            "character 'x' at position 12 is not a digit",
        ),
        ("]C1010590123412345717251301", "date", 21, "17", "AI 17: 13 is not a month"),
        ("]C1010590123412345717250230", "date", 21, "17", "AI 17: 2025-02 has no day 30"),
        ("]C170032512312460", "date", 7, "7003", "AI 7003: 24 is not an hour"),
        (
            "]C110ABCDEFGHIJKLMNOPQRSTUVWXYZ17251231",
            "too_long",
            25,
            "10",
            "AI 10: value is longer than 20 characters; it goes on at position 26",
        ),
        (
            "]C1010590123412345723x",
            "unknown_ai",
            19,
            None,
            "unknown application identifier 23 at position 20",
        ),
        ("]C10105901234123458", "check_digit", 18, "01", "AI 01: check digit is 8, expected 7"),
        (
            "]C1010590123412345710AB CD",
            "character",
            23,
            "10",
            "AI 10: character ' ' at position 24 is not allowed here, "
            "expected a character of GS1 set 82",
        ),
        (
            "]C117251",
            "too_short",
            8,
            "17",
            "AI 17: value ends too early at position 9 (3 characters): expected a digit",
        ),
        (
            "(01)09501101020917(17)251301",
            "date",
            22,
            "17",
            "AI 17: 13 is not a month",
        ),
        (
            "https://id.gs1.org/01/09501101020917/21/10/10/AB",
            "digital_link",
            43,
            None,
            "GS1 Digital Link: expected one of the qualifiers 22, 10, 21, 235 (in this order) "
            "after 01, found 10 (position 44)",
        ),
        (
            "2812345012346",
            "check_digit",
            12,
            None,
            "GTIN-13 check digit is 6, expected 5",
        ),
        ("", "empty", 0, None, "the scan is empty"),
        ("\x1d\r\n", "empty", 0, None, "the scan is empty"),
        (
            "]E212345",
            "symbology",
            0,
            None,
            "]E2 is an EAN add-on symbol alone; scan the main barcode",
        ),
        ("]X", "symbology", 0, None, '"]X" is not a symbology identifier'),
        (
            "hello",
            "unrecognised",
            0,
            None,
            "not a GTIN, GS1 code, SSCC or configured internal code",
        ),
        # Positions count characters, not UTF-8 bytes.
        (
            "]C110Łódź",
            "character",
            5,
            "10",
            "AI 10: character 'Ł' at position 6 is not allowed here, "
            "expected a character of GS1 set 82",
        ),
    ],
)
def test_scan_errors(text: str, code: str, position: int, ai: str | None, message: str) -> None:
    with pytest.raises(_core.ScanError) as caught:
        PARSER.parse(text, TODAY)
    error = caught.value
    assert (error.code, error.position, error.ai, str(error)) == (code, position, ai, message)


def test_scan_error_is_a_value_error() -> None:
    assert issubclass(_core.ScanError, ValueError)
    with pytest.raises(ValueError, match="check digit"):
        PARSER.parse("5901234123458", TODAY)


@pytest.mark.parametrize(
    ("config", "setting", "message"),
    [
        (
            '{"separators": ["-"]}',
            "separators[0]",
            "'-' can be part of a GS1 value; choose a character outside GS1's character sets",
        ),
        ('{"separators": ["||"]}', "separators[0]", '"||" must be exactly one character'),
        (
            '{"rcn": [{"prefix": "30", "measure": "weight", "pattern": "PPPPPPPVVVVV"}]}',
            "rcn[0].prefix",
            '"30" is not a variable-measure prefix; use 02 or 20 to 29',
        ),
        (
            '{"rcn": [{"prefix": "28", "measure": "weight", "pattern": "PPPPPPPVVVV"}]}',
            "rcn[0].pattern",
            '"PPPPPPPVVVV" must be 12 characters',
        ),
        (
            '{"rcn": [{"prefix": "28", "measure": "wieght", "pattern": "PPPPPPPVVVVV"}]}',
            "rcn[0].measure",
            "unknown variant `wieght`, expected one of `weight`, `price`, `count`",
        ),
        (
            '{"internal": [{"kind": "tote", "regex": "T-[0-9"}]}',
            "internal[0].regex",
            "regex parse error",
        ),
        ('{"separator": []}', "separator", "unknown field `separator`"),
        ("{", "", "EOF while parsing an object"),
    ],
)
def test_config_errors_name_the_setting(config: str, setting: str, message: str) -> None:
    with pytest.raises(_core.ScanConfigError) as caught:
        _core.ScanParser(config)
    assert caught.value.setting == setting
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)
