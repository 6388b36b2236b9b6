"""The statistics as bar charts: SVG drawn on the server (no script, no library, no CDN).

One bar per period and series — a series per operator, or everyone together — with the
vertical axis, the periods under the bars, a legend and, for people who do not see the
picture, a ``<title>`` and a ``<desc>`` (``role="img"``) that say what it shows.  Every
bar has its own ``<title>`` (name, period, value).  Text is written only through
:mod:`xml.etree.ElementTree`, which escapes it (operator names are never trusted), and
without the characters XML cannot hold.  Presentation attributes only — no ``style``: the
server's Content-Security-Policy applies to the SVG too.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from kolektor.i18n import Language, decimal_text, t
from kolektor.store.stats import Figures, Grouping, Stats

SVG_NS: Final = "http://www.w3.org/2000/svg"
WIDTH: Final = 720
PLOT_HEIGHT: Final = 220
LEFT: Final = 64
RIGHT: Final = 16
TOP: Final = 56
FONT_SIZE: Final = 15
FONT: Final = "system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
INK: Final = "#1b1f24"
MUTED: Final = "#57606a"
GRID: Final = "#d0d7de"
COLOURS: Final = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a5a00", "#56b4e9", "#6a3d9a", "#b3261e",
    "#1b1f24", "#4f7f1e",
)  # fmt: skip
"""Bar colours in series order (colour-blind-safe first), all readable on white."""
CHARACTER_WIDTH: Final = 9.0
"""About how wide a character of the labels is (for spacing the labels under the bars and
wrapping the legend)."""
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Metric(StrEnum):
    """What a chart shows."""

    ORDERS = "orders"
    SCANS = "scans"
    WRONG_SCANS = "wrong_scans"
    MINUTES_PER_ORDER = "minutes_per_order"


class SeriesKind(StrEnum):
    """A series per operator, or everyone together."""

    OPERATORS = "operators"
    TOTAL = "total"


_VALUES: Final[dict[Metric, Callable[[Figures], Decimal | None]]] = {
    Metric.ORDERS: lambda f: Decimal(f.orders),
    Metric.SCANS: lambda f: Decimal(f.scans),
    Metric.WRONG_SCANS: lambda f: Decimal(f.wrong_scans),
    Metric.MINUTES_PER_ORDER: lambda f: f.minutes_per_order,
}


@dataclass(frozen=True, slots=True)
class Series:
    """One row of bars: its name, a value per period (None: nothing to show) and the value
    over the whole range (for the description)."""

    name: str
    values: tuple[Decimal | None, ...]
    overall: Decimal | None


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters)."""
    return _NOT_XML.sub("", text)


def _number(value: Decimal, metric: Metric, language: Language) -> str:
    if metric is Metric.MINUTES_PER_ORDER:
        return decimal_text(value.quantize(Decimal("0.1")), language)
    return decimal_text(value, language)


def period_label(label: str, group: Grouping, one_day: bool, language: Language) -> str:
    """A period as written under its bar: ``06.07`` (``06/07`` in English), an hour
    ``08:00`` — with its day when the range has several."""
    day = label[:10]
    month_day = f"{day[8:10]}.{day[5:7]}" if language == "pl" else f"{day[8:10]}/{day[5:7]}"
    if group is Grouping.DAY:
        return month_day
    hour = label[11:16]
    return hour if one_day else f"{month_day} {hour}"


def series_of(stats: Stats, metric: Metric, kind: SeriesKind, language: Language) -> list[Series]:
    """The chart's series: each operator's (by login), or everyone's together."""
    value = _VALUES[metric]
    if kind is SeriesKind.TOTAL or not stats.operators:
        return [
            Series(
                t("panel.stats.all_operators", language),
                tuple(value(stats.period_totals[label]) for label in stats.periods),
                value(stats.totals),
            )
        ]
    found = []
    for person in stats.operators:
        values = tuple(
            value(person.periods[label]) if label in person.periods else None
            for label in stats.periods
        )
        found.append(Series(f"{person.name} ({person.login})", values, value(person.totals)))
    return found


def _ticks(highest: Decimal, metric: Metric) -> list[Decimal]:
    """0 and four to six round steps up to at least ``highest``."""
    if highest <= 0:
        return [Decimal(0), Decimal(1)]
    raw = float(highest) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if metric is not Metric.MINUTES_PER_ORDER:
        step = max(1, math.ceil(step))
    exact = Decimal(repr(step))
    count = math.ceil(highest / exact)
    return [exact * n for n in range(count + 1)]


def _node(
    parent: ET.Element, tag: str, attrs: dict[str, object], text: str | None = None
) -> ET.Element:
    """A child element with ``attrs`` (written as text) and, when given, its text."""
    node = ET.SubElement(parent, tag, {name: str(value) for name, value in attrs.items()})
    if text is not None:
        node.text = clean(text)
    return node


def _text(parent: ET.Element, x: float, y: float, content: str, **attrs: str) -> ET.Element:
    """A ``<text>``; attribute names with a hyphen are given with an underscore."""
    named = {name.replace("_", "-"): value for name, value in attrs.items()}
    return _node(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **named}, content)


