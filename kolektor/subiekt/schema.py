"""The subset of Subiekt GT's MS SQL schema that Kolektor reads and the Subiekt simulator writes.

Exact table and column names, SQL Server types and lengths, ``NULL``-ability, defaults,
primary keys and indexes, as in a real Subiekt GT database (sources and conventions in
:mod:`kolektor.subiekt.schema_tables`, which holds the column data).  What the tables are
for, in short:

* ``dok__Dokument`` / ``dok_Pozycja`` / ``dok_Vat`` — every document (ZK orders, FS
  invoices, PA receipts, WZ goods issues, ZD supplier orders…), its lines and VAT summary;
* ``kh__Kontrahent`` with ``adr__Ewid`` (current name, address, NIP), ``adr_Historia``
  (address snapshots printed on documents), ``adr_Email``, ``tel__Ewid`` and
  ``kh_AdresyDostawy`` — customers and suppliers;
* ``tw__Towar`` with ``tw_KodKreskowy`` (more barcodes, packs), ``tw_JednMiary``
  (alternative units), ``tw_Stan`` (stock and reservations per warehouse) and ``tw_Cena``
  (prices) — products;
* dictionaries ``sl_Magazyn``, ``sl_StawkaVAT``, ``sl_Kategoria``, ``sl_Panstwo``,
  ``sl_FormaPlatnosci``; flags ``fl_Grupy``/``fl__Flagi``/``fl_Wartosc``; extended custom
  fields ``pw_Pole``/``pw_Dane``; the id counters ``ins_ident``; numbering options
  ``nr_Parametr``.

:func:`ddl_statements` renders ``CREATE TABLE``/``CREATE INDEX`` statements that are valid
T-SQL and run unchanged on SQLite (no IDENTITY — Subiekt has none —, no brackets, table-level
``PRIMARY KEY``).  On SQLite the declared types give the right affinities: ``varchar``/
``char`` text, ``int`` integer, ``money``/``bit``/``datetime``/``decimal`` numeric.

Text columns are ``varchar``/``char`` in **Windows-1250**: their length limits count bytes
of that code page, and ``char(n)`` values are padded with spaces to ``n``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kolektor.subiekt.schema_tables import ALL_TABLES, TableSpec

TEXT_ENCODING = "cp1250"
"""Code page of Subiekt's ``varchar`` columns (Polish Windows)."""

_TYPE = re.compile(r"(?P<base>[a-z]+)(?:\((?P<args>[0-9, ]+)\))?")
_KNOWN_TYPES = frozenset(
    {"int", "smallint", "bit", "money", "datetime", "varchar", "char", "decimal"}
)


@dataclass(frozen=True, slots=True)
class Column:
    """One column: SQL Server type as declared (``varchar(30)``, ``money``…)."""

    name: str
    sql_type: str
    nullable: bool
    default: str | None = None
    """SQL literal of the column's default (``''``, ``0``, ``'PLN'``), None when it has none."""
    note: str = ""

    @property
    def base_type(self) -> str:
        """``varchar`` for ``varchar(30)``."""
        return _parse_type(self.sql_type)[0]

    @property
    def length(self) -> int | None:
        """Maximum length in bytes of a ``varchar``/``char`` column, else None."""
        base, args = _parse_type(self.sql_type)
        return args[0] if base in {"varchar", "char"} else None

    @property
    def is_text(self) -> bool:
        return self.base_type in {"varchar", "char"}

    @property
    def is_fixed_length(self) -> bool:
        """``char(n)``: SQL Server pads the value with spaces to ``n``."""
        return self.base_type == "char"

    @property
    def required(self) -> bool:
        """``NOT NULL`` without a default: an ``INSERT`` must give a value."""
        return not self.nullable and self.default is None

    def ddl(self) -> str:
        parts = [self.name, self.sql_type, "NULL" if self.nullable else "NOT NULL"]
        if self.default is not None:
            parts.append(f"DEFAULT {self.default}")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table: exact name, purpose (``doc``), columns, primary key and indexes."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    indexes: tuple[Index, ...] = ()

    def column(self, name: str) -> Column:
        """The column called ``name`` (case-insensitive, as the database's collation);
        ``KeyError`` naming the table when there is none."""
        wanted = name.lower()
        for column in self.columns:
            if column.name.lower() == wanted:
                return column
        raise KeyError(f"{self.name} has no column {name!r} in Kolektor's schema subset")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def id_column(self) -> Column | None:
        """The single ``int`` primary key allocated from ``ins_ident``, if the table has one."""
        if len(self.primary_key) == 1:
            column = self.column(self.primary_key[0])
            if column.base_type == "int":
                return column
        return None

    def create_table_sql(self) -> str:
        lines = [f"    {column.ddl()}" for column in self.columns]
        lines.append(f"    PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(lines) + "\n)"

    def create_index_sql(self) -> list[str]:
        return [
            f"CREATE {'UNIQUE ' if index.unique else ''}INDEX {index.name}"
            f" ON {self.name} ({', '.join(index.columns)})"
            for index in self.indexes
        ]


