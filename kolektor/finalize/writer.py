"""Realizing a ZK in Subiekt GT: the writer interface, its results and its errors.

A :class:`DocumentWriter` turns a ZK (an order from a customer) into its final document —
FS, PA, PAi or WZ — exactly once.  Two implementations stand behind it:

* :class:`kolektor.finalize.sfera.SferaWriter` — production: Sfera GT over COM on one
  dedicated thread (Windows, pywin32);
* :class:`kolektor.finalize.simulator.SubiektSimulator` — the demo and the tests: the same
  changes, made on the Subiekt-schema SQLite database.

Both are synchronous and first look at what Subiekt already holds (read by SQL): a sales or
warehouse document with ``dok_DoDokId`` = the ZK is adopted when it is of the asked kind
and reported (:class:`ZkRealizedElsewhere`) when it is not; a ZK deleted, realized or
changed in Subiekt since Kolektor imported it is reported (:class:`ZkChanged`,
:class:`ZkMissing`), never overwritten.  :func:`resolve_existing` is that decision, shared
by both writers, over the reads of a :class:`SubiektLookup` (:class:`SqlLookup` in
production; the simulator is its own lookup).

Errors are :class:`WriterError` subclasses with a message in the writer's language (from
the catalog's ``writer.*`` keys, :mod:`kolektor.messages.finalize`), a stable
:attr:`~WriterError.code` and a :attr:`~WriterError.retryable` flag.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar, Literal, Protocol

import pyodbc

from kolektor.config import SubiektSettings
from kolektor.finalize.fence import find_mark
from kolektor.i18n import Language, t
from kolektor.subiekt.connection import SubiektUnavailable, connect
from kolektor.subiekt.reader import money, optional_int, text

DocumentKind = Literal["FS", "PA", "PAi", "WZ"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("FS", "PA", "PAi", "WZ")

DOCUMENT_TYPES: dict[DocumentKind, tuple[int, int]] = {
    "FS": (2, 0),
    "PA": (21, 0),
    "PAi": (21, 2),
    "WZ": (11, 1),
}
"""``(dok_Typ, dok_Podtyp)`` of the document each kind makes (reference §3.1, §3.3)."""

FISCAL_KINDS: frozenset[str] = frozenset({"PA", "PAi"})
"""Kinds registered on the fiscal printer (receipts)."""

ZK_TYPE = 16
OPEN_ZK_STATUSES = (5, 6, 7)
REALIZED_STATUS = 8
CANCELLED_STATUS = 2
"""``dok_Status`` 2 *unieważniony*: a cancelled document no longer realizes its ZK."""
FOUR_PLACES = Decimal("0.0001")

# -- values -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZkExpectation:
    """What Kolektor imported and picked: the ZK as it must still be in Subiekt."""

    zk_id: int
    number: str
    lines: tuple[tuple[int, Decimal], ...]
    """``(ob_Id, ob_Ilosc)`` of every ZK line as imported."""
    mark: str | None = None
    """The attempt's correlation mark (:func:`kolektor.finalize.fence.new_mark`): the
    writer puts it into the new document's remarks so a document saved late is recognised
    as this attempt's; None: no mark."""
    picked: tuple[tuple[int, Decimal], ...] = ()
    """``(ob_Id, quantity)`` of the ZK lines the document gets with the quantity actually
    picked instead of the ordered one: weighed goods picked within their tolerance (lines
    in the product's base unit, so ``ob_Ilosc`` = ``ob_IloscMag``).  Every other line gets
    the ZK's quantity; the ZK is closed as realized either way (``docs/subiekt-writer.md``,
    *Weighed goods*)."""


