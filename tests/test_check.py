"""``kolektor check`` fails while a file holding secrets is open to other users, and says
the ``chmod`` that fixes it; it fails while a disk Kolektor writes to is nearly full, and
says what documents and logs take."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kolektor.check import check_disk, check_private_files, disk_is_low, human_size, run_check
from kolektor.config import Config, load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import odbc_connection_string
from kolektor.i18n import Language
from kolektor.store import orders
from kolektor.store.engine import Store
from kolektor.store.tables import documents
from tests.disk import SmallDisk
from tests.requirements import unavailable
from tests.store.samples import fingerprint, zk


def make_site(folder: Path, demo_db: DemoSummary, *, extra: str = "") -> Config:
    """A configuration on which every check passes: the demo database, a migrated store and
    a private secrets file."""
    folder.mkdir(parents=True, exist_ok=True)
    secrets = folder / "secrets.toml"
    secrets.write_text('SMTP_PASSWORD = "tajne-hasło"\n', "utf-8")
    secrets.chmod(0o600)
    (folder / "kolektor.toml").write_text(
        render_config(
            connection_string=odbc_connection_string(demo_db.path),
            extra=f'[secrets]\nfile = "secrets.toml"\n{extra}',
        ),
        "utf-8",
    )
    config = load_config(folder / "kolektor.toml", language="en")
    store = Store.open(config.store_url)
    try:
        store.upgrade()
    finally:
        store.close()
    return config


def checked(config: Config) -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(config, out)
    return code, out.getvalue()


def test_private_files_pass(tmp_path: Path, demo_db: DemoSummary) -> None:
    config = make_site(tmp_path, demo_db)
    code, out = checked(config)
    assert code == 0, out
    line = next(line for line in out.splitlines() if "files with secrets" in line)
    assert line.startswith("  ✓ files with secrets are accessible to their owner only (")
    assert str(tmp_path / "secrets.toml") in line
    assert str(tmp_path / "data" / "kolektor.db") in line


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_readable_secrets_file_fails_with_the_chmod_that_fixes_it(
    tmp_path: Path, demo_db: DemoSummary, language: Language
) -> None:
    config = make_site(tmp_path, demo_db)
    secrets = tmp_path / "secrets.toml"
    secrets.chmod(0o644)
    config = load_config(config.path, language=language)
    code, out = checked(config)
    assert code == 1
    (line,) = [line for line in out.splitlines() if line.startswith("  ✗")]
    assert f"{secrets} (0644)" in line
    fix = "popraw" if language == "pl" else "fix"
    assert line.endswith(f"{fix}: chmod 600 {secrets}")

    secrets.chmod(0o600)
    assert checked(config)[0] == 0


@pytest.mark.parametrize(
    ("name", "bad_mode"),
    [("instance.key", 0o640), ("kolektor.db", 0o620), ("kolektor.db-wal", 0o604)],
)
def test_the_instance_key_and_the_store_must_be_private(
    tmp_path: Path, demo_db: DemoSummary, name: str, bad_mode: int
) -> None:
    config = make_site(tmp_path, demo_db)
    path = config.data_dir / name
    path.touch()
    path.chmod(bad_mode)
    works, message = check_private_files(config)
    assert not works
    assert f"{path} ({bad_mode:04o})" in message
    assert message.endswith(f"fix: chmod 600 {path}")


def test_the_tls_key_must_be_private_and_paths_with_spaces_are_quoted(
    tmp_path: Path, demo_db: DemoSummary
) -> None:
    certs = tmp_path / "moje certyfikaty"
    certs.mkdir()
    for name in ("kolektor.crt", "kolektor.key"):
        (certs / name).write_text("PEM\n", "utf-8")
    (certs / "kolektor.key").chmod(0o640)
    (certs / "kolektor.crt").chmod(0o644)  # a certificate is public: not reported
    config = make_site(tmp_path, demo_db)
    text = config.path.read_text("utf-8").replace(
        "port = 8080",
        'port = 8080\ntls_certificate = "moje certyfikaty/kolektor.crt"\n'
        'tls_key = "moje certyfikaty/kolektor.key"',
    )
    config.path.write_text(text, "utf-8")
    config = load_config(config.path, language="en")
    assert config.server.tls_key == certs / "kolektor.key"
    works, message = check_private_files(config)
    assert not works
    assert "kolektor.crt" not in message
    assert message.endswith(f"fix: chmod 600 {shlex.quote(str(certs / 'kolektor.key'))}")


# -- disk space ------------------------------------------------------------------------------


@pytest.fixture
def roomy_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 GiB filesystem (tmpfs: nothing is used until written) at ``tmp_path / "data"``,
    where make_site puts the data folder; needs root to mount it."""
    path = tmp_path / "data"
    path.mkdir(mode=0o700)
    if os.geteuid() != 0:
        unavailable("a disk of known size needs root (mount -t tmpfs)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4g,mode=0700", "tmpfs", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        unavailable(f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def disk_line(out: str) -> str:
    (line,) = [line for line in out.splitlines() if "disk space" in line or "na dysku" in line]
    return line


def test_a_disk_with_room_passes_and_says_what_documents_and_logs_take(
    roomy_disk: Path, tmp_path: Path, demo_db: DemoSummary
) -> None:
    config = make_site(tmp_path, demo_db, extra='[logging]\nfile = "logs/kolektor.log"\nkeep = 2\n')
    documents_dir = roomy_disk / "documents"
    documents_dir.mkdir()
    (documents_dir / "FS_1-2026.pdf").write_bytes(b"x" * (1 << 20))
    (documents_dir / "FS_2-2026.pdf").write_bytes(b"x" * (512 << 10))
    store = Store.open(config.store_url)
    try:
        order = zk()
        order_id = store.run_sync(
            orders.import_order, order, fingerprint=fingerprint(order), nip=None
        )
        store.run_sync(
            lambda conn: conn.execute(
                documents.insert().values(
                    order_id=order_id, generation=1, kind="FS", number="FS 1/2026",
                    filename="FS_1-2026.pdf", media_type="application/pdf",
                    content=b"y" * 2048, sha256="0" * 64, size=2048,
                )
            )
        )  # fmt: skip
    finally:
        store.close()
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "kolektor.log").write_bytes(b"{}\n" * 1000)
    (logs / "kolektor.log.1").write_bytes(b"{}\n" * 1000)
    (logs / "kolektor.log.7").write_bytes(b"{}\n" * 1000)  # beyond keep: not Kolektor's

    code, out = checked(config)
    line = disk_line(out)
    assert code == 0, out
    assert line.startswith("  ✓ disk space: ")
    # The data folder and the store are on the 4 GiB disk, the log on another one.
    assert f"{roomy_disk}: 4.0 GiB free of 4.0 GiB (100 %)" in line
    assert f"{logs}: " in line
    assert "documents take 1.5 MiB, logs 5.9 KiB, the SQLite store " in line


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_full_disk_fails_with_what_takes_the_room_and_the_fix(
    small_disk: SmallDisk, tmp_path: Path, demo_db: DemoSummary, language: Language
) -> None:
    config = make_site(tmp_path, demo_db)
    (small_disk.path / "documents").mkdir()
    (small_disk.path / "documents" / "FS_1-2026.pdf").write_bytes(b"x" * (3 << 20))
    small_disk.fill()
    config = load_config(config.path, language=language)
    code, out = checked(config)
    line = disk_line(out)
    assert code == 1
    assert line.startswith("  ✗ ")
    assert f"{small_disk.path}: " in line
    if language == "en":
        assert "too little (less than 10 % or 1 GiB free)" in line
        assert "0 B free of 64.0 MiB (0 %)" in line
        assert "documents take 3.0 MiB" in line
        assert f"fix: free space on that disk, or in {config.path} shorten [retention]" in line
    else:
        assert "za mało (mniej niż 10 % lub 1 GiB wolnego)" in line
        assert "wolne 0 B z 64.0 MiB (0 %)" in line
        assert "popraw: zwolnij miejsce" in line

    small_disk.free()
    # Still below 1 GiB: a 64 MiB disk is never enough.
    assert not check_disk(config)[0]


@pytest.mark.parametrize(
    ("total_gib", "free_gib", "low"),
    [(100, 11, False), (100, 9.9, True), (5, 0.9, True), (2, 1.5, False), (0.5, 0.5, True)],
)
def test_a_disk_is_low_below_ten_percent_or_one_gib_free(
    total_gib: float, free_gib: float, low: bool
) -> None:
    assert disk_is_low(int(total_gib * 2**30), int(free_gib * 2**30)) is low


def test_sizes_are_shown_as_people_read_them() -> None:
    assert [human_size(n) for n in (0, 1023, 1536, 5 << 20, 3 << 30, 2 << 40)] == [
        "0 B", "1023 B", "1.5 KiB", "5.0 MiB", "3.0 GiB", "2.0 TiB",
    ]  # fmt: skip


def zebra_process(state: str) -> tuple[subprocess.Popen[str], str]:
    """A fake Zebra in its own process (the check runs its own event loop)."""
    import re
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "kolektor.fakes.zebra", "--port", "0", "--state", state],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    match = re.search(r"127\.0\.0\.1:\d+", process.stdout.readline())
    assert match is not None
    return process, match.group(0)


def test_the_label_printers_are_asked_how_they_are(tmp_path: Path, demo_db: DemoSummary) -> None:
    from kolektor.check import check_printers
    from kolektor.store import stations

    config = make_site(tmp_path, demo_db)
    assert check_printers(config) == (
        True, "Label printers: none is set up — labels will wait in the panel (Printers and "
        "stations)",
    )  # fmt: skip
    ready, ready_address = zebra_process("ready")
    empty, empty_address = zebra_process("paper_out")
    try:
        store = Store.open(config.store_url)
        try:
            store.run_sync(stations.save_printer, name="Pakowanie 1", kind="zebra",
                           address=ready_address)  # fmt: skip
            works, line = check_printers(config)
            assert works and line.startswith("Label printers (1): ")
            assert "Pakowanie 1" in line
            store.run_sync(stations.save_printer, name="Pakowanie 2", kind="zebra",
                           address=empty_address)  # fmt: skip
        finally:
            store.close()
        works, line = check_printers(config)
        assert not works
        assert "Pakowanie 2" in line and "out of labels" in line.lower()
        code, out = checked(config)
        assert code == 1 and "Pakowanie 2" in out
    finally:
        for process in (ready, empty):
            process.terminate()
            process.wait(timeout=10)
