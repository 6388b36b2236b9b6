"""docs/install.md says what is true: its commands parse, its configuration loads, its
PostgreSQL SQL, ``pg_hba.conf`` lines, backup and restore commands work as written, and
``kolektor check`` on a fresh copy of ``kolektor.example.toml`` names what is left to fill in.

Blocks the tests run are marked in the guide with ``<!-- check: NAME -->`` before the fence.
The commands run as written, with only the addresses, ports and folders of this machine put in
(a throwaway PostgreSQL cluster listens on 127.0.0.1 at a free port; ``sudo -u postgres`` is
the cluster's superuser over TCP).  What cannot run here — Windows, SQL Server, Sfera — is
said so in the guide.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import tomllib
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from kolektor.check import check_placeholders, check_store, check_writer, run_check
from kolektor.cli import _parser
from kolektor.config import STEP_NAMES, Config, SferaConfig, load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import odbc_connection_string
from kolektor.finalize.setup import build_pipeline
from kolektor.i18n import Language
from kolektor.store import operators
from kolektor.store.engine import Store, head_revision
from kolektor.tls import command_ca, command_cert
from tests.postgres import Cluster
from tests.requirements import unavailable
from tests.test_subiekt_login_script import SCRIPT_TEXT, granted_tables

ROOT = Path(__file__).resolve().parents[1]
GUIDE_PATH = ROOT / "docs" / "install.md"
GUIDE = GUIDE_PATH.read_text("utf-8")
EXAMPLE = (ROOT / "kolektor.example.toml").read_text("utf-8")


def marked(name: str) -> list[str]:
    """The fenced blocks the guide marks ``<!-- check: name -->``."""
    pattern = rf"<!-- check: {re.escape(name)} -->\n```[\w.-]*\n(.*?)```"
    found = re.findall(pattern, GUIDE, flags=re.DOTALL)
    assert found, f"docs/install.md has no block marked {name}"
    return found


def fenced_blocks(*languages: str) -> list[str]:
    """The fenced blocks in those languages (all, when none is named)."""
    blocks = re.findall(r"```([\w.-]*)\n(.*?)```", GUIDE, flags=re.DOTALL)
    return [text for language, text in blocks if not languages or language in languages]


# -- the guide's commands and files --------------------------------------------------------


def kolektor_invocations() -> list[list[str]]:
    """Every ``kolektor`` command line in the guide's command blocks and inline code, as argv
    (without the program), continuation lines joined and Windows paths with slashes."""
    commands = fenced_blocks("sh", "bat", "powershell", "ini")
    texts = [*commands, *re.findall(r"`([^`\n]*(?:\n[^`\n]*)?)`", GUIDE)]
    found = []
    for text in texts:
        text = re.sub(r"\s*[\\`]\n\s*", " ", text)  # sh "\" and PowerShell "`" continuations
        text = text.replace("\\", "/")
        lines = text.splitlines() + re.findall(r"-Argument '([^']*)'", text)
        for line in lines:
            match = INVOCATION.search(line)
            if match is None and line.startswith("--config "):
                match = re.match(r"(.*)", line)
            if match is None:
                continue
            words = shlex.split(re.split(r"\s(?:&&|\||;|#)\s", match.group(1))[0])
            if words and words[0] in {"--config", *COMMANDS}:
                found.append(words)
    return found


COMMANDS = {"serve", "work", "check", "db", "operator", "tls", "demo"}
INVOCATION = re.compile(r"(?:^|[\s/=])kolektor(?:\.exe)?\s+((?:--config \S+ )?[a-z].*)$")


def test_every_kolektor_command_in_the_guide_parses() -> None:
    invocations = kolektor_invocations()
    commands = set()
    for argv in invocations:
        try:
            args = _parser().parse_args(argv)
        except SystemExit:
            pytest.fail(f"kolektor {' '.join(argv)} does not parse")
        commands.add(" ".join(filter(None, (args.command, getattr(args, "db_command", None)))))
    assert {"serve", "work", "check", "db upgrade", "operator", "tls"} <= commands


def test_paths_and_links_in_the_guide_exist() -> None:
    for path in set(re.findall(r"`((?:tests|scripts|kolektor)/[\w/.-]+\.(?:py|sql))`", GUIDE)):
        assert (ROOT / path).is_file(), path
    for link in set(re.findall(r"\]\(([\w./-]+\.md)(?:#[\w-]+)?\)", GUIDE)):
        assert (GUIDE_PATH.parent / link).resolve().is_file(), link
    for anchor in set(re.findall(r"\]\(#([\w-]+)\)", GUIDE)):
        headings = re.findall(r"^#+ (.+)$", GUIDE, flags=re.MULTILINE)
        slugs = {re.sub(r"[^\w -]", "", h.lower()).replace(" ", "-") for h in headings}
        assert anchor in slugs, anchor


def test_the_guide_counts_the_granted_tables() -> None:
    count = len(granted_tables(SCRIPT_TEXT))
    assert f"exactly the {count} tables Kolektor reads" in GUIDE


# -- configuration ----------------------------------------------------------------------------

SECRETS = {
    "SUBIEKT_PASSWORD": "czytanie-7Rk2pQ",
    "KOLEKTOR_SECRET_KEY": "k" * 40,
    "KOLEKTOR_DB_PASSWORD": "baza-9Xv3",
    "SFERA_OPERATOR_PASSWORD": "operator-1",
    "SFERA_SQL_PASSWORD": "Sql-2",
}
BASE_SECTIONS = {
    "subiekt": '[subiekt]\nconnection_string = "Driver={SQLite3};Database=demo.db"\n',
    "sfera": '[sfera]\nserver = "S\\\\INSERTGT"\ndatabase = "FIRMA"\noperator = "Kolektor"\n',
    "secrets": '[secrets]\nfile = "secrets.toml"\n',
}


def write_secrets(folder: Path, values: dict[str, str]) -> None:
    path = folder / "secrets.toml"
    path.write_text("".join(f'{name} = "{value}"\n' for name, value in values.items()), "utf-8")
    path.chmod(0o600)


def snippet_config(folder: Path, snippet: str) -> Config:
    """``snippet`` with whatever sections it leaves out, loaded as a configuration."""
    folder.mkdir(parents=True, exist_ok=True)
    sections = set(tomllib.loads(snippet))
    text = snippet + "".join(body for name, body in BASE_SECTIONS.items() if name not in sections)
    (folder / "kolektor.toml").write_text(text, "utf-8")
    write_secrets(folder, SECRETS)
    for name in ("tls_certificate", "tls_key"):
        if relative := tomllib.loads(snippet).get("server", {}).get(name):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text("", "utf-8")
    return load_config(folder / "kolektor.toml", language="en")


def test_the_guides_configuration_snippets_load(tmp_path: Path) -> None:
    server, worker = marked("kolektor.toml")
    server_config = snippet_config(tmp_path / "server", server)
    worker_config = snippet_config(tmp_path / "worker", worker)
    # Between them the two machines run every step, and no step twice.
    assert set(server_config.pipeline.steps) | set(worker_config.pipeline.steps) == set(STEP_NAMES)
    assert not set(server_config.pipeline.steps) & set(worker_config.pipeline.steps)
    assert server_config.security.secret_key == worker_config.security.secret_key
    assert server_config.store_url.startswith("postgresql://kolektor:")
    assert worker_config.store_url.endswith("/kolektor?sslmode=require")
    assert worker_config.sfera.sql_user == "sa"
    assert worker_config.sfera.sql_password == SECRETS["SFERA_SQL_PASSWORD"]
    assert "UID=kolektor" in worker_config.subiekt.connection_string


def test_the_guides_sfera_settings_are_the_defaults(tmp_path: Path) -> None:
    (snippet,) = marked("sfera-settings.toml")
    config = snippet_config(tmp_path, snippet)
    assert config.pipeline.steps == ("realize", "document")
    assert config.sfera == replace(
        SferaConfig(),
        server=config.sfera.server,
        database="FIRMA",
        operator="Kolektor",
        operator_password=SECRETS["SFERA_OPERATOR_PASSWORD"],
        sql_user="sa",
        sql_password=SECRETS["SFERA_SQL_PASSWORD"],
    )


def test_the_secrets_template_names_every_secret_the_example_uses() -> None:
    (template,) = marked("secrets.toml")
    names = set(tomllib.loads(template))
    used = set(re.findall(r"\$\{(\w+)\}", re.sub(r"(?m)^\s*#.*$", "", EXAMPLE)))
    snippets = "".join(marked("kolektor.toml"))
    assert used | set(re.findall(r"\$\{(\w+)\}", snippets)) <= names
    assert all(re.fullmatch(r"<[A-Z0-9_]+>", value) for value in tomllib.loads(template).values())


def fresh_copy(folder: Path) -> Path:
    """The example copied to a new folder with the guide's secrets file, as a shop starts."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kolektor.toml").write_text(EXAMPLE, "utf-8")
    (template,) = marked("secrets.toml")
    (folder / "secrets.toml").write_text(template, "utf-8")
    (folder / "secrets.toml").chmod(0o600)
    return folder / "kolektor.toml"


