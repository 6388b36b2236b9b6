"""Which finalization steps an order gets, decided by the document rules at packing.

The office's rules (``kolektor.rules``; stored in the settings under :data:`RULES_SETTING`,
the defaults when none are saved) decide the document kind and whether the label, print,
e-mail and Allegro steps run.  The plan is written into the jobs at packing, in the same
transaction that marks the order packed: a step switched off is created ``skipped`` with the
reason (``plan.skipped.*`` in the configured language), the others ``pending`` with what
they need (kind, printer, template…).  Changing the rules later does not change orders
already packed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import trio
from sqlalchemy.engine import Connection

from kolektor.i18n import Language, t
from kolektor.rules import DEFAULT_RULES, Decision, Rule, RuleContext, evaluate, parse_rules
from kolektor.store import settings as settings_store
from kolektor.store.engine import Store
from kolektor.store.lifecycle import FINALIZATION_STEPS
from kolektor.store.orders import OrderRecord

RULES_SETTING = "document_rules"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True, slots=True)
class Plan:
    """Per step: what it needs (pending) or None with a reason (skipped)."""

    steps: Mapping[str, Mapping[str, Any]]
    skipped: Mapping[str, str]
    summary: str


def load_rules(conn: Connection, language: Language = "pl") -> list[Rule]:
    """The saved rules, or the defaults when the office has saved none."""
    data = settings_store.get_setting(conn, RULES_SETTING)
    if data is None:
        return list(DEFAULT_RULES)
    return parse_rules(data, language=language)


class RulesCache:
    """The office's rules, parsed once per change and never inside a write transaction.

    A rule set may be up to 256 KiB (~0.25 s to parse); packing must not pay that, nor hold
    SQLite's write lock meanwhile.  :meth:`current` reads only the setting's change time
    when nothing changed, and otherwise reads and parses the rules in a worker thread.
    """

    def __init__(self) -> None:
        self._key: tuple[Any, Language] | None = None
        self._rules: list[Rule] = []

    async def current(self, store: Store, language: Language) -> list[Rule]:
        changed = await store.read(settings_store.setting_changed_at, RULES_SETTING)
        key = (changed, language)
        if key != self._key:
            data = await store.read(settings_store.get_setting, RULES_SETTING)
            if data is None:
                rules = list(DEFAULT_RULES)
            else:
                rules = await trio.to_thread.run_sync(partial(parse_rules, data, language=language))
            self._key, self._rules = key, rules
        return list(self._rules)


def plan_for(order: OrderRecord, rules: list[Rule], language: Language = "pl") -> Plan:
    decision = evaluate(rules, RuleContext.from_order(order), language=language)
    if not isinstance(decision, Decision):
        steps: dict[str, Mapping[str, Any]] = {step.value: {} for step in FINALIZATION_STEPS}
        steps["realize"] = {"kind": None, "error": decision.reason}
        return Plan(steps, {}, decision.reason)
    actions = decision.actions
    steps = {"realize": {"kind": actions.document, "rule": decision.rule},
             "document": {"kind": actions.document}}  # fmt: skip
    skipped: dict[str, str] = {}
    allegro_id = (order.external_id or "").lower()
    if not actions.label:
        skipped["label"] = t("plan.skipped.label", language)
    elif actions.carrier == "allegro" and not UUID.match(allegro_id):
        skipped["label"] = t("plan.skipped.label_not_allegro", language)
    else:
        steps["label"] = {
            "carrier": actions.carrier,
            "service": actions.carrier_service,
            "template": actions.parcel_template,
            **({"checkout_form_id": allegro_id} if actions.carrier == "allegro" else {}),
        }
    if actions.print:
        steps["print"] = {"printer": actions.printer}
    else:
        skipped["print"] = t("plan.skipped.print", language)
    if not actions.email:
        skipped["email"] = t("plan.skipped.email", language)
    elif not order.email:
        skipped["email"] = t("plan.skipped.no_email", language)
    else:
        steps["email"] = {"to": order.email, "template": actions.email_template}
    if not actions.allegro:
        skipped["allegro"] = t("plan.skipped.allegro", language)
    elif not UUID.match(allegro_id):
        skipped["allegro"] = t("plan.skipped.not_allegro", language)
    else:
        steps["allegro"] = {"checkout_form_id": allegro_id}
    return Plan(steps, skipped, decision.summary)
