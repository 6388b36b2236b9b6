"""``kolektor._core.ScanParser``: real barcodes in every form a scanner sends them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor import _core
from tests.core.scan_cases import TODAY, element, scan

PARSER = _core.ScanParser()

GTIN = "GTIN"
EXPIRY = "USE BY or EXPIRY"

EXAMPLE_ELEMENTS = [
    element("01", "09501101020917", GTIN),
    element("17", "190508", EXPIRY, date=dt.date(2019, 5, 8)),
    element("10", "ABCD1234", "BATCH/LOT"),
    element("21", "10", "SERIAL"),
]
EXAMPLE = {
    "kind": "gs1",
    "lookup_key": "09501101020917",
    "gtin": "09501101020917",
    "batch": "ABCD1234",
    "serial": "10",
    "expiry": dt.date(2019, 5, 8),
    "elements": EXAMPLE_ELEMENTS,
}


def gtin(key: str, gtin_format: str, symbology: str | None = None) -> dict[str, Any]:
    return scan(kind="gtin", symbology=symbology, lookup_key=key, gtin=key, gtin_format=gtin_format)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # GS1 Poland's example EAN-13, bare, with the EAN symbology identifier, with CR LF.
        ("5901234123457", gtin("05901234123457", "GTIN-13")),
        ("]E05901234123457", gtin("05901234123457", "GTIN-13", "]E0")),
        ("5901234123457\r\n", gtin("05901234123457", "GTIN-13")),
        ("4006381333931", gtin("04006381333931", "GTIN-13")),  # a STABILO point 88 pen
        ("96385074", gtin("00000096385074", "GTIN-8")),
        ("]E496385074", gtin("00000096385074", "GTIN-8", "]E4")),
        ("042100005264", gtin("00042100005264", "GTIN-12")),
        ("04252614", gtin("00042100005264", "UPC-E")),
        ("]E004252614", gtin("00042100005264", "UPC-E", "]E0")),
        ("]I115901234123454", gtin("15901234123454", "GTIN-14", "]I1")),
        ("07032069804988", gtin("07032069804988", "GTIN-13")),
    ],
)
def test_gtins(text: str, expected: dict[str, Any]) -> None:
    assert PARSER.parse(text, TODAY).as_dict() == {**expected, "text": text}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # GS1 General Specifications' example as GS1-128, GS1 DataMatrix, without an
        # identifier (keyboard wedges often drop it), as HRI and as a Digital Link.
        (
            "]C101095011010209171719050810ABCD1234\x1d2110",
            scan(symbology="]C1", gs1_syntax="element_string", **EXAMPLE),
        ),
        (
            "]d201095011010209171719050810ABCD1234\x1d2110",
            scan(symbology="]d2", gs1_syntax="element_string", **EXAMPLE),
        ),
        (
            "01095011010209171719050810ABCD1234\x1d2110",
            scan(gs1_syntax="element_string", **EXAMPLE),
        ),
        ("(01)09501101020917(17)190508(10)ABCD1234(21)10", scan(gs1_syntax="hri", **EXAMPLE)),
        (
            "https://id.gs1.org/01/09501101020917/10/ABCD1234/21/10?17=190508",
            scan(
                gs1_syntax="digital_link",
                **{**EXAMPLE, "elements": [EXAMPLE_ELEMENTS[i] for i in (0, 2, 3, 1)]},
            ),
        ),
        # biip's documentation example: GTIN, best before, batch.
        (
            "010703206980498815210526100329",
            scan(
                kind="gs1",
                gs1_syntax="element_string",
                lookup_key="07032069804988",
                gtin="07032069804988",
                batch="0329",
                best_before=dt.date(2021, 5, 26),
                elements=[
                    element("01", "07032069804988", GTIN),
                    element("15", "210526", "BEST BEFORE or BEST BY", date=dt.date(2021, 5, 26)),
                    element("10", "0329", "BATCH/LOT"),
                ],
            ),
        ),
        # A pallet label: SSCC, GTIN of the contents, count.
        (
            "]C1001061414123456789080200614141123452\x1d3725",
            scan(
                kind="gs1",
                symbology="]C1",
                gs1_syntax="element_string",
                lookup_key="00614141123452",
                sscc="106141412345678908",
                quantity=Decimal(25),
                quantity_unit="pcs",
                elements=[
                    element("00", "106141412345678908", "SSCC"),
                    element("02", "00614141123452", "CONTENT"),
                    element("37", "25", "COUNT"),
                ],
            ),
        ),
        # A variable-measure carton: 1.250 kg, best before 00 = end of December.
        (
            "]C10195901234123450310300125015251200\x1d10L-2025/11",
            scan(
                kind="gs1",
                symbology="]C1",
                gs1_syntax="element_string",
                lookup_key="95901234123450",
                gtin="95901234123450",
                batch="L-2025/11",
                best_before=dt.date(2025, 12, 31),
                quantity=Decimal("1.250"),
                quantity_unit="kg",
                elements=[
                    element("01", "95901234123450", GTIN),
                    element("3103", "001250", "NET WEIGHT (kg)", decimal="1.250"),
                    element("15", "251200", "BEST BEFORE or BEST BY", date=dt.date(2025, 12, 31)),
                    element("10", "L-2025/11", "BATCH/LOT"),
                ],
            ),
        ),
        (
            "https://id.gs1.org/00/106141412345678908?02=00614141123452&37=25&10=ABC123",
            scan(
                kind="gs1",
                gs1_syntax="digital_link",
                lookup_key="00614141123452",
                sscc="106141412345678908",
                batch="ABC123",
                quantity=Decimal(25),
                quantity_unit="pcs",
                elements=[
                    element("00", "106141412345678908", "SSCC"),
                    element("02", "00614141123452", "CONTENT"),
                    element("37", "25", "COUNT"),
                    element("10", "ABC123", "BATCH/LOT"),
                ],
            ),
        ),
        # A price in PLN (ISO 4217 985) and an expiry date with a time.
        (
            "]C1393298500001999\x1d70032512312359",
            scan(
                kind="gs1",
                symbology="]C1",
                gs1_syntax="element_string",
                elements=[
                    element("3932", "98500001999", "PRICE", decimal="19.99", currency="985"),
                    element(
                        "7003",
                        "2512312359",
                        "EXPIRY TIME",
                        date=dt.date(2025, 12, 31),
                        datetime=dt.datetime(2025, 12, 31, 23, 59),
                    ),
                ],
            ),
        ),
    ],
)
def test_gs1(text: str, expected: dict[str, Any]) -> None:
    assert PARSER.parse(text, TODAY).as_dict() == {**expected, "text": text}


def internal(code: str, kind: str, symbology: str | None = None) -> dict[str, Any]:
    return scan(
        kind="internal",
        symbology=symbology,
        lookup_key=code,
        internal_kind=kind,
        internal_value=code,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "373400306809981733",
            scan(kind="sscc", lookup_key="373400306809981733", sscc="373400306809981733"),
        ),
        # Polish weight code (default layout): 28, item 12345, 1.234 kg; looked up by the
        # base code with the weight zeroed, as Subiekt stores it.
        (
            "2812345012345",
            scan(
                kind="rcn",
                lookup_key="02812345000007",
                gtin="02812345000007",
                gtin_format="GTIN-13",
                quantity=Decimal("1.234"),
                quantity_unit="kg",
                rcn_measure="weight",
                rcn_value=Decimal("1.234"),
                item_reference="12345",
            ),
        ),
        ("A-03-2", internal("A-03-2", "location")),
        ("RA-03-2", internal("RA-03-2", "location")),
        ("]C0T-0042", internal("T-0042", "tote", "]C0")),
        ("OP-0001", internal("OP-0001", "badge")),
        ("ZK 18/2026", internal("ZK 18/2026", "order")),
        ("ZAM 7/2026", internal("ZAM 7/2026", "order")),
    ],
)
def test_sscc_rcn_and_internal_codes(text: str, expected: dict[str, Any]) -> None:
    assert PARSER.parse(text, TODAY).as_dict() == {**expected, "text": text}


def test_the_default_configuration_is_documented_json() -> None:
    config = json.loads(_core.ScanParser.default_config_json())
    assert config["separators"] == ["\x1d"]
    assert [rule["prefix"] for rule in config["rcn"]] == ["27", "28", "29"]
    assert {rule["pattern"] for rule in config["rcn"]} == {"PPPPPPPVVVVV"}
    assert [p["kind"] for p in config["internal"]] == ["location", "tote", "badge", "order"]
    assert json.loads(PARSER.config_json) == config


def test_configuration_changes_separators_layouts_and_patterns() -> None:
    parser = _core.ScanParser(
        json.dumps(
            {
                "separators": ["\x1d", "|"],
                "rcn": [{"prefix": "23", "measure": "weight", "pattern": "PPPPPPPPVVVV"}],
                "internal": [{"kind": "badge", "regex": "99(?P<value>[0-9]{6})"}],
            }
        )
    )
    assert parser.parse("]C110AB|17251231", TODAY).expiry == dt.date(2025, 12, 31)
    weighed = parser.parse("2300012315009", TODAY)
    assert (weighed.kind, weighed.rcn_value, weighed.lookup_key) == (
        "rcn",
        Decimal("1.500"),
        "02300012300005",
    )
    assert parser.parse("2812345012345", TODAY).kind == "gtin"
    badge = parser.parse("99001234", TODAY)
    assert (badge.internal_kind, badge.internal_value, badge.lookup_key) == (
        "badge",
        "001234",
        "99001234",
    )


def test_today_defaults_to_the_current_date() -> None:
    # 2-digit years are placed 49 years back to 50 ahead of today.
    year = dt.date.today().year
    ahead = (year + 50) % 100
    assert PARSER.parse(f"]C117{ahead:02d}0101").expiry == dt.date(year + 50, 1, 1)
    assert PARSER.parse("]C117760101", dt.date(2025, 1, 1)).expiry == dt.date(1976, 1, 1)
    assert PARSER.parse("]C117760101", dt.datetime(2026, 1, 1, 12)).expiry == dt.date(2076, 1, 1)


def test_today_must_be_a_date() -> None:
    with pytest.raises(TypeError, match=r"today must be a datetime\.date"):
        PARSER.parse("5901234123457", "2025-11-28")  # type: ignore[arg-type]


def test_dates_can_be_left_unchecked() -> None:
    parser = _core.ScanParser('{"verify_dates": false}')
    relaxed = parser.parse("]C11700000010AB", TODAY)
    assert (relaxed.expiry, relaxed.batch, relaxed.elements[0].value) == (None, "AB", "000000")


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_scan_error(text: str) -> None:
    try:
        result = PARSER.parse(text, TODAY)
    except _core.ScanError as error:
        assert 0 <= error.position <= len(text)
    else:
        assert result.text == text
