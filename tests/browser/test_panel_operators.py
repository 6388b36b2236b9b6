"""The operators page of the office panel (/panel/operators) on Debian's Chromium, against the
shared ``kolektor serve`` on the demo: an admin adds an operator with a generated badge and
sees its code once (and prints the card), a refusal appears beside its field, deactivating
asks first and ends the operator's scanner session, a new badge is issued and printed as a
ZPL label, a supervisor only unlocks and logs out; a 10" tablet in portrait.

Operators the tests change are their own (unique logins and badges), so the demo operators
the scanner tests log in with are never touched.  Every page is watched for JavaScript
errors and Content-Security-Policy violations.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    DeviceFactory,
    KolektorServer,
    OfficeApi,
    running_server,
    screenshot,
)

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.barcodes import code128_field_text
from tests.browser.helpers import Operator, login, open_app
from tests.browser.operators_audit import TABLET_PORTRAIT, Panel, panel_on

GENERATED = re.compile(r"OP-[0-9]{12}")


@pytest.fixture
def panel(browser: Any, kolektor_server: KolektorServer) -> Iterator[Panel]:
    yield from panel_on(browser, kolektor_server)


def unique() -> str:
    return uuid.uuid4().hex[:6]


def row(page: Page, login: str) -> Any:
    return page.locator(f"#operators tbody tr[data-login='{login}']")


def new_operator(office: OfficeApi, **fields: Any) -> dict[str, Any]:
    suffix = unique()
    return office.create_operator(login=f"op-{suffix}", name=f"Osoba {suffix}", **fields)


def saved(download: Any, folder: Path) -> bytes:
    target = folder / download.suggested_filename
    download.save_as(target)
    return target.read_bytes()


def test_an_admin_adds_an_operator_and_sees_the_generated_badge_once(
    panel: Panel, tmp_path: Path
) -> None:
    login = f"ewa-{unique()}"
    page = panel.open("szef")
    page.get_by_role("button", name="Dodaj operatora").click()
    dialog = page.locator("dialog.form-dialog")
    dialog.get_by_label("Login", exact=True).fill(login)
    dialog.get_by_label("Imię i nazwisko").fill("Ewa Nowicka")
    expect(dialog.get_by_label("Rola")).to_have_value("picker")
    expect(dialog.get_by_label("Hasło do panelu")).to_be_hidden()  # a picker has no password
    dialog.get_by_label("PIN do skanera").fill("4826")
    dialog.get_by_label("Powtórz PIN").fill("4826")
    expect(dialog.get_by_label("wygeneruj nowy", exact=False)).to_be_checked()
    dialog.get_by_role("button", name="Dodaj").click()

    shown = page.locator("dialog.badge-dialog")
    expect(shown.get_by_role("heading")).to_have_text("Nowy identyfikator: Ewa Nowicka")
    code = shown.get_by_test_id("new-badge").inner_text()
    assert GENERATED.fullmatch(code), code
    with page.expect_download() as sheet:
        shown.get_by_role("button", name="Karta w PDF").click()
    assert sheet.value.suggested_filename == "identyfikatory.pdf"
    assert saved(sheet.value, tmp_path).startswith(b"%PDF-")
    expect(page.locator(".notice.success").last).to_contain_text("Pobrano arkusz PDF z 1 kartą")
    shown.get_by_role("button", name="Zamknij").click()

    added = row(page, login)
    expect(added.locator("td").nth(1)).to_have_text("kompletujący")
    expect(added).to_contain_text(f"identyfikator …{code[-4:]}")
    expect(page.locator("#fresh-list li")).to_have_text(re.compile(re.escape(code)))
    # The code is shown only on this visit: after a reload it is nowhere on the page.
    page.reload()
    expect(row(page, login)).to_contain_text(f"…{code[-4:]}")
    expect(page.locator("#fresh-badges")).to_be_hidden()
    assert code not in page.content()


def test_refusals_appear_beside_their_fields(panel: Panel) -> None:
    page = panel.open("szef")
    page.get_by_role("button", name="Dodaj operatora").click()
    dialog = page.locator("dialog.form-dialog")
    login = dialog.get_by_label("Login", exact=True)
    login.fill("SZEF")
    dialog.get_by_label("Imię i nazwisko").fill("Druga Szefowa")
    dialog.get_by_label("PIN do skanera").fill("1234")
    dialog.get_by_label("Powtórz PIN").fill("1243")
    dialog.get_by_role("button", name="Dodaj").click()
    again = dialog.get_by_label("Powtórz PIN")
    expect(again).to_have_attribute("aria-invalid", "true")
    error = dialog.locator(f"#{again.get_attribute('aria-describedby')}")
    expect(error).to_have_text("PIN-y się różnią — wpisz ten sam dwa razy.")

    again.fill("1234")
    dialog.get_by_role("button", name="Dodaj").click()  # now the server refuses the login
    expect(login).to_have_attribute("aria-invalid", "true")
    expect(login).to_be_focused()
    described = (login.get_attribute("aria-describedby") or "").split()
    errors = [dialog.locator(f"#{name}").inner_text() for name in described]
    assert "Login „szef” ma już inny operator; wybierz inny." in errors, errors
    expect(again).not_to_have_attribute("aria-invalid", "true")
    dialog.get_by_role("button", name="Anuluj").click()
    expect(row(page, "szef")).to_have_count(1)


def test_deactivating_asks_first_and_ends_the_scanner_session(
    panel: Panel, office: OfficeApi, devices: DeviceFactory
) -> None:
    badge = f"OP-D{unique()}"
    created = new_operator(office, role="picker", pin="5151", badge=badge)
    scanner = devices().page
    open_app(scanner)
    login(scanner, Operator(created["login"], created["name"], badge, "5151"))
    expect(scanner.locator("[data-screen=queue]")).to_be_visible()

    page = panel.open("szef")
    row(page, created["login"]).get_by_role("button", name="Dezaktywuj").click()
    confirm = page.locator("dialog.confirm")
    expect(confirm).to_contain_text(f"Dezaktywować operatora {created['name']}?")
    expect(confirm).to_contain_text("wszystkie jego sesje skończą się od razu")
    confirm.get_by_role("button", name="Dezaktywuj").click()
    expect(row(page, created["login"]).locator(".state")).to_have_text("nieaktywny")
    expect(page.locator(".notice.success")).to_contain_text("jego sesje zakończono")

    expect(scanner.get_by_test_id("login-notice")).to_have_text("Konto zostało wyłączone.")
    expect(scanner.locator("[data-screen=login]")).to_be_visible()
    assert office.operator(created["login"])["active"] is False


def test_a_new_badge_is_shown_once_and_printed_as_a_zpl_label(
    panel: Panel, office: OfficeApi, tmp_path: Path
) -> None:
    created = new_operator(office, role="packer", pin="6262", badge=f"OP-B{unique()}")
    page = panel.open("szef")
    row(page, created["login"]).get_by_role("button", name="Nowy identyfikator").click()
    confirm = page.locator("dialog.confirm")
    expect(confirm).to_contain_text("Stara karta przestanie działać od razu")
    confirm.get_by_role("button", name="Wydaj nowy identyfikator").click()

    shown = page.locator("dialog.badge-dialog")
    code = shown.get_by_test_id("new-badge").inner_text()
    assert GENERATED.fullmatch(code)
    shown.get_by_label("Drukarka etykiet").select_option("12")
    with page.expect_download() as label:
        shown.get_by_role("button", name="Etykieta ZPL").click()
    zpl = saved(label.value, tmp_path).decode()
    assert label.value.suggested_filename == "identyfikatory.zpl"
    assert zpl.startswith("^XA^CI28^PW591^LL354")  # 50 × 30 mm at 300 dpi
    [field] = re.findall(r"\^BC[^\^]*\^FD(.*?)\^FS", zpl)
    assert code128_field_text(field) == code
    assert created["name"] in zpl and "pakujący" in zpl
    shown.get_by_role("button", name="Zamknij").click()
    expect(row(page, created["login"])).to_contain_text(f"…{code[-4:]}")
    assert office.operator(created["login"])["badge"] == f"…{code[-4:]}"

    # The list of fresh codes prints them all on one sheet.
    with page.expect_download() as sheet:
        page.get_by_role("button", name="Arkusz PDF (karty na A4)").click()
    assert saved(sheet.value, tmp_path).startswith(b"%PDF-")


def test_a_supervisor_sees_everyone_but_only_unlocks_and_logs_out(
    panel: Panel, office: OfficeApi
) -> None:
    created = new_operator(office, role="picker", pin="7373", badge=f"OP-S{unique()}")
    page = panel.open("kierownik")
    expect(page.get_by_role("button", name="Dodaj operatora")).to_have_count(0)
    actions = row(page, created["login"]).get_by_role("group")
    expect(actions.get_by_role("button")).to_have_text(["Wyloguj wszędzie"])
    expect(actions.get_by_role("link", name=re.compile("Historia"))).to_have_attribute(
        "href", f"/panel/audit?target=operator%3A{created['login']}"
    )
    actions.get_by_role("button", name="Wyloguj wszędzie").click()
    page.locator("dialog.confirm").get_by_role("button", name="Wyloguj wszędzie").click()
    expect(page.locator(".notice.success")).to_contain_text("zakończono 0 sesji")


def test_the_list_fits_a_tablet_in_portrait(panel: Panel) -> None:
    page = panel.open("szef", viewport=TABLET_PORTRAIT)
    expect(row(page, "anna")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= TABLET_PORTRAIT["width"], width
    page.get_by_role("button", name="Dodaj operatora").click()
    dialog = page.locator("dialog.form-dialog")
    box = dialog.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= TABLET_PORTRAIT["width"]
    dialog.get_by_role("button", name="Anuluj").click()


@pytest.fixture(scope="module")
def fresh_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    """A server of its own, with only the demo operators (for a screenshot that does not
    depend on what the other tests added)."""
    with running_server(tmp_path_factory.mktemp("operators-demo"), wait_for_orders=False) as server:
        yield server


def test_screenshot_of_the_operators_page(browser: Any, fresh_server: KolektorServer) -> None:
    panel = Panel(browser, fresh_server)
    try:
        page = panel.open("szef")
        row(page, "marek").get_by_role("button", name="Nowy identyfikator").click()
        page.locator("dialog.confirm").get_by_role(
            "button", name="Wydaj nowy identyfikator"
        ).click()
        page.locator("dialog.badge-dialog").get_by_role("button", name="Zamknij").click()
        expect(page.locator("#fresh-list li")).to_have_count(1)
        page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
        screenshot(page, "panel-operators.png")
    finally:
        panel.close()
