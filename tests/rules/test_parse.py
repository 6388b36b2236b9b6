"""Rules as JSON: reading (with every problem named), canonical writing, round trip, warnings."""

from __future__ import annotations

import json
import string
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kolektor import i18n
from kolektor.i18n import LANGUAGES, Language
from kolektor.rules.context import COUNTRIES
from kolektor.rules.model import (
    Actions,
    AmountAbove,
    AmountBelow,
    CategoryIn,
    Condition,
    CountryIn,
    DeliveryMethodIn,
    DocumentKind,
    HasFlag,
    HasNip,
    InvoiceRequested,
    IsAllegro,
    Not,
    PaymentMethodIn,
    RemarksContain,
    Rule,
)
from kolektor.rules.parse import (
    ACTION_KEYS,
    CONDITION_KINDS,
    RuleProblem,
    RulesError,
    dump_rules,
    parse_rules,
    rule_warnings,
)

MESSAGES = {k: v for k, v in i18n.MESSAGES.items() if k.startswith("rules.parse.")}
"""This module's part of the catalog (:mod:`kolektor.messages`)."""

DOCS = Path(__file__).parents[2] / "docs" / "rules.md"

THEN_FS = {"document": "FS"}


def rule(when: list[Any], then: Any = None, name: str = "Firmy", **extra: Any) -> dict[str, Any]:
    return {"name": name, "when": when, "then": THEN_FS if then is None else then, **extra}


def problems(data: Any, language: Language = "pl") -> list[RuleProblem]:
    with pytest.raises(RulesError) as error:
        parse_rules(data, language=language)
    assert str(error.value) == "\n".join(p.text for p in error.value.problems)
    return list(error.value.problems)


def one_condition(condition: Any) -> Condition:
    (parsed,) = parse_rules([rule([condition])])
    (result,) = parsed.conditions
    return result


# -- reading -------------------------------------------------------------------------------


def test_a_complete_rule() -> None:
    data = [
        {
            "name": "  Faktura w uwagach ",
            "enabled": False,
            "when": [{"remarks_contain": ["faktur", " FV "]}, {"not": {"is_allegro": True}}],
            "then": {
                "document": "FS",
                "print": False,
                "printer": " Biuro HP ",
                "email": True,
                "email_template": "faktura",
                "allegro": True,
                "label": False,
            },
        }
    ]
    assert parse_rules(data) == [
        Rule(
            name="Faktura w uwagach",
            conditions=(RemarksContain(("faktur", "FV")), Not(IsAllegro())),
            actions=Actions(
                document=DocumentKind.FS,
                print=False,
                printer="Biuro HP",
                email=True,
                email_template="faktura",
                allegro=True,
                label=False,
            ),
            enabled=False,
        )
    ]


def test_missing_optional_keys_take_their_defaults() -> None:
    assert parse_rules([{"name": "Reszta", "when": [], "then": {"document": "pai"}}]) == [
        Rule("Reszta", (), Actions(DocumentKind.PAI), enabled=True)
    ]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"has_nip": True}, HasNip()),
        ({"has_nip": False}, Not(HasNip())),
        ({"has_nip": {"valid": False}}, HasNip(valid=False)),
        ({"has_nip": {"valid": True}}, HasNip(valid=True)),
        ({"remarks_contain": "faktur"}, RemarksContain(("faktur",))),
        ({"remarks_contain": ["faktur", "FV"]}, RemarksContain(("faktur", "FV"))),
        ({"is_allegro": True}, IsAllegro()),
        ({"is_allegro": False}, Not(IsAllegro())),
        ({"invoice_requested": True}, InvoiceRequested()),
        ({"invoice_requested": False}, Not(InvoiceRequested())),
        ({"amount_above": 450}, AmountAbove(Decimal(450))),
        ({"amount_above": 12.5}, AmountAbove(Decimal("12.5"))),
        ({"amount_above": "12.50"}, AmountAbove(Decimal("12.50"))),
        ({"amount_below": " 0 "}, AmountBelow(Decimal(0))),
        (
            {"amount_below": {"amount": "100", "currency": "eur"}},
            AmountBelow(Decimal(100), "EUR"),
        ),
        ({"amount_above": {"amount": 450}}, AmountAbove(Decimal(450), "PLN")),
        ({"payment_method_in": "Pobranie"}, PaymentMethodIn(("Pobranie",))),
        ({"payment_method_in": [" Pobranie", 4]}, PaymentMethodIn(("Pobranie", 4))),
        (
            {"delivery_method_in": ["InPost", "Orlen Paczka"]},
            DeliveryMethodIn(("InPost", "Orlen Paczka")),
        ),
        ({"category_in": [3, "Allegro"]}, CategoryIn((3, "Allegro"))),
        ({"has_flag": 2}, HasFlag((2,))),
        ({"has_flag": [1, 2]}, HasFlag((1, 2))),
        ({"country_in": ["pl", "Niemcy", "Narnia"]}, CountryIn(("pl", "Niemcy", "Narnia"))),
        ({"not": {"amount_above": 450}}, Not(AmountAbove(Decimal(450)))),
        # "not" of a negative shorthand is the positive condition.
        ({"not": {"is_allegro": False}}, IsAllegro()),
        ({"not": {"has_nip": False}}, HasNip()),
    ],
)
def test_conditions_and_their_shorthands(condition: Any, expected: Condition) -> None:
    assert one_condition(condition) == expected