def repriced(
    gross_price: Decimal, rate: Decimal, quantity: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """``(net, vat, gross)`` of a line of ``quantity`` at ``gross_price`` as Subiekt
    computes a document counted from gross prices: gross = price × quantity rounded to the
    grosz (half up), net = gross ÷ (1 + rate), vat = gross − net."""
    gross = (gross_price * quantity).quantize(Decimal("0.01"), ROUND_HALF_UP)
    net = (gross / (1 + rate / 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return net, gross - net, gross


@dataclass(frozen=True, slots=True)
class RealizedDocument:
    """The final document made from a ZK."""

    id: int
    """``dok_Id``."""
    kind: DocumentKind
    number: str
    """``dok_NrPelny`` (Sfera ``NumerPelny``)."""
    zk_id: int
    value_gross: Decimal
    adopted: bool
    """True when the document already existed (made earlier, by Kolektor or by someone)."""
    fiscal_status: int | None = None
    """``dok_StatusFiskal`` of a receipt (0 not registered, 1 registered…); None for FS/WZ."""
    ksef_number: str | None = None
    """``dok_NumerKSeF`` of an FS once KSeF accepted it."""
    mark: str | None = None
    """The Kolektor correlation mark found in the document's remarks (``dok_Uwagi``)."""


@dataclass(frozen=True, slots=True)
class MissingItem:
    """A product short at realization: ``needed`` in the ZK, ``available`` in stock."""

    symbol: str
    name: str
    needed: Decimal
    available: Decimal
    warehouse: str
    """``sl_Magazyn.mag_Symbol`` (or the id when the symbol is unknown)."""

    @property
    def missing(self) -> Decimal:
        return self.needed - self.available


@dataclass(frozen=True, slots=True)
class ZkLineState:
    """A ZK line as it is now in Subiekt."""

    id: int
    product_id: int | None
    symbol: str | None
    name: str
    kind: int
    """``ob_TowRodzaj``: 1 goods, 2 service…"""
    quantity: Decimal
    """``ob_Ilosc`` (line unit)."""
    base_quantity: Decimal
    """``ob_IloscMag`` (base unit)."""
    unit: str


@dataclass(frozen=True, slots=True)
class ZkState:
    """A ZK (or whatever document now has its id) as it is now in Subiekt."""

    zk_id: int
    doc_type: int
    number: str
    status: int
    status_ex: int
    warehouse_id: int | None
    warehouse: str
    lines: tuple[ZkLineState, ...]


def kind_of(doc_type: int, subtype: int) -> DocumentKind | None:
    """The kind of a document made from a ZK, by ``dok_Typ`` and ``dok_Podtyp``."""
    if doc_type == 2:
        return "FS"
    if doc_type == 21:
        return "PAi" if subtype == 2 else "PA"
    if doc_type == 11:
        return "WZ"
    return None


# -- errors -----------------------------------------------------------------------------


class WriterError(Exception):
    """Realization failed; the message (in the writer's language) says why and what to do.

    :attr:`code` is stable (for the panel and logs); :attr:`retryable` says whether trying
    again later can help; :attr:`detail` is Subiekt's own text (``SzczegolyOstatniegoBledu``,
    the COM error description) when there is one; :attr:`hresult` the COM error code.
    """

    default_code: ClassVar[str] = "writer_error"
    default_retryable: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        retryable: bool | None = None,
        detail: str | None = None,
        hresult: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.retryable = self.default_retryable if retryable is None else retryable
        self.detail = detail
        self.hresult = hresult


class ZkChanged(WriterError):
    """The ZK's lines, number or status differ from what Kolektor imported."""

    default_code = "zk_changed"


class ZkMissing(ZkChanged):
    """The ZK was deleted from Subiekt."""

    default_code = "zk_missing"


class ZkRealizedElsewhere(WriterError):
    """A document of another kind was already made from the ZK — never a second one."""

    default_code = "zk_realized_elsewhere"

    def __init__(self, message: str, *, documents: Sequence[RealizedDocument] = ()) -> None:
        super().__init__(message)
        self.documents = tuple(documents)


class StockShortage(WriterError):
    """Stock does not cover the ZK; :attr:`missing` lists the products."""

    default_code = "stock_shortage"

    def __init__(self, message: str, *, missing: Sequence[MissingItem]) -> None:
        super().__init__(message)
        self.missing = list(missing)


class SubiektLocked(WriterError):
    """The ZK is open in Subiekt by someone ("Nie można zablokować obiektu")."""

    default_code = "subiekt_locked"
    default_retryable = True


class PermissionDenied(WriterError):
    """The Subiekt operator lacks a permission."""

    default_code = "permission_denied"


class LicenceError(WriterError):
    """Subiekt would not start: operator, Sfera licence or start mode."""

    default_code = "licence"


class ValueTooLong(WriterError):
    """A value exceeds a Subiekt column (HRESULT 0x80040E21)."""

    default_code = "value_too_long"


class FiscalError(WriterError):
    """The receipt was saved but not registered on the fiscal printer; :attr:`document` is
    the saved document (a retry adopts it and does **not** print again)."""

    default_code = "fiscal_failed"

    def __init__(self, message: str, *, document: RealizedDocument, detail: str | None) -> None:
        super().__init__(message, detail=detail)
        self.document = document


class WriterUnavailable(WriterError):
    """Subiekt or Sfera cannot be reached now (connect failure, COM down, timeout).

    :attr:`in_doubt` is True when a realization may or may not have been saved (a timeout
    after the request started): re-check Subiekt (``find_realization``) before retrying —
    :meth:`DocumentWriter.realize` itself always does.  Never raised for a realization
    that Subiekt refused: those are the other subclasses.
    """

    default_code = "unavailable"
    default_retryable = True

    def __init__(
        self, message: str, *, in_doubt: bool = False, session_lost: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.in_doubt = in_doubt
        self.session_lost = session_lost
        """The COM session died (it is restarted before the next request)."""


# -- the interface ----------------------------------------------------------------------


class DocumentWriter(Protocol):
    """Realizes ZKs in Subiekt.  Synchronous: call it from a worker thread."""

    def find_realization(self, zk_id: int) -> RealizedDocument | None:
        """The document already made from the ZK (``dok_DoDokId``), read by SQL; a sales
        document (FS/PA) before a WZ when there are several; ``adopted`` is True."""
        ...

    def realize(
        self, expectation: ZkExpectation, kind: DocumentKind, *, fiscal: bool = True
    ) -> RealizedDocument:
        """Make the ``kind`` document from the ZK, or adopt the one of that kind that exists.

        ``fiscal`` registers a receipt (PA/PAi) on the fiscal printer.  Raises
        :class:`ZkRealizedElsewhere`, :class:`ZkChanged`/:class:`ZkMissing`,
        :class:`StockShortage`, :class:`SubiektLocked`, :class:`PermissionDenied`,
        :class:`LicenceError`, :class:`WriterUnavailable`…
        """
        ...

    def document_pdf(self, document_id: int) -> bytes | None:
        """Subiekt's own print of the document as PDF; None when the writer has none."""
        ...

    def close(self) -> None: ...


class SubiektLookup(Protocol):
    """Reads (by SQL) what the writers check before and after acting."""

    def realizations(self, zk_id: int) -> tuple[RealizedDocument, ...]:
        """Documents made from the ZK (``dok_DoDokId``), cancelled ones left out, oldest
        first, each with ``adopted=True``."""
        ...

    def zk_state(self, zk_id: int) -> ZkState | None:
        """The ZK now, or None when there is no document with that id."""
        ...


def preferred(documents: Iterable[RealizedDocument]) -> RealizedDocument | None:
    """The document that realizes the ZK: the first sales document (FS/PA/PAi), else the
    first WZ."""
    ordered = list(documents)
    sales = [d for d in ordered if d.kind != "WZ"]
    candidates = sales or ordered
    return candidates[0] if candidates else None


def resolve_existing(
    expectation: ZkExpectation,
    kind: DocumentKind,
    documents: Sequence[RealizedDocument],
    state: ZkState | None,
    language: Language,
) -> RealizedDocument | None:
    """Decide from what Subiekt holds: the document to adopt, None to go ahead, or raise.

    1. a document of ``kind`` made from the ZK → adopt it;
    2. a document of another kind → :class:`ZkRealizedElsewhere`;
    3. the ZK deleted → :class:`ZkMissing`; no longer a ZK, not open (5/6/7), renumbered,
       or its lines differ from ``expectation`` → :class:`ZkChanged` naming what differs.
    """
    same = [d for d in documents if d.kind == kind]
    if same:
        return same[0]
    if documents:
        listed = ", ".join(
            d.number if d.number.startswith(f"{d.kind} ") else f"{d.kind} {d.number}"
            for d in documents
        )
        raise ZkRealizedElsewhere(
            t(
                "writer.realized_elsewhere",
                language,
                number=expectation.number,
                documents=listed,
                kind=kind,
            ),
            documents=documents,
        )
    check_expectation(expectation, state, language)
    return None


def check_expectation(
    expectation: ZkExpectation, state: ZkState | None, language: Language
) -> None:
    """Raise :class:`ZkMissing`/:class:`ZkChanged` unless the ZK is still as imported."""
    if state is None:
        raise ZkMissing(
            t("writer.zk_missing", language, number=expectation.number, zk_id=expectation.zk_id)
        )
    changes: list[str] = []
    if state.doc_type != ZK_TYPE:
        changes.append(t("writer.change.not_zk", language, zk_id=state.zk_id))
    if state.status not in OPEN_ZK_STATUSES:
        meaning_key = (
            "writer.status.8" if state.status == REALIZED_STATUS else "writer.status.other"
        )
        changes.append(
            t(
                "writer.change.status",
                language,
                status=state.status,
                meaning=t(meaning_key, language),
            )
        )
    if state.number.strip() != expectation.number.strip():
        changes.append(t("writer.change.number", language, number=state.number))
    expected = {line_id: _quantity(quantity) for line_id, quantity in expectation.lines}
    current = {line.id: line for line in state.lines}
    for line in state.lines:
        name = line.symbol or line.name
        if line.id not in expected:
            changes.append(
                t(
                    "writer.change.line_added",
                    language,
                    name=name,
                    quantity=_plain(line.quantity),
                    unit=line.unit,
                )
            )
        elif _quantity(line.quantity) != expected[line.id]:
            changes.append(
                t(
                    "writer.change.quantity",
                    language,
                    name=name,
                    old=_plain(expected[line.id]),
                    new=_plain(line.quantity),
                    unit=line.unit,
                )
            )
    for line_id, quantity in expected.items():
        if line_id not in current:
            changes.append(
                t(
                    "writer.change.line_removed",
                    language,
                    line_id=line_id,
                    quantity=_plain(quantity),
                )
            )
    if changes:
        raise ZkChanged(
            t("writer.zk_changed", language, number=expectation.number, details="; ".join(changes))
        )


def shortage_error(
    number: str, missing: Sequence[MissingItem], language: Language
) -> StockShortage:
    items = ", ".join(
        t(
            "writer.stock_item",
            language,
            symbol=item.symbol,
            name=item.name,
            needed=_plain(item.needed),
            available=_plain(item.available),
            warehouse=item.warehouse,
        )
        for item in missing
    )
    return StockShortage(
        t("writer.stock_shortage", language, number=number, items=items), missing=missing
    )


def _quantity(value: Decimal) -> Decimal:
    return Decimal(value).quantize(FOUR_PLACES)


def _plain(value: Decimal) -> str:
    """``2.0000`` → ``2``, ``0.4750`` → ``0.475``."""
    normalized = Decimal(value).normalize()
    return f"{normalized:f}"


# -- reads by SQL -----------------------------------------------------------------------
# Read-only statements in the subset common to T-SQL and the SQLite ODBC driver (as in
# kolektor.subiekt.queries); the simulator runs the same text on its sqlite3 connection.

REALIZATIONS_SQL = (
    "SELECT r.dok_Id, r.dok_Typ, r.dok_Podtyp, r.dok_NrPelny, r.dok_WartBrutto,"
    " r.dok_StatusFiskal, r.dok_NumerKSeF, r.dok_Status, r.dok_Uwagi"
    " FROM dok__Dokument r"
    " WHERE r.dok_DoDokId = ? AND r.dok_Typ IN (2, 21, 11)"
    " ORDER BY r.dok_Id"
)
"""Sales (FS 2, PA 21) and warehouse (WZ 11) documents made from one ZK."""

ZK_SQL = (
    "SELECT d.dok_Id, d.dok_Typ, d.dok_NrPelny, d.dok_Status, d.dok_StatusEx, d.dok_MagId,"
    " m.mag_Symbol"
    " FROM dok__Dokument d LEFT JOIN sl_Magazyn m ON m.mag_Id = d.dok_MagId"
    " WHERE d.dok_Id = ?"
    " ORDER BY d.dok_Id"
)
"""The header of one ZK."""

ZK_LINES_SQL = (
    "SELECT p.ob_Id, p.ob_TowId, t.tw_Symbol, t.tw_Nazwa, p.ob_Opis, p.ob_TowRodzaj,"
    " p.ob_Ilosc, p.ob_IloscMag, p.ob_Jm"
    " FROM dok_Pozycja p LEFT JOIN tw__Towar t ON t.tw_Id = p.ob_TowId"
    " WHERE p.ob_DokHanId = ?"
    " ORDER BY p.ob_DokHanLp, p.ob_Id"
)
"""The lines of one ZK with their products."""

LOOKUP_STATEMENTS = (REALIZATIONS_SQL, ZK_SQL, ZK_LINES_SQL)


def realized_from_rows(zk_id: int, rows: Iterable[Sequence[Any]]) -> tuple[RealizedDocument, ...]:
    """Rows of :data:`REALIZATIONS_SQL` as documents (cancelled ones left out)."""
    documents = []
    for row in rows:
        doc_id, doc_type, subtype, number, gross, fiscal, ksef, status = row[:8]
        kind = kind_of(int(doc_type), int(subtype or 0))
        if kind is None or int(status) == CANCELLED_STATUS:
            continue
        documents.append(
            RealizedDocument(
                id=int(doc_id),
                kind=kind,
                number=text(number),
                zk_id=zk_id,
                value_gross=money(gross),
                adopted=True,
                fiscal_status=int(fiscal or 0) if kind in FISCAL_KINDS else None,
                ksef_number=text(ksef) or None,
                mark=find_mark(text(row[8])) if len(row) > 8 else None,
            )
        )
    return tuple(documents)


def zk_state_from_rows(
    header: Sequence[Any] | None, lines: Iterable[Sequence[Any]]
) -> ZkState | None:
    """Rows of :data:`ZK_SQL` and :data:`ZK_LINES_SQL` as a :class:`ZkState`."""
    if header is None:
        return None
    doc_id, doc_type, number, status, status_ex, mag_id, mag_symbol = header[:7]
    states = []
    for row in lines:
        line_id, product_id, symbol, name, description, kind, quantity, base, unit = row[:9]
        line_quantity = money(quantity)
        base_quantity = money(base)
        states.append(
            ZkLineState(
                id=int(line_id),
                product_id=optional_int(product_id),
                symbol=text(symbol) or None,
                name=text(name) or text(description),
                kind=int(kind or 1),
                quantity=line_quantity,
                base_quantity=base_quantity if base_quantity > 0 else line_quantity,
                unit=text(unit),
            )
        )
    warehouse_id = optional_int(mag_id)
    return ZkState(
        zk_id=int(doc_id),
        doc_type=int(doc_type),
        number=text(number),
        status=int(status),
        status_ex=int(status_ex or 0),
        warehouse_id=warehouse_id,
        warehouse=text(mag_symbol) or ("" if warehouse_id is None else str(warehouse_id)),
        lines=tuple(states),
    )


class SqlLookup:
    """:class:`SubiektLookup` over Subiekt's SQL Server through pyodbc (one connection,
    reopened after a failure; safe to share between threads)."""

    def __init__(
        self,
        settings: SubiektSettings,
        connector: Callable[..., Any] = connect,
        *,
        language: Language = "pl",
    ) -> None:
        self.settings = settings
        self.language = language
        self._connector = connector
        self._connection: Any = None
        self._lock = threading.Lock()

    def realizations(self, zk_id: int) -> tuple[RealizedDocument, ...]:
        return realized_from_rows(zk_id, self._fetch(REALIZATIONS_SQL, zk_id))

    def zk_state(self, zk_id: int) -> ZkState | None:
        headers = self._fetch(ZK_SQL, zk_id)
        if not headers:
            return None
        return zk_state_from_rows(headers[0], self._fetch(ZK_LINES_SQL, zk_id))

    def find_realization(self, zk_id: int) -> RealizedDocument | None:
        return preferred(self.realizations(zk_id))

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _fetch(self, sql: str, *params: object) -> list[Any]:
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._connector(self.settings, language=self.language)
                cursor = self._connection.cursor()
                try:
                    return list(cursor.execute(sql, *params).fetchall())
                finally:
                    cursor.close()
            except (pyodbc.Error, SubiektUnavailable) as error:
                self._drop()
                raise WriterUnavailable(
                    t("writer.database", self.language, detail=error), detail=str(error)
                ) from error

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(pyodbc.Error):
                self._connection.close()
            self._connection = None
