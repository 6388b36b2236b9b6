"""The finalization jobs in the store: one row per order and step, leased by workers.

Packing writes one ``pending`` job per step (:func:`kolektor.store.picking.pack_order`).
A worker takes a due job with :func:`lease` — an ``UPDATE`` that only succeeds while
nobody else holds an unexpired lease, so several workers (or several Kolektor instances on
one PostgreSQL) never run the same job at once, and a worker that died simply lets its
lease expire.  Steps of one order run in order: a job is due only when every earlier step
of its order is ``done`` or ``skipped``.

Statuses: ``pending`` (waiting, possibly for ``next_run_at`` after a failure),
``running`` (leased), ``done``, ``skipped`` (switched off by the rules or by the office),
``failed`` (out of retries or not retryable; the order is in ``attention``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kolektor.store.lifecycle import FINALIZATION_STEPS, OrderStatus
from kolektor.store.tables import jobs, orders, utcnow

STEP_ORDER: dict[str, int] = {step.value: index for index, step in enumerate(FINALIZATION_STEPS)}
FINISHED = ("done", "skipped")


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
    )


def jobs_of(conn: Connection, order_id: int) -> list[Job]:
    """An order's jobs in step order."""
    rows = conn.execute(sa.select(jobs).where(jobs.c.order_id == order_id)).all()
    return sorted((_job(row) for row in rows), key=lambda job: STEP_ORDER.get(job.step, 99))


def due_candidates(
    conn: Connection, *, now: datetime, steps: Sequence[str] | None = None, limit: int = 50
) -> list[Job]:
    """Pending jobs whose time has come and whose earlier steps are finished."""
    earlier = sa.alias(jobs, "earlier")
    blocked = (
        sa.select(sa.literal(1))
        .select_from(earlier)
        .where(
            earlier.c.order_id == jobs.c.order_id,
            earlier.c.status.not_in(FINISHED),
            _step_rank(earlier.c.step) < _step_rank(jobs.c.step),
        )
        .exists()
    )
    query = (
        sa.select(jobs)
        .where(_leasable(now), ~blocked)
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


def lease(conn: Connection, job_id: int, *, worker: str, now: datetime, seconds: float) -> bool:
    """Take a due job (or one whose worker's lease expired) for ``seconds``; False when
    someone else got it first."""
    result = conn.execute(
        jobs.update()
        .where(jobs.c.id == job_id, _leasable(now))
        .values(
            status="running",
            locked_by=worker,
            locked_until=now + timedelta(seconds=seconds),
            attempts=jobs.c.attempts + 1,
            updated_at=now,
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
    """Mark a leased job ``done`` (or ``skipped``); False when the lease was lost."""
    outcome = conn.execute(
        jobs.update()
        .where(jobs.c.id == job_id, jobs.c.status == "running", jobs.c.locked_by == worker)
        .values(
            status=status,
            result=dict(result) if result is not None else None,
            locked_by=None,
            locked_until=None,
            last_error=None,
            updated_at=utcnow(),
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
    """Record a failure: back to ``pending`` until ``retry_at``, or ``failed`` when None."""
    values: dict[str, Any] = {
        "status": "pending" if retry_at is not None else "failed",
        "last_error": error,
        "locked_by": None,
        "locked_until": None,
        "updated_at": utcnow(),
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
    """Switch steps off for an order (the rules said so)."""
    if not steps:
        return
    conn.execute(
        jobs.update()
        .where(jobs.c.order_id == order_id, jobs.c.step.in_(list(steps)),
               jobs.c.status == "pending")
        .values(status="skipped", result={"reason": reason}, updated_at=utcnow())
    )  # fmt: skip


def set_result(conn: Connection, job_id: int, result: Mapping[str, Any]) -> None:
    conn.execute(jobs.update().where(jobs.c.id == job_id).values(result=dict(result)))


def retry_failed(conn: Connection, order_id: int) -> Job | None:
    """The office's "retry": the order's failed job becomes pending again, now."""
    failed = [job for job in jobs_of(conn, order_id) if job.status == "failed"]
    if not failed:
        return None
    now = utcnow()
    conn.execute(
        jobs.update()
        .where(jobs.c.id == failed[0].id)
        .values(status="pending", attempts=0, next_run_at=now, last_error=None, updated_at=now)
    )
    return failed[0]


def skip_failed(conn: Connection, order_id: int, *, reason: str) -> Job | None:
    """The office's "skip": the order's failed job is skipped; the next step may run."""
    failed = [job for job in jobs_of(conn, order_id) if job.status == "failed"]
    if not failed:
        return None
    conn.execute(
        jobs.update()
        .where(jobs.c.id == failed[0].id)
        .values(status="skipped", result={"reason": reason}, updated_at=utcnow())
    )
    return failed[0]


def next_open_step(conn: Connection, order_id: int) -> str | None:
    """The first step of the order not yet done or skipped, or None when all are."""
    for job in jobs_of(conn, order_id):
        if job.status not in FINISHED:
            return job.step
    return None


def order_status(conn: Connection, order_id: int) -> OrderStatus:
    return OrderStatus(
        conn.execute(sa.select(orders.c.status).where(orders.c.id == order_id)).scalar_one()
    )
