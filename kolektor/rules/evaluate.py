"""Applying document rules to an order: the first enabled rule whose conditions all hold.

:func:`evaluate` is what the pipeline calls: a :class:`Decision` (the actions, the rule and
why) or :class:`NoRuleMatched` — a result, not an exception, so the order can go to
``attention`` with the reason.  :func:`explain` is the panel's "try it on an order" view:
every rule with each condition's outcome, the deciding one marked.  Neither has any effect.

Pure Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from kolektor.i18n import Language, t
from kolektor.rules.context import RuleContext
from kolektor.rules.model import Actions, Condition, DocumentKind, Rule, quote

__all__ = [
    "ConditionOutcome",
    "Decision",
    "Explanation",
    "NoRuleMatched",
    "RuleOutcome",
    "RuleStatus",
    "evaluate",
    "explain",
]


def _m(key: str, language: Language, /, **params: object) -> str:
    """Render ``rules.evaluate.<key>`` of the catalog (:mod:`kolektor.messages.rules`)."""
    return t(f"rules.evaluate.{key}", language, **params)


@dataclass(frozen=True, slots=True)
class ConditionOutcome:
    """One condition of a rule applied to an order."""

    position: int
    """1-based position of the condition in its rule."""
    condition: Condition
    description: str
    """The condition in words (``uwagi zawierają „faktur” lub „FV”``)."""
    held: bool
    known: bool
    reason: str
    """Why it held or not (``uwagi zawierają „fakturę”``)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The first enabled rule whose conditions all hold, and what it decides."""

    rule: str
    """The rule's name."""
    position: int
    """1-based position of the rule."""
    actions: Actions
    conditions: tuple[ConditionOutcome, ...]
    summary: str
    """One line for the order's timeline: ``FS — reguła 1 „…”: uwagi zawierają „fakturę”``."""

    @property
    def document(self) -> DocumentKind:
        return self.actions.document


@dataclass(frozen=True, slots=True)
class NoRuleMatched:
    """No enabled rule holds for the order — the order needs a person."""

    rules_checked: int
    """How many enabled rules were tried."""
    reason: str
    """``żadna z włączonych reguł nie pasuje (sprawdzono: 4)``."""


class RuleStatus(StrEnum):
    DECIDED = "decided"
    NOT_MATCHED = "not_matched"
    DISABLED = "disabled"
    AFTER_DECISION = "after_decision"
    """An enabled rule after the one that decided (its conditions are still shown)."""


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """One rule applied to an order, for :class:`Explanation`."""

    position: int
    name: str
    status: RuleStatus
    matched: bool
    """All conditions hold (whether or not the rule is enabled or was reached)."""
    conditions: tuple[ConditionOutcome, ...]

    def status_text(self, language: Language) -> str:
        """The status in words: ``ZDECYDOWAŁA``, ``nie pasuje``, ``po decyzji (też pasuje)``."""
        status = self.status.value
        if self.matched and self.status in (RuleStatus.DISABLED, RuleStatus.AFTER_DECISION):
            status += ".matched"
        return _m(f"status.{status}", language)


@dataclass(frozen=True, slots=True)
class Explanation:
    """What an order would become and why: every rule with every condition's outcome."""

    result: Decision | NoRuleMatched
    rules: tuple[RuleOutcome, ...]
    order_number: str | None
    language: Language

    def text(self) -> str:
        """The explanation as lines of text (✓ held, ✗ did not hold, ? unknown fact)."""
        language = self.language
        order = self.order_number or _m("order", language)
        if isinstance(self.result, Decision):
            lines = [
                _m(
                    "header.decided",
                    language,
                    order=order,
                    document=self.result.document.value,
                    position=self.result.position,
                    name=quote(self.result.rule, language),
                ),
                f"  {_m('actions', language)}: {self.result.actions.describe(language)}",
            ]
        else:
            lines = [_m("header.none", language, order=order, reason=self.result.reason)]
        for rule in self.rules:
            lines.append(
                f"{rule.position}. {quote(rule.name, language)} — {rule.status_text(language)}"
            )
            if not rule.conditions:
                lines.append(f"   ✓ {_m('no_conditions', language)}")
            for outcome in rule.conditions:
                mark = "✓" if outcome.held else ("✗" if outcome.known else "?")
                lines.append(f"   {mark} {outcome.description}: {outcome.reason}")
        return "\n".join(lines)


def _outcome(
    position: int, condition: Condition, ctx: RuleContext, language: Language
) -> ConditionOutcome:
    result = condition.evaluate(ctx, language)
    return ConditionOutcome(
        position=position,
        condition=condition,
        description=condition.describe(language),
        held=result.held,
        known=result.known,
        reason=result.reason,
    )


def _decision(
    position: int, rule: Rule, outcomes: tuple[ConditionOutcome, ...], language: Language
) -> Decision:
    reasons = "; ".join(o.reason for o in outcomes) or _m("no_conditions", language)
    summary = _m(
        "decision",
        language,
        document=rule.actions.document.value,
        position=position,
        name=quote(rule.name, language),
        reasons=reasons,
    )
    return Decision(rule.name, position, rule.actions, outcomes, summary)


def _no_rule(checked: int, language: Language) -> NoRuleMatched:
    if checked == 0:
        return NoRuleMatched(0, _m("no_enabled_rule", language))
    return NoRuleMatched(checked, _m("no_rule_matched", language, count=checked))


def evaluate(
    rules: Sequence[Rule], ctx: RuleContext, *, language: Language = "pl"
) -> Decision | NoRuleMatched:
    """The decision of the first enabled rule whose conditions all hold for ``ctx``."""
    checked = 0
    for position, rule in enumerate(rules, start=1):
        if not rule.enabled:
            continue
        checked += 1
        outcomes = []
        for number, condition in enumerate(rule.conditions, start=1):
            outcome = _outcome(number, condition, ctx, language)
            if not outcome.held:
                break
            outcomes.append(outcome)
        else:
            return _decision(position, rule, tuple(outcomes), language)
    return _no_rule(checked, language)


def explain(rules: Sequence[Rule], ctx: RuleContext, *, language: Language = "pl") -> Explanation:
    """Every rule applied to ``ctx`` — all conditions, even after one fails — and the result
    :func:`evaluate` gives."""
    result: Decision | NoRuleMatched | None = None
    outcomes: list[RuleOutcome] = []
    checked = 0
    for position, rule in enumerate(rules, start=1):
        conditions = tuple(
            _outcome(number, condition, ctx, language)
            for number, condition in enumerate(rule.conditions, start=1)
        )
        matched = all(o.held for o in conditions)
        if not rule.enabled:
            status = RuleStatus.DISABLED
        elif result is not None:
            status = RuleStatus.AFTER_DECISION
        else:
            checked += 1
            if matched:
                status = RuleStatus.DECIDED
                result = _decision(position, rule, conditions, language)
            else:
                status = RuleStatus.NOT_MATCHED
        outcomes.append(RuleOutcome(position, rule.name, status, matched, conditions))
    return Explanation(
        result=result if result is not None else _no_rule(checked, language),
        rules=tuple(outcomes),
        order_number=ctx.order_number,
        language=language,
    )