def checked(config: Config) -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(config, out)
    return code, out.getvalue()


@pytest.mark.parametrize("language", ["pl", "en"])
def test_check_names_every_placeholder_of_a_fresh_copy(tmp_path: Path, language: Language) -> None:
    config = load_config(fresh_copy(tmp_path), language=language)
    code, out = checked(config)
    assert code == 1
    start = out.index("✗ " + ("ustawienia" if language == "pl" else "settings"))
    end = re.search(r"\n  [✓✗] ", out[start:])  # the next check's line; items are deeper
    assert end is not None
    line = out[start : start + end.start()]
    items = re.findall(r"\n      • ([^:]+):", line)
    assert items == [
        "subiekt.connection_string Server=",
        "subiekt.connection_string Database=",
        "subiekt.connection_string PWD=" + secret("SUBIEKT_PASSWORD", tmp_path, language),
        "security.secret_key" + secret("KOLEKTOR_SECRET_KEY", tmp_path, language),
        "sfera.server",
        "sfera.database",
        "sfera.operator_password" + secret("SFERA_OPERATOR_PASSWORD", tmp_path, language),
        "sfera.sql_user",
        "sfera.sql_password",
    ]
    assert "9" in line.splitlines()[0]
    assert "docs/install.md" in line
    for value in tomllib.loads((tmp_path / "secrets.toml").read_text("utf-8")).values():
        assert value not in out.replace("<…>", "")  # secret values are never printed
    what = "SQL Server Configuration Manager" if language == "en" else "KOMPUTER\\INSERTGT"
    assert what in line


