"""The server's WAL checkpointer: keeps SQLite's write-ahead log short, off the writers' path.

In WAL mode every commit appends to the ``-wal`` file; a *checkpoint* copies those pages
back into the database and syncs it to disk.  By default SQLite has the commit that makes
the log pass 1000 pages (4 MB) do it — and that commit is whichever writer is unlucky,
often a scan's group commit: it then holds the single writer's gate for the 30–100 ms the
copy and the ``fsync`` take, and every scan behind it waits (``bench/README.md``, *Soak*).

While :class:`WalCheckpointer` runs, the server's own connections never checkpoint
(``wal_autocheckpoint = 0``); it runs a ``PASSIVE`` checkpoint every ``interval`` seconds in
its own thread instead.  A passive checkpoint takes no lock a writer needs and never
waits: what a reader still uses is left for the next round.  Run every second it has little
to copy (a few milliseconds).  When the service stops — or fails and is restarted by the
supervisor — or a round fails, the writers checkpoint by themselves again until one
succeeds, so the log can never grow without bound.  Other processes on the same store
(``kolektor work``) keep SQLite's default.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Final

import trio

from kolektor.logs import log_event
from kolektor.store.engine import SQLITE_AUTOCHECKPOINT_PAGES, Store, StoreError

logger = logging.getLogger("kolektor.store")

CHECKPOINT_INTERVAL: Final = 1.0
"""Seconds between passive checkpoints."""


@dataclass
class CheckpointStatus:
    rounds: int = 0
    failures: int = 0
    last_wal_pages: int = 0
    last_error: str | None = None


class WalCheckpointer:
    """Checkpoints the SQLite store's WAL every ``interval`` seconds (supervise :meth:`run`)."""

    def __init__(self, store: Store, *, interval: float = CHECKPOINT_INTERVAL) -> None:
        if not store.checkpoints_itself:
            raise ValueError("only an SQLite store has a write-ahead log to checkpoint")
        self.store = store
        self.interval = interval
        self.status = CheckpointStatus()

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        self.store.set_autocheckpoint(0)
        try:
            task_status.started()
            while True:
                await trio.sleep(self.interval)
                await self.checkpoint_once()
        finally:
            self.store.set_autocheckpoint(SQLITE_AUTOCHECKPOINT_PAGES)

    async def checkpoint_once(self) -> bool:
        """One passive checkpoint; False (logged, counted) when the store refused it — then
        the writers checkpoint by themselves again until a round succeeds."""
        try:
            _busy, wal_pages, _copied = await self.store.checkpoint()
        except StoreError as error:
            self.store.set_autocheckpoint(SQLITE_AUTOCHECKPOINT_PAGES)
            self.status.failures += 1
            self.status.last_error = str(error)
            log_event(logger, "store.checkpoint_failed", logging.WARNING, error=str(error))
            return False
        self.store.set_autocheckpoint(0)
        self.status.rounds += 1
        self.status.last_wal_pages = wal_pages
        self.status.last_error = None
        return True
