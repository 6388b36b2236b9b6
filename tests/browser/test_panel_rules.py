"""The rules editor in the office panel (/panel/rules) on Debian's Chromium, against a real
``kolektor serve`` on the demo: build a rule from lists without typing JSON, reorder with the
buttons and by dragging, problems beside their fields (from the page and from the server),
a dry run that shows the matching rule and why, and restoring an earlier version.

The tests change the rules, so they have a server of their own; each starts from the
default rules.  Every page is watched for JavaScript errors and CSP violations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from kolektor.rules import default_rules_data
from tests.browser.conftest import (
    PANEL_DESKTOP,
    PANEL_TABLET_PORTRAIT,
    KolektorServer,
    panel_context,
    running_server,
    screenshot,
)

DESKTOP = PANEL_DESKTOP
TABLET_PORTRAIT = PANEL_TABLET_PORTRAIT


@pytest.fixture(scope="module")
def rules_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    with running_server(tmp_path_factory.mktemp("rules-demo")) as server:
        yield server


class Admin:
    """The office API as ``szef`` (session cookie + CSRF token)."""

    def __init__(self, server: KolektorServer) -> None:
        self.http = httpx.Client(base_url=server.base_url, timeout=15.0)
        response = self.http.post("/api/session", json={"login": "szef", "password": "szef-demo"})
        response.raise_for_status()
        self.http.headers["X-CSRF-Token"] = response.json()["csrf_token"]

    def rules(self) -> list[dict[str, Any]]:
        return self.http.get("/api/rules").json()["rules"]  # type: ignore[no-any-return]

    def save(self, rules: list[dict[str, Any]]) -> None:
        response = self.http.put("/api/rules", json=rules)
        assert response.status_code == 200, response.text

    def versions(self) -> list[dict[str, Any]]:
        return self.http.get("/api/rules/versions").json()["versions"]  # type: ignore[no-any-return]


@pytest.fixture
def admin(rules_server: KolektorServer) -> Iterator[Admin]:
    api = Admin(rules_server)
    if api.rules() != default_rules_data():
        api.save(default_rules_data())
    try:
        yield api
    finally:
        api.http.close()


@pytest.fixture
def panel(browser: Any, rules_server: KolektorServer) -> Iterator[Any]:
    """A desktop browser context on the rules server; fails the test on any JavaScript
    error or Content-Security-Policy violation."""
    with panel_context(browser, rules_server.base_url) as context:
        yield context


def open_rules(context: Any, login: str = "biuro", password: str = "biuro-demo") -> Page:
    """Log in through the panel's form and land on the rules editor (the default rules)."""
    return open_rules_with(context, login, password, names_count=len(default_rules_data()))


def open_rules_with(
    context: Any, login: str = "biuro", password: str = "biuro-demo", *, names_count: int
) -> Page:
    """Log in through the panel's form and land on the rules editor showing that many
    rules."""
    page: Page = context.new_page()
    response = page.goto("/panel/rules")
    assert response is not None and response.status == 401
    page.get_by_label("Login").fill(login)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_role("heading", name="Reguły dokumentów", level=1)).to_be_visible()
    expect(page.locator(".rule-card")).to_have_count(names_count)
    return page


def card(page: Page, position: int) -> Any:
    return page.locator(".rule-card").nth(position - 1)


def names(page: Page) -> list[str]:
    return [field.input_value() for field in page.locator(".rule-card .rule-name input").all()]


def problem_of(field: Any) -> Any:
    """The message slot a field names in ``aria-describedby`` (the first id)."""
    slot = (field.get_attribute("aria-describedby") or "").split()[0]
    return field.page.locator(f"#{slot}")


def confirm(page: Page, button: str) -> None:
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button).click()
    expect(dialog).to_have_count(0)


DEFAULT_NAMES = [r["name"] for r in default_rules_data()]


