"""The office side of shipping over real HTTP on the demo: label printers and packing
stations (added, changed, removed by an admin only, refused beside the field), a printer's
state asked from a fake Zebra on loopback (ready, out of labels, unreachable), a test label
arriving at it, handhelds given a station; and a packed order's shipment made by the
server's own pipeline — listed without label bytes, its label previewed and downloaded,
printed again at the fake Zebra, cancelled — and the end-of-day handover list as JSON and
as a PDF whose text names the orders.  An InPost shipment already bought cannot be
cancelled: the carrier's reason (cancel it in Manager Paczek) comes back in Polish."""

from __future__ import annotations

import io
import socket
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pypdfium2
import pytest
import trio
from PIL import Image

from kolektor.demo.generator import DemoSummary
from kolektor.fakes.shipx import ShipXFake
from kolektor.fakes.zebra import FakeZebra
from kolektor.finalize.plan import load_rules, plan_for
from kolektor.server.serve import run_server
from kolektor.shipping.carrier import LabelFile
from kolektor.store import operators, orders, picking
from kolektor.store import shipments as shipment_store
from kolektor.store.engine import Store
from kolektor.store.lifecycle import OrderStatus
from kolektor.store.orders import SUBIEKT_TIMEZONE
from kolektor.store.picking import PackageInput
from kolektor.store.tables import audit_log
from tests.office import Office, add_demo_operators, demo_config, wait_for_intake
from tests.panel.test_dashboard import scanner

PASSWORDS = {"szef": "szef-demo", "biuro": "biuro-demo", "kierownik": "kierownik-demo"}
ZEBRA = {"kind": "zebra", "dpi": 203, "width_mm": "101.6", "height_mm": "152.4"}
SHIPX_TOKEN = "shipx-office-token-77"
SHIPX_ORGANIZATION = 88


@asynccontextmanager
async def logged_in(office: Office, login: str = "szef") -> AsyncIterator[httpx.AsyncClient]:
    async with office.client() as client:
        await office.login(client, login, PASSWORDS[login])
        yield client


