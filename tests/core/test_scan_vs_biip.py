"""Differential tests: Kolektor's scan parser against biip (a test-only dependency).

On real and hypothesis-generated inputs, Kolektor and biip agree on every GTIN, AI, value,
date and decimal.  The cases where they disagree by design are listed at the end, each
with the reason (also in ``docs/scanning.md``).

biip reads the clock for the two-digit-year window, so Kolektor is given today's date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from unittest import mock
from urllib.parse import quote

import biip
import pytest
from biip import ParseConfig
from biip.checksums import gs1_price_weight_check_digit, gs1_standard_check_digit
from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS
from biip.gs1_messages import GS1Message
from biip.rcn import _RCN_RULES, Rcn, RcnRegion, _MeasureType, _Strategy
from biip.upc import UpcFormat
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kolektor import _core

TODAY = dt.date.today()
DEFAULT = _core.ScanParser()
PLAIN = _core.ScanParser('{"rcn": [], "internal": []}')

# GS1 keys whose leading digits carry a mod-10 check digit (Kolektor verifies them; see
# scripts/generate_gs1_ai_table.py).
CHECK_DIGIT_LENGTHS = {
    "00": 18,
    "01": 14,
    "02": 14,
    "03": 14,
    "253": 13,
    "255": 13,
    "402": 17,
    **{f"41{n}": 13 for n in range(8)},
    "8003": 14,
    "8006": 14,
    "8017": 18,
    "8018": 18,
    "8026": 14,
}

Element = tuple[str, str, dt.date | None, dt.datetime | None, str | None]


def kolektor_elements(scan: Any) -> list[Element]:
    return [
        (e.ai, e.value, e.date, e.datetime, None if e.decimal is None else str(e.decimal))
        for e in scan.elements
    ]


def biip_elements(element_strings: Any) -> list[Element]:
    return [
        (e.ai.ai, e.value, e.date, e.datetime, None if e.decimal is None else str(e.decimal))
        for e in element_strings
    ]


def assert_agree(text: str, parser: Any = PLAIN, config: ParseConfig | None = None) -> Any:
    """Parse with both and compare what Kolektor chose with biip's reading of that kind."""
    scan = parser.parse(text, TODAY)
    result = biip.parse(text, config=config)
    if scan.kind == "gtin":
        assert result.gtin is not None, result
        assert result.gtin.as_gtin_14() == scan.gtin
        if scan.gtin_format == "UPC-E":
            assert result.upc is not None and result.upc.format == UpcFormat.UPC_E
        else:
            assert str(result.gtin.format) == scan.gtin_format
    elif scan.kind == "rcn":
        rcn = result.gtin
        assert isinstance(rcn, Rcn), result
        assert rcn.without_variable_measure().as_gtin_14() == scan.lookup_key
        assert rcn.item_reference == scan.item_reference
        # Equal values; biip divides (1500 / 10³ = 1.5), Kolektor keeps the layout's
        # decimals (1.500) — the same number.
        measured = {"weight": rcn.weight, "price": rcn.price, "count": rcn.count}
        assert measured[scan.rcn_measure] == scan.rcn_value
    elif scan.kind == "sscc":
        assert result.sscc is not None and result.sscc.value == scan.sscc
    elif scan.gs1_syntax == "digital_link":
        assert result.gs1_digital_link_uri is not None, result.gs1_digital_link_uri_error
        assert kolektor_elements(scan) == biip_elements(result.gs1_digital_link_uri.element_strings)
    elif scan.gs1_syntax == "hri":
        message = GS1Message.parse_hri(scan.data)
        assert kolektor_elements(scan) == biip_elements(message.element_strings)
    else:
        assert scan.kind == "gs1"
        assert result.gs1_message is not None, result.gs1_message_error
        assert kolektor_elements(scan) == biip_elements(result.gs1_message.element_strings)
        if scan.gtin is not None:
            assert result.gtin is not None and result.gtin.as_gtin_14() == scan.gtin
        if scan.sscc is not None:
            assert result.sscc is not None and result.sscc.value == scan.sscc
    return scan


# ---- real inputs ----

