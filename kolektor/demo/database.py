"""An SQLite file that a reader sees as Subiekt GT's database: the same names, the same bytes.

:class:`SubiektDatabase` writes rows the way Subiekt's SQL Server holds them:

* every text value is a ``varchar`` in **Windows-1250**: it is stored as CP1250 bytes
  (``CAST(? AS TEXT)`` with a ``bytes`` parameter), so the SQLite ODBC driver with
  ``NoWCHAR=1`` hands it to pyodbc as ``SQL_CHAR`` and a connection decoding ``SQL_CHAR`` as
  cp1250 reads correct Polish letters — and a reader that forgets the code page gets
  mojibake, as it would against SQL Server.  Characters outside the code page become
  ``?`` (SQL Server's conversion); a value longer than the column's length (in bytes) is
  rejected like SQL Server's "String or binary data would be truncated"; ``char(n)`` is
  padded with spaces;
* dates are text ``YYYY-MM-DD HH:MM:SS``, ``money`` numeric, ``bit`` 0/1;
* ids come from ``ins_ident`` through :meth:`SubiektDatabase.next_id`, like
  ``spIdentyfikator`` — never ``MAX(id) + 1``;
* ``adr__Ewid.adr_Adres`` (computed in SQL Server) is computed on every write;
* :meth:`SubiektDatabase.insert` fills a ``NOT NULL`` column without default that the
  caller leaves out with its type's zero (``0``, ``''``), as Subiekt's own ``INSERT``
  statements name every column; an explicit ``None`` for such a column is an error.

Semantics chosen for ``ins_ident`` (not verified on a live database): ``ido_wartosc`` is
the **next id to hand out**; allocating ``count`` ids returns the current value and adds
``count`` — consistent with the column's default of 1 for a fresh counter.

Reads through :meth:`SubiektDatabase.select` decode text from cp1250.  The helper is for
the demo and the tests ("Subiekt changes its data"); Kolektor itself never writes
Subiekt's tables by SQL.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from kolektor.subiekt.schema import TEXT_ENCODING, Column, Table, ddl_statements, table

ZK_TYPE = 16
ZD_TYPE = 15
FS_TYPE = 2
PA_TYPE = 21
WZ_TYPE = 11
ZK_OBJECT_TYPE = -8
"""``gt__Obiekt`` id of a ZK: ``pwd_TypObiektu``, ``dok_ObiektGT`` (and, assumed, flags)."""
PRODUCT_OBJECT_TYPE = -14
"""``gt__Obiekt`` id of a towar (``pwd_TypObiektu``)."""
ALLEGRO_FIELD = "Allegro ID"
"""``pw_Pole.pwp_Nazwa`` of the ZK custom field holding the Allegro checkout-form id."""
LOCATION_FIELD = "Lokalizacja"
"""``pw_Pole.pwp_Nazwa`` of the product custom field holding the bin location."""
OPERATOR_ID = 1
"""``pd_Uzytkownik`` id of the Subiekt operator "Szef" (the table itself is not modelled)."""

CENT = Decimal("0.01")
MONEY = Decimal("0.0001")


class SubiektDataError(ValueError):
    """A value SQL Server would refuse: unknown column, too long, NULL in a NOT NULL column…"""


@dataclass(frozen=True, slots=True)
class Address:
    """An address to snapshot in ``adr_Historia`` (delivery address, or the buyer as
    printed when it differs from the kontrahent's current data)."""

    name: str
    full_name: str = ""
    street: str = ""
    house_number: str = ""
    flat_number: str = ""
    postcode: str = ""
    city: str = ""
    country_id: int | None = None
    """``sl_Panstwo.pa_Id``; None keeps the column's default (1, Polska in the demo)."""
    nip: str = ""
    phone: str = ""

    def street_line(self) -> str:
        """``adrh_Adres``: street and number as SQL Server's computed ``adr_Adres``."""
        return composed_street(self.street, self.house_number, self.flat_number)


@dataclass(frozen=True, slots=True)
class ZkLine:
    """One order line for :meth:`SubiektDatabase.add_open_zk`.

    ``quantity`` is in ``unit`` (None = the product's base unit; ``opak.``/``karton`` use
    ``tw_JednMiary.jm_Przelicznik``).  ``gross_price`` is per ``unit``; None takes the
    product's retail price (``tw_Cena.tc_CenaBrutto1``) times the unit's factor.  A line
    without ``product_id`` is a one-off service named ``description``.
    """

    product_id: int | None
    quantity: Decimal | int | str
    unit: str | None = None
    gross_price: Decimal | str | None = None
    description: str = ""
    vat_symbol: str = "23"
    """VAT of a one-off line (products use their ``tw_IdVatSp``)."""


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A line with its values computed (gross-based, as shop orders are)."""

    product_id: int | None
    kind: int
    description: str
    quantity: Decimal
    unit: str
    base_quantity: Decimal
    net_price: Decimal
    gross_price: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal
    vat_id: int
    vat_rate: Decimal


@dataclass(slots=True)
class _Totals:
    goods_net: Decimal = Decimal(0)
    goods_gross: Decimal = Decimal(0)
    services_net: Decimal = Decimal(0)
    services_gross: Decimal = Decimal(0)
    by_vat: dict[int, list[Decimal]] = field(default_factory=dict)

    @property
    def net(self) -> Decimal:
        return self.goods_net + self.services_net

    @property
    def gross(self) -> Decimal:
        return self.goods_gross + self.services_gross


def composed_street(street: str, house: str, flat: str) -> str:
    """SQL Server's ``adr_Adres``: ``Ulica NrDomu`` or ``Ulica NrDomu/NrLokalu``."""
    if flat != "":
        return f"{street} {house}/{flat}"
    return f"{street} {house}"


def encode_text(value: str) -> bytes:
    """A ``varchar`` value as SQL Server stores it: Windows-1250 bytes (``?`` for others)."""
    return value.encode(TEXT_ENCODING, errors="replace")


def sql_datetime(value: datetime | date) -> str:
    """``YYYY-MM-DD HH:MM:SS`` — how dates are kept in the SQLite emulation."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _decode(raw: bytes) -> str:
    return raw.decode(TEXT_ENCODING, errors="replace")


def as_decimal(value: Decimal | int | float | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


class SubiektDatabase:
    """Thin sqlite3 wrapper that changes the demo database as Subiekt GT would appear to.

    Use as a context manager: commits on a clean exit, rolls back on an exception, closes.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path)
        self._conn.text_factory = _decode
        self._conn.execute("PRAGMA foreign_keys = OFF")

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> Self:
        """A new, empty database with the schema at ``path`` (an existing file is replaced)."""
        target = Path(path)
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        db = cls(target)
        for statement in ddl_statements():
            db._conn.execute(statement)
        return db

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self._conn.commit()
            else:
                self._conn.rollback()
        finally:
            self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection (text is decoded from cp1250 when read)."""
        return self._conn

    def commit(self) -> None:
        self._conn.commit()

    def close(self) -> None:
        self._conn.close()

    # -- generic row access -------------------------------------------------------------

    def insert(self, table_name: str, /, **columns: object) -> None:
        """Insert one row; values are converted as SQL Server would store them."""
        spec = table(table_name)
        given = {spec.column(name).name: value for name, value in columns.items()}
        if spec.name == "adr__Ewid":
            if "adr_Adres" in given:
                raise SubiektDataError("adr__Ewid.adr_Adres is a computed column")
            given["adr_Adres"] = composed_street(
                str(given.get("adr_Ulica", "")),
                str(given.get("adr_NrDomu", "")),
                str(given.get("adr_NrLokalu", "")),
            )
        for column in spec.columns:
            if column.name not in given and column.required:
                given[column.name] = "" if column.is_text else 0
        names = list(given)
        placeholders: list[str] = []
        params: list[object] = []
        for name in names:
            placeholder, param = self._param(spec, spec.column(name), given[name])
            placeholders.append(placeholder)
            params.append(param)
        self._conn.execute(
            f"INSERT INTO {spec.name} ({', '.join(names)}) VALUES ({', '.join(placeholders)})",
            params,
        )

    def update(self, table_name: str, where: Mapping[str, object], /, **columns: object) -> int:
        """``UPDATE`` the rows matching ``where`` (column = value, all of them); returns the
        number of rows changed."""
        spec = table(table_name)
        if not columns:
            raise SubiektDataError("nothing to update")
        if spec.name == "adr__Ewid" and any(
            spec.column(name).name == "adr_Adres" for name in columns
        ):
            raise SubiektDataError("adr__Ewid.adr_Adres is a computed column")
        assignments: list[str] = []
        params: list[object] = []
        for name, value in columns.items():
            column = spec.column(name)
            placeholder, param = self._param(spec, column, value)
            assignments.append(f"{column.name} = {placeholder}")
            params.append(param)
        condition, where_params = self._where(spec, where)
        cursor = self._conn.execute(
            f"UPDATE {spec.name} SET {', '.join(assignments)} WHERE {condition}",
            [*params, *where_params],
        )
        if spec.name == "adr__Ewid":
            self._conn.execute(
                "UPDATE adr__Ewid SET adr_Adres = CASE WHEN adr_NrLokalu <> ''"
                " THEN adr_Ulica || ' ' || adr_NrDomu || '/' || adr_NrLokalu"
                f" ELSE adr_Ulica || ' ' || adr_NrDomu END WHERE {condition}",
                where_params,
            )
        return cursor.rowcount

    def delete(self, table_name: str, where: Mapping[str, object], /) -> int:
        """``DELETE`` the rows matching ``where``; returns how many were deleted."""
        spec = table(table_name)
        condition, params = self._where(spec, where)
        return self._conn.execute(f"DELETE FROM {spec.name} WHERE {condition}", params).rowcount

    def select(
        self,
        table_name: str,
        where: Mapping[str, object] | None = None,
        /,
        *,
        columns: Sequence[str] | None = None,
        order_by: Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Rows as dicts keyed by the exact column names; text decoded from cp1250."""
        spec = table(table_name)
        names = [spec.column(name).name for name in columns] if columns else spec.column_names
        sql = f"SELECT {', '.join(names)} FROM {spec.name}"
        params: list[object] = []
        if where:
            condition, params = self._where(spec, where)
            sql += f" WHERE {condition}"
        order = [spec.column(name).name for name in (order_by or spec.primary_key)]
        sql += f" ORDER BY {', '.join(order)}"
        rows = self._conn.execute(sql, params).fetchall()
        return [dict(zip(names, row, strict=True)) for row in rows]

    def select_one(self, table_name: str, where: Mapping[str, object], /) -> dict[str, Any]:
        """The single row matching ``where``; ``LookupError`` if there is none or several."""
        rows = self.select(table_name, where)
        if len(rows) != 1:
            raise LookupError(f"{len(rows)} rows in {table_name} match {dict(where)!r}")
        return rows[0]

    def next_id(self, table_name: str, count: int = 1) -> int:
        """Allocate ``count`` consecutive ids for ``table_name`` from ``ins_ident`` (like
        ``spIdentyfikator``) and return the first."""
        if count < 1:
            raise ValueError("count must be at least 1")
        name = _counter_name(table_name)
        row = self._conn.execute(
            "SELECT ido_nazwa, ido_wartosc FROM ins_ident WHERE lower(ido_nazwa) = lower(?)",
            (name,),
        ).fetchone()
        if row is None:
            self.insert("ins_ident", ido_nazwa=name, ido_wartosc=1 + count)
            return 1
        stored, first = str(row[0]), int(row[1])
        self._conn.execute(
            "UPDATE ins_ident SET ido_wartosc = ? WHERE ido_nazwa = CAST(? AS TEXT)",
            (first + count, encode_text(stored)),
        )
        return first

    def set_counter(self, table_name: str, next_value: int) -> None:
        """Set ``ins_ident`` so the next id of ``table_name`` is ``next_value`` — for
        dictionaries whose rows come with fixed ids (``sl_StawkaVAT`` 100001…)."""
        name = _counter_name(table_name)
        changed = self._conn.execute(
            "UPDATE ins_ident SET ido_wartosc = ? WHERE lower(ido_nazwa) = lower(?)",
            (next_value, name),
        ).rowcount
        if not changed:
            self.insert("ins_ident", ido_nazwa=name, ido_wartosc=next_value)

    # -- documents ----------------------------------------------------------------------

    def main_warehouse_id(self) -> int:
        row = self._conn.execute(
            "SELECT mag_Id FROM sl_Magazyn WHERE mag_Glowny = 1 ORDER BY mag_Id"
        ).fetchone()
        if row is None:
            raise LookupError("no main warehouse (sl_Magazyn.mag_Glowny = 1)")
        return int(row[0])

    def price_line(self, line: ZkLine) -> PricedLine:
        """Compute a line's values from the product's price, VAT rate and units."""
        quantity = as_decimal(line.quantity)
        if quantity <= 0:
            raise SubiektDataError("a line needs a positive quantity")
        if line.product_id is None:
            if not line.description or line.gross_price is None:
                raise SubiektDataError("a one-off line needs a description and a gross price")
            vat_id, rate = self._vat_by_symbol(line.vat_symbol)
            return _priced(
                None, 2, line.description, quantity, line.unit or "usł.", quantity,
                as_decimal(line.gross_price), vat_id, rate,
            )  # fmt: skip
        product = self.select_one("tw__Towar", {"tw_Id": line.product_id})
        base_unit = str(product["tw_JednMiary"])
        unit = line.unit or base_unit
        factor = Decimal(1)
        if unit != base_unit:
            row = self._conn.execute(
                "SELECT jm_Przelicznik FROM tw_JednMiary"
                " WHERE jm_IdTowar = ? AND jm_IdJednMiary = CAST(? AS TEXT)",
                (line.product_id, encode_text(unit)),
            ).fetchone()
            if row is None:
                raise SubiektDataError(f"product {line.product_id} has no unit {unit!r}")
            factor = as_decimal(row[0])
        if line.gross_price is not None:
            price = as_decimal(line.gross_price)
        else:
            cena = self.select_one("tw_Cena", {"tc_IdTowar": line.product_id})
            price = (as_decimal(cena["tc_CenaBrutto1"]) * factor).quantize(CENT, ROUND_HALF_UP)
        vat_id = int(product["tw_IdVatSp"])
        rate = as_decimal(self.select_one("sl_StawkaVAT", {"vat_Id": vat_id})["vat_Stawka"])
        return _priced(
            line.product_id, int(product["tw_Rodzaj"]), "", quantity, unit,
            (quantity * factor).quantize(MONEY, ROUND_HALF_UP), price, vat_id, rate,
        )  # fmt: skip

    def add_open_zk(
        self,
        customer_id: int,
        lines: Sequence[ZkLine | tuple[int, Decimal | int | str]],
        *,
        warehouse_id: int | None = None,
        status: int = 7,
        prefix: str = "ZK",
        issued: datetime | None = None,
        remarks: str = "",
        original_number: str = "",
        title: str = "",
        category_id: int | None = None,
        payment_form_id: int | None = None,
        delivery: Address | None = None,
        billing: Address | None = None,
        allegro_checkout_id: str | None = None,
        issued_by: str = "Szef",
    ) -> int:
        """Add an open ZK for ``customer_id`` as a shop synchronizer would; return its id.

        Numbers it ``{prefix} n/yyyy``, snapshots the customer's current address (or
        ``billing``) into ``adr_Historia`` for payer and recipient, adds ``delivery`` as a
        saved delivery address with its snapshot, writes lines and the VAT summary, and
        with ``status`` 7 reserves the goods in ``tw_Stan.st_StanRez`` of the warehouse.
        ``allegro_checkout_id`` goes to the ZK custom field "Allegro ID" (``pw_Dane``).
        """
        if status not in (5, 6, 7):
            raise SubiektDataError("an open ZK has dok_Status 5, 6 or 7")
        items = [item if isinstance(item, ZkLine) else ZkLine(*item) for item in lines]
        if not items:
            raise SubiektDataError("a ZK needs at least one line")
        when = (issued or datetime.now()).replace(microsecond=0)
        mag_id = warehouse_id if warehouse_id is not None else self.main_warehouse_id()
        payer = self._snapshot_of_customer(customer_id, billing, when)
        recipient = self._snapshot_of_customer(customer_id, billing, when)
        delivery_ids: tuple[int | None, int | None] = (None, None)
        if delivery is not None:
            delivery_ids = self.add_delivery_address(customer_id, delivery, when)
        zk_id = self.add_document(
            ZK_TYPE,
            [self.price_line(item) for item in items],
            warehouse_id=mag_id,
            status=status,
            number_prefix=prefix,
            issued=when,
            customer_id=customer_id,
            payer_snapshot_id=payer,
            recipient_snapshot_id=recipient,
            delivery_id=delivery_ids[0],
            delivery_snapshot_id=delivery_ids[1],
            remarks=remarks,
            original_number=original_number,
            title=title,
            category_id=category_id,
            payment_form_id=payment_form_id,
            issued_by=issued_by,
        )
        if allegro_checkout_id is not None:
            self.set_custom_field(ZK_OBJECT_TYPE, zk_id, ALLEGRO_FIELD, allegro_checkout_id)
        return zk_id

    def add_document(
        self,
        doc_type: int,
        lines: Sequence[PricedLine],
        *,
        warehouse_id: int,
        status: int,
        issued: datetime,
        number_prefix: str,
        subtype: int = 0,
        monthly_numbering: bool = False,
        customer_id: int | None = None,
        payer_snapshot_id: int | None = None,
        recipient_snapshot_id: int | None = None,
        delivery_id: int | None = None,
        delivery_snapshot_id: int | None = None,
        based_on_id: int | None = None,
        remarks: str = "",
        original_number: str = "",
        title: str = "",
        subtitle: str = "",
        category_id: int | None = None,
        payment_form_id: int | None = None,
        status_ex: int = 0,
        issued_by: str = "Szef",
        warehouse_lines: bool = False,
        source_line_ids: Sequence[int] | None = None,
    ) -> int:
        """Write a document header, its lines and ``dok_Vat``; return ``dok_Id``.

        ``warehouse_lines`` puts the lines on the warehouse side (``ob_DokMagId``, WZ);
        ``source_line_ids`` sets ``ob_DoId`` line by line; ``based_on_id`` sets
        ``dok_DoDokId`` and the linked number/date.  A ZK with ``status`` 7 reserves its
        goods.  Stock on hand is not changed.
        """
        dok_id = self.next_id("dok__Dokument")
        number, sequence = self._number(doc_type, number_prefix, issued, monthly_numbering)
        totals = _Totals()
        for line in lines:
            if line.kind == 2:
                totals.services_net += line.net
                totals.services_gross += line.gross
            else:
                totals.goods_net += line.net
                totals.goods_gross += line.gross
            per_vat = totals.by_vat.setdefault(line.vat_id, [line.vat_rate, Decimal(0), Decimal(0)])
            per_vat[1] += line.net
            per_vat[2] += line.gross
        linked: dict[str, object] = {}
        if based_on_id is not None:
            source = self.select_one("dok__Dokument", {"dok_Id": based_on_id})
            linked = {
                "dok_DoDokId": based_on_id,
                "dok_DoDokNrPelny": source["dok_NrPelny"],
                "dok_DoDokDataWyst": source["dok_DataWyst"],
            }
        due, payment = self._payment(payment_form_id, totals.gross, issued)
        self.insert(
            "dok__Dokument",
            dok_Id=dok_id,
            dok_Typ=doc_type,
            dok_Podtyp=subtype,
            dok_MagId=warehouse_id,
            dok_Nr=sequence,
            dok_NrRoz="",
            dok_NrPelny=number,
            dok_NrPelnyOryg=original_number,
            dok_MscWyst="Łódź",
            dok_DataWyst=issued,
            dok_DataMag=issued,
            dok_PlatnikId=customer_id,
            dok_PlatnikAdreshId=payer_snapshot_id,
            dok_OdbiorcaId=customer_id,
            dok_OdbiorcaAdreshId=recipient_snapshot_id,
            dok_PlatId=payment_form_id,
            dok_PlatTermin=due,
            dok_Wystawil=issued_by,
            dok_CenyPoziom=1,
            dok_CenyTyp=0,
            dok_CenyKurs=1,
            dok_WartUsNetto=totals.services_net,
            dok_WartUsBrutto=totals.services_gross,
            dok_WartTwNetto=totals.goods_net,
            dok_WartTwBrutto=totals.goods_gross,
            dok_WartNetto=totals.net,
            dok_WartVat=totals.gross - totals.net,
            dok_WartBrutto=totals.gross,
            dok_KwWartosc=totals.gross,
            dok_KwDoZaplaty=totals.gross,
            dok_Waluta="PLN",
            dok_WalutaKurs=1,
            dok_Uwagi=remarks,
            dok_KatId=category_id,
            dok_Tytul=title,
            dok_Podtytul=subtitle,
            dok_Status=status,
            dok_StatusEx=status_ex,
            dok_ObiektGT=ZK_OBJECT_TYPE if doc_type == ZK_TYPE else None,
            dok_TerminRealizacji=_plus_days(issued, 3) if doc_type in (ZK_TYPE, ZD_TYPE) else None,
            dok_AdresDostawyId=delivery_id,
            dok_AdresDostawyAdreshId=delivery_snapshot_id,
            **linked,
            **payment,
        )
        for index, line in enumerate(lines, start=1):
            ob_id = self.next_id("dok_Pozycja")
            self.insert(
                "dok_Pozycja",
                ob_Id=ob_id,
                ob_DoId=source_line_ids[index - 1] if source_line_ids else None,
                ob_Znak=1,
                ob_DokHanId=None if warehouse_lines else dok_id,
                ob_DokMagId=dok_id if warehouse_lines else None,
                ob_TowId=line.product_id,
                ob_TowRodzaj=line.kind,
                ob_Opis=line.description,
                ob_DokHanLp=None if warehouse_lines else index,
                ob_DokMagLp=index if warehouse_lines else None,
                ob_Ilosc=line.quantity,
                ob_IloscMag=line.base_quantity,
                ob_Jm=line.unit,
                ob_CenaWaluta=line.net_price,
                ob_CenaNetto=line.net_price,
                ob_CenaBrutto=line.gross_price,
                ob_WartNetto=line.net,
                ob_WartVat=line.vat,
                ob_WartBrutto=line.gross,
                ob_VatId=line.vat_id,
                ob_VatProc=line.vat_rate,
                ob_MagId=warehouse_id,
            )
            if doc_type == ZK_TYPE and status == 7 and line.kind == 1 and line.product_id:
                self.reserve(line.product_id, warehouse_id, line.base_quantity)
        for vat_id, (rate, net, gross) in totals.by_vat.items():
            self.insert(
                "dok_Vat",
                vt_Id=self.next_id("dok_Vat"),
                vt_DokId=dok_id,
                vt_VatId=vat_id,
                vt_VatProc=rate,
                vt_WartNetto=net,
                vt_WartVat=gross - net,
                vt_WartBrutto=gross,
            )
        return dok_id

    def reserve(self, product_id: int, warehouse_id: int, quantity: Decimal) -> None:
        """Add ``quantity`` to ``st_StanRez`` (what ``spSub_DokRezerwZwieksz`` does)."""
        changed = self._conn.execute(
            "UPDATE tw_Stan SET st_StanRez = st_StanRez + ? WHERE st_TowId = ? AND st_MagId = ?",
            (float(quantity), product_id, warehouse_id),
        ).rowcount
        if not changed:
            self.insert("tw_Stan", st_TowId=product_id, st_MagId=warehouse_id, st_StanRez=quantity)

    def set_custom_field(
        self, object_type: int, object_id: int, field_name: str, value: str
    ) -> None:
        """Set the ``pw_Dane`` header field named ``field_name`` (``pw_Pole.pwp_Nazwa``)."""
        row = self._conn.execute(
            "SELECT pwp_Pole FROM pw_Pole WHERE pwp_TypObiektu = ? AND pwp_Nazwa = CAST(? AS TEXT)",
            (object_type, encode_text(field_name)),
        ).fetchone()
        if row is None:
            raise SubiektDataError(f"no pw_Pole {field_name!r} for object type {object_type}")
        column = table("pw_Dane").column(str(row[0])).name
        key = {"pwd_TypObiektu": object_type, "pwd_IdObiektu": object_id, "pwd_IdPozycji": None}
        if not self.update("pw_Dane", key, **{column: value}):
            self.insert("pw_Dane", pwd_Id=self.next_id("pw_Dane"), **key, **{column: value})

    def set_flag(
        self,
        object_type: int,
        object_id: int,
        flag_id: int,
        comment: str = "",
        when: datetime | None = None,
    ) -> None:
        """Set flag ``flag_id`` on an object (one flag per object and flag group)."""
        group = int(self.select_one("fl__Flagi", {"flg_Id": flag_id})["flg_IdGrupy"])
        key = {"flw_IdGrupyFlag": group, "flw_TypObiektu": object_type, "flw_IdObiektu": object_id}
        self.delete("fl_Wartosc", key)
        self.insert(
            "fl_Wartosc",
            **key,
            flw_IdFlagi=flag_id,
            flw_Komentarz=comment,
            flw_IdUzytkownika=OPERATOR_ID,
            flw_CzasOstatniejZmiany=(when or datetime.now()).replace(microsecond=0),
        )

    def snapshot_address(self, address_id: int, override: Address | None, when: datetime) -> int:
        """Copy the ``adr__Ewid`` row ``address_id`` into ``adr_Historia`` (with ``override``'s
        data instead, when given); return ``adrh_Id``."""
        current = self.select_one("adr__Ewid", {"adr_Id": address_id})
        values: dict[str, object] = {
            f"adrh_{name[4:]}": current[name]
            for name in current
            if name not in ("adr_Id", "adr_IdObiektu", "adr_TypAdresu")
        }
        if override is not None:
            values.update(_address_columns("adrh", override))
            values["adrh_Adres"] = override.street_line()
        adrh_id = self.next_id("adr_Historia")
        values.update(adrh_Id=adrh_id, adrh_IdAdresu=address_id, adrh_DataZmiany=when)
        self.insert("adr_Historia", **values)
        return adrh_id

    def add_delivery_address(
        self, customer_id: int, address: Address, when: datetime
    ) -> tuple[int, int]:
        """Save ``address`` as a delivery address of the customer; return
        ``(kh_AdresyDostawy.adk_Id, adr_Historia.adrh_Id)``.

        Assumed layout (not verified on a live database): an ``adr__Ewid`` row of type 11
        owned by the ``kh_AdresyDostawy`` row, its snapshot, and the link
        ``kh_AdresyDostawy (adk_IdKhnt, adk_IdAdresuHist)``; documents then carry
        ``dok_AdresDostawyId = adk_Id`` and ``dok_AdresDostawyAdreshId = adrh_Id``."""
        adk_id = self.next_id("kh_AdresyDostawy")
        adr_id = self.next_id("adr__Ewid")
        self.insert(
            "adr__Ewid",
            adr_Id=adr_id,
            adr_IdObiektu=adk_id,
            adr_TypAdresu=11,
            **_address_columns("adr", address),
        )
        adrh_id = self.snapshot_address(adr_id, None, when)
        self.insert(
            "kh_AdresyDostawy", adk_Id=adk_id, adk_IdKhnt=customer_id, adk_IdAdresuHist=adrh_id
        )
        return adk_id, adrh_id

    # -- internals ----------------------------------------------------------------------

    def _snapshot_of_customer(
        self, customer_id: int, override: Address | None, when: datetime
    ) -> int:
        row = self._conn.execute(
            "SELECT adr_Id FROM adr__Ewid WHERE adr_IdObiektu = ? AND adr_TypAdresu = 1",
            (customer_id,),
        ).fetchone()
        if row is None:
            raise SubiektDataError(f"kontrahent {customer_id} has no main address")
        return self.snapshot_address(int(row[0]), override, when)

    def _vat_by_symbol(self, symbol: str) -> tuple[int, Decimal]:
        row = self._conn.execute(
            "SELECT vat_Id, vat_Stawka FROM sl_StawkaVAT WHERE vat_Symbol = CAST(? AS TEXT)",
            (encode_text(symbol),),
        ).fetchone()
        if row is None:
            raise SubiektDataError(f"no VAT rate {symbol!r}")
        return int(row[0]), as_decimal(row[1])

    def _number(
        self, doc_type: int, prefix: str, issued: datetime, monthly: bool
    ) -> tuple[str, int]:
        period = f"/{issued:%m}/{issued:%Y}" if monthly else f"/{issued:%Y}"
        pattern = f"{prefix} %{period}"
        row = self._conn.execute(
            "SELECT MAX(dok_Nr) FROM dok__Dokument WHERE dok_Typ = ?"
            " AND dok_NrPelny LIKE CAST(? AS TEXT)",
            (doc_type, encode_text(pattern)),
        ).fetchone()
        sequence = int(row[0] or 0) + 1
        return f"{prefix} {sequence}{period}", sequence

    def _payment(
        self, payment_form_id: int | None, gross: Decimal, issued: datetime
    ) -> tuple[datetime | None, dict[str, object]]:
        """Due date and payment split by the payment form (split by its name: a demo
        convention — cash, card, cash on delivery as credit, anything else a transfer)."""
        if payment_form_id is None:
            return None, {}
        form = self.select_one("sl_FormaPlatnosci", {"fp_Id": payment_form_id})
        name = str(form["fp_Nazwa"]).lower()
        column = "dok_KwPrzelew"
        if "gotówka" in name:
            column = "dok_KwGotowka"
        elif "karta" in name:
            column = "dok_KwKarta"
        elif "pobranie" in name:
            column = "dok_KwKredyt"
        return _plus_days(issued, int(form["fp_Termin"])), {column: gross}

    def _param(self, spec: Table, column: Column, value: object) -> tuple[str, object]:
        """Placeholder and parameter storing ``value`` as SQL Server would."""
        if value is None:
            if not column.nullable:
                raise SubiektDataError(f"{spec.name}.{column.name} cannot be NULL")
            return "?", None
        base = column.base_type
        if column.is_text or base == "datetime":
            if isinstance(value, (datetime, date)):
                if base != "datetime":
                    raise SubiektDataError(f"{spec.name}.{column.name} is {column.sql_type}")
                value = sql_datetime(value)
            if not isinstance(value, str):
                raise SubiektDataError(
                    f"{spec.name}.{column.name} is {column.sql_type}, not {type(value).__name__}"
                )
            raw = encode_text(value)
            length = column.length
            if length is not None:
                if len(raw) > length:
                    raise SubiektDataError(
                        f"String or binary data would be truncated: {spec.name}.{column.name}"
                        f" is {column.sql_type}, the value has {len(raw)} bytes: {value!r}"
                    )
                if column.is_fixed_length:
                    raw = raw.ljust(length, b" ")
            return "CAST(? AS TEXT)", raw
        if isinstance(value, bool):
            return "?", int(value)
        if base == "bit":
            if not isinstance(value, int) or value not in (0, 1):
                raise SubiektDataError(f"{spec.name}.{column.name} is a bit, not {value!r}")
            return "?", value
        if base in ("int", "smallint"):
            if not isinstance(value, int):
                raise SubiektDataError(f"{spec.name}.{column.name} is {base}, not {value!r}")
            return "?", value
        if isinstance(value, (int, float, Decimal)):
            number = as_decimal(value).quantize(MONEY, ROUND_HALF_UP)
            return "?", float(number)
        raise SubiektDataError(f"{spec.name}.{column.name} is {column.sql_type}, not {value!r}")

    def _where(self, spec: Table, where: Mapping[str, object]) -> tuple[str, list[object]]:
        if not where:
            raise SubiektDataError("a WHERE condition is required")
        parts: list[str] = []
        params: list[object] = []
        for name, value in where.items():
            column = spec.column(name)
            if value is None:
                parts.append(f"{column.name} IS NULL")
                continue
            placeholder, param = self._param(spec, column, value)
            parts.append(f"{column.name} = {placeholder}")
            params.append(param)
        return " AND ".join(parts), params


