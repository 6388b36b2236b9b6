"""Opening the store and running repository functions from Trio.

:class:`Store` wraps a SQLAlchemy :class:`~sqlalchemy.engine.Engine` for SQLite (the embedded
default, in WAL mode) or PostgreSQL (through psycopg 3).  Repository functions in
:mod:`kolektor.store` are plain synchronous functions taking a
:class:`~sqlalchemy.engine.Connection` first; :meth:`Store.run` calls one inside a single
transaction in a worker thread, so the Trio event loop never waits for the database::

    store = Store.open("sqlite:///var/lib/kolektor/kolektor.db")
    store.upgrade()
    order_id = await store.run(orders.import_order, zk, fingerprint=fp, nip=nip)

On SQLite, :meth:`Store.run` starts its transaction with ``BEGIN IMMEDIATE`` so that writers
queue up on the database lock (``busy_timeout``) instead of failing when two of them read
first and write second.  :meth:`Store.read` uses a read-only transaction on both backends.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

import sqlalchemy as sa
import trio
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url

from kolektor.i18n import Message, t
from kolektor.redact import mask_url
from kolektor.store.gate import WriterGate

P = ParamSpec("P")
T = TypeVar("T")

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"

SQLITE_BUSY_TIMEOUT_MS: Final = 30_000
"""How long a SQLite connection waits for another writer before giving up."""

POSTGRES_CONNECT_TIMEOUT_S: Final = 10

_SQLITE_BEGIN_OPTION: Final = "kolektor_sqlite_begin"
_MIGRATION_LOCK_ID: Final = 0x4B4F4C45  # "KOLE": serializes upgrades of one PostgreSQL db

_POSTGRES_DRIVERS: Final = frozenset({"psycopg", "psycopg2", "pg8000"})
_URL_EXAMPLES: Final = Message("store.url_examples")


class StoreError(Exception):
    """Base class of every error raised by :mod:`kolektor.store`."""


class StoreConfigError(StoreError):
    """The store URL is wrong: malformed, unsupported, or its driver or directory is missing.

    :attr:`key` and :attr:`params` name the message (``store.*``,
    :mod:`kolektor.messages.store`), rendered at the edge in the user's language
    (:func:`kolektor.i18n.describe`); ``str()`` is the English text, for the log."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(t(key, "en", **params))
        self.key = key
        self.params = params


class StoreUnavailableError(StoreError):
    """The database could not be reached or opened, or could not do the work just now —
    locked past the busy timeout, disk full, the connection lost (a PostgreSQL restart).
    Retryable: the same call may well succeed later."""


class StoreIntegrityError(StoreError):
    """The database refused the change itself (a constraint, a value it cannot hold).
    Not retryable: the same call fails the same way."""


def translate_driver_error(error: BaseException, url: str) -> StoreError | None:
    """The store error a driver error stands for (None: not a database error).

    Connection and resource trouble (``OperationalError``, ``InterfaceError``, a connection
    SQLAlchemy saw invalidated, SQLite's own errors) becomes :class:`StoreUnavailableError`;
    ``IntegrityError`` and ``DataError`` become :class:`StoreIntegrityError`.  Programming
    errors (bad SQL) are bugs and pass through unchanged.
    """
    if isinstance(error, sa.exc.IntegrityError | sa.exc.DataError | sqlite3.IntegrityError):
        return StoreIntegrityError(f"The store at {url!r} refused the change: {_first_line(error)}")
    unavailable = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError,
                   sqlite3.OperationalError, sqlite3.InterfaceError)  # fmt: skip
    disconnected = isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated
    if "readonly database" in str(error):  # a write in Store.read: a bug, not an outage
        return None
    if isinstance(error, unavailable) or disconnected:
        return StoreUnavailableError(f"The store at {url!r} does not answer: {_first_line(error)}")
    return None


class MigrationError(StoreError):
    """Upgrading the schema failed."""


class StoreNewerError(MigrationError):
    """The store was migrated by a newer Kolektor (on another machine sharing it): this
    version does not know its schema ``revision`` (it knows up to ``head``) and must not
    touch it.  The edge says so in the user's language (``check.store_newer``)."""

    def __init__(self, url: str, revision: str, head: str | None) -> None:
        super().__init__(f"{url}: schema {revision} is newer than this Kolektor ({head})")
        self.url = url
        self.revision = revision
        self.head = head