REAL = [
    # EAN-13 (GS1 Poland's example, a STABILO pen, a Coca-Cola can), with and without ]E0
    "5901234123457",
    "]E05901234123457",
    "4006381333931",
    "5449000000996",
    # EAN-8, UPC-A, UPC-E, GTIN-14 of a carton, a GTIN-13 in a 14-digit field
    "96385074",
    "]E496385074",
    "036000291452",
    "042100005264",
    "04252614",
    "15901234123454",
    "]I115901234123454",
    "07032069804988",
    # SSCCs
    "373400306809981733",
    "157035381410375177",
    "106141412345678908",
    # GS1-128 / GS1 DataMatrix / GS1 QR (GS1 General Specifications' and biip's examples)
    "]C101095011010209171719050810ABCD1234\x1d2110",
    "]d201095011010209171719050810ABCD1234\x1d2110",
    "]Q301095011010209171719050810ABCD1234\x1d2110",
    "]e00109501101020917",
    "010703206980498815210526100329",
    "]C1010703206980498815210526100329",
    "]C100106141412345678908",
    "]C1001061414123456789080200614141123452\x1d3725",
    "]C10195901234123450310300125015251200\x1d10L-2025/11",
    "]C1393298500001999\x1d70032512312359",
    "]C101059012341234573102001500\x1d1718060010ABC\x1d21123456789",
    "]C1800825013114305910X1",
    "]C143242512319999\x1d425616",
    "]C115210527",
    # HRI
    "(01)09501101020917(17)190508(10)ABCD1234(21)10",
    # GS1 Digital Link (the standard's and biip's examples)
    "https://id.gs1.org/01/09501101020917/10/ABCD1234/21/10?17=190508",
    "https://id.gs1.org/01/614141123452?3103=000195",
    "https://id.gs1.org/00/106141412345678908?02=00614141123452&37=25&10=ABC123",
    "https://example.com/shop/01/09501101020917/22/2A/10/ABC%2F1?3922=1999&utm=x",
    "]d2https://id.gs1.org/01/09501101020917?17=190508",
]


@pytest.mark.parametrize("text", REAL)
def test_real_barcodes_agree(text: str) -> None:
    assert_agree(text)


# ---- generated inputs ----

# ISO 4217 numeric codes a label may carry (PLN, EUR, USD, GBP, CZK, HUF, SEK, CHF, NOK, DKK).
CURRENCIES = ["985", "978", "840", "826", "203", "348", "752", "756", "578", "208"]


def with_check_digit(payload: str) -> str:
    return payload + str(gs1_standard_check_digit(payload))


@st.composite
def gtins(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from([8, 12, 13, 14]))
    code = with_check_digit(draw(st.text("0123456789", min_size=length - 1, max_size=length - 1)))
    assume(code.strip("0"))  # a GTIN of zeros is refused (see the disagreements)
    identifier = draw(
        st.sampled_from({8: ["", "]E4"], 12: ["", "]E0"], 13: ["", "]E0"], 14: ["", "]I1"]}[length])
    )
    return identifier + code


@given(gtins())
def test_gtins_agree(text: str) -> None:
    assert_agree(text)


@given(st.sampled_from("01"), st.text("0123456789", min_size=6, max_size=6))
def test_upc_e_agrees(number_system: str, digits: str) -> None:
    assume((number_system + digits).strip("0"))
    upc = biip.upc.Upc.parse(number_system + digits)
    assert_agree(f"{upc.payload}{upc.check_digit}")


@given(st.text("0123456789", min_size=17, max_size=17))
def test_ssccs_agree(payload: str) -> None:
    assume(payload.strip("0"))
    assert_agree(with_check_digit(payload))
    assert_agree("]C100" + with_check_digit(payload))


