"""What a picker and a packer need to know, on a small handheld (360×640 CSS pixels).

The customer's remarks on the pick and pack screens, the packer's note and what the document
rules decided, the delivery; errors that name what was scanned and what the order still
expects, a refused pack barcode, a late error that says which scan and order it was; the
hint that the first touch turns on sound and vibration; a typed quantity approved by a
supervisor; a packing button that never waits without saying why; weighed lines complete
within their tolerance.

``kolektor serve`` runs on a demo of its own (the tests change its document rules); every
order is read from the office API, nothing about the demo data is hard-coded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import tests.browser.conftest as browser_conftest
from kolektor.demo.names import TRICKY_REMARK
from tests.browser.conftest import DeviceFactory, KolektorServer, OfficeApi, quantity, screenshot

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.helpers import (
    ANNA,
    KIEROWNIK,
    MAREK,
    PAUSE_MS,
    login,
    open_app,
    pickable,
    scan,
    settled,
)
from tests.browser.test_scanner_app import Step, plan

SMALL_HANDHELD: ViewportSize = {"width": 360, "height": 640}
"""The smallest screen the app is made for (a 4-inch terminal), in CSS pixels."""

DEVICE_ZONE = ZoneInfo("Europe/Warsaw")
"""The test browsers' time zone (``tests/browser/conftest.py``)."""


# -- the server, its orders -------------------------------------------------------------------


@pytest.fixture(scope="module")
def context_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    """A server of its own: the tests change its document rules."""
    with browser_conftest.running_server(tmp_path_factory.mktemp("context-demo")) as server:
        yield server


@dataclass
class Office:
    """The office API with an admin's session (one password check, not one per call)."""

    api: OfficeApi

    def orders(self) -> list[dict[str, Any]]:
        """Every order still ``new``, in full (lines, barcodes, remarks)."""
        listed = self.api.http.get("/api/orders", params={"status": "new", "limit": 500})
        listed.raise_for_status()
        return [self.order(summary["id"]) for summary in listed.json()["orders"]]

    def order(self, order_id: int) -> dict[str, Any]:
        response = self.api.http.get(f"/api/orders/{order_id}")
        response.raise_for_status()
        return response.json()["order"]  # type: ignore[no-any-return]

    def rules(self) -> list[dict[str, Any]]:
        response = self.api.http.get("/api/rules")
        response.raise_for_status()
        return response.json()["rules"]  # type: ignore[no-any-return]

    def save_rules(self, rules: list[dict[str, Any]]) -> None:
        self.api._send("PUT", "/api/rules", rules)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def office(context_server: KolektorServer) -> Iterator[Office]:
    api = OfficeApi(context_server)
    try:
        yield Office(api)
    finally:
        api.close()


@pytest.fixture(scope="module")
def new_orders(office: Office) -> list[dict[str, Any]]:
    """The demo's open orders as they were before any test here claimed one."""
    return office.orders()


TAKEN: set[int] = set()
"""Orders already used by a test of this module (each test works on orders of its own)."""


def take(orders: list[dict[str, Any]], suits: Any, what: str) -> dict[str, Any]:
    for order in orders:
        if order["id"] not in TAKEN and suits(order):
            TAKEN.add(order["id"])
            return order
    pytest.fail(f"no demo order {what}")


def handheld(devices: DeviceFactory, server: KolektorServer) -> Page:
    """A handheld of the smallest size the app supports, on the module's server."""
    page: Page = devices(server).page
    page.set_viewport_size(SMALL_HANDHELD)
    return page


