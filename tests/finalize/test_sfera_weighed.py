"""Weighed goods through the Sfera writer (issue 11), against the recording fake of Sfera.

A weighed line picked within its tolerance goes on the document with the weight actually
picked: the writer sets the position's ``IloscJm`` after ``NaPodstawie`` and Subiekt
recomputes its value; a ZK realized with less than ordered is then closed as realized
(``StatusDokumentu`` 8) instead of staying open for grams that never come
(``docs/subiekt-writer.md``, *Weighed goods*).  The same feature against the simulator's
database: ``test_weighed_realization.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from kolektor.finalize.sfera import SferaWriter
from kolektor.finalize.writer import DocumentKind, WriterError, ZkExpectation, ZkLineState, ZkState
from tests.finalize.fake_sfera import (
    FakeDocument,
    FakeSfera,
    Order,
    OrderLine,
    com_error,
)
from tests.finalize.test_writer_sfera import (
    ZK_ID,
    ZK_NUMBER,
    MemoryLookup,
    fake,
    lookup,
    make_writer,
    writer,
)

__all__ = ["fake", "lookup", "make_writer", "writer"]  # the fixtures, used by name

COFFEE, PACKING, CHEESE = (
    ZkLineState(21, 95, "KAW-0001", "Kawa ziarnista Łódzka 1 kg", 1, Decimal(2), Decimal(2),
                "szt."),
    ZkLineState(22, 317, "PAK-0317", "Usługa pakowania prezentu", 2, Decimal(1), Decimal(1),
                "usł."),
    ZkLineState(23, 410, "SER-0410", "Ser gouda na wagę", 1, Decimal("1.467"),
                Decimal("1.467"), "kg"),
)  # fmt: skip
"""The ZK's lines in Subiekt's order: a service between the goods, so the weighed cheese is
the third position of an FS and the second of a WZ (goods only)."""
GROSS_PRICES = {COFFEE.id: Decimal("45.90"), PACKING.id: Decimal("10.00"),
                CHEESE.id: Decimal("39.99")}  # fmt: skip

Position = tuple[int, Decimal, Decimal]
"""``(TowarId, IloscJm, WartoscBruttoPoRabacie)`` of a saved document's position."""


def order_lines(lines: tuple[ZkLineState, ...]) -> list[OrderLine]:
    """The lines as the fake Subiekt keeps them for ``NaPodstawie`` to copy."""
    copied = []
    for line in lines:
        assert line.product_id is not None and line.symbol is not None
        price = GROSS_PRICES[line.id]
        copied.append(
            OrderLine(line.product_id, line.symbol, line.quantity, line.unit, price, line.kind)
        )
    return copied


def picked(weight: str) -> ZkExpectation:
    """The ZK as imported, with the cheese picked as ``weight`` kg (within tolerance)."""
    lines = tuple((line.id, line.quantity) for line in (COFFEE, PACKING, CHEESE))
    return ZkExpectation(ZK_ID, ZK_NUMBER, lines, picked=((CHEESE.id, Decimal(weight)),))


@pytest.fixture
def saved(fake: FakeSfera, lookup: MemoryLookup) -> list[list[Position]]:
    """The weighed ZK in Subiekt (SQL and Sfera see the same lines); the positions of every
    document saved from it, as Subiekt stored them."""
    lookup.states[ZK_ID] = ZkState(ZK_ID, 16, ZK_NUMBER, 7, 0, 1, "MAG", (COFFEE, PACKING, CHEESE))
    fake.orders[ZK_ID] = Order(order_lines((COFFEE, PACKING, CHEESE)))
    documents: list[list[Position]] = []

    def on_save(doc: FakeDocument) -> None:
        lookup.saved(doc)
        stored = [position._values for position in doc.lines.positions]
        documents.append(
            [(int(v["TowarId"]), v["IloscJm"], v["WartoscBruttoPoRabacie"]) for v in stored]
        )

    fake.on_save = on_save
    return documents


