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
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from kolektor.store import jobs as job_store
from kolektor.store.lifecycle import FINALIZATION_STEPS, OrderStatus
from kolektor.store.orders import OrderNotFoundError, OrderStateError, _add_event, change_status
from kolektor.store.tables import (
    jobs,
    operators,
    order_events,
    order_lines,
    orders,
    packages,
    pick_states,
    scans,
    utcnow,
)

SUPERVISOR_ROLES = frozenset({"supervisor", "admin"})
QUEUE_STATUSES = (OrderStatus.NEW, OrderStatus.PICKING, OrderStatus.PICKED)

# The scan's write path (:func:`claim_of`, :func:`record_pick`), built once: hundreds of
# scans a second each run these, and building a statement costs SQLAlchemy several times
# what executing a built one does (the compiled form is cached either way).
_CLAIM_OF = (
    sa.select(orders.c.status, orders.c.claimed_by)
    .where(orders.c.id == sa.bindparam("order_id"))
    .with_for_update()
)
_STATE_VERSION = sa.select(pick_states.c.version).where(
    pick_states.c.order_id == sa.bindparam("order_id")
)
_EARLIER_SCAN = sa.select(
    scans.c.id, scans.c.order_id, scans.c.verdict, scans.c.line_id, scans.c.quantity
).where(
    scans.c.device_id == sa.bindparam("device_id"), scans.c.scan_uid == sa.bindparam("scan_uid")
)
_UPDATE_STATE = (
    pick_states.update()
    .where(
        pick_states.c.order_id == sa.bindparam("b_order_id"),
        pick_states.c.version == sa.bindparam("b_expected"),
    )
    .values(
        state=sa.bindparam("b_state"),
        updated_at=sa.bindparam("b_updated_at"),
        scans=pick_states.c.scans + sa.bindparam("b_counted"),
        version=sa.bindparam("b_version"),
    )
)
_UPDATE_PICKED = (
    order_lines.update()
    .where(
        order_lines.c.id == sa.bindparam("b_line_id"),
        order_lines.c.order_id == sa.bindparam("b_order_id"),
    )
    .values(picked_quantity=sa.bindparam("b_picked"))
)
_INSERT_SCAN = scans.insert()


class NotYoursError(OrderStateError):
    """The order is claimed by another operator."""


class ScanIdTaken(Exception):
    """The device already sent this scan id for another order; nothing was written.  The
    stored scan's verdict is the answer to the re-sent one."""

    def __init__(
        self, order_id: int, verdict: str, line_id: int | None, quantity: Decimal | None
    ) -> None:
        super().__init__(order_id, verdict)
        self.order_id = order_id
        self.verdict = verdict
        self.line_id = line_id
        self.quantity = quantity


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


@dataclass(frozen=True, slots=True)
class QueuePage:
    """A slice of the queue and how long the whole queue is."""

    entries: list[QueueEntry]
    total: int


def _queue_filter(operator_id: int) -> sa.ColumnElement[bool]:
    return sa.or_(
        orders.c.status == OrderStatus.NEW.value,
        sa.and_(
            orders.c.status.in_([OrderStatus.PICKING.value, OrderStatus.PICKED.value]),
            orders.c.claimed_by == operator_id,
        ),
    )


