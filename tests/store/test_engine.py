"""Opening the store, its errors, and running repository functions from Trio."""

from __future__ import annotations

import importlib.util
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
import trio
from psycopg import sql
from sqlalchemy.engine import Connection, make_url

from kolektor.store import (
    Store,
    StoreConfigError,
    StoreIntegrityError,
    StoreUnavailableError,
    redact_url,
    settings,
    tables,
)

PASSWORD = "Sekr3t-Hasło"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# -- opening --------------------------------------------------------------------------------


def test_sqlite_store_creates_its_directory_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "nowy" / "katalog" / "kolektor.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        assert path.exists()
        assert store.dialect == "sqlite"

        def pragmas(conn: Connection) -> dict[str, object]:
            return {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }

        assert store.run_sync(pragmas) == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": 1,  # NORMAL
            "busy_timeout": 30_000,
        }
    finally:
        store.close()


@pytest.mark.postgresql
def test_postgresql_url_uses_psycopg(fresh_postgres_url: str) -> None:
    plain = make_url(fresh_postgres_url).set(drivername="postgresql")
    store = Store.open(plain.render_as_string(hide_password=False))
    try:
        assert store.engine.url.drivername == "postgresql+psycopg"
        assert store.dialect == "postgresql"
        assert store.run_sync(lambda conn: conn.exec_driver_sql("SELECT 41 + 1").scalar()) == 42
    finally:
        store.close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "The store URL is empty"),
        ("   ", "The store URL is empty"),
        ("kolektor.db", "is malformed"),
        (f"postgresql://kolektor:{PASSWORD}@db:piec/kolektor", "is malformed"),
        (f"mysql://kolektor:{PASSWORD}@db/kolektor", "supports SQLite and PostgreSQL"),
        (f"postgresql+asyncpg://kolektor:{PASSWORD}@db/kolektor", "synchronous driver"),
        ("sqlite://", "does not name a database file"),
        ("sqlite:///:memory:", "does not name a database file"),
        ("sqlite+aiosqlite:///k.db", "use plain sqlite:///"),
        ("sqlite:///k.db?mode=ro", "has options after “?”"),
    ],
)
def test_bad_urls_are_explained_without_the_password(url: str, expected: str) -> None:
    with pytest.raises(StoreConfigError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert expected in message
    assert PASSWORD not in message
    if PASSWORD in url:
        assert "kolektor:***@db" in message


def test_missing_driver_says_what_to_install() -> None:
    if importlib.util.find_spec("psycopg2") is not None:
        pytest.skip("psycopg2 is installed here, so its absence cannot be shown")
    with pytest.raises(StoreConfigError) as caught:
        Store.open(f"postgresql+psycopg2://kolektor:{PASSWORD}@127.0.0.1/kolektor")
    message = str(caught.value)
    assert "not installed" in message
    assert "psycopg2" in message
    assert "postgresql+psycopg://" in message
    assert PASSWORD not in message


def test_directory_that_cannot_be_created(tmp_path: Path) -> None:
    # A path through a regular file: no permission trick, so it fails even for root.
    blocker = tmp_path / "plik.txt"
    blocker.write_text("not a directory")
    with pytest.raises(StoreConfigError) as caught:
        Store.open(f"sqlite:///{blocker / 'dane' / 'kolektor.db'}")
    message = str(caught.value)
    assert "Cannot create the directory" in message
    assert str(blocker / "dane") in message
    assert "write access" in message


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "kolektor.db"
    path.write_bytes(b"definitely not SQLite " * 100)
    with pytest.raises(StoreUnavailableError) as caught:
        Store.open(f"sqlite:///{path}")
    assert "not a database" in str(caught.value)
    assert str(path) in str(caught.value)


def test_unreachable_postgresql_names_the_server_not_the_password() -> None:
    url = f"postgresql://kolektor:{PASSWORD}@127.0.0.1:{free_port()}/kolektor"
    with pytest.raises(StoreUnavailableError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert PASSWORD not in message
    assert "kolektor:***@127.0.0.1" in message
    assert "Check that PostgreSQL is running" in message


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://jan:tajne@host/db", "postgresql://jan:***@host/db"),
        ("postgresql://jan:ta@jne@host:x/db", "postgresql://jan:***@host:x/db"),
        ("sqlite:///var/lib/kolektor.db", "sqlite:///var/lib/kolektor.db"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


# -- transactions ---------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_run_commits_and_rolls_back(store: Store) -> None:
    store.run_sync(settings.set_setting, "a", 1, actor="test")

    def set_then_fail(conn: Connection) -> None:
        settings.set_setting(conn, "b", 2, actor="test")
        raise Boom

    with pytest.raises(Boom):
        store.run_sync(set_then_fail)
    assert store.read_sync(settings.all_settings) == {"a": 1}


async def test_read_is_read_only(store: Store) -> None:
    with pytest.raises(sa.exc.DBAPIError):
        await store.read(settings.set_setting, "x", 1, actor="test")
    # The connection went back to the pool writable again.
    for _ in range(3):
        await store.run(settings.set_setting, "x", 2, actor="test")
        assert await store.read(settings.get_setting, "x") == 2


async def test_run_does_not_block_the_event_loop(store: Store) -> None:
    release = threading.Event()
    ticks = 0

    def slow(conn: Connection) -> bool:
        conn.exec_driver_sql("SELECT 1")
        # Only returns True if the event loop keeps running while this thread waits.
        return release.wait(timeout=10)

    async def ticker() -> None:
        nonlocal ticks
        while ticks < 20:
            await trio.sleep(0.001)
            ticks += 1
        release.set()

    async with trio.open_nursery() as nursery:
        nursery.start_soon(ticker)
        assert await store.run(slow) is True
    assert ticks == 20


async def test_concurrent_calls_are_limited_to_max_threads(store_url: str) -> None:
    store = Store.open(store_url, max_threads=2)
    store.upgrade()
    lock = threading.Lock()
    active = peak = 0
    pair = threading.Barrier(2, timeout=10)

    def call(conn: Connection) -> None:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        conn.exec_driver_sql("SELECT 1")
        pair.wait()  # needs two calls at once: fails if only one thread were allowed
        with lock:
            active -= 1

    try:
        async with trio.open_nursery() as nursery:
            for _ in range(6):
                nursery.start_soon(store.read, call)
        assert peak == 2
    finally:
        store.close()


async def test_ping(store: Store) -> None:
    await store.ping()


@pytest.mark.postgresql
async def test_ping_reports_a_lost_database(postgres_url: str, fresh_postgres_url: str) -> None:
    store = Store.open(fresh_postgres_url)
    try:
        await store.ping()
        name = make_url(fresh_postgres_url).database
        server = make_url(postgres_url).set(drivername="postgresql")
        with psycopg.connect(
            server.render_as_string(hide_password=False), autocommit=True
        ) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(str(name)))
            )
        with pytest.raises(StoreUnavailableError) as caught:
            await store.ping()
        assert "does not answer" in str(caught.value)
        assert str(name) in str(caught.value)
    finally:
        store.close()


def test_sqlite_writers_wait_for_each_other(tmp_path: Path) -> None:
    # Two writers that both read before writing must queue, not fail with "locked".
    url = f"sqlite:///{tmp_path / 'k.db'}"
    stores = [Store.open(url) for _ in range(2)]
    stores[0].upgrade()
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def bump(conn: Connection) -> None:
        value = settings.get_setting(conn, "counter", 0)
        settings.set_setting(conn, "counter", value + 1, actor="test")

    def work(store: Store) -> None:
        barrier.wait()
        try:
            for _ in range(20):
                store.run_sync(bump)
        except (sa.exc.DBAPIError, sqlite3.Error) as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert stores[0].read_sync(settings.get_setting, "counter") == 40
    finally:
        for store in stores:
            store.close()


def _hold_write_lock(path: Path, seconds: float, ready: threading.Event) -> None:
    """Another process's writer holding SQLite's lock (as a stuck tool would)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def test_a_locked_database_is_unavailable_then_works_again(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    store = Store.open(f"sqlite:///{path}", busy_timeout=0.2)
    store.upgrade()
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 1.0, ready))
    holder.start()
    try:
        assert ready.wait(5)
        with pytest.raises(StoreUnavailableError) as caught:
            store.run_sync(settings.set_setting, "x", 1, actor="test")
        assert "does not answer" in str(caught.value) and "locked" in str(caught.value)
        assert store.read_sync(settings.get_setting, "x") is None  # readers go on (WAL)
    finally:
        holder.join()
    store.run_sync(settings.set_setting, "x", 1, actor="test")
    assert store.read_sync(settings.get_setting, "x") == 1
    store.close()


def fill_the_disk(store: Store) -> Callable[[], None]:
    """Make every new SQLite connection of ``store`` unable to grow the file (SQLITE_FULL,
    what a full disk gives); returns the function that frees the space again."""

    def limit(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    sa.event.listen(store.engine, "connect", limit)
    store.engine.dispose()

    def free() -> None:
        sa.event.remove(store.engine, "connect", limit)
        store.engine.dispose()

    return free


def test_a_full_disk_is_unavailable_and_nothing_is_half_written(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'k.db'}")
    store.upgrade()
    free = fill_the_disk(store)

    def big_write(conn: Connection) -> None:
        for n in range(200):
            settings.set_setting(conn, f"k{n}", "x" * 4000, actor="test")

    with pytest.raises(StoreUnavailableError) as caught:
        store.run_sync(big_write)
    assert "full" in str(caught.value)
    free()
    assert store.read_sync(settings.all_settings) == {}  # rolled back whole
    store.run_sync(big_write)
    assert len(store.read_sync(settings.all_settings)) == 200
    store.close()


def test_a_refused_change_is_an_integrity_error(store: Store) -> None:
    def duplicate(conn: Connection) -> None:
        for _ in range(2):
            conn.execute(sa.insert(tables.settings).values(
                key="dup", value=1, updated_at=tables.utcnow(), updated_by="t"))  # fmt: skip

    with pytest.raises(StoreIntegrityError, match="refused the change"):
        store.run_sync(duplicate)
