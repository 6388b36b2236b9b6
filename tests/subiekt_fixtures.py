"""Pytest plugin: the demo Subiekt database, made by the same generator as ``make demo``.

``demo_db`` is built once per session and must not be changed; tests that change Subiekt's
data take ``subiekt_db``, a private copy.
"""

from __future__ import annotations

import re
import shutil
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
