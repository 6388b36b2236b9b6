"""The office API for Allegro accounts (``docs/allegro.md``, *Office API*): an admin connects
an account by the device flow, polls, lists and disconnects it; no answer holds a token;
nobody else may."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
import trio
from hypercorn.config import Config as HypercornConfig
from hypercorn.trio import serve

from kolektor.allegro import AllegroApp
from kolektor.auth.keys import badge_key, instance_secret
from kolektor.auth.sealed import Sealer
from kolektor.auth.service import AuthService
from kolektor.fakes.allegro import FakeAllegro
from kolektor.scanner.service import ScannerService
from kolektor.server.app import AppState, create_app
from kolektor.store import allegro_accounts as accounts
from kolektor.store import audit
from kolektor.store.engine import Store
from kolektor.store.tables import utcnow
from tests.allegro.conftest import SELLER
from tests.office import add_demo_operators, demo_config


class Clock:
    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return utcnow() + self.offset


@dataclass
class Panel:
    url: str
    store: Store
    sealer: Sealer
    clock: Clock
    fake: FakeAllegro

    def wait(self, seconds: float) -> None:
        """Time passes for Kolektor and for Allegro alike."""
        self.clock.offset += timedelta(seconds=seconds)
        self.fake.clock.advance(seconds)

    async def client(self, login: str = "szef", password: str = "szef-demo") -> httpx.AsyncClient:
        client = httpx.AsyncClient(base_url=self.url, timeout=10)
        answer = await client.post("/api/session", json={"login": login, "password": password})
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
        return client


async def start(
    tmp_path: Path, nursery: trio.Nursery, fake: FakeAllegro, allegro: AllegroApp | None
) -> Panel:
    config = demo_config(tmp_path, tmp_path / "subiekt.db")
    store = Store.open(config.store_url)
    store.upgrade()
    add_demo_operators(config, store)
    state = AppState(
        config=config,
        store=store,
        scanner=ScannerService(store),
        auth=AuthService(store, config.security, badge_key(config)),
    )
    clock = Clock()
    state.allegro, state.now = allegro, clock.now
    app = create_app(state)
    hconfig = HypercornConfig()
    hconfig.bind = ["127.0.0.1:0"]
    hconfig.accesslog = None

    async def served(task_status: trio.TaskStatus[list[str]]) -> None:
        await serve(app, hconfig, task_status=task_status)  # type: ignore[arg-type]

    binds: list[str] = await nursery.start(served)
    return Panel(binds[0], store, Sealer(instance_secret(config)), clock, fake)


@pytest.fixture
async def panel(
    tmp_path: Path, nursery: trio.Nursery, fake: FakeAllegro, app: AllegroApp
) -> AsyncIterator[Panel]:
    started = await start(tmp_path, nursery, fake, app)
    yield started
    started.store.close()


async def test_an_admin_connects_an_account_by_the_device_flow(panel: Panel) -> None:
    client = await panel.client()
    created = await client.post("/api/allegro/accounts", json={"name": "Sklep Żółw"})
    assert created.status_code == 201, created.text
    body = created.json()
    user_code = body["user_code"]
    assert (
        body["verification_uri_complete"] == f"{panel.fake.url}/skojarz-aplikacje?code={user_code}"
    )
    assert body["interval"] == 5
    assert body["account"]["state"] == "pending"
    account_id = body["account"]["id"]

    # The panel polls at once: too early, Allegro is not asked.
    asked = panel.fake.count("POST", "/auth/oauth/token")
    early = await client.post(f"/api/allegro/accounts/{account_id}/poll")
    assert early.json() == {
        "state": "pending",
        "retry_after": 5,
        "message": "Za wcześnie na kolejne sprawdzenie: spróbuj za 5 s.",
    }
    assert panel.fake.count("POST", "/auth/oauth/token") == asked

    panel.wait(5)
    waiting = (await client.post(f"/api/allegro/accounts/{account_id}/poll")).json()
    assert waiting["state"] == "pending"
    assert user_code in waiting["message"]

    panel.fake.approve(user_code, SELLER)
    panel.wait(5)
    done = await client.post(f"/api/allegro/accounts/{account_id}/poll")
    assert done.status_code == 200
    assert done.json()["state"] == "connected"
    assert done.json()["message"] == f"Konto Allegro „{SELLER}” jest połączone."
    account = done.json()["account"]
    assert (account["login"], account["seller_id"], account["user_code"]) == (
        SELLER,
        "43216789",
        None,
    )

    listed = (await client.get("/api/allegro/accounts")).json()["accounts"]
    assert [a["state"] for a in listed] == ["connected"]
    tokens = panel.store.read_sync(accounts.load_tokens, panel.sealer, account_id)
    assert tokens is not None
    everything = created.text + early.text + done.text + str(listed)
    assert tokens.access_token not in everything and tokens.refresh_token not in everything
    assert panel.fake.oauth.seller_of(tokens.access_token) == SELLER

    entries = panel.store.read_sync(audit.recent)
    assert ("operator:szef", "allegro.connect_started", f"allegro_accounts:{account_id}") in [
        (e.actor, e.action, e.target) for e in entries
    ]
    await client.aclose()


async def test_a_refusal_and_an_expired_code_end_the_flow(panel: Panel) -> None:
    client = await panel.client()
    first = (await client.post("/api/allegro/accounts", json={"name": "A"})).json()
    panel.fake.deny(first["user_code"])
    panel.wait(5)
    denied = (await client.post(f"/api/allegro/accounts/{first['account']['id']}/poll")).json()
    assert denied["state"] == "denied"
    assert denied["message"].startswith("Sprzedawca odmówił dostępu w Allegro.")
    assert denied["account"]["last_error"] == denied["message"]

    second = (await client.post("/api/allegro/accounts", json={"name": "B"})).json()
    panel.wait(3600)
    expired = (await client.post(f"/api/allegro/accounts/{second['account']['id']}/poll")).json()
    assert expired["state"] == "expired"
    assert (
        expired["message"]
        == "Kod potwierdzenia wygasł lub został już użyty. Połącz konto ponownie."
    )

    again = await client.post(f"/api/allegro/accounts/{second['account']['id']}/connect")
    assert again.status_code == 200 and again.json()["account"]["state"] == "pending"
    await client.aclose()


async def test_slow_down_lengthens_the_interval(panel: Panel) -> None:
    client = await panel.client()
    created = (await client.post("/api/allegro/accounts", json={"name": "A"})).json()
    account_id = created["account"]["id"]
    panel.wait(5)
    await client.post(f"/api/allegro/accounts/{account_id}/poll")
    panel.clock.offset += timedelta(seconds=5)  # Kolektor's interval passed, Allegro's did not
    slowed = (await client.post(f"/api/allegro/accounts/{account_id}/poll")).json()
    assert (slowed["state"], slowed["retry_after"]) == ("pending", 10)
    assert slowed["message"] == "Allegro prosi o rzadsze sprawdzanie: następne za 10 s."
    await client.aclose()


async def test_disconnecting_forgets_the_tokens(panel: Panel) -> None:
    client = await panel.client()
    created = (await client.post("/api/allegro/accounts", json={"name": "A"})).json()
    account_id = created["account"]["id"]
    assert (await client.delete(f"/api/allegro/accounts/{account_id}")).status_code == 204
    listed = (await client.get("/api/allegro/accounts")).json()["accounts"]
    assert [(a["id"], a["state"], a["user_code"]) for a in listed] == [
        (account_id, "disconnected", None)
    ]
    assert (await client.delete("/api/allegro/accounts/999")).status_code == 404
    await client.aclose()


async def test_bad_bodies_and_other_roles_are_refused(panel: Panel) -> None:
    admin = await panel.client()
    for body, field in [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "A", "x": 1}, "x"),
        ({"name": "A", "environment": "production"}, "environment"),
    ]:
        answer = await admin.post("/api/allegro/accounts", json=body)
        assert (answer.status_code, answer.json()["field"]) == (400, field)
    office = await panel.client("biuro", "biuro-demo")
    assert (await office.get("/api/allegro/accounts")).status_code == 403
    assert (await office.post("/api/allegro/accounts", json={"name": "A"})).status_code == 403
    async with httpx.AsyncClient(base_url=panel.url) as anonymous:
        assert (await anonymous.get("/api/allegro/accounts")).status_code == 401
    await admin.aclose()
    await office.aclose()


async def test_allegro_failures_answer_in_polish_with_retryable(panel: Panel) -> None:
    client = await panel.client()
    panel.fake.fail_next("POST", "/auth/oauth/device", 503)
    down = await client.post("/api/allegro/accounts", json={"name": "A"})
    assert down.status_code == 502
    assert (down.json()["error"], down.json()["retryable"]) == ("allegro_error", True)
    panel.fake.fail_next("POST", "/auth/oauth/device", 429)
    limited = await client.post("/api/allegro/accounts", json={"name": "A"})
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    assert limited.json()["message"].startswith("Allegro chwilowo blokuje zapytania")
    assert (await client.get("/api/allegro/accounts")).json()["accounts"] == []
    await client.aclose()


async def test_without_an_allegro_application_the_routes_say_so(
    tmp_path: Path, nursery: trio.Nursery, fake: FakeAllegro
) -> None:
    panel = await start(tmp_path, nursery, fake, None)
    client = await panel.client()
    answer = await client.post("/api/allegro/accounts", json={"name": "A"})
    assert answer.status_code == 409
    assert answer.json()["error"] == "allegro_not_configured"
    assert "[allegro]" in answer.json()["message"]
    await client.aclose()
    panel.store.close()
