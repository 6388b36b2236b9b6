"""Pick engine verdicts per second on a 500-line order, through ``kolektor._core``.

The order has 500 lines of 10 units each (one line in five also has a 12-pack barcode, one
in ten needs a batch number).  Workloads, each replayed on a fresh session:

* ``counting``: the scans that pick the whole order (5 000 scans, every one counts);
* ``mixed``: the same scans with 25 % more operations mixed in — replayed scan ids
  (duplicates), wrong products, unknown codes, over-picks, batch-required scans;
* ``mixed + read``: as ``mixed``, also reading ``kind`` and ``remaining`` (a ``Decimal``)
  from every verdict, as the server does to answer the scanner.

Baselines, measured in the same process on the same inputs:

* ``python dict``: a pure-Python implementation of the same counting rule (barcode → lines
  dict, over-pick check, seen scan ids, batch check), returning a tuple per scan;
* ``trivial call``: the raw cost of calling into ``_core`` (the ``PickSession.is_complete``
  property, which does nothing but read a bool).

Also the snapshot of the finished order: size and time of ``to_bytes``/``from_bytes`` and
``to_json``/``from_json``.  Medians over ``--repeat`` runs.

    .venv/bin/python bench/pick.py [--lines 500] [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from kolektor import _core

Scan = tuple[str, str, str | None, bool]  # scan id, key, batch, known product


def gtin14(number: int) -> str:
    payload = f"590{number:010d}"
    return "0" + payload + str(_core.gtin_check_digit(payload))


def pack14(number: int) -> str:
    payload = f"1590{number:09d}"
    return payload + str(_core.gtin_check_digit(payload))


def make_order(line_count: int) -> list[_core.PickLine]:
    lines = []
    for n in range(line_count):
        barcodes: list[str | tuple[str, int]] = [gtin14(n)]
        if n % 5 == 0:
            barcodes.append((pack14(n), 12))
        lines.append(_core.PickLine(n + 1, 1000 + n, 10, barcodes, requires_batch=(n % 10 == 3)))
    return lines


def counting_scans(line_count: int, rng: random.Random) -> list[Scan]:
    scans: list[Scan] = []
    for n in range(line_count):
        batch = "L1" if n % 10 == 3 else None
        scans.extend(("", gtin14(n), batch, True) for _ in range(10))
    rng.shuffle(scans)
    return [(f"s{i}", key, batch, known) for i, (_, key, batch, known) in enumerate(scans)]


def mixed_scans(counting: list[Scan], line_count: int, rng: random.Random) -> list[Scan]:
    extra: list[Scan] = []
    for i in range(len(counting) // 4):
        roll = i % 5
        if roll == 0:  # a replayed scan id
            extra.append(counting[rng.randrange(len(counting))])
        elif roll == 1:  # in the catalogue, not on the order
            extra.append((f"w{i}", gtin14(line_count + 1 + i), None, True))
        elif roll == 2:  # unknown code
            extra.append((f"u{i}", f"X{i}", None, False))
        elif roll == 3:  # a 12-pack on a 10-unit line: over-pick
            extra.append((f"p{i}", pack14(5 * rng.randrange(line_count // 5)), None, True))
        else:  # batch missing
            extra.append((f"b{i}", gtin14(10 * rng.randrange(line_count // 10) + 3), None, True))
    mixed = counting + extra
    rng.shuffle(mixed)
    return mixed


class PythonPick:
    """The same counting rule in plain Python dicts (the baseline)."""

    def __init__(self, lines: list[_core.PickLine]) -> None:
        self.ordered = [line.ordered for line in lines]
        self.picked = [Decimal(0)] * len(lines)
        self.batch = [line.requires_batch for line in lines]
        self.by_key: dict[str, list[tuple[int, Decimal]]] = {}
        for index, line in enumerate(lines):
            for code, multiplier in line.barcodes:
                self.by_key.setdefault(code, []).append((index, multiplier))
        self.seen: dict[str, tuple[str, int, Decimal]] = {}

    def scan(
        self, scan_id: str, key: str, batch: str | None, known: bool
    ) -> tuple[str, int, Decimal]:
        if scan_id in self.seen:
            return ("duplicate", -1, Decimal(0))
        candidates = self.by_key.get(key)
        if candidates is None:
            verdict = ("wrong_product" if known else "unknown_code", -1, Decimal(0))
        else:
            verdict = ("over_pick", candidates[0][0], Decimal(0))
            for index, multiplier in candidates:
                if self.picked[index] + multiplier <= self.ordered[index]:
                    if self.batch[index] and not batch:
                        verdict = ("batch_required", index, self.picked[index])
                        break
                    self.picked[index] += multiplier
                    verdict = ("counted", index, self.picked[index])
                    break
        self.seen[scan_id] = verdict
        return verdict


def median_rate(run: Callable[[], float], count: int, repeat: int) -> float:
    """Median operations per second; ``run`` returns its own elapsed seconds."""
    run()  # warm-up
    return statistics.median(count / run() for _ in range(repeat))


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(20261201)
    lines = make_order(args.lines)
    counting = counting_scans(args.lines, rng)
    mixed = mixed_scans(counting, args.lines, rng)

    def core_run(scans: list[Scan], read: bool = False) -> Callable[[], float]:
        def run() -> float:
            session = _core.PickSession(lines)
            scan = session.scan
            start = time.perf_counter()
            if read:
                for scan_id, key, batch, known in scans:
                    verdict = scan(scan_id, key, batch=batch, known_product=known)
                    verdict.kind, verdict.remaining  # noqa: B018
            else:
                for scan_id, key, batch, known in scans:
                    scan(scan_id, key, batch=batch, known_product=known)
            elapsed = time.perf_counter() - start
            assert session.is_complete, "the workload should pick the whole order"
            return elapsed

        return run

    def python_run(scans: list[Scan]) -> Callable[[], float]:
        def run() -> float:
            session = PythonPick(lines)
            scan = session.scan
            start = time.perf_counter()
            for scan_id, key, batch, known in scans:
                scan(scan_id, key, batch, known)
            return time.perf_counter() - start

        return run

    def trivial_run() -> float:
        session = _core.PickSession(lines[:1])
        start = time.perf_counter()
        for _ in range(len(mixed)):
            session.is_complete  # noqa: B018
        return time.perf_counter() - start

    rates = {
        "core counting": median_rate(core_run(counting), len(counting), args.repeat),
        "core mixed": median_rate(core_run(mixed), len(mixed), args.repeat),
        "core mixed + read": median_rate(core_run(mixed, read=True), len(mixed), args.repeat),
        "python dict counting": median_rate(python_run(counting), len(counting), args.repeat),
        "python dict mixed": median_rate(python_run(mixed), len(mixed), args.repeat),
        "trivial _core call": median_rate(trivial_run, len(mixed), args.repeat),
    }
    print(
        f"order: {args.lines} lines, {len(counting)} counting scans, "
        f"{len(mixed)} mixed operations; medians of {args.repeat} runs"
    )
    python_mixed = rates["python dict mixed"]
    for name, rate in rates.items():
        print(
            f"  {name:<22} {rate:>12,.0f} verdicts/s  {1e6 / rate:7.2f} µs each"
            f"  ({rate / python_mixed:.2f}× python dict mixed)"
        )

    finished = _core.PickSession(lines)
    for scan_id, key, batch, known in mixed:
        finished.scan(scan_id, key, batch=batch, known_product=known)
    data = finished.to_bytes()
    text = finished.to_json()
    progress = finished.progress()
    print(
        f"snapshot of the finished order ({progress.operations} operation ids, "
        f"{progress.actions} actions): {len(data):,} bytes binary, {len(text):,} bytes JSON"
    )
    for name, fn in [
        ("to_bytes", finished.to_bytes),
        ("from_bytes", lambda: _core.PickSession.from_bytes(data)),
        ("to_json", finished.to_json),
        ("from_json", lambda: _core.PickSession.from_json(text)),
    ]:
        print(f"  {name:<10} {median_ms(fn, args.repeat):8.2f} ms")


if __name__ == "__main__":
    main()
