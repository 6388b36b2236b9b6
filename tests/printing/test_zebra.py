"""Printing on a Zebra over TCP, against the fake Zebra on a real loopback socket.

The host status is asked first; any problem refuses the print before a label is sent,
with a Polish sentence that names the printer and says what to do.  Labels go in order on
one connection; a broken connection is an error the caller can retry."""

from __future__ import annotations

import contextlib
import socket

import pytest
import trio
import trio.testing

from kolektor._core import ZplLabel, decode_graphics
from kolektor.fakes.zebra import FakeZebra, running_zebra
from kolektor.printing.errors import PrinterError
from kolektor.printing.target import PrinterTarget
from kolektor.printing.zebra import host_status, print_zpl

LABEL_1 = b"^XA^CI28^FO40,40^A0N,36,36^FDPaczka 1/2 ZK 18/2026 \xc5\x81\xc3\xb3d\xc5\xba^FS^XZ"
LABEL_2 = b"^XA^CI28^FO40,40^A0N,36,36^FDPaczka 2/2 ZK 18/2026^FS^XZ"


def station(fake: FakeZebra) -> PrinterTarget:
    return PrinterTarget(name="Pakowanie 1", kind="zebra", address=fake.address)


@pytest.fixture
def clock() -> trio.testing.MockClock:
    """Virtual time for the tests that wait for a silent or slow printer: it jumps ahead
    once every task has been idle for a moment."""
    return trio.testing.MockClock(autojump_threshold=0.2)


async def test_labels_print_in_order_on_one_connection_after_the_status() -> None:
    async with running_zebra() as fake:
        receipt = await print_zpl(station(fake), [LABEL_1, LABEL_2.decode()], timeout=10)
        await fake.wait_finished(1)
    assert [label.zpl for label in fake.labels] == [LABEL_1, LABEL_2]
    assert [label.connection for label in fake.labels] == [1, 1]
    assert fake.received[1] == b"~HS" + LABEL_1 + LABEL_2
    assert receipt.labels == 2
    assert receipt.bytes_sent == len(LABEL_1 + LABEL_2)
    assert receipt.delivered
    assert receipt.status is not None
    assert receipt.status.ready


