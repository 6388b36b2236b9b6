"""The demo Subiekt database: sizes, valid codes, CP1250 text, consistent values, determinism."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from kolektor._core import gtin_normalize, nip_normalize
from kolektor.demo import (
    Address,
    DemoSummary,
    SubiektDatabase,
    SubiektDataError,
    ZkLine,
    create_subiekt_database,
)
from kolektor.subiekt.schema import TABLES

TODAY = date(2026, 3, 16)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
OPEN_ZK = "dok_Typ = 16 AND dok_Status IN (5, 6, 7)"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return create_subiekt_database(tmp_path_factory.mktemp("demo") / "subiekt.db", today=TODAY)


@pytest.fixture(scope="module")
def db(demo: DemoSummary) -> Iterator[sqlite3.Connection]:
    """Read-only view decoding text as cp1250 (as the ODBC connection does)."""
    connection = _open(demo)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """Another seed, a small catalogue and a new year's "today" (history in 2025)."""
    return create_subiekt_database(
        tmp_path_factory.mktemp("small") / "subiekt.db",
        seed=7,
        products=80,
        orders=30,
        today=date(2026, 1, 3),
    )


def _open(summary: DemoSummary) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{summary.path}?mode=ro", uri=True)
    connection.text_factory = lambda raw: raw.decode("cp1250")
    return connection


@pytest.fixture(scope="module", params=["default", "small"])
def variant(
    request: pytest.FixtureRequest, demo: DemoSummary, small: DemoSummary
) -> Iterator[tuple[DemoSummary, sqlite3.Connection]]:
    """Invariant tests run on both databases."""
    summary = demo if request.param == "default" else small
    connection = _open(summary)
    yield summary, connection
    connection.close()


@pytest.fixture
def writable(demo: DemoSummary, tmp_path: Path) -> Iterator[SubiektDatabase]:
    copy = tmp_path / "copy.db"
    shutil.copy(demo.path, copy)
    with SubiektDatabase(copy) as database:
        yield database


def q(db: sqlite3.Connection, sql: str, *params: object) -> list[tuple[object, ...]]:
    return db.execute(sql, params).fetchall()


def one(db: sqlite3.Connection, sql: str, *params: object) -> object:
    return db.execute(sql, params).fetchone()[0]


CENT = Decimal("0.01")


def money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


# -- sizes ------------------------------------------------------------------------------


def test_counts(demo: DemoSummary, db: sqlite3.Connection) -> None:
    assert demo.products == one(db, "SELECT COUNT(*) FROM tw__Towar") == 320
    assert demo.products >= 300
    open_ids = [row[0] for row in q(db, f"SELECT dok_Id FROM dok__Dokument WHERE {OPEN_ZK}")]
    assert sorted(open_ids) == list(demo.open_zk_ids)
    assert len(open_ids) == 72 >= 60
    assert demo.goods + demo.weighted_goods + demo.services == demo.products
    assert one(db, "SELECT COUNT(*) FROM tw__Towar WHERE tw_Rodzaj = 2") == demo.services >= 1
    assert one(db, "SELECT COUNT(*) FROM kh__Kontrahent WHERE kh_Rodzaj = 2") == demo.customers
    assert demo.documents == one(db, "SELECT COUNT(*) FROM dok__Dokument") > len(open_ids)


def test_size_parameters_and_limits(small: DemoSummary, tmp_path: Path) -> None:
    assert small.products == 80 and len(small.open_zk_ids) == 30
    assert all(getattr(small.examples, name) for name in ("zk_pack_line", "zk_shortage"))
    with pytest.raises(ValueError, match="products"):
        create_subiekt_database(tmp_path / "x.db", products=10)
    with pytest.raises(ValueError, match="orders"):
        create_subiekt_database(tmp_path / "x.db", orders=5)
    with pytest.raises(ValueError, match="at most"):
        create_subiekt_database(tmp_path / "x.db", products=5000)


# -- products, barcodes, units --------------------------------------------------------


def test_every_barcode_is_a_valid_distinct_gtin(
    variant: tuple[DemoSummary, sqlite3.Connection],
) -> None:
    _, db = variant
    primary = q(db, "SELECT tw_Id, tw_Rodzaj, tw_JednMiary, tw_PodstKodKresk FROM tw__Towar")
    codes = []
    for tw_id, kind, unit, code in primary:
        if kind == 2:
            assert code == "", tw_id
            continue
        gtin_normalize(str(code))
        assert len(str(code)) == 13
        if unit == "kg":
            assert str(code).startswith("28") and str(code)[7:12] == "00000"
        else:
            assert str(code).startswith("590")
        codes.append(code)
    extra = [row[0] for row in q(db, "SELECT kk_Kod FROM tw_KodKreskowy")]
    for code in extra:
        gtin_normalize(str(code))
    assert len(set(codes + extra)) == len(codes) + len(extra)


