"""The two questions Kolektor asks CUPS over IPP: a queue's state and its jobs.

IPP (RFC 8010 encoding, RFC 8011 operations) is a binary request in an HTTP POST
(``Content-Type: application/ipp``) to ``/printers/<queue>`` on the CUPS server.  Only what
is needed is written here: a request with operation attributes, and a response read into
attribute groups (integers, enums, booleans and text; anything else is kept as bytes and
collections are skipped).  Printing itself goes through ``lp`` (:mod:`kolektor.printing.cups`).

Where the CUPS server is comes from ``lpstat -H`` — the same answer ``lp`` uses
(``CUPS_SERVER``, ``client.conf``, else the local scheduler): a path is a unix socket, else
``host[:port]`` (port 631).  A CUPS that demands encryption or a password for these
read-only questions is not supported.
"""

from __future__ import annotations

import getpass
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

GET_JOBS = 0x000A
GET_PRINTER_ATTRIBUTES = 0x000B

STATUS_NOT_FOUND = 0x0406
"""``client-error-not-found``: no such queue."""

# delimiter tags
OPERATION_GROUP = 0x01
JOB_GROUP = 0x02
END = 0x03
PRINTER_GROUP = 0x04
# value tags
INTEGER = 0x21
BOOLEAN = 0x22
ENUM = 0x23
TEXT_WITH_LANGUAGE = 0x35
NAME_WITH_LANGUAGE = 0x36
BEGIN_COLLECTION = 0x34
END_COLLECTION = 0x37
NAME = 0x42
KEYWORD = 0x44
URI = 0x45
CHARSET = 0x47
LANGUAGE = 0x48
_STRINGS = {0x41, NAME, KEYWORD, URI, 0x46, CHARSET, LANGUAGE, 0x49}

Value = int | bool | str | bytes


class IppError(ValueError):
    """CUPS's answer is not a readable IPP response."""


@dataclass(frozen=True, slots=True)
class Group:
    """One attribute group of a response (``tag`` 0x02 job, 0x04 printer…)."""

    tag: int
    attributes: dict[str, list[Value]] = field(default_factory=dict)

    def first(self, name: str) -> Value | None:
        values = self.attributes.get(name)
        return values[0] if values else None


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    groups: tuple[Group, ...]

    @property
    def ok(self) -> bool:
        return self.status < 0x0100

    def of(self, tag: int) -> list[Group]:
        return [group for group in self.groups if group.tag == tag]


@dataclass(frozen=True, slots=True)
class Server:
    """Where the CUPS scheduler listens: a unix socket path or ``host:port``."""

    socket_path: str | None = None
    host: str = "localhost"
    port: int = 631

    @classmethod
    def parse(cls, text: str) -> Server:
        """``lpstat -H`` output → server (``/run/cups/cups.sock``, ``localhost:631``)."""
        text = text.strip()
        if text.startswith("/"):
            return cls(socket_path=text)
        host, _, port = text.rpartition(":") if text.count(":") == 1 else (text, "", "")
        return cls(host=host or text, port=int(port) if port.isdigit() else 631)

    def __str__(self) -> str:
        return self.socket_path or f"{self.host}:{self.port}"

    def printer_uri(self, queue: str) -> str:
        netloc = "localhost" if self.socket_path else f"{self.host}:{self.port}"
        return f"ipp://{netloc}/printers/{quote(queue, safe='')}"

    def client(self, timeout: float) -> httpx.AsyncClient:
        if self.socket_path:
            transport = httpx.AsyncHTTPTransport(uds=self.socket_path)
            return httpx.AsyncClient(
                transport=transport, base_url="http://localhost", timeout=timeout
            )
        return httpx.AsyncClient(base_url=f"http://{self.host}:{self.port}", timeout=timeout)


def request(
    operation: int,
    printer_uri: str,
    attributes: Iterable[tuple[int, str, Sequence[str | int]]] = (),
    *,
    request_id: int = 1,
) -> bytes:
    """An IPP/1.1 request: the required operation attributes, then ``attributes``
    (``(value tag, name, values)``, several values for a ``1setOf``; a value is text, or a
    number for ``INTEGER``)."""
    body = bytearray(struct.pack(">BBHI", 1, 1, operation, request_id))
    body.append(OPERATION_GROUP)
    required: list[tuple[int, str, Sequence[str | int]]] = [
        (CHARSET, "attributes-charset", ["utf-8"]),
        (LANGUAGE, "attributes-natural-language", ["en"]),
        (URI, "printer-uri", [printer_uri]),
        (NAME, "requesting-user-name", [getpass.getuser()]),
    ]
    for tag, name, values in [*required, *attributes]:
        for number, value in enumerate(values):
            encoded_name = name.encode("utf-8") if number == 0 else b""
            encoded = struct.pack(">i", value) if isinstance(value, int) else value.encode()
            body += struct.pack(">BH", tag, len(encoded_name)) + encoded_name
            body += struct.pack(">H", len(encoded)) + encoded
    body.append(END)
    return bytes(body)


def parse_response(data: bytes) -> Response:
    """Read an IPP response; :class:`IppError` when it is cut short or malformed."""
    if len(data) < 9:
        raise IppError("shorter than an IPP header")
    status = struct.unpack_from(">H", data, 2)[0]
    groups: list[Group] = []
    position = 8
    last_name = ""
    depth = 0
    while True:
        if position >= len(data):
            raise IppError("no end-of-attributes tag")
        tag = data[position]
        position += 1
        if tag == END:
            break
        if tag < 0x10:
            groups.append(Group(tag))
            continue
        name_length, position = _unpack_length(data, position)
        name = data[position : position + name_length].decode("utf-8", errors="replace")
        position += name_length
        value_length, position = _unpack_length(data, position)
        raw = data[position : position + value_length]
        if len(raw) != value_length:
            raise IppError("an attribute runs past the end")
        position += value_length
        if tag == BEGIN_COLLECTION:
            depth += 1
            continue
        if tag == END_COLLECTION:
            depth -= 1
            continue
        if depth or not groups:
            continue  # members of a collection; nothing Kolektor asks for
        if name:
            last_name = name
        groups[-1].attributes.setdefault(last_name, []).append(_decode(tag, raw))
    return Response(status=status, groups=tuple(groups))


def _unpack_length(data: bytes, position: int) -> tuple[int, int]:
    if position + 2 > len(data):
        raise IppError("an attribute runs past the end")
    return struct.unpack_from(">H", data, position)[0], position + 2


def _decode(tag: int, raw: bytes) -> Value:
    if tag in (INTEGER, ENUM) and len(raw) == 4:
        value: int = struct.unpack(">i", raw)[0]
        return value
    if tag == BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag in _STRINGS:
        return raw.decode("utf-8", errors="replace")
    if tag in (TEXT_WITH_LANGUAGE, NAME_WITH_LANGUAGE) and len(raw) >= 2:
        language_length = struct.unpack_from(">H", raw)[0]
        rest = raw[2 + language_length :]
        if len(rest) >= 2:
            return rest[2:].decode("utf-8", errors="replace")
    return raw


async def call(server: Server, queue: str, body: bytes, *, seconds: float) -> Response:
    """POST ``body`` to the queue's resource; raises ``httpx.HTTPError`` for transport
    failures and :class:`IppError` for an answer that is not IPP."""
    async with server.client(seconds) as client:
        answer = await client.post(
            f"/printers/{quote(queue, safe='')}",
            content=body,
            headers={"Content-Type": "application/ipp"},
        )
    if answer.status_code != 200:
        raise IppError(f"HTTP {answer.status_code}")
    return parse_response(answer.content)
