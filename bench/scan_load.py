"""Scan → verdict latency with many scanners connected over WebSockets.

Starts the real server (``kolektor serve``, a separate process, SQLite store in WAL mode) on
a demo Subiekt database extended with one large order per scanner, connects N simulated
scanners, lets each claim its own order and scan it at a given rate, and measures the time
from sending a scan to receiving its verdict — every verdict only after the scan and the
pick state are durably stored.  Prints p50/p95/p99, throughput and the server's memory.

The baseline, measured first in the same run, is a ``ping`` → ``pong`` round trip on the
same connections (the WebSocket and JSON cost without any picking or storing).

    .venv/bin/python bench/scan_load.py --scanners 200 --rate 2 --seconds 30
    .venv/bin/python bench/scan_load.py --find-max --p99-limit 50
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

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


async def run_load(
    base: str, scanners: int, rate: float, seconds: float, numbers: list[str], run: int
) -> tuple[Results, list[float], float]:
    ws = base.replace("http://", "ws://") + "/scanner/ws"
    async with httpx.AsyncClient(base_url=base, auth=("biuro", "biuro-demo"), timeout=30) as http:
        listing = (await http.get("/api/orders", params={"limit": 1000})).json()["orders"]
        by_number = {o["number"]: o["id"] for o in listing}
        order_ids = [by_number[number] for number in numbers]
        codes: dict[int, list[str]] = {}
        for order_id in order_ids:
            detail = (await http.get(f"/api/orders/{order_id}")).json()["order"]
            codes[order_id] = [
                b["code"] for line in detail["lines"] for b in line["barcodes"] if b["primary"]
            ]
    baseline = await ping_baseline(ws, 500)
    results = Results()
    go = trio.Event()
    started = time.perf_counter()
    with trio.fail_after(seconds + 120):
        async with trio.open_nursery() as nursery:
            for index, order_id in enumerate(order_ids):
                nursery.start_soon(
                    scanner, ws, index, order_id, codes[order_id], rate, seconds, results, go,
                    run,
                )  # fmt: skip
            while results.ready < scanners:  # noqa: ASYNC110 — counted by the scanner tasks
                await trio.sleep(0.1)
            await trio.sleep(1)
            started = time.perf_counter()
            go.set()
    elapsed = time.perf_counter() - started
    return results, baseline, elapsed


def report(
    scanners: int, rate: float, results: Results, baseline: list[float], elapsed: float, rss: float
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
                results, baseline, elapsed = trio.run(
                    run_load, base, args.scanners, rate, args.seconds, numbers, run
                )
                p99 = report(args.scanners, rate, results, baseline, elapsed, rss_mb(server.pid))
                if args.find_max and p99 > args.p99_limit:
                    print(f"p99 above {args.p99_limit} ms at {rate}/s per scanner "
                          f"({rate * args.scanners:.0f} scans/s in all)")  # fmt: skip
                    break
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
