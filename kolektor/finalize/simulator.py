"""The Subiekt simulator: a :class:`~kolektor.finalize.writer.DocumentWriter` for the demo
and the tests that makes, on the Subiekt-schema SQLite database, the changes Sfera's
realization makes in Subiekt GT.

One realization is one SQLite transaction (``BEGIN IMMEDIATE`` … ``COMMIT``): the checks,
the new document and every change to the ZK and the stock are all written or none is — an
error anywhere rolls everything back, ``ins_ident`` counters included.

What a realization of ZK *z* into a document *d* writes (see ``docs/subiekt-writer.md``):

``dok__Dokument`` (new row *d*)
    ``dok_Id`` from ``ins_ident``; ``dok_Typ``/``dok_Podtyp`` FS 2/0, PA 21/0, PAi 21/2,
    WZ 11/1; ``dok_Nr`` and ``dok_NrPelny`` numbered per type and period as the demo
    numbers them (``nr_Parametr.np_NrMiesiac``: ``FS n/MM/yyyy``; else ``PA n/yyyy``,
    ``PAi n/yyyy``, ``WZ n/yyyy``; PA and PAi count separately); ``dok_DoDokId``,
    ``dok_DoDokNrPelny``, ``dok_DoDokDataWyst`` = the ZK; buyer, recipient and delivery
    (ids and ``adr_Historia`` snapshots) copied from the ZK — except a plain PA, which Sfera
    leaves without a buyer (``KontrahentId`` reads back empty, reference §7.4); warehouse,
    category, payment form and split (FS/PA; a WZ has no payment); totals and
    ``dok_Status`` 1; ``dok_JestRuchMag`` 1 (the document moves the stock itself);
    ``dok_StatusFiskal`` 1 for a PA/PAi with ``fiscal=True``, else 0; ``dok_ObiektGT``
    the Sfera object type (−2 FS, −9 PA, −16 PAi, −4 WZ).
``dok_Pozycja``
    the ZK's lines copied with prices and values: FS/PA lines on ``ob_DokHanId`` = *d*
    (no ``ob_DoId``, as observed for ZK→FS); WZ lines on ``ob_DokMagId`` = *d* with
    ``ob_DoId`` → the ZK line, goods only (services do not leave a warehouse).
``dok_Vat``
    the VAT summary of the copied lines.
``tw_Stan``
    for every goods line (``ob_TowRodzaj`` 1) in its warehouse: ``st_Stan`` − quantity
    (``ob_IloscMag``) and, if the ZK had status 7 (reserved), ``st_StanRez`` − quantity.
``dok__Dokument`` (the ZK)
    ``dok_Status`` 8, ``dok_StatusEx`` = (old & ~1) | 4 (fully realized).

Weighed goods (``ZkExpectation.picked``): those lines are copied with the weight picked
within tolerance (``ob_Ilosc``/``ob_IloscMag``) and their values recomputed from the gross
price (``writer.repriced``); the stock drops by what the document issues, the ZK's whole
reservation ends, and the ZK is closed as fully realized — the remainder within tolerance is
not left open on it.

Stock decision: FS and PA move stock themselves (``dok_JestRuchMag`` 1 — Subiekt's
"automatic WZ"); no separate WZ is made.  Every document made from a ZK moves its stock
exactly once, and a second document of another kind is refused
(:class:`~kolektor.finalize.writer.ZkRealizedElsewhere`) — so a WZ can never follow an FS
that already released the goods (no double release).

Stock check: the goods of the ZK must not exceed, per product and warehouse,
``st_Stan − st_StanRez`` plus what this ZK itself reserved (status 7); otherwise
:class:`~kolektor.finalize.writer.StockShortage` lists the products and nothing changes.
"""

from __future__ import annotations

