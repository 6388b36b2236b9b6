"""A real Kolektor server on loopback with the demo data and the demo operators, and an
office client that logs in like the panel does (session cookie + CSRF token)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio

from kolektor.auth.keys import badge_key
from kolektor.config import Config, ServerSettings, load_config, render_config
from kolektor.demo.generator import DemoSummary
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, DEMO_OPERATORS, odbc_connection_string
from kolektor.server.serve import run_server
from kolektor.store import operators
from kolektor.store.engine import Store

EXTRA_OPERATORS = (
    # A picker who also has a password: office logins must refuse the role, not the secret.
    {"login": "pawel", "name": "Paweł Nowak", "role": "picker", "password": "pawel-demo"},
)


def demo_config(folder: Path, subiekt: Path, *, extra: str = "", poll: float = 0.2) -> Config:
    path = folder / "kolektor.toml"
    path.write_text(
        render_config(
            connection_string=odbc_connection_string(subiekt),
            extra=DEMO_EXTERNAL_ID_RULES + extra,
        ),
        encoding="utf-8",
    )
    config = load_config(path)
    # Any free port, and a quick intake, for the test only.
    return replace(
        config,
        server=ServerSettings(host="127.0.0.1", port=0),
        subiekt=replace(config.subiekt, poll_interval=poll),
    )


def add_demo_operators(config: Config, store: Store) -> None:
    key = badge_key(config)
    for op in DEMO_OPERATORS:
        store.run_sync(
            operators.create_operator, login=op.login, name=op.name, role=op.role,
            password=op.password, pin=op.pin, badge_code=op.badge_code, badge_key=key,
        )  # fmt: skip
    for extra in EXTRA_OPERATORS:
        store.run_sync(operators.create_operator, **extra)  # type: ignore[arg-type]


@dataclass
class Office:
    """The server's base URL, its configuration and store."""

    url: str
    config: Config
    store: Store

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=30, **kwargs)

    async def login(self, client: httpx.AsyncClient, login: str, password: str) -> str:
        """Log ``client`` in; returns the CSRF token and sets it as a default header."""
        response = await client.post("/api/session", json={"login": login, "password": password})
        assert response.status_code == 200, response.text
        token: str = response.json()["csrf_token"]
        client.headers["X-CSRF-Token"] = token
        return token


@pytest.fixture
async def office(
    subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> AsyncIterator[Office]:
    config = demo_config(tmp_path, subiekt_db.path)
    store = Store.open(config.store_url)
    store.upgrade()
    add_demo_operators(config, store)
    binds = await nursery.start(
        lambda task_status: run_server(config, store=store, task_status=task_status)
    )
    yield Office(binds[0], config, store)
    nursery.cancel_scope.cancel()


async def wait_for_intake(office: Office, expected: int = 1) -> None:
    """Until the server's intake has imported at least ``expected`` orders."""
    from kolektor.store import orders

    with trio.fail_after(30):
        while len(office.store.read_sync(orders.intake_index)) < expected:  # noqa: ASYNC110
            await trio.sleep(0.05)  # the server's intake task fills the store
