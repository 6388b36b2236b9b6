"""One scanner's WebSocket connection: receive a frame, parse it, let the service act,
send the answers.  Thin by design — the protocol is :mod:`.protocol`, the rules are
:mod:`.service`.

Frames are handled one at a time, in the order they arrive, so a device replaying its
offline scans gets their verdicts in the same order.  Nothing a device sends can end the
connection: every problem becomes an ``error`` frame.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, Final

from kolektor.auth.permissions import scanner_allows
from kolektor.auth.service import AuthService, Client, LoggedIn, LoginRefused, SessionEnded
from kolektor.i18n import Language, normalize_language, scan_error_message, t
from kolektor.logs import log_context, log_event
from kolektor.scanner import protocol as p
from kolektor.scanner.manual import AUTHORIZERS
from kolektor.scanner.service import Judged, ScannerError, ScannerService, StepOutlook
from kolektor.stock import StockCheck, describe
from kolektor.store.engine import StoreUnavailableError
from kolektor.store.operators import Operator
from kolektor.store.sessions import EndReason

logger = logging.getLogger("kolektor.scanner")

PASSIVE: Final = frozenset({"hello", "login", "ping", "queue", "overview"})
"""Messages an app sends by itself; the rest are a person's activity (the idle timeout)."""
LOGIN_METHODS: Final = ("badge+pin", "login+pin", "badge", "session")
QUEUE_BUDGET: Final = 12 * 1024
"""Bytes of queue entries one ``queue`` message carries at most (the message stays well
under the 16 KiB limit whatever the customers' names)."""
UNAVAILABLE_RETRY: Final = 2
"""Seconds a device waits before sending again what the store could not take."""


@dataclass
class DeviceState:
    """What the server knows about one connected device."""

    language: Language
    device_id: str | None = None
    operator: Operator | None = None
    session_id: str | None = None


