"""The timeout run: realization under hangs, late commits, lost answers and SIGKILLs must
end with exactly one document per ZK (the exactly-once fence, ``kolektor.finalize.fence``).

Like ``bench/crash_run.py`` (whose preparation and checks it reuses): a demo Subiekt
database with N open ZKs, imported and packed, two ``kolektor work`` processes (leases 2 s)
— but their Subiekt simulator injects faults (``KOLEKTOR_SIMULATOR_FAULTS``): the caller's
timeout is ``--timeout`` seconds, and a realization may be **slow**, **hang** for longer
than the timeout and then save, **time out and commit later**, or **save and lose the
answer**; the simulator then writes blind, as Sfera does, so only the fence stands between
a retry and a second invoice.  Meanwhile the bench **SIGKILLs** a random worker every
0.1–0.8 s.  It goes on until at least ``--interruptions`` happened (injected faults + kills)
and every order is finished, then checks every ZK.

    .venv/bin/python bench/timeout_run.py [--orders 100] [--interruptions 500]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crash_run import FINAL, prepare, start_worker, unfinished

from kolektor.demo.database import SubiektDatabase
from kolektor.finalize.fence import find_mark
from kolektor.finalize.simulator import FAULTS_VARIABLE
from kolektor.store import jobs, orders
from kolektor.store.lifecycle import OrderStatus

FAULTS = ("hang", "late_commit", "lost_answer")
"""Injected faults that count as interruptions (a slow save under the timeout does not)."""


def faults_setting(args: argparse.Namespace, journal: Path) -> str:
    timeout = args.timeout
    return (
        f"timeout={timeout},wait={timeout * 2},"  # each worker its own random faults
        f"slow={args.rate / 2},hang={args.rate},late_commit={args.rate},"
        f"lost_answer={args.rate},slow_seconds=0.1-{timeout * 1.5},"
        f"hang_seconds={timeout * 1.5}-{timeout * 5},late_commit_seconds=0.1-{timeout * 2},"
        f"journal={journal}"
    )


def injected(journal: Path) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    with contextlib.suppress(OSError):
        for line in journal.read_text().splitlines():
            if line.strip():
                counts[line.split()[0]] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--interruptions", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=1.0, help="the caller's timeout, s")
    parser.add_argument("--rate", type=float, default=0.2, help="share of saves per fault")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="kolektor-timeout-"))
    journal = folder / "faults.txt"
    config, store, packed, subiekt = prepare(folder, args.orders, folder / "data")
    os.environ[FAULTS_VARIABLE] = faults_setting(args, journal)
    log = folder / "workers.log"
    workers = {name: start_worker(config, name, log) for name in ("w1", "w2")}
    kills = 0
    started = time.monotonic()

    def interruptions() -> int:
        return kills + sum(injected(journal)[kind] for kind in FAULTS)

    try:
        while interruptions() < args.interruptions or unfinished(store, packed):
            if time.monotonic() - started > 1800:
                break
            if interruptions() >= args.interruptions:
                time.sleep(0.5)  # the interruptions are done: let them finish
                continue
            time.sleep(rng.uniform(0.1, 0.8))
            name = rng.choice(sorted(workers))
            workers[name].send_signal(signal.SIGKILL)
            workers[name].wait()
            workers[name] = start_worker(config, name, log)
            kills += 1
    finally:
        for process in workers.values():
            process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(20)
    seconds = time.monotonic() - started
    faults = injected(journal)
    ends: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    problems = []
    realized = adopted = recognised = documents = 0
    with SubiektDatabase(subiekt) as db:
        for zk_id, order_id in packed.items():
            made = db.select("dok__Dokument", {"dok_DoDokId": zk_id})
            documents += len(made)
            order = store.read_sync(orders.get_order, order_id)
            assert order is not None
            ends[order.status.value] += 1
            if order.status is OrderStatus.ATTENTION:
                reasons[order.status_reason or ""] += 1
                if not order.status_reason:
                    problems.append(f"order {order_id}: attention without a reason")
            if len(made) > 1:
                problems.append(f"ZK {zk_id}: {len(made)} documents")
            job = next(j for j in store.read_sync(jobs.jobs_of, order_id) if j.step == "realize")
            if job.status == "done":
                realized += 1
                result = job.result or {}
                adopted += bool(result.get("adopted"))
                recognised += bool(result.get("mark_matched"))
                if len(made) != 1:
                    problems.append(f"ZK {zk_id}: realized, but {len(made)} documents in Subiekt")
                elif find_mark(str(made[0]["dok_Uwagi"])) is None:
                    problems.append(f"ZK {zk_id}: the document carries no Kolektor mark")
            elif made:
                problems.append(f"ZK {zk_id}: a document in Subiekt the order does not know of")
            if order.status not in FINAL:
                problems.append(f"order {order_id}: left in {order.status.value}")
    store.close()
    kinds = {"kill": kills, **{kind: faults[kind] for kind in FAULTS}}
    slow = faults["slow"]
    print(f"orders {len(packed)}, interruptions {sum(kinds.values())} {kinds} "
          f"(+ {slow} slow saves), {seconds:.0f} s; timeout {args.timeout} s")  # fmt: skip
    print(f"ended: {dict(ends)}; realized {realized} ({adopted} adopted, {recognised} "
          f"recognised by their mark), documents in Subiekt {documents}")  # fmt: skip
    for reason, n in reasons.most_common(5):
        print(f"  attention ×{n}: {reason}")
    print("problems: none — exactly one document per realized ZK" if not problems
          else "PROBLEMS:\n  " + "\n  ".join(problems))  # fmt: skip
    print(f"(workers' log: {log})")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