def _counter_name(table_name: str) -> str:
    try:
        return table(table_name).name
    except KeyError:
        return table_name


def _priced(
    product_id: int | None,
    kind: int,
    description: str,
    quantity: Decimal,
    unit: str,
    base_quantity: Decimal,
    gross_price: Decimal,
    vat_id: int,
    rate: Decimal,
) -> PricedLine:
    divisor = 1 + rate / 100
    gross = (gross_price * quantity).quantize(CENT, ROUND_HALF_UP)
    net = (gross / divisor).quantize(CENT, ROUND_HALF_UP)
    return PricedLine(
        product_id=product_id,
        kind=kind,
        description=description,
        quantity=quantity,
        unit=unit,
        base_quantity=base_quantity,
        net_price=(gross_price / divisor).quantize(CENT, ROUND_HALF_UP),
        gross_price=gross_price,
        net=net,
        vat=gross - net,
        gross=gross,
        vat_id=vat_id,
        vat_rate=rate,
    )


def _address_columns(prefix: str, address: Address) -> dict[str, object]:
    values: dict[str, object] = {
        f"{prefix}_Nazwa": address.name,
        f"{prefix}_NazwaPelna": address.full_name or address.name,
        f"{prefix}_Ulica": address.street,
        f"{prefix}_NrDomu": address.house_number,
        f"{prefix}_NrLokalu": address.flat_number,
        f"{prefix}_Kod": address.postcode,
        f"{prefix}_Miejscowosc": address.city,
        f"{prefix}_NIP": address.nip,
        f"{prefix}_Telefon": address.phone,
    }
    if address.country_id is not None:
        values[f"{prefix}_IdPanstwo"] = address.country_id
    return values


def _plus_days(when: datetime, days: int) -> datetime:
    return datetime.fromordinal(when.toordinal() + days).replace(
        hour=when.hour, minute=when.minute, second=when.second
    )