def test_a_rule_is_built_from_lists_and_saved_without_typing_json(panel: Any, admin: Admin) -> None:
    page = open_rules(panel)
    assert names(page) == DEFAULT_NAMES
    first = card(page, 1)
    expect(first.get_by_label("Warunek 1", exact=True)).to_have_value("remarks_contain")
    expect(first.get_by_label("Dokument", exact=True)).to_have_value("FS")
    expect(page.locator("#rules-dirty")).to_have_text("")
    screenshot(page, "panel-rules.png")

    page.get_by_role("button", name="Dodaj regułę").click()
    new = card(page, 6)
    expect(new.get_by_label("Nazwa")).to_be_focused()
    expect(new.locator(".field-error:visible")).to_have_count(0)  # not marked before typing
    page.keyboard.type("Niemcy bez NIP-u")
    expect(page.locator("#rules-dirty")).to_have_text("Niezapisane zmiany")
    add_condition = new.get_by_role("button", name="Dodaj warunek")
    add_condition.click()
    expect(new.get_by_label("Warunek 1", exact=True)).to_be_focused()
    new.get_by_label("Warunek 1", exact=True).select_option(label="Kraj")
    new.get_by_label("Wartość 1").fill("DE")
    add_condition.click()
    new.get_by_label("Warunek 2", exact=True).select_option(label="NIP klienta")
    expect(new.get_by_label("Wartość", exact=True)).to_have_value("0")  # a valid NIP
    new.locator(".condition").nth(1).get_by_label("nie (zaprzeczenie)").check()
    add_condition.click()
    new.get_by_label("Warunek 3", exact=True).select_option(label="Wartość brutto większa niż")
    new.get_by_label("Kwota").fill("100")
    new.get_by_label("Waluta").fill("EUR")
    new.get_by_label("Dokument", exact=True).select_option("PAi")
    new.get_by_label("Drukuj dokument").uncheck()
    new.get_by_label("Notatka dla pakującego").fill("Wysyłka do Niemiec — dołącz CN22")
    # Above the catch-all, with the keyboard.
    new.get_by_role("button", name="Przesuń regułę 6 w górę").focus()
    page.keyboard.press("Enter")
    assert names(page) == [*DEFAULT_NAMES[:4], "Niemcy bez NIP-u", DEFAULT_NAMES[4]]

    page.get_by_role("button", name="Zapisz reguły").click()
    expect(page.get_by_text("Zapisano reguły — obowiązują od teraz")).to_be_visible()
    expect(page.locator("#rules-dirty")).to_have_text("")
    expect(page.get_by_role("button", name="Zapisz reguły")).to_be_disabled()  # nothing new
    saved = admin.rules()
    assert [r["name"] for r in saved] == names(page)
    assert saved[4] == {
        "name": "Niemcy bez NIP-u",
        "enabled": True,
        "when": [
            {"country_in": ["DE"]},
            {"not": {"has_nip": True}},
            {"amount_above": {"amount": "100", "currency": "EUR"}},
        ],
        "then": {"document": "PAi", "print": False, "printer": None, "email": True,
                 "email_template": "dokument", "allegro": False, "label": True,
                 "carrier": "own", "service": None, "parcel_template": None,
                 "packing_note": "Wysyłka do Niemiec — dołącz CN22"},
    }  # fmt: skip
    # The saved rule comes back into the same form.
    page.reload()
    again = card(page, 5)
    expect(again.get_by_label("Warunek 1", exact=True)).to_have_value("country_in")
    expect(again.get_by_label("Wartość 1")).to_have_value("DE")
    expect(again.locator(".condition").nth(1).get_by_label("nie (zaprzeczenie)")).to_be_checked()
    expect(again.get_by_label("Waluta")).to_have_value("EUR")
    expect(again.get_by_label("Drukuj dokument")).not_to_be_checked()


def test_rules_are_reordered_with_the_buttons_and_by_dragging(panel: Any, admin: Admin) -> None:
    page = open_rules(panel)
    card(page, 2).get_by_role("button", name="Przesuń regułę 2 w górę").click()
    assert names(page)[:2] == [DEFAULT_NAMES[1], DEFAULT_NAMES[0]]
    expect(page.locator("#rules-announce")).to_have_text(
        "Reguła „Paragon w uwagach” jest teraz na pozycji 1."
    )
    # The moved rule's ↑ is disabled now: the focus stays on the rule, on its ↓.
    down = card(page, 1).get_by_role("button", name="Przesuń regułę 1 w dół")
    expect(down).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert names(page) == [DEFAULT_NAMES[0], DEFAULT_NAMES[2], DEFAULT_NAMES[1], *DEFAULT_NAMES[3:]]

    # Drag the catch-all by its handle onto the top half of the first card (on a screen tall
    # enough for both: Playwright's drag does not scroll while the button is down).
    page.set_viewport_size({"width": DESKTOP["width"], "height": 6000})
    handle = card(page, 5).locator(".drag-handle")
    handle.drag_to(card(page, 1), target_position={"x": 200, "y": 10})
    page.set_viewport_size(DESKTOP)
    assert names(page) == [DEFAULT_NAMES[4], DEFAULT_NAMES[0], DEFAULT_NAMES[2], DEFAULT_NAMES[1],
                           DEFAULT_NAMES[3]]  # fmt: skip
    expect(page.locator("#rules-dirty")).to_have_text("Niezapisane zmiany")
    assert admin.rules() == default_rules_data()  # nothing saved yet

    page.get_by_role("button", name="Cofnij zmiany").click()
    confirm(page, "Cofnij zmiany")
    expect(page.locator("#rules-dirty")).to_have_text("")
    assert names(page) == DEFAULT_NAMES


