"""Running Kolektor: the store is migrated, then one Trio nursery holds the intake loop and
Hypercorn serving the app; cancelling the nursery (Ctrl+C, SIGTERM) stops both cleanly."""

from __future__ import annotations

import ctypes
import gc
import logging
import signal
import sys
from collections.abc import Callable
from functools import partial
from typing import Any, Final

import trio
from hypercorn.config import Config as HypercornConfig
from hypercorn.trio import serve as hypercorn_serve

from kolektor.auth.keys import badge_key
from kolektor.auth.service import AuthService
from kolektor.catalog import Catalog
from kolektor.config import Config
from kolektor.finalize.setup import build_pipeline, make_carriers
from kolektor.intake.loop import SubiektSource, intake_loop
from kolektor.logs import log_event
from kolektor.memtrace import snapshot_folder, snapshots_on_signal
from kolektor.retention import Retention
from kolektor.scanner.protocol import MAX_MESSAGE_BYTES
from kolektor.scanner.service import ScannerService
from kolektor.scanner.stock import SubiektStock
from kolektor.server.app import AppState, create_app
from kolektor.server.guard import FrontGuard, RequestRate
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


GC_FULL_EVERY: Final = 100
"""Collections of the middle generation between two full collections (Python's default 10)."""
SWITCH_INTERVAL: Final = 0.001
"""Seconds a thread may keep the interpreter lock while another waits (Python's default 5 ms)."""


def tune_interpreter() -> None:
    """Keep the event loop from waiting long for the interpreter, which it shares with the
    worker threads (store transactions, the intake, rendering).

    Python's full garbage collections walk every live object holding the one interpreter
    lock: about 100 ms of CPU here, every few seconds at hundreds of scans a second — no
    scanner gets a verdict meanwhile.  Everything loaded at startup (modules, the schema,
    templates) is frozen out of them, and they come ten times less often; the frequent
    young collections, which find most cyclic garbage, stay as they are.  And a busy worker
    thread hands the lock over after 1 ms instead of 5, every time the event loop wakes up
    to answer a scanner."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, GC_FULL_EVERY)
    sys.setswitchinterval(SWITCH_INTERVAL)


MALLOC_ARENAS: Final = 2
"""glibc malloc arenas the server may use (glibc's default: eight per core)."""
M_ARENA_MAX: Final = -8
"""``mallopt``'s parameter number for the arena limit (``<malloc.h>``)."""


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Keep the memory of the worker threads' allocations from spreading over many arenas.

    Each thread that allocates (store transactions, the intake, rules, rendering) gets a
    glibc malloc arena of its own, up to eight per core, and memory freed in one arena
    is not reused by another: with 200 scanners at 400 scans/s the server's RSS grew from
    ~115 MB idle to 310–330 MB, against 184 MB with two arenas (``bench/scan_load.py``).
    Call it before the worker threads start.  Only on glibc (Linux); elsewhere — or if
    ``mallopt`` refuses — nothing changes and it returns False."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


def guarded(app: Any, config: Config) -> FrontGuard:
    """The app behind the front guard, limited as ``[server]`` says."""
    rate = RequestRate(config.server.requests_per_second, config.server.request_burst)
    return FrontGuard(app, rate=rate)


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
    carriers = make_carriers(config, store)
    pipeline, writer = build_pipeline(config, store, carriers=carriers)
    try:
        key = await trio.to_thread.run_sync(badge_key, config)
        await trio.to_thread.run_sync(lambda: store.upgrade(badge_key=key))
        catalog = Catalog()
        scanner = ScannerService(
            store, catalog=catalog, language=config.language, on_packed=pipeline.wake,
            stock=stock,
        )  # fmt: skip
        auth = AuthService(store, config.security, key)
        state = AppState(config=config, store=store, scanner=scanner, auth=auth, pipeline=pipeline,
                         carriers=carriers)  # fmt: skip
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
                    guarded(app, config),  # type: ignore[arg-type]
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
    limit_malloc_arenas()  # before the worker threads start (the process is the server's)
    async with trio.open_nursery() as nursery:
        binds = await nursery.start(lambda task_status: run_server(config, task_status=task_status))
        tune_interpreter()  # the process is the server's alone (not so in tests)
        if on_ready is not None:
            on_ready(binds)
        with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
            async for signum in signals:
                log_event(logger, "server.stopping", signal=signal.Signals(signum).name)
                nursery.cancel_scope.cancel()
                break
