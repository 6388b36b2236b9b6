"""Who may type a quantity by hand (issue 11): the ``manual_quantity`` setting, a
supervisor's badge and PIN in the ``manual`` message, refusals with stable codes, the record
of who typed and who authorized, and the setting in the office API.  Real server, demo data,
real WebSockets and HTTP."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from kolektor.store import operators, settings
from tests.scanner.conftest import Device, Site
from tests.scanner.test_security import office_client

SUPERVISOR = {"badge": "OP-0003", "pin": "3333"}


def goods_line(site: Site, zk_id: int) -> int:
    order = site.order(zk_id)
    return next(ln.id for ln in order.lines if ln.product_id is not None and ln.kind == 1)


def picked(site: Site, zk_id: int, line_id: int) -> Decimal:
    return next(ln.picked_quantity for ln in site.order(zk_id).lines if ln.id == line_id)


async def typed(device: Device, order_id: int, line_id: int, entry_id: str, **extra: Any) -> Any:
    return await device.request(
        "manual", order_id=order_id, entry_id=entry_id, line_id=line_id, quantity="1", **extra
    )


async def test_login_says_who_may_type_quantities(site: Site, connect: Callable[..., Any]) -> None:
    async with connect("tc-mq-1") as picker, connect("tc-mq-2") as boss:
        anna = await picker.login("OP-0001")
        chief = await boss.login("OP-0003")
    assert anna["operator"]["manual_entry"] == "supervisor"
    assert chief["operator"]["manual_entry"] == "allowed"
    site.store.run_sync(
        settings.set_setting, "manual_quantity", {"roles": ["picker"]}, actor="test"
    )
    async with connect("tc-mq-3") as picker, connect("tc-mq-4") as boss:
        anna = await picker.login("OP-0001")
        chief = await boss.login("OP-0003")
    assert anna["operator"]["manual_entry"] == "allowed"
    assert chief["operator"]["manual_entry"] == "supervisor"


async def test_a_picker_types_a_quantity_only_with_a_supervisors_badge_and_pin(
    site: Site, connect: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    line_id = goods_line(site, zk_id)
    caplog.set_level(logging.DEBUG)
    async with connect("tc-mq-5") as device:
        await device.login("OP-0001")  # a picker
        await device.request("hello", device_id="tc-mq-5", language="pl")
        await device.request("claim", order_id=order.id)

        refused = await typed(device, order.id, line_id, "m-1")
        assert (refused["type"], refused["code"]) == ("error", "manual_not_allowed"), refused
        assert "zgoda kierownika" in refused["message"]

        wrong = await typed(device, order.id, line_id, "m-1",
                            authorized_by={"badge": "OP-0003", "pin": "9876"})  # fmt: skip
        assert (wrong["type"], wrong["code"]) == ("error", "authorization_failed"), wrong
        packer = await typed(device, order.id, line_id, "m-1",
                             authorized_by={"badge": "OP-0002", "pin": "2222"})  # fmt: skip
        assert (packer["type"], packer["code"]) == ("error", "authorization_failed"), packer
        unknown = await typed(device, order.id, line_id, "m-1",
                              authorized_by={"login": "nikt", "pin": "1234"})  # fmt: skip
        assert unknown["code"] == "authorization_failed", unknown
        assert picked(site, zk_id, line_id) == 0  # nothing counted by a refusal

        counted = await typed(device, order.id, line_id, "m-1", authorized_by=SUPERVISOR)
        assert counted["type"] == "verdict" and counted["verdict"]["ok"], counted
        again = await typed(device, order.id, line_id, "m-1")  # a re-send needs nothing more
        assert again["verdict"]["kind"] == "duplicate", again
    assert picked(site, zk_id, line_id) == 1
    chief = site.store.read_sync(operators.get_by_login, "kierownik")
    assert chief is not None and chief.failed_logins == 0  # the right PIN reset the count
    assert "9876" not in caplog.text and "3333" not in caplog.text

    async with office_client(site, "biuro", "biuro-demo") as office:
        response = await office.get(f"/api/orders/{order.id}/scans")
    assert response.status_code == 200, response.text
    entries = [s for s in response.json()["scans"] if s["kind"] == "manual"]
    assert [(e["operator"], e["authorized_by"], e["request_id"], e["line_id"], e["quantity"],
             e["verdict"]) for e in entries] == [
        ("anna", "kierownik", "m-1", line_id, "1.0000", counted["verdict"]["kind"])
    ]  # fmt: skip


async def test_wrong_pins_count_against_the_supervisors_account(
    site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_carton_line
    order = site.order(zk_id)
    line_id = goods_line(site, zk_id)
    answers = []
    async with connect("tc-mq-6") as device:
        await device.login("OP-0001")
        await device.request("claim", order_id=order.id)
        for attempt in range(6):
            reply = await typed(device, order.id, line_id, f"g-{attempt}",
                                authorized_by={"badge": "OP-0003", "pin": "0000"})  # fmt: skip
            answers.append(reply["code"])
            if reply["code"] != "authorization_failed":
                assert reply["retry_after"] > 0, reply
                break
    assert answers[0] == "authorization_failed"
    assert answers[-1] in {"login_throttled", "account_locked"}, answers
    chief = site.store.read_sync(operators.get_by_login, "kierownik")
    assert chief is not None and chief.failed_logins >= 3
    assert picked(site, zk_id, line_id) == 0


async def test_nobody_authorizes_their_own_entry(site: Site, connect: Callable[..., Any]) -> None:
    site.store.run_sync(settings.set_setting, "manual_quantity", {"roles": []}, actor="test")
    zk_id = site.demo.examples.zk_pack_line
    order = site.order(zk_id)
    line_id = goods_line(site, zk_id)
    async with connect("tc-mq-7") as device:
        ok = await device.login("OP-0003")
        assert ok["operator"]["manual_entry"] == "supervisor"
        await device.request("claim", order_id=order.id)
        alone = await typed(device, order.id, line_id, "s-1")
        assert alone["code"] == "manual_not_allowed", alone
        own = await typed(device, order.id, line_id, "s-1", authorized_by=SUPERVISOR)
        assert own["code"] == "authorization_failed", own
        assert "własny" in own["message"] or "own" in own["message"]
    assert picked(site, zk_id, line_id) == 0


async def test_the_setting_is_validated_and_changed_by_an_admin(
    site: Site, connect: Callable[..., Any]
) -> None:
    async with office_client(site, "szef", "szef-demo") as admin:
        shown = await admin.get("/api/settings")
        assert shown.json()["settings"]["manual_quantity"] == {"roles": ["supervisor", "admin"]}
        for bad, named in (
            ({"value": {"roles": ["picker", "office"]}}, "office"),
            ({"value": {"roles": "picker"}}, "roles"),
            ({"value": {"people": ["picker"]}}, "people"),
            ({"value": ["picker"]}, "manual_quantity"),
        ):
            response = await admin.put("/api/settings/manual_quantity", json=bad)
            assert response.status_code == 400, response.text
            assert response.json()["error"] == "invalid_setting"
            assert named in response.json()["message"]
        unknown = await admin.put("/api/settings/nie_ma", json={"value": 1})
        assert unknown.status_code == 404 and "manual_quantity" in unknown.json()["message"]
        saved = await admin.put(
            "/api/settings/manual_quantity", json={"value": {"roles": ["admin", "picker"]}}
        )
        assert saved.status_code == 200, saved.text
        assert saved.json() == {"key": "manual_quantity", "value": {"roles": ["picker", "admin"]}}
    async with office_client(site, "biuro", "biuro-demo") as office:
        forbidden = await office.put(
            "/api/settings/manual_quantity", json={"value": {"roles": ["picker"]}}
        )
        assert forbidden.status_code == 403
    zk_id = site.demo.examples.zk_extra_barcode_line
    order = site.order(zk_id)
    line_id = goods_line(site, zk_id)
    async with connect("tc-mq-8") as device:
        ok = await device.login("OP-0001")
        assert ok["operator"]["manual_entry"] == "allowed"
        await device.request("claim", order_id=order.id)
        counted = await typed(device, order.id, line_id, "p-1")
        assert counted["type"] == "verdict" and counted["verdict"]["ok"], counted


async def test_a_malformed_authorization_is_named(site: Site, connect: Callable[..., Any]) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    line_id = goods_line(site, site.demo.examples.zk_many_lines)
    async with connect("tc-mq-9") as device:
        await device.login("OP-0001")
        await device.request("claim", order_id=order.id)
        for given, field in (
            ("OP-0003:3333", "authorized_by"),
            ({"badge": "OP-0003"}, "authorized_by.pin"),
            ({"pin": "3333"}, "authorized_by.badge"),
            ({"login": "kierownik", "pin": 3333}, "authorized_by.pin"),
        ):
            reply = await typed(device, order.id, line_id, "b-1", authorized_by=given)
            assert (reply["type"], reply["code"]) == ("error", "bad_message"), reply
            assert f"field {field} " in reply["message"], reply
        assert (await device.request("ping"))["type"] == "pong"
