"""The intake task: poll Subiekt, apply the plan to the store, back off when Subiekt is down.

Subiekt is read in a worker thread (pyodbc blocks) limited to one at a time; the store is
written through :meth:`kolektor.store.engine.Store.run`; fingerprinting, planning and the
catalog's refresh run in worker threads too — nothing of a pass keeps the event loop (and
the scanners' verdicts) waiting.  A failed read changes nothing in the store — nothing
already imported is lost — and the next attempt waits :func:`~kolektor.retry.backoff_delay`
seconds.  :class:`IntakeStatus` is what ``/health``
and ``kolektor check`` report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import trio
from sqlalchemy.engine import Connection

from kolektor import _core
from kolektor.catalog import Catalog
from kolektor.i18n import Language, t
from kolektor.intake.plan import CAN_GO, fingerprint_and_plan, gone_reason, is_filtered_out
from kolektor.logs import log_context, log_event
from kolektor.retry import backoff_delay
from kolektor.store import orders as order_store
from kolektor.store.engine import Store, StoreError
from kolektor.store.lifecycle import OrderStatus
from kolektor.subiekt.connection import SubiektUnavailable
from kolektor.subiekt.models import SubiektOrder
from kolektor.subiekt.reader import DocumentState, SubiektReader

logger = logging.getLogger("kolektor.intake")
T = TypeVar("T")
ACTOR = "intake"


class SubiektSource:
    """A :class:`SubiektReader` used from Trio: each call runs in a worker thread, one at a
    time (one pyodbc connection is not safe to share between threads)."""

    def __init__(self, reader: SubiektReader) -> None:
        self.reader = reader
        self._limiter = trio.CapacityLimiter(1)

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        return await trio.to_thread.run_sync(fn, *args, limiter=self._limiter)

    async def open_orders(self) -> list[SubiektOrder]:
        return await self._call(self.reader.open_orders)

    async def document_states(self, zk_ids: list[int]) -> dict[int, DocumentState]:
        return await self._call(self.reader.document_states, zk_ids)

    async def barcodes(self) -> list[tuple[str, str | None, str | None]]:
        """Every product barcode as (code, symbol, name)."""
        return await self._call(self.reader.barcodes)

    async def count_open_orders(self) -> int:
        return await self._call(self.reader.count_open_orders)

    async def aclose(self) -> None:
        await self._call(self.reader.close)


class Wakeup:
    """Lets another task cut the intake's wait short."""

    def __init__(self) -> None:
        self._event = trio.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self, seconds: float) -> None:
        """Wait ``seconds`` or until :meth:`set`, whichever comes first."""
        with trio.move_on_after(seconds):
            await self._event.wait()
        if self._event.is_set():
            self._event = trio.Event()


@dataclass
class IntakeResult:
    """What one pass changed."""

    open_orders: int = 0
    imported: int = 0
    refreshed: int = 0
    noted: int = 0
    gone: int = 0
    held: int = 0
    released: int = 0


@dataclass
class IntakeStatus:
    """The intake's health, as shown by ``/health``."""

    running: bool = False
    last_success_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_attempt_in: float | None = None
    last_result: IntakeResult = field(default_factory=IntakeResult)

    @property
    def healthy(self) -> bool:
        return self.consecutive_failures == 0 and self.last_success_at is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "running": self.running,
            "healthy": self.healthy,
            "last_success_at": self.last_success_at.isoformat() if self.last_success_at else None,
            "last_attempt_at": self.last_attempt_at.isoformat() if self.last_attempt_at else None,
            "last_error": self.last_error,
            "consecutive_failures": self.consecutive_failures,
            "next_attempt_in": self.next_attempt_in,
            "last_result": vars(self.last_result),
        }


def normalized_nip(zk: SubiektOrder) -> str | None:
    """The buyer's NIP as 10 digits when valid: from the ZK's snapshot (what the document
    will print), else from the kontrahent's main address; None when absent or invalid."""
    for raw in (
        zk.billing.nip if zk.billing else None,
        zk.customer.nip if zk.customer else None,
    ):
        if raw:
            try:
                return _core.nip_normalize(raw)
            except ValueError:
                return None
    return None


