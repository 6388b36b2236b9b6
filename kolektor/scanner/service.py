"""Picking and packing rules for the scanner connections, over the store and the Rust core.

:class:`ScannerService` is shared by all connections of a server.  The store is the one
truth: several Kolektor instances may serve scanners on one PostgreSQL.  For an order being
picked the service keeps a *cache* of the pick engine's session (``kolektor._core.PickSession``)
with the version of the saved state (``pick_states.version``) it stands at, and changes it
under a per-order lock: the scan is parsed (``kolektor._core.ScanParser``), judged by the
session, and the new state, the lines' picked quantities and the scan are written in one
store transaction before the verdict is returned.  That write re-checks the order's status
and holder and compares and sets the state's version; when anything changed meanwhile
(another instance wrote, took the order over, released it) nothing of the write is kept,
the cache is dropped, and the scan is judged again on the state freshly loaded from the
store — the device gets the verdict that is right for the fresh state, and a scan id already
counted elsewhere is a ``duplicate``.

The cache is dropped on claim, takeover, release, packing, any failed write and any
version mismatch; it holds only orders in ``picking``/``picked`` (:meth:`ScannerService.prune`
drops the ones that left picking elsewhere) and at most ``max_cached`` of them.  Per-order
locks exist only while someone holds or waits for them.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any, Final

import trio

from kolektor import _core
from kolektor.catalog import Catalog, barcode_key
from kolektor.finalize.labels import PrinterProblem, StationPrinter
from kolektor.finalize.plan import RulesCache, plan_for
from kolektor.finalize.steps import UNCONFIGURED_STEPS
from kolektor.i18n import Language, Message
from kolektor.logs import log_context, log_event
from kolektor.scanner import label as label_store
from kolektor.scanner import station as station_store
from kolektor.scanner.batch import GroupCommit
from kolektor.scanner.context import ScanContext, scan_context
from kolektor.scanner.manual import ManualPolicy, load_policy
from kolektor.scanner.packing import packing_facts
from kolektor.scanner.reading import read_code
from kolektor.scanner.stock import StockSource
from kolektor.scanner.tolerance import ToleranceSettings, load_tolerance
from kolektor.shipping.reprint import NothingToReprint, reprint_labels
from kolektor.stock import ShortLine, StockCheck, problem_reason
from kolektor.store import jobs as job_store
from kolektor.store import orders as order_store
from kolektor.store import picking, scan_log
from kolektor.store.engine import Store, StoreError
from kolektor.store.lifecycle import FINALIZATION_STEPS, OrderStatus
from kolektor.store.operators import Operator, Role
from kolektor.store.orders import OrderRecord
from kolektor.store.stations import device_station

logger = logging.getLogger("kolektor.scanner")

PICKABLE_KIND = 1
"""``ob_TowRodzaj`` of goods; services (2) and other kinds are not picked."""
WORKING = frozenset({OrderStatus.PICKING, OrderStatus.PICKED})
"""Statuses of an order held by an operator; only such orders are cached."""
FLOOR_LEADS: Final = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Roles that may open any order (they take orders over and see the overview)."""
PACKED_OR_LATER: Final = frozenset({OrderStatus.PACKED, *FINALIZATION_STEPS, OrderStatus.DONE})
"""Statuses of an order packed (a ``pack`` changes nothing there)."""
PACKERS: Final = frozenset({Role.PACKER, Role.SUPERVISOR, Role.ADMIN})
"""Roles that pack (``docs/security.md``)."""
MAX_CACHED = 1000
"""Orders whose session one instance keeps in memory at most (the least recently used go)."""
PRUNE_INTERVAL = 60.0
"""Seconds between checks for cached orders that left picking elsewhere."""
MAX_ATTEMPTS = 8
"""Times a request is judged again after the order changed elsewhere before the device is
told to send it again (``unavailable``)."""
RETRY_AFTER = 2
"""Seconds a device waits before sending again what kept changing under it."""
COUNTED_KINDS: Final = frozenset(
    {"counted", "line_complete", "order_complete", "order_complete_with_shortages"}
)
"""Verdict kinds of a scan that counted (``ok``)."""


class ScannerError(Exception):
    """A request the rules refuse; ``code`` is the protocol error code, ``key`` the
    message's key (``ws.<code>`` when None), ``fields`` extra fields of the ``error``
    reply (e.g. the ``lines`` of ``stock_short``)."""

    def __init__(
        self,
        code: str,
        *,
        key: str | None = None,
        fields: Mapping[str, Any] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, params)
        self.code = code
        self.key = key
        self.fields = dict(fields or {})
        self.params = params


QUEUED_JOBS: Final = frozenset({"pending", "running"})


@dataclass(frozen=True, slots=True)
class StepOutlook:
    """What will become of one finalization step of a packed order, as the packer sees it:
    ``queued`` (will be done automatically), ``done``, ``skipped`` (the rules switched it
    off), ``not_configured`` (nothing is set up to do it — the office does it by hand),
    ``failed``.  ``reason``/``reason_key``: why it is skipped or not configured."""

    step: str
    state: str
    reason: str | None = None
    reason_key: str | None = None


@dataclass(frozen=True, slots=True)
class Packed:
    """The outcome of ``pack``: whether this request packed the order (False: it was
    packed before — a re-sent confirmation) and what happens next."""

    packed: bool
    steps: tuple[StepOutlook, ...]


@dataclass(frozen=True, slots=True)
class Judged:
    """The answer to a scan, manual entry, undo or shortage."""

    verdict: dict[str, Any]
    line: dict[str, Any] | None
    order_status: OrderStatus
    complete: bool
    message: Message | None = None
    """The verdict's message with its context (:mod:`.context`), rendered in the device's
    language; None: the plain message of the verdict's kind."""