def secret(name: str, folder: Path, language: Language) -> str:
    where = folder / "secrets.toml"
    return f" (sekret {name} w {where})" if language == "pl" else f" (the secret {name} in {where})"


def test_check_is_content_once_the_placeholders_are_filled_in(tmp_path: Path) -> None:
    path = fresh_copy(tmp_path)
    text = path.read_text("utf-8")
    for placeholder, value in (
        ("<SERWER>", "sql.sklep.lan"),
        ("<BAZA>", "FIRMA"),
        ("<LOGIN_SQL>", "sa"),
        ('"<HASLO_SQL>"', '"${SFERA_SQL_PASSWORD}"'),
    ):
        text = text.replace(placeholder, value)
    path.write_text(text, "utf-8")
    write_secrets(tmp_path, SECRETS)
    works, message = check_placeholders(load_config(path, language="en"))
    assert works, message
    assert message == "settings: nothing left to fill in from the kolektor.example.toml template"


def test_the_examples_postgresql_address_is_a_placeholder_too(tmp_path: Path) -> None:
    path = fresh_copy(tmp_path)
    text = path.read_text("utf-8").replace('# url = "postgresql://', 'url = "postgresql://')
    path.write_text(text.replace('url = ""\n', ""), "utf-8")
    works, message = check_placeholders(load_config(path, language="en"))
    assert not works
    where = tmp_path / "secrets.toml"
    named = f"• store.url (the secret KOLEKTOR_DB_PASSWORD in {where}): the PostgreSQL address"
    assert named in message
    # With the password put in, the address's own placeholder (<SERWER_BAZY>) still counts.
    write_secrets(tmp_path, SECRETS)
    works, message = check_placeholders(load_config(path, language="en"))
    assert not works and "• store.url: the PostgreSQL address" in message


