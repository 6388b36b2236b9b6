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

    doc = SuDokumentyManager.DodajFS()      # DodajPA / DodajPAi / DodajWZ
    doc.NaPodstawie(zk_id)                  # buyer, lines, payments, DoDokumentuId
    doc.LiczonyOdCenBrutto = True
    doc.Rezerwacja = False                  # FS/PA/PAi: explicit, so no dialog can ask
    doc.ZapiszSymulacja()                   # dry run; on failure PozycjeBrakujace → shortage
    doc.Zapisz()
    doc.Identyfikator, doc.NumerPelny, doc.WartoscBrutto
    doc.RejestrujNaUF = True; doc.DrukarkaFiskalnaId = …; doc.Drukuj(False)  # PA/PAi, §7.5
    doc.Zamknij()                           # always

COM errors become :class:`~kolektor.finalize.writer.WriterError` subclasses (§7.2):
0x80070005 → PermissionDenied, 0x80041329 → WriterUnavailable (database login),
0x8004132B → LicenceError, "Nie można zablokować obiektu" → SubiektLocked, 0x80040E21 →
ValueTooLong, RPC/disconnect codes → WriterUnavailable with a new session; the document's
``SzczegolyOstatniegoBledu`` is added to the detail when it can be read.

pywin32 is imported lazily, on the COM thread: without it every request fails with
WriterUnavailable ("Sfera needs Windows with pywin32").
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from kolektor.finalize.sfera_thread import ComRuntime, ComThread
from kolektor.finalize.writer import (
    DOCUMENT_TYPES,
    FISCAL_KINDS,
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


class Pywin32Runtime:
    """:class:`ComRuntime` over pywin32 (imported lazily, so Kolektor starts anywhere)."""

    def __init__(self, language: Language = "pl") -> None:
        try:
            pythoncom = importlib.import_module("pythoncom")
            client = importlib.import_module("win32com.client")
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
    ) -> None:
        self.settings = settings
        self.lookup = lookup
        self.language = language
        self._runtime_factory = runtime_factory or (lambda: Pywin32Runtime(language))
        self._lock = threading.Lock()
        self._thread: ComThread | None = None
        self._closed = False
        self._generation = 0
        self.abandoned_threads: list[ComThread] = []
        """Threads given up after a timeout (for diagnostics and tests)."""

    # -- DocumentWriter -------------------------------------------------------------------

    def find_realization(self, zk_id: int) -> RealizedDocument | None:
        return preferred(self.lookup.realizations(zk_id))

    def realize(
        self, expectation: ZkExpectation, kind: DocumentKind, *, fiscal: bool = True
    ) -> RealizedDocument:
        if kind not in DOCUMENT_TYPES:
            raise ValueError(f"unknown document kind {kind!r}")
        state = self.lookup.zk_state(expectation.zk_id)
        existing = resolve_existing(
            expectation,
            kind,
            self.lookup.realizations(expectation.zk_id),
            state,
            self.language,
        )
        if existing is not None:
            return existing
        assert state is not None  # resolve_existing raised ZkMissing otherwise
        fiscal = fiscal and kind in FISCAL_KINDS
        if fiscal and self.settings.fiscal_printer_id is None:
            raise WriterError(
                t("writer.no_fiscal_printer", self.language), code="no_fiscal_printer"
            )
        return self._call(
            lambda session: self._realize_on_thread(session, expectation, kind, fiscal, state),
            f"{ADD_METHODS[kind]} ← {expectation.number}",
            in_doubt=True,
        )

    def document_pdf(self, document_id: int) -> bytes | None:
        folder = Path(tempfile.mkdtemp(prefix="kolektor-sfera-"))
        path = folder / f"dokument-{document_id}.pdf"
        try:
            self._call(
                lambda session: self._print_on_thread(session, document_id, path),
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
        self._call(lambda session: None, "Uruchom", in_doubt=False)

    def close(self) -> None:
        """End the session (``Zakoncz``) and the COM thread; later calls fail."""
        with self._lock:
            self._closed = True
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop()
            thread.join(self.settings.close_timeout)

    # -- the COM thread -------------------------------------------------------------------

    def _call(self, job: Callable[[Any], T], operation: str, *, in_doubt: bool) -> T:
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
        try:
            return request.future.result(timeout=timeout)
        except FutureTimeout:
            pass
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
        log_event(
            logger,
            "sfera.timeout",
            logging.WARNING,
            operation=operation,
            seconds=timeout,
            in_doubt=doubtful,
        )
        raise WriterUnavailable(
            t("writer.timeout", self.language, seconds=timeout, operation=operation),
            in_doubt=doubtful,
        )

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
        try:
            gt = runtime.dispatch(PROG_ID)
            gt.Produkt = s.product
            gt.Serwer = s.server
            gt.Baza = s.database
            if s.sql_user:
                gt.Autentykacja = 0
                gt.Uzytkownik = s.sql_user
                gt.UzytkownikHaslo = s.sql_password
            else:
                gt.Autentykacja = 1
            gt.Operator = s.operator
            gt.OperatorHaslo = s.operator_password
            subiekt = gt.Uruchom(*s.start_arguments)
            if s.warehouse_id is not None:
                subiekt.MagazynId = s.warehouse_id
        except Exception as error:
            raise self._error(error, "Uruchom") from error
        return _Session(gt, subiekt)

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
        try:
            doc = getattr(session.subiekt.SuDokumentyManager, add)()
        except Exception as error:
            raise self._error(error, add, number=expectation.number) from error
        step = "NaPodstawie"
        try:
            doc.NaPodstawie(expectation.zk_id)
            step = "LiczonyOdCenBrutto"
            doc.LiczonyOdCenBrutto = True
            if kind != "WZ" and self.settings.reservation is not None:
                step = "Rezerwacja"
                doc.Rezerwacja = self.settings.reservation
            if kind == "WZ" and self.settings.readd_wz_lines:
                step = "Pozycje"
                if int(doc.Pozycje.Liczba) == 0:
                    _add_goods_lines(doc, state)
            step = "ZapiszSymulacja"
            try:
                doc.ZapiszSymulacja()
            except Exception:
                missing = self._shortage(doc, state)
                if missing:
                    raise shortage_error(expectation.number, missing, self.language) from None
                raise
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

    def _register_fiscal(self, doc: Any, saved: RealizedDocument) -> RealizedDocument:
        """Register a saved receipt on the fiscal printer (§7.5)."""
        try:
            doc.RejestrujNaUF = True
            doc.DrukarkaFiskalnaId = self.settings.fiscal_printer_id
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
            return SubiektLocked(t("writer.locked", lang, number=number or "?"), **kwargs)
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
            return WriterUnavailable(t("writer.db_open_failed", lang, detail=detail), **kwargs)
        if code == START_FAILED:
            return LicenceError(t("writer.licence", lang, detail=detail), **kwargs)
        if code == VALUE_TOO_LONG:
            return ValueTooLong(t("writer.value_too_long", lang, detail=detail), **kwargs)
        if code in SESSION_LOST_CODES:
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
