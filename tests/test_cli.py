"""The ``kolektor`` command: demo preparation, check, db upgrade, operators, serve."""

from __future__ import annotations

import errno
import io
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kolektor.auth.keys import badge_hash, badge_key
from kolektor.cli import bind_problem, main
from kolektor.config import load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import DEMO_OPERATORS, odbc_connection_string
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
        # Badges are stored hashed with the demo's own instance key, PINs as argon2 hashes.
        key = badge_key(load_config(demo_dir / "kolektor.toml"))
        anna = store.read_sync(operators.credentials_by_badge, badge_hash(key, "op-0001"))
        assert anna is not None and anna.operator.login == "anna"
        assert operators.verify_secret(anna.pin_hash, "1111")
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
    assert "subiekt.location: Unknown location source “Półka”." in err
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
        ewa = store.read_sync(operators.credentials_by_login, "EWA")
        assert ewa is not None and ewa.operator.name == "Ewa Łęcka"
        assert operators.verify_secret(ewa.password_hash, "Bardzo-tajne-1")
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
        auth = ("biuro", "biuro-demo")  # the details need an office login
        while time.monotonic() < deadline:
            health = httpx.get(f"http://127.0.0.1:{port}/health", auth=auth).json()
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


# -- start-up failures: one line, exit 1 ----------------------------------------------------


