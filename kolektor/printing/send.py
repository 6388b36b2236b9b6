"""One call to print an order's labels on a station's printer, whatever kind it is."""

from __future__ import annotations

from collections.abc import Sequence

from kolektor.printing import cups, zebra
from kolektor.printing.errors import invalid_label
from kolektor.printing.target import PrinterTarget, PrintReceipt
from kolektor.printing.zpl import LabelError, check_labels


async def print_labels(
    printer: PrinterTarget,
    labels: Sequence[bytes | str],
    *,
    job_name: str,
    timeout: float = 5.0,  # noqa: ASYNC109 - the deadline of each step, each with its error
    once: bool = True,
) -> PrintReceipt:
    """Print ``labels`` (complete ZPL formats, in package order) on ``printer``.

    A Zebra gets them on one connection after its host status is checked
    (:func:`kolektor.printing.zebra.print_zpl`).  A CUPS queue gets them as one raw job
    named ``job_name``; with ``once`` a job of that name already in the queue or its
    history is not sent again (the receipt says ``already_queued``) — give a reprint its
    own name.  ``job_name`` is not used for a Zebra, which keeps no history.  Raises
    :class:`~kolektor.printing.errors.PrinterError`."""
    if printer.kind == "zebra":
        return await zebra.print_zpl(printer, labels, timeout=timeout)
    try:
        payload = check_labels(labels)
    except LabelError as error:
        raise invalid_label(printer.name, printer.where, error) from None
    queue = printer.address
    if once and await cups.job_exists(queue, job_name, timeout=timeout, printer=printer.name):
        return PrintReceipt(
            printer=printer.name, labels=len(payload), bytes_sent=0, already_queued=True
        )
    data = b"".join(payload)
    job = await cups.print_raw(
        queue, data, job_name=job_name, timeout=timeout, printer=printer.name
    )
    return PrintReceipt(
        printer=printer.name, labels=len(payload), bytes_sent=len(data), job_id=job.request_id
    )