Enrich = Callable[[OrderRecord, Mapping[int, Any], Mapping[str, Any]], ScanContext]
"""Builds a verdict's context from the order, the lines' progress and the verdict."""


@dataclass(slots=True)
class _Cached:
    """What memory holds about an order being picked — a cache of the store."""

    order: OrderRecord
    session: Any
    """The pick session (None: the order has nothing to pick)."""
    version: int | None
    """The saved state's version the session stands at (None: nothing saved yet)."""
    written: dict[int, Decimal] = field(default_factory=dict)
    """The lines' picked quantities as stored ({}: not known; all are written next)."""


@dataclass(slots=True)
class _Slot:
    lock: trio.Lock = field(default_factory=trio.Lock)
    users: int = 0


def _pickable(line: order_store.OrderLineRecord) -> bool:
    return line.product_id is not None and line.kind == PICKABLE_KIND


def _line_barcodes(line: order_store.OrderLineRecord) -> list[tuple[str, Decimal]]:
    """The line's barcodes by lookup key; a code stored twice (once with a leading zero)
    counts once, with the first multiplier."""
    keys: dict[str, Decimal] = {}
    for barcode in line.barcodes:
        keys.setdefault(barcode_key(barcode.code), barcode.quantity)
    return list(keys.items())


def build_session(order: OrderRecord, tolerance: ToleranceSettings | None = None) -> Any:
    """A fresh pick session for the order's goods lines; None when it has none (an order
    of services only has nothing to pick).  ``tolerance``: the weighed goods' allowances
    (:mod:`.tolerance`; None: every line exactly as ordered) — fixed in the session, and so
    in its saved state, from then on."""
    lines = []
    for line in order.lines:
        if not _pickable(line):
            continue
        allowed = tolerance.for_line(line) if tolerance is not None else None
        lines.append(
            _core.PickLine(
                line.id,
                line.product_id,
                line.base_quantity,
                _line_barcodes(line),
                requires_batch=line.requires_batch,
                requires_expiry=line.requires_expiry,
                requires_serial=line.requires_serial,
                tolerance_below=allowed.below if allowed else None,
                tolerance_above=allowed.above if allowed else None,
            )
        )
    return _core.PickSession(lines) if lines else None


def _tolerance_view(state: Any) -> dict[str, Decimal] | None:
    """The line's tolerance as the ``order`` line's ``tolerance`` field; None without one."""
    if state is None or (state.tolerance_below == 0 and state.tolerance_above == 0):
        return None
    return {"below": state.tolerance_below, "above": state.tolerance_above}


def _walking_order(line: order_store.OrderLineRecord) -> tuple[int, str, int]:
    """Lines with a location first, in location order (aisle-rack-shelf), then the rest."""
    return (0 if line.location else 1, line.location or "", line.position)


