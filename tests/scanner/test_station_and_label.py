"""The packing station on the handheld (issue 13): the device's station and its label
printer, the carrier the rules chose shown before confirming, and the label's outcome after
packing — printed on the station's Zebra, the printer's reason when it cannot, a reprint.

Real server, demo data, real WebSockets; the station's printer is the fake Zebra on a
loopback TCP port (``kolektor.fakes.zebra``), reached by the server's own label step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import trio

from kolektor.demo.run import DEMO_OPERATORS
from kolektor.fakes.zebra import FakeZebra
from kolektor.finalize.plan import RULES_SETTING
from kolektor.rules import default_rules_data
from kolektor.store import audit, jobs, settings, shipments, stations
from tests.scanner.conftest import Device, Site
from tests.scanner.test_promises import pick_all

LOCKER_RULE = {
    "name": "Paczkomat",
    "when": [],
    "then": {"document": "PAi", "carrier": "inpost", "service": "inpost_locker_standard",
             "parcel_template": "B"},
}  # fmt: skip


@pytest.fixture
async def zebra(nursery: trio.Nursery) -> FakeZebra:
    """The station's label printer: a fake Zebra answering ``~HS`` on a loopback port."""
    fake = FakeZebra(slow_seconds=1.0)
    await nursery.start(fake.serve)
    return fake


def add_station(site: Site, name: str, printer: FakeZebra | None) -> int:
    """A packing station, with the fake as its Zebra label printer (or without a printer)."""
    printer_id = None
    if printer is not None:
        printer_id = site.store.run_sync(
            stations.save_printer, name=f"Zebra {name}", kind="zebra", address=printer.address
        ).id
    return int(
        site.store.run_sync(stations.save_station, name=name, label_printer_id=printer_id).id
    )


async def log_in(device: Device, badge: str) -> dict[str, Any]:
    """Log in with the device speaking Polish (the language of the messages checked)."""
    pin = next(op.pin for op in DEMO_OPERATORS if op.badge_code == badge)
    await device.request("hello", device_id=device.device_id, language="pl")
    reply = await device.request("login", badge=badge, pin=pin)
    assert reply["type"] == "login_ok", reply
    return reply


async def picked(site: Site, connect: Callable[..., Any], zk_id: int, prefix: str) -> int:
    """The demo order ``zk_id`` picked completely by a picker on a device of its own."""
    order = site.order(zk_id)
    async with connect(f"picker-{prefix}") as picker:
        await log_in(picker, "OP-0001")
        await picker.request("claim", order_id=order.id)
        await pick_all(picker, order.id, site, zk_id, prefix)
    return order.id


async def label_until(
    device: Device, order_id: int, states: set[str], seconds: float = 20
) -> list[dict[str, Any]]:
    """Ask ``label`` as the app does (more often here) until its state is one of
    ``states``; every answer, in order."""
    answers = []
    with trio.fail_after(seconds):
        while True:
            answer = await device.request("label", order_id=order_id)
            assert answer["type"] == "label", answer
            answers.append(answer)
            if answer["state"] in states:
                return answers
            await trio.sleep(0.1)


