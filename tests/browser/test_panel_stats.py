"""The statistics page (/panel/stats) on Debian's Chromium against a real ``kolektor serve``
on the demo: a picker scans a whole order (and one unreadable code) and a packer packs it
over the real scanner protocol; the page then shows exactly those numbers — in the tiles,
the table per operator and the charts — sorts its tables by mouse and keyboard, narrows to
one operator and to today by the hour, exports the CSV file, and says beside the form what
is wrong with a range.  A 10" tablet in portrait gets the same page without sideways
scrolling.  Every page is watched for JavaScript errors and CSP violations.

The server is the module's own, so the numbers are only this test's work.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import trio

from kolektor.store.stats import today
from tests.browser.conftest import SCREENSHOTS, KolektorServer, quantity, running_server

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect
from trio_websocket import open_websocket_url

from tests.browser.operators_audit import TABLET_PORTRAIT, Panel, panel_on
from tests.browser.test_scanner_app import Step, plan
from tests.scanner.conftest import Device

NOW = "2026-12-07T10:00:00+01:00"
UNREADABLE = "5901234123458"  # an EAN-13 with a wrong check digit: an unknown code


@dataclass
class Work:
    """What the floor did on the module's server."""

    server: KolektorServer
    order: dict[str, Any]
    steps: list[Step]

    @property
    def lines(self) -> int:
        return len({step.line_id for step in self.steps})

    @property
    def units(self) -> Decimal:
        last = {step.line_id: step.expected for step in self.steps}
        return sum(last.values(), Decimal(0))


def drive(server: KolektorServer, device_id: str, badge: str,
          work: Callable[[Device], Awaitable[None]]) -> None:  # fmt: skip
    """A handheld logged in over the scanner protocol (a real WebSocket) doing ``work``."""
    failures: list[BaseException] = []

    async def session() -> None:
        url = server.base_url.replace("http://", "ws://") + "/scanner/ws"
        async with open_websocket_url(url) as socket:
            device = Device(socket, device_id)
            await device.login(badge)
            await work(device)

    def run() -> None:
        try:
            trio.run(session)
        except BaseException as error:  # reported in the test's thread
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the scanner session hung"
    if failures:
        raise failures[0]


def reserved(folder: Path, zk_id: int) -> bool:
    """Whether the ZK reserves its goods in the demo's Subiekt (packing's stock check
    passes)."""
    with sqlite3.connect(folder / "subiekt-demo.db") as connection:
        (status,) = connection.execute(
            "SELECT dok_Status FROM dok__Dokument WHERE dok_Id = ?", (zk_id,)
        ).fetchone()
    return int(status) == 7


@pytest.fixture(scope="module")
def work(browser_requirements: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Work]:
    folder = tmp_path_factory.mktemp("stats-demo")
    with running_server(folder) as server:
        with httpx.Client(base_url=server.base_url, auth=("biuro", "biuro-demo")) as office:
            summaries = office.get("/api/orders", params={"status": "new", "limit": 500})
            chosen = None
            for summary in summaries.json()["orders"]:
                order = office.get(f"/api/orders/{summary['id']}").json()["order"]
                steps = plan(order)
                if steps is not None and len(steps) <= 6 and reserved(folder, order["subiekt_id"]):
                    chosen = (order, steps)
                    break
        assert chosen is not None, "no demo order to pick by scanning"
        order, steps = chosen

        async def pick(device: Device) -> None:
            assert (await device.request("claim", order_id=order["id"]))["type"] == "order"
            wrong = await device.request("scan", order_id=order["id"], scan_id="s-wrong",
                                         code=UNREADABLE, scanned_at=NOW)  # fmt: skip
            assert wrong["verdict"]["kind"] == "unknown_code", wrong
            for index, step in enumerate(steps):
                reply = await device.request("scan", order_id=order["id"], scan_id=f"s{index}",
                                             code=step.code, scanned_at=NOW)  # fmt: skip
                assert reply["verdict"]["ok"], reply

        async def pack(device: Device) -> None:
            packed = await device.request("pack", order_id=order["id"], request_id="stats-1",
                                          packages=[{"weight_kg": "1.2"}])  # fmt: skip
            assert packed["type"] == "packed", packed

        drive(server, "tc52-stats", "OP-0001", pick)
        drive(server, "pack-stats", "OP-0002", pack)
        yield Work(server, order, steps)