def _parse_type(sql_type: str) -> tuple[str, tuple[int, ...]]:
    match = _TYPE.fullmatch(sql_type)
    if match is None or match["base"] not in _KNOWN_TYPES:
        raise ValueError(f"unsupported column type {sql_type!r}")
    args = match["args"]
    numbers = tuple(int(part) for part in args.split(",")) if args else ()
    return match["base"], numbers


def _parse_columns(spec: str) -> tuple[Column, ...]:
    """Columns from the text table of a :class:`TableSpec` (format in ``schema_tables``)."""
    columns: list[Column] = []
    for raw in spec.splitlines():
        text, _, note = raw.partition("--")
        words = text.split()
        if not words:
            continue
        name, sql_type, *rest = words
        nullable = False
        default: str | None = None
        if rest and rest[0] == "NULL":
            nullable = True
            rest = rest[1:]
        if rest:
            if rest[0] != "DEFAULT" or len(rest) != 2:
                raise ValueError(f"cannot read column line {raw.strip()!r}")
            default = rest[1]
        _parse_type(sql_type)
        columns.append(Column(name, sql_type, nullable, default, note.strip()))
    return tuple(columns)


def _build(spec: TableSpec) -> Table:
    columns = _parse_columns(spec.columns)
    table = Table(
        name=spec.name,
        doc=" ".join(spec.doc.split()),
        columns=columns,
        primary_key=spec.primary_key,
        indexes=tuple(Index(name, cols, unique) for name, cols, unique in spec.indexes),
    )
    names = [column.name.lower() for column in columns]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate column in {spec.name}")
    for name in (*table.primary_key, *(c for index in table.indexes for c in index.columns)):
        table.column(name)
    return table


TABLES: tuple[Table, ...] = tuple(_build(spec) for spec in ALL_TABLES)
"""Every table of the subset, in an order that respects their references."""

TABLES_BY_NAME: Mapping[str, Table] = MappingProxyType(
    {table.name.lower(): table for table in TABLES}
)
"""Tables by lower-cased name (SQL Server's collation is case-insensitive)."""


def table(name: str) -> Table:
    """The table called ``name`` (case-insensitive); ``KeyError`` when it is not modelled."""
    try:
        return TABLES_BY_NAME[name.lower()]
    except KeyError:
        raise KeyError(f"table {name!r} is not in Kolektor's Subiekt schema subset") from None


def iter_columns() -> Iterator[tuple[Table, Column]]:
    for each in TABLES:
        for column in each.columns:
            yield each, column


def ddl_statements() -> list[str]:
    """``CREATE TABLE`` for every table, then ``CREATE INDEX`` for every index.

    Valid T-SQL (SQL Server) that also runs unchanged on SQLite."""
    statements = [each.create_table_sql() for each in TABLES]
    for each in TABLES:
        statements.extend(each.create_index_sql())
    return statements