def queue(
    conn: Connection, operator_id: int, *, offset: int = 0, limit: int | None = None
) -> QueuePage:
    """Orders a picker can work on: unclaimed ``new`` ones and their own ``picking`` and
    ``picked`` ones, most urgent first (priority, then due date, then age) — ``limit``
    entries from ``offset`` (all when None), and the count of the whole queue."""
    total = conn.execute(
        sa.select(sa.func.count()).select_from(orders).where(_queue_filter(operator_id))
    ).scalar_one()
    if offset >= total:
        return QueuePage([], total)
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
        .where(_queue_filter(operator_id))
        .order_by(
            orders.c.priority.desc(),
            orders.c.due_at.is_(None),
            orders.c.due_at,
            orders.c.issued_at,
            orders.c.id,
        )
        .offset(offset)
        .limit(limit)
    )
    entries = [
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
    return QueuePage(entries, total)


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


class PickStateConflict(Exception):
    """The saved pick state is not at the version the caller's session was loaded at:
    another instance (or task) wrote it meanwhile.  Nothing of the write was kept."""

    def __init__(self, order_id: int, expected: int | None, found: int | None) -> None:
        super().__init__(
            f"The pick state of order {order_id} is at version {found}, not {expected}; "
            "nothing was written — reload it and judge again."
        )
        self.order_id = order_id
        self.expected = expected
        self.found = found


@dataclass(frozen=True, slots=True)
class PickState:
    """An order's saved pick state (``PickSession.to_bytes``) and its version."""

    state: bytes
    version: int


WORKING_STATUSES = (OrderStatus.PICKING, OrderStatus.PICKED)
"""The statuses in which an order is held by an operator."""


def _claim_state(conn: Connection, order_id: int) -> Any:
    """Status, holder and number of an order (:class:`OrderNotFoundError`).

    The order's row stays locked until the caller's transaction ends (PostgreSQL; SQLite
    writers are one at a time anyway): a claim, takeover or release on another instance
    waits, and then reads what this one committed."""
    row = conn.execute(
        sa.select(orders.c.status, orders.c.claimed_by, orders.c.number)
        .where(orders.c.id == order_id)
        .with_for_update()
    ).one_or_none()
    if row is None:
        raise OrderNotFoundError(order_id)
    return row


def _not_yours(row: Any, order_id: int, message: str) -> NotYoursError:
    return NotYoursError(
        message.format(number=row.number), order_id=order_id, status=row.status,
        to_status=row.status,
    )  # fmt: skip


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
    supervisor asks for a ``takeover``, which moves the claim, records it and bumps the
    order's ``version``.

    Safe between instances: the order's row is locked before it is read, so of two claims
    of one order at the same moment the second waits for the first and then gets
    :class:`NotYoursError` — not a status error.
    """
    row = _claim_state(conn, order_id)
    status = OrderStatus(row.status)
    if status in WORKING_STATUSES and row.claimed_by == operator_id:
        return
    now = utcnow()
    if status is OrderStatus.NEW:
        change_status(
            conn, order_id, OrderStatus.PICKING, reason=None, actor=actor,
            expected_from=[OrderStatus.NEW.value],
        )  # fmt: skip
        claim: dict[str, Any] = {}
    elif status in WORKING_STATUSES:
        if not (takeover and role in SUPERVISOR_ROLES):
            raise _not_yours(row, order_id, "Order {number} is being picked by someone else.")
        _add_event(
            conn,
            order_id,
            "taken_over",
            actor=actor,
            at=now,
            details={"from_operator_id": row.claimed_by, "to_operator_id": operator_id},
        )
        claim = {"version": orders.c.version + 1}
    else:
        raise OrderStateError(
            f"Order {row.number} is {status}; only new orders can be claimed.",
            order_id=order_id,
            status=status,
            to_status=OrderStatus.PICKING,
        )
    conn.execute(
        orders.update()
        .where(orders.c.id == order_id)
        .values(claimed_by=operator_id, claimed_at=now, updated_at=now, **claim)
    )


def release_order(conn: Connection, order_id: int, *, operator_id: int, actor: str) -> None:
    """Give an order back to the queue (``picking`` → ``new``); only its holder may.

    What was already picked stays counted in the pick state.  The holder is read with the
    row locked, so a takeover committed meanwhile on another instance is never undone by
    a release: the releaser gets :class:`NotYoursError`."""
    row = _claim_state(conn, order_id)
    if row.claimed_by != operator_id:
        raise _not_yours(row, order_id, "Order {number} is not yours to release.")
    change_status(
        conn,
        order_id,
        OrderStatus.NEW,
        reason=None,
        actor=actor,
        expected_from=[OrderStatus.PICKING.value],
    )


def claim_of(conn: Connection, order_id: int) -> tuple[str, int | None] | None:
    """(status, operator holding it) of an order, or None when it does not exist.

    On PostgreSQL the order's row stays locked until the caller's transaction ends, so a
    claim or takeover on another instance waits for a write that checked the holder (and
    that write sees a takeover committed before it)."""
    row = conn.execute(_CLAIM_OF, {"order_id": order_id}).one_or_none()
    return None if row is None else (row.status, row.claimed_by)


def claims_of(conn: Connection, order_ids: Sequence[int]) -> dict[int, tuple[str, int | None]]:
    """(status, operator holding it) of each of the orders that exist, by id."""
    found: dict[int, tuple[str, int | None]] = {}
    ids = list(order_ids)
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            sa.select(orders.c.id, orders.c.status, orders.c.claimed_by).where(
                orders.c.id.in_(ids[start : start + 500])
            )
        )
        found.update((row.id, (row.status, row.claimed_by)) for row in rows)
    return found


def load_pick_state(conn: Connection, order_id: int) -> PickState | None:
    """The order's saved pick state with its version; None when nothing was saved yet."""
    row = conn.execute(
        sa.select(pick_states.c.state, pick_states.c.version).where(
            pick_states.c.order_id == order_id
        )
    ).one_or_none()
    return None if row is None else PickState(bytes(row.state), int(row.version))


def pick_state_version(conn: Connection, order_id: int) -> int | None:
    """The version of the order's saved pick state; None when nothing was saved yet."""
    version = conn.execute(_STATE_VERSION, {"order_id": order_id}).scalar_one_or_none()
    return None if version is None else int(version)


def find_scan(conn: Connection, device_id: str, scan_uid: str) -> str | None:
    """The stored verdict kind of a scan already received, or None."""
    return conn.execute(
        sa.select(scans.c.verdict).where(
            scans.c.device_id == device_id, scans.c.scan_uid == scan_uid
        )
    ).scalar_one_or_none()


def _insert_first_state(conn: Connection, order_id: int, state: bytes, counted: int) -> bool:
    """Insert the order's first pick state unless one exists (a concurrent insert won, on
    any backend, without an integrity error that would spoil the transaction)."""
    values = {"order_id": order_id, "state": state, "updated_at": utcnow(), "scans": counted,
              "version": 1}  # fmt: skip
    if conn.dialect.name == "postgresql":
        statement: Any = postgresql.insert(pick_states).values(**values)
    else:
        statement = sqlite.insert(pick_states).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=["order_id"])
    inserted = conn.execute(statement.returning(pick_states.c.order_id)).first()
    return inserted is not None