@pytest.fixture
def panel(browser: Any, work: Work) -> Iterator[Panel]:
    yield from panel_on(browser, work.server)


def operator_row(page: Page, login: str) -> Any:
    return page.locator(f'#stats-operators tbody tr[data-row="{login}"]')


def cells(row: Any) -> list[str]:
    return [text.strip() for text in row.locator("td").all_inner_texts()]


def number(text: str) -> Decimal:
    return quantity(text.replace("\u00a0", ""))


def test_the_page_shows_the_numbers_of_the_scans_made(panel: Panel, work: Work) -> None:
    page = panel.open("biuro", path="/panel/stats")
    expect(page.get_by_role("heading", name="Statystyki", level=1)).to_be_visible()
    last = today()
    expect(page.get_by_label("Do dnia")).to_have_value(last.isoformat())
    anna = operator_row(page, "anna")
    expect(anna).to_be_visible()
    scans = len(work.steps) + 1
    # Orders, lines, units, scans, wrong scans, over-picks, shortages, typed: as scanned.
    values = cells(anna)
    assert values[:2] == ["1", str(work.lines)]
    assert number(values[2]) == work.units
    assert values[3:8] == [str(scans), "1", "0", "0", "0"]
    assert values[8] != "—" and values[9] != "—"  # minutes per order and per line
    assert anna.locator("th").inner_text() == "Anna Kowalska (anna)"
    marek = operator_row(page, "marek")
    assert cells(marek)[:8] == ["0", "0", "0", "0", "0", "0", "0", "0"]
    assert cells(marek)[10] != "—"  # from the ZK to packed
    footer = cells(page.locator("#stats-operators tfoot tr"))
    assert footer[:2] == ["1", str(work.lines)] and footer[3:5] == [str(scans), "1"]
    expect(page.locator('#stats-tiles [data-metric="scans"] .count')).to_have_text(str(scans))
    expect(page.locator('#stats-tiles [data-metric="wrong_scans"] .count')).to_have_text("1")
    expect(page.locator('#stats-tiles [data-metric="orders"] .count')).to_have_text("1")
    today_row = page.locator(f'#stats-periods tbody tr[data-row="{last.isoformat()}"]')
    assert cells(today_row)[3] == str(scans)

    # Four charts, drawn by the server, loaded and described.
    charts = page.locator("#stats-charts img")
    expect(charts).to_have_count(4)
    for index in range(4):
        chart = charts.nth(index)
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
        )
    expect(charts.first).to_have_attribute(
        "alt", re.compile("^Wykres słupkowy: Zebrane zamówienia")
    )
    source = charts.nth(1).get_attribute("src") or ""
    chart_query = parse_qs(urlsplit(source).query)
    assert (chart_query["metric"], chart_query["series"], chart_query["lang"]) == (
        ["scans"], ["operators"], ["pl"],
    )  # fmt: skip
    svg = httpx.get(f"{work.server.base_url}{source}", auth=("biuro", "biuro-demo")).text
    assert f"Anna Kowalska (anna), {last.isoformat()}: {scans}" in svg
    page.screenshot(
        path=str(SCREENSHOTS / "panel-stats.png"),
        full_page=True,
        animations="disabled",
        caret="hide",
    )


