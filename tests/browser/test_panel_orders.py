"""The orders list and the order page of the office panel on Debian's Chromium, against a
real ``kolektor serve`` on the demo: filtering, searching and paging through the list with
the filters in the address (Back returns to the previous ones); opening an order, seeing
who picked what (a picker scans over the real WebSocket protocol), holding it with a reason
and sending it back; a packed order's steps, parcel, document and a supervisor's retry; the
order page on a 10" tablet in portrait.

The server is the module's own (its orders are held, packed and sent back here).  Every
page is watched for JavaScript errors and CSP violations.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio

from kolektor.config import load_config
from kolektor.store import orders as order_store
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from tests.browser.conftest import (
    PANEL_DESKTOP,
    PANEL_TABLET_PORTRAIT,
    KolektorServer,
    running_server,
    screenshot,
    watch_context,
)

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect
from trio_websocket import open_websocket_url

from tests.browser.test_scanner_app import plan
from tests.finalize.conftest import pack
from tests.scanner.conftest import Device

DESKTOP = PANEL_DESKTOP
TABLET_PORTRAIT = PANEL_TABLET_PORTRAIT
PASSWORDS = {"szef": "szef-demo", "biuro": "biuro-demo", "kierownik": "kierownik-demo"}
NOW = "2026-12-07T10:00:00+01:00"


class Site:
    """The module's server, its folder and an office API client (``szef``)."""

    def __init__(self, server: KolektorServer, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.http = httpx.Client(base_url=server.base_url, timeout=15.0)
        response = self.http.post("/api/session", json={"login": "szef", "password": "szef-demo"})
        response.raise_for_status()
        self.http.headers["X-CSRF-Token"] = response.json()["csrf_token"]

    def get(self, path: str, **params: Any) -> Any:
        response = self.http.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def store(self) -> Store:
        """The server's store (SQLite), opened by the test as a second process would."""
        return Store.open(load_config(self.folder / "kolektor.toml").store_url)

    def new_orders(self) -> list[dict[str, Any]]:
        return self.get("/api/orders", status="new", limit=500)["orders"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def site(browser_requirements: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("orders-demo")
    with running_server(folder) as server:
        opened = Site(server, folder)
        yield opened
        opened.http.close()


class Panel:
    """Browser contexts logged in through the panel's form; fails the test on any
    JavaScript error or CSP violation."""

    def __init__(self, browser: Any, site: Site) -> None:
        self.browser = browser
        self.site = site
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []
        self.csp: list[str] = []

    def open(self, path: str, login: str = "biuro", viewport: ViewportSize = DESKTOP) -> Page:
        context = self.browser.new_context(
            viewport=viewport, locale="pl-PL", timezone_id="Europe/Warsaw",
            base_url=self.site.server.base_url,
        )  # fmt: skip
        context.set_default_timeout(15_000)
        watch_context(context, self.errors, self.csp)
        self.contexts.append(context)
        page: Page = context.new_page()
        response = page.goto(path)
        assert response is not None and response.status == 401  # the login form first
        page.get_by_label("Login").fill(login)
        page.get_by_label("Hasło").fill(PASSWORDS[login])
        page.get_by_role("button", name="Zaloguj").click()
        expect(page.locator("body")).to_have_attribute("data-page", re.compile(r"^orders?$"))
        page.wait_for_load_state("load")  # the page's script has run before a test types
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        assert not self.errors, f"JavaScript errors on the page: {self.errors}"
        assert not self.csp, f"Content-Security-Policy violations: {self.csp}"


@pytest.fixture
def panel(browser: Any, site: Site) -> Iterator[Panel]:
    opened = Panel(browser, site)
    yield opened
    opened.close()


def rows(page: Page) -> Any:
    return page.locator("#orders tbody tr")


def run_scanner(site: Site, device_id: str, badge: str,
                work: Callable[[Device], Awaitable[Any]]) -> Any:  # fmt: skip
    """A handheld logged in over the scanner protocol (a real WebSocket) doing ``work``, in a
    thread of its own while the browser waits."""
    found: list[Any] = []
    failures: list[BaseException] = []

    async def session() -> None:
        url = site.server.base_url.replace("http://", "ws://") + "/scanner/ws"
        async with open_websocket_url(url) as socket:
            device = Device(socket, device_id)
            await device.login(badge)
            found.append(await work(device))

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


# -- the list --------------------------------------------------------------------------------


def test_filter_search_and_page_through_the_orders(panel: Panel, site: Site) -> None:
    everything = site.get("/api/orders", limit=1000)["orders"]
    total = len(everything)
    assert total > 50
    page = panel.open("/panel/orders")
    expect(page.get_by_role("heading", name="Zamówienia", level=1)).to_be_visible()
    expect(rows(page)).to_have_count(50)
    expect(page.locator("#summary")).to_have_text("Pokazano 50 zamówień — są kolejne.")
    # Newest first: the first row is the latest ZK.
    newest = max(everything, key=lambda o: (o["issued_at"], o["id"]))
    expect(rows(page).first.get_by_role("link")).to_have_text(newest["number"])
    expect(page.get_by_label(re.compile(r"^Nowe \(\d+\)$"))).not_to_be_checked()

    page.get_by_role("button", name="Pokaż więcej").click()
    expect(rows(page)).to_have_count(total)
    few = total % 10 in (2, 3, 4) and total % 100 not in (12, 13, 14)
    expect(page.locator("#summary")).to_have_text(
        f"Pokazano {total} {'zamówienia' if few else 'zamówień'}.")  # fmt: skip
    expect(page.get_by_role("button", name="Pokaż więcej")).to_be_hidden()
    shown = rows(page).evaluate_all("(rows) => rows.map((row) => Number(row.dataset.orderId))")
    assert sorted(shown) == sorted(o["id"] for o in everything)  # each once

    # The search: a ZK number finds that order; the address holds the filters.
    wanted = everything[7]
    page.get_by_label("Szukaj").fill(wanted["number"].lower())
    page.get_by_role("button", name="Pokaż", exact=True).click()
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first.get_by_role("link")).to_have_text(wanted["number"])
    expect(page).to_have_url(re.compile(r"/panel/orders\?q=zk\+"))
    expect(page.locator("#summary")).to_have_text("Pokazano 1 zamówienie.")

    # A state with nothing in it; then Back: the search again, with its result.
    page.get_by_label("Szukaj").fill("")
    page.get_by_label(re.compile(r"^Problem \(\d+\)$")).check()
    page.get_by_label("Kolejność").select_option("urgent")
    page.get_by_role("button", name="Pokaż", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?status=problem&sort=urgent$"))
    expect(page.locator("#summary")).to_have_text("Żadne zamówienie nie pasuje do filtrów.")
    page.go_back()
    expect(page.get_by_label("Szukaj")).to_have_value(wanted["number"].lower())
    expect(page.get_by_label(re.compile(r"^Problem \(\d+\)$"))).not_to_be_checked()
    expect(rows(page)).to_have_count(1)

    # The pickers to filter by, and a link like the dashboard's tiles.
    expect(page.get_by_label("Kompletujący").locator("option")).to_contain_text(
        ["wszyscy", "Anna Kowalska (anna)"])  # fmt: skip
    page.goto("/panel/orders?status=new&source=allegro")
    expect(page.get_by_label(re.compile(r"^Nowe \(\d+\)$"))).to_be_checked()
    expect(page.get_by_label("Źródło")).to_have_value("allegro")
    allegro = [o for o in everything if o["allegro"] and o["status"] == "new"]
    assert allegro
    expect(rows(page)).to_have_count(min(50, len(allegro)))
    expect(rows(page).locator(".tag")).to_have_count(min(50, len(allegro)))
    page.goto("/panel/orders")
    expect(rows(page)).to_have_count(50)
    page.set_viewport_size({"width": 1280, "height": 1000})
    screenshot(page, "panel-orders.png")


# -- the order page: who picked, hold, send back ----------------------------------------------


def test_open_an_order_see_who_picked_hold_it_and_send_it_back(panel: Panel, site: Site) -> None:
    order, steps = None, None
    for summary in site.new_orders():
        candidate = site.get(f"/api/orders/{summary['id']}")["order"]
        steps = plan(candidate)
        if steps is not None and len(steps) >= 3 and candidate["remarks"]:
            order = candidate
            break
    assert order is not None and steps is not None

    async def claim_and_scan_two(device: Device) -> None:
        assert (await device.request("claim", order_id=order["id"]))["type"] == "order"
        for index, step in enumerate(steps[:2]):
            reply = await device.request("scan", order_id=order["id"], scan_id=f"b{index}",
                                         code=step.code, scanned_at=NOW)  # fmt: skip
            assert reply["verdict"]["ok"], reply

    run_scanner(site, "tc52-zamowienia", "OP-0001", claim_and_scan_two)

    page = panel.open(f"/panel/orders?q={order['number']}")
    page.get_by_role("link", name=order["number"]).click()
    expect(page.locator("body")).to_have_attribute("data-page", "order")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zamówienie {order['number']}")
    expect(page.locator("#order-state")).to_have_text("W kompletacji")
    expect(page.get_by_test_id("remarks").first).to_contain_text(order["remarks"])
    scanned_line = page.locator(f"#lines tr[data-line-id='{steps[0].line_id}'] td.pickers")
    expect(scanned_line).to_contain_text("anna: ")
    expect(page.locator("#scans tbody tr")).to_have_count(2)
    expect(page.locator("#scans tbody tr").first).to_contain_text("tc52-zamowienia")
    expect(page.locator("#scans tbody tr").first).to_contain_text(steps[0].code)
    expect(page.locator("#jobs-none")).to_be_visible()
    expect(page.get_by_role("button", name="Odeślij do kompletacji")).to_have_count(0)

    page.get_by_role("button", name="Wstrzymaj").click()
    dialog = page.locator("dialog.reason-dialog")
    expect(dialog.get_by_role("heading")).to_have_text(f"Wstrzymać zamówienie {order['number']}?")
    dialog.get_by_label("Powód (nieobowiązkowy, widoczny w panelu)").fill("Klient zmienia adres")
    dialog.get_by_role("button", name="Wstrzymaj").click()
    expect(dialog).to_have_count(0)
    expect(page.locator("#notices")).to_contain_text(f"Wstrzymano zamówienie {order['number']}.")
    expect(page.locator("#order-state")).to_have_text("Problem")
    reason = "Wstrzymane przez biuro (biuro): Klient zmienia adres"
    expect(page.get_by_test_id("status-reason")).to_have_text(reason)
    expect(page.locator("#audit tbody tr").first).to_contain_text("Wstrzymano")
    expect(page.locator("#audit tbody tr").first).to_contain_text("Klient zmienia adres")
    expect(page.locator("#timeline tbody tr").first).to_contain_text("W kompletacji → Problem")
    assert site.get(f"/api/orders/{order['id']}")["order"]["status_reason"] == reason
    screenshot(page, "panel-order.png")

    # The picker's next scan is refused: the order is no longer being picked.
    async def scan_again(device: Device) -> dict[str, Any]:
        return await device.request("scan", order_id=order["id"], scan_id="b9",
                                    code=steps[2].code, scanned_at=NOW)  # fmt: skip

    refused = run_scanner(site, "tc52-zamowienia", "OP-0001", scan_again)
    assert (refused["type"], refused["code"]) == ("error", "wrong_status")

    page.get_by_role("button", name="Odeślij do kompletacji").click()
    dialog = page.locator("dialog.reason-dialog")
    dialog.get_by_role("button", name="Odeślij do kompletacji").click()
    expect(page.locator("#notices")).to_contain_text(
        f"Odesłano zamówienie {order['number']} do kompletacji.")  # fmt: skip
    expect(page.locator("#order-state")).to_have_text("Nowe")
    expect(page.get_by_role("button", name="Wstrzymaj")).to_be_visible()
    expect(scanned_line).to_contain_text("anna: ")  # still counted
    expect(page.locator("#audit tbody tr")).to_have_count(2)
    # Cancelling the dialog changes nothing.
    page.get_by_role("button", name="Wstrzymaj").click()
    page.locator("dialog.reason-dialog").get_by_role("button", name="Anuluj").click()
    expect(page.locator("#order-state")).to_have_text("Nowe")
    assert site.get(f"/api/orders/{order['id']}")["order"]["status"] == "new"


def test_a_packed_orders_steps_parcel_document_and_a_supervisors_retry(
    panel: Panel, site: Site
) -> None:
    zk_id = next(o["subiekt_id"] for o in site.new_orders() if o["line_count"] >= 2)
    store = site.store()
    try:
        order_id = pack(store, zk_id)
        deadline = time.monotonic() + 60
        while (found := store.read_sync(order_store.get_order, order_id)) is None or (
            found.status not in {OrderStatus.ATTENTION, OrderStatus.DONE}
        ):
            assert time.monotonic() < deadline, "the pipeline did not finalize the order"
            time.sleep(0.2)  # the server's pipeline (another process) finalizes it
    finally:
        store.close()
    order = site.get(f"/api/orders/{order_id}")["order"]
    assert order["status"] == "attention"  # no courier here: the label is not configured
    page = panel.open(f"/panel/orders/{order_id}", login="kierownik")
    expect(page.locator("#order-state")).to_have_text("Wymaga uwagi")
    label_row = page.locator("#jobs tr[data-step='label']")
    expect(label_row).to_contain_text("Etykieta")
    expect(label_row).to_contain_text("nieskonfigurowane")
    expect(page.locator("#jobs tr[data-step='realize']")).to_contain_text("wykonano")
    expect(page.locator("#packages tbody tr")).to_have_count(1)
    expect(page.locator("#packages tbody tr")).to_contain_text("1,5")
    document = site.get(f"/api/orders/{order_id}/documents")["documents"][0]
    link = page.get_by_test_id("open-pdf").first
    expect(link).to_have_text(f"Otwórz {document['filename']} (PDF, nowa karta)")
    assert link.get_attribute("href") == f"/api/orders/{order_id}/document"
    assert link.get_attribute("target") == "_blank"
    with page.expect_popup() as popup:
        link.click()
    assert popup.value.url.endswith(f"/api/orders/{order_id}/document")
    popup.value.close()
    # A supervisor retries but does not skip (an office decision).
    expect(page.get_by_role("button", name="Pomiń krok")).to_have_count(0)
    page.get_by_role("button", name="Ponów krok").click()
    page.locator("dialog.confirm").get_by_role("button", name="Ponów krok").click()
    expect(page.locator("#notices")).to_contain_text("Ponowiono krok: Etykieta.")
    expect(page.locator("#audit tbody tr").first).to_contain_text("Ponowiono krok")
    expect(label_row).to_contain_text("ponowił(a) kierownik")


def test_the_order_page_on_a_tablet_in_portrait(panel: Panel, site: Site) -> None:
    order = site.new_orders()[0]
    page = panel.open(f"/panel/orders/{order['id']}", viewport=TABLET_PORTRAIT)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zamówienie {order['number']}")
    expect(page.get_by_role("button", name="Wstrzymaj")).to_be_visible()
    # Nothing wider than the screen: tables scroll inside their own boxes.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= TABLET_PORTRAIT["width"]
    actions = page.locator("#actions").bounding_box()
    facts = page.locator("#facts").bounding_box()
    assert actions is not None and facts is not None
    assert actions["y"] > facts["y"]  # the action card goes below the header, not beside it
