"""What the person packing an order must know besides its lines: what the document rules
decide for it (document kind, printed or not, the rule's note for the packer) and how it
travels — the carrier, service and parcel size the rules chose for its label, and the
packing station (with its label printer) the labels will print at
(``docs/scanner-protocol.md``, *What the packer is told*).

The rules are evaluated on the order as it is now; ``pack`` decides again with the rules
as they are then.  The delivery *method* (the buyer's choice) is not in Subiekt's ZK and
nothing connected tells Kolektor yet (Allegro's delivery method is not read): it is
``None`` — unknown — rather than guessed.

Pure: call :func:`packing_facts` in a worker thread (a rule set may be long).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kolektor.finalize.plan import UUID
from kolektor.i18n import Language
from kolektor.rules import Actions, Decision, Rule, RuleContext, evaluate
from kolektor.scanner.label import display_name
from kolektor.store.orders import OrderRecord


def packing_facts(
    order: OrderRecord,
    rules: list[Rule],
    language: Language,
    *,
    station: Mapping[str, Any] | None = None,
    names_in: Language | None = None,
) -> dict[str, Any]:
    """The ``packing`` and ``delivery`` fields of the order's view.  ``station``: the
    device's packing station as :func:`kolektor.scanner.station.device_station_view` gives
    it; ``names_in``: the language of the carrier's and service's names (the device's)."""
    context = RuleContext.from_order(order)
    decision = evaluate(rules, context, language=language)
    label: dict[str, Any] = {"carrier": None, "service": None, "template": None}
    if isinstance(decision, Decision):
        actions = decision.actions
        packing = {
            "document": actions.document.value,
            "print": actions.print,
            "note": actions.packing_note,
            "rule": decision.rule,
        }
        label = _label_choice(order, actions)
    else:  # no rule matches: the office decides after packing
        packing = {"document": None, "print": False, "note": None, "rule": None}
    names = names_in or language
    delivery = {
        "method": context.delivery_method,
        "carrier": label["carrier"],
        "carrier_name": display_name("carrier", label["carrier"], names),
        "service": label["service"],
        "service_name": display_name("service", label["service"], names),
        "template": label["template"],
        "station": dict(station) if station is not None else None,
    }
    return {"packing": packing, "delivery": delivery}


def _label_choice(order: OrderRecord, actions: Actions) -> dict[str, Any]:
    """The carrier, service and parcel template of the label step — as
    :func:`kolektor.finalize.plan.plan_for` plans it: none when the rule wants no label, or
    chooses Allegro for an order that is not from Allegro."""
    from_allegro = UUID.match((order.external_id or "").lower()) is not None
    if not actions.label or (actions.carrier == "allegro" and not from_allegro):
        return {"carrier": None, "service": None, "template": None}
    return {
        "carrier": actions.carrier,
        "service": actions.carrier_service,
        "template": actions.parcel_template,
    }