def shown(value: Decimal | str) -> str:
    """A quantity as the Polish app shows it: "1,457", "3"."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def single_code(line: dict[str, Any]) -> str:
    code: str = next(b["code"] for b in line["barcodes"] if quantity(b["quantity"]) == 1)
    return code


def claim_by_scan(page: Page, order: dict[str, Any]) -> None:
    """On the queue: scan the ZK number, the order is claimed and its pick screen opens."""
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    page.wait_for_timeout(PAUSE_MS)
    scan(page, order["number"])
    expect(page.locator(f"[data-screen=pick][data-order-id='{order['id']}']")).to_be_visible()
    page.wait_for_timeout(PAUSE_MS)


def pick_all(page: Page, steps: list[Step]) -> None:
    for step in steps:
        scan(page, step.code)
        expect(page.get_by_test_id(f"picked-{step.line_id}")).to_have_text(shown(step.expected))
        settled(page)


def type_on_keypad(page: Page, text: str) -> None:
    for key in text:
        page.get_by_test_id(f"key-{key}").click()


def go_offline(page: Page) -> None:
    page.context.set_offline(True)
    page.evaluate("window.kolektor.client.drop()")
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "offline")


def plain_remark(order: dict[str, Any]) -> bool:
    """Remarks the default rules do not read as a wish for a document (and no Allegro id)."""
    words = order["remarks"].lower()
    return bool(words) and not any(
        word in words for word in ("faktur", "paragon", "wz", "allegro", "fv", "nie ", "bez ")
    )


# -- tests ------------------------------------------------------------------------------------


def test_remarks_on_pick_and_pack_and_why_packing_waits(
    devices: DeviceFactory, context_server: KolektorServer, new_orders: list[dict[str, Any]]
) -> None:
    """The customer's remarks cannot be missed while picking and packing (and are absent
    when there are none); the packing button, while disabled, always says why."""
    gift = take(
        new_orders,
        lambda o: o["remarks"] == TRICKY_REMARK and plan(o) is not None,
        "with the gift remark",
    )
    plain = take(new_orders, lambda o: o["remarks"] == "", "without remarks")
    page = handheld(devices, context_server)
    open_app(page)
    login(page, MAREK)  # a packer: picks and packs

    claim_by_scan(page, plain)
    expect(page.get_by_test_id("lines")).to_be_visible()
    expect(page.get_by_test_id("remarks")).to_have_count(0)
    page.get_by_test_id("back-to-queue").click()

    claim_by_scan(page, gift)
    remarks = page.get_by_test_id("remarks")
    expect(remarks).to_have_text(f"Uwagi klienta: {TRICKY_REMARK}")
    expect(remarks).to_be_in_viewport()
    remarks.click()  # two lines at most; a tap shows all of it, until tapped again
    expect(remarks).to_have_class(re.compile(r"\bopen\b"))
    remarks.click()
    expect(remarks).not_to_have_class(re.compile(r"\bopen\b"))
    steps = plan(gift)
    assert steps is not None
    pick_all(page, steps[:1])
    if page.get_by_test_id("stock-dismiss").count():  # Subiekt's stock, not this test's topic
        page.get_by_test_id("stock-dismiss").click()
        page.locator("main.screen").evaluate("(main) => { main.scrollTop = 0; }")
    expect(remarks).to_be_in_viewport()
    screenshot(page, "scanner-pick.png")
    pick_all(page, steps[1:])
    expect(page.get_by_test_id("order-complete")).to_be_visible()

    page.get_by_test_id("pack-now").click()
    expect(page.locator(f"[data-screen=pack][data-order-id='{gift['id']}']")).to_be_visible()
    expect(page.get_by_test_id("remarks")).to_have_text(f"Uwagi klienta: {TRICKY_REMARK}")
    confirm, why = page.get_by_test_id("confirm-pack"), page.get_by_test_id("pack-why")
    expect(why).to_have_text("Podaj wagę paczki.")
    expect(confirm).to_be_disabled()
    expect(why).to_be_in_viewport()
    expect(page.get_by_test_id("pack-delivery")).to_have_text("Dostawa: sposób dostawy nieznany")

    page.get_by_test_id("packages-plus").click()
    expect(why).to_have_text("Podaj wagę paczki 1.")
    page.get_by_test_id("pkg-0-weight").click()
    type_on_keypad(page, "2,5")
    page.get_by_test_id("keypad-ok").click()
    expect(why).to_have_text("Podaj wagę paczki 2.")
    expect(confirm).to_be_disabled()
    page.get_by_test_id("pkg-1-weight").click()
    type_on_keypad(page, "1")
    page.get_by_test_id("keypad-ok").click()
    expect(why).to_have_count(0)
    expect(confirm).to_be_enabled()

    # Without the server nothing can be packed: the button says so instead of greying out.
    go_offline(page)
    expect(why).to_have_text("Brak połączenia z serwerem — zatwierdzisz, gdy wróci sieć.")
    expect(confirm).to_be_disabled()
    page.context.set_offline(False)
    expect(why).to_have_count(0)
    expect(confirm).to_be_enabled()


def test_packing_station_shows_the_note_the_document_and_the_delivery(
    devices: DeviceFactory,
    context_server: KolektorServer,
    office: Office,
    new_orders: list[dict[str, Any]],
) -> None:
    """A rule with a note for the packer: the packing station shows the note above all, the
    document the rule chose and whether it is printed, and that the delivery is unknown."""
    order = take(
        new_orders,
        lambda o: plain_remark(o) and (steps := plan(o)) is not None and len(steps) <= 10,
        "with a plain remark, easy to pick",
    )
    note = "Prezent — nie wkładaj paragonu do paczki"
    before = office.rules()
    rule = {
        "name": "Prezent bez paragonu",
        "enabled": True,
        "when": [{"remarks_contain": [order["remarks"]]}],
        "then": {"document": "PA", "print": False, "packing_note": note},
    }
    office.save_rules([rule, *before])
    try:
        anna = handheld(devices, context_server)
        open_app(anna)
        login(anna, ANNA)
        claim_by_scan(anna, order)
        steps = plan(order)
        assert steps is not None
        pick_all(anna, steps)
        expect(anna.get_by_test_id("order-complete")).to_be_visible()

        page = handheld(devices, context_server)
        open_app(page)
        login(page, MAREK)
        page.get_by_test_id("nav-packScan").click()
        prompt = page.locator("[data-screen=packScan] .big-text")
        expect(prompt).to_have_text("Zeskanuj numer zamówienia (ZK)")
        page.wait_for_timeout(PAUSE_MS)
        scan(page, order["number"])
        expect(page.locator(f"[data-screen=pack][data-order-id='{order['id']}']")).to_be_visible()
        expect(page.get_by_test_id("packing-note")).to_have_text(f"Notatka dla pakującego{note}")
        expect(page.get_by_test_id("packing-note")).to_be_in_viewport()
        expect(page.get_by_test_id("remarks")).to_have_text(f"Uwagi klienta: {order['remarks']}")
        document = page.get_by_test_id("pack-document")
        expect(document).to_have_attribute("data-document", "PA")
        expect(document).to_have_attribute("data-print", "false")
        expect(document).to_contain_text("Dokument: paragon (PA) · bez wydruku")
        expect(document.locator(".fact-detail")).to_have_text("reguła „Prezent bez paragonu”")
        expect(page.get_by_test_id("pack-delivery")).to_have_text(
            "Dostawa: sposób dostawy nieznany"
        )
        expect(page.get_by_test_id("pack-why")).to_have_text("Podaj wagę paczki.")
        screenshot(page, "scanner-pack.png")
    finally:
        office.save_rules(before)


def test_wrong_item_names_the_product_and_what_the_order_expects(
    devices: DeviceFactory, context_server: KolektorServer, new_orders: list[dict[str, Any]]
) -> None:
    """A wrong item's overlay says which product was scanned and which lines the order still
    waits for; a pack's barcode that is too many says what the pack stands for."""

    def pack_too_big(line: dict[str, Any]) -> dict[str, Any] | None:
        if (
            not pickable(line)
            or line["unit"] != "szt."
            or line["quantity"] != line["base_quantity"]
        ):
            return None
        return next(
            (
                b
                for b in line["barcodes"]
                if quantity(b["quantity"]) > quantity(line["base_quantity"])
            ),
            None,
        )

    order = take(
        new_orders,
        lambda o: any(pack_too_big(ln) for ln in o["lines"]) and len(o["lines"]) >= 2,
        "with a pack barcode bigger than its line",
    )
    line = next(ln for ln in order["lines"] if pack_too_big(ln))
    pack = pack_too_big(line)
    assert pack is not None
    on_order = {ln["product_id"] for ln in order["lines"]}
    other_line = next(
        ln
        for other in new_orders
        for ln in other["lines"]
        if pickable(ln) and ln["product_id"] not in on_order and not single_code(ln).startswith("2")
        and any(quantity(b["quantity"]) == 1 for b in ln["barcodes"])
    )  # fmt: skip
    open_lines = [ln for ln in order["lines"] if pickable(ln)]

    page = handheld(devices, context_server)
    open_app(page)
    login(page, ANNA)
    claim_by_scan(page, order)

    scan(page, single_code(other_line))
    overlay = page.get_by_test_id("overlay")
    expect(overlay).to_have_attribute("data-kind", "wrong_product")
    expect(page.get_by_test_id("overlay-scanned")).to_have_text(
        f"Zeskanowano: {other_line['symbol']} {other_line['name']}"
    )
    expected = page.get_by_test_id("overlay-expected")
    expect(expected.locator("p")).to_have_text("Zamówienie czeka jeszcze na:")
    items = expected.locator("li")
    expect(items).to_have_count(min(5, len(open_lines)))
    listed = {int(v) for v in items.evaluate_all("els => els.map(e => e.dataset.lineId)")}
    assert listed <= {ln["id"] for ln in open_lines}
    shown_line = next(ln for ln in open_lines if ln["id"] in listed)
    remaining = shown(shown_line["base_quantity"])
    expect(expected.locator(f"li[data-line-id='{shown_line['id']}']")).to_contain_text(
        f"{shown_line['symbol']} {shown_line['name']} — jeszcze {remaining}"
    )
    expect(page.get_by_test_id("overlay-ack")).to_be_in_viewport()
    screenshot(page, "scanner-overlay.png")
    page.get_by_test_id("overlay-ack").click()
    expect(overlay).to_be_hidden()

    page.wait_for_timeout(PAUSE_MS)
    scan(page, pack["code"])
    expect(overlay).to_have_attribute("data-kind", "over_pick")
    expect(page.get_by_test_id("overlay-pack")).to_have_text(
        f"Kod opakowania: {shown(pack['quantity'])} szt. naraz"
    )
    expect(page.get_by_test_id("overlay-message")).to_contain_text(
        f"opakowanie {shown(pack['quantity'])} szt."
    )
    page.get_by_test_id("overlay-ack").click()
    expect(page.get_by_test_id(f"picked-{line['id']}")).to_have_text("0")


