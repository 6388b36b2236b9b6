"""A small HTTP/1.1 server on loopback for the ShipX fake (h11 over Trio sockets).

Written on h11 rather than an ASGI server because the fake must misbehave the ways a real
service does on the wire: answer late, close the connection without an answer (after the
request took effect, or before), or send bytes that are not what they claim to be.  The
handler returns an :class:`Answer`; :data:`DROP` closes the connection instead.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import parse_qsl, urlsplit

import h11
import trio

from kolektor.logs import log_event

logger = logging.getLogger(__name__)

MAX_BODY: Final = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Incoming:
    """One request as received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before sending (a slow service)."""


DROP: Final = Answer(status=0)
"""Close the connection without answering."""

Handler = Callable[[Incoming], Awaitable[Answer]]


async def _read(conn: h11.Connection, stream: trio.SocketStream) -> Incoming | None:
    request: h11.Request | None = None
    body = bytearray()
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(await stream.receive_some(65536))
        elif isinstance(event, h11.Request):
            request = event
        elif isinstance(event, h11.Data):
            body += event.data
            if len(body) > MAX_BODY:
                raise h11.RemoteProtocolError("request body too large")
        elif isinstance(event, h11.EndOfMessage):
            assert request is not None
            target = urlsplit(request.target.decode("latin-1"))
            return Incoming(
                method=request.method.decode("ascii").upper(),
                path=target.path,
                query=dict(parse_qsl(target.query, keep_blank_values=True)),
                headers={
                    k.decode("latin-1").lower(): v.decode("latin-1") for k, v in request.headers
                },
                body=bytes(body),
            )
        else:  # ConnectionClosed, PAUSED
            return None


async def _send(conn: h11.Connection, stream: trio.SocketStream, answer: Answer) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1"))
               for name, value in answer.headers.items()]  # fmt: skip
    if answer.status not in (204, 304):
        headers += [
            (b"content-type", answer.content_type.encode("latin-1")),
            (b"content-length", str(len(answer.body)).encode("ascii")),
        ]
    await stream.send_all(conn.send(h11.Response(status_code=answer.status, headers=headers)))
    if answer.body and answer.status not in (204, 304):
        await stream.send_all(conn.send(h11.Data(data=answer.body)))
    await stream.send_all(conn.send(h11.EndOfMessage()))


async def _connection(stream: trio.SocketStream, handler: Handler) -> None:
    conn = h11.Connection(h11.SERVER)
    try:
        while True:
            incoming = await _read(conn, stream)
            if incoming is None:
                return
            answer = await handler(incoming)
            if answer.status == 0:
                return
            if answer.delay:
                await trio.sleep(answer.delay)
            await _send(conn, stream, answer)
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                return
            conn.start_next_cycle()
    except h11.RemoteProtocolError as error:
        log_event(logger, "fake.bad_request", logging.DEBUG, error=str(error))
        if conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            with contextlib.suppress(
                trio.BrokenResourceError, trio.ClosedResourceError, h11.LocalProtocolError
            ):
                await _send(conn, stream, Answer(status=400, body=b"{}"))
    except (trio.BrokenResourceError, trio.ClosedResourceError, h11.LocalProtocolError):
        return
    finally:
        await stream.aclose()


async def serve(
    handler: Handler,
    *,
    port: int = 0,
    task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Serve ``handler`` on 127.0.0.1:``port`` (0: any free port) until cancelled; reports
    the port once listening."""
    listeners = await trio.open_tcp_listeners(port, host="127.0.0.1")
    bound = listeners[0].socket.getsockname()[1]
    task_status.started(bound)
    await trio.serve_listeners(functools.partial(_connection, handler=handler), listeners)
