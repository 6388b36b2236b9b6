"""What the office's dashboard shows, read from the store: how many orders are in each
status, how many were finished today, the orders waiting for a person's decision, who is
picking what right now — and the marks the live dashboard compares to notice a change.

Everything here is cheap on tens of thousands of orders: the counts are one indexed
``GROUP BY status``; "done today" is a range of the timeline's ``(to_status, at)`` index;
the orders waiting for a person and those being picked are found through the status index
(few of them at any time); the last scan of each order being picked comes through the
scans' order index; the marks are the counts plus the newest ids of the append-only tables
(primary-key look-ups).

*Waiting for a person* are the orders in ``attention`` (a finalization step failed or has
nothing set up to do it: the office retries or skips it) and ``problem`` (a shortage or an
issue reported on the floor: the office decides).  ``held`` orders wait for Subiekt, not for
a person (the ZK stopped passing the intake's filters and comes back by itself), so they
are counted but not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.jobs import STEP_ORDER
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.orders import count_by_status
from kolektor.store.picking import picking_overview
from kolektor.store.tables import jobs, manual_entries, order_events, order_lines, orders, scans

WAITING_FOR_PERSON: Final = (OrderStatus.ATTENTION, OrderStatus.PROBLEM)
"""The statuses of orders that wait for the office's decision (listed, and alerted on)."""
WAITING_LIMIT: Final = 100
"""At most this many waiting orders are listed (newest first); the total is counted."""
ALERT_LIMIT: Final = 50
"""At most this many alerts are read at once (a flood is summed up by the counts)."""
STUCK_JOB_STATUSES: Final = ("failed", "not_configured")
"""Job statuses that keep an order in ``attention``: failed first, then not configured."""


@dataclass(frozen=True, slots=True)
class StuckStep:
    """The finalization step that keeps an order in ``attention``."""

    step: str
    status: str
    """``failed`` (retrying cannot help or its deadline passed) or ``not_configured``."""
    attempts: int
    last_error: str | None
    """The step's error (``failed``) or why nothing could do it (``not_configured``), as
    the pipeline stored it, in the configured language."""


@dataclass(frozen=True, slots=True)
class WaitingOrder:
    """An order waiting for a person: where it is, why, since when."""

    id: int
    number: str
    customer_name: str | None
    status: OrderStatus
    status_reason: str | None
    status_changed_at: datetime
    stuck_step: StuckStep | None
    """For an order in ``attention``: the step to retry or skip (None for ``problem``)."""


@dataclass(frozen=True, slots=True)
class PickingNow:
    """An order someone holds right now (``picking``, or ``picked`` waiting to be packed)."""

    operator_id: int
    login: str
    name: str
    order_id: int
    number: str
    status: OrderStatus
    lines: int
    picked: Decimal
    """The quantities picked so far, summed over the lines (in their base units)."""
    ordered: Decimal
    device_id: str | None
    """The handheld of the order's last scan (None before the first scan)."""
    last_scan_at: datetime | None
    """When the server received the order's last scan."""


