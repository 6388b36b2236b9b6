"""Printing through a raw CUPS queue, against a real ``cupsd`` whose queue prints to the
fake Zebra: ZPL must arrive byte for byte; a stopped, rejecting or unknown queue is refused
before anything is queued; a job already printed is found by its name."""

from __future__ import annotations

import os

import pytest
import trio

from kolektor.fakes.zebra import FakeZebra, running_zebra
from kolektor.printing import ipp
from kolektor.printing.cups import job_exists, print_raw, queue_state
from kolektor.printing.errors import PrinterError
from kolektor.printing.send import print_labels
from kolektor.printing.target import PrinterTarget
from tests.printing.cupsd import Cupsd

LABEL_1 = "^XA^CI28^FO40,40^A0N,36,36^FDOdbiorca: Zażółć Gęślą^FS^XZ\n".encode()
LABEL_2 = b"^XA^FO40,40^GFA,8,8,1,FF00FF00FF00FF00^FS^XZ\n"


async def printed(fake: FakeZebra, connections: int = 1) -> None:
    """Wait for CUPS's backend to finish sending to the fake printer."""
    with trio.fail_after(60):
        await fake.wait_finished(connections)


async def test_zpl_goes_through_cups_to_the_printer_byte_for_byte(cupsd: Cupsd) -> None:
    async with running_zebra() as fake:
        queue = await cupsd.add_queue(f"socket://127.0.0.1:{fake.port}")
        job = await print_raw(queue, LABEL_1 + LABEL_2, job_name="ZK 18/2026 paczki 1–2")
        await printed(fake)
    assert fake.received[1] == LABEL_1 + LABEL_2
    assert [label.zpl for label in fake.labels] == [LABEL_1.strip(), LABEL_2.strip()]
    assert job.request_id.startswith(f"{queue}-")


async def test_a_job_is_found_by_name_while_queued_and_after_printing(cupsd: Cupsd) -> None:
    name = "kolektor 5f3c2a order 18 paczki 1-2 (ąę)"
    async with running_zebra() as fake:
        queue = await cupsd.add_queue(f"socket://127.0.0.1:{fake.port}")
        assert not await job_exists(queue, name)
        await print_raw(queue, LABEL_1, job_name=name)
        assert await job_exists(queue, name)
        await printed(fake)
    # CUPS 2.4 soon unloads a finished job and then lists it without its name …
    await names_forgotten(queue)
    # … and the job is still found: printing it again after a crash would print it twice.
    assert await job_exists(queue, name)
    assert not await job_exists(queue, name + " reprint")


async def test_a_long_history_is_read_page_by_page(cupsd: Cupsd) -> None:
    async with running_zebra() as fake:
        queue = await cupsd.add_queue(f"socket://127.0.0.1:{fake.port}")
        for number in range(1, 6):
            await print_raw(queue, LABEL_2, job_name=f"ZK {number}/2026")
        await printed(fake, 5)
    assert await job_exists(queue, "ZK 5/2026", page=2)  # on the third page
    assert await job_exists(queue, "ZK 1/2026", page=2)
    assert not await job_exists(queue, "ZK 6/2026", page=2)


async def names_forgotten(queue: str) -> None:
    """Wait until a plain Get-Jobs lists the queue's finished jobs without names."""
    server = ipp.Server.parse(os.environ["CUPS_SERVER"])
    body = ipp.request(
        ipp.GET_JOBS,
        server.printer_uri(queue),
        [
            (ipp.KEYWORD, "which-jobs", ["completed"]),
            (ipp.KEYWORD, "requested-attributes", ["job-id", "job-name"]),
        ],
    )
    with trio.fail_after(60):
        while True:
            jobs = (await ipp.call(server, queue, body, seconds=10)).of(ipp.JOB_GROUP)
            if jobs and all(job.first("job-name") is None for job in jobs):
                return
            await trio.sleep(0.2)


async def test_a_stopped_queue_is_refused_before_anything_is_queued(cupsd: Cupsd) -> None:
    async with running_zebra() as fake:
        queue = await cupsd.add_queue(f"socket://127.0.0.1:{fake.port}")
        await cupsd.admin("cupsdisable", "-r", "Brak etykiet w drukarce", queue)
        with pytest.raises(PrinterError) as caught:
            await print_raw(queue, LABEL_1, job_name="ZK 19/2026", printer="Pakowanie A")
        state = await queue_state(queue)
    assert caught.value.code == "queue_stopped"
    assert caught.value.retryable
    assert caught.value.message("pl") == (
        f"Drukarka „Pakowanie A” (kolejka CUPS „{queue}”) jest zatrzymana w CUPS („Brak "
        f"etykiet w drukarce”) — usuń przyczynę i wznów kolejkę poleceniem cupsenable {queue}."
    )
    assert state.status == "stopped"
    assert not await job_exists(queue, "ZK 19/2026")
    assert fake.connections == 0


