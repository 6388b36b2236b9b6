"""Scanner write latency while a flood of wrong-password logins hits the server.

The design brief's target: scan → verdict latency under a flood of bad logins at most 3×
the quiet figure.  Every checked login costs an argon2 verification (~25 ms of one core, in
its own one-thread pool) and a small write (the failure counters and the audit trail),
which on SQLite queues with the scans' writes; throttled attempts are refused before the
check.

Starts the real server like ``bench/scan_load.py`` (``kolektor serve``, a separate process,
SQLite store), connects N scanners that each claim an order and scan it at R scans/s for
the whole run, and measures scan → verdict in phases of S seconds on the same connections:

* ``quiet`` — scanners only: the baseline;
* ``control`` — plus the same flood loops asking for ``/health`` and sending ``ping``
  instead of logging in: what any flood of requests this fast costs;
* ``one address`` — plus the flood, every attempt from one source address (127.0.0.51);
* ``many addresses`` — plus the flood from 127.0.0.2 … 127.0.0.50 (Linux routes all of
  127.0.0.0/8 to loopback); a flood loop moves on to the next address whenever it is told
  ``login_throttled``, as an attacker with many addresses would;
* ``quiet again`` — scanners only, to see the system came back (and the ratios are not drift).

The flood: ``--flood-loops`` concurrent loops of each kind — ``POST /api/session`` with a
wrong password for existing logins and for logins nobody has; ``GET /api/orders`` with
HTTP Basic and a wrong password (same logins); WebSocket ``login`` with a wrong PIN for
existing badges and for badges nobody has.  ``--flood-rate`` caps its requests per second
(by default each loop sends its next attempt as soon as the last is answered).  Each
answer is counted: ``login_failed`` (the secret was checked with argon2),
``login_throttled`` / ``account_locked`` (refused before checking), ``busy`` (the argon2
queue was full), anything else.

Prints, per phase, p50/p95/p99/max of scan → verdict, the ratios to the quiet phase, the
flood's request rate and answers, and the server's CPU use (100 % = one core).  Without
``--flood-rate`` the flood runs as fast as the server answers; the load generator shares
the machine with the server.

    .venv/bin/python bench/login_flood.py
    .venv/bin/python bench/login_flood.py --scanners 200 --rate 2
    .venv/bin/python bench/login_flood.py --flood-rate 100
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import trio
import trio_websocket
from trio_websocket import WebSocketConnection, open_websocket_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scan_load  # the sibling script: demo data, server start, scanner login

MANY_ADDRESSES = [f"127.0.0.{i}" for i in range(2, 51)]
ONE_ADDRESS = ["127.0.0.51"]
OFFICE_LOGINS = ("szef", "biuro", "kierownik")
"""Existing office accounts the flood guesses passwords for."""
BADGES = tuple(scan_load.DEMO_PINS)
"""Existing scanner badges the flood guesses PINs for (the measured scanners' own)."""
CHECKED = "login_failed"
REFUSED_EARLY = ("login_throttled", "account_locked", "too_many_requests")


@dataclass
class Phase:
    name: str
    flood: list[str] | None
    """Source addresses of the flood; None: no flood."""
    logins: bool = True
    """False: the control flood — the same loops asking ``/health`` and ``ping`` instead."""
    latencies_ms: list[float] = field(default_factory=list)
    scan_errors: int = 0
    answers: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(kind, code) of every flood answer."""
    seconds: float = 0.0
    server_cpu: float = 0.0
    """Server CPU seconds used during the phase."""
    client_cpu: float = 0.0
    """CPU seconds the flood's own process used (it shares the machine)."""


@dataclass
class Run:
    phase: Phase | None = None
    """The phase scans are counted in (None: warming up or between phases)."""
    ready: int = 0
    go: trio.Event = field(default_factory=trio.Event)
    stop: trio.Event = field(default_factory=trio.Event)


class Pacer:
    """At most ``rate`` attempts per second over all the loops of a phase (0: no limit — each
    loop sends its next attempt as soon as the last is answered)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next: float | None = None

    async def wait(self) -> None:
        if not self.interval:
            await trio.lowlevel.checkpoint()
            return
        now = trio.current_time()
        slot = now if self._next is None else max(self._next, now - 1.0)
        self._next = slot + self.interval
        await trio.sleep_until(slot)


class Addresses:
    """Source addresses shared by the flood loops, handed out round-robin."""

    def __init__(self, addresses: list[str]) -> None:
        self._cycle: Iterator[str] = itertools.cycle(addresses)

    def next(self) -> str:
        return next(self._cycle)


def server_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- scanners ---------------------------------------------------------------------------------


async def scanner(
    url: str, index: int, order_id: int, codes: list[str], rate: float, run: Run
) -> None:
    async with open_websocket_url(url) as socket:
        await scan_load.call(socket, {"type": "hello", "device_id": f"flood-bench-{index}"})
        await scan_load.login(socket, scan_load.PICKER_BADGES[index % len(BADGES)])
        claimed = await scan_load.call(socket, {"type": "claim", "order_id": order_id})
        assert claimed.get("type") == "order", claimed
        run.ready += 1
        await run.go.wait()
        interval = 1.0 / rate
        start = trio.current_time() + (index % 100) * interval / 100  # spread the senders
        n = 0
        while not run.stop.is_set():
            # A scanner that fell behind (slow verdicts) skips the missed slots instead of
            # sending them in a burst: the next phase starts from the same offered load.
            n = max(n, int((trio.current_time() - start) / interval))
            await trio.sleep_until(start + n * interval)
            phase = run.phase
            sent = time.perf_counter()
            reply = await scan_load.call(
                socket,
                {"type": "scan", "order_id": order_id, "scan_id": f"f{index}-{n}",
                 "code": codes[n % len(codes)], "scanned_at": "2026-12-07T10:00:00Z"},
            )  # fmt: skip
            n += 1
            if phase is None or phase is not run.phase:
                continue  # sent in one phase, answered in another: counted in neither
            if reply.get("type") == "verdict":
                phase.latencies_ms.append((time.perf_counter() - sent) * 1000)
            else:
                phase.scan_errors += 1


# -- the flood --------------------------------------------------------------------------------


def _code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"http {response.status_code}"
    return str(body.get("error")) if isinstance(body, dict) else f"http {response.status_code}"


class HttpClients:
    """One HTTP client per source address (its connections bound to that address)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._clients: dict[str, httpx.AsyncClient] = {}

    def get(self, address: str) -> httpx.AsyncClient:
        client = self._clients.get(address)
        if client is None:
            transport = httpx.AsyncHTTPTransport(local_address=address)
            client = httpx.AsyncClient(base_url=self.base, transport=transport, timeout=60)
            self._clients[address] = client
        return client

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()


def _login(n: int) -> str:
    """Existing office logins and logins nobody has, alternately."""
    return OFFICE_LOGINS[n % len(OFFICE_LOGINS)] if n % 2 else f"nikt-{n}"


async def session_flood(
    clients: HttpClients, addresses: Addresses, phase: Phase, pacer: Pacer, start: int
) -> None:
    address = addresses.next()
    for n in itertools.count(start):
        await pacer.wait()
        body = {"login": _login(n), "password": f"zle-haslo-{n}"}
        try:
            code = _code(await clients.get(address).post("/api/session", json=body))
        except httpx.HTTPError as error:
            code = type(error).__name__
            await trio.sleep(0.1)
        phase.answers[("session", code)] += 1
        if code in REFUSED_EARLY:
            address = addresses.next()


async def basic_flood(
    clients: HttpClients, addresses: Addresses, phase: Phase, pacer: Pacer, start: int
) -> None:
    address = addresses.next()
    for n in itertools.count(start):
        await pacer.wait()
        auth = (_login(n), f"zle-haslo-{n}")
        try:
            code = _code(await clients.get(address).get("/api/orders", auth=auth))
        except httpx.HTTPError as error:
            code = type(error).__name__
            await trio.sleep(0.1)
        phase.answers[("basic", code)] += 1
        if code in REFUSED_EARLY:
            address = addresses.next()


@asynccontextmanager
async def socket_from(address: str, port: int) -> AsyncIterator[WebSocketConnection]:
    """A scanner WebSocket whose TCP connection comes from ``address``."""
    sock = trio.socket.socket()
    await sock.bind((address, 0))
    await sock.connect(("127.0.0.1", port))
    async with trio.open_nursery() as nursery:
        socket = await trio_websocket.wrap_client_stream(
            nursery, trio.SocketStream(sock), f"127.0.0.1:{port}", "/scanner/ws"
        )
        try:
            yield socket
        finally:
            await socket.aclose()


async def socket_flood(
    port: int, addresses: Addresses, phase: Phase, pacer: Pacer, start: int
) -> None:
    counter = itertools.count(start)
    while True:
        address = addresses.next()
        try:
            async with socket_from(address, port) as socket:
                await scan_load.call(socket, {"type": "hello", "device_id": f"guess-{start}"})
                for n in counter:
                    # Existing badges and badges nobody has; never the right PIN.
                    badge = BADGES[n % len(BADGES)] if n % 2 else f"OP-9{n % 1000:03d}"
                    pin = f"{(n * 7919) % 10000:04d}"
                    if pin == scan_load.DEMO_PINS.get(badge):
                        continue
                    await pacer.wait()
                    reply = await scan_load.call(socket, {"type": "login", "badge": badge,
                                                          "pin": pin})  # fmt: skip
                    code = str(reply.get("code") or reply.get("type"))
                    phase.answers[("socket", code)] += 1
                    if code == "login_throttled":
                        break  # move on to the next address
        except (
            OSError, trio_websocket.HandshakeError, trio_websocket.ConnectionClosed,
            BaseExceptionGroup,
        ) as error:  # fmt: skip
            phase.answers[("socket", _failure(error))] += 1
            await trio.sleep(0.1)


async def health_flood(
    clients: HttpClients, addresses: Addresses, phase: Phase, pacer: Pacer
) -> None:
    """Control: requests as fast, but no login (``GET /health``)."""
    while True:
        await pacer.wait()
        try:
            response = await clients.get(addresses.next()).get("/health")
            code = str(response.json().get("status")) if response.is_success else _code(response)
        except httpx.HTTPError as error:
            code = type(error).__name__
            await trio.sleep(0.1)
        phase.answers[("health", code)] += 1


async def ping_flood(port: int, addresses: Addresses, phase: Phase, pacer: Pacer) -> None:
    """Control: socket frames as fast, but no login (``ping``)."""
    while True:
        try:
            async with socket_from(addresses.next(), port) as socket:
                while True:
                    await pacer.wait()
                    reply = await scan_load.call(socket, {"type": "ping"})
                    phase.answers[("ping", str(reply.get("type")))] += 1
        except (
            OSError, trio_websocket.HandshakeError, trio_websocket.ConnectionClosed,
            BaseExceptionGroup,
        ) as error:  # fmt: skip
            phase.answers[("ping", _failure(error))] += 1
            await trio.sleep(0.1)


def _failure(error: BaseException) -> str:
    """What a refused or broken socket tells: ``too_many_requests`` for a 429 handshake."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    if isinstance(error, trio_websocket.ConnectionRejected) and error.status_code == 429:
        return "too_many_requests"
    return type(error).__name__


async def flood(base: str, port: int, phase: Phase, loops: int, rate: float) -> None:
    """The flood of one phase; runs until cancelled."""
    assert phase.flood is not None
    addresses = Addresses(phase.flood)
    clients = HttpClients(base)
    pacer = Pacer(rate)
    try:
        async with trio.open_nursery() as nursery:
            for loop in range(loops):
                start = loop * 1_000_000
                if not phase.logins:
                    nursery.start_soon(health_flood, clients, addresses, phase, pacer)
                    nursery.start_soon(health_flood, clients, addresses, phase, pacer)
                    nursery.start_soon(ping_flood, port, addresses, phase, pacer)
                    continue
                nursery.start_soon(session_flood, clients, addresses, phase, pacer, start)
                nursery.start_soon(basic_flood, clients, addresses, phase, pacer, start)
                nursery.start_soon(socket_flood, port, addresses, phase, pacer, start)
    finally:
        with trio.CancelScope(shield=True):
            await clients.aclose()


# -- the run ----------------------------------------------------------------------------------


async def orders_to_scan(base: str, numbers: list[str]) -> list[tuple[int, list[str]]]:
    async with httpx.AsyncClient(base_url=base, auth=("biuro", "biuro-demo"), timeout=60) as http:
        listing = (await http.get("/api/orders", params={"limit": 1000})).json()["orders"]
        by_number = {o["number"]: o["id"] for o in listing}
        found = []
        for number in numbers:
            detail = (await http.get(f"/api/orders/{by_number[number]}")).json()["order"]
            codes = [
                b["code"] for line in detail["lines"] for b in line["barcodes"] if b["primary"]
            ]
            found.append((int(detail["id"]), codes))
    return found


async def measure(base: str, pid: int, numbers: list[str], args: argparse.Namespace) -> list[Phase]:
    port = int(base.rsplit(":", 1)[1])
    ws = base.replace("http://", "ws://") + "/scanner/ws"
    targets = await orders_to_scan(base, numbers)
    phases = [
        Phase("quiet", None),
        Phase("control", MANY_ADDRESSES, logins=False),
        Phase("one address", ONE_ADDRESS),
        Phase("many addresses", MANY_ADDRESSES),
        Phase("quiet again", None),
    ]
    run = Run()
    async with trio.open_nursery() as nursery:
        for index, (order_id, codes) in enumerate(targets):
            nursery.start_soon(scanner, ws, index, order_id, codes, args.rate, run)
        with trio.fail_after(300):
            while run.ready < len(targets):  # noqa: ASYNC110 — counted by the scanner tasks
                await trio.sleep(0.1)
        run.go.set()
        await trio.sleep(3)  # warm-up, not counted
        for phase in phases:
            if phase.flood is None:
                begin(run, phase, pid)
                await trio.sleep(args.seconds)
            else:  # in its own process: its client work must not delay the scanners' answers
                await flood_in_child(base, port, phase, args, partial(begin, run, phase, pid))
            end(run, phase, pid)
            print_phase(phase, phases[0])
            await trio.sleep(2)  # let the queues drain between phases
        run.stop.set()
    return phases


def begin(run: Run, phase: Phase, pid: int) -> None:
    phase.server_cpu, phase.seconds = server_cpu_seconds(pid), time.perf_counter()
    run.phase = phase


def end(run: Run, phase: Phase, pid: int) -> None:
    run.phase = None
    phase.server_cpu = server_cpu_seconds(pid) - phase.server_cpu
    phase.seconds = time.perf_counter() - phase.seconds


async def flood_in_child(
    base: str, port: int, phase: Phase, args: argparse.Namespace, started: Callable[[], None]
) -> None:
    """Run the phase's flood in a child process (``--worker``); ``started`` is called when
    the flood begins; the answers are added to ``phase``."""
    job = {"base": base, "port": port, "addresses": phase.flood, "logins": phase.logins,
           "loops": args.flood_loops, "rate": args.flood_rate, "seconds": args.seconds}  # fmt: skip
    command = [sys.executable, __file__, "--worker", json.dumps(job)]
    process = await trio.lowlevel.open_process(command, stdout=subprocess.PIPE)
    assert process.stdout is not None
    buffer = b""
    async with process.stdout:
        while chunk := await process.stdout.receive_some():
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                if line == b"started":
                    started()
                elif line:
                    result = json.loads(line)
                    phase.client_cpu = result["cpu"]
                    for kind, code, count in result["answers"]:
                        phase.answers[(kind, code)] += count
    if await process.wait() != 0:
        raise RuntimeError(f"the flood process failed ({process.returncode})")


def worker(job: dict[str, Any]) -> None:
    """``--worker``: run one phase's flood for its seconds, then print its answers."""
    phase = Phase("worker", job["addresses"], logins=job["logins"])

    async def go() -> None:
        print("started", flush=True)
        with trio.move_on_after(job["seconds"]):
            await flood(job["base"], job["port"], phase, job["loops"], job["rate"])

    trio.run(go)
    answers = [[kind, code, n] for (kind, code), n in phase.answers.items()]
    print(json.dumps({"answers": answers, "cpu": time.process_time()}), flush=True)


def print_phase(phase: Phase, quiet: Phase) -> None:
    lat = phase.latencies_ms
    if not lat:
        print(f"{phase.name}: no verdicts ({phase.scan_errors} errors)")
        return
    p = {q: scan_load.percentile(lat, q) for q in (0.5, 0.95, 0.99)}
    line = (f"{phase.name:>15}: {len(lat)} verdicts ({len(lat) / phase.seconds:.0f}/s), "
            f"scan errors {phase.scan_errors}; scan→verdict p50 {p[0.5]:.2f} ms, "
            f"p95 {p[0.95]:.2f} ms, p99 {p[0.99]:.2f} ms, max {max(lat):.1f} ms; "
            f"server CPU {100 * phase.server_cpu / phase.seconds:.0f}%")  # fmt: skip
    if phase is not quiet and quiet.latencies_ms:
        base50 = scan_load.percentile(quiet.latencies_ms, 0.5)
        base99 = scan_load.percentile(quiet.latencies_ms, 0.99)
        line += f"; ×quiet: p50 {p[0.5] / base50:.2f}×, p99 {p[0.99] / base99:.2f}×"
    print(line)
    if phase.flood is None:
        return
    total = sum(phase.answers.values())
    if not phase.logins:
        answers = {f"{kind} {code}": n for (kind, code), n in phase.answers.most_common()}
        print(f"{'':>17}control: {total} requests without a login "
              f"({total / phase.seconds:.0f}/s) from {len(phase.flood)} addresses: "
              f"{json.dumps(answers)}; flood client CPU "
              f"{100 * phase.client_cpu / phase.seconds:.0f}%")  # fmt: skip
        return
    by_code: Counter[str] = Counter()
    for (_, code), count in phase.answers.items():
        by_code[code] += count
    checked = by_code[CHECKED]
    early = sum(by_code[c] for c in REFUSED_EARLY)
    busy = by_code["busy"]
    other = total - checked - early - busy
    print(f"{'':>17}flood {total} attempts ({total / phase.seconds:.0f}/s) from "
          f"{len(phase.flood)} address(es): login_failed (argon2) {checked} "
          f"({checked / phase.seconds:.1f}/s), refused early (throttled, locked, "
          f"rate-limited) {early}, busy {busy}, "
          f"other {other}; flood client CPU "
          f"{100 * phase.client_cpu / phase.seconds:.0f}%")  # fmt: skip
    kinds = sorted({kind for kind, _ in phase.answers})
    for kind in kinds:
        codes = {c: n for (k, c), n in sorted(phase.answers.items()) if k == kind}
        print(f"{'':>19}{kind}: {json.dumps(codes)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scanners", type=int, default=50)
    parser.add_argument("--rate", type=float, default=2.0, help="scans per second per scanner")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--flood-loops", type=int, default=8,
                        help="concurrent loops of each kind of bad login")  # fmt: skip
    parser.add_argument("--flood-rate", type=float, default=0,
                        help="at most this many flood requests per second in all "
                             "(0: as fast as the server answers)")  # fmt: skip
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = scan_load.free_port()
        config, numbers = scan_load.prepare(folder, args.scanners, port)
        kolektor = Path(sys.executable).parent / "kolektor"
        server = subprocess.Popen(
            [str(kolektor), "--config", str(config), "serve"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ},
        )  # fmt: skip
        try:
            assert server.stdout is not None
            base = server.stdout.readline().split()[-1]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if httpx.get(base + "/health").json().get("status") == "ok":
                    break
                time.sleep(0.2)
            pace = f"at most {args.flood_rate:.0f}/s" if args.flood_rate else "as fast as answered"
            print(f"scanners {args.scanners} at {args.rate}/s each, phases of "
                  f"{args.seconds:.0f} s, {args.flood_loops} flood loops of each kind, "
                  f"flood {pace}")  # fmt: skip
            trio.run(measure, base, server.pid, numbers, args)
            print(f"server RSS {scan_load.rss_mb(server.pid):.0f} MB")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
