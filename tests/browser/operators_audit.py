"""The office panel in a desktop browser for the operators and audit log tests: a context
per login, logged in through the panel's own login form, watched for JavaScript errors and
Content-Security-Policy violations (the ``panel`` fixture fails the test on either)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import (
    PANEL_DESKTOP,
    PANEL_TABLET_PORTRAIT,
    KolektorServer,
    watch_context,
)

DESKTOP = PANEL_DESKTOP
TABLET_PORTRAIT = PANEL_TABLET_PORTRAIT
PASSWORDS = {"szef": "szef-demo", "kierownik": "kierownik-demo", "biuro": "biuro-demo"}


class Panel:
    """Desktop browser contexts on a server, each page watched for JavaScript errors and CSP
    violations (:meth:`close` fails on either)."""

    def __init__(self, browser: Any, server: KolektorServer) -> None:
        self.browser = browser
        self.server = server
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []
        self.csp: list[str] = []

    def open(
        self, login: str, path: str = "/panel/operators", viewport: dict[str, int] = DESKTOP
    ) -> Page:
        """A new browser logged in as ``login`` through the panel's login form, on ``path``."""
        context = self.browser.new_context(
            viewport=viewport, locale="pl-PL", timezone_id="Europe/Warsaw",
            base_url=self.server.base_url, accept_downloads=True,
        )  # fmt: skip
        context.set_default_timeout(10_000)
        watch_context(context, self.errors, self.csp)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(path)
        page.get_by_label("Login").fill(login)
        page.get_by_label("Hasło").fill(PASSWORDS[login])
        page.get_by_role("button", name="Zaloguj").click()
        expect(page.locator("body")).to_have_attribute(
            "data-page", path.split("/")[2].split("?")[0]
        )
        # The page's script has run (its listeners are attached) before a test types.
        page.wait_for_load_state("load")
        return page

    def close(self) -> None:
        """Close the contexts; AssertionError for any JavaScript error or CSP violation."""
        for context in self.contexts:
            context.close()
        assert not self.errors, f"JavaScript errors on the page: {self.errors}"
        assert not self.csp, f"Content-Security-Policy violations: {self.csp}"


def panel_on(browser: Any, server: KolektorServer) -> Iterator[Panel]:
    """For a fixture: the panel on ``server``, closed (and checked) after the test."""
    opened = Panel(browser, server)
    yield opened
    opened.close()