class ScannerConnection:
    """Serves one device; ``send`` writes a frame to its socket.

    While an operator is logged in, the connection is attached to ``auth``'s watch, which
    calls :meth:`session_ended` when the session stops being live (deactivated, demoted,
    PIN changed, logged out elsewhere, idle, expired).
    """

    def __init__(
        self,
        service: ScannerService,
        send: Callable[[str], Awaitable[None]],
        *,
        auth: AuthService,
        client: Client,
        language: Language = "pl",
    ) -> None:
        self.service = service
        self.auth = auth
        self.client = client
        self._send = send
        self.device = DeviceState(language=language)

    @property
    def session_id(self) -> str | None:
        return self.device.session_id

    async def send(self, kind: str, ref: str | None = None, **fields: Any) -> None:
        await self._send(p.encode(kind, ref, **fields))

    async def error(
        self,
        code: str,
        ref: str | None,
        key: str | None = None,
        *,
        reply_fields: Mapping[str, Any] | None = None,
        **params: Any,
    ) -> None:
        extra: dict[str, Any] = {}
        if "retry_after" in params:
            extra["retry_after"] = params["retry_after"]
        for name, value in (reply_fields or {}).items():
            if name == "lines":  # lines short (stock_short): listed, and named in the message
                params["lines"] = describe(value, self.device.language)
                value = [line.as_dict() for line in value]
            extra[name] = value
        message = self._message(key or f"ws.{code}", params)
        await self.send("error", ref, code=code, message=message, **extra)

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
        """Handle one frame from the device (UTF-8 text frames only: a binary frame is
        refused with ``binary_frame``, its ``ref`` given back when it can be read)."""
        if isinstance(raw, bytes):
            await self.error("binary_frame", p.ref_of_refused(raw))
            return
        try:
            message = p.parse_message(raw)
        except p.ProtocolError as error:
            await self.error(error.code, error.ref, error.key, **dict[str, Any](error.params))
            return
        operator = self.device.operator
        with log_context(operator=operator.login if operator else None):
            try:
                await self._dispatch(message)
            except ScannerError as error:
                await self.error(
                    error.code, message.ref, error.key, reply_fields=error.fields, **error.params
                )
            except StoreUnavailableError as error:
                # Nothing was written: the device keeps the request and sends it again.
                log_event(logger, "scanner.store_unavailable", logging.WARNING,
                          message=message.kind, error=str(error)[:200])  # fmt: skip
                await self.error("unavailable", message.ref, retry_after=UNAVAILABLE_RETRY)
            except Exception:
                fields = {"message": message.kind, "device": self.device.device_id}
                logger.exception("scanner.failed", extra={"kolektor_fields": fields})
                await self.error("internal", message.ref)

    async def closed(self) -> None:
        """The socket is gone: stop watching its session (which stays live for a reconnect)."""
        self.auth.detach(self)

    async def session_ended(self, reason: EndReason) -> None:
        """Called by the auth watch: the operator's session is over; tell the device."""
        if self.device.operator is None:
            return
        log_event(logger, "scanner.session_ended", operator=self.device.operator.login,
                  device=self.device.device_id, reason=reason.value)  # fmt: skip
        self._forget_operator()
        await self.send(
            "logged_out", None, reason=reason.value,
            message=t(f"ws.logged_out.{reason.value}", self.device.language),
        )  # fmt: skip

    def _forget_operator(self) -> None:
        self.device.operator = None
        self.device.session_id = None
        self.auth.detach(self)

    async def _dispatch(self, message: p.Message) -> None:
        ref = message.ref
        match message:
            case p.Ping():
                await self.send("pong", ref)
            case p.Hello():
                # ``station`` of older clients is ignored: the station is the server's
                # setting of the device (``set_station``).
                self.device.device_id = message.device_id
                if message.language:
                    self.device.language = normalize_language(message.language)
                await self.send(
                    "welcome", ref, protocol=p.PROTOCOL_VERSION,
                    server_time=datetime.now(UTC), login_methods=list(LOGIN_METHODS),
                )  # fmt: skip
            case p.Login():
                await self._login(message)
            case _ if self.device.operator is None or self.device.device_id is None:
                await self.error("login_required", ref)
            case _:
                operator = self.device.operator
                kind = message.kind
                if isinstance(message, p.Claim) and message.takeover:
                    kind = "claim.takeover"
                if not scanner_allows(kind, operator.role):
                    log_event(logger, "scanner.forbidden", logging.WARNING, message=kind,
                              role=operator.role.value, device=self.device.device_id)  # fmt: skip
                    raise ScannerError("forbidden")
                if message.kind not in PASSIVE and self.device.session_id is not None:
                    self.auth.seen(self.device.session_id)
                await self._operator_message(message, operator)

    async def _login(self, message: p.Login) -> None:
        device_id = self.device.device_id
        if device_id is None:
            await self.error("login_required", message.ref, "ws.hello_first")
            return
        try:
            if message.session is not None:
                logged = await self.auth.resume_device(message.session, device_id)
            else:
                logged = await self.auth.login_device(
                    self.client, device_id, badge=message.badge, login=message.login,
                    pin=message.pin, replaces=None,
                )  # fmt: skip
        except LoginRefused as refused:
            await self._refused(message.ref, refused)
            return
        except SessionEnded:
            await self.error("session_expired", message.ref)
            return
        previous = self.device.session_id
        await self._logged_in(message.ref, logged)
        if previous is not None and previous != self.device.session_id:
            await self.auth.logout(previous)

    async def _refused(self, ref: str | None, refused: LoginRefused) -> None:
        code = refused.code
        params: dict[str, Any] = {}
        if refused.retry_after is not None:
            params["retry_after"] = refused.retry_after
            params["minutes"] = max(1, (refused.retry_after + 59) // 60)
        key = "ws.forbidden_login" if code == "forbidden" else None
        await self.error(code, ref, key, **params)

    async def _logged_in(self, ref: str | None, logged: LoggedIn) -> None:
        operator, session = logged.operator, logged.session
        assert session is not None
        self.device.operator = operator
        self.device.session_id = session.id
        self.auth.attach(self)
        log_event(logger, "scanner.login", operator=operator.login, device=self.device.device_id)
        session_info: dict[str, Any] = {
            "expires_at": session.expires_at,
            "idle_minutes": session.idle_seconds // 60,
        }
        if logged.token is not None:
            session_info["token"] = logged.token
        policy = await self.service.manual_policy()
        await self.send(
            "login_ok", ref,
            operator={"id": operator.id, "login": operator.login, "name": operator.name,
                      "role": operator.role.value, "manual_entry": policy.entry(operator.role)},
            session=session_info,
            station=await self.service.device_station(self.device.device_id),
        )  # fmt: skip
        await self._send_queue(None, operator)
        for order_id in await self.service.claimed(operator):
            await self.send("order", None, order=await self._order_view(order_id))

    async def _order_view(self, order_id: int) -> dict[str, Any]:
        """The ``order`` view for this device (its station, names in its language)."""
        return await self.service.order_view(
            order_id, device_id=self.device.device_id, language=self.device.language
        )

    async def _send_queue(
        self, ref: str | None, operator: Operator, *, offset: int = 0, limit: int | None = None
    ) -> None:
        """One page of the queue: at most ``limit`` entries from ``offset``, fewer when
        more would not fit in :data:`QUEUE_BUDGET` bytes; ``total`` and ``next_offset``
        (None on the last page) tell the device what is left."""
        queue = await self.service.queue(operator, offset=offset, limit=limit or p.QUEUE_PAGE)
        page: list[dict[str, Any]] = []
        size = 0
        for e in queue.entries:
            item = {"id": e.id, "number": e.number, "status": e.status.value,
                    "customer": e.customer, "lines": e.lines, "due_at": e.due_at,
                    "priority": e.priority, "claimed_by": e.claimed_by_login}  # fmt: skip
            size += len(p.encode("entry", None, **item).encode("utf-8"))
            if page and size > QUEUE_BUDGET:
                break
            page.append(item)
        end = offset + len(page)
        await self.send(
            "queue", ref, orders=page, total=queue.total, offset=offset,
            next_offset=end if end < queue.total else None,
        )  # fmt: skip

    async def _verdict(self, ref: str | None, order_id: int, id_field: str, ident: str,
                       judged: Judged) -> None:  # fmt: skip
        verdict = dict(judged.verdict)
        scan_error = verdict.get("scan_error")
        if isinstance(scan_error, dict) and scan_error.get("code"):
            # What is wrong with the code itself ("EAN-13 … check digit … — scan again").
            verdict["message"] = scan_error_message(
                SimpleNamespace(**scan_error), self.device.language
            )
        elif judged.message is not None:  # the verdict with its context, in words
            verdict["message"] = judged.message.render(self.device.language)
        else:
            key = f"verdict.{verdict.get('kind')}"
            if key == "verdict.over_pick" and verdict.get("within_tolerance"):
                key = "verdict.over_pick.within_tolerance"  # weighed goods, complete already
            verdict["message"] = self._message(key, _params(verdict))
        await self.send(
            "verdict", ref, order_id=order_id, verdict=verdict, line=judged.line,
            complete=judged.complete, status=judged.order_status.value, **{id_field: ident},
        )  # fmt: skip

    async def _operator_message(self, message: p.Message, operator: Operator) -> None:
        service, ref = self.service, message.ref
        device_id = self.device.device_id or ""
        match message:
            case p.Logout():
                session_id = self.device.session_id
                self._forget_operator()
                if session_id is not None:
                    await self.auth.logout(session_id)
                await self.send(
                    "logged_out", ref, reason=EndReason.LOGOUT.value,
                    message=t("ws.logged_out.logout", self.device.language),
                )  # fmt: skip
            case p.QueueRequest():
                await self._send_queue(ref, operator, offset=message.offset, limit=message.limit)
            case p.Claim():
                stock = await service.claim(operator, message.order_id, takeover=message.takeover)
                log_event(logger, "scanner.claimed", order_id=message.order_id,
                          takeover=message.takeover, device=device_id)  # fmt: skip
                extra = {"stock": self._stock_view(stock)} if stock is not None else {}
                view = await self._order_view(message.order_id)
                await self.send("order", ref, order=view, **extra)
                await self._send_queue(None, operator)
            case p.Release():
                await service.release(operator, message.order_id)
                log_event(logger, "scanner.released", order_id=message.order_id, device=device_id)
                await self._send_queue(ref, operator)
            case p.Open():
                view = await service.open(
                    operator, message.order_id, device_id=device_id, language=self.device.language
                )
                await self.send("order", ref, order=view)
            case p.Scan():
                judged = await service.scan(
                    operator, device_id, order_id=message.order_id, scan_id=message.scan_id,
                    code=message.code, scanned_at=message.scanned_at, batch=message.batch,
                    expiry=message.expiry, serial=message.serial,
                )  # fmt: skip
                await self._verdict(ref, message.order_id, "scan_id", message.scan_id, judged)
            case p.Manual():
                authorizer = await self._manual_authorization(message, operator, device_id)
                judged = await service.manual(
                    operator, order_id=message.order_id, entry_id=message.entry_id,
                    line_id=message.line_id, quantity=message.quantity, device_id=device_id,
                    authorized_by=authorizer,
                )  # fmt: skip
                await self._verdict(ref, message.order_id, "entry_id", message.entry_id, judged)
            case p.Undo():
                judged = await service.undo(
                    operator, order_id=message.order_id, action_id=message.action_id,
                    device_id=device_id,
                )  # fmt: skip
                await self._verdict(ref, message.order_id, "action_id", message.action_id, judged)
                await self.send("order", None, order=await self._order_view(message.order_id))
            case p.Shortage():
                judged = await service.shortage(
                    operator, order_id=message.order_id, line_id=message.line_id,
                    reason=message.reason,
                )  # fmt: skip
                await self._verdict(ref, message.order_id, "line_id", str(message.line_id), judged)
                await self.send("order", None, order=await self._order_view(message.order_id))
            case p.PackOpen():
                order_id = await service.pack_open(message.code)
                await self.send("order", ref, order=await self._order_view(order_id))
            case p.Pack():
                packed = await service.pack(
                    operator, order_id=message.order_id, parcels=message.packages,
                    request_id=message.request_id, device_id=device_id,
                )  # fmt: skip
                log_event(logger, "scanner.packed", order_id=message.order_id,
                          packages=len(message.packages), device=device_id,
                          again=not packed.packed)  # fmt: skip
                view = await self._order_view(message.order_id)
                await self.send(
                    "packed", ref, order_id=message.order_id, number=view["number"],
                    packages=len(message.packages), status=view["status"],
                    steps=[self._step_view(step) for step in packed.steps],
                )  # fmt: skip
                await self._send_queue(None, operator)
            case p.Stations():
                await self.send(
                    "stations", ref, stations=await service.stations(),
                    station=await service.device_station(device_id),
                )  # fmt: skip
            case p.SetStation():
                chosen = await service.set_station(operator, device_id, message.station_id)
                await self.send("station", ref, station=chosen)
            case p.LabelRequest():
                label = await service.label(message.order_id, self.device.language)
                await self.send("label", ref, **label)
            case p.ReprintLabel():
                label = await service.reprint_label(
                    operator, device_id=device_id, order_id=message.order_id,
                    request_id=message.request_id, language=self.device.language,
                )  # fmt: skip
                await self.send("label", ref, **label)
            case p.Overview():
                await self._send_overview(ref)
            case _:  # pragma: no cover - every parsed type is handled above
                await self.error("unknown_type", ref, type=type(message).__name__)

    async def _manual_authorization(
        self, message: p.Manual, operator: Operator, device_id: str
    ) -> Operator | None:
        """Who vouches for this typed quantity (None: nobody needs to); ``ScannerError``
        when the operator may not type it (``manual_not_allowed``) or the authorization is
        refused (``authorization_failed``, or the login throttling's answers).  A re-sent
        entry the engine judged already needs nothing: it is a ``duplicate``."""
        operation = f"manual:{device_id}:{message.entry_id}"
        if await self.service.judged_before(message.order_id, operation):
            return None
        given = message.authorized_by
        if given is None:
            if (await self.service.manual_policy()).allows(operator.role):
                return None
            log_event(logger, "scanner.manual_not_allowed", logging.WARNING,
                      order_id=message.order_id, role=operator.role.value)  # fmt: skip
            raise ScannerError("manual_not_allowed")
        try:
            authorizer = await self.auth.authorize(
                self.client, badge=given.badge, login=given.login, pin=given.pin,
                roles=AUTHORIZERS,
            )  # fmt: skip
        except LoginRefused as refused:
            if refused.retry_after is not None:
                raise ScannerError(
                    refused.code, retry_after=refused.retry_after,
                    minutes=max(1, (refused.retry_after + 59) // 60),
                ) from None  # fmt: skip
            raise ScannerError("authorization_failed") from None
        if authorizer.id == operator.id:
            raise ScannerError("authorization_failed", key="ws.authorization_failed.self")
        log_event(logger, "scanner.manual_authorized", order_id=message.order_id,
                  by=authorizer.login, device=device_id)  # fmt: skip
        return authorizer

    def _stock_view(self, check: StockCheck) -> dict[str, Any]:
        """The ``stock`` field of the ``order`` answering a claim."""
        language = self.device.language
        if not check.checked:
            return {"checked": False, "short": [], "message": t("stock.unchecked", language)}
        if not check.short:
            return {"checked": True, "short": [], "message": None}
        return {
            "checked": True,
            "short": [line.as_dict() for line in check.short],
            "message": t("stock.claim_short", language, lines=describe(check.short, language)),
        }

    def _step_view(self, step: StepOutlook) -> dict[str, Any]:
        """One entry of the ``steps`` of ``packed``; the reason in the device's language
        when Kolektor knows it, else as recorded (the rules' reason, an error)."""
        reason = step.reason
        if step.reason_key is not None:
            reason = t(step.reason_key, self.device.language)
        return {"step": step.step, "state": step.state, "reason": reason}

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
    """The verdict's flat fields as message parameters: quantities as :class:`Decimal` (the
    catalog writes them with a decimal comma in Polish), the rest as text."""
    return {
        k: v if v is None or isinstance(v, str | int | float | Decimal) else str(v)
        for k, v in verdict.items()
        if not isinstance(v, dict)
    }
