"""The scanner protocol over real WebSocket connections to a real server on the demo data."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
import trio

from kolektor.store import orders
from kolektor.store.lifecycle import FINALIZATION_STEPS, OrderStatus
from kolektor.store.tables import jobs, packages, scans
from tests.scanner.conftest import Site, scan_plan

NOW = "2026-11-28T10:00:00+01:00"

AFTER_PACKING = frozenset(
    {OrderStatus.PACKED, *FINALIZATION_STEPS, OrderStatus.ATTENTION, OrderStatus.DONE}
)
"""Where a packed order can be by the time its ``packed`` answer is made."""


def count(site: Site, table: sa.Table, **where: Any) -> int:
    with site.store.engine.connect() as connection:
        query = sa.select(sa.func.count()).select_from(table)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        return int(connection.execute(query).scalar_one())


async def test_no_order_data_before_login_and_bad_logins(connect: Callable[..., Any]) -> None:
    async with connect("tc52-01") as device:
        assert (await device.request("queue"))["code"] == "login_required"
        assert (await device.request("login", badge="OP-0001"))["code"] == "login_required"
        welcome = await device.request("hello", device_id="tc52-01", language="pl")
        assert welcome["type"] == "welcome" and welcome["protocol"] == 1
        # A badge alone is not enough, and an unknown badge gets the same answer as a known
        # one (the server never says which badges exist).
        for badge in ("OP-0001", "OP-9999"):
            asked = await device.request("login", badge=badge)
            assert asked == {
                "v": 1, "type": "error", "ref": asked["ref"], "code": "pin_required",
                "message": "Zeskanowano identyfikator — wpisz PIN.",
            }  # fmt: skip
        failed = await device.request("login", badge="OP-9999", pin="1111")
        assert failed == {
            "v": 1, "type": "error", "ref": failed["ref"], "code": "login_failed",
            "message": "Nieznany identyfikator albo zły PIN.",
        }  # fmt: skip
        assert (await device.request("login", login="anna", pin="0000"))["code"] == "login_failed"
        ok = await device.request("login", login="anna", pin="1111")
        assert ok["operator"]["login"] == "anna"
        queue = await device.receive()
        assert queue["type"] == "queue" and queue["total"] == 72
        assert len(queue["orders"]) == 30 and queue["next_offset"] == 30  # the first page


async def test_malformed_messages_get_errors_and_the_connection_lives_on(
    connect: Callable[..., Any],
) -> None:
    async with connect("tc52-02") as device:
        await device.request("hello", device_id="tc52-02", language="en")
        await device.socket.send_message("{nie json")
        assert (await device.receive())["code"] == "bad_message"
        await device.socket.send_message('{"v": 9, "type": "ping"}')
        assert (await device.receive())["code"] == "unsupported_version"
        await device.socket.send_message("x" * 20000)
        assert (await device.receive())["code"] == "too_large"
        await device.socket.send_message(b"\xff\xfe")  # text frames only
        assert (await device.receive())["code"] == "binary_frame"
        reply = await device.request("scan", order_id=1, scan_id="s1")
        assert (reply["code"], reply["message"]) == (
            "bad_message",
            "Malformed message: field code — missing.",
        )
        assert (await device.request("ping"))["type"] == "pong"


async def test_pick_a_whole_order_with_every_kind_of_verdict(
    site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_pack_line
    order = site.order(zk_id)
    plan = scan_plan(order)
    assert any(quantity > 1 for _, _, quantity in plan)  # a pack barcode is used
    foreign = next(
        b.code for line in site.order(site.demo.examples.zk_many_lines).lines
        for b in line.barcodes if b.primary and b.code.startswith("59")
        and all(b.code not in [x.code for x in ln.barcodes] for ln in order.lines)
    )  # fmt: skip
    async with connect("tc52-03") as device:
        await device.login("OP-0001")
        claimed = await device.request("claim", order_id=order.id)
        assert claimed["type"] == "order" and claimed["order"]["status"] == "picking"
        locations = [line["location"] for line in claimed["order"]["lines"] if line["location"]]
        assert locations == sorted(locations)  # walking order

        wrong = await device.request("scan", order_id=order.id, scan_id="w1", code=foreign,
                                     scanned_at=NOW)  # fmt: skip
        assert wrong["verdict"]["kind"] == "wrong_product"
        unknown = await device.request("scan", order_id=order.id, scan_id="u1",
                                       code="ABC-123", scanned_at=NOW)  # fmt: skip
        assert unknown["verdict"]["kind"] == "unknown_code"
        misread = await device.request("scan", order_id=order.id, scan_id="u2",
                                       code="4006381333932", scanned_at=NOW)  # fmt: skip
        assert (misread["verdict"]["kind"], misread["verdict"]["message"]) == (
            "unknown_code",
            "EAN-13 check digit is 2, expected 1 — scan again.",  # the device speaks English
        )  # a misread EAN-13, not a GS1 message with AI 400
        assert misread["verdict"]["scan_error"]["code"] == "check_digit"

        for index, (line_id, code, quantity) in enumerate(plan):
            reply = await device.request("scan", order_id=order.id, scan_id=f"s{index}",
                                         code=code, scanned_at=NOW)  # fmt: skip
            assert reply["verdict"]["ok"], reply
            assert reply["verdict"]["line_id"] == line_id
            assert Decimal(reply["verdict"]["added"]) == quantity
            if index == 0:
                over = await device.request(
                    "manual", order_id=order.id, entry_id="m-over", line_id=line_id,
                    quantity="1000", authorized_by={"badge": "OP-0003", "pin": "3333"},
                )  # fmt: skip
                assert over["verdict"]["kind"] == "over_pick"
                assert over["verdict"]["message"].startswith("Too many!")
        assert reply["verdict"]["kind"] == "order_complete"
        assert reply["complete"] is True and reply["status"] == "picked"

    stored = site.order(zk_id)
    assert stored.status == OrderStatus.PICKED
    assert all(line.picked_quantity == line.base_quantity for line in stored.lines
               if line.kind == 1 and line.product_id)  # fmt: skip
    assert count(site, scans, order_id=order.id) == len(plan) + 3  # + wrong, unknown, misread
    assert count(site, scans, order_id=order.id, verdict="wrong_product") == 1


async def test_same_scan_id_is_counted_once(site: Site, connect: Callable[..., Any]) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    line_id, code, quantity = scan_plan(order)[0]
    async with connect("tc52-04") as device:
        await device.login("OP-0001")
        await device.request("claim", order_id=order.id)
        first = await device.request("scan", order_id=order.id, scan_id="dup-1", code=code,
                                     scanned_at=NOW)  # fmt: skip
        again = await device.request("scan", order_id=order.id, scan_id="dup-1", code=code,
                                     scanned_at=NOW)  # fmt: skip
    assert first["verdict"]["kind"] in {"counted", "line_complete"}
    assert again["verdict"]["kind"] == "duplicate"
    assert again["verdict"]["first"]["kind"] == first["verdict"]["kind"]
    line = next(ln for ln in site.order(site.demo.examples.zk_many_lines).lines
                if ln.id == line_id)  # fmt: skip
    assert line.picked_quantity == quantity
    assert count(site, scans, order_id=order.id) == 1


async def test_reconnect_resyncs_and_replayed_scans_count_once(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_carton_line)
    plan = scan_plan(order)
    async with connect("tc52-05") as device:
        await device.login("OP-0001")
        await device.request("claim", order_id=order.id)
        await device.request("scan", order_id=order.id, scan_id="r0", code=plan[0][1],
                             scanned_at=NOW)  # fmt: skip
    # Connection lost; the device kept r0 (unsure whether it arrived) and r1 made offline.
    async with connect("tc52-05") as device:
        await device.login("OP-0001")
        resync = device.last("queue")
        assert resync["total"] == 72  # the queue's first page; the order itself follows
        state = await device.receive()
        assert state["type"] == "order" and state["order"]["id"] == order.id
        first_line = next(ln for ln in state["order"]["lines"] if ln["id"] == plan[0][0])
        assert Decimal(first_line["picked"]) == plan[0][2]
        replay_0 = await device.request("scan", order_id=order.id, scan_id="r0",
                                        code=plan[0][1], scanned_at=NOW)  # fmt: skip
        replay_1 = await device.request("scan", order_id=order.id, scan_id="r1",
                                        code=plan[1][1], scanned_at=NOW)  # fmt: skip
    assert replay_0["verdict"]["kind"] == "duplicate"
    assert replay_1["verdict"]["ok"]
    assert count(site, scans, order_id=order.id) == 2


async def test_two_devices_race_for_one_order(site: Site, connect: Callable[..., Any]) -> None:
    order_id = site.order(site.demo.examples.zk_shop_number).id
    replies: dict[str, dict[str, Any]] = {}
    async with connect("tc52-06") as anna, connect("tc52-07") as marek:
        await anna.login("OP-0001")
        await marek.login("OP-0002")

        async def claim(name: str, device: Any) -> None:
            replies[name] = await device.request("claim", order_id=order_id)

        async with trio.open_nursery() as nursery:
            nursery.start_soon(claim, "anna", anna)
            nursery.start_soon(claim, "marek", marek)
        kinds = sorted(reply["type"] for reply in replies.values())
        assert kinds == ["error", "order"]
        loser = next(reply for reply in replies.values() if reply["type"] == "error")
        assert loser["code"] in {"not_yours", "wrong_status"}
        winner = next(name for name, reply in replies.items() if reply["type"] == "order")
        # A supervisor may take the order over.
        async with connect("tc52-08") as boss:
            await boss.login("OP-0003")
            taken = await boss.request("claim", order_id=order_id, takeover=True)
            assert taken["type"] == "order"
        holder = anna if winner == "anna" else marek
        refused = await holder.request("scan", order_id=order_id, scan_id="x", code="1",
                                       scanned_at=NOW)  # fmt: skip
        assert refused["code"] == "not_yours"
    events = [e.event for e in site.store.read_sync(orders.timeline, order_id)]
    assert "taken_over" in events


async def test_server_restart_mid_pick_keeps_the_state(
    site: Site, connect: Callable[..., Any]
) -> None:
    order = site.order(site.demo.examples.zk_many_lines)
    plan = scan_plan(order)
    half = len(plan) // 2
    async with connect("tc52-09") as device:
        await device.login("OP-0001")
        await device.request("claim", order_id=order.id)
        for index, (_, code, _) in enumerate(plan[:half]):
            await device.request("scan", order_id=order.id, scan_id=f"p{index}", code=code,
                                 scanned_at=NOW)  # fmt: skip
    await site.restart()
    async with connect("tc52-09") as device:
        await device.login("OP-0001")
        state = await device.receive()
        assert state["type"] == "order"
        picked = sum(Decimal(line["picked"]) for line in state["order"]["lines"])
        assert picked == sum(quantity for _, _, quantity in plan[:half])
        again = await device.request("scan", order_id=order.id, scan_id="p0", code=plan[0][1],
                                     scanned_at=NOW)  # fmt: skip
        assert again["verdict"]["kind"] == "duplicate"
        for index, (_, code, _) in enumerate(plan[half:], start=half):
            last = await device.request("scan", order_id=order.id, scan_id=f"p{index}",
                                        code=code, scanned_at=NOW)  # fmt: skip
        assert last["verdict"]["kind"] == "order_complete"


async def test_undo_manual_and_shortage(site: Site, connect: Callable[..., Any]) -> None:
    order = site.order(site.demo.examples.zk_delivery_address)
    line_id, code, _quantity = scan_plan(order)[0]
    async with connect("tc52-10") as device:
        await device.login("OP-0001")
        await device.request("claim", order_id=order.id)
        await device.request("scan", order_id=order.id, scan_id="a", code=code, scanned_at=NOW)
        undone = await device.request("undo", order_id=order.id, action_id="undo-1")
        assert undone["verdict"]["kind"] == "undone"
        assert (await device.request("undo", order_id=order.id, action_id="undo-1"))["verdict"][
            "kind"
        ] == "duplicate"
        short = await device.request("shortage", order_id=order.id, line_id=line_id,
                                     reason="Brak na półce")  # fmt: skip
        assert short["verdict"]["kind"] == "shortage_reported"
        assert short["status"] == "problem"
    stored = site.order(site.demo.examples.zk_delivery_address)
    assert stored.status == OrderStatus.PROBLEM
    assert stored.status_reason == "Brak na półce"


async def test_pack_at_a_packing_station(site: Site, connect: Callable[..., Any]) -> None:
    order = site.order(site.demo.examples.zk_pack_line)
    async with connect("tc52-11") as picker, connect("pack-00") as packer:
        await picker.login("OP-0001")
        await picker.request("claim", order_id=order.id)
        # A picker may not pack (packing issues the invoice); a packer may, once picked.
        refused = await picker.request("pack", order_id=order.id, request_id="p-picker",
                                       packages=[{"weight_kg": "1.5"}])  # fmt: skip
        assert refused["code"] == "forbidden"
        await packer.login("OP-0002")
        early = await packer.request("pack", order_id=order.id, request_id="p-early",
                                     packages=[{"weight_kg": "1.5"}])  # fmt: skip
        assert early["code"] == "wrong_status"
        for index, (_, code, _) in enumerate(scan_plan(order)):
            await picker.request("scan", order_id=order.id, scan_id=f"k{index}", code=code,
                                 scanned_at=NOW)  # fmt: skip
    async with connect("pack-01") as station:
        await station.login("OP-0002")
        opened = await station.request("pack_open", code=f"  {order.number.lower()} ")
        assert opened["order"]["id"] == order.id and opened["order"]["status"] == "picked"
        packed = await station.request(
            "pack", order_id=order.id, request_id="p1",
            packages=[{"weight_kg": "2.4", "template": "B"}, {"weight_kg": "0.8"}],
        )  # fmt: skip
        # The order's status when the answer was made: packed, or already a later step when
        # the server's pipeline was quicker than the answer.
        assert packed["type"] == "packed" and OrderStatus(packed["status"]) in AFTER_PACKING
        again = await station.request("pack", order_id=order.id, request_id="p1",
                                      packages=[{"weight_kg": "2.4"}])  # fmt: skip
        assert again["type"] == "packed"
    # The server's pipeline takes over at once: the order is packed or already further on.
    assert site.order(site.demo.examples.zk_pack_line).status not in {
        OrderStatus.NEW, OrderStatus.PICKING, OrderStatus.PICKED,
    }  # fmt: skip
    assert count(site, packages, order_id=order.id) == 2
    with site.store.engine.connect() as connection:
        steps = connection.execute(
            sa.select(jobs.c.step, jobs.c.status, jobs.c.result).where(jobs.c.order_id == order.id)
            .order_by(jobs.c.id)
        ).all()  # fmt: skip
    # The default rules: "Proszę o fakturę" → FS, printed and e-mailed; not an Allegro order.
    assert [row.step for row in steps] == [
        "label", "realize", "document", "print", "email", "allegro"
    ]  # fmt: skip
    assert [row.status for row in steps][-1] == "skipped"
    assert all(row.status != "skipped" for row in steps[:-1])
    assert steps[1].result["kind"] == "FS"


async def test_an_order_of_services_only_goes_straight_to_packing(
    site: Site, connect: Callable[..., Any]
) -> None:
    import httpx

    from kolektor.demo.database import SubiektDatabase, ZkLine

    with SubiektDatabase(site.demo.path) as db:
        zk_id = db.add_open_zk(
            site.demo.examples.person_id,
            [ZkLine(None, 1, description="Usługa montażu", gross_price="120.00")],
        )
    async with httpx.AsyncClient(base_url=site.running.url, auth=("biuro", "biuro-demo")) as http:
        assert (await http.post("/api/intake/run")).status_code == 202
    with trio.fail_after(20):
        while zk_id not in site.store.read_sync(orders.intake_index):  # noqa: ASYNC110 — intake
            await trio.sleep(0.05)
    order_id = site.order_id(zk_id)
    async with connect("tc52-12") as device:
        await device.login("OP-0001")
        claimed = await device.request("claim", order_id=order_id)
        assert claimed["order"]["complete"] is True
        assert [line["pickable"] for line in claimed["order"]["lines"]] == [False]
        assert site.order(zk_id).status == OrderStatus.PICKED
