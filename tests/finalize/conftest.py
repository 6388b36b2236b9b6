"""The demo Subiekt database imported into a store, and orders packed as the station
would, for the finalization tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kolektor.config import Config, load_config, render_config
from kolektor.demo.database import SubiektDatabase
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, odbc_connection_string
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.intake.loop import SubiektSource, run_once
from kolektor.store import operators, orders, picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from kolektor.subiekt.reader import SubiektReader


def config_for(folder: Path, subiekt: Path, store_url: str = "") -> Config:
    """The demo's configuration; ``store_url`` empty: SQLite in ``data_dir``."""
    path = folder / "kolektor.toml"
    # Instances sharing PostgreSQL share the instance key (the config refuses otherwise).
    shared = f'\n[security]\nsecret_key = "{"k" * 40}"\n' if store_url else ""
    text = render_config(
        connection_string=odbc_connection_string(subiekt), extra=DEMO_EXTERNAL_ID_RULES + shared
    )
    empty = "\n[store]\n# Empty: SQLite in data_dir."
    assert text.count(empty) == 1 and text.count('\nurl = ""\n') == 1
    text = text.replace('\nurl = ""\n', f'\nurl = "{store_url}"\n')
    path.write_text(text, encoding="utf-8")
    return load_config(path, language="pl")


def top_up_stock(path: Path) -> None:
    """Enough stock for every open order (the demo leaves some short on purpose)."""
    with SubiektDatabase(path) as db:
        db.connection.execute("UPDATE tw_Stan SET st_Stan = st_Stan + 10000")


@pytest.fixture
async def site(subiekt_db: DemoSummary, tmp_path: Path) -> tuple[Config, Store, DemoSummary]:
    return await prepare_site(subiekt_db, tmp_path)


async def prepare_site(
    subiekt_db: DemoSummary, tmp_path: Path, store_url: str = "", *, top_up: bool = True
) -> tuple[Config, Store, DemoSummary]:
    """The demo Subiekt database (stock topped up unless ``top_up`` is false: the demo's
    shortages stay), imported into a store (SQLite in ``tmp_path`` or ``store_url``) with a
    packer."""
    if top_up:
        top_up_stock(subiekt_db.path)
    config = config_for(tmp_path, subiekt_db.path, store_url)
    store = Store.open(config.store_url)
    store.upgrade()
    store.run_sync(operators.create_operator, login="marek", name="Marek", role="packer",
                   pin="2222")  # fmt: skip
    reader = SubiektReader(config.subiekt)
    await run_once(SubiektSource(reader), store, "pl")
    reader.close()
    return config, store, subiekt_db


def pack(store: Store, zk_id: int) -> int:
    """Move an imported order to packed as the scanner would (claim, pick, pack)."""
    order_id = store.read_sync(orders.intake_index)[zk_id].order_id
    for status in (OrderStatus.PICKING, OrderStatus.PICKED):
        store.run_sync(orders.change_status, order_id, status, reason=None, actor="test")
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    operator = store.read_sync(operators.list_operators)[0]
    plan = plan_for(order, store.read_sync(load_rules, "pl"), "pl")
    assert store.run_sync(picking.pack_order, order.id, (PackageInput(Decimal("1.5")),),
                          operator_id=operator.id, actor="operator:marek", plan=plan.steps,
                          skipped=plan.skipped, summary=plan.summary)  # fmt: skip
    return order_id


def documents_made_from(path: Path, zk_id: int) -> list[tuple[int, int, str]]:
    with SubiektDatabase(path) as db:
        rows = db.select("dok__Dokument", {"dok_DoDokId": zk_id}, order_by=["dok_Id"])
    return [(int(r["dok_Typ"]), int(r["dok_Podtyp"]), str(r["dok_NrPelny"])) for r in rows]
