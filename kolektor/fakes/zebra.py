"""A fake Zebra label printer on TCP: answers ``~HS`` and keeps every label it receives.

For tests (in-process, on ``127.0.0.1`` port 0, started in a nursery) and for
``make demo`` (``python -m kolektor.fakes.zebra --port 9100 --dir DIR``).  It behaves as
the ZPL II Programming Guide describes a networked Zebra:

* ``~HS`` anywhere in the stream — even inside a format, as tilde commands are acted on
  when they arrive — is answered with the three ``<STX>…<ETX><CR><LF>`` strings built from
  :attr:`FakeZebra.state` (see :data:`STATES`): ``ready``; a problem with its flag set
  (``paper_out``, ``head_open``, ``paused``, ``ribbon_out``, ``buffer_full``,
  ``over_temperature``, ``under_temperature``, ``corrupt_ram``, ``diagnostic_mode``);
  ``silent`` — no answer at all, as newer firmware in MEDIA OUT or HEAD OPEN; ``slow`` —
  the answer after :attr:`FakeZebra.slow_seconds`; ``garbled`` — something that is not a
  host status.
* Every complete format ``^XA…^XZ`` is kept in order (:attr:`FakeZebra.labels`) with the
  connection it came on, whatever the state (a real printer buffers them); with
  ``save_dir`` each is written as ``0001.zpl``, ``0002.zpl``… (numbering continues after
  the files already there), and ``on_label(index, zpl)`` is called for each.  A format
  still open when its connection ends is kept in :attr:`FakeZebra.partial`, never as a
  label.
* When the client half-closes, the fake closes too (as CUPS' socket backend expects).
* :meth:`FakeZebra.drop_next` makes the next connection break (a TCP reset) after a given
  number of bytes: a cable pulled mid-label.
"""

from __future__ import annotations

import argparse
import re
import socket
import struct
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import trio

from kolektor.i18n import t

STATES: tuple[str, ...] = (
    "ready",
    "paper_out",
    "head_open",
    "paused",
    "ribbon_out",
    "buffer_full",
    "over_temperature",
    "under_temperature",
    "corrupt_ram",
    "diagnostic_mode",
    "silent",
    "slow",
    "garbled",
)

_STRING1_FLAGS = {
    "paper_out": 1,
    "paused": 2,
    "buffer_full": 5,
    "diagnostic_mode": 6,
    "corrupt_ram": 9,
    "under_temperature": 10,
    "over_temperature": 11,
}
"""Problem → field index (from 0) in string 1; ``head_open`` and ``ribbon_out`` are in 2."""
_STRING2_FLAGS = {"head_open": 2, "ribbon_out": 3}

