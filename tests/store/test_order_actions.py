"""The office's hold and send back in the store (kolektor.store.order_actions): which
statuses allow them, what they record, what happens to the claim and the picked goods."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from kolektor.store import OrderStatus, Store, audit, operators, orders
from kolektor.store.order_actions import hold_order, send_back
from kolektor.store.order_page import order_audit
from kolektor.store.orders import OrderNotFoundError, OrderStateError
from kolektor.store.picking import claim_order
from kolektor.store.tables import order_lines
from tests.store.samples import fingerprint, zk

HELD = "Wstrzymane przez biuro (biuro): klient dzwonił"


@pytest.fixture
def order_id(store: Store) -> int:
    order = zk(issued_at=datetime(2026, 3, 2, 10, 0))
    return store.run_sync(orders.import_order, order, fingerprint=fingerprint(order), nip=None)


@pytest.fixture
def anna(store: Store) -> int:
    return store.run_sync(operators.create_operator, login="anna", name="Anna", role="picker",
                          pin="1111")  # fmt: skip


def claim(store: Store, order_id: int, operator_id: int) -> None:
    store.run_sync(claim_order, order_id, operator_id=operator_id, role="picker",
                   actor="operator:anna")  # fmt: skip


def status_of(store: Store, order_id: int) -> tuple[OrderStatus, str | None, int | None]:
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    return order.status, order.status_reason, order.claimed_by


@pytest.mark.parametrize("start", ["new", "picking", "picked"])
def test_an_order_not_packed_yet_can_be_held(
    store: Store, order_id: int, anna: int, start: str
) -> None:
    if start != "new":
        claim(store, order_id, anna)
    if start == "picked":
        store.run_sync(orders.change_status, order_id, "picked", reason=None, actor="t")
    before = store.run_sync(hold_order, order_id, actor="operator:biuro", reason=HELD,
                            note="klient dzwonił")  # fmt: skip
    assert before == OrderStatus(start)
    # The claim stays: everyone sees who had it.
    assert status_of(store, order_id) == (
        OrderStatus.PROBLEM,
        HELD,
        None if start == "new" else anna,
    )
    event = store.read_sync(orders.timeline, order_id)[-1]
    assert (event.event, event.from_status, event.to_status, event.reason, event.actor) == (
        "status_changed",
        OrderStatus(start),
        OrderStatus.PROBLEM,
        HELD,
        "operator:biuro",
    )
    assert event.details == {"action": "order.held", "note": "klient dzwonił"}
    (entry,) = store.read_sync(order_audit, order_id)
    assert (entry.actor, entry.action, entry.details) == (
        "operator:biuro", "order.held",
        {"number": "ZK 18/2026", "from": start, "to": "problem", "note": "klient dzwonił"},
    )  # fmt: skip
    assert store.read_sync(audit.recent)[0].target == f"order:{order_id}"


@pytest.mark.parametrize("start", ["problem", "packed", "done", "attention", "held", "gone"])
def test_an_order_past_picking_or_parked_cannot_be_held(
    store: Store, order_id: int, start: str
) -> None:
    path = {"problem": ["problem"], "packed": ["picking", "picked", "packed"],
            "done": ["picking", "picked", "packed", "done"],
            "attention": ["picking", "picked", "packed", "attention"], "held": ["held"],
            "gone": ["gone"]}[start]  # fmt: skip
    for step in path:
        store.run_sync(orders.change_status, order_id, step, reason="x", actor="t")
    with pytest.raises(OrderStateError) as refused:
        store.run_sync(hold_order, order_id, actor="operator:biuro", reason=HELD)
    assert refused.value.status == OrderStatus(start)
    assert status_of(store, order_id)[0] == OrderStatus(start)
    assert store.read_sync(order_audit, order_id) == []


def test_send_back_returns_a_problem_to_the_queue_with_the_picked_goods_counted(
    store: Store, order_id: int, anna: int
) -> None:
    claim(store, order_id, anna)
    # Two of the six mugs were picked before the office held the order.
    first_line = store.read_sync(orders.get_order, order_id).lines[0]  # type: ignore[union-attr]
    store.run_sync(lambda conn: conn.execute(
        order_lines.update().where(order_lines.c.id == first_line.id)
        .values(picked_quantity=Decimal(2))))  # fmt: skip
    store.run_sync(hold_order, order_id, actor="operator:biuro", reason=HELD)
    reason = "Odesłane do kompletacji przez biuro (kierownik)."
    before = store.run_sync(send_back, order_id, actor="operator:kierownik", reason=reason)
    assert before is OrderStatus.PROBLEM
    assert status_of(store, order_id) == (OrderStatus.NEW, reason, None)  # claim released
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.lines[0].picked_quantity == Decimal(2)
    assert [e.action for e in store.read_sync(order_audit, order_id)] == [
        "order.held", "order.sent_back"]  # fmt: skip
    # Anyone may claim it now.
    bob = store.run_sync(operators.create_operator, login="bob", name="Bob", role="picker",
                         pin="2222")  # fmt: skip
    claim(store, order_id, bob)
    assert status_of(store, order_id)[::2] == (OrderStatus.PICKING, bob)


@pytest.mark.parametrize("start", ["new", "picking", "packed"])
def test_only_a_problem_or_attention_can_be_sent_back(store: Store, order_id: int, anna: int,
                                                      start: str) -> None:  # fmt: skip
    if start != "new":
        claim(store, order_id, anna)
    if start == "packed":
        for step in ("picked", "packed"):
            store.run_sync(orders.change_status, order_id, step, reason="x", actor="t")
    with pytest.raises(OrderStateError) as refused:
        store.run_sync(send_back, order_id, actor="operator:biuro", reason="x")
    assert refused.value.status == OrderStatus(start)


def test_an_order_in_attention_before_realization_is_sent_back(
    store: Store, order_id: int, anna: int
) -> None:
    claim(store, order_id, anna)
    for step in ("picked", "packed", "attention"):
        store.run_sync(orders.change_status, order_id, step, reason="x", actor="t")
    assert store.run_sync(send_back, order_id, actor="operator:biuro", reason="przepakować") == (
        OrderStatus.ATTENTION
    )
    assert status_of(store, order_id)[0] == OrderStatus.NEW


def test_actions_on_a_missing_order(store: Store) -> None:
    with pytest.raises(OrderNotFoundError):
        store.run_sync(hold_order, 999, actor="operator:biuro", reason=HELD)
    with pytest.raises(OrderNotFoundError):
        store.run_sync(send_back, 999, actor="operator:biuro", reason=HELD)
    assert store.read_sync(audit.recent) == []
