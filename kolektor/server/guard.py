"""What the app cannot see to answer itself, handled in front of it (ASGI).

* One address sending requests (or opening sockets) faster than :data:`REQUESTS_PER_SECOND`
  on average, beyond a burst of :data:`REQUEST_BURST`, gets a 429 at once, before the app
  spends anything on them: a flood from one machine costs the scanners as little as it can.
  Kolektor's own machine (127.0.0.1, ::1) is not limited.
* A ``Host`` header that is not a host name (an empty label like ``a..b``, a label over 63
  characters) makes werkzeug raise ``BadHost`` while Quart builds the request, before any
  of the app's error handlers — a 500 with an empty body.  :class:`FrontGuard` answers it
  with a JSON 400 instead (and refuses such a WebSocket handshake the same way).
* A request answered before its body was read (an unknown address, a wrong method) leaves
  the rest of the body in the connection, and the next request on that keep-alive
  connection would be read from the middle of it.  The guard adds ``Connection: close`` to
  such answers.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final

from kolektor.i18n import Language, t

Scope = dict[str, Any]
Message = dict[str, Any]

REQUESTS_PER_SECOND: Final = 100.0
"""Requests (and socket handshakes) per second one address may keep up."""
REQUEST_BURST: Final = 200.0
"""How many it may send at once (a page with its files, a script's burst)."""
UNLIMITED: Final = frozenset({"127.0.0.1", "::1"})
"""This machine itself (a reverse proxy in front of Kolektor, a local script) is not
limited: behind a proxy every client would share its address."""


class RequestRate:
    """A token bucket per address, in memory; beyond ``max_addresses`` the least recently
    seen are forgotten first."""

    def __init__(
        self,
        rate: float = REQUESTS_PER_SECOND,
        burst: float = REQUEST_BURST,
        *,
        max_addresses: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.max_addresses = max_addresses
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, address: str) -> float:
        """0 when ``address`` may make a request now (and counts it), else the seconds until
        it may."""
        now = self._clock()
        tokens, then = self._buckets.pop(address, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[address] = (tokens, now)
        while len(self._buckets) > self.max_addresses:
            self._buckets.popitem(last=False)
        return wait


def host_is_valid(host: bytes | None) -> bool:
    """Whether a ``Host`` header names a host werkzeug can route (IDNA-encodable)."""
    if host is None:
        return True  # HTTP/1.0 without Host: the server's own name is used
    try:
        text = host.decode("ascii")
    except UnicodeDecodeError:
        return False
    if text.startswith("["):  # an IPv6 literal, [::1]:8080
        return "]" in text
    name = text.rpartition(":")[0] if text.count(":") == 1 else text
    try:
        name.lower().encode("idna")
    except UnicodeError:
        return False
    return True


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


def _error_body(scope: Scope, code: str) -> bytes:
    accept = (_header(scope, b"accept-language") or b"").decode("latin-1").lower()
    language: Language = "en" if accept.startswith("en") else "pl"
    message = {"error": code, "message": t(f"api.{code}", language)}
    return json.dumps(message, ensure_ascii=False).encode("utf-8")


class FrontGuard:
    """Wraps the ASGI app (see the module docstring)."""

    def __init__(self, app: Any, *, rate: RequestRate | None = None) -> None:
        self.app = app
        self.rate = rate or RequestRate()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        kind = scope.get("type")
        if kind not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        chunked = b"chunked" in (_header(scope, b"transfer-encoding") or b"").lower()
        bodiless = not chunked and length in (None, b"0")
        client = str((scope.get("client") or ("unknown", 0))[0])
        wait = 0.0 if client in UNLIMITED else self.rate.take(client)
        if wait > 0:
            retry = max(1, int(wait + 0.999))
            await _refuse(scope, send, 429, "too_many_requests", retry_after=retry,
                          keep_alive=bodiless)  # fmt: skip
            return
        if not host_is_valid(_header(scope, b"host")):
            await _refuse(scope, send, 400, "bad_host")
            return
        if kind == "websocket":
            await self.app(scope, receive, send)
            return
        state = {"complete": bodiless}

        async def tracking_receive() -> Message:
            message: Message = await receive()
            kind = message.get("type")
            ended = kind == "http.request" and not message.get("more_body", False)
            if ended or kind == "http.disconnect":
                state["complete"] = True
            return message

        async def closing_send(message: Message) -> None:
            if message.get("type") == "http.response.start" and not state["complete"]:
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"
                ]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, tracking_receive, closing_send)


async def _refuse(
    scope: Scope,
    send: Any,
    status: int,
    code: str,
    *,
    retry_after: int | None = None,
    keep_alive: bool = False,
) -> None:
    """Answer without the app; the connection is closed unless ``keep_alive`` (a request
    without a body: nothing of it is left unread)."""
    body = _error_body(scope, code)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    if not keep_alive:
        headers.append((b"connection", b"close"))
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    prefix = "websocket.http" if scope["type"] == "websocket" else "http"
    await send({"type": f"{prefix}.response.start", "status": status, "headers": headers})
    await send({"type": f"{prefix}.response.body", "body": body})