def test_a_late_error_names_the_order_and_the_time_of_the_scan(
    devices: DeviceFactory, context_server: KolektorServer, new_orders: list[dict[str, Any]]
) -> None:
    """A wrong item scanned offline is refused only after the reconnect, when the picker is
    on another screen: the overlay says which order and when the scan was made."""
    order = take(new_orders, lambda o: any(pickable(ln) for ln in o["lines"]), "to pick")
    on_order = {ln["product_id"] for ln in order["lines"]}
    wrong = next(
        b["code"]
        for other in new_orders
        for ln in other["lines"]
        if pickable(ln) and ln["product_id"] not in on_order
        for b in ln["barcodes"]
        if quantity(b["quantity"]) == 1 and not b["code"].startswith("2")
    )
    page = handheld(devices, context_server)
    open_app(page)
    login(page, ANNA)
    claim_by_scan(page, order)

    go_offline(page)
    scan(page, wrong)
    expect(page.get_by_test_id("pending-count")).to_have_attribute("data-count", "1")
    stored = json.loads(page.evaluate("localStorage.getItem('kolektor.scanner.outbox.v1')"))
    scanned_at = datetime.fromisoformat(stored[0]["payload"]["scanned_at"].replace("Z", "+00:00"))
    page.get_by_test_id("back-to-queue").click()
    expect(page.locator("[data-screen=queue]")).to_be_visible()

    page.context.set_offline(False)
    overlay = page.get_by_test_id("overlay")
    expect(overlay).to_have_attribute("data-kind", "wrong_product")
    at = scanned_at.astimezone(DEVICE_ZONE).strftime("%H:%M:%S")
    expect(page.get_by_test_id("overlay-when")).to_have_text(
        f"Skan z godz. {at} · zamówienie {order['number']}"
    )
    expect(page.locator("[data-screen=queue]")).to_be_attached()
    page.get_by_test_id("overlay-ack").click()
    expect(overlay).to_be_hidden()
    expect(page.locator("[data-screen=queue]")).to_be_visible()


