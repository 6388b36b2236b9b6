"""Picking and packing in the store: claims, the pick state, scans, packages and the jobs
that packing queues.

An order is picked by one operator at a time: claiming it moves it from ``new`` to
``picking`` and records who holds it (a supervisor may take over someone else's order).
Every scan is stored together with the pick engine's new state in one transaction
(:func:`record_pick`), so a restart rebuilds exactly what the pickers saw.  Packing
(:func:`pack_order`) writes the packages, moves the order to ``packed`` and queues the
finalization jobs — again in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.lifecycle import FINALIZATION_STEPS, OrderStatus
from kolektor.store.orders import OrderNotFoundError, OrderStateError, _add_event, change_status
from kolektor.store.tables import (
    jobs,
    operators,
    order_lines,
    orders,
    packages,
    pick_states,
    scans,
    utcnow,
)

SUPERVISOR_ROLES = frozenset({"supervisor", "admin"})
QUEUE_STATUSES = (OrderStatus.NEW, OrderStatus.PICKING, OrderStatus.PICKED)


class NotYoursError(OrderStateError):
    """The order is claimed by another operator."""


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """An order as the scanner's queue lists it."""

    id: int
    number: str
    status: OrderStatus
    customer: str | None
    lines: int
    due_at: datetime | None
    issued_at: datetime
    priority: int
    claimed_by: int | None
    claimed_by_login: str | None


@dataclass(frozen=True, slots=True)
class ScanRecord:
    """One scan as it is stored."""

    operator_id: int
    device_id: str
    scan_uid: str
    raw: str
    interpretation: Mapping[str, Any] | None
    verdict: str
    quantity: Decimal | None
    line_id: int | None
    scanned_at: datetime


@dataclass(frozen=True, slots=True)
class PackageInput:
    """A parcel recorded at packing; ``template`` is an InPost locker size (A/B/C)."""

    weight_kg: Decimal | None = None
    length_cm: Decimal | None = None
    width_cm: Decimal | None = None
    height_cm: Decimal | None = None
    template: str | None = None


@dataclass(frozen=True, slots=True)
class PickingOverviewEntry:
    operator_id: int
    login: str
    name: str
    order_id: int
    number: str
    picked: Decimal
    ordered: Decimal


def queue(conn: Connection, operator_id: int) -> list[QueueEntry]:
    """Orders a picker can work on: unclaimed ``new`` ones and their own ``picking`` and
    ``picked`` ones, most urgent first (priority, then due date, then age)."""
    line_count = (
        sa.select(sa.func.count()).where(order_lines.c.order_id == orders.c.id).scalar_subquery()
    )
    query = (
        sa.select(
            orders.c.id,
            orders.c.number,
            orders.c.status,
            orders.c.customer_name,
            line_count.label("lines"),
            orders.c.due_at,
            orders.c.issued_at,
            orders.c.priority,
            orders.c.claimed_by,
            operators.c.login,
        )
        .select_from(orders.outerjoin(operators, operators.c.id == orders.c.claimed_by))
        .where(
            sa.or_(
                orders.c.status == OrderStatus.NEW.value,
                sa.and_(
                    orders.c.status.in_([OrderStatus.PICKING.value, OrderStatus.PICKED.value]),
                    orders.c.claimed_by == operator_id,
                ),
            )
        )
        .order_by(
            orders.c.priority.desc(),
            orders.c.due_at.is_(None),
            orders.c.due_at,
            orders.c.issued_at,
            orders.c.id,
        )
    )
    return [
        QueueEntry(
            id=row.id,
            number=row.number,
            status=OrderStatus(row.status),
            customer=row.customer_name,
            lines=row.lines,
            due_at=row.due_at,
            issued_at=row.issued_at,
            priority=row.priority,
            claimed_by=row.claimed_by,
            claimed_by_login=row.login,
        )
        for row in conn.execute(query)
    ]


def claimed_orders(conn: Connection, operator_id: int) -> list[int]:
    """Ids of the orders an operator holds (picking or picked), oldest claim first."""
    rows = conn.execute(
        sa.select(orders.c.id)
        .where(
            orders.c.claimed_by == operator_id,
            orders.c.status.in_([OrderStatus.PICKING.value, OrderStatus.PICKED.value]),
        )
        .order_by(orders.c.claimed_at, orders.c.id)
    )
    return [row.id for row in rows]


def _claim_row(conn: Connection, order_id: int) -> Any:
    row = conn.execute(
        sa.select(orders.c.status, orders.c.claimed_by, orders.c.number).where(
            orders.c.id == order_id
        )
    ).one_or_none()
    if row is None:
        raise OrderNotFoundError(order_id)
    return row


