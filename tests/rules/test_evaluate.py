"""First match wins; disabled rules; no rule matched; the "try it on an order" explanation."""

from __future__ import annotations

import string
from decimal import Decimal

import pytest

from kolektor import i18n
from kolektor.i18n import LANGUAGES
from kolektor.rules.context import RuleContext
from kolektor.rules.evaluate import (
    ConditionOutcome,
    Decision,
    Explanation,
    NoRuleMatched,
    RuleOutcome,
    RuleStatus,
    evaluate,
    explain,
)
from kolektor.rules.model import (
    Actions,
    AmountAbove,
    DocumentKind,
    HasNip,
    InvoiceRequested,
    IsAllegro,
    Not,
    RemarksContain,
    Rule,
)
from tests.rules.orders import ALLEGRO_ID

MESSAGES = {k: v for k, v in i18n.MESSAGES.items() if k.startswith("rules.evaluate.")}
"""This module's part of the catalog (:mod:`kolektor.messages`)."""

INVOICE = RemarksContain(("faktur",))
FS = Actions(DocumentKind.FS, allegro=True)
PAI = Actions(DocumentKind.PAI, email=False)
WZ = Actions(DocumentKind.WZ, print=False)

RULES = (
    Rule("Faktura w uwagach", (INVOICE,), FS),
    Rule("Duże zamówienia", (AmountAbove(Decimal(1000)),), WZ, enabled=False),
    Rule("Firmy", (HasNip(), Not(IsAllegro())), FS),
    Rule("Pozostałe", (), PAI),
)


def test_the_first_matching_rule_decides() -> None:
    ctx = RuleContext(remarks="Proszę o fakturę", nip="5260250995")
    assert evaluate(RULES, ctx) == Decision(
        rule="Faktura w uwagach",
        position=1,
        actions=FS,
        conditions=(
            ConditionOutcome(
                position=1,
                condition=INVOICE,
                description="uwagi zawierają „faktur”",
                held=True,
                known=True,
                reason="uwagi zawierają „fakturę”",
            ),
        ),
        summary="FS — reguła 1 „Faktura w uwagach”: uwagi zawierają „fakturę”",
    )


def test_all_conditions_of_a_rule_must_hold() -> None:
    ctx = RuleContext(nip="5260250995", nip_raw="526-025-09-95", external_id="SKLEP-7")
    decision = evaluate(RULES, ctx, language="en")
    assert decision == Decision(
        rule="Firmy",
        position=3,
        actions=FS,
        conditions=(
            ConditionOutcome(
                1, HasNip(), "has a valid NIP", True, True, "NIP 526-025-09-95 is valid"
            ),
            ConditionOutcome(
                2,
                Not(IsAllegro()),
                "not: is an Allegro order",
                True,
                True,
                "not an Allegro order (order id: “SKLEP-7”; category: none)",
            ),
        ),
        summary="FS — rule 3 “Firmy”: NIP 526-025-09-95 is valid; "
        "not an Allegro order (order id: “SKLEP-7”; category: none)",
    )
    assert decision.document is DocumentKind.FS


@pytest.mark.parametrize(
    ("ctx", "rule"),
    [
        # A company ordering on Allegro: rule 3 excludes Allegro, the catch-all decides.
        (RuleContext(nip="5260250995", external_id=ALLEGRO_ID), "Pozostałe"),
        # The disabled rule would match; it is skipped.
        (RuleContext(value_gross=Decimal(5000)), "Pozostałe"),
        (RuleContext(remarks="bez faktury", nip="5260250995"), "Firmy"),
    ],
)
def test_disabled_and_failing_rules_are_passed_over(ctx: RuleContext, rule: str) -> None:
    decision = evaluate(RULES, ctx)
    assert isinstance(decision, Decision)
    assert decision.rule == rule


def test_a_catch_all_decides_with_no_conditions() -> None:
    assert evaluate(RULES, RuleContext(), language="pl") == Decision(
        rule="Pozostałe",
        position=4,
        actions=PAI,
        conditions=(),
        summary="PAi — reguła 4 „Pozostałe”: reguła bez warunków",
    )


def test_no_rule_matched_is_a_result() -> None:
    rules = RULES[:3]
    assert evaluate(rules, RuleContext()) == NoRuleMatched(
        rules_checked=2, reason="żadna z włączonych reguł nie pasuje (sprawdzono: 2)"
    )
    assert evaluate(rules, RuleContext(), language="en") == NoRuleMatched(
        rules_checked=2, reason="no rule matched (enabled rules checked: 2)"
    )


@pytest.mark.parametrize(
    ("rules", "language", "expected"),
    [
        ((), "pl", NoRuleMatched(0, "żadna reguła nie pasuje — nie ma włączonych reguł")),
        (
            (Rule("Wyłączona", (), FS, enabled=False),),
            "en",
            NoRuleMatched(0, "no rule matched — there are no enabled rules"),
        ),
    ],
)
def test_no_enabled_rules(rules: tuple[Rule, ...], language: str, expected: NoRuleMatched) -> None:
    assert evaluate(rules, RuleContext(), language=language) == expected  # type: ignore[arg-type]


def test_a_condition_on_an_unknown_fact_does_not_hold_either_way() -> None:
    rules = (
        Rule("Chce fakturę", (InvoiceRequested(),), FS),
        Rule("Nie chce faktury", (Not(InvoiceRequested()),), PAI),
    )
    assert evaluate(rules, RuleContext(invoice_requested=None)) == NoRuleMatched(
        2, "żadna z włączonych reguł nie pasuje (sprawdzono: 2)"
    )
    decision = evaluate(rules, RuleContext(invoice_requested=False))
    assert isinstance(decision, Decision)
    assert decision.rule == "Nie chce faktury"