def test_a_placeholder_secret_from_the_environment_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fresh_copy(tmp_path)
    write_secrets(tmp_path, {k: v for k, v in SECRETS.items() if k != "SUBIEKT_PASSWORD"})
    monkeypatch.setenv("SUBIEKT_PASSWORD", "<HASLO>")
    works, message = check_placeholders(load_config(path, language="pl"))
    assert not works
    assert "• subiekt.connection_string PWD= (sekret SUBIEKT_PASSWORD w zmiennych środowiska):" in (
        message
    )


def test_sfera_placeholders_do_not_matter_where_nothing_is_written(tmp_path: Path) -> None:
    path = fresh_copy(tmp_path)
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^steps = \[.*\]$", 'steps = ["label", "print", "email", "allegro"]', text)
    path.write_text(text, "utf-8")
    config = load_config(path, language="en")
    works, message = check_placeholders(config)
    assert not works and "sfera." not in message and "subiekt.connection_string" in message
    assert check_writer(config) == (
        True,
        "writing documents: not in this process — [pipeline] steps leaves realize and"
        " document to another machine (kolektor work with Sfera)",
    )


def test_check_says_when_another_machine_runs_a_newer_version(
    tmp_path: Path, demo_db: DemoSummary
) -> None:
    (tmp_path / "kolektor.toml").write_text(
        render_config(connection_string=odbc_connection_string(demo_db.path)), "utf-8"
    )
    config = load_config(tmp_path / "kolektor.toml", language="en")
    store = Store.open(config.store_url)
    try:
        store.upgrade()
        assert check_store(config)[0]
        with store.engine.begin() as connection:  # as a newer Kolektor's migration leaves it
            connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        store.close()
    works, message = check_store(config)
    assert not works
    head = head_revision()
    assert f"its schema 9999 is newer than this version of Kolektor knows (up to {head})" in message
    assert "install the same one here" in message and "db upgrade" not in message


def test_each_process_runs_only_the_steps_it_names(tmp_path: Path, demo_db: DemoSummary) -> None:
    for snippet in marked("kolektor.toml"):
        steps = tomllib.loads(snippet)["pipeline"]["steps"]
        folder = tmp_path / "-".join(steps)
        folder.mkdir()
        (folder / "kolektor.toml").write_text(
            render_config(
                connection_string=odbc_connection_string(demo_db.path),
                extra=f"[pipeline]\nsteps = {steps!r}\n".replace("'", '"'),
            ),
            "utf-8",
        )
        config = load_config(folder / "kolektor.toml")
        store = Store.open(config.store_url)
        try:
            store.upgrade()
            pipeline, writer = build_pipeline(config, store)
            writer.close()
            assert set(pipeline.handlers) == set(steps)
        finally:
            store.close()


# -- PostgreSQL ------------------------------------------------------------------------------


def postgres_tool(cluster: Cluster, name: str) -> str:
    tool = cluster.initdb.parent / name
    return str(tool) if tool.is_file() else (shutil.which(name) or name)


def run_shell(command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    return result


def superuser(cluster: Cluster) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{cluster.port}/postgres", autocommit=True
    )


