"""Intake cost: reading every open ZK from Subiekt and deciding what changed.

Runs on a freshly generated demo database (SQLite through the SQLite ODBC driver, the same
path the tests use).  Prints medians over repeated runs and the ratio of a full read to the
baseline — one trivial query (``SELECT COUNT(*)``) through the same connection — so the
number says how many round trips' worth of work one intake pass is.

    .venv/bin/python bench/intake.py [--orders 72] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kolektor.config import SubiektSettings, default_external_id_rules
from kolektor.demo.generator import create_subiekt_database
from kolektor.demo.run import odbc_connection_string
from kolektor.intake.plan import fingerprint, plan_intake
from kolektor.subiekt.reader import SubiektReader


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=72)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "subiekt.db"
        summary = create_subiekt_database(path, orders=args.orders)
        settings = SubiektSettings(
            connection_string=odbc_connection_string(path), external_id=default_external_id_rules()
        )
        reader = SubiektReader(settings)
        try:
            zks = reader.open_orders()
            lines = sum(len(zk.lines) for zk in zks)
            baseline = median_ms(reader.probe, args.repeat)
            read = median_ms(reader.open_orders, args.repeat)
            prints = median_ms(lambda: [fingerprint(zk) for zk in zks], args.repeat)
            index = {zk.id: _Entry(zk.id, "new", fingerprint(zk)) for zk in zks}
            plan = median_ms(lambda: plan_intake(zks, index), args.repeat)
        finally:
            reader.close()
    print(f"open ZKs: {len(summary.open_zk_ids)}, lines: {lines}, repeat: {args.repeat}")
    print(f"baseline  SELECT COUNT(*)        {baseline:8.3f} ms")
    for name, value in (
        ("read      all open ZKs          ", read),
        ("plan      fingerprints          ", prints),
        ("plan      compare with the store", plan),
    ):
        print(f"{name} {value:8.3f} ms  ({value / baseline:6.1f}× baseline)")


class _Entry:
    def __init__(self, order_id: int, status: str, fingerprint: str) -> None:
        self.order_id, self.status, self.fingerprint = order_id, status, fingerprint


if __name__ == "__main__":
    main()
