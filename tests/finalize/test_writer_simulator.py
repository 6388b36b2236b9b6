"""The Subiekt simulator realizes ZKs on a copy of the demo database as Sfera would.

Each test takes ``subiekt_db`` (a private copy of the demo database) and checks the rows
a realization writes, table by table, then that the reader sees the result as it would in
a real Subiekt: the link from the new document to the ZK, and the ZK no longer open.
"""

from __future__ import annotations

import contextlib
import sqlite3
import string
import threading
from dataclasses import replace
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from kolektor import i18n
from kolektor.demo.database import SubiektDatabase
from kolektor.demo.generator import DemoSummary
from kolektor.finalize.simulator import SubiektSimulator
from kolektor.finalize.writer import (
    LOOKUP_STATEMENTS,
    DocumentWriter,
    SqlLookup,
    StockShortage,
    SubiektLocked,
    WriterError,
    WriterUnavailable,
    ZkChanged,
    ZkExpectation,
    ZkMissing,
    ZkRealizedElsewhere,
)
from kolektor.subiekt.reader import LinkedDocument, SubiektReader
from tests.subiekt_fixtures import settings_for

MESSAGES = {k: v for k, v in i18n.MESSAGES.items() if k.startswith("writer.")}
"""This module's part of the catalog (:mod:`kolektor.messages`)."""

M = Decimal("0.0001")


# -- helpers --------------------------------------------------------------------------------


def now_for(summary: DemoSummary) -> datetime:
    return datetime.combine(summary.today, time(12, 30))


@pytest.fixture
def sim(subiekt_db: DemoSummary) -> SubiektSimulator:
    """The simulator on the test's copy, where every open ZK but ``zk_shortage`` is covered
    by stock (the demo made its status 5/6 orders without looking at the stock)."""
    for zk_id in subiekt_db.open_zk_ids:
        if zk_id != subiekt_db.examples.zk_shortage:
            realizable(subiekt_db.path, zk_id)
    return SubiektSimulator(subiekt_db.path, clock=lambda: now_for(subiekt_db))


def expectation(sim: SubiektSimulator, zk_id: int) -> ZkExpectation:
    state = sim.zk_state(zk_id)
    assert state is not None
    return ZkExpectation(
        zk_id, state.number, tuple((line.id, line.quantity) for line in state.lines)
    )


def rows(path: Path, table: str, where: dict[str, object] | None = None) -> list[dict[str, Any]]:
    with SubiektDatabase(path) as db:
        return db.select(table, where)


