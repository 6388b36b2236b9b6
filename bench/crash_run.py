"""The crash run: finalization under hundreds of interruptions must end with exactly one
document per ZK and every order finished — or in ``attention`` with a reason a person must
decide on.

Prepares a demo Subiekt database with N open ZKs (stock topped up), imports and packs them
all, then runs two ``kolektor work`` processes (short leases) and interrupts them until at
least ``--interruptions`` happened:

* **SIGKILL** of a random worker at a random moment (0.05–0.6 s apart), restarted at once;
* **a Subiekt outage**: the Subiekt database file taken away for 1–3 s (Sfera and SQL
  unreachable; the steps fail and retry);
* **a full disk** under Kolektor's store (a 64 MiB tmpfs, filled to the last byte for 1–3 s;
  needs root — skipped with a note otherwise).

Then it lets the workers finish and checks, for every packed order: at most one document
made from its ZK in Subiekt (exactly one when realized), its PDF stored when it was made,
and a final state — ``attention`` with the reason (label, printing and e-mail are not
configured here, so that is the expected end) or ``done``.

    .venv/bin/python bench/crash_run.py [--orders 100] [--interruptions 500]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import errno
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import trio

from kolektor.config import load_config, render_config
from kolektor.demo.database import SubiektDatabase
from kolektor.demo.generator import create_subiekt_database
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, odbc_connection_string
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.intake.loop import SubiektSource, run_once
from kolektor.store import documents, jobs, operators, orders, picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from kolektor.subiekt.reader import SubiektReader

KOLEKTOR = Path(sys.executable).parent / "kolektor"
FINAL = {OrderStatus.DONE, OrderStatus.ATTENTION}


def mount_small_disk(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs",
                             str(path)], capture_output=True, check=False)  # fmt: skip
    return result.returncode == 0


def fill(path: Path) -> None:
    fd = os.open(path / "filler.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    chunk = b"\0" * (1 << 20)
    try:
        for size in (len(chunk), 4096, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, chunk[:size]):
                    pass
    finally:
        os.close(fd)


def prepare(folder: Path, count: int, data: Path) -> tuple[Path, Store, dict[int, int], Path]:
    database = folder / "subiekt.db"
    create_subiekt_database(database, orders=count)
    with SubiektDatabase(database) as db:
        db.connection.execute("UPDATE tw_Stan SET st_Stan = st_Stan + 100000")
    config_path = folder / "kolektor.toml"
    text = render_config(connection_string=odbc_connection_string(database), data_dir=str(data),
                         extra=DEMO_EXTERNAL_ID_RULES)  # fmt: skip
    config_path.write_text(text + "\n[pipeline]\nretry_hours = 1\n", encoding="utf-8")
    config = load_config(config_path, language="pl")
    store = Store.open(config.store_url)
    store.upgrade()
    reader = SubiektReader(config.subiekt)
    trio.run(run_once, SubiektSource(reader), store, "pl")
    reader.close()
    packer = store.run_sync(operators.create_operator, login="marek", name="M", role="packer")
    rules = store.read_sync(load_rules, "pl")
    packed = {}
    for zk_id, entry in store.read_sync(orders.intake_index).items():
        for status in (OrderStatus.PICKING, OrderStatus.PICKED):
            store.run_sync(orders.change_status, entry.order_id, status, reason=None, actor="run")
        order = store.read_sync(orders.get_order, entry.order_id)
        assert order is not None
        plan = plan_for(order, rules, "pl")
        store.run_sync(picking.pack_order, order.id, (PackageInput(Decimal("1")),),
                       operator_id=packer, actor="run", plan=plan.steps, skipped=plan.skipped,
                       summary=plan.summary)  # fmt: skip
        packed[zk_id] = order.id
    return config_path, store, packed, database


def start_worker(config: Path, name: str, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as sink:
        return subprocess.Popen(
            [str(KOLEKTOR), "--config", str(config), "work", "--name", name,
             "--lease-seconds", "2"],
            stdout=subprocess.DEVNULL, stderr=sink,
        )  # fmt: skip


def unfinished(store: Store, packed: dict[int, int]) -> int:
    left = 0
    for order_id in packed.values():
        with contextlib.suppress(Exception):  # the store may be on a full disk just now
            order = store.read_sync(orders.get_order, order_id)
            left += order is not None and order.status not in FINAL
    return left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--interruptions", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="kolektor-crash-"))
    data = folder / "data"
    disk = mount_small_disk(data)
    config, store, packed, subiekt = prepare(folder, args.orders, data)
    log = folder / "workers.log"
    workers = {name: start_worker(config, name, log) for name in ("w1", "w2")}
    counts: collections.Counter[str] = collections.Counter()
    started = time.monotonic()
    try:
        while sum(counts.values()) < args.interruptions or unfinished(store, packed):
            if sum(counts.values()) >= args.interruptions:
                time.sleep(0.5)  # the interruptions are done: let them finish
                if time.monotonic() - started > 1800:
                    break
                continue
            time.sleep(rng.uniform(0.05, 0.6))
            kind = rng.choices(["kill", "outage", "disk"], weights=[90, 6, 4 if disk else 0])[0]
            if kind == "kill":
                name = rng.choice(sorted(workers))
                workers[name].send_signal(signal.SIGKILL)
                workers[name].wait()
                workers[name] = start_worker(config, name, log)
            elif kind == "outage":
                hidden = subiekt.with_suffix(".away")
                subiekt.rename(hidden)
                time.sleep(rng.uniform(1, 3))
                hidden.rename(subiekt)
            else:
                fill(data)
                time.sleep(rng.uniform(1, 3))
                with contextlib.suppress(OSError):
                    (data / "filler.bin").unlink()
            counts[kind] += 1
    finally:
        for process in workers.values():
            process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(20)
    seconds = time.monotonic() - started
    ends: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    problems = []
    realized = pdfs = 0
    with SubiektDatabase(subiekt) as db:
        for zk_id, order_id in packed.items():
            made = db.select("dok__Dokument", {"dok_DoDokId": zk_id})
            order = store.read_sync(orders.get_order, order_id)
            assert order is not None
            ends[order.status.value] += 1
            if order.status is OrderStatus.ATTENTION:
                reasons[order.status_reason or ""] += 1
            if len(made) > 1:
                problems.append(f"ZK {zk_id}: {len(made)} documents")
            steps = {job.step: job.status for job in store.read_sync(jobs.jobs_of, order_id)}
            if steps.get("realize") == "done":
                realized += 1
                if len(made) != 1:
                    problems.append(f"ZK {zk_id}: realized, but {len(made)} documents in Subiekt")
            elif made:
                problems.append(f"ZK {zk_id}: a document in Subiekt the order does not know of")
            stored = store.read_sync(documents.find_document, order_id)
            if stored is not None:
                pdfs += 1
            if (steps.get("document") == "done") != (stored is not None):
                problems.append(f"ZK {zk_id}: document step {steps.get('document')}, PDF {stored}")
            if order.status not in FINAL:
                problems.append(f"order {order_id}: left in {order.status.value}")
    store.close()
    if disk:
        subprocess.run(["umount", "-l", str(data)], check=False)
    part = "on" if disk else "skipped (needs root)"
    print(f"orders {len(packed)}, interruptions {sum(counts.values())} {dict(counts)}, "
          f"{seconds:.0f} s; full-disk part {part}")  # fmt: skip
    print(f"ended: {dict(ends)}; realized {realized}, PDFs stored {pdfs}")
    for reason, n in reasons.most_common(5):
        print(f"  attention ×{n}: {reason}")
    print("problems: none — exactly one document per realized ZK" if not problems
          else "PROBLEMS:\n  " + "\n  ".join(problems))  # fmt: skip
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    try:
        main()
    except OSError as error:
        if error.errno == errno.ENOSPC:
            print("the full disk outlived the run", file=sys.stderr)
        raise
