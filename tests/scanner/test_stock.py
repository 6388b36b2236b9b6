"""Stock checked against Subiekt when a picker claims an order and again before packing —
a real server on the demo Subiekt database (pyodbc and the SQLite ODBC driver), devices on
real WebSockets, the office API over HTTP."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio

from kolektor.demo.generator import DemoSummary
from kolektor.store import orders
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.tables import packages
from kolektor.subiekt.models import ZkStockLine
from kolektor.subiekt.reader import SubiektReader
from tests.office import add_demo_operators
from tests.scanner.conftest import Device, Site, scan_plan, scanner_config, start
from tests.scanner.test_ws import NOW, count
from tests.subiekt_fixtures import settings_for

OFFICE = ("biuro", "biuro-demo")


@pytest.fixture
async def site(
    request: pytest.FixtureRequest, subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> AsyncIterator[Site]:
    """The scanner server (``kolektor serve``'s own wiring: the stock check reads the
    test's Subiekt copy) — or, with ``@pytest.mark.parametrize("site", [False],
    indirect=True)``, Subiekt stops answering once the intake has imported the orders (its
    database file is replaced by one that is not a database)."""
    reachable = getattr(request, "param", True)
    config = scanner_config(tmp_path, subiekt_db.path)
    store = Store.open(config.store_url)
    store.upgrade()
    add_demo_operators(config, store)
    running = Site(config, store, subiekt_db, await start(nursery, config, store), nursery)
    await running.wait_for_intake()
    if not reachable:
        subiekt_db.path.rename(subiekt_db.path.with_name("subiekt-away.db"))
        subiekt_db.path.write_bytes(b"not a database\n" * 512)
    yield running
    running.running.scope.cancel()
    await running.running.stopped.wait()
    store.close()


def zk_lines(path: Path, zk_id: int) -> list[ZkStockLine]:
    reader = SubiektReader(settings_for(path))
    try:
        zk = reader.zk_stock(zk_id)
    finally:
        reader.close()
    assert zk is not None
    return list(zk.lines)


def set_stock(path: Path, line: ZkStockLine, on_hand: Decimal, reserved: Decimal) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE tw_Stan SET st_Stan = ?, st_StanRez = ? WHERE st_TowId = ? AND st_MagId = ?",
            (float(on_hand), float(reserved), line.product_id, line.warehouse_id),
        )


def goods(lines: list[ZkStockLine]) -> list[ZkStockLine]:
    return [ln for ln in lines if ln.kind == 1 and ln.product_id is not None]


def untouched(path: Path, lines: list[ZkStockLine]) -> list[int]:
    return []


def reserved_by_another_zk(path: Path, lines: list[ZkStockLine]) -> list[int]:
    """On hand one more than needed, but another ZK reserved two: one short."""
    first = goods(lines)[0]
    set_stock(path, first, first.base_quantity + 1, Decimal(2))
    return [first.line_id]


def only_own_reservation(path: Path, lines: list[ZkStockLine]) -> list[int]:
    """Exactly the order's goods on hand, all reserved — by this ZK itself (status 7)."""
    for line in goods(lines):
        set_stock(path, line, line.base_quantity, line.base_quantity)
    return []


def reserved_without_own_reservation(path: Path, lines: list[ZkStockLine]) -> list[int]:
    """The same stock for a ZK that reserves nothing (status 6): all of it is someone
    else's reservation."""
    only_own_reservation(path, lines)
    return [line.line_id for line in goods(lines)]


def short_in_subiekt(path: Path, lines: list[ZkStockLine]) -> list[int]:
    """The demo's ZK with a line for more than the warehouse has."""
    return [ln.line_id for ln in goods(lines) if ln.on_hand - ln.reserved < ln.base_quantity]


@dataclass(frozen=True)
class Case:
    zk: str
    """The demo example (``DemoExamples`` attribute)."""
    status: int
    stock: Callable[[Path, list[ZkStockLine]], list[int]]
    """Changes Subiekt's stock; returns the Subiekt lines (``ob_Id``) that end up short."""


CASES = {
    "enough-stock": Case("zk_pack_line", 7, untouched),
    "one-line-short": Case("zk_shortage", 6, short_in_subiekt),
    "reserved-by-another-zk-counts-against": Case("zk_carton_line", 6, reserved_by_another_zk),
    "own-reservation-counts-for": Case("zk_pack_line", 7, only_own_reservation),
    "without-own-reservation-short": Case("zk_carton_line", 6, reserved_without_own_reservation),
    "service-lines-ignored": Case("zk_service_line", 7, only_own_reservation),
}


