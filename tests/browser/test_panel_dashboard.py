"""The office dashboard (/panel) on Debian's Chromium against a real ``kolektor serve`` on
the demo: the counts and the health box, the dashboard following a scanner live (driven over
the real WebSocket protocol: a picker claims and scans, a packer packs, the finalization
finishes the order), and an order that stops at realization for want of stock appearing
live with its reason, then moved on with one click on "Ponów".

The server is the module's own: its document rules are set to finish an order without the
steps nothing is set up for here (label, printing, e-mail, Allegro), and the tests change
its Subiekt's stock.  Every page is watched for JavaScript errors and CSP violations.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio

from kolektor.config import load_config
from kolektor.demo.generator import DemoSummary, create_subiekt_database
from kolektor.server.events import MAX_STREAMS
from kolektor.store.engine import Store
from tests.browser.conftest import (
    PANEL_DESKTOP,
    PANEL_TABLET_PORTRAIT,
    KolektorServer,
    panel_context,
    running_server,
    screenshot,
)

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect
from trio_websocket import open_websocket_url

from tests.browser.test_scanner_app import Step, plan
from tests.finalize.conftest import pack
from tests.scanner.conftest import Device

DESKTOP = PANEL_DESKTOP
TABLET_PORTRAIT = PANEL_TABLET_PORTRAIT
DEMO_ORDERS = 72
NOW = "2026-12-07T10:00:00+01:00"


@dataclass
class Site:
    server: KolektorServer
    folder: Path
    demo: DemoSummary

    @property
    def subiekt(self) -> Path:
        return self.folder / "subiekt-demo.db"

    def store(self) -> Store:
        """The server's own store (SQLite), opened by the test as a second process would."""
        return Store.open(load_config(self.folder / "kolektor.toml").store_url)


class Admin:
    """The office API as ``szef`` (session cookie + CSRF token)."""

    def __init__(self, server: KolektorServer) -> None:
        self.http = httpx.Client(base_url=server.base_url, timeout=15.0)
        response = self.http.post("/api/session", json={"login": "szef", "password": "szef-demo"})
        response.raise_for_status()
        self.http.headers["X-CSRF-Token"] = response.json()["csrf_token"]

    def get(self, path: str, **params: Any) -> Any:
        response = self.http.get(path, params=params)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def site(browser_requirements: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A server of its own, whose rules finish an order with its document alone."""
    probe = Path(tempfile.mkdtemp()) / "probe.db"
    demo = create_subiekt_database(probe, orders=DEMO_ORDERS)  # the same data as the server's
    folder = tmp_path_factory.mktemp("dashboard-demo")
    with running_server(folder, open_orders=DEMO_ORDERS) as server:
        admin = Admin(server)
        rules = admin.get("/api/rules")["rules"]
        for rule in rules:
            rule["then"].update(print=False, email=False, label=False, allegro=False)
        saved = admin.http.put("/api/rules", json=rules)
        assert saved.status_code == 200, saved.text
        admin.http.close()
        yield Site(server, folder, demo)


@pytest.fixture
def panel(browser: Any, site: Site) -> Iterator[Any]:
    """A desktop browser context; fails the test on any JavaScript error or CSP violation."""
    with panel_context(browser, site.server.base_url, timeout=15_000) as context:
        yield context


def open_dashboard(context: Any, login: str = "biuro", password: str = "biuro-demo") -> Page:
    """Log in through the panel's form on /panel and wait for the live dashboard."""
    page: Page = context.new_page()
    response = page.goto("/panel")
    assert response is not None and response.status == 401
    page.get_by_label("Login").fill(login)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    expect(page.locator("#live")).to_have_text("Na żywo")
    page.evaluate("() => { window.kolektorNotReloaded = true; }")
    return page


def not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("() => window.kolektorNotReloaded === true"))


def tile(page: Page, key: str) -> Any:
    return page.locator(f'a[data-tile="{key}"] .count')


def needs_row(page: Page, order_id: int) -> Any:
    return page.locator(f'#needs tbody tr[data-order="{order_id}"]')


def picking_row(page: Page, order_id: int) -> Any:
    return page.locator(f'#picking tbody tr[data-order="{order_id}"]')


