"""The scanner web app on a handheld-sized Chromium against the real server and demo data.

Codes are "scanned" the way a keyboard-wedge scanner delivers them: typed into the focused
page and ended with Enter.  Operators log in with their badge and then their PIN.  The
orders and their barcodes are read from the office API, so the tests follow the demo data
instead of hard-coding it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from kolektor.finalize.steps import UNCONFIGURED_STEPS
from kolektor.i18n import t
from tests.browser.conftest import Device, DeviceFactory, KolektorServer, quantity, screenshot

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import expect

from tests.browser.helpers import (
    ANNA,
    KIEROWNIK,
    MAREK,
    PAUSE_MS,
    login,
    open_app,
    outbox_empty,
    pickable,
    record_logins,
    scan,
    settled,
)

FINALIZATION = {"packed", "label", "realize", "document", "print", "email", "allegro", "done"}


# -- the demo data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    line_id: int
    code: str
    expected: Decimal
    """The line's picked quantity after this scan."""


def plan(order: dict[str, Any]) -> list[Step] | None:
    """Scans that pick the whole order (pack barcodes first), or None when the order does
    not suit the test (capture data needed, goods by weight, no single-unit barcode...)."""
    lines = [line for line in order["lines"] if pickable(line)]
    if len(lines) < 2:
        return None
    steps: list[Step] = []
    for line in lines:
        if line["requires_batch"] or line["requires_expiry"] or line["requires_serial"]:
            return None
        base = quantity(line["base_quantity"])
        if base <= 0 or base != base.to_integral_value() or base > 12:
            return None
        codes = [(b["code"], quantity(b["quantity"])) for b in line["barcodes"]]
        if any(code.startswith("2") for code, _ in codes):
            return None  # restricted-circulation (weight) codes
        single = next((code for code, qty in codes if qty == 1), None)
        if single is None:
            return None
        picked = Decimal(0)
        for code, qty in sorted(codes, key=lambda c: -c[1]):
            while qty > 1 and picked + qty <= base:
                picked += qty
                steps.append(Step(line["id"], code, picked))
        while picked < base:
            picked += 1
            steps.append(Step(line["id"], single, picked))
    return steps


@dataclass(frozen=True)
class DemoOrders:
    pick: dict[str, Any]
    """An order with a pack barcode to use, picked and packed by the first test."""
    pick_steps: list[Step]
    offline: dict[str, Any]
    """An order with a line of two or more units, for the offline test."""
    wrong_code: str
    """A known product's barcode that is on neither order."""


@pytest.fixture(scope="session")
def demo_orders(kolektor_server: KolektorServer) -> DemoOrders:
    """The test orders, chosen among the demo's open orders read through the office API."""

    def usable_pack(line: dict[str, Any], barcode: dict[str, Any]) -> bool:
        return 1 < quantity(barcode["quantity"]) <= quantity(line["base_quantity"])

    def long_line(order: dict[str, Any]) -> bool:
        return any(quantity(ln["base_quantity"]) >= 3 for ln in order["lines"] if pickable(ln))

    summaries = kolektor_server.api("/api/orders", status="new", limit=500)["orders"]
    pick: tuple[dict[str, Any], list[Step]] | None = None
    offline: dict[str, Any] | None = None
    others: list[dict[str, Any]] = []
    # Each API call checks the office password (argon2, slow on purpose): read the orders
    # one at a time and stop as soon as the tests have what they need.
    for summary in summaries:
        order = kolektor_server.order(summary["id"])
        steps = plan(order)
        with_pack = any(usable_pack(ln, b) for ln in order["lines"] for b in ln["barcodes"])
        if pick is None and steps is not None and len(steps) <= 14 and with_pack:
            pick = (order, steps)
        elif offline is None and steps is not None and long_line(order):
            offline = order
        else:
            others.append(order)
        if pick is not None and offline is not None and others:
            break
    assert pick is not None, "no demo order with a usable pack barcode"
    assert offline is not None, "no demo order with a line of three or more units"
    used = {line["product_id"] for o in (pick[0], offline) for line in o["lines"]}
    wrong_code = next(
        b["code"]
        for order in others
        for line in order["lines"]
        if pickable(line) and line["product_id"] not in used
        for b in line["barcodes"]
        if quantity(b["quantity"]) == 1 and not b["code"].startswith("2")
    )
    return DemoOrders(pick[0], pick[1], offline, wrong_code)


# -- helpers ----------------------------------------------------------------------------------