_TILDE_HS = re.compile(rb"~HS", re.IGNORECASE)
_FORMAT_START = re.compile(rb"\^XA", re.IGNORECASE)
_FORMAT_END = re.compile(rb"\^XZ", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReceivedLabel:
    index: int
    """Counts from 1 across connections (the file ``NNNN.zpl`` when saving)."""
    connection: int
    """Which connection it came on, counting from 1."""
    zpl: bytes
    """From ``^XA`` to ``^XZ`` inclusive, exactly as received."""


class FakeZebra:
    """The fake printer.  Change :attr:`state` at any time; read what it received."""

    def __init__(
        self,
        *,
        state: str = "ready",
        save_dir: Path | None = None,
        on_label: Callable[[int, bytes], None] | None = None,
        slow_seconds: float = 3.0,
        host: str = "127.0.0.1",
        port: int = 0,
        label_length_dots: int = 1218,
    ) -> None:
        self.state = state
        self.save_dir = save_dir
        self.on_label = on_label
        self.slow_seconds = slow_seconds
        self.host = host
        self.port = port
        self.label_length_dots = label_length_dots
        self.labels: list[ReceivedLabel] = []
        self.partial: list[tuple[int, bytes]] = []
        """``(connection, bytes)`` of formats cut off by the end of their connection."""
        self.received: dict[int, bytearray] = {}
        """Every byte each connection sent so far, by connection number."""
        self.status_requests = 0
        self.connections = 0
        self.finished = 0
        """Connections that have ended."""
        self._finished_changed = trio.Event()
        self._drop_after: int | None = None
        self._next_index = 1

    @property
    def state(self) -> str:
        return self._state

    @state.setter
    def state(self, value: str) -> None:
        if value not in STATES:
            raise ValueError(f"unknown fake Zebra state {value!r}; one of {', '.join(STATES)}")
        self._state = value

    @property
    def address(self) -> str:
        """``host:port`` once serving — what a ``printers`` row's ``address`` holds."""
        return f"{self.host}:{self.port}"

    async def wait_finished(self, connections: int) -> None:
        """Return once ``connections`` connections have ended (everything they sent is in
        :attr:`received`, :attr:`labels` and :attr:`partial`)."""
        while self.finished < connections:
            await self._finished_changed.wait()

    def drop_next(self, *, after_bytes: int) -> None:
        """Break the next connection with a TCP reset after it has sent ``after_bytes``."""
        self._drop_after = after_bytes

    def host_status_answer(self) -> bytes:
        """The three strings a printer in :attr:`state` answers to ``~HS``."""
        if self.state == "garbled":
            return b"\x02PRINTER READY\x03\r\n"
        string1 = ["030", "0", "0", f"{self.label_length_dots:04d}", "000", "0", "0", "0"]
        string1 += ["000", "0", "0", "0"]
        string2 = ["001", "0", "0", "0", "0", "2", "6", "0", "00000000", "1", "000"]
        if self.state in _STRING1_FLAGS:
            string1[_STRING1_FLAGS[self.state]] = "1"
        if self.state in _STRING2_FLAGS:
            string2[_STRING2_FLAGS[self.state]] = "1"
        strings = (",".join(string1), ",".join(string2), "1234,0")
        return b"".join(b"\x02" + s.encode("ascii") + b"\x03\r\n" for s in strings)

    async def serve(self, *, task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED) -> None:
        """Listen until cancelled; ``await nursery.start(fake.serve)`` gives the port."""
        if self.save_dir is not None:
            await trio.Path(self.save_dir).mkdir(parents=True, exist_ok=True)
            numbers = [
                int(path.stem)
                for path in await trio.Path(self.save_dir).glob("*.zpl")
                if path.stem.isdigit()
            ]
            self._next_index = max(numbers, default=0) + 1
        listeners = await trio.open_tcp_listeners(self.port, host=self.host)
        self.port = listeners[0].socket.getsockname()[1]
        task_status.started(self.port)
        await trio.serve_listeners(self._handle, listeners)

    async def _handle(self, stream: trio.SocketStream) -> None:
        self.connections += 1
        connection = self.connections
        drop_after, self._drop_after = self._drop_after, None
        received = self.received[connection] = bytearray()
        pending = bytearray()  # not yet sorted into ``~HS`` requests and formats
        try:
            async with stream, trio.open_nursery() as nursery:
                while True:
                    try:
                        chunk = await stream.receive_some(65536)
                    except trio.BrokenResourceError:
                        break
                    cut = drop_after is not None and len(received) + len(chunk) >= drop_after
                    if cut and drop_after is not None:
                        chunk = chunk[: drop_after - len(received)]
                    elif not chunk:
                        break
                    received += chunk
                    pending += chunk
                    await self._take(pending, connection, stream, nursery)
                    if cut:
                        _reset(stream)
                        break
                start = _FORMAT_START.search(pending)
                if start is not None:
                    self.partial.append((connection, bytes(pending[start.start() :])))
                nursery.cancel_scope.cancel()
        finally:
            self.finished += 1
            self._finished_changed.set()
            self._finished_changed = trio.Event()

    async def _take(
        self,
        pending: bytearray,
        connection: int,
        stream: trio.SocketStream,
        nursery: trio.Nursery,
    ) -> None:
        """Answer every complete ``~HS`` in ``pending`` and move out every complete format,
        leaving what may still grow (a format begun, a ``~H`` cut in two)."""
        while (request := _TILDE_HS.search(pending)) is not None:
            del pending[request.start() : request.end()]
            self.status_requests += 1
            nursery.start_soon(self._answer, stream, self.state)
        while (start := _FORMAT_START.search(pending)) is not None:
            end = _FORMAT_END.search(pending, start.end())
            if end is None:
                break
            zpl = bytes(pending[start.start() : end.end()])
            del pending[: end.end()]
            await self._keep(zpl, connection)
        if _FORMAT_START.search(pending) is None:
            # Nothing open: keep only a tail that may become ``^XA`` or ``~HS``.
            del pending[: max(0, len(pending) - 2)]

    async def _answer(self, stream: trio.SocketStream, state: str) -> None:
        if state == "silent":
            return
        if state == "slow":
            await trio.sleep(self.slow_seconds)
        with suppress(trio.BrokenResourceError, trio.ClosedResourceError, OSError):
            await stream.send_all(self.host_status_answer())  # unless the client has gone

    async def _keep(self, zpl: bytes, connection: int) -> None:
        index = self._next_index
        self._next_index += 1
        self.labels.append(ReceivedLabel(index=index, connection=connection, zpl=zpl))
        if self.save_dir is not None:
            await trio.Path(self.save_dir, f"{index:04d}.zpl").write_bytes(zpl)
        if self.on_label is not None:
            self.on_label(index, zpl)


def _reset(stream: trio.SocketStream) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a pulled cable or a crashed printer does."""
    stream.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    stream.socket.close()


@asynccontextmanager
async def running_zebra(fake: FakeZebra | None = None) -> AsyncIterator[FakeZebra]:
    """``fake`` (a ready one by default) serving in the background for the block."""
    fake = fake or FakeZebra()
    async with trio.open_nursery() as nursery:
        await nursery.start(fake.serve)
        yield fake
        nursery.cancel_scope.cancel()


def _png_writer(folder: Path) -> Callable[[int, bytes], None]:
    """A hook writing each label's preview as ``NNNN.png`` beside its ``NNNN.zpl`` (the
    demo's virtual printer); a label the preview cannot draw gets no PNG."""
    from kolektor.labels.errors import LabelImageError
    from kolektor.labels.preview import preview_png

    def write(index: int, zpl: bytes) -> None:
        try:
            png = preview_png(zpl.decode("utf-8", "replace"))
        except LabelImageError:
            return
        (folder / f"{index:04d}.png").write_bytes(png)

    return write


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m kolektor.fakes.zebra", description="A fake Zebra label printer."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--dir", type=Path, default=None, help="save labels as NNNN.zpl here")
    parser.add_argument("--state", choices=STATES, default="ready")
    parser.add_argument("--slow", type=float, default=3.0, help="seconds for state slow")
    parser.add_argument(
        "--png", action="store_true", help="also save each label's PNG preview in --dir"
    )
    args = parser.parse_args(argv)
    fake = FakeZebra(
        state=args.state,
        save_dir=args.dir,
        slow_seconds=args.slow,
        host=args.host,
        port=args.port,
    )
    if args.png and args.dir is not None:
        fake.on_label = _png_writer(args.dir)

    async def run() -> None:
        async with trio.open_nursery() as nursery:
            await nursery.start(fake.serve)
            if args.dir is None:
                line = t(
                    "printing.fake.listening_no_dir", None, address=fake.address, state=fake.state
                )
            else:
                line = t(
                    "printing.fake.listening",
                    None,
                    address=fake.address,
                    state=fake.state,
                    directory=args.dir,
                )
            print(line, flush=True)

    with suppress(KeyboardInterrupt):
        trio.run(run)


if __name__ == "__main__":
    main()