async def test_a_packer_sets_the_devices_station_and_every_login_says_it(
    site: Site, connect: Callable[..., Any], zebra: FakeZebra
) -> None:
    with_printer = add_station(site, "Stół 1", zebra)
    without = add_station(site, "Stół 2", None)
    async with connect("tc-station-1") as device:
        first = await log_in(device, "OP-0002")
        assert first["station"] is None  # never set on this device
        listed = await device.request("stations")
        assert listed["type"] == "stations", listed
        assert listed["station"] is None
        zebra_printer = {"name": "Zebra Stół 1", "kind": "zebra"}
        assert {"id": with_printer, "name": "Stół 1", "printer": zebra_printer} in listed[
            "stations"
        ]
        assert {"id": without, "name": "Stół 2", "printer": None} in listed["stations"]
        assert zebra.address not in str(listed)  # the printer's address is the office's
        chosen = await device.request("set_station", station_id=with_printer)
        assert chosen == {"v": 1, "type": "station", "ref": chosen["ref"], "station": {
            "id": with_printer, "name": "Stół 1",
            "printer": {"name": "Zebra Stół 1", "kind": "zebra"}}}  # fmt: skip
    # The setting is the device's, kept by the server: the next login (anyone's) says it.
    async with connect("tc-station-1") as device:
        again = await log_in(device, "OP-0003")
        assert again["station"]["id"] == with_printer
        assert (await device.request("stations"))["station"]["id"] == with_printer
        cleared = await device.request("set_station", station_id=None)
        assert cleared["station"] is None
    async with connect("tc-station-2") as other:  # another device: its own setting
        assert (await log_in(other, "OP-0002"))["station"] is None
    assert site.store.read_sync(stations.device_station, "tc-station-1") is None
    changes = [
        (entry.actor, (entry.details or {}).get("station"))
        for entry in site.store.read_sync(audit.recent)
        if entry.action == "device.station_set" and entry.target == "device:tc-station-1"
    ]  # who set the device's station, as when the office assigns it
    assert sorted(changes, key=str) == [("operator:kierownik", None), ("operator:marek", "Stół 1")]


async def test_a_picker_may_not_set_the_station_nor_anyone_an_unknown_one(
    site: Site, connect: Callable[..., Any], zebra: FakeZebra
) -> None:
    station = add_station(site, "Stół 3", zebra)
    async with connect("tc-station-3") as device:
        await log_in(device, "OP-0001")  # Anna, a picker
        assert (await device.request("stations"))["type"] == "stations"
        refused = await device.request("set_station", station_id=station)
        assert (refused["type"], refused["code"]) == ("error", "forbidden"), refused
        await log_in(device, "OP-0002")
        unknown = await device.request("set_station", station_id=999_999)
        assert (unknown["type"], unknown["code"]) == ("error", "not_found"), unknown
        assert unknown["message"] == "Nie ma stanowiska nr 999999 — wybierz stanowisko z listy."
        missing = await device.request("set_station")
        assert (missing["code"], "station_id" in missing["message"]) == ("bad_message", True)
    assert site.store.read_sync(stations.device_station, "tc-station-3") is None


async def test_before_confirming_the_packer_sees_the_carrier_service_size_and_printer(
    site: Site, connect: Callable[..., Any], zebra: FakeZebra
) -> None:
    station = add_station(site, "Stół 4", zebra)
    order_id = await picked(site, connect, site.demo.examples.zk_pack_line, "view")
    async with connect("tc-pack-view") as device:
        await log_in(device, "OP-0002")
        opened = await device.request("open", order_id=order_id)
        # The default rules: Kolektor's own label; the device has no station yet.
        assert opened["order"]["delivery"] == {
            "method": None, "carrier": "own", "carrier_name": "etykieta Kolektora",
            "service": "pickup", "service_name": "odbiór osobisty", "template": None,
            "station": None,
        }  # fmt: skip
        site.store.run_sync(
            settings.set_setting, RULES_SETTING, [LOCKER_RULE, *default_rules_data()],
            actor="test",
        )  # fmt: skip
        await device.request("set_station", station_id=station)
        opened = await device.request(
            "pack_open", code=site.order(site.demo.examples.zk_pack_line).number
        )
        assert opened["order"]["delivery"] == {
            "method": None, "carrier": "inpost", "carrier_name": "InPost",
            "service": "inpost_locker_standard", "service_name": "paczkomat", "template": "B",
            "station": {"id": station, "name": "Stół 4",
                        "printer": {"name": "Zebra Stół 4", "kind": "zebra"}},
        }  # fmt: skip
        await device.request("hello", device_id=device.device_id, language="en")
        english = await device.request("open", order_id=order_id)
        assert english["order"]["delivery"]["service_name"] == "parcel locker"