DATE_LAYOUTS = {
    **dict.fromkeys(["11", "12", "13", "15", "16", "17", "4326", "7006"], "YYMMDD"),
    **dict.fromkeys(["4324", "4325", "7003"], "YYMMDDhhmm"),
    "7011": "YYMMDD[hhmm]",
    "8008": "YYMMDDhh[mm[ss]]",
    "7007": "YYMMDD",  # the YYMMDDYYMMDD range form disagrees by design
}
# By design (see the end of this file): 7250/7251 are dates for Kolektor, not for biip;
# 395n has a decimal point indicator for Kolektor, not for biip; percent-encoded AIs.
EXCLUDED = {"7250", "7251", *(f"395{n}" for n in range(10))}
AIS = sorted(
    ai
    for ai, entry in _GS1_APPLICATION_IDENTIFIERS.items()
    if ai not in EXCLUDED and "%[0-9A-Fa-f]" not in entry.pattern
)


@st.composite
def values(draw: st.DrawFn, ai: str) -> str:
    entry = _GS1_APPLICATION_IDENTIFIERS[ai]
    if ai in DATE_LAYOUTS:
        date = draw(st.dates(dt.date(TODAY.year - 49, 1, 1), dt.date(TODAY.year + 50, 12, 31)))
        day = draw(st.sampled_from([f"{date.day:02d}", "00"]))  # 00: the month's last day
        text = f"{date:%y%m}{day}"
        times = {
            "YYMMDD": [""],
            "YYMMDDhhmm": ["hhmm", "9999"],
            "YYMMDD[hhmm]": ["", "hhmm"],
            "YYMMDDhh[mm[ss]]": ["hh", "hhmm", "hhmmss"],
        }[DATE_LAYOUTS[ai]]
        form = draw(st.sampled_from(times))
        if form and form != "9999":
            hour, minute, second = draw(
                st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
            )
            form = f"{hour:02d}{minute:02d}{second:02d}"[: len(form)]
        return text + form
    pattern = entry.pattern.removeprefix(f"^{ai}")
    value = draw(st.from_regex(re.compile("^" + pattern, re.ASCII), fullmatch=True))
    if ai in CHECK_DIGIT_LENGTHS:
        n = CHECK_DIGIT_LENGTHS[ai]
        value = with_check_digit(value[: n - 1]) + value[n:]
        assume(value[:n].strip("0"))  # a key of zeros is refused
    if ai.startswith(("391", "393")):
        value = draw(st.sampled_from(CURRENCIES)) + value[3:]
    assume(value)  # an empty value (30, 7004) is refused
    decimals = re.fullmatch(r"39[0-3](\d)", ai)
    if decimals:
        # Fewer digits than decimals disagree by design (biip slices them wrongly).
        digits = value[3:] if ai.startswith(("391", "393")) else value
        assume(len(digits) >= int(decimals.group(1)))
    return value


@st.composite
def messages(draw: st.DrawFn) -> list[tuple[str, str]]:
    # One value per AI: the same AI twice with different values is refused.
    chosen = draw(st.lists(st.sampled_from(AIS), min_size=1, max_size=5, unique=True))
    return [(ai, draw(values(ai))) for ai in chosen]


def element_string(elements: list[tuple[str, str]], separators: list[bool]) -> str:
    text = ""
    for index, ((ai, value), extra) in enumerate(zip(elements, separators, strict=True)):
        text += ai + value
        required = _GS1_APPLICATION_IDENTIFIERS[ai].separator_required
        if index + 1 < len(elements) and (required or extra):
            text += "\x1d"
    return text


@settings(max_examples=300)
@given(
    messages(),
    st.lists(st.booleans(), min_size=5, max_size=5),
    st.sampled_from(["]C1", "]d2", "]Q3", "]e0"]),
)
def test_gs1_element_strings_agree(
    elements: list[tuple[str, str]], separators: list[bool], identifier: str
) -> None:
    text = identifier + element_string(elements, separators[: len(elements)])
    assume(not (identifier in ("]d2", "]Q3") and text[3:].startswith("http")))
    scan = assert_agree(text)
    assert [(e.ai, e.value) for e in scan.elements] == elements


