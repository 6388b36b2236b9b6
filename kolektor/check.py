"""``kolektor check``: validate the configuration and probe every configured connection.

Prints one line per connection — ✓ works, ✗ does not, with the reason and the fix — and
returns 0 only when everything works.  Passwords never appear in the output.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shlex
import shutil
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from kolektor.auth.keys import key_file
from kolektor.config import Config
from kolektor.i18n import describe, t
from kolektor.redact import odbc_attributes
from kolektor.store.engine import Store, StoreError, head_revision, known_revision, redact_url
from kolektor.subiekt.connection import SubiektUnavailable, describe_target
from kolektor.subiekt.reader import SubiektReader
from kolektor.tls import check_tls

OK = "✓"
FAILED = "✗"


def check_store(config: Config) -> tuple[bool, str]:
    url = redact_url(config.store_url)
    try:
        store = Store.open(config.store_url)
        try:
            store.run_sync(lambda connection: None)
            revision = store.current_revision()
        finally:
            store.close()
    except StoreError as error:
        return False, t("check.store_failed", config.language, url=url,
                        error=describe(error, config.language))  # fmt: skip
    if revision is not None and not known_revision(revision):
        return False, t("check.store_newer", config.language, url=url, revision=revision,
                        head=head_revision())  # fmt: skip
    if revision != head_revision():
        return False, t("check.store_not_migrated", config.language, url=url, revision=revision)
    return True, t("check.store_ok", config.language, url=url, revision=revision)


WRITER_STEPS = frozenset({"realize", "document"})
"""The finalization steps that use the document writer (Sfera or the simulator)."""


def check_subiekt(config: Config) -> tuple[bool, str]:
    target = describe_target(config.subiekt.connection_string)
    reader = SubiektReader(config.subiekt, language=config.language)
    try:
        count = reader.count_open_orders()
    except SubiektUnavailable as error:
        return False, t("check.subiekt_failed", config.language, target=target, error=error)
    finally:
        reader.close()
    return True, t("check.subiekt_ok", config.language, target=target, open_orders=count)


def check_writer(config: Config) -> tuple[bool, str]:
    """Whether documents can be written: the simulator's database file, or pywin32 for
    Sfera (the COM session itself starts on first use — about 80 s cold — so it is not
    opened here).  A process whose ``[pipeline] steps`` leave out ``realize`` and ``document``
    writes nothing (another machine's ``kolektor work`` does)."""
    if not WRITER_STEPS & set(config.pipeline.steps):
        return True, t("check.writer_elsewhere", config.language)
    if config.subiekt.writer == "simulator":
        from kolektor.finalize.setup import simulator_database

        try:
            path = simulator_database(config.subiekt.connection_string)
        except ValueError as error:
            return False, t("check.writer_failed", config.language, error=error)
        if not path.exists():
            no_file = t("writer.no_file", config.language, path=path)
            return False, t("check.writer_failed", config.language, error=no_file)
        return True, t("check.writer_simulator", config.language, path=path)
    if importlib.util.find_spec("win32com") is None:
        return False, t("check.writer_no_pywin32", config.language)
    return True, t("check.writer_sfera", config.language, server=config.sfera.server,
                   database=config.sfera.database)  # fmt: skip


PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*>")
"""How ``kolektor.example.toml`` and the secrets file in ``docs/install.md`` mark a value the
shop must put in: ``<SERWER>``, ``<BAZA>``, ``<HASLO>``…"""
_SECRET_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CONNECTION_HINTS = {"server": "server", "database": "database", "uid": "login",
                     "pwd": "password"}  # fmt: skip
_SECRET_EXAMPLES = {"sfera_secret": "${SFERA_SQL_PASSWORD}", "db_secret": "${KOLEKTOR_DB_PASSWORD}"}
_SFERA_HINTS = {
    "server": "server", "database": "database", "operator": "operator",
    "operator_password": "operator_password", "sql_user": "sfera_login",
    "sql_password": "sfera_password",
}  # fmt: skip


Secrets = tuple[tuple[str, Path | None], ...]
"""Secrets by name, with the secrets file that holds each (None: the environment)."""


def placeholders(config: Config) -> list[tuple[str, str, Secrets]]:
    """``(key, hint, secrets)`` of every setting that still holds a placeholder of the
    example — in ``kolektor.toml`` itself, or in a secret a ``${NAME}`` there names (then
    named).  The ``[sfera]`` settings count only where this process realizes or prints
    documents."""
    raw: dict[str, object] = {}
    secrets: dict[str, object] = {}
    with contextlib.suppress(OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raw = tomllib.loads(config.path.read_text("utf-8"))
    if config.secrets_file is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            secrets = tomllib.loads(config.secrets_file.read_text("utf-8"))

    def placeholder_secrets(text: str) -> Secrets:
        """The ``${NAME}`` in ``text`` whose value (secrets file, else environment, as the
        configuration resolves them) is itself a placeholder."""
        found: list[tuple[str, Path | None]] = []
        for name in _SECRET_REFERENCE.findall(text):
            if name in secrets:
                value, source = str(secrets[name]), config.secrets_file
            else:
                value, source = os.environ.get(name, ""), None
            if PLACEHOLDER.search(value):
                found.append((name, source))
        return tuple(found)

    def raw_text(section: str, key: str) -> str:
        table = raw.get(section)
        value = table.get(key) if isinstance(table, dict) else None
        return value if isinstance(value, str) else ""

    found: list[tuple[str, str, Secrets]] = []
    raw_connection = {
        name.lower(): value
        for name, value in odbc_attributes(raw_text("subiekt", "connection_string"))
    }
    for name, value in odbc_attributes(config.subiekt.connection_string):
        if PLACEHOLDER.search(value):
            named = placeholder_secrets(raw_connection.get(name.lower(), ""))
            hint = _CONNECTION_HINTS.get(name.lower(), "other")
            found.append((f"subiekt.connection_string {name}=", hint, named))
    settings: list[tuple[str, str, str, str]] = [
        ("store", "url", config.store_url, "store_url"),
        ("security", "secret_key", config.security.secret_key, "secret_key"),
    ]
    if config.subiekt.writer == "sfera" and WRITER_STEPS & set(config.pipeline.steps):
        settings += [
            ("sfera", key, getattr(config.sfera, key), hint) for key, hint in _SFERA_HINTS.items()
        ]
    for section, key, value, hint in settings:
        if PLACEHOLDER.search(value):
            found.append((f"{section}.{key}", hint, placeholder_secrets(raw_text(section, key))))
    return found


def check_placeholders(config: Config) -> tuple[bool, str]:
    """Whether every value the example leaves to the shop (``<SERWER>``…) was put in: which
    keys still hold a placeholder and what goes there.  Secret values are never shown."""
    found = placeholders(config)
    if not found:
        return True, t("check.placeholders_none", config.language)
    environment = t("check.placeholder_environment", config.language)
    items = []
    for key, hint, secrets in found:
        named = "".join(
            t("check.placeholder_secret", config.language, name=name, file=where or environment)
            for name, where in secrets
        )
        what = t(f"check.placeholder.{hint}", config.language, **_SECRET_EXAMPLES)
        items.append(f"\n      • {key}{named}: {what}")
    return False, t("check.placeholders", config.language, count=len(found)) + "".join(items)


def secret_files(config: Config) -> list[Path]:
    """The files whose contents let someone in, that exist: the secrets file, the instance
    key, the TLS private key and the SQLite store (with its ``-wal``/``-shm`` files)."""
    candidates = [config.secrets_file, key_file(config), config.server.tls_key]
    with contextlib.suppress(Exception):  # a broken store URL is check_store's to report
        url = make_url(config.store_url)
        if url.get_backend_name() == "sqlite" and url.database:
            database = Path(url.database).expanduser()
            candidates += [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    return [path for path in candidates if path is not None and path.is_file()]


def check_private_files(config: Config) -> tuple[bool, str]:
    """Whether only Kolektor's user can read and write the files with secrets."""
    files = secret_files(config)
    if not files:
        return True, t("check.files_none", config.language)
    shown = ", ".join(str(path) for path in files)
    if os.name == "nt":  # NTFS permissions are ACLs; st_mode says nothing about them
        return True, t("check.files_windows", config.language, paths=shown)
    exposed: list[tuple[Path, int]] = []
    for path in files:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                exposed.append((path, mode))
    if not exposed:
        return True, t("check.files_private", config.language, paths=shown)
    return False, t(
        "check.files_open",
        config.language,
        files=", ".join(f"{path} ({mode:04o})" for path, mode in exposed),
        paths=" ".join(shlex.quote(str(path)) for path, _ in exposed),
    )


LOW_DISK_FRACTION = 0.10
LOW_DISK_BYTES = 1 << 30
"""A disk is low with less than 10 % or less than 1 GiB of it free."""


def disk_is_low(total: int, free: int) -> bool:
    return free < LOW_DISK_BYTES or free < total * LOW_DISK_FRACTION


def human_size(size: int) -> str:
    """``1536`` → ``1.5 KiB``: sizes as people read them."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"


def sqlite_file(config: Config) -> Path | None:
    """The SQLite store's file (None: PostgreSQL, or a URL check_store reports)."""
    with contextlib.suppress(Exception):
        url = make_url(config.store_url)
        if url.get_backend_name() == "sqlite" and url.database:
            return Path(url.database).expanduser()
    return None


def log_files(config: Config) -> list[Path]:
    """The log file and its rotated copies that exist."""
    file = config.logging.file
    if file is None:
        return []
    candidates = [file, *(Path(f"{file}.{n}") for n in range(1, config.logging.keep + 1))]
    return [path for path in candidates if path.is_file()]


def _bytes_of(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def _folder_bytes(folder: Path) -> int:
    total = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
    return total


def _stored_document_bytes(config: Config) -> int:
    """Bytes of document contents in the store's ``documents`` table (0 when the store
    cannot be read: check_store says why)."""
    import sqlalchemy as sa

    from kolektor.store.tables import documents

    query = sa.select(sa.func.coalesce(sa.func.sum(documents.c.size), 0))
    with contextlib.suppress(Exception):
        store = Store.open(config.store_url)
        try:
            return int(store.read_sync(lambda conn: conn.execute(query).scalar_one()))
        finally:
            store.close()
    return 0


def _existing(path: Path) -> Path:
    """``path`` or its nearest existing parent (where it would be created)."""
    path = path.absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def check_disk(config: Config) -> tuple[bool, str]:
    """Whether the disks under ``data_dir``, the SQLite store and the log file have room
    (at least 10 % and 1 GiB free each), and what documents, logs and the store take."""
    places = [config.data_dir]
    database = sqlite_file(config)
    if database is not None:
        places.append(database.parent)
    if config.logging.file is not None:
        places.append(config.logging.file.parent)
    disks: dict[int, tuple[list[Path], int, int]] = {}
    for place in places:
        existing = _existing(place)
        try:
            device = existing.stat().st_dev
            usage = shutil.disk_usage(existing)
        except OSError as error:
            return False, t("check.disk_unreadable", config.language, path=place, error=error)
        shown, _, _ = disks.setdefault(device, ([], usage.total, usage.free))
        if place not in shown:
            shown.append(place)
    language = config.language
    store_files = [database, Path(f"{database}-wal")] if database is not None else []
    used = {
        "documents": human_size(
            _folder_bytes(config.data_dir / "documents") + _stored_document_bytes(config)
        ),
        "logs": human_size(_bytes_of(log_files(config))),
        "store": human_size(_bytes_of(store_files)),
    }
    described = []
    low = []
    for shown, total, free in disks.values():
        text = t("check.disk_one", language, paths=", ".join(str(p) for p in shown),
                 free=human_size(free), total=human_size(total),
                 percent=round(free / total * 100) if total else 0)  # fmt: skip
        described.append(text)
        if disk_is_low(total, free):
            low.append(text)
    if low:
        return False, t("check.disk_low", language, disks="; ".join(low), path=config.path,
                        **used)  # fmt: skip
    return True, t("check.disk_ok", language, disks="; ".join(described), **used)


def check_printers(config: Config) -> tuple[bool, str]:
    """Every label printer of the packing stations, asked how it is now (``~HS`` of a
    Zebra, the state of a CUPS queue) — nothing is printed.  None set up is no failure
    (labels are kept and printed from the panel), but said."""
    import trio

    from kolektor.printing.check import check_printer
    from kolektor.printing.target import PrinterTarget
    from kolektor.store import stations

    lang = config.language
    try:
        store = Store.open(config.store_url)
        try:
            printers = store.read_sync(stations.list_printers)
        finally:
            store.close()
    except StoreError as error:
        return False, t("check.printers_store", lang, error=describe(error, lang))
    if not printers:
        return True, t("check.printers_none", lang)

    async def ask_all() -> list[tuple[str, bool, str]]:
        answers = []
        for printer in printers:
            target = PrinterTarget.from_record(printer)
            found = await check_printer(target, language=lang, seconds=3.0)
            answers.append((printer.name, found.ok, found.message))
        return answers

    answers = trio.run(ask_all)
    lines = "; ".join(message for _, _, message in answers)
    if all(ok for _, ok, _ in answers):
        return True, t("check.printers_ok", lang, count=len(answers), details=lines)
    return False, t("check.printers_failed", lang, details=lines)


CHECKS: tuple[Callable[[Config], tuple[bool, str]], ...] = (
    check_placeholders,
    check_store,
    check_subiekt,
    check_writer,
    check_printers,
    check_private_files,
    check_tls,
    check_disk,
)


def run_check(config: Config, out: TextIO | None = None) -> int:
    import sys

    stream = out or sys.stdout
    print(t("check.title", config.language, path=config.path), file=stream)
    print(f"  {OK} {t('check.config_ok', config.language)}", file=stream)
    failures = 0
    for check in CHECKS:
        works, message = check(config)
        failures += not works
        print(f"  {OK if works else FAILED} {message}", file=stream, flush=True)
    if failures:
        print(t("check.summary_failed", config.language, count=failures), file=stream)
        return 1
    print(t("check.summary_ok", config.language), file=stream)
    return 0
