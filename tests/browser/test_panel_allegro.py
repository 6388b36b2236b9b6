"""The Allegro accounts page (/panel/allegro) on Debian's Chromium against a real ``kolektor
serve`` whose ``[allegro]`` application points at a fake Allegro on loopback: an admin
connects a seller account by the device flow — the code shown big with its link and
countdown, the state asked no faster than the server's ``retry_after``, the code confirmed on
the fake's ``/skojarz-aplikacje`` page in a new tab — and watches the account turn
„Połączone” without reloading; a refusal at Allegro is said, and "Spróbuj ponownie" connects
it after all; an account is disconnected after a confirmation.  Only an admin has the page;
without an application the page says what to put in ``kolektor.toml``.  Every page is
watched for JavaScript errors and Content-Security-Policy violations.

The fake runs its own Trio loop in a thread; it asks for a poll interval of 1 s (Allegro's is
5 s) so the flow takes seconds.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import trio

from kolektor.fakes.allegro import FakeAllegro
from tests.browser.conftest import (
    ADMIN_LOGIN,
    PANEL_TABLET_PORTRAIT,
    KolektorServer,
    running_server,
    screenshot,
)

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.browser.operators_audit import Panel, panel_on

CLIENT_ID = "kolektor-panel-test"
CLIENT_SECRET = "sekret-aplikacji-panelu"
SELLERS = {"sklep_zolw": "43216789", "sklep_drugi": "55501234"}
FLOW_TIMEOUT = 20_000
"""Milliseconds for a state Kolektor learns from Allegro by polling (1 s apart)."""


@contextmanager
def fake_allegro() -> Iterator[FakeAllegro]:
    """The fake Allegro served by its own Trio loop in a thread; the shop's device application
    and two sellers; fails if the fake ever answered against Allegro's OpenAPI file."""
    fake = FakeAllegro()
    fake.add_app(CLIENT_ID, CLIENT_SECRET)
    for login, seller_id in SELLERS.items():
        fake.add_seller(login, seller_id)
    fake.oauth.device_interval = 1
    ready = threading.Event()
    loop: dict[str, Any] = {}

    async def serve() -> None:
        async with trio.open_nursery() as nursery:
            await fake.start(nursery)
            loop["token"], loop["scope"] = trio.lowlevel.current_trio_token(), nursery.cancel_scope
            ready.set()

    def run() -> None:
        try:
            trio.run(serve)
        finally:
            ready.set()

    thread = threading.Thread(target=run, name="fake-allegro", daemon=True)
    thread.start()
    assert ready.wait(30) and "token" in loop, "the fake Allegro did not start"
    try:
        yield fake
    finally:
        trio.from_thread.run_sync(loop["scope"].cancel, trio_token=loop["token"])
        thread.join(10)
    assert fake.violations == [], "the fake answered against the spec"


@pytest.fixture(scope="module")
def allegro() -> Iterator[FakeAllegro]:
    with fake_allegro() as fake:
        yield fake


@pytest.fixture(scope="module")
def server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory, allegro: FakeAllegro
) -> Iterator[KolektorServer]:
    section = (
        "[allegro]\n"
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        'environment = "sandbox"\n'
        f'api_url = "{allegro.url}"\n'
        f'auth_url = "{allegro.url}"\n'
        'info_url = "https://sklep.example/kolektor"\n'
    )
    folder = tmp_path_factory.mktemp("allegro-demo")
    with running_server(folder, wait_for_orders=False, config_extra=section) as started:
        yield started


@pytest.fixture
def panel(browser: Any, server: KolektorServer) -> Iterator[Panel]:
    yield from panel_on(browser, server)


def api_accounts(server: KolektorServer) -> list[dict[str, Any]]:
    """The accounts as ``GET /api/allegro/accounts`` answers an admin."""
    with httpx.Client(base_url=server.base_url, timeout=10.0) as http:
        http.post("/api/session", json=ADMIN_LOGIN).raise_for_status()
        answer = http.get("/api/allegro/accounts")
        answer.raise_for_status()
        return answer.json()["accounts"]  # type: ignore[no-any-return]


