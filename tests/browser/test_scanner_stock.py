"""On the handheld: the stock warning after claiming an order Subiekt cannot cover, the
refused packing, and the honest list of what happens after packing.

``kolektor serve`` runs as in the other browser tests, on a demo of its own: the test empties
one product's stock in that demo's Subiekt database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import tests.browser.conftest as browser_conftest
from tests.browser.conftest import DeviceFactory, KolektorServer, quantity

pytest.importorskip("playwright.sync_api", reason="the Playwright package is missing")
from playwright.sync_api import Page, expect

from tests.browser.helpers import MAREK, login, open_app, pickable, scan, settled
from tests.browser.test_scanner_app import Step, plan


@pytest.fixture(scope="module")
def stock_server(
    browser_requirements: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[KolektorServer, Path]]:
    """A server of its own (its Subiekt's stock is changed) with the stock check."""
    folder = tmp_path_factory.mktemp("stock-demo")
    with browser_conftest.running_server(folder) as server:
        yield server, folder / "subiekt-demo.db"


def zk_status(database: Path, zk_id: int) -> int:
    with sqlite3.connect(database) as connection:
        (status,) = connection.execute(
            "SELECT dok_Status FROM dok__Dokument WHERE dok_Id = ?", (zk_id,)
        ).fetchone()
    return int(status)


def choose(
    server: KolektorServer, database: Path
) -> tuple[dict[str, Any], list[Step], dict[str, Any], list[Step]]:
    """An order without a reservation of its own (to be made short) and one with its own
    reservation (covered, packed normally), both easy to pick by scanning."""
    short: tuple[dict[str, Any], list[Step]] | None = None
    normal: tuple[dict[str, Any], list[Step]] | None = None
    for summary in server.api("/api/orders", status="new", limit=500)["orders"]:
        order = server.order(summary["id"])
        steps = plan(order)
        if steps is None or len(steps) > 6:
            continue
        reserving = zk_status(database, order["subiekt_id"]) == 7
        if short is None and not reserving:
            short = (order, steps)
        elif normal is None and reserving:  # its own reservation covers it
            normal = (order, steps)
        if short and normal:
            return (*short, *normal)
    pytest.fail("no demo orders for the stock test")


def empty_stock(database: Path, order: dict[str, Any], line: dict[str, Any]) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE tw_Stan SET st_Stan = 0, st_StanRez = 0 WHERE st_TowId = ? AND st_MagId = ?",
            (line["product_id"], order["warehouse_id"]),
        )


def pick_and_open_packing(page: Page, order: dict[str, Any], steps: list[Step]) -> None:
    for step in steps:
        scan(page, step.code)
        settled(page)
    expect(page.get_by_test_id("order-complete")).to_be_visible()
    page.get_by_test_id("pack-now").click()
    expect(page.locator(f"[data-screen=pack][data-order-id='{order['id']}']")).to_be_visible()
    page.get_by_test_id("pkg-0-weight").click()
    for key in ("2", ",", "5"):
        page.get_by_test_id(f"key-{key}").click()
    page.get_by_test_id("keypad-ok").click()
    expect(page.get_by_test_id("pkg-0-weight")).to_have_text("2,5 kg")


def test_stock_warning_refused_packing_and_what_happens_after_packing(
    devices: DeviceFactory, stock_server: tuple[KolektorServer, Path]
) -> None:
    server, database = stock_server
    short_order, short_steps, normal_order, normal_steps = choose(server, database)
    line = next(ln for ln in short_order["lines"] if pickable(ln))
    empty_stock(database, short_order, line)

    page = devices(server).page
    open_app(page)
    login(page, MAREK)  # a packer: picks and packs

    # Claiming the order: the warning names the line Subiekt cannot cover.
    page.get_by_test_id(f"claim-{short_order['id']}").click()
    warning = page.get_by_test_id("stock-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Za mało w magazynie")
    needed = format(quantity(line["base_quantity"]).normalize(), "f").replace(".", ",")
    expect(page.get_by_test_id("stock-lines")).to_contain_text(
        f"{line['name']}: potrzeba {needed}, dostępne 0"
    )
    expect(page.get_by_test_id(f"stock-short-{line['id']}")).to_have_text("brak w Subiekcie")

    # Picked anyway (the shelf may hold what Subiekt does not know of); packing re-checks.
    pick_and_open_packing(page, short_order, short_steps)
    page.get_by_test_id("confirm-pack").click()
    refused = page.get_by_test_id("pack-refused")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text("Nie spakowano — za mało w magazynie")
    expect(page.get_by_test_id("pack-refused-lines")).to_contain_text(line["name"])
    expect(page.get_by_test_id("confirm-pack")).to_be_disabled()
    stored = server.order(short_order["id"])
    assert stored["status"] == "problem"
    assert stored["status_reason"].startswith("Za mało towaru w magazynie (Subiekt)")
    assert line["name"] in stored["status_reason"]

    # An order the warehouse covers: no warning; after packing, the truth about each step.
    page.get_by_test_id("pack-back").click()
    page.get_by_test_id("nav-queue").click()
    page.get_by_test_id(f"claim-{normal_order['id']}").click()
    expect(
        page.locator(f"[data-screen=pick][data-order-id='{normal_order['id']}']")
    ).to_be_visible()
    expect(page.get_by_test_id("stock-warning")).to_have_count(0)
    pick_and_open_packing(page, normal_order, normal_steps)
    page.get_by_test_id("confirm-pack").click()
    expect(page.locator("[data-screen=packed]")).to_be_visible()
    # No packing station on this device: the label is made and kept, and the device says it
    # was not printed and why (the step list no longer repeats the label).
    label = page.get_by_test_id("label-panel")
    expect(label).to_have_attribute("data-state", "ready", timeout=20_000)
    expect(page.get_by_test_id("label-title")).to_have_text("Etykieta gotowa, ale niewydrukowana")
    expect(page.get_by_test_id("label-message")).to_contain_text(
        "stanowisko pakowania nie ma drukarki etykiet"
    )
    expect(page.get_by_test_id("packed-step-label")).to_have_count(0)
    expect(page.get_by_test_id("packed-step-realize")).to_contain_text("Dokument w Subiekcie")
    expect(page.get_by_test_id("packed-steps")).not_to_contain_text("zostaną przygotowane")
    assert quantity(line["base_quantity"]) > Decimal(0)