def test_explain_shows_every_rule_and_condition() -> None:
    ctx = RuleContext(
        order_number="ZK 18/2026",
        remarks="bez faktury",
        nip="5260250995",
        nip_raw="526-025-09-95",
        value_gross=Decimal(5000),
        external_id="SKLEP-7",
    )
    explanation = explain(RULES, ctx)
    not_allegro = ConditionOutcome(
        2,
        Not(IsAllegro()),
        "nie: zamówienie z Allegro",
        True,
        True,
        "zamówienie nie jest z Allegro (identyfikator: „SKLEP-7”; kategoria: brak)",
    )
    has_nip = ConditionOutcome(
        1, HasNip(), "ma poprawny NIP", True, True, "NIP 526-025-09-95 jest poprawny"
    )
    decision = Decision(
        rule="Firmy",
        position=3,
        actions=FS,
        conditions=(has_nip, not_allegro),
        summary="FS — reguła 3 „Firmy”: NIP 526-025-09-95 jest poprawny; "
        "zamówienie nie jest z Allegro (identyfikator: „SKLEP-7”; kategoria: brak)",
    )
    assert explanation == Explanation(
        result=decision,
        rules=(
            RuleOutcome(
                1,
                "Faktura w uwagach",
                RuleStatus.NOT_MATCHED,
                False,
                (
                    ConditionOutcome(
                        1,
                        INVOICE,
                        "uwagi zawierają „faktur”",
                        False,
                        True,
                        "„faktury” w uwagach się nie liczy — przed nim stoi „bez”",
                    ),
                ),
            ),
            RuleOutcome(
                2,
                "Duże zamówienia",
                RuleStatus.DISABLED,
                True,
                (
                    ConditionOutcome(
                        1,
                        AmountAbove(Decimal(1000)),
                        "wartość brutto powyżej 1 000,00 PLN",
                        True,
                        True,
                        "wartość brutto 5 000,00 PLN jest wyższa niż 1 000,00 PLN",
                    ),
                ),
            ),
            RuleOutcome(3, "Firmy", RuleStatus.DECIDED, True, (has_nip, not_allegro)),
            RuleOutcome(4, "Pozostałe", RuleStatus.AFTER_DECISION, True, ()),
        ),
        order_number="ZK 18/2026",
        language="pl",
    )
    assert explanation.text() == "\n".join(
        [
            "ZK 18/2026 → FS (reguła 3 „Firmy”)",
            "  akcje: FS: drukuj na domyślnej drukarce stanowiska, wyślij e-mailem "
            "(szablon „dokument”), dołącz do zamówienia Allegro, "
            "etykieta Kolektora — odbiór osobisty",
            "1. „Faktura w uwagach” — nie pasuje",
            "   ✗ uwagi zawierają „faktur”: "
            "„faktury” w uwagach się nie liczy — przed nim stoi „bez”",
            "2. „Duże zamówienia” — wyłączona (pasowałaby)",
            "   ✓ wartość brutto powyżej 1 000,00 PLN: "
            "wartość brutto 5 000,00 PLN jest wyższa niż 1 000,00 PLN",
            "3. „Firmy” — ZDECYDOWAŁA",
            "   ✓ ma poprawny NIP: NIP 526-025-09-95 jest poprawny",
            "   ✓ nie: zamówienie z Allegro: "
            "zamówienie nie jest z Allegro (identyfikator: „SKLEP-7”; kategoria: brak)",
            "4. „Pozostałe” — po decyzji (też pasuje)",
            "   ✓ reguła bez warunków",
        ]
    )


def test_explain_when_no_rule_matches_in_english() -> None:
    rules = (
        Rule("Invoice asked", (InvoiceRequested(),), FS),
        Rule("Big", (AmountAbove(Decimal(1000)),), WZ, enabled=False),
    )
    explanation = explain(rules, RuleContext(value_gross=Decimal(10)), language="en")
    assert explanation.result == NoRuleMatched(1, "no rule matched (enabled rules checked: 1)")
    assert explanation.text() == "\n".join(
        [
            "Order: no rule matched (enabled rules checked: 1)",
            "1. “Invoice asked” — does not match",
            "   ? the buyer asked for an invoice: "
            "it is not known whether the buyer asked for an invoice",
            "2. “Big” — disabled",
            "   ✗ gross value above 1,000.00 PLN: "
            "the gross value 10.00 PLN is not above 1,000.00 PLN",
        ]
    )


@pytest.mark.parametrize(
    "ctx",
    [
        RuleContext(),
        RuleContext(remarks="Proszę o fakturę"),
        RuleContext(nip="5260250995", external_id=ALLEGRO_ID),
        RuleContext(value_gross=Decimal(5000), remarks="bez faktury"),
    ],
)
@pytest.mark.parametrize("rules", [RULES, RULES[:3], RULES[1:], ()])
def test_explain_agrees_with_evaluate(ctx: RuleContext, rules: tuple[Rule, ...]) -> None:
    assert explain(rules, ctx).result == evaluate(rules, ctx)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = MESSAGES[key]
    assert set(texts) == set(LANGUAGES)
    assert _fields(texts["pl"]) == _fields(texts["en"])
