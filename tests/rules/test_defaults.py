"""The default rules on remarks as customers write them in Polish shops."""

from __future__ import annotations

import json

import pytest

from kolektor.rules.context import RuleContext
from kolektor.rules.defaults import DEFAULT_RULES, DEFAULT_RULES_JSON, default_rules_data
from kolektor.rules.evaluate import Decision, evaluate
from kolektor.rules.model import DocumentKind
from kolektor.rules.parse import parse_rules, rule_warnings
from tests.rules.orders import ALLEGRO_ID, order

FS, PA, PAI, WZ = DocumentKind.FS, DocumentKind.PA, DocumentKind.PAI, DocumentKind.WZ
INVOICE, RECEIPT, ISSUE, COMPANY, OTHER = (rule.name for rule in DEFAULT_RULES)


@pytest.mark.parametrize(
    ("remarks", "document", "rule"),
    [
        # asking for an invoice
        ("Proszę o fakturę", FS, INVOICE),
        ("faktura VAT", FS, INVOICE),
        ("FAKTURA NA FIRMĘ", FS, INVOICE),
        ("proszę o fakturę VAT 23%", FS, INVOICE),
        ("Poproszę fakturkę", FS, INVOICE),
        ("FV", FS, INVOICE),
        ("proszę o fv na firmę", FS, INVOICE),
        ("Nie dzwonić, faktura na firmę", FS, INVOICE),
        ("Proszę o fakturę, nie paragon", FS, INVOICE),
        ("Zamiast paragonu poproszę fakturę", FS, INVOICE),
        ("Proszę o fakturę do paragonu", FS, INVOICE),
        ("Faktura: tak", FS, INVOICE),
        # asking for a receipt
        ("paragon proszę", PA, RECEIPT),
        ("Wystarczy PARAGON", PA, RECEIPT),
        ("nie wystawiać faktury, wystarczy paragon", PA, RECEIPT),
        ("Faktura VAT: nie, paragon: tak", PA, RECEIPT),
        ("bez faktury, paragon", PA, RECEIPT),
        # asking for a WZ
        ("WZ", WZ, ISSUE),
        ("WZ do zamówienia", WZ, ISSUE),
        ("Proszę dołączyć WZ-kę", WZ, ISSUE),
        # nothing (or only refusals) → the catch-all for a customer without NIP
        ("bez faktury", PAI, OTHER),
        ("Nie chcę faktury", PAI, OTHER),
        ("Faktura: NIE", PAI, OTHER),
        ("faktura nie jest potrzebna", PAI, OTHER),
        ("bez paragonu", PAI, OTHER),
        ("Zamówienie zgodne ze wzorem", PAI, OTHER),
        ("wzór nr 5", PAI, OTHER),
        ("Dostawa po 16:00, kod do bramy 1234", PAI, OTHER),
        (f"Allegro: {ALLEGRO_ID} ; Klient: kowal_123", PAI, OTHER),
        ("", PAI, OTHER),
    ],
)
def test_defaults_on_real_remarks_without_nip(
    remarks: str, document: DocumentKind, rule: str
) -> None:
    decision = evaluate(DEFAULT_RULES, RuleContext.from_order(order(remarks=remarks)))
    assert isinstance(decision, Decision)
    assert (decision.document, decision.rule) == (document, rule)


@pytest.mark.parametrize(
    ("remarks", "remarks_ext", "document", "rule"),
    [
        ("", "", FS, COMPANY),
        ("Dostawa po 16:00", "", FS, COMPANY),
        # A refusal only stops the remarks rule; a customer with a NIP still gets the
        # invoice rule 4 decides (a sale to a business is documented with an invoice).
        ("bez faktury", "", FS, COMPANY),
        ("paragon", "", PA, RECEIPT),
        ("", "Proszę o WZ", WZ, ISSUE),
        ("WZ", "faktura", FS, INVOICE),
    ],
)
def test_defaults_for_a_customer_with_a_nip(
    remarks: str, remarks_ext: str, document: DocumentKind, rule: str
) -> None:
    record = order(
        remarks=remarks, remarks_ext=remarks_ext, nip="5260250995", nip_raw="526-025-09-95"
    )
    decision = evaluate(DEFAULT_RULES, RuleContext.from_order(record))
    assert isinstance(decision, Decision)
    assert (decision.document, decision.rule) == (document, rule)