def test_pack_barcodes_match_units(demo: DemoSummary, db: sqlite3.Connection) -> None:
    rows = q(
        db,
        "SELECT kk.kk_IdTowar, kk.kk_Kod, kk.kk_Ilosc, jm.jm_IdJednMiary, jm.jm_Przelicznik"
        " FROM tw_KodKreskowy kk LEFT JOIN tw_JednMiary jm ON jm.jm_IdTowar = kk.kk_IdTowar",
    )
    packs = {row[2] for row in rows}
    assert {1, 6, 12} <= packs
    for _, code, quantity, unit, factor in rows:
        if quantity == 1:
            continue
        assert factor == quantity
        assert unit == ("opak." if quantity == 6 else "karton")
        assert len(str(code)) == (13 if quantity == 6 else 14)
    ex = demo.examples
    assert (ex.pack6_product_id, ex.pack6_barcode, 6) in {(r[0], r[1], r[2]) for r in rows}
    assert (ex.pack12_product_id, ex.pack12_barcode, 12) in {(r[0], r[1], r[2]) for r in rows}
    assert (ex.extra_barcode_product_id, ex.extra_barcode, 1) in {(r[0], r[1], r[2]) for r in rows}


def test_names_fit_and_look_polish(db: sqlite3.Connection) -> None:
    names = [row[0] for row in q(db, "SELECT tw_Nazwa FROM tw__Towar")]
    assert len(set(names)) == len(names)
    assert all(0 < len(str(name).encode("cp1250")) <= 50 for name in names)
    assert any(str(name).startswith("Kawa ziarnista") for name in names)
    assert "Usługa pakowania prezentu" in names


def test_locations_in_two_sources(demo: DemoSummary, db: sqlite3.Connection) -> None:
    field = one(
        db,
        "SELECT pwp_Pole FROM pw_Pole WHERE pwp_TypObiektu = -14 AND pwp_Nazwa = CAST(? AS TEXT)",
        "Lokalizacja".encode("cp1250"),
    )
    assert field == demo.location_field_column
    rows = q(
        db,
        f"SELECT t.tw_Id, t.tw_Pole1, pd.{field} FROM tw__Towar t LEFT JOIN pw_Dane pd"
        " ON pd.pwd_IdObiektu = t.tw_Id AND pd.pwd_TypObiektu = -14 AND pd.pwd_IdPozycji IS NULL"
        " WHERE t.tw_Rodzaj = 1",
    )
    located = 0
    for tw_id, pole, custom in rows:
        if pole:
            assert re.fullmatch(r"[A-F]-\d\d-\d", str(pole)), pole
            assert custom == f"R{pole}", tw_id
            located += 1
        else:
            assert custom is None, tw_id
    assert located > len(rows) * 0.9
    by_id = {row[0]: row for row in rows}
    assert by_id[demo.examples.located_product_id][1]
    assert by_id[demo.examples.unlocated_product_id][1] == ""


# -- customers ------------------------------------------------------------------------


def test_company_nips_are_valid_in_varied_forms(demo: DemoSummary, db: sqlite3.Connection) -> None:
    rows = q(
        db,
        "SELECT k.kh_Id, k.kh_Osoba, a.adr_NIP FROM kh__Kontrahent k"
        " JOIN adr__Ewid a ON a.adr_IdObiektu = k.kh_Id AND a.adr_TypAdresu = 1",
    )
    assert len(rows) == one(db, "SELECT COUNT(*) FROM kh__Kontrahent")
    forms = set()
    for kh_id, person, nip in rows:
        if person:
            assert nip == "", kh_id
            continue
        digits = nip_normalize(str(nip))
        assert len(digits) == 10
        text = str(nip)
        forms.add(
            "pl" if text.startswith("PL") else "-" if "-" in text else " " if " " in text else "d"
        )
    assert forms == {"pl", "-", " ", "d"}
    nip = {kh_id: str(n) for kh_id, _, n in rows}
    ex = demo.examples
    assert re.fullmatch(r"\d{3}-\d{3}-\d\d-\d\d", nip[ex.company_dashed_nip_id])
    assert re.fullmatch(r"PL\d{10}", nip[ex.company_pl_nip_id])
    assert re.fullmatch(r"\d{10}", nip[ex.company_plain_nip_id])
    assert re.fullmatch(r"\d{3} \d{3} \d\d \d\d", nip[ex.company_spaced_nip_id])
    assert nip[ex.person_id] == ""