async def zebra_in(nursery: trio.Nursery, state: str = "ready") -> FakeZebra:
    fake = FakeZebra(state=state)
    await nursery.start(fake.serve)
    return fake


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def add_printer(client: httpx.AsyncClient, name: str, address: str, **extra: Any) -> Any:
    response = await client.post(
        "/api/printers", json={**ZEBRA, "name": name, "address": address, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()["printer"]


async def add_station(client: httpx.AsyncClient, name: str, printer_id: int | None) -> Any:
    response = await client.post(
        "/api/stations", json={"name": name, "label_printer_id": printer_id}
    )
    assert response.status_code == 201, response.text
    return response.json()["station"]


def audited(office: Office, prefix: str) -> list[tuple[str, str | None, str]]:
    def read(conn: Any) -> list[tuple[str, str | None, str]]:
        rows = conn.execute(
            audit_log.select().where(audit_log.c.action.like(f"{prefix}%")).order_by(audit_log.c.id)
        )
        return [(row.action, row.target, row.actor) for row in rows]

    return office.store.read_sync(read)


def pack_for_label(store: Store, zk_id: int, label: Mapping[str, Any], parcels: int = 1) -> int:
    """Pack as the scanner does, the label job's plan naming the carrier and the station
    (what the rules and the packing device decide)."""
    order_id = store.read_sync(orders.intake_index)[zk_id].order_id
    for status in (OrderStatus.PICKING, OrderStatus.PICKED):
        store.run_sync(orders.change_status, order_id, status, reason=None, actor="test")
    order = store.read_sync(orders.get_order, order_id)
    assert order is not None
    operator = store.read_sync(operators.list_operators)[0]
    plan = plan_for(order, store.read_sync(load_rules, "pl"), "pl")
    packages = tuple(
        PackageInput(Decimal("1.5"), Decimal("30"), Decimal("20"), Decimal("10"))
        for _ in range(parcels)
    )
    assert store.run_sync(picking.pack_order, order.id, packages, operator_id=operator.id,
                          actor="operator:marek", plan={**plan.steps, "label": dict(label)},
                          skipped=plan.skipped, summary=plan.summary)  # fmt: skip
    return order_id


async def shipment_in(
    client: httpx.AsyncClient, order_id: int, state: str | frozenset[str]
) -> dict[str, Any]:
    """The order's newest shipment once the server's pipeline has taken it to ``state``."""
    wanted = {state} if isinstance(state, str) else state
    with trio.fail_after(60):
        while True:
            response = await client.get(f"/api/orders/{order_id}/shipments")
            assert response.status_code == 200, response.text
            found = response.json()["shipments"]
            if found and found[0]["state"] in wanted:
                return found[0]  # type: ignore[no-any-return]
            await trio.sleep(0.1)


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


# -- printers and stations ---------------------------------------------------------------------


async def test_printers_and_stations_are_kept_by_an_admin_and_read_by_the_office(
    office: Office,
) -> None:
    async with logged_in(office, "szef") as admin, logged_in(office, "biuro") as desk:
        printer = await add_printer(admin, "Pakowanie 1", "192.168.1.50")
        assert {k: printer[k] for k in ("name", "kind", "address", "dpi", "width_mm")} == {
            "name": "Pakowanie 1", "kind": "zebra", "address": "192.168.1.50:9100",
            "dpi": 203, "width_mm": "101.6"}  # fmt: skip
        station = await add_station(admin, "Stół 1", printer["id"])
        assert (station["label_printer"], station["devices"]) == ("Pakowanie 1", [])

        # The office reads everything but changes nothing.
        listed = (await desk.get("/api/printers")).json()["printers"]
        assert [(p["name"], p["stations"]) for p in listed] == [("Pakowanie 1", ["Stół 1"])]
        stations = (await desk.get("/api/stations")).json()["stations"]
        assert [(s["name"], s["label_printer_id"]) for s in stations] == [("Stół 1", printer["id"])]
        refused = await desk.post("/api/printers", json={**ZEBRA, "name": "X", "address": "h"})
        assert (refused.status_code, refused.json()["error"]) == (403, "forbidden")
        assert (await desk.delete(f"/api/printers/{printer['id']}")).status_code == 403

        changed = await admin.put(f"/api/printers/{printer['id']}", json={
            **ZEBRA, "name": "Pakowanie 1", "address": "zebra-1.lan:6101", "dpi": 300,
            "height_mm": "100"})  # fmt: skip
        assert changed.status_code == 200, changed.text
        assert {k: changed.json()["printer"][k] for k in ("address", "dpi", "height_mm")} == {
            "address": "zebra-1.lan:6101", "dpi": 300, "height_mm": "100"}  # fmt: skip

        removed = await admin.delete(f"/api/printers/{printer['id']}")
        assert removed.json() == {"deleted": printer["id"], "stations_without_printer": ["Stół 1"]}
        (left,) = (await desk.get("/api/stations")).json()["stations"]
        assert left["label_printer_id"] is None
        assert (await admin.delete(f"/api/printers/{printer['id']}")).status_code == 404
        assert (await admin.delete(f"/api/stations/{station['id']}")).status_code == 200
        assert (await desk.get("/api/stations")).json()["stations"] == []

    assert [(action, target) for action, target, _ in audited(office, "printer.")] == [
        ("printer.created", f"printer:{printer['id']}"),
        ("printer.changed", f"printer:{printer['id']}"),
        ("printer.deleted", f"printer:{printer['id']}"),
    ]
    assert [a for a, _, _ in audited(office, "station.")] == ["station.created", "station.deleted"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "zebra", "address": "10.0.0.5"}, "name", "Wpisz nazwę."),
        ({"name": "P", "kind": "epson", "address": "x"}, "kind",
         "Wybierz rodzaj drukarki: zebra, cups."),
        ({"name": "P", "kind": "zebra", "address": " "}, "address", "Wpisz adres drukarki Zebra"),
        ({"name": "P", "kind": "zebra", "address": "10.0.0.5:70000"}, "address",
         "port w adresie „10.0.0.5:70000” musi być liczbą od 1 do 65535"),
        ({"name": "P", "kind": "zebra", "address": "a b"}, "address",
         "„a b” nie jest adresem drukarki"),
        ({"name": "P", "kind": "cups", "address": "Pakowanie 1"}, "address",
         "„Pakowanie 1” nie jest nazwą kolejki CUPS"),
        ({"name": "P", "kind": "zebra", "address": "h", "dpi": 150}, "dpi",
         "Rozdzielczość głowicy to jedna z: 203, 300, 600 dpi"),
        ({"name": "P", "kind": "zebra", "address": "h", "width_mm": "1000"}, "width_mm",
         "Szerokość etykiety to liczba milimetrów od 20 do 170"),
        ({"name": "P", "kind": "zebra", "address": "h", "height_mm": "100.123"}, "height_mm",
         "Długość etykiety to liczba milimetrów od 10 do 400, najwyżej dwa miejsca"),
        ({"name": "P", "kind": "zebra", "address": "h", "width_mm": True}, "width_mm",
         "Szerokość etykiety"),
        ({"name": "P", "kind": "zebra", "address": "h", "colour": "red"}, "colour",
         "Nieznane pole „colour”"),
    ],
)  # fmt: skip
async def test_a_printer_that_cannot_be_used_is_refused_beside_its_field(
    office: Office, body: dict[str, Any], field: str, message: str
) -> None:
    async with logged_in(office, "szef") as admin:
        response = await admin.post("/api/printers", json=body)
        assert response.status_code == 400, response.text
        answer = response.json()
        assert (answer["error"], answer["field"]) == ("invalid_printer", field)
        assert message in answer["message"]
        assert (await admin.get("/api/printers")).json()["printers"] == []


