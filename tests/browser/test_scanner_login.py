"""Logging in on the scanner: badge then PIN, device sessions that survive a reload without
keeping any secret on the device, sessions the server ends (a deactivated operator, a
supervisor logging someone out), login throttling, and what a picker may not do.

Operators that a test deactivates or logs out are created for that test through the office
API, so the demo operators the other tests use are never touched.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from tests.browser.conftest import (
    Device,
    DeviceFactory,
    KolektorServer,
    OfficeApi,
    quantity,
    screenshot,
)

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    ANNA,
    LEGACY_CREDENTIALS_KEY,
    MAREK,
    PAUSE_MS,
    SESSION_TOKEN_KEY,
    Operator,
    login,
    open_app,
    outbox_empty,
    pickable,
    pin_keypad,
    record_logins,
    scan,
    type_pin,
)

WRONG_PIN_MESSAGE = "Nieznany identyfikator albo zły PIN."
THROTTLED_MESSAGE = "Za dużo nieudanych prób logowania"
PIN_OK_BUTTON = "[data-testid=pin-keypad] [data-testid=keypad-ok]"


def new_operator(
    office: OfficeApi, badge: str, pin: str, role: str = "picker", **extra: Any
) -> tuple[int, Operator]:
    """An operator of the test's own (a picker unless told), created through the office API."""
    suffix = uuid.uuid4().hex[:6]
    name = f"Test {suffix}"
    created = office.create_operator(
        login=f"test-{suffix}", name=name, role=role, pin=pin, badge=badge, **extra
    )
    return created["id"], Operator(created["login"], name, badge, pin)


def storage(page: Page) -> dict[str, dict[str, str]]:
    """Everything the app keeps in the browser: both storages, key → value."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => Object.fromEntries(["sessionStorage", "localStorage"].map((name) => {
            const store = window[name];
            const entries = {};
            for (let i = 0; i < store.length; i++) {
                entries[store.key(i)] = store.getItem(store.key(i));
            }
            return [name, entries];
        }))"""
    )


def leaves(value: Any) -> list[tuple[str | None, Any]]:
    """(key, value) of every scalar in a JSON value (key None for list items and the top)."""
    found: list[tuple[str | None, Any]] = []

    def walk(item: Any, key: str | None) -> None:
        if isinstance(item, dict):
            for name, inner in item.items():
                found.append((name, None))
                walk(inner, name)
        elif isinstance(item, list):
            for inner in item:
                walk(inner, None)
        else:
            found.append((key, item))

    walk(value, None)
    return found


def assert_no_secrets(page: Page, operator: Operator) -> dict[str, dict[str, str]]:
    """Neither storage holds the badge code or the PIN, in any form the app could write:
    as text anywhere, as a JSON value, or under a key named after them."""
    stored = storage(page)
    for area, entries in stored.items():
        for key, raw in entries.items():
            assert operator.badge.lower() not in f"{key} {raw}".lower(), (area, key)
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw
            for name, value in leaves(parsed):
                assert str(value).strip() != operator.pin, (area, key, name)
                assert (name or "").lower() not in {"pin", "badge", "credentials"}, (area, key)
    return stored


# -- badge and PIN ------------------------------------------------------------------------------


def test_badge_scan_asks_for_the_pin(device: Device) -> None:
    """A badge alone does not log in: the app asks for the PIN (showing only the end of the
    badge code), then the queue opens."""
    page = device.page
    logins = record_logins(page)
    open_app(page)
    page.wait_for_timeout(PAUSE_MS)
    scan(page, MAREK.badge)
    hint = pin_keypad(page).get_by_test_id("keypad-hint")
    expect(hint).to_contain_text("…0002")

    # The wrong card: scanning another badge over the keypad switches to it.
    page.wait_for_timeout(PAUSE_MS)
    scan(page, ANNA.badge)
    keypad = pin_keypad(page)
    hint = keypad.get_by_test_id("keypad-hint")
    expect(hint).to_contain_text("…0001")
    expect(hint).not_to_contain_text(ANNA.badge)
    expect(page.locator("[data-screen=login]")).to_be_visible()
    assert [{k: v for k, v in sent.items() if k != "ref"} for sent in logins] == [
        {"v": 1, "type": "login", "badge": MAREK.badge},
        {"v": 1, "type": "login", "badge": ANNA.badge},
    ]
    screenshot(page, "scanner-login-pin.png")

    type_pin(page, ANNA.pin)
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    expect(page.get_by_test_id("operator")).to_have_text(ANNA.name)
    assert {k: v for k, v in logins[2].items() if k != "ref"} == {
        "v": 1, "type": "login", "badge": ANNA.badge, "pin": ANNA.pin,
    }  # fmt: skip


