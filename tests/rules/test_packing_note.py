"""The ``packing_note`` action (issue 11): a note for the packer, validated like every
action, written back in the canonical JSON, described in words, and decided for a gift
order by a rule that reacts to its remarks."""

from __future__ import annotations

from typing import Any

import pytest

from kolektor.rules import DEFAULT_RULES, Decision, RuleContext, evaluate
from kolektor.rules.parse import RulesError, dump_rules, parse_rules
from kolektor.scanner.packing import packing_facts
from tests.rules.orders import order

NOTE = "Prezent — nie wkładaj paragonu do paczki"
GIFT = {
    "name": "Prezent",
    "when": [{"remarks_contain": "prezent"}],
    "then": {"document": "PA", "print": False, "packing_note": NOTE},
}


def gift_rules() -> list[Any]:
    return [*parse_rules([GIFT]), *DEFAULT_RULES]


def test_a_note_is_parsed_and_written_back() -> None:
    (rule,) = parse_rules([{**GIFT, "then": {**GIFT["then"], "packing_note": f"  {NOTE}\n"}}])
    assert rule.actions.packing_note == NOTE  # spaces and line breaks folded
    assert dump_rules([rule])[0]["then"]["packing_note"] == NOTE
    (plain,) = parse_rules([{**GIFT, "then": {"document": "PA"}}])
    assert plain.actions.packing_note is None


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (12, "reguła 1 „Prezent”: akcja packing_note: 12 nie jest tekstem — wpisz notatkę "
             "dla pakującego albo null (bez notatki)"),
        ("   ", "reguła 1 „Prezent”: akcja packing_note: pusta notatka dla pakującego — wpisz "
               "tekst albo null (bez notatki)"),
        ("x" * 201, "reguła 1 „Prezent”: akcja packing_note: notatka dla pakującego ma 201 "
                    "znaków — skróć ją do 200"),
    ],
)  # fmt: skip
def test_a_bad_note_is_refused_naming_the_rule(note: Any, expected: str) -> None:
    with pytest.raises(RulesError) as error:
        parse_rules([{**GIFT, "then": {**GIFT["then"], "packing_note": note}}])
    assert [p.text for p in error.value.problems] == [expected]


def test_the_note_is_described_in_words() -> None:
    (rule,) = parse_rules([GIFT])
    assert rule.actions.describe("pl").endswith(f"notatka dla pakującego: „{NOTE}”")
    assert rule.actions.describe("en").endswith(f"note for the packer: “{NOTE}”")


def test_a_gift_order_gets_the_note_and_no_printed_receipt() -> None:
    gift = order(remarks="Prezent – proszę nie wkładać paragonu do paczki")
    decision = evaluate(gift_rules(), RuleContext.from_order(gift))
    assert isinstance(decision, Decision) and decision.rule == "Prezent"
    assert packing_facts(gift, gift_rules(), "pl") == {
        "packing": {"document": "PA", "print": False, "note": NOTE, "rule": "Prezent"},
        "delivery": {"method": None, "carrier": "own", "carrier_name": "etykieta Kolektora",
                     "service": "pickup", "service_name": "odbiór osobisty", "template": None,
                     "station": None},
    }  # fmt: skip
    other = order(remarks="Proszę o fakturę.")
    assert packing_facts(other, gift_rules(), "pl")["packing"] == {
        "document": "FS", "print": True, "note": None, "rule": "Faktura w uwagach"
    }  # fmt: skip
    assert packing_facts(other, [], "pl")["packing"] == {
        "document": None, "print": False, "note": None, "rule": None
    }  # fmt: skip