async def test_the_label_prints_on_the_station_where_the_order_was_packed(
    site: Site, connect: Callable[..., Any], zebra: FakeZebra
) -> None:
    station = add_station(site, "Stół 5", zebra)
    order = site.order(site.demo.examples.zk_pack_line)
    await picked(site, connect, site.demo.examples.zk_pack_line, "print")
    zebra.state = "slow"  # its status after a second: the device sees the label waiting
    async with connect("tc-label-1") as device:
        await log_in(device, "OP-0002")
        await device.request("set_station", station_id=station)
        packed = await device.request(
            "pack", order_id=order.id, request_id="lp-1",
            packages=[{"weight_kg": "1.5", "template": "A"}, {"weight_kg": "2"}],
        )  # fmt: skip
        assert packed["type"] == "packed", packed
        answers = await label_until(device, order.id, {"printed", "failed"})
    shipment = site.store.read_sync(shipments.current_shipment, order.id, 1)
    assert shipment is not None and shipment.station_id == station  # from the label job's plan
    waiting = [a for a in answers if a["state"] == "waiting"]
    assert waiting, answers
    assert waiting[0]["message"] in {
        "Przygotowuję etykietę…", "Drukuję 2 etykiety na „Zebra Stół 5”…"
    }  # fmt: skip
    done = answers[-1]
    assert done["state"] == "printed", done
    assert done["message"] == "Etykieta wydrukowana: 2 z 2"
    assert done["labels"] == {"total": 2, "printed": 2}
    assert (done["printer"], done["carrier"], done["service"]) == ("Zebra Stół 5", "own", "pickup")
    assert (done["order_id"], done["number"], done["retrying"]) == (order.id, order.number, False)
    assert len(zebra.labels) == 2
    assert all(order.number.encode() in label.zpl for label in zebra.labels)


async def test_paper_out_is_told_in_polish_and_a_reprint_prints_once_per_request(
    site: Site, connect: Callable[..., Any], zebra: FakeZebra
) -> None:
    station = add_station(site, "Stół 6", zebra)
    order = site.order(site.demo.examples.zk_carton_line)
    await picked(site, connect, site.demo.examples.zk_carton_line, "paper")
    zebra.state = "paper_out"
    async with connect("tc-label-2") as device:
        await log_in(device, "OP-0002")
        await device.request("set_station", station_id=station)
        packed = await device.request(
            "pack", order_id=order.id, request_id="pp-1", packages=[{"weight_kg": "1"}]
        )
        assert packed["type"] == "packed", packed
        failed = (await label_until(device, order.id, {"failed", "printed"}))[-1]
        assert failed["state"] == "failed", failed
        assert failed["message"] == (
            f"Drukarka „Zebra Stół 6” ({zebra.address}): brak etykiet — załóż nową rolkę i "
            "naciśnij FEED."
        )
        assert (failed["retrying"], failed["can_reprint"]) == (True, True)
        assert failed["labels"] == {"total": 1, "printed": 0}
        assert zebra.labels == []

        # Still out of paper: the reprint is refused with the printer's reason.
        refused = await device.request("reprint_label", order_id=order.id, request_id="rp-1")
        assert (refused["type"], refused["code"]) == ("error", "printer"), refused
        assert "brak etykiet — załóż nową rolkę" in refused["message"]

        zebra.state = "ready"  # a new roll
        printed = await device.request("reprint_label", order_id=order.id, request_id="rp-1")
        assert printed["type"] == "label", printed
        assert (printed["state"], printed["message"]) == ("printed", "Etykieta wydrukowana: 1 z 1")
        # (The pipeline's own retry, seconds later, may have printed it too just before.)
        after_first = len(zebra.labels)
        assert after_first in (1, 2)
        again = await device.request("reprint_label", order_id=order.id, request_id="rp-1")
        assert again["state"] == "printed"
        assert len(zebra.labels) == after_first  # the same request: printed once
        another = await device.request("reprint_label", order_id=order.id, request_id="rp-2")
        assert another["state"] == "printed"
        assert len(zebra.labels) == after_first + 1  # a new request: printed again
    assert len({label.zpl for label in zebra.labels}) == 1  # the same label each time


