"""The Subiekt GT schema subset: valid T-SQL, runs on SQLite, exact names and types."""

from __future__ import annotations

import sqlite3

import pytest
import sqlglot
from sqlglot import exp

from kolektor.subiekt import schema
from kolektor.subiekt.schema import Column, ddl_statements, table


@pytest.fixture(scope="module")
def sqlite_db() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    for statement in ddl_statements():
        connection.execute(statement)
    return connection


@pytest.mark.parametrize("statement", ddl_statements(), ids=lambda s: " ".join(s.split()[:3]))
def test_every_statement_is_tsql_and_runs_on_sqlite(statement: str) -> None:
    parsed = sqlglot.parse_one(statement, read="tsql")
    assert isinstance(parsed, exp.Create)
    connection = sqlite3.connect(":memory:")
    if "INDEX" in statement.split("(")[0]:
        table_name = statement.split(" ON ")[1].split()[0]
        connection.execute(table(table_name).create_table_sql())
    connection.execute(statement)


def test_tsql_parse_keeps_every_column_and_type() -> None:
    for each in schema.TABLES:
        parsed = sqlglot.parse_one(each.create_table_sql(), read="tsql")
        defs = list(parsed.find_all(exp.ColumnDef))
        assert [d.name for d in defs] == list(each.column_names)
        for definition, column in zip(defs, each.columns, strict=True):
            rendered = definition.args["kind"].sql("tsql").lower().replace(" ", "")
            expected = "integer" if column.sql_type == "int" else column.sql_type
            assert rendered == expected, (each.name, column.name, rendered)


def test_sqlite_sees_names_nullability_defaults_and_keys(sqlite_db: sqlite3.Connection) -> None:
    for each in schema.TABLES:
        info = sqlite_db.execute(f"PRAGMA table_info({each.name})").fetchall()
        assert [row[1] for row in info] == list(each.column_names)
        for row, column in zip(info, each.columns, strict=True):
            _, name, declared, notnull, default, pk = row
            assert declared.lower() == column.sql_type, name
            assert bool(notnull) is not column.nullable, name
            assert default == column.default, name
            expected_pk = each.primary_key.index(name) + 1 if name in each.primary_key else 0
            assert pk == expected_pk, name