# -- problems ------------------------------------------------------------------------------

R = "reguła 1 „Firmy”: "


@pytest.mark.parametrize(
    ("condition", "path", "text"),
    [
        (
            {"amount_above": "12,50 zł"},
            ("when", 0, "amount_above"),
            R + "warunek 1 (amount_above): „12,50 zł” nie jest kwotą — użyj liczby, np. 12.50",
        ),
        (
            {"amount_above": True},
            ("when", 0, "amount_above"),
            R + "warunek 1 (amount_above): true nie jest kwotą — użyj liczby, np. 12.50",
        ),
        (
            {"amount_below": -5},
            ("when", 0, "amount_below"),
            R + "warunek 1 (amount_below): -5 jest ujemna — kwota musi być większa lub równa 0",
        ),
        (
            {"amount_below": {"amount": "100", "currency": "zł"}},
            ("when", 0, "amount_below", "currency"),
            R + "warunek 1 (amount_below): „zł” nie jest kodem waluty — "
            "użyj trzech liter, np. PLN albo EUR",
        ),
        (
            {"amount_below": {"currency": "EUR"}},
            ("when", 0, "amount_below"),
            R + 'warunek 1 (amount_below): brak kwoty — wpisz np. {"amount": "100.00", '
            '"currency": "EUR"}',
        ),
        (
            {"amount_below": {"amount": 1, "waluta": "EUR"}},
            ("when", 0, "amount_below", "waluta"),
            R + "warunek 1 (amount_below): nieznane pole „waluta” — dozwolone: amount, currency",
        ),
        (
            {"remark_contains": "faktur"},
            ("when", 0, "remark_contains"),
            R + "warunek 1 (remark_contains): nieznany warunek (może remarks_contain?) — "
            "dostępne: " + ", ".join(CONDITION_KINDS),
        ),
        (
            {"has_nip": "tak"},
            ("when", 0, "has_nip"),
            R + 'warunek 1 (has_nip): „tak” — wpisz true, false albo {"valid": false} '
            "(każdy wpisany NIP)",
        ),
        (
            {"is_allegro": "true"},
            ("when", 0, "is_allegro"),
            R + "warunek 1 (is_allegro): „true” — wpisz true albo false",
        ),
        (
            {"remarks_contain": 5},
            ("when", 0, "remarks_contain"),
            R + "warunek 1 (remarks_contain): 5 nie jest tekstem — wpisz tekst albo listę "
            'tekstów, np. ["faktur", "FV"]',
        ),
        (
            {"remarks_contain": ["faktur", " ! "]},
            ("when", 0, "remarks_contain", 1),
            R + "warunek 1 (remarks_contain): „ ! ” nie zawiera żadnej litery ani cyfry "
            "do wyszukania",
        ),
        (
            {"payment_method_in": []},
            ("when", 0, "payment_method_in"),
            R + "warunek 1 (payment_method_in): lista jest pusta — podaj co najmniej jedną wartość",
        ),
        (
            {"payment_method_in": ["Pobranie", 4.5]},
            ("when", 0, "payment_method_in", 1),
            R + "warunek 1 (payment_method_in): 4.5 — podaj numer (id) albo nazwę w cudzysłowie",
        ),
        (
            {"category_in": [" "]},
            ("when", 0, "category_in", 0),
            R + "warunek 1 (category_in): pusta nazwa — usuń ją albo wpisz nazwę",
        ),
        (
            {"has_flag": ["2"]},
            ("when", 0, "has_flag", 0),
            R + "warunek 1 (has_flag): „2” nie jest numerem — podaj liczbę całkowitą "
            "większą od 0, np. 3",
        ),
        (
            {"delivery_method_in": [None]},
            ("when", 0, "delivery_method_in", 0),
            R + 'warunek 1 (delivery_method_in): null nie jest nazwą — wpisz tekst, np. "InPost"',
        ),
        (
            {"country_in": ["PL", "XX"]},
            ("when", 0, "country_in", 1),
            R + "warunek 1 (country_in): „XX” nie jest znanym kodem kraju — użyj nazwy "
            "(np. Niemcy) albo kodu ISO (np. DE)",
        ),
        (
            {"not": {"amount_above": "dużo"}},
            ("when", 0, "not", "amount_above"),
            R + "warunek 1 (not → amount_above): „dużo” nie jest kwotą — użyj liczby, np. 12.50",
        ),
        (
            {"not": "is_allegro"},
            ("when", 0, "not"),
            R + 'warunek 1 (not): po "not" musi być warunek, np. {"not": {"is_allegro": true}}, '
            "jest „is_allegro”",
        ),
        (
            {"not": {"not": {"is_allegro": True}}},
            ("when", 0, "not", "not"),
            R + 'warunek 1 (not → not): "not" wewnątrz "not" znosi się — usuń oba',
        ),
        (
            {"has_nip": True, "is_allegro": True},
            ("when", 0),
            R + "warunek 1: warunek ma kilka kluczy (has_nip, is_allegro) — "
            "każdy warunek zapisz osobno",
        ),
        ({}, ("when", 0), R + 'warunek 1: warunek jest pusty — wpisz np. {"has_nip": true}'),
        (
            "has_nip",
            ("when", 0),
            R + 'warunek 1: warunek musi być obiektem z jednym kluczem, np. {"has_nip": true}, '
            "jest „has_nip”",
        ),
    ],
)
def test_condition_problems_name_the_rule_and_the_condition(
    condition: Any, path: tuple[str | int, ...], text: str
) -> None:
    assert problems([rule([condition])]) == [RuleProblem(0, "Firmy", path, text)]


