"""Printing on a Zebra over the network: raw TCP (port 9100), host status first.

One connection per print: connect, send ``~HS`` and read the three status strings, refuse
when the printer reports a problem (nothing else has been sent then), send every label in
order with one ``send_all``, then half-close and wait for the printer to close its side.

* A connection that fails is ``unreachable`` (refused: nothing listens — printer off or a
  wrong port; no route; unknown host name) or ``timeout`` (no answer to the connection
  attempt: printer off or unplugged, or a wrong IP address).
* **Silence is an error.**  Zebra's guide says newer firmware does not answer ``~HS`` at
  all in MEDIA OUT, RIBBON OUT, HEAD OPEN, REWINDER FULL or HEAD OVER-TEMPERATURE, so no
  answer within ``timeout`` is ``no_answer`` — "check paper, head and cable" — not a
  reason to print blind.  Part of an answer and then silence, or an answer that does not
  parse, is ``bad_answer``.
* **Did the printer get it?**  ``~HS`` goes first on the same connection, so a printer that
  answered is listening.  After the labels Kolektor half-closes the connection
  (``shutdown(SHUT_WR)``, as CUPS' socket backend does) and waits up to
  ``confirm_timeout`` for the printer to close: then it has read every byte
  (:attr:`PrintReceipt.delivered`).  A reset while sending or waiting is
  ``connection_lost``: the printer may hold half a label, and printing the batch again is
  how to recover (the next ``^XA`` starts a new format).  A printer that keeps its side
  open past the wait is not an error — the data was sent; ``delivered`` is False.  That
  printers close their side after the host's is documented for CUPS' backend
  (``waiteof``), not checked here on a physical printer.

Neither answer says that a label has come out of the printer: a Zebra reports problems,
not finished labels.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Sequence

import trio

from kolektor.i18n import Message
from kolektor.printing.errors import PrinterError, bad_address, invalid_label, refused_by_status
from kolektor.printing.host_status import (
    HostStatus,
    HostStatusError,
    answer_complete,
    parse_host_status,
)
from kolektor.printing.target import BadAddress, PrinterTarget, PrintReceipt, parse_endpoint
from kolektor.printing.zpl import LabelError, check_labels

HOST_STATUS = b"~HS"
MAX_ANSWER = 4096
"""More than any host status: a printer that keeps talking is not answering ``~HS``."""


async def host_status(
    host: str,
    port: int = 9100,
    *,
    timeout: float = 5.0,  # noqa: ASYNC109 - the deadline of each step, each with its error
    printer: str | None = None,
) -> HostStatus:
    """Ask the Zebra at ``host:port`` for its host status.

    ``printer`` names it in errors (default ``host:port``).  Raises :class:`PrinterError`
    (``unreachable``, ``timeout``, ``no_answer``, ``bad_answer``, ``connection_lost``)."""
    name = printer or f"{host}:{port}"
    where = Message("printing.where.zebra", {"address": f"{host}:{port}"})
    stream = await _connect(host, port, name, where, timeout)
    async with stream:
        return await _read_status(stream, name, where, timeout)


async def print_zpl(
    printer: PrinterTarget,
    labels: Sequence[bytes | str],
    *,
    timeout: float = 5.0,  # noqa: ASYNC109 - the deadline of each step, each with its error
    check: bool = True,
    confirm_timeout: float = 2.0,
) -> PrintReceipt:
    """Print ``labels`` (each one or more complete ``^XA…^XZ`` formats) on a Zebra, in
    order, on one connection.

    ``timeout`` bounds each step — connecting, the host status answer, sending.  With
    ``check`` (the default) the host status is read first and any problem refuses the
    print before a label is sent.  Every label is checked before connecting: one that is
    not ZPL refuses the whole batch (``invalid_label``)."""
    where = printer.where
    try:
        payload = check_labels(labels)
    except LabelError as error:
        raise invalid_label(printer.name, where, error) from None
    try:
        host, port = parse_endpoint(printer.address)
    except BadAddress as error:
        raise bad_address(printer.name, where, error) from None
    data = b"".join(payload)
    stream = await _connect(host, port, printer.name, where, timeout)
    async with stream:
        status: HostStatus | None = None
        if check:
            status = await _read_status(stream, printer.name, where, timeout)
            if status.problems():
                raise refused_by_status(printer.name, where, status)
        try:
            with trio.fail_after(timeout):
                await stream.send_all(data)
        except trio.TooSlowError:
            raise PrinterError(
                "timeout", printer.name, where, key="printing.error.send_timeout"
            ) from None
        except trio.BrokenResourceError:
            raise PrinterError("connection_lost", printer.name, where) from None
        delivered = await _wait_for_close(stream, printer.name, where, confirm_timeout)
    return PrintReceipt(
        printer=printer.name,
        labels=len(payload),
        bytes_sent=len(data),
        status=status,
        delivered=delivered,
    )


async def _connect(
    host: str, port: int, name: str, where: Message, seconds: float
) -> trio.SocketStream:
    try:
        with trio.fail_after(seconds):
            return await trio.open_tcp_stream(host, port)
    except trio.TooSlowError:
        raise PrinterError("timeout", name, where, key="printing.error.connect_timeout") from None
    except socket.gaierror:
        raise PrinterError(
            "unreachable", name, where, key="printing.error.unknown_host", host=host
        ) from None
    except OSError as error:
        key = "printing.error.refused" if _is_refused(error) else "printing.error.unreachable"
        raise PrinterError("unreachable", name, where, key=key) from None


def _is_refused(error: OSError) -> bool:
    """trio reports every failed address attempt together; refused when any was refused."""
    attempts: list[BaseException] = [error]
    if isinstance(error.__cause__, BaseExceptionGroup):
        attempts += error.__cause__.exceptions
    return any(isinstance(a, OSError) and a.errno == errno.ECONNREFUSED for a in attempts)


async def _read_status(
    stream: trio.SocketStream, name: str, where: Message, seconds: float
) -> HostStatus:
    answer = bytearray()
    try:
        with trio.fail_after(seconds):
            await stream.send_all(HOST_STATUS)
            while not answer_complete(answer):
                chunk = await stream.receive_some(MAX_ANSWER)
                if not chunk:
                    break
                answer += chunk
                if len(answer) > MAX_ANSWER:
                    break
    except trio.TooSlowError:
        if not answer:
            raise PrinterError("no_answer", name, where) from None
    except trio.BrokenResourceError:
        raise PrinterError("connection_lost", name, where) from None
    if not answer:
        raise PrinterError("connection_lost", name, where, key="printing.error.closed_on_status")
    try:
        return parse_host_status(bytes(answer))
    except HostStatusError as error:
        raise PrinterError(
            "bad_answer", name, where, detail=Message(error.key, error.params)
        ) from None


async def _wait_for_close(
    stream: trio.SocketStream, name: str, where: Message, confirm_timeout: float
) -> bool:
    """Half-close and wait for the printer to close: True when it did, False when it kept
    the connection open past ``confirm_timeout``; a reset is ``connection_lost``."""
    try:
        await stream.send_eof()
        with trio.move_on_after(confirm_timeout):
            while await stream.receive_some(MAX_ANSWER):
                pass
            return True
    except (trio.BrokenResourceError, OSError):
        raise PrinterError("connection_lost", name, where) from None
    return False
