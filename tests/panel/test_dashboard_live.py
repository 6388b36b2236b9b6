"""The live dashboard's watcher (:class:`kolektor.server.events.LiveHub`) on a real store
with the demo orders: one reading shared by every stream, at most one ``dashboard`` event
per check interval, alerts for orders entering ``problem``, keep-alive comments, the end of
a stream with a retry hint, a slow reader let go, and a store that stops answering.  Time
is Trio's mock clock (it jumps whenever every task waits) except where PostgreSQL is
stopped and started for real."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import trio
import trio.testing

from kolektor.demo.generator import DemoSummary
from kolektor.intake.loop import IntakeStatus
from kolektor.server.events import (
    CHECK_SECONDS,
    KEEP_ALIVE,
    KEEP_ALIVE_SECONDS,
    RETRY,
    STREAM_SECONDS,
    LiveHub,
)
from kolektor.server.routes_dashboard import DashboardSource
from kolektor.store import orders
from kolektor.store.engine import Store, StoreUnavailableError
from kolektor.store.lifecycle import OrderStatus
from kolektor.supervise import Supervisor
from tests.finalize.conftest import prepare_site


@pytest.fixture
async def demo_store(subiekt_db: DemoSummary, tmp_path: Path) -> AsyncIterator[Store]:
    """A store (SQLite) with the demo's open orders imported."""
    _, store, _ = await prepare_site(subiekt_db, tmp_path, top_up=False)
    yield store
    store.close()


@pytest.fixture
def clock(autojump_clock: trio.testing.MockClock) -> trio.testing.MockClock:
    """Mock time that jumps only after the event loop has been idle a little while in real
    time: waiting for a store read in a worker thread looks idle to Trio, and a clock that
    jumped at once would race ahead while the thread reads."""
    autojump_clock.autojump_threshold = 0.05
    return autojump_clock


def hub_on(store: Store, **options: Any) -> LiveHub:
    return LiveHub(DashboardSource(store, IntakeStatus(), Supervisor(), lambda: 0), **options)


def report_problem(store: Store, order_id: int, reason: str) -> None:
    store.run_sync(
        orders.change_status, order_id, OrderStatus.PROBLEM, reason=reason, actor="operator:test"
    )


def new_orders(store: Store) -> list[int]:
    return [o.id for o in store.read_sync(orders.list_orders, statuses=["new"], limit=50)]


def parse(chunk: bytes) -> list[tuple[str, Any]]:
    """The events in a chunk as (name, data); comments as (":", text); hints as ("retry", ms)."""
    found: list[tuple[str, Any]] = []
    for block in chunk.decode().split("\n\n"):
        if not block:
            continue
        fields = {}
        for line in block.split("\n"):
            name, _, value = line.partition(": ")
            fields[name] = value
        if "event" in fields:
            found.append((fields["event"], json.loads(fields["data"])))
        elif "retry" in fields:
            found.append(("retry", int(fields["retry"])))
        else:
            found.append((":", block.removeprefix(": ")))
    return found


def two_alerts(reader: Reader) -> bool:
    return len(reader.events("alert")) == 2


class Reader:
    """One browser's stream, read in its own task: every chunk with the (mock) time it came."""

    def __init__(self, hub: LiveHub) -> None:
        self.hub = hub
        self.chunks: list[tuple[float, bytes]] = []
        self.ended = False
        self._arrived = trio.Event()

    def _add(self, chunk: bytes) -> None:
        self.chunks.append((trio.current_time(), chunk))
        self._arrived.set()
        self._arrived = trio.Event()

    async def wait_for(self, check: Callable[[], bool]) -> None:
        """Until ``check()`` holds, looking again at every chunk that arrives."""
        while not check():
            await self._arrived.wait()

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        first = await self.hub.current()
        stream = self.hub.events(first)
        try:
            self._add(await stream.__anext__())
            task_status.started()
            async for chunk in stream:
                self._add(chunk)
            self.ended = True
        finally:
            await stream.aclose()

    def events(self, name: str, after: float = 0) -> list[tuple[float, Any]]:
        return [(at, data) for at, chunk in self.chunks if at >= after
                for kind, data in parse(chunk) if kind == name]  # fmt: skip


async def test_a_quiet_stream_keeps_alive_and_ends_with_a_retry_hint(
    demo_store: Store, clock: trio.testing.MockClock
) -> None:
    hub = hub_on(demo_store)
    first = await hub.current()
    start = trio.current_time()
    received = []
    async for chunk in hub.events(first):
        received.append((round(trio.current_time() - start), chunk))
        assert hub.streams == 1
    assert hub.streams == 0
    assert received[0] == (0, RETRY + first.event)
    keep_alives = [at for at, chunk in received[1:-1] if chunk == KEEP_ALIVE]
    assert keep_alives == list(range(15, int(STREAM_SECONDS), int(KEEP_ALIVE_SECONDS)))
    assert received[-1] == (STREAM_SECONDS, RETRY)
    assert len(received) == len(keep_alives) + 2
    (name, body), *_ = parse(first.event)
    counts = demo_store.read_sync(orders.count_by_status)
    assert name == "dashboard" and body["counts"] == counts