@pytest.mark.parametrize(
    ("then", "path", "text"),
    [
        (
            {"document": "FV"},
            ("then", "document"),
            R + "akcja document: „FV” nie jest rodzajem dokumentu (może FS?) — "
            "dozwolone: FS, PA, PAi, WZ",
        ),
        (
            {"document": "KFS"},
            ("then", "document"),
            R + "akcja document: „KFS” nie jest rodzajem dokumentu — dozwolone: FS, PA, PAi, WZ",
        ),
        (
            {"print": True},
            ("then", "document"),
            R + 'akcja document: brak rodzaju dokumentu — dodaj "document": "FS" '
            "(albo PA, PAi, WZ)",
        ),
        (
            {"document": "FS", "email": "tak"},
            ("then", "email"),
            R + "akcja email: „tak” — wpisz true albo false",
        ),
        (
            {"document": "FS", "printer": 3},
            ("then", "printer"),
            R + "akcja printer: 3 nie jest nazwą drukarki — wpisz nazwę albo null "
            "(domyślna drukarka stanowiska)",
        ),
        (
            {"document": "FS", "printer": " "},
            ("then", "printer"),
            R + "akcja printer: pusta nazwa drukarki — wpisz nazwę albo null "
            "(domyślna drukarka stanowiska)",
        ),
        (
            {"document": "FS", "email_template": None},
            ("then", "email_template"),
            R + 'akcja email_template: null nie jest nazwą szablonu — wpisz nazwę, np. "dokument"',
        ),
        (
            {"document": "FS", "email_template": ""},
            ("then", "email_template"),
            R + 'akcja email_template: pusta nazwa szablonu — wpisz nazwę, np. "dokument"',
        ),
        (
            {"document": "FS", "emial": True},
            ("then", "emial"),
            R + "akcja emial: nieznane pole (może email?) — dozwolone: " + ", ".join(ACTION_KEYS),
        ),
    ],
)
def test_action_problems_name_the_rule_and_the_action(
    then: Any, path: tuple[str | int, ...], text: str
) -> None:
    assert problems([rule([], then)]) == [RuleProblem(0, "Firmy", path, text)]


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        (
            "Firmy",
            RuleProblem(
                0,
                None,
                (),
                "reguła 1: reguła musi być obiektem { … } z polami name, when i then, jest „Firmy”",
            ),
        ),
        (
            {"when": [], "then": THEN_FS},
            RuleProblem(0, None, ("name",), 'reguła 1: brak nazwy — dodaj "name": "…"'),
        ),
        (
            {"name": 7, "when": [], "then": THEN_FS},
            RuleProblem(0, None, ("name",), "reguła 1: nazwa musi być tekstem, jest 7"),
        ),
        (
            {"name": " ", "when": [], "then": THEN_FS},
            RuleProblem(
                0, None, ("name",), 'reguła 1: nazwa jest pusta — wpisz np. "Firmy z NIP-em"'
            ),
        ),
        (
            {"name": "x" * 101, "when": [], "then": THEN_FS},
            RuleProblem(
                0, None, ("name",), "reguła 1: nazwa ma 101 znaków — może mieć najwyżej 100"
            ),
        ),
        (
            rule([], enabled="tak"),
            RuleProblem(
                0, "Firmy", ("enabled",), R + '"enabled" musi być true albo false, jest „tak”'
            ),
        ),
        (
            {"name": "Firmy", "then": THEN_FS},
            RuleProblem(
                0,
                "Firmy",
                ("when",),
                R + 'brak warunków — dodaj "when": [ … ] '
                "(pusta lista: reguła dla każdego zamówienia)",
            ),
        ),
        (
            rule({"has_nip": True}),  # type: ignore[arg-type]
            RuleProblem(
                0,
                "Firmy",
                ("when",),
                R + '"when" musi być listą warunków [ … ], jest {"has_nip": true}',
            ),
        ),
        (
            {"name": "Firmy", "when": []},
            RuleProblem(0, "Firmy", ("then",), R + 'brak akcji — dodaj "then": {"document": "FS"}'),
        ),
        (
            rule([], "FS"),
            RuleProblem(0, "Firmy", ("then",), R + '"then" musi być obiektem { … }, jest „FS”'),
        ),
        (
            rule([], wehn=[]),
            RuleProblem(
                0,
                "Firmy",
                ("wehn",),
                R + "nieznane pole „wehn” (może when?) — dozwolone: name, enabled, when, then",
            ),
        ),
    ],
)
def test_rule_problems(item: Any, problem: RuleProblem) -> None:
    assert problems([item]) == [problem]