def test_all_tables_created(sqlite_db: sqlite3.Connection) -> None:
    names = {
        row[0] for row in sqlite_db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert names == {each.name for each in schema.TABLES}
    indexes = {
        row[0] for row in sqlite_db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    assert {"IX_dok__Dokument", "IX_dok__Dokument_4", "IX_dok_Pozycja", "IX_pw_Dane"} <= indexes


@pytest.mark.parametrize(
    ("table_name", "column_name", "sql_type", "nullable", "default"),
    [
        ("dok__Dokument", "dok_NrPelnyOryg", "varchar(30)", False, "''"),
        ("dok__Dokument", "dok_NrPelny", "varchar(30)", False, "''"),
        ("dok__Dokument", "dok_Uwagi", "varchar(500)", False, "''"),
        ("dok__Dokument", "dok_UwagiExt", "varchar(3500)", False, "''"),
        ("dok__Dokument", "dok_Tytul", "varchar(50)", False, "''"),
        ("dok__Dokument", "dok_NrRoz", "char(3)", True, "''"),
        ("dok__Dokument", "dok_Waluta", "char(3)", True, None),
        ("dok__Dokument", "dok_StatusEx", "int", True, "0"),
        ("dok__Dokument", "dok_StatusFiskal", "int", False, None),
        ("dok__Dokument", "dok_DoDokId", "int", True, None),
        ("dok__Dokument", "dok_DataWyst", "datetime", False, None),
        ("dok__Dokument", "dok_WartBrutto", "money", False, None),
        ("dok_Pozycja", "ob_IloscMag", "money", False, None),
        ("dok_Pozycja", "ob_Jm", "varchar(10)", True, None),
        ("dok_Pozycja", "ob_Znak", "smallint", False, "1"),
        ("kh__Kontrahent", "kh_Symbol", "varchar(20)", False, None),
        ("kh__Kontrahent", "kh_EMail", "varchar(255)", False, "''"),
        ("kh__Kontrahent", "kh_Osoba", "bit", False, None),
        ("adr__Ewid", "adr_NIP", "varchar(20)", False, "''"),
        ("adr__Ewid", "adr_Nazwa", "varchar(53)", False, "''"),
        ("adr_Historia", "adrh_NazwaPelna", "varchar(255)", False, None),
        ("adr_Historia", "adrh_IdPanstwo", "int", True, "1"),
        ("tw__Towar", "tw_PodstKodKresk", "varchar(20)", False, "''"),
        ("tw__Towar", "tw_Nazwa", "varchar(50)", False, "''"),
        ("tw__Towar", "tw_Pole1", "varchar(50)", False, "''"),
        ("tw_KodKreskowy", "kk_Ilosc", "money", True, None),
        ("tw_JednMiary", "jm_IdJednMiary", "varchar(10)", False, "''"),
        ("tw_Stan", "st_StanRez", "money", False, None),
        ("tw_Cena", "tc_IdWaluta0", "char(3)", False, "'PLN'"),
        ("sl_Magazyn", "mag_Symbol", "varchar(3)", False, None),
        ("tel__Ewid", "tel_SMS", "bit", False, None),
        ("pw_Dane", "pwd_Tekst01", "varchar(255)", True, None),
        ("pw_Pole", "pwp_Pole", "varchar(128)", False, None),
        ("ins_ident", "ido_wartosc", "int", False, "1"),
        ("ins_ident", "ido_minIdValue", "int", True, None),
        ("fl_Wartosc", "flw_Komentarz", "varchar(1000)", False, "''"),
    ],
)
def test_exact_column_facts(
    table_name: str, column_name: str, sql_type: str, nullable: bool, default: str | None
) -> None:
    column = table(table_name).column(column_name)
    assert column.name == column_name
    assert column.sql_type == sql_type
    assert column.nullable is nullable
    assert column.default == default


def test_keys_and_indexes() -> None:
    assert table("tw_Stan").primary_key == ("st_TowId", "st_MagId")
    assert table("fl_Wartosc").primary_key == (
        "flw_IdGrupyFlag",
        "flw_TypObiektu",
        "flw_IdObiektu",
    )
    assert table("ins_ident").primary_key == ("ido_nazwa",)
    assert table("nr_Parametr").primary_key == ("np_Typ", "np_DefiniowalnyId")
    indexes = {index.name: index for index in table("dok__Dokument").indexes}
    assert indexes["IX_dok__Dokument"].columns == ("dok_DoDokId", "dok_Typ", "dok_Podtyp")
    assert indexes["IX_dok__Dokument_6"].columns == ("dok_Status", "dok_Id")
    unique = {index.name for index in table("tw_KodKreskowy").indexes if index.unique}
    assert unique == {"IX_tw_KodKreskowy"}


def test_no_identity_and_no_invented_columns() -> None:
    text = "\n".join(ddl_statements()).upper()
    assert "IDENTITY" not in text and "AUTOINCREMENT" not in text and "[" not in text
    for table_name, invented in (
        ("tw__Towar", "tw_EAN"),
        ("tw__Towar", "tw_Aktywny"),
        ("tw__Towar", "tw_Lokalizacja"),
        ("kh__Kontrahent", "kh_Nazwa"),
        ("dok__Dokument", "dok_NumerPelny"),
        ("ins_ident", "ii_Tabela"),
    ):
        with pytest.raises(KeyError, match="no column"):
            table(table_name).column(invented)


def test_lookup_is_case_insensitive_like_the_collation() -> None:
    assert table("DOK__DOKUMENT").name == "dok__Dokument"
    assert table("dok__Dokument").column("DOK_NRPELNY").name == "dok_NrPelny"
    with pytest.raises(KeyError, match="not in Kolektor"):
        table("dok_Nieistniejaca")


def test_column_helpers() -> None:
    nr_roz = table("dok__Dokument").column("dok_NrRoz")
    assert nr_roz.is_text and nr_roz.is_fixed_length and nr_roz.length == 3
    assert not nr_roz.required
    assert table("kh__Kontrahent").column("kh_Symbol").required
    assert table("dok__Dokument").column("dok_WartBrutto").length is None
    assert table("dok__Dokument").id_column == table("dok__Dokument").column("dok_Id")
    assert table("tw_Stan").id_column is None
    assert Column("x", "decimal(18,4)", True).ddl() == "x decimal(18,4) NULL"


def test_unreadable_column_line_is_rejected() -> None:
    with pytest.raises(ValueError, match="cannot read"):
        schema._parse_columns("dok_Id int NULL DEFUALT 0")
    with pytest.raises(ValueError, match="unsupported column type"):
        schema._parse_columns("dok_Id nvarchar(10)")


def test_every_query_kolektor_runs_resolves_against_the_schema(
    sqlite_db: sqlite3.Connection,
) -> None:
    from kolektor.subiekt import queries

    for statement in queries.all_statements():
        sqlite_db.execute(statement, [None] * statement.count("?")).fetchall()
