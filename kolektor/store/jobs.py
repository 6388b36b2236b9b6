"""The finalization jobs in the store: one row per order, packing generation and step,
leased by workers.

Packing writes one job per step (:func:`kolektor.store.picking.pack_order`); an order
packed again after a problem gets a new *generation* of jobs and the old ones are
``superseded``.  A worker takes a due job with :func:`lease` — an ``UPDATE`` that only
succeeds while nobody else holds an unexpired lease, so several workers (or several Kolektor
instances on one PostgreSQL) never run the same job at once — and keeps it with
:func:`renew` while the step runs; a worker that died simply lets its lease expire.  All
lease times come from the database's clock (:func:`db_now`), never a worker's own.

Steps of one order run in order: a job is due only when every earlier step of its
generation is finished, and only while the order is being finalized (``packed`` or a
step) — an order parked in ``problem``, ``attention`` or ``held`` leases nothing.

Statuses: ``pending`` (waiting, possibly for ``next_run_at`` after a failure),
``running`` (leased), ``done``, ``skipped`` (switched off by the rules or by the office),
``not_configured`` (the step is wanted but nothing is set up to do it — no printer, no
courier…; later steps go on, but the order is not ``done``), ``failed`` (retrying cannot
help, or its deadline passed; the order is in ``attention``), ``superseded`` (an older
generation's job).  ``attempts`` counts real failures only — a lease taken by a worker that
then died does not count — and ``first_failed_at`` starts the retry deadline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.lifecycle import FINALIZATION_STEPS, OrderStatus
from kolektor.store.tables import jobs, orders, utcnow

STEP_ORDER: dict[str, int] = {step.value: index for index, step in enumerate(FINALIZATION_STEPS)}
FINISHED: Final = ("done", "skipped", "not_configured")
"""Statuses after which the next step of the order may run."""
COMPLETE: Final = ("done", "skipped")
"""Statuses that count towards the order being ``done``."""
FINALIZING: Final = frozenset({OrderStatus.PACKED.value, *(s.value for s in FINALIZATION_STEPS)})
"""Order statuses in which jobs are leased."""


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    order_id: int
    step: str
    status: str
    attempts: int
    next_run_at: datetime
    locked_by: str | None
    locked_until: datetime | None
    last_error: str | None
    result: dict[str, Any] | None
    generation: int = 1
    first_failed_at: datetime | None = None
    started_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    """The last change (a finished step: when it finished)."""


def _job(row: Any) -> Job:
    return Job(
        id=row.id,
        order_id=row.order_id,
        step=row.step,
        status=row.status,
        attempts=row.attempts,
        next_run_at=row.next_run_at,
        locked_by=row.locked_by,
        locked_until=row.locked_until,
        last_error=row.last_error,
        result=dict(row.result) if row.result is not None else None,
        generation=row.generation,
        first_failed_at=row.first_failed_at,
        started_at=row.started_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def db_now(conn: Connection) -> datetime:
    """The database's clock — the same for every worker on every machine (PostgreSQL's
    ``now()``; SQLite lives on one machine, whose clock it is)."""
    if conn.dialect.name == "postgresql":
        value: datetime = conn.execute(sa.text("SELECT now()")).scalar_one()
        return value
    return utcnow()


def _current_generation(conn: Connection, order_id: int) -> int:
    found = conn.execute(sa.select(orders.c.generation).where(orders.c.id == order_id)).first()
    return int(found.generation) if found is not None else 1


def jobs_of(conn: Connection, order_id: int) -> list[Job]:
    """The order's current jobs (its latest packing generation) in step order."""
    generation = _current_generation(conn, order_id)
    rows = conn.execute(
        sa.select(jobs).where(jobs.c.order_id == order_id, jobs.c.generation == generation)
    ).all()
    return sorted((_job(row) for row in rows), key=lambda job: STEP_ORDER.get(job.step, 99))


def history_of(conn: Connection, order_id: int) -> list[Job]:
    """Every job the order ever had, oldest generation first, each in step order."""
    rows = conn.execute(sa.select(jobs).where(jobs.c.order_id == order_id)).all()
    return sorted(
        (_job(row) for row in rows),
        key=lambda job: (job.generation, STEP_ORDER.get(job.step, 99)),
    )