def test_the_rules_must_be_a_list() -> None:
    assert problems({"name": "Firmy"}) == [
        RuleProblem(None, None, (), 'reguły muszą być listą [ … ], jest {"name": "Firmy"}')
    ]
    assert problems(None, "en") == [
        RuleProblem(None, None, (), "the rules must be a list [ … ], found null")
    ]


def test_names_must_differ_ignoring_case() -> None:
    data = [rule([], name="Firmy"), rule([], name="Paragony"), rule([], name=" FIRMY")]
    assert problems(data) == [
        RuleProblem(
            2,
            "FIRMY",
            ("name",),
            "reguła 3 „FIRMY”: tak samo nazywa się reguła 1 — nazwy muszą być różne",
        )
    ]


def test_every_problem_is_reported_at_once() -> None:
    data = [
        rule([{"remarks_contain": "faktur"}], name="Dobra"),
        rule(
            [{"has_nip": True}, {"amount_above": "12,50 zł"}, {"country_in": "XX"}],
            {"document": "FV", "email": "tak"},
        ),
        {"name": "", "when": "wszystko"},
    ]
    assert [p.text for p in problems(data)] == [
        "reguła 2 „Firmy”: warunek 2 (amount_above): „12,50 zł” nie jest kwotą — "
        "użyj liczby, np. 12.50",
        "reguła 2 „Firmy”: warunek 3 (country_in): „XX” nie jest znanym kodem kraju — "
        "użyj nazwy (np. Niemcy) albo kodu ISO (np. DE)",
        "reguła 2 „Firmy”: akcja document: „FV” nie jest rodzajem dokumentu (może FS?) — "
        "dozwolone: FS, PA, PAi, WZ",
        "reguła 2 „Firmy”: akcja email: „tak” — wpisz true albo false",
        'reguła 3: nazwa jest pusta — wpisz np. "Firmy z NIP-em"',
        'reguła 3: "when" musi być listą warunków [ … ], jest „wszystko”',
        'reguła 3: brak akcji — dodaj "then": {"document": "FS"}',
    ]


