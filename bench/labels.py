"""From "pack confirmed" to the last byte of the order's labels at the printer.

A demo Subiekt database is imported into a fresh store; a fake Zebra (on loopback) is the
label printer of the one packing station.  Orders are packed one at a time, as a packing
station would, and one long-running :class:`~kolektor.finalize.pipeline.Pipeline` with only
the ``label`` step (as ``kolektor serve`` runs it: woken on packing) buys each shipment and
prints its labels.  For each order: the time from the packing's commit to the moment the
printer has received the last label of the order (two parcels each).

Carriers, each against its fake with real-world latency:

* ``own`` — Kolektor's own label, nothing bought: the **baseline** (the step's own cost:
  store, ZPL building, the printer's status check and the print);
* ``inpost`` — the ShipX fake answering every call after ``--inpost-latency`` (0.3 s), the
  shipment bought asynchronously (``created`` → ``confirmed`` on the first poll);
* ``allegro`` — the Allegro fake (``--allegro-latency``), its create command answered
  ``IN_PROGRESS`` with ``Retry-After: 1`` first (the smallest the spec allows), as Allegro
  documents.

The design brief's target: packed → last label byte at the printer ≤ 2 s p95.

    .venv/bin/python bench/labels.py [--orders 20] [--carriers own,inpost,allegro]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import trio

from kolektor.allegro import AllegroApp
from kolektor.allegro.client import AllegroClients
from kolektor.auth.sealed import Sealer
from kolektor.config import load_config, render_config
from kolektor.demo.generator import create_subiekt_database
from kolektor.demo.run import DEMO_EXTERNAL_ID_RULES, odbc_connection_string
from kolektor.fakes.allegro import FakeAllegro
from kolektor.fakes.shipx import ShipXFake
from kolektor.fakes.zebra import FakeZebra
from kolektor.finalize.labels import LabelSettings, ShippingLabels, StationPrinter, convert_pdf
from kolektor.finalize.pipeline import Pipeline
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.intake.loop import SubiektSource, run_once
from kolektor.shipping.allegro import AllegroCarrier
from kolektor.shipping.carrier import Carrier
from kolektor.shipping.inpost import InPostCarrier, InPostSettings
from kolektor.shipping.own import OwnLabels
from kolektor.store import allegro_accounts, operators, orders, picking, stations
from kolektor.store import jobs as job_store
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from kolektor.store.tables import utcnow
from kolektor.subiekt.reader import SubiektReader

TOKEN = "bench-token"
CLIENT = ("bench-client", "bench-secret")
SELLER = "sklep_bench"
PARCELS = (
    PackageInput(Decimal("2.5"), Decimal("30"), Decimal("20"), Decimal("10")),
    PackageInput(Decimal("1.2"), Decimal("20"), Decimal("15"), Decimal("8")),
)
PLANS: Mapping[str, Mapping[str, Any]] = {
    "own": {"carrier": "own", "service": "pickup"},
    "inpost": {"carrier": "inpost", "service": "inpost_courier_standard"},
    "allegro": {"carrier": "allegro", "service": "allegro"},
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def prepare(folder: Path, orders_count: int) -> Store:
    database = folder / "subiekt.db"
    create_subiekt_database(database, orders=orders_count)
    (folder / "kolektor.toml").write_text(
        render_config(
            connection_string=odbc_connection_string(database), extra=DEMO_EXTERNAL_ID_RULES
        ),
        encoding="utf-8",
    )
    config = load_config(folder / "kolektor.toml", language="pl")
    store = Store.open(config.store_url)
    store.upgrade()
    reader = SubiektReader(config.subiekt)
    await run_once(SubiektSource(reader), store, "pl")
    reader.close()
    return store


def connect_allegro(store: Store, sealer: Sealer, fake: FakeAllegro) -> int:
    """A seller account connected as the end of the device flow leaves it."""
    now = utcnow()
    account = store.run_sync(
        allegro_accounts.create_pending, sealer, name="Bench", environment="sandbox",
        device_code="dc", user_code="abc", verification_uri="https://x/?code=abc",
        expires_at=now + timedelta(hours=1), interval=5,
    )  # fmt: skip
    access, refresh = fake.oauth.issue(CLIENT[0], SELLER)
    store.run_sync(
        allegro_accounts.mark_connected, sealer, account, access=access, refresh=refresh,
        expires_at=now + timedelta(hours=12), scope=None, login=SELLER, seller_id="1",
    )  # fmt: skip
    return account


async def label_job(store: Store, order_id: int) -> job_store.Job:
    return next(j for j in await store.read(job_store.jobs_of, order_id) if j.step == "label")


class Printed:
    """Watches the fake Zebra: when did it receive its n-th label."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = trio.Event()
        self.times: list[float] = []

    def hook(self, index: int, zpl: bytes) -> None:
        self.count += 1
        self.times.append(trio.current_time())
        self.changed.set()
        self.changed = trio.Event()

    async def wait_for(self, count: int) -> float:
        while self.count < count:
            await self.changed.wait()
        return self.times[count - 1]


