"""The Sfera writer against a recording fake of Sfera's COM objects.

Sfera cannot run here (Windows, pywin32, a licensed Subiekt): these tests check what the
writer asks of it — the exact call sequence of a realization (reference §7.4), fiscal
registration (§7.5), the PDF print, that every COM call happens on one dedicated thread
that is not the caller's, how COM errors become writer errors (§7.2), and what a hung call
does (timeout, new session, in-doubt result re-checked by SQL before retrying).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kolektor.demo.generator import DemoSummary
from kolektor.finalize.sfera import SferaLoginError, SferaSettings, SferaWriter, com_failure
from kolektor.finalize.simulator import SubiektSimulator
from kolektor.finalize.writer import (
    DocumentKind,
    DocumentWriter,
    FiscalError,
    LicenceError,
    PermissionDenied,
    RealizedDocument,
    StockShortage,
    SubiektLocked,
    ValueTooLong,
    WriterError,
    WriterUnavailable,
    ZkChanged,
    ZkExpectation,
    ZkLineState,
    ZkMissing,
    ZkRealizedElsewhere,
    ZkState,
)
from tests.finalize.fake_sfera import FakeDocument, FakeSfera, Shortage, com_error

ZK_ID = 501
ZK_NUMBER = "ZK 18/2026"
PRINTER_ID = 3
LINES = (
    ZkLineState(11, 95, "KAW-0001", "Kawa ziarnista Łódzka 1 kg", 1, Decimal(2), Decimal(2),
                "szt."),
    ZkLineState(12, 96, "HER-0002", "Herbata czarna 100 g", 1, Decimal(1), Decimal(6), "opak."),
    ZkLineState(13, 317, None, "Usługa pakowania prezentu", 2, Decimal(1), Decimal(1), "usł."),
)  # fmt: skip
EXPECTATION = ZkExpectation(ZK_ID, ZK_NUMBER, tuple((line.id, line.quantity) for line in LINES))
SETTINGS = SferaSettings(
    server=r"SRV\INSERTGT",
    database="SKLEP",
    operator="Szef",
    operator_password="tajne-operatora",
    sql_user="sa",
    sql_password="tajne-sql",
    warehouse_id=1,
    fiscal_printer_id=PRINTER_ID,
    call_timeout=5.0,
    start_timeout=5.0,
    close_timeout=5.0,
)

SESSION_START = [
    ("set", "GT.Produkt", 1),
    ("set", "GT.Serwer", r"SRV\INSERTGT"),
    ("set", "GT.Baza", "SKLEP"),
    ("set", "GT.Autentykacja", 0),
    ("set", "GT.Uzytkownik", "sa"),
    ("set", "GT.UzytkownikHaslo", "tajne-sql"),
    ("set", "GT.Operator", "Szef"),
    ("set", "GT.OperatorHaslo", "tajne-operatora"),
    ("call", "GT.Uruchom", 0, 6),
    ("set", "Subiekt.MagazynId", 1),
]


def realization(kind: DocumentKind, *, fiscal: bool = False) -> list[tuple[Any, ...]]:
    """The calls of one realization, reference §7.4 (and §7.5 for a fiscal receipt)."""
    steps: list[tuple[Any, ...]] = [
        ("get", "Subiekt.SuDokumentyManager"),
        ("call", f"SuDokumentyManager.Dodaj{kind}"),
        ("call", "SuDokument.NaPodstawie", ZK_ID),
    ]
    if kind == "WZ":  # no LiczonyOdCenBrutto on a warehouse document
        steps += [("get", "SuDokument.Pozycje"), ("get", "Pozycje.Liczba")]
    else:
        steps += [
            ("set", "SuDokument.LiczonyOdCenBrutto", True),
            ("set", "SuDokument.Rezerwacja", False),
        ]
    steps += [("call", "SuDokument.ZapiszSymulacja")]
    if fiscal:  # before Zapisz, as the vendor's example
        steps += [
            ("set", "SuDokument.RejestrujNaUF", True),
            ("set", "SuDokument.DrukarkaFiskalnaId", PRINTER_ID),
        ]
    steps += [
        ("call", "SuDokument.Zapisz"),
        ("get", "SuDokument.Identyfikator"),
        ("get", "SuDokument.NumerPelny"),
        ("get", "SuDokument.WartoscBrutto"),
    ]
    if fiscal:
        steps += [
            ("call", "SuDokument.Drukuj", False),
            ("get", "SuDokument.StatusFiskalny"),
        ]
    return [*steps, ("call", "SuDokument.Zamknij")]


class MemoryLookup:
    """What SQL would read from Subiekt, kept in memory (the test plays Subiekt's DB)."""

    def __init__(self) -> None:
        self.states: dict[int, ZkState] = {
            ZK_ID: ZkState(ZK_ID, 16, ZK_NUMBER, 7, 0, 1, "MAG", LINES)
        }
        self.documents: dict[int, list[RealizedDocument]] = defaultdict(list)
        self.reads: list[int] = []
        self._lock = threading.Lock()

    def realizations(self, zk_id: int) -> tuple[RealizedDocument, ...]:
        with self._lock:
            self.reads.append(threading.get_ident())
            return tuple(self.documents[zk_id])

    def zk_state(self, zk_id: int) -> ZkState | None:
        with self._lock:
            self.reads.append(threading.get_ident())
            return self.states.get(zk_id)

    def saved(self, doc: FakeDocument) -> None:
        """``FakeSfera.on_save``: the document is now in Subiekt's database."""
        values = doc._values
        with self._lock:
            self.documents[int(doc.based_on)].append(
                RealizedDocument(
                    id=int(values["Identyfikator"]),
                    kind=doc.kind,
                    number=str(values["NumerPelny"]),
                    zk_id=int(doc.based_on),
                    value_gross=Decimal(values["WartoscBrutto"]),
                    adopted=True,
                )
            )


@pytest.fixture
def fake() -> Iterator[FakeSfera]:
    world = FakeSfera()
    yield world
    world.release()


@pytest.fixture
def lookup() -> MemoryLookup:
    return MemoryLookup()


@pytest.fixture
def make_writer(fake: FakeSfera, lookup: MemoryLookup) -> Iterator[Any]:
    made: list[SferaWriter] = []

    def make(**changes: Any) -> SferaWriter:
        language = changes.pop("language", "pl")
        writer = SferaWriter(
            replace(SETTINGS, **changes), lookup, runtime_factory=fake.runtime, language=language
        )
        made.append(writer)
        return writer

    yield make
    fake.release()
    for writer in made:
        writer.close()


@pytest.fixture
def writer(make_writer: Any) -> SferaWriter:
    return make_writer()  # type: ignore[no-any-return]


# -- the realization sequence -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fiscal"), [("FS", False), ("PA", True), ("PAi", True), ("WZ", False)]
)
def test_realization_calls_sfera_in_the_documented_order(
    writer: SferaWriter, fake: FakeSfera, kind: DocumentKind, fiscal: bool
) -> None:
    document = writer.realize(EXPECTATION, kind)

    assert fake.sequence(1) == SESSION_START + realization(kind, fiscal=fiscal)
    assert document == RealizedDocument(
        id=1001,
        kind=kind,
        number=f"{kind} 1/2026",
        zk_id=ZK_ID,
        value_gross=Decimal("123.4500"),
        adopted=False,
        fiscal_status=1 if fiscal else None,
    )


