"""The statistics as a CSV file that Excel opens as it is in Poland.

Polish Excel reads a CSV with the list separator of Polish Windows — ``;`` — and decimal
commas, and takes a file as UTF-8 only when it starts with a byte-order mark; so this file
is UTF-8 with a BOM, ``;`` between fields, ``"`` around a field that needs it (RFC 4180),
``\\r\\n`` line ends, decimal commas and no thousands separators, whatever the language of
the column names.  Empty means "nothing to average".  A text that Excel would take as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading ``'``.

Rows: each period's operators (by login) and then everyone together in that period; then
each operator over the whole range and everyone over the whole range (the period column
says ``<from>–<to>``).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Final

from kolektor.i18n import Language, t
from kolektor.store.stats import Figures, Stats

COLUMNS: Final = (
    "period", "login", "operator", "orders", "lines", "units", "scans", "wrong_scans",
    "over_picks", "shortages", "typed", "minutes_per_order", "minutes_per_line",
    "to_packed_median", "to_packed_average", "to_done_median", "to_done_average",
)  # fmt: skip
"""The columns in order; their headers are ``panel.stats.col.<column>``."""
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else str(value).replace(".", ",")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _figures(figures: Figures) -> list[str]:
    return [
        str(figures.orders), str(figures.lines), _decimal(figures.units), str(figures.scans),
        str(figures.wrong_scans), str(figures.over_picks), str(figures.shortages),
        str(figures.typed), _decimal(figures.minutes_per_order),
        _decimal(figures.minutes_per_line), _decimal(figures.to_packed.median),
        _decimal(figures.to_packed.average), _decimal(figures.to_done.median),
        _decimal(figures.to_done.average),
    ]  # fmt: skip


def stats_csv(stats: Stats, language: Language) -> bytes:
    """The file, column names in ``language``."""
    everyone = t("panel.stats.all_operators", language)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"panel.stats.col.{column}", language) for column in COLUMNS])
    for label in stats.periods:
        for person in stats.operators:
            if label in person.periods:
                writer.writerow([label, _text(person.login), _text(person.name),
                                 *_figures(person.periods[label])])  # fmt: skip
        writer.writerow([label, "", everyone, *_figures(stats.period_totals[label])])
    whole = f"{stats.query.first.isoformat()}–{stats.query.last.isoformat()}"
    for person in stats.operators:
        writer.writerow([whole, _text(person.login), _text(person.name),
                         *_figures(person.totals)])  # fmt: skip
    writer.writerow([whole, "", everyone, *_figures(stats.totals)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_filename(stats: Stats) -> str:
    """``kolektor-statystyki-<from>-<to>.csv``."""
    query = stats.query
    return f"kolektor-statystyki-{query.first.isoformat()}-{query.last.isoformat()}.csv"
