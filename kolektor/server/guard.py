"""What the app cannot see to answer itself, handled in front of it (ASGI).

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
from typing import Any

from kolektor.i18n import Language, t

Scope = dict[str, Any]
Message = dict[str, Any]


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


def _bad_host_body(scope: Scope) -> bytes:
    accept = (_header(scope, b"accept-language") or b"").decode("latin-1").lower()
    language: Language = "en" if accept.startswith("en") else "pl"
    return json.dumps(
        {"error": "bad_host", "message": t("api.bad_host", language)}, ensure_ascii=False
    ).encode("utf-8")


class FrontGuard:
    """Wraps the ASGI app (see the module docstring)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        kind = scope.get("type")
        if kind in {"http", "websocket"} and not host_is_valid(_header(scope, b"host")):
            await self._refuse_host(scope, send)
            return
        if kind != "http":
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        chunked = b"chunked" in (_header(scope, b"transfer-encoding") or b"").lower()
        state = {"complete": not chunked and length in (None, b"0")}

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

    @staticmethod
    async def _refuse_host(scope: Scope, send: Any) -> None:
        body = _bad_host_body(scope)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            (b"cache-control", b"no-store"),
        ]
        if scope["type"] == "websocket":
            await send({"type": "websocket.http.response.start", "status": 400, "headers": headers})
            await send({"type": "websocket.http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})