@dataclass(frozen=True, slots=True)
class Marks:
    """What changes whenever something the dashboard shows changes in the store: the
    counts per status and the newest event, scan and typed quantity.  Two equal marks mean
    nothing shown has changed in between."""

    counts: tuple[tuple[str, int], ...]
    last_event_id: int
    last_scan_id: int
    last_entry_id: int


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Everything the dashboard reads from the store, in one consistent read."""

    marks: Marks
    counts: dict[str, int]
    """Every status with its number of orders (0 when none)."""
    done_today: int
    waiting_total: int
    waiting: list[WaitingOrder]
    picking: list[PickingNow]


@dataclass(frozen=True, slots=True)
class Alert:
    """An order that entered ``attention`` or ``problem`` (one status change)."""

    event_id: int
    order_id: int
    number: str
    status: OrderStatus
    reason: str | None
    at: datetime


def read_marks(conn: Connection) -> Marks:
    """The current :class:`Marks`: one ``GROUP BY`` on the status index and three
    primary-key maxima."""
    newest = conn.execute(
        sa.select(
            sa.select(sa.func.max(order_events.c.id)).scalar_subquery(),
            sa.select(sa.func.max(scans.c.id)).scalar_subquery(),
            sa.select(sa.func.max(manual_entries.c.id)).scalar_subquery(),
        )
    ).one()
    counts = count_by_status(conn)
    return Marks(
        counts=tuple(sorted(counts.items())),
        last_event_id=int(newest[0] or 0),
        last_scan_id=int(newest[1] or 0),
        last_entry_id=int(newest[2] or 0),
    )


def done_since(conn: Connection, since: datetime) -> int:
    """Orders that reached ``done`` at or after ``since``: their moves to ``done`` in the
    timeline (``done`` is final, so each order moves there once), read through the
    ``(to_status, at)`` index."""
    query = sa.select(sa.func.count()).where(
        order_events.c.to_status == OrderStatus.DONE.value, order_events.c.at >= since
    )
    return int(conn.execute(query).scalar_one())


def waiting_orders(conn: Connection, *, limit: int = WAITING_LIMIT) -> list[WaitingOrder]:
    """The orders waiting for a person, the most recent arrivals first, with the step that
    keeps each ``attention`` order there."""
    rows = conn.execute(
        sa.select(
            orders.c.id, orders.c.number, orders.c.customer_name, orders.c.status,
            orders.c.status_reason, orders.c.status_changed_at,
        )
        .where(orders.c.status.in_([s.value for s in WAITING_FOR_PERSON]))
        .order_by(orders.c.status_changed_at.desc(), orders.c.id.desc())
        .limit(limit)
    ).all()  # fmt: skip
    stuck = stuck_steps(conn, [row.id for row in rows if row.status == OrderStatus.ATTENTION])
    return [
        WaitingOrder(
            id=row.id,
            number=row.number,
            customer_name=row.customer_name,
            status=OrderStatus(row.status),
            status_reason=row.status_reason,
            status_changed_at=row.status_changed_at,
            stuck_step=stuck.get(row.id),
        )
        for row in rows
    ]


def stuck_steps(conn: Connection, order_ids: Sequence[int]) -> dict[int, StuckStep]:
    """For each order, the step of its current packing that the office's retry or skip
    would act on: the first failed one, else the first not configured one (as
    :func:`kolektor.store.jobs.retry_failed` chooses).

    The orders' jobs are read through their ``(order_id, generation, step)`` key (six a
    packing) and judged here: an index on the job status would walk every step that ever
    had nothing to do it."""
    if not order_ids:
        return {}
    rows = conn.execute(
        sa.select(jobs.c.order_id, jobs.c.step, jobs.c.status, jobs.c.attempts,
                  jobs.c.last_error, jobs.c.result)
        .join(orders, orders.c.id == jobs.c.order_id)
        .where(jobs.c.order_id.in_(list(order_ids)), jobs.c.generation == orders.c.generation)
    ).all()  # fmt: skip

    def rank(row: Any) -> tuple[int, int]:
        return STUCK_JOB_STATUSES.index(row.status), STEP_ORDER.get(row.step, 99)

    found: dict[int, StuckStep] = {}
    for row in sorted((row for row in rows if row.status in STUCK_JOB_STATUSES), key=rank):
        if row.order_id in found:
            continue
        error = row.last_error
        if error is None and isinstance(row.result, dict):
            reason = row.result.get("reason")
            error = reason if isinstance(reason, str) else None
        found[row.order_id] = StuckStep(row.step, row.status, row.attempts, error)
    return found


def picking_now(conn: Connection) -> list[PickingNow]:
    """Who holds which order right now (:func:`kolektor.store.picking.picking_overview`),
    with each order's status, line count and last scan (device and time)."""
    overview = picking_overview(conn)
    if not overview:
        return []
    order_ids = [entry.order_id for entry in overview]
    details = {
        row.id: (row.status, row.lines)
        for row in conn.execute(
            sa.select(
                orders.c.id,
                orders.c.status,
                sa.select(sa.func.count())
                .where(order_lines.c.order_id == orders.c.id)
                .scalar_subquery()
                .label("lines"),
            ).where(orders.c.id.in_(order_ids))
        )
    }
    newest = (
        sa.select(sa.func.max(scans.c.id))
        .where(scans.c.order_id.in_(order_ids))
        .group_by(scans.c.order_id)
    )
    last_scans = {
        row.order_id: (row.device_id, row.received_at)
        for row in conn.execute(
            sa.select(scans.c.order_id, scans.c.device_id, scans.c.received_at).where(
                scans.c.id.in_(newest)
            )
        )
    }
    found = []
    for entry in overview:
        status, lines = details.get(entry.order_id, (OrderStatus.PICKING.value, 0))
        device_id, last_scan_at = last_scans.get(entry.order_id, (None, None))
        found.append(
            PickingNow(
                operator_id=entry.operator_id,
                login=entry.login,
                name=entry.name,
                order_id=entry.order_id,
                number=entry.number,
                status=OrderStatus(status),
                lines=int(lines),
                picked=entry.picked,
                ordered=entry.ordered,
                device_id=device_id,
                last_scan_at=last_scan_at,
            )
        )
    return found


def read_dashboard(
    conn: Connection, *, today_since: datetime, limit: int = WAITING_LIMIT
) -> DashboardData:
    """Everything the dashboard shows from the store; ``today_since`` is the start of the
    day "done today" counts from."""
    marks = read_marks(conn)
    counts = dict(marks.counts)
    return DashboardData(
        marks=marks,
        counts={status.value: counts.get(status.value, 0) for status in OrderStatus},
        done_today=done_since(conn, today_since),
        waiting_total=sum(counts.get(s.value, 0) for s in WAITING_FOR_PERSON),
        waiting=waiting_orders(conn, limit=limit),
        picking=picking_now(conn),
    )


def alerts_between(
    conn: Connection, after_event_id: int, upto_event_id: int, *, limit: int = ALERT_LIMIT
) -> list[Alert]:
    """The orders that entered ``attention`` or ``problem`` in the events after
    ``after_event_id`` up to ``upto_event_id`` (inclusive), oldest first, at most ``limit``.

    The events of the range are read by their primary key and judged here: the range is
    what happened since the previous reading (a few seconds), while an index on the target
    status would walk every order that ever waited for a person."""
    if upto_event_id <= after_event_id:
        return []
    waiting = {status.value for status in WAITING_FOR_PERSON}
    rows = conn.execute(
        sa.select(order_events.c.id, order_events.c.order_id, order_events.c.from_status,
                  order_events.c.to_status, order_events.c.reason, order_events.c.at)
        .where(order_events.c.id > after_event_id, order_events.c.id <= upto_event_id)
        .order_by(order_events.c.id)
    )  # fmt: skip
    entered = []
    for row in rows:
        if row.to_status in waiting and row.from_status != row.to_status:
            entered.append(row)
            if len(entered) == limit:
                break
    rows.close()
    order_ids = {row.order_id for row in entered}
    numbers = {
        row.id: row.number
        for row in conn.execute(
            sa.select(orders.c.id, orders.c.number).where(orders.c.id.in_(order_ids))
        )
    }
    return [
        Alert(
            event_id=row.id,
            order_id=row.order_id,
            number=numbers.get(row.order_id, ""),
            status=OrderStatus(row.to_status),
            reason=row.reason,
            at=row.at,
        )
        for row in entered
    ]