class ScannerService:
    """The rules behind the scanner protocol (see ``docs/scanner-protocol.md``)."""

    def __init__(
        self,
        store: Store,
        *,
        catalog: Catalog | None = None,
        scan_config_json: str | None = None,
        language: Language = "pl",
        on_packed: Callable[[], None] | None = None,
        stock: StockSource | None = None,
        unconfigured_steps: Mapping[str, str] | None = None,
    ) -> None:
        self.store = store
        self.stock = stock
        """Subiekt's stock, checked on claim and before packing (None: not checked)."""
        self.unconfigured_steps = (
            UNCONFIGURED_STEPS if unconfigured_steps is None else dict(unconfigured_steps)
        )
        """Steps nothing is set up to do: step → message key of the reason."""
        self.writes = GroupCommit(store)
        """Scans' writes share transactions while :meth:`GroupCommit.run` runs."""
        self.language: Language = language
        self.on_packed = on_packed
        """Called after an order was packed (the server wakes the pipeline)."""
        self.catalog = catalog if catalog is not None else Catalog()
        self.rules = RulesCache()
        """The document rules, parsed once per change (packing plans the finalization)."""
        self.parser = _core.ScanParser(scan_config_json)
        self.max_cached = MAX_CACHED
        self._cache: OrderedDict[int, _Cached] = OrderedDict()
        self._locks: dict[int, _Slot] = {}
        self._pruned_at: float | None = None

    @property
    def cached_orders(self) -> frozenset[int]:
        """Ids of the orders whose pick session memory holds now."""
        return frozenset(self._cache)

    @property
    def locked_orders(self) -> frozenset[int]:
        """Ids of the orders whose lock someone holds or awaits now."""
        return frozenset(self._locks)

    # -- queue and claims -----------------------------------------------------------------

    async def queue(
        self, operator: Operator, *, offset: int = 0, limit: int | None = None
    ) -> picking.QueuePage:
        """``limit`` entries of the operator's queue from ``offset`` (read and built in the
        store: a page costs the same whatever the queue's length), with its total."""
        page = await self.store.read(picking.queue, operator.id, offset=offset, limit=limit)
        await self._prune_now_and_then()
        return page

    async def claimed(self, operator: Operator) -> list[int]:
        return await self.store.read(picking.claimed_orders, operator.id)

    async def claim(
        self, operator: Operator, order_id: int, *, takeover: bool
    ) -> StockCheck | None:
        """Claim (or take over) an order; returns what Subiekt's stock says about it (None:
        this service checks no stock).  The claim stands whatever the stock says."""
        async with self._locked(order_id):
            self._forget(order_id)  # a claim or takeover starts from the store's state
            await self._call(
                picking.claim_order,
                order_id,
                operator_id=operator.id,
                role=operator.role,
                actor=f"operator:{operator.login}",
                takeover=takeover,
            )
            order = await self._order(order_id)
            if order.status is OrderStatus.PICKING and not any(map(_pickable, order.lines)):
                # Services only: nothing to pick, straight to packing.
                await self._call(
                    order_store.change_status, order_id, OrderStatus.PICKED,
                    reason=None, actor=f"operator:{operator.login}",
                    expected_from=[OrderStatus.PICKING.value],
                )  # fmt: skip
        return await self.check_stock(order)

    async def check_stock(self, order: OrderRecord) -> StockCheck | None:
        """Whether the warehouse covers the order now, by Subiekt's stock (never raises:
        an unreachable Subiekt is ``checked`` False); None without a stock source."""
        if self.stock is None:
            return None
        return await self.stock.check(order.subiekt_id, order.lines)

    async def release(self, operator: Operator, order_id: int) -> None:
        async with self._locked(order_id):
            self._forget(order_id)
            await self._call(
                picking.release_order,
                order_id,
                operator_id=operator.id,
                actor=f"operator:{operator.login}",
            )

    async def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await self.store.run(fn, *args, **kwargs)
        except picking.NotYoursError:
            raise ScannerError("not_yours") from None
        except order_store.OrderNotFoundError:
            raise ScannerError("not_found") from None
        except order_store.OrderStateError as error:
            raise ScannerError("wrong_status", status=str(error.status)) from None

    # -- order state -------------------------------------------------------------------------

    @asynccontextmanager
    async def _locked(self, order_id: int) -> AsyncIterator[None]:
        """Hold the order's lock; the lock exists only while someone holds or awaits it."""
        slot = self._locks.get(order_id)
        if slot is None:
            slot = self._locks[order_id] = _Slot()
        slot.users += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._locks[order_id]

    async def _order(self, order_id: int) -> OrderRecord:
        order = await self.store.read(order_store.get_order, order_id)
        if order is None:
            raise ScannerError("not_found")
        return order

    async def _load(self, order_id: int, *, reuse: bool = False) -> _Cached:
        """The order and its pick session as the store has them now.  With ``reuse`` a
        cached session is kept when the saved state is still at its version (only the
        version is read then, not the state).  Cached while the order is being picked."""
        cached = self._cache.get(order_id) if reuse else None
        known = (cached.version,) if cached is not None else None
        order, version, state = await self.store.read(_read_order, order_id, known)
        if order is None:
            self._forget(order_id)
            raise ScannerError("not_found")
        if cached is not None and state is None and version == cached.version:
            entry = _Cached(order, cached.session, version, cached.written)
        elif state is not None:
            entry = _Cached(order, _core.PickSession.from_bytes(state), version)
        else:
            tolerance = await self.store.read(load_tolerance)
            entry = _Cached(order, build_session(order, tolerance), None)
        self._remember(entry)
        return entry

    def _remember(self, entry: _Cached) -> None:
        order_id = entry.order.id
        if entry.order.status not in WORKING or entry.session is None:
            self._forget(order_id)
            return
        self._cache[order_id] = entry
        self._cache.move_to_end(order_id)
        while len(self._cache) > self.max_cached:
            self._cache.popitem(last=False)

    def _forget(self, order_id: int) -> None:
        """Drop what memory holds about an order; the store is read again on next use."""
        self._cache.pop(order_id, None)

    async def prune(self) -> int:
        """Drop cached orders that left picking, or changed hands, elsewhere (another
        instance, the office, the intake); returns how many were dropped."""
        self._pruned_at = trio.current_time()
        cached = {order_id: entry.order.claimed_by for order_id, entry in self._cache.items()}
        if not cached:
            return 0
        claims = await self.store.read(picking.claims_of, list(cached))
        dropped = 0
        for order_id, holder in cached.items():
            claim = claims.get(order_id)
            left = claim is None or claim[0] not in WORKING or claim[1] != holder
            if left and order_id in self._cache:
                self._forget(order_id)
                dropped += 1
        return dropped

    async def _prune_now_and_then(self) -> None:
        if self._pruned_at is None:
            self._pruned_at = trio.current_time()
        if trio.current_time() - self._pruned_at < PRUNE_INTERVAL:
            return
        try:
            await self.prune()
        except StoreError as error:  # best effort: tried again after the interval
            log_event(logger, "scanner.prune_failed", logging.WARNING, error=str(error)[:200])

    def _line_view(
        self, line: order_store.OrderLineRecord, progress: Mapping[int, Any]
    ) -> dict[str, Any]:
        state = progress.get(line.id)
        return {
            "id": line.id,
            "position": line.position,
            "symbol": line.symbol,
            "name": line.name,
            "location": line.location,
            "unit": line.unit,
            "quantity": line.quantity,
            "ordered": line.base_quantity,
            "picked": state.picked if state is not None else Decimal(0),
            "remaining": state.remaining if state is not None else Decimal(0),
            "short": bool(state is not None and state.is_short),
            "tolerance": _tolerance_view(state),
            "within_tolerance": bool(state is not None and state.within_tolerance),
            "pickable": _pickable(line),
            "barcodes": [{"code": b.code, "quantity": b.quantity} for b in line.barcodes],
            "requires_batch": line.requires_batch,
            "requires_expiry": line.requires_expiry,
            "requires_serial": line.requires_serial,
        }

    async def order_view(
        self, order_id: int, *, device_id: str | None = None, language: Language | None = None
    ) -> dict[str, Any]:
        """The full state of an order as the ``order`` message carries it — as the store
        has it now, whatever another instance changed.  ``device_id``: the device it is
        for (its packing station is in ``delivery``); ``language``: the device's, for the
        names of the carrier and service."""
        async with self._locked(order_id):
            entry = await self._load(order_id, reuse=True)
            view = self._view(entry.order, entry.session)
        rules = await self.rules.current(self.store, self.language)
        station = await self.store.read(station_store.device_station_view, device_id)
        facts = partial(packing_facts, entry.order, rules, self.language, station=station,
                        names_in=language or self.language)  # fmt: skip
        view.update(await trio.to_thread.run_sync(facts))  # packing and delivery
        return view

    def _view(self, order: OrderRecord, session: Any) -> dict[str, Any]:
        progress = {line.line_id: line for line in session.lines} if session else {}
        lines = sorted(order.lines, key=_walking_order)
        return {
            "id": order.id,
            "number": order.number,
            "status": order.status.value,
            "customer": order.customer_name,
            "remarks": order.remarks,
            "claimed_by": order.claimed_by,
            "lines": [self._line_view(line, progress) for line in lines],
            "complete": session.is_complete if session is not None else True,
            "has_shortages": session.has_shortages if session is not None else False,
        }

    # -- judging -------------------------------------------------------------------------------

    async def _judge(
        self,
        operator: Operator,
        order_id: int,
        act: Any,
        *,
        scan: picking.ScanRecord | None = None,
        allowed: tuple[OrderStatus, ...] = (OrderStatus.PICKING,),
        reason: str | None = None,
        operation: str | None = None,
        line_check: tuple[int, str] | None = None,
        enrich: Enrich | None = None,
        typed: scan_log.ManualEntry | None = None,
    ) -> Judged:
        """Run ``act(session)`` on the order's session and store the outcome durably.

        The cached order and session are used when there are any; the write checks that
        the order is still this operator's, in the status judged, and that the saved state
        is at the version the session was loaded at.  When anything changed elsewhere
        nothing is kept and ``act`` runs again on the state freshly read from the store.

        ``operation`` is the request's id in the engine (scan, entry or undo id): a request
        re-sent after the order left picking (completed, packed, in ``problem``) is answered
        with its recorded verdict as a ``duplicate`` instead of being refused.
        """
        async with self._locked(order_id):
            for _ in range(MAX_ATTEMPTS):
                entry = self._cache.get(order_id)
                fresh = entry is None
                if entry is None:
                    entry = await self._load(order_id)
                order = entry.order
                refusal = None
                if order.claimed_by != operator.id:
                    refusal = ScannerError("not_yours")
                elif order.status not in allowed or entry.session is None:
                    refusal = ScannerError("wrong_status", status=order.status.value)
                if refusal is not None:
                    self._forget(order_id)
                    if fresh:
                        replayed = None
                        if refusal.code == "wrong_status":
                            replayed = self._replayed(entry, operation)
                        if replayed is not None:
                            return replayed
                        raise refusal
                    continue  # memory may be behind the store: judge by the store
                judged = await self._apply(
                    operator, entry, act, scan, reason, line_check, enrich, typed=typed
                )
                if judged is not None:
                    return judged
            raise ScannerError("unavailable", retry_after=RETRY_AFTER)

    def _replayed(self, entry: _Cached, operation: str | None) -> Judged | None:
        """The recorded verdict of an operation judged before, as a ``duplicate``; None
        when the id is new (or the order has nothing to pick)."""
        session = entry.session
        if operation is None or session is None:
            return None
        first = session.verdict_for(operation)
        if first is None:
            return None
        data = first.as_dict()
        progress = {line.line_id: line for line in session.lines}
        line = next((ln for ln in entry.order.lines if ln.id == data.get("line_id")), None)
        return Judged(
            verdict={"kind": "duplicate", "ok": data["ok"], "first": data},
            line=self._line_view(line, progress) if line is not None else None,
            order_status=entry.order.status,
            complete=session.is_complete,
        )

    async def _apply(
        self,
        operator: Operator,
        entry: _Cached,
        act: Any,
        scan: picking.ScanRecord | None,
        reason: str | None,
        line_check: tuple[int, str] | None = None,
        enrich: Enrich | None = None,
        *,
        typed: scan_log.ManualEntry | None = None,
    ) -> Judged | None:
        """Judge on ``entry`` and write the outcome; None when the order changed elsewhere
        (nothing was kept, the cache is dropped).  ``line_check``: (line id, ``manual`` or
        ``shortage``) — the line is checked first (:func:`_check_line`); ``enrich`` adds the
        verdict's context (fields and message) once it is written; ``typed``: the typed
        quantity to record with its verdict (a ``manual``)."""
        order, session = entry.order, entry.session
        complete_before = session.is_complete
        if line_check is not None:
            _check_line(order, session, *line_check)
        try:
            verdict = act(session)
        except ValueError as error:
            # The engine refuses input no retry can fix (its reason is in English): a named
            # error, never ``internal``.  The engine recorded nothing; the cache goes anyway.
            self._forget(order.id)
            log_event(logger, "scan.refused", logging.WARNING, order_id=order.id,
                      error=str(error)[:200])  # fmt: skip
            raise ScannerError("refused", number=order.number, reason=str(error)[:200]) from None
        data = verdict.as_dict()
        progress = {line.line_id: line for line in session.lines}
        picked = {
            line_id: line.picked
            for line_id, line in progress.items()
            if entry.written.get(line_id) != line.picked
        }
        target = self._next_status(order.status, session, verdict)
        record = None
        if scan is not None and data.get("kind") != "duplicate":
            record = replace(
                scan, verdict=data["kind"], line_id=data.get("line_id"),
                quantity=data.get("added"),
            )  # fmt: skip
        if typed is not None:
            typed = (
                replace(typed, verdict=data["kind"]) if data.get("kind") != "duplicate" else None
            )
        try:
            version = await self.writes.write(
                _persist, order.id, session.to_bytes(), entry.version, picked, record,
                operator.id, order.status, target, f"operator:{operator.login}", reason, typed,
            )  # fmt: skip
        except _Changed as changed:
            self._forget(order.id)
            log_event(logger, "scan.changed_elsewhere", order_id=order.id, what=changed.what)
            return None
        except picking.ScanIdTaken as taken:
            # The device used this scan id for another order before: that scan's verdict
            # is the answer, nothing is counted here (the session judged it: forget it).
            self._forget(order.id)
            log_event(logger, "scan.id_reused", logging.WARNING, order_id=order.id,
                      first_order_id=taken.order_id)  # fmt: skip
            return Judged(
                verdict=_stored_duplicate(taken), line=None, order_status=order.status,
                complete=complete_before,
            )  # fmt: skip
        except BaseException:
            self._forget(order.id)
            raise
        entry.version = version
        entry.written = {line_id: line.picked for line_id, line in progress.items()}
        if target is not None:
            entry.order = replace(order, status=target)
        self._remember(entry)  # or forget it, when it left picking (a shortage)
        line_id = data.get("line_id")
        line = next((ln for ln in order.lines if ln.id == line_id), None)
        context = enrich(order, progress, data) if enrich is not None else None
        return Judged(
            verdict={**data, **context.fields} if context is not None else data,
            line=self._line_view(line, progress) if line is not None else None,
            order_status=target or order.status,
            complete=session.is_complete,
            message=context.message if context is not None else None,
        )

    @staticmethod
    def _next_status(status: OrderStatus, session: Any, verdict: Any) -> OrderStatus | None:
        if verdict.kind == "shortage_reported":
            return OrderStatus.PROBLEM
        if status is OrderStatus.PICKING and session.is_complete:
            return OrderStatus.PICKED
        if status is OrderStatus.PICKED and not session.is_complete:
            return OrderStatus.PICKING
        return None

    async def scan(
        self,
        operator: Operator,
        device_id: str,
        *,
        order_id: int,
        scan_id: str,
        code: str,
        scanned_at: Any,
        batch: str | None = None,
        expiry: date | None = None,
        serial: str | None = None,
    ) -> Judged:
        # Read as the office's "Sprawdź kod" reads it (kolektor.scanner.reading); an
        # unreadable code keeps the parser's stable code (i18n scan.<code>).
        reading = read_code(self.parser, code)
        parsed, key, quantity = reading.parsed, reading.key, reading.quantity
        record = picking.ScanRecord(
            operator_id=operator.id, device_id=device_id, scan_uid=scan_id, raw=code,
            interpretation=reading.interpretation, verdict="", quantity=None, line_id=None,
            scanned_at=scanned_at,
        )  # fmt: skip

        def act(session: Any) -> Any:
            return session.scan(
                f"{device_id}:{scan_id}",
                key,
                quantity=quantity,
                batch=batch or (parsed.batch if parsed is not None else None),
                expiry=expiry or (parsed.expiry if parsed is not None else None),
                serial=serial or (parsed.serial if parsed is not None else None),
                known_product=key in self.catalog,
            )

        def enrich(
            order: OrderRecord, progress: Mapping[int, Any], data: Mapping[str, Any]
        ) -> ScanContext:
            return scan_context(
                data, order, progress, product=self.catalog.product(key),
                from_barcode=quantity is None, walking_order=_walking_order,
            )  # fmt: skip

        with log_context(operator=operator.login):
            judged = await self._judge(
                operator, order_id, act, scan=record, operation=f"{device_id}:{scan_id}",
                enrich=enrich,
            )  # fmt: skip
            log_event(logger, "scan.judged", logging.DEBUG, order_id=order_id,
                      verdict=judged.verdict["kind"])  # fmt: skip
        if reading.error is not None and judged.verdict.get("kind") == "unknown_code":
            judged.verdict["scan_error"] = reading.error
        return judged

    async def manual(
        self,
        operator: Operator,
        *,
        order_id: int,
        entry_id: str,
        line_id: int,
        quantity: Decimal,
        device_id: str = "",
        authorized_by: Operator | None = None,
    ) -> Judged:
        """A typed quantity; ``entry_id`` is unique per device, as scan ids are (the
        engine's id is ``manual:<device>:<entry_id>``).  Whether the operator may type it
        (:meth:`manual_policy`, ``authorized_by``) is the caller's check; the entry is
        recorded with its verdict, who typed it and who authorized it."""
        operation = f"manual:{device_id}:{entry_id}"
        typed = scan_log.ManualEntry(
            operator_id=operator.id, authorized_by=authorized_by.id if authorized_by else None,
            device_id=device_id, entry_uid=entry_id, line_id=line_id, quantity=quantity,
            verdict="",
        )  # fmt: skip
        return await self._judge(
            operator, order_id, lambda s: s.manual(operation, line_id, quantity),
            operation=operation, line_check=(line_id, "manual"), typed=typed,
        )  # fmt: skip

    async def manual_policy(self) -> ManualPolicy:
        """Who may type quantities without an authorization (the ``manual_quantity``
        setting, as stored now)."""
        return await self.store.read(load_policy)

    async def judged_before(self, order_id: int, operation: str) -> bool:
        """Whether the order's pick engine has judged this request id already (a re-send:
        it is answered ``duplicate`` and counts nothing)."""
        async with self._locked(order_id):
            entry = self._cache.get(order_id) or await self._load(order_id)
        session = entry.session
        return session is not None and session.verdict_for(operation) is not None

    async def undo(
        self, operator: Operator, *, order_id: int, action_id: str, device_id: str = ""
    ) -> Judged:
        """Take back the order's last counted action; ``action_id`` is unique per device, as
        scan ids are (the engine's id is ``undo:<device>:<action_id>``): the same id from two
        devices is two undos, a re-send from one device a ``duplicate``."""
        operation = f"undo:{device_id}:{action_id}"
        return await self._judge(
            operator,
            order_id,
            lambda s: s.undo(operation),
            allowed=(OrderStatus.PICKING, OrderStatus.PICKED),
            operation=operation,
        )

    async def shortage(
        self, operator: Operator, *, order_id: int, line_id: int, reason: str
    ) -> Judged:
        try:
            return await self._judge(
                operator, order_id, lambda s: s.report_shortage(line_id, reason), reason=reason,
                line_check=(line_id, "shortage"),
            )  # fmt: skip
        except ScannerError as error:
            if error.code != "wrong_status":
                raise
            replayed = await self._shortage_again(operator, order_id, line_id, reason)
            if replayed is None:
                raise
            return replayed

    async def _shortage_again(
        self, operator: Operator, order_id: int, line_id: int, reason: str
    ) -> Judged | None:
        """A shortage re-sent after it sent the order to ``problem``: the first verdict
        again (the engine repeats it for a line already closed short), nothing written.
        None when this is not such a repeat."""
        async with self._locked(order_id):
            order, _, state = await self.store.read(_read_order, order_id, None)
        if (
            order is None or state is None or order.status is not OrderStatus.PROBLEM
            or order.claimed_by != operator.id
        ):  # fmt: skip
            return None
        session = _core.PickSession.from_bytes(state)
        progress = {line.line_id: line for line in session.lines}
        if line_id not in progress or not progress[line_id].is_short:
            return None
        data = session.report_shortage(line_id, reason).as_dict()
        line = next((ln for ln in order.lines if ln.id == line_id), None)
        return Judged(
            verdict=data,
            line=self._line_view(line, progress) if line is not None else None,
            order_status=order.status,
            complete=session.is_complete,
        )

    async def open(
        self,
        operator: Operator,
        order_id: int,
        *,
        device_id: str | None = None,
        language: Language | None = None,
    ) -> dict[str, Any]:
        """The ``order`` view for ``open`` — only for who may see the order (it carries the
        customer's data): its holder; supervisors and admins (they take orders over);
        packers also a ``picked`` order (what ``pack_open`` opens).  Anyone else gets
        ``not_yours`` (someone holds it) or ``not_claimed``."""
        order = await self._order(order_id)
        if order.claimed_by != operator.id and operator.role not in FLOOR_LEADS:
            packable = operator.role in PACKERS and order.status is OrderStatus.PICKED
            if not packable:
                log_event(logger, "scanner.open_refused", logging.WARNING, order_id=order_id,
                          role=operator.role.value)  # fmt: skip
                if order.claimed_by is not None and order.status in WORKING:
                    raise ScannerError("not_yours")
                raise ScannerError("not_claimed", number=order.number)
        return await self.order_view(order_id, device_id=device_id, language=language)

    # -- packing -------------------------------------------------------------------------------

    async def pack_open(self, code: str) -> int:
        """The order a packing station scanned: only a ``picked`` one (``not_packable``
        names the status of any other)."""
        order_id = await self.store.read(picking.find_order_by_number, code)
        if order_id is None:
            raise ScannerError("not_found", key="ws.pack_not_found", scanned=code[:64])
        order = await self._order(int(order_id))
        if order.status is not OrderStatus.PICKED:
            raise ScannerError(
                "not_packable", number=order.number, status=_status_text(order.status)
            )
        return order.id

    async def pack(
        self,
        operator: Operator,
        *,
        order_id: int,
        parcels: tuple[picking.PackageInput, ...],
        request_id: str | None = None,
        device_id: str | None = None,
    ) -> Packed:
        """Record the packages, mark the order packed and queue its finalization, with the
        steps the document rules choose — one transaction.  The label step's plan gets the
        packing station of ``device_id`` (``station_id``, None for a device without one),
        read in that transaction: the labels print at the station where the order was
        packed.

        First Subiekt's stock is checked again: when the warehouse no longer covers the
        order, nothing is packed, the order goes to ``problem`` with the lines short named
        in its reason, and ``stock_short`` is raised (the same again for a re-sent
        ``request_id``).  When Subiekt cannot be asked, packing goes on (the realization
        checks again and retries later)."""
        order = await self._order(order_id)
        if order.status in PACKED_OR_LATER and request_id is not None:
            await self._packed_before(order, request_id)
        if order.status is OrderStatus.PICKED:
            await self._check_before_packing(operator, order, request_id)
        elif order.status is OrderStatus.PROBLEM and request_id is not None:
            refused = await self.store.read(_stock_refusal, order_id, request_id)
            if refused is not None:
                raise _stock_short(refused)
        language = self.language
        plan = plan_for(order, await self.rules.current(self.store, language), language)
        packed = await self._call(
            _pack_at_station, order.id, parcels, device_id=device_id, operator_id=operator.id,
            actor=f"operator:{operator.login}", plan=plan.steps, skipped=plan.skipped,
            summary=plan.summary, request_id=request_id,
        )  # fmt: skip
        if not packed and request_id is not None:  # packed meanwhile, by another request
            await self._packed_before(await self._order(order_id), request_id)
        async with self._locked(order_id):
            self._forget(order_id)
        if packed and self.on_packed is not None:
            self.on_packed()
        return Packed(bool(packed), await self.steps(order_id))

    async def _packed_before(self, order: OrderRecord, request_id: str) -> None:
        """A ``pack`` of an order packed before: a re-sent request (the same ``request_id``,
        or a packing recorded without one) is answered again; another request is refused
        with ``already_packed`` naming what is stored — its parcels are not the stored
        ones, and nothing is changed."""
        stored = await self.store.read(picking.packing_of, order.id)
        if stored is None or stored.request_id in (None, request_id):
            return
        raise ScannerError(
            "already_packed", number=order.number, packages=stored.packages,
            fields={"packages": stored.packages},
        )  # fmt: skip

    async def _check_before_packing(
        self, operator: Operator, order: OrderRecord, request_id: str | None
    ) -> None:
        check = await self.check_stock(order)
        if check is None:
            return
        if not check.checked:
            log_event(logger, "scanner.pack_stock_unchecked", logging.WARNING, order_id=order.id,
                      error=(check.error or "")[:300])  # fmt: skip
            return
        if not check.short:
            return
        short = [line.as_dict() for line in check.short]
        await self._call(
            order_store.change_status, order.id, OrderStatus.PROBLEM,
            reason=problem_reason(check.short, self.language),
            actor=f"operator:{operator.login}", expected_from=[OrderStatus.PICKED.value],
            details={"stock_short": _jsonable(short), "request_id": request_id},
        )  # fmt: skip
        async with self._locked(order.id):
            self._forget(order.id)
        log_event(logger, "scanner.stock_short", logging.WARNING, order_id=order.id,
                  lines=[line.line_id for line in check.short])  # fmt: skip
        raise _stock_short(check.short)

    async def steps(self, order_id: int) -> tuple[StepOutlook, ...]:
        """What will become of each finalization step of the order's current packing."""
        jobs = await self.store.read(job_store.jobs_of, order_id)
        return tuple(self._outlook(job) for job in jobs)

    def _outlook(self, job: job_store.Job) -> StepOutlook:
        result = job.result or {}
        key = self.unconfigured_steps.get(job.step)
        if job.status in QUEUED_JOBS:
            if key is not None:
                return StepOutlook(job.step, "not_configured", reason_key=key)
            return StepOutlook(job.step, "queued")
        if job.status == "not_configured":
            return StepOutlook(job.step, "not_configured", reason=result.get("reason"),
                               reason_key=key)  # fmt: skip
        if job.status == "skipped":
            return StepOutlook(job.step, "skipped", reason=result.get("reason"))
        if job.status == "done":
            return StepOutlook(job.step, "done")
        return StepOutlook(job.step, "failed", reason=job.last_error)

    async def overview(self) -> list[picking.PickingOverviewEntry]:
        return await self.store.read(picking.picking_overview)

    # -- the packing station and the label ---------------------------------------------------

    async def stations(self) -> list[dict[str, Any]]:
        """Every packing station with its label printer (``stations``)."""
        return await self.store.read(station_store.station_list)

    async def device_station(self, device_id: str | None) -> dict[str, Any] | None:
        """The station ``device_id`` packs at (None: none set)."""
        return await self.store.read(station_store.device_station_view, device_id)

    async def set_station(
        self, operator: Operator, device_id: str, station_id: int | None
    ) -> dict[str, Any] | None:
        """Set (None: clear) the device's packing station; ``not_found`` for a station that
        does not exist (nothing changes)."""
        try:
            chosen = await self.store.run(
                station_store.choose_station, device_id, station_id,
                actor=f"operator:{operator.login}",
            )  # fmt: skip
        except station_store.UnknownStation:
            raise ScannerError(
                "not_found", key="shipping.device.unknown_station", station_id=station_id
            ) from None
        log_event(logger, "scanner.station_set", device=device_id, station=station_id)
        return chosen

    async def label(self, order_id: int, language: Language) -> dict[str, Any]:
        """How the label of the order's current packing stands (``label``)."""
        return label_store.label_view(await self._label_facts(order_id), language)

    async def _label_facts(self, order_id: int) -> label_store.LabelFacts:
        try:
            return await self.store.read(label_store.label_facts, order_id)
        except label_store.NotPacked as missing:
            if missing.order is None:
                raise ScannerError("not_found") from None
            raise ScannerError(
                "not_packed", key="shipping.device.not_packed", number=missing.order.number,
                status=_status_text(missing.order.status),
            ) from None  # fmt: skip

    async def reprint_label(
        self,
        operator: Operator,
        *,
        device_id: str,
        order_id: int,
        request_id: str,
        language: Language,
    ) -> dict[str, Any]:
        """Print the order's stored labels again on the printer of the device's station —
        once per ``request_id`` of the device (a re-sent request prints nothing and is
        answered with the label's state again).  Refusals: ``not_packed``,
        ``nothing_to_reprint`` (no station, no printer, no labels yet) and ``printer`` (the
        printer's reason); a refused request prints when sent again."""
        async with self._locked(order_id):
            await self._label_facts(order_id)
            done = await self.store.read(
                label_store.reprinted_before, order_id, device_id, request_id
            )
            if not done:
                await self._reprint(operator, device_id, order_id, request_id, language)
            return await self.label(order_id, language)

    async def _reprint(
        self, operator: Operator, device_id: str, order_id: int, request_id: str,
        language: Language,
    ) -> None:  # fmt: skip
        station = await self.store.read(device_station, device_id)
        if station is None:
            raise ScannerError("nothing_to_reprint", key="shipping.device.no_station")
        try:
            done = await reprint_labels(
                self.store, StationPrinter(language), order_id, station_id=station.id
            )
        except NothingToReprint as nothing:
            raise ScannerError(
                "nothing_to_reprint", key="shipping.device.nothing_to_reprint",
                reason=Message(nothing.key, nothing.params),
            ) from None  # fmt: skip
        except PrinterProblem as problem:
            log_event(logger, "scanner.reprint_failed", logging.WARNING, order_id=order_id,
                      device=device_id, code=problem.code)  # fmt: skip
            raise ScannerError(
                "printer", key="shipping.device.printer", reason=problem.message(language)
            ) from None
        await self.store.run(
            label_store.record_reprint, order_id, device_id=device_id, request_id=request_id,
            actor=f"operator:{operator.login}", printer=done.printer, labels=done.labels,
        )  # fmt: skip
        log_event(logger, "scanner.reprinted", order_id=order_id, device=device_id,
                  labels=done.labels, printer=done.printer)  # fmt: skip