async def test_a_queue_rejecting_jobs_is_refused(cupsd: Cupsd) -> None:
    queue = await cupsd.add_queue("socket://127.0.0.1:9")
    await cupsd.admin("cupsreject", queue)
    with pytest.raises(PrinterError) as caught:
        await print_raw(queue, LABEL_1, job_name="ZK 20/2026")
    assert caught.value.code == "queue_rejecting"
    assert f"cupsaccept {queue}" in caught.value.message("pl")


async def test_an_unknown_queue_is_named(cupsd: Cupsd) -> None:
    with pytest.raises(PrinterError) as caught:
        await print_raw("NieMaTakiej", LABEL_1, job_name="ZK 21/2026", printer="Pakowanie B")
    assert caught.value.code == "queue_unknown"
    assert caught.value.message("pl") == (
        "Drukarka „Pakowanie B”: w CUPS nie ma kolejki „NieMaTakiej” — utwórz ją (lpadmin) "
        "albo popraw nazwę kolejki w ustawieniach drukarki."
    )


async def test_no_scheduler_is_cups_unavailable(
    cupsd: Cupsd, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUPS_SERVER", "/nonexistent/cups.sock")
    with pytest.raises(PrinterError) as caught:
        await print_raw("Pakowanie1", LABEL_1, job_name="ZK 22/2026")
    assert caught.value.code == "cups_unavailable"
    assert caught.value.retryable
    assert "CUPS nie odpowiada (/nonexistent/cups.sock) — uruchom usługę CUPS" in (
        caught.value.message("pl")
    )


async def test_a_scheduler_that_does_not_answer_times_out(
    cupsd: Cupsd, tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"{cupsd.directory}/hung.sock"

    async def hung(task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        listener = trio.socket.socket(trio.socket.AF_UNIX, trio.socket.SOCK_STREAM)
        await listener.bind(path)
        listener.listen()
        task_status.started()
        accepted = []
        while True:
            connection, _ = await listener.accept()
            accepted.append(connection)  # and never answer

    monkeypatch.setenv("CUPS_SERVER", path)
    async with trio.open_nursery() as nursery:
        await nursery.start(hung)
        with pytest.raises(PrinterError) as caught:
            await queue_state("Pakowanie1", timeout=1)
        nursery.cancel_scope.cancel()
    assert caught.value.code == "timeout"
    assert "CUPS nie odpowiedział na czas" in caught.value.message("pl")


async def test_missing_cups_tools_are_named(
    cupsd: Cupsd, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PrinterError) as caught:
        await print_raw("Pakowanie1", LABEL_1, job_name="ZK 23/2026")
    assert caught.value.code == "cups_missing"
    assert not caught.value.retryable
    assert "zainstaluj pakiet cups-client" in caught.value.message("pl")


async def test_print_labels_sends_a_job_once_by_its_name(cupsd: Cupsd) -> None:
    async with running_zebra() as fake:
        queue = await cupsd.add_queue(f"socket://127.0.0.1:{fake.port}")
        printer = PrinterTarget.from_row(
            {
                "name": "Pakowanie C",
                "kind": "cups",
                "address": queue,
                "dpi": 203,
                "width_mm": "101.60",
                "height_mm": "152.40",
            }
        )
        first = await print_labels(printer, [LABEL_1, LABEL_2], job_name="ZK 24/2026 #1")
        again = await print_labels(printer, [LABEL_1, LABEL_2], job_name="ZK 24/2026 #1")
        await printed(fake)
    assert first.job_id is not None
    assert not first.already_queued
    assert again.already_queued
    assert again.bytes_sent == 0
    assert fake.connections == 1
    assert [label.zpl for label in fake.labels] == [LABEL_1.strip(), LABEL_2.strip()]


async def test_print_labels_refuses_garbage_before_asking_cups(cupsd: Cupsd) -> None:
    printer = PrinterTarget(name="Pakowanie D", kind="cups", address="NieMaTakiej")
    with pytest.raises(PrinterError) as caught:
        await print_labels(printer, [b"<html>502</html>"], job_name="ZK 25/2026")
    assert caught.value.code == "invalid_label"


async def test_print_labels_on_a_zebra_checks_its_status() -> None:
    async with running_zebra(FakeZebra(state="head_open")) as fake:
        printer = PrinterTarget(name="Pakowanie E", kind="zebra", address=fake.address)
        with pytest.raises(PrinterError) as caught:
            await print_labels(printer, [LABEL_1], job_name="unused")
    assert caught.value.code == "head_open"