def test_snapshots_carry_the_same_nip(db: sqlite3.Connection) -> None:
    rows = q(
        db,
        "SELECT d.dok_Id, h.adrh_NIP, a.adr_NIP, k.kh_Osoba FROM dok__Dokument d"
        " JOIN adr_Historia h ON h.adrh_Id = d.dok_PlatnikAdreshId"
        " JOIN kh__Kontrahent k ON k.kh_Id = d.dok_PlatnikId"
        " JOIN adr__Ewid a ON a.adr_IdObiektu = k.kh_Id AND a.adr_TypAdresu = 1"
        f" WHERE d.{OPEN_ZK}",
    )
    assert rows
    for dok_id, snapshot, current, person in rows:
        assert snapshot == current, dok_id
        if not person:
            nip_normalize(str(snapshot))


def test_contacts(db: sqlite3.Connection) -> None:
    assert one(db, "SELECT COUNT(*) FROM kh__Kontrahent WHERE kh_EMail <> ''") > 10
    assert one(db, "SELECT COUNT(*) FROM adr_Email") > 10
    assert one(db, "SELECT COUNT(*) FROM adr_Email WHERE am_Podstawowy = 0") >= 1
    assert one(db, "SELECT COUNT(*) FROM tel__Ewid") > 10
    orphans = one(
        db,
        "SELECT COUNT(*) FROM adr_Email e LEFT JOIN adr__Ewid a ON a.adr_Id = e.am_IdAdres"
        " WHERE a.adr_Id IS NULL",
    )
    assert orphans == 0
    streets = q(db, "SELECT adr_Ulica, adr_NrDomu, adr_NrLokalu, adr_Adres FROM adr__Ewid")
    for street, house, flat, composed in streets:
        assert composed == (f"{street} {house}/{flat}" if flat else f"{street} {house}")


# -- text encoding --------------------------------------------------------------------


def test_text_is_stored_as_cp1250_bytes(demo: DemoSummary, db: sqlite3.Connection) -> None:
    raw = db.execute(
        "SELECT CAST(tw_Nazwa AS BLOB) FROM tw__Towar WHERE tw_Nazwa LIKE CAST(? AS TEXT)",
        ("Kawa ziarnista Ł%".encode("cp1250"),),
    ).fetchone()[0]
    assert isinstance(raw, bytes)
    assert raw.decode("cp1250").startswith("Kawa ziarnista Łódzka")
    assert b"\xa3" in raw  # "Ł" in Windows-1250
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    values = [
        row[0]
        for sql in (
            "SELECT CAST(tw_Nazwa AS BLOB) FROM tw__Towar",
            "SELECT CAST(adr_NazwaPelna AS BLOB) FROM adr__Ewid",
            "SELECT CAST(adrh_Miejscowosc AS BLOB) FROM adr_Historia",
            "SELECT CAST(dok_Uwagi AS BLOB) FROM dok__Dokument",
            "SELECT CAST(kh_Symbol AS BLOB) FROM kh__Kontrahent",
        )
        for row in db.execute(sql)
    ]
    non_ascii = [value for value in values if any(byte >= 0x80 for byte in value)]
    assert len(non_ascii) > 100
    for value in non_ascii:
        text = value.decode("cp1250")
        assert text.encode("cp1250") == value
        assert any(letter in text for letter in POLISH + "–€"), text
        assert value.decode("utf-8", errors="replace") != text, text  # not UTF-8


def test_all_polish_letters_occur(demo: DemoSummary) -> None:
    connection = sqlite3.connect(demo.path)
    connection.text_factory = bytes
    seen: set[str] = set()
    for each in TABLES:
        for column in each.columns:
            if column.is_text:
                for (value,) in connection.execute(f"SELECT {column.name} FROM {each.name}"):
                    if value:
                        seen.update(value.decode("cp1250"))
    connection.close()
    assert set(POLISH) <= seen, set(POLISH) - seen


def test_char_columns_are_padded(db: sqlite3.Connection) -> None:
    assert set(q(db, "SELECT DISTINCT dok_NrRoz, dok_Waluta FROM dok__Dokument")) == {
        ("   ", "PLN")
    }


