"""Statistics of the floor's work: per operator and per day (or hour), aggregated in SQL.

Everything here is read from what the floor already records — no counter is kept anywhere:

* **Scans** (``scans``, bucketed by ``received_at``, counted for the operator who scanned):
  ``scans`` every stored scan; ``wrong_scans`` the scans with a refusing verdict
  (:data:`WRONG_SCAN_VERDICTS` — the pick engine's verdicts that neither counted nor were a
  re-sent ``duplicate``, which is never stored); ``over_picks`` the ``over_pick`` ones among
  them.  ``typed`` counts the quantities typed by hand (``manual_entries``).
* **Orders picked** (``order_events``, each move ``picking`` → ``picked``, bucketed at that
  moment and counted for the operator whose scan completed it): ``orders``; ``lines`` the
  goods lines of those orders; ``units`` the sum of their picked quantities (in each line's
  base unit); ``minutes_per_order`` / ``minutes_per_line`` the time from the latest start of
  picking (the claim, the move to ``picking``) up to that moment, per order and per line.
  An order sent back to picking and completed again counts again.
* **Shortages**: an operator's moves of an order from ``picking`` or ``picked`` to
  ``problem`` — a shortage reported on the scanner, or Subiekt's stock too low at packing.
* **Lead times** from the ZK's issue date (``orders.issued_at``): ``to_packed`` for each move
  to ``packed`` (counted for who packed it, bucketed when it was packed) and ``to_done`` for
  each order finished (counted for who recorded the packages of its last packing, bucketed
  when it was done); median and average in minutes.

Days and hours are those of the warehouse's clock, Polish time (:data:`TIME_ZONE`, the zone
Subiekt's dates are read in), whatever the server's zone: a scan at 23:30 UTC on 6 July is
counted on 7 July.  The range is cut into its periods here, with :mod:`zoneinfo`
(:func:`periods_of`: local midnights, or UTC hours labelled with the local hour — in the
autumn the repeated hour 02:00–03:00 is one period), and each query joins its timestamps to
that list of periods — one JSON parameter unpacked per dialect (``json_each`` on SQLite,
``jsonb_array_elements`` on PostgreSQL) into a materialized ``WITH`` — instead of computing
a label per row: the same buckets on both, each period's rows found by walking an index,
no per-row date arithmetic (per-row ``strftime`` took twice as long on SQLite with 50,000
orders).  The statistics come in three independent parts
(:data:`PARTS`), which the server reads at once.

Every query is bounded by the range on an indexed timestamp (``scans.received_at``,
``manual_entries.received_at``, ``order_events (to_status, at)``; migration 0006).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from kolektor.store.orders import SUBIEKT_TIMEZONE
from kolektor.store.tables import (
    UtcDateTime,
    manual_entries,
    operators,
    order_events,
    order_lines,
    orders,
    packages,
    scans,
)

TIME_ZONE: Final[ZoneInfo] = SUBIEKT_TIMEZONE
"""The warehouse's clock: days and hours of the statistics are Polish time."""

COUNTED_VERDICTS: Final = ("counted", "line_complete", "order_complete",
                           "order_complete_with_shortages")  # fmt: skip
"""Verdicts of a scan that counted."""
WRONG_SCAN_VERDICTS: Final = (
    "wrong_product", "unknown_code", "over_pick", "batch_required", "expiry_required",
    "serial_required", "duplicate_serial", "line_closed_short", "order_finished",
)  # fmt: skip
"""Verdicts of a scan that was refused (``docs/picking.md``, *Verdicts*).  The other kinds
are never stored with a scan: ``duplicate`` (a re-sent scan is not stored again), ``undone``
and ``nothing_to_undo`` (undos), ``shortage_reported`` (a shortage report)."""
GOODS_KIND: Final = 1
"""``ob_TowRodzaj`` of goods: the lines that are picked (services are not)."""
OPERATOR_ACTOR: Final = "operator:"
"""How ``order_events.actor`` names an operator: ``operator:<login>``."""
MINUTES: Final = Decimal("0.01")
UNITS: Final = Decimal("0.0001")


class Grouping(StrEnum):
    """The length of a period: a day or an hour of the warehouse's clock."""

    DAY = "day"
    HOUR = "hour"


