"""Document rules: which document a ZK becomes, and what happens to it (issue 5).

An ordered list of :class:`Rule`; the first enabled rule whose conditions all hold decides
the document kind (FS, PA, PAi, WZ) and whether to print it, e-mail it, attach it to the
Allegro order and create the courier label.  Pure Python, no I/O:

* :mod:`.context` — :class:`RuleContext`, the facts of one order (``from_order``);
* :mod:`.model` — conditions, :class:`Actions`, :class:`Rule`;
* :mod:`.evaluate` — :func:`evaluate` (a :class:`Decision` or :class:`NoRuleMatched`) and
  :func:`explain` (the "try it on an order" view);
* :mod:`.parse` — the JSON form: :func:`parse_rules` (validation, :class:`RulesError`),
  :func:`dump_rules`, :func:`rule_warnings`;
* :mod:`.defaults` — :data:`DEFAULT_RULES`;
* :mod:`.schema` — :func:`~.schema.rules_schema`, the model described for the panel's form
  editor.

``docs/rules.md`` describes every condition and action for the office.
"""

from kolektor.rules.context import RuleContext
from kolektor.rules.defaults import DEFAULT_RULES, DEFAULT_RULES_JSON, default_rules_data
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
    AmountBelow,
    CategoryIn,
    Condition,
    ConditionResult,
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
    RuleProblem,
    RulesError,
    dump_rules,
    parse_rules,
    rule_warnings,
)

__all__ = [
    "DEFAULT_RULES",
    "DEFAULT_RULES_JSON",
    "Actions",
    "AmountAbove",
    "AmountBelow",
    "CategoryIn",
    "Condition",
    "ConditionOutcome",
    "ConditionResult",
    "CountryIn",
    "Decision",
    "DeliveryMethodIn",
    "DocumentKind",
    "Explanation",
    "HasFlag",
    "HasNip",
    "InvoiceRequested",
    "IsAllegro",
    "NoRuleMatched",
    "Not",
    "PaymentMethodIn",
    "RemarksContain",
    "Rule",
    "RuleContext",
    "RuleOutcome",
    "RuleProblem",
    "RuleStatus",
    "RulesError",
    "default_rules_data",
    "dump_rules",
    "evaluate",
    "explain",
    "parse_rules",
    "rule_warnings",
]
