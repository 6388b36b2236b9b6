import random

import pytest

from kolektor.retry import backoff_delay


def test_delay_doubles_up_to_the_cap() -> None:
    delays = [backoff_delay(n, base=1, cap=30, jitter=0) for n in range(1, 9)]
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]


def test_jitter_stays_within_the_spread() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(3, base=2, cap=300, jitter=0.25, rng=rng) for _ in range(500)]
    assert min(delays) >= 6.0 and max(delays) <= 10.0
    assert len({round(d, 6) for d in delays}) > 100  # actually spread, not constant


def test_huge_attempt_numbers_do_not_overflow() -> None:
    assert backoff_delay(10_000, cap=60, jitter=0) == 60


def test_attempts_count_from_one() -> None:
    with pytest.raises(ValueError, match="counts from 1"):
        backoff_delay(0)