def test_tables_sort_by_mouse_and_keyboard(panel: Panel, work: Work) -> None:
    page = panel.open("kierownik", path="/panel/stats")
    expect(operator_row(page, "anna")).to_be_visible()
    logins = "(rows) => rows.map((row) => row.dataset.row)"
    by_name = page.locator("#stats-operators tbody tr").evaluate_all(logins)
    assert by_name == ["anna", "marek"]  # by name, A to Z
    header = page.locator("#stats-operators thead th", has_text="Skany").first
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert page.locator("#stats-operators tbody tr").evaluate_all(logins) == ["anna", "marek"]
    # The header's button keeps the focus; Enter turns the order round.
    button = page.locator("#stats-operators thead th", has_text="Skany").first.get_by_role("button")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#stats-operators thead th", has_text="Skany").first).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert page.locator("#stats-operators tbody tr").evaluate_all(logins) == ["marek", "anna"]


def test_today_by_the_hour_one_operator_the_csv_and_a_wrong_range(panel: Panel, work: Work) -> None:
    page = panel.open("szef", path="/panel/stats")
    expect(operator_row(page, "anna")).to_be_visible()
    page.get_by_role("button", name="Dziś").click()
    expect(page).to_have_url(re.compile(r"group=hour"))
    expect(page.get_by_label("Grupowanie")).to_have_value("hour")
    last = today().isoformat()
    expect(page.get_by_label("Od dnia")).to_have_value(last)
    expect(page.locator("#stats-periods tbody tr")).to_have_count(24)
    busy = page.locator("#stats-periods tbody tr").evaluate_all(
        "(rows) => rows.filter((row) => row.querySelector('td:nth-of-type(4)').textContent !== '0')"
        ".map((row) => row.dataset.row)"
    )
    assert len(busy) in (1, 2) and all(row.startswith(f"{last}T") for row in busy)

    page.get_by_label("Pracownik").select_option("anna")
    expect(page).to_have_url(re.compile(r"operator=anna"))
    expect(page.locator("#stats-operators tbody tr")).to_have_count(1)
    expect(page.locator("#stats-charts img").first).to_have_attribute(
        "src", re.compile("operator=anna")
    )

    link = page.get_by_role("link", name="Pobierz CSV (Excel)")
    href = link.get_attribute("href") or ""
    assert parse_qs(urlsplit(href).query) == {
        "from": [last], "to": [last], "group": ["hour"], "operator": ["anna"], "lang": ["pl"],
    }  # fmt: skip
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"kolektor-statystyki-{last}-{last}.csv"
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeffOkres;Login pracownika;Pracownik;".encode())
    assert f";anna;Anna Kowalska;1;{work.lines};".encode() in content

    # The last day before the first one: the server says so beside the form.
    page.get_by_label("Do dnia").fill("2026-01-01")
    page.get_by_label("Od dnia").fill("2026-02-01")
    page.get_by_role("button", name="Pokaż", exact=True).click()
    error = page.locator("#stats-error")
    expect(error).to_have_text("Data początkowa 2026-02-01 jest późniejsza niż końcowa 2026-01-01.")
    expect(page.get_by_label("Od dnia")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Od dnia")).to_be_focused()
    page.get_by_role("button", name="Ostatnie 7 dni").click()
    expect(error).to_be_hidden()
    expect(page.get_by_label("Od dnia")).not_to_have_attribute("aria-invalid", "true")


def test_a_tablet_in_portrait_shows_the_page_without_sideways_scrolling(
    panel: Panel, work: Work
) -> None:
    page = panel.open("biuro", path="/panel/stats", viewport=TABLET_PORTRAIT)
    expect(operator_row(page, "anna")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= TABLET_PORTRAIT["width"]
    box = page.locator("#stats-charts img").first.bounding_box()
    assert box is not None and box["width"] <= TABLET_PORTRAIT["width"]

    # In English: the page, the tables and the charts' texts.
    page.get_by_role("button", name="Switch the panel to English").click()
    expect(page.get_by_role("heading", name="Statistics", level=1)).to_be_visible()
    expect(operator_row(page, "anna")).to_be_visible()
    expect(page.locator("#stats-operators thead th").nth(4)).to_have_text("Scans")
    expect(page.locator("#stats-charts img").first).to_have_attribute("src", re.compile("lang=en"))
    expect(page.get_by_role("link", name="Download CSV (Excel)")).to_be_visible()
