"""Finalization throughput: orders per second through ONE long-running worker.

Generates a demo Subiekt database with N open ZKs (stock topped up so every realization
succeeds), imports them, packs them all as the packing station would, then starts one
long-running :class:`~kolektor.finalize.pipeline.Pipeline` (``run()``, as ``kolektor work``
does — not ``--once``) with the Subiekt simulator and Kolektor's own PDFs, and measures the
time until every order is as finished as its configuration allows (realized, its PDF stored;
label, printing and e-mail are not configured here, so the orders end in ``attention``).

The baseline, measured in the same process on the same store, is the pipeline with step
handlers that do nothing: the pipeline's own cost (leases, status changes, events) per
order.  The design brief's target is ≥ 10 orders/s through one long-running worker.

    .venv/bin/python bench/finalize.py [--orders 200]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import trio

from kolektor.config import load_config, render_config
from kolektor.demo.database import SubiektDatabase
from kolektor.demo.generator import create_subiekt_database
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, odbc_connection_string
from kolektor.finalize.pipeline import Pipeline, StepCall
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.finalize.setup import build_pipeline
from kolektor.intake.loop import SubiektSource, run_once
from kolektor.store import operators, orders, picking
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from kolektor.subiekt.reader import SubiektReader

FINISHED = {OrderStatus.DONE.value, OrderStatus.ATTENTION.value}


def pack_all(store: Store) -> list[int]:
    packer = store.run_sync(operators.create_operator, login="marek", name="M", role="packer")
    rules = store.read_sync(load_rules, "pl")
    packed = []
    for entry in store.read_sync(orders.intake_index).values():
        for status in (OrderStatus.PICKING, OrderStatus.PICKED):
            store.run_sync(orders.change_status, entry.order_id, status, reason=None, actor="b")
        order = store.read_sync(orders.get_order, entry.order_id)
        assert order is not None
        plan = plan_for(order, rules, "pl")
        store.run_sync(picking.pack_order, order.id, (PackageInput(Decimal("1")),),
                       operator_id=packer, actor="bench", plan=plan.steps,
                       skipped=plan.skipped, summary=plan.summary)  # fmt: skip
        packed.append(order.id)
    return packed


def unfinished(store: Store, order_ids: list[int]) -> int:
    counts = store.read_sync(orders.count_by_status)
    return sum(n for status, n in counts.items() if status not in FINISHED and status != "new")


async def drain(pipeline: Pipeline, store: Store, order_ids: list[int]) -> float:
    """Seconds until every order is finished, with the pipeline running as a service."""
    started = time.perf_counter()
    async with trio.open_nursery() as nursery:
        await nursery.start(pipeline.run)
        pipeline.wake()
        while unfinished(store, order_ids):  # noqa: ASYNC110 - watching another task's work
            await trio.sleep(0.05)
        nursery.cancel_scope.cancel()
    return time.perf_counter() - started


async def nothing(call: StepCall) -> Mapping[str, Any]:
    return {}


def prepare(folder: Path, count: int) -> tuple[Any, Store, list[int]]:
    folder.mkdir(parents=True)
    database = folder / "subiekt.db"
    create_subiekt_database(database, orders=count)
    with SubiektDatabase(database) as db:
        db.connection.execute("UPDATE tw_Stan SET st_Stan = st_Stan + 100000")
    config_path = folder / "kolektor.toml"
    config_path.write_text(
        render_config(connection_string=odbc_connection_string(database),
                      extra=DEMO_EXTERNAL_ID_RULES),
        encoding="utf-8",
    )  # fmt: skip
    config = load_config(config_path, language="pl")
    store = Store.open(config.store_url)
    store.upgrade()
    reader = SubiektReader(config.subiekt)
    trio.run(run_once, SubiektSource(reader), store, "pl")
    reader.close()
    return config, store, pack_all(store)


def main() -> None:
    logging.getLogger().setLevel(logging.ERROR)  # the steps' warnings are expected here
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        config, store, order_ids = prepare(Path(folder) / "base", args.orders)
        baseline_pipeline = Pipeline(
            store, {s: nothing for s in config.pipeline.steps}, worker="baseline"
        )
        baseline = trio.run(drain, baseline_pipeline, store, order_ids)
        store.close()

        config, store, order_ids = prepare(Path(folder) / "real", args.orders)
        pipeline, writer = build_pipeline(config, store, worker="bench")
        real = trio.run(drain, pipeline, store, order_ids)
        writer.close()
        counts = store.read_sync(orders.count_by_status)
        store.close()
    n = len(order_ids)
    print(f"orders: {n} packed, one long-running worker, simulator + Kolektor's PDFs")
    print(f"baseline (steps doing nothing)  {baseline:7.2f} s  {n / baseline:7.1f} orders/s")
    print(f"realize + document, others not configured  {real:7.2f} s  {n / real:7.1f} orders/s "
          f"({real / baseline:.1f}× the baseline); ended: {counts}")  # fmt: skip


if __name__ == "__main__":
    main()
