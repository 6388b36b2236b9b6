"""The ``kolektor`` command: demo preparation, check, db upgrade, operators, serve."""

from __future__ import annotations

import io
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kolektor.cli import main
from kolektor.demo.run import DEMO_OPERATORS
from kolektor.store import operators
from kolektor.store.engine import Store

KOLEKTOR = Path(sys.executable).parent / "kolektor"


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    assert main(["--lang", "en", "demo", "--dir", str(folder), "--prepare-only"]) == 0
    return folder


def store_of(folder: Path) -> Store:
    return Store.open(f"sqlite:///{folder / 'data' / 'kolektor.db'}")


def test_demo_prepares_database_config_and_operators(demo_dir: Path) -> None:
    assert (demo_dir / "subiekt-demo.db").exists()
    assert (demo_dir / "kolektor.toml").exists()
    store = store_of(demo_dir)
    try:
        logins = {op.login: op.role for op in store.read_sync(operators.list_operators)}
        assert logins == {op.login: op.role for op in DEMO_OPERATORS}
        anna = store.run_sync(operators.authenticate_badge, "OP-0001")
        assert anna is not None and anna.login == "anna"
    finally:
        store.close()
    # Running it again keeps what is there.
    before = (demo_dir / "subiekt-demo.db").stat().st_mtime_ns
    assert main(["demo", "--dir", str(demo_dir), "--prepare-only"]) == 0
    assert (demo_dir / "subiekt-demo.db").stat().st_mtime_ns == before


def test_check_reports_what_works(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(demo_dir / "kolektor.toml")
    assert main(["--config", config, "--lang", "en", "check"]) == 0
    out = capsys.readouterr().out
    assert "✓ configuration is valid" in out
    assert "✓ Kolektor store (sqlite:///" in out
    assert "✓ Subiekt GT (" in out and "open ZKs: 72" in out
    assert "✓ writing documents: the Subiekt simulator (" in out
    assert out.rstrip().endswith("Everything works.")

    (demo_dir / "subiekt-demo.db").rename(demo_dir / "elsewhere.db")
    assert main(["--config", config, "--lang", "pl", "check"]) == 1
    out = capsys.readouterr().out
    assert "✗ Subiekt GT" in out and "brak połączenia" in out
    assert "✗ zapis dokumentów: nie działa" in out
    assert "Nie działa: 2." in out


def test_config_errors_name_the_key_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kolektor.toml"
    path.write_text('[subiekt]\nconnection_string = "DSN=x"\nlocation = "Półka"\n', "utf-8")
    assert main(["--config", str(path), "--lang", "en", "check"]) == 2
    err = capsys.readouterr().err
    assert "subiekt.location: Unknown location source 'Półka'." in err
    assert "How to fix: Use tw_Pole1 … tw_Pole8" in err


def test_missing_config_file_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KOLEKTOR_CONFIG", raising=False)
    assert main(["serve"]) == 2
    assert "kolektor.example.toml" in capsys.readouterr().err


def test_db_upgrade_and_operator_add(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = str(demo_dir / "kolektor.toml")
    assert main(["--config", config, "--lang", "en", "db", "upgrade"]) == 0
    assert "The store schema is up to date" in capsys.readouterr().out

    monkeypatch.setattr(sys, "stdin", io.StringIO("Bardzo-tajne-1\n"))
    args = [
        "--config",
        config,
        "operator",
        "add",
        "--login",
        "Ewa",
        "--name",
        "Ewa Łęcka",
        "--role",
        "office",
        "--password-stdin",
    ]
    assert main(args) == 0
    store = store_of(demo_dir)
    try:
        ewa = store.run_sync(operators.authenticate_password, "ewa", "Bardzo-tajne-1")
        assert ewa is not None and ewa.name == "Ewa Łęcka"
    finally:
        store.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("Bardzo-tajne-1\n"))
    assert main(args) == 1  # the login is taken
    assert "ewa" in capsys.readouterr().err.lower()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_starts_answers_and_stops_on_sigterm(demo_dir: Path) -> None:
    port = free_port()
    config = demo_dir / "kolektor.toml"
    config.write_text(config.read_text("utf-8").replace("port = 8080", f"port = {port}"), "utf-8")
    process = subprocess.Popen(
        [str(KOLEKTOR), "--config", str(config), "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        # The demo folder was prepared with --lang en, so its configuration says English.
        assert first.startswith("Kolektor is listening at http://127.0.0.1:")
        deadline = time.monotonic() + 20
        health = None
        while time.monotonic() < deadline:
            health = httpx.get(f"http://127.0.0.1:{port}/health").json()
            if health["subiekt"]["last_success_at"]:
                break
            time.sleep(0.1)
        assert health is not None and health["status"] == "ok"
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    events = [line for line in err.splitlines() if '"event"' in line]
    assert any('"event": "server.stopping"' in line for line in events)
    assert any('"event": "intake.pass"' in line for line in events)


def test_check_says_sfera_needs_windows(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = demo_dir / "kolektor.toml"
    text = config.read_text("utf-8").replace('writer = "simulator"', 'writer = "sfera"')
    config.write_text(text + '[sfera]\nserver = "S"\ndatabase = "D"\noperator = "O"\n', "utf-8")
    assert main(["--config", str(config), "--lang", "en", "check"]) == 1
    out = capsys.readouterr().out
    assert "✗ writing documents: Sfera GT needs Windows with pywin32" in out