MAX_DAYS: Final = {Grouping.DAY: 366, Grouping.HOUR: 31}
"""The longest range (days, both ends included) each grouping answers."""


@dataclass(frozen=True, slots=True)
class StatsQuery:
    """What to count: the days ``first`` to ``last`` (both included), by day or hour,
    everyone or one operator (their login)."""

    first: date
    last: date
    group: Grouping = Grouping.DAY
    operator: str | None = None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        """The range's first instant (midnight of ``first``, Polish time), in UTC."""
        return datetime.combine(self.first, time(), tzinfo=TIME_ZONE).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The instant after the range (midnight after ``last``, Polish time), in UTC."""
        after = self.last + timedelta(days=1)
        return datetime.combine(after, time(), tzinfo=TIME_ZONE).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class LeadTime:
    """How long orders took from their ZK's issue date: median and average minutes over
    ``count`` orders (None without any)."""

    count: int
    median: Decimal | None
    average: Decimal | None


@dataclass(frozen=True, slots=True)
class Figures:
    """The numbers of one operator (or everyone) in one period (or the whole range)."""

    orders: int
    lines: int
    units: Decimal
    scans: int
    wrong_scans: int
    over_picks: int
    shortages: int
    typed: int
    minutes_per_order: Decimal | None
    minutes_per_line: Decimal | None
    to_packed: LeadTime
    to_done: LeadTime


@dataclass(frozen=True, slots=True)
class OperatorStats:
    """One operator's figures: over the range and in each period they did something."""

    login: str
    name: str
    totals: Figures
    periods: dict[str, Figures]


@dataclass(frozen=True, slots=True)
class Stats:
    """The answer: every period's label in order, the operators who did something (or the
    one asked for) by login, everyone's figures per period and over the range."""

    query: StatsQuery
    operator: str | None
    """The login the statistics were narrowed to (as stored), None: everyone."""
    periods: tuple[str, ...]
    operators: tuple[OperatorStats, ...]
    period_totals: dict[str, Figures]
    totals: Figures


@dataclass(slots=True)
class _Tally:
    """Running sums of one (operator, period), added up into coarser groups."""

    orders: int = 0
    lines: int = 0
    units: Decimal = Decimal(0)
    scans: int = 0
    wrong_scans: int = 0
    over_picks: int = 0
    shortages: int = 0
    typed: int = 0
    pick_seconds: float = 0.0
    timed_orders: int = 0
    timed_lines: int = 0
    to_packed: list[float] = field(default_factory=list)
    to_done: list[float] = field(default_factory=list)

    def add(self, other: _Tally) -> None:
        self.orders += other.orders
        self.lines += other.lines
        self.units += other.units
        self.scans += other.scans
        self.wrong_scans += other.wrong_scans
        self.over_picks += other.over_picks
        self.shortages += other.shortages
        self.typed += other.typed
        self.pick_seconds += other.pick_seconds
        self.timed_orders += other.timed_orders
        self.timed_lines += other.timed_lines
        self.to_packed.extend(other.to_packed)
        self.to_done.extend(other.to_done)

    def figures(self) -> Figures:
        return Figures(
            orders=self.orders,
            lines=self.lines,
            units=self.units.quantize(UNITS),
            scans=self.scans,
            wrong_scans=self.wrong_scans,
            over_picks=self.over_picks,
            shortages=self.shortages,
            typed=self.typed,
            minutes_per_order=_minutes(self.pick_seconds, self.timed_orders),
            minutes_per_line=_minutes(self.pick_seconds, self.timed_lines),
            to_packed=_lead_time(self.to_packed),
            to_done=_lead_time(self.to_done),
        )


def _minutes(seconds: float, count: int) -> Decimal | None:
    if count == 0:
        return None
    return (Decimal(repr(seconds)) / count / 60).quantize(MINUTES, ROUND_HALF_UP)


def _lead_time(seconds: list[float]) -> LeadTime:
    if not seconds:
        return LeadTime(0, None, None)
    median = Decimal(repr(statistics.median(seconds))) / 60
    average = Decimal(repr(sum(seconds))) / len(seconds) / 60
    return LeadTime(
        len(seconds), median.quantize(MINUTES, ROUND_HALF_UP),
        average.quantize(MINUTES, ROUND_HALF_UP),
    )  # fmt: skip


