"""Back-off for retries: exponential, capped, with jitter so that many clients that failed
together do not all retry at the same instant."""

from __future__ import annotations

import random


def backoff_delay(
    attempt: int,
    *,
    base: float = 2.0,
    cap: float = 300.0,
    jitter: float = 0.2,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry number ``attempt`` (1 for the first retry).

    ``base · 2^(attempt-1)``, at most ``cap``, then spread by ±``jitter`` (a fraction).

    >>> backoff_delay(1, jitter=0), backoff_delay(3, jitter=0), backoff_delay(20, jitter=0)
    (2.0, 8.0, 300.0)
    """
    if attempt < 1:
        raise ValueError(f"attempt counts from 1, got {attempt}")
    delay = min(cap, base * 2.0 ** min(attempt - 1, 62))
    if jitter:
        spread = (rng or random).uniform(-jitter, jitter)
        delay *= 1.0 + spread
    return delay