@given(messages(), st.lists(st.booleans(), min_size=5, max_size=5))
def test_gs1_element_strings_without_identifier_agree(
    elements: list[tuple[str, str]], separators: list[bool]
) -> None:
    gtin = with_check_digit("0590123412345")
    text = "01" + gtin + element_string(elements, separators[: len(elements)])
    # All digits of a GTIN or SSCC length would be read as that (see "one reading").
    assume(not (text.isdigit() and len(text) == 18))
    # AI 01 given twice with another value is refused on purpose ("repeated_ai").
    assume(all(ai != "01" for ai, _ in elements))
    scan = assert_agree(text)
    assert scan.kind == "gs1" and scan.gtin == gtin


@given(messages())
def test_hri_agrees(elements: list[tuple[str, str]]) -> None:
    # A '(' inside a value, and an empty value, cannot be written in HRI for biip (see the
    # disagreements by design).
    assume(all(value and "(" not in value for _, value in elements))
    text = "".join(f"({ai}){value}" for ai, value in elements)
    scan = assert_agree(text)
    assert scan.gs1_syntax == "hri"


QUALIFIERS = ["22", "10", "21"]
ATTRIBUTES = [ai for ai in AIS if ai not in {"01", "00", "22", "10", "21", "235", "253", "255"}]


@st.composite
def digital_links(draw: st.DrawFn) -> str:
    gtin = with_check_digit(draw(st.text("0123456789", min_size=13, max_size=13)))
    assume(gtin.strip("0"))
    path = f"/01/{draw(st.sampled_from([gtin, gtin.lstrip('0') or '0']))}"
    for qualifier in QUALIFIERS:
        if draw(st.booleans()):
            path += f"/{qualifier}/{quote(draw(values(qualifier)), safe='')}"
    attributes = draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=4))
    query = "&".join(f"{ai}={quote(draw(values(ai)), safe='')}" for ai in attributes)
    domain = draw(st.sampled_from(["https://id.gs1.org", "http://example.pl/shop", "https://e.co"]))
    return domain + path + (f"?{query}" if query else "")


@given(digital_links())
def test_digital_links_agree(uri: str) -> None:
    scan = assert_agree(uri)
    assert scan.gs1_syntax == "digital_link"


# ---- variable-measure EAN-13: every biip region's layouts, and the Polish default ----


def config_from_biip(region: RcnRegion) -> str:
    rules = [
        {
            "prefix": prefix,
            "measure": str(strategy.measure_type),
            "pattern": strategy.pattern,
            "decimals": strategy.num_decimals,
        }
        for prefix, strategy in _RCN_RULES[region].items()
    ]
    return json.dumps({"rcn": rules, "internal": []})


@st.composite
def rcns(draw: st.DrawFn, pattern: str, prefix: str) -> str:
    digits = [prefix[0], prefix[1]] + [
        draw(st.sampled_from("0123456789")) for _ in range(pattern.count("P") - 2)
    ]
    value = "".join(draw(st.sampled_from("0123456789")) for _ in range(pattern.count("V")))
    if "C" in pattern:
        digits.append(str(gs1_price_weight_check_digit(value)))
    return with_check_digit("".join(digits) + value)


@pytest.mark.parametrize("region", list(RcnRegion))
@given(data=st.data())
def test_rcn_layouts_of_every_biip_region_agree(region: RcnRegion, data: st.DataObject) -> None:
    parser = _core.ScanParser(config_from_biip(region))
    prefix = data.draw(st.sampled_from(sorted(_RCN_RULES[region])))
    code = data.draw(rcns(_RCN_RULES[region][prefix].pattern, prefix))
    scan = assert_agree(code, parser, ParseConfig(rcn_region=region))
    assert scan.kind == "rcn"


@contextmanager
def biip_with_kolektors_polish_layout() -> Iterator[ParseConfig]:
    """biip has no Polish region: lend it Kolektor's default layout under another region."""
    default = json.loads(_core.ScanParser.default_config_json())["rcn"]
    rules = {
        rule["prefix"]: _Strategy(_MeasureType(rule["measure"]), rule["pattern"], rule["decimals"])
        for rule in default
    }
    with mock.patch.dict(_RCN_RULES, {RcnRegion.DENMARK: rules}):
        yield ParseConfig(rcn_region=RcnRegion.DENMARK)


