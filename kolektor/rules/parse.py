"""Document rules as JSON (as the store keeps them and the panel edits them), and back.

The format — a list of rules, the first matching one decides::

    [{"name": "Faktura w uwagach", "enabled": true,
      "when": [{"remarks_contain": ["faktur", "FV"]}, {"not": {"is_allegro": true}}],
      "then": {"document": "FS", "print": true, "printer": null, "email": true,
               "email_template": "dokument", "allegro": true, "label": true}}]

:func:`parse_rules` checks everything and raises :class:`RulesError` with *all* problems at
once, each naming the rule (position and name) and the condition or action, in Polish or
English.  :func:`rule_warnings` lists what is allowed but probably not meant (a rule after a
catch-all, attaching a WZ to Allegro…).  :func:`dump_rules` writes the canonical JSON;
``parse_rules(dump_rules(rules)) == rules``.  ``docs/rules.md`` describes the format for the
office.  Pure Python, no I/O.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, assert_never

from kolektor.i18n import Language
from kolektor.rules.context import country_code, words
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
    quote,
)

__all__ = [
    "ACTION_KEYS",
    "CONDITION_KINDS",
    "MESSAGES",
    "NAME_MAX_LENGTH",
    "RULE_KEYS",
    "RuleProblem",
    "RulesError",
    "dump_condition",
    "dump_rule",
    "dump_rules",
    "parse_rules",
    "rule_warnings",
]

RULE_KEYS: Final = ("name", "enabled", "when", "then")
ACTION_KEYS: Final = (
    "document",
    "print",
    "printer",
    "email",
    "email_template",
    "allegro",
    "label",
)
NAME_MAX_LENGTH: Final = 100
MAX_RULES: Final = 200
"""A rule set has at most this many rules (the first match wins; more is a mistake)."""
MAX_CONDITIONS: Final = 50
"""A rule has at most this many conditions."""
MAX_VALUES: Final = 200
"""A condition lists at most this many values (words, ids, names)."""
_DEFAULT_CURRENCY: Final = "PLN"

MESSAGES: Final[Mapping[str, Mapping[Language, str]]] = MappingProxyType(
    {
        # where a problem is
        "rule": {"pl": "reguła {position}", "en": "rule {position}"},
        "condition": {"pl": "warunek {position}", "en": "condition {position}"},
        "action": {"pl": "akcja {key}", "en": "action {key}"},
        # the list and the rule
        "rules.not_list": {
            "pl": "reguły muszą być listą [ … ], jest {found}",
            "en": "the rules must be a list [ … ], found {found}",
        },
        "rules.too_many": {
            "pl": "reguł jest {count} — może być najwyżej {limit}",
            "en": "there are {count} rules — at most {limit} are allowed",
        },
        "rule.too_many_conditions": {
            "pl": "reguła ma {count} warunków — może mieć najwyżej {limit}",
            "en": "the rule has {count} conditions — at most {limit} are allowed",
        },
        "condition.too_many_values": {
            "pl": "warunek ma {count} wartości — może mieć najwyżej {limit}",
            "en": "the condition has {count} values — at most {limit} are allowed",
        },
        "rule.not_object": {
            "pl": "reguła musi być obiektem {{ … }} z polami name, when i then, jest {found}",
            "en": "a rule must be an object {{ … }} with name, when and then, found {found}",
        },
        "rule.unknown_key": {
            "pl": "nieznane pole {key}{suggestion} — dozwolone: name, enabled, when, then",
            "en": "unknown field {key}{suggestion} — allowed: name, enabled, when, then",
        },
        "rule.name_missing": {
            "pl": 'brak nazwy — dodaj "name": "…"',
            "en": 'no name — add "name": "…"',
        },
        "rule.name_not_text": {
            "pl": "nazwa musi być tekstem, jest {found}",
            "en": "the name must be text, found {found}",
        },
        "rule.name_empty": {
            "pl": 'nazwa jest pusta — wpisz np. "Firmy z NIP-em"',
            "en": 'the name is empty — write e.g. "Companies with a NIP"',
        },
        "rule.name_too_long": {
            "pl": "nazwa ma {length} znaków — może mieć najwyżej {limit}",
            "en": "the name has {length} characters — at most {limit} are allowed",
        },
        "rule.name_duplicate": {
            "pl": "tak samo nazywa się reguła {other} — nazwy muszą być różne",
            "en": "rule {other} has the same name — names must differ",
        },
        "rule.enabled": {
            "pl": '"enabled" musi być true albo false, jest {found}',
            "en": '"enabled" must be true or false, found {found}',
        },
        "rule.when_missing": {
            "pl": 'brak warunków — dodaj "when": [ … ] '
            "(pusta lista: reguła dla każdego zamówienia)",
            "en": 'no conditions — add "when": [ … ] (an empty list: a rule for every order)',
        },
        "rule.when_not_list": {
            "pl": '"when" musi być listą warunków [ … ], jest {found}',
            "en": '"when" must be a list of conditions [ … ], found {found}',
        },
        "rule.then_missing": {
            "pl": 'brak akcji — dodaj "then": {{"document": "FS"}}',
            "en": 'no actions — add "then": {{"document": "FS"}}',
        },
        "rule.then_not_object": {
            "pl": '"then" musi być obiektem {{ … }}, jest {found}',
            "en": '"then" must be an object {{ … }}, found {found}',
        },
        # conditions
        "condition.not_object": {
            "pl": "warunek musi być obiektem z jednym kluczem, "
            'np. {{"has_nip": true}}, jest {found}',
            "en": "a condition must be an object with one key, "
            'e.g. {{"has_nip": true}}, found {found}',
        },
        "condition.empty": {
            "pl": 'warunek jest pusty — wpisz np. {{"has_nip": true}}',
            "en": 'the condition is empty — write e.g. {{"has_nip": true}}',
        },
        "condition.many_keys": {
            "pl": "warunek ma kilka kluczy ({keys}) — każdy warunek zapisz osobno",
            "en": "the condition has several keys ({keys}) — write each condition separately",
        },
        "condition.unknown": {
            "pl": "nieznany warunek{suggestion} — dostępne: {known}",
            "en": "unknown condition{suggestion} — available: {known}",
        },
        "condition.bool": {
            "pl": "{found} — wpisz true albo false",
            "en": "{found} — write true or false",
        },
        "condition.has_nip": {
            "pl": '{found} — wpisz true, false albo {{"valid": false}} (każdy wpisany NIP)',
            "en": '{found} — write true, false or {{"valid": false}} (any NIP entered)',
        },
        "condition.texts": {
            "pl": '{found} nie jest tekstem — wpisz tekst albo listę tekstów, np. ["faktur", "FV"]',
            "en": '{found} is not text — write a text or a list of texts, e.g. ["faktur", "FV"]',
        },
        "condition.no_word": {
            "pl": "{found} nie zawiera żadnej litery ani cyfry do wyszukania",
            "en": "{found} contains no letter or digit to search for",
        },
        "condition.list_empty": {
            "pl": "lista jest pusta — podaj co najmniej jedną wartość",
            "en": "the list is empty — give at least one value",
        },
        "condition.amount": {
            "pl": "{found} nie jest kwotą — użyj liczby, np. 12.50",
            "en": "{found} is not an amount — use a number, e.g. 12.50",
        },
        "condition.amount_negative": {
            "pl": "{found} jest ujemna — kwota musi być większa lub równa 0",
            "en": "{found} is negative — the amount must be 0 or more",
        },
        "condition.amount_keys": {
            "pl": "nieznane pole {key} — dozwolone: amount, currency",
            "en": "unknown field {key} — allowed: amount, currency",
        },
        "condition.amount_missing": {
            "pl": 'brak kwoty — wpisz np. {{"amount": "100.00", "currency": "EUR"}}',
            "en": 'no amount — write e.g. {{"amount": "100.00", "currency": "EUR"}}',
        },
        "condition.currency": {
            "pl": "{found} nie jest kodem waluty — użyj trzech liter, np. PLN albo EUR",
            "en": "{found} is not a currency code — use three letters, e.g. PLN or EUR",
        },
        "condition.id_or_name": {
            "pl": "{found} — podaj numer (id) albo nazwę w cudzysłowie",
            "en": "{found} — give a number (id) or a name in quotes",
        },
        "condition.blank": {
            "pl": "pusta nazwa — usuń ją albo wpisz nazwę",
            "en": "an empty name — remove it or write a name",
        },
        "condition.id": {
            "pl": "{found} nie jest numerem — podaj liczbę całkowitą większą od 0, np. 3",
            "en": "{found} is not an id — give a whole number above 0, e.g. 3",
        },
        "condition.name": {
            "pl": '{found} nie jest nazwą — wpisz tekst, np. "InPost"',
            "en": '{found} is not a name — write text, e.g. "InPost"',
        },
        "condition.country": {
            "pl": "{found} nie jest znanym kodem kraju — "
            "użyj nazwy (np. Niemcy) albo kodu ISO (np. DE)",
            "en": "{found} is not a known country code — "
            "use a name (e.g. Niemcy) or an ISO code (e.g. DE)",
        },
        "condition.not_value": {
            "pl": 'po "not" musi być warunek, np. {{"not": {{"is_allegro": true}}}}, jest {found}',
            "en": '"not" needs a condition, e.g. {{"not": {{"is_allegro": true}}}}, found {found}',
        },
        "condition.double_not": {
            "pl": '"not" wewnątrz "not" znosi się — usuń oba',
            "en": '"not" inside "not" cancels out — remove both',
        },
        # actions
        "action.unknown_key": {
            "pl": "nieznane pole{suggestion} — dozwolone: {allowed}",
            "en": "unknown field{suggestion} — allowed: {allowed}",
        },
        "action.document_missing": {
            "pl": 'brak rodzaju dokumentu — dodaj "document": "FS" (albo PA, PAi, WZ)',
            "en": 'no document kind — add "document": "FS" (or PA, PAi, WZ)',
        },
        "action.document": {
            "pl": "{found} nie jest rodzajem dokumentu{suggestion} — dozwolone: FS, PA, PAi, WZ",
            "en": "{found} is not a document kind{suggestion} — allowed: FS, PA, PAi, WZ",
        },
        "action.bool": {
            "pl": "{found} — wpisz true albo false",
            "en": "{found} — write true or false",
        },
        "action.printer": {
            "pl": "{found} nie jest nazwą drukarki — "
            "wpisz nazwę albo null (domyślna drukarka stanowiska)",
            "en": "{found} is not a printer name — "
            "write a name or null (the station's default printer)",
        },
        "action.printer_empty": {
            "pl": "pusta nazwa drukarki — wpisz nazwę albo null (domyślna drukarka stanowiska)",
            "en": "an empty printer name — write a name or null (the station's default printer)",
        },
        "action.template": {
            "pl": '{found} nie jest nazwą szablonu — wpisz nazwę, np. "dokument"',
            "en": '{found} is not a template name — write a name, e.g. "dokument"',
        },
        "action.template_empty": {
            "pl": 'pusta nazwa szablonu — wpisz nazwę, np. "dokument"',
            "en": 'an empty template name — write a name, e.g. "dokument"',
        },
        "suggestion": {"pl": " (może {name}?)", "en": " (did you mean {name}?)"},
        # warnings
        "warn.unreachable": {
            "pl": "nigdy nie zadziała — wcześniejsza reguła {other} nie ma warunków "
            "i decyduje o każdym zamówieniu",
            "en": "never applies — the earlier rule {other} has no conditions "
            "and decides every order",
        },
        "warn.contradiction": {
            "pl": "warunki {first} i {second} wykluczają się — reguła nigdy nie zadziała",
            "en": "conditions {first} and {second} exclude each other — the rule never applies",
        },
        "warn.allegro_excluded": {
            "pl": "reguła wyklucza zamówienia z Allegro (warunek {position}), "
            "więc dołączanie do Allegro nic nie zrobi",
            "en": "the rule excludes Allegro orders (condition {position}), "
            "so attaching to Allegro does nothing",
        },
        "warn.allegro_wz": {
            "pl": "WZ nie jest dokumentem sprzedaży, a Allegro przyjmuje faktury — "
            'ustaw "allegro": false',
            "en": 'a WZ is not a sales document and Allegro takes invoices — set "allegro": false',
        },
        "warn.email_allegro": {
            "pl": "reguła dotyczy zamówień z Allegro, a od 2 marca 2026 Allegro nie przepuszcza "
            'e-maili z dokumentami sprzedaży do kupujących — ustaw "email": false, '
            'a dokument przekaż przez Allegro ("allegro": true)',
            "en": "the rule is about Allegro orders, and since 2 March 2026 Allegro blocks "
            'e-mails with sales documents to buyers — set "email": false and deliver '
            'the document through Allegro ("allegro": true)',
        },
        "warn.no_rules": {
            "pl": "nie ma żadnej włączonej reguły — każde zamówienie trafi do „wymaga uwagi”",
            "en": "there is no enabled rule — every order will go to “attention”",
        },
        "warn.no_catch_all": {
            "pl": "ostatnia włączona reguła {name} ma warunki — zamówienie, do którego nie pasuje "
            "żadna reguła, trafi do „wymaga uwagi”; dodaj na końcu regułę bez warunków",
            "en": "the last enabled rule {name} has conditions — an order no rule matches will "
            "go to “attention”; add a rule without conditions at the end",
        },
    }
)


def _m(key: str, language: Language, /, **params: object) -> str:
    return MESSAGES[key][language].format(**params)


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """A problem (or a warning) with the rules, located for the office and for the panel."""

    index: int | None
    """0-based position of the rule in the list; None for the list as a whole."""
    name: str | None
    """The rule's name, when it has a usable one."""
    path: tuple[str | int, ...]
    """Where inside the rule's JSON (``("when", 1, "amount_above")``, 0-based indexes)."""
    text: str
    """The whole message: ``reguła 3 „Firmy”: warunek 2 (amount_above): „12,50 zł” nie jest
    kwotą — użyj liczby, np. 12.50``."""

    def __str__(self) -> str:
        return self.text