import collections
import contextlib
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from kolektor.demo.database import SubiektDatabase, SubiektDataError, as_decimal, encode_text
from kolektor.failpoints import failpoint
from kolektor.finalize.fence import InDoubtFence, with_mark
from kolektor.finalize.writer import (
    DOCUMENT_TYPES,
    FISCAL_KINDS,
    FOUR_PLACES,
    REALIZATIONS_SQL,
    ZK_LINES_SQL,
    ZK_SQL,
    DocumentKind,
    MissingItem,
    RealizedDocument,
    SubiektLocked,
    ValueTooLong,
    WriterError,
    WriterUnavailable,
    ZkExpectation,
    ZkState,
    preferred,
    realized_from_rows,
    repriced,
    resolve_existing,
    shortage_error,
    zk_state_from_rows,
)
from kolektor.i18n import Language, t

NUMBER_PREFIXES: dict[DocumentKind, str] = {"FS": "FS", "PA": "PA", "PAi": "PAi", "WZ": "WZ"}
"""Numbering prefix of each kind, as in the demo database."""
SFERA_OBJECT_TYPES: dict[DocumentKind, int] = {"FS": -2, "PA": -9, "PAi": -16, "WZ": -4}
"""``dok_ObiektGT``: Sfera's ``SubiektDokumentEnum`` of the document (reference §3.2)."""
GOODS = 1
"""``ob_TowRodzaj`` of goods that are stocked and reserved."""
SERVICE = 2
RESERVING_STATUS = 7
FULLY_REALIZED = 4
PARTIALLY_REALIZED = 1

_LINE_COPY = (
    "ob_Znak", "ob_TowId", "ob_TowRodzaj", "ob_Opis", "ob_Ilosc", "ob_IloscMag", "ob_Jm",
    "ob_CenaMag", "ob_CenaWaluta", "ob_CenaNetto", "ob_CenaBrutto", "ob_Rabat", "ob_WartMag",
    "ob_WartNetto", "ob_WartVat", "ob_WartBrutto", "ob_VatId", "ob_VatProc", "ob_MagId",
    "ob_TowPkwiu", "ob_TowKodCN", "ob_OznaczenieGTU", "ob_KategoriaId",
)  # fmt: skip
"""Line columns a realization copies from the ZK line."""

_BUYER_COPY = (
    "dok_PlatnikId", "dok_PlatnikAdreshId", "dok_OdbiorcaId", "dok_OdbiorcaAdreshId",
    "dok_AdresDostawyId", "dok_AdresDostawyAdreshId",
)  # fmt: skip
_PAYMENT_COPY = (
    "dok_PlatId", "dok_KwGotowka", "dok_KwKarta", "dok_KwPrzelew", "dok_KwKredyt",
)  # fmt: skip
_HEADER_COPY = (
    "dok_MagId", "dok_MscWyst", "dok_KatId", "dok_CenyPoziom", "dok_CenyTyp", "dok_CenyKurs",
    "dok_Waluta", "dok_WalutaKurs",
)  # fmt: skip


@dataclass(slots=True)
class _Totals:
    goods_net: Decimal = Decimal(0)
    goods_gross: Decimal = Decimal(0)
    services_net: Decimal = Decimal(0)
    services_gross: Decimal = Decimal(0)

    @property
    def net(self) -> Decimal:
        return self.goods_net + self.services_net

    @property
    def gross(self) -> Decimal:
        return self.goods_gross + self.services_gross