@given(st.sampled_from(["27", "28", "29"]), st.data())
def test_polish_weight_codes_agree(prefix: str, data: st.DataObject) -> None:
    code = data.draw(rcns("PPPPPPPVVVVV", prefix))
    with biip_with_kolektors_polish_layout() as config:
        scan = assert_agree(code, DEFAULT, config)
    assert (scan.kind, scan.rcn_measure, scan.quantity_unit) == ("rcn", "weight", "kg")


# ---- disagreements by design ----


def biip_error(text: str) -> bool:
    result = biip.parse(text)
    return result.gtin is None and result.gs1_message is None and result.sscc is None


def test_upc_e_under_the_ean_identifier() -> None:
    # ISO/IEC 15424: ]E0 carries EAN-13, UPC-A *and* UPC-E; biip reads 8 digits after ]E0
    # as a GTIN-8 (and fails here, the check digit being UPC-E's).
    assert PLAIN.parse("]E004252614", TODAY).gtin == "00042100005264"
    assert biip.parse("]E004252614").gtin is None


def test_hri_without_identifier() -> None:
    # biip.parse() does not read HRI (only GS1Message.parse_hri does); scanners reading a
    # label's text with OCR, and people typing, send it.
    assert PLAIN.parse("(01)09501101020917(17)190508", TODAY).gtin == "09501101020917"
    assert biip.parse("(01)09501101020917(17)190508").gs1_message is None


def test_a_wrong_check_digit_inside_a_gs1_message_is_an_error() -> None:
    # biip keeps the message and sets gtin_error; a misprinted GTIN must not be picked.
    with pytest.raises(_core.ScanError, match="AI 01: check digit is 8, expected 7"):
        PLAIN.parse("]C10105901234123458", TODAY)
    result = biip.parse("]C10105901234123458")
    assert result.gs1_message is not None and result.gtin_error is not None


def test_price_per_unit_has_decimals() -> None:
    # 395n (price per unit of measure) carries a decimal point indicator like 392n; biip's
    # hand list of decimal AIs predates it; Kolektor derives the list from the data.
    (element,) = PLAIN.parse("]C13952001234", TODAY).elements
    assert element.decimal == Decimal("12.34")
    assert biip.parse("]C13952001234").gs1_message.element_strings[0].decimal is None


def test_dates_with_four_digit_years() -> None:
    # 7250 (date of birth, YYYYMMDD) is a date by its description; biip's hand list of
    # date AIs has only YYMMDD-based ones.
    (element,) = PLAIN.parse("]C1725019800101", TODAY).elements
    assert element.date == dt.date(1980, 1, 1)
    assert biip.parse("]C1725019800101").gs1_message.element_strings[0].date is None


def test_harvest_date_ranges() -> None:
    # 7007 is YYMMDD[YYMMDD]; biip reads the second date as a time (and fails on it).
    (element,) = PLAIN.parse("]C17007250801250831", TODAY).elements
    assert (element.date, element.datetime) == (dt.date(2025, 8, 1), None)
    assert biip.parse("]C17007250801250831").gs1_message is None


def test_amounts_with_fewer_digits_than_decimals() -> None:
    # 3925 = 5 decimals; "123" is 0.00123.  biip slices "123" into "1" and "23".
    (element,) = PLAIN.parse("]C13925123", TODAY).elements
    assert element.decimal == Decimal("0.00123")
    assert biip.parse("]C13925123").gs1_message.element_strings[0].decimal == Decimal("1.23")


def test_ean_with_add_on() -> None:
    # ]E3 = EAN-13 + a 2/5-digit add-on (magazines); the product is the first 13 digits.
    assert PLAIN.parse("]E3590123412345712", TODAY).gtin == "05901234123457"
    assert biip.parse("]E3590123412345712").gtin is None


def test_digital_link_short_names_and_plain_qr() -> None:
    # Path short names (gtin, lot, ser, …) of Digital Link 1.1, and a Digital Link in a
    # plain QR code (]Q1, how phones' QR codes are printed): biip reads neither.
    short = "https://id.gs1.org/gtin/09501101020917/lot/ABC"
    assert [e.ai for e in PLAIN.parse(short, TODAY).elements] == ["01", "10"]
    assert biip.parse(short).gs1_digital_link_uri is None
    plain_qr = "]Q1https://id.gs1.org/01/09501101020917"
    assert PLAIN.parse(plain_qr, TODAY).gtin == "09501101020917"
    assert biip.parse(plain_qr).gs1_digital_link_uri is None