def polish_plural(n: int, one: str, few: str, many: str) -> str:
    if n == 1:
        return one
    return few if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else many


def caption(accounts: int, connected: int) -> str:
    """The table's caption in Polish: "1 konto Allegro, 1 połączone", "5 kont…"."""
    kont = polish_plural(accounts, "konto", "konta", "kont")
    connected_word = polish_plural(connected, "połączone", "połączone", "połączonych")
    return f"{accounts} {kont} Allegro, {connected} {connected_word}"


def account_row(page: Page, name: str) -> Any:
    return page.locator("#accounts tbody tr").filter(
        has=page.get_by_role("rowheader", name=name, exact=True)
    )


def connect(page: Page, name: str) -> str:
    """Start connecting ``name`` from the form, by keyboard; the code shown."""
    field = page.get_by_label("Nazwa konta")
    field.focus()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    code = page.locator("#flow-code")
    expect(code).to_have_text(re.compile(r"^[a-z0-9]{9}$"))
    return code.inner_text()


def at_allegro(page: Page, code: str, decision: str, seller: str = "sklep_zolw") -> None:
    """Open the flow's link (a new tab: the fake's ``/skojarz-aplikacje``), check the code
    there, choose the seller and decide — "Zezwól" or "Odmów" — as the seller would."""
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Otwórz stronę Allegro").click()
    allegro_tab = opened.value
    allegro_tab.wait_for_load_state()
    expect(allegro_tab.locator("b")).to_have_text(code)
    allegro_tab.get_by_label("Konto").select_option(seller)
    allegro_tab.get_by_role("button", name=decision).click()
    expect(allegro_tab.locator("p")).to_contain_text(
        "Aplikacja została powiązana" if decision == "Zezwól" else "Odmówiono dostępu"
    )
    allegro_tab.close()


