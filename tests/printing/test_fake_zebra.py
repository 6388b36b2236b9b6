"""The fake Zebra itself: what tests and ``make demo`` rely on it to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import trio

from kolektor.fakes.zebra import STATES, FakeZebra, running_zebra
from kolektor.printing.host_status import parse_host_status


async def send(port: int, *chunks: bytes, answers: int = 0) -> bytes:
    """Send ``chunks`` one by one on one connection; read ``answers`` status answers."""
    stream = await trio.open_tcp_stream("127.0.0.1", port)
    received = b""
    async with stream:
        for chunk in chunks:
            await stream.send_all(chunk)
            await trio.sleep(0.01)
        with trio.fail_after(10):
            while received.count(b"\x03") < 3 * answers:
                received += await stream.receive_some(4096)
        await stream.send_eof()
        with trio.fail_after(10):
            while await stream.receive_some(4096):
                pass
    return received


@pytest.mark.parametrize("state", [s for s in STATES if s not in {"silent", "slow", "garbled"}])
def test_each_state_answers_a_status_with_its_flag(state: str) -> None:
    status = parse_host_status(FakeZebra(state=state).host_status_answer())
    assert status.problems() == (() if state == "ready" else (state,))


def test_an_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError, match="paper_jam"):
        FakeZebra(state="paper_jam")


async def test_labels_are_kept_saved_and_handed_to_the_hook(tmp_path: Path) -> None:
    (tmp_path / "0007.zpl").write_bytes(b"^XA^XZ")  # from an earlier demo run
    seen: list[tuple[int, bytes]] = []
    fake = FakeZebra(save_dir=tmp_path, on_label=lambda index, zpl: seen.append((index, zpl)))
    async with running_zebra(fake):
        await send(fake.port, b"^XA^FDa^FS^XZ\r\n^XA^FDb^FS^XZ")
        await send(fake.port, b"^XA^FDc^FS^XZ")
        await fake.wait_finished(2)
    expected = [(8, b"^XA^FDa^FS^XZ"), (9, b"^XA^FDb^FS^XZ"), (10, b"^XA^FDc^FS^XZ")]
    assert [(label.index, label.zpl) for label in fake.labels] == expected
    assert [label.connection for label in fake.labels] == [1, 1, 2]
    assert seen == expected
    for index, zpl in expected:
        assert (tmp_path / f"{index:04d}.zpl").read_bytes() == zpl


async def test_formats_and_status_requests_split_across_packets_are_found() -> None:
    async with running_zebra() as fake:
        answer = await send(
            fake.port, b"~H", b"S^X", b"A^FDsplit", b"~HS", b"^FS^X", b"Z", answers=2
        )
        await fake.wait_finished(1)
    assert fake.status_requests == 2
    assert answer == FakeZebra().host_status_answer() * 2
    # The status request inside the format is answered and is not part of the label.
    assert [label.zpl for label in fake.labels] == [b"^XA^FDsplit^FS^XZ"]


async def test_a_format_cut_off_is_partial_never_a_label() -> None:
    async with running_zebra() as fake:
        await send(fake.port, b"^XA^FDwhole^FS^XZ^XA^FDcut")
        await fake.wait_finished(1)
    assert [label.zpl for label in fake.labels] == [b"^XA^FDwhole^FS^XZ"]
    assert fake.partial == [(1, b"^XA^FDcut")]


def test_the_command_line_serves_and_saves_labels(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kolektor.fakes.zebra", "--port", "0", "--dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={"KOLEKTOR_LANG": "en", "PATH": "/usr/bin:/bin"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Fake Zebra printer listening on 127.0.0.1:"), line
        port = int(line.split("127.0.0.1:")[1].split(" ")[0])
        trio.run(send, port, b"^XA^FDdemo^FS^XZ")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (tmp_path / "0001.zpl").read_bytes() == b"^XA^FDdemo^FS^XZ"