def test_odbc_reads_polish_letters(demo: DemoSummary) -> None:
    pyodbc = pytest.importorskip("pyodbc")
    if "SQLite3" not in pyodbc.drivers():
        pytest.skip("SQLite3 ODBC driver not installed")
    connection = pyodbc.connect(f"Driver={{SQLite3}};Database={demo.path};NoWCHAR=1")
    try:
        connection.setdecoding(pyodbc.SQL_CHAR, encoding="cp1250")
        connection.setencoding(encoding="cp1250")
        row = connection.execute(
            "SELECT tw_Nazwa FROM tw__Towar WHERE tw_Id = ?", demo.examples.service_product_id
        ).fetchone()
        assert row[0] == "Usługa pakowania prezentu"
        found = connection.execute(
            "SELECT COUNT(*) FROM tw__Towar WHERE tw_Nazwa = ?", "Usługa pakowania prezentu"
        ).fetchone()[0]
        assert found == 1
    finally:
        connection.close()


# -- documents ------------------------------------------------------------------------


def test_line_values_are_consistent(variant: tuple[DemoSummary, sqlite3.Connection]) -> None:
    _, db = variant
    factors = {
        (r[0], r[1]): r[2]
        for r in q(db, "SELECT jm_IdTowar, jm_IdJednMiary, jm_Przelicznik FROM tw_JednMiary")
    }
    base_units = dict(q(db, "SELECT tw_Id, tw_JednMiary FROM tw__Towar"))
    rows = q(
        db,
        "SELECT ob_Id, ob_TowId, ob_Ilosc, ob_IloscMag, ob_Jm, ob_CenaNetto, ob_CenaBrutto,"
        " ob_WartNetto, ob_WartVat, ob_WartBrutto, ob_VatProc FROM dok_Pozycja",
    )
    for ob_id, tow, qty, base_qty, unit, net_p, gross_p, net, vat, gross, rate in rows:
        assert money(net) + money(vat) == money(gross), ob_id
        assert money(Decimal(str(gross_p)) * Decimal(str(qty))) == money(gross), ob_id
        divisor = 1 + Decimal(str(rate)) / 100
        assert money(net) == (money(gross) / divisor).quantize(CENT, ROUND_HALF_UP), ob_id
        assert money(net_p) == (money(gross_p) / divisor).quantize(CENT, ROUND_HALF_UP), ob_id
        if tow is None:
            continue
        factor = 1 if unit == base_units[tow] else factors[(tow, unit)]
        assert Decimal(str(base_qty)) == Decimal(str(qty)) * Decimal(str(factor)), ob_id


def test_document_totals_are_sums_of_lines(
    variant: tuple[DemoSummary, sqlite3.Connection],
) -> None:
    _, db = variant
    lines: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 5)
    for han, mag, kind, net, vat, gross in q(
        db,
        "SELECT ob_DokHanId, ob_DokMagId, ob_TowRodzaj, ob_WartNetto, ob_WartVat, ob_WartBrutto"
        " FROM dok_Pozycja",
    ):
        total = lines[int(str(han or mag))]
        total[0] += money(net)
        total[1] += money(vat)
        total[2] += money(gross)
        total[3 if kind == 1 else 4] += money(gross)
    vat_rows: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for dok, net, vat, gross in q(
        db, "SELECT vt_DokId, vt_WartNetto, vt_WartVat, vt_WartBrutto FROM dok_Vat"
    ):
        for index, value in enumerate((net, vat, gross)):
            vat_rows[int(str(dok))][index] += money(value)
    headers = q(
        db,
        "SELECT dok_Id, dok_WartNetto, dok_WartVat, dok_WartBrutto, dok_WartTwBrutto,"
        " dok_WartUsBrutto FROM dok__Dokument",
    )
    assert len(headers) == len(lines)
    for dok_id, net, vat, gross, goods, services in headers:
        expected = lines[int(str(dok_id))]
        assert [money(net), money(vat), money(gross)] == expected[:3], dok_id
        assert [money(goods), money(services)] == expected[3:], dok_id
        assert vat_rows[int(str(dok_id))] == expected[:3], dok_id