def run_scanner(
    site: Site, device_id: str, badge: str, work: Callable[[Device], Awaitable[Any]]
) -> Any:
    """Log a handheld in over the scanner protocol (a real WebSocket) and let it ``work``;
    in a thread of its own, while the browser shows the dashboard."""
    found: list[Any] = []

    async def session() -> None:
        url = site.server.base_url.replace("http://", "ws://") + "/scanner/ws"
        async with open_websocket_url(url) as socket:
            device = Device(socket, device_id)
            await device.login(badge)
            found.append(await work(device))

    failures: list[BaseException] = []

    def run() -> None:
        try:
            trio.run(session)
        except BaseException as error:  # reported in the test's thread
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the scanner session hung"
    if failures:
        raise failures[0]
    return found[0]


def zk_status(site: Site, zk_id: int) -> int:
    with sqlite3.connect(site.subiekt) as connection:
        (status,) = connection.execute(
            "SELECT dok_Status FROM dok__Dokument WHERE dok_Id = ?", (zk_id,)
        ).fetchone()
    return int(status)


def easy_order(site: Site, admin: Admin) -> tuple[dict[str, Any], list[Step]]:
    """A new order its own reservation covers (packing's stock check passes), easy to pick
    by scanning."""
    for summary in admin.get("/api/orders", status="new", limit=500)["orders"]:
        if summary["subiekt_id"] == site.demo.examples.zk_shortage:
            continue
        order = admin.get(f"/api/orders/{summary['id']}")["order"]
        steps = plan(order)
        if steps is not None and len(steps) <= 6 and zk_status(site, order["subiekt_id"]) == 7:
            return order, steps
    pytest.fail("no demo order to pick by scanning")


