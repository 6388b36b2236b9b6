"""Every transition the lifecycle allows works through the repositories — including the
round trips: packed → problem → picking → packed again (a new generation of packages and
jobs, the old ones superseded), and held → back to where it was."""

from __future__ import annotations

import itertools
from collections import deque
from decimal import Decimal

from kolektor.store import Store, jobs, operators, orders, picking
from kolektor.store.lifecycle import TRANSITIONS, OrderStatus
from kolektor.store.picking import PackageInput
from kolektor.store.tables import jobs as job_table
from kolektor.store.tables import packages
from tests.store.samples import fingerprint, zk

S = OrderStatus
PAIRS = sorted((a, b) for a, targets in TRANSITIONS.items() for b in targets)
PACKING = [S.NEW, S.PICKING, S.PICKED, S.PACKED]
"""Picked and packed as the floor does it (packing writes the packages and the jobs)."""


def path_to(target: OrderStatus) -> list[OrderStatus]:
    """A shortest way from ``new`` to ``target`` through the lifecycle."""
    previous: dict[OrderStatus, OrderStatus | None] = {S.NEW: None}
    queue = deque([S.NEW])
    while queue:
        current = queue.popleft()
        for nxt in sorted(TRANSITIONS[current]):
            if nxt not in previous:
                previous[nxt] = current
                queue.append(nxt)
    way, at = [], target
    while at is not None:
        way.append(at)
        at = previous[at]  # type: ignore[assignment]
    return way[::-1]


def new_order(store: Store, zk_id: int) -> int:
    order = zk(id=zk_id, number=f"ZK {zk_id}/2026")
    return store.run_sync(orders.import_order, order, fingerprint=fingerprint(order), nip=None)


def packer(store: Store) -> int:
    found = store.read_sync(operators.get_by_login, "marek")
    if found is not None:
        return found.id
    return store.run_sync(operators.create_operator, login="marek", name="M", role="packer")


def move(store: Store, order_id: int, way: list[OrderStatus]) -> None:
    for source, target in itertools.pairwise(way):
        if (source, target) == (S.PICKED, S.PACKED):
            parcels = (PackageInput(Decimal("1.0")),)
            assert store.run_sync(picking.pack_order, order_id, parcels,
                                  operator_id=packer(store), actor="test")  # fmt: skip
        else:
            store.run_sync(orders.change_status, order_id, target, reason="test", actor="test")


def test_every_allowed_transition_works(store: Store) -> None:
    assert len(PAIRS) > 60
    for number, (source, target) in enumerate(PAIRS):
        order_id = new_order(store, 5000 + number)
        move(store, order_id, path_to(source))
        move(store, order_id, [source, target])
        found = store.read_sync(orders.get_order, order_id)
        assert found is not None and found.status is target, (source, target)


def test_packing_again_after_a_problem_is_a_new_generation(store: Store) -> None:
    order_id = new_order(store, 6001)
    move(store, order_id, PACKING)
    first = store.read_sync(jobs.jobs_of, order_id)
    assert {j.generation for j in first} == {1} and len(first) == 6
    # The label was made and the realization started… then a problem at the station.
    store.run_sync(lambda c: c.execute(job_table.update().where(
        job_table.c.order_id == order_id, job_table.c.step == "label"
    ).values(status="done", result={"shipment": "X1"})))  # fmt: skip
    move(store, order_id, [S.PACKED, S.PROBLEM, S.PICKING, S.PICKED])
    parcels = (PackageInput(Decimal("2.0")), PackageInput(Decimal("0.5")))
    assert store.run_sync(picking.pack_order, order_id, parcels, operator_id=packer(store),
                          actor="test")  # fmt: skip
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.status is S.PACKED and order.generation == 2
    current = store.read_sync(jobs.jobs_of, order_id)
    assert [(j.step, j.generation, j.status) for j in current] == [
        (step, 2, "pending") for step in ("label", "realize", "document", "print", "email",
                                          "allegro")
    ]  # fmt: skip
    old_label = next(j for j in store.read_sync(jobs.history_of, order_id)
                     if j.generation == 1 and j.step == "label")  # fmt: skip
    assert current[0].result == {"supersedes": [old_label.id]}  # to cancel its shipment
    history = store.read_sync(jobs.history_of, order_id)
    assert sorted({j.status for j in history if j.generation == 1}) == ["done", "superseded"]
    with store.engine.connect() as connection:
        rows = connection.execute(
            packages.select().where(packages.c.order_id == order_id)
            .order_by(packages.c.generation, packages.c.number)
        ).all()  # fmt: skip
    assert [(r.generation, r.number) for r in rows] == [(1, 1), (2, 1), (2, 2)]
    # Only the new chain is due.
    due = store.read_sync(jobs.due_candidates)
    assert [(j.order_id, j.generation, j.step) for j in due] == [(order_id, 2, "label")]


