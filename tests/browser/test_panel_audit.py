"""The audit log of the office panel (/panel/audit) on Debian's Chromium, against a real
``kolektor serve`` on the demo: what an admin does on the operators page — adding an
operator, issuing a badge, deactivating — is told in Polish with who did it and the raw
details to unfold; filters go into the address (and back with the browser's Back), "Pokaż
starsze" pages by key.  Every page is watched for JavaScript errors and CSP violations.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.browser.conftest import KolektorServer, OfficeApi, running_server, screenshot

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.browser.operators_audit import Panel, panel_on


@pytest.fixture
def panel(browser: Any, kolektor_server: KolektorServer) -> Iterator[Panel]:
    yield from panel_on(browser, kolektor_server)


def rows(page: Page) -> Any:
    return page.locator("#audit tbody tr")


def what(page: Page) -> list[str]:
    return rows(page).locator("td.audit-what").all_inner_texts()


def test_what_an_admin_does_on_the_operators_page_is_in_the_log(panel: Panel) -> None:
    login = f"audyt-{uuid.uuid4().hex[:6]}"
    admin = panel.open("szef")
    admin.get_by_role("button", name="Dodaj operatora").click()
    form = admin.locator("dialog.form-dialog")
    form.get_by_label("Login", exact=True).fill(login)
    form.get_by_label("Imię i nazwisko").fill("Jan Audytowy")
    form.get_by_label("Rola").select_option("packer")
    form.get_by_label("PIN do skanera").fill("2468")
    form.get_by_label("Powtórz PIN").fill("2468")
    form.get_by_role("button", name="Dodaj").click()
    first = admin.get_by_test_id("new-badge").inner_text()
    admin.locator("dialog.badge-dialog").get_by_role("button", name="Zamknij").click()
    row = admin.locator(f"#operators tbody tr[data-login='{login}']")
    row.get_by_role("button", name="Nowy identyfikator").click()
    admin.locator("dialog.confirm").get_by_role("button", name="Wydaj nowy identyfikator").click()
    second = admin.get_by_test_id("new-badge").inner_text()
    admin.locator("dialog.badge-dialog").get_by_role("button", name="Zamknij").click()
    row.get_by_role("button", name="Dezaktywuj").click()
    admin.locator("dialog.confirm").get_by_role("button", name="Dezaktywuj").click()
    expect(row.locator(".state")).to_have_text("nieaktywny")
    # The operator's history, from the operators page's link, as the office sees it.
    history = row.get_by_role("link", name=re.compile("Historia"))
    href = history.get_attribute("href")
    assert href == f"/panel/audit?target=operator%3A{login}"

    office = panel.open("biuro", path=href)
    expect(office.locator("#filter-target")).to_have_value(f"operator:{login}")
    expect(rows(office)).to_have_count(3)
    assert what(office) == [
        f"Zmieniono operatora {login}: dezaktywowano",
        f"Zmieniono operatora {login}: nowy identyfikator …{second[-4:]}",
        f"Dodano operatora {login}: pakujący, z PIN-em, identyfikator …{first[-4:]}",
    ]
    assert rows(office).locator("td:nth-child(2)").all_inner_texts() == ["szef"] * 3
    assert first not in office.content() and second not in office.content()
    expect(office.locator("#audit-caption")).to_have_text("3 wpisy, od najnowszych — to wszystkie")
    details = rows(office).first.locator("details")
    expect(details.locator("pre")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("pre")).to_have_text('{\n  "active": false\n}')


def test_filters_live_in_the_address_and_older_entries_come_page_by_page(
    panel: Panel, office: OfficeApi
) -> None:
    login = f"wiele-{uuid.uuid4().hex[:6]}"
    created = office.create_operator(login=login, name="Imię 0", role="picker")
    for n in range(1, 56):
        office.change_operator(created["id"], name=f"Imię {n}")
    page = panel.open("biuro", path=f"/panel/audit?target={login}")
    expect(rows(page)).to_have_count(50)
    expect(page.locator("#audit-caption")).to_contain_text("50 wpisów, od najnowszych")
    assert what(page)[0] == f"Zmieniono operatora {login}: imię i nazwisko: Imię 55"
    page.get_by_role("button", name="Pokaż starsze").click()
    expect(rows(page)).to_have_count(56)
    expect(page.get_by_role("button", name="Pokaż starsze")).to_be_hidden()
    assert what(page)[-1] == f"Dodano operatora {login}: kompletujący"
    ids = [int(i) for i in rows(page).evaluate_all("(rows) => rows.map((r) => r.dataset.id)")]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 56

    # Only what szef did to operators: the form puts the filters into the address.
    page.get_by_label("Kto").fill("szef")
    page.get_by_label("Co", exact=True).select_option("operator.")
    page.get_by_role("button", name="Pokaż", exact=True).click()
    expect(page).to_have_url(re.compile(rf"\?actor=szef&action=operator\.&target={login}$"))
    expect(rows(page)).to_have_count(50)
    # From tomorrow on: nothing yet.
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page.get_by_label("Od dnia").fill(tomorrow)
    page.get_by_role("button", name="Pokaż", exact=True).click()
    expect(page.locator("#audit-empty")).to_have_text("Brak wpisów pasujących do filtrów.")
    expect(page.locator("#audit-wrap")).to_be_hidden()
    # A range the wrong way round is refused beside the form, before asking the server.
    page.get_by_label("Do dnia").fill(date.today().isoformat())
    page.get_by_role("button", name="Pokaż", exact=True).click()
    expect(page.locator("#filter-error")).to_have_text("Data „do” jest wcześniejsza niż „od”.")
    expect(page.get_by_label("Do dnia")).to_have_attribute("aria-invalid", "true")
    # Back: the previous filters and their entries again.
    page.go_back()
    expect(page.get_by_label("Od dnia")).to_have_value("")
    expect(rows(page)).to_have_count(50)
    page.get_by_role("button", name="Wyczyść filtry").click()
    expect(page).to_have_url(re.compile(r"/panel/audit$"))
    expect(page.get_by_label("Kto")).to_have_value("")


@pytest.fixture(scope="module")
def audit_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    """A server of its own for the screenshot: a short, readable log."""
    with running_server(tmp_path_factory.mktemp("audit-demo"), wait_for_orders=False) as server:
        yield server


def test_screenshot_of_the_audit_log(browser: Any, audit_server: KolektorServer) -> None:
    with httpx.Client(base_url=audit_server.base_url, timeout=15.0) as http:
        http.post("/api/session", json={"login": "szef", "password": "zgaduję-hasło"})
        token = http.post("/api/session", json={"login": "szef", "password": "szef-demo"})
        http.headers["X-CSRF-Token"] = token.json()["csrf_token"]
        operators = {o["login"]: o["id"] for o in http.get("/api/operators").json()["operators"]}
        http.put("/api/settings/manual_quantity", json={"value": {"roles": ["packer", "admin"]}})
        created = http.post("/api/operators", json={
            "login": "ola", "name": "Ola Lis", "role": "picker", "pin": "1357", "new_badge": True,
        }).json()  # fmt: skip
        http.post(
            "/api/badges/sheet",
            json={"badges": [{"operator_id": created["operator"]["id"], "code": created["badge"]}]},
        )
        http.patch(f"/api/operators/{operators['marek']}", json={"role": "supervisor"})
        http.post(f"/api/operators/{operators['anna']}/logout")
        http.post(f"/api/operators/{operators['szef']}/unlock")
    panel = Panel(browser, audit_server)
    try:
        page = panel.open("szef", path="/panel/audit")
        expect(rows(page).first).to_contain_text("Odblokowano konto szef")
        rows(page).nth(2).locator("summary").click()
        page.evaluate("() => document.activeElement.blur()")
        screenshot(page, "panel-audit.png")
    finally:
        panel.close()
