"""The intake against the demo Subiekt database and a real store (SQLite and PostgreSQL):
new ZKs, changed ZKs, ZKs realized or deleted behind Kolektor's back, and Subiekt going away
and coming back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import trio

from kolektor.demo.database import SubiektDatabase, ZkLine
from kolektor.demo.generator import DemoSummary
from kolektor.intake.loop import (
    IntakeResult,
    IntakeStatus,
    SubiektSource,
    Wakeup,
    intake_loop,
    run_once,
)
from kolektor.store import orders
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.subiekt.reader import SubiektReader
from tests.subiekt_fixtures import settings_for

FS_TYPE = 2


@pytest.fixture
def source(subiekt_db: DemoSummary) -> Iterator[SubiektSource]:
    reader = SubiektReader(settings_for(subiekt_db.path))
    yield SubiektSource(reader)
    reader.close()


def order_of(store: Store, zk_id: int) -> orders.OrderRecord:
    entry = store.read_sync(orders.intake_index)[zk_id]
    record = store.read_sync(orders.get_order, entry.order_id)
    assert record is not None
    return record


async def test_first_pass_imports_every_open_zk_and_the_next_changes_nothing(
    subiekt_db: DemoSummary, source: SubiektSource, store: Store
) -> None:
    first = await run_once(source, store, "pl")
    assert first == IntakeResult(
        open_orders=len(subiekt_db.open_zk_ids), imported=len(subiekt_db.open_zk_ids)
    )
    index = store.read_sync(orders.intake_index)
    assert sorted(index) == sorted(subiekt_db.open_zk_ids)
    assert {entry.status for entry in index.values()} == {OrderStatus.NEW}
    assert await run_once(source, store, "pl") == IntakeResult(open_orders=first.open_orders)

    ex = subiekt_db.examples
    record = order_of(store, ex.zk_pack_line)
    assert record.nip is not None and len(record.nip) == 10
    pack = next(line for line in record.lines if line.unit == "opak.")
    assert pack.base_quantity == pack.quantity * 6
    assert any(b.quantity == 6 for b in pack.barcodes)
    assert order_of(store, ex.zk_uuid_in_custom_field).external_id is not None
    timeline = store.read_sync(orders.timeline, record.id)
    assert [event.event for event in timeline] == ["imported"]


async def test_new_zk_from_the_synchronizer_is_imported(
    subiekt_db: DemoSummary, source: SubiektSource, store: Store
) -> None:
    await run_once(source, store, "pl")
    with SubiektDatabase(subiekt_db.path) as db:
        new_id = db.add_open_zk(
            subiekt_db.examples.person_id,
            [ZkLine(subiekt_db.examples.pack6_product_id, 2, unit="opak.")],
            remarks="Zamówienie z Allegro — proszę o paragon",
        )
    result = await run_once(source, store, "pl")
    assert (result.imported, result.refreshed, result.gone) == (1, 0, 0)
    record = order_of(store, new_id)
    assert record.remarks == "Zamówienie z Allegro — proszę o paragon"
    assert [line.base_quantity for line in record.lines] == [Decimal("12.0000")]


async def test_zk_changed_in_subiekt_is_refreshed_while_new(
    subiekt_db: DemoSummary, source: SubiektSource, store: Store
) -> None:
    await run_once(source, store, "pl")
    zk_id = subiekt_db.examples.zk_plain_remark
    before = order_of(store, zk_id)
    first_line = before.lines[0]
    with SubiektDatabase(subiekt_db.path) as db:
        db.update("dok__Dokument", {"dok_Id": zk_id}, dok_Uwagi="Jednak proszę o fakturę")
        db.update(
            "dok_Pozycja",
            {"ob_Id": first_line.subiekt_line_id},
            ob_Ilosc=first_line.quantity + 1,
            ob_IloscMag=first_line.base_quantity + 1,
        )
    result = await run_once(source, store, "pl")
    assert (result.imported, result.refreshed, result.noted) == (0, 1, 0)
    after = order_of(store, zk_id)
    assert after.remarks == "Jednak proszę o fakturę"
    assert after.lines[0].quantity == first_line.quantity + 1
    assert after.status == OrderStatus.NEW and after.fingerprint != before.fingerprint
    events = [e.event for e in store.read_sync(orders.timeline, after.id)]
    assert events == ["imported", "updated_from_subiekt"]


async def test_zk_changed_while_picking_is_only_noted(
    subiekt_db: DemoSummary, source: SubiektSource, store: Store
) -> None:
    await run_once(source, store, "pl")
    zk_id = subiekt_db.examples.zk_many_lines
    before = order_of(store, zk_id)
    store.run_sync(
        orders.change_status, before.id, OrderStatus.PICKING, reason=None, actor="operator:anna"
    )
    with SubiektDatabase(subiekt_db.path) as db:
        db.delete("dok_Pozycja", {"ob_Id": before.lines[-1].subiekt_line_id})
    result = await run_once(source, store, "pl")
    assert (result.refreshed, result.noted) == (0, 1)
    after = order_of(store, zk_id)
    assert after.lines == before.lines  # the picker's list is not rewritten under them
    assert after.subiekt_changed_at is not None
    assert after.status == OrderStatus.PICKING
    # Noted once: the next pass sees the same fingerprint and does nothing.
    assert (await run_once(source, store, "pl")).noted == 0


async def test_zk_realized_or_deleted_in_subiekt_makes_the_order_gone(
    subiekt_db: DemoSummary, source: SubiektSource, store: Store
) -> None:
    await run_once(source, store, "pl")
    ex = subiekt_db.examples
    realized, deleted, packed = ex.zk_remark_invoice, ex.zk_remark_receipt, ex.zk_remark_wz
    packed_order = order_of(store, packed)
    for status in (OrderStatus.PICKING, OrderStatus.PICKED, OrderStatus.PACKED):
        store.run_sync(orders.change_status, packed_order.id, status, reason=None, actor="test")
    with SubiektDatabase(subiekt_db.path) as db:
        zk_lines = db.select("dok_Pozycja", {"ob_DokHanId": realized})
        priced = [db.price_line(ZkLine(int(r["ob_TowId"]), r["ob_Ilosc"])) for r in zk_lines]
        fs_id = db.add_document(
            FS_TYPE,
            priced,
            warehouse_id=subiekt_db.main_warehouse_id,
            status=1,
            issued=datetime(2026, 11, 28, 10, 0),
            number_prefix="FS",
            monthly_numbering=True,
            based_on_id=realized,
        )
        fs_number = db.select_one("dok__Dokument", {"dok_Id": fs_id})["dok_NrPelny"]
        db.update("dok__Dokument", {"dok_Id": realized}, dok_Status=8, dok_StatusEx=4)
        db.delete("dok_Pozycja", {"ob_DokHanId": deleted})
        db.delete("dok__Dokument", {"dok_Id": deleted})
        # Kolektor's own realization of the packed order is not someone else's doing.
        db.update("dok__Dokument", {"dok_Id": packed}, dok_Status=8, dok_StatusEx=4)
    result = await run_once(source, store, "pl")
    assert result.gone == 2
    gone = order_of(store, realized)
    assert gone.status == OrderStatus.GONE
    assert gone.status_reason == f"ZK zrealizowano w Subiekcie poza Kolektorem: {fs_number}."
    assert order_of(store, deleted).status_reason == "ZK usunięto w Subiekcie."
    assert order_of(store, packed).status == OrderStatus.PACKED
    assert (await run_once(source, store, "pl")).gone == 0


async def wait_until(condition: Callable[[], bool], seconds: float = 20) -> None:
    """Poll ``condition`` (a guard against hanging, not a timing assertion)."""
    with trio.fail_after(seconds):
        while not condition():  # noqa: ASYNC110 — state changed by other tasks and threads
            await trio.sleep(0.02)


async def test_connection_lost_and_back_loses_nothing(
    subiekt_db: DemoSummary, source: SubiektSource, store: Store, tmp_path: Path
) -> None:
    status = IntakeStatus()
    wake = Wakeup()
    hidden = tmp_path / "away.db"
    async with trio.open_nursery() as nursery:
        await nursery.start(
            lambda task_status: intake_loop(
                source,
                store,
                poll_interval=0.05,
                language="en",
                status=status,
                wake=wake,
                max_backoff=0.2,
                task_status=task_status,
            )
        )
        await wait_until(lambda: status.last_result.imported == len(subiekt_db.open_zk_ids))
        imported = store.read_sync(orders.intake_index)

        # The server goes away: the open connection breaks and reconnecting fails.
        subiekt_db.path.rename(hidden)
        source.reader.close()
        await wait_until(lambda: status.consecutive_failures >= 3)
        assert not status.healthy
        assert status.last_error is not None
        assert store.read_sync(orders.intake_index) == imported  # nothing lost, nothing gone

        # It comes back with one more ZK.
        hidden.rename(subiekt_db.path)
        with SubiektDatabase(subiekt_db.path) as db:
            new_id = db.add_open_zk(
                subiekt_db.examples.person_id, [ZkLine(subiekt_db.examples.pack6_product_id, 1)]
            )
        wake.set()
        await wait_until(lambda: status.healthy)
        await wait_until(lambda: new_id in store.read_sync(orders.intake_index))
        nursery.cancel_scope.cancel()
    after = store.read_sync(orders.intake_index)
    assert {k: v for k, v in after.items() if k != new_id} == imported
    assert not status.running


async def test_a_zk_filtered_out_is_held_and_comes_back_where_it_was(
    subiekt_db: DemoSummary, store: Store
) -> None:
    """A flag, category or warehouse changed in Subiekt (or the intake's filters did): the
    order is held — not lost as gone — even mid-picking, and goes back to where it was,
    claim and all, as soon as the ZK passes the filters again."""
    import dataclasses

    settings = dataclasses.replace(
        settings_for(subiekt_db.path), warehouses=(subiekt_db.main_warehouse_id,)
    )
    source = SubiektSource(SubiektReader(settings))
    try:
        await run_once(source, store, "pl")
        ex = subiekt_db.examples
        waiting, picking = ex.zk_remark_invoice, ex.zk_many_lines
        claimed = order_of(store, picking)
        store.run_sync(orders.change_status, claimed.id, OrderStatus.PICKING, reason=None,
                       actor="operator:anna")  # fmt: skip
        other = subiekt_db.main_warehouse_id + 1
        with SubiektDatabase(subiekt_db.path) as db:
            for zk_id in (waiting, picking):
                db.update("dok__Dokument", {"dok_Id": zk_id}, dok_MagId=other)
        result = await run_once(source, store, "pl")
        assert (result.held, result.gone) == (2, 0)
        held = order_of(store, picking)
        assert held.status == OrderStatus.HELD
        assert held.status_reason is not None and "wstrzymane" in held.status_reason
        assert (await run_once(source, store, "pl")).held == 0  # still held, nothing new
        with SubiektDatabase(subiekt_db.path) as db:
            for zk_id in (waiting, picking):
                db.update("dok__Dokument", {"dok_Id": zk_id},
                          dok_MagId=subiekt_db.main_warehouse_id)  # fmt: skip
        result = await run_once(source, store, "pl")
        assert (result.released, result.imported) == (2, 0)
        assert order_of(store, waiting).status == OrderStatus.NEW
        back = order_of(store, picking)
        assert back.status == OrderStatus.PICKING  # the picker carries on
        assert back.lines == claimed.lines
    finally:
        await source.aclose()
