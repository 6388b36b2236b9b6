"""Running Kolektor: the store is migrated, then one Trio nursery holds the intake loop and
Hypercorn serving the app; cancelling the nursery (Ctrl+C, SIGTERM) stops both cleanly."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from functools import partial
from typing import Final

import trio
from hypercorn.config import Config as HypercornConfig
from hypercorn.trio import serve as hypercorn_serve

from kolektor.auth.keys import badge_key
from kolektor.auth.service import AuthService
from kolektor.catalog import Catalog
from kolektor.config import Config
from kolektor.finalize.setup import build_pipeline
from kolektor.intake.loop import SubiektSource, intake_loop
from kolektor.logs import log_event
from kolektor.memtrace import snapshot_folder, snapshots_on_signal
from kolektor.retention import Retention
from kolektor.scanner.protocol import MAX_MESSAGE_BYTES
from kolektor.scanner.service import ScannerService
from kolektor.scanner.stock import SubiektStock
from kolektor.server.app import AppState, create_app
from kolektor.server.guard import FrontGuard
from kolektor.store.engine import Store
from kolektor.subiekt.reader import SubiektReader

logger = logging.getLogger("kolektor.server")


WEBSOCKET_MAX_MESSAGE: Final = 2 * MAX_MESSAGE_BYTES
"""Hypercorn closes a socket (1009) whose frame exceeds this, before buffering more of it;
frames between the protocol's limit and this get a polite ``too_large`` error instead."""
READ_TIMEOUT: Final = 120
"""Seconds a connection may send nothing at all (slow or stuck clients hold no socket
forever; scanners ping every 15 s)."""


def hypercorn_config(config: Config) -> HypercornConfig:
    hconfig = HypercornConfig()
    hconfig.bind = [f"{config.server.host}:{config.server.port}"]
    hconfig.accesslog = None
    hconfig.errorlog = logging.getLogger("hypercorn.error")
    hconfig.graceful_timeout = 5
    hconfig.websocket_max_message_size = WEBSOCKET_MAX_MESSAGE
    hconfig.read_timeout = READ_TIMEOUT
    hconfig.h11_max_incomplete_size = 16 * 1024
    if config.server.tls:
        hconfig.certfile = str(config.server.tls_certificate)
        hconfig.keyfile = str(config.server.tls_key)
    return hconfig


async def run_server(
    config: Config,
    *,
    store: Store | None = None,
    task_status: trio.TaskStatus[list[str]] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Serve until cancelled; ``task_status.started`` receives the bound URLs."""
    own_store = store is None
    store = store or Store.open(config.store_url)
    source = SubiektSource(SubiektReader(config.subiekt, language=config.language))
    # Its own reader (and connection): a claim's stock check never waits behind the intake.
    stock = SubiektStock(SubiektReader(config.subiekt, language=config.language))
    pipeline, writer = build_pipeline(config, store)
    try:
        key = await trio.to_thread.run_sync(badge_key, config)
        await trio.to_thread.run_sync(lambda: store.upgrade(badge_key=key))
        catalog = Catalog()
        scanner = ScannerService(
            store, catalog=catalog, language=config.language, on_packed=pipeline.wake,
            stock=stock,
        )  # fmt: skip
        auth = AuthService(store, config.security, key)
        state = AppState(config=config, store=store, scanner=scanner, auth=auth, pipeline=pipeline)
        app = create_app(state)
        supervisor = state.services
        async with trio.open_nursery() as nursery:
            await supervisor.start(nursery, "auth", auth.run)
            await supervisor.start(nursery, "store_writer", scanner.writes.run)
            await supervisor.start(
                nursery,
                "intake",
                partial(
                    intake_loop, source, store, poll_interval=config.subiekt.poll_interval,
                    language=config.language, status=state.intake, wake=state.wakeup,
                    catalog=catalog,
                ),
            )  # fmt: skip
            await supervisor.start(nursery, "pipeline", pipeline.run)
            retention = Retention(store, config.retention, config.data_dir / "documents")
            await supervisor.start(nursery, "retention", retention.run)
            if (snapshots := snapshot_folder()) is not None:  # bench/soak.py --tracemalloc
                nursery.start_soon(snapshots_on_signal, snapshots)
            binds: list[str] = await nursery.start(
                lambda task_status: hypercorn_serve(
                    FrontGuard(app),  # type: ignore[arg-type]
                    hypercorn_config(config),
                    task_status=task_status,
                )
            )
            log_event(logger, "server.started", urls=binds)
            task_status.started(binds)
    finally:
        with trio.move_on_after(2, shield=True):
            await source.aclose()
        with trio.move_on_after(2, shield=True):
            await stock.aclose()
        with trio.move_on_after(5, shield=True):
            await trio.to_thread.run_sync(writer.close, abandon_on_cancel=True)
        if own_store:
            store.close()


async def serve_until_signal(
    config: Config, *, on_ready: Callable[[list[str]], None] | None = None
) -> None:
    """Run :func:`run_server` until SIGINT or SIGTERM."""
    async with trio.open_nursery() as nursery:
        binds = await nursery.start(lambda task_status: run_server(config, task_status=task_status))
        if on_ready is not None:
            on_ready(binds)
        with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
            async for signum in signals:
                log_event(logger, "server.stopping", signal=signal.Signals(signum).name)
                nursery.cancel_scope.cancel()
                break
