"""``kolektor demo``: everything needed to see Kolektor work, in one folder.

Creates (once, or again with ``--reset``) the demo Subiekt GT database — an SQLite file
with Subiekt's table and column names, used through the SQLite ODBC driver exactly as a
real installation is used through SQL Server's — a configuration file pointing at it, the
store with demo operators, and then serves with the intake importing the demo ZKs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from kolektor.auth.keys import badge_key
from kolektor.config import load_config, render_config
from kolektor.i18n import Language, default_language, t
from kolektor.logs import configure_logging
from kolektor.store import operators
from kolektor.store.engine import Store

SQLITE_ODBC_DRIVER = "SQLite3"


@dataclass(frozen=True, slots=True)
class DemoOperator:
    login: str
    name: str
    role: str
    password: str | None = None
    badge_code: str | None = None
    pin: str | None = None


DEMO_OPERATORS = (
    DemoOperator("szef", "Katarzyna Wiśniewska", "admin", password="szef-demo"),
    DemoOperator("biuro", "Łucja Zielińska", "office", password="biuro-demo"),
    DemoOperator(
        "kierownik",
        "Grzegorz Dąbrowski",
        "supervisor",
        password="kierownik-demo",
        badge_code="OP-0003",
        pin="3333",
    ),
    DemoOperator("anna", "Anna Kowalska", "picker", badge_code="OP-0001", pin="1111"),
    DemoOperator("marek", "Marek Żółkiewski", "packer", badge_code="OP-0002", pin="2222"),
)


DEMO_EXTERNAL_ID_RULES = """
# The demo's synchronizer writes Allegro checkout-form ids into the remarks or into the
# ZK's custom field "Allegro ID" (pw_Dane.pwd_Tekst01), and shop numbers into dok_NrPelnyOryg.
[[subiekt.external_id]]
source = "dok_Uwagi"

[[subiekt.external_id]]
source = "pw_Dane:pwd_Tekst01"

[[subiekt.external_id]]
source = "dok_NrPelnyOryg"
pattern = "(?P<id>SKLEP-[0-9-]+)"
"""


def odbc_connection_string(database: Path) -> str:
    """Connection string of the SQLite ODBC driver; ``NoWCHAR=1`` makes text columns
    ``SQL_CHAR`` so they are decoded as Windows-1250, as with Subiekt's SQL Server;
    ``NoCreat=1`` makes a missing file an error instead of a new empty database."""
    return f"Driver={{{SQLITE_ODBC_DRIVER}}};Database={database};NoWCHAR=1;NoCreat=1"


def prepare_demo(folder: Path, *, host: str, port: int, reset: bool, language: Language) -> Path:
    """Create the demo folder's contents; return the configuration file's path."""
    from kolektor.demo.generator import create_subiekt_database

    if reset and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: logins, store, log
    folder = folder.resolve()
    database = folder / "subiekt-demo.db"
    print(t("demo.preparing", language, path=folder), flush=True)
    if not database.exists():
        summary = create_subiekt_database(database)
        print(
            t(
                "demo.database",
                language,
                products=summary.products,
                orders=len(summary.open_zk_ids),
                path=database,
            ),
            flush=True,
        )
    config_path = folder / "kolektor.toml"
    config_path.write_text(
        render_config(
            connection_string=odbc_connection_string(database),
            host=host,
            port=port,
            language=language,
            poll_interval=5,
            extra=DEMO_EXTERNAL_ID_RULES,
        ),
        encoding="utf-8",
    )
    config = load_config(config_path, language=language)
    key = badge_key(config)
    store = Store.open(config.store_url)
    try:
        store.upgrade(badge_key=key)
        existing = {op.login for op in store.run_sync(operators.list_operators)}
        for demo in DEMO_OPERATORS:
            if demo.login not in existing:
                store.run_sync(
                    operators.create_operator,
                    login=demo.login,
                    name=demo.name,
                    role=demo.role,
                    password=demo.password,
                    pin=demo.pin,
                    badge_code=demo.badge_code,
                    badge_key=key,
                    actor="demo",
                )
    finally:
        store.close()
    return config_path


def print_logins(base: str, language: Language, log_path: Path) -> None:
    print(t("demo.ready", language))
    print(t("demo.urls", language, base=base))
    print(t("demo.logins", language))
    for op in DEMO_OPERATORS:
        parts = [f"{op.login} ({op.role})"]
        if op.password:
            parts.append(f"/ {op.password}")
        if op.badge_code:
            parts.append(f"· {op.badge_code}")
        if op.pin:
            parts.append(f"· PIN {op.pin}")
        print("  " + " ".join(parts))
    print(f"  curl -u biuro:biuro-demo {base}/api/orders")
    print(t("demo.log_file", language, path=log_path))
    print(t("demo.stop", language), flush=True)


def run_demo(
    folder: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    reset: bool = False,
    serve: bool = True,
    language: Language | None = None,
) -> int:
    language = language or default_language()
    config_path = prepare_demo(folder, host=host, port=port, reset=reset, language=language)
    if not serve:
        return 0
    from kolektor.demo.outside import STATION_NAME, install_printer, start_outside

    outside = start_outside(folder.resolve(), folder.resolve() / "subiekt-demo.db")
    try:
        with config_path.open("a", encoding="utf-8") as file:
            file.write(outside.config_sections())
        config = load_config(config_path, language=language)
        store = Store.open(config.store_url)
        try:
            install_printer(store, outside)
        finally:
            store.close()
        log_path = folder.resolve() / "kolektor.log"
        from kolektor.cli import serve_until_stopped

        def ready(binds: list[str]) -> None:
            print_logins(binds[0] if binds else f"http://{host}:{port}", language, log_path)
            print(t("demo.outside", language, shipx=outside.shipx_url,
                    allegro=outside.allegro_url, zebra=outside.zebra_address,
                    station=STATION_NAME, labels=outside.labels_dir), flush=True)  # fmt: skip

        # Rotated like [logging] file (0600, max_mb × keep), so a demo left running stays
        # small.
        configure_logging(config.log_level, file=log_path, max_mb=config.logging.max_mb,
                          keep=config.logging.keep)  # fmt: skip
        return serve_until_stopped(config, ready, port_hint="demo")
    finally:
        outside.stop()
