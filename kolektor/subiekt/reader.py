"""Reading open ZKs and what they need from Subiekt GT, by SQL through pyodbc.

:class:`SubiektReader` is synchronous (pyodbc blocks); the Trio side calls it from a worker
thread — see :class:`kolektor.intake.SubiektSource`.  One read of all open ZKs costs a
fixed number of queries whatever the number of orders (headers, lines, customers,
addresses, products, barcodes, units, stock, flags, custom fields), each chunked by id.

Values are normalised on the way in: money and quantities become ``Decimal`` with four
decimal places whatever type the driver returns (SQL Server gives ``Decimal``, the SQLite
driver gives text or float); text is stripped of the padding of ``char(n)`` columns.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import pyodbc

from kolektor.config import SubiektSettings
from kolektor.i18n import Language
from kolektor.subiekt import queries
from kolektor.subiekt.connection import connect, explain
from kolektor.subiekt.external_id import extract_external_id
from kolektor.subiekt.models import (
    Address,
    Barcode,
    Customer,
    OrderLine,
    Product,
    Stock,
    SubiektOrder,
    UnitConversion,
    ZkStock,
    ZkStockLine,
)

FOUR_PLACES = Decimal("0.0001")
ZK_OBJECT_TYPE = -8
"""``gt__Obiekt`` id of a ZK, used by ``pw_Dane.pwd_TypObiektu``."""
PRODUCT_OBJECT_TYPE = -14
"""``gt__Obiekt`` id of a towar (product)."""

DOCUMENT_KINDS = {2: "FS", 21: "PA", 11: "WZ", 16: "ZK"}


def money(value: object) -> Decimal:
    """A ``money`` value as ``Decimal`` with four places; NULL becomes zero."""
    if value is None or value == "":
        return Decimal("0.0000")
    if isinstance(value, Decimal):
        return value.quantize(FOUR_PLACES)
    try:
        return Decimal(str(value)).quantize(FOUR_PLACES)
    except InvalidOperation as error:
        raise ValueError(f"not a number: {value!r}") from error


def text(value: object) -> str:
    """A text column as ``str`` without ``char(n)`` padding; NULL becomes empty."""
    return "" if value is None else str(value).strip()


def optional_text(value: object) -> str | None:
    return text(value) or None


def optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


@dataclass(frozen=True, slots=True)
class LinkedDocument:
    """A document made from a ZK (``dok_DoDokId`` = the ZK)."""

    id: int
    kind: str
    """FS, PA, PAi or WZ."""
    number: str


@dataclass(frozen=True, slots=True)
class DocumentState:
    """What a ZK is now in Subiekt, for orders no longer among the open ZKs."""

    zk_id: int
    exists: bool
    type: int | None = None
    status: int | None = None
    number: str | None = None
    realized_by: tuple[LinkedDocument, ...] = ()


class SubiektReader:
    """Reads Subiekt GT; keeps one connection and reopens it after a failure.

    Every public method raises :class:`~kolektor.subiekt.connection.SubiektUnavailable`
    when the database cannot be read; the connection is then dropped and the next call
    reconnects.
    """

    def __init__(
        self,
        settings: SubiektSettings,
        connector: Callable[..., Any] = connect,
        *,
        language: Language | None = None,
    ) -> None:
        self.settings = settings
        self.language = language
        self._connector = connector
        self._connection: Any = None
        self.filter = queries.OrderFilter(
            warehouses=settings.warehouses,
            categories=settings.categories,
            flags=settings.flags,
            flag_object_type=settings.flag_object_type,
        )

    # -- connection handling -------------------------------------------------------------

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(pyodbc.Error):
                self._connection.close()
            self._connection = None

    def _fetch(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        if self._connection is None:
            self._connection = self._connector(self.settings, language=self.language)
        try:
            cursor = self._connection.cursor()
            try:
                return list(cursor.execute(sql, *params).fetchall())
            finally:
                cursor.close()
        except pyodbc.Error as error:
            self.close()
            raise explain(error, self.language) from error

    def _fetch_by_ids(
        self, build: Callable[[Sequence[int]], str], ids: Iterable[int], *before: object
    ) -> list[Any]:
        unique = sorted(set(ids))
        rows: list[Any] = []
        for chunk in queries.chunks(unique):
            rows += self._fetch(build(chunk), [*before, *chunk])
        return rows

    # -- public API ------------------------------------------------------------------------

    def probe(self) -> int:
        """Run a trivial query; return the number of ZKs of any status."""
        return int(self._fetch(queries.PROBE)[0][0])

    def barcodes(self) -> list[tuple[str, str | None, str | None]]:
        """Every barcode of every product (primary and additional), as stored, with the
        product's symbol and name: ``(code, symbol, name)``."""
        return [
            (text(row.code), text(row.symbol) or None, text(row.name) or None)
            for row in self._fetch(queries.BARCODES)
            if text(row.code)
        ]

    def count_open_orders(self) -> int:
        sql, params = queries.count_open_orders(self.filter)
        return int(self._fetch(sql, params)[0][0])

    def open_orders(self) -> list[SubiektOrder]:
        """All open ZKs that pass the configured filters, oldest first, fully loaded."""
        sql, params = queries.open_orders(self.filter)
        headers = self._fetch(sql, params)
        if not headers:
            return []
        ids = [int(row.dok_Id) for row in headers]
        lines = self._lines(ids)
        flags = self._flags(ids)
        custom = self._custom_fields(ids, ZK_OBJECT_TYPE)
        snapshot_ids = [
            int(value)
            for row in headers
            for value in (row.dok_PlatnikAdreshId, row.dok_AdresDostawyAdreshId)
            if value is not None
        ]
        snapshots = self._address_snapshots(snapshot_ids)
        customers = self._customers(
            [int(row.dok_PlatnikId) for row in headers if row.dok_PlatnikId is not None]
        )
        product_ids = {
            line.product_id for order_lines in lines.values() for line in order_lines
        } - {None}
        products = self.products([pid for pid in product_ids if pid is not None])
        orders = []
        for row in headers:
            order_id = int(row.dok_Id)
            order_lines = tuple(lines.get(order_id, ()))
            header_text = {
                "dok_Uwagi": optional_text(row.dok_Uwagi),
                "dok_NrPelnyOryg": optional_text(row.dok_NrPelnyOryg),
                "dok_Tytul": optional_text(row.dok_Tytul),
            }
            order_custom = custom.get(order_id, {})
            orders.append(
                SubiektOrder(
                    id=order_id,
                    number=text(row.dok_NrPelny),
                    original_number=header_text["dok_NrPelnyOryg"],
                    issued_at=issued(row.dok_DataWyst),
                    status=int(row.dok_Status),
                    status_ex=int(row.dok_StatusEx or 0),
                    warehouse_id=optional_int(row.dok_MagId),
                    category_id=optional_int(row.dok_KatId),
                    category=optional_text(row.kat_Nazwa),
                    flag_ids=tuple(flags.get(order_id, ())),
                    title=header_text["dok_Tytul"],
                    subtitle=optional_text(row.dok_Podtytul),
                    remarks=text(row.dok_Uwagi),
                    remarks_ext=text(row.dok_UwagiExt),
                    due_at=row.dok_TerminRealizacji,
                    currency=text(row.dok_Waluta) or "PLN",
                    value_net=money(row.dok_WartNetto),
                    value_gross=money(row.dok_WartBrutto),
                    payment_form_id=optional_int(row.dok_PlatId),
                    customer=customers.get(int(row.dok_PlatnikId))
                    if row.dok_PlatnikId is not None
                    else None,
                    billing=snapshots.get(int(row.dok_PlatnikAdreshId))
                    if row.dok_PlatnikAdreshId is not None
                    else None,
                    delivery=snapshots.get(int(row.dok_AdresDostawyAdreshId))
                    if row.dok_AdresDostawyAdreshId is not None
                    else None,
                    external_id=extract_external_id(
                        self.settings.external_id, header_text, order_custom
                    ),
                    lines=order_lines,
                    products={
                        line.product_id: products[line.product_id]
                        for line in order_lines
                        if line.product_id is not None and line.product_id in products
                    },
                    custom_fields=order_custom,
                )
            )
        return orders

    def document_states(self, zk_ids: Iterable[int]) -> dict[int, DocumentState]:
        """What became of these ZKs: still there (with type and status), realized by which
        documents, or deleted."""
        wanted = sorted(set(zk_ids))
        if not wanted:
            return {}
        found = {int(row.dok_Id): row for row in self._fetch_by_ids(queries.documents, wanted)}
        links: dict[int, list[LinkedDocument]] = defaultdict(list)
        for row in self._fetch_by_ids(queries.realizing_documents, found):
            kind = DOCUMENT_KINDS.get(int(row.dok_Typ), str(row.dok_Typ))
            if kind == "PA" and int(row.dok_Podtyp or 0) == 2:
                kind = "PAi"
            links[int(row.dok_DoDokId)].append(
                LinkedDocument(int(row.dok_Id), kind, text(row.dok_NrPelny))
            )
        states = {}
        for zk_id in wanted:
            row = found.get(zk_id)
            if row is None:
                states[zk_id] = DocumentState(zk_id, exists=False)
            else:
                states[zk_id] = DocumentState(
                    zk_id,
                    exists=True,
                    type=int(row.dok_Typ),
                    status=int(row.dok_Status),
                    number=text(row.dok_NrPelny),
                    realized_by=tuple(links.get(zk_id, ())),
                )
        return states

    def zk_stock(self, zk_id: int) -> ZkStock | None:
        """One ZK's status and lines with the stock of each line's product in the line's
        warehouse, read fresh (one query); None when the ZK does not exist."""
        rows = self._fetch(queries.ZK_STOCK, [zk_id])
        if not rows:
            return None
        lines = []
        for row in rows:
            if row.ob_Id is None:
                continue  # a ZK without lines
            quantity = money(row.ob_IloscMag)
            warehouse = row.ob_MagId if row.ob_MagId is not None else row.dok_MagId
            lines.append(
                ZkStockLine(
                    line_id=int(row.ob_Id),
                    product_id=optional_int(row.ob_TowId),
                    kind=int(row.ob_TowRodzaj or 1),
                    base_quantity=quantity if quantity > 0 else money(row.ob_Ilosc),
                    warehouse_id=optional_int(warehouse),
                    on_hand=money(row.st_Stan),
                    reserved=money(row.st_StanRez),
                )
            )
        return ZkStock(zk_id=zk_id, status=int(rows[0].dok_Status), lines=tuple(lines))

    def products(self, ids: Iterable[int]) -> dict[int, Product]:
        """Products by id with barcodes, unit conversions, stock and location."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        location = self.settings.location
        rows = self._fetch_by_ids(lambda chunk: queries.products(chunk, location), wanted)
        barcodes: dict[int, list[Barcode]] = defaultdict(list)
        for row in self._fetch_by_ids(queries.product_barcodes, wanted):
            code = text(row.kk_Kod)
            if code:
                barcodes[int(row.kk_IdTowar)].append(
                    Barcode(code, money(row.kk_Ilosc) or Decimal(1))
                )
        units: dict[int, list[UnitConversion]] = defaultdict(list)
        for row in self._fetch_by_ids(queries.product_units, wanted):
            units[int(row.jm_IdTowar)].append(
                UnitConversion(text(row.jm_IdJednMiary), money(row.jm_Przelicznik))
            )
        stock: dict[int, list[Stock]] = defaultdict(list)
        for row in self._fetch_by_ids(queries.product_stock, wanted):
            stock[int(row.st_TowId)].append(
                Stock(int(row.st_MagId), money(row.st_Stan), money(row.st_StanRez))
            )
        custom_locations: dict[int, dict[str, str]] = {}
        if location.custom:
            custom_locations = self._custom_fields(wanted, PRODUCT_OBJECT_TYPE, [location.column])
        products = {}
        for row in rows:
            product_id = int(row.tw_Id)
            primary = text(row.tw_PodstKodKresk)
            codes = [Barcode(primary, Decimal("1.0000"), primary=True)] if primary else []
            codes += [b for b in barcodes.get(product_id, ()) if b.code != primary]
            if location.custom:
                place = custom_locations.get(product_id, {}).get(location.column)
            else:
                place = optional_text(row.location)
            products[product_id] = Product(
                id=product_id,
                symbol=text(row.tw_Symbol),
                name=text(row.tw_Nazwa),
                kind=int(row.tw_Rodzaj or 1),
                base_unit=text(row.tw_JednMiary),
                barcodes=tuple(codes),
                units=tuple(units.get(product_id, ())),
                stock=tuple(stock.get(product_id, ())),
                location=place or None,
            )
        return products

    # -- pieces of an order ------------------------------------------------------------------

    def _lines(self, order_ids: Sequence[int]) -> dict[int, list[OrderLine]]:
        lines: dict[int, list[OrderLine]] = defaultdict(list)
        for row in self._fetch_by_ids(queries.order_lines, order_ids):
            quantity = money(row.ob_Ilosc)
            base_quantity = money(row.ob_IloscMag)
            name = text(row.tw_Nazwa) or text(row.ob_Opis)
            lines[int(row.ob_DokHanId)].append(
                OrderLine(
                    id=int(row.ob_Id),
                    position=int(row.ob_DokHanLp or 0),
                    product_id=optional_int(row.ob_TowId),
                    symbol=optional_text(row.tw_Symbol),
                    name=name,
                    kind=int(row.ob_TowRodzaj or 1),
                    quantity=quantity,
                    unit=text(row.ob_Jm),
                    base_quantity=base_quantity if base_quantity > 0 else quantity,
                    price_net=money(row.ob_CenaNetto),
                    price_gross=money(row.ob_CenaBrutto),
                    discount_percent=money(row.ob_Rabat),
                    value_net=money(row.ob_WartNetto),
                    value_vat=money(row.ob_WartVat),
                    value_gross=money(row.ob_WartBrutto),
                    vat_symbol=optional_text(row.vat_Symbol),
                    vat_rate=money(row.ob_VatProc),
                )
            )
        return lines

    def _flags(self, order_ids: Sequence[int]) -> dict[int, list[int]]:
        flags: dict[int, list[int]] = defaultdict(list)
        rows = self._fetch_by_ids(queries.order_flags, order_ids, self.settings.flag_object_type)
        for row in rows:
            flags[int(row.flw_IdObiektu)].append(int(row.flw_IdFlagi))
        return flags

    def _custom_fields(
        self, object_ids: Sequence[int], object_type: int, columns: Sequence[str] | None = None
    ) -> dict[int, dict[str, str]]:
        names = list(columns or [f"pwd_Tekst{n:02d}" for n in range(1, 11)])
        values: dict[int, dict[str, str]] = {}
        rows = self._fetch_by_ids(
            lambda chunk: queries.custom_fields(chunk, names), object_ids, object_type
        )
        for row in rows:
            fields = {name: text(getattr(row, name)) for name in names}
            values[int(row.pwd_IdObiektu)] = {k: v for k, v in fields.items() if v}
        return values

    def _address_snapshots(self, ids: Sequence[int]) -> dict[int, Address]:
        return {
            int(row.adrh_Id): address_from(row, "adrh_")
            for row in self._fetch_by_ids(queries.address_snapshots, ids)
        }

    def _customers(self, ids: Sequence[int]) -> dict[int, Customer]:
        rows = self._fetch_by_ids(queries.customers, ids)
        address_ids = [int(row.adr_Id) for row in rows if row.adr_Id is not None]
        emails: dict[int, str] = {}
        for row in self._fetch_by_ids(queries.customer_emails, address_ids):
            emails.setdefault(int(row.am_IdAdres), text(row.am_Email))
        phones: dict[int, str] = {}
        for row in self._fetch_by_ids(queries.customer_phones, address_ids):
            phones.setdefault(int(row.tel_IdAdresu), text(row.tel_Numer))
        customers = {}
        for row in rows:
            address_id = None if row.adr_Id is None else int(row.adr_Id)
            address = address_from(row, "adr_") if address_id is not None else None
            email = optional_text(row.kh_EMail) or (
                emails.get(address_id) if address_id is not None else None
            )
            phone = (phones.get(address_id) if address_id is not None else None) or (
                optional_text(row.adr_Telefon)
            )
            customers[int(row.kh_Id)] = Customer(
                id=int(row.kh_Id),
                symbol=text(row.kh_Symbol),
                is_person=bool(row.kh_Osoba),
                name=address.full_name if address else text(row.kh_Symbol),
                nip=address.nip if address else None,
                email=email or None,
                phone=phone or None,
                address=address,
            )
        return customers


def address_from(row: Any, prefix: str) -> Address:
    """An address from a row of ``adr__Ewid`` (``adr_``) or ``adr_Historia`` (``adrh_``),
    which name their columns alike; the country name comes as ``pa_Nazwa``."""

    def column(name: str) -> Any:
        return getattr(row, prefix + name)

    return Address(
        name=text(column("Nazwa")),
        full_name=text(column("NazwaPelna")) or text(column("Nazwa")),
        street=text(column("Ulica")),
        house_number=text(column("NrDomu")),
        flat_number=text(column("NrLokalu")),
        postcode=text(column("Kod")),
        city=text(column("Miejscowosc")),
        country=optional_text(row.pa_Nazwa),
        nip=optional_text(column("NIP")),
    )


def issued(value: object) -> datetime:
    """``dok_DataWyst`` as a ``datetime`` (drivers return ``datetime`` already)."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