def test_an_admin_connects_an_account_by_confirming_the_code_at_allegro(
    panel: Panel, server: KolektorServer, allegro: FakeAllegro
) -> None:
    page = panel.open("szef", path="/panel/allegro")
    expect(page.get_by_role("heading", name="Konta Allegro", level=1)).to_be_visible()
    expect(page.locator("#setup-card")).to_be_hidden()
    expect(page.get_by_label("Środowisko")).to_have_value("sandbox (testowe)")
    page.evaluate("() => { window.kolektorSamePage = true; }")

    # No name: said beside the field, nothing asked of Allegro.
    page.get_by_role("button", name="Połącz konto").click()
    name = page.get_by_label("Nazwa konta")
    expect(page.locator("#connect-name-error")).to_have_text("Wpisz nazwę konta.")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_attribute("aria-describedby", "connect-name-hint connect-name-error")
    expect(name).to_be_focused()
    assert allegro.count("POST", "/auth/oauth/device") == 0

    # Every poll the page makes, for the retry_after check below.
    polls: list[Any] = []
    page.on(
        "requestfinished",
        lambda request: polls.append(request) if request.url.endswith("/poll") else None,
    )

    code = connect(page, "Sklep Żółw")
    expect(name).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#connect-name-error")).to_be_hidden()
    flow = page.locator("#flow")
    expect(flow.get_by_role("heading")).to_have_text(
        "Potwierdź połączenie konta „Sklep Żółw” w Allegro"
    )
    link = page.get_by_role("link", name="Otwórz stronę Allegro")
    expect(link).to_have_attribute("href", f"{allegro.url}/skojarz-aplikacje?code={code}")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    expect(page.locator("#flow-url")).to_have_text(f"{allegro.url}/skojarz-aplikacje?code={code}")
    expect(page.locator("#flow-countdown")).to_have_text(
        re.compile(r"^Kod ważny jeszcze (59 min|1 h 00 min)")
    )
    expect(page.locator("#flow-message")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#flow-message")).to_have_text(
        "Czekamy na potwierdzenie w Allegro: otwórz link, zaloguj się na konto sprzedawcy i "
        f"wpisz kod {code}.",
        timeout=FLOW_TIMEOUT,
    )
    [pending] = [a for a in api_accounts(server) if a["name"] == "Sklep Żółw"]
    assert (pending["state"], pending["user_code"]) == ("pending", code)
    row = account_row(page, "Sklep Żółw")
    expect(row.locator(".state")).to_have_text("Czeka na potwierdzenie")

    screenshot(page, "panel-allegro.png")

    # The copy button puts the code on the clipboard.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Kopiuj kod").click()
    expect(page.locator("#notices")).to_contain_text(f"Skopiowano kod {code}.")
    assert page.evaluate("() => navigator.clipboard.readText()") == code

    # A few polls later: each asked no sooner than the previous answer's retry_after (the
    # browser's own times of each request's start and answer's end).
    deadline = time.monotonic() + 15
    while len(polls) < 3 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert len(polls) >= 3, polls
    timeline = []
    for request in polls:
        response = request.response()
        assert response is not None and response.status == 200
        started = request.timing["startTime"]
        timeline.append((started, started + request.timing["responseEnd"], response.json()))
    for (_, answered, body), (asked, _, _) in itertools.pairwise(timeline):
        assert body["state"] == "pending", body
        assert asked - answered >= body["retry_after"] * 1000 - 100, (body, timeline)

    # The seller confirms at Allegro; the page turns without a reload.
    at_allegro(page, code, "Zezwól", seller="sklep_zolw")
    expect(page.locator("#notices")).to_contain_text(
        "Konto Allegro „sklep_zolw” jest połączone.", timeout=FLOW_TIMEOUT
    )
    expect(flow).to_be_hidden()
    expect(row.locator(".state")).to_have_text("Połączone")
    expect(row.locator(".state")).to_have_class(re.compile(r"\ballegro-connected\b"))
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text("sandbox (testowe)")
    expect(cells.nth(2)).to_have_text("sklep_zolw")
    expect(cells.nth(3)).to_have_text(re.compile(r"^\d{1,2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$"))
    expect(cells.nth(4)).to_have_text("—")
    everything = api_accounts(server)
    expect(page.locator("#accounts-caption")).to_have_text(
        caption(len(everything), sum(1 for a in everything if a["state"] == "connected"))
    )
    assert page.evaluate("() => window.kolektorSamePage === true")
    [connected] = [a for a in api_accounts(server) if a["name"] == "Sklep Żółw"]
    assert (connected["state"], connected["login"], connected["seller_id"]) == (
        "connected",
        "sklep_zolw",
        "43216789",
    )

    # Disconnecting asks first; "Anuluj" leaves it connected.
    row.get_by_role("button", name="Rozłącz").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(
        "Rozłączyć konto Allegro „Sklep Żółw”? Kolektor usunie jego tokeny i nie kupi nim "
        "przesyłek, dopóki nie połączysz go ponownie."
    )
    dialog.get_by_role("button", name="Anuluj").click()
    expect(row.locator(".state")).to_have_text("Połączone")
    row.get_by_role("button", name="Rozłącz").click()
    page.get_by_role("dialog").get_by_role("button", name="Rozłącz").click()
    expect(page.locator("#notices")).to_contain_text(
        "Konto Allegro „Sklep Żółw” zostało rozłączone."
    )
    expect(row.locator(".state")).to_have_text("Rozłączone")
    expect(row.get_by_role("button", name="Połącz ponownie")).to_be_visible()
    expect(row.get_by_role("button", name="Rozłącz")).to_have_count(0)
    assert [a["state"] for a in api_accounts(server) if a["name"] == "Sklep Żółw"] == [
        "disconnected"
    ]