def redact_url(url: str) -> str:
    """``url`` with the password replaced by ``***``; works on URLs too broken to parse.

    Everything between ``user:`` and the *last* ``@`` is hidden (SQLAlchemy would stop at
    the first, showing the tail of a password with an unencoded ``@`` as the host), and so
    are query parameters such as ``?password=…``."""
    return mask_url(url)


def alembic_config() -> Config:
    """Alembic configuration built in code; no ``alembic.ini`` is needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest migration revision shipped with this version of Kolektor."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise MigrationError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def known_revision(revision: str) -> bool:
    """Whether this version of Kolektor ships the migration ``revision`` (a store migrated
    by a newer version on another machine is at one it does not know)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__


def _normalize_url(raw: str) -> URL:
    shown = redact_url(raw)
    if not raw.strip():
        raise StoreConfigError("store.url_empty", examples=_URL_EXAMPLES)
    try:
        url = make_url(raw.strip())
    except (sa.exc.ArgumentError, ValueError) as error:
        # The parser's words may quote a piece of the password: only shown without one.
        reason = f" ({error})" if shown == raw else ""
        raise StoreConfigError(
            "store.url_malformed", url=shown, reason=reason, examples=_URL_EXAMPLES
        ) from None
    if url.host is not None and "@" in url.host:
        raise StoreConfigError("store.url_at_in_password", url=shown)
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend in {"postgresql", "postgres"}:
        if "+" not in url.drivername or backend == "postgres":
            url = url.set(drivername="postgresql+psycopg")
        elif driver not in _POSTGRES_DRIVERS:
            raise StoreConfigError("store.url_async_driver", url=shown, driver=driver)
        return url
    if backend == "sqlite":
        if driver != "pysqlite":
            raise StoreConfigError("store.url_sqlite_driver", url=shown, driver=driver)
        database = url.database or ""
        if url.query:
            raise StoreConfigError("store.url_sqlite_options", url=shown)
        if database in {"", ":memory:"} or database.startswith("file:"):
            raise StoreConfigError("store.url_no_file", url=shown)
        return url
    raise StoreConfigError(
        "store.url_unsupported", url=shown, backend=backend, examples=_URL_EXAMPLES
    )