def test_the_weighed_position_gets_the_picked_weight_and_subiekt_reprices_it(
    writer: SferaWriter, fake: FakeSfera, saved: list[list[Position]]
) -> None:
    document = writer.realize(picked("1.475"), "FS")

    # 39.99 zł/kg × 1.475 kg = 58.985 25 → 58.99; the other lines as ordered.
    assert saved == [
        [
            (95, Decimal(2), Decimal("91.80")),
            (317, Decimal(1), Decimal("10.00")),
            (410, Decimal("1.475"), Decimal("58.99")),
        ]
    ]
    assert document.value_gross == Decimal("160.7900")
    calls = fake.sequence(1)
    # Only the weighed position is touched, after NaPodstawie and before the dry run
    # (which checks the stock for what the document will really issue).
    assert [c for c in calls if c[1] == "SuPozycja.IloscJm"] == [
        ("set", "SuPozycja.IloscJm", 1.475)
    ]
    assert (
        calls.index(("call", "SuDokument.NaPodstawie", ZK_ID))
        < calls.index(("call", "Pozycje.Element", 3))
        < calls.index(("set", "SuPozycja.IloscJm", 1.475))
        < calls.index(("call", "SuDokument.ZapiszSymulacja"))
    )


@pytest.mark.parametrize(
    ("kind", "position", "empty_wz"),
    [("FS", 3, False), ("PAi", 3, False), ("WZ", 2, False), ("WZ", 2, True)],
)
def test_the_position_is_counted_as_the_document_copies_the_zk(
    writer: SferaWriter,
    fake: FakeSfera,
    saved: list[list[Position]],
    kind: DocumentKind,
    position: int,
    empty_wz: bool,
) -> None:
    """A WZ copies the goods only — or is left empty and gets them re-added: either way
    the cheese is its second position, not the third."""
    fake.empty_wz = empty_wz
    writer.realize(picked("1.475"), kind)
    assert ("call", "Pozycje.Element", position) in fake.sequence(1)
    quantities = {product: quantity for product, quantity, _ in saved[0]}
    assert quantities[410] == Decimal("1.475") and quantities[95] == Decimal(2)
    assert (317 in quantities) is (kind != "WZ")


def test_less_than_ordered_closes_the_zk_as_realized(
    writer: SferaWriter, fake: FakeSfera, saved: list[list[Position]]
) -> None:
    document = writer.realize(picked("1.457"), "FS")

    assert (410, Decimal("1.457"), Decimal("58.27")) in saved[0]
    assert document.value_gross == Decimal("160.0700")
    # Subiekt left the ZK partly realized (0.010 kg "still to deliver"); the writer closed it.
    assert fake.orders[ZK_ID].status == 8
    calls = fake.sequence(1)
    closing = calls.index(("call", "SuDokumentyManager.WczytajDokument", ZK_ID))
    assert calls[closing - 2 :] == [
        ("call", "SuDokument.Zamknij"),  # the FS, which held the ZK's lock, is closed first
        ("get", "Subiekt.SuDokumentyManager"),
        ("call", "SuDokumentyManager.WczytajDokument", ZK_ID),
        ("get", "SuDokument.StatusDokumentu"),
        ("set", "SuDokument.StatusDokumentu", 8),
        ("call", "SuDokument.Zapisz"),
        ("call", "SuDokument.Zamknij"),
    ]
    assert fake.locks == {}


def test_more_than_ordered_is_realized_by_subiekt_without_touching_the_zk(
    writer: SferaWriter, fake: FakeSfera, saved: list[list[Position]]
) -> None:
    writer.realize(picked("1.475"), "FS")

    assert (410, Decimal("1.475"), Decimal("58.99")) in saved[0]
    zk = fake.orders[ZK_ID]
    assert (zk.status, zk.status_ex) == (8, 4)  # fully realized by the FS itself
    assert "SuDokumentyManager.WczytajDokument" not in fake.names(1)
    assert "SuDokument.StatusDokumentu" not in fake.names(1)