def test_open_orders_shape(demo: DemoSummary, db: sqlite3.Connection) -> None:
    rows = q(
        db,
        "SELECT d.dok_Id, d.dok_Status, d.dok_MagId, d.dok_NrPelny, d.dok_NrPelnyOryg,"
        " COUNT(p.ob_Id) FROM dok__Dokument d JOIN dok_Pozycja p ON p.ob_DokHanId = d.dok_Id"
        f" WHERE d.{OPEN_ZK} GROUP BY d.dok_Id",
    )
    assert len(rows) == len(demo.open_zk_ids)
    assert {row[1] for row in rows} == {5, 6, 7}
    main = sum(1 for row in rows if row[2] == demo.main_warehouse_id)
    assert main >= 0.85 * len(rows)
    assert len(rows) - main == len(demo.examples.zk_second_warehouse) >= 3
    assert all(1 <= row[5] <= 12 for row in rows)
    assert any(row[5] == 12 for row in rows)
    numbers = [str(row[3]) for row in rows]
    assert all(re.fullmatch(r"(ZK|ZAM) \d+/2026", number) for number in numbers)
    assert sum(number.startswith("ZAM ") for number in numbers) >= 2
    assert all(len(str(row[4]).encode("cp1250")) <= 30 for row in rows)
    assert one(db, f"SELECT COUNT(*) FROM dok__Dokument WHERE {OPEN_ZK} AND dok_ObiektGT = -8")


def test_remarks_are_varied(db: sqlite3.Connection) -> None:
    remarks = [str(r[0]) for r in q(db, f"SELECT dok_Uwagi FROM dok__Dokument WHERE {OPEN_ZK}")]
    assert {r for r in remarks if "faktur" in r.lower()} >= {"faktura", "Proszę o fakturę."}
    assert "PROSZĘ O FAKTURĘ VAT" in remarks
    assert any("paragon" in r.lower() for r in remarks)
    assert any(re.search(r"\bwz\b", r, re.IGNORECASE) for r in remarks)
    assert "" in remarks
    assert sum(bool(UUID.search(r)) for r in remarks) >= 3


def test_example_orders(demo: DemoSummary, db: sqlite3.Connection) -> None:
    ex = demo.examples

    def lines(zk: int) -> list[tuple[object, ...]]:
        return q(
            db,
            "SELECT ob_TowId, ob_Jm, ob_Ilosc, ob_IloscMag, ob_TowRodzaj, ob_Opis FROM dok_Pozycja"
            " WHERE ob_DokHanId = ? ORDER BY ob_DokHanLp",
            zk,
        )

    def header(zk: int, column: str) -> object:
        return one(db, f"SELECT {column} FROM dok__Dokument WHERE dok_Id = ?", zk)

    assert any(
        r[0] == ex.pack6_product_id and r[1] == "opak." and r[3] == 6 * r[2]
        for r in lines(ex.zk_pack_line)
    )
    assert any(r[1] == "karton" and r[3] == 12 * r[2] for r in lines(ex.zk_carton_line))
    assert any(r[0] == ex.extra_barcode_product_id for r in lines(ex.zk_extra_barcode_line))
    weighed = [r for r in lines(ex.zk_weighted_line) if r[1] == "kg"]
    assert weighed and any(Decimal(str(r[2])) % 1 != 0 for r in weighed)
    assert any(r[0] == ex.service_product_id and r[4] == 2 for r in lines(ex.zk_service_line))
    assert any(r[0] is None and r[4] == 2 and r[5] for r in lines(ex.zk_one_off_service))
    assert header(ex.zk_pack_line, "dok_PlatnikId") == ex.company_dashed_nip_id
    assert header(ex.zk_weighted_line, "dok_Uwagi") == "paragon"
    assert re.fullmatch(
        rf"Allegro: {UUID.pattern} ; Klient: \S+", str(header(ex.zk_uuid_in_remarks, "dok_Uwagi"))
    )
    assert header(ex.zk_uuid_in_remarks, "dok_KatId") == ex.allegro_category_id
    assert not UUID.search(str(header(ex.zk_uuid_in_custom_field, "dok_Uwagi")))
    custom = one(
        db,
        f"SELECT {demo.allegro_field_column} FROM pw_Dane WHERE pwd_TypObiektu = -8"
        " AND pwd_IdObiektu = ? AND pwd_IdPozycji IS NULL",
        ex.zk_uuid_in_custom_field,
    )
    assert UUID.fullmatch(str(custom))
    shop_number = str(header(ex.zk_shop_number, "dok_NrPelnyOryg"))
    assert shop_number and len(shop_number) <= 30
    assert shop_number.rsplit("-", 1)[1].lstrip("0") in str(header(ex.zk_shop_number, "dok_Tytul"))
    for zk in ex.zk_other_prefix:
        assert str(header(zk, "dok_NrPelny")).startswith("ZAM ")
    for zk in ex.zk_second_warehouse:
        assert header(zk, "dok_MagId") == demo.second_warehouse_id
    assert header(ex.zk_no_delivery_address, "dok_AdresDostawyAdreshId") is None
    assert header(ex.zk_no_delivery_address, "dok_Uwagi") == ""
    assert header(ex.zk_plain_remark, "dok_Uwagi") == "Proszę dzwonić przed dostawą."
    assert header(ex.zk_plain_remark, "dok_NrPelnyOryg") == header(ex.zk_plain_remark, "dok_Tytul")
    assert header(ex.zk_plain_remark, "dok_Tytul") == ""
    assert not q(db, "SELECT 1 FROM pw_Dane WHERE pwd_TypObiektu = -8 AND pwd_IdObiektu = ?",
                 ex.zk_plain_remark)  # fmt: skip
    assert header(ex.zk_cash_on_delivery, "dok_PlatId") == ex.cash_on_delivery_form_id
    assert header(ex.zk_many_lines, "dok_Status") == 5 and len(lines(ex.zk_many_lines)) == 12
    for status in (5, 6, 7):
        assert header(getattr(ex, f"zk_status{status}"), "dok_Status") == status
    flag = q(
        db,
        "SELECT flw_IdFlagi, flw_Komentarz FROM fl_Wartosc WHERE flw_TypObiektu = -8"
        " AND flw_IdObiektu = ?",
        ex.zk_flagged,
    )
    assert flag and flag[0][0] == ex.urgent_flag_id and flag[0][1]


