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
from datetime import datetime, timedelta
from typing import Any

import trio

from kolektor.failpoints import failpoint
from kolektor.logs import log_context, log_event
from kolektor.retry import backoff_delay
from kolektor.store import jobs as job_store
from kolektor.store import orders as order_store
from kolektor.store.engine import Store, StoreError
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.tables import utcnow

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
        self, message: str, *, retryable: bool = True, details: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.details = dict(details or {})


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


class Pipeline:
    """Runs finalization jobs until cancelled."""

    def __init__(
        self,
        store: Store,
        handlers: Mapping[str, StepHandler],
        *,
        worker: str | None = None,
        limits: Mapping[str, int] = DEFAULT_LIMITS,
        max_attempts: int = 6,
        lease_seconds: float = 300.0,
        poll_interval: float = 1.0,
        backoff_base: float = 5.0,
        backoff_cap: float = 600.0,
    ) -> None:
        self.store = store
        self.handlers = dict(handlers)
        self.worker = worker or f"{socket.gethostname()}:{id(self):x}"
        self.limiters = {step: trio.CapacityLimiter(limits.get(step, 1)) for step in handlers}
        self.max_attempts = max_attempts
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.status = PipelineStatus()
        self._wake = trio.Event()

    @property
    def actor(self) -> str:
        return f"worker:{self.worker}"

    def wake(self) -> None:
        """Look for work now (e.g. right after an order was packed)."""
        self._wake.set()

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        self.status.running = True
        task_status.started()
        try:
            async with trio.open_nursery() as nursery:
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

    async def run_until_idle(self) -> None:
        """Run jobs until none is due or running (``kolektor work --once`` and tests; wrap
        it in ``trio.fail_after`` to bound it)."""
        async with trio.open_nursery() as nursery:
            while True:
                started = await self._dispatch(nursery)
                if not started and not self.status.active:
                    due = await self.store.read(job_store.due_candidates, now=utcnow(), limit=1)
                    if not due:
                        return
                await trio.sleep(min(self.poll_interval, 0.05))

    async def _dispatch(self, nursery: trio.Nursery) -> int:
        candidates = await self.store.read(
            job_store.due_candidates, now=utcnow(), steps=list(self.handlers), limit=50
        )
        started = 0
        for job in candidates:
            if job.order_id in self.status.active:
                continue
            limiter = self.limiters[job.step]
            if limiter.available_tokens < 1:
                continue
            leased = await self.store.run(
                job_store.lease, job.id, worker=self.worker, now=utcnow(),
                seconds=self.lease_seconds,
            )  # fmt: skip
            if not leased:
                continue
            self.status.active.add(job.order_id)
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

    async def _run_step(self, job: job_store.Job, order: order_store.OrderRecord) -> None:
        step = OrderStatus(job.step)
        if order.status != step:
            try:
                await self.store.run(
                    order_store.change_status, order.id, step, reason=None, actor=self.actor,
                    expected_from=[order.status.value],
                )  # fmt: skip
            except order_store.OrderStateError as error:
                # Someone else moved the order (the office parked it); give the job back.
                await self.store.run(
                    job_store.fail, job.id, worker=self.worker, error=str(error),
                    retry_at=utcnow() + timedelta(seconds=self.backoff_base),
                )  # fmt: skip
                return
        results = {
            other.step: other.result or {}
            for other in await self.store.read(job_store.jobs_of, order.id)
            if other.status in job_store.FINISHED
        }
        failpoint(f"{job.step}.before")
        try:
            result = await self.handlers[job.step](StepCall(job, order, results))
        except StepFailed as error:
            await self._failed(job, order, error)
            return
        except Exception as error:  # a bug or an unexpected library error: retry, loudly
            logger.exception("pipeline.step_crashed", extra={"kolektor_fields": {"step": job.step}})
            await self._failed(job, order, StepFailed(f"{type(error).__name__}: {error}"))
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
        next_step = job_store.next_open_step(conn, order_id)
        if next_step is None:
            status = job_store.order_status(conn, order_id)
            order_store.change_status(
                conn, order_id, OrderStatus.DONE, reason=None, actor=self.actor,
                expected_from=[status.value],
            )  # fmt: skip

    async def _failed(
        self, job: job_store.Job, order: order_store.OrderRecord, error: StepFailed
    ) -> None:
        attempts = job.attempts + 1
        final = not error.retryable or attempts >= self.max_attempts
        retry_at = None
        if not final:
            delay = backoff_delay(attempts, base=self.backoff_base, cap=self.backoff_cap)
            retry_at = utcnow() + timedelta(seconds=delay)
        self.status.failed += 1
        self.status.last_error = error.message
        log_event(
            logger, "pipeline.step_failed", logging.WARNING, step=job.step, error=error.message,
            attempt=attempts, final=final,
        )  # fmt: skip
        await self.store.run(self._record_failure, job, order.id, error, retry_at, final, attempts)

    def _record_failure(
        self,
        conn: Any,
        job: job_store.Job,
        order_id: int,
        error: StepFailed,
        retry_at: datetime | None,
        final: bool,
        attempts: int,
    ) -> None:
        # The plan the job carries (document kind, printer…) stays; the failure's details
        # (missing items…) are added for the panel.
        result = {**(job.result or {}), "failure": error.details} if error.details else None
        if not job_store.fail(
            conn, job.id, worker=self.worker, error=error.message, retry_at=retry_at,
            result=result,
        ):  # fmt: skip
            return
        order_store.record_event(
            conn, order_id, "step_failed", actor=self.actor,
            details={"step": job.step, "error": error.message, "attempt": attempts,
                     "final": final, **error.details},
        )  # fmt: skip
        if final:
            status = job_store.order_status(conn, order_id)
            order_store.change_status(
                conn, order_id, OrderStatus.ATTENTION, reason=error.message, actor=self.actor,
                expected_from=[status.value],
            )  # fmt: skip


def _loggable(result: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if isinstance(v, str | int | float | bool)}


async def retry_order(store: Store, order_id: int, *, actor: str) -> str | None:
    """The office's retry of an order in ``attention``: its failed step runs again."""

    def retry(conn: Any) -> str | None:
        job = job_store.retry_failed(conn, order_id)
        if job is None:
            return None
        order_store.change_status(
            conn, order_id, OrderStatus(job.step), reason=None, actor=actor,
            expected_from=[OrderStatus.ATTENTION.value],
        )  # fmt: skip
        return job.step

    return await store.run(retry)


async def skip_step(store: Store, order_id: int, *, actor: str, reason: str) -> str | None:
    """The office's skip: the failed step is skipped and the order moves on."""

    def skip(conn: Any) -> str | None:
        job = job_store.skip_failed(conn, order_id, reason=reason)
        if job is None:
            return None
        next_step = job_store.next_open_step(conn, order_id)
        target = OrderStatus(next_step) if next_step else OrderStatus.DONE
        order_store.change_status(
            conn, order_id, target, reason=reason, actor=actor,
            expected_from=[OrderStatus.ATTENTION.value],
        )  # fmt: skip
        return job.step

    return await store.run(skip)