def test_problems_in_english() -> None:
    data = [
        rule([{"amount_above": "12,50 zł"}, {"not": {"is_allegro": "no"}}], {"document": "PI"}),
    ]
    assert [p.text for p in problems(data, "en")] == [
        "rule 1 “Firmy”: condition 1 (amount_above): “12,50 zł” is not an amount — "
        "use a number, e.g. 12.50",
        "rule 1 “Firmy”: condition 2 (not → is_allegro): “no” — write true or false",
        "rule 1 “Firmy”: action document: “PI” is not a document kind (did you mean PAi?) — "
        "allowed: FS, PA, PAi, WZ",
    ]


# -- writing and the round trip ------------------------------------------------------------


def test_dump_writes_the_canonical_form() -> None:
    rules = [
        Rule(
            "Zagranica",
            (
                RemarksContain(("faktur",)),
                RemarksContain(("faktur", "FV")),
                Not(HasNip()),
                HasNip(valid=False),
                AmountAbove(Decimal("1E+2")),
                AmountBelow(Decimal("99.90"), "EUR"),
                PaymentMethodIn(("Pobranie", 4)),
                DeliveryMethodIn(("InPost",)),
                CategoryIn((3,)),
                HasFlag((1, 2)),
                CountryIn(("DE",)),
                InvoiceRequested(),
            ),
            Actions(
                DocumentKind.PAI,
                printer="Biuro",
                allegro=True,
                packing_note="Ostrożnie",
                carrier="inpost",
                parcel_template="B",
            ),
            enabled=False,
        )
    ]
    assert dump_rules(rules) == [
        {
            "name": "Zagranica",
            "enabled": False,
            "when": [
                {"remarks_contain": "faktur"},
                {"remarks_contain": ["faktur", "FV"]},
                {"not": {"has_nip": True}},
                {"has_nip": {"valid": False}},
                {"amount_above": "100"},
                {"amount_below": {"amount": "99.90", "currency": "EUR"}},
                {"payment_method_in": ["Pobranie", 4]},
                {"delivery_method_in": ["InPost"]},
                {"category_in": [3]},
                {"has_flag": [1, 2]},
                {"country_in": ["DE"]},
                {"invoice_requested": True},
            ],
            "then": {
                "document": "PAi",
                "print": True,
                "printer": "Biuro",
                "email": True,
                "email_template": "dokument",
                "allegro": True,
                "label": True,
                "carrier": "inpost",
                "service": None,
                "parcel_template": "B",
                "packing_note": "Ostrożnie",
            },
        }
    ]


_WORD = st.text(
    alphabet="abcdefghijklmnoprstuwyząćęłńóśźżABCFVWZ0123456789", min_size=1, max_size=12
)
_TEXT = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_NAME = st.text(min_size=1, max_size=30).map(str.strip).filter(bool)
_IDS = st.integers(min_value=1, max_value=10**6)
_AMOUNT = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
_CURRENCY = st.sampled_from(["PLN", "EUR", "CZK"])
_COUNTRY = st.sampled_from([*COUNTRIES, "Polska", "Niemcy", "Narnia", "Republika Czeska"])


