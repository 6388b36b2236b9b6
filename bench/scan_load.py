"""Scan → verdict latency with many scanners connected over WebSockets.

Starts the real server (``kolektor serve``, a separate process, SQLite store in WAL mode) on
a demo Subiekt database extended with one large order per scanner, connects N simulated
scanners, lets each claim its own order and scan it at a given rate, and measures the time
from sending a scan to receiving its verdict — every verdict only after the scan and the
pick state are durably stored.  Prints p50/p95/p99, throughput and the server's memory.

The baseline, measured first in the same run, is a ``ping`` → ``pong`` round trip on the
same connections (the WebSocket and JSON cost without any picking or storing).

The scanners run in ``--processes`` load-generating processes of their own (default 2), so
that their WebSocket and JSON work competes less with the server's event loop — on the same
machine's cores all the same.  While they scan, an independent device pings every 0.5 s on
its own connection (round trips over 100 ms are event-loop pauses), and the server's CPU
time per verdict is taken from ``/proc/PID/stat``; ``--py-spy FILE`` records the server
(only the thread holding the GIL) for ``bench/profile_summary.py``.

    .venv/bin/python bench/scan_load.py --scanners 200 --rate 2 --seconds 30
    .venv/bin/python bench/scan_load.py --find-max --p99-limit 20
    .venv/bin/python bench/scan_load.py --seconds 20 --py-spy /tmp/p.raw  # writes /tmp/p-2.raw
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import trio
from trio_websocket import WebSocketConnection, open_websocket_url

from kolektor.demo.database import SubiektDatabase, ZkLine
from kolektor.demo.run import prepare_demo

PICKER_BADGES = ("OP-0001", "OP-0002", "OP-0003")
DEMO_PINS = {"OP-0001": "1111", "OP-0002": "2222", "OP-0003": "3333"}
"""The demo operators' PINs: scanners log in with badge and PIN."""


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    ready: int = 0
    """Scanners logged in with their order claimed (the measurement waits for all)."""


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare(folder: Path, scanners: int, port: int) -> tuple[Path, list[str]]:
    """Demo data plus one order per scanner with plenty to pick; returns the config path
    and the ZK numbers of the bench orders."""
    config = prepare_demo(folder, host="127.0.0.1", port=port, reset=True, language="en")
    database = folder / "subiekt-demo.db"
    numbers = []
    with SubiektDatabase(database) as db:
        products = [
            row
            for row in db.select("tw__Towar", {"tw_Rodzaj": 1}, order_by=["tw_Id"])
            if str(row["tw_PodstKodKresk"] or "").startswith("59")
        ][:40]
        customer = int(db.select("kh__Kontrahent", order_by=["kh_Id"])[0]["kh_Id"])
        for index in range(scanners):
            chosen = [products[(index * 5 + k) % len(products)] for k in range(5)]
            zk_id = db.add_open_zk(
                customer,
                [ZkLine(int(p["tw_Id"]), Decimal(1000)) for p in chosen],
                status=6,
                prefix="BENCH",
            )
            numbers.append(db.select_one("dok__Dokument", {"dok_Id": zk_id})["dok_NrPelny"])
    text = config.read_text("utf-8").replace("poll_interval = 5", "poll_interval = 3600")
    config.write_text(text.replace('level = "INFO"', 'level = "WARNING"'), "utf-8")
    return config, numbers


async def scanner(
    url: str,
    index: int,
    order_id: int,
    codes: list[str],
    rate: float,
    seconds: float,
    results: Results,
    go: trio.Event,
    run: int,
) -> None:
    async with open_websocket_url(url) as socket:
        await call(socket, {"type": "hello", "device_id": f"bench-{index}"})
        await login(socket, PICKER_BADGES[index % len(PICKER_BADGES)])
        await call(socket, {"type": "claim", "order_id": order_id})
        results.ready += 1
        await go.wait()
        interval = 1.0 / rate
        start = trio.current_time() + (index % 100) * interval / 100  # spread the senders
        n = 0
        while trio.current_time() - start < seconds:
            await trio.sleep_until(start + n * interval)
            sent = time.perf_counter()
            reply = await call(
                socket,
                {"type": "scan", "order_id": order_id, "scan_id": f"b{run}-{index}-{n}",
                 "code": codes[n % len(codes)], "scanned_at": "2026-11-28T10:00:00Z"},
            )  # fmt: skip
            elapsed = (time.perf_counter() - sent) * 1000
            if reply.get("type") == "verdict":
                results.latencies_ms.append(elapsed)
                kind = reply["verdict"]["kind"]
                results.verdicts[kind] = results.verdicts.get(kind, 0) + 1
            else:
                results.errors += 1
            n += 1


