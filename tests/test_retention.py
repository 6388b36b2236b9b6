"""Retention: old document contents and the scans of long-finished orders are removed, in
batches; orders, lines, packages and the documents' records stay (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
import trio

from kolektor.config import RetentionSettings
from kolektor.logs import configure_logging
from kolektor.retention import Removed, Retention
from kolektor.store import documents as document_store
from kolektor.store import operators
from kolektor.store import orders as order_store
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.tables import documents, order_lines, packages, scans, utcnow
from kolektor.supervise import Supervisor
from tests.store.samples import fingerprint, zk

PATHS = {
    OrderStatus.DONE: (OrderStatus.PICKING, OrderStatus.PICKED, OrderStatus.PACKED,
                       OrderStatus.DONE),
    OrderStatus.GONE: (OrderStatus.GONE,),
    OrderStatus.PICKING: (OrderStatus.PICKING,),
    OrderStatus.PACKED: (OrderStatus.PICKING, OrderStatus.PICKED, OrderStatus.PACKED),
}  # fmt: skip


def make_order(store: Store, number: int, status: OrderStatus) -> int:
    order = zk(id=5000 + number, number=f"ZK {number}/2026")
    order_id = store.run_sync(
        order_store.import_order, order, fingerprint=fingerprint(order), nip=None
    )
    for step in PATHS[status]:
        store.run_sync(order_store.change_status, order_id, step, reason=None, actor="test")
    return order_id


def operator(store: Store) -> int:
    return store.run_sync(operators.create_operator, login="anna", name="Anna", role="picker")


def add_scans(store: Store, order_id: int, operator_id: int, count: int) -> None:
    now = utcnow()

    def insert(conn: sa.Connection) -> None:
        for n in range(count):
            conn.execute(
                scans.insert().values(
                    order_id=order_id, operator_id=operator_id, device_id="dev-1",
                    scan_uid=f"{order_id}-{n}", raw="5901234123457", verdict="counted",
                    scanned_at=now, received_at=now,
                )
            )  # fmt: skip

    store.run_sync(insert)


def add_package(store: Store, order_id: int) -> None:
    store.run_sync(lambda conn: conn.execute(packages.insert().values(order_id=order_id, number=1)))


def add_document(store: Store, order_id: int, content: bytes) -> None:
    def insert(conn: sa.Connection) -> None:
        conn.execute(
            documents.insert().values(
                order_id=order_id, generation=1, kind="FS", number=f"FS {order_id}/2026",
                filename=f"FS_{order_id}-2026.pdf", media_type="application/pdf",
                content=content, sha256=hashlib.sha256(content).hexdigest(), size=len(content),
            )
        )  # fmt: skip

    store.run_sync(insert)


def count(store: Store, table: sa.Table, order_id: int) -> int:
    query = sa.select(sa.func.count()).select_from(table).where(table.c.order_id == order_id)
    return int(store.read_sync(lambda conn: conn.execute(query).scalar_one()))


def later(days: float) -> Callable[[], datetime]:
    """A clock ``days`` from now (what the store wrote now is then that old)."""
    return lambda: datetime.now(UTC) + timedelta(days=days)


def retention(store: Store, tmp_path: Path, *, days: float, documents_days: int = 400,
              scans_days: int = 400, batch: int = 500) -> Retention:  # fmt: skip
    return Retention(
        store, RetentionSettings(documents_days=documents_days, scans_days=scans_days),
        tmp_path / "documents", clock=later(days), batch=batch, document_batch=batch, pause=0,
    )  # fmt: skip


async def test_scans_of_orders_finished_long_ago_go_and_the_orders_stay(
    store: Store, tmp_path: Path
) -> None:
    who = operator(store)
    done, gone, picking, packed = (
        make_order(store, n, status)
        for n, status in enumerate(
            (OrderStatus.DONE, OrderStatus.GONE, OrderStatus.PICKING, OrderStatus.PACKED)
        )
    )
    for order_id in (done, gone, picking, packed):
        add_scans(store, order_id, who, 7)
        add_package(store, order_id)

    # 399 days after they finished: nothing is old enough yet.
    assert (await retention(store, tmp_path, days=399).run_once()).scans == 0
    assert count(store, scans, done) == 7

    # 401 days: the scans of the done and the gone order go, in batches of 3.
    removed = await retention(store, tmp_path, days=401, batch=3).run_once()
    assert removed.scans == 14
    assert (count(store, scans, done), count(store, scans, gone)) == (0, 0)
    # Orders still being worked on keep theirs, however old.
    assert (count(store, scans, picking), count(store, scans, packed)) == (7, 7)
    for order_id in (done, gone):
        assert store.read_sync(order_store.get_order, order_id) is not None
        assert count(store, order_lines, order_id) > 0
        assert count(store, packages, order_id) == 1

    # A second pass finds nothing more.
    assert (await retention(store, tmp_path, days=401).run_once()).scans == 0


async def test_zero_days_keeps_scans_and_documents_for_ever(store: Store, tmp_path: Path) -> None:
    who = operator(store)
    done = make_order(store, 1, OrderStatus.DONE)
    add_scans(store, done, who, 2)
    add_document(store, done, b"%PDF-1.7 old")
    old_file = tmp_path / "documents" / "FS_1-2026.pdf"
    old_file.parent.mkdir()
    old_file.write_bytes(b"%PDF-1.7")
    os.utime(old_file, (0, 0))

    removed = await retention(
        store, tmp_path, days=10_000, documents_days=0, scans_days=0
    ).run_once()
    assert removed == Removed()
    assert count(store, scans, done) == 2 and contents(store, done) == [b"%PDF-1.7 old"]
    assert old_file.exists()


def contents(store: Store, order_id: int) -> list[bytes]:
    query = sa.select(documents.c.content).where(documents.c.order_id == order_id)
    return [bytes(row.content) for row in store.read_sync(lambda c: c.execute(query).all())]


async def test_old_documents_lose_their_contents_and_keep_their_record(
    store: Store, tmp_path: Path
) -> None:
    done, packed = make_order(store, 1, OrderStatus.DONE), make_order(store, 2, OrderStatus.PACKED)
    for order_id in (done, packed):
        add_document(store, order_id, b"%PDF-1.7 " + bytes(1000 + order_id))

    assert (await retention(store, tmp_path, days=399).run_once()).documents == 0
    assert all(contents(store, order_id)[0].startswith(b"%PDF") for order_id in (done, packed))

    removed = await retention(store, tmp_path, days=401, batch=1, scans_days=0).run_once()
    assert (removed.documents, removed.document_bytes) == (2, 9 * 2 + 2000 + done + packed)
    for order_id in (done, packed):
        assert contents(store, order_id) == [b""]
        (kept,) = store.read_sync(
            lambda c, o=order_id: c.execute(
                sa.select(documents).where(documents.c.order_id == o)
            ).all()
        )
        assert (kept.number, kept.size) == (f"FS {order_id}/2026", 9 + 1000 + order_id)
    # What the office API serves says the document is no longer kept.
    stored = store.read_sync(document_store.find_document, done)
    assert stored is not None
    assert store.read_sync(document_store.document_content, stored.id) is None
    assert store.read_sync(order_store.get_order, done) is not None
    # Emptied contents are not counted again.
    assert (await retention(store, tmp_path, days=401).run_once()).documents == 0


async def test_old_document_files_go_and_new_or_other_files_stay(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    long_ago = time.time() - 500 * 86400
    old = {name: folder / name for name in ("FS_1-2026.pdf", "PA_2-2026.PDF", "WZ_3.part")}
    for path in old.values():
        path.write_bytes(b"x" * 100)
        os.utime(path, (long_ago, long_ago))
    recent = folder / "FS_9-2026.pdf"
    recent.write_bytes(b"new")
    other = folder / "notes.txt"
    other.write_bytes(b"not a document")
    os.utime(other, (long_ago, long_ago))

    removed = await retention(store, tmp_path, days=0, batch=2).run_once()
    assert (removed.files, removed.file_bytes) == (3, 300)
    assert not any(path.exists() for path in old.values())
    assert recent.exists() and other.exists()


async def test_a_missing_documents_folder_is_nothing_to_remove(
    store: Store, tmp_path: Path
) -> None:
    assert (await retention(store, tmp_path, days=401).run_once()) == Removed()


async def test_the_service_runs_at_start_and_logs_what_it_removed(
    store: Store, tmp_path: Path
) -> None:
    who = operator(store)
    done = make_order(store, 1, OrderStatus.DONE)
    add_scans(store, done, who, 3)
    stream = io.StringIO()
    configure_logging("INFO", stream)
    try:
        service = retention(store, tmp_path, days=401)
        async with trio.open_nursery() as nursery:
            await nursery.start(service.run)
            with trio.fail_after(30):
                while service.last is None:  # noqa: ASYNC110 — the pass runs in the service
                    await trio.sleep(0.01)
            nursery.cancel_scope.cancel()
    finally:
        configure_logging("INFO")
    (line,) = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["event"] == "retention.removed" and line["level"] == "info"
    assert (line["scans"], line["documents"], line["files"]) == (3, 0, 0)
    assert (line["scans_days"], line["documents_days"]) == (400, 400)


async def test_a_locked_store_fails_the_pass_whole_and_the_supervisor_runs_it_again(
    tmp_path: Path,
) -> None:
    """Another writer holds SQLite's lock when the pass wants to delete: the pass fails as
    unavailable with nothing removed, the supervisor restarts the service, and once the
    lock is gone the pass removes the scans."""
    path = tmp_path / "k.db"
    store = Store.open(f"sqlite:///{path}", busy_timeout=0.2)
    store.upgrade()
    done = make_order(store, 1, OrderStatus.DONE)
    add_scans(store, done, operator(store), 3)
    service = retention(store, tmp_path, days=401)
    supervisor = Supervisor(base=0.1, cap=0.2)
    ready, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, ready, release))
    holder.start()
    try:
        assert ready.wait(5)
        async with trio.open_nursery() as nursery:
            await supervisor.start(nursery, "retention", service.run)
            with trio.fail_after(30):
                while supervisor.services["retention"].restarts < 1:  # noqa: ASYNC110
                    await trio.sleep(0.02)
            assert count(store, scans, done) == 3 and service.last is None  # nothing half-done
            release.set()
            with trio.fail_after(30):
                while service.last is None:  # noqa: ASYNC110 — the restarted pass
                    await trio.sleep(0.02)
            nursery.cancel_scope.cancel()
    finally:
        release.set()
        holder.join()
    assert service.last == Removed(scans=3)
    assert count(store, scans, done) == 0
    store.close()


def _hold_write_lock(path: Path, ready: threading.Event, release: threading.Event) -> None:
    """Another process's writer holding SQLite's write lock until ``release``."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        ready.set()
        release.wait(30)
        connection.execute("ROLLBACK")
    finally:
        connection.close()
