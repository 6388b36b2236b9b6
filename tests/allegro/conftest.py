"""A fake Allegro on loopback (every answer checked against the official OpenAPI file), the
application pointing at it, and seller accounts connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import trio

from kolektor.allegro import AllegroApp
from kolektor.allegro.client import AllegroClients
from kolektor.auth.sealed import Sealer
from kolektor.fakes.allegro import FakeAllegro
from kolektor.store import allegro_accounts as accounts
from kolektor.store.engine import Store
from kolektor.store.tables import utcnow

CLIENT_ID = "kolektor-test-client"
CLIENT_SECRET = "sekret-aplikacji-123"
SELLER = "sklep_zolw"
SECRET = b"s" * 32


@pytest.fixture
async def fake(nursery: trio.Nursery) -> AsyncIterator[FakeAllegro]:
    """The fake with the shop's application and one seller; fails the test if the fake ever
    answered something the spec does not allow."""
    allegro = FakeAllegro()
    await allegro.start(nursery)
    allegro.add_app(CLIENT_ID, CLIENT_SECRET)
    allegro.add_seller(SELLER, "43216789")
    yield allegro
    assert allegro.violations == [], "the fake answered against the spec"


@pytest.fixture
def app(fake: FakeAllegro) -> AllegroApp:
    return AllegroApp(
        CLIENT_ID,
        CLIENT_SECRET,
        "sandbox",
        api_url=fake.url,
        auth_url=fake.url,
        info_url="https://sklep.example/kolektor",
    )


@pytest.fixture
def sealer() -> Sealer:
    return Sealer(SECRET)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path / 'kolektor.db'}")
    store.upgrade()
    yield store
    store.close()


def connect(
    store: Store,
    sealer: Sealer,
    fake: FakeAllegro,
    *,
    seller: str = SELLER,
    expires_in: timedelta = timedelta(hours=12),
) -> tuple[int, str, str]:
    """An account connected as the end of a device flow leaves it: (id, access, refresh)."""
    now = utcnow()
    account_id = store.run_sync(
        accounts.create_pending,
        sealer,
        name="Sklep Żółw",
        environment="sandbox",
        device_code="dc",
        user_code="abc",
        verification_uri="https://x/?code=abc",
        expires_at=now + timedelta(hours=1),
        interval=5,
    )
    access, refresh = fake.oauth.issue(CLIENT_ID, seller)
    store.run_sync(
        accounts.mark_connected,
        sealer,
        account_id,
        access=access,
        refresh=refresh,
        expires_at=now + expires_in,
        scope=None,
        login=seller,
        seller_id="43216789",
    )
    return account_id, access, refresh


@dataclass
class Allegro:
    fake: FakeAllegro
    app: AllegroApp
    store: Store
    sealer: Sealer
    clients: AllegroClients
    account_id: int

    def other_process(self, timeout: float = 5.0) -> AllegroClients:
        """The same store and app as another Kolektor process sees them (its own locks)."""
        return AllegroClients(
            self.app,
            self.store,
            self.sealer,
            http=httpx.AsyncClient(timeout=httpx.Timeout(timeout)),
            settle=2.0,
        )


@pytest.fixture
async def allegro(
    fake: FakeAllegro, app: AllegroApp, sqlite_store: Store, sealer: Sealer
) -> AsyncIterator[Allegro]:
    """One connected account and the clients of this process."""
    account_id, _, _ = connect(sqlite_store, sealer, fake)
    clients = AllegroClients(
        app,
        sqlite_store,
        sealer,
        http=httpx.AsyncClient(timeout=httpx.Timeout(5.0)),
        settle=2.0,
    )
    yield Allegro(fake, app, sqlite_store, sealer, clients, account_id)
    await clients.aclose()
