"""The scanner's queue read in pages by the store: the same order as the whole queue, the
whole queue's length with every page, only the operator's own orders in progress."""

from __future__ import annotations

from datetime import datetime

from kolektor.store import operators, orders, picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.tables import orders as orders_table
from tests.store.samples import fingerprint, zk

NIP = "5260250995"


def _import(store: Store, number: int, *, issued_day: int, priority: int = 0) -> int:
    order = zk(
        id=2000 + number, number=f"ZK {number}/2026", issued_at=datetime(2026, 3, issued_day, 8)
    )
    order_id = store.run_sync(orders.import_order, order, fingerprint=fingerprint(order), nip=NIP)
    if priority:
        store.run_sync(lambda conn: conn.execute(
            orders_table.update().where(orders_table.c.id == order_id)
            .values(priority=priority)
        ))  # fmt: skip
    return order_id


def test_pages_slice_the_whole_queue_and_carry_its_length(store: Store) -> None:
    anna = store.run_sync(operators.create_operator, login="anna", name="Anna", role="picker")
    olek = store.run_sync(operators.create_operator, login="olek", name="Olek", role="picker")
    ids = [_import(store, n, issued_day=1 + n % 20) for n in range(1, 24)]
    urgent = _import(store, 99, issued_day=28, priority=5)
    store.run_sync(picking.claim_order, ids[3], operator_id=anna, role="picker", actor="t")
    store.run_sync(picking.claim_order, ids[4], operator_id=olek, role="picker", actor="t")

    whole = store.read_sync(picking.queue, anna)
    assert whole.total == len(whole.entries) == 23  # 24 orders, less Olek's
    assert whole.entries[0].id == urgent  # priority first, then due date, then age
    assert ids[4] not in {e.id for e in whole.entries}
    mine = next(e for e in whole.entries if e.id == ids[3])
    assert (mine.status, mine.claimed_by, mine.claimed_by_login) == (
        OrderStatus.PICKING,
        anna,
        "anna",
    )
    pages = [store.read_sync(picking.queue, anna, offset=o, limit=7) for o in (0, 7, 14, 21)]
    assert [len(p.entries) for p in pages] == [7, 7, 7, 2]
    assert {p.total for p in pages} == {23}
    assert [e for p in pages for e in p.entries] == whole.entries
    beyond = store.read_sync(picking.queue, anna, offset=23, limit=7)
    assert beyond == picking.QueuePage([], 23)
