"""Every statement sent to Subiekt parses as T-SQL and is a read-only SELECT."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from kolektor.config import FieldSource
from kolektor.subiekt import queries

STATEMENTS = queries.all_statements()


@pytest.mark.parametrize("sql", STATEMENTS, ids=[s[:60] for s in STATEMENTS])
def test_statement_parses_as_tsql_and_only_reads(sql: str) -> None:
    tree = sqlglot.parse_one(sql, read="tsql", error_level=sqlglot.ErrorLevel.RAISE)
    assert isinstance(tree, exp.Select | exp.Union)
    writes = (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop)
    assert not list(tree.find_all(*writes))
    assert tree.args.get("order") is not None or "COUNT(*)" in sql, "results need a fixed order"


def test_open_orders_are_chosen_by_type_and_status_never_by_number_prefix() -> None:
    for sql in STATEMENTS:
        assert "LIKE" not in sql.upper()
    sql, params = queries.open_orders(queries.OrderFilter())
    assert "d.dok_Typ = 16 AND d.dok_Status IN (5, 6, 7)" in sql
    assert params == []


def test_filters_add_conditions_and_parameters_in_order() -> None:
    where, params = queries.OrderFilter(
        warehouses=(1, 2), categories=(7,), flags=(3,), flag_object_type=-8
    ).where()
    assert where == (
        "d.dok_Typ = 16 AND d.dok_Status IN (5, 6, 7)"
        " AND d.dok_MagId IN (?, ?) AND d.dok_KatId IN (?)"
        " AND EXISTS (SELECT 1 FROM fl_Wartosc fw WHERE fw.flw_IdObiektu = d.dok_Id"
        " AND fw.flw_TypObiektu = ? AND fw.flw_IdFlagi IN (?))"
    )
    assert params == [1, 2, 7, -8, 3]


def test_id_lists_are_chunked_below_sql_servers_parameter_limit() -> None:
    ids = list(range(1234))
    parts = list(queries.chunks(ids))
    assert [len(p) for p in parts] == [500, 500, 234]
    assert [i for p in parts for i in p] == ids
    assert queries.order_lines(parts[0]).count("?") == 500 < 2100


def test_location_column_comes_only_from_validated_sources() -> None:
    assert "t.tw_Pole3 AS location" in queries.products([1], FieldSource("tw_Pole3"))
    custom = queries.products([1], FieldSource("pwd_Tekst02", custom=True))
    assert "pwd_Tekst02" not in custom  # read separately from pw_Dane