async def pick_all(device: Device, order: orders.OrderRecord) -> None:
    for index, (_, code, _) in enumerate(scan_plan(order)):
        reply = await device.request(
            "scan", order_id=order.id, scan_id=f"st-{order.id}-{index}", code=code,
            scanned_at=NOW,
        )  # fmt: skip
        assert reply["verdict"]["ok"], reply
    assert reply["status"] == "picked"


async def office_order(site: Site, order_id: int) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=site.running.url, auth=OFFICE, timeout=30) as http:
        response = await http.get(f"/api/orders/{order_id}")
        response.raise_for_status()
        one: dict[str, Any] = response.json()["order"]
        listed = await http.get("/api/orders", params={"status": "problem"})
        listed.raise_for_status()
    if one["status"] == "problem":
        summary = next(o for o in listed.json()["orders"] if o["id"] == order_id)
        assert summary["status_reason"] == one["status_reason"]
    return one


@pytest.mark.parametrize("name", list(CASES))
async def test_stock_is_checked_on_claim_and_before_packing(
    name: str, site: Site, connect: Callable[..., Any]
) -> None:
    case = CASES[name]
    zk_id = getattr(site.demo.examples, case.zk)
    lines = zk_lines(site.demo.path, zk_id)
    short_subiekt_lines = case.stock(site.demo.path, lines)
    order = site.order(zk_id)
    assert order.status is OrderStatus.NEW
    short_ids = sorted(ln.id for ln in order.lines if ln.subiekt_line_id in short_subiekt_lines)
    assert bool(short_ids) == (case.stock not in (untouched, only_own_reservation))
    if name == "service-lines-ignored":
        assert any(ln.kind != 1 and ln.product_id is not None for ln in order.lines)
    async with connect(f"tc-stock-{name}") as device:
        await device.login("OP-0002")  # Marek, a packer, picks and packs
        claimed = await device.request("claim", order_id=order.id)
        assert claimed["type"] == "order" and claimed["order"]["status"] == "picking"
        stock = claimed["stock"]
        assert stock["checked"] is True
        assert sorted(i for entry in stock["short"] for i in entry["line_ids"]) == short_ids
        if short_ids:
            entry = stock["short"][0]
            line = next(ln for ln in order.lines if ln.id == entry["line_id"])
            assert (entry["symbol"], entry["name"]) == (line.symbol, line.name)
            assert Decimal(entry["needed"]) > Decimal(entry["available"]) >= 0
            assert stock["message"].startswith("Warning: according to Subiekt")
            assert line.name in stock["message"]
        else:
            assert stock["short"] == [] and stock["message"] is None

        await pick_all(device, order)
        pack = {"order_id": order.id, "request_id": f"pack-{name}",
                "packages": [{"weight_kg": "1.5"}]}  # fmt: skip
        reply = await device.request("pack", **pack)
        if not short_ids:
            assert reply["type"] == "packed", reply
            assert site.order(zk_id).status is not OrderStatus.PROBLEM
            return
        assert reply["type"] == "error" and reply["code"] == "stock_short", reply
        assert sorted(i for entry in reply["lines"] for i in entry["line_ids"]) == short_ids
        assert reply["message"].startswith("Cannot pack")
        # A re-sent confirmation gets the same answer, and nothing is packed.
        again = await device.request("pack", **pack)
        assert {k: v for k, v in again.items() if k != "ref"} == {
            k: v for k, v in reply.items() if k != "ref"
        }

    stored = site.order(zk_id)
    assert stored.status is OrderStatus.PROBLEM
    assert count(site, packages, order_id=order.id) == 0
    office = await office_order(site, order.id)
    assert office["status"] == "problem"
    reason = office["status_reason"]
    assert reason.startswith("Za mało towaru w magazynie (Subiekt), nie spakowano:")
    for line in stored.lines:
        if line.id in short_ids:
            assert f"{line.symbol} {line.name} (potrzeba" in reason


@pytest.mark.parametrize("site", [False], indirect=True)
async def test_unreachable_subiekt_never_blocks_picking_or_packing(
    site: Site, connect: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    zk_id = site.demo.examples.zk_shortage  # short in Subiekt — but Subiekt cannot be asked
    order = site.order(zk_id)
    async with connect("tc-stock-down") as device:
        await device.login("OP-0002")
        claimed = await device.request("claim", order_id=order.id)
        assert claimed["type"] == "order" and claimed["order"]["status"] == "picking"
        assert claimed["stock"] == {
            "checked": False, "short": [],
            "message": "Stock was not checked — Subiekt is not answering. Pick as usual.",
        }  # fmt: skip
        await pick_all(device, order)
        reply = await device.request(
            "pack", order_id=order.id, request_id="pack-down", packages=[{"weight_kg": "2"}]
        )
    assert reply["type"] == "packed", reply
    assert site.order(zk_id).status is not OrderStatus.PROBLEM
    assert any("scanner.pack_stock_unchecked" in r.getMessage() for r in caplog.records)
