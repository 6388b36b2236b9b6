"""Weighed goods at realization (issue 11): the document gets the weight actually picked
within tolerance, its value recomputed as Subiekt does (gross price × picked quantity,
rounded to the grosz), the stock drops by what was issued and the ZK is closed as realized;
the office's timeline message says which quantity the document got."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from kolektor.demo.generator import DemoSummary
from kolektor.finalize.simulator import SubiektSimulator
from kolektor.finalize.steps import WeighedLine, weighed_message
from tests.finalize.test_writer_simulator import expectation, row, rows, sim, stock
from tests.subiekt_fixtures import weighed_line_as_in_issue

__all__ = ["sim"]  # the fixture, used by name


def test_the_fs_gets_the_picked_weight_and_its_value_and_the_zk_is_closed(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    path = subiekt_db.path
    zk_id, line_id = weighed_line_as_in_issue(subiekt_db)
    zk_line = row(path, "dok_Pozycja", {"ob_Id": line_id})
    zk = row(path, "dok__Dokument", {"dok_Id": zk_id})
    key = (int(zk_line["ob_TowId"]), int(zk_line["ob_MagId"] or zk["dok_MagId"]))
    on_hand, reserved = stock(path, *key)
    price = Decimal(str(zk_line["ob_CenaBrutto"]))
    rate = Decimal(str(zk_line["ob_VatProc"]))

    wanted = replace(expectation(sim, zk_id), picked=((line_id, Decimal("1.475")),))
    document = sim.realize(wanted, "FS")

    fs_lines = rows(path, "dok_Pozycja", {"ob_DokHanId": document.id})
    weighed = next(line for line in fs_lines if line["ob_TowId"] == zk_line["ob_TowId"])
    assert Decimal(str(weighed["ob_Ilosc"])) == Decimal("1.475")
    assert Decimal(str(weighed["ob_IloscMag"])) == Decimal("1.475")
    gross = (price * Decimal("1.475")).quantize(Decimal("0.01"))
    net = (gross / (1 + rate / 100)).quantize(Decimal("0.01"))
    assert Decimal(str(weighed["ob_WartBrutto"])) == gross
    assert Decimal(str(weighed["ob_WartNetto"])) == net
    others = [line for line in fs_lines if line is not weighed]
    fs = row(path, "dok__Dokument", {"dok_Id": document.id})
    total = gross + sum((Decimal(str(line["ob_WartBrutto"])) for line in others), Decimal(0))
    assert Decimal(str(fs["dok_WartBrutto"])) == total == document.value_gross
    closed = row(path, "dok__Dokument", {"dok_Id": zk_id})
    assert closed["dok_Status"] == 8 and int(closed["dok_StatusEx"]) & 4  # fully realized
    after = stock(path, *key)
    assert after[0] == on_hand - Decimal("1.475")
    if zk["dok_Status"] == 7:  # the ZK's whole reservation ends with it
        assert after[1] == max(reserved - Decimal("1.467"), Decimal(0))


def test_less_than_ordered_within_tolerance_still_closes_the_zk(
    subiekt_db: DemoSummary, sim: SubiektSimulator
) -> None:
    zk_id, line_id = weighed_line_as_in_issue(subiekt_db)
    wanted = replace(expectation(sim, zk_id), picked=((line_id, Decimal("1.457")),))
    document = sim.realize(wanted, "FS")
    fs_lines = rows(subiekt_db.path, "dok_Pozycja", {"ob_DokHanId": document.id})
    assert Decimal("1.457") in {Decimal(str(line["ob_Ilosc"])) for line in fs_lines}
    assert row(subiekt_db.path, "dok__Dokument", {"dok_Id": zk_id})["dok_Status"] == 8


def test_the_timeline_says_which_quantity_the_document_got() -> None:
    line = WeighedLine(7, "WAG-0001", "kg", Decimal("1.467"), Decimal("1.475"))
    assert weighed_message("FS", [line], "pl") == (
        "FS: WAG-0001: 1,475 kg zamiast zamówionych 1,467 kg (towar ważony, w tolerancji)."
    )
    assert weighed_message("FS", [line], "en") == (
        "FS: WAG-0001: 1.475 kg instead of the ordered 1.467 kg (weighed goods, within tolerance)."
    )
