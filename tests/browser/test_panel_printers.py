"""Printers and stations (/panel/printers) and the order page's shipment card on Debian's
Chromium, against a real ``kolektor serve`` on the demo and a fake Zebra on loopback: an
admin adds a printer (a bad address refused beside its field), checks it, prints a test
label that arrives at the fake, gives a station its printer and a handheld its station;
a packed order's label, made by the server's own pipeline and printed at the fake, is
shown on the order page with its preview, printed again from there, and cancelled by a
supervisor after a confirmation; the page on a 10" tablet in portrait.

The server is the module's own.  Every page is watched for JavaScript errors and CSP
violations.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio

from kolektor.config import load_config
from kolektor.fakes.zebra import FakeZebra
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.store import operators, orders, picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from tests.browser.conftest import (
    PANEL_DESKTOP,
    PANEL_TABLET_PORTRAIT,
    KolektorServer,
    running_server,
    screenshot,
    watch_context,
)

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import BrowserContext, Page, expect

PASSWORDS = {"szef": "szef-demo", "biuro": "biuro-demo", "kierownik": "kierownik-demo"}


@contextmanager
def zebra_in_thread() -> Iterator[FakeZebra]:
    """A fake Zebra serving on loopback from a thread of its own while the browser works."""
    fake = FakeZebra()
    ready = threading.Event()
    loop: dict[str, Any] = {}

    async def serve() -> None:
        loop["token"] = trio.lowlevel.current_trio_token()
        async with trio.open_nursery() as nursery:
            loop["scope"] = nursery.cancel_scope
            await nursery.start(fake.serve)
            ready.set()

    thread = threading.Thread(target=trio.run, args=(serve,), daemon=True)
    thread.start()
    assert ready.wait(10), "the fake Zebra did not start"
    try:
        yield fake
    finally:
        trio.from_thread.run_sync(loop["scope"].cancel, trio_token=loop["token"])
        thread.join(10)


def labels_arrive(fake: FakeZebra, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(fake.labels) < count:
        assert time.monotonic() < deadline, f"{len(fake.labels)} of {count} labels arrived"
        time.sleep(0.05)


class Site:
    """The module's server, its folder, an admin's API client and a fake Zebra."""

    def __init__(self, server: KolektorServer, folder: Path, zebra: FakeZebra) -> None:
        self.server = server
        self.folder = folder
        self.zebra = zebra
        self.http = httpx.Client(base_url=server.base_url, timeout=15.0)
        response = self.http.post("/api/session", json={"login": "szef", "password": "szef-demo"})
        response.raise_for_status()
        self.http.headers["X-CSRF-Token"] = response.json()["csrf_token"]

    def call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        response = self.http.request(method, path, json=body)
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def store(self) -> Store:
        """The server's store (SQLite), opened by the test as a second process would."""
        return Store.open(load_config(self.folder / "kolektor.toml").store_url)

    def station_with_zebra(self) -> tuple[dict[str, Any], dict[str, Any]]:
        suffix = uuid.uuid4().hex[:4]
        printer = self.call("POST", "/api/printers", {
            "name": f"Zebra {suffix}", "kind": "zebra",
            "address": self.zebra.address})["printer"]  # fmt: skip
        station = self.call("POST", "/api/stations", {
            "name": f"Stół {suffix}", "label_printer_id": printer["id"]})["station"]  # fmt: skip
        return printer, station


