"""The floor's statistics from hand-made scans and order events at known moments: every
figure of every operator and period, the days and hours of Polish time (also across the
daylight-saving changes), the operator filter — the same on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from kolektor.store import Store
from kolektor.store.stats import (
    Figures,
    Grouping,
    LeadTime,
    OperatorStats,
    Period,
    Stats,
    StatsQuery,
    UnknownOperator,
    collect,
    period_labels,
    periods_of,
)
from tests.store.stats_floor import Floor, july, utc

NONE = LeadTime(0, None, None)
ZERO = Figures(
    orders=0, lines=0, units=Decimal("0.0000"), scans=0, wrong_scans=0, over_picks=0,
    shortages=0, typed=0, minutes_per_order=None, minutes_per_line=None, to_packed=NONE,
    to_done=NONE,
)  # fmt: skip


def figures(**changes: Any) -> Figures:
    return replace(ZERO, **changes)


@pytest.fixture
def floor(store: Store) -> Floor:
    return july(store)


def minutes(text: str) -> Decimal:
    return Decimal(text)


ANNA_6 = figures(
    orders=1, lines=2, units=Decimal("6.7500"), scans=7, wrong_scans=2, over_picks=1, typed=1,
    minutes_per_order=minutes("12.00"), minutes_per_line=minutes("6.00"),
)  # fmt: skip
ANNA_7 = figures(
    orders=1, lines=2, units=Decimal("6.5000"), scans=1, wrong_scans=1, shortages=1,
    minutes_per_order=minutes("30.00"), minutes_per_line=minutes("15.00"),
)  # fmt: skip
MAREK_6 = figures(to_packed=LeadTime(1, minutes("60.00"), minutes("60.00")),
                  to_done=LeadTime(1, minutes("90.00"), minutes("90.00")))  # fmt: skip
MAREK_7 = figures(to_packed=LeadTime(2, minutes("300.00"), minutes("300.00")))


def test_every_figure_per_operator_and_day(store: Store, floor: Floor) -> None:
    query = StatsQuery(date(2026, 7, 6), date(2026, 7, 8))
    found = store.read_sync(collect, query)
    assert found == Stats(
        query=query,
        operator=None,
        periods=("2026-07-06", "2026-07-07", "2026-07-08"),
        operators=(
            OperatorStats(
                login="anna",
                name="Anna Kowalska",
                totals=figures(
                    orders=2,
                    lines=4,
                    units=Decimal("13.2500"),
                    scans=8,
                    wrong_scans=3,
                    over_picks=1,
                    shortages=1,
                    typed=1,
                    minutes_per_order=minutes("21.00"),
                    minutes_per_line=minutes("10.50"),
                ),
                periods={"2026-07-06": ANNA_6, "2026-07-07": ANNA_7},
            ),
            OperatorStats(
                login="marek",
                name="Marek Żółkiewski",
                totals=figures(
                    to_packed=LeadTime(3, minutes("60.00"), minutes("220.00")),
                    to_done=LeadTime(1, minutes("90.00"), minutes("90.00")),
                ),
                periods={"2026-07-06": MAREK_6, "2026-07-07": MAREK_7},
            ),
        ),
        period_totals={
            "2026-07-06": replace(ANNA_6, to_packed=MAREK_6.to_packed, to_done=MAREK_6.to_done),
            "2026-07-07": replace(ANNA_7, to_packed=MAREK_7.to_packed),
            "2026-07-08": ZERO,
        },
        totals=figures(
            orders=2,
            lines=4,
            units=Decimal("13.2500"),
            scans=8,
            wrong_scans=3,
            over_picks=1,
            shortages=1,
            typed=1,
            minutes_per_order=minutes("21.00"),
            minutes_per_line=minutes("10.50"),
            to_packed=LeadTime(3, minutes("60.00"), minutes("220.00")),
            to_done=LeadTime(1, minutes("90.00"), minutes("90.00")),
        ),
    )


def test_one_operator_only_and_an_unknown_one(store: Store, floor: Floor) -> None:
    query = StatsQuery(date(2026, 7, 7), date(2026, 7, 7), operator=" Marek ")
    found = store.read_sync(collect, query)
    assert (found.operator, found.operators, found.totals) == (
        "marek",
        (OperatorStats("marek", "Marek Żółkiewski", MAREK_7, {"2026-07-07": MAREK_7}),),
        MAREK_7,
    )
    # Someone who did nothing in the range is still shown, with zeros.
    quiet = store.read_sync(collect, StatsQuery(date(2026, 7, 8), date(2026, 7, 8),
                                                operator="anna"))  # fmt: skip
    assert quiet.operators == (OperatorStats("anna", "Anna Kowalska", ZERO, {}),)
    with pytest.raises(UnknownOperator):
        store.read_sync(collect, StatsQuery(date(2026, 7, 7), date(2026, 7, 7), operator="ewa"))


def test_hours_are_polish_hours(store: Store, floor: Floor) -> None:
    query = StatsQuery(date(2026, 7, 7), date(2026, 7, 7), Grouping.HOUR)
    found = store.read_sync(collect, query)
    assert found.periods == tuple(f"2026-07-07T{hour:02d}:00" for hour in range(24))
    busy = {label: f for label, f in found.period_totals.items() if f != ZERO}
    assert busy == {
        "2026-07-07T00:00": figures(orders=1, lines=2, units=Decimal("6.5000"), scans=1,
                                    wrong_scans=1, minutes_per_order=minutes("30.00"),
                                    minutes_per_line=minutes("15.00")),
        "2026-07-07T08:00": figures(to_packed=LeadTime(1, minutes("540.00"),
                                                       minutes("540.00"))),
        "2026-07-07T09:00": figures(to_packed=LeadTime(1, minutes("60.00"), minutes("60.00"))),
        "2026-07-07T10:00": figures(shortages=1),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("day", "first", "second", "hours", "labels"),
    [
        # Spring: 02:00 CET becomes 03:00 CEST at 01:00 UTC — no 02:00 that day.
        (date(2026, 3, 29), "2026-03-29T01:00", "2026-03-29T03:00", 23, 23),
        # Autumn: 03:00 CEST becomes 02:00 CET at 01:00 UTC — 02:00 twice, one bucket.
        (date(2026, 10, 25), "2026-10-25T02:00", "2026-10-25T02:00", 25, 24),
    ],
)
def test_hours_across_a_daylight_saving_change(
    store: Store, day: date, first: str, second: str, hours: int, labels: int
) -> None:
    f = Floor(store)
    order_id = f.order(datetime(2026, 3, 1, 8, 0))
    f.scan(order_id, "anna", utc(day.year, day.month, day.day, 0, 30), "counted")
    f.scan(order_id, "anna", utc(day.year, day.month, day.day, 1, 30), "wrong_product")
    query = StatsQuery(day, day, Grouping.HOUR)
    assert int((query.end - query.start).total_seconds()) == hours * 3600
    assert len(periods_of(query)) == hours
    found = store.read_sync(collect, query)
    assert len(found.periods) == labels == len(period_labels(query))
    busy = {label: f.scans for label, f in found.period_totals.items() if f.scans}
    assert busy == ({first: 2} if first == second else {first: 1, second: 1})
    by_day = store.read_sync(collect, StatsQuery(day, day))
    assert by_day.totals == figures(scans=2, wrong_scans=1)


def test_periods_are_cut_at_polish_midnights_and_utc_hours() -> None:
    days = periods_of(StatsQuery(date(2026, 3, 28), date(2026, 3, 30)))
    assert days == [
        Period("2026-03-28", utc(2026, 3, 27, 23, 0), utc(2026, 3, 28, 23, 0)),
        Period("2026-03-29", utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0)),  # 23 hours
        Period("2026-03-30", utc(2026, 3, 29, 22, 0), utc(2026, 3, 30, 22, 0)),
    ]
    autumn = periods_of(StatsQuery(date(2026, 10, 25), date(2026, 10, 25), Grouping.HOUR))
    assert [(p.label, p.starts) for p in autumn[1:5]] == [
        ("2026-10-25T01:00", utc(2026, 10, 24, 23, 0)),
        ("2026-10-25T02:00", utc(2026, 10, 25, 0, 0)),
        ("2026-10-25T02:00", utc(2026, 10, 25, 1, 0)),  # the clocks go back: 02:00 again
        ("2026-10-25T03:00", utc(2026, 10, 25, 2, 0)),
    ]
