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
  test's lookup see it, as Subiekt's database would).

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
* :attr:`FakeSfera.released` — the thread on which each document object was freed.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
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
            doc = FakeDocument(self._fake, self._session, "?")
            doc._values["Identyfikator"] = dok_id
            return doc

        return self._call("WczytajDokument", (dok_id,), load)


class FakeDocument(_ComObject):
    """``SuDokument``."""

    _class = "SuDokument"
    _settable = frozenset(
        {"LiczonyOdCenBrutto", "Rezerwacja", "RejestrujNaUF", "DrukarkaFiskalnaId",
         "FormaDokumentu"}
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
        return super()._read(name)

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
            if not (self.kind == "WZ" and self._fake.empty_wz):
                self.lines.count = 2

        self._call("NaPodstawie", (zk_id,), copy)

    def ZapiszSymulacja(self) -> None:
        def simulate() -> None:
            if self._fake.shortages:
                self._values["SzczegolyOstatniegoBledu"] = "Brak towaru na magazynie."
                raise com_error(0x80004005, "Dokument nie może zostać zapisany.")

        self._call("ZapiszSymulacja", (), simulate)

    def Zapisz(self) -> None:
        def save() -> None:
            if self.kind == "WZ" and self._values.get("LiczonyOdCenBrutto"):
                raise com_error(0x80004005, "Nie można zapisać dokumentu.")
            dok_id, number = self._fake.allocate(self.kind)
            self._values.update(
                Identyfikator=dok_id, NumerPelny=number, WartoscBrutto=self._fake.value_gross
            )
            if self._fake.on_save is not None:
                self._fake.on_save(self)
            if self._fake.com_number is not None:
                self._values["NumerPelny"] = self._fake.com_number

        self._call("Zapisz", (), save)

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

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "count":
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    def _read(self, name: str) -> Any:
        return self.count

    def Dodaj(self, product: int | str) -> FakeLine:
        def add() -> FakeLine:
            object.__setattr__(self, "count", self.count + 1)
            return FakeLine(self._fake, self._session)

        return self._call("Dodaj", (product,), add)


class FakeLine(_ComObject):
    """``SuPozycja``."""

    _class = "SuPozycja"
    _settable = frozenset({"IloscJm", "Jm", "Ilosc"})
