"""Soak: does the server's memory stay flat, and how fast do its log and files grow?

Starts the real server (``kolektor serve``, a separate process, SQLite store, the Subiekt
simulator finalizing) on the demo data, keeps the demo Subiekt database topped up with new
ZKs as the intake takes them, and runs N scanners over WebSockets: each logs in with badge
+ PIN, claims a new order, scans every line to the end, packs it (one parcel) and takes
the next.  Orders are started at ``--orders-per-minute`` in all; the pipeline realizes,
renders and "delivers" each packed order.

Every ``--sample`` seconds it prints (and writes to ``--csv``) the server's RSS, the orders
packed and done, and the sizes of the log (``[logging] file``, or what the server wrote to
standard error with ``--no-log-file``), the documents (files under ``data_dir/documents``
and contents in the store's ``documents`` table) and the store.  At the end:
RSS after the warm-up, its slope (least squares, MB/h), the largest deviation from the
post-warm-up mean (the target: within ±10 %), kB per packed order, log and document growth
per hour.

Every minute it also prints scan → verdict p50/p99/max of that minute's scans, the pauses
of an independent device pinging every 0.5 s on its own connection (round trips over
100 ms: the server's event loop stalled), the server's RSS and open file descriptors
(``/proc/PID/fd``) and the store's size beside its WAL; at the end the same over the whole
run after the warm-up, and a PNG of the per-minute figures (``--plot``, matplotlib from the
``bench`` extra).  The scanners and the pinger share this process's event loop; at a few
dozen scans a second it is far from busy.

``--worker-process``: the server only picks and packs (``[pipeline] steps = []``) and a
separate ``kolektor work`` finalizes on the same store — the layout for a busy warehouse,
where rendering and storing documents then never competes with the scans for the server's
interpreter (both processes still share the machine's cores).

``--tracemalloc``: the server runs with ``KOLEKTOR_TRACEMALLOC`` (see
``kolektor/memtrace.py``) and is asked for a snapshot every ``--snapshot-every`` seconds
(SIGUSR1); each is compared with the first one after the warm-up and the previous one, and
the allocation sites that grew most are printed (tracing slows the server: compare RSS
figures only between runs without it).

    .venv/bin/python bench/soak.py --minutes 35 --scanners 40 --orders-per-minute 73
    .venv/bin/python bench/soak.py --minutes 12 --warmup 2 --orders-per-minute 150 \
        --scan-interval 2 --poll 5 --plot /tmp/soak.png
    .venv/bin/python bench/soak.py --minutes 20 --tracemalloc --snapshot-every 240
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import trio
from trio_websocket import ConnectionClosed, WebSocketConnection, open_websocket_url

from kolektor.auth.keys import badge_key
from kolektor.config import load_config
from kolektor.demo.database import SubiektDatabase, ZkLine
from kolektor.demo.run import prepare_demo
from kolektor.store import operators, settings
from kolektor.store.engine import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan_load import cpu_seconds, free_port, rss_mb  # the sibling script's helpers

PIN = "4826"
PREFIX = "SOAK"
GOOD_VERDICTS = {"counted", "line_complete", "order_complete"}


def folder_bytes(path: Path) -> int:
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def files_bytes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


# -- the site ------------------------------------------------------------------------------


@dataclass
class Site:
    folder: Path
    config: Path
    subiekt: Path
    store: Path
    data: Path
    log: Path
    badges: list[str]


def prepare(folder: Path, port: int, scanners: int, poll: float, log_file: bool) -> Site:
    config_path = prepare_demo(folder, host="127.0.0.1", port=port, reset=True, language="en")
    text = config_path.read_text("utf-8").replace("poll_interval = 5", f"poll_interval = {poll}")
    if log_file:
        text += '\n[logging]\nfile = "kolektor.log"\nmax_mb = 50\nkeep = 5\n'
    config_path.write_text(text, "utf-8")
    config = load_config(config_path, language="en")
    key = badge_key(config)
    store = Store.open(config.store_url)
    badges = [f"SOAK-{index:03d}" for index in range(scanners)]
    try:
        for index, badge in enumerate(badges):
            store.run_sync(
                operators.create_operator, login=f"soak{index:03d}", name=f"Soak {index}",
                role="packer", pin=PIN, badge_code=badge, badge_key=key, actor="soak",
            )  # fmt: skip
        # The soak's packers type a line's quantity when no barcode fits (docs/api.md,
        # Settings: by default only supervisors and admins may).
        store.run_sync(
            settings.set_setting, "manual_quantity",
            {"roles": ["packer", "supervisor", "admin"]}, actor="soak",
        )  # fmt: skip
    finally:
        store.close()
    subiekt = folder / "subiekt-demo.db"
    with SubiektDatabase(subiekt) as db:
        db.connection.execute("UPDATE tw_Stan SET st_Stan = st_Stan + 1000000")
    database = Path(config.store_url.removeprefix("sqlite:///"))
    return Site(folder, config_path, subiekt, database, config.data_dir,
                folder / "kolektor.log", badges)  # fmt: skip


class Subiekt:
    """Adds ZKs to the demo database as a shop synchronizer would."""

    def __init__(self, path: Path, seed: int = 7) -> None:
        self.path = path
        self.random = random.Random(seed)
        with SubiektDatabase(path) as db:
            self.products = [
                int(row["tw_Id"])
                for row in db.select("tw__Towar", {"tw_Rodzaj": 1}, order_by=["tw_Id"])
                if str(row["tw_PodstKodKresk"] or "").startswith("59")
            ]
            self.customers = [int(r["kh_Id"]) for r in db.select("kh__Kontrahent")]
        self.added = 0

    def waiting(self, store: Path) -> int:
        """Soak ZKs open in Subiekt that nobody has started on: not imported yet, or
        imported and still ``new`` (a packed ZK stays open until it is realized)."""
        with sqlite3.connect(self.path, timeout=30) as conn:
            open_ids = {
                int(row[0])
                for row in conn.execute(
                    "SELECT dok_Id FROM dok__Dokument WHERE dok_Typ = 16 AND dok_Status IN "
                    "(5, 6, 7) AND dok_NrPelny LIKE ?",
                    (f"{PREFIX}%",),
                )
            }
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30) as conn:
            started = {
                int(row[0])
                for row in conn.execute("SELECT subiekt_id FROM orders WHERE status != 'new'")
            }
        return len(open_ids - started)

    def top_up(self, target: int, store: Path) -> int:
        missing = max(0, target - self.waiting(store))
        if not missing:
            return 0
        with SubiektDatabase(self.path) as db:
            db.connection.execute("PRAGMA busy_timeout = 30000")
            for _ in range(missing):
                chosen = self.random.sample(self.products, self.random.randint(2, 5))
                lines = [ZkLine(p, Decimal(self.random.randint(1, 3))) for p in chosen]
                remarks = self.random.choice(["", "", "faktura proszę", "paragon", ""])
                db.add_open_zk(self.random.choice(self.customers), lines, status=6,
                               prefix=PREFIX, remarks=remarks)  # fmt: skip
            db.connection.execute("UPDATE tw_Stan SET st_Stan = st_Stan + 1000")
        self.added += missing
        return missing


# -- the scanners --------------------------------------------------------------------------


@dataclass
class Counters:
    packed: int = 0
    scans: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    collisions: int = 0
    verdicts: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since the start when the scan was sent, scan → verdict in ms), every scan."""
    pings: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since the start, ping → pong in ms) of the independent pinger."""
    started: float = 0.0
    """``time.perf_counter()`` at the start of the run."""

    def error(self, code: str) -> None:
        self.errors[code] = self.errors.get(code, 0) + 1


class Pacer:
    """Hands out order starts at a steady rate, shared by all scanners."""

    def __init__(self, per_minute: float) -> None:
        self.interval = 60.0 / per_minute
        self.next = trio.current_time()

    async def wait(self) -> None:
        slot = max(self.next, trio.current_time())
        self.next = slot + self.interval
        await trio.sleep_until(slot)


class Scanner:
    def __init__(self, socket: WebSocketConnection, index: int, counters: Counters) -> None:
        self.socket = socket
        self.index = index
        self.counters = counters
        self.ref = 0
        self.scan = 0

    async def call(
        self, kind: str, *, expected: frozenset[str] = frozenset(), **fields: Any
    ) -> dict[str, Any]:
        """Send one message and wait for its reply; error replies count as errors unless
        their code is ``expected`` (a lost claim race is counted as a collision)."""
        self.ref += 1
        ref = f"s{self.index}-{self.ref}"
        sent = time.perf_counter()
        await self.socket.send_message(json.dumps({"v": 1, "ref": ref, "type": kind, **fields}))
        while True:
            reply: dict[str, Any] = json.loads(await self.socket.get_message())
            if reply.get("ref") == ref:
                if kind == "scan" and reply.get("type") == "verdict":
                    elapsed = (time.perf_counter() - sent) * 1000
                    self.counters.verdicts.append((sent - self.counters.started, elapsed))
                if reply.get("type") == "error" and reply.get("code") not in expected:
                    self.counters.error(str(reply.get("code")))
                return reply

    async def login(self, badge: str) -> None:
        await self.call("hello", device_id=f"soak-{self.index}", language="en")
        while True:
            reply = await self.call("login", badge=badge, pin=PIN)
            if reply.get("type") == "login_ok":
                return
            if reply.get("code") not in {"busy", "login_throttled", "unavailable"}:
                raise RuntimeError(f"login {badge} refused: {reply}")
            await trio.sleep(float(reply.get("retry_after") or 1))

    async def claim_next(self) -> dict[str, Any] | None:
        candidates: list[dict[str, Any]] = []
        offset: int | None = 0
        while offset is not None and len(candidates) < 20:  # the demo's own ZKs come first
            reply = await self.call("queue", offset=offset, limit=50)
            candidates += [
                o for o in reply.get("orders", [])
                if o["status"] == "new" and str(o["number"]).startswith(PREFIX)
            ]  # fmt: skip
            offset = reply.get("next_offset")
        random.shuffle(candidates := candidates[:20])
        for order in candidates:
            answer = await self.call("claim", order_id=order["id"], expected=LOST_RACE)
            if answer.get("type") == "order":
                return dict(answer["order"])
            self.counters.collisions += 1
        return None

    async def pick(self, order: dict[str, Any], interval: float) -> None:
        for line in order["lines"]:
            if not line["pickable"]:
                continue
            remaining = Decimal(str(line["remaining"]))
            codes = sorted(line["barcodes"], key=lambda b: Decimal(str(b["quantity"])))
            while remaining > 0:
                usable = [b for b in codes if Decimal(str(b["quantity"])) <= remaining]
                await trio.sleep(interval)
                self.scan += 1
                if usable:
                    reply = await self.call(
                        "scan", order_id=order["id"], scan_id=f"{self.index}-{self.scan}",
                        code=usable[-1]["code"], scanned_at="2026-12-07T10:00:00Z",
                    )  # fmt: skip
                    self.counters.scans += 1
                    verdict = reply.get("verdict") or {}
                    if verdict.get("kind") in GOOD_VERDICTS:
                        remaining = Decimal(str(verdict.get("remaining", 0)))
                        continue
                reply = await self.call(
                    "manual", order_id=order["id"], entry_id=f"m{self.index}-{self.scan}",
                    line_id=line["id"], quantity=str(remaining),
                )  # fmt: skip
                remaining = Decimal(0)

    async def pack(self, order: dict[str, Any]) -> bool:
        opened = await self.call("pack_open", code=order["number"])
        if opened.get("type") != "order":
            return False
        reply = await self.call(
            "pack", order_id=order["id"], request_id=f"p{self.index}-{order['id']}",
            packages=[{"weight_kg": "1.2", "template": "B"}],
        )  # fmt: skip
        return reply.get("type") == "packed"


LOST_RACE = frozenset({"not_yours", "wrong_status"})
"""Answers to claiming an order another scanner took a moment earlier."""


async def scanner_loop(
    url: str, index: int, badge: str, pacer: Pacer, counters: Counters, interval: float
) -> None:
    while True:
        try:
            async with open_websocket_url(url) as socket:
                scanner = Scanner(socket, index, counters)
                await scanner.login(badge)
                while True:
                    await pacer.wait()
                    order = await scanner.claim_next()
                    if order is None:
                        await trio.sleep(2)
                        continue
                    await scanner.pick(order, interval)
                    if await scanner.pack(order):
                        counters.packed += 1
        except (ConnectionClosed, OSError) as error:
            counters.error(type(error).__name__)
            await trio.sleep(1)


PING_INTERVAL = 0.5
PAUSE_MS = 100.0
"""A ping → pong longer than this is counted as an event-loop pause."""


async def pinger(url: str, counters: Counters) -> None:
    """An independent device that only pings, every :data:`PING_INTERVAL` seconds: its round
    trips show the server's event-loop pauses whatever the scanners do."""
    while True:
        try:
            async with open_websocket_url(url) as socket:
                hello = {"v": 1, "type": "hello", "device_id": "soak-pinger"}
                await socket.send_message(json.dumps(hello))
                await socket.get_message()
                next_at = trio.current_time()
                number = 0
                while True:
                    next_at += PING_INTERVAL
                    await trio.sleep_until(next_at)
                    number += 1
                    sent = time.perf_counter()
                    ping = {"v": 1, "ref": f"p{number}", "type": "ping"}
                    await socket.send_message(json.dumps(ping))
                    while json.loads(await socket.get_message()).get("ref") != f"p{number}":
                        pass
                    elapsed = (time.perf_counter() - sent) * 1000
                    counters.pings.append((sent - counters.started, elapsed))
        except (ConnectionClosed, OSError) as error:
            counters.error(f"pinger {type(error).__name__}")
            await trio.sleep(1)