def test_the_dashboard_counts_the_orders_and_shows_the_health(panel: Any, site: Site) -> None:
    admin = Admin(site.server)
    counts = admin.get("/api/dashboard")["counts"]
    page = open_dashboard(panel)
    expect(tile(page, "new")).to_have_text(str(counts["new"]))
    expect(tile(page, "attention")).to_have_text(str(counts["attention"]))
    expect(page.locator('a[data-tile="new"]')).to_have_attribute("href", "/panel/orders?status=new")
    expect(page.locator('a[data-tile="done_today"]')).to_contain_text("Zakończone dziś")
    health = page.locator("#health")
    expect(health.locator('dd[data-fact="subiekt"]')).to_have_text("osiągalny")
    expect(health.locator('dd[data-fact="store"]')).to_have_text("działa")
    expect(health.locator('[data-service="intake"]')).to_have_text(
        "Odczyt zamówień z Subiekta: działa"
    )
    expect(health.locator('[data-service="pipeline"]')).to_have_text("Finalizacja zamówień: działa")
    expect(page.locator("#picking-empty")).to_have_text("Nikt teraz nie kompletuje.")
    expect(page.get_by_role("heading", name="Wymaga działania")).to_be_visible()
    # The alert sound is off until switched on, and stays on in this browser.
    page.get_by_role("button", name="Włącz dźwięk alertów").click()
    expect(page.get_by_role("button", name="Wyłącz dźwięk alertów")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Wyłącz dźwięk alertów")).to_be_visible()
    page.get_by_role("button", name="Wyłącz dźwięk alertów").click()
    expect(page.get_by_role("button", name="Włącz dźwięk alertów")).to_be_visible()
    admin.http.close()


def test_the_dashboard_follows_a_scanner_live(panel: Any, site: Site) -> None:
    """A picker claims an order and scans on a handheld, a packer packs it, the server
    finalizes it: the page follows each step without being reloaded."""
    admin = Admin(site.server)
    order, steps = easy_order(site, admin)
    before = admin.get("/api/dashboard")
    page = open_dashboard(panel)
    expect(tile(page, "done_today")).to_have_text(str(before["done_today"]))

    async def claim_and_scan_one(device: Device) -> None:
        claimed = await device.request("claim", order_id=order["id"])
        assert claimed["type"] == "order", claimed
        reply = await device.request("scan", order_id=order["id"], scan_id="d0",
                                     code=steps[0].code, scanned_at=NOW)  # fmt: skip
        assert reply["verdict"]["ok"], reply

    run_scanner(site, "tc52-pulpit", "OP-0001", claim_and_scan_one)
    row = picking_row(page, order["id"])
    expect(row).to_contain_text("Anna Kowalska")
    expect(row).to_contain_text(order["number"])
    expect(row).to_contain_text("tc52-pulpit")
    expect(row).to_contain_text("W kompletacji")
    expect(tile(page, "picking")).to_have_text(str(before["counts"]["picking"] + 1))

    async def scan_the_rest(device: Device) -> None:
        await device.request("claim", order_id=order["id"])
        for index, step in enumerate(steps[1:], start=1):
            reply = await device.request("scan", order_id=order["id"], scan_id=f"d{index}",
                                         code=step.code, scanned_at=NOW)  # fmt: skip
            assert reply["verdict"]["ok"], reply

    run_scanner(site, "tc52-pulpit", "OP-0001", scan_the_rest)
    expect(row).to_contain_text("Zebrane")

    async def pack_it(device: Device) -> None:
        packed = await device.request("pack", order_id=order["id"], request_id="pulpit-1",
                                      packages=[{"weight_kg": "1.2"}])  # fmt: skip
        assert packed["type"] == "packed", packed

    run_scanner(site, "pack-pulpit", "OP-0002", pack_it)
    expect(row).to_have_count(0)
    expect(tile(page, "done_today")).to_have_text(str(before["done_today"] + 1), timeout=60_000)
    assert not_reloaded(page)
    admin.http.close()


def test_an_order_stopped_at_realization_appears_live_and_one_click_moves_it_on(
    panel: Any, site: Site
) -> None:
    """The ZK needs more than Subiekt has: realization fails, the order waits for the office
    (attention) and appears on the open dashboard with the reason; once the stock is there
    the office clicks "Ponów" and the order goes on to done."""
    page = open_dashboard(panel)
    page.get_by_role("button", name="Włącz dźwięk alertów").click()  # the tone plays too
    store = site.store()
    try:
        order_id = pack(store, site.demo.examples.zk_shortage)  # packed as the station would
    finally:
        store.close()
    row = needs_row(page, order_id)
    expect(row).to_be_visible(timeout=60_000)
    expect(row).to_contain_text("Wymaga uwagi")
    expect(row).to_contain_text("Brak towaru do realizacji")
    expect(row).to_contain_text("Krok „Realizacja w Subiekcie”: błąd")
    expect(page.locator("#notices")).to_contain_text("czeka na decyzję (Wymaga uwagi)")
    expect(page.locator('a[data-tile="attention"]')).to_have_class(re.compile(r"\balert\b"))
    assert re.match(r"\(\d+\) Pulpit", page.title())
    expect(row.get_by_role("button", name=re.compile("^Pomiń krok"))).to_be_visible()
    screenshot(page, "panel-dashboard.png")

    with sqlite3.connect(site.subiekt) as connection:  # the goods arrived
        connection.execute("UPDATE tw_Stan SET st_Stan = st_Stan + 10000")
    row.get_by_role("button", name=re.compile("^Ponów krok")).click()
    expect(page.locator("#notices")).to_contain_text("Ponowiono krok: Realizacja w Subiekcie")
    expect(row).to_have_count(0, timeout=60_000)
    order = Admin(site.server).get(f"/api/orders/{order_id}")["order"]
    assert order["status"] == "done"
    assert not_reloaded(page)


def products_of(order: dict[str, Any]) -> set[int]:
    return {line["product_id"] for line in order["lines"] if line["product_id"] is not None}


def test_a_supervisor_retries_and_sends_back_but_does_not_skip(panel: Any, site: Site) -> None:
    """Skipping a step (e.g. realization) is the office's decision: a supervisor's rows have
    "Ponów" but no "Pomiń krok".  An order put aside (``problem``) goes back to picking with
    one click."""
    admin = Admin(site.server)
    easy, _ = easy_order(site, admin)
    shortage = admin.get("/api/orders", status="new", limit=500)["orders"]
    taken = products_of(easy)
    stuck = put_aside = None
    for summary in shortage:
        if summary["id"] == easy["id"] or summary["subiekt_id"] == site.demo.examples.zk_shortage:
            continue
        order = admin.get(f"/api/orders/{summary['id']}")["order"]
        goods = products_of(order)
        if (
            stuck is None
            and zk_status(site, order["subiekt_id"]) != 7
            and goods
            and not goods & taken
        ):
            stuck = order
            continue
        if put_aside is None:
            put_aside = order
        if stuck and put_aside:
            break
    assert stuck is not None and put_aside is not None
    held = admin.http.post(f"/api/orders/{put_aside['id']}/hold")
    assert held.status_code == 200, held.text
    with sqlite3.connect(site.subiekt) as connection:  # nothing left of its goods
        saved = connection.execute(
            f"SELECT st_TowId, st_MagId, st_Stan, st_StanRez FROM tw_Stan WHERE st_TowId IN "
            f"({','.join('?' * len(products_of(stuck)))})", sorted(products_of(stuck)),
        ).fetchall()  # fmt: skip
        connection.execute(
            f"UPDATE tw_Stan SET st_Stan = 0, st_StanRez = 0 WHERE st_TowId IN "
            f"({','.join('?' * len(products_of(stuck)))})", sorted(products_of(stuck)),
        )  # fmt: skip
    try:
        store = site.store()
        try:
            pack(store, stuck["subiekt_id"])
        finally:
            store.close()
        page = open_dashboard(panel, "kierownik", "kierownik-demo")
        row = needs_row(page, stuck["id"])
        expect(row).to_contain_text("Wymaga uwagi", timeout=60_000)
        expect(row.get_by_role("button", name=re.compile("^Ponów krok"))).to_be_visible()
        expect(row.get_by_role("button", name=re.compile("^Pomiń krok"))).to_have_count(0)

        aside = needs_row(page, put_aside["id"])
        expect(aside).to_contain_text("Problem")
        aside.get_by_role(
            "button", name=f"Odeślij zamówienie {put_aside['number']} do kompletacji"
        ).click()
        expect(page.locator("#notices")).to_contain_text(
            f"Zamówienie {put_aside['number']} wróciło do kompletacji."
        )
        expect(aside).to_have_count(0)
        assert admin.get(f"/api/orders/{put_aside['id']}")["order"]["status"] == "new"
    finally:
        with sqlite3.connect(site.subiekt) as connection:
            connection.executemany(
                "UPDATE tw_Stan SET st_Stan = ?, st_StanRez = ? "
                "WHERE st_TowId = ? AND st_MagId = ?",
                [(stan, rez, product, warehouse) for product, warehouse, stan, rez in saved],
            )
        admin.http.close()


def test_the_dashboard_on_a_tablet_in_portrait(panel: Any, site: Site) -> None:
    page = open_dashboard(panel)
    page.set_viewport_size(TABLET_PORTRAIT)
    expect(page.locator("#tiles")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= TABLET_PORTRAIT["width"], width  # nothing wider than the screen
    health = page.locator(".dashboard-health").bounding_box()
    picking = page.locator(".dashboard-picking").bounding_box()
    assert health is not None and picking is not None
    assert health["y"] > picking["y"]  # one column: the health box below who picks what
    assert health["width"] == picking["width"]


def test_when_every_live_stream_is_taken_the_page_reads_the_state_and_tries_again(
    panel: Any, site: Site
) -> None:
    """The browser gives up on a stream the server refused (here: all 50 taken); the page
    shows the state read once, says the live view is lost, and connects again by itself as
    soon as a stream is free."""
    taken = httpx.Client(base_url=site.server.base_url, timeout=15.0,
                         limits=httpx.Limits(max_connections=MAX_STREAMS + 5))  # fmt: skip
    login = taken.post("/api/session", json={"login": "kierownik", "password": "kierownik-demo"})
    assert login.status_code == 200, login.text
    streams = []
    try:
        for _ in range(MAX_STREAMS):
            request = taken.build_request("GET", "/api/events",
                                          headers={"Accept": "text/event-stream"})  # fmt: skip
            response = taken.send(request, stream=True)
            assert response.status_code == 200
            lines = response.iter_lines()
            while not next(lines).startswith("event: dashboard"):
                pass
            streams.append((response, lines))
        page: Page = panel.new_page()
        page.goto("/panel")
        page.get_by_label("Login").fill("biuro")
        page.get_by_label("Hasło").fill("biuro-demo")
        page.get_by_role("button", name="Zaloguj").click()
        expected = Admin(site.server).get("/api/dashboard")["counts"]["new"]
        expect(tile(page, "new")).to_have_text(str(expected))  # read once instead
        expect(page.locator("#live")).to_have_text(
            "Utracono połączenie na żywo — łączenie ponownie…"
        )
    finally:
        for response, _ in streams:
            response.close()
        taken.close()
    expect(page.locator("#live")).to_have_text("Na żywo", timeout=20_000)
