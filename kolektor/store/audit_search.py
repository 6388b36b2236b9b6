"""Reading the audit log the way the office looks through it: newest first, filtered by who,
what and when, a page at a time.

Paging is by key, not by offset: a page is the newest entries with an id below the last
page's smallest (``before``), so every page costs the same however far back it is, and an
entry written while someone pages never shifts or repeats what they see.  ``at``,
``actor`` and ``target`` are indexed: the date filters, one person's entries and one
operator's or setting's history are found without reading the whole log.

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.read`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.audit import AuditEntry
from kolektor.store.tables import audit_log

MAX_PAGE: Final = 200
OPERATOR_PREFIX: Final = "operator:"
"""How an operator is named as an actor or target (``operator:<login>``)."""


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which entries to read; every filter left at None matches everything."""

    actor: str | None = None
    """Who: the actor as recorded (``operator:szef``, ``cli``, ``source:10.0.0.7``), or an
    operator's login alone (``szef`` finds ``operator:szef``)."""
    action: str | None = None
    """What: the start of the action (``setting.`` finds every settings change,
    ``operator.created`` just that action)."""
    target: str | None = None
    """What it was done to, as recorded (``operator:anna``, ``tolerance``), or a login
    alone, as for ``actor``."""
    since: datetime | None = None
    """Entries at or after this moment."""
    until: datetime | None = None
    """Entries before this moment."""
    before: int | None = None
    """Entries with a smaller id (the previous page's ``next``)."""
    limit: int = 50


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of entries, newest first, and where the next (older) page starts."""

    entries: list[AuditEntry]
    next: int | None
    """The ``before`` that reads the next page; None when there are no older entries."""


def _named(column: sa.Column[str], value: str) -> sa.ColumnElement[bool]:
    """The column equals ``value``, or ``operator:<value>`` when ``value`` is a bare login."""
    if ":" in value:
        return column == value
    return column.in_([value, OPERATOR_PREFIX + value])


def search(conn: Connection, query: AuditQuery) -> AuditPage:
    """The newest ``query.limit`` (at most :data:`MAX_PAGE`) entries matching ``query``."""
    if not 1 <= query.limit <= MAX_PAGE:
        raise ValueError(f"an audit page holds 1 to {MAX_PAGE} entries, not {query.limit}")
    c = audit_log.c
    where: list[sa.ColumnElement[bool]] = []
    if query.actor is not None:
        where.append(_named(c.actor, query.actor))
    if query.target is not None:
        where.append(_named(c.target, query.target))
    if query.action is not None:
        where.append(c.action.startswith(query.action, autoescape=True))
    if query.since is not None:
        where.append(c.at >= query.since)
    if query.until is not None:
        where.append(c.at < query.until)
    if query.before is not None:
        where.append(c.id < query.before)
    rows = conn.execute(
        sa.select(audit_log).where(*where).order_by(c.id.desc()).limit(query.limit + 1)
    ).all()
    entries = [
        AuditEntry(
            id=row.id,
            at=row.at,
            actor=row.actor,
            action=row.action,
            target=row.target,
            details=row.details,
        )
        for row in rows[: query.limit]
    ]
    more = len(rows) > query.limit
    return AuditPage(entries, entries[-1].id if more else None)