def _status_text(status: OrderStatus) -> Message:
    """The status as the device's language names it."""
    return Message(f"web.order_status.{status.value}")


def _check_line(order: OrderRecord, session: Any, line_id: int, purpose: str) -> None:
    """Refuse, with a named error, a ``manual`` or ``shortage`` for a line the engine would
    refuse: not on the order (``line_not_on_order``), a service or one-off line nothing is
    picked for (``line_not_pickable``), a shortage on a fully picked line
    (``line_complete``)."""
    line = next((ln for ln in order.lines if ln.id == line_id), None)
    if line is None:
        raise ScannerError("line_not_on_order", line=line_id, number=order.number)
    label = f"{line.position}. {line.symbol or line.name}".strip()
    progress = next((p for p in session.lines if p.line_id == line_id), None)
    if progress is None:
        raise ScannerError("line_not_pickable", line=label, number=order.number)
    if purpose == "shortage" and not progress.is_short and progress.remaining <= 0:
        raise ScannerError("line_complete", line=label, number=order.number)


def _pack_at_station(
    conn: Any,
    order_id: int,
    parcels: tuple[picking.PackageInput, ...],
    *,
    device_id: str | None,
    plan: Mapping[str, Mapping[str, Any]],
    **packing: Any,
) -> bool:
    """:func:`picking.pack_order` with the packing station of ``device_id`` in the label
    step's plan (``station_id``; None: the device has none), read in the same transaction."""
    station = device_station(conn, device_id) if device_id else None
    steps = dict(plan)
    if "label" in steps:
        steps["label"] = {**steps["label"], "station_id": station.id if station else None}
    return picking.pack_order(conn, order_id, parcels, plan=steps, **packing)


