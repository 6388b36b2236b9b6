"""On the handheld at a packing station (issue 13): the packer chooses the device's station,
sees before confirming which carrier and service the rules chose and where the label will
print, and after packing sees the label printed — or the printer's reason and „Drukuj
ponownie”, which prints once the printer is ready again.

``kolektor serve`` runs on a demo of its own; the station's label printer is the fake Zebra
(``kolektor.fakes.zebra``) on a loopback port, in a thread of the test, so the test can run
out of paper and load a new roll.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trio

import tests.browser.conftest as browser_conftest
from kolektor.config import load_config
from kolektor.fakes.zebra import FakeZebra
from kolektor.store import settings, stations
from kolektor.store.engine import Store
from tests.browser.conftest import DeviceFactory, KolektorServer, OfficeApi, screenshot

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.browser.helpers import MAREK, login, open_app, scan, settled
from tests.browser.test_scanner_app import Step, plan

OWN_TRANSPORT_B = {
    "name": "Własny transport, gabaryt B",
    "enabled": True,
    "when": [],
    "then": {"document": "PAi", "carrier": "own", "service": "own_transport",
             "parcel_template": "B"},
}  # fmt: skip
GS1_PREFIX = "5901234"


class ZebraThread:
    """The fake Zebra served by Trio in a thread of its own (the browser tests are sync)."""

    def __init__(self) -> None:
        self.fake = FakeZebra()
        self._ready = threading.Event()
        self._token: trio.lowlevel.TrioToken | None = None
        self._stop: trio.Event | None = None
        self._thread = threading.Thread(target=trio.run, args=(self._main,), daemon=True)

    async def _main(self) -> None:
        self._token = trio.lowlevel.current_trio_token()
        self._stop = trio.Event()
        async with trio.open_nursery() as nursery:
            await nursery.start(self.fake.serve)
            self._ready.set()
            await self._stop.wait()
            nursery.cancel_scope.cancel()

    def start(self) -> None:
        self._thread.start()
        assert self._ready.wait(10), "the fake Zebra did not start"

    def stop(self) -> None:
        assert self._stop is not None
        trio.from_thread.run_sync(self._stop.set, trio_token=self._token)
        self._thread.join(10)


@pytest.fixture(scope="module")
def zebra() -> Iterator[FakeZebra]:
    served = ZebraThread()
    served.start()
    try:
        yield served.fake
    finally:
        served.stop()


@pytest.fixture(scope="module")
def label_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory, zebra: FakeZebra
) -> Iterator[KolektorServer]:
    """A server of its own, with the packing station "Pakowanie 1" whose label printer is
    the fake Zebra, and a rule: Kolektor's own label, own transport, parcel size B."""
    folder = tmp_path_factory.mktemp("label-demo")
    with browser_conftest.running_server(folder) as server:
        add_station(folder / "kolektor.toml", "Pakowanie 1", zebra)
        office = OfficeApi(server)
        try:
            rules = office.http.get("/api/rules").json()["rules"]
            office._send("PUT", "/api/rules", [OWN_TRANSPORT_B, *rules])  # type: ignore[arg-type]
        finally:
            office.close()
        yield server


def add_station(config_path: Path, name: str, zebra: FakeZebra) -> None:
    """The station and its printer, written into the server's store (as the office does),
    and a GS1 company prefix: each parcel's own label gets an SSCC (its tracking number)."""
    store = Store.open(load_config(config_path).store_url)
    try:
        printer = store.run_sync(
            stations.save_printer, name=f"Zebra {name}", kind="zebra", address=zebra.address
        )
        store.run_sync(stations.save_station, name=name, label_printer_id=printer.id)
        shipping = {"sender": None, "cod_payment_forms": [], "gs1_prefix": GS1_PREFIX}
        store.run_sync(settings.set_setting, "shipping", shipping, actor="test")
    finally:
        store.close()


def picking_orders(server: KolektorServer, count: int) -> list[tuple[dict[str, Any], list[Step]]]:
    """New demo orders quick to pick by scanning."""
    found = []
    for summary in server.api("/api/orders", status="new", limit=500)["orders"]:
        order = server.order(summary["id"])
        steps = plan(order)
        if steps is not None and len(steps) <= 6:
            found.append((order, steps))
            if len(found) == count:
                return found
    pytest.fail("no demo orders for the label test")


def choose_station(page: Page) -> None:
    """In the station settings: this device packs at "Pakowanie 1"."""
    page.get_by_test_id("nav-menu").click()
    page.get_by_test_id("menu-settings").click()
    picker = page.get_by_test_id("station-select")
    expect(picker).to_be_visible()
    picker.select_option(label="Pakowanie 1 — Zebra Pakowanie 1")
    page.get_by_test_id("settings-save").click()
    expect(page.get_by_test_id("station-name")).to_have_text("Pakowanie 1")