@pytest.fixture(scope="module")
def site(browser_requirements: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("printers-demo")
    with running_server(folder) as server, zebra_in_thread() as zebra:
        opened = Site(server, folder, zebra)
        yield opened
        opened.http.close()


class Panel:
    """Browser contexts logged in through the panel's form; fails the test on any JavaScript
    error or CSP violation."""

    def __init__(self, browser: Any, site: Site) -> None:
        self.browser = browser
        self.site = site
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []
        self.csp: list[str] = []

    def open(self, path: str, login: str, viewport: Mapping[str, int] = PANEL_DESKTOP) -> Page:
        context = self.browser.new_context(
            viewport=dict(viewport), locale="pl-PL", timezone_id="Europe/Warsaw",
            base_url=self.site.server.base_url, accept_downloads=True,
        )  # fmt: skip
        context.set_default_timeout(15_000)
        watch_context(context, self.errors, self.csp)
        self.contexts.append(context)
        page: Page = context.new_page()
        page.goto(path)
        page.get_by_label("Login").fill(login)
        page.get_by_label("Hasło").fill(PASSWORDS[login])
        page.get_by_role("button", name="Zaloguj").click()
        expect(page.locator("body")).to_have_attribute(
            "data-page", re.compile(r"^(printers|order|audit)$")
        )
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


def packed_with_label(site: Site, station_id: int) -> int:
    """A new demo order packed (two parcels) as the scanner does at ``station_id``; returns
    once the server's pipeline has printed its labels."""
    order = next(o for o in site.call("GET", "/api/orders?status=new&limit=500")["orders"]
                 if o["line_count"] >= 1)  # fmt: skip
    store = site.store()
    try:
        for status in (OrderStatus.PICKING, OrderStatus.PICKED):
            store.run_sync(orders.change_status, order["id"], status, reason=None, actor="test")
        record = store.read_sync(orders.get_order, order["id"])
        assert record is not None
        operator = store.read_sync(operators.list_operators)[0]
        plan = plan_for(record, store.read_sync(load_rules, "pl"), "pl")
        label = {"carrier": "own", "service": "pickup", "station_id": station_id}
        parcels = (PackageInput(Decimal("2.5")), PackageInput(Decimal("1.2")))
        assert store.run_sync(picking.pack_order, record.id, parcels, operator_id=operator.id,
                              actor="operator:marek", plan={**plan.steps, "label": label},
                              skipped=plan.skipped, summary=plan.summary)  # fmt: skip
    finally:
        store.close()
    deadline = time.monotonic() + 60
    while True:
        shipments = site.call("GET", f"/api/orders/{order['id']}/shipments")["shipments"]
        if shipments and shipments[0]["state"] == "printed":
            return int(order["id"])
        assert time.monotonic() < deadline, f"the label was not printed: {shipments}"
        time.sleep(0.2)  # the server's pipeline (another process) makes and prints it


def printer_row(page: Page, name: str) -> Any:
    return page.locator(f"#printers tbody tr[data-printer='{name}']")


def test_an_admin_adds_a_printer_checks_it_prints_a_test_label_and_sets_up_a_station(
    panel: Panel, site: Site
) -> None:
    zebra = site.zebra
    before = len(zebra.labels)
    page = panel.open("/panel/printers", "szef")
    expect(page.get_by_role("heading", name="Drukarki i stanowiska", level=1)).to_be_visible()

    page.get_by_role("button", name="Dodaj drukarkę").click()
    dialog = page.locator("dialog.form-dialog")
    dialog.get_by_label("Nazwa").fill("Pakowanie 1")
    expect(dialog.get_by_label("Rodzaj")).to_have_value("zebra")
    address = dialog.get_by_label("Adres")
    address.fill("zebra 1")
    dialog.get_by_role("button", name="Dodaj").click()
    expect(address).to_have_attribute("aria-invalid", "true")
    described = (address.get_attribute("aria-describedby") or "").split()
    errors = [dialog.locator(f"#{name}").inner_text() for name in described]
    assert any("„zebra 1” nie jest adresem drukarki" in text for text in errors), errors
    address.fill(zebra.address)
    dialog.get_by_label("Rozdzielczość (dpi)").select_option("203")
    dialog.get_by_role("button", name="Dodaj").click()
    expect(dialog).to_have_count(0)
    row = printer_row(page, "Pakowanie 1")
    expect(row).to_contain_text(zebra.address)
    expect(row).to_contain_text("101,6 × 152,4 mm, 203 dpi")

    row.get_by_role("button", name="Sprawdź drukarkę Pakowanie 1").click()
    status = row.get_by_test_id("printer-status")
    expect(status).to_contain_text("gotowa")
    expect(status).to_contain_text("jest gotowa do druku")
    zebra.state = "paper_out"
    row.get_by_role("button", name="Sprawdź drukarkę Pakowanie 1").click()
    expect(status).to_contain_text("brak etykiet — załóż nową rolkę")
    zebra.state = "ready"

    row.get_by_role("button", name="Wydruk testowy").click()
    expect(page.locator(".notice.success").last).to_have_text(
        re.compile("Wysłano wydruk testowy do drukarki „Pakowanie 1”"))  # fmt: skip
    labels_arrive(zebra, before + 1)
    assert b"Kolektor: wydruk testowy" in zebra.labels[-1].zpl

    page.get_by_role("button", name="Dodaj stanowisko").click()
    dialog = page.locator("dialog.form-dialog")
    dialog.get_by_label("Nazwa").fill("Stół pakowania 1")
    dialog.get_by_label("Drukarka etykiet").select_option(label="Pakowanie 1")
    dialog.get_by_role("button", name="Dodaj").click()
    station = page.locator("#stations tbody tr[data-station='Stół pakowania 1']")
    expect(station).to_contain_text("Pakowanie 1")
    expect(printer_row(page, "Pakowanie 1")).to_contain_text("Stół pakowania 1")

    page.get_by_label("Identyfikator urządzenia").fill("tc52-stol-1")
    page.locator("#assign-station").select_option(label="Stół pakowania 1")
    page.get_by_role("button", name="Przypisz").click()
    expect(page.locator(".notice.success").last).to_contain_text(
        "Urządzenie tc52-stol-1 pakuje teraz przy stanowisku „Stół pakowania 1”.")  # fmt: skip
    device = page.locator("#devices tbody tr[data-device='tc52-stol-1']")
    expect(device.get_by_label("Stanowisko urządzenia tc52-stol-1")).to_have_value(
        str(site.call("GET", "/api/stations")["stations"][-1]["id"]))  # fmt: skip
    expect(station).to_contain_text("tc52-stol-1")
    page.get_by_label("Identyfikator urządzenia").fill("   ")
    page.get_by_role("button", name="Przypisz").click()
    expect(page.get_by_label("Identyfikator urządzenia")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#assign-error")).to_have_text(
        "Wpisz identyfikator urządzenia (widać go w ustawieniach kolektora).")  # fmt: skip
    page.reload()
    page.wait_for_load_state("load")
    printer_row(page, "Pakowanie 1").get_by_role(
        "button", name="Sprawdź drukarkę Pakowanie 1"
    ).click()
    expect(printer_row(page, "Pakowanie 1").get_by_test_id("printer-status")).to_contain_text(
        "gotowa"
    )
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "panel-printers.png")

    # The audit log tells it in words.
    log = panel.open("/panel/audit", "szef")
    expect(log.locator("#audit tbody")).to_contain_text("Dodano drukarkę etykiet „Pakowanie 1”")
    expect(log.locator("#audit tbody")).to_contain_text(
        "Urządzenie tc52-stol-1 pakuje przy stanowisku „Stół pakowania 1”")  # fmt: skip