async def test_names_are_unique_and_a_station_needs_a_printer_that_exists(office: Office) -> None:
    async with logged_in(office, "szef") as admin:
        await add_printer(admin, "Pakowanie 1", "10.0.0.5")
        taken = await admin.post("/api/printers", json={**ZEBRA, "name": "pakowanie 1",
                                                        "address": "10.0.0.6"})  # fmt: skip
        assert (taken.status_code, taken.json()["error"], taken.json()["field"]) == (
            409, "name_taken", "name")  # fmt: skip
        assert taken.json()["message"] == "Nazwa „pakowanie 1” jest już zajęta — wybierz inną."
        missing = await admin.post("/api/stations", json={"name": "Stół", "label_printer_id": 999})
        assert (missing.status_code, missing.json()["field"]) == (400, "label_printer_id")
        assert missing.json()["message"] == "Nie ma drukarki nr 999 — wybierz drukarkę z listy."


# -- a printer's state, a test label -----------------------------------------------------------


async def test_the_state_of_a_zebra_ready_out_of_labels_and_unreachable(
    office: Office, nursery: trio.Nursery
) -> None:
    zebra = await zebra_in(nursery)
    async with logged_in(office, "szef") as admin, logged_in(office, "biuro") as desk:
        printer = await add_printer(admin, "Pakowanie 1", zebra.address)
        gone = await add_printer(admin, "Wyłączona", f"127.0.0.1:{closed_port()}")

        ready = (await desk.get(f"/api/printers/{printer['id']}/status")).json()
        assert {k: ready[k] for k in ("ok", "code", "problems")} == {
            "ok": True, "code": "ready", "problems": []}  # fmt: skip
        assert ready["message"] == f"Drukarka „Pakowanie 1” ({zebra.address}) jest gotowa do druku."

        zebra.state = "paper_out"
        out = (await desk.get(f"/api/printers/{printer['id']}/status")).json()
        assert {k: out[k] for k in ("ok", "code", "problems")} == {
            "ok": False, "code": "paper_out", "problems": ["paper_out"]}  # fmt: skip
        assert "brak etykiet — załóż nową rolkę i naciśnij FEED" in out["message"]

        unreachable = await desk.get(f"/api/printers/{gone['id']}/status")
        assert unreachable.status_code == 200
        answer = unreachable.json()
        assert (answer["ok"], answer["code"]) == (False, "unreachable")
        assert "„Wyłączona”" in answer["message"] and "nie przyjmuje połączeń" in answer["message"]
        assert zebra.labels == []  # asking prints nothing
        assert (await desk.get("/api/printers/999/status")).status_code == 404


