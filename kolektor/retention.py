"""Retention: what Kolektor made is kept for ``[retention]`` days, then removed.

A supervised service of ``kolektor serve`` (``retention`` in ``/health``) that runs once at
start and then once a day:

* **documents** — the contents of final documents (the customers' PDFs) made more than
  ``documents_days`` ago: the ``content`` of their rows in the store's ``documents`` table
  is emptied (the row stays: kind, number, file name, size and checksum; the office API then
  answers that the document is no longer kept), and the older ``data_dir/documents/*.pdf``
  files (by modification time) are deleted.  The documents themselves stay in Subiekt;
* **scans** — the ``scans`` rows of orders that became ``done`` or ``gone`` more than
  ``scans_days`` ago.  The orders, their lines, packages, jobs and timeline stay.

``0`` days keeps that kind for ever.  Rows are changed in batches of :data:`BATCH`
(documents :data:`DOCUMENT_BATCH`), each its own short transaction, found first in a
read-only transaction, with a pause between batches, so SQLite's single write lock is never held for
long and the scanners' writes get in between.  Each pass logs one ``retention.removed``
line with what it removed.  SQLite reuses the freed pages for new rows (the file does not
shrink); PostgreSQL's autovacuum does the same.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Final

import sqlalchemy as sa
import trio
from sqlalchemy.engine import Connection

from kolektor.config import RetentionSettings
from kolektor.logs import log_event
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.tables import documents, orders, scans, utcnow

logger = logging.getLogger("kolektor.retention")

INTERVAL: Final = 24 * 3600.0
"""Seconds between passes."""
BATCH: Final = 500
"""Scan rows deleted per transaction."""
DOCUMENT_BATCH: Final = 50
"""Document rows (with their contents) deleted per transaction."""
PAUSE: Final = 0.05
"""Seconds between two batches: other writers take the lock meanwhile."""

FINISHED: Final = (OrderStatus.DONE.value, OrderStatus.GONE.value)
"""Orders whose scans may go: final states, nothing changes them again."""
DOCUMENT_SUFFIXES: Final = frozenset({".pdf", ".part"})
"""What the document step writes under ``data_dir/documents`` (``.part``: an unfinished
write left by a crash)."""


@dataclass(frozen=True, slots=True)
class Removed:
    """What one pass removed."""

    documents: int = 0
    """Documents in the store whose contents were removed."""
    document_bytes: int = 0
    files: int = 0
    """Files under ``data_dir/documents``."""
    file_bytes: int = 0
    scans: int = 0


# -- the store -----------------------------------------------------------------------------


def old_document_ids(conn: Connection, *, before: datetime, limit: int) -> list[int]:
    """Ids of documents made before ``before`` whose contents are still kept."""
    query = (
        sa.select(documents.c.id)
        .where(documents.c.created_at < before, sa.func.length(documents.c.content) > 0)
        .order_by(documents.c.id)
        .limit(limit)
    )
    return [int(row.id) for row in conn.execute(query)]


def empty_documents(conn: Connection, ids: Sequence[int]) -> tuple[int, int]:
    """Remove these documents' contents (the rows stay); how many, and their bytes."""
    chosen = sa.and_(documents.c.id.in_(ids), sa.func.length(documents.c.content) > 0)
    total = sa.func.coalesce(sa.func.sum(documents.c.size), 0)
    size = conn.execute(sa.select(total).where(chosen)).scalar_one()
    count = conn.execute(sa.update(documents).where(chosen).values(content=b"")).rowcount
    return int(count), int(size)


def old_scan_ids(conn: Connection, *, before: datetime, limit: int) -> list[int]:
    """Ids of scans of orders that became done or gone before ``before``."""
    query = (
        sa.select(scans.c.id)
        .join(orders, orders.c.id == scans.c.order_id)
        .where(orders.c.status.in_(FINISHED), orders.c.status_changed_at < before)
        .order_by(scans.c.id)
        .limit(limit)
    )
    return [int(row.id) for row in conn.execute(query)]


def delete_scans(conn: Connection, ids: Sequence[int]) -> int:
    return int(conn.execute(sa.delete(scans).where(scans.c.id.in_(ids))).rowcount)


# -- the files ------------------------------------------------------------------------------


def old_files(folder: Path, *, before: datetime) -> list[Path]:
    """Document files in ``folder`` last changed before ``before``."""
    cutoff = before.timestamp()
    found = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    for entry in entries:
        if not entry.is_file(follow_symlinks=False):
            continue
        if Path(entry.name).suffix.lower() not in DOCUMENT_SUFFIXES:
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                found.append(Path(entry.path))
        except FileNotFoundError:
            continue
    return sorted(found)


def remove_files(paths: Sequence[Path]) -> tuple[int, int]:
    """Delete these files; how many and their bytes (a file already gone is skipped)."""
    count = size = 0
    for path in paths:
        try:
            length = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
        count += 1
        size += length
    return count, size


# -- the service ----------------------------------------------------------------------------


class Retention:
    """Removes what is older than the settings say (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        settings: RetentionSettings,
        documents_dir: Path,
        *,
        interval: float = INTERVAL,
        batch: int = BATCH,
        document_batch: int = DOCUMENT_BATCH,
        pause: float = PAUSE,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.settings = settings
        self.documents_dir = documents_dir
        self.interval = interval
        self.batch = batch
        self.document_batch = document_batch
        self.pause = pause
        self.clock = clock
        self.last: Removed | None = None
        """What the last pass removed."""

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        """A pass now, then one every :attr:`interval` seconds, until cancelled."""
        task_status.started()
        while True:
            await self.run_once()
            await trio.sleep(self.interval)

    async def run_once(self) -> Removed:
        """One pass over everything; logs and returns what it removed."""
        now = self.clock()
        documents_days, scans_days = self.settings.documents_days, self.settings.scans_days
        removed = Removed()
        if documents_days > 0:
            before = now - timedelta(days=documents_days)
            count, size = await self._documents(before)
            files, file_bytes = await self._files(before)
            removed = Removed(count, size, files, file_bytes)
        if scans_days > 0:
            removed = replace(removed, scans=await self._scans(now - timedelta(days=scans_days)))
        self.last = removed
        log_event(
            logger, "retention.removed", documents=removed.documents,
            document_bytes=removed.document_bytes, files=removed.files,
            file_bytes=removed.file_bytes, scans=removed.scans, documents_days=documents_days,
            scans_days=scans_days,
        )  # fmt: skip
        return removed

    async def _documents(self, before: datetime) -> tuple[int, int]:
        count = size = 0
        while ids := await self.store.read(old_document_ids, before=before,
                                           limit=self.document_batch):  # fmt: skip
            deleted, length = await self.store.run(empty_documents, ids)
            count, size = count + deleted, size + length
            await trio.sleep(self.pause)
        return count, size

    async def _scans(self, before: datetime) -> int:
        count = 0
        while ids := await self.store.read(old_scan_ids, before=before, limit=self.batch):
            count += await self.store.run(delete_scans, ids)
            await trio.sleep(self.pause)
        return count

    async def _files(self, before: datetime) -> tuple[int, int]:
        paths = await trio.to_thread.run_sync(partial(old_files, self.documents_dir, before=before))
        count = size = 0
        for start in range(0, len(paths), self.batch):
            deleted, length = await trio.to_thread.run_sync(
                remove_files, paths[start : start + self.batch]
            )
            count, size = count + deleted, size + length
            await trio.sleep(self.pause)
        return count, size
