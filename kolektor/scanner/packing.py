"""What the person packing an order must know besides its lines: what the document rules
decide for it (document kind, printed or not, the rule's note for the packer) and how it
is delivered, as far as Kolektor knows (``docs/scanner-protocol.md``, *What the packer is
told*).

The rules are evaluated on the order as it is now; ``pack`` decides again with the rules
as they are then.  The delivery method and courier are not in Subiekt's ZK and nothing
connected tells Kolektor yet (Allegro's delivery method is not read): they are ``None`` —
unknown — rather than guessed.

Pure: call :func:`packing_facts` in a worker thread (a rule set may be long).
"""

from __future__ import annotations

from typing import Any

from kolektor.i18n import Language
from kolektor.rules import Decision, Rule, RuleContext, evaluate
from kolektor.store.orders import OrderRecord


def packing_facts(order: OrderRecord, rules: list[Rule], language: Language) -> dict[str, Any]:
    """The ``packing`` and ``delivery`` fields of the order's view."""
    context = RuleContext.from_order(order)
    decision = evaluate(rules, context, language=language)
    if isinstance(decision, Decision):
        actions = decision.actions
        packing = {
            "document": actions.document.value,
            "print": actions.print,
            "note": actions.packing_note,
            "rule": decision.rule,
        }
    else:  # no rule matches: the office decides after packing
        packing = {"document": None, "print": False, "note": None, "rule": None}
    return {"packing": packing, "delivery": {"method": context.delivery_method, "courier": None}}