def record_pick(
    conn: Connection,
    order_id: int,
    *,
    state: bytes,
    version: int | None,
    picked: Mapping[int, Decimal],
    scan: ScanRecord | None = None,
) -> int:
    """Store the pick engine's new ``state``, the lines' ``picked`` quantities and the
    ``scan`` that caused them, in the caller's transaction; returns the state's new version.

    Compare and set: ``version`` is the version of the saved state the caller's session was
    loaded at (None: none was saved yet).  When the saved state is at another version —
    another instance or task wrote it meanwhile — :class:`PickStateConflict` is raised
    before anything is written; the caller rolls back, reloads and judges again.

    A scan id the device sent before for this order (one the engine judges afresh: it was
    answered ``batch_required``, ``expiry_required``, ``serial_required`` or
    ``duplicate_serial``) replaces its stored row — ``(device_id, scan_uid)`` stays
    unique; one sent before for *another* order raises :class:`ScanIdTaken` before
    anything is written."""
    earlier = None
    if scan is not None:
        earlier = conn.execute(
            _EARLIER_SCAN, {"device_id": scan.device_id, "scan_uid": scan.scan_uid}
        ).first()
        if earlier is not None and earlier.order_id != order_id:
            raise ScanIdTaken(earlier.order_id, earlier.verdict, earlier.line_id, earlier.quantity)
    counted = 1 if scan is not None and earlier is None else 0
    if version is None:
        if not _insert_first_state(conn, order_id, state, counted):
            raise PickStateConflict(order_id, None, pick_state_version(conn, order_id))
        new_version = 1
    else:
        updated = conn.execute(
            _UPDATE_STATE,
            {"b_order_id": order_id, "b_expected": version, "b_state": state,
             "b_updated_at": utcnow(), "b_counted": counted, "b_version": version + 1},
        )  # fmt: skip
        if updated.rowcount != 1:
            raise PickStateConflict(order_id, version, pick_state_version(conn, order_id))
        new_version = version + 1
    now = utcnow()
    if picked:
        conn.execute(
            _UPDATE_PICKED,
            [{"b_line_id": line_id, "b_order_id": order_id, "b_picked": quantity}
             for line_id, quantity in picked.items()],
        )  # fmt: skip
    if scan is not None:
        row = {
            "line_id": scan.line_id,
            "operator_id": scan.operator_id,
            "raw": scan.raw,
            "interpretation": dict(scan.interpretation) if scan.interpretation else None,
            "verdict": scan.verdict,
            "quantity": scan.quantity,
            "scanned_at": scan.scanned_at,
            "received_at": now,
        }
        if earlier is None:
            conn.execute(
                _INSERT_SCAN,
                {"order_id": order_id, "device_id": scan.device_id, "scan_uid": scan.scan_uid,
                 **row},
            )  # fmt: skip
        else:
            conn.execute(scans.update().where(scans.c.id == earlier.id).values(**row))
    return new_version


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
    request_id: str | None = None,
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
    # Packed before (then sent back through ``problem``)?  This packing is a new
    # generation: its own packages and jobs; the old unfinished jobs are superseded (a label
    # already bought is named in the new label job, to be cancelled by the courier step).
    generation = int(
        conn.execute(sa.select(orders.c.generation).where(orders.c.id == order_id)).scalar_one()
    )
    packed_before = conn.execute(
        sa.select(sa.func.count()).select_from(jobs)
        .where(jobs.c.order_id == order_id, jobs.c.generation == generation)
    ).scalar_one()  # fmt: skip
    if packed_before:
        generation += 1
        conn.execute(orders.update().where(orders.c.id == order_id).values(generation=generation))
        job_store.supersede(conn, order_id, below=generation)
    for number, parcel in enumerate(parcels, start=1):
        conn.execute(
            packages.insert().values(
                order_id=order_id,
                generation=generation,
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
        details={"packages": len(parcels), "generation": generation, "request_id": request_id},
    )
    # Labels made for an earlier packing are named in the new label job: the courier step
    # cancels those shipments (they may be on parcels that no longer exist).
    old_labels = [
        job.id for job in job_store.history_of(conn, order_id)
        if job.step == "label" and job.status == "done" and job.generation < generation
    ]  # fmt: skip
    for step in FINALIZATION_STEPS:
        reason = (skipped or {}).get(step.value)
        planned = dict((plan or {}).get(step.value) or {})
        if step is OrderStatus.LABEL and old_labels:
            planned["supersedes"] = old_labels
        conn.execute(
            jobs.insert().values(
                order_id=order_id,
                generation=generation,
                step=step.value,
                status="skipped" if reason is not None else "pending",
                result={"reason": reason} if reason is not None else planned or None,
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


@dataclass(frozen=True, slots=True)
class Packing:
    """The order's latest packing: how many parcels, and the ``pack`` request that made it
    (None: recorded without one)."""

    packages: int
    request_id: str | None


def packing_of(conn: Connection, order_id: int) -> Packing | None:
    """The latest packing of the order (its move to ``packed``), or None."""
    row = conn.execute(
        sa.select(order_events.c.details)
        .where(order_events.c.order_id == order_id,
               order_events.c.to_status == OrderStatus.PACKED.value)
        .order_by(order_events.c.id.desc())
        .limit(1)
    ).first()  # fmt: skip
    if row is None:
        return None
    details = row.details or {}
    request_id = details.get("request_id")
    return Packing(int(details.get("packages") or 0), request_id if request_id else None)


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
