"""A scan cancelled at any await of its path (the device dropped its socket) never leaves
the saved pick state, the lines' totals and the stored scans disagreeing; and ``pack``
racing ``undo`` on one order leaves them agreeing too.  Real store with the demo data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
import trio

from kolektor import _core
from kolektor.scanner.service import COUNTED_KINDS, ScannerService
from kolektor.store import operators as operator_store
from kolektor.store import picking
from kolektor.store.engine import Store
from kolektor.store.tables import order_lines, scans
from tests.scanner.conftest import Site, scan_plan
from tests.scanner.test_ws import NOW as NOW_TEXT

NOW = datetime.fromisoformat(NOW_TEXT)


def agree(store: Store, order_id: int) -> dict[int, Decimal]:
    """Saved state = line totals = the stored scans: every counted scan row is known to the
    saved state, and each line's picked quantity is what the scans still in effect (not
    undone) added — and what ``order_lines`` holds."""
    saved = store.read_sync(picking.load_pick_state, order_id)
    assert saved is not None
    session = _core.PickSession.from_bytes(saved.state)
    state = {ln.line_id: ln.picked for ln in session.lines}
    with store.engine.connect() as connection:
        totals = {
            row.id: row.picked_quantity
            for row in connection.execute(
                sa.select(order_lines.c.id, order_lines.c.picked_quantity).where(
                    order_lines.c.order_id == order_id
                )
            )
        }
        rows = connection.execute(
            sa.select(scans.c.device_id, scans.c.scan_uid, scans.c.line_id, scans.c.quantity,
                      scans.c.verdict).where(scans.c.order_id == order_id)
        ).all()  # fmt: skip
    counted = {f"{r.device_id}:{r.scan_uid}": r for r in rows if r.verdict in COUNTED_KINDS}
    for op_id in counted:
        assert session.verdict_for(op_id) is not None, f"the saved state misses scan {op_id}"
    in_effect: dict[int, Decimal] = {}
    for action in session.actions:
        if not action.manual:
            row = counted[action.action_id]
            assert (row.line_id, row.quantity) == (action.line_id, action.quantity)
        in_effect[action.line_id] = in_effect.get(action.line_id, Decimal(0)) + action.quantity
    for line_id, picked in state.items():
        assert totals[line_id] == picked, (line_id, totals, state)
        assert in_effect.get(line_id, Decimal(0)) == picked, (line_id, in_effect, state)
    return state


class Hooks:
    """Cancels ``scope`` when the store is entered the ``at``-th time (reads and writes)."""

    def __init__(self, store: Store) -> None:
        self.calls = 0
        self.at = 0
        self.scope: trio.CancelScope | None = None
        read, run = store.read, store.run

        async def hooked_read(fn: Any, *args: Any, **kwargs: Any) -> Any:
            self._tick()
            return await read(fn, *args, **kwargs)

        async def hooked_run(fn: Any, *args: Any, **kwargs: Any) -> Any:
            self._tick()
            return await run(fn, *args, **kwargs)

        store.read = hooked_read  # type: ignore[method-assign]
        store.run = hooked_run  # type: ignore[method-assign]

    def _tick(self) -> None:
        self.calls += 1
        if self.calls == self.at and self.scope is not None:
            self.scope.cancel()


@pytest.mark.parametrize("at", [0, 1, 2, 3], ids=["lock", "load", "commit", "after"])
async def test_a_scan_cancelled_at_any_await_is_kept_or_not_but_never_half(
    site: Site, at: int
) -> None:
    store = Store.open(site.config.store_url)
    hooks = Hooks(store)
    service = ScannerService(store)
    operator = store.read_sync(operator_store.get_by_login, "marek")
    assert operator is not None
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    plan = scan_plan(order)
    try:
        async with trio.open_nursery() as nursery:
            await nursery.start(service.writes.run)
            await service.claim(operator, order.id, takeover=False)
            await service.scan(operator, "dev", order_id=order.id, scan_id="s-0",
                               code=plan[0][1], scanned_at=NOW)  # fmt: skip
            with trio.CancelScope() as scope:
                hooks.scope, hooks.calls, hooks.at = scope, 0, at
                if at == 0:  # waiting for the order's lock, held by another request
                    async with service._locked(order.id):
                        scope.cancel()
                        await service.scan(operator, "dev", order_id=order.id, scan_id="s-1",
                                           code=plan[1][1], scanned_at=NOW)  # fmt: skip
                else:
                    service._forget(order.id)  # the scan reads the order (call 1), commits (2)
                    await service.scan(operator, "dev", order_id=order.id, scan_id="s-1",
                                       code=plan[1][1], scanned_at=NOW)  # fmt: skip
            hooks.scope = None
            state = agree(store, order.id)
            kept = store.read_sync(picking.find_scan, "dev", "s-1") is not None
            if at == 2:  # cancelled while its write was queued: it was written, and known
                assert kept
                assert order.id in service.cached_orders
            # The next request, on this service and on a fresh one, sees the same state.
            for index, (_, code, _) in enumerate(plan[2:4], start=2):
                await service.scan(operator, "dev", order_id=order.id, scan_id=f"s-{index}",
                                   code=code, scanned_at=NOW)  # fmt: skip
            other = ScannerService(store)
            retried = await other.scan(operator, "dev", order_id=order.id, scan_id="s-1",
                                       code=plan[1][1], scanned_at=NOW)  # fmt: skip
            assert retried.verdict["kind"] == ("duplicate" if kept else retried.verdict["kind"])
            after = agree(store, order.id)
            assert sum(after.values()) >= sum(state.values())
            nursery.cancel_scope.cancel()
    finally:
        store.close()


async def test_pack_racing_undo_leaves_the_order_consistent(
    site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_pack_line
    order = site.order(zk_id)
    plan = scan_plan(order)
    async with connect("tc-race-1") as packer, connect("tc-race-2") as picker:
        await packer.login("OP-0002")
        await picker.login("OP-0002")  # the same operator on a second device
        await picker.request("claim", order_id=order.id)
        for index, (_, code, _) in enumerate(plan):
            await picker.request("scan", order_id=order.id, scan_id=f"r-{index}", code=code,
                                 scanned_at=NOW_TEXT)  # fmt: skip
        answers: dict[str, dict[str, Any]] = {}

        async def ask(name: str, device: Any, kind: str, **fields: Any) -> None:
            answers[name] = await device.request(kind, **fields)

        requests: list[Callable[[], Awaitable[None]]] = [
            lambda: ask("pack", packer, "pack", order_id=order.id, request_id="race",
                        packages=[{"weight_kg": "1"}]),
            lambda: ask("undo", picker, "undo", order_id=order.id, action_id="race-undo"),
        ]  # fmt: skip
        async with trio.open_nursery() as nursery:
            for request in requests:
                nursery.start_soon(request)
    assert "internal" not in {a.get("code") for a in answers.values()}, answers
    status = site.order(zk_id).status.value
    undone = answers["undo"]["type"] == "verdict" and answers["undo"]["verdict"]["kind"] == "undone"
    packed = answers["pack"]["type"] == "packed"
    assert undone != packed, answers  # exactly one of them won
    assert status == ("packed" if packed else "picking")
    agree(site.store, order.id)