def site_config(folder: Path, demo_db: DemoSummary, *, port: int, host: str = "127.0.0.1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kolektor.toml"
    path.write_text(
        render_config(
            connection_string=odbc_connection_string(demo_db.path),
            host=host,
            port=port,
            language="en",
        ),
        "utf-8",
    )
    return path


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another program is listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def test_serve_on_a_port_in_use_says_so_in_one_line(
    tmp_path: Path, demo_db: DemoSummary, busy_port: int
) -> None:
    config = site_config(tmp_path, demo_db, port=busy_port)
    result = subprocess.run(
        [str(KOLEKTOR), "--config", str(config), "serve"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert f"the address 127.0.0.1:{busy_port} is already in use" in line
    assert f"port = {busy_port + 1}" in line and str(config) in line
    assert result.stdout == ""


def test_demo_on_a_port_in_use_says_so_and_its_log_is_private(
    demo_dir: Path, busy_port: int
) -> None:
    result = subprocess.run(
        [str(KOLEKTOR), "--lang", "pl", "demo", "--dir", str(demo_dir), "--port", str(busy_port)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert f"adres 127.0.0.1:{busy_port} jest już zajęty" in line
    assert f"--port {busy_port + 1}" in line
    log = demo_dir / "kolektor.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(demo_dir.stat().st_mode) == 0o700


def test_serve_on_an_address_this_computer_lacks(
    tmp_path: Path, demo_db: DemoSummary, capsys: pytest.CaptureFixture[str]
) -> None:
    for host in ("192.0.2.1", "nie-ma-takiego-hosta.invalid"):
        config = site_config(tmp_path, demo_db, port=free_port(), host=host)
        assert main(["--config", str(config), "serve"]) == 1
        (line,) = capsys.readouterr().err.splitlines()
        assert f"this computer has no address {host}" in line
        assert "Set server.host" in line


def test_serve_with_a_certificate_that_cannot_be_loaded(
    tmp_path: Path, demo_db: DemoSummary, capsys: pytest.CaptureFixture[str]
) -> None:
    config = site_config(tmp_path, demo_db, port=free_port())
    (tmp_path / "kolektor.crt").write_text("-----BEGIN CERTIFICATE-----\nzepsuty\n", "utf-8")
    (tmp_path / "kolektor.key").write_text("nie klucz\n", "utf-8")
    text = config.read_text("utf-8").replace(
        "[server]\n", '[server]\ntls_certificate = "kolektor.crt"\ntls_key = "kolektor.key"\n'
    )
    config.write_text(text, "utf-8")
    assert main(["--config", str(config), "serve"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("Cannot start HTTPS: the certificate ")
    assert str(tmp_path / "kolektor.crt") in line and str(tmp_path / "kolektor.key") in line


def test_a_store_that_cannot_open_stops_the_server_in_one_line(
    tmp_path: Path, demo_db: DemoSummary, capsys: pytest.CaptureFixture[str]
) -> None:
    """Raised inside Trio's nursery (an exception group), the failure is still one line."""
    config = site_config(tmp_path, demo_db, port=free_port())
    blocker = tmp_path / "plik"
    blocker.write_text("not a folder", "utf-8")
    url = f"sqlite:///{blocker / 'kolektor.db'}"
    config.write_text(config.read_text("utf-8").replace('url = ""', f'url = "{url}"'), "utf-8")
    assert main(["--config", str(config), "serve"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("Cannot start the server: the store does not work — ")
    assert f"Cannot create the directory “{blocker}”" in line


def test_a_port_that_needs_privileges_is_explained(tmp_path: Path, demo_db: DemoSummary) -> None:
    # Binding port 80 as root succeeds, so the refusal is made here as the system makes it.
    config = load_config(site_config(tmp_path, demo_db, port=80))
    refusal = PermissionError(errno.EACCES, "Permission denied")
    line = bind_problem(refusal, config, "config")
    assert line.startswith("Cannot start the server on 127.0.0.1:80: no permission to use port 80")
    assert "Choose port 1024 or above — set e.g. port = 81" in line


# -- operator add: the PIN never on the command line ----------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def add_args(config: Path, login: str, role: str, *extra: str) -> list[str]:
    return ["--config", str(config), "--lang", "en", "operator", "add", "--login", login,
            "--name", login.title(), "--role", role, *extra]  # fmt: skip


def credentials(folder: Path, login: str) -> operators.Credentials | None:
    store = store_of(folder)
    try:
        return store.read_sync(operators.credentials_by_login, login)
    finally:
        store.close()


def test_a_pin_given_as_an_argument_is_refused_with_the_way_to_do_it(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = demo_dir / "kolektor.toml"
    for given in (["--pin", "1234"], ["--pin=1234"], ["--pin"]):
        assert main(add_args(config, "jan", "picker", *given)) == 2
        err = capsys.readouterr().err
        assert "A PIN is not given on the command line" in err and "--pin-stdin" in err
    assert credentials(demo_dir, "jan") is None


def test_password_and_pin_from_stdin(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = demo_dir / "kolektor.toml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Bardzo-tajne-1\n482913\n"))
    args = add_args(config, "zofia", "supervisor", "--password-stdin", "--pin-stdin")
    assert main(args) == 0
    found = credentials(demo_dir, "zofia")
    assert found is not None
    assert operators.verify_secret(found.password_hash, "Bardzo-tajne-1")
    assert operators.verify_secret(found.pin_hash, "482913")


def test_the_pin_is_asked_twice_and_asked_again_until_it_matches(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["12", "5678", "5679", "5678", "5678"])
    prompts: list[str] = []

    def ask(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", ask)
    assert main(add_args(demo_dir / "kolektor.toml", "piotr", "picker")) == 0
    pin, again = "PIN (4–8 digits): ", "Repeat the PIN: "
    assert prompts == [pin, pin, again, pin, again]  # too short; mismatch; agreed
    err = capsys.readouterr().err
    assert "A PIN must be 4 to 8 digits" in err and "The PINs do not match" in err
    found = credentials(demo_dir, "piotr")
    assert found is not None and operators.verify_secret(found.pin_hash, "5678")
    assert found.password_hash is None


def test_three_failed_pins_add_nobody(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["1111", "2222"] * 3)
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(add_args(demo_dir / "kolektor.toml", "olek", "packer")) == 1
    assert "No PIN was set after 3 attempts" in capsys.readouterr().err
    assert credentials(demo_dir, "olek") is None


def test_without_a_terminal_the_pin_must_come_from_stdin_or_be_declined(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = demo_dir / "kolektor.toml"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(add_args(config, "ula", "packer")) == 2
    err = capsys.readouterr().err
    assert "no terminal to ask for it" in err and "--pin-stdin" in err and "--no-pin" in err
    assert credentials(demo_dir, "ula") is None

    assert main(add_args(config, "ula", "packer", "--no-pin")) == 0
    found = credentials(demo_dir, "ula")
    assert found is not None and found.pin_hash is None

    monkeypatch.setattr(sys, "stdin", io.StringIO("Bardzo-tajne-1\n"))
    args = add_args(config, "ewa", "admin", "--password-stdin", "--pin-stdin")
    assert main(args) == 2
    assert "Standard input lacks line 2 (the PIN)" in capsys.readouterr().err


def test_operator_unlock_lifts_a_lockout(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime, timedelta

    config = str(demo_dir / "kolektor.toml")
    store = store_of(demo_dir)
    try:
        anna = store.read_sync(operators.get_by_login, "anna")
        assert anna is not None
        now = datetime.now(UTC)
        store.run_sync(operators.record_failure, anna.id, at=now, failed_logins=10, lockouts=1,
                       locked_until=now + timedelta(minutes=15), source="10.0.0.7",
                       method="login+pin")  # fmt: skip
        assert main(["--config", config, "--lang", "en", "operator", "unlock", "ANNA"]) == 0
        assert capsys.readouterr().out.strip() == "anna: unlocked; failed attempts cleared."
        after = store.read_sync(operators.get_by_login, "anna")
        assert after is not None and (after.locked_until, after.failed_logins) == (None, 0)
    finally:
        store.close()
    assert main(["--config", config, "--lang", "en", "operator", "unlock", "nikt"]) == 1
    assert "There is no operator with the login “nikt”." in capsys.readouterr().err


def test_a_store_migrated_by_a_newer_kolektor_is_refused_with_one_clear_line(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another machine sharing the store runs a newer version: this one must not touch the
    schema, and every command that opens the store says what to install instead of
    Alembic's traceback."""
    config = str(demo_dir / "kolektor.toml")
    store = store_of(demo_dir)
    try:
        store.upgrade()
        store.run_sync(
            lambda c: c.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
        )
    finally:
        store.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("Bardzo-tajne-1\n"))
    commands = [
        ["db", "upgrade"],
        ["work", "--once"],
        ["serve"],
        ["operator", "add", "--login", "ewa", "--name", "Ewa", "--role", "office",
         "--password-stdin"],
    ]  # fmt: skip
    for command in commands:
        assert main(["--config", config, "--lang", "pl", *command]) == 1, command
        err = capsys.readouterr().err
        assert "schemat 0099 jest nowszy niż zna ta wersja Kolektora" in err, command
        assert "Traceback" not in err and "Can't locate revision" not in err
    store = store_of(demo_dir)
    try:
        assert store.current_revision() == "0099"  # untouched
    finally:
        store.close()
