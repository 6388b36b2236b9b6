"""The Sfera writer behaves the way public Sfera GT bridges learned Sfera behaves in production.

Each test drives the recording fake (:mod:`tests.finalize.fake_sfera`) in one of the ways
those bridges report (docs/subiekt-writer.md, "Confirmed by public code / unverified on a
live Subiekt"): a session that dies in-process, a password Sfera only takes encrypted, a
warehouse document that refuses gross pricing, a lock left by our own call, a modal dialog,
a KSeF refusal, a number the COM object gets wrong, COM objects freed off their thread.
"""

from __future__ import annotations

import gc
import sys
import threading
import types
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from kolektor.finalize.sfera import (
    KsefRejected,
    Pywin32Runtime,
    SferaLoginError,
    SferaNotRegistered,
    SferaWriter,
    SubiektDialog,
    python_bits,
)
from kolektor.finalize.writer import LicenceError, SubiektLocked, WriterError, WriterUnavailable
from tests.finalize.fake_sfera import FakeSfera, com_error
from tests.finalize.test_writer_sfera import (
    EXPECTATION,
    SESSION_START,
    SETTINGS,
    ZK_ID,
    MemoryLookup,
    realization,
)

KSEF_QUESTION = (
    "Istnieją dokumenty niewysłane do Krajowym Systemie e-Faktur (KSeF). "
    "Czy chcesz przejść do listy dokumentów niewysłanych?"
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
def build(fake: FakeSfera, lookup: MemoryLookup) -> Iterator[Any]:
    made: list[SferaWriter] = []

    def make(*, detector: bool = False, **changes: Any) -> SferaWriter:
        language = changes.pop("language", "pl")
        writer = SferaWriter(
            replace(SETTINGS, **changes),
            lookup,
            runtime_factory=fake.runtime,
            language=language,
            dialog_detector=fake.detector() if detector else None,
        )
        made.append(writer)
        return writer

    yield make
    fake.release()
    for writer in made:
        writer.close()


# -- lost sessions: the probe before each write --------------------------------------------


@pytest.mark.parametrize("how", ["attribute", "rpc"])
def test_a_session_that_died_is_found_by_the_probe_and_replaced(
    build: Any, fake: FakeSfera, how: str
) -> None:
    writer = build()
    writer.warm_up()
    fake.lose(1, how)  # in-process InsERT.GT: AttributeError rather than an RPC code

    document = writer.realize(EXPECTATION, "FS")

    assert document.number == "FS 1/2026" and fake.sessions == 2
    assert fake.names(1)[len(SESSION_START) :] == ["Subiekt.SuDokumentyManager", "Subiekt.Zakoncz"]
    assert fake.sequence(2) == SESSION_START + realization("FS")


def test_a_session_failing_its_probe_again_and_again_asks_for_a_restart(
    build: Any, fake: FakeSfera
) -> None:
    writer = build(session_retries=2)
    fake.fail("Subiekt.SuDokumentyManager", AttributeError("Uruchom.SuDokumentyManager"), 10)

    with pytest.raises(WriterUnavailable) as caught:
        writer.realize(EXPECTATION, "FS")

    error = caught.value
    assert error.code == "restart_needed" and error.retryable and not error.in_doubt
    assert "restart" in error.message and "Subiekt" in error.message
    assert fake.sessions == 3  # the first session and two recycled ones
    assert "SuDokumentyManager.DodajFS" not in fake.names()  # nothing was written
    assert fake.names().count("Subiekt.Zakoncz") == 3


# -- passwords -------------------------------------------------------------------------------


def test_passwords_can_go_through_insert_dodatki_szyfruj(build: Any, fake: FakeSfera) -> None:
    fake.hex_password_pitfall = True
    writer = build(encrypt_passwords=True, sql_password="a7-sql", operator_password="b8-op")

    assert writer.realize(EXPECTATION, "FS").number == "FS 1/2026"

    runtime = fake.sequence(runtime=True)
    assert ("call", "win32com.client.Dispatch", "InsERT.Dodatki") in runtime
    assert runtime.count(("call", "Dodatki.Szyfruj", "***")) == 2
    sets = {name: args[0] for kind, name, *args in fake.sequence(1) if kind == "set"}
    assert sets["GT.UzytkownikHaslo"] in fake.encrypted
    assert fake.encrypted[sets["GT.UzytkownikHaslo"]] == "a7-sql"
    assert fake.encrypted[sets["GT.OperatorHaslo"]] == "b8-op"


def test_a_refused_sql_login_is_a_configuration_error_that_says_what_to_fix(
    build: Any, fake: FakeSfera
) -> None:
    fake.hex_password_pitfall = True
    writer = build(sql_password="a7-sql")  # starts with a hex digit, passed in plain text

    with pytest.raises(SferaLoginError) as caught:
        writer.realize(EXPECTATION, "FS")

    error = caught.value
    assert (error.code, error.retryable, error.hresult) == ("sfera_login", False, 0x80041329)
    for words in ("sql_password", "encrypt_passwords", "„sa”", "g–z"):
        assert words in error.message
    assert "a7-sql" not in error.message


# -- the document's header -------------------------------------------------------------------


def test_a_wz_is_not_priced_gross_and_saves(build: Any, fake: FakeSfera) -> None:
    """The fake refuses ``Zapisz`` of a WZ with ``LiczonyOdCenBrutto`` (as S11 measured on
    a warehouse document); the writer never sets it there."""
    document = build().realize(EXPECTATION, "WZ")
    assert document.kind == "WZ"
    assert ("set", "SuDokument.LiczonyOdCenBrutto", True) not in fake.sequence(1)


def test_rezerwacja_is_skipped_where_the_document_has_none(build: Any, fake: FakeSfera) -> None:
    fake.no_reservation = {"PA"}
    document = build().realize(EXPECTATION, "PA", fiscal=False)
    assert document.number == "PA 1/2026"
    assert ("set", "SuDokument.Rezerwacja", False) not in fake.sequence(1)
    assert "SuDokument.Zapisz" in fake.names(1)


def test_the_invoice_form_is_set_on_an_fs_only(build: Any, fake: FakeSfera) -> None:
    writer = build(invoice_form=1)
    writer.realize(EXPECTATION, "FS")
    calls = fake.sequence(1)
    at = calls.index(("set", "SuDokument.FormaDokumentu", 1))
    assert calls[at - 1] == ("set", "SuDokument.Rezerwacja", False)
    assert calls[at + 1] == ("call", "SuDokument.ZapiszSymulacja")


def test_no_invoice_form_on_a_receipt(build: Any, fake: FakeSfera) -> None:
    build(invoice_form=1).realize(EXPECTATION, "PAi")
    assert "SuDokument.FormaDokumentu" not in fake.names(1)


def test_the_sessions_warehouse_follows_each_zk(
    build: Any, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    base = lookup.states[ZK_ID]
    for zk_id, warehouse in ((502, 2), (503, 2), (504, 1)):
        lookup.states[zk_id] = replace(base, zk_id=zk_id, warehouse_id=warehouse)
    writer = build()
    for zk_id in (ZK_ID, 502, 503, 504):
        writer.realize(replace(EXPECTATION, zk_id=zk_id), "FS")

    sets = [c for c in fake.sequence(1) if c[1] == "Subiekt.MagazynId"]
    assert sets == [("set", "Subiekt.MagazynId", 1), ("set", "Subiekt.MagazynId", 2),
                    ("set", "Subiekt.MagazynId", 1)]  # fmt: skip
    calls = fake.sequence(1)
    second = calls.index(("set", "Subiekt.MagazynId", 2))
    assert calls[second - 1] == ("get", "Subiekt.SuDokumentyManager")
    assert calls[second + 1] == ("call", "SuDokumentyManager.DodajFS")


def test_the_warehouse_can_stay_the_settings_one(
    build: Any, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    lookup.states[ZK_ID] = replace(lookup.states[ZK_ID], warehouse_id=2)
    build(warehouse_from_zk=False).realize(EXPECTATION, "FS")
    assert fake.sequence(1) == SESSION_START + realization("FS")


# -- starting ----------------------------------------------------------------------------------


def test_a_start_failing_half_way_ends_its_instance_and_0x8004132b_is_then_retried(
    build: Any, fake: FakeSfera
) -> None:
    writer = build(start_retries=2)
    fake.fail("Subiekt.MagazynId", com_error(0x80004005, "Nie ma magazynu o tym numerze."))
    with pytest.raises(WriterError):
        writer.realize(EXPECTATION, "FS")
    assert fake.sequence(1)[-1] == ("call", "Subiekt.Zakoncz")  # no leaked background Subiekt

    fake.fail("GT.Uruchom", com_error(0x8004132B, "Nie udało się uruchomić Subiekta."), 3)
    for attempt in (1, 2):
        with pytest.raises(LicenceError) as caught:
            writer.realize(EXPECTATION, "FS")
        assert caught.value.retryable is True
        assert f"próba {attempt} z 2" in caught.value.message
    with pytest.raises(LicenceError) as final:
        writer.realize(EXPECTATION, "FS")
    assert final.value.retryable is False  # the cap: now it is the licence / operator
    assert writer.realize(EXPECTATION, "FS").number == "FS 1/2026"


def test_python_of_the_wrong_bitness_is_named(build: Any, fake: FakeSfera) -> None:
    fake.unregistered = True
    with pytest.raises(SferaNotRegistered) as caught:
        build().realize(EXPECTATION, "FS")
    error = caught.value
    assert (error.code, error.retryable) == ("sfera_not_registered", False)
    assert f"{python_bits()}-bitowym" in error.message and "32-bitowy" in error.message


def test_dynamic_dispatch_is_pure_late_binding(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, str]] = []

    def module(name: str) -> types.ModuleType:
        fake_module = types.ModuleType(name)
        fake_module.Dispatch = lambda prog_id: made.append((name, prog_id))  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, name, fake_module)
        return fake_module

    for name in ("pythoncom", "win32com", "win32com.client", "win32com.client.dynamic"):
        module(name)
    Pywin32Runtime().dispatch("InsERT.GT")
    Pywin32Runtime(dynamic=True).dispatch("InsERT.GT")
    assert made == [("win32com.client", "InsERT.GT"), ("win32com.client.dynamic", "InsERT.GT")]


# -- locks -------------------------------------------------------------------------------------


def test_a_lock_held_by_another_session_reads_as_another_user(build: Any, fake: FakeSfera) -> None:
    other, writer = build(call_timeout=5.0), build()
    entered = fake.hang("SuDokument.ZapiszSymulacja")  # the other one holds the ZK
    holder = threading.Thread(target=lambda: other.realize(EXPECTATION, "FS"))
    holder.start()
    assert entered.wait(5.0)
    try:
        with pytest.raises(SubiektLocked) as caught:
            writer.realize(EXPECTATION, "FS")
    finally:
        fake.release()
        holder.join()
    assert caught.value.code == "subiekt_locked" and caught.value.retryable
    assert "innego użytkownika" in caught.value.message


def test_a_lock_left_by_our_own_abandoned_call_is_told_apart(build: Any, fake: FakeSfera) -> None:
    other, writer = build(call_timeout=5.0), build()
    writer.abandoned_call_alive = lambda: True  # type: ignore[attr-defined]  # the fence's hook
    entered = fake.hang("SuDokument.ZapiszSymulacja")
    holder = threading.Thread(target=lambda: other.realize(EXPECTATION, "FS"))
    holder.start()
    assert entered.wait(5.0)
    try:
        with pytest.raises(SubiektLocked) as caught:
            writer.realize(EXPECTATION, "FS")
    finally:
        fake.release()
        holder.join()
    assert caught.value.code == "subiekt_locked_own" and caught.value.retryable
    assert "poprzednia" in caught.value.message and "innego" not in caught.value.message
    # Its Zamknij released the lock: the ZK can be realized (here: a second document,
    # since this test's lookup does not see the first).
    assert writer.realize(EXPECTATION, "FS").kind == "FS"


# -- dialogs -----------------------------------------------------------------------------------


def test_a_ksef_dialog_on_save_is_named_instead_of_a_bare_timeout(
    build: Any, fake: FakeSfera
) -> None:
    # A long call timeout: the writer must not wait it out once a dialog nobody will answer
    # blocks the call (two looks at the screen), and must say it stopped waiting.
    writer = build(detector=True, call_timeout=30.0, dialog_poll=0.05)
    writer.warm_up()
    dialog = fake.dialog_on("SuDokument.Zapisz", KSEF_QUESTION, buttons=("Tak", "Nie"))

    with pytest.raises(SubiektDialog) as caught:
        writer.realize(EXPECTATION, "FS")

    error = caught.value
    assert error.code == "subiekt_dialog" and error.retryable and error.in_doubt
    assert "Krajowym Systemie e-Faktur" in error.message and "KSeF" in error.message
    assert "dismiss_dialogs" in error.message
    assert error.detail is not None and "przestano czekać po" in error.detail
    assert dialog.pressed is None  # never clicked without dismiss_dialogs


def test_a_known_harmless_dialog_is_answered_when_allowed(build: Any, fake: FakeSfera) -> None:
    writer = build(detector=True, call_timeout=5.0, dialog_poll=0.05, dismiss_dialogs=True)
    dialog = fake.dialog_on("SuDokument.Zapisz", KSEF_QUESTION, buttons=("Tak", "Nie"))

    document = writer.realize(EXPECTATION, "FS")

    assert document.number == "FS 1/2026"
    assert dialog.pressed == "Nie"


def test_the_trial_notice_at_start_is_named(build: Any, fake: FakeSfera) -> None:
    writer = build(detector=True, call_timeout=0.3, start_timeout=0.3, dialog_poll=0.05,
                   language="en")  # fmt: skip
    fake.dialog_on("GT.Uruchom", "UWAGA! Wersja próbna.", title="Subiekt GT")
    with pytest.raises(SubiektDialog) as caught:
        writer.warm_up()
    assert "trial" in caught.value.message and not caught.value.in_doubt


def test_an_unknown_dialog_is_reported_never_clicked(build: Any, fake: FakeSfera) -> None:
    writer = build(detector=True, call_timeout=0.6, dialog_poll=0.05, dismiss_dialogs=True)
    dialog = fake.dialog_on("SuDokument.Zapisz", "Czy usunąć wszystkie dokumenty?",
                            buttons=("Tak", "Nie"))  # fmt: skip
    with pytest.raises(SubiektDialog) as caught:
        writer.realize(EXPECTATION, "FS")
    assert "Czy usunąć wszystkie dokumenty?" in caught.value.message
    assert "nie zna tego okna" in caught.value.message
    assert dialog.pressed is None


# -- KSeF, the number, COM objects -----------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        com_error(0x80041A54, "Błąd podczas generowania e-Faktury."),
        com_error(0x80004005, "Dokument nie spełnia wymagań KSeF: brak NIP nabywcy."),
    ],
)
def test_a_ksef_refusal_on_save_has_its_own_code(
    build: Any, fake: FakeSfera, error: Exception
) -> None:
    fake.fail("SuDokument.Zapisz", error)
    with pytest.raises(KsefRejected) as caught:
        build().realize(EXPECTATION, "FS")
    assert (caught.value.code, caught.value.retryable) == ("ksef_rejected", False)
    assert "KSeF" in caught.value.message and "NIP" in caught.value.message


