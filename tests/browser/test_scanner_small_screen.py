"""The scanner app on the smallest handheld it is meant for: 360×640 CSS pixels.

What a picker relies on there: the queue lists enough orders to choose from, each readable
(number, customer, lines, urgency, who holds it); the operator's name is shown whole; the
shortage dialog's buttons are on screen without scrolling, also with the on-screen keyboard
up; the urgency is said in words and coloured only where it needs attention, in the order the
server sends; counts agree with their numbers in Polish; a reload without a network starts
the app and picking goes on; a queue longer than one page is listed whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    Device,
    DeviceFactory,
    KolektorServer,
    OfficeApi,
    quantity,
    running_server,
    screenshot,
)

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    ANNA,
    KIEROWNIK,
    PAUSE_MS,
    Operator,
    login,
    open_app,
    outbox_empty,
    pickable,
    scan,
)

SMALL = {"width": 360, "height": 640}
"""A 4.5-inch handheld (Zebra TC21 class at its largest font setting) in CSS pixels."""

KEYBOARD_UP = {"width": 360, "height": 360}
"""The same screen with the on-screen keyboard up: Chrome then resizes the page (the app
asks for it with ``interactive-widget=resizes-content``)."""

URGENCY_RANK = {"urgent": 0, "overdue": 1, "today": 2, "tomorrow": 3, "later": 4, "none": 5}
"""The app's urgency levels in the server's queue order (priority, then due date)."""

LONG_QUEUE = 80
"""Open orders of the paging test: more than the 50 entries of one `queue` page."""


# -- helpers ----------------------------------------------------------------------------------


def small_app(page: Page) -> None:
    """The app at 360×640, on its login screen."""
    page.set_viewport_size(SMALL)
    open_app(page)


def box(locator: Any) -> dict[str, float]:
    """The element's box on the page.  The app re-renders a screen whole when something
    changes (a queue page arrives, the connection state), so an element found a moment ago
    may be replaced while it is measured: then it is found and measured again."""
    for _ in range(20):
        found = locator.bounding_box()
        if found is not None:
            return found  # type: ignore[no-any-return]
        locator.page.wait_for_timeout(50)
    raise AssertionError(f"{locator} is not rendered")


def inside(
    inner: dict[str, float], top: float, bottom: float, width: float = SMALL["width"]
) -> bool:
    return (
        inner["y"] >= top - 0.5
        and inner["y"] + inner["height"] <= bottom + 0.5
        and inner["x"] >= -0.5
        and inner["x"] + inner["width"] <= width + 0.5
    )


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"] + 0.5
        or b["x"] + b["width"] <= a["x"] + 0.5
        or a["y"] + a["height"] <= b["y"] + 0.5
        or b["y"] + b["height"] <= a["y"] + 0.5
    )


def font_px(locator: Any) -> float:
    return float(locator.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)"))


def not_cut(locator: Any) -> bool:
    """The element's text is shown whole: nothing overflows its box."""
    return bool(locator.evaluate("(el) => el.scrollWidth <= el.clientWidth"))


def queue_rows(page: Page) -> Any:
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    rows = page.get_by_test_id("queue").locator("li[data-order-id]")
    expect(rows.first).to_be_visible()
    return rows


def visible_rows(page: Page) -> list[Any]:
    """The orders wholly on screen (the operator's own and those to take): below the top
    of the list, above the navigation."""
    queue_rows(page)
    bottom = box(page.locator("nav.navbar"))["y"]
    top = box(page.locator("[data-screen=queue]"))["y"]
    rows = page.locator("[data-screen=queue] li[data-order-id]")
    return [rows.nth(i) for i in range(rows.count()) if inside(box(rows.nth(i)), top, bottom)]


