"""Picking and packing rules for the scanner connections, over the store and the Rust core.

:class:`ScannerService` is shared by all connections of a server.  For every order being
picked it keeps the pick engine's session (``kolektor._core.PickSession``) in memory,
loaded from the store's ``pick_states`` (or built from the order's lines) on first use, and
changes it under a per-order lock: the scan is parsed (``kolektor._core.ScanParser``),
judged by the session, and the new state, the lines' picked quantities and the scan are
written in one store transaction before the verdict is returned.  When that write fails
the in-memory session is dropped and rebuilt from the store on the next use, so memory
never runs ahead of what is durable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import trio

from kolektor import _core
from kolektor.catalog import Catalog, barcode_key
from kolektor.finalize.plan import RulesCache, plan_for
from kolektor.i18n import Language
from kolektor.logs import log_context, log_event
from kolektor.scanner.batch import GroupCommit
from kolektor.store import orders as order_store
from kolektor.store import picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.operators import Operator
from kolektor.store.orders import OrderRecord

logger = logging.getLogger("kolektor.scanner")

PICKABLE_KIND = 1
"""``ob_TowRodzaj`` of goods; services (2) and other kinds are not picked."""


class ScannerError(Exception):
    """A request the rules refuse; ``code`` is the protocol error code."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class Judged:
    """The answer to a scan, manual entry, undo or shortage."""

    verdict: dict[str, Any]
    line: dict[str, Any] | None
    order_status: OrderStatus
    complete: bool


def _pickable(line: order_store.OrderLineRecord) -> bool:
    return line.product_id is not None and line.kind == PICKABLE_KIND


def _line_barcodes(line: order_store.OrderLineRecord) -> list[tuple[str, Decimal]]:
    """The line's barcodes by lookup key; a code stored twice (once with a leading zero)
    counts once, with the first multiplier."""
    keys: dict[str, Decimal] = {}
    for barcode in line.barcodes:
        keys.setdefault(barcode_key(barcode.code), barcode.quantity)
    return list(keys.items())


