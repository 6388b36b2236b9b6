"""What the browser tests do on the handheld, the way a picker does it: scans typed by a
keyboard-wedge scanner, logins with the badge and then the PIN on the keypad."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page, expect

PAUSE_MS = 130
"""Between two scans: longer than the app's anti-double-scan window (100 ms) and blanking
period (60 ms), as with a person pulling the trigger."""


@dataclass(frozen=True)
class Operator:
    login: str
    name: str
    badge: str
    pin: str


# The demo's scanner operators (printed by `kolektor demo`).
ANNA = Operator("anna", "Anna Kowalska", "OP-0001", "1111")  # picker
MAREK = Operator("marek", "Marek Żółkiewski", "OP-0002", "2222")  # packer
KIEROWNIK = Operator("kierownik", "Grzegorz Dąbrowski", "OP-0003", "3333")  # supervisor

SESSION_TOKEN_KEY = "kolektor.scanner.session-token.v2"
LEGACY_CREDENTIALS_KEY = "kolektor.scanner.session.v1"


def scan(page: Page, code: str) -> None:
    """A keyboard-wedge scan: the code typed into the focused scan field, then Enter."""
    expect(page.get_by_test_id("scan-input")).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def outbox_empty(page: Page) -> None:
    """Wait until every scan and entry waiting on the device has been answered.

    (``wait_for_function`` always gets an arrow function in these tests: Playwright
    compiles a bare expression again with ``eval`` at every poll, which the page's
    Content-Security-Policy blocks; a function is compiled once, by DevTools.)"""
    page.wait_for_function("() => window.kolektor.outbox.items.length === 0")


def settled(page: Page) -> None:
    """Every scan answered (the device's outbox empty), then the trigger pause."""
    outbox_empty(page)
    page.wait_for_timeout(PAUSE_MS)


def open_app(page: Page) -> None:
    """Open the app on its login screen, connected; the server's strict Content-Security-
    Policy is in force (so the fixture's CSP watch means something)."""
    response = page.goto("/scanner")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, policy
    expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    expect(page.locator("[data-screen=login]")).to_be_visible()


def type_pin(page: Page, pin: str) -> None:
    """Tap the digits on the keypad and confirm."""
    for digit in pin:
        page.get_by_test_id(f"key-{digit}").click()
    expect(page.get_by_test_id("keypad-display")).to_have_text("•" * len(pin))
    page.get_by_test_id("keypad-ok").click()


def pin_keypad(page: Page) -> Any:
    """The keypad the app opens after a badge scan: the server asked for the PIN."""
    keypad = page.get_by_test_id("pin-keypad")
    expect(keypad).to_be_visible()
    expect(keypad.get_by_test_id("keypad-title")).to_have_text(
        "Zeskanowano identyfikator — wpisz PIN"
    )
    return keypad


def login(page: Page, operator: Operator) -> None:
    """Scan the badge, type the PIN: the queue (or the packing station) opens."""
    page.wait_for_timeout(PAUSE_MS)
    scan(page, operator.badge)
    pin_keypad(page)
    type_pin(page, operator.pin)
    expect(page.get_by_test_id("pin-keypad")).to_have_count(0)
    expect(page.get_by_test_id("operator")).to_have_text(operator.name)


def pickable(line: dict[str, Any]) -> bool:
    return line.get("product_id") is not None and line.get("kind") == 1


def record_logins(page: Page) -> list[dict[str, Any]]:
    """The `login` messages the page sends over its WebSockets from now on, in order."""
    sent: list[dict[str, Any]] = []

    def frame(payload: str | bytes) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            return
        if isinstance(message, dict) and message.get("type") == "login":
            sent.append(message)

    page.on("websocket", lambda socket: socket.on("framesent", frame))
    return sent