def test_addresses_of_example_orders(demo: DemoSummary, db: sqlite3.Connection) -> None:
    ex = demo.examples

    def snapshot(zk: int, column: str) -> tuple[object, ...]:
        return db.execute(
            "SELECT h.adrh_Nazwa, h.adrh_Ulica, h.adrh_Miejscowosc, h.adrh_IdPanstwo"
            f" FROM dok__Dokument d JOIN adr_Historia h ON h.adrh_Id = d.{column}"
            " WHERE d.dok_Id = ?",
            (zk,),
        ).fetchone()

    def current(kh_id: int) -> tuple[object, ...]:
        return db.execute(
            "SELECT adr_Nazwa, adr_Ulica, adr_Miejscowosc, adr_IdPanstwo FROM adr__Ewid"
            " WHERE adr_IdObiektu = ? AND adr_TypAdresu = 1",
            (kh_id,),
        ).fetchone()

    billing = snapshot(ex.zk_delivery_address, "dok_PlatnikAdreshId")
    delivery = snapshot(ex.zk_delivery_address, "dok_AdresDostawyAdreshId")
    assert delivery is not None and delivery[1:3] != billing[1:3]
    moved = snapshot(ex.zk_moved_customer, "dok_PlatnikAdreshId")
    assert moved[0] == current(ex.moved_customer_id)[0]
    assert moved[1:3] != current(ex.moved_customer_id)[1:3]
    foreign = snapshot(ex.zk_foreign_delivery, "dok_AdresDostawyAdreshId")
    assert foreign[3] == demo.germany_id
    assert one(db, "SELECT pa_Nazwa FROM sl_Panstwo WHERE pa_Id = ?", foreign[3]) == "Niemcy"
    saved = one(
        db,
        "SELECT COUNT(*) FROM kh_AdresyDostawy k JOIN dok__Dokument d"
        " ON d.dok_AdresDostawyId = k.adk_Id AND d.dok_AdresDostawyAdreshId = k.adk_IdAdresuHist",
    )
    assert saved == one(
        db, "SELECT COUNT(*) FROM dok__Dokument WHERE dok_AdresDostawyAdreshId IS NOT NULL"
    )


def test_noise_documents(demo: DemoSummary, db: sqlite3.Connection) -> None:
    ex = demo.examples

    def doc(dok_id: int) -> tuple[object, ...]:
        return db.execute(
            "SELECT dok_Typ, dok_Podtyp, dok_Status, dok_StatusEx, dok_DoDokId FROM dok__Dokument"
            " WHERE dok_Id = ?",
            (dok_id,),
        ).fetchone()

    for zk, final, kind in (
        (ex.realized_zk_to_fs, ex.fs_from_zk, (2, 0)),
        (ex.realized_zk_to_pai, ex.pai_from_zk, (21, 2)),
        (ex.realized_zk_to_wz, ex.wz_from_zk, (11, 1)),
    ):
        assert doc(zk)[:4] == (16, 0, 8, 4)
        assert doc(final)[:2] == kind and doc(final)[4] == zk
    wz_lines = q(
        db, "SELECT ob_DokHanId, ob_DoId FROM dok_Pozycja WHERE ob_DokMagId = ?", ex.wz_from_zk
    )
    zk_line_ids = {
        r[0]
        for r in q(db, "SELECT ob_Id FROM dok_Pozycja WHERE ob_DokHanId = ?", ex.realized_zk_to_wz)
    }
    assert wz_lines and all(r[0] is None and r[1] in zk_line_ids for r in wz_lines)
    assert doc(ex.standalone_fs)[0] == 2 and doc(ex.standalone_fs)[4] is None
    assert doc(ex.receipt)[:2] == (21, 0)
    assert doc(ex.supplier_order_status5)[:3] == (15, 0, 5)
    assert doc(ex.supplier_order_status7)[:3] == (15, 0, 7)
    status_only = {
        r[0] for r in q(db, "SELECT dok_Id FROM dok__Dokument WHERE dok_Status IN (5, 6, 7)")
    }
    assert status_only - set(demo.open_zk_ids) == {
        ex.supplier_order_status5,
        ex.supplier_order_status7,
    }


