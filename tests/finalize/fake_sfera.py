"""A recording fake of Sfera GT's COM objects (``InsERT.GT`` and what hangs off it).

It stands in for pywin32 behind :class:`kolektor.finalize.sfera_thread.ComRuntime`: the
test passes :meth:`FakeSfera.runtime` as the writer's ``runtime_factory``.  Every property
read, property write and method call is recorded with the session it belongs to and the
thread it came from.  Only the members the reference documents (§7.1, §7.3) exist: using
any other name raises ``AttributeError`` as pywin32's late binding does.

The test can script Sfera's behaviour:

* :meth:`FakeSfera.fail` — a call raises a COM error (:class:`FakeComError`, shaped like
  ``pywintypes.com_error``: ``hresult``, ``strerror``, ``excepinfo``, ``argerror``);
* :meth:`FakeSfera.hang` — a call blocks until :meth:`FakeSfera.release` (before or after
  doing its work), to test timeouts and the recycling of the session;
* :attr:`FakeSfera.shortages` — ``ZapiszSymulacja`` fails and ``PozycjeBrakujace`` lists
  these products;
* :attr:`FakeSfera.on_save` — called when ``Zapisz`` saves a document (e.g. to make the
  test's lookup see it, as Subiekt's database would);
* :attr:`FakeSfera.orders` — ZKs with their lines (:class:`Order`): ``NaPodstawie`` then
  copies them as positions (``Pozycje.Element``, 1-based; a WZ gets the goods only), and
  the ``Zapisz`` of a document made from one realizes it (see below).  A ZK not listed
  there gets two positions nobody can read, and the document's value is
  :attr:`FakeSfera.value_gross`.

And it behaves the way public Sfera bridges report Sfera behaving (docs/subiekt-writer.md,
"Confirmed by public code"):

* :meth:`FakeSfera.lose` — a session dies: every member of its objects raises
  ``AttributeError`` (in-process InsERT.GT, S12) or an RPC error, ``Zakoncz`` included;
* ``NaPodstawie`` locks the ZK for its session until the document's ``Zamknij``; another
  session then gets "Nie można zablokować obiektu" — so a call abandoned mid-way keeps the
  ZK locked, as in S3;
* :attr:`FakeSfera.hex_password_pitfall` — ``Uruchom`` refuses (0x80041329) a plain
  password starting with a digit or a–f, and accepts what ``InsERT.Dodatki.Szyfruj``
  returned (:class:`FakeDodatki`);
* ``LiczonyOdCenBrutto = True`` on a WZ makes its ``Zapisz`` fail (a warehouse document,
  S11); :attr:`FakeSfera.no_reservation` lists kinds without ``Rezerwacja``;
* :meth:`FakeSfera.dialog_on` — a call blocks behind a modal dialog shown on screen
  (:meth:`FakeSfera.detector`), until a button of it is pressed;
* :attr:`FakeSfera.com_number` — ``NumerPelny`` answers this after ``Zapisz`` (the default
  name S12 saw) while the database has the real number;
* :attr:`FakeSfera.unregistered` — ``Dispatch("InsERT.GT")`` fails as in a process of the
  wrong bitness;
* :attr:`FakeSfera.released` — the thread on which each document object was freed;
* a position's ``IloscJm`` (or ``Ilosc``) set after ``NaPodstawie`` recomputes its values
  as Subiekt does for a document counted from gross prices (reference §7.3 ``SuPozycja``;
  ``docs/subiekt-writer.md``, *Weighed goods*): ``WartoscBruttoPoRabacie`` = gross price ×
  quantity rounded half up to the grosz, and the document's ``WartoscBrutto`` is the sum
  of its positions (the fake's ZK lines carry no discount);
* saving a document made from a ZK of :attr:`FakeSfera.orders` realizes it as Subiekt does
  (reference §3.4, §4): when the document issues at least the ordered quantity of every
  line the ZK becomes ``dok_Status`` 8 with ``dok_StatusEx`` (old & ~1) | 4 (fully);
  otherwise it stays open with bit 1 (partially) — waiting for the rest;
  ``WczytajDokument`` of that ZK gives a document whose ``StatusDokumentu`` set and
  ``Zapisz`` change :attr:`Order.status` (the explicit close, reference §7.4).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

DISP_E_EXCEPTION = 0x80020009
RPC_DISCONNECTED = 0x80010108
DB_OPEN_FAILED = 0x80041329
CLASS_NOT_REGISTERED = 0x80040154
HEX_START = frozenset("0123456789abcdefABCDEF")
HANG_LIMIT = 30.0
"""A hung call gives up after this many seconds even if never released (no leaked thread)."""


def signed(hresult: int) -> int:
    """pywin32 reports HRESULTs as signed 32-bit ints (0x80070005 → −2147024891)."""
    return hresult - 2**32 if hresult >= 2**31 else hresult


class FakeComError(Exception):
    """Shaped like ``pywintypes.com_error``: args ``(hresult, strerror, excepinfo, argerror)``."""

    def __init__(
        self,
        hresult: int,
        strerror: str = "Wystąpił wyjątek.",
        excepinfo: tuple[Any, ...] | None = None,
        argerror: int | None = None,
    ) -> None:
        super().__init__(hresult, strerror, excepinfo, argerror)
        self.hresult = hresult
        self.strerror = strerror
        self.excepinfo = excepinfo
        self.argerror = argerror


def com_error(hresult: int, description: str = "", *, wrapped: bool = True) -> FakeComError:
    """A COM error as pywin32 raises it: by default wrapped in ``DISP_E_EXCEPTION`` with the
    real code in ``excepinfo[5]`` (how a Sfera method's failure arrives)."""
    if wrapped:
        return FakeComError(
            signed(DISP_E_EXCEPTION),
            "Wystąpił wyjątek.",
            (0, "InsERT.Sfera", description, None, 0, signed(hresult)),
            None,
        )
    return FakeComError(signed(hresult), description or "Błąd", None, None)


@dataclass(frozen=True, slots=True)
class Call:
    session: int
    """1 for the first ``Dispatch("InsERT.GT")``, 2 for the next…; 0 for runtime calls."""
    thread: int
    kind: str
    """``call``, ``get`` or ``set``."""
    name: str
    """``Class.Member``, e.g. ``SuDokument.Zapisz``."""
    args: tuple[Any, ...] = ()

    @property
    def short(self) -> tuple[Any, ...]:
        """``(kind, name, *args)`` — for comparing sequences."""
        return (self.kind, self.name, *self.args)


@dataclass(slots=True)
class Shortage:
    """One ``SuBrak`` in ``PozycjeBrakujace``."""

    symbol: str
    quantity: Decimal
    stock: Decimal
    missing: Decimal


@dataclass(frozen=True, slots=True)
class OrderLine:
    """A line of a ZK in the fake Subiekt, as ``NaPodstawie`` copies it."""

    product_id: int
    """``ob_TowId`` (``SuPozycja.TowarId``)."""
    symbol: str
    quantity: Decimal
    """``ob_Ilosc`` ordered (the product's base unit: conversion 1)."""
    unit: str
    gross_price: Decimal
    """``ob_CenaBrutto``."""
    kind: int = 1
    """``ob_TowRodzaj``: 1 goods, 2 service (a WZ does not copy it)."""


@dataclass(slots=True)
class Order:
    """A ZK in the fake Subiekt: its lines in their order (``ob_DokHanLp``) and status."""

    lines: list[OrderLine]
    status: int = 7
    """``dok_Status``: 5, 6, 7 open (7 with reservation), 8 realized."""
    status_ex: int = 0
    """``dok_StatusEx``: bit 1 partially, bit 4 fully realized."""


REALIZED = 8
PARTLY = 1
FULLY = 4


@dataclass(eq=False)
class FakeDialog:
    """A modal dialog of the fake Subiekt; ``pressed`` is the button that closed it."""

    handle: int
    title: str
    text: str
    buttons: tuple[str, ...]
    pressed: str | None = None
    answered: threading.Event = field(default_factory=threading.Event)


class FakeDialogDetector:
    """:class:`kolektor.finalize.sfera.DialogDetector` over the fake's screen."""

    def __init__(self, fake: FakeSfera) -> None:
        self.fake = fake

    def visible(self) -> list[Any]:
        from kolektor.finalize.sfera import ScreenDialog

        with self.fake._lock:
            dialogs = list(self.fake.dialogs)
        return [ScreenDialog(d.handle, d.title, d.text, d.buttons) for d in dialogs]

    def press(self, dialog: Any, button: str) -> None:
        with self.fake._lock:
            found = [d for d in self.fake.dialogs if d.handle == dialog.handle]
        for shown in found:
            if button in shown.buttons:
                shown.pressed = button
                shown.answered.set()


@dataclass(slots=True)
class _Hang:
    after: bool
    release: threading.Event = field(default_factory=threading.Event)
    entered: threading.Event = field(default_factory=threading.Event)


class FakeSfera:
    """The fake COM world of one test: runtime factory, script and recording."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.sessions = 0
        self.next_id = 1000
        self.numbers: dict[str, int] = {}
        self.value_gross = Decimal("123.4500")
        self.shortages: list[Shortage] = []
        self.details = ""
        """What ``SzczegolyOstatniegoBledu`` says after a failure."""
        self.empty_wz = False
        """``NaPodstawie`` leaves a WZ without lines (seen on one install)."""
        self.on_save: Callable[[FakeDocument], None] | None = None
        self.orders: dict[int, Order] = {}
        """ZKs whose lines ``NaPodstawie`` copies and whose status a save changes."""
        self.lost: dict[int, str] = {}
        """Dead sessions and how they fail: ``attribute`` or ``rpc``."""
        self.locks: dict[int, int] = {}
        """ZK id → the session whose open document holds it."""
        self.hex_password_pitfall = False
        self.encrypted: dict[str, str] = {}
        """What ``Szyfruj`` returned → the plain text."""
        self.no_reservation: set[str] = set()
        self.com_number: str | None = None
        self.unregistered = False
        self.dialogs: list[FakeDialog] = []
        """Dialogs on screen now."""
        self.released: list[tuple[str, int]] = []
        """``(class, thread)`` for every document object freed."""
        self._dialog_hangs: dict[str, FakeDialog] = {}
        self._failures: dict[str, list[BaseException]] = {}
        self._hangs: dict[str, _Hang] = {}
        self._every_hang: list[_Hang] = []
        self._lock = threading.Lock()

    # -- scripting --------------------------------------------------------------------------

    def fail(self, name: str, error: BaseException, times: int = 1) -> None:
        """The next ``times`` uses of ``name`` (``SuDokument.Zapisz``) raise ``error``."""
        with self._lock:
            self._failures.setdefault(name, []).extend([error] * times)

    def hang(self, name: str, *, after: bool = False) -> threading.Event:
        """The next use of ``name`` blocks (before doing its work, or ``after``) until
        released; returns an event set when the call has entered the hang."""
        hang = _Hang(after)
        with self._lock:
            self._hangs[name] = hang
            self._every_hang.append(hang)
        return hang.entered

    def release(self) -> None:
        with self._lock:
            hangs = list(self._every_hang)
            dialogs = list(self._dialog_hangs.values()) + list(self.dialogs)
        for hang in hangs:
            hang.release.set()
        for dialog in dialogs:
            dialog.answered.set()

    def lose(self, session: int | None = None, how: str = "attribute") -> None:
        """The session (default: the latest) dies; its objects fail from now on."""
        with self._lock:
            self.lost[session or self.sessions] = how

    def dialog_on(
        self, name: str, text: str, *, title: str = "Subiekt GT", buttons: tuple[str, ...] = ("OK",)
    ) -> FakeDialog:
        """The next use of ``name`` shows a modal dialog and blocks until a button of it is
        pressed (through :meth:`detector`) or :meth:`release`."""
        dialog = FakeDialog(len(self.dialogs) + 100, title, text, buttons)
        with self._lock:
            self._dialog_hangs[name] = dialog
        return dialog

    def detector(self) -> FakeDialogDetector:
        """The ``dialog_detector`` to give the writer."""
        return FakeDialogDetector(self)

    def runtime(self) -> FakeRuntime:
        """The ``runtime_factory`` to give the writer."""
        return FakeRuntime(self)

    # -- reading the record -----------------------------------------------------------------

    def sequence(
        self, session: int | None = None, *, runtime: bool = False
    ) -> list[tuple[Any, ...]]:
        with self._lock:
            calls = list(self.calls)
        return [
            c.short
            for c in calls
            if (session is None or c.session == session) and (runtime or c.session != 0)
        ]

    def threads(self) -> set[int]:
        with self._lock:
            return {c.thread for c in self.calls}

    def names(self, session: int | None = None) -> list[str]:
        return [str(item[1]) for item in self.sequence(session)]

    # -- used by the fake objects -----------------------------------------------------------

    def act(
        self, session: int, kind: str, name: str, args: tuple[Any, ...], body: Callable[[], T]
    ) -> T:
        with self._lock:
            self.calls.append(Call(session, threading.get_ident(), kind, name, args))
            hang = self._hangs.pop(name, None)
            failures = self._failures.get(name)
            failure = failures.pop(0) if failures else None
            lost = self.lost.get(session)
            dialog = self._dialog_hangs.pop(name, None)
        if lost == "rpc":
            raise com_error(RPC_DISCONNECTED, "Obiekt wywołany odłączył się od klientów.",
                            wrapped=False)  # fmt: skip
        if lost is not None:
            raise AttributeError(f"<unknown>.{name.split('.')[-1]}")
        if dialog is not None:
            with self._lock:
                self.dialogs.append(dialog)
            dialog.answered.wait(HANG_LIMIT)
            with self._lock:
                if dialog in self.dialogs:
                    self.dialogs.remove(dialog)
        if hang is not None and not hang.after:
            hang.entered.set()
            hang.release.wait(HANG_LIMIT)
        if failure is not None:
            raise failure
        result = body()
        if hang is not None and hang.after:
            hang.entered.set()
            hang.release.wait(HANG_LIMIT)
        return result

    def new_session(self) -> int:
        with self._lock:
            self.sessions += 1
            return self.sessions

    def allocate(self, prefix: str) -> tuple[int, str]:
        with self._lock:
            self.next_id += 1
            self.numbers[prefix] = self.numbers.get(prefix, 0) + 1
            return self.next_id, f"{prefix} {self.numbers[prefix]}/2026"


class FakeRuntime:
    """``pythoncom`` + ``win32com.client`` for one thread."""

    def __init__(self, fake: FakeSfera) -> None:
        self.fake = fake

    def initialize(self) -> None:
        self.fake.act(0, "call", "pythoncom.CoInitialize", (), lambda: None)

    def uninitialize(self) -> None:
        self.fake.act(0, "call", "pythoncom.CoUninitialize", (), lambda: None)

    def dispatch(self, prog_id: str) -> Any:
        def make() -> Any:
            if prog_id == "InsERT.Dodatki":
                return FakeDodatki(self.fake, 0)
            if prog_id != "InsERT.GT":
                raise com_error(0x800401F3, "Invalid class string", wrapped=False)
            if self.fake.unregistered:
                raise com_error(CLASS_NOT_REGISTERED, "Klasa nie jest zarejestrowana",
                                wrapped=False)  # fmt: skip
            return FakeGT(self.fake, self.fake.new_session())

        return self.fake.act(0, "call", "win32com.client.Dispatch", (prog_id,), make)


class _ComObject:
    """Base of the fake objects: records gets/sets of the declared properties."""

    _class = "Object"
    _fake: FakeSfera
    _session: int
    _values: dict[str, Any]
    _settable: frozenset[str] = frozenset()
    _gettable: frozenset[str] = frozenset()

    def __init__(self, fake: FakeSfera, session: int) -> None:
        object.__setattr__(self, "_fake", fake)
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_values", {})

    def _call(self, name: str, args: tuple[Any, ...], body: Callable[[], T]) -> T:
        return self._fake.act(self._session, "call", f"{self._class}.{name}", args, body)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._settable:
            raise AttributeError(f"Property '{self._class}.{name}' can not be set.")
        self._fake.act(
            self._session,
            "set",
            f"{self._class}.{name}",
            (value,),
            lambda: self._values.__setitem__(name, value),
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in (self._gettable | self._settable):
            raise AttributeError(f"{self._class}.{name}")
        return self._fake.act(
            self._session, "get", f"{self._class}.{name}", (), lambda: self._read(name)
        )

    def _read(self, name: str) -> Any:
        return self._values.get(name)


class FakeGT(_ComObject):
    """``InsERT.GT``."""

    _class = "GT"
    _settable = frozenset(
        {
            "Produkt", "Serwer", "Baza", "Autentykacja", "Uzytkownik", "UzytkownikHaslo",
            "Operator", "OperatorHaslo",
        }
    )  # fmt: skip

    def Uruchom(self, *args: int) -> FakeSubiekt:
        def start() -> FakeSubiekt:
            if self._fake.hex_password_pitfall:
                for name in ("UzytkownikHaslo", "OperatorHaslo"):
                    value = str(self._values.get(name) or "")
                    if value and value not in self._fake.encrypted and value[0] in HEX_START:
                        raise com_error(DB_OPEN_FAILED, "Nie można otworzyć bazy danych.")
            return FakeSubiekt(self._fake, self._session)

        return self._call("Uruchom", args, start)


class FakeDodatki(_ComObject):
    """``InsERT.Dodatki``: ``Szyfruj`` returns an opaque text Sfera accepts as a password."""

    _class = "Dodatki"

    def Szyfruj(self, text: str) -> str:
        def encrypt() -> str:
            value = "~" + text[::-1].encode().hex()
            self._fake.encrypted[value] = text
            return value

        return self._call("Szyfruj", ("***",), encrypt)


class FakeSubiekt(_ComObject):
    """The ``Subiekt`` object ``Uruchom`` returns."""

    _class = "Subiekt"
    _settable = frozenset({"MagazynId"})
    _gettable = frozenset({"SuDokumentyManager"})

    def _read(self, name: str) -> Any:
        if name == "SuDokumentyManager":
            return FakeManager(self._fake, self._session)
        return super()._read(name)

    def Zakoncz(self) -> None:
        def end() -> None:  # the session's locks go with it
            with self._fake._lock:
                for zk_id, holder in list(self._fake.locks.items()):
                    if holder == self._session:
                        del self._fake.locks[zk_id]

        self._call("Zakoncz", (), end)


class FakeManager(_ComObject):
    """``SuDokumentyManager``."""

    _class = "SuDokumentyManager"

    def _add(self, kind: str) -> FakeDocument:
        return self._call(f"Dodaj{kind}", (), lambda: FakeDocument(self._fake, self._session, kind))

    def DodajFS(self) -> FakeDocument:
        return self._add("FS")

    def DodajPA(self) -> FakeDocument:
        return self._add("PA")

    def DodajPAi(self) -> FakeDocument:
        return self._add("PAi")

    def DodajWZ(self) -> FakeDocument:
        return self._add("WZ")

    def WczytajDokument(self, dok_id: int) -> FakeDocument:
        def load() -> FakeDocument:
            order = self._fake.orders.get(dok_id)
            doc = FakeDocument(self._fake, self._session, "?" if order is None else "ZK")
            doc._values["Identyfikator"] = dok_id
            if order is not None:
                doc._values["StatusDokumentu"] = order.status
            return doc

        return self._call("WczytajDokument", (dok_id,), load)


class FakeDocument(_ComObject):
    """``SuDokument``."""

    _class = "SuDokument"
    _settable = frozenset(
        {"LiczonyOdCenBrutto", "Rezerwacja", "RejestrujNaUF", "DrukarkaFiskalnaId",
         "FormaDokumentu", "StatusDokumentu"}
    )  # fmt: skip
    _gettable = frozenset(
        {
            "Identyfikator", "NumerPelny", "WartoscBrutto", "StatusFiskalny",
            "PozycjeBrakujace", "Pozycje", "SzczegolyOstatniegoBledu",
        }
    )  # fmt: skip

    def __init__(self, fake: FakeSfera, session: int, kind: str) -> None:
        super().__init__(fake, session)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "based_on", None)
        object.__setattr__(self, "lines", FakeLines(fake, session))
        self._values["StatusFiskalny"] = 0
        self._values["SzczegolyOstatniegoBledu"] = ""
        weakref.finalize(self, _freed, fake, self._class)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "Rezerwacja" and self.kind in self._fake.no_reservation:
            raise AttributeError(f"Property '{self._class}.{name}' can not be set.")
        super().__setattr__(name, value)

    def _read(self, name: str) -> Any:
        if name == "PozycjeBrakujace":
            return FakeShortages(self._fake, self._session)
        if name == "Pozycje":
            return self.lines
        if name == "SzczegolyOstatniegoBledu":
            return self._values["SzczegolyOstatniegoBledu"] or self._fake.details
        if name == "WartoscBrutto" and self._order() is not None:
            return self.lines.total()
        return super()._read(name)

    def _order(self) -> Order | None:
        """The ZK of :attr:`FakeSfera.orders` this document was made from, if any."""
        return None if self.based_on is None else self._fake.orders.get(self.based_on)

    def NaPodstawie(self, zk_id: int) -> None:
        def copy() -> None:
            with self._fake._lock:
                holder = self._fake.locks.get(zk_id)
                if holder is not None and holder != self._session:
                    raise com_error(
                        0x80004005,
                        "Nie można zablokować obiektu. Obiekt został zablokowany przez "
                        "operatora Kolektor na stacji SKLEP-PC.",
                    )
                self._fake.locks[zk_id] = self._session
            object.__setattr__(self, "based_on", zk_id)
            order = self._fake.orders.get(zk_id)
            self.lines.order = order
            if self.kind == "WZ" and self._fake.empty_wz:
                return
            if order is None:
                self.lines.count = 2
                return
            for line in order.lines:
                if not (self.kind == "WZ" and line.kind == 2):
                    self.lines.copy(line)

        self._call("NaPodstawie", (zk_id,), copy)

    def ZapiszSymulacja(self) -> None:
        def simulate() -> None:
            if self._fake.shortages:
                self._values["SzczegolyOstatniegoBledu"] = "Brak towaru na magazynie."
                raise com_error(0x80004005, "Dokument nie może zostać zapisany.")

        self._call("ZapiszSymulacja", (), simulate)

    def Zapisz(self) -> None:
        def save() -> None:
            if self.kind == "ZK":  # a loaded ZK: its status set by hand (reference §7.4)
                loaded = self._fake.orders[int(self._values["Identyfikator"])]
                loaded.status = int(self._values["StatusDokumentu"])
                return
            if self.kind == "WZ" and self._values.get("LiczonyOdCenBrutto"):
                raise com_error(0x80004005, "Nie można zapisać dokumentu.")
            dok_id, number = self._fake.allocate(self.kind)
            order = self._order()
            total = self._fake.value_gross if order is None else self.lines.total()
            self._values.update(Identyfikator=dok_id, NumerPelny=number, WartoscBrutto=total)
            if order is not None:
                self._realize(order)
            if self._fake.on_save is not None:
                self._fake.on_save(self)
            if self._fake.com_number is not None:
                self._values["NumerPelny"] = self._fake.com_number

        self._call("Zapisz", (), save)

    def _realize(self, order: Order) -> None:
        """The ZK after this document is saved: fully realized when every line's ordered
        quantity was issued (per product), else left open and partly realized."""
        ordered: dict[int, Decimal] = {}
        for line in order.lines:
            if not (self.kind == "WZ" and line.kind == 2):
                ordered[line.product_id] = ordered.get(line.product_id, Decimal(0)) + line.quantity
        issued = self.lines.issued()
        if all(issued.get(product, Decimal(0)) >= need for product, need in ordered.items()):
            order.status = REALIZED
            order.status_ex = (order.status_ex & ~PARTLY) | FULLY
        else:
            order.status_ex |= PARTLY

    def Drukuj(self, dialog: bool) -> None:
        def print_() -> None:
            if self._values.get("RejestrujNaUF"):
                self._values["StatusFiskalny"] = 1

        self._call("Drukuj", (dialog,), print_)

    def DrukujDoPliku(self, path: str, file_type: int) -> None:
        def write() -> None:
            dok_id = self._values.get("Identyfikator")
            Path(path).write_bytes(
                f"%PDF-1.4\n% fake Subiekt print of document {dok_id}\n%%EOF\n".encode()
            )

        self._call("DrukujDoPliku", (path, file_type), write)

    def Zamknij(self) -> None:
        def close() -> None:
            with self._fake._lock:
                if self.based_on is not None and self._fake.locks.get(self.based_on) == (
                    self._session
                ):
                    del self._fake.locks[self.based_on]

        self._call("Zamknij", (), close)


def _freed(fake: FakeSfera, name: str) -> None:
    fake.released.append((name, threading.get_ident()))


class FakeShortages(_ComObject):
    """``PozycjeBrakujace`` (a collection of ``SuBrak``)."""

    _class = "PozycjeBrakujace"
    _gettable = frozenset({"Liczba"})

    def _read(self, name: str) -> Any:
        return len(self._fake.shortages)

    def Element(self, index: int) -> FakeShortage:
        def item() -> FakeShortage:
            if not 1 <= index <= len(self._fake.shortages):  # 1-based
                raise com_error(0x8002000B, "Indeks poza zakresem")
            shortage = self._fake.shortages[index - 1]
            return FakeShortage(self._fake, self._session, shortage)

        return self._call("Element", (index,), item)


class FakeShortage(_ComObject):
    """``SuBrak``."""

    _class = "SuBrak"
    _gettable = frozenset({"TowarSymbol", "IloscJm", "MagazynStan", "Brak"})

    def __init__(self, fake: FakeSfera, session: int, shortage: Shortage) -> None:
        super().__init__(fake, session)
        self._values.update(
            TowarSymbol=shortage.symbol,
            IloscJm=shortage.quantity,
            MagazynStan=shortage.stock,
            Brak=shortage.missing,
        )


class FakeLines(_ComObject):
    """``Pozycje`` of a document."""

    _class = "Pozycje"
    _gettable = frozenset({"Liczba"})

    def __init__(self, fake: FakeSfera, session: int) -> None:
        super().__init__(fake, session)
        object.__setattr__(self, "count", 0)
        object.__setattr__(self, "positions", [])
        object.__setattr__(self, "order", None)
        """The ZK (:class:`Order`) the document was made from, when the fake knows it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("count", "order"):
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    def _read(self, name: str) -> Any:
        return self.count

    def copy(self, line: OrderLine) -> None:
        """``NaPodstawie`` copying one ZK line (not a call of the writer's)."""
        position = FakeLine(self._fake, self._session)
        position._values.update(TowarId=line.product_id, TowarSymbol=line.symbol,
                                TowarRodzaj=line.kind, Jm=line.unit,
                                CenaBruttoPrzedRabatem=line.gross_price)  # fmt: skip
        position.reprice(line.quantity)
        self.positions.append(position)
        object.__setattr__(self, "count", self.count + 1)

    def total(self) -> Decimal:
        """``WartoscBrutto`` of the document: the sum of its positions' values."""
        return sum((p._values["WartoscBruttoPoRabacie"] for p in self.positions), Decimal(0))

    def issued(self) -> dict[int, Decimal]:
        """Quantity per product (``TowarId``) the positions issue."""
        totals: dict[int, Decimal] = {}
        for position in self.positions:
            product = int(position._values["TowarId"])
            totals[product] = totals.get(product, Decimal(0)) + position._values["Ilosc"]
        return totals

    def Dodaj(self, product: int | str) -> FakeLine:
        def add() -> FakeLine:  # quantity 1 at the price the ZK has for it (0 if unknown)
            order: Order | None = self.order
            known = [] if order is None else [ln for ln in order.lines if product in
                                              (ln.product_id, ln.symbol)]  # fmt: skip
            position = FakeLine(self._fake, self._session)
            position._values.update(
                TowarId=known[0].product_id if known else product,
                CenaBruttoPrzedRabatem=known[0].gross_price if known else Decimal(0),
            )
            position.reprice(Decimal(1))
            self.positions.append(position)
            object.__setattr__(self, "count", self.count + 1)
            return position

        return self._call("Dodaj", (product,), add)

    def Element(self, index: int) -> FakeLine:
        def item() -> FakeLine:
            if not 1 <= index <= len(self.positions):  # 1-based
                raise com_error(0x8002000B, "Indeks poza zakresem")
            position: FakeLine = self.positions[index - 1]
            return position

        return self._call("Element", (index,), item)


class FakeLine(_ComObject):
    """``SuPozycja``."""

    _class = "SuPozycja"
    _settable = frozenset({"IloscJm", "Jm", "Ilosc"})
    _gettable = frozenset(
        {"TowarId", "TowarSymbol", "TowarRodzaj", "CenaBruttoPrzedRabatem",
         "WartoscBruttoPrzedRabatem", "WartoscBruttoPoRabacie"}
    )  # fmt: skip

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name in ("IloscJm", "Ilosc"):  # Subiekt recomputes the position at once
            self.reprice(Decimal(str(value)))

    def reprice(self, quantity: Decimal) -> None:
        """The quantity (conversion 1: ``Ilosc`` = ``IloscJm``, four places) and the values
        of a document counted from gross prices: gross price × quantity, rounded half up
        to the grosz."""
        quantity = quantity.quantize(Decimal("0.0001"))
        price = self._values.get("CenaBruttoPrzedRabatem") or Decimal(0)
        gross = (price * quantity).quantize(Decimal("0.01"), ROUND_HALF_UP)
        self._values.update(IloscJm=quantity, Ilosc=quantity, WartoscBruttoPrzedRabatem=gross,
                            WartoscBruttoPoRabacie=gross)  # fmt: skip