# -- measuring ----------------------------------------------------------------------------


@dataclass
class Sample:
    t: float
    rss: float
    packed: int
    done: int
    attention: int
    log_bytes: int
    documents_bytes: int
    store_bytes: int
    cpu: float
    fds: int
    wal_bytes: int


def open_fds(pid: int) -> int:
    """File descriptors the process holds (``/proc/PID/fd``)."""
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


@dataclass
class Minute:
    """One minute of the run: scan → verdict, the pinger's pauses, the server's resources."""

    minute: int
    scans: int
    p50: float
    p99: float
    max: float
    pings: int
    pauses: int
    ping_max: float
    rss: float
    fds: int
    store_mb: float
    wal_mb: float


def minute_of(counters: Counters, minute: int, sample: Sample) -> Minute:
    """Minute ``minute`` (from 0) of the run, with the server's figures from ``sample``."""
    start, end = minute * 60, (minute + 1) * 60
    latencies = [ms for at, ms in counters.verdicts if start <= at < end]
    pings = [ms for at, ms in counters.pings if start <= at < end]
    nan = float("nan")
    return Minute(
        minute=minute + 1, scans=len(latencies),
        p50=round(percentile(latencies, 0.5), 2) if latencies else nan,
        p99=round(percentile(latencies, 0.99), 2) if latencies else nan,
        max=round(max(latencies), 1) if latencies else nan,
        pings=len(pings), pauses=sum(1 for ms in pings if ms > PAUSE_MS),
        ping_max=round(max(pings), 1) if pings else nan,
        rss=sample.rss, fds=sample.fds,
        store_mb=round((sample.store_bytes - sample.wal_bytes) / 2**20, 1),
        wal_mb=round(sample.wal_bytes / 2**20, 1),
    )  # fmt: skip


