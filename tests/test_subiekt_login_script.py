"""``scripts/subiekt-readonly-login.sql`` grants SELECT on exactly the tables Kolektor reads.

The script is parsed as T-SQL with sqlglot (batch by batch, split on ``GO`` as sqlcmd and
SSMS do); the tables it grants are compared with the tables named by every statement Kolektor
sends to Subiekt: the intake's (``kolektor.subiekt.queries``), the writer's look-ups
(``kolektor.finalize.writer``) and the document loader's (``kolektor.documents.subiekt``) —
all three run on the connection ``[subiekt] connection_string`` opens, i.e. as this login.
A query that reads a table the script does not grant fails here, and so does a module that
opens its own connection to Subiekt without its statements being counted.

The script is never run here: no SQL Server is reachable. What it does on one is argued in
its comments and docs/install.md, and not verified.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterable
from pathlib import Path

import sqlglot
from sqlglot import exp

from kolektor.documents import subiekt as document_reads
from kolektor.finalize.writer import LOOKUP_STATEMENTS
from kolektor.subiekt import queries, schema

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "subiekt-readonly-login.sql"
LOGIN = "kolektor"

READING_MODULES = {
    "kolektor/subiekt/queries.py",
    "kolektor/subiekt/reader.py",
    "kolektor/finalize/writer.py",
    "kolektor/documents/subiekt.py",
}
"""The modules whose SQL runs as the read-only login (reader.py runs queries.py's)."""


def subiekt_statements() -> list[str]:
    """Every statement shape Kolektor sends to Subiekt's database."""
    return [
        *queries.all_statements(),
        *LOOKUP_STATEMENTS,
        *document_reads.all_statements(),
    ]


def tables_read(statements: Iterable[str]) -> set[str]:
    """The tables the statements name (joins and subqueries included)."""
    found: set[str] = set()
    for sql in statements:
        tree = sqlglot.parse_one(sql, read="tsql", error_level=sqlglot.ErrorLevel.RAISE)
        found |= {table.name for table in tree.find_all(exp.Table)}
    return found


def batches(text: str) -> list[str]:
    """The script's batches: ``GO`` alone on a line separates them (sqlcmd, SSMS)."""
    return [batch for batch in re.split(r"(?im)^[ \t]*GO[ \t]*$", text) if batch.strip()]


def parsed(text: str) -> list[list[exp.Expression]]:
    """Each batch parsed as T-SQL.  sqlglot keeps CREATE LOGIN/USER as raw commands and
    logs that it does; the statements are still separated and the GRANTs fully parsed."""
    result = []
    previous = logging.getLogger("sqlglot").level
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    try:
        for batch in batches(text):
            trees = sqlglot.parse(batch, read="tsql", error_level=sqlglot.ErrorLevel.RAISE)
            result.append([tree for tree in trees if tree is not None])
    finally:
        logging.getLogger("sqlglot").setLevel(previous)
    return result


def grants(text: str) -> list[exp.Grant]:
    return [grant for batch in parsed(text) for tree in batch for grant in tree.find_all(exp.Grant)]


def granted_tables(text: str) -> set[str]:
    """The tables the script grants to the login; any GRANT of anything else fails."""
    tables = set()
    for grant in grants(text):
        privileges = {p.this.name.upper() for p in grant.args["privileges"]}
        assert privileges == {"SELECT"}, grant.sql("tsql")
        principals = {p.this.name for p in grant.args["principals"]}
        assert principals == {LOGIN}, grant.sql("tsql")
        securable = grant.args["securable"]
        assert isinstance(securable, exp.Table), grant.sql("tsql")
        assert securable.db == "dbo", grant.sql("tsql")
        tables.add(securable.name)
    return tables


def missing_grants(statements: Iterable[str], script: str) -> set[str]:
    return tables_read(statements) - granted_tables(script)


SCRIPT_TEXT = SCRIPT.read_text("utf-8")


def test_the_script_grants_select_on_exactly_the_tables_kolektor_reads() -> None:
    read = tables_read(subiekt_statements())
    granted = granted_tables(SCRIPT_TEXT)
    assert read - granted == set(), "tables Kolektor reads but the login may not"
    assert granted - read == set(), "tables granted that Kolektor never reads"
    assert len(granted) == len(grants(SCRIPT_TEXT)), "each table granted once"


def test_a_query_reading_a_new_table_fails_the_comparison() -> None:
    new_query = "SELECT c.tc_CenaBrutto1 FROM tw_Cena c WHERE c.tc_IdTowar = ? ORDER BY c.tc_Id"
    assert missing_grants([*subiekt_statements(), new_query], SCRIPT_TEXT) == {"tw_Cena"}
    joined = "SELECT d.dok_Id FROM dok__Dokument d JOIN sl_Waluta w ON w.wl_Symbol = d.dok_Waluta"
    assert missing_grants([joined], SCRIPT_TEXT) == {"sl_Waluta"}


def test_every_module_that_reads_subiekt_is_counted() -> None:
    """Only the modules above open connections to Subiekt (``connect`` of
    ``kolektor.subiekt.connection``, or pyodbc itself), and the tables after FROM/JOIN in
    their source — f-strings too — are all granted."""
    opening = set()
    for path in sorted((ROOT / "kolektor").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "kolektor/subiekt/connection.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            imports_connect = (
                isinstance(node, ast.ImportFrom)
                and node.module == "kolektor.subiekt.connection"
                and any(alias.name == "connect" for alias in node.names)
            )
            calls_pyodbc = (
                isinstance(node, ast.Attribute)
                and node.attr == "connect"
                and isinstance(node.value, ast.Name)
                and node.value.id == "pyodbc"
            )
            if imports_connect or calls_pyodbc:
                opening.add(relative)
    assert opening <= READING_MODULES, "count this module's statements in subiekt_statements()"
    granted = granted_tables(SCRIPT_TEXT)
    for relative in sorted(READING_MODULES):
        source = (ROOT / relative).read_text("utf-8")
        named = set(re.findall(r"\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)", source))
        assert named <= granted, f"{relative} reads {sorted(named - granted)}"


def test_granted_tables_are_subiekts_own_names() -> None:
    for table in granted_tables(SCRIPT_TEXT):
        assert schema.table(table).name == table  # exact spelling of the real schema


def test_nothing_but_select_is_given() -> None:
    upper = re.sub(r"(?m)--.*$", "", SCRIPT_TEXT).upper()
    for forbidden in (
        "DB_DATAREADER", "DB_OWNER", "SP_ADDROLEMEMBER", "ALTER ROLE", "ALTER SERVER ROLE",
        "GRANT EXECUTE", "GRANT INSERT", "GRANT UPDATE", "GRANT DELETE", "GRANT CONTROL",
        "GRANT ALTER", "SYSADMIN",
    ):  # fmt: skip
        assert forbidden not in upper, forbidden
    assert upper.count("GRANT ") == len(grants(SCRIPT_TEXT))


def commands(batch: list[exp.Expression]) -> list[str]:
    return [
        " ".join(f"{node.this} {node.expression}".split()).upper()
        for tree in batch
        for node in tree.find_all(exp.Command)
    ]


def batch_running(command: str) -> list[exp.Expression]:
    """The one batch with a raw command starting with ``command``."""
    (batch,) = [b for b in parsed(SCRIPT_TEXT) if any(c.startswith(command) for c in commands(b))]
    return batch


def test_login_and_user_are_created_only_when_missing() -> None:
    login = batch_running("CREATE LOGIN [KOLEKTOR] WITH PASSWORD")
    (block,) = login
    assert isinstance(block, exp.IfBlock)
    assert block.this.sql("tsql").startswith("NOT EXISTS(SELECT 1 FROM sys.server_principals")
    assert len(commands(login)) == 1

    user = batch_running("CREATE USER")
    (block,) = user
    assert isinstance(block, exp.IfBlock)
    assert block.this.sql("tsql").startswith("NOT EXISTS(SELECT 1 FROM sys.database_principals")
    assert commands(user) == [
        "CREATE USER [KOLEKTOR] FOR LOGIN [KOLEKTOR]",
        "ALTER USER [KOLEKTOR] WITH LOGIN = [KOLEKTOR]",
    ]


def test_placeholders_are_marked_and_guarded() -> None:
    code = re.sub(r"(?m)--.*$", "", SCRIPT_TEXT)
    assert code.count("<HASLO>") == 1 and "PASSWORD = N'<HASLO>'" in code
    assert code.count("<BAZA>") == 1 and "USE [<BAZA>];" in code
    # The password check spells the placeholder in pieces, so Replace All leaves it be.
    assert "PWDCOMPARE(N'<HAS' + N'LO>', password_hash) = 1" in code
    assert "OBJECT_ID(N'dbo.dok__Dokument', N'U') IS NULL" in code
    assert code.count("SET NOEXEC ON;") == 2 and code.rstrip().endswith("SET NOEXEC OFF;\nGO")
    # Both guards come before the user and the GRANTs, the password guard after the login.
    order = [code.index(s) for s in ("USE [<BAZA>]", "OBJECT_ID(", "CREATE LOGIN",
                                     "PWDCOMPARE(", "CREATE USER", "GRANT ")]  # fmt: skip
    assert order == sorted(order)
