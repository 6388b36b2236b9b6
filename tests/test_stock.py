"""The stock rules (kolektor/stock.py) and reading a ZK's stock from the demo Subiekt
database through pyodbc and the SQLite ODBC driver (kolektor/scanner/stock.py)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import trio

from kolektor.demo.generator import DemoSummary
from kolektor.i18n import decimal_text as quantity_text
from kolektor.scanner.stock import SubiektStock
from kolektor.stock import (
    ShortLine,
    StockCheck,
    check_order,
    describe,
    needs_stock,
    problem_reason,
    shortages,
)
from kolektor.subiekt.models import ZkStock, ZkStockLine
from kolektor.subiekt.reader import SubiektReader
from tests.subiekt_fixtures import settings_for

D = Decimal


def line(
    line_id: int,
    product_id: int | None = 10,
    quantity: str = "2",
    *,
    kind: int = 1,
    warehouse: int | None = 1,
    on_hand: str = "0",
    reserved: str = "0",
) -> ZkStockLine:
    return ZkStockLine(line_id, product_id, kind, D(quantity), warehouse, D(on_hand), D(reserved))


@pytest.mark.parametrize(
    ("status", "lines", "short"),
    [
        pytest.param(6, [line(1, on_hand="5")], [], id="enough"),
        pytest.param(6, [line(1, on_hand="2")], [], id="exactly-enough"),
        pytest.param(6, [line(1, on_hand="1")], [(10, "2", "1")], id="one-short"),
        pytest.param(
            6, [line(1, on_hand="5", reserved="4")], [(10, "2", "1")],
            id="reserved-by-another-zk-counts-against",
        ),
        pytest.param(
            7, [line(1, on_hand="5", reserved="5")], [], id="own-reservation-counts-for",
        ),
        pytest.param(
            7, [line(1, on_hand="5", reserved="6")], [(10, "2", "1")],
            id="own-reservation-plus-another",
        ),
        pytest.param(
            5, [line(1, on_hand="5", reserved="5")], [(10, "2", "0")],
            id="status-5-holds-no-reservation",
        ),
        pytest.param(6, [line(1, 20, kind=2)], [], id="service-ignored"),
        pytest.param(6, [line(1, None)], [], id="one-off-line-ignored"),
        pytest.param(
            6, [line(1, on_hand="3"), line(2, on_hand="3")], [(10, "4", "3")],
            id="same-product-lines-add-up",
        ),
        pytest.param(
            6, [line(1, on_hand="3"), line(2, warehouse=2, on_hand="3")], [],
            id="warehouses-apart",
        ),
        pytest.param(
            6, [line(1, on_hand="0", reserved="3")], [(10, "2", "0")],
            id="available-never-below-zero",
        ),
    ],
)  # fmt: skip
def test_shortages_follow_the_realizations_rule(
    status: int, lines: list[ZkStockLine], short: list[tuple[int, str, str]]
) -> None:
    found = shortages(ZkStock(1, status, tuple(lines)))
    assert [(s.product_id, s.needed, s.available) for s in found] == [
        (product, D(needed), D(available)) for product, needed, available in short
    ]


@dataclass(frozen=True)
class OrderLine:
    id: int
    subiekt_line_id: int
    product_id: int | None
    kind: int
    symbol: str | None
    name: str


def test_check_names_the_orders_lines_and_messages_name_the_products() -> None:
    order = [OrderLine(101, 1, 10, 1, "KAWA-1", "Kawa ziarnista"),
             OrderLine(102, 2, 10, 1, "KAWA-1", "Kawa ziarnista"),
             OrderLine(103, 3, 30, 2, "USL", "Pakowanie")]  # fmt: skip
    zk = ZkStock(1, 6, (line(1, on_hand="1"), line(2, on_hand="1"), line(3, 30, kind=2)))
    check = check_order(zk, order)
    assert check == StockCheck(
        checked=True,
        short=(ShortLine(101, (101, 102), "KAWA-1", "Kawa ziarnista", D(4), D(1)),),
    )
    assert check.is_short
    assert describe(check.short, "pl") == "KAWA-1 Kawa ziarnista (potrzeba 4, dostępne 1)"
    assert describe(check.short, "en") == "KAWA-1 Kawa ziarnista (needed 4, available 1)"
    assert "KAWA-1 Kawa ziarnista (potrzeba 4, dostępne 1)" in problem_reason(check.short, "pl")
    assert ShortLine.from_dict(check.short[0].as_dict()) == check.short[0]
    assert not check_order(None, order).checked  # the ZK is gone from Subiekt
    assert needs_stock(order) and not needs_stock(order[2:])


@pytest.mark.parametrize(
    ("value", "pl", "en"),
    [("6.0000", "6", "6"), ("0.7350", "0,735", "0.735"), ("600", "600", "600"), ("0", "0", "0")],
)
def test_quantities_are_written_as_people_write_them(value: str, pl: str, en: str) -> None:
    assert quantity_text(D(value), "pl") == pl
    assert quantity_text(D(value), "en") == en


# -- reading Subiekt ---------------------------------------------------------------------------


def set_stock(path: Path, product_id: int, warehouse_id: int, on_hand: Decimal,
              reserved: Decimal) -> None:  # fmt: skip
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE tw_Stan SET st_Stan = ?, st_StanRez = ? WHERE st_TowId = ? AND st_MagId = ?",
            (float(on_hand), float(reserved), product_id, warehouse_id),
        )


def test_reader_gives_each_line_the_stock_of_its_warehouse(subiekt_db: DemoSummary) -> None:
    reader = SubiektReader(settings_for(subiekt_db.path))
    try:
        zk = reader.zk_stock(subiekt_db.examples.zk_service_line)
        assert zk is not None and zk.status == 7
        goods = [ln for ln in zk.lines if ln.kind == 1]
        services = [ln for ln in zk.lines if ln.kind != 1]
        assert goods and services
        assert all(ln.warehouse_id is not None for ln in zk.lines)
        first = goods[0]
        assert first.product_id is not None and first.warehouse_id is not None
        set_stock(subiekt_db.path, first.product_id, first.warehouse_id, D("12.5"), D("2"))
        again = reader.zk_stock(subiekt_db.examples.zk_service_line)
        assert again is not None
        changed = next(ln for ln in again.lines if ln.line_id == first.line_id)
        assert (changed.on_hand, changed.reserved) == (D("12.5000"), D("2.0000"))
        assert reader.zk_stock(999_999) is None
    finally:
        reader.close()


async def test_an_unreachable_subiekt_is_not_checked_never_an_error(
    demo_db: DemoSummary,
) -> None:
    settings = settings_for(demo_db.path, connection_string="Driver={No Such Driver};Database=x")
    stock = SubiektStock(SubiektReader(settings))
    goods = [OrderLine(1, 1, 10, 1, "X", "X")]
    check = await stock.check(demo_db.examples.zk_pack_line, goods)
    assert not check.checked and check.error and "ODBC" in check.error
    # An order of services only needs no stock: no question to Subiekt at all.
    assert (await stock.check(1, [OrderLine(1, 1, 10, 2, "U", "U")])).checked


async def test_a_slow_subiekt_is_given_up_on_after_the_timeout(demo_db: DemoSummary) -> None:
    release = threading.Event()

    def stuck_connector(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # a driver waiting on a dead server
        raise RuntimeError("never mind")

    reader = SubiektReader(settings_for(demo_db.path), connector=stuck_connector)
    stock = SubiektStock(reader, timeout=0.2)
    goods = [OrderLine(1, 1, 10, 1, "X", "X")]
    started = trio.current_time()
    first = await stock.check(demo_db.examples.zk_pack_line, goods)
    # The stuck thread still holds the connection: the next check waits no longer either.
    second = await stock.check(demo_db.examples.zk_pack_line, goods)
    assert not first.checked and not second.checked
    assert "0.2 s" in (first.error or "")
    assert trio.current_time() - started < 2
    release.set()


async def test_a_reachable_subiekt_is_checked(subiekt_db: DemoSummary) -> None:
    reader = SubiektReader(settings_for(subiekt_db.path))
    stock = SubiektStock(reader)
    zk = reader.zk_stock(subiekt_db.examples.zk_carton_line)  # status 6: no reservation
    assert zk is not None
    lines = [OrderLine(100 + n, ln.line_id, ln.product_id, ln.kind, "S", "N")
             for n, ln in enumerate(zk.lines)]  # fmt: skip
    assert await stock.check(zk.zk_id, lines) == StockCheck(checked=True)
    goods = next(ln for ln in zk.lines if ln.kind == 1 and ln.product_id is not None)
    assert goods.product_id is not None and goods.warehouse_id is not None
    set_stock(subiekt_db.path, goods.product_id, goods.warehouse_id, D(0), D(0))
    short = await stock.check(zk.zk_id, lines)
    assert short.is_short and [s.line_id for s in short.short] == [
        next(ol.id for ol in lines if ol.subiekt_line_id == goods.line_id)
    ]
    await stock.aclose()
    assert replace(short, short=()) == StockCheck(checked=True)