def print_minute(row: Minute) -> None:
    print(f"  minute {row.minute:4d}: {row.scans:5d} scans, scan → verdict p50 {row.p50:7.2f} "
          f"ms  p99 {row.p99:7.2f} ms  max {row.max:7.1f} ms; pings > {PAUSE_MS:.0f} ms: "
          f"{row.pauses} of {row.pings} (longest {row.ping_max} ms); RSS {row.rss:.0f} MB, "
          f"fds {row.fds}, store {row.store_mb} MB + WAL {row.wal_mb} MB", flush=True)  # fmt: skip


def plot(minutes: list[Minute], path: Path, title: str) -> None:
    """The per-minute figures as a PNG: latency, pauses, memory and descriptors, store."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [m.minute for m in minutes]
    figure, axes = plt.subplots(4, 1, figsize=(10, 11), sharex=True)
    axes[0].plot(xs, [m.p50 for m in minutes], label="p50")
    axes[0].plot(xs, [m.p99 for m in minutes], label="p99")
    axes[0].plot(xs, [m.max for m in minutes], label="max", alpha=0.4)
    axes[0].axhline(20, color="red", linestyle=":", label="target p99 20 ms")
    axes[0].set_yscale("log")
    axes[0].set_ylabel("scan → verdict, ms")
    axes[0].legend(loc="upper right")
    axes[1].bar(xs, [m.pauses for m in minutes], color="tab:red")
    axes[1].set_ylabel(f"pings > {PAUSE_MS:.0f} ms")
    axes[2].plot(xs, [m.rss for m in minutes], color="tab:green")
    axes[2].set_ylabel("RSS, MB (green)")
    fds = axes[2].twinx()
    fds.plot(xs, [m.fds for m in minutes], color="tab:purple")
    fds.set_ylabel("open fds (purple)")
    axes[3].plot(xs, [m.store_mb for m in minutes], label="store")
    axes[3].plot(xs, [m.wal_mb for m in minutes], label="WAL")
    axes[3].set_ylabel("MB")
    axes[3].set_xlabel("minute")
    axes[3].legend(loc="upper left")
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def store_counts(store: Path) -> tuple[dict[str, int], int]:
    """Orders by status, and the bytes of document contents kept in the store."""
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30) as conn:
        counts = dict(conn.execute("SELECT status, COUNT(*) FROM orders GROUP BY status"))
        stored = conn.execute("SELECT COALESCE(SUM(size), 0) FROM documents").fetchone()[0]
    return counts, int(stored)


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    if len(points) < 2:
        return float("nan")
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den * 3600 if den else 0


def growth_lines(before: Path, after: Path, count: int) -> list[str]:
    return [*top_growth(before, after, count), *type_growth(before, after, count)]


def type_growth(before: Path, after: Path, count: int) -> Iterator[str]:
    """The types whose live objects grew most (``snapshot-<n>.types`` beside each)."""

    def counts(path: Path) -> dict[str, int]:
        lines = path.with_suffix(".types").read_text("utf-8").splitlines()
        return {name: int(n) for n, name in (line.split(" ", 1) for line in lines)}

    old, new = counts(before), counts(after)
    grown = sorted(((new[name] - old.get(name, 0), name) for name in new), reverse=True)
    yield "    live objects that grew most (type: count now, change):"
    for change, name in grown[:count]:
        if change <= 0:
            break
        yield f"    {change:+9d}  {name} ({new[name]})"


def top_growth(before: Path, after: Path, count: int) -> Iterator[str]:
    old = tracemalloc.Snapshot.load(str(before))
    new = tracemalloc.Snapshot.load(str(after))
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    old, new = old.filter_traces(ignore), new.filter_traces(ignore)
    total = sum(s.size for s in new.statistics("filename")) - sum(
        s.size for s in old.statistics("filename")
    )
    yield f"    traced total {total / 1024:+.0f} kB"
    for stat in new.compare_to(old, "traceback")[:count]:
        if stat.size_diff <= 0:
            break
        # Most recent call first; site-packages and the repository's folder left out.
        frames = [f"{f.filename.split('site-packages/')[-1].split('/main/')[-1]}:{f.lineno}"
                  for f in reversed(stat.traceback)][:8]  # fmt: skip
        yield (f"    {stat.size_diff / 1024:+9.0f} kB {stat.count_diff:+7d} blocks  "
               + " < ".join(frames))  # fmt: skip


async def soak(args: argparse.Namespace, site: Site, server: subprocess.Popen[str], base: str,
               snapshots: Path | None) -> tuple[list[Sample], list[Minute], Counters]:  # fmt: skip
    counters = Counters(started=time.perf_counter())
    subiekt = Subiekt(site.subiekt)
    await trio.to_thread.run_sync(subiekt.top_up, args.backlog, site.store)
    samples: list[Sample] = []
    writer = None
    handle = open(args.csv, "w", newline="") if args.csv else None  # noqa: SIM115, ASYNC230
    if handle is not None:
        writer = csv.writer(handle)
        writer.writerow(list(Sample.__dataclass_fields__))
    ws = base.replace("http://", "ws://") + "/scanner/ws"
    started = trio.current_time()
    warm = args.warmup * 60
    snapshot_files: list[tuple[float, Path]] = []
    number = 0

    async def top_up_loop() -> None:
        while True:
            await trio.sleep(5)
            await trio.to_thread.run_sync(subiekt.top_up, args.backlog, site.store)

    async def snapshot(label: float) -> None:
        nonlocal number
        assert snapshots is not None
        number += 1
        target = snapshots / f"snapshot-{number:04d}.tracemalloc"
        server.send_signal(signal.SIGUSR1)
        with trio.fail_after(300):
            while not target.exists():  # noqa: ASYNC110 — the server writes it
                await trio.sleep(0.5)
        snapshot_files.append((label, target))
        if len(snapshot_files) >= 2:
            first_warm = next((p for t, p in snapshot_files if t >= warm), snapshot_files[0][1])
            for name, previous in (("since warm-up", first_warm),
                                   ("since previous", snapshot_files[-2][1])):  # fmt: skip
                if previous == target:
                    continue
                print(f"  tracemalloc growth {name} ({previous.name} → {target.name}):")
                lines = await trio.to_thread.run_sync(
                    partial(growth_lines, previous, target, args.top)
                )
                print("\n".join(lines), flush=True)

    minutes: list[Minute] = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(top_up_loop)
        nursery.start_soon(pinger, ws, counters)
        pacer = Pacer(args.orders_per_minute)
        for index, badge in enumerate(site.badges):
            nursery.start_soon(scanner_loop, ws, index, badge, pacer, counters, args.scan_interval)
            await trio.sleep(0.05)
        next_snapshot = warm if snapshots is not None else float("inf")
        while (now := trio.current_time() - started) < args.minutes * 60:
            counts, stored = await trio.to_thread.run_sync(store_counts, site.store)
            sample = Sample(
                t=round(now, 1), rss=round(rss_mb(server.pid), 1), packed=counters.packed,
                done=counts.get("done", 0), attention=counts.get("attention", 0),
                log_bytes=files_bytes([*site.folder.glob("kolektor.log*"),
                                       site.folder / "server-stderr.log"]),
                documents_bytes=folder_bytes(site.data / "documents") + stored,
                store_bytes=files_bytes([site.store, Path(f"{site.store}-wal")]),
                cpu=round(cpu_seconds(server.pid), 1), fds=open_fds(server.pid),
                wal_bytes=files_bytes([Path(f"{site.store}-wal")]),
            )  # fmt: skip
            samples.append(sample)
            while (len(minutes) + 1) * 60 <= time.perf_counter() - counters.started:
                minutes.append(minute_of(counters, len(minutes), sample))
                print_minute(minutes[-1])
            if writer is not None and handle is not None:
                writer.writerow(list(vars(sample).values()))
                handle.flush()
            print(f"{now / 60:6.1f} min  RSS {sample.rss:6.1f} MB  packed {sample.packed:5d}  "
                  f"done {sample.done:5d}  attention {sample.attention}  scans {counters.scans}  "
                  f"log {sample.log_bytes / 2**20:6.1f} MB  documents "
                  f"{sample.documents_bytes / 2**20:6.1f} MB  store "
                  f"{sample.store_bytes / 2**20:6.1f} MB  errors {counters.errors}",
                  flush=True)  # fmt: skip
            if now >= next_snapshot:
                await snapshot(now)
                next_snapshot = now + args.snapshot_every
            await trio.sleep(args.sample)
        nursery.cancel_scope.cancel()
    if handle is not None:
        handle.close()
    print(f"ZKs added {subiekt.added}, scans {counters.scans}, claim collisions "
          f"{counters.collisions}, errors {counters.errors}")  # fmt: skip
    return samples, minutes, counters


def latency_summary(minutes: list[Minute], counters: Counters, warmup_minutes: float) -> None:
    """Scan → verdict and the pinger's pauses over the whole run after the warm-up."""
    warm = warmup_minutes * 60
    latencies = [ms for at, ms in counters.verdicts if at >= warm]
    pings = [ms for at, ms in counters.pings if at >= warm]
    if not latencies:
        return
    worst = max((m for m in minutes if m.minute > warmup_minutes), key=lambda m: m.p99,
                default=None)  # fmt: skip
    print(f"scan → verdict after the warm-up: {len(latencies)} scans, p50 "
          f"{percentile(latencies, 0.5):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms, "
          f"max {max(latencies):.1f} ms (target p99 ≤ 20 ms); worst minute's p99 "
          f"{worst.p99 if worst else float('nan')} ms")  # fmt: skip
    if pings:
        long = [ms for ms in pings if ms > PAUSE_MS]
        print(f"  independent ping every {PING_INTERVAL} s: {len(pings)} round trips, p99 "
              f"{percentile(pings, 0.99):.1f} ms, max {max(pings):.1f} ms; {len(long)} pauses "
              f"over {PAUSE_MS:.0f} ms")  # fmt: skip