def test_problems_appear_beside_their_fields(panel: Any, admin: Admin) -> None:
    page = open_rules(panel)
    second = card(page, 2)
    name = second.get_by_label("Nazwa")
    name.fill("")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(problem_of(name)).to_have_text("Wpisz nazwę reguły.")
    name.fill("faktura W UWAGACH")
    expect(problem_of(name)).to_have_text("Tak samo nazywa się reguła 1 — nazwy muszą być różne.")
    name.fill("Paragon")
    expect(problem_of(name)).to_be_hidden()
    expect(name).not_to_have_attribute("aria-invalid", "true")

    # What only the server knows: the country codes.
    fourth = card(page, 4)
    fourth.get_by_role("button", name="Dodaj warunek").click()
    fourth.get_by_label("Warunek 2", exact=True).select_option(label="Kraj")
    country = fourth.get_by_label("Wartość 1")
    country.fill("XX")
    page.get_by_role("button", name="Zapisz reguły").click()
    expect(country).to_have_attribute("aria-invalid", "true")
    expect(problem_of(country)).to_have_text(
        "„XX” nie jest znanym kodem kraju — użyj nazwy (np. Niemcy) albo kodu ISO (np. DE)"
    )
    summary = page.locator("#rules-problems")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Reguły nie zostały zapisane — popraw zaznaczone pola:")
    summary.get_by_role("button", name=re.compile("reguła 4 „Klient z NIP-em”: warunek 2")).click()
    expect(country).to_be_focused()
    assert admin.rules() == default_rules_data()
    page.keyboard.press("Control+A")
    page.keyboard.type("DE")
    expect(problem_of(country)).to_be_hidden()
    page.get_by_role("button", name="Zapisz reguły").click()
    expect(page.get_by_text("Zapisano reguły — obowiązują od teraz")).to_be_visible()
    assert admin.rules()[3]["when"] == [{"has_nip": True}, {"country_in": ["DE"]}]


def test_a_dry_run_shows_the_matching_rule_and_why(
    panel: Any, admin: Admin, rules_server: KolektorServer
) -> None:
    page = open_rules(panel)
    page.get_by_role("button", name="Wypróbuj na 50 ostatnich zamówieniach").click()
    rows = page.locator("#try-table tbody tr:not(.try-why)")
    expect(rows).to_have_count(50)
    expect(page.locator(".try-count")).to_have_text(
        "Sprawdzono 50 zamówień: reguła zdecydowała o 50, bez pasującej reguły: 0."
    )
    # The receipt the remarks ask for, shown with the reason.
    answer = admin.http.post("/api/rules/try", json={"orders": "last50"}).json()["results"]
    receipt = next(r for r in answer if r["rule"]["name"] == "Paragon w uwagach")
    number = receipt["order"]["number"]
    row = rows.filter(has=page.get_by_role("rowheader", name=number, exact=True))
    expect(row.locator("td").nth(1)).to_have_text("2. Paragon w uwagach")
    expect(row.locator("td").nth(2)).to_have_text("PA")
    why = row.get_by_role("button", name=f"Dlaczego tak dla {number}?")
    why.click()
    expect(why).to_have_attribute("aria-expanded", "true")
    details = page.locator(f"#{why.get_attribute('aria-controls')}")
    expect(details).to_be_visible()
    expect(details.locator(".why-decided")).to_contain_text("Paragon w uwagach — ZDECYDOWAŁA")
    expect(details.locator(".why-decided")).to_contain_text("uwagi zawierają „paragon”:")

    # A chosen ZK, found by its number, under rules not saved yet.
    page.get_by_role("button", name="Dodaj regułę").click()
    page.keyboard.type("Wszystko na WZ")
    card(page, 6).get_by_label("Dokument", exact=True).select_option("WZ")
    for position in range(6, 1, -1):
        page.get_by_role("button", name=f"Przesuń regułę {position} w górę").click()
    page.get_by_label("Numer ZK, klient lub NIP").fill(number)
    page.get_by_role("button", name="Szukaj zamówienia").click()
    found = page.locator("#try-found button", has_text=f"{number} — ")
    found.click()
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(1)).to_have_text("1. Wszystko na WZ")
    expect(rows.first.locator("td").nth(2)).to_have_text("WZ")
    assert admin.rules() == default_rules_data()  # trying saves nothing


