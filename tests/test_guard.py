"""In front of the app: requests per address, malformed Host headers, unread bodies."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import trio

from kolektor.demo.generator import DemoSummary
from kolektor.server.guard import RequestRate, host_is_valid
from kolektor.server.serve import run_server
from kolektor.store.engine import Store
from tests.office import Office, demo_config


def test_an_address_may_burst_then_keep_a_rate() -> None:
    now = [0.0]
    rate = RequestRate(10, 20, clock=lambda: now[0])
    assert [rate.take("10.0.0.9") for _ in range(20)] == [0.0] * 20
    assert rate.take("10.0.0.9") == 0.1  # the 21st waits for a token
    assert rate.take("10.0.0.10") == 0.0  # another address has its own
    now[0] += 0.5
    assert [rate.take("10.0.0.9") for _ in range(5)] == [0.0] * 5
    assert rate.take("10.0.0.9") > 0


def test_addresses_are_forgotten_beyond_the_bound() -> None:
    rate = RequestRate(1, 1, max_addresses=2, clock=lambda: 0.0)
    for address in ("a", "b", "c"):
        rate.take(address)
    assert rate.take("a") == 0.0  # forgotten, so a full bucket again
    assert rate.take("c") > 0


def test_host_names() -> None:
    for good in (b"kolektor.sklep.pl", b"127.0.0.1:8080", b"[::1]:8080", b"localhost", None):
        assert host_is_valid(good), good
    for bad in (b"a..b", b".", b"x" * 64, "zażółć".encode(), b"a" * 300):
        assert not host_is_valid(bad), bad


async def test_a_flood_from_one_address_is_refused_at_the_door(
    subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> None:
    # A server allowing 20 requests a second after a burst of 40 ([server] settings): a
    # flood of 500 requests as fast as answered — faster than that even on a busy machine
    # — is refused at the door once the burst is spent.
    config = demo_config(tmp_path, subiekt_db.path)
    config = replace(config, server=replace(config.server, requests_per_second=20.0,
                                            request_burst=40.0))  # fmt: skip
    store = Store.open(config.store_url)
    store.upgrade()
    binds = await nursery.start(
        lambda task_status: run_server(config, store=store, task_status=task_status)
    )
    office = Office(binds[0], config, store)
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    answers: list[httpx.Response] = []
    async with httpx.AsyncClient(base_url=office.url, transport=transport) as flood:

        async def ask() -> None:
            for _ in range(50):
                answers.append(await flood.get("/health"))

        async with trio.open_nursery() as flooding:
            for _ in range(10):
                flooding.start_soon(ask)
    refused = [a for a in answers if a.status_code == 429]
    assert refused, "500 requests at once from one address were all served"
    assert sum(a.status_code == 200 for a in answers) >= 40  # the burst is served
    assert refused[0].json()["error"] == "too_many_requests"
    assert int(refused[0].headers["retry-after"]) >= 1
    # Other addresses — and this machine itself — are served meanwhile.
    other = httpx.AsyncHTTPTransport(local_address="127.0.0.3")
    async with httpx.AsyncClient(base_url=office.url, transport=other) as client:
        assert (await client.get("/health")).status_code == 200
    async with office.client() as client:
        assert (await client.get("/health")).status_code == 200