def test_first_touch_unlocks_sound_and_vibration(
    devices: DeviceFactory, context_server: KolektorServer
) -> None:
    """After a reload the browser keeps audio and vibration off until a gesture: the app
    says so until the first touch, which turns them on."""
    page = handheld(devices, context_server)
    open_app(page)
    page.reload()
    expect(page.locator("[data-screen=login]")).to_be_visible()
    hint = page.get_by_test_id("sound-hint")
    expect(hint).to_have_text("Dotknij ekranu, aby włączyć dźwięk i wibracje")
    expect(hint).to_be_in_viewport()
    assert page.evaluate("window.kolektor.audioState()") != "running"

    page.locator("[data-screen=login] h1").click()
    expect(hint).to_be_hidden()
    page.wait_for_function("() => window.kolektor.audioState() === 'running'")


def test_weighed_line_is_complete_within_its_tolerance(
    devices: DeviceFactory, context_server: KolektorServer, new_orders: list[dict[str, Any]]
) -> None:
    """A weighed line shows the weights it accepts; a label a few grams short of the order
    completes it: "1,457 z 1,467 kg — w tolerancji"."""
    order = take(
        new_orders,
        lambda o: any(pickable(ln) and ln["unit"] == "kg" for ln in o["lines"]),
        "with a weighed line",
    )
    line = next(ln for ln in order["lines"] if pickable(ln) and ln["unit"] == "kg")
    page = handheld(devices, context_server)
    open_app(page)
    login(page, ANNA)
    claim_by_scan(page, order)

    shown_line = page.evaluate(
        "(id) => window.kolektor.currentOrder().lines.find((l) => l.id === id)", line["id"]
    )
    tolerance = shown_line["tolerance"]
    assert tolerance, f"no tolerance on the weighed line: {shown_line}"
    ordered = quantity(shown_line["ordered"])
    below, above = quantity(tolerance["below"]), quantity(tolerance["above"])
    tag = page.get_by_test_id(f"tolerance-{line['id']}")
    expect(tag).to_have_text(f"dopuszczalne {shown(ordered - below)}–{shown(ordered + above)} kg")

    grams = int(ordered * 1000) - max(1, int(below * 1000) // 2)
    weighed = Decimal(grams) / 1000
    assert ordered - below <= weighed < ordered
    scan(page, weight_label(single_weight_base(line), grams))
    expect(page.get_by_test_id(f"picked-{line['id']}")).to_have_text(shown(weighed))
    expect(tag).to_have_text(f"{shown(weighed)} z {shown(ordered)} kg — w tolerancji")
    expect(page.get_by_test_id(f"line-{line['id']}")).to_have_attribute("data-state", "done")


def single_weight_base(line: dict[str, Any]) -> str:
    """The line's weight base code (``28 IIIII 00000 C``)."""
    code: str = next(b["code"] for b in line["barcodes"] if b["code"].startswith("2"))
    return code


def weight_label(base: str, grams: int) -> str:
    """A scale's label for ``grams`` of the product with this base code: ``2X IIIII WWWWW C``."""
    digits = f"{base[:7]}{grams:05d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return f"{digits}{(10 - total % 10) % 10}"


def test_typed_quantity_needs_a_supervisors_badge_and_pin(
    devices: DeviceFactory, context_server: KolektorServer, new_orders: list[dict[str, Any]]
) -> None:
    """A picker who may not type quantities alone: the dialog asks for a supervisor's badge
    and PIN, shows a refusal in Polish and stays open, and counts once approved."""
    order = take(
        new_orders,
        lambda o: any(pickable(ln) and quantity(ln["base_quantity"]) >= 2 for ln in o["lines"]),
        "with a line of two or more",
    )
    line = next(ln for ln in order["lines"] if pickable(ln) and quantity(ln["base_quantity"]) >= 2)
    page = handheld(devices, context_server)
    open_app(page)
    login(page, ANNA)
    assert page.evaluate("window.kolektor.operator.manual_entry") == "supervisor"
    claim_by_scan(page, order)
    picked = page.get_by_test_id(f"picked-{line['id']}")

    page.get_by_test_id(f"line-{line['id']}").click()
    page.get_by_test_id("manual").click()
    expect(page.get_by_test_id("keypad-hint")).to_contain_text(
        "Ręcznie wpisana ilość wymaga zgody kierownika."
    )
    type_on_keypad(page, "1")
    page.get_by_test_id("keypad-ok").click()

    approval = page.get_by_test_id("approval-keypad")
    expect(approval.get_by_test_id("keypad-title")).to_have_text("Zgoda kierownika")
    expect(approval.get_by_test_id("keypad-hint")).to_contain_text(
        "Kierownik skanuje swój identyfikator, potem wpisuje PIN."
    )
    type_on_keypad(page, "3333")
    page.get_by_test_id("keypad-ok").click()
    expect(approval.get_by_test_id("keypad-error")).to_have_text(
        "Najpierw kierownik skanuje swój identyfikator."
    )

    scan(page, KIEROWNIK.badge)
    expect(page.get_by_test_id("approval-badge")).to_have_text("Identyfikator kierownika: …0003")
    type_on_keypad(page, "9999")
    page.get_by_test_id("keypad-ok").click()
    expect(approval.get_by_test_id("keypad-error")).to_contain_text("Zgoda odrzucona")
    expect(approval).to_be_visible()
    expect(picked).to_have_text("0")

    type_on_keypad(page, KIEROWNIK.pin)
    page.get_by_test_id("keypad-ok").click()
    expect(approval).to_have_count(0)
    expect(picked).to_have_text("1")
    expect(page.get_by_test_id("verdict-banner")).to_have_attribute(
        "data-kind", re.compile("counted|line_complete")
    )
