"""docs/inpost.md says what the code does: its tables of settings, services, options and
InPost's complaints in words are read from the page and compared with the code."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from kolektor.i18n import t
from kolektor.shipping.inpost import InPostSettings
from kolektor.shipping.inpost_request import OPTIONS, SERVICES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "inpost.md"


def table(heading: str) -> list[list[str]]:
    """The first Markdown table after the line ``heading``, as rows of cells (no header)."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return rows[2:]


def codes(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_the_settings_table_lists_every_setting_with_its_default() -> None:
    rows = {
        codes(name)[0]: default
        for name, default, _ in table("The client's settings (`InPostSettings`):")
    }
    fields = {f.name: f.default for f in dataclasses.fields(InPostSettings)}

    assert set(rows) == set(fields) - {"user_agent"}
    assert rows["timeout"] == f"{fields['timeout']:g} s"
    assert rows["poll_interval"] == f"{fields['poll_interval']:g} s"
    assert rows["find_lookback_days"] == str(fields["find_lookback_days"])
    assert rows["find_max_pages"] == str(fields["find_max_pages"])
    assert rows["statuses_ttl"] == f"{fields['statuses_ttl'] / 3600:g} h"
    assert rows["language"] == f"`{fields['language']}`"


def test_the_services_table_lists_the_services_kolektor_sends() -> None:
    listed = set()
    for cell, *_ in table("## Services and parcels"):
        names = codes(cell)
        listed |= {names[0], *(names[0].rsplit("_", 1)[0] + n for n in names[1:])}

    assert listed == set(SERVICES)


def test_the_options_table_lists_the_rule_options() -> None:
    assert [codes(row[0])[0] for row in table("### Options a rule may give")] == list(OPTIONS)


def test_the_complaints_table_shows_the_catalog_words() -> None:
    for keys, words in table("### InPost's complaints per field"):
        expected = " / ".join(dict.fromkeys(t(f"inpost.detail.{key}", "pl") for key in codes(keys)))
        assert words == expected, keys