async def measure(
    store: Store,
    carrier_name: str,
    carriers: Mapping[str, Carrier],
    order_ids: list[int],
    printed: Printed,
    station: int,
    account: int | None,
) -> list[float]:
    labels = ShippingLabels(store, carriers, StationPrinter("pl"), convert_pdf,
                            settings=LabelSettings(poll_interval=0.2))  # fmt: skip
    pipeline = Pipeline(store, {"label": labels.create_label}, worker="bench",
                        poll_interval=1.0)  # fmt: skip
    packer = store.read_sync(operators.list_operators)[0]
    rules = store.read_sync(load_rules, "pl")
    seconds: list[float] = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(pipeline.run)
        for order_id in order_ids:
            for status in (OrderStatus.PICKING, OrderStatus.PICKED):
                await store.run(orders.change_status, order_id, status, reason=None, actor="b")
            order = await store.read(orders.get_order, order_id)
            assert order is not None
            plan = plan_for(order, rules, "pl")
            label = {**PLANS[carrier_name], "station_id": station}
            if carrier_name == "allegro":
                label |= {"checkout_form_id": (order.external_id or "").lower(),
                          "account": str(account)}  # fmt: skip
            before = printed.count
            started = trio.current_time()
            await store.run(picking.pack_order, order.id, PARCELS, operator_id=packer.id,
                            actor="bench", plan={**plan.steps, "label": label},
                            skipped=plan.skipped, summary=plan.summary)  # fmt: skip
            pipeline.wake()
            with trio.fail_after(60):
                done = await printed.wait_for(before + len(PARCELS))
            seconds.append(done - started)
            with trio.fail_after(30):  # the step records "done" just after the last byte
                while (job := await label_job(store, order_id)).status != "done":
                    assert job.status not in {"failed", "not_configured"}, job.last_error
                    await trio.sleep(0.01)
        nursery.cancel_scope.cancel()
    return seconds


async def run(args: argparse.Namespace) -> None:
    wanted = args.carriers.split(",")
    with tempfile.TemporaryDirectory() as folder:
        store = await prepare(Path(folder), args.orders * len(wanted) + 20)
        printed = Printed()
        zebra = FakeZebra(on_label=printed.hook)
        shipx = ShipXFake(token=TOKEN, organization_id=1, latency=args.inpost_latency)
        allegro = FakeAllegro()
        async with trio.open_nursery() as nursery:
            await nursery.start(zebra.serve)
            await nursery.start(shipx.serve)
            await allegro.start(nursery)
            allegro.add_app(*CLIENT)
            allegro.add_seller(SELLER, "1")
            allegro.latency = args.allegro_latency
            sealer = Sealer(b"b" * 32)
            account = connect_allegro(store, sealer, allegro)
            app = AllegroApp(*CLIENT, "sandbox", api_url=allegro.url, auth_url=allegro.url,
                             info_url="https://bench.example")  # fmt: skip
            clients = AllegroClients(app, store, sealer, http=httpx.AsyncClient(timeout=10))
            printer = store.run_sync(stations.save_printer, name="Zebra", kind="zebra",
                                     address=zebra.address)  # fmt: skip
            station = store.run_sync(stations.save_station, name="P1",
                                     label_printer_id=printer.id).id  # fmt: skip
            store.run_sync(operators.create_operator, login="b", name="B", role="packer")
            index = store.read_sync(orders.intake_index)
            allegro_ids = [
                entry.order_id for entry in index.values()
                if (o := store.read_sync(orders.get_order, entry.order_id)) is not None
                and o.external_id and len(o.external_id) == 36
            ]  # fmt: skip
            others = [entry.order_id for entry in index.values()
                      if entry.order_id not in allegro_ids]  # fmt: skip
            for order_id in allegro_ids:
                order = store.read_sync(orders.get_order, order_id)
                assert order is not None and order.external_id
                allegro.add_checkout_form(SELLER, form_id=order.external_id.lower())
            carriers: dict[str, Carrier] = {
                "own": OwnLabels(),
                "inpost": InPostCarrier(InPostSettings(shipx.url, 1, TOKEN, poll_interval=0.2)),
                "allegro": AllegroCarrier(clients),
            }
            results: dict[str, list[float]] = {}
            for name in wanted:
                pool = allegro_ids if name == "allegro" else others
                chosen, pool[:] = pool[: args.orders], pool[args.orders :]
                results[name] = await measure(store, name, carriers, chosen, printed, station,
                                              account)  # fmt: skip
            await clients.aclose()
            nursery.cancel_scope.cancel()
        store.close()
    baseline = statistics.median(results["own"]) if "own" in results else None
    print(f"{'carrier':8} {'orders':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'× own':>7}")
    for name, values in results.items():
        p50 = statistics.median(values) * 1000
        ratio = f"{statistics.median(values) / baseline:.1f}" if baseline else "—"
        print(f"{name:8} {len(values):6d} {p50:9.1f} {percentile(values, 0.95) * 1000:9.1f} "
              f"{max(values) * 1000:9.1f} {ratio:>7}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=20, help="orders per carrier")
    parser.add_argument("--carriers", default="own,inpost,allegro")
    parser.add_argument("--inpost-latency", type=float, default=0.3)
    parser.add_argument("--allegro-latency", type=float, default=0.15)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    trio.run(run, args)


if __name__ == "__main__":
    main()