async def test_one_reading_goes_to_every_stream_and_new_problems_are_alerted(
    demo_store: Store, clock: trio.testing.MockClock
) -> None:
    hub = hub_on(demo_store)
    readers = [Reader(hub) for _ in range(3)]
    async with trio.open_nursery() as nursery:
        await nursery.start(hub.run)
        for reader in readers:
            await nursery.start(reader.run)
        await trio.sleep(5)
        assert all(reader.events("dashboard", after=1) == [] for reader in readers)  # no change

        changed_at = trio.current_time()
        first, second = new_orders(demo_store)[:2]
        report_problem(demo_store, first, "Brak towaru na półce A-12")
        report_problem(demo_store, second, "Klient prosi o wstrzymanie")
        with trio.fail_after(60):
            for reader in readers:
                await reader.wait_for(partial(two_alerts, reader))
        await trio.sleep(3 * CHECK_SECONDS)  # nothing changes any more: nothing is sent
        nursery.cancel_scope.cancel()

    dashboards = [reader.events("dashboard", after=changed_at) for reader in readers]
    assert all(len(found) == 1 for found in dashboards), dashboards
    (_, body), *_ = dashboards[0]
    assert body["counts"]["problem"] == 2
    assert [o["id"] for o in body["needs_person"]["orders"]] == [second, first]
    # One reading, the very same bytes for every browser.
    sent = {chunk for reader in readers for at, chunk in reader.chunks if at >= changed_at}
    assert len([chunk for chunk in sent if chunk.startswith(b"event: dashboard")]) == 1
    for reader in readers:
        alerts = [data for _, data in reader.events("alert")]
        assert [(a["id"], a["status"], a["reason"]) for a in alerts] == [
            (first, "problem", "Brak towaru na półce A-12"),
            (second, "problem", "Klient prosi o wstrzymanie"),
        ]


async def test_changes_in_quick_succession_are_sent_at_most_once_a_check(
    demo_store: Store, clock: trio.testing.MockClock
) -> None:
    hub = hub_on(demo_store)
    reader = Reader(hub)
    async with trio.open_nursery() as nursery:
        await nursery.start(hub.run)
        await nursery.start(reader.run)
        started = trio.current_time()
        for order_id in new_orders(demo_store)[:12]:  # one change every quarter of a second
            report_problem(demo_store, order_id, "Uszkodzone opakowanie")
            await trio.sleep(0.25)
        with trio.fail_after(60):
            await reader.wait_for(lambda: len(reader.events("alert")) == 12)
        nursery.cancel_scope.cancel()
    times = [at for at, _ in reader.events("dashboard", after=started)]
    assert 1 <= len(times) <= 3, times  # twelve changes in three seconds
    assert all(b - a >= CHECK_SECONDS for a, b in itertools.pairwise(times)), times
    assert reader.events("dashboard")[-1][1]["counts"]["problem"] == 12


async def test_a_reader_too_slow_to_keep_up_is_let_go(
    demo_store: Store, clock: trio.testing.MockClock
) -> None:
    hub = hub_on(demo_store, buffer=2)
    first = await hub.current()
    stream = hub.events(first)
    assert (await stream.__anext__()).startswith(RETRY)
    for order_id in new_orders(demo_store)[:3]:  # three readings, none read by the browser
        report_problem(demo_store, order_id, "Uszkodzone opakowanie")
        await hub.check()
    assert hub.streams == 0
    rest = [chunk async for chunk in stream]
    assert rest[-1] == RETRY  # what was waiting, then the hint to reconnect


@pytest.mark.postgresql
async def test_a_store_that_stops_answering_is_reported_and_the_watch_goes_on(
    own_postgres: Any, subiekt_db: DemoSummary, tmp_path: Path
) -> None:
    _, store, _ = await prepare_site(subiekt_db, tmp_path, own_postgres.url, top_up=False)
    hub = hub_on(store, check_seconds=0.2)
    reader = Reader(hub)
    try:
        async with trio.open_nursery() as nursery:
            await nursery.start(hub.run)
            await nursery.start(reader.run)
            before = reader.events("dashboard")[0][1]
            own_postgres.stop()
            with trio.fail_after(30):
                await reader.wait_for(
                    lambda: any(not d["store"]["ok"] for _, d in reader.events("dashboard"))
                )
            down = reader.events("dashboard")[-1][1]
            assert down["store"]["error"]
            assert down["counts"] == before["counts"]  # as read before the failure
            with pytest.raises(StoreUnavailableError):
                await hub.current()  # a new stream is refused (503) rather than told nothing
            own_postgres.start()
            with trio.fail_after(60):
                await reader.wait_for(lambda: reader.events("dashboard")[-1][1]["store"]["ok"])
            assert reader.events("dashboard")[-1][1]["counts"] == before["counts"]
            nursery.cancel_scope.cancel()
    finally:
        if not own_postgres.running:
            own_postgres.start()
        store.close()