async def test_a_test_label_arrives_at_the_zebra_and_a_refusal_says_why(
    office: Office, nursery: trio.Nursery
) -> None:
    zebra = await zebra_in(nursery)
    async with logged_in(office, "szef") as admin, logged_in(office, "kierownik") as lead:
        printer = await add_printer(admin, "Pakowanie 2", zebra.address, width_mm="50",
                                    height_mm="30", dpi=300)  # fmt: skip
        async with logged_in(office, "biuro") as desk:
            assert (await desk.post(f"/api/printers/{printer['id']}/test")).status_code == 403
        sent = await lead.post(f"/api/printers/{printer['id']}/test")
        assert sent.status_code == 200, sent.text
        assert sent.json()["message"] == "Wysłano wydruk testowy do drukarki „Pakowanie 2”."
        await zebra.wait_finished(zebra.connections)
        (label,) = zebra.labels
        text = label.zpl.decode()
        assert "^PW591^LL354" in text  # 50 × 30 mm at 300 dpi
        assert "Pakowanie 2" in text and "Kolektor: wydruk testowy" in text
        assert "300 dpi, etykieta 50 × 30 mm" in text

        zebra.state = "head_open"
        refused = await lead.post(f"/api/printers/{printer['id']}/test")
        assert refused.status_code == 409
        body = refused.json()
        assert (body["error"], body["printer_code"], body["retryable"]) == (
            "printer_problem", "head_open", True)  # fmt: skip
        assert "Pakowanie 2" in body["message"] and "otwarta" in body["message"]
        assert len(zebra.labels) == 1


# -- handhelds and their stations --------------------------------------------------------------


async def test_a_supervisor_gives_a_handheld_its_station(office: Office) -> None:
    async with logged_in(office, "szef") as admin, logged_in(office, "kierownik") as lead:
        station = await add_station(admin, "Stół 2", None)
        set_ = await lead.put(
            "/api/stations/devices/tc52-marek", json={"station_id": station["id"]}
        )
        assert set_.status_code == 200, set_.text
        device = set_.json()["device"]
        assert (device["device_id"], device["station"], device["set_by"]) == (
            "tc52-marek", "Stół 2", "operator:kierownik")  # fmt: skip
        listed = (await lead.get("/api/stations/devices")).json()
        assert [d["device_id"] for d in listed["devices"]] == ["tc52-marek"]
        assert (await lead.get("/api/stations")).json()["stations"][0]["devices"] == ["tc52-marek"]

        for path, body, status, field in [
            ("/api/stations/devices/%20tc52", {"station_id": station["id"]}, 400, "device_id"),
            ("/api/stations/devices/" + "x" * 65, {"station_id": station["id"]}, 400, "device_id"),
            ("/api/stations/devices/tc52-ewa", {"station_id": 999}, 400, "station_id"),
            ("/api/stations/devices/tc52-ewa", {"station_id": "1"}, 400, "station_id"),
            ("/api/stations/devices/tc52-ewa", {"station": 1}, 400, "station"),
        ]:
            refused = await lead.put(path, json=body)
            assert refused.status_code == status, (path, refused.text)
            assert field in (refused.json().get("field"), refused.json().get("parameter"))
        async with logged_in(office, "biuro") as desk:
            assert (await desk.put("/api/stations/devices/tc52-marek",
                                   json={"station_id": None})).status_code == 403  # fmt: skip

        cleared = await lead.put("/api/stations/devices/tc52-marek", json={"station_id": None})
        assert cleared.json() == {"device_id": "tc52-marek", "device": None}

        # A handheld that has logged in is listed as seen, to be given a station.
        async with scanner(office, "tc52-anna") as anna:
            await anna.login("OP-0001")
        seen = (await lead.get("/api/stations/devices")).json()["seen"]
        assert [d["device_id"] for d in seen] == ["tc52-anna"]
        assert datetime.fromisoformat(seen[0]["last_seen_at"]).tzinfo is not None
    assert [a for a, _, _ in audited(office, "device.")] == ["device.station_set"] * 2


# -- an order's shipment -----------------------------------------------------------------------


