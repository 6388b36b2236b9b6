"""Files at rest are private: the store, documents and the demo are created 0600 (files) and
0700 (folders), whatever umask the shop's system has."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kolektor.cli import main
from kolektor.store.engine import Store


@pytest.fixture(autouse=True)
def lax_umask() -> Iterator[None]:
    """The usual system default, under which files come out readable by everyone."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_store_is_private(tmp_path: Path) -> None:
    database = tmp_path / "data" / "kolektor.db"
    store = Store.open(f"sqlite:///{database}")
    try:
        store.upgrade()
        assert mode(database.parent) == 0o700
        assert mode(database) == 0o600
        for suffix in ("-wal", "-shm"):
            companion = Path(f"{database}{suffix}")
            assert companion.exists() and mode(companion) == 0o600
    finally:
        store.close()


def test_an_existing_store_readable_by_others_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "kolektor.db"
    Store.open(f"sqlite:///{database}").close()
    database.chmod(0o644)
    store = Store.open(f"sqlite:///{database}")
    store.close()
    assert mode(database) == 0o600


def test_every_command_creates_files_private(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    assert main(["--lang", "en", "demo", "--dir", str(folder), "--prepare-only"]) == 0
    assert mode(folder) == 0o700
    # Files the demo writes without choosing a mode are private through the umask.
    assert mode(folder / "kolektor.toml") == 0o600
    assert mode(folder / "subiekt-demo.db") == 0o600
    assert mode(folder / "data" / "kolektor.db") == 0o600
    assert os.umask(0o022) == 0o022  # the command put the caller's umask back