@pytest.mark.parametrize(
    ("nip_raw", "document"),
    [("526-025-09-95", FS), ("PL5260250995", FS), ("526-025-09-96", PAI), ("DE123456789", PAI)],
)
def test_only_a_valid_polish_nip_makes_an_invoice(nip_raw: str, document: DocumentKind) -> None:
    decision = evaluate(DEFAULT_RULES, RuleContext.from_order(order(nip_raw=nip_raw)))
    assert isinstance(decision, Decision)
    assert decision.document is document


def test_the_default_decision_for_an_allegro_company() -> None:
    record = order(
        number="ZK 31/2026",
        external_id=ALLEGRO_ID,
        nip="5260250995",
        nip_raw="5260250995",
        remarks=f"Allegro: {ALLEGRO_ID} ; Klient: firma_zolc",
    )
    decision = evaluate(DEFAULT_RULES, RuleContext.from_order(record))
    assert isinstance(decision, Decision)
    assert decision.summary == "FS — reguła 4 „Klient z NIP-em”: NIP 5260250995 jest poprawny"
    assert decision.actions == DEFAULT_RULES[3].actions
    assert (decision.actions.print, decision.actions.email, decision.actions.allegro) == (
        True,
        True,
        True,
    )


def test_the_defaults_as_json() -> None:
    actions = {"print": True, "printer": None, "email": True, "email_template": "dokument"}
    last = {
        "label": True,
        "carrier": "own",
        "service": None,
        "parcel_template": None,
        "packing_note": None,
    }
    assert json.loads(DEFAULT_RULES_JSON) == [
        {
            "name": "Faktura w uwagach",
            "enabled": True,
            "when": [{"remarks_contain": ["faktur", "FV"]}],
            "then": {"document": "FS", **actions, "allegro": True, **last},
        },
        {
            "name": "Paragon w uwagach",
            "enabled": True,
            "when": [{"remarks_contain": "paragon"}],
            "then": {"document": "PA", **actions, "allegro": False, **last},
        },
        {
            "name": "WZ w uwagach",
            "enabled": True,
            "when": [{"remarks_contain": "WZ"}],
            "then": {"document": "WZ", **actions, "allegro": False, **last},
        },
        {
            "name": "Klient z NIP-em",
            "enabled": True,
            "when": [{"has_nip": True}],
            "then": {"document": "FS", **actions, "allegro": True, **last},
        },
        {
            "name": "Pozostałe zamówienia",
            "enabled": True,
            "when": [],
            "then": {"document": "PAi", **actions, "allegro": False, **last},
        },
    ]
    assert parse_rules(json.loads(DEFAULT_RULES_JSON)) == list(DEFAULT_RULES)
    assert default_rules_data() == json.loads(DEFAULT_RULES_JSON)


def test_default_rules_data_is_a_fresh_copy() -> None:
    data = default_rules_data()
    data[0]["name"] = "changed"
    assert default_rules_data()[0]["name"] == "Faktura w uwagach"


def test_the_defaults_raise_no_warnings() -> None:
    assert rule_warnings(DEFAULT_RULES) == []


@pytest.mark.parametrize(
    ("remarks", "document"),
    [
        # No comma: "nie" two words before counts as a negation (docs/rules.md, limitations).
        ("Proszę nie dzwonić faktura", PAI),
        # The synchronizer's own note is part of the remarks; a login "fv-sklep" has "FV".
        (f"Allegro: {ALLEGRO_ID} ; Klient: fv-sklep", FS),
    ],
)
def test_documented_limitations(remarks: str, document: DocumentKind) -> None:
    decision = evaluate(DEFAULT_RULES, RuleContext.from_order(order(remarks=remarks)))
    assert isinstance(decision, Decision)
    assert decision.document is document
