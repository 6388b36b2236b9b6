"""A real small disk for the store: a tmpfs mounted over the test's data folder, filled to
the last byte and freed again — what a shop's full disk does to SQLite and the PDFs."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.requirements import unavailable

SIZE = "64m"


@dataclass
class SmallDisk:
    path: Path

    @property
    def filler(self) -> Path:
        return self.path / "filler.bin"

    def fill(self) -> None:
        """Take every free byte (a log or a backup filled the disk).

        Each SQLite store's write-ahead log here is first copied back and cut to nothing
        (``wal_checkpoint(TRUNCATE)``): a log grown earlier (a migration's big transaction)
        keeps its size and gives SQLite room for more commits without asking the disk, and
        the disk this simulates is full for SQLite's next write too."""
        for wal in self.path.rglob("*-wal"):
            database = wal.with_name(wal.name.removesuffix("-wal"))
            connection = sqlite3.connect(database, timeout=10)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                connection.close()
        chunk = b"\0" * (1 << 20)
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (len(chunk), 4096, 1):
                try:
                    while os.write(fd, chunk[:size]):
                        pass
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
        finally:
            os.close(fd)

    def free(self) -> None:
        """Someone cleaned up."""
        self.filler.unlink(missing_ok=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 64 MiB filesystem at ``tmp_path / "data"`` (where the test's store and documents
    go); needs root to mount it."""
    path = tmp_path / "data"
    path.mkdir(mode=0o700)
    if os.geteuid() != 0:
        unavailable("a small disk for the store needs root (mount -t tmpfs)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        unavailable(f"cannot mount a tmpfs for the store: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(path)
    finally:
        with contextlib.suppress(OSError):
            subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)