def test_reservations_match_open_orders(
    variant: tuple[DemoSummary, sqlite3.Connection],
) -> None:
    demo, db = variant
    reserved: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for tow, mag, quantity in q(
        db,
        "SELECT p.ob_TowId, d.dok_MagId, p.ob_IloscMag FROM dok_Pozycja p"
        " JOIN dok__Dokument d ON d.dok_Id = p.ob_DokHanId"
        " WHERE d.dok_Typ = 16 AND d.dok_Status = 7 AND p.ob_TowRodzaj = 1",
    ):
        reserved[(int(str(tow)), int(str(mag)))] += Decimal(str(quantity))
    stock = q(db, "SELECT st_TowId, st_MagId, st_Stan, st_StanRez FROM tw_Stan")
    assert len(stock) == 2 * (demo.goods + demo.weighted_goods)
    for tow, mag, on_hand, held in stock:
        key = (int(str(tow)), int(str(mag)))
        assert Decimal(str(held)).quantize(Decimal("0.0001")) == reserved.pop(key, Decimal(0)), key
        assert Decimal(str(on_hand)) >= Decimal(str(held)), key
    assert not reserved
    ex = demo.examples
    assert (
        one(
            db,
            "SELECT st_Stan FROM tw_Stan WHERE st_TowId = ? AND st_MagId = ?",
            ex.out_of_stock_product_id,
            demo.main_warehouse_id,
        )
        == 0
    )
    tow, quantity = db.execute(
        "SELECT ob_TowId, ob_IloscMag FROM dok_Pozycja WHERE ob_DokHanId = ? ORDER BY ob_DokHanLp",
        (ex.zk_shortage,),
    ).fetchone()
    on_hand, held = db.execute(
        "SELECT st_Stan, st_StanRez FROM tw_Stan WHERE st_TowId = ? AND st_MagId = ?",
        (tow, demo.main_warehouse_id),
    ).fetchone()
    assert Decimal(str(quantity)) > Decimal(str(on_hand)) - Decimal(str(held))


def test_ids_and_counters_are_consistent(
    variant: tuple[DemoSummary, sqlite3.Connection],
) -> None:
    _, db = variant
    counters = dict(q(db, "SELECT ido_nazwa, ido_wartosc FROM ins_ident"))
    for each in TABLES:
        column = each.id_column
        if column is None:
            continue
        highest = one(db, f"SELECT MAX({column.name}) FROM {each.name}")
        if highest is None:
            continue
        assert each.name in counters, each.name
        assert counters[each.name] == int(str(highest)) + 1, each.name


# -- determinism ----------------------------------------------------------------------


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    connection.text_factory = bytes
    try:
        return {
            each.name: connection.execute(
                f"SELECT * FROM {each.name} ORDER BY {', '.join(each.primary_key)}"
            ).fetchall()
            for each in TABLES
        }
    finally:
        connection.close()


def test_same_seed_gives_the_same_data(demo: DemoSummary, tmp_path: Path) -> None:
    again = create_subiekt_database(tmp_path / "again.db", today=TODAY)
    assert again.examples == demo.examples
    assert dump(again.path) == dump(demo.path)
    other = create_subiekt_database(tmp_path / "other.db", seed=99, today=TODAY)
    assert dump(other.path)["tw__Towar"] != dump(demo.path)["tw__Towar"]


def test_recreating_replaces_the_file(demo: DemoSummary, tmp_path: Path) -> None:
    target = tmp_path / "reused.db"
    create_subiekt_database(target, seed=5, products=70, orders=25, today=TODAY)
    summary = create_subiekt_database(target, seed=5, products=70, orders=25, today=TODAY)
    assert summary.products == 70 and len(summary.open_zk_ids) == 25


# -- the helper ---------------------------------------------------------------------