def simple_order(
    server: KolektorServer, *, skip: set[int]
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """An open demo order with a line of two or more whole units and a one-unit barcode
    (no batch, expiry or serial): the order, the line and the code.  Taken from the end of
    the list (the least urgent), out of the way of the other tests."""
    summaries = server.api("/api/orders", status="new", limit=500)["orders"]
    for summary in reversed(summaries):
        if summary["id"] in skip:
            continue
        order = server.order(summary["id"])
        for line in order["lines"]:
            if not pickable(line) or line["requires_batch"] or line["requires_expiry"]:
                continue
            if line["requires_serial"]:
                continue
            base = quantity(line["base_quantity"])
            if base < 2 or base != base.to_integral_value():
                continue
            codes = [b["code"] for b in line["barcodes"] if quantity(b["quantity"]) == 1]
            codes = [code for code in codes if not code.startswith("2")]
            if codes:
                return order, line, codes[0]
    raise AssertionError("no demo order with a simple line of two or more units")


def orders_in_polish(count: int) -> str:
    """``count`` orders in Polish: 1 zamówienie, 2–4 (not 12–14) zamówienia, else zamówień."""
    if count == 1:
        return "1 zamówienie"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"{count} zamówienia"
    return f"{count} zamówień"


def picked_on_server(server: KolektorServer, order_id: int, line_id: int) -> Decimal:
    line = next(ln for ln in server.order(order_id)["lines"] if ln["id"] == line_id)
    return quantity(line["picked_quantity"])


def release(page: Page, order_id: int) -> None:
    """Give the order back to the queue (Menu → Oddaj zamówienie), as a picker does."""
    page.get_by_test_id("order-menu").click()
    page.get_by_test_id("menu-release").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    expect(page.get_by_test_id(f"open-{order_id}")).to_have_count(0)


def claim(page: Page, order: dict[str, Any]) -> None:
    """Claim the order by scanning its ZK number on the queue."""
    page.wait_for_timeout(PAUSE_MS)
    scan(page, order["number"])
    expect(page.locator(f"[data-screen=pick][data-order-id='{order['id']}']")).to_be_visible()


# -- the queue ---------------------------------------------------------------------------------


def test_the_queue_shows_six_readable_orders(device: Device) -> None:
    """At 360×640 at least six orders are wholly on screen, each with its number, customer,
    lines, urgency and what can be done with it (Biorę) readable and not overlapping."""
    page = device.page
    small_app(page)
    login(page, ANNA)
    rows = visible_rows(page)
    screenshot(page, "scanner-small-queue.png")
    assert len(rows) >= 6, f"only {len(rows)} orders fit on a 360×640 screen"
    for row in rows:
        order_id = row.get_attribute("data-order-id")
        held = "mine" in (row.get_attribute("class") or "")
        number = row.locator(".order-number")
        customer = row.locator(".customer")
        lines = row.locator(".lines-count")
        urgency = row.get_by_test_id(f"urgency-{order_id}")
        action = row.locator(".row-action .btn")
        expect(number).to_have_text(re.compile(r"^(ZK|ZAM) \d+/\d{4}$"))
        expect(customer).not_to_be_empty()
        expect(lines).to_have_text(re.compile(r"^\d+ pozycj[aei]$"))
        expect(urgency).not_to_be_empty()
        parts = [number, customer, lines, urgency]
        if not held:
            expect(action).to_have_text("Biorę")
        if action.count():  # a picker's own picked order has none: it goes to packing
            expect(action).to_have_text(re.compile("^(Biorę|Zbieraj|Pakuj)$"))
            assert box(action)["height"] >= 48  # a target for a gloved finger
            parts.append(action)
        boxes = [box(part) for part in parts]
        row_box = box(row)
        for part, part_box in zip(parts, boxes, strict=True):
            assert inside(part_box, row_box["y"], row_box["y"] + row_box["height"]), part
        for i, first in enumerate(boxes):
            for second in boxes[i + 1 :]:
                assert not overlap(first, second), f"order {order_id}: {first} overlaps {second}"
        assert not_cut(number) and not_cut(lines) and not_cut(urgency)
        assert font_px(number) >= 17
        assert min(font_px(customer), font_px(lines), font_px(urgency)) >= 13


def test_a_held_order_is_listed_first_as_mine(
    devices: DeviceFactory, kolektor_server: KolektorServer
) -> None:
    """An order the picker holds is at the top under *Moje zamówienia* (1 zamówienie) with
    *Zbieraj*, readable on the small screen; it is gone from everyone else's queue."""
    order, _, _ = simple_order(kolektor_server, skip=set())
    anna = devices().page
    small_app(anna)
    login(anna, ANNA)
    claim(anna, order)
    anna.get_by_test_id("back-to-queue").click()
    mine = anna.get_by_test_id("my-orders").get_by_test_id(f"order-{order['id']}")
    held = anna.get_by_test_id("my-orders").locator("li[data-order-id]")
    expect(mine).to_be_visible()
    expect(anna.get_by_test_id("my-count")).to_have_text(orders_in_polish(held.count()))
    action = mine.get_by_test_id(f"open-{order['id']}")
    expect(action).to_have_text("Zbieraj")
    expect(mine.locator(".order-number")).to_have_text(order["number"])
    assert inside(box(mine), 0, box(anna.locator("nav.navbar"))["y"])
    assert not overlap(box(mine.locator(".order-number")), box(action))
    expect(anna.get_by_test_id("queue").get_by_test_id(f"order-{order['id']}")).to_have_count(0)

    boss = devices().page
    small_app(boss)
    login(boss, KIEROWNIK)
    queue_rows(boss)
    expect(boss.get_by_test_id(f"order-{order['id']}")).to_have_count(0)
    action.click()
    release(anna, order["id"])


def test_urgency_in_words_coloured_only_where_needed(device: Device) -> None:
    """The queue says how urgent each order is in words — the demo has orders overdue, due
    today and later — in the server's order (most urgent first); only overdue and urgent
    ones are red, today's amber, the rest plain; and red is the exception."""
    page = device.page
    small_app(page)
    login(page, ANNA)
    rows = queue_rows(page)
    expect(page.get_by_test_id("queue-count")).not_to_have_text("0 zamówień")
    levels: list[str] = page.eval_on_selector_all(
        "[data-testid=queue] li[data-order-id]",
        "(rows) => rows.map((row) =>"
        " row.querySelector('[data-urgency]')?.dataset.urgency ?? 'none')",
    )
    assert len(levels) == rows.count()
    ranks = [URGENCY_RANK[level] for level in levels]
    assert ranks == sorted(ranks), f"the queue is not in the order its words say: {levels}"
    assert {"overdue", "today", "later"} <= set(levels), levels
    red = [level for level in levels if level in ("urgent", "overdue")]
    assert len(red) * 4 <= len(levels), f"{len(red)} of {len(levels)} orders are red"

    words = {"overdue": "po terminie", "today": "na dziś", "tomorrow": "na jutro"}
    colours = {}
    for level in ("overdue", "today", "later"):
        tag = page.locator(f"[data-testid=queue] [data-urgency={level}]").first
        if level in words:
            expect(tag).to_have_text(words[level])
        else:
            expect(tag).to_have_text(re.compile(r"^do \d\d\.\d\d$"))
        colours[level] = tag.evaluate(
            "(el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
        )
    red_background = "rgb(196, 13, 41)"
    assert colours["overdue"][1] == red_background
    assert colours["today"][1] not in (red_background, "rgba(0, 0, 0, 0)")
    assert colours["later"][1] == "rgba(0, 0, 0, 0)"  # no highlight
    assert colours["later"][0] != red_background and "196, 13, 41" not in colours["later"][0]


def test_counts_agree_with_their_numbers(device: Device) -> None:
    """Polish numerals agree with the number: 1 zamówienie, 2 zamówienia, 5 zamówień, 22
    zamówienia, 112 zamówień; the queue's count says it that way."""
    page = device.page
    small_app(page)
    forms = page.evaluate(
        """async () => {
            const i18n = await import("/static/scanner/i18n.js");
            const counts = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 102, 112, 1.5];
            return Object.fromEntries(counts.map((n) => [String(n), i18n.tn("queue.orders", n)]));
        }"""
    )
    assert forms == {
        "0": "0 zamówień",
        "1": "1 zamówienie",
        "2": "2 zamówienia",
        "4": "4 zamówienia",
        "5": "5 zamówień",
        "11": "11 zamówień",
        "12": "12 zamówień",
        "14": "14 zamówień",
        "21": "21 zamówień",
        "22": "22 zamówienia",
        "25": "25 zamówień",
        "102": "102 zamówienia",
        "112": "112 zamówień",
        "1.5": "1.5 zamówienia",
    }
    login(page, ANNA)
    rows = queue_rows(page)
    expect(page.get_by_test_id("queue-count")).to_have_text(orders_in_polish(rows.count()))


# -- the header and the login screen -------------------------------------------------------


def test_the_operators_name_is_shown_whole(devices: DeviceFactory, office: OfficeApi) -> None:
    """The header shows the operator's whole name — also a long one — on the login's next
    screen, within the screen's width; the bottom bar's labels are whole too."""
    created = office.create_operator(
        login="kasia-long", name="Katarzyna Brzęczyszczykiewicz-Wiśniewska", role="picker",
        pin="5678", badge="OP-0077",
    )  # fmt: skip
    long_named = Operator(created["login"], created["name"], "OP-0077", "5678")
    for operator in (KIEROWNIK, long_named):
        page = devices().page
        small_app(page)
        if operator is KIEROWNIK:
            screenshot(page, "scanner-small-login.png")
        login(page, operator)
        name = page.get_by_test_id("operator")
        expect(name).to_have_text(operator.name)
        assert not_cut(name), f"{operator.name} is cut"
        assert inside(box(name), 0, SMALL["height"])
        assert not overlap(box(name), box(page.get_by_test_id("connection")))
        # The bottom bar: a supervisor has the most buttons; none of their labels is cut.
        labels = page.locator(".navbar .btn .label")
        for index in range(labels.count()):
            label = labels.nth(index)
            if label.is_visible():
                assert not_cut(label), f"{label.inner_text()} is cut"


# -- the shortage dialog -----------------------------------------------------------------------


def test_shortage_dialog_buttons_are_on_screen(
    device: Device, kolektor_server: KolektorServer
) -> None:
    """*Brak* opens the shortage dialog with its reasons and both buttons on screen at
    360×640 without scrolling; with the on-screen keyboard up (the page shrinks to 360×360)
    the buttons are still on screen."""
    page = device.page
    order, line, _ = simple_order(kolektor_server, skip=set())
    small_app(page)
    login(page, ANNA)
    claim(page, order)
    page.get_by_test_id(f"line-{line['id']}").click()
    page.get_by_test_id("shortage").click()
    dialog = page.get_by_role("dialog")
    expect(page.get_by_test_id("shortage-confirm")).to_be_visible()
    buttons = [page.get_by_test_id("shortage-confirm"), page.get_by_test_id("shortage-cancel")]
    reasons = page.locator("[data-testid^=reason-]")
    assert reasons.count() >= 5
    for element in [*buttons, *(reasons.nth(i) for i in range(reasons.count()))]:
        assert inside(box(element), 0, SMALL["height"]), element
    assert all(box(button)["height"] >= 48 for button in buttons)
    expect(dialog).to_contain_text(line["name"])

    page.get_by_test_id("shortage-text").click()
    page.set_viewport_size(KEYBOARD_UP)
    page.get_by_test_id("shortage-text").fill("regał zastawiony")
    for element in buttons:
        assert inside(box(element), 0, KEYBOARD_UP["height"]), element
    page.set_viewport_size(SMALL)
    page.get_by_test_id("shortage-cancel").click()
    expect(page.get_by_test_id("shortage-confirm")).to_have_count(0)
    release(page, order["id"])


# -- offline -----------------------------------------------------------------------------------


def test_a_reload_without_network_starts_the_app_and_keeps_scans(
    device: Device, kolektor_server: KolektorServer
) -> None:
    """The Wi-Fi is gone and the page is reloaded: the app starts from its service worker
    (not the browser's error page), says it is offline, shows the order being picked and
    keeps a scan on the device; with the network back the scan is sent and counted."""
    page, context = device.page, device.context
    order, line, code = simple_order(kolektor_server, skip=set())
    small_app(page)
    login(page, ANNA)
    claim(page, order)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    expect(page.get_by_test_id("connection")).to_contain_text("Brak sieci")
    pick = page.locator(f"[data-screen=pick][data-order-id='{order['id']}']")
    expect(pick).to_be_visible()
    expect(page.get_by_test_id("operator")).to_have_text(ANNA.name)
    page.wait_for_timeout(PAUSE_MS)
    scan(page, code)
    expect(page.get_by_test_id("pending-count")).to_have_attribute("data-count", "1")
    expect(page.get_by_test_id("pending-count")).to_contain_text("1 oczekuje")
    expect(page.get_by_test_id(f"line-pending-{line['id']}")).to_contain_text("1")
    screenshot(page, "scanner-small-offline.png")
    assert picked_on_server(kolektor_server, order["id"], line["id"]) == 0

    context.set_offline(False)
    expect(page.get_by_test_id("connection")).to_have_attribute(
        "data-state", "online", timeout=20_000
    )
    outbox_empty(page)
    expect(page.get_by_test_id(f"picked-{line['id']}")).to_have_text("1")
    assert picked_on_server(kolektor_server, order["id"], line["id"]) == 1
    release(page, order["id"])


def test_the_service_worker_leaves_the_api_and_socket_alone(device: Device) -> None:
    """The worker answers only the app's own files from its cache, under a cache named
    after the app's version; the API is never cached."""
    page = device.page
    small_app(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cached = page.evaluate(
        """async () => {
            const names = await caches.keys();
            const urls = [];
            for (const name of names) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
            }
            return {names, urls};
        }"""
    )
    assert len(cached["names"]) == 1 and re.fullmatch(
        r"kolektor-scanner-[0-9a-f]{16}", cached["names"][0]
    )
    assert {"/scanner", "/static/scanner/app.js", "/static/scanner/i18n/pl.json"} <= set(
        cached["urls"]
    )
    assert not [url for url in cached["urls"] if url.startswith("/api") or url.endswith("/ws")]
    response = page.request.get("/static/scanner/sw.js")
    assert response.headers["service-worker-allowed"] == "/scanner"
    assert response.headers["cache-control"] == "no-cache"


# -- a long queue ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_queue_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    """A server of its own whose demo has more open orders than one page of the queue."""
    folder: Path = tmp_path_factory.mktemp("long-queue")
    with running_server(folder, open_orders=LONG_QUEUE) as server:
        yield server


def test_every_order_of_a_long_queue_is_listed_once(
    devices: DeviceFactory, long_queue_server: KolektorServer
) -> None:
    """With more open orders than one `queue` page holds, the app asks for the next pages
    and lists every order exactly once; scrolling down reaches the last one."""
    page = devices(long_queue_server).page
    pages_asked: list[int] = []

    def sent(payload: str | bytes) -> None:
        if isinstance(payload, str) and '"type": "queue"' in payload.replace('":"', '": "'):
            match = re.search(r'"offset":\s*(\d+)', payload)
            pages_asked.append(int(match.group(1)) if match else 0)

    page.on("websocket", lambda socket: socket.on("framesent", sent))
    small_app(page)
    login(page, ANNA)
    expected = {
        o["number"] for o in long_queue_server.api("/api/orders", status="new", limit=500)["orders"]
    }
    assert len(expected) > 50
    rows = queue_rows(page)
    expect(rows).to_have_count(len(expected))
    numbers = page.eval_on_selector_all(
        "[data-testid=queue] li[data-order-id]", "(rows) => rows.map((row) => row.dataset.number)"
    )
    assert len(numbers) == len(set(numbers)), "an order is listed twice"
    assert set(numbers) == expected
    assert any(offset > 0 for offset in pages_asked), pages_asked
    expect(page.get_by_test_id("queue-count")).to_have_text(orders_in_polish(len(expected)))
    last = rows.last
    # In one step (no wait for "stable"): the app may redraw the list meanwhile (its periodic
    # queue refresh), which would detach the row a waiting scroll holds.
    last.evaluate("(row) => row.scrollIntoView({block: 'end'})")
    bottom = box(page.locator("nav.navbar"))["y"]
    assert inside(box(last), 0, bottom)
    expect(last.get_by_test_id(f"claim-{last.get_attribute('data-order-id')}")).to_be_visible()