def pick_and_pack(page: Page, order: dict[str, Any], steps: list[Step], parcels: int) -> None:
    """Claim, pick every line, open packing; ``parcels`` parcels of 2,5 kg each."""
    page.get_by_test_id("nav-queue").click()
    page.get_by_test_id(f"claim-{order['id']}").click()
    # The claim answered (the order open, its stock checked) before anything is scanned.
    expect(page.get_by_test_id("order-number")).to_have_text(order["number"])
    if page.get_by_test_id("stock-dismiss").count():  # Subiekt's stock: not this test's topic
        page.get_by_test_id("stock-dismiss").click()
    for step in steps:
        scan(page, step.code)
        settled(page)
    expect(page.get_by_test_id("order-complete")).to_be_visible()
    page.get_by_test_id("pack-now").click()
    expect(page.locator(f"[data-screen=pack][data-order-id='{order['id']}']")).to_be_visible()
    for _ in range(parcels - 1):
        page.get_by_test_id("packages-plus").click()
    for index in range(parcels):
        page.get_by_test_id(f"pkg-{index}-weight").click()
        for key in ("2", ",", "5"):
            page.get_by_test_id(f"key-{key}").click()
        page.get_by_test_id("keypad-ok").click()
        expect(page.get_by_test_id(f"pkg-{index}-weight")).to_have_text("2,5 kg")


def test_the_packer_sees_the_carrier_and_the_label_printed_at_the_station(
    devices: DeviceFactory, label_server: KolektorServer, zebra: FakeZebra
) -> None:
    ((order, steps),) = picking_orders(label_server, 1)
    page = devices(label_server).page
    open_app(page)
    login(page, MAREK)
    choose_station(page)

    pick_and_pack(page, order, steps, parcels=2)
    # Before confirming: the carrier and service the rule chose, its parcel size
    # preselected, and the printer the label will come out of.
    expect(page.get_by_test_id("pack-carrier")).to_contain_text(
        "Przewoźnik: etykieta Kolektora — własny transport"
    )
    expect(page.get_by_test_id("pack-carrier")).to_contain_text("gabaryt B")
    expect(page.get_by_test_id("pack-printer")).to_have_text(
        "Etykieta wydrukuje się na „Zebra Pakowanie 1” (stanowisko Pakowanie 1)"
    )
    for index in (0, 1):
        expect(page.get_by_test_id(f"pkg-{index}-template-B")).to_have_class("btn seg active")
    page.get_by_test_id("pkg-1-template-C").click()  # the packer may change it
    expect(page.get_by_test_id("pkg-1-template-C")).to_have_class("btn seg active")

    before = len(zebra.labels)
    page.get_by_test_id("confirm-pack").click()
    expect(page.locator("[data-screen=packed]")).to_be_visible()
    panel = page.get_by_test_id("label-panel")
    expect(panel).to_have_attribute("data-state", "printed", timeout=20_000)
    expect(page.get_by_test_id("label-title")).to_have_text("Etykieta wydrukowana")
    expect(page.get_by_test_id("label-count")).to_have_text("2 z 2")
    expect(page.get_by_test_id("label-printer")).to_have_text("Drukarka: Zebra Pakowanie 1")
    tracking = page.get_by_test_id("label-tracking").locator(".tracking-number")
    expect(tracking).to_have_count(2)  # the parcels' SSCCs, big
    for number in tracking.all_text_contents():
        assert len(number) == 18 and number.startswith(f"0{GS1_PREFIX}"), number
    expect(page.get_by_test_id("packed-steps")).not_to_contain_text("Etykieta")
    assert len(zebra.labels) == before + 2
    assert all(order["number"].encode() in label.zpl for label in zebra.labels[before:])
    expect(page.get_by_test_id("toast")).to_have_count(0)  # "settings saved" has gone
    screenshot(page, "scanner-label.png")


def test_paper_out_shows_the_printers_reason_and_drukuj_ponownie_prints(
    devices: DeviceFactory, label_server: KolektorServer, zebra: FakeZebra
) -> None:
    ((order, steps),) = picking_orders(label_server, 1)
    page = devices(label_server).page
    open_app(page)
    login(page, MAREK)
    choose_station(page)
    pick_and_pack(page, order, steps, parcels=1)

    zebra.state = "paper_out"
    try:
        page.get_by_test_id("confirm-pack").click()
        panel = page.get_by_test_id("label-panel")
        expect(panel).to_have_attribute("data-state", "failed", timeout=20_000)
        expect(page.get_by_test_id("label-title")).to_have_text("Etykieta nie została wydrukowana")
        expect(page.get_by_test_id("label-message")).to_have_text(
            f"Drukarka „Zebra Pakowanie 1” ({zebra.address}): brak etykiet — załóż nową rolkę "
            "i naciśnij FEED."
        )
        expect(page.get_by_test_id("label-retry")).to_contain_text("Kolektor spróbuje ponownie")
        reprint = page.get_by_test_id("label-reprint")
        expect(reprint).to_have_text("Drukuj ponownie")

        reprint.click()  # still no paper: the printer's reason again, nothing printed
        expect(page.get_by_test_id("label-reprint-error")).to_contain_text(
            "Etykieta nie została wydrukowana. Drukarka „Zebra Pakowanie 1”"
        )
    finally:
        zebra.state = "ready"  # a new roll
    before = len(zebra.labels)
    reprint.click()
    expect(panel).to_have_attribute("data-state", "printed")
    expect(page.get_by_test_id("label-count")).to_have_text("1 z 1")
    expect(page.get_by_test_id("label-reprint-error")).to_have_count(0)
    assert len(zebra.labels) >= before + 1
    assert order["number"].encode() in zebra.labels[-1].zpl