async def login(socket: WebSocketConnection, badge: str) -> None:
    """Log in with badge and PIN; when the server is busy checking other logins (many
    scanners start at once), try again after the ``retry_after`` it asks for."""
    while True:
        reply = await call(socket, {"type": "login", "badge": badge, "pin": DEMO_PINS[badge]})
        if reply.get("type") == "login_ok":
            return
        if reply.get("code") not in {"busy", "login_throttled"}:
            raise RuntimeError(f"login {badge} refused: {reply}")
        retry_after = reply.get("retry_after")
        await trio.sleep(float(retry_after) if isinstance(retry_after, int | float) else 1.0)


_ref = 0


async def call(socket: WebSocketConnection, message: dict[str, object]) -> dict[str, object]:
    global _ref
    _ref += 1
    ref = f"r{_ref}"
    await socket.send_message(json.dumps({"v": 1, "ref": ref, **message}))
    while True:
        reply: dict[str, object] = json.loads(await socket.get_message())
        if reply.get("ref") == ref:
            return reply


async def ping_baseline(url: str, count: int) -> list[float]:
    samples = []
    async with open_websocket_url(url) as socket:
        for _ in range(count):
            sent = time.perf_counter()
            await call(socket, {"type": "ping"})
            samples.append((time.perf_counter() - sent) * 1000)
    return samples


async def order_codes(base: str, numbers: list[str]) -> list[tuple[int, list[str]]]:
    """(order id, the primary barcodes of its lines) of each bench order, in scanner order."""
    async with httpx.AsyncClient(base_url=base, auth=("biuro", "biuro-demo"), timeout=30) as http:
        listing = (await http.get("/api/orders", params={"limit": 1000})).json()["orders"]
        by_number = {o["number"]: o["id"] for o in listing}
        orders = []
        for number in numbers:
            detail = (await http.get(f"/api/orders/{by_number[number]}")).json()["order"]
            codes = [
                b["code"] for line in detail["lines"] for b in line["barcodes"] if b["primary"]
            ]
            orders.append((int(detail["id"]), codes))
    return orders


@dataclass(frozen=True)
class Share:
    """The scanners one load process drives: (scanner index, order id, codes) each."""

    ws: str
    scanners: list[tuple[int, int, list[str]]]
    rate: float
    seconds: float
    run: int


async def drive(share: Share, ready: Callable[[], Awaitable[None]]) -> Results:
    """Connect, log in and claim for every scanner of the share, call ``ready`` (which
    returns when every process is ready), then scan for ``share.seconds``."""
    results = Results()
    go = trio.Event()
    with trio.fail_after(share.seconds + 180):
        async with trio.open_nursery() as nursery:
            for index, order_id, codes in share.scanners:
                nursery.start_soon(
                    scanner, share.ws, index, order_id, codes, share.rate, share.seconds,
                    results, go, share.run,
                )  # fmt: skip
            while results.ready < len(share.scanners):  # noqa: ASYNC110 — counted by the tasks
                await trio.sleep(0.1)
            await ready()
            go.set()
    return results


def load_process(share: Share, barrier: Any, queue: Any) -> None:
    """One load-generating process (``--processes``): its results go to ``queue``."""

    async def ready() -> None:
        await trio.to_thread.run_sync(barrier.wait)
        await trio.sleep(1)

    results = trio.run(drive, share, ready)
    queue.put((results.latencies_ms, results.errors, results.verdicts))


