"""The office panel's front door on Debian's Chromium against a real ``kolektor serve``: the
login form a reader without a session gets (401), the server's Polish message beside the
form for a wrong password, logging in to the dashboard, the language switch to English and
back, logging out back to the form, and the Polish page for a role without access (403).

The server is the module's own (a wrong password counts against the address and the
account).  Every page is watched for JavaScript errors and CSP violations.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import PANEL_DESKTOP, KolektorServer, panel_context, running_server

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

DESKTOP = PANEL_DESKTOP


@pytest.fixture(scope="module")
def login_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    with running_server(tmp_path_factory.mktemp("login-demo"), wait_for_orders=False) as server:
        yield server


@pytest.fixture
def context(browser: Any, login_server: KolektorServer) -> Iterator[Any]:
    """A desktop browser without a session; fails the test on any JavaScript error or
    Content-Security-Policy violation."""
    with panel_context(browser, login_server.base_url) as context:
        yield context


def log_in(page: Page, login: str, password: str) -> None:
    page.get_by_label("Login").fill(login)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj").click()


def test_log_in_switch_the_language_and_log_out(context: Any) -> None:
    page: Page = context.new_page()
    response = page.goto("/")  # the address people type: on to the panel
    assert response is not None and response.status == 401
    assert page.url.endswith("/panel")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, policy
    expect(page.get_by_role("heading", name="Logowanie do panelu", level=1)).to_be_visible()
    expect(page.get_by_label("Login")).to_be_focused()

    # Nothing typed: said beside the form, nothing sent.
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.locator("#login-error")).to_have_text("Wpisz login i hasło.")

    log_in(page, "biuro", "nie-to-hasło")
    error = page.locator("#login-error")
    expect(error).to_have_text("Zły login albo hasło.")  # the server's own message
    expect(error).to_have_attribute("role", "alert")
    expect(page.get_by_label("Hasło")).to_be_focused()
    expect(page.get_by_role("heading", name="Logowanie do panelu", level=1)).to_be_visible()

    log_in(page, "biuro", "biuro-demo")
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    expect(page.get_by_text("Zalogowano: Łucja Zielińska (biuro)")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Menu panelu")
    expect(navigation.get_by_role("link", name="Pulpit")).to_have_attribute("aria-current", "page")
    expect(navigation.get_by_role("link", name="Operatorzy")).to_have_count(0)  # not an office page
    expect(page.locator("html")).to_have_attribute("lang", "pl")

    page.get_by_role("button", name="Switch the panel to English").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Logged in: Łucja Zielińska (office)")).to_be_visible()
    expect(page.get_by_role("heading", name="Needs action")).to_be_visible()
    expect(page.locator("#live")).to_have_text("Live")

    page.get_by_role("button", name="Przełącz panel na polski").click()
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")

    page.get_by_role("button", name="Wyloguj").click()
    expect(page.get_by_role("heading", name="Logowanie do panelu", level=1)).to_be_visible()
    again = page.goto("/panel")
    assert again is not None and again.status == 401  # the session is over on the server too
    expect(page.get_by_label("Login")).to_be_visible()


def test_a_page_the_role_may_not_open_says_so_in_polish(context: Any) -> None:
    page: Page = context.new_page()
    response = page.goto("/panel/operators")
    assert response is not None and response.status == 401
    log_in(page, "biuro", "biuro-demo")  # back to the page asked for: refused for the role
    expect(page.get_by_role("heading", name="Brak dostępu", level=1)).to_be_visible()
    expect(page.get_by_text("Twoja rola (biuro) nie ma dostępu do tej strony.")).to_be_visible()
    assert page.url.endswith("/panel/operators")
    forbidden = page.goto("/panel/operators")
    assert forbidden is not None and forbidden.status == 403
    page.get_by_role("navigation", name="Menu panelu").get_by_role("link", name="Pulpit").click()
    expect(page.get_by_role("heading", name="Pulpit", level=1)).to_be_visible()