async def test_a_packed_orders_shipment_is_previewed_reprinted_handed_over_and_cancelled(
    office: Office, nursery: trio.Nursery, subiekt_db: DemoSummary
) -> None:
    zebra = await zebra_in(nursery)
    spare = await zebra_in(nursery)
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    async with logged_in(office, "szef") as admin:
        printer = await add_printer(admin, "Pakowanie 1", zebra.address)
        other = await add_printer(admin, "Zapasowa", spare.address)
        station = await add_station(admin, "Stół 1", printer["id"])
    order_id = pack_for_label(office.store, subiekt_db.examples.zk_pack_line,
                              {"carrier": "own", "service": "pickup",
                               "station_id": station["id"]}, parcels=2)  # fmt: skip
    order = office.store.read_sync(orders.get_order, order_id)
    assert order is not None

    async with logged_in(office, "biuro") as desk:
        shipment = await shipment_in(desk, order_id, "printed")
        assert {k: shipment[k] for k in ("carrier", "carrier_name", "service", "service_name",
                                         "reference", "station_id", "error")} == {
            "carrier": "own", "carrier_name": "etykieta Kolektora", "service": "pickup",
            "service_name": "odbiór osobisty", "reference": order.number,
            "station_id": station["id"], "error": None}  # fmt: skip
        labels = shipment["labels"]
        assert [(b["package"], b["format"], b["print_count"], b["printer"]) for b in labels] == [
            (1, "zpl", 1, "Pakowanie 1"), (2, "zpl", 1, "Pakowanie 1")]  # fmt: skip
        assert all("content" not in lb for lb in labels)  # no label bytes in the list
        await zebra.wait_finished(zebra.connections)
        assert len(zebra.labels) == 2

        # The preview is the label as printed: 4 × 6 in at 203 dpi.
        png = await desk.get(labels[0]["preview"])
        assert (png.status_code, png.headers["content-type"]) == (200, "image/png")
        image = Image.open(io.BytesIO(png.content))
        assert image.size == (812, 1218)
        assert image.convert("L").getextrema() == (0, 255)  # ink on white
        assert (await desk.get(labels[0]["preview"])).content == png.content  # cached

        file = await desk.get(labels[1]["file"])
        assert file.headers["content-type"].startswith("application/zpl")
        disposition = file.headers["content-disposition"]
        assert disposition.startswith('attachment; filename="etykieta-') and disposition.endswith(
            '-2.zpl"'
        )
        assert file.content.strip() == zebra.labels[1].zpl  # as sent, from ^XA to ^XZ
        assert (await desk.get("/api/shipments/labels/99999/preview.png")).status_code == 404

        # Printed again on the station's printer, then on another one.
        again = await desk.post(f"/api/orders/{order_id}/shipments/reprint")
        assert again.status_code == 200, again.text
        assert again.json()["reprinted"]["printer"] == "Pakowanie 1"
        await zebra.wait_finished(zebra.connections)
        assert [label.zpl for label in zebra.labels[2:]] == [
            label.zpl for label in zebra.labels[:2]
        ]
        elsewhere = await desk.post(f"/api/orders/{order_id}/shipments/reprint",
                                    json={"printer_id": other["id"]})  # fmt: skip
        assert elsewhere.json()["reprinted"] == {"printer": "Zapasowa", "labels": 2,
                                                 "tracking_numbers": []}  # fmt: skip
        await spare.wait_finished(spare.connections)
        assert len(spare.labels) == 2
        zebra.state = "paper_out"
        refused = await desk.post(f"/api/orders/{order_id}/shipments/reprint")
        assert (refused.status_code, refused.json()["printer_code"]) == (409, "paper_out")
        assert "brak etykiet" in refused.json()["message"]
        shipment = await shipment_in(desk, order_id, "printed")
        assert [lb["print_count"] for lb in shipment["labels"]] == [3, 3]
        assert shipment["labels"][0]["printer"] == "Zapasowa"

        # The end-of-day list names it, as JSON and in the PDF.
        today = datetime.now(SUBIEKT_TIMEZONE).date().isoformat()
        listed = (await desk.get("/api/shipments/handover",
                                 params={"carrier": "own", "date": today})).json()  # fmt: skip
        assert listed["totals"] == {"shipments": 1, "parcels": 2}
        (row,) = listed["shipments"]
        assert (row["order_id"], row["number"], row["parcels"]) == (order_id, order.number, 2)
        assert row["receiver"]["name"] and row["receiver"]["city"]
        pdf = await desk.get(
            "/api/shipments/handover.pdf", params={"carrier": "own", "date": today}
        )
        assert pdf.headers["content-type"] == "application/pdf"
        text = pdf_text(pdf.content)
        assert "Protokół przekazania przesyłek — etykieta Kolektora" in text
        assert order.number in text and row["receiver"]["city"] in text
        assert "Razem: 1 przesyłka, 2 paczki." in text
        inpost = await desk.get(
            "/api/shipments/handover", params={"carrier": "inpost", "date": today}
        )
        assert inpost.json()["shipments"] == []

        # Only a supervisor or an admin cancels.
        assert (await desk.post(f"/api/orders/{order_id}/shipments/cancel")).status_code == 403
    async with logged_in(office, "kierownik") as lead:
        cancelled = await lead.post(f"/api/orders/{order_id}/shipments/cancel")
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["cancelled"]["state"] == "cancelled"
        assert cancelled.json()["cancelled"]["cancelled_at"]
        again = await lead.post(f"/api/orders/{order_id}/shipments/cancel")
        assert (again.status_code, again.json()["error"]) == (409, "nothing_to_cancel")
        late = await lead.post(f"/api/orders/{order_id}/shipments/reprint")
        assert (late.status_code, late.json()["error"]) == (409, "nothing_to_reprint")
        assert "została anulowana" in late.json()["message"]
        gone = (await lead.get("/api/shipments/handover",
                               params={"carrier": "own", "date": today})).json()  # fmt: skip
        assert gone["shipments"] == []
        entries = (await lead.get(f"/api/orders/{order_id}/audit")).json()["entries"]
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("shipment.reprinted", "operator:biuro"), ("shipment.reprinted", "operator:biuro"),
        ("shipment.cancelled", "operator:kierownik")]  # fmt: skip


