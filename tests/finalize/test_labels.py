"""The label step end to end: a packed order's shipment bought from the carrier the rules
chose (Kolektor's own label, InPost through the ShipX fake), its labels kept and printed on
the packing station's Zebra (the fake on loopback) — and every fault ending with exactly one
shipment and either a printed label or the order in ``attention`` with a Polish reason."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import trio

from kolektor import _core
from kolektor.allegro import AllegroApp
from kolektor.allegro.client import AllegroClients
from kolektor.auth.sealed import Sealer
from kolektor.config import Config
from kolektor.demo.generator import DemoSummary
from kolektor.fakes.allegro import FakeAllegro
from kolektor.fakes.shipx import ShipXFake
from kolektor.fakes.zebra import FakeZebra
from kolektor.finalize.labels import ShippingLabels, StationPrinter, convert_pdf
from kolektor.finalize.pipeline import Pipeline
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.i18n import t
from kolektor.shipping.allegro import AllegroCarrier
from kolektor.shipping.carrier import Carrier
from kolektor.shipping.inpost import InPostCarrier, InPostSettings
from kolektor.shipping.own import OwnLabels
from kolektor.store import jobs as job_store
from kolektor.store import operators, orders, picking, stations
from kolektor.store import shipments as shipment_store
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.picking import PackageInput
from kolektor.store.tables import orders as orders_table
from tests.allegro.conftest import CLIENT_ID, CLIENT_SECRET, SELLER, connect
from tests.finalize.conftest import prepare_site

TOKEN = "shipx-label-step-token"
ORGANIZATION = 77
KOLEKTOR = Path(os.environ.get("VIRTUAL_ENV", ".venv")) / "bin" / "kolektor"
PARCELS = (
    PackageInput(Decimal("2.5"), Decimal("30"), Decimal("20"), Decimal("10")),
    PackageInput(Decimal("1.2"), Decimal("20"), Decimal("15"), Decimal("8")),
)


@pytest.fixture
async def zebra(nursery: trio.Nursery) -> FakeZebra:
    fake = FakeZebra()
    await nursery.start(fake.serve)
    return fake


@pytest.fixture
async def shipx(nursery: trio.Nursery) -> ShipXFake:
    fake = ShipXFake(token=TOKEN, organization_id=ORGANIZATION)
    await nursery.start(fake.serve)
    return fake


@pytest.fixture
async def site(subiekt_db: DemoSummary, tmp_path: Path) -> tuple[Config, Store, DemoSummary]:
    return await prepare_site(subiekt_db, tmp_path)


@pytest.fixture
async def inpost(shipx: ShipXFake) -> AsyncIterator[InPostCarrier]:
    settings = InPostSettings(shipx.url, ORGANIZATION, TOKEN, timeout=1.0, poll_interval=0.05)
    async with InPostCarrier(settings) as carrier:
        yield carrier


def station_with(store: Store, zebra: FakeZebra, name: str = "Pakowanie 1") -> int:
    printer = store.run_sync(stations.save_printer, name=f"Zebra {name}", kind="zebra",
                             address=zebra.address)  # fmt: skip
    return store.run_sync(stations.save_station, name=name, label_printer_id=printer.id).id


def pack_for_label(
    store: Store,
    zk_id: int,
    *,
    label: Mapping[str, Any],
    parcels: tuple[PackageInput, ...] = PARCELS,
) -> int:
    """Pack as the scanner does, the label job's plan set to ``label`` (carrier, service,
    station) — what the rules and the packing device decide."""
    order_id = store.read_sync(orders.intake_index)[zk_id].order_id
    for status in (OrderStatus.PICKING, OrderStatus.PICKED):
        store.run_sync(orders.change_status, order_id, status, reason=None, actor="test")
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    operator = store.read_sync(operators.list_operators)[0]
    plan = plan_for(order, store.read_sync(load_rules, "pl"), "pl")
    steps = {**plan.steps, "label": dict(label)}
    assert store.run_sync(picking.pack_order, order.id, parcels, operator_id=operator.id,
                          actor="operator:marek", plan=steps, skipped=plan.skipped,
                          summary=plan.summary)  # fmt: skip
    return order_id


def label_pipeline(store: Store, carriers: Mapping[str, Carrier]) -> Pipeline:
    labels = ShippingLabels(store, carriers, StationPrinter("pl", timeout=2.0), convert_pdf)
    labels.settings = replace(labels.settings, confirm_wait=5.0, poll_interval=0.05)
    return Pipeline(store, {"label": labels.create_label}, worker="test", poll_interval=0.05,
                    backoff_base=0.05, backoff_cap=0.1, lease_seconds=5)  # fmt: skip


def label_job(store: Store, order_id: int) -> job_store.Job:
    return next(j for j in store.read_sync(job_store.jobs_of, order_id) if j.step == "label")


async def run_label(store: Store, carriers: Mapping[str, Carrier]) -> None:
    """Run the label jobs, retries included, until none waits for another attempt."""
    pipeline = label_pipeline(store, carriers)
    with trio.fail_after(30):
        while (await pipeline.run_until_idle(wait_for_leases=0)).waiting:  # noqa: ASYNC110
            await trio.sleep(0.05)  # the next attempt's time is in the store, not an event


def numbers_on(zpl: bytes) -> str:
    return zpl.decode("utf-8")


# -- Kolektor's own label ----------------------------------------------------------------------


async def test_own_labels_print_at_the_station_in_parcel_order(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra
) -> None:
    _, store, demo = site
    station = station_with(store, zebra)
    order_id = pack_for_label(store, demo.examples.zk_pack_line,
                              label={"carrier": "own", "service": "pickup",
                                     "station_id": station})  # fmt: skip
    await run_label(store, {"own": OwnLabels()})

    job = label_job(store, order_id)
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    assert (job.status, job.result) == ("done", {
        "carrier": "own", "service": "pickup", "shipment_id": job.result["shipment_id"],
        "tracking_numbers": [], "labels": 2, "printer": "Zebra Pakowanie 1", "printed": True,
        "station_id": station,
    })  # fmt: skip
    await zebra.wait_finished(1)
    assert len(zebra.labels) == 2
    first, second = (numbers_on(label.zpl) for label in zebra.labels)
    assert order.number in first and "1/2" in first and "2/2" in second
    record = store.read_sync(shipment_store.current_shipment, order_id, order.generation)
    assert record is not None and record.state == "printed"
    stored = store.read_sync(shipment_store.labels_of, record.id)
    assert [(s.package, s.format, s.printer, s.print_count) for s in stored] == [
        (1, "zpl", "Zebra Pakowanie 1", 1), (2, "zpl", "Zebra Pakowanie 1", 1),
    ]  # fmt: skip


async def test_without_a_printer_the_labels_are_kept_and_the_step_says_where(
    site: tuple[Config, Store, DemoSummary],
) -> None:
    _, store, demo = site
    order_id = pack_for_label(store, demo.examples.zk_pack_line,
                              label={"carrier": "own", "service": "pickup"})  # fmt: skip
    await run_label(store, {"own": OwnLabels()})
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    job = label_job(store, order_id)
    assert job.status == "not_configured"
    assert job.result is not None
    assert job.result["reason"] == t("shipping.no_printer", "pl", number=order.number)
    record = store.read_sync(shipment_store.current_shipment, order_id, order.generation)
    assert record is not None and record.state == "labelled"
    assert len(store.read_sync(shipment_store.labels_of, record.id)) == 2


async def test_a_carrier_not_set_up_is_not_configured_never_done(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra
) -> None:
    _, store, demo = site
    order_id = pack_for_label(store, demo.examples.zk_pack_line, label={
        "carrier": "inpost", "service": "inpost_courier_standard",
        "station_id": station_with(store, zebra),
    })  # fmt: skip
    await run_label(store, {"own": OwnLabels()})
    job = label_job(store, order_id)
    assert job.status == "not_configured"
    assert job.result is not None and job.result["reason"] == (
        "przewoźnik InPost nie jest skonfigurowany — ustaw go w konfiguracji Kolektora "
        "(docs/labels.md) albo wybierz w regule innego przewoźnika"
    )
    assert zebra.labels == []


# -- InPost ------------------------------------------------------------------------------------


COURIER = {"carrier": "inpost", "service": "inpost_courier_standard"}


async def test_inpost_courier_bought_once_and_every_label_printed(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    _, store, demo = site
    order_id = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={**COURIER, "station_id": station_with(store, zebra)},
    )
    await run_label(store, {"inpost": inpost})

    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    job = label_job(store, order_id)
    assert job.status == "done", job.last_error
    assert job.result is not None
    tracking = job.result["tracking_numbers"]
    assert len(tracking) == 2 and all(re.fullmatch(r"\d{24}", n) for n in tracking)
    assert len(shipx.shipments_with(order.number)) == 1
    await zebra.wait_finished(1)
    assert [tracking[0] in numbers_on(zebra.labels[0].zpl),
            tracking[1] in numbers_on(zebra.labels[1].zpl)] == [True, True]  # fmt: skip


async def test_a_lost_answer_to_create_is_found_again_not_bought_twice(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    _, store, demo = site
    order_id = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={**COURIER, "station_id": station_with(store, zebra)},
    )
    shipx.drop(after_processing=True, method="POST")  # created, the answer never arrives
    await run_label(store, {"inpost": inpost})
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    job = label_job(store, order_id)
    assert job.status == "done", job.last_error
    assert job.attempts == 1  # failed once, then found the shipment
    assert len(shipx.shipments_with(order.number)) == 1
    await zebra.wait_finished(1)
    assert len(zebra.labels) == 2


async def test_server_errors_are_retried_and_a_validation_error_goes_to_attention(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    _, store, demo = site
    station = station_with(store, zebra)
    retried = pack_for_label(
        store, demo.examples.zk_pack_line, label={**COURIER, "station_id": station}
    )
    shipx.fail(503, method="POST")
    await run_label(store, {"inpost": inpost})
    assert label_job(store, retried).status == "done"

    refused = pack_for_label(
        store, demo.examples.zk_carton_line, label={**COURIER, "station_id": station}
    )
    with store.engine.begin() as connection:  # a phone ShipX refuses
        connection.execute(sa.update(orders_table).where(orders_table.c.id == refused)
                           .values(phone="12"))  # fmt: skip
    await run_label(store, {"inpost": inpost})
    job = label_job(store, refused)
    order = store.read_sync(orders.get_order, refused)
    assert order is not None and order.status is OrderStatus.ATTENTION
    assert job.status == "failed"
    assert order.status_reason is not None and "telefon odbiorcy" in order.status_reason
    assert shipx.shipments_with(order.number) == []


async def test_paper_out_keeps_the_shipment_and_prints_once_the_printer_is_ready(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    _, store, demo = site
    order_id = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={**COURIER, "station_id": station_with(store, zebra)},
    )
    zebra.state = "paper_out"
    pipeline = label_pipeline(store, {"inpost": inpost})
    with trio.move_on_after(1.0):
        await pipeline.run_until_idle(wait_for_leases=0)
    job = label_job(store, order_id)
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    assert job.status == "pending" and job.last_error is not None
    assert "Zebra Pakowanie 1" in job.last_error and "brak etykiet" in job.last_error
    assert zebra.labels == []
    record = store.read_sync(shipment_store.current_shipment, order_id, order.generation)
    assert record is not None and record.state == "labelled"
    assert record.error == job.last_error

    zebra.state = "ready"
    await run_label(store, {"inpost": inpost})
    assert label_job(store, order_id).status == "done"
    assert len(shipx.shipments_with(order.number)) == 1
    await zebra.wait_finished(zebra.connections)
    assert len(zebra.labels) == 2


async def test_a_worker_killed_between_buying_and_recording_buys_nothing_again(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
) -> None:  # fmt: skip
    config, store, demo = site
    with config.path.open("a", encoding="utf-8") as file:
        file.write(f'\n[inpost]\nurl = "{shipx.url}"\norganization_id = {ORGANIZATION}\n'
                   f'token = "{TOKEN}"\ntimeout = 2\n')  # fmt: skip
    order_id = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={**COURIER, "station_id": station_with(store, zebra)},
    )
    number = store.read_sync(orders.get_order, order_id).number  # type: ignore[union-attr]
    store.close()
    command = [str(KOLEKTOR), "--config", str(config.path), "work", "--once",
               "--lease-seconds", "1"]  # fmt: skip
    with trio.fail_after(60):
        crashed = await trio.run_process(
            command, env={**os.environ, "KOLEKTOR_FAILPOINTS": "label.after_create"},
            capture_stdout=True, capture_stderr=True, check=False,
        )  # fmt: skip
    assert crashed.returncode == -9, crashed.stderr.decode()[-2000:]
    assert len(shipx.shipments_with(number)) == 1  # bought, not recorded
    await trio.sleep(1.2)  # the dead worker's lease runs out
    with trio.fail_after(60):
        finished = await trio.run_process(command, capture_stdout=True, capture_stderr=True,
                                          check=False)  # fmt: skip
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    assert len(shipx.shipments_with(number)) == 1
    store = Store.open(config.store_url)
    try:
        assert label_job(store, order_id).status == "done"
    finally:
        store.close()
    await zebra.wait_finished(zebra.connections)
    assert len(zebra.labels) == 2
    assert all(_core.decode_graphics(label.zpl.decode()) == [] for label in zebra.labels)


# -- packed again after a problem ----------------------------------------------------------------


def send_back(store: Store, order_id: int) -> None:
    from kolektor.store.order_actions import send_back as send_order_back

    # The label is done; realization stopped (a missing product): the office sends the
    # order back to be packed again before anything is realized.
    store.run_sync(orders.change_status, order_id, OrderStatus.ATTENTION, reason="brak towaru",
                   actor="test")  # fmt: skip
    store.run_sync(send_order_back, order_id, actor="operator:biuro", reason="przepakować")


async def test_packed_again_the_earlier_shipment_is_cancelled_or_named_never_reused(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    _, store, demo = site
    station = station_with(store, zebra)
    carriers: dict[str, Carrier] = {"own": OwnLabels(), "inpost": inpost}
    own = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={"carrier": "own", "service": "pickup", "station_id": station},
    )
    courier = pack_for_label(
        store, demo.examples.zk_carton_line, label={**COURIER, "station_id": station}
    )
    await run_label(store, carriers)
    for order_id, zk_id, label in (
        (own, demo.examples.zk_pack_line, {"carrier": "own", "service": "pickup"}),
        (courier, demo.examples.zk_carton_line, COURIER),
    ):
        send_back(store, order_id)
        pack_for_label(store, zk_id, label={**label, "station_id": station})
    await run_label(store, carriers)

    first, second = store.read_sync(shipment_store.order_shipments, own)[::-1]
    assert (first.generation, first.state, second.generation, second.state) == (
        1,
        "cancelled",
        2,
        "printed",
    )
    courier_order = store.read_sync(orders.get_order, courier)
    assert courier_order is not None
    job = label_job(store, courier)
    assert job.status == "done" and job.generation == 2
    assert job.result is not None
    [note] = job.result["earlier_shipments"]
    assert note.startswith("przesyłka z poprzedniego pakowania (") and "Managerze Paczek" in note
    at_inpost = shipx.shipments_with(courier_order.number)
    assert len(at_inpost) == 2  # the earlier one was bought: only InPost can cancel it now
    shipments = store.read_sync(shipment_store.order_shipments, courier)
    assert [(s.generation, s.state) for s in shipments] == [(2, "printed"), (1, "printed")]
    assert shipments[0].carrier_shipment_id != shipments[1].carrier_shipment_id


async def test_an_order_realized_in_subiekt_is_not_sent_back_to_be_packed_again(
    site: tuple[Config, Store, DemoSummary],
) -> None:
    from kolektor.store.order_actions import AlreadyRealized
    from kolektor.store.order_actions import send_back as send_order_back

    _, store, demo = site
    order_id = pack_for_label(store, demo.examples.zk_pack_line,
                              label={"carrier": "own", "service": "pickup"})  # fmt: skip
    realize = next(j for j in store.read_sync(job_store.jobs_of, order_id) if j.step == "realize")
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE jobs SET status = 'done' WHERE id = :id"),
                           {"id": realize.id})  # fmt: skip
    store.run_sync(orders.change_status, order_id, OrderStatus.ATTENTION, reason="e-mail",
                   actor="test")  # fmt: skip
    with pytest.raises(AlreadyRealized):
        store.run_sync(send_order_back, order_id, actor="operator:biuro", reason="przepakować")
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.status is OrderStatus.ATTENTION


async def test_a_shop_with_one_station_prints_there_without_a_station_set(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra
) -> None:
    _, store, demo = site
    station = station_with(store, zebra)
    order_id = pack_for_label(store, demo.examples.zk_pack_line,
                              label={"carrier": "own", "service": "pickup"})  # fmt: skip
    await run_label(store, {"own": OwnLabels()})
    job = label_job(store, order_id)
    assert job.status == "done" and job.result is not None
    assert (job.result["station_id"], job.result["printer"]) == (station, "Zebra Pakowanie 1")
    await zebra.wait_finished(1)
    assert len(zebra.labels) == 2


# -- Wysyłam z Allegro ---------------------------------------------------------------------------


@dataclass
class AllegroSite:
    """The Allegro fake with the shop's application and seller, the demo's Allegro order
    seeded as that seller's checkout form, and what the label step needs to talk to it."""

    fake: FakeAllegro
    sealer: Sealer
    app: AllegroApp
    zk_id: int
    order_id: int
    order: orders.OrderRecord

    def clients(self, store: Store, **options: Any) -> AllegroClients:
        return AllegroClients(self.app, store, self.sealer,
                              http=httpx.AsyncClient(timeout=5.0), **options)  # fmt: skip

    def pack(self, store: Store, zebra: FakeZebra) -> None:
        pack_for_label(store, self.zk_id, label={
            "carrier": "allegro", "service": "allegro",
            "checkout_form_id": self.order.external_id, "station_id": station_with(store, zebra),
        }, parcels=PARCELS[:1])  # fmt: skip