@dataclass
class ServerWatch:
    """The server's CPU time while the scanners scan and, with ``--py-spy``, py-spy
    recording it: collapsed stacks of every thread, for ``bench/profile_summary.py``."""

    pid: int
    profile: Path | None = None
    recorder: subprocess.Popen[bytes] | None = None
    cpu_started: float = 0.0
    cpu_stopped: float = 0.0

    @property
    def cpu(self) -> float:
        """CPU seconds the server used between :meth:`start` and :meth:`stop`."""
        return self.cpu_stopped - self.cpu_started

    def start(self, seconds: float) -> None:
        self.cpu_started = cpu_seconds(self.pid)
        if self.profile is None:
            return
        py_spy = Path(sys.executable).parent / "py-spy"
        self.recorder = subprocess.Popen(
            [str(py_spy), "record", "--pid", str(self.pid), "--threads", "--gil", "--rate", "200",
             "--format", "raw", "--duration", str(max(1, int(seconds) - 1)), "--nonblocking",
             "-o", str(self.profile)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self) -> None:
        self.cpu_stopped = cpu_seconds(self.pid)

    def wait(self) -> None:
        if self.recorder is not None:
            self.recorder.wait(timeout=120)


@dataclass
class Pauses:
    """An independent ``ping`` every :data:`PING_INTERVAL` seconds on its own connection,
    during the load: round trips longer than :data:`PAUSE_MS` are event-loop pauses."""

    round_trips_ms: list[float] = field(default_factory=list)

    @property
    def long(self) -> list[float]:
        return [rt for rt in self.round_trips_ms if rt > PAUSE_MS]


PING_INTERVAL = 0.5
PAUSE_MS = 100.0


async def pinger(ws: str, pauses: Pauses, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
    async with open_websocket_url(ws) as socket:
        task_status.started()
        next_at = trio.current_time()
        while True:
            next_at += PING_INTERVAL
            await trio.sleep_until(next_at)
            sent = time.perf_counter()
            await call(socket, {"type": "ping"})
            pauses.round_trips_ms.append((time.perf_counter() - sent) * 1000)


async def run_load(
    base: str, scanners: int, rate: float, seconds: float, numbers: list[str], run: int,
    processes: int = 0, watch: ServerWatch | None = None,
) -> tuple[Results, list[float], float, Pauses]:  # fmt: skip
    """``processes`` 0: the scanners run in this process (as before ``--processes``);
    otherwise they are split across that many processes of their own.  ``watch``: the
    server's CPU time (and py-spy) while the scanners scan."""
    ws = base.replace("http://", "ws://") + "/scanner/ws"
    orders = await order_codes(base, numbers)
    baseline = await ping_baseline(ws, 500)
    everyone = [(index, order_id, codes) for index, (order_id, codes) in enumerate(orders)]
    pauses = Pauses()
    if processes <= 0:
        started = 0.0

        async def ready() -> None:
            nonlocal started
            await trio.sleep(1)
            started = time.perf_counter()
            if watch is not None:
                watch.start(seconds)

        async with trio.open_nursery() as nursery:
            await nursery.start(pinger, ws, pauses)
            results = await drive(Share(ws, everyone, rate, seconds, run), ready)
            if watch is not None:
                watch.stop()
            nursery.cancel_scope.cancel()
        return results, baseline, time.perf_counter() - started, pauses
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    queue = context.Queue()
    workers = [
        context.Process(
            target=load_process,
            args=(Share(ws, everyone[k::processes], rate, seconds, run), barrier, queue),
            daemon=True,
        )
        for k in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = Results()
    async with trio.open_nursery() as nursery:
        await trio.to_thread.run_sync(barrier.wait)
        await trio.sleep(1)
        started = time.perf_counter()
        if watch is not None:
            watch.start(seconds)
        await nursery.start(pinger, ws, pauses)
        for _ in workers:
            latencies, errors, verdicts = await trio.to_thread.run_sync(
                partial(queue.get, timeout=seconds + 180)
            )
            results.latencies_ms.extend(latencies)
            results.errors += errors
            for kind, count in verdicts.items():
                results.verdicts[kind] = results.verdicts.get(kind, 0) + count
        elapsed = time.perf_counter() - started
        if watch is not None:
            watch.stop()
        nursery.cancel_scope.cancel()
    for worker in workers:
        worker.join(timeout=30)
    return results, baseline, elapsed, pauses


def report(
    scanners: int,
    rate: float,
    results: Results,
    baseline: list[float],
    elapsed: float,
    rss: float,
    pauses: Pauses | None = None,
    cpu: float | None = None,
) -> float:
    lat = results.latencies_ms
    p99 = percentile(lat, 0.99) if lat else float("inf")
    base_median = statistics.median(baseline)
    print(f"scanners {scanners}, rate {rate}/s each, {len(lat)} verdicts in {elapsed:.1f} s "
          f"({len(lat) / elapsed:.0f}/s), errors {results.errors}")  # fmt: skip
    print(f"  baseline ping→pong median {base_median:.2f} ms")
    if lat:
        print(f"  scan→verdict p50 {percentile(lat, 0.5):.2f} ms  p95 {percentile(lat, 0.95):.2f} "
              f"ms  p99 {p99:.2f} ms  max {max(lat):.2f} ms  (p50 = "
              f"{percentile(lat, 0.5) / base_median:.1f}× baseline)")  # fmt: skip
    print(f"  verdicts {dict(sorted(results.verdicts.items()))}")
    if pauses is not None and pauses.round_trips_ms:
        trips = pauses.round_trips_ms
        print(f"  independent ping every {PING_INTERVAL} s: {len(trips)} round trips, p50 "
              f"{percentile(trips, 0.5):.2f} ms, p99 {percentile(trips, 0.99):.2f} ms, max "
              f"{max(trips):.1f} ms; {len(pauses.long)} pauses over {PAUSE_MS:.0f} ms")  # fmt: skip
    if cpu is not None and lat:
        print(f"  server CPU {cpu / elapsed * 100:.0f} % of one core, {cpu / len(lat) * 1000:.2f} "
              f"ms per verdict")  # fmt: skip
    print(f"  server RSS {rss:.0f} MB")
    return p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scanners", type=int, default=200)
    parser.add_argument("--rate", type=float, default=2.0, help="scans per second per scanner")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--find-max", action="store_true",
                        help="raise the rate until p99 exceeds --p99-limit")  # fmt: skip
    parser.add_argument("--p99-limit", type=float, default=50.0)
    parser.add_argument("--processes", type=int, default=2,
                        help="load-generating processes the scanners are split across "
                             "(0: the scanners run in this process, as before)")  # fmt: skip
    parser.add_argument("--py-spy", type=Path, default=None, metavar="FILE",
                        help="record the server with py-spy while it is under load "
                             "(collapsed stacks; the rate is added to the name)")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = free_port()
        config, numbers = prepare(folder, args.scanners, port)
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
                # Anonymously /health says only "ok" (the first intake pass succeeded) or not.
                if httpx.get(base + "/health").json().get("status") == "ok":
                    break
                time.sleep(0.2)
            rates = [args.rate] if not args.find_max else [0.5, 1, 1.5, 2, 3, 4]
            for run, rate in enumerate(rates):
                watch = ServerWatch(server.pid)
                if args.py_spy is not None:
                    watch.profile = args.py_spy.with_name(
                        f"{args.py_spy.stem}-{rate:g}{args.py_spy.suffix}"
                    )
                results, baseline, elapsed, pauses = trio.run(
                    run_load, base, args.scanners, rate, args.seconds, numbers, run,
                    args.processes, watch,
                )  # fmt: skip
                watch.wait()
                p99 = report(
                    args.scanners, rate, results, baseline, elapsed, rss_mb(server.pid), pauses,
                    watch.cpu,
                )  # fmt: skip
                if args.find_max and p99 > args.p99_limit:
                    print(f"p99 above {args.p99_limit} ms at {rate}/s per scanner "
                          f"({rate * args.scanners:.0f} scans/s in all)")  # fmt: skip
                    break
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
