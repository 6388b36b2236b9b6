"""The server's WAL checkpointer: writers stop checkpointing while it runs, the log is copied
beside them, and a failing or stopped checkpointer hands the job back to the writers."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import trio
import trio.testing

from kolektor.store.checkpoint import WalCheckpointer
from kolektor.store.engine import SQLITE_AUTOCHECKPOINT_PAGES, Store, StoreUnavailableError
from tests.disk import SmallDisk


def _open(folder: Path) -> Store:
    store = Store.open(f"sqlite:///{folder / 'kolektor.db'}")
    store.run_sync(lambda conn: conn.exec_driver_sql("CREATE TABLE t (payload BLOB)"))
    return store


def _autocheckpoint(store: Store) -> int:
    pragma = "PRAGMA wal_autocheckpoint"
    return int(store.read_sync(lambda conn: conn.exec_driver_sql(pragma).scalar_one()))


def _write_pages(store: Store, pages: int) -> None:
    """Commit about ``pages`` pages of WAL, one transaction per page."""
    for _ in range(pages):
        store.run_sync(lambda conn: conn.execute(sa.text("INSERT INTO t VALUES (zeroblob(3500))")))


def _wal_bytes(folder: Path) -> int:
    wal = folder / "kolektor.db-wal"
    return wal.stat().st_size if wal.exists() else 0


async def test_while_it_runs_writers_never_checkpoint_and_it_copies_the_log(
    tmp_path: Path, nursery: trio.Nursery
) -> None:
    store = _open(tmp_path)
    checkpointer = WalCheckpointer(store, interval=3600)  # rounds by hand below
    await nursery.start(checkpointer.run)
    assert _autocheckpoint(store) == 0
    # Past SQLite's 1000-page threshold, and no commit checkpointed: the log kept growing.
    _write_pages(store, SQLITE_AUTOCHECKPOINT_PAGES + 200)
    assert _wal_bytes(tmp_path) > (SQLITE_AUTOCHECKPOINT_PAGES + 200) * 4096
    busy, in_log, copied = await store.checkpoint()
    assert (busy, copied) == (0, in_log) and in_log > SQLITE_AUTOCHECKPOINT_PAGES
    assert await checkpointer.checkpoint_once()
    assert checkpointer.status.rounds == 1 and checkpointer.status.failures == 0
    count = store.read_sync(lambda conn: conn.exec_driver_sql("SELECT count(*) FROM t").scalar())
    assert count == SQLITE_AUTOCHECKPOINT_PAGES + 200


async def test_when_it_stops_the_writers_checkpoint_by_themselves_again(tmp_path: Path) -> None:
    store = _open(tmp_path)
    checkpointer = WalCheckpointer(store, interval=0.01)
    async with trio.open_nursery() as nursery:
        await nursery.start(checkpointer.run)
        assert _autocheckpoint(store) == 0
        with trio.fail_after(10):
            while checkpointer.status.rounds < 2:  # noqa: ASYNC110 — its own rounds
                await trio.sleep(0.01)
        nursery.cancel_scope.cancel()
    assert _autocheckpoint(store) == SQLITE_AUTOCHECKPOINT_PAGES
    _write_pages(store, SQLITE_AUTOCHECKPOINT_PAGES + 50)
    # The commit that passed the threshold copied the log back and it started over.
    assert _wal_bytes(tmp_path) <= (SQLITE_AUTOCHECKPOINT_PAGES + 60) * 4096
    assert (await store.checkpoint())[1] < SQLITE_AUTOCHECKPOINT_PAGES


async def test_a_round_refused_on_a_full_disk_hands_back_to_the_writers_until_one_succeeds(
    small_disk: SmallDisk, nursery: trio.Nursery
) -> None:
    store = _open(small_disk.path)
    checkpointer = WalCheckpointer(store, interval=3600)
    await nursery.start(checkpointer.run)
    _write_pages(store, 600)  # in the log only: the database file must grow to take it
    small_disk.fill()
    with pytest.raises(StoreUnavailableError):
        await store.checkpoint()
    assert not await checkpointer.checkpoint_once()
    assert checkpointer.status.failures == 1 and checkpointer.status.last_error
    assert _autocheckpoint(store) == SQLITE_AUTOCHECKPOINT_PAGES
    small_disk.free()
    assert await checkpointer.checkpoint_once()
    assert checkpointer.status.last_error is None
    assert _autocheckpoint(store) == 0
    count = store.read_sync(lambda conn: conn.exec_driver_sql("SELECT count(*) FROM t").scalar())
    assert count == 600


def test_only_sqlite_has_a_log_to_checkpoint(tmp_path: Path) -> None:
    store = _open(tmp_path)
    assert store.checkpoints_itself
    WalCheckpointer(store)  # accepted