async def allegro_site(
    store: Store, demo: DemoSummary, nursery: trio.Nursery, *, seller: str = SELLER
) -> AllegroSite:
    """The fake on loopback; the order's checkout form is ``seller``'s."""
    fake = FakeAllegro()
    await fake.start(nursery)
    fake.add_app(CLIENT_ID, CLIENT_SECRET)
    fake.add_seller(SELLER, "43216789")
    if seller != SELLER:
        fake.add_seller(seller, "98765432")
    zk_id = demo.examples.zk_uuid_in_remarks
    order_id = store.read_sync(orders.intake_index)[zk_id].order_id
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and order.external_id
    fake.add_checkout_form(seller, form_id=order.external_id.lower())
    app = AllegroApp(CLIENT_ID, CLIENT_SECRET, "sandbox", api_url=fake.url, auth_url=fake.url,
                     info_url="https://sklep.example/kolektor")  # fmt: skip
    return AllegroSite(fake, Sealer(b"s" * 32), app, zk_id, order_id, order)


async def test_an_allegro_order_gets_allegros_label_bought_once_with_the_seller_account(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, nursery: trio.Nursery,
) -> None:  # fmt: skip
    _, store, demo = site
    allegro = await allegro_site(store, demo, nursery)
    account_id, _, _ = connect(store, allegro.sealer, allegro.fake)
    clients = allegro.clients(store)
    allegro.pack(store, zebra)
    try:
        await run_label(store, {"allegro": AllegroCarrier(clients)})
    finally:
        await clients.aclose()

    job = label_job(store, allegro.order_id)
    assert job.status == "done", job.last_error
    assert job.result is not None and len(job.result["tracking_numbers"]) == 1
    shipment = store.read_sync(shipment_store.current_shipment, allegro.order_id,
                               allegro.order.generation)  # fmt: skip
    assert shipment is not None and shipment.account == str(account_id)
    assert shipment.state == "printed"
    await zebra.wait_finished(1)
    [printed] = zebra.labels
    assert len(_core.decode_graphics(printed.zpl.decode())) == 1  # Allegro's bitmap label
    assert allegro.fake.violations == []


