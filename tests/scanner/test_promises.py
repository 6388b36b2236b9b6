"""Promises of ``docs/scanner-protocol.md`` that the server once broke (issue 11): domain
mistakes get named errors (never ``internal``), frames the protocol refuses get named
errors without closing the socket, access by role and claim, ``pack`` honours its
``request_id``, ids per device.  Real server, demo data, real WebSockets."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from kolektor.store.tables import packages
from tests.scanner.conftest import Device, Site, scan_plan
from tests.scanner.test_ws import NOW, count


async def scan(device: Device, order_id: int, scan_id: str, code: str, **extra: Any) -> Any:
    return await device.request(
        "scan", order_id=order_id, scan_id=scan_id, code=code, scanned_at=NOW, **extra
    )


async def pick_all(device: Device, order_id: int, site: Site, zk_id: int, prefix: str) -> None:
    for index, (_, code, _) in enumerate(scan_plan(site.order(zk_id))):
        reply = await scan(device, order_id, f"{prefix}-{index}", code)
        assert reply["type"] == "verdict" and reply["verdict"]["ok"], reply


async def raw_request(device: Device, frame: str | bytes, ref: str | None) -> dict[str, Any]:
    """Send a frame as is; the reply with ``ref`` (the first error when ``ref`` is None)."""
    await device.socket.send_message(frame)
    while True:
        message = await device.receive()
        if message.get("ref") == ref and (ref is not None or message["type"] == "error"):
            return message
        device.inbox.append(message)


def no_internal(device: Device) -> None:
    assert not [m for m in device.inbox if m.get("code") == "internal"]


async def test_manual_entry_on_a_line_not_on_the_order(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    other = site.order(site.demo.examples.zk_carton_line)
    async with connect("tc-dom-1") as device:
        await device.login("OP-0002")
        await device.request("claim", order_id=order.id)
        reply = await device.request(
            "manual", order_id=order.id, entry_id="m-x", line_id=other.lines[0].id, quantity="1",
            authorized_by={"badge": "OP-0003", "pin": "3333"},  # a packer needs a supervisor
        )  # fmt: skip
        assert (reply["type"], reply["code"]) == ("error", "line_not_on_order"), reply
        assert other.lines[0].symbol in reply["message"] or order.number in reply["message"]
        assert (await device.request("ping"))["type"] == "pong"


async def test_shortage_on_a_fully_picked_line(site: Site, connect: Callable[..., Any]) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    line_id = scan_plan(order)[0][0]
    line = next(ln for ln in order.lines if ln.id == line_id)
    async with connect("tc-dom-2") as device:
        await device.login("OP-0002")
        await device.request("claim", order_id=order.id)
        index = 0
        for plan_line, plan_code, _ in scan_plan(order):
            if plan_line == line_id:
                assert (await scan(device, order.id, f"f-{index}", plan_code))["verdict"]["ok"]
                index += 1
        now = next(ln for ln in site.order(zk_id).lines if ln.id == line_id)
        assert now.picked_quantity == line.base_quantity  # the line is fully picked
        reply = await device.request("shortage", order_id=order.id, line_id=line_id, reason="Brak")
        assert (reply["type"], reply["code"]) == ("error", "line_complete"), reply
        assert (await device.request("ping"))["type"] == "pong"


async def test_a_code_with_a_lone_surrogate(site: Site, connect: Callable[..., Any]) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    async with connect("tc-dom-3") as device:
        await device.login("OP-0002")
        await device.request("claim", order_id=order.id)
        frame = json.dumps(
            {"v": 1, "type": "scan", "ref": "r-sur", "order_id": order.id, "scan_id": "s-sur",
             "code": "590\ud800123", "scanned_at": NOW}
        )  # fmt: skip
        reply = await raw_request(device, frame, "r-sur")
        assert (reply["type"], reply["code"]) == ("error", "bad_message"), reply
        assert reply["ref"] == "r-sur"  # held already: the frame is refused as it is parsed


async def test_a_binary_frame_is_refused_and_the_socket_stays(
    connect: Callable[..., Any],
) -> None:
    async with connect("tc-frame-1") as device:
        await device.request("hello", device_id="tc-frame-1", language="pl")
        await device.socket.send_message(b'{"v": 1, "type": "ping", "ref": "b-1"}')
        reply = await device.receive()
        assert (reply["type"], reply["code"]) == ("error", "binary_frame"), reply
        assert "tekst" in reply["message"]
        assert (await device.request("ping"))["type"] == "pong"


async def test_deeply_nested_json_gets_an_error_not_a_close(
    connect: Callable[..., Any],
) -> None:
    async with connect("tc-frame-2") as device:
        await device.request("hello", device_id="tc-frame-2", language="pl")
        for frame in ("[" * 5000 + "]" * 5000, '{"a":' * 2500 + "1" + "}" * 2500,
                      '{"v":1,"type":"ping","x":' + "[" * 5000 + "]" * 5000 + "}"):  # fmt: skip
            assert len(frame.encode()) < 16 * 1024
            await device.socket.send_message(frame)
            reply = await device.receive()
            assert (reply["type"], reply["code"]) == ("error", "bad_message"), reply
        assert (await device.request("ping"))["type"] == "pong"


async def test_open_shows_an_order_only_to_who_may_see_it(
    site: Site, connect: Callable[..., Any]
) -> None:
    held = site.order(site.demo.examples.zk_many_lines)
    unclaimed = site.order(site.demo.examples.zk_carton_line)
    async with (
        connect("tc-open-1") as anna,
        connect("tc-open-2") as marek,
        connect("tc-open-3") as boss,
    ):
        await anna.login("OP-0001")  # a picker
        await marek.login("OP-0002")  # a packer
        await boss.login("OP-0003")  # a supervisor
        assert (await anna.request("claim", order_id=held.id))["type"] == "order"
        mine = await anna.request("open", order_id=held.id)
        assert mine["type"] == "order" and mine["order"]["customer"]
        refused = await marek.request("open", order_id=held.id)
        assert (refused["type"], refused["code"]) == ("error", "not_yours"), refused
        assert "customer" not in refused and held.customer_name not in refused["message"]
        new = await anna.request("open", order_id=unclaimed.id)
        assert (new["type"], new["code"]) == ("error", "not_claimed"), new
        assert unclaimed.number in new["message"]
        assert (await boss.request("open", order_id=held.id))["type"] == "order"
        assert (await boss.request("open", order_id=unclaimed.id))["type"] == "order"


async def test_pack_open_refuses_an_order_not_picked(
    site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_pack_line
    order = site.order(zk_id)
    async with connect("tc-packopen") as device:
        await device.login("OP-0002")
        refused = await device.request("pack_open", code=order.number)
        assert (refused["type"], refused["code"]) == ("error", "not_packable"), refused
        assert order.number in refused["message"] and "it is new" in refused["message"]
        await device.request("claim", order_id=order.id)
        picking = await device.request("pack_open", code=order.number)
        assert picking["code"] == "not_packable" and "it is picking" in picking["message"]
        await pick_all(device, order.id, site, zk_id, "po")
        opened = await device.request("pack_open", code=order.number)
        assert opened["type"] == "order" and opened["order"]["status"] == "picked"


async def test_pack_with_another_request_id_after_packing_changes_nothing(
    site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_pack_line
    order = site.order(zk_id)
    async with connect("tc-pack-twice") as device:
        await device.login("OP-0002")
        await device.request("claim", order_id=order.id)
        await pick_all(device, order.id, site, zk_id, "pt")
        first = await device.request(
            "pack", order_id=order.id, request_id="pack-a", packages=[{"weight_kg": "1.2"}]
        )
        assert first["type"] == "packed" and first["packages"] == 1, first
        other = await device.request(
            "pack", order_id=order.id, request_id="pack-b",
            packages=[{"weight_kg": "1"}, {"weight_kg": "2"}, {"weight_kg": "3"}],
        )  # fmt: skip
        assert (other["type"], other["code"], other["packages"]) == (
            "error", "already_packed", 1,
        ), other  # fmt: skip
        assert order.number in other["message"]
        again = await device.request(
            "pack", order_id=order.id, request_id="pack-a", packages=[{"weight_kg": "1.2"}]
        )
        assert again["type"] == "packed" and again["packages"] == 1, again
    assert count(site, packages, order_id=order.id) == 1


async def test_manual_entry_ids_are_per_device(site: Site, connect: Callable[..., Any]) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    line = next(ln for ln in order.lines if ln.product_id is not None and ln.base_quantity >= 2)
    async with connect("tc-man-1") as first, connect("tc-man-2") as second:
        await first.login("OP-0003")
        await second.login("OP-0003")
        await first.request("claim", order_id=order.id)
        entry = {"order_id": order.id, "entry_id": "m-1", "line_id": line.id, "quantity": "1"}
        one = await first.request("manual", **entry)
        assert one["verdict"]["ok"] and one["verdict"]["kind"] != "duplicate", one
        two = await second.request("manual", **entry)  # the same id from another device
        assert two["verdict"]["ok"] and two["verdict"]["kind"] != "duplicate", two
        again = await second.request("manual", **entry)
        assert again["verdict"]["kind"] == "duplicate"
    now = next(ln for ln in site.order(zk_id).lines if ln.id == line.id)
    assert now.picked_quantity == Decimal(2)


async def test_the_queue_comes_in_pages_under_the_message_limit(
    site: Site, connect: Callable[..., Any]
) -> None:
    async with connect("tc-queue-pages") as device:
        await device.login("OP-0001")
        first = device.last("queue")
        assert (first["offset"], first["total"], len(first["orders"])) == (0, 72, 30)
        seen = [o["id"] for o in first["orders"]]
        offset = first["next_offset"]
        while offset is not None:
            page = await device.request("queue", offset=offset, limit=50)
            assert page["offset"] == offset and page["total"] == 72
            assert 0 < len(page["orders"]) <= 50
            seen += [o["id"] for o in page["orders"]]
            offset = page["next_offset"]
        assert len(seen) == len(set(seen)) == 72
        everything = await device.request("queue", limit=50)
        assert everything["next_offset"] == 50
        for bad in ({"limit": 0}, {"limit": 51}, {"offset": -1}, {"offset": "1"}):
            refused = await device.request("queue", **bad)
            assert (refused["type"], refused["code"]) == ("error", "bad_message"), refused
    # Each page, with long customer names, stays under the 16 KiB message limit.
    with site.store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE orders SET customer_name = :name"), {"name": "Ż" * 250})
    async with connect("tc-queue-long") as device:
        await device.login("OP-0001")
        page = await device.request("queue", limit=50)
        assert len(json.dumps(page, ensure_ascii=False).encode()) < 16 * 1024
        assert page["next_offset"] == page["offset"] + len(page["orders"]) < 72


async def test_badge_codes_match_whatever_their_case(connect: Callable[..., Any]) -> None:
    async with connect("tc-badge-case") as device:
        await device.request("hello", device_id="tc-badge-case", language="pl")
        reply = await device.request("login", badge=" op-0002 ", pin="2222")
        assert reply["type"] == "login_ok", reply  # held already (issue 8)