def _install_sqlite_hooks(engine: Engine, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    """WAL, foreign keys, busy timeout; transactions begun by SQLAlchemy, not by pysqlite.

    pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; with
    ``isolation_level = None`` it stays out of the way and the ``begin`` hook emits the
    BEGIN (``IMMEDIATE`` for :meth:`Store.run`, so writers queue on the lock).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.fetchall()
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_SQLITE_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """Kolektor's own database: an engine plus a thread limiter for calls from Trio."""

    def __init__(self, engine: Engine, *, max_threads: int) -> None:
        self._engine = engine
        self._limiter = trio.CapacityLimiter(max_threads)
        # SQLite has one writer at a time.  Queueing writers here, in Trio, keeps them from
        # waiting inside SQLite's busy handler, which sleeps in coarse steps and would turn
        # a sub-millisecond commit into tens of milliseconds under load; the gate lets the
        # scans' writes (run_urgent) go before the rest.  PostgreSQL writes concurrently.
        self.write_gate = WriterGate() if engine.dialect.name == "sqlite" else None
        self._writer_thread = trio.CapacityLimiter(1)
        self._shown_url = mask_url(engine.url.render_as_string(hide_password=True))

    @classmethod
    def open(
        cls, url: str, *, max_threads: int | None = None, busy_timeout: float | None = None
    ) -> Store:
        """Open (and for SQLite create) the store at ``url`` and check that it answers.

        ``postgresql://`` URLs use psycopg 3.  ``max_threads`` bounds the worker threads
        :meth:`run` and :meth:`read` use at once (default 4 for SQLite, 10 for PostgreSQL);
        the connection pool is sized to match.  ``busy_timeout`` (seconds, SQLite) is how
        long a write waits for another process's lock before failing (default 30 s).
        Blocking: call it before the event loop starts or through ``trio.to_thread.run_sync``.

        Raises :class:`StoreConfigError` for a malformed or unsupported URL, a missing driver
        or a directory that cannot be created; :class:`StoreUnavailableError` when the
        database cannot be reached.  Messages never contain the password.
        """
        parsed = _normalize_url(url)
        shown = mask_url(parsed.render_as_string(hide_password=True))
        is_sqlite = parsed.get_backend_name() == "sqlite"
        threads = max_threads if max_threads is not None else (4 if is_sqlite else 10)
        if threads < 1:
            raise ValueError(f"max_threads must be at least 1, got {threads}")

        options: dict[str, Any] = {"pool_size": threads, "max_overflow": 4}
        if is_sqlite:
            path = Path(parsed.database or "").expanduser()
            try:
                # Private from the start: the store holds operators' hashes and orders.
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as error:
                raise StoreConfigError(
                    "store.directory_failed", directory=str(path.parent), url=shown,
                    error=error.strerror or error,
                ) from None  # fmt: skip
            # An empty file is an empty database; made here, it is 0600 from the start
            # (SQLite gives its -wal and -shm files the database file's mode).  When it
            # cannot be made, connecting below explains why.
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            parsed = parsed.set(database=str(path))
            waiting = SQLITE_BUSY_TIMEOUT_MS / 1000 if busy_timeout is None else busy_timeout
            options["connect_args"] = {"timeout": waiting}
        else:
            options["pool_pre_ping"] = True
            if parsed.get_driver_name() in {"psycopg", "psycopg2"} and (
                "connect_timeout" not in parsed.query
            ):
                options["connect_args"] = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S}

        try:
            engine = sa.create_engine(parsed, **options)
        except (ImportError, sa.exc.NoSuchModuleError) as error:
            package = "psycopg[binary]" if "psycopg" in parsed.drivername else parsed.drivername
            raise StoreConfigError(
                "store.driver_missing", url=shown, error=error, package=package
            ) from None
        if is_sqlite:
            milliseconds = SQLITE_BUSY_TIMEOUT_MS if busy_timeout is None else busy_timeout * 1000
            _install_sqlite_hooks(engine, busy_timeout_ms=int(milliseconds))

        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except (sa.exc.DBAPIError, sqlite3.Error) as error:
            engine.dispose()
            if is_sqlite:
                hint = (
                    "Check that the file and its directory exist and are writable by the "
                    "user running Kolektor, and that the file is an SQLite database."
                )
            else:
                hint = (
                    "Check that PostgreSQL is running and reachable from this machine, and "
                    "that the host, port, user, password and database name in the store URL "
                    "are right."
                )
            detail = _first_line(error)
            if parsed.password:
                detail = detail.replace(str(parsed.password), "***")
            raise StoreUnavailableError(
                f"Cannot open the store at {shown!r}: {detail}. {hint}"
            ) from None
        if is_sqlite:
            _make_private(path)
        return cls(engine, max_threads=threads)

    # -- properties -----------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The underlying SQLAlchemy engine (for tools and tests)."""
        return self._engine

    @property
    def url(self) -> str:
        """The store URL with the password hidden, fit for logs and messages."""
        return self._shown_url

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    # -- schema ---------------------------------------------------------------------------

    def upgrade(self, *, badge_key: bytes | None = None) -> None:
        """Bring the schema up to the newest migration (Alembic ``upgrade head``).

        ``badge_key`` (:func:`kolektor.auth.keys.badge_key`) lets the migration that hashes
        badge codes (0003) convert a store that still holds them in plain text.

        Idempotent, and safe when several Kolektor instances start at once: on PostgreSQL an
        advisory lock serializes them, on SQLite the write lock does.  On SQLite, foreign keys
        are switched off while migrating (table rebuilds must not cascade) and checked
        before commit.  Blocking.
        """
        config = alembic_config()
        current = self.current_revision()
        if current is not None and not known_revision(current):
            raise StoreNewerError(redact_url(self.url), current, head_revision())
        with self._engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                connection.execution_options(**{_SQLITE_BEGIN_OPTION: "IMMEDIATE"})
                self._sqlite_pragma(connection, "PRAGMA foreign_keys = OFF")
            try:
                with connection.begin():
                    if not sqlite:
                        connection.execute(
                            sa.text("SELECT pg_advisory_xact_lock(:id)"),
                            {"id": _MIGRATION_LOCK_ID},
                        )
                    config.attributes["connection"] = connection
                    config.attributes["badge_key"] = badge_key
                    command.upgrade(config, "head")
                    if sqlite:
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                        if broken:
                            raise MigrationError(
                                f"Upgrading {self.url} would break foreign keys: {broken[:5]}"
                            )
            finally:
                if sqlite:
                    self._sqlite_pragma(connection, "PRAGMA foreign_keys = ON")

    @staticmethod
    def _sqlite_pragma(connection: Connection, statement: str) -> None:
        """Run a PRAGMA outside any transaction (SQLAlchemy would autobegin one)."""
        dbapi_connection = connection.connection.dbapi_connection
        assert dbapi_connection is not None
        dbapi_connection.execute(statement)

    def current_revision(self) -> str | None:
        """The migration revision the database is at, None for an empty database."""
        with self._engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    # -- running repository functions -----------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self, *, readonly: bool) -> Iterator[Connection]:
        with self._engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if readonly and not sqlite:
                connection.execution_options(postgresql_readonly=True)
            elif sqlite and not readonly:
                connection.execution_options(**{_SQLITE_BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                if not (readonly and sqlite):
                    yield connection
                    return
                connection.exec_driver_sql("PRAGMA query_only = ON")
                try:
                    yield connection
                finally:
                    try:
                        connection.exec_driver_sql("PRAGMA query_only = OFF")
                    except Exception:
                        connection.invalidate()
                        raise

    def run_sync(
        self, fn: Callable[Concatenate[Connection, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Call ``fn(connection, *args, **kwargs)`` in one read-write transaction; blocking.

        Commits when ``fn`` returns, rolls back when it raises.  For the CLI and tests; from
        Trio use :meth:`run`.  Driver errors arrive as :class:`StoreUnavailableError`
        (retryable) or :class:`StoreIntegrityError` (not).
        """
        try:
            with self._transaction(readonly=False) as connection:
                return fn(connection, *args, **kwargs)
        except (sa.exc.SQLAlchemyError, sqlite3.Error) as error:
            translated = translate_driver_error(error, self.url)
            if translated is None:
                raise
            raise translated from error

    def read_sync(
        self, fn: Callable[Concatenate[Connection, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Like :meth:`run_sync` in a read-only transaction: any write in ``fn`` fails."""
        try:
            with self._transaction(readonly=True) as connection:
                return fn(connection, *args, **kwargs)
        except (sa.exc.SQLAlchemyError, sqlite3.Error) as error:
            translated = translate_driver_error(error, self.url)
            if translated is None:
                raise
            raise translated from error

    async def run(
        self, fn: Callable[Concatenate[Connection, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """:meth:`run_sync` in a worker thread, without blocking the Trio event loop.

        At most ``max_threads`` calls run at once (on SQLite, one writing call at a time).
        A started call is not abandoned when the caller is cancelled: the transaction
        finishes (commits or rolls back) first.
        """

        def call() -> T:
            return self.run_sync(fn, *args, **kwargs)

        return await self._write(call, urgent=False)

    async def run_urgent(
        self, fn: Callable[Concatenate[Connection, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """:meth:`run` ahead of the other writers waiting (on SQLite): for the writes a
        person is waiting for with a scanner in hand (:mod:`kolektor.store.gate`)."""

        def call() -> T:
            return self.run_sync(fn, *args, **kwargs)

        return await self._write(call, urgent=True)

    async def _write(self, call: Callable[[], T], *, urgent: bool) -> T:
        if self.write_gate is None:
            return await trio.to_thread.run_sync(call, limiter=self._limiter)
        async with self.write_gate.hold(urgent=urgent):
            return await trio.to_thread.run_sync(call, limiter=self._writer_thread)

    async def read(
        self, fn: Callable[Concatenate[Connection, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """:meth:`read_sync` in a worker thread (read-only transaction)."""

        def call() -> T:
            return self.read_sync(fn, *args, **kwargs)

        return await trio.to_thread.run_sync(call, limiter=self._limiter)

    async def ping(self) -> None:
        """Check that the database answers; :class:`StoreUnavailableError` when it does not."""
        try:
            await self.read(_select_one)
        except StoreIntegrityError as error:  # cannot happen for SELECT 1; say it plainly
            raise StoreUnavailableError(str(error)) from None

    def close(self) -> None:
        """Close every pooled connection.  The store must not be used afterwards."""
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"


def _make_private(database: Path) -> None:
    """Make the SQLite file and its ``-wal``/``-shm`` files readable by their owner only
    (files made before Kolektor did this, or under a lax umask).  A file owned by another
    user is left as it is; ``kolektor check`` reports it."""
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)


def _select_one(connection: Connection) -> None:
    connection.exec_driver_sql("SELECT 1")