class RulesError(ValueError):
    """The rules cannot be used; :attr:`problems` lists every problem found."""

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.text for p in self.problems))


def _shown(value: object, language: Language) -> str:
    """A value as the author wrote it: a text in quotes, anything else as JSON."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:59] + "…"
        return quote(text, language)
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # a circular structure from Python code
        text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _suggestion(word: str, known: Iterable[str], language: Language) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return _m("suggestion", language, name=close[0]) if close else ""


_AMOUNT: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_CURRENCY: Final = re.compile(r"[A-Za-z]{3}")
_DOCUMENT_ALIASES: Final = {
    "fv": "FS",
    "faktura": "FS",
    "fa": "FS",
    "par": "PA",
    "paragon": "PA",
    "pi": "PAi",
    "paragon imienny": "PAi",
    "wydanie": "WZ",
}


class _RuleReader:
    """Reads one rule, adding every problem it finds to ``problems``."""

    def __init__(self, index: int, language: Language, problems: list[RuleProblem]) -> None:
        self.index = index
        self.language = language
        self.problems = problems
        self.name: str | None = None
        self.failed = False

    # -- reporting

    def add(
        self, path: tuple[str | int, ...], where: str | None, message_key: str, /, **params: Any
    ) -> None:
        language = self.language
        prefix = _m("rule", language, position=self.index + 1)
        if self.name is not None:
            prefix += f" {quote(self.name, language)}"
        location = f"{where}: " if where else ""
        text = f"{prefix}: {location}{_m(message_key, language, **params)}"
        self.problems.append(RuleProblem(self.index, self.name, path, text))
        self.failed = True

    def found(self, value: object) -> str:
        return _shown(value, self.language)

    # -- the rule

    def read(self, item: object, names: dict[str, int]) -> Rule | None:
        if not isinstance(item, dict):
            self.add((), None, "rule.not_object", found=self.found(item))
            return None
        self.read_name(item, names)
        for key in item:
            if key not in RULE_KEYS:
                suggestion = _suggestion(str(key), RULE_KEYS, self.language)
                self.add(
                    (str(key),),
                    None,
                    "rule.unknown_key",
                    key=self.found(str(key)),
                    suggestion=suggestion,
                )
        enabled = item.get("enabled", True)
        if not isinstance(enabled, bool):
            self.add(("enabled",), None, "rule.enabled", found=self.found(enabled))
        conditions: list[Condition] = []
        if "when" not in item:
            self.add(("when",), None, "rule.when_missing")
        elif not isinstance(item["when"], list):
            self.add(("when",), None, "rule.when_not_list", found=self.found(item["when"]))
        elif len(item["when"]) > MAX_CONDITIONS:
            self.add(("when",), None, "rule.too_many_conditions", count=len(item["when"]),
                     limit=MAX_CONDITIONS)  # fmt: skip
        else:
            for number, value in enumerate(item["when"]):
                condition = self.condition(value, ("when", number), number + 1, ())
                if condition is not None:
                    conditions.append(condition)
        actions = None
        if "then" not in item:
            self.add(("then",), None, "rule.then_missing")
        elif not isinstance(item["then"], dict):
            self.add(("then",), None, "rule.then_not_object", found=self.found(item["then"]))
        else:
            actions = self.actions(item["then"])
        if self.failed or actions is None or self.name is None or not isinstance(enabled, bool):
            return None
        return Rule(self.name, tuple(conditions), actions, enabled)

    def read_name(self, item: dict[Any, Any], names: dict[str, int]) -> None:
        if "name" not in item:
            self.add(("name",), None, "rule.name_missing")
            return
        name = item["name"]
        if not isinstance(name, str):
            self.add(("name",), None, "rule.name_not_text", found=self.found(name))
            return
        name = name.strip()
        if not name:
            self.add(("name",), None, "rule.name_empty")
            return
        if len(name) > NAME_MAX_LENGTH:
            self.add(("name",), None, "rule.name_too_long", length=len(name), limit=NAME_MAX_LENGTH)
            return
        self.name = name
        key = name.casefold()
        if key in names:
            self.add(("name",), None, "rule.name_duplicate", other=names[key] + 1)
        else:
            names[key] = self.index

    # -- conditions

    def condition(
        self, value: object, path: tuple[str | int, ...], number: int, outer: tuple[str, ...]
    ) -> Condition | None:
        where = _m("condition", self.language, position=number)
        if not isinstance(value, dict):
            if outer:
                self.add(
                    path, self.where(where, outer), "condition.not_value", found=self.found(value)
                )
            else:
                self.add(path, where, "condition.not_object", found=self.found(value))
            return None
        if not value:
            self.add(path, self.where(where, outer), "condition.empty")
            return None
        if len(value) > 1:
            keys = ", ".join(str(k) for k in value)
            self.add(path, self.where(where, outer), "condition.many_keys", keys=keys)
            return None
        ((kind, argument),) = value.items()
        kind = str(kind)
        located = self.where(where, (*outer, kind))
        reader = _CONDITION_READERS.get(kind)
        if reader is None:
            suggestion = _suggestion(kind, CONDITION_KINDS, self.language)
            self.add(
                (*path, kind),
                located,
                "condition.unknown",
                suggestion=suggestion,
                known=", ".join(CONDITION_KINDS),
            )
            return None
        if kind == "not":
            if outer and outer[-1] == "not":
                self.add((*path, kind), located, "condition.double_not")
                return None
            inner = self.condition(argument, (*path, kind), number, (*outer, kind))
            if inner is None:
                return None
            return inner.condition if isinstance(inner, Not) else Not(inner)
        return reader(self, argument, (*path, kind), located)

    def where(self, where: str, kinds: tuple[str, ...]) -> str:
        return f"{where} ({' → '.join(kinds)})" if kinds else where

    def flag(
        self, argument: object, path: tuple[str | int, ...], where: str, condition: Condition
    ) -> Condition | None:
        if not isinstance(argument, bool):
            self.add(path, where, "condition.bool", found=self.found(argument))
            return None
        return condition if argument else Not(condition)

    def items(
        self, argument: object, path: tuple[str | int, ...], where: str
    ) -> list[tuple[object, tuple[str | int, ...]]] | None:
        """A single value or a list of values, each with its path; None when the list is empty."""
        if not isinstance(argument, list):
            return [(argument, path)]
        if not argument:
            self.add(path, where, "condition.list_empty")
            return None
        if len(argument) > MAX_VALUES:
            self.add(path, where, "condition.too_many_values", count=len(argument),
                     limit=MAX_VALUES)  # fmt: skip
            return None
        return [(value, (*path, i)) for i, value in enumerate(argument)]

    def texts(
        self, argument: object, path: tuple[str | int, ...], where: str, key: str
    ) -> tuple[str, ...] | None:
        items = self.items(argument, path, where)
        if items is None:
            return None
        texts = []
        for value, item_path in items:
            if not isinstance(value, str):
                self.add(item_path, where, key, found=self.found(value))
            elif not words(value)[1]:
                self.add(item_path, where, "condition.no_word", found=self.found(value))
            else:
                texts.append(value.strip())
        return tuple(texts) if len(texts) == len(items) else None

    def ids_or_names(
        self, argument: object, path: tuple[str | int, ...], where: str
    ) -> tuple[int | str, ...] | None:
        items = self.items(argument, path, where)
        if items is None:
            return None
        values: list[int | str] = []
        for value, item_path in items:
            if isinstance(value, str) and value.strip():
                values.append(value.strip())
            elif isinstance(value, str):
                self.add(item_path, where, "condition.blank")
            elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
                values.append(value)
            else:
                self.add(item_path, where, "condition.id_or_name", found=self.found(value))
        return tuple(values) if len(values) == len(items) else None

    def amount(
        self, argument: object, path: tuple[str | int, ...], where: str
    ) -> tuple[Decimal, str] | None:
        currency = _DEFAULT_CURRENCY
        value = argument
        value_path = path
        if isinstance(argument, dict):
            ok = True
            for key in argument:
                if key not in ("amount", "currency"):
                    self.add((*path, str(key)), where, "condition.amount_keys", key=self.found(key))
                    ok = False
            raw_currency = argument.get("currency", _DEFAULT_CURRENCY)
            if isinstance(raw_currency, str) and _CURRENCY.fullmatch(raw_currency.strip()):
                currency = raw_currency.strip().upper()
            else:
                self.add(
                    (*path, "currency"), where, "condition.currency", found=self.found(raw_currency)
                )
                ok = False
            if "amount" not in argument:
                self.add(path, where, "condition.amount_missing")
                return None
            value, value_path = argument["amount"], (*path, "amount")
            if not ok:
                self.amount_value(value, value_path, where)
                return None
        number = self.amount_value(value, value_path, where)
        return None if number is None else (number, currency)

    def amount_value(
        self, value: object, path: tuple[str | int, ...], where: str
    ) -> Decimal | None:
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float) and math.isfinite(value):
            number = Decimal(repr(value))
        elif isinstance(value, Decimal) and value.is_finite():
            number = value
        elif isinstance(value, str) and _AMOUNT.fullmatch(value.strip()):
            number = Decimal(value.strip())
        if number is None:
            self.add(path, where, "condition.amount", found=self.found(value))
            return None
        if number < 0:
            self.add(path, where, "condition.amount_negative", found=self.found(value))
            return None
        return number

    # -- actions

    def actions(self, then: dict[Any, Any]) -> Actions | None:
        language = self.language
        ok = True

        def where(key: str) -> str:
            return _m("action", language, key=key)

        for key in then:
            if key not in ACTION_KEYS:
                self.add(
                    ("then", str(key)),
                    where(str(key)),
                    "action.unknown_key",
                    suggestion=_suggestion(str(key), ACTION_KEYS, language),
                    allowed=", ".join(ACTION_KEYS),
                )
                ok = False
        document = self.document(then, where("document"))
        flags: dict[str, bool] = {}
        defaults = Actions(DocumentKind.FS)
        for key in ("print", "email", "allegro", "label"):
            value = then.get(key, getattr(defaults, key))
            if isinstance(value, bool):
                flags[key] = value
            else:
                self.add(("then", key), where(key), "action.bool", found=self.found(value))
                ok = False
        printer = then.get("printer")
        if printer is not None:
            if not isinstance(printer, str):
                self.add(
                    ("then", "printer"),
                    where("printer"),
                    "action.printer",
                    found=self.found(printer),
                )
                ok = False
            elif not printer.strip():
                self.add(("then", "printer"), where("printer"), "action.printer_empty")
                ok = False
            else:
                printer = printer.strip()
        template = then.get("email_template", defaults.email_template)
        if not isinstance(template, str):
            self.add(
                ("then", "email_template"),
                where("email_template"),
                "action.template",
                found=self.found(template),
            )
            ok = False
        elif not template.strip():
            self.add(("then", "email_template"), where("email_template"), "action.template_empty")
            ok = False
        if not ok or document is None:
            return None
        assert isinstance(template, str)
        return Actions(
            document=document,
            print=flags["print"],
            printer=printer,
            email=flags["email"],
            email_template=template.strip(),
            allegro=flags["allegro"],
            label=flags["label"],
        )

    def document(self, then: dict[Any, Any], where: str) -> DocumentKind | None:
        if "document" not in then:
            self.add(("then", "document"), where, "action.document_missing")
            return None
        value = then["document"]
        if isinstance(value, str):
            for kind in DocumentKind:
                if value.strip().casefold() == kind.value.casefold():
                    return kind
        alias = _DOCUMENT_ALIASES.get(value.strip().casefold()) if isinstance(value, str) else None
        suggestion = _m("suggestion", self.language, name=alias) if alias else ""
        self.add(
            ("then", "document"),
            where,
            "action.document",
            found=self.found(value),
            suggestion=suggestion,
        )
        return None


# -- readers of each condition kind --------------------------------------------------------

_Reader = Callable[[_RuleReader, object, tuple[str | int, ...], str], Condition | None]


def _has_nip(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    if isinstance(argument, bool):
        return HasNip() if argument else Not(HasNip())
    if (
        isinstance(argument, dict)
        and list(argument) == ["valid"]
        and isinstance(argument["valid"], bool)
    ):
        return HasNip(valid=argument["valid"])
    r.add(path, where, "condition.has_nip", found=r.found(argument))
    return None


def _remarks(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    texts = r.texts(argument, path, where, "condition.texts")
    return None if texts is None else RemarksContain(texts)


def _is_allegro(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    return r.flag(argument, path, where, IsAllegro())


def _invoice(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    return r.flag(argument, path, where, InvoiceRequested())


def _above(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    amount = r.amount(argument, path, where)
    return None if amount is None else AmountAbove(*amount)


def _below(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    amount = r.amount(argument, path, where)
    return None if amount is None else AmountBelow(*amount)


def _payment(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    values = r.ids_or_names(argument, path, where)
    return None if values is None else PaymentMethodIn(values)


def _delivery(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    texts = r.texts(argument, path, where, "condition.name")
    return None if texts is None else DeliveryMethodIn(texts)


def _category(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    values = r.ids_or_names(argument, path, where)
    return None if values is None else CategoryIn(values)


def _flag(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    items = r.items(argument, path, where)
    if items is None:
        return None
    ids = []
    for value, item_path in items:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            ids.append(value)
        else:
            r.add(item_path, where, "condition.id", found=r.found(value))
    return HasFlag(tuple(ids)) if len(ids) == len(items) else None


def _country(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    texts = r.texts(argument, path, where, "condition.name")
    if texts is None:
        return None
    ok = True
    items = argument if isinstance(argument, list) else [argument]
    for i, text in enumerate(texts):
        if len(text) == 2 and country_code(text) is None:
            item_path = (*path, i) if isinstance(argument, list) else path
            r.add(item_path, where, "condition.country", found=r.found(items[i]))
            ok = False
    return CountryIn(texts) if ok else None


def _not(
    r: _RuleReader, argument: object, path: tuple[str | int, ...], where: str
) -> Condition | None:
    raise AssertionError("handled by _RuleReader.condition")  # pragma: no cover


_CONDITION_READERS: Final[Mapping[str, _Reader]] = MappingProxyType(
    {
        HasNip.kind: _has_nip,
        RemarksContain.kind: _remarks,
        IsAllegro.kind: _is_allegro,
        InvoiceRequested.kind: _invoice,
        AmountAbove.kind: _above,
        AmountBelow.kind: _below,
        PaymentMethodIn.kind: _payment,
        DeliveryMethodIn.kind: _delivery,
        CategoryIn.kind: _category,
        HasFlag.kind: _flag,
        CountryIn.kind: _country,
        Not.kind: _not,
    }
)
CONDITION_KINDS: Final = tuple(_CONDITION_READERS)
"""The JSON keys of conditions, in documentation order."""


def parse_rules(data: object, *, language: Language = "pl") -> list[Rule]:
    """Rules from their JSON form (``json.loads`` output); :class:`RulesError` lists every
    problem, each naming the rule and the condition or action, in ``language``."""
    if not isinstance(data, list):
        problem = RuleProblem(
            None, None, (), _m("rules.not_list", language, found=_shown(data, language))
        )
        raise RulesError([problem])
    if len(data) > MAX_RULES:
        message = _m("rules.too_many", language, count=len(data), limit=MAX_RULES)
        raise RulesError([RuleProblem(None, None, (), message)])
    problems: list[RuleProblem] = []
    names: dict[str, int] = {}
    rules = []
    for index, item in enumerate(data):
        rule = _RuleReader(index, language, problems).read(item, names)
        if rule is not None:
            rules.append(rule)
    if problems:
        raise RulesError(problems)
    return rules


# -- dumping -------------------------------------------------------------------------------


def _amount_json(amount: Decimal, currency: str) -> str | dict[str, str]:
    text = format(amount, "f")
    return text if currency == _DEFAULT_CURRENCY else {"amount": text, "currency": currency}


def _values_json(values: tuple[Any, ...]) -> list[Any]:
    return list(values)


def dump_condition(condition: Condition) -> dict[str, Any]:
    """The canonical JSON of a condition."""
    match condition:
        case HasNip(valid=True):
            return {"has_nip": True}
        case HasNip():
            return {"has_nip": {"valid": False}}
        case RemarksContain(texts=texts):
            return {"remarks_contain": texts[0] if len(texts) == 1 else list(texts)}
        case IsAllegro():
            return {"is_allegro": True}
        case InvoiceRequested():
            return {"invoice_requested": True}
        case AmountAbove(amount=amount, currency=currency):
            return {"amount_above": _amount_json(amount, currency)}
        case AmountBelow(amount=amount, currency=currency):
            return {"amount_below": _amount_json(amount, currency)}
        case PaymentMethodIn(values=values):
            return {"payment_method_in": _values_json(values)}
        case DeliveryMethodIn(values=values):
            return {"delivery_method_in": _values_json(values)}
        case CategoryIn(values=values):
            return {"category_in": _values_json(values)}
        case HasFlag(ids=ids):
            return {"has_flag": _values_json(ids)}
        case CountryIn(values=values):
            return {"country_in": _values_json(values)}
        case Not(condition=inner):
            return {"not": dump_condition(inner)}
        case _:
            assert_never(condition)


def dump_rule(rule: Rule) -> dict[str, Any]:
    """The canonical JSON of a rule: every key present, actions in a fixed order."""
    actions = rule.actions
    return {
        "name": rule.name,
        "enabled": rule.enabled,
        "when": [dump_condition(c) for c in rule.conditions],
        "then": {
            "document": actions.document.value,
            "print": actions.print,
            "printer": actions.printer,
            "email": actions.email,
            "email_template": actions.email_template,
            "allegro": actions.allegro,
            "label": actions.label,
        },
    }


def dump_rules(rules: Iterable[Rule]) -> list[dict[str, Any]]:
    """The JSON form of ``rules`` (for ``json.dumps`` and the store)."""
    return [dump_rule(rule) for rule in rules]


# -- warnings ------------------------------------------------------------------------------


def _contradiction(conditions: tuple[Condition, ...]) -> tuple[int, int] | None:
    """Positions (0-based) of two conditions that cannot both hold."""
    for i, first in enumerate(conditions):
        for j in range(i + 1, len(conditions)):
            second = conditions[j]
            if Not(first) == second or Not(second) == first:
                return i, j
            for low, high in ((first, second), (second, first)):
                if (
                    isinstance(low, AmountAbove)
                    and isinstance(high, AmountBelow)
                    and low.currency == high.currency
                    and high.amount <= low.amount
                ):
                    return i, j
    return None


def rule_warnings(rules: Sequence[Rule], *, language: Language = "pl") -> list[RuleProblem]:
    """What is allowed but probably not meant: a rule that can never apply, conditions that
    exclude each other, Allegro actions that cannot work, no rule for the remaining orders."""
    warnings: list[RuleProblem] = []

    def warn(
        index: int, rule: Rule, path: tuple[str | int, ...], where: str | None, text: str
    ) -> None:
        prefix = f"{_m('rule', language, position=index + 1)} {quote(rule.name, language)}: "
        location = f"{where}: " if where else ""
        warnings.append(RuleProblem(index, rule.name, path, f"{prefix}{location}{text}"))

    catch_all: tuple[int, Rule] | None = None
    for index, rule in enumerate(rules):
        if not rule.enabled:
            continue
        if catch_all is not None:
            other = f"{catch_all[0] + 1} {quote(catch_all[1].name, language)}"
            warn(index, rule, (), None, _m("warn.unreachable", language, other=other))
        elif not rule.conditions:
            catch_all = (index, rule)
        pair = _contradiction(rule.conditions)
        if pair is not None:
            first, second = pair
            warn(
                index,
                rule,
                ("when", second),
                None,
                _m("warn.contradiction", language, first=first + 1, second=second + 1),
            )
        action = _m("action", language, key="allegro")
        if rule.actions.allegro:
            excluding = next(
                (i for i, c in enumerate(rule.conditions) if c == Not(IsAllegro())), None
            )
            if excluding is not None:
                text = _m("warn.allegro_excluded", language, position=excluding + 1)
                warn(index, rule, ("then", "allegro"), action, text)
            if rule.actions.document is DocumentKind.WZ:
                warn(index, rule, ("then", "allegro"), action, _m("warn.allegro_wz", language))
        if rule.actions.email and IsAllegro() in rule.conditions:
            warn(
                index,
                rule,
                ("then", "email"),
                _m("action", language, key="email"),
                _m("warn.email_allegro", language),
            )
    enabled = [(i, r) for i, r in enumerate(rules) if r.enabled]
    if not enabled:
        warnings.append(RuleProblem(None, None, (), _m("warn.no_rules", language)))
    elif catch_all is None:
        index, last = enabled[-1]
        text = _m("warn.no_catch_all", language, name=quote(last.name, language))
        warnings.append(RuleProblem(index, last.name, ("when",), text))
    return warnings