async def test_a_rate_limited_carrier_is_asked_again_no_sooner_than_it_said(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    _, store, demo = site
    order_id = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={**COURIER, "station_id": station_with(store, zebra)},
    )
    shipx.fail(429, method="POST", retry_after=30)
    with trio.fail_after(10):
        await label_pipeline(store, {"inpost": inpost}).run_until_idle(wait_for_leases=0)
    job = label_job(store, order_id)
    assert job.status == "pending" and job.attempts == 1
    assert job.last_error is not None and "InPost" in job.last_error
    assert job.updated_at is not None
    # The pipeline's own back-off here is 0.05–0.1 s; InPost asked for 30.
    assert job.next_run_at >= job.updated_at + timedelta(seconds=29)
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and shipx.shipments_with(order.number) == []


async def test_a_used_allegro_refresh_token_sends_the_order_to_attention_until_reconnected(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, nursery: trio.Nursery,
) -> None:  # fmt: skip
    from kolektor.finalize.pipeline import retry_order
    from kolektor.store import allegro_accounts
    from kolektor.store.tables import utcnow

    _, store, demo = site
    allegro = await allegro_site(store, demo, nursery)
    order_id = allegro.order_id
    # The access token is about to expire, and its refresh token was already used elsewhere
    # (rotation: single use) — Allegro answers invalid_grant.
    account_id, _, refresh = connect(store, allegro.sealer, allegro.fake,
                                     expires_in=timedelta(minutes=1))  # fmt: skip
    allegro.fake.oauth.refresh[refresh].used = True
    clients = allegro.clients(store, settle=0.1)
    carriers = {"allegro": AllegroCarrier(clients)}
    allegro.pack(store, zebra)
    try:
        await run_label(store, carriers)
        order = store.read_sync(orders.get_order, order_id)
        assert order is not None and order.status is OrderStatus.ATTENTION
        assert order.status_reason is not None and "połącz" in order.status_reason.lower()
        account = store.read_sync(allegro_accounts.get_account, account_id)
        assert account is not None and account.state == "needs_login"
        assert zebra.labels == [] and allegro.fake.desk.commands == {}

        # The office connects the account again (a new device flow, a new pair) and
        # retries: one shipment.
        store.run_sync(allegro_accounts.restart_device_flow, allegro.sealer, account_id,
                       device_code="dc2", user_code="xyz", verification_uri="https://x/?code=xyz",
                       expires_at=utcnow() + timedelta(hours=1), interval=5)  # fmt: skip
        access, fresh = allegro.fake.oauth.issue(CLIENT_ID, SELLER)
        store.run_sync(allegro_accounts.mark_connected, allegro.sealer, account_id,
                       access=access, refresh=fresh, expires_at=utcnow() + timedelta(hours=12),
                       scope=None, login=SELLER, seller_id="43216789")  # fmt: skip
        assert await retry_order(store, order_id, actor="operator:biuro") == "label"
        await run_label(store, carriers)
    finally:
        await clients.aclose()
    job = label_job(store, order_id)
    assert job.status == "done", job.last_error
    assert len(allegro.fake.desk.commands) == 1
    await zebra.wait_finished(zebra.connections)
    assert len(zebra.labels) == 1


