"""What the office does to an order by hand, besides retrying and skipping a failed step:
*hold* it and *send it back* to picking.

* **Hold** (``new``, ``picking`` or ``picked`` → ``problem``): the office stops an order
  before it is packed — the customer called, the address is wrong, the goods are wanted
  elsewhere.  The reason says who held it and why.  A scanner working on the order is
  refused at its next scan (the scanner only counts scans on an order in ``picking``); the
  claim stays, so everyone sees who had it.
* **Send back** (``problem`` → ``new``, or ``attention`` → ``new`` while nothing was
  realized in Subiekt for the current packing): the problem is solved, or the parcels must
  be packed again (a label the carrier refused, a wrong size); the order goes back to the
  queue for any picker.  Packed again, its earlier shipments are cancelled by the label step
  (:mod:`kolektor.finalize.labels`).  The claim is released; what was already picked
  *stays counted* in the pick state — as when a picker releases an order — so goods
  already collected (or an order refused at packing for missing stock, now in stock) are
  not scanned twice.  The next picker continues where picking stopped.

Both are checked against the lifecycle (:func:`kolektor.store.orders.change_status`),
recorded in the order's timeline with the reason and in the audit log
(``order.held`` / ``order.sent_back``, target ``order:<id>``) in the same transaction.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store import audit
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.orders import OrderNotFoundError, OrderStateError, change_status
from kolektor.store.tables import jobs, orders

HOLDABLE: Final = (OrderStatus.NEW, OrderStatus.PICKING, OrderStatus.PICKED)
"""Statuses an order can be held in: not packed yet."""
SENDABLE_BACK: Final = (OrderStatus.PROBLEM, OrderStatus.ATTENTION)
"""Statuses an order can be sent back to picking from (``attention`` only while nothing was
realized for its current packing)."""


class AlreadyRealized(OrderStateError):
    """An order in ``attention`` whose ZK was already realized: packing it again would not
    change the document — the office corrects it in Subiekt instead."""


def audit_target(order_id: int) -> str:
    """How the audit log names an order."""
    return f"order:{order_id}"


def _current(conn: Connection, order_id: int) -> tuple[OrderStatus, str]:
    row = conn.execute(
        sa.select(orders.c.status, orders.c.number).where(orders.c.id == order_id)
    ).one_or_none()
    if row is None:
        raise OrderNotFoundError(order_id)
    return OrderStatus(row.status), row.number


def _act(
    conn: Connection, order_id: int, *, allowed: tuple[OrderStatus, ...], target: OrderStatus,
    action: str, actor: str, reason: str, note: str | None,
) -> OrderStatus:  # fmt: skip
    status, number = _current(conn, order_id)
    if status not in allowed:
        raise OrderStateError(
            f"Order {number} is {status}; {action} needs {' or '.join(allowed)}.",
            order_id=order_id, status=status, to_status=target,
        )  # fmt: skip
    change_status(
        conn, order_id, target, reason=reason, actor=actor,
        expected_from=[s.value for s in allowed], details={"action": action, "note": note},
    )  # fmt: skip
    audit.record(
        conn, actor=actor, action=action, target=audit_target(order_id),
        details={"number": number, "from": status.value, "to": target.value, "note": note},
    )  # fmt: skip
    return status


def hold_order(
    conn: Connection, order_id: int, *, actor: str, reason: str, note: str | None = None
) -> OrderStatus:
    """Hold an order not packed yet: it moves to ``problem`` with ``reason`` (the text
    people see, naming who held it and ``note``, the office's words); returns the status it
    was in.  :class:`OrderStateError` (with ``status``) in any other status,
    :class:`OrderNotFoundError` when there is no such order."""
    return _act(conn, order_id, allowed=HOLDABLE, target=OrderStatus.PROBLEM,
                action="order.held", actor=actor, reason=reason, note=note)  # fmt: skip


def send_back(
    conn: Connection, order_id: int, *, actor: str, reason: str, note: str | None = None
) -> OrderStatus:
    """Send an order in ``problem`` back to picking: ``new``, unclaimed, its picked
    quantities kept; ``reason`` is recorded as its status reason and in the timeline.
    Returns the status it was in; the same errors as :func:`hold_order`."""
    status, number = _current(conn, order_id)
    if status is OrderStatus.ATTENTION and _realized(conn, order_id):
        raise AlreadyRealized(
            f"Order {number} was realized in Subiekt; it cannot be packed again.",
            order_id=order_id, status=status, to_status=OrderStatus.NEW,
        )  # fmt: skip
    return _act(conn, order_id, allowed=SENDABLE_BACK, target=OrderStatus.NEW,
                action="order.sent_back", actor=actor, reason=reason, note=note)  # fmt: skip


def _realized(conn: Connection, order_id: int) -> bool:
    """Whether the current packing's ``realize`` job is done (or skipped by the office)."""
    generation = sa.select(orders.c.generation).where(orders.c.id == order_id).scalar_subquery()
    found = conn.execute(
        sa.select(sa.func.count())
        .select_from(jobs)
        .where(
            jobs.c.order_id == order_id,
            jobs.c.generation == generation,
            jobs.c.step == "realize",
            jobs.c.status.in_(("done", "skipped")),
        )
    ).scalar_one()
    return bool(found)
