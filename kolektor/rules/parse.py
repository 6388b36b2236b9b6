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
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, assert_never

from kolektor.i18n import Language, t
from kolektor.rules.context import country_code, words
from kolektor.rules.model import (
    CARRIER_SERVICES,
    CARRIERS,
    PARCEL_TEMPLATES,
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
    "carrier",
    "service",
    "parcel_template",
    "packing_note",
)
NAME_MAX_LENGTH: Final = 100
PACKING_NOTE_MAX_LENGTH: Final = 200
"""A packing note is read on a handheld's screen: at most this many characters."""
MAX_RULES: Final = 200
"""A rule set has at most this many rules (the first match wins; more is a mistake)."""
MAX_CONDITIONS: Final = 50
"""A rule has at most this many conditions."""
MAX_VALUES: Final = 200
"""A condition lists at most this many values (words, ids, names)."""
_DEFAULT_CURRENCY: Final = "PLN"


def _m(key: str, language: Language, /, **params: object) -> str:
    """Render ``rules.parse.<key>`` of the catalog (:mod:`kolektor.messages.rules`)."""
    return t(f"rules.parse.{key}", language, **params)


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
    detail: str = field(default="", compare=False)
    """Only what is wrong, for a message beside the field :attr:`path` names (``„12,50 zł”
    nie jest kwotą — użyj liczby, np. 12.50``); :attr:`text` when nothing shorter says it."""

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
        detail = _m(message_key, language, **params)
        text = f"{prefix}: {location}{detail}"
        self.problems.append(RuleProblem(self.index, self.name, path, text, detail))
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
        valid, note = self.packing_note(then.get("packing_note"), where("packing_note"))
        ok = ok and valid
        valid, shipping = self.shipping(then, where)
        ok = ok and valid
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
            packing_note=note,
            **shipping,
        )

    def shipping(
        self, then: dict[Any, Any], where: Callable[[str], str]
    ) -> tuple[bool, dict[str, Any]]:
        """(valid, the ``carrier``/``service``/``parcel_template`` actions): the carrier one
        of :data:`CARRIERS`, the service one of that carrier's, the template A/B/C."""
        ok = True
        carrier = then.get("carrier", "own")
        if carrier not in CARRIERS:
            self.add(("then", "carrier"), where("carrier"), "action.carrier",
                     found=self.found(carrier), allowed=", ".join(CARRIERS))  # fmt: skip
            return False, {}
        service = then.get("service")
        services = CARRIER_SERVICES[carrier]
        if isinstance(service, str):
            service = service.strip() or None
        if service is not None and service not in services:
            self.add(("then", "service"), where("service"), "action.service",
                     found=self.found(service), carrier=carrier,
                     allowed=", ".join(services))  # fmt: skip
            ok = False
        template = then.get("parcel_template")
        if isinstance(template, str):
            template = template.strip().upper() or None
        if template is not None and template not in PARCEL_TEMPLATES:
            self.add(("then", "parcel_template"), where("parcel_template"),
                     "action.parcel_template", found=self.found(template))  # fmt: skip
            ok = False
        return ok, {"carrier": carrier, "service": service, "parcel_template": template}

    def packing_note(self, value: Any, where: str) -> tuple[bool, str | None]:
        """(valid, the note for the packer): a text with its spaces folded, or None for
        none; not valid (a problem was added) when it is not text, empty or too long."""
        if value is None:
            return True, None
        path = ("then", "packing_note")
        if not isinstance(value, str):
            self.add(path, where, "action.packing_note", found=self.found(value))
            return False, None
        text = " ".join(value.split())
        if not text:
            self.add(path, where, "action.packing_note_empty")
            return False, None
        if len(text) > PACKING_NOTE_MAX_LENGTH:
            self.add(path, where, "action.packing_note_long", length=len(text),
                     limit=PACKING_NOTE_MAX_LENGTH)  # fmt: skip
            return False, None
        return True, text

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
        message = _m("rules.not_list", language, found=_shown(data, language))
        problem = RuleProblem(None, None, (), message, message)
        raise RulesError([problem])
    if len(data) > MAX_RULES:
        message = _m("rules.too_many", language, count=len(data), limit=MAX_RULES)
        raise RulesError([RuleProblem(None, None, (), message, message)])
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
            "carrier": actions.carrier,
            "service": actions.service,
            "parcel_template": actions.parcel_template,
            "packing_note": actions.packing_note,
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
        warnings.append(RuleProblem(index, rule.name, path, f"{prefix}{location}{text}", text))

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
        text = _m("warn.no_rules", language)
        warnings.append(RuleProblem(None, None, (), text, text))
    elif catch_all is None:
        index, last = enabled[-1]
        text = _m("warn.no_catch_all", language, name=quote(last.name, language))
        warnings.append(RuleProblem(index, last.name, ("when",), text, text))
    return warnings
