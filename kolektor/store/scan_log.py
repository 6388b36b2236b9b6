"""What was scanned and typed on an order, for the office: the scans and the typed quantities
(``manual``), with who did them and — for a typed quantity — who authorized it.

A typed quantity is stored in ``manual_entries`` in the transaction that stores the pick
state it changed (:func:`record_entry`, called from the scanner service's write), so the
record and the counts always agree.  :func:`order_scans` lists both kinds in the order they
reached the server (``GET /api/orders/<id>/scans``).

Functions take a :class:`~sqlalchemy.engine.Connection` first; call them through
:meth:`kolektor.store.Store.run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.tables import manual_entries, operators, scans, utcnow


@dataclass(frozen=True, slots=True)
class ManualEntry:
    """One typed quantity as it is stored."""

    operator_id: int
    authorized_by: int | None
    """The supervisor or admin who authorized it (None: the typist's role may type)."""
    device_id: str
    entry_uid: str
    """The device's ``entry_id``."""
    line_id: int
    quantity: Decimal
    verdict: str


def record_entry(conn: Connection, order_id: int, entry: ManualEntry) -> None:
    """Store a typed quantity's verdict; an entry id the device sent before (judged afresh,
    e.g. after ``batch_required``) replaces its row."""
    values = {
        "order_id": order_id,
        "line_id": entry.line_id,
        "operator_id": entry.operator_id,
        "authorized_by": entry.authorized_by,
        "verdict": entry.verdict,
        "quantity": entry.quantity,
        "received_at": utcnow(),
    }
    updated = conn.execute(
        manual_entries.update()
        .where(
            manual_entries.c.device_id == entry.device_id,
            manual_entries.c.entry_uid == entry.entry_uid,
        )
        .values(**values)
    )
    if updated.rowcount == 0:
        conn.execute(
            manual_entries.insert().values(
                device_id=entry.device_id, entry_uid=entry.entry_uid, **values
            )
        )


def order_scans(conn: Connection, order_id: int) -> list[dict[str, Any]]:
    """Every scan and typed quantity of the order, oldest first: ``{kind ("scan" or
    "manual"), id, line_id, operator, authorized_by, device_id, request_id, code, verdict,
    quantity, scanned_at, received_at}`` — ``operator``/``authorized_by`` are logins,
    ``code`` and ``scanned_at`` are None for a typed quantity, ``authorized_by`` None for a
    scan."""
    typist = operators.alias("typist")
    approver = operators.alias("approver")
    scanned = conn.execute(
        sa.select(scans, typist.c.login.label("login"))
        .join(typist, typist.c.id == scans.c.operator_id)
        .where(scans.c.order_id == order_id)
    ).all()
    typed = conn.execute(
        sa.select(
            manual_entries,
            typist.c.login.label("login"),
            approver.c.login.label("approver"),
        )
        .join(typist, typist.c.id == manual_entries.c.operator_id)
        .outerjoin(approver, approver.c.id == manual_entries.c.authorized_by)
        .where(manual_entries.c.order_id == order_id)
    ).all()
    rows = [
        {"kind": "scan", "id": row.id, "line_id": row.line_id, "operator": row.login,
         "authorized_by": None, "device_id": row.device_id, "request_id": row.scan_uid,
         "code": row.raw, "verdict": row.verdict, "quantity": row.quantity,
         "scanned_at": row.scanned_at, "received_at": row.received_at}
        for row in scanned
    ] + [
        {"kind": "manual", "id": row.id, "line_id": row.line_id, "operator": row.login,
         "authorized_by": row.approver, "device_id": row.device_id,
         "request_id": row.entry_uid, "code": None, "verdict": row.verdict,
         "quantity": row.quantity, "scanned_at": None, "received_at": row.received_at}
        for row in typed
    ]  # fmt: skip
    return sorted(rows, key=lambda row: (row["received_at"], row["kind"], row["id"]))
