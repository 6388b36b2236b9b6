"""The external order id extractor, on values seen in real synchronizers' ZKs."""

from __future__ import annotations

import re

import pytest

from kolektor.config import ExternalIdRule, FieldSource, default_external_id_rules
from kolektor.subiekt.external_id import extract_external_id

UUID = "29f0a3d0-5f1b-11ec-bd42-e1e3a3b9c5a1"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"dok_Uwagi": f"{UUID} ; Client:143874145"}, UUID),
        ({"dok_Uwagi": f"Allegro: {UUID.upper()} ; Klient: kowal_123"}, UUID),
        ({"dok_Uwagi": "Proszę o fakturę", "dok_Tytul": f"Allegro {UUID}"}, UUID),
        ({"dok_Uwagi": "zamówienie telefoniczne", "dok_NrPelnyOryg": "SKLEP-10234"}, None),
        ({"dok_Uwagi": None, "dok_NrPelnyOryg": None, "dok_Tytul": None}, None),
        # Not a UUID: one group too short.
        ({"dok_Uwagi": "29f0a3d0-5f1b-11ec-bd42-e1e3a3b9c5a"}, None),
    ],
)
def test_default_rules_find_allegro_checkout_form_ids(
    header: dict[str, str | None], expected: str | None
) -> None:
    assert extract_external_id(default_external_id_rules(), header, {}) == expected


def test_rules_apply_in_order_and_custom_fields_are_read() -> None:
    rules = [
        ExternalIdRule(FieldSource("pwd_Tekst02", custom=True), re.compile(r"(?P<id>\S+)")),
        ExternalIdRule(FieldSource("dok_NrPelnyOryg"), re.compile(r"B_(?P<id>\d+)")),
    ]
    header = {"dok_NrPelnyOryg": "B_558812"}
    assert extract_external_id(rules, header, {"pwd_Tekst02": "  ab-12  "}) == "ab-12"
    assert extract_external_id(rules, header, {}) == "558812"


def test_pattern_without_id_group_takes_the_whole_match() -> None:
    rules = [ExternalIdRule(FieldSource("dok_Tytul"), re.compile(r"SKLEP-\d+"))]
    assert extract_external_id(rules, {"dok_Tytul": "Zam. SKLEP-10234 z 3.11"}, {}) == "SKLEP-10234"
