"""Login throttling rules (pure): delays and blocks per source address, delays and lockouts
per account, with the numbers published in docs/security.md."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kolektor.auth.throttle import (
    DEFAULT_POLICY,
    AccountFailure,
    AccountState,
    Refusal,
    SourceThrottle,
    Wait,
    account_failed,
    backoff,
    check_account,
)

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
CLEAN = AccountState(failed_logins=0, last_failed_at=None, locked_until=None, lockouts=0)


@pytest.mark.parametrize(
    ("failures", "expected"),
    [(0, 0), (3, 0), (4, 1), (5, 2), (6, 4), (7, 8), (8, 16), (9, 30), (50, 30)],
)
def test_backoff_doubles_after_the_free_failures(failures: int, expected: float) -> None:
    assert backoff(failures, free=3, limit=30) == expected


def test_a_source_gets_five_free_failures_then_waits_longer_each_time() -> None:
    sources = SourceThrottle()
    now = 1000.0
    for _ in range(6):
        assert sources.check("10.0.0.9", now) is None
        sources.failed("10.0.0.9", now)
    # The sixth failure costs a second before the next try, the seventh two…
    assert sources.check("10.0.0.9", now) == Wait(Refusal.THROTTLED, 1)
    assert sources.check("10.0.0.9", now + 1) is None
    sources.failed("10.0.0.9", now + 1)
    assert sources.check("10.0.0.9", now + 1.5) == Wait(Refusal.THROTTLED, 2)
    assert sources.check("10.0.0.10", now) is None  # other addresses are not affected


def test_a_source_is_blocked_for_a_window_after_thirty_failures() -> None:
    sources = SourceThrottle()
    now = 0.0
    blocked = [sources.failed("10.0.0.9", now + i) for i in range(30)]
    assert blocked == [False] * 29 + [True]
    wait = sources.check("10.0.0.9", 29.0)
    assert wait is not None and wait.retry_after == int(DEFAULT_POLICY.source_window)
    assert sources.check("10.0.0.9", 29.0 + DEFAULT_POLICY.source_window + 1) is None


def test_old_failures_are_forgotten_and_memory_is_bounded() -> None:
    sources = SourceThrottle(max_sources=3)
    for i in range(5):
        sources.failed("10.0.0.9", float(i))
    later = 10.0 + DEFAULT_POLICY.source_window
    assert sources.check("10.0.0.9", later) is None
    for n in range(10):
        sources.failed(f"10.0.1.{n}", later)
    assert len(sources) == 3  # the least recently failing addresses are dropped


def test_a_success_does_not_wipe_a_sources_failures() -> None:
    # There is no success hook at all: an attacker with one valid account cannot reset the
    # counter between guesses.  Only time (the window) or an explicit lift does.
    sources = SourceThrottle()
    for i in range(6):
        sources.failed("10.0.0.9", float(i))
    assert sources.check("10.0.0.9", 5.5) is not None
    sources.lift("10.0.0.9")
    assert sources.check("10.0.0.9", 5.5) is None


def test_an_account_waits_after_three_failures_and_locks_at_the_tenth() -> None:
    state, now = CLEAN, T0
    delays = []
    for _ in range(10):
        wait = check_account(state, now)
        assert wait is None or wait.refusal is Refusal.THROTTLED
        if wait is not None:
            delays.append(wait.retry_after)
            now += timedelta(seconds=wait.retry_after)
            assert check_account(state, now) is None
        failure = account_failed(state, now)
        state = AccountState(failure.failed_logins, now, failure.locked_until, failure.lockouts)
    assert delays == [1, 2, 4, 8, 16, 30]
    assert state.failed_logins == 10 and state.lockouts == 1
    assert state.locked_until == now + timedelta(minutes=15)
    assert check_account(state, now) == Wait(Refusal.LOCKED, 15 * 60)


def test_each_lockout_within_a_day_doubles_up_to_a_day() -> None:
    state = AccountState(10, T0, T0 + timedelta(minutes=15), lockouts=1)
    after = T0 + timedelta(minutes=16)
    assert check_account(state, after) is None  # the lock is over; one more try
    relock = account_failed(state, after)
    assert relock == AccountFailure(11, 2, after + timedelta(minutes=30))
    deep = AccountState(20, after, None, lockouts=12)
    assert account_failed(deep, after).locked_until == after + timedelta(hours=24)


def test_failures_older_than_a_day_are_forgotten() -> None:
    state = AccountState(9, T0, None, lockouts=3)
    tomorrow = T0 + timedelta(hours=25)
    assert check_account(state, tomorrow) is None
    assert account_failed(state, tomorrow) == AccountFailure(1, 0, None)


def test_a_refunded_failure_no_longer_counts() -> None:
    sources = SourceThrottle()
    for i in range(6):
        sources.failed("10.0.0.9", float(i))
    assert sources.check("10.0.0.9", 5.5) is not None
    sources.refund("10.0.0.9", 5.0)
    assert sources.check("10.0.0.9", 5.5) is None
    sources.refund("10.0.0.9", 99.0)  # nothing counted then: nothing happens
    sources.refund("10.0.0.77", 1.0)
    assert len(sources) == 1
