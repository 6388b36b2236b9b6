"""Which printer, and what came back from printing on it.

:class:`PrinterTarget` mirrors one row of the ``printers`` table (``kolektor.store.tables``):
``kind`` ``zebra`` — a Zebra on the network, ``address`` = ``host:port`` (port 9100 when
left out, ``[v6]:port`` for IPv6) — or ``cups`` — a raw CUPS queue, ``address`` = the
queue's name; ``dpi`` and the label's size in millimetres say what the head prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from kolektor.i18n import Message
from kolektor.printing.host_status import HostStatus

PrinterKind = Literal["zebra", "cups"]
KINDS: tuple[PrinterKind, ...] = ("zebra", "cups")
RAW_PORT = 9100
"""Zebra's raw printing port (also called JetDirect / AppSocket)."""

_HOST_PORT = re.compile(
    r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^\s:\[\]]+))(?::(?P<port>\d+))?$"
)
_QUEUE = re.compile(r"^[^\s/#\\'\"]{1,127}$")
"""CUPS queue names: printable, no space, ``/``, ``#``, quotes or backslash, ≤ 127."""


class BadAddress(ValueError):
    """A printer address Kolektor cannot use; ``key``/``params`` for the office."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


_ROW_FIELDS = ("name", "kind", "address", "dpi", "width_mm", "height_mm")


@dataclass(frozen=True, slots=True)
class PrinterTarget:
    """A label printer as the ``printers`` table describes it."""

    name: str
    """What the office calls it (``Pakowanie 1``); every error names it."""
    kind: PrinterKind
    address: str
    dpi: int = 203
    width_mm: Decimal = Decimal("101.6")
    height_mm: Decimal = Decimal("152.4")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"printer kind must be one of {KINDS}, got {self.kind!r}")
        if self.dpi <= 0 or self.width_mm <= 0 or self.height_mm <= 0:
            raise ValueError("printer dpi and label size must be positive")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PrinterTarget:
        """Build it from a ``printers`` row (a SQLAlchemy ``RowMapping`` or a dict)."""
        return cls(
            name=str(row["name"]),
            kind=row["kind"],
            address=str(row["address"]).strip(),
            dpi=int(row["dpi"]),
            width_mm=Decimal(str(row["width_mm"])),
            height_mm=Decimal(str(row["height_mm"])),
        )

    @classmethod
    def from_record(cls, record: Any) -> PrinterTarget:
        """Build it from a stored printer (``kolektor.store.stations.PrinterRecord``)."""
        return cls.from_row({name: getattr(record, name) for name in _ROW_FIELDS})

    def endpoint(self) -> tuple[str, int]:
        """A Zebra's ``(host, port)``; :class:`BadAddress` when ``address`` is not one."""
        return parse_endpoint(self.address)

    def queue(self) -> str:
        """A CUPS printer's queue name; :class:`BadAddress` when ``address`` is not one."""
        if not _QUEUE.match(self.address):
            raise BadAddress("printing.address.bad_queue", address=self.address)
        return self.address

    @property
    def where(self) -> Message:
        """Where the printer is, for messages: ``192.168.1.50:9100`` or the CUPS queue."""
        if self.kind == "cups":
            return Message("printing.where.cups", {"queue": self.address})
        return Message("printing.where.zebra", {"address": self.address})


def parse_endpoint(address: str) -> tuple[str, int]:
    """``host:port`` → ``(host, port)``; the port is 9100 when left out."""
    match = _HOST_PORT.match(address.strip())
    if match is None:
        raise BadAddress("printing.address.bad_host", address=address)
    host = match.group("v6") or match.group("host")
    port = int(match.group("port") or RAW_PORT)
    if not 1 <= port <= 65535:
        raise BadAddress("printing.address.bad_port", address=address)
    return host, port


@dataclass(frozen=True, slots=True)
class PrintReceipt:
    """What happened when labels were handed to a printer.

    Neither kind of printer tells when a label has physically come out; the fields say only
    what is known."""

    printer: str
    labels: int
    """How many labels (formats given by the caller) went to the printer."""
    bytes_sent: int
    status: HostStatus | None = None
    """The Zebra's host status checked before sending (None: not checked, or CUPS)."""
    delivered: bool = False
    """A Zebra read every byte: it closed the connection after Kolektor's end of data.
    False when it kept the connection open past the wait (the data was sent) and for CUPS
    (the job is queued; see ``job_id``)."""
    job_id: str | None = None
    """The CUPS request id (``Pakowanie-12``)."""
    already_queued: bool = False
    """CUPS already had a job of this name (printed or waiting), so nothing was sent."""
