"""Asking a label printer how it is, now — the panel's "Sprawdź" button.

Nothing is printed.  A **Zebra** is asked for its host status (``~HS``,
:func:`kolektor.printing.zebra.host_status`): ready, or the first problem a person has to
fix (head open, out of labels, paused…) in the same words the packer sees when a print is
refused.  A **CUPS queue** is asked over IPP (:func:`kolektor.printing.cups.queue_state`):
idle or printing is fine; stopped or rejecting jobs is not.  A printer that cannot be
reached is an answer too (``ok`` false, with the reason), never an error of the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kolektor.i18n import Language, t
from kolektor.printing import cups, zebra
from kolektor.printing.errors import PrinterError, bad_address, refused_by_status
from kolektor.printing.target import BadAddress, PrinterTarget

STATUS_TIMEOUT = 5.0
"""Seconds each step of the question may take (connect, answer): a Zebra in MEDIA OUT or
HEAD OPEN stays silent, which is an answer after this long."""


@dataclass(frozen=True, slots=True)
class PrinterCheck:
    """What the printer said: ``ok`` when it can print now; ``code`` is ``ready`` (Zebra),
    ``idle`` / ``processing`` (CUPS) or a :class:`~kolektor.printing.errors.PrinterError`
    code; ``message`` says it in words; ``problems`` every problem a Zebra reported."""

    ok: bool
    code: str
    message: str
    problems: tuple[str, ...] = ()
    labels_waiting: int | None = None
    """Labels the Zebra still has to print from formats it received (``~HS``)."""
    extra: dict[str, str] = field(default_factory=dict)


def _refused(error: PrinterError, language: Language) -> PrinterCheck:
    return PrinterCheck(False, error.code, error.message(language), error.problems)


async def check_printer(
    target: PrinterTarget, *, language: Language = "pl", seconds: float = STATUS_TIMEOUT
) -> PrinterCheck:
    """Ask ``target`` how it is; never raises for the printer's own problems."""
    try:
        if target.kind == "cups":
            return await _check_queue(target, language, seconds)
        return await _check_zebra(target, language, seconds)
    except PrinterError as error:
        return _refused(error, language)


async def _check_zebra(target: PrinterTarget, language: Language, seconds: float) -> PrinterCheck:
    try:
        host, port = target.endpoint()
    except BadAddress as error:
        return _refused(bad_address(target.name, target.where, error), language)
    status = await zebra.host_status(host, port, timeout=seconds, printer=target.name)
    if status.problems():
        return _refused(refused_by_status(target.name, target.where, status), language)
    waiting = status.labels_remaining
    key = "printers.status.zebra_busy" if waiting else "printers.status.zebra_ready"
    return PrinterCheck(
        True, "ready", t(key, language, printer=target.name, where=target.where, n=waiting),
        labels_waiting=waiting,
    )  # fmt: skip


async def _check_queue(target: PrinterTarget, language: Language, seconds: float) -> PrinterCheck:
    state = await cups.queue_state(target.address, timeout=seconds, printer=target.name)
    if state.status == "stopped":
        if state.message:
            error = PrinterError("queue_stopped", target.name, target.where,
                                 key="printing.error.queue_stopped_reason",
                                 queue=target.address, reason=state.message)  # fmt: skip
        else:
            error = PrinterError("queue_stopped", target.name, target.where, queue=target.address)
        return _refused(error, language)
    if not state.accepting:
        error = PrinterError("queue_rejecting", target.name, target.where, queue=target.address)
        return _refused(error, language)
    text = t(f"printers.status.cups_{state.status}", language, printer=target.name,
             where=target.where)  # fmt: skip
    return PrinterCheck(True, state.status, text)