async def test_nothing_to_reprint_or_cancel_before_a_shipment_and_bad_handover_parameters(
    office: Office, subiekt_db: DemoSummary
) -> None:
    await wait_for_intake(office, 1)
    order_id = next(iter(office.store.read_sync(orders.intake_index).values())).order_id
    async with logged_in(office, "szef") as admin:
        assert (await admin.get(f"/api/orders/{order_id}/shipments")).json() == {"shipments": []}
        assert (await admin.get("/api/orders/999999/shipments")).status_code == 404
        nothing = await admin.post(f"/api/orders/{order_id}/shipments/reprint")
        assert (nothing.status_code, nothing.json()["error"]) == (409, "nothing_to_reprint")
        assert "nie ma jeszcze przesyłki" in nothing.json()["message"]
        none = await admin.post(f"/api/orders/{order_id}/shipments/cancel")
        assert (none.status_code, none.json()["error"]) == (409, "nothing_to_cancel")
        bad_printer = await admin.post(f"/api/orders/{order_id}/shipments/reprint",
                                       json={"printer_id": 77})  # fmt: skip
        assert (bad_printer.status_code, bad_printer.json()["field"]) == (400, "printer_id")
        for params, name in [({"date": "2026-12-07"}, "carrier"),
                             ({"carrier": "dhl"}, "carrier"),
                             ({"carrier": "inpost", "date": "7.12.2026"}, "date"),
                             ({"carrier": "inpost", "date": "2026-02-30"}, "date"),
                             ({"carrier": "inpost\x00"}, "carrier")]:  # fmt: skip
            for path in ("/api/shipments/handover", "/api/shipments/handover.pdf"):
                refused = await admin.get(path, params=params)
                assert (refused.status_code, refused.json()["parameter"]) == (400, name), params
        empty = await admin.get("/api/shipments/handover.pdf",
                                params={"carrier": "inpost", "date": "2026-12-07"})  # fmt: skip
        text = pdf_text(empty.content)
        assert "Protokół przekazania przesyłek — InPost — 7 grudnia 2026" in text
        assert "Tego dnia nie nadano żadnej przesyłki" in text


def _pdf_label() -> bytes:
    out = io.BytesIO()
    Image.new("L", (288, 432), 255).save(out, format="PDF")
    return out.getvalue()


