"""The SQLite writer's gate: one write at a time, the scanners' writes first.

SQLite has a single writer.  Kolektor queues its writers in Trio rather than inside SQLite's
busy handler (which sleeps in coarse steps), and the order of that queue decides who waits:
a picker's scan is waiting for its verdict with the handheld in hand, while the intake's
imports, the finalization pipeline's job records and the retention sweep can wait a few
milliseconds more without anyone noticing.  :class:`WriterGate` hands the write lock to an
*urgent* waiter (the scans' group commit, :mod:`kolektor.scanner.batch`) before any normal
one, so a scan waits at most for the one write already running, not for the whole queue.

So that a steady stream of scans cannot starve everything else, a normal waiter that has
been passed over :data:`MAX_OVERTAKES` times in a row gets the next turn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

import trio

MAX_OVERTAKES: Final = 4
"""Urgent holders in a row while a normal writer waits, before the normal one goes."""


class WriterGate:
    """A lock with two queues: urgent waiters are woken before normal ones.

    The lock is handed over directly to the waiter woken (as :class:`trio.Lock` does), so a
    task arriving meanwhile cannot jump the queue; a waiter cancelled before its turn
    leaves the queue without taking the lock.
    """

    def __init__(self) -> None:
        self._held = False
        self._urgent = trio.lowlevel.ParkingLot()
        self._normal = trio.lowlevel.ParkingLot()
        self._overtakes = 0
        self.urgent_waits = 0
        """Times an urgent writer found the gate taken (for benchmarks and tests)."""

    @property
    def held(self) -> bool:
        return self._held

    @property
    def waiting(self) -> tuple[int, int]:
        """(urgent, normal) tasks waiting now."""
        return len(self._urgent), len(self._normal)

    @asynccontextmanager
    async def hold(self, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold the gate for the body; waits (cancellably) while someone else holds it."""
        await trio.lowlevel.checkpoint_if_cancelled()
        if self._held:
            if urgent:
                self.urgent_waits += 1
            await (self._urgent if urgent else self._normal).park()  # handed over on wake
        else:
            self._held = True
            await trio.lowlevel.cancel_shielded_checkpoint()
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        normal_waits = bool(self._normal)
        if self._urgent and not (normal_waits and self._overtakes >= MAX_OVERTAKES):
            self._overtakes = self._overtakes + 1 if normal_waits else 0
            self._urgent.unpark()
        elif normal_waits:
            self._overtakes = 0
            self._normal.unpark()
        else:
            self._overtakes = 0
            self._held = False
