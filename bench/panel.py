"""The office panel on a big store: p50/p95 of the orders list, the search, the order page
and the statistics, against the real server, on SQLite and PostgreSQL.

Seeds a store with ``--orders`` orders (50,000 by default) as a year of a busy shop leaves
them: most ``done`` (lines, scans, the pick state, packages, six finalization jobs, the
final document and its timeline), the rest in every other state (new, picking, picked,
problem, held, each finalization step, attention, gone), a tenth from Allegro; twelve
pickers.  The rows are written with bulk inserts in the store's own tables, not through the
scanner (that would take hours).  Then it starts ``kolektor serve`` on that store (a
separate process; the intake cannot reach any Subiekt, so it changes nothing, and the
server runs no finalization steps), logs in as the office with a session like the panel,
and times each request (the wall time of the whole HTTP round trip, sequentially, after a
warm-up):

* the list: the first page (most urgent first and newest first), filtered pages (needing a
  person; done with FS documents in a month; one picker's orders; Allegro orders), a deep
  page (the cursor of the 40,000th order, reached by paging through);
* the search: a ZK number, a customer's name, a NIP;
* the order page's calls (the order, its jobs, scans, picks, packages, documents, audit
  entries) one by one and as one page view (their sum);
* ``GET /api/stats`` for the last 30 days, when the server has that route.

    .venv/bin/python bench/panel.py                       # SQLite, 50,000 orders
    .venv/bin/python bench/panel.py --postgres-cluster    # a throwaway PostgreSQL too
    .venv/bin/python bench/panel.py --postgres postgresql+psycopg://user@host/db
    .venv/bin/python bench/panel.py --orders 5000 --repeat 50   # a quick look

Target (issue 12): every p95 ≤ 150 ms on both databases.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from kolektor import _core
from kolektor.config import render_config
from kolektor.demo import names
from kolektor.demo.run import odbc_connection_string
from kolektor.store import operators as operator_store
from kolektor.store import tables
from kolektor.store.engine import Store
from kolektor.store.search_text import order_search_text

ROOT = Path(__file__).resolve().parents[1]
OFFICE = {"login": "biuro", "password": "biuro-bench-1"}
PICKERS = 12
CHUNK = 5000
TARGET_MS = 150.0
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)

STATUS_SHARES = (
    ("done", 0.905), ("gone", 0.015), ("new", 0.02), ("picking", 0.006), ("picked", 0.004),
    ("problem", 0.008), ("held", 0.003), ("packed", 0.002), ("label", 0.001),
    ("realize", 0.002), ("document", 0.001), ("print", 0.001), ("email", 0.001),
    ("allegro", 0.001), ("attention", 0.029),
)  # fmt: skip
"""What a year of orders looks like on a given afternoon."""
STEPS = ("label", "realize", "document", "print", "email", "allegro")
DOCUMENT_SHARES = (("PAi", 0.55), ("FS", 0.35), ("PA", 0.07), ("WZ", 0.03))
FAKE_PDF = b"%PDF-1.7\n% bench\n" + b"0" * 200 + b"\n%%EOF\n"


def _choose(rng: random.Random, shares: tuple[tuple[str, float], ...]) -> str:
    point, total = rng.random(), 0.0
    for value, share in shares:
        total += share
        if point < total:
            return value
    return shares[-1][0]


# -- seeding ---------------------------------------------------------------------------------


@dataclass
class Customer:
    name: str
    symbol: str
    nip: str | None
    email: str
    phone: str
    person: bool


def _customers(rng: random.Random, count: int) -> list[Customer]:
    found = []
    for index in range(count):
        if rng.random() < 0.3:
            short, _ = rng.choice(names.COMPANIES)
            city, _ = rng.choice(names.CITIES)
            nip = "".join(str(rng.randrange(10)) for _ in range(10))
            found.append(Customer(f"{short} {city}", f"K{index:05d}", nip,
                                  f"biuro{index}@{rng.choice(names.EMAIL_DOMAINS)}",
                                  f"+48 {rng.randrange(500, 900)} {rng.randrange(100, 999)} "
                                  f"{rng.randrange(100, 999)}", False))  # fmt: skip
            continue
        female = rng.random() < 0.5
        first = rng.choice(names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES)
        surname = rng.choice(names.SURNAMES)[1 if female else 0]
        email = f"{first.lower()}.{surname.lower()}{index}@{rng.choice(names.EMAIL_DOMAINS)}"
        found.append(Customer(f"{first} {surname}", f"K{index:05d}", None, email,
                              f"+48 {rng.randrange(500, 900)} {rng.randrange(100, 999)} "
                              f"{rng.randrange(100, 999)}", True))  # fmt: skip
    return found


@dataclass
class Seeded:
    """What the bench looks for afterwards."""

    orders: int
    numbers: list[str] = field(default_factory=list)
    customer_words: list[str] = field(default_factory=list)
    nips: list[str] = field(default_factory=list)
    page_orders: list[int] = field(default_factory=list)
    """Done orders with everything: the order pages to open."""
    picker: str = "p01"


class Writer:
    """Rows collected per table, written in chunks with one executemany each."""

    ORDER = ("orders", "order_search", "order_lines", "pick_states", "scans", "packages",
             "jobs", "documents", "order_events", "audit_log")  # fmt: skip

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        pending = self.rows.setdefault(table.name, [])
        pending.append(row)
        if len(pending) >= CHUNK:
            self.flush_all()  # every table, orders first (the foreign keys)

    def flush(self, table: sa.Table) -> None:
        pending = self.rows.get(table.name)
        if pending:
            self.conn.execute(table.insert(), pending)
            self.rows[table.name] = []

    def flush_all(self) -> None:
        for name in self.ORDER:
            self.flush(tables.metadata.tables[name])


def seed(store: Store, count: int, *, seed_value: int = 12) -> Seeded:
    """``count`` orders with everything they have at their status (see the module)."""
    rng = random.Random(seed_value)
    store.upgrade(badge_key=b"b" * 32)
    picker_ids = []
    for index in range(1, PICKERS + 1):
        operator = store.run_sync(
            operator_store.create_operator, login=f"p{index:02d}",
            name=f"{rng.choice(names.FEMALE_FIRST_NAMES)} {rng.choice(names.SURNAMES)[1]}",
            role="picker", pin="4826", actor="bench",
        )  # fmt: skip
        picker_ids.append(operator)
    store.run_sync(
        operator_store.create_operator, login=OFFICE["login"], name="Biuro", role="office",
        password=OFFICE["password"], actor="bench",
    )  # fmt: skip
    customers = _customers(rng, max(200, count // 6))
    seeded = Seeded(count)
    start = NOW - timedelta(days=365)
    step = timedelta(days=365) / count
    ids = {"line": 0, "scan": 0, "job": 0, "event": 0, "package": 0, "document": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def bulk(conn: sa.Connection) -> None:
        writer = Writer(conn)
        for order_id in range(1, count + 1):
            issued = start + step * order_id + timedelta(seconds=rng.randrange(600))
            recent = order_id > count - count // 25  # the last two weeks or so
            status = _choose(rng, STATUS_SHARES) if recent else (
                "gone" if rng.random() < 0.02 else "done")  # fmt: skip
            _one_order(writer, rng, order_id, issued, status, customers, picker_ids, next_id,
                       seeded)  # fmt: skip
        writer.flush_all()
        if conn.dialect.name == "postgresql":
            for name in ("orders", "order_lines", "scans", "jobs", "order_events", "packages",
                         "documents", "audit_log"):  # fmt: skip
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
                ))  # fmt: skip
            conn.execute(sa.text("ANALYZE"))

    store.run_sync(bulk)
    return seeded


def _one_order(
    writer: Writer, rng: random.Random, order_id: int, issued: datetime, status: str,
    customers: list[Customer], picker_ids: list[int], next_id: Callable[[str], int],
    seeded: Seeded,
) -> None:  # fmt: skip
    customer = rng.choice(customers)
    allegro = rng.random() < 0.1
    year_number = f"ZK {order_id}/{issued:%Y}"
    shop_number = not allegro and rng.random() < 0.3
    header: dict[str, Any] = {
        "number": year_number,
        "original_number": f"SKLEP-{issued:%Y}-{order_id:06d}" if shop_number else None,
        "external_id": str(uuid.UUID(int=rng.getrandbits(128))) if allegro else None,
        "customer_name": customer.name, "customer_symbol": customer.symbol,
        "nip": customer.nip, "nip_raw": customer.nip, "email": customer.email,
        "billing": None, "delivery": None,
    }  # fmt: skip
    lines = []
    value = Decimal(0)
    for position in range(1, rng.randint(1, 8) + 1):
        quantity = Decimal(rng.randint(1, 3))
        price = Decimal(rng.randrange(300, 9000)) / 100
        line_value = (price * quantity).quantize(Decimal("0.01"))
        value += line_value
        lines.append((next_id("line"), position, quantity, price, line_value))
    claimed = status not in {"new", "gone", "held"}
    operator = rng.choice(picker_ids) if claimed else None
    writer.add(tables.orders, {
        "id": order_id, "subiekt_id": 10_000_000 + order_id, "status": status,
        "status_reason": _reason(status), "status_changed_at": issued + timedelta(hours=3),
        "fingerprint": f"{order_id:064x}", "issued_at": issued, "due_at": None,
        "warehouse_id": 1, "category_id": None, "category": None, "customer_id": None,
        "customer_is_person": customer.person, "phone": customer.phone,
        "remarks": "faktura" if customer.nip else "", "remarks_ext": "", "title": None,
        "subtitle": None, "currency": "PLN", "value_net": (value / Decimal("1.23")).quantize(
            Decimal("0.01")), "value_gross": value, "payment_form_id": None, "flag_ids": [],
        "custom_fields": {}, "priority": 1 if rng.random() < 0.02 else 0,
        "claimed_by": operator, "claimed_at": issued + timedelta(hours=1) if claimed else None,
        "imported_at": issued, "updated_at": issued + timedelta(hours=3),
        "subiekt_changed_at": None, "version": 3, "generation": 1,
        **header,
    })  # fmt: skip
    writer.add(tables.order_search, {"order_id": order_id, "text": order_search_text(header)})
    picked_all = status not in {"new", "gone", "held", "picking", "problem"}
    picks: list[tuple[int, Decimal, str]] = []
    for line_id, position, quantity, price, line_value in lines:
        code = f"590{line_id % 10_000_000:09d}"
        picked = quantity if picked_all else (quantity - 1 if claimed else Decimal(0))
        writer.add(tables.order_lines, {
            "id": line_id, "order_id": order_id, "position": position,
            "subiekt_line_id": line_id, "product_id": 1000 + line_id % 300,
            "symbol": f"TW-{line_id % 300:04d}", "name": f"Towar {line_id % 300}", "kind": 1,
            "quantity": quantity, "unit": "szt.", "base_quantity": quantity,
            "price_net": price, "price_gross": price, "discount_percent": Decimal(0),
            "value_net": line_value, "value_vat": Decimal(0), "value_gross": line_value,
            "vat_symbol": "23", "vat_rate": Decimal(23),
            "barcodes": [{"code": code, "quantity": "1", "primary": True}],
            "location": f"A-{line_id % 40:02d}", "picked_quantity": picked,
        })  # fmt: skip
        picks.append((line_id, picked, code))
    events: list[tuple[str, str | None, str, str]] = [("imported", None, "new", "intake")]
    if claimed:
        _picking(writer, rng, order_id, issued, operator or 0, picks, lines, next_id)
        events.append(("status_changed", "new", "picking", f"operator:p{operator:02d}"))
    if picked_all:
        events += [("status_changed", "picking", "picked", "operator:bench"),
                   ("status_changed", "picked", "packed", "operator:bench")]  # fmt: skip
        writer.add(tables.packages, {
            "id": next_id("package"), "order_id": order_id, "number": 1,
            "weight_kg": Decimal(rng.randrange(200, 9000)) / 1000, "template": None,
            "created_at": issued + timedelta(hours=2), "created_by": operator, "generation": 1,
        })  # fmt: skip
        _jobs(writer, rng, order_id, issued, status, next_id, events, seeded)
    elif status in {"problem", "held", "gone"}:
        events.append(("status_changed", "picking" if claimed else "new", status, "intake"))
    for index, (event, source, target, actor) in enumerate(events):
        writer.add(tables.order_events, {
            "id": next_id("event"), "order_id": order_id,
            "at": issued + timedelta(minutes=10 * index), "event": event,
            "from_status": source, "to_status": target, "reason": None, "actor": actor,
            "details": None,
        })  # fmt: skip
    if status == "done" and order_id % 97 == 0:
        seeded.page_orders.append(order_id)
        seeded.numbers.append(year_number)
        if customer.nip:
            seeded.nips.append(customer.nip)
        seeded.customer_words.append(customer.name.split()[-1])


def _reason(status: str) -> str | None:
    return {
        "problem": "Zgłoszono brak: Towar 17 (zostało 1).",
        "attention": "Realizacja w Subiekcie: za mało towaru w magazynie.",
        "held": "ZK nie przechodzi już filtrów pobierania.",
        "gone": "ZK usunięto w Subiekcie.",
    }.get(status)


def _picking(
    writer: Writer, rng: random.Random, order_id: int, issued: datetime, operator: int,
    picks: list[tuple[int, Decimal, str]], lines: list[Any], next_id: Callable[[str], int],
) -> None:  # fmt: skip
    """The scans of the picked quantities and the pick state they left."""
    session = _core.PickSession([
        _core.PickLine(line_id, 1000 + line_id % 300, quantity, [f"0{code}0"])
        for (line_id, _, quantity, _, _), (_, _, code) in zip(lines, picks, strict=True)
    ])  # fmt: skip
    device = f"TC21-{operator:02d}"
    at = issued + timedelta(hours=1)
    for line_id, picked, code in picks:
        for _ in range(int(picked)):
            scan_id = next_id("scan")
            verdict = session.scan(f"{device}:s{scan_id}", f"0{code}0").kind
            at += timedelta(seconds=rng.randrange(4, 40))
            writer.add(tables.scans, {
                "id": scan_id, "order_id": order_id, "line_id": line_id,
                "operator_id": operator, "device_id": device, "scan_uid": f"s{scan_id}",
                "raw": code, "interpretation": None, "verdict": verdict,
                "quantity": Decimal(1), "scanned_at": at, "received_at": at,
            })  # fmt: skip
        if rng.random() < 0.05:  # a wrong product now and then
            scan_id = next_id("scan")
            writer.add(tables.scans, {
                "id": scan_id, "order_id": order_id, "line_id": None, "operator_id": operator,
                "device_id": device, "scan_uid": f"s{scan_id}", "raw": "5901234123457",
                "interpretation": None, "verdict": "wrong_product", "quantity": None,
                "scanned_at": at, "received_at": at,
            })  # fmt: skip
    writer.add(tables.pick_states, {
        "order_id": order_id, "state": session.to_bytes(), "scans": 0, "updated_at": at,
        "version": 1,
    })  # fmt: skip


def _jobs(
    writer: Writer, rng: random.Random, order_id: int, issued: datetime, status: str,
    next_id: Callable[[str], int], events: list[Any], seeded: Seeded,
) -> None:  # fmt: skip
    """The six finalization jobs as far as the order got, its document and timeline."""
    kind = _choose(rng, DOCUMENT_SHARES)
    reached = len(STEPS) if status in {"done", "attention"} else (
        STEPS.index(status) if status in STEPS else 0)  # fmt: skip
    for index, step in enumerate(STEPS):
        job_status = "pending"
        result: dict[str, Any] | None = None
        error = None
        if index < reached:
            job_status = "done" if step in {"realize", "document"} else "not_configured"
            if step == "realize":
                result = {"kind": kind, "document_kind": kind, "number": f"{kind} {order_id}/2026"}
        if status == "attention" and step == "realize":
            job_status, error = "failed", "Za mało towaru w magazynie (Subiekt)."
        if status == "attention" and index > STEPS.index("realize"):
            job_status = "pending"
        writer.add(tables.jobs, {
            "id": next_id("job"), "order_id": order_id, "step": step, "status": job_status,
            "attempts": 3 if error else 0, "next_run_at": issued + timedelta(hours=2),
            "locked_by": None, "locked_until": None, "last_error": error, "result": result,
            "created_at": issued + timedelta(hours=2), "updated_at": issued + timedelta(hours=3),
            "generation": 1, "first_failed_at": None, "started_at": None,
        })  # fmt: skip
    if status == "done":
        events.append(("status_changed", "packed", "done", "worker:bench"))
        writer.add(tables.documents, {
            "id": next_id("document"), "order_id": order_id, "generation": 1, "kind": kind,
            "number": f"{kind} {order_id}/2026", "filename": f"{kind}_{order_id}_2026.pdf",
            "media_type": "application/pdf", "content": FAKE_PDF, "sha256": "0" * 64,
            "size": len(FAKE_PDF), "created_at": issued + timedelta(hours=3),
        })  # fmt: skip
    if status == "attention":
        events.append(("status_changed", "realize", "attention", "worker:bench"))


# -- the server ------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(folder: Path, store_url: str) -> Iterator[str]:
    """``kolektor serve`` on ``store_url`` with no Subiekt to read and no steps to run."""
    port = _free_port()
    config = folder / "kolektor.toml"
    text = render_config(
        connection_string=odbc_connection_string(folder / "no-such-folder" / "subiekt.db"),
        port=port, poll_interval=3600, data_dir=str(folder / "data"),
        extra='\n[pipeline]\nsteps = []\n\n[security]\nsecret_key = "' + "s" * 40 + '"\n',
    ).replace('url = ""', f'url = "{store_url}"')  # fmt: skip
    config.write_text(text, encoding="utf-8")
    script = Path(sys.executable).with_name("kolektor")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kolektor.cli"]
    process = subprocess.Popen(
        [*command, "--config", str(config), "serve"], stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, cwd=folder,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    ready = threading.Event()
    output: list[str] = []

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line.rstrip())
            if "listening at" in line or "działa pod adresem" in line:
                ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    try:
        if not ready.wait(120) or process.poll() is not None:
            raise RuntimeError("kolektor serve did not start:\n" + "\n".join(output[-30:]))
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    samples: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(client: httpx.Client, path: str, params: Any = None) -> tuple[float, Any]:
    began = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} {params}: {response.status_code} {response.text[:300]}")
    return elapsed, response


def measure(base_url: str, seeded: Seeded, repeat: int) -> list[Timing]:
    client = httpx.Client(base_url=base_url, timeout=60)
    response = client.post("/api/session", json=OFFICE)
    response.raise_for_status()
    rng = random.Random(5)
    month_from, month_to = (NOW - timedelta(days=60)).date(), (NOW - timedelta(days=30)).date()
    lists: dict[str, Callable[[], Any]] = {
        "list: first page, most urgent first": lambda: {"limit": 50},
        "list: first page, newest first": lambda: {"limit": 50, "sort": "newest"},
        "list: needing a person (attention, problem)": lambda: {
            "limit": 50, "status": ["attention", "problem"]},
        "list: done, FS, one month, newest first": lambda: {
            "limit": 50, "status": "done", "document": "FS", "from": month_from.isoformat(),
            "to": month_to.isoformat(), "sort": "newest"},
        "list: one picker's orders": lambda: {"limit": 50, "operator": seeded.picker,
                                              "sort": "newest"},
        "list: Allegro orders": lambda: {"limit": 50, "source": "allegro", "sort": "newest"},
        "search: ZK number": lambda: {"limit": 50, "q": rng.choice(seeded.numbers)},
        "search: customer name": lambda: {"limit": 50, "q": rng.choice(seeded.customer_words)},
        "search: NIP": lambda: {"limit": 50, "q": rng.choice(seeded.nips)},
    }  # fmt: skip
    # The deep page: page through once (1000 at a time) to the 40,000th order's cursor.
    deep_index = min(40_000, seeded.orders * 4 // 5)
    cursor, seen = None, 0
    while seen < deep_index:
        params = {"limit": 1000, "sort": "newest", **({"after": cursor} if cursor else {})}
        body = _timed(client, "/api/orders", params)[1].json()
        seen += len(body["orders"])
        cursor = body["next"]
    lists["list: deep page (after the 40,000th order)"] = lambda: {
        "limit": 50,
        "sort": "newest",
        "after": cursor,
    }
    stats_params = {"from": (NOW - timedelta(days=30)).date().isoformat(),
                    "to": NOW.date().isoformat()}  # fmt: skip
    has_stats = client.get("/api/stats", params=stats_params).status_code != 404
    order_calls = ("", "/jobs", "/scans", "/picks", "/packages", "/documents", "/audit")
    results: dict[str, list[float]] = {}
    for round_ in range(repeat + 5):  # five rounds of warm-up
        keep = round_ >= 5
        for name, make in lists.items():
            elapsed, _ = _timed(client, "/api/orders", make())
            if keep:
                results.setdefault(name, []).append(elapsed)
        order_id = rng.choice(seeded.page_orders)
        total = 0.0
        for suffix in order_calls:
            elapsed, _ = _timed(client, f"/api/orders/{order_id}{suffix}")
            total += elapsed
            if keep:
                results.setdefault(f"order page: GET /api/orders/<id>{suffix}", []).append(elapsed)
        if keep:
            results.setdefault("order page: all seven calls", []).append(total)
        if has_stats:
            elapsed, _ = _timed(client, "/api/stats", stats_params)
            if keep:
                results.setdefault("stats: GET /api/stats (30 days)", []).append(elapsed)
    client.close()
    return [Timing(name, samples) for name, samples in results.items()]


def report(label: str, timings: list[Timing]) -> bool:
    print(f"\n{label}")
    print(f"{'measurement':58} {'p50 ms':>8} {'p95 ms':>8}")
    met = True
    for timing in timings:
        flag = "" if timing.p95 <= TARGET_MS or "all seven" in timing.name else "  > target"
        if flag:
            met = False
        print(f"{timing.name:58} {timing.p50:8.1f} {timing.p95:8.1f}{flag}")
    return met


def run(label: str, store_url: str, folder: Path, args: argparse.Namespace) -> bool:
    store = Store.open(store_url)
    try:
        began = time.perf_counter()
        seeded = seed(store, args.orders)
        print(f"{label}: seeded {args.orders} orders in {time.perf_counter() - began:.0f} s")
    finally:
        store.close()
    with serving(folder, store_url) as url:
        return report(f"{label}, {args.orders} orders, {args.repeat} rounds",
                      measure(url, seeded, args.repeat))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=100, help="rounds of every request")
    parser.add_argument("--postgres", help="also on this (empty) PostgreSQL database")
    parser.add_argument(
        "--postgres-cluster",
        action="store_true",
        help="also on a throwaway PostgreSQL cluster (initdb, as the tests)",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    met = True
    with tempfile.TemporaryDirectory(prefix="kolektor-panel-bench-") as temp:
        folder = Path(temp)
        if not args.no_sqlite:
            (folder / "sqlite").mkdir()
            url = f"sqlite:///{folder / 'sqlite' / 'kolektor.db'}"
            met &= run("SQLite", url, folder / "sqlite", args)
        if args.postgres:
            (folder / "pg").mkdir()
            met &= run("PostgreSQL", args.postgres, folder / "pg", args)
        if args.postgres_cluster:
            sys.path.insert(0, str(ROOT))
            from tests.postgres import Cluster

            cluster = Cluster(durable=True)
            cluster.create()
            try:
                (folder / "pg").mkdir(exist_ok=True)
                met &= run("PostgreSQL (throwaway cluster)", cluster.url, folder / "pg", args)
            finally:
                cluster.destroy()
    print(f"\ntarget p95 ≤ {TARGET_MS:.0f} ms: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
