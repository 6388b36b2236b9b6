"""The dedicated thread that owns a Sfera (COM) session.

COM objects of Sfera GT are apartment-bound: created and used on one thread (reference
§7.6).  A :class:`ComThread` is that thread: it initializes COM (``CoInitialize``), opens
the session on its first request, runs the requests put on its queue one after another,
and at the end closes the session (``Zakoncz``) and uninitializes COM.

The thread knows nothing of Subiekt: the runtime (pywin32 or a test fake), how to open and
close a session and how to tell a lost session are given to it.  Timeouts are the
caller's business (:class:`~kolektor.finalize.sfera.SferaWriter`): a caller that gives up
on a hung request :meth:`abandons <ComThread.abandon>` the thread — it is left to finish
(or hang) on its own, ends its session if the call ever returns, and is replaced by a new
thread with a new session.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, Protocol, TypeVar

from kolektor.logs import log_event

logger = logging.getLogger("kolektor.sfera")

T = TypeVar("T")


class ComRuntime(Protocol):
    """What the thread needs from COM: pywin32 in production, a recording fake in tests."""

    def initialize(self) -> None:
        """``pythoncom.CoInitialize()`` on the calling thread."""
        ...

    def uninitialize(self) -> None:
        """``pythoncom.CoUninitialize()`` on the calling thread."""
        ...

    def dispatch(self, prog_id: str) -> Any:
        """``win32com.client.Dispatch(prog_id)``."""
        ...


class Request(Generic[T]):
    """One job for the COM thread and its outcome.

    States: pending → running (the thread took it) → done; or pending → cancelled (the
    caller gave up before the thread took it).  While running, the thread may first have to
    open the session; the job itself starts only if the caller is still waiting
    (:meth:`start_job` / :meth:`expire` decide that race under one lock) — so a caller told
    "not started" can rely on it.
    """

    def __init__(self, job: Callable[[Any], T], operation: str) -> None:
        self.job = job
        self.operation = operation
        self.future: Future[T] = Future()
        self._job_started = False
        self._expired = False
        self._state = "pending"
        self._lock = threading.Lock()

    @property
    def job_started(self) -> bool:
        with self._lock:
            return self._job_started

    def start_job(self) -> bool:
        """The thread is about to run the job; False if the caller has given up."""
        with self._lock:
            if self._expired:
                return False
            self._job_started = True
            return True

    def expire(self) -> bool:
        """The caller gives up waiting; returns whether the job had already started (its
        outcome is then in doubt).  A job not yet started never will."""
        with self._lock:
            self._expired = True
            return self._job_started

    def claim(self) -> bool:
        """The thread takes the request; False if it was cancelled."""
        with self._lock:
            if self._state != "pending":
                return False
            self._state = "running"
            return True

    def cancel(self) -> bool:
        """The caller withdraws the request; False if the thread already took it."""
        with self._lock:
            if self._state != "pending":
                return False
            self._state = "cancelled"
            return True

    @property
    def claimed(self) -> bool:
        with self._lock:
            return self._state == "running"


_STOP = object()


class ComThread:
    """One daemon thread, one COM apartment, at most one open session at a time.

    ``runtime_factory`` runs on the thread first (it may raise — e.g. pywin32 missing —
    and then every request fails with that error); ``open_session(runtime)`` returns the
    session object; ``close_session(session)`` ends it; ``session_lost(error)`` tells
    whether a job's error means the session is dead (it is then closed and reopened on the
    next request).
    """

    def __init__(
        self,
        runtime_factory: Callable[[], ComRuntime],
        open_session: Callable[[ComRuntime], Any],
        close_session: Callable[[Any], None],
        *,
        session_lost: Callable[[BaseException], bool] = lambda error: False,
        name: str = "sfera-com",
    ) -> None:
        self._runtime_factory = runtime_factory
        self._open_session = open_session
        self._close_session = close_session
        self._session_lost = session_lost
        self._queue: queue.Queue[object] = queue.Queue()
        self._session: Any = None
        self._abandoned = False
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    @property
    def ident(self) -> int | None:
        return self.thread.ident

    @property
    def session_open(self) -> bool:
        return self._session is not None

    @property
    def abandoned(self) -> bool:
        return self._abandoned

    def submit(self, job: Callable[[Any], T], operation: str) -> Request[T]:
        request: Request[T] = Request(job, operation)
        self._queue.put(request)
        return request

    def stop(self) -> None:
        """Finish the queued requests, then end the session and the thread."""
        self._queue.put(_STOP)

    def abandon(self) -> list[Request[Any]]:
        """Give the thread up: withdraw its pending requests (returned, for the caller to
        fail) and tell it to end its session and stop once its current call returns."""
        self._abandoned = True
        withdrawn: list[Request[Any]] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, Request) and item.cancel():
                withdrawn.append(item)
        self._queue.put(_STOP)
        return withdrawn

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True if it did."""
        return self.finished.wait(timeout)

    # -- on the thread ---------------------------------------------------------------------

    def _run(self) -> None:
        runtime: ComRuntime | None = None
        startup_error: BaseException | None = None
        try:
            runtime = self._runtime_factory()
            runtime.initialize()
        except BaseException as error:
            runtime = None
            startup_error = error
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    break
                assert isinstance(item, Request)
                if not item.claim():
                    continue
                if startup_error is not None:
                    item.future.set_exception(startup_error)
                    continue
                assert runtime is not None
                self._serve(runtime, item)
        finally:
            self._end_session()
            if runtime is not None:
                with contextlib.suppress(Exception):
                    runtime.uninitialize()
            self.finished.set()

    def _serve(self, runtime: ComRuntime, request: Request[Any]) -> None:
        try:
            if self._session is None:
                self._session = self._open_session(runtime)
                log_event(logger, "sfera.session_opened", thread=threading.get_ident())
            if not request.start_job():
                request.future.set_exception(RuntimeError("the caller gave up waiting"))
                return
            result = request.job(self._session)
        except BaseException as error:
            if self._session is not None and self._session_lost(error):
                self._end_session()
            request.future.set_exception(error)
        else:
            request.future.set_result(result)

    def _end_session(self) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            self._close_session(session)
            log_event(logger, "sfera.session_closed", thread=threading.get_ident())
        except Exception as error:
            log_event(
                logger, "sfera.session_close_failed", logging.WARNING, error=repr(error)[:300]
            )
