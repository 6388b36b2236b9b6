"""Login throttling: how often one address and one account may get a secret wrong.  Pure.

Two counters slow down guessing, and both must let an attempt through:

* **Per source address** (in the memory of each Kolektor process): the first
  :attr:`Policy.source_free_failures` failures within :attr:`Policy.source_window` cost
  nothing; after that each attempt must wait 1 s, 2 s, 4 s… (at most
  :attr:`Policy.source_max_delay`) after the previous failure, and
  :attr:`Policy.source_block_after` failures within the window block the address for a
  whole window.  A success does not reset it (an attacker with one valid account must not
  be able to wipe the counter between guesses).
* **Per account** (in the store, shared by every instance): after
  :attr:`Policy.account_free_failures` failures the next attempt waits 1 s, 2 s, 4 s… (at
  most :attr:`Policy.account_max_delay`); the :attr:`Policy.account_lock_after`-th failure
  locks the account for :attr:`Policy.account_lock` — doubled for each further lockout
  within a day, at most :attr:`Policy.account_lock_max` — until it expires or a supervisor
  or admin lifts it.  A success resets it.  Failures older than
  :attr:`Policy.account_memory` are forgotten.

An attempt that must wait is refused at once, without checking the secret, and says how
many seconds to wait; it is not itself counted as a failure.  The numbers are published
in ``docs/security.md``.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final


@dataclass(frozen=True, slots=True)
class Policy:
    source_free_failures: int = 5
    source_window: float = 15 * 60.0
    source_max_delay: float = 60.0
    source_block_after: int = 30
    account_free_failures: int = 3
    account_max_delay: float = 30.0
    account_lock_after: int = 10
    account_lock: timedelta = timedelta(minutes=15)
    account_lock_max: timedelta = timedelta(hours=24)
    account_memory: timedelta = timedelta(hours=24)


DEFAULT_POLICY: Final = Policy()


def backoff(failures: int, free: int, limit: float) -> float:
    """Seconds to wait after the ``failures``-th failure: 0 while ``failures <= free``, then
    1, 2, 4… up to ``limit``."""
    if failures <= free:
        return 0.0
    return float(min(limit, 2.0 ** min(failures - free - 1, 30)))


class Refusal(StrEnum):
    THROTTLED = "login_throttled"
    """Too many recent failures: wait ``retry_after`` seconds."""
    LOCKED = "account_locked"
    """The account is locked until it expires or a supervisor lifts it."""


@dataclass(frozen=True, slots=True)
class Wait:
    """An attempt refused before checking the secret."""

    refusal: Refusal
    retry_after: int
    """Whole seconds, at least 1."""


def _wait(refusal: Refusal, seconds: float) -> Wait:
    return Wait(refusal, max(1, int(seconds + 0.999)))


# -- per source address --------------------------------------------------------------------


@dataclass(slots=True)
class _Source:
    failures: deque[float] = field(default_factory=deque)
    blocked_until: float = 0.0


class SourceThrottle:
    """Failures per source address, in memory; ``now`` is seconds on any steady clock.

    At most ``max_sources`` addresses are remembered (the least recently failing ones are
    forgotten first), so a flood of addresses cannot exhaust memory.
    """

    def __init__(self, policy: Policy = DEFAULT_POLICY, *, max_sources: int = 10_000) -> None:
        self.policy = policy
        self.max_sources = max_sources
        self._sources: OrderedDict[str, _Source] = OrderedDict()

    def _prune(self, record: _Source, now: float) -> None:
        horizon = now - self.policy.source_window
        while record.failures and record.failures[0] <= horizon:
            record.failures.popleft()

    def check(self, source: str, now: float) -> Wait | None:
        """None when ``source`` may try now, else how long it must wait."""
        record = self._sources.get(source)
        if record is None:
            return None
        if record.blocked_until > now:
            return _wait(Refusal.THROTTLED, record.blocked_until - now)
        self._prune(record, now)
        if not record.failures:
            del self._sources[source]
            return None
        policy = self.policy
        delay = backoff(len(record.failures), policy.source_free_failures, policy.source_max_delay)
        ready = record.failures[-1] + delay
        return _wait(Refusal.THROTTLED, ready - now) if ready > now else None

    def failed(self, source: str, now: float) -> bool:
        """Count a failure; True when it got the address blocked."""
        record = self._sources.pop(source, None) or _Source()
        self._sources[source] = record  # most recent last
        self._prune(record, now)
        record.failures.append(now)
        while len(self._sources) > self.max_sources:
            self._sources.popitem(last=False)
        if len(record.failures) >= self.policy.source_block_after:
            record.blocked_until = now + self.policy.source_window
            record.failures.clear()
            return True
        return False

    def refund(self, source: str, at: float) -> None:
        """Take back the failure counted at ``at`` (a step of a login that then succeeded).
        A block it caused stays."""
        record = self._sources.get(source)
        if record is not None and at in record.failures:
            record.failures.remove(at)

    def lift(self, source: str) -> None:
        """Forget an address's failures."""
        self._sources.pop(source, None)

    def __len__(self) -> int:
        return len(self._sources)


# -- per account -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccountState:
    """An account's counters as the store holds them."""

    failed_logins: int
    last_failed_at: datetime | None
    locked_until: datetime | None
    lockouts: int


@dataclass(frozen=True, slots=True)
class AccountFailure:
    """What to store after a failure."""

    failed_logins: int
    lockouts: int
    locked_until: datetime | None
    """Set when this failure locked the account."""


def _recent(state: AccountState, now: datetime, policy: Policy) -> bool:
    return state.last_failed_at is not None and now - state.last_failed_at < policy.account_memory


def check_account(
    state: AccountState, now: datetime, policy: Policy = DEFAULT_POLICY
) -> Wait | None:
    """None when the account may try now, else why it must wait and how long."""
    if state.locked_until is not None and state.locked_until > now:
        return _wait(Refusal.LOCKED, (state.locked_until - now).total_seconds())
    if not _recent(state, now, policy) or state.last_failed_at is None:
        return None
    delay = backoff(state.failed_logins, policy.account_free_failures, policy.account_max_delay)
    ready = state.last_failed_at + timedelta(seconds=delay)
    return _wait(Refusal.THROTTLED, (ready - now).total_seconds()) if ready > now else None


def account_failed(
    state: AccountState, now: datetime, policy: Policy = DEFAULT_POLICY
) -> AccountFailure:
    """The counters after one more failure at ``now``; locks at the
    :attr:`Policy.account_lock_after`-th and at every failure after a lockout expired."""
    recent = _recent(state, now, policy)
    failures = (state.failed_logins if recent else 0) + 1
    lockouts = state.lockouts if recent else 0
    if failures < policy.account_lock_after:
        return AccountFailure(failures, lockouts, None)
    duration = min(policy.account_lock_max, policy.account_lock * 2 ** min(lockouts, 16))
    return AccountFailure(failures, lockouts + 1, now + duration)
