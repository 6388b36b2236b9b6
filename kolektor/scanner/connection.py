"""One scanner's WebSocket connection: receive a frame, parse it, let the service act,
send the answers.  Thin by design — the protocol is :mod:`.protocol`, the rules are
:mod:`.service`.

Frames are handled one at a time, in the order they arrive, so a device replaying its
offline scans gets their verdicts in the same order.  Nothing a device sends can end the
connection: every problem becomes an ``error`` frame.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kolektor.i18n import Language, normalize_language, t
from kolektor.logs import log_context, log_event
from kolektor.scanner import protocol as p
from kolektor.scanner.service import Judged, ScannerError, ScannerService
from kolektor.store.operators import Operator

logger = logging.getLogger("kolektor.scanner")

SUPERVISOR_ROLES = frozenset({"supervisor", "admin"})


@dataclass
class DeviceState:
    """What the server knows about one connected device."""

    language: Language
    device_id: str | None = None
    station: dict[str, Any] = field(default_factory=dict)
    operator: Operator | None = None


class ScannerConnection:
    """Serves one device; ``send`` writes a frame to its socket."""

    def __init__(
        self,
        service: ScannerService,
        send: Callable[[str], Awaitable[None]],
        *,
        language: Language = "pl",
    ) -> None:
        self.service = service
        self._send = send
        self.device = DeviceState(language=language)

    async def send(self, kind: str, ref: str | None = None, **fields: Any) -> None:
        await self._send(p.encode(kind, ref, **fields))

    async def error(
        self, code: str, ref: str | None, key: str | None = None, **params: Any
    ) -> None:
        message = self._message(key or f"ws.{code}", params)
        await self.send("error", ref, code=code, message=message)

    def _message(self, key: str, params: dict[str, Any]) -> str:
        language = self.device.language
        if key == "ws.bad_message":
            problem = params.get("problem", "")
            params = {**params, "problem": t(f"ws.problem.{problem}", language)}
        try:
            return t(key, language, **params)
        except KeyError:
            return t("ws.internal", language)

    async def receive(self, raw: str | bytes) -> None:
        """Handle one frame from the device."""
        try:
            message = p.parse_message(raw)
        except p.ProtocolError as error:
            await self.error(error.code, error.ref, error.key, **error.params)
            return
        operator = self.device.operator
        with log_context(operator=operator.login if operator else None):
            try:
                await self._dispatch(message)
            except ScannerError as error:
                await self.error(error.code, message.ref, None, **error.params)
            except Exception:
                fields = {"message": type(message).__name__, "device": self.device.device_id}
                logger.exception("scanner.failed", extra={"kolektor_fields": fields})
                await self.error("internal", message.ref)

    async def _dispatch(self, message: p.Message) -> None:
        ref = message.ref
        match message:
            case p.Ping():
                await self.send("pong", ref)
            case p.Hello():
                self.device.device_id = message.device_id
                self.device.station = dict(message.station)
                if message.language:
                    self.device.language = normalize_language(message.language)
                await self.send(
                    "welcome", ref, protocol=p.PROTOCOL_VERSION,
                    server_time=datetime.now(UTC), login_methods=["badge", "pin"],
                )  # fmt: skip
            case p.Login():
                await self._login(message)
            case _ if self.device.operator is None or self.device.device_id is None:
                await self.error("login_required", ref)
            case _:
                await self._operator_message(message, self.device.operator)

    async def _login(self, message: p.Login) -> None:
        if self.device.device_id is None:
            await self.error("login_required", message.ref, "ws.hello_first")
            return
        operator = await self.service.login(
            badge=message.badge, login=message.login, pin=message.pin
        )
        if operator is None:
            await self.error("login_failed", message.ref)
            return
        self.device.operator = operator
        log_event(logger, "scanner.login", operator=operator.login, device=self.device.device_id)
        await self.send(
            "login_ok", message.ref,
            operator={"id": operator.id, "login": operator.login, "name": operator.name,
                      "role": operator.role},
        )  # fmt: skip
        await self._send_queue(None, operator)
        for order_id in await self.service.claimed(operator):
            await self.send("order", None, order=await self.service.order_view(order_id))

    async def _send_queue(self, ref: str | None, operator: Operator) -> None:
        entries = await self.service.queue(operator)
        await self.send(
            "queue", ref,
            orders=[
                {"id": e.id, "number": e.number, "status": e.status.value,
                 "customer": e.customer, "lines": e.lines, "due_at": e.due_at,
                 "priority": e.priority, "claimed_by": e.claimed_by_login}
                for e in entries
            ],
        )  # fmt: skip

    async def _verdict(self, ref: str | None, order_id: int, id_field: str, ident: str,
                       judged: Judged) -> None:  # fmt: skip
        verdict = dict(judged.verdict)
        verdict["message"] = self._message(f"verdict.{verdict.get('kind')}", _params(verdict))
        await self.send(
            "verdict", ref, order_id=order_id, verdict=verdict, line=judged.line,
            complete=judged.complete, status=judged.order_status.value, **{id_field: ident},
        )  # fmt: skip

    async def _operator_message(self, message: p.Message, operator: Operator) -> None:
        service, ref = self.service, message.ref
        device_id = self.device.device_id or ""
        match message:
            case p.Logout():
                self.device.operator = None
                await self.send("logged_out", ref)
            case p.QueueRequest():
                await self._send_queue(ref, operator)
            case p.Claim():
                if message.takeover and operator.role not in SUPERVISOR_ROLES:
                    raise ScannerError("forbidden")
                await service.claim(operator, message.order_id, takeover=message.takeover)
                await self.send("order", ref, order=await service.order_view(message.order_id))
                await self._send_queue(None, operator)
            case p.Release():
                await service.release(operator, message.order_id)
                await self._send_queue(ref, operator)
            case p.Open():
                await self.send("order", ref, order=await service.order_view(message.order_id))
            case p.Scan():
                judged = await service.scan(
                    operator, device_id, order_id=message.order_id, scan_id=message.scan_id,
                    code=message.code, scanned_at=message.scanned_at, batch=message.batch,
                    expiry=message.expiry, serial=message.serial,
                )  # fmt: skip
                await self._verdict(ref, message.order_id, "scan_id", message.scan_id, judged)
            case p.Manual():
                judged = await service.manual(
                    operator, order_id=message.order_id, entry_id=message.entry_id,
                    line_id=message.line_id, quantity=message.quantity,
                )  # fmt: skip
                await self._verdict(ref, message.order_id, "entry_id", message.entry_id, judged)
            case p.Undo():
                judged = await service.undo(
                    operator, order_id=message.order_id, action_id=message.action_id
                )
                await self._verdict(ref, message.order_id, "action_id", message.action_id, judged)
                await self.send("order", None, order=await service.order_view(message.order_id))
            case p.Shortage():
                judged = await service.shortage(
                    operator, order_id=message.order_id, line_id=message.line_id,
                    reason=message.reason,
                )  # fmt: skip
                await self._verdict(ref, message.order_id, "line_id", str(message.line_id), judged)
                await self.send("order", None, order=await service.order_view(message.order_id))
            case p.PackOpen():
                order_id = await service.pack_open(message.code)
                await self.send("order", ref, order=await service.order_view(order_id))
            case p.Pack():
                await service.pack(operator, order_id=message.order_id, parcels=message.packages)
                view = await service.order_view(message.order_id)
                await self.send(
                    "packed", ref, order_id=message.order_id, number=view["number"],
                    packages=len(message.packages), status=view["status"],
                )  # fmt: skip
                await self._send_queue(None, operator)
            case p.Overview():
                if operator.role not in SUPERVISOR_ROLES:
                    raise ScannerError("forbidden")
                await self._send_overview(ref)
            case _:  # pragma: no cover - every parsed type is handled above
                await self.error("unknown_type", ref, type=type(message).__name__)

    async def _send_overview(self, ref: str | None) -> None:
        people: dict[str, dict[str, Any]] = {}
        for entry in await self.service.overview():
            person = people.setdefault(
                entry.login, {"login": entry.login, "name": entry.name, "orders": []}
            )
            person["orders"].append(
                {"id": entry.order_id, "number": entry.number, "picked": entry.picked,
                 "ordered": entry.ordered}
            )  # fmt: skip
        await self.send("overview", ref, operators=list(people.values()))


def _params(verdict: dict[str, Any]) -> dict[str, Any]:
    """The verdict's flat fields as message parameters (quantities as text)."""
    return {
        k: v if v is None or isinstance(v, str | int | float) else str(v)
        for k, v in verdict.items()
        if not isinstance(v, dict)
    }