def render_chart(stats: Stats, metric: Metric, kind: SeriesKind, language: Language) -> bytes:
    """The chart as an SVG document (UTF-8)."""
    query = stats.query
    series = series_of(stats, metric, kind, language)
    labels = stats.periods
    grouping = t(f"panel.stats.grouping.{query.group.value}", language)
    title = t(
        "panel.stats.chart.title", language, metric=t(f"panel.stats.metric.{metric}", language),
        grouping=grouping, first=query.first.isoformat(), last=query.last.isoformat(),
    )  # fmt: skip
    if stats.operator is not None:
        title = t("panel.stats.chart.title_operator", language, title=title,
                  operator=stats.operator)  # fmt: skip
    summary = "; ".join(
        t("panel.stats.chart.summary", language, name=s.name,
          value=_number(s.overall, metric, language) if s.overall is not None else "—")
        for s in series
    )  # fmt: skip
    description = t("panel.stats.chart.description", language, title=title, summary=summary)

    # The legend's rows, so the height is known before drawing.
    legend: list[list[tuple[Series, str, float]]] = [[]]
    room, used = WIDTH - LEFT - RIGHT, 0.0
    for index, item in enumerate(series):
        width = 34 + CHARACTER_WIDTH * len(item.name)
        if used + width > room and legend[-1]:
            legend.append([])
            used = 0.0
        legend[-1].append((item, COLOURS[index % len(COLOURS)], used))
        used += width
    plot_bottom = TOP + PLOT_HEIGHT
    height = plot_bottom + 64 + 26 * len(legend)

    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "width": str(WIDTH), "height": str(height),
        "viewBox": f"0 0 {WIDTH} {height}", "role": "img",
        "aria-labelledby": "chart-title chart-desc", "font-family": FONT, "fill": INK,
        "xml:lang": language,
    })  # fmt: skip
    _node(svg, "title", {"id": "chart-title"}, title)
    _node(svg, "desc", {"id": "chart-desc"}, description)
    _node(svg, "rect", {"x": 0, "y": 0, "width": WIDTH, "height": height, "fill": "#ffffff"})
    _text(svg, 8, 30, title, font_size="17", font_weight="600")

    values = [v for s in series for v in s.values if v is not None]
    ticks = _ticks(max(values, default=Decimal(0)), metric)
    top_value = ticks[-1]
    plot_width = WIDTH - LEFT - RIGHT

    def y_of(value: Decimal) -> float:
        return plot_bottom - float(value / top_value) * PLOT_HEIGHT

    axis = _node(svg, "g", {"font-size": FONT_SIZE, "fill": MUTED})
    for tick in ticks:
        at = f"{y_of(tick):.1f}"
        _node(axis, "line", {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": at, "y2": at, "stroke": GRID,
                             "stroke-width": 1})  # fmt: skip
        _text(axis, LEFT - 8, y_of(tick) + 5, _number(tick, metric, language), text_anchor="end")

    group_width = plot_width / max(len(labels), 1)
    bar_width = group_width * 0.8 / max(len(series), 1)
    bars = _node(svg, "g", {"class": "bars"})
    for s_index, item in enumerate(series):
        colour = COLOURS[s_index % len(COLOURS)]
        for p_index, value in enumerate(item.values):
            if value is None or value <= 0:
                continue
            x = LEFT + p_index * group_width + group_width * 0.1 + s_index * bar_width
            y = y_of(value)
            bar = _node(bars, "rect", {
                "x": f"{x:.2f}", "y": f"{y:.2f}", "width": f"{max(bar_width, 0.5):.2f}",
                "height": f"{plot_bottom - y:.2f}", "fill": colour,
            })  # fmt: skip
            _node(bar, "title", {}, t("panel.stats.chart.bar", language, name=item.name,
                                      period=labels[p_index],
                                      value=_number(value, metric, language)))  # fmt: skip
    counted = metric is not Metric.MINUTES_PER_ORDER
    if not any(value > 0 or not counted for value in values):
        _text(svg, LEFT + plot_width / 2, TOP + PLOT_HEIGHT / 2,
              t("panel.stats.chart.empty", language), text_anchor="middle", font_size="16",
              fill=MUTED)  # fmt: skip
    _node(svg, "line", {"x1": LEFT, "x2": WIDTH - RIGHT, "y1": plot_bottom, "y2": plot_bottom,
                        "stroke": INK, "stroke-width": 1.5})  # fmt: skip

    one_day = query.first == query.last
    shown = [period_label(label, query.group, one_day, language) for label in labels]
    room_per_label = CHARACTER_WIDTH * max((len(text) for text in shown), default=1) + 14
    every = max(1, math.ceil(room_per_label / group_width))
    under = _node(svg, "g", {"font-size": FONT_SIZE, "text-anchor": "middle"})
    for index in range(0, len(labels), every):
        x = LEFT + (index + 0.5) * group_width
        _text(under, x, plot_bottom + 22, shown[index])

    key = _node(svg, "g", {"font-size": FONT_SIZE})
    for row, items in enumerate(legend):
        y = plot_bottom + 54 + 26 * row
        for item, colour, offset in items:
            _node(key, "rect", {"x": f"{LEFT + offset:.1f}", "y": f"{y - 12:.1f}", "width": 16,
                                "height": 16, "fill": colour, "rx": 2})  # fmt: skip
            _text(key, LEFT + offset + 22, y + 1, item.name)
    document = ET.tostring(svg, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n").encode("utf-8")
