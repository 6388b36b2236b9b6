"""Loading a sales or warehouse document from Subiekt GT's database for rendering.

:func:`load_document` reads one document by ``dok_Id`` through pyodbc — read-only
``SELECT`` statements that parse as T-SQL and run on the SQLite ODBC driver of the demo
(``tests/documents/test_subiekt.py`` checks both) — and returns
:class:`~kolektor.documents.model.DocumentData`:

* header ``dok__Dokument``: kind from ``dok_Typ``/``dok_Podtyp`` (2 FS, 21 PA — subtype 2
  PAi —, 11 WZ), number, dates, place, issuer, totals, currency, remarks, the ZK it was
  made from (``dok_DoDokNrPelny``/``dok_DoDokDataWyst``), external number, payment form
  (``sl_FormaPlatnosci``) and due date, warehouse (``sl_Magazyn``), the "metoda kasowa" and
  split-payment flags, the KSeF number ``dok_NumerKSeF``;
* seller: the own company, ``adr__Ewid`` with ``adr_TypAdresu = 8`` — or the ``seller``
  given by the caller (a Kolektor setting), which then wins;
* buyer: the snapshot ``adr_Historia`` of ``dok_PlatnikAdreshId`` (as printed when the
  document was issued, not the customer's current address); recipient: the delivery
  snapshot ``dok_AdresDostawyAdreshId``, else the recipient snapshot
  ``dok_OdbiorcaAdreshId``, shown when it differs from the buyer; on receipts the NIP is
  ``dok_NrIdentNabywcy``;
* lines ``dok_Pozycja`` by ``ob_DokHanId`` (FS, PA) or ``ob_DokMagId`` (WZ) with the
  product's name and symbol (``tw__Towar``) and the rate's symbol (``sl_StawkaVAT``);
* VAT summary ``dok_Vat``.

Not verified on a live database (see ``docs/documents.md``): the sale date is
``dok_DataZakonczenia``, else ``dok_DataMag``; whether ``ob_CenaNetto`` is the price before
or after the discount ``ob_Rabat`` is decided per line from the line's net value; newer GT
versions may keep the KSeF number in a table ``ksef_NumerKSeF`` (``dok_NumerKSeFId``)
rather than ``dok_NumerKSeF``.  The KSeF QR code needs the SHA-256 of the invoice's XML
as sent to KSeF, which this module does not read from Subiekt: the caller passes it
(``ksef_invoice_hash``), else only the KSeF number is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pyodbc

from kolektor.config import SubiektSettings
from kolektor.documents.model import (
    KSEF_QR_HOSTS,
    DocumentData,
    DocumentError,
    DocumentKind,
    DocumentLine,
    KsefInfo,
    Party,
    Payment,
    Totals,
    VatRow,
    ksef_verification_url,
)
from kolektor.subiekt.connection import connect, explain
from kolektor.subiekt.reader import money, optional_text, text

OWN_COMPANY_ADDRESS_TYPE = 8
"""``adr__Ewid.adr_TypAdresu`` of the own company (the seller)."""

HEADER = (
    "SELECT d.dok_Id, d.dok_Typ, d.dok_Podtyp, d.dok_Status, d.dok_NrPelny, d.dok_NrPelnyOryg,"
    " d.dok_DoDokNrPelny, d.dok_DoDokDataWyst, d.dok_MscWyst, d.dok_DataWyst, d.dok_DataMag,"
    " d.dok_DataZakonczenia, d.dok_PlatTermin, d.dok_Wystawil, d.dok_WartNetto, d.dok_WartVat,"
    " d.dok_WartBrutto, d.dok_Waluta, d.dok_Uwagi, d.dok_MetodaKasowa,"
    " d.dok_MechanizmPodzielonejPlatnosci, d.dok_NrIdentNabywcy, d.dok_NumerKSeF,"
    " d.dok_StatusKSeF, d.dok_PlatnikAdreshId, d.dok_OdbiorcaAdreshId,"
    " d.dok_AdresDostawyAdreshId, fp.fp_Nazwa, m.mag_Symbol, m.mag_Nazwa"
    " FROM dok__Dokument d"
    " LEFT JOIN sl_FormaPlatnosci fp ON fp.fp_Id = d.dok_PlatId"
    " LEFT JOIN sl_Magazyn m ON m.mag_Id = d.dok_MagId"
    " WHERE d.dok_Id = ?"
    " ORDER BY d.dok_Id"
)

OWN_COMPANY = (
    "SELECT a.adr_Id, a.adr_Nazwa, a.adr_NazwaPelna, a.adr_Ulica, a.adr_NrDomu, a.adr_NrLokalu,"
    " a.adr_Adres, a.adr_Kod, a.adr_Miejscowosc, a.adr_NIP, a.adr_Telefon, p.pa_Nazwa,"
    " p.pa_KodPanstwaISO"
    " FROM adr__Ewid a"
    " LEFT JOIN sl_Panstwo p ON p.pa_Id = a.adr_IdPanstwo"
    f" WHERE a.adr_TypAdresu = {OWN_COMPANY_ADDRESS_TYPE}"
    " ORDER BY a.adr_Id"
)


def address_snapshots(count: int) -> str:
    """``adr_Historia`` rows by ``adrh_Id`` (``count`` placeholders)."""
    return (
        "SELECT h.adrh_Id, h.adrh_Nazwa, h.adrh_NazwaPelna, h.adrh_Ulica, h.adrh_NrDomu,"
        " h.adrh_NrLokalu, h.adrh_Adres, h.adrh_Kod, h.adrh_Miejscowosc, h.adrh_NIP,"
        " h.adrh_Telefon, p.pa_Nazwa, p.pa_KodPanstwaISO"
        " FROM adr_Historia h"
        " LEFT JOIN sl_Panstwo p ON p.pa_Id = h.adrh_IdPanstwo"
        f" WHERE h.adrh_Id IN ({', '.join('?' * count)})"
        " ORDER BY h.adrh_Id"
    )


def document_lines(warehouse: bool) -> str:
    """Lines of a commercial document (``ob_DokHanId``) or a warehouse one (``ob_DokMagId``)."""
    key, position = ("ob_DokMagId", "ob_DokMagLp") if warehouse else ("ob_DokHanId", "ob_DokHanLp")
    return (
        f"SELECT p.ob_Id, p.{position} AS lp, p.ob_TowId, t.tw_Symbol, t.tw_Nazwa, p.ob_Opis,"
        " p.ob_Ilosc, p.ob_Jm, p.ob_CenaNetto, p.ob_CenaBrutto, p.ob_Rabat, p.ob_WartNetto,"
        " p.ob_WartVat, p.ob_WartBrutto, v.vat_Symbol, p.ob_VatProc"
        " FROM dok_Pozycja p"
        " LEFT JOIN tw__Towar t ON t.tw_Id = p.ob_TowId"
        " LEFT JOIN sl_StawkaVAT v ON v.vat_Id = p.ob_VatId"
        f" WHERE p.{key} = ?"
        f" ORDER BY p.{position}, p.ob_Id"
    )


VAT_SUMMARY = (
    "SELECT v.vt_Id, v.vt_VatId, s.vat_Symbol, v.vt_VatProc, v.vt_WartNetto, v.vt_WartVat,"
    " v.vt_WartBrutto"
    " FROM dok_Vat v"
    " LEFT JOIN sl_StawkaVAT s ON s.vat_Id = v.vt_VatId"
    " WHERE v.vt_DokId = ?"
    " ORDER BY v.vt_VatProc DESC, v.vt_VatId"
)


def all_statements() -> list[str]:
    """Every statement this module sends, for the T-SQL parse check."""
    return [
        HEADER,
        OWN_COMPANY,
        address_snapshots(1),
        address_snapshots(3),
        document_lines(False),
        document_lines(True),
        VAT_SUMMARY,
    ]


def kind_of(doc_type: int, subtype: int) -> DocumentKind | None:
    """FS, PA, PAi or WZ from ``dok_Typ``/``dok_Podtyp``; None for other documents."""
    if doc_type == 2:
        return DocumentKind.FS
    if doc_type == 21:
        return DocumentKind.PAI if subtype == 2 else DocumentKind.PA
    if doc_type == 11:
        return DocumentKind.WZ
    return None


def read_document(settings: SubiektSettings, dok_id: int, **options: Any) -> DocumentData:
    """:func:`load_document` on a connection of its own (opened and closed here)."""
    connection = connect(settings)
    try:
        return load_document(connection, dok_id, **options)
    finally:
        connection.close()


def load_document(
    connection: Any,
    dok_id: int,
    *,
    seller: Party | None = None,
    bank_account: str | None = None,
    ksef_invoice_hash: str | None = None,
    ksef_host: str = KSEF_QR_HOSTS["prd"],
) -> DocumentData:
    """The document ``dok_id`` as it is to be printed (blocking; run it in a worker thread).

    ``seller`` replaces the own company read from Subiekt; ``bank_account`` is printed with
    the payment; ``ksef_invoice_hash`` (SHA-256 Base64URL of the invoice's XML as sent to
    KSeF, :func:`~kolektor.documents.model.invoice_hash`) makes the KSeF QR code.

    Raises :class:`DocumentError` when the document does not exist, is not an FS, PA, PAi
    or WZ, or lacks the seller; :class:`~kolektor.subiekt.connection.SubiektUnavailable`
    when the database cannot be read.
    """
    try:
        return _load(connection, dok_id, seller, bank_account, ksef_invoice_hash, ksef_host)
    except pyodbc.Error as error:
        raise explain(error) from error


def _fetch(connection: Any, sql: str, params: Sequence[object]) -> list[Any]:
    cursor = connection.cursor()
    try:
        return list(cursor.execute(sql, *params).fetchall())
    finally:
        cursor.close()


def _load(
    connection: Any,
    dok_id: int,
    seller: Party | None,
    bank_account: str | None,
    ksef_invoice_hash: str | None,
    ksef_host: str,
) -> DocumentData:
    rows = _fetch(connection, HEADER, [dok_id])
    if not rows:
        raise DocumentError("document.not_found", id=dok_id)
    head = rows[0]
    kind = kind_of(int(head.dok_Typ), int(head.dok_Podtyp or 0))
    if kind is None:
        raise DocumentError(
            "document.wrong_kind", id=dok_id, number=text(head.dok_NrPelny), type=head.dok_Typ
        )
    label = f"{kind.value} {text(head.dok_NrPelny)} (dok_Id={dok_id})"
    if seller is None:
        seller = _own_company(connection, label)

    snapshot_ids = [
        int(value)
        for value in (
            head.dok_PlatnikAdreshId,
            head.dok_OdbiorcaAdreshId,
            head.dok_AdresDostawyAdreshId,
        )
        if value is not None
    ]
    snapshots: dict[int, Party] = {}
    if snapshot_ids:
        unique = sorted(set(snapshot_ids))
        for row in _fetch(connection, address_snapshots(len(unique)), unique):
            snapshots[int(row.adrh_Id)] = _party(row, "adrh")
    buyer = _snapshot(snapshots, head.dok_PlatnikAdreshId)
    recipient = _snapshot(snapshots, head.dok_AdresDostawyAdreshId) or _snapshot(
        snapshots, head.dok_OdbiorcaAdreshId
    )
    if recipient is not None and buyer is not None and _same_place(recipient, buyer):
        recipient = None
    if kind in (DocumentKind.PA, DocumentKind.PAI):
        receipt_nip = optional_text(head.dok_NrIdentNabywcy)
        if buyer is not None:
            buyer = _with_nip(buyer, receipt_nip)
        elif receipt_nip:
            buyer = Party(name="", nip=receipt_nip)

    lines = tuple(
        _line(row, index)
        for index, row in enumerate(
            _fetch(connection, document_lines(kind is DocumentKind.WZ), [dok_id]), start=1
        )
    )
    vat_summary = tuple(
        VatRow(
            symbol=text(row.vat_Symbol),
            rate=money(row.vt_VatProc),
            net=money(row.vt_WartNetto),
            vat=money(row.vt_WartVat),
            gross=money(row.vt_WartBrutto),
        )
        for row in _fetch(connection, VAT_SUMMARY, [dok_id])
    )
    issue_date = _date(head.dok_DataWyst)
    if issue_date is None:
        raise DocumentError("document.no_issue_date", label=label)
    if kind is DocumentKind.WZ:
        sale_date = _date(head.dok_DataMag)
    else:
        sale_date = _date(head.dok_DataZakonczenia) or _date(head.dok_DataMag)

    ksef = None
    ksef_number = optional_text(head.dok_NumerKSeF)
    if ksef_number:
        url = None
        if ksef_invoice_hash:
            url = ksef_verification_url(seller.nip or "", issue_date, ksef_invoice_hash, ksef_host)
        ksef = KsefInfo(ksef_number, url)

    payment_form = optional_text(head.fp_Nazwa)
    due = _date(head.dok_PlatTermin)
    payment = None
    if payment_form or due or bank_account:
        payment = Payment(form=payment_form, due_date=due, bank_account=bank_account)
    warehouse = " — ".join(part for part in (text(head.mag_Symbol), text(head.mag_Nazwa)) if part)

    return DocumentData(
        kind=kind,
        number=text(head.dok_NrPelny),
        issue_date=issue_date,
        sale_date=sale_date,
        place=text(head.dok_MscWyst),
        seller=seller,
        buyer=buyer,
        recipient=recipient,
        lines=lines,
        totals=Totals(
            net=money(head.dok_WartNetto),
            vat=money(head.dok_WartVat),
            gross=money(head.dok_WartBrutto),
        ),
        vat_summary=vat_summary,
        payment=payment,
        currency=text(head.dok_Waluta) or "PLN",
        remarks=text(head.dok_Uwagi),
        order_number=optional_text(head.dok_DoDokNrPelny),
        order_date=_date(head.dok_DoDokDataWyst),
        original_number=optional_text(head.dok_NrPelnyOryg),
        warehouse=warehouse or None,
        issued_by=text(head.dok_Wystawil),
        ksef=ksef,
        cash_accounting=_flag(head.dok_MetodaKasowa),
        split_payment=_flag(head.dok_MechanizmPodzielonejPlatnosci),
        source_id=dok_id,
    )


def _own_company(connection: Any, label: str) -> Party:
    rows = _fetch(connection, OWN_COMPANY, [])
    if not rows:
        raise DocumentError("document.no_seller", label=label, type=OWN_COMPANY_ADDRESS_TYPE)
    return _party(rows[0], "adr")


def _party(row: Any, prefix: str) -> Party:
    def column(name: str) -> str:
        return text(getattr(row, f"{prefix}_{name}"))

    street = column("Ulica")
    house, flat = column("NrDomu"), column("NrLokalu")
    if street or house:
        number = f"{house}/{flat}" if flat else house
        street_line = " ".join(part for part in (street, number) if part)
    else:
        street_line = column("Adres")
    country = text(row.pa_Nazwa)
    if text(row.pa_KodPanstwaISO).upper() == "PL" or country.lower() == "polska":
        country = ""
    return Party(
        name=column("NazwaPelna") or column("Nazwa"),
        street=street_line,
        postcode=column("Kod"),
        city=column("Miejscowosc"),
        country=country or None,
        nip=column("NIP") or None,
        phone=column("Telefon") or None,
    )


def _snapshot(snapshots: dict[int, Party], snapshot_id: object) -> Party | None:
    if snapshot_id is None:
        return None
    return snapshots.get(int(str(snapshot_id)))


def _same_place(a: Party, b: Party) -> bool:
    return (a.name, a.address_lines()) == (b.name, b.address_lines())


def _with_nip(party: Party, nip: str | None) -> Party:
    """A receipt's buyer with the NIP printed on the receipt (``dok_NrIdentNabywcy``) —
    or none: a customer's NIP is printed on a receipt only when the receipt carries it."""
    return Party(
        name=party.name,
        street=party.street,
        postcode=party.postcode,
        city=party.city,
        country=party.country,
        nip=nip,
        phone=party.phone,
    )