async def test_a_label_the_preview_cannot_draw_is_shown_from_the_carriers_pdf_or_said_so(
    office: Office, subiekt_db: DemoSummary
) -> None:
    await wait_for_intake(office, 1)
    order_id = next(iter(office.store.read_sync(orders.intake_index).values())).order_id
    carrier_zpl = b"^XA^FO50,50^BXN,10,200^FDABC123^FS^XZ"  # a DataMatrix: not drawn

    def recorded(conn: Any, with_pdf: bool, generation: int) -> list[int]:
        record = shipment_store.begin_shipment(
            conn, order_id=order_id, generation=generation, carrier="inpost", service=None,
            reference=f"ZK test {generation}", request={},
        )  # fmt: skip
        files = [LabelFile(1, "zpl", carrier_zpl)]
        if with_pdf:
            files.append(LabelFile(1, "pdf", _pdf_label()))
        shipment_store.save_labels(conn, record.id, files)
        return [label.id for label in shipment_store.labels_of(conn, record.id)]

    zpl_with_pdf, pdf = office.store.run_sync(recorded, True, 91)
    (zpl_alone,) = office.store.run_sync(recorded, False, 92)
    async with logged_in(office, "biuro") as desk:
        shown = await desk.get(f"/api/shipments/labels/{zpl_with_pdf}/preview.png")
        assert shown.status_code == 200
        assert Image.open(io.BytesIO(shown.content)).size == (812, 1218)  # the PDF at 203 dpi
        assert (await desk.get(f"/api/shipments/labels/{pdf}/preview.png")).status_code == 200
        refused = await desk.get(f"/api/shipments/labels/{zpl_alone}/preview.png")
        assert refused.status_code == 415
        assert refused.json()["error"] == "preview_unsupported"
        assert "^BX" in refused.json()["message"]
        download = await desk.get(f"/api/shipments/labels/{zpl_alone}/file")
        assert download.content == carrier_zpl
        assert 'filename="etykieta-ZK-test-92-1.zpl"' in download.headers["content-disposition"]


# -- an InPost shipment already bought ---------------------------------------------------------


@pytest.fixture
async def inpost_office(
    subiekt_db: DemoSummary, tmp_path: Path, nursery: trio.Nursery
) -> AsyncIterator[tuple[Office, ShipXFake]]:
    """The office server with InPost set up against a ShipX fake on loopback."""
    shipx = ShipXFake(token=SHIPX_TOKEN, organization_id=SHIPX_ORGANIZATION)
    await nursery.start(shipx.serve)
    extra = (f'\n[inpost]\nurl = "{shipx.url}"\norganization_id = {SHIPX_ORGANIZATION}\n'
             f'token = "{SHIPX_TOKEN}"\ntimeout = 2\n')  # fmt: skip
    config = demo_config(tmp_path, subiekt_db.path, extra=extra)
    store = Store.open(config.store_url)
    store.upgrade()
    add_demo_operators(config, store)
    binds = await nursery.start(
        lambda task_status: run_server(config, store=store, task_status=task_status)
    )
    yield Office(binds[0], config, store), shipx
    nursery.cancel_scope.cancel()


async def test_an_inpost_shipment_already_bought_is_cancelled_in_manager_paczek(
    inpost_office: tuple[Office, ShipXFake], nursery: trio.Nursery, subiekt_db: DemoSummary
) -> None:
    office, shipx = inpost_office
    zebra = await zebra_in(nursery)
    await wait_for_intake(office, len(subiekt_db.open_zk_ids))
    async with logged_in(office, "szef") as admin:
        printer = await add_printer(admin, "Pakowanie 1", zebra.address)
        station = await add_station(admin, "Stół 1", printer["id"])
        order_id = pack_for_label(
            office.store, subiekt_db.examples.zk_pack_line,
            {"carrier": "inpost", "service": "inpost_courier_standard",
             "station_id": station["id"]},
        )  # fmt: skip
        shipment = await shipment_in(admin, order_id, "printed")
        assert shipment["carrier_name"] == "InPost" and len(shipment["tracking_numbers"]) == 1
        number = shipment["carrier_shipment_id"]
        refused = await admin.post(f"/api/orders/{order_id}/shipments/cancel")
        assert refused.status_code == 409, refused.text
        body = refused.json()
        assert (body["error"], body["carrier_code"]) == ("cancel_refused", "invalid_action")
        assert body["message"] == (
            f"Przesyłki {number} nie można już anulować przez API — jest kupiona. Anuluj ją "
            "w Managerze Paczek InPost."
        )
        assert (await shipment_in(admin, order_id, "printed"))["state"] == "printed"
        assert len(shipx.shipments_with(shipment["reference"])) == 1
    assert audited(office, "shipment.") == []
