"""``kolektor check`` fails while a file holding secrets is open to other users, and says
the ``chmod`` that fixes it."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest

from kolektor.check import check_private_files, run_check
from kolektor.config import Config, load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import odbc_connection_string
from kolektor.i18n import Language
from kolektor.store.engine import Store


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