def test_add_open_zk_like_a_synchronizer(demo: DemoSummary, writable: SubiektDatabase) -> None:
    ex = demo.examples
    product = ex.pack6_product_id
    before = writable.select_one(
        "tw_Stan", {"st_TowId": product, "st_MagId": demo.main_warehouse_id}
    )
    expected_id = writable.select_one("ins_ident", {"ido_nazwa": "dok__Dokument"})["ido_wartosc"]
    zk_id = writable.add_open_zk(
        ex.person_id,
        [ZkLine(product, 1, "opak."), (ex.weighted_product_id, "0.250")],
        issued=datetime(2026, 3, 16, 12, 0, 0),
        remarks="Proszę o szybką wysyłkę – źle się czuję bez kawy",
        allegro_checkout_id="29f0a3d0-5f1b-11ec-bd42-e1e3a3b9c5a1",
        delivery=Address("Żaneta Łęcka", street="ul. Źródlana", house_number="7", city="Łódź"),
    )
    assert zk_id == expected_id
    header = writable.select_one("dok__Dokument", {"dok_Id": zk_id})
    assert header["dok_Typ"] == 16 and header["dok_Status"] == 7
    assert re.fullmatch(r"ZK \d+/2026", header["dok_NrPelny"])
    assert header["dok_Uwagi"].endswith("bez kawy")
    after = writable.select_one(
        "tw_Stan", {"st_TowId": product, "st_MagId": demo.main_warehouse_id}
    )
    assert after["st_StanRez"] == before["st_StanRez"] + 6
    raw = writable.connection.execute(
        "SELECT CAST(dok_Uwagi AS BLOB) FROM dok__Dokument WHERE dok_Id = ?", (zk_id,)
    ).fetchone()[0]
    assert raw == header["dok_Uwagi"].encode("cp1250")
    delivery = writable.select_one("adr_Historia", {"adrh_Id": header["dok_AdresDostawyAdreshId"]})
    assert delivery["adrh_Nazwa"] == "Żaneta Łęcka" and delivery["adrh_Adres"] == "ul. Źródlana 7"
    field = writable.select_one(
        "pw_Dane", {"pwd_TypObiektu": -8, "pwd_IdObiektu": zk_id, "pwd_IdPozycji": None}
    )
    assert field[demo.allegro_field_column] == "29f0a3d0-5f1b-11ec-bd42-e1e3a3b9c5a1"


def test_helper_writes_like_sql_server(demo: DemoSummary, writable: SubiektDatabase) -> None:
    first = writable.next_id("tw__Towar", 3)
    assert writable.next_id("TW__TOWAR") == first + 3
    writable.insert(
        "tw__Towar",
        tw_Id=first,
        tw_Symbol="TEST-ŁÓDŹ",
        tw_Nazwa="Śledź w oleju",
        tw_JednMiary="szt.",
    )
    row = writable.select_one("tw__Towar", {"tw_Id": first})
    assert row["tw_Nazwa"] == "Śledź w oleju" and row["tw_Zablokowany"] == 0
    assert writable.update("tw__Towar", {"tw_Symbol": "TEST-ŁÓDŹ"}, tw_Nazwa="Żurek") == 1
    with pytest.raises(SubiektDataError, match="truncated"):
        writable.insert("tw__Towar", tw_Id=first + 1, tw_Symbol="X" * 21)
    with pytest.raises(SubiektDataError, match="cannot be NULL"):
        writable.insert("tw__Towar", tw_Id=first + 1, tw_Nazwa=None)
    with pytest.raises(SubiektDataError, match="computed"):
        writable.update("adr__Ewid", {"adr_Id": 1}, adr_Adres="x")
    writable.update("adr__Ewid", {"adr_IdObiektu": demo.examples.person_id, "adr_TypAdresu": 1},
                    adr_Ulica="ul. Łąkowa", adr_NrDomu="3", adr_NrLokalu="12")  # fmt: skip
    moved = writable.select_one(
        "adr__Ewid", {"adr_IdObiektu": demo.examples.person_id, "adr_TypAdresu": 1}
    )
    assert moved["adr_Adres"] == "ul. Łąkowa 3/12"
    writable.insert(
        "sl_Kategoria", kat_Id=writable.next_id("sl_Kategoria"), kat_Nazwa="Ośmiornica €"
    )
    assert writable.select("sl_Kategoria", {"kat_Nazwa": "Ośmiornica €"})
    assert writable.delete("tw__Towar", {"tw_Id": first}) == 1
    with pytest.raises(KeyError, match="no column"):
        writable.insert("tw__Towar", tw_Id=first, tw_Kolor="czerwony")