def shown(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def picked_on_server(server: KolektorServer, order_id: int, line_id: int) -> Decimal:
    line = next(ln for ln in server.order(order_id)["lines"] if ln["id"] == line_id)
    return quantity(line["picked_quantity"])


# -- tests ------------------------------------------------------------------------------------


def test_pick_and_pack_a_whole_order(
    devices: DeviceFactory, kolektor_server: KolektorServer, demo_orders: DemoOrders
) -> None:
    """Anna (a picker) picks a whole order scan by scan; Marek (a packer) packs it at a
    packing station — a picker cannot pack, packing issues the document."""
    page = devices().page
    order, steps = demo_orders.pick, demo_orders.pick_steps
    open_app(page)
    screenshot(page, "scanner-login.png")

    login(page, ANNA)
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    card = page.get_by_test_id(f"order-{order['id']}")
    expect(card).to_contain_text(order["number"])
    screenshot(page, "scanner-queue.png")

    page.get_by_test_id(f"claim-{order['id']}").click()
    pick = page.locator(f"[data-screen=pick][data-order-id='{order['id']}']")
    expect(pick).to_be_visible()
    expect(page.get_by_test_id("order-number")).to_have_text(order["number"])
    # Lines in walking order, as the server sent them; the first one to pick is highlighted.
    shown_ids = [int(v) for v in page.locator("[data-line-id]").evaluate_all(
        "els => els.map(e => e.dataset.lineId)")]  # fmt: skip
    assert sorted(shown_ids) == sorted(line["id"] for line in order["lines"])
    first_line = shown_ids[0]
    expect(page.locator(".line.current")).to_have_attribute("data-line-id", str(first_line))
    steps = sorted(steps, key=lambda s: shown_ids.index(s.line_id))

    # A product from another order: a blocking overlay that must be acknowledged.
    scan(page, demo_orders.wrong_code)
    overlay = page.get_by_test_id("overlay")
    expect(overlay).to_have_attribute("data-kind", "wrong_product")
    screenshot(page, "scanner-overlay.png")
    # Scanning is blocked while the overlay is up: nothing is sent, nothing counted.
    page.wait_for_timeout(PAUSE_MS)
    scan(page, steps[0].code)
    page.wait_for_timeout(300)
    assert page.evaluate("window.kolektor.outbox.items.length") == 0
    expect(page.get_by_test_id(f"picked-{steps[0].line_id}")).to_have_text("0")
    expect(overlay).to_be_visible()
    page.get_by_test_id("overlay-ack").click()
    expect(overlay).to_be_hidden()
    expect(page.get_by_test_id("scan-input")).to_be_focused()
    page.wait_for_timeout(PAUSE_MS)

    over_picked = False
    used_pack = False
    pick_screenshot = False
    for index, step in enumerate(steps):
        scan(page, step.code)
        expect(page.get_by_test_id(f"picked-{step.line_id}")).to_have_text(shown(step.expected))
        settled(page)
        if over_picked and not pick_screenshot:
            screenshot(page, "scanner-pick.png")  # mid-way, a good scan just counted
            pick_screenshot = True
        line = next(ln for ln in order["lines"] if ln["id"] == step.line_id)
        used_pack |= any(
            b["code"] == step.code and quantity(b["quantity"]) > 1 for b in line["barcodes"]
        )
        line_done = step.expected == quantity(line["base_quantity"])
        if line_done and not over_picked and index < len(steps) - 1:
            # One more of a complete line: over-pick, refused, must be acknowledged.
            expect(page.get_by_test_id(f"line-{step.line_id}")).to_have_attribute(
                "data-state", "done"
            )
            single = next(b["code"] for b in line["barcodes"] if quantity(b["quantity"]) == 1)
            scan(page, single)
            expect(overlay).to_have_attribute("data-kind", "over_pick")
            page.get_by_test_id("overlay-ack").click()
            expect(overlay).to_be_hidden()
            expect(page.get_by_test_id(f"picked-{step.line_id}")).to_have_text(shown(step.expected))
            settled(page)
            over_picked = True
    assert over_picked and used_pack and pick_screenshot

    expect(page.get_by_test_id("order-complete")).to_be_visible()
    assert kolektor_server.order(order["id"])["status"] == "picked"
    for line in filter(pickable, order["lines"]):
        assert picked_on_server(kolektor_server, order["id"], line["id"]) == quantity(
            line["base_quantity"]
        )

    # Anna is a picker: no packing on her device, she takes the order to the packing station.
    expect(page.get_by_test_id("order-complete")).to_contain_text("stanowisko pakowania")
    expect(page.get_by_test_id("pack-now")).to_have_count(0)
    page.get_by_test_id("complete-to-queue").click()
    expect(page.get_by_test_id("my-orders")).to_contain_text(order["number"])
    expect(page.get_by_test_id(f"pack-{order['id']}")).to_have_count(0)
    expect(page.get_by_test_id("nav-packScan")).to_have_count(0)

    # Marek packs it at his station: he scans the ZK number.  One package, 1,2 kg, InPost B.
    page = devices().page
    open_app(page)
    login(page, MAREK)
    page.get_by_test_id("nav-packScan").click()
    expect(page.locator("[data-screen=packScan]")).to_be_visible()
    page.wait_for_timeout(PAUSE_MS)
    scan(page, order["number"])
    expect(page.locator(f"[data-screen=pack][data-order-id='{order['id']}']")).to_be_visible()
    expect(page.get_by_test_id("confirm-pack")).to_be_disabled()
    page.get_by_test_id("pkg-0-weight").click()
    for key in ("1", ",", "2"):
        page.get_by_test_id(f"key-{key}").click()
    expect(page.get_by_test_id("keypad-display")).to_contain_text("1,2")
    page.get_by_test_id("keypad-ok").click()
    page.get_by_test_id("pkg-0-template-B").click()
    expect(page.get_by_test_id("pkg-0-weight")).to_have_text("1,2 kg")
    expect(page.get_by_test_id("packages-count")).to_have_text("1")
    screenshot(page, "scanner-pack.png")
    page.get_by_test_id("confirm-pack").click()

    expect(page.locator("[data-screen=packed]")).to_be_visible()
    expect(page.get_by_test_id("packed-title")).to_have_text(f"{order['number']} spakowane")
    stored = kolektor_server.api(f"/api/orders/{order['id']}")
    status = stored["order"]["status"]
    if status == "attention":  # finalization was quicker: it stops at a step not set up yet
        unconfigured = {t(key, "pl") for key in UNCONFIGURED_STEPS.values()}
        assert any(reason in (stored["order"]["status_reason"] or "") for reason in unconfigured)
    else:
        assert status in FINALIZATION
    assert any(event["to_status"] == "packed" for event in stored["timeline"])
    screenshot(page, "scanner-packed.png")


def test_offline_scans_are_kept_and_replayed(
    device: Device, kolektor_server: KolektorServer, demo_orders: DemoOrders
) -> None:
    """Scans made without a connection wait on the device; after the reconnect the app
    resumes its session with the token (no PIN asked) and replays them in order."""
    page, context = device.page, device.context
    logins = record_logins(page)
    order = demo_orders.offline
    line = next(ln for ln in order["lines"] if pickable(ln) and quantity(ln["base_quantity"]) >= 3)
    code = next(b["code"] for b in line["barcodes"] if quantity(b["quantity"]) == 1)
    open_app(page)

    # Log in with login + PIN on the keypad, claim the order by scanning its ZK number.
    page.get_by_test_id("pin-login").click()
    page.get_by_test_id("login-field").fill("anna")
    for _ in range(4):
        page.get_by_test_id("key-1").click()
    page.get_by_test_id("keypad-ok").click()
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    page.wait_for_timeout(PAUSE_MS)
    scan(page, order["number"])
    expect(page.locator(f"[data-screen=pick][data-order-id='{order['id']}']")).to_be_visible()
    picked = page.get_by_test_id(f"picked-{line['id']}")
    expect(picked).to_have_text("0")

    # The Wi-Fi drops: the network is gone and the socket closes.
    context.set_offline(True)
    page.evaluate("window.kolektor.client.drop()")
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    for _ in range(2):
        scan(page, code)
        page.wait_for_timeout(PAUSE_MS)
    expect(page.get_by_test_id("pending-count")).to_have_attribute("data-count", "2")
    expect(page.get_by_test_id("pending-count")).to_contain_text("2 oczekują")
    expect(page.get_by_test_id("verdict-banner")).to_have_attribute("data-kind", "pending")
    expect(page.get_by_test_id(f"line-pending-{line['id']}")).to_contain_text("2")
    expect(picked).to_have_text("0")  # the server's count, not a guess
    stored = json.loads(page.evaluate("localStorage.getItem('kolektor.scanner.outbox.v1')"))
    assert [item["payload"]["code"] for item in stored] == [code, code]
    screenshot(page, "scanner-offline.png")

    # Back online: the app resumes its session by itself, the scans are replayed in order
    # and their verdicts arrive.
    context.set_offline(False)
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(picked).to_have_text("2")
    expect(page.get_by_test_id("pending-count")).to_have_count(0)
    assert picked_on_server(kolektor_server, order["id"], line["id"]) == 2
    expect(page.locator(f"[data-screen=pick][data-order-id='{order['id']}']")).to_be_visible()
    # The first login had the PIN; every one after a reconnect only the session token.
    assert len(logins) >= 2 and set(logins[0]) >= {"login", "pin"}
    assert all(set(sent) == {"v", "type", "ref", "session"} for sent in logins[1:]), logins

    # Offline again, one more scan, and the app is closed before the network returns:
    # the scan survives in localStorage and is sent after the next login on the device.
    context.set_offline(True)
    page.evaluate("window.kolektor.client.drop()")
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    page.wait_for_timeout(PAUSE_MS)
    scan(page, code)
    expect(page.get_by_test_id("pending-count")).to_have_attribute("data-count", "1")
    page.close()
    context.set_offline(False)

    # A new tab has no session: Anna logs in with her badge and PIN.
    page = device.new_page()
    open_app(page)
    expect(page.get_by_test_id("login-pending")).to_contain_text("1 skan czeka")
    login(page, ANNA)
    outbox_empty(page)
    assert picked_on_server(kolektor_server, order["id"], line["id"]) == 3
    page.get_by_test_id(f"open-{order['id']}").click()
    expect(page.get_by_test_id(f"picked-{line['id']}")).to_have_text("3")


def test_scanner_input_settings(device: Device) -> None:
    """Prefix stripping, the Tab suffix, the anti-double-scan window and the blanking period,
    seen through the station settings' scanner test."""
    page = device.page
    open_app(page)
    page.get_by_test_id("open-settings").click()
    form = page.get_by_test_id("settings-form")
    form.locator("input[name=prefix]").fill("*")
    form.locator("select[name=suffix]").select_option("tab")
    form.locator("input[name=blankingMs]").fill("0")
    form.locator("input[name=doubleScanMs]").fill("2000")  # generous: the test is not a race
    page.get_by_test_id("settings-save").click()
    expect(page.locator("[data-screen=login]")).to_be_visible()
    saved = json.loads(page.evaluate("localStorage.getItem('kolektor.scanner.settings.v1')"))
    assert saved["prefix"] == "*" and saved["suffix"] == "tab" and saved["blankingMs"] == 0
    assert saved["doubleScanMs"] == 2000
    assert "stationName" not in saved  # the packing station is the server's (set_station)

    page.get_by_test_id("open-settings").click()
    test_box = page.get_by_test_id("scan-test")
    test_box.click()  # a tap outside the fields gives the focus back to the scan input
    scan_with_tab = "*5901234123457"
    expect(page.get_by_test_id("scan-input")).to_be_focused()
    page.keyboard.type(scan_with_tab)
    page.keyboard.press("Tab")
    expect(test_box).to_contain_text("5901234123457  (13)")
    # The same code again within the window (DataWedge keystroke + intent output): dropped.
    page.keyboard.type(scan_with_tab)
    page.keyboard.press("Tab")
    page.wait_for_function("() => window.kolektor.dropped.double === 1")
    page.keyboard.type("*42")
    page.keyboard.press("Tab")
    expect(test_box).to_contain_text("42  (2)")

    # Back to Enter with a blanking period: a second code in the same burst (an imager
    # that read two barcodes with one pull) is dropped.  300 ms rather than the default 60
    # so that a slow test machine cannot split the burst.
    form.locator("select[name=suffix]").select_option("enter")
    form.locator("input[name=blankingMs]").fill("300")
    page.get_by_test_id("settings-save").click()
    page.get_by_test_id("open-settings").click()
    test_box.click()
    page.keyboard.type("*AAA111")
    page.keyboard.press("Enter")
    page.keyboard.type("BBB222")
    page.keyboard.press("Enter")
    expect(test_box).to_contain_text("AAA111  (6)")
    page.wait_for_function("() => window.kolektor.dropped.blanking > 0")
    page.wait_for_timeout(200)
    expect(test_box).to_contain_text("AAA111  (6)")


def test_supervisor_sees_who_picks_what_and_takes_over(
    devices: DeviceFactory, kolektor_server: KolektorServer
) -> None:
    """Anna claims an order on her device; the supervisor sees it in the overview on his,
    takes it over, and Anna's next scan on it is refused with a blocking message."""
    anna = devices().page
    open_app(anna)
    login(anna, ANNA)
    card = anna.locator("[data-testid=queue] li").first
    order_id = int(card.get_attribute("data-order-id") or 0)
    number = card.get_attribute("data-number")
    anna.get_by_test_id(f"claim-{order_id}").click()
    expect(anna.locator(f"[data-screen=pick][data-order-id='{order_id}']")).to_be_visible()
    annas = kolektor_server.order(order_id)["claimed_by"]

    boss_device = devices()
    try:
        boss = boss_device.page
        open_app(boss)
        login(boss, KIEROWNIK)
        boss.get_by_test_id("nav-overview").click()
        row = boss.get_by_test_id(f"overview-order-{order_id}")
        expect(row).to_contain_text(number or "")
        expect(boss.get_by_test_id("overview")).to_contain_text("Anna Kowalska")
        screenshot(boss, "scanner-overview.png")
        boss.get_by_test_id(f"takeover-{order_id}").click()
        boss.get_by_test_id("confirm-ok").click()
        expect(boss.locator(f"[data-screen=pick][data-order-id='{order_id}']")).to_be_visible()
        taken = kolektor_server.order(order_id)
        assert taken["status"] == "picking" and taken["claimed_by"] not in (None, annas)
    finally:
        boss_device.context.close()

    code = next(
        b["code"]
        for ln in kolektor_server.order(order_id)["lines"]
        if pickable(ln)
        for b in ln["barcodes"]
    )
    scan(anna, code)
    expect(anna.get_by_test_id("overlay")).to_have_attribute("data-kind", "not_yours")
    anna.get_by_test_id("overlay-ack").click()
    expect(anna.locator("[data-screen=queue]")).to_be_visible()
    expect(anna.get_by_test_id(f"order-{order_id}")).to_have_count(0)


def test_manual_quantity_undo_and_shortage(device: Device, kolektor_server: KolektorServer) -> None:
    """A quantity typed on the keypad, undone; then a shortage sends the order to the office."""
    page = device.page
    open_app(page)
    login(page, MAREK)  # a packer: packers pick too
    card = page.locator("[data-testid=queue] li").first
    order_id = int(card.get_attribute("data-order-id") or 0)
    order = kolektor_server.order(order_id)
    line = next(ln for ln in order["lines"] if pickable(ln) and quantity(ln["base_quantity"]) >= 1)
    page.get_by_test_id(f"claim-{order_id}").click()
    expect(page.locator(f"[data-screen=pick][data-order-id='{order_id}']")).to_be_visible()
    picked = page.get_by_test_id(f"picked-{line['id']}")

    page.get_by_test_id(f"line-{line['id']}").click()  # select the line
    expect(page.get_by_test_id(f"line-{line['id']}")).to_have_class(re.compile("selected"))
    page.get_by_test_id("manual").click()
    page.get_by_test_id("key-1").click()
    page.get_by_test_id("keypad-ok").click()
    # A packer may not type quantities alone (the default `manual_quantity`): a supervisor
    # vouches with badge and PIN on the same device.
    approval = page.get_by_test_id("approval-keypad")
    expect(approval.get_by_test_id("keypad-title")).to_have_text("Zgoda kierownika")
    expect(picked).to_have_text("0")
    scan(page, KIEROWNIK.badge)
    for digit in KIEROWNIK.pin:
        page.get_by_test_id(f"key-{digit}").click()
    page.get_by_test_id("keypad-ok").click()
    expect(picked).to_have_text("1")
    assert picked_on_server(kolektor_server, order_id, line["id"]) == 1

    page.get_by_test_id("undo").click()
    expect(picked).to_have_text("0")
    expect(page.get_by_test_id("verdict-banner")).to_have_attribute("data-kind", "undone")
    assert picked_on_server(kolektor_server, order_id, line["id"]) == 0

    # A scan while a menu is open is not counted, and the picker is told so.
    page.get_by_test_id("order-menu").click()
    expect(page.get_by_test_id("menu")).to_be_visible()
    scan(page, line["barcodes"][0]["code"])
    expect(page.get_by_test_id("toast")).to_have_text(
        "Skan nie został policzony — najpierw zamknij okno na ekranie, potem zeskanuj ponownie."
    )
    expect(picked).to_have_text("0")
    assert picked_on_server(kolektor_server, order_id, line["id"]) == 0
    page.get_by_test_id("menu-close").click()

    page.get_by_test_id("shortage").click()
    page.get_by_test_id("reason-missing").click()
    page.get_by_test_id("shortage-text").fill("regał pusty")
    page.get_by_test_id("shortage-confirm").click()
    expect(page.get_by_test_id("order-problem")).to_be_visible()
    expect(page.get_by_test_id(f"line-{line['id']}")).to_have_attribute("data-state", "short")
    stored = kolektor_server.order(order_id)
    assert stored["status"] == "problem"
    assert "regał pusty" in (stored["status_reason"] or "")
