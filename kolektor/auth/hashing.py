"""argon2 work in its own small thread pool, never inside a store transaction.

Checking a password or PIN costs ~25 ms of one core (:data:`kolektor.store.operators.HASHER`).
It runs in worker threads behind a :class:`trio.CapacityLimiter` of its own (one thread by
default, so the other core stays with the event loop and the store), and the queue in
front of it is bounded: when :attr:`Hashing.max_waiting` checks already wait, the next one
is refused at once (:class:`HashingBusy`, "try again in a moment") instead of piling up.
A login nobody has is not checked at all: :meth:`Hashing.pretend` waits as long instead.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TypeVar

import trio

from kolektor.store.operators import hash_secret, verify_secret

T = TypeVar("T")


class HashingBusy(Exception):
    """Too many secret checks are already waiting; the caller should answer "busy"."""


class Hashing:
    def __init__(self, *, threads: int = 1, max_waiting: int = 16) -> None:
        self.limiter = trio.CapacityLimiter(threads)
        self.max_waiting = max_waiting
        self.typical = 0.025
        """Seconds a check has been taking lately (a moving average)."""

    async def _run(self, fn: Callable[..., T], *args: object) -> T:
        if self.limiter.statistics().tasks_waiting >= self.max_waiting:
            raise HashingBusy
        return await trio.to_thread.run_sync(fn, *args, limiter=self.limiter)

    async def verify(self, stored: str | None, secret: str) -> bool:
        """Whether ``secret`` matches the argon2 hash ``stored``."""
        started = trio.current_time()
        matches = await self._run(verify_secret, stored, secret)
        self.typical = 0.8 * self.typical + 0.2 * (trio.current_time() - started)
        return matches

    async def pretend(self) -> None:
        """Take about as long as a check does, without doing one: the answer for a login
        nobody has takes as long as for a wrong password, and a flood of made-up logins
        costs no argon2 work at all."""
        await trio.sleep(self.typical * random.uniform(0.8, 1.2))

    async def hash(self, secret: str) -> str:
        """A new argon2id hash of ``secret``."""
        return await self._run(hash_secret, secret)
