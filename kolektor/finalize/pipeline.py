"""The finalization pipeline: Trio workers running the jobs that packing queued.

One dispatcher loop finds due jobs (``kolektor.store.jobs.due_candidates``), leases them in
the store and runs each in its own task under the step's capacity limiter (realization one
at a time — Sfera has one COM thread; printing, e-mail and Allegro a few at a time).  A
step handler (:mod:`kolektor.finalize.steps`) must be idempotent: it checks whether its
effect already exists before acting, because a crash can come between the effect and the
``done`` mark.  Failures are retried with exponential back-off and jitter; a step that
keeps failing, or fails in a way retrying cannot fix, puts the order in ``attention`` with
the error in plain words.  Every change is in the order's timeline, by ``worker:<name>``.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import trio

from kolektor.failpoints import failpoint
from kolektor.i18n import Language, t
from kolektor.logs import log_context, log_event
from kolektor.retry import backoff_delay
from kolektor.store import audit
from kolektor.store import jobs as job_store
from kolektor.store import orders as order_store
from kolektor.store.engine import Store, StoreError
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.order_actions import audit_target
from kolektor.store.tables import jobs, orders

logger = logging.getLogger("kolektor.pipeline")

DEFAULT_LIMITS: Mapping[str, int] = {
    "label": 2,
    "realize": 1,
    "document": 2,
    "print": 2,
    "email": 4,
    "allegro": 2,
}


class StepFailed(Exception):
    """A step could not do its work. ``retryable`` False sends the order to ``attention``
    at once (retrying cannot help: the ZK changed, stock is missing…)."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = True,
        details: Mapping[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.details = dict(details or {})
        self.retry_after = retry_after
        """Seconds the outside service asked to wait (``Retry-After``): the next attempt is
        not sooner, whatever the back-off says."""


class StepNotConfigured(Exception):
    """The step is wanted but nothing is set up to do it (no printer, no courier…): the job
    is ``not_configured`` with ``reason``, later steps go on, the order is not ``done``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class StepCall:
    """What a step handler gets: the job, the order, the results of earlier steps."""

    job: job_store.Job
    order: order_store.OrderRecord
    results: Mapping[str, Mapping[str, Any]]


StepHandler = Callable[[StepCall], Awaitable[Mapping[str, Any]]]


@dataclass
class PipelineStatus:
    running: bool = False
    completed: int = 0
    failed: int = 0
    last_error: str | None = None
    active: set[int] = field(default_factory=set)
    """Orders with a step running here."""
    leases: dict[int, int] = field(default_factory=dict)
    """Job id → order id of the leases this worker holds (renewed by the heartbeat)."""


@dataclass(frozen=True, slots=True)
class Leftover:
    """What ``run_until_idle`` left: jobs waiting for a later retry, and jobs another (live
    or dead) worker holds."""

    waiting: int = 0
    leased_elsewhere: int = 0
    due: int = 0

    @property
    def nothing(self) -> bool:
        return not (self.waiting or self.leased_elsewhere or self.due)


class Pipeline:
    """Runs finalization jobs until cancelled."""

    def __init__(
        self,
        store: Store,
        handlers: Mapping[str, StepHandler],
        *,
        worker: str | None = None,
        limits: Mapping[str, int] = DEFAULT_LIMITS,
        retry_for: float = 2 * 3600.0,
        alert_after: float = 15 * 60.0,
        step_seconds: float = 300.0,
        lease_seconds: float = 60.0,
        poll_interval: float = 1.0,
        backoff_base: float = 5.0,
        backoff_cap: float = 600.0,
        language: Language = "pl",
    ) -> None:
        self.store = store
        self.handlers = dict(handlers)
        self.worker = worker or f"{socket.gethostname()}:{id(self):x}"
        self.limiters = {step: trio.CapacityLimiter(limits.get(step, 1)) for step in handlers}
        self.retry_for = retry_for
        """Seconds a retryable failure is retried, counted from the step's first failure."""
        self.alert_after = alert_after
        self.step_seconds = step_seconds
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.language: Language = language
        self.status = PipelineStatus()
        self._wake = trio.Event()

    @property
    def actor(self) -> str:
        return f"worker:{self.worker}"

    def wake(self) -> None:
        """Look for work now (an order was packed, retried, or a step just finished)."""
        self._wake.set()

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        self.status.running = True
        task_status.started()
        try:
            async with trio.open_nursery() as nursery:
                nursery.start_soon(self._heartbeat)
                while True:
                    try:
                        await self._dispatch(nursery)
                    except StoreError as error:
                        self.status.last_error = str(error)
                        log_event(logger, "pipeline.store_error", logging.WARNING, error=str(error))
                    with trio.move_on_after(self.poll_interval):
                        await self._wake.wait()
                    self._wake = trio.Event()
        finally:
            self.status.running = False

    async def run_until_idle(self, *, wait_for_leases: float | None = None) -> Leftover:
        """Run jobs until none is due or running here (``kolektor work --once`` and tests;
        wrap it in ``trio.fail_after`` to bound it).  Jobs leased by a worker that died are
        waited for up to ``wait_for_leases`` seconds (default: one lease) and then taken
        over; returns what is still left."""
        patience = self.lease_seconds + 1 if wait_for_leases is None else wait_for_leases
        deadline = trio.current_time() + patience
        async with trio.open_nursery() as nursery:
            nursery.start_soon(self._heartbeat)
            while True:
                started = await self._dispatch(nursery)
                if not started and not self.status.active:
                    left = await self.store.read(_leftover, list(self.handlers))
                    if left.due:
                        continue
                    if left.nothing or not left.leased_elsewhere:
                        nursery.cancel_scope.cancel()
                        return left
                    if trio.current_time() >= deadline:
                        nursery.cancel_scope.cancel()
                        return left
                with trio.move_on_after(min(self.poll_interval, 0.05)):
                    await self._wake.wait()
                self._wake = trio.Event()

    async def _heartbeat(self) -> None:
        """Renew this worker's leases while their steps run (a third of a lease apart), so a
        long step is never taken over while alive, and a dead worker's soon is."""
        while True:
            await trio.sleep(self.lease_seconds / 3)
            if not self.status.leases:
                continue
            try:
                lost = await self.store.run(
                    _renew_all, list(self.status.leases), self.worker, self.lease_seconds
                )
            except StoreError as error:
                log_event(logger, "pipeline.heartbeat_failed", logging.WARNING, error=str(error))
                continue
            for job_id in lost:
                log_event(logger, "pipeline.lease_lost", logging.WARNING, job=job_id)

    async def _dispatch(self, nursery: trio.Nursery) -> int:
        candidates = await self.store.read(
            job_store.due_candidates, steps=list(self.handlers), limit=50
        )
        started = 0
        for job in candidates:
            if job.order_id in self.status.active:
                continue
            limiter = self.limiters[job.step]
            if limiter.available_tokens < 1:
                continue
            leased = await self.store.run(
                job_store.lease, job.id, worker=self.worker, seconds=self.lease_seconds
            )
            if not leased:
                continue
            self.status.active.add(job.order_id)
            self.status.leases[job.id] = job.order_id
            await limiter.acquire_on_behalf_of(job.id)
            nursery.start_soon(self._execute, job, limiter)
            started += 1
        return started

    async def _execute(self, job: job_store.Job, limiter: trio.CapacityLimiter) -> None:
        try:
            order = await self.store.read(order_store.get_order, job.order_id)
            if order is None:
                return
            with log_context(order=order.number):
                await self._run_step(job, order)
        except Exception as error:
            # The store went away mid-step (or a bug): the job keeps its lease, which
            # expires, and the step — idempotent — runs again; the dispatcher goes on.
            self.status.last_error = f"{type(error).__name__}: {error}"
            fields = {"step": job.step, "job": job.id}
            logger.error("pipeline.execute_failed", exc_info=error,
                         extra={"kolektor_fields": fields})  # fmt: skip
        finally:
            limiter.release_on_behalf_of(job.id)
            self.status.active.discard(job.order_id)
            self.status.leases.pop(job.id, None)
            self.wake()  # the order's next step may be due now

    async def _run_step(self, job: job_store.Job, order: order_store.OrderRecord) -> None:
        step = OrderStatus(job.step)
        if order.status != step:
            try:
                await self.store.run(
                    order_store.change_status, order.id, step, reason=None, actor=self.actor,
                    expected_from=[order.status.value],
                )  # fmt: skip
            except order_store.OrderStateError:
                # Parked meanwhile (problem, held…): give the job back; it is no attempt.
                await self.store.run(job_store.give_back, job.id, worker=self.worker)
                return
        results = {
            other.step: other.result or {}
            for other in await self.store.read(job_store.jobs_of, order.id)
            if other.status in job_store.COMPLETE
        }
        failpoint(f"{job.step}.before")
        try:
            with trio.fail_after(self.step_seconds):
                result = await self.handlers[job.step](StepCall(job, order, results))
        except StepNotConfigured as missing:
            await self.store.run(self._not_configured, job, order.id, missing.reason)
            log_event(logger, "pipeline.step_not_configured", logging.WARNING, step=job.step,
                      reason=missing.reason)  # fmt: skip
            return
        except StepFailed as error:
            await self._failed(job, order, error)
            return
        except trio.TooSlowError:
            message = t("pipeline.too_slow", self.language, seconds=round(self.step_seconds))
            await self._failed(job, order, StepFailed(message))
            return
        except Exception as error:  # a bug or an unexpected library error: retry, loudly
            logger.exception("pipeline.step_crashed", extra={"kolektor_fields": {"step": job.step}})
            crashed = f"{type(error).__name__}: {str(error)[:300]}"
            message = t("pipeline.step_crashed", self.language, error=crashed)
            await self._failed(job, order, StepFailed(message))
            return
        failpoint(f"{job.step}.after_effect")
        await self.store.run(self._complete, job, order.id, dict(result))
        self.status.completed += 1
        log_event(logger, "pipeline.step_done", step=job.step, **_loggable(result))
        failpoint(f"{job.step}.after_done")

    def _complete(
        self, conn: Any, job: job_store.Job, order_id: int, result: dict[str, Any]
    ) -> None:
        if not job_store.finish(conn, job.id, worker=self.worker, result=result):
            return  # lease lost: another worker owns the job now
        order_store.record_event(
            conn, order_id, "step_done", actor=self.actor, details={"step": job.step, **result}
        )
        settle(conn, order_id, actor=self.actor, language=self.language)

    def _not_configured(self, conn: Any, job: job_store.Job, order_id: int, reason: str) -> None:
        result = {**(job.result or {}), "reason": reason}
        if not job_store.finish(
            conn, job.id, worker=self.worker, status="not_configured", result=result
        ):
            return
        order_store.record_event(
            conn, order_id, "step_not_configured", actor=self.actor,
            details={"step": job.step, "reason": reason},
        )  # fmt: skip
        settle(conn, order_id, actor=self.actor, language=self.language)

    async def _failed(
        self, job: job_store.Job, order: order_store.OrderRecord, error: StepFailed
    ) -> None:
        self.status.failed += 1
        self.status.last_error = error.message
        final, attempts = await self.store.run(self._record_failure, job, order.id, error)
        log_event(
            logger, "pipeline.step_failed", logging.WARNING, step=job.step, error=error.message,
            attempt=attempts, final=final,
        )  # fmt: skip

    def _record_failure(
        self, conn: Any, job: job_store.Job, order_id: int, error: StepFailed
    ) -> tuple[bool, int]:
        """Count the failure; retry with back-off until the step's deadline (first failure +
        ``retry_for``), flag the order for the office once it has failed ``alert_after``,
        and put it in ``attention`` when retrying cannot help or the deadline passed."""
        now = job_store.db_now(conn)
        first = job.first_failed_at or now
        attempts = job.attempts + 1
        deadline = first + timedelta(seconds=self.retry_for)
        final = not error.retryable or now >= deadline
        retry_at = None
        message = error.message
        if not final:
            delay = backoff_delay(attempts, base=self.backoff_base, cap=self.backoff_cap)
            if error.retry_after is not None:
                delay = max(delay, error.retry_after)
            retry_at = min(now + timedelta(seconds=delay), deadline)
        elif error.retryable:
            hours = round(self.retry_for / 3600, 1)
            message = t("pipeline.gave_up", self.language, hours=hours, error=error.message)
        # The plan the job carries (document kind, printer…) stays; the failure's details
        # (missing items…) are added for the panel.
        result = dict(job.result or {})
        if error.details:
            result["failure"] = error.details
        alert = (not final and now - first >= timedelta(seconds=self.alert_after)
                 and not result.get("alerted_at"))  # fmt: skip
        if alert:
            result["alerted_at"] = now.isoformat()
        if not job_store.fail(
            conn, job.id, worker=self.worker, error=message, retry_at=retry_at,
            result=result or None,
        ):  # fmt: skip
            return final, attempts
        order_store.record_event(
            conn, order_id, "step_failed", actor=self.actor,
            details={"step": job.step, "error": message, "attempt": attempts,
                     "final": final, **error.details},
        )  # fmt: skip
        if alert:
            minutes = round((now - first).total_seconds() / 60)
            reason = t("pipeline.still_failing", self.language, step=job.step,
                       minutes=minutes, error=error.message)  # fmt: skip
            order_store.record_event(conn, order_id, "step_failing", actor=self.actor,
                                     reason=reason, details={"step": job.step})  # fmt: skip
        if final:
            status = job_store.order_status(conn, order_id)
            order_store.change_status(
                conn, order_id, OrderStatus.ATTENTION, reason=message, actor=self.actor,
                expected_from=[status.value],
            )  # fmt: skip
        return final, attempts


def settle(conn: Any, order_id: int, *, actor: str, language: Language) -> None:
    """Move the order to where its jobs say it is: its next open step; ``done`` when every
    step it needed was done or skipped; ``attention`` when a wanted step had nothing to do
    it (the reason names them)."""
    current = job_store.order_status(conn, order_id)
    next_step = job_store.next_open_step(conn, order_id)
    reason = None
    if next_step is not None:
        target = OrderStatus(next_step)
    else:
        missing = job_store.not_configured_steps(conn, order_id)
        if missing:
            target = OrderStatus.ATTENTION
            parts = [
                t("pipeline.missing_part", language, step=t(f"step.{job.step}", language),
                  reason=(job.result or {}).get("reason", ""))
                for job in missing
            ]  # fmt: skip
            reason = t("pipeline.not_configured", language, steps="; ".join(parts))
        else:
            target = OrderStatus.DONE
    if target is current:
        if reason is not None:
            order_store.record_event(conn, order_id, "not_configured", actor=actor, reason=reason)
        return
    order_store.change_status(
        conn, order_id, target, reason=reason, actor=actor, expected_from=[current.value]
    )


def _loggable(result: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if isinstance(v, str | int | float | bool)}


async def retry_order(store: Store, order_id: int, *, actor: str) -> str | None:
    """The office's retry of an order in ``attention``: its failed (or not configured)
    step runs again, with a fresh deadline."""

    def retry(conn: Any) -> str | None:
        _require_attention(conn, order_id, "Only an order in attention can be retried.")
        job = job_store.retry_failed(conn, order_id)
        if job is None:
            return None
        order_store.change_status(
            conn, order_id, OrderStatus(job.step), reason=None, actor=actor,
            expected_from=[OrderStatus.ATTENTION.value],
        )  # fmt: skip
        audit.record(conn, actor=actor, action="order.retried", target=audit_target(order_id),
                     details={"step": job.step})  # fmt: skip
        return job.step

    return await store.run(retry)


async def skip_step(
    store: Store, order_id: int, *, actor: str, reason: str, language: Language = "pl"
) -> str | None:
    """The office's skip: the failed (or not configured) step is skipped and the order
    moves on — to its next step, ``done``, or still ``attention`` when another step it
    needed had nothing to do it."""

    def skip(conn: Any) -> str | None:
        _require_attention(conn, order_id, "Only an order in attention can have a step skipped.")
        job = job_store.skip_failed(conn, order_id, reason=reason)
        if job is None:
            return None
        settle(conn, order_id, actor=actor, language=language)
        audit.record(conn, actor=actor, action="order.skipped", target=audit_target(order_id),
                     details={"step": job.step, "reason": reason})  # fmt: skip
        return job.step

    return await store.run(skip)


def _require_attention(conn: Any, order_id: int, message: str) -> None:
    """Refuse the office's retry or skip unless the order is in ``attention``
    (:class:`~kolektor.store.orders.OrderNotFoundError` when there is no such order)."""
    status = job_store.order_status(conn, order_id)
    if status is not OrderStatus.ATTENTION:
        raise order_store.OrderStateError(message, order_id=order_id, status=status.value)


def _leftover(conn: Any, steps: list[str]) -> Leftover:
    """This process's steps of orders being finalized that are not finished, by why: due
    now, waiting for a later retry, or leased by another worker (alive or dead)."""
    now = job_store.db_now(conn)
    due = len(job_store.due_candidates(conn, steps=steps, limit=1000))
    query = (
        sa.select(jobs.c.status, jobs.c.next_run_at, jobs.c.locked_until)
        .join(orders, orders.c.id == jobs.c.order_id)
        .where(
            jobs.c.step.in_(steps),
            jobs.c.status.in_(("pending", "running")),
            jobs.c.generation == orders.c.generation,
            orders.c.status.in_(sorted(job_store.FINALIZING)),
        )
    )
    waiting = leased = 0
    for row in conn.execute(query):
        if row.status == "running" and row.locked_until is not None and row.locked_until >= now:
            leased += 1
        elif row.status == "pending" and row.next_run_at > now:
            waiting += 1
    return Leftover(due=due, waiting=waiting, leased_elsewhere=leased)


def _renew_all(conn: Any, job_ids: list[int], worker: str, seconds: float) -> list[int]:
    """Renew the worker's leases; the ids it no longer holds."""
    return [j for j in job_ids if not job_store.renew(conn, j, worker=worker, seconds=seconds)]