async def run_once(
    source: SubiektSource, store: Store, language: Language, catalog: Catalog | None = None
) -> IntakeResult:
    """One pass: read Subiekt, compare with the store, apply the differences; refresh the
    ``catalog`` of known barcodes."""
    open_orders = await source.open_orders()
    if catalog is not None:
        codes = await source.barcodes()
        # The intake's pure work runs in worker threads: thousands of codes normalized, or
        # hundreds of ZKs fingerprinted, take tens of milliseconds — on the event loop every
        # scanner would wait as long.
        await trio.to_thread.run_sync(catalog.replace, codes)
    index = await store.read(order_store.intake_index)
    prints, plan = await trio.to_thread.run_sync(fingerprint_and_plan, open_orders, index)
    result = IntakeResult(open_orders=len(open_orders))
    for zk in plan.imports:
        with log_context(order=zk.number):
            await store.run(
                order_store.import_order,
                zk,
                fingerprint=prints[zk.id],
                nip=normalized_nip(zk),
                actor=ACTOR,
            )
            log_event(logger, "intake.imported", logging.DEBUG, zk_id=zk.id, lines=len(zk.lines))
        result.imported += 1
    for order_id, zk in plan.refreshes:
        with log_context(order=zk.number):
            try:
                await store.run(
                    order_store.refresh_order,
                    order_id,
                    zk,
                    fingerprint=prints[zk.id],
                    nip=normalized_nip(zk),
                    actor=ACTOR,
                )
            except order_store.OrderStateError:
                # Claimed by a picker between our read and our write: only note it.
                await store.run(
                    order_store.note_subiekt_change,
                    order_id,
                    fingerprint=prints[zk.id],
                    actor=ACTOR,
                )
                result.noted += 1
                continue
            log_event(logger, "intake.refreshed", zk_id=zk.id)
        result.refreshed += 1
    for order_id, zk in plan.notes:
        with log_context(order=zk.number):
            await store.run(
                order_store.note_subiekt_change, order_id, fingerprint=prints[zk.id], actor=ACTOR
            )
            log_event(logger, "intake.changed_while_picking", logging.WARNING, zk_id=zk.id)
        result.noted += 1
    for order_id, zk in plan.releases:
        with log_context(order=zk.number):
            back = await store.run(_release, order_id, zk, prints[zk.id], normalized_nip(zk))
            log_event(logger, "intake.released", zk_id=zk.id, status=back.value)
        result.released += 1
    if plan.missing:
        states = await source.document_states(sorted(plan.missing))
        for zk_id, order_id in plan.missing.items():
            state = states[zk_id]
            held = is_filtered_out(state)
            target = OrderStatus.HELD if held else OrderStatus.GONE
            reason = t("intake.held", language) if held else gone_reason(state, language)
            if held and index[zk_id].status == OrderStatus.HELD:
                continue  # still filtered out: stays held
            try:
                await store.run(
                    order_store.change_status, order_id, target, reason=reason, actor=ACTOR,
                    expected_from=[s.value for s in CAN_GO],
                )  # fmt: skip
            except order_store.OrderStateError:
                continue  # moved on (e.g. packed) since the read; not ours to close
            event = "intake.held" if held else "intake.gone"
            log_event(logger, event, zk_id=zk_id, order_id=order_id, reason=reason)
            if held:
                result.held += 1
            else:
                result.gone += 1
    return result


def _release(
    conn: Connection, order_id: int, zk: SubiektOrder, fingerprint: str, nip: str | None
) -> OrderStatus:
    """A held order's ZK passes the filters again: back to where it was, and the ZK's
    changes meanwhile applied (still ``new``) or noted (picking had started)."""
    back = order_store.status_before_hold(conn, order_id)
    order_store.change_status(
        conn, order_id, back, reason=None, actor=ACTOR,
        expected_from=[OrderStatus.HELD.value], details={"released": True},
    )  # fmt: skip
    stored = order_store.get_order(conn, order_id)
    if stored is not None and stored.fingerprint == fingerprint:
        return back
    if back is OrderStatus.NEW:
        order_store.refresh_order(conn, order_id, zk, fingerprint=fingerprint, nip=nip,
                                  actor=ACTOR)  # fmt: skip
    else:
        order_store.note_subiekt_change(conn, order_id, fingerprint=fingerprint, actor=ACTOR)
    return back


async def intake_loop(
    source: SubiektSource,
    store: Store,
    *,
    poll_interval: float,
    language: Language,
    status: IntakeStatus,
    wake: Wakeup | None = None,
    catalog: Catalog | None = None,
    max_backoff: float = 300.0,
    task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Run :func:`run_once` every ``poll_interval`` seconds until cancelled.

    A failure (Subiekt unreachable, store error) is logged and retried after an
    exponential back-off; the first success after failures is logged as a recovery.
    ``wake.set()`` starts a pass at once (e.g. from the panel's "import now").
    """
    status.running = True
    task_status.started()
    try:
        while True:
            status.last_attempt_at = datetime.now(UTC)
            try:
                result = await run_once(source, store, language, catalog)
            except (SubiektUnavailable, StoreError) as error:
                status.consecutive_failures += 1
                status.last_error = str(error)
                delay = backoff_delay(status.consecutive_failures, cap=max_backoff)
                status.next_attempt_in = delay
                log_event(
                    logger,
                    "intake.failed",
                    logging.WARNING,
                    error=str(error),
                    attempt=status.consecutive_failures,
                    retry_in=round(delay, 1),
                )
            else:
                if status.consecutive_failures:
                    log_event(logger, "intake.recovered", failures=status.consecutive_failures)
                status.consecutive_failures = 0
                status.last_error = None
                status.last_success_at = datetime.now(UTC)
                status.last_result = result
                delay = poll_interval
                status.next_attempt_in = delay
                if any(vars(result)[k] for k in vars(result) if k != "open_orders"):
                    log_event(logger, "intake.pass", **vars(result))
            await (wake or Wakeup()).wait(delay)
    finally:
        status.running = False
