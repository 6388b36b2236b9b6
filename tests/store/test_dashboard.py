"""The dashboard's reads (:mod:`kolektor.store.dashboard`) on SQLite and PostgreSQL: the
counts and "done today", the orders waiting for a person with the step the office would
retry or skip, who holds which order with the device of its last scan, the alerts for orders
entering ``attention`` or ``problem``, and marks that change with the store."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.engine import Connection

from kolektor.store import Store, dashboard, operators, orders, picking
from kolektor.store import jobs as job_store
from kolektor.store.dashboard import StuckStep
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput, ScanRecord
from tests.store.samples import fingerprint, zk

S = OrderStatus


def import_order(store: Store, subiekt_id: int) -> int:
    order = zk(id=subiekt_id, number=f"ZK {subiekt_id}/2026")
    return store.run_sync(orders.import_order, order, fingerprint=fingerprint(order), nip=None)


def move(store: Store, order_id: int, *path: OrderStatus, reason: str | None = None) -> None:
    for status in path:
        store.run_sync(orders.change_status, order_id, status, reason=reason, actor="test")


def operator(store: Store, login: str) -> int:
    operator_id: int = store.run_sync(operators.create_operator, login=login,
                                      name=login.title(), role="picker", pin="1234")  # fmt: skip
    return operator_id


def test_the_counts_done_today_and_the_marks(store: Store) -> None:
    first, second, third = (import_order(store, n) for n in (101, 102, 103))
    before = store.read_sync(dashboard.read_marks)
    move(store, first, S.PICKING, S.PICKED, S.PACKED, S.DONE)
    move(store, second, S.HELD)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    data = store.read_sync(dashboard.read_dashboard, today_since=hour_ago)
    assert data.counts == {**{s.value: 0 for s in S}, "new": 1, "held": 1, "done": 1}
    assert data.done_today == 1
    assert (data.waiting_total, data.waiting, data.picking) == (0, [], [])
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert store.read_sync(dashboard.read_dashboard, today_since=later).done_today == 0
    after = store.read_sync(dashboard.read_marks)
    assert after != before
    assert after.last_event_id > before.last_event_id
    assert store.read_sync(dashboard.read_marks) == after  # nothing changed: the same marks
    assert third


def _fail(conn: Connection, order_id: int, step: str, *, error: str | None, status: str) -> None:
    job = next(j for j in job_store.jobs_of(conn, order_id) if j.step == step)
    assert job_store.lease(conn, job.id, worker="test", seconds=60)
    if status == "failed":
        assert job_store.fail(conn, job.id, worker="test", error=error or "", retry_at=None)
    else:
        assert job_store.finish(conn, job.id, worker="test", status=status,
                                result={"reason": "nie skonfigurowano kuriera"})  # fmt: skip


def test_waiting_orders_come_newest_first_with_the_step_to_act_on(store: Store) -> None:
    stuck, reported, fine = (import_order(store, n) for n in (201, 202, 203))
    anna = operator(store, "anna")
    move(store, stuck, S.PICKING, S.PICKED)
    assert store.run_sync(picking.pack_order, stuck, (PackageInput(Decimal("1.5")),),
                          operator_id=anna, actor="operator:anna")  # fmt: skip
    store.run_sync(_fail, stuck, "label", error=None, status="not_configured")
    store.run_sync(_fail, stuck, "realize", error="Za mało towaru: KUB-01", status="failed")
    move(store, stuck, S.ATTENTION, reason="Realizacja nieudana: za mało towaru")
    move(store, reported, S.PROBLEM, reason="Uszkodzony towar")
    move(store, fine, S.PICKING)

    waiting = store.read_sync(dashboard.waiting_orders)
    assert [(o.id, o.status) for o in waiting] == [(reported, S.PROBLEM), (stuck, S.ATTENTION)]
    assert waiting[0].status_reason == "Uszkodzony towar"
    assert waiting[0].stuck_step is None
    # The failed step, not the earlier one that had nothing to do it: retry acts on it.
    assert waiting[1].stuck_step == StuckStep("realize", "failed", 1, "Za mało towaru: KUB-01")
    assert waiting[1].number == "ZK 201/2026"
    assert [o.id for o in store.read_sync(dashboard.waiting_orders, limit=1)] == [reported]

    data = store.read_sync(dashboard.read_dashboard, today_since=datetime.now(UTC))
    assert data.waiting_total == 2
    retried = store.run_sync(job_store.retry_failed, stuck)
    assert retried is not None and retried.step == waiting[1].stuck_step.step


def test_only_not_configured_steps_left_name_the_first_of_them(store: Store) -> None:
    order_id = import_order(store, 301)
    anna = operator(store, "anna")
    move(store, order_id, S.PICKING, S.PICKED)
    store.run_sync(picking.pack_order, order_id, (PackageInput(),), operator_id=anna,
                   actor="operator:anna")  # fmt: skip
    store.run_sync(_fail, order_id, "label", error=None, status="not_configured")
    move(store, order_id, S.ATTENTION, reason="Nie wykonano: etykieta")
    (waiting,) = store.read_sync(dashboard.waiting_orders)
    assert waiting.stuck_step == StuckStep(
        "label", "not_configured", 0, "nie skonfigurowano kuriera"
    )


def _scan(order_id: int, line_id: int, operator_id: int, device: str, uid: str) -> ScanRecord:
    return ScanRecord(
        operator_id=operator_id, device_id=device, scan_uid=uid, raw="5901234123457",
        interpretation=None, verdict="ok", quantity=Decimal(1), line_id=line_id,
        scanned_at=datetime.now(UTC),
    )  # fmt: skip


def test_picking_now_shows_who_holds_what_and_the_last_scan(store: Store) -> None:
    scanned, claimed = import_order(store, 401), import_order(store, 402)
    anna, jan = operator(store, "anna"), operator(store, "jan")
    store.run_sync(picking.claim_order, scanned, operator_id=anna, role="picker", actor="anna")
    store.run_sync(picking.claim_order, claimed, operator_id=jan, role="picker", actor="jan")
    line = store.read_sync(orders.get_order, scanned).lines[0]  # type: ignore[union-attr]
    version = None
    for device, uid in (("tc52-a", "s1"), ("tc52-b", "s2")):
        version = store.run_sync(
            picking.record_pick, scanned, state=b"state", version=version,
            picked={line.id: Decimal(1)}, scan=_scan(scanned, line.id, anna, device, uid),
        )  # fmt: skip
    now = store.read_sync(dashboard.picking_now)
    by_order = {entry.order_id: entry for entry in now}
    assert set(by_order) == {scanned, claimed}
    anna_now = by_order[scanned]
    assert (anna_now.login, anna_now.status, anna_now.device_id) == ("anna", S.PICKING, "tc52-b")
    assert anna_now.last_scan_at is not None
    assert abs(anna_now.last_scan_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert anna_now.picked == Decimal("1.0000")
    order = store.read_sync(orders.get_order, scanned)
    assert order is not None
    assert anna_now.ordered == sum((ln.base_quantity for ln in order.lines), Decimal(0))
    assert anna_now.lines == len(order.lines)
    assert dataclasses.astuple(by_order[claimed])[-2:] == (None, None)  # not scanned yet


def test_alerts_are_the_orders_that_entered_attention_or_problem(store: Store) -> None:
    reported, stuck, picked = (import_order(store, n) for n in (501, 502, 503))
    start = store.read_sync(dashboard.read_marks).last_event_id
    move(store, reported, S.PROBLEM, reason="Brak towaru na półce")
    move(store, stuck, S.PICKING, S.PICKED, S.PACKED)
    move(store, stuck, S.ATTENTION, reason="Nie wykonano: etykieta")
    move(store, picked, S.PICKING)
    move(store, reported, S.NEW)
    end = store.read_sync(dashboard.read_marks).last_event_id
    alerts = store.read_sync(dashboard.alerts_between, start, end)
    assert [(a.order_id, a.status, a.reason) for a in alerts] == [
        (reported, S.PROBLEM, "Brak towaru na półce"),
        (stuck, S.ATTENTION, "Nie wykonano: etykieta"),
    ]
    assert alerts[0].number == "ZK 501/2026"
    assert store.read_sync(dashboard.alerts_between, end, end) == []
    assert store.read_sync(dashboard.alerts_between, alerts[0].event_id, end) == alerts[1:]