async def test_a_device_without_a_station_keeps_the_labels_until_it_has_one(
    site: Site, connect: Callable[..., Any], zebra: FakeZebra
) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    await picked(site, connect, site.demo.examples.zk_many_lines, "nostation")
    async with connect("tc-label-3") as device:
        await log_in(device, "OP-0002")
        packed = await device.request(
            "pack", order_id=order.id, request_id="ns-1", packages=[{"weight_kg": "4"}]
        )
        assert packed["type"] == "packed", packed
        ready = (await label_until(device, order.id, {"ready", "printed", "failed"}))[-1]
        assert ready["state"] == "ready", ready
        assert ready["message"].startswith(f"etykiety {order.number} są gotowe, ale stanowisko")
        assert (ready["printer"], ready["can_reprint"]) == (None, True)
        plan = next(j for j in site.store.read_sync(jobs.jobs_of, order.id) if j.step == "label")
        assert plan.result is not None and plan.result["station_id"] is None

        no_station = await device.request("reprint_label", order_id=order.id, request_id="ns-r1")
        assert (no_station["type"], no_station["code"]) == ("error", "nothing_to_reprint")
        assert "nie ma stanowiska pakowania" in no_station["message"]
        await device.request("set_station", station_id=add_station(site, "Stół 7", zebra))
        printed = await device.request("reprint_label", order_id=order.id, request_id="ns-r1")
        assert (printed["state"], printed["printer"]) == ("printed", "Zebra Stół 7"), printed
    assert len(zebra.labels) == 1


async def test_no_label_and_no_reprint_for_an_order_not_packed(
    site: Site, connect: Callable[..., Any], zebra: FakeZebra
) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    async with connect("tc-label-4") as device:
        await log_in(device, "OP-0002")
        await device.request("set_station", station_id=add_station(site, "Stół 8", zebra))
        label = await device.request("label", order_id=order.id)
        reprint = await device.request("reprint_label", order_id=order.id, request_id="x-1")
        unknown = await device.request("label", order_id=999_999)
    for refused in (label, reprint):
        assert (refused["type"], refused["code"]) == ("error", "not_packed"), refused
        assert refused["message"] == (
            f"Zamówienie {order.number} nie jest spakowane (stan: nowe) — etykieta powstaje "
            "dopiero po spakowaniu."
        )
    assert (unknown["type"], unknown["code"]) == ("error", "not_found")
    assert zebra.labels == [] and zebra.connections == 0


async def test_a_rule_without_a_label_says_so_before_and_after_packing(
    site: Site, connect: Callable[..., Any]
) -> None:
    no_label = {"name": "Bez etykiety", "when": [], "then": {"document": "PAi", "label": False}}
    site.store.run_sync(
        settings.set_setting, RULES_SETTING, [no_label, *default_rules_data()], actor="test"
    )
    order = site.order(site.demo.examples.zk_remark_receipt)
    await picked(site, connect, site.demo.examples.zk_remark_receipt, "nolabel")
    async with connect("tc-label-5") as device:
        await log_in(device, "OP-0002")
        opened = await device.request("pack_open", code=order.number)
        delivery = opened["order"]["delivery"]
        assert (delivery["carrier"], delivery["service"], delivery["template"]) == (None,) * 3
        packed = await device.request(
            "pack", order_id=order.id, request_id="nl-1", packages=[{"weight_kg": "1"}]
        )
        assert packed["type"] == "packed", packed
        label = await device.request("label", order_id=order.id)
    assert (label["state"], label["message"]) == ("skipped", "reguła nie tworzy etykiety")
    assert (label["carrier"], label["tracking_numbers"], label["can_reprint"]) == (None, [], False)