def claim_order(
    conn: Connection,
    order_id: int,
    *,
    operator_id: int,
    role: str,
    actor: str,
    takeover: bool = False,
) -> None:
    """Claim an order for picking.

    ``new`` → ``picking`` held by the operator; claiming an order one already holds does
    nothing.  An order held by someone else raises :class:`NotYoursError`, unless a
    supervisor asks for a ``takeover``, which moves the claim and records it.
    """
    row = _claim_row(conn, order_id)
    status = OrderStatus(row.status)
    if status is OrderStatus.NEW:
        change_status(
            conn,
            order_id,
            OrderStatus.PICKING,
            reason=None,
            actor=actor,
            expected_from=[OrderStatus.NEW.value],
        )
    elif status in (OrderStatus.PICKING, OrderStatus.PICKED) and row.claimed_by == operator_id:
        return
    elif status in (OrderStatus.PICKING, OrderStatus.PICKED):
        if not (takeover and role in SUPERVISOR_ROLES):
            raise NotYoursError(
                f"Order {row.number} is being picked by someone else.",
                order_id=order_id,
                status=status,
                to_status=status,
            )
        _add_event(
            conn,
            order_id,
            "taken_over",
            actor=actor,
            at=utcnow(),
            details={"from_operator_id": row.claimed_by, "to_operator_id": operator_id},
        )
    else:
        raise OrderStateError(
            f"Order {row.number} is {status}; only new orders can be claimed.",
            order_id=order_id,
            status=status,
            to_status=OrderStatus.PICKING,
        )
    now = utcnow()
    conn.execute(
        orders.update()
        .where(orders.c.id == order_id)
        .values(claimed_by=operator_id, claimed_at=now, updated_at=now)
    )


def release_order(conn: Connection, order_id: int, *, operator_id: int, actor: str) -> None:
    """Give an order back to the queue (``picking`` → ``new``); only its holder may.

    What was already picked stays counted in the pick state."""
    row = _claim_row(conn, order_id)
    if row.claimed_by != operator_id:
        raise NotYoursError(
            f"Order {row.number} is not yours to release.",
            order_id=order_id,
            status=row.status,
            to_status=OrderStatus.NEW,
        )
    change_status(
        conn,
        order_id,
        OrderStatus.NEW,
        reason=None,
        actor=actor,
        expected_from=[OrderStatus.PICKING.value],
    )


def claim_of(conn: Connection, order_id: int) -> tuple[str, int | None] | None:
    """(status, operator holding it) of an order, or None when it does not exist."""
    row = conn.execute(
        sa.select(orders.c.status, orders.c.claimed_by).where(orders.c.id == order_id)
    ).one_or_none()
    return None if row is None else (row.status, row.claimed_by)


def load_pick_state(conn: Connection, order_id: int) -> bytes | None:
    return conn.execute(
        sa.select(pick_states.c.state).where(pick_states.c.order_id == order_id)
    ).scalar_one_or_none()


def find_scan(conn: Connection, device_id: str, scan_uid: str) -> str | None:
    """The stored verdict kind of a scan already received, or None."""
    return conn.execute(
        sa.select(scans.c.verdict).where(
            scans.c.device_id == device_id, scans.c.scan_uid == scan_uid
        )
    ).scalar_one_or_none()


def record_pick(
    conn: Connection,
    order_id: int,
    *,
    state: bytes,
    picked: Mapping[int, Decimal],
    scan: ScanRecord | None = None,
) -> None:
    """Store the pick engine's new ``state``, the lines' ``picked`` quantities and the
    ``scan`` that caused them, in the caller's transaction."""
    now = utcnow()
    updated = conn.execute(
        pick_states.update()
        .where(pick_states.c.order_id == order_id)
        .values(state=state, updated_at=now, scans=pick_states.c.scans + (1 if scan else 0))
    )
    if updated.rowcount == 0:
        conn.execute(
            pick_states.insert().values(
                order_id=order_id, state=state, updated_at=now, scans=1 if scan else 0
            )
        )
    for line_id, quantity in picked.items():
        conn.execute(
            order_lines.update()
            .where(order_lines.c.id == line_id, order_lines.c.order_id == order_id)
            .values(picked_quantity=quantity)
        )
    if scan is not None:
        conn.execute(
            scans.insert().values(
                order_id=order_id,
                line_id=scan.line_id,
                operator_id=scan.operator_id,
                device_id=scan.device_id,
                scan_uid=scan.scan_uid,
                raw=scan.raw,
                interpretation=dict(scan.interpretation) if scan.interpretation else None,
                verdict=scan.verdict,
                quantity=scan.quantity,
                scanned_at=scan.scanned_at,
                received_at=now,
            )
        )


