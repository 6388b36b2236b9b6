"""``kolektor check``: validate the configuration and probe every configured connection.

Prints one line per connection — ✓ works, ✗ does not, with the reason and the fix — and
returns 0 only when everything works.  Passwords never appear in the output.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import TextIO

from kolektor.config import Config
from kolektor.i18n import t
from kolektor.store.engine import Store, StoreError, head_revision, redact_url
from kolektor.subiekt.connection import SubiektUnavailable, describe_target
from kolektor.subiekt.reader import SubiektReader

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


CHECKS: tuple[Callable[[Config], tuple[bool, str]], ...] = (
    check_store,
    check_subiekt,
    check_writer,
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