def test_wrong_pin_keeps_the_keypad(device: Device) -> None:
    """A wrong PIN: the server's Polish message in the keypad, the digits cleared, and the
    keypad ready for the right PIN.  The badge matches whatever its case."""
    page = device.page
    open_app(page)
    page.wait_for_timeout(PAUSE_MS)
    scan(page, MAREK.badge.lower())
    keypad = pin_keypad(page)

    type_pin(page, "9999")
    expect(keypad.get_by_test_id("keypad-error")).to_have_text(WRONG_PIN_MESSAGE)
    expect(keypad).to_be_visible()
    expect(keypad.get_by_test_id("keypad-display")).not_to_contain_text("•")
    expect(keypad.get_by_test_id("keypad-ok")).to_be_enabled()
    expect(keypad.get_by_test_id("keypad-ok")).to_have_text("Zaloguj")
    expect(page.get_by_test_id("operator")).to_have_count(0)

    # The right PIN on the terminal's hardware keys (digits + Enter, like a scan).
    page.wait_for_timeout(PAUSE_MS)
    scan(page, MAREK.pin)
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    expect(page.get_by_test_id("operator")).to_have_text(MAREK.name)


def test_badge_only_operator_logs_in_with_the_badge(device: Device, office: OfficeApi) -> None:
    """An operator an admin marked "badge only" is logged in by the badge alone: no keypad."""
    _, operator = new_operator(office, "OP-0096", "8642", badge_only=True)
    page = device.page
    open_app(page)
    page.wait_for_timeout(PAUSE_MS)
    scan(page, operator.badge)
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    expect(page.get_by_test_id("operator")).to_have_text(operator.name)
    expect(page.get_by_test_id("pin-keypad")).to_have_count(0)


def test_office_account_cannot_log_in_on_a_scanner(device: Device, office: OfficeApi) -> None:
    """The right badge and PIN of an office account: the server's reason, no login."""
    _, operator = new_operator(office, "OP-0097", "4444", role="office")
    page = device.page
    open_app(page)
    page.wait_for_timeout(PAUSE_MS)
    scan(page, operator.badge)
    keypad = pin_keypad(page)
    type_pin(page, operator.pin)
    expect(keypad.get_by_test_id("keypad-error")).to_have_text(
        "To konto nie może logować się na skanerze."
    )
    expect(page.locator("[data-screen=login]")).to_be_visible()
    expect(page.get_by_test_id("operator")).to_have_count(0)


# -- device sessions ----------------------------------------------------------------------------


def test_reload_resumes_the_session_and_no_secret_is_stored(device: Device) -> None:
    """After a reload the app logs in again with its session token alone; the browser's
    storage holds that token but never the badge or the PIN — and credentials an older
    version of the app kept are deleted."""
    page = device.page
    open_app(page)
    login(page, ANNA)
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    stored = assert_no_secrets(page, ANNA)
    token = stored["sessionStorage"].get(SESSION_TOKEN_KEY)
    assert token and len(token) >= 32

    # What an app from before device sessions left behind: the badge and PIN themselves.
    legacy = json.dumps({"badge": ANNA.badge, "pin": ANNA.pin})
    page.evaluate(
        "([key, value]) => [sessionStorage, localStorage].forEach((s) => s.setItem(key, value))",
        [LEGACY_CREDENTIALS_KEY, legacy],
    )
    logins = record_logins(page)
    page.reload()
    expect(page.locator("[data-screen=queue]")).to_be_visible()
    expect(page.get_by_test_id("operator")).to_have_text(ANNA.name)
    expect(page.get_by_test_id("pin-keypad")).to_have_count(0)
    assert logins == [{"v": 1, "type": "login", "ref": logins[0]["ref"], "session": token}]
    stored = assert_no_secrets(page, ANNA)
    assert stored["sessionStorage"][SESSION_TOKEN_KEY] == token  # resumed, not a new session
    assert all(LEGACY_CREDENTIALS_KEY not in entries for entries in stored.values())


