"""The server over real HTTP on loopback: health, the orders API, logins and roles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
import trio

from kolektor.config import Config, ServerSettings, load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, odbc_connection_string
from kolektor.server.serve import run_server
from kolektor.store import operators
from kolektor.store.engine import Store


def demo_config(tmp_path: Path, subiekt: Path) -> Config:
    path = tmp_path / "kolektor.toml"
    path.write_text(
        render_config(
            connection_string=odbc_connection_string(subiekt),
            extra=DEMO_EXTERNAL_ID_RULES,
        ),
        encoding="utf-8",
    )
    config = load_config(path)
    # Any free port, and a quick intake, for the test only.
    return replace(
        config,
        server=ServerSettings(host="127.0.0.1", port=0),
        subiekt=replace(config.subiekt, poll_interval=0.2),
    )


@pytest.fixture
async def server(
    subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> AsyncIterator[str]:
    config = demo_config(tmp_path, subiekt_db.path)
    store = Store.open(config.store_url)
    store.upgrade()
    store.run_sync(
        operators.create_operator,
        login="biuro",
        name="Łucja Zielińska",
        role="office",
        password="biuro-demo",
    )
    store.run_sync(
        operators.create_operator,
        login="anna",
        name="Anna Kowalska",
        role="picker",
        password="anna-demo",
        pin="1111",
    )
    binds = await nursery.start(
        lambda task_status: run_server(config, store=store, task_status=task_status)
    )
    yield binds[0]
    nursery.cancel_scope.cancel()


async def wait_for_intake(client: httpx.AsyncClient) -> dict[str, object]:
    with trio.fail_after(20):
        while True:
            health = (await client.get("/health")).json()
            if health["subiekt"]["last_success_at"]:
                return health  # type: ignore[no-any-return]
            await trio.sleep(0.05)


async def test_health_reports_store_and_intake(server: str, subiekt_db: DemoSummary) -> None:
    async with httpx.AsyncClient(base_url=server) as client:
        health = await wait_for_intake(client)
    assert health["status"] == "ok"
    assert health["store"] == {"ok": True, "error": None}
    assert health["subiekt"]["last_result"]["imported"] == len(subiekt_db.open_zk_ids)  # type: ignore[index]


async def test_orders_need_an_office_login(server: str) -> None:
    async with httpx.AsyncClient(base_url=server) as client:
        anonymous = await client.get("/api/orders")
        assert anonymous.status_code == 401
        assert anonymous.headers["www-authenticate"].startswith("Basic")
        assert anonymous.json() == {"error": "auth_required", "message": "Wymagane logowanie."}
        wrong = await client.get("/api/orders", auth=("biuro", "zle-haslo"))
        assert wrong.status_code == 401
        picker = await client.get(
            "/api/orders", auth=("anna", "anna-demo"), headers={"Accept-Language": "en-GB,en;q=0.9"}
        )
        assert picker.status_code == 403
        assert picker.json() == {"error": "forbidden", "message": "You are not allowed to do this."}


async def test_orders_list_and_detail(server: str, subiekt_db: DemoSummary) -> None:
    auth = ("biuro", "biuro-demo")
    async with httpx.AsyncClient(base_url=server, auth=auth) as client:
        await wait_for_intake(client)
        listing = (await client.get("/api/orders", params={"limit": 1000})).json()
        assert len(listing["orders"]) == len(subiekt_db.open_zk_ids)
        assert listing["counts"]["new"] == len(subiekt_db.open_zk_ids)

        zk_id = subiekt_db.examples.zk_pack_line
        summary = next(o for o in listing["orders"] if o["subiekt_id"] == zk_id)
        detail = (await client.get(f"/api/orders/{summary['id']}")).json()
        order = detail["order"]
        assert order["number"] == summary["number"]
        assert order["remarks"] == "Proszę o fakturę."
        assert Decimal(order["value_gross"]) == sum(
            Decimal(line["value_gross"]) for line in order["lines"]
        )
        assert all(len(line["value_gross"].split(".")[1]) == 4 for line in order["lines"])
        assert [event["event"] for event in detail["timeline"]] == ["imported"]

        assert (await client.get("/api/orders/999999")).json()["message"] == "Nie znaleziono."
        bad = await client.get("/api/orders", params={"status": "zgubione"})
        assert bad.status_code == 400
        assert "status" in bad.json()["message"]
        assert (await client.post("/api/intake/run")).status_code == 202
