"""The office dashboard's API: ``GET /api/dashboard`` (everything the dashboard shows, at
once) and ``GET /api/events`` (the same, live, as Server-Sent Events: a ``dashboard`` event
whenever something changed, an ``alert`` when an order enters ``attention`` or
``problem``).  Roles: supervisor, office, admin (``docs/security.md``); the answers are in
``docs/api.md`` (*Dashboard*).

The dashboard joins what the store knows (:mod:`kolektor.store.dashboard`: counts, the
orders waiting for a person, who picks what) with what only this server knows (the
intake's health, the background services, the scanners connected) — like ``/health`` for
an office login.  "Done today" counts from midnight in the server's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any, Final

import trio
from quart import Quart, Response, jsonify, request

from kolektor.auth.service import OFFICE_ROLES
from kolektor.intake.loop import IntakeStatus
from kolektor.server import access
from kolektor.server.access import ApiError
from kolektor.server.app import AppState, to_json
from kolektor.server.events import (
    EVENT_STREAM,
    KEEP_ALIVE_SECONDS,
    STREAM_SECONDS,
    LiveHub,
    Reading,
)
from kolektor.store import dashboard as dashboard_store
from kolektor.store.dashboard import DashboardData, PickingNow, WaitingOrder
from kolektor.store.engine import Store
from kolektor.supervise import Supervisor

BUSY_RETRY_SECONDS: Final = 5
"""What a refused stream is told to wait (``Retry-After``) when all streams are taken."""


def today_start(now: datetime | None = None) -> datetime:
    """Midnight starting the current day in the server's time zone, as an aware datetime
    (with the offset valid at midnight, also on the days the clocks change)."""
    local = (now or datetime.now().astimezone()).astimezone()
    return datetime.combine(local.date(), time()).astimezone()


def _waiting_json(order: WaitingOrder) -> dict[str, Any]:
    step = order.stuck_step
    return {
        "id": order.id,
        "number": order.number,
        "customer_name": order.customer_name,
        "status": order.status.value,
        "status_reason": order.status_reason,
        "status_changed_at": order.status_changed_at.isoformat(),
        "failed_step": (
            {
                "step": step.step,
                "status": step.status,
                "attempts": step.attempts,
                "error": step.last_error,
            }
            if step is not None
            else None
        ),
    }


def _picking_json(entry: PickingNow) -> dict[str, Any]:
    return {
        "operator": {"id": entry.operator_id, "login": entry.login, "name": entry.name},
        "order": {
            "id": entry.order_id,
            "number": entry.number,
            "status": entry.status.value,
            "lines": entry.lines,
        },
        "picked": str(entry.picked),
        "ordered": str(entry.ordered),
        "device_id": entry.device_id,
        "last_scan_at": entry.last_scan_at.isoformat() if entry.last_scan_at else None,
    }


class DashboardSource:
    """What the dashboard shows, from the store and this server's own state; the
    :class:`~kolektor.server.events.LiveSource` of the live stream."""

    def __init__(
        self,
        store: Store,
        intake: IntakeStatus,
        services: Supervisor,
        scanners: Callable[[], int],
    ) -> None:
        self.store = store
        self.intake = intake
        self.services = services
        self.scanners = scanners

    @classmethod
    def of(cls, state: AppState) -> DashboardSource:
        return cls(state.store, state.intake, state.services, lambda: state.auth.live_connections)

    def _server_mark(self) -> tuple[Any, ...]:
        """What this server shows that the store does not hold (in the mark)."""
        intake = self.intake
        return (
            intake.running, intake.healthy, intake.last_success_at, intake.last_error,
            intake.consecutive_failures,
            tuple((name, s.state, s.restarts, s.last_error)
                  for name, s in sorted(self.services.services.items())),
            self.scanners(),
        )  # fmt: skip

    async def mark(self) -> Reading:
        marks = await self.store.read(dashboard_store.read_marks)
        return Reading((marks, today_start(), self._server_mark()), marks.last_event_id)

    async def snapshot(self) -> tuple[Reading, dict[str, Any]]:
        since = today_start()
        data = await self.store.read(dashboard_store.read_dashboard, today_since=since)
        reading = Reading((data.marks, since, self._server_mark()), data.marks.last_event_id)
        return reading, self.body(data, since)

    def body(self, data: DashboardData, since: datetime) -> dict[str, Any]:
        return {
            "generated_at": datetime.now().astimezone().isoformat(),
            "counts": data.counts,
            "done_today": data.done_today,
            "today_since": since.isoformat(),
            "needs_person": {
                "total": data.waiting_total,
                "orders": [_waiting_json(order) for order in data.waiting],
            },
            "picking_now": [_picking_json(entry) for entry in data.picking],
            "intake": self.intake.as_dict(),
            "subiekt_reachable": self.intake.healthy,
            "services": {name: s.as_dict() for name, s in self.services.services.items()},
            "store": {"ok": True, "error": None},
            "scanners": self.scanners(),
        }

    async def alerts(self, after_event_id: int, upto_event_id: int) -> list[dict[str, Any]]:
        found = await self.store.read(dashboard_store.alerts_between, after_event_id, upto_event_id)
        return [
            {
                "id": alert.order_id,
                "number": alert.number,
                "status": alert.status.value,
                "reason": alert.reason,
                "at": alert.at.isoformat(),
                "event_id": alert.event_id,
            }
            for alert in found
        ]

    def store_down(self, body: dict[str, Any], error: str) -> dict[str, Any]:
        return {**body, "store": {"ok": False, "error": error}}


def wants_event_stream() -> bool:
    """Whether the request's ``Accept`` names ``text/event-stream`` itself (``*/*`` does not
    do: a client that did not ask for a stream would wait minutes for the body to end)."""
    for value, quality in request.accept_mimetypes:
        if value.split(";", 1)[0].strip().lower() == EVENT_STREAM and quality > 0:
            return True
    return False


def register(app: Quart, state: AppState) -> None:
    source = DashboardSource.of(state)
    hub = LiveHub(source)
    watcher = trio.CancelScope()

    @app.before_serving
    async def start_watcher() -> None:
        async def watch(task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
            with watcher:
                await hub.run(task_status=task_status)

        await app.nursery.start(watch)  # type: ignore[attr-defined]

    @app.after_serving
    async def stop_watcher() -> None:
        watcher.cancel()

    @app.get("/api/dashboard")
    @access.guard(state.auth, state.config, OFFICE_ROLES)
    async def dashboard() -> Response:
        _, body = await source.snapshot()
        return jsonify(to_json(body))

    @app.get("/api/events")
    @access.guard(state.auth, state.config, OFFICE_ROLES)
    async def events() -> Response:
        if not wants_event_stream():
            raise ApiError(406, "not_acceptable", media_type=EVENT_STREAM)
        if hub.full:
            raise ApiError(
                503, "busy", "api.events_busy", headers={"Retry-After": str(BUSY_RETRY_SECONDS)},
                extra={"retry_after": BUSY_RETRY_SECONDS}, limit=hub.max_streams,
            )  # fmt: skip
        if request.method == "HEAD":
            return Response(b"", mimetype=EVENT_STREAM)
        first = await hub.current()
        response = Response(
            hub.events(first, lifetime=STREAM_SECONDS, keep_alive=KEEP_ALIVE_SECONDS),
            mimetype=EVENT_STREAM,
        )
        response.headers["X-Accel-Buffering"] = "no"  # a reverse proxy must not hold events
        response.timeout = STREAM_SECONDS + 30  # Quart's default would cut it after 60 s
        return response