def summary(samples: list[Sample], warmup_minutes: float) -> None:
    warm = [s for s in samples if s.t >= warmup_minutes * 60]
    if len(warm) < 2:
        print("not enough samples after the warm-up")
        return
    rss = [s.rss for s in warm]
    mean = statistics.fmean(rss)
    hours = (warm[-1].t - warm[0].t) / 3600
    slope = slope_per_hour([(s.t, s.rss) for s in warm])
    packed = warm[-1].packed - warm[0].packed
    done = warm[-1].done - warm[0].done
    print(f"after a {warmup_minutes:g}-minute warm-up, {hours * 60:.0f} minutes: RSS "
          f"{warm[0].rss:.0f} → {warm[-1].rss:.0f} MB (min {min(rss):.0f}, max {max(rss):.0f}, "
          f"mean {mean:.0f}); largest deviation from the mean "
          f"{max(abs(r - mean) for r in rss) / mean * 100:.1f} % (target ±10 %)")  # fmt: skip
    print(f"  slope {slope:+.1f} MB/h; {packed} orders packed ({packed / hours / 60:.1f}/min), "
          f"{done} done; "
          f"{slope * hours * 1024 / packed if packed else 0:+.1f} kB per packed "
          f"order (by the slope)")  # fmt: skip
    log = (warm[-1].log_bytes - warm[0].log_bytes) / hours / 2**20
    documents = (warm[-1].documents_bytes - warm[0].documents_bytes) / hours / 2**20
    store = (warm[-1].store_bytes - warm[0].store_bytes) / hours / 2**20
    cpu = (warm[-1].cpu - warm[0].cpu) / (warm[-1].t - warm[0].t) * 100
    print(f"  log {log:+.1f} MB/h, documents {documents:+.1f} MB/h, store {store:+.1f} MB/h; "
          f"server CPU {cpu:.0f} % of one core")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=35)
    parser.add_argument("--warmup", type=float, default=10, help="minutes not counted")
    parser.add_argument("--scanners", type=int, default=40)
    parser.add_argument("--orders-per-minute", type=float, default=73)
    parser.add_argument("--scan-interval", type=float, default=1.0,
                        help="seconds between one scanner's scans")  # fmt: skip
    parser.add_argument("--backlog", type=int, default=120,
                        help="new soak ZKs kept waiting in Subiekt")  # fmt: skip
    parser.add_argument("--poll", type=float, default=5, help="the intake's poll interval")
    parser.add_argument("--sample", type=float, default=30, help="seconds between samples")
    parser.add_argument("--csv", type=Path, default=None)
    parser.add_argument("--no-log-file", action="store_true",
                        help="the server logs to stderr (server-stderr.log)")  # fmt: skip
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--snapshot-every", type=float, default=300, help="seconds")
    parser.add_argument("--top", type=int, default=12, help="growing sites shown")
    parser.add_argument("--keep", type=Path, default=None, help="keep the site in this folder")
    parser.add_argument("--worker-process", action="store_true",
                        help="finalize in a separate `kolektor work` process (the server's "
                        "[pipeline] steps = []), as a busy warehouse would run it")  # fmt: skip
    parser.add_argument("--plot", type=Path,
                        default=Path(tempfile.gettempdir()) / "kolektor-soak.png",
                        help="the per-minute figures as a PNG (matplotlib)")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "site"
        site = prepare(folder, free_port(), args.scanners, args.poll, not args.no_log_file)
        env = {**os.environ}
        snapshots = None
        if args.tracemalloc:
            snapshots = folder / "snapshots"
            env["KOLEKTOR_TRACEMALLOC"] = str(snapshots)
        kolektor = Path(sys.executable).parent / "kolektor"
        server_config = site.config
        worker = None
        if args.worker_process:
            # The server only picks and packs; a `kolektor work` finalizes (same store).
            server_config = folder / "server.toml"
            text = site.config.read_text("utf-8") + "\n[pipeline]\nsteps = []\n"
            server_config.write_text(text, "utf-8")
        stderr = open(folder / "server-stderr.log", "wb")  # noqa: SIM115 — the server's
        server = subprocess.Popen(
            [str(kolektor), "--config", str(server_config), "serve"],
            stdout=subprocess.PIPE, stderr=stderr, text=True, env=env,
        )  # fmt: skip
        if args.worker_process:
            worker = subprocess.Popen(
                [str(kolektor), "--config", str(site.config), "work"],
                stdout=subprocess.DEVNULL, stderr=stderr, env=env,
            )  # fmt: skip
        try:
            assert server.stdout is not None
            base = server.stdout.readline().split()[-1]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if httpx.get(base + "/health").json().get("status") == "ok":
                    break
                time.sleep(0.2)
            print(f"server pid {server.pid} at {base}; site {folder}", flush=True)
            samples, minutes, counters = trio.run(soak, args, site, server, base, snapshots)
            summary(samples, args.warmup)
            latency_summary(minutes, counters, args.warmup)
            if minutes:
                title = (f"soak: {args.scanners} scanners, {args.orders_per_minute:g} orders/min, "
                         f"a scan every {args.scan_interval:g} s each")  # fmt: skip
                plot(minutes, args.plot, title)
                print(f"plot: {args.plot}")
        finally:
            for process in (server, worker):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
            stderr.close()


if __name__ == "__main__":
    main()