def test_deactivated_operator_is_sent_to_the_login_screen(
    device: Device, office: OfficeApi
) -> None:
    """An admin deactivates an operator while the app is open: within seconds the device
    shows the login screen with the server's reason, and the session is gone for good."""
    operator_id, operator = new_operator(office, "OP-0099", "4321")
    page = device.page
    open_app(page)
    login(page, operator)
    expect(page.locator("[data-screen=queue]")).to_be_visible()

    office.change_operator(operator_id, active=False)
    notice = page.get_by_test_id("login-notice")
    expect(notice).to_have_text("Konto zostało wyłączone.")
    expect(notice).to_have_attribute("data-reason", "inactive")
    expect(page.locator("[data-screen=login]")).to_be_visible()
    expect(page.get_by_test_id("operator")).to_have_count(0)
    assert SESSION_TOKEN_KEY not in storage(page)["sessionStorage"]
    screenshot(page, "scanner-logged-out.png")

    # Active again: a reload does not bring the old session back, the PIN is needed.
    office.change_operator(operator_id, active=True)
    page.reload()
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(page.locator("[data-screen=login]")).to_be_visible()
    login(page, operator)
    expect(page.locator("[data-screen=queue]")).to_be_visible()


def test_scans_wait_when_the_session_ended_meanwhile(
    device: Device, office: OfficeApi, kolektor_server: KolektorServer
) -> None:
    """Offline, a scan waits on the device; meanwhile a supervisor logs the picker out
    everywhere.  Back online the session cannot be resumed: the login screen says so and
    the scan is still waiting — it is counted once the same picker logs in again."""
    operator_id, operator = new_operator(office, "OP-0098", "5678")
    page, context = device.page, device.context
    open_app(page)
    login(page, operator)
    card = page.locator("[data-testid=queue] li").last
    order_id = int(card.get_attribute("data-order-id") or 0)
    line, code = next(
        (ln, b["code"])
        for ln in kolektor_server.order(order_id)["lines"]
        if pickable(ln) and not (ln["requires_batch"] or ln["requires_expiry"])
        and not ln["requires_serial"] and quantity(ln["base_quantity"]) >= 1
        for b in ln["barcodes"]
        if quantity(b["quantity"]) == 1 and not b["code"].startswith("2")
    )  # fmt: skip
    page.get_by_test_id(f"claim-{order_id}").click()
    expect(page.locator(f"[data-screen=pick][data-order-id='{order_id}']")).to_be_visible()

    context.set_offline(True)
    page.evaluate("window.kolektor.client.drop()")
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    page.wait_for_timeout(PAUSE_MS)
    scan(page, code)
    expect(page.get_by_test_id("pending-count")).to_have_attribute("data-count", "1")
    assert office.logout_everywhere(operator_id) >= 1

    context.set_offline(False)
    notice = page.get_by_test_id("login-notice")
    expect(notice).to_have_text("Sesja wygasła — zaloguj się ponownie.")
    expect(page.locator("[data-screen=login]")).to_be_visible()
    expect(page.get_by_test_id("login-pending")).to_contain_text("1 skan czeka")
    expect(page.get_by_test_id("pending-count")).to_have_attribute("data-count", "1")
    outbox = json.loads(page.evaluate("localStorage.getItem('kolektor.scanner.outbox.v1')"))
    assert [(item["operator"], item["payload"]["code"]) for item in outbox] == [
        (operator.login, code)
    ]
    picked = next(ln for ln in kolektor_server.order(order_id)["lines"] if ln["id"] == line["id"])
    assert quantity(picked["picked_quantity"]) == 0

    login(page, operator)
    outbox_empty(page)
    expect(page.get_by_test_id("pending-count")).to_have_count(0)
    picked = next(ln for ln in kolektor_server.order(order_id)["lines"] if ln["id"] == line["id"])
    assert quantity(picked["picked_quantity"]) == 1


# -- throttling ---------------------------------------------------------------------------------


