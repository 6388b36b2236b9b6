"""Background services that outlive their own failures.

Each background service of a Kolektor process — the intake, the finalization pipeline, the
scanners' group commit, the auth watch — runs under a :class:`Supervisor`.  When one fails
(the store unreachable past its own retries, a bug, anything but cancellation) the failure
is logged with its traceback, the service waits a back-off (1 s doubling to a minute; back
to 1 s once it has run a minute without failing) and is started again.  Nothing else is
touched: HTTP keeps serving, the scanners stay connected, the other services run on.
:attr:`Supervisor.services` says how each is doing (``/health`` shows it).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

import trio

from kolektor.logs import log_event
from kolektor.retry import backoff_delay

logger = logging.getLogger("kolektor.supervise")

Service = Callable[..., Awaitable[None]]
"""``async def service(*, task_status)``: calls ``task_status.started()`` once ready."""

HEALTHY_AFTER: Final = 60.0
"""Seconds a restarted service must run before its back-off starts from 1 s again."""


class ServiceState(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    RESTARTING = "restarting"
    """Failed; waiting its back-off before the next start."""


@dataclass
class ServiceStatus:
    name: str
    state: ServiceState = ServiceState.STARTING
    restarts: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    next_start_in: float | None = None
    since: datetime = field(default_factory=lambda: datetime.now(UTC))

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "restarts": self.restarts,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at.isoformat() if self.last_error_at else None,
            "next_start_in": self.next_start_in,
            "since": self.since.isoformat(),
        }


class Supervisor:
    """Starts services in a nursery and keeps them running (see the module docstring)."""

    def __init__(self, *, base: float = 1.0, cap: float = 60.0) -> None:
        self.base = base
        self.cap = cap
        self.services: dict[str, ServiceStatus] = {}

    @property
    def healthy(self) -> bool:
        return all(s.state is ServiceState.RUNNING for s in self.services.values())

    async def start(self, nursery: trio.Nursery, name: str, service: Service) -> None:
        """Start ``service`` under supervision; returns once it is running (or its first
        start failed — the server comes up anyway and the service is started again)."""
        await nursery.start(self._keep, name, service)

    async def _keep(
        self, name: str, service: Service, *, task_status: trio.TaskStatus[None]
    ) -> None:
        status = self.services[name] = ServiceStatus(name)
        reported = False
        failures = 0
        while True:
            began = trio.current_time()
            status.state = ServiceState.STARTING
            try:
                async with trio.open_nursery() as attempt:
                    await attempt.start(_call, service)
                    status.state = ServiceState.RUNNING
                    status.since = datetime.now(UTC)
                    status.next_start_in = None
                    if status.restarts:
                        log_event(logger, "service.restarted", service=name,
                                  restarts=status.restarts)  # fmt: skip
                    if not reported:
                        task_status.started()
                        reported = True
                error: str = "the service stopped by itself"
                logger.error("service.stopped", extra={"kolektor_fields": {"service": name}})
            except Exception as failure:
                error = _describe(failure)
                fields = {"service": name, "error": error}
                logger.error("service.failed", exc_info=failure, extra={"kolektor_fields": fields})
            if not reported:
                task_status.started()
                reported = True
            failures = 1 if trio.current_time() - began >= HEALTHY_AFTER else failures + 1
            delay = backoff_delay(failures, base=self.base, cap=self.cap, jitter=0.1)
            status.state = ServiceState.RESTARTING
            status.restarts += 1
            status.last_error = error
            status.last_error_at = datetime.now(UTC)
            status.next_start_in = round(delay, 1)
            await trio.sleep(delay)


async def _call(service: Service, *, task_status: trio.TaskStatus[None]) -> None:
    await service(task_status=task_status)


def _describe(error: BaseException) -> str:
    """One line for people: the innermost error of a group, its type and first line."""
    while isinstance(error, BaseExceptionGroup) and len(error.exceptions) == 1:
        error = error.exceptions[0]
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:300] if text else type(error).__name__
