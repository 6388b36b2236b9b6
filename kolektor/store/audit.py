"""The audit log: who changed what in the configuration or intervened by hand, and when.

Entries are written in the same transaction as the change they describe.  Never put secret
values into ``details`` (see :func:`kolektor.store.settings.set_setting`, which hides them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.tables import audit_log, inserted_id, utcnow


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the audit log."""

    id: int
    at: datetime
    actor: str
    """Who: ``operator:<login>``, ``worker:<name>``, ``cli``, ``intake``…"""
    action: str
    """What, as a dotted verb, e.g. ``setting.changed``."""
    target: str | None
    """What it was done to, e.g. the setting key or ``operator:<login>``."""
    details: dict[str, Any] | None


def record(
    conn: Connection,
    *,
    actor: str,
    action: str,
    target: str | None,
    details: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> int:
    """Append an entry (``details`` must be JSON-serializable) and return its id; ``at``
    is when it happened (default: now — given for entries written later in a batch)."""
    if not actor.strip() or not action.strip():
        raise ValueError("an audit entry needs an actor and an action")
    result = conn.execute(
        audit_log.insert().values(
            at=at or utcnow(),
            actor=actor,
            action=action,
            target=target,
            details=dict(details) if details is not None else None,
        )
    )
    return inserted_id(result)


@dataclass(frozen=True, slots=True)
class Pending:
    """An entry to write later, with the others of its batch (:func:`record_many`)."""

    at: datetime
    actor: str
    action: str
    target: str | None
    details: Mapping[str, Any] | None = None


def record_many(conn: Connection, entries: Sequence[Pending]) -> None:
    """Append a batch of entries with one statement (a short hold of SQLite's write lock)."""
    if not entries:
        return
    conn.execute(
        audit_log.insert(),
        [
            {"at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
             "details": dict(e.details) if e.details is not None else None}
            for e in entries
        ],
    )  # fmt: skip


def recent(conn: Connection, limit: int = 100) -> list[AuditEntry]:
    """The newest ``limit`` entries, newest first."""
    rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit))
    return [
        AuditEntry(
            id=row.id,
            at=row.at,
            actor=row.actor,
            action=row.action,
            target=row.target,
            details=row.details,
        )
        for row in rows
    ]
