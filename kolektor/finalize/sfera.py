"""The Sfera writer: realizing ZKs in Subiekt GT through Sfera GT (COM) — production.

Every COM call happens on one dedicated thread (:class:`~kolektor.finalize.sfera_thread.
ComThread`) that owns the session (``InsERT.GT`` → ``Uruchom``, background mode); callers
on any thread hand it requests and wait with a timeout.  A request that does not finish in
time makes the writer abandon the thread (it ends its session with ``Zakoncz`` if the
call ever returns) and start a new one for the next request; the caller gets
:class:`~kolektor.finalize.writer.WriterUnavailable` — *in doubt* if the realization had
started, so the next attempt re-reads Subiekt first (which :meth:`SferaWriter.realize`
always does, by SQL, through its :class:`~kolektor.finalize.writer.SubiektLookup`).

The realization (reference §7.4)::

    manager = subiekt.SuDokumentyManager    # the probe: fails → session lost, recycled
    subiekt.MagazynId = <the ZK's dok_MagId> # when it differs from the session's
    doc = manager.DodajFS()                 # DodajPA / DodajPAi / DodajWZ
    doc.NaPodstawie(zk_id)                  # buyer, lines, payments, DoDokumentuId
    doc.LiczonyOdCenBrutto = True           # FS/PA/PAi, never on a WZ
    doc.Rezerwacja = False                  # FS/PA/PAi, skipped if the document lacks it
    doc.FormaDokumentu = settings.invoice_form   # FS, when set (KSeF)
    doc.Pozycje.Element(n).IloscJm = picked # weighed lines picked within tolerance, after
                                            # checking the position's TowarId
    doc.ZapiszSymulacja()                   # dry run; on failure PozycjeBrakujace → shortage
    doc.RejestrujNaUF = True; doc.DrukarkaFiskalnaId = …   # PA/PAi: before Zapisz (§7.5)
    doc.Zapisz()
    doc.Identyfikator, doc.NumerPelny, doc.WartoscBrutto   # number re-read by SQL later
    doc.Drukuj(False); doc.StatusFiskalny   # PA/PAi
    doc.Zamknij()                           # always
    zk = manager.WczytajDokument(zk_id)     # saved, a weighed line below the ordered weight:
    zk.StatusDokumentu = 8; zk.Zapisz(); zk.Zamknij()   # close the ZK (failure: logged)

COM errors become :class:`~kolektor.finalize.writer.WriterError` subclasses (§7.2):
0x80070005 → PermissionDenied, 0x80041329 → SferaLoginError (configuration, not retried),
0x8004132B → LicenceError (retried a few times while an earlier instance may linger),
"Nie można zablokować obiektu" → SubiektLocked (``subiekt_locked_own`` while our own
abandoned call may hold the lock), 0x80040E21 → ValueTooLong, KSeF refusals on save →
KsefRejected, RPC/disconnect codes and a failed probe → WriterUnavailable with a new
session; the document's ``SzczegolyOstatniegoBledu`` is added to the detail when it can be
read.  Exceptions leave the COM thread with their tracebacks' locals cleared, so no COM
object is released on another thread (:func:`scrub_traceback`).

pywin32 is imported lazily, on the COM thread: without it every request fails with
WriterUnavailable ("Sfera needs Windows with pywin32").
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import shutil
import struct
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kolektor.finalize.fence import InDoubtFence, with_mark
from kolektor.finalize.sfera_thread import ComRuntime, ComThread
from kolektor.finalize.writer import (
    DOCUMENT_TYPES,
    FISCAL_KINDS,
    REALIZED_STATUS,
    DocumentKind,
    FiscalError,
    LicenceError,
    MissingItem,
    PermissionDenied,
    RealizedDocument,
    SubiektLocked,
    SubiektLookup,
    ValueTooLong,
    WriterError,
    WriterUnavailable,
    ZkExpectation,
    ZkState,
    preferred,
    resolve_existing,
    shortage_error,
)
from kolektor.i18n import Language, t
from kolektor.logs import log_event

logger = logging.getLogger("kolektor.sfera")

T = TypeVar("T")

PROG_ID = "InsERT.GT"
ADD_METHODS: dict[DocumentKind, str] = {
    "FS": "DodajFS",
    "PA": "DodajPA",
    "PAi": "DodajPAi",
    "WZ": "DodajWZ",
}
PDF_FILE_TYPE = 0
"""``TypPlikuEnum.gtaTypPlikuPDF``."""

E_ACCESSDENIED = 0x80070005
DB_OPEN_FAILED = 0x80041329
START_FAILED = 0x8004132B
VALUE_TOO_LONG = 0x80040E21
DISP_E_EXCEPTION = 0x80020009
SESSION_LOST_CODES = frozenset(
    {
        0x80010108,  # RPC_E_DISCONNECTED: the object's server disconnected
        0x800706BA,  # RPC_S_SERVER_UNAVAILABLE: the Subiekt process is gone
        0x800706BE,  # RPC_S_CALL_FAILED
        0x800401FD,  # CO_E_OBJNOTCONNECTED
    }
)
LOCKED_TEXT = "nie można zablokować obiektu"
KSEF_SAVE_FAILED = 0x80041A54
"""A KSeF / e-invoice refusal on ``Zapisz`` (S12 ``document_service.py``: −2147214764)."""
KSEF_TEXTS = ("ksef", "e-faktur")
NOT_REGISTERED_CODES = frozenset(
    {
        0x80040154,  # REGDB_E_CLASSNOTREG: no InsERT.GT for this bitness
        0x800401F3,  # CO_E_CLASSSTRING: ProgID unknown (Subiekt/Sfera not installed)
        0x8000FFFF,  # E_UNEXPECTED: an x64 process creating the x86 in-process server (S11)
    }
)
DODATKI_PROG_ID = "InsERT.Dodatki"
"""``Szyfruj(text)`` encrypts a password the way Sfera expects it (S9, S11)."""


@dataclass(frozen=True, slots=True)
class KnownDialog:
    """A Subiekt dialog that blocks a COM call, found by a piece of its text."""

    name: str
    """Suffix of its ``writer.dialog.*`` message."""
    marker: str
    button: str
    """The harmless answer (pressed only with ``dismiss_dialogs``)."""


KNOWN_DIALOGS: tuple[KnownDialog, ...] = (
    # "You have documents not sent to KSeF — show them?" on every FS/PA save (S5, GT 1.88+).
    KnownDialog("ksef_unsent", "Krajowym Systemie e-Faktur", "Nie"),
    # The trial notice of a freshly started instance (S5).
    KnownDialog("trial", "Wersja próbna", "OK"),
)
"""The allowlist openlinker's ``DialogWatcher`` (S5) answers; any other dialog is only
reported, never clicked."""


@dataclass(frozen=True, slots=True)
class SferaSettings:
    """How to reach Sfera and how to realize (passwords are never logged)."""

    server: str
    """SQL Server instance, e.g. ``HOST\\INSERTGT``."""
    database: str
    operator: str
    """Subiekt operator (needs "Zamówienia od Klientów – Zrealizuj")."""
    operator_password: str = ""
    sql_user: str = ""
    """SQL login (mixed authentication, ``Autentykacja = 0``); empty = Windows (1)."""
    sql_password: str = ""
    product: int = 1
    """``Produkt``: 1 Subiekt."""
    start_arguments: tuple[int, ...] = (0, 6)
    """Arguments of ``Uruchom``: (``UruchomDopasujEnum``, ``UruchomEnum``) = (0, new |
    background).  The order differs between public samples — configurable."""
    warehouse_id: int | None = None
    """``MagazynId`` of the session (decides ``dok_MagId`` of new documents)."""
    fiscal_printer_id: int | None = None
    """``DrukarkaFiskalnaId`` = ``uf_Konfiguracja.uko_Id``."""
    fiscal_print_argument: bool = False
    """Argument of ``Drukuj`` for a fiscal receipt (False: without a dialog, as in S12)."""
    reservation: bool | None = False
    """Value set on ``Rezerwacja`` of a new FS/PA/PAi (None: leave it)."""
    readd_wz_lines: bool = True
    """If ``NaPodstawie`` leaves a WZ without lines (seen on one install), add the ZK's
    goods lines explicitly."""
    call_timeout: float = 120.0
    """Seconds a request may take on the COM thread."""
    start_timeout: float = 180.0
    """Extra seconds for a request that first opens the session (cold start ≈ 80 s)."""
    close_timeout: float = 30.0
    encrypt_passwords: bool = False
    """Pass both passwords through ``InsERT.Dodatki.Szyfruj`` (S9, S11) instead of plain
    text (the vendor's login example, S12, S5)."""
    warehouse_from_zk: bool = True
    """Set the session's ``MagazynId`` to each ZK's ``dok_MagId`` before realizing it
    (``warehouse_id`` stays the default for a ZK without one)."""
    invoice_form: int | None = None
    """``FormaDokumentu`` of a new FS: 0 traditional, 1 KSeF e-invoice, 2 emergency, 3
    offline24; None: Subiekt's default (S11, S12 set 1 for company buyers)."""
    session_retries: int = 2
    """Sessions recycled within one realization after a failed probe; then "restart
    needed"."""
    start_retries: int = 3
    """Times 0x8004132B is retried while an earlier instance may still be closing (a start
    failed half-way, a session was lost or abandoned); then it is a licence error."""
    dismiss_dialogs: bool = False
    """Answer the known harmless dialogs (:data:`KNOWN_DIALOGS`) as openlinker (S5) does;
    False: only name them in the error."""
    dialog_poll: float = 2.0
    """Seconds between looks for a Subiekt dialog while a call runs."""
    dynamic_dispatch: bool = False
    """``win32com.client.dynamic.Dispatch`` (pure late binding) instead of
    ``win32com.client.Dispatch``, which uses a makepy cache (``gen_py``) when one exists."""
    in_doubt_wait: float = 30.0
    """Seconds a realization waits for an earlier call abandoned in doubt to end (the
    fence, :mod:`kolektor.finalize.fence`) before it answers "still in doubt, retry"."""
    mark_remarks: bool = False
    """Append Kolektor's correlation mark (``KOLEKTOR <zk>/<token>``) to the new document's
    ``Uwagi`` [unverified on a live Subiekt: whether the print shows it]; off: the document
    is recognised by ``dok_DoDokId`` alone."""


class Pywin32Runtime:
    """:class:`ComRuntime` over pywin32 (imported lazily, so Kolektor starts anywhere).

    ``dynamic``: create objects with ``win32com.client.dynamic.Dispatch`` — always late
    binding — instead of ``win32com.client.Dispatch``, which returns makepy's generated
    wrappers when a ``gen_py`` cache exists for the type library (e.g. after someone ran
    ``gencache.EnsureDispatch("InsERT.GT")`` on that machine) and late-bound ones otherwise.
    """

    def __init__(self, language: Language = "pl", *, dynamic: bool = False) -> None:
        try:
            pythoncom = importlib.import_module("pythoncom")
            client = importlib.import_module("win32com.client")
            if dynamic:
                client = importlib.import_module("win32com.client.dynamic")
        except ImportError as error:
            raise WriterUnavailable(
                t("writer.no_pywin32", language, detail=error), detail=str(error)
            ) from error
        self._pythoncom: Any = pythoncom
        self._client: Any = client

    def initialize(self) -> None:
        self._pythoncom.CoInitialize()

    def uninitialize(self) -> None:
        self._pythoncom.CoUninitialize()

    def dispatch(self, prog_id: str) -> Any:
        return self._client.Dispatch(prog_id)


def python_bits() -> int:
    """32 or 64: Python's own bitness, which must match Sfera's in-process server."""
    return struct.calcsize("P") * 8


@dataclass(frozen=True, slots=True)
class ScreenDialog:
    """A dialog window Subiekt shows."""

    handle: int
    title: str
    text: str
    buttons: tuple[str, ...] = ()


class DialogDetector(Protocol):
    """Looks for Subiekt's dialogs on screen (Win32 in production, a fake in tests)."""

    def visible(self) -> list[ScreenDialog]: ...

    def press(self, dialog: ScreenDialog, button: str) -> None: ...


class Win32DialogDetector:
    """Subiekt's visible windows with their static texts and buttons, over pywin32's
    ``win32gui`` (``EnumWindows`` + ``EnumChildWindows`` — a dialog's text can sit several
    levels deep in Subiekt's main frame, S5).  Windows of ``Subiekt*.exe`` and of this
    process (InsERT.GT is an in-process server) count.  Never run on a real Subiekt."""

    BM_CLICK = 0x00F5

    def __init__(self) -> None:
        self._gui: Any = importlib.import_module("win32gui")
        self._process: Any = importlib.import_module("win32process")
        self._api: Any = importlib.import_module("win32api")
        self._pids: dict[int, bool] = {}

    def _subiekts(self, pid: int) -> bool:
        if pid == os.getpid():
            return True
        if pid not in self._pids:
            name = ""
            with contextlib.suppress(Exception):
                handle = self._api.OpenProcess(0x0410, False, pid)  # QUERY_INFORMATION|VM_READ
                name = os.path.basename(self._process.GetModuleFileNameEx(handle, 0)).lower()
            self._pids[pid] = name.startswith("subiekt")
        return self._pids[pid]

    def visible(self) -> list[ScreenDialog]:
        gui = self._gui
        tops: list[int] = []

        def top(hwnd: int, _: object) -> bool:
            if gui.IsWindowVisible(hwnd):
                _, pid = self._process.GetWindowThreadProcessId(hwnd)
                if self._subiekts(pid):
                    tops.append(hwnd)
            return True

        gui.EnumWindows(top, None)
        found = []
        for hwnd in tops:
            texts: list[str] = []
            buttons: list[str] = []

            def child(kid: int, _: object, texts: list[str] = texts,
                      buttons: list[str] = buttons) -> bool:  # fmt: skip
                if gui.IsWindowVisible(kid):
                    kind = gui.GetClassName(kid)
                    text = gui.GetWindowText(kid)
                    if kind == "Button" and text:
                        buttons.append(text.replace("&", "").strip())
                    elif kind == "Static" and text.strip():
                        texts.append(text.strip())
                return True

            with contextlib.suppress(Exception):
                gui.EnumChildWindows(hwnd, child, None)
            title = gui.GetWindowText(hwnd)
            if gui.GetClassName(hwnd) == "#32770" or any(
                known.marker in text for known in KNOWN_DIALOGS for text in texts
            ):
                found.append(ScreenDialog(hwnd, title, " ".join(texts), tuple(buttons)))
        return found

    def press(self, dialog: ScreenDialog, button: str) -> None:
        gui = self._gui
        pressed: list[int] = []

        def child(kid: int, _: object) -> bool:
            if gui.GetClassName(kid) == "Button" and (
                gui.GetWindowText(kid).replace("&", "").strip() == button
            ):
                pressed.append(kid)
                return False
            return True

        with contextlib.suppress(Exception):
            gui.EnumChildWindows(dialog.handle, child, None)
        if pressed:
            gui.SendMessage(pressed[0], self.BM_CLICK, 0, 0)


def known_dialog(dialog: ScreenDialog) -> KnownDialog | None:
    for known in KNOWN_DIALOGS:
        if known.marker in dialog.text or known.marker in dialog.title:
            return known
    return None


def scrub_traceback(error: BaseException) -> None:
    """Clear the locals of the finished frames in ``error``'s tracebacks (its cause and
    context included), so the COM objects they held are released now, on the COM thread,
    and not later on whichever thread drops the exception."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if current.__traceback__ is not None:
            traceback.clear_frames(current.__traceback__)
        pending += [current.__cause__, current.__context__]


def _on_sta(job: Callable[[Any], T]) -> Callable[[Any], T]:
    """``job`` for the COM thread, whose failure leaves the thread holding no COM object:
    the session is dropped from this frame and the tracebacks' locals are cleared."""

    def run(session: Any) -> T:
        try:
            return job(session)
        except BaseException as error:
            del session
            scrub_traceback(error)
            raise

    return run


class SferaLoginError(WriterError):
    """0x80041329: Sfera cannot open Subiekt's database with the configured SQL login —
    a configuration to fix, not retried."""

    default_code = "sfera_login"


class SferaNotRegistered(WriterError):
    """``InsERT.GT`` cannot be created here: Sfera not installed, or Python's bitness does
    not match it."""

    default_code = "sfera_not_registered"


class KsefRejected(WriterError):
    """Subiekt refused to save an FS/PA for a KSeF / e-invoice reason."""

    default_code = "ksef_rejected"


class SubiektDialog(WriterUnavailable):
    """A Subiekt dialog blocked the call until it timed out; :attr:`dialog` names it."""

    default_code = "subiekt_dialog"

    def __init__(self, message: str, *, dialog: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.dialog = dialog


class SessionProbeFailed(WriterUnavailable):
    """The session failed its probe before a write: nothing was written; the session is
    ended and the realization tried again on a new one."""


@dataclass(frozen=True, slots=True)
class ComFailure:
    """A COM error reduced to its code (unsigned) and Subiekt's description."""

    hresult: int | None
    description: str


def com_failure(error: BaseException) -> ComFailure | None:
    """Read a ``pywintypes.com_error`` (or anything shaped like one: ``hresult``,
    ``strerror``, ``excepinfo``); None for other exceptions.

    For ``DISP_E_EXCEPTION`` the real code is ``excepinfo[5]`` (scode) and the message
    ``excepinfo[2]``."""
    hresult = getattr(error, "hresult", None)
    if not isinstance(hresult, int):
        return None
    code = hresult & 0xFFFFFFFF
    description = ""
    excepinfo = getattr(error, "excepinfo", None)
    if excepinfo:
        if len(excepinfo) > 2 and excepinfo[2]:
            description = str(excepinfo[2])
        if len(excepinfo) > 5 and isinstance(excepinfo[5], int) and excepinfo[5]:
            code = excepinfo[5] & 0xFFFFFFFF
    if not description:
        description = str(getattr(error, "strerror", "") or "")
    return ComFailure(code, description.strip())


@dataclass(slots=True)
class _Session:
    gt: Any
    subiekt: Any
    warehouse_id: int | None = None
    """The ``MagazynId`` last set on the session."""


class SferaWriter:
    """:class:`~kolektor.finalize.writer.DocumentWriter` over Sfera GT.

    ``lookup`` reads Subiekt by SQL (:class:`~kolektor.finalize.writer.SqlLookup`) for the
    checks before realizing and for :meth:`find_realization`.  ``runtime_factory`` makes
    the COM runtime on the COM thread (default: pywin32; tests pass a recording fake).
    """

    def __init__(
        self,
        settings: SferaSettings,
        lookup: SubiektLookup,
        *,
        runtime_factory: Callable[[], ComRuntime] | None = None,
        language: Language = "pl",
        dialog_detector: DialogDetector | None = None,
    ) -> None:
        self.settings = settings
        self.lookup = lookup
        self.language = language
        self._runtime_factory = runtime_factory or (
            lambda: Pywin32Runtime(language, dynamic=settings.dynamic_dispatch)
        )
        self._dialog_detector = dialog_detector
        if dialog_detector is None and runtime_factory is None:
            with contextlib.suppress(Exception):  # no pywin32: no dialogs to look for
                self._dialog_detector = Win32DialogDetector()
        self._start_failures = 0
        self._instance_may_linger = False
        """An earlier Subiekt instance may still be closing (a start failed half-way, a
        session was lost or abandoned): 0x8004132B is then retried."""
        self._lock = threading.Lock()
        self._thread: ComThread | None = None
        self._closed = False
        self._generation = 0
        self.abandoned_threads: list[ComThread] = []
        self.fence = InDoubtFence(wait=settings.in_doubt_wait, language=language)
        """Calls abandoned in doubt: no realization starts while one may still save."""
        """Threads given up after a timeout (for diagnostics and tests)."""

    # -- DocumentWriter -------------------------------------------------------------------

    def find_realization(self, zk_id: int) -> RealizedDocument | None:
        return preferred(self.lookup.realizations(zk_id))

    def realize(
        self, expectation: ZkExpectation, kind: DocumentKind, *, fiscal: bool = True
    ) -> RealizedDocument:
        if kind not in DOCUMENT_TYPES:
            raise ValueError(f"unknown document kind {kind!r}")
        state, existing = self._check(expectation, kind)
        if existing is None and self.fence.alive():
            # The fence: an earlier call may still save — wait for it (bounded), re-read.
            self.fence.wait(expectation.zk_id, number=expectation.number)
            state, existing = self._check(expectation, kind)
        if existing is not None:
            return existing
        assert state is not None  # resolve_existing raised ZkMissing otherwise
        fiscal = fiscal and kind in FISCAL_KINDS
        if fiscal and self.settings.fiscal_printer_id is None:
            raise WriterError(
                t("writer.no_fiscal_printer", self.language), code="no_fiscal_printer"
            )
        saved = self._realize_probed(expectation, kind, fiscal, state)
        return self._reread_number(saved)

    def _check(
        self, expectation: ZkExpectation, kind: DocumentKind
    ) -> tuple[ZkState | None, RealizedDocument | None]:
        """Subiekt by SQL: the ZK now and the document to adopt (or raise, or None)."""
        state = self.lookup.zk_state(expectation.zk_id)
        realizations = self.lookup.realizations(expectation.zk_id)
        return state, resolve_existing(expectation, kind, realizations, state, self.language)

    def document_pdf(self, document_id: int) -> bytes | None:
        folder = Path(tempfile.mkdtemp(prefix="kolektor-sfera-"))
        path = folder / f"dokument-{document_id}.pdf"
        try:
            self._call(
                _on_sta(lambda session: self._print_on_thread(session, document_id, path)),
                f"DrukujDoPliku {document_id}",
                in_doubt=False,
            )
            if not path.is_file() or path.stat().st_size == 0:
                raise WriterError(
                    t("writer.pdf_missing", self.language, document_id=document_id),
                    code="pdf_missing",
                )
            return path.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def warm_up(self) -> None:
        """Open the session now (a cold start takes about 80 s) instead of on first use."""
        blocked = threading.Event()
        with self._watching_dialogs(blocked) as seen:
            try:
                self._call(lambda session: None, "Uruchom", in_doubt=False, give_up=blocked)
            except WriterUnavailable as error:
                dialog = self._dialog_error(seen, error)
                if dialog is None:
                    raise
                raise dialog from error

    # -- what public bridges learned (docs/subiekt-writer.md, "Confirmed by public code") --

    def _realize_probed(
        self, expectation: ZkExpectation, kind: DocumentKind, fiscal: bool, state: ZkState
    ) -> RealizedDocument:
        """The realization on the COM thread; a session that fails its probe (before
        anything is written) is ended and the realization runs again on a new one, at most
        ``session_retries`` times — then "restart needed"."""
        operation = f"{ADD_METHODS[kind]} ← {expectation.number}"
        recycled = 0
        while True:
            blocked = threading.Event()
            with self._watching_dialogs(blocked) as seen:
                try:
                    return self._call(
                        _on_sta(
                            lambda session: self._realize_on_thread(
                                session, expectation, kind, fiscal, state
                            )
                        ),
                        operation,
                        in_doubt=True,
                        zk_id=expectation.zk_id,
                        give_up=blocked,
                    )
                except SessionProbeFailed as error:
                    self._instance_may_linger = True
                    recycled += 1
                    log_event(
                        logger,
                        "sfera.session_recycled",
                        logging.WARNING,
                        operation=operation,
                        attempt=recycled,
                        error=(error.detail or "")[:300],
                    )
                    if recycled > self.settings.session_retries:
                        raise WriterUnavailable(
                            t(
                                "writer.restart_needed",
                                self.language,
                                attempts=recycled,
                                detail=error.detail or "",
                            ),
                            code="restart_needed",
                            detail=error.detail,
                            session_lost=True,
                        ) from None
                except WriterUnavailable as error:
                    dialog = self._dialog_error(seen, error)
                    if dialog is None:
                        raise
                    raise dialog from error

    def _reread_number(self, saved: RealizedDocument) -> RealizedDocument:
        """``dok_NrPelny`` read by SQL after ``Zapisz``: the COM object sometimes answers a
        default name instead of the number (S12).  The COM number stays when SQL cannot
        tell."""
        try:
            documents = self.lookup.realizations(saved.zk_id)
        except WriterError as error:
            log_event(logger, "sfera.number_unread", logging.WARNING, error=error.message[:300])
            return saved
        for document in documents:
            if document.id == saved.id and document.number and document.number != saved.number:
                log_event(
                    logger,
                    "sfera.number_corrected",
                    logging.WARNING,
                    com=saved.number,
                    sql=document.number,
                    id=saved.id,
                )
                return replace(saved, number=document.number)
        return saved

    def _own_abandoned_call_alive(self) -> bool:
        """Whether a call this writer gave up on may still run (and hold Subiekt's locks):
        one the fence (``self.fence.alive()``) still waits for, or any abandoned COM thread
        that has not finished.  A writer attribute ``abandoned_call_alive`` (a bool or a
        callable), when present, is asked first."""
        flag = getattr(self, "abandoned_call_alive", None)
        if flag is not None:
            return bool(flag() if callable(flag) else flag)
        fence = getattr(self, "fence", None)
        alive = getattr(fence, "alive", None)
        if callable(alive) and alive():
            return True
        return any(not thread.finished.is_set() for thread in list(self.abandoned_threads))

    @contextlib.contextmanager
    def _watching_dialogs(
        self, blocked: threading.Event | None = None
    ) -> Iterator[list[ScreenDialog]]:
        """While the body runs, look for Subiekt's dialogs every ``dialog_poll`` seconds:
        each is logged and listed (for :meth:`_dialog_error`); a known harmless one is
        answered when ``dismiss_dialogs`` is on.  A dialog that stays for two looks and
        that Kolektor will not answer sets ``blocked`` (the call gives up at once)."""
        seen: list[ScreenDialog] = []
        detector = self._dialog_detector
        if detector is None:
            yield seen
            return
        stop = threading.Event()

        def watch() -> None:
            previous: set[str] = set()
            while not stop.wait(self.settings.dialog_poll):
                try:
                    dialogs = detector.visible()
                except Exception as error:
                    log_event(logger, "sfera.dialog_unreadable", logging.WARNING,
                              error=repr(error)[:300])  # fmt: skip
                    continue
                unanswered = {
                    d.text for d in dialogs
                    if (known := known_dialog(d)) is None
                    or not self.settings.dismiss_dialogs
                    or known.button not in d.buttons
                }  # fmt: skip
                if blocked is not None and unanswered & previous:
                    blocked.set()
                previous = unanswered
                for dialog in dialogs:
                    if all(dialog.text != other.text for other in seen):
                        seen.append(dialog)
                        log_event(logger, "sfera.dialog", logging.WARNING,
                                  title=dialog.title, text=dialog.text[:300])  # fmt: skip
                    known = known_dialog(dialog)
                    if (
                        known is not None
                        and self.settings.dismiss_dialogs
                        and known.button in dialog.buttons
                    ):
                        with contextlib.suppress(Exception):
                            detector.press(dialog, known.button)
                            log_event(logger, "sfera.dialog_dismissed", logging.WARNING,
                                      dialog=known.name, button=known.button)  # fmt: skip

        watcher = threading.Thread(target=watch, name="sfera-dialogs", daemon=True)
        watcher.start()
        try:
            yield seen
        finally:
            stop.set()
            watcher.join(5.0)

    def _dialog_error(
        self, seen: list[ScreenDialog], error: WriterUnavailable
    ) -> SubiektDialog | None:
        """A call that failed while Subiekt showed a dialog (a timeout): the error naming
        the dialog; None when no dialog was seen."""
        if not seen or error.session_lost or isinstance(error, SubiektDialog):
            return None
        dialog = seen[-1]
        known = known_dialog(dialog)
        name = known.name if known is not None else "unknown"
        text = (dialog.text or dialog.title).strip()
        return SubiektDialog(
            t(
                "writer.dialog",
                self.language,
                text=text[:200],
                hint=t(f"writer.dialog.{name}", self.language),
            ),
            dialog=text,
            in_doubt=error.in_doubt,
            detail=error.message,
        )

    def close(self) -> None:
        """End the session (``Zakoncz``) and the COM thread; later calls fail."""
        with self._lock:
            self._closed = True
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop()
            thread.join(self.settings.close_timeout)

    # -- the COM thread -------------------------------------------------------------------

    def _call(
        self,
        job: Callable[[Any], T],
        operation: str,
        *,
        in_doubt: bool,
        zk_id: int | None = None,
        give_up: threading.Event | None = None,
    ) -> T:
        """Run ``job`` on the COM thread and wait up to the call timeout — or until
        ``give_up`` is set (a dialog nobody will answer blocks the call: waiting longer
        cannot help, and the office hears it at once).  A call given up on after it started
        is abandoned as after a timeout (the fence then holds later writes)."""
        with self._lock:
            if self._closed:
                raise WriterUnavailable(t("writer.closed", self.language))
            thread = self._thread
            if thread is None:
                thread = self._thread = self._new_thread()
            timeout = self.settings.call_timeout
            if not thread.session_open:
                timeout += self.settings.start_timeout
            request = thread.submit(job, operation)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                return request.future.result(
                    timeout=max(0.0, remaining if give_up is None else min(remaining, 0.1))
                )
            except FutureTimeout:
                gave_up = give_up is not None and give_up.is_set()
                if remaining <= 0 or gave_up:
                    break
        if request.cancel():
            # Never started: the thread is busy with someone else's request, which has
            # its own timeout.  Nothing happened; retry later.
            raise WriterUnavailable(
                t("writer.not_started", self.language, operation=operation)
            ) from None
        started = request.expire()
        if started and request.future.done():  # finished just now
            return request.future.result()
        self._recycle(thread)
        doubtful = in_doubt and started
        if doubtful:  # the fence: nothing is realized again until this call has ended
            self.fence.abandoned(thread.finished, operation=operation, zk_id=zk_id)
        waited = round(timeout - max(0.0, deadline - time.monotonic()), 1)
        log_event(
            logger,
            "sfera.gave_up" if gave_up else "sfera.timeout",
            logging.WARNING,
            operation=operation,
            seconds=waited,
            in_doubt=doubtful,
        )
        if gave_up:
            message = t("writer.gave_up", self.language, seconds=waited, operation=operation)
        else:
            message = t("writer.timeout", self.language, seconds=timeout, operation=operation)
        raise WriterUnavailable(message, in_doubt=doubtful)

    def _new_thread(self) -> ComThread:
        self._generation += 1
        return ComThread(
            self._runtime_factory,
            self._open_session,
            self._close_session,
            session_lost=lambda error: isinstance(error, WriterUnavailable) and error.session_lost,
            name=f"sfera-com-{self._generation}",
        )

    def _recycle(self, thread: ComThread) -> None:
        with self._lock:
            if self._thread is thread:
                self._thread = None
            self.abandoned_threads.append(thread)
        for request in thread.abandon():
            request.future.set_exception(
                WriterUnavailable(
                    t("writer.not_started", self.language, operation=request.operation)
                )
            )

    def _open_session(self, runtime: ComRuntime) -> _Session:
        s = self.settings
        gt: Any = None
        subiekt: Any = None
        step = "Dispatch"
        try:
            gt = runtime.dispatch(PROG_ID)
            step = "Uruchom"
            sql_password, operator_password = s.sql_password, s.operator_password
            if s.encrypt_passwords:
                step = "Szyfruj"
                dodatki = runtime.dispatch(DODATKI_PROG_ID)
                if sql_password:
                    sql_password = str(dodatki.Szyfruj(sql_password))
                if operator_password:
                    operator_password = str(dodatki.Szyfruj(operator_password))
                del dodatki
                step = "Uruchom"
            gt.Produkt = s.product
            gt.Serwer = s.server
            gt.Baza = s.database
            if s.sql_user:
                gt.Autentykacja = 0
                gt.Uzytkownik = s.sql_user
                gt.UzytkownikHaslo = sql_password
            else:
                gt.Autentykacja = 1
            gt.Operator = s.operator
            gt.OperatorHaslo = operator_password
            subiekt = gt.Uruchom(*s.start_arguments)
            step = "MagazynId"
            if s.warehouse_id is not None:
                subiekt.MagazynId = s.warehouse_id
        except Exception as error:
            if subiekt is not None:
                # Started half-way: end it, or it keeps running in the background with
                # one of Subiekt's seats (and the next start may meet 0x8004132B).
                self._instance_may_linger = True
                try:
                    subiekt.Zakoncz()
                except Exception as close_error:
                    log_event(logger, "sfera.session_close_failed", logging.WARNING,
                              error=repr(close_error)[:300])  # fmt: skip
            failure = self._error(error, step)
            gt = subiekt = None
            scrub_traceback(error)
            raise failure from error
        self._start_failures = 0
        self._instance_may_linger = False
        return _Session(gt, subiekt, warehouse_id=s.warehouse_id)

    def _close_session(self, session: _Session) -> None:
        session.subiekt.Zakoncz()

    def _realize_on_thread(
        self,
        session: _Session,
        expectation: ZkExpectation,
        kind: DocumentKind,
        fiscal: bool,
        state: ZkState,
    ) -> RealizedDocument:
        add = ADD_METHODS[kind]
        saved: RealizedDocument | None = None
        try:  # the probe: a dead session fails here, before anything is written
            manager = session.subiekt.SuDokumentyManager
            if manager is None:
                raise AttributeError("Subiekt.SuDokumentyManager")
        except Exception as error:
            raise self._probe_failed(error, "SuDokumentyManager") from error
        warehouse = state.warehouse_id
        if (
            self.settings.warehouse_from_zk
            and warehouse is not None
            and warehouse != session.warehouse_id
        ):
            try:
                session.subiekt.MagazynId = warehouse
            except Exception as error:
                if _session_dead(error):
                    raise self._probe_failed(error, "MagazynId") from error
                raise self._error(error, "MagazynId", number=expectation.number) from error
            session.warehouse_id = warehouse
        try:
            doc = getattr(manager, add)()
        except Exception as error:
            if _session_dead(error):
                raise self._probe_failed(error, add) from error
            raise self._error(error, add, number=expectation.number) from error
        del manager
        step = "NaPodstawie"
        try:
            doc.NaPodstawie(expectation.zk_id)
            if expectation.mark and self.settings.mark_remarks:
                step = "Uwagi"
                doc.Uwagi = with_mark(str(doc.Uwagi or ""), expectation.mark)
            if kind != "WZ":  # a warehouse document refuses it on Zapisz (S11, S6)
                step = "LiczonyOdCenBrutto"
                doc.LiczonyOdCenBrutto = True
            if kind != "WZ" and self.settings.reservation is not None:
                try:  # only where the document has it (S5 guards it the same way)
                    doc.Rezerwacja = self.settings.reservation
                except Exception as error:
                    log_event(logger, "sfera.reservation_skipped", kind=kind,
                              error=repr(error)[:300])  # fmt: skip
            if kind == "FS" and self.settings.invoice_form is not None:
                step = "FormaDokumentu"
                doc.FormaDokumentu = self.settings.invoice_form
            if kind == "WZ" and self.settings.readd_wz_lines:
                step = "Pozycje"
                if int(doc.Pozycje.Liczba) == 0:
                    _add_goods_lines(doc, state)
            if expectation.picked:
                step = "IloscJm"
                self._set_picked(doc, state, expectation, warehouse_doc=kind == "WZ")
            step = "ZapiszSymulacja"
            try:
                doc.ZapiszSymulacja()
            except Exception:
                missing = self._shortage(doc, state)
                if missing:
                    raise shortage_error(expectation.number, missing, self.language) from None
                raise
            if fiscal:  # before Zapisz, as the vendor's example (gta.chm via S7)
                step = "RejestrujNaUF"
                doc.RejestrujNaUF = True
                step = "DrukarkaFiskalnaId"
                doc.DrukarkaFiskalnaId = self.settings.fiscal_printer_id
            step = "Zapisz"
            doc.Zapisz()
            step = "Identyfikator"
            saved = RealizedDocument(
                id=int(doc.Identyfikator),
                kind=kind,
                number=str(doc.NumerPelny).strip(),
                zk_id=expectation.zk_id,
                value_gross=_decimal(doc.WartoscBrutto),
                adopted=False,
                fiscal_status=0 if kind in FISCAL_KINDS else None,
            )
            log_event(
                logger, "sfera.realized", zk=expectation.number, document=saved.number, id=saved.id
            )
            if fiscal:
                saved = self._register_fiscal(doc, saved)
            return saved
        except WriterError:
            raise
        except Exception as error:
            raise self._error(error, step, number=expectation.number, doc=doc) from error
        finally:
            try:
                doc.Zamknij()
            except Exception as error:
                log_event(logger, "sfera.close_failed", logging.WARNING, error=repr(error)[:300])
            # Saved (a fiscal failure included): close a ZK a weighed line left short — only
            # now, once the document that held the ZK's lock since NaPodstawie is closed.
            if saved is not None and any(
                picked < _ordered(state, line) for line, picked in expectation.picked
            ):
                try:  # the document is saved: a ZK left open is logged, not a failure
                    _close_zk(session.subiekt.SuDokumentyManager, expectation.zk_id)
                except Exception as error:
                    log_event(logger, "sfera.zk_not_closed", logging.WARNING,
                              zk=expectation.number, error=repr(error)[:300])  # fmt: skip

    def _set_picked(
        self, doc: Any, state: ZkState, expectation: ZkExpectation, *, warehouse_doc: bool
    ) -> None:
        """Give the weighed lines the weight picked within tolerance (``IloscJm``; Subiekt
        recomputes the position's values).  ``NaPodstawie`` copies the ZK's lines in order
        (a WZ its goods only), so position *n* is the ZK's *n*-th such line; a position
        whose product is not that line's stops the realization (``position_mismatch``,
        before anything is saved) instead of changing the wrong line."""
        picked = dict(expectation.picked)
        copied = [ln for ln in state.lines if not (warehouse_doc and ln.kind == 2)]
        for index, line in enumerate(copied, start=1):
            if line.id not in picked:
                continue
            position = doc.Pozycje.Element(index)
            product = int(position.TowarId)
            if line.product_id is not None and product != line.product_id:
                found = str(position.TowarSymbol or "").strip() or f"tw_Id {product}"
                raise WriterError(
                    t(
                        "writer.position_mismatch",
                        self.language,
                        number=expectation.number,
                        position=index,
                        found=found,
                        expected=line.symbol or line.name,
                    ),
                    code="position_mismatch",
                    detail=f"TowarId {product} ≠ {line.product_id}",
                )
            position.IloscJm = float(picked[line.id])

    def _register_fiscal(self, doc: Any, saved: RealizedDocument) -> RealizedDocument:
        """Print a saved receipt on the fiscal printer (§7.5; ``RejestrujNaUF`` and
        ``DrukarkaFiskalnaId`` were set before ``Zapisz``)."""
        try:
            doc.Drukuj(self.settings.fiscal_print_argument)
            status = int(doc.StatusFiskalny)
        except Exception as error:
            failure = self._error(error, "Drukuj", doc=doc)
            raise FiscalError(
                t(
                    "writer.fiscal_failed",
                    self.language,
                    number=saved.number,
                    detail=failure.detail or failure.message,
                ),
                document=saved,
                detail=failure.detail,
            ) from error
        return replace(saved, fiscal_status=status)

    def _print_on_thread(self, session: _Session, document_id: int, path: Path) -> None:
        try:
            doc = session.subiekt.SuDokumentyManager.WczytajDokument(document_id)
        except Exception as error:
            raise self._error(error, "WczytajDokument") from error
        try:
            doc.DrukujDoPliku(str(path), PDF_FILE_TYPE)
        except Exception as error:
            raise self._error(error, "DrukujDoPliku", doc=doc) from error
        finally:
            try:
                doc.Zamknij()
            except Exception as error:
                log_event(logger, "sfera.close_failed", logging.WARNING, error=repr(error)[:300])

    def _shortage(self, doc: Any, state: ZkState) -> list[MissingItem]:
        """The products ``PozycjeBrakujace`` lists after a failed ``ZapiszSymulacja``."""
        try:
            shortages = doc.PozycjeBrakujace
            count = int(shortages.Liczba)
            names = {line.symbol: line.name for line in state.lines if line.symbol}
            missing = []
            for index in range(1, count + 1):  # Element is 1-based
                item = shortages.Element(index)
                symbol = str(item.TowarSymbol).strip()
                missing.append(
                    MissingItem(
                        symbol=symbol,
                        name=names.get(symbol, ""),
                        needed=_decimal(item.IloscJm),
                        available=_decimal(item.MagazynStan),
                        warehouse=state.warehouse,
                    )
                )
            return missing
        except Exception as error:
            log_event(logger, "sfera.shortage_unreadable", logging.WARNING, error=repr(error)[:300])
            return []

    def _error(
        self, error: BaseException, operation: str, *, number: str = "", doc: Any = None
    ) -> WriterError:
        """Turn an exception from a COM call into a :class:`WriterError`."""
        if isinstance(error, WriterError):
            return error
        failure = com_failure(error)
        details = []
        if failure is not None and failure.description:
            details.append(failure.description)
        elif failure is None:
            details.append(f"{type(error).__name__}: {error}")
        if doc is not None:
            with contextlib.suppress(Exception):
                extra = str(doc.SzczegolyOstatniegoBledu or "").strip()
                if extra and extra not in details:
                    details.append(extra)
        detail = " — ".join(details)
        code = failure.hresult if failure is not None else None
        lang = self.language
        kwargs: dict[str, Any] = {"detail": detail or None, "hresult": code}
        if LOCKED_TEXT in detail.lower():
            if self._own_abandoned_call_alive():
                # Our own call given up after a timeout still holds the ZK (S3 saw the lock
                # outlive the call that took it): not another user — wait for it to end.
                return SubiektLocked(
                    t("writer.locked_own", lang, number=number or "?"),
                    code="subiekt_locked_own",
                    **kwargs,
                )
            return SubiektLocked(t("writer.locked", lang, number=number or "?"), **kwargs)
        if operation == "Dispatch" and code in NOT_REGISTERED_CODES:
            return SferaNotRegistered(
                t("writer.not_registered", lang, bits=python_bits(), detail=detail), **kwargs
            )
        if code == E_ACCESSDENIED:
            if operation == "NaPodstawie":
                text = t("writer.permission_realize", lang, operator=self.settings.operator)
            else:
                text = t(
                    "writer.permission",
                    lang,
                    operator=self.settings.operator,
                    operation=operation,
                    detail=detail,
                )
            return PermissionDenied(text, **kwargs)
        if code == DB_OPEN_FAILED:
            return SferaLoginError(
                t(
                    "writer.db_open_failed",
                    lang,
                    login=self.settings.sql_user or "Windows",
                    detail=detail,
                ),
                **kwargs,
            )
        if code == START_FAILED:
            linger = self._instance_may_linger or bool(self.abandoned_threads)
            if linger and self._start_failures < self.settings.start_retries:
                self._start_failures += 1
                return LicenceError(
                    t(
                        "writer.start_retry",
                        lang,
                        attempt=self._start_failures,
                        limit=self.settings.start_retries,
                        detail=detail,
                    ),
                    retryable=True,
                    **kwargs,
                )
            return LicenceError(t("writer.licence", lang, detail=detail), **kwargs)
        if operation in ("Zapisz", "ZapiszSymulacja") and (
            code == KSEF_SAVE_FAILED or any(word in detail.lower() for word in KSEF_TEXTS)
        ):
            return KsefRejected(
                t("writer.ksef_rejected", lang, number=number or "?", detail=detail), **kwargs
            )
        if code == VALUE_TOO_LONG:
            return ValueTooLong(t("writer.value_too_long", lang, detail=detail), **kwargs)
        if code in SESSION_LOST_CODES:
            self._instance_may_linger = True
            return WriterUnavailable(
                t("writer.session_lost", lang, operation=operation, detail=detail),
                session_lost=True,
                **kwargs,
            )
        return WriterError(
            t("writer.subiekt_error", lang, operation=operation, detail=detail),
            code="subiekt_error",
            **kwargs,
        )

    def _probe_failed(self, error: BaseException, operation: str) -> SessionProbeFailed:
        """The session is dead (an ``AttributeError`` from late binding, an RPC code, any
        failure of the probe): nothing was written, the session is to be recycled."""
        failure = com_failure(error)
        detail = (
            failure.description
            if failure is not None and failure.description
            else f"{type(error).__name__}: {error}"
        )
        return SessionProbeFailed(
            t("writer.session_lost", self.language, operation=operation, detail=detail),
            session_lost=True,
            detail=detail,
            hresult=failure.hresult if failure is not None else None,
        )


def _session_dead(error: BaseException) -> bool:
    """An error that means the session object itself is gone."""
    if isinstance(error, AttributeError):
        return True
    failure = com_failure(error)
    return failure is not None and failure.hresult in SESSION_LOST_CODES


def _ordered(state: ZkState, line_id: int) -> Decimal:
    return next((ln.quantity for ln in state.lines if ln.id == line_id), Decimal(0))


def _close_zk(manager: Any, zk_id: int) -> None:
    """Close the ZK as realized when a weighed line got less than ordered (within its
    tolerance): Subiekt would leave it partly realized, waiting for grams that never come
    (reference §7.4: ``StatusDokumentu = 8`` on the loaded ZK)."""
    zk = manager.WczytajDokument(zk_id)
    try:
        if int(zk.StatusDokumentu) != REALIZED_STATUS:
            zk.StatusDokumentu = REALIZED_STATUS
            zk.Zapisz()
    finally:
        zk.Zamknij()


def _add_goods_lines(doc: Any, state: ZkState) -> None:
    """Add the ZK's goods lines to a WZ that ``NaPodstawie`` left empty [uncertain §7.4]."""
    for line in state.lines:
        if line.product_id is None or line.kind == 2:
            continue
        position = doc.Pozycje.Dodaj(line.product_id)
        if line.unit:
            position.Jm = line.unit
        position.IloscJm = float(line.quantity)


def _decimal(value: object) -> Decimal:
    """A COM number (``VT_CY`` arrives as Decimal or float) with four places."""
    try:
        return Decimal(str(value)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError):
        return Decimal("0.0000")
