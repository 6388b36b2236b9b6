"""The rules' model described for a form editor (``GET /api/rules/schema``).

The panel's rules editor builds its forms from this description instead of keeping a second
copy of what :mod:`kolektor.rules` knows: which condition kinds exist and what each needs
(a choice, texts, ids, an amount…), which actions a rule has with their types, defaults and
allowed values, the limits :func:`~kolektor.rules.parse.parse_rules` enforces, and every
label in the reader's language (``panel.rules.schema.*`` in the catalog).

Each condition kind has one *parameter type*, which says both which input the editor shows
and how the value is written in the rules' JSON (``docs/rules.md``):

* ``flag`` — no input; the value is ``true`` (``{"is_allegro": true}``);
* ``choice`` — one of ``options``, each a JSON value with its label (``has_nip``: ``true``
  or ``{"valid": false}``);
* ``texts`` — one or more texts, each with a letter or digit (``remarks_contain``);
* ``ids_or_names`` — one or more Subiekt ids (positive integers) or names;
* ``ids`` — one or more Subiekt ids (positive integers);
* ``countries`` — one or more country codes or names, ``suggestions`` listing the known ones;
* ``amount`` — an amount (a decimal string with a dot, at least 0) in a currency (three
  letters, ``PLN`` by default): ``"450"`` or ``{"amount": "100", "currency": "EUR"}``.

A ``choice`` and a ``flag`` have a ``default`` value, an ``amount`` its default
``currency``, a list type its ``max_values``.  Any condition can be negated with ``not``
(``negation``).  A test keeps this description and the parser's condition kinds and action
keys the same.  Pure Python, no I/O.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Final

from kolektor.i18n import Language, t
from kolektor.rules.context import COUNTRIES
from kolektor.rules.model import (
    CARRIER_SERVICES,
    CARRIERS,
    Actions,
    AmountAbove,
    AmountBelow,
    CategoryIn,
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
)
from kolektor.rules.parse import (
    ACTION_KEYS,
    CONDITION_KINDS,
    MAX_CONDITIONS,
    MAX_RULES,
    MAX_VALUES,
    NAME_MAX_LENGTH,
    PACKING_NOTE_MAX_LENGTH,
)

__all__ = ["ACTION_TYPES", "CONDITION_TYPES", "DEFAULT_CURRENCY", "rules_schema"]

DEFAULT_CURRENCY: Final = "PLN"

CONDITION_TYPES: Final[dict[str, str]] = {
    HasNip.kind: "choice",
    RemarksContain.kind: "texts",
    IsAllegro.kind: "flag",
    InvoiceRequested.kind: "flag",
    AmountAbove.kind: "amount",
    AmountBelow.kind: "amount",
    PaymentMethodIn.kind: "ids_or_names",
    DeliveryMethodIn.kind: "texts",
    CategoryIn.kind: "ids_or_names",
    HasFlag.kind: "ids",
    CountryIn.kind: "countries",
}
"""Each condition kind (but ``not``) and its parameter type, in the parser's order."""

ACTION_TYPES: Final[dict[str, str]] = {
    "document": "choice",
    "print": "bool",
    "printer": "text",
    "email": "bool",
    "email_template": "text",
    "allegro": "bool",
    "label": "bool",
    "carrier": "choice",
    "service": "text",
    "parcel_template": "text",
    "packing_note": "text",
}
"""Each action and its input: ``choice`` (one of ``options``), ``bool``, ``text``."""

_NULLABLE: Final = frozenset({"printer", "packing_note", "service", "parcel_template"})
"""Actions whose empty value is ``null`` (the station's default printer; no note)."""
_APPLIES_IF: Final = {
    "printer": "print",
    "email_template": "email",
    "carrier": "label",
    "service": "label",
    "parcel_template": "label",
}
"""Actions that matter only when another (a ``bool``) is on."""
_MAX_LENGTH: Final = {"packing_note": PACKING_NOTE_MAX_LENGTH}
_DOCUMENT_ORDER: Final = (DocumentKind.FS, DocumentKind.PA, DocumentKind.PAI, DocumentKind.WZ)


def _label(key: str, language: Language, /, **params: object) -> str:
    return t(f"panel.rules.schema.{key}", language, **params)


def _condition(kind: str, language: Language) -> dict[str, Any]:
    kind_type = CONDITION_TYPES[kind]
    described: dict[str, Any] = {
        "kind": kind,
        "type": kind_type,
        "label": _label(f"condition.{kind}", language),
        "help": _label(f"condition.{kind}.help", language),
    }
    if kind == HasNip.kind:
        described["options"] = [
            {"value": True, "label": _label("condition.has_nip.valid", language)},
            {"value": {"valid": False}, "label": _label("condition.has_nip.any", language)},
        ]
        described["default"] = True
    elif kind_type == "flag":
        described["default"] = True
    elif kind_type == "amount":
        described["currency"] = DEFAULT_CURRENCY
    else:
        described["max_values"] = MAX_VALUES
    if kind_type == "countries":
        described["suggestions"] = [
            {"value": code, "label": f"{code} — {', '.join(names)}"}
            for code, names in COUNTRIES.items()
        ]
    return described


def _action(key: str, language: Language) -> dict[str, Any]:
    defaults = {f.name: f.default for f in fields(Actions) if f.name != "document"}
    described: dict[str, Any] = {
        "key": key,
        "type": ACTION_TYPES[key],
        "label": _label(f"action.{key}", language),
        "help": _label(f"action.{key}.help", language),
    }
    if key == "document":
        described["required"] = True
        described["default"] = None
        described["options"] = [
            {"value": kind.value, "label": _label(f"document.{kind.value}", language)}
            for kind in _DOCUMENT_ORDER
        ]
    elif key == "carrier":
        described["required"] = False
        described["default"] = defaults[key]
        described["options"] = [
            {"value": carrier, "label": _label(f"carrier.{carrier}", language)}
            for carrier in CARRIERS
        ]
        described["services"] = {
            carrier: list(services) for carrier, services in CARRIER_SERVICES.items()
        }
    else:
        described["required"] = False
        described["default"] = defaults[key]
    if key in _NULLABLE:
        described["nullable"] = True
        described["empty_label"] = _label(f"action.{key}.empty", language)
    if key in _APPLIES_IF:
        described["applies_if"] = _APPLIES_IF[key]
    if key in _MAX_LENGTH:
        described["max_length"] = _MAX_LENGTH[key]
    return described


def rules_schema(language: Language = "pl") -> dict[str, Any]:
    """What a rule is made of, for a form editor, with labels in ``language``."""
    kinds = [kind for kind in CONDITION_KINDS if kind != Not.kind]
    return {
        "conditions": [_condition(kind, language) for kind in kinds],
        "negation": {
            "key": Not.kind,
            "label": _label("negation", language),
            "help": _label("negation.help", language),
        },
        "actions": [_action(key, language) for key in ACTION_KEYS],
        "limits": {
            "rules": MAX_RULES,
            "conditions": MAX_CONDITIONS,
            "values": MAX_VALUES,
            "name_length": NAME_MAX_LENGTH,
            "packing_note_length": PACKING_NOTE_MAX_LENGTH,
        },
    }
