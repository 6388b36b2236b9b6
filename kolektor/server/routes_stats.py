"""The floor's statistics for the office: JSON, a CSV file for a spreadsheet and bar charts
as SVG (``docs/api.md``, *Statistics*; roles: ``docs/security.md``).

All three take the same query parameters (:func:`stats_query`) and count the same way
(:mod:`kolektor.store.stats`).  The CSV file and the charts are opened by the browser
itself (a download link, an ``<img>``), which sends no ``Accept-Language`` of the panel's
choosing, so they also take ``lang``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

import trio
from quart import Quart, Response, jsonify, request

from kolektor.auth.service import OFFICE_ROLES
from kolektor.i18n import LANGUAGES, Language
from kolektor.server import access
from kolektor.server.access import ApiError
from kolektor.server.app import AppState, language
from kolektor.stats_chart import Metric, SeriesKind, render_chart
from kolektor.stats_csv import csv_filename, stats_csv
from kolektor.store.stats import (
    MAX_DAYS,
    PARTS,
    Grouping,
    Part,
    Stats,
    StatsQuery,
    Tallies,
    UnknownOperator,
    people_of,
    stats_json,
    summarize,
    today,
)

DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST: Final = date(2000, 1, 1)
LATEST: Final = date(2099, 12, 31)
DEFAULT_DAYS: Final = 7
"""Without ``from``: the week up to ``to`` (today)."""
MAX_LOGIN: Final = 64


def _date_arg(name: str) -> date | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = date.fromisoformat(raw) if DATE.fullmatch(raw) else None
    except ValueError:
        value = None
    if value is None or not EARLIEST <= value <= LATEST:
        raise ApiError(
            400, "bad_parameter", "api.stats.bad_date", extra={"parameter": name}, name=name,
            value=raw[:40], earliest=EARLIEST.isoformat(), latest=LATEST.isoformat(),
        )  # fmt: skip
    return value


def _choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if raw not in choices:
        raise ApiError(400, "bad_parameter", "api.stats.bad_choice", extra={"parameter": name},
                       name=name, value=raw[:40], allowed=", ".join(choices))  # fmt: skip
    return raw


def stats_query() -> StatsQuery:
    """The request's ``from``, ``to``, ``group`` and ``operator``; :class:`ApiError` 400
    ``bad_parameter`` naming what is wrong."""
    last = _date_arg("to") or today()
    first = _date_arg("from") or max(last - timedelta(days=DEFAULT_DAYS - 1), EARLIEST)
    group = Grouping(_choice("group", tuple(g.value for g in Grouping), Grouping.DAY.value))
    if first > last:
        raise ApiError(400, "bad_parameter", "api.stats.range_reversed",
                       extra={"parameter": "from"}, first=first.isoformat(),
                       last=last.isoformat())  # fmt: skip
    days = (last - first).days + 1
    if days > MAX_DAYS[group]:
        raise ApiError(
            400, "bad_parameter", "api.stats.range_too_long", extra={"parameter": "from"},
            days=days, most=MAX_DAYS[group], first=first.isoformat(), last=last.isoformat(),
            grouping_key=f"panel.stats.grouping.{group.value}",
        )  # fmt: skip
    operator = request.args.get("operator") or None
    if operator is not None and (len(operator) > MAX_LOGIN or not operator.strip()):
        raise ApiError(400, "bad_parameter", extra={"parameter": "operator"}, name="operator",
                       value=operator[:40])  # fmt: skip
    return StatsQuery(first, last, group, operator)


def _file_language() -> Language:
    """``lang`` when given, else the request's ``Accept-Language``."""
    chosen = _choice("lang", tuple(LANGUAGES), "")
    return chosen if chosen else language()  # type: ignore[return-value]


def register(app: Quart, state: AppState) -> None:
    config = state.config

    async def gather() -> Stats:
        """The statistics of the request's query, their parts read at once (each on a
        connection of its own: on a big store they take about as long each)."""
        query = stats_query()
        try:
            people = await state.store.read(people_of, query)
        except UnknownOperator as unknown:
            raise ApiError(400, "bad_parameter", "api.stats.unknown_operator",
                           extra={"parameter": "operator"},
                           login=unknown.login[:MAX_LOGIN]) from None  # fmt: skip
        parts: list[Tallies] = []

        async def read(part: Part) -> None:
            parts.append(await state.store.read(part, query, people))

        async with trio.open_nursery() as nursery:
            for part in PARTS:
                nursery.start_soon(read, part)
        return summarize(query, people, parts)

    @app.get("/api/stats")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def get_stats() -> Response:
        return jsonify(stats_json(await gather()))

    @app.get("/api/stats.csv")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def stats_file() -> Response:
        lang = _file_language()
        found = await gather()
        response = Response(stats_csv(found, lang), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        response.headers["Content-Disposition"] = f'attachment; filename="{csv_filename(found)}"'
        return response

    @app.get("/api/stats/chart.svg")
    @access.guard(state.auth, config, OFFICE_ROLES)
    async def stats_chart() -> Response:
        lang = _file_language()
        metric = Metric(_choice("metric", tuple(m.value for m in Metric), Metric.ORDERS.value))
        series = SeriesKind(
            _choice("series", tuple(s.value for s in SeriesKind), SeriesKind.OPERATORS.value)
        )
        found = await gather()
        response = Response(render_chart(found, metric, series, lang), mimetype="image/svg+xml")
        response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
        return response
