"""Pytest plugin: a throwaway PostgreSQL server, a fresh database per test, and ``store``.

Registered from ``tests/conftest.py`` with ``pytest_plugins = ["tests.postgres"]``.

Fixtures
--------
``postgres_url`` (session)
    URL of a PostgreSQL server's maintenance database.  ``KOLEKTOR_TEST_POSTGRES_URL`` wins
    when set (the user needs CREATEDB).  Otherwise ``initdb``/``pg_ctl`` (from ``PATH``, else
    the newest ``/usr/lib/postgresql/*/bin``) create a cluster in a temporary directory that
    listens on 127.0.0.1 on a free port and on a unix socket in that directory; it runs as
    the ``postgres`` user when the tests run as root (PostgreSQL refuses root), and is
    stopped (``pg_ctl stop -m immediate``) and deleted at the end of the session.  When no
    server can be had the tests that need it are skipped with the reason — or fail, when
    ``KOLEKTOR_TEST_REQUIRE_POSTGRES=1`` (for CI).
``fresh_postgres_url`` (function)
    A new, empty database on that server, dropped after the test.
``store_url`` / ``store`` (function, parametrized ``sqlite`` / ``postgresql``)
    A store URL on each backend (SQLite in ``tmp_path``) and an upgraded
    :class:`kolektor.store.Store` on it.  The ``postgresql`` variant carries the
    ``postgresql`` mark (deselect with ``-m "not postgresql"``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from kolektor.store import Store
from tests.requirements import unavailable

ENV_URL = "KOLEKTOR_TEST_POSTGRES_URL"
ENV_REQUIRE = "KOLEKTOR_TEST_REQUIRE_POSTGRES"


def _unavailable(reason: str) -> NoReturn:
    message = f"PostgreSQL unavailable for tests: {reason}"
    if os.environ.get(ENV_REQUIRE, "") not in {"", "0"}:
        pytest.fail(f"{message} (and {ENV_REQUIRE} is set)", pytrace=False)
    unavailable(message)


def _find_binaries() -> tuple[Path, Path] | None:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb), Path(pg_ctl)

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for bin_dir in candidates:
        if (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file():
            return bin_dir / "initdb", bin_dir / "pg_ctl"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_postgres_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """Command prefix that drops root to the ``postgres`` user ([] when not root)."""
    if os.geteuid() != 0:
        return [], None
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        _unavailable("running as root and there is no 'postgres' user to run the server as")
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", "postgres", "--"], account
    if setpriv := shutil.which("setpriv"):
        return [
            setpriv,
            f"--reuid={account.pw_uid}",
            f"--regid={account.pw_gid}",
            "--init-groups",
            "--",
        ], account
    _unavailable("running as root and neither runuser nor setpriv is available to drop root")


def _run(command: list[str], *, cwd: Path, what: str) -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()[-2000:]
        raise RuntimeError(f"{what} failed (exit {result.returncode}): {output}")


class Cluster:
    """A throwaway PostgreSQL cluster of its own, which a test may stop and start again."""

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable
        """Commits survive a crash (fsync and synchronous commit on); the shared test
        cluster trades that for speed."""
        binaries = _find_binaries()
        if binaries is None:
            _unavailable("initdb/pg_ctl not found on PATH nor in /usr/lib/postgresql/*/bin")
        self.initdb, self.pg_ctl = binaries
        self.prefix, self.account = _as_postgres_user()
        self.base = Path(tempfile.mkdtemp(prefix="kolektor-pg-"))
        self.data, self.log = self.base / "data", self.base / "server.log"
        self.port = _free_port()
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def create(self) -> None:
        if self.account is not None:
            os.chown(self.base, self.account.pw_uid, self.account.pw_gid)
        self.base.chmod(0o700)
        _run(
            [
                *self.prefix, str(self.initdb), "--pgdata", str(self.data),
                "--username=postgres", "--auth=trust", "--encoding=UTF8", "--no-locale",
                "--no-sync",
            ],
            cwd=self.base,
            what=f"{self.initdb} (as {'postgres' if self.account else 'the current user'})",
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} -c max_connections=200"
        )
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(
            [
                *self.prefix,
                *(str(self.pg_ctl), "--pgdata", str(self.data), "--log", str(self.log)),
                *("-w", "-t", "60", "-o", options, "start"),
            ],
            cwd=self.base,
            what=f"{self.pg_ctl} start",
        )
        self.running = True

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server (``immediate``: as a crash or a pulled cable would)."""
        _run(
            [*self.prefix, str(self.pg_ctl), "--pgdata", str(self.data), "stop", "-m", mode],
            cwd=self.base,
            what=f"{self.pg_ctl} stop",
        )
        self.running = False

    def destroy(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
                self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def _throwaway_cluster() -> Iterator[str]:
    with _own_cluster() as cluster:
        yield cluster.url


@contextlib.contextmanager
def _own_cluster(*, durable: bool = False) -> Iterator[Cluster]:
    cluster = Cluster(durable=durable)
    try:
        try:
            cluster.create()
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            log = cluster.log
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            _unavailable(f"{error}{' | server log: ' + tail if tail else ''}")
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def own_postgres() -> Iterator[Cluster]:
    """A PostgreSQL server only this test uses, so that it can stop (crash) and start it;
    durable, like a production server."""
    with _own_cluster(durable=True) as cluster:
        yield cluster


def _libpq_url(url: str) -> str:
    """A SQLAlchemy URL as a libpq connection URI psycopg understands."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database (see the module docstring)."""
    if configured := os.environ.get(ENV_URL):
        try:
            with psycopg.connect(_libpq_url(configured), connect_timeout=10):
                pass
        except psycopg.Error as error:
            _unavailable(f"{ENV_URL} is set but the server does not answer: {error}")
        yield configured
        return
    with _throwaway_cluster() as url:
        yield url


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A new empty database for one test, dropped afterwards."""
    name = f"kolektor_test_{uuid.uuid4().hex[:16]}"
    server = _libpq_url(postgres_url)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)],
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL on each backend: a SQLite file in ``tmp_path`` or a fresh PG database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'kolektor.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An upgraded :class:`~kolektor.store.Store` on each backend."""
    opened = Store.open(store_url)
    try:
        opened.upgrade()
        yield opened
    finally:
        opened.close()
