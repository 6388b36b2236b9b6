"""The panel's writes while the store's disk is full — holding and sending back an order,
issuing a new badge, restoring a version of the rules, adding a printer or a station: the
office is told in Polish to try again, nothing changes, and the same request succeeds once
when there is room again."""

from __future__ import annotations

from typing import Any

import httpx

from kolektor.finalize.plan import RULES_SETTING
from kolektor.store import settings
from kolektor.store.lifecycle import OrderStatus
from tests.disk import SmallDisk
from tests.scanner.conftest import Site
from tests.scanner.test_security import office_client


def refused_for_now(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "unavailable", response.text
    assert "spróbuj za chwilę" in response.json()["message"]


async def test_hold_and_send_back_on_a_full_disk_change_nothing_until_freed(
    small_disk: SmallDisk, site: Site
) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    async with office_client(site, "biuro", "biuro-demo") as office:
        small_disk.fill()
        refused_for_now(await office.post(f"/api/orders/{order.id}/hold", json={"reason": "x"}))
        assert site.order(order.subiekt_id).status is OrderStatus.NEW
        small_disk.free()
        held = await office.post(f"/api/orders/{order.id}/hold", json={"reason": "x"})
        assert held.status_code == 200, held.text
        again = await office.post(f"/api/orders/{order.id}/hold", json={"reason": "x"})
        assert (again.status_code, again.json()["error"]) == (409, "wrong_status")

        small_disk.fill()
        refused_for_now(await office.post(f"/api/orders/{order.id}/send-back"))
        assert site.order(order.subiekt_id).status is OrderStatus.PROBLEM
        small_disk.free()
        back = await office.post(f"/api/orders/{order.id}/send-back")
        assert back.status_code == 200, back.text
    assert site.order(order.subiekt_id).status is OrderStatus.NEW


async def test_a_new_badge_on_a_full_disk_keeps_the_old_one(
    small_disk: SmallDisk, site: Site
) -> None:
    async with office_client(site, "szef", "szef-demo") as admin:
        anna = await operator(admin, "anna")
        small_disk.fill()
        refused_for_now(await admin.post(f"/api/operators/{anna['id']}/badge"))
        assert (await operator(admin, "anna"))["badge"] == anna["badge"] == "…0001"
        small_disk.free()
        issued = await admin.post(f"/api/operators/{anna['id']}/badge")
        assert issued.status_code == 200, issued.text
    code = issued.json()["badge"]
    assert code != "OP-0001" and issued.json()["operator"]["badge"] == "…" + code[-4:]


async def test_restoring_the_rules_on_a_full_disk_keeps_the_rules_in_force(
    small_disk: SmallDisk, site: Site
) -> None:
    async with office_client(site, "biuro", "biuro-demo") as office:
        rules = (await office.get("/api/rules")).json()["rules"]
        saved = await office.put("/api/rules", json=rules[:1])
        assert saved.status_code == 200, saved.text
        in_force = site.store.read_sync(settings.get_setting, RULES_SETTING)
        small_disk.fill()
        refused_for_now(await office.post("/api/rules/versions/default/restore"))
        assert site.store.read_sync(settings.get_setting, RULES_SETTING) == in_force
        small_disk.free()
        restored = await office.post("/api/rules/versions/default/restore")
        assert restored.status_code == 200, restored.text
    assert site.store.read_sync(settings.get_setting, RULES_SETTING) != in_force


async def operator(client: httpx.AsyncClient, login: str) -> dict[str, Any]:
    listing = (await client.get("/api/operators")).json()["operators"]
    found: dict[str, Any] = next(o for o in listing if o["login"] == login)
    return found


async def test_a_printer_and_a_station_on_a_full_disk_are_added_once_there_is_room(
    small_disk: SmallDisk, site: Site
) -> None:
    printer = {"name": "Pakowanie 9", "kind": "zebra", "address": "192.0.2.9:9100"}
    async with office_client(site, "szef", "szef-demo") as admin:
        small_disk.fill()
        refused_for_now(await admin.post("/api/printers", json=printer))
        assert (await admin.get("/api/printers")).json()["printers"] == []
        small_disk.free()
        added = await admin.post("/api/printers", json=printer)
        assert added.status_code == 201, added.text
        printer_id = added.json()["printer"]["id"]

        station = {"name": "Stół 9", "label_printer_id": printer_id}
        small_disk.fill()
        refused_for_now(await admin.post("/api/stations", json=station))
        assert (await admin.get("/api/stations")).json()["stations"] == []
        small_disk.free()
        made = await admin.post("/api/stations", json=station)
        assert made.status_code == 201, made.text
        assert [s["name"] for s in (await admin.get("/api/stations")).json()["stations"]] == [
            "Stół 9"
        ]