def _stock_short(lines: Any) -> ScannerError:
    """``stock_short`` naming the lines short (:class:`ShortLine` or their stored dicts)."""
    short = tuple(
        line if isinstance(line, ShortLine) else ShortLine.from_dict(line) for line in lines
    )
    return ScannerError("stock_short", key="stock.pack_refused", fields={"lines": short})


def _stock_refusal(conn: Any, order_id: int, request_id: str) -> list[dict[str, Any]] | None:
    """The lines short of the packing refused with this ``request_id`` that put the order in
    ``problem`` (its latest move there), or None."""
    for event in reversed(order_store.timeline(conn, order_id)):
        if event.to_status is OrderStatus.PROBLEM:
            details = event.details or {}
            if details.get("request_id") == request_id and "stock_short" in details:
                return list(details["stock_short"])
            return None
    return None


def _stored_duplicate(taken: picking.ScanIdTaken) -> dict[str, Any]:
    """A ``duplicate`` verdict for a scan id already stored for another order, with the
    stored verdict as ``first`` (as the engine answers an id it has seen)."""
    ok = taken.verdict in COUNTED_KINDS
    first: dict[str, Any] = {"kind": taken.verdict, "ok": ok, "order_id": taken.order_id}
    if taken.line_id is not None:
        first["line_id"] = taken.line_id
    if taken.quantity is not None:
        first["added"] = taken.quantity
    return {"kind": "duplicate", "ok": ok, "first": first}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def _read_order(
    conn: Any, order_id: int, known: tuple[int | None] | None
) -> tuple[OrderRecord | None, int | None, bytes | None]:
    """(order, saved state's version, saved state) in one transaction.  When ``known``
    holds the version a cached session stands at and the saved state is still at it, the
    state is not read (None)."""
    order = order_store.get_order(conn, order_id)
    if order is None:
        return None, None, None
    if known is not None:
        version = picking.pick_state_version(conn, order_id)
        if version == known[0]:
            return order, version, None
    saved = picking.load_pick_state(conn, order_id)
    return (order, None, None) if saved is None else (order, saved.version, saved.state)


class _Changed(Exception):
    """The order changed elsewhere since it was read into memory (its status, its holder or
    its saved pick state); nothing was written."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _persist(
    conn: Any,
    order_id: int,
    state: bytes,
    version: int | None,
    picked: Mapping[int, Decimal],
    scan: picking.ScanRecord | None,
    operator_id: int,
    status: OrderStatus,
    target: OrderStatus | None,
    actor: str,
    reason: str | None,
    typed: scan_log.ManualEntry | None = None,
) -> int:
    current = picking.claim_of(conn, order_id)
    if current is None:
        raise _Changed("gone")
    if current[1] != operator_id:
        raise _Changed("holder")
    if current[0] != status.value:
        raise _Changed("status")
    try:
        saved = picking.record_pick(
            conn, order_id, state=state, version=version, picked=picked, scan=scan
        )
    except picking.PickStateConflict:
        raise _Changed("pick_state") from None
    if typed is not None:
        scan_log.record_entry(conn, order_id, typed)
    if target is not None:
        if target is not OrderStatus.PROBLEM:
            reason = None
        order_store.change_status(
            conn, order_id, target, reason=reason, actor=actor, expected_from=[status.value]
        )
    return saved
