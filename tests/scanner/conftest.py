"""A real Kolektor server on loopback with the demo data, and WebSocket devices talking to it."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import trio
from trio_websocket import WebSocketConnection, open_websocket_url

from kolektor.config import Config, ServerSettings, load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, DEMO_OPERATORS, odbc_connection_string
from kolektor.server.serve import run_server
from kolektor.store import orders
from kolektor.store.engine import Store
from tests.office import add_demo_operators


def scanner_config(folder: Path, subiekt: Path) -> Config:
    path = folder / "kolektor.toml"
    path.write_text(
        render_config(
            connection_string=odbc_connection_string(subiekt), extra=DEMO_EXTERNAL_ID_RULES
        ),
        encoding="utf-8",
    )
    config = load_config(path)
    return replace(
        config,
        server=ServerSettings(host="127.0.0.1", port=0),
        subiekt=replace(config.subiekt, poll_interval=3600),
    )


@dataclass
class Running:
    """A server started by :func:`start`, stoppable on its own."""

    url: str
    scope: trio.CancelScope
    stopped: trio.Event


async def start(nursery: trio.Nursery, config: Config, store: Store) -> Running:
    scope = trio.CancelScope()
    stopped = trio.Event()

    async def serve(task_status: trio.TaskStatus[list[str]]) -> None:
        try:
            with scope:
                await run_server(config, store=store, task_status=task_status)
        finally:
            stopped.set()

    binds = await nursery.start(serve)
    return Running(binds[0], scope, stopped)


@dataclass
class Site:
    """The server, its store and the demo data."""

    config: Config
    store: Store
    demo: DemoSummary
    running: Running
    nursery: trio.Nursery

    @property
    def ws_url(self) -> str:
        return self.running.url.replace("http://", "ws://") + "/scanner/ws"

    async def restart(self) -> None:
        self.running.scope.cancel()
        await self.running.stopped.wait()
        self.running = await start(self.nursery, self.config, self.store)
        await self.wait_for_intake()

    async def wait_for_intake(self) -> None:
        expected = len(self.demo.open_zk_ids)
        with trio.fail_after(30):
            while len(self.store.read_sync(orders.intake_index)) < expected:  # noqa: ASYNC110
                await trio.sleep(0.05)  # the server's intake task fills the store

    def order_id(self, zk_id: int) -> int:
        return self.store.read_sync(orders.intake_index)[zk_id].order_id

    def order(self, zk_id: int) -> orders.OrderRecord:
        record = self.store.read_sync(orders.get_order, self.order_id(zk_id))
        assert record is not None
        return record


@pytest.fixture
async def site(
    subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> AsyncIterator[Site]:
    config = scanner_config(tmp_path, subiekt_db.path)
    store = Store.open(config.store_url)
    store.upgrade()
    add_demo_operators(config, store)
    site = Site(config, store, subiekt_db, await start(nursery, config, store), nursery)
    await site.wait_for_intake()
    yield site
    site.running.scope.cancel()
    await site.running.stopped.wait()
    store.close()


_refs = itertools.count(1)


class Device:
    """A scanner talking protocol v1 over a real WebSocket."""

    def __init__(self, socket: WebSocketConnection, device_id: str) -> None:
        self.socket = socket
        self.device_id = device_id
        self.inbox: list[dict[str, Any]] = []

    async def send(self, kind: str, **fields: Any) -> str:
        ref = f"t{next(_refs)}"
        await self.socket.send_message(json.dumps({"v": 1, "type": kind, "ref": ref, **fields}))
        return ref

    async def receive(self) -> dict[str, Any]:
        with trio.fail_after(10):
            message: dict[str, Any] = json.loads(await self.socket.get_message())
        return message

    async def request(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Send and return the reply carrying our ``ref``; other frames go to ``inbox``."""
        ref = await self.send(kind, **fields)
        while True:
            message = await self.receive()
            if message.get("ref") == ref:
                return message
            self.inbox.append(message)

    async def login(self, badge: str, pin: str | None = None) -> dict[str, Any]:
        """Log in with a demo operator's badge and PIN (looked up when not given)."""
        if pin is None:
            pin = next(op.pin for op in DEMO_OPERATORS if op.badge_code == badge)
        await self.request("hello", device_id=self.device_id, language="en")
        reply = await self.request("login", badge=badge, pin=pin)
        assert reply["type"] == "login_ok", reply
        queue = await self.receive()  # the queue always follows a login
        assert queue["type"] == "queue", queue
        self.inbox.append(queue)
        return reply

    def last(self, kind: str) -> dict[str, Any]:
        return next(m for m in reversed(self.inbox) if m["type"] == kind)


@pytest.fixture
def connect(site: Site) -> Callable[[str], Any]:
    """``async with connect("device-1") as device:``"""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def open_device(device_id: str) -> AsyncIterator[Device]:
        async with open_websocket_url(site.ws_url) as socket:
            yield Device(socket, device_id)

    return open_device


def scan_plan(order: orders.OrderRecord) -> list[tuple[int, str, Decimal]]:
    """Codes that pick every goods line exactly: pack barcodes while they fit, then singles.

    Returns (line id, code, quantity the code adds)."""
    plan = []
    for line in order.lines:
        if line.product_id is None or line.kind != 1:
            continue
        remaining = line.base_quantity
        for barcode in sorted(line.barcodes, key=lambda b: b.quantity, reverse=True):
            while remaining >= barcode.quantity > 0 and (
                barcode.quantity > 1 or barcode.primary or remaining < 2
            ):
                plan.append((line.id, barcode.code, barcode.quantity))
                remaining -= barcode.quantity
        assert remaining == 0, f"cannot pick line {line.id} with whole scans"
    return plan


@dataclass
class Instance:
    """One of several servers on one store, with a ``Store`` object of its own."""

    running: Running
    store: Store

    @property
    def url(self) -> str:
        return self.running.url

    @property
    def ws_url(self) -> str:
        return self.running.url.replace("http://", "ws://") + "/scanner/ws"

    async def stop(self) -> None:
        self.running.scope.cancel()
        await self.running.stopped.wait()
        self.store.close()


async def start_instance(
    nursery: trio.Nursery, config: Config, *, orders_expected: int
) -> Instance:
    """A server on ``config.store_url`` with a ``Store`` object of its own, returned once
    the store holds ``orders_expected`` orders (this server's intake, or another's, imports
    them)."""
    store = Store.open(config.store_url)
    store.upgrade()
    running = await start(nursery, config, store)
    with trio.fail_after(60):
        while len(store.read_sync(orders.intake_index)) < orders_expected:  # noqa: ASYNC110
            await trio.sleep(0.05)  # the intake (this one's or another's) fills the store
    return Instance(running, store)


@asynccontextmanager
async def device_at(instance: Instance, device_id: str) -> AsyncIterator[Device]:
    """``async with device_at(instance, "tc52-1") as device:`` — a device on that server."""
    async with open_websocket_url(instance.ws_url) as socket:
        yield Device(socket, device_id)
