"""Loading documents from the demo Subiekt database and rendering them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from kolektor.demo.database import SubiektDatabase
from kolektor.demo.generator import DemoSummary
from kolektor.documents import subiekt
from kolektor.documents.model import (
    KSEF_QR_HOSTS,
    DocumentError,
    DocumentKind,
    Party,
    invoice_hash,
)
from kolektor.documents.render import render_document
from kolektor.documents.subiekt import load_document, read_document
from kolektor.subiekt.connection import SubiektUnavailable, connect
from tests.documents.pdf import Pdf
from tests.subiekt_fixtures import settings_for

STATEMENTS = subiekt.all_statements()


@pytest.mark.parametrize("sql", STATEMENTS, ids=[s[:60] for s in STATEMENTS])
def test_statement_parses_as_tsql_and_only_reads(sql: str) -> None:
    tree = sqlglot.parse_one(sql, read="tsql", error_level=sqlglot.ErrorLevel.RAISE)
    assert isinstance(tree, exp.Select)
    writes = (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop)
    assert not list(tree.find_all(*writes))
    assert tree.args.get("order") is not None, "results need a fixed order"
    assert "LIKE" not in sql.upper() and "TOP " not in sql.upper()


def polish_money(value: Decimal) -> str:
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', ' ')},{cents}"


def load(db: DemoSummary, dok_id: int, **options: Any) -> Any:
    return read_document(settings_for(db.path), dok_id, **options)


def rows(db: DemoSummary, table: str, where: dict[str, object]) -> list[dict[str, Any]]:
    with SubiektDatabase(db.path) as sdb:
        return sdb.select(table, where)


def test_invoice_from_the_demo(demo_db: DemoSummary) -> None:
    dok_id = demo_db.examples.fs_from_zk
    document = load(demo_db, dok_id)
    header = rows(demo_db, "dok__Dokument", {"dok_Id": dok_id})[0]
    lines = rows(demo_db, "dok_Pozycja", {"ob_DokHanId": dok_id})
    assert document.kind is DocumentKind.FS
    assert document.number == header["dok_NrPelny"]
    assert document.source_id == dok_id
    assert document.order_number == header["dok_DoDokNrPelny"]
    assert document.seller.name == "Sklep Kolektor Demo Sp. z o.o."
    assert document.seller.street == "ul. Źródłowa 24"
    assert document.seller.nip
    assert document.buyer is not None and document.buyer.nip
    assert document.payment is not None and document.payment.form == "Przelewy24"
    assert len(document.lines) == len(lines)
    assert document.totals.gross == Decimal(str(header["dok_WartBrutto"])).quantize(
        Decimal("0.0001")
    )
    assert sum(row.gross for row in document.vat_summary) == document.totals.gross
    assert document.missing() == []

    text = Pdf(render_document(document)).text
    assert f"Faktura VAT {document.number}" in text
    assert document.buyer.name in text
    assert any(letter in document.buyer.name for letter in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
    for line in document.lines:
        assert line.name in text
    assert f"Razem do zapłaty: {polish_money(document.totals.gross)} PLN" in text
    assert f"Słownie: {document.amount_in_words()}" in text
    assert f"Do zamówienia: {document.order_number}" in text


def test_named_receipt_from_the_demo(demo_db: DemoSummary) -> None:
    document = load(demo_db, demo_db.examples.pai_from_zk)
    assert document.kind is DocumentKind.PAI
    assert document.buyer is not None and document.buyer.nip is None
    text = Pdf(render_document(document)).text
    assert f"Paragon imienny {document.number}" in text
    assert document.buyer.name in text
    for line in document.lines:
        assert line.name in text
    assert f"Suma: {polish_money(document.totals.gross)} PLN" in text
    assert document.amount_in_words() in text


def test_goods_issue_from_the_demo(demo_db: DemoSummary) -> None:
    dok_id = demo_db.examples.wz_from_zk
    document = load(demo_db, dok_id)
    assert document.kind is DocumentKind.WZ
    assert len(document.lines) == len(rows(demo_db, "dok_Pozycja", {"ob_DokMagId": dok_id}))
    assert document.warehouse == "MAG — Magazyn główny"
    text = Pdf(render_document(document)).text
    assert f"Wydanie zewnętrzne {document.number}" in text
    assert document.buyer is not None and document.buyer.name in text
    for line in document.lines:
        assert f"{line.symbol} {line.name}" in text
    assert polish_money(document.totals.gross) not in text


def test_plain_receipt_and_standalone_invoice(demo_db: DemoSummary) -> None:
    receipt = load(demo_db, demo_db.examples.receipt)
    assert receipt.kind is DocumentKind.PA and receipt.buyer is None
    assert "Paragon PA" in Pdf(render_document(receipt)).text
    standalone = load(demo_db, demo_db.examples.standalone_fs)
    assert standalone.order_number is None
    assert "Do zamówienia" not in Pdf(render_document(standalone)).text


def test_ksef_number_and_qr_code(subiekt_db: DemoSummary) -> None:
    dok_id = subiekt_db.examples.fs_from_zk
    number = "6881399866-20261024-0100001AF629-3C"
    with SubiektDatabase(subiekt_db.path) as sdb:
        sdb.update("dok__Dokument", {"dok_Id": dok_id}, dok_NumerKSeF=number, dok_StatusKSeF=5)
    digest = invoice_hash(b"<Faktura>FS</Faktura>")
    document = load(subiekt_db, dok_id, ksef_invoice_hash=digest, ksef_host=KSEF_QR_HOSTS["test"])
    assert document.ksef is not None and document.ksef.number == number
    nip = document.seller.nip_digits
    url = f"https://qr-test.ksef.mf.gov.pl/invoice/{nip}/{document.issue_date:%d-%m-%Y}/{digest}"
    assert document.ksef.verification_url == url
    pdf = Pdf(render_document(document))
    assert f"Numer KSeF: {number}" in pdf.text
    code = pdf.links()[0]
    assert code.url == url
    assert pdf.qr_mismatches(code, url) == 0

    without_hash = load(subiekt_db, dok_id)
    assert without_hash.ksef is not None and without_hash.ksef.verification_url is None
    assert f"Numer KSeF: {number}" in Pdf(render_document(without_hash)).text


def test_no_ksef_number_no_ksef_block(demo_db: DemoSummary) -> None:
    document = load(demo_db, demo_db.examples.fs_from_zk, ksef_invoice_hash=invoice_hash(b""))
    assert document.ksef is None


def test_flags_remarks_delivery_and_receipt_nip(subiekt_db: DemoSummary) -> None:
    fs_id = subiekt_db.examples.fs_from_zk
    pai_id = subiekt_db.examples.pai_from_zk
    with SubiektDatabase(subiekt_db.path) as sdb:
        delivery = sdb.select_one("dok__Dokument", {"dok_Id": subiekt_db.examples.zk_pack_line})
        sdb.update(
            "dok__Dokument",
            {"dok_Id": fs_id},
            dok_MetodaKasowa=1,
            dok_MechanizmPodzielonejPlatnosci=1,
            dok_Uwagi="Proszę o fakturę – płatność przelewem",
            dok_NrPelnyOryg="SKLEP-2026-0042",
            dok_DataZakonczenia=date(2026, 10, 20),
            dok_AdresDostawyAdreshId=delivery["dok_AdresDostawyAdreshId"],
        )
        sdb.update("dok__Dokument", {"dok_Id": pai_id}, dok_NrIdentNabywcy="526-025-09-95")
    document = load(subiekt_db, fs_id, bank_account="12 3456 7890 1234 5678 9012 3456")
    assert document.cash_accounting and document.split_payment
    assert document.sale_date == date(2026, 10, 20)
    assert document.recipient is not None and document.recipient != document.buyer
    assert document.payment is not None
    assert document.payment.bank_account == "12 3456 7890 1234 5678 9012 3456"
    text = Pdf(render_document(document)).text
    assert "metoda kasowa · mechanizm podzielonej płatności" in text
    assert "Uwagi: Proszę o fakturę – płatność przelewem" in text
    assert "Numer zamówienia klienta: SKLEP-2026-0042" in text
    assert "Data dostawy / sprzedaży: 2026-10-20" in text
    assert document.recipient.name in text
    receipt = load(subiekt_db, pai_id)
    assert receipt.buyer is not None and receipt.buyer.nip == "526-025-09-95"


def test_buyer_is_the_snapshot_not_the_current_address(subiekt_db: DemoSummary) -> None:
    dok_id = subiekt_db.examples.fs_from_zk
    before = load(subiekt_db, dok_id)
    with SubiektDatabase(subiekt_db.path) as sdb:
        header = sdb.select_one("dok__Dokument", {"dok_Id": dok_id})
        sdb.update(
            "adr__Ewid",
            {"adr_IdObiektu": header["dok_PlatnikId"], "adr_TypAdresu": 1},
            adr_Ulica="ul. Nowa",
            adr_Miejscowosc="Sopot",
        )
    assert load(subiekt_db, dok_id).buyer == before.buyer


def test_seller_from_settings_and_missing_seller(subiekt_db: DemoSummary) -> None:
    dok_id = subiekt_db.examples.fs_from_zk
    own = Party("Inna Firma Sp. z o.o.", "ul. Długa 1", "00-001", "Warszawa", nip="5260250995")
    assert load(subiekt_db, dok_id, seller=own).seller == own
    with SubiektDatabase(subiekt_db.path) as sdb:
        assert sdb.delete("adr__Ewid", {"adr_TypAdresu": 8}) == 1
    with pytest.raises(DocumentError, match="adr_TypAdresu = 8"):
        load(subiekt_db, dok_id)
    assert load(subiekt_db, dok_id, seller=own).seller == own


def test_wrong_or_missing_documents(demo_db: DemoSummary) -> None:
    with pytest.raises(DocumentError, match="dok_Id=999999 does not exist"):
        load(demo_db, 999999)
    zk = demo_db.examples.realized_zk_to_fs
    with pytest.raises(DocumentError, match="dok_Typ=16"):
        load(demo_db, zk)


def test_database_errors_become_subiekt_unavailable(demo_db: DemoSummary) -> None:
    connection = connect(settings_for(demo_db.path))
    connection.close()
    with pytest.raises(SubiektUnavailable):
        load_document(connection, demo_db.examples.fs_from_zk)


@pytest.mark.parametrize(
    ("doc_type", "subtype", "kind"),
    [(2, 0, "FS"), (2, 1, "FS"), (21, 0, "PA"), (21, 2, "PAi"), (11, 1, "WZ"), (16, 0, None)],
)
def test_kinds(doc_type: int, subtype: int, kind: str | None) -> None:
    found = subiekt.kind_of(doc_type, subtype)
    assert (found.value if found else None) == kind


@pytest.mark.parametrize(
    ("price", "quantity", "discount", "value", "before"),
    [
        ("10.00", "3", "0", "30.00", "10.00"),  # no discount
        ("9.00", "3", "10", "27.00", "10.00"),  # stored after the discount
        ("10.00", "3", "10", "27.00", "10.00"),  # stored before the discount
        ("8.13", "2", "25", "16.26", "10.84"),
        ("5.00", "0", "10", "0.00", "5.00"),  # no quantity: nothing to tell
        ("5.00", "1", "100", "0.00", "5.00"),  # given away
    ],
)
def test_price_before_discount(
    price: str, quantity: str, discount: str, value: str, before: str
) -> None:
    assert subiekt._price_before_discount(
        Decimal(price), Decimal(quantity), Decimal(discount), Decimal(value)
    ) == Decimal(before)
