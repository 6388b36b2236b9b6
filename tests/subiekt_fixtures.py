"""Pytest plugin: the demo Subiekt database, made by the same generator as ``make demo``.

``demo_db`` is built once per session and must not be changed; tests that change Subiekt's
data take ``subiekt_db``, a private copy.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from kolektor.config import (
    ExternalIdRule,
    FieldSource,
    SubiektSettings,
    default_external_id_rules,
)
from kolektor.demo.generator import DemoSummary, create_subiekt_database
from kolektor.demo.run import odbc_connection_string


def settings_for(path: Path, **changes: object) -> SubiektSettings:
    """Reader settings for a demo database file, like the demo's configuration."""
    rules = (
        *default_external_id_rules()[:1],
        ExternalIdRule(FieldSource("pwd_Tekst01", custom=True), re.compile(r"(?P<id>\S+)")),
        ExternalIdRule(FieldSource("dok_NrPelnyOryg"), re.compile(r"(?P<id>SKLEP-[0-9-]+)")),
    )
    base = SubiektSettings(
        connection_string=odbc_connection_string(path),
        external_id=rules,
        query_timeout=10,
        login_timeout=5,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    path = tmp_path_factory.mktemp("subiekt") / "subiekt-demo.db"
    return create_subiekt_database(path)


@pytest.fixture
def subiekt_db(demo_db: DemoSummary, tmp_path: Path) -> DemoSummary:
    """A private copy of the demo database that the test may change."""
    path = tmp_path / "subiekt.db"
    shutil.copyfile(demo_db.path, path)
    return replace(demo_db, path=path)


def weighed_line_as_in_issue(summary: DemoSummary) -> tuple[int, int]:
    """Set the demo's weighed ZK line to 1.467 kg, as in issue 11's example; (ZK id, line id)."""
    zk_id = summary.examples.zk_weighted_line
    with sqlite3.connect(summary.path) as db:
        (line_id,) = db.execute(
            "SELECT ob_Id FROM dok_Pozycja WHERE ob_DokHanId = ? AND ob_Jm = 'kg' "
            "ORDER BY ob_DokHanLp LIMIT 1",
            (zk_id,),
        ).fetchone()
        db.execute(
            "UPDATE dok_Pozycja SET ob_Ilosc = '1.467', ob_IloscMag = '1.467' WHERE ob_Id = ?",
            (line_id,),
        )
    return zk_id, line_id