def held_seconds(label: str) -> int:
    found = re.fullmatch(r"Czekaj (\d+) s", label.strip())
    assert found, label
    return int(found.group(1))


def test_throttled_login_counts_down(
    devices: DeviceFactory, throttling_server: KolektorServer
) -> None:
    """Wrong PINs again and again: the server makes the next attempt wait, and the keypad
    shows its message and a countdown on the disabled button until the wait is over."""
    page = devices(throttling_server).page
    open_app(page)
    page.wait_for_timeout(PAUSE_MS)
    scan(page, ANNA.badge)
    keypad = pin_keypad(page)
    ok = keypad.get_by_test_id("keypad-ok")

    # Each wrong PIN is answered either "wrong PIN" (the button is back) or "wait" (held).
    # The waits grow 1 s, 2 s…; keep going until one is long enough to watch it count down.
    first_wait = 0
    for _ in range(8):
        type_pin(page, "0000")
        page.wait_for_function(
            """(selector) => {
                const ok = document.querySelector(selector);
                return !ok.disabled || ok.classList.contains("held");
            }""",
            arg=PIN_OK_BUTTON,
        )
        if "held" not in (ok.get_attribute("class") or ""):
            expect(keypad.get_by_test_id("keypad-error")).to_have_text(WRONG_PIN_MESSAGE)
            continue
        first_wait = held_seconds(ok.inner_text())
        expect(ok).to_be_disabled()
        expect(keypad.get_by_test_id("keypad-error")).to_contain_text(THROTTLED_MESSAGE)
        if first_wait >= 2:
            break
        expect(ok).to_be_enabled(timeout=first_wait * 1000 + 5000)
    assert first_wait >= 2, "the server never asked to wait two seconds or more"
    screenshot(page, "scanner-login-throttled.png")

    # On a 360×640 terminal too, with the longest message, every key and the button are
    # fully on screen (no scrolling with gloves on).
    page.set_viewport_size({"width": 360, "height": 640})
    for part in ("keypad-error", "key-1", "key-0", "keypad-cancel", "keypad-ok"):
        expect(keypad.get_by_test_id(part)).to_be_in_viewport(ratio=1)

    # The countdown runs, then the button comes back and the right PIN logs in.
    page.wait_for_function(
        """([selector, first]) => {
            const found = /(\\d+) s/.exec(document.querySelector(selector).textContent);
            return found && Number(found[1]) < first;
        }""",
        arg=[PIN_OK_BUTTON, first_wait],
    )
    expect(ok).to_be_disabled()
    expect(ok).to_be_enabled(timeout=first_wait * 1000 + 5000)
    expect(ok).to_have_text("Zaloguj")
    type_pin(page, ANNA.pin)
    expect(page.locator("[data-screen=queue]")).to_be_visible()


# -- roles and the page's security policy ---------------------------------------------------------


def test_picker_sees_no_packing(devices: DeviceFactory) -> None:
    """Packing is for packers, supervisors and admins: a picker's navigation has no
    packing entry, a packer's has."""
    anna = devices().page
    open_app(anna)
    login(anna, ANNA)
    expect(anna.get_by_test_id("nav-queue")).to_be_visible()
    expect(anna.get_by_test_id("nav-packScan")).to_have_count(0)
    expect(anna.get_by_test_id("nav-overview")).to_have_count(0)

    marek = devices().page
    open_app(marek)
    login(marek, MAREK)
    marek.get_by_test_id("nav-packScan").click()
    expect(marek.locator("[data-screen=packScan]")).to_be_visible()


def test_csp_violations_are_caught(device: Device) -> None:
    """The fixture's watch sees a violation of the server's policy (so its silence in the
    other tests means something): a style attribute set from the page is blocked."""
    page = device.page
    open_app(page)
    assert device.csp == []
    blocked = page.evaluate(
        """() => new Promise((resolve) => {
            document.addEventListener("securitypolicyviolation", () => resolve(
                getComputedStyle(document.body).outlineStyle), { once: true });
            document.body.setAttribute("style", "outline: 3px solid red");
        })"""
    )
    assert blocked == "none"  # the style was not applied
    page.evaluate("() => true")  # one more round trip: the watch's report has arrived
    assert any("style-src" in report for report in device.csp), device.csp
    device.csp.clear()  # expected here; any other violation still fails the test