def test_a_position_of_another_product_stops_the_realization_and_saves_nothing(
    writer: SferaWriter, fake: FakeSfera, lookup: MemoryLookup, saved: list[list[Position]]
) -> None:
    # Subiekt copies the lines in another order than SQL read them: its third position is
    # the coffee, not the cheese.
    fake.orders[ZK_ID] = Order(order_lines((CHEESE, PACKING, COFFEE)))

    with pytest.raises(WriterError) as caught:
        writer.realize(picked("1.475"), "FS")

    error = caught.value
    assert error.code == "position_mismatch" and error.retryable is False
    assert error.message == (
        "Realizację zamówienia ZK 18/2026 przerwano, nic nie zapisano: pozycja 3 dokumentu "
        "to „KAW-0001”, a według zamówienia powinien tam być towar ważony „SER-0410”. "
        "Kolejność pozycji w Subiekcie nie zgadza się z zamówieniem — sprawdź zamówienie "
        "w Subiekcie."
    )
    names = fake.names(1)
    assert "SuPozycja.IloscJm" not in names  # no position was changed…
    assert "SuDokument.ZapiszSymulacja" not in names and "SuDokument.Zapisz" not in names
    assert names[-1] == "SuDokument.Zamknij"  # …and the unsaved document was let go
    assert saved == [] and lookup.documents[ZK_ID] == []
    assert fake.orders[ZK_ID].status == 7 and fake.locks == {}


def test_the_mismatch_is_reported_in_english_too(
    make_writer: Any, fake: FakeSfera, saved: list[list[Position]]
) -> None:
    writer = make_writer(language="en")
    fake.orders[ZK_ID] = Order(order_lines((CHEESE, PACKING, COFFEE)))
    with pytest.raises(WriterError) as caught:
        writer.realize(picked("1.475"), "FS")
    assert caught.value.message == (
        "The realization of ZK 18/2026 was stopped, nothing was saved: position 3 of the "
        "document is “KAW-0001”, but by the order it should be the weighed product "
        "“SER-0410”. Subiekt's order of positions does not match the order — check the "
        "order in Subiekt."
    )


def locked_zk(fake: FakeSfera) -> None:
    """Someone opened the ZK in Subiekt between the save and the close."""
    fake.fail(
        "SuDokumentyManager.WczytajDokument",
        com_error(0x80004005, "Nie można zablokować obiektu. Obiekt jest używany przez: Anna"),
    )


def zk_save_refused(fake: FakeSfera) -> None:
    """The ZK loads, but its save is refused (the first Zapisz is the FS's, which passes)."""
    saving = fake.on_save
    assert saving is not None

    def then_refuse(doc: FakeDocument) -> None:
        saving(doc)
        fake.fail("SuDokument.Zapisz", com_error(0x80004005, "Nie można zapisać dokumentu."))

    fake.on_save = then_refuse


@pytest.mark.parametrize("failure", [locked_zk, zk_save_refused])
def test_a_zk_that_cannot_be_closed_is_logged_and_the_document_stands(
    writer: SferaWriter,
    fake: FakeSfera,
    lookup: MemoryLookup,
    saved: list[list[Position]],
    caplog: pytest.LogCaptureFixture,
    failure: Callable[[FakeSfera], None],
) -> None:
    failure(fake)
    with caplog.at_level(logging.WARNING, logger="kolektor.sfera"):
        document = writer.realize(picked("1.457"), "FS")

    assert document.number == "FS 1/2026" and not document.adopted
    assert [d.id for d in lookup.documents[ZK_ID]] == [document.id]
    warnings = [r for r in caplog.records if r.getMessage() == "sfera.zk_not_closed"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    fields = warnings[0].__dict__["kolektor_fields"]
    assert fields["zk"] == ZK_NUMBER and "Nie można" in fields["error"]
    zk = fake.orders[ZK_ID]
    assert zk.status == 7 and zk.status_ex & 1  # left partly realized, as the log says
    # Every document opened was closed (the FS; the ZK when it loaded), no lock is left.
    loaded = failure is zk_save_refused
    assert fake.names(1).count("SuDokument.Zamknij") == 1 + loaded
    assert fake.locks == {}
    # The document stands: realizing again adopts it, nothing is made twice.
    again = writer.realize(picked("1.457"), "FS")
    assert again.adopted and again.id == document.id
    assert fake.names(1).count("SuDokumentyManager.DodajFS") == 1
