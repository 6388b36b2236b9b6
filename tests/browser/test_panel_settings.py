"""The settings page (/panel/settings) on Debian's Chromium against a real ``kolektor serve``
on the demo: an admin lets packers type quantities, gets the server's refusal of a
tolerance beside the field it names, fixes it, adds and removes units and products; the
scan parser's settings are shown; "Sprawdź kod" reads codes as a scanner's scan of them is
read while you type.  The office sees everything read-only and can still check codes.
Every page is watched for JavaScript errors and CSP violations.

The server is the module's own: the settings changed here change what scanners may do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.conftest import SCREENSHOTS, KolektorServer, quantity, running_server

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.browser.operators_audit import TABLET_PORTRAIT, Panel, panel_on


@pytest.fixture(scope="module")
def server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KolektorServer]:
    with running_server(tmp_path_factory.mktemp("settings-demo")) as started:
        yield started


@pytest.fixture
def panel(browser: Any, server: KolektorServer) -> Iterator[Panel]:
    yield from panel_on(browser, server)


def settings(server: KolektorServer) -> dict[str, Any]:
    return server.api("/api/settings")["settings"]  # type: ignore[no-any-return]


def unit_row(page: Page, index: int) -> Any:
    return page.locator("#tolerance-units tr").nth(index)


def test_an_admin_changes_the_settings_and_sees_refusals_beside_the_field(
    panel: Panel, server: KolektorServer
) -> None:
    page = panel.open("szef", path="/panel/settings")
    expect(page.locator("#settings-read-only")).to_be_hidden()

    # Typed quantities: packers too, from now on.
    roles = page.locator("#manual-roles")
    expect(roles.get_by_label("kierownik")).to_be_checked()
    expect(roles.get_by_label("pakujący")).not_to_be_checked()
    roles.get_by_label("pakujący").check()
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator("#notices")).to_contain_text("Zapisano, kto wpisuje ilości bez zgody.")
    assert settings(server)["manual_quantity"] == {"roles": ["packer", "supervisor", "admin"]}

    # The tolerance as saved: kg, 2 % or 0,010 kg, 3 places.
    kg = unit_row(page, 0)
    expect(kg.get_by_label("Jednostka: jednostka kg")).to_have_value("kg")
    percent = kg.get_by_label("Procent zamówionej ilości: jednostka kg")
    expect(percent).to_have_value("2")
    expect(kg.get_by_label("Ilość w jednostce: jednostka kg")).to_have_value("0,010")
    expect(kg.get_by_label("Miejsca po przecinku: jednostka kg")).to_have_value("3")

    # 60 % is refused by the server; its message stands beside the field it names.
    percent.fill("60")
    page.get_by_role("button", name="Zapisz tolerancję").click()
    error = page.locator(f"#{percent.get_attribute('id')}-error")
    expect(error).to_have_text(
        "Ustawienie „tolerance”, pole „units.kg.percent”: „60” jest poza zakresem od 0 do 50."
    )
    expect(percent).to_have_attribute("aria-invalid", "true")
    expect(percent).to_have_attribute("aria-describedby", error.get_attribute("id") or "")
    expect(percent).to_be_focused()
    assert settings(server)["tolerance"]["units"]["kg"]["percent"] == "2"

    # Fixed with a decimal comma; a unit and a product added.
    percent.fill("2,5")
    page.get_by_role("button", name="Dodaj jednostkę").click()
    grams = unit_row(page, 1)
    expect(grams.get_by_label("Jednostka: nowa jednostka")).to_be_focused()
    page.keyboard.type("g")
    grams.get_by_label("Ilość w jednostce: jednostka g").fill("5")
    grams.get_by_label("Miejsca po przecinku: jednostka g").fill("0")
    page.get_by_role("button", name="Dodaj towar").click()
    product = page.locator("#tolerance-products tr").first
    page.keyboard.type("SER-GOUDA")
    product.get_by_label("Procent zamówionej ilości: towar SER-GOUDA").fill("5")
    page.get_by_role("button", name="Zapisz tolerancję").click()
    expect(page.locator("#notices")).to_contain_text("Zapisano tolerancję wagi.")
    expect(percent).to_have_value("2,5")  # shown again as saved: "2.5"
    expect(percent).not_to_have_attribute("aria-invalid", "true")
    assert settings(server)["tolerance"] == {
        "units": {
            "kg": {"percent": "2.5", "absolute": "0.010", "decimals": 3},
            "g": {"percent": "0", "absolute": "5", "decimals": 0},
        },
        "products": [{"symbol": "SER-GOUDA", "percent": "5", "absolute": "0", "decimals": 4}],
    }

    # A product without its symbol: the message goes beside that product's field.
    page.locator("#tolerance-products tr").first.get_by_label(
        "Symbol albo identyfikator: towar SER-GOUDA"
    ).fill("")
    page.get_by_role("button", name="Zapisz tolerancję").click()
    symbol = page.locator("#tolerance-products tr").first.locator("input[data-part=key]")
    expect(page.locator(f"#{symbol.get_attribute('id')}-error")).to_have_text(
        "Ustawienie „tolerance”, pole „products[0].symbol”: symbol towaru musi mieć od 1 do 20 "
        "znaków."
    )
    expect(symbol).to_have_attribute("aria-invalid", "true")

    # Removed again: the grams and the product.
    page.locator("#tolerance-products tr").first.get_by_role("button", name="Usuń").click()
    unit_row(page, 1).get_by_role("button", name="Usuń").click()
    expect(page.locator("#tolerance-products-empty")).to_be_visible()
    page.get_by_role("button", name="Zapisz tolerancję").click()
    expect(page.locator("#notices .notice.success").last).to_contain_text("Zapisano tolerancję")
    assert settings(server)["tolerance"] == {
        "units": {"kg": {"percent": "2.5", "absolute": "0.010", "decimals": 3}}, "products": [],
    }  # fmt: skip

    # Two rows of one unit: said at once, nothing sent.
    page.get_by_role("button", name="Dodaj jednostkę").click()
    page.keyboard.type("kg")
    page.get_by_role("button", name="Zapisz tolerancję").click()
    second = unit_row(page, 1).locator("input[data-part=name]")
    expect(page.locator(f"#{second.get_attribute('id')}-error")).to_have_text(
        "Ta jednostka już jest na liście."
    )
    expect(second).to_have_attribute("aria-invalid", "true")

    # The scan parser's settings, read-only.
    parser = page.locator("#parser-settings")
    expect(parser).to_contain_text("znak sterujący U+001D")
    expect(parser.locator("tbody tr")).to_have_count(3 + 4)  # weight codes, internal codes
    expect(parser).to_contain_text("PPPPPPPVVVVV")
    code_box(page).fill("(01)05901234123457(17)261231(10)A1")
    expect(page.locator("#try-result .try-verdict")).to_have_text("Odczytano: kod GS1 z danymi.")
    page.screenshot(
        path=str(SCREENSHOTS / "panel-settings.png"),
        full_page=True,
        animations="disabled",
        caret="hide",
    )


def code_box(page: Page) -> Any:
    return page.get_by_label("Kod do sprawdzenia")


def test_check_a_code_as_you_type(panel: Panel, server: KolektorServer) -> None:
    page = panel.open("biuro", path="/panel/settings")
    result = page.locator("#try-result")
    code_box(page).fill("(01)05901234123457(17)261231(10)A1")
    expect(result.locator(".try-verdict")).to_have_text("Odczytano: kod GS1 z danymi.")
    expect(result).to_contain_text("05901234123457")
    facts = result.locator("dl.facts")
    expect(facts).to_contain_text("Partia")
    expect(facts).to_contain_text("A1")
    expect(facts).to_contain_text("31.12.2026")
    expect(result.locator("table tbody tr")).to_have_count(3)

    # A wrong check digit: the picker's message, the character marked.
    code_box(page).fill("5901234123458")
    expect(result.locator(".try-verdict")).to_have_text("Tego kodu nie da się odczytać.")
    expect(result.locator(".try-message")).to_have_text(
        "EAN-13: cyfra kontrolna to 8, powinna być 7 — zeskanuj ponownie."
    )
    expect(result.locator("mark")).to_have_text("8")

    # A demo product's barcode, typed character by character as a wedge scanner does.
    def single(barcode: dict[str, Any]) -> bool:
        return quantity(barcode["quantity"]) == 1 and not barcode["code"].startswith("2")

    orders = server.api("/api/orders", status="new", limit=50)["orders"]
    line = next(
        line for order in orders for line in server.order(order["id"])["lines"]
        if line["kind"] == 1 and any(map(single, line["barcodes"]))
    )  # fmt: skip
    ean = next(b["code"] for b in line["barcodes"] if single(b))
    code_box(page).fill("")
    code_box(page).press_sequentially(ean)
    code_box(page).press("Enter")
    expect(result.locator(".try-verdict")).to_have_text("Odczytano: kod towaru (EAN/GTIN).")
    expect(result).to_contain_text(f"({line['symbol']})")

    # A weight label: the quantity in the code.
    code_box(page).fill("2812345012345")
    expect(result.locator(".try-verdict")).to_have_text("Odczytano: kod wagowy (ilość w kodzie).")
    expect(result).to_contain_text("1,234 kg")
    code_box(page).fill("")
    expect(result).to_be_empty()


def test_the_office_sees_the_settings_read_only(panel: Panel, server: KolektorServer) -> None:
    page = panel.open("biuro", path="/panel/settings", viewport=TABLET_PORTRAIT)
    expect(page.locator("#settings-read-only")).to_be_visible()
    expect(page.locator("#tolerance-units input").first).to_be_disabled()
    expect(page.locator("#manual-roles input").first).to_be_disabled()
    for name in ("Zapisz tolerancję", "Zapisz", "Dodaj jednostkę", "Dodaj towar", "Usuń"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(code_box(page)).to_be_enabled()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= TABLET_PORTRAIT["width"]
    page.get_by_role("button", name="Switch the panel to English").click()
    expect(page.get_by_role("heading", name="Check a code", level=2)).to_be_visible()
    expect(page.locator("#settings-read-only")).to_have_text(
        "Only an administrator changes settings — here you can look at them and check a code."
    )
    page.get_by_label("Code to check").fill("5901234123458")
    expect(page.locator("#try-result .try-message")).to_have_text(
        "EAN-13 check digit is 8, expected 7 — scan again."
    )
    refused = httpx.put(f"{server.base_url}/api/settings/manual_quantity",
                        json={"value": {"roles": []}}, auth=("biuro", "biuro-demo"))  # fmt: skip
    assert refused.status_code == 403