def test_a_receipt_without_fiscal_registration_is_not_printed(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    document = writer.realize(EXPECTATION, "PAi", fiscal=False)
    assert fake.sequence(1)[len(SESSION_START) :] == realization("PAi")
    assert document.fiscal_status == 0


def test_session_is_opened_once_and_closed_with_zakoncz(
    writer: SferaWriter, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    writer.realize(EXPECTATION, "FS")
    other = replace(EXPECTATION, zk_id=502, number="ZK 19/2026")
    lookup.states[502] = replace(lookup.states[ZK_ID], zk_id=502, number="ZK 19/2026")
    writer.realize(other, "FS")
    writer.close()

    assert fake.sessions == 1
    assert fake.sequence(runtime=True)[:2] == [
        ("call", "pythoncom.CoInitialize"),
        ("call", "win32com.client.Dispatch", "InsERT.GT"),
    ]
    assert fake.sequence(runtime=True)[-2:] == [
        ("call", "Subiekt.Zakoncz"),
        ("call", "pythoncom.CoUninitialize"),
    ]
    assert fake.names(1).count("SuDokumentyManager.DodajFS") == 2


def test_start_arguments_and_windows_authentication_are_configurable(
    make_writer: Any, fake: FakeSfera
) -> None:
    writer = make_writer(start_arguments=(6,), sql_user="", sql_password="", warehouse_id=None)
    writer.warm_up()
    assert fake.sequence(1) == [
        ("set", "GT.Produkt", 1),
        ("set", "GT.Serwer", r"SRV\INSERTGT"),
        ("set", "GT.Baza", "SKLEP"),
        ("set", "GT.Autentykacja", 1),
        ("set", "GT.Operator", "Szef"),
        ("set", "GT.OperatorHaslo", "tajne-operatora"),
        ("call", "GT.Uruchom", 6),
    ]


def test_every_com_call_runs_on_one_dedicated_thread_not_the_callers(
    writer: SferaWriter, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    for zk_id in (502, 503, 504):
        lookup.states[zk_id] = replace(lookup.states[ZK_ID], zk_id=zk_id)
    errors: list[BaseException] = []

    def realize(zk_id: int) -> None:
        try:
            writer.realize(replace(EXPECTATION, zk_id=zk_id), "FS")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    callers = [threading.Thread(target=realize, args=(z,)) for z in (502, 503, 504)]
    for caller in callers:
        caller.start()
    writer.realize(EXPECTATION, "PA")
    for caller in callers:
        caller.join()

    assert errors == []
    com_threads = fake.threads()
    assert len(com_threads) == 1
    callers_idents = {threading.get_ident(), *(c.ident for c in callers)}
    assert com_threads.isdisjoint(callers_idents)
    assert fake.names(1).count("SuDokument.Zapisz") == 4
    # The SQL checks run on the callers' threads, not on the COM thread.
    assert set(lookup.reads) <= callers_idents


def test_zamknij_is_called_even_when_a_step_fails(writer: SferaWriter, fake: FakeSfera) -> None:
    for step in ("SuDokument.NaPodstawie", "SuDokument.ZapiszSymulacja", "SuDokument.Zapisz"):
        fake.fail(step, com_error(0x80004005, "Błąd zapisu dokumentu."))
        with pytest.raises(WriterError) as caught:
            writer.realize(EXPECTATION, "FS")
        assert caught.value.code == "subiekt_error"
        assert "Błąd zapisu dokumentu." in caught.value.message
        names = fake.names(1)
        assert names[-1] == "SuDokument.Zamknij"
        assert names.count("SuDokument.Zamknij") == names.count("SuDokumentyManager.DodajFS")
    assert "SuDokument.Zapisz" in fake.names(1)  # the third attempt reached Zapisz


def test_the_last_error_details_are_read_from_the_document(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    fake.fail("SuDokument.Zapisz", com_error(0x80004005, "Nie zapisano."))
    fake.details = "Pozycja 2: brak ceny sprzedaży."
    with pytest.raises(WriterError) as caught:
        writer.realize(EXPECTATION, "FS")
    assert fake.sequence(1)[-2:] == [
        ("get", "SuDokument.SzczegolyOstatniegoBledu"),
        ("call", "SuDokument.Zamknij"),
    ]
    assert caught.value.detail == "Nie zapisano. — Pozycja 2: brak ceny sprzedaży."
    assert "Pozycja 2: brak ceny sprzedaży." in caught.value.message


# -- stock shortage -----------------------------------------------------------------------


def test_shortage_from_pozycje_brakujace_is_reported_item_by_item(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    fake.shortages = [
        Shortage("KAW-0001", Decimal(2), Decimal("0.5"), Decimal("1.5")),
        Shortage("HER-0002", Decimal(1), Decimal(0), Decimal(1)),
    ]
    with pytest.raises(StockShortage) as caught:
        writer.realize(EXPECTATION, "FS")

    error = caught.value
    assert error.retryable is False
    assert [(m.symbol, m.name, m.needed, m.available, m.warehouse) for m in error.missing] == [
        ("KAW-0001", "Kawa ziarnista Łódzka 1 kg", Decimal(2), Decimal("0.5"), "MAG"),
        ("HER-0002", "Herbata czarna 100 g", Decimal(1), Decimal(0), "MAG"),
    ]
    assert "KAW-0001" in error.message and "ZK 18/2026" in error.message
    after_simulation = fake.sequence(1)[len(SESSION_START) + 6 :]
    assert after_simulation == [
        ("get", "SuDokument.PozycjeBrakujace"),
        ("get", "PozycjeBrakujace.Liczba"),
        ("call", "PozycjeBrakujace.Element", 1),
        ("get", "SuBrak.TowarSymbol"),
        ("get", "SuBrak.IloscJm"),
        ("get", "SuBrak.MagazynStan"),
        ("call", "PozycjeBrakujace.Element", 2),
        ("get", "SuBrak.TowarSymbol"),
        ("get", "SuBrak.IloscJm"),
        ("get", "SuBrak.MagazynStan"),
        ("call", "SuDokument.Zamknij"),
    ]
    assert "SuDokument.Zapisz" not in fake.names(1)


def test_a_failed_simulation_without_shortages_is_subiekts_error(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    fake.fail("SuDokument.ZapiszSymulacja", com_error(0x80004005, "Niepoprawny dokument."))
    with pytest.raises(WriterError) as caught:
        writer.realize(EXPECTATION, "FS")
    assert not isinstance(caught.value, StockShortage)
    assert "Niepoprawny dokument." in caught.value.message


# -- COM errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("wrapped", [True, False])
def test_access_denied_on_na_podstawie_names_the_missing_permission(
    writer: SferaWriter, fake: FakeSfera, wrapped: bool
) -> None:
    fake.fail("SuDokument.NaPodstawie", com_error(0x80070005, "Brak uprawnień.", wrapped=wrapped))
    with pytest.raises(PermissionDenied) as caught:
        writer.realize(EXPECTATION, "FS")
    assert "Zamówienia od Klientów – Zrealizuj" in caught.value.message
    assert "Szef" in caught.value.message
    assert caught.value.hresult == 0x80070005
    assert caught.value.retryable is False
    assert fake.names(1)[-1] == "SuDokument.Zamknij"


def test_locked_zk_is_retryable(writer: SferaWriter, fake: FakeSfera) -> None:
    fake.fail(
        "SuDokument.NaPodstawie",
        com_error(0x80004005, "Nie można zablokować obiektu. Obiekt jest używany przez: Anna"),
    )
    with pytest.raises(SubiektLocked) as caught:
        writer.realize(EXPECTATION, "FS")
    assert caught.value.retryable is True
    assert ZK_NUMBER in caught.value.message
    assert "Anna" in (caught.value.detail or "")


def test_value_too_long(writer: SferaWriter, fake: FakeSfera) -> None:
    fake.fail(
        "SuDokument.Zapisz", com_error(0x80040E21, "String or binary data would be truncated.")
    )
    with pytest.raises(ValueTooLong) as caught:
        writer.realize(EXPECTATION, "FS")
    assert caught.value.code == "value_too_long"
    assert "30" in caught.value.message


@pytest.mark.parametrize(
    ("hresult", "error_type", "retryable", "words"),
    [
        (0x80041329, SferaLoginError, False, "sql_password"),
        (0x8004132B, LicenceError, False, "licence"),
    ],
)
def test_start_failures_explain_login_and_licence(
    make_writer: Any,
    fake: FakeSfera,
    hresult: int,
    error_type: type[WriterError],
    retryable: bool,
    words: str,
) -> None:
    writer = make_writer(language="en")
    fake.fail("GT.Uruchom", com_error(hresult, "Uruchom failed"))
    with pytest.raises(error_type) as caught:
        writer.realize(EXPECTATION, "FS")
    assert type(caught.value) is error_type
    assert caught.value.retryable is retryable
    assert words in caught.value.message.lower()
    assert "tajne" not in caught.value.message  # passwords never in messages
    # The next request tries to start Subiekt again (and now succeeds).
    assert writer.realize(EXPECTATION, "FS").number == "FS 1/2026"
    assert fake.sessions == 2


def test_a_session_lost_before_the_document_exists_is_reopened_at_once(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    fake.fail(
        "SuDokumentyManager.DodajFS",
        com_error(0x800706BA, "The RPC server is unavailable.", wrapped=False),
    )
    # Nothing was written yet: the realization runs again on a new session.
    assert writer.realize(EXPECTATION, "FS").number == "FS 1/2026"
    assert fake.sessions == 2
    assert ("call", "Subiekt.Zakoncz") in fake.sequence(1)
    assert "SuDokument.NaPodstawie" not in fake.names(1)


def test_com_failure_reads_pywin32_shapes() -> None:
    wrapped = com_failure(com_error(0x80070005, "Odmowa dostępu."))
    assert wrapped is not None and (wrapped.hresult, wrapped.description) == (
        0x80070005,
        "Odmowa dostępu.",
    )
    plain = com_failure(com_error(0x80041329, "Login failed", wrapped=False))
    assert plain is not None and plain.hresult == 0x80041329
    assert com_failure(ValueError("not COM")) is None


def test_an_unknown_member_becomes_a_writer_error(make_writer: Any, fake: FakeSfera) -> None:
    writer = make_writer(reservation=None)
    fake.fail("SuDokument.Zapisz", AttributeError("SuDokument.Zapisz"))
    with pytest.raises(WriterError) as caught:
        writer.realize(EXPECTATION, "FS")
    assert caught.value.code == "subiekt_error"
    assert ("set", "SuDokument.Rezerwacja", False) not in fake.sequence(1)


# -- fiscal receipts ----------------------------------------------------------------------


def test_fiscal_failure_after_saving_keeps_the_saved_document(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    fake.fail("SuDokument.Drukuj", com_error(0x80004005, "Drukarka fiskalna nie odpowiada."))
    with pytest.raises(FiscalError) as caught:
        writer.realize(EXPECTATION, "PAi")
    error = caught.value
    assert error.retryable is False
    assert error.document.number == "PAi 1/2026" and error.document.fiscal_status == 0
    assert "PAi 1/2026" in error.message and "Drukarka fiskalna" in error.message
    assert fake.names(1)[-1] == "SuDokument.Zamknij"


def test_fiscal_receipt_needs_a_configured_printer(make_writer: Any, fake: FakeSfera) -> None:
    writer = make_writer(fiscal_printer_id=None)
    with pytest.raises(WriterError) as caught:
        writer.realize(EXPECTATION, "PA")
    assert caught.value.code == "no_fiscal_printer"
    assert fake.calls == []  # nothing was started
    assert writer.realize(EXPECTATION, "FS").kind == "FS"  # an FS needs no printer


# -- idempotency (checked by SQL before any COM call) -------------------------------------


def existing(kind: DocumentKind, number: str) -> RealizedDocument:
    return RealizedDocument(77, kind, number, ZK_ID, Decimal("50.0000"), adopted=True)


def test_an_existing_document_of_the_same_kind_is_adopted_without_sfera(
    writer: SferaWriter, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    lookup.documents[ZK_ID].append(existing("FS", "FS 7/11/2026"))
    document = writer.realize(EXPECTATION, "FS")
    assert document.adopted and document.number == "FS 7/11/2026"
    assert writer.find_realization(ZK_ID) == document
    assert fake.calls == []


def test_another_kind_already_made_is_refused(
    writer: SferaWriter, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    lookup.documents[ZK_ID].append(existing("FS", "FS 7/11/2026"))
    with pytest.raises(ZkRealizedElsewhere) as caught:
        writer.realize(EXPECTATION, "WZ")
    assert "FS 7/11/2026" in caught.value.message
    assert caught.value.retryable is False
    assert fake.calls == []


def test_a_changed_or_deleted_zk_is_reported_not_overwritten(
    writer: SferaWriter, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    state = lookup.states[ZK_ID]
    lookup.states[ZK_ID] = replace(
        state, lines=(replace(state.lines[0], quantity=Decimal(3)), *state.lines[1:])
    )
    with pytest.raises(ZkChanged) as caught:
        writer.realize(EXPECTATION, "FS")
    assert "KAW-0001" in caught.value.message and "2 → 3" in caught.value.message
    del lookup.states[ZK_ID]
    with pytest.raises(ZkMissing):
        writer.realize(EXPECTATION, "FS")
    assert fake.calls == []


# -- timeouts -----------------------------------------------------------------------------


def test_a_hung_call_times_out_recycles_the_session_and_the_next_request_works(
    make_writer: Any, fake: FakeSfera
) -> None:
    writer = make_writer(call_timeout=0.3, in_doubt_wait=0.2)
    writer.warm_up()
    entered = fake.hang("SuDokument.Zapisz")
    with pytest.raises(WriterUnavailable) as caught:
        writer.realize(EXPECTATION, "FS")
    assert entered.is_set()
    assert caught.value.in_doubt is True and caught.value.retryable is True
    assert "re-check" in caught.value.message or "sprawdzi" in caught.value.message
    old_thread = writer.abandoned_threads[0]

    # The fence: while the abandoned call may still save, nothing is realized again.
    with pytest.raises(WriterUnavailable) as fenced:
        writer.realize(EXPECTATION, "FS")
    assert fenced.value.in_doubt and fenced.value.code == "in_doubt_pending"
    assert fake.sessions == 1

    # When the hung call returns, the abandoned thread closes its document and session.
    fake.release()
    assert old_thread.join(5.0)
    assert fake.sequence(1)[-3:] == [
        ("get", "SuDokument.WartoscBrutto"),
        ("call", "SuDokument.Zamknij"),
        ("call", "Subiekt.Zakoncz"),
    ]
    # (This lookup does not see the late save; SQL would, and it would be adopted.)
    document = writer.realize(EXPECTATION, "FS")  # a new session on a new thread
    assert fake.sessions == 2
    assert document.number == "FS 2/2026"
    assert fake.sequence(2) == SESSION_START + realization("FS")
    first_threads = {c.thread for c in fake.calls if c.session == 1}
    second_threads = {c.thread for c in fake.calls if c.session == 2}
    assert len(first_threads) == len(second_threads) == 1
    # (A new ComThread: the old one had ended — so its ident may be reused.)
    assert writer._thread is not None and writer._thread is not old_thread


def test_after_an_in_doubt_timeout_the_saved_document_is_adopted_not_made_again(
    make_writer: Any, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    fake.on_save = lookup.saved
    writer = make_writer(call_timeout=0.3)
    writer.warm_up()
    fake.hang("SuDokument.Zapisz", after=True)  # saved in Subiekt, then no answer
    with pytest.raises(WriterUnavailable) as caught:
        writer.realize(EXPECTATION, "PAi")
    assert caught.value.in_doubt

    found = writer.find_realization(ZK_ID)
    assert found is not None and found.number == "PAi 1/2026"
    again = writer.realize(EXPECTATION, "PAi")
    assert again.adopted and again.id == found.id
    assert fake.names().count("SuDokumentyManager.DodajPAi") == 1


def test_a_request_queued_behind_a_hung_one_is_not_in_doubt(
    make_writer: Any, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    writer = make_writer(call_timeout=0.5)
    writer.warm_up()
    lookup.states[502] = replace(lookup.states[ZK_ID], zk_id=502)
    entered = fake.hang("SuDokument.Zapisz")
    outcome: dict[str, BaseException] = {}

    def first() -> None:
        try:
            writer.realize(EXPECTATION, "FS")
        except BaseException as error:
            outcome["first"] = error

    hung = threading.Thread(target=first)
    hung.start()
    assert entered.wait(5.0)
    # Queued behind the hung request; withdrawn when the hung one times out.
    with pytest.raises(WriterUnavailable) as caught:
        writer.realize(replace(EXPECTATION, zk_id=502), "FS")
    hung.join()
    assert caught.value.in_doubt is False
    first_error = outcome["first"]
    assert isinstance(first_error, WriterUnavailable) and first_error.in_doubt
    assert fake.names(1).count("SuDokumentyManager.DodajFS") == 1


def test_a_hung_start_is_not_in_doubt(make_writer: Any, fake: FakeSfera) -> None:
    writer = make_writer(call_timeout=0.5, start_timeout=0.5)
    fake.hang("GT.Uruchom")
    with pytest.raises(WriterUnavailable) as caught:
        writer.realize(EXPECTATION, "FS")
    assert caught.value.in_doubt is False
    fake.release()
    assert writer.abandoned_threads[0].join(5.0)
    # The abandoned thread opened its session late, but never ran the realization.
    assert "SuDokumentyManager.DodajFS" not in fake.names(1)
    assert fake.names(1)[-1] == "Subiekt.Zakoncz"
    assert writer.realize(EXPECTATION, "FS").number == "FS 1/2026"


# -- PDF, closing, pywin32 -------------------------------------------------------------------


def test_pdf_is_subiekts_own_print_to_a_temporary_file(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    pdf = writer.document_pdf(1234)
    assert pdf is not None and pdf.startswith(b"%PDF") and b"document 1234" in pdf
    calls = fake.sequence(1)[len(SESSION_START) :]
    assert calls[:2] == [
        ("get", "Subiekt.SuDokumentyManager"),
        ("call", "SuDokumentyManager.WczytajDokument", 1234),
    ]
    kind, name, path, file_type = calls[2]
    assert (kind, name, file_type) == ("call", "SuDokument.DrukujDoPliku", 0)
    assert path.endswith(".pdf") and not Path(path).exists()  # temporary, removed
    assert calls[3:] == [("call", "SuDokument.Zamknij")]


def test_requests_after_close_are_refused(writer: SferaWriter, fake: FakeSfera) -> None:
    writer.warm_up()
    writer.close()
    assert fake.sequence(1)[-1] == ("call", "Subiekt.Zakoncz")
    with pytest.raises(WriterUnavailable):
        writer.realize(EXPECTATION, "FS")


def test_without_pywin32_sfera_is_unavailable_with_a_clear_message(
    lookup: MemoryLookup,
) -> None:
    writer = SferaWriter(SETTINGS, lookup, language="en")
    try:
        with pytest.raises(WriterUnavailable) as caught:
            writer.realize(EXPECTATION, "FS")
        assert "Sfera needs Windows with pywin32" in caught.value.message
        with pytest.raises(WriterUnavailable):
            writer.warm_up()
    finally:
        writer.close()


def test_the_simulator_can_be_the_lookup_behind_sfera(
    subiekt_db: DemoSummary, fake: FakeSfera
) -> None:
    """The SQL reads the writer relies on, on the demo database: the demo's historical
    realization is adopted and an open ZK goes to Sfera."""
    simulator = SubiektSimulator(subiekt_db.path)
    writer = SferaWriter(SETTINGS, simulator, runtime_factory=fake.runtime)
    try:
        ex = subiekt_db.examples
        realized = writer.find_realization(ex.realized_zk_to_fs)
        assert realized is not None and realized.id == ex.fs_from_zk and realized.kind == "FS"
        state = simulator.zk_state(ex.zk_remark_invoice)
        assert state is not None
        expectation = ZkExpectation(
            state.zk_id, state.number, tuple((line.id, line.quantity) for line in state.lines)
        )
        document = writer.realize(expectation, "FS")
        assert not document.adopted
        assert ("call", "SuDokument.NaPodstawie", ex.zk_remark_invoice) in fake.sequence(1)
    finally:
        writer.close()


def test_sfera_writer_is_a_document_writer(writer: SferaWriter) -> None:
    as_protocol: DocumentWriter = writer
    assert as_protocol.find_realization(999) is None


def test_wz_left_without_lines_gets_the_zks_goods_lines(
    writer: SferaWriter, fake: FakeSfera
) -> None:
    fake.empty_wz = True
    writer.realize(EXPECTATION, "WZ")
    calls = fake.sequence(1)
    start = calls.index(("get", "Pozycje.Liczba"))
    assert calls[start + 1 : start + 10] == [
        ("get", "SuDokument.Pozycje"),
        ("call", "Pozycje.Dodaj", 95),
        ("set", "SuPozycja.Jm", "szt."),
        ("set", "SuPozycja.IloscJm", 2.0),
        ("get", "SuDokument.Pozycje"),
        ("call", "Pozycje.Dodaj", 96),
        ("set", "SuPozycja.Jm", "opak."),
        ("set", "SuPozycja.IloscJm", 1.0),
        ("call", "SuDokument.ZapiszSymulacja"),
    ]
