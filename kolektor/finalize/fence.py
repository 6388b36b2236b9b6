"""The exactly-once fence: no second realization while an earlier call may still save.

A writer gives up waiting for a realization after its timeout, but the call itself cannot
be stopped: Sfera's COM thread (or the simulator's write thread) may still finish ``Zapisz``
seconds or minutes later.  Re-checking Subiekt by SQL right after the timeout finds nothing
yet, and realizing again would make a second document.  So a writer registers every call it
abandons *in doubt* with an :class:`InDoubtFence`; before it writes anything it calls
:meth:`InDoubtFence.wait`, which waits (bounded) for those calls to end and otherwise refuses
with a retryable :class:`~kolektor.finalize.writer.WriterUnavailable` (``in_doubt``, code
``in_doubt_pending``).  Once they ended, the writer re-reads Subiekt by SQL and adopts what a
late call saved (``dok_DoDokId`` = the ZK).

The fence is per process (one per writer): another process learns about a call in doubt from
the job (:mod:`kolektor.finalize.steps` records the attempt and its owner).

A realization is also tagged with a correlation *mark* (:func:`new_mark`): Kolektor's
``KOLEKTOR <zk id>/<token>`` written into the new document's remarks, so that a document
that appears late is recognised as the attempt's own (:func:`find_mark`).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kolektor.i18n import Language, t
from kolektor.logs import log_event

logger = logging.getLogger("kolektor.fence")

MARK_PREFIX = "KOLEKTOR"
MARK_PATTERN = re.compile(rf"{MARK_PREFIX} (\d+)/([0-9a-f]{{8,32}})")
PROCESS_ID = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
"""This process among the workers (host, pid, a nonce against pid reuse)."""


def new_mark(zk_id: int) -> str:
    """A fresh correlation mark for one realization attempt of the ZK."""
    return f"{MARK_PREFIX} {zk_id}/{secrets.token_hex(6)}"


def find_mark(text: str | None) -> str | None:
    """The Kolektor mark in a document's remarks, if any."""
    match = MARK_PATTERN.search(text or "")
    return match.group(0) if match else None


def with_mark(remarks: str | None, mark: str, limit: int = 500) -> str:
    """``remarks`` with the mark appended (an old mark replaced), within ``limit``
    characters (``dok_Uwagi`` is varchar(500)): the remarks are cut, never the mark."""
    kept = MARK_PATTERN.sub("", remarks or "").strip()
    if not kept:
        return mark
    room = limit - len(mark) - 1
    return f"{kept[:room].rstrip()} {mark}" if room > 0 else mark


def owner_alive(owner: str) -> bool | None:
    """Whether the worker process ``owner`` (a :data:`PROCESS_ID`) still runs: True/False
    when it is on this host (POSIX), None when it cannot be told (another host, Windows)."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if owner == PROCESS_ID:
        return True
    if host != socket.gethostname() or not pid_text.isdigit() or os.name != "posix":
        return None
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed, not yet reaped by its parent) runs nothing any more.
    try:
        with open(f"/proc/{pid_text}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


@dataclass(slots=True)
class AbandonedCall:
    """A call given up after its timeout that may still be saving."""

    operation: str
    zk_id: int | None
    ended: Callable[[], bool]
    since: float = field(default_factory=time.monotonic)


class InDoubtFence:
    """The calls this writer abandoned in doubt, and the wait before the next write.

    ``wait`` is the longest :meth:`wait` blocks (seconds) before refusing; the caller (the
    pipeline step) retries later, keeping or giving back its job.
    """

    def __init__(self, *, wait: float = 30.0, language: Language = "pl") -> None:
        self.max_wait = wait
        self.language = language
        self._calls: list[AbandonedCall] = []
        self._changed = threading.Condition()

    def abandoned(
        self, ended: threading.Event | Callable[[], bool], *, operation: str, zk_id: int | None
    ) -> None:
        """Register a call given up in doubt; ``ended`` tells (or is set) when it is over
        for good — its thread finished, its transaction committed or rolled back."""
        check = ended.is_set if isinstance(ended, threading.Event) else ended
        with self._changed:
            self._calls.append(AbandonedCall(operation, zk_id, check))
        log_event(logger, "fence.abandoned", logging.WARNING, operation=operation, zk=zk_id)

    def notify(self) -> None:
        """Wake :meth:`wait` (an abandoned call just ended)."""
        with self._changed:
            self._changed.notify_all()

    def alive(self) -> list[AbandonedCall]:
        """The abandoned calls that may still be running (ended ones are forgotten)."""
        with self._changed:
            self._calls = [call for call in self._calls if not call.ended()]
            return list(self._calls)

    def wait(self, zk_id: int | None = None, *, number: str = "") -> None:
        """Block until no abandoned call may still save, at most ``max_wait`` seconds;
        raise a retryable in-doubt :class:`WriterUnavailable` if one still may."""
        from kolektor.finalize.writer import WriterUnavailable

        deadline = time.monotonic() + self.max_wait
        while True:
            pending = self.alive()
            if not pending:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                break
            with self._changed:
                self._changed.wait(min(left, 0.05))
        same = [call for call in pending if zk_id is not None and call.zk_id == zk_id]
        call = (same or pending)[0]
        seconds = round(time.monotonic() - call.since)
        log_event(logger, "fence.refused", logging.WARNING, operation=call.operation,
                  zk=zk_id, pending=len(pending), seconds=seconds)  # fmt: skip
        if same:
            message = t("writer.in_doubt_same", self.language, number=number or zk_id,
                        seconds=seconds, operation=call.operation)  # fmt: skip
        else:
            message = t("writer.in_doubt_other", self.language, seconds=seconds,
                        operation=call.operation)  # fmt: skip
        raise WriterUnavailable(message, in_doubt=True, code="in_doubt_pending")
