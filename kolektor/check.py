"""``kolektor check``: validate the configuration and probe every configured connection.

Prints one line per connection — ✓ works, ✗ does not, with the reason and the fix — and
returns 0 only when everything works.  Passwords never appear in the output.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shlex
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from kolektor.auth.keys import key_file
from kolektor.config import Config
from kolektor.i18n import t
from kolektor.store.engine import Store, StoreError, head_revision, redact_url
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
        return False, t("check.store_failed", config.language, url=url, error=error)
    if revision != head_revision():
        return False, t("check.store_not_migrated", config.language, url=url, revision=revision)
    return True, t("check.store_ok", config.language, url=url, revision=revision)


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
    opened here)."""
    if config.subiekt.writer == "simulator":
        from kolektor.finalize.setup import simulator_database

        try:
            path = simulator_database(config.subiekt.connection_string)
        except ValueError as error:
            return False, t("check.writer_failed", config.language, error=error)
        if not path.exists():
            return False, t("check.writer_failed", config.language, error=f"{path}: no such file")
        return True, t("check.writer_simulator", config.language, path=path)
    if importlib.util.find_spec("win32com") is None:
        return False, t("check.writer_no_pywin32", config.language)
    return True, t("check.writer_sfera", config.language, server=config.sfera.server,
                   database=config.sfera.database)  # fmt: skip


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


CHECKS: tuple[Callable[[Config], tuple[bool, str]], ...] = (
    check_store,
    check_subiekt,
    check_writer,
    check_private_files,
    check_tls,
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