def test_an_earlier_version_is_shown_and_restored(panel: Any, admin: Admin) -> None:
    earlier = [
        {"name": "Faktury", "enabled": True, "when": [{"has_nip": True}],
         "then": {"document": "FS"}},
        {"name": "Reszta", "enabled": True, "when": [], "then": {"document": "PAi"}},
    ]  # fmt: skip
    later = [{"name": "Reszta", "enabled": True, "when": [], "then": {"document": "PA"}}]
    admin.save(earlier)
    admin.save(later)
    page = open_rules_with(panel, names_count=1)
    rows = page.locator("#versions-body tr")
    expect(rows.first).to_contain_text("obowiązuje")
    expect(rows.first).to_contain_text("1 reguła")
    expect(rows.nth(1)).to_contain_text("2 reguły")
    expect(rows.nth(1)).to_contain_text("Faktury · Reszta")
    expect(rows.last).to_contain_text("Reguły domyślne")
    expect(rows.last).to_contain_text("5 reguł")

    rows.nth(1).get_by_role("button", name=re.compile("^Pokaż: Wersja z .* \\(szef\\)$")).click()
    view = page.get_by_role("dialog")
    expect(view.get_by_role("heading", level=2)).to_have_text(
        re.compile("^Wersja z .* \\(szef\\)$")
    )
    expect(view.locator(".version-rules li")).to_have_text(["Faktury — FS, 1 warunek",
                                                           "Reszta — PAi, 0 warunków"])  # fmt: skip
    expect(view.locator(".version-diff > div").first.locator("li")).to_have_text(["Faktury"])
    expect(view.locator(".version-diff > div").last).to_contain_text("brak")
    view.get_by_role("button", name="Zamknij").click()

    rows.nth(1).get_by_role("button", name=re.compile("^Przywróć: Wersja z")).click()
    confirm(page, "Przywróć")
    expect(page.get_by_text(re.compile("^Przywrócono wersję z "))).to_be_visible()
    assert names(page) == ["Faktury", "Reszta"]
    expect(rows.first).to_contain_text("obowiązuje")
    expect(rows.first).to_contain_text("przywrócona wersja z")
    assert [r["name"] for r in admin.rules()] == ["Faktury", "Reszta"]
    assert admin.versions()[0]["restored_from"]["id"] == admin.versions()[2]["id"]


def test_unsaved_changes_are_shown_and_warned_about_before_leaving(
    panel: Any, admin: Admin
) -> None:
    page = open_rules(panel)
    card(page, 1).get_by_label("Włączona").uncheck()
    expect(page.locator("#rules-dirty")).to_have_text("Niezapisane zmiany")
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"] and not page.is_closed()
    card(page, 1).get_by_label("Włączona").check()  # back as saved: nothing to lose
    expect(page.locator("#rules-dirty")).to_have_text("")
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]


def test_a_supervisor_may_look_and_try_but_not_save(panel: Any, admin: Admin) -> None:
    page = open_rules(panel, "kierownik", "kierownik-demo")
    expect(page.get_by_text("Twoja rola może przeglądać i wypróbowywać reguły")).to_be_visible()
    expect(page.get_by_role("button", name="Zapisz reguły")).to_be_hidden()
    expect(page.locator("#versions-body tr").last).to_contain_text("Reguły domyślne")
    expect(page.get_by_role("button", name=re.compile("^Przywróć"))).to_have_count(0)
    page.get_by_role("button", name="Wypróbuj na 50 ostatnich zamówieniach").click()
    expect(page.locator("#try-table tbody tr:not(.try-why)")).to_have_count(50)


def test_the_editor_fits_a_tablet_in_portrait(panel: Any, admin: Admin) -> None:
    page = open_rules(panel)
    page.set_viewport_size(TABLET_PORTRAIT)
    first = card(page, 1)
    conditions = first.locator(".rule-conditions").bounding_box()
    actions = first.locator(".rule-actions").bounding_box()
    assert conditions is not None and actions is not None
    assert actions["y"] >= conditions["y"] + conditions["height"]  # one column
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_the_editor_speaks_english_when_switched(
    panel: Any, admin: Admin, rules_server: KolektorServer
) -> None:
    panel.add_cookies([{"name": "kolektor_lang", "value": "en", "url": rules_server.base_url}])
    page: Page = panel.new_page()
    page.goto("/panel/rules")
    page.get_by_label("Login").fill("biuro")
    page.get_by_label("Password").fill("biuro-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Document rules", level=1)).to_be_visible()
    first = card(page, 1)
    expect(first.get_by_label("Condition 1", exact=True).locator("option:checked")).to_have_text(
        "Remarks contain"
    )
    expect(first.get_by_label("Document", exact=True).locator("option:checked")).to_have_text(
        "FS — VAT invoice"
    )
    first.get_by_label("Name").fill("")
    expect(problem_of(first.get_by_label("Name"))).to_have_text("Enter the rule's name.")
    expect(page.get_by_role("button", name="Save the rules")).to_be_enabled()