async def test_the_office_finds_the_order_by_a_parcels_tracking_number(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    from kolektor.store.order_search import OrderSearch, search_orders, search_words
    from kolektor.store.search_text import write_search_text

    def found(text: str) -> list[int]:
        search = OrderSearch(words=search_words(text))
        return [entry.id for entry in store.read_sync(search_orders, search).orders]

    _, store, demo = site
    order_id = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={**COURIER, "station_id": station_with(store, zebra)},
    )
    await run_label(store, {"inpost": inpost})
    job = label_job(store, order_id)
    assert job.result is not None
    tracking = job.result["tracking_numbers"][1]
    assert found(tracking) == [order_id]
    assert found(tracking[-8:]) == []  # a typed word begins the number, it does not end it
    # The intake refreshing the order's header keeps it findable.
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    store.run_sync(write_search_text, order_id, {"number": order.number})
    assert found(tracking) == [order_id]


async def test_a_carrier_label_the_preview_cannot_draw_is_kept_with_its_pdf(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, shipx: ShipXFake,
    inpost: InPostCarrier,
) -> None:  # fmt: skip
    from kolektor.labels.preview import pdf_preview_png

    _, store, demo = site
    order_id = pack_for_label(
        store,
        demo.examples.zk_pack_line,
        label={**COURIER, "station_id": station_with(store, zebra)},
    )
    await run_label(store, {"inpost": inpost})
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None and label_job(store, order_id).status == "done"
    record = store.read_sync(shipment_store.current_shipment, order_id, order.generation)
    assert record is not None
    stored = store.read_sync(shipment_store.labels_of, record.id)
    assert [(s.package, s.format) for s in stored] == [
        (1, "pdf"), (1, "zpl"), (2, "pdf"), (2, "zpl"),
    ]  # fmt: skip
    pdf = store.read_sync(shipment_store.label_content, stored[0].id)
    assert pdf is not None and pdf_preview_png(pdf[1]).startswith(b"\x89PNG")
    await zebra.wait_finished(1)
    assert len(zebra.labels) == 2  # only the ZPL is printed


async def test_with_several_allegro_accounts_the_one_that_sold_the_order_buys_it(
    site: tuple[Config, Store, DemoSummary], zebra: FakeZebra, nursery: trio.Nursery,
) -> None:  # fmt: skip
    _, store, demo = site
    allegro = await allegro_site(store, demo, nursery, seller="drugi_sklep")
    first, _, _ = connect(store, allegro.sealer, allegro.fake)
    second, _, _ = connect(store, allegro.sealer, allegro.fake, seller="drugi_sklep")
    clients = allegro.clients(store)
    allegro.pack(store, zebra)
    try:
        await run_label(store, {"allegro": AllegroCarrier(clients)})
    finally:
        await clients.aclose()
    job = label_job(store, allegro.order_id)
    assert job.status == "done", job.last_error
    shipment = store.read_sync(shipment_store.current_shipment, allegro.order_id,
                               allegro.order.generation)  # fmt: skip
    assert shipment is not None and (shipment.account, first) == (str(second), first)
    assert len(allegro.fake.desk.commands) == 1 and allegro.fake.violations == []