def test_short_upc_e_needs_the_symbology() -> None:
    # 6 or 7 digits carry no check digit: without ]E0 they are not accepted as UPC-E (an
    # internal 6-digit number would otherwise become a product).
    with pytest.raises(_core.ScanError):
        PLAIN.parse("123456", TODAY)
    assert biip.parse("123456").upc is not None
    assert PLAIN.parse("]E0425261", TODAY).gtin == "00042100005264"


def test_internal_codes_and_polish_weight_codes() -> None:
    # biip knows neither the shop's own codes nor Poland's weight codes (no region rules):
    # it returns 2812345012345 as an ordinary GTIN; Kolektor looks the product up by the
    # base code with the weight zeroed (with the same layout, biip agrees: see above).
    assert DEFAULT.parse("A-03-2", TODAY).internal_kind == "location"
    assert biip_error("A-03-2")
    assert DEFAULT.parse("2812345012345", TODAY).lookup_key == "02812345000007"
    assert biip.parse("2812345012345").gtin.as_gtin_14() == "02812345012345"


def test_one_reading_when_several_fit() -> None:
    # A valid GTIN that is also a valid element string: biip returns both readings,
    # Kolektor the GTIN (its length and check digit make it the likely one).
    text = "10123456789019"  # GTIN-14, and AI 10 with batch "123456789019"
    assert PLAIN.parse(text, TODAY).kind == "gtin"
    result = biip.parse(text)
    assert result.gtin is not None and result.gs1_message is not None


def test_parentheses_inside_hri_values() -> None:
    # "(1)" cannot open an AI (AIs have 2 to 4 digits), so Kolektor keeps it in the value;
    # biip's HRI reader stops every value at '('.
    scan = PLAIN.parse("(10)A(1)B(21)7", TODAY)
    assert [(e.ai, e.value) for e in scan.elements] == [("10", "A(1)B"), ("21", "7")]
    with pytest.raises(biip.ParseError):
        GS1Message.parse_hri("(10)A(1)B(21)7")


def test_empty_values_are_refused() -> None:
    # AI 30 (N..8) and 7004 (N..4) may be empty by the AI table both parsers use, but GS1's
    # N..8 is one to eight digits: Kolektor refuses an empty count; biip keeps it in an
    # element string and its HRI reader skips "(30)" without a word.
    for text in ("(30)(10)A", "]C130\x1d10A"):
        with pytest.raises(_core.ScanError) as refused:
            PLAIN.parse(text, TODAY)
        assert (refused.value.code, refused.value.ai) == ("empty_value", "30")
    assert biip.parse("]C130\x1d10A").gs1_message is not None
    message = GS1Message.parse_hri("(30)(10)A")
    assert [(e.ai.ai, e.value) for e in message.element_strings] == [("10", "A")]


def test_digits_are_ascii() -> None:
    # GS1 data is ASCII; biip's regexes use Python's Unicode-aware \d and take '٠' (ARABIC-
    # INDIC DIGIT ZERO) for a digit.
    with pytest.raises(_core.ScanError, match="expected a digit"):
        PLAIN.parse("]C1310000000\u0660", TODAY)
    assert biip.parse("]C1310000000\u0660").gs1_message is not None


def test_percent_encoded_values_count_characters() -> None:
    # 4300 (ship-to company, X..35, percent-encoded): Kolektor counts characters as
    # written; biip's regex counts a "%HH%HH" group as one, so in HRI it accepts more.
    value = "%C5%81" * 6  # 36 characters
    with pytest.raises(_core.ScanError, match="longer than 35"):
        PLAIN.parse(f"(4300){value}", TODAY)
    assert GS1Message.parse_hri(f"(4300){value}").element_strings[0].value == value


# ---- the reverse direction: what biip rejects is no product here ----