def set_hba(cluster: Cluster, lines: list[str]) -> None:
    """The guide's lines and, after them, only the test's own way in (the superuser, trusted
    on this machine) — so nothing else lets the role in, as on a Debian server."""
    superuser_lines = ["local all postgres trust", "host all postgres 127.0.0.1/32 trust"]
    (cluster.data / "pg_hba.conf").write_text("\n".join([*lines, *superuser_lines]) + "\n")
    with superuser(cluster) as connection:
        connection.execute("SELECT pg_reload_conf()")


def run_setup_sql(cluster: Cluster, password: str) -> None:
    """The guide's psql lines; ``\\password`` sets the password as psql would."""
    (block,) = marked("postgres-setup")
    with superuser(cluster) as connection:
        for line in block.splitlines():
            if line.startswith("\\password "):
                role = line.split()[1]
                connection.execute(
                    psycopg.sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                        psycopg.sql.Identifier(role), psycopg.sql.Literal(password)
                    )
                )
            elif line.strip():
                connection.execute(line)


def test_the_guides_postgresql_setup_backup_and_restore(
    own_postgres: Cluster, tmp_path: Path
) -> None:
    cluster, password = own_postgres, SECRETS["KOLEKTOR_DB_PASSWORD"]
    run_setup_sql(cluster, password)
    (hba_block,) = marked("pg_hba.conf")
    hba = [line for line in hba_block.splitlines() if line.strip() and not line.startswith("#")]
    local, worker = hba
    set_hba(cluster, [local])

    url = f"postgresql://kolektor:{password}@127.0.0.1:{cluster.port}/kolektor"
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(url.replace(password, "wrong"))
    with psycopg.connect(url) as connection:  # scram-sha-256 with the role's password
        method = connection.execute("SELECT current_user, session_user").fetchone()
        assert method == ("kolektor", "kolektor")

    # The role that owns its database is enough for the migrations and for Kolektor.
    store = Store.open(url)
    try:
        store.upgrade()
        store.run_sync(operators.create_operator, login="anna", name="Anna", role="office",
                       password="hasło-anny-1")  # fmt: skip
    finally:
        store.close()

    # Backup, as the guide's cron line does it.
    (backup,) = marked("backup-postgresql")
    dumps = tmp_path / "backups"
    dumps.mkdir()
    command = (
        backup.strip()
        .replace("pg_dump ", postgres_tool(cluster, "pg_dump") + " ", 1)
        .replace("/var/backups/kolektor", str(dumps))
        .replace("127.0.0.1/kolektor", f"127.0.0.1:{cluster.port}/kolektor")
    )
    run_shell(command, {"PGPASSWORD": password})
    (dump,) = dumps.glob("kolektor-*.dump")
    assert dump.stat().st_mode & 0o077 == 0  # umask 077: private

    # Restore, as the guide says (sudo -u postgres = the cluster's superuser over TCP).
    (restore,) = marked("restore-postgresql")
    as_superuser = f"--host=127.0.0.1 --port={cluster.port} --username=postgres"
    for line in restore.strip().splitlines():
        line = re.sub(
            r"^sudo -u postgres (dropdb|createdb)",
            lambda m: f"{postgres_tool(cluster, m.group(1))} {as_superuser}",
            line,
        )
        line = line.replace("pg_restore ", postgres_tool(cluster, "pg_restore") + " ", 1)
        line = line.replace("127.0.0.1/kolektor", f"127.0.0.1:{cluster.port}/kolektor")
        line = line.replace("kolektor-2026-12-01.dump", str(dump))
        run_shell(line, {"PGPASSWORD": password})

    store = Store.open(url)
    try:
        assert store.current_revision() == head_revision()
        restored = store.read_sync(operators.get_by_login, "anna")
        assert restored is not None and restored.name == "Anna"
    finally:
        store.close()

    # The worker's line: only over TLS, and the URL's sslmode=require asks for it.
    command_ca(tmp_path / "certs", name="test", force=False, language="en",
               out=io.StringIO(), err=io.StringIO())  # fmt: skip
    command_cert(tmp_path / "certs", hosts=["127.0.0.1"], days=30, config_dir=tmp_path,
                 language="en", out=io.StringIO(), err=io.StringIO())  # fmt: skip
    # The server's own folder, which its user (postgres, when the tests run as root) owns.
    certificate, key = cluster.base / "server.crt", cluster.base / "server.key"
    shutil.copy(tmp_path / "certs" / "kolektor.crt", certificate)
    shutil.copy(tmp_path / "certs" / "kolektor.key", key)
    key.chmod(0o600)
    if cluster.account is not None:
        for path in (certificate, key):
            os.chown(path, cluster.account.pw_uid, cluster.account.pw_gid)
    with superuser(cluster) as connection:
        connection.execute(f"ALTER SYSTEM SET ssl_cert_file = '{certificate}'")
        connection.execute(f"ALTER SYSTEM SET ssl_key_file = '{key}'")
        connection.execute("ALTER SYSTEM SET ssl = on")
    set_hba(cluster, [re.sub(r"\d+\.\d+\.\d+\.\d+/32", "127.0.0.1/32", worker)])
    worker_url = re.search(r'# url = "(postgresql://[^"]+)"\s+# worker', GUIDE)
    assert worker_url is not None
    tls_url = (
        worker_url.group(1)
        .replace("${KOLEKTOR_DB_PASSWORD}", password)
        .replace("192.168.1.10/", f"127.0.0.1:{cluster.port}/")
    )
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(tls_url.replace("sslmode=require", "sslmode=disable"))
    store = Store.open(tls_url)
    try:
        encrypted = store.read_sync(
            lambda connection: connection.execute(
                sa.text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar_one()
        )
        assert encrypted is True
    finally:
        store.close()


# -- SQLite ----------------------------------------------------------------------------------


def test_the_guides_sqlite_backup_while_kolektor_writes_and_restore(tmp_path: Path) -> None:
    if shutil.which("sqlite3") is None:
        unavailable("the sqlite3 command-line tool is not installed (apt-get install sqlite3)")
    data = tmp_path / "data"
    database = data / "kolektor.db"
    store = Store.open(f"sqlite:///{database}")
    store.upgrade()
    store.run_sync(operators.create_operator, login="anna", name="Anna", role="office",
                   password="hasło-anny-1")  # fmt: skip

    # Kolektor is in the middle of a write while the backup runs.
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by)"
        " VALUES ('half-done', '1', '2026-12-01T00:00:00+00:00', 'test')"
    )
    (backup,) = marked("backup-sqlite")
    backups = tmp_path / "backups"
    backups.mkdir()
    command = (
        backup.strip()
        .replace("/var/lib/kolektor/data/kolektor.db", str(database))
        .replace("/var/backups/kolektor", str(backups))
    )
    run_shell(command)
    writer.execute("COMMIT")
    writer.close()
    store.close()
    (copy,) = backups.glob("kolektor-*.db")
    assert copy.stat().st_mode & 0o077 == 0

    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # The snapshot before the unfinished write, never half of it.
        half = check.execute("SELECT COUNT(*) FROM settings WHERE key = 'half-done'").fetchone()
        assert half == (0,)

    # Restore: Kolektor stopped, the database and its -wal/-shm moved away, the copy put back.
    old = tmp_path / "old"
    old.mkdir()
    for name in ("kolektor.db", "kolektor.db-wal", "kolektor.db-shm"):
        if (data / name).exists():
            (data / name).rename(old / name)
    shutil.copy(copy, database)
    database.chmod(0o600)
    (tmp_path / "kolektor.toml").write_text(
        render_config(connection_string="Driver={SQLite3};Database=demo.db"), "utf-8"
    )
    config = load_config(tmp_path / "kolektor.toml", language="en")
    assert config.store_url == f"sqlite:///{database}"
    assert check_store(config)[0]
    store = Store.open(config.store_url)
    try:
        restored = store.read_sync(operators.get_by_login, "anna")
        assert restored is not None and restored.name == "Anna"
    finally:
        store.close()