def test_the_number_is_read_back_by_sql_not_trusted_from_the_com_object(
    build: Any, fake: FakeSfera, lookup: MemoryLookup
) -> None:
    fake.on_save = lookup.saved  # the database has FS 1/2026
    fake.com_number = "Faktura VAT"  # what the object answers (S12)
    document = build().realize(EXPECTATION, "FS")
    assert document.number == "FS 1/2026"


def test_without_the_row_in_sql_the_com_number_stays(build: Any, fake: FakeSfera) -> None:
    fake.com_number = "FS 9/2026"
    assert build().realize(EXPECTATION, "FS").number == "FS 9/2026"


def test_com_objects_are_released_on_the_com_thread_even_after_a_failure(
    build: Any, fake: FakeSfera
) -> None:
    writer = build()
    fake.fail("SuDokument.Zapisz", com_error(0x80004005, "Nie można zapisać dokumentu."))
    with pytest.raises(WriterError) as caught:
        writer.realize(EXPECTATION, "FS")
    writer.realize(EXPECTATION, "PA", fiscal=False)
    gc.collect()

    assert caught.value.__cause__ is not None  # the COM error is kept, its locals are not
    released = [thread for name, thread in fake.released if name == "SuDokument"]
    assert len(released) == 2
    assert threading.get_ident() not in released
