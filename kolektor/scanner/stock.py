"""Checking an order's stock in Subiekt for the scanner service, off the event loop.

:class:`SubiektStock` asks Subiekt (one query, :meth:`SubiektReader.zk_stock`) from a worker
thread — one at a time on its own connection, so a claim never waits behind the intake's
full read — and gives up after ``timeout`` seconds.  Whatever goes wrong (Subiekt down,
slow, a driver error) the answer is "not checked", never an exception: picking and packing
must never be blocked by a Subiekt outage.  The rules themselves are :mod:`kolektor.stock`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final, Protocol

import trio

from kolektor.logs import log_event
from kolektor.stock import OrderLine, StockCheck, check_order, needs_stock
from kolektor.subiekt.connection import SubiektUnavailable
from kolektor.subiekt.models import ZkStock
from kolektor.subiekt.reader import SubiektReader

logger = logging.getLogger("kolektor.scanner")

STOCK_TIMEOUT: Final = 3.0
"""Seconds a claim or a packing waits for Subiekt's stock before going on without it."""


class StockSource(Protocol):
    """Where the scanner service learns whether the warehouse covers an order."""

    async def check(self, zk_id: int, lines: Sequence[OrderLine]) -> StockCheck:
        """Never raises: a failure is ``StockCheck(checked=False)``."""
        ...


class SubiektStock:
    """:class:`StockSource` reading Subiekt through its own :class:`SubiektReader`."""

    def __init__(self, reader: SubiektReader, *, timeout: float = STOCK_TIMEOUT) -> None:
        self.reader = reader
        self.timeout = timeout
        self._limiter = trio.CapacityLimiter(1)
        """One pyodbc connection is not safe to share between threads."""

    async def check(self, zk_id: int, lines: Sequence[OrderLine]) -> StockCheck:
        if not needs_stock(lines):
            return StockCheck(checked=True)  # services only: nothing needs stock
        zk: ZkStock | None = None
        error: str | None = None
        # A thread stuck in the driver is abandoned, not waited for; it keeps the limiter
        # until it returns, so later checks time out too instead of sharing its connection.
        with trio.move_on_after(self.timeout) as scope:
            try:
                zk = await trio.to_thread.run_sync(
                    self.reader.zk_stock, zk_id, limiter=self._limiter, abandon_on_cancel=True
                )
            except SubiektUnavailable as unavailable:
                error = str(unavailable)
            except Exception as unexpected:  # never let a stock check break picking
                logger.exception("stock.check_crashed", extra={"kolektor_fields": {"zk": zk_id}})
                error = f"{type(unexpected).__name__}: {unexpected}"
        if scope.cancelled_caught:
            error = f"Subiekt did not answer within {self.timeout:g} s"
        if error is not None:
            log_event(logger, "stock.unchecked", logging.WARNING, zk=zk_id, error=error[:300])
            return StockCheck.unchecked(error)
        return check_order(zk, lines)

    async def aclose(self) -> None:
        with trio.move_on_after(self.timeout):
            await trio.to_thread.run_sync(
                self.reader.close, limiter=self._limiter, abandon_on_cancel=True
            )
