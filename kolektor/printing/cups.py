"""Printing through a raw CUPS queue: ZPL handed to ``lp``, CUPS sends it to the printer.

For a Zebra that is not on the network (USB) or when the office wants CUPS's queue and job
history.  The queue must be *raw* — no driver — so the bytes reach the printer unchanged:
``lpadmin -p NAME -E -v socket://IP:9100`` (docs/printing.md).

* :func:`queue_state` asks the scheduler over IPP (:mod:`kolektor.printing.ipp`) — not
  ``lpstat``, whose words follow the locale — for ``printer-state`` and
  ``printer-is-accepting-jobs``;
* :func:`print_raw` refuses a queue that is unknown, stopped (a disabled queue would keep
  the job and print it whenever someone resumes it — hours later, at the wrong station) or
  rejecting jobs, then runs ``lp -d QUEUE -o raw -t JOB_NAME`` with the labels on stdin;
* :func:`job_exists` says whether a job of that name is already in the queue or its
  history, so that labels sent just before a crash are not printed twice.

**CUPS 2.4 and job names.**  Get-Jobs answers ``job-name`` from memory, and the scheduler
leaves a new job's name there unset until the job is loaded back from disk (seen with
Debian 12's CUPS 2.4.2: a job just printed is listed without its name).  Asking for an
attribute only kept on disk (``job-originating-host-name``) makes CUPS load every job it
lists, names included (at most 500 per answer, so the history is read page by page), as
far back as CUPS keeps it (``PreserveJobHistory``, ``MaxJobs``): this guards against a
crash and a retry minutes apart, not days.  Jobs that were cancelled or aborted do not
count.  Job names are private to their owner by default (``JobPrivateValues``), which is
fine: Kolektor asks as the user that printed.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from typing import Literal

import httpx
import trio

from kolektor.printing import ipp
from kolektor.printing.errors import PrinterError, bad_address
from kolektor.printing.target import BadAddress, PrinterTarget

QueueStatus = Literal["idle", "processing", "stopped"]
_PRINTER_STATES: dict[int, QueueStatus] = {3: "idle", 4: "processing", 5: "stopped"}
JOB_STATES_THAT_COUNT = frozenset({3, 4, 5, 6, 9})
"""pending, pending-held, processing, processing-stopped, completed — not canceled (7) or
aborted (8), which printed nothing a person can rely on."""

_JOB_ATTRIBUTES = ("job-id", "job-name", "job-state", "job-originating-host-name")
_REQUEST_ID = re.compile(r"request id is (?P<id>\S+)")
_ENVIRONMENT = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
"""CUPS's tools print in the locale's language; Kolektor reads their English."""


@dataclass(frozen=True, slots=True)
class QueueState:
    queue: str
    status: QueueStatus
    accepting: bool
    message: str
    """``printer-state-message``: why it stopped, in whatever words CUPS or a person gave."""
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CupsJob:
    queue: str
    request_id: str
    """``QUEUE-NNN`` as ``lp`` prints it."""
    job_name: str


async def queue_state(
    queue: str,
    *,
    timeout: float = 10.0,  # noqa: ASYNC109 - each CUPS call has its own deadline
    printer: str | None = None,
) -> QueueState:
    """The queue's state as the scheduler reports it; :class:`PrinterError`
    ``queue_unknown``, ``cups_unavailable``, ``cups_missing``, ``timeout``."""
    target = _target(queue, printer)
    server = await _server(target, timeout)
    body = ipp.request(
        ipp.GET_PRINTER_ATTRIBUTES,
        server.printer_uri(queue),
        [
            (
                ipp.KEYWORD,
                "requested-attributes",
                [
                    "printer-state",
                    "printer-state-message",
                    "printer-state-reasons",
                    "printer-is-accepting-jobs",
                ],
            )
        ],
    )
    response = await _ipp(target, server, body, timeout)
    printers = response.of(ipp.PRINTER_GROUP)
    if not printers:
        raise _bad_answer(target, "printer-attributes")
    attributes = printers[0]
    state = attributes.first("printer-state")
    if not isinstance(state, int) or state not in _PRINTER_STATES:
        raise _bad_answer(target, "printer-state")
    message = attributes.first("printer-state-message")
    return QueueState(
        queue=queue,
        status=_PRINTER_STATES[state],
        accepting=attributes.first("printer-is-accepting-jobs") is True,
        message=message if isinstance(message, str) else "",
        reasons=tuple(
            str(r) for r in attributes.attributes.get("printer-state-reasons", []) if r != "none"
        ),
    )


async def print_raw(
    queue: str,
    data: bytes,
    *,
    job_name: str,
    timeout: float = 10.0,  # noqa: ASYNC109 - each CUPS call has its own deadline
    printer: str | None = None,
) -> CupsJob:
    """Send ``data`` unchanged to ``queue`` as one job named ``job_name``.

    The queue is checked first: unknown, stopped or rejecting jobs is a
    :class:`PrinterError` and nothing is queued.  ``printer`` names it in messages
    (default: the queue's name)."""
    _check_job_name(job_name)
    target = _target(queue, printer)
    state = await queue_state(queue, timeout=timeout, printer=target.name)
    if state.status == "stopped":
        if state.message:
            raise PrinterError(
                "queue_stopped",
                target.name,
                target.where,
                key="printing.error.queue_stopped_reason",
                queue=queue,
                reason=state.message,
            )
        raise PrinterError("queue_stopped", target.name, target.where, queue=queue)
    if not state.accepting:
        raise PrinterError("queue_rejecting", target.name, target.where, queue=queue)
    command = ["lp", "-d", queue, "-o", "raw", "-t", job_name]
    result = await _run(target, command, data, timeout)
    if result.returncode != 0:
        raise PrinterError(
            "cups_failed",
            target.name,
            target.where,
            detail=_first_line(result.stderr) or f"lp: exit {result.returncode}",
        )
    match = _REQUEST_ID.search(result.stdout.decode("utf-8", errors="replace"))
    if match is None:
        raise _bad_answer(target, _first_line(result.stdout))
    return CupsJob(queue=queue, request_id=match.group("id"), job_name=job_name)


async def job_exists(
    queue: str,
    job_name: str,
    *,
    timeout: float = 10.0,  # noqa: ASYNC109 - each CUPS call has its own deadline
    printer: str | None = None,
    page: int = 500,
) -> bool:
    """Whether ``queue`` has a job named ``job_name`` waiting, printing or completed.

    Jobs are read ``page`` at a time, oldest first (CUPS answers at most 500 when it has to
    load them from disk), until the job is found or the history ends."""
    target = _target(queue, printer)
    server = await _server(target, timeout)
    first_job_id = 1
    while True:
        body = ipp.request(
            ipp.GET_JOBS,
            server.printer_uri(queue),
            [
                (ipp.KEYWORD, "which-jobs", ["all"]),
                # job-originating-host-name makes CUPS load the jobs (module docstring).
                (ipp.KEYWORD, "requested-attributes", [*_JOB_ATTRIBUTES]),
                (ipp.INTEGER, "first-job-id", [first_job_id]),
                (ipp.INTEGER, "limit", [page]),
            ],
        )
        jobs = (await _ipp(target, server, body, timeout)).of(ipp.JOB_GROUP)
        if any(
            job.first("job-name") == job_name and job.first("job-state") in JOB_STATES_THAT_COUNT
            for job in jobs
        ):
            return True
        ids = [job_id for job in jobs if isinstance(job_id := job.first("job-id"), int)]
        if len(jobs) < page or not ids or max(ids) < first_job_id:
            return False
        first_job_id = max(ids) + 1


def _target(queue: str, printer: str | None) -> PrinterTarget:
    target = PrinterTarget(name=printer or queue, kind="cups", address=queue)
    try:
        target.queue()
    except BadAddress as error:
        raise bad_address(target.name, target.where, error) from None
    return target


def _check_job_name(job_name: str) -> None:
    """CUPS drops a job name it does not like (and calls the job "Untitled"), which would
    make :func:`job_exists` blind; so refuse such a name outright."""
    encoded = job_name.encode("utf-8")
    if not job_name.strip() or len(encoded) > 255 or not job_name.isprintable():
        raise ValueError(f"a CUPS job name needs 1-255 bytes of printable text: {job_name!r}")


async def _server(target: PrinterTarget, seconds: float) -> ipp.Server:
    result = await _run(target, ["lpstat", "-H"], b"", seconds)
    text = result.stdout.decode("utf-8", errors="replace").strip()
    if result.returncode != 0 or not text:
        raise PrinterError(
            "cups_unavailable",
            target.name,
            target.where,
            server=_first_line(result.stderr) or "lpstat -H",
        )
    return ipp.Server.parse(text)


async def _ipp(
    target: PrinterTarget, server: ipp.Server, body: bytes, seconds: float
) -> ipp.Response:
    try:
        with trio.fail_after(seconds):
            response = await ipp.call(server, target.address, body, seconds=seconds)
    except (trio.TooSlowError, httpx.TimeoutException):
        raise PrinterError(
            "timeout", target.name, target.where, key="printing.error.cups_timeout"
        ) from None
    except httpx.HTTPError:
        raise PrinterError(
            "cups_unavailable", target.name, target.where, server=str(server)
        ) from None
    except ipp.IppError as error:
        raise _bad_answer(target, str(error)) from None
    if response.status == ipp.STATUS_NOT_FOUND:
        raise PrinterError("queue_unknown", target.name, target.where, queue=target.address)
    if not response.ok:
        raise _bad_answer(target, f"IPP 0x{response.status:04x}")
    return response


async def _run(
    target: PrinterTarget, command: list[str], stdin: bytes, seconds: float
) -> subprocess.CompletedProcess[bytes]:
    try:
        with trio.fail_after(seconds):
            return await trio.run_process(
                command,
                stdin=stdin,
                capture_stdout=True,
                capture_stderr=True,
                check=False,
                env={**os.environ, **_ENVIRONMENT},
            )
    except trio.TooSlowError:
        raise PrinterError(
            "timeout", target.name, target.where, key="printing.error.cups_timeout"
        ) from None
    except FileNotFoundError:
        raise PrinterError(
            "cups_missing", target.name, target.where, retryable=False, program=command[0]
        ) from None


def _bad_answer(target: PrinterTarget, detail: str) -> PrinterError:
    return PrinterError(
        "cups_failed",
        target.name,
        target.where,
        key="printing.error.cups_bad_answer",
        detail=detail,
    )


def _first_line(output: bytes) -> str:
    lines = output.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0][:200] if lines else ""