def kolektor_product(text: str) -> str | None:
    """The GTIN-14 or SSCC Kolektor would look a product (or pallet) up by, or None."""
    try:
        scan = PLAIN.parse(text, TODAY)
    except _core.ScanError:
        return None
    return scan.gtin or scan.sscc


def biip_products(text: str) -> set[str]:
    """Every valid GTIN-14 or SSCC biip finds in any of its readings."""
    try:
        result = biip.parse(text)
    except biip.ParseError:
        return set()
    found = set()
    if result.gtin is not None and result.gtin_error is None:
        found.add(result.gtin.as_gtin_14())
    if result.upc is not None and result.upc_error is None:
        found.add(result.upc.as_gtin_14())
    if result.sscc is not None and result.sscc_error is None:
        found.add(result.sscc.value)
    return found


def assert_no_product_biip_rejects(text: str) -> None:
    product = kolektor_product(text)
    if product is None:
        return
    data = text[3:] if text.startswith("]") else text
    if text.startswith("]E0") and len(data.strip()) <= 8:
        return  # UPC-E under ]E0 (disagreement 1)
    assert product in biip_products(text), (text, product, biip.parse(text))


# Raw material: digits (most of any barcode), GS, a few letters and symbols.
NOISE = st.text("0123456789" * 6 + "\x1dAZaz-/. ", min_size=0, max_size=40)
IDENTIFIERS = st.sampled_from(["", "", "]C1", "]E0", "]E4", "]I1", "]d2", "]Q3", "]C0", "]e0"])


@settings(max_examples=500)
@given(IDENTIFIERS, NOISE)
def test_random_input_biip_rejects_is_no_product(identifier: str, text: str) -> None:
    assert_no_product_biip_rejects(identifier + text)


@st.composite
def garbled(draw: st.DrawFn) -> str:
    """A valid code with one or two scanner mistakes: a digit misread, one dropped or
    doubled, two swapped, a separator lost."""
    text = draw(
        st.one_of(
            gtins(),
            st.sampled_from([t for t in REAL if "(" not in t and "http" not in t]),
            st.builds(with_check_digit, st.text("0123456789", min_size=17, max_size=17)),
        )
    )
    for _ in range(draw(st.integers(1, 2))):
        start = 3 if text.startswith("]") else 0
        if len(text) <= start + 1:
            break
        i = draw(st.integers(start, len(text) - 1))
        mistake = draw(st.sampled_from(["misread", "drop", "double", "swap"]))
        if mistake == "misread":
            text = text[:i] + draw(st.sampled_from("0123456789")) + text[i + 1 :]
        elif mistake == "drop":
            text = text[:i] + text[i + 1 :]
        elif mistake == "double":
            text = text[:i] + text[i] + text[i:]
        elif i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


@settings(max_examples=500)
@given(garbled())
def test_garbled_codes_biip_rejects_are_no_product(text: str) -> None:
    assert_no_product_biip_rejects(text)


# ---- refusals by design (issue 11): biip accepts these, Kolektor says what is wrong ----


@pytest.mark.parametrize(
    ("text", "code", "ai"),
    [
        # 8/12/13/14 digits without a GS1 identifier are a GTIN: a wrong check digit is that,
        # not a GS1 message (biip also offers "15 210527", best before).
        ("15210527", "check_digit", None),
        ("4006381333932", "check_digit", None),
        # keys of zeros: a check digit of 0 is right, but GS1 never allocates them
        ("0000000000000", "all_zero", None),
        ("]C10100000000000000", "all_zero", "01"),
        # one AI, two values
        ("]C1010590123412345710A\x1d10B", "repeated_ai", "10"),
        # an amount in a currency ISO 4217 does not have
        ("]C13932123000019999", "currency", "3932"),
    ],
)
def test_refused_though_biip_reads_them(text: str, code: str, ai: str | None) -> None:
    with pytest.raises(_core.ScanError) as refused:
        PLAIN.parse(text, TODAY)
    assert (refused.value.code, refused.value.ai) == (code, ai)
    result = biip.parse(text)
    assert result.gtin is not None or result.gs1_message is not None