def build_session(order: OrderRecord) -> Any:
    """A fresh pick session for the order's goods lines; None when it has none (an order
    of services only has nothing to pick)."""
    lines = [
        _core.PickLine(
            line.id,
            line.product_id,
            line.base_quantity,
            _line_barcodes(line),
            requires_batch=line.requires_batch,
            requires_expiry=line.requires_expiry,
            requires_serial=line.requires_serial,
        )
        for line in order.lines
        if _pickable(line)
    ]
    return _core.PickSession(lines) if lines else None


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
    ) -> None:
        self.store = store
        self.writes = GroupCommit(store)
        """Scans' writes share transactions while :meth:`GroupCommit.run` runs."""
        self.language: Language = language
        self.on_packed = on_packed
        """Called after an order was packed (the server wakes the pipeline)."""
        self.catalog = catalog if catalog is not None else Catalog()
        self.rules = RulesCache()
        """The document rules, parsed once per change (packing plans the finalization)."""
        self.parser = _core.ScanParser(scan_config_json)
        self._sessions: dict[int, Any] = {}
        self._orders: dict[int, OrderRecord] = {}
        self._picked: dict[int, dict[int, Decimal]] = {}
        self._locks: dict[int, trio.Lock] = {}

    # -- queue and claims -----------------------------------------------------------------

    async def queue(self, operator: Operator) -> list[picking.QueueEntry]:
        return await self.store.read(picking.queue, operator.id)

    async def claimed(self, operator: Operator) -> list[int]:
        return await self.store.read(picking.claimed_orders, operator.id)

    async def claim(self, operator: Operator, order_id: int, *, takeover: bool) -> None:
        self._orders.pop(order_id, None)
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

    async def release(self, operator: Operator, order_id: int) -> None:
        self._orders.pop(order_id, None)
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

    def _lock(self, order_id: int) -> trio.Lock:
        lock = self._locks.get(order_id)
        if lock is None:
            lock = self._locks[order_id] = trio.Lock()
        return lock

    async def _order(self, order_id: int) -> OrderRecord:
        order = await self.store.read(order_store.get_order, order_id)
        if order is None:
            raise ScannerError("not_found")
        return order

    async def _session(self, order: OrderRecord) -> Any:
        session = self._sessions.get(order.id)
        if session is None and any(map(_pickable, order.lines)):
            state = await self.store.read(picking.load_pick_state, order.id)
            session = (
                _core.PickSession.from_bytes(state) if state is not None else build_session(order)
            )
            self._sessions[order.id] = session
        return session

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
            "pickable": _pickable(line),
            "barcodes": [{"code": b.code, "quantity": b.quantity} for b in line.barcodes],
            "requires_batch": line.requires_batch,
            "requires_expiry": line.requires_expiry,
            "requires_serial": line.requires_serial,
        }

    async def order_view(self, order_id: int) -> dict[str, Any]:
        """The full state of an order as the ``order`` message carries it."""
        async with self._lock(order_id):
            order = await self._order(order_id)
            self._orders[order_id] = order  # the next scan need not read it again
            session = await self._session(order)
            return self._view(order, session)

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
    ) -> Judged:
        """Run ``act(session)`` on the order's session and store the outcome durably.

        The order is taken from memory when it is already being picked here; whether it is
        still this operator's and in an allowed status is checked again inside the write
        transaction, so a change made elsewhere (a takeover, the intake) is never missed.
        """
        async with self._lock(order_id):
            order = self._orders.get(order_id) or await self._order(order_id)
            self._orders[order_id] = order
            if order.claimed_by != operator.id:
                raise ScannerError("not_yours")
            if order.status not in allowed:
                raise ScannerError("wrong_status", status=order.status.value)
            session = await self._session(order)
            if session is None:
                raise ScannerError("wrong_status", status=order.status.value)
            verdict = act(session)
            data = verdict.as_dict()
            progress = {line.line_id: line for line in session.lines}
            before = self._picked.get(order_id, {})
            picked = {
                line_id: line.picked
                for line_id, line in progress.items()
                if before.get(line_id) != line.picked
            }
            target = self._next_status(order.status, session, verdict)
            record = None
            if scan is not None and data.get("kind") != "duplicate":
                record = replace(
                    scan, verdict=data["kind"], line_id=data.get("line_id"),
                    quantity=data.get("added"),
                )  # fmt: skip
            try:
                await self.writes.write(
                    _persist, order_id, session.to_bytes(), picked, record, operator.id,
                    order.status, target, f"operator:{operator.login}", reason,
                )  # fmt: skip
            except BaseException as error:
                self._forget(order_id)
                if isinstance(error, _Stale):
                    raise ScannerError(error.code, status=error.status) from None
                raise
            self._picked[order_id] = {line_id: line.picked for line_id, line in progress.items()}
            if target is not None:
                self._orders[order_id] = replace(order, status=target)
            line_id = data.get("line_id")
            line = next((ln for ln in order.lines if ln.id == line_id), None)
            return Judged(
                verdict=data,
                line=self._line_view(line, progress) if line is not None else None,
                order_status=target or order.status,
                complete=session.is_complete,
            )

    def _forget(self, order_id: int) -> None:
        """Drop what memory holds about an order; the store is read again on next use."""
        self._sessions.pop(order_id, None)
        self._orders.pop(order_id, None)
        self._picked.pop(order_id, None)

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
        parsed: Any = None
        try:
            parsed = self.parser.parse(code)
        except ValueError as error:
            interpretation: dict[str, Any] = {"error": str(error)}
            key = code.strip()
        else:
            interpretation = parsed.as_dict()
            key = parsed.lookup_key or code.strip()
        record = picking.ScanRecord(
            operator_id=operator.id, device_id=device_id, scan_uid=scan_id, raw=code,
            interpretation=_jsonable(interpretation), verdict="", quantity=None, line_id=None,
            scanned_at=scanned_at,
        )  # fmt: skip

        # A variable-measure code with a zero value (the shop's own lookup label) carries no
        # quantity; the barcode's multiplier applies.
        quantity = parsed.quantity if parsed is not None else None
        if quantity is not None and quantity <= 0:
            quantity = None

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

        with log_context(operator=operator.login):
            judged = await self._judge(operator, order_id, act, scan=record)
            log_event(logger, "scan.judged", order_id=order_id, verdict=judged.verdict["kind"])
        return judged

    async def manual(
        self, operator: Operator, *, order_id: int, entry_id: str, line_id: int, quantity: Decimal
    ) -> Judged:
        return await self._judge(
            operator, order_id, lambda s: s.manual(entry_id, line_id, quantity)
        )

    async def undo(self, operator: Operator, *, order_id: int, action_id: str) -> Judged:
        return await self._judge(
            operator,
            order_id,
            lambda s: s.undo(action_id),
            allowed=(OrderStatus.PICKING, OrderStatus.PICKED),
        )

    async def shortage(
        self, operator: Operator, *, order_id: int, line_id: int, reason: str
    ) -> Judged:
        return await self._judge(
            operator, order_id, lambda s: s.report_shortage(line_id, reason), reason=reason
        )

    # -- packing -------------------------------------------------------------------------------

    async def pack_open(self, code: str) -> int:
        order_id = await self.store.read(picking.find_order_by_number, code)
        if order_id is None:
            raise ScannerError("not_found")
        return int(order_id)

    async def pack(
        self, operator: Operator, *, order_id: int, parcels: tuple[picking.PackageInput, ...]
    ) -> bool:
        """Record the packages, mark the order packed and queue its finalization, with the
        steps the document rules choose — one transaction."""
        order = await self._order(order_id)
        language = self.language
        plan = plan_for(order, await self.rules.current(self.store, language), language)
        packed = await self._call(
            picking.pack_order, order.id, parcels, operator_id=operator.id,
            actor=f"operator:{operator.login}", plan=plan.steps, skipped=plan.skipped,
            summary=plan.summary,
        )  # fmt: skip
        self._forget(order_id)
        self._locks.pop(order_id, None)
        if packed and self.on_packed is not None:
            self.on_packed()
        return bool(packed)

    async def overview(self) -> list[picking.PickingOverviewEntry]:
        return await self.store.read(picking.picking_overview)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value


class _Stale(Exception):
    """The order changed elsewhere since it was read into memory."""

    def __init__(self, code: str, status: str) -> None:
        super().__init__(code, status)
        self.code = code
        self.status = status


def _persist(
    conn: Any,
    order_id: int,
    state: bytes,
    picked: Mapping[int, Decimal],
    scan: picking.ScanRecord | None,
    operator_id: int,
    status: OrderStatus,
    target: OrderStatus | None,
    actor: str,
    reason: str | None,
) -> None:
    current = picking.claim_of(conn, order_id)
    if current is None:
        raise _Stale("not_found", "")
    if current[1] != operator_id:
        raise _Stale("not_yours", current[0])
    if current[0] != status.value:
        raise _Stale("wrong_status", current[0])
    picking.record_pick(conn, order_id, state=state, picked=picked, scan=scan)
    if target is not None:
        if target is not OrderStatus.PROBLEM:
            reason = None
        order_store.change_status(
            conn, order_id, target, reason=reason, actor=actor, expected_from=[status.value]
        )
