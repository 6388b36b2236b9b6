"""Column types that must behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection

from kolektor.store import Store
from kolektor.store.tables import Amount, UtcDateTime

probe_metadata = sa.MetaData()
probe = sa.Table(
    "type_probe",
    probe_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("amount", Amount()),
    sa.Column("at", UtcDateTime()),
)


@pytest.fixture
def probed(store: Store) -> Iterator[Store]:
    probe_metadata.create_all(store.engine)
    yield store


def round_trip(store: Store, **values: object) -> Any:
    def write_read(conn: Connection) -> Any:
        conn.execute(probe.delete())
        conn.execute(probe.insert().values(id=1, **values))
        return conn.execute(sa.select(probe.c.amount, probe.c.at)).one()

    return store.run_sync(write_read)


def test_aware_timestamps_come_back_as_utc(probed: Store) -> None:
    warsaw_summer = timezone(timedelta(hours=2))
    stored = datetime(2026, 6, 30, 23, 59, 59, 123456, tzinfo=warsaw_summer)
    row = round_trip(probed, at=stored)
    assert row.at == stored
    assert row.at.tzinfo is UTC
    assert (row.at.hour, row.at.microsecond) == (21, 123456)


def test_naive_timestamps_are_refused(probed: Store) -> None:
    with pytest.raises(
        sa.exc.StatementError, match=r"naive datetime 2026-01-01T12:00:00 cannot be stored"
    ):
        round_trip(probed, at=datetime(2026, 1, 1, 12, 0))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.decimals(
        min_value=Decimal("-99999999999.9999"),
        max_value=Decimal("99999999999.9999"),
        places=4,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_amounts_round_trip_exactly(probed: Store, amount: Decimal) -> None:
    row = round_trip(probed, amount=amount)
    assert row.amount == amount
    assert isinstance(row.amount, Decimal)
    assert row.amount.as_tuple().exponent == -4


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("1.00001"), "more than four decimal places"),
        (Decimal("100000000000"), "out of range"),
        (Decimal("NaN"), "not a finite number"),
        (1.5, "amounts are Decimal"),
    ],
)
def test_amounts_that_cannot_be_stored_exactly_are_refused(
    probed: Store, amount: object, message: str
) -> None:
    with pytest.raises(sa.exc.StatementError, match=message):
        round_trip(probed, amount=amount)