def test_a_refusal_at_allegro_is_said_and_trying_again_connects(
    panel: Panel, server: KolektorServer, allegro: FakeAllegro
) -> None:
    page = panel.open("szef", path="/panel/allegro", viewport=PANEL_TABLET_PORTRAIT)
    first = connect(page, "Sklep Drugi")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PANEL_TABLET_PORTRAIT["width"], width  # the code and link fit upright
    code_box = page.locator("#flow-code").bounding_box()
    assert code_box is not None and code_box["x"] + code_box["width"] <= width

    # Allegro fails once while the page waits: said, and asked again by itself.
    message = page.locator("#flow-message")
    expect(message).to_contain_text(f"wpisz kod {first}.", timeout=FLOW_TIMEOUT)
    allegro.fail_next("POST", "/auth/oauth/token", 503)
    expect(message).to_have_text(re.compile(r" Następne sprawdzenie za 1 s\.$"))
    expect(message).to_have_class(re.compile(r"\bwarning\b"))
    expect(message).to_contain_text(f"wpisz kod {first}.", timeout=FLOW_TIMEOUT)

    at_allegro(page, first, "Odmów")
    expect(message).to_have_text(
        "Sprzedawca odmówił dostępu w Allegro. Połącz konto ponownie, jeśli to pomyłka.",
        timeout=FLOW_TIMEOUT,
    )
    retry = page.get_by_role("button", name="Spróbuj ponownie")
    expect(retry).to_be_focused()
    row = account_row(page, "Sklep Drugi")
    expect(row.locator(".state")).to_have_text("Odmowa w Allegro")
    expect(row.locator("td").nth(4)).to_have_text(
        "Sprzedawca odmówił dostępu w Allegro. Połącz konto ponownie, jeśli to pomyłka."
    )

    page.keyboard.press("Enter")  # "Spróbuj ponownie", focused
    code = page.locator("#flow-code")
    expect(code).not_to_have_text(first)
    expect(code).to_have_text(re.compile(r"^[a-z0-9]{9}$"))
    expect(retry).to_be_hidden()
    second = code.inner_text()
    expect(message).to_contain_text(f"wpisz kod {second}.", timeout=FLOW_TIMEOUT)
    expect(row.locator(".state")).to_have_text("Czeka na potwierdzenie")

    at_allegro(page, second, "Zezwól", seller="sklep_drugi")
    expect(page.locator("#notices")).to_contain_text(
        "Konto Allegro „sklep_drugi” jest połączone.", timeout=FLOW_TIMEOUT
    )
    expect(row.locator(".state")).to_have_text("Połączone")
    expect(row.locator("td").nth(4)).to_have_text("—")
    accounts = {a["name"]: a for a in api_accounts(server)}
    assert (accounts["Sklep Drugi"]["state"], accounts["Sklep Drugi"]["login"]) == (
        "connected",
        "sklep_drugi",
    )


def test_only_an_admin_has_the_page(panel: Panel) -> None:
    office = panel.open("biuro", path="/panel/orders")
    expect(office.get_by_role("link", name="Konta Allegro")).to_have_count(0)
    response = office.goto("/panel/allegro")
    assert response is not None and response.status == 403
    expect(office.get_by_role("heading", name="Brak dostępu")).to_be_visible()
    expect(office.locator("#connect-form")).to_have_count(0)

    admin = panel.open("szef", path="/panel/orders")
    admin.locator(".mainnav").get_by_role("link", name="Konta Allegro").click()
    expect(admin).to_have_url(re.compile(r"/panel/allegro$"))
    expect(admin.get_by_role("link", name="Konta Allegro")).to_have_attribute(
        "aria-current", "page"
    )


def test_without_an_application_the_page_says_what_to_put_in_kolektor_toml(
    browser: Any, kolektor_server: KolektorServer
) -> None:
    unconfigured = Panel(browser, kolektor_server)  # the shared demo: no [allegro] section
    try:
        page = unconfigured.open("szef", path="/panel/allegro")
        setup = page.locator("#setup-card")
        expect(setup.get_by_role("heading")).to_have_text("Allegro nie jest skonfigurowane")
        expect(page.locator("#setup-config")).to_contain_text('client_id = "…"')
        expect(page.locator("#setup-config")).to_contain_text(
            'client_secret = "${ALLEGRO_CLIENT_SECRET}"'
        )
        expect(page.locator("#setup-secret")).to_have_text('ALLEGRO_CLIENT_SECRET = "…"')
        expect(setup).to_contain_text("Uruchom Kolektora ponownie")
        expect(
            setup.get_by_role("link", name="apps.developer.allegro.pl", exact=True)
        ).to_have_attribute("rel", "noopener")
        expect(page.locator("#connect-form")).to_have_count(0)
        expect(page.locator("#accounts-empty")).to_have_text(
            "Nie połączono jeszcze żadnego konta Allegro."
        )
    finally:
        unconfigured.close()