def _line(row: Any, index: int) -> DocumentLine:
    quantity = money(row.ob_Ilosc)
    discount = money(row.ob_Rabat)
    net_value = money(row.ob_WartNetto)
    gross_value = money(row.ob_WartBrutto)
    name = text(row.tw_Nazwa)
    remark = text(row.ob_Opis)
    return DocumentLine(
        position=int(row.lp) if row.lp is not None else index,
        name=name or remark,
        description=remark if name and remark != name else "",
        symbol=optional_text(row.tw_Symbol),
        quantity=quantity,
        unit=text(row.ob_Jm),
        net_price=_price_before_discount(money(row.ob_CenaNetto), quantity, discount, net_value),
        discount_percent=discount,
        net_value=net_value,
        vat_symbol=text(row.vat_Symbol),
        vat_rate=money(row.ob_VatProc),
        vat_value=money(row.ob_WartVat),
        gross_value=gross_value,
        gross_price=_price_before_discount(
            money(row.ob_CenaBrutto), quantity, discount, gross_value
        ),
    )


def _price_before_discount(
    price: Decimal, quantity: Decimal, discount: Decimal, value: Decimal
) -> Decimal:
    """The unit price before ``discount`` percent.

    Whether Subiekt stores ``ob_CenaNetto``/``ob_CenaBrutto`` before or after ``ob_Rabat``
    is not documented: the line's value tells — quantity × price equal to the value (to
    the rounding of the line) means the price already includes the discount.
    """
    if not discount or discount >= 100 or not quantity:
        return price
    tolerance = Decimal("0.01") * max(Decimal(1), abs(quantity)) + Decimal("0.01")
    factor = 1 - discount / 100
    if abs(price * quantity * factor - value) <= tolerance < abs(price * quantity - value):
        return price
    return (price / factor).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value).strip()).date()


def _flag(value: object) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool | int):
        return bool(value)
    return bool(Decimal(str(value)))
