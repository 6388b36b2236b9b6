"""``undo`` action ids are per device, like scan and entry ids (issue 11): the same
``action_id`` from two devices is two undos; a re-send from one device is a ``duplicate``
with the first verdict.  Real server, demo data, real WebSockets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.scanner.conftest import Site, scan_plan
from tests.scanner.test_ws import NOW


async def test_the_same_action_id_from_two_devices_is_two_undos(
    site: Site, connect: Callable[..., Any]
) -> None:
    zk_id = site.demo.examples.zk_many_lines
    order = site.order(zk_id)
    plan = scan_plan(order)
    async with connect("tc-undo-1") as first, connect("tc-undo-2") as second:
        await first.login("OP-0003")  # one supervisor, working on two handhelds
        await second.login("OP-0003")
        await first.request("claim", order_id=order.id)
        for index in range(2):
            reply = await first.request(
                "scan", order_id=order.id, scan_id=f"s-{index}", code=plan[index][1],
                scanned_at=NOW,
            )  # fmt: skip
            assert reply["verdict"]["ok"], reply
        one = await first.request("undo", order_id=order.id, action_id="u-1")
        assert one["verdict"]["kind"] == "undone", one
        two = await second.request("undo", order_id=order.id, action_id="u-1")
        assert two["verdict"]["kind"] == "undone", two  # another device: another undo
        assert two["action_id"] == "u-1"
        again = await second.request("undo", order_id=order.id, action_id="u-1")
        assert again["verdict"]["kind"] == "duplicate", again
        assert again["verdict"]["first"]["kind"] == "undone"
        assert again["verdict"]["first"]["undone_id"] == two["verdict"]["undone_id"]
        first_again = await first.request("undo", order_id=order.id, action_id="u-1")
        assert first_again["verdict"]["kind"] == "duplicate", first_again
    assert sum(line.picked_quantity for line in site.order(zk_id).lines) == 0