def due_candidates(
    conn: Connection, *, steps: Sequence[str] | None = None, limit: int = 50
) -> list[Job]:
    """Jobs that may be leased now: of the order's current generation, while the order is
    being finalized, pending and due (or running under an expired lease), with every
    earlier step finished."""
    now = db_now(conn)
    earlier = sa.alias(jobs, "earlier")
    blocked = (
        sa.select(sa.literal(1))
        .select_from(earlier)
        .where(
            earlier.c.order_id == jobs.c.order_id,
            earlier.c.generation == jobs.c.generation,
            earlier.c.status.not_in(FINISHED),
            _step_rank(earlier.c.step) < _step_rank(jobs.c.step),
        )
        .exists()
    )
    query = (
        sa.select(jobs)
        .join(orders, orders.c.id == jobs.c.order_id)
        .where(
            _leasable(now),
            ~blocked,
            jobs.c.generation == orders.c.generation,
            orders.c.status.in_(sorted(FINALIZING)),
        )
        .order_by(jobs.c.next_run_at, jobs.c.id)
        .limit(limit)
    )
    if steps is not None:
        query = query.where(jobs.c.step.in_(list(steps)))
    return [_job(row) for row in conn.execute(query)]


def _leasable(now: datetime) -> Any:
    """Pending and due, or running under a lease that expired (its worker died)."""
    return sa.or_(
        sa.and_(
            jobs.c.status == "pending",
            jobs.c.next_run_at <= now,
            sa.or_(jobs.c.locked_until.is_(None), jobs.c.locked_until < now),
        ),
        sa.and_(jobs.c.status == "running", jobs.c.locked_until < now),
    )


def _step_rank(column: Any) -> Any:
    return sa.case(STEP_ORDER, value=column, else_=99)


def lease(conn: Connection, job_id: int, *, worker: str, seconds: float) -> bool:
    """Take a due job (or one whose worker's lease expired) for ``seconds`` of the
    database's clock; False when someone else got it first.  Not an attempt: only a real
    failure (:func:`fail`) counts."""
    now = db_now(conn)
    result = conn.execute(
        jobs.update()
        .where(jobs.c.id == job_id, _leasable(now))
        .values(
            status="running",
            locked_by=worker,
            locked_until=now + timedelta(seconds=seconds),
            started_at=now,
            updated_at=now,
        )
    )
    return result.rowcount == 1


def renew(conn: Connection, job_id: int, *, worker: str, seconds: float) -> bool:
    """Extend a running job's lease (the worker's heartbeat); False when it lost it."""
    now = db_now(conn)
    result = conn.execute(
        jobs.update()
        .where(jobs.c.id == job_id, jobs.c.status == "running", jobs.c.locked_by == worker)
        .values(locked_until=now + timedelta(seconds=seconds), updated_at=now)
    )
    return result.rowcount == 1


def give_back(conn: Connection, job_id: int, *, worker: str) -> bool:
    """Return a leased job untouched (the worker is stopping, or the order was parked
    meanwhile): pending again, due now, no attempt counted."""
    now = db_now(conn)
    result = conn.execute(
        jobs.update()
        .where(jobs.c.id == job_id, jobs.c.status == "running", jobs.c.locked_by == worker)
        .values(
            status="pending", locked_by=None, locked_until=None, next_run_at=now, updated_at=now
        )
    )
    return result.rowcount == 1


def finish(
    conn: Connection,
    job_id: int,
    *,
    worker: str,
    status: str = "done",
    result: Mapping[str, Any] | None = None,
) -> bool:
    """Mark a leased job ``done`` (or ``skipped``, ``not_configured``); False when the
    lease was lost."""
    outcome = conn.execute(
        jobs.update()
        .where(jobs.c.id == job_id, jobs.c.status == "running", jobs.c.locked_by == worker)
        .values(
            status=status,
            result=dict(result) if result is not None else None,
            locked_by=None,
            locked_until=None,
            last_error=None,
            updated_at=db_now(conn),
        )
    )
    return outcome.rowcount == 1


def fail(
    conn: Connection,
    job_id: int,
    *,
    worker: str,
    error: str,
    retry_at: datetime | None,
    result: Mapping[str, Any] | None = None,
) -> bool:
    """Record a real failure (one more attempt; the first one starts the retry deadline):
    back to ``pending`` until ``retry_at``, or ``failed`` when None."""
    now = db_now(conn)
    values: dict[str, Any] = {
        "status": "pending" if retry_at is not None else "failed",
        "last_error": error,
        "locked_by": None,
        "locked_until": None,
        "attempts": jobs.c.attempts + 1,
        "first_failed_at": sa.func.coalesce(jobs.c.first_failed_at, now),
        "updated_at": now,
    }
    if retry_at is not None:
        values["next_run_at"] = retry_at
    if result is not None:
        values["result"] = dict(result)
    outcome = conn.execute(
        jobs.update()
        .where(jobs.c.id == job_id, jobs.c.status == "running", jobs.c.locked_by == worker)
        .values(**values)
    )
    return outcome.rowcount == 1


