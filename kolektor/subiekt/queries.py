"""Every SQL statement Kolektor runs against Subiekt GT.

Rules for this module, checked by ``tests/test_subiekt_queries.py``:

* read-only ``SELECT`` statements — Subiekt is written only through Sfera;
* each statement parses as T-SQL (the production database is MS SQL Server) *and* runs on
  the SQLite ODBC driver used by the demo and the tests, so only the common subset is used:
  no ``TOP``/``LIMIT``, no ``+``/``||`` concatenation, ``?`` parameters, explicit ``ORDER BY``;
* open ZKs are chosen by ``dok_Typ = 16 AND dok_Status IN (5, 6, 7)`` — never by the
  number's prefix, which every shop configures differently;
* id lists are expanded to ``IN (?, ?, …)`` in chunks of :data:`CHUNK` ids (SQL Server
  accepts at most 2100 parameters per statement).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kolektor.config import FieldSource

CHUNK = 500

OPEN_ZK_CONDITION = "d.dok_Typ = 16 AND d.dok_Status IN (5, 6, 7)"


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """Which open ZKs the intake takes: by warehouse, category and flag (empty = any)."""

    warehouses: tuple[int, ...] = ()
    categories: tuple[int, ...] = ()
    flags: tuple[int, ...] = ()
    flag_object_type: int = -8

    def where(self) -> tuple[str, list[int]]:
        """The ``WHERE`` condition over ``dok__Dokument d`` and its parameters."""
        parts = [OPEN_ZK_CONDITION]
        params: list[int] = []
        if self.warehouses:
            parts.append(f"d.dok_MagId IN ({placeholders(len(self.warehouses))})")
            params += self.warehouses
        if self.categories:
            parts.append(f"d.dok_KatId IN ({placeholders(len(self.categories))})")
            params += self.categories
        if self.flags:
            parts.append(
                "EXISTS (SELECT 1 FROM fl_Wartosc fw WHERE fw.flw_IdObiektu = d.dok_Id"
                " AND fw.flw_TypObiektu = ?"
                f" AND fw.flw_IdFlagi IN ({placeholders(len(self.flags))}))"
            )
            params += [self.flag_object_type, *self.flags]
        return " AND ".join(parts), params


def placeholders(count: int) -> str:
    return ", ".join("?" * count)


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def open_orders(filter_: OrderFilter) -> tuple[str, list[int]]:
    where, params = filter_.where()
    sql = (
        "SELECT d.dok_Id, d.dok_NrPelny, d.dok_NrPelnyOryg, d.dok_DataWyst, d.dok_Status,"
        " d.dok_StatusEx, d.dok_MagId, d.dok_KatId, k.kat_Nazwa, d.dok_Tytul, d.dok_Podtytul,"
        " d.dok_Uwagi, d.dok_UwagiExt, d.dok_TerminRealizacji, d.dok_Waluta, d.dok_WartNetto,"
        " d.dok_WartBrutto, d.dok_PlatId, d.dok_PlatnikId, d.dok_PlatnikAdreshId,"
        " d.dok_AdresDostawyAdreshId"
        " FROM dok__Dokument d"
        " LEFT JOIN sl_Kategoria k ON k.kat_Id = d.dok_KatId"
        f" WHERE {where}"
        " ORDER BY d.dok_Id"
    )
    return sql, params


def count_open_orders(filter_: OrderFilter) -> tuple[str, list[int]]:
    where, params = filter_.where()
    return f"SELECT COUNT(*) AS open_orders FROM dok__Dokument d WHERE {where}", params


def order_lines(order_ids: Sequence[int]) -> str:
    return (
        "SELECT p.ob_Id, p.ob_DokHanId, p.ob_DokHanLp, p.ob_TowId, t.tw_Symbol, t.tw_Nazwa,"
        " p.ob_Opis, p.ob_TowRodzaj, p.ob_Ilosc, p.ob_Jm, p.ob_IloscMag, p.ob_CenaNetto,"
        " p.ob_CenaBrutto, p.ob_Rabat, p.ob_WartNetto, p.ob_WartVat, p.ob_WartBrutto,"
        " v.vat_Symbol, p.ob_VatProc"
        " FROM dok_Pozycja p"
        " LEFT JOIN tw__Towar t ON t.tw_Id = p.ob_TowId"
        " LEFT JOIN sl_StawkaVAT v ON v.vat_Id = p.ob_VatId"
        f" WHERE p.ob_DokHanId IN ({placeholders(len(order_ids))})"
        " ORDER BY p.ob_DokHanId, p.ob_DokHanLp, p.ob_Id"
    )


def order_flags(order_ids: Sequence[int]) -> str:
    return (
        "SELECT fw.flw_IdObiektu, fw.flw_IdFlagi FROM fl_Wartosc fw"
        " WHERE fw.flw_TypObiektu = ?"
        f" AND fw.flw_IdObiektu IN ({placeholders(len(order_ids))})"
        " ORDER BY fw.flw_IdObiektu, fw.flw_IdFlagi"
    )


def custom_fields(object_ids: Sequence[int], columns: Sequence[str]) -> str:
    """Header-level ``pw_Dane`` text fields (``pwd_IdPozycji IS NULL``) of objects of a type.

    ``columns`` come from the validated configuration (``pwd_Tekst01..10``), never from input.
    """
    selected = ", ".join(f"pd.{column}" for column in columns)
    return (
        f"SELECT pd.pwd_IdObiektu, {selected} FROM pw_Dane pd"
        " WHERE pd.pwd_TypObiektu = ? AND pd.pwd_IdPozycji IS NULL"
        f" AND pd.pwd_IdObiektu IN ({placeholders(len(object_ids))})"
        " ORDER BY pd.pwd_IdObiektu"
    )


def address_snapshots(ids: Sequence[int]) -> str:
    return (
        "SELECT h.adrh_Id, h.adrh_Nazwa, h.adrh_NazwaPelna, h.adrh_Ulica, h.adrh_NrDomu,"
        " h.adrh_NrLokalu, h.adrh_Kod, h.adrh_Miejscowosc, h.adrh_NIP, pa.pa_Nazwa"
        " FROM adr_Historia h"
        " LEFT JOIN sl_Panstwo pa ON pa.pa_Id = h.adrh_IdPanstwo"
        f" WHERE h.adrh_Id IN ({placeholders(len(ids))})"
        " ORDER BY h.adrh_Id"
    )


def customers(ids: Sequence[int]) -> str:
    """Kontrahenci with their main address (``adr_TypAdresu = 1``), which holds name and NIP."""
    return (
        "SELECT k.kh_Id, k.kh_Symbol, k.kh_Osoba, k.kh_EMail, a.adr_Id, a.adr_Nazwa,"
        " a.adr_NazwaPelna, a.adr_Ulica, a.adr_NrDomu, a.adr_NrLokalu, a.adr_Kod,"
        " a.adr_Miejscowosc, a.adr_NIP, a.adr_Telefon, pa.pa_Nazwa"
        " FROM kh__Kontrahent k"
        " LEFT JOIN adr__Ewid a ON a.adr_IdObiektu = k.kh_Id AND a.adr_TypAdresu = 1"
        " LEFT JOIN sl_Panstwo pa ON pa.pa_Id = a.adr_IdPanstwo"
        f" WHERE k.kh_Id IN ({placeholders(len(ids))})"
        " ORDER BY k.kh_Id"
    )


def customer_emails(address_ids: Sequence[int]) -> str:
    return (
        "SELECT e.am_IdAdres, e.am_Email, e.am_Podstawowy FROM adr_Email e"
        f" WHERE e.am_IdAdres IN ({placeholders(len(address_ids))})"
        " ORDER BY e.am_IdAdres, e.am_Podstawowy DESC, e.am_Id"
    )


def customer_phones(address_ids: Sequence[int]) -> str:
    return (
        "SELECT tl.tel_IdAdresu, tl.tel_Numer, tl.tel_Podstawowy FROM tel__Ewid tl"
        f" WHERE tl.tel_IdAdresu IN ({placeholders(len(address_ids))})"
        " ORDER BY tl.tel_IdAdresu, tl.tel_Podstawowy DESC, tl.tel_Id"
    )


def products(ids: Sequence[int], location: FieldSource) -> str:
    """Products with their primary barcode and, for a ``tw_Pole`` source, the location."""
    location_column = "t.tw_Id" if location.custom else f"t.{location.column}"
    return (
        "SELECT t.tw_Id, t.tw_Symbol, t.tw_Nazwa, t.tw_Rodzaj, t.tw_JednMiary,"
        f" t.tw_PodstKodKresk, {location_column} AS location"
        " FROM tw__Towar t"
        f" WHERE t.tw_Id IN ({placeholders(len(ids))})"
        " ORDER BY t.tw_Id"
    )


def product_barcodes(ids: Sequence[int]) -> str:
    return (
        "SELECT kk.kk_IdTowar, kk.kk_Kod, kk.kk_Ilosc FROM tw_KodKreskowy kk"
        f" WHERE kk.kk_IdTowar IN ({placeholders(len(ids))})"
        " ORDER BY kk.kk_IdTowar, kk.kk_Id"
    )


def product_units(ids: Sequence[int]) -> str:
    return (
        "SELECT jm.jm_IdTowar, jm.jm_IdJednMiary, jm.jm_Przelicznik FROM tw_JednMiary jm"
        f" WHERE jm.jm_IdTowar IN ({placeholders(len(ids))})"
        " ORDER BY jm.jm_IdTowar, jm.jm_Id"
    )


def product_stock(ids: Sequence[int]) -> str:
    return (
        "SELECT s.st_TowId, s.st_MagId, s.st_Stan, s.st_StanRez FROM tw_Stan s"
        f" WHERE s.st_TowId IN ({placeholders(len(ids))})"
        " ORDER BY s.st_TowId, s.st_MagId"
    )


def documents(ids: Sequence[int]) -> str:
    """Type and status of documents by id — what became of ZKs that are no longer open."""
    return (
        "SELECT d.dok_Id, d.dok_Typ, d.dok_Status, d.dok_StatusEx, d.dok_NrPelny,"
        " d.dok_MagId, d.dok_KatId"
        " FROM dok__Dokument d"
        f" WHERE d.dok_Id IN ({placeholders(len(ids))})"
        " ORDER BY d.dok_Id"
    )


def realizing_documents(zk_ids: Sequence[int]) -> str:
    """Sales (FS 2, PA 21) and warehouse (WZ 11) documents made from the given ZKs."""
    return (
        "SELECT r.dok_DoDokId, r.dok_Id, r.dok_Typ, r.dok_Podtyp, r.dok_NrPelny"
        " FROM dok__Dokument r"
        f" WHERE r.dok_DoDokId IN ({placeholders(len(zk_ids))})"
        " AND r.dok_Typ IN (2, 21, 11)"
        " ORDER BY r.dok_DoDokId, r.dok_Id"
    )


ZK_STOCK = (
    "SELECT d.dok_Id, d.dok_Status, d.dok_MagId, p.ob_Id, p.ob_TowId, p.ob_TowRodzaj,"
    " p.ob_Ilosc, p.ob_IloscMag, p.ob_MagId, s.st_Stan, s.st_StanRez"
    " FROM dok__Dokument d"
    " LEFT JOIN dok_Pozycja p ON p.ob_DokHanId = d.dok_Id"
    " LEFT JOIN tw_Stan s ON s.st_TowId = p.ob_TowId"
    " AND s.st_MagId = COALESCE(p.ob_MagId, d.dok_MagId)"
    " WHERE d.dok_Id = ? AND d.dok_Typ = 16"
    " ORDER BY p.ob_DokHanLp, p.ob_Id"
)
"""One ZK's status and lines with the stock (``tw_Stan``) of each line's product in the
line's warehouse (``ob_MagId``, else the ZK's ``dok_MagId``) — what the stock check before
picking and packing compares (:mod:`kolektor.stock`).  No rows: the ZK does not exist; one
row with NULL line columns: it has no lines; NULL stock: the product has no ``tw_Stan`` row
in that warehouse (nothing there)."""

BARCODES = (
    "SELECT t.tw_PodstKodKresk AS code, t.tw_Symbol AS symbol, t.tw_Nazwa AS name"
    " FROM tw__Towar t"
    " WHERE t.tw_Usuniety = 0 AND t.tw_PodstKodKresk IS NOT NULL"
    " UNION SELECT kk.kk_Kod AS code, t.tw_Symbol AS symbol, t.tw_Nazwa AS name"
    " FROM tw_KodKreskowy kk LEFT JOIN tw__Towar t ON t.tw_Id = kk.kk_IdTowar"
    " ORDER BY code"
)
"""Every barcode of every product that is not deleted, with the product's symbol and name
(for the catalog of known codes, which names the product a wrong scan belongs to)."""

PROBE = "SELECT COUNT(*) AS documents FROM dok__Dokument d WHERE d.dok_Typ = 16"
"""Cheap query proving the connection works and the database has Subiekt's tables."""


def all_statements() -> list[str]:
    """Every statement shape this module can produce, for the T-SQL parse check."""
    ids = [1, 2, 3]
    custom = FieldSource("pwd_Tekst01", custom=True)
    full = OrderFilter(warehouses=(1, 2), categories=(3,), flags=(4, 5))
    return [
        open_orders(OrderFilter())[0],
        open_orders(full)[0],
        count_open_orders(full)[0],
        order_lines(ids),
        order_flags(ids),
        custom_fields(ids, ["pwd_Tekst01", "pwd_Tekst02"]),
        address_snapshots(ids),
        customers(ids),
        customer_emails(ids),
        customer_phones(ids),
        products(ids, FieldSource("tw_Pole1")),
        products(ids, custom),
        product_barcodes(ids),
        product_units(ids),
        product_stock(ids),
        documents(ids),
        realizing_documents(ids),
        ZK_STOCK,
        BARCODES,
        PROBE,
    ]
