"""The rules Kolektor starts with — the product brief's document choice.

1. the remarks ask for an invoice (``faktur…`` or ``FV``) → **FS**, attached to Allegro;
2. the remarks ask for a receipt (``paragon…``) → **PA**;
3. the remarks say ``WZ`` (the whole word: ``wzór`` is not it) → **WZ**;
4. the customer has a valid NIP → **FS**, attached to Allegro;
5. every other order → **PAi** (named receipt).

Mentions that are negated (``bez faktury``, ``nie chcę paragonu``, ``Faktura: nie``) do not
count — see :func:`kolektor.rules.context.find_phrase`.  Every rule prints the document on
the station's default printer, e-mails it with the ``dokument`` template and creates the
courier label; only invoices are attached to Allegro orders (receipts go printed in the
parcel; a WZ is not a sales document).  ``docs/rules.md`` explains them for the office.
"""

from __future__ import annotations

import json
from typing import Any, Final

from kolektor.rules.model import (
    DEFAULT_EMAIL_TEMPLATE,
    Actions,
    DocumentKind,
    HasNip,
    RemarksContain,
    Rule,
)
from kolektor.rules.parse import dump_rules

__all__ = ["DEFAULT_RULES", "DEFAULT_RULES_JSON", "default_rules_data"]


def _actions(document: DocumentKind, *, allegro: bool) -> Actions:
    return Actions(
        document=document,
        print=True,
        printer=None,
        email=True,
        email_template=DEFAULT_EMAIL_TEMPLATE,
        allegro=allegro,
        label=True,
    )


DEFAULT_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "Faktura w uwagach",
        (RemarksContain(("faktur", "FV")),),
        _actions(DocumentKind.FS, allegro=True),
    ),
    Rule(
        "Paragon w uwagach",
        (RemarksContain(("paragon",)),),
        _actions(DocumentKind.PA, allegro=False),
    ),
    Rule(
        "WZ w uwagach",
        (RemarksContain(("WZ",)),),
        _actions(DocumentKind.WZ, allegro=False),
    ),
    Rule(
        "Klient z NIP-em",
        (HasNip(valid=True),),
        _actions(DocumentKind.FS, allegro=True),
    ),
    Rule(
        "Pozostałe zamówienia",
        (),
        _actions(DocumentKind.PAI, allegro=False),
    ),
)
"""The default rules, in order."""


def default_rules_data() -> list[dict[str, Any]]:
    """:data:`DEFAULT_RULES` in their JSON form (a fresh copy, safe to change)."""
    return dump_rules(DEFAULT_RULES)


DEFAULT_RULES_JSON: Final[str] = json.dumps(default_rules_data(), ensure_ascii=False, indent=2)
""":data:`DEFAULT_RULES` as JSON text, as the store keeps them."""