def skip_steps(conn: Connection, order_id: int, steps: Sequence[str], *, reason: str) -> None:
    """Switch steps off for an order's current generation (the rules said so)."""
    if not steps:
        return
    generation = _current_generation(conn, order_id)
    conn.execute(
        jobs.update()
        .where(jobs.c.order_id == order_id, jobs.c.generation == generation,
               jobs.c.step.in_(list(steps)), jobs.c.status == "pending")
        .values(status="skipped", result={"reason": reason}, updated_at=utcnow())
    )  # fmt: skip


def set_result(conn: Connection, job_id: int, result: Mapping[str, Any]) -> None:
    conn.execute(jobs.update().where(jobs.c.id == job_id).values(result=dict(result)))


def _stuck(conn: Connection, order_id: int) -> list[Job]:
    """The jobs that keep the order in ``attention``: failed ones first (the reason it is
    there), then those not configured."""
    current = jobs_of(conn, order_id)
    return [job for job in current if job.status == "failed"] + [
        job for job in current if job.status == "not_configured"
    ]


def retry_failed(conn: Connection, order_id: int) -> Job | None:
    """The office's "retry": the order's failed step (else its first not configured one)
    is pending again, now, with its attempts and deadline started afresh."""
    stuck = _stuck(conn, order_id)
    if not stuck:
        return None
    now = utcnow()
    conn.execute(
        jobs.update()
        .where(jobs.c.id == stuck[0].id)
        .values(
            status="pending",
            attempts=0,
            next_run_at=now,
            last_error=None,
            first_failed_at=None,
            updated_at=now,
        )
    )
    return stuck[0]


def skip_failed(conn: Connection, order_id: int, *, reason: str) -> Job | None:
    """The office's "skip": the order's failed step (else its first not configured one) is
    skipped; the next one may run."""
    stuck = _stuck(conn, order_id)
    if not stuck:
        return None
    conn.execute(
        jobs.update()
        .where(jobs.c.id == stuck[0].id)
        .values(
            status="skipped",
            result={**(stuck[0].result or {}), "reason": reason},
            updated_at=utcnow(),
        )
    )
    return stuck[0]


def supersede(conn: Connection, order_id: int, *, below: int) -> list[Job]:
    """Mark every unfinished job of the order's generations before ``below`` superseded
    (the order was packed again); returns the superseded jobs."""
    rows = conn.execute(
        sa.select(jobs).where(
            jobs.c.order_id == order_id,
            jobs.c.generation < below,
            jobs.c.status.not_in(("done", "skipped", "superseded")),
        )
    ).all()
    if rows:
        conn.execute(
            jobs.update()
            .where(jobs.c.id.in_([row.id for row in rows]))
            .values(status="superseded", locked_by=None, locked_until=None, updated_at=utcnow())
        )
    return [_job(row) for row in rows]


def next_open_step(conn: Connection, order_id: int) -> str | None:
    """The first step of the order's current jobs not yet finished, or None when all are."""
    for job in jobs_of(conn, order_id):
        if job.status not in FINISHED:
            return job.step
    return None


def steps_of(conn: Connection, order_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """For each order packed at least once, its current generation's steps in order with
    their statuses (``{"label": "not_configured", "realize": "done", …}``): what happened,
    what will and what will not.  Orders never packed are absent."""
    found: dict[int, dict[str, str]] = {}
    for start in range(0, len(order_ids), 500):
        chunk = list(order_ids[start : start + 500])
        rows = conn.execute(
            sa.select(jobs.c.order_id, jobs.c.step, jobs.c.status)
            .join(orders, orders.c.id == jobs.c.order_id)
            .where(jobs.c.order_id.in_(chunk), jobs.c.generation == orders.c.generation)
            .order_by(jobs.c.order_id, _step_rank(jobs.c.step))
        ).all()
        for row in rows:
            found.setdefault(row.order_id, {})[row.step] = row.status
    return found


def not_configured_steps(conn: Connection, order_id: int) -> list[Job]:
    """The current jobs that wanted doing but had nothing set up to do them."""
    return [job for job in jobs_of(conn, order_id) if job.status == "not_configured"]


def order_status(conn: Connection, order_id: int) -> OrderStatus:
    """The order's status; :class:`~kolektor.store.orders.OrderNotFoundError` when there
    is no such order."""
    from kolektor.store.orders import OrderNotFoundError

    status = conn.execute(sa.select(orders.c.status).where(orders.c.id == order_id)).scalar()
    if status is None:
        raise OrderNotFoundError(order_id)
    return OrderStatus(status)
