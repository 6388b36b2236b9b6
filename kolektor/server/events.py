"""Live updates for the office panel: one watcher behind every open dashboard, and the
Server-Sent Events (``text/event-stream``) each browser reads.

**One watcher, many browsers.**  :class:`LiveHub` runs a single task however many
dashboards are open.  While at least one stream is open it asks its :class:`LiveSource`
every :data:`CHECK_SECONDS` for a small *mark* (counts per status, the newest event and scan
ids, the services' states…); only when the mark differs does it read the whole dashboard
once and send the same bytes to every stream — so at most one ``dashboard`` event every two
seconds, and nothing read at all while nobody watches.  Orders that *entered* ``attention``
or ``problem`` since the previous reading follow as ``alert`` events.

**Streams end.**  A stream sends its first ``dashboard`` event at once, a ``: keep-alive``
comment after :data:`KEEP_ALIVE_SECONDS` of silence, and ends by itself after
:data:`STREAM_SECONDS` with a ``retry: 2000`` line: the browser's ``EventSource`` connects
again two seconds later and gets the current state first.  So no request lives for ever,
and the stream ends before Hypercorn's read timeout (120 s without a byte from the client,
which a reading browser never sends) would cut it.  A browser that goes away mid-stream
cancels its request (Hypercorn reports the disconnect); the stream's generator is closed
and forgets its channel — no task is left behind.  A browser that reads too slowly to keep
up (:data:`STREAM_BUFFER` events behind) has its stream ended; it reconnects to the
current state.

At most :data:`MAX_STREAMS` streams are open at once (:attr:`LiveHub.full`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, Hashable
from dataclasses import dataclass
from typing import Any, Final, Protocol

import trio

from kolektor.logs import log_event
from kolektor.store.engine import StoreError

logger = logging.getLogger("kolektor.server.events")

EVENT_STREAM: Final = "text/event-stream"
CHECK_SECONDS: Final = 2.0
"""How often the watcher compares the mark (and so the shortest time between two
``dashboard`` events)."""
KEEP_ALIVE_SECONDS: Final = 15.0
"""A stream that had nothing to say for this long sends a comment line (proxies and the
browser see the connection is alive)."""
STREAM_SECONDS: Final = 100.0
"""A stream ends after this long (well under Hypercorn's 120-second read timeout); the
browser reconnects after :data:`RETRY_MILLISECONDS`."""
RETRY_MILLISECONDS: Final = 2000
MAX_STREAMS: Final = 50
"""Streams open at once; one more is refused (503 ``busy``) until one ends."""
STREAM_BUFFER: Final = 32
"""Events a stream may be behind before it is ended as too slow."""

KEEP_ALIVE: Final = b": keep-alive\n\n"
RETRY: Final = f"retry: {RETRY_MILLISECONDS}\n\n".encode()


def sse_event(name: str, data: Any) -> bytes:
    """One Server-Sent Event: ``event: <name>`` and its data as one line of JSON (JSON
    escapes every line break inside strings, so the data is always a single line)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {name}\ndata: {text}\n\n".encode()


@dataclass(frozen=True, slots=True)
class Reading:
    """What the watcher compares: ``mark`` changes whenever anything shown changes;
    ``last_event_id`` is the newest order event it covers (where the next alerts start)."""

    mark: Hashable
    last_event_id: int


class LiveSource(Protocol):
    """Where the hub reads from (the store and the server's own state)."""

    async def mark(self) -> Reading:
        """The current mark (cheap: read every two seconds while someone watches)."""
        ...

    async def snapshot(self) -> tuple[Reading, dict[str, Any]]:
        """The whole dashboard, with the reading it was made at."""
        ...

    async def alerts(self, after_event_id: int, upto_event_id: int) -> list[dict[str, Any]]:
        """The orders that entered ``attention`` or ``problem`` in those events."""
        ...

    def store_down(self, body: dict[str, Any], error: str) -> dict[str, Any]:
        """The last dashboard, marked as read before the store stopped answering."""
        ...


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A framed ``dashboard`` event and the hub's publication number it was made at."""

    version: int
    event: bytes


class LiveHub:
    """The one watcher and the open streams (see the module docstring)."""

    def __init__(
        self,
        source: LiveSource,
        *,
        check_seconds: float = CHECK_SECONDS,
        max_streams: int = MAX_STREAMS,
        buffer: int = STREAM_BUFFER,
    ) -> None:
        self.source = source
        self.check_seconds = check_seconds
        self.max_streams = max_streams
        self.buffer = buffer
        self._streams: set[trio.MemorySendChannel[bytes]] = set()
        self._someone_watches = trio.Event()
        self._lock = trio.Lock()
        self._reading: Reading | None = None
        self._alerted_upto: int | None = None
        self._body: dict[str, Any] | None = None
        self._latest: Snapshot | None = None
        self._version = 0
        self._store_down = False

    @property
    def streams(self) -> int:
        """Streams open now."""
        return len(self._streams)

    @property
    def full(self) -> bool:
        return len(self._streams) >= self.max_streams

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        """The watcher: idle while no stream is open, else a check every few seconds."""
        task_status.started()
        while True:
            if not self._streams:
                self._someone_watches = trio.Event()
                await self._someone_watches.wait()
            await trio.sleep(self.check_seconds)
            if self._streams:
                await self.check()

    async def check(self) -> None:
        """Compare the mark; on a change read the dashboard once and send it (then the
        alerts) to every stream.  A store that does not answer is reported once, as the
        last dashboard marked so; any other failure is logged.  The watcher goes on."""
        async with self._lock:
            try:
                reading = await self.source.mark()
                if self._reading is not None and reading.mark == self._reading.mark:
                    return
                await self._refresh()
            except StoreError as error:
                self._report_store_down(error)
            except Exception as error:  # a fault of its own must not stop the server
                self._reading = None
                fields = {"error": str(error)[:300]}
                logger.error("live.check_failed", exc_info=error,
                             extra={"kolektor_fields": fields})  # fmt: skip

    async def current(self) -> Snapshot:
        """The dashboard for a stream that is about to open: the latest one sent while
        streams are open (the watcher keeps it at most a check old), else read now.
        :class:`~kolektor.store.engine.StoreError` when the store does not answer."""
        async with self._lock:
            if self._streams and self._latest is not None and not self._store_down:
                return self._latest
            await self._refresh()
            assert self._latest is not None
            return self._latest

    async def _refresh(self) -> None:
        reading, body = await self.source.snapshot()
        alerts: list[dict[str, Any]] = []
        # Nobody watching meanwhile: what happened is in the counts, it is not alerted.
        if self._alerted_upto is not None and self._streams:
            alerts = await self.source.alerts(self._alerted_upto, reading.last_event_id)
        if self._store_down:
            log_event(logger, "live.store_back")
        self._store_down = False
        self._reading = reading
        self._alerted_upto = reading.last_event_id
        self._body = body
        self._publish_dashboard(body)
        for alert in alerts:
            self._publish(sse_event("alert", alert))

    def _report_store_down(self, error: StoreError) -> None:
        self._reading = None  # the next check that reaches the store reads everything
        if self._store_down or self._body is None:
            return
        self._store_down = True
        log_event(logger, "live.store_down", logging.WARNING, error=str(error)[:300])
        self._publish_dashboard(self.source.store_down(self._body, str(error)))

    def _publish_dashboard(self, body: dict[str, Any]) -> None:
        self._version += 1
        self._latest = Snapshot(self._version, sse_event("dashboard", body))
        self._publish(self._latest.event)

    def _publish(self, event: bytes) -> None:
        for channel in list(self._streams):
            try:
                channel.send_nowait(event)
            except (trio.WouldBlock, trio.BrokenResourceError, trio.ClosedResourceError):
                # Too far behind (or gone): end its stream; the browser reconnects.
                self._streams.discard(channel)
                channel.close()

    async def events(
        self,
        first: Snapshot,
        *,
        lifetime: float = STREAM_SECONDS,
        keep_alive: float = KEEP_ALIVE_SECONDS,
    ) -> AsyncGenerator[bytes, None]:
        """One browser's stream: the retry hint and ``first`` (or a newer dashboard sent
        since it was read), then every event published, keep-alive comments in silences,
        and the retry hint again when ``lifetime`` is over.  Counted among the open streams
        from its first byte until the generator is closed (the request ended)."""
        sender, receiver = trio.open_memory_channel[bytes](self.buffer)
        self._streams.add(sender)
        self._someone_watches.set()
        try:
            latest = self._latest
            newer = latest is not None and latest.version > first.version
            yield RETRY + (latest.event if newer and latest is not None else first.event)
            deadline = trio.current_time() + lifetime
            while (remaining := deadline - trio.current_time()) > 0:
                chunk: bytes | None = None
                with trio.move_on_after(min(keep_alive, remaining)):
                    try:
                        chunk = await receiver.receive()
                    except trio.EndOfChannel:
                        break  # ended as too slow
                if chunk is None:
                    if trio.current_time() >= deadline:
                        break
                    chunk = KEEP_ALIVE
                yield chunk
            yield RETRY
        finally:
            self._streams.discard(sender)
            sender.close()
            receiver.close()