async def test_an_image_label_arrives_dot_for_dot() -> None:
    width, height = 64, 40
    image = bytes(
        0 if (x // 8 + y // 8) % 2 == 0 else 255 for y in range(height) for x in range(width)
    )
    label = ZplLabel(101.6, 152.4)
    label.graphic(10, 10, image, width, height)
    async with running_zebra() as fake:
        await print_zpl(station(fake), [label.zpl()], timeout=10)
    [field] = decode_graphics(fake.labels[0].zpl.decode())
    assert (field.width, field.height) == (width, height)
    for y in range(height):
        for x in range(width):
            assert field.pixel(x, y) is ((x // 8 + y // 8) % 2 == 0), (x, y)


async def test_host_status_reports_the_printers_flags() -> None:
    async with running_zebra(FakeZebra(state="paused")) as fake:
        status = await host_status("127.0.0.1", fake.port, timeout=10)
    assert status.paused
    assert status.problems() == ("paused",)
    assert status.label_length_dots == 1218


@pytest.mark.parametrize(
    ("state", "code", "advice"),
    [
        ("paper_out", "paper_out", "brak etykiet — załóż nową rolkę i naciśnij FEED."),
        ("head_open", "head_open", "otwarta głowica — zamknij ją"),
        ("paused", "paused", "drukarka jest wstrzymana — naciśnij PAUSE"),
        ("ribbon_out", "ribbon_out", "brak taśmy barwiącej — załóż nową taśmę"),
        ("buffer_full", "buffer_full", "pamięć drukarki jest pełna — poczekaj"),
        ("over_temperature", "temperature", "przegrzana głowica — odczekaj"),
        ("under_temperature", "temperature", "za zimna głowica — poczekaj"),
        ("corrupt_ram", "corrupt_ram", "straciła swoje ustawienia"),
        ("diagnostic_mode", "diagnostic_mode", "w trybie diagnostycznym"),
    ],
)
async def test_a_printer_problem_refuses_the_print_before_sending(
    state: str, code: str, advice: str
) -> None:
    async with running_zebra(FakeZebra(state=state)) as fake:
        with pytest.raises(PrinterError) as caught:
            await print_zpl(station(fake), [LABEL_1, LABEL_2], timeout=10)
        await fake.wait_finished(1)
    error = caught.value
    assert error.code == code
    assert error.retryable
    assert error.problems == (state,)
    assert error.message("pl").startswith(f"Drukarka „Pakowanie 1” ({fake.address}): ")
    assert advice in error.message("pl")
    assert fake.received[1] == b"~HS"
    assert fake.labels == []
    assert fake.partial == []


async def test_the_message_is_also_in_english() -> None:
    async with running_zebra(FakeZebra(state="paper_out")) as fake:
        with pytest.raises(PrinterError) as caught:
            await print_zpl(station(fake), [LABEL_1], timeout=10)
    assert caught.value.message("en") == (
        f"Printer “Pakowanie 1” ({fake.address}): out of labels — load a new roll and press FEED."
    )


async def test_without_the_check_labels_go_even_to_a_printer_out_of_paper() -> None:
    async with running_zebra(FakeZebra(state="paper_out")) as fake:
        receipt = await print_zpl(station(fake), [LABEL_1], timeout=10, check=False)
    assert fake.status_requests == 0
    assert [label.zpl for label in fake.labels] == [LABEL_1]
    assert receipt.status is None


async def test_a_silent_printer_is_an_error_not_a_blind_print(
    clock: trio.testing.MockClock,
) -> None:
    async with running_zebra(FakeZebra(state="silent")) as fake:
        start = trio.current_time()
        with pytest.raises(PrinterError) as caught:
            await print_zpl(station(fake), [LABEL_1], timeout=5)
        waited = trio.current_time() - start
        await fake.wait_finished(1)
    assert caught.value.code == "no_answer"
    assert caught.value.retryable
    assert "nie odpowiada na pytanie o stan — sprawdź papier, głowicę i kabel" in (
        caught.value.message("pl")
    )
    assert waited == pytest.approx(5, abs=0.5)  # virtual seconds: it waited its timeout
    assert fake.received[1] == b"~HS"
    assert fake.labels == []


async def test_a_slow_answer_within_the_timeout_prints(clock: trio.testing.MockClock) -> None:
    async with running_zebra(FakeZebra(state="slow", slow_seconds=3)) as fake:
        receipt = await print_zpl(station(fake), [LABEL_1], timeout=5)
    assert receipt.status is not None
    assert [label.zpl for label in fake.labels] == [LABEL_1]


async def test_a_slow_answer_past_the_timeout_is_no_answer(
    clock: trio.testing.MockClock,
) -> None:
    async with running_zebra(FakeZebra(state="slow", slow_seconds=3)) as fake:
        with pytest.raises(PrinterError) as caught:
            await print_zpl(station(fake), [LABEL_1], timeout=2)
        await fake.wait_finished(1)
    assert caught.value.code == "no_answer"
    assert fake.labels == []


async def test_a_garbled_status_is_a_bad_answer(clock: trio.testing.MockClock) -> None:
    async with running_zebra(FakeZebra(state="garbled")) as fake:
        with pytest.raises(PrinterError) as caught:
            await print_zpl(station(fake), [LABEL_1], timeout=10)
        await fake.wait_finished(1)
    assert caught.value.code == "bad_answer"
    assert "odpowiedziała o swoim stanie niezrozumiale (1 wiersz zamiast 3)" in (
        caught.value.message("pl")
    )
    assert fake.labels == []


async def test_a_device_that_hangs_up_on_the_status_request_is_named() -> None:
    async def hangs_up(task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED) -> None:
        listeners = await trio.open_tcp_listeners(0, host="127.0.0.1")
        task_status.started(listeners[0].socket.getsockname()[1])
        stream = await listeners[0].accept()
        await stream.receive_some(3)
        await stream.aclose()

    async with trio.open_nursery() as nursery:
        port = await nursery.start(hangs_up)
        printer = PrinterTarget(name="Pakowanie 6", kind="zebra", address=f"127.0.0.1:{port}")
        with pytest.raises(PrinterError) as caught:
            await print_zpl(printer, [LABEL_1], timeout=10)
    assert caught.value.code == "connection_lost"
    assert "rozłączyła się bez odpowiedzi o stan" in caught.value.message("pl")


async def test_nothing_listening_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    printer = PrinterTarget(name="Pakowanie 2", kind="zebra", address=f"127.0.0.1:{port}")
    with pytest.raises(PrinterError) as caught:
        await print_zpl(printer, [LABEL_1], timeout=10)
    assert caught.value.code == "unreachable"
    assert caught.value.retryable
    assert caught.value.message("pl") == (
        f"Drukarka „Pakowanie 2” (127.0.0.1:{port}) nie przyjmuje połączeń — włącz ją i "
        "sprawdź adres IP oraz port (zwykle 9100)."
    )


async def test_a_connection_that_is_never_accepted_times_out(
    clock: trio.testing.MockClock,
) -> None:
    # A listener whose accept queue is full: the kernel drops further connection attempts,
    # as a printer that is off (or an address nobody has) never answers them.
    with socket.socket() as full, socket.socket() as first:
        full.bind(("127.0.0.1", 0))
        full.listen(0)
        first.connect(full.getsockname())
        with socket.socket() as second:
            second.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                second.connect(full.getsockname())
            printer = PrinterTarget(
                name="Pakowanie 3", kind="zebra", address=f"127.0.0.1:{full.getsockname()[1]}"
            )
            with pytest.raises(PrinterError) as caught:
                await print_zpl(printer, [LABEL_1], timeout=5)
    assert caught.value.code == "timeout"
    assert "nie odpowiada — sprawdź, czy jest włączona i podłączona do sieci" in (
        caught.value.message("pl")
    )


async def test_a_printer_that_stops_reading_times_out(clock: trio.testing.MockClock) -> None:
    ready = FakeZebra().host_status_answer()

    async def stalled(task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED) -> None:
        listeners = await trio.open_tcp_listeners(0, host="127.0.0.1")
        task_status.started(listeners[0].socket.getsockname()[1])
        stream = await listeners[0].accept()
        assert await stream.receive_some(3) == b"~HS"
        await stream.send_all(ready)
        await trio.sleep_forever()  # and never read again

    huge = b"^XA^FD" + b"x" * 32_000_000 + b"^FS^XZ"
    async with trio.open_nursery() as nursery:
        port = await nursery.start(stalled)
        printer = PrinterTarget(name="Pakowanie 4", kind="zebra", address=f"127.0.0.1:{port}")
        with pytest.raises(PrinterError) as caught:
            await print_zpl(printer, [huge], timeout=5)
        nursery.cancel_scope.cancel()
    assert caught.value.code == "timeout"
    assert "przestała przyjmować dane" in caught.value.message("pl")


async def test_a_connection_dropped_mid_label_is_an_error_and_a_retry_prints() -> None:
    async with running_zebra() as fake:
        fake.drop_next(after_bytes=len(b"~HS") + 40)
        with pytest.raises(PrinterError) as caught:
            await print_zpl(station(fake), [LABEL_1, LABEL_2], timeout=10)
        await fake.wait_finished(1)
        assert caught.value.code == "connection_lost"
        assert caught.value.retryable
        assert "zerwało się w trakcie wysyłania" in caught.value.message("pl")
        # The printer holds the start of the first label only, never as a label.
        assert fake.labels == []
        assert fake.partial == [(1, LABEL_1[:40])]

        receipt = await print_zpl(station(fake), [LABEL_1, LABEL_2], timeout=10)
    assert receipt.delivered
    assert [(label.zpl, label.connection) for label in fake.labels] == [
        (LABEL_1, 2),
        (LABEL_2, 2),
    ]


async def test_a_bad_label_refuses_the_whole_batch_before_connecting() -> None:
    async with running_zebra() as fake:
        with pytest.raises(PrinterError) as caught:
            await print_zpl(station(fake), [LABEL_1, b"%PDF-1.4\n..."], timeout=10)
    assert caught.value.code == "invalid_label"
    assert not caught.value.retryable
    assert caught.value.params["index"] == 2
    assert caught.value.message("pl") == (
        "Drukarka „Pakowanie 1”: nic nie wysłano, bo etykieta 2 to plik PDF, a drukarka "
        "potrzebuje ZPL."
    )
    assert fake.connections == 0


@pytest.mark.parametrize(
    ("address", "polish"),
    [
        ("127.0.0.1:99999", "port w adresie „127.0.0.1:99999” musi być liczbą od 1 do 65535"),
        ("drukarka w biurze", "„drukarka w biurze” nie jest adresem drukarki"),
        ("", "„” nie jest adresem drukarki"),
    ],
)
async def test_an_address_that_cannot_be_a_printers_is_refused(address: str, polish: str) -> None:
    printer = PrinterTarget(name="Pakowanie 5", kind="zebra", address=address)
    with pytest.raises(PrinterError) as caught:
        await print_zpl(printer, [LABEL_1], timeout=10)
    assert caught.value.code == "bad_address"
    assert not caught.value.retryable
    assert polish in caught.value.message("pl")
