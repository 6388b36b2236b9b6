"""What the order page of the panel shows beside the order itself: who picked each line,
the parcels, the final documents and the audit entries about the order.

Who picked what comes from the order's saved pick state (``pick_states``): the engine keeps
every counted scan and typed quantity still in effect (an undone one is gone from it), each
under the id the scanner gave it — ``<device>:<scan id>`` for a scan, ``manual:<device>:<entry
id>`` for a typed quantity — which the stored scans and typed entries name with the operator
who made them.  So the quantities per person add up to the line's picked quantity, undos
included.  An order nobody scanned anything on has no pick state and no pickers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor import _core
from kolektor.store.order_actions import audit_target
from kolektor.store.tables import (
    audit_log,
    documents,
    manual_entries,
    operators,
    orders,
    packages,
    pick_states,
    scans,
)

MAX_AUDIT_ENTRIES: Final = 500


def order_exists(conn: Connection, order_id: int) -> bool:
    return conn.execute(sa.select(orders.c.id).where(orders.c.id == order_id)).first() is not None


def holder_login(conn: Connection, operator_id: int | None) -> str | None:
    """The login of the operator holding an order (its ``claimed_by``)."""
    if operator_id is None:
        return None
    found = conn.execute(sa.select(operators.c.login).where(operators.c.id == operator_id))
    return found.scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class LinePick:
    """How much of a line one person picked."""

    line_id: int
    operator: str
    """Their login."""
    name: str
    quantity: Decimal
    """In the line's base unit, as the line's picked quantity."""
    scans: int
    """Counted scans still in effect."""
    typed: int
    """Quantities typed by hand still in effect."""


def order_picks(conn: Connection, order_id: int) -> list[LinePick]:
    """Who picked how much of each line (by line, then login); empty before any counted
    scan."""
    saved = conn.execute(
        sa.select(pick_states.c.state).where(pick_states.c.order_id == order_id)
    ).scalar_one_or_none()
    if saved is None:
        return []
    session = _core.PickSession.from_bytes(bytes(saved))
    who: dict[str, tuple[str, str]] = {}
    scanned = conn.execute(
        sa.select(scans.c.device_id, scans.c.scan_uid, operators.c.login, operators.c.name)
        .join(operators, operators.c.id == scans.c.operator_id)
        .where(scans.c.order_id == order_id)
    )
    for row in scanned:
        who[f"{row.device_id}:{row.scan_uid}"] = (row.login, row.name)
    typed = conn.execute(
        sa.select(manual_entries.c.device_id, manual_entries.c.entry_uid, operators.c.login,
                  operators.c.name)
        .join(operators, operators.c.id == manual_entries.c.operator_id)
        .where(manual_entries.c.order_id == order_id)
    )  # fmt: skip
    for row in typed:
        who[f"manual:{row.device_id}:{row.entry_uid}"] = (row.login, row.name)
    totals: dict[tuple[int, str], list[Any]] = {}
    for action in session.actions:
        login, name = who.get(action.action_id, ("?", "?"))
        entry = totals.setdefault((action.line_id, login), [name, Decimal(0), 0, 0])
        entry[1] += action.quantity
        entry[3 if action.manual else 2] += 1
    return [
        LinePick(line_id, login, name, quantity.quantize(Decimal("0.0001")), count, typed_count)
        for (line_id, login), (name, quantity, count, typed_count) in sorted(totals.items())
    ]


@dataclass(frozen=True, slots=True)
class Package:
    """A parcel as recorded at packing."""

    id: int
    generation: int
    """The packing it belongs to (the order's ``generation``: older ones were superseded)."""
    number: int
    weight_kg: Decimal | None
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    template: str | None
    created_at: datetime
    created_by: str | None
    """Login of who packed it."""


def order_packages(conn: Connection, order_id: int) -> list[Package]:
    """The order's parcels, by packing and number."""
    rows = conn.execute(
        sa.select(packages, operators.c.login)
        .outerjoin(operators, operators.c.id == packages.c.created_by)
        .where(packages.c.order_id == order_id)
        .order_by(packages.c.generation, packages.c.number)
    )
    return [_package(row) for row in rows]


def _package(row: Any) -> Package:
    return Package(
        id=row.id, generation=row.generation, number=row.number, weight_kg=row.weight_kg,
        length_cm=row.length_cm, width_cm=row.width_cm, height_cm=row.height_cm,
        template=row.template, created_at=row.created_at, created_by=row.login,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A final document of the order, without its content."""

    id: int
    generation: int
    kind: str
    number: str
    filename: str
    media_type: str
    size: int
    created_at: datetime


def order_documents(conn: Connection, order_id: int) -> list[DocumentInfo]:
    """The order's final documents, oldest packing first."""
    rows = conn.execute(
        sa.select(documents.c.id, documents.c.generation, documents.c.kind, documents.c.number,
                  documents.c.filename, documents.c.media_type, documents.c.size,
                  documents.c.created_at)
        .where(documents.c.order_id == order_id)
        .order_by(documents.c.generation)
    )  # fmt: skip
    return [DocumentInfo(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """An audit entry about the order (held, sent back, a step retried or skipped…)."""

    id: int
    at: datetime
    actor: str
    action: str
    details: dict[str, Any] | None


def order_audit(conn: Connection, order_id: int) -> list[AuditEntry]:
    """The audit entries about the order (target ``order:<id>``), oldest first, at most
    :data:`MAX_AUDIT_ENTRIES` (the newest)."""
    rows = conn.execute(
        sa.select(audit_log.c.id, audit_log.c.at, audit_log.c.actor, audit_log.c.action,
                  audit_log.c.details)
        .where(audit_log.c.target == audit_target(order_id))
        .order_by(audit_log.c.id.desc())
        .limit(MAX_AUDIT_ENTRIES)
    ).all()  # fmt: skip
    return [
        AuditEntry(row.id, row.at, row.actor, row.action, row.details) for row in reversed(rows)
    ]