class SubiektSimulator:
    """Realizes ZKs on a Subiekt-schema SQLite file as Sfera would in Subiekt GT.

    Thread-safe: every call opens its own connection.  It is also a
    :class:`~kolektor.finalize.writer.SubiektLookup` (its reads are the production SQL).

    ``clock`` gives the issue date of new documents (default: now); ``operator`` goes to
    ``dok_Wystawil``.  :meth:`lock` makes the simulator answer as Subiekt does when a user
    has the ZK open (for the demo and tests of that path).

    ``faults`` (a :class:`SimulatorFaults`, never on by default) makes it behave as Sfera
    does under trouble: the check by SQL first, then the write on a thread of its own that
    the caller waits for at most ``faults.call_timeout`` seconds, with the faults it injects
    (slow, hang, late commit, lost answer) — and the same in-doubt fence as Sfera's writer.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        language: Language = "pl",
        operator: str = "Szef",
        clock: Callable[[], datetime] | None = None,
        faults: SimulatorFaults | None = None,
    ) -> None:
        self.path = Path(path)
        self.language = language
        self.operator = operator
        self._clock = clock or datetime.now
        self._locked: set[int] = set()
        self._guard = threading.Lock()
        self.faults = faults
        """Injected faults (tests, the timeout bench); None — the default — injects none."""
        self.fence = InDoubtFence(
            wait=faults.in_doubt_wait if faults is not None else 0.0, language=language
        )

    # -- simulated users ----------------------------------------------------------------

    def lock(self, zk_id: int) -> None:
        """Pretend a Subiekt user has the ZK open: realizing it raises SubiektLocked."""
        with self._guard:
            self._locked.add(zk_id)

    def unlock(self, zk_id: int) -> None:
        with self._guard:
            self._locked.discard(zk_id)

    # -- SubiektLookup --------------------------------------------------------------------

    def realizations(self, zk_id: int) -> tuple[RealizedDocument, ...]:
        with self._database() as db:
            return _realizations(db, zk_id)

    def zk_state(self, zk_id: int) -> ZkState | None:
        with self._database() as db:
            return _zk_state(db, zk_id)

    # -- DocumentWriter -------------------------------------------------------------------

    def find_realization(self, zk_id: int) -> RealizedDocument | None:
        return preferred(self.realizations(zk_id))

    def realize(
        self, expectation: ZkExpectation, kind: DocumentKind, *, fiscal: bool = True
    ) -> RealizedDocument:
        if kind not in DOCUMENT_TYPES:
            raise ValueError(f"unknown document kind {kind!r}")
        if self.faults is not None:
            return self._realize_like_sfera(expectation, kind, fiscal, self.faults)
        return self._transaction(expectation, kind, fiscal)

    def _transaction(
        self,
        expectation: ZkExpectation,
        kind: DocumentKind,
        fiscal: bool,
        *,
        check_existing: bool = True,
    ) -> RealizedDocument:
        """One realization in one SQLite transaction.  ``check_existing`` False writes
        blind, as Sfera's ``NaPodstawie`` + ``Zapisz`` do after the writer's SQL check."""
        with self._database() as db:
            try:
                db.connection.execute("BEGIN IMMEDIATE")
                existing = None
                if check_existing:
                    existing = resolve_existing(
                        expectation,
                        kind,
                        _realizations(db, expectation.zk_id),
                        _zk_state(db, expectation.zk_id),
                        self.language,
                    )
                if existing is not None:
                    db.connection.rollback()
                    return existing
                with self._guard:
                    locked = expectation.zk_id in self._locked
                if locked:
                    raise SubiektLocked(
                        t("writer.locked", self.language, number=expectation.number)
                    )
                document = self._issue(db, expectation, kind, fiscal)
                failpoint("simulator.before_commit")  # crash tests: die mid-realization
                db.commit()
                return document
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.connection.rollback()
                raise

    def _realize_like_sfera(
        self,
        expectation: ZkExpectation,
        kind: DocumentKind,
        fiscal: bool,
        faults: SimulatorFaults,
    ) -> RealizedDocument:
        """What :class:`~kolektor.finalize.sfera.SferaWriter` does, with faults: the fence,
        the SQL check on the caller's thread, the write (blind) on a thread of its own that
        the caller waits for at most ``faults.call_timeout`` seconds."""
        existing = self._check(expectation, kind)
        if existing is None and self.fence.alive():
            # The fence: an earlier call may still save — wait for it (bounded), re-read.
            self.fence.wait(expectation.zk_id, number=expectation.number)
            existing = self._check(expectation, kind)
        if existing is not None:
            return existing
        fault = faults.take()
        call = _Call()
        operation = f"Zapisz {kind} ← {expectation.number}"
        threading.Thread(
            target=self._write_blind,
            args=(call, expectation, kind, fiscal, fault, faults, operation),
            name=f"simulator-write-{expectation.zk_id}",
            daemon=True,
        ).start()
        if not call.done.wait(faults.call_timeout):
            call.given_up.set()
            self.fence.abandoned(call.done, operation=operation, zk_id=expectation.zk_id)
            raise WriterUnavailable(
                t("writer.timeout", self.language, seconds=faults.call_timeout,
                  operation=operation),
                in_doubt=True,
            )  # fmt: skip
        if call.error is not None:
            raise call.error
        assert call.result is not None
        return call.result

    def _check(self, expectation: ZkExpectation, kind: DocumentKind) -> RealizedDocument | None:
        zk_id = expectation.zk_id
        return resolve_existing(
            expectation, kind, self.realizations(zk_id), self.zk_state(zk_id), self.language
        )

    def _write_blind(
        self,
        call: _Call,
        expectation: ZkExpectation,
        kind: DocumentKind,
        fiscal: bool,
        fault: Fault | None,
        faults: SimulatorFaults,
        operation: str,
    ) -> None:
        try:
            if fault is not None:
                faults.delay(fault, call.given_up)
            document = self._transaction(expectation, kind, fiscal, check_existing=False)
            if fault is not None and fault.kind == "lost_answer":
                raise WriterUnavailable(
                    t("writer.answer_lost", self.language, operation=operation),
                    in_doubt=True,
                    session_lost=True,
                )
            call.result = document
        except BaseException as error:
            call.error = error
        finally:
            call.done.set()
            self.fence.notify()

    def document_pdf(self, document_id: int) -> bytes | None:
        """The simulator has no Subiekt print; Kolektor renders its own."""
        return None

    def close(self) -> None:
        """Nothing to release: connections are per call."""

    # -- internals ----------------------------------------------------------------------

    def _database(self) -> _Connection:
        return _Connection(self.path, self.language)

    def _issue(
        self, db: SubiektDatabase, expectation: ZkExpectation, kind: DocumentKind, fiscal: bool
    ) -> RealizedDocument:
        zk = db.select_one("dok__Dokument", {"dok_Id": expectation.zk_id})
        zk_lines = db.select(
            "dok_Pozycja", {"ob_DokHanId": expectation.zk_id}, order_by=["ob_DokHanLp", "ob_Id"]
        )
        warehouse_doc = kind == "WZ"
        picked = dict(expectation.picked)
        lines = [
            _as_picked(line, picked.get(int(line["ob_Id"])))
            for line in zk_lines
            if not (warehouse_doc and _kind(line) == SERVICE)
        ]
        if not lines:
            raise WriterError(
                t("writer.nothing_to_issue", self.language, number=expectation.number, kind=kind),
                code="nothing_to_issue",
            )
        self._check_stock(db, zk, zk_lines, lines, expectation.number)

        doc_type, subtype = DOCUMENT_TYPES[kind]
        issued = self._clock().replace(microsecond=0)
        dok_id = db.next_id("dok__Dokument")
        number, sequence = _number(db, doc_type, NUMBER_PREFIXES[kind], issued)
        totals = _Totals()
        by_vat: dict[int, list[Decimal]] = {}
        for line in lines:
            net, gross = _money(line["ob_WartNetto"]), _money(line["ob_WartBrutto"])
            if _kind(line) == SERVICE:
                totals.services_net += net
                totals.services_gross += gross
            else:
                totals.goods_net += net
                totals.goods_gross += gross
            if line["ob_VatId"] is not None:
                per_vat = by_vat.setdefault(
                    int(line["ob_VatId"]), [_money(line["ob_VatProc"]), Decimal(0), Decimal(0)]
                )
                per_vat[1] += net
                per_vat[2] += gross

        header: dict[str, object] = {name: zk[name] for name in _HEADER_COPY}
        if kind != "PA":
            header.update({name: zk[name] for name in _BUYER_COPY})
        if not warehouse_doc:
            header.update({name: zk[name] for name in _PAYMENT_COPY})
            header.update(
                dok_KwWartosc=totals.gross,
                dok_KwDoZaplaty=totals.gross,
                dok_PlatTermin=_due(db, zk["dok_PlatId"], issued),
            )
        fiscal_status = 1 if fiscal and kind in FISCAL_KINDS else 0
        db.insert(
            "dok__Dokument",
            **header,
            dok_Id=dok_id,
            dok_Typ=doc_type,
            dok_Podtyp=subtype,
            dok_Nr=sequence,
            dok_NrRoz="",
            dok_NrPelny=number,
            dok_DoDokId=expectation.zk_id,
            dok_DoDokNrPelny=zk["dok_NrPelny"],
            dok_DoDokDataWyst=zk["dok_DataWyst"],
            dok_DataWyst=issued,
            dok_DataMag=issued,
            dok_Wystawil=self.operator,
            dok_WartUsNetto=totals.services_net,
            dok_WartUsBrutto=totals.services_gross,
            dok_WartTwNetto=totals.goods_net,
            dok_WartTwBrutto=totals.goods_gross,
            dok_WartNetto=totals.net,
            dok_WartVat=totals.gross - totals.net,
            dok_WartBrutto=totals.gross,
            dok_Status=1,
            dok_StatusFiskal=fiscal_status,
            dok_JestRuchMag=1,
            dok_ObiektGT=SFERA_OBJECT_TYPES[kind],
            dok_Uwagi=with_mark("", expectation.mark) if expectation.mark else "",
        )
        for position, line in enumerate(lines, start=1):
            db.insert(
                "dok_Pozycja",
                **{name: line[name] for name in _LINE_COPY},
                ob_Id=db.next_id("dok_Pozycja"),
                ob_DoId=int(line["ob_Id"]) if warehouse_doc else None,
                ob_DokHanId=None if warehouse_doc else dok_id,
                ob_DokMagId=dok_id if warehouse_doc else None,
                ob_DokHanLp=None if warehouse_doc else position,
                ob_DokMagLp=position if warehouse_doc else None,
            )
        for vat_id, (rate, net, gross) in by_vat.items():
            db.insert(
                "dok_Vat",
                vt_Id=db.next_id("dok_Vat"),
                vt_DokId=dok_id,
                vt_VatId=vat_id,
                vt_VatProc=rate,
                vt_WartNetto=net,
                vt_WartVat=gross - net,
                vt_WartBrutto=gross,
            )
        reserved = int(zk["dok_Status"]) == RESERVING_STATUS
        ordered = _goods(zk, zk_lines)
        issued_goods = _goods(zk, lines)
        for (product_id, mag_id), quantity in issued_goods.items():
            stock = _stock_row(db, product_id, mag_id)
            changes: dict[str, object] = {"st_Stan": _money(stock["st_Stan"]) - quantity}
            if reserved:  # the ZK's whole reservation ends with it
                released = ordered.get((product_id, mag_id), quantity)
                changes["st_StanRez"] = max(_money(stock["st_StanRez"]) - released, Decimal(0))
            db.update("tw_Stan", {"st_TowId": product_id, "st_MagId": mag_id}, **changes)
        status_ex = int(zk["dok_StatusEx"] or 0)
        db.update(
            "dok__Dokument",
            {"dok_Id": expectation.zk_id},
            dok_Status=8,
            dok_StatusEx=(status_ex & ~PARTIALLY_REALIZED) | FULLY_REALIZED,
        )
        return RealizedDocument(
            id=dok_id,
            kind=kind,
            number=number,
            zk_id=expectation.zk_id,
            value_gross=totals.gross.quantize(Decimal("0.0001")),
            adopted=False,
            fiscal_status=fiscal_status if kind in FISCAL_KINDS else None,
            mark=expectation.mark,
        )

    def _check_stock(
        self,
        db: SubiektDatabase,
        zk: Mapping[str, Any],
        zk_lines: list[dict[str, Any]],
        lines: list[dict[str, Any]],
        number: str,
    ) -> None:
        """The document's ``lines`` (picked weights included) against the stock, plus what
        the ZK (``zk_lines``) itself reserved when its status is 7."""
        own_reservation = int(zk["dok_Status"]) == RESERVING_STATUS
        reserved_here = _goods(zk, zk_lines)
        missing: list[MissingItem] = []
        for (product_id, mag_id), needed in _goods(zk, lines).items():
            stock = _stock_row(db, product_id, mag_id)
            available = _money(stock["st_Stan"]) - _money(stock["st_StanRez"])
            if own_reservation:
                available += reserved_here.get((product_id, mag_id), Decimal(0))
            if needed > available:
                product = db.select_one("tw__Towar", {"tw_Id": product_id})
                missing.append(
                    MissingItem(
                        symbol=str(product["tw_Symbol"]).strip(),
                        name=str(product["tw_Nazwa"]).strip(),
                        needed=needed,
                        available=max(available, Decimal(0)),
                        warehouse=_warehouse_symbol(db, mag_id),
                    )
                )
        if missing:
            raise shortage_error(number, missing, self.language)


FaultKind = Literal["slow", "hang", "late_commit", "lost_answer"]
FAULT_KINDS: tuple[FaultKind, ...] = ("slow", "hang", "late_commit", "lost_answer")
FAULTS_VARIABLE = "KOLEKTOR_SIMULATOR_FAULTS"
"""Environment variable with a :meth:`SimulatorFaults.parse` text (``kolektor work`` run
by a bench); unset — the default — means no faults."""


@dataclass(frozen=True, slots=True)
class Fault:
    """One injected fault of one realization.

    * ``slow`` — waits ``seconds`` before saving (under or over the caller's timeout);
    * ``hang`` — blocks until :meth:`SimulatorFaults.release` (or ``seconds``, when not 0),
      then saves: the caller's timeout fires first;
    * ``late_commit`` — the caller's timeout fires, the save comes ``seconds`` later;
    * ``lost_answer`` — saves, then fails as if the connection dropped (in doubt).
    """

    kind: FaultKind
    seconds: float = 0.0


class SimulatorFaults:
    """The faults a :class:`SubiektSimulator` injects: explicit ones queued by a test
    (:meth:`inject`) first, then random ones at ``rates`` (a fraction of realizations per
    kind, ``seconds`` a (low, high) range per kind).  ``call_timeout`` is the caller's
    timeout (Sfera's ``call_timeout``); ``in_doubt_wait`` the fence's bounded wait."""

    def __init__(
        self,
        *,
        call_timeout: float = 2.0,
        in_doubt_wait: float = 5.0,
        rates: Mapping[FaultKind, float] | None = None,
        seconds: Mapping[FaultKind, tuple[float, float]] | None = None,
        seed: int | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> None:
        self.call_timeout = call_timeout
        self.journal = Path(journal) if journal else None
        """A file each injected fault is appended to (one kind a line) — for a bench."""
        self.in_doubt_wait = in_doubt_wait
        self.rates = dict(rates or {})
        self.seconds: dict[FaultKind, tuple[float, float]] = {
            "slow": (0.1, call_timeout / 2),
            "hang": (call_timeout * 2, call_timeout * 5),
            "late_commit": (0.1, call_timeout * 2),
            "lost_answer": (0.0, 0.0),
            **(seconds or {}),
        }
        self.injected: collections.Counter[str] = collections.Counter()
        self._queue: collections.deque[Fault] = collections.deque()
        self._random = random.Random(seed)
        self._release = threading.Event()
        self._lock = threading.Lock()

    def inject(self, kind: FaultKind, seconds: float = 0.0) -> None:
        """The next realization gets this fault (queued in order)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}")
        with self._lock:
            self._queue.append(Fault(kind, seconds))

    def release(self) -> None:
        """End every hang, now and later."""
        self._release.set()

    def take(self) -> Fault | None:
        """The fault of the realization starting now, if any."""
        with self._lock:
            fault = self._queue.popleft() if self._queue else None
            if fault is None:
                roll = self._random.random()
                for kind in FAULT_KINDS:
                    rate = self.rates.get(kind, 0.0)
                    if roll < rate:
                        low, high = self.seconds[kind]
                        fault = Fault(kind, round(self._random.uniform(low, high), 3))
                        break
                    roll -= rate
            if fault is not None:
                self.injected[fault.kind] += 1
                if self.journal is not None:
                    with contextlib.suppress(OSError), self.journal.open("a") as journal:
                        journal.write(f"{fault.kind} {fault.seconds}\n")
            return fault

    def delay(self, fault: Fault, given_up: threading.Event) -> None:
        """Before saving, on the write thread: what the fault holds the save back for."""
        if fault.kind == "slow":
            time.sleep(fault.seconds)
        elif fault.kind == "hang":
            self._release.wait(fault.seconds or None)
        elif fault.kind == "late_commit":
            given_up.wait(self.call_timeout * 4 + 1)
            time.sleep(fault.seconds)

    @classmethod
    def parse(cls, text: str) -> SimulatorFaults:
        """From ``timeout=1,wait=3,seed=7,slow=0.1,hang=0.05,late_commit=0.1,
        lost_answer=0.1,hang_seconds=2-6``: rates per kind, ``<kind>_seconds`` ranges."""
        options: dict[str, Any] = {"rates": {}, "seconds": {}}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, value = part.partition("=")
            name = name.strip()
            if name == "timeout":
                options["call_timeout"] = float(value)
            elif name == "wait":
                options["in_doubt_wait"] = float(value)
            elif name == "seed":
                options["seed"] = int(value)
            elif name == "journal":
                options["journal"] = value.strip()
            elif name in FAULT_KINDS:
                options["rates"][name] = float(value)
            elif name.endswith("_seconds") and name[: -len("_seconds")] in FAULT_KINDS:
                low, _, high = value.partition("-")
                options["seconds"][name[: -len("_seconds")]] = (float(low), float(high or low))
            else:
                raise ValueError(f"{FAULTS_VARIABLE}: unknown option {name!r}")
        return cls(**options)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SimulatorFaults | None:
        """The faults :data:`FAULTS_VARIABLE` asks for; None when it is unset or empty."""
        text = (os.environ if environ is None else environ).get(FAULTS_VARIABLE, "").strip()
        return cls.parse(text) if text else None


@dataclass(slots=True)
class _Call:
    """One write on its thread: the caller waits on ``done``; ``given_up`` is set when its
    timeout fired."""

    done: threading.Event = field(default_factory=threading.Event)
    given_up: threading.Event = field(default_factory=threading.Event)
    result: RealizedDocument | None = None
    error: BaseException | None = None


class _Connection:
    """A :class:`SubiektDatabase` for one call that turns SQLite failures into
    :class:`WriterUnavailable` (retryable: the file is busy, missing or unwritable)."""

    def __init__(self, path: Path, language: Language) -> None:
        self.path = path
        self.language = language
        self.db: SubiektDatabase | None = None

    def __enter__(self) -> SubiektDatabase:
        if not self.path.is_file():
            raise WriterUnavailable(
                t(
                    "writer.database",
                    self.language,
                    detail=t("writer.no_file", self.language, path=self.path),
                )
            )
        try:
            self.db = SubiektDatabase(self.path)
        except sqlite3.Error as error:
            raise self._unavailable(error) from error
        return self.db

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        assert self.db is not None
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if isinstance(exc, SubiektDataError):
            # What SQL Server would refuse (a value too long…): retrying cannot help.
            detail = str(exc)
            if "would be truncated" in detail:
                raise ValueTooLong(
                    t("writer.value_too_long", self.language, detail=detail), detail=detail
                ) from exc
            raise WriterError(
                t("writer.subiekt_error", self.language, operation="Zapisz", detail=detail),
                code="subiekt_error",
                detail=detail,
            ) from exc
        if isinstance(exc, sqlite3.Error):
            raise self._unavailable(exc) from exc

    def _unavailable(self, error: BaseException) -> WriterUnavailable:
        return WriterUnavailable(
            t("writer.database", self.language, detail=error), detail=str(error)
        )


def _realizations(db: SubiektDatabase, zk_id: int) -> tuple[RealizedDocument, ...]:
    return realized_from_rows(zk_id, db.connection.execute(REALIZATIONS_SQL, (zk_id,)).fetchall())


def _zk_state(db: SubiektDatabase, zk_id: int) -> ZkState | None:
    header = db.connection.execute(ZK_SQL, (zk_id,)).fetchone()
    if header is None:
        return None
    return zk_state_from_rows(header, db.connection.execute(ZK_LINES_SQL, (zk_id,)).fetchall())


def _goods(zk: Mapping[str, Any], lines: list[dict[str, Any]]) -> dict[tuple[int, int], Decimal]:
    """Base quantities of the stocked goods per (product, warehouse)."""
    totals: dict[tuple[int, int], Decimal] = {}
    for line in lines:
        if _kind(line) != GOODS or line["ob_TowId"] is None:
            continue
        mag_id = line["ob_MagId"] if line["ob_MagId"] is not None else zk["dok_MagId"]
        key = (int(line["ob_TowId"]), int(mag_id))
        base = _money(line["ob_IloscMag"]) or _money(line["ob_Ilosc"])
        totals[key] = totals.get(key, Decimal(0)) + base
    return totals


def _as_picked(line: dict[str, Any], picked: Decimal | None) -> dict[str, Any]:
    """The ZK line as the document gets it: with the weight actually picked (``ob_Ilosc``,
    ``ob_IloscMag``) and its values recomputed from the gross price as Subiekt does
    (:func:`~kolektor.finalize.writer.repriced`) when ``picked`` is given; as it is
    otherwise."""
    if picked is None:
        return line
    net, vat, gross = repriced(_money(line["ob_CenaBrutto"]), _money(line["ob_VatProc"]), picked)
    cost = _money(line["ob_CenaMag"]) * picked
    values = {"ob_WartNetto": net, "ob_WartVat": vat, "ob_WartBrutto": gross,
              "ob_WartMag": cost.quantize(FOUR_PLACES)}  # fmt: skip
    return {**line, "ob_Ilosc": picked, "ob_IloscMag": picked, **values}


def _kind(line: Mapping[str, Any]) -> int:
    return int(line["ob_TowRodzaj"] or GOODS)


def _stock_row(db: SubiektDatabase, product_id: int, mag_id: int) -> dict[str, Any]:
    rows = db.select("tw_Stan", {"st_TowId": product_id, "st_MagId": mag_id})
    if rows:
        return rows[0]
    db.insert("tw_Stan", st_TowId=product_id, st_MagId=mag_id)
    return db.select_one("tw_Stan", {"st_TowId": product_id, "st_MagId": mag_id})


def _warehouse_symbol(db: SubiektDatabase, mag_id: int) -> str:
    rows = db.select("sl_Magazyn", {"mag_Id": mag_id}, columns=["mag_Symbol"])
    return str(rows[0]["mag_Symbol"]).strip() if rows else str(mag_id)


def _money(value: object) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    return as_decimal(value if isinstance(value, (Decimal, int, str)) else str(value))


def _number(db: SubiektDatabase, doc_type: int, prefix: str, issued: datetime) -> tuple[str, int]:
    """The next number of ``doc_type`` in its period, as the demo numbers documents:
    monthly (``FS n/MM/yyyy``) when ``nr_Parametr.np_NrMiesiac`` says so, else yearly."""
    options = db.select("nr_Parametr", {"np_Typ": doc_type})
    monthly = bool(options and options[0]["np_NrMiesiac"])
    period = f"/{issued:%m}/{issued:%Y}" if monthly else f"/{issued:%Y}"
    row = db.connection.execute(
        "SELECT MAX(dok_Nr) FROM dok__Dokument WHERE dok_Typ = ?"
        " AND dok_NrPelny LIKE CAST(? AS TEXT)",
        (doc_type, encode_text(f"{prefix} %{period}")),
    ).fetchone()
    sequence = int(row[0] or 0) + 1
    return f"{prefix} {sequence}{period}", sequence


def _due(db: SubiektDatabase, payment_form_id: object, issued: datetime) -> datetime | None:
    if payment_form_id is None:
        return None
    rows = db.select("sl_FormaPlatnosci", {"fp_Id": int(str(payment_form_id))})
    days = int(rows[0]["fp_Termin"] or 0) if rows else 0
    return issued + timedelta(days=days)