def _tuple(values: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(values, min_size=1, max_size=4).map(tuple)


_POSITIVE: st.SearchStrategy[Condition] = st.one_of(
    st.builds(HasNip, valid=st.booleans()),
    st.builds(RemarksContain, _tuple(_TEXT)),
    st.just(IsAllegro()),
    st.just(InvoiceRequested()),
    st.builds(AmountAbove, _AMOUNT, _CURRENCY),
    st.builds(AmountBelow, _AMOUNT, _CURRENCY),
    st.builds(PaymentMethodIn, _tuple(st.one_of(_IDS, _TEXT))),
    st.builds(DeliveryMethodIn, _tuple(_TEXT)),
    st.builds(CategoryIn, _tuple(st.one_of(_IDS, _TEXT))),
    st.builds(HasFlag, _tuple(_IDS)),
    st.builds(CountryIn, _tuple(_COUNTRY)),
)
_CONDITION = st.one_of(_POSITIVE, _POSITIVE.map(Not))
_ACTIONS = st.builds(
    Actions,
    document=st.sampled_from(DocumentKind),
    print=st.booleans(),
    printer=st.one_of(st.none(), _TEXT),
    email=st.booleans(),
    email_template=_TEXT,
    allegro=st.booleans(),
    label=st.booleans(),
)


@st.composite
def _rules(draw: st.DrawFn) -> list[Rule]:
    names = draw(st.lists(_NAME, max_size=5, unique_by=str.casefold))
    return [
        Rule(
            name,
            tuple(draw(st.lists(_CONDITION, max_size=4))),
            draw(_ACTIONS),
            draw(st.booleans()),
        )
        for name in names
    ]


@given(_rules())
def test_rules_survive_the_round_trip_through_json(rules: list[Rule]) -> None:
    text = json.dumps(dump_rules(rules), ensure_ascii=False)
    assert parse_rules(json.loads(text)) == rules
    assert dump_rules(parse_rules(json.loads(text))) == json.loads(text)


# -- warnings ------------------------------------------------------------------------------


def test_warnings_about_rules_that_cannot_work_as_meant() -> None:
    rules = [
        Rule(
            "Sklep",
            (Not(IsAllegro()), AmountAbove(Decimal(500)), AmountBelow(Decimal(100))),
            Actions(DocumentKind.FS, allegro=True),
        ),
        Rule("Allegro", (IsAllegro(),), Actions(DocumentKind.FS, allegro=True)),
        Rule("WZ", (RemarksContain(("WZ",)),), Actions(DocumentKind.WZ, allegro=True, email=False)),
        Rule("Sprzeczna", (HasNip(), Not(HasNip())), Actions(DocumentKind.FS, email=False)),
        Rule("Wyłączona", (), Actions(DocumentKind.PA), enabled=False),
        Rule("Reszta", (), Actions(DocumentKind.PAI)),
        Rule("Za późno", (HasNip(),), Actions(DocumentKind.FS, email=False)),
    ]
    assert rule_warnings(rules) == [
        RuleProblem(
            0,
            "Sklep",
            ("when", 2),
            "reguła 1 „Sklep”: warunki 2 i 3 wykluczają się — reguła nigdy nie zadziała",
        ),
        RuleProblem(
            0,
            "Sklep",
            ("then", "allegro"),
            "reguła 1 „Sklep”: akcja allegro: reguła wyklucza zamówienia z Allegro (warunek 1), "
            "więc dołączanie do Allegro nic nie zrobi",
        ),
        RuleProblem(
            1,
            "Allegro",
            ("then", "email"),
            "reguła 2 „Allegro”: akcja email: reguła dotyczy zamówień z Allegro, a od 2 marca "
            "2026 Allegro nie przepuszcza e-maili z dokumentami sprzedaży do kupujących — "
            'ustaw "email": false, a dokument przekaż przez Allegro ("allegro": true)',
        ),
        RuleProblem(
            2,
            "WZ",
            ("then", "allegro"),
            "reguła 3 „WZ”: akcja allegro: WZ nie jest dokumentem sprzedaży, a Allegro przyjmuje "
            'faktury — ustaw "allegro": false',
        ),
        RuleProblem(
            3,
            "Sprzeczna",
            ("when", 1),
            "reguła 4 „Sprzeczna”: warunki 1 i 2 wykluczają się — reguła nigdy nie zadziała",
        ),
        RuleProblem(
            6,
            "Za późno",
            (),
            "reguła 7 „Za późno”: nigdy nie zadziała — wcześniejsza reguła 6 „Reszta” nie ma "
            "warunków i decyduje o każdym zamówieniu",
        ),
    ]


@pytest.mark.parametrize(
    ("rules", "language", "expected"),
    [
        (
            [],
            "pl",
            [
                RuleProblem(
                    None,
                    None,
                    (),
                    "nie ma żadnej włączonej reguły — każde zamówienie trafi do „wymaga uwagi”",
                )
            ],
        ),
        (
            [Rule("Firmy", (HasNip(),), Actions(DocumentKind.FS))],
            "en",
            [
                RuleProblem(
                    0,
                    "Firmy",
                    ("when",),
                    "the last enabled rule “Firmy” has conditions — an order no rule matches "
                    "will go to “attention”; add a rule without conditions at the end",
                )
            ],
        ),
        ([Rule("Wszystko", (), Actions(DocumentKind.PAI))], "pl", []),
    ],
)
def test_warnings_about_orders_no_rule_decides(
    rules: list[Rule], language: Language, expected: list[RuleProblem]
) -> None:
    assert rule_warnings(rules, language=language) == expected


# -- messages and documentation ------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = MESSAGES[key]
    assert set(texts) == set(LANGUAGES)
    assert _fields(texts["pl"]) == _fields(texts["en"])


@pytest.mark.parametrize("key", [*CONDITION_KINDS, *ACTION_KEYS])
def test_the_office_documentation_describes_every_condition_and_action(key: str) -> None:
    assert f"`{key}`" in DOCS.read_text(encoding="utf-8")