def test_the_order_page_shows_the_shipment_its_previews_prints_again_and_cancels(
    panel: Panel, site: Site
) -> None:
    printer, station = site.station_with_zebra()
    order_id = packed_with_label(site, station["id"])
    number = site.call("GET", f"/api/orders/{order_id}")["order"]["number"]
    printed = len(site.zebra.labels)

    page = panel.open(f"/panel/orders/{order_id}", "biuro")
    card = page.locator("#shipment-card")
    expect(card.get_by_role("heading", name="Przesyłka")).to_be_visible()
    expect(card).to_contain_text("etykieta Kolektora")
    expect(card).to_contain_text("odbiór osobisty")
    expect(card.get_by_test_id("shipment-state")).to_have_text("etykiety wydrukowane")
    previews = card.get_by_test_id("label-preview")
    expect(previews).to_have_count(2)
    expect(previews.first).to_have_attribute(
        "alt", f"Podgląd etykiety paczki 1 z 2 ({number})")  # fmt: skip
    page.wait_for_function(
        "() => [...document.querySelectorAll('.label-image')]"
        ".every((i) => i.complete && i.naturalWidth === 812)"
    )
    expect(card.get_by_test_id("label-printed").first).to_contain_text(
        "wydrukowana 1 raz, ostatnio")  # fmt: skip
    expect(card.get_by_test_id("label-printed").first).to_contain_text(printer["name"])
    expect(card.get_by_role("button", name="Anuluj przesyłkę")).to_have_count(0)  # office: no

    card.get_by_role("button", name="Drukuj ponownie").click()
    dialog = page.locator("dialog.reprint-dialog")
    expect(dialog.get_by_label("Drukarka")).to_have_value("")  # the station's printer
    dialog.get_by_role("button", name="Drukuj ponownie").click()
    expect(page.locator(".notice.success").last).to_have_text(
        re.compile(f"Wysłano 2 etykiety do drukarki „{printer['name']}”"))  # fmt: skip
    labels_arrive(site.zebra, printed + 2)
    expect(card.get_by_test_id("label-printed").first).to_contain_text("wydrukowana 2 razy")
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(Path(__file__).resolve().parents[2] / "docs" / "screenshots"
                             / "panel-order-shipment.png"))  # fmt: skip

    # The end-of-day list names it, and its PDF is for the carrier and day chosen.
    desk = panel.open("/panel/printers", "biuro")
    desk.get_by_label("Przewoźnik").select_option("own")
    desk.get_by_role("button", name="Pokaż listę").click()
    handed = desk.locator(f"#handover tbody tr[data-order='{number}']")
    expect(handed).to_contain_text("odbiór osobisty")
    expect(handed.locator("td.num")).to_have_text("2")
    pdf_link = desk.get_by_role("link", name="Pobierz protokół (PDF)")
    expect(pdf_link).to_have_attribute(
        "href", re.compile(r"handover\.pdf\?carrier=own&date=[0-9-]{10}$")
    )

    lead = panel.open(f"/panel/orders/{order_id}", "kierownik")
    lead_card = lead.locator("#shipment-card")
    lead_card.get_by_role("button", name="Anuluj przesyłkę").click()
    confirm = lead.locator("dialog.confirm")
    expect(confirm).to_contain_text(
        f"Anulować przesyłkę {number} u przewoźnika (etykieta Kolektora)?"
    )
    confirm.get_by_role("button", name="Anuluj przesyłkę").click()
    expect(lead.locator("#notices")).to_contain_text(
        f"Przesyłka {number} została anulowana.")  # fmt: skip
    expect(lead_card.get_by_test_id("shipment-state")).to_have_text("anulowana")
    expect(lead_card.get_by_role("button", name="Drukuj ponownie")).to_have_count(0)
    lead.reload()  # the order's audit entries name it
    expect(lead.locator("#audit tbody")).to_contain_text("Przesyłka anulowana")


def test_the_printers_page_on_a_tablet_in_portrait(panel: Panel, site: Site) -> None:
    site.station_with_zebra()
    page = panel.open("/panel/printers", "kierownik", viewport=PANEL_TABLET_PORTRAIT)
    expect(page.locator("#printers tbody tr").first).to_be_visible()
    expect(page.get_by_role("button", name="Dodaj drukarkę")).to_have_count(0)  # not an admin
    expect(page.get_by_role("button", name="Wydruk testowy").first).to_be_visible()
    # Nothing wider than the screen: tables scroll inside their own boxes.
    assert (
        page.evaluate("() => document.documentElement.scrollWidth")
        <= PANEL_TABLET_PORTRAIT["width"]
    )