def _decimal(value: Any) -> Decimal:
    """A summed quantity as the driver returns it (float on SQLite) as an exact Decimal."""
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return Decimal(f"{value:.4f}")
    return Decimal(value)


def _seconds(value: Any) -> float | None:
    """A difference in seconds from SQL, to the millisecond (floats of julianday on SQLite)."""
    return None if value is None else round(float(value), 3)


# -- periods ------------------------------------------------------------------------------


def today() -> date:
    """Today on the warehouse's clock."""
    return datetime.now(TIME_ZONE).date()


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of time ``[starts, ends)`` (UTC) counted under ``label``."""

    label: str
    starts: datetime
    ends: datetime


def periods_of(query: StatsQuery) -> list[Period]:
    """The range cut into its periods: each day from local midnight to local midnight, or
    each hour — labelled ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:00`` in Polish time.  Hours are
    cut at UTC hours (Poland's offsets are whole hours), so the autumn's repeated hour is
    two stretches with one label and the spring's missing hour none."""
    if query.group is Grouping.DAY:
        days = [query.first + timedelta(days=n) for n in range(query.days + 1)]
        edges = [datetime.combine(day, time(), tzinfo=TIME_ZONE).astimezone(UTC) for day in days]
        return [
            Period(day.isoformat(), starts, ends)
            for day, starts, ends in zip(days, edges, edges[1:], strict=False)
        ]
    found = []
    at = query.start
    while at < query.end:
        label = at.astimezone(TIME_ZONE).strftime("%Y-%m-%dT%H:00")
        found.append(Period(label, at, at + timedelta(hours=1)))
        at += timedelta(hours=1)
    return found


def period_labels(query: StatsQuery) -> tuple[str, ...]:
    """Every period's label in order, each once."""
    return tuple(dict.fromkeys(period.label for period in periods_of(query)))


_PERIODS_SQL: Final = {
    "sqlite": "SELECT json_extract(value, '$[0]') AS label, json_extract(value, '$[1]') AS "
    "starts, json_extract(value, '$[2]') AS ends FROM json_each(:periods)",
    "postgresql": "SELECT p ->> 0 AS label, CAST(p ->> 1 AS timestamptz) AS starts, "
    "CAST(p ->> 2 AS timestamptz) AS ends FROM jsonb_array_elements(CAST(:periods AS jsonb)) "
    "AS p",
}
"""The periods as rows, from one JSON parameter ``[[label, starts, ends], …]`` — per
dialect; timestamps written as each stores them (SQLite: UTC text)."""


def _periods_table(conn: Connection, query: StatsQuery) -> _Periods:
    """The periods as a table the queries join their timestamps to (a materialized
    ``WITH``): a range join on an indexed timestamp groups rows into periods without
    computing a label per row.  One parameter, so the statements are compiled once and
    cached whatever the range."""
    if conn.dialect.name == "postgresql":

        def stamp(at: datetime) -> str:
            return at.isoformat()

    else:

        def stamp(at: datetime) -> str:
            return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    rows = [[p.label, stamp(p.starts), stamp(p.ends)] for p in periods_of(query)]
    text = sa.text(_PERIODS_SQL[conn.dialect.name]).bindparams(periods=json.dumps(rows))
    table = text.columns(
        sa.column("label", sa.String), sa.column("starts", UtcDateTime()),
        sa.column("ends", UtcDateTime()),
    )  # fmt: skip
    if conn.dialect.name == "postgresql":
        # PostgreSQL cannot tell how few rows a period's range holds, expects millions and
        # compiles the queries to machine code — which takes longer than running them.
        conn.exec_driver_sql("SET LOCAL jit = off")
    return _Periods(table.cte("periods").prefix_with("MATERIALIZED"), query.start, query.end)


@dataclass(frozen=True, slots=True)
class _Periods:
    """The periods' table and the whole range they cover (UTC)."""

    table: Any
    start: datetime
    end: datetime


def _within(periods: _Periods, column: Any) -> ColumnElement[bool]:
    """``column`` falls in a period: the planners walk the timestamp's index once per
    period.  (Not also "in the whole range": given both, SQLite walks the whole range once
    per period.)"""
    table = periods.table
    return sa.and_(column >= table.c.starts, column < table.c.ends)


def _seconds_between(conn: Connection, later: Any, earlier: Any) -> ColumnElement[Any]:
    """``later - earlier`` in seconds, in SQL (per dialect: PostgreSQL subtracts
    timestamps, SQLite compares Julian days)."""
    if conn.dialect.name == "postgresql":
        return sa.extract("epoch", later - earlier)
    return (sa.func.julianday(later) - sa.func.julianday(earlier)) * 86400.0


# -- the queries --------------------------------------------------------------------------


def _actor_login(actor: str | None) -> str | None:
    if actor is None or not actor.startswith(OPERATOR_ACTOR):
        return None
    return actor[len(OPERATOR_ACTOR) :]


def _status_moves(to_status: str) -> tuple[Any, ColumnElement[bool]]:
    """``order_events`` aliased ``e`` and the condition of its moves to ``to_status``."""
    events = order_events.alias("e")
    return events, sa.and_(events.c.event == "status_changed", events.c.to_status == to_status)


def _scan_rows(conn: Connection, periods: _Periods, operator_id: int | None) -> Iterator[Any]:
    """Per (period, operator id): scans, wrong scans, over-picks."""
    wrong = sa.case((scans.c.verdict.in_(WRONG_SCAN_VERDICTS), 1), else_=0)
    over = sa.case((scans.c.verdict == "over_pick", 1), else_=0)
    select = (
        sa.select(periods.table.c.label.label("period"), scans.c.operator_id,
                  sa.func.count().label("scans"), sa.func.sum(wrong).label("wrong"),
                  sa.func.sum(over).label("over"))
        .select_from(periods.table.join(scans, _within(periods, scans.c.received_at)))
        .group_by(periods.table.c.label, scans.c.operator_id)
    )  # fmt: skip
    if operator_id is not None:
        select = select.where(scans.c.operator_id == operator_id)
    yield from conn.execute(select)


def _typed_rows(conn: Connection, periods: _Periods, operator_id: int | None) -> Iterator[Any]:
    """Per (period, operator id): quantities typed by hand."""
    select = (
        sa.select(periods.table.c.label.label("period"), manual_entries.c.operator_id,
                  sa.func.count().label("typed"))
        .select_from(periods.table.join(manual_entries,
                                  _within(periods, manual_entries.c.received_at)))
        .group_by(periods.table.c.label, manual_entries.c.operator_id)
    )  # fmt: skip
    if operator_id is not None:
        select = select.where(manual_entries.c.operator_id == operator_id)
    yield from conn.execute(select)


def _picked_rows(conn: Connection, periods: _Periods, actor: str | None) -> Iterator[Any]:
    """Per (actor, period): orders picked, their lines and units, picking seconds.

    One row per move to ``picked`` first (a materialized ``WITH``: its goods lines counted
    and summed and the start of picking looked up once, by index, per order), then added
    up per (actor, period)."""
    e, moved = _status_moves("picked")
    starts = order_events.alias("s")
    started = (
        sa.select(sa.func.max(starts.c.at))
        .where(starts.c.order_id == e.c.order_id, starts.c.to_status == "picking",
               starts.c.at <= e.c.at)
        .scalar_subquery()
    )  # fmt: skip
    goods = sa.and_(
        order_lines.c.order_id == e.c.order_id,
        order_lines.c.kind == GOODS_KIND,
        order_lines.c.product_id.is_not(None),
    )
    lines = sa.select(sa.func.count()).where(goods).scalar_subquery()
    units = sa.select(sa.func.sum(order_lines.c.picked_quantity)).where(goods).scalar_subquery()
    each = (
        sa.select(
            e.c.actor,
            periods.table.c.label.label("period"),
            _seconds_between(conn, e.c.at, started).label("seconds"),
            lines.label("lines"),
            sa.type_coerce(units, sa.Numeric(asdecimal=False)).label("units"),
        )
        .select_from(periods.table.join(e, _within(periods, e.c.at)))
        .where(moved, e.c.from_status == "picking", e.c.actor.like(f"{OPERATOR_ACTOR}%"))
    )  # fmt: skip
    if actor is not None:
        each = each.where(e.c.actor == actor)
    if conn.dialect.name == "postgresql":
        # With this many conditions on the events PostgreSQL expects few and reads every
        # move to picked there ever was, unless it is told the range outright.
        each = each.where(e.c.at >= periods.start, e.c.at < periods.end)
    picked = each.cte("picked").prefix_with("MATERIALIZED")
    timed_lines = sa.case((picked.c.seconds.is_not(None), picked.c.lines), else_=0)
    yield from conn.execute(
        sa.select(
            picked.c.actor,
            picked.c.period,
            sa.func.count().label("orders"),
            sa.func.coalesce(sa.func.sum(picked.c.lines), 0).label("lines"),
            sa.func.sum(picked.c.units).label("units"),
            sa.func.sum(picked.c.seconds).label("seconds"),
            sa.func.count(picked.c.seconds).label("timed_orders"),
            sa.func.coalesce(sa.func.sum(timed_lines), 0).label("timed_lines"),
        ).group_by(picked.c.actor, picked.c.period)
    )


def _shortage_rows(conn: Connection, periods: _Periods, actor: str | None) -> Iterator[Any]:
    """Per (actor, period): orders an operator sent to ``problem`` while picking or
    packing (a shortage reported, or too little stock in Subiekt)."""
    e, moved = _status_moves("problem")
    select = (
        sa.select(e.c.actor, periods.table.c.label.label("period"),
                  sa.func.count().label("shortages"))
        .select_from(periods.table.join(e, _within(periods, e.c.at)))
        .where(moved, e.c.from_status.in_(("picking", "picked")),
               e.c.actor.like(f"{OPERATOR_ACTOR}%"))
        .group_by(e.c.actor, periods.table.c.label)
    )  # fmt: skip
    if actor is not None:
        select = select.where(e.c.actor == actor)
    yield from conn.execute(select)


def _lead_rows(each: Any) -> Any:
    """Per (actor, period) of ``each`` (one row per order: ``actor``, ``period``,
    ``seconds``): the seconds as one comma-separated text — medians need every value, and
    one row per group is far cheaper to read than one per order."""
    found = each.cte("each").prefix_with("MATERIALIZED")  # its subqueries run once per row
    seconds = sa.func.aggregate_strings(sa.cast(found.c.seconds, sa.String), ",")
    return (
        sa.select(found.c.actor, found.c.period, seconds.label("seconds"))
        .where(found.c.seconds.is_not(None))
        .group_by(found.c.actor, found.c.period)
    )


def _issued(e: Any) -> Any:
    """The issue date of the event's order (looked up by primary key, per event)."""
    return sa.select(orders.c.issued_at).where(orders.c.id == e.c.order_id).scalar_subquery()


def _packed_rows(conn: Connection, periods: _Periods, actor: str | None) -> Iterator[Any]:
    """Per (packer, period): the seconds from the ZK's issue date to each move to
    ``packed``."""
    e, moved = _status_moves("packed")
    each = (
        sa.select(e.c.actor, periods.table.c.label.label("period"),
                  _seconds_between(conn, e.c.at, _issued(e)).label("seconds"))
        .select_from(periods.table.join(e, _within(periods, e.c.at)))
        .where(moved)
    )  # fmt: skip
    if actor is not None:
        each = each.where(e.c.actor == actor)
    yield from conn.execute(_lead_rows(each))


def _done_rows(conn: Connection, periods: _Periods, operator_id: int | None) -> Iterator[Any]:
    """Per (packer's operator id, period): the seconds from the ZK's issue date to each
    order's move to ``done``.  The packer is who recorded the parcels of the order's last
    packing (``packages.created_by`` of its current generation)."""
    e, moved = _status_moves("done")
    packer = (
        sa.select(packages.c.created_by)
        .join(orders, sa.and_(orders.c.id == packages.c.order_id,
                              orders.c.generation == packages.c.generation))
        .where(packages.c.order_id == e.c.order_id, packages.c.number == 1)
        .scalar_subquery()
    )  # fmt: skip
    each = (
        sa.select(packer.label("actor"), periods.table.c.label.label("period"),
                  _seconds_between(conn, e.c.at, _issued(e)).label("seconds"))
        .select_from(periods.table.join(e, _within(periods, e.c.at)))
        .where(moved)
    )  # fmt: skip
    if operator_id is not None:
        each = each.where(packer == operator_id)
    yield from conn.execute(_lead_rows(each))


def _seconds_list(text: str) -> list[float]:
    """The seconds of :func:`_lead_rows`."""
    return [float(value) for value in text.split(",") if value]


class UnknownOperator(LookupError):
    """The statistics were asked for a login no operator has."""

    def __init__(self, login: str) -> None:
        super().__init__(login)
        self.login = login


@dataclass(frozen=True, slots=True)
class People:
    """Every operator's login and name, and the one the statistics are narrowed to."""

    logins: dict[int, str]
    """Login by operator id."""
    names: dict[str, str]
    """Name by login."""
    chosen: str | None = None
    """The login asked for (as stored), None: everyone."""
    chosen_id: int | None = None

    @property
    def actor(self) -> str | None:
        """How the chosen operator acts in order timelines."""
        return None if self.chosen is None else f"{OPERATOR_ACTOR}{self.chosen}"


def people_of(conn: Connection, query: StatsQuery) -> People:
    """The operators, and the one ``query`` asks for (:class:`UnknownOperator`)."""
    rows = conn.execute(sa.select(operators.c.id, operators.c.login, operators.c.name)).all()
    logins = {row.id: row.login for row in rows}
    names = {row.login: row.name for row in rows}
    if query.operator is None:
        return People(logins, names)
    wanted = query.operator.strip().lower()
    chosen_id = next((id_ for id_, login in logins.items() if login == wanted), None)
    if chosen_id is None:
        raise UnknownOperator(query.operator)
    return People(logins, names, logins[chosen_id], chosen_id)


Tallies = dict[tuple[str | None, str], _Tally]
"""Running sums by (login — None: no operator —, period)."""


def _tally(tallies: Tallies, login: str | None, period: str) -> _Tally:
    key = (login, period)
    if key not in tallies:
        tallies[key] = _Tally()
    return tallies[key]


def scan_part(conn: Connection, query: StatsQuery, people: People) -> Tallies:
    """Scans, wrong scans, over-picks and typed quantities."""
    tallies: Tallies = {}
    periods = _periods_table(conn, query)
    for row in _scan_rows(conn, periods, people.chosen_id):
        found = _tally(tallies, people.logins[row.operator_id], row.period)
        found.scans += row.scans
        found.wrong_scans += int(row.wrong or 0)
        found.over_picks += int(row.over or 0)
    for row in _typed_rows(conn, periods, people.chosen_id):
        _tally(tallies, people.logins[row.operator_id], row.period).typed += row.typed
    return tallies


def pick_part(conn: Connection, query: StatsQuery, people: People) -> Tallies:
    """Orders picked with their lines, units and times; shortages."""
    tallies: Tallies = {}
    periods = _periods_table(conn, query)
    for row in _picked_rows(conn, periods, people.actor):
        found = _tally(tallies, _actor_login(row.actor), row.period)
        found.orders += row.orders
        found.lines += int(row.lines)
        found.units += _decimal(row.units)
        found.pick_seconds += _seconds(row.seconds) or 0.0
        found.timed_orders += row.timed_orders
        found.timed_lines += int(row.timed_lines)
    for row in _shortage_rows(conn, periods, people.actor):
        _tally(tallies, _actor_login(row.actor), row.period).shortages += row.shortages
    return tallies


def lead_part(conn: Connection, query: StatsQuery, people: People) -> Tallies:
    """The times from the ZKs' issue dates to packed and to done."""
    tallies: Tallies = {}
    periods = _periods_table(conn, query)
    for row in _packed_rows(conn, periods, people.actor):
        seconds = _seconds_list(row.seconds)
        _tally(tallies, _actor_login(row.actor), row.period).to_packed.extend(seconds)
    for row in _done_rows(conn, periods, people.chosen_id):
        seconds = _seconds_list(row.seconds)
        packer = None if row.actor is None else people.logins.get(row.actor)
        _tally(tallies, packer, row.period).to_done.extend(seconds)
    return tallies


Part = Callable[[Connection, StatsQuery, People], Tallies]
"""One part of the statistics: a function of the store taking the query and the people."""

PARTS: Final[tuple[Part, ...]] = (scan_part, pick_part, lead_part)
"""The statistics' independent parts: each one transaction, so a caller may read them at
once on several connections (``kolektor.server.routes_stats``) and :func:`summarize`
them."""


def collect(conn: Connection, query: StatsQuery) -> Stats:
    """The statistics of ``query`` in one transaction (:class:`UnknownOperator` for an
    unknown login)."""
    people = people_of(conn, query)
    return summarize(query, people, [part(conn, query, people) for part in PARTS])


def summarize(query: StatsQuery, people: People, parts: Iterable[Tallies]) -> Stats:
    """The parts' tallies added up per (operator, period), then per operator, per period
    and overall."""
    tallies: Tallies = {}
    for part in parts:
        for (login, period), found in part.items():
            _tally(tallies, login, period).add(found)
    return _summarize(query, people.chosen, tallies, people.names)


def _summarize(
    query: StatsQuery, chosen: str | None, tallies: Tallies, names: dict[str, str]
) -> Stats:
    """Add the (operator, period) tallies up per operator, per period and overall.  A login
    no operator has any more (an actor of old events) is shown by its login."""
    labels = period_labels(query)
    per_operator: dict[str, dict[str, _Tally]] = {}
    per_period = {label: _Tally() for label in labels}
    overall = _Tally()
    for (login, period), found in tallies.items():
        if period not in per_period:  # pragma: no cover - SQL and Python agree on labels
            raise RuntimeError(f"period {period!r} is not one of the range's")
        per_period[period].add(found)
        overall.add(found)
        if login is not None:
            per_operator.setdefault(login, {})[period] = found
    if chosen is not None:
        per_operator.setdefault(chosen, {})  # the operator asked for, even when idle
    people = []
    for login in sorted(per_operator):
        periods = per_operator[login]
        total = _Tally()
        for found in periods.values():
            total.add(found)
        people.append(
            OperatorStats(
                login=login,
                name=names.get(login, login),
                totals=total.figures(),
                periods={label: periods[label].figures() for label in labels if label in periods},
            )
        )
    return Stats(
        query=query,
        operator=chosen,
        periods=labels,
        operators=tuple(people),
        period_totals={label: found.figures() for label, found in per_period.items()},
        totals=overall.figures(),
    )


def figures_json(figures: Figures) -> dict[str, Any]:
    """A :class:`Figures` as the API writes it: counts as numbers, quantities and minutes as
    decimal strings, ``null`` where there is nothing to average."""

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    def lead(value: LeadTime) -> dict[str, Any]:
        return {"count": value.count, "median": text(value.median),
                "average": text(value.average)}  # fmt: skip

    return {
        "orders": figures.orders, "lines": figures.lines, "units": str(figures.units),
        "scans": figures.scans, "wrong_scans": figures.wrong_scans,
        "over_picks": figures.over_picks, "shortages": figures.shortages,
        "typed": figures.typed, "minutes_per_order": text(figures.minutes_per_order),
        "minutes_per_line": text(figures.minutes_per_line),
        "to_packed": lead(figures.to_packed), "to_done": lead(figures.to_done),
    }  # fmt: skip


def stats_json(stats: Stats) -> dict[str, Any]:
    """The whole answer of ``GET /api/stats`` (``docs/api.md``, *Statistics*)."""
    query = stats.query
    return {
        "from": query.first.isoformat(),
        "to": query.last.isoformat(),
        "group": query.group.value,
        "operator": stats.operator,
        "time_zone": TIME_ZONE.key,
        "today": today().isoformat(),
        "periods": [
            {"period": label, **figures_json(stats.period_totals[label])} for label in stats.periods
        ],
        "operators": [
            {
                "login": person.login,
                "name": person.name,
                "totals": figures_json(person.totals),
                "periods": [
                    {"period": label, **figures_json(figures)}
                    for label, figures in person.periods.items()
                ],
            }
            for person in stats.operators
        ],
        "totals": figures_json(stats.totals),
    }
