"""Operators' badges in the store: issuing a new one, checking that a code about to be printed
is the badge an operator holds now, and recording that it was printed.

The store keeps only a keyed hash of each badge code (:func:`kolektor.auth.keys.badge_hash`)
and its last characters; the code itself exists only on the card and in the answer that
issued it.  So a card is printed only from a code the caller brings, and only when that code
is the operator's current badge: a card that would not log anybody in is never printed.

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.run` (writes) or ``read``.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.auth.keys import badge_hint
from kolektor.store import audit
from kolektor.store import operators as operator_store
from kolektor.store.operators import Operator, OperatorError
from kolektor.store.tables import operators

ISSUE_ATTEMPTS: Final = 3
"""New codes tried when a generated one happens to be another operator's (10⁻¹² a try)."""


def issue_badge(
    conn: Connection, operator_id: int, *, new_code: Callable[[], str], badge_key: bytes,
    actor: str,
) -> tuple[Operator, str]:  # fmt: skip
    """Give the operator a new badge made by ``new_code``: the old badge stops working in
    this transaction, and — like any change of a badge — every session of the operator ends
    (the security stamp).  Audited as ``operator.changed`` with the new badge's hint.
    Returns the operator and the new code.  :class:`OperatorError` ``no_such_operator``."""
    for attempt in range(ISSUE_ATTEMPTS):
        code = new_code()
        try:
            with conn.begin_nested():
                operator = operator_store.update_operator(
                    conn, operator_id, actor=actor, badge_code=code, badge_key=badge_key
                )
        except OperatorError as error:
            if error.key != "badge_taken" or attempt + 1 == ISSUE_ATTEMPTS:
                raise
            continue
        return operator, code
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Holder:
    """An operator and the hash of the badge they hold now (None without a badge)."""

    operator: Operator
    badge_hash: str | None

    def holds(self, hashed: str) -> bool:
        """Whether ``hashed`` is this operator's current badge (compared in constant time)."""
        return self.badge_hash is not None and hmac.compare_digest(self.badge_hash, hashed)


def badge_holders(conn: Connection, operator_ids: Sequence[int]) -> dict[int, Holder]:
    """The operators with these ids, each with their current badge's hash."""
    if not operator_ids:
        return {}
    rows = conn.execute(
        sa.select(operators).where(operators.c.id.in_(sorted(set(operator_ids))))
    ).mappings()
    return {
        row["id"]: Holder(operator_store.operator_from_row(row), row["badge_hash"]) for row in rows
    }


def record_printed(
    conn: Connection, printed: Sequence[tuple[Operator, str]],
    how: Literal["label", "sheet"], *, actor: str,
) -> None:  # fmt: skip
    """One ``operator.badge_printed`` audit entry per card: whose, which badge (its hint),
    and how (``label``: ZPL, ``sheet``: PDF)."""
    for operator, code in printed:
        audit.record(
            conn, actor=actor, action="operator.badge_printed",
            target=f"operator:{operator.login}",
            details={"badge": badge_hint(code), "format": how},
        )  # fmt: skip