def test_an_order_parked_in_problem_leases_nothing_and_counts_no_attempt(store: Store) -> None:
    order_id = new_order(store, 6002)
    move(store, order_id, PACKING)
    assert store.read_sync(jobs.due_candidates)
    move(store, order_id, [S.PACKED, S.PROBLEM])
    assert store.read_sync(jobs.due_candidates) == []
    move(store, order_id, [S.PROBLEM, S.PACKED])  # the office resumes it: the same chain
    due = store.read_sync(jobs.due_candidates)
    assert [(j.step, j.attempts) for j in due] == [("label", 0)]


def test_a_lease_is_not_an_attempt_and_expires_on_the_databases_clock(store: Store) -> None:
    order_id = new_order(store, 6003)
    move(store, order_id, PACKING)
    label = store.read_sync(jobs.due_candidates)[0]
    assert store.run_sync(jobs.lease, label.id, worker="dead", seconds=0.0)  # died at once
    again = store.read_sync(jobs.due_candidates)
    assert [(j.id, j.status, j.attempts) for j in again] == [(label.id, "running", 0)]
    assert store.run_sync(jobs.lease, label.id, worker="alive", seconds=60)
    assert not store.run_sync(jobs.renew, label.id, worker="dead", seconds=60)
    assert store.run_sync(jobs.renew, label.id, worker="alive", seconds=60)
    leased = next(j for j in store.read_sync(jobs.jobs_of, order_id) if j.id == label.id)
    now = store.read_sync(jobs.db_now)
    assert leased.locked_until is not None and leased.started_at is not None
    assert 55 <= (leased.locked_until - now).total_seconds() <= 60
    assert store.run_sync(jobs.give_back, label.id, worker="alive")
    returned = store.read_sync(jobs.due_candidates)[0]
    assert (returned.status, returned.attempts, returned.locked_by) == ("pending", 0, None)


def test_failures_count_and_start_the_deadline_once(store: Store) -> None:
    order_id = new_order(store, 6004)
    move(store, order_id, PACKING)
    label = store.read_sync(jobs.due_candidates)[0]
    for n in range(1, 3):
        assert store.run_sync(jobs.lease, label.id, worker="w", seconds=60)
        now = store.read_sync(jobs.db_now)
        assert store.run_sync(jobs.fail, label.id, worker="w", error=f"blip {n}", retry_at=now)
        job = next(j for j in store.read_sync(jobs.jobs_of, order_id) if j.id == label.id)
        if n == 1:
            first = job.first_failed_at
        assert (job.attempts, job.first_failed_at, job.last_error) == (n, first, f"blip {n}")


def test_held_and_back(store: Store) -> None:
    order_id = new_order(store, 6005)
    move(store, order_id, [S.NEW, S.PICKING, S.HELD])
    assert store.read_sync(orders.status_before_hold, order_id) is S.PICKING
    move(store, order_id, [S.HELD, S.PICKING])
    found = store.read_sync(orders.get_order, order_id)
    assert found is not None and found.status is S.PICKING