def row(path: Path, table: str, where: dict[str, object]) -> dict[str, Any]:
    with SubiektDatabase(path) as db:
        return db.select_one(table, where)


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table — to prove that nothing changed."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.text_factory = bytes
        tables = [
            name.decode()
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: sorted(connection.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            for name in tables
        }


def counter(path: Path, name: str) -> int:
    return int(row(path, "ins_ident", {"ido_nazwa": name})["ido_wartosc"])


def stock(path: Path, product_id: int, mag_id: int) -> tuple[Decimal, Decimal]:
    found = row(path, "tw_Stan", {"st_TowId": product_id, "st_MagId": mag_id})
    return Decimal(str(found["st_Stan"])).quantize(M), Decimal(str(found["st_StanRez"])).quantize(M)


def goods(path: Path, zk_id: int) -> dict[tuple[int, int], Decimal]:
    totals: dict[tuple[int, int], Decimal] = {}
    for line in rows(path, "dok_Pozycja", {"ob_DokHanId": zk_id}):
        if line["ob_TowRodzaj"] == 1:
            key = (int(line["ob_TowId"]), int(line["ob_MagId"]))
            totals[key] = totals.get(key, Decimal(0)) + Decimal(str(line["ob_IloscMag"]))
    return totals


def realizable(path: Path, zk_id: int) -> int:
    """Receive goods so that the ZK can be realized (open demo orders with status 5/6 were
    made without looking at the stock); return the ZK's id."""
    status = row(path, "dok__Dokument", {"dok_Id": zk_id})["dok_Status"]
    with SubiektDatabase(path) as db:
        for (product_id, mag_id), quantity in goods(path, zk_id).items():
            found = db.select_one("tw_Stan", {"st_TowId": product_id, "st_MagId": mag_id})
            on_hand = Decimal(str(found["st_Stan"]))
            available = on_hand - Decimal(str(found["st_StanRez"]))
            if status == 7:
                available += quantity
            if available < quantity:
                db.update(
                    "tw_Stan",
                    {"st_TowId": product_id, "st_MagId": mag_id},
                    st_Stan=on_hand + quantity - available,
                )
    return zk_id


def next_number(path: Path, doc_type: int, pattern: str) -> int:
    with sqlite3.connect(path) as connection:
        (highest,) = connection.execute(
            "SELECT MAX(dok_Nr) FROM dok__Dokument WHERE dok_Typ = ?"
            " AND dok_NrPelny LIKE CAST(? AS TEXT)",
            (doc_type, pattern.encode("cp1250")),
        ).fetchone()
    return int(highest or 0) + 1


def made_from(path: Path, zk_id: int) -> list[dict[str, Any]]:
    return rows(path, "dok__Dokument", {"dok_DoDokId": zk_id})


def new_zk(path: Path, customer_id: int, lines: list[tuple[int, Decimal]], status: int) -> int:
    with SubiektDatabase(path) as db:
        return db.add_open_zk(customer_id, lines, status=status)


def set_stock(path: Path, product_id: int, mag_id: int, on_hand: Decimal) -> None:
    with SubiektDatabase(path) as db:
        db.update(
            "tw_Stan", {"st_TowId": product_id, "st_MagId": mag_id}, st_Stan=on_hand, st_StanRez=0
        )


def a_good(summary: DemoSummary) -> int:
    """A product (goods, not by weight) for controlled stock tests."""
    with SubiektDatabase(summary.path) as db:
        for product in db.select("tw__Towar", {"tw_Rodzaj": 1}):
            if str(product["tw_JednMiary"]).strip() == "szt.":
                return int(product["tw_Id"])
    raise AssertionError("no goods in the demo database")


# -- FS, PAi, PA, WZ -------------------------------------------------------------------------


def test_fs_for_a_company_writes_what_sfera_writes(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_remark_invoice
    zk = row(path, "dok__Dokument", {"dok_Id": zk_id})
    zk_lines = rows(path, "dok_Pozycja", {"ob_DokHanId": zk_id})
    released = zk["dok_Status"] == 7  # only a status-7 ZK reserved its goods
    needs = goods(path, zk_id)
    before = {key: stock(path, *key) for key in needs}
    now = now_for(subiekt_db)
    expected_number = next_number(path, 2, f"FS %/{now:%m}/{now:%Y}")
    first_doc_id, first_line_id = counter(path, "dok__Dokument"), counter(path, "dok_Pozycja")

    document = sim.realize(expectation(sim, zk_id), "FS")

    assert document.kind == "FS" and not document.adopted and document.fiscal_status is None
    assert document.id == first_doc_id  # from ins_ident, like spIdentyfikator
    assert counter(path, "dok__Dokument") == first_doc_id + 1
    assert document.number == f"FS {expected_number}/{now:%m}/{now:%Y}"
    fs = row(path, "dok__Dokument", {"dok_Id": document.id})
    assert (fs["dok_Typ"], fs["dok_Podtyp"], fs["dok_Nr"]) == (2, 0, expected_number)
    assert fs["dok_NrPelny"] == document.number
    assert (fs["dok_DoDokId"], fs["dok_DoDokNrPelny"], fs["dok_DoDokDataWyst"]) == (
        zk_id,
        zk["dok_NrPelny"],
        zk["dok_DataWyst"],
    )
    for column in (
        "dok_PlatnikId", "dok_PlatnikAdreshId", "dok_OdbiorcaId", "dok_OdbiorcaAdreshId",
        "dok_AdresDostawyId", "dok_AdresDostawyAdreshId", "dok_MagId", "dok_KatId", "dok_PlatId",
        "dok_WartNetto", "dok_WartVat", "dok_WartBrutto", "dok_KwPrzelew", "dok_KwGotowka",
    ):  # fmt: skip
        assert fs[column] == zk[column], column
    assert fs["dok_PlatnikId"] is not None and fs["dok_PlatnikAdreshId"] is not None
    assert (fs["dok_Status"], fs["dok_JestRuchMag"], fs["dok_StatusFiskal"]) == (1, 1, 0)
    assert fs["dok_DataWyst"] == f"{now:%Y-%m-%d %H:%M:%S}"
    assert document.value_gross == Decimal(str(zk["dok_WartBrutto"])).quantize(M)

    lines = rows(path, "dok_Pozycja", {"ob_DokHanId": document.id})
    assert [line["ob_Id"] for line in lines] == list(
        range(first_line_id, first_line_id + len(zk_lines))
    )
    for copied, original in zip(lines, zk_lines, strict=True):
        for column in ("ob_TowId", "ob_Ilosc", "ob_IloscMag", "ob_Jm", "ob_CenaBrutto",
                       "ob_WartNetto", "ob_WartBrutto", "ob_VatId", "ob_MagId"):  # fmt: skip
            assert copied[column] == original[column], column
        assert copied["ob_DokMagId"] is None and copied["ob_DoId"] is None
    vat = rows(path, "dok_Vat", {"vt_DokId": document.id})
    vat_gross = sum((Decimal(str(v["vt_WartBrutto"])) for v in vat), Decimal(0))
    assert vat_gross.quantize(M) == document.value_gross
    assert {v["vt_VatId"] for v in vat} == {line["ob_VatId"] for line in lines}

    zk_after = row(path, "dok__Dokument", {"dok_Id": zk_id})
    assert zk_after["dok_Status"] == 8 and zk_after["dok_StatusEx"] & 4
    for key, quantity in needs.items():
        on_hand, reserved = before[key]
        assert stock(path, *key) == (on_hand - quantity, reserved - quantity * released)


def test_pai_for_a_person_is_a_fiscal_named_receipt(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_weighted_line
    released = row(path, "dok__Dokument", {"dok_Id": zk_id})["dok_Status"] == 7
    zk = row(path, "dok__Dokument", {"dok_Id": zk_id})
    now = now_for(subiekt_db)
    expected_number = next_number(path, 21, f"PAi %/{now:%Y}")
    needs = goods(path, zk_id)
    before = {key: stock(path, *key) for key in needs}
    assert any(q != q.to_integral_value() for q in needs.values())  # a line in kg

    document = sim.realize(expectation(sim, zk_id), "PAi")

    assert (document.kind, document.fiscal_status) == ("PAi", 1)
    assert document.number == f"PAi {expected_number}/{now:%Y}"
    receipt = row(path, "dok__Dokument", {"dok_Id": document.id})
    assert (receipt["dok_Typ"], receipt["dok_Podtyp"], receipt["dok_StatusFiskal"]) == (21, 2, 1)
    assert receipt["dok_PlatnikId"] == zk["dok_PlatnikId"]
    assert receipt["dok_PlatnikAdreshId"] == zk["dok_PlatnikAdreshId"]
    for key, quantity in needs.items():
        on_hand, reserved = before[key]
        assert stock(path, *key) == (on_hand - quantity, reserved - quantity * released)


def test_plain_pa_has_no_buyer_and_fiscal_false_leaves_it_unregistered(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_remark_receipt
    document = sim.realize(expectation(sim, zk_id), "PA", fiscal=False)
    receipt = row(path, "dok__Dokument", {"dok_Id": document.id})
    assert (receipt["dok_Typ"], receipt["dok_Podtyp"], receipt["dok_StatusFiskal"]) == (21, 0, 0)
    assert document.fiscal_status == 0
    assert receipt["dok_PlatnikId"] is None  # Sfera's plain PA drops KontrahentId
    assert document.number.startswith("PA ")


def test_wz_carries_goods_lines_linked_to_the_zk_lines(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_service_line
    released = row(path, "dok__Dokument", {"dok_Id": zk_id})["dok_Status"] == 7
    zk_lines = rows(path, "dok_Pozycja", {"ob_DokHanId": zk_id})
    goods_lines = [line for line in zk_lines if line["ob_TowRodzaj"] == 1]
    assert len(goods_lines) < len(zk_lines)  # the ZK has a service too
    needs = goods(path, zk_id)
    before = {key: stock(path, *key) for key in needs}

    document = sim.realize(expectation(sim, zk_id), "WZ")

    wz = row(path, "dok__Dokument", {"dok_Id": document.id})
    assert (wz["dok_Typ"], wz["dok_Podtyp"], wz["dok_DoDokId"]) == (11, 1, zk_id)
    assert wz["dok_KwDoZaplaty"] is None and wz["dok_PlatTermin"] is None  # no payment
    lines = rows(path, "dok_Pozycja", {"ob_DokMagId": document.id})
    assert [line["ob_DoId"] for line in lines] == [line["ob_Id"] for line in goods_lines]
    assert all(line["ob_DokHanId"] is None for line in lines)
    assert [line["ob_DokMagLp"] for line in lines] == list(range(1, len(lines) + 1))
    assert document.value_gross == sum(
        (Decimal(str(line["ob_WartBrutto"])) for line in goods_lines), Decimal(0)
    ).quantize(M)
    for key, quantity in needs.items():
        on_hand, reserved = before[key]
        assert stock(path, *key) == (on_hand - quantity, reserved - quantity * released)


def test_the_reader_sees_the_link_and_the_zk_is_no_longer_open(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    ex = subiekt_db.examples
    fs = sim.realize(expectation(sim, ex.zk_remark_invoice), "FS")
    pai = sim.realize(expectation(sim, ex.zk_weighted_line), "PAi")
    wz = sim.realize(expectation(sim, ex.zk_remark_wz), "WZ")
    reader = SubiektReader(settings_for(subiekt_db.path))
    try:
        states = reader.document_states(
            [ex.zk_remark_invoice, ex.zk_weighted_line, ex.zk_remark_wz]
        )
        open_ids = {order.id for order in reader.open_orders()}
    finally:
        reader.close()
    for zk_id, document in (
        (ex.zk_remark_invoice, fs),
        (ex.zk_weighted_line, pai),
        (ex.zk_remark_wz, wz),
    ):
        assert states[zk_id].status == 8
        assert states[zk_id].realized_by == (
            LinkedDocument(document.id, document.kind, document.number),
        )
        assert zk_id not in open_ids
    assert len(open_ids) == len(subiekt_db.open_zk_ids) - 3


def test_numbers_are_sequential_per_type(subiekt_db: DemoSummary, sim: SubiektSimulator) -> None:
    ex = subiekt_db.examples
    first = sim.realize(expectation(sim, ex.zk_remark_invoice), "FS")
    second = sim.realize(expectation(sim, ex.zk_remark_invoice_upper), "FS")
    wz = sim.realize(expectation(sim, ex.zk_remark_wz), "WZ")
    n = int(first.number.split()[1].split("/")[0])
    assert second.number == first.number.replace(f"FS {n}/", f"FS {n + 1}/")
    assert second.id == first.id + 1
    now = now_for(subiekt_db)
    assert wz.number.endswith(f"/{now:%Y}") and wz.number.count("/") == 1


# -- idempotency and "never a second document" -----------------------------------------------


def test_realizing_twice_adopts_the_first_document_and_moves_stock_once(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_status7
    wanted = expectation(sim, zk_id)
    first = sim.realize(wanted, "FS")
    after_first = dump(path)
    again = sim.realize(wanted, "FS")
    assert again == replace(first, adopted=True)
    assert dump(path) == after_first
    assert len(made_from(path, zk_id)) == 1
    assert sim.find_realization(zk_id) == again


def test_a_wz_never_follows_an_fs_that_already_released_the_stock(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_status7
    wanted = expectation(sim, zk_id)
    fs = sim.realize(wanted, "FS")
    after_fs = dump(path)
    with pytest.raises(ZkRealizedElsewhere) as caught:
        sim.realize(wanted, "WZ")
    assert fs.number in caught.value.message
    assert caught.value.documents[0].id == fs.id and caught.value.retryable is False
    assert dump(path) == after_fs  # no second document, no second release


def test_an_fs_never_follows_a_wz(subiekt_db: DemoSummary, sim: SubiektSimulator) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_remark_wz
    wanted = expectation(sim, zk_id)
    sim.realize(wanted, "WZ")
    after_wz = dump(path)
    with pytest.raises(ZkRealizedElsewhere):
        sim.realize(wanted, "FS")
    assert dump(path) == after_wz


def test_documents_made_in_subiekt_are_found_and_adopted(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    ex = subiekt_db.examples
    before = dump(subiekt_db.path)
    found = sim.find_realization(ex.realized_zk_to_fs)
    assert found is not None and (found.id, found.kind, found.adopted) == (
        ex.fs_from_zk,
        "FS",
        True,
    )
    pai = sim.find_realization(ex.realized_zk_to_pai)
    assert pai is not None and (pai.id, pai.kind, pai.fiscal_status) == (ex.pai_from_zk, "PAi", 1)
    # The expectation no longer matters once a document of the kind exists.
    adopted = sim.realize(ZkExpectation(ex.realized_zk_to_fs, "ZK ?", ()), "FS")
    assert adopted == found
    with pytest.raises(ZkRealizedElsewhere):
        sim.realize(ZkExpectation(ex.realized_zk_to_fs, "ZK ?", ()), "PAi")
    assert sim.find_realization(ex.zk_remark_invoice) is None
    assert dump(subiekt_db.path) == before


def test_concurrent_realizations_of_one_zk_make_one_document(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    zk_id = subiekt_db.examples.zk_many_lines
    wanted = expectation(sim, zk_id)
    results: list[Any] = []

    def realize() -> None:
        try:
            results.append(sim.realize(wanted, "FS"))
        except BaseException as error:  # pragma: no cover - reported below
            results.append(error)

    workers = [threading.Thread(target=realize) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all(not isinstance(r, BaseException) for r in results), results
    assert sorted(r.adopted for r in results) == [False, True, True, True]
    assert len({r.id for r in results}) == 1
    assert len(made_from(subiekt_db.path, zk_id)) == 1


# -- reservations and stock --------------------------------------------------------------------


def test_reservations_are_released_once_and_only_for_status_7(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path = subiekt_db.path
    product, mag = a_good(subiekt_db), subiekt_db.main_warehouse_id
    customer = subiekt_db.examples.person_id
    set_stock(path, product, mag, Decimal(10))
    reserved_zk = new_zk(path, customer, [(product, Decimal(3))], status=7)
    plain_zk = new_zk(path, customer, [(product, Decimal(2))], status=6)
    assert stock(path, product, mag) == (Decimal(10), Decimal(3))

    sim.realize(expectation(sim, reserved_zk), "FS")
    assert stock(path, product, mag) == (Decimal(7), Decimal(0))
    sim.realize(expectation(sim, reserved_zk), "FS")  # adopted: nothing moves
    assert stock(path, product, mag) == (Decimal(7), Decimal(0))
    sim.realize(expectation(sim, plain_zk), "WZ")
    assert stock(path, product, mag) == (Decimal(5), Decimal(0))


def test_other_orders_reservations_count_against_the_stock(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path = subiekt_db.path
    product, mag = a_good(subiekt_db), subiekt_db.main_warehouse_id
    customer = subiekt_db.examples.person_id
    set_stock(path, product, mag, Decimal(5))
    new_zk(path, customer, [(product, Decimal(4))], status=7)  # someone else's reservation
    mine = new_zk(path, customer, [(product, Decimal(2))], status=6)
    before = dump(path)
    with pytest.raises(StockShortage) as caught:
        sim.realize(expectation(sim, mine), "FS")
    (item,) = caught.value.missing
    assert (item.needed, item.available, item.missing, item.warehouse) == (
        Decimal(2),
        Decimal(1),
        Decimal(1),
        subiekt_db.main_warehouse_symbol,
    )
    assert dump(path) == before


def test_an_orders_own_reservation_is_not_counted_twice(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path = subiekt_db.path
    product, mag = a_good(subiekt_db), subiekt_db.main_warehouse_id
    set_stock(path, product, mag, Decimal(5))
    mine = new_zk(path, subiekt_db.examples.person_id, [(product, Decimal(5))], status=7)
    sim.realize(expectation(sim, mine), "PAi")
    assert stock(path, product, mag) == (Decimal(0), Decimal(0))


def test_demo_shortage_order_raises_and_changes_nothing(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_shortage
    before = dump(path)
    with pytest.raises(StockShortage) as caught:
        sim.realize(expectation(sim, zk_id), "PAi")
    error = caught.value
    assert error.code == "stock_shortage" and error.retryable is False
    assert error.missing and all(m.needed > m.available for m in error.missing)
    first = error.missing[0]
    assert first.symbol in error.message and first.name
    assert dump(path) == before


# -- the ZK changed, deleted or locked meanwhile -----------------------------------------------


def test_a_changed_quantity_is_reported_and_nothing_is_written(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_remark_invoice
    wanted = expectation(sim, zk_id)
    line_id, quantity = wanted.lines[0]
    with SubiektDatabase(path) as db:
        db.update("dok_Pozycja", {"ob_Id": line_id}, ob_Ilosc=quantity + 1)
    before = dump(path)
    with pytest.raises(ZkChanged) as caught:
        sim.realize(wanted, "FS")
    state = sim.zk_state(zk_id)
    assert state is not None and state.lines[0].symbol
    assert state.lines[0].symbol in caught.value.message
    assert f"{quantity.normalize():f} → {(quantity + 1).normalize():f}" in caught.value.message
    assert caught.value.retryable is False and caught.value.code == "zk_changed"
    assert dump(path) == before


def test_added_and_removed_lines_and_status_are_reported(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    zk_id = subiekt_db.examples.zk_remark_invoice
    wanted = expectation(sim, zk_id)
    with pytest.raises(ZkChanged, match="dodano pozycję"):
        sim.realize(ZkExpectation(zk_id, wanted.number, wanted.lines[:-1]), "FS")
    with pytest.raises(ZkChanged, match="usunięto pozycję"):
        sim.realize(
            ZkExpectation(zk_id, wanted.number, (*wanted.lines, (999999, Decimal(1)))), "FS"
        )
    with SubiektDatabase(subiekt_db.path) as db:
        db.update("dok__Dokument", {"dok_Id": zk_id}, dok_Status=8)
    with pytest.raises(ZkChanged, match="status 8"):
        sim.realize(wanted, "FS")


def test_a_deleted_zk_is_missing(subiekt_db: DemoSummary, sim: SubiektSimulator) -> None:
    zk_id = subiekt_db.examples.zk_remark_invoice
    wanted = expectation(sim, zk_id)
    with SubiektDatabase(subiekt_db.path) as db:
        db.delete("dok_Pozycja", {"ob_DokHanId": zk_id})
        db.delete("dok__Dokument", {"dok_Id": zk_id})
    with pytest.raises(ZkMissing) as caught:
        sim.realize(wanted, "FS")
    assert isinstance(caught.value, ZkChanged) and caught.value.code == "zk_missing"
    assert wanted.number in caught.value.message


def test_a_zk_open_in_subiekt_is_locked_then_realized(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    zk_id = subiekt_db.examples.zk_remark_invoice
    before = dump(subiekt_db.path)
    sim.lock(zk_id)
    with pytest.raises(SubiektLocked) as caught:
        sim.realize(expectation(sim, zk_id), "FS")
    assert caught.value.retryable is True
    assert dump(subiekt_db.path) == before
    sim.unlock(zk_id)
    assert not sim.realize(expectation(sim, zk_id), "FS").adopted


# -- all or nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "trigger",
    [
        "CREATE TRIGGER fail_midway BEFORE INSERT ON dok_Vat"
        " BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END",
        "CREATE TRIGGER fail_midway BEFORE UPDATE OF dok_Status ON dok__Dokument"
        " WHEN NEW.dok_Status = 8 BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END",
    ],
    ids=["at-vat-summary", "at-zk-status"],
)
def test_a_failure_mid_way_leaves_no_half_document(
    subiekt_db: DemoSummary, sim: SubiektSimulator, trigger: str
) -> None:
    path, zk_id = subiekt_db.path, subiekt_db.examples.zk_status7
    with sqlite3.connect(path) as connection:
        connection.execute(trigger)
    before = dump(path)
    with pytest.raises(WriterUnavailable) as caught:
        sim.realize(expectation(sim, zk_id), "FS")
    assert "simulated" in caught.value.message and caught.value.retryable
    assert dump(path) == before  # no document, no lines, no stock change, same counters
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER fail_midway")
    document = sim.realize(expectation(sim, zk_id), "FS")
    assert document.id == counter(path, "dok__Dokument") - 1


def test_a_missing_database_is_unavailable(tmp_path: Path) -> None:
    sim = SubiektSimulator(tmp_path / "nothing.db", language="en")
    with pytest.raises(WriterUnavailable, match="cannot be read or written"):
        sim.realize(ZkExpectation(1, "ZK 1/2026", ()), "FS")


# -- the SQL reads, the interface, the messages ------------------------------------------------


def test_sql_lookup_reads_the_same_through_odbc(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    ex = subiekt_db.examples
    sim.realize(expectation(sim, ex.zk_weighted_line), "PAi")
    lookup = SqlLookup(settings_for(subiekt_db.path))
    try:
        for zk_id in (ex.zk_pack_line, ex.zk_weighted_line, ex.zk_one_off_service,
                      ex.realized_zk_to_wz, ex.realized_zk_to_pai):  # fmt: skip
            assert lookup.zk_state(zk_id) == sim.zk_state(zk_id)
            assert lookup.realizations(zk_id) == sim.realizations(zk_id)
        assert lookup.zk_state(10**9) is None
        assert lookup.find_realization(ex.realized_zk_to_wz) == sim.find_realization(
            ex.realized_zk_to_wz
        )
    finally:
        lookup.close()
    state = sim.zk_state(ex.zk_pack_line)
    assert state is not None and state.warehouse == subiekt_db.main_warehouse_symbol
    assert any(line.unit == "opak." and line.base_quantity == 6 * line.quantity
               for line in state.lines)  # fmt: skip


def test_sql_lookup_reports_an_unreachable_database(tmp_path: Path) -> None:
    lookup = SqlLookup(settings_for(tmp_path / "missing.db"), language="en")
    with pytest.raises(WriterUnavailable) as caught:
        lookup.realizations(1)
    assert caught.value.retryable


@pytest.mark.parametrize("sql", LOOKUP_STATEMENTS)
def test_lookup_statements_are_read_only_tsql(sql: str) -> None:
    tree = sqlglot.parse_one(sql, read="tsql", error_level=sqlglot.ErrorLevel.RAISE)
    assert isinstance(tree, exp.Select)
    assert not list(tree.find_all(exp.Insert, exp.Update, exp.Delete, exp.Merge))
    assert tree.args.get("order") is not None
    assert "LIKE" not in sql.upper()


def test_simulator_is_a_document_writer_without_its_own_pdf(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    writer: DocumentWriter = sim
    document = writer.realize(expectation(sim, subiekt_db.examples.zk_remark_invoice), "FS")
    assert writer.document_pdf(document.id) is None
    writer.close()


def test_messages_exist_in_both_languages(subiekt_db: DemoSummary) -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, texts in MESSAGES.items():
        assert set(texts) == {"pl", "en"}, key
        assert all(text.strip() for text in texts.values()), key
        assert fields(texts["pl"]) == fields(texts["en"]), key
    sim = SubiektSimulator(subiekt_db.path, language="en")
    with pytest.raises(StockShortage, match="Not enough stock"):
        sim.realize(expectation(sim, subiekt_db.examples.zk_shortage), "FS")


def test_unknown_kind_is_a_programming_error(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    with pytest.raises(ValueError):
        sim.realize(expectation(sim, subiekt_db.examples.zk_remark_invoice), "KFS")  # type: ignore[arg-type]


def test_writer_error_defaults() -> None:
    error = WriterError("x")
    assert (error.code, error.retryable, error.detail, error.hresult) == (
        "writer_error",
        False,
        None,
        None,
    )
    assert WriterUnavailable("y").retryable and not WriterUnavailable("y").in_doubt
