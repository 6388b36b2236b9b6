"""The SQLite writer's gate: one writer at a time, a scan's write ahead of the queue."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
import trio
import trio.testing

from kolektor.store.engine import Store
from kolektor.store.gate import MAX_OVERTAKES, WriterGate


async def _holder(gate: WriterGate, name: str, log: list[str], *, urgent: bool,
                  release: trio.Event | None = None) -> None:  # fmt: skip
    async with gate.hold(urgent=urgent):
        log.append(name)
        if release is not None:
            await release.wait()
        await trio.lowlevel.checkpoint()


async def test_urgent_waiters_go_before_normal_ones_queued_earlier() -> None:
    gate, log, release = WriterGate(), [], trio.Event()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(lambda: _holder(gate, "running", log, urgent=False, release=release))
        await trio.testing.wait_all_tasks_blocked()
        for name, urgent in [("intake", False), ("pipeline", False), ("scan-1", True),
                             ("scan-2", True)]:  # fmt: skip
            nursery.start_soon(lambda n=name, u=urgent: _holder(gate, n, log, urgent=u))
            await trio.testing.wait_all_tasks_blocked()
        assert gate.waiting == (2, 2)
        release.set()
    assert log == ["running", "scan-1", "scan-2", "intake", "pipeline"]
    assert not gate.held
    assert gate.urgent_waits == 2


async def test_a_steady_stream_of_urgent_writes_does_not_starve_the_others() -> None:
    gate, log, release = WriterGate(), [], trio.Event()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(lambda: _holder(gate, "running", log, urgent=True, release=release))
        await trio.testing.wait_all_tasks_blocked()
        nursery.start_soon(lambda: _holder(gate, "intake", log, urgent=False))
        await trio.testing.wait_all_tasks_blocked()
        for i in range(MAX_OVERTAKES + 2):
            nursery.start_soon(lambda n=f"scan-{i}": _holder(gate, n, log, urgent=True))
            await trio.testing.wait_all_tasks_blocked()
        release.set()
    scans_before_intake = log.index("intake") - 1
    assert scans_before_intake == MAX_OVERTAKES
    assert len(log) == MAX_OVERTAKES + 4


async def test_a_waiter_cancelled_before_its_turn_leaves_without_the_lock() -> None:
    gate, log, release = WriterGate(), [], trio.Event()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(lambda: _holder(gate, "running", log, urgent=False, release=release))
        await trio.testing.wait_all_tasks_blocked()
        scope = trio.CancelScope()
        nursery.start_soon(lambda: _cancelled_waiter(gate, log, scope))
        await trio.testing.wait_all_tasks_blocked()
        assert gate.waiting == (1, 0)
        scope.cancel()
        await trio.testing.wait_all_tasks_blocked()
        assert gate.waiting == (0, 0)
        nursery.start_soon(lambda: _holder(gate, "next", log, urgent=False))
        await trio.testing.wait_all_tasks_blocked()
        release.set()
    assert log == ["running", "next"]
    assert not gate.held


async def _cancelled_waiter(gate: WriterGate, log: list[str], scope: trio.CancelScope) -> None:
    with scope:
        async with gate.hold(urgent=True):
            log.append("cancelled")  # pragma: no cover — must never run


async def test_a_task_arriving_at_release_does_not_jump_the_queue() -> None:
    gate, log = WriterGate(), []
    async with trio.open_nursery() as nursery:
        async with gate.hold():
            nursery.start_soon(lambda: _holder(gate, "queued", log, urgent=False))
            await trio.testing.wait_all_tasks_blocked()
        # Released and handed to "queued", which has not run yet: the gate stays taken,
        # so an urgent newcomer in this very moment waits its turn.
        assert gate.held
        async with gate.hold(urgent=True):
            log.append("newcomer")
    assert log == ["queued", "newcomer"]
    assert not gate.held


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"sqlite:///{tmp_path / 'gate.db'}")
    opened.run_sync(lambda conn: conn.exec_driver_sql("CREATE TABLE t (name TEXT)"))
    return opened


async def test_a_scan_write_commits_before_writes_queued_earlier(store: Store) -> None:
    """On the real store: a long write runs, the intake and the pipeline queue behind it,
    then a scan's write arrives — it commits right after the running one."""
    entered, proceed = threading.Event(), threading.Event()

    def slow(conn: sa.Connection) -> None:
        entered.set()
        proceed.wait(10)
        conn.exec_driver_sql("INSERT INTO t VALUES ('running')")

    def insert(conn: sa.Connection, name: str) -> None:
        conn.exec_driver_sql("INSERT INTO t VALUES (?)", (name,))

    async with trio.open_nursery() as nursery:
        nursery.start_soon(store.run, slow)
        await trio.to_thread.run_sync(entered.wait, 10)
        nursery.start_soon(store.run, insert, "intake")
        await trio.testing.wait_all_tasks_blocked()
        nursery.start_soon(store.run, insert, "pipeline")
        await trio.testing.wait_all_tasks_blocked()
        nursery.start_soon(store.run_urgent, insert, "scan")
        await trio.testing.wait_all_tasks_blocked()
        assert store.write_gate is not None and store.write_gate.waiting == (1, 2)
        proceed.set()
    order = store.read_sync(
        lambda conn: [row[0] for row in conn.exec_driver_sql("SELECT name FROM t ORDER BY rowid")]
    )
    assert order == ["running", "scan", "intake", "pipeline"]