def find_order_by_number(conn: Connection, code: str) -> int | None:
    """The order whose ZK number is ``code`` (as printed, case- and space-insensitive), or
    whose Kolektor id is ``code``; the newest if several ZKs share a number."""
    text = " ".join(code.split()).upper()
    row = conn.execute(
        sa.select(orders.c.id)
        .where(sa.func.upper(orders.c.number) == text)
        .order_by(orders.c.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is not None:
        return int(row)
    if text.isdigit():
        found = conn.execute(
            sa.select(orders.c.id).where(orders.c.id == int(text))
        ).scalar_one_or_none()
        return None if found is None else int(found)
    return None


def pack_order(
    conn: Connection,
    order_id: int,
    parcels: Sequence[PackageInput],
    *,
    operator_id: int,
    actor: str,
    plan: Mapping[str, Mapping[str, Any]] | None = None,
    skipped: Mapping[str, str] | None = None,
    summary: str | None = None,
) -> bool:
    """Record the parcels, move the order from ``picked`` to ``packed`` and queue one job
    per finalization step — all in the caller's transaction.

    ``plan`` (from :func:`kolektor.finalize.plan.plan_for`) gives each pending step's
    ``result`` (what it needs); steps in ``skipped`` are created skipped with the reason.
    Without a plan every step is pending.

    Returns False (and changes nothing) when the order is already packed or further along,
    so a re-sent confirmation is harmless."""
    row = _claim_row(conn, order_id)
    status = OrderStatus(row.status)
    if status not in (OrderStatus.PICKED,):
        if status in (OrderStatus.PACKED, *FINALIZATION_STEPS, OrderStatus.DONE):
            return False
        raise OrderStateError(
            f"Order {row.number} is {status}; only a picked order can be packed.",
            order_id=order_id,
            status=status,
            to_status=OrderStatus.PACKED,
        )
    if not parcels:
        raise ValueError("At least one package is needed.")
    now = utcnow()
    for number, parcel in enumerate(parcels, start=1):
        conn.execute(
            packages.insert().values(
                order_id=order_id,
                number=number,
                weight_kg=parcel.weight_kg,
                length_cm=parcel.length_cm,
                width_cm=parcel.width_cm,
                height_cm=parcel.height_cm,
                template=parcel.template,
                created_at=now,
                created_by=operator_id,
            )
        )
    change_status(
        conn,
        order_id,
        OrderStatus.PACKED,
        reason=None,
        actor=actor,
        expected_from=[OrderStatus.PICKED.value],
        details={"packages": len(parcels)},
    )
    for step in FINALIZATION_STEPS:
        reason = (skipped or {}).get(step.value)
        conn.execute(
            jobs.insert().values(
                order_id=order_id,
                step=step.value,
                status="skipped" if reason is not None else "pending",
                result={"reason": reason}
                if reason is not None
                else dict((plan or {}).get(step.value) or {}) or None,
                next_run_at=now,
                created_at=now,
                updated_at=now,
            )
        )
    if summary:
        _add_event(
            conn,
            order_id,
            "rule_applied",
            actor=actor,
            at=now,
            reason=summary,
            details={"skipped": dict(skipped or {})},
        )
    return True


def picking_overview(conn: Connection) -> list[PickingOverviewEntry]:
    """Who is picking what, with the picked and ordered quantities of each order."""
    query = (
        sa.select(
            operators.c.id.label("operator_id"),
            operators.c.login,
            operators.c.name,
            orders.c.id.label("order_id"),
            orders.c.number,
            sa.func.coalesce(sa.func.sum(order_lines.c.picked_quantity), 0).label("picked"),
            sa.func.coalesce(sa.func.sum(order_lines.c.base_quantity), 0).label("ordered"),
        )
        .select_from(
            orders.join(operators, operators.c.id == orders.c.claimed_by).outerjoin(
                order_lines, order_lines.c.order_id == orders.c.id
            )
        )
        .where(orders.c.status.in_([OrderStatus.PICKING.value, OrderStatus.PICKED.value]))
        .group_by(operators.c.id, operators.c.login, operators.c.name, orders.c.id, orders.c.number)
        .order_by(operators.c.login, orders.c.id)
    )
    return [
        PickingOverviewEntry(
            operator_id=row.operator_id,
            login=row.login,
            name=row.name,
            order_id=row.order_id,
            number=row.number,
            picked=Decimal(row.picked).quantize(Decimal("0.0001")),
            ordered=Decimal(row.ordered).quantize(Decimal("0.0001")),
        )
        for row in conn.execute(query)
    ]
